/*
 * bench/evidence.c - evidence log throughput.
 *
 *   bench_evidence [N [DIR]]
 *
 * Makes a store in DIR (default a new /tmp directory, removed at the end)
 * and inserts N (default 1,000,000) fictional events (with their shown
 * columns, as ingest stores them) in ingest-like
 * batches of 5,000, calling evidence_append_pending() in each batch
 * transaction as ingest does. Prints:
 *   append   leaves/s inside evidence_append_pending (read the new rows,
 *            hash, insert leaf rows, update the frontier), MB/s of leaf
 *            data, against a bare loop of crypto_hash_sha256 over the same
 *            leaf records held in memory (the baseline, same run);
 *   proof    inclusion proofs/s computed from the store at N leaves, and
 *            proofs/s verified (evidence_verify_inclusion);
 *   bundle   export time, and bundle verifications/s (from files);
 *   audit    seconds to re-verify the whole store;
 *   peak RSS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "netra/evidence.h"
#include "netra/ingest.h"
#include "store/store.h"

#define BATCH 5000

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_evidence: %s: %s\n", what, netra_error_last());
	exit(1);
}

/* Event i: its platform id and raw record (a typical JSONL event). */
static int make_raw(char *raw, size_t cap, char *id, size_t idcap, long i)
{
	snprintf(id, idcap, "%ld", 1800000000000L + i);
	return snprintf(
	    raw, cap,
	    "{\"platform\":\"x\",\"id\":\"%s\",\"type\":\"post\","
	    "\"account\":\"@pegawai_%05ld\",\"created_at\":"
	    "\"2024-10-%02ldT08:%02ld:00+07:00\",\"text\":\"Unggahan "
	    "fiktif nomor %ld tentang kegiatan kantor dan "
	    "pelayanan publik di kelurahan contoh, tanpa muatan "
	    "kampanye.\",\"url\":\"https://x.invalid/pegawai_%05ld"
	    "/status/%s\"}",
	    id, i % 20000, 1 + i % 28, i % 60, i, i % 20000, id);
}

/* Binds a slice of the parsed event, NULL when absent. */
static int bind_str(store_stmt *q, int col, const netra_str *v)
{
	return v->s ? store_bind_text(q, col, v->s, v->len)
	            : store_bind_null(q, col);
}

/* Inserts events [from, to) with their shown columns as ingest stores
 * them (parsed from raw), outside the timing. */
static int64_t insert_events(netra_event_parser *p, store_stmt *q, long from,
                             long to)
{
	const netra_event *ev;
	char raw[1024], id[32];
	int64_t last = 0;
	long i;
	int n;

	for (i = from; i < to; i++) {
		n = make_raw(raw, sizeof(raw), id, sizeof(id), i);
		if (netra_event_parser_parse(p, raw, (size_t)n, &ev) ||
		    store_bind_text(q, 1, id, (size_t)-1) ||
		    store_bind_text(q, 2, raw, (size_t)n) ||
		    store_bind_int64(q, 3, 1730000000 + i / 1000) ||
		    bind_str(q, 4, &ev->account) ||
		    store_bind_int64(q, 5, ev->created_ts) ||
		    bind_str(q, 6, &ev->text) || bind_str(q, 7, &ev->url) ||
		    store_step(q) != STORE_ROW)
			die("insert event");
		last = store_column_int64(q, 0);
		store_reset(q);
	}
	return last;
}

/* Appends in ingest-like batches; returns seconds inside the append. */
static double fill(netra_store *st, long n, int64_t *mid_event)
{
	netra_event_parser *p = NULL;
	store_stmt *q = NULL;
	double t, in_append = 0;
	long b;
	int64_t last;

	if (netra_event_parser_new(&p) ||
	    store_prepare(&q, st,
	                  "INSERT INTO events (platform, event_id, raw, "
	                  "ingested_at, type, account, created_at, text, url) "
	                  "VALUES ('x', ?, ?, ?, 'post', ?, ?, ?, ?) "
	                  "RETURNING id"))
		die("prepare");
	for (b = 0; b < n; b += BATCH) {
		if (store_begin(st))
			die("begin");
		last = insert_events(p, q, b, b + BATCH < n ? b + BATCH : n);
		if (b <= n / 2 && n / 2 < b + BATCH)
			*mid_event = last;
		t = now();
		if (evidence_append_pending(st))
			die("append");
		in_append += now() - t;
		if (store_commit(st))
			die("commit");
	}
	store_finalize(q);
	netra_event_parser_free(p);
	return in_append;
}

