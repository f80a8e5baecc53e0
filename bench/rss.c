/*
 * bench/rss.c - runs one command and reports what it cost: wall-clock
 * seconds, user and system CPU seconds and peak resident memory (the
 * child's ru_maxrss from wait4). The benchmark scripts use it instead of
 * /usr/bin/time, which a fresh Debian install does not have.
 *
 *   bench_rss OUT CMD [ARGS...]
 *
 * CMD keeps this process's stdin, stdout and stderr. OUT gets one line
 * "wall=S user=S sys=S maxrss_kb=N status=N". Exits with CMD's status
 * (128+signal if it was killed), or 2 for a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	int status = 0, code;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fputs("usage: bench_rss OUT CMD [ARGS...]\n", stderr);
		return 2;
	}
	t0 = now();
	pid = fork();
	if (pid < 0) {
		perror("bench_rss: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	memset(&ru, 0, sizeof(ru));
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("bench_rss: wait4");
		return 1;
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "wall=%.3f user=%.3f sys=%.3f maxrss_kb=%ld status=%d\n",
	        now() - t0, secs(ru.ru_utime), secs(ru.ru_stime), ru.ru_maxrss,
	        code);
	if (fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	return code;
}
