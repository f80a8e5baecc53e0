-- 002_hoaxes (PostgreSQL): see src/store/sqlite/migrations/002_hoaxes.sql.
CREATE TABLE hoaxes (
  id          TEXT PRIMARY KEY,
  claim       TEXT NOT NULL,
  verdict     TEXT NOT NULL DEFAULT '',
  explanation TEXT NOT NULL DEFAULT '',
  url         TEXT,
  imported_at BIGINT NOT NULL
);
