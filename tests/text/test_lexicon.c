/*
 * tests/text/test_lexicon.c - loading the text lexicons (src/text/
 * lexicon.c): the shipped data/ files, errors with file:line, an extra
 * slang list in CSV/Latin-1 at runtime, added words; the stemmer with its
 * exception list (src/text/stem.c); and one lexicon shared by threads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <unistd.h>

#include "text/helpers.h"

struct tmpdir {
	char path[64];
};

static void put_file(const char *dir, const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
}

static void rm_dir(const char *dir)
{
	static const char *const names[] = {
	    "words.txt",           "slang.txt",        "emoji.txt",
	    "stem_exceptions.txt", "number_words.txt", "extra.csv"};
	char p[256];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* A lexicon directory with small valid files; slang/emoji overridable. */
static void make_dir(struct tmpdir *d, const char *slang, const char *emoji)
{
	snprintf(d->path, sizeof(d->path), "/tmp/netra-text-XXXXXX");
	assert_non_null(mkdtemp(d->path));
	put_file(d->path, "words.txt", "# words\npilih coblos\nnomor\n");
	put_file(d->path, "slang.txt", slang ? slang : "# s\nyg\tyang\n");
	put_file(d->path, "emoji.txt",
	         emoji ? emoji : "\xe2\x9c\x8c\xef\xb8\x8f\tisyarat_2\n");
	put_file(d->path, "stem_exceptions.txt", "berita\tberita\n");
	put_file(d->path, "number_words.txt", "# n\npilih nomor\n");
	put_file(d->path, "particles.txt", "# p\ndeh\nDong\n");
}

static void test_load_shipped(void **state)
{
	struct text_lexicon *lex = load_lex();

	assert_true(text_lexicon_known(lex, "pilih", 5));
	assert_true(text_lexicon_known(lex, "yang", 4)); /* expansion */
	assert_true(text_lexicon_known(lex, "yg", 2));   /* slang key */
	assert_false(text_lexicon_known(lex, "zqxw", 4));
	text_lexicon_free(lex);
	text_lexicon_free(NULL);
}

static void test_load_errors(void **state)
{
	struct text_lexicon *lex = (void *)1;
	struct tmpdir d;

	assert_int_equal(text_lexicon_load(&lex, "/nonexistent/netra"),
	                 NETRA_EIO);
	assert_null(lex);
	assert_non_null(strstr(netra_error_last(), "/nonexistent/netra"));

	make_dir(&d, "# c\nyg\tyang\n\nyang bagus\tx\n", NULL);
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_null(lex);
	assert_non_null(strstr(netra_error_last(), "slang.txt:4:"));
	rm_dir(d.path);

	make_dir(&d, "gak\n", NULL);
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "slang.txt:1:"));
	rm_dir(d.path);

	/* two codepoints (a flag) are not one emoji */
	make_dir(&d, NULL,
	         "# e\n\xf0\x9f\x87\xae\xf0\x9f\x87\xa9\tindonesia\n");
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "emoji.txt:2:"));
	rm_dir(d.path);

	make_dir(&d, NULL, "\xe2\x9c\x8c\tIsyarat 2\n");
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "emoji.txt:1:"));
	rm_dir(d.path);

	/* emoji names: words of letters and digits, each name once */
	make_dir(&d, NULL, "\xe2\x9c\x8c\tisyarat_2\tvictory hand|v/sign\n");
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "emoji.txt:1:"));
	rm_dir(d.path);
	make_dir(&d, NULL,
	         "\xe2\x9c\x8c\tisyarat_2\tvictory hand\n"
	         "\xe2\x98\x9d\tisyarat_1\tVictory_Hand\n");
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "emoji.txt:2:"));
	rm_dir(d.path);

	make_dir(&d, NULL, NULL);
	put_file(d.path, "number_words.txt", "pilih\nnomor 2\n");
	assert_int_equal(text_lexicon_load(&lex, d.path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "number_words.txt:2:"));
	rm_dir(d.path);
}

static void test_small_dir(void **state)
{
	struct text_lexicon *lex = NULL;
	struct text_norm n = {0};
	struct tmpdir d;

	make_dir(&d, "yg\tyang\nYG\tyg2\ngpp\ttidak apa-apa\n", NULL);
	assert_int_equal(text_lexicon_load(&lex, d.path), 0);
	/* first entry wins; keys are case-folded; expansions normalised */
	norm_is(&n, lex, "YG gpp \xe2\x9c\x8c", "yang tidak apa apa isyarat_2");
	/* number_words.txt: "pilih" takes a number, "coblos" doubles */
	norm_is(&n, lex, "pilih2 coblos2", "pilih 2 coblos coblos");
	/* particles.txt: dropped wherever they stand, spans still map */
	norm_is(&n, lex, "tidak usah DEH pilih, ayo dooong coblos",
	        "tidak usah pilih ayo coblos");
	text_norm_free(&n);
	text_lexicon_free(lex);
	rm_dir(d.path);
}

