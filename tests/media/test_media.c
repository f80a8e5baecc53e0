/*
 * tests/media/test_media.c - the image layer (src/media/): type sniffing
 * by magic bytes, the decode limits, the perceptual hash under crops,
 * scaling and recompression (against an unrelated picture), and OCR of
 * two fictional posters (tests/media/fixtures/, made by
 * tests/media/poster.py; one turned by 6 degrees) with Tesseract's
 * Indonesian model; what scan waits for: ingest's test of a raw record
 * for images (media_raw_may_have) agrees with MEDIA_RAW_MAY_HAVE's SQL,
 * and the grace's cutoff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "media/event.h"
#include "netra/media.h"
#include "store/store.h"
#include "util/file.h"

static void test_sniff(void **state)
{
	static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0};
	static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0";
	(void)state;
	assert_int_equal(netra_image_sniff(jpeg, sizeof(jpeg)), NETRA_IMG_JPEG);
	assert_int_equal(netra_image_sniff(png, 8), NETRA_IMG_PNG);
	assert_int_equal(netra_image_sniff("GIF89a..", 8), NETRA_IMG_GIF);
	assert_int_equal(netra_image_sniff("GIF87a", 6), NETRA_IMG_GIF);
	assert_int_equal(netra_image_sniff("RIFF\1\0\0\0WEBPVP8 ", 16),
	                 NETRA_IMG_WEBP);
	/* names and near misses are not images */
	assert_int_equal(netra_image_sniff(png, 7), NETRA_IMG_NONE);
	assert_int_equal(netra_image_sniff("RIFF\1\0\0\0WAVE", 12),
	                 NETRA_IMG_NONE);
	assert_int_equal(netra_image_sniff("<html><img src=x.jpg>", 21),
	                 NETRA_IMG_NONE);
	assert_int_equal(netra_image_sniff("\x7f" "ELF", 4), NETRA_IMG_NONE);
	assert_int_equal(netra_image_sniff(NULL, 0), NETRA_IMG_NONE);
	assert_string_equal(netra_image_mime(NETRA_IMG_WEBP), "image/webp");
}

/* A 320x240 colour picture of smooth random fields, seeded. */
static PIX *picture(unsigned seed)
{
	PIX *p = pixCreate(320, 240, 32);
	double cx[6], cy[6], cr[6], cg[6], cb[6];
	int x, y, i;

	srand(seed);
	for (i = 0; i < 6; i++) {
		cx[i] = rand() % 320;
		cy[i] = rand() % 240;
		cr[i] = rand() % 256;
		cg[i] = rand() % 256;
		cb[i] = rand() % 256;
	}
	for (y = 0; y < 240; y++)
		for (x = 0; x < 320; x++) {
			double w, sw = 0, r = 0, g = 0, b = 0;
			l_uint32 v;
			for (i = 0; i < 6; i++) {
				double dx = x - cx[i], dy = y - cy[i];
				w = 1.0 / (1.0 + (dx * dx + dy * dy) / 900.0);
				sw += w;
				r += w * cr[i];
				g += w * cg[i];
				b += w * cb[i];
			}
			composeRGBPixel((int)(r / sw), (int)(g / sw),
			                (int)(b / sw), &v);
			pixSetPixel(p, x, y, v);
		}
	return p;
}

static uint64_t hash_of(PIX *p, int quality)
{
	netra_image_info info;
	l_uint8 *data = NULL;
	size_t n = 0;

	assert_int_equal(pixWriteMemJpeg(&data, &n, p, quality, 0), 0);
	assert_int_equal(netra_image_inspect(&info, data, n), 0);
	assert_int_equal(info.type, NETRA_IMG_JPEG);
	lept_free(data);
	return info.phash;
}

static void test_phash(void **state)
{
	PIX *a = picture(1), *b = picture(2), *crop, *small;
	BOX *box = boxCreate(12, 9, 296, 222); /* about 4% off each side */
	uint64_t h, hq, hc, hs, hb;

	(void)state;
	h = hash_of(a, 95);
	hq = hash_of(a, 30);
	crop = pixClipRectangle(a, box, NULL);
	hc = hash_of(crop, 70);
	small = pixScale(a, 0.5f, 0.5f);
	hs = hash_of(small, 60);
	hb = hash_of(b, 95);
	assert_int_equal(netra_phash_distance(h, h), 0);
	assert_true(netra_phash_distance(h, hq) <= 4);
	assert_true(netra_phash_distance(h, hs) <= 4);
	assert_true(netra_phash_distance(h, hc) <= NETRA_PHASH_MATCH);
	assert_true(netra_phash_distance(h, hb) > NETRA_PHASH_MATCH + 6);
	assert_int_equal(netra_phash_distance(0, ~(uint64_t)0), 64);
	boxDestroy(&box);
	pixDestroy(&a);
	pixDestroy(&b);
	pixDestroy(&crop);
	pixDestroy(&small);
}

static void test_limits(void **state)
{
	netra_image_info info;
	/* a PNG header claiming 20000 x 20000 pixels: refused before any
	 * decoding allocates for it */
	static const unsigned char big[] =
	    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0N \0\0N \x08\x02\0\0\0"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
	(void)state;
	assert_int_equal(netra_image_inspect(&info, big, sizeof(big) - 1),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "larger than the limit"));
	assert_int_equal(netra_image_inspect(&info, "GIF89a", 6),
	                 NETRA_EINVALID);
	assert_int_equal(netra_image_inspect(&info, "hello", 5),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "not an image"));
}

