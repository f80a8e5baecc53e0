/*
 * tests/rules/test_tokmatch.c - the matcher's fast path (tokmatch.c) gives
 * exactly what the Hyperscan database gives, in the same order, whenever
 * it answers; it declines exactly when two matches end at the same offset
 * (their order is Hyperscan's own) or the text is not in the padded
 * single-space form. Texts: hand-picked ones with phrases, "word*"
 * endings, numbers, gestures and hashtags, and generated ones mixing
 * those words with everyday words.
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
    "    slogans: [\"Maju Bersama Warga\"]\n"
    "  - number: 2\n"
    "    names: [\"Bima Prakoso\", \"Citra Lestari\"]\n"
    "    parties: [\"Partai Lentera\"]\n";

struct fix {
	char path[64];
	netra_engine *e;
	netra_judge *j;
};

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	struct netra_engine_opts o = {0};
	char data[4096];
	const char *src = getenv("NETRA_SRC");
	FILE *fp;
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/netra-tokm-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(profile, fp);
	fclose(fp);
	snprintf(data, sizeof(data), "%s/data", src ? src : "..");
	o.election_path = f->path;
	o.data_dir = data;
	if (netra_engine_new(&f->e, &o))
		fail_msg("%s", netra_error_last());
	assert_int_equal(netra_judge_new(&f->j, f->e), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	netra_judge_free(f->j);
	netra_engine_free(f->e);
	unlink(f->path);
	free(f);
	return 0;
}

/* Hyperscan's matches, as matcher.c records them. */
struct hs_list {
	const netra_engine *e;
	struct raw_match m[JUDGE_MAX_MATCHES];
	size_t n;
};

static int on_hs(unsigned id, unsigned long long from, unsigned long long to,
                 unsigned flags, void *ctx)
{
	struct hs_list *l = ctx;

	(void)flags;
	if (l->n == JUDGE_MAX_MATCHES)
		return 1;
	l->m[l->n].pat = id;
	l->m[l->n].to = (uint32_t)to;
	l->m[l->n].from = l->e->pat[id].wild
	                      ? (uint32_t)from
	                      : (uint32_t)(to - l->e->pat[id].len);
	l->n++;
	return 0;
}

static int has_tie(const struct hs_list *l)
{
	size_t i;

	for (i = 1; i < l->n; i++)
		if (l->m[i].to == l->m[i - 1].to)
			return 1;
	return 0;
}

/* Compares both paths on the normalised buffer; returns the fast path's
 * answer (1 answered, 0 declined). */
static int compare(struct fix *f, const char *buf, size_t len)
{
	static struct hs_list l;
	size_t i;
	int rc;

	memset(&l, 0, sizeof(l));
	l.e = f->e;
	hs_scan(f->e->db, buf, (unsigned)len, 0, f->j->scratch, on_hs, &l);
	rc = rules_tokmatch_scan(f->e->tm, f->j, buf, len);
	assert_true(rc == 0 || rc == 1);
	if (rc == 0) {
		assert_int_equal(f->j->nraw, 0);
		return 0;
	}
	assert_false(has_tie(&l));
	assert_int_equal(f->j->nraw, l.n);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(f->j->raw[i].pat, l.m[i].pat);
		assert_int_equal(f->j->raw[i].from, l.m[i].from);
		assert_int_equal(f->j->raw[i].to, l.m[i].to);
	}
	return 1;
}

static int compare_text(struct fix *f, const char *t)
{
	struct text_norm *n = &f->j->norm[0];

	assert_int_equal(text_normalize(n, f->e->tlex, t, strlen(t)), 0);
	if (n->len < 3)
		return 1;
	return compare(f, n->buf, n->len);
}

static void same_as_hyperscan(void **state)
{
	static const char *const texts[] = {
	    "Selamat pagi warga, rapat hari ini lancar",
	    "ayo coblos nomor 1 ya, dukung Pak Agus",
	    "dukungan penuh untuk AGWU! #MajuBersama",
	    "Maju Bersama Warga menuju kemenangan",
	    "jangan pilih Bima, janji palsu dan pencitraan belaka",
	    "salam dua jari ✌️ untuk paslon 2",
	    "calon-calon di pilkada 28 november",
	    "Partai Lentera mantap, programnya jelas",
	    "kampanyenya seru, debatnya panas",
	    "",
	    "   ",
	    "2",
	    "agwu",
	    "#majubersama"};
	struct fix *f = *state;
	size_t i, fast = 0;

	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		fast += (size_t)compare_text(f, texts[i]);
	assert_true(fast > 0);
}

static void generated_texts_agree(void **state)
{
	static const char *const words[] = {
	    "agus",     "santoso",  "Agus Santoso",
	    "wulan",    "sari",     "AGWU",
	    "pak",      "bima",     "prakoso",
	    "citra",    "lestari",  "#MajuBersama",
	    "maju",     "bersama",  "warga",
	    "partai",   "lentera",  "nomor",
	    "1",        "2",        "dua",
	    "satu",     "salam",    "jari",
	    "paslon",   "coblos",   "dukung",
	    "dukungan", "pilih",    "jangan",
	    "menang",   "pilkada",  "calon",
	    "kampanye", "debat",    "program",
	    "janji",    "bohong",   "korupsi",
	    "hari",     "ini",      "kopi",
	    "pagi",     "rapat",    "!",
	    "=",        "✌️",   "🔥",
	    "28",       "november", "kecamatan",
	    "mantap",   "#pilkada"};
	struct fix *f = *state;
	uint64_t r = 0x2545F4914F6CDD1Dull;
	size_t i, k, fast = 0, declined = 0;
	char t[1024];

	for (i = 0; i < 5000; i++) {
		size_t n = 0, nw;

		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		nw = 1 + r % 20;
		for (k = 0; k < nw; k++) {
			const char *w;

			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			w = words[r % (sizeof(words) / sizeof(*words))];
			n += (size_t)snprintf(t + n, sizeof(t) - n, "%s ", w);
		}
		if (compare_text(f, t))
			fast++;
		else
			declined++;
	}
	/* both paths are exercised */
	assert_true(fast > 500);
	assert_true(declined > 50);
}

static void declines_on_ties_and_odd_forms(void **state)
{
	struct fix *f = *state;
	struct text_norm *n = &f->j->norm[0];

	/* "agus santoso" and "santoso" end at the same offset */
	assert_int_equal(text_normalize(n, f->e->tlex, "Agus Santoso", 12), 0);
	assert_int_equal(rules_tokmatch_scan(f->e->tm, f->j, n->buf, n->len),
	                 0);
	/* not the padded single-space form: Hyperscan decides */
	assert_int_equal(
	    rules_tokmatch_scan(f->e->tm, f->j, " agus  sari ", 12), 0);
	assert_int_equal(rules_tokmatch_scan(f->e->tm, f->j, "agus sari ", 10),
	                 0);
	/* one match, answered */
	assert_int_equal(rules_tokmatch_scan(f->e->tm, f->j, " kopi sari ", 11),
	                 1);
	assert_int_equal(f->j->nraw, 1);
	assert_int_equal(f->j->raw[0].from, 5);
	assert_int_equal(f->j->raw[0].to, 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(same_as_hyperscan, setup, teardown),
	    cmocka_unit_test_setup_teardown(generated_texts_agree, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(declines_on_ties_and_odd_forms,
	                                    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
