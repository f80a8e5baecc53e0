-- 003_evidence: the evidence log (a Merkle log over events as received)
-- and its signed checkpoints. Formats: src/evidence/ledger.h and
-- docs/evidence.md. Written only by src/evidence/.

-- One row per leaf; idx is the leaf index (0-based), event_id is
-- events.id. UNIQUE (event_id): an event never gets a second leaf. No
-- foreign key, so the leaf outlives a purged event (audit reports it).
CREATE TABLE evidence_leaves (
  idx      INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL UNIQUE,
  hash     BLOB NOT NULL              -- 32 bytes, H(0x00 || leaf data)
);

-- Root of each complete, aligned run of 256 leaves: chunk idx covers
-- leaves [256*idx, 256*idx + 256). Lets proofs skip the leaf level.
CREATE TABLE evidence_chunks (
  idx  INTEGER PRIMARY KEY,
  hash BLOB NOT NULL
);

-- The append state: one row. frontier holds the roots of the perfect
-- subtrees making up the tree of `size` leaves, largest first.
CREATE TABLE evidence_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  size          INTEGER NOT NULL,
  last_event_id INTEGER NOT NULL,
  frontier      BLOB NOT NULL
);
INSERT INTO evidence_state (id, size, last_event_id, frontier)
VALUES (1, 0, 0, X'');

-- Signed tree heads. signature is Ed25519 over the checkpoint text
-- (docs/evidence.md) made from tree_size, root and created_at.
CREATE TABLE evidence_checkpoints (
  id         INTEGER PRIMARY KEY,
  tree_size  INTEGER NOT NULL,
  root       BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  pubkey     BLOB NOT NULL,             -- 32 bytes, the key that signed
  signature  BLOB NOT NULL              -- 64 bytes
);
CREATE INDEX evidence_checkpoints_size ON evidence_checkpoints(tree_size);
