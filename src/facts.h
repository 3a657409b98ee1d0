/*
 * Evidence (a record kept as file, line, time and text) and the facts
 * taken from records: the agent version, waagent.conf keys, extension
 * states.  A fact keeps the record it came from, so that a finding built
 * on it can point at its line.
 *
 * Ownership: the store owns its facts; facts_get() returns a pointer
 * valid until facts_free().  Evidence owns its strings.
 */
#ifndef VMTRIAGE_FACTS_H
#define VMTRIAGE_FACTS_H

#include <stddef.h>

#include "record.h"

struct fact_def;

struct evidence {
	char		*file;		/* member path in the bundle */
	unsigned	 member_seq;
	enum source_kind kind;
	unsigned long	 line;
	unsigned	 lines;
	struct vtime	 time;
	char		*text;		/* as written, capped */
	size_t		 text_size;	/* allocated for text by
					   evidence_set(), or 0 */
	int		 cut;
	/* A local time made UTC with the VM's offset (minutes east of
	 * UTC): the report says so and can show it as written. */
	int		 shifted;
	int		 offset_min;
};

/* Evidence text beyond this is cut: enough for a traceback's head. */
#define EVIDENCE_TEXT_MAX 2048

void	evidence_set(struct evidence *, const struct record *);
void	evidence_copy(struct evidence *dst, const struct evidence *src);
void	evidence_release(struct evidence *);
/* Makes a VM-local time UTC, given the VM's offset east of UTC. */
void	evidence_shift(struct evidence *, int offset_min);
/* <0, 0, >0: a before, with, after b, by time where both have one of the
 * same zone, else by position in the bundle. */
int	evidence_order(const struct evidence *, const struct evidence *);

struct fact {
	char			*id;
	char			*value;
	const struct fact_def	*def;
	struct evidence		 ev;
};

struct facts {
	struct fact	**v;
	size_t		  n;
	/* A fact taken first or last was offered in two zones (or with
	 * and without a time).  evidence_order() then orders by position
	 * between zones and by time within one, so which offer wins
	 * depends on the ones before: a merge of these facts could not
	 * give what one pass would. */
	int		  zones_mixed;
};

void		 facts_init(struct facts *);
void		 facts_free(struct facts *);
/* Offers a value for id; the definition's "take" decides if it stays. */
void		 facts_offer(struct facts *, const struct fact_def *,
		    const char *id, const char *value, const struct record *);
const struct fact *facts_get(const struct facts *, const char *id);
/*
 * Offers fs the facts of from, taken from records that came after all
 * of fs's, as if offered one by one in from's order; the lines of their
 * evidence are moved on by line_shift first.  Unless from->zones_mixed
 * that is what offering from's records would have given.  from is left
 * to free.
 */
void		 facts_merge(struct facts *fs, struct facts *from,
		    unsigned long line_shift);
/* Sorts by id, for output. */
void		 facts_sort(struct facts *);

#endif
