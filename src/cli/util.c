/*
 * cli/util.c - helpers shared by the subcommands: lazy store opening,
 * error printing, option parsing, and printing what the library returns
 * (JSON data) safely on a terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "workflow/auth.h"

/* True if the location names a SQLite file (not a postgresql:// URL, a
 * SQLite "file:" URI or ":memory:"), which must then exist. */
static int is_plain_file(const char *loc)
{
	return strstr(loc, "://") == NULL && strncmp(loc, "file:", 5) != 0 &&
	       strcmp(loc, ":memory:") != 0;
}

static netra_store *open_store(struct cli *c, int create)
{
	struct stat sb;

	if (!c->store && !create && is_plain_file(c->db_path) &&
	    stat(c->db_path, &sb) != 0 && errno == ENOENT) {
		fprintf(stderr,
		        "netra: no store at '%s' (--db or $NETRA_DB): a "
		        "typo? `netra registry import` (or `hoax import`) "
		        "creates one\n",
		        c->db_path);
		return NULL;
	}
	if (!c->store && netra_store_open(&c->store, c->db_path) != 0) {
		/* the message names the store's location */
		fprintf(stderr, "netra: cannot open store: %s\n",
			netra_error_last());
		c->store = NULL;
	}
	return c->store;
}

netra_store *cli_store(struct cli *c)
{
	return open_store(c, 0);
}

netra_store *cli_store_create(struct cli *c)
{
	return open_store(c, 1);
}

int cli_fail(const char *what)
{
	fprintf(stderr, "netra: %s: %s\n", what, netra_error_last());
	return CLI_ERR;
}

