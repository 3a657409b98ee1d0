/*
 * vmtriage explain for people: text for a terminal (wrapped to 80
 * columns, colour only when asked) and Markdown to paste into a ticket.
 * One walk over the packs writes both through a few block primitives, so
 * that the two say the same things in the same order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "explain.h"
#include "pack.h"
#include "redact.h"
#include "strbuf.h"
#include "xalloc.h"

#define TEXT_WIDTH 80

enum style {
	S_NONE = -1,
	S_BOLD,
	S_DIM,
	S_CYAN,
};

static const char *const styles[] = { "\033[1m", "\033[2m", "\033[36m" };

struct doc {
	FILE	*f;
	int	 md;
	int	 color;
	int	 nowrap;	/* one line per item: lists people grep */
};

/* Columns of a UTF-8 string: its code points. */
static size_t
width(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static void
styled(struct doc *d, int style, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (d->color && style != S_NONE)
		fprintf(d->f, "%s%.*s\033[0m", styles[style], (int)len, s);
	else
		fprintf(d->f, "%.*s", (int)len, s);
}

/*
 * Text: prefix (already redacted, in pstyle), then the redacted text in
 * style, wrapped at spaces to TEXT_WIDTH with continuation lines
 * indented by hang columns.
 */
static void
text_wrapped(struct doc *d, const char *prefix, int pstyle, size_t hang,
    int style, const char *text)
{
	struct strbuf line = STRBUF_INIT;
	char *r = redact(text);
	const char *p = r, *end;
	size_t lead, body, plen = strlen(prefix), col, w;

	/* The prefix's spaces plain, its words in pstyle; no trailing
	 * space before an empty text. */
	lead = strspn(prefix, " ");
	for (body = plen - lead; body > 0 && prefix[lead + body - 1] == ' ';
	    body--)
		;
	fprintf(d->f, "%.*s", (int)lead, prefix);
	styled(d, pstyle, prefix + lead, body);
	if (r[strspn(r, " \n")] != '\0')
		fputs(prefix + lead + body, d->f);
	col = width(prefix, plen);
	for (;;) {
		p += strspn(p, " \n");
		if (*p == '\0')
			break;
		end = p + strcspn(p, " \n");
		w = width(p, (size_t)(end - p));
		if (line.len > 0 && col + 1 + w > TEXT_WIDTH && !d->nowrap) {
			styled(d, style, line.buf, line.len);
			fprintf(d->f, "\n%*s", (int)hang, "");
			strbuf_reset(&line);
			col = hang;
		} else if (line.len > 0) {
			strbuf_addch(&line, ' ');
			col++;
		}
		strbuf_add(&line, p, (size_t)(end - p));
		col += w;
		p = end;
	}
	styled(d, style, line.buf, line.len);
	fputc('\n', d->f);
	strbuf_release(&line);
	free(r);
}

/* Markdown: the redacted text with what Markdown would read escaped, on
 * one line.  Paired backticks stay code spans (remedies quote commands
 * in them); an odd one is escaped with the rest. */
static void
md_text(struct doc *d, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	char *r = redact(text);
	const char *p, *close;
	size_t ticks = 0;
	int spans;

	for (p = r; *p != '\0'; p++)
		ticks += *p == '`';
	spans = ticks % 2 == 0;
	for (p = r; *p != '\0'; p++) {
		if (*p == '`' && spans && (close = strchr(p + 1, '`')) !=
		    NULL) {
			strbuf_add(&sb, p, (size_t)(close - p) + 1);
			p = close;
			continue;
		}
		if (*p == '\n' || *p == '\r') {
			strbuf_addch(&sb, ' ');
			continue;
		}
		/* A line start that would open a list, a quote or a
		 * heading is escaped with the other punctuation. */
		if (strchr("\\`*_[]<>#|~&!", *p) != NULL ||
		    (p == r && strchr("-+=", *p) != NULL))
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
		if (p == r && *p >= '0' && *p <= '9' && (p[1] == '.' ||
		    p[1] == ')')) {
			strbuf_addf(&sb, "\\%c", p[1]);
			p++;
		}
	}
	fputs(strbuf_str(&sb), d->f);
	strbuf_release(&sb);
	free(r);
}

/* An id or code: a code span in Markdown, bold in a terminal. */
static void
md_id(struct doc *d, const char *id)
{
	char *r = redact(id);

	if (strchr(r, '`') != NULL)
		md_text(d, r);
	else
		fprintf(d->f, "`%s`", r);
	free(r);
}

/* A heading: "# " to "### " in Markdown. */
static void
heading(struct doc *d, int level, const char *id, const char *text)
{
	if (d->md) {
		fprintf(d->f, "%.*s ", level, "###");
		if (id != NULL) {
			md_id(d, id);
			fputs(*text != '\0' ? " " : "", d->f);
		}
		md_text(d, text);
		fputs("\n\n", d->f);
		return;
	}
	if (id != NULL) {
		char *r = redact(id);
		struct strbuf pre = STRBUF_INIT;

		strbuf_addf(&pre, "%s ", r);
		text_wrapped(d, strbuf_str(&pre), S_BOLD, 2, S_NONE, text);
		strbuf_release(&pre);
		free(r);
	} else
		text_wrapped(d, "", S_NONE, 2, S_BOLD, text);
}

static void
para(struct doc *d, const char *text)
{
	if (d->md) {
		md_text(d, text);
		fputs("\n\n", d->f);
	} else
		text_wrapped(d, "  ", S_NONE, 2, S_NONE, text);
}

/* "Label: text" on its own. */
static void
field(struct doc *d, const char *label, int style, const char *text)
{
	struct strbuf pre = STRBUF_INIT;

	if (d->md) {
		fprintf(d->f, "**%s:** ", label);
		md_text(d, text);
		fputs("\n\n", d->f);
		return;
	}
	strbuf_addf(&pre, "  %s: ", label);
	text_wrapped(d, strbuf_str(&pre), S_NONE, 4, style, text);
	strbuf_release(&pre);
}

/* "Label: URL", an autolink in Markdown when it can be one. */
static void
doc_link(struct doc *d, const char *label, const char *url)
{
	char *r = redact(url);

	if (d->md && strcspn(r, " <>`\n") == strlen(r))
		fprintf(d->f, "**%s:** <%s>\n\n", label, r);
	else
		field(d, label, S_DIM, url);
	free(r);
}

/* A heading for the items under it. */
static void
section(struct doc *d, const char *label)
{
	if (d->md)
		fprintf(d->f, "**%s:**\n\n", label);
	else
		fprintf(d->f, "  %s:\n", label);
}

static void
section_end(struct doc *d)
{
	if (d->md)
		fputc('\n', d->f);
}

enum tag_kind {
	TAG_NONE,	/* a bullet */
	TAG_WORD,	/* "high" */
	TAG_ID,		/* a code or a cause id */
	TAG_NUMBER,	/* "1." */
};

/* An item of a section: tag and text, the tag padded to pad columns in a
 * terminal. */
static void
item(struct doc *d, enum tag_kind kind, const char *tag, size_t pad,
    const char *text)
{
	struct strbuf pre = STRBUF_INIT;
	char *r = redact(tag != NULL ? tag : "");

	if (d->md) {
		switch (kind) {
		case TAG_NONE:
			fputs("- ", d->f);
			break;
		case TAG_WORD:
			fprintf(d->f, "- **%s:** ", r);
			break;
		case TAG_ID:
			fputs("- ", d->f);
			md_id(d, r);
			fputs(": ", d->f);
			break;
		case TAG_NUMBER:
			fprintf(d->f, "%s ", r);
			break;
		}
		md_text(d, text);
		fputc('\n', d->f);
	} else {
		if (kind == TAG_NONE)
			strbuf_addstr(&pre, "    - ");
		else
			strbuf_addf(&pre, "    %-*s%s", (int)pad, r,
			    kind == TAG_NUMBER ? " " : "  ");
		text_wrapped(d, strbuf_str(&pre), kind == TAG_ID ? S_BOLD :
		    S_NONE, pre.len, S_NONE, text);
	}
	strbuf_release(&pre);
	free(r);
}

/* A note under the last item: "reported as ...". */
static void
item_note(struct doc *d, const char *label, const char *text)
{
	struct strbuf pre = STRBUF_INIT;

	if (d->md) {
		fprintf(d->f, "  - *%s:* ", label);
		md_text(d, text);
		fputc('\n', d->f);
		return;
	}
	strbuf_addf(&pre, "      %s: ", label);
	text_wrapped(d, strbuf_str(&pre), S_DIM, 8, S_NONE, text);
	strbuf_release(&pre);
}

static void
blank(struct doc *d)
{
	if (!d->md)
		fputc('\n', d->f);
}

static void
put_remedy(struct doc *d, const char *label, char *const *steps, size_t n)
{
	char num[24];
	size_t i;

	section(d, label);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%zu.", i + 1);
		item(d, TAG_NUMBER, num, n >= 10 ? 3 : 2, steps[i]);
	}
	section_end(d);
}

