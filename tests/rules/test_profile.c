/*
 * tests/rules/test_profile.c - the election profile loader: a valid
 * profile with three pairs, and each kind of error reported at its
 * file:line:col.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "netra/common.h"
#include "rules/profile.h"

static const char good[] =
    "election:\n"
    "  id: pilkada-sukamaju-2029\n"
    "  name: Pemilihan Bupati Sukamaju 2029\n"
    "  region: Kabupaten Sukamaju\n"
    "  campaign_period: {start: 2029-09-24, end: 2029-11-24}\n"
    "  voting_day: 2029-11-28\n"
    "candidates:\n"
    "  - number: 1\n"
    "    names: [\"Agus Santoso\", \"Wulan Sari\"]\n"
    "    aliases: [AGWU, Pak Agus]\n"
    "    hashtags: [\"#AgusWulanMenang\"]\n"
    "    accounts:\n"
    "      - {platform: instagram, handle: \"@AgusWulan.Official\"}\n"
    "  - number: 2\n"
    "    names: [\"Bima Prakoso\", \"Citra Lestari\"]\n"
    "    incumbent: false\n"
    "  - number: 3\n"
    "    names: [\"Cahyo Nugroho\", \"Dina Maharani\"]\n"
    "    parties: [Partai Contoh]\n";

static void valid_profile(void **state)
{
	struct rules_profile *p = NULL;
	(void)state;

	assert_int_equal(rules_profile_parse(&p, "t.yaml", good, strlen(good)),
	                 0);
	assert_non_null(p);
	assert_string_equal(p->id, "pilkada-sukamaju-2029");
	assert_int_equal(p->ncand, 3);
	assert_int_equal(p->cand[2].number, 3);
	assert_int_equal(p->cand[0].aliases.n, 2);
	assert_int_equal(p->cand[1].descriptors.n, 0);
	assert_int_equal(p->cand[0].incumbent, 0);
	assert_int_equal(p->cand[1].incumbent, 0);
	assert_string_equal(p->cand[0].accounts[0].handle,
	                    "aguswulan.official");
	assert_true(p->voting_day > p->campaign_end);
	assert_int_equal(p->voting_day - p->campaign_start, 65);
	assert_non_null(rules_profile_find(p, 2));
	assert_null(rules_profile_find(p, 4));
	assert_true(rules_profile_sniff(good, strlen(good)));
	rules_profile_free(p);
}

/* Replaces the first occurrence of from in good by to and expects an
 * error message containing want. */
static void expect_error(const char *from, const char *to, const char *want)
{
	struct rules_profile *p = (void *)1;
	char buf[4096];
	const char *at = strstr(good, from);
	size_t pre;

	assert_non_null(at);
	pre = (size_t)(at - good);
	memcpy(buf, good, pre);
	memcpy(buf + pre, to, strlen(to));
	memcpy(buf + pre + strlen(to), at + strlen(from),
	       strlen(at + strlen(from)) + 1);
	assert_int_equal(rules_profile_parse(&p, "t.yaml", buf, strlen(buf)),
	                 NETRA_EINVALID);
	assert_null(p);
	if (!strstr(netra_error_last(), want))
		fail_msg("got '%s', want '%s'", netra_error_last(), want);
}

/* descriptors: an optional list of strings per pair */
static void descriptors(void **state)
{
	struct rules_profile *p = NULL;
	char buf[4096];

	(void)state;
	snprintf(buf, sizeof(buf), "%s    descriptors: [\"sang jenderal\", "
	         "\"anak wali kota\"]\n", good);
	assert_int_equal(rules_profile_parse(&p, "t.yaml", buf, strlen(buf)),
	                 0);
	assert_int_equal(p->cand[2].descriptors.n, 2);
	assert_string_equal(p->cand[2].descriptors.v[1], "anak wali kota");
	rules_profile_free(p);
	snprintf(buf, sizeof(buf), "%s    descriptors: {sang: jenderal}\n",
	         good);
	assert_int_equal(rules_profile_parse(&p, "t.yaml", buf, strlen(buf)),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "t.yaml:20:"));
	assert_non_null(strstr(netra_error_last(), "expected a list"));
}

