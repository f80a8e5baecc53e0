/*
 * cli/cmd_check.c - `netra check`: judges events (JSONL, one Event per
 * line), plain text lines (--text), or one text given as the argument, and
 * prints one Verdict JSON line per input (DESIGN.md). Malformed lines are
 * reported on stderr as "FILE:LINE: reason" and skipped; the exit code is 0
 * unless the input had lines and none of them could be judged.
 *
 * A line the strict Event parser rejects for a detail that does not matter
 * to judging (say, a handle that breaks a platform's character rules) but
 * that is still a JSON object with an "id" is judged from its id, type,
 * text and target, with a warning on stderr: checking must not lose an
 * event because of its metadata (netra_event_parser_parse_lenient, in
 * the library so the web's self-check reads events the same way).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unistd.h>

#include "cli/check.h"
#include "cli/cli.h"
#include "netra/engine.h"
#include "netra/ingest.h"

static const char usage[] =
    "usage: netra check [--election FILE] [--rules FILE] [--hoaxes FILE]\n"
    "                   [--data DIR] [--text] [--threads N]\n"
    "                   [--max-record SIZE] [FILE | - | -t TEXT]\n"
    "\n"
    "Judges events against the election profile and rulebook and prints\n"
    "one verdict (JSON) per event. Input is JSONL events (one per line)\n"
    "from FILE or stdin (-, the default); with --text each line is a post\n"
    "text. -t TEXT (--text-arg TEXT) judges TEXT itself. An argument that\n"
    "names no file is an error, unless it holds a space (\"a quoted\n"
    "post\"): then it is judged as a text.\n"
    "\n"
    "  --election FILE  election profile (default: the demo profile,\n"
    "                   DATA/demo/election.yaml, said on stderr)\n"
    "  --rules FILE     rulebook (default DATA/rulebook.yaml)\n"
    "  --hoaxes FILE    debunked hoaxes, JSONL (default: none)\n"
    "  --data DIR       data directory (default $NETRA_DATA or built-in)\n"
    "  --text           input lines are plain texts, not events\n"
    "  -t, --text-arg TEXT  judge TEXT (one post text)\n"
    "  --threads N      judging threads, 1 to 64 (default: the cores);\n"
    "                   verdicts keep the input's order\n"
    "  --max-record SIZE  longest input line, bytes or K/M, 64K to 64M\n"
    "                   (default 1M, or $NETRA_MAX_RECORD); longer lines\n"
    "                   are reported and skipped\n"
    "\n"
    "Malformed lines are reported on stderr as FILE:LINE: reason and\n"
    "skipped; a line the strict Event parser rejects that is still a JSON\n"
    "object with an id is judged from its type, text and target, with a\n"
    "warning. Exit 0; 1 if no input line could be judged, or FILE\n"
    "cannot be read; 2 on a usage error.\n";

struct args {
	const char *input;      /* FILE, "-", or a text with a space */
	const char *text_arg;   /* -t / --text-arg TEXT */
	const char *max_record; /* --max-record SIZE */
	const char *threads;    /* --threads N */
};

static int parse_args(int argc, char **argv, struct netra_engine_opts *o,
                      int *text_mode, struct args *a)
{
	int i, r;

	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return -1;
		}
		if ((r = cli_opt(argc, argv, &i, "--election",
		                 &o->election_path)) ||
		    (r = cli_opt(argc, argv, &i, "--rules", &o->rules_path)) ||
		    (r = cli_opt(argc, argv, &i, "--hoaxes",
		                 &o->hoaxes_path)) ||
		    (r = cli_opt(argc, argv, &i, "--data", &o->data_dir)) ||
		    (r = cli_opt(argc, argv, &i, "--max-record",
		                 &a->max_record)) ||
		    (r = cli_opt(argc, argv, &i, "--text-arg", &a->text_arg)) ||
		    (r = cli_opt(argc, argv, &i, "--threads", &a->threads)) ||
		    (r = cli_opt(argc, argv, &i, "-t", &a->text_arg))) {
			if (r < 0)
				return cli_usage(usage);
			i--;
			continue;
		}
		if (strcmp(argv[i], "--text") == 0) {
			*text_mode = 1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage(usage);
		if (a->input)
			return cli_usage(usage);
		a->input = argv[i];
	}
	if (a->input && a->text_arg)
		return cli_usage(usage); /* one input: a text or a file */
	return 0;
}

