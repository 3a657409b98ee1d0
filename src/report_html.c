/*
 * The HTML report: one self-contained file a support engineer opens or
 * attaches to a ticket.  Inline CSS only, no script, nothing fetched (no
 * font, image or stylesheet; the doc links are plain links), readable on
 * screen and on paper.  The verdict comes first, then the symptom, each
 * root finding's chain drawn as boxes and arrows, the evidence, the fix,
 * the timeline around the evidence when one is given, what was ruled
 * out or not evaluated, the facts and the bundle.
 *
 * Every string from the bundle or the packs is redacted, then escaped by
 * one helper, in text and attribute values alike.  No time of generation
 * is written: the same input gives the same bytes.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "classify.h"
#include "diagnose.h"
#include "pack.h"
#include "redact.h"
#include "report.h"
#include "report_int.h"
#include "timeline.h"
#include "xalloc.h"

/*
 * The one escaping helper: s[0..n) as HTML text or as the value of a
 * double-quoted attribute.  Control characters, which HTML forbids, show
 * as U+FFFD; carriage returns are dropped.
 */
void
h_esc(FILE *f, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\r':
			break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fputs("\xef\xbf\xbd", f);
			else
				fputc(c, f);
			break;
		}
	}
}

/* Markup of our own, written as is. */
void
h_raw(struct html *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

/* Text (or an attribute value), printf-style: redacted, then escaped. */
void
h_text(struct html *o, const char *fmt, ...)
{
	va_list ap;
	char *s, *r;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	r = redact(s);
	h_esc(o->f, r, strlen(r));
	free(r);
	free(s);
}

void
h_str(struct html *o, const char *s)
{
	h_text(o, "%s", s != NULL ? s : "");
}

/* A member path: redacted, escaped, and free to wrap after each slash. */
void
h_path(struct html *o, const char *path)
{
	char *r = redact(path);
	const char *p, *q;

	for (p = r; (q = strpbrk(p, "/\\")) != NULL; p = q + 1) {
		h_esc(o->f, p, (size_t)(q - p) + 1);
		if (q[1] != '\0')
			h_raw(o, "<wbr>");
	}
	h_esc(o->f, p, strlen(p));
	free(r);
}

/* The length of the http(s) URL at s (trailing punctuation left out),
 * 0 if s does not start with one a person could follow. */
static size_t
h_url_len(const char *s, size_t n)
{
	size_t i, start, dot = 0;

	if (n >= 8 && strncmp(s, "https://", 8) == 0)
		start = 8;
	else if (n >= 7 && strncmp(s, "http://", 7) == 0)
		start = 7;
	else
		return 0;
	for (i = start; i < n; i++) {
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f ||
		    strchr("<>\"'`\\{}|^", s[i]) != NULL)
			break;
		if (s[i] == '.' && dot == 0)
			dot = i;
	}
	while (i > start && strchr(".,;:!?)", s[i - 1]) != NULL &&
	    !(s[i - 1] == ')' && memchr(s, '(', i) != NULL))
		i--;
	/* A host with a dot in it, before any slash. */
	if (dot == 0 || dot >= i || memchr(s + start, '/', dot - start) != NULL
	    || dot == start)
		return 0;
	return i;
}

/* A link out, already redacted: its address is its text, so that it
 * shows on paper too. */
static void
h_link_redacted(struct html *o, const char *url, size_t n)
{
	size_t skip = strncmp(url, "https://", 8) == 0 ? 8 : 7;

	h_raw(o, "<a class=\"ext\" href=\"");
	h_esc(o->f, url, n);
	h_raw(o, "\">");
	h_esc(o->f, url + skip, n - skip);
	h_raw(o, "</a>");
}

/* A link, when it is a plain http(s) URL; else the text. */
void
h_link(struct html *o, const char *url)
{
	char *r = redact(url);
	size_t n = strlen(r);

	if (n > 0 && h_url_len(r, n) == n)
		h_link_redacted(o, r, n);
	else
		h_esc(o->f, r, n);
	free(r);
}

