/*
 * tests/evidence/test_bundle.c - keys, signed checkpoints, bundle export
 * and offline verification (round trip, every byte of every file flipped,
 * missing and truncated files, a deleted event), export errors (read-only
 * directory, non-empty directory, a write failing half way), and the
 * audit of a store whose events, leaves or checkpoints were changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/resource.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "util/file.h"
#include "evidence/fixture.h"
#include "evidence/ledger.h"
#include "netra/evidence.h"
#include "util/error.h"

static const char raw_media[] =
    "{\"platform\":\"x\",\"id\":\"5002\",\"type\":\"post\",\"account\":"
    "\"@budi_fiktif\",\"created_at\":\"2024-10-02T08:15:00+07:00\","
    "\"text\":\"Ayo dukung paslon nomor 2 (contoh fiktif)\","
    "\"media\":[{\"url\":\"https://contoh.invalid/a.jpg\",\"sha256\":"
    "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
    "},{\"sha256\":\"60303ae22b998861bce3b28f33eec1be758a213c86c93c076d"
    "bfe5d94a9b1d2d\",\"ocr_text\":\"COBLOS 2\"},{\"url\":\"x\"}]}";

struct ctx {
	struct fixture fx;
	int64_t events[3], finding;
	uint8_t pub[32];
	char bundle[160];
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));
	char pub[NETRA_EVIDENCE_PUBKEY_HEX];
	int created;

	if (!c || fx_open(&c->fx))
		return -1;
	c->events[0] = fx_event(&c->fx, "x", "5001",
	                        "{\"platform\":\"x\","
	                        "\"id\":\"5001\",\"text\":\"halo\"}",
	                        1730000001);
	c->events[1] = fx_event(&c->fx, "x", "5002", raw_media, 1730000002);
	c->events[2] =
	    fx_event(&c->fx, "instagram", "C9xYz",
	             "platform,id,text\ninstagram,C9xYz,biasa\n", 1730000003);
	c->finding = fx_finding(&c->fx, c->events[1], "5002");
	if (c->finding <= 0 ||
	    netra_evidence_init(c->fx.st, c->fx.key, &created) || !created ||
	    netra_evidence_pubkey(pub, c->fx.st) ||
	    netra_evidence_parse_pubkey(c->pub, pub))
		return -1;
	snprintf(c->bundle, sizeof(c->bundle), "%s/bundle", c->fx.dir);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	fx_close(&c->fx);
	free(c);
	return 0;
}

static void test_key(void **state)
{
	struct ctx *c = *state;
	uint8_t pk[32], sk[64];
	char other[200];
	struct stat sb;
	int created;

	assert_int_equal(stat(c->fx.key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(evidence_key_load(pk, sk, c->fx.key), 0);
	assert_memory_equal(pk, c->pub, 32);
	/* Idempotent with the same key; refused with another one. */
	assert_int_equal(netra_evidence_init(c->fx.st, c->fx.key, &created), 0);
	assert_int_equal(created, 0);
	snprintf(other, sizeof(other), "%s/other.key", c->fx.dir);
	assert_int_equal(netra_evidence_init(c->fx.st, other, &created),
	                 NETRA_ENOTFOUND);
	assert_int_equal(created, 0);
	/* A key readable by others is refused. */
	assert_int_equal(chmod(c->fx.key, 0644), 0);
	assert_int_equal(evidence_key_load(pk, sk, c->fx.key), NETRA_EDENIED);
	assert_int_equal(chmod(c->fx.key, 0600), 0);
	assert_int_equal(netra_evidence_parse_pubkey(pk, "abc"),
	                 NETRA_EINVALID);
}

