/*
 * Windows events exported as text, in the three shapes bundles bring:
 *
 *   wevtutil qe System /f:text     Event[0]:
 *                                    Log Name: System
 *                                    Date: 2016-12-22T05:29:02.512
 *                                    ...
 *                                    Description:
 *                                  the message, unindented, to the next
 *                                  Event[N]:
 *   Event Viewer, "Copy details    Log Name:      Application
 *   as text", pasted one after     Date:          1/21/2026 8:01:56 PM
 *   another                        ...
 *                                  Description:
 *                                  the message
 *                                  Event Xml:
 *                                  <Event xmlns=...> ... </Event>
 *   libevtx evtxexport             Event number<TAB>: 2
 *                                  Written time<TAB>: Apr 21, 2021 09:27 UTC
 *                                  String: 1<TAB>: PSEXESVC
 *
 * wevtutil and Event Viewer write labels, level names and dates in the
 * host's language and the time on the VM's wall clock (kept local);
 * evtxexport writes English and UTC.  Labels are known in English and
 * German; an unknown one is passed over.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "parse_event.h"
#include "text.h"

enum shape {
	SHAPE_NONE = 0,
	SHAPE_WEVTUTIL,
	SHAPE_VIEWER,
	SHAPE_EVTXEXPORT,
};

enum state {
	ST_FIELDS,
	ST_DESCRIPTION,		/* lines are the message */
	ST_XML,			/* Event Viewer's "Event Xml:" */
};

enum prop {
	P_SKIP = 0,
	P_CHANNEL,
	P_PROVIDER,
	P_DATE,
	P_EVENT_ID,
	P_TASK,
	P_LEVEL,
	P_USER,
	P_COMPUTER,
	P_DESCRIPTION,
	P_XML,
	/* evtxexport */
	P_X_NUMBER,
	P_X_CREATED,
	P_X_WRITTEN,
	P_X_LEVEL,
	P_X_EVENT_ID,
	P_X_USER,
	P_X_COMPUTER,
	P_X_PROVIDER,
	P_X_CHANNEL,
	P_X_STRING,
	P_X_MESSAGE,
};

static const struct {
	const char	*label;
	enum prop	 prop;
} wv_labels[] = {
	{ "Log Name", P_CHANNEL }, { "Protokollname", P_CHANNEL },
	{ "Source", P_PROVIDER }, { "Quelle", P_PROVIDER },
	{ "Date", P_DATE }, { "Datum", P_DATE },
	{ "Event ID", P_EVENT_ID }, { "Ereignis-ID", P_EVENT_ID },
	{ "Task", P_TASK }, { "Task Category", P_TASK },
	{ "Aufgabe", P_TASK }, { "Aufgabenkategorie", P_TASK },
	{ "Level", P_LEVEL }, { "Ebene", P_LEVEL },
	{ "User", P_USER }, { "Benutzer", P_USER },
	{ "Computer", P_COMPUTER },
	{ "Description", P_DESCRIPTION }, { "Beschreibung", P_DESCRIPTION },
	{ "Event Xml", P_XML }, { "Ereignis-XML", P_XML },
}, x_labels[] = {
	/* libevtx evtxtools/export_handle.c */
	{ "Event number", P_X_NUMBER },
	{ "Creation time", P_X_CREATED },
	{ "Written time", P_X_WRITTEN },
	{ "Event level", P_X_LEVEL },
	{ "User security identifier", P_X_USER },
	{ "Computer name", P_X_COMPUTER },
	{ "Source name", P_X_PROVIDER },
	{ "Channel name", P_X_CHANNEL },
	{ "Event identifier", P_X_EVENT_ID },
	{ "Message string", P_X_MESSAGE },
};

struct text_export {
	struct parse_ctx	*pc;
	struct event		 ev;
	enum shape		 file_shape;	/* of the first block */
	enum shape		 shape;		/* of the open block */
	enum state		 state;
	struct strbuf		 value;		/* a value over several lines */
	struct strbuf		 xml;		/* a data item's text */
	unsigned		 vlines;	/* lines in value */
	enum prop		 pending;	/* what value is for */
	int			 have_created;
	unsigned long		 last;		/* last non-blank line */
	unsigned long		 dropped;	/* blocks that were no event */
	unsigned long		 first_dropped;
	unsigned long		 events;
};

