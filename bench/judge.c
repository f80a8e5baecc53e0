/*
 * bench/judge.c - judge throughput. Generates (deterministic seeds, in
 * memory) an election profile with 5,000 terms (50 synthetic pairs with
 * names, aliases, hashtags, slogans, parties), 60 fictional debunked
 * claims (so hoax matching runs as in `netra check --hoaxes`), and two
 * corpora of N events each, judged one after the other on one thread by
 * the same engine:
 *
 *   realistic  the headline figure: a feed of civil servants' posts as it
 *              is most of the time. 86% ordinary posts (everyday words,
 *              some of which are also cue words: "nomor antrean", "menang
 *              lomba", "pilih menu", "mantap"), 9% election talk that
 *              breaches nothing (debat, KPU, "jangan golput", news about a
 *              pair), 4.5% potential breaches in ten phrasings (call to
 *              vote a number, a pair's hashtag or slogan, praise, hope to
 *              win, a number gesture, attack, call to support, SARA
 *              hostility, a pair's account liked), 0.5% a debunked claim
 *              passed on. Event types: 88% posts, 6% likes (1 in 20 of a
 *              pair's account), 4% comments and 2% reposts (the target
 *              text is an earlier post).
 *   high-breach the corpus of the first version of this bench, unchanged
 *              byte for byte: everyday words mixed with election words
 *              ("coblos", "dukung", "2", "pilkada") at random, and every
 *              10th event a like of a pair's account; about 27% of events
 *              are flagged and each renders explanations. Kept so the
 *              figure cannot be made by changing the input.
 *   real-text   the realistic mix with its ordinary posts taken from real
 *              Indonesian tweets instead of the generated everyday words:
 *              the 13,169 tweets of ../shared/data/ibrohim2019 (column 1
 *              of re_dataset.csv, usernames and links already masked as
 *              USER and URL), in file order, cycled; the other 14% as in
 *              the realistic mix. Real vocabulary, real slang, real
 *              length (about 110 bytes). Run when TWEETS_CSV is given.
 *
 * For each it prints events/s and MB/s of text (wall and per CPU second of
 * this thread) and the events flagged, then the baseline of the same
 * events: a bare hs_scan() of the engine's own pattern database over the
 * same normalised texts (hs_baseline()), and the judge / Hyperscan ratio; then the engine's and the judge's
 * memory and the allocations made while judging in steady state (counted
 * by wrapping malloc/calloc/realloc, or heap use by glibc's mallinfo2 in
 * sanitizer builds). With a directory as 3rd argument it writes
 * corpus.txt (realistic), corpus_hot.txt and terms.txt there for the grep
 * baseline in bench/judge.sh.
 *
 *   bench_judge [EVENTS] [DATA_DIR] [DUMP_DIR] [TWEETS_CSV]
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netra/engine.h"
#include "rules/engine_int.h"
#include "util/csv.h"

#define NPAIRS 50

/* ---- counting allocator (not with ASan, which owns malloc) ------------ */
#if !defined(__SANITIZE_ADDRESS__) && !defined(__has_feature)
#define COUNT_MALLOC 1
#elif defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define COUNT_MALLOC 1
#endif
#endif

static volatile int counting;
static unsigned long long nalloc;

#ifdef COUNT_MALLOC
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t a, size_t b);
void *__libc_realloc(void *p, size_t n);
void *malloc(size_t n);
void *calloc(size_t a, size_t b);
void *realloc(void *p, size_t n);

void *malloc(size_t n)
{
	if (counting)
		nalloc++;
	return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	if (counting)
		nalloc++;
	return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	if (counting)
		nalloc++;
	return __libc_realloc(p, n);
}
#endif

/* ---- deterministic generator ---------------------------------------- */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const char *const syl[] = {"ba",  "ri", "ko", "su", "wan", "di",
                                  "ma",  "to", "na", "la", "sa",  "ti",
                                  "har", "yo", "ni", "ra", "gu",  "deng"};
