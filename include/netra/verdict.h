/*
 * netra/verdict.h - what the engine says about one event: labels, the
 * candidate pair, a score and the findings (rule, legal basis, severity,
 * spans into the original text, a plain-Indonesian explanation), printed
 * as the Verdict JSON of DESIGN.md by netra_verdict_json().
 *
 * A verdict returned by netra_judge_event() is owned by the judge and is
 * valid until the judge's next call or its free; copy what you keep.
 */
#ifndef NETRA_VERDICT_H
#define NETRA_VERDICT_H

#include "netra/common.h"
#include "netra/event.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Label bits. A verdict with labels == 0 is "none". */
enum {
	NETRA_LABEL_SUPPORT = 1 << 0,
	NETRA_LABEL_ATTACK = 1 << 1,
	NETRA_LABEL_HATE = 1 << 2,
	NETRA_LABEL_HOAX = 1 << 3
};

/* "support", "attack", "hate_speech", "hoax" for one bit; "none" for 0;
 * "?" otherwise. Static storage. */
const char *netra_label_name(unsigned bit);

/* Severity of a finding, lowest first: "rendah", "sedang", "tinggi". */
enum { NETRA_SEV_RENDAH = 0, NETRA_SEV_SEDANG = 1, NETRA_SEV_TINGGI = 2 };

/* Which text of the event a finding's spans point into: the text, the
 * target's text, or NETRA_FIELD_MEDIA0 + k for media[k].ocr_text. */
enum {
	NETRA_FIELD_TEXT = 0,
	NETRA_FIELD_TARGET_TEXT = 1,
	NETRA_FIELD_MEDIA0 = 2
};

typedef struct {
	uint32_t a, b; /* byte range [a, b) of the original field text */
} netra_span;

typedef struct {
	const char *rule;          /* rule id, e.g. "DUKUNGAN-AJAKAN" */
	unsigned label;            /* one NETRA_LABEL_* bit */
	const char *category;      /* netra_label_name(label) */
	int candidate;             /* pair number, 0 = none */
	int severity;              /* NETRA_SEV_* */
	const char *severity_name; /* "rendah" | "sedang" | "tinggi" */
	const char *basis;         /* legal basis, short names */
	double score;              /* this finding's confidence, 0..1 */
	int field;                 /* NETRA_FIELD_*: where spans point */
	const netra_span *spans;
	size_t nspans;
	const char *explain;  /* NUL-terminated Indonesian sentence */
	const char *hoax_id;  /* debunk id for hoax findings, else NULL */
	const char *hoax_url; /* debunk url if known, else NULL */
} netra_finding;

typedef struct {
	netra_str id;    /* the event's id (borrowed from the event) */
	unsigned labels; /* NETRA_LABEL_* bits; 0 = none */
	int candidate;   /* pair of the strongest support/attack
	                    finding, 0 = none */
	double score;    /* 0..1, max of the findings' scores */
	const netra_finding *findings;
	size_t nfindings;
	const char *rulebook; /* "sha256:<hex>" of what produced it */
} netra_verdict;

/*
 * Renders v as one line of Verdict JSON (DESIGN.md), without a newline:
 * {"id","labels","candidate","score","findings":[{"rule","category",
 * "candidate","severity","basis","spans","explain"}],"rulebook"}.
 * A finding whose spans point into the event's target.text carries one
 * extra key, "field":"target.text" (one in the OCR text of an image,
 * "field":"media[k].ocr_text"); a hoax finding carries "hoax":{"id",
 * "url"}. *out is NULL on entry; on success it holds a NUL-terminated
 * string (length in *len if len is not NULL) the caller frees with free().
 */
int netra_verdict_json(char **out, size_t *len, const netra_verdict *v);

#ifdef __cplusplus
}
#endif
#endif
