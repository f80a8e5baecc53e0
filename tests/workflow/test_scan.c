/*
 * tests/workflow/test_scan.c - `netra scan` as a library call
 * (workflow/scan.h) on a small fictional city: stored events are judged
 * once with the real engine, breaches become findings bound to the right
 * employee and unit, clean events and delete events make none, a second
 * run judges nothing, --rescan under another rulebook keeps the old
 * verdicts without a second finding for the same event and category, and
 * copy-paste campaigns (the same text, the same shared post) share one
 * group_id. Batch boundaries do not change the outcome.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netra/common.h"
#include "store/store.h"
#include "workflow/calendar.h"
#include "workflow/judged.h"
#include "workflow/scan.h"

/* Every name below is invented. */
static const char profile[] =
	"election:\n"
	"  id: pilkada-lestari-2030\n"
	"  name: Pemilihan Wali Kota dan Wakil Wali Kota Lestari 2030\n"
	"  region: Kota Lestari\n"
	"  campaign_period: {start: 2030-09-24, end: 2030-11-24}\n"
	"  voting_day: 2030-11-27\n"
	"candidates:\n"
	"  - number: 1\n"
	"    names: [\"Candra Wibisana\", \"Dewi Anggraini\"]\n"
	"    aliases: [CADE, Pak Candra, Candra, Dewi]\n"
	"    hashtags: [\"#CadeMenang\"]\n"
	"    accounts: [{platform: x, handle: cade_official}]\n"
	"  - number: 2\n"
	"    names: [\"Eko Prasetyo\", \"Fitri Handayani\"]\n"
	"    aliases: [EFI, Bang Eko, Eko, Fitri]\n"
	"    hashtags: [\"#EfiJuara\"]\n"
	"    accounts: [{platform: instagram, handle: efi.official}]\n";

/* PEMKOT (root) > DINAS-A, DINAS-B; employees 1 and 3 in DINAS-A, 2 and
 * 4 in DINAS-B; one account each. */
static const char org[] =
	"INSERT INTO units(id, code, name, parent_id, kind, path, updated_at)"
	" VALUES (1, 'PEMKOT', 'Pemerintah Kota Lestari', NULL, 'pemda',"
	" '/1/', 0), (2, 'DINAS-A', 'Dinas Alfa', 1, 'dinas', '/1/2/', 0),"
	" (3, 'DINAS-B', 'Dinas Beta', 1, 'dinas', '/1/3/', 0);"
	"INSERT INTO employees(id, staff_key, name, unit_id, status,"
	" updated_at) VALUES (1, 'NA-000001', 'Ani Fiktif', 2, 'PNS', 0),"
	" (2, 'NA-000002', 'Budi Fiktif', 3, 'PNS', 0),"
	" (3, 'NA-000003', 'Cici Fiktif', 2, 'PPPK', 0),"
	" (4, 'NA-000004', 'Dodi Fiktif', 3, 'PNS', 0);"
	"INSERT INTO accounts(id, employee_id, platform, handle, updated_at)"
	" VALUES (1, 1, 'x', 'ani_a', 0), (2, 2, 'x', 'budi_b', 0),"
	" (3, 3, 'instagram', 'cici_c', 0), (4, 4, 'x', 'dodi_d', 0);";

#define CAMPAIGN "Mari dukung Eko dan Fitri, pilih nomor 2 untuk Kota " \
		 "Lestari yang lebih maju!"

/* The events: id, platform, type, account row (0 = not registered),
 * handle, text, target account, target id, deleted (seen gone). */
