/*
 * cli/util.c - helpers shared by the subcommands: lazy store opening,
 * error printing and option parsing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "netra/common.h"

/* True if the location names a SQLite file (not a postgresql:// URL, a
 * SQLite "file:" URI or ":memory:"), which must then exist. */
static int is_plain_file(const char *loc)
{
	return strstr(loc, "://") == NULL && strncmp(loc, "file:", 5) != 0 &&
	       strcmp(loc, ":memory:") != 0;
}

static netra_store *open_store(struct cli *c, int create)
{
	struct stat sb;

	if (!c->store && !create && is_plain_file(c->db_path) &&
	    stat(c->db_path, &sb) != 0 && errno == ENOENT) {
		fprintf(stderr,
		        "netra: no store at '%s' (--db or $NETRA_DB): a "
		        "typo? `netra registry import` (or `hoax import`) "
		        "creates one\n",
		        c->db_path);
		return NULL;
	}
	if (!c->store && netra_store_open(&c->store, c->db_path) != 0) {
		/* the message names the store's location */
		fprintf(stderr, "netra: cannot open store: %s\n",
			netra_error_last());
		c->store = NULL;
	}
	return c->store;
}

netra_store *cli_store(struct cli *c)
{
	return open_store(c, 0);
}

netra_store *cli_store_create(struct cli *c)
{
	return open_store(c, 1);
}

int cli_fail(const char *what)
{
	fprintf(stderr, "netra: %s: %s\n", what, netra_error_last());
	return CLI_ERR;
}

int cli_usage(const char *usage)
{
	fputs(usage, stderr);
	return CLI_USAGE;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_opt(int argc, char **argv, int *i, const char *name,
	    const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		(*i)++;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[*i + 1];
	*i += 2;
	return 1;
}
