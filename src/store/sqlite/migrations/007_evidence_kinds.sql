-- 007_evidence_kinds: the decision trail joins the evidence log (issue 8),
-- and what is appended is tracked explicitly (issue 11). Formats:
-- src/evidence/ledger.h and docs/evidence.md. Written only by
-- src/evidence/ and by the triggers below.
--
-- 1. A leaf has a kind: 0 an event, 1 a verdict, 2 a finding transition,
--    3 an audit_log entry; ref is the id of the record in its table. The
--    old leaves are all events (kind 0) and keep their index and hash, so
--    every checkpoint and bundle made before stays valid. The index on
--    (kind, ref) is not UNIQUE: a row id reused after a deletion gets a
--    second leaf, and the audit reports the first as gone, instead of the
--    append failing for ever.
CREATE TABLE evidence_leaves_v2 (
  idx  INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  ref  INTEGER NOT NULL,
  hash BLOB NOT NULL                  -- 32 bytes, H(0x00 || leaf data)
);
INSERT INTO evidence_leaves_v2 (idx, kind, ref, hash)
  SELECT idx, 0, event_id, hash FROM evidence_leaves;
DROP TABLE evidence_leaves;
ALTER TABLE evidence_leaves_v2 RENAME TO evidence_leaves;
CREATE INDEX evidence_leaves_ref ON evidence_leaves(kind, ref);

-- 2. The queue of records waiting for the log. A row is written by the
--    triggers below in the very transaction that writes the record, and
--    consumed (its leaf appended, the row deleted, in one transaction)
--    by evidence_append_pending() under the store's write lock. Nothing
--    depends on ids arriving in commit order: a record committed late
--    is still in the queue at the next pending step.
CREATE TABLE evidence_queue (
  id   INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,
  ref  INTEGER NOT NULL
);

CREATE TRIGGER evidence_queue_events AFTER INSERT ON events
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (0, NEW.id); END;
CREATE TRIGGER evidence_queue_verdicts AFTER INSERT ON verdicts
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (1, NEW.id); END;
CREATE TRIGGER evidence_queue_transitions AFTER INSERT ON finding_transitions
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (2, NEW.id); END;
CREATE TRIGGER evidence_queue_audit AFTER INSERT ON audit_log
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (3, NEW.id); END;

-- 3. What exists already: events not yet logged, then every verdict,
--    transition and audit entry, in that order, enter the log at the
--    next pending step.
INSERT INTO evidence_queue (kind, ref)
  SELECT 0, e.id FROM events e WHERE NOT EXISTS
    (SELECT 1 FROM evidence_leaves l WHERE l.kind = 0 AND l.ref = e.id)
  ORDER BY e.id;
INSERT INTO evidence_queue (kind, ref) SELECT 1, id FROM verdicts ORDER BY id;
INSERT INTO evidence_queue (kind, ref)
  SELECT 2, id FROM finding_transitions ORDER BY id;
INSERT INTO evidence_queue (kind, ref) SELECT 3, id FROM audit_log ORDER BY id;

-- evidence_state.last_event_id is no longer read or written (kept so the
-- table keeps its shape); the queue is the only record of what is pending.

-- 4. The key for opaque ids of people outside the staff registry (a member
--    of the public who reports a post): a random 32-byte secret per store,
--    made on first use (src/evidence/person.c). Only its HMAC outputs
--    ever leave this table.
CREATE TABLE evidence_secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
