/*
 * The worker pool of a batch: a process per job, forked from the caller;
 * outputs read through pipes with poll() and handed back in job order
 * from a bounded window.
 *
 * The caller is not in the way from one job to the next.  There are
 * opts.jobs lanes, each with a token in a pipe of its own: a worker is
 * forked ahead of its turn into a lane, waits for the lane's token, does
 * its job and gives the token back as it finishes, which wakes the
 * lane's next worker, already forked.  The caller forks ahead and reaps
 * at its own pace.  (A caller that forked the next worker when one ended
 * had to be scheduled first, and on a busy machine that took
 * milliseconds, a small bundle's time, with a processor idle.)  A worker
 * that dies holding its token, crashed or killed past its time, has it
 * put back by the caller.
 *
 * A waiting worker is bound to its lane's processor, and free again once
 * it has the token: Linux wakes a task where its waker runs, so that the
 * next worker of one lane would otherwise often queue behind the other
 * lane's, a processor idle meanwhile.
 *
 * A page of memory shared with the workers says when each took its token
 * (its time runs from then) and whether it gave it back.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "strbuf.h"
#include "xalloc.h"

/* The caller wakes at least this often while workers live: to see the
 * time of workers that took a token meanwhile, and for its tick. */
#define TICK_MS 250

/* Shared with the worker of a slot; zeroed before each fork. */
struct slot_state {
	int		taken;		/* it holds a token, since start */
	int		given;		/* it gave the token back */
	struct timespec	start;
};

struct job {
	size_t			 index;
	size_t			 slot;
	size_t			 lane;
	pid_t			 pid;
	int			 outfd;		/* -1 once at its end */
	int			 errfd;
	struct strbuf		 out;
	struct strbuf		 err;
	struct timespec		 forked;
	enum batch_status	 killed;	/* why we killed it, or EXITED */
	enum batch_status	 status;
	int			 code;
	double			 seconds;
};

struct pool {
	const struct batch_opts	*opts;
	const struct batch_hooks *hooks;
	struct job		**live;		/* forked, not reaped */
	struct slot_state	*shared;	/* one per live slot */
	size_t			 nslots;
	size_t			 nlive;
	struct job		**ring;		/* finished, by index % window */
	size_t			 window;
	size_t			 finished;
	int			(*go)[2];	/* a token pipe per lane */
	int			*stalled;	/* ticks with no token, by lane */
	int			*cpu;		/* the processors we may use */
	size_t			 ncpu;
	cpu_set_t		 allowed;
	pid_t			 self;
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

static int
taken(const struct pool *p, const struct job *j)
{
	return __atomic_load_n(&p->shared[j->slot].taken, __ATOMIC_ACQUIRE);
}

static int
given(const struct pool *p, const struct job *j)
{
	return __atomic_load_n(&p->shared[j->slot].given, __ATOMIC_ACQUIRE);
}

static void
token_put(struct pool *p, size_t lane)
{
	while (write(p->go[lane][1], "t", 1) < 0 && errno == EINTR)
		;
}

/* The processors we may run on, in order, for the lanes. */
static void
pool_cpus(struct pool *p)
{
	int c;

	if (sched_getaffinity(0, sizeof p->allowed, &p->allowed) != 0)
		return;
	p->cpu = xcalloc(CPU_SETSIZE, sizeof *p->cpu);
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &p->allowed))
			p->cpu[p->ncpu++] = c;
}

