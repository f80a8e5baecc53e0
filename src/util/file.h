/*
 * util/file.h - reading a whole file into memory, the one way every layer
 * loads a profile, rulebook, lexicon, model or key; and the wording of
 * size limits in messages.
 */
#ifndef NETRA_UTIL_FILE_H
#define NETRA_UTIL_FILE_H

#include <stddef.h>

/* Reads the regular file at path (at most max bytes; a FIFO or device is
 * refused at once, never waited on) into a malloc'd,
 * NUL-terminated buffer the caller frees with free(); *len is its length.
 * Errors: NETRA_ENOTFOUND (no such file), NETRA_EINVALID (larger than
 * max), NETRA_EIO, NETRA_ENOMEM; the message names the path. */
int util_read_file(char **out, size_t *len, const char *path, size_t max);

/* Like util_read_file, from a file descriptor the caller opened (and
 * closes); path names it in messages. Refuses anything but a regular
 * file, so a FIFO or device opened with O_NONBLOCK is never read. */
int util_read_fd(char **out, size_t *len, int fd, const char *path,
                 size_t max);

/* Writes n as "1 MiB", "64 KiB" or "1000 bytes" (whole units only) into
 * buf; returns buf. For messages that name a size limit. */
const char *util_size_text(char *buf, size_t size, size_t n);

#endif
