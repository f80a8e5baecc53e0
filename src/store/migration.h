/*
 * store/migration.h - the numbered schema migrations of each backend,
 * generated from src/store/<backend>/migrations/NNN_name.sql by
 * cmake/embed.cmake. A store applies, in order and each in its own
 * transaction, every migration it has not recorded in schema_migrations
 * (not only those above the highest recorded), so a migration numbered
 * below one already applied is still applied.
 */
#ifndef NETRA_STORE_MIGRATION_H
#define NETRA_STORE_MIGRATION_H

#include <stddef.h>

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct store_migration store_sqlite_migrations[];
extern const size_t store_sqlite_migration_count;
extern const struct store_migration store_postgres_migrations[];
extern const size_t store_postgres_migration_count;

#endif
