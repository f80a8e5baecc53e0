/*
 * workflow/hoaxes.c - wf_hoax_import(): debunks from a JSONL file into the
 * store, all in one transaction with its audit row (see hoaxes.h).
 */
#include "workflow/hoaxes.h"

#include <stdio.h>
#include <string.h>

#include "rules/hoax.h"
#include "store/hoaxes.h"
#include "util/error.h"
#include "util/sbuf.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

struct import_ctx {
	netra_store *st;
	int64_t now;
	size_t ok;
};

static int import_one(void *ctx, const struct hoax_claim *c)
{
	struct import_ctx *ic = ctx;
	int rc = store_hoax_upsert(ic->st, c->id, c->claim, c->verdict,
	                           c->explanation, c->url, ic->now);

	if (!rc)
		ic->ok++;
	return rc;
}

static int audit_import(netra_store *st, const char *path, const char *actor,
                        const struct wf_hoax_import *r, int64_t now)
{
	struct sbuf obj = SBUF_INIT;
	char detail[96];
	int rc = sbuf_printf(&obj, "file:%.200s", path);

	snprintf(detail, sizeof(detail), "{\"imported\":%zu,\"malformed\":%zu}",
	         r->ok, r->bad);
	if (!rc)
		rc = wf_audit(st, now, actor ? actor : "system", "hoax_import",
		              obj.data, detail);
	sbuf_free(&obj);
	return rc;
}

int wf_hoax_import(struct wf_hoax_import *out, netra_store *st,
                   const char *path, const char *actor,
                   void (*report)(void *ctx, const char *msg), void *ctx,
                   int64_t now)
{
	struct import_ctx ic = {st, now ? now : wf_now(), 0};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_begin_write(st)))
		return rc;
	rc = hoax_jsonl_each(path, import_one, &ic, report, ctx, &out->bad);
	out->ok = ic.ok;
	if (!rc)
		rc = audit_import(st, path, actor, out, ic.now);
	if (rc)
		out->ok = 0;
	return wf_tx_end(st, rc);
}
