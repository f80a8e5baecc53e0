/*
 * rules/judge.c - the judge: turns the signals of one event (matcher.c)
 * into findings by running each rule of the rulebook through its detector,
 * then settles conflicts (a rule's suppressed_by), the campaign calendar,
 * and fills the verdict. The machinery is general; which words, windows,
 * severities and legal bases apply is all in the rulebook. docs/engine.md
 * walks through the logic and the hard negatives.
 *
 * Nothing here allocates once the judge's arrays have grown to the largest
 * event seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/engine_int.h"
#include "util/civiltime.h"
#include "util/error.h"

#define NO_CAND (-1)

struct jctx {
	uint64_t lexmask; /* bit i: a live signal of lexicon i (i < 64) */
	unsigned kinds;   /* bit k: a live signal of term kind k */
	netra_judge *j;
	const netra_engine *e;
	const netra_event *ev;
	int target_cand;  /* candidate whose account is the target, or -1 */
	int cross;        /* comment/quote: sig index of the one pair the
	                     target text names strongly while the own text
	                     names none, or -1 */
	int judge_target; /* target.text counts as the author's words */
	int occasion;     /* a word of another occasion (klasemen, wisuda) */
	int stance_fresh; /* j->sprob cleared for this event */
	uint8_t report[JUDGE_NFIELDS]; /* report_text(): 0 not yet known,
	                                  1 the author's words, 2 a report */
	const char *text[JUDGE_NFIELDS];
	size_t text_len[JUDGE_NFIELDS];
};

/* ---- helpers over signals ------------------------------------------ */

static int overlap(const struct sig *a, const struct sig *b)
{
	return a->field == b->field && a->ta < b->tb && b->ta < a->tb;
}

static int in_list(int lex, const int *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == lex)
			return 1;
	return 0;
}

/* The author's own words: their text and the OCR text of their images
 * (fields 0 and 2 + k); field 1 is target.text. */
static int own_field(int f)
{
	return f != 1;
}

static int field_ok(const struct jctx *c, const struct rules_rule *ru, int f)
{
	if (f == 1 && !c->judge_target)
		return 0;
	if (ru->scope == RULES_SCOPE_OWN && !own_field(f))
		return 0;
	if (ru->scope == RULES_SCOPE_TARGET && f != 1)
		return 0;
	return 1;
}

/* Election context for candidate ci, not counting signals x and y: an
 * election word, the voting day, any strong reference, a second (disjoint,
 * different) reference to the same pair, or a candidate account as the
 * event's target. strict 1 (gestures) also ignores the region, weak
 * context words and weak names; strict 2 (praise) only the region. */
static int has_context_x(const struct jctx *c, int ci, const struct sig *x,
                         const struct sig *y, int strict)
{
	const netra_judge *j = c->j;
	size_t i;

	if (c->target_cand >= 0)
		return 1;
	/* j->ctx holds every context signal and, per pair, the first
	 * occurrence of up to 4 distinct references (see summarise()), so
	 * this loop ends after a few steps even on hostile input */
	for (i = 0; i < j->nctx; i++) {
		const struct sig *s = &j->sig[j->ctx[i]];

		if ((x && overlap(s, x)) || (y && overlap(s, y)))
			continue;
		if (strict && (s->kind == TK_REGION ||
		               (strict == 1 && s->kind == TK_LEX &&
		                (c->e->lex_role[s->lex] & LEXF_WEAKCTX))))
			continue;
		if (s->kind == TK_VDAY || s->kind == TK_LEX ||
		    s->kind == TK_REGION || (s->kind == TK_REF && s->strong))
			return 1;
		/* strict: a weak name is no context for a gesture ("Kebun
		 * Raya ✌️" where RAYA is pair 2's acronym) */
		if (strict == 1 && s->kind == TK_REF)
			continue;
		/* two weak references of one pair vouch for each other,
		 * unless the post is about a match, a graduation, a
		 * contest ("nomer siji ning klasemen ☝️") */
		if (s->cand == ci && !c->occasion &&
		    (!x || s->term != x->term) && (!y || s->term != y->term))
			return 1;
	}
	return 0;
}

static int has_context(const struct jctx *c, int ci, const struct sig *x,
                       const struct sig *y)
{
	return has_context_x(c, ci, x, y, 0);
}

/* ---- findings ------------------------------------------------------- */

static int push_span(netra_judge *j, int field, const struct sig *s)
{
	const struct text_norm *n = &j->norm[field];
	size_t a, b;

	if (j->nspans == j->spans_cap) {
		size_t nc = j->spans_cap ? j->spans_cap * 2 : 64;
		netra_span *ns = realloc(j->spans, nc * sizeof(*ns));

		if (!ns)
			return err_oom();
		j->spans = ns;
		j->spans_cap = nc;
	}
	text_norm_span(n, s->na, s->nb, &a, &b);
	/* into the whole text, not the window */
	j->spans[j->nspans].a = (uint32_t)(a + j->wa[field]);
	j->spans[j->nspans].b = (uint32_t)(b + j->wa[field]);
	j->nspans++;
	return 0;
}

/* Records a finding of rule ri for candidate ci with the spans of up to
 * two signals; keeps only the best finding per (rule, candidate). */
static int add_finding(struct jctx *c, int ri, int ci, double score,
                       const struct sig *s1, const struct sig *s2, int hoax)
{
	netra_judge *j = c->j;
	struct judge_finding *f = NULL;
	size_t i;
	int rc, field = s1 ? s1->field : (s2 ? s2->field : 0);

	for (i = 0; i < j->nfd; i++)
		if (j->fd[i].rule == ri && j->fd[i].cand == ci) {
			f = &j->fd[i];
			break;
		}
	if (f && f->score >= score)
		return 0;
	if (!f) {
		if (j->nfd == j->fd_cap) {
			size_t nc = j->fd_cap ? j->fd_cap * 2 : 16;
			struct judge_finding *nf =
			    realloc(j->fd, nc * sizeof(*nf));

			if (!nf)
				return err_oom();
			j->fd = nf;
			j->fd_cap = nc;
		}
		f = &j->fd[j->nfd++];
	}
	memset(f, 0, sizeof(*f));
	f->rule = ri;
	f->cand = ci;
	f->field = field;
	f->score = score;
	f->hoax = hoax;
	f->severity = c->e->rb->rules[ri].severity;
	f->span0 = (uint32_t)j->nspans;
	if (s1 && (rc = push_span(j, s1->field, s1)))
		return rc;
	if (s2 && (rc = push_span(j, s2->field, s2)))
		return rc;
	f->nspan = (uint32_t)(j->nspans - f->span0);
	return 0;
}

/* ---- detectors ------------------------------------------------------ */

static int ref_usable(const struct jctx *c, const struct rules_rule *ru,
                      const struct sig *r, const struct sig *cue, int dist)
{
	if (ru->ref == RULES_REF_ANY)
		return 1;
	if (r->strong &&
	    !(ru->ref == RULES_REF_NAMES_CONTEXT && r->sub == REF_NAME))
		return 1;
	if (ru->ref == RULES_REF_STRONG)
		return 0;
	/* "dukung Pak X": a name right at the cue; not an acronym written
	 * as the word it also is ("beta tidak pilih", "aman dipilih") */
	if (dist <= ru->weak_window && r->sub != REF_NUMBER && !r->plain)
		return 1;
	/* praise of a first name: the region's name is no context, local
	 * staff name it in every post ("sukses Pak X, kepsek SMP 3 <kab>") */
	return has_context_x(c, r->cand, r, cue,
	                     ru->ref == RULES_REF_NAMES_CONTEXT ? 2 : 0);
}

/* 1 when the author's text between signals p and q (p before q) holds a
 * clause or sentence mark (, ; : . ? !). */
static int boundary_between(const struct jctx *c, const struct sig *p,
                            const struct sig *q)
{
	const char *t = c->text[p->field];
	size_t a0, a1, b0, b1, i;

	if (!t)
		return 0;
	text_norm_span(&c->j->norm[p->field], p->na, p->nb, &a0, &a1);
	text_norm_span(&c->j->norm[q->field], q->na, q->nb, &b0, &b1);
	for (i = a1; i < b0 && i < c->text_len[p->field]; i++)
		if (t[i] && strchr(",;:.?!", t[i]))
			return 1;
	return 0;
}

/* Rank of pair reference r for cue s: twice the token distance, plus one
 * when a clause mark lies between them (so of two equally close pairs the
 * one in the cue's own clause wins); -1 when r is on the wrong side of
 * the cue for the rule's order or beyond its window. */
static int near_rank(const struct jctx *c, const struct rules_rule *ru,
                     const struct sig *s, const struct sig *r)
{
	int dist;

	if (r->dead || r->kind != TK_REF || r->cand < 0 ||
	    r->field != s->field || overlap(r, s))
		return -1;
	if (r->ta >= s->tb) {
		if (ru->order == RULES_ORDER_REF_FIRST)
			return -1;
		dist = (int)(r->ta - s->tb);
	} else {
		if (ru->order == RULES_ORDER_CUE_FIRST)
			return -1;
		dist = (int)(s->ta - r->tb);
	}
	if (dist > ru->window)
		return -1;
	return 2 * dist + (r->ta >= s->tb ? boundary_between(c, s, r)
	                                  : boundary_between(c, r, s));
}

static int field_has(const netra_judge *j, int f, const int *list, size_t n);
static int cat_present(const netra_judge *j, const netra_engine *e,
                       unsigned label, int cand);

/* A near rule's `with` (a cue of these lexicons somewhere in the same
 * field) and `unless` (none of these in the field). */
static int near_field_ok(const struct jctx *c, const struct rules_rule *ru,
                         int f)
{
	if (ru->nwith && !field_has(c->j, f, ru->with, ru->nwith))
		return 0;
	if (ru->nunless && field_has(c->j, f, ru->unless, ru->nunless))
		return 0;
	return 1;
}

/* s is a cue of rule ru in a text the rule judges, not dropped by a
 * negation the rule blocks on. */
static int live_cue(const struct jctx *c, const struct rules_rule *ru,
                    const struct sig *s)
{
	return !s->dead && s->kind == TK_LEX && field_ok(c, ru, s->field) &&
	       in_list(s->lex, ru->cues, ru->ncues) &&
	       !(s->negated && ru->negation == RULES_NEG_BLOCK);
}

/* The rule a match of cue s for rule ri counts as: its flip_to rule when
 * s is negated and the rule flips. */
static int rule_for(const struct rules_rule *ru, int ri, const struct sig *s)
{
	return s->negated && ru->negation == RULES_NEG_FLIP ? ru->flip_rule
	                                                     : ri;
}

