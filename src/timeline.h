/*
 * The timeline: the records of every source of a bundle on one time
 * axis, for `vmtriage timeline` and the HTML report.  It is fed as a tap
 * of the analysis (analysis.tap), keeps only records inside its windows
 * (all, when it has none) and at most cap of them, then is sorted and
 * its entries that are a finding's evidence are marked.
 *
 * Texts are kept as written; renderers redact them like every other
 * string they print.
 *
 * Ownership: a timeline owns its entries and their strings; kind, level
 * and cause point at static or packset strings.
 */
#ifndef VMTRIAGE_TIMELINE_H
#define VMTRIAGE_TIMELINE_H

#include <stddef.h>

#include "record.h"
#include "timeparse.h"

struct analysis;
struct diagnosis;

/* A record's text beyond this is cut (its first line is what shows). */
#define TIMELINE_TEXT_MAX 512

struct timeline_entry {
	struct vtime	 time;		/* UTC after timeline_finish() when the
					   VM's offset is known */
	int		 shifted;	/* a local time made UTC */
	int		 offset_min;	/* the offset it was made UTC with */
	char		*file;		/* member path */
	unsigned	 member_seq;
	unsigned long	 line;		/* 0: the source has no lines */
	enum source_kind kind;
	const char	*level;		/* "ERROR"... or NULL */
	char		*text;		/* first line, capped */
	/* A finding's evidence: the cause id (the first finding, in report
	 * order, whose evidence this record is), else NULL. */
	const char	*cause;
};

struct timeline_window {
	struct vtime	 from;
	struct vtime	 to;
};

struct timeline {
	struct timeline_entry	*v;
	size_t			 n;
	size_t			 cap;		/* entries kept at most */
	unsigned long		 dropped;	/* in a window, beyond cap */
	unsigned long		 untimed;	/* records with no time */
	unsigned long		 outside;	/* timed, outside every window */
	struct timeline_window	*windows;	/* none: every time */
	size_t			 nwindows;
};

void	timeline_init(struct timeline *, size_t cap);
void	timeline_free(struct timeline *);
/* Keeps only records from..to (inclusive); windows add up. */
void	timeline_add_window(struct timeline *, const struct vtime *from,
	    const struct vtime *to);
/* The analysis tap: arg is the timeline. */
void	timeline_tap(void *arg, const struct record *);
/*
 * After the walk (and diagnose, when d is not NULL): local times made UTC
 * when the analysis knows the VM's offset, entries sorted by time (ties
 * by member, then line), and the evidence of d's findings marked.
 */
void	timeline_finish(struct timeline *, const struct analysis *,
	    const struct diagnosis *d);

#endif
