/*
 * workflow/worker.h - `netra worker`: a process that takes scan,
 * notification and escalation work from the store, round after round,
 * beside any number of others on any machines over one PostgreSQL (or on
 * one machine over SQLite). Each job claims its work so that workers
 * share it and a killed worker loses nothing:
 *  - scan: blocks of events under leases (workflow/lease.h), one verdict
 *    per event and rulebook, one finding per event and category;
 *  - escalate: overdue findings locked FOR UPDATE SKIP LOCKED, so each
 *    is escalated once per missed deadline (workflow/escalate.h);
 *  - notify: pending notifications composed into mails by one worker at
 *    a time, and each outbox mail claimed under a lease by one sender;
 *  - media: the images of events fetched and read, each event claimed
 *    under a lease (media_leases), before the round's scan, which waits
 *    for them (netra/media.h, docs/media.md).
 * See docs/worker.md.
 */
#ifndef NETRA_WORKFLOW_WORKER_H
#define NETRA_WORKFLOW_WORKER_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "netra/media.h"
#include "netra/store.h"
#include "workflow/escalate.h"
#include "workflow/scan.h"

#define WF_JOB_SCAN     1u
#define WF_JOB_NOTIFY   2u
#define WF_JOB_ESCALATE 4u
#define WF_JOB_MEDIA    8u
#define WF_JOB_ALL                                                             \
	(WF_JOB_SCAN | WF_JOB_NOTIFY | WF_JOB_ESCALATE | WF_JOB_MEDIA)

/* The default pause after a round that found nothing to do. */
#define WF_WORKER_INTERVAL 30

/* Parses a job list "scan,notify,escalate,media" (any order, no repeats) into
 * WF_JOB_* bits. 0, or NETRA_EINVALID naming the unknown job. */
int wf_worker_jobs_parse(unsigned *out, const char *list);

struct wf_worker_opts {
	unsigned jobs;     /* WF_JOB_* */
	int once;          /* one round of each job, then return */
	int interval;      /* seconds to wait after an idle round; 0 = the
	                    * default */
	struct wf_scan_opts scan; /* the scan job's options (its stop is
	                           * set to this struct's) */
	netra_media_fetch_opts media; /* the media job's (limit ignored;
	                               * stop set to this struct's) */
	const struct wf_smtp *smtp; /* where to send; NULL or no url: mails
	                             * are composed and wait in the outbox */
	FILE *log;         /* one line per round that did work, or NULL */
	volatile sig_atomic_t *stop; /* set by a signal: the worker ends
	                              * its batch and returns; may be NULL */
};

/* What one worker did, summed over its rounds. */
struct wf_worker_stats {
	char owner[128];  /* "host:pid:random": its leases and claims */
	uint64_t rounds;
	struct wf_scan_result scan; /* judged, judge_calls, findings, ... */
	netra_media_fetch_stats media; /* events, fetched, failed, retry */
	struct wf_escalate_stats mail; /* escalated, overdue, queued, sent */
};

/* Runs rounds until o->once ends it after the first, or *o->stop is set.
 * stats is filled as it goes (valid after an error too: the work done
 * before it is committed). Errors: the store's (the worker exits; run it
 * under a supervisor that restarts it), NETRA_EINVALID (no election
 * profile known for the scan job). Failed mails are counted, not
 * errors. */
int wf_worker_run(netra_store *st, const struct wf_worker_opts *o,
                  struct wf_worker_stats *stats);

#endif
