/*
 * cli/cmd_rules.c - `netra rules`. Placeholder until its issue lands: it
 * says so and exits with a runtime error.
 */
#include <stdio.h>

#include "cli/cli.h"

int cmd_rules(struct cli *c, int argc, char **argv)
{
	(void)c;
	(void)argc;
	fprintf(stderr, "netra: '%s' is not built yet\n", argv[0]);
	return CLI_ERR;
}
