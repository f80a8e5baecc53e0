/*
 * media/sniff.c - the type of an image by its first bytes (netra/media.h):
 * JPEG (FF D8 FF), PNG (the 8-byte signature), GIF (GIF87a/GIF89a), WebP
 * (RIFF....WEBP). A name or a Content-Type header is never consulted, so
 * a page that calls itself image/png, or an executable named poster.jpg,
 * is refused before any decoder sees it.
 */
#include <string.h>

#include "netra/media.h"

netra_image_type netra_image_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;

	if (!p)
		return NETRA_IMG_NONE;
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return NETRA_IMG_JPEG;
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return NETRA_IMG_PNG;
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 ||
	               memcmp(p, "GIF89a", 6) == 0))
		return NETRA_IMG_GIF;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return NETRA_IMG_WEBP;
	return NETRA_IMG_NONE;
}

const char *netra_image_mime(netra_image_type t)
{
	switch (t) {
	case NETRA_IMG_JPEG:
		return "image/jpeg";
	case NETRA_IMG_PNG:
		return "image/png";
	case NETRA_IMG_GIF:
		return "image/gif";
	case NETRA_IMG_WEBP:
		return "image/webp";
	default:
		return "application/octet-stream";
	}
}
