/*
 * timeparse.c: every timestamp shape at the start of a log line, offsets
 * turned into UTC, local times kept as read, and the strings that must
 * not pass for a time.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "timeparse.h"

#define US(y, mo, d, h, mi, s) \
	(vtime_from_civil((y), (mo), (d), (h), (mi), (s)) * 1000000)

/* Parses the prefix of s and checks what was found. */
static void
assert_prefix(const char *s, size_t want_len, enum vtime_shape want_shape,
    enum vtime_zone want_zone, int64_t want_us)
{
	struct vtime t;
	enum vtime_shape sh = VSHAPE_NONE;
	size_t len;

	memset(&t, 0, sizeof t);
	len = timeparse_prefix(s, strlen(s), &t, &sh);
	if (len != want_len)
		fail_msg("\"%s\": length %zu, want %zu", s, len, want_len);
	assert_int_equal(sh, want_shape);
	assert_int_equal(t.zone, want_zone);
	assert_int_equal(t.us, want_us);
}

static void
assert_no_prefix(const char *s)
{
	struct vtime t;
	enum vtime_shape sh = VSHAPE_NONE;
	size_t len;

	len = timeparse_prefix(s, strlen(s), &t, &sh);
	if (len != 0)
		fail_msg("\"%s\" parsed as a time of %zu bytes", s, len);
}

