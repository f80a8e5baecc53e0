/*
 * cli/cmd_collect.c - `netra collect [--once] [--platform P] [--config
 * FILE]` (the platform collectors, collect/run.c) and `netra collect
 * status` (coverage per platform and unit, collect/status.c). The
 * operator's console: English.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "collect/collect_int.h"
#include "util/civiltime.h"

static const char usage[] =
    "usage: netra collect [--once] [--platform P] [--config FILE] [--json]\n"
    "       netra collect status [--json]\n\n"
    "Fetches what is new for every active registered account from the\n"
    "platforms' APIs (X API v2, Instagram and Facebook Pages through the\n"
    "Meta Graph API, the TikTok Research API, the YouTube Data API) or with\n"
    "the downloaders (yt-dlp, gallery-dl, instaloader) within the election\n"
    "window, and ingests it\n"
    "like `netra ingest` (same validation, exactly once, evidence log).\n"
    "Each page and its cursor commit together: a collector killed at any\n"
    "moment resumes where it stopped. Collectors on several machines share\n"
    "the accounts under leases. Without --once, rounds repeat every\n"
    "`interval` seconds until SIGINT or SIGTERM.\n\n"
    "  --once          one round, then exit (for cron)\n"
    "  --platform P    only platform P: x, instagram, facebook, tiktok,\n"
    "                  youtube, or a downloader module: tiktok-ytdlp,\n"
    "                  youtube-ytdlp, x-gallerydl, ig-instaloader\n"
    "  --config FILE   the configuration (YAML; default ./collect.yaml):\n"
    "                  election profile, margins, schedule, and per\n"
    "                  platform the credentials file (mode 0600), base URL,\n"
    "                  hourly request budget (docs/collect.md)\n"
    "  --json          the summary as one JSON object\n\n"
    "status: per platform and unit, accounts watched, last success, events\n"
    "collected in the last 24 h, errors in the last 24 h, accounts\n"
    "unreachable (private, suspended, gone), possibly renamed (not found\n"
    "by handle though their stable id was seen: renamed?) and silent\n"
    "(docs/collect.md).\n";

static volatile int stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void when(char *buf, size_t size, int64_t t)
{
	if (!t)
		snprintf(buf, size, "never");
	else
		civil_time_format(buf, size, t, 0);
}

static int print_status(netra_store *st, int json)
{
	struct collect_status_row *rows = NULL;
	json_t *arr = NULL;
	size_t n = 0, i;
	char last[40];

	if (collect_status_rows(&rows, &n, st, civil_now()))
		return cli_fail("collect status");
	if (json && !(arr = json_array())) {
		free(rows);
		return cli_fail("collect status");
	}
	if (!json)
		printf("%-9s %-12s %7s %-20s %8s %6s %11s %8s %6s\n",
		       "platform", "unit", "watched", "last success (UTC)",
		       "events/d", "errors", "unreachable", "renamed?",
		       "silent");
	for (i = 0; i < n; i++) {
		const struct collect_status_row *r = &rows[i];
		when(last, sizeof(last), r->last_success);
		if (json) {
			json_array_append_new(
			    arr,
			    json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I}",
			              "platform", r->platform, "unit", r->unit,
			              "unit_name", r->unit_name, "watched",
			              (json_int_t)r->watched, "last_success",
			              (json_int_t)r->last_success, "events_day",
			              (json_int_t)r->events_day, "errors_day",
			              (json_int_t)r->errors_day, "unreachable",
			              (json_int_t)r->unreachable,
			              "maybe_renamed",
			              (json_int_t)r->maybe_renamed, "silent",
			              (json_int_t)r->silent));
			continue;
		}
		printf("%-9s %-12s %7lld %-20s %8lld %6lld %11lld %8lld"
		       " %6lld\n",
		       r->platform, r->unit[0] ? r->unit : "(all)",
		       (long long)r->watched, last, (long long)r->events_day,
		       (long long)r->errors_day, (long long)r->unreachable,
		       (long long)r->maybe_renamed, (long long)r->silent);
	}
	free(rows);
	if (json) {
		int rc = cli_print_json(arr, 0);
		json_decref(arr);
		return rc;
	}
	return CLI_OK;
}

static void print_result(const struct collect_run_result *r, int json)
{
	if (json) {
		printf("{\"rounds\":%llu,\"accounts\":%llu,\"skipped\":%llu,"
		       "\"pages\":%llu,\"requests\":%llu,\"ingested\":%llu,"
		       "\"duplicates\":%llu,\"rejected\":%llu,"
		       "\"not_registered\":%llu,\"deleted\":%llu,"
		       "\"renamed\":%llu,\"errors\":%llu}\n",
		       (unsigned long long)r->rounds,
		       (unsigned long long)r->accounts,
		       (unsigned long long)r->skipped,
		       (unsigned long long)r->pages,
		       (unsigned long long)r->requests,
		       (unsigned long long)r->ingested,
		       (unsigned long long)r->duplicates,
		       (unsigned long long)r->rejected,
		       (unsigned long long)r->not_registered,
		       (unsigned long long)r->deleted,
		       (unsigned long long)r->renamed,
		       (unsigned long long)r->errors);
		return;
	}
	fprintf(stderr,
	        "collect: %llu accounts (%llu held elsewhere or done), %llu"
	        " pages, %llu requests; %llu events stored, %llu duplicates,"
	        " %llu rejected, %llu not registered; %llu deleted posts,"
	        " %llu renames; %llu errors\n",
	        (unsigned long long)r->accounts, (unsigned long long)r->skipped,
	        (unsigned long long)r->pages, (unsigned long long)r->requests,
	        (unsigned long long)r->ingested,
	        (unsigned long long)r->duplicates,
	        (unsigned long long)r->rejected,
	        (unsigned long long)r->not_registered,
	        (unsigned long long)r->deleted, (unsigned long long)r->renamed,
	        (unsigned long long)r->errors);
}

static int run(struct cli *c, const char *config, const char *platform,
               int once, int json)
{
	struct collect_run_opts o;
	struct collect_run_result res;
	struct collect_conf conf;
	struct sigaction sa;
	netra_store *st;
	int rc;

	if (platform && !collect_module_find(platform)) {
		fprintf(stderr, "netra collect: unknown platform '%s'\n",
		        platform);
		return cli_usage(usage);
	}
	if (collect_conf_load(&conf, config))
		return cli_fail("collect");
	if (!(st = cli_store(c))) {
		collect_conf_free(&conf);
		return CLI_ERR;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	memset(&o, 0, sizeof(o));
	o.conf = &conf;
	o.platform = platform;
	o.once = once;
	o.log = stderr;
	o.stop = &stop_flag;
	rc = collect_run(&res, st, &o);
	collect_conf_free(&conf);
	if (rc)
		return cli_fail("collect");
	print_result(&res, json);
	return CLI_OK;
}

int cmd_collect(struct cli *c, int argc, char **argv)
{
	const char *config = "collect.yaml", *platform = NULL, *v;
	int i, once = 0, json = 0, status = 0, r;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		} else if (i == 1 && strcmp(argv[i], "status") == 0) {
			status = 1;
		} else if (strcmp(argv[i], "--once") == 0 && !status) {
			once = 1;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (!status &&
		           (r = cli_opt(argc, argv, &i, "--platform", &v))) {
			if (r < 0)
				return cli_usage(usage);
			platform = v;
			i--; /* cli_opt moved past the value; the loop adds 1 */
		} else if (!status &&
		           (r = cli_opt(argc, argv, &i, "--config", &v))) {
			if (r < 0)
				return cli_usage(usage);
			config = v;
			i--;
		} else {
			fprintf(stderr, "netra collect: unknown argument '%s'\n",
			        argv[i]);
			return cli_usage(usage);
		}
	}
	if (status) {
		netra_store *st = cli_store(c);
		return st ? print_status(st, json) : CLI_ERR;
	}
	return run(c, config, platform, once, json);
}
