/*
 * tools/demo_gen.c - generates the demo city: a fictional municipality's
 * staff registry (units.csv, employees.csv, accounts.csv, in the headers
 * `netra registry import` reads) and a campaign period of social-media
 * activity (events.jsonl, the Event of DESIGN.md) with a realistic share of
 * potential neutrality breaches, written from an election profile's
 * candidates, aliases, hashtags, slogans and accounts. It also writes
 * truth.csv: the planted label of every breach and of harmless look-alikes,
 * so the engine's precision and recall can be measured on the demo.
 *
 * Output is a pure function of the options: the same seed gives the same
 * bytes (own PRNG, no clock, no locale, no hash-order iteration). Every name
 * is invented. A standalone tool: on out-of-memory or a write error it
 * prints the reason and exits 1; usage errors exit 2.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <yaml.h>

#include "util/civiltime.h"
#include "util/strmap.h"

#define MAX_CANDS      9
#define MAX_CAND_ACCTS 16
#define MAX_UNITS      2048
#define RING           512
#define TEXT_MAX       4096

/* ---- fatal errors and small string helpers ---------------------------- */

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("demo_gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xcalloc(n, 1);

	memcpy(p, s, n);
	return p;
}

/* Copies s into dst[cap], truncating; always NUL-terminates. */
static void scopy(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* A bounded text being built: appends truncate silently at TEXT_MAX. */
struct text {
	char s[TEXT_MAX];
	size_t len;
};

static void tx_putn(struct text *t, const char *s, size_t n)
{
	if (n > TEXT_MAX - 1 - t->len)
		n = TEXT_MAX - 1 - t->len;
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void tx_puts(struct text *t, const char *s)
{
	tx_putn(t, s, strlen(s));
}

static void tx_printf(struct text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tx_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->s + t->len, TEXT_MAX - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n < TEXT_MAX - t->len ? (size_t)n
		                                        : TEXT_MAX - 1 - t->len;
}

static void tx_clear(struct text *t)
{
	t->len = 0;
	t->s[0] = '\0';
}

/* ---- deterministic PRNG (xoshiro256**, seeded by splitmix64) ---------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL + stream;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t res = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

/* Uniform in [0, n); n > 0. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability permille/1000. */
static int rng_pm(struct rng *r, uint32_t permille)
{
	return rng_below(r, 1000) < permille;
}

#define PICK(r, arr) ((arr)[rng_below((r), sizeof(arr) / sizeof((arr)[0]))])

/* ---- calendar: days since 1970-01-01, util/civiltime.h ---------------- */

/* Parses YYYY-MM-DD into days since the epoch; 0 or -1. */
static int parse_date(const char *s, int64_t *out)
{
	int y, m, d;
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > civil_month_days(y, m))
		return -1;
	*out = civil_days(y, m, d);
	return 0;
}

static const char *const month_id[] = {
    "Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
    "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};

/* ---- the election profile (the parts the generator uses) -------------- */

struct strlist {
	char **v;
	size_t n;
};

struct cand_acct {
	char platform[16];
	char handle[64];
};

struct cand {
	int number;
	struct strlist names, aliases, hashtags, slogans, parties;
	struct cand_acct acct[MAX_CAND_ACCTS];
	int nacct;
};

struct profile {
	char region[128]; /* "Kota Tirtamaya" */
	char city[128];   /* "Tirtamaya" */
	int64_t start_day, end_day, vote_day;
	struct cand cand[MAX_CANDS];
	int ncand;
};

/* Handles are case-insensitive on every platform netra watches. */
static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s | 0x20);
}

static yaml_node_t *ymap_get(yaml_document_t *doc, yaml_node_t *map,
                             const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static const char *yscalar(yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

/* Collects a sequence of scalars (or one scalar) into l. */
static void ylist(yaml_document_t *doc, yaml_node_t *n, struct strlist *l)
{
	yaml_node_item_t *it;
	size_t i = 0;

	l->v = NULL;
	l->n = 0;
	if (n && n->type == YAML_SCALAR_NODE) {
		l->v = xcalloc(1, sizeof(char *));
		l->v[l->n++] = xstrdup(yscalar(n));
		return;
	}
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return;
	l->v = xcalloc(
	    (size_t)(n->data.sequence.items.top - n->data.sequence.items.start),
	    sizeof(char *));
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	     it++, i++) {
		const char *s = yscalar(yaml_document_get_node(doc, *it));

		if (s && *s)
			l->v[l->n++] = xstrdup(s);
	}
}

static void load_cand_accounts(yaml_document_t *doc, yaml_node_t *seq,
                               struct cand *c)
{
	yaml_node_item_t *it;

	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return;
	for (it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top && c->nacct < MAX_CAND_ACCTS;
	     it++) {
		yaml_node_t *a = yaml_document_get_node(doc, *it);
		const char *pl = yscalar(ymap_get(doc, a, "platform"));
		const char *h = yscalar(ymap_get(doc, a, "handle"));

		if (!pl || !h)
			continue;
		while (*h == '@')
			h++;
		scopy(c->acct[c->nacct].platform, 16, pl);
		scopy(c->acct[c->nacct].handle, 64, h);
		lower(c->acct[c->nacct].handle);
		c->nacct++;
	}
}

/* Reads one candidate; -1 (with a message) when it lacks names. */
static int load_cand(yaml_document_t *doc, yaml_node_t *n, struct cand *c,
                     const char *path)
{
	const char *num = yscalar(ymap_get(doc, n, "number"));

	c->number = num ? atoi(num) : 0;
	ylist(doc, ymap_get(doc, n, "names"), &c->names);
	ylist(doc, ymap_get(doc, n, "aliases"), &c->aliases);
	ylist(doc, ymap_get(doc, n, "hashtags"), &c->hashtags);
	ylist(doc, ymap_get(doc, n, "slogans"), &c->slogans);
	ylist(doc, ymap_get(doc, n, "parties"), &c->parties);
	load_cand_accounts(doc, ymap_get(doc, n, "accounts"), c);
	if (c->number < 1 || c->names.n == 0) {
		fprintf(stderr,
		        "demo_gen: %s: candidate without number/names\n", path);
		return -1;
	}
	if (c->aliases.n == 0)
		c->aliases = c->names;
	return 0;
}

static int load_dates(yaml_document_t *doc, yaml_node_t *el, struct profile *p,
                      const char *path)
{
	yaml_node_t *cp = ymap_get(doc, el, "campaign_period");
	const char *s = yscalar(ymap_get(doc, cp, "start"));
	const char *e = yscalar(ymap_get(doc, cp, "end"));
	const char *v = yscalar(ymap_get(doc, el, "voting_day"));

	if (!s || !e || parse_date(s, &p->start_day) ||
	    parse_date(e, &p->end_day) || p->end_day < p->start_day) {
		fprintf(stderr, "demo_gen: %s: bad campaign_period\n", path);
		return -1;
	}
	if (!v || parse_date(v, &p->vote_day))
		p->vote_day = p->end_day + 4;
	return 0;
}

static void set_region(struct profile *p, const char *region)
{
	static const char *const prefix[] = {"Kota ", "Kabupaten ",
	                                     "Provinsi "};
	size_t i;

	scopy(p->region, sizeof(p->region), region);
	for (i = 0; i < 3; i++) {
		if (strncmp(region, prefix[i], strlen(prefix[i])) == 0) {
			region += strlen(prefix[i]);
			break;
		}
	}
	scopy(p->city, sizeof(p->city), region);
}

static int load_profile_doc(yaml_document_t *doc, struct profile *p,
                            const char *path)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	yaml_node_t *el = ymap_get(doc, root, "election");
	yaml_node_t *cs = ymap_get(doc, root, "candidates");
	const char *region = yscalar(ymap_get(doc, el, "region"));
	yaml_node_item_t *it;

	if (!el || !cs || cs->type != YAML_SEQUENCE_NODE) {
		fprintf(stderr, "demo_gen: %s: needs election and candidates\n",
		        path);
		return -1;
	}
	set_region(p, region ? region : "Kota Contoh");
	if (load_dates(doc, el, p, path))
		return -1;
	for (it = cs->data.sequence.items.start;
	     it < cs->data.sequence.items.top; it++) {
		if (p->ncand == MAX_CANDS)
			break;
		if (load_cand(doc, yaml_document_get_node(doc, *it),
		              &p->cand[p->ncand], path))
			return -1;
		p->ncand++;
	}
	if (p->ncand < 2) {
		fprintf(stderr, "demo_gen: %s: needs at least 2 candidates\n",
		        path);
		return -1;
	}
	return 0;
}

/* Loads the profile at path; 0 or -1 after printing why. */
static int load_profile(struct profile *p, const char *path)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	FILE *f = fopen(path, "rb");
	int rc = -1;

	if (!f) {
		fprintf(stderr, "demo_gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		fprintf(stderr, "demo_gen: %s:%zu: %s\n", path,
		        parser.problem_mark.line + 1,
		        parser.problem ? parser.problem : "YAML error");
		goto done;
	}
	rc = load_profile_doc(&doc, p, path);
	yaml_document_delete(&doc);
done:
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

/* ---- debunked hoaxes (claims to forward) ------------------------------ */

