/*
 * cli/cmd_escalate.c - `netra escalate`, meant for cron: load holidays or
 * the deadline setting if given, escalate overdue findings up the
 * organisation, turn pending notifications into mails in the outbox, and
 * send the outbox over SMTP when --smtp is given (workflow/escalate.h),
 * and append what is queued for the evidence log (the pending step).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/smtp_args.h"
#include "netra/common.h"
#include "netra/evidence.h"
#include "workflow/calendar.h"
#include "workflow/escalate.h"
#include "workflow/finding.h"

static const char usage[] =
    "usage: netra escalate [--holidays FILE] "
    "[--deadline-days N]\n"
    "                      [--smtp URL --from ADDR [--starttls]\n"
    "                       [--smtp-credentials FILE | --smtp-user USER]]\n"
    "                      [--json]\n\n"
    "Escalates findings past their deadline to the next reviewer up the "
    "organisation,\nqueues mails about new, escalated, overdue and "
    "confirmed findings, and sends\nthem when --smtp is given (else they "
    "wait in the outbox).\n\n"
    "  --holidays FILE     add public holidays ('YYYY-MM-DD name' lines), "
    "e.g.\n                      data/holidays-2024.txt\n"
    "  --deadline-days N   working days per review level (default 3)\n";

struct args {
	const char *holidays, *days_s;
	struct cli_smtp_args m;
	int json;
	int64_t now;
};

static int parse_args(struct args *a, int argc, char **argv)
{
	int i, m;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--holidays", &a->holidays)) ||
		    (m = cli_opt(argc, argv, &i, "--deadline-days",
		                 &a->days_s)) ||
		    (m = cli_smtp_opt(&a->m, argc, argv, &i))) {
			if (m < 0)
				return -1;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = 1, i++;
		} else {
			fprintf(stderr,
			        "netra escalate: unknown argument "
			        "'%s'\n",
			        argv[i]);
			return -1;
		}
	}
	a->now = wf_now(); /* the real clock: escalation writes */
	return 0;
}

static int apply_settings(netra_store *st, const struct args *a)
{
	size_t n = 0;
	char *end;
	long days;

	if (a->holidays) {
		if (wf_holidays_import(st, a->holidays, &n))
			return cli_fail("escalate --holidays");
		if (!a->json)
			printf("holidays: %zu read from %s\n", n, a->holidays);
	}
	if (a->days_s) {
		days = strtol(a->days_s, &end, 10);
		if (*end || days < 1 || days > 365) {
			fprintf(stderr, "netra escalate: --deadline-days must "
			                "be 1..365\n");
			return CLI_USAGE;
		}
		if (wf_setting_set_int(st, "workflow.deadline_days", days))
			return cli_fail("escalate --deadline-days");
	}
	return CLI_OK;
}

static void print_stats(const struct wf_escalate_stats *s, int json,
                        int sending)
{
	if (json) {
		printf("{\"escalated\":%zu,\"overdue\":%zu,\"notices\":%zu,"
		       "\"unrouted\":%zu,\"stale\":%zu,\"queued\":%zu,"
		       "\"sent\":%zu,\"failed\":%zu}\n",
		       s->escalated, s->overdue, s->notices, s->unrouted,
		       s->stale, s->queued, s->sent, s->failed);
		return;
	}
	printf("escalated %zu, overdue %zu; notifications %zu (no reviewer "
	       "e-mail: %zu); mails queued %zu",
	       s->escalated, s->overdue, s->notices, s->unrouted, s->queued);
	if (sending)
		printf(", sent %zu, failed %zu", s->sent, s->failed);
	putchar('\n');
}

static int run(struct cli *c, struct args *a)
{
	struct wf_escalate_stats stats = {0};
	int rc;

	if (cli_smtp_finish(&a->m, "escalate"))
		return CLI_ERR;
	if (!cli_store(c))
		return CLI_ERR;
	if ((rc = apply_settings(c->store, a)) != CLI_OK)
		return rc;
	if (wf_escalate(c->store, a->now, &stats))
		return cli_fail("escalate");
	if (wf_outbox_compose(c->store, a->now, &stats))
		return cli_fail("escalate: outbox");
	if (a->m.smtp.url && wf_outbox_send(c->store, &a->m.smtp, a->now, &stats))
		return cli_fail("escalate: send");
	/* The cron run is also the evidence log's pending step: reviews,
	 * escalations and audit entries written since the last run (by
	 * the web or the CLI, which never wait for the log) enter it. */
	if (netra_evidence_append_pending(c->store))
		return cli_fail("escalate: evidence log");
	print_stats(&stats, a->json, a->m.smtp.url != NULL);
	if (stats.failed)
		fprintf(stderr,
		        "netra escalate: %zu mail(s) failed; kept in "
		        "the outbox for the next run\n",
		        stats.failed);
	return stats.failed ? CLI_ERR : CLI_OK;
}

int cmd_escalate(struct cli *c, int argc, char **argv)
{
	struct args a;
	int i, rc;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			fputs(cli_smtp_usage, stdout);
			return CLI_OK;
		}
	if (parse_args(&a, argc, argv) != 0) {
		cli_smtp_free(&a.m);
		fputs(usage, stderr);
		fputs(cli_smtp_usage, stderr);
		return CLI_USAGE;
	}
	rc = run(c, &a);
	cli_smtp_free(&a.m);
	return rc;
}