static void test_checkpoint(void **state)
{
	struct ctx *c = *state;
	netra_evidence_checkpoint cp, cp2, parsed;
	struct sbuf t = SBUF_INIT;
	uint8_t root[32];
	size_t i;

	assert_int_equal(
	    netra_evidence_make_checkpoint(&cp, c->fx.st, c->fx.key), 0);
	/* three events, the verdict and the finding's creation */
	assert_int_equal(cp.tree_size, 5);
	assert_int_equal(evidence_root_at(c->fx.st, 5, root), 0);
	assert_memory_equal(cp.root, root, 32);
	assert_memory_equal(cp.pubkey, c->pub, 32);
	assert_int_equal(evidence_checkpoint_verify(&cp), 0);
	/* No new events: the same checkpoint comes back. */
	assert_int_equal(
	    netra_evidence_make_checkpoint(&cp2, c->fx.st, c->fx.key), 0);
	assert_int_equal(cp2.id, cp.id);
	assert_true(fx_event(&c->fx, "x", "5003", "{}", 1730000004) > 0);
	assert_int_equal(
	    netra_evidence_make_checkpoint(&cp2, c->fx.st, c->fx.key), 0);
	assert_int_not_equal(cp2.id, cp.id);
	assert_int_equal(cp2.tree_size, 6);
	/* The file form parses back and verifies; any flipped byte makes
	 * it unparseable or its signature fail. */
	assert_int_equal(evidence_checkpoint_file(&t, &cp), 0);
	assert_int_equal(evidence_checkpoint_parse(&parsed, t.data, t.len), 0);
	assert_memory_equal(parsed.root, cp.root, 32);
	assert_int_equal(parsed.tree_size, cp.tree_size);
	assert_int_equal(parsed.created_at, cp.created_at);
	assert_int_equal(evidence_checkpoint_verify(&parsed), 0);
	for (i = 0; i < t.len; i++) {
		t.data[i] ^= 0x01;
		assert_true(evidence_checkpoint_parse(&parsed, t.data, t.len) ||
		            evidence_checkpoint_verify(&parsed));
		t.data[i] ^= 0x01;
	}
	assert_int_not_equal(
	    evidence_checkpoint_parse(&parsed, t.data, t.len - 1), 0);
	sbuf_free(&t);
}

static void test_round_trip(void **state)
{
	struct ctx *c = *state;
	netra_evidence_result r;
	uint8_t wrong[32];
	char *raw;
	size_t len;
	char path[256];

	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub), 0);
	assert_true(r.valid);
	assert_string_equal(r.reason, "");
	assert_int_equal(r.finding_id, c->finding);
	assert_string_equal(r.platform, "x");
	assert_string_equal(r.event_id, "5002");
	assert_int_equal(r.leaf_index, 1);
	assert_int_equal(r.tree_size, 5);
	assert_int_equal(r.ingested_at, 1730000002);
	assert_int_equal(r.deleted_at, 0);
	assert_int_equal(r.files, 7);
	assert_int_equal(r.transitions, 1);
	assert_int_equal(r.media, 2);
	assert_true(strncmp(r.rulebook, "sha256:", 7) == 0);
	/* The raw event is there byte for byte. */
	snprintf(path, sizeof(path), "%s/event.raw", c->bundle);
	assert_int_equal(util_read_file(&raw, &len, path, 1 << 20), 0);
	assert_int_equal(len, strlen(raw_media));
	assert_memory_equal(raw, raw_media, len);
	free(raw);
	/* Another key: invalid. */
	memcpy(wrong, c->pub, 32);
	wrong[0] ^= 1;
	assert_int_equal(netra_evidence_verify(&r, c->bundle, wrong),
	                 NETRA_ETAMPER);
	assert_false(r.valid);
	assert_true(strlen(r.reason) > 0);
	/* Exporting into the same, now non-empty, directory is refused. */
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    NETRA_EEXISTS);
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, 999, c->bundle),
	    NETRA_ENOTFOUND);
}

struct files {
	struct evidence_file f[9];
	char *data[9];
	size_t n;
};

static void load_files(struct files *fs, const char *dir)
{
	const char *const *names = evidence_bundle_names(&fs->n);
	char path[256];
	size_t i;

	assert_int_equal(fs->n, 9);
	for (i = 0; i < fs->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(util_read_file(&fs->data[i], &fs->f[i].len,
		                                    path, 1 << 20),
		                 0);
		fs->f[i].name = names[i];
		fs->f[i].data = fs->data[i];
	}
}

static void free_files(struct files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		free(fs->data[i]);
}

static int verify_mem(struct files *fs, const uint8_t *pub)
{
	netra_evidence_result r;
	int rc = evidence_bundle_verify_files(&r, fs->f, fs->n, pub);

	assert_true(rc == 0 ? r.valid : !r.valid);
	return rc;
}

