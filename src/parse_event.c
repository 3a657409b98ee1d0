/*
 * The one shape of a Windows event record, shared by every export's
 * parser (see parse_event.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse_event.h"
#include "text.h"

void
event_init(struct event *ev)
{
	memset(ev, 0, sizeof *ev);
	/* store() keeps the event under EVENT_BYTES_MAX itself. */
	strbuf_init(&ev->store, 0);
	strbuf_init(&ev->msg, EVENT_BYTES_MAX + 1024);
	strbuf_init(&ev->text, EVENT_BYTES_MAX + 1024);
	event_reset(ev);
}

void
event_reset(struct event *ev)
{
	strbuf_reset(&ev->store);
	ev->nfields = 0;
	ev->ndata = 0;
	ev->message_off = SIZE_MAX;
	ev->time.us = 0;
	ev->time.zone = VTIME_NONE;
	ev->line = 0;
	ev->lines = 0;
	ev->cut = 0;
}

void
event_release(struct event *ev)
{
	strbuf_release(&ev->store);
	strbuf_release(&ev->msg);
	strbuf_release(&ev->text);
}

/* Copies s into the store; returns its offset, or SIZE_MAX when the
 * event is full (the event is then marked cut). */
static size_t
store(struct event *ev, const char *s, size_t n)
{
	size_t off = ev->store.len;

	if (off + n + 1 > EVENT_BYTES_MAX) {
		ev->cut = 1;
		if (off + 1 >= EVENT_BYTES_MAX)
			return SIZE_MAX;
		n = text_utf8_prefix(s, n, EVENT_BYTES_MAX - off - 1);
	}
	strbuf_add(&ev->store, s, n);
	strbuf_addch(&ev->store, '\0');
	return off;
}

static const char *
at(const struct event *ev, size_t off)
{
	return ev->store.buf + off;
}

const char *
event_get(const struct event *ev, const char *name)
{
	unsigned i;

	for (i = 0; i < ev->nfields; i++)
		if (strcmp(at(ev, ev->name_off[i]), name) == 0)
			return at(ev, ev->value_off[i]);
	return NULL;
}

static void
add_field(struct event *ev, const char *name, size_t nlen, const char *value,
    size_t len)
{
	size_t no, vo;

	if (ev->nfields >= RECORD_FIELDS_MAX) {
		ev->cut = 1;
		return;
	}
	if ((no = store(ev, name, nlen)) == SIZE_MAX ||
	    (vo = store(ev, value, len)) == SIZE_MAX)
		return;
	ev->name_off[ev->nfields] = no;
	ev->value_off[ev->nfields] = vo;
	ev->nfields++;
}

void
event_set(struct event *ev, const char *name, const char *value, size_t len)
{
	if (event_get(ev, name) != NULL)
		return;
	add_field(ev, name, strlen(name), value, len);
}

void
event_add_data(struct event *ev, const char *name, const char *value,
    size_t len)
{
	char param[32];

	ev->ndata++;
	if (name == NULL || *name == '\0') {
		snprintf(param, sizeof param, "param%u", ev->ndata);
		name = param;
	}
	add_field(ev, name, strlen(name), value, len);
}

void
event_set_message(struct event *ev, const char *s, size_t n)
{
	if (ev->message_off == SIZE_MAX)
		ev->message_off = store(ev, s, n);
}

void
event_set_time(struct event *ev, const struct vtime *t)
{
	ev->time = *t;
}

const char *
event_level_name(const char *s, size_t n)
{
	static const struct {
		const char	*word;
		const char	*level;
	} words[] = {
		{ "1", "ERROR" }, { "2", "ERROR" }, { "3", "WARNING" },
		{ "4", "INFO" }, { "0", "INFO" }, { "5", "VERBOSE" },
		{ "Critical", "ERROR" }, { "Error", "ERROR" },
		{ "Warning", "WARNING" }, { "Information", "INFO" },
		{ "Verbose", "VERBOSE" }, { "Audit Success", "INFO" },
		{ "Audit Failure", "WARNING" },
	};
	size_t i;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i].word) == n &&
		    strncasecmp(words[i].word, s, n) == 0)
			return words[i].level;
	return NULL;
}

int
event_export_time(const char *s, size_t n, struct vtime *t)
{
	text_trim(&s, &n);
	return n > 0 && (timeparse_us(s, n, t) == n ||
	    timeparse_prefix(s, n, t, NULL) == n ||
	    timeparse_dotted(s, n, t) == n);
}

/* System properties are not data: they stay out of msg. */
static int
is_system(const char *name)
{
	static const char *const sys[] = {
		"channel", "provider", "event_id", "level", "task",
		"computer", "record_id", "user",
	};
	size_t i;

	for (i = 0; i < sizeof sys / sizeof sys[0]; i++)
		if (strcmp(name, sys[i]) == 0)
			return 1;
	return 0;
}

/* Appends s with line ends folded to "; ", for the one-line text. */
static void
add_folded(struct strbuf *b, const char *s)
{
	int gap = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r') {
			gap = 1;
			continue;
		}
		if (gap && b->len > 0)
			strbuf_addstr(b, "; ");
		gap = 0;
		strbuf_addch(b, *s);
	}
}

void
event_emit(struct event *ev, struct parse_ctx *pc)
{
	struct record r;
	const char *provider, *id, *channel, *level, *rec, *name;
	unsigned i;

	provider = event_get(ev, "provider");
	id = event_get(ev, "event_id");
	if (provider == NULL && id == NULL) {
		event_reset(ev);
		return;
	}
	strbuf_reset(&ev->msg);
	if (ev->message_off != SIZE_MAX)
		strbuf_addstr(&ev->msg, at(ev, ev->message_off));
	for (i = 0; i < ev->nfields; i++) {
		name = at(ev, ev->name_off[i]);
		if (is_system(name))
			continue;
		if (ev->msg.len > 0)
			strbuf_addch(&ev->msg, '\n');
		strbuf_addf(&ev->msg, "%s=%s", name, at(ev, ev->value_off[i]));
	}

	channel = event_get(ev, "channel");
	level = event_get(ev, "level");
	rec = event_get(ev, "record_id");
	strbuf_reset(&ev->text);
	strbuf_addf(&ev->text, "%s%s%s %s", channel != NULL ? channel : "",
	    channel != NULL ? "/" : "", provider != NULL ? provider : "?",
	    id != NULL ? id : "?");
	if (level != NULL)
		strbuf_addf(&ev->text, " %s",
		    event_level_name(level, strlen(level)) != NULL ?
		    event_level_name(level, strlen(level)) : level);
	if (rec != NULL)
		strbuf_addf(&ev->text, ", record %s", rec);
	strbuf_addstr(&ev->text, ": ");
	add_folded(&ev->text, strbuf_str(&ev->msg));

	memset(&r, 0, sizeof r);
	r.line = ev->line;
	r.lines = ev->lines > 0 ? ev->lines : 1;
	r.time = ev->time;
	r.level = level != NULL ? event_level_name(level, strlen(level)) : NULL;
	r.text = strbuf_str(&ev->text);
	r.text_len = ev->text.len;
	r.msg = strbuf_str(&ev->msg);
	r.msg_len = ev->msg.len;
	for (i = 0; i < ev->nfields; i++)
		record_add_field(&r, at(ev, ev->name_off[i]),
		    at(ev, ev->value_off[i]));
	r.cut = ev->cut;
	parse_emit(pc, &r);
	event_reset(ev);
}
