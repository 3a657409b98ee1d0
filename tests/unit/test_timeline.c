/*
 * timeline.c: records fed through the tap by hand; windows, the cap's
 * two policies (nearest the centre, newest) in any arrival order, the
 * counts, the order of ties, local times made UTC (and kept apart when
 * the offset is unknown), evidence marked from a hand-built diagnosis,
 * and texts cut between UTF-8 characters.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze.h"
#include "bundle.h"
#include "diagnose.h"
#include "facts.h"
#include "pack.h"
#include "record.h"
#include "timeline.h"
#include "timeparse.h"
#include "xalloc.h"

#define SEC 1000000LL
/* 2024-05-01T10:00:00 */
#define T0 (1714557600LL * SEC)

static struct member members[3] = {
	{ "a.log", "a.log", 0, 0, 0 },
	{ "b.log", "b.log", 0, 0, 1 },
	{ "c.json", "c.json", 0, 0, 2 },
};

/* One record through the tap: member m, line, time (zone z, T0 + s
 * seconds) and text. */
static void
feed_kind(struct timeline *tl, enum source_kind kind, unsigned m,
    unsigned long line, enum vtime_zone z, int64_t s, const char *level,
    const char *text)
{
	struct record r;

	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.member = &members[m];
	r.line = line;
	r.lines = 1;
	r.time.zone = z;
	r.time.us = z == VTIME_NONE ? 0 : T0 + s * SEC;
	r.level = level;
	r.text = text;
	r.text_len = strlen(text);
	r.msg = text;
	r.msg_len = r.text_len;
	timeline_tap(tl, &r);
}

static void
feed(struct timeline *tl, unsigned m, unsigned long line, enum vtime_zone z,
    int64_t s)
{
	char text[32];

	snprintf(text, sizeof text, "at %lld", (long long)s);
	feed_kind(tl, KIND_WAAGENT_LOG, m, line, z, s, "INFO", text);
}

static void
window(struct timeline *tl, int64_t from, int64_t to)
{
	struct vtime f = { T0 + from * SEC, VTIME_UTC };
	struct vtime t = { T0 + to * SEC, VTIME_UTC };

	timeline_add_window(tl, &f, &t);
}

/* The entries' times, in seconds from T0. */
static void
assert_times(const struct timeline *tl, const int64_t *want, size_t n)
{
	size_t i;

	assert_int_equal(tl->n, n);
	for (i = 0; i < n; i++)
		if (tl->v[i].time.us != T0 + want[i] * SEC)
			fail_msg("entry %zu at %lld s, want %lld s", i,
			    (long long)((tl->v[i].time.us - T0) / SEC),
			    (long long)want[i]);
}

static void
test_window(void **state)
{
	struct timeline tl;
	static const int64_t want[] = { -60, 0, 30, 60 };

	(void)state;
	timeline_init(&tl, 100);
	window(&tl, -60, 60);
	feed(&tl, 0, 1, VTIME_UTC, -61);
	feed(&tl, 0, 2, VTIME_UTC, -60);	/* the bounds are in */
	feed(&tl, 0, 3, VTIME_UTC, 30);
	feed(&tl, 0, 4, VTIME_NONE, 0);
	feed(&tl, 1, 1, VTIME_UTC, 0);
	feed(&tl, 1, 2, VTIME_UTC, 60);
	feed(&tl, 1, 3, VTIME_UTC, 61);
	feed(&tl, 1, 4, VTIME_UTC, 3600);
	feed(&tl, 1, 5, VTIME_NONE, 0);
	timeline_finish(&tl, NULL, NULL);
	assert_times(&tl, want, 4);
	assert_int_equal(tl.outside, 3);
	assert_int_equal(tl.untimed, 2);
	assert_int_equal(tl.dropped, 0);
	assert_string_equal(tl.v[0].file, "a.log");
	assert_int_equal(tl.v[0].line, 2);
	assert_string_equal(tl.v[0].level, "INFO");
	assert_int_equal(tl.v[0].kind, KIND_WAAGENT_LOG);
	assert_string_equal(tl.v[0].text, "at -60");
	assert_null(tl.v[0].cause);
	timeline_free(&tl);
}

