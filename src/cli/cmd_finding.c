/*
 * cli/cmd_finding.c - `netra finding list|show|review|confirm|dismiss|
 * verify|forward|close|reopen`, each acting for an authenticated user:
 * --as NAME with NAME's password (--password-file or stdin) or a personal
 * token in $NETRA_TOKEN (cli_authenticate). The library scopes every read
 * and change to that user's units and audits it under their name; this
 * file parses arguments and renders what the library returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "workflow/calendar.h"
#include "util/sbuf.h"
#include "workflow/finding.h"

static const char usage[] =
    "usage: netra finding list [--state S] [--category C] [--unit CODE] "
    "[--overdue]\n"
    "                          [--sort id|due|created|severity|unit|state] "
    "[--desc]\n"
    "                          [--limit N] [--offset N | --after C | --before C]\n"
    "                          [--json] --as USER\n"
    "       netra finding show ID [--json] --as USER\n"
    "       netra finding ACTION ID [--reason TEXT] --as USER\n"
    "       (--as USER [--password-file F]: see options)\n\n"
    "ACTION (who may do it, from which state):\n"
    "  review   opd, bkpp  baru -> ditinjau_opd\n"
    "  confirm  opd, bkpp  ditinjau_opd -> dikonfirmasi_opd (goes to "
    "BKPP)\n"
    "  dismiss  opd, bkpp  ditinjau_opd -> ditolak (--reason required)\n"
    "           bkpp       diverifikasi_bkpp -> ditolak (--reason "
    "required)\n"
    "  verify   bkpp       dikonfirmasi_opd -> diverifikasi_bkpp\n"
    "  forward  bkpp       diverifikasi_bkpp -> diteruskan (--reason = "
    "the\n                      recommendation to Bawaslu/BKN, "
    "required)\n"
    "  close    bkpp       diteruskan -> selesai\n"
    "  reopen   bkpp       ditolak -> diverifikasi_bkpp (--reason "
    "required: why\n                      the dismissal is overruled)\n\n"
    "options:\n"
    "  --as USER   the acting user (or $NETRA_USER); sees and changes "
    "only the\n              findings of its unit and the units below "
    "it. Authenticated:\n"
    "              its password from --password-file F or standard "
    "input, or\n              its personal token in $NETRA_TOKEN "
    "(`netra user token`)\n"
    "  --limit N   (list) rows per page, default 50, at most 1000; "
    "--offset N skips\n              the first N; the last line counts "
    "the matching findings\n"
    "  --after C   (list) the page after cursor C (a page's \"next\" in "
    "--json;\n              as fast at any depth), --before C the page "
    "before (\"prev\")\n"
    "States: baru ditinjau_opd dikonfirmasi_opd diverifikasi_bkpp "
    "ditolak\n        diteruskan selesai\n";

struct args {
	struct cli_who who;
	char actor[96];
	const char *state, *unit, *reason, *id_s;
	const char *category, *sort, *limit_s, *offset_s, *after, *before;
	int json, overdue, desc;
	int64_t now, id;
};

static int parse_args(struct args *a, int argc, char **argv)
{
	int i, m;

	memset(a, 0, sizeof(*a));
	for (i = 2; i < argc;) {
		if ((m = cli_who_opt(argc, argv, &i, &a->who)) ||
		    (m = cli_opt(argc, argv, &i, "--state", &a->state)) ||
		    (m = cli_opt(argc, argv, &i, "--unit", &a->unit)) ||
		    (m = cli_opt(argc, argv, &i, "--reason", &a->reason)) ||
		    (m = cli_opt(argc, argv, &i, "--category", &a->category)) ||
		    (m = cli_opt(argc, argv, &i, "--sort", &a->sort)) ||
		    (m = cli_opt(argc, argv, &i, "--limit", &a->limit_s)) ||
		    (m = cli_opt(argc, argv, &i, "--offset", &a->offset_s)) ||
		    (m = cli_opt(argc, argv, &i, "--after", &a->after)) ||
		    (m = cli_opt(argc, argv, &i, "--before", &a->before))) {
			if (m < 0)
				return -1;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = 1, i++;
		} else if (strcmp(argv[i], "--overdue") == 0) {
			a->overdue = 1, i++;
		} else if (strcmp(argv[i], "--desc") == 0) {
			a->desc = 1, i++;
		} else if (argv[i][0] != '-' && !a->id_s) {
			a->id_s = argv[i++];
		} else {
			fprintf(stderr,
			        "netra finding: unknown argument "
			        "'%s'\n",
			        argv[i]);
			return -1;
		}
	}
	if (a->id_s) {
		char *end;

		if (a->id_s[0] == '#')
			a->id_s++;
		a->id = strtoll(a->id_s, &end, 10);
		if (*end || a->id <= 0) {
			fprintf(stderr,
			        "netra finding: '%s' is not a finding "
			        "id\n",
			        a->id_s);
			return -1;
		}
	}
	return 0;
}

/* A non-negative integer option; -1 (after a message) if malformed. */
static int64_t count_opt(const char *name, const char *v)
{
	char *end;
	long long n;

	if (!v)
		return 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || n < 0) {
		fprintf(stderr, "netra finding: %s '%s' is not a number\n",
		        name, v);
		return -1;
	}
	return (int64_t)n;
}

