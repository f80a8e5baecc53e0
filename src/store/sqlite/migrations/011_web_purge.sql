-- 011_web_purge: expired sessions and old rate-limit windows are deleted
-- as the server runs (web/session.c: at every sign-in, and at most once a
-- minute per server on a public request), by range on an index (web_sessions_expires
-- exists since 009; a session's idle expiry never passes its absolute one), so the
-- purge stays cheap however many rows piled up.
CREATE INDEX rate_counters_window ON rate_counters(window_start);
