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
    "Counts of active units, employees and accounts, of events, of\n"
    "events judged (once per rulebook; from the scan marks) and of the\n"
    "verdicts stored (those of events a scan flagged: a clean verdict has\n"
    "no row), and of findings per workflow state.\n\n"
    "  --json   one JSON object: units, employees, accounts, events,\n"
    "           judged, verdicts, findings {state: count}\n";

/* The counts for people: English labels (the operator's console). */
static int stats_text(struct sbuf *b, json_t *o)
{
	json_t *f = json_object_get(o, "findings"), *v;
	const char *k;
	json_int_t total = 0;
	int rc;

	json_object_foreach(f, k, v) total += json_integer_value(v);
	rc = sbuf_printf(
	    b,
	    "active units      %12lld\n"
	    "active employees  %12lld\n"
	    "active accounts   %12lld\n"
	    "events            %12lld\n"
	    "judged            %12lld\n"
	    "verdicts          %12lld\n"
	    "findings          %12lld\n",
	    (long long)json_integer_value(json_object_get(o, "units")),
	    (long long)json_integer_value(json_object_get(o, "employees")),
	    (long long)json_integer_value(json_object_get(o, "accounts")),
	    (long long)json_integer_value(json_object_get(o, "events")),
	    (long long)json_integer_value(json_object_get(o, "judged")),
	    (long long)json_integer_value(json_object_get(o, "verdicts")),
	    (long long)total);
	json_object_foreach(f, k, v)
	{
		if (!rc)
			rc = sbuf_printf(b, "  %-17s%10lld\n", k,
			                 (long long)json_integer_value(v));
	}
	return rc;
}

int cmd_stats(struct cli *c, int argc, char **argv)
{
	netra_store *st;
	json_t *o = NULL;
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
	if (netra_store_stats(&o, st) != 0)
		return cli_fail("stats");
	return cli_render(o, json, 1, stats_text, "stats");
}
