/*
 * workflow/scan.h - `netra scan`: judge every stored event not yet judged
 * under the current rulebook with the engine, store each verdict, and turn
 * each breach into a routed finding bound to the employee and unit.
 *
 * The store remembers the engine inputs of the last scan (meta keys
 * scan.election, scan.rules, scan.hoaxes), so a scan from cron needs no
 * options. Without --hoaxes the debunks imported with `netra hoax import`
 * are used. A verdict and its findings commit together, in batches, so a
 * kill at any moment leaves every event either judged with its findings or
 * not judged at all; a re-run carries on where it stopped.
 *
 * Work is claimed, not paged: events are judged in blocks of WF_SCAN_BLOCK
 * consecutive ids, each under a lease (workflow/lease.h), so any number of
 * scans (processes, machines, over one PostgreSQL) share the events and no
 * event is judged twice under one rulebook, except the uncommitted batch of
 * a scanner that was killed, which another judges once its lease expires.
 * Within one scan of `threads` >= 2, one thread writes, one reads the next
 * batch on a second connection, and threads - 1 judge (the engine shared
 * read-only, one judge per thread); verdicts are stored in event order.
 * What scan stores: docs/workflow.md, "What scan stores".
 */
#ifndef NETRA_WORKFLOW_SCAN_H
#define NETRA_WORKFLOW_SCAN_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "netra/store.h"

struct wf_scan_opts {
	const char *election_path; /* NULL: the last scan's */
	const char *rules_path;    /* NULL: the last scan's, else default */
	const char *hoaxes_path;   /* NULL: the last scan's, else the store's */
	int rescan;      /* judge events judged only under other rulebooks */
	size_t batch;    /* events per transaction; 0 = WF_SCAN_BLOCK (a
			  * block is one batch); at most a block's */
	int threads;     /* judging threads; 0 = the machine's cores */
	int lease_seconds; /* how long a claimed block stays ours without a
			    * commit; 0 = WF_SCAN_LEASE_SECONDS */
	int media_grace; /* seconds from an event's ingest that scan waits
			  * for its images to be fetched and read
			  * (docs/media.md); 0 = NETRA_MEDIA_GRACE, < 0 =
			  * no waiting */
	FILE *progress;  /* progress lines (a terminal), or NULL */
	/* When set (by a signal handler), the scan stops after the batch
	 * it is committing and gives its block's lease up; NULL: never. */
	volatile sig_atomic_t *stop;
};

/* Events per claimed block of work (ids block*N .. block*N + N-1), and the
 * default lease on one: long enough for a batch on a slow machine, short
 * enough that a killed scanner's block is soon judged by another. */
#define WF_SCAN_BLOCK 1024
#define WF_SCAN_LEASE_SECONDS 120

struct wf_scan_result {
	uint64_t judged;     /* verdicts written */
	uint64_t breaches;   /* verdicts with at least one finding */
	uint64_t findings;   /* findings created */
	uint64_t bytes;      /* bytes of text judged */
	uint64_t judge_calls; /* events given to the engine, committed or not
			       * (a batch lost to a kill or a lost lease is
			       * counted here but not in judged) */
	uint64_t blocks;     /* blocks of work claimed and judged */
	uint64_t blocks_busy; /* blocks skipped: another scanner held them */
	int threads;         /* judging threads used */
	double seconds;
	char rulebook[80];   /* "sha256:..." */
};

/* Runs a scan. Errors: NETRA_EINVALID (no election profile known),
 * the engine's errors, NETRA_EIO. Work committed before an error stays. */
int wf_scan_run(netra_store *st, const struct wf_scan_opts *o,
		struct wf_scan_result *res);

/* A scanner keeps its engine and judges between runs: `netra worker`
 * scans round after round without building the engine each time. Each
 * run resolves the inputs again (the options, else what the store
 * remembers) and rebuilds the engine when they changed (another file
 * remembered by a `netra scan --election`, debunks imported into the
 * store). o is copied; its strings must outlive the scanner. */
struct wf_scanner;
int wf_scanner_new(struct wf_scanner **out, netra_store *st,
		   const struct wf_scan_opts *o);
/* One scan (as wf_scan_run) with the scanner's engine. */
int wf_scanner_run(struct wf_scanner *sc, struct wf_scan_result *res);
void wf_scanner_free(struct wf_scanner *sc);

/* Builds the engine a scan with o would use (the options, else the inputs
 * the last scan remembered; the store's debunks when no hoax file is
 * known) without scanning or remembering anything: the engine of `netra
 * serve`'s self-check. *out is freed with netra_engine_free(). Errors:
 * NETRA_EINVALID (no election profile known), the engine's errors. */
struct netra_engine;
int wf_scan_engine(struct netra_engine **out, netra_store *st,
		   const struct wf_scan_opts *o);

#endif
