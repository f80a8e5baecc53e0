/*
 * collect/modules.c - the platform modules linked into netra, and the
 * small helpers every module shares (collector.h). Adding a platform is
 * adding its file and one line to collect_modules[].
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "collect/collector.h"
#include "collect/x.h"
#include "util/civiltime.h"
#include "util/error.h"

extern const struct collect_module collect_instagram_module,
    collect_facebook_module, collect_tiktok_module, collect_youtube_module,
    collect_tiktok_ytdlp_module, collect_youtube_ytdlp_module,
    collect_x_gallerydl_module, collect_instagram_instaloader_module;

const struct collect_module *const collect_modules[] = {
    &collect_x_module,
    &collect_instagram_module,
    &collect_facebook_module,
    &collect_tiktok_module,
    &collect_youtube_module,
    &collect_tiktok_ytdlp_module,
    &collect_youtube_ytdlp_module,
    &collect_x_gallerydl_module,
    &collect_instagram_instaloader_module,
    NULL,
};

const struct collect_module *collect_module_find(const char *name)
{
	const struct collect_module *m;
	size_t i;

	for (i = 0; (m = collect_modules[i]); i++)
		if (strcmp(m->name ? m->name : m->platform, name) == 0)
			return m;
	return NULL;
}

const char *collect_status_name(collect_status s)
{
	static const char *const names[] = {"active",    "renamed",
	                                    "private",   "suspended",
	                                    "gone",      "maybe_renamed"};

	return (unsigned)s < COLLECT_STATUS__COUNT ? names[s] : "?";
}

int collect_delete_event(struct sbuf *b, const char *platform,
                         const char *handle, const char *post_id,
                         int64_t seen_at, const char *detail_json)
{
	char when[32];
	size_t pl = strlen(platform), hl = strlen(handle),
	       il = strlen(post_id);

	civil_time_format_utc(when, sizeof(when), seen_at);
	if (sbuf_puts(b, "{\"platform\":") || sbuf_json_str(b, platform, pl) ||
	    sbuf_puts(b, ",\"id\":\"delete:") ||
	    sbuf_json_escape(b, post_id, il) ||
	    sbuf_puts(b, "\",\"type\":\"delete\",\"account\":") ||
	    sbuf_json_str(b, handle, hl) ||
	    sbuf_printf(b, ",\"created_at\":\"%s\",\"target\":{\"id\":",
	                when) ||
	    sbuf_json_str(b, post_id, il) || sbuf_putc(b, '}'))
		return err_oom();
	if (detail_json && *detail_json &&
	    (sbuf_puts(b, ",\"seen_gone\":") || sbuf_puts(b, detail_json)))
		return err_oom();
	if (sbuf_puts(b, "}\n"))
		return err_oom();
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int collect_id_cmp(const char *a, const char *b)
{
	size_t la, lb;

	if (!all_digits(a) || !all_digits(b))
		return strcmp(a, b);
	while (*a == '0' && a[1])
		a++;
	while (*b == '0' && b[1])
		b++;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}
