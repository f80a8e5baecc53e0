/*
 * evidence/checkpoint.c - signed tree heads of the evidence log: the
 * checkpoint text (format in evidence_int.h), signing with the store's
 * Ed25519 key, strict parsing and verification, and the stored list.
 *
 * When checkpoints are made: `netra evidence checkpoint` (run it after
 * each ingest, or from cron) and automatically by `netra evidence export`
 * when no stored checkpoint covers the exported event. The append in the
 * ingest hot path does not sign, so ingest never needs the secret key.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "store/store.h"
#include "util/error.h"

int evidence_checkpoint_text(struct sbuf *b,
                             const netra_evidence_checkpoint *cp)
{
	char root[65], key[65];

	evidence_hex(root, cp->root, 32);
	evidence_hex(key, cp->pubkey, 32);
	return sbuf_printf(
	    b, "%ssize %" PRIu64 "\nroot %s\ntime %" PRId64 "\nkey %s\n",
	    EVIDENCE_CHECKPOINT_MAGIC, cp->tree_size, root, cp->created_at,
	    key);
}

int evidence_checkpoint_file(struct sbuf *b,
                             const netra_evidence_checkpoint *cp)
{
	char sig[129];
	int rc;

	evidence_hex(sig, cp->signature, 64);
	rc = evidence_checkpoint_text(b, cp);
	if (!rc)
		rc = sbuf_printf(b, "sig %s\n", sig);
	return rc;
}

/* Parses "<word> <decimal>\n" at *p, canonical decimals only. */
static int parse_num_line(const char **p, const char *end, const char *word,
                          uint64_t *out)
{
	size_t wl = strlen(word);
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0;

	if ((size_t)(end - s) < wl + 1 || memcmp(s, word, wl) || s[wl] != ' ')
		return -1;
	s += wl + 1;
	while (s < end && *s >= '0' && *s <= '9') {
		if (digits == 1 && v == 0)
			return -1; /* leading zero */
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
		digits++;
		s++;
	}
	if (!digits || s >= end || *s != '\n')
		return -1;
	*out = v;
	*p = s + 1;
	return 0;
}

/* Parses "<word> <2n hex>\n" at *p. */
static int parse_hex_line(const char **p, const char *end, const char *word,
                          uint8_t *out, size_t n)
{
	size_t wl = strlen(word);
	const char *s = *p;

	if ((size_t)(end - s) < wl + 2 + 2 * n || memcmp(s, word, wl) ||
	    s[wl] != ' ' || s[wl + 1 + 2 * n] != '\n')
		return -1;
	if (evidence_unhex(out, n, s + wl + 1, 2 * n))
		return -1;
	*p = s + wl + 2 + 2 * n;
	return 0;
}

int evidence_checkpoint_parse(netra_evidence_checkpoint *out, const char *text,
                              size_t len)
{
	const char *p = text, *end = text + len;
	size_t ml = strlen(EVIDENCE_CHECKPOINT_MAGIC);
	uint64_t t;
	struct sbuf b = SBUF_INIT;
	int rc = NETRA_EINVALID;

	memset(out, 0, sizeof(*out));
	if (len < ml || memcmp(p, EVIDENCE_CHECKPOINT_MAGIC, ml))
		return err_set(NETRA_EINVALID, "checkpoint: line 1: not a "
		                               "netra checkpoint");
	p += ml;
	if (parse_num_line(&p, end, "size", &out->tree_size))
		return err_set(rc, "checkpoint: line 2: bad size");
	if (parse_hex_line(&p, end, "root", out->root, 32))
		return err_set(rc, "checkpoint: line 3: bad root");
	if (parse_num_line(&p, end, "time", &t) || t > INT64_MAX)
		return err_set(rc, "checkpoint: line 4: bad time");
	out->created_at = (int64_t)t;
	if (parse_hex_line(&p, end, "key", out->pubkey, 32))
		return err_set(rc, "checkpoint: line 5: bad key");
	if (parse_hex_line(&p, end, "sig", out->signature, 64))
		return err_set(rc, "checkpoint: line 6: bad signature");
	if (p != end)
		return err_set(rc, "checkpoint: text after line 6");
	/* Anything else that parsed (e.g. a line ending) must re-render
	 * byte for byte, so one text per checkpoint. */
	if (evidence_checkpoint_file(&b, out))
		return err_oom();
	rc = b.len == len && memcmp(b.data, text, len) == 0
	         ? 0
	         : err_set(NETRA_EINVALID, "checkpoint: not in canonical "
	                                   "form (lower-case hex)");
	sbuf_free(&b);
	return rc;
}

int evidence_checkpoint_verify(const netra_evidence_checkpoint *cp)
{
	struct sbuf b = SBUF_INIT;
	int rc;

	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	if (evidence_checkpoint_text(&b, cp))
		return err_oom();
	rc = crypto_sign_verify_detached(cp->signature, (const uint8_t *)b.data,
	                                 b.len, cp->pubkey);
	sbuf_free(&b);
	if (rc)
		return err_set(NETRA_ETAMPER,
		               "checkpoint of %" PRIu64
		               " leaves: bad signature",
		               cp->tree_size);
	return 0;
}

