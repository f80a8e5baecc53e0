/*
 * cli/cmd_user.c - `netra user`: the people who review findings. Adding,
 * listing, disabling, resetting and issuing tokens act for an
 * authenticated bkpp user (--as with a password file or $NETRA_TOKEN) or,
 * explicitly, for the operator's console (--operator, recorded with the
 * operating-system user): the bootstrap of the first BKPP user. Passwords
 * are read from standard input (one line each; echo off on a terminal)
 * and stored as argon2id hashes; the work is workflow/user.h and auth.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "workflow/auth.h"
#include "workflow/user.h"

static const char usage[] =
    "usage: netra user add NAME --role bkpp|opd|bawaslu --unit CODE "
    "[--all-units]\n"
    "                      [--email ADDR] [--nip NIP] WHO\n"
    "       netra user list [--json] WHO\n"
    "       netra user disable|enable NAME WHO\n"
    "       netra user reset NAME WHO          (new password on stdin)\n"
    "       netra user link NAME --nip NIP|--none WHO\n"
    "       netra user token NAME [--label TEXT] WHO\n"
    "       netra user revoke NAME WHO         (every token of NAME)\n"
    "       netra user passwd NAME             (current, then new "
    "password on stdin)\n"
    "       netra user verify NAME             (password on stdin)\n\n"
    "WHO is who acts: --as USER, a bkpp user, authenticated by its "
    "personal token\nin $NETRA_TOKEN or its password in --password-file "
    "F; or --operator, the\noperator's console (recorded in the audit log "
    "as operator:<OS user>), for the\nfirst BKPP user of a new store and "
    "for recovery.\n\n"
    "add      adds a user; its password is read from standard input, one "
    "line\n         (at least 10 characters, 4 different ones, not the "
    "user name),\n         and stored as an argon2id hash\n"
    "list     the users within WHO's scope (never their hashes)\n"
    "disable  the user can no longer log in or act; enable undoes it\n"
    "reset    sets a new password for a user who forgot theirs\n"
    "link     the employee (NIP or staff id) the user is: never shown "
    "findings about\n         themself; a finding about a reviewer goes "
    "to their supervisor's unit\n"
    "token    prints a new personal token for NAME's use of the command "
    "line\n         (export NETRA_TOKEN=...); only its hash is stored. A "
    "user may issue\n         one for themself.\n"
    "passwd   NAME changes their own password: two lines on standard "
    "input,\n         the current password and the new one\n"
    "verify   exit 0 if the password is NAME's (failures are throttled "
    "and audited)\n\n"
    "Roles: bkpp verifies and forwards findings of its unit subtree; opd "
    "reviews\nthe findings of its unit and the units below it; bawaslu "
    "reads forwarded\nfindings only.\n\n"
    "--all-units  (bkpp, bawaslu) the user's scope is every unit, not "
    "only CODE's\n             subtree: for a registry whose OPDs are "
    "all roots, BKPP being one\n             of them. Findings with no "
    "reviewer above them, confirmed ones and\n             escalated "
    "ones then go to CODE (an all-units bkpp user's unit).\n";

/* The options every subcommand shares. */
struct uargs {
	struct cli_who who;
	const char *name, *role, *unit, *email, *nip, *label;
	int all, json, none;
	char actor[96];
};

static int parse(struct uargs *a, int argc, char **argv, int want_name)
{
	int i = 2, m;

	memset(a, 0, sizeof(*a));
	if (want_name) {
		if (argc < 3 || argv[2][0] == '-')
			return -1;
		a->name = argv[2];
		i = 3;
	}
	while (i < argc) {
		if ((m = cli_who_opt(argc, argv, &i, &a->who)) ||
		    (m = cli_opt(argc, argv, &i, "--role", &a->role)) ||
		    (m = cli_opt(argc, argv, &i, "--unit", &a->unit)) ||
		    (m = cli_opt(argc, argv, &i, "--email", &a->email)) ||
		    (m = cli_opt(argc, argv, &i, "--nip", &a->nip)) ||
		    (m = cli_opt(argc, argv, &i, "--label", &a->label))) {
			if (m < 0)
				return -1;
		} else if (strcmp(argv[i], "--all-units") == 0) {
			a->all = 1, i++;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = 1, i++;
		} else if (strcmp(argv[i], "--none") == 0) {
			a->none = 1, i++;
		} else {
			fprintf(stderr, "netra user: unknown argument '%s'\n",
			        argv[i]);
			return -1;
		}
	}
	return 0;
}

/* Authenticates WHO (a token, a password file or --operator; stdin is
 * kept for the passwords the command itself reads). */
