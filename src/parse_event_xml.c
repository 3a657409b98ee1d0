/*
 * Windows events as XML: wevtutil qe /f:xml and /f:RenderedXml (one
 * <Event> after another, no root element, often no line break), Event
 * Viewer "Save as XML" (an <Events> root), libevtx's evtxexport -f xml
 * (indented, after a banner line), in UTF-8 or UTF-16; and, through
 * event_from_xml(), the XML libevtx renders for each record of an .evtx.
 *
 * libxml2 reads them with SAX, in a push parser fed in blocks, so that
 * memory stays bounded whatever the size of the export.  An export has
 * no root element, or text before it: the parser is fed a start tag of
 * our own first, which makes the stream one document and the banner
 * text of its root, and the matching end tag last.  The XML declaration,
 * which may not follow that tag, is blanked (the bytes are UTF-8 by
 * then, whatever it declared).
 *
 * The files come from customers: no network, no DTD loading, no entity
 * substitution, and a document with a DOCTYPE is refused before its
 * internal subset (where entities would be declared) is read.  libxml2's
 * errors go to a structured handler, never to stderr.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "bundle.h"
#include "parse_event.h"
#include "text.h"
#include "xalloc.h"

#define READ_CHUNK	16384
/* Enough of the start to hold the XML declaration and a DOCTYPE. */
#define HEAD_MIN	4096
#define WRAP_OPEN	"<vmtriage-events>"
#define WRAP_CLOSE	"</vmtriage-events>"
/* A parser context reused for event_from_xml() is renewed after this
 * many events, so that its dictionary of names cannot grow forever. */
#define REUSE_MAX	4096
/* libxml2's push parser keeps a stack of open elements without the
 * limit its other parsers have. */
#define DEPTH_MAX	256

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_ptr;
#else
typedef xmlErrorPtr xml_error_ptr;
#endif

enum section {
	SEC_NONE = 0,
	SEC_SYSTEM,
	SEC_EVENTDATA,
	SEC_USERDATA,		/* and ProcessingErrorData: leaves by name */
	SEC_RENDERING,
	SEC_OTHER,
};

enum target {
	TGT_NONE = 0,
	TGT_SYSTEM,		/* a system property's text: sysname */
	TGT_DATA,		/* <Data>: name if named */
	TGT_BINARY,
	TGT_MESSAGE,
	TGT_LEAF,		/* a UserData element, until a child starts */
};

/* What the SAX callbacks know between calls. */
struct exml {
	xmlParserCtxtPtr	 ctxt;
	struct event		*ev;
	struct parse_ctx	*pc;	/* NULL: one event, not emitted */
	unsigned long		 events;	/* complete events */
	unsigned		 open;	/* elements open, the wrapper included */
	int			 in_event;
	int			 done;	/* one-event mode: the event is read */
	unsigned		 depth;	/* in the event: 0 is <Event> */
	enum section		 sec;
	enum target		 tgt;
	unsigned		 tgt_depth;
	const char		*sysname;
	char			 name[128];	/* Data Name, or leaf element */
	int			 named;
	struct strbuf		 val;	/* the text being collected */
	struct strbuf		 tmp;
	int			 dtd;	/* a DOCTYPE was refused */
	int			 err_line;
	int			 err_fatal;
	char			 err_msg[256];
};

static void
exml_init(struct exml *st)
{
	memset(st, 0, sizeof *st);
	strbuf_init(&st->val, EVENT_BYTES_MAX);
	strbuf_init(&st->tmp, 0);
}

static void
exml_release(struct exml *st)
{
	strbuf_release(&st->val);
	strbuf_release(&st->tmp);
}

/* Ready for the next document (event_from_xml). */
static void
exml_restart(struct exml *st)
{
	st->in_event = 0;
	st->done = 0;
	st->depth = 0;
	st->sec = SEC_NONE;
	st->tgt = TGT_NONE;
	st->dtd = 0;
	st->err_line = 0;
	st->err_fatal = 0;
	st->err_msg[0] = '\0';
	st->open = 0;
}

/* Local names compared without a prefix's namespace: writers differ. */
static int
is(const xmlChar *name, const char *s)
{
	return strcmp((const char *)name, s) == 0;
}