/* Every byte of every file, flipped three ways: always detected. */
static void test_flip_every_byte(void **state)
{
	static const uint8_t masks[] = {0x01, 0x20, 0x80};
	struct ctx *c = *state;
	struct files fs;
	size_t i, j, m, flips = 0;

	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	load_files(&fs, c->bundle);
	assert_int_equal(verify_mem(&fs, c->pub), 0);
	for (i = 0; i < fs.n; i++) {
		for (j = 0; j < fs.f[i].len; j++) {
			for (m = 0; m < sizeof(masks); m++) {
				fs.data[i][j] ^= masks[m];
				assert_int_equal(verify_mem(&fs, c->pub),
				                 NETRA_ETAMPER);
				fs.data[i][j] ^= masks[m];
				flips++;
			}
		}
		/* Missing, truncated, one byte longer. */
		fs.f[i].data = NULL;
		assert_int_equal(verify_mem(&fs, c->pub), NETRA_ETAMPER);
		fs.f[i].data = fs.data[i];
		fs.f[i].len--;
		assert_int_equal(verify_mem(&fs, c->pub), NETRA_ETAMPER);
		fs.f[i].len++;
		fs.data[i] = realloc(fs.data[i], fs.f[i].len + 2);
		assert_non_null(fs.data[i]);
		fs.f[i].data = fs.data[i];
		fs.data[i][fs.f[i].len] = '\n';
		fs.f[i].len++;
		assert_int_equal(verify_mem(&fs, c->pub), NETRA_ETAMPER);
		fs.f[i].len--;
	}
	assert_int_equal(verify_mem(&fs, c->pub), 0);
	assert_true(flips > 3 * 2000);
	free_files(&fs);
}

/* The same through the files on disk, sampled positions. */
static void test_flip_on_disk(void **state)
{
	struct ctx *c = *state;
	netra_evidence_result r;
	struct files fs;
	char path[256];
	size_t i, j;
	FILE *f;

	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	load_files(&fs, c->bundle);
	for (i = 0; i < fs.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", c->bundle, fs.f[i].name);
		for (j = 0; j < fs.f[i].len; j += 1 + fs.f[i].len / 40) {
			fs.data[i][j] ^= 0x04;
			f = fopen(path, "wb");
			assert_non_null(f);
			assert_int_equal(fwrite(fs.data[i], 1, fs.f[i].len, f),
			                 fs.f[i].len);
			fclose(f);
			assert_int_equal(
			    netra_evidence_verify(&r, c->bundle, c->pub),
			    NETRA_ETAMPER);
			assert_false(r.valid);
			fs.data[i][j] ^= 0x04;
		}
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(fs.data[i], 1, fs.f[i].len, f),
		                 fs.f[i].len);
		fclose(f);
	}
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub), 0);
	free_files(&fs);
}

static int exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* A bundle file that cannot be read: a clean error, never "valid". */
static void test_verify_unreadable(void **state)
{
	struct ctx *c = *state;
	netra_evidence_result r;
	char path[256];

	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	snprintf(path, sizeof(path), "%s/event.json", c->bundle);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub),
	                 NETRA_EIO);
	assert_false(r.valid);
	assert_non_null(strstr(r.reason, "not a regular file"));
	assert_int_equal(
	    netra_evidence_verify(&r, "/nonexistent/bundle", c->pub),
	    NETRA_ENOTFOUND);
	assert_false(r.valid);
	assert_non_null(strstr(r.reason, "/nonexistent/bundle"));
}

/* A FIFO in a bundle is refused at once (it used to block verify for
 * ever: the alarm kills the test if it does), a symbolic link is never
 * followed, even to an identical file. */
static void test_verify_fifo_symlink(void **state)
{
	struct ctx *c = *state;
	netra_evidence_result r;
	char path[256], copy[256];
	struct files fs;
	FILE *f;

	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	load_files(&fs, c->bundle);
	snprintf(path, sizeof(path), "%s/event.json", c->bundle);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(20);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub),
	                 NETRA_EIO);
	alarm(0);
	assert_false(r.valid);
	assert_non_null(strstr(r.reason, "not a regular file"));
	assert_int_equal(unlink(path), 0);
	snprintf(copy, sizeof(copy), "%s/outside.json", c->fx.dir);
	f = fopen(copy, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(fs.data[3], 1, fs.f[3].len, f), fs.f[3].len);
	fclose(f);
	assert_int_equal(symlink(copy, path), 0);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub),
	                 NETRA_EINVALID);
	assert_false(r.valid);
	assert_non_null(strstr(r.reason, "symbolic link"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rename(copy, path), 0);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub), 0);
	free_files(&fs);
}

