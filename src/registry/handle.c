/*
 * registry/handle.c - platform names and account handles in one canonical
 * form, so that registry accounts and event authors compare equal.
 *
 * A handle is stored lower-case (every supported platform treats handles
 * case-insensitively) without '@'. Profile URLs are reduced to the handle:
 * x.com/NAME, twitter.com/NAME, instagram.com/NAME/, facebook.com/NAME or
 * facebook.com/profile.php?id=N, tiktok.com/@NAME, youtube.com/@NAME; the
 * scheme, www./m./mobile./web. prefixes, query and trailing slash are
 * optional. An X account may also be named by its stable user id, as
 * x.com/i/user/N or id:N, stored as "id:N" (no handle holds ':'): the
 * form X importers give a tweet whose author has no username in the
 * response (a suspended or withheld account). Per-platform character and
 * length rules reject typos early.
 */
#include "netra/registry.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

#define URL_MAX 512

struct platform {
	const char *name;
	const char *hosts[3]; /* after www./m./mobile./web. are stripped */
	const char *chars;    /* allowed besides a-z and 0-9 */
	size_t min, max;
	const char *reserved; /* first path segments that are not profiles */
};

static const struct platform platforms[] = {
    {"x",
     {"x.com", "twitter.com", NULL},
     "_",
     1,
     15,
     "|home|i|intent|search|hashtag|explore|settings|share|messages|"
     "notifications|login|"},
    {"instagram",
     {"instagram.com", "instagr.am", NULL},
     "._",
     1,
     30,
     "|p|reel|reels|explore|stories|tv|accounts|direct|"},
    {"facebook",
     {"facebook.com", "fb.com", NULL},
     ".",
     5,
     50,
     "|groups|events|watch|share|sharer.php|story.php|permalink.php|"
     "photo.php|hashtag|login.php|pages|"},
    {"tiktok",
     {"tiktok.com", NULL, NULL},
     "._",
     2,
     24,
     "|tag|music|video|discover|search|"},
    {"youtube",
     {"youtube.com", NULL, NULL},
     "._-",
     3,
     30,
     "|watch|channel|c|user|results|shorts|playlist|"},
};

#define NPLATFORMS (sizeof(platforms) / sizeof(platforms[0]))

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Case-insensitive: does s[0..n) equal the NUL-terminated word? */
static int eq_word(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!word[i] || lower(s[i]) != word[i])
			return 0;
	return word[n] == '\0';
}

static const struct platform *find_platform(const char *name, size_t n)
{
	size_t i;

	while (n && is_space(name[0]))
		name++, n--;
	while (n && is_space(name[n - 1]))
		n--;
	if (eq_word(name, n, "twitter"))
		return &platforms[0];
	for (i = 0; i < NPLATFORMS; i++)
		if (eq_word(name, n, platforms[i].name))
			return &platforms[i];
	return NULL;
}

const char *netra_platform_canonical(const char *name, size_t n)
{
	const struct platform *p = find_platform(name, n);

	return p ? p->name : NULL;
}

/* If s (lower-case) starts with prefix, returns the length, else 0. */
static size_t starts(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? n : 0;
}

/* Length of the host of p that s starts with (followed by '/', '?' or end),
 * or 0. */
static size_t match_host(const struct platform *p, const char *s)
{
	size_t i, n;

	for (i = 0; i < 3 && p->hosts[i]; i++) {
		n = starts(s, p->hosts[i]);
		if (n && (s[n] == '\0' || s[n] == '/' || s[n] == '?'))
			return n;
	}
	return 0;
}

/* Is seg[0..n) one of the |-separated words in list? */
static int in_list(const char *list, const char *seg, size_t n)
{
	const char *q = list;

	while ((q = strstr(q, "|")) && q[1]) {
		if (strncmp(q + 1, seg, n) == 0 && q[1 + n] == '|')
			return 1;
		q++;
	}
	return 0;
}

