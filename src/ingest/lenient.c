/*
 * ingest/lenient.c - the lenient Event reading that `netra check` and the
 * web's self-check use (netra_event_parser_parse_lenient, netra/ingest.h).
 *
 * Judging needs an event's id, type, text and target; the strict parser
 * also insists on what storing needs (a known platform, a handle that
 * keeps the platform's character rules, a valid created_at, a target of
 * the right kind, no duplicate keys). A line refused for such a detail
 * but still a JSON object with an id is read here from the fields judging
 * uses, so that checking a file does not lose an event because of its
 * metadata. The event lives in the parser like a strict one.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "util/error.h"

static netra_str jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	netra_str s = {NULL, 0};

	if (json_is_string(v)) {
		s.s = json_string_value(v);
		s.len = json_string_length(v);
	}
	return s;
}

/* Fills p->ev from p->root's id, type, text, account, platform and
 * target: 0, or NETRA_EINVALID when it is no object or has no id. */
static int lenient_fill(netra_event_parser *p)
{
	json_t *obj = p->root, *id = json_object_get(obj, "id"), *t;
	netra_event *ev = &p->ev;
	netra_str raw = ev->raw, ty;

	if (!json_is_object(obj))
		return NETRA_EINVALID;
	memset(ev, 0, sizeof(*ev));
	ev->raw = raw;
	if (json_is_string(id) && json_string_length(id) > 0) {
		ev->id = jstr(obj, "id");
	} else if (json_is_integer(id)) {
		snprintf(p->idbuf, sizeof(p->idbuf), "%lld",
		         (long long)json_integer_value(id));
		ev->id.s = p->idbuf;
		ev->id.len = strlen(p->idbuf);
	} else {
		return NETRA_EINVALID;
	}
	ty = jstr(obj, "type");
	if (!ty.s || netra_event_type_parse(&ev->type, ty.s, ty.len))
		ev->type = NETRA_EV_POST; /* an unknown kind: judge its text */
	ev->text = jstr(obj, "text");
	ev->account = jstr(obj, "account");
	ev->platform = jstr(obj, "platform");
	t = json_object_get(obj, "target");
	if (json_is_object(t)) {
		ev->target.account = jstr(t, "account");
		ev->target.text = jstr(t, "text");
		ev->target.id = jstr(t, "id");
	}
	return 0;
}

int netra_event_parser_parse_lenient(netra_event_parser *p, const char *line,
                                     size_t n, const netra_event **out)
{
	json_t *obj;
	int rc = netra_event_parser_parse(p, line, n, out);

	if (rc != NETRA_EINVALID)
		return rc;
	/* From here the strict reason stays the thread's message: the
	 * caller warns with it, or reports it if this reading fails too. */
	if (!p->root) {
		/* not JSON to the strict parser: duplicate keys are allowed
		 * here (the last one counts) */
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		                 line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (!(obj = json_loadb(line, n, 0, NULL)))
			return NETRA_EINVALID;
		ingest_parser_reset(p);
		p->root = obj;
		if (!(p->ev.raw.s = arena_strndup(&p->arena, line, n)))
			return err_oom();
		p->ev.raw.len = n;
	}
	if (lenient_fill(p))
		return NETRA_EINVALID;
	*out = &p->ev;
	return 1;
}
