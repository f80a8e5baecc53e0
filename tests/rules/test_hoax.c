/*
 * tests/rules/test_hoax.c - the debunked-hoax index (rules/hoax.h): exact,
 * paraphrased and embedded forwards match; unrelated and near-topic posts
 * (a post quoting the correct fact) do not; ids replace; JSONL errors carry
 * line numbers. Claims and posts are written for this test (fictional
 * town "Sukamaju").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include "netra/common.h"
#include "rules/hoax.h"
#include "rules/profile.h"
#include "text/normalize.h"

struct fx {
	struct text_lexicon *lex;
	struct hoax_index *ix;
	struct hoax_scratch s;
	struct text_norm n;
};

static const struct hoax_claim claims[] = {
	{"h1", "Pemungutan suara Pilkada Sukamaju diundur ke 9 Desember "
	       "karena logistik surat suara terlambat datang", "salah",
	 "KPU Sukamaju menegaskan jadwal tetap 27 November.", NULL},
	{"h2", "Air minum kemasan yang dibagikan di TPS mengandung obat bius "
	       "agar pemilih pingsan", "salah",
	 "Hasil uji laboratorium tidak menemukan zat berbahaya.",
	 "https://example.org/cek/h2"},
	{"h3", "Kartu pemilih lama tahun 2019 sudah tidak berlaku sehingga "
	       "warga wajib mencetak ulang di kelurahan", "salah",
	 "Pemilih cukup membawa KTP-el.", NULL},
	{"h4", "Petugas KPPS di Kecamatan Cempaka dibayar dua kali lipat "
	       "untuk memenangkan calon petahana", "salah",
	 "Honor KPPS seragam sesuai ketentuan.", NULL},
};

static const char *data_dir(void)
{
	static char buf[4096];
	const char *d = getenv("NETRA_DATA"), *src = getenv("NETRA_SRC");

	if (d && *d)
		return d;
	snprintf(buf, sizeof(buf), "%s/data", src ? src : ".");
	return buf;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	size_t i;

	assert_non_null(f);
	assert_int_equal(text_lexicon_load(&f->lex, data_dir()), 0);
	assert_int_equal(hoax_index_new(&f->ix, f->lex), 0);
	assert_int_equal(hoax_index_load_data(f->ix, data_dir()), 0);
	for (i = 0; i < sizeof(claims) / sizeof(claims[0]); i++)
		assert_int_equal(hoax_index_add(f->ix, &claims[i]), 0);
	assert_int_equal(hoax_index_build(f->ix), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	hoax_scratch_free(&f->s);
	text_norm_free(&f->n);
	hoax_index_free(f->ix);
	text_lexicon_free(f->lex);
	free(f);
	return 0;
}

/* Matches text; returns the id matched or NULL. */
static const char *match(struct fx *f, const char *text, double *sim)
{
	struct hoax_match m;
	int rc;

	assert_int_equal(text_normalize(&f->n, f->lex, text, strlen(text)), 0);
	rc = hoax_match(f->ix, &f->s, f->n.buf, f->n.len, &m);
	assert_true(rc == 0 || rc == 1);
	if (sim)
		*sim = rc ? m.similarity : 0;
	return rc ? m.claim->id : NULL;
}

/* One scratch used with two indexes in turn: the per-thread cache of
 * words that give no claim token belongs to one index, so a word cached
 * as useless under the first must still count under the second. */
static void test_scratch_two_indexes(void **state)
{
	static const struct hoax_claim other = {
	    "o1", "Gudang logistik Kecamatan Melati terbakar dan seluruh kotak "
		  "suara hangus", "salah", "Tidak ada kebakaran.", NULL};
	static const char post[] =
	    "Info grup: gudang logistik Kecamatan Melati terbakar, kotak "
	    "suara hangus semua!";
	struct fx *f = *state;
	struct hoax_index *ix2 = NULL;
	struct hoax_match m;
	size_t before;

	/* under the first index the post's words are cached as useless */
	assert_null(match(f, post, NULL));
	before = hoax_scratch_memory(&f->s);
	assert_true(before > 0);
	assert_int_equal(hoax_index_new(&ix2, f->lex), 0);
	assert_int_equal(hoax_index_load_data(ix2, data_dir()), 0);
	assert_int_equal(hoax_index_add(ix2, &other), 0);
	assert_int_equal(hoax_index_build(ix2), 0);
	assert_int_equal(hoax_match(ix2, &f->s, f->n.buf, f->n.len, &m), 1);
	assert_string_equal(m.claim->id, "o1");
	/* and back: the first index still finds its own claims */
	assert_string_equal(match(f, "Pemungutan suara Pilkada Sukamaju diundur "
				     "ke 9 Desember karena logistik terlambat",
				  NULL), "h1");
	hoax_index_free(ix2);
}

