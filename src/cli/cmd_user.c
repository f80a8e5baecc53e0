/*
 * cli/cmd_user.c - `netra user add|list|verify`: the people who review
 * findings. The password is read from standard input (one line; echo off
 * on a terminal) and stored as an argon2id hash (workflow/user.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "workflow/user.h"

static const char usage[] =
    "usage: netra user add NAME --role bkpp|opd|bawaslu --unit CODE "
    "[--all-units]\n"
    "                      [--email ADDR] [--as USER]\n"
    "       netra user list [--json]\n"
    "       netra user verify NAME\n\n"
    "add     adds a user; the password (at least 10 characters) is read "
    "from\n        standard input, one line, and stored as an argon2id "
    "hash\nlist    lists users (never their hashes)\n"
    "verify  reads a password from standard input; exit 0 if it is "
    "NAME's\n\n"
    "Roles: bkpp verifies and forwards findings of its unit subtree; opd "
    "reviews\nthe findings of its unit and the units below it; bawaslu "
    "reads forwarded\nfindings only.\n\n"
    "--all-units  (bkpp, bawaslu) the user's scope is every unit, not "
    "only CODE's\n             subtree: for a registry whose OPDs are "
    "all roots, BKPP being one\n             of them. Findings with no "
    "reviewer above them, confirmed ones and\n             escalated "
    "ones then go to CODE (an all-units bkpp user's unit).\n";

/* Reads one line from stdin into buf without the line end; echo off when
 * stdin is a terminal. 0, or -1 on EOF/too long. */
static int read_password(char *buf, size_t size, const char *prompt)
{
	struct termios old, quiet;
	int tty = isatty(0), ok;
	size_t n;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(0, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)size, stdin) != NULL;
	if (tty) {
		tcsetattr(0, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(stdin))
		return -1;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

/* Tells whoever adds a bkpp or bawaslu user scoped to a subtree how many
 * units it will never see: in a registry whose OPDs are all roots that is
 * nearly all of them, and --all-units is what was meant. */
static void note_scope(netra_store *st, const char *name, const char *unit)
{
	int64_t outside = 0;

	if (wf_user_units_outside(&outside, st, name) == 0 && outside > 0)
		fprintf(stderr,
		        "note: %s sees only unit %s and the units below it; "
		        "%lld other active units are outside its scope (use "
		        "--all-units for the whole organisation)\n",
		        name, unit, (long long)outside);
}

static int user_add(struct cli *c, int argc, char **argv)
{
	const char *name = NULL, *role = NULL, *unit = NULL, *email = NULL;
	const char *as = NULL;
	char pw[1024];
	int i = 2, m, r, rc, all = 0;

	if (argc < 3 || argv[2][0] == '-')
		return cli_usage(usage);
	name = argv[2];
	for (i = 3; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--role", &role)) ||
		    (m = cli_opt(argc, argv, &i, "--unit", &unit)) ||
		    (m = cli_opt(argc, argv, &i, "--email", &email)) ||
		    (m = cli_opt(argc, argv, &i, "--as", &as))) {
			if (m < 0)
				return cli_usage(usage);
			continue;
		}
		if (strcmp(argv[i], "--all-units") == 0) {
			all = 1, i++;
			continue;
		}
		fprintf(stderr, "netra user add: unknown argument '%s'\n",
		        argv[i]);
		return cli_usage(usage);
	}
	if (!role || !unit)
		return cli_usage(usage);
	if ((r = wf_role_parse(role)) < 0) {
		fprintf(stderr,
		        "netra user add: unknown role '%s' (bkpp, opd, "
		        "bawaslu)\n",
		        role);
		return CLI_USAGE;
	}
	if (all && r == WF_ROLE_OPD) {
		fprintf(stderr, "netra user add: --all-units is for bkpp and "
		                "bawaslu users\n");
		return CLI_USAGE;
	}
	if (read_password(pw, sizeof(pw), "Password: ") != 0) {
		fprintf(stderr, "netra user add: no password (one line, under "
		                "1024 bytes) on standard "
		                "input\n");
		return CLI_ERR;
	}
	if (!cli_store(c)) {
		sodium_memzero(pw, sizeof(pw));
		return CLI_ERR;
	}
	rc = all ? wf_user_add_all_units(NULL, c->store, name, (enum wf_role)r,
	                                 unit, email, pw, as)
	         : wf_user_add(NULL, c->store, name, (enum wf_role)r, unit,
	                       email, pw, as);
	sodium_memzero(pw, sizeof(pw));
	if (rc)
		return cli_fail("user add");
	printf("user %s added (%s, unit %s%s)\n", name, role, unit,
	       all ? ", all units" : "");
	if (r != WF_ROLE_OPD && !all)
		note_scope(c->store, name, unit);
	return CLI_OK;
}