static const struct ev {
	const char *id, *platform, *type;
	int account;
	const char *handle, *text, *tacc, *tid;
	int deleted;
} events[] = {
	{"e1", "x", "post", 1, "ani_a",
	 "Ayo coblos nomor 1! Pak Candra pasti menang #CadeMenang", NULL,
	 NULL, 0},
	{"e2", "x", "post", 2, "budi_b",
	 "Rapat koordinasi pelayanan publik di kantor hari ini berjalan "
	 "lancar.", NULL, NULL, 0},
	/* the same campaign text by three staff, on two platforms */
	{"e3", "x", "post", 1, "ani_a", CAMPAIGN, NULL, NULL, 0},
	{"e4", "x", "post", 2, "budi_b",
	 "MARI dukung Eko dan Fitri... pilih nomor 2 untuk Kota Lestari yang "
	 "lebih maju", NULL, NULL, 0},
	{"e5", "instagram", "post", 3, "cici_c", CAMPAIGN, NULL, NULL, 0},
	/* two reposts of one campaign post */
	{"e6", "x", "repost", 4, "dodi_d", NULL, "cade_official", "p-77", 0},
	{"e7", "x", "repost", 2, "budi_b", NULL, "cade_official", "p-77", 0},
	/* Ani deletes e1: the delete itself is not judged */
	{"e8", "x", "delete", 1, "ani_a", NULL, NULL, "e1", 0},
	/* an attack, later deleted by its author: still judged */
	{"e9", "x", "post", 4, "dodi_d",
	 "Jangan pilih Eko, janjinya cuma omong kosong", NULL, NULL, 1},
	/* not a registered account: never judged */
	{"e10", "x", "post", 0, "orang_lain", "Ayo coblos nomor 2! #EfiJuara",
	 NULL, NULL, 0},
	/* two short, different comments on one campaign post */
	{"e11", "x", "comment", 1, "ani_a", "Setuju sekali, mantap",
	 "cade_official", "p-88", 0},
	{"e12", "x", "comment", 4, "dodi_d", "Mantap, lanjutkan!",
	 "cade_official", "p-88", 0},
};
#define NEVENTS (sizeof(events) / sizeof(events[0]))
#define NJUDGED 10 /* all but the delete and the unregistered one */
#define NBREACH 9  /* of which all but e2 breach */

struct fix {
	char dir[64];
	char election[128];
	char rules2[128]; /* the default rulebook with one rule renamed */
	netra_store *st;
};

static int write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fwrite(data, 1, n, f) == n ? 0 : -1;
	return fclose(f) == 0 ? rc : -1;
}

/* Writes data/rulebook.yaml with DUKUNGAN-NOMOR renamed DUKUNGAN-NOMOR-V2
 * to path, beside a link to data/cues (the rulebook's word lists). */
static void write_rules2(struct fix *f, const char *src)
{
	static const char from[] = "id: DUKUNGAN-NOMOR\n";
	static const char to[] = "id: DUKUNGAN-NOMOR-V2\n";
	char path[512], *buf, *hit;
	FILE *in;
	long n;

	snprintf(path, sizeof(path), "%s/data/rulebook.yaml", src);
	assert_non_null(in = fopen(path, "r"));
	fseek(in, 0, SEEK_END);
	n = ftell(in);
	rewind(in);
	assert_non_null(buf = calloc(1, (size_t)n + sizeof(to)));
	assert_int_equal(fread(buf, 1, (size_t)n, in), (size_t)n);
	fclose(in);
	assert_non_null(hit = strstr(buf, from));
	memmove(hit + strlen(to), hit + strlen(from),
		strlen(hit + strlen(from)) + 1);
	memcpy(hit, to, strlen(to));
	snprintf(f->rules2, sizeof(f->rules2), "%s/rules2.yaml", f->dir);
	assert_int_equal(write_file(f->rules2, buf, strlen(buf)), 0);
	free(buf);
	snprintf(path, sizeof(path), "%s/data/cues", src);
	{
		char link[128];

		snprintf(link, sizeof(link), "%s/cues", f->dir);
		assert_int_equal(symlink(path, link), 0);
	}
}