/* Reads the "claim" of every JSONL line in path into l; 0 or -1. */
static int load_debunks(struct strlist *l, const char *path)
{
	FILE *f = fopen(path, "rb");
	char line[8192];
	size_t cap = 16, lineno = 0;

	l->n = 0;
	l->v = xcalloc(cap, sizeof(char *));
	if (!f) {
		fprintf(stderr, "demo_gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		json_error_t jerr;
		json_t *o;
		const char *claim;

		lineno++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		o = json_loads(line, 0, &jerr);
		claim = json_string_value(json_object_get(o, "claim"));
		if (!claim) {
			fprintf(stderr, "demo_gen: %s:%zu: no claim\n", path,
			        lineno);
			json_decref(o);
			fclose(f);
			return -1;
		}
		if (l->n == cap) {
			char **nv = realloc(l->v, 2 * cap * sizeof(char *));

			if (!nv)
				die("out of memory");
			l->v = nv;
			cap *= 2;
		}
		l->v[l->n++] = xstrdup(claim);
		json_decref(o);
	}
	fclose(f);
	return 0;
}

/* ---- the organisation: OPD, their units, kecamatan and kelurahan ------ */

enum opd_kind {
	K_DINAS,  /* Dinas/Badan: sekretariat, bidang with seksi */
	K_SETDA,  /* Sekretariat Daerah: bagian with subbagian */
	K_DISDIK, /* like K_DINAS, plus schools */
	K_DINKES, /* like K_DINAS, plus one puskesmas per kecamatan */
	K_KEC     /* kecamatan: sekretariat, seksi, kelurahan */
};

struct opd_def {
	const char *code;
	const char *name; /* "%s" is the region, "Kota X" */
	const char *head; /* head's position */
	enum opd_kind kind;
	int mult;         /* staff weight in percent */
	const char *subs; /* '|'-separated bidang/bagian names */
};

static const struct opd_def opd_defs[] = {
    {"SETDA", "Sekretariat Daerah %s", "Sekretaris Daerah", K_SETDA, 100,
     "Bagian Pemerintahan|Bagian Hukum|Bagian Organisasi|"
     "Bagian Perekonomian dan Sumber Daya Alam|Bagian Pengadaan Barang dan "
     "Jasa|Bagian Kesejahteraan Rakyat|Bagian Umum|Bagian Protokol dan "
     "Komunikasi Pimpinan"},
    {"SETWAN", "Sekretariat DPRD %s", "Sekretaris DPRD", K_SETDA, 100,
     "Bagian Umum dan Keuangan|Bagian Persidangan dan Perundang-undangan|"
     "Bagian Fasilitasi Penganggaran dan Pengawasan"},
    {"INSP", "Inspektorat %s", "Inspektur", K_DINAS, 100,
     "Bidang Pengawasan Pemerintahan|Bidang Pengawasan Pembangunan|"
     "Bidang Pengawasan Kemasyarakatan|Bidang Investigasi"},
    {"BAPPEDA", "Badan Perencanaan Pembangunan Daerah %s",
     "Kepala Badan Perencanaan Pembangunan Daerah", K_DINAS, 100,
     "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia|"
     "Bidang Perekonomian dan Sumber Daya Alam|Bidang Infrastruktur dan "
     "Kewilayahan|Bidang Penelitian dan Pengembangan"},
    {"BKAD", "Badan Keuangan dan Aset Daerah %s",
     "Kepala Badan Keuangan dan Aset Daerah", K_DINAS, 110,
     "Bidang Anggaran|Bidang Perbendaharaan|Bidang Akuntansi|Bidang Aset"},
    {"BAPENDA", "Badan Pendapatan Daerah %s", "Kepala Badan Pendapatan Daerah",
     K_DINAS, 110,
     "Bidang Pendataan dan Penetapan|Bidang Penagihan|Bidang Pajak Bumi dan "
     "Bangunan|Bidang Pengembangan Pendapatan"},
    {"BKPP", "Badan Kepegawaian dan Pengembangan SDM %s",
     "Kepala Badan Kepegawaian dan Pengembangan SDM", K_DINAS, 100,
     "Bidang Pengadaan dan Informasi Kepegawaian|Bidang Mutasi dan "
     "Promosi|Bidang Pengembangan Kompetensi|Bidang Penilaian Kinerja dan "
     "Disiplin"},
    {"KESBANGPOL", "Badan Kesatuan Bangsa dan Politik %s",
     "Kepala Badan Kesatuan Bangsa dan Politik", K_DINAS, 80,
     "Bidang Ideologi dan Wawasan Kebangsaan|Bidang Politik Dalam Negeri|"
     "Bidang Ketahanan Ekonomi, Sosial dan Budaya"},
    {"BPBD", "Badan Penanggulangan Bencana Daerah %s", "Kepala Pelaksana BPBD",
     K_DINAS, 120,
     "Bidang Pencegahan dan Kesiapsiagaan|Bidang Kedaruratan dan "
     "Logistik|Bidang Rehabilitasi dan Rekonstruksi"},
    {"DISDIK", "Dinas Pendidikan %s", "Kepala Dinas Pendidikan", K_DISDIK, 100,
     "Bidang Pembinaan Sekolah Dasar|Bidang Pembinaan Sekolah Menengah "
     "Pertama|Bidang Pendidikan Anak Usia Dini dan Nonformal|Bidang "
     "Guru dan Tenaga Kependidikan"},
    {"DINKES", "Dinas Kesehatan %s", "Kepala Dinas Kesehatan", K_DINKES, 100,
     "Bidang Kesehatan Masyarakat|Bidang Pencegahan dan Pengendalian "
     "Penyakit|Bidang Pelayanan Kesehatan|Bidang Sumber Daya Kesehatan"},
    {"RSUD", "RSUD %s", "Direktur RSUD", K_DINAS, 520,
     "Bidang Pelayanan Medik|Bidang Keperawatan|Bidang Penunjang Medik|"
     "Bidang Keuangan dan Program"},
    {"DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang %s",
     "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", K_DINAS, 150,
     "Bidang Bina Marga|Bidang Sumber Daya Air|Bidang Penataan Ruang|"
     "Bidang Bina Konstruksi"},
    {"DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman %s",
     "Kepala Dinas Perumahan dan Kawasan Permukiman", K_DINAS, 100,
     "Bidang Perumahan|Bidang Kawasan Permukiman|Bidang Pertamanan dan "
     "Penerangan Jalan Umum"},
    {"SATPOLPP", "Satuan Polisi Pamong Praja %s",
     "Kepala Satuan Polisi Pamong Praja", K_DINAS, 260,
     "Bidang Penegakan Peraturan Daerah|Bidang Ketertiban Umum dan "
     "Ketenteraman Masyarakat|Bidang Perlindungan Masyarakat"},
    {"DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan %s",
     "Kepala Dinas Pemadam Kebakaran dan Penyelamatan", K_DINAS, 200,
     "Bidang Pencegahan Kebakaran|Bidang Pemadaman dan Penyelamatan|"
     "Bidang Sarana dan Prasarana"},
    {"DINSOS", "Dinas Sosial %s", "Kepala Dinas Sosial", K_DINAS, 100,
     "Bidang Rehabilitasi Sosial|Bidang Perlindungan dan Jaminan Sosial|"
     "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin"},
    {"DISNAKER", "Dinas Tenaga Kerja %s", "Kepala Dinas Tenaga Kerja", K_DINAS,
     90,
     "Bidang Pelatihan dan Produktivitas|Bidang Penempatan Tenaga Kerja|"
     "Bidang Hubungan Industrial"},
    {"DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak %s",
     "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak", K_DINAS, 80,
     "Bidang Pemberdayaan Perempuan|Bidang Perlindungan Anak|Bidang Data "
     "dan Informasi Gender"},
    {"DKPP", "Dinas Ketahanan Pangan dan Pertanian %s",
     "Kepala Dinas Ketahanan Pangan dan Pertanian", K_DINAS, 100,
     "Bidang Ketahanan Pangan|Bidang Pertanian dan Hortikultura|Bidang "
     "Peternakan dan Kesehatan Hewan|Bidang Perikanan"},
    {"DLH", "Dinas Lingkungan Hidup %s", "Kepala Dinas Lingkungan Hidup",
     K_DINAS, 230,
     "Bidang Tata Lingkungan|Bidang Pengelolaan Sampah|Bidang Pengendalian "
     "Pencemaran|Bidang Pertamanan"},
    {"DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil %s",
     "Kepala Dinas Kependudukan dan Pencatatan Sipil", K_DINAS, 120,
     "Bidang Pelayanan Pendaftaran Penduduk|Bidang Pelayanan Pencatatan "
     "Sipil|Bidang Pengelolaan Informasi Administrasi Kependudukan"},
    {"DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana %s",
     "Kepala Dinas Pengendalian Penduduk dan Keluarga Berencana", K_DINAS, 90,
     "Bidang Pengendalian Penduduk|Bidang Keluarga Berencana|Bidang "
     "Ketahanan Keluarga"},
    {"DISHUB", "Dinas Perhubungan %s", "Kepala Dinas Perhubungan", K_DINAS, 170,
     "Bidang Lalu Lintas|Bidang Angkutan|Bidang Sarana dan Prasarana|"
     "Bidang Perparkiran"},
    {"DISKOMINFO", "Dinas Komunikasi dan Informatika %s",
     "Kepala Dinas Komunikasi dan Informatika", K_DINAS, 90,
     "Bidang Informasi dan Komunikasi Publik|Bidang Aplikasi Informatika|"
     "Bidang Persandian dan Statistik"},
    {"DISKOPUKM", "Dinas Koperasi dan Usaha Mikro %s",
     "Kepala Dinas Koperasi dan Usaha Mikro", K_DINAS, 80,
     "Bidang Koperasi|Bidang Usaha Mikro|Bidang Pengawasan Koperasi"},
    {"DPMPTSP",
     "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu "
     "%s",
     "Kepala Dinas Penanaman Modal dan PTSP", K_DINAS, 90,
     "Bidang Penanaman Modal|Bidang Pelayanan Perizinan|Bidang Pengaduan "
     "dan Informasi"},
    {"DISPORA", "Dinas Pemuda dan Olahraga %s",
     "Kepala Dinas Pemuda dan Olahraga", K_DINAS, 80,
     "Bidang Kepemudaan|Bidang Olahraga|Bidang Sarana dan Prasarana "
     "Olahraga"},
    {"DISBUDPAR", "Dinas Kebudayaan dan Pariwisata %s",
     "Kepala Dinas Kebudayaan dan Pariwisata", K_DINAS, 80,
     "Bidang Kebudayaan|Bidang Destinasi Pariwisata|Bidang Pemasaran dan "
     "Ekonomi Kreatif"},
    {"DISPUSIP", "Dinas Perpustakaan dan Kearsipan %s",
     "Kepala Dinas Perpustakaan dan Kearsipan", K_DINAS, 70,
     "Bidang Perpustakaan|Bidang Kearsipan"},
    {"DISDAGIN", "Dinas Perdagangan dan Perindustrian %s",
     "Kepala Dinas Perdagangan dan Perindustrian", K_DINAS, 110,
     "Bidang Perdagangan|Bidang Perindustrian|Bidang Pengelolaan Pasar|"
     "Bidang Metrologi Legal"},
    {"KEC01", "Kecamatan Rawakencana", "Camat Rawakencana", K_KEC, 100, ""},
    {"KEC02", "Kecamatan Tegalsekar", "Camat Tegalsekar", K_KEC, 100, ""},
    {"KEC03", "Kecamatan Pasirwangsa", "Camat Pasirwangsa", K_KEC, 100, ""},
    {"KEC04", "Kecamatan Karangtirta", "Camat Karangtirta", K_KEC, 100, ""},
    {"KEC05", "Kecamatan Cempakaluhur", "Camat Cempakaluhur", K_KEC, 100, ""},
    {"KEC06", "Kecamatan Bojongpelita", "Camat Bojongpelita", K_KEC, 100, ""},
    {"KEC07", "Kecamatan Sindangkarya", "Camat Sindangkarya", K_KEC, 100, ""},
    {"KEC08", "Kecamatan Sukamandala", "Camat Sukamandala", K_KEC, 100, ""},
    {"KEC09", "Kecamatan Tanjungarum", "Camat Tanjungarum", K_KEC, 100, ""},
};

#define NOPD (sizeof(opd_defs) / sizeof(opd_defs[0]))

static const char *const kel_pre[] = {
    "Suka",   "Mekar", "Rawa",    "Cipta", "Jati",  "Pasir",  "Bojong",
    "Karang", "Tegal", "Sindang", "Puri",  "Harja", "Wangun", "Gunung"};
static const char *const kel_suf[] = {
    "asih",  "wangi", "lestari", "sentosa", "rahayu", "mulya", "indah",
    "kerta", "arum",  "permai",  "luhur",   "damai",  "tenang"};
static const char *const seksi_pre[] = {
    "Perencanaan dan Pembinaan", "Pelaksanaan", "Pengendalian dan Evaluasi",
    "Data dan Informasi"};
static const char *const kec_seksi[] = {
    "Seksi Pemerintahan", "Seksi Ketenteraman dan Ketertiban Umum",
    "Seksi Pemberdayaan Masyarakat", "Seksi Pelayanan Umum"};

enum unit_kind {
	U_OPD,
	U_KEC,
	U_SEKRETARIAT,
	U_BAGIAN,
	U_SUBBAGIAN,
	U_BIDANG,
	U_SEKSI,
	U_KELURAHAN,
	U_UPTD,
	U_SEKOLAH
};

static const char *const unit_kind_name[] = {
    "OPD",    "kecamatan", "sekretariat", "bagian", "subbagian",
    "bidang", "seksi",     "kelurahan",   "uptd",   "sekolah"};

static const int unit_weight[] = {3, 4, 5, 4, 4, 3, 4, 10, 22, 40};

struct unit {
	char code[32];
	char name[160];
	enum unit_kind kind;
	int parent; /* -1 for an OPD */
	int opd;    /* index into opd_defs */
	int weight;
	int nstaff;
	int head; /* employee index or -1 */
};

/* ---- invented names ---------------------------------------------------- */

static const char *const first_m[] = {
    "Adi",    "Agung",   "Ahmad",  "Anton",    "Arif",    "Bagas",  "Bambang",
    "Bayu",   "Budi",    "Cahyo",  "Dani",     "Dedi",    "Dimas",  "Eko",
    "Fajar",  "Fikri",   "Galih",  "Gilang",   "Hadi",    "Hendri", "Ilham",
    "Imam",   "Irfan",   "Joko",   "Kurnia",   "Lutfi",   "Made",   "Mulyono",
    "Nanang", "Nugraha", "Oki",    "Prasetyo", "Rahmat",  "Reza",   "Rian",
    "Rizki",  "Sapto",   "Sigit",  "Slamet",   "Sutarno", "Taufik", "Teguh",
    "Tri",    "Wahyu",   "Wawan",  "Yanto",    "Yogi",    "Yusuf",  "Zainal",
    "Andri",  "Bima",    "Dodi",   "Erwin",    "Gunawan", "Haris",  "Iwan",
    "Kukuh",  "Rudi",    "Samsul", "Wisnu"};
static const char *const first_f[] = {
    "Anisa",   "Ayu",     "Citra",     "Desi",    "Dewi",  "Dian",  "Eka",
    "Endah",   "Fitri",   "Gita",      "Hana",    "Ika",   "Indah", "Intan",
    "Kartika", "Lestari", "Lina",      "Maya",    "Mega",  "Nia",   "Novi",
    "Nur",     "Nurul",   "Putri",     "Ratna",   "Rina",  "Rini",  "Sari",
    "Siti",    "Sri",     "Tari",      "Tuti",    "Umi",   "Vina",  "Wati",
    "Wulan",   "Yanti",   "Yuli",      "Yuni",    "Zahra", "Ani",   "Asih",
    "Bunga",   "Dwi",     "Fransiska", "Hesti",   "Irma",  "Kiki",  "Laras",
    "Melati",  "Nadia",   "Okta",      "Puspita", "Rahma", "Septi", "Tika",
    "Utami",   "Vivi",    "Widya",     "Yohana"};
static const char *const last_names[] = {
    "Pratama",   "Saputra",     "Wibowo",     "Kusuma",    "Hidayat",
    "Santoso",   "Permana",     "Nugroho",    "Setiawan",  "Haryanto",
    "Susanto",   "Wijaya",      "Gunarsa",    "Purnomo",   "Suhendra",
    "Rahayu",    "Wulandari",   "Lestari",    "Maharani",  "Anggraini",
    "Handayani", "Puspitasari", "Rahmawati",  "Safitri",   "Astuti",
    "Siregar",   "Nasution",    "Lubis",      "Harahap",   "Simanjuntak",
    "Tambunan",  "Sitompul",    "Manurung",   "Pardede",   "Ginting",
    "Tarigan",   "Sembiring",   "Situmorang", "Panjaitan", "Hutapea",
    "Kurniawan", "Firmansyah",  "Ramadhan",   "Mahendra",  "Syahputra",
    "Hakim",     "Maulana",     "Fauzi",      "Rosyid",    "Ardiansyah",
    "Wicaksono", "Prameswara",  "Utomo",      "Sulistyo",  "Wisesa",
    "Sanjaya",   "Halim",       "Tanuwijaya", "Gunawan",   "Sasmita",
    "Suryadi",   "Atmaja",      "Wirawan",    "Dharma",    "Pangestu",
    "Sudrajat",  "Ruhiyat",     "Supriatna",  "Mulyadi",   "Sopandi",
    "Daeng",     "Pattiwael",   "Tuasikal",   "Lessy",     "Kaunang",
    "Manoppo",   "Rumbiak",     "Wenda",      "Anshari",   "Bahtiar"};
static const char *const title_back[] = {"S.E.",  "S.H.",  "S.Kom.", "S.Sos.",
                                         "S.T.",  "S.IP.", "S.Ak.",  "S.Pd.",
                                         "A.Md.", "S.AP.", "S.Psi.", "S.Si."};
static const char *const title_master[] = {"M.Si.", "M.M.", "M.AP.",
                                           "M.T.",  "M.H.", "M.Pd."};

/* ---- generator state --------------------------------------------------- */

enum status { ST_PNS, ST_PPPK, ST_NONASN };
static const char *const status_name[] = {"PNS", "PPPK", "non-ASN"};

enum platform { P_X, P_INSTAGRAM, P_FACEBOOK, P_TIKTOK, NPLAT };
static const char *const plat_name[] = {"x", "instagram", "facebook", "tiktok"};

struct emp {
	char key[24];   /* NIP, or NA-000123 for non-ASN staff */
	char name[112]; /* as the registry writes it, with titles */
	char plain[64]; /* "first [middle] last", for handles */
	char position[176];
	char golongan[8];
	int unit, sup; /* sup: employee index or -1 */
	enum status status;
	int gender; /* 1 male, 2 female */
	int birth_year;
	int partisan; /* 0, or index+1 of the favoured candidate */
};

struct acct {
	int emp; /* -1 for an account not in the registry */
	enum platform plat;
	char handle[32];  /* canonical: lower case, no @ */
	char last_id[40]; /* id of its last post, "" if none */
};

/* A recent post that others may like, share or answer. */
struct post_ref {
	int acct; /* index into g.acct, or -1 for an outside account */
	char author[64];
	char id[40];
	char text[160];
	int label, cand; /* its planted label, so sharing it shares that */
};

struct gen {
	struct profile prof;
	struct strlist hoaxes;
	uint64_t seed;
	long nstaff, nevents, bad_every;
	struct unit unit[MAX_UNITS];
	int nunits;
	int kec[16], nkec; /* unit indices of the kecamatan */
	int kel[256], nkel;
	struct emp *emp;
	int nemp;
	struct acct *acct;
	int nacct, nreg; /* accounts [0, nreg) are registered */
	uint64_t *cum;   /* cumulative activity weights of registered ones */
	struct strmap handles;
	struct strmap nips;
	struct post_ref ring[NPLAT][RING];
	int ring_n[NPLAT];
	int campaign_cand;   /* candidate of the copy-paste campaign */
	char copy_text[512]; /* the text all of them post */
	int64_t campaign_day;
	long count[8]; /* events by label, for the summary */
};

static struct gen g;

/* ---- building the unit tree -------------------------------------------- */

static int add_unit(const char *code, const char *name, enum unit_kind kind,
                    int parent, int opd)
{
	struct unit *u;

	if (g.nunits == MAX_UNITS)
		die("too many units");
	u = &g.unit[g.nunits];
	scopy(u->code, sizeof(u->code), code);
	scopy(u->name, sizeof(u->name), name);
	u->kind = kind;
	u->parent = parent;
	u->opd = opd;
	u->weight = unit_weight[kind] * opd_defs[opd].mult;
	u->head = -1;
	return g.nunits++;
}

/* Bidang (or bagian) with its seksi (or subbagian). */
static void add_bidang(int opd, int parent, int idx, const char *name,
                       struct rng *r)
{
	char code[32], sub[200];
	int bagian = strncmp(name, "Bagian ", 7) == 0;
	const char *topic = name + 7; /* after "Bagian " or "Bidang " */
	int b, k, n = 2 + (int)rng_below(r, 2);

	snprintf(code, sizeof(code), "%s-%c%d", opd_defs[opd].code,
	         bagian ? 'G' : 'B', idx);
	b = add_unit(code, name, bagian ? U_BAGIAN : U_BIDANG, parent, opd);
	for (k = 0; k < n; k++) {
		char scode[64];

		if (bagian)
			snprintf(sub, sizeof(sub), "Subbagian %s %s",
			         seksi_pre[k], topic);
		else
			snprintf(sub, sizeof(sub), "Seksi %s %s", seksi_pre[k],
			         topic);
		snprintf(scode, sizeof(scode), "%s-%c%d", code,
		         bagian ? 'U' : 'S', k + 1);
		add_unit(scode, sub, bagian ? U_SUBBAGIAN : U_SEKSI, b, opd);
	}
}

static void add_sekretariat(int opd, int parent)
{
	char code[32];
	int s;

	snprintf(code, sizeof(code), "%s-SEK", opd_defs[opd].code);
	s = add_unit(code, "Sekretariat", U_SEKRETARIAT, parent, opd);
	snprintf(code, sizeof(code), "%s-SEK-U1", opd_defs[opd].code);
	add_unit(code, "Subbagian Umum dan Kepegawaian", U_SUBBAGIAN, s, opd);
	snprintf(code, sizeof(code), "%s-SEK-U2", opd_defs[opd].code);
	add_unit(code, "Subbagian Perencanaan dan Keuangan", U_SUBBAGIAN, s,
	         opd);
}

static void add_kelurahan(int opd, int kec, int n, struct rng *r)
{
	int k, tries;

	for (k = 0; k < n; k++) {
		char name[80], code[32];
		int j, dup;

		for (tries = 0; tries < 50; tries++) {
			snprintf(name, sizeof(name), "Kelurahan %s%s",
			         PICK(r, kel_pre), PICK(r, kel_suf));
			for (dup = 0, j = 0; j < g.nunits && !dup; j++)
				dup = strcmp(g.unit[j].name, name) == 0;
			if (!dup)
				break;
		}
		snprintf(code, sizeof(code), "%s-KEL%02d", opd_defs[opd].code,
		         k + 1);
		if (g.nkel < 256)
			g.kel[g.nkel++] =
			    add_unit(code, name, U_KELURAHAN, kec, opd);
	}
}

static void add_kecamatan(int opd, int top, struct rng *r)
{
	char code[32];
	size_t k;

	snprintf(code, sizeof(code), "%s-SEK", opd_defs[opd].code);
	add_unit(code, "Sekretariat Kecamatan", U_SEKRETARIAT, top, opd);
	for (k = 0; k < 4; k++) {
		snprintf(code, sizeof(code), "%s-S%zu", opd_defs[opd].code,
		         k + 1);
		add_unit(code, kec_seksi[k], U_SEKSI, top, opd);
	}
	add_kelurahan(opd, top, 4 + (int)rng_below(r, 4), r);
	if (g.nkec < 16)
		g.kec[g.nkec++] = top;
}

/* Schools (Disdik) or puskesmas (Dinkes), directly under the OPD. */
static void add_uptd(int opd, int top)
{
	char code[32], name[160];
	int k;

	if (opd_defs[opd].kind == K_DISDIK) {
		for (k = 1; k <= 42; k++) {
			int smp = k > 30;

			snprintf(code, sizeof(code), "%s-%s%02d",
			         opd_defs[opd].code, smp ? "SMP" : "SD",
			         smp ? k - 30 : k);
			snprintf(name, sizeof(name), "%s Negeri %d %s",
			         smp ? "SMP" : "SD", smp ? k - 30 : k,
			         g.prof.city);
			add_unit(code, name, U_SEKOLAH, top, opd);
		}
	}
	if (opd_defs[opd].kind == K_DINKES) {
		size_t o;

		for (k = 0, o = 0; o < NOPD; o++) {
			if (opd_defs[o].kind != K_KEC)
				continue;
			snprintf(code, sizeof(code), "%s-PKM%02d",
			         opd_defs[opd].code, ++k);
			snprintf(name, sizeof(name), "UPTD Puskesmas %s",
			         opd_defs[o].name + strlen("Kecamatan "));
			add_unit(code, name, U_UPTD, top, opd);
		}
	}
}

static void build_units(struct rng *r)
{
	size_t o;

	for (o = 0; o < NOPD; o++) {
		char name[200];
		const struct opd_def *d = &opd_defs[o];
		int top, idx = 1;
		const char *p = d->subs;

		snprintf(name, sizeof(name), d->name, g.prof.region);
		top = add_unit(d->code, name, d->kind == K_KEC ? U_KEC : U_OPD,
		               -1, (int)o);
		if (d->kind == K_KEC) {
			add_kecamatan((int)o, top, r);
			continue;
		}
		if (d->kind != K_SETDA)
			add_sekretariat((int)o, top);
		while (*p) {
			size_t n = strcspn(p, "|");
			char sub[160];

			scopy(sub, n + 1 < sizeof(sub) ? n + 1 : sizeof(sub),
			      p);
			add_bidang((int)o, top, idx++, sub, r);
			p += n + (p[n] == '|');
		}
		add_uptd((int)o, top);
	}
}

/* ---- staff --------------------------------------------------------------- */

static const char *const pos_default[3][6] = {
    {"Analis Kebijakan", "Pranata Komputer", "Pengelola Keuangan", "Arsiparis",
     "Perencana", "Analis Sumber Daya Manusia Aparatur"},
    {"Penata Layanan Operasional", "Pengelola Umum Operasional",
     "Pranata Komputer Ahli Pertama", "Pengadministrasi Perkantoran",
     "Penata Kelola Sistem dan Teknologi Informasi", "Pranata Humas"},
    {"Tenaga Administrasi", "Pengemudi", "Petugas Keamanan",
     "Petugas Kebersihan", "Operator Komputer", "Pramu Bakti"}};
static const char *const pos_school[3][6] = {
    {"Guru Kelas", "Guru Matematika", "Guru Pendidikan Agama Islam",
     "Guru Bahasa Indonesia", "Guru Pendidikan Jasmani", "Guru IPA"},
    {"Guru Kelas Ahli Pertama", "Guru Bahasa Inggris Ahli Pertama",
     "Guru IPS Ahli Pertama", "Guru Seni Budaya Ahli Pertama",
     "Guru Kelas Ahli Pertama", "Guru Pendidikan Agama Kristen"},
    {"Tenaga Administrasi Sekolah", "Penjaga Sekolah", "Guru Honorer",
     "Pustakawan Sekolah", "Operator Dapodik", "Petugas Kebersihan"}};
static const char *const pos_health[3][6] = {
    {"Perawat", "Bidan", "Dokter Umum", "Apoteker",
     "Pranata Laboratorium Kesehatan", "Perekam Medis"},
    {"Perawat Ahli Pertama", "Bidan Terampil", "Sanitarian Terampil",
     "Nutrisionis", "Asisten Apoteker", "Perawat Terampil"},
    {"Tenaga Kesehatan Non-ASN", "Petugas Kebersihan", "Pengemudi Ambulans",
     "Petugas Pendaftaran", "Petugas Keamanan", "Juru Masak"}};
static const char *const pos_field[3][6] = {
    {"Polisi Pamong Praja", "Analis Kebakaran", "Pengawas Lingkungan Hidup",
     "Penguji Kendaraan Bermotor", "Pengadministrasi Perkantoran",
     "Pengelola Sarana dan Prasarana"},
    {"Penata Layanan Operasional", "Operator Layanan Operasional",
     "Pengelola Umum Operasional", "Operator Layanan Operasional",
     "Pengadministrasi Perkantoran", "Penata Layanan Operasional"},
    {"Petugas Lapangan", "Petugas Kebersihan", "Pengemudi Truk",
     "Anggota Linmas", "Petugas Pemadam Kebakaran", "Juru Parkir"}};

/* Status mix in percent (PNS, PPPK) per kind of workplace; rest non-ASN. */
static enum status pick_status(const struct unit *u, struct rng *r)
{
	int pns = 62, pppk = 15, x = (int)rng_below(r, 100);
	const char *c = opd_defs[u->opd].code;

	if (u->kind == U_SEKOLAH)
		pns = 50, pppk = 35;
	else if (u->kind == U_UPTD || strcmp(c, "RSUD") == 0)
		pns = 45, pppk = 25;
	else if (!strcmp(c, "SATPOLPP") || !strcmp(c, "DLH") ||
	         !strcmp(c, "DAMKAR") || !strcmp(c, "DISHUB"))
		pns = 35, pppk = 10;
	return x < pns ? ST_PNS : x < pns + pppk ? ST_PPPK : ST_NONASN;
}

static void make_position(struct emp *e, const struct unit *u, int head,
                          struct rng *r)
{
	const char *c = opd_defs[u->opd].code;
	const char *const(*pool)[6] = pos_default;

	if (head) {
		if (u->kind == U_OPD || u->kind == U_KEC)
			scopy(e->position, sizeof(e->position),
			      opd_defs[u->opd].head);
		else if (u->kind == U_SEKRETARIAT)
			scopy(e->position, sizeof(e->position),
			      opd_defs[u->opd].kind == K_KEC
			          ? "Sekretaris Camat"
			          : "Sekretaris");
		else if (u->kind == U_KELURAHAN)
			snprintf(e->position, sizeof(e->position), "Lurah %s",
			         u->name + strlen("Kelurahan "));
		else
			snprintf(e->position, sizeof(e->position), "Kepala %s",
			         u->name);
		return;
	}
	if (u->kind == U_SEKOLAH)
		pool = pos_school;
	else if (u->kind == U_UPTD || strcmp(c, "RSUD") == 0)
		pool = pos_health;
	else if (!strcmp(c, "SATPOLPP") || !strcmp(c, "DLH") ||
	         !strcmp(c, "DAMKAR") || !strcmp(c, "DISHUB"))
		pool = pos_field;
	scopy(e->position, sizeof(e->position),
	      pool[e->status][rng_below(r, 6)]);
}

static void make_name(struct emp *e, const struct unit *u, int head,
                      struct rng *r)
{
	const char *first =
	    e->gender == 1 ? PICK(r, first_m) : PICK(r, first_f);
	const char *mid = NULL, *last = NULL;
	struct text t;

	if (rng_pm(r, 350))
		mid = e->gender == 1 ? PICK(r, first_m) : PICK(r, first_f);
	if (rng_pm(r, 850) || !mid)
		last = PICK(r, last_names);
	if (mid && !strcmp(mid, first))
		mid = NULL;
	tx_clear(&t);
	tx_printf(&t, "%s%s%s%s%s", first, mid ? " " : "", mid ? mid : "",
	          last ? " " : "", last ? last : "");
	scopy(e->plain, sizeof(e->plain), t.s);
	tx_clear(&t);
	if (u->kind == U_UPTD && !head && rng_pm(r, 120))
		tx_puts(&t, "dr. ");
	tx_puts(&t, e->plain);
	if (head)
		tx_printf(&t, ", %s, %s", PICK(r, title_back),
		          PICK(r, title_master));
	else if (u->kind == U_SEKOLAH && e->status != ST_NONASN)
		tx_puts(&t, ", S.Pd.");
	else if (e->status != ST_NONASN && rng_pm(r, 550))
		tx_printf(&t, ", %s", PICK(r, title_back));
	scopy(e->name, sizeof(e->name), t.s);
}

/* A valid NIP: birth date, appointment year-month at age 18-30 (PPPK:
 * 2019-2024), gender, sequence; unique within the registry. */
static void make_nip(struct emp *e, int head, struct rng *r)
{
	int by, bm, bd, ay, am, seq, tries;
	char nip[64];

	by = head                   ? 1966 + (int)rng_below(r, 14)
	     : e->status == ST_PPPK ? 1972 + (int)rng_below(r, 29)
	                            : 1966 + (int)rng_below(r, 33);
	bm = 1 + (int)rng_below(r, 12);
	bd = 1 + (int)rng_below(r, (uint32_t)civil_month_days(by, bm));
	if (e->status == ST_PPPK) {
		ay = 2019 + (int)rng_below(r, 6);
	} else {
		ay = by + 18 + (int)rng_below(r, 13);
		if (ay > 2024)
			ay = 2024 - (int)rng_below(r, 3);
	}
	am = 1 + (int)rng_below(r, 12);
	for (tries = 0;; tries++) {
		seq = 1 + (int)rng_below(r, 999);
		snprintf(nip, sizeof(nip), "%04d%02d%02d%04d%02d%d%03d", by, bm,
		         bd, ay, am, e->gender, seq);
		if (!strmap_get(&g.nips, nip, 18, NULL) || tries > 5000)
			break;
	}
	if (strmap_put(&g.nips, nip, 18, 1))
		die("out of memory");
	scopy(e->key, sizeof(e->key), nip);
	e->birth_year = by;
	if (e->status == ST_PNS)
		snprintf(e->golongan, sizeof(e->golongan), "%s/%c",
		         2024 - ay > 20  ? "IV"
		         : 2024 - ay > 4 ? "III"
		                         : "II",
		         "abcd"[rng_below(r, 4)]);
	else
		scopy(e->golongan, sizeof(e->golongan),
		      PICK(r, ((const char *const[]){"VII", "IX", "X"})));
}

static void make_emp(struct emp *e, int unit, int head, struct rng *r)
{
	const struct unit *u = &g.unit[unit];
	static int nonasn_seq;

	e->unit = unit;
	e->sup = -1;
	e->gender = 1 + (int)rng_below(r, 2);
	e->status = head ? ST_PNS : pick_status(u, r);
	make_name(e, u, head, r);
	make_position(e, u, head, r);
	if (e->status == ST_NONASN) {
		snprintf(e->key, sizeof(e->key), "NA-%06d", ++nonasn_seq);
		e->birth_year = 1975 + (int)rng_below(r, 28);
		e->golongan[0] = '\0';
	} else {
		make_nip(e, head, r);
	}
	if (rng_pm(r, head ? 40 : 90))
		e->partisan = 1 + (int)rng_below(r, (uint32_t)g.prof.ncand);
}

/* Head of the nearest unit at or above u that has one, other than self. */
static int head_above(int u, int self)
{
	for (; u >= 0; u = g.unit[u].parent)
		if (g.unit[u].head >= 0 && g.unit[u].head != self)
			return g.unit[u].head;
	return g.unit[0].head != self ? g.unit[0].head : -1;
}

static void build_staff(struct rng *r)
{
	uint64_t total = 0, cum = 0, prev = 0, rest = (uint64_t)g.nstaff;
	int u, k, heads = g.nstaff >= 4 * (long)NOPD;

	/* Every OPD gets its head first, so the chain of supervisors holds
	 * even in a small city; the rest goes by weight. */
	for (u = 0; u < g.nunits; u++) {
		total += (uint64_t)g.unit[u].weight;
		rest -= (heads && g.unit[u].parent < 0);
	}
	g.emp = xcalloc((size_t)g.nstaff, sizeof(*g.emp));
	for (u = 0; u < g.nunits; u++) {
		uint64_t upto;

		cum += (uint64_t)g.unit[u].weight;
		upto = (cum * rest + total / 2) / total;
		g.unit[u].nstaff =
		    (int)(upto - prev) + (heads && g.unit[u].parent < 0);
		prev = upto;
		for (k = 0; k < g.unit[u].nstaff; k++) {
			make_emp(&g.emp[g.nemp], u, k == 0, r);
			if (k == 0)
				g.unit[u].head = g.nemp;
			g.nemp++;
		}
	}
	for (k = 0; k < g.nemp; k++) {
		int un = g.emp[k].unit;

		g.emp[k].sup = g.unit[un].head == k
		                   ? head_above(g.unit[un].parent, k)
		                   : head_above(un, k);
	}
}

/* ---- accounts ------------------------------------------------------------ */

static const int plat_max[NPLAT] = {15, 30, 50, 24};

/* Lower-case tokens of a plain name: "Dewi Kartika Sari" -> 3 tokens. */
static int name_tokens(const char *plain, char tok[4][24])
{
	int n = 0;

	while (*plain && n < 4) {
		size_t len = strcspn(plain, " "), i;

		if (len >= 24)
			len = 23;
		for (i = 0; i < len; i++)
			tok[n][i] = (char)(plain[i] | 0x20);
		tok[n++][len] = '\0';
		plain += strcspn(plain, " ");
		plain += strspn(plain, " ");
	}
	return n;
}

/* A handle derived from the name, in the platform's alphabet. */
static void base_handle(char *out, size_t cap, const struct emp *e,
                        enum platform p, struct rng *r)
{
	char tok[4][24];
	int n = name_tokens(e->plain, tok), yy = e->birth_year % 100;
	const char *f = tok[0], *l = tok[n - 1];
	char sep = p == P_X          ? '_'
	           : p == P_FACEBOOK ? '.'
	                             : "._"[rng_below(r, 2)];
	struct text t;
	size_t i, j;

	tx_clear(&t);
	switch (rng_below(r, 8)) {
	case 0:
		tx_printf(&t, "%s%c%s", f, sep, l);
		break;
	case 1:
		tx_printf(&t, "%s%s", f, l);
		break;
	case 2:
		tx_printf(&t, "%s%c%s%02d", f, sep, l, yy);
		break;
	case 3:
		tx_printf(&t, "%c%c%s", f[0], sep, l);
		break;
	case 4:
		tx_printf(&t, "%s%c%s%u", f, sep, l, 1 + rng_below(r, 99));
		break;
	case 5:
		tx_printf(&t, "%s%c%02d", f, l[0], yy);
		break;
	case 6:
		tx_printf(&t, "%s%c%s", e->gender == 1 ? "pak" : "bu", sep, f);
		break;
	default:
		tx_printf(&t, "%s%c%s", f, sep, n > 2 ? tok[1] : "official");
	}
	for (i = 0, j = 0; i < t.len && j + 1 < cap && (int)j < plat_max[p];
	     i++) {
		char c = t.s[i];

		if (p == P_X && c == '.')
			c = '_';
		if (p == P_FACEBOOK && c == '_')
			c = '.';
		out[j++] = c;
	}
	while (j > 1 && (out[j - 1] == '.' || out[j - 1] == '_'))
		j--;
	out[j] = '\0';
}

/* Reserves a handle unique on its platform, adding digits if taken. */
static void unique_handle(char *h, size_t cap, enum platform p, struct rng *r)
{
	char key[64];
	int n;

	for (;;) {
		n = snprintf(key, sizeof(key), "%d:%s", (int)p, h);
		if (!strmap_get(&g.handles, key, (size_t)n, NULL))
			break;
		{
			size_t len = strlen(h);
			size_t room = (size_t)plat_max[p] < cap - 1
			                  ? (size_t)plat_max[p]
			                  : cap - 1;

			if (len + 3 > room)
				len = room - 3;
			snprintf(h + len, cap - len, "%03u",
			         rng_below(r, 1000));
		}
	}
	if (strmap_put(&g.handles, key, (size_t)n, 1))
		die("out of memory");
}

static int add_acct(int emp, enum platform p, const char *handle)
{
	static int cap;
	struct acct *a;

	if (g.nacct == cap) {
		int ncap = cap ? 2 * cap : 1024;
		struct acct *na = realloc(g.acct, (size_t)ncap * sizeof(*na));

		if (!na)
			die("out of memory");
		g.acct = na;
		cap = ncap;
	}
	a = &g.acct[g.nacct];
	memset(a, 0, sizeof(*a));
	a->emp = emp;
	a->plat = p;
	scopy(a->handle, sizeof(a->handle), handle);
	return g.nacct++;
}

static void build_accounts(struct rng *r)
{
	static const int nacc_pm[] = {170, 580, 870, 975, 1000};
	int e, k;

	for (e = 0; e < g.nemp; e++) {
		uint32_t x = rng_below(r, 1000), used = 0;
		int n = 0;

		while (x >= (uint32_t)nacc_pm[n])
			n++;
		for (k = 0; k < n; k++) {
			char h[40];
			enum platform p;

			do { /* facebook and instagram most common */
				static const enum platform w[] = {
				    P_FACEBOOK,  P_FACEBOOK,  P_FACEBOOK,
				    P_INSTAGRAM, P_INSTAGRAM, P_INSTAGRAM,
				    P_TIKTOK,    P_TIKTOK,    P_X,
				    P_X};
				p = PICK(r, w);
			} while (used & (1u << p));
			used |= 1u << p;
			base_handle(h, sizeof(h), &g.emp[e], p, r);
			unique_handle(h, sizeof(h), p, r);
			add_acct(e, p, h);
		}
	}
	g.nreg = g.nacct;
}

/* Accounts outside the registry: news and official pages, the public,
 * and the candidates' own accounts. */
static void build_outside(struct rng *r)
{
	static const char *const news[] = {"info%s",   "%snews", "kabar%s",
	                                   "pemkot%s", "kpu%s",  "bawaslu%s",
	                                   "%s24jam",  "warga%s"};
	int k, c;
	char h[64], city[32];
	size_t i, j;

	for (i = 0, j = 0; g.prof.city[i] && j + 1 < sizeof(city); i++)
		if (g.prof.city[i] != ' ')
			city[j++] = (char)(g.prof.city[i] | 0x20);
	city[j] = '\0';
	for (k = 0; k < (int)(sizeof(news) / sizeof(news[0])); k++) {
		for (c = 0; c < NPLAT; c++) {
			snprintf(h, sizeof(h), news[k], city);
			h[plat_max[c]] = '\0';
			unique_handle(h, sizeof(h), (enum platform)c, r);
			add_acct(-1, (enum platform)c, h);
		}
	}
	for (k = 0; k < 1500; k++) {
		struct emp fake;

		memset(&fake, 0, sizeof(fake));
		fake.gender = 1 + (int)rng_below(r, 2);
		snprintf(fake.plain, sizeof(fake.plain), "%s %s",
		         fake.gender == 1 ? PICK(r, first_m) : PICK(r, first_f),
		         PICK(r, last_names));
		fake.birth_year = 1970 + (int)rng_below(r, 35);
		c = (int)rng_below(r, NPLAT);
		base_handle(h, 40, &fake, (enum platform)c, r);
		unique_handle(h, 40, (enum platform)c, r);
		add_acct(-1, (enum platform)c, h);
	}
}

/* ---- what people write ---------------------------------------------------
 * Templates with slots filled per event:
 *   {city} {region} {office} {kec} {kel} {opd} {street} {place} {food}
 *   {n} {m}
 *   {time} {date} {vote} {year}
 *   candidate c: {cn} number, {cw} number as a word, {ca} alias, {ch}
 *   hashtag, {cs} slogan, {cp} "Head-Deputy", {cf} head's name, {cg} the
 *   number gesture, {cparty} a party; rival: {ra} alias, {rn} number.
 */

static const char *const t_service[] = {
    "Pelayanan perekaman KTP-el di Kantor Kecamatan {kec} buka sampai pukul "
    "{time}. Jangan lupa bawa KK asli ya 🙏",
    "Alhamdulillah, hari ini {opd} melayani {n} warga yang mengurus izin "
    "secara daring. Terima kasih atas kesabarannya.",
    "Info: pembayaran PBB {region} sekarang bisa lewat aplikasi dan minimarket "
    "terdekat.",
    "Posyandu {kel} hari ini: imunisasi dan penimbangan balita. Ajak si kecil "
    "ya, Bun!",
    "Kerja bakti membersihkan saluran air di {kel} bersama warga. Cegah banjir "
    "dimulai dari lingkungan sendiri 💪",
    "Layanan {opd} tetap buka saat jam istirahat. Silakan datang, kami siap "
    "melayani.",
    "Vaksinasi gratis di Puskesmas {kec} setiap Selasa dan Kamis mulai pukul "
    "{time}.",
    "Terima kasih warga {kel} yang sudah tertib membuang sampah sesuai jadwal.",
    "Pelatihan UMKM di aula {opd} hari ini diikuti {n} peserta. Semoga "
    "usahanya makin maju!",
    "Mohon maaf, aplikasi perizinan sedang pemeliharaan sampai pukul {time}.",
    "Pasar murah di halaman Kantor {kel} sampai hari Sabtu. Beras, minyak, "
    "gula harga terjangkau.",
    "Alhamdulillah perbaikan jalan di {street} sudah selesai, terima kasih "
    "atas kesabaran warga.",
};
static const char *const t_family[] = {
    "Quality time bareng anak-anak di {place} 😊",
    "Selamat ulang tahun ke-{n} istriku tercinta, semoga sehat selalu ❤️",
    ("Si kecil hari ini ikut lomba mewarnai di sekolah. Cepat sekali waktu "
     "berlalu 🥹"),
    "Weekend di rumah aja, masak bareng keluarga. Menu hari ini {food}.",
    "Pulang kampung sebentar ke rumah orang tua. Kangen masakan ibu 🙏",
    "Selamat Hari Ayah untuk semua ayah hebat 💙",
    "Alhamdulillah anak kedua kami lahir dengan selamat. Mohon doanya 🤲",
    "Jalan sore bareng keluarga keliling {kel}, anginnya sejuk.",
};
static const char *const t_religion[] = {
    "Jumat berkah. Jangan lupa sedekah walau sedikit 🤲",
    "Alhamdulillah pengajian rutin {opd} berjalan lancar. Barakallah.",
    "Selamat hari Minggu, Tuhan memberkati kita semua 🙏",
    "Kajian subuh di Masjid Raya {city} pagi ini, masyaAllah ramai sekali.",
    "Rahayu, selamat merayakan hari suci bagi saudara umat Hindu 🙏",
    "Mari saling menghormati antarumat beragama, {city} rumah kita bersama.",
    "Persiapan Maulid Nabi di musala kantor {opd}. Semoga berkah.",
    ("Ibadah syukur bersama keluarga besar, terima kasih Tuhan atas "
     "penyertaan-Nya."),
};
static const char *const t_sport[] = {
    "Gowes pagi bareng tim {opd} 🚴 total {n} km, capek tapi senang",
    ("Juara {m} turnamen voli antar-OPD se-{region}! Terima kasih "
     "dukungannya 🏐"),
    "Senam sehat Jumat pagi di halaman kantor {opd}",
    "Lari pagi {m} km di Alun-alun {city}, target minggu depan nambah lagi 🏃",
    "Futsal antar-bidang sore ini, skor akhir {m}-{m} 😂",
    "Tim bulu tangkis {opd} lolos ke semifinal Porseni ASN. Ayo semangat!",
};
static const char *const t_food[] = {
    "Sarapan {food} dekat kantor, mantap 👍",
    "Rekomendasi kuliner {city}: {food} di {kec}, harganya ramah di kantong",
    "Makan siang bareng rekan kerja, {food} plus es teh manis 😋",
    "Hujan-hujan begini paling enak {food} anget.",
};
static const char *const t_traffic[] = {
    "Jl. {street} macet parah pagi ini, ada perbaikan saluran. Cari jalan "
    "alternatif ya",
    "Hati-hati, jalan di sekitar {kel} licin setelah hujan.",
    "Lampu lalu lintas di simpang {street} mati, petugas Dishub sudah di "
    "lokasi.",
    "Ada pohon tumbang di {street}, petugas BPBD sedang menangani.",
};
static const char *const t_office[] = {
    "Apel pagi bersama Kepala {opd}. Semangat melayani!",
    "Rapat koordinasi evaluasi program triwulan III di {opd}.",
    "Bimtek penyusunan laporan kinerja hari ke-{m}. Semangat rekan-rekan!",
    "Selamat Hari Guru untuk semua guru hebat di {city} 🙏",
    "Upacara peringatan Hari Sumpah Pemuda di halaman Balai Kota {city}.",
    "Alhamdulillah {opd} meraih penghargaan pelayanan publik tingkat provinsi.",
    "Hari terakhir pelatihan dasar CPNS angkatan {m}. Bangga dengan kalian!",
    "Lembur menyelesaikan laporan akhir tahun. Kopi dulu ☕",
};
static const char *const t_election_news[] = {
    "KPU {region} menetapkan {n} TPS untuk Pilkada {vote}. Cek lokasi TPS kamu "
    "di situs resmi KPU.",
    "Sudah cek nama di DPT? Yuk pastikan kamu terdaftar sebelum {vote}.",
    "Debat publik pasangan calon Pilkada {city} disiarkan malam ini. Tonton "
    "dan nilai sendiri visi misinya.",
    "Pengundian nomor urut pasangan calon Pilkada {city} berjalan lancar dan "
    "damai.",
    "Sosialisasi netralitas ASN oleh BKPP hari ini: ASN dilarang ikut "
    "kampanye, termasuk like dan share konten paslon.",
    "Jelang masa tenang, Satpol PP dan Bawaslu menertibkan alat peraga "
    "kampanye di {kec}.",
    "Bimtek KPPS di Kecamatan {kec} diikuti {n} petugas.",
    "Ketiga pasangan calon sudah menyampaikan visi misi. Pilih dengan cerdas, "
    "bukan karena uang.",
};
static const char *const t_vote_call[] = {
    "Ayo datang ke TPS tanggal {vote}! Satu suara menentukan masa depan "
    "{city}. Jangan golput ya 🙏",
    "Gunakan hak pilihmu dengan cerdas. Pilih sesuai hati nurani, bukan karena "
    "uang.",
    "Pilkada damai, {city} aman. Beda pilihan tetap saudara 🤝",
    "Jangan lupa {vote} ke TPS, coblos sesuai pilihan masing-masing ya",
    "Sebagai ASN kami netral. Ayo sukseskan Pilkada {city} yang jujur dan "
    "adil!",
};
static const char *const t_numbers[] = {
    "Antrean nomor {n} dipanggil, alhamdulillah gak lama",
    "Rapat di lantai {m} ruang {m}. Jangan telat ya rekan-rekan",
    "Anakku dapat ranking {m} di kelasnya, bangga sekali 🥰",
    "Promo beli 2 gratis 1 di kantin kantor hari ini 😄",
    "Kelas {m}A juara {m} lomba kebersihan sekolah",
    "Tim kami nomor {m} di lomba tarik tambang, lumayan lah 😅",
};
static const char *const t_peace[] = {
    "Liburan ke {place} bareng keluarga ✌️",
    "Foto dulu sebelum pulang ✌️😁 #liburan",
    "Reuni SMA angkatan {year}, masih awet muda semua ✌️",
    "Salam damai dari {place} ✌️",
    "Wisuda adik tercinta ☝️🎓 Alhamdulillah",
};
static const char *const t_comment[] = {
    "Mantap 👍",
    "Amin ya Allah",
    "Terima kasih infonya",
    "Semangat terus!",
    "Keren 👏",
    "Selamat ya",
    "Hati-hati di jalan",
    "Wah enak banget itu",
    "Izin share ya",
    "Siap laksanakan",
    "Turut berduka cita 🙏",
    "MasyaAllah",
    "Sehat selalu",
    "Sukses terus {opd}",
    "Lokasinya di mana?",
    "Ikut bangga 👍",
    "Hahaha lucu",
    "Mantul",
    "Ditunggu infonya",
};
static const char *const t_news[] = {
    "Warga {kel} keluhkan jalan berlubang di {street}.",
    "Hujan deras, sejumlah ruas jalan di {kec} tergenang.",
    "KPU {region}: distribusi logistik Pilkada dimulai pekan depan.",
    "Bawaslu {city} ingatkan ASN untuk netral selama Pilkada.",
    "Harga cabai di Pasar {kec} naik jelang akhir pekan.",
    "Festival kuliner {city} digelar akhir pekan ini di {place}.",
    "Pemkot {city} buka pendaftaran beasiswa untuk mahasiswa berprestasi.",
};
static const char *const t_cand_post[] = {
    "Kampanye dialogis bersama warga {kel}. {cs} {ch}",
    "Terima kasih warga {kec} atas sambutan hangatnya! {ch}",
    "Visi kami: {cs}. Nomor {cn}, {vote}! {cg}",
    "Blusukan ke Pasar {kec} pagi ini, dengar langsung keluhan pedagang. {ch}",
    "Bersama {cparty} kita wujudkan {city} yang lebih baik. {ch}",
};
static const char *const t_support[] = {
    "Ayo coblos nomor {cn}! {ch}",
    "{ca} pasti menang! {ch} {cg}",
    "Pilih {cp} untuk {city} yang lebih baik. {cs}!",
    "Bismillah, {vote} kita coblos no {cn} ya gaes {cg}",
    "Fix no {cn} gaskeun 🔥 {ch}",
    "Saya dukung {cf} jadi {office} {city}. {cs}",
    "Sudah saatnya {city} dipimpin {ca}. Yuk menangkan bersama! {ch}",
    "{cw} jari untuk {city} {cg} {ch}",
    "Ingat ya tgl {vote}, nomor {cn}, {ca}! {cg}",
    "Relawan {ca} {kec} siap bergerak! {ch}",
    "Kalau mau {city} maju ya pilih {ca}, gak ada yang lain",
    "{cg}{cg} {ch}",
    "Bangga bisa foto bareng {ca} di acara warga {kel}. Sukses pak! {ch}",
    "Program {ca} paling masuk akal buat ASN dan warga. Nomor {cn} pokoknya!",
    "Jangan lupa, {vote} coblos {ca} nomor urut {cn}",
    "Salam {cw} jari! {cg} {cs}",
    "Dukung terus {ca}, {cs}! {ch}",
    "Aku sih {ca} 😎 {ch}",
    "Pokoke nomer {cn} 👌 {ch}",
    "{cs} {ch}",
};
static const char *const t_support_comment[] = {
    "Semangat {ca}! 💪",
    "Siap menangkan nomor {cn}!",
    "Mantap pak, lanjutkan! {cg}",
    "Kami warga {kel} siap dukung {cg}",
    "Sehat selalu, {ch}",
    "Menang satu putaran! {ch}",
};
static const char *const t_attack[] = {
    "Jangan pilih {ra}, cuma janji manis doang",
    "{ra} gak becus ngurus {city}, jangan sampai menang",
    "Paslon no {rn} itu boneka partai, sadar woy",
    "Ingat rekam jejak {ra}, jangan mau dibohongi lagi",
    "Kalau {ra} menang, siap-siap {city} mundur 10 tahun",
    "{ra} pencitraan terus, kerjanya nol besar",
};
static const char *const t_sara[] = {
    "Jangan pilih {ra}, pemimpin harus seiman dengan mayoritas warga {city}!",
    "{ra} itu antek aseng, bukan pribumi asli {city}",
    "Haram memilih pemimpin kafir seperti {ra}",
    "Warga pendatang jangan ikut campur Pilkada {city}, ini tanah kami",
    ("Pemimpin {city} harus putra daerah asli, bukan keturunan asing "
     "seperti {ra}"),
};
static const char *const hoax_pre[] = {"",
                                       "Copas dari grup sebelah: ",
                                       "Info A1 dari teman di KPU: ",
                                       "Waduh bener gak nih? ",
                                       "Viralkan! ",
                                       "Hati-hati warga {city}! ",
                                       "Forward dari grup RT: "};
static const char *const hoax_suf[] = {
    "",
    " Sebarkan!!",
    " Share sebanyak-banyaknya sebelum dihapus",
    " 😱😱",
    " Mohon dicek kebenarannya.",
    " Ngeri..."};
static const char *const copy_paste =
    "Kami ASN {city} mendukung program {cf} untuk {city} yang lebih maju. "
    "{cs}! {ch}";

static const char *const streets[] = {
    "Merpati Raya", "Pahlawan",  "Veteran", "Kenanga", "Sudirman Timur",
    "Cendrawasih",  "Flamboyan", "Pemuda",  "Kartini", "Pelita Baru"};
static const char *const places[] = {
    "Pantai Pasir Putih", "Curug Cibening", "Taman Kota", "Kebun Raya",
    "Danau Situ Gede",    "Bukit Bintang",  "Alun-alun"};
static const char *const foods[] = {
    "nasi uduk", "bubur ayam",  "soto betawi", "lontong sayur", "bakso",
    "mie ayam",  "nasi padang", "gado-gado",   "pecel lele",    "seblak"};
static const char *const num_words[] = {"nol",     "satu",    "dua",  "tiga",
                                        "empat",   "lima",    "enam", "tujuh",
                                        "delapan", "sembilan"};
static const char *const gestures[] = {
    "0️⃣", "☝️",  "✌️",  "🤟",    "4️⃣",
    "🖐️", "6️⃣", "7️⃣", "8️⃣", "9️⃣"};

/* ---- filling templates ----------------------------------------------------
 */

/* What the slots of one event refer to. */
struct ctx {
	struct rng *r;
	const struct cand *c, *rival;
	int opd;     /* author's OPD, or -1 */
	int64_t day; /* the event's day */
};

static const char *pick_str(struct rng *r, const struct strlist *l,
                            const char *fallback)
{
	return l->n ? l->v[rng_below(r, (uint32_t)l->n)] : fallback;
}

/* "Kantor Dinas Kesehatan Kota X" -> short OPD name for posts. */
static void opd_short(struct text *t, int opd)
{
	const char *n = opd >= 0 ? opd_defs[opd].name : "kantor";
	size_t len = strcspn(n, "%");

	while (len && n[len - 1] == ' ')
		len--;
	tx_putn(t, n, len);
}

static void fill_date(struct text *t, int64_t day)
{
	int64_t y;
	int m, d;

	civil_date(day, &y, &m, &d);
	tx_printf(t, "%d %s", d, month_id[m - 1]);
}

static void fill_cand(struct text *t, const char *k, size_t n,
                      const struct ctx *x)
{
	const struct cand *c = (n > 1 && k[0] == 'r') ? x->rival : x->c;
	struct rng *r = x->r;

#define IS(s) (n == sizeof(s) - 1 && memcmp(k, s, n) == 0)
	if (IS("cn") || IS("rn"))
		tx_printf(t, "%d", c->number);
	else if (IS("cw"))
		tx_puts(t, num_words[c->number % 10]);
	else if (IS("ca") || IS("ra"))
		tx_puts(t, pick_str(r, &c->aliases, "paslon"));
	else if (IS("ch"))
		tx_puts(t, pick_str(r, &c->hashtags, ""));
	else if (IS("cs"))
		tx_puts(t, pick_str(r, &c->slogans, ""));
	else if (IS("cparty"))
		tx_puts(t, pick_str(r, &c->parties, "partai pengusung"));
	else if (IS("cf"))
		tx_puts(t, c->names.v[0]);
	else if (IS("cg"))
		tx_puts(t, gestures[c->number % 10]);
	else if (IS("cp"))
		tx_printf(t, "%s-%s", c->names.v[0],
		          c->names.n > 1 ? c->names.v[1] : "");
}

static void fill_slot(struct text *t, const char *k, size_t n,
                      const struct ctx *x)
{
	struct rng *r = x->r;

	if (IS("city"))
		tx_puts(t, g.prof.city);
	else if (IS("office"))
		tx_puts(t, !strncmp(g.prof.region, "Kabupaten", 9) ? "bupati"
		           : !strncmp(g.prof.region, "Provinsi", 8)
		               ? "gubernur"
		               : "wali kota");
	else if (IS("region"))
		tx_puts(t, g.prof.region);
	else if (IS("kec"))
		tx_puts(t, g.unit[g.kec[rng_below(r, (uint32_t)g.nkec)]].name +
		               strlen("Kecamatan "));
	else if (IS("kel"))
		tx_puts(t, g.unit[g.kel[rng_below(r, (uint32_t)g.nkel)]].name);
	else if (IS("opd"))
		opd_short(t, x->opd);
	else if (IS("street"))
		tx_puts(t, PICK(r, streets));
	else if (IS("place"))
		tx_puts(t, PICK(r, places));
	else if (IS("food"))
		tx_puts(t, PICK(r, foods));
	else if (IS("n"))
		tx_printf(t, "%u", 10 + rng_below(r, 490));
	else if (IS("m"))
		tx_printf(t, "%u", 1 + rng_below(r, 9));
	else if (IS("time"))
		tx_printf(t, "%02u.%s", 13 + rng_below(r, 4),
		          rng_below(r, 2) ? "00" : "30");
	else if (IS("year"))
		tx_printf(t, "%u", 1990 + rng_below(r, 25));
	else if (IS("date"))
		fill_date(t, x->day + 1 + rng_below(r, 10));
	else if (IS("vote"))
		fill_date(t, g.prof.vote_day);
	else
		fill_cand(t, k, n, x);
#undef IS
}

/* Appends tmpl with every {slot} filled. */
static void expand(struct text *t, const char *tmpl, const struct ctx *x)
{
	while (*tmpl) {
		const char *open = strchr(tmpl, '{'), *close;

		if (!open || !(close = strchr(open, '}'))) {
			tx_puts(t, tmpl);
			return;
		}
		tx_putn(t, tmpl, (size_t)(open - tmpl));
		fill_slot(t, open + 1, (size_t)(close - open - 1), x);
		tmpl = close + 1;
	}
}

/* ---- how people spell it: slang, alay/leet, stretched letters ---------- */

static const char *const slang[][2] = {
    {"yang", "yg"},    {"tidak", "gak"},  {"sudah", "udah"}, {"saja", "aja"},
    {"untuk", "utk"},  {"dengan", "dgn"}, {"jangan", "jgn"}, {"nomor", "no"},
    {"banget", "bgt"}, {"kita", "qt"},    {"sama", "sm"},    {"pasti", "pst"}};

static int is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* Index of the last vowel in s[i, j), or j. */
static size_t last_vowel(const char *s, size_t i, size_t j)
{
	size_t k;

	for (k = j; k > i; k--)
		if (strchr("aiueo", s[k - 1]))
			return k - 1;
	return j;
}

/* Rewrites t word by word; hashtags and mentions are left alone.
 * mode: 0 slang, 1 leet, 2 stretch one vowel, 3 alternating case. */
static void respell(struct text *t, int mode, struct rng *r)
{
	struct text o;
	size_t i = 0;

	tx_clear(&o);
	while (i < t->len) {
		size_t j = i, k;

		if (!is_word_char(t->s[i])) {
			int tag = t->s[i] == '#' || t->s[i] == '@';

			tx_putn(&o, t->s + i, 1);
			i++;
			while (tag && i < t->len && is_word_char(t->s[i]))
				tx_putn(&o, t->s + i++, 1);
			continue;
		}
		while (j < t->len && is_word_char(t->s[j]))
			j++;
		if (mode == 0) {
			const char *rep = NULL;

			for (k = 0; k < sizeof(slang) / sizeof(slang[0]); k++)
				if (strlen(slang[k][0]) == j - i &&
				    !strncmp(t->s + i, slang[k][0], j - i))
					rep = slang[k][1];
			if (rep) {
				tx_puts(&o, rep);
				i = j;
				continue;
			}
		}
		for (k = i; k < j; k++) {
			char c = t->s[k], lc = (char)(c | 0x20);
			const char *leet = strchr("aeios", lc);

			if (mode == 1 && leet && rng_pm(r, 600))
				c = "43105"[leet - "aeios"];
			else if (mode == 3 && !(c >= '0' && c <= '9'))
				c = (k & 1) ? (char)(c & ~0x20)
				            : (char)(c | 0x20);
			tx_putn(&o, &c, 1);
			if (mode == 2 && k == last_vowel(t->s, i, j) &&
			    j - i > 3) {
				char rep[3] = {c, c, c};

				tx_putn(&o, rep, 1 + rng_below(r, 3));
			}
		}
		i = j;
	}
	*t = o;
}

/* ---- posts others act on ------------------------------------------------ */

/* A post outside the registry (news pages, the candidates' accounts) that
 * staff like, share, answer or quote. */
struct ext_post {
	int cand; /* candidate index, or -1 */
	enum platform plat;
	char author[64];
	char id[40];
	char text[200];
};

static struct ext_post *ext;
static int next_ext;

static enum platform plat_of(const char *name)
{
	int p;

	for (p = 0; p < NPLAT; p++)
		if (!strcmp(name, plat_name[p]))
			return (enum platform)p;
	if (!strcmp(name, "twitter"))
		return P_X;
	return NPLAT;
}

/* A platform-shaped post id from a number unique per platform. */
static void make_id(char *out, size_t cap, enum platform p, uint64_t n,
                    struct rng *r)
{
	switch (p) {
	case P_X:
		snprintf(out, cap, "%llu",
		         (unsigned long long)(1838000000000000000ULL +
		                              n * 4096 + rng_below(r, 4096)));
		break;
	case P_INSTAGRAM:
		snprintf(out, cap, "%llu",
		         (unsigned long long)(17900000000000000ULL + n * 128 +
		                              rng_below(r, 128)));
		break;
	case P_FACEBOOK:
		snprintf(out, cap, "%llu_%llu",
		         (unsigned long long)(100070000000000ULL +
		                              rng_below(r, 90000000)),
		         (unsigned long long)(122000000000000ULL + n * 16 +
		                              rng_below(r, 16)));
		break;
	default:
		snprintf(out, cap, "%llu",
		         (unsigned long long)(7400000000000000000ULL +
		                              n * 4096 + rng_below(r, 4096)));
	}
}

/* Ids for posts that are not events in the file live in their own number
 * range (above any event number), so they never collide with events. */
#define EXT_BASE 400000000ULL

static void add_ext(int cand, enum platform p, const char *author,
                    const char *tmpl, struct ctx *x)
{
	struct ext_post *e = &ext[next_ext];
	struct text t;

	e->cand = cand;
	e->plat = p;
	scopy(e->author, sizeof(e->author), author);
	make_id(e->id, sizeof(e->id), p, EXT_BASE + (uint64_t)next_ext, x->r);
	tx_clear(&t);
	expand(&t, tmpl, x);
	scopy(e->text, sizeof(e->text), t.s);
	next_ext++;
}

/* 24 posts per candidate account and 12 per news page. */
static void build_ext_posts(struct rng *r)
{
	int c, k, a, n = 0;
	struct ctx x = {r, NULL, NULL, -1, 0};

	for (c = 0; c < g.prof.ncand; c++)
		n += g.prof.cand[c].nacct * 24;
	n += (g.nacct - g.nreg) * 12;
	ext = xcalloc((size_t)n, sizeof(*ext));
	for (c = 0; c < g.prof.ncand; c++) {
		const struct cand *cd = &g.prof.cand[c];

		x.c = cd;
		for (a = 0; a < cd->nacct; a++) {
			enum platform p = plat_of(cd->acct[a].platform);

			if (p == NPLAT)
				continue;
			for (k = 0; k < 24; k++) {
				x.day = g.prof.start_day + k * 2;
				add_ext(c, p, cd->acct[a].handle,
				        PICK(r, t_cand_post), &x);
			}
		}
	}
	for (a = g.nreg; a < g.nreg + 32 && a < g.nacct; a++)
		for (k = 0; k < 12; k++)
			add_ext(-1, g.acct[a].plat, g.acct[a].handle,
			        PICK(r, t_news), &x);
}

/* A random candidate post on platform p (NPLAT: any), of candidate c
 * (-1: any). */
static const struct ext_post *cand_post(int c, enum platform p, struct rng *r)
{
	int k, n = 0, pick;

	for (k = 0; k < next_ext; k++)
		if (ext[k].cand >= 0 && (p == NPLAT || ext[k].plat == p) &&
		    (c < 0 || ext[k].cand == c))
			n++;
	if (!n)
		return NULL;
	pick = (int)rng_below(r, (uint32_t)n);
	for (k = 0; k < next_ext; k++)
		if (ext[k].cand >= 0 && (p == NPLAT || ext[k].plat == p) &&
		    (c < 0 || ext[k].cand == c) && pick-- == 0)
			return &ext[k];
	return NULL;
}

static const struct ext_post *news_post(enum platform p, struct rng *r)
{
	int tries;

	for (tries = 0; tries < 64; tries++) {
		const struct ext_post *e =
		    &ext[rng_below(r, (uint32_t)next_ext)];

		if (e->cand < 0 && e->plat == p)
			return e;
	}
	return NULL;
}

/* ---- one event ------------------------------------------------------------
 */

enum label { L_NONE, L_SUPPORT, L_ATTACK, L_HATE, L_HOAX, NLABEL };
static const char *const label_name[] = {"none", "support", "attack",
                                         "hate_speech", "hoax"};

struct ev {
	enum platform plat;
	const char *type;
	char id[48];
	int author;       /* account index, -1 for a candidate account */
	char account[64]; /* author's handle */
	int64_t day;
	int sod;          /* second of the day, local time (UTC+7) */
	struct text text; /* empty: no text field */
	char t_account[64];
	char t_id[48];
	const char *t_text;
	struct text ocr; /* media OCR text, if any */
	int media;
	enum label label; /* planted truth */
	int cand;         /* candidate number, 0 if none */
	const char *kind; /* truth kind; NULL writes no truth row */
};

static void set_target(struct ev *e, const char *author, const char *id,
                       const char *text)
{
	scopy(e->t_account, sizeof(e->t_account), author ? author : "");
	scopy(e->t_id, sizeof(e->t_id), id ? id : "");
	e->t_text = text;
}

/* Targets a recent post on the same platform (*used set to it), or a
 * news post (*used NULL); -1 if there is neither. */
static int target_any(struct ev *e, struct rng *r, int with_text,
                      const struct post_ref **used)
{
	int n = g.ring_n[e->plat];
	const struct ext_post *np;

	*used = NULL;
	if (n > 16 && rng_pm(r, 600)) {
		struct post_ref *p =
		    &g.ring[e->plat]
		           [rng_below(r, (uint32_t)(n < RING ? n : RING))];

		if (p->acct != e->author) {
			set_target(e, p->author, p->id,
			           with_text ? p->text : NULL);
			*used = p;
			return 0;
		}
	}
	np = news_post(e->plat, r);
	if (!np)
		return -1;
	set_target(e, np->author, np->id, with_text ? np->text : NULL);
	return 0;
}

/* Sharing, quoting or liking a breach carries its label; a comment under
 * one is marked for measuring but left unlabelled (a reviewer decides). */
static void inherit_label(struct ev *e, const struct post_ref *p, int t)
{
	static const char *const kind[] = {
	    NULL, "repost_of_breach", "quote_of_breach", "comment_on_breach",
	    "like_of_breach"};

	if (!p || p->label == L_NONE || t < 1 || t > 4)
		return;
	e->kind = kind[t];
	if (t == 3)
		return;
	e->label = (enum label)p->label;
	e->cand = p->cand;
}

static void ordinary_post(struct ev *e, struct ctx *x)
{
	static const struct {
		const char *const *t;
		size_t n;
		int w;
		const char *kind;
	} topics[] = {
#define T(a, w, k) {a, sizeof(a) / sizeof(a[0]), w, k}
	    T(t_service, 12, NULL),
	    T(t_family, 14, NULL),
	    T(t_religion, 10, NULL),
	    T(t_sport, 8, NULL),
	    T(t_food, 10, NULL),
	    T(t_traffic, 6, NULL),
	    T(t_office, 14, NULL),
	    T(t_election_news, 6, "election_news"),
	    T(t_vote_call, 5, "vote_call"),
	    T(t_numbers, 6, "number_other"),
	    T(t_peace, 5, "peace_sign"),
#undef T
	};
	uint32_t w = rng_below(x->r, 96);
	size_t k = 0;

	while (w >= (uint32_t)topics[k].w)
		w -= (uint32_t)topics[k++].w;
	expand(&e->text, topics[k].t[rng_below(x->r, (uint32_t)topics[k].n)],
	       x);
	e->kind = topics[k].kind;
	if (e->plat != P_X && rng_pm(x->r, 250))
		e->media = 1;
}

static void support_text(struct ev *e, struct ctx *x)
{
	int spell = (int)rng_below(x->r, 100);
	struct text before;

	expand(&e->text, PICK(x->r, t_support), x);
	before = e->text;
	if (spell < 25)
		respell(&e->text, 0, x->r);
	else if (spell < 40)
		respell(&e->text, 1, x->r);
	else if (spell < 55)
		respell(&e->text, 2, x->r);
	else if (spell < 63)
		respell(&e->text, 3, x->r);
	e->label = L_SUPPORT;
	e->cand = x->c->number;
	e->kind =
	    strcmp(before.s, e->text.s) ? "support_respelled" : "support_text";
}

static void hoax_text(struct ev *e, struct ctx *x)
{
	expand(&e->text, PICK(x->r, hoax_pre), x);
	tx_puts(&e->text, g.hoaxes.v[rng_below(x->r, (uint32_t)g.hoaxes.n)]);
	expand(&e->text, PICK(x->r, hoax_suf), x);
	e->label = L_HOAX;
	e->kind = "hoax_forward";
}

/* Staff acting on a candidate's account: like, share, follow, comment. */
static void interaction(struct ev *e, struct ctx *x, uint32_t k)
{
	const struct ext_post *cp =
	    cand_post(x->c - g.prof.cand, e->plat, x->r);

	if (!cp) {
		e->type = "post";
		support_text(e, x);
		return;
	}
	e->label = L_SUPPORT;
	e->cand = x->c->number;
	if (k < 50) {
		e->type = "like";
		set_target(e, cp->author, cp->id,
		           rng_pm(x->r, 500) ? cp->text : NULL);
		e->kind = "like_candidate";
	} else if (k < 56) {
		e->type = "repost";
		set_target(e, cp->author, cp->id, cp->text);
		e->kind = "repost_candidate";
	} else if (k < 61) {
		e->type = "follow";
		set_target(e, cp->author, NULL, NULL);
		e->kind = "follow_candidate";
	} else if (k < 66) {
		e->type = "comment";
		expand(&e->text, PICK(x->r, t_support_comment), x);
		set_target(e, cp->author, cp->id, NULL);
		e->kind = "comment_candidate";
	} else {
		e->type = "quote";
		expand(&e->text, PICK(x->r, t_support_comment), x);
		set_target(e, cp->author, cp->id, cp->text);
		e->kind = "quote_candidate";
	}
}

/* Text breaches go out as a post, or as a comment under a news post. */
static void post_or_comment(struct ev *e, struct rng *r)
{
	const struct ext_post *np;

	e->type = "post";
	if (rng_pm(r, 250) && (np = news_post(e->plat, r))) {
		e->type = "comment";
		set_target(e, np->author, np->id, NULL);
	}
}

/* A potential breach; partisan staff range over every kind, others only
 * forward hoaxes, like a candidate's post, or slip a call to vote. */
static void breach(struct ev *e, struct ctx *x, int partisan)
{
	uint32_t k = rng_below(x->r, 100);

	if (!partisan)
		k = k < 60 ? 95 : k < 85 ? 40 : 0;
	if (k < 30) {
		post_or_comment(e, x->r);
		support_text(e, x);
	} else if (k < 35) {
		e->type = "post";
		tx_puts(
		    &e->text,
		    PICK(x->r, ((const char *const[]){"Siap!", "Mantap 🔥",
		                                      "Bismillah", "Ayo!"})));
		e->media = 1;
		expand(&e->ocr, "AYO COBLOS NOMOR {cn} {ch}", x);
		e->label = L_SUPPORT;
		e->cand = x->c->number;
		e->kind = "poster_ocr";
	} else if (k < 71) {
		interaction(e, x, (k - 35) * 2);
	} else if (k < 83) {
		post_or_comment(e, x->r);
		expand(&e->text, PICK(x->r, t_attack), x);
		e->label = L_ATTACK;
		e->cand = x->rival->number;
		e->kind = "attack";
	} else if (k < 89) {
		post_or_comment(e, x->r);
		expand(&e->text, PICK(x->r, t_sara), x);
		e->label = L_HATE;
		e->cand = x->rival->number;
		e->kind = "sara";
	} else {
		e->type = "post";
		hoax_text(e, x);
	}
}

/* Type shares in permille per platform: post, repost, quote, comment,
 * like, follow; the rest (1%) delete. */
static const int type_pm[NPLAT][6] = {{280, 170, 60, 180, 250, 50},
                                      {230, 30, 0, 250, 410, 70},
                                      {250, 120, 0, 280, 300, 40},
                                      {120, 80, 0, 250, 450, 90}};
static const char *const type_name[] = {"post", "repost", "quote", "comment",
                                        "like", "follow", "delete"};

static void ordinary(struct ev *e, struct ctx *x)
{
	uint32_t w = rng_below(x->r, 1000);
	int t = 0;
	struct acct *a = &g.acct[e->author];
	const struct post_ref *used = NULL;

	while (t < 6 && w >= (uint32_t)type_pm[e->plat][t])
		w -= (uint32_t)type_pm[e->plat][t++];
	if (t == 6 && !a->last_id[0])
		t = 0;
	e->type = type_name[t];
	if (t != 0 && t != 6 &&
	    target_any(e, x->r, rng_pm(x->r, 300), &used) < 0)
		t = 0, e->type = "post";
	inherit_label(e, used, t);
	switch (t) {
	case 0:
		ordinary_post(e, x);
		break;
	case 2:
	case 3:
		expand(&e->text, PICK(x->r, t_comment), x);
		break;
	case 5:
		e->t_id[0] = '\0';
		e->t_text = NULL;
		break;
	case 6:
		set_target(e, NULL, a->last_id, NULL);
		e->kind = "delete";
		break;
	}
}

/* ---- writing ----------------------------------------------------------------
 */

static void json_str(struct text *o, const char *s)
{
	tx_putn(o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};

			tx_putn(o, esc, 2);
		} else if (c < 0x20) {
			tx_printf(o, "\\u%04x", c);
		} else {
			tx_putn(o, s, 1);
		}
	}
	tx_putn(o, "\"", 1);
}

