/*
 * netra/registry.h - the staff registry: organisation units (a tree),
 * employees and their social-media accounts, imported from the CSV files
 * a staff information system exports (formats in docs/registry.md).
 *
 * Only accounts in the registry are watched, so ingest uses
 * netra_handle_normalize() to match event authors to registered accounts.
 */
#ifndef NETRA_REGISTRY_H
#define NETRA_REGISTRY_H

#include <stdio.h>

#include <jansson.h>

#include "netra/common.h"
#include "netra/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest normalised handle, without the NUL. */
#define NETRA_HANDLE_MAX 64

/* The canonical platform name for name[0..n) ("x", "instagram",
 * "facebook", "tiktok", "youtube"; "twitter" gives "x"; case-insensitive,
 * spaces around ignored), or NULL if the platform is not supported. */
const char *netra_platform_canonical(const char *name, size_t n);

/* Normalises in[0..n), a handle or a profile URL on platform, into out
 * (NUL-terminated; outsz >= NETRA_HANDLE_MAX + 1 always suffices): trims,
 * strips a leading @, turns profile URLs (with or without scheme, www.,
 * m., query string, trailing slash) into the handle, lower-cases, and
 * checks the platform's allowed characters and length. Returns 0, or
 * NETRA_EINVALID with the reason in netra_error_last() (no file:line). */
int netra_handle_normalize(char *out, size_t outsz, const char *platform,
                           const char *in, size_t n);

/* As netra_handle_normalize(), but checks the result loosely (not empty,
 * at most NETRA_HANDLE_MAX bytes, no spaces, control characters, '/' or
 * '@'), for handles as they appear in events: a platform's rules change,
 * exports carry display variants, and an event must never be lost for its
 * author's spelling. The registry keeps the strict rules, so such a handle
 * simply matches no registered account. */
int netra_handle_normalize_loose(char *out, size_t outsz,
                                 const char *platform, const char *in,
                                 size_t n);

/* One input file of an import: a path, or an open FILE (then path only
 * names it in messages). Both NULL: the file is not part of the import. */
struct netra_registry_file {
	const char *path;
	FILE *f;
};

/* Called once per problem, in file and line order, with a one-line
 * message "file:line: reason" (warnings: "file:line: warning: reason"). */
typedef void (*netra_registry_report_fn)(void *ctx, int is_error,
                                         const char *msg);

struct netra_registry_import_opts {
	struct netra_registry_file units;
	struct netra_registry_file employees;
	struct netra_registry_file accounts;
	const char *actor;               /* audit actor; NULL: "system" */
	int64_t now;                     /* Unix seconds; 0: the current time */
	int dry_run;                     /* validate only, write nothing */
	netra_registry_report_fn report; /* NULL: messages are dropped */
	void *report_ctx;
};

struct netra_registry_count {
	size_t added, updated, unchanged, deactivated;
};

struct netra_registry_import_result {
	struct netra_registry_count units, employees, accounts;
	size_t errors, warnings;
};

/* Imports the given files into st all or nothing: every row of every file
 * is validated (also across files and against the registry already in
 * st), each problem is reported through opts->report, and only when there
 * is no error are the files written, in one transaction. Re-importing
 * updates by key (unit code, staff key, platform + handle); rows of the
 * registry missing from a given file are deactivated, never deleted.
 * st may be NULL to validate against an empty registry (dry run).
 * Returns 0, NETRA_EINVALID if the files had errors ("N errors in
 * registry files"), or another error (I/O, database). */
int netra_registry_import(struct netra_registry_import_result *out,
                          netra_store *st,
                          const struct netra_registry_import_opts *opts);

/* The active unit tree (the subtree of unit_code, or every root when
 * NULL) with staff and account counts per unit, own and including
 * descendants. *out is a new JSON object the caller frees with
 * json_decref(): {"units": [{"code", "name", "kind", "staff",
 * "staff_total", "accounts", "accounts_total", "children": [...]}]}.
 * Not scoped (the operator's view); a user's view is wf_registry_show()
 * (workflow/user.h). NETRA_ENOTFOUND if unit_code names no active unit. */
int netra_registry_show(json_t **out, netra_store *st, const char *unit_code);

#ifdef __cplusplus
}
#endif
#endif
