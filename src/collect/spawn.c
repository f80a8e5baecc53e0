/*
 * collect/spawn.c - a downloader as a child process under limits
 * (collect/spawn.h). posix_spawnp, never a shell: the tool and each
 * argument are one vector element, so a handle such as "x; rm -rf ~"
 * stays one argument. The child leads its own process group so a
 * timeout or a size overrun kills whatever it started (ffmpeg, a helper)
 * too. It sees only PATH, HOME (its directory, so no user configuration
 * is read) and LANG.
 */
#define _GNU_SOURCE /* pipe2, posix_spawn_file_actions_addchdir_np, nftw */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collect/spawn.h"
#include "util/error.h"

#define DEFAULT_TIMEOUT_MS 600000
#define DEFAULT_MAX_BYTES  ((uint64_t)512 << 20)
#define DEFAULT_GRACE_MS   2000
#define SIZE_CHECK_MS      250
#define MAX_DEPTH          16

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t dir_bytes(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;
	struct stat st;
	uint64_t sum = 0;

	if (!d) {
		close(dfd);
		return 0;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		if (S_ISREG(st.st_mode))
			sum += (uint64_t)st.st_size;
		else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
			int sub = openat(dirfd(d), e->d_name,
			                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			                     O_CLOEXEC);
			if (sub >= 0)
				sum += dir_bytes(sub, depth + 1);
		}
	}
	closedir(d);
	return sum;
}

uint64_t collect_dir_bytes(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? 0 : dir_bytes(fd, 0);
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) && errno != ENOENT ? -1 : 0;
}

int collect_dir_remove(const char *dir)
{
	if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		return err_set(NETRA_EIO, "cannot remove %s: %s", dir,
		               strerror(errno));
	return 0;
}

/* Keeps the last bytes the child wrote. */
static void keep_tail(struct collect_spawn_result *out, size_t *len,
                      const char *p, size_t n)
{
	size_t cap = sizeof(out->output) - 1;

	if (n >= cap) {
		memcpy(out->output, p + n - cap, cap);
		*len = cap;
	} else {
		if (*len + n > cap) {
			memmove(out->output, out->output + (*len + n - cap),
			        cap - n);
			*len = cap - n;
		}
		memcpy(out->output + *len, p, n);
		*len += n;
	}
	out->output[*len] = '\0';
}

static int start(pid_t *pid, int *rfd, const char *const *argv, const char *dir)
{
	char home[1100];
	char *const envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", home,
	                      "LANG=C.UTF-8", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	int p[2], rc;

	snprintf(home, sizeof(home), "HOME=%s", dir);
	if (pipe2(p, O_CLOEXEC))
		return err_set(NETRA_EIO, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	posix_spawn_file_actions_addchdir_np(&fa, dir);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	                                  POSIX_SPAWN_SETSIGMASK |
	                                  POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	rc = posix_spawnp(pid, argv[0], &fa, &at, (char *const *)argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(p[1]);
	if (rc) {
		close(p[0]);
		return err_set(rc == ENOENT ? NETRA_ENOTFOUND : NETRA_EIO,
		               "cannot run %s: %s%s", argv[0], strerror(rc),
		               rc == ENOENT ? " (is it installed?)" : "");
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	*rfd = p[0];
	return 0;
}

/* Reads what is there; 1 at end of file. */
static int drain(int fd, struct collect_spawn_result *out, size_t *len)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		keep_tail(out, len, buf, (size_t)n);
	return n == 0;
}

int collect_spawn_run(struct collect_spawn_result *out, const char *const *argv,
                      const char *dir, const struct collect_spawn_limits *lim)
{
	int64_t timeout =
	    lim && lim->timeout_ms ? lim->timeout_ms : DEFAULT_TIMEOUT_MS;
	uint64_t max =
	    lim && lim->max_bytes ? lim->max_bytes : DEFAULT_MAX_BYTES;
	int64_t grace = lim && lim->grace_ms ? lim->grace_ms : DEFAULT_GRACE_MS;
	int64_t t0 = mono_ms(), next_check = t0, killed_at = 0;
	size_t len = 0;
	int fd = -1, status = 0, eof = 0, rc;
	pid_t pid, w;

	memset(out, 0, sizeof(*out));
	if ((rc = start(&pid, &fd, argv, dir)))
		return rc;
	for (;;) {
		struct pollfd pfd = {fd, POLLIN, 0};
		int64_t now;

		if (!eof && poll(&pfd, 1, 100) > 0)
			eof = drain(fd, out, &len);
		else if (eof)
			poll(NULL, 0, 50);
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			rc = err_set(NETRA_EIO, "waitpid: %s", strerror(errno));
			break;
		}
		now = mono_ms();
		if (killed_at) {
			if (now - killed_at >= grace)
				kill(-pid, SIGKILL);
			continue;
		}
		if (now - t0 >= timeout)
			out->timed_out = 1;
		else if (now >= next_check) {
			next_check = now + SIZE_CHECK_MS;
			if (collect_dir_bytes(dir) > max)
				out->too_large = 1;
		}
		if (out->timed_out || out->too_large) {
			kill(-pid, SIGTERM);
			killed_at = now;
		}
	}
	/* whatever the tool started goes with it */
	kill(-pid, SIGKILL);
	if (!eof)
		drain(fd, out, &len);
	close(fd);
	if (w == pid) {
		out->exited = WIFEXITED(status);
		out->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		out->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	}
	out->bytes = collect_dir_bytes(dir);
	out->elapsed_ms = mono_ms() - t0;
	return rc;
}
