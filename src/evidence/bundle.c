/*
 * evidence/bundle.c - `netra evidence export`: writes the evidence bundle
 * of one finding (the event exactly as received, its media hashes, the
 * verdict, the rulebook hash, an inclusion proof against a signed
 * checkpoint, the finding's history (its verdict and transitions with
 * their proofs, history.c), the public key, and a signed manifest) into a
 * directory.
 * verify.c checks such a bundle offline. Layout: docs/evidence.md.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "store/store.h"
#include "util/error.h"

/* history.json is last: bundles of format 1 (before it) lack it. */
static const char *const bundle_names[] = {
    "manifest.json", "manifest.sig",   "event.raw",  "event.json",
    "verdicts.json", "proof.json",     "checkpoint.txt", "pubkey.txt",
    "history.json",
};
_Static_assert(sizeof(bundle_names) / sizeof(bundle_names[0]) == NFILES,
               "one name per bundle file");

const char *const *evidence_bundle_names(size_t *n)
{
	*n = NFILES;
	return bundle_names;
}

int evidence_media_from_raw(json_t **out, const char *raw, size_t len)
{
	json_t *doc, *media, *m, *sha, *url;
	size_t i;

	*out = json_array();
	if (!*out)
		return err_oom();
	doc = json_loadb(raw, len, JSON_DECODE_ANY, NULL);
	media = json_is_object(doc) ? json_object_get(doc, "media") : NULL;
	json_array_foreach(media, i, m)
	{
		sha = json_object_get(m, "sha256");
		url = json_object_get(m, "url");
		if (!json_is_string(sha))
			continue;
		if (json_array_append_new(
		        *out, json_pack("{s:O, s:O}", "url",
		                        json_is_string(url) ? url : json_null(),
		                        "sha256", sha))) {
			json_decref(doc);
			json_decref(*out);
			*out = NULL;
			return err_oom();
		}
	}
	json_decref(doc);
	return 0;
}

/* Everything export reads from the store about one finding. */
struct subject {
	int64_t finding_id, verdict_id, event_row, ingested_at, deleted_at;
	int64_t finding_created;
	int deleted;
	char *platform, *event_id, *raw, *type, *account, *rule, *category;
	char *severity, *state, *rulebook, *verdict;
	size_t raw_len, platform_len, event_id_len;
};

static void subject_free(struct subject *s)
{
	free(s->platform);
	free(s->event_id);
	free(s->raw);
	free(s->type);
	free(s->account);
	free(s->rule);
	free(s->category);
	free(s->severity);
	free(s->state);
	free(s->rulebook);
	free(s->verdict);
}

/* Copies text column col of q (malloc'd, NUL-terminated). */
static char *col_dup(store_stmt *q, int col, size_t *len)
{
	size_t n;
	const char *p = store_column_text(q, col, &n);
	char *c = malloc(n + 1);

	if (c) {
		memcpy(c, p, n);
		c[n] = '\0';
	}
	if (len)
		*len = n;
	return c;
}

static int subject_load(struct subject *s, netra_store *st, int64_t finding)
{
	store_stmt *q = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = store_prepare(&q, st,
	                   "SELECT f.id, f.verdict_id, f.event_id, f.rule, "
	                   "f.category, f.severity, f.state, f.created_at, "
	                   "v.rulebook, v.json, e.platform, e.event_id, e.raw, "
	                   "e.ingested_at, e.deleted_at, e.type, e.account "
	                   "FROM findings f JOIN verdicts v ON v.id = "
	                   "f.verdict_id JOIN events e ON e.id = f.event_id "
	                   "WHERE f.id = ?");
	if (!rc)
		rc = store_bind_int64(q, 1, finding);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND, "finding %lld not found",
		             (long long)finding);
	if (rc < 0)
		goto done;
	s->finding_id = store_column_int64(q, 0);
	s->verdict_id = store_column_int64(q, 1);
	s->event_row = store_column_int64(q, 2);
	s->finding_created = store_column_int64(q, 7);
	s->ingested_at = store_column_int64(q, 13);
	s->deleted = !store_column_is_null(q, 14);
	s->deleted_at = store_column_int64(q, 14);
	s->rule = col_dup(q, 3, NULL);
	s->category = col_dup(q, 4, NULL);
	s->severity = col_dup(q, 5, NULL);
	s->state = col_dup(q, 6, NULL);
	s->rulebook = col_dup(q, 8, NULL);
	s->verdict = col_dup(q, 9, NULL);
	s->platform = col_dup(q, 10, &s->platform_len);
	s->event_id = col_dup(q, 11, &s->event_id_len);
	s->raw = col_dup(q, 12, &s->raw_len);
	s->type = col_dup(q, 15, NULL);
	s->account = col_dup(q, 16, NULL);
	rc = s->rule && s->category && s->severity && s->state && s->rulebook &&
	             s->verdict && s->platform && s->event_id && s->raw &&
	             s->type && s->account
	         ? 0
	         : err_oom();
