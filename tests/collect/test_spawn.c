/*
 * tests/collect/test_spawn.c - the downloader runner (collect/spawn.c)
 * with tools/dl_fake as the child: the argument vector reaches the child
 * as given (no shell: a handle with ';', '$(...)' and spaces stays one
 * argument), the environment is the runner's three variables, exit codes
 * and output are reported, a child over the time limit and one over the
 * size limit are killed, and so is a grandchild of its process group.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "collect/spawn.h"

static char fake[1024], dir[1024];

static int setup(void **state)
{
	const char *b = getenv("NETRA_BUILD");

	(void)state;
	snprintf(fake, sizeof(fake), "%s/dl_fake", b ? b : ".");
	snprintf(dir, sizeof(dir), "/tmp/netra-spawn-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return collect_dir_remove(dir);
}

static void test_argv_env_exit(void **state)
{
	const char *argv[] = {fake,    "argv", "args.txt", "x; rm -rf ~",
	                      "$(id)", "a b",  NULL};
	struct collect_spawn_result r;
	char path[1100], line[256];
	const char *want[] = {"argv",  "args.txt", "x; rm -rf ~",
	                      "$(id)", "a b",      "--"};
	FILE *f;
	int i, env = 0;

	(void)state;
	assert_int_equal(collect_spawn_run(&r, argv, dir, NULL), 0);
	assert_true(r.exited);
	assert_int_equal(r.exit_code, 0);
	snprintf(path, sizeof(path), "%s/args.txt", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f)); /* argv[0] */
	for (i = 0; i < 6; i++) {
		assert_non_null(fgets(line, sizeof(line), f));
		line[strcspn(line, "\n")] = '\0';
		assert_string_equal(line, want[i]);
	}
	while (fgets(line, sizeof(line), f)) {
		env++;
		if (strncmp(line, "HOME=", 5) == 0)
			assert_int_equal(strncmp(line + 5, dir, strlen(dir)),
			                 0);
	}
	fclose(f);
	assert_int_equal(env, 3); /* PATH, HOME, LANG: nothing else leaks */

	{
		const char *ex[] = {fake, "exit", "3", NULL};
		assert_int_equal(collect_spawn_run(&r, ex, dir, NULL), 0);
		assert_true(r.exited);
		assert_int_equal(r.exit_code, 3);
		assert_non_null(strstr(r.output, "exiting with 3"));
	}
	{
		const char *none[] = {"netra-no-such-downloader", NULL};
		assert_int_equal(collect_spawn_run(&r, none, dir, NULL),
		                 NETRA_ENOTFOUND);
	}
}

static void test_timeout_kills_group(void **state)
{
	struct collect_spawn_limits lim = {300, 0, 200};
	const char *argv[] = {fake, "spawn-sleep", "child.pid", NULL};
	struct collect_spawn_result r;
	char path[1100];
	int pid = 0, tries;
	FILE *f;

	(void)state;
	assert_int_equal(collect_spawn_run(&r, argv, dir, &lim), 0);
	assert_true(r.timed_out);
	assert_false(r.exited);
	assert_int_equal(r.signal, SIGTERM);
	snprintf(path, sizeof(path), "%s/child.pid", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &pid), 1);
	fclose(f);
	/* the grandchild went with the group (reaped by init: give it a
	 * moment to disappear) */
	for (tries = 0; tries < 100 && kill(pid, 0) == 0; tries++)
		usleep(20000);
	assert_int_not_equal(kill(pid, 0), 0);
}

static void test_size_limit(void **state)
{
	struct collect_spawn_limits lim = {20000, 256 * 1024, 200};
	const char *argv[] = {fake, "write", "100000000", NULL};
	struct collect_spawn_result r;

	(void)state;
	assert_int_equal(collect_spawn_run(&r, argv, dir, &lim), 0);
	assert_true(r.too_large);
	assert_false(r.timed_out);
	assert_false(r.exited);
	assert_true(r.bytes > 256 * 1024);
	assert_true(r.bytes < 100000000);
	assert_true(collect_dir_bytes(dir) == r.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_argv_env_exit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_timeout_kills_group, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
