/*
 * fuzz/fuzz_bundle.c - feeds bytes to the evidence bundle verifier
 * (`netra evidence verify` reads bundles someone sent: outside input),
 * and to the checkpoint parser and the media extractor directly.
 *
 * Input: byte 0 is a mode; then the bundle's files in the order of
 * evidence_bundle_names() (manifest.json, manifest.sig, event.raw,
 * event.json, verdicts.json, proof.json, checkpoint.txt, pubkey.txt,
 * history.json),
 * each as a 4-byte big-endian length and its bytes; files past the end of
 * the input are missing. The key is fixed (Ed25519 seed 00 01 .. 1f), so
 * seeds in fuzz/corpus/bundle/ are bundles exported with it. Mode bit 0
 * re-signs manifest.json with that key before verifying, so mutated
 * manifests get past the signature to the parsing behind it; bit 1 first
 * rewrites the manifest's sizes and SHA-256s to match the files given, so
 * mutated event, proof, verdict, history and checkpoint files reach their
 * parsers. Seeds without history.json are bundles of format 1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "util/sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t pk[32], sk[64];

static void keys(void)
{
	uint8_t seed[32];
	int i;

	if (pk[0] || pk[1])
		return;
	if (sodium_init() < 0)
		abort();
	for (i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	crypto_sign_seed_keypair(pk, sk, seed);
}

/* Replaces files[1] (manifest.sig) with a fresh signature of files[0]. */
static void resign(struct evidence_file *f, char sig[130])
{
	struct sbuf t = SBUF_INIT;
	uint8_t s[64];

	if (!f[0].data)
		return;
	if (sbuf_puts(&t, EVIDENCE_BUNDLE_MAGIC) ||
	    sbuf_append(&t, f[0].data, f[0].len)) {
		sbuf_free(&t);
		return;
	}
	crypto_sign_detached(s, NULL, (const uint8_t *)t.data, t.len, sk);
	sbuf_free(&t);
	evidence_hex(sig, s, 64);
	sig[128] = '\n';
	f[1].data = sig;
	f[1].len = 129;
}

/* Sets each manifest entry's size and sha256 to those of the file it
 * names; the new manifest text goes to *text (freed by the caller). */
static void rehash(struct evidence_file *f, size_t n, char **text)
{
	json_t *m, *files, *e;
	const char *name;
	uint8_t h[32];
	char hex[65];
	size_t i, j;

	*text = NULL;
	if (!f[0].data)
		return;
	m = json_loadb(f[0].data, f[0].len, 0, NULL);
	files = json_object_get(m, "files");
	json_array_foreach(files, i, e)
	{
		name = json_string_value(json_object_get(e, "name"));
		for (j = 2; name && j < n; j++) {
			if (strcmp(name, f[j].name) || !f[j].data)
				continue;
			crypto_hash_sha256(h, (const uint8_t *)f[j].data,
			                   f[j].len);
			evidence_hex(hex, h, 32);
			json_object_set_new(e, "sha256", json_string(hex));
			json_object_set_new(e, "size",
			                    json_integer((json_int_t)f[j].len));
		}
	}
	if (m)
		*text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(m);
	if (*text) {
		f[0].data = *text;
		f[0].len = strlen(*text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *manifest = NULL;
	struct evidence_file f[9];
	netra_evidence_checkpoint cp;
	netra_evidence_result r;
	const char *const *names;
	char sig[130];
	json_t *media = NULL;
	size_t n, i, off = 1, len;
	uint8_t mode;

	keys();
	if (size < 1)
		return 0;
	mode = data[0];
	names = evidence_bundle_names(&n);
	if (n != 9)
		abort();
	for (i = 0; i < n; i++) {
		f[i].name = names[i];
		f[i].data = NULL;
		f[i].len = 0;
		if (size - off < 4)
			continue;
		len = (size_t)data[off] << 24 | (size_t)data[off + 1] << 16 |
		      (size_t)data[off + 2] << 8 | data[off + 3];
		off += 4;
		if (len > size - off)
			len = size - off;
		f[i].data = (const char *)data + off;
		f[i].len = len;
		off += len;
	}
	if (mode & 2)
		rehash(f, n, &manifest);
	if (mode & 3)
		resign(f, sig);
	(void)evidence_bundle_verify_files(&r, f, n, pk);
	if (r.valid && r.reason[0])
		abort(); /* a valid bundle has no failure reason */
	if (f[6].data)
		(void)evidence_checkpoint_parse(&cp, f[6].data, f[6].len);
	if (f[2].data &&
	    evidence_media_from_raw(&media, f[2].data, f[2].len) == 0)
		json_decref(media);
	free(manifest);
	return 0;
}
