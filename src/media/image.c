/*
 * media/image.c - decoding an image with leptonica behind size checks,
 * and its perceptual hash (netra/media.h, docs/media.md).
 *
 * PERCEPTUAL HASH: the DCT pHash of Zauner (2010), as the imagehash and
 * pHash libraries compute it: the picture in 8-bit grayscale (leptonica's
 * pixConvertTo8), scaled to 32x32 with area averaging, its 2-D DCT-II,
 * the 8x8 lowest frequencies (DC included, row-major), and one bit per
 * coefficient: 1 when it is above the median of the 64. Bit i of the
 * result is coefficient i (bit 0 the DC term). Recompression, scaling and
 * light crops move a few bits; another picture differs in about half.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "media/media_int.h"
#include "util/error.h"

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

void media_lept_quiet(void)
{
	pthread_once(&quiet_once, quiet);
}

void media_sha256_hex(char out[65], const void *p, size_t n)
{
	unsigned char h[32];
	size_t i;

	crypto_hash_sha256(h, p, n);
	for (i = 0; i < 32; i++) {
		out[2 * i] = "0123456789abcdef"[h[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[h[i] & 15];
	}
	out[64] = '\0';
}

int media_decode(PIX **out, netra_image_type *type, const void *p, size_t n)
{
	l_int32 fmt = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
	PIX *pix;

	*out = NULL;
	media_lept_quiet();
	*type = netra_image_sniff(p, n);
	if (*type == NETRA_IMG_NONE)
		return err_set(NETRA_EINVALID,
		               "not an image (JPEG, PNG, GIF or WebP) by its "
		               "first bytes");
	if (pixReadHeaderMem(p, n, &fmt, &w, &h, &bps, &spp, &cmap) != 0)
		return err_set(NETRA_EINVALID, "%s with an unreadable header",
		               netra_image_mime(*type));
	if (w <= 0 || h <= 0 || w > NETRA_IMAGE_MAX_SIDE ||
	    h > NETRA_IMAGE_MAX_SIDE ||
	    (uint64_t)w * (uint64_t)h > NETRA_IMAGE_MAX_PIXELS)
		return err_set(NETRA_EINVALID,
		               "%s of %dx%d pixels: larger than the limit of "
		               "%dx%d and %u pixels",
		               netra_image_mime(*type), (int)w, (int)h,
		               NETRA_IMAGE_MAX_SIDE, NETRA_IMAGE_MAX_SIDE,
		               NETRA_IMAGE_MAX_PIXELS);
	pix = pixReadMem(p, n);
	if (!pix)
		return err_set(NETRA_EINVALID, "%s that does not decode",
		               netra_image_mime(*type));
	*out = pix;
	return 0;
}

/* 1-D DCT-II of n = 32 values, unnormalised (the scale does not change
 * which coefficients are above the median). */
static void dct32(double *out, const double *in, const double *cosines)
{
	int k, i;

	for (k = 0; k < 32; k++) {
		double s = 0;
		for (i = 0; i < 32; i++)
			s += in[i] * cosines[k * 32 + i];
		out[k] = s;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int media_phash(uint64_t *out, PIX *pix)
{
	double cosines[32 * 32], g[32][32], rows[32][32], col[32], tmp[32], low[64], sorted[64];
	PIX *gray = NULL, *small = NULL;
	l_uint32 v;
	uint64_t bits = 0;
	double median;
	int x, y, rc = 0;

	*out = 0;
	for (y = 0; y < 32; y++)
		for (x = 0; x < 32; x++)
			cosines[y * 32 + x] =
			    cos(M_PI / 32.0 * (x + 0.5) * y);
	gray = pixConvertTo8(pix, 0);
	small = gray ? pixScaleToSize(gray, 32, 32) : NULL;
	if (small && pixGetDepth(small) != 8) {
		PIX *t = pixConvertTo8(small, 0);
		pixDestroy(&small);
		small = t;
	}
	if (!small) {
		rc = err_set(NETRA_EINVALID, "image could not be scaled for "
		                             "its perceptual hash");
		goto done;
	}
	for (y = 0; y < 32; y++)
		for (x = 0; x < 32; x++) {
			pixGetPixel(small, x, y, &v);
			g[y][x] = (double)v;
		}
	for (y = 0; y < 32; y++)
		dct32(rows[y], g[y], cosines);
	for (x = 0; x < 8; x++) {
		for (y = 0; y < 32; y++)
			col[y] = rows[y][x];
		dct32(tmp, col, cosines);
		for (y = 0; y < 8; y++)
			low[y * 8 + x] = tmp[y];
	}
	memcpy(sorted, low, sizeof(low));
	qsort(sorted, 64, sizeof(double), cmp_double);
	median = (sorted[31] + sorted[32]) / 2;
	for (x = 0; x < 64; x++)
		if (low[x] > median)
			bits |= (uint64_t)1 << x;
	*out = bits;
done:
	pixDestroy(&gray);
	pixDestroy(&small);
	return rc;
}

int netra_phash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}

int netra_image_inspect(netra_image_info *out, const void *p, size_t n)
{
	PIX *pix = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = media_decode(&pix, &out->type, p, n)))
		return rc;
	out->width = pixGetWidth(pix);
	out->height = pixGetHeight(pix);
	rc = media_phash(&out->phash, pix);
	pixDestroy(&pix);
	return rc;
}
