/*
 * store/sqlite/lock_holder.c - who holds the SQLite store's write lock,
 * for the "database is locked" message: in WAL mode a writer holds a
 * POSIX write lock on byte 120 of the store's -shm file (SQLite's
 * WAL_WRITE_LOCK); /proc/locks names the process, /proc/PID/cmdline what
 * it runs. Linux only; elsewhere, or when the lock is gone by the time we
 * look, the caller says "another process".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "netra/common.h"
#include "store/sqlite/lock_holder.h"
#include "util/error.h"

#define WAL_WRITE_LOCK_BYTE 120 /* SQLite's WALINDEX_LOCK_OFFSET + 0 */

/* The command line of pid, arguments joined with spaces, into out. */
static void cmdline(char *out, size_t size, long pid)
{
	char path[64];
	size_t n, i;
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	f = fopen(path, "rb");
	if (!f)
		return;
	n = fread(out, 1, size - 1, f);
	fclose(f);
	while (n && out[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (out[i] == '\0' || out[i] == '\n' || out[i] == '\r')
			out[i] = ' ';
	out[n] = '\0';
}

long store_sqlite_lock_holder(char *out, size_t size, const char *db_path)
{
	char shm[4096], line[256];
	struct stat sb;
	long found = 0;
	FILE *f;

	if (size)
		out[0] = '\0';
	if ((size_t)snprintf(shm, sizeof(shm), "%s-shm", db_path) >=
	        sizeof(shm) ||
	    stat(shm, &sb) != 0)
		return 0;
	f = fopen("/proc/locks", "r");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		char kind[16], mode[16], rw[16], end[32];
		unsigned maj, min;
		unsigned long long ino, start;
		long pid;

		/* "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 120 120" */
		if (sscanf(line, "%*[^:]: %15s %15s %15s %ld %x:%x:%llu %llu %31s",
		           kind, mode, rw, &pid, &maj, &min, &ino, &start,
		           end) != 9)
			continue;
		if (strcmp(rw, "WRITE") != 0 || ino != (unsigned long long)sb.st_ino ||
		    makedev(maj, min) != sb.st_dev || pid == (long)getpid())
			continue;
		if (start > WAL_WRITE_LOCK_BYTE ||
		    (strcmp(end, "EOF") != 0 &&
		     strtoull(end, NULL, 10) < WAL_WRITE_LOCK_BYTE))
			continue;
		found = pid;
	}
	fclose(f);
	if (found && size)
		cmdline(out, size, found);
	return found;
}

int store_sqlite_busy_error(const char *what, const char *db_path,
                            int busy_ms)
{
	char cmd[160];
	long pid = store_sqlite_lock_holder(cmd, sizeof(cmd), db_path);
	char who[256];

	if (pid)
		snprintf(who, sizeof(who), "process %ld (%s)", pid,
		         cmd[0] ? cmd : "?");
	else
		snprintf(who, sizeof(who),
		         "another process (another netra command, or a "
		         "sqlite3 shell in a transaction)");
	return err_set(NETRA_EIO,
	               "%s: the store %s is locked: %s is writing to it and "
	               "netra gave up after waiting %d s (its busy timeout); "
	               "run this command again once that one has finished, or "
	               "run the writers one after another",
	               what, db_path, who, busy_ms / 1000);
}
