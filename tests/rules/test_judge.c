/*
 * tests/rules/test_judge.c - the engine end to end on a fictional election
 * with three pairs: support, attack, negation, the hard negatives
 * (neutral calls to vote, a colleague with a candidate's first name,
 * numbers in other contexts, a peace sign on a holiday), interactions with
 * campaign accounts, reposts judged by the shared text, spans into the
 * original bytes, the exact verdict JSON, determinism and no growth of the
 * judge's memory in steady state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netra/engine.h"
#include "rules/engine_fixture.h"

/* src/rules/engine_int.h: JUDGE_WINDOW (TEXT_MAX_INPUT - 4096) */
#define JUDGE_WINDOW_FOR_TEST (65536 - 4096)

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
    "    incumbent: true\n"
    "    hashtags: [\"#AgusWulanMenang\"]\n"
    "    slogans: [\"Sukamaju Sejahtera\"]\n"
    "    accounts: [{platform: instagram, handle: aguswulan.official}]\n"
    "  - number: 2\n"
    "    names: [\"Bima Prakoso\", \"Citra Lestari\"]\n"
    "    aliases: [BICI, Bang Bima, Bima, Citra]\n"
    "    hashtags: [\"#BimaCitraJuara\"]\n"
    "    accounts: [{platform: x, handle: BimaCitra2}]\n"
    "  - number: 3\n"
    "    names: [\"Cahyo Nugroho\", \"Dina Maharani\"]\n"
    "    aliases: [CANDI, Cahyo, Dina]\n"
    "    hashtags: [\"#CandiUntukSukamaju\"]\n"
    "    accounts: [{platform: tiktok, handle: candi.official}]\n";

static int setup(void **state)
{
	return engine_fix_setup(state, profile);
}

static int teardown(void **state)
{
	return engine_fix_teardown(state);
}

static const netra_verdict *judge(struct fix *f, const char *text)
{
	const netra_verdict *v = NULL;

	assert_int_equal(netra_judge_text(f->j, "t", text, strlen(text), &v),
	                 0);
	return v;
}

static void expect(struct fix *f, const char *text, unsigned labels, int cand)
{
	const netra_verdict *v = judge(f, text);

	if (v->labels != labels || v->candidate != cand)
		fail_msg("'%s': labels %u cand %d, want %u cand %d", text,
		         v->labels, v->candidate, labels, cand);
}

static const netra_finding *find_rule(const netra_verdict *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->nfindings; i++)
		if (strcmp(v->findings[i].rule, id) == 0)
			return &v->findings[i];
	return NULL;
}

static void support_and_attack(void **state)
{
	struct fix *f = *state;

	expect(f,
	       "Ayo coblos nomor 2 tanggal 28 November, Bima Prakoso "
	       "pasti menang!",
	       NETRA_LABEL_SUPPORT, 2);
	expect(f, "Gas terus CANDI, all in sampai menang!", NETRA_LABEL_SUPPORT,
	       3);
	expect(f, "Jangan pilih Cahyo Nugroho, janjinya cuma omong kosong",
	       NETRA_LABEL_ATTACK, 3);
	expect(f, "AGWU itu cuma boneka, pencitraan doang", NETRA_LABEL_ATTACK,
	       1);
	/* a slogan in plain words counts only beside another reference to
	 * its pair */
	expect(f, "Sukamaju Sejahtera! Agus Santoso untuk semua",
	       NETRA_LABEL_SUPPORT, 1);
	expect(f, "Semoga Sukamaju sejahtera selalu, aamiin", 0, 0);
}

/* Disguised spelling: Cyrillic look-alike letters, letters spaced out or
 * dotted; the explanation quotes the words as written. */
static void disguised_spelling(void **state)
{
	struct fix *f = *state;
	/* "Аyo соblos nоmоr 2" with Cyrillic А, с, о */
	static const char cyr[] = "\xd0\x90yo \xd1\x81\xd0\xbe"
	                          "blos n\xd0\xbem\xd0\xber 2, Bima Prakoso!";
	const netra_verdict *v;

	v = judge(f, cyr);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 2);
	assert_non_null(strstr(v->findings[0].explain,
	                       "\xd1\x81\xd0\xbe"
	                       "blos"));
	expect(f, "Ayo c o b l o s Bima Prakoso", NETRA_LABEL_SUPPORT, 2);
	v = judge(f, "Ayo c.o.b.l.o.s Bima Prakoso");
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_non_null(strstr(v->findings[0].explain, "c.o.b.l.o.s"));
	expect(f, "J-A-N-G-A-N p-i-l-i-h Cahyo Nugroho", NETRA_LABEL_ATTACK,
	       3);
}

/* Pair 1 is the incumbent: calls to replace or keep the sitting bupati
 * are about it, named or not; a general "saatnya ganti" needs election
 * context, and a post that calls for another pair is that pair's. */