static int list_filter(struct wf_list_filter *f, const struct args *a)
{
	int sort = 0;

	memset(f, 0, sizeof(*f));
	if (a->sort && (sort = wf_sort_parse(a->sort)) < 0) {
		fprintf(stderr,
		        "netra finding: unknown --sort '%s' (id, due, "
		        "created, severity, unit, state)\n",
		        a->sort);
		return -1;
	}
	f->state = a->state;
	f->category = a->category;
	f->unit_code = a->unit;
	f->overdue = a->overdue;
	f->sort = (enum wf_sort)sort;
	f->desc = a->desc;
	f->after = a->after;
	f->before = a->before;
	f->now = a->now;
	if ((f->limit = count_opt("--limit", a->limit_s)) < 0 ||
	    (f->offset = count_opt("--offset", a->offset_s)) < 0)
		return -1;
	if (a->limit_s && f->limit == 0) {
		fprintf(stderr, "netra finding: --limit must be at least 1\n");
		return -1;
	}
	return 0;
}

static int list_text_row(struct sbuf *b, json_t *r)
{
	json_t *due = json_object_get(r, "due_at");

	return sbuf_printf(
	    b, "#%-6lld %-18s %-12s %-12s %-11s %-22s %-9s %s%s\n",
	    (long long)json_integer_value(json_object_get(r, "id")),
	    cli_jstr(r, "state", NULL), cli_jstr(r, "unit", NULL),
	    cli_jstr(r, "assigned_unit", NULL), cli_jstr(r, "category", NULL),
	    cli_jstr(r, "rule", NULL), cli_jstr(r, "severity", NULL),
	    json_is_string(due) ? json_string_value(due) : "-",
	    json_is_true(json_object_get(r, "overdue")) ? " TERLAMBAT" : "");
}

/* The page as a table with a header and a count line (Indonesian, as
 * every view a reviewer reads). */
static int list_text(struct sbuf *b, json_t *page)
{
	json_t *rows = json_object_get(page, "findings"), *r;
	long long total = json_integer_value(json_object_get(page, "total"));
	long long off = json_integer_value(json_object_get(page, "offset"));
	long long n = (long long)json_array_size(rows);
	json_t *next = json_object_get(page, "next");
	int by_cursor = off == 0 && json_is_string(json_object_get(page, "prev"));
	size_t i;
	int rc = sbuf_printf(b, "%-7s %-18s %-12s %-12s %-11s %-22s %-9s %s\n",
	                     "temuan", "status", "unit", "ditangani",
	                     "kategori", "aturan", "keparahan", "tenggat");

	json_array_foreach(rows, i, r)
	{
		if (!rc)
			rc = list_text_row(b, r);
	}
	if (rc)
		return rc;
	if (n == 0)
		return sbuf_printf(b, "tidak ada temuan yang ditampilkan dari "
		                      "%lld temuan\n",
		                   total);
	/* a page read by cursor: the next one by cursor too */
	if (by_cursor)
		rc = sbuf_printf(b, "menampilkan %lld dari %lld temuan", n, total);
	else
		rc = sbuf_printf(b, "menampilkan %lld-%lld dari %lld temuan",
		                 off + 1, off + n, total);
	if (!rc && json_is_string(next) && by_cursor)
		rc = sbuf_printf(b, "; berikutnya: --after %s",
		                 json_string_value(next));
	else if (!rc && json_is_string(next))
		rc = sbuf_printf(b, "; berikutnya: --offset %lld", off + n);
	return rc ? rc : sbuf_putc(b, '\n');
}