static size_t put_field(uint8_t *p, const char *s, size_t n)
{
	p[0] = (uint8_t)(n >> 24);
	p[1] = (uint8_t)(n >> 16);
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	memcpy(p + 4, s, n);
	return 4 + n;
}

/* The baseline: crypto_hash_sha256 of the same leaf records (0x00 ||
 * leaf data), built in memory 10,000 at a time outside the timing.
 * Returns seconds hashing; *bytes gets the bytes hashed. */
static double baseline(long n, double *bytes)
{
	enum { CH = 10000, REC = 1100 };
	uint8_t *buf = malloc((size_t)CH * REC), h[32], *p;
	size_t *len = malloc(sizeof(size_t) * CH);
	char raw[1024], id[32];
	double t, secs = 0;
	long i, j, k;
	int r;

	if (!buf || !len)
		die("baseline alloc");
	*bytes = 0;
	for (i = 0; i < n; i += CH) {
		k = i + CH < n ? CH : n - i;
		for (j = 0; j < k; j++) {
			int64_t at = 1730000000 + (i + j) / 1000;
			uint64_t u = (uint64_t)at;
			int b;

			p = buf + (size_t)j * REC;
			r = make_raw(raw, sizeof(raw), id, sizeof(id), i + j);
			p[0] = 0;
			memcpy(p + 1, EVIDENCE_LEAF_MAGIC, 8);
			for (b = 0; b < 8; b++)
				p[9 + b] = (uint8_t)(u >> (56 - 8 * b));
			len[j] = 17;
			len[j] += put_field(p + len[j], "x", 1);
			len[j] += put_field(p + len[j], id, strlen(id));
			len[j] += put_field(p + len[j], raw, (size_t)r);
		}
		t = now();
		for (j = 0; j < k; j++)
			crypto_hash_sha256(h, buf + (size_t)j * REC, len[j]);
		secs += now() - t;
		for (j = 0; j < k; j++)
			*bytes += (double)len[j];
	}
	free(buf);
	free(len);
	return secs;
}

static void bench_proofs(netra_store *st, long n)
{
	enum { K = 200, R = 50 };
	uint8_t(*paths)[EVIDENCE_MAX_PROOF][32] = malloc(sizeof(*paths) * K);
	uint8_t(*leaves)[32] = malloc(32 * K), root[32];
	size_t *cnt = malloc(sizeof(size_t) * K);
	uint64_t *idx = malloc(sizeof(uint64_t) * K);
	double t, make, check;
	int64_t ev;
	int i, r;

	if (!paths || !leaves || !cnt || !idx)
		die("proof alloc");
	if (evidence_root_at(st, (uint64_t)n, root))
		die("root");
	for (i = 0; i < K; i++) {
		ev = 1 + (int64_t)(((uint64_t)i * 2654435761u) % (uint64_t)n);
		if (evidence_leaf_of_event(st, ev, &idx[i], leaves[i]))
			die("leaf");
	}
	t = now();
	for (i = 0; i < K; i++)
		if (evidence_inclusion_proof(st, idx[i], (uint64_t)n, paths[i],
		                             &cnt[i]))
			die("proof");
	make = now() - t;
	t = now();
	for (r = 0; r < R; r++)
		for (i = 0; i < K; i++)
			if (evidence_verify_inclusion(
			        leaves[i], idx[i], (uint64_t)n,
			        (const void *)paths[i], cnt[i], root))
				die("verify");
	check = now() - t;
	printf("proof:    %.0f proofs/s computed from the store at %ld "
	       "leaves (%.2f ms each), %.0f proofs/s verified\n",
	       K / make, n, 1000 * make / K, (double)K * R / check);
	free(paths);
	free(leaves);
	free(cnt);
	free(idx);
}

static void exec(netra_store *st, const char *sql)
{
	if (store_exec(st, sql))
		die(sql);
}

