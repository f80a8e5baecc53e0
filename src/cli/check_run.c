/*
 * cli/check_run.c - `netra check`'s pipeline (check.h): the main thread
 * reads lines into batches and writes finished batches in input order;
 * worker threads (one netra_judge and one Event parser each, the engine
 * shared read-only) take batches in order and judge them into the
 * batch's own output and message buffers.
 *
 * The batches form a ring of threads + 2 slots, each FREE (the reader
 * may fill it), READY (a worker may take it) or DONE (the writer may
 * write it). A batch holds at most 256 lines or 64 KiB of input (plus
 * the line that crosses it), so memory stays bounded whatever the input
 * and however slow the output; from a pipe a batch also ends when no more
 * input is ready. With one thread the main thread judges each batch
 * itself.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/check.h"
#include "netra/ingest.h"
#include "rules/verdict_json.h"
#include "util/file.h"
#include "util/lines.h"
#include "util/sbuf.h"

#define BATCH_LINES 256
#define BATCH_BYTES (64u << 10)

enum { FREE, READY, DONE };

struct item {
	size_t off, len; /* in the batch's input */
	size_t lineno;
	size_t skipped; /* > 0: the line was over the limit (its length) */
};

struct batch {
	struct sbuf in;
	struct item items[BATCH_LINES];
	size_t n;
	struct sbuf out, err;
	struct check_counts counts;
	int rc; /* a fatal error while judging (out of memory) */
	int state;
};

struct worker {
	netra_judge *j;
	netra_event_parser *p;
	struct pool *pool;
	pthread_t thread;
	int started;
};

struct pool {
	const struct check_opts *o;
	pthread_mutex_t mu;
	pthread_cond_t ready, done;
	struct batch *ring;
	size_t nring;
	size_t next_fill, next_take, next_write; /* batch sequence numbers */
	int stop;
	int flush; /* input from a pipe: flush each batch's verdicts */
	struct worker *w;
	int nw;
};

/* ---- judging one line ------------------------------------------------ */

/* Judges one line into b: its verdict on b->out, or its reason on
 * b->err. 0, or NETRA_ENOMEM. */
static int judge_line(struct worker *w, struct batch *b, const struct item *it)
{
	const struct check_opts *o = w->pool->o;
	const char *line = b->in.data + it->off;
	const netra_verdict *v;
	const netra_event *ev;
	size_t n = it->len;
	char id[32], sz[32];
	int rc;

	if (it->skipped) {
		b->counts.bad++;
		return sbuf_printf(
		    &b->err,
		    "%s:%zu: a record of %zu bytes is over the "
		    "limit of %s (--max-record); skipped\n",
		    o->name, it->lineno, it->skipped,
		    util_size_text(sz, sizeof(sz), o->max_record));
	}
	while (n && line[n - 1] == '\r')
		n--;
	if (n == 0)
		return 0;
	if (o->text_mode) {
		snprintf(id, sizeof(id), "%zu", it->lineno);
		rc = netra_judge_text(w->j, id, line, n, &v);
	} else {
		rc = netra_event_parser_parse_lenient(w->p, line, n, &ev);
		if (rc == 1 && /* judged from its id, type, text and target */
		    sbuf_printf(&b->err,
		                "%s:%zu: warning: %s; judged as given\n",
		                o->name, it->lineno, netra_error_last()))
			return NETRA_ENOMEM;
		if (rc >= 0)
			rc = netra_judge_event(w->j, ev, &v);
	}
	if (rc) {
		b->counts.bad++;
		if (sbuf_printf(&b->err, "%s:%zu: %s\n", o->name, it->lineno,
		                netra_error_last()))
			return NETRA_ENOMEM;
		return rc == NETRA_ENOMEM ? rc : 0;
	}
	if (rules_verdict_json(&b->out, v) || sbuf_putc(&b->out, '\n'))
		return NETRA_ENOMEM;
	b->counts.ok++;
	return 0;
}