static void insert_events(netra_store *st)
{
	store_stmt *s = NULL;
	int64_t t0 = 0;
	size_t i;

	assert_int_equal(civil_time_parse(&t0, "2030-10-01T08:00:00+07:00", CIVIL_WIB), 0);
	assert_int_equal(
		store_prepare(&s, st,
			      "INSERT INTO events(platform, event_id, type,"
			      " account_id, account, created_at, text,"
			      " target_account, target_id, raw, ingested_at,"
			      " deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
			      " '{}', ?, ?)"),
		0);
	for (i = 0; i < NEVENTS; i++) {
		const struct ev *e = &events[i];

		store_bind_text(s, 1, e->platform, (size_t)-1);
		store_bind_text(s, 2, e->id, (size_t)-1);
		store_bind_text(s, 3, e->type, (size_t)-1);
		if (e->account)
			store_bind_int64(s, 4, e->account);
		else
			store_bind_null(s, 4);
		store_bind_text(s, 5, e->handle, (size_t)-1);
		store_bind_int64(s, 6, t0 + (int64_t)i * 3600);
		store_bind_text(s, 7, e->text, (size_t)-1);
		store_bind_text(s, 8, e->tacc, (size_t)-1);
		store_bind_text(s, 9, e->tid, (size_t)-1);
		store_bind_int64(s, 10, t0 + 86400);
		if (e->deleted)
			store_bind_int64(s, 11, t0 + 2 * 86400);
		else
			store_bind_null(s, 11);
		assert_int_equal(store_step(s), STORE_DONE);
		store_reset(s);
	}
	store_finalize(s);
}

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	const char *src = getenv("NETRA_SRC");

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/netra-scan-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->election, sizeof(f->election), "%s/election.yaml", f->dir);
	assert_int_equal(write_file(f->election, profile, strlen(profile)), 0);
	write_rules2(f, src ? src : "..");
	assert_int_equal(netra_store_open(&f->st, ":memory:"), 0);
	assert_int_equal(store_exec(f->st, org), 0);
	insert_events(f->st);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	char path[128];

	netra_store_close(f->st);
	unlink(f->election);
	unlink(f->rules2);
	snprintf(path, sizeof(path), "%s/cues", f->dir);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* One integer from sql with up to two text parameters. */
static int64_t q(netra_store *st, const char *sql, const char *a,
		 const char *b)
{
	const char *args[2] = {a, b};
	int64_t v = -1;

	if (store_query_int64(&v, st, sql, args, b ? 2 : a ? 1 : 0))
		fail_msg("%s: %s", sql, netra_error_last());
	return v;
}

static int scan(struct fix *f, const char *election, const char *rules,
		int rescan, size_t batch, struct wf_scan_result *r)
{
	struct wf_scan_opts o;

	memset(&o, 0, sizeof(o));
	o.election_path = election;
	o.rules_path = rules;
	o.rescan = rescan;
	o.batch = batch;
	return wf_scan_run(f->st, &o, r);
}

/* The events judged, from the scan marks (migration 022): a clean verdict
 * has no row of its own. */
#define JUDGED "SELECT COALESCE(SUM(judged), 0) FROM scan_marks"
/* An event's stored verdict labels: its newest verdict row, else "none"
 * when it is judged (a post, like, ... of a registered account) and a scan
 * mark covers it (workflow/judged.h). */
#define STORED                                                              \
	"COALESCE((SELECT v.labels FROM verdicts v WHERE v.event_id = e.id" \
	" ORDER BY v.id DESC LIMIT 1), CASE WHEN e.type <> 'delete' AND"     \
	" e.account_id IS NOT NULL AND EXISTS (SELECT 1 FROM scan_marks m"   \
	" WHERE m.lo <= e.id AND m.hi >= e.id) THEN 'none' END)"
#define LABELS "SELECT COUNT(*) FROM events e WHERE e.event_id = ? AND " \
	       STORED " = ?"