done:
	store_finalize(q);
	return rc;
}

/* The bundle's files, in bundle_names order, and the images of the
 * event (media-<sha256>.<ext>, outside the manifest: each is checked
 * against the SHA-256 its logged media fetch names). */
struct bundle_image {
	char name[80];
	char *data;
	size_t len;
};

struct bundle {
	char *data[NFILES];
	size_t len[NFILES];
	struct bundle_image *img;
	size_t nimg;
};

static void bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < NFILES; i++)
		free(b->data[i]);
	for (i = 0; i < b->nimg; i++)
		free(b->img[i].data);
	free(b->img);
}

const char *evidence_image_ext(const char *mime)
{
	static const char *const m[][2] = {{"image/jpeg", "jpg"},
	                                   {"image/png", "png"},
	                                   {"image/gif", "gif"},
	                                   {"image/webp", "webp"}};
	size_t i;

	for (i = 0; mime && i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(mime, m[i][0]) == 0)
			return m[i][1];
	return "bin";
}

/* The images the event's media fetches name, from media_blobs, each
 * checked against its SHA-256 (a rewritten blob is refused). */
static int make_image_files(struct bundle *b, netra_store *st,
                            int64_t event_row)
{
	store_stmt *q = NULL;
	struct bundle_image *t;
	const char *sha, *mime, *ext;
	const void *p;
	uint8_t h[32];
	char got[65];
	size_t n;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT DISTINCT b.sha256, b.mime, b.bytes FROM "
	                   "event_media m JOIN media_blobs b ON b.sha256 = "
	                   "m.sha256 WHERE m.event_id = ? ORDER BY b.sha256");
	if (!rc)
		rc = store_bind_int64(q, 1, event_row);
	while (!rc && (rc = store_step(q)) == STORE_ROW) {
		rc = 0;
		sha = store_column_text(q, 0, NULL);
		mime = store_column_text(q, 1, NULL);
		p = store_column_blob(q, 2, &n);
		crypto_hash_sha256(h, p, n);
		evidence_hex(got, h, 32);
		if (strcmp(got, sha) != 0) {
			rc = err_set(NETRA_ETAMPER,
			             "image %s: its stored bytes no longer have "
			             "that SHA-256: run `netra evidence audit`",
			             sha);
			break;
		}
		ext = evidence_image_ext(mime);
		if (!(t = realloc(b->img, (b->nimg + 1) * sizeof(*t)))) {
			rc = err_oom();
			break;
		}
		b->img = t;
		t = &b->img[b->nimg];
		snprintf(t->name, sizeof(t->name), "media-%s.%s", sha, ext);
		t->len = n;
		if (!(t->data = malloc(n ? n : 1))) {
			rc = err_oom();
			break;
		}
		memcpy(t->data, p, n);
		b->nimg++;
	}
	store_finalize(q);
	return rc < 0 ? rc : 0;
}


/* Stores JSON j (stolen) as file f, pretty-printed with a final newline. */
static int put_json(struct bundle *b, int f, json_t *j)
{
	char *text;
	size_t n;

	if (!j)
		return err_oom();
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!text)
		return err_set(NETRA_EINVALID,
		               "%s: not representable as JSON "
		               "(invalid UTF-8?)",
		               bundle_names[f]);
	n = strlen(text);
	b->data[f] = malloc(n + 2);
	if (b->data[f]) {
		memcpy(b->data[f], text, n);
		memcpy(b->data[f] + n, "\n", 2);
	}
	free(text);
	if (!b->data[f])
		return err_oom();
	b->len[f] = n + 1;
	return 0;
}

static int put_text(struct bundle *b, int f, struct sbuf *s)
{
	b->len[f] = s->len;
	b->data[f] = sbuf_detach(s);
	return b->data[f] ? 0 : err_oom();
}

static json_t *deleted_json(const struct subject *s)
{
	return s->deleted ? json_integer(s->deleted_at) : json_null();
}

