-- 021_events_own_leaf (PostgreSQL): see src/store/sqlite/migrations/
-- 021_events_own_leaf.sql. Events whose writer appended their leaf in the
-- same transaction (own_leaf = 1) are not queued.
ALTER TABLE events ADD COLUMN own_leaf BIGINT;
DROP TRIGGER evidence_queue_events ON events;
CREATE TRIGGER evidence_queue_events AFTER INSERT ON events
  FOR EACH ROW WHEN (NEW.own_leaf IS NULL)
  EXECUTE FUNCTION netra_evidence_enqueue('0');