static void test_first_scan(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;

	if (scan(f, f->election, NULL, 0, 0, &r))
		fail_msg("scan: %s", netra_error_last());
	assert_int_equal(r.judged, NJUDGED);
	assert_int_equal(q(f->st, JUDGED, NULL, NULL), NJUDGED);
	assert_true(strncmp(r.rulebook, "sha256:", 7) == 0);
	assert_int_equal(q(f->st, JUDGED " WHERE rulebook = ?", r.rulebook,
			   NULL), NJUDGED);
	/* a verdict row only for the verdicts that say more than clean */
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts", NULL, NULL),
			 NBREACH);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM rulebooks WHERE"
			   " hash = ?", r.rulebook, NULL), 1);
	/* every event but e2 (clean), e8 (delete), e10 (unregistered) */
	assert_int_equal(r.breaches, NBREACH);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts WHERE"
			   " labels <> 'none'", NULL, NULL), NBREACH);
	assert_int_equal(r.findings,
			 q(f->st, "SELECT COUNT(*) FROM findings", NULL, NULL));
	assert_true(r.findings >= NBREACH);
	assert_true(r.bytes > 0);

	/* labels per event */
	assert_int_equal(q(f->st, LABELS, "e1", "support"), 1);
	assert_int_equal(q(f->st, LABELS, "e2", "none"), 1);
	assert_int_equal(q(f->st, LABELS, "e9", "attack"), 1);

	/* the breach of e1 is Ani's (employee 1) in DINAS-A (unit 2) */
#define FINDINGS "SELECT COUNT(*) FROM findings f JOIN events e ON" \
		 " e.id = f.event_id WHERE e.event_id = ?"
	assert_true(q(f->st, FINDINGS, "e1", NULL) >= 1);
	assert_int_equal(q(f->st, FINDINGS " AND f.employee_id = 1 AND"
			   " f.unit_id = 2 AND f.state = 'baru' AND"
			   " f.category = 'support'", "e1", NULL),
			 q(f->st, FINDINGS, "e1", NULL));
	/* e9 is Dodi's (4) in DINAS-B (3), an attack, though deleted */
	assert_true(q(f->st, FINDINGS " AND f.employee_id = 4 AND"
		      " f.unit_id = 3 AND f.category = 'attack'", "e9",
		      NULL) >= 1);
	/* clean, delete and unregistered events: no finding, and only the
	 * clean one is judged (a mark covers the others, read but passed
	 * over, so that a run of ids is not cut by them) */
	assert_int_equal(q(f->st, FINDINGS, "e2", NULL), 0);
	assert_int_equal(q(f->st, FINDINGS, "e8", NULL), 0);
	assert_int_equal(q(f->st, FINDINGS, "e10", NULL), 0);
	assert_int_equal(q(f->st, LABELS, "e8", "none"), 0);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts v JOIN events"
			   " e ON e.id = v.event_id WHERE e.type = 'delete'"
			   " OR e.account_id IS NULL", NULL, NULL), 0);

	/* each finding belongs to its own event's verdict, and was created
	 * with an audit row and a transition */
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM findings f JOIN"
			   " verdicts v ON v.id = f.verdict_id WHERE"
			   " v.event_id <> f.event_id", NULL, NULL), 0);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM audit_log WHERE"
			   " action = 'create' AND object LIKE 'finding:%'",
			   NULL, NULL), (int64_t)r.findings);
	/* every breach verdict has a finding, no clean verdict has one */
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts v WHERE"
			   " (v.labels <> 'none') <> EXISTS (SELECT 1 FROM"
			   " findings f WHERE f.verdict_id = v.id)", NULL,
			   NULL), 0);
}

static void test_second_scan_judges_nothing(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r1, r2;
	int64_t nf;

	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r1), 0);
	nf = q(f->st, "SELECT COUNT(*) FROM findings", NULL, NULL);
	/* no options: the remembered profile is used */
	if (scan(f, NULL, NULL, 0, 0, &r2))
		fail_msg("scan: %s", netra_error_last());
	assert_int_equal(r2.judged, 0);
	assert_int_equal(r2.findings, 0);
	assert_string_equal(r1.rulebook, r2.rulebook);
	assert_int_equal(q(f->st, JUDGED, NULL, NULL), NJUDGED);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM findings", NULL, NULL),
			 nf);
	/* an event that arrives later is judged by the next scan, alone */
	assert_int_equal(store_exec(f->st, "INSERT INTO events(platform,"
				    " event_id, type, account_id, account,"
				    " text, raw, ingested_at) VALUES ('x',"
				    " 'e99', 'post', 2, 'budi_b', 'Selamat"
				    " pagi rekan kerja semua', '{}', 0)"),
			 0);
	assert_int_equal(scan(f, NULL, NULL, 0, 0, &r2), 0);
	assert_int_equal(r2.judged, 1);
}