static void incumbent(void **state)
{
	struct fix *f = *state;

	expect(f, "Saatnya ganti bupati! #GantiBupati", NETRA_LABEL_ATTACK, 1);
	expect(f, "Pilkada 28 November: saatnya ganti, 5 tahun cukup",
	       NETRA_LABEL_ATTACK, 1);
	expect(f, "Asal bukan petahana, pilkada tahun ini harus beda",
	       NETRA_LABEL_ATTACK, 1);
	expect(f, "Lanjutkan dua periode pak! #Pilkada", NETRA_LABEL_SUPPORT,
	       1);
	expect(f, "Jangan ganti bupati, 5 tahun lagi!", NETRA_LABEL_SUPPORT, 1);
	expect(f, "Saatnya ganti bupati, coblos nomor 2 Bima Prakoso!",
	       NETRA_LABEL_SUPPORT, 2);
	expect(f, "Sudah waktunya ganti oli motor, sudah 5000 km", 0, 0);
	/* a weak name of the incumbent is no election context */
	expect(f, "Pak Agus, saatnya ganti oli motornya", 0, 0);
	/* a bare number or the account acted on points at another pair */
	expect(f, "Pilkada sudah dekat, saatnya ganti, coblos 2",
	       NETRA_LABEL_SUPPORT, 2);
	expect(f, "Lanjutkan pekerjaan besok pagi ya", 0, 0);
}

/* An insult right after a topic word is the subject of a report, not an
 * accusation; the same word said of a pair still is one. */
static void topic_words(void **state)
{
	struct fix *f = *state;

	expect(f, "Di debat tadi malam paslon 2 ditanya soal utang daerah", 0,
	       0);
	expect(f, "Cahyo Nugroho diperiksa Bawaslu terkait dugaan politik uang",
	       0, 0);
	expect(f, "Bima Prakoso itu tukang utang, pilkada jangan salah pilih",
	       NETRA_LABEL_ATTACK, 2);
	/* a reported promise; praise in news that names both pairs */
	expect(f, "Debat pilkada: Bima Prakoso janji lanjutkan beasiswa, "
	          "Cahyo Nugroho tawarkan sekolah gratis",
	       0, 0);
	expect(f, "Bima Prakoso dan Cahyo Nugroho sepakat pilkada damai, "
	          "keren", 0, 0);
	expect(f, "Bima Prakoso keren, pilkada nanti", NETRA_LABEL_SUPPORT, 2);
}

/* Words for the other pairs take the insult after them; "yang tidak
 * pilih X" describes people and calls for nothing; "tidak ada dinasti"
 * negates the allegation. */
static void others_and_relative_clauses(void **state)
{
	struct fix *f = *state;

	expect(f, "Yang lain cuma pencitraan, Bima Prakoso turun langsung "
	          "pas banjir. Pilkada nanti ingat ya",
	       0, 0);
	expect(f, "Yang lain cuma janji palsu, Bima Prakoso pemimpin terbaik. "
	          "Pilkada nanti ingat ya",
	       NETRA_LABEL_SUPPORT, 2);
	expect(f, "Bima Prakoso cuma pencitraan, pilkada nanti ingat ya",
	       NETRA_LABEL_ATTACK, 2);
	expect(f, "Katanya ASN yang tidak pilih Cahyo Nugroho akan dimutasi "
	          "setelah pilkada",
	       0, 0);
	expect(f, "Jangan pilih Cahyo Nugroho di pilkada nanti",
	       NETRA_LABEL_ATTACK, 3);
	expect(f, "Program Bima Prakoso jelas, tidak ada dinasti, coblos "
	          "nomor 2",
	       NETRA_LABEL_SUPPORT, 2);
}

/* A team word declares membership when the author speaks of themself;
 * said of others it is news. */
static void team_words(void **state)
{
	struct fix *f = *state;

	expect(f, "Saya relawan Bima Prakoso, pilkada nanti gas",
	       NETRA_LABEL_SUPPORT, 2);
	expect(f, "Kami tim pemenangan Cahyo Nugroho siap kerja keras",
	       NETRA_LABEL_SUPPORT, 3);
	expect(f, "Relawan Cahyo Nugroho ditangkap polisi semalam, kata berita",
	       0, 0);
}

/* A pair's acronym read back as mockery ("= ...", "singkatan ...") is an
 * attack; spelling it out with the pair's names is not. "asal jangan
 * yang nomor 2" rejects a number like "asal jangan nomor 2". */
static void parody_and_rejection(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	size_t i;

	expect(f, "CANDI itu singkatan Calon Nganggur Doang Ikut-ikutan",
	       NETRA_LABEL_ATTACK, 3);
	expect(f, "CANDI singkatan dari Cahyo Nugroho dan Dina Maharani", 0, 0);
	expect(f, "Pilih siapa saja asal jangan yang nomor 2", NETRA_LABEL_ATTACK,
	       2);
	/* a rejection at the end refers back; with its own object it
	 * does not */
	expect(f, "Paslon 2 sudah kelihatan aslinya di debat. Jangan pilih!",
	       NETRA_LABEL_ATTACK, 2);
	v = judge(f, "Pilkada nanti, Bima Prakoso aja. Jangan pilih Cahyo "
	             "Nugroho");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	for (i = 0; i < v->nfindings; i++)
		assert_int_equal(v->findings[i].candidate, 3);
}

