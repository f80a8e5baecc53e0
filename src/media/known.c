/*
 * media/known.c - official campaign images the operator loads (`netra
 * media import`, like `hoax import` for debunks): each is stored by
 * SHA-256 in media_blobs with its pHash, and listed in known_images with
 * the pair it belongs to. Scan compares the pHash of every image of an
 * event with these (workflow/scan.c) and hands a match to the judge.
 */
#include <string.h>
#include <time.h>

#include "media/media_int.h"
#include "store/store.h"
#include "util/error.h"

int netra_known_image_add(int *added, netra_store *st, const void *p,
                          size_t n, int candidate, const char *label)
{
	netra_image_info info;
	store_stmt *q = NULL;
	char sha[65];
	int64_t now = (int64_t)time(NULL);
	int rc, blob;

	*added = 0;
	if (candidate <= 0)
		return err_set(NETRA_EINVALID, "a candidate number is 1 or more");
	if ((rc = netra_image_inspect(&info, p, n)))
		return rc;
	media_sha256_hex(sha, p, n);
	if ((rc = store_begin_write(st)))
		return rc;
	if ((rc = media_blob_put(&blob, st, sha, p, n, &info, now)) ||
	    (rc = store_prepare(&q, st,
	                        "INSERT INTO known_images (sha256, candidate, "
	                        "label, phash, added_at) VALUES (?, ?, ?, ?, ?) "
	                        "ON CONFLICT (sha256) DO NOTHING")) ||
	    (rc = store_bind_text(q, 1, sha, 64)) ||
	    (rc = store_bind_int64(q, 2, candidate)) ||
	    (rc = store_bind_text(q, 3, label, (size_t)-1)) ||
	    (rc = store_bind_int64(q, 4, (int64_t)info.phash)) ||
	    (rc = store_bind_int64(q, 5, now)))
		goto done;
	if ((rc = store_step(q)) >= 0) {
		*added = store_changes(q) > 0;
		rc = 0;
	}
done:
	store_finalize(q);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}
