/*
 * rules/profile.c - loads and validates the election profile YAML
 * (schema in DESIGN.md). Every error points at the node at fault as
 * "file:line:col: reason": unknown keys, wrong types, empty lists of
 * names, duplicate or non-positive pair numbers, invalid dates, a
 * campaign that ends before it starts or a voting day before the campaign.
 */
#include "rules/profile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/yamldoc.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/sbuf.h"

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);

	if (p)
		memcpy(p, s, n + 1);
	return p;
}

static void strlist_free(struct rules_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Reads a sequence of non-empty text values (or nothing, if absent and
 * !required) into l. */
static int read_strlist(struct ydoc *d, yaml_node_t *parent, const char *key,
                        int required, struct rules_strlist *l)
{
	yaml_node_t *n = ydoc_get(d, parent, key);
	yaml_node_item_t *it;
	size_t cnt;
	int rc;

	if (!n || (n->type == YAML_SCALAR_NODE && !*ydoc_str(n))) {
		if (required)
			return ydoc_err(d, n ? n : parent,
			                "candidate: '%s' is required", key);
		return 0;
	}
	if (n->type == YAML_SCALAR_NODE) { /* one value without [ ] */
		l->v = calloc(1, sizeof(char *));
		if (!l->v || !(l->v[0] = dup_str(ydoc_str(n))))
			return err_oom();
		l->n = 1;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, n, "%s: expected a list", key);
	cnt =
	    (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (required && cnt == 0)
		return ydoc_err(d, n, "%s: must not be empty", key);
	l->v = calloc(cnt ? cnt : 1, sizeof(char *));
	if (!l->v)
		return err_oom();
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		const char *s;

		rc = ydoc_want_str(d, ydoc_node(d, *it), key, &s);
		if (rc)
			return rc;
		l->v[l->n] = dup_str(s);
		if (!l->v[l->n])
			return err_oom();
		l->n++;
	}
	return 0;
}

static char *norm_handle(const char *s)
{
	char *h, *q;

	while (*s == '@')
		s++;
	h = dup_str(s);
	if (!h)
		return NULL;
	for (q = h; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return h;
}

static int read_accounts(struct ydoc *d, yaml_node_t *cn,
                         struct rules_candidate *c)
{
	static const char *const keys[] = {"platform", "handle", NULL};
	yaml_node_t *n = ydoc_get(d, cn, "accounts");
	yaml_node_item_t *it;
	size_t cnt;
	int rc;

	if (!n)
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, n, "accounts: expected a list");
	cnt =
	    (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	c->accounts = calloc(cnt ? cnt : 1, sizeof(*c->accounts));
	if (!c->accounts)
		return err_oom();
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++) {
		yaml_node_t *a = ydoc_node(d, *it);
		struct rules_account *ac = &c->accounts[c->naccounts];
		const char *plat = "", *handle;

		if (!a || a->type != YAML_MAPPING_NODE)
			return ydoc_err(d, a,
			                "accounts: each entry must be "
			                "{platform: ..., handle: ...}");
		rc = ydoc_only_keys(d, a, keys);
		if (rc)
			return rc;
		if (ydoc_get(d, a, "platform")) {
			rc = ydoc_want_str(d, ydoc_get(d, a, "platform"),
			                   "platform", &plat);
			if (rc)
				return rc;
		}
		rc = ydoc_want_str(
		    d, ydoc_get(d, a, "handle") ? ydoc_get(d, a, "handle") : a,
		    "handle", &handle);
		if (rc)
			return rc;
		ac->platform = norm_handle(plat);
		ac->handle = norm_handle(handle);
		c->naccounts++;
		if (!ac->platform || !ac->handle)
			return err_oom();
		if (!*ac->handle)
			return ydoc_err(d, a, "handle: must not be empty");
	}
	return 0;
}

static int make_label(struct rules_candidate *c)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	if (sbuf_printf(&b, "nomor %d", c->number))
		goto oom;
	for (i = 0; i < c->names.n; i++)
		if (sbuf_printf(&b, "%s%s", i ? " – " : " (", c->names.v[i]))
			goto oom;
	if (c->names.n && sbuf_putc(&b, ')'))
		goto oom;
	c->label = sbuf_detach(&b);
	return c->label ? 0 : err_oom();
oom:
	sbuf_free(&b);
	return err_oom();
}

/* `incumbent: true|false` (optional); without it a pair is the incumbent
 * when one of its aliases is "petahana" or "incumbent", the words people
 * use for the sitting bupati or mayor. */
static int read_incumbent(struct ydoc *d, yaml_node_t *cn,
                          struct rules_candidate *c)
{
	yaml_node_t *n = ydoc_get(d, cn, "incumbent");
	const char *s;
	size_t i;

	if (n) {
		s = ydoc_str(n);
		if (s && (!strcmp(s, "true") || !strcmp(s, "yes")))
			c->incumbent = 1;
		else if (!s || (strcmp(s, "false") && strcmp(s, "no")))
			return ydoc_err(d, n,
			                "incumbent: expected true or false");
		return 0;
	}
	for (i = 0; i < c->aliases.n; i++)
		if (!strcasecmp(c->aliases.v[i], "petahana") ||
		    !strcasecmp(c->aliases.v[i], "incumbent"))
			c->incumbent = 1;
	return 0;
}

