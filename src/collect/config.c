/*
 * collect/config.c - the collectors' configuration file (YAML, one
 * document; docs/collect.md has an example): the election profile, the
 * margins around its period, the schedule, leases, and per platform the
 * credentials file, base URL, hourly budget and request limits. Errors
 * are file:line:col; unknown keys are refused (a misspelt budget must not
 * silently mean "no budget").
 */
#include <stdlib.h>
#include <string.h>

#include "collect/collect_int.h"
#include "rules/yamldoc.h"
#include "util/error.h"

void collect_conf_defaults(struct collect_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->margin_before = 0;
	c->margin_after = 0;
	c->interval = 900;
	c->lease_seconds = 300;
	c->max_pages = 50;
	c->deletion_days = 30;
	c->deletion_max = 200;
}

void collect_conf_free(struct collect_conf *c)
{
	size_t i;

	free(c->election);
	free(c->rejects);
	for (i = 0; i < c->nplatforms; i++) {
		free(c->platforms[i].credentials);
		free(c->platforms[i].base_url);
	}
	memset(c, 0, sizeof(*c));
}

const struct collect_platform_conf *
collect_conf_platform(const struct collect_conf *c, const char *platform)
{
	size_t i;

	for (i = 0; i < c->nplatforms; i++)
		if (strcmp(c->platforms[i].platform, platform) == 0)
			return &c->platforms[i];
	return NULL;
}

static int want_long(struct ydoc *d, yaml_node_t *m, const char *key,
                     long lo, long hi, long *out)
{
	yaml_node_t *n = ydoc_get(d, m, key);

	return n ? ydoc_want_int(d, n, key, lo, hi, out) : 0;
}

static int want_dup(struct ydoc *d, yaml_node_t *m, const char *key,
                    char **out)
{
	yaml_node_t *n = ydoc_get(d, m, key);
	const char *v;
	int rc;

	if (!n)
		return 0;
	if ((rc = ydoc_want_str(d, n, key, &v)))
		return rc;
	free(*out);
	return (*out = strdup(v)) ? 0 : err_oom();
}

static int load_platform(struct ydoc *d, struct collect_conf *c,
                         const char *name, yaml_node_t *key,
                         yaml_node_t *m)
{
	static const char *const keys[] = {
	    "credentials", "base_url",     "hourly_budget", "page_size",
	    "timeout",     "max_attempts", "max_wait",      "backoff_ms",
	    NULL};
	struct collect_platform_conf *p;
	long budget = 0;
	int rc;

	if (!collect_module_find(name))
		return ydoc_err(d, key, "unknown platform module '%s'", name);
	if (collect_conf_platform(c, name))
		return ydoc_err(d, key, "platform '%s' given twice", name);
	if (c->nplatforms == sizeof(c->platforms) / sizeof(c->platforms[0]))
		return ydoc_err(d, key, "too many platforms");
	p = &c->platforms[c->nplatforms++];
	snprintf(p->platform, sizeof(p->platform), "%s", name);
	if ((rc = ydoc_only_keys(d, m, keys)) ||
	    (rc = want_dup(d, m, "credentials", &p->credentials)) ||
	    (rc = want_dup(d, m, "base_url", &p->base_url)) ||
	    (rc = want_long(d, m, "hourly_budget", 0, 100000000L, &budget)) ||
	    (rc = want_long(d, m, "page_size", 1, 1000, &p->page_size)) ||
	    (rc = want_long(d, m, "timeout", 1, 600, &p->timeout)) ||
	    (rc = want_long(d, m, "max_attempts", 1, 20, &p->max_attempts)) ||
	    (rc = want_long(d, m, "max_wait", 1, 86400, &p->max_wait)) ||
	    (rc = want_long(d, m, "backoff_ms", 1, 600000, &p->backoff_ms)))
		return rc;
	p->hourly_budget = budget;
	if (p->base_url && strncmp(p->base_url, "https://", 8) != 0 &&
	    strncmp(p->base_url, "http://", 7) != 0)
		return ydoc_err(d, ydoc_get(d, m, "base_url"),
		                "base_url: expected http:// or https://");
	return 0;
}

static int load_platforms(struct ydoc *d, struct collect_conf *c,
                          yaml_node_t *m)
{
	yaml_node_pair_t *pair;
	yaml_node_t *k, *v;
	const char *name;
	int rc;

	if (!m)
		return 0;
	if (m->type != YAML_MAPPING_NODE)
		return ydoc_err(d, m, "platforms: expected a mapping");
	for (pair = m->data.mapping.pairs.start;
	     pair < m->data.mapping.pairs.top; pair++) {
		k = ydoc_node(d, pair->key);
		v = ydoc_node(d, pair->value);
		if ((rc = ydoc_want_str(d, k, "platform", &name)))
			return rc;
		if ((rc = load_platform(d, c, name, k, v)))
			return rc;
	}
	return 0;
}

int collect_conf_load(struct collect_conf *out, const char *path)
{
	static const char *const keys[] = {
	    "election",      "margin_days_before", "margin_days_after",
	    "interval",      "lease_seconds",      "max_pages",
	    "deletion_days", "deletion_max",       "rejects",
	    "platforms",     NULL};
	struct ydoc d = {0};
	yaml_node_t *root;
	char *buf = NULL;
	size_t len;
	int rc;

	collect_conf_defaults(out);
	if ((rc = rules_read_file(&buf, &len, path)) ||
	    (rc = ydoc_load(&d, path, buf, len)))
		goto done;
	root = ydoc_root(&d);
	if (!root || root->type != YAML_MAPPING_NODE) {
		rc = err_set(NETRA_EINVALID, "%s:1:1: expected a mapping", path);
		goto done;
	}
	if ((rc = ydoc_only_keys(&d, root, keys)) ||
	    (rc = want_dup(&d, root, "election", &out->election)) ||
	    (rc = want_long(&d, root, "margin_days_before", 0, 365,
	                    &out->margin_before)) ||
	    (rc = want_long(&d, root, "margin_days_after", 0, 365,
	                    &out->margin_after)) ||
	    (rc = want_long(&d, root, "interval", 1, 86400, &out->interval)) ||
	    (rc = want_long(&d, root, "lease_seconds", 10, 86400,
	                    &out->lease_seconds)) ||
	    (rc = want_long(&d, root, "max_pages", 1, 100000,
	                    &out->max_pages)) ||
	    (rc = want_long(&d, root, "deletion_days", 0, 3650,
	                    &out->deletion_days)) ||
	    (rc = want_long(&d, root, "deletion_max", 0, 100000,
	                    &out->deletion_max)) ||
	    (rc = want_dup(&d, root, "rejects", &out->rejects)) ||
	    (rc = load_platforms(&d, out, ydoc_get(&d, root, "platforms"))))
		goto done;
done:
	ydoc_free(&d);
	free(buf);
	if (rc)
		collect_conf_free(out);
	return rc;
}
