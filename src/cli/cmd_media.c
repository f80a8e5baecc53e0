/*
 * cli/cmd_media.c - `netra media`: fetch the images of stored events and
 * read their text (for cron, before `netra scan`), load the official
 * campaign images re-posts are recognised by, list them, and read one
 * image file as netra would (for the operator to try OCR). The work is
 * in libnetra (netra/media.h); docs/media.md.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "netra/media.h"
#include "store/store.h"
#include "util/file.h"

static const char usage[] =
    "usage: netra media fetch [--limit N] [--max-bytes SIZE] [--timeout S]\n"
    "                         [--lease-seconds S] [--no-ocr] [--lang L]\n"
    "                         [--allow-private]\n"
    "       netra media import --candidate N FILE|DIR...\n"
    "       netra media known [--json]\n"
    "       netra media read [--json] FILE...\n\n"
    "fetch   download the media[] images of events of registered accounts\n"
    "        not fetched yet (http/https; type checked by content: JPEG,\n"
    "        PNG, GIF, WebP; at most --max-bytes each, default 8M, and\n"
    "        --timeout seconds, default 30), store each by SHA-256 once,\n"
    "        read its text with Tesseract (--lang, default ind) and log\n"
    "        both in the evidence log. Refused images are recorded with\n"
    "        their reason; a timeout, a refused connection, HTTP 5xx or\n"
    "        429 is tried again later (after 1, 4, 16, 64, 256 minutes).\n"
    "        Several runs share the work; run it before `netra scan`\n"
    "        (or run `netra worker`, whose media job does). Loopback and private addresses are refused\n"
    "        unless --allow-private.\n"
    "import  load official campaign images of pair N (files, or the\n"
    "        files of a DIR); re-posts of them are flagged by scan. All or\n"
    "        nothing: a file that is no image stops the import.\n"
    "known   list the loaded campaign images\n"
    "read    print the type, size, perceptual hash and OCR text of each\n"
    "        FILE (--json: one JSON object a line); no store is used\n";

/* Bytes, or with K/M; 1 KiB to 64 MiB. 0, or -1 after a message. */
static int parse_bytes(size_t *out, const char *s)
{
	unsigned long long n, mul = 1;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (end == s || errno)
		goto bad;
	if (strcasecmp(end, "k") == 0)
		mul = 1024;
	else if (strcasecmp(end, "m") == 0)
		mul = 1024 * 1024;
	else if (*end)
		goto bad;
	n *= mul;
	if (n < 1024 || n > (64u << 20))
		goto bad;
	*out = (size_t)n;
	return 0;
bad:
	fprintf(stderr, "netra media: --max-bytes '%s': give bytes, or K/M "
	                "(from 1K to 64M)\n",
	        s);
	return -1;
}

/* A positive integer up to max. 0, or -1 after a message. */
static int parse_count(long *out, const char *flag, const char *s, long max)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (end == s || *end || errno || *out <= 0 || *out > max) {
		fprintf(stderr, "netra media: %s '%s': give a number from 1 to "
		                "%ld\n",
		        flag, s, max);
		return -1;
	}
	return 0;
}

static int fetch_cmd(struct cli *c, int argc, char **argv)
{
	netra_media_fetch_opts o;
	netra_media_fetch_stats s;
	netra_store *st;
	const char *v;
	long n;
	int i = 1, r;

	memset(&o, 0, sizeof(o));
	while (i < argc) {
		if (strcmp(argv[i], "--no-ocr") == 0) {
			o.no_ocr = 1;
			i++;
		} else if (strcmp(argv[i], "--allow-private") == 0) {
			o.allow_private = 1;
			i++;
		} else if ((r = cli_opt(argc, argv, &i, "--limit", &v))) {
			if (r < 0 || parse_count(&n, "--limit", v, 1L << 30))
				return cli_usage(usage);
			o.limit = (size_t)n;
		} else if ((r = cli_opt(argc, argv, &i, "--max-bytes", &v))) {
			if (r < 0 || parse_bytes(&o.max_bytes, v))
				return cli_usage(usage);
		} else if ((r = cli_opt(argc, argv, &i, "--timeout", &v))) {
			if (r < 0 || parse_count(&o.timeout, "--timeout", v, 600))
				return cli_usage(usage);
		} else if ((r = cli_opt(argc, argv, &i, "--lease-seconds",
		                        &v))) {
			if (r < 0 ||
			    parse_count(&n, "--lease-seconds", v, 86400))
				return cli_usage(usage);
			o.lease_seconds = (int)n;
		} else if ((r = cli_opt(argc, argv, &i, "--lang", &v))) {
			if (r < 0)
				return cli_usage(usage);
			o.lang = v;
		} else {
			return cli_usage(usage);
		}
	}
	if (!(st = cli_store(c)))
		return CLI_ERR;
	if (netra_media_fetch(&s, st, &o))
		return cli_fail("media fetch");
	printf("media fetch: %zu events, %zu images: %zu fetched (%zu new), "
	       "%zu refused, %zu read by OCR, %zu like a known campaign "
	       "image\n",
	       s.events, s.media, s.fetched, s.new_blobs, s.failed, s.ocr,
	       s.known);
	if (s.retry)
		printf("  %zu images refused for a transient reason (timeout, "
		       "connection, HTTP 5xx or 429): fetched again later, "
		       "after 1, 4, 16 ... minutes, %d attempts in all\n",
		       s.retry, NETRA_MEDIA_ATTEMPTS);
	if (s.failed)
		printf("  refused images and their reasons: netra media "
		       "fetch keeps them in event_media (docs/media.md)\n");
	return CLI_OK;
}