/* A piece of a pack's text: code spans in <code>, URLs as links. */
static void
h_pack_piece(void *arg, const char *s, size_t n, int code)
{
	struct html *o = arg;
	char *piece = xstrndup(s, n), *r = redact(piece);
	const char *p, *text;
	size_t len = strlen(r), u;

	if (code) {
		h_raw(o, "<code>");
		h_esc(o->f, r, len);
		h_raw(o, "</code>");
		goto out;
	}
	for (p = text = r; *p != '\0'; p++) {
		if ((p == r || !((p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z'))) &&
		    (u = h_url_len(p, len - (size_t)(p - r))) > 0) {
			h_esc(o->f, text, (size_t)(p - text));
			h_link_redacted(o, p, u);
			p += u - 1;
			text = p + 1;
		}
	}
	h_esc(o->f, text, (size_t)(p - text));
out:
	free(r);
	free(piece);
}

void
h_pack_text(struct html *o, const char *s)
{
	report_code_spans(s, h_pack_piece, o);
}

/* The finding (1-based, in report order) of verdict index vi, 0 if none. */
static size_t
h_finding_of(const struct diagnosis *d, size_t vi)
{
	size_t i;

	for (i = 0; i < d->nfindings; i++)
		if (d->findings[i] == vi)
			return i + 1;
	return 0;
}

/* The finding of a cause id, 0 if none. */
static size_t
h_finding_of_cause(const struct diagnosis *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->nfindings; i++)
		if (strcmp(d->v[d->findings[i]].cause->id, id) == 0)
			return i + 1;
	return 0;
}

static void
h_conf(struct html *o, const struct verdict *v)
{
	const char *c = confidence_name(v->confidence);

	h_raw(o, "<span class=\"conf %s\">%s confidence</span>", c, c);
}

static size_t
h_count(const struct diagnosis *d, enum verdict_status status)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].status == status;
	return n;
}

static void
h_head(struct html *o, const struct analysis *an, const struct diagnosis *d)
{
	const char *base;
	size_t n;
	char *name;

	base = report_basename(an->path, &n);
	name = xstrndup(base, n);
	h_raw(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"vmtriage %s\">\n"
	    "<title>", PACKAGE_VERSION);
	if (d->nfindings > 0)
		h_text(o, "%s", d->v[d->findings[0]].cause->id);
	else
		h_raw(o, "No fault found");
	h_text(o, " \xe2\x80\x94 %s \xe2\x80\x94 vmtriage", name);
	h_raw(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_css);
	h_raw(o, "<header class=\"bar\"><div class=\"in\"><b>vmtriage</b>"
	    "<span>report on</span><code>");
	h_str(o, an->path);
	h_raw(o, "</code></div></header>\n<main>\n");
	free(name);
}

static void
h_stats(struct html *o, const struct analysis *an, const struct diagnosis *d)
{
	char size[32];
	size_t i, roots = 0;

	for (i = 0; i < d->nfindings; i++)
		roots += d->v[d->findings[i]].root;
	report_size(an->stats.bytes, size, sizeof size);
	h_raw(o, "<div class=\"stats\">");
	if (d->nfindings > 0)
		h_raw(o, "<span><b>%zu</b> root cause%s, <b>%zu</b> "
		    "finding%s</span>", roots, roots == 1 ? "" : "s",
		    d->nfindings, d->nfindings == 1 ? "" : "s");
	h_raw(o, "<span><b>%zu</b> ruled out</span>"
	    "<span><b>%zu</b> not evaluated</span>",
	    h_count(d, VERDICT_RULED_OUT), h_count(d, VERDICT_NOT_EVALUATED));
	h_raw(o, "<span>");
	h_text(o, "%s bundle, %s layout", analysis_platform_name(an),
	    analysis_layout(an));
	h_raw(o, "</span><span>%u files, %s</span>", an->stats.files, size);
	if (an->nskipped > 0)
		h_raw(o, "<span><a href=\"#bundle\"><b>%llu</b> skipped</a>"
		    "</span>", (unsigned long long)(an->nskipped +
		    an->skipped_more));
	h_raw(o, "</div>\n");
}