static void test_exact(void **state)
{
	struct fx *f = *state;
	double sim;
	size_t i;

	for (i = 0; i < sizeof(claims) / sizeof(claims[0]); i++) {
		const char *id = match(f, claims[i].claim, &sim);

		assert_non_null(id);
		assert_string_equal(id, claims[i].id);
		assert_true(sim > 0.999);
	}
}

static void test_embedded(void **state)
{
	struct fx *f = *state;
	char buf[512];
	double sim;

	snprintf(buf, sizeof(buf), "Info dari grup sebelah, katanya valid: "
		 "%s. Sebarkan ke keluarga sebelum dihapus!!", claims[1].claim);
	assert_string_equal(match(f, buf, &sim), "h2");
	assert_true(sim > 0.999);
}

static void test_paraphrase(void **state)
{
	struct fx *f = *state;

	assert_string_equal(match(f, "Katanya pemungutan suara di Sukamaju "
				  "diundur 9 Desember, logistiknya terlambat",
				  NULL), "h1");
	assert_string_equal(match(f, "Hati-hati, air kemasan yg dibagi di TPS "
				  "ada obat biusnya biar pemilih pingsan!",
				  NULL), "h2");
	assert_string_equal(match(f, "kartu pemilih 2019 udah gak berlaku, "
				  "wajib cetak ulang ke kelurahan ya", NULL),
			    "h3");
}

static void test_unrelated(void **state)
{
	struct fx *f = *state;

	assert_null(match(f, "Selamat pagi, cuaca cerah di taman kota hari "
			  "ini, cocok buat jalan santai", NULL));
	assert_null(match(f, "", NULL));
	assert_null(match(f, "dan yang di ke", NULL));
}

static void test_near_topic(void **state)
{
	struct fx *f = *state;
	const char *id;

	/* The correct fact about the same topic must not match h1. */
	id = match(f, "KPU Sukamaju: pemungutan suara tetap 27 November, "
		    "cek namamu di DPT", NULL);
	assert_true(id == NULL || strcmp(id, "h1") != 0);
	id = match(f, "Ayo datang ke TPS, bawa KTP-el dan jangan golput",
		   NULL);
	assert_null(id);
}

static void test_replace_by_id(void **state)
{
	struct fx *f = *state;
	struct hoax_claim c = claims[3];
	size_t n = hoax_index_count(f->ix);

	c.claim = "Jembatan gantung di Desa Cempaka runtuh karena dibom "
		  "relawan calon petahana";
	assert_int_equal(hoax_index_add(f->ix, &c), 0);
	assert_int_equal(hoax_index_build(f->ix), 0);
	assert_int_equal(hoax_index_count(f->ix), n);
	assert_string_equal(hoax_index_claim(f->ix, 3)->claim, c.claim);
	assert_string_equal(match(f, "jembatan gantung cempaka runtuh dibom "
				  "relawan petahana", NULL), "h4");
	assert_null(match(f, "Petugas KPPS di Kecamatan Cempaka dibayar dua "
			  "kali lipat untuk memenangkan calon petahana",
			  NULL));
	assert_null(hoax_index_claim(f->ix, n));
}

static void test_threshold(void **state)
{
	struct fx *f = *state;
	double sim;

	hoax_index_set_threshold(f->ix, 0.0);
	assert_string_equal(match(f, "obat bius di TPS", &sim), "h2");
	assert_true(sim > 0 && sim < 1);
	hoax_index_set_threshold(f->ix, sim + 0.01);
	assert_null(match(f, "obat bius di TPS", NULL));
	hoax_index_set_threshold(f->ix, HOAX_DEFAULT_THRESHOLD);
}

static void test_steady_state(void **state)
{
	struct fx *f = *state;
	const uint64_t *tokens;
	const uint32_t *seen;
	size_t cap;
	int i;

	/* Warm the scratch with the longest post, then shorter ones must
	 * not move or grow any buffer. */
	assert_string_equal(match(f, "Info dari grup sebelah, katanya valid "
				  "banget: air minum kemasan yang dibagikan di "
				  "TPS mengandung obat bius agar pemilih "
				  "pingsan. Sebarkan ke keluarga!", NULL), "h2");
	tokens = f->s.tokens;
	seen = f->s.seen;
	cap = f->s.cap;
	for (i = 0; i < 100; i++) {
		match(f, claims[i % 4].claim, NULL);
		match(f, "selamat pagi semua", NULL);
	}
	assert_ptr_equal(f->s.tokens, tokens);
	assert_ptr_equal(f->s.seen, seen);
	assert_int_equal(f->s.cap, cap);
}

