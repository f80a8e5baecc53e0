/*
 * collect/run.c - `netra collect`: the loop of collector.h. For each
 * configured platform, each active registered account is claimed under a
 * lease, resolved (stable id, rename, status), its endpoints walked page
 * by page - each page's events and its cursor committed in one ingest
 * transaction - and its recent posts asked for again to find the ones
 * deleted. One round, or rounds every `interval` seconds.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collect/collect_int.h"
#include "rules/profile.h"
#include "store/store.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "workflow/lease.h"

#define DEFAULT_REJECTS "netra-rejects-collect.jsonl"

/* A platform's run state. */
struct prun {
	netra_store *st;
	const struct collect_run_opts *o;
	const struct collect_conf *conf;
	const struct collect_module *mod;
	const struct collect_platform_conf *pc;
	struct collect_creds *creds;
	struct collect_env env;
	struct collect_budget budget;
	netra_ingest *ing;
	struct collect_run_result *res;
	char owner[128];
	char source[40];
	int64_t due_ms; /* the round's start */
	int store_failed; /* a store call failed: the run stops */
	/* The store is one connection: while a page is fetched ahead on its
	 * own thread, the budget charges of that fetch and the ingest of the
	 * page before it take turns under this lock. */
	pthread_mutex_t store_mu;
	int budget_failed; /* the store failed in a budget charge */
	int ticket;        /* a request charged ahead for the fetch thread */
	int64_t ticket_hour;
};

/* The page hook's context: runs inside the page's transaction. */
struct page_hook {
	struct prun *p;
	int64_t account_id;
	const char *endpoint;
	const struct collect_cursor *cursor;
};

static int64_t now_s(void)
{
	return civil_now();
}

static int64_t now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void say(const struct prun *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(const struct prun *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->o->log)
		return;
	va_start(ap, fmt);
	vfprintf(p->o->log, fmt, ap);
	va_end(ap);
	fputc('\n', p->o->log);
	fflush(p->o->log);
}

/* Where an error comes from decides what it costs, never its code or
 * its message: st() wraps every call on the store, mod() every call of a
 * module. rc of a call on the store: a database failure (NETRA_EIO,
 * ENOMEM, ERROR) sets store_failed and stops the run; what the store
 * refuses for one account (a lease lost, NETRA_ESTATE; a user id or
 * handle another account has, NETRA_EEXISTS; a page ingest could not
 * read, NETRA_EINVALID) costs that account only. A module's errors,
 * whatever their code (a transport failure is NETRA_EIO too), cost its
 * account only, unless the store failed under it (a budget charge:
 * budget_take, mod()). tests/collect/test_run.c. */
static int st(struct prun *p, int rc)
{
	if (rc == NETRA_EIO || rc == NETRA_ENOMEM || rc == NETRA_ERROR)
		p->store_failed = 1;
	return rc;
}

/* A failure of one account or endpoint (never the store's: the caller
 * checked store_failed): recorded and counted. A failure to record it is
 * the store's, returned: it stops the run. */
static int record_error(struct prun *p, int64_t account_id,
                        const char *handle, const char *endpoint)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), "%s", netra_error_last());
	p->res->errors++;
	say(p, "collect %s @%s %s: %s", p->mod->platform,
	    handle ? handle : "-", endpoint ? endpoint : "-", msg);
	return st(p, collect_error_add(p->st, p->mod->platform, account_id,
	                               endpoint, p->owner, msg, now_s()));
}

/* The client's budget callback (collect_budget_fn, ctx the prun): a
 * request the main thread charged ahead for a fetch ahead (the ticket) is
 * spent first; any other request is charged in the store, under the
 * store's lock. A failure of the store here is the store's, not the
 * module's: the run stops (budget_failed, read once the fetch returned). */
static int budget_take(void *ctx, const char *platform, int64_t *wait_until)
{
	struct prun *p = ctx;
	int rc;

	if (!p->budget.per_hour)
		return 0;
	if (p->ticket) {
		p->ticket = 0;
		return 0;
	}
	pthread_mutex_lock(&p->store_mu);
	rc = collect_budget_take(&p->budget, platform, wait_until);
	pthread_mutex_unlock(&p->store_mu);
	if (rc < 0)
		p->budget_failed = 1;
	return rc;
}

/* A module call's rc: the store's failure when a budget charge of that
 * call failed (whatever code the module passed on), else the module's. */
static int mod(struct prun *p, int rc)
{
	if (p->budget_failed)
		p->store_failed = 1;
	return rc;
}