static void
h_verdict(struct html *o, const struct analysis *an,
    const struct diagnosis *d)
{
	const struct verdict *v, *first = NULL;
	size_t i, k;

	for (i = 0; i < d->nfindings && first == NULL; i++)
		if (d->v[d->findings[i]].root)
			first = &d->v[d->findings[i]];
	if (first == NULL && d->nfindings > 0)
		first = &d->v[d->findings[0]];
	if (first == NULL) {
		h_raw(o, "<section id=\"verdict\" class=\"verdict ok\">\n"
		    "<p class=\"kicker\">Verdict</p>\n<h1>No fault found</h1>\n"
		    "<p class=\"summary\">");
		if (an->platforms == 0)
			h_raw(o, "No file of a known kind was read: the bundle "
			    "may not be what vmtriage reads.");
		else
			h_raw(o, "None of the causes vmtriage knows was found in "
			    "this bundle. What it could not decide is under "
			    "<a href=\"#not-evaluated\">Not evaluated</a>.");
		h_raw(o, "</p>\n");
		h_stats(o, an, d);
		h_raw(o, "</section>\n");
		return;
	}
	h_raw(o, "<section id=\"verdict\" class=\"verdict\">\n"
	    "<p class=\"kicker\">%s</p>\n<h1><span class=\"id\">",
	    first->root ? "Root cause" : "Finding");
	h_str(o, first->cause->id);
	h_raw(o, "</span> ");
	h_conf(o, first);
	h_raw(o, "</h1>\n<p class=\"title\">");
	h_str(o, first->cause->title);
	h_raw(o, "</p>\n");
	if (first->text != NULL && *first->text != '\0') {
		h_raw(o, "<p class=\"summary\">");
		h_str(o, first->text);
		h_raw(o, "</p>\n");
	}
	if (first->ncodes > 0) {
		h_raw(o, "<p>Explains ");
		for (i = 0; i < first->ncodes; i++) {
			h_raw(o, "%s<span class=\"ecode%s\">", i > 0 ? " " : "",
			    d->symptom_code != NULL && strcmp(first->codes[i],
			    d->symptom_code) == 0 ? " symptom" : "");
			h_str(o, first->codes[i]);
			h_raw(o, "</span>");
		}
		h_raw(o, "</p>\n");
	}
	for (i = 0, k = 0; i < d->nfindings; i++) {
		v = &d->v[d->findings[i]];
		if (!v->root || v == first)
			continue;
		if (k++ == 0)
			h_raw(o, "<ul class=\"also\">\n");
		h_raw(o, "<li>Also a root cause: <a href=\"#finding-%zu\">"
		    "<span class=\"id\">", i + 1);
		h_str(o, v->cause->id);
		h_raw(o, "</span></a> (%s confidence): ",
		    confidence_name(v->confidence));
		h_str(o, v->cause->title);
		h_raw(o, "</li>\n");
	}
	if (k > 0)
		h_raw(o, "</ul>\n");
	h_stats(o, an, d);
	h_raw(o, "</section>\n");
}

static void
h_toc(struct html *o, const struct diagnosis *d, const struct report_opts *ro)
{
	h_raw(o, "<nav class=\"toc\" aria-label=\"Sections\">");
	if (d->symptom_code != NULL)
		h_raw(o, "<a href=\"#symptom\">Symptom</a>");
	if (d->nfindings > 0)
		h_raw(o, "<a href=\"#finding-1\">Findings (%zu)</a>",
		    d->nfindings);
	if (ro->timeline != NULL)
		h_raw(o, "<a href=\"#timeline\">Timeline</a>");
	h_raw(o, "<a href=\"#ruled-out\">Ruled out</a>"
	    "<a href=\"#not-evaluated\">Not evaluated</a>"
	    "<a href=\"#facts\">Facts</a><a href=\"#bundle\">Bundle</a></nav>\n");
}

