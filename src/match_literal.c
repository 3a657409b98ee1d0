/*
 * The search looks at windows of FP_WIDTH bytes (3 when a literal is
 * that short), folded by setting bit 5 of each byte (which maps 'A' to
 * 'a' and a few punctuation pairs onto each other: harmless, since every
 * hit is checked).  Not every window: one every step bytes, step being
 * as large as the shortest literal allows (STEP_MAX at most); each
 * literal is then entered by step consecutive windows, where its bytes
 * look rarest, so that one of them falls on a position looked at
 * wherever the literal is.  A hash of the window indexes a bitmap; where
 * the bit is set, the bucket of that hash names the literals to check
 * whole.  Each position costs a load, a multiply and a bit test with
 * nothing carried from one position to the next, so the processor
 * overlaps them; an Aho-Corasick table walk waits on one load per byte
 * (it was tried first: 3x slower).  Anchored literals are compared at
 * the start of the buffer only.  litset_tune() chooses the windows again
 * by counts of a log's own text, where a table of English letters
 * chooses common words of the log.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match_literal.h"
#include "xalloc.h"

#define FP_WIDTH	4
#define FP_BITS		16	/* an 8 KiB bitmap */
#define FP_MUL		0x9e3779b1u
#define BUCKET_BITS	10
/* The most positions a scan skips: a literal of FP_WIDTH + STEP_MAX - 1
 * bytes or more has a window at one of every STEP_MAX positions. */
#define STEP_MAX	8
#if FP_WIDTH + STEP_MAX - 1 != LITSET_FULL_STEP_LEN
#error "LITSET_FULL_STEP_LEN is not the scan's"
#endif

struct lit {
	char		*s;		/* folded if caseless */
	size_t		 len;
	int		 caseless;
	int		 anchored;
	size_t		*groups;
	size_t		 ngroups;
};

/* The window a literal is looked for by, at offset off in it. */
struct fp {
	uint32_t	 v;
	uint32_t	 h;		/* fp_hash(v) */
	uint32_t	 lit;
	uint32_t	 off;
};

struct litset {
	size_t		 ngroups;
	size_t		 nwords;
	struct lit	*lits;
	size_t		 nlits;
	/* Groups with a caseless literal that has a letter. */
	uint64_t	*unicode;
	int		 has_unicode;

	int		 built;
	/* Literals that start the buffer are compared there, no scan:
	 * those whose first byte, folded, is c are anch[anch_at[c]] to
	 * anch[anch_at[c + 1]] (many messages begin with a letter some
	 * anchored literal does). */
	uint32_t	*anch;
	uint32_t	 anch_at[256 + 1];
	int		 has_anchored;
	int		 has_float;	/* literals looked for anywhere */
	size_t		 width;		/* FP_WIDTH or 3 */
	size_t		 step;		/* positions from one window to the
					   next looked at */
	uint32_t	 wmask;		/* the window's bytes of a load */
	uint64_t	 bits[(1u << FP_BITS) / 64];
	struct fp	*fps;		/* by h */
	size_t		 nfps;
	/* fps of hashes with the top BUCKET_BITS bits b: from bucket[b]
	 * to bucket[b + 1]. */
	uint32_t	 bucket[(1u << BUCKET_BITS) + 1];
};

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

struct litset *
litset_new(size_t ngroups)
{
	struct litset *ls;

	ls = xcalloc(1, sizeof *ls);
	ls->ngroups = ngroups;
	ls->nwords = (ngroups + 63) / 64;
	ls->unicode = xcalloc(ls->nwords + 1, sizeof *ls->unicode);
	return ls;
}

void
litset_free(struct litset *ls)
{
	size_t i;

	if (ls == NULL)
		return;
	for (i = 0; i < ls->nlits; i++) {
		free(ls->lits[i].s);
		free(ls->lits[i].groups);
	}
	free(ls->lits);
	free(ls->unicode);
	free(ls->fps);
	free(ls->anch);
	free(ls);
}

size_t
litset_count(const struct litset *ls)
{
	return ls->nlits;
}

size_t
litset_words(const struct litset *ls)
{
	return ls->nwords;
}

void
litset_add(struct litset *ls, const char *s, size_t len, int caseless,
    int anchored, size_t group)
{
	struct lit *l = NULL;
	size_t i;

	if (len < 3 || group >= ls->ngroups || ls->built)
		fatal("litset_add: bad literal");
	for (i = 0; i < ls->nlits; i++) {
		l = &ls->lits[i];
		if (l->len != len || l->caseless != caseless ||
		    l->anchored != anchored)
			continue;
		if (caseless ? strncasecmp(l->s, s, len) == 0 :
		    memcmp(l->s, s, len) == 0)
			break;
	}
	if (i == ls->nlits) {
		ls->lits = xreallocarray(ls->lits, ls->nlits + 1,
		    sizeof *ls->lits);
		l = &ls->lits[ls->nlits++];
		memset(l, 0, sizeof *l);
		l->s = xmalloc(len + 1);
		for (i = 0; i < len; i++)
			l->s[i] = caseless ? (char)fold((unsigned char)s[i]) :
			    s[i];
		l->s[len] = '\0';
		l->len = len;
		l->caseless = caseless;
		l->anchored = anchored;
	}
	for (i = 0; i < l->ngroups; i++)
		if (l->groups[i] == group)
			break;
	if (i == l->ngroups) {
		l->groups = xreallocarray(l->groups, l->ngroups + 1,
		    sizeof *l->groups);
		l->groups[l->ngroups++] = group;
	}
	for (i = 0; caseless && i < len; i++)
		if (fold((unsigned char)s[i]) >= 'a' &&
		    fold((unsigned char)s[i]) <= 'z') {
			ls->unicode[group / 64] |= (uint64_t)1 << (group % 64);
			ls->has_unicode = 1;
			break;
		}
}