static void
put_rules(struct doc *d, const struct packset *ps, const struct cause *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (c->nfound == 0)
		field(d, "Found when", S_NONE, "no rule (nothing in a bundle "
		    "shows it)");
	else
		section(d, "Found when (the first rule that holds decides the "
		    "confidence)");
	for (i = 0; i < c->nfound; i++) {
		strbuf_reset(&sb);
		cond_describe(c->found[i].when, ps, &sb);
		item(d, TAG_WORD, confidence_name(c->found[i].confidence), 6,
		    strbuf_str(&sb));
	}
	if (c->nfound > 0)
		section_end(d);
	if (c->nruled_out > 0)
		section(d, "Ruled out when");
	for (i = 0; i < c->nruled_out; i++) {
		strbuf_reset(&sb);
		cond_describe(c->ruled_out[i].when, ps, &sb);
		item(d, TAG_NONE, NULL, 0, strbuf_str(&sb));
		if (c->ruled_out[i].why != NULL) {
			strbuf_reset(&sb);
			explain_template(ps, c->ruled_out[i].why, &sb);
			item_note(d, "reported as", strbuf_str(&sb));
		}
	}
	if (c->nruled_out > 0)
		section_end(d);
	if (c->nundecided > 0)
		section(d, "Not evaluated when");
	for (i = 0; i < c->nundecided; i++) {
		strbuf_reset(&sb);
		cond_describe(c->undecided[i].when, ps, &sb);
		item(d, TAG_NONE, NULL, 0, strbuf_str(&sb));
		strbuf_reset(&sb);
		explain_template(ps, c->undecided[i].why, &sb);
		item_note(d, "needs", strbuf_str(&sb));
	}
	if (c->nundecided > 0)
		section_end(d);
	strbuf_release(&sb);
}

