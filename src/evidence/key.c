/*
 * evidence/key.c - the Ed25519 signing key of the evidence log: made once
 * (`netra evidence init`, or lazily at the first checkpoint), the secret
 * seed kept in a file beside the store (mode 0600), the public key in the
 * store's meta table. Also the small hex and file helpers of the module.
 *
 * The key file is written atomically: a temporary file in the same
 * directory (mode 0600), fsync, link(2) to the final name (which never
 * replaces an existing key), unlink of the temporary name, fsync of the
 * directory. A full disk or a crash leaves either no key or a whole one,
 * never a truncated file that later runs would call "not a netra
 * evidence key".
 *
 * KEY FILE (ASCII)
 *
 *   Line  Content
 *   1     "netra-evidence-key/v1"
 *   2     64 hex digits: the 32-byte Ed25519 seed (libsodium
 *         crypto_sign_seed_keypair derives the key pair from it)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "store/store.h"
#include "util/error.h"
#include "util/file.h"

#define KEY_MAGIC "netra-evidence-key/v1\n"

void evidence_hex(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1; /* lower case only: one spelling per value */
}

int evidence_unhex(uint8_t *out, size_t n, const char *s, size_t len)
{
	size_t i;
	int hi, lo;

	if (len != 2 * n)
		return err_set(NETRA_EINVALID,
		               "expected %zu hex digits, got "
		               "%zu characters",
		               2 * n, len);
	for (i = 0; i < n; i++) {
		hi = hexval(s[2 * i]);
		lo = hexval(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return err_set(NETRA_EINVALID,
			               "not a hex digit at "
			               "position %zu",
			               2 * i + (hi < 0 ? 0 : 1));
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int netra_evidence_parse_pubkey(uint8_t out[32], const char *text)
{
	char low[64];
	size_t len = strlen(text), i;

	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' ||
	               text[len - 1] == ' '))
		len--;
	if (len != sizeof(low))
		return err_set(NETRA_EINVALID, "public key: expected 64 hex "
		                               "digits");
	for (i = 0; i < len; i++)
		low[i] = (text[i] >= 'A' && text[i] <= 'F')
		             ? (char)(text[i] - 'A' + 'a')
		             : text[i];
	if (evidence_unhex(out, 32, low, len))
		return err_wrap(NETRA_EINVALID, "public key");
	return 0;
}


/* Writes p[0..n) to fd and fsyncs it; path names it in messages. */
static int write_all(int fd, const char *path, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return err_set(NETRA_EIO, "%s: %s", path,
			               w ? strerror(errno) : "short write");
		c += w;
		n -= (size_t)w;
	}
	if (fsync(fd))
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

int evidence_write_file(const char *path, const void *p, size_t n,
                        unsigned mode)
{
	int fd, rc;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	          (mode_t)mode);
	if (fd < 0)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	/* The mode exactly, whatever the umask. */
	rc = fchmod(fd, (mode_t)mode)
	         ? err_set(NETRA_EIO, "%s: %s", path, strerror(errno))
	         : write_all(fd, path, p, n);
	if (close(fd) && !rc)
		rc = err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	return rc;
}

/* fsyncs the directory holding path, so a new name in it is durable. */
static int sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc = 0;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
		         (int)(slash == path ? 1 : slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		rc = err_set(NETRA_EIO, "%s: %s", dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int evidence_write_file_atomic(const char *path, const void *p, size_t n)
{
	char tmp[PATH_MAX];
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >=
	    (int)sizeof(tmp))
		return err_set(NETRA_EINVALID, "%s: path too long", path);
	fd = mkstemp(tmp); /* mode 0600, O_EXCL, same directory */
	if (fd < 0)
		return err_set(NETRA_EIO, "%s: %s", tmp, strerror(errno));
	rc = fchmod(fd, 0600) ? err_set(NETRA_EIO, "%s: %s", tmp,
	                                strerror(errno))
	                      : write_all(fd, tmp, p, n);
	if (close(fd) && !rc)
		rc = err_set(NETRA_EIO, "%s: %s", tmp, strerror(errno));
	/* link(2), unlike rename(2), never replaces an existing file: a key
	 * made meanwhile by another process is kept, ours dropped. */
	if (!rc && link(tmp, path))
		rc = err_set(errno == EEXIST ? NETRA_EEXISTS : NETRA_EIO,
		             "%s: %s", path, strerror(errno));
	unlink(tmp);
	if (!rc)
		rc = sync_dir_of(path);
	return rc;
}

int netra_evidence_key_path(char **out, const char *location)
{
	struct sbuf b = SBUF_INIT;

	*out = NULL;
	if (!strncmp(location, "postgres://", 11) ||
	    !strncmp(location, "postgresql://", 13))
		return err_set(NETRA_EINVALID,
		               "a postgres store has no key "
		               "file beside it: give --key-file or "
		               "$NETRA_EVIDENCE_KEY");
	if (sbuf_puts(&b, location) || sbuf_puts(&b, ".evidence.key")) {
		sbuf_free(&b);
		return err_oom();
	}
	*out = sbuf_detach(&b);
	return *out ? 0 : err_oom();
}

/* Device and inode of the directory holding path; -1 if it cannot be
 * read. */
static int dir_id(const char *path, dev_t *dev, ino_t *ino)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat sb;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
		         (int)(slash == path ? 1 : slash - path), path);
	if (stat(dir, &sb))
		return -1;
	*dev = sb.st_dev;
	*ino = sb.st_ino;
	return 0;
}

