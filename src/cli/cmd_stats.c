/*
 * cli/cmd_stats.c - `netra stats [--json]`: the headline counts of the
 * store (netra_store_stats), for people or monitoring scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"

static const char usage[] =
    "usage: netra stats [--json]\n\n"
    "Counts of active units, employees and accounts, of events and\n"
    "verdicts, and of findings per workflow state.\n\n"
    "  --json   one JSON object: units, employees, accounts, events,\n"
    "           verdicts, findings {state: count}\n";

int cmd_stats(struct cli *c, int argc, char **argv)
{
	netra_store *st;
	char *text = NULL;
	int i, json = 0;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else {
			fprintf(stderr, "netra stats: unknown argument '%s'\n",
			        argv[i]);
			return cli_usage(usage);
		}
	}
	if (!(st = cli_store(c)))
		return CLI_ERR;
	if (netra_store_stats(&text, st, json) != 0)
		return cli_fail("stats");
	fputs(text, stdout);
	free(text);
	return CLI_OK;
}
