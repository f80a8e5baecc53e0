/*
 * tests/text/test_normalize.c - the text pipeline (src/text/normalize.c)
 * step by step: Unicode folding, tokenising, numbers, de-leet, squeezing,
 * slang, emoji, mentions and URLs; spans back to the original bytes for
 * each kind of rewrite; invalid UTF-8, empty and huge input; and that a
 * warm struct text_norm is reused without allocating.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <utf8proc.h>

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

static void test_empty_and_separators(void **state)
{
	struct text_norm n = {0};

	norm_is(&n, *state, "", "");
	assert_int_equal(n.ntok, 0);
	norm_is(&n, *state, "   \t\n!!! ... ---", "");
	norm_is(&n, *state, "  Halo,   Dunia!! ", "halo dunia");
	assert_int_equal(n.ntok, 2);
	norm_is(&n, NULL, "a-b_c/d", "a b c d");
	text_norm_free(&n);
	text_norm_free(&n); /* twice is fine: it zeroes */
	text_norm_free(NULL);
}

static void test_unicode_folding(void **state)
{
	struct text_norm n = {0};
	/* mathematical sans-serif bold "coblos" */
	const char *bold = "\xf0\x9d\x97\xb0\xf0\x9d\x97\xbc\xf0\x9d\x97\xaf"
	                   "\xf0\x9d\x97\xb9\xf0\x9d\x97\xbc\xf0\x9d\x98\x80";
	char s[256];

	snprintf(s, sizeof(s), "ayo %s sekarang", bold);
	norm_is(&n, *state, s, "ayo coblos sekarang");
	span_is(&n, s, "coblos", bold);
	/* fullwidth letters, digits and ideographic space */
	norm_is(&n, *state,
	        "\xef\xbc\xb0\xef\xbd\x89\xef\xbd\x8c\xef\xbd\x89"
	        "\xef\xbd\x88\xe3\x80\x80\xef\xbc\x92",
	        "pilih 2");
	/* accents stripped from Latin letters, precomposed or combining */
	norm_is(&n, *state, "Caf\xc3\xa9 re\xcc\x81sume\xcc\x81",
	        "cafe resume");
	/* other scripts stay (NFC), case-folded */
	norm_is(&n, *state, "\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91",
	        "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	norm_is(&n, *state, "\xed\x95\x9c\xea\xb5\xad",
	        "\xed\x95\x9c\xea\xb5\xad");
	/* zero-width characters do not split a word */
	norm_is(&n, *state,
	        "co\xe2\x80\x8b"
	        "bl\xe2\x80\x8d"
	        "os",
	        "coblos");
	span_is(&n,
	        "co\xe2\x80\x8b"
	        "bl\xe2\x80\x8d"
	        "os",
	        "coblos",
	        "co\xe2\x80\x8b"
	        "bl\xe2\x80\x8d"
	        "os");
	/* the ASCII path and the utf8proc path agree */
	norm_is(&n, *state, "PILIH Nomor", "pilih nomor");
	text_norm_free(&n);
}

/* Look-alike letters of other scripts (UTS #39 via ICU) read as the Latin
 * letters they imitate, in words that are Latin otherwise or made only of
 * look-alikes; spans still point at what was written. */
