/*
 * rules/rulebook.c - loads the rulebook YAML (docs/rulebook.md): metadata,
 * settings, roles, lexicons (inline lists or plain-text files beside the
 * rulebook) and the rules. Every reference is checked at load time (a rule
 * naming an unknown lexicon, detector, category or flip_to rule is an
 * error at its line:col) so a running engine never meets a bad rule.
 */
#include "rules/rulebook.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "netra/event.h"
#include "netra/verdict.h"
#include "rules/yamldoc.h"
#include "util/error.h"
#include "util/sbuf.h"

static const char *const detect_names[RULES_DET__COUNT + 1] = {
    "near", "number_call", "hashtag", "gesture", "interaction", "reply",
    "sara", "classifier",  "hoax",    "parody",  "incumbent", "shared",
    "stance",      "known_image",
    NULL};

static const char *const role_names[RULES_ROLE__COUNT + 1] = {
    "negation",       "context",     "honorific",      "number_prefix",
    "number_words",   "gesture",     "weak_context",   "number_unit",
    "number_owner",   "back_reference", "incumbent",   "topic",
    "other_occasion", "others",      "author",         NULL,
};

/* The roles from negation to gesture are required; the later ones (the
 * enum keeps them last) refine the judge and may be left out. */
static int role_optional(size_t role)
{
	return role >= RULES_ROLE_WEAK_CONTEXT;
}

const char *rules_detect_name(enum rules_detect d)
{
	return (unsigned)d < RULES_DET__COUNT ? detect_names[d] : "?";
}