static int page_commit(void *ctx)
{
	struct page_hook *h = ctx;
	int rc;

	if ((rc = collect_renew(h->p->st, h->account_id, h->p->pc->platform,
	                        h->p->owner,
	                        now_s() + h->p->conf->lease_seconds)))
		return rc;
	return collect_cursor_save(h->p->st, h->account_id, h->endpoint,
	                           h->cursor, now_s());
}

static void count(struct prun *p, const netra_ingest_result *ir)
{
	p->res->ingested += ir->ingested;
	p->res->duplicates += ir->duplicates;
	p->res->rejected += ir->rejected;
	p->res->not_registered += ir->skipped;
}

/* Ingests page->body with the cursor (hook NULL: no cursor). */
static int ingest_page(struct prun *p, struct collect_page *page,
                       struct page_hook *h, netra_ingest_result *ir)
{
	int rc = netra_ingest_buffer(p->ing, p->source, page->format,
	                             page->body.data ? page->body.data : "",
	                             page->body.len, h ? page_commit : NULL, h,
	                             ir);

	if (rc == 0)
		count(p, ir);
	return rc;
}

/* A page fetched on its own thread while the page before it is ingested
 * (docs/collect.md, "Fetching ahead"). */
struct ahead {
	struct prun *p;
	const struct collect_account *acct;
	const char *endpoint;
	struct collect_page page;
	pthread_t thread;
	int started;
	int rc;
	char err[1024]; /* the thread's message when rc */
};

static void *ahead_main(void *arg)
{
	struct ahead *a = arg;

	a->rc = a->p->mod->fetch(&a->page, &a->p->env, a->acct, a->endpoint);
	if (a->rc)
		snprintf(a->err, sizeof(a->err), "%s", netra_error_last());
	return NULL;
}

static void page_reset(struct collect_page *page,
                       const struct collect_cursor *cur)
{
	sbuf_clear(&page->body);
	page->format = NETRA_FMT_JSONL;
	page->cursor = *cur;
	page->done = page->newest_first_stop = 0;
}

/* Starts fetching the page after cur on a thread. With a budget, its
 * first request is charged now, by this thread, so that the fetch need
 * not wait for the store; a budget spent fetches nothing ahead (the
 * page is then fetched in turn, waiting for the budget as always). */
static int ahead_start(struct ahead *a, const struct collect_cursor *cur)
{
	struct prun *p = a->p;
	int64_t until = 0;
	int rc;

	a->started = 0;
	if (p->budget.per_hour) {
		rc = st(p, collect_budget_take(&p->budget, p->mod->platform,
		                               &until));
		if (rc)
			return rc < 0 ? rc : 0;
		p->ticket = 1;
		p->ticket_hour = p->budget.hour;
	}
	page_reset(&a->page, cur);
	if (pthread_create(&a->thread, NULL, ahead_main, a) == 0) {
		a->started = 1;
		return 0;
	}
	/* no thread: the page is fetched in turn */
	p->ticket = 0;
	return p->budget.per_hour
	           ? st(p, collect_budget_refund(&p->budget, p->mod->platform,
	                                         p->ticket_hour))
	           : 0;
}

/* Waits for the fetch ahead and gives back its charge when it sent no
 * request. Its own result stays in a->rc and a->err; returns 0, or the
 * store's failure (a refund, or a budget charge of the fetch). */
static int ahead_join(struct ahead *a)
{
	struct prun *p = a->p;
	int rc;

	if (!a->started)
		return 0;
	pthread_join(a->thread, NULL);
	a->started = 0;
	if (p->ticket) {
		p->ticket = 0;
		if ((rc = st(p, collect_budget_refund(&p->budget,
		                                      p->mod->platform,
		                                      p->ticket_hour))))
			return rc;
	}
	if (p->budget_failed) {
		p->store_failed = 1;
		return err_set(a->rc ? a->rc : NETRA_EIO, "%s", a->err);
	}
	return 0;
}

/* Ingests page with its cursor, under the store's lock (a fetch ahead
 * may charge the budget meanwhile). */
static int ingest_locked(struct prun *p, struct collect_page *page,
                         struct page_hook *h, netra_ingest_result *ir)
{
	int rc;

	pthread_mutex_lock(&p->store_mu);
	rc = st(p, ingest_page(p, page, h, ir));
	pthread_mutex_unlock(&p->store_mu);
	return rc;
}

static int stopping(const struct prun *p)
{
	return p->o->stop && *p->o->stop;
}

/* After a stored page: *over = 1 when the walk ends with it (the last
 * page; an endpoint walked until a page brings nothing new, whose cursor
 * then starts over; max_pages; a stop asked). */
