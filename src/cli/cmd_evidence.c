/*
 * cli/cmd_evidence.c - `netra evidence`: the signing key (init, pubkey),
 * signed checkpoints, bundle export and offline verification, and the
 * audit of the whole store. The work is in src/evidence/ (public API in
 * netra/evidence.h); this file parses options and prints results.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util/civiltime.h"
#include "netra/evidence.h"
#include "workflow/finding.h"

static const char usage[] =
    "usage: netra evidence init [--key-file F]\n"
    "       netra evidence pubkey [--json]\n"
    "       netra evidence checkpoint [--key-file F] [--json]\n"
    "       netra evidence export FINDING DIR --as USER [--key-file F]\n"
    "       netra evidence verify DIR --key PUB [--json]\n"
    "       netra evidence audit [--key PUB] [--json]\n"
    "\n"
    "Every event as received, verdict, finding transition and audit\n"
    "entry is hashed into a Merkle log; checkpoints\n"
    "(signed tree heads, Ed25519) let anyone check a finding's evidence\n"
    "bundle offline with the public key alone.\n"
    "\n"
    "  init        make the signing key (also made at first checkpoint)\n"
    "  pubkey      print the public key (64 hex digits)\n"
    "  checkpoint  log what is queued (events, verdicts, transitions,\n"
    "              audit entries) and sign the tree head\n"
    "  export      write the evidence bundle of finding FINDING into DIR\n"
    "  verify      check a bundle; exit 0 valid, 1 invalid\n"
    "  audit       re-check every logged record, leaf and checkpoint,\n"
    "              what events show, and findings against their history;\n"
    "              exit 0 intact, 1 on any mismatch\n"
    "\n"
    "options:\n"
    "  --key-file F  secret key file (default $NETRA_EVIDENCE_KEY, else\n"
    "                <db>.evidence.key beside a SQLite store; mode 0600)\n"
    "  --key PUB     public key: 64 hex digits, or a file holding them\n"
    "  --as USER     (export) the user it is for, or $NETRA_USER: the\n"
    "                finding must be in the user's units (bawaslu:\n"
    "                forwarded only); the export is audited. The user\n"
    "                is authenticated: $NETRA_TOKEN, or its password\n"
    "                from --password-file F or standard input\n"
    "  --json        machine-readable output\n";

struct opts {
	struct cli_who who;
	const char *key_file, *key, *pos[2];
	int npos, json;
};

/* Parses options after the sub-subcommand; CLI_USAGE on errors. */
static int parse(struct opts *o, int argc, char **argv)
{
	int i = 2, r;

	memset(o, 0, sizeof(*o));
	while (i < argc) {
		if (cli_is_help(argv[i]))
			return -1;
		if ((r = cli_opt(argc, argv, &i, "--key-file", &o->key_file)) ||
		    (r = cli_opt(argc, argv, &i, "--key", &o->key)) ||
		    (r = cli_who_opt(argc, argv, &i, &o->who))) {
			if (r < 0)
				return CLI_USAGE;
			continue;
		}
		if (!strcmp(argv[i], "--json")) {
			o->json = 1;
		} else if (argv[i][0] == '-' || o->npos == 2) {
			fprintf(stderr, "netra evidence: unexpected '%s'\n",
			        argv[i]);
			return CLI_USAGE;
		} else {
			o->pos[o->npos++] = argv[i];
		}
		i++;
	}
	return 0;
}

char *cli_evidence_key(struct cli *c, const char *key_file, int warn)
{
	const char *env = getenv("NETRA_EVIDENCE_KEY");
	char *p = NULL;

	if (key_file || (env && *env))
		p = strdup(key_file ? key_file : env);
	else if (netra_evidence_key_path(&p, c->db_path))
		cli_fail("evidence key");
	if (p && warn && netra_evidence_key_beside_store(p, c->db_path))
		fprintf(stderr,
		        "netra: warning: the evidence signing key %s sits "
		        "in the store's directory; whoever copies the store "
		        "can then forge its checkpoints. Keep it elsewhere "
		        "(--key-file or $NETRA_EVIDENCE_KEY; docs/evidence.md)\n",
		        p);
	return p;
}

static char *key_path(struct cli *c, const struct opts *o)
{
	return cli_evidence_key(c, o->key_file, 1);
}