struct thread_arg {
	const struct hoax_index *ix;
	const struct text_lexicon *lex;
	int ok;
};

static void *match_many(void *p)
{
	struct thread_arg *a = p;
	struct hoax_scratch s = HOAX_SCRATCH_INIT;
	struct text_norm n = {0};
	struct hoax_match m;
	int i;

	a->ok = 1;
	for (i = 0; i < 400 && a->ok; i++) {
		const struct hoax_claim *c = &claims[i % 4];

		if (text_normalize(&n, a->lex, c->claim, strlen(c->claim)) ||
		    hoax_match(a->ix, &s, n.buf, n.len, &m) != 1 ||
		    strcmp(m.claim->id, c->id) != 0)
			a->ok = 0;
	}
	hoax_scratch_free(&s);
	text_norm_free(&n);
	return NULL;
}

static void test_threads(void **state)
{
	struct fx *f = *state;
	struct thread_arg a[2] = {{f->ix, f->lex, 0}, {f->ix, f->lex, 0}};
	pthread_t t[2];
	int i;

	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, match_many, &a[i]),
				 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_true(a[i].ok);
	}
}

static void test_parse_line(void **state)
{
	struct hoax_claim c;
	char *buf = NULL;
	const char *ok = "{\"id\":\"x1\",\"claim\":\"Klaim palsu\",\"verdict\":"
			 "\"salah\",\"explanation\":\"Penjelasan.\","
			 "\"url\":\"https://example.org/x1\",\"extra\":1}";
	static const char *const bad[] = {
		"{\"id\":\"x1\",\"claim\":\"Klaim\"",            /* invalid */
		"[1,2]",                                          /* array */
		"{\"claim\":\"Klaim\",\"verdict\":\"salah\","
		"\"explanation\":\"\"}",                          /* no id */
		"{\"id\":7,\"claim\":\"Klaim\",\"verdict\":\"salah\","
		"\"explanation\":\"\"}",                          /* id number */
		"{\"id\":\"x\",\"claim\":\"\",\"verdict\":\"salah\","
		"\"explanation\":\"\"}",                          /* empty claim */
		"{\"id\":\"x\",\"claim\":\"K\",\"explanation\":\"\"}", /* verdict */
		"{\"id\":\"x\",\"id\":\"y\",\"claim\":\"K\",\"verdict\":\"s\","
		"\"explanation\":\"\"}",                          /* duplicate */
	};
	size_t i;

	(void)state;
	assert_int_equal(hoax_parse_line(&c, &buf, ok, strlen(ok)), 0);
	assert_string_equal(c.id, "x1");
	assert_string_equal(c.claim, "Klaim palsu");
	assert_string_equal(c.verdict, "salah");
	assert_string_equal(c.explanation, "Penjelasan.");
	assert_string_equal(c.url, "https://example.org/x1");
	free(buf);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(hoax_parse_line(&c, &buf, bad[i],
						 strlen(bad[i])),
				 NETRA_EINVALID);
		assert_true(strlen(netra_error_last()) > 0);
		free(buf);
		buf = NULL;
	}
}

struct reports {
	char msgs[8][256];
	int n;
};

static void collect(void *ctx, const char *msg)
{
	struct reports *r = ctx;

	if (r->n < 8)
		snprintf(r->msgs[r->n++], sizeof(r->msgs[0]), "%s", msg);
}

