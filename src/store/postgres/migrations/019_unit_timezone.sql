-- 019_unit_timezone (PostgreSQL): see src/store/sqlite/migrations/
-- 019_unit_timezone.sql.
ALTER TABLE units ADD COLUMN timezone TEXT;
