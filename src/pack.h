/*
 * Pattern packs: what vmtriage knows of faults, as data: the JSON files
 * of patterns/.
 * A pack declares
 *   signals   regular expressions and field conditions over records of
 *             given source kinds, each with real example lines;
 *   facts     values taken from signal captures or record fields;
 *   causes    the fault catalogue's causes: the conditions that find or
 *             rule them out, what they need, what they lead to, the error
 *             codes they explain, the remedy and the doc link;
 *   symptoms  the error codes a user sees, with their message;
 *   data      values the packs compare facts with (minimum versions,
 *             supported systems), each with its source and date;
 *   checks    the readiness checklist of `vmtriage audit`: pass, warn
 *             and fail rules, and the causes whose verdicts decide them.
 * The format is described in README.md, "Pattern packs".
 *
 * Ownership: a packset owns everything reachable from it; pointers into
 * it stay valid until packset_free().
 */
#ifndef VMTRIAGE_PACK_H
#define VMTRIAGE_PACK_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

struct match_plan;
struct strbuf;
struct cJSON;

enum confidence {
	CONF_LOW = 0,
	CONF_MEDIUM,
	CONF_HIGH,
};

enum platform_bits {
	PLAT_LINUX = 1 << 0,
	PLAT_WINDOWS = 1 << 1,
	PLAT_CONTROL = 1 << 2,		/* decided by control-plane exports */
};

typedef uint64_t kind_mask;
#define KIND_BIT(k) ((kind_mask)1 << (k))
_Static_assert(KIND__COUNT <= 64, "kind_mask holds one bit per kind");

/* A field that must (or must not) match a pattern. */
struct field_cond {
	char		*name;
	char		*pattern;
	pcre2_code	*re;
	int		 negate;
};

struct signal {
	char		*id;
	char		*title;
	kind_mask	 kinds;
	enum source_kind first_kind;	/* for examples */
	unsigned	 levels;	/* bit per level; 0: any */
	char		*pattern;	/* NULL: fields alone decide */
	pcre2_code	*re;
	int		 on_text;	/* match the whole record, not the
					   message */
	struct field_cond *where;
	size_t		 nwhere;
	char		**group_by;	/* captures or fields keying hits */
	size_t		 ngroup_by;
	char		*cleared_by_id;
	struct signal	*cleared_by;	/* a later hit of it clears ours */
	struct cJSON	*examples_match;
	struct cJSON	*examples_no_match;
	size_t		 index;		/* in packset.signals */
	const char	*pack;
};

enum fact_type {
	FACT_STRING = 0,
	FACT_VERSION,
	FACT_NUMBER,
};

enum fact_take {
	TAKE_LAST = 0,		/* the latest record */
	TAKE_FIRST,
	TAKE_MAX,		/* by the fact's type */
	TAKE_MIN,
};

struct fact_source {
	char		*signal_id;
	struct signal	*signal;
	char		*capture;	/* named group or record field */
	char		*value;		/* or a constant: what a hit means */
};

struct fact_def {
	char		*id;		/* may hold {capture} templates */
	char		*title;
	enum fact_type	 type;
	enum fact_take	 take;
	struct fact_source *from;
	size_t		 nfrom;
	int		 summary;	/* shown in the text report's facts */
	const char	*pack;
};

enum cond_type {
	COND_SIGNAL,
	COND_FACT,
	COND_KIND,
	COND_STALE,
	COND_SYMPTOM,
	COND_DATA,
	COND_ALL,
	COND_ANY,
	COND_NOT,
};

enum fact_op {
	FOP_EXISTS,
	FOP_MISSING,
	FOP_EQ,
	FOP_NE,
	FOP_MATCHES,
	FOP_VERSION_LT,
	FOP_VERSION_GE,
	FOP_LT,
	FOP_GE,
	FOP_GT,
	FOP_LE,
};

struct pack_data;