/* 1 if the signals of kind k in text f point at two or more different
 * pairs: references ("Harsono-Rumiati dan Yusuf-Stevanus sepakat
 * kampanye damai": news), or gestures ("jangan pose 1 jari atau 2 jari di
 * acara dinas": a text about hand signs, not a sign for one pair). */
static int two_pairs(const netra_judge *j, int f, int k)
{
	size_t i;
	int first = -1;

	for (i = 0; i < j->nsig; i++) {
		const struct sig *r = &j->sig[i];

		if (r->dead || r->field != f || r->kind != k || r->cand < 0)
			continue;
		if (first < 0)
			first = r->cand;
		else if (r->cand != first)
			return 1;
	}
	return 0;
}

/* 1 if a pair is named at most n tokens after signal x in its text - pair
 * ci, or any pair with ci < 0 - and, with clause, before any clause mark.
 * "Bima hebat. Jangan pilih Cahyo": the rejection has its own object, so a
 * rule that reads it as referring back ("Paslon 1 terima suap. Jangan
 * pilih!") must not. */
static int ref_after(const struct jctx *c, const struct sig *x, int ci,
                     uint32_t n, int clause)
{
	const netra_judge *j = c->j;
	size_t b;

	for (b = 0; b < j->nsig; b++) {
		const struct sig *r = &j->sig[b];

		if (!r->dead && r->kind == TK_REF && r->cand >= 0 &&
		    (ci < 0 || r->cand == ci) && r->field == x->field &&
		    r->ta >= x->tb && r->ta - x->tb <= n &&
		    !(clause && boundary_between(c, x, r)))
			return 1;
	}
	return 0;
}

/* ---- report voice ------------------------------------------------- */

/* Of the words of letters of text f: how many (*words), how many begin
 * with a capital (*caps), how many of 2+ letters are all capitals
 * (*upper: acronyms, or shouting). */
static void word_case(const netra_judge *j, int f, size_t *words,
                      size_t *caps, size_t *upper)
{
	const struct text_norm *n = &j->norm[f];
	const char *src = j->src[f];
	size_t t;

	*words = *caps = *upper = 0;
	if (!src)
		return;
	for (t = 0; t < n->ntok; t++) {
		uint32_t a = n->tok[t].orig_a, b = n->tok[t].orig_b, i;
		unsigned char ch = (unsigned char)src[a];
		int lower = 0;

		if (b <= a)
			continue;
		if (ch >= 'A' && ch <= 'Z')
			(*caps)++;
		else if (!(ch >= 'a' && ch <= 'z'))
			continue;
		(*words)++;
		for (i = a; i < b && !lower; i++)
			lower = src[i] >= 'a' && src[i] <= 'z';
		*upper += !lower && b - a >= 2;
	}
}

/* 1 if text f reads as a news headline the author passes on, not as their
 * own words: most words capitalised (headline()), yet not written in
 * capitals throughout (shouting is the author's), no '!' and no word of
 * the `author` role (saya, kami, kita, ayo: the author speaking).
 * Computed once per text and round. */
static int report_text(struct jctx *c, int f)
{
	const netra_judge *j = c->j;
	int author = c->e->rb->roles[RULES_ROLE_AUTHOR];
	size_t words, caps, upper;

	if (c->report[f])
		return c->report[f] == 2;
	word_case(j, f, &words, &caps, &upper);
	c->report[f] = 1;
	if (words >= 4 && caps * 10 >= words * 7 && upper * 2 < words &&
	    !(c->text[f] && memchr(c->text[f], '!', c->text_len[f])) &&
	    !(author >= 0 && field_has(j, f, &author, 1)))
		c->report[f] = 2;
	return c->report[f] == 2;
}

/* The first token of the clause that holds token t of text f: the token
 * after the last clause mark (, ; : . ? !) before t, or 0. */
static uint32_t clause_start(const netra_judge *j, int f, uint32_t t)
{
	const struct text_norm *n = &j->norm[f];
	const char *src = j->src[f];

	for (; t > 0 && t < n->ntok; t--) {
		uint32_t i;

		for (i = n->tok[t - 1].orig_b; i < n->tok[t].orig_a; i++)
			if (src[i] && strchr(",;:.?!", src[i]))
				return t;
	}
	return t < n->ntok ? t : 0;
}

/* 1 if cue s, judged for pair reference r, is reported of another
 * subject: s is in a headline (report_text()), not in a hashtag, and its
 * clause has words before it, none a reference to r's pair other than a
 * party. "Relawan
 * Tani Deklarasi Dukung X", "Partai Y Pastikan Dukung X", "Z Tetap
 * Perjuangkan Kemenangan X" tell what others do; "Dukung X, ..." leads
 * its clause, and in "X Yakin Menang" the pair is the subject (a party is
 * not: it declares for the pair, as a relawan does). */
static int reported(struct jctx *c, const struct sig *s, const struct sig *r)
{
	const netra_judge *j = c->j;
	uint32_t cs;
	size_t i;

	if (!report_text(c, s->field))
		return 0;
	/* a cue in a hashtag is the author's own tag (#AsalBukanX) */
	if (s->ta < j->norm[s->field].ntok &&
	    (j->norm[s->field].tok[s->ta].flags & TEXT_TOK_HASHTAG))
		return 0;
	cs = clause_start(j, s->field, s->ta);
	if (cs >= s->ta)
		return 0;
	for (i = 0; i < j->nsig; i++) {
		const struct sig *x = &j->sig[i];

		if (!x->dead && x->kind == TK_REF && x->cand == r->cand &&
		    x->sub != REF_PARTY && x->field == s->field &&
		    x->ta >= cs && x->tb <= s->ta)
			return 0;
	}
	return 1;
}

/* A cue goes to the NEAREST pair reference only, and only when that one
 * is usable ("daripada pilih X yang dinasti, mending nomor 3": the insult
 * is X's, the call is 3's, never X's); references at the same distance
 * all get it. */
static int detect_near(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	size_t a, b;
	int rc;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];
		int best = -1;

		if (!live_cue(c, ru, s))
			continue;
		if (!near_field_ok(c, ru, s->field))
			continue;
		if (ru->order == RULES_ORDER_REF_FIRST && ref_after(c, s, -1, 3, 1))
			continue;
		if (ru->one_pair && two_pairs(j, s->field, TK_REF))
			continue;
		for (b = 0; b < j->nsig; b++) {
			int d = near_rank(c, ru, s, &j->sig[b]);

			if (d >= 0 && (best < 0 || d < best))
				best = d;
		}
		for (b = 0; best >= 0 && b < j->nsig; b++) {
			const struct sig *r = &j->sig[b];
			int target = rule_for(ru, ri, s);
			double sc;

			if (near_rank(c, ru, s, r) != best ||
			    !ref_usable(c, ru, r, s, best / 2) ||
			    (ru->own_voice && reported(c, s, r)))
				continue;
			sc = c->e->rb->rules[target].weight *
			     (r->strong ? 1.0 : 0.85) *
			     (1.0 - 0.02 * (best / 2));
			if ((rc =
			         add_finding(c, target, r->cand, sc, s, r, -1)))
				return rc;
		}
		/* "Mantap, lanjutkan!" under a post about one pair: the cue
		 * is the author's, the pair is named by the target */
		if (c->cross >= 0 && own_field(s->field)) {
			const struct sig *r = &j->sig[c->cross];
			int target = rule_for(ru, ri, s);

			rc = add_finding(c, target, r->cand,
			                 c->e->rb->rules[target].weight * 0.8,
			                 s, NULL, -1);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int detect_number_call(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	size_t a, b;
	int rc;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];

		if (!live_cue(c, ru, s) || !near_field_ok(c, ru, s->field))
			continue;
		for (b = 0; b < j->nsig; b++) {
			const struct sig *r = &j->sig[b];
			int target = rule_for(ru, ri, s);

			if (r->dead || r->field != s->field || r->cand < 0 ||
			    !(r->kind == TK_BARENUM ||
			      (r->kind == TK_REF && r->sub == REF_NUMBER)) ||
			    r->ta < s->tb || (int)(r->ta - s->tb) > ru->window)
				continue;
			if (ru->ref != RULES_REF_ANY && !r->strong &&
			    !(r->kind == TK_REF &&
			      (int)(r->ta - s->tb) <= ru->weak_window) &&
			    !has_context(c, r->cand, r, NULL))
				continue;
			rc = add_finding(c, target, r->cand,
			                 c->e->rb->rules[target].weight, s, r,
			                 -1);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Another reference to pair ci (a name, number or gesture) that is not
 * x and does not overlap it. */
static const struct sig *corroborating(const netra_judge *j, int ci,
                                       const struct sig *x)
{
	size_t i;

	for (i = 0; i < j->nsig; i++) {
		const struct sig *r = &j->sig[i];

		if (!r->dead && r->cand == ci && r->term != x->term &&
		    (r->kind == TK_REF || r->kind == TK_GESTURE) &&
		    r->sub != REF_SLOGAN && r->sub != REF_BACK &&
		    r->field == x->field && !overlap(r, x))
			return r;
	}
	return NULL;
}

/* The pair's hashtag written as a hashtag; or its hashtag/slogan written
 * as words next to another reference to the same pair ("OK OCE!
 * Anies-Sandi untuk Jakarta"). */
static int detect_hashtag(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	size_t a;
	int rc;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a], *r = NULL;

		if (s->dead || s->kind != TK_REF ||
		    (s->sub != REF_HASHTAG && s->sub != REF_SLOGAN) ||
		    !field_ok(c, ru, s->field))
			continue;
		if (!s->strong && !(r = corroborating(j, s->cand, s)))
			continue;
		rc = add_finding(c, ri, s->cand, ru->weight * (r ? 0.9 : 1.0),
		                 s, r, -1);
		if (rc)
			return rc;
	}
	return 0;
}

/* A cue of rule ru within its window of signal g (either side, same
 * field), or NULL. */
static const struct sig *
cue_near(const netra_judge *j, const struct rules_rule *ru, const struct sig *g)
{
	size_t a;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];
		uint32_t dist;

		if (s->dead || s->kind != TK_LEX || s->field != g->field ||
		    overlap(s, g) || !in_list(s->lex, ru->cues, ru->ncues))
			continue;
		dist = s->ta >= g->tb ? s->ta - g->tb : g->ta - s->tb;
		if ((int)dist <= ru->window)
			return s;
	}
	return NULL;
}

/* A number gesture in election context. A rule with cues wants one of
 * them next to the gesture ("satu jari buat kantong sendiri": mockery);
 * the cue makes the gesture's meaning plain, so any context will do
 * there, where a bare gesture needs more than "menang" (a sports score)
 * or the region's name. */