int cli_usage(const char *usage)
{
	fputs(usage, stderr);
	return CLI_USAGE;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_opt(int argc, char **argv, int *i, const char *name,
	    const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		(*i)++;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[*i + 1];
	*i += 2;
	return 1;
}

void cli_sanitize(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	if (!s)
		return;
	while (*r) {
		if (r[0] == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F) {
			*w++ = '?';
			r += 2;
		} else if (r[0] == 0xE2 &&
		           ((r[1] == 0x80 && r[2] >= 0xAA && r[2] <= 0xAE) ||
		            (r[1] == 0x81 && r[2] >= 0xA6 && r[2] <= 0xA9))) {
			/* bidi embeddings, overrides and isolates (U+202A-E,
			 * U+2066-9): they reorder what follows on the line */
			*w++ = '?';
			r += 3;
		} else if ((*r < 0x20 && *r != '\n' && *r != '\t') ||
		           *r == 0x7F) {
			*w++ = '?';
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

int cli_print_json(json_t *v, int compact)
{
	char *txt = json_dumps(v, compact ? JSON_COMPACT | JSON_PRESERVE_ORDER
	                                  : JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	if (!txt) {
		fprintf(stderr, "netra: out of memory\n");
		return CLI_ERR;
	}
	puts(txt);
	free(txt);
	return CLI_OK;
}

int cli_print_text(struct sbuf *b)
{
	if (!b->data)
		return CLI_OK;
	cli_sanitize(b->data);
	fputs(b->data, stdout);
	return CLI_OK;
}

int cli_render(json_t *v, int json, int compact,
               int (*text)(struct sbuf *b, json_t *v), const char *what)
{
	struct sbuf b = SBUF_INIT;
	int rc;

	if (json)
		rc = cli_print_json(v, compact);
	else if (text(&b, v))
		rc = cli_fail(what);
	else
		rc = cli_print_text(&b);
	sbuf_free(&b);
	json_decref(v);
	return rc;
}

const char *cli_jstr(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);
	const char *s;

	if (k2)
		v = json_object_get(v, k2);
	s = json_string_value(v);
	return s ? s : "-";
}

const char *cli_operator(void)
{
	static char buf[96];
	struct passwd *pw = getpwuid(geteuid());
	const char *name = pw && pw->pw_name ? pw->pw_name : NULL;

	if (name)
		snprintf(buf, sizeof(buf), "operator:%s", name);
	else
		snprintf(buf, sizeof(buf), "operator:uid%ld", (long)geteuid());
	return buf;
}

const char *cli_client(void)
{
	static char buf[96];

	snprintf(buf, sizeof(buf), "cli:%s",
	         cli_operator() + sizeof(WF_OPERATOR_PREFIX) - 1);
	return buf;
}


int cli_read_secret(char *buf, size_t size, FILE *f, const char *prompt)
{
	struct termios old, quiet;
	int tty = isatty(fileno(f)), ok;
	size_t n;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(fileno(f), &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(f), TCSAFLUSH, &quiet);
	}
	ok = fgets(buf, (int)size, f) != NULL;
	if (tty) {
		tcsetattr(fileno(f), TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!ok)
		return -1;
	n = strlen(buf);
	if (n && buf[n - 1] != '\n' && !feof(f))
		return -1;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

int cli_who_opt(int argc, char **argv, int *i, struct cli_who *w)
{
	int m;

	if ((m = cli_opt(argc, argv, i, "--as", &w->as)) ||
	    (m = cli_opt(argc, argv, i, "--password-file", &w->password_file)))
		return m;
	if (strcmp(argv[*i], "--operator") == 0) {
		w->operator_mode = 1;
		(*i)++;
		return 1;
	}
	return 0;
}

/* The user's password from --password-file or (allowed) stdin. */
static int read_user_password(char *pw, size_t size, const struct cli_who *w,
                              const char *name, unsigned flags)
{
	char prompt[128];
	FILE *f;
	int rc;

	if (w->password_file) {
		if (!(f = fopen(w->password_file, "r"))) {
			fprintf(stderr, "netra: --password-file %s: cannot "
			                "open it\n",
			        w->password_file);
			return CLI_ERR;
		}
		rc = cli_read_secret(pw, size, f, "");
		fclose(f);
	} else if (flags & CLI_AUTH_STDIN) {
		snprintf(prompt, sizeof(prompt), "Password for %s: ", name);
		rc = cli_read_secret(pw, size, stdin, prompt);
	} else {
		fprintf(stderr,
		        "netra: --as %s needs that user's password from "
		        "--password-file F, or a personal token in "
		        "$NETRA_TOKEN\n",
		        name);
		return CLI_USAGE;
	}
	if (rc) {
		fprintf(stderr, "netra: no password for %s (one line, under "
		                "1024 bytes)\n",
		        name);
		return CLI_ERR;
	}
	return CLI_OK;
}

static int auth_token(struct cli *c, const char *token, const char *name,
                      char *actor, size_t size)
{
	struct wf_user u;

	if (wf_token_user(&u, c->store, token)) {
		fprintf(stderr, "netra: $NETRA_TOKEN: %s\n", netra_error_last());
		return CLI_ERR;
	}
	if (name && strcmp(name, u.name) != 0) {
		fprintf(stderr,
		        "netra: $NETRA_TOKEN is the token of another user "
		        "than --as %s\n",
		        name);
		return CLI_ERR;
	}
	snprintf(actor, size, "%s", u.name);
	return CLI_OK;
}

int cli_authenticate(struct cli *c, const struct cli_who *w, unsigned flags,
                     char *actor, size_t size)
{
	const char *name = w->as ? w->as : getenv("NETRA_USER");
	const char *token = getenv("NETRA_TOKEN");
	char pw[1024];
	int rc;

	actor[0] = '\0';
	if (name && !*name)
		name = NULL;
	if (w->operator_mode) {
		if (!(flags & CLI_AUTH_OPERATOR) || w->as) {
			fprintf(stderr, "netra: --operator is for the user "
			                "commands and registry show, without "
			                "--as\n");
			return CLI_USAGE;
		}
		snprintf(actor, size, "%s", cli_operator());
		return cli_store(c) ? CLI_OK : CLI_ERR;
	}
	if (!name && !(token && *token)) {
		fprintf(stderr, "netra: --as USER is required (with its "
		                "password or $NETRA_TOKEN)%s\n",
		        flags & CLI_AUTH_OPERATOR ? ", or --operator" : "");
		return CLI_USAGE;
	}
	if (!cli_store(c))
		return CLI_ERR;
	if (token && *token)
		return auth_token(c, token, name, actor, size);
	if ((rc = read_user_password(pw, sizeof(pw), w, name, flags)))
		return rc;
	rc = wf_login(NULL, c->store, name, pw, cli_client(), 0);
	sodium_memzero(pw, sizeof(pw));
	if (rc) {
		fprintf(stderr, "netra: --as %s: %s\n", name,
		        netra_error_last());
		return CLI_ERR;
	}
	snprintf(actor, size, "%s", name);
	return CLI_OK;
}

int cli_max_record(size_t *out, const char *flag)
{
	const char *s = flag ? flag : getenv("NETRA_MAX_RECORD");
	unsigned long long n, mul = 1;
	char *end;

	*out = 0; /* the library's default */
	if (!s || !*s)
		return 0;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (end == s || errno)
		goto bad;
	if (strcasecmp(end, "k") == 0 || strcasecmp(end, "kib") == 0)
		mul = 1024;
	else if (strcasecmp(end, "m") == 0 || strcasecmp(end, "mib") == 0)
		mul = 1024 * 1024;
	else if (*end)
		goto bad;
	n *= mul;
	/* 64 KiB to 64 MiB: below, ordinary posts would be refused; above,
	 * one record (4 times it for a platform document) could exceed the
	 * memory netra promises. */
	if (n < (64u << 10) || n > (64u << 20))
		goto bad;
	*out = (size_t)n;
	return 0;
bad:
	fprintf(stderr,
	        "netra: %s '%s': give bytes, or K/M (from 64K to 64M)\n",
	        flag ? "--max-record" : "NETRA_MAX_RECORD", s);
	return -1;
}
