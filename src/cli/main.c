/*
 * cli/main.c - entry point of the `netra` binary: global options, then
 * dispatch to a subcommand in cmd_<name>.c. All logic lives in libnetra;
 * this layer parses arguments and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "netra/engine.h"

struct command {
	const char *name;
	const char *help;
	int (*fn)(struct cli *c, int argc, char **argv);
};

static const struct command commands[] = {
#define X(name, help) {#name, help, cmd_##name},
	CLI_COMMANDS(X)
#undef X
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: netra [--db PATH] COMMAND [ARGS...]\n\n"
		   "Flags potential breaches of civil-servant (ASN) neutrality in "
		   "social-media\nactivity for human review.\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nglobal options:\n"
		   "  --db PATH   the store: a SQLite file (default ./netra.db, or "
		   "$NETRA_DB)\n              or a postgresql:// URL; only `registry import` "
		   "and\n              `hoax import` create a store that does "
		   "not exist\n"
		   "  --version   print the version\n\n"
		   "Run `netra COMMAND --help` for a command's options.\n"
		   "Exit codes: 0 ok, 1 runtime error, 2 usage error.\n");
}

int cmd_help(struct cli *c, int argc, char **argv)
{
	size_t i;

	if (argc < 2 || cli_is_help(argv[1])) {
		print_help(stdout);
		return CLI_OK;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			char *args[] = {argv[1], "--help", NULL};
			return commands[i].fn(c, 2, args);
		}
	}
	fprintf(stderr, "netra: unknown command '%s'\n", argv[1]);
	return CLI_USAGE;
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	const char *v;
	int i = 1, rc;
	size_t k;

	c.db_path = getenv("NETRA_DB");
	if (!c.db_path || !*c.db_path)
		c.db_path = "netra.db";
	while (i < argc && argv[i][0] == '-') {
		int m = cli_opt(argc, argv, &i, "--db", &v);
		if (m == 1) {
			c.db_path = v;
		} else if (m < 0) {
			return cli_usage("netra: --db needs a PATH\n");
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("netra %s\ndata: %s\n", netra_version(),
			       netra_engine_default_data_dir());
			return CLI_OK;
		} else if (cli_is_help(argv[i])) {
			print_help(stdout);
			return CLI_OK;
		} else {
			fprintf(stderr, "netra: unknown option '%s'\n", argv[i]);
			return CLI_USAGE;
		}
	}
	if (i >= argc) {
		print_help(stderr);
		return CLI_USAGE;
	}
	for (k = 0; k < NCOMMANDS; k++) {
		if (strcmp(argv[i], commands[k].name) == 0) {
			rc = commands[k].fn(&c, argc - i, argv + i);
			netra_store_close(c.store);
			return rc;
		}
	}
	fprintf(stderr, "netra: unknown command '%s' (see `netra help`)\n",
		argv[i]);
	return CLI_USAGE;
}
