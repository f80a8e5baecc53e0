/*
 * util/file.c - whole-file reads; see file.h.
 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

int util_read_file(char **out, size_t *len, const char *path, size_t max)
{
	struct stat sb;
	char *buf = NULL;
	size_t got = 0;
	ssize_t r;
	int fd, rc = 0;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(errno == ENOENT ? NETRA_ENOTFOUND : NETRA_EIO,
		               "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		rc = err_set(NETRA_EIO, "%s: not a regular file", path);
		goto done;
	}
	if ((uint64_t)sb.st_size > max) {
		rc = err_set(NETRA_EINVALID, "%s: larger than %zu bytes", path,
		             max);
		goto done;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		rc = err_oom();
		goto done;
	}
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
	close(fd);
	return rc;
}
