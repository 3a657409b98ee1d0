/*
 * The timeline (timeline.h).  During the walk each pool of entries is a
 * heap whose top is the entry the cap would drop first, so that a record
 * costs O(log cap) and one that would be dropped at once is never copied.
 * UTC records (and local ones when the offset is set beforehand) go to
 * the main pool; local records of unknown offset to a pool of their own,
 * ranked as if UTC, until finish() knows the offset.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "bundle.h"
#include "diagnose.h"
#include "facts.h"
#include "pack.h"
#include "text.h"
#include "timeline.h"
#include "xalloc.h"

_Static_assert(KIND__COUNT <= 64, "timeline.kinds holds one bit per kind");

void
timeline_init(struct timeline *tl, size_t cap)
{
	memset(tl, 0, sizeof *tl);
	tl->cap = cap;
}

static void
entry_release(struct timeline_entry *e)
{
	free(e->file);
	free(e->text);
	e->file = e->text = NULL;
}

void
timeline_free(struct timeline *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++)
		entry_release(&tl->v[i]);
	for (i = 0; i < tl->nlocal; i++)
		entry_release(&tl->local[i]);
	free(tl->v);
	free(tl->local);
	free(tl->windows);
	memset(tl, 0, sizeof *tl);
}

void
timeline_add_window(struct timeline *tl, const struct vtime *from,
    const struct vtime *to)
{
	struct timeline_window *w;

	tl->windows = xreallocarray(tl->windows, tl->nwindows + 1,
	    sizeof *tl->windows);
	w = &tl->windows[tl->nwindows++];
	if (from->us <= to->us) {
		w->from = *from;
		w->to = *to;
	} else {
		w->from = *to;
		w->to = *from;
	}
}

void
timeline_only_kind(struct timeline *tl, enum source_kind k)
{
	if (k > KIND_UNKNOWN && k < KIND__COUNT)
		tl->kinds |= (uint64_t)1 << k;
}

void
timeline_set_utc_offset(struct timeline *tl, int offset_min)
{
	tl->offset_known = 1;
	tl->offset_min = offset_min;
}

static int64_t
abs64(int64_t x)
{
	return x < 0 ? -x : x;
}

/*
 * Where t falls: inside a window (returns 1, *dist the distance to the
 * nearest centre of the windows that hold it), or not (returns 0, *dist
 * the distance to the nearest window).  With no window every time is
 * inside, at distance 0: the newest are then kept.
 */
static int
place(const struct timeline *tl, int64_t t, int64_t *dist)
{
	const struct timeline_window *w;
	int64_t c, d, best_in = -1, best_out = -1;
	size_t i;

	if (tl->nwindows == 0) {
		*dist = 0;
		return 1;
	}
	for (i = 0; i < tl->nwindows; i++) {
		w = &tl->windows[i];
		if (t >= w->from.us && t <= w->to.us) {
			c = w->from.us + (w->to.us - w->from.us) / 2;
			d = abs64(t - c);
			if (best_in < 0 || d < best_in)
				best_in = d;
		} else {
			d = t < w->from.us ? w->from.us - t : t - w->to.us;
			if (best_out < 0 || d < best_out)
				best_out = d;
		}
	}
	if (best_in >= 0) {
		*dist = best_in;
		return 1;
	}
	*dist = best_out;
	return 0;
}

/* 1 if the cap drops a before b: farther, then earlier on the timeline
 * (so that without a window what stays is the timeline's tail). */
static int
worse(const struct timeline_entry *a, const struct timeline_entry *b)
{
	if (a->far != b->far)
		return a->far > b->far;
	if (a->dist != b->dist)
		return a->dist > b->dist;
	if (a->time.us != b->time.us)
		return a->time.us < b->time.us;
	if (a->member_seq != b->member_seq)
		return a->member_seq < b->member_seq;
	return a->line < b->line;
}

