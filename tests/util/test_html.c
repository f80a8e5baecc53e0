/* tests/util/test_html.c - the escaping HTML writer: text and attribute
 * contexts, html_printf's %s, links from outside text, bad UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/html.h"

static void test_text(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	assert_int_equal(html_text(&b, "<script>alert('x') & \"y\"</script>"),
	                 0);
	assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;) &amp; "
	                            "&quot;y&quot;&lt;/script&gt;");
	sbuf_free(&b);
}

static void test_bad_utf8_and_controls(void **state)
{
	struct sbuf b = SBUF_INIT;
	const char in[] = "a\xFF"
	                  "b\x01\x1b[2Jc\xC3\xA9\xE2\x82"
	                  "d\xED\xA0\x80"
	                  "e\n";

	(void)state;
	assert_int_equal(html_textn(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(b.data, "a\xEF\xBF\xBD"
	                            "b[2Jc\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD"
	                            "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	                            "e\n");
	sbuf_free(&b);
}

static void test_printf_escapes_strings(void **state)
{
	struct sbuf b = SBUF_INIT;
	const char *none = getenv("NETRA_TEST_UNSET_VARIABLE");

	(void)state;
	assert_int_equal(html_printf(&b, "<td>%s</td><td>%d %lld %zu %.1f %%</td>",
	                             "<img src=x onerror=alert(1)>", -3,
	                             (long long)1234567890123, (size_t)7, 2.25),
	                 0);
	assert_string_equal(b.data, "<td>&lt;img src=x onerror=alert(1)&gt;</td>"
	                            "<td>-3 1234567890123 7 2.2 %</td>");
	sbuf_clear(&b);
	assert_int_equal(html_printf(&b, "[%s][%5d]", none, 42), 0);
	assert_string_equal(b.data, "[][   42]");
	sbuf_free(&b);
}

static void test_attr_and_href(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	assert_int_equal(html_attr(&b, "value", "\" onfocus=\"x"), 0);
	assert_string_equal(b.data, " value=\"&quot; onfocus=&quot;x\"");
	sbuf_clear(&b);
	assert_int_equal(html_href(&b, "javascript:alert(1)"), 0);
	assert_int_equal(html_href(&b, "//evil.example/"), 0);
	assert_int_equal(html_href(&b, "https://x.example/a?b=1&c=2"), 0);
	assert_int_equal(html_href(&b, "/temuan/4"), 0);
	assert_string_equal(b.data, " href=\"#\" href=\"#\""
	                            " href=\"https://x.example/a?b=1&amp;c=2\""
	                            " href=\"/temuan/4\"");
	sbuf_clear(&b);
	assert_int_equal(html_url_arg(&b, "a b&c=d/\xC3\xA9~"), 0);
	assert_string_equal(b.data, "a%20b%26c%3Dd%2F%C3%A9~");
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_bad_utf8_and_controls),
		cmocka_unit_test(test_printf_escapes_strings),
		cmocka_unit_test(test_attr_and_href),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