/* The value of an attribute by local name, as a pointer and a length. */
static int
attr(const xmlChar **attrs, int nattrs, const char *name, const char **v,
    size_t *n)
{
	int i;

	for (i = 0; i < nattrs; i++) {
		if (!is(attrs[5 * i], name))
			continue;
		*v = (const char *)attrs[5 * i + 3];
		*n = (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]);
		return 1;
	}
	return 0;
}

/*
 * Copies s into st->tmp without U+200E (LEFT-TO-RIGHT MARK, which the
 * classic 6008 event puts inside its dates), optionally trimmed of
 * blanks, and cut at a UTF-8 boundary if the value was cut.
 */
static void
clean(struct exml *st, const char *s, size_t n, int trim)
{
	const char *p, *end;

	if (s == NULL)
		s = "";
	end = s + n;
	strbuf_reset(&st->tmp);
	if (trim) {
		while (s < end && isspace((unsigned char)*s))
			s++;
		while (end > s && isspace((unsigned char)end[-1]))
			end--;
	}
	while (s < end) {
		p = memmem(s, (size_t)(end - s), "\xe2\x80\x8e", 3);
		if (p == NULL)
			p = end;
		strbuf_add(&st->tmp, s, (size_t)(p - s));
		s = p < end ? p + 3 : end;
	}
}

static void
set_sys(struct exml *st, const char *name, const char *s, size_t n)
{
	clean(st, s, n, 1);
	event_set(st->ev, name, st->tmp.buf != NULL ? st->tmp.buf : "",
	    st->tmp.len);
}

/*
 * EventID is 16 bits; some writers fold the qualifiers into it
 * (0xC0001B77 for SCM 7031 as 3221232503): the low 16 bits are the id.
 */
static void
set_event_id(struct exml *st, const char *s, size_t n)
{
	char num[16];
	unsigned long long v = 0;
	size_t i;

	clean(st, s, n, 1);
	for (i = 0; i < st->tmp.len && i < 12; i++) {
		if (!isdigit((unsigned char)st->tmp.buf[i]))
			break;
		v = v * 10 + (unsigned)(st->tmp.buf[i] - '0');
	}
	if (i == 0 || i != st->tmp.len) {
		event_set(st->ev, "event_id", strbuf_str(&st->tmp),
		    st->tmp.len);
		return;
	}
	if (v > 0xffff && v <= 0xffffffffULL)
		v &= 0xffff;
	snprintf(num, sizeof num, "%llu", v);
	event_set(st->ev, "event_id", num, strlen(num));
}

/* SystemTime, else RawTime (a FILETIME: 100 ns since 1601). */
static void
set_time(struct exml *st, const xmlChar **attrs, int nattrs)
{
	struct vtime t;
	const char *v;
	size_t n;
	unsigned long long ft = 0;
	size_t i;

	if (attr(attrs, nattrs, "SystemTime", &v, &n)) {
		clean(st, v, n, 1);
		if (timeparse_string(strbuf_str(&st->tmp), &t) == 0) {
			t.zone = VTIME_UTC;
			event_set_time(st->ev, &t);
		}
		return;
	}
	if (!attr(attrs, nattrs, "RawTime", &v, &n) || n == 0 || n > 19)
		return;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)v[i]))
			return;
		ft = ft * 10 + (unsigned)(v[i] - '0');
	}
	/* 11644473600 s from 1601 to 1970. */
	if (ft < 116444736000000000ULL)
		return;
	t.us = (int64_t)((ft - 116444736000000000ULL) / 10);
	t.zone = VTIME_UTC;
	event_set_time(st->ev, &t);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
put_utf8(struct strbuf *b, unsigned cp)
{
	if (cp < 0x80)
		strbuf_addch(b, (int)cp);
	else if (cp < 0x800) {
		strbuf_addch(b, (int)(0xc0 | cp >> 6));
		strbuf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(b, (int)(0xe0 | cp >> 12));
		strbuf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(b, (int)(0xf0 | cp >> 18));
		strbuf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(b, (int)(0x80 | (cp & 0x3f)));
	}
}

static int
printable(unsigned c)
{
	return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 &&
	    c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0xfffe &&
	    c != 0xffff);
}