/* The store, its WAL files, bundles and the key hold personal data or
 * secrets: owner-only whatever the umask. */
static void test_private_modes(void **state)
{
	struct ctx *c = *state;
	char path[256];
	struct stat sb;
	mode_t old = umask(022);
	size_t n, i;
	const char *const *names = evidence_bundle_names(&n);
	struct fixture f2;

	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	assert_int_equal(stat(c->bundle, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", c->bundle, names[i]);
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
	}
	/* A store made under umask 022. */
	assert_int_equal(fx_open(&f2), 0);
	assert_int_equal(stat(f2.db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s-wal", f2.db);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(path, sizeof(path), "%s-shm", f2.db);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	fx_close(&f2);
	umask(old);
}

/* Nothing in dir whose name contains part. */
static int dir_has(const char *dir, const char *part)
{
	struct dirent *d;
	DIR *h = opendir(dir);
	int found = 0;

	while (h && (d = readdir(h)))
		found |= strstr(d->d_name, part) != NULL;
	if (h)
		closedir(h);
	return found;
}

/* A write failing half way through the key (a full disk, here a file
 * size limit) leaves no key at all, so the next run makes a whole one
 * instead of calling a truncated file "not a netra evidence key". */
static void test_key_write_fails(void **state)
{
	struct rlimit old, lim;
	struct fixture f2;
	uint8_t pk[32], sk[64];
	int created = 0;

	(void)state;
	assert_int_equal(fx_open(&f2), 0);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 30; /* the key file is 87 bytes */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(netra_evidence_init(f2.st, f2.key, &created),
	                 NETRA_EIO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_false(exists(f2.key));
	assert_false(dir_has(f2.dir, ".tmp-"));
	assert_int_equal(netra_evidence_init(f2.st, f2.key, &created), 0);
	assert_int_equal(created, 1);
	assert_int_equal(evidence_key_load(pk, sk, f2.key), 0);
	/* An existing key is never replaced by a new one. */
	assert_int_equal(evidence_write_file_atomic(f2.key, "x", 1),
	                 NETRA_EEXISTS);
	assert_int_equal(evidence_key_load(pk, sk, f2.key), 0);
	assert_false(dir_has(f2.dir, ".tmp-"));
	fx_close(&f2);
}

static void test_deleted_event(void **state)
{
	struct ctx *c = *state;
	netra_evidence_result r;
	int64_t args[2] = {1731111111, c->events[1]};
	struct files fs;

	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET deleted_at = ? "
	                         "WHERE id = ?",
	                         NULL, 0, args, 2),
	                 0);
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub), 0);
	assert_int_equal(r.deleted_at, 1731111111);
	load_files(&fs, c->bundle);
	assert_non_null(strstr(fs.data[0], "\"deleted_at\": 1731111111"));
	assert_non_null(strstr(fs.data[3], "\"deleted_at\": 1731111111"));
	free_files(&fs);
}

static void test_export_errors(void **state)
{
	struct ctx *c = *state;
	struct rlimit old, lim;
	char ro[200], sub[240];
	const char *t[1];
	int64_t id[1];

	/* A read-only parent directory (root ignores modes). */
	snprintf(ro, sizeof(ro), "%s/ro", c->fx.dir);
	snprintf(sub, sizeof(sub), "%s/bundle", ro);
	assert_int_equal(mkdir(ro, 0500), 0);
	if (geteuid() != 0) {
		assert_int_equal(
		    netra_evidence_export(c->fx.st, c->fx.key, c->finding, sub),
		    NETRA_EIO);
		assert_non_null(strstr(netra_error_last(), "Permission"));
		assert_false(exists(sub));
	} else {
		/* Where nobody, not even root, can make a directory. */
		assert_int_equal(netra_evidence_export(c->fx.st, c->fx.key,
		                                       c->finding,
		                                       "/proc/self/bundle"),
		                 NETRA_EIO);
		assert_non_null(strstr(netra_error_last(), "/proc/self/"));
	}
	/* A write failing half way (file size limit): nothing is left. */
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 200; /* event.raw is longer */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	snprintf(sub, sizeof(sub), "%s/cut", c->fx.dir);
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, sub),
	    NETRA_EIO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_false(exists(sub));
	/* A changed stored event is not exported. */
	t[0] = "{\"platform\":\"x\",\"id\":\"5002\",\"text\":\"lain\"}";
	id[0] = c->events[1];
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET raw = ? WHERE "
	                         "id = ?",
	                         t, 1, id, 1),
	                 0);
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, sub),
	    NETRA_ETAMPER);
	assert_false(exists(sub));
}

