/*
 * registry/import.h - state shared by the two halves of the registry
 * import: import.c reads and validates the CSV files into memory,
 * import_write.c loads the registry already stored and writes the
 * validated rows in one transaction. Private to src/registry/.
 */
#ifndef NETRA_REGISTRY_IMPORT_H
#define NETRA_REGISTRY_IMPORT_H

#include <stdint.h>

#include "registry/registry.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/vec.h"

enum { F_UNITS, F_EMPLOYEES, F_ACCOUNTS, F_COUNT };

/* A unit row of units.csv. Strings live in the import arena. */
struct unit_rec {
	const char *code, *name, *parent, *kind, *extra;
	const char *timezone; /* NULL: the zone of the unit above */
	int tz_given;         /* the file has a timezone column */
	size_t line;
	long parent_idx; /* index in units, -1 root, -2 unknown parent */
	int depth;       /* distance from its root (parents sort first) */
	int64_t id;      /* database id once written */
	const char *path;
};

/* An employee row. nip is NULL for non-ASN staff. */
struct emp_rec {
	const char *key, *nip, *name, *position, *unit_code, *status, *sup;
	const char *extra;
	size_t line;
	int64_t id;
};

/* An account row; key is the owner's staff key. */
struct acc_rec {
	const char *platform, *handle, *key, *extra;
	size_t line;
};

/* What the store already holds, by key (value: index into the vector). */
struct db_unit {
	int64_t id, parent_id;
	const char *code, *name, *kind, *path, *extra, *timezone;
	int active;
};
struct db_emp {
	int64_t id, unit_id;
	const char *key, *nip, *name, *position, *status, *sup, *extra;
	int active;
};
struct db_acc {
	int64_t id, employee_id;
	const char *key; /* registry_acc_key() form */
	size_t klen;
	const char *extra;
	int active;
};

struct diag {
	int file;
	size_t line, seq;
	int is_error;
	const char *msg;
};

struct imp {
	const struct netra_registry_import_opts *o;
	struct netra_registry_import_result *res;
	netra_store *st;
	int64_t now;
	struct arena ar;
	const char *fname[F_COUNT]; /* NULL: file not part of the import */
	VEC(struct unit_rec) units;
	VEC(struct emp_rec) emps;
	VEC(struct acc_rec) accs;
	struct strmap unit_ix, emp_ix, acc_ix; /* key -> index in the file */
	VEC(struct db_unit) db_units;
	VEC(struct db_emp) db_emps;
	VEC(struct db_acc) db_accs;
	struct strmap db_unit_ix, db_emp_ix, db_acc_ix;
	/* handles an account with a stable user id had before a rename
	 * (account_handles, migration 013) -> index in db_accs */
	struct strmap db_old_ix;
	VEC(struct diag) diags;
};

/* Records a problem at file:line ("name:line: [warning: ]text"). */
void registry_diag(struct imp *m, int file, size_t line, int is_error,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Key of an account in acc_ix / db_acc_ix: "platform\x1fhandle" written
 * to buf; returns its length. */
size_t registry_acc_key(char *buf, size_t sz, const char *platform,
                        const char *handle);

/* Loads the units, employees and accounts already in m->st. */
int registry_load_db(struct imp *m);

/* Writes the validated files to m->st (inside the caller's transaction)
 * and fills m->res counts. */
int registry_write(struct imp *m);

#endif
