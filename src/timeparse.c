#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "timeparse.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
vtime_from_civil(int y, int mo, int d, int h, int mi, int s)
{
	return ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + s;
}

/* isdigit() without the locale table: every log line asks. */
#define DIGIT(c)	((unsigned char)((c) - '0') < 10)

static int
digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
	size_t i;
	int v = 0;

	if (at + count > n)
		return 0;
	for (i = 0; i < count; i++) {
		if (!DIGIT(s[at + i]))
			return 0;
		v = v * 10 + (s[at + i] - '0');
	}
	*out = v;
	return 1;
}

int
vtime_civil_valid(int y, int mo, int d, int h, int mi, int sec)
{
	static const int mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	/* Feb 30 is garbage, not a time to shift into March. */
	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= mdays[mo - 1] && (mo != 2 || d <= 28 || leap) && h <= 23 &&
	    mi <= 59 && sec <= 60;
}

/* The two digits at s, known to be digits. */
#define TWO(s)		(((s)[0] - '0') * 10 + ((s)[1] - '0'))

/* The date last read on this thread and its day number: a log gives
 * line after line the same date, and the day is most of a time's cost. */
static __thread char last_date[10];
static __thread int64_t last_days;

/* "YYYY?MM?DD?HH:MM:SS" with the given separators; returns 19 or 0. */
static size_t
parse_civil(const char *s, size_t n, char dsep, char tsep, int64_t *secs)
{
	static const unsigned char date_at[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	int y, mo, d, h, mi, sec;
	int64_t days;
	size_t i;

	if (n < 19 || s[4] != dsep || s[7] != dsep || s[10] != tsep ||
	    s[13] != ':' || s[16] != ':')
		return 0;
	if (!DIGIT(s[11]) || !DIGIT(s[12]) || !DIGIT(s[14]) ||
	    !DIGIT(s[15]) || !DIGIT(s[17]) || !DIGIT(s[18]))
		return 0;
	h = TWO(s + 11);
	mi = TWO(s + 14);
	sec = TWO(s + 17);
	/* The kept date was checked digit by digit when it was read. */
	if (memcmp(s, last_date, sizeof last_date) == 0) {
		if (h > 23 || mi > 59 || sec > 60)
			return 0;
		days = last_days;
	} else {
		for (i = 0; i < sizeof date_at; i++)
			if (!DIGIT(s[date_at[i]]))
				return 0;
		y = TWO(s) * 100 + TWO(s + 2);
		mo = TWO(s + 5);
		d = TWO(s + 8);
		if (!vtime_civil_valid(y, mo, d, h, mi, sec))
			return 0;
		days = days_from_civil(y, mo, d);
		memcpy(last_date, s, sizeof last_date);
		last_days = days;
	}
	*secs = ((days * 24 + h) * 60 + mi) * 60 + sec;
	return 19;
}

/* ".ffffff" of up to 9 digits, scaled to microseconds. */
static size_t
parse_fraction(const char *s, size_t n, int64_t *us)
{
	static const int64_t scale[] = {
		100000, 10000, 1000, 100, 10, 1,
	};
	size_t i;
	int64_t v = 0;

	if (n < 2 || s[0] != '.' || !DIGIT(s[1]))
		return 0;
	/* Microseconds are the first 6 digits; up to 9 are read. */
	for (i = 1; i < n && DIGIT(s[i]); i++) {
		if (i <= 6)
			v = v * 10 + (s[i] - '0');
		if (i > 9)
			return 0;
	}
	*us = v * scale[(i <= 7 ? i : 7) - 2];
	return i;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static int
month_index(const char *s)
{
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(months + i * 3, s, 3) == 0)
			return i + 1;
	return 0;
}

/* "Tue Jan 14 22:16:40 UTC 2024", as written by `date -u`. */
static size_t
parse_date_utc(const char *s, size_t n, int64_t *secs)
{
	int mo, d, h, mi, sec, y;
	size_t at;

	if (n < 28 || s[3] != ' ' || s[7] != ' ')
		return 0;
	if ((mo = month_index(s + 4)) == 0)
		return 0;
	at = 8;
	if (s[at] == ' ')
		at++;
	if (digits(s, n, at, 2, &d))
		at += 2;
	else if (digits(s, n, at, 1, &d))
		at += 1;
	else
		return 0;
	if (at + 9 > n || s[at] != ' ' || s[at + 3] != ':' || s[at + 6] != ':')
		return 0;
	if (!digits(s, n, at + 1, 2, &h) || !digits(s, n, at + 4, 2, &mi) ||
	    !digits(s, n, at + 7, 2, &sec))
		return 0;
	at += 9;
	if (at + 9 > n || strncmp(s + at, " UTC ", 5) != 0)
		return 0;
	at += 5;
	if (!digits(s, n, at, 4, &y) || !vtime_civil_valid(y, mo, d, h, mi, sec))
		return 0;
	*secs = vtime_from_civil(y, mo, d, h, mi, sec);
	return at + 4;
}

size_t
timeparse_prefix(const char *s, size_t n, struct vtime *t,
    enum vtime_shape *shape)
{
	int64_t secs = 0, us = 0;
	size_t len;
	enum vtime_shape sh;

	if ((len = parse_civil(s, n, '-', 'T', &secs)) != 0)
		sh = VSHAPE_ISO_T;
	else if ((len = parse_civil(s, n, '-', ' ', &secs)) != 0)
		sh = VSHAPE_ISO_SPACE;
	else if ((len = parse_civil(s, n, '/', ' ', &secs)) != 0)
		sh = VSHAPE_SLASH;
	else if ((len = parse_date_utc(s, n, &secs)) != 0) {
		t->us = secs * 1000000;
		t->zone = VTIME_UTC;
		if (shape != NULL)
			*shape = VSHAPE_DATE_UTC;
		return len;
	} else
		return 0;
	len += parse_fraction(s + len, n - len, &us);
	t->zone = VTIME_LOCAL;
	if (len < n && s[len] == 'Z') {
		t->zone = VTIME_UTC;
		len++;
	} else if (sh != VSHAPE_SLASH && len + 5 <= n &&
	    (s[len] == '+' || s[len] == '-')) {
		int oh, om, sign = s[len] == '-' ? -1 : 1;
		size_t at = len + 1;

		/* rsyslog and dnf write the offset: +00:00 or +0000. */
		if (digits(s, n, at, 2, &oh)) {
			at += 2;
			if (at < n && s[at] == ':')
				at++;
			if (digits(s, n, at, 2, &om) && oh <= 14 && om <= 59) {
				secs -= sign * (oh * 3600 + om * 60);
				t->zone = VTIME_UTC;
				len = at + 2;
			}
		}
	}
	t->us = secs * 1000000 + us;
	if (shape != NULL)
		*shape = sh;
	return len;
}

int
timeparse_string(const char *s, struct vtime *t)
{
	size_t n = strlen(s), len;
	int64_t secs;
	int y, mo, d;

	if ((len = timeparse_prefix(s, n, t, NULL)) != 0) {
		if (len == n)
			return 0;
		return -1;
	}
	if (n == 10 && s[4] == '-' && s[7] == '-' && digits(s, n, 0, 4, &y) &&
	    digits(s, n, 5, 2, &mo) && digits(s, n, 8, 2, &d) &&
	    vtime_civil_valid(y, mo, d, 0, 0, 0)) {
		secs = vtime_from_civil(y, mo, d, 0, 0, 0);
		t->us = secs * 1000000;
		t->zone = VTIME_LOCAL;
		return 0;
	}
	return -1;
}

void
vtime_from_epoch(double secs, struct vtime *t)
{
	/* Anything outside 1970..9999 is not a time a VM wrote. */
	if (!(secs >= 0 && secs < 253402300800.0)) {
		t->us = 0;
		t->zone = VTIME_NONE;
		return;
	}
	t->us = (int64_t)(secs * 1000000.0);
	t->zone = VTIME_UTC;
}

void
vtime_format(const struct vtime *t, char *buf, size_t len)
{
	int64_t secs, days, rem, us, y, era, doe, yoe, doy, mp;
	int mo, d;

	if (t->zone == VTIME_NONE) {
		snprintf(buf, len, "%s", "");
		return;
	}
	secs = t->us / 1000000;
	us = t->us % 1000000;
	days = secs / 86400;
	rem = secs % 86400;
	/* civil_from_days, the inverse of days_from_civil. */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	y += mo <= 2;
	if (us != 0)
		snprintf(buf, len, "%04lld-%02d-%02dT%02lld:%02lld:%02lld.%06lld%s",
		    (long long)y, mo, d, (long long)(rem / 3600),
		    (long long)(rem / 60 % 60), (long long)(rem % 60),
		    (long long)us, t->zone == VTIME_UTC ? "Z" : "");
	else
		snprintf(buf, len, "%04lld-%02d-%02dT%02lld:%02lld:%02lld%s",
		    (long long)y, mo, d, (long long)(rem / 3600),
		    (long long)(rem / 60 % 60), (long long)(rem % 60),
		    t->zone == VTIME_UTC ? "Z" : "");
}

int
vtime_before(const struct vtime *a, const struct vtime *b)
{
	if (a->zone == VTIME_NONE || b->zone == VTIME_NONE)
		return 0;
	return a->us < b->us;
}

/* One or two digits at s[*at]; advances *at. */
static int
small_number(const char *s, size_t n, size_t *at, int *out)
{
	size_t i = *at;
	int v = 0;

	if (i >= n || !isdigit((unsigned char)s[i]))
		return 0;
	v = s[i++] - '0';
	if (i < n && isdigit((unsigned char)s[i]))
		v = v * 10 + (s[i++] - '0');
	*at = i;
	*out = v;
	return 1;
}

/*
 * "A<sep>B<sep>YYYY H:MM:SS" with one- or two-digit A, B and H, the date
 * order left to the caller.  Returns the bytes spanned, 0 if s does not
 * start with it.
 */
static size_t
parse_short_date(const char *s, size_t n, char sep, int *a, int *b, int *y,
    int *h, int *mi, int *sec)
{
	size_t at = 0;

	if (!small_number(s, n, &at, a) || at >= n || s[at++] != sep ||
	    !small_number(s, n, &at, b) || at >= n || s[at++] != sep ||
	    !digits(s, n, at, 4, y))
		return 0;
	at += 4;
	if (at >= n || s[at++] != ' ' || !small_number(s, n, &at, h) ||
	    at >= n || s[at++] != ':' || !digits(s, n, at, 2, mi) ||
	    at + 2 >= n || s[at + 2] != ':' || !digits(s, n, at + 3, 2, sec))
		return 0;
	return at + 5;
}

size_t
timeparse_us(const char *s, size_t n, struct vtime *t)
{
	int mo, d, y, h, mi, sec;
	int64_t us = 0;
	size_t at, f;

	if ((at = parse_short_date(s, n, '/', &mo, &d, &y, &h, &mi,
	    &sec)) == 0)
		return 0;
	if ((f = parse_fraction(s + at, n - at, &us)) > 0)
		at += f;
	if (at + 3 <= n && s[at] == ' ' && (s[at + 1] == 'A' ||
	    s[at + 1] == 'P') && s[at + 2] == 'M' &&
	    (at + 3 == n || !isalnum((unsigned char)s[at + 3]))) {
		if (h < 1 || h > 12)
			return 0;
		h = h % 12 + (s[at + 1] == 'P' ? 12 : 0);
		at += 3;
	}
	if (at < n && isalnum((unsigned char)s[at]))
		return 0;
	if (!vtime_civil_valid(y, mo, d, h, mi, sec))
		return 0;
	t->us = vtime_from_civil(y, mo, d, h, mi, sec) * 1000000 + us;
	t->zone = VTIME_LOCAL;
	return at;
}

size_t
timeparse_dotted(const char *s, size_t n, struct vtime *t)
{
	int d, mo, y, h, mi, sec;
	size_t at;

	if ((at = parse_short_date(s, n, '.', &d, &mo, &y, &h, &mi,
	    &sec)) == 0)
		return 0;
	if (at < n && isalnum((unsigned char)s[at]))
		return 0;
	if (!vtime_civil_valid(y, mo, d, h, mi, sec))
		return 0;
	t->us = vtime_from_civil(y, mo, d, h, mi, sec) * 1000000;
	t->zone = VTIME_LOCAL;
	return at;
}
