/*
 * registry/import.c - `netra registry import`: reads units.csv,
 * employees.csv and accounts.csv (formats in docs/registry.md), validates
 * every row, also across the files and against the stored registry, and
 * reports every problem as file:line: reason. Only an error-free set of
 * files reaches import_write.c, which writes it in one transaction: all
 * or nothing.
 */
#include "registry/import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netra/registry.h"
#include "store/store.h"
#include "util/civiltime.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/sbuf.h"

#define MAX_COLS 8

static const char *const unit_cols[] = {"code", "name", "parent_code", "kind"};
/* Optional columns with a meaning of their own (not kept in extra). */
static const char *const unit_opt_cols[] = {"timezone"};
static const char *const emp_cols[] = {"nip",       "name",   "position",
                                       "unit_code", "status", "supervisor_nip"};
static const char *const acc_cols[] = {"nip", "platform", "handle"};

/* Unit kinds accepted (case-insensitive), stored in this spelling. */
static const char *const unit_kinds[] = {
    "pemda",     "OPD",       "sekretariat", "inspektorat", "badan",
    "dinas",     "bidang",    "bagian",      "subbagian",   "seksi",
    "kecamatan", "kelurahan", "desa",        "UPT",         "UPTD",
    "puskesmas", "sekolah",   "RSUD",        "satpol",      "kelompok",
};

/* One CSV file being read: its columns and where each required one is. */
struct table {
	int file;
	const char *const *cols;
	int ncols;
	int idx[MAX_COLS];
	const char *const *opt; /* optional columns, or NULL */
	int nopt;
	int oidx[MAX_COLS];     /* where each optional one is, or -1 */
	size_t nfields;
	char **hdr;
	struct csv_reader *csv;
	struct csv_row row;
};

void registry_diag(struct imp *m, int file, size_t line, int is_error,
                   const char *fmt, ...)
{
	struct sbuf b = SBUF_INIT;
	struct diag d;
	va_list ap;

	if (is_error)
		m->res->errors++;
	else
		m->res->warnings++;
	if (sbuf_printf(&b, "%s:%zu: %s", m->fname[file], line,
	                is_error ? "" : "warning: "))
		goto done;
	va_start(ap, fmt);
	if (sbuf_vprintf(&b, fmt, ap) == 0) {
		d.file = file;
		d.line = line;
		d.seq = m->diags.len;
		d.is_error = is_error;
		d.msg = arena_strndup(&m->ar, b.data, b.len);
		if (d.msg)
			(void)VEC_PUSH(&m->diags, d);
	}
	va_end(ap);
done:
	sbuf_free(&b);
}

size_t registry_acc_key(char *buf, size_t sz, const char *platform,
                        const char *handle)
{
	int n = snprintf(buf, sz, "%s\x1f%s", platform, handle);

	return n < 0 ? 0 : (size_t)n < sz ? (size_t)n : sz - 1;
}

static int eq_ci(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (!y || x != y)
			return 0;
	}
	return b[n] == '\0';
}

static const char *trim(const char *s, size_t *n)
{
	while (*n && (s[0] == ' ' || s[0] == '\t'))
		s++, (*n)--;
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* The trimmed required column k of the current row, copied to the arena
 * (never NULL unless out of memory); its length in *n if n. */
static const char *col(struct imp *m, struct table *t, int k, size_t *n)
{
	size_t len = t->row.lens[t->idx[k]];
	const char *s = trim(t->row.fields[t->idx[k]], &len);

	if (n)
		*n = len;
	return arena_strndup(&m->ar, s, len);
}

/* The trimmed optional column k of the current row, copied to the arena,
 * or NULL when the file has no such column (*present 0) or on OOM. */
static const char *opt_col(struct imp *m, struct table *t, int k,
                           int *present)
{
	size_t len;
	const char *s;

	*present = t->oidx[k] >= 0;
	if (!*present)
		return NULL;
	len = t->row.lens[t->oidx[k]];
	s = trim(t->row.fields[t->oidx[k]], &len);
	return arena_strndup(&m->ar, s, len);
}

/* The non-empty extra (non-required) columns of the row as a JSON
 * object, or NULL when there are none. */
static const char *extra_json(struct imp *m, struct table *t)
{
	struct sbuf b = SBUF_INIT;
	const char *res = NULL;
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		if (!t->hdr[i] || t->row.lens[i] == 0)
			continue;
		if (sbuf_putc(&b, b.len ? ',' : '{') ||
		    sbuf_json_str(&b, t->hdr[i], strlen(t->hdr[i])) ||
		    sbuf_putc(&b, ':') ||
		    sbuf_json_str(&b, t->row.fields[i], t->row.lens[i]))
			goto done;
	}
	if (b.len && sbuf_putc(&b, '}') == 0)
		res = arena_strndup(&m->ar, b.data, b.len);
done:
	sbuf_free(&b);
	return res;
}

