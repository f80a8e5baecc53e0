/*
 * bench/classifier.c - throughput of the hate-speech classifier
 * (rules/classifier.h) and of hoax matching (rules/hoax.h) on synthetic
 * normalised posts.
 *
 *   bench_classifier [EVENTS [DATA_DIR]]
 *
 * Generates EVENTS posts (default 200000) from a word list, scores each
 * with data/model/hate.model, and matches each against an index of 1,000
 * synthetic debunks (other topics, sharing common words with the posts)
 * and one of 12 (the size of an election's debunk list); prints events/s,
 * MB/s and the ratio to an FNV-1a pass over the same bytes (the floor of
 * any hashing feature extractor), the peak RSS, and whether the warm hoax
 * scratch grew during the timed run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "netra/common.h"
#include "rules/classifier.h"
#include "rules/hoax.h"
#include "util/sbuf.h"

static const char *const words[] = {
	"ayo", "kita", "dukung", "pilih", "nomor", "2", "bapak", "ibu",
	"kota", "maju", "bersama", "rakyat", "yang", "tidak", "sudah",
	"banget", "kerja", "nyata", "warga", "program", "jalan", "rusak",
	"banjir", "lagi", "hari", "ini", "rapat", "kantor", "dinas",
	"pelayanan", "publik", "mantap", "semangat", "pagi", "terima",
	"kasih", "untuk", "semua", "hadir", "di", "acara", "besok",
	"jangan", "lupa", "anak", "sekolah", "paslon", "debat", "visi",
	"misi", "netral", "asn", "harus", "menjaga", "pemilu", "damai",
	"pilkada", "coblos", "benar", "kabar", "hoaks", "itu", "tinta",
	"surat", "suara", "tps", "kpu", "diundur", "desember", "uang",
	"dibagikan", "kafir", "usir", "pendatang", "sesat", "umat",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Appends " w1 w2 ... wn " (n words) to b. */
static void gen_post(struct sbuf *b, size_t n)
{
	size_t i;

	sbuf_putc(b, ' ');
	for (i = 0; i < n; i++) {
		sbuf_puts(b, words[next() % NWORDS]);
		sbuf_putc(b, ' ');
	}
}

/* A synthetic debunk: mostly made-up words (other topics), a quarter
 * from the post vocabulary, as real debunks share "tps", "kpu" with
 * everyday posts. */
static void gen_claim(struct sbuf *b, size_t n)
{
	static const char *const syl[] = {"ba", "ku", "ri", "to", "sa",
					  "me", "lu", "pa", "di", "nga",
					  "tri", "ken", "jo", "wa", "hu"};
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (next() % 4 == 0) {
			sbuf_puts(b, words[next() % NWORDS]);
		} else {
			for (k = 0; k < 2 + next() % 2; k++)
				sbuf_puts(b, syl[next() % 15]);
		}
		sbuf_putc(b, ' ');
	}
}

static int build_index(struct hoax_index **ix, const char *dir, int nclaims)
{
	struct sbuf b = SBUF_INIT;
	char id[32];
	int i, rc = hoax_index_new(ix, NULL);

	if (!rc)
		rc = hoax_index_load_data(*ix, dir);
	for (i = 0; i < nclaims && !rc; i++) {
		struct hoax_claim c = {id, NULL, "salah", "", NULL};

		sbuf_clear(&b);
		gen_claim(&b, 8 + next() % 10);
		snprintf(id, sizeof(id), "b%d", i);
		c.claim = b.data;
		rc = hoax_index_add(*ix, &c);
	}
	if (!rc)
		rc = hoax_index_build(*ix);
	sbuf_free(&b);
	return rc;
}

static void report(const char *what, double secs, size_t n, size_t bytes,
		   double base)
{
	printf("%-22s %10.0f events/s %8.1f MB/s  %6.1fx the FNV pass\n",
	       what, n / secs, bytes / secs / 1e6, secs / base);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000, i;
	const char *dir = argc > 2 ? argv[2] : "data";
	struct classifier *c = NULL;
	struct hoax_index *ix = NULL, *small = NULL;
	struct hoax_scratch s = HOAX_SCRATCH_INIT;
	struct hoax_match m;
	struct sbuf all = SBUF_INIT;
	size_t *off = malloc((n + 1) * sizeof(*off)), hits = 0, cap0;
	char path[4096];
	double t, base, sum = 0;
	uint64_t h = 0;
	struct rusage ru;

	snprintf(path, sizeof(path), "%s/%s", dir, CLASSIFIER_DEFAULT_MODEL);
	if (!off || classifier_load(&c, path) || build_index(&ix, dir, 1000) ||
	    build_index(&small, dir, 12)) {
		fprintf(stderr, "bench_classifier: %s\n", netra_error_last());
		return 1;
	}
	for (i = 0; i < n; i++) {
		off[i] = all.len;
		gen_post(&all, 6 + next() % 25);
	}
	off[n] = all.len;
	t = now();
	for (i = 0; i < all.len; i++)
		h = (h ^ (unsigned char)all.data[i]) * 0x100000001b3ULL;
	base = now() - t;
	t = now();
	for (i = 0; i < n; i++)
		sum += classifier_score(c, all.data + off[i], off[i + 1] - off[i]);
	report("classifier_score", now() - t, n, all.len, base);
	hoax_match(ix, &s, all.data, all.len, &m); /* warm to the largest */
	cap0 = s.cap;
	t = now();
	for (i = 0; i < n; i++)
		hits += hoax_match(ix, &s, all.data + off[i],
				   off[i + 1] - off[i], &m) == 1;
	report("hoax_match (1000)", now() - t, n, all.len, base);
	t = now();
	for (i = 0; i < n; i++)
		hoax_match(small, &s, all.data + off[i], off[i + 1] - off[i],
			   &m);
	report("hoax_match (12)", now() - t, n, all.len, base);
	getrusage(RUSAGE_SELF, &ru);
	printf("posts %zu, %.1f MB; mean p %.3f; hoax hits %zu; scratch grew "
	       "during run: %s; peak RSS %ld MB (checksum %llx)\n", n,
	       all.len / 1e6, sum / n, hits, s.cap != cap0 ? "yes" : "no",
	       ru.ru_maxrss / 1024, (unsigned long long)(h & 0xff));
	hoax_scratch_free(&s);
	hoax_index_free(ix);
	hoax_index_free(small);
	classifier_free(c);
	sbuf_free(&all);
	free(off);
	return 0;
}