/* What a report asks for when the files are missing. */
static void
put_asks(struct doc *d, const struct packset *ps, const char *missing,
    const char *missing_windows)
{
	struct strbuf sb = STRBUF_INIT;

	if (missing != NULL) {
		explain_template(ps, missing, &sb);
		field(d, missing_windows != NULL ? "Asks for (not Windows)" :
		    "Asks for", S_NONE, strbuf_str(&sb));
	}
	if (missing_windows != NULL) {
		strbuf_reset(&sb);
		explain_template(ps, missing_windows, &sb);
		field(d, "Asks for (Windows)", S_NONE, strbuf_str(&sb));
	}
	strbuf_release(&sb);
}

static void
put_needs(struct doc *d, const struct packset *ps, const struct cause *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (c->needs != 0) {
		if (pack_kinds_describe(c->needs, &sb) == 1)
			strbuf_addstr(&sb, ". Without it the cause is not "
			    "evaluated; with it, and no rule finding the "
			    "cause, it is ruled out.");
		else
			strbuf_addstr(&sb, ". With none of them the cause is "
			    "not evaluated; with one, and no rule finding "
			    "the cause, it is ruled out.");
		field(d, "Needs", S_NONE, strbuf_str(&sb));
	} else
		field(d, "Needs", S_NONE, "no file: only its rules rule it "
		    "out, and otherwise it is not evaluated.");
	strbuf_release(&sb);
	put_asks(d, ps, c->missing, c->missing_windows);
}

