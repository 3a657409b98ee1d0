/*
 * batch.c: the worker pool.  Outputs come back in job order whatever
 * order the workers end in; a worker serves several jobs (or as many as
 * it is allowed), each job's output and errors its own; a job that
 * crashes a worker that served others is run again in a new one; a
 * worker that exits badly, is killed by a
 * signal, runs past its time or outgrows its memory is reported as such
 * while the others go on; at most window jobs run ahead of the oldest;
 * done() can stop the batch.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "batch.h"

struct seen {
	size_t			 n;		/* done() calls */
	size_t			 stop_at;	/* done() returns 1 there */
	struct batch_result	 r[64];
	char			*out[64];
	char			*err[64];
};

static void
nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
say(int fd, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (write(fd, buf, (size_t)n) != n)
		_exit(99);
}

static int
done(void *arg, const struct batch_result *r)
{
	struct seen *s = arg;

	assert_true(s->n < 64);
	s->r[s->n] = *r;
	s->out[s->n] = strdup(r->out);
	s->err[s->n] = strdup(r->err);
	s->r[s->n].out = s->out[s->n];
	s->r[s->n].err = s->err[s->n];
	s->n++;
	return s->stop_at > 0 && s->n == s->stop_at;
}

static void
seen_free(struct seen *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->out[i]);
		free(s->err[i]);
	}
}

static int
run_reuse(struct seen *s, unsigned jobs, double timeout, uint64_t memory,
    size_t window, size_t reuse, size_t n, int (*work)(void *, size_t, int))
{
	struct batch_opts o = { jobs, timeout, memory, window, reuse };
	struct batch_hooks h = { work, done, NULL, NULL, s };

	memset(s, 0, sizeof *s);
	return batch_run(&o, n, &h);
}

static int
run(struct seen *s, unsigned jobs, double timeout, uint64_t memory,
    size_t window, size_t n, int (*work)(void *, size_t, int))
{
	return run_reuse(s, jobs, timeout, memory, window, 0, n, work);
}

/* The distinct numbers before the first space of the outputs. */
static size_t
distinct_pids(const struct seen *s)
{
	long pid[64];
	size_t i, k, n = 0;

	for (i = 0; i < s->n; i++) {
		pid[n] = strtol(s->out[i], NULL, 10);
		for (k = 0; k < n && pid[k] != pid[n]; k++)
			;
		n += k == n;
	}
	return n;
}

/* Later jobs end first; some exit 1, as a bundle with findings does. */
static int
work_shuffled(void *arg, size_t i, int fd)
{
	(void)arg;
	nap_ms((long)((20 - i) % 7) * 5);
	say(fd, "job %zu", i);
	fprintf(stderr, "note %zu\n", i);
	return i % 3 == 0;
}

/* A worker serving several jobs keeps each job's output and standard
 * error apart; with reuse 1 each job has a process of its own. */
static void
test_order(void **state)
{
	static const size_t reuse[] = { 0, 1, 4 };
	struct seen s;
	char want[32];
	size_t i, k;

	(void)state;
	for (k = 0; k < sizeof reuse / sizeof *reuse; k++) {
		assert_int_equal(run_reuse(&s, 3, 0, 0, 0, reuse[k], 20,
		    work_shuffled), 0);
		assert_int_equal(s.n, 20);
		for (i = 0; i < 20; i++) {
			snprintf(want, sizeof want, "job %zu", i);
			assert_int_equal(s.r[i].index, i);
			assert_int_equal(s.r[i].status, BATCH_EXITED);
			assert_int_equal(s.r[i].code, i % 3 == 0);
			assert_string_equal(s.out[i], want);
			assert_int_equal(s.r[i].outlen, strlen(want));
			snprintf(want, sizeof want, "note %zu\n", i);
			assert_string_equal(s.err[i], want);
			assert_true(s.r[i].seconds >= 0);
		}
		seen_free(&s);
	}
}

/* Its process and the jobs it served before: "pid served". */
static int
work_pid(void *arg, size_t i, int fd)
{
	static int served;

	(void)arg;
	(void)i;
	say(fd, "%ld %d", (long)getpid(), served++);
	return 0;
}