/* Two windows add up; an entry goes by the centre nearest to it. */
static void
test_windows_add_up(void **state)
{
	struct timeline tl;
	static const int64_t want[] = { 9, 10, 11, 1000 };

	(void)state;
	timeline_init(&tl, 4);
	window(&tl, 0, 20);		/* centre 10 */
	window(&tl, 1100, 900);		/* reversed: 900..1100, centre 1000 */
	feed(&tl, 0, 1, VTIME_UTC, 0);
	feed(&tl, 0, 2, VTIME_UTC, 9);
	feed(&tl, 0, 3, VTIME_UTC, 10);
	feed(&tl, 0, 4, VTIME_UTC, 11);
	feed(&tl, 0, 5, VTIME_UTC, 500);
	feed(&tl, 0, 6, VTIME_UTC, 905);
	feed(&tl, 0, 7, VTIME_UTC, 1000);
	timeline_finish(&tl, NULL, NULL);
	assert_times(&tl, want, 4);
	assert_int_equal(tl.outside, 1);
	assert_int_equal(tl.dropped, 2);
	timeline_free(&tl);
}

/* The cap keeps the entries nearest the centre, whatever the order the
 * records come in. */
static void
test_cap_nearest(void **state)
{
	static const int64_t want[] = { 40, 50, 60 };
	static const int orders[3][11] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 },
		{ 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
		{ 5, 0, 10, 4, 6, 1, 9, 3, 7, 2, 8 },
	};
	struct timeline tl;
	size_t o, i;

	(void)state;
	for (o = 0; o < 3; o++) {
		timeline_init(&tl, 3);
		window(&tl, 0, 100);
		for (i = 0; i < 11; i++)
			feed(&tl, 0, (unsigned long)orders[o][i] + 1,
			    VTIME_UTC, orders[o][i] * 10);
		feed(&tl, 0, 99, VTIME_UTC, 101);
		timeline_finish(&tl, NULL, NULL);
		assert_times(&tl, want, 3);
		assert_int_equal(tl.dropped, 8);
		assert_int_equal(tl.outside, 1);
		timeline_free(&tl);
	}
}

/* Without a window the cap keeps the newest. */
static void
test_cap_newest(void **state)
{
	static const int64_t want[] = { 70, 80, 90 };
	static const int order[] = { 3, 9, 0, 7, 1, 8, 5, 2, 6, 4 };
	struct timeline tl;
	size_t i;

	(void)state;
	timeline_init(&tl, 3);
	for (i = 0; i < 10; i++)
		feed(&tl, 0, (unsigned long)order[i] + 1, VTIME_UTC,
		    order[i] * 10);
	feed(&tl, 1, 1, VTIME_NONE, 0);
	timeline_finish(&tl, NULL, NULL);
	assert_times(&tl, want, 3);
	assert_int_equal(tl.dropped, 7);
	assert_int_equal(tl.untimed, 1);
	assert_int_equal(tl.outside, 0);
	timeline_free(&tl);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A larger feed against a plain selection: the heap keeps exactly the
 * cap nearest the centre. */
static void
test_cap_many(void **state)
{
	struct timeline tl;
	int64_t *dist, s, thr;
	size_t i, n = 0, below = 0, kept_below = 0;
	unsigned x = 12345;

	(void)state;
	dist = xcalloc(20000, sizeof *dist);
	timeline_init(&tl, 100);
	window(&tl, -5000, 5000);
	for (i = 0; i < 20000; i++) {
		x = x * 1103515245 + 12345;
		s = (int64_t)((x >> 8) % 20001) - 10000;
		if (s >= -5000 && s <= 5000)
			dist[n++] = s < 0 ? -s : s;
		feed(&tl, 0, i + 1, VTIME_UTC, s);
	}
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 100);
	assert_int_equal(tl.dropped, n - 100);
	assert_int_equal(tl.outside, 20000 - n);
	qsort(dist, n, sizeof *dist, cmp_i64);
	thr = dist[99];
	for (i = 0; i < n; i++)
		below += dist[i] < thr;
	for (i = 0; i < tl.n; i++) {
		s = (tl.v[i].time.us - T0) / SEC;
		s = s < 0 ? -s : s;
		assert_true(s <= thr);
		kept_below += s < thr;
		if (i > 0)
			assert_true(tl.v[i - 1].time.us <= tl.v[i].time.us);
	}
	assert_int_equal(kept_below, below);
	free(dist);
	timeline_free(&tl);
}

