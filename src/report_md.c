/*
 * The Markdown report, to paste into a ticket (GitHub, Azure DevOps): a
 * title, the verdict, the symptom's causes, each finding with its chain,
 * evidence and fix, then the facts, what was ruled out, what the bundle
 * lacked and what could not be read.
 *
 * Every string is redacted, then escaped for where it goes: running
 * text (markdown's punctuation escaped, so that a bundle's "# " or "<b>"
 * reads as written), a code span (a backtick fence longer than any run
 * inside), a table cell (pipes too) or a fenced block.
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
#include "xalloc.h"

/* Skipped members listed; the rest are counted. */
#define MD_SKIPPED_MAX 50

/* U+FFFD for a control character: it has no place in a ticket. */
static int
md_control(FILE *f, unsigned char c)
{
	if ((c >= 0x20 && c != 0x7f) || c == '\t')
		return 0;
	fputs("\xef\xbf\xbd", f);
	return 1;
}

static int
md_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z') || (c & 0x80);
}

static int
md_punct(int c)
{
	return c > 0x20 && c < 0x7f && !md_alnum(c);
}

/*
 * Running text, already redacted: what markdown would read as markup is
 * backslash-escaped, newlines become spaces.  At the start of a line
 * (bol) the characters that open a block are escaped too.
 */
static void
md_esc(struct md *o, const char *s, size_t n, int bol)
{
	size_t i, j;
	unsigned char c, prev = ' ', next;

	if (bol && n > 0 && strchr("-+=>", s[0]) != NULL)
		fputc('\\', o->f);
	/* "1. " or "1) " would start a list. */
	if (bol) {
		for (j = 0; j < n && s[j] >= '0' && s[j] <= '9'; j++)
			;
		if (j > 0 && j < n && (s[j] == '.' || s[j] == ')')) {
			fwrite(s, 1, j, o->f);
			fputc('\\', o->f);
			s += j;
			n -= j;
		}
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		next = i + 1 < n ? (unsigned char)s[i + 1] : ' ';
		if (c == '\n' || c == '\r') {
			fputc(' ', o->f);
			prev = ' ';
			continue;
		}
		if (md_control(o->f, c)) {
			prev = c;
			continue;
		}
		switch (c) {
		case '\\':
			/* Only before punctuation (or at the end, before
			 * our own markup) is a backslash markup;
			 * C:\Packages stays as it is. */
			if (md_punct(next) || i + 1 == n)
				fputc('\\', o->f);
			break;
		case '_':
			/* Inside a word it is no emphasis (snake_case). */
			if (!md_alnum(prev) || !md_alnum(next))
				fputc('\\', o->f);
			break;
		case '&':
			if (md_alnum(next) || next == '#')
				fputc('\\', o->f);
			break;
		case '`': case '*': case '[': case ']': case '<': case '|':
		case '~': case '$': case '#':
			fputc('\\', o->f);
			break;
		}
		fputc(c, o->f);
		prev = c;
	}
}

/* Redacted running text, printf-style. */
void
md_text(struct md *o, const char *fmt, ...)
{
	va_list ap;
	char *s, *r;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	r = redact(s);
	md_esc(o, r, strlen(r), 0);
	free(r);
	free(s);
}

/* Redacted text that starts a line. */
void
md_para(struct md *o, const char *s)
{
	char *r = redact(s);

	md_esc(o, r, strlen(r), 1);
	free(r);
}

