/*
 * tests/rules/test_stance.c - the stance model (rules/stance.h): its
 * features (a run of TARGET tokens is one placeholder, the window and
 * negation features, hashes checked against an independent FNV-1a), the
 * model file's parser (errors with file:line), and the judge with the
 * committed data/model/stance.model on posts written for this test: a
 * pair's hashtag used to mock it is an attack and no hashtag support, an
 * account mention with an inflected support word is support, a report of
 * an official act is neither, the finding names the words that weighed
 * most, and a profile descriptor ("sang jenderal") is a reference.
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

#include "netra/engine.h"
#include "rules/engine_fixture.h"
#include "rules/stance.h"
#include "text/normalize.h"

/* ---- features ---------------------------------------------------------- */

struct rec {
	uint32_t idx[64];
	uint32_t tok[64];
	size_t n;
};

static void rec_fn(void *ctx, uint32_t index, uint32_t tok)
{
	struct rec *r = ctx;

	if (r->n < 64) {
		r->idx[r->n] = index;
		r->tok[r->n++] = tok;
	}
}

/* The feature index of stance.h, computed independently: FNV-1a 64 of
 * (seed bytes little-endian, 't', token), then splitmix64's finaliser of
 * that xor kind * 0xd6e8feb86659fd93. */
static uint64_t ref_tok(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL, seed = STANCE_SEED;
	int i;

	for (i = 0; i < 8; i++) {
		h ^= (seed >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	h ^= (unsigned char)'t';
	h *= 0x100000001b3ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint32_t ref_mix(uint64_t z, char kind)
{
	z ^= (uint64_t)(unsigned char)kind * 0xd6e8feb86659fd93ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (uint32_t)(z & (STANCE_DIM - 1));
}

/* kind 'b': "u v" is a bigram */
static uint32_t ref_hash(char kind, const char *s)
{
	char a[64];
	const char *sp = strchr(s, ' ');

	if (kind != 'b' || !sp)
		return ref_mix(ref_tok(s), kind);
	snprintf(a, sizeof(a), "%.*s", (int)(sp - s), s);
	return ref_mix(ref_tok(a) * 0x9e3779b97f4a7c15ULL + ref_tok(sp + 1),
	               'b');
}

static int has(const struct rec *r, uint32_t idx)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->idx[i] == idx)
			return 1;
	return 0;
}

static void walk(const char *text, const uint8_t *role, struct rec *r)
{
	struct text_norm n = {0};

	assert_int_equal(text_normalize(&n, NULL, text, strlen(text)), 0);
	memset(r, 0, sizeof(*r));
	stance_walk(&n, role, rec_fn, r);
	text_norm_free(&n);
}

static void test_features(void **state)
{
	/* "tidak dukung agus santoso lagi": agus santoso is the pair */
	static const uint8_t role[] = {STANCE_ROLE_NEG, 0, STANCE_ROLE_TARGET,
	                               STANCE_ROLE_TARGET, 0};
	struct rec r;

	(void)state;
	walk("tidak dukung agus santoso lagi", role, &r);
	assert_true(has(&r, ref_hash('g', "dukung")));
	assert_true(has(&r, ref_hash('l', "dukung")));
	assert_true(has(&r, ref_hash('n', "dukung")));
	assert_true(has(&r, ref_hash('r', "lagi")));
	assert_true(has(&r, ref_hash('b', "dukung <T>")));
	assert_true(has(&r, ref_hash('b', "<T> lagi")));
	/* the two TARGET tokens are one placeholder: no "<T> <T>" bigram,
	 * and the name's words are no features */
	assert_false(has(&r, ref_hash('b', "<T> <T>")));
	assert_false(has(&r, ref_hash('g', "agus")));
	assert_false(has(&r, ref_hash('g', "santoso")));
	/* tidak: g; dukung: b g n; <T>: b l(dukung) l(tidak); lagi: b g r
	 * n (the negation is 3 tokens back, the placeholder counted) */
	assert_true(has(&r, ref_hash('l', "tidak")));
	assert_true(has(&r, ref_hash('n', "lagi")));
	assert_int_equal(r.n, 11);
	assert_int_equal(r.tok[0], 0); /* g tidak is about token 0 */
}

/* ---- the model file ------------------------------------------------------ */

static void write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void test_model_errors(void **state)
{
	char path[] = "/tmp/netra-stance-XXXXXX";
	struct stance_model *m = NULL;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "netra-stance 1\ndim_bits 17\nscale 0.001\n"
	                 "bias 0 0 0\n7 1 2 3\n5 1 1 1\n");
	assert_int_equal(stance_load(&m, path), NETRA_EINVALID);
	assert_null(m);
	assert_non_null(strstr(netra_error_last(), ":6:"));
	write_file(path, "netra-stance 1\ndim_bits 16\n");
	assert_int_equal(stance_load(&m, path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), ":2:"));
	write_file(path, "netra-stance 1\ndim_bits 17\nscale 0.001\n"
	                 "bias 0 0 0\n7 1 2 3\n9 0 40000 0\n");
	assert_int_equal(stance_load(&m, path), NETRA_EINVALID);
	write_file(path, "netra-stance 1\ndim_bits 17\nscale 0.001\n"
	                 "bias 0.5 0 0\n7 1 2 3\n");
	assert_int_equal(stance_load(&m, path), 0);
	stance_free(m);
	unlink(path);
	assert_int_equal(stance_load(&m, path), NETRA_EIO);
}

