/*
 * netra/store.h - opening the netra store (the database behind every
 * command) and reading its headline counts.
 *
 * A store is named by a location: a file path for the embedded SQLite
 * backend (default ./netra.db), or a postgres:// / postgresql:// URL for
 * PostgreSQL. Opening applies pending schema migrations.
 */
#ifndef NETRA_STORE_H
#define NETRA_STORE_H

#include "netra/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct netra_store netra_store;

/* Opens (creating if needed) the store at location and migrates it to the
 * current schema. *out must be closed with netra_store_close(). A store
 * handle belongs to one thread at a time (it keeps prepared statements for
 * reuse); threads and processes that work at once open their own. */
int netra_store_open(netra_store **out, const char *location);

/* Closes the store. Accepts NULL. */
void netra_store_close(netra_store *st);

/* Schema version (the highest applied migration). */
int netra_store_schema_version(netra_store *st, int *out);

/* Writes `netra stats` output: human-readable, or JSON when json != 0
 * (keys: units, employees, accounts, events, verdicts, findings {state:
 * count}). The returned string is malloc'd; the caller frees it. */
int netra_store_stats(char **out, netra_store *st, int json);

#ifdef __cplusplus
}
#endif
#endif
