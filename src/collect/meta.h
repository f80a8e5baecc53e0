/*
 * collect/meta.h - the Meta Graph API response parsers (collect/meta.c):
 * Instagram business discovery and Facebook Page posts. Pure functions:
 * r must be set up with collect_parsed_init(); each returns 0 when the
 * body was understood (r->outcome says what it held: a page, or why
 * not), NETRA_EINVALID when a 2xx body is not the documented shape
 * (message set), or NETRA_ENOMEM.
 */
#ifndef NETRA_COLLECT_META_H
#define NETRA_COLLECT_META_H

#include <stddef.h>

#include "collect/parsed.h"

/* The Graph API version the requests name (docs/collect.md). */
#define COLLECT_META_VERSION "v25.0"

/* Reads the X-App-Usage and X-Business-Use-Case-Usage header values
 * (either may be NULL; malformed ones are ignored, they only advise):
 * r->usage becomes the highest percentage used, r->retry_after the
 * longest estimated_time_to_regain_access (minutes, as seconds). */
void collect_meta_usage(struct collect_parsed *r, const char *app_usage,
                        const char *buc_usage);

/* GET /{ig-user-id}?fields=business_discovery.username(handle){...}:
 * the account's stable id and username, its media as Events (posts;
 * comments nested under a media as comments), next = the media's
 * paging.cursors.after while the page held media. Error 110 / subcode
 * 2207013 (not found, or not a professional account) is account
 * unreachable. */
int collect_instagram_parse(struct collect_parsed *r, int status,
                            const char *body, size_t n, const char *handle);

/* GET /{page-id}/posts: the Page's posts as Events; the Page's own posts
 * (from.id == page_id) are attributed to handle, the account as
 * registered. next = paging.cursors.after while paging.next is given.
 * Error 21 (Page migrated) is account renamed with account_id the new
 * Page id; 803 and 100/33 are account gone. */
int collect_facebook_parse(struct collect_parsed *r, int status,
                           const char *body, size_t n, const char *page_id,
                           const char *handle);

/* GET /{page-id-or-username}?fields=id,username: the Page's stable id
 * and username (r->account_id, r->handle). */
int collect_facebook_parse_page(struct collect_parsed *r, int status,
                                const char *body, size_t n);

#endif