static int detect_gesture(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	size_t a;
	int rc;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a], *cue = NULL;

		if (s->dead || s->kind != TK_GESTURE ||
		    !field_ok(c, ru, s->field) ||
		    !near_field_ok(c, ru, s->field) ||
		    two_pairs(j, s->field, TK_GESTURE))
			continue;
		if (ru->ncues && !(cue = cue_near(j, ru, s)))
			continue;
		if (ru->ref != RULES_REF_ANY &&
		    !has_context_x(c, s->cand, s, cue, !cue))
			continue;
		if ((rc = add_finding(c, ri, s->cand, ru->weight, s, cue, -1)))
			return rc;
	}
	return 0;
}

static int detect_interaction(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];

	if (c->target_cand < 0 || !(ru->events & (1u << c->ev->type)))
		return 0;
	return add_finding(c, ri, c->target_cand, ru->weight, NULL, NULL, -1);
}

/* A negated cue of a flippable lexicon in the author's own text ("gak
 * dukung"; a negated insult, "gak sombong", is none). */
static const struct sig *negated_cue(const netra_engine *e,
                                     const netra_judge *j)
{
	size_t a;

	for (a = 0; a < j->nsig; a++)
		if (!j->sig[a].dead && own_field(j->sig[a].field) &&
		    j->sig[a].negated &&
		    (e->lex_role[j->sig[a].lex] & LEXF_FLIP))
			return &j->sig[a];
	return NULL;
}

static int detect_reply(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	const struct sig *hit = NULL, *hit2 = NULL;
	size_t a;

	if (c->target_cand < 0 || !(ru->events & (1u << c->ev->type)))
		return 0;
	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];
		const int *list =
		    ru->tone == RULES_TONE_NEGATIVE ? ru->cues : ru->unless;
		size_t n =
		    ru->tone == RULES_TONE_NEGATIVE ? ru->ncues : ru->nunless;

		if (s->dead || !own_field(s->field) || s->kind != TK_LEX ||
		    !in_list(s->lex, list, n))
			continue;
		if (s->negated && !(c->e->lex_role[s->lex] & LEXF_FLIP))
			continue; /* "gak sombong" is no insult */
		if (!hit)
			hit = s;
		else if (!hit2)
			hit2 = s;
	}
	if (!hit)
		hit = negated_cue(c->e, j);
	if (ru->tone == RULES_TONE_POSITIVE)
		return hit ? 0
		           : add_finding(c, ri, c->target_cand, ru->weight,
		                         NULL, NULL, -1);
	if (!hit)
		return 0;
	/* with `with`, a second cue must be there too ("Kristen jangan
	 * coba-coba jadi pemimpin" under a pair's post: a group plus
	 * hostility) */
	if (ru->nwith && !field_has(j, 0, ru->with, ru->nwith))
		return 0;
	return add_finding(c, ri, c->target_cand, ru->weight, hit, hit2, -1);
}

static int detect_sara(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	size_t a, b;
	int rc;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];

		if (s->dead || s->kind != TK_LEX ||
		    !field_ok(c, ru, s->field) ||
		    !in_list(s->lex, ru->cues, ru->ncues))
			continue;
		/* `unless`: a report of a case in the same text */
		if (ru->nunless &&
		    field_has(j, s->field, ru->unless, ru->nunless))
			continue;
		if (!ru->nwith) {
			if ((rc = add_finding(c, ri, NO_CAND, ru->weight, s,
			                      NULL, -1)))
				return rc;
			continue;
		}
		for (b = 0; b < j->nsig; b++) {
			const struct sig *w = &j->sig[b];
			int dist;

			if (w->dead || w->kind != TK_LEX ||
			    w->field != s->field || overlap(w, s) ||
			    !in_list(w->lex, ru->with, ru->nwith))
				continue;
			dist = w->ta >= s->tb ? (int)(w->ta - s->tb)
			                      : (int)(s->ta - w->tb);
			if (dist > ru->window)
				continue;
			rc = add_finding(c, ri, NO_CAND,
			                 ru->weight * (1.0 - 0.01 * dist), s, w,
			                 -1);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int field_has(const netra_judge *j, int f, const int *list, size_t n)
{
	size_t a;

	for (a = 0; a < j->nsig; a++)
		if (!j->sig[a].dead && j->sig[a].kind == TK_LEX &&
		    (f < 0 || j->sig[a].field == f) &&
		    in_list(j->sig[a].lex, list, n))
			return 1;
	return 0;
}

static int detect_classifier(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	int f;

	if (!c->e->clf)
		return 0;
	/* the model runs only where the rule's gate words occur */
	if (ru->ncues && !field_has(j, -1, ru->cues, ru->ncues))
		return 0;
	for (f = 0; f < JUDGE_NFIELDS; f++) {
		double p;

		if (!j->have[f] || !field_ok(c, ru, f) ||
		    (ru->nunless &&
		     field_has(j, f, ru->unless, ru->nunless)))
			continue;
		p = classifier_score(c->e->clf, j->norm[f].buf, j->norm[f].len);
		if (p >= ru->threshold) {
			struct sig whole;

			memset(&whole, 0, sizeof(whole));
			whole.field = (uint8_t)f;
			whole.na = 1;
			whole.nb =
			    (uint32_t)(j->norm[f].len > 1 ? j->norm[f].len - 1
			                                  : 1);
			return add_finding(c, ri, NO_CAND, p, &whole, NULL, -1);
		}
	}
	return 0;
}

/* The event's target account holds one of the rule's trusted names. */
static int trusted_target(const struct jctx *c, const struct rules_rule *ru)
{
	const netra_str *a = &c->ev->target.account;
	size_t i, k, n;

	if (!a->s)
		return 0;
	for (i = 0; i < ru->ntrusted; i++) {
		n = strlen(ru->trusted[i]);
		for (k = 0; n && k + n <= a->len; k++)
			if (strncasecmp(a->s + k, ru->trusted[i], n) == 0)
				return 1;
	}
	return 0;
}

static int detect_hoax(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	struct hoax_query q = {ru->threshold, 0};
	int f;

	if (!c->e->hoax)
		return 0;
	if (ru->nwith && field_has(j, -1, ru->with, ru->nwith)) {
		q.threshold = ru->boost_threshold;
		q.forwarded = 1;
	}
	for (f = 0; f < JUDGE_NFIELDS; f++) {
		struct hoax_match m;
		struct sig whole;
		int rc;

		if (!j->have[f] || !field_ok(c, ru, f) ||
		    field_has(j, f, ru->unless, ru->nunless) ||
		    (f == 1 && trusted_target(c, ru)))
			continue;
		rc = hoax_match_query(c->e->hoax, &j->hs, j->norm[f].buf,
		                      j->norm[f].len, &q, &m);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		memset(&whole, 0, sizeof(whole));
		whole.field = (uint8_t)f;
		whole.na = 1;
		whole.nb =
		    (uint32_t)(j->norm[f].len > 1 ? j->norm[f].len - 1 : 1);
		return add_finding(c, ri, NO_CAND,
		                   ru->weight * (0.5 + 0.5 * m.similarity),
		                   &whole, NULL, (int)m.index);
	}
	return 0;
}

/* A cue of rule ru at most two tokens after signal s in its field
 * ("BAGUS teh singkatan ...", "HATI itu kepanjangannya ..."), or NULL. */
static const struct sig *cue_right_after(const netra_judge *j,
                                         const struct rules_rule *ru,
                                         const struct sig *s)
{
	size_t b;

	for (b = 0; ru->ncues && b < j->nsig; b++) {
		const struct sig *w = &j->sig[b];

		if (!w->dead && w->kind == TK_LEX && w->field == s->field &&
		    w->ta >= s->tb && w->ta - s->tb <= 2 &&
		    in_list(w->lex, ru->cues, ru->ncues))
			return w;
	}
	return NULL;
}


/* A strong acronym or name of a pair followed by '=' in the original text
 * ("ABC = Asal Bisa Curang", the usual parody of a pair's acronym), or
 * within two tokens by a cue of the rule ("BAGUS teh singkatan BAGi-bagi
 * USaha") unless the pair is named again right after ("RADO singkatan
 * dari Rahmat-Dodi" only spells it out). */
static int detect_parody(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	const struct sig *w;
	size_t a;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];
		const char *t = c->text[s->field];
		size_t oa, ob, tl = c->text_len[s->field];

		if (s->dead || s->kind != TK_REF || !s->strong || !t ||
		    (s->sub != REF_ALIAS && s->sub != REF_NAME) ||
		    !field_ok(c, ru, s->field))
			continue;
		text_norm_span(&j->norm[s->field], s->na, s->nb, &oa, &ob);
		while (ob < tl && (t[ob] == ' ' || t[ob] == '\t'))
			ob++;
		if (ob < tl && t[ob] == '=' &&
		    (ob + 1 >= tl || t[ob + 1] != '='))
			return add_finding(c, ri, s->cand, ru->weight, s, NULL,
			                   -1);
		if ((w = cue_right_after(j, ru, s)) &&
		    !ref_after(c, w, s->cand, 6, 0))
			return add_finding(c, ri, s->cand, ru->weight, s, w,
			                   -1);
	}
	return 0;
}

/* 1 if the event points at a pair other than ci - by a name, a number,
 * a gesture, the account it acts on, or the pair a comment's target names
 * ("saatnya ganti, coblos 2" calls for pair 2; "lanjutkan!" under pair
 * 2's post is pair 2's; news that names both pairs, "Harsono janji
 * lanjutkan KKS, Yusuf tawarkan beasiswa", compares them): then a cue
 * about the sitting head is not read as one about the incumbent. */
static int names_other_pair(const struct jctx *c, int ci)
{
	const netra_judge *j = c->j;
	size_t i;

	if ((c->target_cand >= 0 && c->target_cand != ci) ||
	    (c->cross >= 0 && j->sig[c->cross].cand != ci))
		return 1;
	for (i = 0; i < j->nsig; i++) {
		const struct sig *r = &j->sig[i];

		if (!r->dead && r->cand >= 0 && r->cand != ci &&
		    (r->kind == TK_REF || r->kind == TK_BARENUM ||
		     r->kind == TK_GESTURE))
			return 1;
	}
	return 0;
}

/* A cue about the sitting head of the region ("ganti bupati", "cukup
 * satu periode", "lanjutkan dua periode") is about the pair the profile
 * marks as incumbent, named or not; with `reference: context` the event
 * needs election context besides the cue - an election word, the voting
 * day or a strong reference, not the region nor a weak name ("wis wayahe
 * ganti oli", "Mas Heru, saatnya ganti oli" are no attack). Negation
 * flips or blocks as for a near rule. */