static const char *const words[] = {"selamat",
                                    "pagi",
                                    "warga",
                                    "kantor",
                                    "rapat",
                                    "hari",
                                    "ini",
                                    "jalan",
                                    "macet",
                                    "banget",
                                    "semoga",
                                    "lancar",
                                    "terima",
                                    "kasih",
                                    "pelayanan",
                                    "kecamatan",
                                    "posyandu",
                                    "anak",
                                    "sekolah",
                                    "libur",
                                    "makan",
                                    "siang",
                                    "bareng",
                                    "tim",
                                    "dinas",
                                    "kegiatan",
                                    "kerja",
                                    "bakti",
                                    "hujan",
                                    "deras",
                                    "sore",
                                    "jangan",
                                    "lupa",
                                    "sarapan",
                                    "yg",
                                    "gak",
                                    "bgt",
                                    "udah",
                                    "aja",
                                    "deh",
                                    "nih",
                                    "ya",
                                    "sih",
                                    "kok",
                                    "program",
                                    "bantuan",
                                    "warga",
                                    "pasar",
                                    "harga",
                                    "cabai",
                                    "turun",
                                    "alhamdulillah",
                                    "mohon",
                                    "doanya",
                                    "ibu",
                                    "bapak",
                                    "rekan",
                                    "kerja",
                                    "nomor",
                                    "2",
                                    "lantai",
                                    "antrean",
                                    "coblos",
                                    "pilih",
                                    "dukung",
                                    "kampanye",
                                    "debat",
                                    "tps",
                                    "kpu",
                                    "pilkada",
                                    "\xe2\x9c\x8c\xef\xb8\x8f",
                                    "\xf0\x9f\x94\xa5",
                                    "#semangat",
                                    "c0bl0s",
                                    "dukuuung",
                                    "mantap"};

struct gen {
	char name[NPAIRS][2][64];
	char alias[NPAIRS][40][24];
	char tag[NPAIRS][30][48];
	char slogan[NPAIRS][20][64];
	char party[NPAIRS][8][48];
};

static void mkword(char *out, size_t cap, int nsyl, int upper)
{
	size_t n = 0;
	int i;

	for (i = 0; i < nsyl; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s",
		                      syl[rnd(sizeof(syl) / sizeof(*syl))]);
	if (upper)
		out[0] = (char)(out[0] - 32);
}

static void make_profile(struct gen *g, FILE *f)
{
	int p, k;
	char a[24], b[24];

	fputs("election:\n  id: bench-2029\n  campaign_period: {start: "
	      "2029-09-24, end: 2029-11-24}\n  voting_day: 2029-11-28\n"
	      "candidates:\n",
	      f);
	for (p = 0; p < NPAIRS; p++) {
		fprintf(f, "  - number: %d\n    names: [", p + 1);
		for (k = 0; k < 2; k++) {
			mkword(a, sizeof(a), 2, 1);
			mkword(b, sizeof(b), 3, 1);
			snprintf(g->name[p][k], 64, "%s %s", a, b);
			fprintf(f, "%s\"%s\"", k ? ", " : "", g->name[p][k]);
		}
		fputs("]\n    aliases: [", f);
		for (k = 0; k < 40; k++) {
			mkword(g->alias[p][k], 24, 2 + k % 2, 1);
			fprintf(f, "%s\"%s%s\"", k ? ", " : "",
			        k % 5 == 0 ? "Bang " : "", g->alias[p][k]);
		}
		fputs("]\n    hashtags: [", f);
		for (k = 0; k < 30; k++) {
			mkword(a, sizeof(a), 2, 1);
			snprintf(g->tag[p][k], 48, "%sMenang%d", a, k);
			fprintf(f, "%s\"#%s\"", k ? ", " : "", g->tag[p][k]);
		}
		fputs("]\n    slogans: [", f);
		for (k = 0; k < 20; k++) {
			mkword(a, sizeof(a), 2, 1);
			mkword(b, sizeof(b), 2, 0);
			snprintf(g->slogan[p][k], 64, "%s %s bersama", a, b);
			fprintf(f, "%s\"%s\"", k ? ", " : "", g->slogan[p][k]);
		}
		fputs("]\n    parties: [", f);
		for (k = 0; k < 8; k++) {
			mkword(a, sizeof(a), 3, 1);
			snprintf(g->party[p][k], 48, "Partai %s", a);
			fprintf(f, "%s\"%s\"", k ? ", " : "", g->party[p][k]);
		}
		fprintf(f,
		        "]\n    accounts: [{platform: x, handle: "
		        "paslon%d_official}]\n",
		        p + 1);
	}
}

static size_t make_text(const struct gen *g, char *out, size_t cap)
{
	size_t n = 0;
	int i, len = 8 + (int)rnd(12), p = (int)rnd(NPAIRS);

	for (i = 0; i < len && n + 64 < cap; i++) {
		const char *w = words[rnd(sizeof(words) / sizeof(*words))];

		uint32_t r2 = rnd(1000);

		if (r2 < 4)
			w = g->alias[p][rnd(40)];
		else if (r2 == 4)
			w = g->name[p][rnd(2)];
		else if (r2 == 5)
			w = g->slogan[p][rnd(20)];
		if (r2 == 6)
			n += (size_t)snprintf(out + n, cap - n, "#%s ",
			                      g->tag[p][rnd(30)]);
		else
			n += (size_t)snprintf(out + n, cap - n, "%s ", w);
	}
	if (n)
		n--;
	out[n] = 0;
	return n;
}

