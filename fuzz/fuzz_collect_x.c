/*
 * fuzz/fuzz_collect_x.c - the X API v2 module's response parsers
 * (src/collect/x.c: users, user tweets, liked tweets, following, tweets
 * lookup) on arbitrary bytes: each returns 0 or NETRA_EINVALID with a
 * message (or NETRA_ENOMEM), keeps its cursor strings terminated and in
 * range, and every line it appends to a page is one JSON object with a
 * platform, an id and a type.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "collect/x.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_rc(int rc)
{
	assert(rc == 0 || rc == NETRA_EINVALID || rc == NETRA_EDENIED ||
	       rc == NETRA_ENOMEM);
	if (rc == NETRA_EINVALID || rc == NETRA_EDENIED)
		assert(netra_error_last()[0] != '\0');
}

static void check_page(struct collect_page *p)
{
	const char *s = p->body.data, *nl;
	json_t *j;
	json_error_t e;

	assert(strlen(p->cursor.since) < sizeof(p->cursor.since));
	assert(strlen(p->cursor.page) < sizeof(p->cursor.page));
	if (p->format != NETRA_FMT_JSONL)
		return;
	while (s && *s) {
		nl = strchr(s, '\n');
		assert(nl);
		j = json_loadb(s, (size_t)(nl - s), 0, &e);
		assert(j && json_is_object(j));
		assert(json_string_value(json_object_get(j, "platform")));
		assert(json_string_value(json_object_get(j, "id")));
		assert(json_string_value(json_object_get(j, "type")));
		json_decref(j);
		s = nl + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[] = {"1864000000000000004", "1", "0"};
	const char *body = (const char *)data;
	struct collect_profile prof;
	struct collect_page page;
	int k;

	check_rc(collect_x_parse_user(&prof, 200, body, size));
	assert(prof.status < COLLECT_STATUS__COUNT);
	check_rc(collect_x_parse_user(&prof, 403, body, size));
	for (k = 0; k < 4; k++) {
		memset(&page, 0, sizeof(page));
		snprintf(page.cursor.since, sizeof(page.cursor.since), "%s",
		         "1864000000000000001");
		page.format = NETRA_FMT_JSONL;
		if (k == 0)
			check_rc(collect_x_parse_timeline(&page, body, size));
		else if (k == 3)
			check_rc(collect_x_parse_gone(&page, "budi_s", ids, 3,
			                              1733500000, body, size));
		else
			check_rc(collect_x_parse_acts(&page, k == 2, "budi_s",
			                              "1001", body, size));
		check_page(&page);
		sbuf_free(&page.body);
	}
	return 0;
}