/* A verdict and a finding on event ev (as scan would write them). */
static int64_t add_finding(netra_store *st, int64_t ev)
{
	char sql[1024];
	int64_t id = 0;

	exec(st, "INSERT INTO units (code, name, kind, updated_at) VALUES "
	         "('U1', 'Dinas Fiktif', 'dinas', 0)");
	exec(st, "INSERT INTO employees (staff_key, name, status, unit_id, "
	         "updated_at) VALUES ('199001012020011001', 'Pegawai Fiktif', "
	         "'PNS', 1, 0)");
	snprintf(sql, sizeof(sql),
	         "INSERT INTO verdicts (event_id, rulebook, labels, json, "
	         "created_at) SELECT id, 'sha256:00', 'support', "
	         "'{\"id\":\"' || event_id || '\",\"labels\":[\"support\"],"
	         "\"rulebook\":\"sha256:00\"}', 0 FROM events WHERE id = %lld",
	         (long long)ev);
	exec(st, sql);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO findings (verdict_id, event_id, employee_id, "
	         "unit_id, category, rule, severity, created_at, updated_at) "
	         "VALUES (1, %lld, 1, 1, 'support', 'R1', 'tinggi', 0, 0)",
	         (long long)ev);
	exec(st, sql);
	if (store_query_int64(&id, st, "SELECT MAX(id) FROM findings", NULL, 0))
		die("finding");
	snprintf(sql, sizeof(sql),
	         "INSERT INTO finding_transitions (finding_id, at, actor, "
	         "action, to_state) VALUES (%lld, 0, 'system', 'create', "
	         "'baru')",
	         (long long)id);
	exec(st, sql);
	return id;
}

static void bench_bundle(netra_store *st, const char *dir, int64_t ev)
{
	enum { M = 300 };
	netra_evidence_result r;
	char key[512], out[512], pub[NETRA_EVIDENCE_PUBKEY_HEX];
	uint8_t pk[32];
	double t, ex;
	int i;

	snprintf(key, sizeof(key), "%s/netra.db.evidence.key", dir);
	snprintf(out, sizeof(out), "%s/bundle", dir);
	t = now();
	if (netra_evidence_export(st, key, add_finding(st, ev), out))
		die("export");
	ex = now() - t;
	if (netra_evidence_pubkey(pub, st) ||
	    netra_evidence_parse_pubkey(pk, pub))
		die("pubkey");
	t = now();
	for (i = 0; i < M; i++)
		if (netra_evidence_verify(&r, out, pk) || !r.valid)
			die("bundle verify");
	t = now() - t;
	printf("bundle:   export %.3f s (incl. checkpoint), %.0f bundle "
	       "verifications/s (read 9 files, hash, 2 signatures, the "
	       "event's and the history's proofs)\n",
	       ex, M / t);
}

static void bench_audit(netra_store *st, long n)
{
	netra_evidence_audit a;
	double t = now();

	if (netra_evidence_audit_store(&a, st, NULL) || !a.ok)
		die("audit");
	t = now() - t;
	printf("audit:    %.2f s for %ld leaves (%.0f leaves/s), %llu "
	       "checkpoints\n",
	       t, n, n / t, (unsigned long long)a.checkpoints);
}

static void rmtree(const char *dir)
{
	static const char *const files[] = {"netra.db",
	                                    "netra.db-wal",
	                                    "netra.db-shm",
	                                    "netra.db.evidence.key",
	                                    "bundle/manifest.json",
	                                    "bundle/manifest.sig",
	                                    "bundle/event.raw",
	                                    "bundle/event.json",
	                                    "bundle/verdicts.json",
	                                    "bundle/proof.json",
	                                    "bundle/checkpoint.txt",
	                                    "bundle/pubkey.txt",
	                                    "bundle",
	                                    ""};
	char p[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
		remove(p);
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char tmp[] = "/tmp/netra-evbench-XXXXXX", db[512];
	const char *dir = argc > 2 ? argv[2] : NULL;
	netra_store *st = NULL;
	double app, base, bytes;
	int64_t mid = 1;

	if (n < 1 || sodium_init() < 0)
		return 2;
	if (!dir && !(dir = mkdtemp(tmp)))
		return 1;
	snprintf(db, sizeof(db), "%s/netra.db", dir);
	if (netra_store_open(&st, db))
		die(db);
	app = fill(st, n, &mid);
	base = baseline(n, &bytes);
	printf("append:   %.0f leaves/s (%.1f MB/s of leaf data) inside "
	       "evidence_append_pending, %ld events in batches of %d\n",
	       n / app, bytes / app / 1e6, n, BATCH);
	printf("baseline: %.0f hashes/s (%.1f MB/s) bare crypto_hash_sha256 "
	       "over the same records; append/baseline = %.2f\n",
	       n / base, bytes / base / 1e6, base / app);
	bench_proofs(st, n);
	bench_bundle(st, dir, mid);
	bench_audit(st, n);
	printf("peak RSS: %ld MB\n", peak_rss_mb());
	netra_store_close(st);
	if (argc <= 2)
		rmtree(dir);
	return 0;
}
