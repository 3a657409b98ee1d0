#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "facts.h"
#include "pack.h"
#include "text.h"
#include "vercmp.h"
#include "xalloc.h"

void
evidence_set(struct evidence *ev, const struct record *r)
{
	size_t n;

	if (ev->file == NULL || strcmp(ev->file, r->member->path) != 0) {
		free(ev->file);
		ev->file = xstrdup(r->member->path);
	}
	ev->member_seq = r->member->seq;
	ev->kind = r->kind;
	ev->line = r->line;
	ev->lines = r->lines;
	ev->time = r->time;
	ev->shifted = 0;
	ev->offset_min = 0;
	n = text_utf8_prefix(r->text, r->text_len, EVIDENCE_TEXT_MAX);
	ev->cut = r->cut || n < r->text_len;
	/* A signal's last hit changes with most of its hits: the text's
	 * room is kept. */
	if (ev->text_size < n + 1) {
		free(ev->text);
		ev->text_size = n + 1 < 256 ? 256 : n + 1;
		ev->text = xmalloc(ev->text_size);
	}
	memcpy(ev->text, r->text, n);
	ev->text[n] = '\0';
}

void
evidence_copy(struct evidence *dst, const struct evidence *src)
{
	evidence_release(dst);
	*dst = *src;
	dst->file = src->file != NULL ? xstrdup(src->file) : NULL;
	dst->text = src->text != NULL ? xstrdup(src->text) : NULL;
	dst->text_size = 0;
}

void
evidence_release(struct evidence *ev)
{
	free(ev->file);
	free(ev->text);
	memset(ev, 0, sizeof *ev);
}

void
evidence_shift(struct evidence *ev, int offset_min)
{
	if (ev->time.zone != VTIME_LOCAL)
		return;
	ev->time.us -= (int64_t)offset_min * 60 * 1000000;
	ev->time.zone = VTIME_UTC;
	ev->shifted = 1;
	ev->offset_min = offset_min;
}

int
evidence_order(const struct evidence *a, const struct evidence *b)
{
	if (a->time.zone != VTIME_NONE && a->time.zone == b->time.zone &&
	    a->time.us != b->time.us)
		return a->time.us < b->time.us ? -1 : 1;
	if (a->member_seq != b->member_seq)
		return a->member_seq < b->member_seq ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return 0;
}

void
facts_init(struct facts *fs)
{
	memset(fs, 0, sizeof *fs);
}

void
facts_free(struct facts *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i]->id);
		free(fs->v[i]->value);
		evidence_release(&fs->v[i]->ev);
		free(fs->v[i]);
	}
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}


static int
value_cmp(enum fact_type type, const char *a, const char *b)
{
	double x, y;

	switch (type) {
	case FACT_VERSION:
		return vercmp(a, b);
	case FACT_NUMBER:
		x = strtod(a, NULL);
		y = strtod(b, NULL);
		return x < y ? -1 : x > y;
	default:
		return strcmp(a, b);
	}
}

/* 1 if the offered value should replace the one kept. */
static int
offer_wins(const struct fact_def *def, const struct fact *f,
    const char *value, const struct evidence *ev)
{
	switch (def->take) {
	case TAKE_FIRST:
		return evidence_order(ev, &f->ev) < 0;
	case TAKE_MAX:
		return value_cmp(def->type, value, f->value) > 0;
	case TAKE_MIN:
		return value_cmp(def->type, value, f->value) < 0;
	default:
		return evidence_order(ev, &f->ev) >= 0;
	}
}

static struct fact *
fact_find(const struct facts *fs, const char *id)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i]->id, id) == 0)
			return fs->v[i];
	return NULL;
}

static void
fact_append(struct facts *fs, struct fact *f)
{
	fs->v = xreallocarray(fs->v, fs->n + 1, sizeof *fs->v);
	fs->v[fs->n++] = f;
}

/* The value of f becomes value, if it differs. */
static void
fact_set_value(struct fact *f, const char *value)
{
	if (strcmp(f->value, value) != 0) {
		free(f->value);
		f->value = xstrdup(value);
	}
}

void
facts_offer(struct facts *fs, const struct fact_def *def, const char *id,
    const char *value, const struct record *r)
{
	struct evidence ev;
	struct fact *f;

	/* A version fact must hold a version: "2.2.53.1", not "unknown". */
	if (def->type == FACT_VERSION && !version_valid(value))
		return;
	if ((f = fact_find(fs, id)) == NULL) {
		f = xcalloc(1, sizeof *f);
		f->id = xstrdup(id);
		f->value = xstrdup(value);
		f->def = def;
		evidence_set(&f->ev, r);
		fact_append(fs, f);
		return;
	}
	memset(&ev, 0, sizeof ev);
	ev.member_seq = r->member->seq;
	ev.line = r->line;
	ev.time = r->time;
	if ((def->take == TAKE_FIRST || def->take == TAKE_LAST) &&
	    ev.time.zone != f->ev.time.zone)
		fs->zones_mixed = 1;
	if (!offer_wins(def, f, value, &ev))
		return;
	fact_set_value(f, value);
	evidence_set(&f->ev, r);
}

const struct fact *
facts_get(const struct facts *fs, const char *id)
{
	return fact_find(fs, id);
}

void
facts_merge(struct facts *fs, struct facts *from, unsigned long line_shift)
{
	struct fact *f, *mine;
	size_t i, j;

	for (i = 0; i < from->n; i++) {
		f = from->v[i];
		f->ev.line += line_shift;
		/* Each fact of from is the offer that won there; offered
		 * here after fs's own, it wins as it would have then. */
		if ((mine = fact_find(fs, f->id)) == NULL) {
			fact_append(fs, f);
			from->v[i] = NULL;
		} else if (offer_wins(f->def, mine, f->value, &f->ev)) {
			fact_set_value(mine, f->value);
			evidence_copy(&mine->ev, &f->ev);
		}
	}
	for (i = j = 0; i < from->n; i++)
		if (from->v[i] != NULL)
			from->v[j++] = from->v[i];
	from->n = j;
}

static int
fact_cmp(const void *a, const void *b)
{
	return strcmp((*(struct fact *const *)a)->id,
	    (*(struct fact *const *)b)->id);
}

void
facts_sort(struct facts *fs)
{
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof *fs->v, fact_cmp);
}