static void
test_reuse(void **state)
{
	struct seen s;
	size_t i;

	(void)state;
	/* Two workers for 30 jobs, whatever order they take them in. */
	assert_int_equal(run(&s, 2, 0, 0, 0, 30, work_pid), 0);
	assert_int_equal(s.n, 30);
	assert_true(distinct_pids(&s) <= 2);
	seen_free(&s);
	/* At most 4 jobs a worker. */
	assert_int_equal(run_reuse(&s, 2, 0, 0, 0, 4, 30, work_pid), 0);
	assert_true(distinct_pids(&s) >= 8);
	for (i = 0; i < s.n; i++)
		assert_true(atoi(strchr(s.out[i], ' ') + 1) < 4);
	seen_free(&s);
	/* A process per job. */
	assert_int_equal(run_reuse(&s, 2, 0, 0, 0, 1, 30, work_pid), 0);
	assert_int_equal(distinct_pids(&s), 30);
	for (i = 0; i < s.n; i++)
		assert_string_equal(strchr(s.out[i], ' '), " 0");
	seen_free(&s);
}

/*
 * Job 5 crashes any worker that served a job before it, and succeeds in
 * a new one: it is run again there, and that run is its result.  Job 7
 * crashes any worker: it fails, with what it wrote, and the jobs after it
 * go on.
 */
static int
work_fragile(void *arg, size_t i, int fd)
{
	static int served;

	(void)arg;
	say(fd, "%ld job %zu after %d", (long)getpid(), i, served);
	if ((i == 5 && served > 0) || i == 7)
		raise(SIGTERM);
	served++;
	return 0;
}

static void
test_retry(void **state)
{
	struct seen s;
	char want[64];
	size_t i;

	(void)state;
	assert_int_equal(run(&s, 2, 0, 0, 0, 12, work_fragile), 0);
	assert_int_equal(s.n, 12);
	for (i = 0; i < 12; i++) {
		assert_int_equal(s.r[i].index, i);
		if (i == 7) {
			assert_int_equal(s.r[i].status, BATCH_SIGNALLED);
			assert_int_equal(s.r[i].code, SIGTERM);
			assert_non_null(strstr(s.out[i], " job 7 after "));
			continue;
		}
		assert_int_equal(s.r[i].status, BATCH_EXITED);
		assert_int_equal(s.r[i].code, 0);
	}
	snprintf(want, sizeof want, " job 5 after 0");
	assert_non_null(strstr(s.out[5], want));
	seen_free(&s);
}

/* Job 0 is slow: job 1 runs beside it, and with a window of 3, jobs 3
 * and later start only once job 0 has ended (its output is the time it
 * ended, the others' the time they started). */
static int
work_window(void *arg, size_t i, int fd)
{
	(void)arg;
	if (i == 0) {
		nap_ms(300);
		say(fd, "%.6f", now());
	} else
		say(fd, "%.6f", now());
	return 0;
}

static void
test_window(void **state)
{
	struct seen s;
	double end0;
	size_t i;

	(void)state;
	assert_int_equal(run(&s, 2, 0, 0, 3, 6, work_window), 0);
	assert_int_equal(s.n, 6);
	end0 = strtod(s.out[0], NULL);
	for (i = 1; i < 6; i++) {
		assert_int_equal(s.r[i].index, i);
		if (i == 1)
			assert_true(strtod(s.out[i], NULL) < end0);
		else if (i >= 3)
			assert_true(strtod(s.out[i], NULL) >= end0);
	}
	seen_free(&s);
}

/* Job 1 kills itself, job 2 exits 5 after a message, job 3 never ends:
 * each is reported, and jobs 0 and 4 still succeed. */
static int
work_failing(void *arg, size_t i, int fd)
{
	(void)arg;
	switch (i) {
	case 1:
		say(fd, "partial");
		raise(SIGTERM);
		break;
	case 2:
		fprintf(stderr, "vmtriage: out of luck\n");
		return 5;
	case 3:
		nap_ms(60000);
		break;
	}
	say(fd, "ok %zu", i);
	return 0;
}

