/*
 * tools/dl_fake.c - a stand-in for the downloaders in tests (the real
 * yt-dlp, gallery-dl and instaloader need the platforms' sites, which
 * tests never reach). Two uses:
 *
 *  1. The runner's limits (tests/collect/test_spawn.c):
 *       dl_fake sleep S         sleeps S seconds
 *       dl_fake spawn-sleep F   starts a grandchild that sleeps 60 s,
 *                               writes its pid to F, then sleeps 60 s
 *       dl_fake write N         writes N bytes to ./out.bin, slowly
 *       dl_fake exit N          says so on stderr and exits N
 *       dl_fake argv F          writes each argument on a line of F, and
 *                               the environment after a "--" line
 *  2. Installed under a tool's name (a symbolic link yt-dlp, gallery-dl
 *     or instaloader in a directory put first in PATH), it acts as that
 *     tool for one account: it reads the output directory and the
 *     account from the tool's arguments, as netra's downloader module
 *     passes them, and writes two fictional posts' metadata in the
 *     format the Debian version writes (yt-dlp 2023.03.04 info.json,
 *     gallery-dl 1.25.3 --write-metadata, instaloader 4.9.5 --no-
 *     compress-json), dated an hour and two hours ago (inside any test's
 *     election window). The accounts "lambat" (sleeps 30 s), "besar"
 *     (writes 64 MiB) and "gagal" (exits 1 with the tool's error line)
 *     exercise the limits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* The value after option opt, or NULL. */
static const char *opt(int argc, char **argv, const char *name)
{
	int i;
	size_t n = strlen(name);

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], name) == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
			return argv[i] + n + 1;
	}
	return NULL;
}

/* The account from a profile URL ".../@name[/...]" or a bare name. */
static void account(char *out, size_t size, const char *arg)
{
	const char *at = strstr(arg, "/@"), *s = at ? at + 2 : arg;
	size_t n;

	if (!at && strrchr(arg, '/'))
		s = strrchr(arg, '/') + 1;
	n = strcspn(s, "/?#");
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), s);
}

static int put(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "ERROR: cannot write %s: %s\n", path,
		        strerror(errno));
		return 1;
	}
	fputs(text, f);
	return fclose(f) != 0;
}

static int special(const char *tool, const char *who, const char *dir)
{
	char path[4096];
	FILE *f;
	int i;

	if (strcmp(who, "lambat") == 0) {
		sleep(30);
		return 0;
	}
	if (strcmp(who, "gagal") == 0) {
		fprintf(stderr,
		        "ERROR: [%s] %s: Unable to extract: "
		        "account not available\n",
		        tool, who);
		return 1;
	}
	if (strcmp(who, "besar") == 0) {
		static char block[1 << 16];
		snprintf(path, sizeof(path), "%s/besar.part", dir);
		if (!(f = fopen(path, "w")))
			return 1;
		for (i = 0; i < 1024; i++) {
			fwrite(block, 1, sizeof(block), f);
			fflush(f);
			usleep(2000);
		}
		fclose(f);
		return 0;
	}
	return -1;
}

/* yt-dlp --write-info-json --skip-download -P DIR URL */
static int ytdlp(int argc, char **argv)
{
	const char *dir = opt(argc, argv, "-P"), *url = argv[argc - 1];
	int tiktok = strstr(url, "tiktok") != NULL, i, rc;
	char who[128], name[64], doc[4096], ymd[16];
	time_t now = time(NULL);
	struct tm tm;

	if (!dir)
		return 2;
	account(who, sizeof(who), url);
	if ((rc = special("yt-dlp", who, dir)) >= 0)
		return rc;
	for (i = 1; i <= 2; i++) {
		time_t t = now - i * 3600;
		gmtime_r(&t, &tm);
		strftime(ymd, sizeof(ymd), "%Y%m%d", &tm);
		if (tiktok)
			snprintf(
			    doc, sizeof(doc),
			    "{\"id\": \"74000000000001%05d\", \"title\": "
			    "\"Video %d dari %s\", \"description\": \"Video "
			    "%d dari %s #Pilkada\", \"uploader\": \"%s\", "
			    "\"creator\": \"%s\", \"uploader_id\": "
			    "\"6691488002098119685\", \"uploader_url\": "
			    "\"https://www.tiktok.com/@%s\", \"timestamp\": "
			    "%d, \"upload_date\": \"%s\", "
			    "\"webpage_url\": "
			    "\"https://www.tiktok.com/@%s/video/"
			    "74000000000001%05d\", \"extractor\": \"TikTok\", "
			    "\"extractor_key\": \"TikTok\", \"_type\": "
			    "\"video\", \"epoch\": 1727900000, \"_version\": "
			    "{\"version\": \"2023.03.04\", \"repository\": "
			    "\"yt-dlp/yt-dlp\"}}\n",
			    i, i, who, i, who, who, who, who, (int)t, ymd, who,
			    i);
		else
			snprintf(
			    doc, sizeof(doc),
			    "{\"id\": \"vidfake%04d\", \"title\": \"Vlog %d\", "
			    "\"description\": \"Vlog %d dari @%s\", "
			    "\"uploader\": \"%s\", \"uploader_id\": \"@%s\", "
			    "\"uploader_url\": "
			    "\"https://www.youtube.com/@%s\", "
			    "\"channel_id\": \"UCaaaaaaaaaaaaaaaaaaaaa1\", "
			    "\"channel_url\": "
			    "\"https://www.youtube.com/channel/"
			    "UCaaaaaaaaaaaaaaaaaaaaa1\", \"upload_date\": "
			    "\"%s\", \"webpage_url\": "
			    "\"https://www.youtube.com/watch?v=vidfake%04d\", "
			    "\"extractor\": \"youtube\", \"extractor_key\": "
			    "\"Youtube\", \"_type\": \"video\", \"formats\": "
			    "[{\"format_id\": \"18\"}]}\n",
			    i, i, i, who, who, who, who, ymd, i);
		snprintf(name, sizeof(name), "%d.info.json", i);
		if (put(dir, name, doc))
			return 1;
	}
	return 0;
}

