/*
 * collect/downloader.c - collecting with the downloaders the field relies
 * on for public accounts, where a platform gives the agency no API:
 * instaloader (Instagram), yt-dlp (TikTok, YouTube), gallery-dl (X).
 * Each is a module (collector.h) named after both, "tiktok-ytdlp", that
 * collects the platform's accounts: fetch() runs the tool for one
 * account in a fresh directory (collect/spawn.c: no shell, an argument
 * vector, a time and a size limit, the process group killed on either),
 * keeps the metadata files it wrote whose post falls inside the election
 * window, and hands them to ingest one per line in the tool's format
 * (NETRA_FMT_YTDLP, _GALLERYDL, _INSTALOADER: the importers of
 * ingest/downloaders.c, the same that `netra ingest DIR` uses on a
 * folder these tools filled), so the tool's own object is the evidence.
 * The directory is removed afterwards. The tools learn nothing of an
 * account's status: resolve() reports every account active, and a tool
 * that fails is an error of that account (its last output line).
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collect/collector.h"
#include "collect/spawn.h"
#include "ingest/ingest_int.h"
#include "util/civiltime.h"
#include "util/error.h"

#define DL_MAX_FILE                                                            \
	((size_t)4 << 20) /* a metadata file, as ingest's                      \
	                     document limit */
#define DL_DAY 86400

enum dl_tool { DL_YTDLP, DL_GALLERYDL, DL_INSTALOADER };

struct dl_kind {
	enum dl_tool tool;
	const char *platform;
	const char *suffix; /* metadata file names end so */
	netra_ingest_format format;
};

static const struct dl_kind k_tiktok = {DL_YTDLP, "tiktok", ".info.json",
                                        NETRA_FMT_YTDLP};
static const struct dl_kind k_youtube = {DL_YTDLP, "youtube", ".info.json",
                                         NETRA_FMT_YTDLP};
static const struct dl_kind k_x = {DL_GALLERYDL, "x", ".json",
                                   NETRA_FMT_GALLERYDL};
static const struct dl_kind k_instagram = {DL_INSTALOADER, "instagram", ".json",
                                           NETRA_FMT_INSTALOADER};

/* The UTC date of time t. */
static void ymd(int64_t t, long long *y, int *m, int *d)
{
	int64_t yy;

	civil_date(civil_day_of(t, 0), &yy, m, d);
	*y = (long long)yy;
}

/* The tool's argument vector for acct into dir; strings live in store.
 * Nothing of the handle reaches a tool as anything but its own argument
 * after "--". */
