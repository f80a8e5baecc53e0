/*
 * tests/evidence/fixture.h - a temporary SQLite store for the evidence
 * tests: events, a rulebook, verdicts and findings inserted directly with
 * store_* calls (as ingest and scan would), and recursive cleanup. All
 * names are fictional. Static inline so each test includes what it uses.
 */
#ifndef NETRA_TESTS_EVIDENCE_FIXTURE_H
#define NETRA_TESTS_EVIDENCE_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netra/ingest.h"
#include "netra/store.h"
#include "store/store.h"

struct fixture {
	char dir[64];
	char db[128];
	char key[160];
	netra_store *st;
	int64_t unit, employee;
};

/* Removes path and, for a directory, everything below it. */
static inline void fx_rmtree(const char *path)
{
	char sub[512];
	struct dirent *d;
	struct stat sb;
	DIR *h;

	if (lstat(path, &sb))
		return;
	if (S_ISDIR(sb.st_mode) && (h = opendir(path))) {
		chmod(path, 0700);
		while ((d = readdir(h)))
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")) {
				if (snprintf(sub, sizeof(sub), "%s/%s", path,
					     d->d_name) >= (int)sizeof(sub))
					continue;
				fx_rmtree(sub);
			}
		closedir(h);
		rmdir(path);
		return;
	}
	unlink(path);
}

static inline int64_t fx_insert(netra_store *st, const char *sql,
                                const char *const *text, int ntext,
                                const int64_t *ints, int nints)
{
	store_stmt *q = NULL;
	int64_t id = -1;
	int i, col = 1;

	if (store_prepare(&q, st, sql))
		return -1;
	for (i = 0; i < ntext; i++)
		store_bind_text(q, col++, text[i], text[i] ? (size_t)-1 : 0);
	for (i = 0; i < nints; i++)
		store_bind_int64(q, col++, ints[i]);
	if (store_step(q) == STORE_ROW)
		id = store_column_int64(q, 0);
	store_finalize(q);
	return id;
}

/* Opens a fresh store in a new temporary directory; 0 on success. */
static inline int fx_open(struct fixture *f)
{
	static const char *unit[] = {"DISKOMINFO", "Dinas Contoh Fiktif"};
	static const char *emp[] = {"199001012020011001", "Budi Fiktif"};

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/netra-ev-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/netra.db", f->dir);
	snprintf(f->key, sizeof(f->key), "%s/netra.db.evidence.key", f->dir);
	if (netra_store_open(&f->st, f->db))
		return -1;
	f->unit = fx_insert(f->st,
	                    "INSERT INTO units (code, name, kind, "
	                    "updated_at) VALUES (?, ?, 'dinas', 0) "
	                    "RETURNING id",
	                    unit, 2, NULL, 0);
	f->employee = fx_insert(f->st,
	                        "INSERT INTO employees (staff_key, "
	                        "name, status, unit_id, updated_at) VALUES "
	                        "(?, ?, 'PNS', ?, 0) RETURNING id",
	                        emp, 2, &f->unit, 1);
	return f->unit > 0 && f->employee > 0 ? 0 : -1;
}

static inline void fx_close(struct fixture *f)
{
	netra_store_close(f->st);
	f->st = NULL;
	fx_rmtree(f->dir);
}

/* Binds a slice of an event (NULL when absent) at col. */
static inline void fx_bind_str(store_stmt *q, int col, const netra_str *v)
{
	if (v->s)
		store_bind_text(q, col, v->s, v->len);
	else
		store_bind_null(q, col);
}

/* Inserts one event as ingest would (the shown columns from raw when it
 * is an Event; else only what the log hashes); events.id or -1. */