/* ---- the judge with the committed model ---------------------------------- */

static const char profile[] =
    "election:\n"
    "  id: pilkada-sukamaju-2029\n"
    "  name: Pemilihan Bupati dan Wakil Bupati Sukamaju 2029\n"
    "  region: Kabupaten Sukamaju\n"
    "  campaign_period: {start: 2029-09-24, end: 2029-11-24}\n"
    "  voting_day: 2029-11-28\n"
    "candidates:\n"
    "  - number: 1\n"
    "    names: [\"Agus Santoso\", \"Wulan Sari Dewanti\"]\n"
    "    aliases: [AGWU, Pak Agus, Agus, Wulan]\n"
    "    hashtags: [\"#AgusWulanMenang\"]\n"
    "    descriptors: [\"sang jenderal\", \"anak wali kota\"]\n"
    "  - number: 2\n"
    "    names: [\"Bima Prakoso\", \"Citra Lestari\"]\n"
    "    aliases: [BICI, Bang Bima, Bima, Citra]\n"
    "    hashtags: [\"#BimaCitraJuara\"]\n"
    "    accounts: [{platform: x, handle: BimaCitra2}]\n"
    "  - number: 3\n"
    "    names: [\"Cahyo Nugroho\", \"Dina Maharani\"]\n"
    "    aliases: [CANDI, Cahyo, Dina]\n"
    "    hashtags: [\"#CandiUntukSukamaju\"]\n";

static int setup(void **state)
{
	return engine_fix_setup(state, profile);
}

static int teardown(void **state)
{
	return engine_fix_teardown(state);
}

#define judge engine_fix_judge

static const netra_finding *rule(const netra_verdict *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->nfindings; i++)
		if (strcmp(v->findings[i].rule, id) == 0)
			return &v->findings[i];
	return NULL;
}

static void test_mocking_hashtag(void **state)
{
	struct fix *f = *state;
	const char *t = "#BimaCitraJuara bicara apa sih kasihan yaa, lap itu "
	                "air matanya wkwk";
	const netra_verdict *v = judge(f, t);
	const netra_finding *s = rule(v, "SERANGAN-SIKAP");

	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 2);
	assert_non_null(s);
	assert_null(rule(v, "DUKUNGAN-TAGAR")); /* suppressed by the attack */
	/* the reference and the words that weighed most */
	assert_true(s->nspans >= 2);
	assert_non_null(strstr(s->explain, "model sikap"));
	assert_non_null(strstr(s->explain, "«#BimaCitraJuara»"));
}

static void test_other_cases(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;

	v = judge(f, "Kasian #CandiUntukSukamaju tidak mempan, nyungsep wkwk");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 3);
	v = judge(f, "@BimaCitra2 saya mendukungmu di pilkada ini dengan "
	             "sepenuh hati. Semoga menang");
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 2);
	v = judge(f, "Bima Prakoso meresmikan pasar baru di Kabupaten "
	             "Sukamaju kemarin");
	assert_int_equal(v->labels, 0);
	/* rejections the word lists know (serangan: pass, jangan coba-coba
	 * pilih), once read as calls to vote */
	v = judge(f, "Pass nomor 2, pilkada kali ini mending yang lain");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 2);
	v = judge(f, "Jangan coba-coba pilih 3 di pilkada ini");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 3);
	v = judge(f, "Boarding pass sudah dicetak, berangkat jam 7");
	assert_int_equal(v->labels, 0);
}

/* A descriptor of the profile is a weak reference: with election context
 * it names the pair, without it it names no one. */
static void test_descriptors(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;

	v = judge(f, "Pilkada Sukamaju: ayo dukung sang jenderal!");
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 1);
	v = judge(f, "Sang jenderal memimpin upacara HUT TNI pagi ini");
	assert_int_equal(v->labels, 0);
}

int main(void)
{
	const struct CMUnitTest t[] = {
	    cmocka_unit_test(test_features),
	    cmocka_unit_test(test_model_errors),
	    cmocka_unit_test_setup_teardown(test_mocking_hashtag, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_other_cases, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_descriptors, setup,
	                                    teardown),
	};

	return cmocka_run_group_tests(t, NULL, NULL);
}
