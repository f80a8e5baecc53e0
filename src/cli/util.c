/*
 * cli/util.c - helpers shared by the subcommands: lazy store opening,
 * error printing and option parsing.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"

netra_store *cli_store(struct cli *c)
{
	if (!c->store && netra_store_open(&c->store, c->db_path) != 0) {
		/* the message names the store's location */
		fprintf(stderr, "netra: cannot open store: %s\n",
			netra_error_last());
		c->store = NULL;
	}
	return c->store;
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