/*
 * Text in a <Binary> blob as UTF-8 in out: UTF-16LE (the service key
 * of SCM 7036, "MSDTC", the NUL-separated strings of EventLog 6009) or
 * ASCII (VSS diagnostics).  A run of NULs inside becomes a space, NULs
 * at the end go.  Returns 0 when the bytes are not such text.  UTF-16
 * must be mostly ASCII characters, or any even run of bytes would pass
 * as CJK.
 */
static int
binary_text(const unsigned char *b, size_t n, struct strbuf *out)
{
	size_t i, m, ascii = 0, units = 0, nuls = 0;
	unsigned u, lo;
	int gap = 0;

	strbuf_reset(out);
	m = n & ~(size_t)1;
	while (m >= 2 && b[m - 2] == 0 && b[m - 1] == 0)
		m -= 2;
	for (i = 0; i + 1 < m; i += 2) {
		u = b[i] | (unsigned)b[i + 1] << 8;
		if (u == 0) {
			nuls++;
			gap = 1;
			continue;
		}
		if (gap)
			strbuf_addch(out, ' ');
		gap = 0;
		if (u >= 0xd800 && u <= 0xdbff && i + 3 < m) {
			lo = b[i + 2] | (unsigned)b[i + 3] << 8;
			if (lo < 0xdc00 || lo > 0xdfff)
				break;
			put_utf8(out, 0x10000 + ((u - 0xd800) << 10) +
			    (lo - 0xdc00));
			i += 2;
			units++;
			continue;
		}
		if ((u >= 0xd800 && u <= 0xdfff) || !printable(u))
			break;
		ascii += u < 0x80;
		units++;
		put_utf8(out, u);
	}
	if (units > 0 && i >= m && ascii * 2 >= units && units >= 2 * nuls)
		return 1;

	strbuf_reset(out);
	m = n;
	while (m > 0 && b[m - 1] == 0)
		m--;
	units = nuls = 0;
	gap = 0;
	for (i = 0; i < m; i++) {
		if (b[i] == 0) {
			nuls++;
			gap = 1;
			continue;
		}
		if (b[i] >= 0x80 || !printable(b[i]))
			return 0;
		if (gap)
			strbuf_addch(out, ' ');
		gap = 0;
		strbuf_addch(out, b[i]);
		units++;
	}
	return units > 0 && units >= 2 * nuls;
}

/* Decodes the hex text of <Binary> in place, adds it as "binary" if it
 * is text. */
