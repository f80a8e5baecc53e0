-- 006_user_all_units (PostgreSQL): see the SQLite migration of that name.
ALTER TABLE users ADD COLUMN all_units BIGINT NOT NULL DEFAULT 0;