/* The regular files named by argv: a DIR stands for its files (not
 * hidden, not below), in name order. */
static int collect_files(char ***out, size_t *n, int argc, char **argv)
{
	char **v = NULL, **t;
	size_t cap = 0, i;
	struct dirent **ents = NULL;
	struct stat sb;
	int k, m, j;

	*n = 0;
	for (k = 0; k < argc; k++) {
		char **names = &argv[k];
		m = 1;
		if (stat(argv[k], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			m = scandir(argv[k], &ents, NULL, alphasort);
			if (m < 0) {
				fprintf(stderr, "netra media import: %s: %s\n",
				        argv[k], strerror(errno));
				goto fail;
			}
			names = NULL;
		}
		for (j = 0; j < m; j++) {
			char *p;
			if (names) {
				p = strdup(names[j]);
			} else {
				const char *d = ents[j]->d_name;
				size_t len = strlen(argv[k]) + strlen(d) + 2;
				p = d[0] == '.' ? NULL : malloc(len);
				if (p)
					snprintf(p, len, "%s/%s", argv[k], d);
				else if (d[0] == '.')
					continue;
			}
			if (!p)
				goto fail;
			if (!names && (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode))) {
				free(p);
				continue;
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 16;
				if (!(t = realloc(v, cap * sizeof(*v)))) {
					free(p);
					goto fail;
				}
				v = t;
			}
			v[(*n)++] = p;
		}
		if (ents) {
			for (j = 0; j < m; j++)
				free(ents[j]);
			free(ents);
			ents = NULL;
		}
	}
	*out = v;
	return 0;
fail:
	for (i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	*n = 0;
	return -1;
}

static int import_cmd(struct cli *c, int argc, char **argv)
{
	netra_store *st;
	char **files = NULL, *data = NULL;
	const char *v;
	size_t nf = 0, len, i, added_n = 0;
	long cand = 0;
	int i2 = 1, r, rc = CLI_OK, added;

	while (i2 < argc && argv[i2][0] == '-') {
		if ((r = cli_opt(argc, argv, &i2, "--candidate", &v)) != 1 ||
		    parse_count(&cand, "--candidate", v, 99))
			return cli_usage(usage);
	}
	if (!cand || i2 >= argc)
		return cli_usage(usage);
	if (collect_files(&files, &nf, argc - i2, argv + i2))
		return CLI_ERR;
	if (!nf) {
		fprintf(stderr, "netra media import: no files\n");
		return CLI_ERR;
	}
	if (!(st = cli_store(c)) || store_begin_write(st)) {
		rc = st ? cli_fail("media import") : CLI_ERR;
		goto done;
	}
	for (i = 0; i < nf && rc == CLI_OK; i++) {
		const char *base = strrchr(files[i], '/');
		base = base ? base + 1 : files[i];
		if (util_read_file(&data, &len, files[i], 64u << 20) ||
		    netra_known_image_add(&added, st, data, len, (int)cand,
		                          base)) {
			fprintf(stderr, "netra media import: %s: %s (nothing "
			                "imported)\n",
			        files[i], netra_error_last());
			rc = CLI_ERR;
		}
		added_n += rc == CLI_OK && added;
		free(data);
		data = NULL;
	}
	if (rc == CLI_OK && store_commit(st))
		rc = cli_fail("media import");
	else if (rc != CLI_OK)
		store_rollback(st);
	if (rc == CLI_OK)
		printf("media import: %zu images of pair %ld (%zu new)\n", nf,
		       cand, added_n);
done:
	for (i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	return rc;
}

static int known_text(struct sbuf *b, json_t *arr)
{
	size_t i;
	json_t *it;
	int rc = 0;

	if (json_array_size(arr) == 0)
		return sbuf_puts(b, "no campaign images loaded (netra media "
		                    "import)\n");
	json_array_foreach(arr, i, it)
		rc = rc ? rc : sbuf_printf(b, "pair %lld  %s  phash %s  sha256 %s\n",
		                (long long)json_integer_value(
		                    json_object_get(it, "candidate")),
		                cli_jstr(it, "label", NULL),
		                cli_jstr(it, "phash", NULL),
		                cli_jstr(it, "sha256", NULL));
	return rc;
}

static int known_cmd(struct cli *c, int argc, char **argv)
{
	netra_store *st;
	store_stmt *q = NULL;
	json_t *arr;
	int json = argc > 1 && strcmp(argv[1], "--json") == 0, rc;

	if (argc > 2 || (argc == 2 && !json))
		return cli_usage(usage);
	if (!(st = cli_store(c)))
		return CLI_ERR;
	if (!(arr = json_array()) ||
	    store_prepare(&q, st, "SELECT id, candidate, label, sha256, "
	                          "phash, added_at FROM known_images ORDER BY "
	                          "candidate, id")) {
		json_decref(arr);
		return cli_fail("media known");
	}
	while ((rc = store_step(q)) == STORE_ROW) {
		char ph[17];
		snprintf(ph, sizeof(ph), "%016" PRIx64,
		         (uint64_t)store_column_int64(q, 4));
		json_array_append_new(
		    arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "id",
		                   (json_int_t)store_column_int64(q, 0),
		                   "candidate",
		                   (json_int_t)store_column_int64(q, 1), "label",
		                   store_column_text(q, 2, NULL), "sha256",
		                   store_column_text(q, 3, NULL), "phash", ph,
		                   "added_at",
		                   (json_int_t)store_column_int64(q, 5)));
	}
	store_finalize(q);
	if (rc < 0) {
		json_decref(arr);
		return cli_fail("media known");
	}
	return cli_render(arr, json, 0, known_text, "media known");
}

/* Reads one file: type, size, pHash and OCR text, printed as text or
 * as one JSON line. 0, or -1 after a message naming the file. */
static int read_one(netra_ocr *ocr, const char *path, int json)
{
	netra_image_info info;
	char *data = NULL, *text = NULL, ph[17];
	struct sbuf b = SBUF_INIT;
	size_t len;
	int rc = 0;

	if (util_read_file(&data, &len, path, 64u << 20) ||
	    netra_image_inspect(&info, data, len) ||
	    netra_ocr_image(&text, ocr, data, len)) {
		fprintf(stderr, "netra media read: %s: %s\n", path,
		        netra_error_last());
		rc = -1;
		goto done;
	}
	snprintf(ph, sizeof(ph), "%016" PRIx64, info.phash);
	if (json) {
		json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s}",
		                      "file", path, "type",
		                      netra_image_mime(info.type), "width",
		                      info.width, "height", info.height,
		                      "phash", ph, "engine",
		                      netra_ocr_engine(ocr), "text", text);
		rc = o ? cli_print_json(o, 1) : CLI_ERR;
		json_decref(o);
		rc = rc == CLI_OK ? 0 : -1;
	} else if (sbuf_printf(&b,
	                       "file %s\ntype %s\nsize %dx%d\nphash %s\n"
	                       "engine %s\n--- text ---\n%s\n",
	                       path, netra_image_mime(info.type), info.width,
	                       info.height, ph, netra_ocr_engine(ocr),
	                       text) == 0) {
		rc = cli_print_text(&b) == CLI_OK ? 0 : -1;
	}
done:
	sbuf_free(&b);
	free(text);
	free(data);
	return rc;
}

static int read_cmd(int argc, char **argv)
{
	netra_ocr *ocr = NULL;
	int i = 1, json = 0, rc = CLI_OK;

	if (i < argc && strcmp(argv[i], "--json") == 0) {
		json = 1;
		i++;
	}
	if (i >= argc)
		return cli_usage(usage);
	if (netra_ocr_new(&ocr, NULL))
		return cli_fail("media read");
	for (; i < argc; i++)
		if (read_one(ocr, argv[i], json))
			rc = CLI_ERR;
	netra_ocr_free(ocr);
	return rc;
}

int cmd_media(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(usage);
	if (cli_is_help(argv[1]) || (argc > 2 && cli_is_help(argv[2]))) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "fetch") == 0)
		return fetch_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return import_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "known") == 0)
		return known_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "read") == 0)
		return read_cmd(argc - 1, argv + 1);
	return cli_usage(usage);
}
