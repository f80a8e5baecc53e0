/*
 * tests/rules/test_rulebook.c - the rulebook loader: the default rulebook
 * loads and every reference in it resolves; malformed rulebooks fail at
 * the right line:col with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/common.h"
#include "netra/verdict.h"
#include "rules/rulebook.h"

static const char *src_dir(void)
{
	const char *s = getenv("NETRA_SRC");

	return s ? s : "..";
}

static void default_rulebook_loads(void **state)
{
	struct rules_rulebook *rb = NULL;
	char path[4096];
	size_t i, cats = 0;
	(void)state;

	snprintf(path, sizeof(path), "%s/data/rulebook.yaml", src_dir());
	if (rules_rulebook_load(&rb, path))
		fail_msg("%s", netra_error_last());
	assert_true(rb->nrules >= 10);
	for (i = 0; i < RULES_ROLE__COUNT; i++)
		assert_true(rb->roles[i] >= 0);
	for (i = 0; i < rb->nrules; i++) {
		const struct rules_rule *r = &rb->rules[i];

		assert_true(strlen(r->basis) > 3);
		assert_true(strlen(r->explain) > 10);
		if (r->negation == RULES_NEG_FLIP)
			assert_true(r->flip_rule >= 0);
		cats |= r->label;
	}
	/* every category has at least one rule */
	assert_int_equal(cats, NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK |
	                           NETRA_LABEL_HATE | NETRA_LABEL_HOAX);
	assert_true(rules_rulebook_lexicon(rb, "negasi") >= 0);
	assert_true(rb->lex[rules_rulebook_lexicon(rb, "negasi")].n > 3);
	rules_rulebook_free(rb);
}

static const char base[] =
    "rulebook: {id: t, version: \"1\"}\n"
    "lexicons:\n"
    "  a: [coblos, pilih]\n"
    "  n: [tidak]\n"
    "roles: {negation: n, context: a, honorific: n, number_prefix: n,\n"
    "        number_words: n, gesture: n}\n"
    "rules:\n"
    "  - id: R-1\n"
    "    category: support\n"
    "    severity: tinggi\n"
    "    basis: SKB 2022\n"
    "    act: contoh\n"
    "    detect: near\n"
    "    cues: [a]\n"
    "    explain: contoh {kandidat}\n";

static void expect_error(const char *from, const char *to, const char *want)
{
	struct rules_rulebook *rb = (void *)1;
	char buf[4096];
	const char *at = strstr(base, from);
	size_t pre;

	assert_non_null(at);
	pre = (size_t)(at - base);
	memcpy(buf, base, pre);
	memcpy(buf + pre, to, strlen(to));
	memcpy(buf + pre + strlen(to), at + strlen(from),
	       strlen(at + strlen(from)) + 1);
	assert_int_equal(
	    rules_rulebook_parse(&rb, "r.yaml", ".", buf, strlen(buf)),
	    NETRA_EINVALID);
	assert_null(rb);
	if (!strstr(netra_error_last(), want))
		fail_msg("got '%s', want '%s'", netra_error_last(), want);
}

static void minimal_rulebook(void **state)
{
	struct rules_rulebook *rb = NULL;
	(void)state;

	assert_int_equal(
	    rules_rulebook_parse(&rb, "r.yaml", ".", base, strlen(base)), 0);
	assert_int_equal(rb->nrules, 1);
	assert_int_equal(rb->rules[0].window, 5);
	assert_int_equal(rb->rules[0].negation, RULES_NEG_BLOCK);
	assert_int_equal(rb->lex[0].n, 2);
	rules_rulebook_free(rb);
}

static void errors_have_positions(void **state)
{
	(void)state;
	expect_error("cues: [a]", "cues: [zz]",
	             "r.yaml:14:12: cues: unknown lexicon 'zz'");
	expect_error("detect: near", "detect: magic",
	             "r.yaml:13:13: detect: 'magic' is not one of");
	expect_error("severity: tinggi", "severity: berat",
	             "r.yaml:10:15: severity: 'berat'");
	expect_error("category: support", "category: dukungan",
	             "r.yaml:9:15: category: 'dukungan' is not support");
	expect_error("    cues: [a]\n", "    cues: [a]\n    negation: flip\n",
	             "negation: flip needs 'flip_to'");
	expect_error("    cues: [a]\n",
	             "    cues: [a]\n    negation: flip\n    flip_to: NOPE\n",
	             "flip_to: no rule 'NOPE'");
	expect_error("  n: [tidak]\n", "  n: {file: /nonexistent/n.txt}\n",
	             "r.yaml:4:6: lexicon 'n'");
	expect_error("id: R-1", "id: r 1", "r.yaml:8:9: id: 'r 1' must be");
	expect_error("    severity: tinggi\n",
	             "    severity: tinggi\n    severity: rendah\n",
	             "r.yaml:11:5: duplicate key 'severity' (first on line 10)");
	expect_error("    explain: contoh {kandidat}\n",
	             "    explain: contoh {kandidat}\n...\n---\nrules: []\n",
	             "r.yaml:17:1: a second YAML document");
	expect_error("    cues: [a]\n", "    cues: [a]\n    window: -3\n",
	             "r.yaml:15:13: window: -3 is out of range");
	expect_error("    cues: [a]\n", "    cues: [a]\n    colour: red\n",
	             "r.yaml:15:5: unknown key 'colour'");
	expect_error("gesture: n}", "gestures: n}", "unknown key 'gestures'");
	expect_error("    explain: contoh {kandidat}\n", "",
	             "'explain' is required");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(default_rulebook_loads),
	    cmocka_unit_test(minimal_rulebook),
	    cmocka_unit_test(errors_have_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
