/*
 * cli/cmd_serve.c - `netra serve`: runs the web application and the JSON
 * API (src/web) over the store named by --db until Ctrl-C.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "netra/common.h"
#include "web/web.h"

static const char usage[] =
    "usage: netra serve [--listen ADDR:PORT] [--threads N]\n"
    "                   [--trusted-proxy ADDR] [--secure-cookies]\n"
    "                   [--election FILE] [--key-file F]\n"
    "                   [--refresh-seconds N]\n\n"
    "Serves the web application (pages in Bahasa Indonesia) and the JSON\n"
    "API /api/v1 over the store until Ctrl-C or SIGTERM (docs/web.md,\n"
    "docs/api.md).\n\n"
    "  --listen ADDR:PORT     address to listen on (default 127.0.0.1:8080;\n"
    "                         IPv6 as [::1]:8080; port 0: any free port,\n"
    "                         named on stderr)\n"
    "  --threads N            worker threads, each with its own store\n"
    "                         handle (default 4)\n"
    "  --trusted-proxy ADDR   believe X-Forwarded-For and X-Forwarded-Proto\n"
    "                         from this address only (a reverse proxy)\n"
    "  --secure-cookies       mark cookies Secure (the site is served\n"
    "                         over TLS by a proxy)\n"
    "  --election FILE        election profile of the self-check (default:\n"
    "                         the one the last `netra scan` used)\n"
    "  --key-file F           the evidence signing key for bundle downloads\n"
    "                         (default $NETRA_EVIDENCE_KEY, else the store's\n"
    "                         default key file; docs/evidence.md)\n"
    "  --refresh-seconds N    look every N seconds (default 5; 0: never)\n"
    "                         whether the profile, rulebook or debunks of\n"
    "                         the self-check changed, and rebuild its\n"
    "                         engine in the background when they did\n";

/* Splits ADDR:PORT (or [V6]:PORT) into addr (copied into buf) and port. */
static int parse_listen(char *buf, size_t size, unsigned *port,
                        const char *s)
{
	const char *colon;
	char *end;
	unsigned long p;
	size_t n;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return -1;
		n = (size_t)(close - s - 1);
		s++;
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		n = (size_t)(colon - s);
	}
	if (n == 0 || n >= size)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	p = strtoul(colon + 1, &end, 10);
	if (*end || end == colon + 1 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	struct web_opts o;
	char addr[64] = "127.0.0.1";
	const char *v, *key_file = NULL;
	char *key = NULL;
	int i = 1, m, rc;

	memset(&o, 0, sizeof(o));
	o.port = 8080;
	o.threads = 4;
	o.refresh_seconds = 5;
	while (i < argc) {
		if (cli_is_help(argv[i])) {
			fputs(usage, stdout);
			return CLI_OK;
		} else if ((m = cli_opt(argc, argv, &i, "--listen", &v))) {
			if (m < 0 || parse_listen(addr, sizeof(addr), &o.port, v))
				return cli_usage(usage);
		} else if ((m = cli_opt(argc, argv, &i, "--threads", &v))) {
			char *end;
			long n = m > 0 ? strtol(v, &end, 10) : 0;

			if (m < 0 || *end || n < 1 || n > 256)
				return cli_usage(usage);
			o.threads = (unsigned)n;
		} else if ((m = cli_opt(argc, argv, &i, "--refresh-seconds",
		                        &v))) {
			char *end;
			long n = m > 0 ? strtol(v, &end, 10) : -1;

			if (m < 0 || *end || n < 0 || n > 86400)
				return cli_usage(usage);
			o.refresh_seconds = (unsigned)n;
		} else if ((m = cli_opt(argc, argv, &i, "--trusted-proxy", &v))) {
			if (m < 0)
				return cli_usage(usage);
			o.trusted_proxy = v;
		} else if ((m = cli_opt(argc, argv, &i, "--election", &v))) {
			if (m < 0)
				return cli_usage(usage);
			o.election_path = v;
		} else if ((m = cli_opt(argc, argv, &i, "--key-file", &v))) {
			if (m < 0)
				return cli_usage(usage);
			key_file = v;
		} else if (strcmp(argv[i], "--secure-cookies") == 0) {
			o.secure_cookies = 1;
			i++;
		} else {
			fprintf(stderr, "netra serve: unknown argument '%s'\n",
			        argv[i]);
			return cli_usage(usage);
		}
	}
	o.listen_addr = addr;
	o.db_path = c->db_path;
	/* open once here so a bad --db fails before listening */
	if (!cli_store(c))
		return CLI_ERR;
	o.key_path = key = cli_evidence_key(c, key_file, 1);
	rc = web_serve(&o) != 0 ? cli_fail("serve") : CLI_OK;
	free(key);
	return rc;
}