/* The folded window at p, of which at least width bytes exist. */
static inline uint32_t
window(const struct litset *ls, const unsigned char *p, size_t avail)
{
	uint32_t v = 0;

	memcpy(&v, p, avail < 4 ? avail : 4);
	return (v | 0x20202020u) & ls->wmask;
}

static inline uint32_t
fp_hash(uint32_t v)
{
	return (v * FP_MUL) >> (32 - FP_BITS);
}

/*
 * How common a byte is in log text, roughly: lower-case letters and
 * blanks by their frequency in English, then capitals, digits and
 * punctuation.  The window of a literal with the lowest sum is the one
 * looked for, so that "Fetching the goal state failed" is not checked at
 * every "Fetching".
 */
static unsigned
commonness(unsigned char c)
{
	static const char freq[] = "etaoinsrhldcumfpgwybvkxjqz";
	const char *f;

	c = fold(c);
	if (c == ' ')
		return 30;
	if (c >= 'a' && c <= 'z') {
		f = strchr(freq, c);
		return 26 - (unsigned)(f - freq) / 2;
	}
	if (c >= '0' && c <= '9')
		return 10;
	return 6;
}

/* The slot of a folded window in a litset_count_windows() table. */
static inline uint32_t
tune_slot(uint32_t v)
{
	return fp_hash(v) >> (FP_BITS - LITSET_TUNE_BITS);
}

/*
 * The first of the step windows to look for the literal by: with counts,
 * those the counted text holds least; without, those whose letters are
 * rarest in English.
 */
static size_t
rarest_window(const struct litset *ls, const struct lit *l,
    const uint32_t *counts)
{
	size_t o, j, best = 0, span = ls->width + ls->step - 1;
	uint64_t sum, min = (uint64_t)-1;

	for (o = 0; o + span <= l->len; o++) {
		sum = 0;
		if (counts != NULL)
			for (j = 0; j < ls->step; j++)
				sum += counts[tune_slot(window(ls,
				    (const unsigned char *)l->s + o + j,
				    l->len - o - j))];
		else
			for (j = 0; j < span; j++)
				sum += commonness((unsigned char)l->s[o + j]);
		/* Ties go to the later window: the end of a message tells
		 * more than its common start. */
		if (sum <= min) {
			min = sum;
			best = o;
		}
	}
	return best;
}

static int
fp_cmp(const void *a, const void *b)
{
	const struct fp *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->lit < y->lit ? -1 : x->lit > y->lit;
}

static void
build(struct litset *ls, const uint32_t *counts)
{
	static const unsigned char ones[4] = { 0xff, 0xff, 0xff, 0x00 };
	const struct lit *l;
	struct fp *f;
	size_t i, j, o;
	uint32_t h, pos[256];

	ls->built = 1;
	ls->width = FP_WIDTH;
	ls->step = STEP_MAX;
	for (i = 0; i < ls->nlits; i++) {
		l = &ls->lits[i];
		if (l->anchored) {
			ls->anch_at[fold((unsigned char)l->s[0]) + 1]++;
			ls->has_anchored = 1;
			continue;
		}
		ls->has_float = 1;
		if (l->len < ls->width)
			ls->width = l->len;
	}
	/* Counted above into anch_at[c + 1]: the sums give each first
	 * byte's start, and pos its next free slot. */
	for (j = 0; j < 256; j++)
		ls->anch_at[j + 1] += ls->anch_at[j];
	memcpy(pos, ls->anch_at, sizeof pos);
	ls->anch = xcalloc(ls->anch_at[256] + 1, sizeof *ls->anch);
	for (i = 0; i < ls->nlits; i++)
		if (ls->lits[i].anchored)
			ls->anch[pos[fold((unsigned char)ls->lits[i].s[0])]++] =
			    (uint32_t)i;
	for (i = 0; i < ls->nlits; i++)
		if (!ls->lits[i].anchored &&
		    ls->lits[i].len - ls->width + 1 < ls->step)
			ls->step = ls->lits[i].len - ls->width + 1;
	ls->wmask = 0xffffffffu;
	if (ls->width == 3)
		memcpy(&ls->wmask, ones, 4);
	ls->fps = xcalloc(ls->nlits * ls->step + 1, sizeof *ls->fps);
	for (i = 0; i < ls->nlits; i++) {
		l = &ls->lits[i];
		if (l->anchored)
			continue;
		/* step windows in a row: one of them is at a position the
		 * scan looks at, wherever the literal is. */
		o = rarest_window(ls, l, counts);
		for (j = 0; j < ls->step; j++) {
			f = &ls->fps[ls->nfps++];
			f->off = (uint32_t)(o + j);
			f->v = window(ls, (const unsigned char *)l->s + f->off,
			    l->len - f->off);
			f->lit = (uint32_t)i;
			h = f->h = fp_hash(f->v);
			ls->bits[h / 64] |= (uint64_t)1 << (h % 64);
		}
	}
	qsort(ls->fps, ls->nfps, sizeof *ls->fps, fp_cmp);
	for (i = 0, j = 0; j <= (1u << BUCKET_BITS); j++) {
		while (i < ls->nfps &&
		    ls->fps[i].h >> (FP_BITS - BUCKET_BITS) < j)
			i++;
		ls->bucket[j] = (uint32_t)i;
	}
}

