/*
 * tools/smtp_sink.c - a tiny SMTP server on 127.0.0.1 for tests: accepts
 * mail from anyone, writes each message to DIR/msg-N.eml (envelope
 * recipients first as "X-Envelope-To:" lines, then the message as
 * received, dot-stuffing undone), and exits after --max messages or
 * --timeout seconds without a connection. It speaks just enough of RFC
 * 5321 for libcurl (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
 *
 *   smtp_sink --dir DIR [--port N] [--port-file F] [--max N] [--timeout S]
 *
 * With --port 0 (the default) the kernel picks a free port; it is printed
 * on stdout and written to --port-file when given.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define LINE_MAX_ 4096

struct conn {
	FILE *in, *out;
};

static const char *dir;
static int saved;

static int reply(struct conn *c, const char *s)
{
	fprintf(c->out, "%s\r\n", s);
	return fflush(c->out);
}

static int save_message(const char *rcpts, const char *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/msg-%d.eml", dir, ++saved);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(rcpts, f);
	fwrite(data, 1, len, f);
	return fclose(f);
}

/* Reads the DATA section up to the lone "." line into a malloc'd buffer. */
static char *read_data(struct conn *c, size_t *len)
{
	char line[LINE_MAX_];
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);

	while (buf && fgets(line, sizeof(line), c->in)) {
		const char *p = line;
		size_t l;

		if (strcmp(line, ".\r\n") == 0 || strcmp(line, ".\n") == 0) {
			*len = n;
			return buf;
		}
		if (line[0] == '.')
			p++;
		l = strlen(p);
		if (n + l + 1 > cap) {
			char *nb;

			cap = (n + l + 1) * 2;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		memcpy(buf + n, p, l);
		n += l;
	}
	free(buf);
	return NULL;
}

/* Serves one connection; returns when the client quits or hangs up. */
static void serve(struct conn *c, int max)
{
	char line[LINE_MAX_], rcpts[8192];
	size_t rl = 0;

	rcpts[0] = '\0';
	reply(c, "220 127.0.0.1 smtp_sink ready");
	while (fgets(line, sizeof(line), c->in)) {
		if (!strncasecmp(line, "EHLO", 4)) {
			reply(c, "250-127.0.0.1\r\n250 8BITMIME");
		} else if (!strncasecmp(line, "HELO", 4)) {
			reply(c, "250 127.0.0.1");
		} else if (!strncasecmp(line, "MAIL FROM:", 10)) {
			rcpts[0] = '\0', rl = 0;
			reply(c, "250 OK");
		} else if (!strncasecmp(line, "RCPT TO:", 8)) {
			char *a = line + 8;

			a[strcspn(a, "\r\n")] = '\0';
			rl += (size_t)snprintf(rcpts + rl, sizeof(rcpts) - rl,
			                       "X-Envelope-To: %s\r\n", a);
			if (rl >= sizeof(rcpts))
				rl = sizeof(rcpts) - 1;
			reply(c, "250 OK");
		} else if (!strncasecmp(line, "DATA", 4)) {
			size_t len = 0;
			char *data;

			reply(c, "354 End data with <CR><LF>.<CR><LF>");
			data = read_data(c, &len);
			if (!data)
				return;
			if (save_message(rcpts, data, len) == 0)
				reply(c, "250 OK queued");
			else
				reply(c, "451 cannot save message");
			free(data);
			rcpts[0] = '\0', rl = 0;
		} else if (!strncasecmp(line, "RSET", 4) ||
		           !strncasecmp(line, "NOOP", 4)) {
			rcpts[0] = '\0', rl = 0;
			reply(c, "250 OK");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			reply(c, "221 Bye");
			return;
		} else {
			reply(c, "502 Command not implemented");
		}
		(void)max;
	}
}

static int listen_on(int port, int *bound)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 8) ||
	    getsockname(fd, (struct sockaddr *)&a, &al)) {
		close(fd);
		return -1;
	}
	*bound = ntohs(a.sin_port);
	return fd;
}

int main(int argc, char **argv)
{
	const char *port_file = NULL;
	int port = 0, max = 1000, timeout = 30, i, fd, bound;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "--port"))
			port = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--port-file"))
			port_file = argv[i + 1];
		else if (!strcmp(argv[i], "--max"))
			max = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--timeout"))
			timeout = atoi(argv[i + 1]);
		else
			break;
	}
	if (!dir || i != argc) {
		fprintf(stderr, "usage: smtp_sink --dir DIR [--port N] "
		                "[--port-file F] [--max N] [--timeout S]\n");
		return 2;
	}
	fd = listen_on(port, &bound);
	if (fd < 0) {
		fprintf(stderr, "smtp_sink: listen: %s\n", strerror(errno));
		return 1;
	}
	printf("%d\n", bound);
	fflush(stdout);
	if (port_file) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		f = fopen(tmp, "w");
		if (!f || fprintf(f, "%d\n", bound) < 0 || fclose(f) ||
		    rename(tmp, port_file)) {
			fprintf(stderr, "smtp_sink: %s: %s\n", port_file,
			        strerror(errno));
			return 1;
		}
	}
	while (saved < max) {
		struct pollfd p = {fd, POLLIN, 0};
		struct conn c;
		int cfd;

		if (poll(&p, 1, timeout * 1000) <= 0)
			break;
		cfd = accept(fd, NULL, NULL);
		if (cfd < 0)
			continue;
		c.in = fdopen(cfd, "r");
		c.out = fdopen(dup(cfd), "w");
		if (c.in && c.out)
			serve(&c, max);
		if (c.in)
			fclose(c.in);
		if (c.out)
			fclose(c.out);
	}
	close(fd);
	return 0;
}
