/*
 * The batch stage: many independent jobs (bundles), each run in a worker
 * process of its own, at most `jobs` at once, and their outputs handed
 * back in the jobs' order whatever order they finish in.  A process per
 * job is the isolation a batch of hostile bundles needs: a job that
 * crashes, outgrows its memory or its time is reported as such, and the
 * others go on.  Workers are forked from the caller after its set-up (the
 * pattern packs, compiled once), so each starts with it for free.
 *
 * Memory is bounded: at most `window` finished jobs wait for an earlier,
 * slower one before their turn, and a worker's output is read up to
 * BATCH_OUTPUT_MAX bytes.
 *
 * Ownership: a batch_result and the bytes it points to belong to the pool
 * and are valid only during the done() call.
 */
#ifndef VMTRIAGE_BATCH_H
#define VMTRIAGE_BATCH_H

#include <stddef.h>
#include <stdint.h>

/* A worker's output beyond this is not read: the worker is killed. */
#define BATCH_OUTPUT_MAX ((size_t)64 << 20)
/* Its standard error (and standard output) is kept up to this. */
#define BATCH_ERROR_MAX 4096

enum batch_status {
	BATCH_EXITED,		/* the worker exited, with status code */
	BATCH_SIGNALLED,	/* it was killed by signal code */
	BATCH_TIMED_OUT,	/* killed when its time was up */
	BATCH_TOO_LARGE,	/* killed: output over BATCH_OUTPUT_MAX */
	BATCH_NOT_STARTED,	/* no pipe or no fork: err says why */
};

struct batch_result {
	size_t			 index;
	enum batch_status	 status;
	int			 code;
	/* What the worker wrote to its output, NUL-terminated (the bytes
	 * may hold NULs of their own: outlen counts them). */
	const char		*out;
	size_t			 outlen;
	/* The start of what it wrote to its standard error and standard
	 * output, NUL-terminated. */
	const char		*err;
	double			 seconds;	/* fork to exit, wall clock */
};

struct batch_opts {
	unsigned	 jobs;		/* workers at once, at least 1 */
	double		 timeout;	/* seconds a job may take; 0: no limit */
	/* Bytes a worker's address space may grow beyond what it starts
	 * with (RLIMIT_AS, Linux); 0: no limit. */
	uint64_t	 memory;
	/* Finished jobs held back for order; 0: a default for jobs. */
	size_t		 window;
};

struct batch_hooks {
	/* In the worker: does job index, writes its output to fd and
	 * returns the worker's exit status. */
	int	(*work)(void *arg, size_t index, int fd);
	/* In the caller, once per job, in index order.  Non-zero stops
	 * the batch: the running workers are killed. */
	int	(*done)(void *arg, const struct batch_result *);
	/* In the caller when a job ends (in any order) and every few
	 * hundred milliseconds; may be NULL. */
	void	(*tick)(void *arg, size_t finished, size_t running);
	/* In the caller as job index's worker is forked, often before
	 * its turn: time to have its input read ahead; may be NULL. */
	void	(*ahead)(void *arg, size_t index);
	void	*arg;
};

/*
 * Runs jobs 0 to n - 1.  Returns 0, or -1 when done() stopped the batch.
 * Standard input, output and error of a worker are not the caller's:
 * input is /dev/null, and output and error are captured into err.  The
 * caller's stdio buffers are flushed before each fork.
 */
int	batch_run(const struct batch_opts *, size_t n,
	    const struct batch_hooks *);
/* The processors this process may run on (at least 1). */
unsigned batch_cpus(void);

#endif