static int walk_over(int *over, struct prun *p, int64_t account_id,
                     const char *key, const struct collect_page *page,
                     const netra_ingest_result *ir, long pages)
{
	struct collect_cursor cur = page->cursor;

	*over = 1;
	if (page->done)
		return 0;
	if (page->newest_first_stop && ir->ingested == 0 && ir->read) {
		/* everything on this page was seen: the rest too */
		cur.page[0] = cur.top[0] = '\0';
		return st(p, collect_cursor_save(p->st, account_id, key, &cur,
		                                  now_s()));
	}
	*over = pages >= p->conf->max_pages || stopping(p);
	return 0;
}

/* Walks one endpoint of acct from its stored cursor. Page n+1 is fetched
 * on a thread while page n is ingested, unless page n ended the walk,
 * may end it (an endpoint walked until a page brings nothing new: no
 * request is spent on a page that may not be needed) or is the last of
 * max_pages. A page fetched ahead and not used (the ingest failed, a
 * stop was asked) is dropped: its cursor was never stored, so nothing is
 * lost and the next walk asks for it again. */
static int walk(struct prun *p, const struct collect_account *acct,
                const char *endpoint)
{
	struct collect_page page, t;
	struct collect_cursor cur;
	char key[96];
	struct page_hook h = {p, acct->id, key, &page.cursor};
	struct ahead a = {.p = p, .acct = acct, .endpoint = endpoint};
	netra_ingest_result ir;
	long pages = 0;
	int rc, rc2, ahead, over = 0;

	/* a second module of one platform keeps cursors of its own */
	snprintf(key, sizeof(key), "%s%s%s", p->mod->name ? p->mod->name : "",
	         p->mod->name ? "/" : "", endpoint);
	memset(&page, 0, sizeof(page));
	if ((rc = st(p, collect_cursor_load(&cur, p->st, acct->id, key))) ||
	    p->conf->max_pages <= 0 || stopping(p))
		return rc;
	for (ahead = 0; !over;) {
		if (ahead && a.rc) { /* what fetching in turn would say */
			rc = err_set(a.rc, "%s", a.err);
			break;
		} else if (ahead) { /* the page fetched ahead is the next */
			t = page, page = a.page, a.page = t;
		} else {
			page_reset(&page, &cur);
			if ((rc = mod(p, p->mod->fetch(&page, &p->env, acct,
			                               endpoint))))
				break;
		}
		ahead = 0;
		if (!page.done && !page.newest_first_stop &&
		    pages + 1 < p->conf->max_pages && !stopping(p)) {
			if ((rc = ahead_start(&a, &page.cursor)))
				break;
			ahead = a.started;
		}
		rc = ingest_locked(p, &page, &h, &ir);
		if ((rc2 = ahead_join(&a)) && !rc)
			rc = rc2;
		if (rc)
			break;
		p->res->pages++;
		cur = page.cursor;
		if ((rc = walk_over(&over, p, acct->id, key, &page, &ir,
		                    ++pages)))
			break;
	}
	sbuf_free(&page.body);
	sbuf_free(&a.page.body);
	return rc;
}

/* Asks for the account's recent posts again; delete events for the gone
 * ones. */
static int check_gone(struct prun *p, const struct collect_account *acct)
{
	struct collect_page page;
	netra_ingest_result ir;
	int64_t since;
	char **ids = NULL;
	size_t n = 0, i, k;
	int rc;

	if (!p->mod->gone || !p->mod->gone_batch || !p->conf->deletion_days ||
	    !p->conf->deletion_max)
		return 0;
	since = now_s() - (int64_t)p->conf->deletion_days * 86400;
	if (since < p->env.window_start)
		since = p->env.window_start;
	if ((rc = st(p, collect_recent_posts(&ids, &n, p->st, acct->id, since,
	                                     (size_t)p->conf->deletion_max))))
		return rc;
	memset(&page, 0, sizeof(page));
	for (i = 0; i < n && rc == 0; i += k) {
		k = n - i < p->mod->gone_batch ? n - i : p->mod->gone_batch;
		sbuf_clear(&page.body);
		page.format = NETRA_FMT_JSONL;
		if ((rc = mod(p, p->mod->gone(&page, &p->env, acct,
		                              (const char *const *)ids + i,
		                              k))) ||
		    !page.body.len)
			continue;
		if ((rc = st(p, ingest_page(p, &page, NULL, &ir))) == 0)
			p->res->deleted += ir.ingested;
	}
	sbuf_free(&page.body);
	collect_ids_free(ids, n);
	return rc;
}

/* Resolves acct and records what was learned; *go = 0 when the account
 * is not to be fetched. */
static int resolve(struct prun *p, struct collect_account *acct,
                   struct collect_profile *prof, int *go)
{
	char idh[80];
	int renamed = 0, rc;

