/*
 * netra/media.h - images attached to events (issue 10, "Images";
 * docs/media.md): fetching them with size, time and type limits, storing
 * them by SHA-256 once, reading their text with Tesseract (OCR), and
 * recognising re-posts of official campaign images by a perceptual hash.
 *
 * The type of an image is decided by its first bytes (JPEG, PNG, GIF,
 * WebP), never by a file name or a Content-Type header. Decoding is
 * leptonica's, after its header says the image is not too large.
 *
 * What is fetched and read is evidence: each media[k] fetched (or failed)
 * and each OCR text enters the evidence log (kinds 5 and 4,
 * src/evidence/ledger.h). The event as received is never changed: its
 * OCR text lives beside it, keyed by the image's SHA-256, and scan hands
 * it to the judge as media[k].ocr_text.
 */
#ifndef NETRA_MEDIA_H
#define NETRA_MEDIA_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	NETRA_IMG_NONE = 0, /* not an image netra accepts */
	NETRA_IMG_JPEG,
	NETRA_IMG_PNG,
	NETRA_IMG_GIF,
	NETRA_IMG_WEBP
} netra_image_type;

/* The type of the image p[0..n) by its magic bytes; NETRA_IMG_NONE when
 * it is none of the four. */
netra_image_type netra_image_sniff(const void *p, size_t n);

/* "image/jpeg", ...; "application/octet-stream" for NETRA_IMG_NONE. */
const char *netra_image_mime(netra_image_type t);

/* Largest width and height, and pixel count, netra decodes. */
#define NETRA_IMAGE_MAX_SIDE   10000
#define NETRA_IMAGE_MAX_PIXELS (40u * 1000u * 1000u)

/* What one image is: its type, size in pixels and 64-bit perceptual hash
 * (DCT pHash over leptonica's grayscale, docs/media.md). */
typedef struct {
	netra_image_type type;
	int width, height;
	uint64_t phash;
} netra_image_info;

/* Sniffs and decodes p[0..n): 0 and *out; NETRA_EINVALID with the
 * reason when it is no accepted image, larger than the limits above, or
 * does not decode. */
int netra_image_inspect(netra_image_info *out, const void *p, size_t n);

/* Number of differing bits of two perceptual hashes (0..64). */
int netra_phash_distance(uint64_t a, uint64_t b);

/* Hashes at most this far apart are the same picture (of 64 bits). */
#define NETRA_PHASH_MATCH 10

/* ---- OCR ------------------------------------------------------------- */

/* One Tesseract handle: not shared between threads (one per thread). */
typedef struct netra_ocr netra_ocr;

/* Opens Tesseract with language lang ("ind" when NULL) from its default
 * tessdata. *out is freed with netra_ocr_free(). */
int netra_ocr_new(netra_ocr **out, const char *lang);

/* "tesseract VERSION LANG": what media_ocr.engine records. Owned by o. */
const char *netra_ocr_engine(const netra_ocr *o);

/* Reads the text of the image p[0..n) (any accepted type): *out is a
 * malloc'd UTF-8 string ("" when none was found), lines joined by "\n",
 * trailing blank lines removed. */
int netra_ocr_image(char **out, netra_ocr *o, const void *p, size_t n);

void netra_ocr_free(netra_ocr *o);

/* ---- fetching the media of stored events ------------------------------ */

typedef struct {
	size_t limit;        /* events to handle at most (0: all pending) */
	size_t max_bytes;    /* per image; 0: 8 MiB */
	long timeout;        /* seconds per download; 0: 30 */
	int lease_seconds;   /* claim of an event; 0: 300 */
	int no_ocr;          /* store the images, read no text */
	int allow_private;   /* allow loopback and private addresses (tests,
	                        an intranet mirror); refused by default */
	const char *lang;    /* OCR language; NULL: "ind" */
	/* When set (by a signal handler), the run stops after the event in
	 * hand and gives the events it claimed but did not start back;
	 * NULL: never. */
	volatile sig_atomic_t *stop;
} netra_media_fetch_opts;

typedef struct {
	size_t events;   /* events claimed and handled */
	size_t media;    /* media[k] entries seen */
	size_t fetched;  /* downloaded and accepted */
	size_t new_blobs; /* of which images not stored before */
	size_t failed;   /* refused for good (reason kept in event_media) */
	size_t retry;    /* refused for a transient reason (a timeout, a
	                    refused connection, HTTP 5xx or 429): fetched
	                    again later (NETRA_MEDIA_ATTEMPTS) */
	size_t ocr;      /* images read by OCR in this run */
	size_t known;    /* images within NETRA_PHASH_MATCH of a known one */
} netra_media_fetch_stats;

/*
 * For events of registered accounts whose media[] has URLs not yet
 * fetched: claims them (a lease per event, so several runs on any
 * machines share the work), downloads each media[k] over http(s) with
 * the limits in o, checks its type by content, stores it by SHA-256 once,
 * reads its text (unless o->no_ocr), and records media[k]'s outcome, each
 * event in one transaction with its evidence leaves. A refused image
 * (too large, not an image, a timeout, an HTTP error) is recorded with
 * its reason and counted in failed; it is not an error of the run.
 * Returns 0, or a negative code for a store or setup failure.
 */
int netra_media_fetch(netra_media_fetch_stats *out, netra_store *st,
                      const netra_media_fetch_opts *o);

/*
 * Retries. An image refused for a transient reason is not recorded yet:
 * its event stays pending (media_pending, migration 024) and is fetched
 * again after 1, 4, 16, 64 and 256 minutes (NETRA_MEDIA_RETRY_FIRST
 * seconds, times 4 each time); at the NETRA_MEDIA_ATTEMPTS-th pass the
 * refusal is recorded for good, with its reason and the attempts.
 */
#define NETRA_MEDIA_ATTEMPTS    6
#define NETRA_MEDIA_RETRY_FIRST 60

/* How long scan waits, by default, for the images of an event from its
 * ingest before it judges the event without them (docs/media.md). */
#define NETRA_MEDIA_GRACE 1800

/* A fetcher keeps its Tesseract handle between runs (`netra worker`'s
 * media job, round after round). o is copied; its strings and stop must
 * outlive the fetcher. Tesseract is opened at the first event to read. */
typedef struct netra_media_fetcher netra_media_fetcher;
int netra_media_fetcher_new(netra_media_fetcher **out, netra_store *st,
                            const netra_media_fetch_opts *o);
/* One run, as netra_media_fetch (stats of this run in *out). */
int netra_media_fetcher_run(netra_media_fetcher *f,
                            netra_media_fetch_stats *out);
void netra_media_fetcher_free(netra_media_fetcher *f);

/* ---- known campaign images ------------------------------------------- */

/* Stores the image p[0..n) (named label, e.g. its file name) as an
 * official image of pair `candidate`. 0 (also when it was known already:
 * *added is then 0), or NETRA_EINVALID when it is not an accepted image. */
int netra_known_image_add(int *added, netra_store *st, const void *p,
                          size_t n, int candidate, const char *label);

#ifdef __cplusplus
}
#endif
#endif