static void test_confusables(void **state)
{
	struct text_norm n = {0};
	/* "Аyo соblos nоmоr 2" with Cyrillic А, с, о */
	const char *cyr = "\xd0\x90yo \xd1\x81\xd0\xbe"
	                  "blos n\xd0\xbem\xd0\xber 2";

	norm_is(&n, *state, cyr, "ayo coblos nomor 2");
	span_is(&n, cyr, "coblos", "\xd1\x81\xd0\xbe" "blos");
	assert_true(tok_flags(&n, "coblos") & TEXT_TOK_CONFUSABLE);
	assert_false(tok_flags(&n, "2") & TEXT_TOK_CONFUSABLE);
	/* Greek omicron and alpha, a Cherokee A, the Latin dotless i */
	norm_is(&n, *state, "c\xce\xbf" "blos p\xce\xb1slon", "coblos paslon");
	norm_is(&n, *state, "\xe1\x8e\xaa" "yo p\xc4\xb1lih", "ayo pilih");
	/* a capital that looks Latin only as a capital (Cyrillic В) */
	norm_is(&n, *state, "\xd0\x92" "ima", "bima");
	/* a word of another script stays: Russian "вот", Greek "αθηνα",
	 * Arabic, and a Cyrillic word with one letter that has no Latin
	 * look-alike */
	norm_is(&n, *state, "\xd0\xb2\xd0\xbe\xd1\x82",
	        "\xd0\xb2\xd0\xbe\xd1\x82");
	norm_is(&n, *state, "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1",
	        "\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1");
	norm_is(&n, *state, "\xd8\xa7\xd9\x84\xd9\x84\xd9\x87",
	        "\xd8\xa7\xd9\x84\xd9\x84\xd9\x87");
	norm_is(&n, *state, "\xd0\xb4\xd0\xbe\xd0\xbc",
	        "\xd0\xb4\xd0\xbe\xd0\xbc");
	/* ASCII is never folded: "rn" stays "rn", "l" stays "l" */
	norm_is(&n, *state, "kernel modern", "kernel modern");
	/* in a hashtag too */
	norm_is(&n, *state, "#\xd0\x90yoPilih2", "ayo pilih 2");
	text_norm_free(&n);
}

/* Letters spelt out one by one with the same gap (" ", ".", "-", "_")
 * are one word when there are at least four; fewer stay words ("a.n.",
 * "y g"). */
static void test_spelled(void **state)
{
	struct text_norm n = {0};
	const char *sp = "ayo c o b l o s nomor 2";

	norm_is(&n, *state, sp, "ayo coblos nomor 2");
	span_is(&n, sp, "coblos", "c o b l o s");
	assert_true(tok_flags(&n, "coblos") & TEXT_TOK_SPELLED);
	norm_is(&n, *state, "ayo c.o.b.l.o.s nomor 2", "ayo coblos nomor 2");
	norm_is(&n, *state, "C-O-B-L-O-S", "coblos");
	norm_is(&n, *state, "p. i. l. i. h 2", "pilih 2");
	norm_is(&n, *state, "kita B A N G G A", "kita bangga");
	/* a Cyrillic look-alike among the letters */
	norm_is(&n, *state, "\xd1\x81 \xd0\xbe b l \xd0\xbe s", "coblos");
	/* too few, or mixed gaps: each letter is its own word */
	norm_is(&n, *state, "a.n. Bapak Budi", "a n bapak budi");
	norm_is(&n, *state, "y g d tau", "ya g d tahu");
	norm_is(&n, *state, "c o.b-l o", "c o b l o");
	/* a digit ends the run; the run ends before other tokens */
	norm_is(&n, *state, "c o b l o s 0 2 @budi", "coblos 0 2 @budi");
	norm_is(&n, *state, "d u k u n g\xe2\x9c\x8c\xef\xb8\x8f",
	        "dukung isyarat_2");
	text_norm_free(&n);
}

static void test_invalid_utf8(void **state)
{
	struct text_norm n = {0};
	const char s[] = "\xffpilih\xc3\x28nomor\xc0\xaf"
	                 "2\xed\xa0\x80x\xf4\x90"
	                 "\x80\x80\xe2\x82";
	size_t i = 1;
	utf8proc_int32_t cp;

	assert_int_equal(text_normalize(&n, *state, s, sizeof(s) - 1), 0);
	check_invariants(&n);
	assert_string_equal(n.buf, " pilih nomor 2 x ");
	/* the output is valid UTF-8 */
	while (i < n.len) {
		utf8proc_ssize_t r =
		    utf8proc_iterate((const utf8proc_uint8_t *)n.buf + i,
		                     (utf8proc_ssize_t)(n.len - i), &cp);
		assert_true(r > 0);
		i += (size_t)r;
	}
	/* NUL bytes are separators, not terminators */
	assert_int_equal(text_normalize(&n, *state, "yg\0gak", 6), 0);
	assert_string_equal(n.buf, " yang tidak ");
	text_norm_free(&n);
}