static int detect_incumbent(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	netra_judge *j = c->j;
	int ci = c->e->incumbent, rc;
	size_t a;

	if (ci < 0 || names_other_pair(c, ci))
		return 0;
	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];
		int target = rule_for(ru, ri, s);

		if (!live_cue(c, ru, s) || !near_field_ok(c, ru, s->field))
			continue;
		/* strict: neither the region nor a weak reference (a first
		 * name, "pak wali") makes "saatnya ganti" election talk */
		if (ru->ref != RULES_REF_ANY &&
		    !has_context_x(c, ci, s, NULL, 1))
			continue;
		rc = add_finding(c, target, ci,
		                 c->e->rb->rules[target].weight, s, NULL, -1);
		if (rc)
			return rc;
	}
	return 0;
}

/* `shared` rules do not look at signals: shared_content() gives them
 * the findings of the liked or shared post once every rule has run. */
static int detect_none(struct jctx *c, int ri)
{
	(void)c;
	(void)ri;
	return 0;
}

/* ---- stance: the stance model per pair named (stance.h) ------------
 * Where the word lists run out, a linear model decides from the words
 * around a pair's references whether the author supports it, attacks it
 * or neither (news, questions). The rules stay first: the model adds an
 * attack where no rule found one (its attack then suppresses the pair's
 * support findings, so "#X bicara apa kasihan" is no hashtag support),
 * and a support only where no rule found support or attack. */

static int stance_grow(netra_judge *j, size_t ntok)
{
	size_t nc = j->stok_cap ? j->stok_cap : 64;
	uint8_t *r;
	double *a;

	if (ntok <= j->stok_cap)
		return 0;
	while (nc < ntok)
		nc *= 2;
	r = realloc(j->srole, nc);
	if (!r)
		return err_oom();
	j->srole = r;
	a = realloc(j->sacc, nc * sizeof(*a));
	if (!a)
		return err_oom();
	j->sacc = a;
	j->stok_cap = nc;
	return 0;
}

/* Roles of the tokens of text f toward pair ci (j->srole): its live
 * references, other pairs' references, negations. *refs and *tags count
 * its references and how many are hashtags; *flags gains the facts. */
static int stance_roles(netra_judge *j, int f, int ci, size_t *refs,
                        size_t *tags, unsigned *flags)
{
	const struct text_norm *n = &j->norm[f];
	size_t i, t;
	int rc;

	if ((rc = stance_grow(j, n->ntok)))
		return rc;
	memset(j->srole, 0, n->ntok);
	for (i = 0; i < j->nsig; i++) {
		const struct sig *s = &j->sig[i];
		uint8_t r;

		if (s->field != f || s->dead)
			continue;
		if (s->kind == TK_REF || s->kind == TK_BARENUM ||
		    s->kind == TK_GESTURE) {
			if (s->cand < 0)
				continue;
			r = s->cand == ci ? STANCE_ROLE_TARGET
			                  : STANCE_ROLE_OTHER;
			if (r == STANCE_ROLE_OTHER) {
				*flags |= STANCE_F_OTHERS;
			} else {
				(*refs)++;
				*tags += s->kind == TK_REF &&
				         s->sub == REF_HASHTAG;
				if (s->kind == TK_REF && s->sub == REF_ACCOUNT)
					*flags |= STANCE_F_ACCOUNT;
			}
		} else if (s->kind == TK_LEX &&
		           (j->e->lex_role[s->lex] & LEXF_NEGATION)) {
			r = STANCE_ROLE_NEG;
		} else {
			continue;
		}
		for (t = s->ta; t < s->tb && t < n->ntok; t++)
			if (!j->srole[t] || r == STANCE_ROLE_TARGET)
				j->srole[t] = r;
	}
	return 0;
}

int judge_stance_walk(netra_judge *j, int ci, stance_fn fn, void *ctx,
                      size_t *words)
{
	size_t refs = 0, tags = 0, t, nw = 0;
	unsigned flags = 0;
	int f, named = 0, rc;

	for (f = 0; f < JUDGE_NFIELDS; f++) {
		size_t r0 = refs;

		if (!j->have[f])
			continue;
		if ((rc = stance_roles(j, f, ci, &refs, &tags, &flags)))
			return rc;
		if (refs == r0)
			continue; /* a text that does not name the pair */
		named++;
		for (t = 0; t < j->norm[f].ntok; t++)
			nw += j->srole[t] == STANCE_ROLE_WORD ||
			      j->srole[t] == STANCE_ROLE_NEG;
		if (f == 1)
			flags |= STANCE_F_SHARED;
		stance_walk(&j->norm[f], j->srole, fn, ctx);
	}
	if (named && tags == refs)
		flags |= STANCE_F_TAG_ONLY;
	if (named)
		stance_walk_flags(flags, fn, ctx);
	if (words)
		*words = nw;
	return named;
}

/* A headline: at least 4 words of letters and 70% or more of them written
 * with a capital ("Gibran Diusulkan Jadi Bacawapres Prabowo"). News
 * reports what a pair did; the author's own stance is not in its words. */
static int headline(const netra_judge *j, int f)
{
	size_t words, caps, upper;

	word_case(j, f, &words, &caps, &upper);
	return words >= 4 && caps * 10 >= words * 7;
}

/* The model's probabilities for pair ci in this event, computed once:
 * 1 if they may count, 0 if the texts have too few words of their own,
 * or NETRA_ENOMEM. */
static int stance_of(struct jctx *c, int ci, double p[STANCE_NCLASS])
{
	netra_judge *j = c->j;
	double *cache = j->sprob + 4 * ci;
	struct stance_acc acc;
	size_t words = 0;
	int rc, f;

	if (!c->stance_fresh) {
		memset(j->sprob, 0,
		       4 * c->e->prof->ncand * sizeof(*j->sprob));
		c->stance_fresh = 1;
	}
	if (!cache[0]) {
		stance_begin(&acc, c->e->stance);
		if ((rc = judge_stance_walk(j, ci, stance_acc_fn, &acc,
		                            &words)) < 0)
			return rc;
		stance_end(&acc, cache + 1);
		/* no words, no stance: a post of hashtags alone ("#X #Y") is
		 * the rules' to judge, the model only knows its prior; a
		 * headline reports */
		cache[0] = words >= STANCE_MIN_WORDS ? 1 : -1;
		for (f = 0; f < JUDGE_NFIELDS && cache[0] > 0; f++)
			if (j->have[f] && headline(j, f))
				cache[0] = -1;
	}
	memcpy(p, cache + 1, STANCE_NCLASS * sizeof(*p));
	return cache[0] > 0;
}

/* 1 if "yang" is one of the 3 tokens before signal s: the pair is named
 * inside a description of people ("ASN yang tidak pilih X akan
 * dimutasi"), not judged by the author (as after_yang() for cues). */
static int in_relative(const netra_judge *j, const struct sig *s)
{
	const struct text_norm *n = &j->norm[s->field];
	uint32_t t;

	for (t = s->ta > 3 ? s->ta - 3 : 0; t < s->ta && t < n->ntok; t++)
		if (n->tok[t].len == 4 &&
		    memcmp(n->buf + n->tok[t].off, "yang", 4) == 0)
			return 1;
	return 0;
}

/* The first usable reference to pair ci in a text the rule judges; NULL
 * also when a reference to it sits in a relative clause. */
static const struct sig *stance_anchor(const struct jctx *c,
                                       const struct rules_rule *ru, int ci)
{
	const netra_judge *j = c->j;
	const struct sig *first = NULL;
	size_t i;

	for (i = 0; i < j->nsig; i++) {
		const struct sig *s = &j->sig[i];

		if (s->kind != TK_REF || s->dead || s->cand != ci ||
		    !j->have[s->field] || !field_ok(c, ru, s->field))
			continue;
		if (in_relative(j, s))
			return NULL;
		if (!first && ref_usable(c, ru, s, NULL, 1 << 30))
			first = s;
	}
	return first;
}

/* 1 if a word-list rule found the stance opposite to the model's class
 * cls on pair ci: support of ci from its words (a hashtag is presence,
 * not words), or, for an attack, any rule's attack on another pair. */
static int rules_against(const struct jctx *c, int ci, int cls)
{
	const netra_judge *j = c->j;
	size_t i;

	for (i = 0; i < j->nfd; i++) {
		const struct judge_finding *f = &j->fd[i];
		const struct rules_rule *ru = &c->e->rb->rules[f->rule];

		if (f->dead || ru->detect == RULES_DET_STANCE)
			continue;
		if (cls == STANCE_ATTACK && ru->label == NETRA_LABEL_SUPPORT &&
		    f->cand == ci && ru->detect != RULES_DET_HASHTAG)
			return 1;
		if (ru->label == NETRA_LABEL_ATTACK && f->cand != ci)
			return 1;
	}
	return 0;
}

/* The finding's spans: the reference, then the words that weighed most
 * toward the class in the reference's text. */
static int stance_finding(struct jctx *c, int ri, int ci, int cls,
                          double score, const struct sig *r)
{
	netra_judge *j = c->j;
	const struct text_norm *n = &j->norm[r->field];
	size_t refs = 0, tags = 0, k, got, nfd = j->nfd;
	unsigned flags = 0;
	uint32_t top[3];
	int rc;

	if ((rc = add_finding(c, ri, ci, score, r, NULL, -1)))
		return rc;
	if (j->nfd == nfd && (j->fd[nfd - 1].rule != ri ||
	                      j->fd[nfd - 1].cand != ci))
		return 0; /* an earlier, better finding of this rule stands */
	if ((rc = stance_roles(j, r->field, ci, &refs, &tags, &flags)))
		return rc;
	got = stance_top_words(c->e->stance, n, j->srole, cls, j->sacc, top,
	                       3);
	for (k = 0; k < got; k++) {
		struct sig w;

		memset(&w, 0, sizeof(w));
		w.field = r->field;
		w.na = n->tok[top[k]].off;
		w.nb = w.na + n->tok[top[k]].len;
		if ((rc = push_span(j, r->field, &w)))
			return rc;
	}
	for (k = 0; k < j->nfd; k++)
		if (j->fd[k].rule == ri && j->fd[k].cand == ci)
			j->fd[k].nspan = (uint32_t)(j->nspans - j->fd[k].span0);
	return 0;
}