/* Equal times order by member, then line. */
static void
test_sort_ties(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 10);
	feed(&tl, 1, 7, VTIME_UTC, 5);
	feed(&tl, 0, 9, VTIME_UTC, 5);
	feed(&tl, 1, 2, VTIME_UTC, 5);
	feed(&tl, 0, 3, VTIME_UTC, 5);
	feed(&tl, 0, 1, VTIME_UTC, 6);
	feed(&tl, 1, 1, VTIME_UTC, 4);
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 6);
	assert_int_equal(tl.v[0].member_seq, 1);
	assert_int_equal(tl.v[0].line, 1);
	assert_int_equal(tl.v[1].member_seq, 0);
	assert_int_equal(tl.v[1].line, 3);
	assert_int_equal(tl.v[2].member_seq, 0);
	assert_int_equal(tl.v[2].line, 9);
	assert_int_equal(tl.v[3].member_seq, 1);
	assert_int_equal(tl.v[3].line, 2);
	assert_int_equal(tl.v[4].member_seq, 1);
	assert_int_equal(tl.v[4].line, 7);
	assert_int_equal(tl.v[5].member_seq, 0);
	assert_int_equal(tl.v[5].line, 1);
	timeline_free(&tl);
}

/* Ties of the cap go the timeline's way: what stays of equal times is
 * what comes last on the timeline. */
static void
test_cap_ties(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 3);
	feed(&tl, 0, 2, VTIME_UTC, 5);
	feed(&tl, 1, 1, VTIME_UTC, 5);
	feed(&tl, 0, 9, VTIME_UTC, 5);
	feed(&tl, 0, 7, VTIME_UTC, 5);
	feed(&tl, 0, 3, VTIME_UTC, 5);
	feed(&tl, 0, 1, VTIME_UTC, 5);
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 3);
	assert_int_equal(tl.dropped, 3);
	assert_int_equal(tl.v[0].member_seq, 0);
	assert_int_equal(tl.v[0].line, 7);
	assert_int_equal(tl.v[1].member_seq, 0);
	assert_int_equal(tl.v[1].line, 9);
	assert_int_equal(tl.v[2].member_seq, 1);
	assert_int_equal(tl.v[2].line, 1);
	timeline_free(&tl);
}

static void
analysis_offset(struct analysis *an, int known, int min)
{
	memset(an, 0, sizeof *an);
	an->utc_offset_known = known;
	an->utc_offset_min = min;
}

/*
 * The VM is at +01:00: local 11:00 is 10:00Z.  The window (UTC) holds
 * what the offset puts in it, not what the local clock read.
 */
static void
test_local_shift(void **state)
{
	struct timeline tl;
	struct analysis an;
	static const int64_t want[] = { -30, 0, 20 };

	(void)state;
	timeline_init(&tl, 10);
	window(&tl, -60, 60);
	feed(&tl, 0, 1, VTIME_LOCAL, 3600);	/* 10:00Z: in */
	feed(&tl, 0, 2, VTIME_LOCAL, 0);	/* 09:00Z: out */
	feed(&tl, 0, 3, VTIME_LOCAL, 3620);	/* 10:00:20Z: in */
	feed(&tl, 0, 4, VTIME_LOCAL, 20 * 3600);	/* far: out */
	feed(&tl, 1, 1, VTIME_UTC, -30);
	feed(&tl, 1, 2, VTIME_UTC, 3600);	/* UTC, out */
	analysis_offset(&an, 1, 60);
	timeline_finish(&tl, &an, NULL);
	assert_times(&tl, want, 3);
	assert_int_equal(tl.outside, 3);
	assert_int_equal(tl.inexact, 0);
	assert_int_equal(tl.v[0].shifted, 0);
	assert_int_equal(tl.v[0].time.zone, VTIME_UTC);
	assert_int_equal(tl.v[1].shifted, 1);
	assert_int_equal(tl.v[1].offset_min, 60);
	assert_int_equal(tl.v[1].time.zone, VTIME_UTC);
	assert_int_equal(tl.v[1].line, 1);
	assert_int_equal(tl.v[2].line, 3);
	timeline_free(&tl);

	/* The same, with the offset known before the walk. */
	timeline_init(&tl, 10);
	window(&tl, -60, 60);
	timeline_set_utc_offset(&tl, 60);
	feed(&tl, 0, 1, VTIME_LOCAL, 3600);
	feed(&tl, 0, 2, VTIME_LOCAL, 0);
	feed(&tl, 0, 3, VTIME_LOCAL, 3620);
	feed(&tl, 1, 1, VTIME_UTC, -30);
	timeline_finish(&tl, &an, NULL);
	assert_times(&tl, want, 3);
	assert_int_equal(tl.outside, 1);
	assert_int_equal(tl.v[1].shifted, 1);
	assert_int_equal(tl.v[1].offset_min, 60);
	timeline_free(&tl);
}