static void test_huge_input(void **state)
{
	struct text_norm n = {0};
	size_t len = 3 * TEXT_MAX_INPUT, i;
	char *s = malloc(len);

	assert_non_null(s);
	for (i = 0; i + 4 <= len; i += 4)
		memcpy(s + i, "yg ", 3), s[i + 3] = 'a';
	assert_int_equal(text_normalize(&n, *state, s, len), 0);
	check_invariants(&n);
	assert_int_equal(n.in_len, TEXT_MAX_INPUT);
	assert_true(n.ntok <= TEXT_MAX_INPUT / 2);
	/* a cut inside a multi-byte character backs off to its start */
	memset(s, 'a', len);
	memcpy(s + TEXT_MAX_INPUT - 1, "\xc3\xa9\xc3\xa9", 4);
	assert_int_equal(text_normalize(&n, *state, s, len), 0);
	check_invariants(&n);
	assert_int_equal(n.in_len, TEXT_MAX_INPUT - 1);
	/* one enormous token of a repeated letter squeezes in bounded time */
	memset(s, 'a', len);
	assert_int_equal(text_normalize(&n, *state, s, len), 0);
	assert_string_equal(n.buf, " a ");
	free(s);
	text_norm_free(&n);
}

static void test_numbers(void **state)
{
	struct text_norm n = {0};

	norm_is(&n, *state, "01 002 0 000 2024", "1 2 0 0 2024");
	assert_true(tok_flags(&n, "2") & TEXT_TOK_NUMBER);
	norm_is(&n, *state, "Rp 100.000 jam 10:30, 1,5 juta",
	        "rp 100000 jam 1030 15 juta");
	norm_is(&n, *state, "Pilih no.2!", "pilih nomor 2");
	norm_is(&n, *state, "No 02 ya", "nomor 2 ya");
	span_is(&n, "No 02 ya", "nomor 2", "No 02");
	norm_is(&n, *state, "no urut 02", "nomor urut 2");
	norm_is(&n, *state, "nomor urut 2", "nomor urut 2");
	norm_is(&n, *state, "nmr 3", "nomor 3");
	/* "no" that is not before a number stays (English, or "no!") */
	norm_is(&n, *state, "say no to hoax", "say no to hoaks");
	norm_is(&n, *state, "pilih2 paslon02", "pilih 2 paslon 2");
	/* a "2" glued to a word doubles it, unless the word takes a number
	 * (data/number_words.txt); other digits are numbers */
	norm_is(&n, *state, "hati2 bagi2 no2 ke2 kasar2 dua2nya budi3",
	        "hati hati bagi bagi nomor 2 ke 2 kasar kasar dua duanya "
	        "budi 3");
	span_is(&n, "hati2 bagi2", "hati hati", "hati2");
	norm_is(&n, *state, "2periode", "2 periode");
	/* "02" (how pairs are written) is marked padded, "2", "2024",
	 * "002" and a date are not */
	norm_is(&n, *state, "02 menang", "2 menang");
	assert_true(tok_flags(&n, "2") & TEXT_TOK_PADDED);
	norm_is(&n, *state, "2 menang 2024", "2 menang 2024");
	assert_false(tok_flags(&n, "2") & TEXT_TOK_PADDED);
	assert_false(tok_flags(&n, "2024") & TEXT_TOK_PADDED);
	norm_is(&n, *state, "002 00", "2 0");
	assert_false(tok_flags(&n, "2") & TEXT_TOK_PADDED);
	assert_false(tok_flags(&n, "0") & TEXT_TOK_PADDED);
	norm_is(&n, *state, "01/12/2024", "1122024");
	assert_false(tok_flags(&n, "1122024") & TEXT_TOK_PADDED);
	text_norm_free(&n);
}

