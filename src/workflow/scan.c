/*
 * workflow/scan.c - `netra scan`: stored events -> engine verdicts ->
 * routed findings. See scan.h for the contract.
 *
 * Work is claimed in blocks of event ids under a lease (workflow/lease.h);
 * within a block, events are read in id order in batches, copied into an
 * arena, judged, then written by this thread in one transaction per batch
 * that also renews the lease (scan_stream). With two threads or more the
 * three overlap: while the judging threads judge one batch, this thread
 * writes the one before and a reading thread reads the next on a second
 * connection to the store.
 * What a batch judged is recorded as scan marks (migration 022): one row
 * per run of consecutive event ids it read, so a clean verdict (nearly
 * every event's, and fully given by the event and the rulebook) costs no
 * row of its own. An event whose verdict says more gets its verdict row
 * (unique per event and rulebook) and one finding per category through
 * wf_finding_create(). Findings of the same content (the same shared
 * post, or the same text written by many staff) get the same group_id so
 * a reviewer sees one story with its accounts.
 */
#include "workflow/scan.h"

#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "netra/engine.h"
#include "netra/evidence.h"
#include "media/event.h"
#include "store/hoaxes.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/file.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"
#include "workflow/internal.h"
#include "workflow/lease.h"

/* One event as read from the store, strings in the batch arena. */
struct scan_row {
	netra_event ev;
	int64_t rowid, account_id, employee_id, unit_id;
	const char *media_raw; /* raw of an event with media[], in the arena */
	size_t media_raw_len;
};

/* What a judge thread hands the writer for one event: the verdict as
 * JSON and, per category, the finding a reviewer receives (strings in the
 * thread's arena, valid until the next batch). */
struct judged_finding {
	const char *category, *rule, *severity, *basis, *explain;
	int candidate;
};

struct judged {
	char *json; /* malloc'd Verdict JSON; NULL when clean */
	char labels[64];
	int candidate;
	double score;
	int clean;  /* labels none, no candidate, score 0, no finding: the
		     * verdict is all in the event and the rulebook, and the
		     * batch's scan mark stands for it (no verdict row) */
	int breach;
	size_t nf;
	struct judged_finding f[4];
};

/* Which ids of the claimed block marks already cover. */
struct block_map {
	int64_t base; /* the block's first id */
	uint64_t bits[WF_SCAN_BLOCK / 64];
};

/* One batch: the events to judge and every id read for its marks. A scan
 * has two, so that one is judged while the other is written. */
struct batch {
	struct scan_row *rows;  /* [max] */
	struct judged *out;     /* [max], out[i] judges rows[i] */
	size_t max, n;
	int64_t ids[WF_SCAN_BLOCK]; /* ids read, in order (judged or not) */
	size_t nids;
	struct arena a;         /* the rows' strings */
	int parity;             /* 0 or 1: the judges' arena for its findings */
	int judging;            /* handed to the judges, not waited for yet */
	int64_t block;          /* the claimed block it was read from */
	int block_done;         /* the read reached the block's end */
};

/* The claimed block the next batch is read from, and how far. */
struct source {
	int64_t block, last;
};

#define STR_(x) #x
#define STR(x)  STR_(x)

/* Every event of a block after a given id, judged or not (the reader
 * passes over what the block's marks cover): deletions and events of no
 * registered account come too, so that runs of ids read are not cut by
 * them. The post a repost, quote or comment answers is looked up only
 * when the event carries no text of it. A post whose images are still
 * being fetched (MEDIA_WAITING, within the grace) is not read: its id
 * ends the run, so no mark covers it and a later scan judges it. */
static const char *const select_sql =
	"SELECT e.id, e.platform, e.event_id, e.type, e.account, e.created_at,"
	" e.text, e.url, e.target_account, e.target_id,"
	" CASE WHEN e.target_text IS NULL AND e.target_id IS NOT NULL THEN"
	"  (SELECT t.text FROM events t WHERE t.platform = e.platform"
	"   AND t.event_id = e.target_id) ELSE e.target_text END,"
	" e.account_id, NULL, e.raw"
	" FROM events e WHERE e.id > ? AND e.id < ? AND NOT " MEDIA_WAITING
	" ORDER BY e.id";

/* The first event after a given id that no mark covers (under this
 * rulebook, or any unless rescan) and is not waiting for its images: the
 * next block with work. */
static const char *const next_sql =
	"SELECT e.id FROM events e WHERE e.id > ? AND NOT EXISTS ("
	" SELECT 1 FROM scan_marks m WHERE m.block = e.id / " STR(WF_SCAN_BLOCK)
	" AND m.lo <= e.id AND m.hi >= e.id AND (m.rulebook = ? OR ? = 0))"
	" AND NOT " MEDIA_WAITING " ORDER BY e.id LIMIT 1";

/* The runs of a block already judged (under this rulebook, or any). */
static const char *const marks_sql =
	"SELECT lo, hi FROM scan_marks WHERE block = ?"
	" AND (rulebook = ? OR ? = 0)";

static const char *const mark_sql =
	"INSERT INTO scan_marks (rulebook, block, lo, hi, judged, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?)";

static int meta_set(netra_store *st, const char *key, const char *value)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(&s, st,
				"INSERT INTO meta(key, value) VALUES (?, ?)"
				" ON CONFLICT(key) DO UPDATE SET value = excluded.value")))
		return rc;
	store_bind_text(s, 1, key, (size_t)-1);
	store_bind_text(s, 2, value, (size_t)-1);
	rc = store_step(s);
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* Resolves one engine input: the option made absolute, else the path
 * remembered by the last scan that built its engine. *out is malloc'd. */
static int pick_input(char **out, netra_store *st, const char *key,
		      const char *given)
{
	char buf[PATH_MAX];

	*out = NULL;
	if (!given)
		return store_meta_get(out, st, key);
	if (!realpath(given, buf))
		return err_set(NETRA_EIO, "%s: %s", given, strerror(errno));
	*out = strdup(buf);
	return *out ? 0 : err_oom();
}

/* Remembers the inputs given as options, once an engine was built from
 * them (a file that does not load is never remembered), and the region's
 * time zone from the profile in use: deadlines, reports and mails count
 * days in it (workflow/calendar.h). */