/* A zero-padded pair number ("02") is a weak reference to the pair: with
 * election context it counts; as a label or a time it is a number. */
static void padded_numbers(void **state)
{
	struct fix *f = *state;

	expect(f, "02 menang pilkada", NETRA_LABEL_SUPPORT, 2);
	expect(f, "Bismillah 01 \xf0\x9f\x91\x86 #Pilkada",
	       NETRA_LABEL_SUPPORT, 1);
	expect(f, "#02MenangTelak #Pilkada", NETRA_LABEL_SUPPORT, 2);
	expect(f, "RT 02 RW 05 kerja bakti", 0, 0);
	expect(f, "jam 07 apel pagi", 0, 0);
	expect(f, "tgl 01 gajian", 0, 0);
	expect(f, "Rapat 01/12/2029 di lantai 02, kamar 03", 0, 0);
	/* a score is no pair number, even with the region and "menang" */
	expect(f, "Skor akhir 02-01, tim voli kantor menang di Sukamaju", 0, 0);
	expect(f, "Alhamdulillah 02 menang di Sukamaju! #Pilkada",
	       NETRA_LABEL_SUPPORT, 2);
	/* weak: no election context, no verdict */
	expect(f, "02 menang", 0, 0);
}

/* Indirect attacks: a cue in a comparison goes to the nearest pair only,
 * praise beside a complaint is sarcasm, a rhetorical question far from
 * the name still attacks; the same shapes without a pair are nothing. */
static void indirect_attacks(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	size_t i;

	v = judge(f, "Daripada pilih Bima Prakoso yang dinasti, mending "
	             "Cahyo Nugroho saja");
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT | NETRA_LABEL_ATTACK);
	for (i = 0; i < v->nfindings; i++) {
		const netra_finding *x = &v->findings[i];

		if (x->label == NETRA_LABEL_ATTACK)
			assert_int_equal(x->candidate, 2);
		else
			assert_int_equal(x->candidate, 3);
	}
	v = judge(f, "Hebat sekali Bima Prakoso, lima tahun menjabat jalan "
	             "tetap rusak \xf0\x9f\x91\x8f");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 2);
	assert_non_null(find_rule(v, "SERANGAN-SINDIRAN"));
	v = judge(f, "Cahyo Nugroho sudah lima tahun menjabat dan pasar di "
	             "kecamatan kami masih becek. Masa mau dipilih lagi?");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 3);
	expect(f, "Masa mau hujan terus sampai Desember?", 0, 0);
	expect(f, "Hebat sekali tim voli kita, juara lagi \xf0\x9f\x91\x8f",
	       0, 0);
}

/* A pair named once, then "dia", "beliau" further on: the back-reference
 * stands for that pair, but only after it, only when exactly one pair is
 * named with election context; "dia" alone, or beside two pairs or a
 * colleague who shares a name, is nothing. The filler keeps every cue
 * beyond the rules' windows from the name itself. */
#define FAR                                                                    \
	" Saya kenal betul orangnya dari dulu waktu kami masih "               \
	"sama-sama sekolah di kampung sebelah, rumahnya dekat pasar "          \
	"lama dan sering main bola di lapangan desa setiap sore "              \
	"sampai magrib tiba."
static void back_references(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;

	v = judge(f, "Bima Prakoso sudah resmi maju jadi calon bupati "
	             "tahun ini." FAR " Dia itu pembohong besar");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 2);
	expect(f,
	       "Kemarin ada debat pilkada di gedung serbaguna, Wulan "
	       "tampil paling tenang." FAR " Beliau memang cerdas dan amanah",
	       NETRA_LABEL_SUPPORT, 1);
	/* two pairs: whose "dia"? nobody's */
	expect(f,
	       "Bima Prakoso dan Cahyo Nugroho sudah resmi maju jadi calon "
	       "bupati." FAR " Dia itu pembohong besar",
	       0, 0);
	/* before the pair is named */
	expect(f,
	       "Dia itu pembohong besar." FAR
	       " Bima Prakoso sudah resmi maju jadi calon bupati",
	       0, 0);
	/* no pair at all */
	expect(f, "Dia jahat", 0, 0);
	expect(f,
	       "Teman saya cerita soal rapat di kantor tadi." FAR " Dia jahat",
	       0, 0);
	/* a colleague with a candidate's first name, no election */
	expect(f,
	       "Selamat ulang tahun Pak Agus, rekan kerja terbaik di "
	       "bagian keuangan!" FAR " Dia memang cerdas dan amanah",
	       0, 0);
}
#undef FAR