static void json_handle(struct text *o, enum platform p, const char *h)
{
	struct text t;

	tx_clear(&t);
	if (p != P_FACEBOOK)
		tx_putn(&t, "@", 1);
	tx_puts(&t, h);
	json_str(o, t.s);
}

static void write_time(struct text *o, const struct ev *e, int utc)
{
	int64_t ts = civil_day_start(e->day, CIVIL_WIB) + e->sod;
	char iso[32];

	civil_time_format(iso, sizeof(iso), ts, utc ? 0 : CIVIL_WIB);
	if (utc)
		tx_printf(o, "\"%.19sZ\"", iso);
	else
		tx_printf(o, "\"%s\"", iso);
}

static void write_url(struct text *o, const struct ev *e)
{
	const char *h = e->account, *id = e->id;

	switch (e->plat) {
	case P_X:
		tx_printf(o, ",\"url\":\"https://x.com/%s/status/%s\"", h, id);
		break;
	case P_INSTAGRAM:
		tx_printf(o, ",\"url\":\"https://www.instagram.com/p/C%s/\"",
		          id + 6);
		break;
	case P_FACEBOOK:
		tx_printf(o,
		          ",\"url\":\"https://www.facebook.com/%s/posts/%s\"",
		          h, strchr(id, '_') ? strchr(id, '_') + 1 : id);
		break;
	default:
		tx_printf(o, ",\"url\":\"https://www.tiktok.com/@%s/video/%s\"",
		          h, id);
	}
}