static void test_deleet(void **state)
{
	struct text_norm n = {0};
	const char *s = "ayo c0bl0s n0m0r 2";

	norm_is(&n, *state, s, "ayo coblos nomor 2");
	span_is(&n, s, "coblos", "c0bl0s");
	span_is(&n, s, "coblos nomor 2", "c0bl0s n0m0r 2");
	assert_true(tok_flags(&n, "coblos") & TEXT_TOK_LEET);
	norm_is(&n, *state, "y4 s4l4h b0s 4y0 b4ru", "ya salah bos ayo baru");
	/* a digit between letters with no known word around it: h3ndr4 */
	norm_is(&n, *state, "h3ndr4 1nd0nesia", "hendra indonesia");
	/* numbers stay numbers */
	norm_is(&n, *state, "covid19 4g mp3 2024", "covid 19 4 g mp 3 2024");
	/* a known word beside the digit: the digit is a number */
	norm_is(&n, *state, "pilih1hendra", "pilih 1 hendra");
	/* "2" has no letter reading */
	norm_is(&n, *state, "sama2kita", "sama 2 kita");
	/* an amount with its unit is no leet ("50k" is not "sok") */
	norm_is(&n, *state, "tiket 50k 100rb th 90an", "tiket 50 k 100 ribu th 90 an");
	/* without a lexicon only the structural rule applies */
	norm_is(&n, NULL, "c0bl0s y4", "coblos y 4");
	text_norm_free(&n);
}

static void test_squeeze(void **state)
{
	struct text_norm n = {0};

	norm_is(&n, *state, "dukuuung mantaaaap gasss", "dukung mantap gas");
	assert_true(tok_flags(&n, "dukung") & TEXT_TOK_SQUEEZED);
	span_is(&n, "dukuuung mantaaaap gasss", "mantap", "mantaaaap");
	/* legitimate doubles stay */
	norm_is(&n, *state, "saat maaf taat jumat tunggu",
	        "saat maaf taat "
	        "jumat tunggu");
	assert_false(tok_flags(&n, "maaf") & TEXT_TOK_SQUEEZED);
	/* elongated words with a legitimate double */
	norm_is(&n, *state, "maaaaf tungguuuu", "maaf tunggu");
	/* a doubled letter that is not a known word is a typo if the
	 * single form is known */
	norm_is(&n, *state, "bangett pilihh", "banget pilih");
	/* unknown words: 3+ become 1, doubles stay (names: Anna, Hasballah) */
	norm_is(&n, *state, "hendraaaa anna", "hendra anna");
	norm_is(&n, NULL, "mantaaap saat", "mantap saat");
	text_norm_free(&n);
}

static void test_slang(void **state)
{
	struct text_norm n = {0};
	const char *s = "yg gpp, GAAAK jgn";

	norm_is(&n, *state, s, "yang tidak apa apa tidak jangan");
	span_is(&n, s, "apa apa", "gpp");
	span_is(&n, s, "tidak apa", "gpp");
	span_is(&n, s, "tidak jangan", "GAAAK jgn");
	assert_true(tok_flags(&n, "yang") & TEXT_TOK_SLANG);
	norm_is(&n, *state, "ga gk nggak ngga kagak tdk",
	        "tidak tidak tidak tidak tidak tidak");
	norm_is(&n, *state, "udh sdh udah bgt dgn org",
	        "sudah sudah sudah "
	        "banget dengan orang");
	norm_is(&n, *state, "org2 sm2", "orang orang sama sama");
	/* words that stay */
	norm_is(&n, *state, "paslon cawalkot cawagub cabup",
	        "paslon cawalkot "
	        "cawagub cabup");
	/* slang after de-leet: "y9" reads "yg" */
	norm_is(&n, *state, "y9 b3ner", "yang benar");
	text_norm_free(&n);
}

