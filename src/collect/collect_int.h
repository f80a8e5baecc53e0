/*
 * collect/collect_int.h - the collector core's internals shared by its
 * files: the store side (store.c: account claims under leases, cursors,
 * what resolve learned, errors, the hourly budget; migration 013), the
 * configuration (config.c), the run loop (run.c) and the status figures
 * (status.c). Modules never include this: they see collector.h only.
 */
#ifndef NETRA_COLLECT_INT_H
#define NETRA_COLLECT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "collect/collector.h"
#include "netra/store.h"

/* ---- configuration (config.c) --------------------------------------- */

struct collect_platform_conf {
	char platform[16];
	char *credentials;   /* path of the credentials file; NULL: none
	                        (the downloaders need none) */
	char *base_url;      /* NULL: the module's default */
	int64_t hourly_budget; /* requests per hour, all collectors; 0: none */
	long page_size;      /* 0: the module's default (X: 100) */
	long timeout;        /* seconds per request; 0: 30 */
	long max_attempts;   /* 0: 5 */
	long max_wait;       /* seconds; 0: 960 */
	long backoff_ms;     /* first backoff step; 0: 1000 */
};

struct collect_conf {
	char *election;       /* profile path; NULL: the one scan remembered */
	long margin_before;   /* days before the campaign period */
	long margin_after;    /* days after voting day */
	long interval;        /* seconds between rounds (loop); default 900 */
	long lease_seconds;   /* account lease; default 300 */
	long max_pages;       /* per account and endpoint per round; 50 */
	long deletion_days;   /* posts this recent are checked; 30 */
	long deletion_max;    /* posts checked per account per round; 200 */
	char *rejects;        /* reject file; default netra-rejects-collect.jsonl */
	struct collect_platform_conf platforms[8];
	size_t nplatforms;
};

/* Loads the YAML configuration (docs/collect.md), errors as
 * file:line:col. Free with collect_conf_free(). */
int collect_conf_load(struct collect_conf *out, const char *path);
/* Defaults only (no file). */
void collect_conf_defaults(struct collect_conf *c);
void collect_conf_free(struct collect_conf *c);
const struct collect_platform_conf *
collect_conf_platform(const struct collect_conf *c, const char *platform);

/* ---- the store side (store.c) --------------------------------------- */

/* An account to collect, as listed from the store (strings malloc'd). */
struct collect_acct_row {
	int64_t id;
	char *handle;
	char *uid;    /* NULL when unknown */
	char *status; /* accounts.status */
};

/* The active registered accounts of platform, in id order. *out is an
 * array of *n rows freed with collect_acct_rows_free(). */
int collect_list_accounts(struct collect_acct_row **out, size_t *n,
                          netra_store *st, const char *platform);
void collect_acct_rows_free(struct collect_acct_row *rows, size_t n);

/* Takes the lease on account id for module (its name: one account may be
 * collected by several modules) for owner until `until` when it is
 * free, expired at now, already owner's, or held by a dead process of
 * this host, and it was not taken since due_before_ms (Unix ms: the
 * round's start; now_ms is the claim's time in ms, kept as
 * claimed_ms). 1 if taken, 0 if not, or an error. */
int collect_claim(netra_store *st, int64_t account_id, const char *module,
                  const char *owner, int64_t now, int64_t now_ms,
                  int64_t until, int64_t due_before_ms);
/* Ends the lease; success records last_success = now. */
int collect_release(netra_store *st, int64_t account_id, const char *module,
                    const char *owner, int success, int64_t now);
/* Extends owner's lease to until inside the caller's transaction; 0, or
 * NETRA_ESTATE when it was lost to another collector. */
int collect_renew(netra_store *st, int64_t account_id, const char *module,
                  const char *owner, int64_t until);

/* The stored cursor of (account, endpoint), zeroed when none. */
int collect_cursor_load(struct collect_cursor *out, netra_store *st,
                        int64_t account_id, const char *endpoint);
/* Upserts it (inside the caller's transaction). */
int collect_cursor_save(netra_store *st, int64_t account_id,
                        const char *endpoint, const struct collect_cursor *c,
                        int64_t now);

/* Records what resolve() learned of acct at now, in one transaction: the
 * stable id (refused when another active account already has it: the
 * message names it), a rename (accounts.handle follows the platform;
 * both handles in account_handles; an account_changes row), a status
 * change (account_changes row). *renamed is set when the handle
 * changed. */