	*go = 0;
	memset(prof, 0, sizeof(*prof));
	if ((rc = mod(p, p->mod->resolve(prof, &p->env, acct))) ||
	    (rc = st(p, collect_record_profile(p->st, acct, prof, now_s(),
	                                       &renamed))))
		return rc;
	if (renamed) {
		p->res->renamed++;
		say(p, "collect %s: @%s is now @%s", p->mod->platform,
		    acct->handle, prof->handle);
		acct->handle = prof->handle;
		if ((rc = st(p, netra_ingest_add_account(p->ing, acct->platform,
		                                         acct->handle, acct->id))))
			return rc;
	}
	if (prof->uid[0]) {
		acct->uid = prof->uid;
		snprintf(idh, sizeof(idh), "id:%s", prof->uid);
		if ((rc = st(p, netra_ingest_add_account(p->ing, acct->platform,
		                                         idh, acct->id))))
			return rc;
	}
	if (prof->status != COLLECT_ACTIVE) {
		say(p, "collect %s: @%s is %s%s%s", p->mod->platform,
		    acct->handle, collect_status_name(prof->status),
		    prof->detail[0] ? ": " : "", prof->detail);
		return 0;
	}
	*go = 1;
	return 0;
}

static int one_account(struct prun *p, const struct collect_acct_row *row)
{
	struct collect_account acct = {row->id, p->mod->platform, row->handle,
	                               row->uid};
	struct collect_profile prof;
	const char *const *ep;
	int64_t now = now_s();
	int rc, go, failed = 0;

	rc = st(p, collect_claim(p->st, row->id, p->pc->platform, p->owner,
	                         now, now_ms(), now + p->conf->lease_seconds,
	                         p->due_ms));
	if (rc <= 0) {
		if (rc == 0)
			p->res->skipped++;
		return rc;
	}
	p->res->accounts++;
	p->env.now = now;
	if ((rc = resolve(p, &acct, &prof, &go))) {
		if (p->store_failed)
			return rc;
		failed = 1;
		rc = record_error(p, row->id, acct.handle, "resolve");
		go = 0;
	}
	for (ep = p->mod->endpoints; go && rc == 0 && *ep; ep++) {
		if (p->o->stop && *p->o->stop)
			break;
		if ((rc = walk(p, &acct, *ep))) {
			if (p->store_failed)
				return rc;
			failed = 1;
			rc = record_error(p, row->id, acct.handle, *ep);
		}
	}
	if (go && rc == 0 && !(p->o->stop && *p->o->stop) &&
	    (rc = check_gone(p, &acct))) {
		if (p->store_failed)
			return rc;
		failed = 1;
		rc = record_error(p, row->id, acct.handle, "gone");
	}
	if (rc == 0)
		rc = st(p, collect_release(p->st, row->id, p->pc->platform,
		                           p->owner, !failed, now_s()));
	return rc;
}

int collect_window(int64_t *start, int64_t *end, netra_store *st,
                   const struct collect_conf *c)
{
	struct rules_profile *prof = NULL;
	char *path = NULL;
	int64_t v = 0;
	int rc;

	if (c->election) {
		path = strdup(c->election);
		rc = path ? 0 : err_oom();
	} else {
		rc = store_meta_get(&path, st, "scan.election");
	}
	if (rc)
		return rc;
	if (!path) {
		rc = err_set(NETRA_EINVALID,
		             "no election profile: give election: in the"
		             " collect configuration (or run netra scan"
		             " --election FILE once)");
		goto done;
	}
	if ((rc = rules_profile_load_lenient(&prof, path)))
		goto done;
	v = civil_day_start(prof->campaign_start - c->margin_before,
	                    prof->utc_offset);
	*start = v;
	*end = civil_day_start(prof->voting_day + 1 + c->margin_after,
	                       prof->utc_offset);
done:
	rules_profile_free(prof);
	free(path);
	return rc;
}

static int platform_open(struct prun *p)
{
	struct collect_http_config hc;
	const char *bearer;
	int rc;

	if (p->pc->credentials &&
	    (rc = collect_creds_load(&p->creds, p->pc->credentials)))
		return rc;
	memset(&hc, 0, sizeof(hc));
	hc.platform = p->mod->platform;
	hc.base_url = p->pc->base_url ? p->pc->base_url
	                              : p->mod->default_base_url;
	bearer = collect_creds_get(p->creds, "bearer_token");
	hc.bearer = bearer;
	hc.timeout_ms = p->pc->timeout * 1000;
	hc.max_attempts = (int)p->pc->max_attempts;
	hc.max_wait = p->pc->max_wait;
	hc.backoff_base_ms = p->pc->backoff_ms;
	hc.headers = p->mod->headers;
	p->budget.st = p->st;
	p->budget.per_hour = p->pc->hourly_budget;
	hc.budget = budget_take;
	hc.budget_ctx = p;
	hc.log = p->o->log;
	if ((rc = collect_http_new(&p->env.http, &hc)))
		return rc;
	p->env.creds = p->creds;
	p->env.page_size = (size_t)p->pc->page_size;
	p->env.log = p->o->log;
	if (p->mod->init && (rc = p->mod->init(&p->env)))
		return rc;
	return 0;
}

