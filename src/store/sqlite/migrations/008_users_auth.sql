-- 008_users_auth: what users need beyond 001/006 (docs/workflow.md,
-- "Users and roles", "Authentication" and "Conflicts of interest").
--
-- A user may be the employee (of the staff registry) they are: such a user
-- never sees nor acts on a finding about that employee, and a finding about
-- a reviewer is routed past them.
ALTER TABLE users ADD COLUMN employee_id INTEGER REFERENCES employees(id);
CREATE INDEX users_employee ON users(employee_id);

-- Failed logins per account ('user:NAME') and per client ('client:ADDR'),
-- in the store so several servers share them: repeated failures slow the
-- next attempt down (a growing wait), never lock an account. A key whose
-- last failure is old is forgotten; a success clears the account's key.
CREATE TABLE login_throttle (
  key      TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at  INTEGER NOT NULL            -- time of the last failure
);
CREATE INDEX login_throttle_last ON login_throttle(last_at);

-- Personal tokens that BKPP issues to a user for the command line
-- ($NETRA_TOKEN): only the SHA-256 of the token is kept, so the store
-- never holds a usable credential. A revoked token stays as a record.
CREATE TABLE user_tokens (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  hash       TEXT NOT NULL UNIQUE,     -- hex SHA-256 of the token
  label      TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,            -- user name or 'operator:OSUSER'
  revoked_at INTEGER
);
CREATE INDEX user_tokens_user ON user_tokens(user_id);
