-- 005_events_indexes (PostgreSQL): see the SQLite migration of the same
-- name for why these indexes go.
DROP INDEX IF EXISTS events_account;
DROP INDEX IF EXISTS events_created;
DROP INDEX IF EXISTS events_target;
CREATE INDEX events_shared ON events(platform, target_id)
  WHERE type IN ('repost', 'quote');
