/*
 * rules/engine.c - life cycle of the engine and its judges (netra/engine.h):
 * loads the profile, rulebook, text lexicon, hate model and debunks, builds
 * the pattern database (matcher.c), and computes the hash that names
 * exactly what produced a verdict. After netra_engine_new() nothing is
 * written, so one engine serves any number of threads.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/engine_int.h"
#include "rules/yamldoc.h"
#include "util/datadir.h"
#include "util/error.h"

const char *netra_engine_default_data_dir(void)
{
	return datadir_get(); /* $NETRA_DATA, beside the binary, build tree */
}

static void hash_file(crypto_hash_sha256_state *h, const char *path)
{
	char *buf;
	size_t len;

	if (rules_read_file(&buf, &len, path) == 0) {
		crypto_hash_sha256_update(h, (const unsigned char *)buf, len);
		free(buf);
	}
	netra_error_clear();
}

static int add_words(netra_engine *e, const struct rules_strlist *l)
{
	size_t k;
	int rc;

	for (k = 0; k < l->n; k++)
		if ((rc = text_lexicon_add_word(e->tlex, l->v[k],
		                                strlen(l->v[k]))))
			return rc;
	return 0;
}

/* The index of the one pair the profile marks as incumbent, or -1 (none,
 * or more than one: a sitting bupati and his deputy running against each
 * other leave "petahana" ambiguous). */
static int find_incumbent(const struct rules_profile *p)
{
	size_t i;
	int found = -1;

	for (i = 0; i < p->ncand; i++) {
		if (!p->cand[i].incumbent)
			continue;
		if (found >= 0)
			return -1;
		found = (int)i;
	}
	return found;
}

/* The profile's words (names, aliases, the words of hashtags, slogans
 * and parties, the region) become known words of the engine's own
 * lexicon before any term is normalised, so squeezing ("Tirtamayaa"),
 * de-leet and hashtag splitting ("#Pilih01HarNing") keep them whole. The
 * lexicon is the engine's copy, read-only once the engine is built. */
static int add_profile_words(netra_engine *e)
{
	const struct rules_profile *p = e->prof;
	size_t i;
	int rc;

	if (p->region &&
	    (rc = text_lexicon_add_word(e->tlex, p->region, strlen(p->region))))
		return rc;
	for (i = 0; i < p->ncand; i++) {
		const struct rules_candidate *c = &p->cand[i];

		if ((rc = add_words(e, &c->names)) ||
		    (rc = add_words(e, &c->aliases)) ||
		    (rc = add_words(e, &c->hashtags)) ||
		    (rc = add_words(e, &c->slogans)) ||
		    (rc = add_words(e, &c->descriptors)) ||
		    (rc = add_words(e, &c->parties)))
			return rc;
	}
	return 0;
}

static int set_lex_roles(netra_engine *e)
{
	const struct rules_rulebook *rb = e->rb;
	size_t i, k;

	e->lex_role = calloc(rb->nlex ? rb->nlex : 1, 1);
	if (!e->lex_role)
		return err_oom();
	for (i = 0; i < rb->nlex; i++)
		e->lex_role[i] = LEXF_CUE;
	e->lex_role[rb->roles[RULES_ROLE_NEGATION]] |= LEXF_NEGATION;
	if (rb->roles[RULES_ROLE_OTHER_OCCASION] >= 0)
		e->lex_role[rb->roles[RULES_ROLE_OTHER_OCCASION]] = 0;
	if (rb->roles[RULES_ROLE_OTHERS] >= 0)
		e->lex_role[rb->roles[RULES_ROLE_OTHERS]] = LEXF_OTHERS;
	if (rb->roles[RULES_ROLE_TOPIC] >= 0)
		e->lex_role[rb->roles[RULES_ROLE_TOPIC]] = LEXF_TOPIC;
	e->lex_role[rb->roles[RULES_ROLE_CONTEXT]] = LEXF_CONTEXT;
	if (rb->roles[RULES_ROLE_WEAK_CONTEXT] >= 0)
		e->lex_role[rb->roles[RULES_ROLE_WEAK_CONTEXT]] =
		    LEXF_CONTEXT | LEXF_WEAKCTX;
	/* back-references are neither cues nor context (judge.c) */
	if (rb->roles[RULES_ROLE_BACK_REFERENCE] >= 0)
		e->lex_role[rb->roles[RULES_ROLE_BACK_REFERENCE]] = 0;
	/* the author's words only mark a text as their own (judge.c) */
	if (rb->roles[RULES_ROLE_AUTHOR] >= 0)
		e->lex_role[rb->roles[RULES_ROLE_AUTHOR]] = 0;
	e->rule_cues = calloc(rb->nrules ? rb->nrules : 1, sizeof(uint64_t));
	if (!e->rule_cues)
		return err_oom();
	for (i = 0; i < rb->nrules; i++) {
		const struct rules_rule *r = &rb->rules[i];

		for (k = 0; k < r->ncues; k++)
			e->rule_cues[i] |=
			    r->cues[k] < 64 ? 1ull << r->cues[k] : ~0ull;
		if (r->negation == RULES_NEG_IGNORE)
			continue;
		for (k = 0; k < r->ncues; k++)
			e->lex_role[r->cues[k]] |= r->negation == RULES_NEG_FLIP
			                               ? LEXF_FLIP
			                               : LEXF_BLOCK;
	}
	return 0;
}