static int remember_inputs(netra_store *st, const struct wf_scan_opts *o,
			   const char *election, const char *rules,
			   const char *hoaxes, const char *zone)
{
	int rc;

	if ((rc = store_begin(st)))
		return rc;
	if ((rc = wf_zone_set(st, zone)) ||
	    (o->election_path && (rc = meta_set(st, "scan.election", election))) ||
	    (o->rules_path && (rc = meta_set(st, "scan.rules", rules))) ||
	    (o->hoaxes_path && (rc = meta_set(st, "scan.hoaxes", hoaxes)))) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

static int write_hoax_line(void *ctx, const char *id, const char *claim,
			   const char *verdict, const char *explanation,
			   const char *url)
{
	struct sbuf *b = ctx;

	if (sbuf_puts(b, "{\"id\":") || sbuf_json_str(b, id, strlen(id)) ||
	    sbuf_puts(b, ",\"claim\":") ||
	    sbuf_json_str(b, claim, strlen(claim)) ||
	    sbuf_puts(b, ",\"verdict\":") ||
	    sbuf_json_str(b, verdict, strlen(verdict)) ||
	    sbuf_puts(b, ",\"explanation\":") ||
	    sbuf_json_str(b, explanation, strlen(explanation)))
		return err_oom();
	if (url && (sbuf_puts(b, ",\"url\":") || sbuf_json_str(b, url, strlen(url))))
		return err_oom();
	return sbuf_puts(b, "}\n") ? err_oom() : 0;
}

/* Writes the store's debunks to a private temporary JSONL file for the
 * engine; *path is "" if the store has none. The caller unlinks it. */
static int store_hoaxes_file(char *path, size_t size, netra_store *st)
{
	struct sbuf b = SBUF_INIT;
	FILE *f = NULL;
	const char *dir = getenv("TMPDIR");
	int fd, rc;

	path[0] = '\0';
	if ((rc = store_hoax_each(st, write_hoax_line, &b)) || b.len == 0)
		goto done;
	snprintf(path, size, "%s/netra-hoaxes.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0 || !(f = fdopen(fd, "w"))) {
		rc = err_set(NETRA_EIO, "%s: cannot create temporary file", path);
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		path[0] = '\0';
		goto done;
	}
	if (fwrite(b.data, 1, b.len, f) != b.len)
		rc = err_set(NETRA_EIO, "%s: write failed", path);
	if (fclose(f) != 0 && !rc)
		rc = err_set(NETRA_EIO, "%s: write failed", path);
	if (rc) {
		unlink(path);
		path[0] = '\0';
	}
done:
	sbuf_free(&b);
	return rc;
}

/* A column copied into the arena; sets *oom when the copy fails (a
 * silently empty text would be judged clean and never judged again). */
static netra_str dup_col(struct arena *a, store_stmt *s, int col, int *oom)
{
	netra_str r = {NULL, 0};
	size_t n;
	const char *p;

	if (store_column_is_null(s, col))
		return r;
	p = store_column_text(s, col, &n);
	r.s = arena_strndup(a, p, n);
	r.len = r.s ? n : 0;
	if (!r.s)
		*oom = 1;
	return r;
}

/* Fills ev->media from the images of the event (media/event.h): one
 * entry per media[k] of the raw Event, index for index (so the verdict's
 * media[k] is the event's k), with the text netra read off the fetched
 * image, else the ocr_text the event carried, and a known campaign image
 * it re-posts. Returns 0, or a negative code. */
static int read_media(struct scan_row *r, struct arena *a, netra_store *st,
		      const struct media_known_set *known)
{
	json_t *arr = NULL, *m, *kn;
	netra_media *md;
	size_t i, n;
	int rc;

	if ((rc = media_event_json(&arr, st, r->rowid, r->media_raw,
				   r->media_raw_len, known)))
		return rc;
	n = json_array_size(arr);
	if (n == 0)
		goto done;
	if (!(md = arena_alloc(a, n * sizeof(*md)))) {
		rc = err_oom();
		goto done;
	}
	json_array_foreach(arr, i, m) {
		json_t *o = json_object_get(m, "ocr_text");
		memset(&md[i], 0, sizeof(md[i]));
		if (json_is_string(o)) {
			md[i].ocr_text.len = json_string_length(o);
			md[i].ocr_text.s = arena_strndup(a, json_string_value(o),
							 md[i].ocr_text.len);
			if (!md[i].ocr_text.s) {
				rc = err_oom();
				goto done;
			}
		}
		kn = json_object_get(m, "known");
		if (json_is_object(kn)) {
			md[i].known_candidate = (int)json_integer_value(
			    json_object_get(kn, "candidate"));
			md[i].known_distance = (int)json_integer_value(
			    json_object_get(kn, "distance"));
		}
	}
	r->ev.media = md;
	r->ev.media_count = n;
done:
	json_decref(arr);
	return rc;
}

/* Copies the current row of sel (select_sql) into r, strings in a. */
static void read_row(struct scan_row *r, store_stmt *sel, struct arena *a,
		     int *oom)
{
	netra_str type = dup_col(a, sel, 3, oom);

	memset(r, 0, sizeof(*r));
	r->rowid = store_column_int64(sel, 0);
	r->ev.platform = dup_col(a, sel, 1, oom);
	r->ev.id = dup_col(a, sel, 2, oom);
	if (netra_event_type_parse(&r->ev.type, type.s ? type.s : "",
				   type.len))
		r->ev.type = NETRA_EV_POST;
	r->ev.account = dup_col(a, sel, 4, oom);
	/* the engine reads created_ts; nothing reads the text form */
	if (!store_column_is_null(sel, 5))
		r->ev.created_ts = store_column_int64(sel, 5);
	r->ev.text = dup_col(a, sel, 6, oom);
	r->ev.url = dup_col(a, sel, 7, oom);
	r->ev.target.account = dup_col(a, sel, 8, oom);
	r->ev.target.id = dup_col(a, sel, 9, oom);
	r->ev.target.text = dup_col(a, sel, 10, oom);
	r->account_id = store_column_int64(sel, 11);
}

/* 1 if the row of sel is judged: a post, repost, comment, like or follow
 * of a registered account (a deletion or an event of no account is read
 * only to keep the run of ids whole). */
static int row_to_judge(store_stmt *sel)
{
	size_t n;
	const char *type;

	if (store_column_is_null(sel, 11))
		return 0;
	type = store_column_text(sel, 3, &n);
	return !(n == 6 && memcmp(type, "delete", 6) == 0);
}

/* The raw record of the row of sel when it may carry images, into r. */
static void read_media_raw(struct scan_row *r, store_stmt *sel,
			   struct arena *a, int *oom)
{
	size_t n;
	const char *raw = store_column_text(sel, 13, &n);

	if (!raw || !media_raw_may_have(raw, n))
		return;
	r->media_raw = arena_strndup(a, raw, n);
	r->media_raw_len = n;
	if (!r->media_raw)
		*oom = 1;
}

/* The ids of block's events that marks cover (under this rulebook, or any
 * unless rescan), as a bitmap: read again after each claim, so runs
 * another scanner committed before it are seen. */
static int load_block(struct block_map *m, store_stmt *q, int64_t block,
		      const char *rulebook, int rescan)
{
	int64_t lo, hi, id;
	int rc;

	memset(m, 0, sizeof(*m));
	m->base = block * WF_SCAN_BLOCK;
	if ((rc = store_bind_int64(q, 1, block)) ||
	    (rc = store_bind_text(q, 2, rulebook, (size_t)-1)) ||
	    (rc = store_bind_int64(q, 3, rescan ? 1 : 0)))
		return rc;
	while ((rc = store_step(q)) == STORE_ROW) {
		lo = store_column_int64(q, 0);
		hi = store_column_int64(q, 1);
		if (lo < m->base)
			lo = m->base;
		if (hi > m->base + WF_SCAN_BLOCK - 1)
			hi = m->base + WF_SCAN_BLOCK - 1;
		for (id = lo; id <= hi; id++)
			m->bits[(id - m->base) / 64] |=
			    1ULL << ((id - m->base) % 64);
	}
	store_reset(q);
	return rc < 0 ? rc : 0;
}

static int block_covers(const struct block_map *m, int64_t id)
{
	int64_t k = id - m->base;

	return k >= 0 && k < WF_SCAN_BLOCK &&
	       (m->bits[k / 64] >> (k % 64) & 1);
}

/* The employee and unit of accounts met lately, direct-mapped by account
 * id and emptied with the route cache (every ROUTE_TTL seconds): two
 * table seeks a row when the read joined accounts and employees. */
#define ACCOUNT_SLOTS 4096

struct account_cache {
	int64_t id[ACCOUNT_SLOTS], employee[ACCOUNT_SLOTS], unit[ACCOUNT_SLOTS];
	store_stmt *q;
};

/* Fills r's employee and unit from its account. */
static int account_of(struct scan_row *r, struct account_cache *c)
{
	size_t k = (size_t)((uint64_t)r->account_id % ACCOUNT_SLOTS);
	int rc;

	if (c->id[k] != r->account_id) {
		if ((rc = store_bind_int64(c->q, 1, r->account_id)) < 0)
			return rc;
		rc = store_step(c->q);
		c->employee[k] = rc == STORE_ROW ? store_column_int64(c->q, 0) : 0;
		c->unit[k] = rc == STORE_ROW ? store_column_int64(c->q, 1) : 0;
		store_reset(c->q);
		if (rc < 0)
			return rc;
		c->id[k] = r->account_id;
	}
	r->employee_id = c->employee[k];
	r->unit_id = c->unit[k];
	return 0;
}

/* Reads the block's events after *last and below hi that its marks do not
 * cover, until b->max of them are to judge: b->ids gets every id read
 * (in order), b->rows the events to judge. */
static int read_batch(struct batch *b, store_stmt *sel, struct arena *a,
		      int64_t *last, int64_t hi, int64_t wait_cutoff,
		      const struct block_map *m, netra_store *st,
		      const struct media_known_set *known,
		      struct account_cache *accounts)
{
	int rc = 0, oom = 0;
	size_t i;

	b->n = b->nids = 0;
	if ((rc = store_bind_int64(sel, 1, *last)) ||
	    (rc = store_bind_int64(sel, 2, hi)) ||
	    (rc = store_bind_int64(sel, 3, wait_cutoff)))
		return rc;
	while (b->n < b->max && b->nids < WF_SCAN_BLOCK &&
	       (rc = store_step(sel)) == STORE_ROW) {
		int64_t id = store_column_int64(sel, 0);
		*last = id;
		if (block_covers(m, id))
			continue;
		b->ids[b->nids++] = id;
		if (!row_to_judge(sel))
			continue;
		read_row(&b->rows[b->n], sel, a, &oom);
		read_media_raw(&b->rows[b->n], sel, a, &oom);
		b->n++;
	}
	/* read to the block's end (its last id read, or no row left) */
	b->block_done = rc == STORE_DONE || *last >= hi - 1;
	store_reset(sel);
	if (rc >= 0 && oom)
		rc = err_oom();
	/* accounts and images, once the batch's statement is done with */
	for (i = 0; rc >= 0 && i < b->n; i++)
		if ((rc = account_of(&b->rows[i], accounts)) == 0 &&
		    b->rows[i].media_raw)
			rc = read_media(&b->rows[i], a, st, known);
	return rc < 0 ? rc : 0;
}

/* FNV-1a of s[0..n) continuing from h. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* "<tag>:<platform>:<id>", or "<tag>#<hash of both>" when that is too
 * long for out (so a long id is never cut into another one's key). */
static void ref_key(char *out, size_t size, char tag, const netra_str *p,
		    const netra_str *id)
{
	uint64_t h;
	int n = snprintf(out, size, "%c:%.*s:%.*s", tag, (int)p->len, p->s,
			 (int)id->len, id->s);

	if (n >= 0 && (size_t)n < size)
		return;
	h = fnv(fnv(1469598103934665603ULL, p->s, p->len), ":", 1);
	h = fnv(h, id->s, id->len);
	snprintf(out, size, "%c#%016llx", tag, (unsigned long long)h);
}

/* The copy-paste campaign key of an event: the shared post for a repost
 * or like (whatever text the platform copies into it); otherwise a hash
 * of the words of the text when it has at least four (short texts are too
 * common to mean a campaign); failing that, the post a quote or comment
 * answers, or the account a follow follows. Empty string: no group. */
static void group_key(char *out, size_t size, const netra_event *ev)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i, words = 0;
	int in_word = 0, shared = ev->type == NETRA_EV_REPOST ||
				  ev->type == NETRA_EV_LIKE;

	out[0] = '\0';
	if (ev->target.id.len && shared) {
		ref_key(out, size, 't', &ev->platform, &ev->target.id);
		return;
	}
	for (i = 0; i < ev->text.len; i++) {
		unsigned char c = (unsigned char)ev->text.s[i];
		int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z') || c >= 0x80;
		if (!alnum) {
			in_word = 0;
			continue;
		}
		if (!in_word) {
			words++;
			h = (h ^ ' ') * 1099511628211ULL;
		}
		in_word = 1;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	if (words >= 4)
		snprintf(out, size, "c:%016llx", (unsigned long long)h);
	else if (ev->target.id.len)
		ref_key(out, size, 't', &ev->platform, &ev->target.id);
	else if (ev->type == NETRA_EV_FOLLOW && ev->target.account.len)
		ref_key(out, size, 'a', &ev->platform, &ev->target.account);
}

static int insert_verdict(int64_t *out, store_stmt *ins,
			  const struct scan_row *r, const struct judged *jd,
			  const char *rulebook, int64_t now)
{
	int rc;

	*out = 0;
	if ((rc = store_bind_int64(ins, 1, r->rowid)) ||
	    (rc = store_bind_text(ins, 2, rulebook, (size_t)-1)) ||
	    (rc = store_bind_text(ins, 3, jd->labels, (size_t)-1)) ||
	    (rc = jd->candidate > 0 ? store_bind_int64(ins, 4, jd->candidate)
				    : store_bind_null(ins, 4)) ||
	    (rc = store_bind_double(ins, 5, jd->score)) ||
	    (rc = store_bind_text(ins, 6, jd->json, (size_t)-1)) ||
	    (rc = store_bind_int64(ins, 7, now)))
		goto done;
	rc = store_step(ins);
	if (rc == STORE_ROW)
		*out = store_column_int64(ins, 0);
done:
	store_reset(ins);
	return rc < 0 ? rc : 0;
}

/* 1 if the event already has a finding of category (from a verdict under
 * an earlier rulebook: a rescan does not make a second one), 0 if not, or
 * a negative error. The query goes through verdicts (unique on event_id,
 * rulebook) to their findings: both indexed. */
static int has_finding(store_stmt *q, int64_t event_id, const char *category)
{
	int rc;

	if ((rc = store_bind_int64(q, 1, event_id)) ||
	    (rc = store_bind_text(q, 2, category, (size_t)-1)))
		return rc;
	rc = store_step(q);
	store_reset(q);
	return rc < 0 ? rc : rc == STORE_ROW;
}

/* The finding a reviewer gets for one category of a verdict: the most
 * severe (then most confident, then first) of the verdict's findings of
 * that category. One post makes one finding per category, not one per
 * rule that fired: the verdict stored beside it keeps every rule. */
static const netra_finding *strongest(const netra_verdict *v, unsigned label)
{
	const netra_finding *best = NULL;
	size_t i;

	for (i = 0; i < v->nfindings; i++) {
		const netra_finding *fi = &v->findings[i];
		if (fi->label != label)
			continue;
		if (!best || fi->severity > best->severity ||
		    (fi->severity == best->severity && fi->score > best->score))
			best = fi;
	}
	return best;
}

/* "support,attack" from a verdict's label bits, or "none". */
static void label_list(char *out, size_t size, unsigned labels)
{
	unsigned bit;

	out[0] = '\0';
	for (bit = 1; bit <= NETRA_LABEL_HOAX; bit <<= 1) {
		if (!(labels & bit))
			continue;
		if (out[0])
			strncat(out, ",", size - strlen(out) - 1);
		strncat(out, netra_label_name(bit), size - strlen(out) - 1);
	}
	if (!out[0])
		snprintf(out, size, "none");
}

static const char *keep(struct arena *a, const char *s, int *oom)
{
	char *p;

	if (!s)
		return NULL;
	if (!(p = arena_strndup(a, s, strlen(s))))
		*oom = 1;
	return p;
}

/* Judges one event into *out (thread-safe: touches only j, a and out). */
static int judge_row(struct judged *out, netra_judge *j, struct arena *a,
		     const struct scan_row *r)
{
	const netra_verdict *v;
	unsigned label;
	int rc, oom = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = netra_judge_event(j, &r->ev, &v)))
		return rc;
	out->clean = v->labels == 0 && v->nfindings == 0 &&
		     v->candidate == 0 && v->score == 0.0;
	if (out->clean)
		return 0;
	if ((rc = netra_verdict_json(&out->json, NULL, v)))
		return rc;
	label_list(out->labels, sizeof(out->labels), v->labels);
	out->candidate = v->candidate;
	out->score = v->score;
	out->breach = v->nfindings > 0;
	for (label = 1; label <= NETRA_LABEL_HOAX; label <<= 1) {
		const netra_finding *fi = strongest(v, label);
		struct judged_finding *jf;
		if (!fi)
			continue;
		jf = &out->f[out->nf++];
		jf->category = keep(a, fi->category, &oom);
		jf->rule = keep(a, fi->rule, &oom);
		jf->severity = keep(a, fi->severity_name, &oom);
		jf->basis = keep(a, fi->basis, &oom);
		jf->explain = keep(a, fi->explain, &oom);
		jf->candidate = fi->candidate;
	}
	return oom ? err_oom() : 0;
}

