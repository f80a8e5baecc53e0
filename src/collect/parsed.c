/*
 * collect/response.c - what every platform module's parsers share: the
 * parsed response (collect/parsed.h), building Event objects with the
 * platform's item kept beside them, and the outcome of a bare HTTP
 * status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/parsed.h"
#include "ingest/ingest_int.h"
#include "netra/registry.h"
#include "util/error.h"

int collect_parsed_init(struct collect_parsed *r)
{
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	r->usage = -1;
	r->events = json_array();
	r->rejects = json_array();
	if (!r->events || !r->rejects) {
		collect_parsed_clear(r);
		return err_oom();
	}
	return 0;
}

void collect_parsed_clear(struct collect_parsed *r)
{
	json_decref(r->events);
	json_decref(r->rejects);
	json_decref(r->ids);
	json_decref(r->missing);
	free(r->next);
	free(r->ref);
	free(r->account_id);
	free(r->handle);
	memset(r, 0, sizeof(*r));
	r->retry_after = -1;
	r->usage = -1;
}

int collect_parsed_fail(struct collect_parsed *r, enum collect_outcome outcome,
                        const char *fmt, ...)
{
	va_list ap;

	r->outcome = outcome;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	return 0;
}

int collect_json_parse(json_t **out, const char *body, size_t n)
{
	json_error_t jerr;
	json_t *doc;

	*out = NULL;
	doc = json_loadb(body ? body : "", body ? n : 0, INGEST_JSON_FLAGS,
	                 &jerr);
	if (!doc)
		return err_set(NETRA_EINVALID,
		               "not JSON: %s at line %d column %d", jerr.text,
		               jerr.line, jerr.column);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return err_set(NETRA_EINVALID, "not a JSON object");
	}
	*out = doc;
	return 0;
}

int collect_event_add(struct collect_parsed *r, json_t **ev,
                      const char *platform, const char *id, const char *type,
                      const char *account, const char *created_at,
                      const char *text, const char *url, const char *api,
                      json_t *item)
{
	json_t *e = json_object();

	if (ev)
		*ev = NULL;
	if (!e)
		return err_oom();
	if (ingest_set_str(e, "platform", platform) ||
	    ingest_set_str(e, "id", id) || ingest_set_str(e, "type", type) ||
	    ingest_set_str(e, "account", account) ||
	    ingest_set_str(e, "created_at", created_at) ||
	    ingest_set_str(e, "text", text) || ingest_set_str(e, "url", url) ||
	    ingest_set_str(e, "api", api) ||
	    (item && json_object_set(e, "item", item)) ||
	    json_array_append_new(r->events, e)) {
		json_decref(e);
		return err_oom();
	}
	if (ev)
		*ev = e;
	return 0;
}

int collect_event_target(json_t *ev, const char *account, const char *id,
                         const char *text)
{
	json_t *t = json_object();

	if (!t || ingest_set_str(t, "account", account) ||
	    ingest_set_str(t, "id", id) || ingest_set_str(t, "text", text) ||
	    json_object_set_new(ev, "target", t)) {
		json_decref(t);
		return err_oom();
	}
	return 0;
}

int collect_reject_add(struct collect_parsed *r, const char *path,
                       const char *error, json_t *item)
{
	json_t *o = json_pack("{s:s, s:s, s:O?}", "path", path, "error", error,
	                      "item", item);

	if (!o || json_array_append_new(r->rejects, o))
		return err_oom();
	return 0;
}

int collect_set(char **dst, const char *s)
{
	char *c = NULL;

	if (s && *s && !(c = strdup(s)))
		return err_oom();
	free(*dst);
	*dst = c;
	return 0;
}

enum collect_outcome collect_outcome_of_status(int status)
{
	if (status == 429)
		return COLLECT_RATE_LIMITED;
	if (status == 401 || status == 403)
		return COLLECT_AUTH;
	if (status == 404 || status == 410)
		return COLLECT_ACCOUNT;
	if (status >= 400 && status < 500)
		return COLLECT_REFUSED;
	if (status >= 500 || status <= 0)
		return COLLECT_TRANSIENT;
	return COLLECT_PAGE;
}

const char *collect_outcome_name(enum collect_outcome o)
{
	static const char *const names[] = {"page",   "rate_limited", "quota",
	                                    "auth",   "transient",    "account",
	                                    "refused"};

	return (unsigned)o < sizeof(names) / sizeof(names[0]) ? names[o] : "?";
}

int collect_parsed_to_page(struct collect_page *page,
                           const struct collect_parsed *r, int64_t start,
                           int64_t end, int *older, int64_t *newest)
{
	const char *when;
	json_t *ev;
	int64_t t;
	size_t i;
	char *line;
	int rc;

	json_array_foreach(r->events, i, ev)
	{
		when = json_string_value(json_object_get(ev, "created_at"));
		if (when && ingest_parse_time(&t, when, strlen(when)) == 0) {
			if (t < start) {
				if (older)
					*older = 1;
				continue;
			}
			if (end > 0 && t > end)
				continue;
			if (newest && t > *newest)
				*newest = t;
		}
		if (!(line = json_dumps(ev, JSON_COMPACT | JSON_ENSURE_ASCII)))
			return err_oom();
		rc = sbuf_puts(&page->body, line) ||
		     sbuf_putc(&page->body, '\n');
		free(line);
		if (rc)
			return err_oom();
	}
	return 0;
}

int collect_parsed_rc(const struct collect_parsed *r, const char *what)
{
	switch (r->outcome) {
	case COLLECT_PAGE:
		return 0;
	case COLLECT_RATE_LIMITED:
	case COLLECT_QUOTA:
	case COLLECT_TRANSIENT:
		return err_set(NETRA_ESTATE, "%s: %s (%s)", what, r->message,
		               collect_outcome_name(r->outcome));
	case COLLECT_AUTH:
		return err_set(NETRA_EDENIED, "%s: credentials refused: %s",
		               what, r->message);
	case COLLECT_ACCOUNT:
		return err_set(NETRA_ENOTFOUND, "%s: account %s: %s", what,
		               collect_status_name(r->account), r->message);
	default:
		return err_set(NETRA_ERROR, "%s: request refused: %s", what,
		               r->message);
	}
}

int collect_parsed_profile(struct collect_profile *out,
                           const struct collect_parsed *r, const char *platform,
                           const char *what)
{
	if (r->outcome == COLLECT_ACCOUNT) {
		out->status =
		    r->account == COLLECT_RENAMED ? COLLECT_GONE : r->account;
		snprintf(out->detail, sizeof(out->detail), "%s", r->message);
		return 0;
	}
	if (r->outcome != COLLECT_PAGE)
		return collect_parsed_rc(r, what);
	out->status = COLLECT_ACTIVE;
	snprintf(out->uid, sizeof(out->uid), "%s",
	         r->account_id ? r->account_id : "");
	if (r->handle &&
	    netra_handle_normalize(out->handle, sizeof(out->handle), platform,
	                           r->handle, strlen(r->handle)))
		out->handle[0] = '\0';
	return 0;
}
