/*
 * netra/common.h - error codes, the last-error message, and small shared
 * types of the public API.
 *
 * Every netra_ function returns int: 0 on success or a negative NETRA_E*
 * code. On error a one-line message (with file:line for input errors) is
 * kept per thread and read with netra_error_last(). Results go through an
 * out-parameter named `out`, set to NULL (or zero) on entry.
 */
#ifndef NETRA_COMMON_H
#define NETRA_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	NETRA_OK = 0,
	NETRA_ERROR = -1,     /* generic failure; see netra_error_last() */
	NETRA_ENOTFOUND = -2, /* the named object does not exist */
	NETRA_EINVALID = -3,  /* malformed input or argument */
	NETRA_EEXISTS = -4,   /* the object already exists */
	NETRA_ENOMEM = -5,    /* out of memory */
	NETRA_EIO = -6,       /* an I/O or database error */
	NETRA_EDENIED = -7,   /* the caller may not do this (scope, role) */
	NETRA_ESTATE = -8,    /* not allowed in the object's current state */
	NETRA_ETAMPER = -9    /* evidence failed verification */
};

/* The message of the last error on this thread, or "" if none. The string
 * is owned by netra and valid until the next netra call on this thread. */
const char *netra_error_last(void);

/* Clears the last error of this thread. */
void netra_error_clear(void);

/* The library version as "MAJOR.MINOR.PATCH". Static storage. */
const char *netra_version(void);

#ifdef __cplusplus
}
#endif
#endif