/* The reviewer unit of units met lately (wf_route_reviewer walks the
 * units above a unit: a sixth of a scan's CPU when done per finding),
 * direct-mapped by unit id and emptied every ROUTE_TTL seconds, so a
 * reviewer added or removed while a long scan runs routes its findings
 * from then on, as if they had been created that much earlier. */
#define ROUTE_SLOTS 1024
#define ROUTE_TTL   30.0

struct route_cache {
	int64_t unit[ROUTE_SLOTS], to[ROUTE_SLOTS]; /* unit 0: empty */
	double since;
};

static int route_cached(int64_t *out, struct route_cache *cache,
			netra_store *st, int64_t unit_id)
{
	size_t k = (size_t)((uint64_t)unit_id % ROUTE_SLOTS);
	int rc;

	if (cache->unit[k] == unit_id) {
		*out = cache->to[k];
		return 0;
	}
	if ((rc = wf_route_reviewer(out, st, unit_id)))
		return rc;
	cache->unit[k] = unit_id;
	cache->to[k] = *out;
	return 0;
}

/* Writes one judged event: a clean one only counts (the batch's mark
 * stands for it); any other gets its verdict and one finding per
 * category. */
static int write_row(struct wf_scan_result *res, store_stmt *ins,
		     store_stmt *dup, netra_store *st, const struct scan_row *r,
		     const struct judged *jd, const char *rulebook, int64_t now,
		     struct route_cache *routes)
{
	struct wf_finding_new f;
	char group[96];
	int64_t vid, fid;
	size_t k;
	int rc;