/* ---- the realistic mix (own generator state: the profile and the
 * high-breach corpus stay what they were) ------------------------------ */
static uint64_t rng2 = 0xD1B54A32D192ED03ull;

static uint32_t rnd2(uint32_t n)
{
	rng2 ^= rng2 << 13;
	rng2 ^= rng2 >> 7;
	rng2 ^= rng2 << 17;
	return (uint32_t)(rng2 % n);
}

#define NCLAIMS      60
#define ARRAY_LEN(a) (sizeof(a) / sizeof(*(a)))

/* Everyday words of an office worker's feed; a few are also cue words
 * of the rulebook in an innocent sense (nomor, menang, pilih, mantap,
 * hebat, program, jawa, 2). */
static const char *const daily[] = {"selamat",
                                    "pagi",
                                    "warga",
                                    "kantor",
                                    "rapat",
                                    "hari",
                                    "ini",
                                    "jalan",
                                    "macet",
                                    "banget",
                                    "semoga",
                                    "lancar",
                                    "terima",
                                    "kasih",
                                    "pelayanan",
                                    "kecamatan",
                                    "posyandu",
                                    "anak",
                                    "sekolah",
                                    "libur",
                                    "makan",
                                    "siang",
                                    "bareng",
                                    "tim",
                                    "dinas",
                                    "kegiatan",
                                    "kerja",
                                    "bakti",
                                    "hujan",
                                    "deras",
                                    "sore",
                                    "jangan",
                                    "lupa",
                                    "sarapan",
                                    "yg",
                                    "gak",
                                    "bgt",
                                    "udah",
                                    "aja",
                                    "deh",
                                    "nih",
                                    "ya",
                                    "sih",
                                    "kok",
                                    "bantuan",
                                    "pasar",
                                    "harga",
                                    "cabai",
                                    "turun",
                                    "alhamdulillah",
                                    "mohon",
                                    "doanya",
                                    "ibu",
                                    "bapak",
                                    "rekan",
                                    "lantai",
                                    "antrean",
                                    "vaksin",
                                    "imunisasi",
                                    "balita",
                                    "puskesmas",
                                    "lomba",
                                    "agustusan",
                                    "senam",
                                    "jumat",
                                    "pengajian",
                                    "arisan",
                                    "kopi",
                                    "gorengan",
                                    "banjir",
                                    "sampah",
                                    "selokan",
                                    "taman",
                                    "sepeda",
                                    "minggu",
                                    "besok",
                                    "kemarin",
                                    "capek",
                                    "pulang",
                                    "malam",
                                    "\xe2\x9c\x8c\xef\xb8\x8f",
                                    "\xf0\x9f\x99\x8f",
                                    "#jumatberkah",
                                    "nomor",
                                    "menang",
                                    "pilih",
                                    "mantap",
                                    "hebat",
                                    "program",
                                    "jawa",
                                    "2",
                                    "3",
                                    "anggaran",
                                    "laporan",
                                    "rekap",
                                    "absen",
                                    "apel",
                                    "upacara"};

static const char *const place_syl[] = {"su", "ka",  "ra",  "ja", "ti",
                                        "mu", "lyo", "ban", "tu", "no"};

struct claims {
	char text[NCLAIMS][160];
};

static void mkplace(char *out, size_t cap)
{
	size_t n = 0;
	int i, k = 2 + (int)rnd2(2);

	for (i = 0; i < k; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s",
		                      place_syl[rnd2(ARRAY_LEN(place_syl))]);
	out[0] = (char)(out[0] - 32);
}