/* Reads --key PUB: hex digits, or a file holding them. */
static int load_pub(uint8_t pub[32], const char *arg)
{
	char buf[160];
	FILE *f;
	size_t n;

	if (netra_evidence_parse_pubkey(pub, arg) == 0)
		return 0;
	f = fopen(arg, "r");
	if (!f) {
		fprintf(stderr,
		        "netra: --key: neither 64 hex digits nor a "
		        "readable file: %s\n",
		        arg);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (netra_evidence_parse_pubkey(pub, buf)) {
		fprintf(stderr, "netra: --key %s: %s\n", arg,
		        netra_error_last());
		return -1;
	}
	return 0;
}

static void print_time(FILE *out, int64_t t)
{
	char buf[32];

	civil_time_format_utc(buf, sizeof(buf), t);
	fputs(buf, out);
}

/* Prints JSON object j (stolen) on stdout. */
static void print_json(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;

	if (s)
		puts(s);
	free(s);
	json_decref(j);
}

static int do_init(struct cli *c, const struct opts *o)
{
	char pub[NETRA_EVIDENCE_PUBKEY_HEX], *kp;
	netra_store *st = cli_store(c);
	int created, rc;

	if (!st || !(kp = key_path(c, o)))
		return CLI_ERR;
	rc = netra_evidence_init(st, kp, &created);
	if (!rc)
		rc = netra_evidence_pubkey(pub, st);
	if (rc) {
		free(kp);
		return cli_fail("evidence init");
	}
	printf("%s %s\npublic key: %s\n",
	       created ? "created evidence key" : "evidence key present:", kp,
	       pub);
	free(kp);
	return CLI_OK;
}

static int do_pubkey(struct cli *c, const struct opts *o)
{
	char pub[NETRA_EVIDENCE_PUBKEY_HEX];
	netra_store *st = cli_store(c);

	if (!st)
		return CLI_ERR;
	if (netra_evidence_pubkey(pub, st))
		return cli_fail("evidence pubkey");
	if (o->json)
		print_json(json_pack("{s:s, s:s}", "algorithm", "ed25519",
		                     "pubkey", pub));
	else
		puts(pub);
	return CLI_OK;
}

static int do_checkpoint(struct cli *c, const struct opts *o)
{
	netra_evidence_checkpoint cp;
	netra_store *st = cli_store(c);
	char root[65];
	char *kp;
	int rc, i;

	if (!st || !(kp = key_path(c, o)))
		return CLI_ERR;
	rc = netra_evidence_make_checkpoint(&cp, st, kp);
	free(kp);
	if (rc)
		return cli_fail("evidence checkpoint");
	for (i = 0; i < 32; i++)
		snprintf(root + 2 * i, 3, "%02x", cp.root[i]);
	if (o->json) {
		print_json(json_pack("{s:I, s:I, s:s, s:I}", "id",
		                     (json_int_t)cp.id, "tree_size",
		                     (json_int_t)cp.tree_size, "root", root,
		                     "created_at", (json_int_t)cp.created_at));
		return CLI_OK;
	}
	printf("checkpoint %" PRId64 ": %" PRIu64 " leaves, root %s, signed ",
	       cp.id, cp.tree_size, root);
	print_time(stdout, cp.created_at);
	putchar('\n');
	return CLI_OK;
}

static int do_export(struct cli *c, const struct opts *o)
{
	char actor[96], *kp, *end;
	long long id;
	int rc;

	if (o->npos != 2)
		return cli_usage(usage);
	id = strtoll(o->pos[0], &end, 10);
	if (*end || id <= 0) {
		fprintf(stderr, "netra evidence export: bad finding id '%s'\n",
		        o->pos[0]);
		return CLI_USAGE;
	}
	if ((rc = cli_authenticate(c, &o->who, CLI_AUTH_STDIN, actor,
	                           sizeof(actor))))
		return rc;
	if (!(kp = key_path(c, o)))
		return CLI_ERR;
	rc = wf_evidence_export(c->store, actor, id, kp, o->pos[1]);
	free(kp);
	if (rc)
		return cli_fail("evidence export");
	printf("wrote evidence bundle of finding %lld to %s\n", id, o->pos[1]);
	return CLI_OK;
}

static void verify_text(const netra_evidence_result *r, const char *dir)
{
	if (!r->valid) {
		printf("INVALID: %s\n", dir);
		printf("  reason: %s\n",
		       r->reason[0] ? r->reason : netra_error_last());
		printf("  this bundle cannot be trusted as evidence\n");
		return;
	}
	printf("VALID: evidence bundle of finding %" PRId64 " (%s %s)\n",
	       r->finding_id, r->platform, r->event_id);
	printf("  the bundle is whole and its event is in the signed "
	       "evidence log\n");
	printf("  leaf %" PRIu64 " of %" PRIu64 " in checkpoint signed ",
	       r->leaf_index, r->tree_size);
	print_time(stdout, r->checkpoint_time);
	printf("\n  ingested ");
	print_time(stdout, r->ingested_at);
	printf("; rulebook %s\n", r->rulebook);
	if (r->deleted_at) {
		printf("  deleted by its author, seen gone ");
		print_time(stdout, r->deleted_at);
		printf("\n");
	}
	printf("  %zu files checked, %zu media hashes\n", r->files, r->media);
	if (r->transitions)
		printf("  history: the verdict and %zu transitions, each in "
		       "the signed log\n",
		       r->transitions);
	if (r->media_records || r->images)
		printf("  images: %zu media fetches and OCR texts in the "
		       "signed log, %zu image files matching their SHA-256\n",
		       r->media_records, r->images);
}

static int do_verify(const struct opts *o)
{
	netra_evidence_result r;
	uint8_t pub[32];
	int rc;

	if (o->npos != 1 || !o->key) {
		if (!o->key)
			fprintf(stderr, "netra evidence verify: --key PUB is "
			                "required\n");
		return cli_usage(usage);
	}
	if (load_pub(pub, o->key))
		return CLI_USAGE;
	rc = netra_evidence_verify(&r, o->pos[0], pub);
	if (rc && !r.reason[0])
		snprintf(r.reason, sizeof(r.reason), "%s", netra_error_last());
	if (o->json)
		print_json(json_pack(
		    "{s:b, s:s, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:s, "
		    "s:o, s:I, s:I, s:I, s:I, s:I}",
		    "valid", r.valid, "reason", r.reason, "finding_id",
		    (json_int_t)r.finding_id, "platform", r.platform,
		    "event_id", r.event_id, "leaf_index",
		    (json_int_t)r.leaf_index, "tree_size",
		    (json_int_t)r.tree_size, "checkpoint_time",
		    (json_int_t)r.checkpoint_time, "ingested_at",
		    (json_int_t)r.ingested_at, "rulebook", r.rulebook,
		    "deleted_at",
		    r.deleted_at ? json_integer(r.deleted_at) : json_null(),
		    "files", (json_int_t)r.files, "media",
		    (json_int_t)r.media, "transitions",
		    (json_int_t)r.transitions, "media_records",
		    (json_int_t)r.media_records, "images",
		    (json_int_t)r.images));
	else
		verify_text(&r, o->pos[0]);
	return r.valid && rc == 0 ? CLI_OK : CLI_ERR;
}

static void audit_text(const netra_evidence_audit *a)
{
	printf("%s: %" PRIu64 " leaves re-hashed (%" PRIu64 " events, %" PRIu64
	       " verdicts, %" PRIu64 " transitions, %" PRIu64 " audit entries",
	       a->ok ? "OK" : "TAMPERED", a->leaves, a->kinds[0], a->kinds[1],
	       a->kinds[2], a->kinds[3]);
	if (a->kinds[EVIDENCE_KIND_OCR] || a->kinds[EVIDENCE_KIND_MEDIA])
		printf(", %" PRIu64 " media fetches, %" PRIu64 " OCR texts",
		       a->kinds[EVIDENCE_KIND_MEDIA], a->kinds[EVIDENCE_KIND_OCR]);
	if (a->kinds[EVIDENCE_KIND_SCAN_MARK])
		printf(", %" PRIu64 " scan marks",
		       a->kinds[EVIDENCE_KIND_SCAN_MARK]);
	printf("), %" PRIu64 " checkpoints verified, %" PRIu64
	       " findings checked\n",
	       a->checkpoints, a->findings);
	if (!a->ok) {
		printf("  %" PRIu64 " mismatches; first: %s\n", a->mismatches,
		       a->reason);
		printf("  The evidence log is NOT intact: stored data was "
		       "changed.\n");
	} else {
		printf("  The evidence log is intact.\n");
	}
	if (a->unsigned_leaves)
		printf("  %" PRIu64 " leaves after the newest checkpoint "
		       "(run `netra evidence checkpoint`)\n",
		       a->unsigned_leaves);
	if (a->pending)
		printf("  %" PRIu64 " records queued, not yet in the log (run "
		       "`netra evidence checkpoint` or `netra escalate`)\n",
		       a->pending);
	if (a->shown_unchecked)
		printf("  %" PRIu64 " events show columns their raw record "
		       "cannot confirm (docs/evidence.md)\n",
		       a->shown_unchecked);
}

static json_t *first_mismatch(const netra_evidence_audit *a)
{
	static const char *const kinds[] = {"event", "verdict", "transition",
	                                    "audit_entry", "ocr_text",
	                                    "media_fetch", "scan_mark"};

	if (a->ok ||
	    (unsigned)a->bad_kind >= sizeof(kinds) / sizeof(kinds[0]) ||
	    !a->bad_ref)
		return json_null();
	if (a->bad_event)
		return json_pack("{s:s, s:I, s:I, s:I, s:s, s:s}", "kind",
		                 kinds[a->bad_kind], "id",
		                 (json_int_t)a->bad_ref, "event",
		                 (json_int_t)a->bad_event, "leaf",
		                 (json_int_t)a->bad_leaf, "platform",
		                 a->bad_platform, "event_id", a->bad_event_id);
	return json_pack("{s:s, s:I, s:I}", "kind", kinds[a->bad_kind], "id",
	                 (json_int_t)a->bad_ref, "leaf",
	                 (json_int_t)a->bad_leaf);
}

static int do_audit(struct cli *c, const struct opts *o)
{
	netra_evidence_audit a;
	netra_store *st = cli_store(c);
	uint8_t pub[32];
	int rc;

	if (!st)
		return CLI_ERR;
	if (o->key && load_pub(pub, o->key))
		return CLI_USAGE;
	rc = netra_evidence_audit_store(&a, st, o->key ? pub : NULL);
	if (rc && rc != NETRA_ETAMPER)
		return cli_fail("evidence audit");
	if (o->json)
		print_json(json_pack(
		    "{s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
		    "s:I, s:I, s:I, s:I, s:I, s:o}",
		    "ok", a.ok, "reason", a.reason, "leaves",
		    (json_int_t)a.leaves, "events", (json_int_t)a.kinds[0],
		    "verdicts", (json_int_t)a.kinds[1], "transitions",
		    (json_int_t)a.kinds[2], "audit_entries",
		    (json_int_t)a.kinds[3], "media_fetches",
		    (json_int_t)a.kinds[EVIDENCE_KIND_MEDIA], "ocr_texts",
		    (json_int_t)a.kinds[EVIDENCE_KIND_OCR], "scan_marks",
		    (json_int_t)a.kinds[EVIDENCE_KIND_SCAN_MARK], "findings",
		    (json_int_t)a.findings,
		    "checkpoints", (json_int_t)a.checkpoints, "unsigned_leaves",
		    (json_int_t)a.unsigned_leaves, "pending",
		    (json_int_t)a.pending, "shown_unchecked",
		    (json_int_t)a.shown_unchecked, "mismatches",
		    (json_int_t)a.mismatches, "first_mismatch",
		    first_mismatch(&a)));
	else
		audit_text(&a);
	return a.ok ? CLI_OK : CLI_ERR;
}

int cmd_evidence(struct cli *c, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	struct opts o;
	int rc;

	if (!sub)
		return cli_usage(usage);
	if (cli_is_help(sub)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	rc = parse(&o, argc, argv);
	if (rc < 0) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (rc)
		return cli_usage(usage);
	if (!strcmp(sub, "verify"))
		return do_verify(&o);
	if (o.npos && strcmp(sub, "export"))
		return cli_usage(usage);
	if (!strcmp(sub, "init"))
		return do_init(c, &o);
	if (!strcmp(sub, "pubkey"))
		return do_pubkey(c, &o);
	if (!strcmp(sub, "checkpoint"))
		return do_checkpoint(c, &o);
	if (!strcmp(sub, "export"))
		return do_export(c, &o);
	if (!strcmp(sub, "audit"))
		return do_audit(c, &o);
	fprintf(stderr, "netra evidence: unknown subcommand '%s'\n", sub);
	return cli_usage(usage);
}
