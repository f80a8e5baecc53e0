/*
 * rules/engine_int.h - private structures of the engine (netra/engine.h):
 * the compiled term table behind the one Hyperscan database, the signals a
 * scan yields, and the per-thread judge. Shared by matcher.c (compile and
 * scan), judge.c (rules over signals) and engine.c (life cycle).
 */
#ifndef NETRA_RULES_ENGINE_INT_H
#define NETRA_RULES_ENGINE_INT_H

#include <hs/hs.h>
#include <stddef.h>
#include <stdint.h>

#include "netra/engine.h"
#include "rules/classifier.h"
#include "rules/hoax.h"
#include "rules/profile.h"
#include "rules/rulebook.h"
#include "rules/stance.h"
#include "text/normalize.h"
#include "util/sbuf.h"
#include "util/strmap.h"

/* What a matched term means. One pattern may carry several meanings (the
 * same word as an alias of one pair and a cue, ...), chained by next. */
enum term_kind {
	TK_REF = 0, /* a reference to a candidate pair */
	TK_BARENUM, /* a bare ballot number ("2", "dua") */
	TK_GESTURE, /* a number gesture (isyarat_2, "salam dua jari") */
	TK_LEX,     /* a word of a rulebook lexicon */
	TK_VDAY,    /* the voting day ("27 november"): election context */
	TK_REGION   /* the region's name: weak election context */
};

enum ref_sub {
	REF_NAME = 0, /* a full name or a part of it */
	REF_ALIAS,
	REF_HASHTAG,
	REF_SLOGAN,
	REF_PARTY,
	REF_ACCOUNT, /* @handle of a campaign account */
	REF_NUMBER,  /* "nomor 2", "paslon 2" */
	REF_BACK     /* a back-reference ("dia") to the one pair named */
};

/* term.strong: 0 weak, 1 strong, TERM_STRONG_CAPS strong only where
 * written with capitals or in a hashtag (acronym aliases). */
#define TERM_STRONG_CAPS 2

struct term {
	uint8_t kind, sub, strong;
	int16_t cand; /* index into profile->cand, -1 if none */
	int16_t lex;  /* lexicon index for TK_LEX */
	uint32_t id;  /* distinct term id (corroboration) */
	int32_t next; /* next meaning of the same pattern, -1 */
};

struct pattern {
	uint32_t len;  /* bytes of " phrase " (" word" for wildcard patterns) */
	int32_t first; /* first meaning */
	uint8_t wild;  /* " word*": the match runs on to the end of the word */
};

struct netra_engine {
	struct rules_profile *prof;
	struct rules_rulebook *rb;
	struct text_lexicon *tlex;
	struct classifier *clf;
	struct stance_model *stance; /* NULL: no data/model/stance.model */
	struct hoax_index *hoax;
	hs_database_t *db;
	struct pattern *pat;
	size_t npat;
	struct term *terms;
	size_t nterms, terms_cap;
	struct strmap accounts; /* handle -> candidate index */
	int incumbent;          /* index of the one incumbent pair, or -1 */
	uint8_t *lex_role;      /* per lexicon: LEXF_* flags */
	uint64_t *rule_cues;    /* per rule: bits of its cue lexicons */
	struct rule_gate *gate; /* the rules the judge runs, in order */
	size_t ngate;
	char hash[80];          /* "sha256:<hex>" */
	size_t mem;
};

/* What a rule needs of an event before its detector is worth running,
 * built once (engine.c rule_gates()): one of the term kinds `kinds`, one
 * of the cue lexicons `lex`, a campaign account as the target. `shared`
 * rules (judge.c shared_content()) and the incumbent rules of a profile
 * without exactly one incumbent are left out. */
struct rule_gate {
	uint64_t lex;   /* 0: no cue needed */
	uint32_t rule;  /* index into rb->rules */
	uint16_t kinds; /* bits 1 << TK_*; 0: none needed */
	uint8_t target; /* needs a campaign account as the target */
};

/* Flags of a lexicon, from the roles and the rules that use it. */
enum {
	LEXF_NEGATION = 1, /* the negation role */
	LEXF_CONTEXT = 2,  /* the election-context role */
	LEXF_FLIP = 4,     /* used by a rule with negation: flip */
	LEXF_CUE = 8,      /* competes in longest-match (all but context) */
	LEXF_WEAKCTX = 16, /* weak context: not enough for a gesture */
	LEXF_BLOCK = 32,   /* used by a rule with negation: block */
	LEXF_TOPIC = 64,   /* the topic role: blocks the cue right after */
	LEXF_OTHERS = 128  /* the others role: the cue is about other pairs */
};
/* lex_role is one byte per lexicon */
_Static_assert(LEXF_OTHERS <= 0xff, "LEXF_* flags must fit in uint8_t");

