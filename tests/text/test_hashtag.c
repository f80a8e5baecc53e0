/*
 * tests/text/test_hashtag.c - hashtag splitting in the text pipeline:
 * CamelCase, letter/digit boundaries, '_' , lower-case hashtags split into
 * known words (and names added at runtime), de-leet and squeezing inside
 * hashtags, and that every part maps back to the whole hashtag as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text/helpers.h"

static int setup(void **state)
{
	*state = load_lex();
	return 0;
}

static int teardown(void **state)
{
	text_lexicon_free(*state);
	return 0;
}

static void test_camel_case(void **state)
{
	struct text_norm n = {0};
	const char *s = "Dukung #AyoPilihNomor2!";
	size_t i;

	norm_is(&n, *state, s, "dukung ayo pilih nomor 2");
	for (i = 1; i < n.ntok; i++)
		assert_true(n.tok[i].flags & TEXT_TOK_HASHTAG);
	assert_false(n.tok[0].flags & TEXT_TOK_HASHTAG);
	span_is(&n, s, "pilih", "#AyoPilihNomor2");
	span_is(&n, s, "dukung ayo", "Dukung #AyoPilihNomor2");
	norm_is(&n, *state, "#KPU #KPUDukungNetral", "kpu kpu dukung netral");
	norm_is(&n, *state, "#2024GantiWalikota", "2024 ganti walikota");
	norm_is(&n, *state, "#Pilih_Nomor_2", "pilih nomor 2");
	/* an upper-case run, then a word: split where the word is known */
	norm_is(&n, *state, "#RIDAuntukTangsel", "rida untuk tangsel");
	norm_is(&n, *state, "#AYOPilih", "ayo pilih");
	/* a digit then a capital splits */
	norm_is(&n, *state, "#Tangsel2RIDA", "tangsel 2 rida");
	text_norm_free(&n);
}

static void test_acronyms(void **state)
{
	struct text_norm n = {0};

	/* parts of one or two letters are a pair acronym, glued back, so
	 * the hashtag agrees with the acronym written as a word */
	norm_is(&n, *state, "#HeLuJuara HeLu", "helu juara helu");
	norm_is(&n, *state, "#Pilih01HeLu", "pilih 1 helu");
	/* a short part next to a long one stays a word (and slang) */
	norm_is(&n, *state, "#GaPilih", "tidak pilih");
	/* a clitic is not split off: "saatnya" is one word */
	norm_is(&n, *state, "#SaatnyaBerubah Saatnya Berubah",
	        "saatnya berubah saatnya berubah");
	text_norm_free(&n);
}

static void test_lower_case(void **state)
{
	struct text_norm n = {0};

	/* split at digit boundaries */
	norm_is(&n, *state, "#pilih02hendra", "pilih 2 hendra");
	/* split into known words: the same as the CamelCase form */
	norm_is(&n, *state, "#ayopilihnomor2", "ayo pilih nomor 2");
	norm_is(&n, *state, "#AYOPILIHNOMOR2", "ayo pilih nomor 2");
	/* known words plus one unknown name */
	norm_is(&n, *state, "#bersamahendra", "bersama hendra");
	/* nothing known inside: stays whole */
	norm_is(&n, *state, "#zqxwvutsr", "zqxwvutsr");
	/* a known word is not split (even if its parts are words) */
	norm_is(&n, *state, "#kemenangan", "kemenangan");
	/* the same words outside a hashtag are never split */
	norm_is(&n, *state, "ayopilih", "ayopilih");
	text_norm_free(&n);
}

static void test_added_names(void **state)
{
	struct text_lexicon *lex = load_lex();
	struct text_norm n = {0};

	norm_is(&n, lex, "#hendrasantoso", "hendrasantoso");
	assert_int_equal(text_lexicon_add_word(lex, "Hendra Santoso", 14), 0);
	assert_true(text_lexicon_known(lex, "santoso", 7));
	norm_is(&n, lex, "#hendrasantoso", "hendra santoso");
	norm_is(&n, lex, "#HendraSantoso", "hendra santoso");
	/* squeezing now knows the name */
	norm_is(&n, lex, "santosooo", "santoso");
	/* a profile acronym written in CamelCase with longer parts: glued
	 * only once the lexicon knows it */
	norm_is(&n, lex, "#Pilih01HarNing", "pilih 1 har ning");
	assert_int_equal(text_lexicon_add_word(lex, "HARNING", 7), 0);
	norm_is(&n, lex, "#Pilih01HarNing", "pilih 1 harning");
	norm_is(&n, lex, "#HarNingMenang", "harning menang");
	/* two known words stay apart */
	norm_is(&n, lex, "#AyoPilih", "ayo pilih");
	text_norm_free(&n);
	text_lexicon_free(lex);
}

static void test_leet_and_squeeze_inside(void **state)
{
	struct text_norm n = {0};
	const char *s = "#C0bl0sNomor2 #dukuuungHendra";

	norm_is(&n, *state, s, "coblos nomor 2 dukung hendra");
	span_is(&n, s, "coblos", "#C0bl0sNomor2");
	span_is(&n, s, "dukung hendra", "#dukuuungHendra");
	/* slang inside a hashtag */
	norm_is(&n, *state, "#JgnGolput", "jangan golput");
	text_norm_free(&n);
}

static void test_not_hashtags(void **state)
{
	struct text_norm n = {0};

	norm_is(&n, *state, "# tag", "tag");
	norm_is(&n, *state, "a#b", "a b");
	norm_is(&n, *state, "##", "");
	norm_is(&n, *state, "#", "");
	/* fullwidth number sign is a hashtag too */
	norm_is(&n, *state,
	        "\xef\xbc\x83"
	        "AyoPilih",
	        "ayo pilih");
	/* mathematical bold capitals keep their case for splitting */
	norm_is(&n, *state,
	        "#\xf0\x9d\x97\x94\xf0\x9d\x98\x86\xf0\x9d\x97\xbc"
	        "\xf0\x9d\x97\xa3\xf0\x9d\x97\xb6\xf0\x9d\x97\xb9"
	        "\xf0\x9d\x97\xb6\xf0\x9d\x97\xb5",
	        "ayo pilih");
	text_norm_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_camel_case),
	    cmocka_unit_test(test_lower_case),
	    cmocka_unit_test(test_acronyms),
	    cmocka_unit_test(test_added_names),
	    cmocka_unit_test(test_leet_and_squeeze_inside),
	    cmocka_unit_test(test_not_hashtags),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
