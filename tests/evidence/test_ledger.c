/*
 * tests/evidence/test_ledger.c - the Merkle log of src/evidence/ledger.c:
 * RFC 6962 known answers, roots and inclusion proofs against a reference
 * tree computed independently here (own SHA-256 framing, own recursion),
 * proofs for every leaf of trees of sizes 1..33 and around the 256-leaf
 * chunk boundaries, the leaf record byte layout, and the append path
 * (batches, re-runs, rollback and resume, ids committed out of order, a
 * record gone before it was logged).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "evidence/ledger.h"
#include "evidence/fixture.h"
#include "netra/common.h"

typedef uint8_t hash_t[32];

/* --- reference implementation (independent of ledger.c) --- */

static void ref_leaf(hash_t out, const uint8_t *data, size_t n)
{
	uint8_t buf[4096];

	assert_true(n + 1 <= sizeof(buf));
	buf[0] = 0;
	memcpy(buf + 1, data, n);
	crypto_hash_sha256(out, buf, n + 1);
}

static void ref_node(hash_t out, const hash_t l, const hash_t r)
{
	uint8_t buf[65];

	buf[0] = 1;
	memcpy(buf + 1, l, 32);
	memcpy(buf + 33, r, 32);
	crypto_hash_sha256(out, buf, 65);
}

static void ref_mth(hash_t out, const hash_t *d, size_t n)
{
	hash_t l, r;
	size_t k = 1;

	if (n == 0) {
		crypto_hash_sha256(out, NULL, 0);
		return;
	}
	if (n == 1) {
		memcpy(out, d[0], 32);
		return;
	}
	while (2 * k < n)
		k *= 2;
	ref_mth(l, d, k);
	ref_mth(r, d + k, n - k);
	ref_node(out, l, r);
}

/* RFC 6962 section 2.1.1 PATH(m, D[n]), appended bottom up. */
static void ref_path(hash_t *out, size_t *cnt, size_t m, const hash_t *d,
                     size_t n)
{
	size_t k = 1;

	if (n <= 1)
		return;
	while (2 * k < n)
		k *= 2;
	if (m < k) {
		ref_path(out, cnt, m, d, k);
		ref_mth(out[(*cnt)++], d + k, n - k);
	} else {
		ref_path(out, cnt, m - k, d + k, n - k);
		ref_mth(out[(*cnt)++], d, k);
	}
}

/* The leaf record, laid out byte by byte as the table in ledger.h. */
static size_t ref_record(uint8_t *out, int64_t at, const char *pf,
                         const char *id, const char *raw)
{
	size_t n = 0, l, i;
	const char *parts[3] = {pf, id, raw};
	uint64_t u = (uint64_t)at;
	int p;

	memcpy(out, "NETRAEV1", 8);
	n = 8;
	for (i = 0; i < 8; i++)
		out[n++] = (uint8_t)(u >> (56 - 8 * i));
	for (p = 0; p < 3; p++) {
		l = strlen(parts[p]);
		out[n++] = (uint8_t)(l >> 24);
		out[n++] = (uint8_t)(l >> 16);
		out[n++] = (uint8_t)(l >> 8);
		out[n++] = (uint8_t)l;
		memcpy(out + n, parts[p], l);
		n += l;
	}
	return n;
}

