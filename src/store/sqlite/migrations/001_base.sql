-- 001_base: the registry (units, employees, accounts), events as received,
-- verdicts and findings, users and the audit log.
-- Times are INTEGER Unix seconds (UTC). JSON is TEXT.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Organisation tree. path is the chain of ids from the root, '/1/7/42/',
-- so "unit X and everything below it" is `path LIKE X.path || '%'`.
CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  parent_id  INTEGER REFERENCES units(id),
  kind       TEXT NOT NULL,
  path       TEXT NOT NULL DEFAULT '',
  active     INTEGER NOT NULL DEFAULT 1,
  extra      TEXT,                      -- extra CSV columns as a JSON object
  updated_at INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

-- staff_key is the NIP (18 digits) for ASN, the staff id for non-ASN.
CREATE TABLE employees (
  id             INTEGER PRIMARY KEY,
  staff_key      TEXT NOT NULL UNIQUE,
  nip            TEXT UNIQUE,
  name           TEXT NOT NULL,
  position       TEXT NOT NULL DEFAULT '',
  unit_id        INTEGER NOT NULL REFERENCES units(id),
  status         TEXT NOT NULL,         -- PNS, PPPK, non-ASN
  supervisor_key TEXT,
  active         INTEGER NOT NULL DEFAULT 1,
  extra          TEXT,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX employees_unit ON employees(unit_id);

CREATE TABLE accounts (
  id          INTEGER PRIMARY KEY,
  employee_id INTEGER NOT NULL REFERENCES employees(id),
  platform    TEXT NOT NULL,            -- x, instagram, facebook, tiktok, youtube
  handle      TEXT NOT NULL,            -- normalised: lower case, no @
  active      INTEGER NOT NULL DEFAULT 1,
  extra       TEXT,
  updated_at  INTEGER NOT NULL,
  UNIQUE (platform, handle)
);
CREATE INDEX accounts_employee ON accounts(employee_id);

-- One row per captured event; raw is the record exactly as received.
-- (platform, event_id) is unique: ingest is idempotent.
CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  platform       TEXT NOT NULL,
  event_id       TEXT NOT NULL,
  type           TEXT NOT NULL,
  account_id     INTEGER REFERENCES accounts(id),
  account        TEXT NOT NULL,
  created_at     INTEGER,               -- Unix seconds; NULL if unknown
  text           TEXT,
  url            TEXT,
  target_account TEXT,
  target_id      TEXT,
  target_text    TEXT,
  raw            TEXT NOT NULL,
  source         TEXT,                  -- file name or channel it came from
  ingested_at    INTEGER NOT NULL,
  deleted_at     INTEGER,               -- when seen deleted by its author
  UNIQUE (platform, event_id)
);
CREATE INDEX events_account ON events(account_id);
CREATE INDEX events_created ON events(created_at);
CREATE INDEX events_target ON events(platform, target_id);

-- Rulebooks by content hash ("sha256:..."), so a verdict names the exact
-- rules that produced it.
CREATE TABLE rulebooks (
  hash       TEXT PRIMARY KEY,
  content    TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- One verdict per event per rulebook version.
CREATE TABLE verdicts (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id),
  rulebook   TEXT NOT NULL,
  labels     TEXT NOT NULL,             -- comma-separated labels
  candidate  INTEGER,
  score      REAL NOT NULL DEFAULT 0,
  json       TEXT NOT NULL,             -- the Verdict of DESIGN.md
  created_at INTEGER NOT NULL,
  UNIQUE (event_id, rulebook)
);

-- A verdict with a breach becomes a finding bound to the employee and
-- unit; state follows DESIGN.md's workflow.
CREATE TABLE findings (
  id               INTEGER PRIMARY KEY,
  verdict_id       INTEGER NOT NULL REFERENCES verdicts(id),
  event_id         INTEGER NOT NULL REFERENCES events(id),
  employee_id      INTEGER NOT NULL REFERENCES employees(id),
  unit_id          INTEGER NOT NULL REFERENCES units(id),
  category         TEXT NOT NULL,       -- support, attack, hate_speech, hoax
  rule             TEXT NOT NULL,
  severity         TEXT NOT NULL,
  candidate        INTEGER,
  state            TEXT NOT NULL DEFAULT 'baru',
  assigned_unit_id INTEGER REFERENCES units(id),
  due_at           INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX findings_state ON findings(state);
CREATE INDEX findings_unit ON findings(unit_id);
CREATE INDEX findings_assigned ON findings(assigned_unit_id, state);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL,          -- bkpp, opd, bawaslu
  unit_id       INTEGER REFERENCES units(id),
  password_hash TEXT NOT NULL,          -- argon2id (libsodium crypto_pwhash_str)
  email         TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL
);

-- Append-only: every state change and every view of personal data.
CREATE TABLE audit_log (
  id     INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,                 -- user name, or 'system'
  action TEXT NOT NULL,
  object TEXT NOT NULL,                 -- e.g. 'finding:42'
  detail TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
