/*
 * A multi-literal searcher: which of a set of literals occur in a buffer,
 * in one pass whatever their number.  The matcher's prefilter: each
 * literal belongs to a group (a signal), and a scan sets the bit of every
 * group one of whose literals occurs.
 *
 * Literals are ASCII-caseless or exact.  The scan hashes 4-byte windows
 * of the buffer into a bitmap of the literals' windows and checks the
 * whole literal where a bit is set (match_literal.c says how, and why
 * not Aho-Corasick).  A caseless literal with a letter is also
 * reported for any buffer with a byte beyond ASCII: PCRE2's caseless UTF
 * matching lets characters such as U+212A KELVIN SIGN match 'k'.
 *
 * Ownership: a litset owns copies of its literals.  A built litset is
 * read-only: one may serve concurrent scans.
 */
#ifndef VMTRIAGE_MATCH_LITERAL_H
#define VMTRIAGE_MATCH_LITERAL_H

#include <stddef.h>
#include <stdint.h>

struct litset;

struct litset	*litset_new(size_t ngroups);
void		 litset_free(struct litset *);
/* Adds a literal of 3 bytes or more to a group (< ngroups); the same
 * literal may serve several groups.  An anchored literal counts only at
 * the start of the buffer.  Only before litset_build(). */
void		 litset_add(struct litset *, const char *, size_t len,
		    int caseless, int anchored, size_t group);
void		 litset_build(struct litset *);
/* A scan looks at one position in every few: as many as the shortest
 * literal it looks for anywhere (not anchored) allows.  One of this
 * length or longer shortens that step in nothing. */
#define LITSET_FULL_STEP_LEN	11
/* The number of distinct literals. */
size_t		 litset_count(const struct litset *);
/* The uint64_t words of a group mask: (ngroups + 63) / 64. */
size_t		 litset_words(const struct litset *);
/* ORs into mask the bit of every group with a literal in s[0..n). */
void		 litset_scan(const struct litset *, const char *s, size_t n,
		    uint64_t *mask);

/*
 * Which windows a literal is looked for by decides only how often a scan
 * compares it in vain, never the mask.  The built-in choice goes by how
 * common letters are in English; it cannot know that "Fetching" starts
 * many lines of an agent log.  So a reader of much text counts the
 * windows of its start (LITSET_TUNE_SLOTS counters, zeroed by the
 * caller) and has a litset made that looks for each literal where that
 * text is rarest.
 */
#define LITSET_TUNE_BITS	12
#define LITSET_TUNE_SLOTS	(1u << LITSET_TUNE_BITS)
void		 litset_count_windows(uint32_t *counts, const char *s,
		    size_t n);
/* A built litset of base's literals and groups, with windows chosen by
 * counts; NULL where the counts cannot help (see match_literal.c).  The
 * caller frees it; base need not outlive it. */
struct litset	*litset_tune(const struct litset *base,
		    const uint32_t *counts);

#endif
