/*
 * cli/cmd_hoax.c - `netra hoax`: import debunked hoaxes (JSONL) into the
 * store (wf_hoax_import, audited as the operator's act), list them, and
 * match a text against them (rules/hoax.h over the store's hoaxes table,
 * or over a JSONL file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "netra/engine.h"
#include "rules/hoax.h"
#include "rules/profile.h"
#include "store/hoaxes.h"
#include "store/store.h"
#include "text/normalize.h"
#include "util/sbuf.h"
#include "workflow/hoaxes.h"

static const char usage[] =
	"usage: netra hoax import FILE\n"
	"       netra hoax list [--json]\n"
	"       netra hoax match [--hoaxes FILE] [--election FILE]\n"
	"                        [--threshold X] [--forwarded] TEXT\n"
	"\n"
	"import  loads debunks (JSONL: id, claim, verdict, explanation, url\n"
	"        optional) into the store; a known id is updated. Malformed\n"
	"        lines are reported as FILE:LINE and skipped; the rest is\n"
	"        imported (exit status 1 if any line was malformed).\n"
	"list    prints the stored debunks.\n"
	"match   prints the debunk the TEXT repeats, if any (from the store,\n"
	"        or from FILE with --hoaxes): the matcher of `netra check`;\n"
	"        --election weighs the profile's names as check does;\n"
	"        --forwarded matches as check does for a post worded as a\n"
	"        forward or hearsay (\"katanya\", \"sebarkan\").\n";

static const char *data_dir(void)
{
	return netra_engine_default_data_dir();
}

static void report_line(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "netra: %s\n", msg);
}

static int import_cmd(struct cli *c, int argc, char **argv)
{
	struct wf_hoax_import r;
	netra_store *st;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(usage);
	if (!(st = cli_store_create(c)))
		return CLI_ERR;
	if (wf_hoax_import(&r, st, argv[1], cli_operator(), report_line, NULL,
	                   0))
		return cli_fail("hoax import");
	printf("imported %zu debunks from %s", r.ok, argv[1]);
	if (r.bad)
		printf(", %zu malformed lines skipped", r.bad);
	printf("\n");
	return r.bad ? CLI_ERR : CLI_OK;
}

struct list_ctx {
	int json;
	size_t n;
	struct sbuf out;
};

static int list_one(void *ctx, const char *id, const char *claim,
		    const char *verdict, const char *explanation,
		    const char *url)
{
	struct list_ctx *lc = ctx;
	struct sbuf *b = &lc->out;
	int rc;

	sbuf_clear(b);
	if (!lc->json) {
		rc = sbuf_printf(b, "%s\t%s\t%s\n", id, verdict, claim);
	} else {
		rc = sbuf_puts(b, lc->n ? ",\n " : "[");
		rc = rc ? rc : sbuf_puts(b, "{\"id\":");
		rc = rc ? rc : sbuf_json_str(b, id, strlen(id));
		rc = rc ? rc : sbuf_puts(b, ",\"claim\":");
		rc = rc ? rc : sbuf_json_str(b, claim, strlen(claim));
		rc = rc ? rc : sbuf_puts(b, ",\"verdict\":");
		rc = rc ? rc : sbuf_json_str(b, verdict, strlen(verdict));
		rc = rc ? rc : sbuf_puts(b, ",\"explanation\":");
		rc = rc ? rc : sbuf_json_str(b, explanation,
					     strlen(explanation));
		rc = rc ? rc : sbuf_puts(b, ",\"url\":");
		rc = rc ? rc : url ? sbuf_json_str(b, url, strlen(url))
				   : sbuf_puts(b, "null");
		rc = rc ? rc : sbuf_puts(b, "}");
	}
	if (!rc)
		fwrite(b->data, 1, b->len, stdout);
	lc->n++;
	return rc;
}

static int list_cmd(struct cli *c, int argc, char **argv)
{
	struct list_ctx lc = {0, 0, SBUF_INIT};
	netra_store *st;
	int rc;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--json") != 0))
		return cli_usage(usage);
	lc.json = argc == 2;
	st = cli_store(c);
	if (!st)
		return CLI_ERR;
	rc = store_hoax_each(st, list_one, &lc);
	if (lc.json)
		printf("%s\n", lc.n ? "]" : "[]");
	sbuf_free(&lc.out);
	return rc ? cli_fail("hoax list") : CLI_OK;
}

static int add_row(void *ctx, const char *id, const char *claim,
		   const char *verdict, const char *explanation,
		   const char *url)
{
	struct hoax_claim hc = {id, claim, verdict, explanation, url};

	return hoax_index_add(ctx, &hc);
}

/* Builds the index from FILE or, when file is NULL, from the store, as
 * the engine does (engine.c load_hoaxes): data lists, the profile's names
 * (election, may be NULL), the claims. */
