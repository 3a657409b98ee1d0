/*
 * The report for a terminal: the verdict first, then the chain, the
 * evidence with file:line and time, the fix; what was ruled out and what
 * the bundle lacked after it.  Colour only when asked (a tty without
 * NO_COLOR, or --color=always).
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
#include "strbuf.h"
#include "xalloc.h"

/* Evidence lines in a terminal are cut to this many characters. */
#define TEXT_EVIDENCE_WIDTH 240

struct out {
	FILE	*f;
	int	 color;
};

static const char *const styles[] = {
	"\033[1m", "\033[1;31m", "\033[33m", "\033[32m", "\033[2m", "\033[36m",
};

/* Prints redacted, styled text. */
static void
put(struct out *o, int style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void
text_vput(FILE *f, int color, int style, const char *fmt, va_list ap)
{
	char *s, *r;

	xvasprintf(&s, fmt, ap);
	r = redact(s);
	if (color && style >= 0)
		fprintf(f, "%s%s\033[0m", styles[style], r);
	else
		fputs(r, f);
	free(r);
	free(s);
}

static void
put(struct out *o, int style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vput(o->f, o->color, style, fmt, ap);
	va_end(ap);
}

/* The first line of an evidence text, cut for the terminal: redacted
 * before it is cut, as a key cut short is no longer seen as one. */
static void
put_evidence_text(struct out *o, const char *text)
{
	char *red = redact(text);
	const char *p;
	size_t n = report_first_line(red);
	unsigned more = report_count_lines(text) - 1;
	int cut = 0;

	if (n > TEXT_EVIDENCE_WIDTH) {
		n = TEXT_EVIDENCE_WIDTH;
		while (n > 0 && ((unsigned char)red[n] & 0xc0) == 0x80)
			n--;
		/* Not inside a "<redacted>". */
		if ((p = memrchr(red, '<', n)) != NULL &&
		    strncmp(p, "<redacted", 9) == 0 &&
		    memchr(p, '>', n - (size_t)(p - red)) == NULL)
			n = (size_t)(p - red);
		cut = 1;
	}
	put(o, -1, "        %.*s%s", (int)n, red, cut ? "..." : "");
	if (more > 0)
		put(o, S_DIM, "  (+%u line%s)", more, more == 1 ? "" : "s");
	put(o, -1, "\n");
	free(red);
}

static void
put_evidence(struct out *o, const struct evidence *ev)
{
	char when[40], note[96];

	put(o, S_CYAN, "    %s", ev->file);
	if (ev->line > 0)
		put(o, S_CYAN, ":%lu", ev->line);
	if (report_evidence_when(ev, when, sizeof when, note, sizeof note))
		put(o, S_DIM, "  %s%s%s%s", when, *note != '\0' ? " (" : "",
		    note, *note != '\0' ? ")" : "");
	put(o, -1, "\n");
	put_evidence_text(o, ev->text);
}

static void
put_chain(struct out *o, const struct diagnosis *d, const struct verdict *v)
{
	size_t i;

	put(o, -1, "  Chain: ");
	for (i = 0; i < v->nchain; i++)
		put(o, -1, "%s%s", i > 0 ? " -> " : "",
		    d->v[v->chain[i]].cause->id);
	if (v->ncodes > 0) {
		put(o, -1, " -> ");
		for (i = 0; i < v->ncodes; i++)
			put(o, S_BOLD, "%s%s", i > 0 ? ", " : "", v->codes[i]);
	}
	put(o, -1, "\n");
}

static void
put_finding(struct out *o, const struct diagnosis *d, const struct verdict *v,
    int first)
{
	const struct cause *c = v->cause;
	size_t i;

	if (v->root)
		put(o, first ? S_RED : S_BOLD, "%s  ",
		    first ? "ROOT CAUSE" : "ALSO A ROOT CAUSE");
	else
		put(o, S_YELLOW, "CONSEQUENCE  ");
	put(o, S_BOLD, "%s", c->id);
	put(o, -1, "  (%s confidence)\n", confidence_name(v->confidence));
	put(o, -1, "  %s\n", c->title);
	if (v->text != NULL && *v->text != '\0')
		put(o, -1, "  %s\n", v->text);
	put_chain(o, d, v);
	if (v->nev > 0) {
		put(o, -1, "  Evidence:\n");
		for (i = 0; i < v->nev; i++)
			put_evidence(o, &v->ev[i]);
	}
	put(o, -1, "  Fix:\n");
	for (i = 0; i < v->nremedy; i++)
		put(o, -1, "    %zu. %s\n", i + 1, v->remedy[i]);
	put(o, S_DIM, "  Doc: %s\n", c->doc);
	put(o, -1, "\n");
}

static void
put_symptom(struct out *o, const struct diagnosis *d)
{
	const struct verdict *v;
	size_t i, n = 0, other = 0;

	put(o, S_BOLD, "Symptom %s", d->symptom != NULL ? d->symptom->code :
	    d->symptom_code);
	if (d->symptom != NULL)
		put(o, -1, ": %s\n", d->symptom->message);
	else
		put(o, -1, ": not an error code the packs know\n");
	if (d->symptom_fact != NULL)
		put(o, S_DIM, "  (the error of the newest failed backup job)\n");
	if (d->nsymptom_ev > 0) {
		put(o, -1, "Seen from Azure:\n");
		for (i = 0; i < d->nsymptom_ev; i++)
			put_evidence(o, &d->symptom_ev[i]);
	}
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (!cause_explains(v->cause, d->symptom_code))
			continue;
		/* Causes of the other platform: one line after the list. */
		if (v->status == VERDICT_NOT_APPLICABLE) {
			other++;
			continue;
		}
		if (n++ == 0)
			put(o, -1, "Its documented causes, in order:\n");
		switch (v->status) {
		case VERDICT_FOUND:
			put(o, S_RED, "  found          ");
			put(o, S_BOLD, "%s", v->cause->id);
			put(o, -1, " (%s%s)\n", confidence_name(v->confidence),
			    v->root ? ", root cause" : "");
			break;
		case VERDICT_NOT_EVALUATED:
			put(o, S_YELLOW, "  not evaluated  ");
			put(o, -1, "%s: needs %s\n", v->cause->id, v->text);
			break;
		default:
			put(o, S_GREEN, "  ruled out      ");
			put(o, -1, "%s: %s\n", v->cause->id, v->text);
			break;
		}
	}
	if (n == 0 && other == 0)
		put(o, -1, "No cause in the packs explains it.\n");
	if (other > 0)
		put(o, S_DIM, "  (%zu more, for the other platform, do not "
		    "apply)\n", other);
	put(o, -1, "\n");
}