/* Reads the header: finds each required column (any order, names
 * case-insensitive) and keeps the names of extra columns. */
static int table_header(struct imp *m, struct table *t)
{
	size_t i;
	int k, rc, ok = 1;

	for (;;) {
		rc = csv_next(t->csv, &t->row);
		if (rc != NETRA_EINVALID)
			break;
		registry_diag(m, t->file, 1, 1, "bad header: %s",
		              netra_error_last());
		return 0;
	}
	if (rc < 0)
		return rc;
	if (rc == 0) {
		registry_diag(m, t->file, 1, 1, "empty file (no header)");
		return 0;
	}
	t->nfields = t->row.count;
	t->hdr = arena_alloc(&m->ar, t->nfields * sizeof(char *));
	if (!t->hdr)
		return err_oom();
	for (k = 0; k < t->ncols; k++)
		t->idx[k] = -1;
	for (k = 0; k < t->nopt; k++)
		t->oidx[k] = -1;
	for (i = 0; i < t->nfields; i++) {
		size_t n = t->row.lens[i];
		const char *h = trim(t->row.fields[i], &n);
		int o;
		for (k = 0; k < t->ncols && !eq_ci(h, n, t->cols[k]); k++)
			;
		for (o = 0; k == t->ncols && o < t->nopt &&
		            !eq_ci(h, n, t->opt[o]); o++)
			;
		t->hdr[i] = NULL;
		if (k == t->ncols && o < t->nopt) {
			if (t->oidx[o] >= 0) {
				registry_diag(m, t->file, t->row.line, 1,
				              "column '%s' appears twice",
				              t->opt[o]);
				ok = 0;
			}
			t->oidx[o] = (int)i;
		} else if (k < t->ncols && t->idx[k] >= 0) {
			registry_diag(m, t->file, t->row.line, 1,
			              "column '%s' appears twice", t->cols[k]);
			ok = 0;
		} else if (k < t->ncols) {
			t->idx[k] = (int)i;
		} else if (!(t->hdr[i] = arena_strndup(&m->ar, h, n))) {
			return err_oom();
		}
	}
	for (k = 0; k < t->ncols; k++) {
		if (t->idx[k] >= 0)
			continue;
		registry_diag(m, t->file, t->row.line, 1,
		              "header lacks column '%s'", t->cols[k]);
		ok = 0;
	}
	return ok;
}

/* True if every field of the row is text: no NUL byte, valid UTF-8. A
 * field that is not is reported (file:line, the column) and the row is
 * skipped; the report fails the import, which stays all or nothing. */
