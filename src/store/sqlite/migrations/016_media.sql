-- 016_media: images attached to events, read and kept with the evidence
-- (issue 10, "Images"; docs/media.md).
--
-- Image bytes live in the store itself, content-addressed by SHA-256 (one
-- row per distinct image, however many events carry it): a BLOB here, a
-- BYTEA in PostgreSQL. Every machine that opens the store (scanners,
-- web servers, an export on another host) sees the same bytes, inside the
-- same transactions and backups as the events they belong to; a file
-- directory would need a shared file system and its own backup, and
-- could change under the log without the store knowing. Images are small
-- (the fetch limit, 8 MiB by default), so this stays cheap.
CREATE TABLE media_blobs (
  sha256    TEXT PRIMARY KEY,          -- 64 lower-case hex digits of bytes
  mime      TEXT NOT NULL,             -- from the magic bytes, never a name
  size      INTEGER NOT NULL,
  width     INTEGER,                   -- NULL when leptonica cannot decode
  height    INTEGER,
  phash     INTEGER,                   -- 64-bit DCT pHash, two's complement
  bytes     BLOB NOT NULL,
  stored_at INTEGER NOT NULL
);

-- One row per media[k] of an event that was fetched (or failed to be):
-- what URL gave which bytes when. Evidence kind 5 (src/evidence/ledger.h).
CREATE TABLE event_media (
  id         INTEGER PRIMARY KEY,
  event_id   INTEGER NOT NULL REFERENCES events(id),
  idx        INTEGER NOT NULL,         -- k of media[k] in the event
  url        TEXT NOT NULL,
  sha256     TEXT,                     -- NULL when the fetch failed
  error      TEXT,                     -- why it failed, else NULL
  fetched_at INTEGER NOT NULL,
  UNIQUE (event_id, idx)
);
CREATE INDEX event_media_sha ON event_media(sha256);

-- Text read off an image by OCR, per image and OCR engine (never written
-- into the event: its hashed bytes stay as received). Evidence kind 4.
CREATE TABLE media_ocr (
  id         INTEGER PRIMARY KEY,
  sha256     TEXT NOT NULL,
  engine     TEXT NOT NULL,            -- "tesseract 5.3.0 ind"
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (sha256, engine)
);

-- Fetch work is claimed per event under a lease (like scan_leases), so
-- several `netra media fetch` runs share the events.
CREATE TABLE media_leases (
  event_id   INTEGER PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

-- Official campaign images the operator loaded (`netra media import`):
-- their bytes are in media_blobs; a re-post is an image whose pHash is
-- within the threshold of one of these.
CREATE TABLE known_images (
  id        INTEGER PRIMARY KEY,
  sha256    TEXT NOT NULL UNIQUE,
  candidate INTEGER NOT NULL,          -- the pair's ballot number
  label     TEXT NOT NULL,             -- the file's name, for people
  phash     INTEGER NOT NULL,
  added_at  INTEGER NOT NULL
);

CREATE TRIGGER evidence_queue_media_ocr AFTER INSERT ON media_ocr
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (4, NEW.id); END;
CREATE TRIGGER evidence_queue_event_media AFTER INSERT ON event_media
BEGIN INSERT INTO evidence_queue (kind, ref) VALUES (5, NEW.id); END;

-- What was fetched and read is never rewritten (a retention purge may
-- delete rows; the audit then reports their leaves as gone).
CREATE TRIGGER media_blobs_no_update BEFORE UPDATE ON media_blobs
BEGIN SELECT RAISE(ABORT, 'media_blobs is append-only'); END;
CREATE TRIGGER event_media_no_update BEFORE UPDATE ON event_media
BEGIN SELECT RAISE(ABORT, 'event_media is append-only'); END;
CREATE TRIGGER media_ocr_no_update BEFORE UPDATE ON media_ocr
BEGIN SELECT RAISE(ABORT, 'media_ocr is append-only'); END;