static inline int64_t fx_event(struct fixture *f, const char *platform,
                               const char *event_id, const char *raw,
                               int64_t ingested_at)
{
	const char *t[] = {platform, event_id, raw};
	netra_event_parser *p = NULL;
	const netra_event *ev = NULL;
	store_stmt *q = NULL;
	int64_t id = -1;

	if (netra_event_parser_new(&p) ||
	    netra_event_parser_parse(p, raw, strlen(raw), &ev)) {
		netra_event_parser_free(p);
		return fx_insert(f->st,
		                 "INSERT INTO events (platform, event_id, "
		                 "type, account, raw, ingested_at) VALUES (?, "
		                 "?, 'post', '@budi_fiktif', ?, ?) RETURNING id",
		                 t, 3, &ingested_at, 1);
	}
	if (!store_prepare(&q, f->st,
	                   "INSERT INTO events (platform, event_id, raw, "
	                   "ingested_at, type, account, created_at, text, url, "
	                   "target_account, target_id, target_text) VALUES "
	                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
		store_bind_text(q, 1, platform, (size_t)-1);
		store_bind_text(q, 2, event_id, (size_t)-1);
		store_bind_text(q, 3, raw, (size_t)-1);
		store_bind_int64(q, 4, ingested_at);
		store_bind_text(q, 5, netra_event_type_name(ev->type),
		                (size_t)-1);
		fx_bind_str(q, 6, &ev->account);
		if (ev->created_at.s)
			store_bind_int64(q, 7, ev->created_ts);
		else
			store_bind_null(q, 7);
		fx_bind_str(q, 8, &ev->text);
		fx_bind_str(q, 9, &ev->url);
		fx_bind_str(q, 10, &ev->target.account);
		fx_bind_str(q, 11, &ev->target.id);
		fx_bind_str(q, 12, &ev->target.text);
		if (store_step(q) == STORE_ROW)
			id = store_column_int64(q, 0);
		store_finalize(q);
	}
	netra_event_parser_free(p);
	return id;
}

/* A verdict naming the event, a finding on it and the finding's creation
 * transition; returns findings.id. */
static inline int64_t fx_finding(struct fixture *f, int64_t event,
                                 const char *event_id)
{
	char json[512];
	const char *rb = "sha256:0f0e0d0c0b0a09080706050403020100"
	                 "0f0e0d0c0b0a09080706050403020100";
	const char *rbt[] = {rb, "rules: []"};
	const char *vt[2];
	int64_t vi[1], fi[4], verdict;

	fx_insert(f->st,
	          "INSERT INTO rulebooks (hash, content, created_at) "
	          "VALUES (?, ?, 0) ON CONFLICT (hash) DO NOTHING "
	          "RETURNING 1",
	          rbt, 2, NULL, 0);
	snprintf(json, sizeof(json),
	         "{\"id\":\"%s\",\"labels\":[\"support\"],\"candidate\":2,"
	         "\"score\":0.9,\"findings\":[{\"rule\":\"DUKUNGAN-AJAKAN\","
	         "\"category\":\"support\",\"candidate\":2,\"severity\":"
	         "\"tinggi\",\"basis\":\"contoh\",\"spans\":[[0,4]],"
	         "\"explain\":\"Ajakan memilih paslon fiktif.\"}],"
	         "\"rulebook\":\"%s\"}",
	         event_id, rb);
	vt[0] = rb;
	vt[1] = json;
	vi[0] = event;
	verdict = fx_insert(f->st,
	                    "INSERT INTO verdicts (rulebook, json, "
	                    "labels, created_at, event_id) VALUES (?, ?, "
	                    "'support', 0, ?) RETURNING id",
	                    vt, 2, vi, 1);
	fi[0] = verdict;
	fi[1] = event;
	fi[2] = f->employee;
	fi[3] = f->unit;
	fi[0] = fx_insert(f->st,
	                  "INSERT INTO findings (verdict_id, event_id, "
	                  "employee_id, unit_id, category, rule, severity, "
	                  "created_at, updated_at) VALUES (?, ?, ?, ?, "
	                  "'support', 'DUKUNGAN-AJAKAN', 'tinggi', 0, 0) "
	                  "RETURNING id",
	                  NULL, 0, fi, 4);
	/* Its creation, as wf_finding_create records it. */
	if (fi[0] > 0 &&
	    fx_insert(f->st,
	              "INSERT INTO finding_transitions (finding_id, at, actor, "
	              "action, to_state) VALUES (?, 0, 'system', 'create', "
	              "'baru') RETURNING id",
	              NULL, 0, fi, 1) <= 0)
		return -1;
	return fi[0];
}

/* Runs one statement with text and integer parameters; 0 on success. */
static inline int fx_exec(struct fixture *f, const char *sql,
                          const char *const *text, int ntext,
                          const int64_t *ints, int nints)
{
	store_stmt *q = NULL;
	int i, col = 1, rc;

	if ((rc = store_prepare(&q, f->st, sql)))
		return rc;
	for (i = 0; i < ntext; i++)
		store_bind_text(q, col++, text[i], (size_t)-1);
	for (i = 0; i < nints; i++)
		store_bind_int64(q, col++, ints[i]);
	rc = store_step(q);
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

#endif
