-- 013_collect: what the platform collectors (`netra collect`,
-- docs/collect.md) keep: an account's stable user id, its status and
-- every handle it was seen under; per account the collector's lease and
-- last success; per account and endpoint the cursor; the errors of each
-- run; the hourly request budget per platform.

-- The platform's stable user id (learned on first sight, or from the
-- registry's id:N form) decides who an account is: a rename changes
-- handle, never the row. status: active, private, suspended, gone, with
-- the time it was seen so and the platform's words.
ALTER TABLE accounts ADD COLUMN platform_uid TEXT;
ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE accounts ADD COLUMN status_at INTEGER;
ALTER TABLE accounts ADD COLUMN status_detail TEXT;
CREATE INDEX accounts_uid ON accounts(platform, platform_uid);

-- Every handle an account was seen under, with when: old names keep
-- matching their employee (an export made before a rename) and a
-- registry import that still names an old handle changes nothing.
CREATE TABLE account_handles (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  handle     TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  PRIMARY KEY (account_id, handle)
);

-- Append-only: each rename and status change as the collector saw it.
-- kind: renamed (old_value -> new_value handles), status (old -> new
-- status), uid (the stable id learned).
CREATE TABLE account_changes (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  old_value  TEXT,
  new_value  TEXT,
  detail     TEXT
);
CREATE INDEX account_changes_account ON account_changes(account_id, at);
CREATE TRIGGER account_changes_no_update BEFORE UPDATE ON account_changes
BEGIN SELECT RAISE(ABORT, 'account_changes is append-only'); END;
CREATE TRIGGER account_changes_no_delete BEFORE DELETE ON account_changes
BEGIN SELECT RAISE(ABORT, 'account_changes is append-only'); END;

-- One row per collected account and module (x, tiktok, tiktok-ytdlp: two
-- modules may collect one account): the lease a collector holds on it while
-- it fetches (owner host:pid:random, expires_at; NULL owner when free),
-- so collectors on several machines share the accounts the way scans
-- share blocks (010_scan_leases); claimed_ms (Unix milliseconds) when a
-- collector last took it, so an account taken since a round began is
-- not taken again in that round; when it was last tried and last
-- succeeded.
CREATE TABLE collect_accounts (
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  module       TEXT NOT NULL,
  owner        TEXT,
  expires_at   INTEGER NOT NULL DEFAULT 0,
  claimed_ms   INTEGER NOT NULL DEFAULT 0,
  last_attempt INTEGER,
  last_success INTEGER,
  PRIMARY KEY (account_id, module)
);

-- The cursor of each account and endpoint (collector.h, CURSORS),
-- written in the transaction that stores the page's events.
CREATE TABLE collect_cursors (
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  endpoint     TEXT NOT NULL,
  since_cursor TEXT NOT NULL DEFAULT '',
  page_cursor  TEXT NOT NULL DEFAULT '',
  walk_top     TEXT NOT NULL DEFAULT '',
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (account_id, endpoint)
);

-- What went wrong, per run (owner) and account (NULL: the whole run).
CREATE TABLE collect_errors (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  platform   TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts(id),
  endpoint   TEXT,
  owner      TEXT NOT NULL,
  message    TEXT NOT NULL
);
CREATE INDEX collect_errors_at ON collect_errors(platform, at);

-- Requests sent per platform and hour (Unix seconds / 3600), charged
-- before each request by every collector against the operator's budget.
CREATE TABLE collect_budget (
  platform TEXT NOT NULL,
  hour     INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (platform, hour)
);

-- The events a collector stored (source 'collect:<platform>'), by
-- account and time: the posts asked for again to see whether they were
-- deleted, and the figures of `netra collect status`. Partial, so file
-- ingest pays nothing for it.
CREATE INDEX events_collected ON events(account_id, created_at)
  WHERE source LIKE 'collect:%';