static void errors_have_positions(void **state)
{
	(void)state;
	expect_error("2029-09-24", "2029-02-30",
	             "t.yaml:5:28: campaign_period.start: '2029-02-30' is not "
	             "a valid date");
	expect_error("end: 2029-11-24", "end: 2029-09-01",
	             "t.yaml:5:45: campaign_period: end is before start");
	expect_error("voting_day: 2029-11-28", "voting_day: 2029-11-01",
	             "t.yaml:6:15: voting_day: before the end");
	expect_error("  - number: 2\n", "  - number: 1\n",
	             "t.yaml:14:13: number: pair 1 appears twice");
	expect_error("  - number: 3\n", "  - number: x\n",
	             "t.yaml:17:13: number: 'x' is not a whole number");
	expect_error("    names: [\"Bima Prakoso\", \"Citra Lestari\"]\n",
	             "    names: []\n",
	             "t.yaml:15:12: names: must not be empty");
	expect_error("    parties:", "    partys:",
	             "t.yaml:19:5: unknown key "
	             "'partys'");
	expect_error("  region:", "  region: [", "t.yaml:");
	expect_error("{platform: instagram, handle: \"@AgusWulan.Official\"}",
	             "{platform: instagram}", "handle");
	expect_error("hashtags: [\"#AgusWulanMenang\"]",
	             "hashtags: [\"#Agus Wulan\"]", "is not a hashtag");
	expect_error("election:\n", "elections:\n", "t.yaml:1:1: unknown key");
	expect_error("incumbent: false", "incumbent: maybe",
	             "t.yaml:16:16: incumbent: expected true or false");
	/* a key twice: one value would be lost silently */
	expect_error("  region: Kabupaten Sukamaju\n",
	             "  region: Kabupaten Sukamaju\n  region: Kota Lain\n",
	             "t.yaml:5:3: duplicate key 'region' (first on line 4)");
	expect_error("    names: [\"Cahyo Nugroho\", \"Dina Maharani\"]\n",
	             "    names: [\"Cahyo Nugroho\", \"Dina Maharani\"]\n"
	             "    names: [\"Orang Lain\"]\n",
	             "t.yaml:19:5: duplicate key 'names' (first on line 18)");
	/* a second document: everything in it would be ignored */
	expect_error("    parties: [Partai Contoh]\n",
	             "    parties: [Partai Contoh]\n---\nelection: {id: x}\n",
	             "t.yaml:20:1: a second YAML document");
	/* the region's zone */
	expect_error("  region: Kabupaten Sukamaju\n",
	             "  region: Kabupaten Sukamaju\n  timezone: Europe/Paris\n",
	             "t.yaml:5:13: timezone: 'Europe/Paris' is not WIB");
}

/* The incumbent pair: `incumbent: true`, or an alias people use for the
 * sitting head ("Petahana"); an explicit `false` wins over the alias. */
static void incumbent_pair(void **state)
{
	struct rules_profile *p = NULL;
	char buf[4096];
	(void)state;

	snprintf(buf, sizeof(buf), "%s", good);
	memcpy(strstr(buf, "incumbent: false"), "incumbent:  true", 16);
	assert_int_equal(rules_profile_parse(&p, "t.yaml", buf, strlen(buf)),
	                 0);
	assert_int_equal(p->cand[1].incumbent, 1);
	assert_int_equal(p->cand[0].incumbent, 0);
	rules_profile_free(p);
	p = NULL;
	snprintf(buf, sizeof(buf), "%s", good);
	memcpy(strstr(buf, "Pak Agus"), "Petahana", 8);
	assert_int_equal(rules_profile_parse(&p, "t.yaml", buf, strlen(buf)),
	                 0);
	assert_int_equal(p->cand[0].incumbent, 1);
	rules_profile_free(p);
}

/* The engine reads profiles leniently: keys a newer tool added are
 * ignored; `rules check` (strict) still reports them. A single value may
 * stand for a one-item list. */
static void lenient_profile(void **state)
{
	static const char ext[] =
	    "election:\n"
	    "  id: x\n"
	    "  level: kota\n"
	    "  campaign_period: {start: 2029-09-24, end: 2029-11-24}\n"
	    "  voting_day: 2029-11-28\n"
	    "candidates:\n"
	    "  - number: 1\n"
	    "    names: Agus Santoso\n"
	    "    photo: agus.jpg\n";
	struct rules_profile *p = NULL;
	(void)state;

	assert_int_equal(rules_profile_parse(&p, "x", ext, strlen(ext)),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "x:3:3: unknown key"));
	assert_int_equal(rules_profile_parse_lenient(&p, "x", ext, strlen(ext)),
	                 0);
	assert_int_equal(p->cand[0].names.n, 1);
	assert_string_equal(p->cand[0].names.v[0], "Agus Santoso");
	rules_profile_free(p);
}

static void any_bytes_no_crash(void **state)
{
	struct rules_profile *p = NULL;
	static const char junk[] = "\xff\xfe: [\n  - {";
	(void)state;

	assert_int_equal(rules_profile_parse(&p, "j", junk, sizeof(junk) - 1),
	                 NETRA_EINVALID);
	assert_int_equal(rules_profile_parse(&p, "j", "", 0), NETRA_EINVALID);
	assert_int_equal(rules_profile_load(&p, "/nonexistent/x.yaml"),
	                 NETRA_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_profile),
	    cmocka_unit_test(errors_have_positions),
	    cmocka_unit_test(descriptors),
	    cmocka_unit_test(incumbent_pair),
	    cmocka_unit_test(lenient_profile),
	    cmocka_unit_test(any_bytes_no_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
