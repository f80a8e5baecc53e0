/*
 * store/stats.c - netra_store_stats(): the headline counts behind
 * `netra stats` (active units, employees and accounts; events, verdicts;
 * findings per workflow state) as JSON data; the command line renders
 * it for people, monitoring scripts read it as is. Uses only the store_*
 * interface, so it works on every backend.
 */
#include <inttypes.h>
#include <string.h>

#include "store/store.h"
#include "util/error.h"

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
	int64_t units, employees, accounts, events, judged, verdicts;
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
	    (rc = count(st, "SELECT COALESCE(SUM(judged), 0) FROM scan_marks",
	                &s->judged)) ||
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

static json_t *to_json(const struct stats *s)
{
	json_t *o, *f = json_object();
	size_t i;

	for (i = 0; f && i < NSTATES; i++)
		if (json_object_set_new(f, states[i],
		                        json_integer(s->per_state[i])))
			goto oom;
	for (i = 0; f && i < s->nother; i++)
		if (json_object_set_new(f, s->other[i],
		                        json_integer(s->other_n[i])))
			goto oom;
	if (!f)
		return NULL;
	o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "units",
	              (json_int_t)s->units, "employees",
	              (json_int_t)s->employees, "accounts",
	              (json_int_t)s->accounts, "events", (json_int_t)s->events,
	              "judged", (json_int_t)s->judged, "verdicts",
	              (json_int_t)s->verdicts, "findings", f);
	return o;
oom:
	json_decref(f);
	return NULL;
}

int netra_store_stats(json_t **out, netra_store *st)
{
	struct stats s;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if ((rc = load(st, &s)))
		return rc;
	if (!(*out = to_json(&s)))
		return err_oom();
	return 0;
}
