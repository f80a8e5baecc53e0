/*
 * fuzz/collect_check.h - the invariants every platform response parser
 * (src/collect/) keeps on any bytes, shared by fuzz_collect_*.c: a parse
 * returns 0 (a page or a named outcome), NETRA_EINVALID with a message,
 * or NETRA_ENOMEM; on 0 every Event has a platform, an id and a type,
 * and names in range.
 */
#ifndef NETRA_FUZZ_COLLECT_CHECK_H
#define NETRA_FUZZ_COLLECT_CHECK_H

#include <assert.h>
#include <string.h>

#include "collect/parsed.h"

static void collect_check(struct collect_parsed *r, int rc)
{
	json_t *ev;
	size_t i;

	assert(rc == 0 || rc == NETRA_EINVALID || rc == NETRA_ENOMEM);
	if (rc == NETRA_EINVALID)
		assert(netra_error_last()[0] != '\0');
	assert(strcmp(collect_outcome_name(r->outcome), "?") != 0);
	assert(strcmp(collect_status_name(r->account), "?") != 0);
	json_array_foreach(r->events, i, ev)
	{
		assert(json_string_value(json_object_get(ev, "platform")));
		assert(json_string_value(json_object_get(ev, "id")));
		assert(json_string_value(json_object_get(ev, "type")));
	}
	if (r->next)
		assert(r->next[0] != '\0');
	collect_parsed_clear(r);
}

#endif
