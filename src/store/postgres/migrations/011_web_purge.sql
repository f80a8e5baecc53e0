-- 011_web_purge (PostgreSQL): see src/store/sqlite/migrations/
-- 011_web_purge.sql.
CREATE INDEX rate_counters_window ON rate_counters(window_start);
