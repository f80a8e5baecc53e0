/*
 * cli/cmd_scan.c - `netra scan`: judge stored events and record findings
 * (workflow/scan.h does the work).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "media/event.h"
#include "netra/media.h"
#include "util/civiltime.h"
#include "workflow/scan.h"

static const char usage[] =
	"usage: netra scan [--election FILE] [--rules FILE] [--hoaxes FILE]\n"
	"                  [--rescan] [--batch N] [--threads N]\n"
	"                  [--lease-seconds N] [--media-grace S]\n\n"
	"Judges every stored event not yet judged and records a verdict per\n"
	"event; each breach becomes a finding routed to the reviewer of the\n"
	"employee's unit. The files given are remembered for later scans.\n"
	"Without --hoaxes, the debunks from `netra hoax import` are used.\n\n"
	"  --election FILE  election profile (YAML)\n"
	"  --rules FILE     rulebook (YAML; default data/rulebook.yaml)\n"
	"  --hoaxes FILE    debunked hoaxes (JSONL)\n"
	"  --rescan         also judge events judged under another rulebook\n"
	"                   (their old verdicts are kept)\n"
	"  --batch N        events per transaction, 1-1000000 (default 1024,\n"
	"                   a block of work; more is a block's)\n"
	"  --threads N      judging threads, 1-64 (default: the cores)\n"
	"  --lease-seconds N  how long a claimed block of events stays this\n"
	"                   scan's without a commit (default 120): any number\n"
	"                   of scans, on any machines, share the work\n"
	"  --media-grace S  wait up to S seconds from an event's ingest for\n"
	"                   `netra media fetch` to read its images before\n"
	"                   judging it without them, 0-604800 (default 1800;\n"
	"                   0: do not wait). Events waited for stay unjudged\n"
	"                   for a later scan.\n";

/* A number: digits only, lo..hi. */
static int parse_count(size_t *out, const char *s, size_t lo, size_t hi)
{
	char *end;
	unsigned long long v;

	if (!s)
		return 0;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = (size_t)v;
	return 0;
}

int cmd_scan(struct cli *c, int argc, char **argv)
{
	struct wf_scan_opts o;
	struct wf_scan_result r;
	const char *batch = NULL, *threads = NULL, *lease = NULL;
	const char *grace = NULL;
	size_t nthreads = 0, nlease = 0, ngrace = NETRA_MEDIA_GRACE;
	int64_t pending, waiting;
	netra_store *st;
	int i = 1, m;

	memset(&o, 0, sizeof(o));
	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if ((m = cli_opt(argc, argv, &i, "--election", &o.election_path)) ||
		    (m = cli_opt(argc, argv, &i, "--rules", &o.rules_path)) ||
		    (m = cli_opt(argc, argv, &i, "--hoaxes", &o.hoaxes_path)) ||
		    (m = cli_opt(argc, argv, &i, "--batch", &batch)) ||
		    (m = cli_opt(argc, argv, &i, "--threads", &threads)) ||
		    (m = cli_opt(argc, argv, &i, "--lease-seconds", &lease)) ||
		    (m = cli_opt(argc, argv, &i, "--media-grace", &grace))) {
			if (m < 0)
				return cli_usage(usage);
			continue;
		}
		if (strcmp(argv[i], "--rescan") == 0) {
			o.rescan = 1;
			i++;
			continue;
		}
		fprintf(stderr, "netra scan: unexpected argument '%s'\n", argv[i]);
		return cli_usage(usage);
	}
	if (parse_count(&o.batch, batch, 1, 1000000) ||
	    parse_count(&nthreads, threads, 1, 64) ||
	    parse_count(&nlease, lease, 1, 86400) ||
	    parse_count(&ngrace, grace, 0, 604800)) {
		fprintf(stderr, "netra scan: --batch wants 1 to 1000000, "
				"--threads 1 to 64, --lease-seconds 1 to "
				"86400, --media-grace 0 to 604800\n");
		return cli_usage(usage);
	}
	o.threads = (int)nthreads;
	o.lease_seconds = (int)nlease;
	o.media_grace = ngrace ? (int)ngrace : -1;
	if (isatty(fileno(stderr)))
		o.progress = stderr;
	if (!(st = cli_store(c)))
		return CLI_ERR;
	if (wf_scan_run(st, &o, &r) != 0)
		return cli_fail("scan");
	printf("scan: %llu events judged, %llu with a potential breach, "
	       "%llu findings created in %.1f s (%.0f events/s)\nrulebook: %s\n"
	       "work: %llu blocks claimed, %llu held by another scan; "
	       "%llu judge calls on %d threads\n",
	       (unsigned long long)r.judged, (unsigned long long)r.breaches,
	       (unsigned long long)r.findings, r.seconds,
	       r.seconds > 0 ? r.judged / r.seconds : 0.0, r.rulebook,
	       (unsigned long long)r.blocks, (unsigned long long)r.blocks_busy,
	       (unsigned long long)r.judge_calls, r.threads);
	if (media_pending_count(&pending, &waiting, st,
				media_wait_cutoff(civil_now(), o.media_grace)))
		return cli_fail("scan");
	if (waiting)
		printf("media: %lld events wait for their images (netra media "
		       "fetch); judged once read, or %zu s after ingest\n",
		       (long long)waiting, ngrace);
	return CLI_OK;
}
