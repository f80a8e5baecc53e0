/*
 * util/error.h - setting the per-thread last error (libgit2's
 * git_error_set). Library code calls err_set() where an error happens and
 * returns the code; callers read it with netra_error_last().
 */
#ifndef NETRA_UTIL_ERROR_H
#define NETRA_UTIL_ERROR_H

#include "netra/common.h"

/* Sets the thread's last error message (printf format) and returns code,
 * so a failing function can `return err_set(NETRA_EINVALID, "...")`. */
int err_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes the current message with "prefix: " (adds context on the way
 * up, e.g. a file name). Returns code. */
int err_wrap(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets NETRA_ENOMEM with a standard message; returns NETRA_ENOMEM. */
int err_oom(void);

#endif