static void unhex(uint8_t *out, const char *s)
{
	size_t i, n = strlen(s) / 2;
	unsigned v;

	for (i = 0; i < n; i++) {
		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/* --- pure tests --- */

/* RFC 6962 / Certificate Transparency reference vectors. */
static void test_known_answers(void **state)
{
	static const char *inputs[] = {"",
	                               "00",
	                               "10",
	                               "2021",
	                               "3031",
	                               "40414243",
	                               "5051525354555657",
	                               "606162636465666768696a6b6c6d6e6f"};
	static const char *roots[] = {
	    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	};
	hash_t leaves[8], root, want;
	uint8_t data[16];
	size_t i;

	(void)state;
	for (i = 0; i < 8; i++) {
		unhex(data, inputs[i]);
		ref_leaf(leaves[i], data, strlen(inputs[i]) / 2);
	}
	for (i = 0; i < 8; i++) {
		unhex(want, roots[i]);
		evidence_mth(root, (const void *)leaves, i + 1);
		assert_memory_equal(root, want, 32);
	}
	evidence_mth(root, (const void *)leaves, 0);
	unhex(want, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	            "7852b855");
	assert_memory_equal(root, want, 32);
}

static void test_leaf_record_layout(void **state)
{
	uint8_t rec[512];
	hash_t want, got;
	const char *raw = "{\"platform\":\"x\",\"id\":\"77\",\"text\":\"Ayo "
	                  "coblos nomor 9!\"}";
	size_t n;

	(void)state;
	n = ref_record(rec, 1730000000, "x", "77", raw);
	assert_int_equal(n, 28 + 1 + 2 + strlen(raw));
	ref_leaf(want, rec, n);
	evidence_leaf_hash(got, 1730000000, "x", 1, "77", 2, raw, strlen(raw));
	assert_memory_equal(got, want, 32);
	/* Negative times are two's complement, not clamped. */
	n = ref_record(rec, -5, "instagram", "", "");
	ref_leaf(want, rec, n);
	evidence_leaf_hash(got, -5, "instagram", 9, "", 0, "", 0);
	assert_memory_equal(got, want, 32);
	/* Moving a byte between fields changes the hash. */
	evidence_leaf_hash(want, 0, "ab", 2, "c", 1, "", 0);
	evidence_leaf_hash(got, 0, "a", 1, "bc", 2, "", 0);
	assert_memory_not_equal(got, want, 32);
}

/* Proofs for every leaf of every tree of sizes 1..33, and tampering. */
static void test_pure_proofs(void **state)
{
	hash_t d[34], root, path[64], bad;
	size_t n, m, cnt, i;
	uint8_t b;

	(void)state;
	for (i = 0; i < 34; i++) {
		b = (uint8_t)i;
		ref_leaf(d[i], &b, 1);
	}
	for (n = 1; n <= 33; n++) {
		ref_mth(root, d, n);
		evidence_mth(bad, (const void *)d, n);
		assert_memory_equal(bad, root, 32);
		for (m = 0; m < n; m++) {
			cnt = 0;
			ref_path(path, &cnt, m, d, n);
			assert_int_equal(
			    evidence_verify_inclusion(
			        d[m], m, n, (const void *)path, cnt, root),
			    0);
			/* Wrong leaf, wrong index, wrong size, short path. */
			assert_int_equal(evidence_verify_inclusion(
			                     d[(m + 1) % 33], m, n,
			                     (const void *)path, cnt, root),
			                 NETRA_ETAMPER);
			if (n > 1)
				assert_int_equal(evidence_verify_inclusion(
				                     d[m], (m + 1) % n, n,
				                     (const void *)path, cnt,
				                     root),
				                 NETRA_ETAMPER);
			/* The same path proves nothing about the next,
			 * bigger tree (a path fits several sizes with the
			 * same root: the signed size is what binds it). */
			ref_mth(bad, d, n + 1);
			assert_int_equal(
			    evidence_verify_inclusion(
			        d[m], m, n + 1, (const void *)path, cnt, bad),
			    NETRA_ETAMPER);
			if (cnt) {
				assert_int_equal(evidence_verify_inclusion(
				                     d[m], m, n,
				                     (const void *)path,
				                     cnt - 1, root),
				                 NETRA_ETAMPER);
				path[cnt / 2][5] ^= 0x40;
				assert_int_equal(evidence_verify_inclusion(
				                     d[m], m, n,
				                     (const void *)path, cnt,
				                     root),
				                 NETRA_ETAMPER);
			}
		}
	}
	assert_int_equal(evidence_verify_inclusion(d[0], 3, 3, NULL, 0, root),
	                 NETRA_ETAMPER);
}

/* --- the stored log --- */

#define MAXN 700

struct tree {
	struct fixture fx;
	hash_t d[MAXN]; /* reference leaves */
	size_t n;
};

static void raw_of(char *buf, size_t cap, size_t i)
{
	snprintf(buf, cap,
	         "{\"platform\":\"x\",\"id\":\"%zu\",\"type\":"
	         "\"post\",\"account\":\"@pegawai_%zu\",\"text\":\"Contoh "
	         "unggahan fiktif %zu\"}",
	         1000 + i, i % 7, i * 31);
}

/* Adds one event to the store and its reference leaf to t. */
static void add_event(struct tree *t)
{
	uint8_t rec[1024];
	char raw[256], id[32];
	size_t n;

	raw_of(raw, sizeof(raw), t->n);
	snprintf(id, sizeof(id), "%zu", 1000 + t->n);
	assert_true(fx_event(&t->fx, "x", id, raw, 1730000000 + (int64_t)t->n) >
	            0);
	n = ref_record(rec, 1730000000 + (int64_t)t->n, "x", id, raw);
	ref_leaf(t->d[t->n++], rec, n);
}

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t || fx_open(&t->fx))
		return -1;
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;

	fx_close(&t->fx);
	free(t);
	return 0;
}

