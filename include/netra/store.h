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

#include <jansson.h>

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

/* The headline counts behind `netra stats`: *out is a new JSON object
 * {"units", "employees", "accounts" (active ones), "events", "verdicts",
 * "findings": {state: count, every state listed even when 0}}; the caller frees it with json_decref(). Not scoped: for the
 * operator and monitoring (a user's figures are the report's). */
int netra_store_stats(json_t **out, netra_store *st);

#ifdef __cplusplus
}
#endif
#endif
