/*
 * workflow/lease.h - claiming scan work under a lease (migration
 * 010_scan_leases): a block of consecutive event ids is judged by the one
 * scanner that holds its lease; a lease expires, so the block of a killed
 * scanner returns to the pool. The claim is one statement (an upsert that
 * takes a row only when it is free, expired or already ours), atomic on
 * both backends, so two scanners never hold one block at once.
 */
#ifndef NETRA_WORKFLOW_LEASE_H
#define NETRA_WORKFLOW_LEASE_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"

/* A scanner's identity: "host:pid:random", unique per run. Writes at most
 * size bytes (NUL included) into out. */
void wf_lease_owner(char *out, size_t size);

/* 1 if owner (as wf_lease_owner writes it) names a process of this host
 * that no longer runs (killed: its leases may be taken at once), else 0.
 * The collectors' account leases use it too (collect/store.c). */
int wf_lease_owner_dead(const char *owner);

/* Takes the lease on (rulebook, block) for owner until `until` if it is
 * free or expired at `now`, already owner's, or held by a scanner of this
 * host whose process is gone (killed: its block returns at once). 1 if
 * taken, 0 if another scanner holds it, or a negative error. Runs in its
 * own transaction when none is open. */
int wf_lease_claim(netra_store *st, const char *rulebook, int64_t block,
		   const char *owner, int64_t now, int64_t until);

/* Extends owner's lease to `until`, inside the caller's batch
 * transaction. 1 if still owner's, 0 if it was lost (expired and taken by
 * another scanner: the caller must roll its batch back), or an error. */
int wf_lease_renew(netra_store *st, const char *rulebook, int64_t block,
		   const char *owner, int64_t until);

/* Gives the lease up (the block is done or the scanner stops). */
int wf_lease_release(netra_store *st, const char *rulebook, int64_t block,
		     const char *owner);

#endif
