/*
 * registry/nip.c - validating the NIP (Nomor Induk Pegawai, the 18-digit
 * civil-servant number, Perka BKN 22/2007) and staff keys.
 *
 * Layout: digits 1-8 birth date YYYYMMDD, 9-14 year and month of
 * appointment YYYYMM, 15 sex (1 or 2), 16-18 a sequence. There is no check
 * digit, so validation checks that each part is a real date or value.
 * Non-ASN staff have no NIP; their key is a staff id token (NA-000123).
 */
#include "registry/registry.h"

#include <stdio.h>
#include <string.h>

#include "util/civiltime.h"
#include "util/error.h"

#define NIP_MIN_YEAR 1940
#define NIP_MIN_AGE  17

static int num(const char *d, int len)
{
	int v = 0, i;

	for (i = 0; i < len; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

/* Appends "; " and a formatted problem to buf. */
static void add(char *buf, size_t sz, const char *fmt, int a, int b)
{
	size_t len = strlen(buf);

	if (len && len + 2 < sz) {
		memcpy(buf + len, "; ", 3);
		len += 2;
	}
	if (len < sz)
		snprintf(buf + len, sz - len, fmt, a, b);
}

/* Checks digits 1-8 against the calendar and today (ty, tm, td). */
static void check_birth(char *why, size_t sz, const char *d, int ty, int tm,
                        int td)
{
	int y = num(d, 4), m = num(d + 4, 2), day = num(d + 6, 2);

	if (m < 1 || m > 12 || day < 1 || day > civil_month_days(y, m))
		add(why, sz, "digits 1-8 (birth date %08d) are not a real date",
		    num(d, 8), 0);
	else if (y < NIP_MIN_YEAR || y > ty)
		add(why, sz, "digits 1-8: birth year %d is outside 1940..%d", y,
		    ty);
	else if (y * 10000 + m * 100 + day > ty * 10000 + tm * 100 + td)
		add(why, sz, "digits 1-8: birth date %08d is in the future",
		    num(d, 8), 0);
}

/* Checks digits 9-14 (appointment year-month) against birth and today. */
static void check_appointment(char *why, size_t sz, const char *d, int ty,
                              int tm)
{
	int by = num(d, 4), bm = num(d + 4, 2);
	int ay = num(d + 8, 4), am = num(d + 12, 2);

	if (am < 1 || am > 12)
		add(why, sz,
		    "digits 9-14 (appointment %06d) are not a real year-month",
		    num(d + 8, 6), 0);
	else if (ay * 12 + am > ty * 12 + tm)
		add(why, sz, "digits 9-14: appointment %06d is in the future",
		    num(d + 8, 6), 0);
	else if (ay * 12 + am <= by * 12 + bm)
		add(why, sz,
		    "digits 9-14: appointment %06d is not after the birth "
		    "month %06d",
		    num(d + 8, 6), num(d, 6));
}

/* Today's date at time now, in the easternmost zone (WIT): a birth date
 * or appointment that is today anywhere in Indonesia is not "future". */
static void today(int64_t now, int *y, int *m, int *d)
{
	int64_t yy;

	civil_date(civil_day_of(now, CIVIL_WIT), &yy, m, d);
	*y = yy > 9999 ? 9999 : (int)yy;
}

/* Copies the digits of in[0..n), skipping spaces and dots, into d (up to
 * 18). Returns the digit count, or -1 (with why set) on another char. */
static long strip(char d[REGISTRY_NIP_LEN], const char *in, size_t n, char *why,
                  size_t sz)
{
	size_t i;
	long k = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c == ' ' || c == '.' || c == '\t')
			continue;
		if (c < '0' || c > '9') {
			snprintf(why, sz,
			         "NIP may hold only digits, spaces and dots "
			         "(found '%c')",
			         c >= 0x20 && c < 0x7f ? c : '?');
			return -1;
		}
		if (k < REGISTRY_NIP_LEN)
			d[k] = (char)c;
		k++;
	}
	return k;
}

int registry_nip_check(char out[REGISTRY_NIP_LEN + 1], const char *in, size_t n,
                       int64_t now, int lenient, char *warn, size_t warnsz)
{
	char d[REGISTRY_NIP_LEN], why[512] = "";
	int ty, tm, td, by, bm, ay, am;
	long k;

	out[0] = '\0';
	if (warnsz)
		warn[0] = '\0';
	k = strip(d, in, n, why, sizeof(why));
	if (k < 0)
		return err_set(NETRA_EINVALID, "%s", why);
	if (k != REGISTRY_NIP_LEN)
		return err_set(NETRA_EINVALID,
		               "NIP must have 18 digits, found %ld", k);
	today(now, &ty, &tm, &td);
	check_birth(why, sizeof(why), d, ty, tm, td);
	check_appointment(why, sizeof(why), d, ty, tm);
	if (d[14] != '1' && d[14] != '2')
		add(why, sizeof(why), "digit 15 (sex) must be 1 or 2, not %c",
		    d[14], 0);
	if (why[0] && !lenient)
		return err_set(NETRA_EINVALID, "NIP %.18s: %s", d, why);
	if (!why[0]) {
		by = num(d, 4), bm = num(d + 4, 2);
		ay = num(d + 8, 4), am = num(d + 12, 2);
		if ((ay * 12 + am) - (by * 12 + bm) < NIP_MIN_AGE * 12)
			snprintf(why, sizeof(why),
			         "appointed before age %d (birth %06d, "
			         "appointment %06d)",
			         NIP_MIN_AGE, num(d, 6), num(d + 8, 6));
		if (memcmp(d + 15, "000", 3) == 0)
			add(why, sizeof(why), "sequence (digits 16-18) is 000",
			    0, 0);
	}
	if (why[0] && warnsz)
		snprintf(warn, warnsz, "NIP %.18s: %s", d, why);
	memcpy(out, d, REGISTRY_NIP_LEN);
	out[REGISTRY_NIP_LEN] = '\0';
	return 0;
}

static int key_char_ok(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '/' ||
	       c == '-';
}

int registry_staff_key(char out[REGISTRY_KEY_MAX + 1], int *is_nip,
                       const char *in, size_t n)
{
	char d[REGISTRY_NIP_LEN], why[128];
	size_t i;

	out[0] = '\0';
	*is_nip = 0;
	while (n && (in[0] == ' ' || in[0] == '\t'))
		in++, n--;
	while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (n == 0)
		return err_set(NETRA_EINVALID,
		               "staff key (nip column) is empty");
	if (strip(d, in, n, why, sizeof(why)) == REGISTRY_NIP_LEN) {
		memcpy(out, d, REGISTRY_NIP_LEN);
		out[REGISTRY_NIP_LEN] = '\0';
		*is_nip = 1;
		return 0;
	}
	if (n > REGISTRY_KEY_MAX)
		return err_set(NETRA_EINVALID,
		               "staff id longer than %d characters",
		               REGISTRY_KEY_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (!key_char_ok(c))
			return err_set(NETRA_EINVALID,
			               "staff id '%.*s' may hold only letters, "
			               "digits and . _ / - (found '%c')",
			               (int)n, in,
			               c >= 0x20 && c < 0x7f ? c : '?');
	}
	memcpy(out, in, n);
	out[n] = '\0';
	return 0;
}