static int read_candidate(struct ydoc *d, yaml_node_t *cn,
                          struct rules_candidate *c)
{
	static const char *const keys[] = {"number",   "names",   "aliases",
	                                   "hashtags", "slogans", "parties",
	                                   "accounts", "incumbent",
	                                   "descriptors", NULL};
	yaml_node_t *num;
	long v;
	size_t i;
	int rc;

	if (!cn || cn->type != YAML_MAPPING_NODE)
		return ydoc_err(d, cn,
		                "candidates: each pair must be a "
		                "mapping");
	rc = ydoc_only_keys(d, cn, keys);
	if (rc)
		return rc;
	num = ydoc_get(d, cn, "number");
	if (!num)
		return ydoc_err(d, cn, "candidate: 'number' is required");
	rc = ydoc_want_int(d, num, "number", 1, 99, &v);
	if (rc)
		return rc;
	c->number = (int)v;
	if ((rc = read_strlist(d, cn, "names", 1, &c->names)) ||
	    (rc = read_strlist(d, cn, "aliases", 0, &c->aliases)) ||
	    (rc = read_strlist(d, cn, "hashtags", 0, &c->hashtags)) ||
	    (rc = read_strlist(d, cn, "slogans", 0, &c->slogans)) ||
	    (rc = read_strlist(d, cn, "parties", 0, &c->parties)) ||
	    (rc = read_strlist(d, cn, "descriptors", 0, &c->descriptors)) ||
	    (rc = read_accounts(d, cn, c)))
		return rc;
	if ((rc = read_incumbent(d, cn, c)))
		return rc;
	for (i = 0; i < c->hashtags.n; i++) {
		const char *h = c->hashtags.v[i];

		if (h[0] == '#')
			h++;
		if (!*h || strchr(h, ' '))
			return ydoc_err(d, ydoc_get(d, cn, "hashtags"),
			                "hashtags: '%s' is not a hashtag",
			                c->hashtags.v[i]);
	}
	return make_label(c);
}

/* `timezone: WIB|WITA|WIT` or an IANA name of Indonesia's zones
 * (optional, default WIB): the zone of the region's civil days. */
static int read_timezone(struct ydoc *d, yaml_node_t *e,
                         struct rules_profile *p)
{
	yaml_node_t *n = ydoc_get(d, e, "timezone");
	const char *s = "WIB";
	int rc;

	if (n && (rc = ydoc_want_str(d, n, "timezone", &s)))
		return rc;
	if (civil_zone_parse(&p->utc_offset, s) != 0)
		return ydoc_err(d, n,
		                "timezone: '%s' is not WIB, WITA, WIT or an "
		                "IANA name of Indonesia's zones (Asia/Jakarta, "
		                "Asia/Pontianak, Asia/Makassar, Asia/Jayapura)",
		                s);
	p->timezone = dup_str(s);
	return p->timezone ? 0 : err_oom();
}

static int read_election(struct ydoc *d, yaml_node_t *root,
                         struct rules_profile *p)
{
	static const char *const keys[] = {"id",         "name",
	                                   "region",     "timezone",
	                                   "campaign_period", "voting_day",
	                                   NULL};
	static const char *const pkeys[] = {"start", "end", NULL};
	yaml_node_t *e = ydoc_get(d, root, "election"), *cp;
	const char *s;
	int rc;

	if (!e)
		return ydoc_err(d, root, "'election' is required");
	if ((rc = ydoc_only_keys(d, e, keys)))
		return rc;
	rc = ydoc_want_str(d, ydoc_get(d, e, "id") ? ydoc_get(d, e, "id") : e,
	                   "election.id", &s);
	if (rc)
		return rc;
	p->id = dup_str(s);
	s = ydoc_str(ydoc_get(d, e, "name"));
	p->name = dup_str(s ? s : p->id);
	s = ydoc_str(ydoc_get(d, e, "region"));
	p->region = dup_str(s ? s : "");
	if (!p->id || !p->name || !p->region)
		return err_oom();
	if ((rc = read_timezone(d, e, p)))
		return rc;
	cp = ydoc_get(d, e, "campaign_period");
	if (!cp)
		return ydoc_err(d, e,
		                "election: 'campaign_period' is "
		                "required");
	if ((rc = ydoc_only_keys(d, cp, pkeys)))
		return rc;
	if ((rc = ydoc_want_date(
	         d, ydoc_get(d, cp, "start") ? ydoc_get(d, cp, "start") : cp,
	         "campaign_period.start", &p->campaign_start)) ||
	    (rc = ydoc_want_date(
	         d, ydoc_get(d, cp, "end") ? ydoc_get(d, cp, "end") : cp,
	         "campaign_period.end", &p->campaign_end)))
		return rc;
	if (p->campaign_end < p->campaign_start)
		return ydoc_err(d, ydoc_get(d, cp, "end"),
		                "campaign_period: end is before start");
	if (!ydoc_get(d, e, "voting_day"))
		return ydoc_err(d, e, "election: 'voting_day' is required");
	rc = ydoc_want_date(d, ydoc_get(d, e, "voting_day"), "voting_day",
	                    &p->voting_day);
	if (rc)
		return rc;
	if (p->voting_day < p->campaign_end)
		return ydoc_err(d, ydoc_get(d, e, "voting_day"),
		                "voting_day: before the end of the campaign");
	return 0;
}

