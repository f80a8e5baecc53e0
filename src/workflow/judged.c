/*
 * workflow/judged.c - the stored verdict of an event, from its verdict row
 * or the scan mark that covers it (workflow/judged.h).
 */
#include "workflow/judged.h"

#include <string.h>

#include "store/store.h"
#include "util/error.h"
#include "util/sbuf.h"
#include "workflow/scan.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

/* The marks covering an event (three parameters: its id), newest first
 * where ordered. */
#define COVERING                                                               \
	"m.block = ? / " STR(WF_SCAN_BLOCK) " AND m.lo <= ? AND m.hi >= ?"

/* Prepares sql into *q with every one of its nbind parameters = event. */
static int prepare_event(store_stmt **q, netra_store *st, const char *sql,
			 int nbind, int64_t event)
{
	int rc = store_prepare(q, st, sql), k;

	for (k = 1; !rc && k <= nbind; k++)
		rc = store_bind_int64(*q, k, event);
	return rc;
}

/* *out = the one integer sql (nbind parameters, all event) yields. */
static int query_event(int64_t *out, netra_store *st, const char *sql,
		       int nbind, int64_t event)
{
	store_stmt *q = NULL;
	int rc;

	*out = 0;
	if ((rc = prepare_event(&q, st, sql, nbind, event)) == 0 &&
	    (rc = store_step(q)) == STORE_ROW)
		*out = store_column_int64(q, 0);
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* A judged event: scan reads deletions and events of no registered
 * account only to keep its runs of ids whole. */
#define JUDGEABLE "e.type <> 'delete' AND e.account_id IS NOT NULL"

int wf_event_judged(netra_store *st, int64_t event)
{
	int64_t n = 0;
	int rc = query_event(&n, st,
			     "SELECT CASE WHEN EXISTS (SELECT 1 FROM verdicts v"
			     " WHERE v.event_id = ?) OR EXISTS (SELECT 1 FROM"
			     " scan_marks m JOIN events e ON " COVERING
			     " AND e.id = ? AND " JUDGEABLE ") THEN 1 ELSE 0"
			     " END",
			     5, event);

	return rc ? rc : n != 0;
}

static int newest_verdict(int64_t *out, netra_store *st, int64_t event)
{
	return query_event(out, st,
			   "SELECT COALESCE(MAX(id), 0) FROM verdicts"
			   " WHERE event_id = ?",
			   1, event);
}

/* Writes the clean verdict of the newest mark covering event; *out its
 * id, 0 when no mark covers it. */
static int write_clean(int64_t *out, netra_store *st, int64_t event)
{
	struct sbuf json = SBUF_INIT;
	store_stmt *q = NULL, *ins = NULL;
	const char *id, *rulebook;
	size_t id_len, rb_len;
	int rc;

	*out = 0;
	if ((rc = prepare_event(&q, st,
				"SELECT e.event_id, m.rulebook, m.created_at"
				" FROM scan_marks m JOIN events e ON " COVERING
				" AND e.id = ? AND " JUDGEABLE
				" ORDER BY m.id DESC LIMIT 1",
				4, event)))
		goto done;
	if ((rc = store_step(q)) != STORE_ROW)
		goto done;
	id = store_column_text(q, 0, &id_len);
	rulebook = store_column_text(q, 1, &rb_len);
	if (sbuf_puts(&json, "{\"id\":") || sbuf_json_str(&json, id, id_len) ||
	    sbuf_puts(&json, ",\"labels\":[\"none\"],\"candidate\":null,"
			     "\"score\":0.00,\"findings\":[],\"rulebook\":") ||
	    sbuf_json_str(&json, rulebook, rb_len) || sbuf_putc(&json, '}')) {
		rc = err_oom();
		goto done;
	}
	if ((rc = store_prepare(&ins, st,
				"INSERT INTO verdicts (event_id, rulebook,"
				" labels, candidate, score, json, created_at)"
				" VALUES (?, ?, 'none', NULL, 0, ?, ?)"
				" ON CONFLICT (event_id, rulebook) DO NOTHING")) ||
	    (rc = store_bind_int64(ins, 1, event)) ||
	    (rc = store_bind_text(ins, 2, rulebook, rb_len)) ||
	    (rc = store_bind_text(ins, 3, json.data, json.len)) ||
	    (rc = store_bind_int64(ins, 4, store_column_int64(q, 2))))
		goto done;
	if ((rc = store_step(ins)) < 0)
		goto done;
	rc = newest_verdict(out, st, event);
done:
	store_finalize(q);
	store_finalize(ins);
	sbuf_free(&json);
	return rc < 0 ? rc : 0;
}

int wf_event_verdict(int64_t *out, netra_store *st, int64_t event)
{
	int rc = newest_verdict(out, st, event);

	if (rc || *out)
		return rc;
	return write_clean(out, st, event);
}