/* gallery-dl --write-metadata --no-download -D DIR URL (X) */
static int gallerydl(int argc, char **argv)
{
	const char *dir = opt(argc, argv, "-D"), *url = argv[argc - 1];
	char who[128], name[64], doc[2048], date[32];
	time_t now = time(NULL), t;
	struct tm tm;
	int i, rc;

	if (!dir)
		return 2;
	account(who, sizeof(who), url);
	if ((rc = special("gallery-dl", who, dir)) >= 0)
		return rc;
	for (i = 1; i <= 2; i++) {
		t = now - i * 3600;
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(
		    doc, sizeof(doc),
		    "{\n    \"tweet_id\": 18340000000000%05d,\n"
		    "    \"retweet_id\": %s,\n    \"quote_id\": 0,\n"
		    "    \"reply_id\": 0,\n    \"conversation_id\": "
		    "18340000000000%05d,\n    \"date\": \"%s\",\n"
		    "    \"author\": {\"id\": 12345, \"name\": "
		    "\"%s\", \"nick\": \"%s\"},\n    \"user\": {\"id\": "
		    "12345, \"name\": \"%s\", \"nick\": \"%s\"},\n"
		    "    \"lang\": \"in\",\n    \"content\": \"Cuitan %d "
		    "dari %s\",\n    \"num\": 1,\n    \"category\": "
		    "\"twitter\",\n    \"subcategory\": \"timeline\",\n"
		    "    \"filename\": \"x\",\n    \"extension\": \"jpg\"\n}\n",
		    i, i == 2 ? "1834000000000099999" : "0", i, date, who, who,
		    who, who, i, who);
		snprintf(name, sizeof(name), "18340000000000%05d_1.jpg.json",
		         i);
		if (put(dir, name, doc))
			return 1;
	}
	return 0;
}

/* instaloader --no-compress-json --dirname-pattern DIR ... PROFILE */
static int instaloader(int argc, char **argv)
{
	const char *dir = opt(argc, argv, "--dirname-pattern");
	char who[128], name[64], doc[2048];
	int i, rc;

	if (!dir)
		return 2;
	account(who, sizeof(who), argv[argc - 1]);
	if ((rc = special("instaloader", who, dir)) >= 0)
		return rc;
	for (i = 1; i <= 2; i++) {
		snprintf(
		    doc, sizeof(doc),
		    "{\"node\": {\"__typename\": \"GraphImage\", \"id\": "
		    "\"31000000000000000%02d\", \"shortcode\": \"CfAkE%04d\", "
		    "\"owner\": {\"id\": \"41000000\", \"username\": \"%s\"}, "
		    "\"taken_at_timestamp\": %d, \"edge_media_to_caption\": "
		    "{\"edges\": [{\"node\": {\"text\": \"Foto %d dari "
		    "%s\"}}]}, \"is_video\": false}, \"instaloader\": "
		    "{\"version\": \"4.9.5\", \"node_type\": \"Post\"}}",
		    i, i, who, (int)(time(NULL) - i * 3600), i, who);
		snprintf(name, sizeof(name), "post-%d_UTC.json", i);
		if (put(dir, name, doc))
			return 1;
	}
	return 0;
}

static int modes(int argc, char **argv)
{
	FILE *f;
	int i;

	if (argc < 3)
		return 2;
	if (strcmp(argv[1], "sleep") == 0) {
		sleep((unsigned)atoi(argv[2]));
		return 0;
	}
	if (strcmp(argv[1], "exit") == 0) {
		fprintf(stderr, "dl_fake: exiting with %s\n", argv[2]);
		return atoi(argv[2]);
	}
	if (strcmp(argv[1], "write") == 0) {
		static char block[4096];
		long n = atol(argv[2]);
		if (!(f = fopen("out.bin", "w")))
			return 1;
		for (; n > 0; n -= (long)sizeof(block)) {
			fwrite(block, 1,
			       n < (long)sizeof(block) ? (size_t)n
			                               : sizeof(block),
			       f);
			fflush(f);
			usleep(1000);
		}
		return fclose(f) != 0;
	}
	if (strcmp(argv[1], "spawn-sleep") == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			execlp("sleep", "sleep", "60", (char *)NULL);
			_exit(127);
		}
		if (!(f = fopen(argv[2], "w")))
			return 1;
		fprintf(f, "%d\n", (int)pid);
		fclose(f);
		sleep(60);
		return 0;
	}
	if (strcmp(argv[1], "argv") == 0) {
		char **e;
		if (!(f = fopen(argv[2], "w")))
			return 1;
		for (i = 0; i < argc; i++)
			fprintf(f, "%s\n", argv[i]);
		fputs("--\n", f);
		for (e = environ; *e; e++)
			fprintf(f, "%s\n", *e);
		return fclose(f) != 0;
	}
	return 2;
}

int main(int argc, char **argv)
{
	const char *me = base(argv[0]);

	if (strcmp(me, "yt-dlp") == 0)
		return ytdlp(argc, argv);
	if (strcmp(me, "gallery-dl") == 0)
		return gallerydl(argc, argv);
	if (strcmp(me, "instaloader") == 0)
		return instaloader(argc, argv);
	return modes(argc, argv);
}