static void test_extra_file(void **state)
{
	struct text_lexicon *lex = NULL;
	struct text_norm n = {0};
	struct tmpdir d;
	char p[256];

	make_dir(&d, NULL, NULL);
	/* CSV, Latin-1 bytes, a bad line that is skipped, a clash */
	put_file(d.path, "extra.csv",
	         "bgtt,banget\nk\xe9ren,keren\n"
	         "two words,x\nyg,yg yg\nsy,saya\n");
	assert_int_equal(text_lexicon_load(&lex, d.path), 0);
	snprintf(p, sizeof(p), "%s/extra.csv", d.path);
	assert_int_equal(text_lexicon_add_file(lex, p, TEXT_LEX_SLANG), 0);
	norm_is(&n, lex, "bgtt sy yg", "banget saya yang");
	assert_true(text_lexicon_known(lex, "keren", 5));
	snprintf(p, sizeof(p), "%s/missing.csv", d.path);
	assert_int_equal(text_lexicon_add_file(lex, p, TEXT_LEX_WORDS),
	                 NETRA_EIO);
	text_norm_free(&n);
	text_lexicon_free(lex);
	rm_dir(d.path);
}

/* The i-th of many distinct words with no letter repeated in a row: "k",
 * then letters a..m separated by x and z. */
static int word_no(char *w, size_t size, int i)
{
	return snprintf(w, size, "k%cx%cz%c", 'a' + i % 13, 'a' + i / 13 % 13,
	                'a' + i / 169 % 13);
}

static void test_add_many_words(void **state)
{
	struct text_lexicon *lex = load_lex();
	struct text_norm n = {0};
	char w[32];
	int i, len;

	/* the index grows and rebuilds under the additions */
	for (i = 0; i < 2197; i++) {
		len = word_no(w, sizeof(w), i);
		assert_int_equal(text_lexicon_add_word(lex, w, (size_t)len), 0);
	}
	for (i = 0; i < 2197; i++) {
		len = word_no(w, sizeof(w), i);
		assert_true(text_lexicon_known(lex, w, (size_t)len));
	}
	assert_false(text_lexicon_known(lex, "kzxzzz", 6));
	/* the shipped entries are still there, slang still expands */
	norm_is(&n, lex, "yg kaxazaaa", "yang kaxaza");
	text_norm_free(&n);
	text_lexicon_free(lex);
}

static void stem_is(struct text_stemmer *st, const char *w, const char *want)
{
	const char *o;
	size_t ol;

	assert_int_equal(text_stem(st, w, strlen(w), &o, &ol), 0);
	if (ol != strlen(want) || memcmp(o, want, ol) != 0)
		fail_msg("stem %s: got %.*s, want %s", w, (int)ol, o, want);
}

static void test_stem(void **state)
{
	struct text_lexicon *lex = load_lex();
	struct text_stemmer *st = NULL, *plain = NULL;

	assert_int_equal(text_stemmer_new(&st, lex), 0);
	assert_int_equal(text_stemmer_new(&plain, NULL), 0);
	/* Snowball alone over-stems these; the exception list fixes them */
	stem_is(plain, "berita", "ita");
	stem_is(st, "berita", "berita");
	stem_is(plain, "penistaan", "ista");
	stem_is(st, "penistaan", "nista");
	stem_is(st, "bertanya", "tanya");
	stem_is(st, "dipakai", "pakai");
	stem_is(st, "keluarkan", "keluar");
	/* ordinary affixes */
	stem_is(st, "mendukung", "dukung");
	stem_is(st, "kemenangan", "menang");
	stem_is(st, "pilihan", "pilih");
	/* non-words come back unchanged */
	stem_is(st, "2024", "2024");
	stem_is(st, "@budi_s", "@budi_s");
	stem_is(st, "isyarat_2", "isyarat_2");
	text_stemmer_free(st);
	text_stemmer_free(plain);
	text_stemmer_free(NULL);
	text_lexicon_free(lex);
}

struct job {
	const struct text_lexicon *lex;
	int ok;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	struct text_norm n = {0};
	const char *s = "Ayo #AyoPilihNomor2 c0bl0s dukuuung yg gpp";
	int i;

	j->ok = 1;
	for (i = 0; i < 2000; i++) {
		if (text_normalize(&n, j->lex, s, strlen(s)) != 0 ||
		    strcmp(n.buf, " ayo ayo pilih nomor 2 coblos dukung yang "
		                  "tidak apa apa ") != 0)
			j->ok = 0;
	}
	text_norm_free(&n);
	return NULL;
}

static void test_shared_threads(void **state)
{
	struct text_lexicon *lex = load_lex();
	pthread_t t[4];
	struct job j[4];
	int i;

	for (i = 0; i < 4; i++) {
		j[i].lex = lex;
		assert_int_equal(pthread_create(&t[i], NULL, worker, &j[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(j[i].ok);
	}
	text_lexicon_free(lex);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_shipped),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test(test_small_dir),
	    cmocka_unit_test(test_extra_file),
	    cmocka_unit_test(test_add_many_words),
	    cmocka_unit_test(test_stem),
	    cmocka_unit_test(test_shared_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