static int row_text_ok(struct imp *m, struct table *t)
{
	size_t i, ok, col;

	for (i = 0; i < t->row.count; i++) {
		const char *f = t->row.fields[i];
		size_t n = t->row.lens[i];
		const char *name = t->hdr[i] ? t->hdr[i] : "";
		int k;

		for (k = 0; !name[0] && k < t->ncols; k++)
			if (t->idx[k] == (int)i)
				name = t->cols[k];
		col = i + 1;
		if (memchr(f, '\0', n)) {
			registry_diag(m, t->file, t->row.line, 1,
			              "field %zu ('%s') holds a NUL byte", col,
			              name);
			return 0;
		}
		if ((ok = sbuf_utf8_valid_prefix(f, n)) < n) {
			registry_diag(m, t->file, t->row.line, 1,
			              "field %zu ('%s') is not valid UTF-8 "
			              "(byte 0x%02X at offset %zu; save the file "
			              "as UTF-8)",
			              col, name, (unsigned)(unsigned char)f[ok],
			              ok);
			return 0;
		}
	}
	return 1;
}

/* Next data row with the header's field count: 1, 0 at the end, < 0 on a
 * read error. Malformed rows are reported and skipped. */
static int table_next(struct imp *m, struct table *t)
{
	int rc;

	for (;;) {
		rc = csv_next(t->csv, &t->row);
		if (rc == NETRA_EINVALID) {
			const char *e = netra_error_last();
			size_t skip = strlen(m->fname[t->file]) + 1;
			size_t line =
			    strlen(e) > skip ? strtoul(e + skip, NULL, 10) : 0;
			registry_diag(m, t->file, line, 1, "%s",
			              strstr(e + skip, ": ")
			                  ? strstr(e + skip, ": ") + 2
			                  : e);
			continue;
		}
		if (rc <= 0)
			return rc;
		if (t->row.count != t->nfields)
			registry_diag(m, t->file, t->row.line, 1,
			              "expected %zu fields, found %zu",
			              t->nfields, t->row.count);
		else if (row_text_ok(m, t))
			return 1;
	}
}

/* A unit code or staff id token: letters, digits and . _ / - only. */
static int check_code(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > REGISTRY_KEY_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
		      c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

/* Adds key -> idx to map unless present; on a duplicate reports it with
 * the line of the first occurrence. 0, 1 (duplicate), or NETRA_ENOMEM. */
static int index_key(struct imp *m, struct strmap *map, int file, size_t line,
                     const char *what, const char *key, size_t klen, size_t idx,
                     size_t first_line_of(struct imp *, size_t))
{
	int64_t prev;

	if (strmap_get(map, key, klen, &prev)) {
		registry_diag(m, file, line, 1,
		              "duplicate %s '%s' (first on "
		              "line %zu)",
		              what, key, first_line_of(m, (size_t)prev));
		return 1;
	}
	return strmap_put(map, key, klen, (int64_t)idx);
}

static size_t unit_line(struct imp *m, size_t i)
{
	return m->units.items[i].line;
}

static size_t emp_line(struct imp *m, size_t i)
{
	return m->emps.items[i].line;
}

static size_t acc_line(struct imp *m, size_t i)
{
	return m->accs.items[i].line;
}

static const char *canonical_kind(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(unit_kinds) / sizeof(unit_kinds[0]); i++)
		if (eq_ci(s, n, unit_kinds[i]))
			return unit_kinds[i];
	return NULL;
}

