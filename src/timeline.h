/*
 * The timeline: the records of every source of a bundle on one time
 * axis, for `vmtriage timeline` and the HTML report.  It is fed as a tap
 * of the analysis (analysis.tap), keeps only records inside its windows
 * (all, when it has none) and at most cap of them, then is sorted and
 * its entries that are a finding's evidence are marked.
 *
 * The cap keeps the entries nearest the centre of their window when
 * there are windows, else the newest; the others are counted in dropped.
 * A record with no time is counted in untimed and not kept: it has no
 * place on the axis.  During the walk at most cap entries are held in
 * each of two pools (below), so memory is bounded by 2 * cap entries of
 * at most TIMELINE_TEXT_MAX bytes of text each.
 *
 * VM-local times (VTIME_LOCAL) are made UTC with the VM's offset, so that
 * windows, which are UTC, apply to them exactly.  The walk that feeds the
 * timeline learns the offset only at its end (analysis.utc_offset_min),
 * so local records are kept apart during the walk and placed in
 * timeline_finish().  When more local records than cap were near the
 * windows and the offset turned out not to be zero, the local ones kept
 * may not be the nearest: finish() then sets 'inexact', and a second walk
 * with timeline_set_utc_offset() gives the exact timeline.  A walk that
 * knows the offset beforehand (the HTML report's second walk) sets it
 * first and is always exact.  Local times whose offset stays unknown are
 * placed as if they were UTC and stay marked local.
 *
 * Texts are kept as written; renderers redact them like every other
 * string they print.
 *
 * Ownership: a timeline owns its entries and their strings; level and
 * cause point at static, packset or diagnosis strings (those must outlive the
 * timeline's use of cause).
 */
#ifndef VMTRIAGE_TIMELINE_H
#define VMTRIAGE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "timeparse.h"

struct analysis;
struct diagnosis;

/* A record's text beyond this is cut (its first line is what shows). */
#define TIMELINE_TEXT_MAX 512

/* The widest offset from UTC a VM can have (utc_offset_parse() takes
 * up to 14:59): how far a local time may lie from its UTC time. */
#define TIMELINE_LOCAL_SPREAD_US ((int64_t)15 * 3600 * 1000000)

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
	int		 cut;		/* the first line was longer */
	/* A finding's evidence: the cause id (the first finding, in report
	 * order, whose evidence this record is); the symptom's evidence (the
	 * failed job, what Azure saw): the error code; else NULL. */
	const char	*cause;
	/* Private: the cap's order (outside every window as written, and
	 * the distance to the nearest window or centre). */
	int		 far;
	int64_t		 dist;
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
	uint64_t		 kinds;		/* bits of the kinds kept;
						   0: all */
	int			 offset_known;	/* set before the walk */
	int			 offset_min;
	/* After timeline_finish(): local records were dropped before the
	 * offset was known, so the local entries and the counts may be
	 * off; walk again with timeline_set_utc_offset(). */
	int			 inexact;

	/* Private: the walk's state. */
	size_t			 valloc;
	struct timeline_entry	*local;		/* local, offset unknown */
	size_t			 nlocal;
	size_t			 localloc;
	unsigned long		 local_in;	/* local records dropped, in */
	unsigned long		 local_near;	/* and near a window */
	int			 finished;
};

void	timeline_init(struct timeline *, size_t cap);
void	timeline_free(struct timeline *);
/* Keeps only records from..to (inclusive, UTC); windows add up. */
void	timeline_add_window(struct timeline *, const struct vtime *from,
	    const struct vtime *to);
/* Keeps only records of the kinds so named (each call adds one); no
 * call: every kind.  Records of other kinds are not counted at all. */
void	timeline_only_kind(struct timeline *, enum source_kind);
/* The VM's offset east of UTC, when known before the walk: local times
 * are made UTC as they come. */
void	timeline_set_utc_offset(struct timeline *, int offset_min);
/* The analysis tap: arg is the timeline. */
void	timeline_tap(void *arg, const struct record *);
/*
 * After the walk (and diagnose, when d is not NULL): local times made UTC
 * when the analysis knows the VM's offset (an may be NULL), windows and
 * cap applied to them, entries sorted by time (ties by member, then
 * line), and the evidence of d's findings marked.  Called once.
 */
void	timeline_finish(struct timeline *, const struct analysis *,
	    const struct diagnosis *d);
/*
 * Walks an analysed bundle again for the timeline alone, with its limits
 * and progress: nothing is matched (an empty packset), an is not changed.
 * When an knows the VM's offset, local times are made UTC as they come.
 * Then timeline_finish(tl, an, d).  0, or -1 with *err set (caller
 * frees).
 */
int	timeline_walk(struct timeline *, const struct analysis *an,
	    const struct diagnosis *d, char **err);
/* A window of span seconds each side of every timed evidence of d's
 * findings and symptom; returns how many were added. */
size_t	timeline_around_evidence(struct timeline *, const struct diagnosis *d,
	    long span);
/* "2024-05-01T10:20:30.123Z" (UTC) or "2024-05-01T10:20:30.123" (local,
 * offset unknown); buf >= 32 bytes. */
void	timeline_time(const struct timeline_entry *, char *buf, size_t len);

#endif
