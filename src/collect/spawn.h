/*
 * collect/spawn.h - running a downloader (yt-dlp, gallery-dl,
 * instaloader) as a child process under limits (collect/spawn.c): no
 * shell (posix_spawnp with an argument vector), its own process group,
 * a small fixed environment, standard input from /dev/null, its output
 * kept (the tail) for messages, a wall-clock limit and a limit on the
 * bytes it writes under its directory; over either limit the whole
 * process group is killed (SIGTERM, then SIGKILL).
 */
#ifndef NETRA_COLLECT_SPAWN_H
#define NETRA_COLLECT_SPAWN_H

#include <stddef.h>
#include <stdint.h>

#include "netra/common.h"

struct collect_spawn_limits {
	int64_t timeout_ms; /* wall clock; 0: 600,000 (10 minutes) */
	uint64_t max_bytes; /* written under dir, all files; 0: 512 MiB */
	int64_t grace_ms;   /* SIGTERM to SIGKILL; 0: 2,000 */
};

struct collect_spawn_result {
	int exited;     /* 1 when it exited by itself */
	int exit_code;  /* its exit status when exited */
	int signal;     /* the signal that ended it, else 0 */
	int timed_out;  /* killed at the time limit */
	int too_large;  /* killed at the size limit */
	uint64_t bytes; /* bytes under dir at the end */
	int64_t elapsed_ms;
	char output[2048]; /* the last bytes it wrote to stdout/stderr */
};

/* Runs argv[0] (looked up in PATH) with argv in dir (its working
 * directory, which must exist and is where the tool writes). Returns 0
 * when the child ran (whatever its exit: see *out), or a negative code
 * when it could not be started (NETRA_ENOTFOUND: not installed) or
 * waited for. The process group is always reaped and killed before this
 * returns: nothing of it outlives the call. */
int collect_spawn_run(struct collect_spawn_result *out, const char *const *argv,
                      const char *dir, const struct collect_spawn_limits *lim);

/* Total bytes of the regular files under dir (symbolic links not
 * followed). */
uint64_t collect_dir_bytes(const char *dir);

/* Removes dir and everything under it (symbolic links not followed).
 * 0 or NETRA_EIO. */
int collect_dir_remove(const char *dir);

#endif