static void write_media(struct text *o, const struct ev *e, struct rng *r)
{
	int k;

	tx_printf(o,
	          ",\"media\":[{\"url\":\"https://cdn.demo.example/%s/%s."
	          "jpg\",\"sha256\":\"",
	          plat_name[e->plat], e->id);
	for (k = 0; k < 4; k++)
		tx_printf(o, "%016llx", (unsigned long long)rng_next(r));
	tx_putn(o, "\"", 1);
	if (e->ocr.len) {
		tx_puts(o, ",\"ocr_text\":");
		json_str(o, e->ocr.s);
	}
	tx_puts(o, "}]");
}

/* One JSONL line; bad > 0 spoils it in one of four ways. */
static void write_event(struct text *o, const struct ev *e, struct rng *r,
                        int bad)
{
	int acted = strcmp(e->type, "like") && strcmp(e->type, "follow") &&
	            strcmp(e->type, "delete");

	tx_printf(o, "{\"platform\":\"%s\"", plat_name[e->plat]);
	if (bad != 2)
		tx_printf(o, ",\"id\":\"%s\"", e->id);
	tx_printf(
	    o, ",\"type\":\"%s\",\"account\":", bad == 3 ? "share" : e->type);
	json_handle(o, e->plat, e->account);
	tx_puts(o, ",\"created_at\":");
	if (bad == 4)
		tx_puts(o, "\"2024-13-45T25:61:00+07:00\"");
	else
		write_time(o, e, e->plat == P_X && rng_pm(r, 300));
	if (e->text.len) {
		tx_puts(o, ",\"text\":");
		json_str(o, e->text.s);
	}
	if (acted)
		write_url(o, e);
	if (e->t_account[0] || e->t_id[0]) {
		tx_puts(o, ",\"target\":{");
		if (e->t_account[0]) {
			tx_puts(o, "\"account\":");
			json_handle(o, e->plat, e->t_account);
		}
		if (e->t_id[0])
			tx_printf(o, "%s\"id\":\"%s\"",
			          e->t_account[0] ? "," : "", e->t_id);
		if (e->t_text && e->t_text[0]) {
			tx_puts(o, ",\"text\":");
			json_str(o, e->t_text);
		}
		tx_putn(o, "}", 1);
	}
	if (e->media)
		write_media(o, e, r);
	if (rng_pm(r, 200))
		tx_puts(o, ",\"lang\":\"id\"");
	tx_putn(o, "}", 1);
	if (bad == 1)
		o->len = o->len / 2, o->s[o->len] = '\0';
	tx_putn(o, "\n", 1);
}