static void test_jsonl_errors(void **state)
{
	char path[] = "/tmp/netra_test_hoaxXXXXXX";
	struct reports r;
	struct hoax_index *ix = NULL;
	size_t nbad = 99;
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("{\"id\":\"a\",\"claim\":\"Klaim satu soal tinta\",\"verdict\":"
	      "\"salah\",\"explanation\":\"\"}\n"
	      "not json\n"
	      "\n"
	      "{\"id\":\"b\",\"claim\":\"Klaim dua soal kotak\",\"verdict\":"
	      "\"salah\",\"explanation\":\"x\",\"url\":null}\n"
	      "{\"id\":\"c\"}\n", f);
	fclose(f);
	assert_int_equal(hoax_index_new(&ix, NULL), 0);
	assert_int_equal(hoax_index_load_jsonl(ix, path, collect, &r, &nbad),
			 0);
	assert_int_equal(nbad, 2);
	assert_int_equal(r.n, 2);
	assert_non_null(strstr(r.msgs[0], ":2: "));
	assert_non_null(strstr(r.msgs[1], ":5: "));
	assert_int_equal(strncmp(r.msgs[0], path, strlen(path)), 0);
	assert_int_equal(hoax_index_count(ix), 2);
	assert_null(hoax_index_claim(ix, 1)->url);
	hoax_index_free(ix);
	unlink(path);
	ix = NULL;
	assert_int_equal(hoax_index_new(&ix, NULL), 0);
	assert_int_equal(hoax_index_load_jsonl(ix, path, NULL, NULL, NULL),
			 NETRA_EIO);
	hoax_index_free(ix);
}

static void test_empty_index(void **state)
{
	struct hoax_index *ix = NULL;
	struct hoax_scratch s = HOAX_SCRATCH_INIT;
	struct hoax_match m;

	(void)state;
	assert_int_equal(hoax_index_new(&ix, NULL), 0);
	assert_int_equal(hoax_match(ix, &s, " apa saja ", 10, &m), 0);
	assert_int_equal(hoax_index_build(ix), 0);
	assert_int_equal(hoax_match(ix, &s, " apa saja ", 10, &m), 0);
	assert_null(m.claim);
	hoax_scratch_free(&s);
	hoax_index_free(ix);
}

/* A fictional profile: one pair's names and party, as the engine and
 * `netra hoax match --election` add them. */
static void add_test_profile(struct hoax_index *ix)
{
	static char *names[] = {"Rudi Hartono", "Sari Dewi"};
	static char *parties[] = {"Partai Bintang Terang"};
	struct rules_candidate cd;
	struct rules_profile p;

	memset(&cd, 0, sizeof(cd));
	memset(&p, 0, sizeof(p));
	cd.names.v = names;
	cd.names.n = 2;
	cd.parties.v = parties;
	cd.parties.n = 1;
	p.region = "Kota Sukamaju";
	p.cand = &cd;
	p.ncand = 1;
	assert_int_equal(hoax_index_add_profile(ix, &p), 0);
}

/* Builds a second index over the fixture's lexicon with the profile and
 * the given claims. */
static struct hoax_index *other_index(struct fx *f,
				      const struct hoax_claim *c, size_t n)
{
	struct hoax_index *ix = NULL;
	size_t i;

	assert_int_equal(hoax_index_new(&ix, f->lex), 0);
	assert_int_equal(hoax_index_load_data(ix, data_dir()), 0);
	add_test_profile(ix);
	for (i = 0; i < n; i++)
		assert_int_equal(hoax_index_add(ix, &c[i]), 0);
	/* padding claims, so the ones under test have real IDF */
	for (i = 0; i < 8; i++) {
		char id[16], claim[96];
		struct hoax_claim pad = {id, claim, "salah", "", NULL};

		snprintf(id, sizeof(id), "pad%zu", i);
		snprintf(claim, sizeof(claim), "Foto banjir setinggi %zu meter "
			 "di pasar ikan nomor %zu beredar lagi", i + 2, i);
		assert_int_equal(hoax_index_add(ix, &pad), 0);
	}
	assert_int_equal(hoax_index_build(ix), 0);
	return ix;
}

/* Matches text against ix with a query; the id matched or NULL. */
static const char *match_q(struct fx *f, const struct hoax_index *ix,
			   const char *text, int forwarded)
{
	struct hoax_query q = {0, forwarded};
	struct hoax_match m;
	int rc;

	assert_int_equal(text_normalize(&f->n, f->lex, text, strlen(text)), 0);
	rc = hoax_match_query(ix, &f->s, f->n.buf, f->n.len, &q, &m);
	assert_true(rc == 0 || rc == 1);
	return rc ? m.claim->id : NULL;
}

/* A headline that shares a claim's names and election words but not its
 * distinctive content is news, not the claim; the claim's own words
 * make the match. */
