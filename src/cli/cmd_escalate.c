/*
 * cli/cmd_escalate.c - `netra escalate`, meant for cron: load holidays or
 * the deadline setting if given, escalate overdue findings up the
 * organisation, turn pending notifications into mails in the outbox, and
 * send the outbox over SMTP when --smtp is given (workflow/escalate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "workflow/calendar.h"
#include "workflow/escalate.h"
#include "workflow/finding.h"

static const char usage[] =
    "usage: netra escalate [--now TIME] [--holidays FILE] "
    "[--deadline-days N]\n"
    "                      [--smtp URL --from ADDR [--smtp-user USER] "
    "[--starttls]]\n"
    "                      [--json]\n\n"
    "Escalates findings past their deadline to the next reviewer up the "
    "organisation,\nqueues mails about new, escalated, overdue and "
    "confirmed findings, and sends\nthem when --smtp is given (else they "
    "wait in the outbox).\n\n"
    "  --now TIME          the current time (or $NETRA_NOW)\n"
    "  --holidays FILE     add public holidays ('YYYY-MM-DD name' lines), "
    "e.g.\n                      data/holidays-2024.txt\n"
    "  --deadline-days N   working days per review level (default 3)\n"
    "  --smtp URL          smtp://host:port or smtps://host:port (or "
    "$NETRA_SMTP_URL)\n"
    "  --from ADDR         sender address (or $NETRA_SMTP_FROM; default "
    "netra@localhost)\n"
    "  --smtp-user USER    SMTP AUTH user; the password is "
    "$NETRA_SMTP_PASSWORD\n"
    "  --starttls          require STARTTLS on smtp://\n";

struct args {
	const char *now_s, *holidays, *days_s, *user;
	struct wf_smtp smtp;
	int json;
	int64_t now;
};

static int parse_args(struct args *a, int argc, char **argv)
{
	int i, m;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--now", &a->now_s)) ||
		    (m = cli_opt(argc, argv, &i, "--holidays", &a->holidays)) ||
		    (m = cli_opt(argc, argv, &i, "--deadline-days",
		                 &a->days_s)) ||
		    (m = cli_opt(argc, argv, &i, "--smtp", &a->smtp.url)) ||
		    (m = cli_opt(argc, argv, &i, "--from", &a->smtp.from)) ||
		    (m = cli_opt(argc, argv, &i, "--smtp-user", &a->user))) {
			if (m < 0)
				return -1;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = 1, i++;
		} else if (strcmp(argv[i], "--starttls") == 0) {
			a->smtp.starttls = 1, i++;
		} else {
			fprintf(stderr,
			        "netra escalate: unknown argument "
			        "'%s'\n",
			        argv[i]);
			return -1;
		}
	}
	if (!a->smtp.url)
		a->smtp.url = getenv("NETRA_SMTP_URL");
	if (a->smtp.url && !*a->smtp.url)
		a->smtp.url = NULL;
	if (!a->smtp.from)
		a->smtp.from = getenv("NETRA_SMTP_FROM");
	if (!a->smtp.from || !*a->smtp.from)
		a->smtp.from = "netra@localhost";
	a->smtp.user = a->user;
	if (a->user)
		a->smtp.password = getenv("NETRA_SMTP_PASSWORD");
	if (a->now_s && wf_time_parse(&a->now, a->now_s) != 0) {
		fprintf(stderr, "netra escalate: --now: %s\n",
		        netra_error_last());
		return -1;
	}
	if (!a->now)
		a->now = wf_now();
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

int cmd_escalate(struct cli *c, int argc, char **argv)
{
	struct wf_escalate_stats stats = {0};
	struct args a;
	int i, rc;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
	if (parse_args(&a, argc, argv) != 0)
		return cli_usage(usage);
	if (!cli_store(c))
		return CLI_ERR;
	if ((rc = apply_settings(c->store, &a)) != CLI_OK)
		return rc;
	if (wf_escalate(c->store, a.now, &stats))
		return cli_fail("escalate");
	if (wf_outbox_compose(c->store, a.now, &stats))
		return cli_fail("escalate: outbox");
	if (a.smtp.url && wf_outbox_send(c->store, &a.smtp, a.now, &stats))
		return cli_fail("escalate: send");
	print_stats(&stats, a.json, a.smtp.url != NULL);
	if (stats.failed)
		fprintf(stderr,
		        "netra escalate: %zu mail(s) failed; kept in "
		        "the outbox for the next run\n",
		        stats.failed);
	return stats.failed ? CLI_ERR : CLI_OK;
}