static void test_emoji(void **state)
{
	struct text_norm n = {0};
	const char *s = "salam \xe2\x98\x9d\xef\xb8\x8f dan "
	                "\xe2\x9c\x8c\xf0\x9f\x8f\xbd!";

	norm_is(&n, *state, s, "salam isyarat_1 dan isyarat_2");
	/* the span covers the variation selector and the skin tone */
	span_is(&n, s, "isyarat_1", "\xe2\x98\x9d\xef\xb8\x8f");
	span_is(&n, s, "isyarat_2", "\xe2\x9c\x8c\xf0\x9f\x8f\xbd");
	assert_true(tok_flags(&n, "isyarat_2") & TEXT_TOK_EMOJI);
	/* keycap digits are numbers, consecutive ones one number */
	s = "paslon 0\xef\xb8\x8f\xe2\x83\xa3"
	    "2\xef\xb8\x8f\xe2\x83\xa3 "
	    "3\xe2\x83\xa3";
	norm_is(&n, *state, s, "paslon 2 3");
	assert_true(tok_flags(&n, "2") & TEXT_TOK_NUMBER);
	assert_true(tok_flags(&n, "2") & TEXT_TOK_EMOJI);
	span_is(&n, s, "2",
	        "0\xef\xb8\x8f\xe2\x83\xa3"
	        "2\xef\xb8\x8f\xe2\x83\xa3");
	/* no 2 with a keycap */
	norm_is(&n, *state, "no 2\xef\xb8\x8f\xe2\x83\xa3", "nomor 2");
	/* a run of one emoji is one token */
	s = "\xf0\x9f\x91\x8d\xf0\x9f\x91\x8d\xf0\x9f\x91\x8d";
	norm_is(&n, *state, s, "isyarat_jempol");
	span_is(&n, s, "isyarat_jempol", s);
	/* unlisted emoji separate words and vanish */
	norm_is(&n, *state,
	        "a\xf0\x9f\x98\x80"
	        "b",
	        "a b");
	/* no lexicon: emoji are separators */
	norm_is(&n, NULL, "\xe2\x9c\x8c\xef\xb8\x8f", "");
	text_norm_free(&n);
}

/* Emoji written by name, as exports and published datasets write them:
 * "<FACE WITH TEARS OF JOY>", ":victory_hand:" are the emoji's tokens,
 * spanning the whole name; other brackets and colons are left alone. */
static void test_emoji_names(void **state)
{
	struct text_norm n = {0};
	const char *s = "menang <Victory Hand> <victory hand> lucu "
	                "<FACE WITH TEARS OF JOY>";

	norm_is(&n, *state, s, "menang isyarat_2 lucu emoji_tawa");
	span_is(&n, s, "isyarat_2", "<Victory Hand> <victory hand>");
	span_is(&n, s, "emoji_tawa", "<FACE WITH TEARS OF JOY>");
	assert_true(tok_flags(&n, "emoji_tawa") & TEXT_TOK_EMOJI);
	/* CLDR short names with '_' and '-', '&' read as "and" */
	norm_is(&n, *state, "oke:thumbs_up:sip :love-you_gesture:",
	        "oke isyarat_jempol sip isyarat_3");
	norm_is(&n, *state, "<SMILING FACE WITH HEART-EYES>", "emoji_positif");
	/* the keycap ten is the number 10 */
	norm_is(&n, *state, "paslon :keycap_10:", "paslon 10");
	assert_true(tok_flags(&n, "10") & TEXT_TOK_NUMBER);
	/* not names: unknown, spaced between colons, times, comparisons */
	norm_is(&n, *state, "<bukan nama> jam 10:30:00 a<b dan b>c",
	        "bukan nama jam 103000 a b dan b c");
	norm_is(&n, *state, "catatan: fire :", "catatan fire");
	/* no lexicon: words */
	norm_is(&n, NULL, "<fire>", "fire");
	text_norm_free(&n);
}

