/*
 * bench/text.c - text pipeline throughput (src/text/normalize.c).
 *
 *   bench_text [EVENTS [DATA_DIR]]
 *
 * Generates EVENTS synthetic posts (default 200000, fictional names; mostly
 * plain ASCII like real posts, some with hashtags, leet, elongation, slang,
 * emoji and fancy Unicode), then times text_normalize() over all of them
 * against a plain ASCII tolower loop over the same bytes (the floor any
 * normaliser pays), and prints events/s, MB/s, the ratio, peak RSS, and
 * whether the warm struct text_norm allocated during the timed runs. Times
 * are this thread's CPU time, best of three interleaved rounds, so a busy
 * machine skews them less.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "netra/common.h"
#include "text/normalize.h"

static const char *const words[] = {
    "ayo",     "kita",       "dukung",    "pilih",   "nomor",    "2",
    "bapak",   "ibu",        "Hendra",    "Wulan",   "Sutrisno", "kota",
    "maju",    "bersama",    "rakyat",    "yg",      "gak",      "udah",
    "bgt",     "kerja",      "nyata",     "warga",   "program",  "jalan",
    "rusak",   "banjir",     "lagi",      "hari",    "ini",      "rapat",
    "kantor",  "dinas",      "pelayanan", "publik",  "mantap",   "semangat",
    "pagi",    "terima",     "kasih",     "untuk",   "semua",    "yang",
    "hadir",   "di",         "acara",     "Senin",   "besok",    "jangan",
    "lupa",    "vaksin",     "anak",      "sekolah", "paslon",   "debat",
    "visi",    "misi",       "tidak",     "netral",  "ASN",      "harus",
    "menjaga", "netralitas", "pemilu",    "damai",   "2024,",    "pilkada!",
    "coblos",  "ya.",        "benar",     "kabar",   "hoaks",    "itu",
};
static const char *const spice[] = {
    "#AyoPilihNomor2",
    "c0bl0s",
    "dukuuung",
    "mantaaap",
    "gpp",
    "\xe2\x9c\x8c\xef\xb8\x8f",
    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
    "@wulan_official",
    "https://t.co/Ab12Cd",
    "#pilih02hendra",
    ("\xf0\x9d\x97\xb0\xf0\x9d\x97\xbc\xf0\x9d\x97\xaf\xf0\x9d\x97\xb9"
     "\xf0\x9d\x97\xbc\xf0\x9d\x98\x80"),
    "2\xef\xb8\x8f\xe2\x83\xa3",
    "n0m0r",
    "Caf\xc3\xa9",
    "no.2",
    "\xf0\x9f\x94\xa5\xf0\x9f\x94\xa5",
};

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* CPU time of this thread: the machine may be shared, and time spent
 * descheduled is not the normaliser's. */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Fills text with posts of about 180 bytes; off[i] is post i's start. */
static char *gen(size_t events, size_t **offp)
{
	size_t cap = events * 200 + 64, len = 0, i;
	char *text = malloc(cap);
	size_t *off = malloc((events + 1) * sizeof(*off));
	const size_t nw = sizeof(words) / sizeof(words[0]);
	const size_t ns = sizeof(spice) / sizeof(spice[0]);

	if (!text || !off)
		exit(1);
	for (i = 0; i < events; i++) {
		size_t start = len;
		int spicy = next() % 10 < 3;
		off[i] = len;
		while (len - start < 170) {
			const char *w = spicy && next() % 6 == 0
			                    ? spice[next() % ns]
			                    : words[next() % nw];
			size_t l = strlen(w);
			memcpy(text + len, w, l);
			len += l;
			text[len++] = ' ';
		}
	}
	off[events] = len;
	*offp = off;
	return text;
}

int main(int argc, char **argv)
{
	size_t events = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
	const char *src = getenv("NETRA_SRC");
	char dir[4096];
	struct text_lexicon *lex = NULL;
	struct text_norm n = {0};
	struct rusage ru;
	size_t *off, i, bytes, toks = 0;
	char *text, *low, *buf;
	double t0, tn, tb;
	unsigned sum = 0;
	size_t cap;
	int round;

	snprintf(dir, sizeof(dir), "%s", argc > 2 ? argv[2] : "");
	if (!dir[0])
		snprintf(dir, sizeof(dir), "%s/data", src ? src : ".");
	if (!events || text_lexicon_load(&lex, dir) != 0) {
		fprintf(stderr, "bench_text: %s\n", netra_error_last());
		return 1;
	}
	text = gen(events, &off);
	bytes = off[events];
	low = malloc(bytes);
	if (!low)
		return 1;
	memset(low, 0, bytes); /* fault the pages in before timing */
	/* warm up: one pass so the buffers reach their size */
	for (i = 0; i < events && i < 1000; i++)
		text_normalize(&n, lex, text + off[i], off[i + 1] - off[i]);
	for (i = 0; i < events; i++)
		text_normalize(&n, lex, text + off[i], off[i + 1] - off[i]);
	buf = n.buf;
	cap = n.cap;

	/* best of 3 rounds of each, interleaved */
	tn = tb = 1e30;
	for (round = 0; round < 3; round++) {
		double t;

		toks = 0;
		t0 = now();
		for (i = 0; i < events; i++) {
			text_normalize(&n, lex, text + off[i],
			               off[i + 1] - off[i]);
			toks += n.ntok;
		}
		t = now() - t0;
		if (t < tn)
			tn = t;
		t0 = now();
		for (i = 0; i < bytes; i++) {
			unsigned char c = (unsigned char)text[i];
			low[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		}
		for (i = 0; i < bytes; i += 4096)
			sum += (unsigned char)low[i];
		t = now() - t0;
		if (t < tb)
			tb = t;
	}

	getrusage(RUSAGE_SELF, &ru);
	printf("text normalise (CPU time, best of 3): %zu events, %.1f MB, "
	       "%.1f tokens/event\n",
	       events, bytes / 1e6, (double)toks / (double)events);
	printf("  netra text_normalize: %.0f events/s, %.1f MB/s\n",
	       events / tn, bytes / 1e6 / tn);
	printf("  baseline ASCII tolower loop: %.1f MB/s (check %u)\n",
	       bytes / 1e6 / tb, sum & 1);
	printf("  ratio normalise/baseline time: %.1fx\n", tn / tb);
	printf("  steady-state allocation: %s\n",
	       n.buf == buf && n.cap == cap ? "none (buffers unchanged)"
	                                    : "buffers grew");
	printf("  peak RSS: %ld MB\n", ru.ru_maxrss / 1024);
	text_norm_free(&n);
	text_lexicon_free(lex);
	free(text);
	free(low);
	free(off);
	return 0;
}
