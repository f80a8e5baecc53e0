/*
 * ingest/ingest.c - the ingest loop: a reader's events into the events
 * table, for registered accounts only, idempotently.
 *
 * The active accounts (platform, handle) -> id are loaded once per
 * session into a hash map. Events are inserted with one prepared
 * INSERT ... ON CONFLICT (platform, event_id) DO NOTHING in transactions
 * of batch_size events; the rows a batch added are counted before its
 * commit (the rest of its events were duplicates), and counts move to
 * the result only when their batch has committed, so after a crash a re-run
 * reports the committed events as duplicates and stores the rest. A delete
 * event is stored and also marks its target event deleted_at. Rejected records
 * go to a reject file, opened on the first one, and are reported as file:line:
 * reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "evidence/ledger.h"
#include "ingest/ingest_int.h"
#include "media/event.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strmap.h"

/* Events per transaction: each commit writes the pages it dirtied to the
 * WAL and (past 1000 pages) checkpoints them, so larger batches rewrite
 * shared index pages less often; 20000 cut system time by a fifth against
 * 5000, and larger ones measured no better (docs/ingest.md). */
#define DEFAULT_BATCH      20000
#define DEFAULT_MAX_ERRORS 100

static const char insert_sql[] =
    INGEST_INSERT_HEAD INGEST_INSERT_ROW
    " ON CONFLICT (platform, event_id) DO NOTHING RETURNING id";

/* New rows are counted per statement (a row returned: stored; none: a
 * duplicate that ON CONFLICT skipped), never as "ids above the largest id
 * when the batch began", which concurrent writers break: ids are not
 * handed out in commit order.
 *
 * Each stored event's evidence leaf is computed here, from the bytes just
 * bound, and appended with the batch (evidence_append_pending_with, in
 * the batch's transaction, so an event and its leaf commit together);
 * own_leaf = 1 keeps the trigger from queueing it (migration 021). The
 * queue's row insert and delete and its second read of the raw record
 * cost about 40% of ingest's CPU.
 *
 * Where a statement's round trip costs more than its row (PostgreSQL:
 * store_batch_rows() > 1), events go to the store in multi-row INSERTs
 * (rows.c) with the same guarantees: a group is flushed before a second
 * event with the same (platform, event_id), before a delete marks its
 * target, and before the batch commits; its returned rows count the new
 * events and name their leaves. SQLite keeps the one-row statement,
 * which it answers without RETURNING's temporary table. */

static const char delete_sql[] =
    "UPDATE events SET deleted_at = ?"
    " WHERE platform = ? AND event_id = ? AND deleted_at IS NULL";

struct netra_ingest {
	netra_store *st;
	netra_ingest_options opt;
	struct strmap accounts; /* "platform\x1fhandle" -> accounts.id */
	store_stmt *ins, *del;
	store_stmt *pend; /* MEDIA_PENDING_ADD: scan waits for the images */
	struct ingest_rows *rows;        /* multi-row INSERTs, or NULL */
	struct evidence_leaf_in *leaves; /* the open batch's, leaves_cap */
	size_t leaves_cap;
	int bulk;                        /* store_bulk_load(st, 1) is on */
	struct sbuf key;
	uint64_t errors_shown, errors_hidden;
	int rejects_used; /* opt.rejects_path was opened in this session */
};

/* Per-run state. */
struct run {
	netra_ingest *ing;
	netra_ingest_reader *rd;
	netra_ingest_result *res;
	const char *source; /* the name stored with each event */
	const char *path;   /* the input as given ("-" for stdin) */
	size_t source_len;
	FILE *rejects;
	int in_tx, progress_shown;
	size_t batch_n;     /* insert attempts in the open batch */
	size_t batch_new;   /* of which stored (not duplicates) */
	int64_t now;
	struct timespec t0, last_progress;
	int (*before_commit)(void *ctx); /* netra_ingest_buffer's hook */
	void *hook_ctx;
};