/* Replaces bundle file i with text, fixes its manifest entry and signs
 * the manifest again with the store's own key, as someone holding the key
 * could: what is left to catch a forged history is the log itself. */
static void forge(struct ctx *c, struct files *fs, size_t i, const char *text)
{
	uint8_t pk[32], sk[64], h[32], sig[64];
	char hex[129];
	json_t *m, *e;
	struct sbuf t = SBUF_INIT;
	char *mtext;
	size_t k;

	free(fs->data[i]);
	fs->data[i] = strdup(text);
	fs->f[i].data = fs->data[i];
	fs->f[i].len = strlen(text);
	m = json_loadb(fs->data[0], fs->f[0].len, 0, NULL);
	assert_non_null(m);
	json_array_foreach(json_object_get(m, "files"), k, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "name")),
		           fs->f[i].name))
			continue;
		crypto_hash_sha256(h, (const uint8_t *)text, strlen(text));
		evidence_hex(hex, h, 32);
		json_object_set_new(e, "sha256", json_string(hex));
		json_object_set_new(e, "size", json_integer((json_int_t)strlen(
		                                   text)));
	}
	mtext = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(m);
	free(fs->data[0]);
	fs->data[0] = mtext;
	fs->f[0].data = mtext;
	fs->f[0].len = strlen(mtext);
	assert_int_equal(evidence_key_load(pk, sk, c->fx.key), 0);
	assert_int_equal(sbuf_puts(&t, EVIDENCE_BUNDLE_MAGIC), 0);
	assert_int_equal(sbuf_append(&t, mtext, strlen(mtext)), 0);
	crypto_sign_detached(sig, NULL, (const uint8_t *)t.data, t.len, sk);
	sbuf_free(&t);
	evidence_hex(hex, sig, 64);
	free(fs->data[1]);
	fs->data[1] = malloc(130);
	memcpy(fs->data[1], hex, 128);
	fs->data[1][128] = '\n';
	fs->f[1].data = fs->data[1];
	fs->f[1].len = 129;
}

/* Moves the fixture's finding through review and confirm, as the state
 * machine does (rows and state), then logs it. */
static void review_confirm(struct ctx *c)
{
	int64_t f[1] = {c->finding};

	assert_int_equal(
	    fx_exec(&c->fx,
	            "INSERT INTO finding_transitions (finding_id, at, actor, "
	            "action, from_state, to_state) VALUES (?, 10, 'opd_fiktif', "
	            "'review', 'baru', 'ditinjau_opd')",
	            NULL, 0, f, 1),
	    0);
	assert_int_equal(
	    fx_exec(&c->fx,
	            "INSERT INTO finding_transitions (finding_id, at, actor, "
	            "action, from_state, to_state, reason) VALUES (?, 20, "
	            "'opd_fiktif', 'confirm', 'ditinjau_opd', "
	            "'dikonfirmasi_opd', 'terbukti')",
	            NULL, 0, f, 1),
	    0);
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE findings SET state = "
	                         "'dikonfirmasi_opd' WHERE id = ?",
	                         NULL, 0, f, 1),
	                 0);
}

/* The bundle carries the finding's history, each step proven in the log;
 * a history rewritten, cut or re-ordered is invalid even when the manifest
 * is signed again with the right key; export refuses a changed step. */