/* "Apr 21, 2021 09:27:56.082509200 UTC" (libfdatetime's ctime form);
 * the FILETIME 0 of a record without a time, "Jan 01, 1601", is none. */
static int
evtxexport_time(const char *s, size_t n, struct vtime *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char buf[64], mon[4];
	const char *m;
	int d, y, h, mi, sec, used = 0, mo;
	int64_t us = 0, scale = 100000;
	size_t at;

	text_trim(&s, &n);
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (sscanf(buf, "%3s %2d, %4d %2d:%2d:%2d%n", mon, &d, &y, &h, &mi,
	    &sec, &used) != 6 || strlen(mon) != 3 ||
	    (m = strstr(months, mon)) == NULL || (m - months) % 3 != 0)
		return 0;
	mo = (int)(m - months) / 3 + 1;
	at = (size_t)used;
	if (at < n && buf[at] == '.')
		for (at++; at < n && isdigit((unsigned char)buf[at]); at++) {
			us += (buf[at] - '0') * scale;
			scale /= 10;
		}
	if (strcmp(buf + at, " UTC") != 0 || !vtime_civil_valid(y, mo, d, h, mi, sec))
		return 0;
	t->us = vtime_from_civil(y, mo, d, h, mi, sec) * 1000000 + us;
	t->zone = VTIME_UTC;
	return 1;
}

/* The decimal number in "Information (4)" or "0x00001b85 (7045)"; 0 if
 * there is none. */
