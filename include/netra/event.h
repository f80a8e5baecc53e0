/*
 * netra/event.h - the Event of DESIGN.md as a C struct: what ingest
 * produces from every source format and what the engine judges.
 *
 * All strings are borrowed slices (pointer + length) into memory the
 * producer owns (usually an arena reset per event); each is also
 * NUL-terminated. An absent field has s == NULL and len == 0.
 */
#ifndef NETRA_EVENT_H
#define NETRA_EVENT_H

#include "netra/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	const char *s;
	size_t len;
} netra_str;

typedef enum {
	NETRA_EV_POST = 0,
	NETRA_EV_REPOST,
	NETRA_EV_QUOTE,
	NETRA_EV_COMMENT,
	NETRA_EV_LIKE,
	NETRA_EV_FOLLOW,
	NETRA_EV_DELETE,
	NETRA_EV__COUNT
} netra_event_type;

typedef struct {
	netra_str url;
	netra_str sha256;
	netra_str ocr_text;
	/* Set by scan, never by a parser (netra/media.h): the pair whose
	 * official campaign image this one re-posts (0: none), and the
	 * Hamming distance of their perceptual hashes (0..64). */
	int known_candidate;
	int known_distance;
} netra_media;

typedef struct {
	netra_str platform;   /* x, instagram, facebook, tiktok, youtube */
	netra_str id;         /* the platform's id of this event */
	netra_event_type type;
	netra_str account;    /* author's handle, normalised (no @, lower) */
	netra_str created_at; /* as given (ISO 8601) */
	int64_t created_ts;   /* created_at as Unix seconds UTC; 0 if none */
	netra_str text;
	netra_str url;
	struct {
		netra_str account; /* acted-on account (handle, normalised) */
		netra_str id;      /* acted-on post id */
		netra_str text;    /* acted-on post text */
	} target;
	const netra_media *media;
	size_t media_count;
	netra_str raw; /* the record exactly as received (one JSON object) */
} netra_event;

/* "post", "repost", ... for a type; "?" for an invalid value. */
const char *netra_event_type_name(netra_event_type t);

/* Parses a type name; 0 and *out, or NETRA_EINVALID. */
int netra_event_type_parse(netra_event_type *out, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif
