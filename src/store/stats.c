/*
 * store/stats.c - netra_store_stats(): the headline counts behind
 * `netra stats` (active units, employees and accounts; events, verdicts;
 * findings per workflow state), as text for people or JSON for
 * monitoring scripts. Uses only the store_* interface, so it works on
 * every backend.
 */
#include <inttypes.h>
#include <string.h>

#include "store/store.h"
#include "util/error.h"
#include "util/sbuf.h"

/* Workflow states (DESIGN.md), always listed even when 0. */
static const char *const states[] = {
    "baru",
    "ditinjau_opd",
    "ditolak",
    "dikonfirmasi_opd",
    "diverifikasi_bkpp",
    "diteruskan",
    "selesai",
};
#define NSTATES (sizeof(states) / sizeof(states[0]))

/* Extra states found in the store but not in the list above. */
#define MAX_OTHER 32

struct stats {
	int64_t units, employees, accounts, events, verdicts;
	int64_t per_state[NSTATES];
	char other[MAX_OTHER][64];
	int64_t other_n[MAX_OTHER];
	size_t nother;
	int64_t findings;
};

static int count(netra_store *st, const char *sql, int64_t *out)
{
	return store_query_int64(out, st, sql, NULL, 0);
}

static void add_state(struct stats *s, const char *name, size_t n, int64_t c)
{
	size_t i;

	s->findings += c;
	for (i = 0; i < NSTATES; i++)
		if (strlen(states[i]) == n && memcmp(states[i], name, n) == 0) {
			s->per_state[i] += c;
			return;
		}
	if (s->nother < MAX_OTHER && n < sizeof(s->other[0])) {
		memcpy(s->other[s->nother], name, n);
		s->other[s->nother][n] = '\0';
		s->other_n[s->nother++] = c;
	}
}

static int load(netra_store *st, struct stats *s)
{
	store_stmt *q = NULL;
	const char *name;
	size_t n;
	int rc;

	if ((rc = count(st, "SELECT COUNT(*) FROM units WHERE active = 1",
	                &s->units)) ||
	    (rc = count(st, "SELECT COUNT(*) FROM employees WHERE active = 1",
	                &s->employees)) ||
	    (rc = count(st, "SELECT COUNT(*) FROM accounts WHERE active = 1",
	                &s->accounts)) ||
	    (rc = count(st, "SELECT COUNT(*) FROM events", &s->events)) ||
	    (rc = count(st, "SELECT COUNT(*) FROM verdicts", &s->verdicts)))
		return rc;
	rc = store_prepare(&q, st,
	                   "SELECT state, COUNT(*) FROM findings "
	                   "GROUP BY state ORDER BY state");
	while (rc == 0 && (rc = store_step(q)) == STORE_ROW) {
		name = store_column_text(q, 0, &n);
		add_state(s, name, n, store_column_int64(q, 1));
		rc = 0;
	}
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

static int render_json(struct sbuf *b, const struct stats *s)
{
	size_t i;
	int rc = sbuf_printf(b,
	                     "{\"units\":%" PRId64 ",\"employees\":%" PRId64
	                     ",\"accounts\":%" PRId64 ",\"events\":%" PRId64
	                     ",\"verdicts\":%" PRId64 ",\"findings\":{",
	                     s->units, s->employees, s->accounts, s->events,
	                     s->verdicts);

	for (i = 0; rc == 0 && i < NSTATES; i++)
		rc = sbuf_printf(b, "%s\"%s\":%" PRId64, i ? "," : "",
		                 states[i], s->per_state[i]);
	for (i = 0; rc == 0 && i < s->nother; i++) {
		rc = sbuf_putc(b, ',');
		if (rc == 0)
			rc = sbuf_json_str(b, s->other[i], strlen(s->other[i]));
		if (rc == 0)
			rc = sbuf_printf(b, ":%" PRId64, s->other_n[i]);
	}
	return rc ? rc : sbuf_puts(b, "}}\n");
}

static int render_text(struct sbuf *b, const struct stats *s)
{
	size_t i;
	int rc = sbuf_printf(b,
	                     "unit kerja aktif  %12" PRId64 "\n"
	                     "pegawai aktif     %12" PRId64 "\n"
	                     "akun aktif        %12" PRId64 "\n"
	                     "peristiwa         %12" PRId64 "\n"
	                     "putusan           %12" PRId64 "\n"
	                     "temuan            %12" PRId64 "\n",
	                     s->units, s->employees, s->accounts, s->events,
	                     s->verdicts, s->findings);

	for (i = 0; rc == 0 && i < NSTATES; i++)
		rc = sbuf_printf(b, "  %-17s%10" PRId64 "\n", states[i],
		                 s->per_state[i]);
	for (i = 0; rc == 0 && i < s->nother; i++)
		rc = sbuf_printf(b, "  %-17s%10" PRId64 "\n", s->other[i],
		                 s->other_n[i]);
	return rc;
}

int netra_store_stats(char **out, netra_store *st, int json)
{
	struct stats s;
	struct sbuf b = SBUF_INIT;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if ((rc = load(st, &s)))
		goto done;
	rc = json ? render_json(&b, &s) : render_text(&b, &s);
	if (rc)
		goto done;
	*out = sbuf_detach(&b);
	if (!*out)
		rc = err_oom();
done:
	sbuf_free(&b);
	return rc;
}
