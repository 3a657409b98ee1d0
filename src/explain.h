/*
 * What the pattern packs say of an error code, a cause or a readiness
 * check, without a bundle (vmtriage explain): for a code, its message and
 * the causes that explain it in catalogue order; for a cause, the rules
 * that find it or rule it out in words, what it needs, what it leads to,
 * its fix and doc; for a check (vmtriage audit), its fail, warn and pass
 * rules in words, the causes it fails on, the files it needs, the data it
 * compares with, its fix and doc.
 * One renderer per format, all from the same packset; every string a
 * renderer writes goes through redact().
 *
 * The JSON contract (schema "vmtriage/explain/1") is in README.md; fields
 * may be added, never renamed or removed.
 *
 * Ownership: an explain and the codes of explain_codes() borrow from the
 * packset, which must outlive them; the caller frees the array that
 * explain_codes() returns.
 */
#ifndef VMTRIAGE_EXPLAIN_H
#define VMTRIAGE_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

struct packset;
struct cause;
struct check;
struct symptom;
struct strbuf;

#define EXPLAIN_SCHEMA "vmtriage/explain/1"

enum explain_what {
	EXPLAIN_LIST,		/* every code and every cause */
	EXPLAIN_CODE,
	EXPLAIN_CAUSE,
	EXPLAIN_CHECK,
};

struct explain {
	enum explain_what	 what;
	const char		*query;		/* as given; NULL: the list */
	const char		*code;		/* as the packs spell it */
	const struct symptom	*symptom;	/* NULL: only causes name it */
	const struct cause	*cause;
	const struct check	*check;
};

/* An error code the packs know: a symptom, or a code only causes name. */
struct explain_code {
	const char		*code;
	const struct symptom	*symptom;	/* NULL: no message */
};

/* Finds name: a cause id, an error code or a check id, in any case.  0,
 * or -1 when the packs know none of them. */
int	explain_lookup(const struct packset *, const char *name,
	    struct explain *);
/* Up to max codes, cause ids and check ids near name (it starts them, is in them,
 * is a few edits away, or shares their dotted prefix), likest first,
 * into out; returns how many. */
size_t	explain_suggest(const struct packset *, const char *name,
	    const char **out, size_t max);
/* The symptoms in pack order, then the codes only causes name, in
 * catalogue order, each once. */
struct explain_code *explain_codes(const struct packset *, size_t *n);

int	explain_text(FILE *, const struct packset *, const struct explain *,
	    int color);
int	explain_markdown(FILE *, const struct packset *,
	    const struct explain *);
int	explain_json(FILE *, const struct packset *, const struct explain *);

/* explain.c, for the renderers. */
/* The VMs a check is for: its platforms, or (0) every VM. */
#define CHECK_PLATFORMS(ck) \
	((ck)->platforms != 0 ? (ck)->platforms : \
	    (unsigned)(PLAT_LINUX | PLAT_WINDOWS))
/* "Linux, Windows, control plane". */
void	explain_platforms(unsigned platforms, struct strbuf *);
/* A summary or reason template for reading without a bundle: "{fact:X}"
 * becomes "<X>", "{count:S}" "<number of S>", and so on; "{data:D}" and
 * "{as_of:D}" the value and date of the packs' data D. */
void	explain_template(const struct packset *, const char *template,
	    struct strbuf *);
/* The label of the cause's remedy when remedy_windows differs:
 * "Linux", "Linux, control plane"; "other VMs" when only Windows. */
void	explain_remedy_label(const struct cause *, struct strbuf *);

#endif