static void test_mentions_urls(void **state)
{
	struct text_norm n = {0};
	const char *s = "cek @Paslon2_Official. lihat https://t.co/AbC?x=1 ya";

	norm_is(&n, *state, s, "cek @paslon2_official lihat ya");
	assert_true(tok_flags(&n, "@paslon2_official") & TEXT_TOK_MENTION);
	span_is(&n, s, "@paslon2_official", "@Paslon2_Official");
	norm_is(&n, *state, "mail budi@contoh.id", "mail budi contoh id");
	norm_is(&n, *state, "@ budi", "budi");
	norm_is(&n, *state, "www.contoh.com/pilih02 oke", "oke");
	/* "no" before a mention is not "nomor" */
	norm_is(&n, *state, "no @budi", "no @budi");
	text_norm_free(&n);
}

static void test_spans(void **state)
{
	struct text_norm n = {0};
	const char *s = "Ayo #PilihNomor2 sekarang";
	size_t a, b;

	norm_is(&n, *state, s, "ayo pilih nomor 2 sekarang");
	span_is(&n, s, "ayo pilih", "Ayo #PilihNomor2");
	span_is(&n, s, "nomor 2", "#PilihNomor2");
	span_is(&n, s, "2 sekarang", "#PilihNomor2 sekarang");
	/* a range on a separator maps to an empty range */
	text_norm_span(&n, 4, 4, &a, &b);
	assert_int_equal(a, b);
	/* the whole buffer maps to the whole text */
	text_norm_span(&n, 0, n.len, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, strlen(s));
	/* past the end */
	text_norm_span(&n, n.len + 10, n.len + 20, &a, &b);
	assert_int_equal(a, strlen(s));
	assert_int_equal(b, a);
	assert_int_equal(text_norm_tok_at(&n, 1), 0);
	assert_int_equal(text_norm_tok_at(&n, n.len), n.ntok);
	/* empty text */
	norm_is(&n, *state, "", "");
	text_norm_span(&n, 0, 1, &a, &b);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	text_norm_free(&n);
}

static void test_warm_no_alloc(void **state)
{
	struct text_norm n = {0};
	const char *big = "Ayo #AyoPilihNomor2 c0bl0s dukuuung yg gpp "
	                  "\xe2\x9c\x8c\xef\xb8\x8f @budi_s https://x.co/a "
	                  "\xf0\x9d\x97\xb0\xf0\x9d\x97\xbc h3ndr4 maaaaf";
	const char *small = "yg gak c0bl0s #Hendra2 \xe2\x98\x9d";
	char *buf, *w, *t1, *t2;
	struct text_tok *tok;
	size_t cap, tcap;

	assert_int_equal(text_normalize(&n, *state, big, strlen(big)), 0);
	buf = n.buf, tok = n.tok, w = n.w, t1 = n.t1, t2 = n.t2;
	cap = n.cap, tcap = n.tok_cap;
	assert_int_equal(text_normalize(&n, *state, big, strlen(big)), 0);
	assert_int_equal(text_normalize(&n, *state, small, strlen(small)), 0);
	check_invariants(&n);
	assert_ptr_equal(n.buf, buf);
	assert_ptr_equal(n.tok, tok);
	assert_ptr_equal(n.w, w);
	assert_ptr_equal(n.t1, t1);
	assert_ptr_equal(n.t2, t2);
	assert_int_equal(n.cap, cap);
	assert_int_equal(n.tok_cap, tcap);
	text_norm_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_and_separators),
	    cmocka_unit_test(test_unicode_folding),
	    cmocka_unit_test(test_confusables),
	    cmocka_unit_test(test_spelled),
	    cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_huge_input),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_deleet),
	    cmocka_unit_test(test_squeeze),
	    cmocka_unit_test(test_slang),
	    cmocka_unit_test(test_emoji),
	    cmocka_unit_test(test_emoji_names),
	    cmocka_unit_test(test_mentions_urls),
	    cmocka_unit_test(test_spans),
	    cmocka_unit_test(test_warm_no_alloc),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
