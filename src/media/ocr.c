/*
 * media/ocr.c - text read off an image with Tesseract's C API
 * (netra/media.h). One handle per thread: Tesseract's TessBaseAPI is not
 * safe to share. The image is decoded by leptonica (media_decode, behind
 * the size checks), converted to 8-bit grayscale and, when small, scaled
 * up so that poster lettering reaches the x-height the LSTM model reads
 * best, and deskewed (leptonica's skew sweep, up to 10 degrees);
 * Tesseract binarises it itself (Sauvola) and finds the text blocks (page
 * segmentation mode 3, automatic). Messages Tesseract prints are
 * sent to /dev/null.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

#include "media/media_int.h"
#include "util/error.h"

/* Pictures whose longer side is below this are scaled up (by 2 or 3). */
#define OCR_MIN_SIDE 1200

struct netra_ocr {
	TessBaseAPI *api;
	char engine[96];
};

int netra_ocr_new(netra_ocr **out, const char *lang)
{
	netra_ocr *o;

	*out = NULL;
	if (!lang)
		lang = "ind";
	media_lept_quiet();
	if (!(o = calloc(1, sizeof(*o))))
		return err_oom();
	o->api = TessBaseAPICreate();
	if (!o->api) {
		free(o);
		return err_oom();
	}
	TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(o->api, NULL, lang) != 0) {
		netra_ocr_free(o);
		return err_set(NETRA_ERROR,
		               "Tesseract cannot load language '%s' (install "
		               "Debian's tesseract-ocr-%s)",
		               lang, lang);
	}
	TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
	TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
	/* Sauvola's local threshold: poster lettering is light on dark
	 * bands and dark on light ones in one picture, where one global
	 * (Otsu) threshold loses one of them */
	TessBaseAPISetVariable(o->api, "thresholding_method", "2");
	snprintf(o->engine, sizeof(o->engine), "tesseract %s %s", TessVersion(),
	         lang);
	*out = o;
	return 0;
}

const char *netra_ocr_engine(const netra_ocr *o)
{
	return o->engine;
}

void netra_ocr_free(netra_ocr *o)
{
	if (!o)
		return;
	if (o->api) {
		TessBaseAPIEnd(o->api);
		TessBaseAPIDelete(o->api);
	}
	free(o);
}

/* gray turned upright when its text lines lean by 0.5 to 10 degrees,
 * or NULL to keep it. The skew is leptonica's (the sweep of line
 * projections on a 1-bit version); its confidence bar is lower than
 * pixDeskew's (3), which leaves a poster of two or three lines at 6
 * degrees unturned: turning a picture without lines a little does no
 * harm to its OCR. */
static PIX *deskew(PIX *gray)
{
	PIX *bin = pixConvertTo1(gray, 130), *out = NULL;
	l_float32 angle = 0, conf = 0;

	if (bin && pixFindSkewSweepAndSearch(bin, &angle, &conf, 4, 2, 10.0f,
	                                     1.0f, 0.01f) == 0 &&
	    conf >= 1.0f && (angle >= 0.5f || angle <= -0.5f))
		out = pixRotate(gray, 3.14159265f / 180.0f * angle,
		                L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
	pixDestroy(&bin);
	return out;
}

/* The grayscale picture Tesseract reads: 8 bpp, scaled up when small. */
static PIX *prepare(PIX *pix)
{
	PIX *gray = pixConvertTo8(pix, 0), *big, *d;
	int side, f;

	if (!gray)
		return NULL;
	if ((d = deskew(gray))) {
		pixDestroy(&gray);
		gray = d;
	}
	side = pixGetWidth(gray) > pixGetHeight(gray) ? pixGetWidth(gray)
	                                              : pixGetHeight(gray);
	if (side >= OCR_MIN_SIDE)
		return gray;
	f = side * 2 >= OCR_MIN_SIDE ? 2 : 3;
	big = pixScale(gray, (l_float32)f, (l_float32)f);
	pixDestroy(&gray);
	return big;
}

/* Drops trailing white space and form feeds, in place. */
static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\f' ||
	             s[n - 1] == '\r' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

int media_ocr_pix(char **out, netra_ocr *o, PIX *pix)
{
	PIX *in = NULL;
	char *text = NULL;
	int rc = 0;

	*out = NULL;
	if (!(in = prepare(pix)))
		return err_set(NETRA_EINVALID, "image could not be converted "
		                               "for OCR");
	TessBaseAPISetImage2(o->api, in);
	TessBaseAPISetSourceResolution(o->api, 300);
	text = TessBaseAPIGetUTF8Text(o->api);
	if (!text) {
		rc = err_set(NETRA_ERROR, "Tesseract read no text (recognition "
		                          "failed)");
		goto done;
	}
	trim_end(text);
	if (!(*out = strdup(text)))
		rc = err_oom();
done:
	if (text)
		TessDeleteText(text);
	TessBaseAPIClear(o->api);
	pixDestroy(&in);
	return rc;
}

int netra_ocr_image(char **out, netra_ocr *o, const void *p, size_t n)
{
	netra_image_type type;
	PIX *pix = NULL;
	int rc;

	*out = NULL;
	if ((rc = media_decode(&pix, &type, p, n)))
		return rc;
	rc = media_ocr_pix(out, o, pix);
	pixDestroy(&pix);
	return rc;
}
