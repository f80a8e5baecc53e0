/*
 * util/datadir.c - finds the data directory (see datadir.h): the
 * environment, then relative to the binary, then the build-time source
 * path. Resolved once per process with pthread_once.
 */
#include "util/datadir.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NETRA_DATA_DIR
#define NETRA_DATA_DIR "data"
#endif

static char found[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* True if dir holds a rulebook (the one file every use needs). */
static int has_data(const char *dir)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/rulebook.yaml", dir) >=
	    sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

/* <dir of /proc/self/exe>/../share/netra into out, if it holds data. */
static int beside_binary(char *out, size_t size)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	if ((size_t)snprintf(out, size, "%s/../share/netra", exe) >= size)
		return 0;
	return has_data(out);
}

static void resolve(void)
{
	const char *env = getenv("NETRA_DATA");

	if (env && *env)
		snprintf(found, sizeof(found), "%s", env);
	else if (beside_binary(found, sizeof(found)))
		;
	else if (has_data(NETRA_DATA_DIR))
		snprintf(found, sizeof(found), "%s", NETRA_DATA_DIR);
	else
		snprintf(found, sizeof(found), "data");
}

const char *datadir_get(void)
{
	pthread_once(&once, resolve);
	return found;
}