/* A verdict's state in a table cell. */
static void
h_state(struct html *o, const struct verdict *v)
{
	switch (v->status) {
	case VERDICT_FOUND:
		h_raw(o, "<span class=\"state found\">found</span> %s%s",
		    confidence_name(v->confidence),
		    v->root ? ", root cause" : "");
		break;
	case VERDICT_NOT_EVALUATED:
		h_raw(o, "<span class=\"state noeval\">not evaluated</span>");
		break;
	case VERDICT_NOT_APPLICABLE:
		h_raw(o, "<span class=\"state na\">not applicable</span>");
		break;
	default:
		h_raw(o, "<span class=\"state ruled\">ruled out</span>");
		break;
	}
}

/* A cause id, linked to its finding when it is one. */
static void
h_cause_id(struct html *o, const struct diagnosis *d, size_t vi)
{
	size_t f = h_finding_of(d, vi);

	if (f > 0)
		h_raw(o, "<a href=\"#finding-%zu\">", f);
	h_str(o, d->v[vi].cause->id);
	if (f > 0)
		h_raw(o, "</a>");
}

static void
h_symptom(struct html *o, const struct diagnosis *d)
{
	const struct verdict *v;
	size_t i, n = 0, other = 0;

	h_raw(o, "<section id=\"symptom\" class=\"card\">\n<h2>Symptom "
	    "<span class=\"ecode\">");
	h_str(o, report_symptom_code(d));
	h_raw(o, "</span></h2>\n<p>");
	if (d->symptom != NULL) {
		h_str(o, d->symptom->message);
		if (d->symptom->doc != NULL && *d->symptom->doc != '\0') {
			h_raw(o, " (");
			h_link(o, d->symptom->doc);
			h_raw(o, ")");
		}
	} else
		h_raw(o, "Not an error code the packs know: its causes cannot "
		    "be walked.");
	h_raw(o, "</p>\n");
	if (d->symptom_fact != NULL)
		h_raw(o, "<p class=\"muted\">The error of the newest failed "
		    "backup job.</p>\n");
	if (d->nsymptom_ev > 0) {
		h_raw(o, "<h3>Seen from Azure</h3>\n");
		for (i = 0; i < d->nsymptom_ev; i++)
			h_evidence(o, &d->symptom_ev[i]);
	}
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (!cause_explains(v->cause, d->symptom_code))
			continue;
		if (v->status == VERDICT_NOT_APPLICABLE) {
			other++;
			continue;
		}
		if (n++ == 0)
			h_raw(o, "<table>\n<thead><tr><th>Documented cause</th>"
			    "<th>Verdict</th><th>Why</th></tr></thead>\n"
			    "<tbody>\n");
		h_raw(o, "<tr><td class=\"k\">");
		h_cause_id(o, d, i);
		h_raw(o, "</td><td>");
		h_state(o, v);
		h_raw(o, "</td><td class=\"wrap\">%s",
		    v->status == VERDICT_NOT_EVALUATED ? "needs " : "");
		h_str(o, v->text);
		h_raw(o, "</td></tr>\n");
	}
	if (n > 0)
		h_raw(o, "</tbody>\n</table>\n");
	else if (other == 0 && d->symptom != NULL)
		h_raw(o, "<p>No cause in the packs explains it.</p>\n");
	if (other > 0)
		h_raw(o, "<p class=\"muted\">%zu more documented cause%s, for "
		    "the other platform, %s not apply.</p>\n", other,
		    other == 1 ? "" : "s", other == 1 ? "does" : "do");
	h_raw(o, "</section>\n");
}

static const char arrow[] =
    "<svg class=\"arrow\" width=\"34\" height=\"16\" viewBox=\"0 0 34 16\" "
    "aria-hidden=\"true\"><path d=\"M1 8H25\" stroke=\"currentColor\" "
    "stroke-width=\"2.5\"/><path d=\"M23 2L33 8L23 14Z\" "
    "fill=\"currentColor\"/></svg>";

