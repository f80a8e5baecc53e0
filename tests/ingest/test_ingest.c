/*
 * tests/ingest/test_ingest.c - the ingest loop (ingest/ingest.c) against
 * a temporary SQLite store: counts, idempotence, unregistered and
 * inactive accounts, delete marking, reject files, batch sizes, the
 * events indexes (migration 005).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "netra/ingest.h"
#include "store/store.h"

struct fx {
	char dir[64];
	char db[128];
	char rej[128];
	netra_store *st;
};

static const char *fixture(const char *name)
{
	static char path[1024];
	const char *src = getenv("NETRA_SRC");

	snprintf(path, sizeof(path), "%s/tests/integration/fixtures/ingest/%s",
	         src ? src : "..", name);
	return path;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/netra-ingest-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->rej, sizeof(f->rej), "%s/rejects.jsonl", f->dir);
	if (netra_store_open(&f->st, f->db))
		return -1;
	if (store_exec(
	        f->st,
	        "INSERT INTO units (code, name, kind, updated_at)"
	        " VALUES ('U1', 'Dinas Uji', 'OPD', 0);"
	        "INSERT INTO employees (staff_key, name, unit_id, status,"
	        " updated_at) VALUES ('S1', 'Pegawai Uji', 1, 'PNS', 0);"
	        "INSERT INTO accounts (employee_id, platform, handle,"
	        " updated_at) VALUES (1, 'x', 'budi_santoso88', 0),"
	        " (1, 'x', 'rina_w', 0), (1, 'instagram', 'siti.rahma', 0),"
	        " (1, 'instagram', 'dewi_lestari', 0),"
	        " (1, 'facebook', '100000000000001', 0),"
	        " (1, 'tiktok', 'andi.setiawan', 0);"
	        "INSERT INTO accounts (employee_id, platform, handle,"
	        " active, updated_at) VALUES (1, 'x', 'warga_kota', 0, 0);"))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];

	netra_store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static int64_t q(struct fx *f, const char *sql)
{
	int64_t v = -1;

	if (store_query_int64(&v, f->st, sql, NULL, 0))
		fail_msg("%s: %s", sql, netra_error_last());
	return v;
}

static void run(struct fx *f, const char *file, size_t batch,
                netra_ingest_result *res)
{
	netra_ingest_options o;

	memset(&o, 0, sizeof(o));
	o.rejects_path = f->rej;
	o.batch_size = batch;
	if (netra_ingest_file(res, f->st, file, &o))
		fail_msg("ingest %s: %s", file, netra_error_last());
	/* every record is in exactly one bucket */
	assert_int_equal(res->read, res->ingested + res->duplicates +
	                                res->skipped + res->rejected);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	static char buf[8192];
	size_t n;

	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void copy_file(const char *to, const char *from)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[8192];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void test_jsonl_counts_and_store(void **state)
{
	struct fx *f = *state;
	netra_ingest_result r;
	char *rej;

	run(f, fixture("events.jsonl"), 0, &r);
	assert_int_equal(r.format, NETRA_FMT_JSONL);
	assert_int_equal(r.read, 8);
	assert_int_equal(r.ingested, 4);
	assert_int_equal(r.duplicates, 1); /* j-1 twice in the file */
	assert_int_equal(r.skipped, 1);    /* warga_kota: inactive */
	assert_int_equal(r.rejected, 2);
	assert_string_equal(r.rejects_path, f->rej);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events"), 4);
	/* the first copy of j-1 is the one kept, raw as received */
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE event_id = "
	                      "'j-1' AND raw LIKE '%source_note%'"),
	                 1);
	assert_int_equal(q(f, "SELECT created_at FROM events WHERE event_id = "
	                      "'j-1'"),
	                 1727831700);
	assert_int_equal(q(f,
	                   "SELECT COUNT(*) FROM events e JOIN accounts a"
	                   " ON a.id = e.account_id AND a.handle = e.account"),
	                 4);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE event_id = "
	                      "'j-2' AND target_account = 'paslon2_resmi' AND "
	                      "target_id = '99' AND type = 'repost'"),
	                 1);
	/* the delete is stored and marks its target */
	assert_int_equal(q(f, "SELECT deleted_at FROM events WHERE event_id = "
	                      "'j-1'"),
	                 1727913600);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE type = "
	                      "'delete' AND target_id = 'j-1'"),
	                 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE deleted_at "
	                      "IS NOT NULL"),
	                 1);
	/* rejects: the two bad lines verbatim, nothing else */
	rej = slurp(f->rej);
	assert_non_null(rej);
	assert_non_null(strstr(rej, "\"id\":\"j-5\""));
	assert_non_null(strstr(rej, "\"id\":\"j-6\""));
	assert_null(strstr(rej, "\"id\":\"j-1\""));
	assert_int_equal(strchr(strchr(rej, '\n') + 1, '\n')[1], '\0');
}