static int detect_stance(struct jctx *c, int ri)
{
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	const netra_engine *e = c->e;
	int cls = ru->label == NETRA_LABEL_SUPPORT ? STANCE_SUPPORT
	                                           : STANCE_ATTACK;
	uint8_t named[128];
	size_t ci;
	int rc, k;

	if (!e->stance)
		return 0;
	/* only the pairs the event names (one pass, not one per pair) */
	memset(named, 0, sizeof(named));
	for (ci = 0; ci < c->j->nsig; ci++) {
		const struct sig *s = &c->j->sig[ci];

		if (s->kind == TK_REF && !s->dead && s->cand >= 0)
			named[s->cand % sizeof(named)] = 1;
	}
	for (ci = 0; ci < e->prof->ncand; ci++) {
		const struct sig *r;
		double p[STANCE_NCLASS];

		if (!named[ci % sizeof(named)])
			continue;
		r = stance_anchor(c, ru, (int)ci);
		if (!r || cat_present(c->j, e, NETRA_LABEL_ATTACK, (int)ci) ||
		    (cls == STANCE_SUPPORT &&
		     cat_present(c->j, e, NETRA_LABEL_SUPPORT, (int)ci)))
			continue;
		if ((rc = stance_of(c, (int)ci, p)) < 0)
			return rc;
		if (!rc || (ru->nunless && field_has(c->j, r->field, ru->unless,
		                                     ru->nunless)))
			continue;
		for (k = 0; k < STANCE_NCLASS; k++)
			if (p[k] > p[cls])
				break;
		if (k < STANCE_NCLASS || p[cls] < ru->threshold ||
		    (p[cls] < ru->against_threshold &&
		     rules_against(c, (int)ci, cls)))
			continue;
		rc = stance_finding(c, ri, (int)ci, cls, ru->weight * p[cls],
		                    r);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- end of stance ---------------------------------------------------- */

/* An image of the event re-posts an official campaign image: scan
 * compared its perceptual hash with the images the agency loaded and set
 * media[k].known_candidate (the pair's number) and known_distance; the
 * engine only reads the event, so it stays pure and a verdict is
 * reproducible from the event as scan handed it. One finding per pair, at
 * the first such image (its field media[k]; {jarak} in the explanation
 * is the distance). */
static int detect_known_image(struct jctx *c, int ri)
{
	const struct rules_profile *p = c->e->prof;
	const netra_event *ev = c->ev;
	const struct rules_rule *ru = &c->e->rb->rules[ri];
	size_t k, i, n0;
	int ci, rc;

	for (k = 0; ev->media && k < ev->media_count && k < JUDGE_MAX_MEDIA;
	     k++) {
		if (ev->media[k].known_candidate <= 0)
			continue;
		for (ci = -1, i = 0; i < p->ncand; i++)
			if (p->cand[i].number == ev->media[k].known_candidate)
				ci = (int)i;
		if (ci < 0)
			continue;
		n0 = c->j->nfd;
		if ((rc = add_finding(c, ri, ci, ru->weight, NULL, NULL, -1)))
			return rc;
		if (c->j->nfd > n0)
			c->j->fd[n0].field = NETRA_FIELD_MEDIA0 + (int)k;
	}
	return 0;
}

typedef int (*detector_fn)(struct jctx *c, int ri);

static const detector_fn detectors[RULES_DET__COUNT] = {
    detect_near,        detect_number_call, detect_hashtag, detect_gesture,
    detect_interaction, detect_reply,       detect_sara,    detect_classifier,
    detect_hoax,        detect_parody,      detect_incumbent, detect_none,
    detect_stance,      detect_known_image};

/* ---- preparation ----------------------------------------------------- */

/* A ballot number inside a longer phrase of a lexicon ("salah satu",
 * "satu putaran") is not a number; "paslon 2", "nomor urut 2" (a number
 * reference holding an election word) is a strong reference. */
/* Indexes of the word-list signals of the event, in j->lexi, so the
 * pairwise passes below look at those only. */
static int index_lex(netra_judge *j)
{
	size_t i;

	j->nlexi = 0;
	if (j->lexi_cap < j->nsig) {
		uint32_t *n = realloc(j->lexi, j->nsig * sizeof(*n));

		if (!n)
			return err_oom();
		j->lexi = n;
		j->lexi_cap = j->nsig;
	}
	j->nneg = 0;
	j->lex_multi = 0;
	for (i = 0; i < j->nsig; i++)
		if (j->sig[i].kind == TK_LEX) {
			j->lexi[j->nlexi++] = (uint32_t)i;
			j->nneg += (j->e->lex_role[j->sig[i].lex] &
			            (LEXF_NEGATION | LEXF_TOPIC | LEXF_OTHERS)) != 0;
			j->lex_multi |= j->sig[i].tb - j->sig[i].ta > 1;
		}
	return 0;
}

static void kill_number(const netra_engine *e, netra_judge *j, struct sig *x)
{
	int unit = e->rb->roles[RULES_ROLE_NUMBER_UNIT];
	int owner = e->rb->roles[RULES_ROLE_NUMBER_OWNER];
	size_t b;

	for (b = 0; b < j->nlexi; b++) {
		const struct sig *y = &j->sig[j->lexi[b]];

		if (y->field != x->field)
			continue;
		if (y->lex == unit && x->kind == TK_BARENUM && y->ta == x->tb)
			x->dead = 1; /* "2 paslon", "2 hari": a quantity */
		else if (y->lex == owner && x->kind == TK_BARENUM &&
		         y->tb == x->ta)
			x->dead = 1; /* "TPS 03", "SMP 3": a label */
		else if ((e->lex_role[y->lex] & LEXF_CONTEXT) &&
		         x->kind == TK_REF && x->ta <= y->ta && y->tb <= x->tb)
			x->strong = 1;
		else if ((e->lex_role[y->lex] & LEXF_CUE) && y->ta <= x->ta &&
		         x->tb <= y->tb && y->tb - y->ta > x->tb - x->ta)
			x->dead = 1;
	}
}

/* "sri" and "wahyuni" inside "sri wahyuni": the longer reference to the
 * same pair stands for them (and they must not corroborate each other). */
static void kill_inner_ref(netra_judge *j, struct sig *x)
{
	size_t b;

	for (b = 0; b < j->nsig; b++) {
		const struct sig *y = &j->sig[b];

		if (y->kind == TK_REF && y->cand == x->cand &&
		    y->field == x->field && y->ta <= x->ta && x->tb <= y->tb &&
		    y->tb - y->ta > x->tb - x->ta) {
			x->dead = 1;
			return;
		}
	}
}

/* Longest match wins among cue words: "jangan golput" hides "jangan" and
 * "golput", "jangan pilih" hides "pilih". Context words never compete. */
static void kill_shadowed(const netra_engine *e, netra_judge *j)
{
	size_t a, b;

	for (a = 0; a < j->nsig; a++) {
		struct sig *x = &j->sig[a];

		if (x->kind == TK_BARENUM ||
		    (x->kind == TK_REF && x->sub == REF_NUMBER)) {
			kill_number(e, j, x);
			/* "02 menang!": a padded pair number that is no label
			 * or quantity is a weak reference to the pair */
			if (x->kind == TK_BARENUM && x->padded && !x->dead) {
				x->kind = TK_REF;
				x->strong = 0;
			}
		} else if (x->kind == TK_REF)
			kill_inner_ref(j, x);
	}
	/* most posts: one-word cues only, none can hide another */
	for (a = 0; j->lex_multi && a < j->nlexi; a++) {
		struct sig *x = &j->sig[j->lexi[a]];

		/* cues compete by length; a topic or others word inside a
		 * longer cue ("sebelah" in "grup sebelah") is that cue's */
		if (!(e->lex_role[x->lex] &
		      (LEXF_CUE | LEXF_TOPIC | LEXF_OTHERS)))
			continue;
		for (b = 0; b < j->nlexi; b++) {
			const struct sig *y = &j->sig[j->lexi[b]];

			if (b == a || y->dead || y->field != x->field ||
			    !(e->lex_role[y->lex] & LEXF_CUE))
				continue;
			if (y->ta <= x->ta && x->tb <= y->tb &&
			    y->tb - y->ta > x->tb - x->ta) {
				x->dead = 1;
				break;
			}
		}
	}
}

/* 1 if signal y negates cue x (of lexicon role `role`): a negation up to
 * `scope` tokens before it; a topic word right before a cue (mark_negated
 * drops a flippable one rather than flip it); a word for the other pairs ("yang lain", "kubu sebelah") up to
 * negation_scope tokens before such a cue ("yang lain cuma gimmick, Koh
 * Benny turun langsung": the insult is not Benny's). Never across a
 * clause mark. */
static int negates(const struct jctx *c, const struct sig *y,
                   const struct sig *x, int role)
{
	int yr = c->e->lex_role[y->lex], scope;

	if (y->dead || y->field != x->field || y->tb > x->ta)
		return 0;
	if (yr & LEXF_NEGATION)
		scope = (role & LEXF_FLIP) ? c->e->rb->negation_scope : 1;
	else if (yr & LEXF_TOPIC)
		scope = 1;
	else if ((yr & LEXF_OTHERS) && !(role & LEXF_FLIP))
		scope = c->e->rb->negation_scope;
	else
		return 0;
	return (int)(x->ta - y->tb) < scope && !boundary_between(c, y, x);
}

/* 1 if the token before signal y is "yang": "ASN yang tidak dukung
 * petahana akan dimutasi" describes people, it calls for nothing. */
static int after_yang(const netra_judge *j, const struct sig *y)
{
	const struct text_norm *n = &j->norm[y->field];
	const struct text_tok *t;

	if (y->ta == 0 || y->ta > n->ntok)
		return 0;
	t = &n->tok[y->ta - 1];
	return t->len == 4 && memcmp(n->buf + t->off, "yang", 4) == 0;
}

/* A negation up to negation_scope tokens before a flippable cue, in the
 * same clause ("gak sombong, ramah" does not negate "ramah"; "nggak usah
 * ragu, coblos 2" does not negate "coblos"); a cue that only blocking
 * rules use is negated by the word right before it ("gak sombong",
 * "tidak korupsi"), never by one further back ("saya tidak lupa. Jangan
 * pilih ..."). A topic word (the `topic` role) right before a cue blocks
 * it too: "ditanya soal utang daerah", "diperiksa terkait dugaan politik
 * uang" report a subject, they accuse no one; "Harsono janji lanjutkan
 * KKS" reports a promise, it calls for nothing. */
static void mark_negated(const struct jctx *c)
{
	const netra_engine *e = c->e;
	netra_judge *j = c->j;
	size_t a, b;

	if (!j->nneg)
		return; /* most posts: nothing to negate with */

	for (a = 0; a < j->nlexi; a++) {
		struct sig *x = &j->sig[j->lexi[a]];
		int role = e->lex_role[x->lex];

		if (x->dead || !(role & (LEXF_FLIP | LEXF_BLOCK)))
			continue;
		for (b = 0; b < j->nlexi; b++) {
			const struct sig *y = &j->sig[j->lexi[b]];

			if (!negates(c, y, x, role))
				continue;
			/* "yang tidak pilih X": a description, no call;
			 * "Harsono janji lanjutkan KKS": a reported promise,
			 * neither a call nor its opposite */
			if ((role & LEXF_FLIP) &&
			    (((e->lex_role[y->lex] & LEXF_NEGATION) &&
			      after_yang(j, y)) ||
			     !(e->lex_role[y->lex] & LEXF_NEGATION)))
				x->dead = 1;
			x->negated = 1;
			break;
		}
	}
}

static int target_candidate(const netra_engine *e, const netra_event *ev)
{
	char h[256];
	const char *s = ev->target.account.s;
	size_t n = ev->target.account.len, i, k = 0;
	int64_t ci;

	if (!s || !n)
		return -1;
	while (n && *s == '@') {
		s++;
		n--;
	}
	for (i = 0; i < n && k + 1 < sizeof(h); i++) {
		char ch = s[i];

		h[k++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
	}
	if (strmap_get(&e->accounts, h, k, &ci))
		return (int)ci;
	return -1;
}

/* ---- finishing the verdict ------------------------------------------- */

static int cat_present(const netra_judge *j, const netra_engine *e,
                       unsigned label, int cand)
{
	size_t i;

	for (i = 0; i < j->nfd; i++) {
		const struct judge_finding *f = &j->fd[i];

		if (f->dead || e->rb->rules[f->rule].label != label)
			continue;
		if ((label & (NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK)) &&
		    f->cand != cand)
			continue;
		return 1;
	}
	return 0;
}

static void suppress(const netra_engine *e, netra_judge *j)
{
	size_t i;
	unsigned bit;

	/* first mark, then drop, so the order of rules does not matter */
	for (i = 0; i < j->nfd; i++) {
		const struct rules_rule *ru = &e->rb->rules[j->fd[i].rule];

		for (bit = 1; bit <= NETRA_LABEL_HOAX; bit <<= 1)
			if ((ru->suppressed_by & bit) &&
			    cat_present(j, e, bit, j->fd[i].cand))
				j->fd[i].drop = 1;
	}
	for (i = 0; i < j->nfd; i++)
		if (j->fd[i].drop)
			j->fd[i].dead = 1;
}

/* The first `shared` rule for the event's type and category label, or
 * -1 (a rulebook without them keeps the post's own rules). */
static int shared_rule(const struct jctx *c, unsigned label)
{
	const struct rules_rulebook *rb = c->e->rb;
	size_t ri;

	for (ri = 0; ri < rb->nrules; ri++)
		if (rb->rules[ri].detect == RULES_DET_SHARED &&
		    rb->rules[ri].label == label &&
		    (rb->rules[ri].events & (1u << c->ev->type)))
			return (int)ri;
	return -1;
}

/* A live finding of an interaction with a campaign account (detect
 * interaction or reply) of this label and pair. */
static int account_finding(const struct jctx *c, unsigned label, int cand)
{
	const netra_judge *j = c->j;
	size_t i;

	for (i = 0; i < j->nfd; i++) {
		const struct rules_rule *ru = &c->e->rb->rules[j->fd[i].rule];

		if (!j->fd[i].dead && ru->label == label &&
		    j->fd[i].cand == cand &&
		    (ru->detect == RULES_DET_INTERACTION ||
		     ru->detect == RULES_DET_REPLY))
			return 1;
	}
	return 0;
}

/* A like, share or quote is an interaction, whatever the post acted on
 * says: a finding from the target's text becomes the `shared` rule of the
 * event's type and the finding's category (INTERAKSI-SUKA-HOAKS: rule,
 * severity, basis and explanation of the like; category, pair, spans
 * into target.text and debunk of the post), one per rule and pair (the
 * best score). Where the target is a campaign account whose own
 * interaction rule already found the same category and pair, that one
 * stands alone (INTERAKSI-SUKA, not "Tulisan ini memakai tagar"). */
static void shared_content(const struct jctx *c)
{
	netra_judge *j = c->j;
	const struct rules_rule *rules = c->e->rb->rules;
	size_t i, k;
	int s;

	if (!c->judge_target)
		return;
	for (i = 0; i < j->nfd; i++) {
		struct judge_finding *f = &j->fd[i];

		if (f->dead || f->field != NETRA_FIELD_TARGET_TEXT ||
		    (s = shared_rule(c, rules[f->rule].label)) < 0)
			continue;
		if (account_finding(c, rules[f->rule].label, f->cand)) {
			f->dead = 1;
			continue;
		}
		f->rule = s;
		f->severity = rules[s].severity;
		for (k = 0; k < i; k++) {
			struct judge_finding *g = &j->fd[k];

			if (g->dead || g->rule != s || g->cand != f->cand)
				continue;
			if (f->score > g->score)
				g->dead = 1;
			else
				f->dead = 1;
			break;
		}
	}
}

/* Where an event falls in the election calendar: 0 during the election
 * (or unknown), 1 after voting day, -1 more than 90 days before the
 * campaign (candidates may not exist yet). */
#define CALENDAR_EARLY_DAYS 90

static int calendar_phase(const struct jctx *c)
{
	const struct rules_profile *p = c->e->prof;
	long day;

	if (!c->ev->created_ts)
		return 0;
	day = (long)civil_day_of(c->ev->created_ts, p->utc_offset);
	if (day > p->voting_day)
		return 1;
	if (day < p->campaign_start - CALENDAR_EARLY_DAYS)
		return -1;
	return 0;
}

/* Support and attack findings outside the election are one severity
 * lower (docs/engine.md). */
static void calendar(const struct jctx *c)
{
	netra_judge *j = c->j;
	size_t i;

	if (calendar_phase(c) == 0)
		return;
	for (i = 0; i < j->nfd; i++) {
		unsigned l = c->e->rb->rules[j->fd[i].rule].label;

		if ((l & (NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK)) &&
		    j->fd[i].severity > NETRA_SEV_RENDAH)
			j->fd[i].severity--;
	}
}

/* Appends s[0,n) keeping only valid UTF-8 (others become '?'). */
static int put_utf8(struct sbuf *b, const char *s, size_t n)
{
	size_t i = 0;
	int rc = 0;

	while (i < n && !rc) {
		unsigned char ch = (unsigned char)s[i];
		size_t len = ch < 0x80         ? 1
		             : (ch >> 5) == 6  ? 2
		             : (ch >> 4) == 14 ? 3
		             : (ch >> 3) == 30 ? 4
		                               : 0;
		size_t k;

		for (k = 1; len && k < len; k++)
			if (i + k >= n ||
			    ((unsigned char)s[i + k] & 0xC0) != 0x80)
				len = 0;
		if (!len || ch == 0) {
			rc = sbuf_putc(b, '?');
			i++;
			continue;
		}
		rc = sbuf_append(b, s + i, len);
		i += len;
	}
	return rc;
}

static int put_words(const struct jctx *c, const struct judge_finding *f)
{
	netra_judge *j = c->j;
	const char *t = c->text[f->field];
	size_t i, tl = c->text_len[f->field];
	int rc = 0, n = 0;

	for (i = 0; i < f->nspan && !rc; i++) {
		const netra_span *s = &j->spans[f->span0 + i];

		if (s->b <= s->a || s->b > tl || !t)
			continue;
		if (s->b - s->a > 120)
			continue;
		rc = sbuf_puts(&j->text, n++ ? ", «" : "«");
		if (!rc)
			rc = put_utf8(&j->text, t + s->a, s->b - s->a);
		if (!rc)
			rc = sbuf_puts(&j->text, "»");
	}
	if (!rc && !n)
		rc = sbuf_puts(&j->text, "-");
	return rc;
}

static int put_placeholder(const struct jctx *c, const struct judge_finding *f,
                           const char *name, size_t nl)
{
	const struct rules_profile *p = c->e->prof;
	const struct hoax_claim *cl =
	    f->hoax >= 0 ? hoax_index_claim(c->e->hoax, (size_t)f->hoax) : NULL;
	struct sbuf *b = &c->j->text;

#define IS(s) (nl == sizeof(s) - 1 && memcmp(name, s, nl) == 0)
	/* no printf here: a flagged post renders this for every finding */
	if (IS("kandidat"))
		return sbuf_puts(b, "pasangan calon ") ||
		       sbuf_puts(b, f->cand >= 0 ? p->cand[f->cand].label
		                                 : "(tidak tentu)");
	if (IS("nomor")) {
		int n = f->cand >= 0 ? p->cand[f->cand].number : -1;

		if (n < 0)
			return sbuf_putc(b, '-');
		return (n >= 10 && sbuf_putc(b, (char)('0' + n / 10))) ||
		       sbuf_putc(b, (char)('0' + n % 10));
	}
	if (IS("kata"))
		return put_words(c, f);
	if (IS("akun"))
		return put_utf8(
		    b, c->ev->target.account.s ? c->ev->target.account.s : "-",
		    c->ev->target.account.s ? c->ev->target.account.len : 1);
	if (IS("hoaks"))
		return cl ? put_utf8(b, cl->claim, strlen(cl->claim))
		          : sbuf_putc(b, '-');
	if (IS("klarifikasi"))
		return cl && cl->explanation ? put_utf8(b, cl->explanation,
		                                        strlen(cl->explanation))
		                             : sbuf_putc(b, '-');
	if (IS("skor"))
		return sbuf_printf(b, "%.2f", f->score);
	if (IS("jarak")) {
		size_t k = (size_t)(f->field - NETRA_FIELD_MEDIA0);
		if (f->field < NETRA_FIELD_MEDIA0 || !c->ev->media ||
		    k >= c->ev->media_count)
			return sbuf_putc(b, '-');
		return sbuf_printf(b, "%d", c->ev->media[k].known_distance);
	}
#undef IS
	return sbuf_putc(b, '{') || sbuf_append(b, name, nl) ||
	       sbuf_putc(b, '}');
}

static int render_explain(const struct jctx *c, struct judge_finding *f)
{
	const char *t = c->e->rb->rules[f->rule].explain, *q;
	struct sbuf *b = &c->j->text;
	int rc = 0;

	f->explain_off = b->len;
	while (*t && !rc) {
		const char *open = strchr(t, '{');

		if (!open || !(q = strchr(open, '}'))) {
			rc = sbuf_puts(b, t);
			break;
		}
		if ((rc = sbuf_append(b, t, (size_t)(open - t))))
			break;
		rc = put_placeholder(c, f, open + 1, (size_t)(q - open - 1));
		t = q + 1;
	}
	if (!rc && (c->e->rb->rules[f->rule].label &
	            (NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK))) {
		int ph = calendar_phase(c);

		if (ph > 0)
			rc = sbuf_puts(b, " Diunggah setelah hari pemungutan "
			                  "suara.");
		else if (ph < 0)
			rc = sbuf_puts(b, " Diunggah jauh sebelum masa "
			                  "kampanye.");
	}
	if (!rc)
		rc = sbuf_putc(b, 0);
	return rc ? err_oom() : 0;
}

/* 1 if finding a ranks above b: more severe, then higher score, then
 * first found. */
static int outranks(const struct judge_finding *a,
                    const struct judge_finding *b)
{
	if (a->severity != b->severity)
		return a->severity > b->severity;
	if (a->score != b->score)
		return a->score > b->score;
	return a < b;
}

/* One finding per pair and category: of the live support (or attack)
 * findings for one pair, the one that ranks highest stands; the others
 * say the same thing about the same pair. */
static void one_per_pair(const netra_engine *e, netra_judge *j)
{
	size_t i, k;

	for (i = 0; i < j->nfd; i++) {
		struct judge_finding *f = &j->fd[i];
		unsigned lab = e->rb->rules[f->rule].label;

		if (f->dead || f->cand < 0 ||
		    !(lab & (NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK)))
			continue;
		for (k = 0; k < j->nfd; k++) {
			const struct judge_finding *g = &j->fd[k];

			if (k != i && !g->dead && g->cand == f->cand &&
			    e->rb->rules[g->rule].label == lab &&
			    outranks(g, f)) {
				f->drop = 1;
				break;
			}
		}
	}
	for (i = 0; i < j->nfd; i++)
		if (j->fd[i].drop)
			j->fd[i].dead = 1;
}

static int fill_verdict(struct jctx *c)
{
	netra_judge *j = c->j;
	const netra_engine *e = c->e;
	netra_verdict *v = &j->v;
	const struct judge_finding *top = NULL;
	size_t i, n = 0;
	int rc;

	sbuf_clear(&j->text);
	if (j->out_cap < j->nfd) {
		netra_finding *no = realloc(j->out, j->nfd * sizeof(*no));

		if (!no)
			return err_oom();
		j->out = no;
		j->out_cap = j->nfd;
	}
	for (i = 0; i < j->nfd; i++) {
		struct judge_finding *f = &j->fd[i];

		if (f->dead)
			continue;
		if ((rc = render_explain(c, f)))
			return rc;
	}
	v->labels = 0;
	v->candidate = 0;
	v->score = 0;
	for (i = 0; i < j->nfd; i++) {
		const struct judge_finding *f = &j->fd[i];
		const struct rules_rule *ru = &e->rb->rules[f->rule];
		netra_finding *o = &j->out[n];
		const struct hoax_claim *cl;

		if (f->dead)
			continue;
		memset(o, 0, sizeof(*o));
		o->rule = ru->id;
		o->label = ru->label;
		o->category = netra_label_name(ru->label);
		o->candidate = f->cand >= 0 ? e->prof->cand[f->cand].number : 0;
		o->severity = f->severity;
		o->severity_name = rules_severity_name(f->severity);
		o->basis = ru->basis;
		o->score = f->score > 1 ? 1 : f->score;
		o->field = f->field;
		o->spans = j->spans + f->span0;
		o->nspans = f->nspan;
		o->explain = j->text.data + f->explain_off;
		cl = f->hoax >= 0 ? hoax_index_claim(e->hoax, (size_t)f->hoax)
		                  : NULL;
		o->hoax_id = cl ? cl->id : NULL;
		o->hoax_url = cl ? cl->url : NULL;
		v->labels |= ru->label;
		if (o->score > v->score)
			v->score = o->score;
		/* the pair of the most severe support or attack finding */
		if ((ru->label & (NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK)) &&
		    o->candidate && (!top || outranks(f, top))) {
			top = f;
			v->candidate = o->candidate;
		}
		n++;
	}
	v->findings = j->out;
	v->nfindings = n;
	v->rulebook = e->hash;
	return 0;
}

/* ---- the entry point -------------------------------------------------- */

/* ---- windows over long texts ----------------------------------------- */

static int is_space(char ch)
{
	return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/* Moves i forward to the start of a character (never inside UTF-8). */
static size_t char_start(const char *s, size_t len, size_t i)
{
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	return i;
}

/* The end of the window of s[0, len) that starts at a: len when the rest
 * fits, else the last space in the window's last 512 bytes, else a
 * character boundary. */
static size_t window_end(const char *s, size_t len, size_t a)
{
	size_t b = a + JUDGE_WINDOW, k;

	if (len - a <= JUDGE_WINDOW)
		return len;
	for (k = b; k > b - 512; k--)
		if (is_space(s[k]))
			return k;
	while (b > a + 1 && ((unsigned char)s[b] & 0xc0) == 0x80)
		b--;
	return b;
}

/* Where the window after [wa, wb) of field f starts, or 0 when the field
 * is done: JUDGE_OVERLAP bytes before the end, at a word; when the scan
 * stopped at JUDGE_MAX_MATCHES, before the first match it left out (no
 * match is longer than MATCHER_MAX_KEY normalised bytes), again with
 * JUDGE_OVERLAP bytes of context. Always past wa. */
static size_t next_window(const netra_judge *j, int f, const char *s,
                          size_t len)
{
	const struct text_norm *n = &j->norm[f];
	size_t wa = j->wa[f], wb = j->wb[f], at, k, t;

	if (!j->cut[f] && wb >= len)
		return 0;
	at = wb;
	if (j->cut[f]) {
		k = j->cut[f] > MATCHER_MAX_KEY ? j->cut[f] - MATCHER_MAX_KEY
		                                : 0;
		t = text_norm_tok_at(n, k);
		at = wa + (t < n->ntok ? n->tok[t].orig_a : n->in_len);
	}
	at = at > wa + JUDGE_OVERLAP ? at - JUDGE_OVERLAP : wa + (at - wa) / 2;
	for (k = at; k < at + 256 && k < wb; k++) /* start at a word */
		if (is_space(s[k])) {
			at = k + 1;
			break;
		}
	at = char_start(s, len, at);
	return at > wa && at < len ? at : char_start(s, len, wa + 1);
}

static int prepare_text(struct jctx *c, int f, const netra_str *s)
{
	netra_judge *j = c->j;
	size_t a = j->wa[f], b = j->wb[f];
	int rc;

	j->have[f] = 0;
	j->src[f] = s->s ? s->s + a : NULL;
	c->text[f] = j->src[f];
	c->text_len[f] = b - a;
	j->cut[f] = 0;
	if (!s->s || b <= a)
		return 0;
	rc = text_normalize(&j->norm[f], j->e->tlex, s->s + a, b - a);
	if (rc)
		return rc;
	j->have[f] = 1;
	return rules_matcher_scan(j, f);
}

/* The texts of the event, by field (NULL where there is none): the text,
 * target.text for every event but posts and deletions, and the OCR text
 * of the first JUDGE_MAX_MEDIA images (posters, screenshots), judged like
 * the author's own words - but a like or follow has no words of its own,
 * so its media (the target's) are not read. */
static const netra_str *field_text(const netra_event *ev, int f)
{
	if (f == 0)
		return &ev->text;
	if (f == 1)
		return ev->type != NETRA_EV_POST && ev->type != NETRA_EV_DELETE
		           ? &ev->target.text
		           : NULL;
	if (!ev->media || (size_t)(f - 2) >= ev->media_count ||
	    ev->type == NETRA_EV_LIKE || ev->type == NETRA_EV_FOLLOW ||
	    ev->type == NETRA_EV_DELETE)
		return NULL;
	return &ev->media[f - 2].ocr_text;
}

/* The texts of the event (j->ftext) and the first window of each: all
 * of it up to JUDGE_WINDOW bytes. */
static void first_windows(netra_judge *j, const netra_event *ev)
{
	const netra_str *s;
	int f;

	for (f = 0; f < JUDGE_NFIELDS; f++) {
		s = j->ftext[f] = field_text(ev, f);
		j->wa[f] = 0;
		j->wb[f] = s && s->s ? window_end(s->s, s->len, 0) : 0;
	}
}

/* Moves every text that has more to its next window; a text that is done
 * keeps its last window (its words stay context for the others). 1 if
 * some text moved. */
static int next_windows(netra_judge *j)
{
	const netra_str *s;
	size_t at;
	int f, moved = 0;

	for (f = 0; f < JUDGE_NFIELDS; f++) {
		s = j->ftext[f];
		if (!s || !s->s || j->wb[f] <= j->wa[f] ||
		    !(at = next_window(j, f, s->s, s->len)))
			continue;
		j->wa[f] = at;
		j->wb[f] = window_end(s->s, s->len, at);
		moved = 1;
	}
	return moved;
}

/* The one pair named strongly in the target text when the own text names
 * none; -1 otherwise. */
static int cross_reference(const netra_judge *j)
{
	size_t i;
	int found = -1;

	for (i = 0; i < j->nsig; i++) {
		const struct sig *s = &j->sig[i];

		if (s->dead || s->kind != TK_REF || s->cand < 0)
			continue;
		if (own_field(s->field))
			return -1;
		if (!s->strong)
			continue;
		if (found >= 0 && j->sig[found].cand != s->cand)
			return -1;
		if (found < 0)
			found = (int)i;
	}
	return found;
}

/* The target text carries a cue of an attack rule or a forwarding cue of
 * the hoax rule ("... gak becus, jangan sampai menang", "Forward dari
 * grup: ..."): "Mantap 👍" under it agrees with an attack or passes on a
 * rumour, it does not praise the pair it names. */
static int target_disputes(const struct jctx *c)
{
	const struct rules_rulebook *rb = c->e->rb;
	const netra_judge *j = c->j;
	size_t a, ri;

	for (a = 0; a < j->nsig; a++) {
		const struct sig *s = &j->sig[a];

		if (s->dead || s->field != 1 || s->kind != TK_LEX)
			continue;
		for (ri = 0; ri < rb->nrules; ri++) {
			const struct rules_rule *ru = &rb->rules[ri];

			if ((ru->label == NETRA_LABEL_ATTACK &&
			     in_list(s->lex, ru->cues, ru->ncues)) ||
			    (ru->detect == RULES_DET_HOAX &&
			     in_list(s->lex, ru->with, ru->nwith)))
				return 1;
		}
	}
	return 0;
}

/* A negation ends right where s starts ("bukan hoaks"). */
static int negation_right_before(const struct jctx *c, const struct sig *s)
{
	const netra_judge *j = c->j;
	size_t b;

	for (b = 0; b < j->nsig; b++) {
		const struct sig *y = &j->sig[b];

		if (!y->dead && y->kind == TK_LEX && y->field == s->field &&
		    y->tb == s->ta &&
		    (c->e->lex_role[y->lex] & LEXF_NEGATION))
			return 1;
	}
	return 0;
}

/* The author's own words call the shared text a hoax ("tuh kan hoaks",
 * "jangan nyebar hoaks": a cue of a hoax rule's `unless`, not negated:
 * "ini bukan hoaks, sebarkan!" vouches for it): they dispute it, so the
 * shared text is not theirs, neither its rumour nor its insults. */
static int own_words_rebut(const struct jctx *c)
{
	const struct rules_rulebook *rb = c->e->rb;
	const netra_judge *j = c->j;
	size_t ri, a;

	if (!j->have[0])
		return 0;
	for (ri = 0; ri < rb->nrules; ri++) {
		const struct rules_rule *ru = &rb->rules[ri];

		if (ru->detect != RULES_DET_HOAX)
			continue;
		for (a = 0; a < j->nsig; a++) {
			const struct sig *s = &j->sig[a];

			if (!s->dead && s->kind == TK_LEX && s->field == 0 &&
			    in_list(s->lex, ru->unless, ru->nunless) &&
			    !negation_right_before(c, s))
				return 1;
		}
	}
	return 0;
}

static int push_ctx(netra_judge *j, size_t i)
{
	if (j->nctx == j->ctx_cap) {
		size_t nc = j->ctx_cap ? j->ctx_cap * 2 : 64;
		uint32_t *n = realloc(j->ctx, nc * sizeof(*n));

		if (!n)
			return err_oom();
		j->ctx = n;
		j->ctx_cap = nc;
	}
	j->ctx[j->nctx++] = (uint32_t)i;
	return 0;
}

/* Which lexicons and kinds occur (for rule_may_fire) and the list of
 * signals has_context() looks at. */
static int summarise(struct jctx *c)
{
	netra_judge *j = c->j;
	size_t i, k;
	int rc;

	c->lexmask = 0;
	c->kinds = 0;
	c->cross = -1;
	c->occasion = c->e->rb->roles[RULES_ROLE_OTHER_OCCASION] >= 0 &&
	              field_has(j, -1,
	                        &c->e->rb->roles[RULES_ROLE_OTHER_OCCASION], 1);
	j->nctx = 0;
	if (c->target_cand < 0 &&
	    (c->ev->type == NETRA_EV_COMMENT || c->ev->type == NETRA_EV_QUOTE))
		c->cross = cross_reference(j);
	if (c->cross >= 0 && target_disputes(c))
		c->cross = -1;
	memset(j->cand_samples, 0, c->e->prof->ncand);
	for (i = 0; i < j->nsig; i++) {
		const struct sig *s = &j->sig[i];
		int ctx = 0;

		if (s->dead)
			continue;
		c->kinds |= 1u << s->kind;
		if (s->kind == TK_LEX)
			c->lexmask |= s->lex < 64 ? 1ull << s->lex : ~0ull;
		if (s->kind == TK_VDAY || s->kind == TK_REGION ||
		    (s->kind == TK_LEX &&
		     (c->e->lex_role[s->lex] & LEXF_CONTEXT)) ||
		    (s->kind == TK_REF && s->strong)) {
			ctx = 1;
		} else if ((s->kind == TK_REF || s->kind == TK_GESTURE) &&
		           s->cand >= 0 && j->cand_samples[s->cand] < 4) {
			ctx = 1;
			for (k = 0; k < j->nctx; k++) {
				const struct sig *o = &j->sig[j->ctx[k]];

				if (o->cand == s->cand && o->term == s->term &&
				    (o->kind == TK_REF ||
				     o->kind == TK_GESTURE))
					ctx = 0;
			}
			j->cand_samples[s->cand] += (uint8_t)ctx;
		}
		if (ctx && (rc = push_ctx(j, i)))
			return rc;
	}
	return 0;
}

/* ---- back-references ------------------------------------------------ */

/* The one pair the event refers to (any live reference, number or gesture
 * in any field), NO_CAND when none, or -2 when two or more. */
static int only_pair(const netra_judge *j)
{
	size_t i;
	int ci = NO_CAND;

	for (i = 0; i < j->nsig; i++) {
		const struct sig *s = &j->sig[i];

		if (s->dead || s->cand < 0 || s->kind == TK_LEX)
			continue;
		if (ci != NO_CAND && s->cand != ci)
			return -2;
		ci = s->cand;
	}
	return ci;
}

/* The first usable reference to pair ci in field f: one with election
 * context (not counting the region), or a strong one that is no name or
 * alias (a number, a hashtag, an account); a bare first name shared with
 * a colleague anchors nothing. NULL when none. */
static const struct sig *anchor_in(const struct jctx *c, int ci, int f)
{
	const netra_judge *j = c->j;
	const struct sig *first = NULL;
	size_t i;

	for (i = 0; i < j->nsig; i++) {
		const struct sig *s = &j->sig[i];

		if (!s->dead && s->kind == TK_REF && s->cand == ci &&
		    s->field == f && (!first || s->ta < first->ta))
			first = s;
	}
	if (!first)
		return NULL;
	if (first->strong && first->sub != REF_NAME && first->sub != REF_ALIAS)
		return first;
	return has_context_x(c, ci, first, NULL, 2) ? first : NULL;
}

/* Back-references ("dia", "beliau", "paslon ini") after the first usable
 * reference to the only pair an event names, in the same field, become
 * strong references to that pair (sub REF_BACK), so the cue rules use
 * them with their usual windows and negation. Under a candidate's own
 * account with no other pair named, the author's own words refer to that
 * candidate from the start. Run after summarise(): a back-reference is no
 * election context of its own. */
static void back_references(struct jctx *c)
{
	int lex = c->e->rb->roles[RULES_ROLE_BACK_REFERENCE];
	netra_judge *j = c->j;
	const struct sig *anchor[JUDGE_NFIELDS];
	size_t a, b;
	int ci, f;

	if (lex < 0 || !(c->lexmask & (lex < 64 ? 1ull << lex : ~0ull)))
		return;
	ci = only_pair(j);
	if (ci == -2 || (ci == NO_CAND && c->target_cand < 0) ||
	    (ci != NO_CAND && c->target_cand >= 0 && ci != c->target_cand))
		return;
	if (ci == NO_CAND)
		ci = c->target_cand;
	for (f = 0; f < JUDGE_NFIELDS; f++)
		anchor[f] = anchor_in(c, ci, f);
	for (a = 0; a < j->nlexi; a++) {
		struct sig *x = &j->sig[j->lexi[a]];
		const struct sig *r = anchor[x->field];
		int ok = r && x->ta >= r->tb;

		if (x->dead || x->lex != lex)
			continue;
		if (!ok && c->target_cand == ci && own_field(x->field))
			ok = 1;
		for (b = 0; ok && b < j->nsig; b++)
			if (j->sig[b].kind == TK_REF && overlap(&j->sig[b], x))
				ok = 0;
		if (!ok)
			continue;
		x->kind = TK_REF;
		x->sub = REF_BACK;
		x->strong = 1;
		x->plain = 0;
		x->cand = (int16_t)ci;
		x->term = r ? r->term : UINT32_MAX;
		c->kinds |= 1u << TK_REF;
	}
}

/* One round of the judge over the current window of every text:
 * signals, then every rule; findings add up over the rounds (one per
 * rule and pair, the best). */
static int judge_round(struct jctx *c, int judge_target)
{
	const netra_engine *e = c->e;
	netra_judge *j = c->j;
	const struct rule_gate *g;
	int rc, f;

	j->nsig = 0;
	c->stance_fresh = 0; /* new signals: the stance cache is stale */
	for (f = 0; f < JUDGE_NFIELDS; f++) {
		const netra_str *s = j->ftext[f];

		j->have[f] = 0;
		c->report[f] = 0;
		c->text[f] = NULL;
		c->text_len[f] = 0;
		if (s && (rc = prepare_text(c, f, s)))
			return rc;
	}
	c->judge_target = judge_target;
	if (c->judge_target && own_words_rebut(c))
		c->judge_target = 0;
	if (!c->judge_target)
		j->have[1] = 0; /* a comment's target: context only */
	if ((rc = index_lex(j)))
		return rc;
	kill_shadowed(e, j);
	mark_negated(c);
	if ((rc = summarise(c)))
		return rc;
	back_references(c);
	for (g = e->gate; g < e->gate + e->ngate; g++) {
		/* skip a rule whose signals are absent (engine.c) */
		if ((g->target && c->target_cand < 0) ||
		    (g->kinds && !(c->kinds & g->kinds)) ||
		    (g->lex && !(c->lexmask & g->lex)))
			continue;
		rc = detectors[e->rb->rules[g->rule].detect](c, (int)g->rule);
		if (rc)
			return rc;
	}
	return 0;
}

int netra_judge_event(netra_judge *j, const netra_event *ev,
                      const netra_verdict **out)
{
	const netra_engine *e = j->e;
	struct jctx c;
	int rc, f, judge_target;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.j = j;
	c.e = e;
	c.ev = ev;
	c.target_cand = target_candidate(e, ev);
	/* What an ASN shares or likes counts as what they say (SKB 2022 act
	 * 6: a post, comment, share or like); a comment's target is context. */
	judge_target = ev->type == NETRA_EV_REPOST ||
	               ev->type == NETRA_EV_QUOTE || ev->type == NETRA_EV_LIKE;
	j->nfd = j->nspans = 0;
	first_windows(j, ev);
	do { /* one round for every text up to JUDGE_WINDOW bytes */
		if ((rc = judge_round(&c, judge_target)))
			return rc;
	} while (next_windows(j));
	/* explanations quote the whole texts */
	for (f = 0; f < JUDGE_NFIELDS; f++) {
		const netra_str *s = j->ftext[f];

		c.text[f] = s ? s->s : NULL;
		c.text_len[f] = s ? s->len : 0;
	}
	suppress(e, j);
	shared_content(&c);
	one_per_pair(e, j);
	calendar(&c);
	j->v.id = ev->id;
	if ((rc = fill_verdict(&c)))
		return rc;
	*out = &j->v;
	return 0;
}

int netra_judge_text(netra_judge *j, const char *id, const char *text,
                     size_t len, const netra_verdict **out)
{
	netra_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = NETRA_EV_POST;
	ev.id.s = id ? id : "-";
	ev.id.len = strlen(ev.id.s);
	ev.text.s = text;
	ev.text.len = len;
	return netra_judge_event(j, &ev, out);
}
