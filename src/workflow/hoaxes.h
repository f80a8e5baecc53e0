/*
 * workflow/hoaxes.h - loading debunked hoaxes into the store as one
 * transaction (`netra hoax import`, and any other front end): the JSONL
 * parser of rules/hoax.h over the hoaxes table of store/hoaxes.h, with an
 * audit row naming who loaded what.
 */
#ifndef NETRA_WORKFLOW_HOAXES_H
#define NETRA_WORKFLOW_HOAXES_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"

struct wf_hoax_import {
	size_t ok;  /* debunks inserted or updated (a known id is updated) */
	size_t bad; /* malformed lines, reported and skipped */
};

/*
 * Imports the debunks of the JSONL file at path into st in one
 * transaction: every well-formed line is upserted by id; a malformed one
 * is reported as "path:line: reason" through report(ctx, msg) (may be
 * NULL) and skipped; an I/O or database error stores nothing. Audited
 * ('hoax_import', actor as given, e.g. "operator:OSUSER", object the file
 * name, detail the counts). now = 0: wf_now().
 */
int wf_hoax_import(struct wf_hoax_import *out, netra_store *st,
                   const char *path, const char *actor,
                   void (*report)(void *ctx, const char *msg), void *ctx,
                   int64_t now);

#endif