/* A like whose export carries no text of the liked post is judged on the
 * stored post (a colleague's campaign post); text read off an image
 * (media[].ocr_text in the raw event) is judged like the post's own. */
static void test_shared_and_image_text(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;

	assert_int_equal(store_exec(f->st,
		"INSERT INTO events(platform, event_id, type, account_id,"
		" account, target_account, target_id, raw, ingested_at) VALUES"
		" ('x', 'e20', 'like', 2, 'budi_b', 'ani_a', 'e3', '{}', 0);"
		"INSERT INTO events(platform, event_id, type, account_id,"
		" account, text, raw, ingested_at) VALUES ('x', 'e21', 'post',"
		" 4, 'dodi_d', 'Foto kegiatan akhir pekan',"
		" '{\"id\":\"e21\",\"media\":[{\"url\":\"https://img.example/1\","
		"\"ocr_text\":\"AYO COBLOS NOMOR 2 EKO FITRI\"}]}', 0);"
		"INSERT INTO events(platform, event_id, type, account_id,"
		" account, text, raw, ingested_at) VALUES ('x', 'e22', 'post',"
		" 4, 'dodi_d', 'Foto kegiatan akhir pekan',"
		" '{\"id\":\"e22\",\"media\":[{\"url\":\"https://img.example/2\"}]}',"
		" 0)"), 0);
	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r), 0);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts v JOIN events"
			  " e ON e.id = v.event_id WHERE e.event_id = ? AND"
			  " v.labels = 'support'", "e20", NULL), 1);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts v JOIN events"
			  " e ON e.id = v.event_id WHERE e.event_id = ? AND"
			  " v.labels = 'support' AND v.candidate = 2", "e21",
			  NULL), 1);
	assert_int_equal(q(f->st, LABELS, "e22", "none"), 1);
}

/* PostgreSQL hands ids out before commit, so an event may be stored after
 * others with higher ids were judged: a mark covers only runs of ids that
 * were there to read, and the next scan judges the late one. */
static void test_late_event_below_judged_ones(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;

#define POST(id, eid)                                                         \
	"INSERT INTO events(id, platform, event_id, type, account_id,"       \
	" account, text, raw, ingested_at) VALUES (" id ", 'x', '" eid "',"  \
	" 'post', 2, 'budi_b', 'Selamat pagi rekan kerja semua', '{}', 0)"
	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r), 0);
	assert_int_equal(store_exec(f->st, POST("40", "late40")), 0);
	assert_int_equal(scan(f, NULL, NULL, 0, 0, &r), 0);
	assert_int_equal(r.judged, 1);
	assert_int_equal(store_exec(f->st, POST("30", "late30")), 0);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM scan_marks WHERE"
			   " lo <= 30 AND hi >= 30", NULL, NULL), 0);
	assert_int_equal(scan(f, NULL, NULL, 0, 0, &r), 0);
	assert_int_equal(r.judged, 1);
	assert_int_equal(q(f->st, LABELS, "late30", "none"), 1);
	assert_int_equal(q(f->st, JUDGED, NULL, NULL), NJUDGED + 2);
}

/* A clean verdict has no row until someone needs one: then exactly the
 * verdict `netra check` prints, once. */
