-- 018_outbox_claims: mail is sent by any number of `netra worker`s
-- (docs/worker.md). A worker claims an unsent outbox row under a lease
-- (claimed_by, claim_expires_at) before it sends it, and marks it sent (or
-- its attempt failed) as the lease's owner; a row whose worker died returns
-- to the pool when the lease expires. Two workers never hold the same row.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;        -- host:pid:random
ALTER TABLE outbox ADD COLUMN claim_expires_at INTEGER; -- Unix seconds
