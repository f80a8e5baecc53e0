-- 002_hoaxes: debunked hoaxes imported by `netra hoax import` (JSONL of
-- id, claim, verdict, explanation, url). Re-importing a file updates rows by
-- id. `netra scan` builds its hoax index (rules/hoax.h) from this table.
CREATE TABLE hoaxes (
  id          TEXT PRIMARY KEY,
  claim       TEXT NOT NULL,
  verdict     TEXT NOT NULL DEFAULT '',
  explanation TEXT NOT NULL DEFAULT '',
  url         TEXT,
  imported_at INTEGER NOT NULL
);