	if (jd->clean) {
		res->bytes += r->ev.text.len + r->ev.target.text.len;
		res->judged++;
		return 0;
	}
	if ((rc = insert_verdict(&vid, ins, r, jd, rulebook, now)))
		return rc;
	if (!vid) /* judged meanwhile under this rulebook */
		return 0;
	res->bytes += r->ev.text.len + r->ev.target.text.len;
	res->judged++;
	if (jd->breach)
		res->breaches++;
	group_key(group, sizeof(group), &r->ev);
	for (k = 0; k < jd->nf; k++) {
		const struct judged_finding *fi = &jd->f[k];
		if ((rc = has_finding(dup, r->rowid, fi->category)) < 0)
			return rc;
		if (rc)
			continue;
		memset(&f, 0, sizeof(f));
		f.verdict_id = vid;
		f.event_id = r->rowid;
		f.employee_id = r->employee_id;
		f.unit_id = r->unit_id;
		f.category = fi->category;
		f.rule = fi->rule;
		f.severity = fi->severity;
		f.candidate = fi->candidate;
		f.basis = fi->basis;
		f.explain = fi->explain;
		f.group_id = group[0] ? group : NULL;
		f.now = now;
		if (f.unit_id &&
		    (rc = route_cached(&f.route_to, routes, st, f.unit_id)))
			return rc;
		rc = wf_finding_create(&fid, st, &f);
		if (rc == NETRA_EEXISTS)
			rc = 0;
		else if (rc)
			return rc;
		else
			res->findings++;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Judging a batch on several threads                                  */

/* One judging thread: its judge, its arena, and its share of a batch
 * (rows first, first + step, first + 2*step, ...). */
struct judge_worker {
	pthread_t tid;
	int started;     /* tid runs judge_share */
	netra_judge *j;
	struct arena a[2]; /* one per batch in flight (batch.parity) */
	struct arena *arena;
	const struct scan_row *rows;
	struct judged *out;
	size_t n, first, step;
	int rc;
	char err[256];
};

static void *judge_share(void *arg)
{
	struct judge_worker *w = arg;
	size_t i;

	w->rc = 0;
	for (i = w->first; i < w->n && !w->rc; i += w->step)
		w->rc = judge_row(&w->out[i], w->j, w->arena, &w->rows[i]);
	if (w->rc)
		snprintf(w->err, sizeof(w->err), "%s", netra_error_last());
	return NULL;
}

/* Hands batch b to the judges. With one thread nothing happens here:
 * judge_wait judges it on this thread. With more, the judging threads
 * (workers 1..nw-1) judge it while this thread writes the batch before
 * and reads the next: reading and writing the store is most of a scan's
 * work, so this thread does only that. */
static void judge_start(struct judge_worker *w, int nw, struct batch *b)
{
	int k, first = nw > 1, share = nw > 1 ? nw - 1 : 1;

	for (k = first; k < nw; k++) {
		arena_reset(&w[k].a[b->parity]);
		w[k].arena = &w[k].a[b->parity];
		w[k].rows = b->rows;
		w[k].out = b->out;
		w[k].n = b->n;
		w[k].first = (size_t)(k - first);
		w[k].step = (size_t)share;
		w[k].rc = 0;
		w[k].started = nw > 1 && (size_t)(k - first) < b->n &&
			       pthread_create(&w[k].tid, NULL, judge_share,
					      &w[k]) == 0;
	}
	b->judging = 1;
}

/* Waits for batch b's judges (judging here a share whose thread did not
 * start, or the whole batch with one thread): 0 or the first error. */
static int judge_wait(struct judge_worker *w, int nw, struct batch *b)
{
	int k, first = nw > 1, rc = 0;

	if (!b->judging)
		return 0;
	for (k = first; k < nw; k++) {
		if (w[k].started)
			pthread_join(w[k].tid, NULL);
		else if ((size_t)(k - first) < b->n)
			judge_share(&w[k]);
		w[k].started = 0;
	}
	b->judging = 0;
	for (k = first; k < nw && !rc; k++)
		if (w[k].rc)
			rc = err_set(w[k].rc, "%s", w[k].err);
	return rc;
}

static void free_judged(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->out[i].json);
		b->out[i].json = NULL;
	}
}