static void
put_facts(struct out *o, const struct analysis *an, int all)
{
	struct facts sorted;
	size_t i, shown = 0, hidden = 0;

	report_facts_sorted(an, &sorted);
	for (i = 0; i < sorted.n; i++) {
		if (!all && !sorted.v[i]->def->summary) {
			hidden++;
			continue;
		}
		if (shown++ == 0)
			put(o, S_BOLD, "Facts\n");
		put(o, -1, "  %-34s %s\n", sorted.v[i]->id, sorted.v[i]->value);
	}
	if (hidden > 0)
		put(o, S_DIM, "  (%zu more with --all-facts or in --format "
		    "json)\n", hidden);
	if (shown > 0 || hidden > 0)
		put(o, -1, "\n");
	free(sorted.v);
}

static void
put_verdict_list(struct out *o, const struct diagnosis *d,
    enum verdict_status status, const char *heading)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].status != status)
			continue;
		if (n++ == 0)
			put(o, S_BOLD, "%s\n", heading);
		put(o, -1, "  %-34s ", d->v[i].cause->id);
		put(o, status == VERDICT_RULED_OUT ? S_DIM : -1, "%s\n",
		    d->v[i].text);
	}
	if (n > 0)
		put(o, -1, "\n");
}

static void
put_bundle(struct out *o, const struct analysis *an)
{
	char size[32];
	size_t i;
	int k, n = 0;

	report_size(an->stats.bytes, size, sizeof size);
	put(o, S_BOLD, "vmtriage %s", PACKAGE_VERSION);
	put(o, -1, "  %s\n", an->path);
	put(o, -1, "  %s bundle, %s layout: %u files, %s", 
	    analysis_platform_name(an), analysis_layout(an), an->stats.files,
	    size);
	if (an->stats.archives > 0)
		put(o, -1, ", %u archive%s", an->stats.archives,
		    an->stats.archives == 1 ? "" : "s");
	if (an->utc_offset_known)
		put(o, -1, "\n  VM local times converted to UTC with UTC%s "
		    "(from %s)", an->utc_offset_fact->value,
		    an->utc_offset_fact->ev.file);
	put(o, -1, "\n  read: ");
	for (k = 0; k < KIND__COUNT; k++)
		if (an->members[k] > 0)
			put(o, -1, "%s%s x%u", n++ > 0 ? ", " : "",
			    kind_name((enum source_kind)k), an->members[k]);
	if (n == 0)
		put(o, -1, "no file vmtriage knows");
	if (an->unknown > 0)
		put(o, S_DIM, " (%u other files not analysed)", an->unknown);
	put(o, -1, "\n");
	if (an->nskipped > 0) {
		put(o, S_YELLOW, "  skipped %zu:\n", an->nskipped +
		    (size_t)an->skipped_more);
		for (i = 0; i < an->nskipped && i < 20; i++)
			put(o, -1, "    %s: %s\n", an->skipped[i].path,
			    an->skipped[i].reason);
		if (an->nskipped + an->skipped_more > 20)
			put(o, S_DIM, "    ... and %llu more (see --format "
			    "json)\n", (unsigned long long)(an->nskipped +
			    an->skipped_more - 20));
	}
	put(o, -1, "\n");
}

int
report_text(FILE *f, const struct analysis *an, const struct diagnosis *d,
    const struct packset *ps, const struct report_opts *opts)
{
	struct out o;
	size_t i;

	(void)ps;
	o.f = f;
	o.color = opts->color;
	put_bundle(&o, an);
	if (d->symptom_code != NULL)
		put_symptom(&o, d);
	if (d->nfindings == 0)
		put(&o, S_GREEN, "No fault found.%s\n\n",
		    an->platforms == 0 ? " (no file of a known kind was read)" :
		    "");
	for (i = 0; i < d->nfindings; i++)
		put_finding(&o, d, &d->v[d->findings[i]], i == 0);
	put_facts(&o, an, opts->all_facts);
	put_verdict_list(&o, d, VERDICT_RULED_OUT, "Ruled out");
	put_verdict_list(&o, d, VERDICT_NOT_EVALUATED,
	    "Not evaluated (the bundle lacks what would decide)");
	return ferror(f) ? -1 : 0;
}

/* For the audit's report (report_int.h). */
void
text_evidence(FILE *f, int color, const struct evidence *ev)
{
	struct out o;

	o.f = f;
	o.color = color;
	put_evidence(&o, ev);
}

void
text_bundle(FILE *f, int color, const struct analysis *an)
{
	struct out o;

	o.f = f;
	o.color = color;
	put_bundle(&o, an);
}
