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
 */
#ifndef NETRA_WORKFLOW_SCAN_H
#define NETRA_WORKFLOW_SCAN_H

#include <stdint.h>
#include <stdio.h>

#include "netra/store.h"

struct wf_scan_opts {
	const char *election_path; /* NULL: the last scan's */
	const char *rules_path;    /* NULL: the last scan's, else default */
	const char *hoaxes_path;   /* NULL: the last scan's, else the store's */
	int rescan;      /* judge events judged only under other rulebooks */
	size_t batch;    /* events per transaction; 0 = 1000 */
	FILE *progress;  /* progress lines (a terminal), or NULL */
};

struct wf_scan_result {
	uint64_t judged;     /* verdicts written */
	uint64_t breaches;   /* verdicts with at least one finding */
	uint64_t findings;   /* findings created */
	uint64_t bytes;      /* bytes of text judged */
	double seconds;
	char rulebook[80];   /* "sha256:..." */
};

/* Runs a scan. Errors: NETRA_EINVALID (no election profile known),
 * the engine's errors, NETRA_EIO. Work committed before an error stays. */
int wf_scan_run(netra_store *st, const struct wf_scan_opts *o,
		struct wf_scan_result *res);

/* Builds the engine a scan with o would use (the options, else the inputs
 * the last scan remembered; the store's debunks when no hoax file is
 * known) without scanning or remembering anything: the engine of `netra
 * serve`'s self-check. *out is freed with netra_engine_free(). Errors:
 * NETRA_EINVALID (no election profile known), the engine's errors. */
struct netra_engine;
int wf_scan_engine(struct netra_engine **out, netra_store *st,
		   const struct wf_scan_opts *o);

#endif