/* The numeric id of facebook.com/profile.php?id=N in query (from '?'). */
static int fb_profile_id(const char *query, const char **seg, size_t *n)
{
	const char *q = strstr(query, "id=");

	while (q && q != query + 1 && q[-1] != '&')
		q = strstr(q + 1, "id=");
	if (!q)
		return err_set(NETRA_EINVALID, "profile.php URL without id=");
	*seg = q + 3;
	*n = strspn(*seg, "0123456789");
	if (*n == 0)
		return err_set(NETRA_EINVALID,
		               "profile.php id= is not a number");
	return 0;
}

/* Reduces the lower-cased URL s (scheme and prefixes removed, starting at
 * the host of p, hostlen long) to the profile name in *seg, *n. */
static int url_to_name(const struct platform *p, const char *s, size_t hostlen,
                       const char **seg, size_t *n)
{
	const char *path = s + hostlen, *next;

	while (*path == '/')
		path++;
	*seg = path;
	*n = strcspn(path, "/?#");
	if (p == &platforms[2] && eq_word(path, *n, "profile.php"))
		return fb_profile_id(path + *n, seg, n);
	if (p == &platforms[2] && eq_word(path, *n, "people")) {
		/* facebook.com/people/Display-Name/100012345/ */
		next = path + *n;
		next += strspn(next, "/");
		next += strcspn(next, "/?#");
		next += strspn(next, "/");
		*seg = next;
		*n = strcspn(next, "/?#");
		if (*n == 0 || strspn(next, "0123456789") != *n)
			return err_set(
			    NETRA_EINVALID,
			    "facebook people/ URL without a numeric id");
		return 0;
	}
	if (p == &platforms[0] && eq_word(path, *n, "i") &&
	    strncmp(path + 1, "/user/", 6) == 0) {
		/* x.com/i/user/N: rewritten in place as "id:N" */
		next = path + 7;
		*n = strspn(next, "0123456789");
		if (*n == 0 || !strchr("/?#", next[*n]))
			return err_set(
			    NETRA_EINVALID,
			    "x.com/i/user/ URL without a numeric id");
		memmove((char *)path + 4, next, *n);
		memcpy((char *)path + 1, "id:", 3);
		*seg = path + 1;
		*n += 3;
		return 0;
	}
	if (*n == 0)
		return err_set(NETRA_EINVALID, "URL has no profile name");
	if (in_list(p->reserved, *seg, *n))
		return err_set(
		    NETRA_EINVALID,
		    "not a %s profile URL (/%.*s/ is a page, post or "
		    "search; give the account's profile)",
		    p->name, (int)*n, *seg);
	if ((p == &platforms[3] || p == &platforms[4]) && **seg != '@')
		return err_set(NETRA_EINVALID,
		               "a %s profile URL has the form %s/@name",
		               p->name, p->hosts[0]);
	return 0;
}

/* Checks name[0..n) (lower-case, no '@') against the rules of p. */
static int check_chars(const struct platform *p, const char *name, size_t n)
{
	size_t i, digits = 0;

	while (digits < n && name[digits] >= '0' && name[digits] <= '9')
		digits++;

	if (p == &platforms[2] && digits == n && n > 0 && n <= 20)
		return 0; /* a numeric Facebook profile id */
	if (p == &platforms[0] && n > 3 && n <= 23 &&
	    strncmp(name, "id:", 3) == 0) {
		for (i = 3; i < n && name[i] >= '0' && name[i] <= '9';)
			i++;
		if (i == n)
			return 0; /* an X stable user id */
	}
	if (n < p->min || n > p->max)
		return err_set(NETRA_EINVALID,
		               "%s handle must have %zu to %zu characters, not "
		               "%zu",
		               p->name, p->min, p->max, n);
	for (i = 0; i < n; i++) {
		char c = name[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c && strchr(p->chars, c)))
			continue;
		return err_set(NETRA_EINVALID,
		               "%s handle may hold only letters, digits and "
		               "'%s' (found '%c')",
		               p->name, p->chars,
		               c >= 0x20 && c < 0x7f ? c : '?');
	}
	for (i = 0; i + 1 < n && !(name[i] == '.' && name[i + 1] == '.');)
		i++;
	if (strchr(p->chars, '.') && p != &platforms[4] &&
	    (name[0] == '.' || name[n - 1] == '.' || i + 1 < n))
		return err_set(NETRA_EINVALID,
		               "%s handle may not start or end with '.' or "
		               "hold '..'",
		               p->name);
	return 0;
}