static int list_text(struct sbuf *b, json_t *arr)
{
	json_t *u;
	size_t i;
	int rc = sbuf_printf(b, "%-20s %-8s %-16s %-10s %-18s %s\n", "name",
	                     "role", "unit", "scope", "nip", "email");

	json_array_foreach(arr, i, u)
	{
		if (rc)
			break;
		rc = sbuf_printf(
		    b, "%-20s %-8s %-16s %-10s %-18s %s%s\n",
		    cli_jstr(u, "name", NULL), cli_jstr(u, "role", NULL),
		    cli_jstr(u, "unit", NULL),
		    json_is_true(json_object_get(u, "all_units")) ? "all-units"
		                                                  : "subtree",
		    cli_jstr(u, "nip", NULL), cli_jstr(u, "email", NULL),
		    json_is_true(json_object_get(u, "active")) ? ""
		                                               : " (inactive)");
	}
	if (!rc)
		rc = sbuf_printf(b, "%zu user%s\n", json_array_size(arr),
		                 json_array_size(arr) == 1 ? "" : "s");
	return rc;
}

static int user_list(struct cli *c, int argc, char **argv)
{
	struct sbuf b = SBUF_INIT;
	const char *as = NULL;
	json_t *arr = NULL;
	int json = 0, i, m, rc;

	for (i = 2; i < argc;) {
		if ((m = cli_opt(argc, argv, &i, "--as", &as))) {
			if (m < 0)
				return cli_usage(usage);
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1, i++;
		} else {
			return cli_usage(usage);
		}
	}
	if (!cli_store(c))
		return CLI_ERR;
	if (wf_user_list(&arr, c->store, cli_actor_or_operator(as)))
		return cli_fail("user list");
	if (json)
		rc = cli_print_json(arr, 0);
	else if (list_text(&b, arr))
		rc = cli_fail("user list");
	else
		rc = cli_print_text(&b);
	sbuf_free(&b);
	json_decref(arr);
	return rc;
}

static int user_verify(struct cli *c, int argc, char **argv)
{
	char pw[1024];
	int rc;

	if (argc != 3)
		return cli_usage(usage);
	if (read_password(pw, sizeof(pw), "Password: ") != 0)
		return cli_usage(usage);
	if (!cli_store(c)) {
		sodium_memzero(pw, sizeof(pw));
		return CLI_ERR;
	}
	rc = wf_user_check_password(c->store, argv[2], pw);
	sodium_memzero(pw, sizeof(pw));
	if (rc)
		return cli_fail("user verify");
	printf("ok\n");
	return CLI_OK;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
	if (argc < 2)
		return cli_usage(usage);
	if (strcmp(argv[1], "add") == 0)
		return user_add(c, argc, argv);
	if (strcmp(argv[1], "list") == 0)
		return user_list(c, argc, argv);
	if (strcmp(argv[1], "verify") == 0)
		return user_verify(c, argc, argv);
	fprintf(stderr, "netra user: unknown subcommand '%s'\n", argv[1]);
	return cli_usage(usage);
}