int collect_record_profile(netra_store *st, const struct collect_account *acct,
                           const struct collect_profile *p, int64_t now,
                           int *renamed);

/* Records an error of owner's run (account_id 0: not of one account). */
int collect_error_add(netra_store *st, const char *platform,
                      int64_t account_id, const char *endpoint,
                      const char *owner, const char *message, int64_t now);

/* Up to max ids of the account's collected posts (not deletes, not
 * marked deleted) created since `since`, newest first. The strings are
 * malloc'd; free with collect_ids_free(). */
int collect_recent_posts(char ***out, size_t *n, netra_store *st,
                         int64_t account_id, int64_t since, size_t max);
void collect_ids_free(char **ids, size_t n);

/* The collect_budget_fn over the store: ctx is a struct collect_budget. */
struct collect_budget {
	netra_store *st;
	int64_t per_hour; /* 0: no budget */
	int64_t hour;     /* the hour (Unix s / 3600) of the last charge */
};
int collect_budget_take(void *ctx, const char *platform, int64_t *wait_until);
/* Gives back one request charged in hour (a request charged ahead that
 * was never sent: run.c's prefetch). */
int collect_budget_refund(struct collect_budget *b, const char *platform,
                          int64_t hour);

/* ---- a run (run.c) -------------------------------------------------- */

struct collect_run_opts {
	const struct collect_conf *conf;
	const char *platform; /* NULL: every configured platform */
	int once;             /* one round, then return */
	FILE *log;            /* progress and errors; NULL: quiet */
	volatile int *stop;   /* set by a signal handler: stop after the
	                         current page */
	const struct collect_module *module; /* NULL: each platform's own
	                         (collect_module_find); else this one for
	                         every platform (unit tests) */
};

struct collect_run_result {
	uint64_t accounts;     /* collected this run */
	uint64_t skipped;      /* held by another collector, or done */
	uint64_t pages;
	uint64_t requests;
	uint64_t ingested, duplicates, rejected, not_registered;
	uint64_t deleted;      /* delete events stored */
	uint64_t renamed, status_changes;
	uint64_t errors;
	uint64_t rounds;
};

/* Collects (docs/collect.md). Returns 0 when every round ran (errors of
 * single accounts are recorded and counted, not returned), or a negative
 * code for what stops a run (no election profile, unreadable
 * credentials, a database error). */
int collect_run(struct collect_run_result *out, netra_store *st,
                const struct collect_run_opts *o);

/* The election window: the profile's campaign start minus margin_before
 * days through voting day plus margin_after days, as [start, end) Unix
 * seconds in the region's time zone. */
int collect_window(int64_t *start, int64_t *end, netra_store *st,
                   const struct collect_conf *c);

/* ---- status (status.c) ---------------------------------------------- */

struct collect_status_row {
	char platform[16];
	char unit[64];        /* unit code; "" for the platform's total */
	char unit_name[160];
	char unit_path[256];  /* units.path ("/1/7/"); "" for a total */
	int64_t watched;      /* active registered accounts */
	int64_t last_success; /* newest; 0 never */
	int64_t events_day;   /* collected events ingested in the last 24 h */
	int64_t errors_day;   /* errors recorded in the last 24 h */
	int64_t unreachable;  /* private, suspended or gone */
	int64_t silent;       /* see collect_status_rows */
	int64_t maybe_renamed; /* not found by handle, stable id known:
	                          possibly renamed (status maybe_renamed) */
};

/* Per platform and per unit (the unit of the account's employee), at
 * now: the figures of `netra collect status`. An account is silent when
 * the median of its collected events over the last four weeks (counts
 * per week, by the time of the act, else of capture) is at least one,
 * and none fell in the last two weeks. *out (array of *n) is malloc'd:
 * free(). Rows with unit "" are the platform totals, first. */
int collect_status_rows(struct collect_status_row **out, size_t *n,
                        netra_store *st, int64_t now);

/* The same rows as user actor may see them (the web page): the units of
 * actor's subtree, each platform's total summed over those units alone
 * (the errors of whole rounds only for a user of every unit). A platform
 * none of whose accounts is in scope has no row. NETRA_ENOTFOUND when
 * actor is no active user. Free *out with free(). */
int collect_status_scoped(struct collect_status_row **out, size_t *n,
                          netra_store *st, const char *actor, int64_t now);

#endif
