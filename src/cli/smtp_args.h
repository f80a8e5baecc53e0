/*
 * cli/smtp_args.h - the SMTP options shared by `netra escalate` and
 * `netra worker` (--smtp, --from, --smtp-credentials, --smtp-user,
 * --starttls and their environment variables), and where the credentials
 * come from. Credentials are never printed (errors blank the user
 * information of the URL).
 */
#ifndef NETRA_CLI_SMTP_ARGS_H
#define NETRA_CLI_SMTP_ARGS_H

#include "workflow/escalate.h"

struct cli_smtp_args {
	struct wf_smtp smtp; /* what to send with (url NULL: no sending) */
	const char *user, *cred_file;
	char url[1024]; /* --smtp without user information */
	char *url_user, *url_password, *file_user, *file_password;
};

/* The options' lines for a usage text. */
extern const char cli_smtp_usage[];

/* Takes argv[*i] if it is an SMTP option: 1 consumed (*i moved on), 0
 * another argument, -1 a value missing. */
int cli_smtp_opt(struct cli_smtp_args *a, int argc, char **argv, int *i);

/* After the options: fills what was not given from the environment
 * ($NETRA_SMTP_URL, $NETRA_SMTP_FROM; From defaults to netra@localhost)
 * and picks the credentials: the credentials file (a 0600 file of this
 * user), --smtp-user with $NETRA_SMTP_PASSWORD, or the URL's user
 * information (with a warning: it shows in ps). 0, or -1 after printing
 * why (cmd names the command in the message). */
int cli_smtp_finish(struct cli_smtp_args *a, const char *cmd);

/* Wipes the passwords and frees the copies. */
void cli_smtp_free(struct cli_smtp_args *a);

#endif