static void
swap_entries(struct timeline_entry *a, struct timeline_entry *b)
{
	struct timeline_entry t = *a;

	*a = *b;
	*b = t;
}

static void
sift_up(struct timeline_entry *v, size_t i)
{
	size_t p;

	while (i > 0) {
		p = (i - 1) / 2;
		if (!worse(&v[i], &v[p]))
			break;
		swap_entries(&v[i], &v[p]);
		i = p;
	}
}

static void
sift_down(struct timeline_entry *v, size_t n, size_t i)
{
	size_t l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < n && worse(&v[l], &v[m]))
			m = l;
		if (r < n && worse(&v[r], &v[m]))
			m = r;
		if (m == i)
			break;
		swap_entries(&v[i], &v[m]);
		i = m;
	}
}

static int
is_base64(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
}

/*
 * The first line of the record's text, at most TIMELINE_TEXT_MAX bytes,
 * cut between UTF-8 characters.  A cut never keeps the head of a base64
 * run: a key cut short no longer reads as one to redact().
 */
static char *
first_line(const struct record *r, int *cut)
{
	const char *s = r->text != NULL ? r->text : r->msg;
	size_t len = r->text != NULL ? r->text_len : r->msg_len;
	const char *nl;
	size_t n;

	*cut = 0;
	if (s == NULL)
		return xstrdup("");
	n = (nl = memchr(s, '\n', len)) != NULL ? (size_t)(nl - s) : len;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n > TIMELINE_TEXT_MAX) {
		n = text_utf8_prefix(s, n, TIMELINE_TEXT_MAX);
		if (is_base64(s[n]))
			while (n > 0 && is_base64(s[n - 1]))
				n--;
		*cut = 1;
	}
	return xstrndup(s, n);
}

/* One of the four levels of record.h as a static string, or NULL. */
static const char *
level_static(const char *level)
{
	static const char *const levels[] = {
		"ERROR", "WARNING", "INFO", "VERBOSE",
	};
	size_t i;

	if (level == NULL)
		return NULL;
	for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(level, levels[i]) == 0)
			return levels[i];
	return NULL;
}

static void
fill(struct timeline_entry *e, const struct record *r)
{
	e->file = xstrdup(r->member->path);
	e->kind = r->kind;
	e->level = level_static(r->level);
	e->text = first_line(r, &e->cut);
	e->cause = NULL;
}

/*
 * Offers the record (key: its time, position and rank) to a pool of at
 * most cap; the record is copied only if it stays.  Returns 1 when the
 * cap dropped an entry (the pool's worst or the one offered), *far then
 * says whether that one lay outside every window.
 */
static int
pool_offer(struct timeline_entry **v, size_t *n, size_t *alloc, size_t cap,
    const struct timeline_entry *key, const struct record *r, int *far)
{
	struct timeline_entry *e;

	if (*n < cap) {
		if (*n == *alloc) {
			*alloc = *alloc == 0 ? 64 : *alloc * 2;
			if (*alloc > cap)
				*alloc = cap;
			*v = xreallocarray(*v, *alloc, sizeof **v);
		}
		e = &(*v)[(*n)++];
		*e = *key;
		fill(e, r);
		sift_up(*v, *n - 1);
		return 0;
	}
	if (cap == 0 || !worse(&(*v)[0], key)) {
		*far = key->far;
		return 1;
	}
	e = &(*v)[0];
	*far = e->far;
	entry_release(e);
	*e = *key;
	fill(e, r);
	sift_down(*v, *n, 0);
	return 1;
}