/* NCLAIMS fictional debunked claims, written as JSONL to f. */
static void make_claims(struct claims *cl, FILE *f)
{
	static const char *const tmpl[] = {
	    "Pemungutan suara di %s diundur ke tanggal %d Desember karena "
	    "anggaran belum cair",
	    "Surat suara di TPS %s sudah dicoblos sebelum hari pemungutan "
	    "suara untuk paslon nomor %d",
	    "Pemilih di %s wajib membawa fotokopi kartu keluarga dan %d "
	    "materai ke TPS",
	    "Petugas KPPS %s dibayar untuk mengubah hasil di %d TPS",
	    "Kotak suara dari gudang logistik %s hilang sebanyak %d buah",
	    "Warga %s yang tidak hadir ke TPS didenda %d ratus ribu rupiah"};
	char place[32];
	int i;

	for (i = 0; i < NCLAIMS; i++) {
		mkplace(place, sizeof(place));
		snprintf(cl->text[i], sizeof(cl->text[i]),
		         tmpl[i % ARRAY_LEN(tmpl)], place, 2 + (int)rnd2(9));
		fprintf(f,
		        "{\"id\":\"b%02d\",\"claim\":\"%s\",\"verdict\":"
		        "\"salah\",\"explanation\":\"Bantahan fiktif nomor "
		        "%d.\"}\n",
		        i, cl->text[i], i);
	}
}

static size_t put(char *out, size_t n, size_t cap, const char *w)
{
	size_t l = strlen(w);

	if (n + l + 2 >= cap)
		return n;
	memcpy(out + n, w, l);
	out[n + l] = ' ';
	return n + l + 1;
}

static size_t filler(char *out, size_t n, size_t cap, int k)
{
	while (k-- > 0)
		n = put(out, n, cap, daily[rnd2(ARRAY_LEN(daily))]);
	return n;
}

/* Election talk that breaches nothing. */
static size_t make_neutral(const struct gen *g, char *out, size_t cap)
{
	static const char *const t[] = {
	    "jangan golput ya gunakan hak pilih di tps",
	    "debat pilkada malam "
	    "ini di tv lokal",
	    "kpu umumkan dpt hari ini",
	    "pilkada damai warga rukun",
	    "info dari kpu jadwal pemungutan "
	    "suara",
	    "ikut sosialisasi pemilih pemula di kelurahan",
	    "hadir di acara",
	    "kunjungan ke pasar bersama"};
	size_t n = filler(out, 0, cap, 2 + (int)rnd2(5));
	int k = (int)rnd2(ARRAY_LEN(t));

	n = put(out, n, cap, t[k]);
	if (k >= 6) /* news naming a pair */
		n = put(out, n, cap, g->name[rnd2(NPAIRS)][rnd2(2)]);
	return filler(out, n, cap, 2 + (int)rnd2(6));
}

/* A potential breach, one of nine phrasings (the tenth, a like of a pair's
 * account, is made by the event type). */
static size_t make_breach(const struct gen *g, char *out, size_t cap)
{
	static const char *const numw[] = {"satu", "dua", "tiga", "empat"};
	int p = (int)rnd2(NPAIRS), k = (int)rnd2(9);
	size_t n = filler(out, 0, cap, (int)rnd2(5));
	char tmp[80];

	switch (k) {
	case 0:
		snprintf(tmp, sizeof(tmp), "ayo coblos nomor %d", p + 1);
		n = put(out, n, cap, tmp);
		break;
	case 1:
		snprintf(tmp, sizeof(tmp), "#%s", g->tag[p][rnd2(30)]);
		n = put(out, n, cap, tmp);
		break;
	case 2:
		n = put(out, n, cap, g->alias[p][rnd2(40)]);
		n = put(out, n, cap, "pasti menang pilkada");
		break;
	case 3:
		n = put(out, n, cap, "salam");
		n = put(out, n, cap, numw[p % 4]);
		n = put(out, n, cap, "jari");
		n = put(out, n, cap, "pilkada");
		break;
	case 4:
		n = put(out, n, cap, "jangan pilih");
		n = put(out, n, cap, g->name[p][rnd2(2)]);
		n = put(out, n, cap, "janji palsu");
		break;
	case 5:
		n = put(out, n, cap, g->name[p][rnd2(2)]);
		n = put(out, n, cap, "pemimpin terbaik kita");
		break;
	case 6:
		n = put(out, n, cap, "ayo dukung");
		n = put(out, n, cap, g->alias[p][rnd2(40)]);
		break;
	case 7:
		n = put(out, n, cap, g->slogan[p][rnd2(20)]);
		break;
	default:
		n = put(out, n, cap, "warga keturunan itu bikin rusak usir");
		break;
	}
	return filler(out, n, cap, (int)rnd2(6));
}

/* One post of the realistic mix; *kind: 0 ordinary, 1 election talk,
 * 2 breach, 3 debunked claim. */