void
litset_build(struct litset *ls)
{
	build(ls, NULL);
}

void
litset_count_windows(uint32_t *counts, const char *s, size_t n)
{
	uint32_t v;
	size_t i;

	for (i = 0; i + 4 <= n; i++) {
		memcpy(&v, s + i, 4);
		counts[tune_slot(v | 0x20202020u)]++;
	}
}

struct litset *
litset_tune(const struct litset *base, const uint32_t *counts)
{
	struct litset *ls;
	const struct lit *l;
	size_t i, g;

	/* Counts are of 4-byte windows; a set with a 3-byte literal, or
	 * only anchored ones, has nothing to gain. */
	if (!base->built || !base->has_float || base->width != FP_WIDTH)
		return NULL;
	ls = litset_new(base->ngroups);
	for (i = 0; i < base->nlits; i++) {
		l = &base->lits[i];
		for (g = 0; g < l->ngroups; g++)
			litset_add(ls, l->s, l->len, l->caseless, l->anchored,
			    l->groups[g]);
	}
	build(ls, counts);
	return ls;
}

/* 1 if the literal occurs whole at p (n bytes available from p). */
static int
lit_at(const struct lit *l, const unsigned char *p, size_t n)
{
	size_t i;

	if (n < l->len)
		return 0;
	if (!l->caseless)
		return memcmp(p, l->s, l->len) == 0;
	for (i = 0; i < l->len; i++)
		if (fold(p[i]) != (unsigned char)l->s[i])
			return 0;
	return 1;
}

static void
mark(const struct lit *l, uint64_t *mask)
{
	size_t g;

	for (g = 0; g < l->ngroups; g++)
		mask[l->groups[g] / 64] |= (uint64_t)1 << (l->groups[g] % 64);
}

/* The literals whose window is v (of hash h), checked where that
 * window is at p[i]. */
static void
verify(const struct litset *ls, uint32_t v, uint32_t h,
    const unsigned char *p, size_t i, size_t n, uint64_t *mask)
{
	const struct fp *f;
	size_t j, end;

	j = ls->bucket[h >> (FP_BITS - BUCKET_BITS)];
	end = ls->bucket[(h >> (FP_BITS - BUCKET_BITS)) + 1];
	for (; j < end; j++) {
		f = &ls->fps[j];
		if (f->v == v && f->off <= i &&
		    lit_at(&ls->lits[f->lit], p + i - f->off, n - i + f->off))
			mark(&ls->lits[f->lit], mask);
	}
}

/* 1 if a byte of s[0..n) is beyond ASCII. */
static int
has_high(const unsigned char *s, size_t n)
{
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= s[i];
	return (acc & 0x8080808080808080ull) != 0;
}

void
litset_scan(const struct litset *ls, const char *s, size_t n,
    uint64_t *mask)
{
	const unsigned char *p = (const unsigned char *)s;
	const uint64_t *bits = ls->bits;
	const struct lit *l;
	uint32_t v, h, wmask = ls->wmask;
	size_t i, w, step = ls->step;
	unsigned char c;

	if (ls->has_anchored && n > 0) {
		c = fold(p[0]);
		for (i = ls->anch_at[c]; i < ls->anch_at[c + 1]; i++) {
			l = &ls->lits[ls->anch[i]];
			if (lit_at(l, p, n))
				mark(l, mask);
		}
	}
	if (!ls->has_float || n < ls->width)
		goto out;
	/* Whole loads while 4 bytes remain, then a last 3-byte window. */
	for (i = 0; i + 4 <= n; i += step) {
		memcpy(&v, p + i, 4);
		v = (v | 0x20202020u) & wmask;
		h = fp_hash(v);
		if ((bits[h / 64] >> (h % 64)) & 1)
			verify(ls, v, h, p, i, n, mask);
	}
	if (ls->width == 3 && i + 3 <= n) {
		v = window(ls, p + i, 3);
		h = fp_hash(v);
		if ((bits[h / 64] >> (h % 64)) & 1)
			verify(ls, v, h, p, i, n, mask);
	}
out:
	if (ls->has_unicode && has_high(p, n))
		for (w = 0; w < ls->nwords; w++)
			mask[w] |= ls->unicode[w];
}