/* Binds us to the lane's processor (bind), or frees us again. */
static void
bind_lane(const struct pool *p, size_t lane, int bind)
{
	cpu_set_t one;

	if (p->ncpu < 2)
		return;
	if (!bind) {
		(void)sched_setaffinity(0, sizeof p->allowed, &p->allowed);
		return;
	}
	CPU_ZERO(&one);
	CPU_SET(p->cpu[lane % p->ncpu], &one);
	(void)sched_setaffinity(0, sizeof one, &one);
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

static void __attribute__((noreturn))
worker(struct pool *p, struct job *j, int outp[2], int errp[2])
{
	struct slot_state *st = &p->shared[j->slot];
	size_t i;
	ssize_t n;
	char c;
	int fd, code;

#ifdef PR_SET_PDEATHSIG
	/* A batch killed hard leaves no worker running on. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != p->self)
		_exit(127);
#endif
	close(outp[0]);
	close(errp[0]);
	for (i = 0; i < p->nslots; i++)
		if (p->live[i] != NULL && p->live[i] != j) {
			if (p->live[i]->outfd >= 0)
				close(p->live[i]->outfd);
			if (p->live[i]->errfd >= 0)
				close(p->live[i]->errfd);
		}
	/* Nothing a worker prints may land in the caller's output. */
	if ((fd = open("/dev/null", O_RDONLY)) >= 0 && fd != STDIN_FILENO) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	}
	dup2(errp[1], STDOUT_FILENO);
	dup2(errp[1], STDERR_FILENO);
	if (errp[1] > STDERR_FILENO)
		close(errp[1]);
	if (p->opts->memory > 0)
		limit_memory(p->opts->memory);

	bind_lane(p, j->lane, 1);
	while ((n = read(p->go[j->lane][0], &c, 1)) != 1)
		if (n == 0 || errno != EINTR)
			_exit(127);
	clock_gettime(CLOCK_MONOTONIC, &st->start);
	__atomic_store_n(&st->taken, 1, __ATOMIC_RELEASE);
	bind_lane(p, j->lane, 0);
	code = p->hooks->work(p->hooks->arg, j->index, outp[1]);
	token_put(p, j->lane);
	__atomic_store_n(&st->given, 1, __ATOMIC_RELEASE);
	/* _exit: the caller's atexit handlers and stdio are not ours. */
	_exit(code & 0xff);
}

static void
job_start(struct pool *p, struct job *j)
{
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	char *msg;

	strbuf_init(&j->out, BATCH_OUTPUT_MAX);
	strbuf_init(&j->err, BATCH_ERROR_MAX);
	j->outfd = j->errfd = -1;
	j->killed = BATCH_EXITED;
	memset(&p->shared[j->slot], 0, sizeof p->shared[j->slot]);
	clock_gettime(CLOCK_MONOTONIC, &j->forked);
	/* Unwritten output would be written again by a worker that
	 * exits through exit(). */
	fflush(NULL);
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0 ||
	    (j->pid = fork()) < 0) {
		xasprintf(&msg, "cannot start a worker: %s", strerror(errno));
		strbuf_addstr(&j->err, msg);
		free(msg);
		j->status = BATCH_NOT_STARTED;
		j->pid = -1;
		if (outp[0] >= 0) {
			close(outp[0]);
			close(outp[1]);
		}
		if (errp[0] >= 0) {
			close(errp[0]);
			close(errp[1]);
		}
		return;
	}
	if (j->pid == 0)
		worker(p, j, outp, errp);
	close(outp[1]);
	close(errp[1]);
	j->outfd = outp[0];
	j->errfd = errp[0];
}

