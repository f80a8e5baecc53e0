-- 009_web: what `netra serve` keeps in the store so that several servers
-- over one store share it (docs/web.md, docs/api.md): browser sessions,
-- the API tokens of outside collectors, rate-limit counters and the
-- public's complaints (laporan masyarakat).

-- A browser session. The cookie holds a random token; only its SHA-256
-- is kept, so the store never holds a usable session. The CSRF token is
-- per session and goes in every state-changing form.
CREATE TABLE web_sessions (
  token_hash  TEXT PRIMARY KEY,        -- hex SHA-256 of the cookie token
  user_name   TEXT NOT NULL,
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,        -- idle expiry, moved on use
  absolute_at INTEGER NOT NULL         -- never valid after this
);
CREATE INDEX web_sessions_user ON web_sessions(user_name);
CREATE INDEX web_sessions_expires ON web_sessions(expires_at);

-- Tokens for POST /api/v1/events, issued and revoked by BKPP. Only the
-- SHA-256 is kept; a revoked token stays as a record.
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  label       TEXT NOT NULL,
  token_hash  TEXT NOT NULL UNIQUE,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER,
  revoked_by  TEXT,
  last_used_at INTEGER
);

-- Fixed-window counters for the public endpoints (self-check,
-- complaints): key is 'cek:'/'lapor:' and a hash of the client address
-- (never the text typed). Old windows are overwritten.
CREATE TABLE rate_counters (
  key          TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL
);

-- A complaint from the public. Never evidence of the post by itself: a
-- finding from it rests on the post as captured (events). The reporter's
-- contact is shown to BKPP only. Reports of the same post share post_key
-- and point to the first one (merged_into).
CREATE TABLE complaints (
  id            INTEGER PRIMARY KEY,
  created_at    INTEGER NOT NULL,
  url           TEXT,
  platform      TEXT,
  account       TEXT,                  -- handle as typed (normalised)
  post_key      TEXT,                  -- platform + post id from the URL
  seen          TEXT NOT NULL,         -- what the reporter saw
  contact       TEXT,                  -- reporter identity (BKPP only)
  screenshot    BLOB,                  -- the reporter's, marked as such
  screenshot_type TEXT,                -- sniffed image type
  screenshot_sha256 TEXT,
  employee_id   INTEGER REFERENCES employees(id),
  merged_into   INTEGER REFERENCES complaints(id),
  labels        TEXT,                  -- engine labels of the text seen
  verdict_json  TEXT,
  state         TEXT NOT NULL DEFAULT 'baru', -- baru, ditindaklanjuti, ditutup
  finding_id    INTEGER REFERENCES findings(id),
  reason        TEXT,                  -- why closed, or a note on routing
  handled_by    TEXT,
  handled_at    INTEGER
);
CREATE INDEX complaints_state ON complaints(state, id);
CREATE INDEX complaints_post ON complaints(post_key);
CREATE INDEX complaints_account ON complaints(platform, account);