const char *rules_severity_name(int sev)
{
	static const char *const n[] = {"rendah", "sedang", "tinggi"};

	return sev >= 0 && sev <= 2 ? n[sev] : "?";
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static char *dup_s(const char *s)
{
	return s ? dup_n(s, strlen(s)) : NULL;
}

int rules_rulebook_lexicon(const struct rules_rulebook *rb, const char *name)
{
	size_t i;

	for (i = 0; i < rb->nlex; i++)
		if (strcmp(rb->lex[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int lex_push(struct rules_lexicon *l, const char *s, size_t n)
{
	char **nv;

	nv = realloc(l->terms, (l->n + 1) * sizeof(char *));
	if (!nv)
		return err_oom();
	l->terms = nv;
	l->terms[l->n] = dup_n(s, n);
	if (!l->terms[l->n])
		return err_oom();
	l->n++;
	return 0;
}

/* Reads a lexicon file: one phrase per line, '#' starts a comment line. */
static int lex_read_file(struct rules_lexicon *l, const char *path,
                         crypto_hash_sha256_state *h)
{
	char *buf = NULL, *p, *end;
	size_t len, lineno = 0;
	int rc;

	rc = rules_read_file(&buf, &len, path);
	if (rc)
		return rc;
	crypto_hash_sha256_update(h, (const unsigned char *)buf, len);
	for (p = buf, end = buf + len; p < end && !rc;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *e = nl ? nl : end, *s = p;

		lineno++;
		p = nl ? nl + 1 : end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s &&
		       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (s == e || *s == '#')
			continue;
		if (e - s > 200)
			rc = err_set(NETRA_EINVALID,
			             "%s:%zu: entry longer than 200 bytes",
			             path, lineno);
		else if (memchr(s, 0, (size_t)(e - s)))
			rc = err_set(NETRA_EINVALID, "%s:%zu: NUL byte", path,
			             lineno);
		else
			rc = lex_push(l, s, (size_t)(e - s));
	}
	free(buf);
	return rc;
}

static int read_lexicons(struct ydoc *d, yaml_node_t *root,
                         struct rules_rulebook *rb, const char *base_dir,
                         crypto_hash_sha256_state *h)
{
	yaml_node_t *m = ydoc_get(d, root, "lexicons");
	yaml_node_pair_t *pr;
	size_t cnt;
	int rc;

	if (!m)
		return ydoc_err(d, root, "'lexicons' is required");
	if (m->type != YAML_MAPPING_NODE)
		return ydoc_err(d, m,
		                "lexicons: expected a mapping of name "
		                "to list or {file: ...}");
	cnt = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
	rb->lex = calloc(cnt ? cnt : 1, sizeof(*rb->lex));
	if (!rb->lex)
		return err_oom();
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = ydoc_node(d, pr->key), *v;
		struct rules_lexicon *l = &rb->lex[rb->nlex];
		const char *name = ydoc_str(k), *s;
		yaml_node_item_t *it;

		v = ydoc_node(d, pr->value);
		if (!name || !*name)
			return ydoc_err(d, k, "lexicons: name must be text");
		if (rules_rulebook_lexicon(rb, name) >= 0)
			return ydoc_err(d, k, "lexicon '%s' defined twice",
			                name);
		l->name = dup_s(name);
		rb->nlex++;
		if (!l->name)
			return err_oom();
		if (v->type == YAML_MAPPING_NODE) {
			static const char *const keys[] = {"file", NULL};
			struct sbuf path = SBUF_INIT;

			if ((rc = ydoc_only_keys(d, v, keys)) ||
			    (rc = ydoc_want_str(d,
			                        ydoc_get(d, v, "file")
			                            ? ydoc_get(d, v, "file")
			                            : v,
			                        "file", &s)))
				return rc;
			l->file = dup_s(s);
			if (!l->file)
				return err_oom();
			if (s[0] == '/')
				rc = sbuf_puts(&path, s);
			else
				rc = sbuf_printf(&path, "%s/%s", base_dir, s);
			if (rc) {
				sbuf_free(&path);
				return err_oom();
			}
			rc = lex_read_file(l, path.data, h);
			sbuf_free(&path);
			if (rc == NETRA_EIO)
				return ydoc_err(d, v, "lexicon '%s': %s", name,
				                netra_error_last());
			if (rc)
				return rc;
			continue;
		}
		if (v->type != YAML_SEQUENCE_NODE)
			return ydoc_err(d, v,
			                "lexicon '%s': expected a list "
			                "or {file: ...}",
			                name);
		for (it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			rc = ydoc_want_str(d, ydoc_node(d, *it), name, &s);
			if (rc)
				return rc;
			if ((rc = lex_push(l, s, strlen(s))))
				return rc;
		}
	}
	return 0;
}

static int read_roles(struct ydoc *d, yaml_node_t *root,
                      struct rules_rulebook *rb)
{
	yaml_node_t *m = ydoc_get(d, root, "roles");
	size_t i;

	for (i = 0; i < RULES_ROLE__COUNT; i++)
		rb->roles[i] = -1;
	if (!m)
		return ydoc_err(d, root, "'roles' is required");
	if (ydoc_only_keys(d, m, role_names))
		return NETRA_EINVALID;
	for (i = 0; i < RULES_ROLE__COUNT; i++) {
		yaml_node_t *v = ydoc_get(d, m, role_names[i]);
		const char *s;
		int rc;

		if (!v && role_optional(i))
			continue;
		if (!v)
			return ydoc_err(d, m, "roles: '%s' is required",
			                role_names[i]);
		if ((rc = ydoc_want_str(d, v, role_names[i], &s)))
			return rc;
		rb->roles[i] = rules_rulebook_lexicon(rb, s);
		if (rb->roles[i] < 0)
			return ydoc_err(d, v, "roles: unknown lexicon '%s'", s);
	}
	return 0;
}

/* Reads a list of lexicon names (or one name) into idx[]. */
static int read_lexlist(struct ydoc *d, yaml_node_t *r, const char *key,
                        const struct rules_rulebook *rb, int *idx, size_t *n)
{
	yaml_node_t *v = ydoc_get(d, r, key);
	yaml_node_item_t *it;

	*n = 0;
	if (!v)
		return 0;
	if (v->type == YAML_SCALAR_NODE) {
		idx[0] = rules_rulebook_lexicon(rb, ydoc_str(v));
		if (idx[0] < 0)
			return ydoc_err(d, v, "%s: unknown lexicon '%s'", key,
			                ydoc_str(v));
		*n = 1;
		return 0;
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, v, "%s: expected a list of lexicon names",
		                key);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = ydoc_node(d, *it);
		const char *s = ydoc_str(e);
		int li = s ? rules_rulebook_lexicon(rb, s) : -1;

		if (li < 0)
			return ydoc_err(d, e, "%s: unknown lexicon '%s'", key,
			                s ? s : "");
		if (*n >= RULES_MAX_CUES)
			return ydoc_err(d, e, "%s: at most %d lexicons", key,
			                RULES_MAX_CUES);
		idx[(*n)++] = li;
	}
	return 0;
}

/* Maps a scalar to one of names[]; err if absent from the list. */
static int read_enum(struct ydoc *d, yaml_node_t *r, const char *key,
                     const char *const *names, int dflt, int *out)
{
	yaml_node_t *v = ydoc_get(d, r, key);
	const char *s;
	int i;

	*out = dflt;
	if (!v)
		return 0;
	s = ydoc_str(v);
	for (i = 0; s && names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			*out = i;
			return 0;
		}
	return ydoc_err(d, v, "%s: '%s' is not one of the allowed values", key,
	                s ? s : "");
}

static int parse_label(const char *s, unsigned *out)
{
	static const char *const n[] = {"support", "attack", "hate_speech",
	                                "hoax", NULL};
	int i;

	for (i = 0; n[i]; i++)
		if (strcmp(n[i], s) == 0) {
			*out = 1u << i;
			return 0;
		}
	return -1;
}

static int read_events(struct ydoc *d, yaml_node_t *r, unsigned *out)
{
	yaml_node_t *v = ydoc_get(d, r, "events");
	yaml_node_item_t *it;

	*out = 0;
	if (!v)
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, v,
		                "events: expected a list of event "
		                "types");
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = ydoc_node(d, *it);
		const char *s = ydoc_str(e);
		netra_event_type t;

		if (!s || netra_event_type_parse(&t, s, strlen(s)))
			return ydoc_err(d, e,
			                "events: unknown event type "
			                "'%s'",
			                s ? s : "");
		*out |= 1u << t;
	}
	return 0;
}

static int read_labels(struct ydoc *d, yaml_node_t *r, const char *key,
                       unsigned *out)
{
	yaml_node_t *v = ydoc_get(d, r, key);
	yaml_node_item_t *it;

	*out = 0;
	if (!v)
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, v, "%s: expected a list of categories", key);
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = ydoc_node(d, *it);
		const char *s = ydoc_str(e);
		unsigned b;

		if (!s || parse_label(s, &b))
			return ydoc_err(d, e, "%s: unknown category '%s'", key,
			                s ? s : "");
		*out |= b;
	}
	return 0;
}

