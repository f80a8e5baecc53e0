-- 024_media_pending: events whose images are still to be fetched and read
-- (docs/media.md, "Waiting for images" and "Retries").
--
-- A row is added by ingest, in the transaction that stores an event of a
-- registered account, not a delete, whose raw record may give media[]
-- (media_raw_may_have(), the patterns of MEDIA_RAW_MAY_HAVE in
-- src/media/event.h, in C: a trigger evaluating the five LIKEs on every
-- event cost ingest a third more CPU), and deleted by `netra media fetch`
-- in the transaction that writes the event's last outcome: every media[k]
-- fetched and read, or refused for good, or no URL derivable at all. So
-- the table holds only
-- the events in flight, and scan asks it, by primary key, whether to wait
-- (MEDIA_WAITING): an event with no images costs scan one probe of a small
-- index and nothing else.
--
-- It is also the attempts table of transient refusals (a timeout, a
-- refused connection, HTTP 5xx, 429): operational state like the leases,
-- mutable and outside the evidence log. event_media (append-only,
-- evidence kind 5) keeps one row per media[k], its final outcome; an
-- attempt that will be retried leaves no row there, the last one does.
CREATE TABLE media_pending (
  event_id    INTEGER PRIMARY KEY,     -- events.id
  ingested_at INTEGER NOT NULL,        -- the event's: scan's grace counts from it
  attempts    INTEGER NOT NULL DEFAULT 0, -- passes ended by a transient refusal
  next_at     INTEGER NOT NULL DEFAULT 0, -- not fetched again before (Unix s)
  last_error  TEXT                     -- the reason of the last such pass
);
CREATE INDEX media_pending_next ON media_pending(next_at);

-- The events stored before this migration that no fetch has finished.
INSERT INTO media_pending (event_id, ingested_at)
  SELECT e.id, e.ingested_at FROM events e
  WHERE e.account_id IS NOT NULL AND e.type <> 'delete' AND
    (e.raw LIKE '%"media%' OR e.raw LIKE '%"thumbnail%' OR
     e.raw LIKE '%"cover_image_url"%' OR e.raw LIKE '%"full_picture"%' OR
     e.raw LIKE '%"display_url"%') AND
    NOT EXISTS (SELECT 1 FROM media_leases l WHERE l.event_id = e.id AND
                l.owner = 'done');