static void test_idempotent(void **state)
{
	struct fx *f = *state;
	netra_ingest_result a, b;

	run(f, fixture("events.jsonl"), 0, &a);
	run(f, fixture("events.jsonl"), 0, &b);
	assert_int_equal(b.read, a.read);
	assert_int_equal(b.ingested, 0);
	assert_int_equal(b.duplicates, a.ingested + a.duplicates);
	assert_int_equal(b.skipped, a.skipped);
	assert_int_equal(b.rejected, a.rejected);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events"),
	                 (int64_t)a.ingested);
	assert_int_equal(q(f,
	                   "SELECT COUNT(*) FROM (SELECT platform, event_id"
	                   " FROM events GROUP BY 1, 2 HAVING COUNT(*) > 1)"),
	                 0);
}

static void test_platform_files(void **state)
{
	static const struct {
		const char *file;
		netra_ingest_format fmt;
		uint64_t read, ingested, skipped, rejected;
	} cases[] = {
	    {"x.json", NETRA_FMT_X, 6, 4, 1, 1},
	    {"meta.jsonl", NETRA_FMT_META, 5, 3, 1, 1},
	    {"tiktok.json", NETRA_FMT_TIKTOK, 3, 1, 1, 1},
	    {"events.csv", NETRA_FMT_CSV, 6, 3, 1, 2},
	};
	struct fx *f = *state;
	netra_ingest_result r;
	size_t i;
	int64_t total = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run(f, fixture(cases[i].file), 0, &r);
		assert_int_equal(r.format, cases[i].fmt);
		assert_int_equal(r.read, cases[i].read);
		assert_int_equal(r.ingested, cases[i].ingested);
		assert_int_equal(r.skipped, cases[i].skipped);
		assert_int_equal(r.rejected, cases[i].rejected);
		total += (int64_t)r.ingested;
	}
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events"), total);
	assert_int_equal(q(f,
	                   "SELECT COUNT(*) FROM events WHERE platform = "
	                   "'instagram' AND type = 'comment' AND target_id = "
	                   "'17900000000000001'"),
	                 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE platform = "
	                      "'x' AND type = 'follow' AND target_account = "
	                      "'paslon2_resmi'"),
	                 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE raw LIKE "
	                      "'%\"catatan\":\"dari tim patroli\"%'"),
	                 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE source LIKE "
	                      "'%tiktok.json'"),
	                 1);
}

/* The query plan of sql (SQLite EXPLAIN QUERY PLAN details, joined). */
static void plan(struct fx *f, const char *sql, char *buf, size_t size)
{
	char eqp[512];
	store_stmt *s = NULL;
	size_t n = 0;

	snprintf(eqp, sizeof(eqp), "EXPLAIN QUERY PLAN %s", sql);
	buf[0] = '\0';
	assert_int_equal(store_prepare(&s, f->st, eqp), 0);
	while (store_step(s) == STORE_ROW && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%s; ",
		                      store_column_text(s, 3, NULL));
	store_finalize(s);
}

/* Strings bound without a copy are stored whole and exact, and the
 * lookups migration 005 keeps indexed still use an index. */