void
timeline_tap(void *arg, const struct record *r)
{
	struct timeline *tl = arg;
	struct timeline_entry key;
	int in, local, far;

	if (tl->kinds != 0 && (r->kind <= KIND_UNKNOWN ||
	    r->kind >= KIND__COUNT || !(tl->kinds & ((uint64_t)1 << r->kind))))
		return;
	if (r->time.zone == VTIME_NONE) {
		tl->untimed++;
		return;
	}
	memset(&key, 0, sizeof key);
	key.time = r->time;
	key.member_seq = r->member->seq;
	key.line = r->line;
	local = r->time.zone == VTIME_LOCAL;
	if (local && tl->offset_known) {
		key.time.us -= (int64_t)tl->offset_min * 60 * 1000000;
		key.time.zone = VTIME_UTC;
		key.shifted = 1;
		key.offset_min = tl->offset_min;
		local = 0;
	}
	in = place(tl, key.time.us, &key.dist);
	/* A local time of unknown offset is in a window if some offset
	 * puts it there: finish() decides. */
	if (!in && (!local || key.dist > TIMELINE_LOCAL_SPREAD_US)) {
		tl->outside++;
		return;
	}
	key.far = !in;
	if (!local) {
		if (pool_offer(&tl->v, &tl->n, &tl->valloc, tl->cap, &key, r,
		    &far))
			tl->dropped++;
	} else if (pool_offer(&tl->local, &tl->nlocal, &tl->localloc,
	    tl->cap, &key, r, &far)) {
		if (far)
			tl->local_near++;
		else
			tl->local_in++;
	}
}

static int
cmp_keep(const void *a, const void *b)
{
	const struct timeline_entry *x = a, *y = b;

	if (worse(x, y))
		return 1;
	if (worse(y, x))
		return -1;
	return 0;
}

static int
cmp_time(const void *a, const void *b)
{
	const struct timeline_entry *x = a, *y = b;

	if (x->time.us != y->time.us)
		return x->time.us < y->time.us ? -1 : 1;
	if (x->member_seq != y->member_seq)
		return x->member_seq < y->member_seq ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	/* Sources without lines: a local time after a UTC one. */
	if (x->time.zone != y->time.zone)
		return x->time.zone < y->time.zone ? -1 : 1;
	return strcmp(x->text, y->text);
}

/*
 * The local pool joins the main one: made UTC if the offset is known,
 * then held against the windows exactly.  The local records the cap
 * dropped during the walk were ranked as if UTC: that is exact when the
 * offset is zero or unknown (they were ranked right) or when there is no
 * window (the newest stay the newest, whatever the offset).
 */
static void
merge_local(struct timeline *tl, const struct analysis *an)
{
	struct timeline_entry *e;
	int known = an != NULL && an->utc_offset_known;
	int off = known ? an->utc_offset_min : 0;
	size_t i;

	if (off != 0 && tl->nwindows > 0 &&
	    tl->local_in + tl->local_near > 0) {
		tl->inexact = 1;
		tl->dropped += tl->local_in + tl->local_near;
	} else {
		tl->dropped += tl->local_in;
		tl->outside += tl->local_near;
	}
	if (tl->nlocal == 0)
		return;
	if (tl->n + tl->nlocal > tl->valloc) {
		tl->valloc = tl->n + tl->nlocal;
		tl->v = xreallocarray(tl->v, tl->valloc, sizeof *tl->v);
	}
	for (i = 0; i < tl->nlocal; i++) {
		e = &tl->local[i];
		if (known) {
			e->time.us -= (int64_t)off * 60 * 1000000;
			e->time.zone = VTIME_UTC;
			e->shifted = 1;
			e->offset_min = off;
		}
		if (!place(tl, e->time.us, &e->dist)) {
			tl->outside++;
			entry_release(e);
			continue;
		}
		e->far = 0;
		tl->v[tl->n++] = *e;
	}
	free(tl->local);
	tl->local = NULL;
	tl->nlocal = tl->localloc = 0;
	if (tl->n > tl->cap) {
		qsort(tl->v, tl->n, sizeof *tl->v, cmp_keep);
		for (i = tl->cap; i < tl->n; i++)
			entry_release(&tl->v[i]);
		tl->dropped += tl->n - tl->cap;
		tl->n = tl->cap;
	}
}

