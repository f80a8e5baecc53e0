/*
 * store/hoaxes.h - the hoaxes table (migration 002_hoaxes.sql): debunked
 * claims imported by `netra hoax import`, read back by `netra scan` to
 * build a hoax index (rules/hoax.h). Plain strings here, so the store
 * layer does not depend on the engine.
 */
#ifndef NETRA_STORE_HOAXES_H
#define NETRA_STORE_HOAXES_H

#include <stdint.h>

#include "netra/store.h"

/* Inserts or updates (by id) one debunk. url may be NULL. now is the
 * import time (Unix seconds). */
int store_hoax_upsert(netra_store *st, const char *id, const char *claim,
		      const char *verdict, const char *explanation,
		      const char *url, int64_t now);

/* Calls fn for every stored debunk in id order; strings are valid during
 * the call only (url NULL if absent). A non-zero return from fn stops
 * the walk and is returned. */
int store_hoax_each(netra_store *st,
		    int (*fn)(void *ctx, const char *id, const char *claim,
			      const char *verdict, const char *explanation,
			      const char *url),
		    void *ctx);

/* The store's debunks as a count and the last import time: an engine
 * built from them (scan, the web self-check) is rebuilt when they
 * change. */
int store_hoax_stamp(int64_t *count, int64_t *when, netra_store *st);

#endif