static int do_list(struct cli *c, struct args *a)
{
	struct wf_list_filter f;
	json_t *page = NULL;
	int rc;

	if (a->id_s || a->reason || list_filter(&f, a))
		return cli_usage(usage);
	if ((rc = cli_authenticate(c, &a->who, CLI_AUTH_STDIN, a->actor,
	                           sizeof(a->actor))))
		return rc;
	rc = wf_finding_list(&page, c->store, a->actor, &f);
	if (rc) {
		cli_fail("finding list");
		/* an unknown --state or --category is a usage error */
		return rc == NETRA_EINVALID ? CLI_USAGE : CLI_ERR;
	}
	return cli_render(page, a->json, 0, list_text, "finding list");
}

/* Appends label, then text with every line after the first indented, and
 * a newline: a hostile post or reason cannot begin a line of its own and
 * pass for a field or a history entry ("Riwayat:", "Alasan    : ..."). */
static int put_field(struct sbuf *b, const char *label, const char *text)
{
	const char *nl;
	int rc = sbuf_puts(b, label);

	while (!rc && (nl = strchr(text, '\n'))) {
		rc = sbuf_append(b, text, (size_t)(nl - text + 1));
		if (!rc)
			rc = sbuf_puts(b, "            | ");
		text = nl + 1;
	}
	if (!rc)
		rc = sbuf_puts(b, text);
	return rc ? rc : sbuf_putc(b, '\n');
}

static int show_history(struct sbuf *b, json_t *o)
{
	json_t *h;
	size_t i;
	int rc = sbuf_puts(b, "Riwayat:\n");

	json_array_foreach(json_object_get(o, "history"), i, h)
	{
		if (rc)
			break;
		rc = sbuf_printf(b, "  %s  %-10s %-8s %s -> %s (unit %s)",
		                 cli_jstr(h, "at", NULL),
		                 cli_jstr(h, "actor", NULL),
		                 cli_jstr(h, "action", NULL),
		                 cli_jstr(h, "from", NULL),
		                 cli_jstr(h, "to", NULL),
		                 cli_jstr(h, "unit", NULL));
		if (!rc && json_is_string(json_object_get(h, "reason")))
			rc = put_field(b, ": ", cli_jstr(h, "reason", NULL));
		else if (!rc)
			rc = sbuf_putc(b, '\n');
	}
	return rc;
}

/* "Atasan    : NAME (NIP ...)" when the registry names the superior. */
static int show_supervisor(struct sbuf *b, json_t *o)
{
	json_t *sup = json_object_get(json_object_get(o, "employee"),
	                              "supervisor");

	if (!json_is_object(sup))
		return 0;
	return sbuf_printf(b, "Atasan    : %s (NIP %s)\n",
	                   cli_jstr(sup, "name", NULL),
	                   cli_jstr(sup, "nip", NULL));
}

static int show_head(struct sbuf *b, json_t *o)
{
	return sbuf_printf(
	    b,
	    "Temuan #%lld  [%s]%s\n"
	    "Pegawai   : %s (NIP %s), %s\n"
	    "Unit kerja: %s - %s; ditangani: %s, tenggat %s\n"
	    "Aturan    : %s (%s, keparahan %s)\n",
	    (long long)json_integer_value(json_object_get(o, "id")),
	    cli_jstr(o, "state", NULL),
	    json_is_true(json_object_get(o, "overdue")) ? " TERLAMBAT" : "",
	    cli_jstr(o, "employee", "name"), cli_jstr(o, "employee", "nip"),
	    cli_jstr(o, "employee", "position"), cli_jstr(o, "unit", "code"),
	    cli_jstr(o, "unit", "name"), cli_jstr(o, "assigned_unit", "code"),
	    cli_jstr(o, "due_at", NULL), cli_jstr(o, "rule", NULL),
	    cli_jstr(o, "category", NULL), cli_jstr(o, "severity", NULL)) ||
	       show_supervisor(b, o);
}

/* text with the byte ranges of spans ([a, b] pairs, sorted or not)
 * between « and », into out (cleared first). */
