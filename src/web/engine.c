/*
 * web/engine.c - what `netra serve` judges and shows the rules with (the
 * self-check's engine, the rulebook of the pedoman page), kept current
 * while the server runs.
 *
 * The engine is built from the inputs `netra scan` remembers in the store
 * (meta scan.election, scan.rules, scan.hoaxes; --election overrides the
 * profile) and, without a debunk file, from the store's debunks: the same
 * inputs, and the same notion of "changed", as a scanner's refresh
 * (workflow/scan.c): another remembered path, or another count or last
 * import time of the store's debunks; here also another size or
 * modification time of one of the files, so a profile edited in place is
 * seen too. A thread of its own looks at these every few seconds
 * (--refresh-seconds), builds a new generation (engine, rulebook) off the
 * request path when they changed, and swaps it in under a mutex: a
 * request takes a reference to the generation current when it starts (and
 * borrows one of its judges), so it never sees a half-built engine, and
 * a replaced generation is freed when its last request ends. A build
 * that fails (a profile made invalid) keeps the old generation, says why
 * on stderr, and is tried again only when the inputs change again.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "netra/engine.h"
#include "rules/rulebook.h"
#include "store/hoaxes.h"
#include "store/store.h"
#include "util/error.h"
#include "web/engine.h"
#include "workflow/scan.h"

/* What a generation was built from. */
struct stamp {
	char *path[3];            /* election, rules, hoaxes; NULL: none */
	int64_t size[3], mtime[3];
	int64_t hoax_n, hoax_t;   /* the store's debunks (no hoax file) */
};

struct web_gen {
	struct web_shared shared; /* engine, rulebook, examples */
	netra_engine *engine;
	struct rules_rulebook *rulebook;
	netra_judge **idle;       /* judges no request holds */
	size_t nidle, cap;
	unsigned refs;            /* requests holding it, +1 while current */
	struct stamp stamp;
};

static const char *const meta_keys[3] = {"scan.election", "scan.rules",
                                         "scan.hoaxes"};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t wake;
	pthread_t thread;
	int running, stop;
	const struct web_opts *opts;
	const struct web_example *examples;
	size_t nexamples;
	struct web_gen *cur;
	struct stamp failed;      /* inputs of the last failed build */
	int has_failed;
} eng;

static void stamp_free(struct stamp *s)
{
	int i;

	for (i = 0; i < 3; i++)
		free(s->path[i]);
	memset(s, 0, sizeof(*s));
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int stamp_same(const struct stamp *a, const struct stamp *b)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!same_str(a->path[i], b->path[i]) || a->size[i] != b->size[i] ||
		    a->mtime[i] != b->mtime[i])
			return 0;
	return a->hoax_n == b->hoax_n && a->hoax_t == b->hoax_t;
}

/* The inputs as they are now: the paths (--election first), their sizes
 * and times (0 when a file cannot be read: the build will say why), and
 * the store's debunks when no debunk file is known. */
static int stamp_read(struct stamp *s, netra_store *st)
{
	struct stat sb;
	int i, rc = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < 3 && !rc; i++) {
		if (i == 0 && eng.opts->election_path)
			rc = (s->path[0] = strdup(eng.opts->election_path))
			         ? 0
			         : err_oom();
		else
			rc = store_meta_get(&s->path[i], st, meta_keys[i]);
		if (!rc && s->path[i] && stat(s->path[i], &sb) == 0) {
			s->size[i] = (int64_t)sb.st_size;
			s->mtime[i] = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
			              sb.st_mtim.tv_nsec;
		}
	}
	if (!rc && !s->path[2])
		rc = store_hoax_stamp(&s->hoax_n, &s->hoax_t, st);
	if (rc)
		stamp_free(s);
	return rc;
}

static void gen_free(struct web_gen *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->nidle; i++)
		netra_judge_free(g->idle[i]);
	free(g->idle);
	netra_engine_free(g->engine);
	rules_rulebook_free(g->rulebook);
	stamp_free(&g->stamp);
	free(g);
}

/* The rulebook in force: the remembered one, else the data directory's. */
static int load_rulebook(struct rules_rulebook **out, const struct stamp *s)
{
	char def[4096];

	if (s->path[1])
		return rules_rulebook_load(out, s->path[1]);
	snprintf(def, sizeof(def), "%s/rulebook.yaml",
	         netra_engine_default_data_dir());
	return rules_rulebook_load(out, def);
}

/* A generation from the inputs of stamp s (taken over by it). No
 * election profile known is not an error: the self-check is off. */
static int gen_build(struct web_gen **out, netra_store *st, struct stamp *s)
{
	struct web_gen *g = calloc(1, sizeof(*g));
	struct wf_scan_opts so;
	int rc;

	*out = NULL;
	if (!g) {
		stamp_free(s);
		return err_oom();
	}
	g->stamp = *s;
	memset(s, 0, sizeof(*s));
	memset(&so, 0, sizeof(so));
	so.election_path = eng.opts->election_path;
	rc = wf_scan_engine(&g->engine, st, &so);
	/* no election profile known (or, at start, a remembered one that
	 * does not load): the self-check is off; later, a profile that does
	 * not load keeps the engine the server has */
	if (rc == NETRA_EINVALID && !eng.opts->election_path &&
	    (!g->stamp.path[0] || !eng.cur)) {
		if (g->stamp.path[0])
			fprintf(stderr, "netra serve: %s\n", netra_error_last());
		rc = 0;
	}
	if (!rc)
		rc = load_rulebook(&g->rulebook, &g->stamp);
	if (rc) {
		gen_free(g);
		return rc;
	}
	g->shared.engine = g->engine;
	g->shared.rulebook = g->rulebook;
	g->shared.examples = eng.examples;
	g->shared.nexamples = eng.nexamples;
	g->refs = 1; /* current */
	*out = g;
	return 0;
}