/* The ids and titles of causes, tags padded to the longest. */
static void
put_cause_refs(struct doc *d, const char *label,
    const struct cause *const *v, size_t n)
{
	size_t i, pad = 0;

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (strlen(v[i]->id) > pad)
			pad = strlen(v[i]->id);
	section(d, label);
	for (i = 0; i < n; i++)
		item(d, TAG_ID, v[i]->id, pad, v[i]->title != NULL ?
		    v[i]->title : "");
	section_end(d);
}

static void
put_explains(struct doc *d, const struct packset *ps, const struct cause *c)
{
	const struct symptom *s;
	size_t i, pad = 0;

	if (c->nexplains == 0) {
		field(d, "Explains", S_NONE, "no error code");
		return;
	}
	for (i = 0; i < c->nexplains; i++)
		if (strlen(c->explains[i]) > pad)
			pad = strlen(c->explains[i]);
	section(d, "Explains");
	for (i = 0; i < c->nexplains; i++) {
		s = packset_symptom(ps, c->explains[i]);
		item(d, TAG_ID, c->explains[i], pad, s != NULL ? s->message :
		    "(no message in the packs)");
	}
	section_end(d);
}

/*
 * One cause: numbered under a code (num > 0), or on its own with the
 * codes it explains and the causes that lead to it.
 */
static void
put_cause(struct doc *d, const struct packset *ps, const struct cause *c,
    size_t num)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cause **refs;
	size_t i, j, n = 0;

	refs = xcalloc(ps->ncauses + c->nleads_to + 1, sizeof *refs);
	strbuf_addch(&sb, '(');
	explain_platforms(c->platforms, &sb);
	strbuf_addch(&sb, ')');
	if (num > 0) {
		char *id;

		xasprintf(&id, "%zu. %s", num, c->id);
		if (d->md) {
			fprintf(d->f, "### %zu. ", num);
			md_id(d, c->id);
			fputc(' ', d->f);
			md_text(d, strbuf_str(&sb));
			fputs("\n\n", d->f);
		} else
			heading(d, 3, id, strbuf_str(&sb));
		free(id);
	} else
		heading(d, 1, c->id, strbuf_str(&sb));
	para(d, c->title != NULL ? c->title : "");
	if (num == 0)
		put_explains(d, ps, c);
	put_rules(d, ps, c);
	put_needs(d, ps, c);
	for (i = 0; i < c->nleads_to; i++)
		if (c->leads_to[i] != NULL)
			refs[n++] = c->leads_to[i];
	put_cause_refs(d, "Leads to", refs, n);
	if (num == 0) {
		n = 0;
		for (i = 0; i < ps->ncauses; i++)
			for (j = 0; j < ps->causes[i]->nleads_to; j++)
				if (ps->causes[i]->leads_to[j] == c) {
					refs[n++] = ps->causes[i];
					break;
				}
		put_cause_refs(d, "Led to by", refs, n);
	}
	if (c->nremedy_windows > 0) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "Fix (");
		explain_remedy_label(c, &sb);
		strbuf_addch(&sb, ')');
		put_remedy(d, strbuf_str(&sb), c->remedy, c->nremedy);
		put_remedy(d, "Fix (Windows)", c->remedy_windows,
		    c->nremedy_windows);
	} else
		put_remedy(d, "Fix", c->remedy, c->nremedy);
	if (c->doc != NULL)
		doc_link(d, "Doc", c->doc);
	blank(d);
	free(refs);
	strbuf_release(&sb);
}

/* A check's rules of one status: each in words, with what it reports. */
static void
put_check_rules(struct doc *d, const struct packset *ps, const char *label,
    const struct check_rule *r, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (n == 0)
		return;
	section(d, label);
	for (i = 0; i < n; i++) {
		strbuf_reset(&sb);
		cond_describe(r[i].when, ps, &sb);
		item(d, TAG_NONE, NULL, 0, strbuf_str(&sb));
		if (r[i].summary != NULL) {
			strbuf_reset(&sb);
			explain_template(ps, r[i].summary, &sb);
			item_note(d, "reported as", strbuf_str(&sb));
		}
	}
	section_end(d);
	strbuf_release(&sb);
}

