/*
 * evidence/verify.c - `netra evidence verify`: checks an evidence bundle
 * offline with the public key alone. The bundle is outside input (someone
 * sent it), so every file is parsed strictly and bounded; the in-memory
 * core (evidence_bundle_verify_files) is also the fuzz target's entry.
 *
 * Order of checks: manifest signature, every file against the manifest
 * (size and SHA-256), public key, checkpoint signature, leaf hash
 * recomputed from the raw event, inclusion proof to the checkpoint root,
 * verdict naming the event, media hashes, the history (format 2: the
 * verdict and each transition recomputed from its record and proven in
 * the same tree, in order, ending in the finding's state), manifest
 * fields. Bundles of format 1 (made before history.json) verify as they
 * always did.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "util/error.h"
#include "util/file.h"

/* Records the first failure in out->reason and returns NETRA_ETAMPER. */
static int fail(netra_evidence_result *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(netra_evidence_result *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
	out->valid = 0;
	return err_set(NETRA_ETAMPER, "%s", out->reason);
}

struct ctx {
	netra_evidence_result *out;
	const struct evidence_file *f; /* in evidence_bundle_names order */
	const uint8_t *pub;
	json_t *manifest, *event, *verdicts, *proof, *history;
	int format; /* 1: no history.json, 2: with it */
	netra_evidence_checkpoint cp;
	uint8_t leaf[32];
};


static int check_signature(struct ctx *c)
{
	const struct evidence_file *m = &c->f[F_MANIFEST], *s = &c->f[F_SIG];
	struct sbuf t = SBUF_INIT;
	uint8_t sig[64];
	int bad;

	if (!m->data || !s->data)
		return fail(c->out, "%s missing", m->data ? s->name : m->name);
	if (s->len != 129 || s->data[128] != '\n' ||
	    evidence_unhex(sig, 64, s->data, 128))
		return fail(c->out, "manifest.sig: not a hex signature");
	if (sbuf_puts(&t, EVIDENCE_BUNDLE_MAGIC) ||
	    sbuf_append(&t, m->data, m->len)) {
		sbuf_free(&t);
		return err_oom();
	}
	bad = crypto_sign_verify_detached(sig, (const uint8_t *)t.data, t.len,
	                                  c->pub);
	sbuf_free(&t);
	if (bad)
		return fail(c->out, "manifest.sig: the signature does not "
		                    "match the manifest and key");
	return 0;
}

static json_t *parse_json(struct ctx *c, int f, int *rc)
{
	json_error_t e;
	json_t *j;

	j = json_loadb(c->f[f].data, c->f[f].len, JSON_REJECT_DUPLICATES, &e);
	if (!json_is_object(j)) {
		json_decref(j);
		*rc =
		    fail(c->out, "%s: line %d: not a JSON object%s%s",
		         c->f[f].name, e.line, j ? "" : ": ", j ? "" : e.text);
		return NULL;
	}
	return j;
}

/* Index of file name in the bundle, or -1. */
static int file_index(const char *name)
{
	size_t n, i;
	const char *const *names = evidence_bundle_names(&n);

	for (i = 2; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

static int check_files(struct ctx *c)
{
	json_t *files = json_object_get(c->manifest, "files"), *e;
	const char *name, *hash;
	uint8_t want[32], got[32];
	int seen[NFILES] = {0}, f, rc = 0;
	size_t i;

	if (!json_is_array(files))
		return fail(c->out, "manifest.json: no file list");
	json_array_foreach(files, i, e)
	{
		name = json_string_value(json_object_get(e, "name"));
		hash = json_string_value(json_object_get(e, "sha256"));
		f = name ? file_index(name) : -1;
		if (f < 0 || seen[f])
			return fail(c->out,
			            "manifest.json: file %zu: unknown "
			            "or repeated name",
			            i + 1);
		seen[f] = 1;
		if (!c->f[f].data)
			return fail(c->out, "%s missing", name);
		if (!hash || evidence_unhex(want, 32, hash, strlen(hash)) ||
		    !json_is_integer(json_object_get(e, "size")))
			return fail(c->out, "manifest.json: %s: bad entry",
			            name);
		if ((uint64_t)json_integer_value(json_object_get(e, "size")) !=
		    c->f[f].len)
			return fail(c->out,
			            "%s: size differs from the "
			            "manifest",
			            name);
		crypto_hash_sha256(got, (const uint8_t *)c->f[f].data,
		                   c->f[f].len);
		if (sodium_memcmp(want, got, 32))
			return fail(c->out,
			            "%s: SHA-256 differs from the "
			            "manifest (the file was changed)",
			            name);
		c->out->files++;
	}
	for (f = F_RAW; f < NFILES; f++)
		if (!seen[f] && (f != F_HISTORY || c->format == 2))
			return fail(c->out, "manifest.json: %s not listed",
			            c->f[f].name);
		else if (seen[f] && f == F_HISTORY && c->format == 1)
			return fail(c->out, "manifest.json: history.json in a "
			                    "bundle of format 1");
	return rc;
}

static int check_checkpoint(struct ctx *c)
{
	char hex[65];

	evidence_hex(hex, c->pub, 32);
	if (c->f[F_KEY].len != 65 || memcmp(c->f[F_KEY].data, hex, 64) ||
	    c->f[F_KEY].data[64] != '\n')
		return fail(c->out, "pubkey.txt: not the key given with --key");
	if (evidence_checkpoint_parse(&c->cp, c->f[F_CP].data, c->f[F_CP].len))
		return fail(c->out, "checkpoint.txt: %s", netra_error_last());
	if (sodium_memcmp(c->cp.pubkey, c->pub, 32))
		return fail(c->out, "checkpoint.txt: signed by another key");
	if (evidence_checkpoint_verify(&c->cp))
		return fail(c->out, "checkpoint.txt: bad signature");
	c->out->tree_size = c->cp.tree_size;
	c->out->checkpoint_time = c->cp.created_at;
	return 0;
}

/* Copies JSON string member key of o into buf (size n); -1 if absent or
 * too long. */
static int get_str(char *buf, size_t n, json_t *o, const char *key, size_t *len)
{
	json_t *v = json_object_get(o, key);
	size_t l;

	if (!json_is_string(v))
		return -1;
	l = json_string_length(v);
	if (l >= n)
		return -1;
	memcpy(buf, json_string_value(v), l);
	buf[l] = '\0';
	if (len)
		*len = l;
	return 0;
}

static int get_int(int64_t *out, json_t *o, const char *key, int nullable)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (nullable && json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int check_leaf(struct ctx *c)
{
	netra_evidence_result *o = c->out;
	size_t pl, el;
	int64_t idx;

	if (get_str(o->platform, sizeof(o->platform), c->event, "platform",
	            &pl) ||
	    get_str(o->event_id, sizeof(o->event_id), c->event, "event_id",
	            &el) ||
	    get_int(&o->ingested_at, c->event, "ingested_at", 0) ||
	    get_int(&o->deleted_at, c->event, "deleted_at", 1) ||
	    get_int(&idx, c->event, "leaf_index", 0) || idx < 0)
		return fail(o, "event.json: missing or bad fields");
	o->leaf_index = (uint64_t)idx;
	evidence_leaf_hash(c->leaf, o->ingested_at, o->platform, pl,
	                   o->event_id, el, c->f[F_RAW].data, c->f[F_RAW].len);
	return 0;
}

/* Parses a proof's path (a JSON array of hex hashes) and checks that it
 * leads from leaf at idx to the checkpoint's root; file and what name
 * the proof in the failure reason. */
static int check_path(struct ctx *c, json_t *arr, const uint8_t leaf[32],
                      int64_t idx, const char *file, const char *what)
{
	uint8_t(*path)[32];
	const char *s;
	json_t *h;
	size_t i, n = json_array_size(arr);
	int rc = 0;

	path = malloc((n ? n : 1) * 32);
	if (!path)
		return err_oom();
	json_array_foreach(arr, i, h)
	{
		s = json_string_value(h);
		if (!s || evidence_unhex(path[i], 32, s, strlen(s))) {
			rc = fail(c->out, "%s: %spath entry %zu is not a hash",
			          file, what, i + 1);
			goto done;
		}
	}
	if (evidence_verify_inclusion(leaf, (uint64_t)idx, c->cp.tree_size,
	                              (const void *)path, n, c->cp.root))
		rc = fail(c->out, "%s: %s%s", file, what, netra_error_last());
done:
	free(path);
	return rc;
}

static int check_proof(struct ctx *c)
{
	uint8_t want[32];
	json_t *arr = json_object_get(c->proof, "path");
	const char *s;
	int64_t idx, size;

	s = json_string_value(json_object_get(c->proof, "leaf_hash"));
	if (get_int(&idx, c->proof, "leaf_index", 0) ||
	    get_int(&size, c->proof, "tree_size", 0) || !s ||
	    evidence_unhex(want, 32, s, strlen(s)) || !json_is_array(arr) ||
	    json_array_size(arr) > EVIDENCE_MAX_PROOF)
		return fail(c->out, "proof.json: missing or bad fields");
	if ((uint64_t)idx != c->out->leaf_index)
		return fail(c->out, "proof.json: leaf index differs from "
		                    "event.json");
	if (sodium_memcmp(want, c->leaf, 32))
		return fail(c->out, "event.raw: its leaf hash differs from "
		                    "the logged one (the event was changed)");
	if ((uint64_t)size != c->cp.tree_size)
		return fail(c->out, "proof.json: tree size differs from the "
		                    "checkpoint");
	return check_path(c, arr, c->leaf, idx, "proof.json", "");
}

static int check_verdict(struct ctx *c)
{
	json_t *verdict = json_object_get(c->verdicts, "verdict");
	json_t *finding = json_object_get(c->verdicts, "finding");
	const char *id = json_string_value(json_object_get(verdict, "id"));
	const char *rb =
	    json_string_value(json_object_get(c->verdicts, "rulebook"));
	const char *vrb =
	    json_string_value(json_object_get(verdict, "rulebook"));
	int64_t fid;

	if (!json_is_object(verdict) || !id || !rb ||
	    get_int(&fid, finding, "id", 0))
		return fail(c->out, "verdicts.json: missing or bad fields");
	if (strcmp(id, c->out->event_id))
		return fail(c->out,
		            "verdicts.json: the verdict names event "
		            "'%.60s', not the bundle's event",
		            id);
	if (vrb && strcmp(vrb, rb))
		return fail(c->out, "verdicts.json: two different rulebooks");
	if (strlen(rb) >= sizeof(c->out->rulebook))
		return fail(c->out, "verdicts.json: rulebook name too long");
	memcpy(c->out->rulebook, rb, strlen(rb) + 1);
	c->out->finding_id = fid;
	return 0;
}

static int check_media(struct ctx *c)
{
	json_t *want = NULL, *got = json_object_get(c->event, "media");
	int rc;

	if ((rc = evidence_media_from_raw(&want, c->f[F_RAW].data,
	                                  c->f[F_RAW].len)))
		return rc;
	if (!json_equal(want, got))
		rc = fail(c->out, "event.json: media hashes differ from "
		                  "those in event.raw");
	c->out->media = json_array_size(want);
	json_decref(want);
	return rc;
}

/* One history entry: its record's leaf, proven in the checkpoint's tree.
 * *rec gets the record (borrowed). */
static int check_entry(struct ctx *c, json_t *e, int kind, const char *what,
                       json_t **rec)
{
	json_t *arr = json_object_get(e, "path");
	char label[48];
	uint8_t leaf[32];
	int64_t idx;

	*rec = json_object_get(e, "record");
	if (get_int(&idx, e, "leaf_index", 0) || idx < 0 ||
	    !json_is_array(arr) || json_array_size(arr) > EVIDENCE_MAX_PROOF ||
	    evidence_record_json_leaf(leaf, kind, *rec))
		return fail(c->out, "history.json: %s: missing or bad fields",
		            what);
	snprintf(label, sizeof(label), "%s: ", what);
	return check_path(c, arr, leaf, idx, "history.json", label);
}

static int same_str(json_t *a, json_t *b)
{
	if (json_is_null(a) || json_is_null(b))
		return json_is_null(a) && json_is_null(b);
	return json_is_string(a) && json_is_string(b) &&
	       json_string_length(a) == json_string_length(b) &&
	       !memcmp(json_string_value(a), json_string_value(b),
	               json_string_length(a));
}

/* The verdict record is the one verdicts.json shows. */
static int check_history_verdict(struct ctx *c, json_t *rec)
{
	json_t *v, *shown = json_object_get(c->verdicts, "verdict");
	int64_t id, vid;
	int same;

	if (get_int(&id, rec, "id", 0) || get_int(&vid, c->verdicts,
	                                          "verdict_id", 0) ||
	    id != vid)
		return fail(c->out, "history.json: the verdict is not "
		                    "verdicts.json's");
	v = json_loads(json_string_value(json_object_get(rec, "json")), 0,
	               NULL);
	same = v && json_equal(v, shown) &&
	       same_str(json_object_get(rec, "rulebook"),
	                json_object_get(c->verdicts, "rulebook"));
	json_decref(v);
	return same ? 0
	            : fail(c->out, "history.json: the logged verdict differs "
	                           "from verdicts.json");
}

/* One transition follows the one before (prev NULL: the first). */
static int check_step(struct ctx *c, json_t *rec, json_t *prev, size_t i)
{
	int64_t fid, id, pid = 0;

	if (get_int(&fid, rec, "finding_id", 0) ||
	    fid != c->out->finding_id || get_int(&id, rec, "id", 0) ||
	    (prev && (get_int(&pid, prev, "id", 0) || id <= pid)))
		return fail(c->out,
		            "history.json: transition %zu: not of this "
		            "finding, or out of order",
		            i + 1);
	if (!prev ? !json_is_null(json_object_get(rec, "from_state"))
	          : !same_str(json_object_get(rec, "from_state"),
	                      json_object_get(prev, "to_state")))
		return fail(c->out,
		            "history.json: transition %zu does not start "
		            "where the one before it ended",
		            i + 1);
	return 0;
}

/* history.json's media (when the event has fetched images): each media
 * fetch and OCR text proven in the log, every fetch of this bundle's
 * event (the verdict's event_id), every OCR text of an image a fetch
 * names. */
static int check_history_media(struct ctx *c, json_t *verdict_rec)
{
	json_t *arr = json_object_get(c->history, "media"), *e, *rec;
	json_t *shas = NULL, *sha;
	int64_t ev, want;
	char what[40];
	size_t i, j;
	int rc = 0, kind, known;

	if (!arr)
		return 0;
	if (!json_is_array(arr) || get_int(&want, verdict_rec, "event_id", 0))
		return fail(c->out, "history.json: media: not a list");
	if (!(shas = json_array()))
		return err_oom();
	json_array_foreach(arr, i, e) {
		rec = json_object_get(e, "record");
		kind = json_object_get(rec, "url") ? 5 /* EVIDENCE_MEDIA */
		                                   : 4 /* EVIDENCE_OCR */;
		snprintf(what, sizeof(what), "media %zu", i + 1);
		if ((rc = check_entry(c, e, kind, what, &rec)))
			break;
		sha = json_object_get(rec, "sha256");
		if (kind == 5 && (get_int(&ev, rec, "event_id", 0) || ev != want)) {
			rc = fail(c->out, "history.json: %s: a media fetch of "
			                  "another event",
			          what);
			break;
		}
		if (kind == 5) {
			if (json_is_string(sha))
				json_array_append(shas, sha);
			continue;
		}
		for (known = 0, j = 0; j < json_array_size(shas); j++)
			known |= json_equal(json_array_get(shas, j), sha);
		if (!known) {
			rc = fail(c->out, "history.json: %s: an OCR text of an "
			                  "image no media fetch of the event "
			                  "names",
			          what);
			break;
		}
	}
	if (!rc)
		c->out->media_records = json_array_size(arr);
	json_decref(shas);
	return rc;
}

/* history.json (format 2): the verdict and every transition of the
 * finding, each in the checkpoint's tree, in order, ending in the state
 * verdicts.json shows. */
static int check_history(struct ctx *c)
{
	json_t *arr, *e, *rec = NULL, *prev = NULL;
	char what[40];
	int64_t fid;
	size_t i;
	int rc;

	if (c->format == 1)
		return 0;
	if (!(c->history = parse_json(c, F_HISTORY, &rc)))
		return rc;
	arr = json_object_get(c->history, "transitions");
	if (get_int(&fid, c->history, "finding_id", 0) ||
	    fid != c->out->finding_id || !json_is_array(arr) ||
	    json_array_size(arr) == 0)
		return fail(c->out, "history.json: missing or bad fields");
	if ((rc = check_entry(c, json_object_get(c->history, "verdict"),
	                      1 /* EVIDENCE_VERDICT */, "verdict", &rec)) ||
	    (rc = check_history_verdict(c, rec)) ||
	    (rc = check_history_media(c, rec)))
		return rc;
	json_array_foreach(arr, i, e)
	{
		snprintf(what, sizeof(what), "transition %zu", i + 1);
		if ((rc = check_entry(c, e, 2 /* EVIDENCE_TRANSITION */, what,
		                      &rec)) ||
		    (rc = check_step(c, rec, prev, i)))
			return rc;
		prev = rec;
	}
	if (!same_str(json_object_get(prev, "to_state"),
	              json_object_get(json_object_get(c->verdicts, "finding"),
	                              "state")))
		return fail(c->out, "history.json: the last transition does not "
		                    "leave the finding in the state "
		                    "verdicts.json shows");
	c->out->transitions = json_array_size(arr);
	return 0;
}

/* The manifest's own fields agree with the files it lists. */
static int check_manifest_fields(struct ctx *c)
{
	json_t *m = c->manifest, *ev = json_object_get(m, "event");
	const char *rb = json_string_value(json_object_get(m, "rulebook"));
	const char *p = json_string_value(json_object_get(ev, "platform"));
	const char *e = json_string_value(json_object_get(ev, "event_id"));
	int64_t fid, idx, size, del;

	if (get_int(&fid, m, "finding_id", 0) ||
	    get_int(&idx, m, "leaf_index", 0) ||
	    get_int(&size, m, "tree_size", 0) ||
	    get_int(&del, m, "deleted_at", 1) || !rb || !p || !e)
		return fail(c->out, "manifest.json: missing or bad fields");
	if (fid != c->out->finding_id || (uint64_t)idx != c->out->leaf_index ||
	    (uint64_t)size != c->out->tree_size || del != c->out->deleted_at ||
	    strcmp(rb, c->out->rulebook) || strcmp(p, c->out->platform) ||
	    strcmp(e, c->out->event_id))
		return fail(c->out, "manifest.json: fields disagree with the "
		                    "bundle's files");
	return 0;
}

int evidence_bundle_verify_files(netra_evidence_result *out,
                                 const struct evidence_file *files, size_t n,
                                 const uint8_t pub[32])
{
	const char *fmt;
	struct ctx c;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.out = out;
	c.f = files;
	c.pub = pub;
	if (n != NFILES)
		return err_set(NETRA_EINVALID, "bundle: %zu files given", n);
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	if ((rc = check_signature(&c)) ||
	    !(c.manifest = parse_json(&c, F_MANIFEST, &rc)))
		goto done;
	fmt = json_string_value(json_object_get(c.manifest, "format"));
	c.format = !fmt                                      ? 0
	           : !strcmp(fmt, EVIDENCE_BUNDLE_FORMAT)  ? 1
	           : !strcmp(fmt, EVIDENCE_BUNDLE_FORMAT2) ? 2
	                                                   : 0;
	if (!c.format) {
		rc = fail(out, "manifest.json: unknown format");
		goto done;
	}
	if ((rc = check_files(&c)) || (rc = check_checkpoint(&c)) ||
	    !(c.event = parse_json(&c, F_EVENT, &rc)) ||
	    !(c.proof = parse_json(&c, F_PROOF, &rc)) ||
	    !(c.verdicts = parse_json(&c, F_VERDICTS, &rc)))
		goto done;
	if ((rc = check_leaf(&c)) || (rc = check_proof(&c)) ||
	    (rc = check_verdict(&c)) || (rc = check_media(&c)) ||
	    (rc = check_history(&c)) || (rc = check_manifest_fields(&c)))
		goto done;
	out->valid = 1;
done:
	json_decref(c.manifest);
	json_decref(c.event);
	json_decref(c.proof);
	json_decref(c.verdicts);
	json_decref(c.history);
	return rc;
}

/* Reads bundle file name from the directory dirfd: a regular file only,
 * never through a symbolic link (which could lead out of the bundle) and
 * never waiting on a FIFO or device. A missing file gives data NULL. */
static int read_member(struct evidence_file *f, char **data, int dirfd,
                       const char *dir)
{
	char path[PATH_MAX];
	int fd, rc;

	*data = NULL;
	f->len = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, f->name);
	fd = openat(dirfd, f->name,
	            O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return err_set(NETRA_EINVALID,
		               "%s: a symbolic link; a bundle holds "
		               "regular files only",
		               path);
	if (fd < 0)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	rc = util_read_fd(data, &f->len, fd, path, EVIDENCE_MAX_FILE);
	close(fd);
	f->data = *data;
	return rc;
}

/* The image files of a valid bundle: for each media fetch with a
 * SHA-256 in history.json, media-<sha256>.<ext> must be in the folder
 * and hash to it. */
static int check_images(netra_evidence_result *out, int dirfd,
                        const char *dir, const struct evidence_file *hist)
{
	static const char *const exts[] = {"jpg", "png", "gif", "webp", "bin"};
	json_t *h, *e, *sha;
	struct evidence_file f;
	char name[96], *data = NULL, hex[65];
	uint8_t got[32];
	size_t i, x;
	int rc = 0;

	if (!hist->data)
		return 0;
	h = json_loadb(hist->data, hist->len, 0, NULL);
	json_array_foreach(json_object_get(h, "media"), i, e) {
		sha = json_object_get(json_object_get(e, "record"), "sha256");
		if (!json_object_get(json_object_get(e, "record"), "url") ||
		    !json_is_string(sha) || json_string_length(sha) != 64)
			continue;
		for (x = 0, data = NULL; x < 5 && !rc && !data; x++) {
			snprintf(name, sizeof(name), "media-%s.%s",
			         json_string_value(sha), exts[x]);
			memset(&f, 0, sizeof(f));
			f.name = name;
			rc = read_member(&f, &data, dirfd, dir);
		}
		if (rc)
			break;
		if (!data) {
			rc = fail(out, "media-%s: the image of a logged media "
			               "fetch is missing",
			          json_string_value(sha));
			break;
		}
		crypto_hash_sha256(got, (const uint8_t *)data, f.len);
		evidence_hex(hex, got, 32);
		free(data);
		if (strcmp(hex, json_string_value(sha)) != 0) {
			rc = fail(out, "%s: its bytes do not hash to the SHA-256 "
			               "of its logged media fetch (the image was "
			               "changed)",
			          name);
			break;
		}
		out->images++;
	}
	json_decref(h);
	if (rc && rc != NETRA_ETAMPER)
		snprintf(out->reason, sizeof(out->reason), "%s",
		         netra_error_last());
	if (rc)
		out->valid = 0;
	return rc;
}

int netra_evidence_verify(netra_evidence_result *out, const char *dir,
                          const uint8_t pub[32])
{
	struct evidence_file files[NFILES];
	char *data[NFILES] = {0};
	const char *const *names;
	size_t n, i;
	int rc = 0, dirfd;

	memset(out, 0, sizeof(*out));
	memset(files, 0, sizeof(files));
	names = evidence_bundle_names(&n);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		rc = err_set(errno == ENOENT ? NETRA_ENOTFOUND : NETRA_EIO,
		             "%s: %s", dir, strerror(errno));
	for (i = 0; i < n && !rc; i++) {
		files[i].name = names[i];
		rc = read_member(&files[i], &data[i], dirfd, dir);
	}
	if (rc)
		snprintf(out->reason, sizeof(out->reason), "%s",
		         netra_error_last());
	else
		rc = evidence_bundle_verify_files(out, files, n, pub);
	if (!rc && out->valid)
		rc = check_images(out, dirfd, dir, &files[F_HISTORY]);
	if (dirfd >= 0)
		close(dirfd);
	for (i = 0; i < n; i++)
		free(data[i]);
	return rc;
}
