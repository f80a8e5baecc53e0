/*
 * cli/cmd_worker.c - `netra worker`: runs the media, scan, notification
 * and escalation jobs round after round (workflow/worker.h), beside any
 * number of other workers over one store, until SIGINT or SIGTERM (or one
 * round with --once), then prints what it did. docs/worker.md.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/smtp_args.h"
#include "workflow/lease.h"
#include "workflow/worker.h"

static const char usage[] =
    "usage: netra worker [--once] [--jobs scan,notify,escalate,media]\n"
    "                    [--threads N] [--batch N] [--lease-seconds N]\n"
    "                    [--interval S] [--media-grace S] [--media-timeout S]\n"
    "                    [--allow-private]\n"
    "                    [--election FILE] [--rules FILE] [--hoaxes FILE]\n"
    "                    [--smtp URL --from ADDR ...] [--json]\n\n"
    "Takes work from the store round after round: fetches and reads the\n"
    "images of new events (media), judges unjudged events (scan),\n"
    "escalates overdue findings (escalate), composes and sends the mails\n"
    "(notify). Any number of workers, on any machines over one\n"
    "PostgreSQL, share the work; a killed worker's claims return to the\n"
    "pool when their leases expire. SIGINT or SIGTERM ends the batch in\n"
    "hand and prints what the worker did.\n\n"
    "  --once           one round of each job, then exit\n"
    "  --jobs LIST      the jobs to run (default scan,notify,escalate,media)\n"
    "  --threads N      judging threads, 1-64 (default: the cores)\n"
    "  --batch N        events per scan transaction (default 1024)\n"
    "  --lease-seconds N  how long a claimed block of events stays this\n"
    "                   worker's without a commit (default 120)\n"
    "  --interval S     seconds to wait after a round with nothing to do,\n"
    "                   1-86400 (default 30)\n"
    "  --media-grace S  scan waits up to S seconds from an event's ingest\n"
    "                   for its images to be read, 0-604800 (default\n"
    "                   1800; 0: do not wait)\n"
    "  --media-timeout S  seconds per image download, 1-600 (default 30)\n"
    "  --allow-private  let the media job fetch from loopback and private\n"
    "                   addresses (tests, an intranet mirror)\n"
    "  --election FILE, --rules FILE, --hoaxes FILE\n"
    "                   engine inputs as for `netra scan` (default: the\n"
    "                   ones the store remembers; a worker rebuilds its\n"
    "                   engine when they change)\n"
    "  --json           the summary as one JSON object\n"
    "Mail is sent when --smtp (or $NETRA_SMTP_URL) is given; otherwise it\n"
    "waits in the outbox.\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

struct args {
	struct wf_worker_opts o;
	struct cli_smtp_args m;
	const char *jobs, *threads, *batch, *lease, *interval;
	const char *grace, *media_timeout;
	int json;
};

/* A number: digits only, lo..hi. */
static int count_arg(long *out, const char *s, const char *name, long lo,
                     long hi)
{
	char *end;
	long v;

	if (!s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || errno || *end || v < lo || v > hi) {
		fprintf(stderr, "netra worker: %s wants %ld to %ld\n", name,
		        lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_args(struct args *a, int argc, char **argv)
{
	long threads = 0, batch = 0, lease = 0, interval = 0;
	long grace = NETRA_MEDIA_GRACE, timeout = 0;
	int i, m;

	for (i = 1; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--jobs", &a->jobs)) ||
		    (m = cli_opt(argc, argv, &i, "--threads", &a->threads)) ||
		    (m = cli_opt(argc, argv, &i, "--batch", &a->batch)) ||
		    (m = cli_opt(argc, argv, &i, "--lease-seconds",
		                 &a->lease)) ||
		    (m = cli_opt(argc, argv, &i, "--interval", &a->interval)) ||
		    (m = cli_opt(argc, argv, &i, "--media-grace", &a->grace)) ||
		    (m = cli_opt(argc, argv, &i, "--media-timeout",
		                 &a->media_timeout)) ||
		    (m = cli_opt(argc, argv, &i, "--election",
		                 &a->o.scan.election_path)) ||
		    (m = cli_opt(argc, argv, &i, "--rules",
		                 &a->o.scan.rules_path)) ||
		    (m = cli_opt(argc, argv, &i, "--hoaxes",
		                 &a->o.scan.hoaxes_path)) ||
		    (m = cli_smtp_opt(&a->m, argc, argv, &i))) {
			if (m < 0)
				return -1;
		} else if (strcmp(argv[i], "--once") == 0) {
			a->o.once = 1, i++;
		} else if (strcmp(argv[i], "--allow-private") == 0) {
			a->o.media.allow_private = 1, i++;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = 1, i++;
		} else {
			fprintf(stderr, "netra worker: unknown argument '%s'\n",
			        argv[i]);
			return -1;
		}
	}
	if (count_arg(&threads, a->threads, "--threads", 1, 64) ||
	    count_arg(&batch, a->batch, "--batch", 1, 1000000) ||
	    count_arg(&lease, a->lease, "--lease-seconds", 1, 86400) ||
	    count_arg(&interval, a->interval, "--interval", 1, 86400) ||
	    count_arg(&grace, a->grace, "--media-grace", 0, 604800) ||
	    count_arg(&timeout, a->media_timeout, "--media-timeout", 1, 600))
		return -1;
	a->o.jobs = WF_JOB_ALL;
	if (a->jobs && wf_worker_jobs_parse(&a->o.jobs, a->jobs)) {
		fprintf(stderr, "netra worker: %s\n", netra_error_last());
		return -1;
	}
	a->o.scan.threads = (int)threads;
	a->o.scan.batch = (size_t)batch;
	a->o.scan.lease_seconds = (int)lease;
	a->o.interval = (int)interval;
	a->o.scan.media_grace = grace ? (int)grace : -1;
	a->o.media.timeout = timeout;
	return 0;
}

static void print_summary(const struct wf_worker_stats *w, int json)
{
	const struct wf_scan_result *s = &w->scan;
	const struct wf_escalate_stats *e = &w->mail;
	const netra_media_fetch_stats *m = &w->media;

	if (json) {
		printf("{\"worker\":\"%s\",\"rounds\":%llu,"
		       "\"media_events\":%zu,\"images\":%zu,"
		       "\"images_fetched\":%zu,\"images_refused\":%zu,"
		       "\"images_retry\":%zu,\"images_read\":%zu,"
		       "\"judged\":%llu,"
		       "\"judge_calls\":%llu,\"breaches\":%llu,"
		       "\"findings\":%llu,\"blocks\":%llu,\"blocks_busy\":%llu,"
		       "\"escalated\":%zu,\"overdue\":%zu,\"notices\":%zu,"
		       "\"unrouted\":%zu,\"stale\":%zu,\"queued\":%zu,"
		       "\"sent\":%zu,\"failed\":%zu}\n",
		       w->owner, (unsigned long long)w->rounds, m->events,
		       m->media, m->fetched, m->failed, m->retry, m->ocr,
		       (unsigned long long)s->judged,
		       (unsigned long long)s->judge_calls,
		       (unsigned long long)s->breaches,
		       (unsigned long long)s->findings,
		       (unsigned long long)s->blocks,
		       (unsigned long long)s->blocks_busy, e->escalated,
		       e->overdue, e->notices, e->unrouted, e->stale,
		       e->queued, e->sent, e->failed);
		return;
	}
	printf("worker %s: %llu rounds\n"
	       "media: %zu events, %zu images: %zu fetched, %zu refused, %zu "
	       "to retry later, %zu read by OCR\n"
	       "scan: %llu events judged, %llu judge calls, %llu findings "
	       "created; %llu blocks claimed, %llu held by another\n"
	       "escalate: escalated %llu, overdue %llu\n"
	       "notify: notifications %zu (no reviewer e-mail: %zu, stale: "
	       "%zu); mails queued %zu, sent %zu, failed %zu\n",
	       w->owner, (unsigned long long)w->rounds, m->events, m->media,
	       m->fetched, m->failed, m->retry, m->ocr,
	       (unsigned long long)s->judged,
	       (unsigned long long)s->judge_calls,
	       (unsigned long long)s->findings,
	       (unsigned long long)s->blocks,
	       (unsigned long long)s->blocks_busy,
	       (unsigned long long)e->escalated,
	       (unsigned long long)e->overdue, e->notices, e->unrouted,
	       e->stale, e->queued, e->sent, e->failed);
}

static int run(struct cli *c, struct args *a)
{
	struct wf_worker_stats w;
	struct sigaction sa;
	char owner[128];
	netra_store *st;
	int rc;

	if (cli_smtp_finish(&a->m, "worker"))
		return CLI_ERR;
	if (!(st = cli_store(c)))
		return CLI_ERR;
	wf_lease_owner(owner, sizeof(owner));
	a->m.smtp.owner = owner;
	a->m.smtp.backoff = 60; /* 1, 2, 4 ... 60 minutes between attempts */
	a->o.smtp = &a->m.smtp;
	a->o.stop = &stop_flag;
	a->o.log = a->json ? stderr : stdout;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = wf_worker_run(st, &a->o, &w);
	print_summary(&w, a->json);
	if (rc)
		return cli_fail("worker");
	if (w.mail.failed)
		fprintf(stderr, "netra worker: %zu mail(s) failed; kept in the "
		                "outbox for a later round\n", w.mail.failed);
	return CLI_OK;
}

int cmd_worker(struct cli *c, int argc, char **argv)
{
	struct args a;
	int i, rc;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			fputs(cli_smtp_usage, stdout);
			return CLI_OK;
		}
	memset(&a, 0, sizeof(a));
	if (parse_args(&a, argc, argv) != 0) {
		cli_smtp_free(&a.m);
		fputs(usage, stderr);
		return CLI_USAGE;
	}
	rc = run(c, &a);
	cli_smtp_free(&a.m);
	return rc;
}
