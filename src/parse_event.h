/*
 * Windows events, whatever export they come from: .evtx, wevtutil /f:xml,
 * Event Viewer "Save as XML", Event Viewer CSV, wevtutil /f:text.  One
 * builder gathers an event's system properties and data and emits it as a
 * record of one shape, so that a pattern reads every export the same way
 * ("provider Application Error, event 1000, AppName IaaSBcdrExtension.exe").
 *
 * The record:
 *   time    TimeCreated, UTC, for .evtx and XML; the export's wall clock
 *           (VM local time) for CSV and text
 *   level   ERROR (Critical, Error), WARNING, INFO (Information, 0 and
 *           Audit), VERBOSE
 *   fields  channel, provider, event_id (decimal, without qualifiers),
 *           level (as written: "2" or "Error"), task, computer, record_id,
 *           user; then each data item: <Data Name='AppName'> as "AppName",
 *           unnamed <Data> as param1, param2, ... in order, UserData
 *           leaves by element name, and "binary" for a <Binary> blob that
 *           decodes to text
 *   msg     the rendered message when the export carries one, then one
 *           "name=value" line per data item: a signal's regex finds a value
 *           whether the export rendered the message or not
 *   text    "<channel>/<provider> <event_id> <level>, record <n>: " and
 *           the msg on one line, for the evidence
 *
 * Ownership: the builder owns copies of everything set on it; the record
 * it emits points into it and is valid only during the sink call.
 */
#ifndef VMTRIAGE_PARSE_EVENT_H
#define VMTRIAGE_PARSE_EVENT_H

#include <stddef.h>

#include "parse.h"
#include "strbuf.h"
#include "timeparse.h"

/* An event's strings beyond this are cut, and the record marked cut. */
#define EVENT_BYTES_MAX (64 * 1024)

struct event {
	struct strbuf	 store;		/* names and values, NUL-terminated */
	size_t		 name_off[RECORD_FIELDS_MAX];
	size_t		 value_off[RECORD_FIELDS_MAX];
	unsigned	 nfields;
	unsigned	 ndata;		/* data items, for param<N> */
	size_t		 message_off;	/* SIZE_MAX: none */
	struct vtime	 time;
	unsigned long	 line;
	unsigned	 lines;
	int		 cut;
	struct strbuf	 msg;		/* built at emit */
	struct strbuf	 text;
};

void	event_init(struct event *);
/* Forgets the event, keeping the buffers. */
void	event_reset(struct event *);
void	event_release(struct event *);

/* A system property: channel, provider, event_id, level, task, computer,
 * record_id, user.  Setting one twice keeps the first. */
void	event_set(struct event *, const char *name, const char *value,
	    size_t len);
/* A data item; name NULL (or empty) for an unnamed one, which becomes
 * param<N>. */
void	event_add_data(struct event *, const char *name, const char *value,
	    size_t len);
/* The rendered message (RenderingInfo, CSV description, text
 * Description). */
void	event_set_message(struct event *, const char *, size_t);
void	event_set_time(struct event *, const struct vtime *);
/* The value of a field set so far, NULL if none. */
const char *event_get(const struct event *, const char *name);

/* Emits the event as a record through the parse context, then resets it.
 * An event with neither provider nor event_id is dropped. */
void	event_emit(struct event *, struct parse_ctx *);

/*
 * Fills the event (reset first) from the XML of one <Event> element, as
 * libevtx renders a record (parse_event_xml.c); does not emit it.  What
 * follows the first event is ignored.  Returns 0, or -1 when the XML
 * holds no well-formed event (the event is then reset).  Reuses one
 * parser per thread.
 */
int	event_from_xml(struct event *, const char *xml, size_t len);
/* Frees the calling thread's parser: a thread that ends calls it. */
void	event_from_xml_release(void);

/*
 * A date as the text and CSV exports write it, on the VM's clock:
 * ISO-8601 (local unless it says Z), US month-first
 * ("1/21/2026 8:01:56 PM") or German day-first ("21.01.2026 20:01:56"),
 * blanks around it ignored.  Returns 1 with *t set, 0 for anything else.
 */
int	event_export_time(const char *s, size_t n, struct vtime *t);
/* ERROR, WARNING, INFO, VERBOSE for a level as an event log writes it:
 * a number (1 to 5, 0) or an English name; NULL when unknown (a
 * localised name). */
const char *event_level_name(const char *, size_t);

#endif