/* A root finding's chain, drawn: its causes, then the codes. */
static void
h_chain_drawing(struct html *o, const struct diagnosis *d,
    const struct verdict *v)
{
	const struct verdict *c;
	size_t i, f;

	h_raw(o, "<div class=\"chain\" role=\"group\" aria-label=\"Causal "
	    "chain\">\n");
	for (i = 0; i < v->nchain; i++) {
		c = &d->v[v->chain[i]];
		if (i > 0)
			h_raw(o, "%s\n", arrow);
		/* Every cause of a chain is a finding, which it links to. */
		if ((f = h_finding_of(d, v->chain[i])) > 0)
			h_raw(o, "<a class=\"node%s\" href=\"#finding-%zu\">",
			    i == 0 ? " root" : "", f);
		else
			h_raw(o, "<span class=\"node\">");
		h_raw(o, "<span class=\"id\">");
		h_str(o, c->cause->id);
		h_raw(o, "</span><small>");
		h_str(o, c->cause->title);
		h_raw(o, "</small>%s\n", f > 0 ? "</a>" : "</span>");
	}
	if (v->ncodes > 0) {
		h_raw(o, "%s\n<div class=\"codes\">", arrow);
		for (i = 0; i < v->ncodes; i++) {
			h_raw(o, "<span class=\"node code%s\">",
			    d->symptom_code != NULL &&
			    strcmp(v->codes[i], d->symptom_code) == 0 ?
			    " symptom\" title=\"the symptom" : "");
			h_str(o, v->codes[i]);
			h_raw(o, "</span>");
		}
		h_raw(o, "</div>\n");
	}
	h_raw(o, "</div>\n");
}

/* A consequence's chain, as a line. */
static void
h_chain_line(struct html *o, const struct diagnosis *d,
    const struct verdict *v)
{
	size_t i;

	h_raw(o, "<p class=\"chainline\">Chain: ");
	for (i = 0; i < v->nchain; i++) {
		h_raw(o, "%s<code>", i > 0 ? " \xe2\x86\x92 " : "");
		h_cause_id(o, d, v->chain[i]);
		h_raw(o, "</code>");
	}
	if (v->ncodes > 0)
		h_raw(o, " \xe2\x86\x92 ");
	for (i = 0; i < v->ncodes; i++) {
		h_raw(o, "%s<span class=\"ecode\">", i > 0 ? " " : "");
		h_str(o, v->codes[i]);
		h_raw(o, "</span>");
	}
	h_raw(o, "</p>\n");
}

/* A finding's or a check's "Evidence" and "Fix" sections. */
void
h_evidence_fix(struct html *o, const struct evidence *ev, size_t nev,
    char *const *remedy, size_t nremedy)
{
	size_t i;

	if (nev > 0) {
		h_raw(o, "<h3>Evidence</h3>\n");
		for (i = 0; i < nev; i++)
			h_evidence(o, &ev[i]);
	}
	if (nremedy > 0) {
		h_raw(o, "<h3>Fix</h3>\n<ol class=\"fix\">\n");
		for (i = 0; i < nremedy; i++) {
			h_raw(o, "<li>");
			h_pack_text(o, remedy[i]);
			h_raw(o, "</li>\n");
		}
		h_raw(o, "</ol>\n");
	}
}

void
h_evidence(struct html *o, const struct evidence *ev)
{
	char when[40], note[96];

	h_raw(o, "<div class=\"ev\"><div class=\"where\"><span class=\"file\" "
	    "title=\"");
	h_str(o, kind_name(ev->kind));
	h_raw(o, "\">");
	h_path(o, ev->file);
	if (ev->line > 0)
		h_raw(o, ":%lu", ev->line);
	h_raw(o, "</span>");
	if (report_evidence_when(ev, when, sizeof when, note, sizeof note)) {
		h_raw(o, "<span class=\"time\">");
		h_str(o, when);
		h_raw(o, "</span>");
		if (*note != '\0') {
			h_raw(o, "<span class=\"note\">");
			h_str(o, note);
			h_raw(o, "</span>");
		}
	}
	if (ev->cut)
		h_raw(o, "<span class=\"muted\">cut</span>");
	h_raw(o, "</div>\n<pre>");
	h_str(o, ev->text);
	h_raw(o, "</pre></div>\n");
}

