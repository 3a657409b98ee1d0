/*
 * The literals a regular expression cannot match without: read from the
 * PCRE2 source of a signal's regex, so that the matcher runs the regex
 * only on records that hold them (match_literal.h finds them).  The
 * answer is up to REGEX_CLAUSES_MAX clauses, all required, each a set of
 * literals of which one must occur; a literal may be anchored (it must
 * start the subject: "^Python: ").
 *
 * The reading is conservative: what it does not understand (backrefer-
 * ences, recursion, conditionals, verbs, \Q...\E, extended mode) proves
 * nothing, and a regex with no provable literal of REGEX_LITERAL_MIN
 * bytes or more gets none, so that it runs on every record.  A wrong
 * literal would lose findings; a missing one costs only time.
 *
 * Ownership: a litreq owns its literals; litreq_free() releases them.
 */
#ifndef VMTRIAGE_REGEX_LITERAL_H
#define VMTRIAGE_REGEX_LITERAL_H

#include <stddef.h>
#include <stdint.h>

/* Shorter literals are too common in logs to be worth the look. */
#define REGEX_LITERAL_MIN	3
/* Longer ones are cut: a prefix of a required literal is required. */
#define REGEX_LITERAL_MAX	32
/* More alternatives than this in a clause and it proves nothing. */
#define REGEX_LITERALS_MAX	32

struct literal {
	char	*s;		/* bytes as written; ASCII letters folded to
				   lower case when caseless */
	size_t	 len;
	int	 caseless;	/* ASCII letters match in either case */
	int	 anchored;	/* at the subject's start ("^literal") */
};

/* More requirements than this add little. */
#define REGEX_CLAUSES_MAX	3

/* Every match contains at least one of lits. */
struct litalt {
	struct literal	*lits;
	size_t		 nlits;
};

/* Every match meets all n clauses (none: nothing proven). */
struct litreq {
	struct litalt	 all[REGEX_CLAUSES_MAX];
	size_t		 n;
};

/*
 * Reads pattern (compiled with options, of which PCRE2_CASELESS,
 * PCRE2_MULTILINE and PCRE2_EXTENDED matter) into *req.  Returns the
 * number of clauses, 0 when nothing could be proven.
 */
size_t	regex_literals(const char *pattern, uint32_t options,
	    struct litreq *req);
void	litreq_free(struct litreq *);

#endif