/* What the positional argument names: 1 a file (or device) to read, 0 a
 * text to judge (it names nothing and holds a space: a quoted post), or
 * -1 after printing why it is neither (a single word that names no file
 * is a mistyped path far more often than a one-word post: -t judges it
 * as text; a directory). */
static int input_is_file(const char *input)
{
	struct stat st;

	if (stat(input, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return 1;
		fprintf(stderr, "netra check: %s: is a directory\n", input);
		return -1;
	}
	if (errno == ENOENT && strpbrk(input, " \t\n"))
		return 0;
	fprintf(stderr,
	        "netra check: %s: %s (to judge it as a text, give -t "
	        "\"TEXT\")\n",
	        input, errno == ENOENT ? "no such file" : strerror(errno));
	return -1;
}

/* --threads N, 1 to 64; default: the cores online. 0 or -1. */
static int threads_arg(int *out, const char *s)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	char *end;

	if (s) {
		n = strtol(s, &end, 10);
		if (*end || end == s || n < 1 || n > 64) {
			fprintf(stderr,
			        "netra check: --threads '%s': give 1 to "
			        "64\n",
			        s);
			return -1;
		}
	}
	*out = n < 1 ? 1 : n > 64 ? 64 : (int)n;
	return 0;
}

int cmd_check(struct cli *c, int argc, char **argv)
{
	struct netra_engine_opts o = {0};
	struct check_opts co = {0};
	struct check_counts counts;
	netra_engine *e = NULL;
	struct args a = {0};
	const char *input, *text;
	char defprof[4096];
	FILE *f = NULL;
	int rc, ret = CLI_ERR;

	(void)c;
	rc = parse_args(argc, argv, &o, &co.text_mode, &a);
	if (rc)
		return rc < 0 && rc != CLI_USAGE ? CLI_OK : rc;
	if (cli_max_record(&co.max_record, a.max_record) ||
	    threads_arg(&co.threads, a.threads))
		return CLI_USAGE;
	if (!co.max_record)
		co.max_record = NETRA_INGEST_MAX_RECORD;
	input = a.input;
	text = a.text_arg;
	if (input && strcmp(input, "-") != 0) {
		if ((rc = input_is_file(input)) < 0)
			return CLI_ERR;
		if (rc == 0) {
			text = input;
			input = NULL;
		}
	}
	if (!o.election_path) {
		snprintf(defprof, sizeof(defprof), "%s/demo/election.yaml",
		         o.data_dir ? o.data_dir
		                    : netra_engine_default_data_dir());
		o.election_path = defprof;
		fprintf(stderr,
		        "netra check: no --election given: using the demo "
		        "profile %s (a fictional election); give --election "
		        "FILE to judge against yours\n",
		        defprof);
	}
	if (input && strcmp(input, "-") != 0 && !(f = fopen(input, "rb"))) {
		fprintf(stderr, "netra check: %s: %s\n", input,
		        strerror(errno));
		return CLI_ERR;
	}
	if (netra_engine_new(&e, &o)) {
		ret = cli_fail("cannot build the engine");
		goto done;
	}
	co.engine = e;
	co.name = f ? input : "-";
	if (text) {
		if (check_text(&co, text, stdout) || fflush(stdout) != 0)
			cli_fail("check");
		else
			ret = CLI_OK;
		goto done;
	}
	rc = check_run(&counts, &co, f ? f : stdin, stdout, stderr);
	if (fflush(stdout) != 0)
		rc = -1;
	if (!rc && (counts.ok > 0 || counts.bad == 0))
		ret = CLI_OK;
done:
	if (f)
		fclose(f);
	netra_engine_free(e);
	return ret;
}
