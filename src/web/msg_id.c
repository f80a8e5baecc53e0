/*
 * web/msg_id.c - the library's refusals in Bahasa Indonesia for the
 * pages. workflow/ sets its error messages in English, for the operator's
 * command line; a page that shows why an action was refused (users,
 * own password) passes the message through web_msg_id(), which matches it
 * against the known messages (a '*' in a pattern takes any text, given
 * back as $1, $2) and writes the Indonesian one. A message it does not
 * know becomes a general Indonesian sentence: no English reaches a page.
 */
#include <stdio.h>
#include <string.h>

#include "web/web_int.h"

static const struct {
	const char *en, *id;
} msgs[] = {
    {"password too short (at least * characters)",
     "kata sandi terlalu pendek (paling sedikit $1 karakter)"},
    {"password is only white space", "kata sandi hanya berisi spasi"},
    {"password too weak: fewer than 4 different characters",
     "kata sandi terlalu lemah: kurang dari 4 karakter yang berbeda"},
    {"password contains the user name", "kata sandi memuat nama pengguna"},
    {"the new password is the current one",
     "kata sandi baru sama dengan kata sandi sekarang"},
    {"user '*' may not do this to themself",
     "pengguna '$1' tidak dapat melakukan ini pada dirinya sendiri"},
    {"no active user '*'", "tidak ada pengguna aktif '$1'"},
    {"no user '*'", "tidak ada pengguna '$1'"},
    {"user '*' (*) may not manage users; only bkpp users may",
     "pengguna '$1' ($2) tidak boleh mengelola pengguna; hanya pengguna "
     "BKPP yang boleh"},
    {"user '*' (*) may not add users; only bkpp users may",
     "pengguna '$1' ($2) tidak boleh menambah pengguna; hanya pengguna "
     "BKPP yang boleh"},
    {"user '*' has not all units, so may not give them",
     "pengguna '$1' tidak memegang semua unit, jadi tidak dapat "
     "memberikannya"},
    {"the unit is outside the units of user '*' (*)",
     "unit itu di luar unit pengguna '$1' ($2)"},
    {"no unit with code '*'", "tidak ada unit dengan kode '$1'"},
    {"user '*' exists", "pengguna '$1' sudah ada"},
    {"user name '*': use 1-63 letters, digits, '.', '_' or '-'",
     "nama pengguna '$1': gunakan 1-63 huruf, angka, '.', '_' atau '-'"},
    {"user name '*' is reserved for netra itself in the audit log",
     "nama pengguna '$1' dipakai netra sendiri di log audit"},
    {"unknown role", "peran tidak dikenal"},
    {"an opd user reviews its own units; only bkpp and bawaslu users may "
     "have all units",
     "pengguna OPD meninjau unitnya sendiri; hanya pengguna BKPP dan "
     "Bawaslu yang boleh memegang semua unit"},
    {"'*' is not an e-mail address", "'$1' bukan alamat surel"},
    {"no employee with NIP or staff id '*'",
     "tidak ada pegawai dengan NIP atau nomor pegawai '$1'"},
};

#define NCAP 2

/* Matches s against pattern p; caps[i] = start and length of each '*'.
 * A '*' takes the shortest text after which the rest still matches. */
static int match(const char *p, const char *s, const char *caps[NCAP],
                 size_t lens[NCAP], int k)
{
	const char *t;

	for (; *p && *p != '*'; p++, s++)
		if (*p != *s)
			return 0;
	if (!*p)
		return !*s;
	if (k >= NCAP)
		return 0;
	for (t = s; ; t++) {
		if (match(p + 1, t, caps, lens, k + 1)) {
			caps[k] = s;
			lens[k] = (size_t)(t - s);
			return 1;
		}
		if (!*t)
			return 0;
	}
}

static void expand(char *out, size_t size, const char *tpl,
                   const char *caps[NCAP], const size_t lens[NCAP])
{
	size_t n = 0;
	int k;

	for (; *tpl && n + 1 < size; tpl++) {
		if (tpl[0] == '$' && (tpl[1] == '1' || tpl[1] == '2')) {
			k = tpl[1] - '1';
			n += (size_t)snprintf(out + n, size - n, "%.*s",
			                      (int)lens[k], caps[k]);
			if (n >= size)
				n = size - 1;
			tpl++;
			continue;
		}
		out[n++] = *tpl;
	}
	out[n] = '\0';
}

const char *web_msg_id(char *out, size_t size, const char *msg)
{
	const char *caps[NCAP] = {"", ""};
	size_t lens[NCAP] = {0, 0}, i;

	for (i = 0; msg && i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (match(msgs[i].en, msg, caps, lens, 0)) {
			expand(out, size, msgs[i].id, caps, lens);
			return out;
		}
	snprintf(out, size, "permintaan tidak dapat diproses");
	return out;
}