static void judge_batch(struct worker *w, struct batch *b)
{
	size_t i;

	sbuf_clear(&b->out);
	sbuf_clear(&b->err);
	memset(&b->counts, 0, sizeof(b->counts));
	b->rc = 0;
	for (i = 0; i < b->n && !b->rc; i++)
		b->rc = judge_line(w, b, &b->items[i]);
	if (b->rc) /* the message is this thread's: keep it with the batch */
		sbuf_printf(&b->err, "netra check: %s\n", netra_error_last());
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->next_take == p->next_fill)
			pthread_cond_wait(&p->ready, &p->mu);
		if (p->next_take == p->next_fill)
			break; /* stopped and nothing left */
		b = &p->ring[p->next_take++ % p->nring];
		pthread_mutex_unlock(&p->mu);
		judge_batch(w, b);
		pthread_mutex_lock(&p->mu);
		b->state = DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---- the ring -------------------------------------------------------- */

/* Whether more input is ready without waiting: always for a regular
 * file; for a pipe or terminal, whether its descriptor is readable now. A
 * batch read from a pipe ends when the writer pauses, so a line typed or
 * piped in one at a time is judged at once, not when 256 have come. */
static int more_ready(const struct lines *ln)
{
	struct pollfd pf;

	if (ln->regular || ln->inpos < ln->inlen)
		return 1;
	pf.fd = fileno(ln->f);
	pf.events = POLLIN;
	pf.revents = 0;
	return poll(&pf, 1, 0) > 0;
}

/* Reads lines into b until it is full (or, from a pipe, until no more
 * input is ready): 1 when it holds lines, 0 at end of input, -1 on a
 * read error or out of memory. */
static int fill(struct lines *ln, struct batch *b)
{
	struct item *it;
	int rc = 0;

	sbuf_clear(&b->in);
	b->n = 0;
	while (b->n < BATCH_LINES && b->in.len < BATCH_BYTES &&
	       (rc = lines_next(ln)) > 0) {
		it = &b->items[b->n++];
		it->lineno = ln->lineno;
		it->off = b->in.len;
		it->len = rc == LINES_OK ? ln->len : 0;
		it->skipped = rc == LINES_TOO_LONG ? ln->skipped : 0;
		if (rc == LINES_OK && sbuf_append(&b->in, ln->line, ln->len))
			return -1;
		if (!more_ready(ln))
			break;
	}
	if (rc < 0)
		return -1;
	return b->n > 0;
}

/* Writes b (DONE) and frees its slot. 0, or -1 (a write or judging
 * error, message printed). */
static int write_batch(struct pool *p, struct batch *b, FILE *out, FILE *err,
                       struct check_counts *c)
{
	if (b->err.len)
		fwrite(b->err.data, 1, b->err.len, err);
	if (b->out.len &&
	    fwrite(b->out.data, 1, b->out.len, out) != b->out.len) {
		fprintf(err, "netra check: write error\n");
		return -1;
	}
	if (p->flush && fflush(out) != 0) {
		fprintf(err, "netra check: write error\n");
		return -1;
	}
	c->ok += b->counts.ok;
	c->bad += b->counts.bad;
	if (b->rc)
		return -1; /* its message was in b->err */
	pthread_mutex_lock(&p->mu);
	b->state = FREE;
	pthread_mutex_unlock(&p->mu);
	return 0;
}

/* Waits for the oldest unwritten batch and writes it. */
static int write_oldest(struct pool *p, FILE *out, FILE *err,
                        struct check_counts *c)
{
	struct batch *b = &p->ring[p->next_write % p->nring];

	pthread_mutex_lock(&p->mu);
	while (b->state != DONE)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	p->next_write++;
	return write_batch(p, b, out, err, c);
}

