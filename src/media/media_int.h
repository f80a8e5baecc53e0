/*
 * media/media_int.h - what the media layer's files share: decoding with
 * leptonica behind the size checks, the perceptual hash of a decoded
 * picture, the download of one URL, and hex.
 */
#ifndef NETRA_MEDIA_INT_H
#define NETRA_MEDIA_INT_H

#include <stddef.h>
#include <stdint.h>

#include <leptonica/allheaders.h>

#include "netra/media.h"
#include "util/sbuf.h"

/* Decodes the image p[0..n) after sniffing it and checking its header
 * against NETRA_IMAGE_MAX_SIDE / _PIXELS: 0 and *out (pixDestroy it),
 * or NETRA_EINVALID with the reason set. *type gets the sniffed type. */
int media_decode(PIX **out, netra_image_type *type, const void *p, size_t n);

/* The 64-bit DCT pHash of a decoded picture (any depth). 0 and *out, or
 * a negative code. */
int media_phash(uint64_t *out, PIX *pix);

/* OCR of a decoded picture (netra_ocr_image without the decoding). */
int media_ocr_pix(char **out, netra_ocr *o, PIX *pix);

/* Lower-case hex SHA-256 of p[0..n) into out (65 bytes). */
void media_sha256_hex(char out[65], const void *p, size_t n);

/* Limits of one download. */
struct media_limits {
	size_t max_bytes;
	long timeout;      /* seconds, whole transfer */
	int allow_private; /* loopback/private/link-local addresses allowed */
};

/* Downloads url (http or https only; at most 3 redirects, each to http
 * or https) into body: 0, or NETRA_EINVALID with the reason set (HTTP
 * status, too large, timeout, refused address, ...). *again is set to 1
 * when the refusal is transient (a timeout, no connection, HTTP 408, 429
 * or 5xx: worth another attempt later), else 0. */
int media_download(struct sbuf *body, int *again, const char *url,
                   const struct media_limits *lim);

/* Stores the image p[0..n) under sha (hex) once; *added 1 when it was
 * new. Inside the caller's transaction. */
int media_blob_put(int *added, netra_store *st, const char *sha,
                   const void *p, size_t n, const netra_image_info *info,
                   int64_t now);

/* Silences leptonica's messages on stderr (once per process). */
void media_lept_quiet(void);

#endif