static void
add_binary(struct exml *st)
{
	unsigned char *b = (unsigned char *)st->val.buf;
	size_t i, n = 0;
	int hi = -1, v;

	for (i = 0; i < st->val.len; i++) {
		if ((v = hexval((unsigned char)st->val.buf[i])) < 0) {
			if (isspace((unsigned char)st->val.buf[i]))
				continue;
			return;
		}
		if (hi < 0)
			hi = v;
		else {
			b[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
	}
	if (binary_text(b, n, &st->tmp) == 0)
		return;
	strbuf_reset(&st->val);
	strbuf_add(&st->val, st->tmp.buf, st->tmp.len);
	clean(st, st->val.buf, st->val.len, 0);
	event_add_data(st->ev, "binary", strbuf_str(&st->tmp), st->tmp.len);
}

/* The collected text, cut at a character if it was cut. */
static void
val_finish(struct exml *st)
{
	if (!st->val.truncated)
		return;
	st->ev->cut = 1;
	st->val.len = text_utf8_prefix(st->val.buf, st->val.len,
	    st->val.len);
	st->val.buf[st->val.len] = '\0';
}

/* A data item's name, cut between characters. */
static void
set_name(struct exml *st, const char *s, size_t n)
{
	n = text_utf8_prefix(s, n, sizeof st->name - 1);
	memcpy(st->name, s, n);
	st->name[n] = '\0';
}

static void
collect(struct exml *st, enum target tgt)
{
	st->tgt = tgt;
	st->tgt_depth = st->depth;
	strbuf_reset(&st->val);
}

static void
on_start(void *arg, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct exml *st = arg;
	const char *v;
	size_t n;

	(void)prefix;
	(void)uri;
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	if (++st->open > DEPTH_MAX) {
		if (!st->err_fatal) {
			st->err_line = xmlSAX2GetLineNumber(st->ctxt);
			snprintf(st->err_msg, sizeof st->err_msg, "elements "
			    "nested more than %d deep", DEPTH_MAX);
			st->err_fatal = 1;
		}
		xmlStopParser(st->ctxt);
		return;
	}
	if (!st->in_event) {
		if (st->done || !is(name, "Event"))
			return;
		st->in_event = 1;
		st->depth = 0;
		st->sec = SEC_NONE;
		st->tgt = TGT_NONE;
		event_reset(st->ev);
		if (st->pc != NULL)
			st->ev->line = (unsigned long)
			    xmlSAX2GetLineNumber(st->ctxt);
		return;
	}
	st->depth++;
	if (st->tgt == TGT_LEAF)
		st->tgt = TGT_NONE;	/* it has a child: not a leaf */
	if (st->depth == 1) {
		if (is(name, "System"))
			st->sec = SEC_SYSTEM;
		else if (is(name, "EventData"))
			st->sec = SEC_EVENTDATA;
		else if (is(name, "UserData") ||
		    is(name, "ProcessingErrorData"))
			st->sec = SEC_USERDATA;
		else if (is(name, "RenderingInfo"))
			st->sec = SEC_RENDERING;
		else
			st->sec = SEC_OTHER;
		return;
	}
	if (st->sec == SEC_USERDATA) {
		set_name(st, (const char *)name, strlen((const char *)name));
		collect(st, TGT_LEAF);
		return;
	}
	if (st->depth != 2 || st->tgt != TGT_NONE)
		return;
	switch (st->sec) {
	case SEC_SYSTEM:
		if (is(name, "Provider")) {
			if ((attr(attrs, nattrs, "Name", &v, &n) && n > 0) ||
			    attr(attrs, nattrs, "EventSourceName", &v, &n))
				set_sys(st, "provider", v, n);
		} else if (is(name, "TimeCreated"))
			set_time(st, attrs, nattrs);
		else if (is(name, "Security")) {
			if (attr(attrs, nattrs, "UserID", &v, &n))
				set_sys(st, "user", v, n);
		} else {
			st->sysname = is(name, "EventID") ? "event_id" :
			    is(name, "Level") ? "level" :
			    is(name, "Task") ? "task" :
			    is(name, "EventRecordID") ? "record_id" :
			    is(name, "Channel") ? "channel" :
			    is(name, "Computer") ? "computer" : NULL;
			if (st->sysname != NULL)
				collect(st, TGT_SYSTEM);
		}
		break;
	case SEC_EVENTDATA:
		if (is(name, "Data")) {
			st->named = attr(attrs, nattrs, "Name", &v, &n) &&
			    n > 0;
			if (st->named)
				set_name(st, v, n);
			collect(st, TGT_DATA);
		} else if (is(name, "Binary"))
			collect(st, TGT_BINARY);
		break;
	case SEC_RENDERING:
		if (is(name, "Message"))
			collect(st, TGT_MESSAGE);
		break;
	default:
		break;
	}
}

static void
on_chars(void *arg, const xmlChar *s, int len)
{
	struct exml *st = arg;

	if (st->in_event && st->tgt != TGT_NONE && len > 0)
		strbuf_add(&st->val, s, (size_t)len);
}

static void
event_done(struct exml *st)
{
	unsigned long line;

	st->in_event = 0;
	st->events++;
	if (st->pc == NULL) {
		/* What follows the event is none of ours. */
		st->done = st->ctxt->wellFormed;
		xmlStopParser(st->ctxt);
		return;
	}
	line = (unsigned long)xmlSAX2GetLineNumber(st->ctxt);
	st->ev->lines = line >= st->ev->line ? (unsigned)(line -
	    st->ev->line + 1) : 1;
	event_emit(st->ev, st->pc);
}

static void
on_end(void *arg, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct exml *st = arg;

	(void)name;
	(void)prefix;
	(void)uri;
	if (st->open > 0)
		st->open--;
	if (!st->in_event)
		return;
	if (st->depth == 0) {
		event_done(st);
		return;
	}
	if (st->tgt != TGT_NONE && st->depth == st->tgt_depth) {
		val_finish(st);
		switch (st->tgt) {
		case TGT_SYSTEM:
			if (strcmp(st->sysname, "event_id") == 0)
				set_event_id(st, st->val.buf, st->val.len);
			else
				set_sys(st, st->sysname, st->val.buf,
				    st->val.len);
			break;
		case TGT_DATA:
			clean(st, st->val.buf, st->val.len, 0);
			event_add_data(st->ev, st->named ? st->name : NULL,
			    strbuf_str(&st->tmp), st->tmp.len);
			break;
		case TGT_LEAF:
			clean(st, st->val.buf, st->val.len, 0);
			event_add_data(st->ev, st->name, strbuf_str(&st->tmp),
			    st->tmp.len);
			break;
		case TGT_BINARY:
			add_binary(st);
			break;
		case TGT_MESSAGE:
			clean(st, st->val.buf, st->val.len, 1);
			event_set_message(st->ev, strbuf_str(&st->tmp),
			    st->tmp.len);
			break;
		case TGT_NONE:
			break;
		}
		st->tgt = TGT_NONE;
	}
	if (--st->depth == 0)
		st->sec = SEC_NONE;
}

/* Keeps the first error for the skip reason; nothing goes to stderr. */
static void
on_error(void *arg, xml_error_ptr e)
{
	struct exml *st = arg;
	const char *msg;
	size_t i;

	/* The first fatal error is why the parse stopped; an earlier
	 * recoverable one is kept until then. */
	if (e == NULL || e->level < XML_ERR_ERROR || st->err_fatal ||
	    (st->err_msg[0] != '\0' && e->level != XML_ERR_FATAL))
		return;
	st->err_fatal = e->level == XML_ERR_FATAL;
	st->err_line = e->line;
	msg = e->message != NULL ? e->message : "unknown error";
	text_cut(st->err_msg, sizeof st->err_msg, msg, strlen(msg));
	for (i = 0; st->err_msg[i] != '\0'; i++)
		if ((unsigned char)st->err_msg[i] < 0x20)
			st->err_msg[i] = ' ';
	while (i > 0 && st->err_msg[i - 1] == ' ')
		st->err_msg[--i] = '\0';
}

/* A DOCTYPE stops the parse where it is declared, before its internal
 * subset. */
static void
refuse_dtd(void *arg, const xmlChar *name, const xmlChar *external_id,
    const xmlChar *system_id)
{
	struct exml *st = arg;

	(void)name;
	(void)external_id;
	(void)system_id;
	st->dtd = 1;
	xmlStopParser(st->ctxt);
}

/* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR or HUGE. */
#define PARSE_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
	XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC)

static xmlParserCtxtPtr
exml_parser(struct exml *st)
{
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;

	/* Idempotent; the program calls it first when it runs threads. */
	xmlInitParser();
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_chars;
	sax.internalSubset = refuse_dtd;
	sax.serror = on_error;
	if ((ctxt = xmlCreatePushParserCtxt(&sax, st, NULL, 0, NULL)) == NULL)
		fatal("xmlCreatePushParserCtxt failed");
	xmlCtxtUseOptions(ctxt, PARSE_OPTIONS);
	st->ctxt = ctxt;
	return ctxt;
}

static int
failed(const struct exml *st)
{
	return st->dtd || st->ctxt->wellFormed == 0 ||
	    st->ctxt->disableSAX != 0;
}

/* One parser per thread for event_from_xml, reset between events. */
struct exml_cache {
	struct exml	 st;
	unsigned	 uses;
};
static __thread struct exml_cache *cache;

void
event_from_xml_release(void)
{
	if (cache == NULL)
		return;
	xmlFreeParserCtxt(cache->st.ctxt);
	exml_release(&cache->st);
	free(cache);
	cache = NULL;
}

int
event_from_xml(struct event *ev, const char *xml, size_t len)
{
	struct exml *st;
	int ok;

	if (cache != NULL && cache->uses >= REUSE_MAX)
		event_from_xml_release();
	if (cache == NULL) {
		cache = xcalloc(1, sizeof *cache);
		exml_init(&cache->st);
		exml_parser(&cache->st);
	} else if (xmlCtxtResetPush(cache->st.ctxt, NULL, 0, NULL, NULL) != 0)
		fatal("xmlCtxtResetPush failed");
	cache->uses++;
	st = &cache->st;
	exml_restart(st);
	st->ev = ev;
	st->pc = NULL;
	event_reset(ev);
	while (len > 0 && (xml[len - 1] == '\0' || xml[len - 1] == '\n'))
		len--;
	if (len > INT32_MAX) {
		st->ev = NULL;
		return -1;
	}
	xmlParseChunk(st->ctxt, xml, (int)len, 1);
	ok = st->done && !st->dtd;
	if (!ok)
		event_reset(ev);
	st->ev = NULL;
	return ok ? 0 : -1;
}

/*
 * UTF-16 to UTF-8, block by block: a code unit or a surrogate pair may
 * straddle two blocks.  NUL and unpaired surrogates, which XML cannot
 * hold, become U+FFFD.
 */
struct utf16 {
	int		 be;
	int		 have_byte;
	unsigned char	 byte;
	unsigned	 high;
};

static void
utf16_put(struct utf16 *u, struct strbuf *out, unsigned unit)
{
	if (u->high != 0) {
		if (unit >= 0xdc00 && unit <= 0xdfff) {
			put_utf8(out, 0x10000 + ((u->high - 0xd800) << 10) +
			    (unit - 0xdc00));
			u->high = 0;
			return;
		}
		put_utf8(out, 0xfffd);
		u->high = 0;
	}
	if (unit >= 0xd800 && unit <= 0xdbff)
		u->high = unit;
	else if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
		put_utf8(out, 0xfffd);
	else
		put_utf8(out, unit);
}

static void
utf16_convert(struct utf16 *u, const unsigned char *p, size_t n,
    struct strbuf *out)
{
	size_t i = 0;
	unsigned unit;

	if (u->have_byte && n > 0) {
		unit = u->be ? (unsigned)u->byte << 8 | p[0] :
		    u->byte | (unsigned)p[0] << 8;
		utf16_put(u, out, unit);
		u->have_byte = 0;
		i = 1;
	}
	for (; i + 1 < n; i += 2) {
		unit = u->be ? (unsigned)p[i] << 8 | p[i + 1] :
		    p[i] | (unsigned)p[i + 1] << 8;
		utf16_put(u, out, unit);
	}
	if (i < n) {
		u->byte = p[i];
		u->have_byte = 1;
	}
}

static void
utf16_end(struct utf16 *u, struct strbuf *out)
{
	if (u->high != 0 || u->have_byte)
		put_utf8(out, 0xfffd);
	u->high = 0;
	u->have_byte = 0;
}

/*
 * Prepares the start of the document: blanks its XML declaration
 * (keeping line ends, so that line numbers hold) and finds a DOCTYPE
 * before the first element.  Returns -1 for a DOCTYPE.
 */
static int
prolog(char *s, size_t n)
{
	size_t i = 0, j;
	char *end;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (n - i >= 6 && memcmp(s + i, "<?xml", 5) == 0 &&
	    isspace((unsigned char)s[i + 5]) &&
	    (end = memmem(s + i, n - i, "?>", 2)) != NULL) {
		for (j = i; j < (size_t)(end - s) + 2; j++)
			if (s[j] != '\n' && s[j] != '\r')
				s[j] = ' ';
		i = (size_t)(end - s) + 2;
	}
	/* Text, comments and processing instructions may come first. */
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			if ((end = memmem(s + i, n - i, "-->", 3)) == NULL)
				return 0;
			i = (size_t)(end - s) + 3;
		} else if (n - i >= 2 && s[i + 1] == '?') {
			if ((end = memmem(s + i, n - i, "?>", 2)) == NULL)
				return 0;
			i = (size_t)(end - s) + 2;
		} else
			return n - i >= 9 && strncasecmp(s + i, "<!DOCTYPE",
			    9) == 0 ? -1 : 0;
	}
	return 0;
}