static void negation_flips_support(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;

	v = judge(f, "Saya tidak akan dukung BICI");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_int_equal(v->candidate, 2);
	expect(f, "Saya dukung BICI", NETRA_LABEL_SUPPORT, 2);
	/* "jangan lupa" is not a negation of the call */
	expect(f, "Jangan lupa coblos CANDI ya", NETRA_LABEL_SUPPORT, 3);
	/* a negation stays in its clause; a negated insult is none */
	expect(f, "Nggak usah ragu, coblos BICI", NETRA_LABEL_SUPPORT, 2);
	expect(f, "Paslon 2 orangnya gak sombong, ramah", NETRA_LABEL_SUPPORT,
	       2);
	expect(f, "BICI tidak pernah becus", NETRA_LABEL_ATTACK, 2);
}

static void hard_negatives(void **state)
{
	struct fix *f = *state;

	expect(f,
	       "Ayo ke TPS tanggal 28 November, gunakan hak pilihmu, "
	       "jangan golput!",
	       0, 0);
	expect(f,
	       "Selamat ulang tahun Pak Agus, rekan kerja terbaik di "
	       "bagian keuangan!",
	       0, 0);
	expect(f, "Ruang rapat pindah ke lantai 2, antrean nomor 3 di loket", 0,
	       0);
	expect(f, "Liburan ke pantai bareng keluarga \xe2\x9c\x8c\xef\xb8\x8f",
	       0, 0);
	expect(f, "Rapat bulan Agustus, dukung terus kegiatan kantor", 0, 0);
	expect(f, "Debat publik ketiga pasangan calon digelar malam ini", 0, 0);
	/* a match table and a contest: the number and the raised finger
	 * do not vouch for each other as election context */
	expect(f,
	       "Menit 1 sudah gol! Persebaya nomor dua di klasemen "
	       "\xe2\x9c\x8c\xef\xb8\x8f gaskeun",
	       0, 0);
	expect(f, "Citra juara 2 lomba adzan \xe2\x9c\x8c\xef\xb8\x8f bangga",
	       0, 0);
	expect(f, "Survei: paslon 1 34%, paslon 2 31%. Siapa saja yang menang "
	          "yang penting damai",
	       0, 0);
	/* an official act reported; a colleague who shares a name */
	expect(f, "Wali kota Agus Santoso meresmikan taman ramah anak di "
	          "Sukamaju",
	       0, 0);
	expect(f, "Sukses terus Pak Agus, jangan lupa mampir kantor lama ya",
	       0, 0);
	/* the same gesture in election context is support */
	expect(f,
	       "Salam dua jari \xe2\x9c\x8c\xef\xb8\x8f untuk Bima "
	       "Prakoso, 28 November ke TPS!",
	       NETRA_LABEL_SUPPORT, 2);
}

static void interactions(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	netra_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id.s = "e1";
	ev.id.len = 2;
	ev.type = NETRA_EV_LIKE;
	ev.target.account.s = "bimacitra2";
	ev.target.account.len = 10;
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 2);
	assert_non_null(find_rule(v, "INTERAKSI-SUKA"));
	ev.type = NETRA_EV_FOLLOW;
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->findings[0].severity, NETRA_SEV_RENDAH);
	/* a mocking comment on the pair's own post is an attack */
	ev.type = NETRA_EV_COMMENT;
	ev.text.s = "omdo, pencitraan mulu";
	ev.text.len = strlen(ev.text.s);
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	/* a like of someone else's post is nothing */
	ev.type = NETRA_EV_LIKE;
	ev.target.account.s = "kuliner_sukamaju";
	ev.target.account.len = strlen(ev.target.account.s);
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, 0);
}

/* One like of a post with target.text; returns the verdict. */
static const netra_verdict *like_of(struct fix *f, int type, const char *acct,
                                    const char *text)
{
	const netra_verdict *v = NULL;
	netra_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id.s = "s1";
	ev.id.len = 2;
	ev.type = type;
	ev.target.account.s = acct;
	ev.target.account.len = strlen(acct);
	ev.target.text.s = text;
	ev.target.text.len = strlen(text);
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	return v;
}

/* A like or share is an interaction whatever the post says: the finding
 * names the interaction and carries its severity; the post decides the
 * category and the pair, its spans point into target.text. */
