/*
 * collect/creds.c - the collectors' credentials file (collector.h): read
 * only when nobody but its owner (root or the running user) can read it,
 * kept in memory that is wiped on free, never logged or stored.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "collect/collector.h"
#include "util/error.h"
#include "util/file.h"

#define MAX_CREDS      32
#define MAX_CREDS_FILE (64 * 1024)

struct collect_creds {
	char *buf; /* the file, NULs written at each name's and value's end */
	size_t len;
	const char *name[MAX_CREDS], *value[MAX_CREDS];
	size_t n;
};

void collect_creds_free(struct collect_creds *c)
{
	if (!c)
		return;
	if (c->buf) {
		sodium_memzero(c->buf, c->len);
		free(c->buf);
	}
	free(c);
}

const char *collect_creds_get(const struct collect_creds *c, const char *name)
{
	size_t i;

	for (i = 0; c && i < c->n; i++)
		if (strcmp(c->name[i], name) == 0)
			return c->value[i];
	return NULL;
}

static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	                   end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

static int parse(struct collect_creds *c, const char *path)
{
	char *line = c->buf, *nl, *eq, *name, *value;
	int lineno = 0;

	while (line < c->buf + c->len) {
		lineno++;
		nl = memchr(line, '\n', (size_t)(c->buf + c->len - line));
		if (!nl)
			nl = c->buf + c->len;
		*nl = '\0';
		name = trim(line, nl);
		line = nl + 1;
		if (!*name || *name == '#')
			continue;
		if (!(eq = strchr(name, '=')))
			return err_set(NETRA_EINVALID,
			               "%s:%d: expected name = value", path,
			               lineno);
		*eq = '\0';
		value = trim(eq + 1, eq + 1 + strlen(eq + 1));
		name = trim(name, eq);
		if (!*name || !*value)
			return err_set(NETRA_EINVALID,
			               "%s:%d: empty name or value", path, lineno);
		if (collect_creds_get(c, name))
			return err_set(NETRA_EINVALID, "%s:%d: %s given twice",
			               path, lineno, name);
		if (c->n == MAX_CREDS)
			return err_set(NETRA_EINVALID,
			               "%s:%d: more than %d entries", path,
			               lineno, MAX_CREDS);
		c->name[c->n] = name;
		c->value[c->n++] = value;
	}
	return 0;
}

int collect_creds_load(struct collect_creds **out, const char *path)
{
	struct collect_creds *c = NULL;
	struct stat sb;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(errno == ENOENT ? NETRA_ENOTFOUND : NETRA_EIO,
		               "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		rc = err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (sb.st_uid != 0 && sb.st_uid != geteuid()) {
		rc = err_set(NETRA_EDENIED,
		             "%s: owned by uid %ld, neither root nor this user:"
		             " refusing to read credentials from it",
		             path, (long)sb.st_uid);
		goto done;
	}
	if (sb.st_mode & 077) {
		rc = err_set(NETRA_EDENIED,
		             "%s: mode %04o lets group or others read it:"
		             " run chmod 600 %s",
		             path, (unsigned)(sb.st_mode & 07777), path);
		goto done;
	}
	if (!(c = calloc(1, sizeof(*c)))) {
		rc = err_oom();
		goto done;
	}
	if ((rc = util_read_fd(&c->buf, &c->len, fd, path, MAX_CREDS_FILE)) ||
	    (rc = parse(c, path)))
		goto done;
	*out = c;
	c = NULL;
done:
	collect_creds_free(c);
	close(fd);
	return rc;
}