static int read_text(struct ydoc *d, yaml_node_t *r, const char *key,
                     char **out)
{
	const char *s;
	int rc;

	if (!ydoc_get(d, r, key))
		return ydoc_err(d, r, "'%s' is required", key);
	rc = ydoc_want_str(d, ydoc_get(d, r, key), key, &s);
	if (rc)
		return rc;
	*out = dup_s(s);
	return *out ? 0 : err_oom();
}

static int read_rule_params(struct ydoc *d, yaml_node_t *r,
                            struct rules_rulebook *rb, struct rules_rule *ru)
{
	static const char *const refs[] = {"strong", "context", "any",
	                                   "names_context", NULL};
	static const char *const orders[] = {"any", "cue_first", "ref_first",
	                                     NULL};
	static const char *const negs[] = {"ignore", "block", "flip", NULL};
	static const char *const tones[] = {"positive", "negative", NULL};
	static const char *const pairs[] = {"any", "one", NULL};
	static const char *const voices[] = {"any", "own", NULL};
	static const char *const scopes[] = {"both", "own", "target", NULL};
	yaml_node_t *v;
	long w;
	int rc;

	if ((rc = read_lexlist(d, r, "cues", rb, ru->cues, &ru->ncues)) ||
	    (rc = read_lexlist(d, r, "with", rb, ru->with, &ru->nwith)) ||
	    (rc = read_lexlist(d, r, "unless", rb, ru->unless, &ru->nunless)) ||
	    (rc = read_enum(d, r, "reference", refs, RULES_REF_CONTEXT,
	                    &ru->ref)) ||
	    (rc = read_enum(d, r, "order", orders, RULES_ORDER_ANY,
	                    &ru->order)) ||
	    (rc = read_enum(d, r, "negation", negs, RULES_NEG_BLOCK,
	                    &ru->negation)) ||
	    (rc = read_enum(d, r, "tone", tones, RULES_TONE_POSITIVE,
	                    &ru->tone)) ||
	    (rc = read_enum(d, r, "scope", scopes, RULES_SCOPE_BOTH,
	                    &ru->scope)) ||
	    (rc = read_enum(d, r, "pairs", pairs, 0, &ru->one_pair)) ||
	    (rc = read_enum(d, r, "voice", voices, 0, &ru->own_voice)) ||
	    (rc = read_events(d, r, &ru->events)) ||
	    (rc = read_labels(d, r, "suppressed_by", &ru->suppressed_by)))
		return rc;
	ru->window = 5;
	if ((v = ydoc_get(d, r, "window"))) {
		if ((rc = ydoc_want_int(d, v, "window", 0, 100, &w)))
			return rc;
		ru->window = (int)w;
	}
	ru->weak_window = -1;
	if ((v = ydoc_get(d, r, "weak_window"))) {
		if ((rc = ydoc_want_int(d, v, "weak_window", 0, 100, &w)))
			return rc;
		ru->weak_window = (int)w;
	}
	ru->weight = 0.9;
	if ((v = ydoc_get(d, r, "weight")) &&
	    (rc = ydoc_want_num(d, v, "weight", 0, 1, &ru->weight)))
		return rc;
	ru->threshold = 0.5;
	if ((v = ydoc_get(d, r, "threshold")) &&
	    (rc = ydoc_want_num(d, v, "threshold", 0, 1, &ru->threshold)))
		return rc;
	ru->boost_threshold = ru->threshold;
	if ((v = ydoc_get(d, r, "boost_threshold")) &&
	    (rc = ydoc_want_num(d, v, "boost_threshold", 0, 1,
	                        &ru->boost_threshold)))
		return rc;
	ru->against_threshold = ru->threshold;
	if ((v = ydoc_get(d, r, "against_threshold")) &&
	    (rc = ydoc_want_num(d, v, "against_threshold", 0, 1,
	                        &ru->against_threshold)))
		return rc;
	ru->flip_rule = -1;
	if ((v = ydoc_get(d, r, "flip_to")) &&
	    (rc = read_text(d, r, "flip_to", &ru->flip_to)))
		return rc;
	return 0;
}

