/*
 * cli/cmd_ingest.c - `netra ingest`: reads event files into the store
 * through the ingest library (netra/ingest.h) and prints a summary per
 * file (and a total for several files). A directory stands for the event
 * files under it (cli/ingest_walk.c).
 *
 * Exit status: 0 when every input was read to its end, even if some
 * records were rejected (they are listed on stderr and kept in the reject
 * file); 1 when an input could not be opened, read or detected, on a
 * database error, or when an input had records and every one of them was
 * rejected; 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "netra/evidence.h"
#include "netra/ingest.h"

static const char usage[] =
    "usage: netra ingest [--format F] [--rejects PATH] [--batch N]\n"
    "                    [--max-record SIZE] [--quiet] [--json]\n"
    "                    FILE|DIR... | -\n"
    "\n"
    "Reads events into the store. Only events of registered (active)\n"
    "accounts are kept; the rest are counted as skipped. Re-reading a file\n"
    "adds nothing: (platform, id) is unique. A DIR stands for its\n"
    "*.json, *.json.xz, *.jsonl, *.ndjson and *.csv files at any depth\n"
    "(a folder the downloaders filled), in path order.\n"
    "\n"
    "  --format F      jsonl (generic Event), x (X API v2), meta (Facebook/\n"
    "                  Instagram Graph API), tiktok (Research API), csv,\n"
    "                  ytdlp (.info.json), gallerydl (--write-metadata),\n"
    "                  instaloader (.json or .json.xz);\n"
    "                  default: detected per file\n"
    "  --rejects PATH  write the malformed records of every input here\n"
    "                  (default: one file per input, named after its\n"
    "                  path with / as %2F: ./netra-rejects-<path>.jsonl,\n"
    "                  .csv for CSV input; docs/ingest.md)\n"
    "  --batch N       events per transaction (default 20000)\n"
    "  --max-record SIZE  longest record (a JSONL line, a CSV record) in\n"
    "                  bytes or with K/M, 64K to 64M (default 1M, or\n"
    "                  $NETRA_MAX_RECORD); platform documents may be 4\n"
    "                  times it. Longer ones are rejected and skipped\n"
    "  --quiet         no progress line and no per-record errors\n"
    "  --json          print the summary as JSON (one object per file)\n"
    "  -               read standard input\n"
    "\n"
    "Exit status: 0 when all input was read (even with rejected records),\n"
    "1 when a file could not be read or every record in it was rejected,\n"
    "2 on a usage error.\n";

static void print_summary(const char *name, const netra_ingest_result *r,
                          int json)
{
	double rate = r->elapsed > 0 ? (double)r->read / r->elapsed : 0.0;

	if (json) {
		printf("{\"file\":\"");
		for (; *name; name++) {
			if (*name == '"' || *name == '\\')
				putchar('\\');
			if ((unsigned char)*name >= 0x20)
				putchar(*name);
		}
		printf("\",\"format\":\"%s\",\"read\":%llu,\"ingested\":%llu,"
		       "\"duplicates\":%llu,\"skipped\":%llu,\"rejected\":%llu,"
		       "\"elapsed\":%.3f,\"events_per_s\":%.0f}\n",
		       netra_ingest_format_name(r->format),
		       (unsigned long long)r->read,
		       (unsigned long long)r->ingested,
		       (unsigned long long)r->duplicates,
		       (unsigned long long)r->skipped,
		       (unsigned long long)r->rejected, r->elapsed, rate);
		return;
	}
	printf("%s (%s)\n", name, netra_ingest_format_name(r->format));
	printf("  read        %12llu\n", (unsigned long long)r->read);
	printf("  ingested    %12llu\n", (unsigned long long)r->ingested);
	printf("  duplicates  %12llu  (already stored)\n",
	       (unsigned long long)r->duplicates);
	printf("  skipped     %12llu  (accounts not registered)\n",
	       (unsigned long long)r->skipped);
	if (r->rejected && r->rejects_path[0])
		printf("  rejected    %12llu  (kept in %s)\n",
		       (unsigned long long)r->rejected, r->rejects_path);
	else
		printf("  rejected    %12llu\n",
		       (unsigned long long)r->rejected);
	printf("  elapsed     %12.2f s  (%.0f events/s)\n", r->elapsed, rate);
}

/* Signs a checkpoint over the evidence log once the new events are in it,
 * so they are covered by a signature from the moment they are ingested.
 * A failure is reported but does not fail the ingest: the events are
 * committed and `netra evidence checkpoint` can sign later. */