static void test_stored_clean_verdict(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;
	char want[256];
	const char *json;
	store_stmt *s = NULL;
	int64_t e2, e8, v = 0, again = 0;

	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r), 0);
	e2 = q(f->st, "SELECT id FROM events WHERE event_id = ?", "e2", NULL);
	e8 = q(f->st, "SELECT id FROM events WHERE event_id = ?", "e8", NULL);
	assert_int_equal(wf_event_judged(f->st, e2), 1);
	assert_int_equal(wf_event_judged(f->st, e8), 0); /* a deletion */
	assert_int_equal(store_begin_write(f->st), 0);
	assert_int_equal(wf_event_verdict(&v, f->st, e2), 0);
	assert_int_equal(wf_event_verdict(&again, f->st, e2), 0);
	assert_int_equal(wf_event_verdict(&e8, f->st, e8), 0);
	assert_int_equal(store_commit(f->st), 0);
	assert_true(v > 0);
	assert_int_equal(again, v);
	assert_int_equal(e8, 0);
	snprintf(want, sizeof(want),
		 "{\"id\":\"e2\",\"labels\":[\"none\"],\"candidate\":null,"
		 "\"score\":0.00,\"findings\":[],\"rulebook\":\"%s\"}",
		 r.rulebook);
	assert_int_equal(store_prepare(&s, f->st, "SELECT json FROM verdicts"
				       " WHERE labels = 'none'"),
			 0);
	assert_int_equal(store_step(s), STORE_ROW);
	json = store_column_text(s, 0, NULL);
	assert_non_null(json);
	assert_string_equal(json, want);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
}

/* An event whose images are not read yet (a media_pending row) is left
 * unjudged within the grace from its ingest, judged once its fetch is
 * done, or at once with no grace (media_grace < 0); an event without
 * images is not held. */
static void test_waits_for_images(void **state)
{
	struct fix *f = *state;
	struct wf_scan_opts o;
	struct wf_scan_result r;
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO events(platform, event_id, type, account_id,"
		 " account, text, raw, ingested_at) VALUES ('x', 'e30', 'post',"
		 " 4, 'dodi_d', 'Foto kegiatan',"
		 " '{\"id\":\"e30\",\"media\":[{\"url\":\"https://img.example/3\"}]}',"
		 " %lld), ('x', 'e31', 'post', 4, 'dodi_d', 'Foto kegiatan',"
		 " '{\"id\":\"e31\",\"media\":[{\"url\":\"https://img.example/4\"}]}',"
		 " %lld)", (long long)civil_now(), (long long)civil_now());
	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r), 0);
	assert_int_equal(store_exec(f->st, sql), 0);
	/* as ingest records them (MEDIA_PENDING_ADD) */
	assert_int_equal(store_exec(f->st, "INSERT INTO media_pending"
				    " (event_id, ingested_at) SELECT id,"
				    " ingested_at FROM events WHERE event_id"
				    " IN ('e30', 'e31')"), 0);
	/* within the grace: both wait */
	memset(&o, 0, sizeof(o));
	assert_int_equal(wf_scan_run(f->st, &o, &r), 0);
	assert_int_equal(r.judge_calls, 0);
	/* e30's images are done: it alone is judged */
	assert_int_equal(store_exec(f->st, "DELETE FROM media_pending WHERE"
				    " event_id = (SELECT id FROM events WHERE"
				    " event_id = 'e30')"), 0);
	assert_int_equal(wf_scan_run(f->st, &o, &r), 0);
	assert_int_equal(r.judge_calls, 1);
	assert_int_equal(r.judged, 1);
	/* a grace of 60 s is over for an event ingested 2 minutes ago */
	assert_int_equal(store_exec(f->st, "UPDATE media_pending SET"
				    " ingested_at = ingested_at - 120"), 0);
	o.media_grace = 60;
	assert_int_equal(wf_scan_run(f->st, &o, &r), 0);
	assert_int_equal(r.judge_calls, 1);
}