/* Validates one units.csv row and appends it. */
static int read_unit(struct imp *m, struct table *t)
{
	struct unit_rec u = {0};
	size_t n, kn, pn;
	const char *kind;
	int32_t off;
	int rc;

	u.line = t->row.line;
	u.code = col(m, t, 0, &n);
	u.name = col(m, t, 1, NULL);
	u.parent = col(m, t, 2, &pn);
	kind = col(m, t, 3, &kn);
	u.extra = extra_json(m, t);
	u.timezone = opt_col(m, t, 0, &u.tz_given);
	if (!u.code || !u.name || !u.parent || !kind ||
	    (u.tz_given && !u.timezone))
		return err_oom();
	if (u.timezone && !u.timezone[0])
		u.timezone = NULL; /* the zone of the unit above */
	if (u.timezone && civil_zone_parse(&off, u.timezone) != 0)
		registry_diag(m, F_UNITS, u.line, 1,
		              "unknown time zone '%s' (WIB, WITA, WIT, an "
		              "IANA zone of Indonesia such as Asia/Jayapura, "
		              "or empty for the zone of the unit above)",
		              u.timezone);
	if (!check_code(u.code, n))
		registry_diag(m, F_UNITS, u.line, 1,
		              "unit code '%s' must be 1-64 letters, digits or "
		              ". _ / -",
		              u.code);
	if (!u.name[0])
		registry_diag(m, F_UNITS, u.line, 1, "unit name is empty");
	if (!(u.kind = canonical_kind(kind, kn)))
		registry_diag(m, F_UNITS, u.line, 1,
		              "unknown unit kind '%s' (see docs/registry.md)",
		              kind);
	if (pn && strcmp(u.parent, u.code) == 0)
		registry_diag(m, F_UNITS, u.line, 1,
		              "unit '%s' is its own parent", u.code);
	if (n && (rc = index_key(m, &m->unit_ix, F_UNITS, u.line, "unit code",
	                         u.code, n, m->units.len, unit_line)) < 0)
		return rc;
	return VEC_PUSH(&m->units, u);
}

/* Reports the cycle that unit i (found on the walk stack) closes. */
static void report_cycle(struct imp *m, size_t i)
{
	struct sbuf b = SBUF_INIT;
	size_t j = i;

	do {
		if (sbuf_printf(&b, "%s -> ", m->units.items[j].code))
			break;
		j = (size_t)m->units.items[j].parent_idx;
	} while (j != i);
	(void)sbuf_puts(&b, m->units.items[i].code);
	registry_diag(m, F_UNITS, m->units.items[i].line, 1,
	              "cycle in the unit tree: %s", b.data ? b.data : "?");
	sbuf_free(&b);
}

/* Sets each unit's depth, walking up towards a root; reports cycles.
 * mark: 0 unseen, 1 on the current walk, 2 done. */
static int unit_depths(struct imp *m)
{
	unsigned char *mark = calloc(m->units.len + 1, 1);
	size_t i, j, sp, *stack = malloc((m->units.len + 1) * sizeof(size_t));
	struct unit_rec *u;

	if (!mark || !stack) {
		free(mark);
		free(stack);
		return err_oom();
	}
	for (i = 0; i < m->units.len; i++) {
		for (sp = 0, j = i; mark[j] != 2;) {
			if (mark[j] == 1) {
				report_cycle(m, j);
				break;
			}
			mark[j] = 1;
			stack[sp++] = j;
			if (m->units.items[j].parent_idx < 0)
				break;
			j = (size_t)m->units.items[j].parent_idx;
		}
		while (sp) {
			u = &m->units.items[stack[--sp]];
			u->depth =
			    u->parent_idx < 0
			        ? 0
			        : m->units.items[u->parent_idx].depth + 1;
			mark[stack[sp]] = 2;
		}
	}
	free(mark);
	free(stack);
	return 0;
}

/* After all units are read: resolves parents, then finds cycles. */
static int link_units(struct imp *m)
{
	size_t i;
	int64_t p;

	for (i = 0; i < m->units.len; i++) {
		struct unit_rec *u = &m->units.items[i];
		u->parent_idx = -1;
		if (!u->parent[0])
			continue;
		if (strcmp(u->parent, u->code) == 0) {
			u->parent_idx = -2; /* reported by read_unit */
		} else if (strmap_get(&m->unit_ix, u->parent, strlen(u->parent),
		                      &p)) {
			u->parent_idx = (long)p;
		} else {
			registry_diag(m, F_UNITS, u->line, 1,
			              "unknown parent_code '%s'", u->parent);
			u->parent_idx = -2;
		}
	}
	return unit_depths(m);
}

