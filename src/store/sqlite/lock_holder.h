/*
 * store/sqlite/lock_holder.h - naming the process that holds the SQLite
 * store's write lock, so "database is locked" can say who and what to do.
 */
#ifndef NETRA_STORE_SQLITE_LOCK_HOLDER_H
#define NETRA_STORE_SQLITE_LOCK_HOLDER_H

#include <stddef.h>

/* The pid of another process holding the write lock of the store at
 * db_path (WAL mode), with its command line in out (size bytes); 0 when
 * none is found (not Linux, no lock any more, or no -shm file). */
long store_sqlite_lock_holder(char *out, size_t size, const char *db_path);

/* Sets and returns the error for a write refused because the store is
 * locked: what was attempted, who holds the lock if known, and what to
 * do (wait for it, or run again: netra waits busy_ms first). */
int store_sqlite_busy_error(const char *what, const char *db_path,
                            int busy_ms);

#endif
