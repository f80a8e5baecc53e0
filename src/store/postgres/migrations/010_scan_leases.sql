-- 010_scan_leases (PostgreSQL): see src/store/sqlite/migrations/
-- 010_scan_leases.sql.
CREATE TABLE scan_leases (
  rulebook   TEXT NOT NULL,
  block      BIGINT NOT NULL,
  owner      TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (rulebook, block)
);