static int read_trusted(struct ydoc *d, yaml_node_t *r, struct rules_rule *ru)
{
	yaml_node_t *v = ydoc_get(d, r, "trusted_accounts");
	yaml_node_item_t *it;
	size_t n, k;

	if (!v)
		return 0;
	if (v->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, v, "trusted_accounts: expected a list");
	n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
	ru->trusted = calloc(n ? n : 1, sizeof(char *));
	if (!ru->trusted)
		return err_oom();
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		const char *s;
		int rc =
		    ydoc_want_str(d, ydoc_node(d, *it), "trusted_accounts", &s);

		if (rc)
			return rc;
		ru->trusted[ru->ntrusted] = dup_s(s);
		if (!ru->trusted[ru->ntrusted])
			return err_oom();
		for (k = 0; ru->trusted[ru->ntrusted][k]; k++)
			if (ru->trusted[ru->ntrusted][k] >= 'A' &&
			    ru->trusted[ru->ntrusted][k] <= 'Z')
				ru->trusted[ru->ntrusted][k] += 32;
		ru->ntrusted++;
	}
	return 0;
}

static int check_rule(struct ydoc *d, yaml_node_t *r, struct rules_rule *ru)
{
	int needs_cues = ru->detect == RULES_DET_NEAR ||
	                 ru->detect == RULES_DET_NUMBER_CALL ||
	                 ru->detect == RULES_DET_SARA ||
	                 ru->detect == RULES_DET_INCUMBENT;

	if (needs_cues && ru->ncues == 0)
		return ydoc_err(d, r, "rule %s: detector '%s' needs 'cues'",
		                ru->id, rules_detect_name(ru->detect));
	if ((ru->detect == RULES_DET_INTERACTION ||
	     ru->detect == RULES_DET_REPLY || ru->detect == RULES_DET_SHARED) &&
	    !ru->events)
		return ydoc_err(d, r, "rule %s: detector '%s' needs 'events'",
		                ru->id, rules_detect_name(ru->detect));
	if (ru->detect == RULES_DET_STANCE &&
	    ru->label != NETRA_LABEL_SUPPORT && ru->label != NETRA_LABEL_ATTACK)
		return ydoc_err(d, r,
		                "rule %s: detector 'stance' needs category "
		                "support or attack",
		                ru->id);
	if (ru->negation == RULES_NEG_FLIP && !ru->flip_to)
		return ydoc_err(d, r,
		                "rule %s: negation: flip needs "
		                "'flip_to'",
		                ru->id);
	return 0;
}