static int
paren_number(const char *s, size_t n, unsigned long *out)
{
	const char *open, *p;
	unsigned long v = 0;

	if ((open = memchr(s, '(', n)) == NULL)
		return 0;
	for (p = open + 1; p < s + n && isdigit((unsigned char)*p); p++) {
		if (v > 0xffffffffUL / 10)
			return 0;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (p == open + 1 || p >= s + n || *p != ')')
		return 0;
	*out = v;
	return 1;
}

static enum prop
find_label(const char *s, size_t n, int evtxexport)
{
	size_t i;

	if (evtxexport) {
		if (n > 8 && strncmp(s, "String: ", 8) == 0)
			return P_X_STRING;
		for (i = 0; i < sizeof x_labels / sizeof x_labels[0]; i++)
			if (strlen(x_labels[i].label) == n &&
			    strncmp(x_labels[i].label, s, n) == 0)
				return x_labels[i].prop;
		return P_SKIP;
	}
	for (i = 0; i < sizeof wv_labels / sizeof wv_labels[0]; i++)
		if (strlen(wv_labels[i].label) == n &&
		    strncasecmp(wv_labels[i].label, s, n) == 0)
			return wv_labels[i].prop;
	return P_SKIP;
}

/*
 * "Label<TAB...>: value" (evtxexport) or "  Label:   value" (wevtutil,
 * Event Viewer).  Returns 1 with the label's property and the value.
 */
static int
split_label(const char *s, size_t n, int evtxexport, enum prop *prop,
    const char **val, size_t *vlen)
{
	const char *sep, *p, *end = s + n;
	size_t llen;

	if (evtxexport) {
		/* The label is padded with tabs (with spaces once an editor
		 * had the file); "String: 1" holds a colon of its own. */
		for (p = s; (p = memchr(p, ':', (size_t)(end - p))) != NULL;
		    p++) {
			for (sep = p; sep > s && (sep[-1] == ' ' ||
			    sep[-1] == '\t'); sep--)
				;
			if (sep > s && (memchr(sep, '\t', (size_t)(p - sep)) !=
			    NULL || p - sep >= 2))
				break;
		}
		if (p == NULL)
			return 0;
		llen = (size_t)(sep - s);
	} else {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if ((p = memchr(s, ':', (size_t)(end - s))) == NULL ||
		    p == s || p - s > 48)
			return 0;
		for (sep = p; sep > s && (sep[-1] == ' ' || sep[-1] == '\t');
		    sep--)
			;
		llen = (size_t)(sep - s);
	}
	*prop = find_label(s, llen, evtxexport);
	p++;
	if (evtxexport && p < end && *p == ' ')
		p++;
	*val = p;
	*vlen = (size_t)(end - p);
	if (!evtxexport)
		text_trim(val, vlen);
	return 1;
}

/* "Event[0]:", "Ereignis[12]:": wevtutil's head of an event. */
static int
is_wevtutil_head(const char *s, size_t n)
{
	const char *open;
	size_t i;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n < 5 || s[0] == ' ' || s[0] == '\t' || s[n - 1] != ':' ||
	    s[n - 2] != ']')
		return 0;
	if ((open = memchr(s, '[', n)) == NULL || open == s || open - s > 40 ||
	    memchr(s, ':', (size_t)(open - s)) != NULL)
		return 0;
	for (i = (size_t)(open - s) + 1; i < n - 2; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return i > (size_t)(open - s) + 1;
}

/* Appends a line of a value over several lines, within the event's
 * bound. */
static void
value_line(struct text_export *te, const char *s, size_t n)
{
	if (te->vlines == 0 && text_blank(s, n))
		return;
	if (te->vlines > 0)
		strbuf_addch(&te->value, '\n');
	if (te->value.len + n > EVENT_BYTES_MAX) {
		/* Cut where a character ends; the strbuf marks it. */
		n = text_utf8_prefix(s, n, te->value.len < EVENT_BYTES_MAX ?
		    EVENT_BYTES_MAX - te->value.len : 0);
		te->value.truncated = 1;
	}
	strbuf_add(&te->value, s, n);
	te->vlines++;
}

static void
flush_value(struct text_export *te)
{
	size_t n = te->value.len;
	const char *s = strbuf_str(&te->value);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		n--;
	if (te->value.truncated)
		te->ev.cut = 1;
	switch (te->pending) {
	case P_DESCRIPTION:
	case P_X_MESSAGE:
		if (n > 0)
			event_set_message(&te->ev, s, n);
		break;
	case P_X_STRING:
		event_add_data(&te->ev, NULL, s, n);
		break;
	default:
		break;
	}
	te->pending = P_SKIP;
	strbuf_reset(&te->value);
	te->vlines = 0;
}

static void
block_end(struct text_export *te)
{
	if (te->shape == SHAPE_NONE)
		return;
	flush_value(te);
	if (event_get(&te->ev, "provider") == NULL &&
	    event_get(&te->ev, "event_id") == NULL) {
		if (te->dropped++ == 0)
			te->first_dropped = te->ev.line;
		event_reset(&te->ev);
	} else {
		te->ev.lines = (unsigned)(te->last - te->ev.line + 1);
		event_emit(&te->ev, te->pc);
		te->events++;
	}
	te->shape = SHAPE_NONE;
}

static void
block_begin(struct text_export *te, enum shape shape,
    const struct text_line *l)
{
	block_end(te);
	event_reset(&te->ev);
	te->ev.line = l->lineno;
	te->ev.cut = l->cut;
	te->last = l->lineno;
	te->shape = shape;
	te->state = ST_FIELDS;
	te->have_created = 0;
	if (te->file_shape == SHAPE_NONE)
		te->file_shape = shape;
}

static void
set_number(struct text_export *te, const char *name, unsigned long v)
{
	char num[24];

	snprintf(num, sizeof num, "%lu", v);
	event_set(&te->ev, name, num, strlen(num));
}

static void
set_prop(struct text_export *te, enum prop prop, const char *v, size_t n)
{
	static const char *const names[] = {
		[P_CHANNEL] = "channel", [P_PROVIDER] = "provider",
		[P_EVENT_ID] = "event_id", [P_TASK] = "task",
		[P_LEVEL] = "level", [P_USER] = "user",
		[P_COMPUTER] = "computer", [P_X_NUMBER] = "record_id",
		[P_X_USER] = "user", [P_X_COMPUTER] = "computer",
		[P_X_PROVIDER] = "provider", [P_X_CHANNEL] = "channel",
	};
	struct vtime t;
	unsigned long num;

	flush_value(te);
	switch (prop) {
	case P_SKIP:
		break;
	case P_DATE:
		if (event_export_time(v, n, &t))
			event_set_time(&te->ev, &t);
		else if (n > 0)
			/* A date in a form not known: kept for the eye. */
			event_add_data(&te->ev, "date", v, n);
		break;
	case P_DESCRIPTION:
		te->pending = P_DESCRIPTION;
		te->state = ST_DESCRIPTION;
		value_line(te, v, n);
		break;
	case P_XML:
		te->state = ST_XML;
		break;
	case P_X_CREATED:
		if (evtxexport_time(v, n, &t)) {
			event_set_time(&te->ev, &t);
			te->have_created = 1;
		}
		break;
	case P_X_WRITTEN:
		/* The record header's time: TimeCreated is the event's. */
		if (!te->have_created && evtxexport_time(v, n, &t))
			event_set_time(&te->ev, &t);
		break;
	case P_X_LEVEL:
		if (paren_number(v, n, &num))
			set_number(te, "level", num);
		else
			event_set(&te->ev, "level", v, n);
		break;
	case P_X_EVENT_ID:
		/* A classic event's identifier may carry its qualifiers in
		 * the high word. */
		if (paren_number(v, n, &num))
			set_number(te, "event_id", num & 0xffff);
		break;
	case P_X_STRING:
	case P_X_MESSAGE:
		te->pending = prop;
		value_line(te, v, n);
		/* An empty first line still counts: the string may go on. */
		te->vlines = 1;
		break;
	default:
		text_trim(&v, &n);
		/* wevtutil's mark for a property the event does not have. */
		if (n == 0 || (n == 3 && memcmp(v, "N/A", 3) == 0))
			break;
		if (prop < sizeof names / sizeof names[0] &&
		    names[prop] != NULL)
			event_set(&te->ev, names[prop], v, n);
		break;
	}
}

/* Decodes the five predefined XML entities of v into out. */
static void
xml_text(struct strbuf *out, const char *v, size_t n)
{
	static const struct {
		const char	*ent;
		char		 c;
	} ents[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	size_t i, k, len;

	strbuf_reset(out);
	for (i = 0; i < n; i++) {
		if (v[i] == '&')
			for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
				len = strlen(ents[k].ent);
				if (n - i >= len &&
				    memcmp(v + i, ents[k].ent, len) == 0) {
					strbuf_addch(out, ents[k].c);
					i += len - 1;
					goto next;
				}
			}
		strbuf_addch(out, v[i]);
next:		;
	}
}

static const char *
find(const char *s, const char *end, const char *needle)
{
	size_t k = strlen(needle);

	for (; s + k <= end; s++)
		if (*s == *needle && memcmp(s, needle, k) == 0)
			return s;
	return NULL;
}

/*
 * A line of the Event Xml that Event Viewer appends to a copy: the
 * record number and the data items, each on its line as the XML view
 * prints them.  Nothing else of the XML is read; an item over several
 * lines is passed over.
 */
static void
xml_line(struct text_export *te, const char *s, size_t n)
{
	const char *end = s + n, *p, *q, *close;
	char name[128];
	char quote;

	if ((p = find(s, end, "<EventRecordID>")) != NULL) {
		p += 15;
		for (q = p; q < end && isdigit((unsigned char)*q); q++)
			;
		if (q > p && q < end && *q == '<')
			event_set(&te->ev, "record_id", p, (size_t)(q - p));
	}
	for (p = s; (p = find(p, end, "<Data")) != NULL; ) {
		p += 5;
		if (p >= end || (*p != ' ' && *p != '>' && *p != '/'))
			continue;
		name[0] = '\0';
		while (p < end && *p == ' ')
			p++;
		if (end - p > 6 && memcmp(p, "Name=", 5) == 0 &&
		    (p[5] == '"' || p[5] == '\'')) {
			quote = p[5];
			p += 6;
			if ((q = memchr(p, quote, (size_t)(end - p))) == NULL)
				break;
			text_cut(name, sizeof name, p, (size_t)(q - p));
			p = q + 1;
		}
		while (p < end && *p == ' ')
			p++;
		if (end - p >= 2 && p[0] == '/' && p[1] == '>') {
			event_add_data(&te->ev, name, "", 0);
			p += 2;
			continue;
		}
		if (p >= end || *p != '>' ||
		    (close = find(p + 1, end, "</Data>")) == NULL)
			continue;
		xml_text(&te->xml, p + 1, (size_t)(close - p - 1));
		event_add_data(&te->ev, name, strbuf_str(&te->xml),
		    te->xml.len);
		p = close + 7;
	}
}

static void
text_line(struct text_export *te, const struct text_line *l)
{
	const char *s = l->s, *v;
	size_t n = l->len, vn;
	enum prop prop;
	int at_margin = n > 0 && s[0] != ' ' && s[0] != '\t';

	/* The heads of the three shapes. */
	if (is_wevtutil_head(s, n)) {
		block_begin(te, SHAPE_WEVTUTIL, l);
		return;
	}
	if (split_label(s, n, 1, &prop, &v, &vn) && prop == P_X_NUMBER) {
		block_begin(te, SHAPE_EVTXEXPORT, l);
		set_prop(te, prop, v, vn);
		return;
	}
	if (te->file_shape != SHAPE_WEVTUTIL && at_margin &&
	    split_label(s, n, 0, &prop, &v, &vn) && prop == P_CHANNEL) {
		block_begin(te, SHAPE_VIEWER, l);
		set_prop(te, prop, v, vn);
		return;
	}
	/* A banner, or text before the first event. */
	if (te->shape == SHAPE_NONE)
		return;
	if (!text_blank(s, n))
		te->last = l->lineno;
	if (l->cut)
		te->ev.cut = 1;

	switch (te->state) {
	case ST_DESCRIPTION:
		if (te->shape == SHAPE_VIEWER && at_margin &&
		    split_label(s, n, 0, &prop, &v, &vn) && prop == P_XML) {
			set_prop(te, prop, v, vn);
			return;
		}
		value_line(te, s, n);
		return;
	case ST_XML:
		xml_line(te, s, n);
		return;
	case ST_FIELDS:
		break;
	}
	if (te->shape == SHAPE_EVTXEXPORT) {
		if (split_label(s, n, 1, &prop, &v, &vn))
			set_prop(te, prop, v, vn);
		else if (te->pending != P_SKIP)
			value_line(te, s, n);
		return;
	}
	if (split_label(s, n, 0, &prop, &v, &vn))
		set_prop(te, prop, v, vn);
}

void
parse_event_text(struct parse_ctx *pc)
{
	struct text_export te;
	struct text_reader *tr;
	struct text_line l;
	unsigned long nlines = 0, lineno = 0;
	int r;

	tr = text_reader_new(pc->stream, pc->limits->max_line);
	if (text_reader_binary(tr)) {
		parse_skip(pc, "binary data, not text");
		text_reader_free(tr);
		return;
	}
	memset(&te, 0, sizeof te);
	te.pc = pc;
	event_init(&te.ev);
	strbuf_init(&te.value, EVENT_BYTES_MAX);
	strbuf_init(&te.xml, EVENT_BYTES_MAX);

	while ((r = text_reader_next(tr, &l)) == 1) {
		lineno = l.lineno;
		if (!text_blank(l.s, l.len))
			nlines++;
		text_line(&te, &l);
	}
	block_end(&te);

	if (r < 0)
		parse_skip(pc, "read stopped after line %lu: %s", lineno,
		    mstream_error(pc->stream));
	else if (nlines == 0)
		parse_skip(pc, "empty file");
	else if (te.events == 0 && te.dropped == 0)
		parse_skip(pc, "no event found: not wevtutil, Event Viewer "
		    "or evtxexport text");
	if (te.dropped > 0)
		parse_skip(pc, "%lu event%s without source or event ID "
		    "dropped, the first at line %lu", te.dropped,
		    te.dropped > 1 ? "s" : "", te.first_dropped);

	strbuf_release(&te.value);
	strbuf_release(&te.xml);
	event_release(&te.ev);
	text_reader_free(tr);
}
