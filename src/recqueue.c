/*
 * Two batches: the parser fills one while the thread empties the other.
 * The thread starts when the first batch is full: most members are
 * smaller than a batch, and those are matched by the caller at the end,
 * without a thread (whose start costs more than their matching).
 * A record is laid out as its scalars, then its strings, each a length
 * and the bytes with a NUL, so that the copy read back points into the
 * batch.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recqueue.h"
#include "strbuf.h"
#include "xalloc.h"

struct batch {
	struct strbuf	 buf;
	int		 full;		/* handed to the thread */
};

struct recqueue {
	struct sink	 to;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct batch	 b[2];
	size_t		 batch_bytes;
	unsigned	 fill;		/* the batch being filled */
	int		 started;	/* the thread runs */
	int		 quit;
};

/* The scalars of a record, as queued. */
struct rechead {
	const struct member	*member;
	unsigned long		 line;
	int64_t			 us;
	unsigned		 lines;
	int			 kind;
	int			 zone;
	int			 cut;
	int			 level;		/* in level_names, or
						   LEVEL_* */
	int			 msg_in_text;	/* msg is text + msg_off */
	int			 deferred;
	size_t			 msg_off;
	unsigned		 nfields;
};

static const char *const level_names[] = {
	"ERROR", "WARNING", "INFO", "VERBOSE",
};
#define LEVEL_NONE	4
#define LEVEL_OTHER	5	/* a string follows */

static char *
put_str(char *p, const char *s, size_t n)
{
	memcpy(p, &n, sizeof n);
	p += sizeof n;
	memcpy(p, s, n);
	p[n] = '\0';
	return p + n + 1;
}

static const char *
get_str(const char **p, size_t *n)
{
	const char *s;

	memcpy(n, *p, sizeof *n);
	s = *p + sizeof *n;
	*p = s + *n + 1;
	return s;
}

/* Copies the record to the end of b, grown once. */
static void
recbatch_put(struct strbuf *b, const struct record *r)
{
	struct rechead h;
	size_t len[2 * RECORD_FIELDS_MAX], total, i, level_len = 0;
	char *p;

	memset(&h, 0, sizeof h);
	h.member = r->member;
	h.line = r->line;
	h.us = r->time.us;
	h.lines = r->lines;
	h.kind = (int)r->kind;
	h.zone = (int)r->time.zone;
	h.cut = r->cut;
	h.deferred = r->deferred;
	h.level = LEVEL_NONE;
	/* Parsers give the level as a constant string, which the linker
	 * makes one with ours: the pointers mostly say it. */
	for (i = 0; r->level != NULL && i < LEVEL_NONE; i++)
		if (r->level == level_names[i] ||
		    (r->level[0] == level_names[i][0] &&
		    strcmp(r->level, level_names[i]) == 0)) {
			h.level = (int)i;
			break;
		}
	if (r->level != NULL && h.level == LEVEL_NONE) {
		h.level = LEVEL_OTHER;
		level_len = strlen(r->level);
	}
	/* The message is mostly the end of the text: kept once. */
	h.msg_in_text = (uintptr_t)r->msg >= (uintptr_t)r->text &&
	    (uintptr_t)r->msg + r->msg_len ==
	    (uintptr_t)r->text + r->text_len;
	h.msg_off = h.msg_in_text ? (size_t)(r->msg - r->text) : 0;
	h.nfields = r->nfields;

	total = sizeof h + sizeof(size_t) + r->text_len + 1;
	if (h.level == LEVEL_OTHER)
		total += sizeof(size_t) + level_len + 1;
	if (!h.msg_in_text)
		total += sizeof(size_t) + r->msg_len + 1;
	for (i = 0; i < r->nfields; i++) {
		len[2 * i] = strlen(r->fields[i].name);
		len[2 * i + 1] = strlen(r->fields[i].value);
		total += 2 * (sizeof(size_t) + 1) + len[2 * i] +
		    len[2 * i + 1];
	}
	if (b->alloc < b->len + total + 1) {
		while (b->alloc < b->len + total + 1)
			b->alloc = b->alloc < 64 ? 64 : b->alloc * 2;
		b->buf = xrealloc(b->buf, b->alloc);
	}
	p = b->buf + b->len;
	memcpy(p, &h, sizeof h);
	p += sizeof h;
	if (h.level == LEVEL_OTHER)
		p = put_str(p, r->level, level_len);
	p = put_str(p, r->text, r->text_len);
	if (!h.msg_in_text)
		p = put_str(p, r->msg, r->msg_len);
	for (i = 0; i < r->nfields; i++) {
		p = put_str(p, r->fields[i].name, len[2 * i]);
		p = put_str(p, r->fields[i].value, len[2 * i + 1]);
	}
	b->len = (size_t)(p - b->buf);
}