static int make_event_files(struct bundle *b, const struct subject *s,
                            uint64_t idx)
{
	json_t *media = NULL;
	int rc;

	b->data[F_RAW] = malloc(s->raw_len + 1);
	if (!b->data[F_RAW])
		return err_oom();
	memcpy(b->data[F_RAW], s->raw, s->raw_len);
	b->len[F_RAW] = s->raw_len;
	if ((rc = evidence_media_from_raw(&media, s->raw, s->raw_len)))
		return rc;
	rc = put_json(b, F_EVENT,
	              json_pack("{s:s%, s:s%, s:s, s:s, s:I, s:I, s:o, s:o}",
	                        "platform", s->platform, s->platform_len,
	                        "event_id", s->event_id, s->event_id_len,
	                        "type", s->type, "account", s->account,
	                        "leaf_index", (json_int_t)idx, "ingested_at",
	                        (json_int_t)s->ingested_at, "deleted_at",
	                        deleted_json(s), "media", media));
	if (rc)
		return rc;
	return 0;
}

static int make_verdict_file(struct bundle *b, const struct subject *s)
{
	json_t *verdict;
	json_error_t jerr;

	verdict = json_loads(s->verdict, 0, &jerr);
	if (!verdict)
		return err_set(NETRA_EINVALID,
		               "verdict %lld: stored JSON is "
		               "malformed: %s",
		               (long long)s->verdict_id, jerr.text);
	return put_json(
	    b, F_VERDICTS,
	    json_pack("{s:{s:I, s:s, s:s, s:s, s:s, s:I}, s:I, s:s, s:o}",
	              "finding", "id", (json_int_t)s->finding_id, "rule",
	              s->rule, "category", s->category, "severity", s->severity,
	              "state", s->state, "created_at",
	              (json_int_t)s->finding_created, "verdict_id",
	              (json_int_t)s->verdict_id, "rulebook", s->rulebook,
	              "verdict", verdict));
}

static int make_proof_files(struct bundle *b, netra_store *st,
                            const netra_evidence_checkpoint *cp, uint64_t idx,
                            const uint8_t leaf[32])
{
	char hex[65];
	struct sbuf t = SBUF_INIT;
	json_t *arr = NULL;
	int rc;

	if ((rc = evidence_proof_json(&arr, st, cp, idx, leaf)))
		return rc;
	evidence_hex(hex, leaf, 32);
	rc = put_json(b, F_PROOF,
	              json_pack("{s:I, s:I, s:s, s:o}", "leaf_index",
	                        (json_int_t)idx, "tree_size",
	                        (json_int_t)cp->tree_size, "leaf_hash", hex,
	                        "path", arr));
	if (!rc)
		rc = evidence_checkpoint_file(&t, cp) ? err_oom()
		                                      : put_text(b, F_CP, &t);
	evidence_hex(hex, cp->pubkey, 32);
	sbuf_clear(&t);
	if (!rc)
		rc = sbuf_printf(&t, "%s\n", hex) ? err_oom()
		                                  : put_text(b, F_KEY, &t);
	sbuf_free(&t);
	return rc;
}

static int make_history_file(struct bundle *b, netra_store *st,
                             const struct evidence_history *h,
                             const netra_evidence_checkpoint *cp,
                             int64_t finding_id)
{
	json_t *j = NULL;
	int rc = evidence_history_json(&j, st, h, cp, finding_id);

	return rc ? rc : put_json(b, F_HISTORY, j);
}