static void test_stored_exactly_and_indexed(void **state)
{
	static const char line1[] =
	    "{\"platform\":\"x\",\"id\":\"j-1\",\"type\":\"post\","
	    "\"account\":\"@budi_santoso88\","
	    "\"created_at\":\"2024-10-02T08:15:00+07:00\","
	    "\"text\":\"Ayo dukung nomor 2\","
	    "\"url\":\"https://x.com/budi_santoso88/status/j-1\","
	    "\"source_note\":\"kept\"}";
	struct fx *f = *state;
	netra_ingest_result r;
	char p[1024];
	const char *args[2];
	int64_t v = -1;

	run(f, fixture("events.jsonl"), 0, &r);
	args[0] = line1;
	args[1] = fixture("events.jsonl");
	assert_int_equal(
	    store_query_int64(
	        &v, f->st,
	        "SELECT COUNT(*) FROM events WHERE event_id = 'j-1' AND"
	        " raw = ? AND type = 'post' AND account ="
	        " 'budi_santoso88' AND text = 'Ayo dukung nomor 2' AND"
	        " source = ?",
	        args, 2),
	    0);
	assert_int_equal(v, 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events WHERE event_id ="
	                      " 'j-2' AND target_text = 'Visi kami' AND"
	                      " length(raw) > 100"),
	                 1);
	/* who shared a post: the partial index over reposts and quotes */
	plan(f,
	     "SELECT id FROM events WHERE platform = 'x' AND target_id = '99'"
	     " AND type IN ('repost', 'quote')",
	     p, sizeof(p));
	assert_non_null(strstr(p, "INDEX events_shared"));
	/* the post an event points at, and delete marking: the UNIQUE key */
	plan(f,
	     "SELECT id FROM events WHERE platform = 'x' AND event_id = '99'",
	     p, sizeof(p));
	assert_non_null(strstr(p, "INDEX sqlite_autoindex_events"));
	assert_int_equal(q(f, "SELECT COUNT(*) FROM sqlite_master WHERE name IN"
	                      " ('events_account', 'events_created',"
	                      " 'events_target')"),
	                 0);
}

/* Batches of 1 and 2 give the same store as one big batch. */
static void test_batch_sizes(void **state)
{
	struct fx *f = *state;
	netra_ingest_result r;

	run(f, fixture("x.json"), 1, &r);
	assert_int_equal(r.ingested, 4);
	run(f, fixture("events.jsonl"), 2, &r);
	assert_int_equal(r.ingested, 4);
	assert_int_equal(r.duplicates, 1);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events"), 8);
}

/* An explicit reject path collects the rejects of every file of a
 * session; the default name follows the input's. */
static void test_reject_files(void **state)
{
	struct fx *f = *state;
	netra_ingest_options o;
	netra_ingest_result r;
	netra_ingest *ing = NULL;
	char cwd[1024], *rej;

	memset(&o, 0, sizeof(o));
	o.rejects_path = f->rej;
	assert_int_equal(netra_ingest_new(&ing, f->st, &o), 0);
	assert_int_equal(netra_ingest_run(ing, fixture("tiktok.json"), &r), 0);
	assert_int_equal(netra_ingest_run(ing, fixture("x.json"), &r), 0);
	netra_ingest_free(ing);
	rej = slurp(f->rej);
	assert_non_null(strstr(rej, "\"create_time\":1728007200"));
	assert_non_null(strstr(rej, "\"author_id\":\"9999\""));

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	/* issue 8: a/events.csv and b/events.csv in one session each get
	 * their own reject file (they shared one, the second's rejects
	 * replacing the first's), named after the whole path. */
	assert_int_equal(mkdir("a", 0700), 0);
	assert_int_equal(mkdir("b", 0700), 0);
	copy_file("a/events.csv", fixture("events.csv"));
	copy_file("b/events.csv", fixture("events.csv"));
	assert_int_equal(netra_ingest_new(&ing, f->st, NULL), 0);
	assert_int_equal(netra_ingest_run(ing, "a/events.csv", &r), 0);
	assert_string_equal(r.rejects_path, "netra-rejects-a%2Fevents.csv.csv");
	assert_int_equal(netra_ingest_run(ing, "b/events.csv", &r), 0);
	assert_string_equal(r.rejects_path, "netra-rejects-b%2Fevents.csv.csv");
	netra_ingest_free(ing);
	rej = slurp("netra-rejects-a%2Fevents.csv.csv");
	assert_non_null(rej);
	/* header first, so the file can be fixed and ingested again */
	assert_int_equal(strncmp(rej, "platform,id,type,account,", 25), 0);
	assert_non_null(strstr(rej, "\nx,c-4,share,"));
	rej = slurp("netra-rejects-b%2Fevents.csv.csv");
	assert_non_null(rej);
	assert_non_null(strstr(rej, "\nx,c-4,share,"));
	copy_file("x.json", fixture("x.json"));
	assert_int_equal(netra_ingest_file(&r, f->st, "x.json", NULL), 0);
	assert_string_equal(r.rejects_path, "netra-rejects-x.json.jsonl");
	assert_int_equal(chdir(cwd), 0);
}