static void
h_finding(struct html *o, const struct diagnosis *d, const struct verdict *v,
    size_t n)
{
	const struct cause *c = v->cause;

	h_raw(o, "<article class=\"finding\" id=\"finding-%zu\">\n<h2>"
	    "<span class=\"label%s\">%s</span><span class=\"id\">", n,
	    v->root ? "" : " conseq", report_finding_label(v, n == 1));
	h_str(o, c->id);
	h_raw(o, "</span> ");
	h_conf(o, v);
	h_raw(o, "</h2>\n<p class=\"title\">");
	h_str(o, c->title);
	h_raw(o, "</p>\n");
	if (v->text != NULL && *v->text != '\0') {
		h_raw(o, "<p>");
		h_str(o, v->text);
		h_raw(o, "</p>\n");
	}
	if (v->root)
		h_chain_drawing(o, d, v);
	else
		h_chain_line(o, d, v);
	h_evidence_fix(o, v->ev, v->nev, v->remedy, v->nremedy);
	if (c->doc != NULL && *c->doc != '\0') {
		h_raw(o, "<p class=\"doc\">Documentation: ");
		h_link(o, c->doc);
		h_raw(o, "</p>\n");
	}
	h_raw(o, "</article>\n");
}

static void
h_timeline(struct html *o, const struct timeline *tl)
{
	const struct timeline_entry *e;
	char when[40], note[96], from[40], to[40];
	size_t i, f;

	h_raw(o, "<section id=\"timeline\" class=\"card\">\n"
	    "<h2>Timeline around the evidence</h2>\n<p class=\"muted\">");
	h_raw(o, "%zu record%s from every source, in time order", tl->n,
	    tl->n == 1 ? "" : "s");
	for (i = 0; i < tl->nwindows; i++) {
		vtime_format(&tl->windows[i].from, from, sizeof from);
		vtime_format(&tl->windows[i].to, to, sizeof to);
		h_raw(o, "%s", i == 0 ? ", from " : "; from ");
		h_str(o, from);
		h_raw(o, " to ");
		h_str(o, to);
	}
	h_raw(o, ". Times are UTC unless marked as the VM's local time.");
	if (tl->dropped > 0)
		h_raw(o, " %lu more in the window%s were not kept.",
		    tl->dropped, tl->nwindows == 1 ? "" : "s");
	if (tl->outside > 0)
		h_raw(o, " %lu record%s outside left out.", tl->outside,
		    tl->outside == 1 ? "" : "s");
	if (tl->untimed > 0)
		h_raw(o, " %lu without a time left out.", tl->untimed);
	h_raw(o, " The rows that are a finding's evidence are marked.</p>\n");
	if (tl->n == 0) {
		h_raw(o, "</section>\n");
		return;
	}
	h_raw(o, "<table class=\"tl\">\n<thead><tr><th>Time</th><th>Source"
	    "</th><th>Level</th><th>Record</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < tl->n; i++) {
		e = &tl->v[i];
		h_raw(o, "<tr%s><td class=\"t\">", e->cause != NULL ?
		    " class=\"hit\"" : "");
		if (report_when(&e->time, e->shifted, e->offset_min, when,
		    sizeof when, note, sizeof note)) {
			h_str(o, when);
			if (*note != '\0') {
				h_raw(o, "<br><span class=\"note muted\">");
				h_str(o, note);
				h_raw(o, "</span>");
			}
		} else
			h_raw(o, "\xe2\x80\x94");
		h_raw(o, "</td><td class=\"wrap\"><span class=\"mono\">");
		h_path(o, e->file);
		if (e->line > 0)
			h_raw(o, ":%lu", e->line);
		h_raw(o, "</span><br><span class=\"muted\">");
		h_str(o, kind_name(e->kind));
		h_raw(o, "</span></td><td>");
		h_str(o, e->level != NULL ? e->level : "");
		h_raw(o, "</td><td>");
		if (e->cause != NULL) {
			h_raw(o, "<span class=\"tag\">evidence of ");
			if ((f = h_finding_of_cause(o->d, e->cause)) > 0)
				h_raw(o, "<a href=\"#finding-%zu\">", f);
			h_str(o, e->cause);
			if (f > 0)
				h_raw(o, "</a>");
			h_raw(o, "</span><br>");
		}
		h_raw(o, "<span class=\"text\">");
		h_str(o, e->text);
		h_raw(o, "</span></td></tr>\n");
	}
	h_raw(o, "</tbody>\n</table>\n</section>\n");
}