static void
test_failures(void **state)
{
	struct seen s;
	double t0 = now();

	(void)state;
	assert_int_equal(run(&s, 2, 0.3, 0, 0, 5, work_failing), 0);
	assert_true(now() - t0 < 30);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.r[0].status, BATCH_EXITED);
	assert_string_equal(s.out[0], "ok 0");
	assert_int_equal(s.r[1].status, BATCH_SIGNALLED);
	assert_int_equal(s.r[1].code, SIGTERM);
	assert_string_equal(s.out[1], "partial");
	assert_int_equal(s.r[2].status, BATCH_EXITED);
	assert_int_equal(s.r[2].code, 5);
	assert_string_equal(s.err[2], "vmtriage: out of luck\n");
	assert_int_equal(s.r[3].status, BATCH_TIMED_OUT);
	assert_true(s.r[3].seconds >= 0.3 && s.r[3].seconds < 30);
	assert_int_equal(s.r[4].status, BATCH_EXITED);
	assert_string_equal(s.out[4], "ok 4");
	seen_free(&s);
}

/* Job 1 starts a process that outlives its worker, holding the
 * worker's pipes (as an external decompressor could), then kills the
 * worker: the batch does not wait for that process. */
static int
work_orphan(void *arg, size_t i, int fd)
{
	(void)arg;
	if (i == 1) {
		if (fork() == 0) {
			nap_ms(5000);
			_exit(0);
		}
		say(fd, "forked");
		raise(SIGTERM);
	}
	say(fd, "ok %zu", i);
	return 0;
}

static void
test_orphan(void **state)
{
	struct seen s;
	double t0 = now();

	(void)state;
	assert_int_equal(run(&s, 1, 0, 0, 0, 3, work_orphan), 0);
	assert_true(now() - t0 < 4);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.r[1].status, BATCH_SIGNALLED);
	assert_string_equal(s.out[1], "forked");
	assert_string_equal(s.out[2], "ok 2");
	seen_free(&s);
}

/* 256 MiB, touched: too much for a worker that may add 16 MiB.  With
 * plain malloc it returns NULL (exit 3); under AddressSanitizer the
 * worker dies: either way not a success. */
static int
work_hungry(void *arg, size_t i, int fd)
{
	size_t len = (size_t)256 << 20;
	char *p;

	(void)arg;
	(void)i;
	if ((p = malloc(len)) == NULL)
		return 3;
	memset(p, 1, len);
	say(fd, "fed %d", p[len - 1]);
	free(p);
	return 0;
}

static void
test_memory(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(run(&s, 1, 0, 0, 0, 1, work_hungry), 0);
	assert_int_equal(s.r[0].status, BATCH_EXITED);
	assert_int_equal(s.r[0].code, 0);
	assert_string_equal(s.out[0], "fed 1");
	seen_free(&s);
	assert_int_equal(run(&s, 1, 0, (uint64_t)16 << 20, 0, 1, work_hungry),
	    0);
	assert_int_equal(s.n, 1);
	assert_false(s.r[0].status == BATCH_EXITED && s.r[0].code == 0);
	seen_free(&s);
}

static int
work_quick(void *arg, size_t i, int fd)
{
	(void)arg;
	nap_ms(i == 0 ? 50 : 0);
	say(fd, "%zu", i);
	return 0;
}

/* done() stops the batch: nothing more is handed back, no worker is
 * left behind. */
static void
test_stop(void **state)
{
	struct seen s;
	struct batch_opts o = { 2, 0, 0, 0, 0 };
	struct batch_hooks h = { work_quick, done, NULL, NULL, &s };

	(void)state;
	memset(&s, 0, sizeof s);
	s.stop_at = 3;
	assert_int_equal(batch_run(&o, 30, &h), -1);
	assert_int_equal(s.n, 3);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	seen_free(&s);
}

static void
test_empty(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(run(&s, 4, 0, 0, 0, 0, work_quick), 0);
	assert_int_equal(s.n, 0);
	assert_true(batch_cpus() >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_orphan),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
