/*
 * What the renderers share besides report.h: each format's escaping and
 * evidence, so that the audit's report (report_audit.c) writes bundle
 * text exactly as the diagnosis report does.  Every function here
 * redacts what it is given, except the *_raw ones (markup of our own).
 *
 * Ownership: nothing is kept; the FILE and the structures are the
 * caller's.
 */
#ifndef VMTRIAGE_REPORT_INT_H
#define VMTRIAGE_REPORT_INT_H

#include <stdarg.h>
#include <stdio.h>

struct analysis;
struct cJSON;
struct evidence;

/* report_text.c: styles for text_vput(), ANSI when colour is on. */
enum text_style {
	S_BOLD,
	S_RED,
	S_YELLOW,
	S_GREEN,
	S_DIM,
	S_CYAN,
};

/* Redacted text, in a style (-1: none). */
void	text_vput(FILE *, int color, int style, const char *fmt, va_list);
/* file:line, time and the record's first line. */
void	text_evidence(FILE *, int color, const struct evidence *);
/* The report's head: version, bundle, layout, what was read and
 * skipped. */
void	text_bundle(FILE *, int color, const struct analysis *);

/* report_md.c */
struct md {
	FILE	*f;
	int	 in_table;	/* pipes end a cell: escape them */
};

/* Running text, escaped; printf-style. */
void	md_text(struct md *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Running text that starts a line. */
void	md_para(struct md *, const char *);
void	md_raw(struct md *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A code span. */
void	md_code(struct md *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A pack's text: its `code spans` kept. */
void	md_pack_text(struct md *, const char *);
void	md_link(struct md *, const char *url);
void	md_evidence(struct md *, const struct evidence *);
/* "**Bundle:** `path`, linux bundle, ... vmtriage 1.0." */
void	md_bundle_line(struct md *, const struct analysis *);
/* "## Bundle": what was read and skipped. */
void	md_read(struct md *, const struct analysis *);

/* report_html.c */
struct diagnosis;
struct html {
	FILE			*f;
	const struct diagnosis	*d;	/* NULL outside the report */
};

/* report_css.c: the report's stylesheet, inline in <style>, and what
 * the audit's pages add to it. */
extern const char html_css[];
extern const char audit_css[];
/* The one escaping helper: text and attribute values alike. */
void	h_esc(FILE *, const char *, size_t);
void	h_raw(struct html *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	h_text(struct html *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	h_str(struct html *, const char *);
/* A member path, free to wrap after each slash. */
void	h_path(struct html *, const char *);
void	h_link(struct html *, const char *url);
void	h_pack_text(struct html *, const char *);
void	h_evidence(struct html *, const struct evidence *);
/* The "Evidence" and "Fix" sections of a finding or a check. */
void	h_evidence_fix(struct html *, const struct evidence *, size_t nev,
	    char *const *remedy, size_t nremedy);
/* The "Facts" and "Bundle" sections. */
void	h_facts(struct html *, const struct analysis *, int all);
void	h_bundle(struct html *, const struct analysis *);

/* report_json.c */
struct cJSON *report_evidence_json(const struct evidence *);
/* The report's "bundle" object. */
struct cJSON *report_bundle_json(const struct analysis *);

#endif
