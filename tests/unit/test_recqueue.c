/*
 * recqueue.c: the records a sink sees through the queue's thread are the
 * records emitted, in order and field for field, at any batch size; a
 * member smaller than a batch starts no thread; and every sample bundle
 * analysed with all of its members queued, and with log heads deferred
 * (record.h) or read whole, gives the hits and facts it gives without
 * the queue.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_analysis.h"

#include "analyze.h"
#include "bundle.h"
#include "match.h"
#include "pack.h"
#include "recqueue.h"
#include "strbuf.h"
#include "xalloc.h"

/* A record in words, to compare what two sinks saw. */
static void
describe(struct strbuf *out, const struct record *r)
{
	unsigned i;

	strbuf_addf(out, "%d %p %lu %u %lld %d %d %d [%s] ", (int)r->kind,
	    (const void *)r->member, r->line, r->lines,
	    (long long)r->time.us, (int)r->time.zone, r->cut, r->deferred,
	    r->level != NULL ? r->level : "(none)");
	strbuf_addf(out, "%zu:", r->text_len);
	strbuf_add(out, r->text, r->text_len);
	strbuf_addf(out, " %zu:", r->msg_len);
	strbuf_add(out, r->msg, r->msg_len);
	for (i = 0; i < r->nfields; i++)
		strbuf_addf(out, " %s=%s", r->fields[i].name,
		    r->fields[i].value);
	strbuf_addch(out, '\n');
}

/* What a sink saw, and on which threads. */
struct seen {
	struct strbuf	 text;
	pthread_t	 caller;
	unsigned long	 on_caller;	/* records seen on the caller's */
	unsigned long	 elsewhere;
};

static void
describe_sink(void *arg, const struct record *r)
{
	struct seen *sn = arg;

	describe(&sn->text, r);
	if (pthread_equal(pthread_self(), sn->caller))
		sn->on_caller++;
	else
		sn->elsewhere++;
}

/* n records, some larger than a batch, through a queue of batch bytes:
 * the sink sees them all, as they were emitted. */
static void
queue_records(size_t batch, unsigned long n_records, struct seen *sn)
{
	static const char *const levels[] = {
		NULL, "ERROR", "WARNING", "INFO", "VERBOSE",
	};
	struct strbuf direct = STRBUF_INIT;
	struct strbuf text = STRBUF_INIT, msg = STRBUF_INIT;
	struct member mem;
	struct record r;
	struct sink to;
	struct recqueue *q;
	char names[RECORD_FIELDS_MAX][16], values[RECORD_FIELDS_MAX][16];
	unsigned long n;
	unsigned i;

	memset(&mem, 0, sizeof mem);
	mem.path = mem.name = "var/log/waagent.log";
	memset(sn, 0, sizeof *sn);
	strbuf_init(&sn->text, 0);
	sn->caller = pthread_self();
	to.record = describe_sink;
	to.let_go = NULL;
	to.arg = sn;
	q = recqueue_new(&to, batch);
	assert_non_null(q);
	for (n = 0; n < n_records; n++) {
		memset(&r, 0, sizeof r);
		r.kind = (enum source_kind)(n % KIND__COUNT);
		r.member = &mem;
		r.line = n + 1;
		r.lines = 1 + n % 3;
		r.time.us = (int64_t)n * 1000003;
		r.time.zone = (enum vtime_zone)(n % 3);
		r.cut = n % 11 == 0;
		r.deferred = n % 7 == 0;
		r.level = levels[n % 5];
		strbuf_reset(&text);
		strbuf_addf(&text, "2025-03-14 record %lu", n);
		/* Now and then one larger than a batch. */
		if (n % 5000 == 17)
			for (i = 0; i < 300000; i++)
				strbuf_addch(&text, (char)('a' + i % 26));
		r.text = text.buf;
		r.text_len = text.len;
		if (n % 4 == 0) {
			/* A message of its own, as event records have. */
			strbuf_reset(&msg);
			strbuf_addf(&msg, "message %lu\nparam1=x", n);
			r.msg = msg.buf;
			r.msg_len = msg.len;
		} else {
			r.msg = r.text + 11;
			r.msg_len = r.text_len - 11;
		}
		for (i = 0; i < n % (RECORD_FIELDS_MAX + 1); i++) {
			snprintf(names[i], sizeof names[i], "f%u", i);
			snprintf(values[i], sizeof values[i], "v%lu", n + i);
			record_add_field(&r, names[i], values[i]);
		}
		describe(&direct, &r);
		recqueue_record(q, &r);
	}
	recqueue_free(q);
	assert_int_equal(sn->on_caller + sn->elsewhere, n_records);
	assert_int_equal(direct.len, sn->text.len);
	assert_memory_equal(direct.buf, sn->text.buf, direct.len);
	strbuf_release(&direct);
	strbuf_release(&text);
	strbuf_release(&msg);
}

static void
test_queue_records(void **state)
{
	static const size_t batches[] = { RECQUEUE_BATCH, 4096, 1 };
	struct seen sn;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof batches / sizeof *batches; i++) {
		queue_records(batches[i], 20000, &sn);
		/* Past the first batch, the thread matches. */
		assert_true(sn.elsewhere > 0);
		strbuf_release(&sn.text);
	}
}

/* Fewer records than a batch start no thread: the caller sees them when
 * it frees the queue, and none when none were queued. */
static void
test_queue_small(void **state)
{
	struct seen sn;

	(void)state;
	queue_records(RECQUEUE_BATCH, 100, &sn);
	assert_int_equal(sn.on_caller, 100);
	assert_int_equal(sn.elsewhere, 0);
	strbuf_release(&sn.text);
	queue_records(RECQUEUE_BATCH, 0, &sn);
	assert_int_equal(sn.text.len, 0);
	strbuf_release(&sn.text);
}

/* A tap makes the analysis read log heads whole. */
static void
tap_nothing(void *arg, const struct record *r)
{
	(void)arg;
	(void)r;
}

/* A sample bundle analysed four ways: unqueued with heads read whole,
 * the reference, then the other three. */
static void
queue_sample(const char *path, void *arg)
{
	const struct packset *ps = arg;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct limits limits;
	struct analysis an;
	char *e;
	int queued, whole, way;

	limits_default(&limits);
	for (way = 0; way < 4; way++) {
		queued = way & 1;
		whole = !(way & 2);
		analysis_init(&an, ps, &limits);
		an.queue_batch = queued ? 64 : 0;
		an.split_min = 0;
		if (whole)
			an.tap = tap_nothing;
		e = NULL;
		assert_int_equal(analyze_run(&an, path, &e), 0);
		free(e);
		strbuf_reset(&b);
		unit_describe_analysis(way == 0 ? &a : &b, &an, ps);
		analysis_free(&an);
		if (way > 0 && strcmp(a.buf, b.buf) != 0)
			fail_msg("%s:\n%s\n%s%s:\n%s", path, a.buf,
			    queued ? "queued" : "", whole ? "" : " deferred",
			    b.buf);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

static void
test_queue_samples(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct packset ps;
	const char *dirs[1];

	(void)state;
	if (getenv("SRCDIR") == NULL ||
	    (dirs[0] = getenv("VMTRIAGE_PATTERNS")) == NULL) {
		skip();
		return;
	}
	assert_int_equal(packset_load(&ps, dirs, 1, &err), 0);
	assert_true(unit_each_sample(queue_sample, &ps) >= 20);
	packset_free(&ps);
	strbuf_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_queue_records),
		cmocka_unit_test(test_queue_small),
		cmocka_unit_test(test_queue_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
