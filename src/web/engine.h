/*
 * web/engine.h - the self-check's engine and the rulebook of `netra
 * serve`, rebuilt off the request path when the store's remembered
 * inputs or its debunks change (engine.c). A request takes the current
 * generation with a judge of its own for its whole run and gives both
 * back at its end; a generation replaced meanwhile is freed when its last
 * request ends.
 */
#ifndef NETRA_WEB_ENGINE_H
#define NETRA_WEB_ENGINE_H

#include "web/web_int.h"

struct web_gen;

/* Builds the first generation (an error when --election does not load),
 * then starts the watcher (every o->refresh_seconds; none when 0).
 * examples are shared by every generation and outlive them. */
int web_engine_start(const struct web_opts *o,
                     const struct web_example *examples, size_t n);
/* Stops the watcher and drops the current generation (after the last
 * request: call it once the HTTP daemon has stopped). */
void web_engine_stop(void);

/* The current generation, referenced, and *judge one of its judges (NULL
 * when it has no engine). Give both back with web_engine_give. */
struct web_gen *web_engine_take(netra_judge **judge);
void web_engine_give(struct web_gen *g, netra_judge *judge);

/* What pages read of a generation: its engine, rulebook, examples. */
const struct web_shared *web_gen_shared(const struct web_gen *g);

#endif
