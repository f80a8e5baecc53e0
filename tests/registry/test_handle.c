/*
 * tests/registry/test_handle.c - platform names and handle normalisation
 * (src/registry/handle.c): profile URLs of every platform, @ and case,
 * and the reasons given for what is rejected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "netra/common.h"
#include "netra/registry.h"

static void ok(const char *platform, const char *in, const char *want)
{
	char out[NETRA_HANDLE_MAX + 1];
	int rc =
	    netra_handle_normalize(out, sizeof(out), platform, in, strlen(in));

	if (rc != 0)
		fail_msg("%s '%s': %s", platform, in, netra_error_last());
	if (strcmp(out, want) != 0)
		fail_msg("%s '%s': got '%s', want '%s'", platform, in, out,
		         want);
}

static void bad(const char *platform, const char *in, const char *why)
{
	char out[NETRA_HANDLE_MAX + 1];
	int rc =
	    netra_handle_normalize(out, sizeof(out), platform, in, strlen(in));

	if (rc != NETRA_EINVALID)
		fail_msg("%s '%s' accepted as '%s'", platform, in, out);
	if (!strstr(netra_error_last(), why))
		fail_msg("%s '%s': reason '%s' lacks '%s'", platform, in,
		         netra_error_last(), why);
}

static void test_platforms(void **state)
{
	(void)state;
	assert_string_equal(netra_platform_canonical("X", 1), "x");
	assert_string_equal(netra_platform_canonical(" Twitter ", 9), "x");
	assert_string_equal(netra_platform_canonical("Instagram", 9),
	                    "instagram");
	assert_string_equal(netra_platform_canonical("youtube", 7), "youtube");
	assert_null(netra_platform_canonical("myspace", 7));
	assert_null(netra_platform_canonical("", 0));
	bad("myspace", "abc", "unknown platform");
}

static void test_plain_handles(void **state)
{
	(void)state;
	ok("x", "  @Budi_S  ", "budi_s");
	ok("twitter", "BUDI", "budi");
	ok("instagram", "@Sekar.Ayu", "sekar.ayu");
	ok("tiktok", "@bagus.pram", "bagus.pram");
	ok("youtube", "@Rizal-Jalan_2", "rizal-jalan_2");
	ok("facebook", "intan.lubis", "intan.lubis");
	ok("facebook", "4", "4"); /* numeric profile id */
	/* a handle that merely starts like a host prefix is not a URL */
	ok("instagram", "m.rizky", "m.rizky");
}

static void test_x_urls(void **state)
{
	(void)state;
	ok("x", "https://x.com/Budi_S", "budi_s");
	ok("x", "http://www.twitter.com/budi_s/", "budi_s");
	ok("x", "twitter.com/budi_s?ref=abc", "budi_s");
	ok("x", "https://mobile.twitter.com/Budi_S", "budi_s");
	ok("x", "https://x.com/budi_s/status/1834", "budi_s");
	/* the stable user id (suspended or withheld authors) */
	ok("x", "https://x.com/i/user/1500000000000000001",
	   "id:1500000000000000001");
	ok("x", "twitter.com/i/user/783214/", "id:783214");
	ok("x", "ID:783214", "id:783214");
	bad("x", "https://x.com/i/user/abc", "without a numeric id");
	bad("x", "https://x.com/i/user/", "without a numeric id");
	bad("x", "id:12a", "may hold only");
	bad("instagram", "id:42", "may hold only");
	bad("x", "https://x.com/home", "not a x profile URL");
	bad("x", "https://x.com/", "no profile name");
	bad("x", "https://instagram.com/budi", "a instagram URL");
}

static void test_instagram_urls(void **state)
{
	(void)state;
	ok("instagram", "https://www.instagram.com/Sekar.Ayu/", "sekar.ayu");
	ok("instagram", "instagram.com/sekar.ayu?igsh=xyz", "sekar.ayu");
	ok("instagram", "https://m.instagram.com/sekar_ayu", "sekar_ayu");
	bad("instagram", "https://www.instagram.com/p/Cx12AbC/", "not a");
	bad("instagram", "https://example.com/sekar", "not a instagram");
}

static void test_facebook_urls(void **state)
{
	(void)state;
	ok("facebook", "https://www.facebook.com/Intan.Lubis", "intan.lubis");
	ok("facebook", "https://m.facebook.com/profile.php?id=100012345678",
	   "100012345678");
	ok("facebook", "facebook.com/profile.php?ref=x&id=42", "42");
	ok("facebook", "https://web.facebook.com/intan.lubis/?_rdc=1",
	   "intan.lubis");
	ok("facebook", "https://www.facebook.com/people/Intan-Lubis/1000777/",
	   "1000777");
	bad("facebook", "https://facebook.com/profile.php", "id=");
	bad("facebook", "https://facebook.com/groups/123", "not a");
}

static void test_tiktok_youtube_urls(void **state)
{
	(void)state;
	ok("tiktok", "https://www.tiktok.com/@Bagus.Pram?lang=id",
	   "bagus.pram");
	ok("tiktok", "tiktok.com/@bagus_pram/video/7123", "bagus_pram");
	bad("tiktok", "https://www.tiktok.com/bagus", "tiktok.com/@name");
	ok("youtube", "https://www.youtube.com/@RizalJalanJalan",
	   "rizaljalanjalan");
	ok("youtube", "youtube.com/@rizal/videos", "rizal");
	ok("youtube", "https://m.youtube.com/@rizal.hakim?si=1", "rizal.hakim");
	bad("youtube", "https://www.youtube.com/channel/UCabc", "not a");
	bad("youtube", "https://www.youtube.com/rizal", "youtube.com/@name");
}

static void test_invalid_characters(void **state)
{
	(void)state;
	bad("x", "budi santoso", "only letters");
	bad("x", "budi.s", "only letters");
	bad("x", "abcdefghijklmnop", "1 to 15");
	bad("instagram", "sekar..ayu", "'..'");
	bad("instagram", "sekar.", "end with");
	bad("instagram", "sekar-ayu", "only letters");
	bad("tiktok", "a", "2 to 24");
	bad("facebook", "abc", "5 to 50");
	bad("youtube", "ab", "3 to 30");
	bad("x", "", "empty");
	bad("x", "   ", "empty");
	bad("x", "@", "1 to 15");
	bad("x", "caf\xc3\xa9", "only letters");
}

static void test_small_buffer(void **state)
{
	char out[4];

	(void)state;
	assert_int_equal(
	    netra_handle_normalize(out, sizeof(out), "x", "budi_s", 6),
	    NETRA_EINVALID);
	assert_int_equal(
	    netra_handle_normalize(out, sizeof(out), "x", "bud", 3), 0);
	assert_string_equal(out, "bud");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_platforms),
	    cmocka_unit_test(test_plain_handles),
	    cmocka_unit_test(test_x_urls),
	    cmocka_unit_test(test_instagram_urls),
	    cmocka_unit_test(test_facebook_urls),
	    cmocka_unit_test(test_tiktok_youtube_urls),
	    cmocka_unit_test(test_invalid_characters),
	    cmocka_unit_test(test_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
