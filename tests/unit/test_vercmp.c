/*
 * vercmp.c: the order of agent and extension versions, which decides
 * whether an agent is older than a fix, and version_valid().
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vercmp.h"

/* The sign of vercmp(a, b), checked both ways round. */
static void
assert_order(const char *a, const char *b, int want)
{
	int r = vercmp(a, b), back = vercmp(b, a);

	if ((r > 0) - (r < 0) != want)
		fail_msg("vercmp(\"%s\", \"%s\") = %d, want sign %d", a, b,
		    r, want);
	if ((back > 0) - (back < 0) != -want)
		fail_msg("vercmp(\"%s\", \"%s\") = %d, want sign %d", b, a,
		    back, -want);
}

static void
test_equal(void **state)
{
	(void)state;
	assert_order("2.2.53", "2.2.53", 0);
	assert_order("1.0.9220.0", "1.0.9220.0", 0);
	/* A missing component counts as zero. */
	assert_order("2.2.53", "2.2.53.0", 0);
	assert_order("2", "2.0.0.0", 0);
	assert_order("", "", 0);
	assert_order("0", "", 0);
}

static void
test_order(void **state)
{
	(void)state;
	assert_order("2.2.53.1", "2.2.53", 1);
	assert_order("2.2.52", "2.2.53", -1);
	/* Numeric, not textual: 10 > 9, 100 > 99. */
	assert_order("2.10.0.8", "2.9.1.1", 1);
	assert_order("1.0.100", "1.0.99", 1);
	assert_order("2.2.9", "2.2.10", -1);
	assert_order("1.0.9220.0", "1.0.10000.0", -1);
	/* The first difference decides, later components do not. */
	assert_order("3.0", "2.99.99.99", 1);
	assert_order("2.2.53.1", "2.2.53.0.9", 1);
	/* Any version is newer than nothing. */
	assert_order("0.0.1", "", 1);
}

static void
test_prefix_v(void **state)
{
	(void)state;
	assert_order("v2.2.53", "2.2.53", 0);
	assert_order("V2.2.53", "v2.2.53", 0);
	assert_order("v2.10", "2.9", 1);
	/* Only one leading v is dropped. */
	assert_order("vv1", "1", -1);
}

static void
test_leading_zeros(void **state)
{
	(void)state;
	assert_order("2.02", "2.2", 0);
	assert_order("2.0010", "2.10", 0);
	assert_order("2.00", "2.0", 0);
	assert_order("2.000", "2", 0);
	assert_order("2.010", "2.9", 1);
	assert_order("02.1", "1.99", 1);
}

static void
test_huge_components(void **state)
{
	(void)state;
	/* Longer than any integer type: compared without overflow. */
	assert_order("1.99999999999999999999999999",
	    "1.99999999999999999999999998", 1);
	assert_order("1.100000000000000000000", "1.99999999999999999999", 1);
	assert_order("1.000000000000000000000000001", "1.1", 0);
	assert_order("18446744073709551616", "18446744073709551615", 1);
}

static void
test_text_components(void **state)
{
	(void)state;
	/* The text after a component's digits: a suffix is a pre-release,
	 * older than the bare number, and suffixes compare as text. */
	assert_order("1.0rc1", "1.0rc2", -1);
	assert_order("1.0rc1", "1.0", -1);
	assert_order("1.0rc1", "1.0rc1", 0);
	assert_order("1.0rc", "1.0rc1", -1);
	assert_order("1.0.a", "1.0.b", -1);
	/* A component without digits sorts below any number. */
	assert_order("1.0.x", "1.0.0", -1);
	assert_order("abc", "0", -1);
}

static void
test_garbage(void **state)
{
	(void)state;
	/* Nothing here must crash or loop; the results only need to be a
	 * consistent order. */
	assert_order("1..2", "1..2", 0);
	assert_order("...", "...", 0);
	assert_order("1.", "1", 0);
	/* An empty component is not a zero: it sorts below one. */
	assert_order(".", "", -1);
	assert_order("1..2", "1.0.2", -1);
	assert_order("-1", "-1", 0);
	assert_order("1.2.3-beta", "1.2.3-beta", 0);
	assert_order("2.2.53 (Goal state agent: 2.9.1.1)", "2.2.53", -1);
	assert_order("\xff\xfe", "1", -1);
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(version_valid("2.2.53"));
	assert_true(version_valid("2.2.53.1"));
	assert_true(version_valid("1.0.9220.0"));
	assert_true(version_valid("0"));
	assert_true(version_valid("v2.9.1.1"));
	assert_true(version_valid("V1"));
	assert_true(version_valid("007"));
}

static void
test_invalid(void **state)
{
	(void)state;
	assert_false(version_valid(""));
	assert_false(version_valid("v"));
	assert_false(version_valid("."));
	assert_false(version_valid(".1"));
	assert_false(version_valid("1."));
	assert_false(version_valid("1..2"));
	assert_false(version_valid("1.2."));
	assert_false(version_valid("1.2a"));
	assert_false(version_valid("1.0rc1"));
	assert_false(version_valid("a.b"));
	assert_false(version_valid("vv1"));
	assert_false(version_valid(" 1.2"));
	assert_false(version_valid("1.2 "));
	assert_false(version_valid("-1"));
	assert_false(version_valid("1,2"));
	assert_false(version_valid("2.2.53\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_prefix_v),
		cmocka_unit_test(test_leading_zeros),
		cmocka_unit_test(test_huge_components),
		cmocka_unit_test(test_text_components),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
