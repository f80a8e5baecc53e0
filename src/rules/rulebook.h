/*
 * rules/rulebook.h - the rulebook: lexicons (cue word lists), roles (which
 * lexicon the judge's machinery uses for negation, election context, ...),
 * settings, and rules. Rules are data: each names a detector of the judge
 * (near, number_call, hashtag, gesture, interaction, reply, sara,
 * classifier, hoax, ..., known_image) with its parameters, a category, severity, legal basis
 * and an Indonesian explanation template. docs/rulebook.md is the format.
 */
#ifndef NETRA_RULES_RULEBOOK_H
#define NETRA_RULES_RULEBOOK_H

#include <stddef.h>
#include <stdint.h>

#define RULES_MAX_CUES 8

enum rules_detect {
	RULES_DET_NEAR = 0,    /* cue within window of a candidate reference */
	RULES_DET_NUMBER_CALL, /* cue followed by a candidate's number */
	RULES_DET_HASHTAG,     /* the pair's own hashtag used */
	RULES_DET_GESTURE,     /* number gesture in election context */
	RULES_DET_INTERACTION, /* like/repost/follow of a candidate account */
	RULES_DET_REPLY,       /* comment/quote on a candidate account */
	RULES_DET_SARA,        /* slur, or group term + hostility cue */
	RULES_DET_CLASSIFIER,  /* hate-speech model probability */
	RULES_DET_HOAX,        /* near duplicate of a debunked claim */
	RULES_DET_PARODY,      /* "ACRONYM = mocking words" */
	RULES_DET_INCUMBENT,   /* cue about the sitting head ("ganti bupati") */
	RULES_DET_SHARED,      /* like/repost/quote of a post whose text has a
	                          finding of the rule's category: the
	                          interaction names that finding (judge.c) */
	RULES_DET_STANCE,      /* the stance model (stance.h) per pair named */
	RULES_DET_KNOWN_IMAGE, /* an image of the event re-posts an official
	                          campaign image (scan matched it by
	                          perceptual hash: netra_media.known_candidate) */
	RULES_DET__COUNT
};

/* Lexicons the machinery itself uses, named in the rulebook's `roles`. */
enum rules_role {
	RULES_ROLE_NEGATION = 0, /* tidak, bukan, jangan, ... */
	RULES_ROLE_CONTEXT,      /* election words: pilkada, paslon, tps, ... */
	RULES_ROLE_HONORIFIC,    /* pak, bu, bang, kak, ... */
	RULES_ROLE_NUMBER_PREFIX, /* nomor, paslon, nomor urut, ... */
	RULES_ROLE_NUMBER_WORDS,  /* "1 satu atu", "2 dua loro", ... */
	RULES_ROLE_GESTURE,       /* "isyarat_{n}", "salam {n} jari", ... */
	/* from here on optional (rulebook.c role_optional()) */
	RULES_ROLE_WEAK_CONTEXT,  /* optional: context for names and numbers,
	                             not for gestures (menang, kalah) */
	RULES_ROLE_NUMBER_UNIT,   /* optional: a number right before one of
	                             these is a quantity ("2 paslon") */
	RULES_ROLE_NUMBER_OWNER,  /* optional: a number right after one of
	                             these is a label ("TPS 03", "SMP 3") */
	/* optional: dia, beliau, paslon ini: the one pair the post named */
	RULES_ROLE_BACK_REFERENCE,
	/* optional: petahana, bupati sekarang: the incumbent pair, if the
	 * profile marks one */
	RULES_ROLE_INCUMBENT,
	/* optional: soal, terkait, dugaan: the word right before an insult
	 * makes it a topic ("ditanya soal utang"), not an accusation */
	RULES_ROLE_TOPIC,
	/* optional: klasemen, wisuda, lomba: another occasion for numbers and
	 * hand signs; weak references then do not vouch for each other */
	RULES_ROLE_OTHER_OCCASION,
	/* optional: yang lain, kubu sebelah: an insult right after one is
	 * about the other pairs, not the pair named next to it */
	RULES_ROLE_OTHERS,
	/* optional: saya, kami, ayo: the author speaking; a headline without
	 * one of these (nor '!') reports what others did (voice: own) */
	RULES_ROLE_AUTHOR,
	RULES_ROLE__COUNT
};

