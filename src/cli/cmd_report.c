/*
 * cli/cmd_report.c - `netra report`: findings per unit, category and
 * state, as CSV or an HTML page (report/report.h does the work).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "report/report.h"
#include "workflow/calendar.h"

static const char usage[] =
	"usage: netra report [--from DATE] [--to DATE] [--unit CODE]\n"
	"                    [--format csv|html] [--table units|rules|daily]\n"
	"                    [--as USER] [--as-of DATE]\n\n"
	"Findings per unit (OPD), category and state; overdue; time to first\n"
	"review; top rules; trend per day. DATE is YYYY-MM-DD in the region's\n"
	"time zone (WIB, WITA or WIT: the election profile's), or a time\n"
	"YYYY-MM-DDTHH:MM; --from and --to are inclusive, on the time of the\n"
	"post. --as-of DATE reports the findings as they stood at the end of\n"
	"that day (their state, deadline and first review then; findings made\n"
	"later left out); without it, as they stand now. CSV prints one table\n"
	"(--table, default units); HTML prints one page in Bahasa Indonesia with SVG\n"
	"charts. --as USER (authenticated: $NETRA_TOKEN, or the password from\n"
	"--password-file F or standard input) limits the report to that\n"
	"user's units (a Bawaslu\n"
	"user: forwarded findings only).\n";

struct report_args {
	const char *from, *to, *as_of;
	struct cli_who who; /* --as: authenticated like every user's act */
};

/* A date (its first second, or with end its last) or a time, local to the
 * region's zone off. */
static int parse_day(int64_t *out, const char *s, int end, int32_t off)
{
	int64_t t;

	if (civil_time_parse(&t, s, off) != 0)
		return -1;
	*out = end && strlen(s) == 10 ? t + 86400 - 1 : t;
	return 0;
}

/* Reads the dates once the store (and so the zone of the report's unit,
 * or the region's) is open. */
static int parse_dates(struct report_opts *o, const struct report_args *a,
		       netra_store *st)
{
	int32_t off;

	if (wf_unit_code_zone(st, o->unit_code, &off))
		return cli_fail("report");
	if ((a->from && parse_day(&o->from, a->from, 0, off)) ||
	    (a->to && parse_day(&o->to, a->to, 1, off)) ||
	    (a->as_of && parse_day(&o->as_of, a->as_of, 1, off))) {
		fprintf(stderr, "netra report: bad date (use YYYY-MM-DD)\n");
		return cli_usage(usage);
	}
	return CLI_OK;
}

static int parse_args(struct report_opts *o, struct report_args *a, int argc,
		      char **argv)
{
	const char *fmt = NULL, *table = NULL;
	int i = 1, m;

	while (i < argc) {
		if ((m = cli_opt(argc, argv, &i, "--from", &a->from)) ||
		    (m = cli_opt(argc, argv, &i, "--to", &a->to)) ||
		    (m = cli_opt(argc, argv, &i, "--unit", &o->unit_code)) ||
		    (m = cli_opt(argc, argv, &i, "--format", &fmt)) ||
		    (m = cli_opt(argc, argv, &i, "--table", &table)) ||
		    (m = cli_who_opt(argc, argv, &i, &a->who)) ||
		    (m = cli_opt(argc, argv, &i, "--as-of", &a->as_of))) {
			if (m < 0)
				return -1;
			continue;
		}
		fprintf(stderr, "netra report: unexpected argument '%s'\n",
			argv[i]);
		return -1;
	}
	if (fmt && strcmp(fmt, "html") == 0)
		o->format = REPORT_HTML;
	else if (fmt && strcmp(fmt, "csv") != 0)
		return -1;
	if (!table || strcmp(table, "units") == 0)
		o->table = REPORT_UNITS;
	else if (strcmp(table, "rules") == 0)
		o->table = REPORT_RULES;
	else if (strcmp(table, "daily") == 0)
		o->table = REPORT_DAILY;
	else
		return -1;
	return 0;
}

int cmd_report(struct cli *c, int argc, char **argv)
{
	struct report_opts o;
	struct report_args a = {NULL, NULL, NULL, {NULL, NULL, 0}};
	const char *token = getenv("NETRA_TOKEN");
	char actor[96];
	netra_store *st;
	char *out = NULL;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
	}
	memset(&o, 0, sizeof(o));
	if (parse_args(&o, &a, argc, argv))
		return cli_usage(usage);
	/* without --as: the whole organisation, the operator's report */
	if (a.who.as || a.who.password_file || (token && *token)) {
		if ((rc = cli_authenticate(c, &a.who, CLI_AUTH_STDIN, actor,
		                           sizeof(actor))))
			return rc;
		o.actor = actor;
	}
	if (!(st = cli_store(c)))
		return CLI_ERR;
	if ((rc = parse_dates(&o, &a, st)) != CLI_OK)
		return rc;
	if (report_build(&out, st, &o) != 0)
		return cli_fail("report");
	fputs(out, stdout);
	free(out);
	return CLI_OK;
}