/* The causes of one status, as a table in a <details>. */
static void
h_verdicts(struct html *o, const struct diagnosis *d,
    enum verdict_status status, const char *id, const char *heading,
    const char *column, int open)
{
	size_t i, n = h_count(d, status);

	h_raw(o, "<details id=\"%s\" class=\"card\"%s><summary>%s (%zu)"
	    "</summary>\n", id, open ? " open" : "", heading, n);
	if (n == 0) {
		h_raw(o, "<p class=\"muted\">None.</p>\n</details>\n");
		return;
	}
	h_raw(o, "<table>\n<thead><tr><th>Cause</th><th>%s</th></tr>"
	    "</thead>\n<tbody>\n", column);
	for (i = 0; i < d->n; i++) {
		if (d->v[i].status != status)
			continue;
		h_raw(o, "<tr><td class=\"k\">");
		h_str(o, d->v[i].cause->id);
		h_raw(o, "</td><td class=\"wrap\">");
		h_str(o, d->v[i].text);
		h_raw(o, "</td></tr>\n");
	}
	h_raw(o, "</tbody>\n</table>\n</details>\n");
}

static void
h_fact_rows(struct html *o, const struct facts *sorted, int summary)
{
	size_t i;

	h_raw(o, "<table>\n<thead><tr><th>Fact</th><th>Value</th>"
	    "<th>From</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < sorted->n; i++) {
		if (summary >= 0 && sorted->v[i]->def->summary != summary)
			continue;
		h_raw(o, "<tr><td class=\"k\">");
		h_str(o, sorted->v[i]->id);
		h_raw(o, "</td><td class=\"wrap\">");
		h_str(o, sorted->v[i]->value);
		h_raw(o, "</td><td class=\"wrap muted\">");
		h_path(o, sorted->v[i]->ev.file);
		if (sorted->v[i]->ev.line > 0)
			h_raw(o, ":%lu", sorted->v[i]->ev.line);
		h_raw(o, "</td></tr>\n");
	}
	h_raw(o, "</tbody>\n</table>\n");
}

void
h_facts(struct html *o, const struct analysis *an, int all)
{
	struct facts sorted;
	size_t i, main = 0;

	report_facts_sorted(an, &sorted);
	for (i = 0; i < sorted.n; i++)
		main += sorted.v[i]->def->summary != 0;
	h_raw(o, "<section id=\"facts\" class=\"card\">\n<h2>Facts</h2>\n");
	if (sorted.n == 0)
		h_raw(o, "<p class=\"muted\">No fact was taken from this "
		    "bundle.</p>\n");
	else if (all || main == 0 || main == sorted.n)
		h_fact_rows(o, &sorted, -1);
	else {
		h_fact_rows(o, &sorted, 1);
		h_raw(o, "<details><summary>%zu more</summary>\n",
		    sorted.n - main);
		h_fact_rows(o, &sorted, 0);
		h_raw(o, "</details>\n");
	}
	h_raw(o, "</section>\n");
	free(sorted.v);
}

