/*
 * util/error.c - the per-thread last error message behind
 * netra_error_last(), and the library version.
 */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ERR_MAX 1024

static _Thread_local char last_error[ERR_MAX];

const char *netra_error_last(void)
{
	return last_error;
}

void netra_error_clear(void)
{
	last_error[0] = '\0';
}

const char *netra_version(void)
{
	return "0.1.0";
}

int err_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

int err_wrap(int code, const char *fmt, ...)
{
	char old[ERR_MAX];
	size_t n;
	va_list ap;

	memcpy(old, last_error, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	n = strlen(last_error);
	if (old[0] && n + 2 < sizeof(last_error)) {
		memcpy(last_error + n, ": ", 2);
		n += 2;
		snprintf(last_error + n, sizeof(last_error) - n, "%.*s",
			 (int)(sizeof(last_error) - n - 1), old);
	}
	return code;
}

int err_oom(void)
{
	return err_set(NETRA_ENOMEM, "out of memory");
}
