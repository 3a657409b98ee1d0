/*
 * Event Viewer's "Save All Events As... CSV (Comma Separated)":
 *
 *   Level,Date and Time,Source,Event ID,Task Category
 *   Error,1/21/2026 8:01:56 PM,Application Error,1000,(100),"Faulting ...
 *   ... the description, over as many lines as it has"
 *
 * RFC 4180 quoting; the description is a sixth column without a header.
 * The Security log's first column is Keywords ("Audit Success"); the
 * Event Viewer of Windows Server 2003 wrote Date,Time,Source,Type,
 * Category,Event,User,Computer,Description, with or without that header.
 * Dates are the VM's wall clock and are kept local.
 *
 * A quote that is never closed would make the rest of the file one
 * field.  A row is therefore held to EVENT_BYTES_MAX (what is past it is
 * read through, not kept), and a line that starts the way a row does
 * ("Error,1/21/2026 8:01:56 PM,") ends such a field: the damaged row is
 * kept, marked cut, and reading goes on from that line.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "parse_event.h"
#include "text.h"

/* Columns past this are folded into the last one, commas kept. */
#define CSV_COLS_MAX 24

enum col {
	C_NONE = 0,
	C_LEVEL,
	C_DATETIME,
	C_DATE,
	C_TIME,
	C_PROVIDER,
	C_EVENT_ID,
	C_TASK,
	C_USER,
	C_COMPUTER,
	C_MESSAGE,
};

static const struct {
	const char	*name;
	enum col	 col;
} headers[] = {
	{ "Level", C_LEVEL }, { "Keywords", C_LEVEL },
	{ "Date and Time", C_DATETIME }, { "Source", C_PROVIDER },
	{ "Event ID", C_EVENT_ID }, { "Task Category", C_TASK },
	/* German */
	{ "Ebene", C_LEVEL }, { "Schl\xc3\xbcsselw\xc3\xb6rter", C_LEVEL },
	{ "Datum und Uhrzeit", C_DATETIME }, { "Quelle", C_PROVIDER },
	{ "Ereignis-ID", C_EVENT_ID }, { "Aufgabenkategorie", C_TASK },
	/* Windows Server 2003 */
	{ "Date", C_DATE }, { "Time", C_TIME }, { "Type", C_LEVEL },
	{ "Category", C_TASK }, { "Event", C_EVENT_ID }, { "User", C_USER },
	{ "Computer", C_COMPUTER }, { "Description", C_MESSAGE },
};

static const enum col viewer_cols[] = {
	C_LEVEL, C_DATETIME, C_PROVIDER, C_EVENT_ID, C_TASK,
};
static const enum col legacy_cols[] = {
	C_DATE, C_TIME, C_PROVIDER, C_LEVEL, C_TASK, C_EVENT_ID, C_USER,
	C_COMPUTER, C_MESSAGE,
};

/* A row being read: its fields back to back in buf. */
struct csv_row {
	struct strbuf	 buf;
	size_t		 off[CSV_COLS_MAX];
	unsigned	 ncols;
	int		 open;
	int		 quoted;	/* inside a quoted field */
	int		 field_start;	/* nothing of the field read yet */
	int		 cut;
	unsigned long	 line;		/* first and last physical lines */
	unsigned long	 last;
};

struct csv {
	struct parse_ctx	*pc;
	struct event		 ev;
	struct csv_row		 row;
	struct strbuf		 msg;
	int			 have_layout;
	int			 failed;	/* not an event CSV */
	enum col		 cols[CSV_COLS_MAX];
	unsigned		 ncols;
	int			 extra_message;	/* columns past the layout
						   are the description */
	int			 resync;	/* rows start "Level,Time," */
	unsigned long		 events;
	unsigned long		 dropped;
	unsigned long		 first_dropped;
};

static void
row_add(struct csv_row *row, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (row->buf.len + n > EVENT_BYTES_MAX) {
		n = text_utf8_prefix(s, n, row->buf.len < EVENT_BYTES_MAX ?
		    EVENT_BYTES_MAX - row->buf.len : 0);
		row->cut = 1;
	}
	strbuf_add(&row->buf, s, n);
}

