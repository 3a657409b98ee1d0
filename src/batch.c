/*
 * The worker pool of a batch: `jobs` worker processes, forked from the
 * caller once its set-up is done, each serving job after job; their
 * results handed back in job order from a bounded window.
 *
 * A worker reads job numbers from a pipe of its own.  The caller keeps
 * two in each pipe, so that a worker that ends a job starts the next one
 * at once, without waiting for the caller to be scheduled.  A job writes
 * its output, and its standard error, into memory files (memfd) that the
 * worker empties before each job; at the job's end the worker sends both
 * to the caller in one frame through a second pipe.  When a worker dies
 * in a job, the caller reads what the job wrote from those files.
 *
 * Reusing a worker saves a fork, an exit and the page faults of a new
 * process per job (on small bundles, a third of the time).  What it
 * could cost is the independence of a job from the jobs before it, and
 * that is kept: a job that kills a worker that had served others is run
 * again in a new worker, and only what it does there counts.  With
 * opts.reuse 1 each worker serves one job: a process per job.
 *
 * A page of memory shared with the workers says which job each runs and
 * since when, for the timeouts and for a worker that dies.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "strbuf.h"
#include "xalloc.h"

/* The caller wakes at least this often while workers live: for the
 * timeouts and its tick. */
#define TICK_MS 250
/* Jobs given to a worker ahead: the one it runs and the next. */
#define QUEUE_DEPTH 2

/* Shared with a worker; zeroed before its fork. */
struct slot_state {
	int		busy;		/* in job index, since start */
	size_t		index;
	struct timespec	start;
};

/* What a worker sends at the end of a job, before the bytes of its
 * output and then of its standard error. */
struct frame {
	size_t		index;
	int		code;
	int		too_large;
	double		seconds;
	size_t		outlen;
	size_t		errlen;
};

struct worker {
	pid_t		 pid;		/* -1: none */
	int		 cmd;		/* job numbers go in */
	int		 res;		/* frames come out; -1 at its end */
	int		 outmem;	/* the job's output */
	int		 errmem;	/* its standard error and output */
	struct strbuf	 in;		/* frame bytes read so far */
	size_t		 queue[QUEUE_DEPTH];	/* given, oldest first */
	size_t		 nqueue;
	size_t		 given;		/* jobs given in all */
	size_t		 served;	/* jobs it ended */
	enum batch_status killed;	/* why we killed it, or EXITED */
	int		 reaped;	/* waited for already: status */
	int		 status;
};

struct job {
	size_t			 index;
	enum batch_status	 status;
	int			 code;
	struct strbuf		 out;
	struct strbuf		 err;
	double			 seconds;
};

struct pool {
	const struct batch_opts	*opts;
	const struct batch_hooks *hooks;
	size_t			 n;
	struct worker		*w;
	struct slot_state	*shared;	/* one per worker */
	size_t			 next;		/* the next job never given */
	size_t			*again;		/* given, not begun: again */
	size_t			 nagain;
	size_t			*retry;		/* to run in a new worker */
	size_t			 nretry;
	int			*retried;	/* by index % window */
	struct job		**ring;		/* finished, by index % window */
	size_t			 window;
	size_t			 turn;		/* the next to hand back */
	size_t			 finished;
	pid_t			 self;
	struct sigaction	 pipe_was;	/* the caller's SIGPIPE */
};

static double
since(const struct timespec *from)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - from->tv_sec) +
	    (double)(now.tv_nsec - from->tv_nsec) / 1e9;
}