/* No grace: an event is judged whether its images are read or not. */
static void test_no_grace(void **state)
{
	struct fix *f = *state;
	struct wf_scan_opts o;
	struct wf_scan_result r;
	char sql[512];

	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r), 0);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO events(platform, event_id, type, account_id,"
		 " account, text, raw, ingested_at) VALUES ('x', 'e32', 'post',"
		 " 4, 'dodi_d', 'Foto kegiatan',"
		 " '{\"media\":[{\"url\":\"https://img.example/5\"}]}',"
		 " %lld)", (long long)civil_now());
	assert_int_equal(store_exec(f->st, sql), 0);
	assert_int_equal(store_exec(f->st, "INSERT INTO media_pending"
				    " (event_id, ingested_at) SELECT id,"
				    " ingested_at FROM events WHERE event_id ="
				    " 'e32'"), 0);
	memset(&o, 0, sizeof(o));
	o.media_grace = -1;
	assert_int_equal(wf_scan_run(f->st, &o, &r), 0);
	assert_int_equal(r.judge_calls, 1);
}

static void test_no_profile(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;

	assert_int_equal(scan(f, NULL, NULL, 0, 0, &r), NETRA_EINVALID);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts", NULL, NULL),
			 0);
	/* a missing file is an error and is not remembered */
	assert_int_not_equal(scan(f, "/nonexistent/netra/election.yaml", NULL,
				  0, 0, &r), 0);
	assert_int_equal(scan(f, NULL, NULL, 0, 0, &r), NETRA_EINVALID);
	/* a profile that does not parse is not remembered either */
	{
		char bad[128];

		snprintf(bad, sizeof(bad), "%s/bad.yaml", f->dir);
		assert_int_equal(write_file(bad, "election: [\n", 12), 0);
		assert_int_not_equal(scan(f, bad, NULL, 0, 0, &r), 0);
		unlink(bad);
	}
	assert_int_equal(scan(f, NULL, NULL, 0, 0, &r), NETRA_EINVALID);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts", NULL, NULL),
			 0);
}

static void test_groups(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;

	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r), 0);
#define GROUPS "SELECT COUNT(DISTINCT f.group_id) FROM findings f JOIN" \
	       " events e ON e.id = f.event_id WHERE e.event_id IN "
#define UNGROUPED "SELECT COUNT(*) FROM findings f JOIN events e ON" \
		  " e.id = f.event_id WHERE f.group_id IS NULL AND" \
		  " e.event_id IN "
	/* three staff, one text (case and punctuation aside): one story */
	assert_true(q(f->st, FINDINGS, "e3", NULL) > 0);
	assert_true(q(f->st, FINDINGS, "e4", NULL) > 0);
	assert_true(q(f->st, FINDINGS, "e5", NULL) > 0);
	assert_int_equal(q(f->st, UNGROUPED "('e3','e4','e5')", NULL, NULL), 0);
	assert_int_equal(q(f->st, GROUPS "('e3','e4','e5')", NULL, NULL), 1);
	/* two reposts of one post: one story */
	assert_true(q(f->st, FINDINGS, "e6", NULL) > 0);
	assert_true(q(f->st, FINDINGS, "e7", NULL) > 0);
	assert_int_equal(q(f->st, UNGROUPED "('e6','e7')", NULL, NULL), 0);
	assert_int_equal(q(f->st, GROUPS "('e6','e7')", NULL, NULL), 1);
	/* two short comments on one post: one story */
	assert_true(q(f->st, FINDINGS, "e11", NULL) > 0);
	assert_true(q(f->st, FINDINGS, "e12", NULL) > 0);
	assert_int_equal(q(f->st, UNGROUPED "('e11','e12')", NULL, NULL), 0);
	assert_int_equal(q(f->st, GROUPS "('e11','e12')", NULL, NULL), 1);
	/* different content: different stories */
	assert_int_equal(q(f->st, GROUPS "('e3','e6')", NULL, NULL), 2);
	assert_int_equal(q(f->st, GROUPS "('e6','e11')", NULL, NULL), 2);
	assert_int_equal(q(f->st, GROUPS "('e1','e3','e9')", NULL, NULL), 3);
	/* the group holds the accounts of the three staff */
	assert_int_equal(q(f->st, "SELECT COUNT(DISTINCT employee_id) FROM"
			   " findings WHERE group_id = (SELECT f.group_id"
			   " FROM findings f JOIN events e ON e.id ="
			   " f.event_id WHERE e.event_id = 'e5')", NULL,
			   NULL), 3);
}

