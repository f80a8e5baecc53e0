/*
 * cli/cli.h - shared pieces of the `netra` command line: the context every
 * subcommand receives, the command table, and helpers for options.
 *
 * Each subcommand lives in src/cli/cmd_<name>.c as
 *   int cmd_<name>(struct cli *c, int argc, char **argv);
 * where argv[0] is the subcommand's name. It returns an exit code:
 * 0 ok, 1 runtime error, 2 usage error (the CLI_* constants).
 */
#ifndef NETRA_CLI_H
#define NETRA_CLI_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "netra/store.h"
#include "util/sbuf.h"

#define CLI_OK 0
#define CLI_ERR 1
#define CLI_USAGE 2

struct cli {
	const char *db_path; /* --db, $NETRA_DB, or "netra.db" */
	netra_store *store;  /* opened lazily by cli_store() */
};

/* Opens the store named by --db on first use. NULL after printing the
 * error to stderr; a SQLite file that does not exist is such an error (a
 * typo in --db must not create an empty store and answer from it). */
netra_store *cli_store(struct cli *c);

/* As cli_store(), but creates the store when the file does not exist:
 * only for the commands that fill a new store (registry import, hoax
 * import). */
netra_store *cli_store_create(struct cli *c);

/* Prints "netra: <msg>: <last error>" to stderr; returns CLI_ERR. */
int cli_fail(const char *what);

/* The inputs of `netra ingest` (cli/ingest_walk.c): argv[0..argc) with
 * each directory replaced by the event files under it, sorted. 0, or an
 * error (message set; in is empty). Free with cli_inputs_free. */
struct cli_inputs {
	char **paths;
	size_t len, cap;
};
int cli_inputs_expand(struct cli_inputs *in, int argc, char **argv);
void cli_inputs_free(struct cli_inputs *in);

/* Prints usage text to stderr; returns CLI_USAGE. */
int cli_usage(const char *usage);

/* True if argv[i] is "-h" or "--help". */
int cli_is_help(const char *arg);

/* Parses "--name VALUE" or "--name=VALUE" at argv[*i]; on a match stores
 * the value, advances *i past it and returns 1; returns -1 if the value is
 * missing, 0 if argv[*i] is another argument. */
int cli_opt(int argc, char **argv, int *i, const char *name,
	    const char **value);

/* Makes text safe for a terminal, in place: control characters other
 * than newline and tab (C0, DEL, and UTF-8 encoded C1 such as CSI) and
 * the bidi overrides and isolates (U+202A-E, U+2066-9) become '?', so a
 * hostile post cannot send escape sequences to a reviewer's terminal nor
 * reorder the line it is shown on. Every text rendering of stored data
 * goes through cli_print_text(), which applies it. */
void cli_sanitize(char *s);

/* Prints b's text to stdout after cli_sanitize(); returns CLI_OK. */
int cli_print_text(struct sbuf *b);

/* Prints v as JSON (indented, or on one line when compact) and a newline
 * (JSON escapes every control character itself); CLI_OK or CLI_ERR. */
int cli_print_json(json_t *v, int compact);

/* Prints what a library read returned and frees it: v as JSON when json
 * (on one line when compact), else rendered by text() into a buffer and
 * printed through cli_print_text(). CLI_OK, or CLI_ERR after
 * cli_fail(what). */
int cli_render(json_t *v, int json, int compact,
               int (*text)(struct sbuf *b, json_t *v), const char *what);

/* o[k1] (or o[k1][k2] when k2 is not NULL) as a string, "-" when it is
 * missing or not a string. Borrowed from o. */
const char *cli_jstr(json_t *o, const char *k1, const char *k2);

/* "operator:OSUSER": the operating-system user at this console, as the
 * audit log records the operator's own acts (workflow/user.h). Static
 * storage. */
const char *cli_operator(void);

/* "cli:OSUSER": the client of a login from this console, for
 * throttling and the audit log (workflow/auth.h). Static storage. */
const char *cli_client(void);


/* Reads one line (a password or token) from f without the line end; echo
 * off when f is a terminal (prompt then goes to stderr). 0, or -1 on EOF
 * or a line of size bytes or more. */
int cli_read_secret(char *buf, size_t size, FILE *f, const char *prompt);

/* Who a command acts for, as given on its command line. */
struct cli_who {
	const char *as;            /* --as NAME (else $NETRA_USER) */
	const char *password_file; /* --password-file F: NAME's password */
	int operator_mode;         /* --operator */
};

/* Parses --as, --password-file and --operator at argv[*i] like
 * cli_opt(): 1 consumed, -1 value missing, 0 another argument. */
int cli_who_opt(int argc, char **argv, int *i, struct cli_who *w);

#define CLI_AUTH_STDIN    1u /* the password may be read from stdin */
#define CLI_AUTH_OPERATOR 2u /* --operator is accepted */

/*
 * Authenticates who the command acts for and writes the actor (a user
 * name, or "operator:OSUSER") to actor: $NETRA_TOKEN (a personal token,
 * workflow/auth.h; --as, if given, must name its user), else --as NAME
 * with NAME's password from --password-file or (CLI_AUTH_STDIN) stdin,
 * checked by wf_login (throttled, refusals audited); --operator where
 * allowed. Opens the store. CLI_OK, or the exit code after a message.
 */
int cli_authenticate(struct cli *c, const struct cli_who *w, unsigned flags,
                     char *actor, size_t size);

/* The evidence secret key path: key_file (--key-file), else
 * $NETRA_EVIDENCE_KEY, else <db>.evidence.key beside a SQLite store.
 * With warn, a key in the store's directory is warned about on stderr.
 * Malloc'd; NULL after printing the error. */
char *cli_evidence_key(struct cli *c, const char *key_file, int warn);

/* The record size limit of ingest and check: flag (--max-record, may be
 * NULL) or else $NETRA_MAX_RECORD, in bytes or with K/M (KiB/MiB), from
 * 64K to 64M. 0 in *out means the library's default (1 MiB). Returns 0,
 * or -1 after printing why the value is refused. */
int cli_max_record(size_t *out, const char *flag);

#define CLI_COMMANDS(X)                                                        \
	X(help, "show commands, or help for one")                              \
	X(stats, "counts of units, staff, accounts, events, findings")         \
	X(registry, "import and show the staff registry (units, staff, accounts)") \
	X(ingest, "read events from files (JSONL, X, Meta, TikTok, CSV)")      \
	X(collect, "fetch new activity of registered accounts from platform APIs") \
	X(check, "judge events or a text against the election profile")        \
	X(rules, "validate and show the rulebook")                             \
	X(model, "train and evaluate the hate-speech classifier")              \
	X(hoax, "import debunked hoaxes")                                      \
	X(media, "fetch event images, read their text, load campaign images")  \
	X(scan, "judge stored events and record findings")                     \
	X(user, "add and list users")                                          \
	X(finding, "list, show and act on findings")                           \
	X(escalate, "escalate overdue findings and send notifications")        \
	X(worker, "take scan, notification and escalation work (many at once)") \
	X(evidence, "evidence log: pubkey, export, verify, audit")             \
	X(report, "reports per unit, category and state")                     \
	X(serve, "serve the web application and the JSON API")

#define X(name, help) int cmd_##name(struct cli *c, int argc, char **argv);
CLI_COMMANDS(X)
#undef X

#endif
