/*
 * cli/cmd_escalate.c - `netra escalate`, meant for cron: load holidays or
 * the deadline setting if given, escalate overdue findings up the
 * organisation, turn pending notifications into mails in the outbox, and
 * send the outbox over SMTP when --smtp is given (workflow/escalate.h),
 * and append what is queued for the evidence log (the pending step).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "netra/evidence.h"
#include "util/redact.h"
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
    "  --deadline-days N   working days per review level (default 3)\n"
    "  --smtp URL          smtp://host:port or smtps://host:port (or "
    "$NETRA_SMTP_URL)\n"
    "  --from ADDR         sender address (or $NETRA_SMTP_FROM; default "
    "netra@localhost)\n"
    "  --smtp-credentials FILE\n"
    "                      SMTP AUTH as one line USER:PASSWORD in a file "
    "only its\n"
    "                      owner may read (chmod 600; or "
    "$NETRA_SMTP_CREDENTIALS)\n"
    "  --smtp-user USER    SMTP AUTH user; the password is "
    "$NETRA_SMTP_PASSWORD\n"
    "  --starttls          require STARTTLS on smtp://\n\n"
    "Credentials are never stored or printed: errors name the server as\n"
    "smtp://***@host. A password inside --smtp URL is accepted but shows "
    "in `ps`;\nuse the credentials file or the environment.\n";

struct args {
	const char *holidays, *days_s, *user, *cred_file;
	struct wf_smtp smtp;
	int json;
	int64_t now;
	char url[1024];       /* --smtp without user information */
	char *url_user, *url_password, *file_user, *file_password;
};

static void args_free(struct args *a)
{
	free(a->url_user);
	free(a->file_user);
	if (a->url_password)
		sodium_memzero(a->url_password, strlen(a->url_password));
	if (a->file_password)
		sodium_memzero(a->file_password, strlen(a->file_password));
	free(a->url_password);
	free(a->file_password);
}

/* Reads "USER:PASSWORD" (one line) from path, which must be a regular
 * file of this user that neither group nor others may read. */
static int read_credentials(struct args *a, const char *path)
{
	char line[1024], *colon;
	struct stat sb;
	size_t n;
	FILE *f;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "netra escalate: %s: %s\n", path,
		        strerror(errno));
		goto done;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077)) {
		fprintf(stderr,
		        "netra escalate: %s: SMTP credentials must be a file "
		        "of yours that only you may read (mode %04o; "
		        "chmod 600 %s)\n",
		        path, (unsigned)(sb.st_mode & 07777), path);
		goto done;
	}
	f = fdopen(fd, "r");
	if (!f)
		goto done;
	fd = -1;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	colon = strchr(line, ':');
	if (!colon || colon == line) {
		fprintf(stderr, "netra escalate: %s:1: expected one line "
		                "USER:PASSWORD\n", path);
	} else {
		*colon = '\0';
		a->file_user = strdup(line);
		a->file_password = strdup(colon + 1);
		rc = a->file_user && a->file_password ? 0 : -1;
	}
	sodium_memzero(line, sizeof(line));
done:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Where the SMTP credentials come from, first match: the credentials
 * file, --smtp-user with $NETRA_SMTP_PASSWORD, the URL's user
 * information (with a warning: it shows in ps). The URL used is always
 * the one without user information. */
static int pick_credentials(struct args *a)
{
	int r;

	if (!a->smtp.url)
		return 0;
	r = redact_split_url(a->url, sizeof(a->url), &a->url_user,
	                     &a->url_password, a->smtp.url);
	if (r < 0) {
		fprintf(stderr, "netra escalate: --smtp: URL too long\n");
		return -1;
	}
	a->smtp.url = a->url;
	if (r && a->url_password)
		fprintf(stderr,
		        "netra escalate: warning: the --smtp URL holds a "
		        "password, which other users of this machine can read "
		        "in `ps`; use --smtp-credentials FILE or "
		        "$NETRA_SMTP_PASSWORD\n");
	if (!a->cred_file)
		a->cred_file = getenv("NETRA_SMTP_CREDENTIALS");
	if (a->cred_file && *a->cred_file) {
		if (read_credentials(a, a->cred_file))
			return -1;
		a->smtp.user = a->file_user;
		a->smtp.password = a->file_password;
	} else if (a->user) {
		a->smtp.user = a->user;
		a->smtp.password = getenv("NETRA_SMTP_PASSWORD");
	} else if (a->url_user) {
		a->smtp.user = a->url_user;
		a->smtp.password = a->url_password;
	}
	return 0;
}

static int parse_args(struct args *a, int argc, char **argv)
{
	int i, m;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--holidays", &a->holidays)) ||
		    (m = cli_opt(argc, argv, &i, "--deadline-days",
		                 &a->days_s)) ||
		    (m = cli_opt(argc, argv, &i, "--smtp", &a->smtp.url)) ||
		    (m = cli_opt(argc, argv, &i, "--from", &a->smtp.from)) ||
		    (m = cli_opt(argc, argv, &i, "--smtp-user", &a->user)) ||
		    (m = cli_opt(argc, argv, &i, "--smtp-credentials",
		                 &a->cred_file))) {
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

	if (pick_credentials(a))
		return CLI_ERR;
	if (!cli_store(c))
		return CLI_ERR;
	if ((rc = apply_settings(c->store, a)) != CLI_OK)
		return rc;
	if (wf_escalate(c->store, a->now, &stats))
		return cli_fail("escalate");
	if (wf_outbox_compose(c->store, a->now, &stats))
		return cli_fail("escalate: outbox");
	if (a->smtp.url && wf_outbox_send(c->store, &a->smtp, a->now, &stats))
		return cli_fail("escalate: send");
	/* The cron run is also the evidence log's pending step: reviews,
	 * escalations and audit entries written since the last run (by
	 * the web or the CLI, which never wait for the log) enter it. */
	if (netra_evidence_append_pending(c->store))
		return cli_fail("escalate: evidence log");
	print_stats(&stats, a->json, a->smtp.url != NULL);
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
			return CLI_OK;
		}
	if (parse_args(&a, argc, argv) != 0) {
		args_free(&a);
		return cli_usage(usage);
	}
	rc = run(c, &a);
	args_free(&a);
	return rc;
}