/* Fills cp from the current row of q (id, tree_size, root, created_at,
 * pubkey, signature). */
static int row_to_checkpoint(netra_evidence_checkpoint *cp, store_stmt *q)
{
	const void *root, *pk, *sig;
	size_t rl, pl, sl;

	cp->id = store_column_int64(q, 0);
	cp->tree_size = (uint64_t)store_column_int64(q, 1);
	root = store_column_blob(q, 2, &rl);
	cp->created_at = store_column_int64(q, 3);
	pk = store_column_blob(q, 4, &pl);
	sig = store_column_blob(q, 5, &sl);
	if (rl != 32 || pl != 32 || sl != 64)
		return err_set(NETRA_ETAMPER, "checkpoint %lld: malformed row",
		               (long long)cp->id);
	memcpy(cp->root, root, 32);
	memcpy(cp->pubkey, pk, 32);
	memcpy(cp->signature, sig, 64);
	return 0;
}

int evidence_checkpoint_latest(netra_evidence_checkpoint *out, netra_store *st,
                               uint64_t min_size)
{
	store_stmt *q = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_prepare(&q, st,
	                   "SELECT id, tree_size, root, created_at, "
	                   "pubkey, signature FROM evidence_checkpoints "
	                   "WHERE tree_size >= ? ORDER BY tree_size DESC, "
	                   "id DESC LIMIT 1");
	if (!rc)
		rc = store_bind_int64(q, 1, (int64_t)min_size);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND,
		             "no checkpoint covers %" PRIu64 " leaves",
		             min_size);
	if (rc == STORE_ROW)
		rc = row_to_checkpoint(out, q);
	store_finalize(q);
	return rc;
}

static int checkpoint_insert(netra_store *st, netra_evidence_checkpoint *cp)
{
	store_stmt *q = NULL;
	int rc;

	rc = store_prepare(&q, st,
	                   "INSERT INTO evidence_checkpoints "
	                   "(tree_size, root, created_at, pubkey, signature) "
	                   "VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!rc)
		rc = store_bind_int64(q, 1, (int64_t)cp->tree_size);
	if (!rc)
		rc = store_bind_blob(q, 2, cp->root, 32);
	if (!rc)
		rc = store_bind_int64(q, 3, cp->created_at);
	if (!rc)
		rc = store_bind_blob(q, 4, cp->pubkey, 32);
	if (!rc)
		rc = store_bind_blob(q, 5, cp->signature, 64);
	if (!rc && (rc = store_step(q)) == STORE_ROW) {
		cp->id = store_column_int64(q, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(NETRA_EIO, "checkpoint insert returned no id");
	}
	store_finalize(q);
	return rc;
}

/* Signs the head (size, root) with sk and stores it. */
static int sign_head(netra_evidence_checkpoint *cp, netra_store *st,
                     const uint8_t pk[32], const uint8_t sk[64])
{
	struct sbuf b = SBUF_INIT;

	cp->created_at = (int64_t)time(NULL);
	memcpy(cp->pubkey, pk, 32);
	if (evidence_checkpoint_text(&b, cp))
		return err_oom();
	crypto_sign_detached(cp->signature, NULL, (const uint8_t *)b.data,
	                     b.len, sk);
	sbuf_free(&b);
	return checkpoint_insert(st, cp);
}

int netra_evidence_append_pending(netra_store *st)
{
	return evidence_append_pending(st);
}

int netra_evidence_make_checkpoint(netra_evidence_checkpoint *out,
                                   netra_store *st, const char *key_path)
{
	uint8_t pk[32], sk[64];
	uint64_t size;
	int rc, created, began = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = netra_evidence_init(st, key_path, &created)) ||
	    (rc = evidence_key_load(pk, sk, key_path)))
		goto done;
	if ((rc = store_begin(st)))
		goto done;
	began = 1;
	if ((rc = evidence_append_pending(st)) ||
	    (rc = evidence_tree_head(st, &size, out->root)))
		goto done;
	rc = evidence_checkpoint_latest(out, st, size);
	if (rc == 0 && out->tree_size == size &&
	    memcmp(out->pubkey, pk, 32) == 0)
		goto done; /* the newest checkpoint is the head already */
	if (rc && rc != NETRA_ENOTFOUND)
		goto done;
	memset(out, 0, sizeof(*out));
	out->tree_size = size;
	if ((rc = evidence_tree_head(st, &size, out->root)))
		goto done;
	rc = sign_head(out, st, pk, sk);
done:
	sodium_memzero(sk, sizeof(sk));
	if (began) {
		if (rc)
			store_rollback(st);
		else
			rc = store_commit(st);
	}
	return rc;
}
