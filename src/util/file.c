/*
 * util/file.c - whole-file reads; see file.h.
 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

int util_read_fd(char **out, size_t *len, int fd, const char *path,
                 size_t max)
{
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;
	ssize_t r;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode))
		return err_set(NETRA_EIO, "%s: not a regular file", path);
	if ((uint64_t)sb.st_size > max)
		return err_set(NETRA_EINVALID, "%s: larger than %zu bytes",
		               path, max);
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf)
		return err_oom();
	while (got < (size_t)sb.st_size) {
		r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = err_set(NETRA_EIO, "%s: %s", path,
			             r ? strerror(errno) : "file shrank");
			goto done;
		}
		got += (size_t)r;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	buf = NULL;
done:
	free(buf);
	return rc;
}

int util_read_file(char **out, size_t *len, const char *path, size_t max)
{
	int fd, rc;

	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO with no writer returns at once (and
	 * fstat then refuses it) instead of waiting forever; it changes
	 * nothing for regular files. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(errno == ENOENT ? NETRA_ENOTFOUND : NETRA_EIO,
		               "%s: %s", path, strerror(errno));
	rc = util_read_fd(out, len, fd, path, max);
	close(fd);
	return rc;
}

const char *util_size_text(char *buf, size_t size, size_t n)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(buf, size, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, size, "%zu KiB", n >> 10);
	else
		snprintf(buf, size, "%zu bytes", n);
	return buf;
}
