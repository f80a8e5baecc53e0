/*
 * store/hoaxes.c - the hoaxes table (store/hoaxes.h): upsert by id and a
 * walk over all rows, through the portable store_* statement API.
 */
#include "store/hoaxes.h"
#include "store/store.h"

int store_hoax_upsert(netra_store *st, const char *id, const char *claim,
		      const char *verdict, const char *explanation,
		      const char *url, int64_t now)
{
	static const char sql[] =
		"INSERT INTO hoaxes (id, claim, verdict, explanation, url, "
		"imported_at) VALUES (?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (id) DO UPDATE SET claim = excluded.claim, "
		"verdict = excluded.verdict, "
		"explanation = excluded.explanation, url = excluded.url, "
		"imported_at = excluded.imported_at";
	store_stmt *s = NULL;
	int rc = store_prepare(&s, st, sql);

	if (rc)
		return rc;
	rc = store_bind_text(s, 1, id, (size_t)-1);
	if (!rc)
		rc = store_bind_text(s, 2, claim, (size_t)-1);
	if (!rc)
		rc = store_bind_text(s, 3, verdict ? verdict : "", (size_t)-1);
	if (!rc)
		rc = store_bind_text(s, 4, explanation ? explanation : "",
				     (size_t)-1);
	if (!rc)
		rc = url ? store_bind_text(s, 5, url, (size_t)-1)
			 : store_bind_null(s, 5);
	if (!rc)
		rc = store_bind_int64(s, 6, now);
	if (!rc) {
		rc = store_step(s);
		rc = rc < 0 ? rc : 0;
	}
	store_finalize(s);
	return rc;
}

int store_hoax_each(netra_store *st,
		    int (*fn)(void *ctx, const char *id, const char *claim,
			      const char *verdict, const char *explanation,
			      const char *url),
		    void *ctx)
{
	static const char sql[] = "SELECT id, claim, verdict, explanation, "
				  "url FROM hoaxes ORDER BY id";
	store_stmt *s = NULL;
	int rc = store_prepare(&s, st, sql);

	if (rc)
		return rc;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *url = store_column_is_null(s, 4)
					  ? NULL
					  : store_column_text(s, 4, NULL);

		rc = fn(ctx, store_column_text(s, 0, NULL),
			store_column_text(s, 1, NULL),
			store_column_text(s, 2, NULL),
			store_column_text(s, 3, NULL), url);
		if (rc)
			break;
	}
	store_finalize(s);
	return rc < 0 || rc > 0 ? rc : 0;
}

int store_hoax_stamp(int64_t *count, int64_t *when, netra_store *st)
{
	int rc = store_query_int64(count, st, "SELECT COUNT(*) FROM hoaxes",
				   NULL, 0);

	return rc ? rc : store_query_int64(when, st,
					   "SELECT COALESCE(MAX(imported_at), 0)"
					   " FROM hoaxes", NULL, 0);
}
