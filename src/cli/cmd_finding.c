/*
 * cli/cmd_finding.c - `netra finding list|show|review|confirm|dismiss|
 * verify|forward|close`, each acting for the user named by --as (or
 * $NETRA_USER). The CLI runs with direct access to the database file, so
 * --as is accountability and scoping (every read and change is limited to
 * that user's units and audited under their name), not authentication;
 * the web UI authenticates with the password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"

static const char usage[] =
    "usage: netra finding list [--state S] [--unit CODE] [--overdue] "
    "[--json] --as USER\n"
    "       netra finding show ID [--json] --as USER\n"
    "       netra finding ACTION ID [--reason TEXT] --as USER\n\n"
    "ACTION (who may do it, from which state):\n"
    "  review   opd, bkpp  baru -> ditinjau_opd\n"
    "  confirm  opd, bkpp  ditinjau_opd -> dikonfirmasi_opd (goes to "
    "BKPP)\n"
    "  dismiss  opd, bkpp  ditinjau_opd -> ditolak (--reason required)\n"
    "           bkpp       diverifikasi_bkpp -> ditolak (--reason "
    "required)\n"
    "  verify   bkpp       dikonfirmasi_opd -> diverifikasi_bkpp\n"
    "  forward  bkpp       diverifikasi_bkpp -> diteruskan (--reason = "
    "the\n                      recommendation to Bawaslu/BKN, "
    "required)\n"
    "  close    bkpp       diteruskan -> selesai\n\n"
    "options:\n"
    "  --as USER   the acting user (or $NETRA_USER); sees and changes "
    "only the\n              findings of its unit and the units below "
    "it\n"
    "  --now TIME  the current time (or $NETRA_NOW), for tests\n"
    "States: baru ditinjau_opd dikonfirmasi_opd diverifikasi_bkpp "
    "ditolak\n        diteruskan selesai\n";

struct args {
	const char *as, *state, *unit, *reason, *now_s, *id_s;
	int json, overdue;
	int64_t now, id;
};

static int parse_args(struct args *a, int argc, char **argv)
{
	int i, m;

	memset(a, 0, sizeof(*a));
	for (i = 2; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--as", &a->as)) ||
		    (m = cli_opt(argc, argv, &i, "--state", &a->state)) ||
		    (m = cli_opt(argc, argv, &i, "--unit", &a->unit)) ||
		    (m = cli_opt(argc, argv, &i, "--reason", &a->reason)) ||
		    (m = cli_opt(argc, argv, &i, "--now", &a->now_s))) {
			if (m < 0)
				return -1;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = 1, i++;
		} else if (strcmp(argv[i], "--overdue") == 0) {
			a->overdue = 1, i++;
		} else if (argv[i][0] != '-' && !a->id_s) {
			a->id_s = argv[i++];
		} else {
			fprintf(stderr,
			        "netra finding: unknown argument "
			        "'%s'\n",
			        argv[i]);
			return -1;
		}
	}
	if (!a->as)
		a->as = getenv("NETRA_USER");
	if (!a->as || !*a->as) {
		fprintf(stderr, "netra finding: --as USER is required\n");
		return -1;
	}
	if (a->now_s && wf_time_parse(&a->now, a->now_s) != 0) {
		fprintf(stderr, "netra finding: --now: %s\n",
		        netra_error_last());
		return -1;
	}
	if (a->id_s) {
		char *end;

		if (a->id_s[0] == '#')
			a->id_s++;
		a->id = strtoll(a->id_s, &end, 10);
		if (*end || a->id <= 0) {
			fprintf(stderr,
			        "netra finding: '%s' is not a finding "
			        "id\n",
			        a->id_s);
			return -1;
		}
	}
	return 0;
}

static int do_list(struct cli *c, const struct args *a)
{
	struct wf_list_filter f = {a->state, a->unit, a->overdue, a->now};
	char *out = NULL;
	int rc;

	if (a->id_s || a->reason)
		return cli_usage(usage);
	if (!cli_store(c))
		return CLI_ERR;
	rc = wf_finding_list(&out, c->store, a->as, &f, a->json);
	if (rc) {
		cli_fail("finding list");
		/* an unknown --state is a usage error */
		return rc == NETRA_EINVALID ? CLI_USAGE : CLI_ERR;
	}
	fputs(out, stdout);
	free(out);
	return CLI_OK;
}

static int do_show(struct cli *c, const struct args *a)
{
	char *out = NULL;

	if (!a->id_s || a->state || a->unit || a->overdue || a->reason)
		return cli_usage(usage);
	if (!cli_store(c))
		return CLI_ERR;
	if (wf_finding_show(&out, c->store, a->as, a->id, a->json, a->now))
		return cli_fail("finding show");
	fputs(out, stdout);
	free(out);
	return CLI_OK;
}

static int do_act(struct cli *c, const struct args *a, int action)
{
	char what[64];

	if (!a->id_s || a->state || a->unit || a->overdue || a->json)
		return cli_usage(usage);
	if (!cli_store(c))
		return CLI_ERR;
	snprintf(what, sizeof(what), "finding %s #%lld",
	         wf_action_name((enum wf_action)action), (long long)a->id);
	if (wf_finding_act(c->store, a->as, a->id, (enum wf_action)action,
	                   a->reason, a->now))
		return cli_fail(what);
	printf("finding #%lld: %s done\n", (long long)a->id,
	       wf_action_name((enum wf_action)action));
	return CLI_OK;
}

int cmd_finding(struct cli *c, int argc, char **argv)
{
	struct args a;
	int i, action;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
	if (argc < 2)
		return cli_usage(usage);
	action = wf_action_parse(argv[1]);
	if (strcmp(argv[1], "list") && strcmp(argv[1], "show") && action < 0) {
		fprintf(stderr, "netra finding: unknown subcommand '%s'\n",
		        argv[1]);
		return cli_usage(usage);
	}
	if (parse_args(&a, argc, argv) != 0)
		return cli_usage(usage);
	if (strcmp(argv[1], "list") == 0)
		return do_list(c, &a);
	if (strcmp(argv[1], "show") == 0)
		return do_show(c, &a);
	return do_act(c, &a, action);
}
