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
	"                    [--as USER] [--now TIME]\n\n"
	"Findings per unit (OPD), category and state; overdue; time to first\n"
	"review; top rules; trend per day. DATE is YYYY-MM-DD (WIB), both ends\n"
	"inclusive, on the time of the post. CSV prints one table (--table,\n"
	"default units); HTML prints one page in Bahasa Indonesia with SVG\n"
	"charts. --as USER limits the report to that user's units (a Bawaslu\n"
	"user: forwarded findings only).\n";

static int parse_day(int64_t *out, const char *s, int end)
{
	int64_t t;

	if (wf_time_parse(&t, s) != 0)
		return -1;
	*out = end && strlen(s) == 10 ? t + 86400 - 1 : t;
	return 0;
}

static int parse_args(struct report_opts *o, int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *fmt = NULL, *table = NULL,
		   *now = NULL;
	int i = 1, m;

	while (i < argc) {
		if ((m = cli_opt(argc, argv, &i, "--from", &from)) ||
		    (m = cli_opt(argc, argv, &i, "--to", &to)) ||
		    (m = cli_opt(argc, argv, &i, "--unit", &o->unit_code)) ||
		    (m = cli_opt(argc, argv, &i, "--format", &fmt)) ||
		    (m = cli_opt(argc, argv, &i, "--table", &table)) ||
		    (m = cli_opt(argc, argv, &i, "--as", &o->actor)) ||
		    (m = cli_opt(argc, argv, &i, "--now", &now))) {
			if (m < 0)
				return -1;
			continue;
		}
		fprintf(stderr, "netra report: unexpected argument '%s'\n",
			argv[i]);
		return -1;
	}
	if ((from && parse_day(&o->from, from, 0)) ||
	    (to && parse_day(&o->to, to, 1)) ||
	    (now && wf_time_parse(&o->now, now))) {
		fprintf(stderr, "netra report: bad date (use YYYY-MM-DD)\n");
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
	netra_store *st;
	char *out = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
	}
	memset(&o, 0, sizeof(o));
	if (parse_args(&o, argc, argv))
		return cli_usage(usage);
	if (!(st = cli_store(c)))
		return CLI_ERR;
	if (report_build(&out, st, &o) != 0)
		return cli_fail("report");
	fputs(out, stdout);
	free(out);
	return CLI_OK;
}
