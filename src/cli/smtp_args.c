/*
 * cli/smtp_args.c - the SMTP options of `netra escalate` and `netra
 * worker` (smtp_args.h): parsing, the environment, and the credentials
 * from a private file, the environment or the URL.
 */
#include "cli/smtp_args.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "util/redact.h"

const char cli_smtp_usage[] =
    "  --smtp URL          smtp://host:port or smtps://host:port (or "
    "$NETRA_SMTP_URL)\n"
    "  --from ADDR         sender address (or $NETRA_SMTP_FROM; default "
    "netra@localhost)\n"
    "  --smtp-credentials FILE\n"
    "                      SMTP AUTH as one line USER:PASSWORD in a file "
    "only its\n"
    "                      owner may read (chmod 600; or "
    "$NETRA_SMTP_CREDENTIALS)\n"
    "  --smtp-user USER    SMTP AUTH user; the password is "
    "$NETRA_SMTP_PASSWORD\n"
    "  --starttls          require STARTTLS on smtp://\n\n"
    "Credentials are never stored or printed: errors name the server as\n"
    "smtp://***@host. A password inside --smtp URL is accepted but shows "
    "in `ps`;\nuse the credentials file or the environment.\n";

void cli_smtp_free(struct cli_smtp_args *a)
{
	free(a->url_user);
	free(a->file_user);
	if (a->url_password)
		sodium_memzero(a->url_password, strlen(a->url_password));
	if (a->file_password)
		sodium_memzero(a->file_password, strlen(a->file_password));
	free(a->url_password);
	free(a->file_password);
	a->url_user = a->file_user = a->url_password = a->file_password = NULL;
}

int cli_smtp_opt(struct cli_smtp_args *a, int argc, char **argv, int *i)
{
	int m;

	if ((m = cli_opt(argc, argv, i, "--smtp", &a->smtp.url)) ||
	    (m = cli_opt(argc, argv, i, "--from", &a->smtp.from)) ||
	    (m = cli_opt(argc, argv, i, "--smtp-user", &a->user)) ||
	    (m = cli_opt(argc, argv, i, "--smtp-credentials", &a->cred_file)))
		return m;
	if (strcmp(argv[*i], "--starttls") == 0) {
		a->smtp.starttls = 1;
		(*i)++;
		return 1;
	}
	return 0;
}

/* Reads "USER:PASSWORD" (one line) from path, which must be a regular
 * file of this user that neither group nor others may read. */
static int read_credentials(struct cli_smtp_args *a, const char *path,
                            const char *cmd)
{
	char line[1024], *colon;
	struct stat sb;
	size_t n;
	FILE *f;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "netra %s: %s: %s\n", cmd, path,
		        strerror(errno));
		goto done;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077)) {
		fprintf(stderr,
		        "netra %s: %s: SMTP credentials must be a file "
		        "of yours that only you may read (mode %04o; "
		        "chmod 600 %s)\n",
		        cmd, path, (unsigned)(sb.st_mode & 07777), path);
		goto done;
	}
	f = fdopen(fd, "r");
	if (!f)
		goto done;
	fd = -1;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	colon = strchr(line, ':');
	if (!colon || colon == line) {
		fprintf(stderr, "netra %s: %s:1: expected one line "
		                "USER:PASSWORD\n", cmd, path);
	} else {
		*colon = '\0';
		a->file_user = strdup(line);
		a->file_password = strdup(colon + 1);
		rc = a->file_user && a->file_password ? 0 : -1;
	}
	sodium_memzero(line, sizeof(line));
done:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Where the SMTP credentials come from, first match: the credentials
 * file, --smtp-user with $NETRA_SMTP_PASSWORD, the URL's user
 * information (with a warning: it shows in ps). The URL used is always
 * the one without user information. */
static int pick_credentials(struct cli_smtp_args *a, const char *cmd)
{
	int r;

	if (!a->smtp.url)
		return 0;
	r = redact_split_url(a->url, sizeof(a->url), &a->url_user,
	                     &a->url_password, a->smtp.url);
	if (r < 0) {
		fprintf(stderr, "netra %s: --smtp: URL too long\n", cmd);
		return -1;
	}
	a->smtp.url = a->url;
	if (r && a->url_password)
		fprintf(stderr,
		        "netra %s: warning: the --smtp URL holds a "
		        "password, which other users of this machine can read "
		        "in `ps`; use --smtp-credentials FILE or "
		        "$NETRA_SMTP_PASSWORD\n", cmd);
	if (!a->cred_file)
		a->cred_file = getenv("NETRA_SMTP_CREDENTIALS");
	if (a->cred_file && *a->cred_file) {
		if (read_credentials(a, a->cred_file, cmd))
			return -1;
		a->smtp.user = a->file_user;
		a->smtp.password = a->file_password;
	} else if (a->user) {
		a->smtp.user = a->user;
		a->smtp.password = getenv("NETRA_SMTP_PASSWORD");
	} else if (a->url_user) {
		a->smtp.user = a->url_user;
		a->smtp.password = a->url_password;
	}
	return 0;
}

int cli_smtp_finish(struct cli_smtp_args *a, const char *cmd)
{
	if (!a->smtp.url)
		a->smtp.url = getenv("NETRA_SMTP_URL");
	if (a->smtp.url && !*a->smtp.url)
		a->smtp.url = NULL;
	if (!a->smtp.from)
		a->smtp.from = getenv("NETRA_SMTP_FROM");
	if (!a->smtp.from || !*a->smtp.from)
		a->smtp.from = "netra@localhost";
	return pick_credentials(a, cmd);
}