/* Offset unknown: local times are placed as if UTC, and stay local. */
static void
test_local_unknown(void **state)
{
	struct timeline tl;
	struct analysis an;
	static const int64_t want[] = { -10, 0, 0, 10 };

	(void)state;
	timeline_init(&tl, 10);
	window(&tl, -60, 60);
	feed(&tl, 0, 1, VTIME_LOCAL, 10);
	feed(&tl, 0, 2, VTIME_LOCAL, 0);
	feed(&tl, 0, 3, VTIME_LOCAL, 3600);	/* near, but out as UTC */
	feed(&tl, 0, 4, VTIME_LOCAL, 86400);	/* out for any offset */
	feed(&tl, 1, 1, VTIME_UTC, -10);
	feed(&tl, 1, 2, VTIME_UTC, 0);
	analysis_offset(&an, 0, 0);
	timeline_finish(&tl, &an, NULL);
	assert_times(&tl, want, 4);
	assert_int_equal(tl.outside, 2);
	assert_int_equal(tl.v[0].time.zone, VTIME_UTC);
	/* Same time: member 0 (local) before member 1 (UTC). */
	assert_int_equal(tl.v[1].time.zone, VTIME_LOCAL);
	assert_int_equal(tl.v[1].shifted, 0);
	assert_int_equal(tl.v[2].time.zone, VTIME_UTC);
	assert_int_equal(tl.v[3].time.zone, VTIME_LOCAL);
	timeline_free(&tl);

	/* No analysis at all: the same. */
	timeline_init(&tl, 10);
	feed(&tl, 0, 1, VTIME_LOCAL, 10);
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.v[0].time.zone, VTIME_LOCAL);
	timeline_free(&tl);
}

/*
 * The cap and local times.  Without a window the newest local records
 * stay the newest whatever the offset: exact.  With a window, local
 * records the cap dropped before the offset was known may have been the
 * nearest: finish() says so, and a walk with the offset set is exact.
 */
static void
test_local_cap(void **state)
{
	struct timeline tl;
	struct analysis an;
	static const int64_t newest[] = { -3600 + 80, -3600 + 90, 5 };
	static const int64_t nearest[] = { -1, 0, 1 };
	int64_t s;

	(void)state;
	analysis_offset(&an, 1, 60);
	timeline_init(&tl, 3);
	for (s = 0; s < 10; s++)
		feed(&tl, 0, (unsigned long)s + 1, VTIME_LOCAL, s * 10);
	feed(&tl, 1, 1, VTIME_UTC, 5);
	feed(&tl, 1, 2, VTIME_UTC, -7200);
	timeline_finish(&tl, &an, NULL);
	assert_times(&tl, newest, 3);
	assert_int_equal(tl.dropped, 9);
	assert_int_equal(tl.inexact, 0);
	timeline_free(&tl);

	/* Local 09:59:59..10:00:01 as if UTC are the nearest to 10:00Z,
	 * but at +01:00 the nearest are local 10:59:59..11:00:01. */
	timeline_init(&tl, 3);
	window(&tl, -60, 60);
	for (s = -2; s <= 2; s++) {
		feed(&tl, 0, (unsigned long)(s + 10), VTIME_LOCAL, s);
		feed(&tl, 1, (unsigned long)(s + 10), VTIME_LOCAL, 3600 + s);
	}
	timeline_finish(&tl, &an, NULL);
	assert_int_equal(tl.inexact, 1);
	timeline_free(&tl);

	timeline_init(&tl, 3);
	window(&tl, -60, 60);
	timeline_set_utc_offset(&tl, 60);
	for (s = -2; s <= 2; s++) {
		feed(&tl, 0, (unsigned long)(s + 10), VTIME_LOCAL, s);
		feed(&tl, 1, (unsigned long)(s + 10), VTIME_LOCAL, 3600 + s);
	}
	timeline_finish(&tl, &an, NULL);
	assert_int_equal(tl.inexact, 0);
	assert_times(&tl, nearest, 3);
	assert_int_equal(tl.dropped, 2);
	assert_int_equal(tl.outside, 5);
	timeline_free(&tl);

	/* Offset unknown: ranked as if UTC, which is what it stays. */
	analysis_offset(&an, 0, 0);
	timeline_init(&tl, 3);
	window(&tl, -60, 60);
	for (s = -2; s <= 2; s++) {
		feed(&tl, 0, (unsigned long)(s + 10), VTIME_LOCAL, s);
		feed(&tl, 1, (unsigned long)(s + 10), VTIME_LOCAL, 3600 + s);
	}
	feed(&tl, 1, 1, VTIME_UTC, 0);
	timeline_finish(&tl, &an, NULL);
	assert_int_equal(tl.inexact, 0);
	assert_int_equal(tl.n, 3);
	for (s = 0; s < 3; s++)
		assert_true(tl.v[s].time.us >= T0 - SEC &&
		    tl.v[s].time.us <= T0 + SEC);
	/* 6 in the window (5 local, 1 UTC), 3 kept; 5 local are out. */
	assert_int_equal(tl.dropped, 3);
	assert_int_equal(tl.outside, 5);
	timeline_free(&tl);
}