static int mark_spans(struct sbuf *out, const char *text, json_t *spans)
{
	size_t n = strlen(text), at = 0, i, k, a, e, best_a, best_e;
	json_t *sp;
	int rc = 0;

	sbuf_clear(out);
	for (k = 0; k < json_array_size(spans) && !rc; k++) {
		best_a = n + 1;
		best_e = 0;
		json_array_foreach(spans, i, sp) { /* the next span after at */
			a = (size_t)json_integer_value(json_array_get(sp, 0));
			e = (size_t)json_integer_value(json_array_get(sp, 1));
			if (a >= at && e > a && e <= n && a < best_a) {
				best_a = a;
				best_e = e;
			}
		}
		if (best_a > n)
			break;
		rc = sbuf_append(out, text + at, best_a - at) ||
		     sbuf_puts(out, "\u00ab") ||
		     sbuf_append(out, text + best_a, best_e - best_a) ||
		     sbuf_puts(out, "\u00bb");
		at = best_e;
	}
	return rc || sbuf_append(out, text + at, n - at) || sbuf_putc(out, 0);
}

/* The images of the post: their text (the finding's words marked when
 * its field is that image's text), a fetch refused, and a known campaign
 * image re-posted. */
static int show_media(struct sbuf *b, json_t *o)
{
	json_t *arr = json_object_get(json_object_get(o, "event"), "media");
	json_t *m, *kn, *none = json_array();
	const char *field = json_string_value(json_object_get(o, "field"));
	struct sbuf t = SBUF_INIT;
	char label[64], want[64];
	size_t i;
	int rc = none ? 0 : -1;

	json_array_foreach(arr, i, m) {
		if (rc)
			break;
		snprintf(want, sizeof(want), "media[%zu].ocr_text", i);
		if (json_is_string(json_object_get(m, "error")))
			rc = sbuf_printf(b, "Gambar %zu  : tidak diambil (%s)\n",
			                 i + 1, cli_jstr(m, "error", NULL));
		kn = json_object_get(m, "known");
		if (!rc && json_is_object(kn))
			rc = sbuf_printf(
			    b,
			    "Gambar %zu  : sama dengan gambar resmi kampanye "
			    "pasangan nomor %lld (%s), selisih sidik %lld dari "
			    "64 bit\n",
			    i + 1,
			    (long long)json_integer_value(
			        json_object_get(kn, "candidate")),
			    cli_jstr(kn, "label", NULL),
			    (long long)json_integer_value(
			        json_object_get(kn, "distance")));
		if (rc || !json_is_string(json_object_get(m, "ocr_text")))
			continue;
		rc = mark_spans(&t, cli_jstr(m, "ocr_text", NULL),
		                field && strcmp(field, want) == 0
		                    ? json_object_get(o, "spans")
		                    : none);
		snprintf(label, sizeof(label), "Teks gambar %zu: ", i + 1);
		if (!rc)
			rc = put_field(b, label, t.data);
	}
	sbuf_free(&t);
	json_decref(none);
	return rc;
}

static int show_post(struct sbuf *b, json_t *o)
{
	json_t *ev = json_object_get(o, "event");
	int deleted = json_is_string(json_object_get(ev, "deleted_at"));
	int rc = put_field(b, "Dasar     : ", cli_jstr(o, "basis", NULL));

	if (!rc)
		rc = put_field(b, "Penjelasan: ",
		               cli_jstr(o, "explanation", NULL));
	if (!rc)
		rc = sbuf_printf(b, "Unggahan  : %s %s oleh %s, %s%s%s\n",
		                 cli_jstr(ev, "platform", NULL),
		                 cli_jstr(ev, "type", NULL),
		                 cli_jstr(ev, "account", NULL),
		                 cli_jstr(ev, "created_at", NULL),
		                 deleted ? "; DIHAPUS pemilik pada " : "",
		                 deleted ? cli_jstr(ev, "deleted_at", NULL) : "");
	if (!rc && json_is_string(json_object_get(
	               json_object_get(ev, "evidence"), "warning")))
		rc = put_field(b, "PERINGATAN: ",
		               cli_jstr(json_object_get(ev, "evidence"),
		                        "warning", NULL));
	if (!rc)
		rc = put_field(b, "Teks      : ", cli_jstr(ev, "text", NULL));
	if (!rc && json_is_string(json_object_get(ev, "target_account")))
		rc = put_field(b, "Sasaran   : @",
		               cli_jstr(ev, "target_account", NULL));
	if (!rc && json_is_string(json_object_get(ev, "target_text")))
		rc = put_field(b, "Teks sasaran: ",
		               cli_jstr(ev, "target_text", NULL));
	if (!rc)
		rc = show_media(b, o);
	if (!rc && json_is_string(json_object_get(o, "reason")))
		rc = put_field(b, "Alasan    : ", cli_jstr(o, "reason", NULL));
	return rc;
}

