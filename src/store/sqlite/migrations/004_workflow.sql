-- 004_workflow: what the review workflow needs beyond 001_base (see
-- src/workflow/ and docs/workflow.md): the finding's explanation and
-- campaign group, its transition history, settings and public holidays
-- for deadlines, the notification queue and the mail outbox.

-- One finding per (verdict, rule): a re-run scan cannot duplicate it.
CREATE UNIQUE INDEX findings_verdict_rule ON findings(verdict_id, rule);
ALTER TABLE findings ADD COLUMN basis TEXT;        -- legal basis of the rule
ALTER TABLE findings ADD COLUMN explanation TEXT;  -- plain Indonesian
ALTER TABLE findings ADD COLUMN group_id TEXT;     -- copy-paste campaign key
ALTER TABLE findings ADD COLUMN reason TEXT;       -- last dismissal reason
                                                   -- or recommendation
ALTER TABLE findings ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE findings ADD COLUMN overdue_notified_at INTEGER;
CREATE INDEX findings_group ON findings(group_id);
CREATE INDEX findings_due ON findings(state, due_at);

-- Every change of a finding's state or assignment, written in the same
-- transaction as the change and its audit_log row. Append-only.
CREATE TABLE finding_transitions (
  id           INTEGER PRIMARY KEY,
  finding_id   INTEGER NOT NULL REFERENCES findings(id),
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,           -- user name, or 'system'
  action       TEXT NOT NULL,           -- create, review, ..., escalate
  from_state   TEXT,                    -- NULL for create
  to_state     TEXT NOT NULL,
  from_unit_id INTEGER REFERENCES units(id),
  to_unit_id   INTEGER REFERENCES units(id),
  due_at       INTEGER,
  reason       TEXT
);
CREATE INDEX finding_transitions_finding ON finding_transitions(finding_id, id);
CREATE TRIGGER finding_transitions_no_update BEFORE UPDATE ON finding_transitions
BEGIN SELECT RAISE(ABORT, 'finding_transitions is append-only'); END;
CREATE TRIGGER finding_transitions_no_delete BEFORE DELETE ON finding_transitions
BEGIN SELECT RAISE(ABORT, 'finding_transitions is append-only'); END;

-- Workflow settings, e.g. 'workflow.deadline_days' = '3'.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Public holidays (and cuti bersama) skipped by deadlines; day is the
-- local date in Asia/Jakarta, 'YYYY-MM-DD'.
CREATE TABLE holidays (
  day  TEXT PRIMARY KEY,
  name TEXT NOT NULL DEFAULT ''
);

-- Things reviewers must be told, waiting for `netra escalate` to bundle
-- them into one mail per recipient. kind: new, escalated, overdue,
-- confirmed. unit_id is the unit whose reviewers are told.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings(id),
  kind       TEXT NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  created_at INTEGER NOT NULL,
  queued_at  INTEGER                    -- when put into the outbox
);
CREATE INDEX notifications_pending ON notifications(queued_at);

-- Mail waiting to be sent over SMTP; a failed send keeps the row with
-- attempts and last_error for the next run.
CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY,
  recipient  TEXT NOT NULL,             -- one e-mail address
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at    INTEGER,
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox(sent_at);
