/*
 * tests/collect/fixture.h - what the platform parsers' tests share:
 * reading a response fixture from tests/collect/fixtures (fictional
 * accounts, in each API's documented shape) and looking at the Events a
 * parse gave.
 */
#ifndef NETRA_TESTS_COLLECT_FIXTURE_H
#define NETRA_TESTS_COLLECT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/parsed.h"

/* The fixture's bytes (malloc'd, NUL-terminated) and length; fails the
 * test when it cannot be read. */
static char *fixture(const char *name, size_t *n)
{
	const char *src = getenv("NETRA_SRC");
	char path[1024];
	char *buf;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/collect/fixtures/%s",
	         src ? src : "..", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* Event i's key (a string), or "" when absent. */
static const char *ev_str(const struct collect_parsed *r, size_t i,
                          const char *key)
{
	json_t *ev = json_array_get(r->events, i);
	const char *s;

	if (strncmp(key, "target.", 7) == 0)
		s = json_string_value(
		    json_object_get(json_object_get(ev, "target"), key + 7));
	else
		s = json_string_value(json_object_get(ev, key));
	return s ? s : "";
}

#endif