static int show_group(struct sbuf *b, json_t *o)
{
	json_t *arr = json_object_get(o, "same_content"), *g;
	size_t i;
	int rc = 0;

	if (json_array_size(arr) == 0)
		return 0;
	rc = sbuf_printf(b,
	                 "Konten sama (kemungkinan kampanye salin-tempel): "
	                 "%zu temuan lain\n",
	                 json_array_size(arr));
	json_array_foreach(arr, i, g)
	{
		if (rc)
			break;
		rc = sbuf_printf(
		    b, "  #%lld  %s @%s  %s (%s)  %s\n",
		    (long long)json_integer_value(json_object_get(g, "id")),
		    cli_jstr(g, "platform", NULL), cli_jstr(g, "account", NULL),
		    cli_jstr(g, "employee", NULL), cli_jstr(g, "unit", NULL),
		    cli_jstr(g, "state", NULL));
	}
	return rc;
}

/* "Tindakan: review, confirm" or nothing for a read-only viewer. */
static int show_actions(struct sbuf *b, json_t *o)
{
	json_t *arr = json_object_get(o, "actions"), *x;
	size_t i;
	int rc = 0;

	if (json_array_size(arr) == 0)
		return 0;
	rc = sbuf_puts(b, "Tindakan  :");
	json_array_foreach(arr, i, x)
	{
		if (!rc)
			rc = sbuf_printf(b, "%s %s", i ? "," : "",
			                 json_string_value(x));
	}
	return rc ? rc : sbuf_putc(b, '\n');
}

static int show_text(struct sbuf *b, json_t *o)
{
	return show_head(b, o) || show_post(b, o) || show_history(b, o) ||
	               show_group(b, o) || show_actions(b, o)
	           ? NETRA_ENOMEM
	           : 0;
}

static int do_show(struct cli *c, struct args *a)
{
	json_t *o = NULL;
	int rc;

	if (!a->id_s || a->state || a->unit || a->overdue || a->reason ||
	    a->category || a->sort || a->limit_s || a->offset_s || a->desc ||
	    a->after || a->before)
		return cli_usage(usage);
	if ((rc = cli_authenticate(c, &a->who, CLI_AUTH_STDIN, a->actor,
	                           sizeof(a->actor))))
		return rc;
	if (wf_finding_show(&o, c->store, a->actor, a->id, a->now))
		return cli_fail("finding show");
	return cli_render(o, a->json, 0, show_text, "finding show");
}

static int do_act(struct cli *c, struct args *a, int action)
{
	char what[64];
	int rc;

	if (!a->id_s || a->state || a->unit || a->overdue || a->json ||
	    a->category || a->sort || a->limit_s || a->offset_s || a->desc ||
	    a->after || a->before)
		return cli_usage(usage);
	if ((rc = cli_authenticate(c, &a->who, CLI_AUTH_STDIN, a->actor,
	                           sizeof(a->actor))))
		return rc;
	snprintf(what, sizeof(what), "finding %s #%lld",
	         wf_action_name((enum wf_action)action), (long long)a->id);
	if (wf_finding_act(c->store, a->actor, a->id, (enum wf_action)action,
	                   a->reason, a->now))
		return cli_fail(what);
	printf("finding #%lld: %s done\n", (long long)a->id,
	       wf_action_name((enum wf_action)action));
	return CLI_OK;
}

int cmd_finding(struct cli *c, int argc, char **argv)
{
	struct args a;
	int i, action;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
	if (argc < 2)
		return cli_usage(usage);
	action = wf_action_parse(argv[1]);
	if (strcmp(argv[1], "list") && strcmp(argv[1], "show") && action < 0) {
		fprintf(stderr, "netra finding: unknown subcommand '%s'\n",
		        argv[1]);
		return cli_usage(usage);
	}
	if (parse_args(&a, argc, argv) != 0)
		return cli_usage(usage);
	if (strcmp(argv[1], "list") == 0)
		return do_list(c, &a);
	if (strcmp(argv[1], "show") == 0)
		return do_show(c, &a);
	return do_act(c, &a, action);
}