static void csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void close_out(FILE *f, const char *name)
{
	if (ferror(f) | fclose(f))
		die("%s: write error", name);
}

static void write_units(const char *dir)
{
	FILE *f = open_out(dir, "units.csv");
	int u;

	fputs("code,name,parent_code,kind\n", f);
	for (u = 0; u < g.nunits; u++) {
		const struct unit *x = &g.unit[u];

		csv_field(f, x->code, 0);
		csv_field(f, x->name, 0);
		csv_field(f, x->parent >= 0 ? g.unit[x->parent].code : "", 0);
		csv_field(f, unit_kind_name[x->kind], 1);
	}
	close_out(f, "units.csv");
}

static void write_employees(const char *dir)
{
	FILE *f = open_out(dir, "employees.csv");
	int k;

	fputs("nip,name,position,unit_code,status,supervisor_nip,golongan\n",
	      f);
	for (k = 0; k < g.nemp; k++) {
		const struct emp *e = &g.emp[k];

		csv_field(f, e->key, 0);
		csv_field(f, e->name, 0);
		csv_field(f, e->position, 0);
		csv_field(f, g.unit[e->unit].code, 0);
		csv_field(f, status_name[e->status], 0);
		csv_field(f, e->sup >= 0 ? g.emp[e->sup].key : "", 0);
		csv_field(f, e->golongan, 1);
	}
	close_out(f, "employees.csv");
}

