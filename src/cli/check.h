/*
 * cli/check.h - the judging pipeline of `netra check` (check_run.c),
 * shared by cmd_check.c: lines of a stream judged by N threads, written in
 * input order.
 */
#ifndef NETRA_CLI_CHECK_H
#define NETRA_CLI_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include "netra/engine.h"

struct check_opts {
	const netra_engine *engine; /* shared, read-only */
	const char *name;           /* the input's name in messages */
	int text_mode;              /* lines are texts, not events */
	size_t max_record;          /* longest line kept */
	int threads;                /* judging threads; 1 = this one only */
};

/* Counts of a run. */
struct check_counts {
	size_t ok;  /* verdicts written */
	size_t bad; /* lines reported and skipped */
};

/* Judges every line of in: one verdict per line on out, FILE:LINE
 * messages on err, both in input order whatever the number of threads.
 * Each thread has its own netra_judge and Event parser. Memory is bounded
 * by the ring of batches (threads + 2 batches of at most 256 lines and
 * 64 KiB plus one record). 0, or -1 after printing why (read or write
 * error, out of memory, a thread that cannot start). */
int check_run(struct check_counts *out_counts, const struct check_opts *o,
              FILE *in, FILE *out, FILE *err);

/* Judges one text (id "1") and writes its verdict on out. 0 or -1. */
int check_text(const struct check_opts *o, const char *text, FILE *out);

#endif
