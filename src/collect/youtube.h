/*
 * collect/youtube.h - the YouTube Data API v3 response parsers
 * (collect/youtube.c). Pure functions with the contract of
 * collect/meta.h: r set up with collect_parsed_init(); 0 when the body
 * was understood (r->outcome says what it held), NETRA_EINVALID when a
 * 2xx body is not the documented shape, or NETRA_ENOMEM.
 *
 * An account is read in three steps: channels.list (forHandle or id;
 * part=snippet,contentDetails) gives the channel id, its handle now and
 * its uploads playlist; playlistItems.list on that playlist (newest
 * first, pageToken) names the videos; videos.list (id=up to 50,
 * part=snippet) gives each video, and the ids it does not answer are
 * deleted or made private.
 */
#ifndef NETRA_COLLECT_YOUTUBE_H
#define NETRA_COLLECT_YOUTUBE_H

#include <stddef.h>

#include "collect/parsed.h"

/* channels.list: r->account_id (UC...), r->handle (snippet.customUrl,
 * "@name"), r->ref (contentDetails.relatedPlaylists.uploads). No item
 * (a handle nobody holds) is account gone. */
int collect_youtube_parse_channel(struct collect_parsed *r, int status,
                                  const char *body, size_t n);

/* playlistItems.list: r->ids (each item's contentDetails.videoId, else
 * snippet.resourceId.videoId), r->next (nextPageToken). */
int collect_youtube_parse_playlist(struct collect_parsed *r, int status,
                                   const char *body, size_t n);

/* videos.list for the ids in asked (a JSON array of strings; may be
 * NULL): each video a post of handle (text: title, a line end,
 * description, as the yt-dlp importer reads it; created_at:
 * snippet.publishedAt; url: https://www.youtube.com/watch?v=ID);
 * r->missing the asked ids not answered. */
int collect_youtube_parse_videos(struct collect_parsed *r, int status,
                                 const char *body, size_t n, const char *handle,
                                 json_t *asked);

#endif