/* Appends "key":{"path":...,"text":...} for one engine input; the text is
 * left out (null) if the file cannot be read back. */
static int input_json(struct sbuf *b, const char *key, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		return sbuf_printf(b, "\"%s\":null", key) ? err_oom() : 0;
	if (util_read_file(&text, &len, path, 64u << 20))
		text = NULL;
	rc = sbuf_printf(b, "\"%s\":{\"path\":", key) ||
	     sbuf_json_str(b, path, strlen(path)) ||
	     sbuf_puts(b, ",\"text\":") ||
	     (text ? sbuf_json_str(b, text, len) : sbuf_puts(b, "null")) ||
	     sbuf_putc(b, '}');
	free(text);
	return rc ? err_oom() : 0;
}

/* Records what produced verdicts under this hash: the profile, rulebook
 * and debunk files as they were read, so a verdict can be explained after
 * the files change. */
static int record_rulebook(netra_store *st, const char *hash,
			   const char *election, const char *rules,
			   const char *hoaxes, int64_t now)
{
	struct sbuf b = SBUF_INIT, dflt = SBUF_INIT;
	store_stmt *s = NULL;
	int rc;

	if (!rules && sbuf_printf(&dflt, "%s/rulebook.yaml",
				  netra_engine_default_data_dir())) {
		rc = err_oom();
		goto done;
	}
	if ((rc = sbuf_putc(&b, '{') ? err_oom() : 0) ||
	    (rc = input_json(&b, "election", election)) ||
	    (rc = sbuf_putc(&b, ',') ? err_oom() : 0) ||
	    (rc = input_json(&b, "rules", rules ? rules : dflt.data)) ||
	    (rc = sbuf_putc(&b, ',') ? err_oom() : 0) ||
	    (rc = input_json(&b, "hoaxes", hoaxes)) ||
	    (rc = sbuf_putc(&b, '}') ? err_oom() : 0))
		goto done;
	if ((rc = store_prepare(&s, st,
				"INSERT INTO rulebooks(hash, content, created_at)"
				" VALUES (?, ?, ?) ON CONFLICT(hash) DO NOTHING")))
		goto done;
	store_bind_text(s, 1, hash, (size_t)-1);
	store_bind_text(s, 2, b.data, b.len);
	store_bind_int64(s, 3, now);
	rc = store_step(s);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	sbuf_free(&b);
	sbuf_free(&dflt);
	return rc;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds the engine from the resolved inputs (store debunks when no file
 * is named). */
static int build_engine(netra_engine **out, netra_store *st,
			const char *election, const char *rules,
			const char *hoaxes)
{
	struct netra_engine_opts eo;
	char tmp[PATH_MAX] = "";
	int rc;

	*out = NULL;
	memset(&eo, 0, sizeof(eo));
	eo.election_path = election;
	eo.rules_path = rules;
	eo.hoaxes_path = hoaxes;
	if (!hoaxes) {
		if ((rc = store_hoaxes_file(tmp, sizeof(tmp), st)))
			return rc;
		eo.hoaxes_path = tmp[0] ? tmp : NULL;
	}
	rc = netra_engine_new(out, &eo);
	if (tmp[0])
		unlink(tmp);
	return rc;
}

/* Everything one scan run works with. */
struct scan_ctx {
	netra_store *st;
	const char *hash;
	const struct wf_scan_opts *o;
	struct wf_scan_result *res;
	struct judge_worker *w;
	int nw;
	store_stmt *sel, *ins, *dup, *next, *marks, *mark;
	netra_store *rst; /* where batches are read: st, or with two threads
			   * or more a second connection read from while st
			   * writes */
	struct batch b[2];
	struct block_map map;
	char owner[128];
	int64_t lease;
	double t0;
	struct media_known_set known; /* campaign images (media/event.h) */
	int64_t wait_cutoff; /* events whose images are awaited (MEDIA_WAITING) */
	struct route_cache routes;
	struct account_cache accounts;
};

/* write_batch: another scanner took the block (the batch rolled back). */
#define LEASE_LOST 2

/* Inserts one scan mark: events lo..hi read by this batch, judged of
 * them judged. */
static int insert_mark(struct scan_ctx *c, int64_t lo, int64_t hi,
		       int64_t judged, int64_t now)
{
	store_stmt *q = c->mark;
	int rc;

	if ((rc = store_bind_text(q, 1, c->hash, (size_t)-1)) ||
	    (rc = store_bind_int64(q, 2, lo / WF_SCAN_BLOCK)) ||
	    (rc = store_bind_int64(q, 3, lo)) ||
	    (rc = store_bind_int64(q, 4, hi)) ||
	    (rc = store_bind_int64(q, 5, judged)) ||
	    (rc = store_bind_int64(q, 6, now)))
		return rc;
	rc = store_step(q);
	store_reset(q);
	return rc < 0 ? rc : 0;
}

/* Marks what the batch read: one mark per run of consecutive ids. An id
 * missing from the run (not committed yet, or never used) ends it, so a
 * mark never covers an event it did not read. */
static int write_marks(struct scan_ctx *c, const struct batch *b,
		       int64_t now)
{
	size_t i = 0, j, k = 0;
	int64_t judged;
	int rc;

	while (i < b->nids) {
		for (j = i; j + 1 < b->nids && b->ids[j + 1] == b->ids[j] + 1;
		     j++)
			;
		for (judged = 0; k < b->n && b->rows[k].rowid <= b->ids[j];
		     k++)
			judged++;
		if ((rc = insert_mark(c, b->ids[i], b->ids[j], judged, now)))
			return rc;
		i = j + 1;
	}
	return 0;
}

/* Writes the judged batch and its marks in one transaction with the
 * block's lease renewed: 0, LEASE_LOST (rolled back) or an error. */
static int write_batch(struct scan_ctx *c, const struct batch *b,
		       int64_t block)
{
	struct wf_scan_result before = *c->res;
	int64_t now;
	size_t i;
	int rc;

	if ((rc = store_begin_write(c->st)))
		return rc;
	now = wf_now();
	rc = wf_lease_renew(c->st, c->hash, block, c->owner, now + c->lease);
	if (rc == 1)
		rc = 0;
	else if (rc == 0)
		rc = LEASE_LOST;
	if (now_seconds() - c->routes.since > ROUTE_TTL) {
		memset(&c->routes, 0, sizeof(c->routes));
		memset(c->accounts.id, 0, sizeof(c->accounts.id));
		c->routes.since = now_seconds();
	}
	for (i = 0; i < b->n && rc == 0; i++)
		rc = write_row(c->res, c->ins, c->dup, c->st, &b->rows[i],
			       &b->out[i], c->hash, now, &c->routes);
	if (rc == 0)
		rc = write_marks(c, b, now);
	/* The batch's verdicts, marks, findings and transitions enter the
	 * evidence log with it (src/evidence/ledger.h). */
	if (rc == 0)
		rc = netra_evidence_append_pending(c->st);
	if (rc || (rc = store_commit(c->st))) {
		store_rollback(c->st);
		before.judge_calls = c->res->judge_calls;
		*c->res = before; /* count committed work only */
	}
	return rc;
}

/* Reads the next batch of src's block into b. */
static int read_next(struct scan_ctx *c, struct batch *b, struct source *src)
{
	arena_reset(&b->a);
	b->block = src->block;
	return read_batch(b, c->sel, &b->a, &src->last,
			  (src->block + 1) * WF_SCAN_BLOCK, c->wait_cutoff,
			  &c->map, c->rst, &c->known, &c->accounts);
}

/* A batch read on a thread of its own (on c->rst) while this thread
 * writes the batch before. */
struct reader {
	pthread_t tid;
	int started;
	struct scan_ctx *c;
	struct batch *b;
	struct source *src;
	int rc;
	char err[256];
};

static void *read_thread(void *arg)
{
	struct reader *r = arg;

	r->rc = read_next(r->c, r->b, r->src);
	if (r->rc)
		snprintf(r->err, sizeof(r->err), "%s", netra_error_last());
	return NULL;
}

/* Starts reading b: on a thread when the scan reads on a connection of
 * its own, else here and now. */
static void read_start(struct reader *r, struct scan_ctx *c, struct batch *b,
		       struct source *src)
{
	r->c = c;
	r->b = b;
	r->src = src;
	r->rc = 0;
	r->started = c->rst != c->st &&
		     pthread_create(&r->tid, NULL, read_thread, r) == 0;
	if (!r->started)
		read_thread(r);
}

static int read_wait(struct reader *r)
{
	if (r->started)
		pthread_join(r->tid, NULL);
	r->started = 0;
	return r->rc ? err_set(r->rc, "%s", r->err) : 0;
}

static void progress(struct scan_ctx *c)
{
	if (c->o->progress)
		fprintf(c->o->progress, "\rscan: %llu events judged, %.0f/s",
			(unsigned long long)c->res->judged,
			c->res->judged / (now_seconds() - c->t0 + 1e-9));
}

static int stopping(const struct scan_ctx *c)
{
	return c->o->stop && *c->o->stop;
}

/* The id of the first event after cursor no mark covers, or 0. */
static int next_unjudged(int64_t *out, struct scan_ctx *c, int64_t cursor)
{
	int rc;

	*out = 0;
	if ((rc = store_bind_int64(c->next, 1, cursor)) ||
	    (rc = store_bind_text(c->next, 2, c->hash, (size_t)-1)) ||
	    (rc = store_bind_int64(c->next, 3, c->o->rescan ? 1 : 0)) ||
	    (rc = store_bind_int64(c->next, 4, c->wait_cutoff)))
		return rc;
	rc = store_step(c->next);
	if (rc == STORE_ROW)
		*out = store_column_int64(c->next, 0);
	store_reset(c->next);
	return rc < 0 ? rc : 0;
}

/* Claims the next block after *cursor that still has events to judge
 * (blocks another scanner holds are left to it) and points src at its
 * first such event: 1, 0 when there is none (or the scan is stopping),
 * or a negative error. */
static int claim_next(struct scan_ctx *c, int64_t *cursor, struct source *src)
{
	int64_t id, block, now;
	int rc;

	for (;;) {
		if (stopping(c) || (rc = next_unjudged(&id, c, *cursor)) ||
		    id == 0)
			return stopping(c) ? 0 : rc;
		block = id / WF_SCAN_BLOCK;
		now = wf_now();
		rc = wf_lease_claim(c->st, c->hash, block, c->owner, now,
				    now + c->lease);
		if (rc < 0)
			return rc;
		*cursor = (block + 1) * WF_SCAN_BLOCK - 1;
		if (rc == 0) {
			c->res->blocks_busy++;
			continue;
		}
		c->res->blocks++;
		if ((rc = load_block(&c->map, c->marks, block, c->hash,
				     c->o->rescan)))
			return rc;
		src->block = block;
		src->last = id - 1;
		return 1;
	}
}

static int release(struct scan_ctx *c, int64_t block)
{
	return wf_lease_release(c->st, c->hash, block, c->owner);
}

/* Reads the next batch into b, here and now, moving on to the next block
 * (its lease taken, the one read to its end given up) until one has
 * events: 1, 0 when no block has any left, or a negative error. */
static int read_here(struct scan_ctx *c, struct batch *b, int64_t *cursor,
		     struct source *src)
{
	int rc;

	for (;;) {
		if ((rc = read_next(c, b, src)))
			return rc;
		if (b->nids)
			return 1;
		if ((rc = release(c, src->block)) ||
		    (rc = claim_next(c, cursor, src)) <= 0)
			return rc;
	}
}

/* Judges and commits batch after batch, block after block, each batch
 * with its block's lease renewed, until no block has events left. With
 * two threads or more, three things happen at once: the judges judge one
 * batch, this thread writes it when they are done, and a reading thread
 * reads the next on its own connection (from the next block once the
 * batch reached the end of its own: that block is claimed first, and the
 * finished one given up once its last batch is committed). */
static int scan_stream(struct scan_ctx *c)
{
	struct batch *cur = &c->b[0], *next = &c->b[1], *t;
	struct source src;
	struct reader r;
	int64_t cursor = 0;
	int rc, more, got;

	if ((rc = claim_next(c, &cursor, &src)) <= 0 ||
	    (rc = read_here(c, cur, &cursor, &src)) <= 0)
		return rc;
	c->res->judge_calls += cur->n;
	judge_start(c->w, c->nw, cur);
	for (;;) {
		more = cur->block_done ? claim_next(c, &cursor, &src) : 1;
		if (more > 0)
			read_start(&r, c, next, &src);
		if ((rc = judge_wait(c->w, c->nw, cur)) == 0)
			rc = write_batch(c, cur, cur->block);
		free_judged(cur);
		if (rc == 0 && cur->block_done)
			rc = release(c, cur->block);
		got = more > 0 ? read_wait(&r) : more;
		if (rc == LEASE_LOST) {
			/* the rest of this block is another scanner's */
			rc = 0;
			if (more > 0 && next->block == cur->block) {
				next->n = next->nids = 0;
				next->block_done = 1;
			}
		}
		if (rc < 0 || (rc = got) < 0 || more == 0)
			break;
		progress(c);
		if (stopping(c)) {
			/* what was read and not judged goes to the next scan */
			rc = release(c, next->block);
			break;
		}
		if (next->nids == 0 &&
		    (next->block_done ? (rc = release(c, next->block)) ||
					    (rc = claim_next(c, &cursor,
							     &src)) <= 0 ||
					    (rc = read_here(c, next, &cursor,
							    &src)) <= 0
				      : (rc = read_here(c, next, &cursor,
							&src)) <= 0))
			break;
		c->res->judge_calls += next->n;
		judge_start(c->w, c->nw, next);
		t = cur;
		cur = next;
		next = t;
	}
	if (c->o->progress)
		fputc('\n', c->o->progress);
	return rc < 0 ? rc : 0;
}

static int prepare_all(struct scan_ctx *c)
{
	int rc;

	if ((rc = store_prepare(&c->sel, c->rst, select_sql)) ||
	    (rc = store_prepare(&c->next, c->st, next_sql)) ||
	    (rc = store_prepare(&c->marks, c->st, marks_sql)) ||
	    (rc = store_prepare(&c->mark, c->st, mark_sql)) ||
	    (rc = store_prepare(&c->accounts.q, c->rst,
				"SELECT a.employee_id, emp.unit_id FROM accounts"
				" a JOIN employees emp ON emp.id = a.employee_id"
				" WHERE a.id = ?")) ||
	    (rc = store_prepare(&c->ins, c->st,
				"INSERT INTO verdicts(event_id, rulebook, labels,"
				" candidate, score, json, created_at)"
				" VALUES (?, ?, ?, ?, ?, ?, ?)"
				" ON CONFLICT(event_id, rulebook) DO NOTHING"
				" RETURNING id")))
		return rc;
	return store_prepare(&c->dup, c->st,
			     "SELECT 1 FROM verdicts v JOIN findings f"
			     " ON f.verdict_id = v.id WHERE v.event_id = ?"
			     " AND f.category = ?");
}

static int scan_batches(netra_store *st, struct judge_worker *w, int nw,
			const char *hash, const struct wf_scan_opts *o,
			struct wf_scan_result *res)
{
	struct scan_ctx *c = calloc(1, sizeof(*c));
	int rc, k;

	if (!c)
		return err_oom();
	c->st = st;
	c->hash = hash;
	c->o = o;
	c->res = res;
	c->w = w;
	c->nw = nw;
	/* a block (at most WF_SCAN_BLOCK ids) per batch by default, so the
	 * batches a reading thread reads ahead are alike in size */
	c->b[0].max = c->b[1].max = o->batch ? o->batch : WF_SCAN_BLOCK;
	c->b[1].parity = 1;
	c->lease = o->lease_seconds > 0 ? o->lease_seconds
					: WF_SCAN_LEASE_SECONDS;
	c->t0 = now_seconds();
	c->wait_cutoff = media_wait_cutoff(wf_now(), c->o->media_grace);
	wf_lease_owner(c->owner, sizeof(c->owner));
	for (k = 0; k < 2; k++) {
		c->b[k].rows = calloc(c->b[k].max, sizeof(*c->b[k].rows));
		c->b[k].out = calloc(c->b[k].max, sizeof(*c->b[k].out));
	}
	if (!c->b[0].rows || !c->b[0].out || !c->b[1].rows || !c->b[1].out) {
		rc = err_oom();
		goto done;
	}
	/* reads on a connection of their own with two threads or more */
	if (nw < 2 || store_open_again(&c->rst, st))
		c->rst = st;
	if ((rc = store_read_through(c->rst)))
		goto done;
	if ((rc = prepare_all(c)) || (rc = media_known_load(&c->known, st)))
		goto done;
	rc = scan_stream(c);
done:
	res->seconds = now_seconds() - c->t0;
	store_finalize(c->sel);
	store_finalize(c->ins);
	store_finalize(c->dup);
	store_finalize(c->next);
	store_finalize(c->marks);
	store_finalize(c->mark);
	store_finalize(c->accounts.q);
	if (c->rst != st)
		netra_store_close(c->rst);
	media_known_free(&c->known);
	for (k = 0; k < 2; k++) {
		arena_free(&c->b[k].a);
		free(c->b[k].rows);
		free(c->b[k].out);
	}
	free(c);
	return rc;
}

int wf_scan_engine(netra_engine **out, netra_store *st,
		   const struct wf_scan_opts *o)
{
	char *election = NULL, *rules = NULL, *hoaxes = NULL;
	int rc;

	*out = NULL;
	if ((rc = pick_input(&election, st, "scan.election", o->election_path)) ||
	    (rc = pick_input(&rules, st, "scan.rules", o->rules_path)) ||
	    (rc = pick_input(&hoaxes, st, "scan.hoaxes", o->hoaxes_path)))
		goto done;
	if (!election)
		rc = err_set(NETRA_EINVALID, "no election profile known");
	else
		rc = build_engine(out, st, election, rules, hoaxes);
done:
	free(election);
	free(rules);
	free(hoaxes);
	return rc;
}

/* The number of judging threads: the option, else the machine's cores. */
static int thread_count(const struct wf_scan_opts *o)
{
	long cores;

	if (o->threads > 0)
		return o->threads > 64 ? 64 : o->threads;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
}

/* A scanner: the engine built from the resolved inputs and one judge per
 * thread, kept from run to run until the inputs change. */
struct wf_scanner {
	netra_store *st;
	struct wf_scan_opts o;
	char *election, *rules, *hoaxes; /* what the engine was built from */
	int64_t hoax_count, hoax_time;   /* the store's debunks it holds */
	netra_engine *e;
	struct judge_worker *w;
	int nw;
	char rulebook[80];
};

static void drop_engine(struct wf_scanner *sc)
{
	int k;

	for (k = 0; k < sc->nw; k++) {
		netra_judge_free(sc->w[k].j);
		sc->w[k].j = NULL;
		arena_free(&sc->w[k].a[0]);
		arena_free(&sc->w[k].a[1]);
	}
	netra_engine_free(sc->e);
	sc->e = NULL;
	free(sc->election);
	free(sc->rules);
	free(sc->hoaxes);
	sc->election = sc->rules = sc->hoaxes = NULL;
}

void wf_scanner_free(struct wf_scanner *sc)
{
	if (!sc)
		return;
	drop_engine(sc);
	free(sc->w);
	free(sc);
}

int wf_scanner_new(struct wf_scanner **out, netra_store *st,
		   const struct wf_scan_opts *o)
{
	struct wf_scanner *sc = calloc(1, sizeof(*sc));

	*out = NULL;
	if (!sc)
		return err_oom();
	sc->st = st;
	sc->o = *o;
	sc->nw = thread_count(o);
	if (!(sc->w = calloc((size_t)sc->nw, sizeof(*sc->w)))) {
		free(sc);
		return err_oom();
	}
	*out = sc;
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Builds the engine and the judges from the resolved inputs (taking
 * ownership of them), remembers the inputs and records the rulebook. */
static int build_scanner(struct wf_scanner *sc, char *election, char *rules,
			 char *hoaxes, int64_t hx_n, int64_t hx_t)
{
	int rc, k;

	drop_engine(sc);
	sc->election = election;
	sc->rules = rules;
	sc->hoaxes = hoaxes;
	sc->hoax_count = hx_n;
	sc->hoax_time = hx_t;
	if ((rc = build_engine(&sc->e, sc->st, election, rules, hoaxes)))
		goto fail;
	for (k = 0; k < sc->nw; k++)
		if ((rc = netra_judge_new(&sc->w[k].j, sc->e)))
			goto fail;
	if ((rc = remember_inputs(sc->st, &sc->o, election, rules, hoaxes,
				  netra_engine_timezone(sc->e))))
		goto fail;
	snprintf(sc->rulebook, sizeof(sc->rulebook), "%s",
		 netra_engine_rulebook_hash(sc->e));
	if ((rc = record_rulebook(sc->st, sc->rulebook, election, rules,
				  hoaxes, wf_now())))
		goto fail;
	return 0;
fail:
	drop_engine(sc);
	return rc;
}

/* Resolves the inputs (the options, else what the store remembers) and
 * builds the engine again when they differ from the ones it holds. */
static int refresh_scanner(struct wf_scanner *sc)
{
	const struct wf_scan_opts *o = &sc->o;
	char *election = NULL, *rules = NULL, *hoaxes = NULL;
	int64_t hx_n = 0, hx_t = 0;
	int rc;

	if ((rc = pick_input(&election, sc->st, "scan.election",
			     o->election_path)) ||
	    (rc = pick_input(&rules, sc->st, "scan.rules", o->rules_path)) ||
	    (rc = pick_input(&hoaxes, sc->st, "scan.hoaxes", o->hoaxes_path)) ||
	    (!hoaxes && (rc = store_hoax_stamp(&hx_n, &hx_t, sc->st))))
		goto done;
	if (!election) {
		rc = err_set(NETRA_EINVALID, "no election profile: give "
					     "--election FILE (remembered "
					     "for later scans)");
		goto done;
	}
	if (sc->e && same(election, sc->election) && same(rules, sc->rules) &&
	    same(hoaxes, sc->hoaxes) && hx_n == sc->hoax_count &&
	    hx_t == sc->hoax_time)
		goto done;
	rc = build_scanner(sc, election, rules, hoaxes, hx_n, hx_t);
	election = rules = hoaxes = NULL; /* the scanner's now */
done:
	free(election);
	free(rules);
	free(hoaxes);
	return rc;
}

int wf_scanner_run(struct wf_scanner *sc, struct wf_scan_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = refresh_scanner(sc)))
		return rc;
	res->threads = sc->nw;
	snprintf(res->rulebook, sizeof(res->rulebook), "%s", sc->rulebook);
	return scan_batches(sc->st, sc->w, sc->nw, sc->rulebook, &sc->o, res);
}

int wf_scan_run(netra_store *st, const struct wf_scan_opts *o,
		struct wf_scan_result *res)
{
	struct wf_scanner *sc = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = wf_scanner_new(&sc, st, o)))
		return rc;
	rc = wf_scanner_run(sc, res);
	wf_scanner_free(sc);
	return rc;
}
