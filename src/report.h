/*
 * The report stage: one renderer per format, all from the same analysis
 * and diagnosis.  Every string a renderer writes goes through redact().
 *
 * The JSON contract (schema "vmtriage/report/1") is in README.md; fields
 * may be added, never renamed or removed.
 */
#ifndef VMTRIAGE_REPORT_H
#define VMTRIAGE_REPORT_H

#include <stdio.h>

#include "timeparse.h"

struct analysis;
struct diagnosis;
struct packset;
struct evidence;
struct facts;
struct timeline;
struct verdict;

#define REPORT_SCHEMA "vmtriage/report/1"

struct report_opts {
	int	color;		/* text: ANSI colours */
	int	all_facts;	/* text: every fact, not the main ones */
	/* html: the "Timeline around the evidence" section (borrowed);
	 * NULL: no such section. */
	const struct timeline *timeline;
	/* audit: the evidence of passing checks too. */
	int	all_checks;
};

int	report_json(FILE *, const struct analysis *, const struct diagnosis *,
	    const struct packset *, const struct report_opts *);
int	report_text(FILE *, const struct analysis *, const struct diagnosis *,
	    const struct packset *, const struct report_opts *);
/* Markdown to paste into a ticket (GitHub, Azure DevOps). */
int	report_markdown(FILE *, const struct analysis *,
	    const struct diagnosis *, const struct packset *,
	    const struct report_opts *);
/* One self-contained HTML file: inline CSS, no script, nothing fetched. */
int	report_html(FILE *, const struct analysis *, const struct diagnosis *,
	    const struct packset *, const struct report_opts *);

/* The audit's reports (report_audit.c), from one analysis and its
 * audit; the JSON contract (schema "vmtriage/audit/1") is in README.md. */
#define AUDIT_SCHEMA "vmtriage/audit/1"
struct audit;
struct cJSON;
/* The audit's JSON document, for a caller that writes many (one per
 * bundle of a batch); the caller deletes it. */
struct cJSON *report_audit_object(const struct analysis *,
	    const struct audit *);
int	report_audit_json(FILE *, const struct analysis *,
	    const struct audit *, const struct report_opts *);
/* A checklist for a terminal: failing and warning checks first with
 * their evidence and fix, then the unknown with the file that would
 * decide them, then one line per passing check. */
int	report_audit_text(FILE *, const struct analysis *,
	    const struct audit *, const struct report_opts *);
int	report_audit_markdown(FILE *, const struct analysis *,
	    const struct audit *, const struct report_opts *);
/* Self-contained, as report_html(). */
int	report_audit_html(FILE *, const struct analysis *,
	    const struct audit *, const struct report_opts *);
/* One VM of a fleet's audit (batch --audit): status[k] is the status
 * (enum check_status) of the packs' check k, or -1 when the bundle could
 * not be audited (error then says why). */
struct fleet_row {
	char		*bundle;
	char		*platform;
	char		*verdict;
	char		*error;
	signed char	*status;
};
/* The fleet's table, self-contained: one row per VM, one column per
 * check of the packs. */
int	report_fleet_html(FILE *, const struct packset *,
	    const struct fleet_row *, size_t n);
/* The JSON report as a cJSON object, for a caller that adds to it (batch)
 * or prints it its own way; the caller deletes it (cJSON_Delete). */
struct cJSON;
struct cJSON *report_json_object(const struct analysis *,
	    const struct diagnosis *, const struct packset *,
	    const struct report_opts *);

/* report.c: what the renderers share. */
/* Adds value to a JSON object under key, redacted (null when NULL); every
 * string of the JSON outputs leaves through these two. */
struct cJSON;
void	report_jstr(struct cJSON *obj, const char *key, const char *value);
/* Appends value, redacted, to a JSON array. */
void	report_jpush(struct cJSON *arr, const char *value);
/* "2024-01-14T22:16:48.796446Z"; "" without a time. */
void	report_time(const struct vtime *, char *buf, size_t len);
const char *report_zone(const struct vtime *);
/* For evidence whose local time was made UTC: the time as the file wrote
 * it into when, the offset ("+01:00") into off.  0 if not shifted. */
struct evidence;
int	report_written_time(const struct evidence *, char *when, size_t wlen,
	    char *off, size_t olen);
/*
 * A time for a person: when gets the time as report_time() writes it,
 * note what a reader must know of it: "written <local> VM local time,
 * UTC+01:00" for a local time made UTC with offset_min, "VM local time,
 * offset unknown", or "".  0 (both empty) when there is no time.
 */
int	report_when(const struct vtime *, int shifted, int offset_min,
	    char *when, size_t wlen, char *note, size_t nlen);
int	report_evidence_when(const struct evidence *, char *when, size_t wlen,
	    char *note, size_t nlen);
/* "Root cause" (the first finding), "Also a root cause", "Consequence". */
const char *report_finding_label(const struct verdict *, int first);
/* The analysis's facts sorted by id, into sorted (whose v the caller
 * frees; the facts stay the analysis's). */
void	report_facts_sorted(const struct analysis *, struct facts *sorted);
/* The symptom's code as the report names it. */
const char *report_symptom_code(const struct diagnosis *);
/*
 * Cuts a pack's text (a remedy step) at its `code spans`: fn gets each
 * piece in order, code set for the inside of a pair of backticks (the
 * backticks dropped).  Unpaired backticks are text.
 */
void	report_code_spans(const char *,
	    void (*fn)(void *, const char *, size_t, int code), void *arg);
/* The last component of a bundle path (trailing slashes left out), not
 * NUL-terminated: its length goes to *len. */
const char *report_basename(const char *path, size_t *len);
/* "3.2 MiB" */
void	report_size(unsigned long long, char *buf, size_t len);
/* Length of the first line of s. */
size_t	report_first_line(const char *s);
/* Lines in s. */
unsigned report_count_lines(const char *s);

#endif
