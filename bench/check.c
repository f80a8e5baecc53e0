/*
 * bench/check.c - the library judge's throughput on the events of a JSONL
 * file, the baseline `netra check FILE` is measured against (bench/check.sh
 * runs both on the same file in one run).
 *
 *   bench_check ELECTION EVENTS.jsonl [DATA_DIR]
 *
 * Every line is read and parsed first (netra_event_parser_parse_lenient,
 * as netra check reads it) and the event copied into memory; then one
 * judge judges them all on this thread, timed alone (wall and this
 * process's CPU time). Prints one line of key=value figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netra/engine.h"
#include "netra/ingest.h"
#include "util/arena.h"
#include "util/lines.h"

struct pool {
	netra_event *ev;
	size_t n, cap;
	struct arena strs;
};

static double clock_s(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int copy_str(struct arena *a, netra_str *s)
{
	char *p;

	if (!s->s)
		return 0;
	if (!(p = arena_strndup(a, s->s, s->len)))
		return -1;
	s->s = p;
	return 0;
}

/* Appends a deep copy of ev (media are not copied: none in demo events). */
static int keep(struct pool *p, const netra_event *ev)
{
	netra_event *c;

	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 1024;
		netra_event *q = realloc(p->ev, cap * sizeof(*q));
		if (!q)
			return -1;
		p->ev = q;
		p->cap = cap;
	}
	c = &p->ev[p->n];
	*c = *ev;
	c->media = NULL;
	c->media_count = 0;
	c->raw.s = NULL;
	c->raw.len = 0;
	if (copy_str(&p->strs, &c->platform) || copy_str(&p->strs, &c->id) ||
	    copy_str(&p->strs, &c->account) ||
	    copy_str(&p->strs, &c->created_at) ||
	    copy_str(&p->strs, &c->text) || copy_str(&p->strs, &c->url) ||
	    copy_str(&p->strs, &c->target.account) ||
	    copy_str(&p->strs, &c->target.id) ||
	    copy_str(&p->strs, &c->target.text))
		return -1;
	p->n++;
	return 0;
}

static int load(struct pool *p, const char *path)
{
	netra_event_parser *ps = NULL;
	const netra_event *ev;
	struct lines ln;
	FILE *f = fopen(path, "rb");
	int rc = -1;

	if (!f || netra_event_parser_new(&ps) ||
	    lines_init(&ln, f, NETRA_INGEST_MAX_RECORD))
		goto done;
	while ((rc = lines_next(&ln)) > 0) {
		if (rc != LINES_OK || ln.len == 0)
			continue;
		rc = netra_event_parser_parse_lenient(ps, ln.line, ln.len, &ev);
		if (rc >= 0 && keep(p, ev))
			break;
	}
	rc = rc < 0 ? -1 : 0;
	lines_free(&ln);
done:
	netra_event_parser_free(ps);
	if (f)
		fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct netra_engine_opts o = {0};
	static struct pool p;
	const netra_verdict *v;
	netra_engine *e = NULL;
	netra_judge *j = NULL;
	double w0, c0, w, c;
	size_t i, flagged = 0;

	if (argc < 3) {
		fputs("usage: bench_check ELECTION EVENTS.jsonl [DATA_DIR]\n",
		      stderr);
		return 2;
	}
	o.election_path = argv[1];
	o.data_dir = argc > 3 ? argv[3] : NULL;
	if (load(&p, argv[2]) || netra_engine_new(&e, &o) ||
	    netra_judge_new(&j, e)) {
		fprintf(stderr, "bench_check: %s\n", netra_error_last());
		return 1;
	}
	w0 = clock_s(CLOCK_MONOTONIC);
	c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < p.n; i++) {
		if (netra_judge_event(j, &p.ev[i], &v)) {
			fprintf(stderr, "bench_check: %s\n",
			        netra_error_last());
			return 1;
		}
		flagged += v->nfindings > 0;
	}
	w = clock_s(CLOCK_MONOTONIC) - w0;
	c = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("judge_events=%zu judge_flagged=%zu judge_wall=%.3f "
	       "judge_cpu=%.3f judge_per_s=%.0f judge_per_cpu_s=%.0f\n",
	       p.n, flagged, w, c, (double)p.n / w, (double)p.n / c);
	netra_judge_free(j);
	netra_engine_free(e);
	arena_free(&p.strs);
	free(p.ev);
	return 0;
}