/* Hands the records of b's first len bytes (a length b had after a
 * put) to a sink, in order, each as it was put. */
static void
recbatch_replay(const struct strbuf *b, size_t len, const struct sink *to)
{
	struct rechead h;
	struct record r;
	const char *p = b->buf, *end;
	size_t n;
	unsigned i;

	/* A batch nothing was put in has no buffer. */
	if (p == NULL)
		return;
	end = p + (len < b->len ? len : b->len);
	while (p < end) {
		memcpy(&h, p, sizeof h);
		p += sizeof h;
		/* Member by member: a memset becomes a slow "rep stos". */
		r.level = NULL;
		r.kind = (enum source_kind)h.kind;
		r.member = h.member;
		r.line = h.line;
		r.lines = h.lines;
		r.time.us = h.us;
		r.time.zone = (enum vtime_zone)h.zone;
		r.cut = h.cut;
		r.deferred = h.deferred;
		/* The batch is reused once the sink has seen it. */
		r.lent = 0;
		if (h.level < LEVEL_NONE)
			r.level = level_names[h.level];
		else if (h.level == LEVEL_OTHER)
			r.level = get_str(&p, &n);
		r.text = get_str(&p, &r.text_len);
		if (h.msg_in_text) {
			r.msg = r.text + h.msg_off;
			r.msg_len = r.text_len - h.msg_off;
		} else
			r.msg = get_str(&p, &r.msg_len);
		r.nfields = h.nfields;
		for (i = 0; i < h.nfields; i++) {
			r.fields[i].name = get_str(&p, &n);
			r.fields[i].value = get_str(&p, &n);
		}
		to->record(to->arg, &r);
	}
}

/* Hands each record of the batch to the sink. */
static void
drain(struct recqueue *q, const struct strbuf *b)
{
	recbatch_replay(b, b->len, &q->to);
}

static void *
run(void *arg)
{
	struct recqueue *q = arg;
	unsigned take = 0;

	for (;;) {
		pthread_mutex_lock(&q->lock);
		while (!q->b[take].full && !q->quit)
			pthread_cond_wait(&q->cond, &q->lock);
		if (!q->b[take].full) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		pthread_mutex_unlock(&q->lock);
		drain(q, &q->b[take].buf);
		strbuf_reset(&q->b[take].buf);
		pthread_mutex_lock(&q->lock);
		q->b[take].full = 0;
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		take ^= 1;
	}
	return NULL;
}

struct recqueue *
recqueue_new(const struct sink *to, size_t batch_bytes)
{
	struct recqueue *q;

	q = xcalloc(1, sizeof *q);
	q->to = *to;
	q->batch_bytes = batch_bytes > 0 ? batch_bytes : 1;
	strbuf_init(&q->b[0].buf, 0);
	strbuf_init(&q->b[1].buf, 0);
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
	return q;
}

/*
 * Gives the batch being filled to the thread and waits for the other.
 * Without a thread (none could be started) the caller drains the batch
 * itself: slower, the same records in the same order.
 */
static void
hand_over(struct recqueue *q)
{
	if (!q->started)
		q->started = pthread_create(&q->thread, NULL, run, q) == 0 ?
		    1 : -1;
	if (q->started < 0) {
		drain(q, &q->b[q->fill].buf);
		strbuf_reset(&q->b[q->fill].buf);
		return;
	}
	pthread_mutex_lock(&q->lock);
	q->b[q->fill].full = 1;
	pthread_cond_broadcast(&q->cond);
	q->fill ^= 1;
	while (q->b[q->fill].full)
		pthread_cond_wait(&q->cond, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

void
recqueue_record(void *arg, const struct record *r)
{
	struct recqueue *q = arg;

	recbatch_put(&q->b[q->fill].buf, r);
	if (q->b[q->fill].buf.len >= q->batch_bytes)
		hand_over(q);
}

void
recqueue_free(struct recqueue *q)
{
	if (q == NULL)
		return;
	if (q->started <= 0)
		/* All of it fits a batch, or no thread: ours to drain. */
		drain(q, &q->b[q->fill].buf);
	else {
		if (q->b[q->fill].buf.len > 0)
			hand_over(q);
		pthread_mutex_lock(&q->lock);
		q->quit = 1;
		pthread_cond_broadcast(&q->cond);
		pthread_mutex_unlock(&q->lock);
		pthread_join(q->thread, NULL);
	}
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
	strbuf_release(&q->b[0].buf);
	strbuf_release(&q->b[1].buf);
	free(q);
}