/*
 * One readiness check, in the order vmtriage audit decides it: its fail
 * rules, the causes it fails on, its warn and pass rules, then what it
 * needs, the data it compares with, the fix and the doc.
 */
static void
put_check(struct doc *d, const struct packset *ps, const struct check *ck)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cause **refs;
	size_t i, n = 0, pad = 0;

	strbuf_addch(&sb, '(');
	explain_platforms(CHECK_PLATFORMS(ck), &sb);
	strbuf_addch(&sb, ')');
	heading(d, 1, ck->id, strbuf_str(&sb));
	para(d, ck->title != NULL ? ck->title : "");
	para(d, "vmtriage audit decides it by its fail rules first, then by "
	    "a cause the diagnosis found (a cause found with low confidence "
	    "warns), then by its warn and pass rules; a cause ruled out "
	    "passes it only when the check's own files are in the bundle. "
	    "Otherwise it is unknown, and says which file would decide it.");
	put_check_rules(d, ps, "Fails when", ck->fail, ck->nfail);
	refs = xcalloc(ck->ncauses + 1, sizeof *refs);
	for (i = 0; i < ck->ncauses; i++)
		if (ck->causes[i] != NULL)
			refs[n++] = ck->causes[i];
	put_cause_refs(d, "Fails when the diagnosis finds", refs, n);
	free(refs);
	put_check_rules(d, ps, "Warns when", ck->warn, ck->nwarn);
	put_check_rules(d, ps, "Passes when", ck->pass, ck->npass);
	strbuf_reset(&sb);
	if (ck->needs != 0) {
		pack_kinds_describe(ck->needs, &sb);
		strbuf_addstr(&sb, ". Without them the check is unknown.");
	} else
		strbuf_addstr(&sb, "no file of its own: its rules and causes "
		    "decide it, or it is unknown.");
	field(d, "Needs", S_NONE, strbuf_str(&sb));
	put_asks(d, ps, ck->missing, ck->missing_windows);
	if (ck->ndata > 0) {
		for (i = 0; i < ck->ndata; i++)
			if (strlen(ck->data[i]->id) > pad)
				pad = strlen(ck->data[i]->id);
		section(d, "Compares with");
		for (i = 0; i < ck->ndata; i++) {
			strbuf_reset(&sb);
			strbuf_addstr(&sb, ck->data[i]->title != NULL ?
			    ck->data[i]->title : "");
			if (ck->data[i]->value != NULL)
				strbuf_addf(&sb, ": %s", ck->data[i]->value);
			strbuf_addf(&sb, " (%s, as of %s)",
			    ck->data[i]->source != NULL ?
			    ck->data[i]->source : "no source",
			    ck->data[i]->as_of != NULL ?
			    ck->data[i]->as_of : "?");
			item(d, TAG_ID, ck->data[i]->id, pad, strbuf_str(&sb));
		}
		section_end(d);
	}
	if (ck->nremedy_windows > 0) {
		put_remedy(d, "Fix (not Windows)", ck->remedy, ck->nremedy);
		put_remedy(d, "Fix (Windows)", ck->remedy_windows,
		    ck->nremedy_windows);
	} else
		put_remedy(d, "Fix", ck->remedy, ck->nremedy);
	if (ck->doc != NULL)
		doc_link(d, "Doc", ck->doc);
	if (ck->doc_windows != NULL)
		doc_link(d, "Doc (Windows)", ck->doc_windows);
	blank(d);
	strbuf_release(&sb);
}

