/*
 * The pipe from the child that reads an event log (parse_evtx.c) to the
 * parse stage.
 *
 * libevtx runs in a child process.  It is a library of its own, and a
 * hostile file can crash it (fuzzing found a SEGV in libfwevt's template
 * reader): the child reads the records and sends each one down a pipe,
 * and a crash costs the rest of that log, not the analysis.  The parent
 * emits what arrives; the messages are
 *   'R' u32 len, then time (i64), zone, line (u64), lines (u32), cut,
 *       level, text, msg, nfields, names and values (u32 len + bytes)
 *   'S' u32 len, the skip reason
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "parse_evtx_int.h"
#include "strbuf.h"

void
wire_flush(struct wire *w)
{
	size_t off = 0;
	ssize_t r;

	while (off < w->out.len && !w->broken) {
		r = write(w->fd, w->out.buf + off, w->out.len - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			w->broken = 1;
		else
			off += (size_t)r;
	}
	strbuf_reset(&w->out);
}

static void
wire_u32(struct strbuf *b, uint32_t v)
{
	strbuf_add(b, &v, sizeof v);
}

static void
wire_str(struct strbuf *b, const char *s, size_t n)
{
	wire_u32(b, (uint32_t)n);
	strbuf_add(b, s, n);
}

void
wire_record(void *arg, const struct record *r)
{
	struct wire *w = arg;
	struct strbuf *b = &w->out;
	size_t start, len;
	unsigned char byte;
	unsigned i;

	strbuf_addch(b, 'R');
	start = b->len;
	wire_u32(b, 0);
	strbuf_add(b, &r->time.us, sizeof r->time.us);
	byte = (unsigned char)r->time.zone;
	strbuf_add(b, &byte, 1);
	strbuf_add(b, &(uint64_t){ r->line }, sizeof(uint64_t));
	wire_u32(b, r->lines);
	byte = (unsigned char)(r->cut != 0);
	strbuf_add(b, &byte, 1);
	wire_str(b, r->level != NULL ? r->level : "", r->level != NULL ?
	    strlen(r->level) : 0);
	wire_str(b, r->text, r->text_len);
	wire_str(b, r->msg != NULL ? r->msg : "", r->msg != NULL ?
	    r->msg_len : 0);
	wire_u32(b, r->nfields);
	for (i = 0; i < r->nfields; i++) {
		wire_str(b, r->fields[i].name, strlen(r->fields[i].name));
		wire_str(b, r->fields[i].value, strlen(r->fields[i].value));
	}
	len = b->len - start - sizeof(uint32_t);
	memcpy(b->buf + start, &(uint32_t){ (uint32_t)len }, sizeof(uint32_t));
	if (b->len >= 64 * 1024)
		wire_flush(w);
}

/* Takes n bytes off *p (left *left); 0 when the message is short. */
static int
take(const unsigned char **p, size_t *left, void *out, size_t n)
{
	if (*left < n)
		return 0;
	memcpy(out, *p, n);
	*p += n;
	*left -= n;
	return 1;
}

/* A string of the message, copied NUL-terminated into store; its offset
 * in *off. */
static int
take_str(const unsigned char **p, size_t *left, struct strbuf *store,
    size_t *off)
{
	uint32_t n;

	if (!take(p, left, &n, sizeof n) || *left < n)
		return 0;
	*off = store->len;
	strbuf_add(store, *p, n);
	strbuf_addch(store, '\0');
	*p += n;
	*left -= n;
	return 1;
}

static const char *
level_of(const char *s)
{
	static const char *const levels[] = {
		"ERROR", "WARNING", "INFO", "VERBOSE",
	};
	size_t i;

	for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcmp(s, levels[i]) == 0)
			return levels[i];
	return NULL;
}

/* One 'R' message into a record for the real sink. */
static int
unwire_record(struct parse_ctx *pc, const unsigned char *p, size_t left,
    struct strbuf *store)
{
	struct record r;
	size_t level, text, msg, names[RECORD_FIELDS_MAX];
	size_t values[RECORD_FIELDS_MAX];
	uint64_t line;
	uint32_t lines, nfields, i;
	unsigned char zone, cut;

	memset(&r, 0, sizeof r);
	strbuf_reset(store);
	if (!take(&p, &left, &r.time.us, sizeof r.time.us) ||
	    !take(&p, &left, &zone, 1) || zone > VTIME_LOCAL ||
	    !take(&p, &left, &line, sizeof line) ||
	    !take(&p, &left, &lines, sizeof lines) ||
	    !take(&p, &left, &cut, 1) ||
	    !take_str(&p, &left, store, &level) ||
	    !take_str(&p, &left, store, &text) ||
	    !take_str(&p, &left, store, &msg) ||
	    !take(&p, &left, &nfields, sizeof nfields) ||
	    nfields > RECORD_FIELDS_MAX)
		return -1;
	for (i = 0; i < nfields; i++)
		if (!take_str(&p, &left, store, &names[i]) ||
		    !take_str(&p, &left, store, &values[i]))
			return -1;
	/* Pointers only now: the store grew while it was filled. */
	r.time.zone = (enum vtime_zone)zone;
	r.line = (unsigned long)line;
	r.lines = lines;
	r.cut = cut;
	r.level = level_of(store->buf + level);
	r.text = store->buf + text;
	r.text_len = strlen(r.text);
	r.msg = store->buf + msg;
	r.msg_len = strlen(r.msg);
	for (i = 0; i < nfields; i++)
		record_add_field(&r, store->buf + names[i],
		    store->buf + values[i]);
	parse_emit(pc, &r);
	return 0;
}

void
unwire(struct parse_ctx *pc, int fd)
{
	struct strbuf msg = STRBUF_INIT, store = STRBUF_INIT;
	unsigned char type;
	uint32_t len;
	size_t got;
	ssize_t r;
	FILE *f;

	if ((f = fdopen(fd, "rb")) == NULL) {
		close(fd);
		return;
	}
	while (fread(&type, 1, 1, f) == 1 && fread(&len, sizeof len, 1,
	    f) == 1) {
		strbuf_reset(&msg);
		for (got = 0; got < len; got += (size_t)r) {
			char chunk[16384];
			size_t want = len - got < sizeof chunk ?
			    len - got : sizeof chunk;

			if ((r = (ssize_t)fread(chunk, 1, want, f)) <= 0)
				break;
			strbuf_add(&msg, chunk, (size_t)r);
		}
		if (got < len)
			break;
		if (type == 'R')
			unwire_record(pc, (const unsigned char *)msg.buf,
			    msg.len, &store);
		else if (type == 'S')
			parse_skip(pc, "%.*s", (int)msg.len, msg.buf);
	}
	fclose(f);
	strbuf_release(&msg);
	strbuf_release(&store);
}

void
wire_skip(struct wire *w, const char *reason)
{
	strbuf_addch(&w->out, 'S');
	wire_str(&w->out, reason, strlen(reason));
}