static int read_rule(struct ydoc *d, yaml_node_t *r, struct rules_rulebook *rb,
                     struct rules_rule *ru)
{
	static const char *const keys[] = {"id",
	                                   "category",
	                                   "severity",
	                                   "weight",
	                                   "basis",
	                                   "act",
	                                   "explain",
	                                   "detect",
	                                   "cues",
	                                   "with",
	                                   "unless",
	                                   "reference",
	                                   "window",
	                                   "weak_window",
	                                   "order",
	                                   "negation",
	                                   "flip_to",
	                                   "events",
	                                   "tone",
	                                   "scope",
	                                   "threshold",
	                                   "boost_threshold",
	                                   "against_threshold",
	                                   "suppressed_by",
	                                   "trusted_accounts",
	                                   "pairs",
	                                   "voice",
	                                   NULL};
	static const char *const sevs[] = {"rendah", "sedang", "tinggi", NULL};
	const char *s;
	size_t i;
	int rc, det;

	if (!r || r->type != YAML_MAPPING_NODE)
		return ydoc_err(d, r, "rules: each rule must be a mapping");
	if ((rc = ydoc_only_keys(d, r, keys)) ||
	    (rc = read_text(d, r, "id", &ru->id)))
		return rc;
	for (i = 0; ru->id[i]; i++)
		if (!((ru->id[i] >= 'A' && ru->id[i] <= 'Z') ||
		      (ru->id[i] >= '0' && ru->id[i] <= '9') ||
		      ru->id[i] == '-' || ru->id[i] == '_'))
			return ydoc_err(d, ydoc_get(d, r, "id"),
			                "id: '%s' must be A-Z, 0-9, '-' or "
			                "'_'",
			                ru->id);
	for (i = 0; i < rb->nrules; i++)
		if (strcmp(rb->rules[i].id, ru->id) == 0)
			return ydoc_err(d, ydoc_get(d, r, "id"),
			                "id: rule '%s' defined twice", ru->id);
	if ((rc = ydoc_want_str(
	         d, ydoc_get(d, r, "category") ? ydoc_get(d, r, "category") : r,
	         "category", &s)))
		return rc;
	if (parse_label(s, &ru->label))
		return ydoc_err(d, ydoc_get(d, r, "category"),
		                "category: '%s' is not support, attack, "
		                "hate_speech or hoax",
		                s);
	if (!ydoc_get(d, r, "severity"))
		return ydoc_err(d, r, "rule %s: 'severity' is required",
		                ru->id);
	if ((rc = read_enum(d, r, "severity", sevs, 1, &ru->severity)) ||
	    (rc = read_text(d, r, "basis", &ru->basis)) ||
	    (rc = read_text(d, r, "act", &ru->act)) ||
	    (rc = read_text(d, r, "explain", &ru->explain)))
		return rc;
	if (!ydoc_get(d, r, "detect"))
		return ydoc_err(d, r, "rule %s: 'detect' is required", ru->id);
	if ((rc = read_enum(d, r, "detect", detect_names, 0, &det)))
		return rc;
	ru->detect = (enum rules_detect)det;
	if ((rc = read_rule_params(d, r, rb, ru)) ||
	    (rc = read_trusted(d, r, ru)))
		return rc;
	return check_rule(d, r, ru);
}

static int read_rules(struct ydoc *d, yaml_node_t *root,
                      struct rules_rulebook *rb)
{
	yaml_node_t *s = ydoc_get(d, root, "rules");
	yaml_node_item_t *it;
	size_t cnt, i, k;
	int rc;

	if (!s)
		return ydoc_err(d, root, "'rules' is required");
	if (s->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, s, "rules: expected a list");
	cnt =
	    (size_t)(s->data.sequence.items.top - s->data.sequence.items.start);
	if (!cnt)
		return ydoc_err(d, s, "rules: must not be empty");
	rb->rules = calloc(cnt, sizeof(*rb->rules));
	if (!rb->rules)
		return err_oom();
	for (it = s->data.sequence.items.start; it < s->data.sequence.items.top;
	     it++) {
		rc =
		    read_rule(d, ydoc_node(d, *it), rb, &rb->rules[rb->nrules]);
		rb->nrules++;
		if (rc)
			return rc;
	}
	for (i = 0; i < rb->nrules; i++) {
		struct rules_rule *ru = &rb->rules[i];

		if (!ru->flip_to)
			continue;
		for (k = 0; k < rb->nrules; k++)
			if (strcmp(rb->rules[k].id, ru->flip_to) == 0)
				ru->flip_rule = (int)k;
		if (ru->flip_rule < 0)
			return ydoc_err(
			    d,
			    ydoc_get(
			        d,
			        ydoc_node(d, s->data.sequence.items.start[i]),
			        "flip_to"),
			    "flip_to: no rule '%s'", ru->flip_to);
	}
	return 0;
}