static void
ev_init(struct evidence *ev, const char *file, unsigned seq,
    unsigned long line, int64_t s, const char *text)
{
	memset(ev, 0, sizeof *ev);
	ev->file = xstrdup(file);
	ev->member_seq = seq;
	ev->line = line;
	ev->time.zone = VTIME_UTC;
	ev->time.us = T0 + s * SEC;
	ev->text = xstrdup(text);
}

/* Evidence is marked by member and line, with the cause of the first
 * finding in report order; a source without lines also by time and
 * text. */
static void
test_evidence(void **state)
{
	struct timeline tl;
	struct diagnosis d;
	struct verdict v[3];
	struct cause c[3];
	struct evidence ev0[2], ev1[2];
	size_t findings[2] = { 2, 0 };
	size_t i;

	(void)state;
	memset(&d, 0, sizeof d);
	memset(v, 0, sizeof v);
	memset(c, 0, sizeof c);
	c[0].id = "cause.zero";
	c[1].id = "cause.ruled-out";
	c[2].id = "cause.two";
	for (i = 0; i < 3; i++) {
		v[i].cause = &c[i];
		v[i].status = VERDICT_FOUND;
	}
	v[1].status = VERDICT_RULED_OUT;
	ev_init(&ev0[0], "a.log", 0, 2, 2, "at 2");
	ev_init(&ev0[1], "a.log", 0, 3, 3, "at 3");
	ev_init(&ev1[0], "a.log", 0, 3, 3, "at 3");
	ev_init(&ev1[1], "c.json", 2, 0, 7, "status error: at 7, more");
	v[0].ev = ev0;
	v[0].nev = 2;
	v[2].ev = ev1;
	v[2].nev = 2;
	/* The ruled-out verdict's evidence marks nothing. */
	v[1].ev = ev0;
	v[1].nev = 1;
	d.v = v;
	d.n = 3;
	d.findings = findings;
	d.nfindings = 2;

	timeline_init(&tl, 10);
	feed(&tl, 0, 1, VTIME_UTC, 1);
	feed(&tl, 0, 2, VTIME_UTC, 2);
	feed(&tl, 0, 3, VTIME_UTC, 3);
	feed(&tl, 1, 3, VTIME_UTC, 4);		/* same line, other file */
	feed_kind(&tl, KIND_EXT_STATUS, 2, 0, VTIME_UTC, 6, NULL,
	    "status error: at 6");
	feed_kind(&tl, KIND_EXT_STATUS, 2, 0, VTIME_UTC, 7, NULL,
	    "status error: at 7");
	timeline_finish(&tl, NULL, &d);
	assert_int_equal(tl.n, 6);
	assert_null(tl.v[0].cause);
	assert_string_equal(tl.v[1].cause, "cause.zero");
	/* Evidence of both: the first finding in report order wins. */
	assert_string_equal(tl.v[2].cause, "cause.two");
	assert_null(tl.v[3].cause);
	assert_null(tl.v[4].cause);
	assert_string_equal(tl.v[5].cause, "cause.two");
	assert_null(tl.v[4].level);
	assert_int_equal(tl.v[4].kind, KIND_EXT_STATUS);
	timeline_free(&tl);
	for (i = 0; i < 2; i++) {
		evidence_release(&ev0[i]);
		evidence_release(&ev1[i]);
	}
}