static void test_names_only(void **state)
{
	static const struct hoax_claim c[] = {
	    {"n1", "Rudi Hartono mundur sebagai calon wali kota", "salah",
	     "Rudi Hartono tetap maju.", NULL},
	    {"n2", "Sari Dewi bergabung ke Partai Bintang Terang", "salah",
	     "Tidak ada pendaftaran anggota.", NULL},
	};
	struct fx *f = *state;
	struct hoax_index *ix = other_index(f, c, 2);

	assert_null(match_q(f, ix, "Survei: Rudi Hartono calon wali kota "
			    "paling dikenal di Sukamaju", 0));
	assert_null(match_q(f, ix, "Partai Bintang Terang laporkan Sari Dewi "
			    "ke polisi", 0));
	assert_string_equal(match_q(f, ix, "Breaking: Rudi Hartono resmi "
				    "mundur dari pencalonan wali kota", 0),
			    "n1");
	assert_string_equal(match_q(f, ix, "Sari Dewi akhirnya bergabung ke "
				    "Partai Bintang Terang", 0), "n2");
	hoax_index_free(ix);
}

/* A short headline sharing two core words of a short claim, with its own
 * news beside them, scores lower than the claim restated; a forward of
 * the same words is not taken for a headline. */
static void test_short_headline(void **state)
{
	static const struct hoax_claim c[] = {
	    {"s1", "Gudang Melati terbakar habis", "salah", "Gudang aman.",
	     NULL},
	};
	struct fx *f = *state;
	struct hoax_index *ix = other_index(f, c, 1);

	assert_null(match_q(f, ix, "Gudang Melati dicat ulang jelang "
			    "distribusi surat suara minggu depan", 0));
	assert_string_equal(match_q(f, ix, "Gudang Melati terbakar habis "
				    "tadi malam", 0), "s1");
	assert_string_equal(match_q(f, ix, "Gudang Melati dicat ulang jelang "
				    "distribusi surat suara minggu depan", 1),
			    "s1");
	hoax_index_free(ix);
}

/* Worded as a forward, one core word of the claim with its names
 * suffices ("katanya Rudi mundur"); plainly, it does not. */
static void test_forwarded(void **state)
{
	static const struct hoax_claim c[] = {
	    {"f1", "Rudi Hartono mundur dari pencalonan karena sakit keras",
	     "salah", "Rudi Hartono sehat.", NULL},
	};
	struct fx *f = *state;
	struct hoax_index *ix = other_index(f, c, 1);

	assert_null(match_q(f, ix, "Rudi Hartono mundur ke barisan belakang "
			    "saat foto bersama", 0));
	assert_string_equal(match_q(f, ix, "katanya Rudi Hartono mundur, "
				    "bener gak?", 1), "f1");
	hoax_index_free(ix);
}

/* A post that repeats the correction (two or more words only the
 * explanation has, more than the claim's own) is no hoax; one such word
 * is not enough; a long explanation (a fact-check article retelling the
 * hoax) gives no correction words. */
static void test_correction(void **state)
{
	char longx[1024];
	struct hoax_claim c[] = {
	    {"c1", "Bawaslu membolehkan ASN ikut kampanye asal cuti", "salah",
	     "ASN dilarang terlibat dalam kampanye dalam bentuk apa pun, "
	     "termasuk saat cuti.", NULL},
	    {"c2", "Tinta pemilu di Sukamaju mengandung minyak babi", "salah",
	     longx, NULL},
	};
	struct fx *f = *state;
	struct hoax_index *ix;
	size_t i, off = 0;

	off += (size_t)snprintf(longx, sizeof(longx), "Beredar unggahan yang "
				"menyebut tinta pemilu mengandung minyak babi "
				"sehingga haram dipakai umat.");
	for (i = 0; i < 8; i++)
		off += (size_t)snprintf(longx + off, sizeof(longx) - off,
					" Setelah ditelusuri tinta yang "
					"dipakai sudah bersertifikat halal.");
	ix = other_index(f, c, 2);
	assert_null(match_q(f, ix, "Sosialisasi: ASN dilarang ikut kampanye, "
			    "termasuk saat cuti ya rekan-rekan", 0));
	assert_string_equal(match_q(f, ix, "Kabar baik, Bawaslu membolehkan "
				    "ASN ikut kampanye asal cuti dulu", 0),
			    "c1");
	/* words of the long explanation ("haram", "umat") do not turn the
	 * hoax into its correction */
	assert_string_equal(match_q(f, ix, "Tinta pemilu Sukamaju mengandung "
				    "minyak babi, haram buat umat", 0), "c2");
	hoax_index_free(ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scratch_two_indexes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_embedded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paraphrase, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unrelated, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_near_topic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_replace_by_id, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_threshold, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_steady_state, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_short_headline, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forwarded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_correction, setup,
						teardown),
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_jsonl_errors),
		cmocka_unit_test(test_empty_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
