/*
 * tests/rules/test_matcher.c - the one-database matcher: whole words only,
 * phrases, overlapping terms all reported, "word*" endings, hashtag terms
 * strong only when written as a hashtag, numbers in phrases, and a bound
 * on matches for hostile input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/engine_int.h"
#include "rules/engine_fixture.h"

static const char profile[] =
    "election:\n"
    "  id: t\n"
    "  campaign_period: {start: 2029-09-24, end: 2029-11-24}\n"
    "  voting_day: 2029-11-28\n"
    "candidates:\n"
    "  - number: 1\n"
    "    names: [\"Agus Santoso\", \"Wulan Sari\"]\n"
    "    aliases: [AGWU, Pak Agus]\n"
    "    hashtags: [\"#MajuBersama\"]\n"
    "  - number: 2\n"
    "    names: [\"Bima Prakoso\", \"Citra Lestari\"]\n";

static int setup(void **state)
{
	return engine_fix_setup(state, profile);
}

static int teardown(void **state)
{
	return engine_fix_teardown(state);
}

/* Normalises and scans t; returns the number of signals. */
static size_t scan(struct fix *f, const char *t)
{
	f->j->nsig = 0;
	f->j->src[0] = t; /* the original text, as judge.c sets it */
	assert_int_equal(
	    text_normalize(&f->j->norm[0], f->e->tlex, t, strlen(t)), 0);
	assert_int_equal(rules_matcher_scan(f->j, 0), 0);
	return f->j->nsig;
}

/* The signal of kind/sub for candidate index ci covering the phrase. */
static const struct sig *find(struct fix *f, int kind, int sub, int ci,
                              const char *phrase)
{
	size_t i;

	for (i = 0; i < f->j->nsig; i++) {
		const struct sig *s = &f->j->sig[i];

		if (s->kind == kind && (sub < 0 || s->sub == sub) &&
		    s->cand == ci && s->nb - s->na == strlen(phrase) &&
		    memcmp(f->j->norm[0].buf + s->na, phrase, strlen(phrase)) ==
		        0)
			return s;
	}
	return NULL;
}

static const struct sig *find_lex(struct fix *f, const char *lex,
                                  const char *phrase)
{
	int li = rules_rulebook_lexicon(f->e->rb, lex);
	size_t i;

	for (i = 0; i < f->j->nsig; i++) {
		const struct sig *s = &f->j->sig[i];

		if (s->kind == TK_LEX && s->lex == li &&
		    s->nb - s->na == strlen(phrase) &&
		    memcmp(f->j->norm[0].buf + s->na, phrase, strlen(phrase)) ==
		        0)
			return s;
	}
	return NULL;
}

static void whole_words_only(void **state)
{
	struct fix *f = *state;

	scan(f, "Rapat bulan Agustus di gedung Bimasakti");
	assert_null(find(f, TK_REF, -1, 0, "agus"));
	assert_null(find(f, TK_REF, -1, 1, "bima"));
	scan(f, "kata Agus: oke");
	assert_non_null(find(f, TK_REF, REF_NAME, 0, "agus"));
}

static void phrases_and_overlaps(void **state)
{
	struct fix *f = *state;
	const struct sig *full, *first, *alias;

	scan(f, "Pak Agus Santoso datang");
	full = find(f, TK_REF, REF_NAME, 0, "agus santoso");
	first = find(f, TK_REF, REF_NAME, 0, "agus");
	alias = find(f, TK_REF, REF_ALIAS, 0, "pak agus");
	assert_non_null(full);
	assert_non_null(first);
	assert_non_null(alias);
	assert_true(full->strong);
	assert_false(first->strong);
	assert_false(alias->strong); /* honorific + name */
	assert_int_equal(full->ta, 1);
	assert_int_equal(full->tb, 3);
	scan(f, "AGWU");
	assert_true(find(f, TK_REF, REF_ALIAS, 0, "agwu")->strong);
	/* an acronym written as an ordinary word ("Kebun Raya" for RAYA)
	 * is only a weak reference; in a hashtag it is strong */
	scan(f, "kata Agwu tadi");
	assert_false(find(f, TK_REF, REF_ALIAS, 0, "agwu")->strong);
	scan(f, "agwu");
	assert_false(find(f, TK_REF, REF_ALIAS, 0, "agwu")->strong);
	scan(f, "#agwu");
	assert_true(find(f, TK_REF, REF_ALIAS, 0, "agwu")->strong);
	scan(f, "jangan pilih dia");
	assert_non_null(find_lex(f, "serangan", "jangan pilih"));
	assert_non_null(find_lex(f, "negasi", "jangan"));
	assert_non_null(find_lex(f, "ajakan", "pilih"));
}

static void word_endings(void **state)
{
	struct fix *f = *state;

	scan(f, "dukungannya penuh");
	assert_non_null(find_lex(f, "ajakan", "dukungannya"));
	/* "dukung*" extends the end of a word, never its start */
	scan(f, "didukungnya");
	assert_null(find_lex(f, "ajakan", "didukungnya"));
}

static void hashtags_strong_only_as_hashtag(void **state)
{
	struct fix *f = *state;
	const struct sig *s;

	scan(f, "Ayo #MajuBersama");
	s = find(f, TK_REF, REF_HASHTAG, 0, "maju bersama");
	assert_non_null(s);
	assert_true(s->strong);
	scan(f, "warga maju bersama membersihkan selokan");
	s = find(f, TK_REF, REF_HASHTAG, 0, "maju bersama");
	assert_non_null(s);
	assert_false(s->strong);
}

static void numbers_and_gestures(void **state)
{
	struct fix *f = *state;

	scan(f, "coblos no 02 ya");
	assert_non_null(find(f, TK_REF, REF_NUMBER, 1, "nomor 2"));
	assert_non_null(find(f, TK_BARENUM, -1, 1, "2"));
	scan(f, "salam dua jari \xe2\x9c\x8c\xef\xb8\x8f");
	assert_non_null(find(f, TK_GESTURE, -1, 1, "salam dua jari"));
	assert_non_null(find(f, TK_GESTURE, -1, 1, "isyarat_2"));
	/* reduplication is not a ballot number; a keycap is */
	scan(f, "bagi2 rezeki");
	assert_null(find(f, TK_BARENUM, -1, 1, "2"));
	scan(f, "pilihanku \x32\xef\xb8\x8f\xe2\x83\xa3");
	assert_non_null(find(f, TK_BARENUM, -1, 1, "2"));
	scan(f, "Tanggal 28 November libur");
	assert_non_null(find(f, TK_VDAY, -1, -1, "28 november"));
}

static void hostile_input_is_bounded(void **state)
{
	struct fix *f = *state;
	char *big = malloc(60001);
	size_t i;

	for (i = 0; i + 6 <= 60000; i += 6)
		memcpy(big + i, "agus  ", 6);
	big[i] = 0;
	assert_true(scan(f, big) <= JUDGE_MAX_MATCHES * 4);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(whole_words_only),
	    cmocka_unit_test(phrases_and_overlaps),
	    cmocka_unit_test(word_endings),
	    cmocka_unit_test(hashtags_strong_only_as_hashtag),
	    cmocka_unit_test(numbers_and_gestures),
	    cmocka_unit_test(hostile_input_is_bounded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