/* One matched signal in one text of the event. */
struct sig {
	uint8_t kind, sub, strong, field;
	uint8_t negated, dead;
	uint8_t plain;  /* an acronym alias written as a plain word */
	uint8_t padded; /* a bare number written "0N" (TEXT_TOK_PADDED) */
	int16_t cand, lex;
	uint32_t term;
	uint32_t ta, tb; /* token range [ta, tb) */
	uint32_t na, nb; /* normalised bytes of the phrase (no padding) */
};

struct raw_match {
	uint32_t pat, from, to;
};

#define JUDGE_MAX_MATCHES 2048

/* The longest pattern key, " phrase " in normalised bytes (matcher.c). */
#define MATCHER_MAX_KEY 512

/* A text longer than JUDGE_WINDOW bytes is judged in windows of at most
 * that many bytes (cut at a space), each overlapping the one before by
 * JUDGE_OVERLAP bytes, so every byte is judged and a phrase across a cut
 * is seen whole in the next window (judge.c). A window whose scan stops
 * at JUDGE_MAX_MATCHES ends where the matches stopped. */
#define JUDGE_WINDOW  (TEXT_MAX_INPUT - 4096)
#define JUDGE_OVERLAP 2048

/* Texts judged per event: 0 the author's text, 1 target.text, 2 + k the
 * OCR text of media[k] (what an ASN posts as an image is what they say;
 * only the first JUDGE_MAX_MEDIA images are read). */
#define JUDGE_MAX_MEDIA 4
#define JUDGE_NFIELDS (2 + JUDGE_MAX_MEDIA)

struct judge_finding {
	int rule;
	int cand; /* index into profile->cand or -1 */
	int field;
	int severity;
	double score;
	uint32_t span0, nspan; /* into judge->spans */
	size_t explain_off;
	int hoax; /* claim index or -1 */
	int dead, drop;
};

struct netra_judge {
	const netra_engine *e;
	hs_scratch_t *scratch;
	struct text_norm norm[JUDGE_NFIELDS];
	const char *src[JUDGE_NFIELDS]; /* the original texts being judged
	                                   (the window's first byte) */
	int have[JUDGE_NFIELDS];
	/* per field: the window judged, [wa, wb) of the whole text, and
	 * where the scan stopped at JUDGE_MAX_MATCHES (normalised byte of
	 * the first match left out; 0: it did not) */
	size_t wa[JUDGE_NFIELDS], wb[JUDGE_NFIELDS], cut[JUDGE_NFIELDS];
	const netra_str *ftext[JUDGE_NFIELDS]; /* the event's texts or NULL */
	struct raw_match *raw;
	size_t nraw, raw_cap;
	uint32_t *tokmap; /* normalised byte -> token (matcher.c) */
	size_t tokmap_cap;
	struct sig *sig;
	size_t nsig, sig_cap;
	struct judge_finding *fd;
	size_t nfd, fd_cap;
	netra_span *spans;
	size_t nspans, spans_cap;
	netra_finding *out;
	size_t out_cap;
	uint32_t *lexi; /* indexes of word-list signals */
	size_t nlexi, lexi_cap;
	int lex_multi;          /* a word-list signal spans 2+ tokens */
	size_t nneg;   /* negation signals among them */
	uint32_t *ctx; /* signals that may give election context */
	size_t nctx, ctx_cap;
	uint8_t *cand_samples; /* per candidate: samples in ctx (max 4) */
	struct sbuf text;      /* explanations, NUL-separated */
	struct hoax_scratch hs;
	/* stance (judge.c, detect: stance): roles and per-token weights of
	 * one text, and per candidate {computed, p[3]} for this event */
	uint8_t *srole;
	double *sacc;
	size_t stok_cap;
	double *sprob; /* 4 per candidate, allocated with the judge */
	netra_verdict v;
};

/* judge.c: for the stance trainer, after netra_judge_event(): walks the
 * stance features of candidate ci over the texts the event was judged on
 * (none if the event does not name the pair); *words (may be NULL) gets
 * the number of plain words of those texts. Returns how many texts named
 * it, or NETRA_ENOMEM. */
int judge_stance_walk(netra_judge *j, int ci, stance_fn fn, void *ctx,
                      size_t *words);

/* matcher.c */
int rules_matcher_build(netra_engine *e);
int rules_matcher_scan(netra_judge *j, int field);

#endif