static int pool_start(struct pool *p, const struct check_opts *o)
{
	int i;

	memset(p, 0, sizeof(*p));
	p->o = o;
	p->nw = o->threads > 1 ? o->threads : 1;
	p->nring = (size_t)p->nw + 2;
	p->ring = calloc(p->nring, sizeof(*p->ring));
	p->w = calloc((size_t)p->nw, sizeof(*p->w));
	if (!p->ring || !p->w)
		return -1;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->done, NULL);
	for (i = 0; i < p->nw; i++) {
		p->w[i].pool = p;
		if (netra_judge_new(&p->w[i].j, o->engine) ||
		    netra_event_parser_new(&p->w[i].p))
			return -1;
	}
	if (o->threads <= 1)
		return 0; /* the main thread judges */
	for (i = 0; i < p->nw; i++) {
		if (pthread_create(&p->w[i].thread, NULL, worker_main,
		                   &p->w[i]))
			return -1;
		p->w[i].started = 1;
	}
	return 0;
}

static void pool_stop(struct pool *p)
{
	size_t k;
	int i;

	if (!p->ring || !p->w)
		goto done;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->ready);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nw; i++) {
		if (p->w[i].started)
			pthread_join(p->w[i].thread, NULL);
		netra_judge_free(p->w[i].j);
		netra_event_parser_free(p->w[i].p);
	}
	for (k = 0; k < p->nring; k++) {
		sbuf_free(&p->ring[k].in);
		sbuf_free(&p->ring[k].out);
		sbuf_free(&p->ring[k].err);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->done);
done:
	free(p->ring);
	free(p->w);
}

/* Fills, hands out and writes batches until the input ends. */
static int pump(struct pool *p, struct lines *ln, FILE *out, FILE *err,
                struct check_counts *c)
{
	struct batch *b;
	int rc;

	for (;;) {
		b = &p->ring[p->next_fill % p->nring];
		while (p->next_write + p->nring <= p->next_fill)
			if (write_oldest(p, out, err, c))
				return -1;
		/* about to wait for a pipe: write what is judged first */
		while (p->next_write < p->next_fill && !more_ready(ln))
			if (write_oldest(p, out, err, c))
				return -1;
		if ((rc = fill(ln, b)) <= 0)
			break;
		if (p->o->threads <= 1) { /* judge it here */
			judge_batch(&p->w[0], b);
			p->next_fill++;
			b->state = DONE;
			if (write_oldest(p, out, err, c))
				return -1;
			continue;
		}
		pthread_mutex_lock(&p->mu);
		b->state = READY;
		p->next_fill++;
		pthread_cond_signal(&p->ready);
		pthread_mutex_unlock(&p->mu);
	}
	while (p->next_write < p->next_fill)
		if (write_oldest(p, out, err, c))
			return -1;
	if (rc < 0) {
		fprintf(err, "netra check: %s: %s\n", p->o->name,
		        netra_error_last());
		return -1;
	}
	return 0;
}

int check_run(struct check_counts *out_counts, const struct check_opts *o,
              FILE *in, FILE *out, FILE *err)
{
	struct lines ln;
	struct pool p;
	int rc = -1;

	memset(out_counts, 0, sizeof(*out_counts));
	if (lines_init(&ln, in, o->max_record))
		return -1;
	if (pool_start(&p, o)) {
		fprintf(err, "netra check: cannot start: %s\n",
		        netra_error_last());
		goto done;
	}
	p.flush = !ln.regular;
	rc = pump(&p, &ln, out, err, out_counts);
done:
	pool_stop(&p);
	lines_free(&ln);
	return rc;
}

int check_text(const struct check_opts *o, const char *text, FILE *out)
{
	const netra_verdict *v;
	netra_judge *j = NULL;
	struct sbuf b = SBUF_INIT;
	int rc = -1;

	if (netra_judge_new(&j, o->engine) ||
	    netra_judge_text(j, "1", text, strlen(text), &v) ||
	    rules_verdict_json(&b, v) || sbuf_putc(&b, '\n'))
		goto done;
	rc = fwrite(b.data, 1, b.len, out) == b.len ? 0 : -1;
done:
	sbuf_free(&b);
	netra_judge_free(j);
	return rc;
}