struct feed {
	struct exml	*st;
	struct strbuf	 head;		/* until the prolog is seen */
	int		 started;
};

/* Returns -1 once the parser has stopped. */
static int
feed(struct feed *f, const char *s, size_t n, int last)
{
	struct exml *st = f->st;
	const char *name;

	if (!f->started) {
		strbuf_add(&f->head, s, n);
		if (f->head.len < HEAD_MIN && !last)
			return 0;
		f->started = 1;
		if (prolog(f->head.buf != NULL ? f->head.buf : (char *)"",
		    f->head.len) < 0) {
			st->dtd = 1;
			return -1;
		}
		xmlParseChunk(st->ctxt, WRAP_OPEN, (int)strlen(WRAP_OPEN), 0);
		s = f->head.buf;
		n = f->head.len;
	}
	while (n > 0 && !failed(st)) {
		size_t k = n > READ_CHUNK ? READ_CHUNK : n;

		xmlParseChunk(st->ctxt, s, (int)k, 0);
		s += k;
		n -= k;
	}
	if (!failed(st) && last) {
		/* Close our root only when nothing else is open; else the
		 * document was cut short, and the reason says where. */
		if (st->open > 1 && st->ctxt->name != NULL) {
			st->err_line = xmlSAX2GetLineNumber(st->ctxt);
			name = (const char *)st->ctxt->name;
			snprintf(st->err_msg, sizeof st->err_msg,
			    "the file ends inside <%.*s>",
			    (int)text_utf8_prefix(name, strlen(name), 64),
			    name);
			st->err_fatal = 1;
			return -1;
		}
		xmlParseChunk(st->ctxt, WRAP_CLOSE, (int)strlen(WRAP_CLOSE),
		    0);
		xmlParseChunk(st->ctxt, NULL, 0, 1);
	}
	return failed(st) ? -1 : 0;
}