static int dl_argv(const char **argv, char store[][160],
                   const struct dl_kind *k, struct collect_env *env,
                   const struct collect_account *acct, const char *dir,
                   int64_t from)
{
	const char *base = collect_http_base_url(env->http);
	size_t n = env->page_size ? env->page_size : 50, a = 0;
	long long y;
	int mo, d;

	ymd(from, &y, &mo, &d);
	snprintf(store[0], 160, "%04lld%02d%02d", y, mo, d);
	snprintf(store[1], 160, "%zu", n);
	switch (k->tool) {
	case DL_YTDLP:
		snprintf(store[2], 160, "1:%zu", n);
		/* ">=?": an entry without a date passes (ingest keeps or
		 * drops it by the time its importer reads) */
		snprintf(store[3], 160, "upload_date>=?%04lld%02d%02d", y, mo,
		         d);
		snprintf(store[4], 160, "%s/@%s%s", base, acct->handle,
		         k == &k_youtube ? "/videos" : "");
		argv[a++] = "yt-dlp";
		argv[a++] = "--ignore-config";
		argv[a++] = "--no-progress";
		argv[a++] = "--skip-download";
		argv[a++] = "--write-info-json";
		argv[a++] = "--no-write-playlist-metafiles";
		argv[a++] = "--socket-timeout";
		argv[a++] = "30";
		argv[a++] = "-I";
		argv[a++] = store[2];
		argv[a++] = "--break-match-filters";
		argv[a++] = store[3];
		argv[a++] = "-o";
		argv[a++] = "%(id)s.%(ext)s";
		argv[a++] = "-P";
		argv[a++] = dir;
		argv[a++] = "--";
		argv[a++] = store[4];
		break;
	case DL_GALLERYDL:
		snprintf(store[2], 160, "1-%zu", n);
		/* Python: no leading zeros (datetime(2024, 09, 01) is a
		 * syntax error) */
		snprintf(store[3], 160, "date >= datetime(%lld, %d, %d) or "
		         "abort()", y, mo, d);
		snprintf(store[4], 160, "%s/%s", base, acct->handle);
		argv[a++] = "gallery-dl";
		argv[a++] = "--config-ignore";
		argv[a++] = "--write-metadata";
		argv[a++] = "--no-download";
		argv[a++] = "--range";
		argv[a++] = store[2];
		argv[a++] = "--filter";
		argv[a++] = store[3];
		argv[a++] = "-D";
		argv[a++] = dir;
		argv[a++] = "--";
		argv[a++] = store[4];
		break;
	case DL_INSTALOADER:
		snprintf(store[3], 160, "date_utc >= datetime(%lld, %d, %d)", y,
		         mo, d);
		argv[a++] = "instaloader";
		argv[a++] = "--quiet";
		argv[a++] = "--no-pictures";
		argv[a++] = "--no-videos";
		argv[a++] = "--no-video-thumbnails";
		argv[a++] = "--no-profile-pic";
		argv[a++] = "--no-captions";
		argv[a++] = "--no-compress-json";
		argv[a++] = "--count";
		argv[a++] = store[1];
		argv[a++] = "--post-filter";
		argv[a++] = store[3];
		argv[a++] = "--dirname-pattern";
		argv[a++] = dir;
		argv[a++] = "--filename-pattern";
		argv[a++] = "{date_utc}_UTC";
		argv[a++] = "--";
		argv[a++] = acct->handle;
		break;
	}
	argv[a] = NULL;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The post's time by the importer that will read it; 0 when none. */
static int64_t post_time(const struct dl_kind *k, json_t *doc)
{
	ingest_items items = VEC_INIT;
	const char *when;
	int64_t t = 0;
	int rc = k->tool == DL_YTDLP ? ingest_ytdlp_convert(doc, &items)
	         : k->tool == DL_GALLERYDL
	             ? ingest_gallerydl_convert(doc, &items)
	             : ingest_instaloader_convert(doc, &items);

	if (!rc && items.len && items.items[0].event &&
	    (when = json_string_value(
	         json_object_get(items.items[0].event, "created_at"))) &&
	    ingest_parse_time(&t, when, strlen(when)))
		t = 0;
	ingest_items_free(&items);
	return t;
}

/* Appends one metadata file as a line of page->body, when its post is
 * inside the window (a file that gives no time, or no post, is kept:
 * ingest reports it). */
static int dl_take(struct collect_page *page, const struct dl_kind *k,
                   const char *path, struct collect_env *env, size_t *kept)
{
	json_error_t jerr;
	json_t *doc;
	char *line;
	int64_t t;
	int rc = 0;

	doc = json_load_file(path, INGEST_JSON_FLAGS, &jerr);
	if (!doc) /* kept as it is: ingest rejects it with its reason */
		return 0;
	t = post_time(k, doc);
	if (t && (t < env->window_start ||
	          (env->window_end > 0 && t > env->window_end)))
		goto done;
	if (!(line = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII)))
		rc = err_oom();
	else if (sbuf_puts(&page->body, line) || sbuf_putc(&page->body, '\n'))
		rc = err_oom();
	free(line);
	if (!rc)
		(*kept)++;
done:
	json_decref(doc);
	return rc;
}

/* The metadata files under dir (flat: each tool writes into it), sorted,
 * into page->body. */
static int dl_collect(struct collect_page *page, const struct dl_kind *k,
                      const char *dir, struct collect_env *env, size_t *kept)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	struct stat st;
	size_t n = 0, cap = 0, i, sl = strlen(k->suffix);
	int rc = 0;

	if (!d)
		return err_set(NETRA_EIO, "cannot read %s", dir);
	while (!rc && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char **nn;
		if (l <= sl || strcmp(e->d_name + l - sl, k->suffix) != 0 ||
		    e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(nn = realloc(names, cap * sizeof(*names)))) {
				rc = err_oom();
				break;
			}
			names = nn;
		}
		if (!(names[n] = strdup(e->d_name)))
			rc = err_oom();
		else
			n++;
	}
	closedir(d);
	if (!rc && n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; !rc && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size <= DL_MAX_FILE)
			rc = dl_take(page, k, path, env, kept);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* The last line of the tool's output, for a message. */