/* Handles as staff report them: mostly bare, some with @, odd case, or a
 * profile URL; the registry normalises them. */
static void write_handle(FILE *f, const struct acct *a, struct rng *r)
{
	static const char *const url[NPLAT] = {
	    "https://x.com/%s", "https://www.instagram.com/%s/",
	    "https://www.facebook.com/%s", "https://www.tiktok.com/@%s"};
	char buf[128];
	uint32_t k = rng_below(r, 100);
	size_t i;

	if (k < 12) {
		snprintf(buf, sizeof(buf), url[a->plat], a->handle);
	} else if (k < 22 && a->plat != P_FACEBOOK) {
		snprintf(buf, sizeof(buf), "@%s", a->handle);
	} else {
		scopy(buf, sizeof(buf), a->handle);
		if (k < 30)
			for (i = 0; buf[i]; i++)
				if ((i == 0 || !is_word_char(buf[i - 1])) &&
				    buf[i] >= 'a' && buf[i] <= 'z')
					buf[i] = (char)(buf[i] & ~0x20);
	}
	csv_field(f, buf, 0);
}

static void write_accounts(const char *dir, struct rng *r)
{
	FILE *f = open_out(dir, "accounts.csv");
	int k;

	fputs("nip,platform,handle,sumber\n", f);
	for (k = 0; k < g.nreg; k++) {
		const struct acct *a = &g.acct[k];

		csv_field(f, g.emp[a->emp].key, 0);
		csv_field(f, plat_name[a->plat], 0);
		write_handle(f, a, r);
		csv_field(
		    f, rng_pm(r, 700) ? "lapor_mandiri" : "verifikasi_opd", 1);
	}
	close_out(f, "accounts.csv");
}