static void
row_begin(struct csv_row *row, unsigned long line)
{
	strbuf_reset(&row->buf);
	row->off[0] = 0;
	row->ncols = 1;
	row->open = 1;
	row->quoted = 0;
	row->field_start = 1;
	row->cut = 0;
	row->line = row->last = line;
}

static void
row_next_field(struct csv_row *row)
{
	row->field_start = 1;
	if (row->ncols == CSV_COLS_MAX) {
		row_add(row, ",", 1);
		return;
	}
	row->off[row->ncols++] = row->buf.len;
}

/* One physical line of the row; a line end inside quotes is data. */
static void
row_feed(struct csv_row *row, const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if (row->quoted) {
			for (k = i; k < n && s[k] != '"'; k++)
				;
			row_add(row, s + i, k - i);
			if (k == n)
				break;
			if (k + 1 < n && s[k + 1] == '"') {
				row_add(row, "\"", 1);
				i = k + 2;
			} else {
				row->quoted = 0;
				i = k + 1;
			}
			continue;
		}
		if (s[i] == '"' && row->field_start) {
			row->quoted = 1;
			row->field_start = 0;
			i++;
			continue;
		}
		if (s[i] == ',') {
			row_next_field(row);
			i++;
			continue;
		}
		row->field_start = 0;
		/* A quote inside an unquoted field is taken as written. */
		for (k = i + 1; k < n && s[k] != ',' && s[k] != '"'; k++)
			;
		row_add(row, s + i, k - i);
		i = k;
	}
	if (row->quoted)
		row_add(row, "\n", 1);
}

static void
row_field(const struct csv_row *row, unsigned i, const char **s, size_t *n)
{
	size_t end = i + 1 < row->ncols ? row->off[i + 1] : row->buf.len;

	*s = row->buf.buf != NULL ? row->buf.buf + row->off[i] : "";
	*n = end - row->off[i];
}

static int
row_blank(const struct csv_row *row)
{
	const char *s;
	size_t n;
	unsigned i;

	for (i = 0; i < row->ncols; i++) {
		row_field(row, i, &s, &n);
		text_trim(&s, &n);
		if (n > 0)
			return 0;
	}
	return 1;
}

static int
is_level(const char *s, size_t n)
{
	text_trim(&s, &n);
	return n > 0 && event_level_name(s, n) != NULL;
}

