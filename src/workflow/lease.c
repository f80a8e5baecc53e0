/*
 * workflow/lease.c - leases on blocks of scan work (see lease.h and
 * migration 010_scan_leases).
 */
#include "workflow/lease.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "store/store.h"
#include "util/error.h"

void wf_lease_owner(char *out, size_t size)
{
	char host[64] = "host";
	unsigned int r = 0;

	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "host");
	host[sizeof(host) - 1] = '\0';
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (unsigned int)getpid() * 2654435761u;
	snprintf(out, size, "%s:%ld:%08x", host, (long)getpid(), r);
}

/* Runs sql with (rulebook, block, owner, a, b) bound as far as it has
 * parameters; 1 if it returned a row, 0 if not, or an error. */
static int run(netra_store *st, const char *sql, const char *rulebook,
	       int64_t block, const char *owner, int64_t a, int64_t b,
	       int nparams)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(&s, st, sql)))
		return rc;
	if ((rc = store_bind_text(s, 1, rulebook, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, block)) ||
	    (rc = store_bind_text(s, 3, owner, (size_t)-1)) ||
	    (nparams > 3 && (rc = store_bind_int64(s, 4, a))) ||
	    (nparams > 4 && (rc = store_bind_int64(s, 5, b))))
		goto done;
	rc = store_step(s);
	if (rc >= 0)
		rc = rc == STORE_ROW;
done:
	store_finalize(s);
	return rc;
}

int wf_lease_owner_dead(const char *owner)
{
	char host[64] = "";
	const char *colon = strrchr(owner, ':'), *pid_at;
	long pid;

	if (!colon || colon == owner)
		return 0;
	for (pid_at = colon - 1; pid_at > owner && *pid_at != ':'; pid_at--)
		;
	if (*pid_at != ':' || gethostname(host, sizeof(host)) != 0)
		return 0;
	host[sizeof(host) - 1] = '\0';
	if ((size_t)(pid_at - owner) != strlen(host) ||
	    strncmp(owner, host, strlen(host)) != 0)
		return 0;
	pid = strtol(pid_at + 1, NULL, 10);
	return pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Takes the lease of a scanner of this host whose process is gone (killed
 * with -9, say), so a re-run need not wait for the lease to expire. 1 if
 * taken, 0 if not, or an error. */
static int take_from_dead(netra_store *st, const char *rulebook,
			  int64_t block, const char *owner, int64_t until)
{
	store_stmt *s = NULL;
	char *holder = NULL;
	int rc;

	if ((rc = store_prepare(&s, st, "SELECT owner FROM scan_leases"
				" WHERE rulebook = ? AND block = ?")) ||
	    (rc = store_bind_text(s, 1, rulebook, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, block)))
		goto done;
	rc = store_step(s);
	if (rc != STORE_ROW)
		goto done;
	if (!(holder = strdup(store_column_text(s, 0, NULL)))) {
		rc = err_oom();
		goto done;
	}
	store_finalize(s);
	s = NULL;
	rc = 0;
	if (!wf_lease_owner_dead(holder))
		goto done;
	if ((rc = store_prepare(&s, st, "UPDATE scan_leases SET owner = ?,"
				" expires_at = ? WHERE rulebook = ? AND"
				" block = ? AND owner = ? RETURNING block")) ||
	    (rc = store_bind_text(s, 1, owner, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, until)) ||
	    (rc = store_bind_text(s, 3, rulebook, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 4, block)) ||
	    (rc = store_bind_text(s, 5, holder, (size_t)-1)))
		goto done;
	rc = store_step(s);
done:
	if (rc >= 0)
		rc = rc == STORE_ROW;
	store_finalize(s);
	free(holder);
	return rc;
}

int wf_lease_claim(netra_store *st, const char *rulebook, int64_t block,
		   const char *owner, int64_t now, int64_t until)
{
	int rc = run(st,
		   "INSERT INTO scan_leases(rulebook, block, owner, expires_at)"
		   " VALUES (?, ?, ?, ?) ON CONFLICT(rulebook, block) DO UPDATE"
		   " SET owner = excluded.owner, expires_at = excluded.expires_at"
		   " WHERE scan_leases.expires_at < ?"
		   " OR scan_leases.owner = excluded.owner RETURNING block",
		   rulebook, block, owner, until, now, 5);

	if (rc == 0)
		rc = take_from_dead(st, rulebook, block, owner, until);
	return rc;
}

int wf_lease_renew(netra_store *st, const char *rulebook, int64_t block,
		   const char *owner, int64_t until)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(&s, st,
				"UPDATE scan_leases SET expires_at = ?"
				" WHERE rulebook = ? AND block = ? AND owner = ?"
				" RETURNING block")))
		return rc;
	if ((rc = store_bind_int64(s, 1, until)) ||
	    (rc = store_bind_text(s, 2, rulebook, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, block)) ||
	    (rc = store_bind_text(s, 4, owner, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc >= 0)
		rc = rc == STORE_ROW;
done:
	store_finalize(s);
	return rc;
}

int wf_lease_release(netra_store *st, const char *rulebook, int64_t block,
		     const char *owner)
{
	int rc = run(st,
		     "DELETE FROM scan_leases WHERE rulebook = ? AND block = ?"
		     " AND owner = ?",
		     rulebook, block, owner, 0, 0, 3);

	return rc < 0 ? rc : 0;
}
