/*
 * fuzz/fuzz_image.c - the entry point every image from outside goes
 * through (netra_image_inspect: sniffing by magic bytes, leptonica's
 * header read against the size limits, decoding, the perceptual hash).
 * Fetched media and campaign images are hostile bytes: whatever they are,
 * the answer is an image within the limits or NETRA_EINVALID, never a
 * crash or a read past the input.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

#include "netra/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	netra_image_info info;
	netra_image_type t = netra_image_sniff(data, size);
	int rc = netra_image_inspect(&info, data, size);

	assert(rc == 0 || rc == NETRA_EINVALID || rc == NETRA_ENOMEM);
	if (rc == 0) {
		assert(t != NETRA_IMG_NONE && info.type == t);
		assert(info.width > 0 && info.width <= NETRA_IMAGE_MAX_SIDE);
		assert(info.height > 0 && info.height <= NETRA_IMAGE_MAX_SIDE);
	}
	return 0;
}