static void check_proofs(struct tree *t, size_t n)
{
	hash_t path[EVIDENCE_MAX_PROOF], want[EVIDENCE_MAX_PROOF], root;
	size_t m, cnt, wcnt;

	ref_mth(root, t->d, n);
	for (m = 0; m < n; m++) {
		wcnt = 0;
		ref_path(want, &wcnt, m, t->d, n);
		assert_int_equal(
		    evidence_inclusion_proof(t->fx.st, m, n, path, &cnt), 0);
		assert_int_equal(cnt, wcnt);
		if (cnt)
			assert_memory_equal(path, want, cnt * 32);
		assert_int_equal(evidence_verify_inclusion(t->d[m], m, n,
		                                           (const void *)path,
		                                           cnt, root),
		                 0);
	}
}

/* Appending one event at a time: heads, roots and every proof of every
 * tree of sizes 1..33. */
static void test_store_sizes_1_to_33(void **state)
{
	struct tree *t = *state;
	hash_t root, want;
	uint64_t size;
	size_t n;

	for (n = 1; n <= 33; n++) {
		add_event(t);
		assert_int_equal(evidence_append_pending(t->fx.st), 0);
		assert_int_equal(evidence_tree_head(t->fx.st, &size, root), 0);
		assert_int_equal(size, n);
		ref_mth(want, t->d, n);
		assert_memory_equal(root, want, 32);
		assert_int_equal(evidence_root_at(t->fx.st, n, root), 0);
		assert_memory_equal(root, want, 32);
		check_proofs(t, n);
	}
	assert_int_not_equal(
	    evidence_inclusion_proof(t->fx.st, 33, 33, (void *)&root, &n), 0);
}

/* Batches of uneven size across the 256-leaf chunk boundaries. */
static void test_store_chunks(void **state)
{
	static const size_t batches[] = {1, 254, 1, 300, 1, 143};
	static const size_t sizes[] = {255, 256, 257, 511, 512, 513, 700};
	struct tree *t = *state;
	hash_t root, want;
	uint64_t size;
	size_t b, i, k;

	for (b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
		for (i = 0; i < batches[b]; i++)
			add_event(t);
		assert_int_equal(evidence_append_pending(t->fx.st), 0);
		assert_int_equal(evidence_tree_head(t->fx.st, &size, root), 0);
		assert_int_equal(size, t->n);
		ref_mth(want, t->d, t->n);
		assert_memory_equal(root, want, 32);
	}
	assert_int_equal(t->n, MAXN);
	for (k = 1; k <= MAXN; k += 13) {
		ref_mth(want, t->d, k);
		assert_int_equal(evidence_root_at(t->fx.st, k, root), 0);
		assert_memory_equal(root, want, 32);
	}
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_proofs(t, sizes[i]);
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(store_query_int64(&n, f->st, sql, NULL, 0), 0);
	return n;
}