/* The formatted result of parsing the prefix of s. */
static void
assert_prefix_formats(const char *s, const char *want)
{
	struct vtime t;
	char buf[32];

	if (timeparse_prefix(s, strlen(s), &t, NULL) == 0)
		fail_msg("\"%s\" not parsed", s);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
test_civil(void **state)
{
	(void)state;
	assert_int_equal(vtime_from_civil(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(vtime_from_civil(2000, 3, 1, 0, 0, 0), 951868800);
	assert_int_equal(vtime_from_civil(2024, 2, 29, 12, 0, 0),
	    1709208000);
	assert_int_equal(vtime_from_civil(2038, 1, 19, 3, 14, 8),
	    2147483648LL);
}

static void
test_iso_t(void **state)
{
	(void)state;
	assert_prefix("2023-10-27T07:57:10.702114Z INFO ExtHandler", 27,
	    VSHAPE_ISO_T, VTIME_UTC, US(2023, 10, 27, 7, 57, 10) + 702114);
	assert_prefix("2024-01-14T22:16:48Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 1, 14, 22, 16, 48));
	/* No Z: the time is kept as read, marked local. */
	assert_prefix("2024-01-14T22:16:48 x", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14T22:16:48.5Z", 22, VSHAPE_ISO_T,
	    VTIME_UTC, US(2024, 1, 14, 22, 16, 48) + 500000);
	assert_prefix_formats("2023-10-27T07:57:10.702114Z",
	    "2023-10-27T07:57:10.702114Z");
	/* A leap second is a time. */
	assert_prefix("2016-12-31T23:59:60Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2017, 1, 1, 0, 0, 0));
	assert_prefix("2024-02-29T00:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 2, 29, 0, 0, 0));
}

static void
test_iso_space(void **state)
{
	(void)state;
	assert_prefix("2024-01-14 22:16:48.796446 INFO", 26,
	    VSHAPE_ISO_SPACE, VTIME_LOCAL,
	    US(2024, 1, 14, 22, 16, 48) + 796446);
	assert_prefix("2024-01-14 22:16:48,123 INFO", 19, VSHAPE_ISO_SPACE,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14 22:16:48Z", 20, VSHAPE_ISO_SPACE,
	    VTIME_UTC, US(2024, 1, 14, 22, 16, 48));
	assert_prefix_formats("2024-01-14 22:16:48.796446 INFO",
	    "2024-01-14T22:16:48.796446");
}

static void
test_fraction(void **state)
{
	(void)state;
	assert_prefix("2024-01-14T22:16:48.1Z", 22, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 1, 14, 22, 16, 48) + 100000);
	assert_prefix("2024-01-14T22:16:48.000001Z", 27, VSHAPE_ISO_T,
	    VTIME_UTC, US(2024, 1, 14, 22, 16, 48) + 1);
	/* Nanoseconds are cut to microseconds. */
	assert_prefix("2024-01-14T22:16:48.123456789Z", 30, VSHAPE_ISO_T,
	    VTIME_UTC, US(2024, 1, 14, 22, 16, 48) + 123456);
	/* More than nine digits is not a fraction: left unparsed. */
	assert_prefix("2024-01-14T22:16:48.1234567890Z", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	/* A dot without digits is not a fraction. */
	assert_prefix("2024-01-14T22:16:48.Z", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
}

static void
test_offsets(void **state)
{
	(void)state;
	assert_prefix("2024-01-14T22:16:48+02:00 x", 25, VSHAPE_ISO_T,
	    VTIME_UTC, US(2024, 1, 14, 20, 16, 48));
	assert_prefix("2024-01-14T22:16:48-05:30 x", 25, VSHAPE_ISO_T,
	    VTIME_UTC, US(2024, 1, 15, 3, 46, 48));
	/* rsyslog's and dnf's shapes: with a fraction, without a colon. */
	assert_prefix("2024-01-14T00:16:48.250000+0100 host", 31,
	    VSHAPE_ISO_T, VTIME_UTC, US(2024, 1, 13, 23, 16, 48) + 250000);
	assert_prefix("2024-01-14 22:16:48+00:00", 25, VSHAPE_ISO_SPACE,
	    VTIME_UTC, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14T22:16:48+14:00", 25, VSHAPE_ISO_T,
	    VTIME_UTC, US(2024, 1, 14, 8, 16, 48));
	assert_prefix_formats("2024-03-01T01:00:00+02:00",
	    "2024-02-29T23:00:00Z");
	assert_prefix_formats("2023-12-31T23:30:00-01:00",
	    "2024-01-01T00:30:00Z");
}

static void
test_offsets_malformed(void **state)
{
	(void)state;
	/* Not an offset: the time stays local and the rest unparsed. */
	assert_prefix("2024-01-14T22:16:48+15:00", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14T22:16:48+02:60", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14T22:16:48+02:0", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14T22:16:48+2", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	assert_prefix("2024-01-14T22:16:48+ab:cd", 19, VSHAPE_ISO_T,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
	/* "2024-01-14 22:16:48 -0500" has a space: not an offset either. */
	assert_prefix("2024-01-14 22:16:48 -0500", 19, VSHAPE_ISO_SPACE,
	    VTIME_LOCAL, US(2024, 1, 14, 22, 16, 48));
}

static void
test_slash(void **state)
{
	(void)state;
	assert_prefix("2017/12/11 09:24:48.409157 INFO Daemon", 26,
	    VSHAPE_SLASH, VTIME_LOCAL, US(2017, 12, 11, 9, 24, 48) + 409157);
	assert_prefix("2017/12/11 09:24:48 INFO", 19, VSHAPE_SLASH,
	    VTIME_LOCAL, US(2017, 12, 11, 9, 24, 48));
	/* The old agent never wrote an offset: one is not taken. */
	assert_prefix("2017/12/11 09:24:48+02:00", 19, VSHAPE_SLASH,
	    VTIME_LOCAL, US(2017, 12, 11, 9, 24, 48));
	assert_prefix_formats("2017/12/11 09:24:48.409157",
	    "2017-12-11T09:24:48.409157");
	/* "T" is not a separator of the slash shape. */
	assert_no_prefix("2017/12/11T09:24:48");
	/* Mixed separators are no shape at all. */
	assert_no_prefix("2017-12/11 09:24:48");
	assert_no_prefix("2017/12-11 09:24:48");
}

static void
test_date_utc(void **state)
{
	(void)state;
	assert_prefix("Tue Jan 14 22:16:40 UTC 2024", 28, VSHAPE_DATE_UTC,
	    VTIME_UTC, US(2024, 1, 14, 22, 16, 40));
	/* date pads a one-digit day with a space. */
	assert_prefix("Thu Feb  1 01:02:03 UTC 2024\n", 28, VSHAPE_DATE_UTC,
	    VTIME_UTC, US(2024, 2, 1, 1, 2, 3));
	assert_prefix("Sun Dec 31 23:59:59 UTC 2023 trailing", 28,
	    VSHAPE_DATE_UTC, VTIME_UTC, US(2023, 12, 31, 23, 59, 59));
	assert_prefix_formats("Tue Jan 14 22:16:40 UTC 2024",
	    "2024-01-14T22:16:40Z");

	assert_no_prefix("Tue Foo 14 22:16:40 UTC 2024");
	assert_no_prefix("Tue jan 14 22:16:40 UTC 2024");
	assert_no_prefix("Tue Jan 14 22:16:40 CET 2024");
	assert_no_prefix("Tue Jan 14 22:16:40 UTC 24");
	assert_no_prefix("Tue Jan 14 22:16:40 UTC");
	assert_no_prefix("Tue Jan 14 22:16 UTC 2024");
	assert_no_prefix("Tue Jan 32 22:16:40 UTC 2024");
	assert_no_prefix("Tue Jan 14 25:16:40 UTC 2024");
	assert_no_prefix("Tue Jan 14 22:16:40 UTC 1969");
	assert_no_prefix("TueJan 14 22:16:40 UTC 20245");
}

static void
test_invalid_fields(void **state)
{
	(void)state;
	assert_no_prefix("2024-13-01T00:00:00Z");
	assert_no_prefix("2024-00-01T00:00:00Z");
	assert_no_prefix("2024-01-32T00:00:00Z");
	assert_no_prefix("2024-01-00T00:00:00Z");
	assert_no_prefix("2024-01-01T24:00:00Z");
	assert_no_prefix("2024-01-01T23:60:00Z");
	assert_no_prefix("2024-01-01T23:59:61Z");
	assert_no_prefix("1969-12-31T23:59:59Z");
	assert_no_prefix("0000-01-01T00:00:00Z");
	assert_no_prefix("2024-1-01T00:00:00Z");
	assert_no_prefix("2024-01-1T00:00:00Z");
	assert_no_prefix("2024-01-01T0:00:00Z");
	assert_no_prefix("2024-01-01T00:0a:00Z");
	assert_no_prefix("2024-01-01t00:00:00Z");
	assert_no_prefix("2024-01-01_00:00:00Z");
	assert_no_prefix("-024-01-01T00:00:00Z");
	assert_no_prefix("+2024-01-01T00:00:00Z");
	assert_no_prefix(" 2024-01-01T00:00:00Z");
}

/* The day of the date last read is kept: a time on the same date is
 * still checked field by field and gets its own seconds, and a date that
 * differs by its separators alone is read anew. */
static void
test_same_date(void **state)
{
	(void)state;
	assert_prefix("2024-02-29T10:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 2, 29, 10, 0, 0));
	assert_prefix("2024-02-29T23:59:60Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 2, 29, 23, 59, 60));
	assert_no_prefix("2024-02-29T24:00:00Z");
	assert_no_prefix("2024-02-29T23:60:00Z");
	assert_no_prefix("2024-02-29T23:59:61Z");
	assert_no_prefix("2024-02-29T2a:00:00Z");
	assert_no_prefix("2024-02-29T23:5a:00Z");
	assert_no_prefix("2024-02-29T23:59:a0Z");
	/* A date other than the kept one is checked digit by digit. */
	assert_no_prefix("2024-02-2aT23:59:00Z");
	assert_no_prefix("2a24-02-29T23:59:00Z");
	assert_prefix("2024-02-29 00:00:01", 19, VSHAPE_ISO_SPACE,
	    VTIME_LOCAL, US(2024, 2, 29, 0, 0, 1));
	assert_prefix("2024/02/29 00:00:02", 19, VSHAPE_SLASH, VTIME_LOCAL,
	    US(2024, 2, 29, 0, 0, 2));
	assert_no_prefix("2023-02-29T10:00:00Z");
	assert_prefix("2024-03-01T00:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 3, 1, 0, 0, 0));
	assert_prefix("2024-02-29T10:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 2, 29, 10, 0, 0));
}

static void
test_invalid_dates(void **state)
{
	(void)state;
	/* Days that do not exist in their month. */
	assert_no_prefix("2024-02-30T00:00:00Z");
	assert_no_prefix("2023-02-29T00:00:00Z");
	assert_no_prefix("2100-02-29T00:00:00Z");
	assert_no_prefix("2024-04-31 00:00:00");
	assert_no_prefix("2024/06/31 00:00:00");
	assert_no_prefix("Fri Feb 30 00:00:00 UTC 2024");
	/* ... and the ones that do. */
	assert_prefix("2000-02-29T00:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2000, 2, 29, 0, 0, 0));
	assert_prefix("2024-12-31T00:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 12, 31, 0, 0, 0));
	assert_prefix("2024-04-30T00:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC,
	    US(2024, 4, 30, 0, 0, 0));
}

static void
test_years(void **state)
{
	(void)state;
	assert_prefix("9999-12-31T23:59:59.999999Z", 27, VSHAPE_ISO_T,
	    VTIME_UTC, US(9999, 12, 31, 23, 59, 59) + 999999);
	assert_prefix_formats("9999-12-31T23:59:59.999999Z",
	    "9999-12-31T23:59:59.999999Z");
	assert_prefix("1970-01-01T00:00:00Z", 20, VSHAPE_ISO_T, VTIME_UTC, 0);
	/* Five-digit and longer years are not times a VM wrote. */
	assert_no_prefix("10000-01-01T00:00:00Z");
	assert_no_prefix("99999999999-01-01T00:00:00Z");
}

static void
test_truncated(void **state)
{
	static const char full[] = "2023-10-27T07:57:10.702114Z";
	static const char date[] = "Tue Jan 14 22:16:40 UTC 2024";
	struct vtime t;
	enum vtime_shape sh;
	size_t n;

	(void)state;
	assert_no_prefix("");
	assert_no_prefix("2");
	assert_no_prefix("2024-01-14");
	assert_no_prefix("2024-01-14T22:16");
	assert_no_prefix("2024-01-14T22:16:4");
	/* Every cut of a good time: never a read past n, and the date and
	 * time part must be whole. */
	for (n = 0; n < sizeof full - 1; n++) {
		memset(&t, 0, sizeof t);
		if (n < 19)
			assert_int_equal(timeparse_prefix(full, n, &t, &sh), 0);
		else
			assert_true(timeparse_prefix(full, n, &t, &sh) <= n);
	}
	/* A cut in the fraction keeps the digits before it. */
	assert_int_equal(timeparse_prefix(full, 22, &t, &sh), 22);
	assert_int_equal(t.zone, VTIME_LOCAL);
	assert_int_equal(t.us, US(2023, 10, 27, 7, 57, 10) + 700000);
	for (n = 0; n < sizeof date - 1; n++)
		assert_int_equal(timeparse_prefix(date, n, &t, &sh), 0);
	assert_int_equal(timeparse_prefix(date, sizeof date - 1, &t, &sh),
	    28);
}

static void
test_shape_optional(void **state)
{
	struct vtime t;

	(void)state;
	/* The shape pointer may be NULL for every shape. */
	assert_int_equal(timeparse_prefix("2024-01-14T22:16:48Z", 20, &t,
	    NULL), 20);
	assert_int_equal(timeparse_prefix("Tue Jan 14 22:16:40 UTC 2024",
	    28, &t, NULL), 28);
	assert_int_equal(t.zone, VTIME_UTC);
}

static void
test_string(void **state)
{
	struct vtime t;

	(void)state;
	assert_int_equal(timeparse_string("2024-03-01T02:00:10Z", &t), 0);
	assert_int_equal(t.zone, VTIME_UTC);
	assert_int_equal(t.us, US(2024, 3, 1, 2, 0, 10));
	assert_int_equal(timeparse_string("2024-03-01T02:00:10+00:00", &t),
	    0);
	assert_int_equal(t.zone, VTIME_UTC);
	assert_int_equal(timeparse_string("2024-03-01 02:00:10.5", &t), 0);
	assert_int_equal(t.zone, VTIME_LOCAL);
	assert_int_equal(t.us, US(2024, 3, 1, 2, 0, 10) + 500000);
	/* A bare date is midnight, local. */
	assert_int_equal(timeparse_string("2024-03-01", &t), 0);
	assert_int_equal(t.zone, VTIME_LOCAL);
	assert_int_equal(t.us, US(2024, 3, 1, 0, 0, 0));

	/* Anything after the time makes it not a time string. */
	assert_int_equal(timeparse_string("2024-03-01T02:00:10Z ", &t), -1);
	assert_int_equal(timeparse_string("2024-03-01T02:00:10ZZ", &t), -1);
	assert_int_equal(timeparse_string("2024-03-01 ", &t), -1);
	assert_int_equal(timeparse_string("2024-13-01", &t), -1);
	assert_int_equal(timeparse_string("2024-02-30", &t), -1);
	assert_int_equal(timeparse_string("2024/03/01", &t), -1);
	assert_int_equal(timeparse_string("", &t), -1);
	assert_int_equal(timeparse_string("yesterday", &t), -1);
	assert_int_equal(timeparse_string("/Date(1709258400000)/", &t), -1);
}

static void
test_epoch(void **state)
{
	struct vtime t;

	(void)state;
	vtime_from_epoch(1709258400.25, &t);
	assert_int_equal(t.zone, VTIME_UTC);
	assert_int_equal(t.us, 1709258400250000LL);
	vtime_from_epoch(0, &t);
	assert_int_equal(t.zone, VTIME_UTC);
	assert_int_equal(t.us, 0);
	vtime_from_epoch(-1, &t);
	assert_int_equal(t.zone, VTIME_NONE);
	vtime_from_epoch(253402300800.0, &t);
	assert_int_equal(t.zone, VTIME_NONE);
	vtime_from_epoch(1e300, &t);
	assert_int_equal(t.zone, VTIME_NONE);
	vtime_from_epoch(0.0 / 0.0, &t);
	assert_int_equal(t.zone, VTIME_NONE);
}

static void
test_format(void **state)
{
	struct vtime t;
	char buf[32], small[11];

	(void)state;
	t.us = US(2024, 1, 14, 22, 16, 48) + 796446;
	t.zone = VTIME_UTC;
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2024-01-14T22:16:48.796446Z");
	t.zone = VTIME_LOCAL;
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2024-01-14T22:16:48.796446");
	/* Whole seconds have no fraction; one microsecond keeps its
	 * zeros. */
	t.us = US(2024, 1, 14, 22, 16, 48);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2024-01-14T22:16:48");
	t.us += 1;
	t.zone = VTIME_UTC;
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2024-01-14T22:16:48.000001Z");
	t.us = 0;
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	/* No time prints as nothing. */
	t.zone = VTIME_NONE;
	t.us = 12345;
	memset(buf, 'x', sizeof buf);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "");
	/* A short buffer is cut, still terminated. */
	t.zone = VTIME_UTC;
	t.us = US(2024, 1, 14, 22, 16, 48);
	vtime_format(&t, small, sizeof small);
	assert_string_equal(small, "2024-01-14");
}

/* Parse and print round trip over many days: civil and its inverse. */
static void
test_format_round_trip(void **state)
{
	struct vtime t, back;
	char buf[32];
	int64_t day;

	(void)state;
	for (day = 0; day < 2932896; day += 97) {
		t.us = day * 86400 * 1000000 + 3723000001LL;
		t.zone = VTIME_UTC;
		vtime_format(&t, buf, sizeof buf);
		if (timeparse_string(buf, &back) != 0)
			fail_msg("\"%s\" does not parse back", buf);
		assert_int_equal(back.zone, VTIME_UTC);
		assert_int_equal(back.us, t.us);
	}
}

static void
test_before(void **state)
{
	struct vtime a, b, none;

	(void)state;
	memset(&none, 0, sizeof none);
	assert_int_not_equal(timeparse_string("2024-01-14T22:00:00+02:00",
	    &a), -1);
	assert_int_not_equal(timeparse_string("2024-01-14T21:00:00Z", &b),
	    -1);
	/* 22:00+02:00 is 20:00Z: earlier, although it reads later. */
	assert_true(vtime_before(&a, &b));
	assert_false(vtime_before(&b, &a));
	assert_false(vtime_before(&a, &a));
	assert_int_not_equal(timeparse_string("2024-01-14T16:30:00-05:00",
	    &a), -1);
	assert_false(vtime_before(&a, &b));
	assert_true(vtime_before(&b, &a));
	/* A time one microsecond later. */
	timeparse_string("2024-01-14T21:00:00.000001Z", &a);
	assert_true(vtime_before(&b, &a));
	/* A missing time is neither before nor after anything. */
	assert_false(vtime_before(&none, &b));
	assert_false(vtime_before(&b, &none));
	assert_false(vtime_before(&none, &none));
	/* Local times are compared as read, offset unknown. */
	timeparse_string("2024-01-14 20:59:59", &a);
	assert_int_equal(a.zone, VTIME_LOCAL);
	assert_true(vtime_before(&a, &b));
	assert_false(vtime_before(&b, &a));
}

/* Windows' month-first times: WaAppAgent.log, Event Viewer exports. */
static void
test_us(void **state)
{
	struct vtime t;
	char buf[40];

	(void)state;
	assert_int_equal(timeparse_us("11/14/2019 05:52:13.44] [INFO]", 30,
	    &t), 22);
	assert_int_equal(t.zone, VTIME_LOCAL);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2019-11-14T05:52:13.440000");

	assert_int_equal(timeparse_us("1/21/2026 8:01:56 PM", 20, &t), 20);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-21T20:01:56");
	assert_int_equal(timeparse_us("1/21/2026 12:01:56 AM,x", 23, &t), 21);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-21T00:01:56");
	assert_int_equal(timeparse_us("10/7/2016 12:38:24 PM", 21, &t), 21);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2016-10-07T12:38:24");

	/* Not times: day-first impossible months, 13 PM, cut input,
	 * trailing letters, a two-digit year. */
	assert_int_equal(timeparse_us("21/1/2026 8:01:56", 17, &t), 0);
	assert_int_equal(timeparse_us("1/21/2026 13:01:56 PM", 21, &t), 0);
	assert_int_equal(timeparse_us("1/21/2026 8:01", 14, &t), 0);
	assert_int_equal(timeparse_us("1/21/2026 8:01:5", 16, &t), 0);
	assert_int_equal(timeparse_us("1/21/2026 8:01:56x", 18, &t), 0);
	assert_int_equal(timeparse_us("1/21/26 8:01:56", 15, &t), 0);
	assert_int_equal(timeparse_us("2/30/2024 8:01:56", 17, &t), 0);
	assert_int_equal(timeparse_us("", 0, &t), 0);
	/* Length bounds the read, not the NUL. */
	assert_int_equal(timeparse_us("11/14/2019 05:52:13", 12, &t), 0);
}

/* A German Event Viewer's day-first times. */
static void
test_dotted(void **state)
{
	struct vtime t;
	char buf[40];

	(void)state;
	assert_int_equal(timeparse_dotted("21.01.2026 20:01:56", 19, &t), 19);
	assert_int_equal(t.zone, VTIME_LOCAL);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-21T20:01:56");
	assert_int_equal(timeparse_dotted("1.2.2026 8:01:56;x", 18, &t), 16);
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2026-02-01T08:01:56");
	/* Month 21, Feb 30, a cut time, letters after it. */
	assert_int_equal(timeparse_dotted("01.21.2026 20:01:56", 19, &t), 0);
	assert_int_equal(timeparse_dotted("30.02.2024 20:01:56", 19, &t), 0);
	assert_int_equal(timeparse_dotted("21.01.2026 20:01", 16, &t), 0);
	assert_int_equal(timeparse_dotted("21.01.2026 20:01:56x", 20, &t), 0);
	assert_int_equal(timeparse_dotted("21.01.2026", 10, &t), 0);
	assert_true(vtime_civil_valid(2024, 2, 29, 23, 59, 60));
	assert_false(vtime_civil_valid(2023, 2, 29, 0, 0, 0));
	assert_false(vtime_civil_valid(1969, 12, 31, 0, 0, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_same_date),
		cmocka_unit_test(test_iso_t),
		cmocka_unit_test(test_iso_space),
		cmocka_unit_test(test_fraction),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_offsets_malformed),
		cmocka_unit_test(test_slash),
		cmocka_unit_test(test_us),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_date_utc),
		cmocka_unit_test(test_invalid_fields),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_shape_optional),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_epoch),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