unsigned
batch_cpus(void)
{
	long n;
#ifdef CPU_COUNT
	cpu_set_t set;

	/* What taskset or a container's cpuset leaves us, not the
	 * machine's count. */
	if (sched_getaffinity(0, sizeof set, &set) == 0 &&
	    CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
#endif
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

/*
 * RLIMIT_AS counts the whole address space, the libraries and the packs
 * the worker inherits (and under AddressSanitizer its shadow, terabytes
 * of it): so the limit is what the worker has now plus what it may add.
 */
static void
limit_memory(uint64_t grow)
{
	struct rlimit rl;
	unsigned long pages;
	uint64_t want;
	long psz = sysconf(_SC_PAGESIZE);
	FILE *f;
	int n;

	if ((f = fopen("/proc/self/statm", "r")) == NULL)
		return;
	n = fscanf(f, "%lu", &pages);
	fclose(f);
	if (n != 1 || psz <= 0 || getrlimit(RLIMIT_AS, &rl) != 0)
		return;
	want = (uint64_t)pages * (uint64_t)psz + grow;
	if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max)
		want = rl.rlim_max;
	rl.rlim_cur = want;
	(void)setrlimit(RLIMIT_AS, &rl);
}

/* A file in memory, written at its end whatever the offset. */
static int
memfile(void)
{
	int fd;
#ifdef HAVE_MEMFD_CREATE
	fd = memfd_create("vmtriage-batch", MFD_CLOEXEC);
#else
	FILE *f = tmpfile();

	fd = f != NULL ? dup(fileno(f)) : -1;
	if (f != NULL)
		fclose(f);
#endif
	if (fd >= 0 && fcntl(fd, F_SETFL, O_APPEND) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Appends up to max bytes of a memory file to sb. */
static void
memfile_read(int fd, size_t max, struct strbuf *sb)
{
	char buf[65536];
	off_t off = 0;
	ssize_t n;

	while ((size_t)off < max) {
		n = pread(fd, buf, sizeof buf < max - (size_t)off ?
		    sizeof buf : max - (size_t)off, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		strbuf_add(sb, buf, (size_t)n);
		off += n;
	}
}

static off_t
memfile_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? st.st_size : 0;
}

/* The frame of a job: what it returned, wrote and printed. */
static void
send_frame(struct worker *w, size_t index, int code, double seconds)
{
	struct frame f;
	struct strbuf out, err;

	memset(&f, 0, sizeof f);
	f.index = index;
	f.code = code;
	f.seconds = seconds;
	strbuf_init(&out, 0);
	strbuf_init(&err, 0);
	if ((uint64_t)memfile_size(w->outmem) > BATCH_OUTPUT_MAX)
		f.too_large = 1;
	else
		memfile_read(w->outmem, BATCH_OUTPUT_MAX, &out);
	memfile_read(w->errmem, BATCH_ERROR_MAX, &err);
	f.outlen = out.len;
	f.errlen = err.len;
	if (write_all(w->res, &f, sizeof f) != 0 ||
	    write_all(w->res, out.buf, out.len) != 0 ||
	    write_all(w->res, err.buf, err.len) != 0)
		_exit(127);
	strbuf_release(&out);
	strbuf_release(&err);
}

static int
read_index(int fd, size_t *index)
{
	char *p = (char *)index;
	size_t got = 0;
	ssize_t n;

	while (got < sizeof *index) {
		if ((n = read(fd, p + got, sizeof *index - got)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static void __attribute__((noreturn))
worker_run(struct pool *p, size_t slot)
{
	struct worker *w = &p->w[slot];
	struct slot_state *st = &p->shared[slot];
	struct timespec start;
	size_t i, index, done = 0;
	int fd, code;

#ifdef PR_SET_PDEATHSIG
	/* A batch killed hard leaves no worker running on. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != p->self)
		_exit(127);
#endif
	for (i = 0; i < p->opts->jobs; i++)
		if (i != slot && p->w[i].pid > 0) {
			close(p->w[i].cmd);
			if (p->w[i].res >= 0)
				close(p->w[i].res);
			close(p->w[i].outmem);
			close(p->w[i].errmem);
		}
	/* Nothing a worker prints may land in the caller's output. */
	if ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	dup2(w->errmem, STDOUT_FILENO);
	dup2(w->errmem, STDERR_FILENO);
	(void)sigaction(SIGPIPE, &p->pipe_was, NULL);
	if (p->opts->memory > 0)
		limit_memory(p->opts->memory);

	while (read_index(w->cmd, &index) == 0) {
		if (ftruncate(w->outmem, 0) != 0 ||
		    ftruncate(w->errmem, 0) != 0)
			_exit(127);
		clock_gettime(CLOCK_MONOTONIC, &start);
		st->index = index;
		st->start = start;
		__atomic_store_n(&st->busy, 1, __ATOMIC_RELEASE);
		code = p->hooks->work(p->hooks->arg, index, w->outmem);
		fflush(stdout);
		fflush(stderr);
		send_frame(w, index, code & 0xff, since(&start));
		__atomic_store_n(&st->busy, 0, __ATOMIC_RELEASE);
		if (p->opts->reuse > 0 && ++done >= p->opts->reuse)
			break;
	}
	/* _exit: the caller's atexit handlers and stdio are not ours. */
	_exit(0);
}

static void
worker_close(struct worker *w)
{
	if (w->cmd >= 0)
		close(w->cmd);
	if (w->res >= 0)
		close(w->res);
	close(w->outmem);
	close(w->errmem);
	strbuf_release(&w->in);
	w->pid = -1;
}

/* Forks the worker of a slot; -1 with *why set if it cannot. */
static int
worker_start(struct pool *p, size_t slot, char **why)
{
	struct worker *w = &p->w[slot];
	int cmd[2] = { -1, -1 }, res[2] = { -1, -1 };
	int outmem = -1, errmem = -1;
	pid_t pid;

	if (pipe2(cmd, O_CLOEXEC) != 0 || pipe2(res, O_CLOEXEC) != 0 ||
	    (outmem = memfile()) < 0 || (errmem = memfile()) < 0) {
		xasprintf(why, "cannot start a worker: %s", strerror(errno));
		goto fail;
	}
	memset(w, 0, sizeof *w);
	w->cmd = cmd[1];
	w->res = res[0];
	w->outmem = outmem;
	w->errmem = errmem;
	w->killed = BATCH_EXITED;
	strbuf_init(&w->in, 0);
	memset(&p->shared[slot], 0, sizeof p->shared[slot]);
	/* Unwritten output would be written again by a worker that
	 * exits through exit(). */
	fflush(NULL);
	if ((pid = fork()) < 0) {
		xasprintf(why, "cannot start a worker: %s", strerror(errno));
		strbuf_release(&w->in);
		w->pid = -1;
		goto fail;
	}
	if (pid == 0) {
		w->pid = 0;
		close(cmd[1]);
		close(res[0]);
		w->cmd = cmd[0];
		w->res = res[1];
		worker_run(p, slot);
	}
	close(cmd[0]);
	close(res[1]);
	w->pid = pid;
	return 0;
fail:
	if (cmd[0] >= 0) {
		close(cmd[0]);
		close(cmd[1]);
	}
	if (res[0] >= 0) {
		close(res[0]);
		close(res[1]);
	}
	if (outmem >= 0)
		close(outmem);
	if (errmem >= 0)
		close(errmem);
	return -1;
}

/* Workers in a job. */
static size_t
running(const struct pool *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->opts->jobs; i++)
		n += p->w[i].pid > 0 &&
		    __atomic_load_n(&p->shared[i].busy, __ATOMIC_ACQUIRE);
	return n;
}

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	strbuf_release(&j->out);
	strbuf_release(&j->err);
	free(j);
}

static struct job *
job_new(size_t index)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->index = index;
	strbuf_init(&j->out, BATCH_OUTPUT_MAX);
	strbuf_init(&j->err, BATCH_ERROR_MAX);
	return j;
}

static void
job_finish(struct pool *p, struct job *j)
{
	p->finished++;
	p->ring[j->index % p->window] = j;
	if (p->hooks->tick != NULL)
		p->hooks->tick(p->hooks->arg, p->finished, running(p));
}

static void
give(struct pool *p, struct worker *w, size_t index)
{
	if (p->hooks->ahead != NULL)
		p->hooks->ahead(p->hooks->arg, index);
	w->queue[w->nqueue++] = index;
	w->given++;
	/* A worker that died meanwhile: the reap puts the job back. */
	(void)write_all(w->cmd, &index, sizeof index);
}

/* Jobs waiting to be given: again, then never given, in the window. */
static size_t
waiting(const struct pool *p)
{
	size_t fresh = p->next < p->n && p->next < p->turn + p->window ?
	    (p->n < p->turn + p->window ? p->n : p->turn + p->window) -
	    p->next : 0;

	return p->nagain + fresh;
}

/*
 * Gives every worker a job, then a second one to queue behind it while
 * there are more jobs than workers: a worker that ends a job then goes
 * on without waiting for us, and near the end a job does not wait behind
 * a long one while another worker is idle.
 */
static void
give_work(struct pool *p)
{
	struct worker *w;
	size_t i, depth;

	for (depth = 1; depth <= QUEUE_DEPTH; depth++)
		for (i = 0; i < p->opts->jobs; i++) {
			w = &p->w[i];
			if (w->pid <= 0 || w->killed != BATCH_EXITED ||
			    w->nqueue >= depth || (p->opts->reuse > 0 &&
			    w->given >= p->opts->reuse))
				continue;
			/* A job run again goes to a worker that served
			 * none, alone. */
			if (p->nretry > 0 && w->served == 0 &&
			    w->nqueue == 0)
				give(p, w, p->retry[--p->nretry]);
			else if (depth > 1 && waiting(p) < p->opts->jobs)
				continue;
			else if (p->nagain > 0)
				give(p, w, p->again[--p->nagain]);
			else if (waiting(p) > 0)
				give(p, w, p->next++);
		}
}

/* Removes the oldest job given to the worker: it ended. */
static size_t
dequeue(struct worker *w)
{
	size_t index = w->queue[0];

	memmove(w->queue, w->queue + 1, --w->nqueue * sizeof *w->queue);
	return index;
}

/* Takes every whole frame read from the worker. */
static void
take_frames(struct pool *p, struct worker *w)
{
	struct frame f;
	struct job *j;
	size_t need;

	for (;;) {
		if (w->in.len < sizeof f)
			return;
		memcpy(&f, w->in.buf, sizeof f);
		need = sizeof f + f.outlen + f.errlen;
		if (w->in.len < need)
			return;
		if (w->nqueue == 0 || w->queue[0] != f.index) {
			/* Cannot happen: a worker runs its jobs in order. */
			kill(w->pid, SIGKILL);
			w->killed = BATCH_SIGNALLED;
			return;
		}
		(void)dequeue(w);
		w->served++;
		j = job_new(f.index);
		j->status = f.too_large ? BATCH_TOO_LARGE : BATCH_EXITED;
		j->code = f.code;
		j->seconds = f.seconds;
		strbuf_add(&j->out, w->in.buf + sizeof f, f.outlen);
		strbuf_add(&j->err, w->in.buf + sizeof f + f.outlen, f.errlen);
		memmove(w->in.buf, w->in.buf + need, w->in.len - need);
		w->in.len -= need;
		w->in.buf[w->in.len] = '\0';
		job_finish(p, j);
	}
}

/*
 * The worker has gone: the job it was in, if any, failed (or is run
 * again in a new worker, when this one had served others first), and the
 * jobs given but not begun are given again.
 */
static void
worker_reap(struct pool *p, size_t slot)
{
	struct worker *w = &p->w[slot];
	struct slot_state *st = &p->shared[slot];
	struct job *j;
	size_t index;
	int status;

	if (w->reaped)
		status = w->status;
	else
		while (waitpid(w->pid, &status, 0) < 0)
			if (errno != EINTR) {
				status = 0xff << 8;	/* cannot happen */
				break;
			}
	if (w->nqueue > 0 && __atomic_load_n(&st->busy, __ATOMIC_ACQUIRE) &&
	    st->index == w->queue[0]) {
		index = dequeue(w);
		if (w->killed != BATCH_TIMED_OUT && w->served > 0 &&
		    !p->retried[index % p->window]) {
			p->retried[index % p->window] = 1;
			p->retry[p->nretry++] = index;
		} else {
			j = job_new(index);
			j->seconds = since(&st->start);
			memfile_read(w->outmem, BATCH_OUTPUT_MAX, &j->out);
			memfile_read(w->errmem, BATCH_ERROR_MAX, &j->err);
			if (w->killed != BATCH_EXITED) {
				j->status = w->killed;
				j->code = SIGKILL;
			} else if (WIFSIGNALED(status)) {
				j->status = BATCH_SIGNALLED;
				j->code = WTERMSIG(status);
			} else {
				j->status = BATCH_EXITED;
				j->code = WEXITSTATUS(status);
			}
			job_finish(p, j);
		}
	}
	/* Not begun: first in line again, in their order. */
	while (w->nqueue > 0)
		p->again[p->nagain++] = w->queue[--w->nqueue];
	worker_close(w);
}

/* Kills the workers past their job's time; the milliseconds until the
 * next deadline (-1: none). */
static int
enforce_timeouts(struct pool *p)
{
	struct worker *w;
	double left, next = -1;
	size_t i;

	if (p->opts->timeout <= 0)
		return -1;
	for (i = 0; i < p->opts->jobs; i++) {
		w = &p->w[i];
		if (w->pid <= 0 || w->killed != BATCH_EXITED ||
		    !__atomic_load_n(&p->shared[i].busy, __ATOMIC_ACQUIRE))
			continue;
		left = p->opts->timeout - since(&p->shared[i].start);
		if (left <= 0) {
			w->killed = BATCH_TIMED_OUT;
			kill(w->pid, SIGKILL);
		} else if (next < 0 || left < next)
			next = left;
	}
	return next < 0 ? -1 : (int)(next * 1000) + 1;
}

/*
 * A worker that has exited while a process it started (an external
 * decompressor) still holds its pipe open: what it sent is read without
 * waiting for the end of the pipe, which may not come.
 */
static void
worker_gone(struct pool *p, struct worker *w)
{
	char buf[65536];
	ssize_t got;

	if (waitpid(w->pid, &w->status, WNOHANG) != w->pid)
		return;
	w->reaped = 1;
	(void)fcntl(w->res, F_SETFL, O_NONBLOCK);
	while ((got = read(w->res, buf, sizeof buf)) > 0 ||
	    (got < 0 && errno == EINTR))
		if (got > 0)
			strbuf_add(&w->in, buf, (size_t)got);
	take_frames(p, w);
	close(w->res);
	w->res = -1;
}

/* Reads what the workers sent; reaps those at their end. */
static void
wait_some(struct pool *p)
{
	struct pollfd *pfd;
	struct worker *w;
	char buf[65536];
	size_t i, n = 0, *slot;
	ssize_t got;
	int ms, r;

	pfd = xcalloc(p->opts->jobs, sizeof *pfd);
	slot = xcalloc(p->opts->jobs, sizeof *slot);
	for (i = 0; i < p->opts->jobs; i++)
		if (p->w[i].pid > 0 && p->w[i].res >= 0) {
			pfd[n].fd = p->w[i].res;
			pfd[n].events = POLLIN;
			slot[n++] = i;
		}
	ms = enforce_timeouts(p);
	if (ms < 0 || ms > TICK_MS)
		ms = TICK_MS;
	r = poll(pfd, n, ms);
	for (i = 0; r > 0 && i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		w = &p->w[slot[i]];
		got = read(w->res, buf, sizeof buf);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			close(w->res);
			w->res = -1;
			continue;
		}
		strbuf_add(&w->in, buf, (size_t)got);
		take_frames(p, w);
	}
	(void)enforce_timeouts(p);
	for (i = 0; i < p->opts->jobs; i++)
		if (p->w[i].pid > 0 && p->w[i].res >= 0 && !p->w[i].reaped)
			worker_gone(p, &p->w[i]);
	for (i = 0; i < p->opts->jobs; i++)
		if (p->w[i].pid > 0 && p->w[i].res < 0)
			worker_reap(p, i);
	if (r == 0 && p->hooks->tick != NULL)
		p->hooks->tick(p->hooks->arg, p->finished, running(p));
	free(pfd);
	free(slot);
}

/* Jobs wait for a worker: the one of the slot is started, or, when none
 * can be and none runs, the next job is recorded as not started. */
static void
start_workers(struct pool *p)
{
	struct job *j;
	size_t i, live = 0;
	char *why = NULL;
	int wanted;

	for (i = 0; i < p->opts->jobs; i++) {
		wanted = p->nretry > 0 || p->nagain > 0 ||
		    (p->next < p->n && p->next < p->turn + p->window);
		if (p->w[i].pid > 0) {
			live++;
			continue;
		}
		if (!wanted)
			break;
		free(why);
		why = NULL;
		if (worker_start(p, i, &why) == 0)
			live++;
	}
	if (live == 0 && why != NULL) {
		j = job_new(p->nretry > 0 ? p->retry[--p->nretry] :
		    p->nagain > 0 ? p->again[--p->nagain] : p->next++);
		j->status = BATCH_NOT_STARTED;
		strbuf_addstr(&j->err, why);
		job_finish(p, j);
	}
	free(why);
}

static int
live(const struct pool *p)
{
	size_t i;

	for (i = 0; i < p->opts->jobs; i++)
		if (p->w[i].pid > 0)
			return 1;
	return 0;
}

static void
stop_workers(struct pool *p, int kill_them)
{
	struct worker *w;
	size_t i;

	for (i = 0; i < p->opts->jobs; i++) {
		w = &p->w[i];
		if (w->pid <= 0)
			continue;
		if (kill_them)
			kill(w->pid, SIGKILL);
		/* An idle worker ends when its pipe does. */
		close(w->cmd);
		w->cmd = -1;
		while (!w->reaped && waitpid(w->pid, NULL, 0) < 0 &&
		    errno == EINTR)
			;
		worker_close(w);
	}
}

int
batch_run(const struct batch_opts *opts, size_t n,
    const struct batch_hooks *hooks)
{
	struct pool p;
	struct batch_result res;
	struct sigaction ign;
	struct job *j;
	size_t i;
	int r = 0;

	memset(&p, 0, sizeof p);
	p.opts = opts;
	p.hooks = hooks;
	p.n = n;
	p.self = getpid();
	/* A report line is some kilobytes: the default holds a few
	 * megabytes while a slow bundle keeps the others waiting. */
	p.window = opts->window;
	if (p.window == 0 && (p.window = 64 * (size_t)opts->jobs) < 256)
		p.window = 256;
	if (p.window < opts->jobs)
		p.window = opts->jobs;
	p.w = xcalloc(opts->jobs, sizeof *p.w);
	for (i = 0; i < opts->jobs; i++)
		p.w[i].pid = -1;
	/* Jobs waiting again are within the window, each once. */
	p.again = xcalloc(p.window, sizeof *p.again);
	p.retry = xcalloc(p.window, sizeof *p.retry);
	p.retried = xcalloc(p.window, sizeof *p.retried);
	p.ring = xcalloc(p.window, sizeof *p.ring);
	p.shared = mmap(NULL, opts->jobs * sizeof *p.shared,
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p.shared == MAP_FAILED)
		fatal("cannot share memory with the workers: %s",
		    strerror(errno));
	/* A worker may die with jobs in its pipe: EPIPE, not a signal. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	(void)sigaction(SIGPIPE, &ign, &p.pipe_was);

	while (p.turn < n) {
		start_workers(&p);
		give_work(&p);
		/* Hand back, in order, what is ready. */
		while (p.turn < n && (j = p.ring[p.turn % p.window]) != NULL &&
		    j->index == p.turn) {
			p.ring[p.turn % p.window] = NULL;
			p.retried[p.turn % p.window] = 0;
			res.index = j->index;
			res.status = j->status;
			res.code = j->code;
			res.out = strbuf_str(&j->out);
			res.outlen = j->out.len;
			res.err = strbuf_str(&j->err);
			res.seconds = j->seconds;
			r = hooks->done(hooks->arg, &res);
			job_free(j);
			p.turn++;
			if (r != 0)
				goto out;
		}
		if (p.turn < n && live(&p))
			wait_some(&p);
	}
out:
	stop_workers(&p, r != 0);
	for (i = 0; i < p.window; i++)
		job_free(p.ring[i]);
	(void)sigaction(SIGPIPE, &p.pipe_was, NULL);
	munmap(p.shared, opts->jobs * sizeof *p.shared);
	free(p.ring);
	free(p.retried);
	free(p.retry);
	free(p.again);
	free(p.w);
	return r != 0 ? -1 : 0;
}
