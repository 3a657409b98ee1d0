/*
 * The batch stage: many independent jobs (bundles), run by `jobs` worker
 * processes, and their outputs handed back in the jobs' order whatever
 * order they finish in.  Processes are the isolation a batch of hostile
 * bundles needs: a job that crashes its worker, outgrows its memory or
 * its time is reported as such, and the others go on.  Workers are forked
 * from the caller after its set-up (the pattern packs, compiled once), so
 * each starts with it for free.
 *
 * A worker serves job after job (or `reuse` of them).  A job that kills
 * a worker which had served others is run once more in a new worker, and
 * that run is its result: so no job's result depends on the jobs a
 * worker served before it.
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

/* A job's output over this is not handed back (BATCH_TOO_LARGE). */
#define BATCH_OUTPUT_MAX ((size_t)64 << 20)
/* Its standard error (and standard output) is kept up to this. */
#define BATCH_ERROR_MAX 4096

enum batch_status {
	BATCH_EXITED,		/* the worker exited, with status code */
	BATCH_SIGNALLED,	/* it was killed by signal code */
	BATCH_TIMED_OUT,	/* killed when its time was up */
	BATCH_TOO_LARGE,	/* its output was over BATCH_OUTPUT_MAX */
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
	double			 seconds;	/* the job's, wall clock */
};

struct batch_opts {
	unsigned	 jobs;		/* workers at once, at least 1 */
	double		 timeout;	/* seconds a job may take; 0: no limit */
	/* Bytes a worker's address space may grow beyond what it starts
	 * with (RLIMIT_AS, Linux); 0: no limit. */
	uint64_t	 memory;
	/* Finished jobs held back for order; 0: a default for jobs. */
	size_t		 window;
	/* Jobs a worker serves before it exits; 0: no limit; 1: a
	 * process per job. */
	size_t		 reuse;
};

struct batch_hooks {
	/* In a worker: does job index, writes its output to fd (which
	 * stays the pool's: not to be closed) and returns its status, 0 to
	 * 255.  It must free what it allocates: the worker serves the next
	 * job with the same memory. */
	int	(*work)(void *arg, size_t index, int fd);
	/* In the caller, once per job, in index order.  Non-zero stops
	 * the batch: the running workers are killed. */
	int	(*done)(void *arg, const struct batch_result *);
	/* In the caller when a job ends (in any order) and every few
	 * hundred milliseconds; may be NULL. */
	void	(*tick)(void *arg, size_t finished, size_t running);
	/* In the caller as job index is given to a worker, often before
	 * its turn: time to have its input read ahead; may be NULL. */
	void	(*ahead)(void *arg, size_t index);
	void	*arg;
};

/*
 * Runs jobs 0 to n - 1.  Returns 0, or -1 when done() stopped the batch.
 * Standard input, output and error of a worker are not the caller's:
 * input is /dev/null, and output and error are captured, job by job,
 * into err.  The caller's stdio buffers are flushed before each fork.
 */
int	batch_run(const struct batch_opts *, size_t n,
	    const struct batch_hooks *);
/* The processors this process may run on (at least 1). */
unsigned batch_cpus(void);

#endif
