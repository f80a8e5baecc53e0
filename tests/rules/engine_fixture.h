/*
 * tests/rules/engine_fixture.h - the cmocka fixture the engine's tests
 * share: an election profile written to a temporary file, an engine built
 * from it with the repository's data/ ($NETRA_SRC/data), and one judge.
 * Include after <cmocka.h> and "netra/engine.h"; call engine_fix_setup()
 * from a setup function and engine_fix_teardown() from its teardown.
 */
#ifndef NETRA_TESTS_ENGINE_FIXTURE_H
#define NETRA_TESTS_ENGINE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fix {
	char path[64];
	netra_engine *e;
	netra_judge *j;
};

static int engine_fix_setup(void **state, const char *profile)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct netra_engine_opts o = {0};
	char data[4096];
	const char *src = getenv("NETRA_SRC");
	FILE *fp;
	int fd;

	assert_non_null(f);
	snprintf(f->path, sizeof(f->path), "/tmp/netra-engine-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(profile, fp);
	fclose(fp);
	snprintf(data, sizeof(data), "%s/data", src ? src : "..");
	o.election_path = f->path;
	o.data_dir = data;
	if (netra_engine_new(&f->e, &o))
		fail_msg("engine: %s", netra_error_last());
	assert_int_equal(netra_judge_new(&f->j, f->e), 0);
	*state = f;
	return 0;
}

static int engine_fix_teardown(void **state)
{
	struct fix *f = *state;

	netra_judge_free(f->j);
	netra_engine_free(f->e);
	unlink(f->path);
	free(f);
	return 0;
}

/* The verdict for a post of text, judged by f's judge (valid until the
 * next judgement). */
static inline const netra_verdict *engine_fix_judge(struct fix *f,
                                                    const char *text)
{
	const netra_verdict *v = NULL;

	assert_int_equal(netra_judge_text(f->j, "t", text, strlen(text), &v),
	                 0);
	return v;
}

#endif