static void interaction_names_the_act(void **state)
{
	struct fix *f = *state;
	static const char tag[] = "Semangat pagi! #BimaCitraJuara";
	const netra_verdict *v;
	const netra_finding *fd;

	/* the pair's own account: INTERAKSI-SUKA alone, not the hashtag */
	v = like_of(f, NETRA_EV_LIKE, "bimacitra2", tag);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->nfindings, 1);
	assert_string_equal(v->findings[0].rule, "INTERAKSI-SUKA");
	assert_int_equal(v->findings[0].severity, NETRA_SEV_SEDANG);
	/* someone else's post with the hashtag: a like, not writing */
	v = like_of(f, NETRA_EV_LIKE, "warga_sukamaju", tag);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 2);
	assert_int_equal(v->nfindings, 1);
	fd = &v->findings[0];
	assert_string_equal(fd->rule, "INTERAKSI-SUKA-DUKUNGAN");
	assert_int_equal(fd->severity, NETRA_SEV_SEDANG);
	assert_int_equal(fd->field, NETRA_FIELD_TARGET_TEXT);
	assert_true(fd->nspans > 0 && fd->spans[0].b <= strlen(tag));
	assert_non_null(strstr(fd->explain, "Menyukai unggahan akun "
	                                    "warga_sukamaju"));
	assert_non_null(strstr(fd->explain, "#BimaCitraJuara"));
	assert_null(strstr(fd->explain, "Tulisan ini"));
	/* a slur in the liked post: hate speech, at the like's severity */
	v = like_of(f, NETRA_EV_LIKE, "warga_sukamaju",
	            "dasar kadrun semua, usir saja");
	assert_true(v->labels & NETRA_LABEL_HATE);
	assert_non_null(fd = find_rule(v, "INTERAKSI-SUKA-SARA"));
	assert_int_equal(fd->severity, NETRA_SEV_SEDANG);
	assert_null(find_rule(v, "SARA-HINAAN"));
	/* a share: the share's rule and severity */
	v = like_of(f, NETRA_EV_REPOST, "warga_sukamaju",
	            "Jangan pilih Cahyo Nugroho, omong kosong");
	assert_int_equal(v->labels, NETRA_LABEL_ATTACK);
	assert_non_null(fd = find_rule(v, "INTERAKSI-BAGIKAN-SERANGAN"));
	assert_int_equal(fd->severity, NETRA_SEV_TINGGI);
	assert_int_equal(fd->candidate, 3);
	assert_non_null(strstr(fd->explain, "Membagikan ulang unggahan"));
}

/* filler + call + filler: a text of total bytes with call at byte at. */
static char *long_text(size_t total, size_t at, const char *call)
{
	static const char word[] = "rapat koordinasi kantor hari ini lancar ";
	char *t = malloc(total + 1);
	size_t i, cl = strlen(call);

	assert_non_null(t);
	for (i = 0; i < total; i++)
		t[i] = word[i % (sizeof(word) - 1)];
	if (at < total && at > 0)
		t[at - 1] = ' ';
	memcpy(t + at, call, cl);
	t[at + cl] = ' ';
	t[total] = 0;
	return t;
}

/* Every byte of a long text is judged (windows of JUDGE_WINDOW bytes
 * that overlap): a call to vote after 56 KiB, after 150 KiB, across the
 * end of the first window, and after text so dense with terms that one
 * window's scan stops at its match limit. Spans point into the whole
 * text. */
static void long_text_judged_whole(void **state)
{
	struct fix *f = *state;
	static const char call[] = "Ayo coblos Bima Prakoso nomor 2";
	const size_t at[] = {56 * 1024 + 5, 150 * 1024 + 17,
	                     (size_t)JUDGE_WINDOW_FOR_TEST - 12};
	const netra_verdict *v;
	size_t k, i, n;
	char *t;

	for (k = 0; k < sizeof(at) / sizeof(*at); k++) {
		n = at[k] + 4096;
		t = long_text(n, at[k], call);
		assert_int_equal(netra_judge_text(f->j, "L", t, n, &v), 0);
		if (v->labels != NETRA_LABEL_SUPPORT || v->candidate != 2)
			fail_msg("call at %zu of %zu: labels %u cand %d", at[k],
			         n, v->labels, v->candidate);
		for (i = 0; i < v->findings[0].nspans; i++) {
			const netra_span *sp = &v->findings[0].spans[i];
			assert_true(sp->a >= at[k] - 1 &&
			            sp->b <= at[k] + sizeof(call));
		}
		assert_non_null(strstr(v->findings[0].explain, "Bima Prakoso"));
		free(t);
	}
	/* 100 KiB of "coblos 2 dukung Bima" (thousands of matches: windows
	 * end where the scan's matches stop), then an attack on pair 3 at
	 * the very end */
	n = 100 * 1024;
	t = malloc(n + 64);
	assert_non_null(t);
	for (i = 0; i + 21 <= n; i += 21)
		memcpy(t + i, "coblos 2 dukung Bima ", 21);
	n = i;
	memcpy(t + n, "Jangan pilih Cahyo Nugroho", 26);
	n += 26;
	assert_int_equal(netra_judge_text(f->j, "D", t, n, &v), 0);
	assert_true(v->labels & NETRA_LABEL_ATTACK);
	for (i = 0; i < v->nfindings; i++)
		if (v->findings[i].label == NETRA_LABEL_ATTACK)
			assert_int_equal(v->findings[i].candidate, 3);
	free(t);
}

static void repost_judged_by_target_text(void **state)
{
	struct fix *f = *state;
	static const char tt[] = "Warga Sukamaju, coblos CANDI nomor 3!";
	const netra_verdict *v;
	const netra_finding *fd = NULL;
	netra_event ev;
	size_t i;

	memset(&ev, 0, sizeof(ev));
	ev.id.s = "r1";
	ev.id.len = 2;
	ev.type = NETRA_EV_REPOST;
	ev.target.account.s = "warga_biasa";
	ev.target.account.len = 11;
	ev.target.text.s = tt;
	ev.target.text.len = strlen(tt);
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 3);
	for (i = 0; i < v->nfindings; i++)
		if (v->findings[i].nspans)
			fd = &v->findings[i];
	assert_non_null(fd);
	assert_int_equal(fd->field, NETRA_FIELD_TARGET_TEXT);
	for (i = 0; i < fd->nspans; i++)
		assert_true(fd->spans[i].b <= ev.target.text.len);
}