/* If s is a URL of another platform, names it in the error. */
static int wrong_host(const struct platform *p, const char *s)
{
	size_t i;

	for (i = 0; i < NPLATFORMS; i++)
		if (&platforms[i] != p && match_host(&platforms[i], s))
			return err_set(NETRA_EINVALID, "a %s URL, not %s",
			               platforms[i].name, p->name);
	return 0;
}

static int any_host(const char *s)
{
	size_t i;

	for (i = 0; i < NPLATFORMS; i++)
		if (match_host(&platforms[i], s))
			return 1;
	return 0;
}

/* Lower-cases in[0..n) into buf and strips scheme and host prefixes;
 * returns the start of what remains and whether it looked like a URL. */
static const char *strip_url(char *buf, const char *in, size_t n, int *url)
{
	static const char *const pre[] = {"www.", "m.", "mobile.", "web."};
	const char *s = buf;
	size_t i, k;

	for (i = 0; i < n; i++)
		buf[i] = lower(in[i]);
	buf[n] = '\0';
	*url = 0;
	if ((k = starts(s, "https://")) || (k = starts(s, "http://"))) {
		s += k;
		*url = 1;
	}
	for (i = 0; i < 4; i++) {
		k = starts(s, pre[i]);
		if (k && any_host(s + k)) {
			s += k;
			break;
		}
	}
	return s;
}

/* Checks name[0..n) loosely, for handles seen in events: anything but
 * spaces, control characters, '/' and '@' inside, within the length cap. */
static int check_loose(const char *name, size_t n)
{
	size_t i;

	if (n == 0)
		return err_set(NETRA_EINVALID, "handle is empty");
	if (n > NETRA_HANDLE_MAX)
		return err_set(NETRA_EINVALID, "handle longer than %d bytes",
		               NETRA_HANDLE_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c <= 0x20 || c == 0x7f || c == '/' || c == '@')
			return err_set(NETRA_EINVALID,
			               "handle holds a space, control character, "
			               "'/' or '@'");
	}
	return 0;
}

static int normalize(char *out, size_t outsz, const char *platform,
                     const char *in, size_t n, int strict)
{
	const struct platform *p;
	char buf[URL_MAX + 1];
	const char *s, *name;
	size_t hl, len;
	int url, rc;

	if (outsz)
		out[0] = '\0';
	p = find_platform(platform, strlen(platform));
	if (!p)
		return err_set(NETRA_EINVALID,
		               "unknown platform '%.32s' (x, instagram, "
		               "facebook, tiktok, youtube)",
		               platform);
	while (n && is_space(in[0]))
		in++, n--;
	while (n && is_space(in[n - 1]))
		n--;
	if (n == 0)
		return err_set(NETRA_EINVALID, "handle is empty");
	if (n > URL_MAX)
		return err_set(NETRA_EINVALID, "handle or URL is too long");
	if (memchr(in, '\0', n))
		return err_set(NETRA_EINVALID, "handle holds a NUL byte");
	s = strip_url(buf, in, n, &url);
	name = s;
	len = strlen(s);
	if ((hl = match_host(p, s))) {
		if ((rc = url_to_name(p, s, hl, &name, &len)))
			return rc;
	} else if ((rc = wrong_host(p, s))) {
		return rc;
	} else if (url || strchr(s, '/')) {
		return err_set(NETRA_EINVALID, "not a %s profile URL", p->name);
	}
	if (len && name[0] == '@')
		name++, len--;
	if ((rc = strict ? check_chars(p, name, len) : check_loose(name, len)))
		return rc;
	if (len + 1 > outsz)
		return err_set(NETRA_EINVALID, "handle too long for buffer");
	memcpy(out, name, len);
	out[len] = '\0';
	return 0;
}

int netra_handle_normalize(char *out, size_t outsz, const char *platform,
                           const char *in, size_t n)
{
	return normalize(out, outsz, platform, in, n, 1);
}

int netra_handle_normalize_loose(char *out, size_t outsz,
                                 const char *platform, const char *in,
                                 size_t n)
{
	return normalize(out, outsz, platform, in, n, 0);
}