static size_t make_text_real(const struct gen *g, const struct claims *cl,
                             char *out, size_t cap, int *kind)
{
	uint32_t r = rnd2(1000);
	size_t n;

	if (r < 860) {
		*kind = 0;
		n = filler(out, 0, cap, 6 + (int)rnd2(16));
	} else if (r < 950) {
		*kind = 1;
		n = make_neutral(g, out, cap);
	} else if (r < 995) {
		*kind = 2;
		n = make_breach(g, out, cap);
	} else {
		*kind = 3;
		n = filler(out, 0, cap, (int)rnd2(3));
		n = put(out, n, cap, cl->text[rnd2(NCLAIMS)]);
		n = put(out, n, cap, "sebarkan");
	}
	if (n)
		n--;
	out[n] = 0;
	return n;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this thread: on a shared, loaded machine wall time
 * understates what one core does. */
static double cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void dump_terms(const struct gen *g, const char *dir)
{
	char path[4096];
	FILE *f;
	int p, k;

	snprintf(path, sizeof(path), "%s/terms.txt", dir);
	f = fopen(path, "w");
	if (!f)
		return;
	for (p = 0; p < NPAIRS; p++) {
		for (k = 0; k < 2; k++)
			fprintf(f, "%s\n", g->name[p][k]);
		for (k = 0; k < 40; k++)
			fprintf(f, "%s\n", g->alias[p][k]);
		for (k = 0; k < 30; k++)
			fprintf(f, "%s\n", g->tag[p][k]);
		for (k = 0; k < 20; k++)
			fprintf(f, "%s\n", g->slogan[p][k]);
		for (k = 0; k < 8; k++)
			fprintf(f, "%s\n", g->party[p][k]);
	}
	fclose(f);
}

/* One corpus: NUL-terminated texts back to back, and per event its type
 * and the event whose text is its target (-1: none). */
struct corpus {
	char *buf;
	size_t *off, total;
	uint8_t *type;
	int32_t *tgt;
	const char *acct; /* target account of likes: 1 in 20 a pair's */
};

static void set_event(const struct corpus *c, size_t i, netra_event *ev)
{
	int32_t t = c->tgt[i];
	int pair_acct = c->type[i] == NETRA_EV_LIKE && i % 20 == 9;

	memset(ev, 0, sizeof(*ev));
	ev->id.s = "b";
	ev->id.len = 1;
	ev->type = c->type[i];
	ev->text.s = c->buf + c->off[i];
	ev->text.len = c->off[i + 1] - c->off[i] - 1;
	if (ev->type == NETRA_EV_LIKE) {
		ev->text.s = NULL;
		ev->text.len = 0;
		ev->target.account.s =
		    pair_acct || !c->acct ? "paslon7_official" : c->acct;
		ev->target.account.len = strlen(ev->target.account.s);
		if (!c->acct) /* the high-breach corpus: text and like */
			ev->text = (netra_str){c->buf + c->off[i],
			                       c->off[i + 1] - c->off[i] - 1};
	}
	if (t >= 0) {
		ev->target.text.s = c->buf + c->off[t];
		ev->target.text.len = c->off[t + 1] - c->off[t] - 1;
		ev->target.account.s = "akun_warga";
		ev->target.account.len = 10;
	}
}

static int corpus_alloc(struct corpus *c, size_t nev)
{
	memset(c, 0, sizeof(*c));
	c->buf = malloc(nev * 160 + 1);
	c->off = malloc((nev + 1) * sizeof(*c->off));
	c->type = malloc(nev);
	c->tgt = malloc(nev * sizeof(*c->tgt));
	return c->buf && c->off && c->type && c->tgt ? 0 : -1;
}

/* Real tweets, NUL-terminated back to back (at most 600 bytes each, as
 * a post is in the corpus buffers), from column 1 of path. */
struct tweets {
	char *buf;
	size_t *off, n;
};

static int load_tweets(struct tweets *t, const char *path)
{
	struct csv_reader *r = NULL;
	struct csv_row row;
	FILE *f = fopen(path, "rb");
	size_t cap = 0, used = 0, ocap = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	if (!f || csv_open(&r, f, path)) {
		if (f)
			fclose(f);
		return -1;
	}
	while ((rc = csv_next(r, &row)) != 0) {
		size_t len;

		if (rc < 0 && rc != NETRA_EINVALID)
			break; /* read error, out of memory: no tweets */
		if (rc < 0 || row.count < 2 || row.line == 1)
			continue; /* the header, or a record the reader refused */
		len = row.lens[0] < 600 ? row.lens[0] : 600;
		if (used + len + 1 > cap || t->n + 1 >= ocap) {
			char *nb = realloc(t->buf, cap = (cap + len + 1) * 2);
			size_t *no = realloc(t->off, (ocap = ocap * 2 + 1024) *
			                                 sizeof(*no));

			if (!nb || !no) {
				free(nb ? nb : t->buf);
				free(no ? no : t->off);
				t->buf = NULL;
				t->off = NULL;
				break;
			}
			t->buf = nb;
			t->off = no;
		}
		memcpy(t->buf + used, row.fields[0], len);
		t->buf[used + len] = 0;
		t->off[t->n++] = used;
		used += len + 1;
	}
	csv_close(r);
	fclose(f);
	return rc == 0 && t->buf && t->n ? 0 : -1;
}

/* The realistic mix; with tw, each ordinary post's text is the next real
 * tweet instead (from the same generator state, the same random draws:
 * the same event types, targets and election posts). */
static void make_real(struct corpus *c, const struct gen *g,
                      const struct claims *cl, const struct tweets *tw,
                      size_t nev, size_t *kinds)
{
	size_t i, k = 0, cap = nev * 160 + 1;
	int kind;

	c->total = 0;
	c->acct = "warung_kopi_bu_sri";
	for (i = 0; i < nev; i++) {
		uint32_t r = rnd2(100);
		size_t n = make_text_real(g, cl, c->buf + c->total,
		                          cap - c->total, &kind);

		if (kind == 0 && tw) {
			const char *t = tw->buf + tw->off[k++ % tw->n];

			/* corpus_alloc reserves 160 bytes per event: a tweet
			 * may use what earlier events left, never the share
			 * of the events after it */
			size_t room = cap - c->total;
			size_t keep = 160 * (nev - i - 1) + 1;
			size_t max = room > keep + 1 ? room - keep - 1 : 0;

			n = strlen(t);
			if (n > max)
				n = max;
			memcpy(c->buf + c->total, t, n);
			c->buf[c->total + n] = 0;
		}
		c->off[i] = c->total;
		c->total += n + 1;
		kinds[kind]++;
		c->tgt[i] = -1;
		c->type[i] = NETRA_EV_POST;
		if (r < 6) {
			c->type[i] = NETRA_EV_LIKE;
		} else if (r < 12 && i > 0) {
			c->type[i] =
			    r < 10 ? NETRA_EV_COMMENT : NETRA_EV_REPOST;
			c->tgt[i] =
			    (int32_t)(i - 1 - rnd2(i < 50 ? (uint32_t)i : 50));
		}
	}
	c->off[nev] = c->total;
}

/* The first bench's corpus and event pattern, unchanged. */
static void make_hot(struct corpus *c, const struct gen *g, size_t nev)
{
	size_t i, cap = nev * 160 + 1;

	c->total = 0;
	c->acct = NULL;
	for (i = 0; i < nev; i++) {
		c->off[i] = c->total;
		c->total += make_text(g, c->buf + c->total, cap - c->total) + 1;
		c->type[i] = i % 10 == 9 ? NETRA_EV_LIKE : NETRA_EV_POST;
		c->tgt[i] = -1;
	}
	c->off[nev] = c->total;
}

static void dump_corpus(const struct corpus *c, size_t nev, const char *dir,
                        const char *name)
{
	char path[4096];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w")))
		return;
	for (i = 0; i < nev; i++)
		fprintf(f, "%s\n", c->buf + c->off[i]);
	fclose(f);
}

/* ---- the baseline: Hyperscan alone ------------------------------------ */

static int count_match(unsigned id, unsigned long long from,
                       unsigned long long to, unsigned flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	++*(size_t *)ctx;
	return 0;
}

#define BASE_CHUNK 4096

/*
 * The floor of the judge: a bare hs_scan() of the engine's own pattern
 * database (every term of the profile and rulebook) over the same
 * normalised texts the judge scans (the own text, and target.text for
 * every event but posts), with a callback that only counts. Texts are
 * normalised with the engine's lexicon in chunks of BASE_CHUNK events
 * outside the clock; only the scans are timed (CPU time of this thread).
 * Returns the CPU seconds, or -1.
 */
static double hs_baseline(const netra_engine *e, const struct corpus *c,
                          size_t nev, size_t *matches)
{
	static struct text_norm n[BASE_CHUNK][2];
	hs_scratch_t *scr = NULL;
	size_t i, k, f;
	double t = 0, c0;
	netra_event ev;

	if (hs_alloc_scratch(e->db, &scr) != HS_SUCCESS)
		return -1;
	*matches = 0;
	for (i = 0; i < nev; i += BASE_CHUNK) {
		for (k = 0; k < BASE_CHUNK && i + k < nev; k++) {
			set_event(c, i + k, &ev);
			n[k][0].len = n[k][1].len = 0;
			if (ev.text.len)
				text_normalize(&n[k][0], e->tlex, ev.text.s,
				               ev.text.len);
			if (ev.type != NETRA_EV_POST && ev.target.text.len)
				text_normalize(&n[k][1], e->tlex,
				               ev.target.text.s,
				               ev.target.text.len);
		}
		c0 = cpu();
		for (k = 0; k < BASE_CHUNK && i + k < nev; k++)
			for (f = 0; f < 2; f++)
				if (n[k][f].len >= 3)
					hs_scan(e->db, n[k][f].buf,
					        (unsigned)n[k][f].len, 0, scr,
					        count_match, matches);
		t += cpu() - c0;
	}
	for (k = 0; k < BASE_CHUNK; k++)
		for (f = 0; f < 2; f++)
			text_norm_free(&n[k][f]);
	hs_free_scratch(scr);
	return t;
}

/* Judges the corpus (after a warm-up over its first 500,000 events) and
 * prints the figures under label; key prefixes the machine-read line.
 * Then the Hyperscan baseline over the same events, and the ratio. */
static int run(netra_judge *j, const struct corpus *c, size_t nev,
               const char *label, const char *key)
{
	size_t matches;
	double hs;
	size_t i, flagged = 0, bytes = 0;
	netra_event ev;
	const netra_verdict *v;
	double t0, t1, c0, c1;
	struct mallinfo2 m0, m1;

	for (i = 0; i < nev && i < 500000; i++) {
		set_event(c, i, &ev);
		if (netra_judge_event(j, &ev, &v))
			return -1;
	}
	m0 = mallinfo2();
	nalloc = 0;
	counting = 1;
	t0 = now();
	c0 = cpu();
	for (i = 0; i < nev; i++) {
		set_event(c, i, &ev);
		if (netra_judge_event(j, &ev, &v))
			return -1;
		flagged += v->labels != 0;
		bytes += ev.text.len + ev.target.text.len;
	}
	c1 = cpu();
	t1 = now();
	counting = 0;
	m1 = mallinfo2();
	printf("%s: %zu events, %.1f MB of text judged (own + target "
	       "texts), %zu flagged (%.1f%%)\n",
	       label, nev, (double)bytes / 1e6, flagged,
	       100.0 * (double)flagged / (double)nev);
	printf("%s: %.0f events/s, %.1f MB/s wall (%.2f s); %.0f events per "
	       "CPU second, %.1f MB per CPU second (%.2f s CPU)\n",
	       label, (double)nev / (t1 - t0), (double)bytes / 1e6 / (t1 - t0),
	       t1 - t0, (double)nev / (c1 - c0),
	       (double)bytes / 1e6 / (c1 - c0), c1 - c0);
#ifdef COUNT_MALLOC
	printf("%s: allocations while judging in steady state: %llu over "
	       "%zu events (heap in use before/after: %zu / %zu bytes)\n",
	       label, nalloc, nev, m0.uordblks, m1.uordblks);
#else
	printf("%s: heap in use before/after judging: %zu / %zu bytes "
	       "(sanitizer build: calls not counted)\n",
	       label, m0.uordblks, m1.uordblks);
#endif
	printf("%s_seconds=%.3f %s_cpu_seconds=%.3f %s_bytes=%zu\n", key,
	       t1 - t0, key, c1 - c0, key, bytes);
	hs = hs_baseline(j->e, c, nev, &matches);
	if (hs <= 0)
		return -1;
	printf("%s: Hyperscan alone (the engine's %zu patterns over the same "
	       "normalised texts, counting %zu matches): %.0f events per CPU "
	       "second, %.3f us per event; judge %.3f us per event; judge / "
	       "Hyperscan = %.2f\n",
	       label, j->e->npat, matches, (double)nev / hs,
	       1e6 * hs / (double)nev, 1e6 * (c1 - c0) / (double)nev,
	       (c1 - c0) / hs);
	printf("%s_hs_cpu_seconds=%.3f\n", key, hs);
	return 0;
}

int main(int argc, char **argv)
{
	size_t nev = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000000;
	const char *data = argc > 2 ? argv[2] : NULL;
	const char *dump = argc > 3 ? argv[3] : NULL;
	const char *tweets_csv = argc > 4 ? argv[4] : NULL;
	static struct tweets tw;
	uint64_t rng_mix;
	static struct gen g;
	static struct claims cl;
	struct netra_engine_opts o = {0};
	char prof[] = "/tmp/netra-bench-judge-XXXXXX";
	char deb[] = "/tmp/netra-bench-debunks-XXXXXX";
	size_t kinds[4] = {0, 0, 0, 0};
	struct corpus c;
	netra_engine *e = NULL;
	netra_judge *j = NULL;
	double tb;
	size_t heap0;
	int fd, rc = 1;
	FILE *f;

	fd = mkstemp(prof);
	if (fd < 0 || !(f = fdopen(fd, "w")))
		return 1;
	make_profile(&g, f);
	fclose(f);
	fd = mkstemp(deb);
	if (fd < 0 || !(f = fdopen(fd, "w")))
		return 1;
	make_claims(&cl, f);
	fclose(f);
	if (nev == 0 || corpus_alloc(&c, nev))
		return 1;
	o.election_path = prof;
	o.hoaxes_path = deb;
	o.data_dir = data;
	heap0 = mallinfo2().uordblks;
	tb = now();
	if (netra_engine_new(&e, &o) || netra_judge_new(&j, e)) {
		fprintf(stderr, "bench_judge: %s\n", netra_error_last());
		goto done;
	}
	tb = now() - tb;
#ifdef COUNT_MALLOC
	printf("engine: profile of %d pairs (~5000 terms), %d debunked "
	       "claims, built in %.2f s; heap grown by building the engine "
	       "and a judge: %.1f KiB (pattern db, term tables, lexicons, "
	       "hate model, hoax index)\n",
	       NPAIRS, NCLAIMS, tb,
	       (double)(mallinfo2().uordblks - heap0) / 1024);
#else
	(void)heap0;
	printf("engine: profile of %d pairs (~5000 terms), %d debunked "
	       "claims, built in %.2f s (sanitizer build: heap not "
	       "measured)\n",
	       NPAIRS, NCLAIMS, tb);
#endif
	rng_mix = rng2;
	make_real(&c, &g, &cl, NULL, nev, kinds);
	printf("realistic mix: %.1f%% ordinary posts, %.1f%% election talk "
	       "without breach, %.1f%% potential breaches (9 phrasings), "
	       "%.1f%% debunked claims; 88%% posts, 6%% likes (1 in 20 of a "
	       "pair's account), 4%% comments, 2%% reposts\n",
	       100.0 * (double)kinds[0] / (double)nev,
	       100.0 * (double)kinds[1] / (double)nev,
	       100.0 * (double)kinds[2] / (double)nev,
	       100.0 * (double)kinds[3] / (double)nev);
	if (dump) {
		dump_terms(&g, dump);
		dump_corpus(&c, nev, dump, "corpus.txt");
	}
	if (run(j, &c, nev, "judge (realistic mix)", "judge"))
		goto fail;
	make_hot(&c, &g, nev);
	printf("high-breach mix (the first bench's corpus, unchanged): "
	       "election words at random in every post, every 10th event a "
	       "like of a pair's account\n");
	if (dump)
		dump_corpus(&c, nev, dump, "corpus_hot.txt");
	if (run(j, &c, nev, "judge (high-breach mix)", "hot"))
		goto fail;
	if (tweets_csv && load_tweets(&tw, tweets_csv) == 0) {
		size_t tk[4] = {0, 0, 0, 0};

		rng2 = rng_mix;
		make_real(&c, &g, &cl, &tw, nev, tk);
		printf("real-text mix: the realistic mix with its %.1f%% "
		       "ordinary posts replaced by %zu real tweets "
		       "(ibrohim2019, cycled)\n",
		       100.0 * (double)tk[0] / (double)nev, tw.n);
		if (dump)
			dump_corpus(&c, nev, dump, "corpus_tweets.txt");
		if (run(j, &c, nev, "judge (real-text mix)", "tweets"))
			goto fail;
	} else if (tweets_csv) {
		printf("real-text mix: skipped (%s not readable)\n",
		       tweets_csv);
	}
	printf("engine: netra_engine_memory() %.1f KiB (pattern db, term "
	       "tables), netra_judge_memory() "
	       "%.1f KiB (judge scratch after both runs)\n",
	       (double)netra_engine_memory(e) / 1024,
	       (double)netra_judge_memory(j) / 1024);
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "bench_judge: %s\n", netra_error_last());
done:
	unlink(prof);
	unlink(deb);
	netra_judge_free(j);
	netra_engine_free(e);
	free(c.buf);
	free(c.off);
	free(c.type);
	free(c.tgt);
	free(tw.buf);
	free(tw.off);
	return rc;
}