/* Text read off an image the ASN posts is judged as their own words; the
 * finding names the image (field NETRA_FIELD_MEDIA0 + k) and its spans
 * index that image's OCR text. A like carries no words of its own. */
static void image_text_judged(void **state)
{
	struct fix *f = *state;
	static const char ocr[] = "AYO COBLOS CANDI NOMOR 3";
	const netra_verdict *v;
	netra_media m[2];
	netra_event ev;
	size_t i;

	memset(&ev, 0, sizeof(ev));
	memset(m, 0, sizeof(m));
	m[0].ocr_text.s = "Rapat koordinasi";
	m[0].ocr_text.len = 16;
	m[1].ocr_text.s = ocr;
	m[1].ocr_text.len = strlen(ocr);
	ev.id.s = "m1";
	ev.id.len = 2;
	ev.type = NETRA_EV_POST;
	ev.text.s = "Siap!";
	ev.text.len = 5;
	ev.media = m;
	ev.media_count = 2;
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 3);
	assert_true(v->nfindings > 0);
	for (i = 0; i < v->nfindings; i++) {
		assert_int_equal(v->findings[i].field, NETRA_FIELD_MEDIA0 + 1);
		assert_true(v->findings[i].nspans > 0);
		assert_true(v->findings[i].spans[0].b <= strlen(ocr));
	}
	ev.type = NETRA_EV_LIKE;
	ev.text.s = NULL;
	ev.text.len = 0;
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, 0);
}

/* An image scan matched to an official campaign image of a pair (by
 * perceptual hash: netra_media.known_candidate) is a finding of the
 * rulebook's known_image rule at that image, the distance in the
 * explanation; a pair the profile does not have, or no match, is none. */
static void known_campaign_image(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	const netra_finding *fd;
	netra_media m[2];
	netra_event ev;

	memset(&ev, 0, sizeof(ev));
	memset(m, 0, sizeof(m));
	m[1].known_candidate = 2;
	m[1].known_distance = 7;
	ev.id.s = "k1";
	ev.id.len = 2;
	ev.type = NETRA_EV_POST;
	ev.text.s = "Selamat pagi";
	ev.text.len = 12;
	ev.media = m;
	ev.media_count = 2;
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 2);
	fd = find_rule(v, "GAMBAR-KAMPANYE");
	assert_non_null(fd);
	assert_int_equal(fd->field, NETRA_FIELD_MEDIA0 + 1);
	assert_int_equal(fd->nspans, 0);
	assert_non_null(strstr(fd->explain, "selisih sidik gambar 7 dari 64"));
	assert_non_null(strstr(fd->explain, "Bima Prakoso"));
	m[1].known_candidate = 9; /* no such pair in the profile */
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, 0);
	m[1].known_candidate = 0;
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, 0);
}

/* A comment under someone else's post about one pair: the author's cue,
 * the target's reference. Two pairs named: nothing to attribute. */
static void comment_under_news(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	netra_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id.s = "c1";
	ev.id.len = 2;
	ev.type = NETRA_EV_COMMENT;
	ev.target.account.s = "sukamajunews";
	ev.target.account.len = 12;
	ev.text.s = "Mantap pak, lanjutkan!";
	ev.text.len = strlen(ev.text.s);
	ev.target.text.s = "Bima Prakoso janji gratiskan sekolah";
	ev.target.text.len = strlen(ev.target.text.s);
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->candidate, 2);
	assert_int_equal(v->findings[0].field, NETRA_FIELD_TEXT);
	ev.target.text.s = "Debat Bima Prakoso dan Cahyo Nugroho malam ini";
	ev.target.text.len = strlen(ev.target.text.s);
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, 0);
}

/* After voting day a call to vote is still flagged, one severity lower,
 * and the explanation says when it was posted. */
static void calendar_after_voting_day(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	netra_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id.s = "k";
	ev.id.len = 1;
	ev.text.s = "Ayo coblos BICI nomor 2!";
	ev.text.len = strlen(ev.text.s);
	ev.created_ts = 1889000000; /* 2029-11-10, during the campaign */
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->findings[0].severity, NETRA_SEV_TINGGI);
	assert_null(strstr(v->findings[0].explain, "setelah hari"));
	ev.created_ts = 1891000000; /* 2029-12-03, after voting day */
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->labels, NETRA_LABEL_SUPPORT);
	assert_int_equal(v->findings[0].severity, NETRA_SEV_SEDANG);
	assert_non_null(
	    strstr(v->findings[0].explain, "setelah hari pemungutan suara"));
	ev.created_ts = 1860000000; /* 2028-12-09, long before the campaign */
	assert_int_equal(netra_judge_event(f->j, &ev, &v), 0);
	assert_int_equal(v->findings[0].severity, NETRA_SEV_SEDANG);
	assert_non_null(strstr(v->findings[0].explain, "jauh sebelum"));
}