/* The manifest over files F_RAW.., then its signature with sk. */
static int make_manifest(struct bundle *b, const struct subject *s,
                         uint64_t idx, uint64_t size, const uint8_t sk[64])
{
	uint8_t h[32], sig[64];
	char hex[129];
	struct sbuf t = SBUF_INIT;
	json_t *files = json_array();
	int f, rc = files ? 0 : err_oom();

	for (f = F_RAW; f <= F_HISTORY && !rc; f++) {
		crypto_hash_sha256(h, (const uint8_t *)b->data[f], b->len[f]);
		evidence_hex(hex, h, 32);
		if (json_array_append_new(
		        files, json_pack("{s:s, s:I, s:s}", "name",
		                         bundle_names[f], "size",
		                         (json_int_t)b->len[f], "sha256", hex)))
			rc = err_oom();
	}
	if (rc)
		goto done;
	rc = put_json(
	    b, F_MANIFEST,
	    json_pack(
	        "{s:s, s:s, s:I, s:{s:s%, s:s%}, s:I, s:I, s:s, s:I, s:o, "
	        "s:O}",
	        "format", EVIDENCE_BUNDLE_FORMAT2, "keterangan",
	        "Paket bukti temuan netra. Periksa secara luring dengan: "
	        "netra evidence verify DIR --key KUNCI_PUBLIK",
	        "finding_id", (json_int_t)s->finding_id, "event", "platform",
	        s->platform, s->platform_len, "event_id", s->event_id,
	        s->event_id_len, "leaf_index", (json_int_t)idx, "tree_size",
	        (json_int_t)size, "rulebook", s->rulebook, "exported_at",
	        (json_int_t)time(NULL), "deleted_at", deleted_json(s), "files",
	        files));
	if (rc)
		goto done;
	if (sbuf_puts(&t, EVIDENCE_BUNDLE_MAGIC) ||
	    sbuf_append(&t, b->data[F_MANIFEST], b->len[F_MANIFEST])) {
		rc = err_oom();
		goto done;
	}
	crypto_sign_detached(sig, NULL, (const uint8_t *)t.data, t.len, sk);
	evidence_hex(hex, sig, 64);
	sbuf_clear(&t);
	rc = sbuf_printf(&t, "%s\n", hex) ? err_oom() : put_text(b, F_SIG, &t);
done:
	json_decref(files);
	sbuf_free(&t);
	return rc;
}

