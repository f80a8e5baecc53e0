/*
 * bench/ingest_csv.c - turns a generic Event JSONL file into the CSV that
 * bench/ingest.sh feeds to the sqlite3 shell's `.import` as the baseline
 * for `netra ingest`: one row per event with the columns netra parses out
 * (platform, event_id, type, account, created_at, text, url,
 * target_account, target_id, target_text) plus the raw line.
 *
 *   bench_ingest_csv IN.jsonl OUT.csv
 *
 * Lines that are not an object with platform, id and type are left out
 * (netra rejects them too). Prints the number of rows written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static const char *const cols[] = {
    "platform",   "event_id",    "type", "account",
    "created_at", "text",        "url",  "target_account",
    "target_id",  "target_text", "raw"};

#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static void field(FILE *f, const char *s, size_t n, int last)
{
	size_t i;

	if (s && memchr(s, '"', n) == NULL && memchr(s, ',', n) == NULL &&
	    memchr(s, '\n', n) == NULL && memchr(s, '\r', n) == NULL) {
		fwrite(s, 1, n, f);
	} else if (s) {
		fputc('"', f);
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				fputc('"', f);
			fputc(s[i], f);
		}
		fputc('"', f);
	}
	fputc(last ? '\n' : ',', f);
}

static void str(FILE *f, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	field(f, s, s ? json_string_length(v) : 0, 0);
}

/* Writes one row for the JSON object o read from line[n]; 0 or -1. */
static int row(FILE *f, json_t *o, const char *line, size_t n)
{
	json_t *t = json_object_get(o, "target");

	if (!json_is_object(o) ||
	    !json_is_string(json_object_get(o, "platform")) ||
	    !json_is_string(json_object_get(o, "id")) ||
	    !json_is_string(json_object_get(o, "type")))
		return -1;
	str(f, o, "platform");
	str(f, o, "id");
	str(f, o, "type");
	str(f, o, "account");
	str(f, o, "created_at");
	str(f, o, "text");
	str(f, o, "url");
	str(f, t, "account");
	str(f, t, "id");
	str(f, t, "text");
	field(f, line, n, 1);
	return 0;
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	long rows = 0;

	if (argc != 3) {
		fputs("usage: bench_ingest_csv IN.jsonl OUT.csv\n", stderr);
		return 2;
	}
	in = fopen(argv[1], "rb");
	out = fopen(argv[2], "wb");
	if (!in || !out) {
		perror(in ? argv[2] : argv[1]);
		return 1;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 20);
	for (i = 0; i < NCOLS; i++)
		fprintf(out, "%s%c", cols[i], i + 1 < NCOLS ? ',' : '\n');
	while ((n = getline(&line, &cap, in)) > 0) {
		json_t *o;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		o = json_loadb(line, (size_t)n, 0, NULL);
		if (o && row(out, o, line, (size_t)n) == 0)
			rows++;
		json_decref(o);
	}
	free(line);
	fclose(in);
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	printf("%ld\n", rows);
	return 0;
}