static void spans_point_at_original_bytes(void **state)
{
	struct fix *f = *state;
	static const char t1[] = "c0bl0s AGWU y4";
	static const char t2[] = "Hari ini #AgusWulanMenang \xf0\x9f\x94\xa5";
	const netra_verdict *v;
	const netra_finding *fd;
	size_t i;
	int saw_cue = 0, saw_ref = 0;

	v = judge(f, t1);
	fd = find_rule(v, "DUKUNGAN-AJAKAN");
	assert_non_null(fd);
	for (i = 0; i < fd->nspans; i++) {
		if (fd->spans[i].a == 0 && fd->spans[i].b == 6)
			saw_cue = 1; /* "c0bl0s" as written */
		if (fd->spans[i].a == 7 && fd->spans[i].b == 11)
			saw_ref = 1; /* "AGWU" */
	}
	assert_true(saw_cue && saw_ref);
	v = judge(f, t2);
	fd = find_rule(v, "DUKUNGAN-TAGAR");
	assert_non_null(fd);
	assert_int_equal(fd->spans[0].a, 9);
	assert_int_equal(fd->spans[0].b, 25);
	assert_non_null(strstr(fd->explain, "#AgusWulanMenang"));
	assert_non_null(strstr(fd->explain, "nomor 1"));
}

static void verdict_json_format(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	char *js = NULL, want[256];
	json_t *root, *fd;
	json_error_t err;

	v = judge(f, "Selamat pagi, jangan lupa sarapan");
	assert_int_equal(netra_verdict_json(&js, NULL, v), 0);
	snprintf(want, sizeof(want),
	         "{\"id\":\"t\",\"labels\":[\"none\"],\"candidate\":null,"
	         "\"score\":0.00,\"findings\":[],\"rulebook\":\"%s\"}",
	         netra_engine_rulebook_hash(f->e));
	assert_string_equal(js, want);
	assert_int_equal(
	    strncmp(netra_engine_rulebook_hash(f->e), "sha256:", 7), 0);
	assert_int_equal(strlen(netra_engine_rulebook_hash(f->e)), 7 + 64);
	free(js);

	v = judge(f, "Coblos \"BICI\" nomor 2!\n");
	assert_int_equal(netra_verdict_json(&js, NULL, v), 0);
	root = json_loads(js, 0, &err);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_array_get(
	                        json_object_get(root, "labels"), 0)),
	                    "support");
	assert_int_equal(json_integer_value(json_object_get(root, "candidate")),
	                 2);
	fd = json_array_get(json_object_get(root, "findings"), 0);
	assert_non_null(json_object_get(fd, "rule"));
	assert_non_null(json_object_get(fd, "basis"));
	assert_true(json_is_array(json_object_get(fd, "spans")));
	assert_string_equal(json_string_value(json_object_get(fd, "category")),
	                    "support");
	assert_true(json_is_string(json_object_get(fd, "explain")));
	/* key order of DESIGN.md */
	assert_non_null(strstr(js, "{\"id\":\"t\",\"labels\":[\"support\"],"
	                           "\"candidate\":2,\"score\":"));
	assert_non_null(strstr(js, "\"findings\":[{\"rule\":"));
	json_decref(root);
	free(js);
}

static char *json_of(struct fix *f, netra_judge *j, const char *text)
{
	const netra_verdict *v;
	char *js = NULL;

	(void)f;
	assert_int_equal(netra_judge_text(j, "d", text, strlen(text), &v), 0);
	assert_int_equal(netra_verdict_json(&js, NULL, v), 0);
	return js;
}

static const char *const corpus[] = {
    "Ayo coblos nomor 2, Bima Prakoso pasti menang!",
    "Jangan pilih Cahyo Nugroho, omong kosong",
    "Liburan ke pantai \xe2\x9c\x8c\xef\xb8\x8f",
    "dasar kadrun semua, pribumi harus bersatu usir mereka",
    "Saya tidak akan dukung BICI #BimaCitraJuara",
    "\xff\xfe invalid utf8 \xc3 AGWU",
    "",
};

