/*
 * bench/ingest_parse.c - ingest throughput, by stage.
 *
 *   bench_ingest_parse parse FILE
 *       the generic Event parser over every line of FILE, against a bare
 *       jansson json_loadb of the same lines (the floor netra's parser
 *       builds on): events and MB per CPU second, and the ratio.
 *   bench_ingest_parse store DB ACCOUNTS FILE
 *       registers x accounts pegawai_00001..pegawai_<ACCOUNTS> in a new
 *       store DB, then netra_ingest_file(FILE): events/s, MB/s, peak RSS.
 * FILE comes from tests/integration/fixtures/ingest/gen_events.awk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <jansson.h>

#include "netra/ingest.h"
#include "store/store.h"

/* User + system CPU seconds of this process so far. */
static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* Runs one pass over the lines of path; mode 0 = jansson, 1 = parser.
 * Returns CPU seconds (the machine may be shared). */
static double pass(const char *path, int mode, size_t *events, size_t *bytes)
{
	netra_event_parser *p = NULL;
	const netra_event *ev;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	double t0;
	FILE *f = fopen(path, "rb");

	if (!f || netra_event_parser_new(&p)) {
		perror(path);
		exit(1);
	}
	*events = *bytes = 0;
	t0 = cpu_seconds();
	while ((n = getline(&line, &cap, f)) > 0) {
		if (mode == 0) {
			json_t *j = json_loadb(line, (size_t)n, 0, NULL);
			if (j)
				(*events)++;
			json_decref(j);
		} else if (netra_event_parser_parse(p, line, (size_t)n, &ev) ==
		           0) {
			(*events)++;
		}
		*bytes += (size_t)n;
	}
	t0 = cpu_seconds() - t0;
	free(line);
	fclose(f);
	netra_event_parser_free(p);
	return t0;
}

static int bench_parse(const char *path)
{
	size_t ev0, ev1, by;
	double t0 = pass(path, 0, &ev0, &by), t1 = pass(path, 1, &ev1, &by);

	printf("jansson json_loadb  %9zu lines  %10.0f lines/s  %6.1f MB/s "
	       "(per CPU s)\n",
	       ev0, (double)ev0 / t0, (double)by / t0 / 1e6);
	printf("netra event parser  %9zu events %10.0f events/s %6.1f MB/s "
	       "(per CPU s)\n",
	       ev1, (double)ev1 / t1, (double)by / t1 / 1e6);
	printf("parser / jansson    %.2f\n", t0 / t1);
	return 0;
}

static int register_accounts(netra_store *st, int n)
{
	store_stmt *s = NULL;
	char h[32];
	int i, rc;

	rc = store_exec(st, "INSERT INTO units (code, name, kind, updated_at)"
	                    " VALUES ('B', 'Bench', 'OPD', 0);"
	                    "INSERT INTO employees (staff_key, name, unit_id,"
	                    " status, updated_at) VALUES ('B1', 'Bench', 1,"
	                    " 'PNS', 0);");
	if (rc || (rc = store_prepare(&s, st,
	                              "INSERT INTO accounts (employee_id,"
	                              " platform, handle, updated_at)"
	                              " VALUES (1, 'x', ?, 0)")))
		return rc;
	store_begin(st);
	for (i = 1; i <= n && !rc; i++) {
		snprintf(h, sizeof(h), "pegawai_%05d", i);
		store_bind_text(s, 1, h, (size_t)-1);
		rc = store_step(s) < 0;
		store_reset(s);
	}
	store_finalize(s);
	return rc ? rc : store_commit(st);
}

static int bench_store(const char *db, int accounts, const char *path)
{
	netra_ingest_result r;
	netra_store *st = NULL;
	FILE *f = fopen(path, "rb");
	double cpu;
	long size;

	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	if (netra_store_open(&st, db) || register_accounts(st, accounts)) {
		fprintf(stderr, "bench: %s\n", netra_error_last());
		netra_store_close(st);
		return 1;
	}
	cpu = cpu_seconds();
	if (netra_ingest_file(&r, st, path, NULL)) {
		fprintf(stderr, "bench: %s\n", netra_error_last());
		netra_store_close(st);
		return 1;
	}
	cpu = cpu_seconds() - cpu;
	netra_store_close(st);
	printf("ingest %llu read, %llu ingested, %llu skipped in %.2f s\n",
	       (unsigned long long)r.read, (unsigned long long)r.ingested,
	       (unsigned long long)r.skipped, r.elapsed);
	printf("ingest %10.0f events/s  %6.1f MB/s  peak RSS %ld MB\n",
	       (double)r.read / r.elapsed, (double)size / r.elapsed / 1e6,
	       peak_rss_mb());
	/* On a shared machine wall time includes waiting for the CPU; the
	 * rate per CPU second is what one core does. */
	printf("ingest %.2f CPU s: %10.0f events per CPU second\n", cpu,
	       (double)r.read / cpu);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "parse") == 0)
		return bench_parse(argv[2]);
	if (argc == 5 && strcmp(argv[1], "store") == 0)
		return bench_store(argv[2], atoi(argv[3]), argv[4]);
	fprintf(stderr, "usage: bench_ingest_parse parse FILE\n"
	                "       bench_ingest_parse store DB ACCOUNTS FILE\n");
	return 2;
}