static double since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) +
	       (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static int account_key(struct sbuf *k, const char *platform, size_t pn,
                       const char *handle, size_t hn)
{
	sbuf_clear(k);
	if (sbuf_append(k, platform, pn) || sbuf_putc(k, '\x1f') ||
	    sbuf_append(k, handle, hn))
		return err_oom();
	return 0;
}

static int load_accounts(netra_ingest *ing)
{
	store_stmt *s = NULL;
	const char *pl, *h;
	size_t pn, hn;
	int rc;

	/* Old handles first, then stable ids (id:N), then current handles,
	 * so a handle someone else took after a rename names its new owner
	 * (strmap_put replaces). */
	if ((rc = store_prepare(
	         &s, ing->st,
	         "SELECT a.id, a.platform, h.handle, 0 AS o"
	         " FROM account_handles h JOIN accounts a"
	         " ON a.id = h.account_id WHERE a.active = 1"
	         " UNION ALL SELECT id, platform, 'id:' || platform_uid, 1"
	         " FROM accounts WHERE active = 1 AND platform_uid IS NOT NULL"
	         " UNION ALL SELECT id, platform, handle, 2 FROM accounts"
	         " WHERE active = 1 ORDER BY 4")))
		return err_wrap(rc, "loading accounts");
	while ((rc = store_step(s)) == STORE_ROW) {
		pl = store_column_text(s, 1, &pn);
		h = store_column_text(s, 2, &hn);
		if ((rc = account_key(&ing->key, pl, pn, h, hn)) ||
		    (rc = strmap_put(&ing->accounts, ing->key.data,
		                     ing->key.len, store_column_int64(s, 0))))
			break;
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int netra_ingest_add_account(netra_ingest *ing, const char *platform,
                             const char *handle, int64_t account_id)
{
	int rc;

	if ((rc = account_key(&ing->key, platform, strlen(platform), handle,
	                      strlen(handle))))
		return rc;
	return strmap_put(&ing->accounts, ing->key.data, ing->key.len,
	                  account_id);
}

/* Makes room for n leaves in the open batch (a batch of
 * netra_ingest_buffer has no fixed size). */
static int leaves_reserve(netra_ingest *ing, size_t n)
{
	struct evidence_leaf_in *l;
	size_t cap = ing->leaves_cap ? ing->leaves_cap : 1024;

	if (n <= ing->leaves_cap)
		return 0;
	while (cap < n)
		cap *= 2;
	if (!(l = realloc(ing->leaves, cap * sizeof(*l))))
		return err_oom();
	ing->leaves = l;
	ing->leaves_cap = cap;
	return 0;
}

int netra_ingest_new(netra_ingest **out, netra_store *st,
                     const netra_ingest_options *opt)
{
	netra_ingest *ing = calloc(1, sizeof(*ing));
	int rc;

	*out = NULL;
	if (!ing)
		return err_oom();
	ing->st = st;
	if (opt)
		ing->opt = *opt;
	if (!ing->opt.batch_size)
		ing->opt.batch_size = DEFAULT_BATCH;
	if (!ing->opt.max_errors_shown)
		ing->opt.max_errors_shown = DEFAULT_MAX_ERRORS;
	/* A bulk load (store.h): SQLite's 32 MB page cache halves the
	 * system time of an ingest against the default 2 MB and keeps peak
	 * RSS near 50 MB (64 MB measured no faster); foreign keys are not
	 * checked per row, since account ids come from load_accounts and
	 * accounts are never deleted. netra_ingest_free undoes it. */
	if ((rc = store_bulk_load(st, 1))) {
		netra_ingest_free(ing);
		return rc;
	}
	ing->bulk = 1;
	if ((rc = leaves_reserve(ing, ing->opt.batch_size < 65536
	                                  ? ing->opt.batch_size
	                                  : 65536)) ||
	    (store_batch_rows(st) > 1 &&
	     (rc = ingest_rows_new(&ing->rows, st,
	                           (size_t)store_batch_rows(st)))) ||
	    (rc = load_accounts(ing)) ||
	    (rc = store_prepare(&ing->ins, st, insert_sql)) ||
	    (rc = store_prepare(&ing->del, st, delete_sql)) ||
	    (rc = store_prepare(&ing->pend, st, MEDIA_PENDING_ADD))) {
		netra_ingest_free(ing);
		return rc;
	}
	*out = ing;
	return 0;
}

void netra_ingest_free(netra_ingest *ing)
{
	if (!ing)
		return;
	store_finalize(ing->ins);
	store_finalize(ing->del);
	store_finalize(ing->pend);
	ingest_rows_free(ing->rows);
	free(ing->leaves);
	if (ing->bulk)
		store_bulk_load(ing->st, 0);
	strmap_free(&ing->accounts);
	sbuf_free(&ing->key);
	free(ing);
}

uint64_t netra_ingest_errors_hidden(const netra_ingest *ing)
{
	return ing->errors_hidden;
}

/* ---- batches --------------------------------------------------------- */

/* Puts the rejects written so far on disk (write + fsync), so that a
 * batch never commits before the rejects read before it: after a crash
 * every reject of a committed batch is in the reject file. */
static int flush_rejects(struct run *r)
{
	if (!r->rejects)
		return 0;
	if (fflush(r->rejects) != 0 || fsync(fileno(r->rejects)) != 0)
		return err_set(NETRA_EIO, "%s: %s", r->res->rejects_path,
		               strerror(errno));
	return 0;
}

/* Sends the multi-row group (if any) to the store; its stored events'
 * leaves join the batch's. */
static int flush_rows(struct run *r)
{
	netra_ingest *ing = r->ing;
	size_t added = 0;
	int rc;

	if (!ing->rows || !ingest_rows_count(ing->rows))
		return 0;
	if ((rc = leaves_reserve(ing, r->batch_new +
	                                  ingest_rows_count(ing->rows))))
		return rc;
	rc = ingest_rows_flush(ing->rows, r->source, r->source_len, r->now,
	                       ing->leaves + r->batch_new, &added);
	r->batch_new += added;
	return rc;
}

static int batch_commit(struct run *r)
{
	int64_t added;
	int rc;

	if ((rc = flush_rejects(r)))
		goto fail;
	if (!r->in_tx)
		return 0;
	if ((rc = flush_rows(r)))
		goto fail;
	added = (int64_t)r->batch_new;
	if (r->before_commit && (rc = r->before_commit(r->hook_ctx)))
		goto fail;
	/* The ledger entries of this batch commit with it. */
	if ((rc = evidence_append_pending_with(r->ing->st, r->ing->leaves,
	                                       r->batch_new))) {
		err_wrap(rc, "evidence ledger");
		goto fail;
	}
	if ((rc = store_commit(r->ing->st)))
		goto fail;
	r->in_tx = 0;
	r->res->ingested += (uint64_t)added;
	r->res->duplicates += r->batch_n - (uint64_t)added;
	r->batch_n = 0;
	r->batch_new = 0;
	return 0;
fail:
	if (r->in_tx)
		store_rollback(r->ing->st);
	r->in_tx = 0;
	return rc;
}

/* The event's strings outlive the statement's execution (it is reset
 * right after its step), so they are bound without a copy. */
static int bind_str(store_stmt *s, int idx, const netra_str *v)
{
	return store_bind_text_ref(s, idx, v->s, v->len);
}

/* The new event `id` waits for its images (media/event.h). */
static int media_pending(struct run *r, int64_t id)
{
	store_stmt *s = r->ing->pend;
	int rc;

	if (!(rc = store_bind_int64(s, 1, id)) &&
	    !(rc = store_bind_int64(s, 2, r->now)))
		rc = store_step(s);
	store_reset(s);
	return rc < 0 ? rc : 0;
}

static int insert_event(struct run *r, const netra_event *ev, int64_t acct)
{
	store_stmt *s = r->ing->ins;
	int64_t id = 0;
	int rc;

	if ((rc = bind_str(s, 1, &ev->platform)) ||
	    (rc = bind_str(s, 2, &ev->id)) ||
	    (rc = store_bind_text_ref(s, 3, netra_event_type_name(ev->type),
	                              (size_t)-1)) ||
	    (rc = store_bind_int64(s, 4, acct)) ||
	    (rc = bind_str(s, 5, &ev->account)) ||
	    (rc = ev->created_at.s ? store_bind_int64(s, 6, ev->created_ts)
	                           : store_bind_null(s, 6)) ||
	    (rc = bind_str(s, 7, &ev->text)) ||
	    (rc = bind_str(s, 8, &ev->url)) ||
	    (rc = bind_str(s, 9, &ev->target.account)) ||
	    (rc = bind_str(s, 10, &ev->target.id)) ||
	    (rc = bind_str(s, 11, &ev->target.text)) ||
	    (rc = bind_str(s, 12, &ev->raw)) ||
	    (rc = store_bind_text_ref(s, 13, r->source, r->source_len)) ||
	    (rc = store_bind_int64(s, 14, r->now)))
		goto done;
	if ((rc = leaves_reserve(r->ing, r->batch_new + 1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW) {
		struct evidence_leaf_in *l = &r->ing->leaves[r->batch_new++];

		l->kind = EVIDENCE_EVENT;
		l->ref = id = store_column_int64(s, 0);
		evidence_leaf_hash(l->hash, r->now, ev->platform.s,
		                   ev->platform.len, ev->id.s, ev->id.len,
		                   ev->raw.s, ev->raw.len);
	}
	store_reset(s);
	/* a new post with pictures: scan waits for them (docs/media.md) */
	if (id && ev->type != NETRA_EV_DELETE &&
	    media_raw_may_have(ev->raw.s, ev->raw.len))
		rc = media_pending(r, id);
	if (rc >= 0) {
		r->batch_n++;
		rc = 0;
	}
done:
	store_reset(s);
	return rc;
}

/* Marks the delete's target as deleted (when it is stored). */
static int mark_deleted(struct run *r, const netra_event *ev)
{
	store_stmt *s = r->ing->del;
	int rc;

	if ((rc = store_bind_int64(s, 1,
	                           ev->created_ts ? ev->created_ts : r->now)) ||
	    (rc = bind_str(s, 2, &ev->platform)) ||
	    (rc = bind_str(s, 3, &ev->target.id)))
		goto done;
	rc = store_step(s);
	if (rc > 0)
		rc = 0;
done:
	store_reset(s);
	return rc;
}

/* insert_event's multi-row twin: the event joins the group, which goes
 * to the store when full (or first, when it holds the same event). */
static int add_row(struct run *r, const netra_event *ev, int64_t acct)
{
	struct ingest_rows *g = r->ing->rows;
	int rc;

	if (ingest_rows_holds(g, ev) && (rc = flush_rows(r)))
		return rc;
	if ((rc = ingest_rows_add(g, ev, acct)))
		return rc;
	r->batch_n++;
	if (ingest_rows_count(g) == ingest_rows_cap(g))
		return flush_rows(r);
	return 0;
}

static int open_batch(struct run *r)
{
	int rc;

	if ((rc = store_begin(r->ing->st)))
		return rc;
	r->in_tx = 1;
	r->now = (int64_t)time(NULL);
	r->batch_new = 0;
	return 0;
}

static int store_event(struct run *r, const netra_event *ev)
{
	netra_ingest *ing = r->ing;
	int64_t acct;
	int rc;

	if ((rc = account_key(&ing->key, ev->platform.s, ev->platform.len,
	                      ev->account.s, ev->account.len)))
		return rc;
	if (!strmap_get(&ing->accounts, ing->key.data, ing->key.len, &acct)) {
		r->res->skipped++;
		return 0;
	}
	if (!r->in_tx && (rc = open_batch(r)))
		return rc;
	if ((rc = ing->rows ? add_row(r, ev, acct) : insert_event(r, ev, acct)))
		return rc;
	if (ev->type == NETRA_EV_DELETE &&
	    ((rc = flush_rows(r)) || (rc = mark_deleted(r, ev))))
		return rc;
	if (r->batch_n >= ing->opt.batch_size)
		return batch_commit(r);
	return 0;
}

/* ---- rejects, errors, progress --------------------------------------- */

/* The default reject file of an input, in the current directory:
 * "netra-rejects-" + the input's path as given, with '%' written "%25"
 * and '/' written "%2F", + ".jsonl" (".csv" for CSV input); "stdin" for
 * standard input (a file named stdin is written ./stdin). The encoding is one
 * to one, so two inputs never share a reject file (a/events.jsonl ->
 * netra-rejects-a%2Fevents.jsonl.jsonl, b/events.jsonl ->
 * netra-rejects-b%2Fevents.jsonl.jsonl). A name over 200 bytes keeps its last
 * 160 encoded bytes after a hash of the whole path, so it fits a file system's
 * 255-byte limit. */
static int default_rejects(char *buf, size_t size, const char *path,
                           netra_ingest_format fmt)
{
	const char *ext = fmt == NETRA_FMT_CSV ? "csv" : "jsonl";
	struct sbuf enc = {0};
	const char *p;
	int rc = 0;

	if (strcmp(path, "-") == 0)
		path = "stdin";
	else if (strcmp(path, "stdin") == 0)
		path = "./stdin"; /* a file named stdin is not standard input */
	for (p = path; *p && !rc; p++)
		rc = *p == '%'   ? sbuf_append(&enc, "%25", 3)
		     : *p == '/' ? sbuf_append(&enc, "%2F", 3)
		                 : sbuf_putc(&enc, *p);
	if (rc)
		return err_oom();
	if (enc.len <= 200)
		snprintf(buf, size, "netra-rejects-%s.%s", enc.data, ext);
	else
		snprintf(buf, size, "netra-rejects-%016llx-%s.%s",
		         (unsigned long long)strmap_hash(path, strlen(path)),
		         enc.data + enc.len - 160, ext);
	sbuf_free(&enc);
	return 0;
}

static int open_rejects(struct run *r)
{
	netra_ingest *ing = r->ing;
	const char *hdr = netra_ingest_reader_reject_header(r->rd);
	netra_ingest_result *res = r->res;
	int fd, rc;

	if (ing->opt.rejects_path)
		snprintf(res->rejects_path, sizeof(res->rejects_path), "%s",
		         ing->opt.rejects_path);
	else if (default_rejects(res->rejects_path, sizeof(res->rejects_path),
	                         r->path, netra_ingest_reader_format(r->rd)))
		return NETRA_ENOMEM;
	/* An explicit path gathers the rejects of every file of a session.
	 * Rejects hold personal data: the file is created 0600. */
	fd = open(res->rejects_path,
	          O_WRONLY | O_CREAT | O_CLOEXEC |
	              (ing->opt.rejects_path && ing->rejects_used ? O_APPEND
	                                                          : O_TRUNC),
	          0600);
	if (fd < 0 || !(r->rejects = fdopen(fd, "ab"))) {
		rc = err_set(NETRA_EIO, "%s: %s", res->rejects_path,
		             strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	ing->rejects_used = 1;
	if (hdr && fprintf(r->rejects, "%s\n", hdr) < 0)
		return err_set(NETRA_EIO, "%s: write error", res->rejects_path);
	return 0;
}

static int reject(struct run *r)
{
	netra_ingest *ing = r->ing;
	const char *p;
	size_t n;
	int rc;

	r->res->rejected++;
	if (ing->opt.log && ing->errors_shown < ing->opt.max_errors_shown) {
		fprintf(ing->opt.log, "%s%s\n",
		        r->progress_shown ? "\r\033[K" : "",
		        netra_error_last());
		ing->errors_shown++;
	} else {
		ing->errors_hidden++;
	}
	netra_ingest_reader_reject(r->rd, &p, &n);
	if (!n)
		return 0;
	if (!r->rejects && (rc = open_rejects(r)))
		return rc;
	if (fwrite(p, 1, n, r->rejects) != n || putc('\n', r->rejects) == EOF)
		return err_set(NETRA_EIO, "%s: write error",
		               r->res->rejects_path);
	return 0;
}

static void progress(struct run *r, int final)
{
	netra_ingest_result *res = r->res;
	double t;

	if (!r->ing->opt.progress || !r->ing->opt.log)
		return;
	if (final) {
		if (r->progress_shown)
			fputs("\r\033[K", r->ing->opt.log);
		return;
	}
	if (since(&r->last_progress) < 0.25)
		return;
	clock_gettime(CLOCK_MONOTONIC, &r->last_progress);
	t = since(&r->t0);
	fprintf(r->ing->opt.log,
	        "\r\033[K%s: %llu read, %llu stored, %.0f events/s", r->source,
	        (unsigned long long)res->read,
	        (unsigned long long)(res->ingested + res->duplicates),
	        t > 0 ? (double)res->read / t : 0.0);
	fflush(r->ing->opt.log);
	r->progress_shown = 1;
}

/* ---- a run ----------------------------------------------------------- */

static int run_loop(struct run *r)
{
	const netra_event *ev;
	int rc;

	for (;;) {
		rc = netra_ingest_reader_next(r->rd, &ev);
		if (rc == 0 && r->before_commit && !r->in_tx &&
		    (rc = open_batch(r)))
			return rc;
		if (rc == 0)
			return batch_commit(r);
		if (rc == 1) {
			r->res->read++;
			rc = store_event(r, ev);
		} else if (rc == NETRA_EINVALID) {
			r->res->read++;
			rc = reject(r);
		}
		if (rc < 0)
			return rc;
		if ((r->res->read & 1023) == 0)
			progress(r, 0);
	}
}

static void run_init(struct run *r, netra_ingest *ing, const char *path,
                     netra_ingest_result *out)
{
	memset(out, 0, sizeof(*out));
	memset(r, 0, sizeof(*r));
	r->ing = ing;
	r->res = out;
	r->path = path;
	r->source = strcmp(path, "-") == 0 ? "stdin" : path;
	r->source_len = strlen(r->source);
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	r->last_progress = r->t0;
}

/* Reads f (NULL: could not be opened, errno set) in fmt to its end. */
static int run_stream(struct run *r, FILE *f, netra_ingest_format fmt)
{
	int rc;

	if (!f) {
		rc = err_set(NETRA_EIO, "%s: %s", r->path, strerror(errno));
		goto done;
	}
	if ((rc = netra_ingest_reader_open(&r->rd, f, r->source, fmt,
	                                   r->ing->opt.max_record)))
		goto done;
	r->res->format = netra_ingest_reader_format(r->rd);
	rc = run_loop(r);
	if (rc && r->in_tx)
		store_rollback(r->ing->st);
	if (r->ing->rows)
		ingest_rows_clear(r->ing->rows);
done:
	progress(r, 1);
	if (r->rejects && fclose(r->rejects) != 0 && !rc)
		rc = err_set(NETRA_EIO, "%s: write error",
		             r->res->rejects_path);
	netra_ingest_reader_free(r->rd);
	r->res->elapsed = since(&r->t0);
	return rc;
}

int netra_ingest_run(netra_ingest *ing, const char *path,
                     netra_ingest_result *out)
{
	struct run r;
	FILE *f;
	int rc;

	run_init(&r, ing, path, out);
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	rc = run_stream(&r, f, ing->opt.format);
	if (f && f != stdin)
		fclose(f);
	return rc;
}

int netra_ingest_buffer(netra_ingest *ing, const char *name,
                        netra_ingest_format fmt, const char *buf, size_t n,
                        int (*before_commit)(void *ctx), void *ctx,
                        netra_ingest_result *out)
{
	size_t batch = ing->opt.batch_size;
	struct run r;
	FILE *f;
	int rc;

	run_init(&r, ing, name, out);
	r.before_commit = before_commit;
	r.hook_ctx = ctx;
	/* fmemopen refuses a size of 0: an empty page reads as " ". */
	f = n ? fmemopen((void *)buf, n, "rb") : fmemopen(" ", 1, "rb");
	ing->opt.batch_size = (size_t)-1; /* one transaction */
	rc = run_stream(&r, f, n ? fmt : NETRA_FMT_JSONL);
	ing->opt.batch_size = batch;
	if (f)
		fclose(f);
	return rc;
}

int netra_ingest_file(netra_ingest_result *out, netra_store *st,
                      const char *path, const netra_ingest_options *opt)
{
	netra_ingest *ing = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = netra_ingest_new(&ing, st, opt)))
		return rc;
	rc = netra_ingest_run(ing, path, out);
	netra_ingest_free(ing);
	return rc;
}