/* Which candidate references a rule accepts: strong ones only; weak ones
 * with election context; any; or (names_context) like context, but a
 * person's full name needs context too (common names have namesakes). */
enum {
	RULES_REF_STRONG = 0,
	RULES_REF_CONTEXT,
	RULES_REF_ANY,
	RULES_REF_NAMES_CONTEXT
};
enum { RULES_ORDER_ANY = 0, RULES_ORDER_CUE_FIRST, RULES_ORDER_REF_FIRST };
enum { RULES_NEG_IGNORE = 0, RULES_NEG_BLOCK, RULES_NEG_FLIP };
enum { RULES_TONE_POSITIVE = 0, RULES_TONE_NEGATIVE };
enum { RULES_SCOPE_BOTH = 0, RULES_SCOPE_OWN, RULES_SCOPE_TARGET };

struct rules_lexicon {
	char *name;
	char *file;   /* as written in the rulebook, or NULL if inline */
	char **terms; /* as written (not normalised) */
	size_t n;
};

struct rules_rule {
	char *id;
	unsigned label; /* NETRA_LABEL_* */
	int severity;   /* NETRA_SEV_* */
	double weight;  /* base score of a finding, 0..1 */
	char *basis, *act, *explain;
	enum rules_detect detect;
	int cues[RULES_MAX_CUES]; /* lexicon indexes */
	size_t ncues;
	int with[RULES_MAX_CUES]; /* second set (sara: hostility) */
	size_t nwith;
	int unless[RULES_MAX_CUES]; /* reply: cues that block the tone */
	size_t nunless;
	int ref;          /* RULES_REF_* */
	int window;       /* tokens */
	int weak_window;  /* a weak reference this close needs no context
	                     (-1: always needs it) */
	int order;        /* RULES_ORDER_* */
	int negation;     /* RULES_NEG_* */
	char *flip_to;    /* rule id that negated matches become */
	int flip_rule;    /* its index, -1 if none */
	unsigned events;  /* 1 << netra_event_type, for interaction/reply */
	int tone;         /* RULES_TONE_* (reply) */
	int scope;        /* RULES_SCOPE_*: which texts are judged */
	double threshold; /* classifier/hoax */
	double boost_threshold; /* hoax: threshold when a `with` cue is
	                           present */
	double against_threshold; /* stance: threshold where the word-list
	                             rules found the opposite (default:
	                             threshold) */
	unsigned suppressed_by; /* label bits that drop this rule's findings */
	int one_pair;           /* near: `pairs: one`, silent in a text that
	                           names two or more pairs (news, debates) */
	int own_voice;          /* near: `voice: own`, silent on a cue that a
	                           headline reports of another subject
	                           ("Relawan X Dukung Y") */
	char **trusted;         /* hoax: target accounts holding one of these
	                           (lower case) are official sources */
	size_t ntrusted;
};

struct rules_rulebook {
	char *id, *version, *description;
	struct rules_lexicon *lex;
	size_t nlex;
	struct rules_rule *rules;
	size_t nrules;
	int roles[RULES_ROLE__COUNT]; /* lexicon index or -1 */
	int negation_scope;           /* tokens before a cue */
	uint8_t digest[32];           /* sha256 of the YAML + lexicon files */
};

/* Parses a rulebook from buf; name is for messages and base_dir resolves
 * `file:` lexicons (NULL: the directory of name). *out is NULL on entry;
 * free with rules_rulebook_free(). NETRA_EINVALID "name:line:col: reason"
 * (or "lexicon-file:line: reason"), NETRA_EIO, NETRA_ENOMEM. */
int rules_rulebook_parse(struct rules_rulebook **out, const char *name,
                         const char *base_dir, const char *buf, size_t len);

/* Reads and parses a rulebook file. */
int rules_rulebook_load(struct rules_rulebook **out, const char *path);

void rules_rulebook_free(struct rules_rulebook *rb);

/* Lexicon index by name, or -1. */
int rules_rulebook_lexicon(const struct rules_rulebook *rb, const char *name);

/* Names for printing. Static storage. */
const char *rules_detect_name(enum rules_detect d);
const char *rules_severity_name(int sev);

#endif
