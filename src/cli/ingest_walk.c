/*
 * cli/ingest_walk.c - the inputs of `netra ingest`: each argument as
 * given, except that a directory stands for the files under it that can
 * hold events (*.json, *.json.xz, *.jsonl, *.ndjson, *.csv), in byte
 * order of their paths, at any depth. That is how an operator points
 * netra at a folder the downloaders filled (media files beside the
 * metadata are left alone). Symbolic links are not followed inside a
 * directory, and netra's own reject files are not read back.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/error.h"

#define WALK_DEPTH 16

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

static int wanted(const char *name)
{
	static const char *const ext[] = {".json",   ".json.xz", ".jsonl",
	                                  ".ndjson", ".csv",     NULL};
	size_t i;

	if (name[0] == '.' || strncmp(name, "netra-rejects-", 14) == 0)
		return 0;
	for (i = 0; ext[i]; i++)
		if (ends(name, ext[i]))
			return 1;
	return 0;
}

static int push(struct cli_inputs *in, char *path)
{
	char **p;

	if (in->len == in->cap) {
		size_t cap = in->cap ? in->cap * 2 : 16;
		if (!(p = realloc(in->paths, cap * sizeof(*p)))) {
			free(path);
			return err_oom();
		}
		in->paths = p;
		in->cap = cap;
	}
	in->paths[in->len++] = path;
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(struct cli_inputs *in, const char *dir, int depth)
{
	struct dirent *e;
	struct stat sb;
	DIR *d;
	char *path;
	int rc = 0;

	if (depth > WALK_DEPTH)
		return err_set(NETRA_EINVALID,
		               "%s: folders nested over %d deep", dir,
		               WALK_DEPTH);
	if (!(d = opendir(dir)))
		return err_set(NETRA_EIO, "%s: %s", dir, strerror(errno));
	while (!rc && (e = readdir(d))) {
		size_t n;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n = strlen(dir) + strlen(e->d_name) + 2;
		if (!(path = malloc(n))) {
			rc = err_oom();
			break;
		}
		snprintf(path, n, "%s%s%s", dir, ends(dir, "/") ? "" : "/",
		         e->d_name);
		if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    e->d_name[0] != '.') {
			rc = walk(in, path, depth + 1);
			free(path);
		} else if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		           wanted(e->d_name)) {
			rc = push(in, path);
		} else {
			free(path);
		}
	}
	closedir(d);
	return rc;
}

int cli_inputs_expand(struct cli_inputs *in, int argc, char **argv)
{
	struct stat sb;
	size_t start;
	char *p;
	int i, rc;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			start = in->len;
			if ((rc = walk(in, argv[i], 0)))
				goto fail;
			if (in->len == start) {
				rc = err_set(NETRA_EINVALID,
				             "%s: no .json, .json.xz, .jsonl, "
				             ".ndjson or .csv file in it",
				             argv[i]);
				goto fail;
			}
			qsort(in->paths + start, in->len - start,
			      sizeof(*in->paths), cmp_path);
			continue;
		}
		if (!(p = strdup(argv[i]))) {
			rc = err_oom();
			goto fail;
		}
		if ((rc = push(in, p)))
			goto fail;
	}
	return 0;
fail:
	cli_inputs_free(in);
	return rc;
}

void cli_inputs_free(struct cli_inputs *in)
{
	size_t i;

	for (i = 0; i < in->len; i++)
		free(in->paths[i]);
	free(in->paths);
	memset(in, 0, sizeof(*in));
}