void
h_bundle(struct html *o, const struct analysis *an)
{
	char size[32];
	size_t i;
	int k, n = 0;

	report_size(an->stats.bytes, size, sizeof size);
	h_raw(o, "<section id=\"bundle\" class=\"card\">\n<h2>Bundle</h2>\n"
	    "<dl class=\"kv\">\n<dt>Path</dt><dd class=\"mono\">");
	h_str(o, an->path);
	h_raw(o, "</dd>\n<dt>Platform</dt><dd>");
	h_str(o, analysis_platform_name(an));
	h_raw(o, "</dd>\n<dt>Layout</dt><dd>");
	h_str(o, analysis_layout(an));
	h_raw(o, "</dd>\n<dt>Files</dt><dd>%u files, %s", an->stats.files,
	    size);
	if (an->stats.archives > 0)
		h_raw(o, ", %u archive%s", an->stats.archives,
		    an->stats.archives == 1 ? "" : "s");
	h_raw(o, "</dd>\n<dt>Times</dt><dd>");
	if (an->utc_offset_known) {
		h_text(o, "VM local times converted to UTC with UTC%s (from ",
		    an->utc_offset_fact->value);
		h_str(o, an->utc_offset_fact->ev.file);
		h_raw(o, ")");
	} else
		h_raw(o, "UTC; times a file wrote in VM local time are marked "
		    "so");
	h_raw(o, "</dd>\n<dt>Read</dt><dd>");
	for (k = 0; k < KIND__COUNT; k++)
		if (an->members[k] > 0) {
			h_raw(o, "%s<span class=\"mono\">", n++ > 0 ? ", " : "");
			h_str(o, kind_name((enum source_kind)k));
			h_raw(o, "</span>\xc2\xa0\xc3\x97%u", an->members[k]);
		}
	if (n == 0)
		h_raw(o, "no file vmtriage knows");
	if (an->unknown > 0)
		h_raw(o, " <span class=\"muted\">(%u other file%s not "
		    "analysed)</span>", an->unknown,
		    an->unknown == 1 ? "" : "s");
	h_raw(o, "</dd>\n<dt>Skipped</dt><dd>%llu</dd>\n</dl>\n",
	    (unsigned long long)(an->nskipped + an->skipped_more));
	if (an->nskipped > 0) {
		h_raw(o, "<h3>Skipped files</h3>\n<table>\n<thead><tr><th>File"
		    "</th><th>Why</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < an->nskipped; i++) {
			h_raw(o, "<tr><td class=\"wrap mono\">");
			h_path(o, an->skipped[i].path);
			h_raw(o, "</td><td class=\"wrap\">");
			h_str(o, an->skipped[i].reason);
			h_raw(o, "</td></tr>\n");
		}
		h_raw(o, "</tbody>\n</table>\n");
		if (an->skipped_more > 0)
			h_raw(o, "<p class=\"muted\">And %lu more, not "
			    "listed.</p>\n", an->skipped_more);
	}
	h_raw(o, "</section>\n");
}

int
report_html(FILE *f, const struct analysis *an, const struct diagnosis *d,
    const struct packset *ps, const struct report_opts *opts)
{
	struct html o;
	size_t i;

	(void)ps;
	o.f = f;
	o.d = d;
	h_head(&o, an, d);
	h_verdict(&o, an, d);
	h_toc(&o, d, opts);
	if (d->symptom_code != NULL)
		h_symptom(&o, d);
	for (i = 0; i < d->nfindings; i++)
		h_finding(&o, d, &d->v[d->findings[i]], i + 1);
	if (opts->timeline != NULL)
		h_timeline(&o, opts->timeline);
	h_verdicts(&o, d, VERDICT_RULED_OUT, "ruled-out", "Ruled out", "Why",
	    1);
	h_verdicts(&o, d, VERDICT_NOT_EVALUATED, "not-evaluated",
	    "Not evaluated: the bundle lacks what would decide",
	    "The bundle lacks", 1);
	h_verdicts(&o, d, VERDICT_NOT_APPLICABLE, "not-applicable",
	    "Not applicable to this platform", "Why", 0);
	h_facts(&o, an, opts->all_facts);
	h_bundle(&o, an);
	h_raw(&o, "</main>\n<footer>vmtriage %s. Secrets (SAS signatures, "
	    "passwords, keys, protected settings) are redacted.</footer>\n"
	    "</body>\n</html>\n", PACKAGE_VERSION);
	return ferror(f) ? -1 : 0;
}