int netra_evidence_key_beside_store(const char *key_path,
                                    const char *location)
{
	dev_t kd, sd;
	ino_t ki, si;

	if (!strncmp(location, "postgres://", 11) ||
	    !strncmp(location, "postgresql://", 13))
		return 0;
	return dir_id(key_path, &kd, &ki) == 0 &&
	       dir_id(location, &sd, &si) == 0 && kd == sd && ki == si;
}

int evidence_key_load(uint8_t pk[32], uint8_t sk[64], const char *key_path)
{
	uint8_t seed[32];
	struct stat sb;
	char *text = NULL;
	size_t len, ml = strlen(KEY_MAGIC);
	int rc;

	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	if (stat(key_path, &sb) == 0 && (sb.st_mode & 077))
		return err_set(NETRA_EDENIED,
		               "%s: evidence key is readable "
		               "by others (chmod 600 it)",
		               key_path);
	if ((rc = util_read_file(&text, &len, key_path, 4096)))
		return rc;
	while (len > ml && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	if (len < ml || memcmp(text, KEY_MAGIC, ml) != 0 ||
	    evidence_unhex(seed, 32, text + ml, len - ml)) {
		rc = err_set(NETRA_EINVALID, "%s: not a netra evidence key",
		             key_path);
		goto done;
	}
	crypto_sign_seed_keypair(pk, sk, seed);
done:
	sodium_memzero(seed, sizeof(seed));
	if (text)
		sodium_memzero(text, len);
	free(text);
	return rc;
}

static int key_create(uint8_t pk[32], const char *key_path)
{
	uint8_t seed[32], sk[64];
	char text[sizeof(KEY_MAGIC) + 66];
	int rc;

	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	memcpy(text, KEY_MAGIC, strlen(KEY_MAGIC));
	evidence_hex(text + strlen(KEY_MAGIC), seed, 32);
	memcpy(text + strlen(KEY_MAGIC) + 64, "\n", 2);
	rc = evidence_write_file_atomic(key_path, text, strlen(text));
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(text, sizeof(text));
	if (rc)
		err_wrap(rc, "creating the evidence key");
	return rc;
}

int evidence_store_pubkey(netra_store *st, uint8_t pk[32])
{
	store_stmt *q = NULL;
	const char *v;
	size_t len;
	int rc;

	rc = store_prepare(&q, st, "SELECT value FROM meta WHERE key = ?");
	if (!rc)
		rc = store_bind_text(q, 1, EVIDENCE_META_PUBKEY, (size_t)-1);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_DONE)
		rc =
		    err_set(NETRA_ENOTFOUND, "the store has no evidence key "
		                             "yet (run `netra evidence init`)");
	if (rc == STORE_ROW) {
		v = store_column_text(q, 0, &len);
		rc = evidence_unhex(pk, 32, v, len);
		if (rc)
			rc = err_wrap(NETRA_ETAMPER, "stored evidence pubkey");
	}
	store_finalize(q);
	return rc;
}

static int store_set_pubkey(netra_store *st, const uint8_t pk[32])
{
	char hex[65];
	store_stmt *q = NULL;
	int rc;

	evidence_hex(hex, pk, 32);
	rc = store_prepare(&q, st,
	                   "INSERT INTO meta (key, value) VALUES "
	                   "(?, ?) ON CONFLICT (key) DO NOTHING");
	if (!rc)
		rc = store_bind_text(q, 1, EVIDENCE_META_PUBKEY, (size_t)-1);
	if (!rc)
		rc = store_bind_text(q, 2, hex, 64);
	if (!rc && (rc = store_step(q)) > 0)
		rc = 0;
	store_finalize(q);
	return rc;
}

int netra_evidence_init(netra_store *st, const char *key_path, int *created)
{
	uint8_t stored[32], pk[32], sk[64];
	int rc, have_stored;

	*created = 0;
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	rc = evidence_store_pubkey(st, stored);
	if (rc && rc != NETRA_ENOTFOUND)
		return rc;
	have_stored = rc == 0;
	rc = evidence_key_load(pk, sk, key_path);
	sodium_memzero(sk, sizeof(sk));
	if (rc == NETRA_ENOTFOUND && have_stored)
		return err_set(NETRA_ENOTFOUND,
		               "%s: the store's evidence key "
		               "is missing (restore it, or give --key-file)",
		               key_path);
	if (rc == NETRA_ENOTFOUND) {
		if ((rc = key_create(pk, key_path)))
			return rc;
		*created = 1;
	} else if (rc) {
		return rc;
	}
	if (have_stored && sodium_memcmp(stored, pk, 32) != 0)
		return err_set(NETRA_ESTATE,
		               "%s: this key is not the store's "
		               "evidence key",
		               key_path);
	if (!have_stored && (rc = store_set_pubkey(st, pk)))
		return rc;
	return 0;
}

int netra_evidence_pubkey(char out[NETRA_EVIDENCE_PUBKEY_HEX], netra_store *st)
{
	uint8_t pk[32];
	int rc;

	out[0] = '\0';
	rc = evidence_store_pubkey(st, pk);
	if (!rc)
		evidence_hex(out, pk, 32);
	return rc;
}