/* Markup of our own, written as is. */
void
md_raw(struct md *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

/* The longest run of backticks in s[0..n). */
static size_t
md_ticks(const char *s, size_t n)
{
	size_t i, run = 0, max = 0;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	return max;
}

/* s[0..n), already redacted, as a code span. */
static void
md_span(struct md *o, const char *s, size_t n)
{
	size_t i, ticks;
	int pad;

	if (n == 0)
		return;
	/* A pipe ends a table cell even inside a code span, and "\|" is
	 * not read back by every renderer: such a cell gets running text. */
	if (o->in_table && memchr(s, '|', n) != NULL) {
		md_esc(o, s, n, 0);
		return;
	}
	ticks = md_ticks(s, n) + 1;
	/* A span that starts or ends with a backtick or a space is padded
	 * with a space, which the reader strips. */
	pad = s[0] == '`' || s[n - 1] == '`' || s[0] == ' ' || s[n - 1] == ' ';
	for (i = 0; i < ticks; i++)
		fputc('`', o->f);
	if (pad)
		fputc(' ', o->f);
	for (i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			fputc(' ', o->f);
		else if (!md_control(o->f, (unsigned char)s[i]))
			fputc(s[i], o->f);
	if (pad)
		fputc(' ', o->f);
	for (i = 0; i < ticks; i++)
		fputc('`', o->f);
}

/* A redacted code span, printf-style. */
void
md_code(struct md *o, const char *fmt, ...)
{
	va_list ap;
	char *s, *r;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	r = redact(s);
	md_span(o, r, strlen(r));
	free(r);
	free(s);
}

/* Redacted text in a fenced block, each line indented by indent. */
static void
md_fence(struct md *o, const char *text, const char *indent)
{
	char *r = redact(text);
	const char *p, *nl;
	size_t i, ticks;

	ticks = md_ticks(r, strlen(r)) + 1;
	if (ticks < 3)
		ticks = 3;
	fputs(indent, o->f);
	for (i = 0; i < ticks; i++)
		fputc('`', o->f);
	fputs("text\n", o->f);
	for (p = r; ; p = nl + 1) {
		nl = strchr(p, '\n');
		fputs(indent, o->f);
		for (; *p != '\0' && p != nl; p++)
			if (*p != '\r' && !md_control(o->f, (unsigned char)*p))
				fputc(*p, o->f);
		fputc('\n', o->f);
		if (nl == NULL)
			break;
	}
	fputs(indent, o->f);
	for (i = 0; i < ticks; i++)
		fputc('`', o->f);
	fputc('\n', o->f);
	free(r);
}

/* A pack's text: its `code spans` as code spans, the rest as text. */
static void
md_pack_piece(void *arg, const char *s, size_t n, int code)
{
	struct md *o = arg;
	char *piece = xstrndup(s, n), *r = redact(piece);

	if (code)
		md_span(o, r, strlen(r));
	else
		md_esc(o, r, strlen(r), 0);
	free(r);
	free(piece);
}

void
md_pack_text(struct md *o, const char *s)
{
	report_code_spans(s, md_pack_piece, o);
}

/* A link, when it is a plain http(s) URL; else the text in a span. */
void
md_link(struct md *o, const char *url)
{
	char *r = redact(url);
	const char *p;
	int plain;

	plain = strncmp(r, "https://", 8) == 0 || strncmp(r, "http://", 7) == 0;
	for (p = r; plain && *p != '\0'; p++)
		if (!md_alnum((unsigned char)*p) && (*p & 0x80 ||
		    strchr("-._~:/?#@!$&'()*+,;=%", *p) == NULL))
			plain = 0;
	if (plain)
		md_raw(o, "<%s>", r);
	else
		md_span(o, r, strlen(r));
	free(r);
}

static void
md_title(struct md *o, const struct analysis *an)
{
	const char *base;
	size_t n;
	char *name;

	base = report_basename(an->path, &n);
	name = xstrndup(base, n);
	md_raw(o, "# vmtriage report: ");
	md_text(o, "%s", name);
	md_raw(o, "\n\n");
	free(name);
}

static void
md_verdict(struct md *o, const struct analysis *an,
    const struct diagnosis *d)
{
	const struct verdict *v;
	size_t i, roots = 0;

	for (i = 0; i < d->nfindings; i++) {
		v = &d->v[d->findings[i]];
		if (!v->root)
			continue;
		if (roots++ > 0)
			md_raw(o, ">\n");
		md_raw(o, "> **%s:** ", report_finding_label(v, roots == 1));
		md_code(o, "%s", v->cause->id);
		md_raw(o, " (%s confidence): ", confidence_name(v->confidence));
		md_text(o, "%s", v->cause->title);
		md_raw(o, "\n");
		if (v->text != NULL && *v->text != '\0') {
			md_raw(o, ">\n> ");
			md_para(o, v->text);
			md_raw(o, "\n");
		}
	}
	if (roots == 0)
		md_raw(o, "> **No fault found.**%s\n", an->platforms == 0 ?
		    " No file of a known kind was read." : "");
	md_raw(o, "\n");
}

void
md_bundle_line(struct md *o, const struct analysis *an)
{
	char size[32];

	report_size(an->stats.bytes, size, sizeof size);
	md_raw(o, "**Bundle:** ");
	md_code(o, "%s", an->path);
	md_text(o, ", %s bundle, %s layout, %u files, %s",
	    analysis_platform_name(an), analysis_layout(an), an->stats.files,
	    size);
	if (an->utc_offset_known)
		md_text(o, "; VM local times converted to UTC with UTC%s "
		    "(from %s)", an->utc_offset_fact->value,
		    an->utc_offset_fact->ev.file);
	md_raw(o, ". vmtriage %s.\n\n", PACKAGE_VERSION);
}

static void
md_symptom(struct md *o, const struct diagnosis *d)
{
	const struct verdict *v;
	size_t i, n = 0, other = 0;

	md_raw(o, "## Symptom ");
	md_code(o, "%s", report_symptom_code(d));
	md_raw(o, "\n\n");
	if (d->symptom != NULL)
		md_para(o, d->symptom->message);
	else
		md_text(o, "Not an error code the packs know.");
	if (d->symptom_fact != NULL)
		md_text(o, " (the error of the newest failed backup job)");
	md_raw(o, "\n\n");
	if (d->nsymptom_ev > 0) {
		md_raw(o, "**Seen from Azure:**\n\n");
		for (i = 0; i < d->nsymptom_ev; i++)
			md_evidence(o, &d->symptom_ev[i]);
	}
	o->in_table = 1;
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (!cause_explains(v->cause, d->symptom_code))
			continue;
		if (v->status == VERDICT_NOT_APPLICABLE) {
			other++;
			continue;
		}
		if (n++ == 0)
			md_raw(o, "| Documented cause | Verdict | Why |\n"
			    "|---|---|---|\n");
		md_raw(o, "| ");
		md_code(o, "%s", v->cause->id);
		switch (v->status) {
		case VERDICT_FOUND:
			md_raw(o, " | **found** (%s%s) | ",
			    confidence_name(v->confidence),
			    v->root ? ", root cause" : "");
			break;
		case VERDICT_NOT_EVALUATED:
			md_raw(o, " | not evaluated | needs ");
			break;
		default:
			md_raw(o, " | ruled out | ");
			break;
		}
		md_text(o, "%s", v->text != NULL ? v->text : "");
		md_raw(o, " |\n");
	}
	o->in_table = 0;
	if (n > 0)
		md_raw(o, "\n");
	if (n == 0 && other == 0 && d->symptom != NULL)
		md_raw(o, "No cause in the packs explains it.\n\n");
	if (other > 0)
		md_raw(o, "%zu more documented cause%s, for the other "
		    "platform, %s not apply.\n\n", other, other == 1 ? "" : "s",
		    other == 1 ? "does" : "do");
}

static void
md_chain(struct md *o, const struct diagnosis *d, const struct verdict *v)
{
	size_t i;

	md_raw(o, "**Chain:** ");
	for (i = 0; i < v->nchain; i++) {
		if (i > 0)
			md_raw(o, " → ");
		md_code(o, "%s", d->v[v->chain[i]].cause->id);
	}
	if (v->ncodes > 0) {
		md_raw(o, " → ");
		for (i = 0; i < v->ncodes; i++) {
			md_raw(o, "%s**", i > 0 ? ", " : "");
			md_text(o, "%s", v->codes[i]);
			md_raw(o, "**");
		}
	}
	md_raw(o, "\n\n");
}

void
md_evidence(struct md *o, const struct evidence *ev)
{
	char when[40], note[96];
	const char *t = ev->text;

	md_raw(o, "- ");
	if (ev->line > 0)
		md_code(o, "%s:%lu", ev->file, ev->line);
	else
		md_code(o, "%s", ev->file);
	if (report_evidence_when(ev, when, sizeof when, note, sizeof note)) {
		md_text(o, " %s", when);
		if (*note != '\0')
			md_text(o, " (%s)", note);
	}
	if (ev->cut)
		md_text(o, " (cut)");
	md_raw(o, "\n\n");
	/* One line in a code span, which wraps; lines in a fenced block,
	 * which keeps them as they are. */
	if (strchr(t, '\n') == NULL && *t != '\0') {
		md_raw(o, "  ");
		md_code(o, "%s", t);
		md_raw(o, "\n\n");
	} else if (*t != '\0') {
		md_fence(o, t, "  ");
		md_raw(o, "\n");
	}
}

static void
md_finding(struct md *o, const struct diagnosis *d, const struct verdict *v,
    int first)
{
	const struct cause *c = v->cause;
	size_t i;

	md_raw(o, "## %s: ", report_finding_label(v, first));
	md_code(o, "%s", c->id);
	md_raw(o, " (%s confidence)\n\n", confidence_name(v->confidence));
	md_raw(o, "**");
	md_text(o, "%s", c->title);
	md_raw(o, "**\n\n");
	if (v->text != NULL && *v->text != '\0') {
		md_para(o, v->text);
		md_raw(o, "\n\n");
	}
	md_chain(o, d, v);
	if (v->nev > 0) {
		md_raw(o, "**Evidence:**\n\n");
		for (i = 0; i < v->nev; i++)
			md_evidence(o, &v->ev[i]);
	}
	if (v->nremedy > 0) {
		md_raw(o, "**Fix:**\n\n");
		for (i = 0; i < v->nremedy; i++) {
			md_raw(o, "%zu. ", i + 1);
			md_pack_text(o, v->remedy[i]);
			md_raw(o, "\n");
		}
		md_raw(o, "\n");
	}
	if (c->doc != NULL && *c->doc != '\0') {
		md_raw(o, "**Doc:** ");
		md_link(o, c->doc);
		md_raw(o, "\n\n");
	}
}

static void
md_facts(struct md *o, const struct analysis *an, int all)
{
	struct facts sorted;
	size_t i, shown = 0, hidden = 0;

	report_facts_sorted(an, &sorted);
	o->in_table = 1;
	for (i = 0; i < sorted.n; i++) {
		if (!all && !sorted.v[i]->def->summary) {
			hidden++;
			continue;
		}
		if (shown++ == 0)
			md_raw(o, "## Facts\n\n| Fact | Value |\n|---|---|\n");
		md_raw(o, "| ");
		md_code(o, "%s", sorted.v[i]->id);
		md_raw(o, " | ");
		md_text(o, "%s", sorted.v[i]->value);
		md_raw(o, " |\n");
	}
	o->in_table = 0;
	if (shown > 0)
		md_raw(o, "\n");
	if (hidden > 0)
		md_raw(o, "%s%zu more fact%s in the JSON or HTML report.\n\n",
		    shown == 0 ? "## Facts\n\n" : "", hidden,
		    hidden == 1 ? "" : "s");
	free(sorted.v);
}

static void
md_verdict_table(struct md *o, const struct diagnosis *d,
    enum verdict_status status, const char *heading, const char *column)
{
	size_t i, n = 0;

	o->in_table = 1;
	for (i = 0; i < d->n; i++) {
		if (d->v[i].status != status)
			continue;
		if (n++ == 0)
			md_raw(o, "## %s\n\n| Cause | %s |\n|---|---|\n",
			    heading, column);
		md_raw(o, "| ");
		md_code(o, "%s", d->v[i].cause->id);
		md_raw(o, " | ");
		md_text(o, "%s", d->v[i].text != NULL ? d->v[i].text : "");
		md_raw(o, " |\n");
	}
	o->in_table = 0;
	if (n > 0)
		md_raw(o, "\n");
}

void
md_read(struct md *o, const struct analysis *an)
{
	size_t i;
	int k, n = 0;

	md_raw(o, "## Bundle\n\n");
	md_text(o, "Read: ");
	for (k = 0; k < KIND__COUNT; k++)
		if (an->members[k] > 0)
			md_text(o, "%s%s ×%u", n++ > 0 ? ", " : "",
			    kind_name((enum source_kind)k), an->members[k]);
	if (n == 0)
		md_text(o, "no file vmtriage knows");
	if (an->unknown > 0)
		md_text(o, " (%u other files not analysed)", an->unknown);
	md_raw(o, ".\n\n");
	if (an->nskipped == 0)
		return;
	md_raw(o, "### Skipped files\n\n| File | Why |\n|---|---|\n");
	o->in_table = 1;
	for (i = 0; i < an->nskipped && i < MD_SKIPPED_MAX; i++) {
		md_raw(o, "| ");
		md_code(o, "%s", an->skipped[i].path);
		md_raw(o, " | ");
		md_text(o, "%s", an->skipped[i].reason);
		md_raw(o, " |\n");
	}
	o->in_table = 0;
	md_raw(o, "\n");
	if (an->nskipped + an->skipped_more > MD_SKIPPED_MAX)
		md_raw(o, "And %llu more (see the JSON report).\n\n",
		    (unsigned long long)(an->nskipped + an->skipped_more -
		    MD_SKIPPED_MAX));
}

int
report_markdown(FILE *f, const struct analysis *an, const struct diagnosis *d,
    const struct packset *ps, const struct report_opts *opts)
{
	struct md o;
	size_t i;

	(void)ps;
	o.f = f;
	o.in_table = 0;
	md_title(&o, an);
	md_verdict(&o, an, d);
	md_bundle_line(&o, an);
	if (d->symptom_code != NULL)
		md_symptom(&o, d);
	for (i = 0; i < d->nfindings; i++)
		md_finding(&o, d, &d->v[d->findings[i]], i == 0);
	md_facts(&o, an, opts->all_facts);
	md_verdict_table(&o, d, VERDICT_RULED_OUT, "Ruled out", "Why");
	md_verdict_table(&o, d, VERDICT_NOT_EVALUATED, "Not evaluated",
	    "The bundle lacks");
	md_read(&o, an);
	return ferror(f) ? -1 : 0;
}