static void
test_kinds(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 10);
	timeline_only_kind(&tl, KIND_EXT_STATUS);
	timeline_only_kind(&tl, KIND_SYSLOG);
	feed(&tl, 0, 1, VTIME_UTC, 1);
	feed(&tl, 0, 2, VTIME_NONE, 0);
	feed_kind(&tl, KIND_EXT_STATUS, 2, 0, VTIME_UTC, 6, NULL, "s");
	feed_kind(&tl, KIND_SYSLOG, 1, 4, VTIME_NONE, 0, NULL, "s");
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.v[0].kind, KIND_EXT_STATUS);
	/* Records of other kinds are not counted. */
	assert_int_equal(tl.untimed, 1);
	assert_int_equal(tl.outside, 0);
	timeline_free(&tl);
}

static void
test_text(void **state)
{
	struct timeline tl;
	char big[TIMELINE_TEXT_MAX + 64];
	size_t i;

	(void)state;
	timeline_init(&tl, 10);
	feed_kind(&tl, KIND_WAAGENT_LOG, 0, 1, VTIME_UTC, 1, "ERROR",
	    "head line\r\nTraceback (most recent call last):\n  x");
	/* A euro sign (3 bytes) across the limit. */
	memset(big, 'a', sizeof big);
	memcpy(big + TIMELINE_TEXT_MAX - 1, "\xe2\x82\xac", 3);
	big[TIMELINE_TEXT_MAX + 10] = '\0';
	feed_kind(&tl, KIND_WAAGENT_LOG, 0, 2, VTIME_UTC, 2, "INFO", big);
	/* A key across the limit: none of it is kept. */
	memset(big, ' ', sizeof big);
	memcpy(big, "key:", 4);
	for (i = 100; i < TIMELINE_TEXT_MAX + 40; i++)
		big[i] = "Ab3+"[i % 4];
	big[TIMELINE_TEXT_MAX + 40] = '\0';
	feed_kind(&tl, KIND_WAAGENT_LOG, 0, 3, VTIME_UTC, 3, "INFO", big);
	/* Exactly the limit: whole. */
	memset(big, 'b', sizeof big);
	big[TIMELINE_TEXT_MAX] = '\0';
	feed_kind(&tl, KIND_WAAGENT_LOG, 0, 4, VTIME_UTC, 4, "WARNING", big);
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 4);
	assert_string_equal(tl.v[0].text, "head line");
	assert_int_equal(tl.v[0].cut, 0);
	assert_string_equal(tl.v[0].level, "ERROR");
	assert_int_equal(strlen(tl.v[1].text), TIMELINE_TEXT_MAX - 1);
	assert_int_equal(tl.v[1].cut, 1);
	assert_int_equal(strspn(tl.v[1].text, "a"), TIMELINE_TEXT_MAX - 1);
	assert_int_equal(strlen(tl.v[2].text), 100);
	assert_int_equal(tl.v[2].cut, 1);
	assert_int_equal(strlen(tl.v[3].text), TIMELINE_TEXT_MAX);
	assert_int_equal(tl.v[3].cut, 0);
	timeline_free(&tl);
}

static void
test_time_format(void **state)
{
	struct timeline_entry e;
	char buf[40];

	(void)state;
	memset(&e, 0, sizeof e);
	e.time.zone = VTIME_UTC;
	e.time.us = T0 + 30 * SEC + 123456;
	timeline_time(&e, buf, sizeof buf);
	assert_string_equal(buf, "2024-05-01T10:00:30.123Z");
	e.time.zone = VTIME_LOCAL;
	e.time.us = T0;
	timeline_time(&e, buf, sizeof buf);
	assert_string_equal(buf, "2024-05-01T10:00:00.000");
}

/* A cap of 0 keeps nothing and counts everything. */
static void
test_cap_zero(void **state)
{
	struct timeline tl;

	(void)state;
	timeline_init(&tl, 0);
	feed(&tl, 0, 1, VTIME_UTC, 1);
	feed(&tl, 0, 2, VTIME_LOCAL, 1);
	timeline_finish(&tl, NULL, NULL);
	assert_int_equal(tl.n, 0);
	assert_int_equal(tl.dropped, 2);
	timeline_free(&tl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_windows_add_up),
		cmocka_unit_test(test_cap_nearest),
		cmocka_unit_test(test_cap_newest),
		cmocka_unit_test(test_cap_many),
		cmocka_unit_test(test_sort_ties),
		cmocka_unit_test(test_cap_ties),
		cmocka_unit_test(test_local_shift),
		cmocka_unit_test(test_local_unknown),
		cmocka_unit_test(test_local_cap),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_cap_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