/* Errors go to the log as file:line: reason, up to max_errors_shown. */
static void test_error_log_cap(void **state)
{
	struct fx *f = *state;
	netra_ingest_options o;
	netra_ingest_result r;
	netra_ingest *ing = NULL;
	char line[512];
	int lines = 0;
	FILE *log = tmpfile();

	assert_non_null(log);
	memset(&o, 0, sizeof(o));
	o.rejects_path = f->rej;
	o.log = log;
	o.max_errors_shown = 1;
	assert_int_equal(netra_ingest_new(&ing, f->st, &o), 0);
	assert_int_equal(netra_ingest_run(ing, fixture("events.jsonl"), &r), 0);
	assert_int_equal(r.rejected, 2);
	assert_int_equal(netra_ingest_errors_hidden(ing), 1);
	netra_ingest_free(ing);
	rewind(log);
	while (fgets(line, sizeof(line), log)) {
		lines++;
		assert_non_null(strstr(line, "events.jsonl:6: not JSON"));
	}
	assert_int_equal(lines, 1);
	fclose(log);
}

static void test_errors(void **state)
{
	struct fx *f = *state;
	netra_ingest_result r;
	char path[256];
	FILE *fp;

	assert_int_equal(
	    netra_ingest_file(&r, f->st, "/nonexistent/e.jsonl", NULL),
	    NETRA_EIO);
	assert_non_null(strstr(netra_error_last(), "/nonexistent/e.jsonl"));
	snprintf(path, sizeof(path), "%s/odd.json", f->dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("{\"hello\":\"world\"}\n", fp);
	fclose(fp);
	assert_int_equal(netra_ingest_file(&r, f->st, path, NULL),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "cannot detect"));
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events"), 0);
}

/* A page given to netra_ingest_buffer is one transaction however many
 * events it holds: more than the session's batch size must store them all
 * with their leaves (the leaf array once had batch_size slots: a page
 * larger than the batch wrote past it). */
static void test_buffer_larger_than_batch(void **state)
{
	struct fx *f = *state;
	netra_ingest_options o;
	netra_ingest_result res;
	netra_ingest *ing = NULL;
	char buf[4096];
	size_t n = 0;
	int i;

	memset(&o, 0, sizeof(o));
	o.rejects_path = f->rej;
	o.batch_size = 2;
	for (i = 0; i < 9; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		                      "{\"platform\":\"x\",\"id\":\"p-%d\","
		                      "\"type\":\"post\",\"account\":"
		                      "\"@rina_w\",\"text\":\"halo %d\"}\n",
		                      i, i);
	if (netra_ingest_new(&ing, f->st, &o))
		fail_msg("%s", netra_error_last());
	if (netra_ingest_buffer(ing, "halaman", NETRA_FMT_JSONL, buf, n, NULL,
	                        NULL, &res))
		fail_msg("%s", netra_error_last());
	netra_ingest_free(ing);
	assert_int_equal(res.ingested, 9);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM events"), 9);
	assert_int_equal(q(f, "SELECT COUNT(*) FROM evidence_leaves"
	                      " WHERE kind = 0"), 9);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_jsonl_counts_and_store, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_platform_files, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_stored_exactly_and_indexed,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_batch_sizes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reject_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_error_log_cap, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_buffer_larger_than_batch,
	                                    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