static void test_rescan(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r1, r2, r3;
	int64_t nf, nomor;

	assert_int_equal(scan(f, f->election, NULL, 0, 0, &r1), 0);
	nf = q(f->st, "SELECT COUNT(*) FROM findings", NULL, NULL);
	nomor = q(f->st, "SELECT COUNT(*) FROM findings WHERE rule ="
		  " 'DUKUNGAN-NOMOR'", NULL, NULL);
	assert_true(nomor > 0);

	/* another rulebook without --rescan: already judged, nothing to do */
	if (scan(f, NULL, f->rules2, 0, 0, &r2))
		fail_msg("scan: %s", netra_error_last());
	assert_int_equal(r2.judged, 0);
	assert_string_not_equal(r1.rulebook, r2.rulebook);

	/* --rescan (the new rulebook is remembered): everything again */
	if (scan(f, NULL, NULL, 1, 3, &r3))
		fail_msg("scan: %s", netra_error_last());
	assert_string_equal(r2.rulebook, r3.rulebook);
	assert_int_equal(r3.judged, NJUDGED);
	assert_int_equal(q(f->st, JUDGED, NULL, NULL), 2 * NJUDGED);
	assert_int_equal(q(f->st, JUDGED " WHERE rulebook = ?", r1.rulebook,
			   NULL), NJUDGED);
	assert_int_equal(q(f->st, JUDGED " WHERE rulebook = ?", r3.rulebook,
			   NULL), NJUDGED);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts", NULL, NULL),
			 2 * NBREACH);
	/* a renamed rule finds the same categories on the same posts: one
	 * finding per post and category, so nothing new for the reviewers */
	assert_int_equal(r3.findings, 0);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM findings", NULL, NULL),
			 nf);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM (SELECT event_id,"
			   " category FROM findings GROUP BY event_id, category"
			   " HAVING COUNT(*) > 1)", NULL, NULL), 0);
	/* the old findings stay on the old verdicts */
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM findings f JOIN"
			   " verdicts v ON v.id = f.verdict_id WHERE"
			   " v.rulebook = ?", r1.rulebook, NULL), nf);
	/* the delete event is not judged under the new rulebook either */
	assert_int_equal(q(f->st, LABELS, "e8", "none"), 0);

	/* again: nothing left to judge under this rulebook */
	assert_int_equal(scan(f, NULL, NULL, 1, 0, &r3), 0);
	assert_int_equal(r3.judged, 0);
}

/* Batches of one, two and many give the same verdicts and findings. */
static void test_batches(void **state)
{
	struct fix *f = *state;
	struct wf_scan_result r;
	int64_t nf;

	assert_int_equal(scan(f, f->election, NULL, 0, 1, &r), 0);
	assert_int_equal(r.judged, NJUDGED);
	nf = q(f->st, "SELECT COUNT(*) FROM findings", NULL, NULL);
	assert_int_equal(r.findings, nf);
	assert_int_equal(scan(f, NULL, f->rules2, 1, 2, &r), 0);
	assert_int_equal(r.judged, NJUDGED);
	assert_int_equal(q(f->st, JUDGED, NULL, NULL), 2 * NJUDGED);
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM verdicts", NULL, NULL),
			 2 * NBREACH);
	assert_int_equal(q(f->st, "SELECT COUNT(DISTINCT event_id) FROM"
			   " verdicts", NULL, NULL), NBREACH);
	/* batches of one: one mark per event judged, each covering one */
	assert_int_equal(q(f->st, "SELECT COUNT(*) FROM scan_marks WHERE"
			   " rulebook <> ? AND judged > 1", r.rulebook, NULL),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_scan, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_second_scan_judges_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_late_event_below_judged_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stored_clean_verdict,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_profile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rescan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waits_for_images, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_grace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_and_image_text,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
