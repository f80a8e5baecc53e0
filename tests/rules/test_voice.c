/*
 * tests/rules/test_voice.c - whose words a cue is: a headline the author
 * passes on reports what others do ("Relawan Tani Deklarasi Dukung X":
 * rules with `voice: own` stay silent), while the author's own call in
 * the same capitalised style, with "saya"/"ayo" or a '!', is still a
 * call; a fact-checker's report retells the claim it refutes (support
 * and SARA rules have `unless: [cek_fakta]`); and a one-word slogan or
 * hashtag written as a plain word is that word, not the campaign's tag.
 * Fictional election, fictional texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "netra/engine.h"
#include "rules/engine_fixture.h"

static const char profile[] =
    "election:\n"
    "  id: pilkada-wanareja-2031\n"
    "  name: Pemilihan Bupati Wanareja 2031\n"
    "  region: Kabupaten Wanareja\n"
    "  campaign_period: {start: 2031-09-24, end: 2031-11-24}\n"
    "  voting_day: 2031-11-27\n"
    "candidates:\n"
    "  - number: 1\n"
    "    names: [\"Rizal Fahmi\", \"Nanda Kusuma\"]\n"
    "    aliases: [Rizal, Nanda, RINA]\n"
    "    hashtags: [\"#RINA\", \"#RizalNanda\"]\n"
    "    slogans: [\"Bangkit\", \"Wanareja Bangkit Bersama\"]\n"
    "    parties: [\"Partai Lumbung\"]\n"
    "  - number: 2\n"
    "    names: [\"Hasan Wibisono\", \"Tari Puspita\"]\n"
    "    aliases: [Hasan, Tari]\n"
    "    hashtags: [\"#HasanTari\"]\n"
    "    parties: [\"Partai Samudra\"]\n";

static int setup(void **state)
{
	return engine_fix_setup(state, profile);
}

static int teardown(void **state)
{
	return engine_fix_teardown(state);
}

static void expect(struct fix *f, const char *text, unsigned labels, int cand)
{
	const netra_verdict *v = NULL;

	assert_int_equal(netra_judge_text(f->j, "t", text, strlen(text), &v),
	                 0);
	if (v->labels != labels || (labels && v->candidate != cand))
		fail_msg("'%s': labels %u cand %d, want %u cand %d", text,
		         v->labels, v->candidate, labels, cand);
}

/* A headline reports a third party's support or rejection. */
static void headline_reports_others(void **state)
{
	struct fix *f = *state;

	expect(f, "Relawan Tani Wanareja Deklarasi Dukung Rizal Fahmi di "
	          "Pilkada 2031", 0, 0);
	expect(f, "Partai Samudra Pastikan Komitmen Dukung Rizal Fahmi", 0, 0);
	expect(f, "Ketua Koperasi Tetap Perjuangkan Kemenangan Hasan "
	          "Wibisono di Pilkada", 0, 0);
	expect(f, "Survei Pilkada: Popularitas Hasan Kalahkan Rizal Fahmi", 0,
	       0);
	expect(f, "Partai Samudra Ogah Ikuti Seruan Bupati soal Pilkada", 0, 0);
	/* "sosok" (a figure, a profile) praises no one by itself */
	expect(f, "Sosok Rizal Fahmi di Mata Warga Pilkada Wanareja", 0, 0);
}

/* The author's own call, capitalised or not, is still the author's. */
static void own_voice_still_counts(void **state)
{
	struct fix *f = *state;

	expect(f, "Dukung Rizal Fahmi di Pilkada Wanareja 2031!",
	       NETRA_LABEL_SUPPORT, 1);
	expect(f, "Saya Dukung Rizal Fahmi di Pilkada Wanareja",
	       NETRA_LABEL_SUPPORT, 1);
	expect(f, "Ayo Warga Desa Dukung Rizal Fahmi di Pilkada",
	       NETRA_LABEL_SUPPORT, 1);
	/* not a headline: a sentence in the author's words */
	expect(f, "relawan tani di desa kami dukung rizal fahmi di pilkada",
	       NETRA_LABEL_SUPPORT, 1);
	/* written in capitals throughout: shouting, not a headline */
	expect(f, "WARGA DESA DUKUNG RIZAL FAHMI DI PILKADA",
	       NETRA_LABEL_SUPPORT, 1);
	/* a cue in a hashtag is the author's own tag */
	expect(f, "Bahaya Aparat Ikut Kuasa Lagi #AsalBukanRINA",
	       NETRA_LABEL_ATTACK, 1);
	/* the pair is the subject: the rules as before */
	expect(f, "Hasan Wibisono Pasti Menang di Pilkada Wanareja",
	       NETRA_LABEL_SUPPORT, 2);
}

/* A fact check retells the call or the slur it refutes; the author's
 * own call beside "jangan percaya hoaks" is still a call. */
static void fact_check_retells(void **state)
{
	struct fix *f = *state;

	expect(f, "Setelah ditelusuri, gambar ajakan coblos nomor 1 Rizal "
	          "Fahmi di pilkada itu hasil editan", 0, 0);
	expect(f, "Cek fakta: unggahan yang menyebut warga Tionghoa harus "
	          "diusir dari Wanareja adalah hoaks", 0, 0);
	expect(f, "Jangan percaya hoaks, ayo coblos nomor 1 Rizal Fahmi!",
	       NETRA_LABEL_SUPPORT, 1);
	expect(f, "Rizal Fahmi di pilkada? ogah, skip", NETRA_LABEL_ATTACK, 1);
}

/* One-word slogans and hashtags count as tags, not as plain words. */
static void one_word_slogan(void **state)
{
	struct fix *f = *state;

	expect(f, "Warga bangkit lagi dari banjir, Rizal Fahmi datang saat "
	          "pilkada",
	       0, 0);
	expect(f, "Kopi sore bareng rina dan Rizal Fahmi di warung", 0, 0);
	expect(f, "#Bangkit bersama Rizal Fahmi", NETRA_LABEL_SUPPORT, 1);
	expect(f, "Wanareja Bangkit Bersama, Rizal Fahmi untuk semua",
	       NETRA_LABEL_SUPPORT, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(headline_reports_others),
	    cmocka_unit_test(own_voice_still_counts),
	    cmocka_unit_test(fact_check_retells),
	    cmocka_unit_test(one_word_slogan),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