struct cond {
	enum cond_type	 type;
	char		*ref;		/* signal, fact or kind name */
	struct signal	*signal;
	kind_mask	 kinds;		/* COND_KIND: any of these; COND_STALE:
					   the kinds whose newest record
					   counts (0: the signal's) */
	char		*than;		/* COND_STALE: their name */
	unsigned long	 min_count;	/* signal: hits needed */
	int		 include_cleared;
	enum fact_op	 op;
	char		*value;
	pcre2_code	*re;		/* FOP_MATCHES */
	long		 minutes;	/* stale */
	/* A fact compared with a pack data value ({"data": ID}), or
	 * COND_DATA: the table whose rows are matched. */
	char		*data_id;
	struct pack_data *data;
	/* COND_DATA: table column -> fact id. */
	char		**columns;
	char		**column_facts;
	size_t		 ncolumns;
	struct cond	**sub;
	size_t		 nsub;
};

struct found_rule {
	struct cond	*when;
	enum confidence	 confidence;
	char		*summary;	/* template */
};

struct ruled_out_rule {
	struct cond	*when;
	char		*why;		/* template */
};

struct cause {
	char		*id;
	char		*title;
	unsigned	 platforms;
	char		**explains;
	size_t		 nexplains;
	struct found_rule *found;
	size_t		 nfound;
	struct ruled_out_rule *ruled_out;
	size_t		 nruled_out;
	/* When one holds, the bundle cannot decide: why is what it lacks. */
	struct ruled_out_rule *undecided;
	size_t		 nundecided;
	kind_mask	 needs;
	char		*missing;
	char		*missing_windows;	/* for a Windows bundle; NULL:
						   missing serves */
	char		**leads_to_ids;
	struct cause	**leads_to;
	size_t		 nleads_to;
	char		**remedy;
	size_t		 nremedy;
	char		**remedy_windows;	/* for a Windows bundle; none:
						   remedy serves */
	size_t		 nremedy_windows;
	char		*doc;
	size_t		 index;		/* catalogue order */
	const char	*pack;
};

struct symptom {
	char		*code;
	char		*message;
	char		*doc;
	/* Signals that show the symptom from outside the guest (the
	 * agent Not Ready in the instance view): its evidence. */
	char		**observed_by_ids;
	struct signal	**observed_by;
	size_t		 nobserved_by;
};

/*
 * A value the packs compare facts with, kept with where it comes from: a
 * scalar (a minimum version) or a table whose rows match facts by
 * column (the operating systems a support matrix lists).
 */
struct data_cell {
	char		*column;
	char		*pattern;	/* matched in any case */
	pcre2_code	*re;
};

struct data_row {
	char		*name;
	struct data_cell *cells;
	size_t		 ncells;
};

struct pack_data {
	char		*id;
	char		*title;
	char		*value;		/* NULL for a table */
	struct data_row	*rows;
	size_t		 nrows;
	char		*source;	/* https URL */
	char		*as_of;		/* YYYY-MM-DD */
	char		*note;
	const char	*pack;
};

/* One rule of a check: when it holds, the check has its status. */
struct check_rule {
	struct cond	*when;
	char		*summary;	/* template */
	/* The data its condition and summary use, for the report. */
	struct pack_data **data;
	size_t		 ndata;
};

/*
 * A readiness check (vmtriage audit): its fail rules, then its causes if
 * the diagnosis found one (fail, or warn when found with low
 * confidence), then its warn and pass rules, then its causes not
 * evaluated (unknown) or ruled out (pass); else it is unknown, and
 * missing says what would decide it (audit.c).
 */
struct check {
	char		*id;
	char		*title;
	unsigned	 platforms;	/* 0: every VM */
	char		**cause_ids;
	struct cause	**causes;
	size_t		 ncauses;
	struct check_rule *fail;
	size_t		 nfail;
	struct check_rule *warn;
	size_t		 nwarn;
	struct check_rule *pass;
	size_t		 npass;
	kind_mask	 needs;
	char		*missing;
	char		*missing_windows;
	char		**remedy;
	size_t		 nremedy;
	char		**remedy_windows;
	size_t		 nremedy_windows;
	char		*doc;
	char		*doc_windows;	/* NULL: doc serves */
	/* The data its rules compare with, for the report. */
	struct pack_data **data;
	size_t		 ndata;
	size_t		 index;
	const char	*pack;
};

