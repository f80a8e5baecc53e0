-- 005_events_indexes: the secondary indexes on events that bulk ingest
-- pays for on every row (issue 2, ingest performance; docs/ingest.md).
--
-- Every query on events goes by id (scan reads WHERE id > ? ORDER BY id
-- joined with accounts; reports, findings and the evidence log join on
-- events.id) or by (platform, event_id), which UNIQUE (platform, event_id)
-- already indexes: the marking of deletes, and looking up the post a
-- repost, quote or comment points at (its platform and target_id). None
-- used events_account, events_created or events_target, and together they
-- cost about a third of the CPU of an ingest, so they go:
--  - events_account: no query goes from an account to its events (accounts
--    are never deleted, so the foreign key needs no child index either);
--  - events_created: reports filter on COALESCE(e.created_at, ...), which
--    an index on created_at cannot serve;
--  - events_target: replaced by a partial index over shares only (repost,
--    quote: about a tenth of events), for "who shared this post?". A
--    query must repeat the index's WHERE (type IN ('repost', 'quote')) to
--    use it. A feature that needs every event aimed at a post (likes,
--    comments) adds its own index in its own migration.
DROP INDEX IF EXISTS events_account;
DROP INDEX IF EXISTS events_created;
DROP INDEX IF EXISTS events_target;
CREATE INDEX events_shared ON events(platform, target_id)
  WHERE type IN ('repost', 'quote');