/* "PNS", "PPPK" or "non-ASN" for s (case, '-', '_' and spaces ignored). */
static const char *canonical_status(const char *s, size_t n)
{
	char b[16];
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < sizeof(b); i++) {
		char c = s[i];
		if (c == '-' || c == '_' || c == ' ')
			continue;
		b[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	if (i < n)
		return NULL;
	if (eq_ci(b, k, "pns"))
		return "PNS";
	if (eq_ci(b, k, "pppk"))
		return "PPPK";
	if (eq_ci(b, k, "nonasn"))
		return "non-ASN";
	return NULL;
}

/* Sets e->key (and e->nip for ASN) from the nip column per status. */
static int emp_key(struct imp *m, struct emp_rec *e, const char *raw, size_t n)
{
	char key[REGISTRY_KEY_MAX + 1], warn[256];
	int is_nip = 0;

	if (e->status && strcmp(e->status, "non-ASN") != 0) {
		if (registry_nip_check(key, raw, n, m->now,
		                       strcmp(e->status, "PPPK") == 0, warn,
		                       sizeof(warn))) {
			registry_diag(m, F_EMPLOYEES, e->line, 1, "%s",
			              netra_error_last());
			/* still index it, so its accounts do not also fail */
			if (registry_staff_key(key, &is_nip, raw, n))
				return 0;
		} else if (warn[0]) {
			registry_diag(m, F_EMPLOYEES, e->line, 0, "%s", warn);
		}
		is_nip = 1;
	} else if (registry_staff_key(key, &is_nip, raw, n)) {
		registry_diag(m, F_EMPLOYEES, e->line, 1, "%s",
		              netra_error_last());
		return 0;
	} else if (is_nip && e->status) {
		registry_diag(m, F_EMPLOYEES, e->line, 1,
		              "non-ASN staff have no NIP: put their staff id "
		              "(e.g. NA-000123) in the nip column");
	}
	e->key = arena_strndup(&m->ar, key, strlen(key));
	if (!e->key)
		return err_oom();
	if (is_nip && e->status && strcmp(e->status, "non-ASN") != 0)
		e->nip = e->key;
	return 0;
}

/* Is unit code known: in units.csv when given, else active in the store? */
static int unit_known(struct imp *m, const char *code)
{
	int64_t i;

	if (m->fname[F_UNITS])
		return strmap_get(&m->unit_ix, code, strlen(code), NULL);
	return strmap_get(&m->db_unit_ix, code, strlen(code), &i) &&
	       m->db_units.items[i].active;
}

/* Validates one employees.csv row and appends it. */
static int read_emp(struct imp *m, struct table *t)
{
	struct emp_rec e = {0};
	const char *raw, *status;
	size_t rn, sn;
	int rc;

	e.line = t->row.line;
	raw = col(m, t, 0, &rn);
	e.name = col(m, t, 1, NULL);
	e.position = col(m, t, 2, NULL);
	e.unit_code = col(m, t, 3, NULL);
	status = col(m, t, 4, &sn);
	e.sup = col(m, t, 5, NULL);
	e.extra = extra_json(m, t);
	if (!raw || !e.name || !e.position || !e.unit_code || !status || !e.sup)
		return err_oom();
	if (!(e.status = canonical_status(status, sn)))
		registry_diag(m, F_EMPLOYEES, e.line, 1,
		              "status '%s' must be PNS, PPPK or non-ASN",
		              status);
	if ((rc = emp_key(m, &e, raw, rn)))
		return rc;
	if (!e.name[0])
		registry_diag(m, F_EMPLOYEES, e.line, 1, "name is empty");
	if (!e.unit_code[0])
		registry_diag(m, F_EMPLOYEES, e.line, 1, "unit_code is empty");
	else if (!unit_known(m, e.unit_code))
		registry_diag(m, F_EMPLOYEES, e.line, 1,
		              "unknown unit_code '%s'%s", e.unit_code,
		              m->fname[F_UNITS] ? " (not in units file)"
		                                : " (not an active unit)");
	if (e.key &&
	    (rc = index_key(m, &m->emp_ix, F_EMPLOYEES, e.line, "staff key",
	                    e.key, strlen(e.key), m->emps.len, emp_line)) < 0)
		return rc;
	return VEC_PUSH(&m->emps, e);
}

/* After all employees are read: normalises and checks supervisors. A
 * supervisor missing from the file is a warning (the post may be vacant
 * or held outside this government); being one's own is an error. */
static int link_supervisors(struct imp *m)
{
	char key[REGISTRY_KEY_MAX + 1];
	size_t i;
	int is_nip;

	for (i = 0; i < m->emps.len; i++) {
		struct emp_rec *e = &m->emps.items[i];
		if (!e->sup[0])
			continue;
		if (registry_staff_key(key, &is_nip, e->sup, strlen(e->sup))) {
			registry_diag(m, F_EMPLOYEES, e->line, 1,
			              "supervisor_nip: %s", netra_error_last());
			continue;
		}
		if (!(e->sup = arena_strndup(&m->ar, key, strlen(key))))
			return err_oom();
		if (e->key && strcmp(e->key, key) == 0)
			registry_diag(m, F_EMPLOYEES, e->line, 1,
			              "employee is their own supervisor");
		else if (!strmap_get(&m->emp_ix, key, strlen(key), NULL))
			registry_diag(m, F_EMPLOYEES, e->line, 0,
			              "supervisor '%s' is not in the employees "
			              "file",
			              key);
	}
	return 0;
}

/* Is the staff key known: in employees.csv when given, else active in
 * the store? */
static int staff_known(struct imp *m, const char *key)
{
	int64_t i;

	if (m->fname[F_EMPLOYEES])
		return strmap_get(&m->emp_ix, key, strlen(key), NULL);
	return strmap_get(&m->db_emp_ix, key, strlen(key), &i) &&
	       m->db_emps.items[i].active;
}

/* A row naming a handle that a known account (by its stable user id)
 * had before a rename: the import will leave that account as it is. */
static void warn_old_handle(struct imp *m, const struct acc_rec *a,
                            const char *ak, size_t kn)
{
	const struct db_acc *d;
	const char *now;
	int64_t i;

	if (strmap_get(&m->db_acc_ix, ak, kn, NULL) ||
	    !strmap_get(&m->db_old_ix, ak, kn, &i))
		return;
	d = &m->db_accs.items[i];
	now = memchr(d->key, '\x1f', d->klen);
	registry_diag(m, F_ACCOUNTS, a->line, 0,
	              "%s/@%s is the old handle of account @%.*s (renamed;"
	              " the same user id): the stable id decides, nothing"
	              " changed (write the new handle)",
	              a->platform, a->handle,
	              now ? (int)(d->klen - (size_t)(now + 1 - d->key)) : 0,
	              now ? now + 1 : "");
}

/* Validates one accounts.csv row and appends it. */
static int read_acc(struct imp *m, struct table *t)
{
	char handle[NETRA_HANDLE_MAX + 1], key[REGISTRY_KEY_MAX + 1], ak[160];
	struct acc_rec a = {0};
	const char *raw_key, *plat, *raw_handle;
	size_t kn, pn, hn;
	int is_nip, rc, ok = 1;

	a.line = t->row.line;
	raw_key = col(m, t, 0, &kn);
	plat = col(m, t, 1, &pn);
	raw_handle = col(m, t, 2, &hn);
	a.extra = extra_json(m, t);
	if (!raw_key || !plat || !raw_handle)
		return err_oom();
	if (registry_staff_key(key, &is_nip, raw_key, kn)) {
		registry_diag(m, F_ACCOUNTS, a.line, 1, "%s",
		              netra_error_last());
	} else if (!staff_known(m, key)) {
		registry_diag(m, F_ACCOUNTS, a.line, 1, "unknown staff '%s'%s",
		              key,
		              m->fname[F_EMPLOYEES] ? " (not in employees file)"
		                                    : " (no active employee)");
	} else if (!(a.key = arena_strndup(&m->ar, key, strlen(key)))) {
		return err_oom();
	}
	if (!(a.platform = netra_platform_canonical(plat, pn))) {
		registry_diag(m, F_ACCOUNTS, a.line, 1,
		              "unknown platform '%s' (x, instagram, facebook, "
		              "tiktok, youtube)",
		              plat);
		ok = 0;
	} else if (netra_handle_normalize(handle, sizeof(handle), a.platform,
	                                  raw_handle, hn)) {
		registry_diag(m, F_ACCOUNTS, a.line, 1, "handle '%s': %s",
		              raw_handle, netra_error_last());
		ok = 0;
	}
	if (!ok)
		return VEC_PUSH(&m->accs, a);
	if (!(a.handle = arena_strndup(&m->ar, handle, strlen(handle))))
		return err_oom();
	kn = registry_acc_key(ak, sizeof(ak), a.platform, a.handle);
	if (strmap_get(&m->acc_ix, ak, kn, NULL)) {
		int64_t p;
		strmap_get(&m->acc_ix, ak, kn, &p);
		registry_diag(m, F_ACCOUNTS, a.line, 1,
		              "duplicate account %s/@%s (first on line %zu, "
		              "staff %s)",
		              a.platform, a.handle, acc_line(m, (size_t)p),
		              m->accs.items[p].key ? m->accs.items[p].key
		                                   : "?");
	} else if ((rc =
	                strmap_put(&m->acc_ix, ak, kn, (int64_t)m->accs.len))) {
		return rc;
	} else {
		warn_old_handle(m, &a, ak, kn);
	}
	return VEC_PUSH(&m->accs, a);
}

/* Reads one file with its row function. */
static int read_file(struct imp *m, int file, FILE *f, const char *const *cols,
                     int ncols, int (*row_fn)(struct imp *, struct table *))
{
	struct table t = {0};
	int rc;

	t.file = file;
	t.cols = cols;
	t.ncols = ncols;
	if (file == F_UNITS) {
		t.opt = unit_opt_cols;
		t.nopt = (int)(sizeof(unit_opt_cols) / sizeof(unit_opt_cols[0]));
	}
	rc = csv_open(&t.csv, f, m->fname[file]);
	if (rc)
		return rc;
	rc = table_header(m, &t);
	if (rc <= 0)
		goto done;
	while ((rc = table_next(m, &t)) == 1)
		if ((rc = row_fn(m, &t)))
			break;
done:
	csv_close(t.csv);
	return rc < 0 ? rc : 0;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void report_diags(struct imp *m)
{
	size_t i;

	if (m->diags.len)
		qsort(m->diags.items, m->diags.len, sizeof(struct diag),
		      diag_cmp);
	for (i = 0; i < m->diags.len && m->o->report; i++)
		m->o->report(m->o->report_ctx, m->diags.items[i].is_error,
		             m->diags.items[i].msg);
}

static void imp_free(struct imp *m)
{
	arena_free(&m->ar);
	VEC_FREE(&m->units);
	VEC_FREE(&m->emps);
	VEC_FREE(&m->accs);
	VEC_FREE(&m->db_units);
	VEC_FREE(&m->db_emps);
	VEC_FREE(&m->db_accs);
	VEC_FREE(&m->diags);
	strmap_free(&m->unit_ix);
	strmap_free(&m->emp_ix);
	strmap_free(&m->acc_ix);
	strmap_free(&m->db_unit_ix);
	strmap_free(&m->db_emp_ix);
	strmap_free(&m->db_acc_ix);
	strmap_free(&m->db_old_ix);
}

static const struct netra_registry_file *
opt_file(const struct netra_registry_import_opts *o, int file)
{
	return file == F_UNITS       ? &o->units
	       : file == F_EMPLOYEES ? &o->employees
	                             : &o->accounts;
}

static size_t id_key(char *buf, size_t sz, int64_t id)
{
	return (size_t)snprintf(buf, sz, "%lld", (long long)id);
}

/* With units.csv but no employees.csv: warns about stored active staff
 * whose unit the file drops (they would sit in an inactive unit). */
static int warn_orphans(struct imp *m)
{
	struct strmap by_id = STRMAP_INIT;
	const char *example = NULL, *code;
	char k[32];
	size_t i, kn, n = 0;
	int64_t ui;
	int rc = 0;

	for (i = 0; rc == 0 && i < m->db_units.len; i++) {
		kn = id_key(k, sizeof(k), m->db_units.items[i].id);
		rc = strmap_put(&by_id, k, kn, (int64_t)i);
	}
	for (i = 0; rc == 0 && i < m->db_emps.len; i++) {
		const struct db_emp *e = &m->db_emps.items[i];
		kn = id_key(k, sizeof(k), e->unit_id);
		if (!e->active || !strmap_get(&by_id, k, kn, &ui))
			continue;
		code = m->db_units.items[ui].code;
		if (strmap_get(&m->unit_ix, code, strlen(code), NULL))
			continue;
		n++;
		example = code;
	}
	strmap_free(&by_id);
	if (rc == 0 && n)
		registry_diag(m, F_UNITS, 1, 0,
		              "%zu active employee(s) stay in units this file "
		              "drops (e.g. '%s'); import employees too",
		              n, example);
	return rc ? err_oom() : 0;
}

/* Opens and reads every given file in order (units, employees,
 * accounts), so each can be checked against the ones before it. */
static int read_all(struct imp *m)
{
	static const struct {
		const char *const *cols;
		int n;
		int (*fn)(struct imp *, struct table *);
	} spec[F_COUNT] = {{unit_cols, 4, read_unit},
	                   {emp_cols, 6, read_emp},
	                   {acc_cols, 3, read_acc}};
	const struct netra_registry_file *rf;
	FILE *f;
	int file, rc = 0;

	for (file = 0; file < F_COUNT && rc == 0; file++) {
		rf = opt_file(m->o, file);
		if (!m->fname[file])
			continue;
		f = rf->f ? rf->f : fopen(rf->path, "rb");
		if (!f)
			return err_set(NETRA_EIO, "%s: %s", rf->path,
			               strerror(errno));
		rc = read_file(m, file, f, spec[file].cols, spec[file].n,
		               spec[file].fn);
		if (!rf->f)
			fclose(f);
		if (rc == 0 && file == F_UNITS)
			rc = link_units(m);
		if (rc == 0 && file == F_UNITS && !m->fname[F_EMPLOYEES])
			rc = warn_orphans(m);
		if (rc == 0 && file == F_EMPLOYEES)
			rc = link_supervisors(m);
	}
	return rc;
}

int netra_registry_import(struct netra_registry_import_result *out,
                          netra_store *st,
                          const struct netra_registry_import_opts *opts)
{
	struct imp m;
	int file, rc = 0, in_tx = 0;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.o = opts;
	m.res = out;
	m.st = st;
	m.now = opts->now ? opts->now : civil_now();
	for (file = 0; file < F_COUNT; file++) {
		const struct netra_registry_file *rf = opt_file(opts, file);
		if (rf->path || rf->f)
			m.fname[file] = rf->path ? rf->path : "-";
	}
	if (!m.fname[0] && !m.fname[1] && !m.fname[2])
		return err_set(NETRA_EINVALID, "no registry file given");
	if (st) {
		if ((rc = store_begin(st)))
			goto done;
		in_tx = 1;
		if ((rc = registry_load_db(&m)))
			goto done;
	}
	if ((rc = read_all(&m)))
		goto done;
	report_diags(&m);
	if (out->errors) {
		rc = err_set(NETRA_EINVALID,
		             "%zu error%s in registry files; nothing imported",
		             out->errors, out->errors == 1 ? "" : "s");
		goto done;
	}
	if (!st || opts->dry_run)
		goto done;
	if ((rc = registry_write(&m)) || (rc = store_commit(st)))
		goto done;
	in_tx = 0;
done:
	if (in_tx)
		store_rollback(st);
	imp_free(&m);
	return rc;
}