static const char *last_line(char *out)
{
	size_t n = strlen(out);
	char *p;

	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	p = strrchr(out, '\n');
	return p ? p + 1 : out;
}

static int dl_fetch(struct collect_page *page, struct collect_env *env,
                    const struct collect_account *acct, const struct dl_kind *k)
{
	struct collect_spawn_limits lim = {0, 0, 0};
	struct collect_spawn_result res;
	const char *argv[24], *tmp = getenv("TMPDIR");
	char store[6][160], dir[1024];
	int64_t from = env->window_start;
	size_t kept = 0;
	int rc;

	page->format = k->format;
	if (page->cursor.since[0] && atoll(page->cursor.since) - DL_DAY > from)
		from = atoll(page->cursor.since) - DL_DAY;
	snprintf(dir, sizeof(dir), "%s/netra-dl-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return err_set(NETRA_ERROR,
		               "%s: cannot make a directory under %s",
		               k->platform, tmp && *tmp ? tmp : "/tmp");
	dl_argv(argv, store, k, env, acct, dir, from);
	/* errors name the platform: the core tells an account's trouble
	 * from its own (a store's) by that */
	if ((rc = collect_spawn_run(&res, argv, dir, &lim)) ||
	    (rc = dl_collect(page, k, dir, env, &kept))) {
		err_wrap(rc, "%s", k->platform);
		goto done;
	}
	if (res.timed_out || res.too_large)
		rc = err_set(NETRA_ERROR,
		             "%s: %s @%s: killed at the %s limit after "
		             "%" PRId64 " ms (%zu files kept)",
		             k->platform, argv[0], acct->handle,
		             res.timed_out ? "time" : "size", res.elapsed_ms,
		             kept);
	else if (!res.exited ||
	         (res.exit_code != 0 &&
	          /* yt-dlp's "stopped by --break-match-filters" */
	          !(k->tool == DL_YTDLP && res.exit_code == 101))) {
		if (env->log)
			fprintf(env->log, "collect %s: %s @%s exited %d: %s\n",
			        k->platform, argv[0], acct->handle,
			        res.exit_code, last_line(res.output));
		if (!kept)
			rc = err_set(NETRA_ERROR, "%s: %s @%s: exit %d: %s",
			             k->platform, argv[0], acct->handle,
			             res.exit_code, last_line(res.output));
	}
	if (!rc) {
		page->done = 1;
		snprintf(page->cursor.since, sizeof(page->cursor.since),
		         "%" PRId64, env->now);
	}
done:
	collect_dir_remove(dir);
	return rc;
}

static int dl_resolve(struct collect_profile *out, struct collect_env *env,
                      const struct collect_account *acct)
{
	(void)env;
	out->status = COLLECT_ACTIVE;
	snprintf(out->handle, sizeof(out->handle), "%s", acct->handle);
	if (acct->uid)
		snprintf(out->uid, sizeof(out->uid), "%s", acct->uid);
	return 0;
}

#define DL_MODULE(id, kind, platform_, name_, base, endpoint)                  \
	static int id##_fetch(                                                 \
	    struct collect_page *page, struct collect_env *env,                \
	    const struct collect_account *acct, const char *ep)                \
	{                                                                      \
		(void)ep;                                                      \
		return dl_fetch(page, env, acct, &kind);                       \
	}                                                                      \
	static const char *const id##_endpoints[] = {endpoint, NULL};          \
	const struct collect_module collect_##id##_module = {                  \
	    .platform = platform_,                                             \
	    .default_base_url = base,                                          \
	    .endpoints = id##_endpoints,                                       \
	    .resolve = dl_resolve,                                             \
	    .fetch = id##_fetch,                                               \
	    .name = name_,                                                     \
	};

DL_MODULE(tiktok_ytdlp, k_tiktok, "tiktok", "tiktok-ytdlp",
          "https://www.tiktok.com", "ytdlp")
DL_MODULE(youtube_ytdlp, k_youtube, "youtube", "youtube-ytdlp",
          "https://www.youtube.com", "ytdlp")
DL_MODULE(x_gallerydl, k_x, "x", "x-gallerydl",
          /* gallery-dl 1.25.3 knows twitter.com, not x.com */
          "https://twitter.com", "gallerydl")
DL_MODULE(instagram_instaloader, k_instagram, "instagram", "ig-instaloader",
          "https://www.instagram.com", "instaloader")
