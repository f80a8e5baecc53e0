/*
 * tests/store/test_fault.c - out-of-memory and I/O-error injection under
 * ingest, the store and the evidence log (SQLite's *fault.test idea):
 * SQLite's allocator is replaced by one that fails the Nth allocation, and
 * its file layer by a shim whose Nth write or sync fails; an ingest of one
 * batch runs for N = 0, 1, ... until no fault is hit. After every failure
 * the store (reopened, for I/O errors) must hold the whole batch or none
 * of it, with exactly one evidence leaf per stored event, and a clean
 * re-run must bring every event in exactly once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netra/evidence.h"
#include "netra/ingest.h"
#include "store/store.h"

#define NEVENTS 40

static sqlite3_mem_methods real;
static long countdown = -1; /* allocations left before one fails; -1 off */
static int failed;          /* an allocation was refused */

static int should_fail(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failed = 1;
		return 1;
	}
	return 0;
}

static void *fault_malloc(int n)
{
	return should_fail() ? NULL : real.xMalloc(n);
}

static void *fault_realloc(void *p, int n)
{
	return should_fail() ? NULL : real.xRealloc(p, n);
}

/* The I/O shim: a VFS that wraps the default one and fails the Nth
 * xWrite/xTruncate/xSync of any file it opened. */
static sqlite3_vfs *base_vfs;
static sqlite3_vfs fault_vfs;
static long io_countdown = -1;
static int io_failed;

struct fault_file {
	sqlite3_file base; /* must be first */
	sqlite3_file *real;
};

static int io_fail(void)
{
	if (io_countdown < 0)
		return 0;
	if (io_countdown-- == 0) {
		io_failed = 1;
		return 1;
	}
	return 0;
}

#define REAL(f) (((struct fault_file *)(f))->real)