static int who(struct cli *c, struct uargs *a)
{
	return cli_authenticate(c, &a->who, CLI_AUTH_OPERATOR, a->actor,
	                        sizeof(a->actor));
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

static int read_new_password(char *pw, size_t size, const char *prompt)
{
	if (cli_read_secret(pw, size, stdin, prompt) != 0) {
		fprintf(stderr, "netra user: no password (one line, under "
		                "1024 bytes) on standard input\n");
		return CLI_ERR;
	}
	return CLI_OK;
}

static int user_add(struct cli *c, int argc, char **argv)
{
	struct uargs a;
	char pw[1024];
	int r, rc;

	if (parse(&a, argc, argv, 1) || !a.role || !a.unit)
		return cli_usage(usage);
	if ((r = wf_role_parse(a.role)) < 0) {
		fprintf(stderr,
		        "netra user add: unknown role '%s' (bkpp, opd, "
		        "bawaslu)\n",
		        a.role);
		return CLI_USAGE;
	}
	if (a.all && r == WF_ROLE_OPD) {
		fprintf(stderr, "netra user add: --all-units is for bkpp and "
		                "bawaslu users\n");
		return CLI_USAGE;
	}
	if ((rc = who(c, &a)))
		return rc;
	if ((rc = read_new_password(pw, sizeof(pw), "Password: ")))
		return rc;
	rc = a.all ? wf_user_add_all_units(NULL, c->store, a.name,
	                                   (enum wf_role)r, a.unit, a.email,
	                                   pw, a.actor)
	           : wf_user_add(NULL, c->store, a.name, (enum wf_role)r,
	                         a.unit, a.email, pw, a.actor);
	sodium_memzero(pw, sizeof(pw));
	if (!rc && a.nip)
		rc = wf_user_link(c->store, a.actor, a.name, a.nip);
	if (rc)
		return cli_fail("user add");
	printf("user %s added (%s, unit %s%s)\n", a.name, a.role, a.unit,
	       a.all ? ", all units" : "");
	if (r != WF_ROLE_OPD && !a.all)
		note_scope(c->store, a.name, a.unit);
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
	struct uargs a;
	json_t *arr = NULL;
	int rc;

	if (parse(&a, argc, argv, 0))
		return cli_usage(usage);
	if ((rc = who(c, &a)))
		return rc;
	if (wf_user_list(&arr, c->store, a.actor))
		return cli_fail("user list");
	return cli_render(arr, a.json, 0, list_text, "user list");
}

/* disable, enable, reset, link, token, revoke: one user, by WHO. */
static int user_admin(struct cli *c, int argc, char **argv)
{
	const char *sub = argv[1];
	char pw[1024], token[WF_TOKEN_LEN + 1], what[32];
	struct uargs a;
	int64_t n = 0;
	int rc;

	if (parse(&a, argc, argv, 1) || (!strcmp(sub, "link") && !a.nip == !a.none))
		return cli_usage(usage);
	if ((rc = who(c, &a)))
		return rc;
	snprintf(what, sizeof(what), "user %s", sub);
	if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		rc = wf_user_set_active(c->store, a.actor, a.name,
		                        !strcmp(sub, "enable"));
	} else if (!strcmp(sub, "link")) {
		rc = wf_user_link(c->store, a.actor, a.name, a.nip);
	} else if (!strcmp(sub, "revoke")) {
		rc = wf_token_revoke(&n, c->store, a.actor, a.name);
	} else if (!strcmp(sub, "token")) {
		if (!(rc = wf_token_issue(token, sizeof(token), c->store,
		                          a.actor, a.name, a.label)))
			printf("%s\n", token);
		sodium_memzero(token, sizeof(token));
		return rc ? cli_fail(what) : CLI_OK;
	} else {
		if ((rc = read_new_password(pw, sizeof(pw), "New password: ")))
			return rc;
		rc = wf_password_reset(c->store, a.actor, a.name, pw);
		sodium_memzero(pw, sizeof(pw));
	}
	if (rc)
		return cli_fail(what);
	if (!strcmp(sub, "revoke"))
		printf("user %s: %lld token%s revoked\n", a.name, (long long)n,
		       n == 1 ? "" : "s");
	else
		printf("user %s: %s done\n", a.name, sub);
	return CLI_OK;
}

static int user_passwd(struct cli *c, int argc, char **argv)
{
	char cur[1024], pw[1024];
	int rc;

	if (argc != 3 || argv[2][0] == '-')
		return cli_usage(usage);
	if (cli_read_secret(cur, sizeof(cur), stdin, "Current password: ") ||
	    cli_read_secret(pw, sizeof(pw), stdin, "New password: ")) {
		fprintf(stderr, "netra user passwd: give the current and the "
		                "new password, one line each\n");
		rc = CLI_ERR;
		goto done;
	}
	if (!cli_store(c)) {
		rc = CLI_ERR;
		goto done;
	}
	rc = wf_password_change(NULL, c->store, argv[2], cur, pw, cli_client(),
	                        0)
	         ? cli_fail("user passwd")
	         : CLI_OK;
	if (rc == CLI_OK)
		printf("user %s: password changed\n", argv[2]);
done:
	sodium_memzero(cur, sizeof(cur));
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int user_verify(struct cli *c, int argc, char **argv)
{
	char pw[1024];
	int rc;

	if (argc != 3 || argv[2][0] == '-')
		return cli_usage(usage);
	if (cli_read_secret(pw, sizeof(pw), stdin, "Password: ") != 0)
		return cli_usage(usage);
	if (!cli_store(c)) {
		sodium_memzero(pw, sizeof(pw));
		return CLI_ERR;
	}
	rc = wf_login(NULL, c->store, argv[2], pw, cli_client(), 0);
	sodium_memzero(pw, sizeof(pw));
	if (rc)
		return cli_fail("user verify");
	printf("ok\n");
	return CLI_OK;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	static const char *const admin[] = {"disable", "enable", "reset",
	                                    "link",    "token",  "revoke"};
	size_t k;
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
	if (strcmp(argv[1], "passwd") == 0)
		return user_passwd(c, argc, argv);
	for (k = 0; k < sizeof(admin) / sizeof(admin[0]); k++)
		if (strcmp(argv[1], admin[k]) == 0)
			return user_admin(c, argc, argv);
	fprintf(stderr, "netra user: unknown subcommand '%s'\n", argv[1]);
	return cli_usage(usage);
}