static void sign_checkpoint(struct cli *c, netra_store *st)
{
	netra_evidence_checkpoint cp;
	char *key = cli_evidence_key(c, NULL, 0);

	if (!key || netra_evidence_make_checkpoint(&cp, st, key) != 0)
		fprintf(stderr,
		        "netra ingest: warning: no evidence checkpoint "
		        "signed (%s); run `netra evidence checkpoint`\n",
		        netra_error_last());
	free(key);
}

static void add(netra_ingest_result *t, const netra_ingest_result *r)
{
	t->read += r->read;
	t->ingested += r->ingested;
	t->duplicates += r->duplicates;
	t->skipped += r->skipped;
	t->rejected += r->rejected;
	t->elapsed += r->elapsed;
}

struct args {
	netra_ingest_options opt;
	const char *max_record;
	int quiet, json, first_file;
};

static int parse_args(struct args *a, int argc, char **argv)
{
	const char *v;
	int i = 1, m = 0;
	char *end;

	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if ((m = cli_opt(argc, argv, &i, "--format", &v)) == 1) {
			if (netra_ingest_format_parse(&a->opt.format, v)) {
				fprintf(stderr, "netra ingest: %s\n",
				        netra_error_last());
				return -1;
			}
		} else if (m == 0 && (m = cli_opt(argc, argv, &i, "--rejects",
		                                  &v)) == 1) {
			a->opt.rejects_path = v;
		} else if (m == 0 &&
		           (m = cli_opt(argc, argv, &i, "--batch", &v)) == 1) {
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 10000000)
				return -1;
			a->opt.batch_size = (size_t)n;
		} else if (m == 0 &&
		           (m = cli_opt(argc, argv, &i, "--max-record",
		                        &a->max_record)) == 1) {
			continue;
		} else if (m == 0 && strcmp(argv[i], "--quiet") == 0) {
			a->quiet = 1;
			i++;
		} else if (m == 0 && strcmp(argv[i], "--json") == 0) {
			a->json = 1;
			i++;
		} else {
			return -1;
		}
	}
	if (i >= argc || m < 0)
		return -1;
	if (cli_max_record(&a->opt.max_record, a->max_record))
		return -1;
	a->first_file = i;
	return 0;
}

int cmd_ingest(struct cli *c, int argc, char **argv)
{
	netra_ingest_result res, total;
	netra_ingest *ing = NULL;
	struct cli_inputs in;
	struct args a;
	netra_store *st;
	int rc, status = CLI_OK, nfiles;
	const char *file;
	size_t i;

	if (argc >= 2 && cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	memset(&a, 0, sizeof(a));
	if (parse_args(&a, argc, argv))
		return cli_usage(usage);
	a.opt.log = a.quiet ? NULL : stderr;
	a.opt.progress = !a.quiet && isatty(fileno(stderr));
	if (cli_inputs_expand(&in, argc - a.first_file, argv + a.first_file))
		return cli_fail("ingest");
	if (!(st = cli_store(c))) {
		cli_inputs_free(&in);
		return CLI_ERR;
	}
	if (netra_ingest_new(&ing, st, &a.opt)) {
		cli_inputs_free(&in);
		return cli_fail("ingest");
	}
	memset(&total, 0, sizeof(total));
	nfiles = (int)in.len;
	for (i = 0; i < in.len; i++) {
		file = in.paths[i];
		rc = netra_ingest_run(ing, file, &res);
		if (rc) {
			fprintf(stderr, "netra ingest: %s\n",
			        netra_error_last());
			status = CLI_ERR;
		} else if (res.read > 0 && res.rejected == res.read) {
			fprintf(stderr,
			        "netra ingest: %s: every record was "
			        "rejected\n",
			        file);
			status = CLI_ERR;
		}
		if (rc == 0 || res.read > 0) /* nothing to sum up otherwise */
			print_summary(strcmp(file, "-") == 0 ? "stdin" : file,
			              &res, a.json);
		add(&total, &res);
	}
	if (nfiles > 1 && !a.json) {
		total.format = NETRA_FMT_AUTO;
		printf("total of %d files\n", nfiles);
		printf("  read %llu, ingested %llu, duplicates %llu, skipped "
		       "%llu, rejected %llu in %.2f s\n",
		       (unsigned long long)total.read,
		       (unsigned long long)total.ingested,
		       (unsigned long long)total.duplicates,
		       (unsigned long long)total.skipped,
		       (unsigned long long)total.rejected, total.elapsed);
	}
	if (netra_ingest_errors_hidden(ing) && !a.quiet)
		fprintf(stderr,
		        "netra ingest: %llu more rejected records not "
		        "shown\n",
		        (unsigned long long)netra_ingest_errors_hidden(ing));
	netra_ingest_free(ing);
	cli_inputs_free(&in);
	if (total.ingested > 0)
		sign_checkpoint(c, st);
	return status;
}