/* Drops one reference of g; frees it (outside the lock) at the last. */
static void gen_unref(struct web_gen *g)
{
	int last;

	pthread_mutex_lock(&eng.mu);
	last = --g->refs == 0;
	pthread_mutex_unlock(&eng.mu);
	if (last)
		gen_free(g);
}

/* One look at the inputs; a new generation swapped in if they changed. */
static int refresh(netra_store *st)
{
	struct web_gen *g = NULL, *old;
	struct stamp s;
	int rc;

	if ((rc = stamp_read(&s, st)))
		return rc;
	pthread_mutex_lock(&eng.mu);
	rc = (eng.cur && stamp_same(&s, &eng.cur->stamp)) ||
	     (eng.has_failed && stamp_same(&s, &eng.failed));
	pthread_mutex_unlock(&eng.mu);
	if (rc) {
		stamp_free(&s);
		return 0;
	}
	if ((rc = gen_build(&g, st, &s))) {
		/* the same inputs are not tried again until they change */
		stamp_free(&eng.failed);
		eng.has_failed = stamp_read(&eng.failed, st) == 0;
		return rc;
	}
	pthread_mutex_lock(&eng.mu);
	old = eng.cur;
	eng.cur = g;
	pthread_mutex_unlock(&eng.mu);
	if (old) {
		fprintf(stderr, "netra serve: the self-check's engine was "
		                "rebuilt (its inputs changed)\n");
		gen_unref(old);
	}
	return 0;
}

static void *watch(void *arg)
{
	unsigned every = eng.opts->refresh_seconds;
	netra_store *st = NULL;
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&eng.mu);
	while (!eng.stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += every;
		while (!eng.stop &&
		       pthread_cond_timedwait(&eng.wake, &eng.mu, &until) !=
		           ETIMEDOUT)
			;
		if (eng.stop)
			break;
		pthread_mutex_unlock(&eng.mu);
		if ((st || netra_store_open(&st, eng.opts->db_path) == 0) &&
		    refresh(st) != 0)
			fprintf(stderr, "netra serve: the self-check keeps its "
			                "engine: %s\n",
			        netra_error_last());
		pthread_mutex_lock(&eng.mu);
	}
	pthread_mutex_unlock(&eng.mu);
	netra_store_close(st);
	return NULL;
}

int web_engine_start(const struct web_opts *o,
                     const struct web_example *examples, size_t n)
{
	netra_store *st = NULL;
	int rc;

	memset(&eng, 0, sizeof(eng));
	if (pthread_mutex_init(&eng.mu, NULL) ||
	    pthread_cond_init(&eng.wake, NULL))
		return err_set(NETRA_ERROR, "cannot make the engine's lock");

	eng.opts = o;
	eng.examples = examples;
	eng.nexamples = n;
	if ((rc = netra_store_open(&st, o->db_path)))
		return rc;
	rc = refresh(st);
	netra_store_close(st);
	if (rc)
		return rc;
	if (!eng.cur->engine)
		fprintf(stderr, "netra serve: no election profile known yet "
		                "(run `netra scan --election FILE` or give "
		                "--election): the self-check page is off until "
		                "one is\n");
	if (o->refresh_seconds == 0)
		return 0;
	if (pthread_create(&eng.thread, NULL, watch, NULL))
		return err_set(NETRA_ERROR, "cannot start the engine's watcher");
	eng.running = 1;
	return 0;
}

void web_engine_stop(void)
{
	struct web_gen *g;

	pthread_mutex_lock(&eng.mu);
	eng.stop = 1;
	pthread_cond_broadcast(&eng.wake);
	pthread_mutex_unlock(&eng.mu);
	if (eng.running)
		pthread_join(eng.thread, NULL);
	eng.running = 0;
	pthread_mutex_lock(&eng.mu);
	g = eng.cur;
	eng.cur = NULL;
	pthread_mutex_unlock(&eng.mu);
	if (g)
		gen_unref(g);
	stamp_free(&eng.failed);
	pthread_cond_destroy(&eng.wake);
	pthread_mutex_destroy(&eng.mu);
}

struct web_gen *web_engine_take(netra_judge **judge)
{
	struct web_gen *g;

	*judge = NULL;
	pthread_mutex_lock(&eng.mu);
	g = eng.cur;
	if (g) {
		g->refs++;
		if (g->nidle)
			*judge = g->idle[--g->nidle];
	}
	pthread_mutex_unlock(&eng.mu);
	if (g && g->engine && !*judge && netra_judge_new(judge, g->engine)) {
		fprintf(stderr, "netra serve: %s\n", netra_error_last());
		*judge = NULL;
	}
	return g;
}

void web_engine_give(struct web_gen *g, netra_judge *judge)
{
	netra_judge **idle;

	if (!g) {
		netra_judge_free(judge);
		return;
	}
	if (judge) {
		pthread_mutex_lock(&eng.mu);
		if (g->nidle == g->cap &&
		    (idle = realloc(g->idle, (g->cap * 2 + 4) * sizeof(*idle)))) {
			g->idle = idle;
			g->cap = g->cap * 2 + 4;
		}
		if (g->nidle < g->cap) {
			g->idle[g->nidle++] = judge;
			judge = NULL;
		}
		pthread_mutex_unlock(&eng.mu);
		netra_judge_free(judge); /* no room: not kept */
	}
	gen_unref(g);
}

const struct web_shared *web_gen_shared(const struct web_gen *g)
{
	return &g->shared;
}
