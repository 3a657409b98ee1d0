/*
 * The match stage: every record runs past the signals of its source kind
 * (PCRE2 with JIT, one match block reused for all).  A hit is not kept
 * whole: per signal and per group key (the values of its group_by
 * captures) the store keeps the count and the first and last hit, so
 * memory grows with the number of distinct groups, never with the size of
 * the bundle.
 *
 * A literal prefilter keeps PCRE2 off the records that cannot match: per
 * kind, one scan of the record finds which signals' literals occur.
 *
 * Ownership: the matcher owns its hit store; the packset (with its
 * prefilters, struct match_plan) and the fact store are borrowed and
 * must outlive it.
 */
#ifndef VMTRIAGE_MATCH_H
#define VMTRIAGE_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "pack.h"
#include "record.h"
#include "strbuf.h"

struct litset;
struct field_arena;

/* Groups per signal; further keys count in the last group. */
#define MATCH_GROUPS_MAX 256

struct hit_group {
	char		*key;		/* group_by values joined by '\x1f' */
	unsigned long	 count;
	struct evidence	 first;
	struct evidence	 last;
};

struct signal_hits {
	struct hit_group *groups;
	size_t		  ngroups;
	unsigned long	  count;
};

/* The newest record of a kind in one time zone; buffers are reused, so
 * following it costs no allocation per record. */
struct newest {
	struct vtime	 time;
	unsigned	 member_seq;
	unsigned long	 line;
	char		*file;
	struct strbuf	 text;
};

/* What the bundle holds of one source kind. */
struct kind_seen {
	unsigned long	 records;
	struct newest	 newest[3];	/* by enum vtime_zone */
};

/*
 * The prefilter of a source kind: a signal's regex runs only on records
 * that meet each of its clauses, a clause being a set of literals of
 * which one must occur (regex_literal.h).  Clauses are numbered across
 * the kind's signals, which are by position in the packset's by_kind.
 */
struct kind_filter {
	struct litset	*msg;		/* literals of the signals that read
					   the message, or NULL */
	struct litset	*text;		/* of those on the whole record */
	size_t		*first;		/* by signal: its first clause */
	size_t		*nclauses;	/* by signal; 0: always a candidate */
	size_t		*sig_of;	/* by clause: its signal */
	uint64_t	*always;	/* bit per signal always a
					   candidate */
	size_t		 nwords;	/* of a mask of its clauses */
	size_t		 nsigwords;	/* of a mask of its signals */
};

/*
 * The prefilters of every kind, derived from a packset's regexes once,
 * when the packset is linked (pack.c), and read-only after that: matchers
 * share it, and the workers of a batch find it built in the process they
 * are forked from.
 *
 * Ownership: the packset owns its plan.
 */
struct match_plan {
	struct kind_filter	 filters[KIND__COUNT];
	size_t			 max_words;	/* the largest nwords */
	size_t			 max_sigwords;	/* the largest nsigwords */
};

struct match_plan *match_plan_new(const struct packset *);
void	match_plan_free(struct match_plan *);

/*
 * A kind's message literals looked for by the windows its first messages
 * hold least (match_literal.h, litset_tune()): counted over the first
 * TUNE_BYTES of them, then the tuned litset serves the rest.
 */
struct msg_tuning {
	uint32_t		*counts;	/* while counting */
	size_t			 bytes;		/* counted; the set is made
						   once tune_bytes are */
	struct litset		*set;		/* NULL: the plan's */
};

struct matcher {
	const struct packset	*ps;
	struct facts		*facts;
	struct signal_hits	*hits;		/* by signal index */
	struct kind_seen	 kinds[KIND__COUNT];
	const struct match_plan	*plan;		/* the packset's, or own_plan */
	struct match_plan	*own_plan;
	uint64_t		*hit;		/* the record's clauses met */
	uint64_t		*cand;		/* its candidate signals */
	int			 no_prefilter;	/* tests: every signal is a
						   candidate */
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit;
	struct strbuf		 scratch;	/* a group's key */
	struct strbuf		 fact_value;	/* a fact offered */
	struct strbuf		 fact_idbuf;
	unsigned long		 records;
	struct record		*whole;		/* a deferred record, completed */
	struct field_arena	*whole_fields;
	const struct record	*whole_of;	/* the record whole completes,
						   or NULL */
	/* A merge of this matcher could not give what one pass would:
	 * a new key was counted in a signal's last group, or a group's
	 * hits came in two zones (why that matters: struct facts). */
	int			 groups_full;
	int			 zones_mixed;
	struct msg_tuning	 tuning[KIND__COUNT];
	size_t			 tune_bytes;	/* counted first; tests set
						   fewer */
	/* The newest record whose text is lent (record.lent), copied to
	 * its text only when the parser lets go of it. */
	struct newest		*lent;
	const char		*lent_text;
	size_t			 lent_len;
};

void	matcher_init(struct matcher *, const struct packset *, struct facts *);
void	matcher_free(struct matcher *);
/*
 * Counts in into what from (same packset) matched in records that came
 * after all of into's: the second part of a log read in two, whose lines
 * are numbered on by line_shift.  The result is what into would hold had
 * it matched from's records itself, unless from->groups_full or
 * from->zones_mixed.  from's
 * facts are merged apart (facts_merge()); from is left to free.
 */
void	matcher_merge(struct matcher *into, struct matcher *from,
	    unsigned long line_shift);
/* The sink of the parse stage; matcher_let_go() is its let_go, which a
 * parse that lent text must have called before anything else below
 * reads the matcher. */
void	matcher_record(void *matcher, const struct record *);
void	matcher_let_go(void *matcher);
/* 1 if the signal matches the record, prefilter included (used by the
 * pack examples too). */
int	matcher_test(struct matcher *, const struct signal *,
	    const struct record *);
const struct signal_hits *matcher_hits(const struct matcher *,
	    const struct signal *);
/* The newest record of a kind with times of a zone, as evidence; 0 if
 * there is none. */
int	matcher_newest(const struct matcher *, enum source_kind,
	    enum vtime_zone, struct evidence *);
/*
 * Once the bundle has told the VM's UTC offset: every local time kept
 * (hits, the newest record of each kind) becomes UTC, so that local and
 * UTC sources order on one timeline.
 */
void	matcher_shift_local(struct matcher *, int offset_min);
/* The group of a signal's hits that the clearing signal has not cleared:
 * 1 when its last hit comes after the last clearing hit of the same key. */
int	matcher_group_active(const struct matcher *, const struct signal *,
	    const struct hit_group *);
/* The last hit of the clearing signal for that group, or NULL. */
const struct hit_group *matcher_clearing_group(const struct matcher *,
	    const struct signal *, const struct hit_group *);

#endif