static void
skip_reason(struct parse_ctx *pc, const struct exml *st)
{
	const xmlError *e;
	int line = st->err_line;
	const char *msg = st->err_msg;
	char buf[256];

	if (st->dtd) {
		parse_skip(pc, "has a document type declaration (DOCTYPE), "
		    "which event exports never have: not read");
		return;
	}
	if (*msg == '\0' && (e = xmlCtxtGetLastError(st->ctxt)) != NULL &&
	    e->message != NULL) {
		text_cut(buf, sizeof buf, e->message, strlen(e->message));
		buf[strcspn(buf, "\r\n")] = '\0';
		line = e->line;
		msg = buf;
	}
	parse_skip(pc, "invalid XML at line %d: %s (%lu event%s read "
	    "before it)", line, *msg != '\0' ? msg : "not well-formed",
	    st->events, st->events == 1 ? "" : "s");
}

void
parse_event_xml(struct parse_ctx *pc)
{
	struct exml st;
	struct feed f;
	struct event ev;
	struct utf16 u;
	struct strbuf conv;
	enum text_encoding enc;
	const unsigned char *head;
	unsigned char *raw;
	size_t n, bom;
	ssize_t r;
	int stopped = 0;

	raw = xmalloc(READ_CHUNK);
	event_init(&ev);
	exml_init(&st);
	st.ev = &ev;
	st.pc = pc;
	exml_parser(&st);
	memset(&f, 0, sizeof f);
	f.st = &st;
	strbuf_init(&f.head, 0);
	strbuf_init(&conv, 0);
	memset(&u, 0, sizeof u);

	n = mstream_peek(pc->stream, &head, 4096);
	bom = text_detect(head, n, &enc);
	u.be = enc == TEXT_UTF16BE;
	if (bom > 0 && mstream_read(pc->stream, raw, bom) != (ssize_t)bom) {
		parse_skip(pc, "read stopped: %s", mstream_error(pc->stream));
		goto out;
	}
	while ((r = mstream_read(pc->stream, raw, READ_CHUNK)) > 0) {
		if (enc == TEXT_UTF8) {
			stopped = feed(&f, (const char *)raw, (size_t)r, 0);
		} else {
			strbuf_reset(&conv);
			utf16_convert(&u, raw, (size_t)r, &conv);
			stopped = feed(&f, conv.buf, conv.len, 0);
		}
		if (stopped)
			break;
	}
	if (r < 0) {
		parse_skip(pc, "read stopped after %lu event%s: %s",
		    st.events, st.events == 1 ? "" : "s",
		    mstream_error(pc->stream));
		goto out;
	}
	if (!stopped) {
		strbuf_reset(&conv);
		if (enc != TEXT_UTF8)
			utf16_end(&u, &conv);
		stopped = feed(&f, conv.buf != NULL ? conv.buf : "",
		    conv.len, 1);
	}
	if (stopped)
		skip_reason(pc, &st);
	else if (st.events == 0)
		parse_skip(pc, "no <Event> element found");
out:
	xmlFreeParserCtxt(st.ctxt);
	exml_release(&st);
	strbuf_release(&f.head);
	strbuf_release(&conv);
	event_release(&ev);
	free(raw);
}