struct pack {
	char		*name;
	char		*path;
	char		*description;
	struct cJSON	*json;
};

struct packset {
	struct pack	**packs;
	size_t		 npacks;
	struct signal	**signals;
	size_t		 nsignals;
	struct fact_def	**facts;
	size_t		 nfacts;
	struct cause	**causes;
	size_t		 ncauses;
	struct symptom	**symptoms;
	size_t		 nsymptoms;
	struct pack_data **data;
	size_t		 ndata;
	struct check	**checks;
	size_t		 nchecks;
	/* Signals by source kind, for the matcher. */
	struct signal	**by_kind[KIND__COUNT];
	size_t		 nby_kind[KIND__COUNT];
	/* Fact definitions fed by each signal, by signal index. */
	struct fact_def	***facts_of;
	size_t		*nfacts_of;
	unsigned	 max_captures;
	/* The matcher's prefilters (match.h), built with the links. */
	struct match_plan *plan;
};

/*
 * Loads every *.json of each directory, in name order; a pack of the same
 * file name in a later directory replaces the earlier one.  Returns the
 * number of errors, each a line appended to errors; a packset with errors
 * must not be used for analysis.
 */
int		 packset_load(struct packset *, const char *const *dirs,
		    size_t ndirs, struct strbuf *errors);
/* One pack from the JSON text buf[0..len), as if read from a file called
 * name; the same return and rules.  For fuzzers and tests. */
int		 packset_load_buffer(struct packset *, const char *name,
		    const char *buf, size_t len, struct strbuf *errors);
void		 packset_free(struct packset *);
struct signal	*packset_signal(const struct packset *, const char *id);
struct cause	*packset_cause(const struct packset *, const char *id);
struct symptom	*packset_symptom(const struct packset *, const char *code);
struct pack_data *packset_data(const struct packset *, const char *id);
struct check	*packset_check(const struct packset *, const char *id);
/* Style and coherence checks beyond what loading needs; appends warnings
 * and returns their number. */
int		 packset_lint(const struct packset *, struct strbuf *out);
/* Runs every signal's examples through the real parsers; appends a line
 * per failure and returns the number of failures.  *checked counts the
 * examples run. */
int		 packset_test(const struct packset *, struct strbuf *out,
		    unsigned *checked);

/* The kinds a pack's kind name stands for ("eventlog" is every event log
 * export), 0 if none; *first is the kind its examples are written in. */
kind_mask	 pack_kind_mask(const char *name, enum source_kind *first);
const char	*confidence_name(enum confidence);
const char	*level_bit_name(unsigned bit);
/* The level bit of a record level ("ERROR"), 0 if none. */
unsigned	 level_bit(const char *);

/* pack_cond.c: conditions from JSON; 0 or -1 with a message in err. */
int		 cond_parse(const struct cJSON *, struct cond **,
		    struct strbuf *err, const char *where);
void		 cond_free(struct cond *);
/* Resolves signal and kind names; returns the number of errors. */
int		 cond_resolve(struct cond *, const struct packset *,
		    struct strbuf *err, const char *where);
/* The condition in words, for people, appended to out on one line:
 * signals by title and the kinds they read ("no \"title\" (signal.id) in
 * the Linux agent's log (...)"), facts by id and title ("agent.version
 * (title) is older than 2.2.53.1"; no title without ps).  Pack text, not
 * redacted: the caller redacts. */
void		 cond_describe(const struct cond *, const struct packset *,
		    struct strbuf *out);
/* A data item in words: its value, or its rows' names ("Ubuntu 22.04
 * LTS, Ubuntu 24.04 LTS"), appended to out. */
void		 pack_data_describe(const struct pack_data *,
		    struct strbuf *out);
/* The kinds of a mask by their titles ("A, B or C"; the event log kinds
 * as one), appended to out; returns the number of titles. */
size_t		 pack_kinds_describe(kind_mask, struct strbuf *out);
/* Compiles a pattern; NULL with a message appended to err. */
pcre2_code	*pack_compile(const char *pattern, uint32_t options,
		    struct strbuf *err, const char *where);

#endif