/* A rolled-back append leaves nothing; re-runs never duplicate. */
static void test_resume_and_unique(void **state)
{
	struct tree *t = *state;
	hash_t root1, root2, leaf;
	uint64_t size, idx;
	size_t i;

	for (i = 0; i < 50; i++)
		add_event(t);
	assert_int_equal(store_begin(t->fx.st), 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(store_rollback(t->fx.st), 0); /* "crash" */
	assert_int_equal(evidence_tree_head(t->fx.st, &size, root1), 0);
	assert_int_equal(size, 0);
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM "
	                               "evidence_leaves"),
	                 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(evidence_tree_head(t->fx.st, &size, root1), 0);
	assert_int_equal(size, 50);
	for (i = 0; i < 10; i++)
		add_event(t);
	/* Inside a caller's transaction, committed with it. */
	assert_int_equal(store_begin(t->fx.st), 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(store_commit(t->fx.st), 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(evidence_tree_head(t->fx.st, &size, root2), 0);
	assert_int_equal(size, 60);
	ref_mth(root1, t->d, 60);
	assert_memory_equal(root1, root2, 32);
	assert_int_equal(count(&t->fx, "SELECT COUNT(DISTINCT ref) FROM "
	                               "evidence_leaves WHERE kind = 0"),
	                 60);
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM evidence_queue"),
	                 0);
	assert_int_equal(evidence_leaf_of_event(t->fx.st, 7, &idx, leaf), 0);
	assert_int_equal(idx, 6);
	assert_memory_equal(leaf, t->d[6], 32);
	assert_int_equal(evidence_leaf_of_event(t->fx.st, 999, &idx, leaf),
	                 NETRA_ENOTFOUND);
}

/* Ids need not arrive in commit order (several writers, PostgreSQL
 * sequences): an event committed after a higher id was logged is still
 * logged, once. The old "id above the last logged id" rule skipped it. */
static void test_late_commit(void **state)
{
	struct tree *t = *state;
	const char *txt[3];
	int64_t ids[2], n;
	uint64_t idx;
	hash_t leaf;

	txt[0] = "x";
	txt[1] = "late-1";
	txt[2] = "{\"id\":\"late-1\"}";
	ids[0] = 100;
	ids[1] = 1730000000;
	assert_int_equal(fx_exec(&t->fx,
	                         "INSERT INTO events (platform, event_id, "
	                         "raw, id, ingested_at, type, account) VALUES "
	                         "(?, ?, ?, ?, ?, 'post', 'a')",
	                         txt, 3, ids, 2),
	                 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	txt[1] = "late-2";
	txt[2] = "{\"id\":\"late-2\"}";
	ids[0] = 50; /* a lower id, committed later */
	assert_int_equal(fx_exec(&t->fx,
	                         "INSERT INTO events (platform, event_id, "
	                         "raw, id, ingested_at, type, account) VALUES "
	                         "(?, ?, ?, ?, ?, 'post', 'a')",
	                         txt, 3, ids, 2),
	                 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(evidence_leaf_of_event(t->fx.st, 50, &idx, leaf), 0);
	assert_int_equal(idx, 1);
	n = count(&t->fx, "SELECT COUNT(*) FROM evidence_leaves");
	assert_int_equal(n, 2);
}

/* A queued record deleted before it was logged stays queued (the audit
 * names it) and does not stop the rest from being logged. */
static void test_gone_before_logged(void **state)
{
	struct tree *t = *state;
	uint64_t size;
	hash_t root;

	add_event(t);
	add_event(t);
	assert_int_equal(fx_exec(&t->fx, "DELETE FROM events WHERE id = 1",
	                         NULL, 0, NULL, 0),
	                 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	assert_int_equal(evidence_tree_head(t->fx.st, &size, root), 0);
	assert_int_equal(size, 1);
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM evidence_queue "
	                               "WHERE ref = 1"),
	                 1);
}

/* Queue rows are consumed a run of consecutive ids per DELETE: a gone
 * record inside a page breaks its run and stays queued, a gap in the
 * queue's ids splits a run, and the leaves keep queue order. */
static void test_queue_runs(void **state)
{
	struct tree *t = *state;
	hash_t want, root, d[4];
	uint64_t size;
	int k;

	for (k = 0; k < 5; k++)
		add_event(t); /* events 1..5, queue ids 1..5 */
	assert_int_equal(fx_exec(&t->fx, "DELETE FROM events WHERE id = 3",
	                         NULL, 0, NULL, 0),
	                 0);
	/* event 4 queued again under id 9: queue ids 1, 2, 3 (gone), 5, 9 */
	assert_int_equal(fx_exec(&t->fx,
	                         "UPDATE evidence_queue SET id = 9 "
	                         "WHERE id = 4",
	                         NULL, 0, NULL, 0),
	                 0);
	assert_int_equal(evidence_append_pending(t->fx.st), 0);
	memcpy(d[0], t->d[0], 32);
	memcpy(d[1], t->d[1], 32);
	memcpy(d[2], t->d[4], 32);
	memcpy(d[3], t->d[3], 32);
	ref_mth(want, d, 4);
	assert_int_equal(evidence_tree_head(t->fx.st, &size, root), 0);
	assert_int_equal(size, 4);
	assert_memory_equal(root, want, 32);
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM evidence_queue"),
	                 1);
	assert_int_equal(count(&t->fx, "SELECT ref FROM evidence_queue"), 3);
}

/* Leaves a writer computed (ingest: events stored with own_leaf = 1, which
 * the trigger does not queue) are appended after the queued records, 16
 * per statement and the rest one by one, across a chunk boundary; every
 * proof checks against the reference tree. */
static void test_own_leaves(void **state)
{
	enum { QUEUED = 3, OWN = 300 };
	struct tree *t = *state;
	struct evidence_leaf_in *own = calloc(OWN, sizeof(*own));
	uint8_t rec[1024];
	char raw[256], id[32];
	const char *txt[3];
	int64_t ints[2];
	hash_t want, root;
	uint64_t size;
	size_t k, n;

	assert_non_null(own);
	for (k = 0; k < QUEUED; k++)
		add_event(t);
	for (k = 0; k < OWN; k++) {
		raw_of(raw, sizeof(raw), t->n);
		snprintf(id, sizeof(id), "%zu", 1000 + t->n);
		txt[0] = "x";
		txt[1] = id;
		txt[2] = raw;
		ints[0] = 5000 + (int64_t)k;
		ints[1] = 1730000000 + (int64_t)t->n;
		assert_int_equal(fx_exec(&t->fx,
		                         "INSERT INTO events (platform, "
		                         "event_id, raw, id, ingested_at, type, "
		                         "account, own_leaf) VALUES (?, ?, ?, ?, "
		                         "?, 'post', 'a', 1)",
		                         txt, 3, ints, 2),
		                 0);
		own[k].kind = EVIDENCE_EVENT;
		own[k].ref = ints[0];
		evidence_leaf_hash(own[k].hash, ints[1], "x", 1, id, strlen(id),
		                   raw, strlen(raw));
		n = ref_record(rec, ints[1], "x", id, raw);
		ref_leaf(t->d[t->n++], rec, n);
	}
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM evidence_queue"),
	                 QUEUED);
	assert_int_equal(evidence_append_pending_with(t->fx.st, own, OWN), 0);
	assert_int_equal(evidence_tree_head(t->fx.st, &size, root), 0);
	assert_int_equal(size, QUEUED + OWN);
	ref_mth(want, t->d, QUEUED + OWN);
	assert_memory_equal(root, want, 32);
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM evidence_queue"),
	                 0);
	assert_int_equal(count(&t->fx, "SELECT COUNT(*) FROM evidence_chunks"),
	                 1);
	check_proofs(t, QUEUED + OWN);
	free(own);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_answers),
	    cmocka_unit_test(test_leaf_record_layout),
	    cmocka_unit_test(test_pure_proofs),
	    cmocka_unit_test_setup_teardown(test_store_sizes_1_to_33,
	                                    tree_setup, tree_teardown),
	    cmocka_unit_test_setup_teardown(test_store_chunks, tree_setup,
	                                    tree_teardown),
	    cmocka_unit_test_setup_teardown(test_late_commit, tree_setup,
	                                    tree_teardown),
	    cmocka_unit_test_setup_teardown(test_gone_before_logged, tree_setup,
	                                    tree_teardown),
	    cmocka_unit_test_setup_teardown(test_resume_and_unique, tree_setup,
	                                    tree_teardown),
	    cmocka_unit_test_setup_teardown(test_queue_runs, tree_setup,
	                                    tree_teardown),
	    cmocka_unit_test_setup_teardown(test_own_leaves, tree_setup,
	                                    tree_teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