static void test_history(void **state)
{
	struct ctx *c = *state;
	netra_evidence_result r;
	struct files fs;
	json_t *h, *arr;
	char *text;

	review_confirm(c);
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    0);
	assert_int_equal(netra_evidence_verify(&r, c->bundle, c->pub), 0);
	assert_int_equal(r.transitions, 3);
	load_files(&fs, c->bundle);
	assert_non_null(strstr(fs.data[8], "\"actor\": \"opd_fiktif\""));
	/* Someone else did it. */
	h = json_loadb(fs.data[8], fs.f[8].len, 0, NULL);
	arr = json_object_get(h, "transitions");
	json_object_set_new(
	    json_object_get(json_array_get(arr, 1), "record"), "actor",
	    json_string("orang_lain"));
	text = json_dumps(h, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	forge(c, &fs, 8, text);
	free(text);
	assert_int_equal(evidence_bundle_verify_files(&r, fs.f, fs.n, c->pub),
	                 NETRA_ETAMPER);
	assert_non_null(strstr(r.reason, "transition 2"));
	/* The review left out: the confirm no longer follows. */
	json_object_set_new(
	    json_object_get(json_array_get(arr, 1), "record"), "actor",
	    json_string("opd_fiktif"));
	json_array_remove(arr, 1);
	text = json_dumps(h, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	forge(c, &fs, 8, text);
	free(text);
	assert_int_equal(evidence_bundle_verify_files(&r, fs.f, fs.n, c->pub),
	                 NETRA_ETAMPER);
	assert_non_null(strstr(r.reason, "does not start where"));
	json_decref(h);
	free_files(&fs);
	/* A step rewritten in the store: no bundle. */
	assert_int_equal(fx_exec(&c->fx,
	                         "DROP TRIGGER finding_transitions_no_update",
	                         NULL, 0, NULL, 0),
	                 0);
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE finding_transitions SET actor = "
	                         "'orang_lain' WHERE action = 'review'",
	                         NULL, 0, NULL, 0),
	                 0);
	snprintf(c->bundle + strlen(c->bundle),
	         sizeof(c->bundle) - strlen(c->bundle), "2");
	assert_int_equal(
	    netra_evidence_export(c->fx.st, c->fx.key, c->finding, c->bundle),
	    NETRA_ETAMPER);
	assert_non_null(strstr(netra_error_last(), "transition"));
}

/* Verifies fuzz corpus seed name (mode 0: as exported, with the fixed key
 * 00 01 .. 1f) and returns its transitions; -1 if it is not valid. */