/* The rules the judge runs and what each needs of an event (struct
 * rule_gate): a quick test per rule instead of running a detector whose
 * signals are absent. */
static int rule_gates(netra_engine *e)
{
	const struct rules_rulebook *rb = e->rb;
	size_t i;

	e->gate = calloc(rb->nrules ? rb->nrules : 1, sizeof(*e->gate));
	if (!e->gate)
		return err_oom();
	for (i = 0; i < rb->nrules; i++) {
		struct rule_gate g = {0, (uint32_t)i, 0, 0};

		switch (rb->rules[i].detect) {
		case RULES_DET_SHARED:
			continue;
		case RULES_DET_INTERACTION:
		case RULES_DET_REPLY:
			g.target = 1;
			break;
		case RULES_DET_HASHTAG:
		case RULES_DET_PARODY:
			g.kinds = 1u << TK_REF;
			break;
		case RULES_DET_GESTURE:
			g.kinds = 1u << TK_GESTURE;
			break;
		case RULES_DET_NEAR:
		case RULES_DET_NUMBER_CALL:
			g.kinds = (1u << TK_REF) | (1u << TK_BARENUM);
			/* fall through */
		case RULES_DET_SARA:
		case RULES_DET_INCUMBENT:
			if (!(g.lex = e->rule_cues[i]) ||
			    (rb->rules[i].detect == RULES_DET_INCUMBENT &&
			     e->incumbent < 0))
				continue; /* can never fire */
			break;
		default: /* classifier, hoax: gated inside */
			break;
		}
		e->gate[e->ngate++] = g;
	}
	return 0;
}

static int load_model(netra_engine *e, const struct netra_engine_opts *o,
                      const char *dir, crypto_hash_sha256_state *h)
{
	char path[4096];
	const char *p = o->model_path;
	int rc;

	if (!p) {
		snprintf(path, sizeof(path), "%s/%s", dir,
		         CLASSIFIER_DEFAULT_MODEL);
		if (access(path, R_OK) != 0)
			return 0;
		p = path;
	}
	rc = classifier_load(&e->clf, p);
	if (!rc)
		hash_file(h, p);
	return rc;
}

/* The stance model (judge.c, detect: stance) in the data directory; none:
 * the stance rules stay silent. */
static int load_stance(netra_engine *e, const char *dir,
                       crypto_hash_sha256_state *h)
{
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, STANCE_DEFAULT_MODEL);
	if (access(path, R_OK) != 0)
		return 0;
	rc = stance_load(&e->stance, path);
	if (!rc)
		hash_file(h, path);
	return rc;
}

static int load_hoaxes(netra_engine *e, const char *path, const char *dir,
                       crypto_hash_sha256_state *h)
{
	double thr = 1.0;
	char common[4096];
	size_t i;
	int rc;

	/* the same index as `netra hoax match` builds (hoax.h): stopwords,
	 * election vocabulary and the profile's names weigh as common */
	if ((rc = hoax_index_new(&e->hoax, e->tlex)) ||
	    (rc = hoax_index_load_data(e->hoax, dir)) ||
	    (rc = hoax_index_add_profile(e->hoax, e->prof)))
		return rc;
	if ((rc = hoax_index_load_jsonl(e->hoax, path, NULL, NULL, NULL)))
		return rc;
	if ((rc = hoax_index_build(e->hoax)))
		return rc;
	for (i = 0; i < e->rb->nrules; i++) {
		const struct rules_rule *r = &e->rb->rules[i];

		if (r->detect != RULES_DET_HOAX)
			continue;
		if (r->threshold < thr)
			thr = r->threshold;
		if (r->boost_threshold < thr)
			thr = r->boost_threshold;
	}
	hoax_index_set_threshold(e->hoax, thr);
	hash_file(h, path);
	snprintf(common, sizeof(common), "%s/hoax_common.txt", dir);
	hash_file(h, common);
	return 0;
}

static void finish_hash(netra_engine *e, crypto_hash_sha256_state *h)
{
	unsigned char d[32];
	size_t i;

	crypto_hash_sha256_update(h, e->rb->digest, sizeof(e->rb->digest));
	crypto_hash_sha256_final(h, d);
	memcpy(e->hash, "sha256:", 7);
	for (i = 0; i < 32; i++)
		snprintf(e->hash + 7 + 2 * i, 3, "%02x", d[i]);
}