static char *fixture(size_t *n, const char *name)
{
	char path[4096], *data = NULL;
	const char *src = getenv("NETRA_SRC");

	snprintf(path, sizeof(path), "%s/tests/media/fixtures/%s",
	         src ? src : "..", name);
	assert_int_equal(util_read_file(&data, n, path, 1 << 20), 0);
	return data;
}

static void test_ocr_poster(void **state)
{
	char *data, *text = NULL;
	netra_ocr *o = NULL;
	size_t n;

	(void)state;
	data = fixture(&n, "poster.jpg");
	assert_int_equal(netra_ocr_new(&o, "ind"), 0);
	assert_non_null(strstr(netra_ocr_engine(o), "tesseract"));
	assert_int_equal(netra_ocr_image(&text, o, data, n), 0);
	assert_non_null(strstr(text, "NOMOR 2"));
	assert_non_null(strstr(text, "Tirtamaya"));
	free(text);
	assert_int_equal(netra_ocr_image(&text, o, "not an image", 12),
	                 NETRA_EINVALID);
	assert_null(text);
	netra_ocr_free(o);
	assert_int_equal(netra_ocr_new(&o, "xx-no-such"), NETRA_ERROR);
	assert_null(o);
	free(data);
}

/* A poster turned by 6 degrees (three lines on bands, poster.py --set
 * seed 7 #25): turned upright before OCR. leptonica's pixDeskew judged
 * its skew too uncertain and left it, and Tesseract read nothing. */
static void test_ocr_rotated(void **state)
{
	char *data, *text = NULL;
	netra_ocr *o = NULL;
	size_t n;

	(void)state;
	data = fixture(&n, "poster_rot6.jpg");
	assert_int_equal(netra_ocr_new(&o, NULL), 0);
	assert_int_equal(netra_ocr_image(&text, o, data, n), 0);
	assert_non_null(strstr(text, "PILIH NOMOR 1"));
	assert_non_null(strstr(text, "Kerja Nyata"));
	free(text);
	netra_ocr_free(o);
	free(data);
}

/* Raw records: with images (each platform field netra derives media[]
 * from), without, and near misses. */
static const char *const raws[] = {
	"{\"media\":[{\"url\":\"https://a.example/1.jpg\"}]}",
	"{\"data\":{\"id\":\"1\"},\"includes\":{\"media\":[]}}",
	"{\"attachments\":{\"media_keys\":[\"3_1\"]}}",
	"{\"media_url\":\"https://a.example/2.jpg\"}",
	"{\"full_picture\":\"https://a.example/3.jpg\"}",
	"{\"cover_image_url\":\"https://a.example/4.jpg\"}",
	"{\"thumbnail\":\"https://a.example/5.jpg\"}",
	"{\"thumbnails\":[{\"url\":\"https://a.example/6.jpg\"}]}",
	"{\"display_url\":\"https://a.example/7.jpg\"}",
	"{\"text\":\"Selamat pagi\"}",
	"{\"text\":\"media sosial\",\"url\":\"https://a.example/p\"}",
	"{\"cover_image\":\"x\",\"picture\":\"y\"}",
};

/* media_raw_may_have(), which ingest asks before it adds an event to
 * media_pending, says what MEDIA_RAW_MAY_HAVE says in SQL of each raw. */
static void test_raw_may_have(void **state)
{
	netra_store *st = NULL;
	store_stmt *s = NULL;
	size_t i, n = 0;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	assert_int_equal(store_prepare(&s, st,
	                               "SELECT CASE WHEN " MEDIA_RAW_MAY_HAVE
	                               " THEN 1 ELSE 0 END FROM (SELECT ? AS "
	                               "raw) e"),
	                 0);
	for (i = 0; i < sizeof(raws) / sizeof(raws[0]); i++) {
		int c = media_raw_may_have(raws[i], strlen(raws[i]));
		assert_int_equal(store_bind_text(s, 1, raws[i], (size_t)-1), 0);
		assert_int_equal(store_step(s), STORE_ROW);
		if (store_column_int64(s, 0) != c)
			fail_msg("%s: SQL %lld, C %d", raws[i],
			         (long long)store_column_int64(s, 0), c);
		store_reset(s);
		n += (size_t)c;
	}
	store_finalize(s);
	netra_store_close(st);
	/* the first nine raws, and the text that begins with "media (the
	 * patterns only widen: fetch finds no URL in it and finishes it) */
	assert_int_equal(n, 10);
	assert_int_equal(media_raw_may_have("{\"med", 5), 0);
	assert_int_equal(media_raw_may_have("{\"MEDIA\":1}", 11), 1);
}

static void test_wait_cutoff(void **state)
{
	(void)state;
	assert_true(media_wait_cutoff(100000, 0) == 100000 - NETRA_MEDIA_GRACE);
	assert_true(media_wait_cutoff(100000, 60) == 100000 - 60);
	assert_true(media_wait_cutoff(100000, -1) == INT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_phash),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_ocr_poster),
	    cmocka_unit_test(test_ocr_rotated),
	    cmocka_unit_test(test_raw_may_have),
	    cmocka_unit_test(test_wait_cutoff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
