-- 018_outbox_claims (PostgreSQL): see src/store/sqlite/migrations/
-- 018_outbox_claims.sql.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_expires_at BIGINT;
