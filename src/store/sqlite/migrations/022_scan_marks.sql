-- 022_scan_marks: what scan has judged, one row per run of events instead
-- of one verdict row per event (issue 11, scan performance; docs/workflow.md,
-- "Scan").
--
-- Nearly every event is judged clean, and a clean verdict says nothing but
-- the event and the rulebook: {"id":..,"labels":["none"],"candidate":null,
-- "score":0.00,"findings":[],"rulebook":..}. A verdict row (and its evidence
-- leaf) is now written only for an event whose verdict says more; every
-- event a batch judged, clean or not, is covered by a mark of that batch.
--
-- A mark covers the events with lo <= id <= hi: a run of consecutive ids
-- that a scanner read and judged in one batch (deletions and events of no
-- registered account are read and passed over, so they do not cut runs).
-- Runs break wherever an id was not there to read, so an event committed
-- late, with an id below others already judged (PostgreSQL hands ids out
-- before commit), is never inside a mark and is found by the next scan.
-- block is lo / 1024 (WF_SCAN_BLOCK, src/workflow/scan.h): a run never
-- crosses a block, so "is event e judged" is one indexed probe.
--
-- Marks are evidence (kind 6, src/evidence/ledger.h) and append-only. The
-- verdicts stored before this migration are marked here, one mark per
-- verdict, so old stores are not judged again.
CREATE TABLE scan_marks (
  id         INTEGER PRIMARY KEY,
  rulebook   TEXT NOT NULL,
  block      INTEGER NOT NULL,
  lo         INTEGER NOT NULL,          -- first event id of the run
  hi         INTEGER NOT NULL,          -- last event id of the run
  judged     INTEGER NOT NULL,          -- events of the run judged
  created_at INTEGER NOT NULL
);
CREATE INDEX scan_marks_block ON scan_marks(block, lo);
CREATE TRIGGER evidence_queue_scan_marks AFTER INSERT ON scan_marks
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (6, NEW.id); END;
CREATE TRIGGER scan_marks_no_update BEFORE UPDATE ON scan_marks
BEGIN SELECT RAISE(ABORT, 'scan_marks is append-only'); END;
CREATE TRIGGER scan_marks_no_delete BEFORE DELETE ON scan_marks
BEGIN SELECT RAISE(ABORT, 'scan_marks is append-only'); END;
INSERT INTO scan_marks (rulebook, block, lo, hi, judged, created_at)
  SELECT rulebook, event_id / 1024, event_id, event_id, 1, created_at
  FROM verdicts ORDER BY id;