/* ---- the event stream ---------------------------------------------------- */

/* Heavy-tailed activity: most staff post now and then, a few all day. */
static void build_activity(struct rng *r)
{
	uint64_t sum = 0;
	int k;

	g.cum = xcalloc((size_t)g.nreg + 1, sizeof(uint64_t));
	for (k = 0; k < g.nreg; k++) {
		uint64_t u = rng_below(r, 1000);

		sum += 1 + u * u * u * u / 5000000000ULL;
		g.cum[k] = sum;
	}
}

static int pick_registered(struct rng *r)
{
	uint64_t x = (rng_next(r) >> 11) % g.cum[g.nreg - 1];
	int lo = 0, hi = g.nreg - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (g.cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Local second of the day: mornings, lunch and evenings are busiest. */
static int pick_sod(struct rng *r)
{
	static const int hw[24] = {1, 1, 1, 1, 2, 5, 8, 9,  7,  5,  5, 6,
	                           9, 7, 5, 5, 6, 7, 8, 10, 11, 10, 6, 3};
	uint32_t w = rng_below(r, 133);
	int h = 0;

	while (w >= (uint32_t)hw[h])
		w -= (uint32_t)hw[h++];
	return h * 3600 + (int)rng_below(r, 3600);
}

/* An event by someone outside the registry (skipped by ingest). */
static void outside_event(struct ev *e, struct ctx *x)
{
	int c = (int)rng_below(x->r, (uint32_t)g.prof.ncand);
	const struct ext_post *cp;

	if (rng_pm(x->r, 150) && (cp = cand_post(c, NPLAT, x->r))) {
		e->plat = cp->plat;
		e->author = -1;
		scopy(e->account, sizeof(e->account), cp->author);
		e->type = "post";
		x->c = &g.prof.cand[c];
		expand(&e->text, PICK(x->r, t_cand_post), x);
		return;
	}
	e->author = g.nreg + (int)rng_below(x->r, (uint32_t)(g.nacct - g.nreg));
	e->plat = g.acct[e->author].plat;
	scopy(e->account, sizeof(e->account), g.acct[e->author].handle);
	if (e->author < g.nreg + 32) {
		e->type = "post";
		expand(&e->text, PICK(x->r, t_news), x);
	} else {
		ordinary(e, x);
	}
}

static int in_campaign_window(const struct ev *e)
{
	return e->day >= g.campaign_day && e->day < g.campaign_day + 3;
}

/* Copy-paste campaign: staff of three OPD post the same text. */
static int copy_paste_author(struct rng *r)
{
	int tries, o1 = (int)(g.seed % NOPD), o2 = (o1 + 7) % (int)NOPD,
	           o3 = (o1 + 13) % (int)NOPD;

	for (tries = 0; tries < 64; tries++) {
		int a = pick_registered(r),
		    o = g.unit[g.emp[g.acct[a].emp].unit].opd;

		if (o == o1 || o == o2 || o == o3)
			return a;
	}
	return -1;
}

static void registered_event(struct ev *e, struct ctx *x, uint32_t cp_pm)
{
	const struct emp *em;
	int cp = -1, c;

	if (in_campaign_window(e) && rng_below(x->r, 100000) < cp_pm)
		cp = copy_paste_author(x->r);
	e->author = cp >= 0 ? cp : pick_registered(x->r);
	e->plat = g.acct[e->author].plat;
	scopy(e->account, sizeof(e->account), g.acct[e->author].handle);
	em = &g.emp[g.acct[e->author].emp];
	x->opd = g.unit[em->unit].opd;
	if (cp >= 0) {
		x->c = &g.prof.cand[g.campaign_cand];
		e->type = "post";
		tx_puts(&e->text, g.copy_text);
		e->label = L_SUPPORT;
		e->cand = x->c->number;
		e->kind = "copy_paste";
		return;
	}
	c = em->partisan ? em->partisan - 1
	                 : (int)rng_below(x->r, (uint32_t)g.prof.ncand);
	x->c = &g.prof.cand[c];
	x->rival =
	    &g.prof.cand[(c + 1 +
	                  (int)rng_below(x->r, (uint32_t)g.prof.ncand - 1)) %
	                 g.prof.ncand];
	if (rng_pm(x->r, em->partisan ? 160 : 3))
		breach(e, x, em->partisan != 0);
	else
		ordinary(e, x);
}

static void remember_post(const struct ev *e)
{
	struct acct *a = &g.acct[e->author];
	struct post_ref *p = &g.ring[e->plat][g.ring_n[e->plat] % RING];

	scopy(a->last_id, sizeof(a->last_id), e->id);
	p->acct = e->author;
	scopy(p->author, sizeof(p->author), a->handle);
	scopy(p->id, sizeof(p->id), e->id);
	scopy(p->text, sizeof(p->text), e->text.s);
	p->label = e->label;
	p->cand = e->cand;
	g.ring_n[e->plat]++;
}

static void write_truth(FILE *f, const struct ev *e)
{
	if (!e->kind && e->label == L_NONE)
		return;
	fprintf(f, "%s,%s,%s,%d,%s\n", plat_name[e->plat], e->id,
	        label_name[e->label], e->cand, e->kind ? e->kind : "");
}

/* Writes events.jsonl and truth.csv. */
static void write_events(const char *dir)
{
	FILE *f = open_out(dir, "events.jsonl");
	FILE *tf = open_out(dir, "truth.csv");
	int64_t first = g.prof.start_day - 7,
	        ndays = g.prof.vote_day + 2 - first;
	uint32_t cp_pm; /* per 100,000 events in the window */
	struct rng r;
	struct ev e;
	struct text line;
	long i;

	rng_seed(&r, g.seed, 4);
	cp_pm = (uint32_t)(100000.0 * (g.nevents / 2500 + 5) /
	                   (3.0 * (double)g.nevents / (double)ndays + 1));
	fputs("platform,id,label,candidate,kind\n", tf);
	for (i = 0; i < g.nevents; i++) {
		struct ctx x = {&r, &g.prof.cand[0], &g.prof.cand[1], -1, 0};
		int bad = 0;

		memset(&e, 0, sizeof(e));
		e.day = first + (int64_t)((i * ndays) / g.nevents);
		e.sod = pick_sod(&r);
		x.day = e.day;
		if (rng_pm(&r, 50))
			outside_event(&e, &x);
		else
			registered_event(&e, &x, cp_pm);
		while (e.text.len && e.text.s[e.text.len - 1] == ' ')
			e.text.s[--e.text.len] = '\0'; /* an empty slot last */
		make_id(e.id, sizeof(e.id), e.plat, (uint64_t)i, &r);
		if (e.author >= 0 && !strcmp(e.type, "post"))
			remember_post(&e);
		if (g.bad_every > 0 && i % g.bad_every == g.bad_every / 2)
			bad = 1 + (int)((i / g.bad_every) % 4);
		tx_clear(&line);
		write_event(&line, &e, &r, bad);
		fwrite(line.s, 1, line.len, f);
		if (bad) {
			g.count[NLABEL + 1]++;
			continue;
		}
		if (e.author < 0 || e.author >= g.nreg) {
			g.count[NLABEL]++;
			continue;
		}
		g.count[e.label]++;
		write_truth(tf, &e);
	}
	close_out(f, "events.jsonl");
	close_out(tf, "truth.csv");
}

/* ---- main ------------------------------------------------------------------
 */

static const char usage[] =
    "usage: demo_gen --out DIR [--seed N] [--staff N] [--events N]\n"
    "                [--election FILE] [--debunks FILE] [--bad-every N]\n"
    "\n"
    "Writes a fictional city into DIR: units.csv, employees.csv,\n"
    "accounts.csv (for `netra registry import`), events.jsonl (for\n"
    "`netra ingest`) and truth.csv (the planted label of each breach).\n"
    "Same options, same bytes.\n"
    "\n"
    "  --seed N        random seed (default 1)\n"
    "  --staff N       number of staff (default 10000)\n"
    "  --events N      number of events (default 300000)\n"
    "  --election F    election profile (default data/demo/election.yaml)\n"
    "  --debunks F     debunked hoaxes, JSONL with \"claim\" (default:\n"
    "                  debunks.jsonl beside the election profile)\n"
    "  --bad-every N   spoil one line in N (default 50000; 0 = none)\n";

static int parse_long(const char *s, long min, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min)
		return -1;
	*out = v;
	return 0;
}

struct opts {
	const char *out, *election, *debunks;
	long seed;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			exit(0);
		}
		if (!v)
			return -1;
		i++;
		if (!strcmp(a, "--out"))
			o->out = v;
		else if (!strcmp(a, "--election"))
			o->election = v;
		else if (!strcmp(a, "--debunks"))
			o->debunks = v;
		else if (!strcmp(a, "--seed") && !parse_long(v, 0, &n))
			o->seed = n;
		else if (!strcmp(a, "--staff") && !parse_long(v, 50, &n))
			g.nstaff = n;
		else if (!strcmp(a, "--events") && !parse_long(v, 1, &n))
			g.nevents = n;
		else if (!strcmp(a, "--bad-every") && !parse_long(v, 0, &n))
			g.bad_every = n;
		else
			return -1;
	}
	return o->out ? 0 : -1;
}