int netra_engine_new(netra_engine **out, const struct netra_engine_opts *o)
{
	static const char *const text_files[] = {
	    "slang.txt", "emoji.txt", "words.txt", "stem_exceptions.txt",
	    "number_words.txt", "particles.txt"};
	netra_engine *e = NULL;
	crypto_hash_sha256_state h;
	const char *dir;
	char rpath[4096];
	size_t i;
	int rc;

	*out = NULL;
	if (!o || !o->election_path)
		return err_set(NETRA_EINVALID, "no election profile given");
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	dir = o->data_dir ? o->data_dir : netra_engine_default_data_dir();
	e = calloc(1, sizeof(*e));
	if (!e)
		return err_oom();
	crypto_hash_sha256_init(&h);
	snprintf(rpath, sizeof(rpath), "%s/rulebook.yaml", dir);
	if ((rc = rules_profile_load_lenient(&e->prof, o->election_path)) ||
	    (rc = rules_rulebook_load(&e->rb,
	                              o->rules_path ? o->rules_path : rpath)))
		goto done;
	hash_file(&h, o->election_path);
	for (i = 0; i < sizeof(text_files) / sizeof(*text_files); i++) {
		snprintf(rpath, sizeof(rpath), "%s/%s", dir, text_files[i]);
		hash_file(&h, rpath);
	}
	e->incumbent = find_incumbent(e->prof);
	if ((rc = text_lexicon_load(&e->tlex, dir)) ||
	    (rc = add_profile_words(e)) || (rc = set_lex_roles(e)) ||
	    (rc = rule_gates(e)) ||
	    (rc = rules_matcher_build(e)) || (rc = load_model(e, o, dir, &h)) ||
	    (rc = load_stance(e, dir, &h)))
		goto done;
	if (o->hoaxes_path && (rc = load_hoaxes(e, o->hoaxes_path, dir, &h)))
		goto done;
	finish_hash(e, &h);
	*out = e;
	e = NULL;
done:
	netra_engine_free(e);
	return rc;
}

void netra_engine_free(netra_engine *e)
{
	if (!e)
		return;
	hs_free_database(e->db);
	free(e->pat);
	free(e->terms);
	free(e->lex_role);
	free(e->rule_cues);
	free(e->gate);
	strmap_free(&e->accounts);
	hoax_index_free(e->hoax);
	classifier_free(e->clf);
	stance_free(e->stance);
	text_lexicon_free(e->tlex);
	rules_rulebook_free(e->rb);
	rules_profile_free(e->prof);
	free(e);
}

const char *netra_engine_rulebook_hash(const netra_engine *e)
{
	return e->hash;
}

const char *netra_engine_election_id(const netra_engine *e)
{
	return e->prof->id;
}

const char *netra_engine_timezone(const netra_engine *e)
{
	return e->prof->timezone;
}

size_t netra_engine_candidates(const netra_engine *e)
{
	return e->prof->ncand;
}

size_t netra_engine_memory(const netra_engine *e)
{
	return e->mem;
}

int netra_judge_new(netra_judge **out, const netra_engine *e)
{
	netra_judge *j;

	*out = NULL;
	j = calloc(1, sizeof(*j));
	if (!j)
		return err_oom();
	j->e = e;
	j->cand_samples = calloc(e->prof->ncand ? e->prof->ncand : 1, 1);
	j->sprob = calloc(4 * (e->prof->ncand ? e->prof->ncand : 1),
	                  sizeof(*j->sprob));
	if (!j->cand_samples || !j->sprob) {
		free(j->cand_samples);
		free(j->sprob);
		free(j);
		return err_oom();
	}
	if (hs_alloc_scratch(e->db, &j->scratch) != HS_SUCCESS) {
		free(j->cand_samples);
		free(j->sprob);
		free(j);
		return err_set(NETRA_ENOMEM, "pattern scratch: out of memory");
	}
	*out = j;
	return 0;
}

void netra_judge_free(netra_judge *j)
{
	size_t f;

	if (!j)
		return;
	hs_free_scratch(j->scratch);
	for (f = 0; f < JUDGE_NFIELDS; f++)
		text_norm_free(&j->norm[f]);
	free(j->raw);
	free(j->tokmap);
	free(j->sig);
	free(j->fd);
	free(j->spans);
	free(j->out);
	free(j->ctx);
	free(j->lexi);
	free(j->cand_samples);
	free(j->srole);
	free(j->sacc);
	free(j->sprob);
	sbuf_free(&j->text);
	hoax_scratch_free(&j->hs);
	free(j);
}

size_t netra_judge_memory(const netra_judge *j)
{
	size_t s = 0, f;

	hs_scratch_size(j->scratch, &s);
	for (f = 0; f < JUDGE_NFIELDS; f++)
		s += j->norm[f].cap +
		     j->norm[f].tok_cap * sizeof(struct text_tok);
	return s + j->raw_cap * sizeof(*j->raw) +
	       j->tokmap_cap * sizeof(*j->tokmap) + j->sig_cap * sizeof(*j->sig) +
	       j->fd_cap * sizeof(*j->fd) + j->spans_cap * sizeof(*j->spans) +
	       j->out_cap * sizeof(*j->out) + j->text.cap +
	       (j->ctx_cap + j->lexi_cap) * sizeof(*j->ctx) +
	       hoax_scratch_memory(&j->hs);
}