static void deterministic(void **state)
{
	struct fix *f = *state;
	netra_judge *j2 = NULL;
	size_t i;

	assert_int_equal(netra_judge_new(&j2, f->e), 0);
	for (i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
		char *a = json_of(f, f->j, corpus[i]);
		char *b = json_of(f, j2, corpus[i]);

		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	netra_judge_free(j2);
}

struct thread_arg {
	const netra_engine *e;
	char *out[8];
};

static void *judge_all(void *p)
{
	struct thread_arg *a = p;
	netra_judge *j = NULL;
	const netra_verdict *v;
	size_t i, k;

	if (netra_judge_new(&j, a->e))
		return NULL;
	for (k = 0; k < 200; k++)
		for (i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
			if (netra_judge_text(j, "p", corpus[i],
			                     strlen(corpus[i]), &v))
				continue;
			if (k == 199) {
				free(a->out[i]);
				a->out[i] = NULL;
				netra_verdict_json(&a->out[i], NULL, v);
			}
		}
	netra_judge_free(j);
	return NULL;
}

/* One engine, several threads with their own judges: same verdicts. */
static void shared_between_threads(void **state)
{
	struct fix *f = *state;
	struct thread_arg a[3];
	pthread_t t[3];
	size_t i, k;

	memset(a, 0, sizeof(a));
	for (k = 0; k < 3; k++) {
		a[k].e = f->e;
		assert_int_equal(pthread_create(&t[k], NULL, judge_all, &a[k]),
		                 0);
	}
	for (k = 0; k < 3; k++)
		pthread_join(t[k], NULL);
	for (i = 0; i < sizeof(corpus) / sizeof(*corpus); i++) {
		assert_non_null(a[0].out[i]);
		for (k = 1; k < 3; k++)
			assert_string_equal(a[0].out[i], a[k].out[i]);
	}
	for (k = 0; k < 3; k++)
		for (i = 0; i < 8; i++)
			free(a[k].out[i]);
}

/* Once the judge has seen the events, judging them again must not grow
 * any of its buffers (no allocation per event in steady state). */
static void no_growth_in_steady_state(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	size_t i, round, mem = 0;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < sizeof(corpus) / sizeof(*corpus); i++)
			assert_int_equal(netra_judge_text(f->j, "m", corpus[i],
			                                  strlen(corpus[i]),
			                                  &v),
			                 0);
		if (round == 1)
			mem = netra_judge_memory(f->j);
	}
	assert_true(mem > 0);
	assert_int_equal(netra_judge_memory(f->j), mem);
}

/* SARA hostility pinned on a person is hate speech, and an attack with
 * that pair when the person is a candidate (the finding names the pair:
 * the signal the stance code reads); a report of a blasphemy trial is
 * neither; a denial ("bukan") blocks the label. */
static void sara_joined_to_person(void **state)
{
	struct fix *f = *state;
	const netra_verdict *v;
	const netra_finding *h;

	v = judge(f, "Cahyo kafir, ingat itu");
	assert_true(v->labels & NETRA_LABEL_HATE);
	assert_true(v->labels & NETRA_LABEL_ATTACK);
	h = find_rule(v, "SARA-SEBUTAN");
	assert_non_null(h);
	assert_int_equal(h->candidate, 3);
	assert_int_equal(v->candidate, 3);
	v = judge(f, "dasar PKI si Bima Prakoso");
	assert_non_null(find_rule(v, "SARA-SEBUTAN"));
	assert_int_equal(find_rule(v, "SARA-SEBUTAN")->candidate, 2);
	v = judge(f, "Sidang kasus penistaan agama dengan terdakwa warga "
	             "Sukamaju ditunda pekan depan, majelis hakim menunggu "
	             "saksi ahli");
	assert_int_equal(v->labels, 0);
	v = judge(f, "Bima Prakoso bukan PKI, itu fitnah lama");
	assert_null(find_rule(v, "SARA-SEBUTAN"));
	/* eyes and camels: a word that is a slur only said of people */
	expect(f, "Mata aku pas kecil sipit tapi sekarang engga", 0, 0);
	expect(f, "Mana oleh-oleh onta dari Mekkah?", 0, 0);
	v = judge(f, "Dasar sipit, pulang sana");
	assert_true(v->labels & NETRA_LABEL_HATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(support_and_attack),
	    cmocka_unit_test(sara_joined_to_person),
	    cmocka_unit_test(disguised_spelling),
	    cmocka_unit_test(indirect_attacks),
	    cmocka_unit_test(back_references),
	    cmocka_unit_test(negation_flips_support),
	    cmocka_unit_test(hard_negatives),
	    cmocka_unit_test(padded_numbers),
	    cmocka_unit_test(incumbent),
	    cmocka_unit_test(topic_words),
	    cmocka_unit_test(parody_and_rejection),
	    cmocka_unit_test(others_and_relative_clauses),
	    cmocka_unit_test(team_words),
	    cmocka_unit_test(interactions),
	    cmocka_unit_test(interaction_names_the_act),
	    cmocka_unit_test(repost_judged_by_target_text),
	    cmocka_unit_test(long_text_judged_whole),
	    cmocka_unit_test(comment_under_news),
	    cmocka_unit_test(calendar_after_voting_day),
	    cmocka_unit_test(spans_point_at_original_bytes),
	    cmocka_unit_test(verdict_json_format),
	    cmocka_unit_test(image_text_judged),
	    cmocka_unit_test(known_campaign_image),
	    cmocka_unit_test(deterministic),
	    cmocka_unit_test(no_growth_in_steady_state),
	    cmocka_unit_test(shared_between_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