static int read_candidates(struct ydoc *d, yaml_node_t *root,
                           struct rules_profile *p)
{
	yaml_node_t *cs = ydoc_get(d, root, "candidates");
	yaml_node_item_t *it;
	size_t cnt, i;
	int rc;

	if (!cs)
		return ydoc_err(d, root, "'candidates' is required");
	if (cs->type != YAML_SEQUENCE_NODE)
		return ydoc_err(d, cs, "candidates: expected a list");
	cnt = (size_t)(cs->data.sequence.items.top -
	               cs->data.sequence.items.start);
	if (cnt == 0)
		return ydoc_err(d, cs, "candidates: must not be empty");
	p->cand = calloc(cnt, sizeof(*p->cand));
	if (!p->cand)
		return err_oom();
	for (it = cs->data.sequence.items.start;
	     it < cs->data.sequence.items.top; it++) {
		yaml_node_t *cn = ydoc_node(d, *it);

		rc = read_candidate(d, cn, &p->cand[p->ncand]);
		p->ncand++;
		if (rc)
			return rc;
		for (i = 0; i + 1 < p->ncand; i++)
			if (p->cand[i].number == p->cand[p->ncand - 1].number)
				return ydoc_err(d, ydoc_get(d, cn, "number"),
				                "number: pair %d appears twice",
				                p->cand[i].number);
	}
	return 0;
}

static int parse(struct rules_profile **out, const char *name, const char *buf,
                 size_t len, int lenient)
{
	static const char *const keys[] = {"election", "candidates", NULL};
	struct rules_profile *p = NULL;
	struct ydoc d;
	yaml_node_t *root;
	int rc;

	*out = NULL;
	rc = ydoc_load(&d, name, buf, len);
	if (rc)
		goto done;
	d.lenient = lenient;
	root = ydoc_root(&d);
	if (!root || root->type != YAML_MAPPING_NODE) {
		rc = ydoc_err(&d, root,
		              "a profile is a mapping with "
		              "'election' and 'candidates'");
		goto done;
	}
	if ((rc = ydoc_only_keys(&d, root, keys)))
		goto done;
	p = calloc(1, sizeof(*p));
	if (!p) {
		rc = err_oom();
		goto done;
	}
	if ((rc = read_election(&d, root, p)) ||
	    (rc = read_candidates(&d, root, p)))
		goto done;
	*out = p;
	p = NULL;
done:
	ydoc_free(&d);
	rules_profile_free(p);
	return rc;
}

int rules_profile_parse(struct rules_profile **out, const char *name,
                        const char *buf, size_t len)
{
	return parse(out, name, buf, len, 0);
}

int rules_profile_parse_lenient(struct rules_profile **out, const char *name,
                                const char *buf, size_t len)
{
	return parse(out, name, buf, len, 1);
}

static int load(struct rules_profile **out, const char *path, int lenient)
{
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	rc = rules_read_file(&buf, &len, path);
	if (rc)
		return rc;
	rc = parse(out, path, buf, len, lenient);
	free(buf);
	return rc;
}

int rules_profile_load(struct rules_profile **out, const char *path)
{
	return load(out, path, 0);
}

int rules_profile_load_lenient(struct rules_profile **out, const char *path)
{
	return load(out, path, 1);
}

int rules_profile_sniff(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int el = 0, ca = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		if (n >= 9 && memcmp(p, "election:", 9) == 0)
			el = 1;
		if (n >= 11 && memcmp(p, "candidates:", 11) == 0)
			ca = 1;
		p = nl ? nl + 1 : end;
	}
	return el || ca;
}

const struct rules_candidate *rules_profile_find(const struct rules_profile *p,
                                                 int number)
{
	size_t i;

	for (i = 0; p && i < p->ncand; i++)
		if (p->cand[i].number == number)
			return &p->cand[i];
	return NULL;
}

void rules_profile_free(struct rules_profile *p)
{
	size_t i, k;

	if (!p)
		return;
	for (i = 0; i < p->ncand; i++) {
		struct rules_candidate *c = &p->cand[i];

		strlist_free(&c->names);
		strlist_free(&c->aliases);
		strlist_free(&c->hashtags);
		strlist_free(&c->slogans);
		strlist_free(&c->descriptors);
		strlist_free(&c->parties);
		for (k = 0; k < c->naccounts; k++) {
			free(c->accounts[k].platform);
			free(c->accounts[k].handle);
		}
		free(c->accounts);
		free(c->label);
	}
	free(p->cand);
	free(p->id);
	free(p->name);
	free(p->region);
	free(p->timezone);
	free(p);
}