/* Creates dir if missing; refuses a non-empty one. *made = 1 if created. */
static int prepare_dir(const char *dir, int *made)
{
	struct dirent *d;
	DIR *h;
	int rc = 0;

	*made = 0;
	if (mkdir(dir, 0700) == 0) {
		/* A bundle holds personal data: owner only, whatever the
		 * umask. */
		*made = 1;
		if (chmod(dir, 0700))
			return err_set(NETRA_EIO, "%s: %s", dir,
			               strerror(errno));
		return 0;
	}
	if (errno != EEXIST)
		return err_set(NETRA_EIO, "%s: %s", dir, strerror(errno));
	h = opendir(dir);
	if (!h)
		return err_set(NETRA_EIO, "%s: %s", dir, strerror(errno));
	while ((d = readdir(h)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
			rc = err_set(NETRA_EEXISTS,
			             "%s: directory is not "
			             "empty",
			             dir);
			break;
		}
	closedir(h);
	return rc;
}

static int path_of(struct sbuf *p, const char *dir, const char *name)
{
	sbuf_clear(p);
	return sbuf_printf(p, "%s/%s", dir, name) ? err_oom() : 0;
}

/* Writes every file, the manifest and its signature last (a bundle cut
 * short lacks them); on failure removes what it wrote, and dir if made. */
static int write_bundle(const struct bundle *b, const char *dir)
{
	static const int order[NFILES] = {F_RAW, F_EVENT,    F_VERDICTS,
	                                  F_PROOF, F_CP,     F_KEY,
	                                  F_HISTORY, F_MANIFEST, F_SIG};
	struct sbuf p = SBUF_INIT;
	size_t i, n;
	int rc, made;

	if ((rc = prepare_dir(dir, &made)))
		return rc;
	size_t k = 0;

	for (n = 0; n < NFILES && !rc; n++) {
		/* the images go before the manifest and its signature */
		for (; order[n] == F_MANIFEST && k < b->nimg && !rc; k++) {
			rc = path_of(&p, dir, b->img[k].name);
			if (!rc)
				rc = evidence_write_file(p.data, b->img[k].data,
				                         b->img[k].len, 0600);
		}
		if (rc)
			break;
		rc = path_of(&p, dir, bundle_names[order[n]]);
		if (!rc)
			rc = evidence_write_file(p.data, b->data[order[n]],
			                         b->len[order[n]], 0600);
	}
	if (rc) {
		/* n - 1 files were written; the n-th failed (O_EXCL: it
		 * is ours if it exists). */
		for (i = 0; i < n && i < NFILES; i++)
			if (!path_of(&p, dir, bundle_names[order[i]]))
				unlink(p.data);
		for (i = 0; i < k; i++)
			if (!path_of(&p, dir, b->img[i].name))
				unlink(p.data);
		if (made)
			rmdir(dir);
	}
	sbuf_free(&p);
	return rc;
}

/* Leaf index of the subject's event after checking that the stored event
 * still hashes to its leaf, and that what the bundle says of it (type,
 * account) is what its raw record says: a stored column that disagrees
 * with raw is refused, never exported. */
static int subject_leaf(netra_store *st, struct subject *s, uint64_t *idx,
                        uint8_t leaf[32])
{
	netra_evidence_event e;
	char cols[128] = "";
	size_t n = 0;
	int rc, i;

	if ((rc = evidence_append_pending(st)) ||
	    (rc = netra_evidence_event_load(&e, st, s->event_row)))
		return rc;
	if (!e.logged) {
		netra_evidence_event_free(&e);
		return err_set(NETRA_ESTATE, "event %lld is not in the evidence "
		                             "log", (long long)s->event_row);
	}
	for (i = 0; i < NETRA_RAW_NCOLS; i++)
		if (e.differs & (1u << i) && n < sizeof(cols))
			n += (size_t)snprintf(cols + n, sizeof(cols) - n,
			                      "%s%s", n ? ", " : "",
			                      netra_evidence_column_name(i));
	rc = e.differs ? err_set(NETRA_ETAMPER,
	                         "event %lld (%s %s): the stored %s no longer "
	                         "says what its raw record says: run `netra "
	                         "evidence audit`",
	                         (long long)s->event_row, s->platform,
	                         s->event_id, cols)
	               : evidence_leaf_of_event(st, s->event_row, idx, leaf);
	if (!rc && e.col[0] && e.col[1]) {
		free(s->type);
		free(s->account);
		s->type = strdup(e.col[0]);
		s->account = strdup(e.col[1]);
		rc = s->type && s->account ? 0 : err_oom();
	}
	netra_evidence_event_free(&e);
	return rc;
}

/* A stored checkpoint covering leaf idx (a new one when none does),
 * checked against the key and the stored tree. */
static int subject_checkpoint(netra_evidence_checkpoint *cp, netra_store *st,
                              const char *key_path, uint64_t idx,
                              const uint8_t pk[32])
{
	uint8_t root[32];
	int rc;

	rc = evidence_checkpoint_latest(cp, st, idx + 1);
	if (rc == 0 && memcmp(cp->pubkey, pk, 32) != 0)
		rc = NETRA_ENOTFOUND; /* signed by an older key: re-sign */
	if (rc == NETRA_ENOTFOUND)
		rc = netra_evidence_make_checkpoint(cp, st, key_path);
	if (rc)
		return rc;
	if ((rc = evidence_checkpoint_verify(cp)) ||
	    (rc = evidence_root_at(st, cp->tree_size, root)))
		return rc;
	if (sodium_memcmp(root, cp->root, 32) != 0)
		return err_set(NETRA_ETAMPER,
		               "the stored log no longer has "
		               "the root of checkpoint %lld (%" PRIu64
		               " leaves): run `netra evidence audit`",
		               (long long)cp->id, cp->tree_size);
	return 0;
}

int netra_evidence_export(netra_store *st, const char *key_path,
                          int64_t finding_id, const char *dir)
{
	netra_evidence_checkpoint cp;
	struct evidence_history h;
	struct subject s;
	struct bundle b;
	uint8_t leaf[32], pk[32], sk[64];
	uint64_t idx;
	int rc, created;

	memset(&b, 0, sizeof(b));
	memset(&h, 0, sizeof(h));
	memset(sk, 0, sizeof(sk));
	if ((rc = subject_load(&s, st, finding_id)))
		goto done;
	if ((rc = netra_evidence_init(st, key_path, &created)) ||
	    (rc = evidence_key_load(pk, sk, key_path)) ||
	    (rc = subject_leaf(st, &s, &idx, leaf)) ||
	    (rc = evidence_history_collect(&h, st, s.finding_id,
	                                   s.verdict_id)) ||
	    (rc = evidence_history_add_media(&h, st, s.event_row)) ||
	    (rc = subject_checkpoint(&cp, st, key_path,
	                             h.max_idx > idx ? h.max_idx : idx, pk)))
		goto done;
	if ((rc = make_event_files(&b, &s, idx)) ||
	    (rc = make_verdict_file(&b, &s)) ||
	    (rc = make_proof_files(&b, st, &cp, idx, leaf)) ||
	    (rc = make_history_file(&b, st, &h, &cp, s.finding_id)) ||
	    (rc = make_image_files(&b, st, s.event_row)) ||
	    (rc = make_manifest(&b, &s, idx, cp.tree_size, sk)))
		goto done;
	rc = write_bundle(&b, dir);
done:
	sodium_memzero(sk, sizeof(sk));
	evidence_history_free(&h);
	subject_free(&s);
	bundle_free(&b);
	if (rc)
		err_wrap(rc, "export of finding %lld", (long long)finding_id);
	return rc;
}