static int build_index(struct hoax_index **out, struct cli *c,
		       const struct text_lexicon *lex, const char *file,
		       const char *election)
{
	struct hoax_index *ix = NULL;
	struct rules_profile *prof = NULL;
	netra_store *st;
	int rc = hoax_index_new(&ix, lex);

	*out = NULL;
	if (!rc)
		rc = hoax_index_load_data(ix, data_dir());
	if (!rc && election && !(rc = rules_profile_load(&prof, election)))
		rc = hoax_index_add_profile(ix, prof);
	rules_profile_free(prof);
	if (!rc && file) {
		rc = hoax_index_load_jsonl(ix, file, report_line, NULL, NULL);
	} else if (!rc) {
		st = cli_store(c);
		rc = st ? store_hoax_each(st, add_row, ix) : NETRA_ERROR;
	}
	if (!rc)
		rc = hoax_index_build(ix);
	if (rc) {
		hoax_index_free(ix);
		return rc;
	}
	*out = ix;
	return 0;
}

static int print_match(const struct hoax_match *m, const char *text)
{
	struct sbuf b = SBUF_INIT;
	const struct hoax_claim *h = m->claim;
	int rc = sbuf_puts(&b, "{\"hoax\":");

	rc = rc ? rc : sbuf_json_str(&b, h->id, strlen(h->id));
	rc = rc ? rc : sbuf_printf(&b, ",\"similarity\":%.3f,\"claim\":",
				   m->similarity);
	rc = rc ? rc : sbuf_json_str(&b, h->claim, strlen(h->claim));
	rc = rc ? rc : sbuf_puts(&b, ",\"verdict\":");
	rc = rc ? rc : sbuf_json_str(&b, h->verdict, strlen(h->verdict));
	rc = rc ? rc : sbuf_puts(&b, ",\"explanation\":");
	rc = rc ? rc : sbuf_json_str(&b, h->explanation,
				     strlen(h->explanation));
	rc = rc ? rc : sbuf_puts(&b, ",\"url\":");
	rc = rc ? rc : h->url ? sbuf_json_str(&b, h->url, strlen(h->url))
			      : sbuf_puts(&b, "null");
	rc = rc ? rc : sbuf_puts(&b, ",\"text\":");
	rc = rc ? rc : sbuf_json_str(&b, text, strlen(text));
	rc = rc ? rc : sbuf_puts(&b, "}\n");
	if (!rc)
		fwrite(b.data, 1, b.len, stdout);
	sbuf_free(&b);
	return rc;
}

static int match_cmd(struct cli *c, int argc, char **argv)
{
	struct text_lexicon *lex = NULL;
	struct hoax_index *ix = NULL;
	struct hoax_scratch s = HOAX_SCRATCH_INIT;
	struct text_norm n = {0};
	struct hoax_match m;
	struct hoax_query q = {0, 0};
	const char *file = NULL, *thr = NULL, *election = NULL;
	int i = 1, r, rc = CLI_OK, found = 0;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--forwarded") == 0) {
			q.forwarded = 1;
			i++;
			continue;
		}
		if ((r = cli_opt(argc, argv, &i, "--hoaxes", &file)) ||
		    (r = cli_opt(argc, argv, &i, "--election", &election)) ||
		    (r = cli_opt(argc, argv, &i, "--threshold", &thr))) {
			if (r < 0)
				return cli_usage(usage);
			continue;
		}
		return cli_usage(usage);
	}
	if (i != argc - 1)
		return cli_usage(usage);
	if (text_lexicon_load(&lex, data_dir()) != 0 ||
	    build_index(&ix, c, lex, file, election) != 0) {
		rc = cli_fail("hoax match");
		goto done;
	}
	if (thr)
		hoax_index_set_threshold(ix, strtod(thr, NULL));
	if (text_normalize(&n, lex, argv[i], strlen(argv[i])) != 0 ||
	    (found = hoax_match_query(ix, &s, n.buf, n.len, &q, &m)) < 0 ||
	    (found && print_match(&m, argv[i]) != 0)) {
		rc = cli_fail("hoax match");
		goto done;
	}
	if (!found)
		printf("{\"hoax\":null}\n");
done:
	hoax_scratch_free(&s);
	text_norm_free(&n);
	hoax_index_free(ix);
	text_lexicon_free(lex);
	return rc;
}

int cmd_hoax(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage);
	if (cli_is_help(argv[1]) || (argc > 2 && cli_is_help(argv[2]))) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "import") == 0)
		return import_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return list_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "match") == 0)
		return match_cmd(c, argc - 1, argv + 1);
	return cli_usage(usage);
}