static int f_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods->xClose(REAL(f));

	free(REAL(f));
	return rc;
}
static int f_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int f_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (io_fail())
		return SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (io_fail())
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
	if (io_fail())
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *out)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), out);
}
static int f_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}
static int f_check(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int f_fcntl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int f_dev(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int f_shmmap(sqlite3_file *f, int pg, int sz, int ext,
		    void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int f_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int f_shmunmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods fault_io = {
	2, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock,
	f_unlock, f_check, f_fcntl, f_sector, f_dev, f_shmmap, f_shmlock,
	f_shmbarrier, f_shmunmap, NULL, NULL};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f,
		  int flags, int *out_flags)
{
	struct fault_file *ff = (struct fault_file *)f;
	int rc;

	(void)vfs;
	ff->base.pMethods = NULL;
	if (!(ff->real = calloc(1, (size_t)base_vfs->szOsFile)))
		return SQLITE_NOMEM;
	rc = base_vfs->xOpen(base_vfs, name, ff->real, flags, out_flags);
	if (rc != SQLITE_OK || !ff->real->pMethods) {
		free(ff->real);
		return rc;
	}
	ff->base.pMethods = &fault_io;
	return SQLITE_OK;
}

static void install_fault_vfs(void)
{
	base_vfs = sqlite3_vfs_find(NULL);
	fault_vfs = *base_vfs;
	fault_vfs.zName = "netra-fault";
	fault_vfs.szOsFile = (int)sizeof(struct fault_file);
	fault_vfs.xOpen = v_open;
	fault_vfs.pAppData = NULL;
	sqlite3_vfs_register(&fault_vfs, 1);
}

static char dir[64], events_path[128];

static int setup(void **state)
{
	FILE *f;
	int i;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/netra-fault.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(events_path, sizeof(events_path), "%s/events.jsonl", dir);
	if (!(f = fopen(events_path, "w")))
		return -1;
	for (i = 0; i < NEVENTS; i++)
		fprintf(f, "{\"platform\":\"x\",\"id\":\"f%d\",\"type\":\"post\","
			   "\"account\":\"pegawai_%d\",\"created_at\":"
			   "\"2024-10-02T08:15:00+07:00\",\"text\":\"Kegiatan "
			   "kantor hari ke-%d berjalan lancar\"}\n", i, i % 4, i);
	return fclose(f);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char db_path[160];

/* A fresh store with four registered accounts pegawai_0..3. */
static netra_store *fresh_store(int n)
{
	netra_store *st = NULL;
	char side[200];

	snprintf(db_path, sizeof(db_path), "%s/fault-%d.db", dir, n % 2);
	unlink(db_path);
	snprintf(side, sizeof(side), "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db_path);
	unlink(side);
	assert_int_equal(netra_store_open(&st, db_path), 0);
	assert_int_equal(store_exec(st,
		"INSERT INTO units(id, code, name, kind, path, updated_at)"
		" VALUES (1, 'U', 'Unit Uji', 'OPD', '/1/', 0);"
		"INSERT INTO employees(id, staff_key, name, unit_id, status,"
		" updated_at) VALUES (1, 'NA-1', 'Pegawai Uji', 1, 'PNS', 0);"
		"INSERT INTO accounts(employee_id, platform, handle, updated_at)"
		" VALUES (1, 'x', 'pegawai_0', 0), (1, 'x', 'pegawai_1', 0),"
		" (1, 'x', 'pegawai_2', 0), (1, 'x', 'pegawai_3', 0)"), 0);
	return st;
}

static int64_t count(netra_store *st, const char *sql)
{
	int64_t v = -1;

	assert_int_equal(store_query_int64(&v, st, sql, NULL, 0), 0);
	return v;
}

static int ingest(netra_store *st)
{
	netra_ingest_options opt;
	netra_ingest_result res;
	char rejects[160];

	memset(&opt, 0, sizeof(opt));
	snprintf(rejects, sizeof(rejects), "%s/rejects.jsonl", dir);
	opt.rejects_path = rejects;
	opt.batch_size = NEVENTS;
	return netra_ingest_file(&res, st, events_path, &opt);
}

static void check_consistent(netra_store *st, int n, int rc)
{
	int64_t ev = count(st, "SELECT COUNT(*) FROM events");
	int64_t leaves = count(st, "SELECT COUNT(*) FROM evidence_leaves "
				   "WHERE kind = 0");
	netra_evidence_audit au;

	if (ev != 0 && ev != NEVENTS)
		fail_msg("fault at allocation %d: %lld events, a partial batch",
			 n, (long long)ev);
	if (rc == 0 && ev != NEVENTS)
		fail_msg("fault at allocation %d: success but %lld events", n,
			 (long long)ev);
	assert_int_equal(leaves, ev);
	assert_int_equal(netra_evidence_audit_store(&au, st, NULL), 0);
	assert_true(au.ok);
}

/* The kinds of fault: which countdown arms it, which flag says it hit. */
enum fault { FAULT_MEMORY, FAULT_IO };

static void arm(enum fault k, long n)
{
	if (k == FAULT_MEMORY)
		failed = 0, countdown = n;
	else
		io_failed = 0, io_countdown = n;
}

/* Disarms the fault; 1 if it was hit. */
static int disarm(enum fault k)
{
	countdown = io_countdown = -1;
	return k == FAULT_MEMORY ? failed : io_failed;
}

/* Runs the ingest with the fault at point n = 0, 1, ... until a run hits
 * no fault; after each, checks the store and that a clean re-run brings
 * the whole batch in once. Returns the number of points tried. */
static int sweep(enum fault k, int limit)
{
	netra_store *st;
	int n, rc, hit, hits = 0;

	for (n = 0; n < limit; n++) {
		st = fresh_store(n);
		arm(k, n);
		rc = ingest(st);
		hit = disarm(k);
		if (k == FAULT_IO) {
			/* After an I/O error the connection may be unusable:
			 * check what a fresh process would find on disk. */
			netra_store_close(st);
			st = NULL;
			assert_int_equal(netra_store_open(&st, db_path), 0);
		}
		check_consistent(st, n, hit ? rc : 0);
		if (!hit) { /* every fault point has been tried */
			netra_store_close(st);
			return hits;
		}
		hits++;
		assert_int_equal(ingest(st), 0);
		assert_int_equal(count(st, "SELECT COUNT(*) FROM events"),
				 NEVENTS);
		assert_int_equal(count(st, "SELECT COUNT(*) FROM evidence_leaves "
					   "WHERE kind = 0"),
				 NEVENTS);
		netra_store_close(st);
	}
	fail_msg("faults still hit after %d points", limit);
	return hits;
}

static void test_ingest_out_of_memory(void **state)
{
	int hits;

	(void)state;
	hits = sweep(FAULT_MEMORY, 20000);
	print_message("faults injected at %d allocation points\n", hits);
	assert_true(hits > 10);
}

static void test_ingest_io_error(void **state)
{
	int hits;

	(void)state;
	hits = sweep(FAULT_IO, 5000);
	print_message("I/O errors injected at %d points\n", hits);
	assert_true(hits > 0);
}

int main(void)
{
	sqlite3_mem_methods m;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ingest_out_of_memory),
		cmocka_unit_test(test_ingest_io_error),
	};

	/* Before SQLite initialises: route its allocations through ours. */
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real) != SQLITE_OK)
		return 1;
	m = real;
	m.xMalloc = fault_malloc;
	m.xRealloc = fault_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
		return 1;
	install_fault_vfs();
	return cmocka_run_group_tests(tests, setup, teardown);
}
