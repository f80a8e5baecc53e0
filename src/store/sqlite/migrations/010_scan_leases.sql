-- 010_scan_leases: scan work is claimed, not paged (docs/workflow.md,
-- "Scan"). Events are judged in blocks of consecutive ids (id / block
-- size); a scanner takes a block under a lease with an expiry before it
-- judges it, renews the lease with every batch it commits, and deletes it
-- when the block is done. Any number of scanners (threads, processes,
-- machines) share the work this way; a killed scanner's lease expires and
-- its block returns to the pool. Whether an event still needs judging is
-- always read from verdicts, never from the leases, so an event committed
-- late into a block judged before is still found.
CREATE TABLE scan_leases (
  rulebook   TEXT NOT NULL,
  block      INTEGER NOT NULL,
  owner      TEXT NOT NULL,             -- host:pid:random of the scanner
  expires_at INTEGER NOT NULL,          -- Unix seconds
  PRIMARY KEY (rulebook, block)
);