/* 1 if the entry is the record the evidence points at. */
static int
is_evidence(const struct timeline_entry *e, const struct evidence *ev)
{
	if (e->member_seq != ev->member_seq || e->line != ev->line)
		return 0;
	if (e->line != 0)
		return 1;
	/* A source without lines (JSON): the same time and text. */
	return ev->text != NULL && e->time.zone == ev->time.zone &&
	    e->time.us == ev->time.us &&
	    strncmp(ev->text, e->text, strlen(e->text)) == 0;
}

static void
mark_evidence(struct timeline *tl, const struct diagnosis *d)
{
	const struct verdict *v;
	size_t f, j, i;

	for (f = 0; f < d->nfindings; f++) {
		v = &d->v[d->findings[f]];
		for (j = 0; j < v->nev; j++)
			for (i = 0; i < tl->n; i++)
				if (tl->v[i].cause == NULL &&
				    is_evidence(&tl->v[i], &v->ev[j]))
					tl->v[i].cause = v->cause->id;
	}
	/* The failed job and what Azure saw: labelled with the code. */
	for (j = 0; j < d->nsymptom_ev; j++)
		for (i = 0; i < tl->n; i++)
			if (tl->v[i].cause == NULL &&
			    is_evidence(&tl->v[i], &d->symptom_ev[j]))
				tl->v[i].cause = d->symptom_code;
}

void
timeline_finish(struct timeline *tl, const struct analysis *an,
    const struct diagnosis *d)
{
	if (tl->finished)
		return;
	tl->finished = 1;
	merge_local(tl, an);
	if (tl->n > 1)
		qsort(tl->v, tl->n, sizeof *tl->v, cmp_time);
	if (d != NULL)
		mark_evidence(tl, d);
}

void
timeline_time(const struct timeline_entry *e, char *buf, size_t len)
{
	struct vtime t;
	int64_t ms;

	/* Whole seconds through vtime_format(), then milliseconds. */
	ms = e->time.us / 1000 % 1000;
	t.us = e->time.us - (e->time.us % 1000000);
	if (ms < 0) {
		ms += 1000;
		t.us -= 1000000;
	}
	t.zone = VTIME_LOCAL;
	vtime_format(&t, buf, len);
	snprintf(buf + strlen(buf), len - strlen(buf), ".%03d%s", (int)ms,
	    e->time.zone == VTIME_UTC ? "Z" : "");
}

int
timeline_walk(struct timeline *tl, const struct analysis *an,
    const struct diagnosis *d, char **err)
{
	struct packset none;
	struct analysis again;
	int r;

	memset(&none, 0, sizeof none);
	if (an->utc_offset_known)
		timeline_set_utc_offset(tl, an->utc_offset_min);
	analysis_init(&again, &none, an->limits);
	again.progress = an->progress;
	again.progress_arg = an->progress_arg;
	again.tap = timeline_tap;
	again.tap_arg = tl;
	r = analyze_run(&again, an->path, err);
	analysis_free(&again);
	if (r == 0)
		timeline_finish(tl, an, d);
	return r;
}

static void
window_around(struct timeline *tl, const struct evidence *ev, long span)
{
	struct vtime from, to;

	if (ev->time.zone != VTIME_UTC)
		return;
	from = to = ev->time;
	from.us -= (int64_t)span * 1000000;
	to.us += (int64_t)span * 1000000;
	timeline_add_window(tl, &from, &to);
}

size_t
timeline_around_evidence(struct timeline *tl, const struct diagnosis *d,
    long span)
{
	const struct verdict *v;
	size_t f, j, before = tl->nwindows;

	for (f = 0; f < d->nfindings; f++) {
		v = &d->v[d->findings[f]];
		for (j = 0; j < v->nev; j++)
			window_around(tl, &v->ev[j], span);
	}
	for (j = 0; j < d->nsymptom_ev; j++)
		window_around(tl, &d->symptom_ev[j], span);
	return tl->nwindows - before;
}
