/*
 * cli/cmd_registry.c - `netra registry import|show`: parses arguments and
 * prints; the work is netra_registry_import() and netra_registry_show()
 * in src/registry/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/registry.h"
#include "workflow/user.h"

static const char usage[] =
    "usage: netra registry import [--units F] [--employees F] "
    "[--accounts F] [--dry-run]\n"
    "       netra registry show [--unit CODE] [--json] [--as USER]\n\n"
    "import  reads units.csv (code,name,parent_code,kind), employees.csv\n"
    "        (nip,name,position,unit_code,status,supervisor_nip) and\n"
    "        accounts.csv (nip,platform,handle); any subset, all or\n"
    "        nothing. Every problem is printed as file:line: reason.\n"
    "        Rows missing from a re-imported file are made inactive.\n"
    "        --dry-run validates without writing.\n"
    "show    the unit tree with staff and account counts (own/total);\n"
    "        --unit CODE shows one subtree, --json nested JSON; --as USER\n"
    "        shows only what that user's scope holds.\n";

static void print_diag(void *ctx, int is_error, const char *msg)
{
	(void)ctx;
	(void)is_error;
	fprintf(stderr, "%s\n", msg);
}

static void print_count(const char *name, const struct netra_registry_count *k,
                        const char *sep)
{
	printf("%s %zu added, %zu updated, %zu deactivated%s", name, k->added,
	       k->updated, k->deactivated, sep);
}

static int do_import(struct cli *c, int argc, char **argv)
{
	struct netra_registry_import_opts o;
	struct netra_registry_import_result r;
	netra_store *st = NULL;
	const char *user = getenv("USER");
	int i = 1, m;

	memset(&o, 0, sizeof(o));
	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if ((m = cli_opt(argc, argv, &i, "--units", &o.units.path)) ||
		    (m = cli_opt(argc, argv, &i, "--employees",
		                 &o.employees.path)) ||
		    (m = cli_opt(argc, argv, &i, "--accounts",
		                 &o.accounts.path))) {
			if (m < 0)
				return cli_usage(usage);
			continue;
		}
		if (strcmp(argv[i], "--dry-run") != 0) {
			fprintf(stderr,
			        "netra registry import: unknown "
			        "argument '%s'\n",
			        argv[i]);
			return cli_usage(usage);
		}
		o.dry_run = 1;
		i++;
	}
	if (!o.units.path && !o.employees.path && !o.accounts.path) {
		fputs("netra registry import: give at least one of --units, "
		      "--employees, --accounts\n",
		      stderr);
		return cli_usage(usage);
	}
	if (!(st = cli_store_create(c)))
		return CLI_ERR;
	o.actor = user && *user ? user : "system";
	o.report = print_diag;
	if (netra_registry_import(&r, st, &o) != 0)
		return cli_fail("registry import");
	printf("%s", o.dry_run ? "dry run (nothing written): " : "");
	print_count("units", &r.units, "; ");
	print_count("employees", &r.employees, "; ");
	print_count("accounts", &r.accounts, "");
	printf("; %zu warning%s\n", r.warnings, r.warnings == 1 ? "" : "s");
	return CLI_OK;
}

static int tree_text(struct sbuf *b, json_t *u, int depth)
{
	json_t *kid;
	size_t i;
	int rc = sbuf_printf(
	    b, "%*s%s  %s [%s]  staff %lld/%lld  accounts %lld/%lld\n",
	    depth * 2, "", cli_jstr(u, "code", NULL), cli_jstr(u, "name", NULL),
	    cli_jstr(u, "kind", NULL),
	    (long long)json_integer_value(json_object_get(u, "staff")),
	    (long long)json_integer_value(json_object_get(u, "staff_total")),
	    (long long)json_integer_value(json_object_get(u, "accounts")),
	    (long long)json_integer_value(
	        json_object_get(u, "accounts_total")));

	json_array_foreach(json_object_get(u, "children"), i, kid)
	{
		if (!rc)
			rc = tree_text(b, kid, depth + 1);
	}
	return rc;
}

static int show_text(struct sbuf *b, json_t *o)
{
	json_t *u;
	size_t i;
	int rc = sbuf_puts(b, "unit  staff own/with units below  "
	                      "accounts own/with units below\n");

	json_array_foreach(json_object_get(o, "units"), i, u)
	{
		if (!rc)
			rc = tree_text(b, u, 0);
	}
	return rc;
}

static int do_show(struct cli *c, int argc, char **argv)
{
	const char *unit = NULL;
	struct cli_who w = {0};
	char actor[96];
	json_t *o = NULL;
	netra_store *st;
	int i = 1, m, rc, json = 0;

	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if ((m = cli_opt(argc, argv, &i, "--unit", &unit)) ||
		    (m = cli_who_opt(argc, argv, &i, &w))) {
			if (m < 0)
				return cli_usage(usage);
			continue;
		}
		if (strcmp(argv[i], "--json") != 0) {
			fprintf(stderr,
			        "netra registry show: unknown "
			        "argument '%s'\n",
			        argv[i]);
			return cli_usage(usage);
		}
		json = 1;
		i++;
	}
	/* without --as (or $NETRA_TOKEN): the operator's view, counts only */
	if (!w.as && !getenv("NETRA_TOKEN"))
		w.operator_mode = 1;
	if ((rc = cli_authenticate(c, &w, CLI_AUTH_OPERATOR | CLI_AUTH_STDIN,
	                           actor, sizeof(actor))))
		return rc;
	st = c->store;
	if (wf_registry_show(&o, st, actor, unit) != 0)
		return cli_fail("registry show");
	return cli_render(o, json, 1, show_text, "registry show");
}

int cmd_registry(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage);
	if (cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "import") == 0)
		return do_import(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return do_show(c, argc - 1, argv + 1);
	fprintf(stderr, "netra registry: unknown subcommand '%s'\n", argv[1]);
	return cli_usage(usage);
}