static void platform_close(struct prun *p)
{
	if (p->mod && p->mod->cleanup && p->env.http)
		p->mod->cleanup(&p->env);
	collect_http_free(p->env.http);
	collect_creds_free(p->creds);
	netra_ingest_free(p->ing);
	if (p->o)
		pthread_mutex_destroy(&p->store_mu);
	p->env.http = NULL;
	p->creds = NULL;
	p->ing = NULL;
}

static int platform_round(struct prun *p)
{
	struct collect_acct_row *rows = NULL;
	netra_ingest_options io;
	size_t n = 0, i;
	uint64_t before = 0;
	int rc;

	memset(&io, 0, sizeof(io));
	io.rejects_path = p->conf->rejects ? p->conf->rejects : DEFAULT_REJECTS;
	io.log = p->o->log;
	if ((rc = st(p, netra_ingest_new(&p->ing, p->st, &io))) ||
	    (rc = st(p, collect_list_accounts(&rows, &n, p->st,
	                                      p->mod->platform))))
		goto done;
	before = collect_http_requests(p->env.http);
	p->due_ms = now_ms();
	for (i = 0; i < n && rc == 0; i++) {
		if (p->o->stop && *p->o->stop)
			break;
		rc = one_account(p, &rows[i]);
	}
	p->res->requests += collect_http_requests(p->env.http) - before;
done:
	netra_ingest_free(p->ing);
	p->ing = NULL;
	collect_acct_rows_free(rows, n);
	return rc;
}

static int run_platform(struct prun *p)
{
	int64_t now = now_s();
	int rc;

	if (now < p->env.window_start || now >= p->env.window_end) {
		say(p, "collect %s: outside the election window; nothing"
		       " fetched", p->mod->platform);
		return 0;
	}
	if ((rc = platform_round(p)) && !p->store_failed) {
		/* a failure of the whole round that is not the store's */
		rc = record_error(p, 0, NULL, "round");
	}
	return rc;
}

/* Sleeps seconds, waking early when asked to stop. */
static void nap(const struct collect_run_opts *o, long seconds)
{
	long i;

	for (i = 0; i < seconds * 4 && !(o->stop && *o->stop); i++)
		usleep(250000);
}

int collect_run(struct collect_run_result *out, netra_store *st,
                const struct collect_run_opts *o)
{
	struct prun p[8];
	int64_t ws = 0, we = 0;
	size_t np = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(p, 0, sizeof(p));
	if ((rc = collect_window(&ws, &we, st, o->conf)))
		return rc;
	for (i = 0; i < o->conf->nplatforms && np < 8; i++) {
		const struct collect_platform_conf *pc = &o->conf->platforms[i];
		if (o->platform && strcmp(o->platform, pc->platform) != 0)
			continue;
		p[np].st = st;
		p[np].o = o;
		pthread_mutex_init(&p[np].store_mu, NULL);
		p[np].conf = o->conf;
		p[np].pc = pc;
		p[np].res = out;
		p[np].mod = o->module ? o->module
		                      : collect_module_find(pc->platform);
		p[np].env.window_start = ws;
		p[np].env.window_end = we;
		wf_lease_owner(p[np].owner, sizeof(p[np].owner));
		snprintf(p[np].source, sizeof(p[np].source), "collect:%s",
		         pc->platform);
		if ((rc = platform_open(&p[np++])))
			goto done;
	}
	if (!np) {
		rc = err_set(NETRA_EINVALID,
		             o->platform ? "platform %s is not configured"
		                         : "no platform configured%s",
		             o->platform ? o->platform : "");
		goto done;
	}
	for (;;) {
		out->rounds++;
		for (i = 0; i < np && rc == 0; i++)
			rc = run_platform(&p[i]);
		if (rc || o->once || (o->stop && *o->stop))
			break;
		nap(o, o->conf->interval);
		if (o->stop && *o->stop)
			break;
	}
done:
	for (i = 0; i < np; i++)
		platform_close(&p[i]);
	return rc;
}
