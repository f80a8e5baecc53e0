/*
 * collect/tiktok.h - the TikTok Research API (v2) response parsers
 * (collect/tiktok.c). Pure functions with the contract of collect/meta.h:
 * r set up with collect_parsed_init(); 0 when the body was understood
 * (r->outcome says what it held), NETRA_EINVALID when a 2xx body is not
 * the documented shape, or NETRA_ENOMEM.
 */
#ifndef NETRA_COLLECT_TIKTOK_H
#define NETRA_COLLECT_TIKTOK_H

#include <stddef.h>

#include "collect/parsed.h"

/* The endpoints read, all POST https://open.tiktokapis.com/v2/research/. */
enum collect_tiktok_endpoint {
	COLLECT_TIKTOK_VIDEOS = 0, /* video/query/: the account's videos */
	COLLECT_TIKTOK_USER_INFO,  /* user/info/: is the account there */
	COLLECT_TIKTOK_LIKED,      /* user/liked_videos/ */
	COLLECT_TIKTOK_REPOSTED,   /* user/reposted_videos/ */
	COLLECT_TIKTOK_PINNED,     /* user/pinned_videos/ */
	COLLECT_TIKTOK_FOLLOWING,  /* user/following/ */
	COLLECT_TIKTOK__COUNT
};

/* The endpoint's path under /v2/research/ ("video/query/", ...). */
const char *collect_tiktok_path(enum collect_tiktok_endpoint ep);

/* Parses one answer of ep for the account handle (its videos are posts;
 * liked and reposted videos are like and repost events of handle whose
 * target is the video; followed accounts are follow events; the ids of
 * those are "like:<handle>:<video id>", "repost:...", "follow:<handle>:
 * <followed>", so a second run never stores them twice). next is the
 * next request's cursor while data.has_more: for the video query
 * "<search_id>:<cursor>", else the cursor. The error object's code maps
 * to the outcome: rate_limit_exceeded (HTTP 429) rate limited (quota
 * when the message speaks of the daily quota), access_token_invalid and
 * scope_* auth, internal_error transient, invalid_params naming the
 * user on a user endpoint account unreachable, any other refused. */
int collect_tiktok_parse(struct collect_parsed *r,
                         enum collect_tiktok_endpoint ep, int status,
                         const char *body, size_t n, const char *handle);

#endif
