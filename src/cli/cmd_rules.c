/*
 * cli/cmd_rules.c - `netra rules`: `check FILE` validates a rulebook or an
 * election profile (told apart by content) and prints precise errors;
 * `show` prints the rulebook as the list of forbidden acts, in Indonesian,
 * generated from the same rules the engine applies (--json for machines).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/engine.h"
#include "rules/profile.h"
#include "rules/rulebook.h"
#include "rules/yamldoc.h"
#include "util/sbuf.h"

static const char usage[] =
    "usage: netra rules check FILE\n"
    "       netra rules show [--rules FILE] [--json]\n"
    "\n"
    "  check FILE   validate a rulebook or an election profile (detected\n"
    "               from the content); errors as FILE:LINE:COL: reason,\n"
    "               exit 1 if invalid\n"
    "  show         print the rules as the list of acts forbidden to civil\n"
    "               servants, with category, severity and legal basis\n"
    "  --rules FILE rulebook to show (default DATA/rulebook.yaml)\n"
    "  --json       print the rules as JSON\n";

static const char *category_id(unsigned label)
{
	switch (label) {
	case NETRA_LABEL_SUPPORT:
		return "mendukung pasangan calon";
	case NETRA_LABEL_ATTACK:
		return "menyerang atau merugikan pasangan calon";
	case NETRA_LABEL_HATE:
		return "ujaran kebencian SARA";
	case NETRA_LABEL_HOAX:
		return "menyebarkan hoaks";
	default:
		return "?";
	}
}

static int check_file(const char *path)
{
	struct rules_profile *p = NULL;
	struct rules_rulebook *rb = NULL;
	char *buf;
	size_t len;
	int rc;

	if (rules_read_file(&buf, &len, path))
		return cli_fail("rules check");
	if (rules_profile_sniff(buf, len)) {
		rc = rules_profile_parse(&p, path, buf, len);
		if (!rc)
			printf("%s: election profile '%s' is valid: %zu "
			       "candidate pair%s, time zone %s\n",
			       path, p->id, p->ncand, p->ncand == 1 ? "" : "s",
			       p->timezone);
	} else {
		rc = rules_rulebook_parse(&rb, path, NULL, buf, len);
		if (!rc)
			printf("%s: rulebook '%s' version %s is valid: %zu "
			       "rules, %zu word lists\n",
			       path, rb->id, rb->version, rb->nrules, rb->nlex);
	}
	if (rc)
		fprintf(stderr, "%s\n", netra_error_last());
	free(buf);
	rules_profile_free(p);
	rules_rulebook_free(rb);
	return rc ? CLI_ERR : CLI_OK;
}

static void show_text(const struct rules_rulebook *rb)
{
	size_t i;

	printf("DAFTAR PERBUATAN YANG DILARANG BAGI ASN DI MEDIA SOSIAL\n"
	       "SELAMA MASA PEMILIHAN KEPALA DAERAH\n\n"
	       "Buku aturan: %s, versi %s (%zu aturan)\n",
	       rb->id, rb->version, rb->nrules);
	if (rb->description[0])
		printf("%s\n", rb->description);
	printf("\nSetiap temuan netra adalah dugaan pelanggaran yang harus "
	       "ditinjau atasan;\nnetra tidak menjatuhkan sanksi.\n");
	for (i = 0; i < rb->nrules; i++) {
		const struct rules_rule *r = &rb->rules[i];

		printf("\n%zu. %s\n", i + 1, r->act);
		printf("   Kategori     : %s\n", category_id(r->label));
		printf("   Tingkat      : %s\n",
		       rules_severity_name(r->severity));
		printf("   Dasar hukum  : %s\n", r->basis);
		printf("   Kode aturan  : %s\n", r->id);
	}
}

static int show_json(const struct rules_rulebook *rb)
{
	struct sbuf b = SBUF_INIT;
	size_t i;
	int rc;

	rc = sbuf_puts(&b, "{\"rulebook\":");
	rc = rc || sbuf_json_str(&b, rb->id, strlen(rb->id));
	rc = rc || sbuf_puts(&b, ",\"version\":");
	rc = rc || sbuf_json_str(&b, rb->version, strlen(rb->version));
	rc = rc || sbuf_puts(&b, ",\"rules\":[");
	for (i = 0; i < rb->nrules && !rc; i++) {
		const struct rules_rule *r = &rb->rules[i];

		rc = sbuf_printf(&b, "%s{\"id\":", i ? "," : "");
		rc = rc || sbuf_json_str(&b, r->id, strlen(r->id));
		rc = rc || sbuf_printf(&b,
		                       ",\"category\":\"%s\",\"severity\":"
		                       "\"%s\",\"detect\":\"%s\",\"basis\":",
		                       netra_label_name(r->label),
		                       rules_severity_name(r->severity),
		                       rules_detect_name(r->detect));
		rc = rc || sbuf_json_str(&b, r->basis, strlen(r->basis));
		rc = rc || sbuf_puts(&b, ",\"act\":");
		rc = rc || sbuf_json_str(&b, r->act, strlen(r->act));
		rc = rc || sbuf_putc(&b, '}');
	}
	rc = rc || sbuf_puts(&b, "]}\n");
	if (!rc)
		fwrite(b.data, 1, b.len, stdout);
	sbuf_free(&b);
	return rc ? cli_fail("rules show") : CLI_OK;
}

static int show(int argc, char **argv)
{
	struct rules_rulebook *rb = NULL;
	const char *path = NULL;
	char def[4096];
	int i, r, json = 0, rc;

	for (i = 2; i < argc; i++) {
		if ((r = cli_opt(argc, argv, &i, "--rules", &path))) {
			if (r < 0)
				return cli_usage(usage);
			i--;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else {
			return cli_usage(usage);
		}
	}
	if (!path) {
		snprintf(def, sizeof(def), "%s/rulebook.yaml",
		         netra_engine_default_data_dir());
		path = def;
	}
	if (rules_rulebook_load(&rb, path))
		return cli_fail("rules show");
	if (json) {
		rc = show_json(rb);
	} else {
		show_text(rb);
		rc = CLI_OK;
	}
	rules_rulebook_free(rb);
	return rc;
}

int cmd_rules(struct cli *c, int argc, char **argv)
{
	(void)c;
	if (argc < 2)
		return cli_usage(usage);
	if (cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "check") == 0) {
		if (argc == 3 && cli_is_help(argv[2])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		if (argc != 3)
			return cli_usage(usage);
		return check_file(argv[2]);
	}
	if (strcmp(argv[1], "show") == 0) {
		if (argc == 3 && cli_is_help(argv[2])) {
			fputs(usage, stdout);
			return CLI_OK;
		}
		return show(argc, argv);
	}
	return cli_usage(usage);
}