/* debunks.jsonl beside the profile file. */
static void default_debunks(char *out, size_t cap, const char *election)
{
	const char *slash = strrchr(election, '/');
	int dir = slash ? (int)(slash - election) : 0;

	snprintf(out, cap, "%.*s%sdebunks.jsonl", dir, election,
	         slash ? "/" : "");
}

/* Candidate accounts are nobody's staff account. */
static void reserve_candidate_handles(void)
{
	int c, a;

	for (c = 0; c < g.prof.ncand; c++) {
		for (a = 0; a < g.prof.cand[c].nacct; a++) {
			const struct cand_acct *ca = &g.prof.cand[c].acct[a];
			enum platform p = plat_of(ca->platform);
			char key[96];
			int n;

			if (p == NPLAT)
				continue;
			n = snprintf(key, sizeof(key), "%d:%s", (int)p,
			             ca->handle);
			if (strmap_put(&g.handles, key, (size_t)n, 1))
				die("out of memory");
		}
	}
}

static void summary(void)
{
	long st[3] = {0, 0, 0}, breaches = 0;
	int k;

	for (k = 0; k < g.nemp; k++)
		st[g.emp[k].status]++;
	for (k = 1; k < NLABEL; k++)
		breaches += g.count[k];
	fprintf(stderr,
	        "demo_gen: %s: %d units, %d staff (%ld PNS, %ld PPPK, %ld "
	        "non-ASN), %d accounts, %ld events (%ld planted breaches: "
	        "%ld support, %ld attack, %ld hate speech, %ld hoax; %ld from "
	        "unregistered accounts; %ld malformed)\n",
	        g.prof.region, g.nunits, g.nemp, st[0], st[1], st[2], g.nreg,
	        g.nevents, breaches, g.count[L_SUPPORT], g.count[L_ATTACK],
	        g.count[L_HATE], g.count[L_HOAX], g.count[NLABEL],
	        g.count[NLABEL + 1]);
}

/* The copy-paste campaign: one candidate, one text, three days. */
static void plan_copy_paste(struct rng *r)
{
	struct ctx x = {r, NULL, NULL, -1, 0};
	struct text t;

	g.campaign_cand = (int)rng_below(r, (uint32_t)g.prof.ncand);
	g.campaign_day =
	    g.prof.start_day + (g.prof.end_day - g.prof.start_day) * 3 / 5;
	x.c = &g.prof.cand[g.campaign_cand];
	tx_clear(&t);
	expand(&t, copy_paste, &x);
	scopy(g.copy_text, sizeof(g.copy_text), t.s);
}

int main(int argc, char **argv)
{
	struct opts o = {NULL, "data/demo/election.yaml", NULL, 1};
	char debunks[4096] = "";
	struct rng r;

	g.nstaff = 10000;
	g.nevents = 300000;
	g.bad_every = 50000;
	if (parse_args(argc, argv, &o)) {
		fputs(usage, stderr);
		return 2;
	}
	g.seed = (uint64_t)o.seed;
	if (!o.debunks)
		default_debunks(debunks, sizeof(debunks), o.election);
	if (load_profile(&g.prof, o.election) ||
	    load_debunks(&g.hoaxes, o.debunks ? o.debunks : debunks))
		return 1;
	if (g.hoaxes.n == 0)
		die("no debunked hoaxes to forward");
	if (mkdir(o.out, 0777) && errno != EEXIST)
		die("%s: %s", o.out, strerror(errno));
	rng_seed(&r, g.seed, 1);
	build_units(&r);
	build_staff(&r);
	reserve_candidate_handles();
	build_accounts(&r);
	build_outside(&r);
	build_activity(&r);
	build_ext_posts(&r);
	plan_copy_paste(&r);
	write_units(o.out);
	write_employees(o.out);
	rng_seed(&r, g.seed, 2);
	write_accounts(o.out, &r);
	write_events(o.out);
	summary();
	return 0;
}