static int
is_number(const char *s, size_t n)
{
	size_t i;

	text_trim(&s, &n);
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

/* "1/21/2026" and "8:01:56 PM" in two columns (Windows Server 2003). */
static int
split_time(const char *d, size_t dn, const char *t, size_t tn,
    struct vtime *out)
{
	char buf[96];
	int k;

	text_trim(&d, &dn);
	text_trim(&t, &tn);
	if (dn + tn + 2 > sizeof buf)
		return 0;
	k = snprintf(buf, sizeof buf, "%.*s %.*s", (int)dn, d, (int)tn, t);
	return k > 0 && event_export_time(buf, (size_t)k, out);
}

static void
set_layout(struct csv *cv, const enum col *cols, unsigned n, int extra)
{
	memcpy(cv->cols, cols, n * sizeof cols[0]);
	cv->ncols = n;
	cv->extra_message = extra;
	cv->have_layout = 1;
	cv->resync = n >= 2 && cols[0] == C_LEVEL && cols[1] == C_DATETIME;
}

/*
 * Decides the layout from the first row.  Returns 1 if the row was a
 * header, 0 if it is an event (a file without a header).
 */
static int
layout_from(struct csv *cv)
{
	const struct csv_row *row = &cv->row;
	const char *a, *b, *s, *id;
	size_t an, bn, n, k, idn;
	struct vtime t;
	enum col c;
	unsigned i, named = 0, has_id = 0, has_msg = 0, ncols = row->ncols;

	row_field(row, 0, &a, &an);
	if (ncols > 1)
		row_field(row, 1, &b, &bn);
	else {
		b = "";
		bn = 0;
	}
	if (ncols >= 5) {
		row_field(row, 3, &id, &idn);
		/* A level in another language: the event ID tells. */
		if ((is_level(a, an) || is_number(id, idn)) &&
		    event_export_time(b, bn, &t)) {
			set_layout(cv, viewer_cols, 5, 1);
			return 0;
		}
	}
	if (ncols >= 9 && split_time(a, an, b, bn, &t)) {
		set_layout(cv, legacy_cols, 9, 1);
		return 0;
	}

	for (i = 0; i < ncols; i++) {
		row_field(row, i, &s, &n);
		text_trim(&s, &n);
		c = C_NONE;
		for (k = 0; k < sizeof headers / sizeof headers[0]; k++)
			if (strlen(headers[k].name) == n &&
			    strncasecmp(headers[k].name, s, n) == 0) {
				c = headers[k].col;
				break;
			}
		cv->cols[i] = c;
		named += c != C_NONE;
		has_id += c == C_PROVIDER || c == C_EVENT_ID;
		has_msg += c == C_MESSAGE;
	}
	/* A comma at the end of the header makes an empty sixth. */
	row_field(row, ncols - 1, &s, &n);
	text_trim(&s, &n);
	if (ncols == 6 && n == 0)
		ncols = 5;
	if (ncols == 5 && named < 5) {
		/* Event Viewer's five columns, in a language not known
		 * (where "Source" may still be a word of it). */
		set_layout(cv, viewer_cols, 5, 1);
		return 1;
	}
	if (has_id == 0) {
		cv->failed = 1;
		parse_skip(cv->pc, "not an event log CSV export: no Source or "
		    "Event ID column in the header");
		return 1;
	}
	cv->ncols = ncols;
	cv->extra_message = has_msg == 0 || cv->cols[ncols - 1] == C_MESSAGE;
	cv->have_layout = 1;
	cv->resync = ncols >= 2 && cv->cols[0] == C_LEVEL &&
	    cv->cols[1] == C_DATETIME;
	return 1;
}

/* A line that starts the way a row of this layout does. */
static int
looks_like_row(const struct csv *cv, const char *s, size_t n)
{
	const char *c1, *c2;
	struct vtime t;

	if (!cv->resync || (c1 = memchr(s, ',', n)) == NULL ||
	    !is_level(s, (size_t)(c1 - s)))
		return 0;
	c1++;
	if ((c2 = memchr(c1, ',', (size_t)(s + n - c1))) == NULL)
		return 0;
	return event_export_time(c1, (size_t)(c2 - c1), &t);
}

static void
row_event(struct csv *cv)
{
	static const char *const names[] = {
		[C_LEVEL] = "level", [C_PROVIDER] = "provider",
		[C_EVENT_ID] = "event_id", [C_TASK] = "task",
		[C_USER] = "user", [C_COMPUTER] = "computer",
	};
	const struct csv_row *row = &cv->row;
	struct event *ev = &cv->ev;
	const char *s, *date = NULL, *tm = NULL;
	size_t n, datelen = 0, tmlen = 0;
	unsigned i, nmsg = 0;
	struct vtime t;
	enum col c;

	event_reset(ev);
	ev->line = row->line;
	ev->lines = (unsigned)(row->last - row->line + 1);
	ev->cut = row->cut;
	strbuf_reset(&cv->msg);
	for (i = 0; i < row->ncols; i++) {
		row_field(row, i, &s, &n);
		c = i < cv->ncols ? cv->cols[i] :
		    cv->extra_message ? C_MESSAGE : C_NONE;
		switch (c) {
		case C_NONE:
			break;
		case C_MESSAGE:
			if (nmsg++ > 0)
				strbuf_addch(&cv->msg, ',');
			strbuf_add(&cv->msg, s, n);
			break;
		case C_DATETIME:
			text_trim(&s, &n);
			if (event_export_time(s, n, &t))
				event_set_time(ev, &t);
			else if (n > 0)
				/* A form not known: kept for the eye. */
				event_add_data(ev, "date", s, n);
			break;
		case C_DATE:
			date = s;
			datelen = n;
			break;
		case C_TIME:
			tm = s;
			tmlen = n;
			break;
		default:
			text_trim(&s, &n);
			if (n == 0 || (n == 3 && memcmp(s, "N/A", 3) == 0))
				break;
			event_set(ev, names[c], s, n);
			break;
		}
	}
	if (date != NULL) {
		if (split_time(date, datelen, tm != NULL ? tm : "", tmlen, &t))
			event_set_time(ev, &t);
		else
			event_add_data(ev, "date", date, datelen);
	}
	s = strbuf_str(&cv->msg);
	n = cv->msg.len;
	text_trim(&s, &n);
	if (n > 0)
		event_set_message(ev, s, n);

	if (event_get(ev, "provider") == NULL &&
	    event_get(ev, "event_id") == NULL) {
		if (cv->dropped++ == 0)
			cv->first_dropped = row->line;
		event_reset(ev);
		return;
	}
	if (row->cut)
		parse_skip(cv->pc, "line %lu: an event longer than %d bytes "
		    "was cut", row->line, EVENT_BYTES_MAX);
	event_emit(ev, cv->pc);
	cv->events++;
}

static void
row_done(struct csv *cv)
{
	cv->row.open = 0;
	if (row_blank(&cv->row))
		return;
	if (!cv->have_layout && layout_from(cv))
		return;
	row_event(cv);
}

void
parse_event_csv(struct parse_ctx *pc)
{
	struct csv cv;
	struct text_reader *tr;
	struct text_line l;
	unsigned long lines = 0;
	int r = 0;

	tr = text_reader_new(pc->stream, pc->limits->max_line);
	if (text_reader_binary(tr)) {
		parse_skip(pc, "binary data, not text");
		text_reader_free(tr);
		return;
	}
	memset(&cv, 0, sizeof cv);
	cv.pc = pc;
	event_init(&cv.ev);
	strbuf_init(&cv.row.buf, 0);
	strbuf_init(&cv.msg, EVENT_BYTES_MAX);

	while (!cv.failed && (r = text_reader_next(tr, &l)) == 1) {
		lines = l.lineno;
		if (l.cut)
			parse_skip(pc, "line %lu longer than %zu bytes: cut",
			    l.lineno, pc->limits->max_line);
		if (cv.row.open && looks_like_row(&cv, l.s, l.len)) {
			parse_skip(pc, "line %lu: a quoted field is not "
			    "closed; read again from line %lu", cv.row.line,
			    l.lineno);
			cv.row.cut = 1;
			row_done(&cv);
		}
		if (!cv.row.open)
			row_begin(&cv.row, l.lineno);
		cv.row.last = l.lineno;
		cv.row.cut |= l.cut;
		row_feed(&cv.row, l.s, l.len);
		if (!cv.row.quoted)
			row_done(&cv);
	}
	if (cv.failed)
		r = 0;
	else if (cv.row.open) {
		parse_skip(pc, "line %lu: a quoted field is not closed at the "
		    "end of the file", cv.row.line);
		cv.row.cut = 1;
		row_done(&cv);
	}

	if (r < 0)
		parse_skip(pc, "read stopped after line %lu: %s", lines,
		    mstream_error(pc->stream));
	else if (lines == 0)
		parse_skip(pc, "empty file");
	if (cv.dropped > 0)
		parse_skip(pc, "%lu row%s without source or event ID dropped, "
		    "the first at line %lu", cv.dropped,
		    cv.dropped > 1 ? "s" : "", cv.first_dropped);

	strbuf_release(&cv.msg);
	strbuf_release(&cv.row.buf);
	event_release(&cv.ev);
	text_reader_free(tr);
}
