-- 024_media_pending (PostgreSQL): see src/store/sqlite/migrations/
-- 024_media_pending.sql.
CREATE TABLE media_pending (
  event_id    BIGINT PRIMARY KEY,
  ingested_at BIGINT NOT NULL,
  attempts    BIGINT NOT NULL DEFAULT 0,
  next_at     BIGINT NOT NULL DEFAULT 0,
  last_error  TEXT
);
CREATE INDEX media_pending_next ON media_pending(next_at);

INSERT INTO media_pending (event_id, ingested_at)
  SELECT e.id, e.ingested_at FROM events e
  WHERE e.account_id IS NOT NULL AND e.type <> 'delete' AND
    (e.raw LIKE '%"media%' OR e.raw LIKE '%"thumbnail%' OR
     e.raw LIKE '%"cover_image_url"%' OR e.raw LIKE '%"full_picture"%' OR
     e.raw LIKE '%"display_url"%') AND
    NOT EXISTS (SELECT 1 FROM media_leases l WHERE l.event_id = e.id AND
                l.owner = 'done');