static long corpus_seed(const char *name, int *has_history)
{
	const char *src = getenv("NETRA_SRC");
	struct evidence_file f[9];
	netra_evidence_result r;
	uint8_t seed[32], pk[32], sk[64];
	char path[512], *data;
	size_t len, off = 1, i, n, l;
	const char *const *names = evidence_bundle_names(&n);
	long got = -1;

	snprintf(path, sizeof(path), "%s/fuzz/corpus/bundle/%s",
	         src ? src : ".", name);
	assert_int_equal(util_read_file(&data, &len, path, 1 << 20), 0);
	for (i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	crypto_sign_seed_keypair(pk, sk, seed);
	for (i = 0; i < n; i++) {
		f[i].name = names[i];
		f[i].data = NULL;
		f[i].len = 0;
		if (len - off < 4)
			continue;
		l = (size_t)(uint8_t)data[off] << 24 |
		    (size_t)(uint8_t)data[off + 1] << 16 |
		    (size_t)(uint8_t)data[off + 2] << 8 | (uint8_t)data[off + 3];
		off += 4;
		f[i].data = data + off;
		f[i].len = l;
		off += l;
	}
	*has_history = f[8].data != NULL;
	if (evidence_bundle_verify_files(&r, f, n, pk) == 0 && r.valid)
		got = (long)r.transitions;
	free(data);
	return got;
}

/* A bundle made before history.json (format 1: the fuzz corpus' "valid"
 * seed, exported by the first release) verifies unchanged; the "history"
 * seed (format 2) verifies with its two transitions. */
static void test_format1_bundle(void **state)
{
	int has;

	(void)state;
	assert_int_equal(corpus_seed("valid", &has), 0);
	assert_false(has);
	assert_int_equal(corpus_seed("history", &has), 2);
	assert_true(has);
}

/* A store of 300 events, checkpointed at 290. */
static void fill(struct ctx *c)
{
	netra_evidence_checkpoint cp;
	char id[32], raw[128];
	int i;

	for (i = 0; i < 297; i++) {
		snprintf(id, sizeof(id), "a%d", i);
		snprintf(raw, sizeof(raw),
		         "{\"id\":\"a%d\",\"text\":\"unggahan "
		         "fiktif %d\"}",
		         i, i * 7);
		assert_true(
		    fx_event(&c->fx, "facebook", id, raw, 1730001000 + i) > 0);
		if (i == 286)
			assert_int_equal(netra_evidence_make_checkpoint(
			                     &cp, c->fx.st, c->fx.key),
			                 0);
	}
	assert_int_equal(evidence_append_pending(c->fx.st), 0);
}

static void expect_audit(struct ctx *c, int ok, int64_t bad_event)
{
	netra_evidence_audit a;
	int rc = netra_evidence_audit_store(&a, c->fx.st, NULL);

	if (ok && rc)
		fail_msg("audit: %s", a.reason);
	assert_int_equal(rc, ok ? 0 : NETRA_ETAMPER);
	assert_int_equal(a.ok, ok);
	assert_int_equal(a.leaves, 302);
	if (ok) {
		assert_int_equal(a.checkpoints, 1);
		assert_int_equal(a.unsigned_leaves, 10);
		assert_int_equal(a.mismatches, 0);
	} else {
		assert_true(a.mismatches > 0);
		assert_true(strlen(a.reason) > 0);
	}
	if (bad_event)
		assert_int_equal(a.bad_event, bad_event);
}

static void test_audit(void **state)
{
	struct ctx *c = *state;
	const char *t[1];
	int64_t id[2];

	fill(c);
	expect_audit(c, 1, 0);
	/* raw, platform and event_id changes are each found and named. */
	t[0] = "{\"id\":\"a100\",\"text\":\"diubah\"}";
	id[0] = 104;
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET raw = ? WHERE "
	                         "id = ?",
	                         t, 1, id, 1),
	                 0);
	expect_audit(c, 0, 104);
	t[0] = "{\"id\":\"a100\",\"text\":\"unggahan fiktif 700\"}";
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET raw = ? WHERE "
	                         "id = ?",
	                         t, 1, id, 1),
	                 0);
	expect_audit(c, 1, 0);
	t[0] = "instagram";
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET platform = ? "
	                         "WHERE id = ?",
	                         t, 1, id, 1),
	                 0);
	expect_audit(c, 0, 104);
	t[0] = "facebook";
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET platform = ? "
	                         "WHERE id = ?",
	                         t, 1, id, 1),
	                 0);
	t[0] = "a100x";
	id[0] = 250;
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET event_id = ? "
	                         "WHERE id = ?",
	                         t, 1, id, 1),
	                 0);
	expect_audit(c, 0, 250);
	t[0] = "a246";
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET event_id = ? "
	                         "WHERE id = ?",
	                         t, 1, id, 1),
	                 0);
	expect_audit(c, 1, 0);
	/* Being seen deleted is not tampering. */
	id[0] = 1731000000;
	id[1] = 9;
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE events SET deleted_at = ? "
	                         "WHERE id = ?",
	                         NULL, 0, id, 2),
	                 0);
	expect_audit(c, 1, 0);
	/* A stored leaf hash rewritten: the signed root catches it. */
	id[0] = 17;
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE evidence_leaves SET hash = "
	                         "zeroblob(32) WHERE idx = ?",
	                         NULL, 0, id, 1),
	                 0);
	expect_audit(c, 0, 16); /* leaf 17 is event 16 (leaves 3, 4: the
	                           verdict and the finding's creation) */
}

static void test_audit_checkpoint(void **state)
{
	struct ctx *c = *state;
	int64_t id[1] = {1};

	fill(c);
	expect_audit(c, 1, 0);
	assert_int_equal(fx_exec(&c->fx,
	                         "UPDATE evidence_checkpoints SET "
	                         "created_at = created_at + 1 WHERE id = ?",
	                         NULL, 0, id, 1),
	                 0);
	expect_audit(c, 0, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_key),           T(test_checkpoint),
	    T(test_round_trip),    T(test_flip_every_byte),
	    T(test_flip_on_disk),  T(test_verify_unreadable),
	    T(test_deleted_event), T(test_export_errors),
	    T(test_audit),         T(test_audit_checkpoint),
	    T(test_verify_fifo_symlink), T(test_private_modes),
	    T(test_key_write_fails), T(test_history),
	    T(test_format1_bundle),
	};
#undef T
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