/* Reads what is there; closes the fd at its end. */
static void
job_read(struct job *j, int *fd, struct strbuf *sb)
{
	char buf[65536];
	ssize_t n;

	n = read(*fd, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	strbuf_add(sb, buf, (size_t)n);
	if (sb == &j->out && sb->truncated && j->killed == BATCH_EXITED) {
		j->killed = BATCH_TOO_LARGE;
		kill(j->pid, SIGKILL);
	}
}

/* Both pipes at their end: the worker has exited or is exiting. */
static void
job_reap(struct pool *p, struct job *j)
{
	int st;

	while (waitpid(j->pid, &st, 0) < 0)
		if (errno != EINTR) {
			st = 0xff << 8;	/* cannot happen: our child */
			break;
		}
	if (taken(p, j)) {
		j->seconds = since(&p->shared[j->slot].start);
		if (!given(p, j))
			token_put(p, j->lane);
	}
	if (j->killed != BATCH_EXITED) {
		j->status = j->killed;
		j->code = SIGKILL;
	} else if (WIFSIGNALED(st)) {
		j->status = BATCH_SIGNALLED;
		j->code = WTERMSIG(st);
	} else {
		j->status = BATCH_EXITED;
		j->code = WEXITSTATUS(st);
	}
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

static void
job_finish(struct pool *p, size_t slot)
{
	struct job *j = p->live[slot];

	p->live[slot] = NULL;
	p->nlive--;
	p->finished++;
	p->ring[j->index % p->window] = j;
}

/* Kills the jobs past their time; the milliseconds until the next
 * deadline (-1: none). */
static int
enforce_timeouts(struct pool *p)
{
	struct job *j;
	double left, next = -1;
	size_t i;

	if (p->opts->timeout <= 0)
		return -1;
	for (i = 0; i < p->nslots; i++) {
		if ((j = p->live[i]) == NULL || j->killed != BATCH_EXITED ||
		    !taken(p, j) || given(p, j))
			continue;
		left = p->opts->timeout - since(&p->shared[j->slot].start);
		if (left <= 0) {
			j->killed = BATCH_TIMED_OUT;
			kill(j->pid, SIGKILL);
		} else if (next < 0 || left < next)
			next = left;
	}
	return next < 0 ? -1 : (int)(next * 1000) + 1;
}

/*
 * A lane with workers but no token, in its pipe or held: it was lost
 * with a worker killed from outside between taking it and saying so.
 * Seen twice in a row (a worker takes a token in nanoseconds), it is put
 * back.
 */
static void
check_tokens(struct pool *p)
{
	struct job *j;
	size_t lane, i;
	int avail, waiting;

	for (lane = 0; lane < p->opts->jobs; lane++) {
		waiting = 0;
		for (i = 0; i < p->nslots; i++) {
			if ((j = p->live[i]) == NULL || j->lane != lane)
				continue;
			if (taken(p, j) && !given(p, j))
				break;
			waiting |= !taken(p, j);
		}
		avail = 0;
		if (i < p->nslots || !waiting ||
		    ioctl(p->go[lane][0], FIONREAD, &avail) != 0 || avail > 0)
			p->stalled[lane] = 0;
		else if (++p->stalled[lane] >= 2) {
			token_put(p, lane);
			p->stalled[lane] = 0;
		}
	}
}

/* Waits for the workers' output and collects the ones that end. */
static void
wait_some(struct pool *p)
{
	struct pollfd *pfd;
	struct job *j;
	size_t i, n = 0, *slot;
	int ms, r;

	pfd = xcalloc(2 * p->nslots, sizeof *pfd);
	slot = xcalloc(2 * p->nslots, sizeof *slot);
	for (i = 0; i < p->nslots; i++) {
		if ((j = p->live[i]) == NULL)
			continue;
		if (j->outfd >= 0) {
			pfd[n].fd = j->outfd;
			pfd[n].events = POLLIN;
			slot[n++] = i;
		}
		if (j->errfd >= 0) {
			pfd[n].fd = j->errfd;
			pfd[n].events = POLLIN;
			slot[n++] = i;
		}
	}
	ms = enforce_timeouts(p);
	if (ms < 0 || ms > TICK_MS)
		ms = TICK_MS;
	r = poll(pfd, n, ms);
	for (i = 0; r > 0 && i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		j = p->live[slot[i]];
		if (pfd[i].fd == j->outfd)
			job_read(j, &j->outfd, &j->out);
		else
			job_read(j, &j->errfd, &j->err);
	}
	(void)enforce_timeouts(p);
	for (i = 0; i < p->nslots; i++) {
		j = p->live[i];
		if (j != NULL && j->outfd < 0 && j->errfd < 0) {
			job_reap(p, j);
			job_finish(p, i);
			if (p->hooks->tick != NULL)
				p->hooks->tick(p->hooks->arg, p->finished,
				    p->nlive);
		}
	}
	if (r == 0) {
		check_tokens(p);
		if (p->hooks->tick != NULL)
			p->hooks->tick(p->hooks->arg, p->finished, p->nlive);
	}
	free(pfd);
	free(slot);
}

static void
kill_all(struct pool *p)
{
	struct job *j;
	size_t i;

	for (i = 0; i < p->nslots; i++) {
		if ((j = p->live[i]) == NULL)
			continue;
		kill(j->pid, SIGKILL);
		if (j->outfd >= 0)
			close(j->outfd);
		if (j->errfd >= 0)
			close(j->errfd);
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
		job_free(j);
		p->live[i] = NULL;
	}
}

/*
 * A lane for the next worker: one where no worker waits for the token,
 * an idle one first.  So each lane has one worker running and at most
 * one waiting: the token goes to them in turn.
 */
static int
free_lane(const struct pool *p, size_t *lane)
{
	struct job *j;
	size_t i, l;
	int *busy, *waiting, found = 0;

	busy = xcalloc(p->opts->jobs, sizeof *busy);
	waiting = xcalloc(p->opts->jobs, sizeof *waiting);
	for (i = 0; i < p->nslots; i++) {
		if ((j = p->live[i]) == NULL || given(p, j))
			continue;
		if (taken(p, j))
			busy[j->lane]++;
		else
			waiting[j->lane]++;
	}
	for (l = 0; l < p->opts->jobs; l++)
		if (waiting[l] == 0 && (!found || busy[l] < busy[*lane])) {
			*lane = l;
			found = 1;
		}
	free(busy);
	free(waiting);
	return found;
}

int
batch_run(const struct batch_opts *opts, size_t n,
    const struct batch_hooks *hooks)
{
	struct pool p;
	struct batch_result res;
	struct job *j;
	size_t next = 0, turn = 0, i, lane = 0;
	int r = 0;

	memset(&p, 0, sizeof p);
	p.opts = opts;
	p.hooks = hooks;
	p.self = getpid();
	/* A report line is some kilobytes: the default holds a few
	 * megabytes while a slow bundle keeps the others waiting. */
	p.window = opts->window;
	if (p.window == 0 && (p.window = 64 * (size_t)opts->jobs) < 256)
		p.window = 256;
	if (p.window < opts->jobs)
		p.window = opts->jobs;
	/* Running, waiting for a token, and exiting: jobs of each. */
	p.nslots = 3 * (size_t)opts->jobs;
	p.live = xcalloc(p.nslots, sizeof *p.live);
	p.ring = xcalloc(p.window, sizeof *p.ring);
	p.shared = mmap(NULL, p.nslots * sizeof *p.shared,
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p.shared == MAP_FAILED)
		fatal("cannot share memory with the workers: %s",
		    strerror(errno));
	p.go = xcalloc(opts->jobs, sizeof *p.go);
	p.stalled = xcalloc(opts->jobs, sizeof *p.stalled);
	for (i = 0; i < opts->jobs; i++) {
		if (pipe2(p.go[i], O_CLOEXEC) != 0)
			fatal("cannot make a pipe: %s", strerror(errno));
		token_put(&p, i);
	}
	pool_cpus(&p);

	while (turn < n) {
		/* Fork a worker and the next, waiting, in each lane,
		 * within the window. */
		for (i = 0; i < p.nslots && next < n &&
		    next < turn + p.window; i++) {
			if (p.live[i] != NULL)
				continue;
			if (!free_lane(&p, &lane))
				break;
			j = xcalloc(1, sizeof *j);
			j->index = next++;
			j->slot = i;
			j->lane = lane;
			p.live[i] = j;
			p.nlive++;
			if (hooks->ahead != NULL)
				hooks->ahead(hooks->arg, j->index);
			job_start(&p, j);
			if (j->status == BATCH_NOT_STARTED) {
				j->seconds = since(&j->forked);
				job_finish(&p, i);
			}
		}
		/* Hand back, in order, what is ready. */
		while (turn < n && (j = p.ring[turn % p.window]) != NULL &&
		    j->index == turn) {
			p.ring[turn % p.window] = NULL;
			res.index = j->index;
			res.status = j->status;
			res.code = j->code;
			res.out = strbuf_str(&j->out);
			res.outlen = j->out.len;
			res.err = strbuf_str(&j->err);
			res.seconds = j->seconds;
			r = hooks->done(hooks->arg, &res);
			job_free(j);
			turn++;
			if (r != 0)
				goto out;
		}
		if (p.nlive > 0)
			wait_some(&p);
	}
out:
	kill_all(&p);
	for (i = 0; i < p.window; i++)
		job_free(p.ring[i]);
	for (i = 0; i < opts->jobs; i++) {
		close(p.go[i][0]);
		close(p.go[i][1]);
	}
	free(p.go);
	free(p.stalled);
	free(p.cpu);
	munmap(p.shared, p.nslots * sizeof *p.shared);
	free(p.ring);
	free(p.live);
	return r != 0 ? -1 : 0;
}
