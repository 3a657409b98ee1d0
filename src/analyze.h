/*
 * One bundle through the pipeline: walk, classify, parse, match.  The
 * result holds what the report says of the bundle (files, bytes, what
 * was skipped and why, the kinds found), the facts and the hits, ready
 * for diagnose().
 *
 * Ownership: an analysis owns everything in it; the packset is borrowed
 * and must outlive it.
 */
#ifndef VMTRIAGE_ANALYZE_H
#define VMTRIAGE_ANALYZE_H

#include "bundle.h"
#include "facts.h"
#include "match.h"
#include "pack.h"

/* A log this large is worth a second thread for its second half. */
#define ANALYSIS_SPLIT_MIN	(4 * 1024 * 1024)

/* bundle.skipped keeps this many entries and counts the rest. */
#define ANALYSIS_SKIPPED_MAX 1000

/* How the bundle was collected, from its member paths. */
enum layout_bits {
	LAYOUT_DISK_INSPECT = 1 << 0,	/* device_<N>/<path on the disk> */
	LAYOUT_GUEST_LOGS = 1 << 1,	/* the agent's CollectGuestLogs zip */
	LAYOUT_DRIVE_PATHS = 1 << 2,	/* C:\... kept in the names */
};

struct skipped {
	char	*path;
	char	*reason;
};

struct analysis {
	char			*path;
	struct bundle_stats	 stats;
	struct skipped		*skipped;
	size_t			 nskipped;
	unsigned long		 skipped_more;
	unsigned		 members[KIND__COUNT];
	unsigned		 unknown;	/* members of no known kind */
	unsigned		 platforms;	/* PLAT_* the kinds prove */
	unsigned		 layouts;	/* LAYOUT_* the paths show */
	/* The VM's UTC offset when the bundle tells it (fact
	 * os.utc_offset); local times were then made UTC. */
	int			 utc_offset_known;
	int			 utc_offset_min;
	const struct fact	*utc_offset_fact;
	struct facts		 facts;
	struct matcher		 matcher;
	const struct limits	*limits;
	void			(*progress)(void *, const struct bundle_stats *,
				    const char *);
	void			*progress_arg;
	/* Optional: sees every record, whole, before the matcher does.
	 * Without one, log heads are deferred (record.h) and the matcher
	 * completes the records it may match. */
	void			(*tap)(void *, const struct record *);
	void			*tap_arg;
	/* Members with this many bytes of records or more are matched on
	 * a thread while they are parsed, this many at a time
	 * (recqueue.h); the tap runs there too.  RECQUEUE_BATCH, less in
	 * tests; 0: never. */
	size_t			 queue_batch;
	/* Logs in a directory of this many bytes or more are read in two
	 * parts at once, each parsed and matched on a thread of its own
	 * (ANALYSIS_SPLIT_MIN, less in tests; 0: never).  Not with a tap,
	 * which sees records in order. */
	uint64_t		 split_min;
	unsigned		 logs_split;	/* read in two parts */
	unsigned		 parts_reread;	/* of which the second part
						   was read again */
};

/* Does once, in a process that forks a worker per analysis, what each
 * worker would otherwise do at its first use (compiling the path
 * patterns, libxml2's tables). */
void	analyze_prepare(void);
/* Prepares an analysis; set limits and progress before analyze_run(). */
void	analysis_init(struct analysis *, const struct packset *,
	    const struct limits *);
/* 0, or -1 when nothing could be read (*err set, caller frees). */
int	analyze_run(struct analysis *, const char *path, char **err);
/* The same for a bundle held in memory (fuzzers, tests), called name. */
int	analyze_run_buffer(struct analysis *, const char *name,
	    const void *buf, size_t len, char **err);
void	analysis_free(struct analysis *);
/* Minutes east of UTC from "+01:00", "-08:00", "+0530", "" or "Z"
 * (UTC itself); -1 if s is not an offset. */
int	utc_offset_parse(const char *s, int *minutes);
/* "linux", "windows", "mixed" or "unknown". */
const char *analysis_platform_name(const struct analysis *);
/* The collection layout recognised, for the report. */
const char *analysis_layout(const struct analysis *);

#endif