static int read_meta(struct ydoc *d, yaml_node_t *root,
                     struct rules_rulebook *rb)
{
	static const char *const keys[] = {"id", "version", "description",
	                                   NULL};
	static const char *const skeys[] = {"negation_scope", NULL};
	yaml_node_t *m = ydoc_get(d, root, "rulebook"), *st;
	long v;
	int rc;

	if (!m)
		return ydoc_err(d, root, "'rulebook' is required");
	if ((rc = ydoc_only_keys(d, m, keys)) ||
	    (rc = read_text(d, m, "id", &rb->id)) ||
	    (rc = read_text(d, m, "version", &rb->version)))
		return rc;
	rb->description = dup_s(ydoc_str(ydoc_get(d, m, "description"))
	                            ? ydoc_str(ydoc_get(d, m, "description"))
	                            : "");
	if (!rb->description)
		return err_oom();
	rb->negation_scope = 3;
	st = ydoc_get(d, root, "settings");
	if (!st)
		return 0;
	if ((rc = ydoc_only_keys(d, st, skeys)))
		return rc;
	if (ydoc_get(d, st, "negation_scope")) {
		rc = ydoc_want_int(d, ydoc_get(d, st, "negation_scope"),
		                   "negation_scope", 0, 20, &v);
		if (rc)
			return rc;
		rb->negation_scope = (int)v;
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *sl = strrchr(path, '/');

	if (!sl)
		return dup_s(".");
	if (sl == path)
		return dup_s("/");
	return dup_n(path, (size_t)(sl - path));
}

int rules_rulebook_parse(struct rules_rulebook **out, const char *name,
                         const char *base_dir, const char *buf, size_t len)
{
	static const char *const keys[] = {"rulebook", "settings", "roles",
	                                   "lexicons", "rules",    NULL};
	struct rules_rulebook *rb = NULL;
	crypto_hash_sha256_state h;
	char *dir = NULL;
	struct ydoc d;
	yaml_node_t *root;
	int rc;

	*out = NULL;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)buf, len);
	rc = ydoc_load(&d, name, buf, len);
	if (rc)
		goto done;
	root = ydoc_root(&d);
	if (!root || root->type != YAML_MAPPING_NODE) {
		rc = ydoc_err(&d, root,
		              "a rulebook is a mapping with "
		              "'rulebook', 'lexicons', 'roles' and "
		              "'rules'");
		goto done;
	}
	dir = base_dir ? dup_s(base_dir) : dir_of(name);
	rb = calloc(1, sizeof(*rb));
	if (!dir || !rb) {
		rc = err_oom();
		goto done;
	}
	if ((rc = ydoc_only_keys(&d, root, keys)) ||
	    (rc = read_meta(&d, root, rb)) ||
	    (rc = read_lexicons(&d, root, rb, dir, &h)) ||
	    (rc = read_roles(&d, root, rb)) || (rc = read_rules(&d, root, rb)))
		goto done;
	crypto_hash_sha256_final(&h, rb->digest);
	*out = rb;
	rb = NULL;
done:
	ydoc_free(&d);
	free(dir);
	rules_rulebook_free(rb);
	return rc;
}

int rules_rulebook_load(struct rules_rulebook **out, const char *path)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	rc = rules_read_file(&buf, &len, path);
	if (rc)
		return rc;
	rc = rules_rulebook_parse(out, path, NULL, buf, len);
	free(buf);
	return rc;
}

void rules_rulebook_free(struct rules_rulebook *rb)
{
	size_t i, k;

	if (!rb)
		return;
	for (i = 0; i < rb->nlex; i++) {
		for (k = 0; k < rb->lex[i].n; k++)
			free(rb->lex[i].terms[k]);
		free(rb->lex[i].terms);
		free(rb->lex[i].name);
		free(rb->lex[i].file);
	}
	for (i = 0; i < rb->nrules; i++) {
		struct rules_rule *r = &rb->rules[i];

		free(r->id);
		free(r->basis);
		free(r->act);
		free(r->explain);
		free(r->flip_to);
		for (k = 0; k < r->ntrusted; k++)
			free(r->trusted[k]);
		free(r->trusted);
	}
	free(rb->lex);
	free(rb->rules);
	free(rb->id);
	free(rb->version);
	free(rb->description);
	free(rb);
}