static void
put_code(struct doc *d, const struct packset *ps, const struct explain *e)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	heading(d, 1, e->code, "");
	para(d, e->symptom != NULL ? e->symptom->message :
	    "(no message in the packs: only causes name this code)");
	if (e->symptom != NULL && e->symptom->doc != NULL)
		doc_link(d, "Doc", e->symptom->doc);
	blank(d);
	for (i = 0; i < ps->ncauses; i++)
		n += cause_explains(ps->causes[i], e->code);
	if (n == 0) {
		para(d, "No cause in the packs explains it.");
		strbuf_release(&sb);
		return;
	}
	strbuf_addf(&sb, "The %zu cause%s that explain%s it, in catalogue "
	    "order", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
	heading(d, 2, NULL, strbuf_str(&sb));
	blank(d);
	for (i = 0, n = 0; i < ps->ncauses; i++)
		if (cause_explains(ps->causes[i], e->code))
			put_cause(d, ps, ps->causes[i], ++n);
	strbuf_release(&sb);
}

static void
put_list(struct doc *d, const struct packset *ps)
{
	struct explain_code *codes;
	struct strbuf sb = STRBUF_INIT;
	const struct cause *c;
	size_t n, i, pad = 0;

	d->nowrap = 1;
	codes = explain_codes(ps, &n);
	strbuf_addf(&sb, "Error codes (%zu)", n);
	heading(d, 1, NULL, strbuf_str(&sb));
	for (i = 0; i < n; i++)
		if (strlen(codes[i].code) > pad)
			pad = strlen(codes[i].code);
	for (i = 0; i < n; i++)
		item(d, TAG_ID, codes[i].code, pad, codes[i].symptom != NULL ?
		    codes[i].symptom->message : "(no message in the packs)");
	section_end(d);
	blank(d);
	free(codes);

	strbuf_reset(&sb);
	strbuf_addf(&sb, "Causes (%zu), in catalogue order", ps->ncauses);
	heading(d, 1, NULL, strbuf_str(&sb));
	for (i = 0, pad = 0; i < ps->ncauses; i++)
		if (strlen(ps->causes[i]->id) > pad)
			pad = strlen(ps->causes[i]->id);
	for (i = 0; i < ps->ncauses; i++) {
		c = ps->causes[i];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s (", c->title != NULL ? c->title : "");
		explain_platforms(c->platforms, &sb);
		strbuf_addch(&sb, ')');
		item(d, TAG_ID, c->id, pad, strbuf_str(&sb));
	}
	section_end(d);
	if (ps->nchecks > 0) {
		blank(d);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "Readiness checks (%zu), as vmtriage audit "
		    "lists them", ps->nchecks);
		heading(d, 1, NULL, strbuf_str(&sb));
		for (i = 0, pad = 0; i < ps->nchecks; i++)
			if (strlen(ps->checks[i]->id) > pad)
				pad = strlen(ps->checks[i]->id);
		for (i = 0; i < ps->nchecks; i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s (", ps->checks[i]->title != NULL ?
			    ps->checks[i]->title : "");
			explain_platforms(CHECK_PLATFORMS(ps->checks[i]), &sb);
			strbuf_addch(&sb, ')');
			item(d, TAG_ID, ps->checks[i]->id, pad,
			    strbuf_str(&sb));
		}
		section_end(d);
	}
	d->nowrap = 0;
	strbuf_release(&sb);
}

static int
render(struct doc *d, const struct packset *ps, const struct explain *e)
{
	switch (e->what) {
	case EXPLAIN_LIST:
		put_list(d, ps);
		break;
	case EXPLAIN_CODE:
		put_code(d, ps, e);
		break;
	case EXPLAIN_CAUSE:
		put_cause(d, ps, e->cause, 0);
		break;
	case EXPLAIN_CHECK:
		put_check(d, ps, e->check);
		break;
	}
	return ferror(d->f) ? -1 : 0;
}

int
explain_text(FILE *f, const struct packset *ps, const struct explain *e,
    int color)
{
	struct doc d;

	memset(&d, 0, sizeof d);
	d.f = f;
	d.color = color;
	return render(&d, ps, e);
}

int
explain_markdown(FILE *f, const struct packset *ps, const struct explain *e)
{
	struct doc d;

	memset(&d, 0, sizeof d);
	d.f = f;
	d.md = 1;
	return render(&d, ps, e);
}
