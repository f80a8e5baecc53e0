-- 021_events_own_leaf: ingest appends the evidence leaves of the events it
-- stores itself, in the transaction that stores them (issue 11, ingest
-- performance; src/ingest/ingest.c, evidence_append_pending_with in
-- src/evidence/ledger.h), instead of queueing each event through the
-- trigger and reading it back at the pending step: the queue row's insert
-- and delete, the trigger's sub-program and the second read of the raw
-- record cost about 40% of an ingest's CPU.
--
-- own_leaf is 1 on an event whose writer appended its leaf in the same
-- transaction, NULL otherwise; the trigger queues only the others, so any
-- other writer of events (SQL by hand, a future collector) is logged as
-- before. An event marked 1 whose leaf is missing is what the audit
-- reports as "never logged nor queued".
ALTER TABLE events ADD COLUMN own_leaf INTEGER;
DROP TRIGGER evidence_queue_events;
CREATE TRIGGER evidence_queue_events AFTER INSERT ON events
WHEN NEW.own_leaf IS NULL
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (0, NEW.id); END;
