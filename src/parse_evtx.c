/*
 * Binary event logs (.evtx).  A member is a stream (it may sit inside a
 * zip), so it is read into memory.  The records of a sound log are
 * rendered as XML by parse_evtx_binxml.c; damaged logs, and the chunks
 * that renderer refuses, are handed to libevtx as a libbfio memory
 * range.  Each record's XML goes through event_from_xml(): it names the
 * data items, which libevtx's string API does not.
 *
 * Damage is ours to measure.  libevtx_file_is_corrupted() is set for
 * every dirty file (a log copied while Windows had it open: the header
 * counts fewer chunks than there are) and for every file written without
 * checksums (flag 0x4, Windows 10 2004 and later), so it cannot tell a
 * bundle's reader that records were lost.  Instead each chunk header is
 * checked here, before libevtx sees it: a chunk whose header is sound
 * says which record numbers it holds, and what was not read of them is
 * lost.  A header libevtx would refuse outright (a bad size or free
 * space offset makes it fail the whole file) is mended so that the other
 * chunks, and the records libevtx recovers from that one, are still
 * read; a file cut short is padded to a whole chunk so that the records
 * before the cut are read.
 *
 * libevtx also "recovers" records from the slack of chunks.  On the
 * corpus some repeat records already read (same record number, same
 * XML), some are records of a chunk whose record list libevtx gave up
 * on (sample-with-zero-data-size-event.evtx: 114 records found nowhere
 * else): a recovered record is emitted only if its record number was not
 * seen.
 */
#include "config.h"

#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libbfio.h>
#include <libevtx.h>
#include <libxml/parser.h>

#include "bundle.h"
#include "parse_event.h"
#include "parse_evtx_int.h"
#include "strbuf.h"
#include "xalloc.h"

#define EVTX_HEADER	4096
#define EVTX_CHUNK	65536
#define CHUNK_HEADER	512
#define EVTX_NO_CRC32	0x4
/* The XML of a record, or of a chunk's records: far less than this. */
#define XML_MAX		(8 * 1024 * 1024)
/* The smallest record: its 24-byte header and the size copy. */
#define RECORD_MIN	28
/*
 * libevtx 20181227 leaks what it parsed of a record it then fails to
 * read (up to the record's size): a member stops being read after this
 * many such records, so that a hostile file cannot grow memory without
 * bound.
 */
#define UNREADABLE_MAX	1000

enum chunk_state {
	CHUNK_EMPTY = 0,	/* zeros: never written */
	CHUNK_OK,		/* its header says which records it holds */
	CHUNK_DAMAGED,
};

struct chunk {
	enum chunk_state	 state;
	uint64_t		 first_id;
	uint64_t		 last_id;
};

struct evtx {
	unsigned char	*buf;
	size_t		 len;
	struct chunk	*chunks;
	size_t		 nchunks;
	size_t		 damaged;
	size_t		 cut_at;	/* bytes into the last chunk; 0: whole */
	unsigned	 header_chunks;	/* more than the file holds: cut */
	/* Record numbers emitted: a hash set, and a list to sort. */
	uint64_t	*set;
	unsigned char	*used;
	size_t		 set_size;	/* a power of two */
	uint64_t	*ids;
	size_t		 nids;
	unsigned long	 failed;	/* records libevtx listed but could
					   not render */
	unsigned long	 unreadable;	/* those, and recovered ones */
	int		 gave_up;	/* UNREADABLE_MAX reached */
	char		*xml;
	size_t		 xml_alloc;
};

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* CRC-32 (IEEE, reflected), as the chunk headers carry it. */
static uint32_t
crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	uint32_t c;
	unsigned i, k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	crc = ~crc;
	while (n-- > 0)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static int
all_zero(const unsigned char *p, size_t n)
{
	return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

/*
 * Looks at every chunk before libevtx does (see the top of the file).
 * Header fields: first and last record number at 8 and 16, first and
 * last record identifier at 24 and 32, header size (128) at 40, last
 * record offset at 44, free space offset at 48, header CRC-32 at 124 over
 * bytes 0-119 and 128-511.
 */
static void
survey(struct evtx *x, int no_crc)
{
	unsigned char *p;
	struct chunk *c;
	uint64_t frn, lrn, fri, lri;
	uint32_t fso, crc;
	size_t i;

	x->nchunks = (x->len - EVTX_HEADER) / EVTX_CHUNK;
	x->chunks = xcalloc(x->nchunks + 1, sizeof *x->chunks);
	for (i = 0; i < x->nchunks; i++) {
		p = x->buf + EVTX_HEADER + i * EVTX_CHUNK;
		c = &x->chunks[i];
		if (all_zero(p, EVTX_CHUNK)) {
			c->state = CHUNK_EMPTY;
			continue;
		}
		c->state = CHUNK_DAMAGED;
		if (memcmp(p, "ElfChnk", 8) != 0) {
			x->damaged++;
			continue;
		}
		/* What would make libevtx give up on the whole file. */
		fso = le32(p + 48);
		if (le32(p + 40) != 128 || fso < CHUNK_HEADER ||
		    fso > EVTX_CHUNK) {
			put_le32(p + 40, 128);
			if (fso < CHUNK_HEADER || fso > EVTX_CHUNK)
				put_le32(p + 48, EVTX_CHUNK);
			x->damaged++;
			continue;
		}
		crc = crc32_update(crc32_update(0, p, 120), p + 128,
		    CHUNK_HEADER - 128);
		frn = le64(p + 8);
		lrn = le64(p + 16);
		fri = le64(p + 24);
		lri = le64(p + 32);
		if ((!no_crc && crc != le32(p + 124)) || lrn < frn ||
		    lri < fri || lrn - frn != lri - fri ||
		    lrn - frn >= (EVTX_CHUNK - CHUNK_HEADER) / RECORD_MIN) {
			x->damaged++;
			continue;
		}
		c->state = CHUNK_OK;
		c->first_id = fri;
		c->last_id = lri;
	}
}

static size_t
id_hash(uint64_t id, size_t size)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id & (size - 1);
}

static int
id_seen(const struct evtx *x, uint64_t id)
{
	size_t h;

	if (x->set_size == 0)
		return 0;
	for (h = id_hash(id, x->set_size); x->used[h];
	    h = (h + 1) & (x->set_size - 1))
		if (x->set[h] == id)
			return 1;
	return 0;
}

static void
id_insert(struct evtx *x, uint64_t id)
{
	size_t h;

	for (h = id_hash(id, x->set_size); x->used[h];
	    h = (h + 1) & (x->set_size - 1))
		if (x->set[h] == id)
			return;
	x->set[h] = id;
	x->used[h] = 1;
}

/* Remembers a record number emitted. */
static void
id_add(struct evtx *x, uint64_t id)
{
	size_t i;

	if (id_seen(x, id))
		return;
	if ((x->nids + 1) * 2 > x->set_size) {
		free(x->set);
		free(x->used);
		x->set_size = x->set_size == 0 ? 1024 : x->set_size * 2;
		x->set = xcalloc(x->set_size, sizeof *x->set);
		x->used = xcalloc(x->set_size, 1);
		for (i = 0; i < x->nids; i++)
			id_insert(x, x->ids[i]);
		x->ids = xreallocarray(x->ids, x->set_size / 2,
		    sizeof *x->ids);
	}
	id_insert(x, id);
	x->ids[x->nids++] = id;
}

static int
cmp_id(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The first index in the sorted ids of an id not below v. */
static size_t
lower_bound(const uint64_t *ids, size_t n, uint64_t v)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ids[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* How many of the record numbers from..to were not emitted. */
static uint64_t
not_read(const struct evtx *x, uint64_t from, uint64_t to)
{
	uint64_t got;

	got = lower_bound(x->ids, x->nids, to + 1) -
	    lower_bound(x->ids, x->nids, from);
	return to - from + 1 > got ? to - from + 1 - got : 0;
}

/*
 * Records that sound chunk headers promised and that were not read, and
 * the numbers missing between the sound chunks around damaged ones
 * (unless the log wrapped there).
 */
static unsigned long
records_lost(struct evtx *x)
{
	const struct chunk *c, *prev = NULL;
	uint64_t lost = 0;
	size_t i, run = 0;

	if (x->nids > 0)
		qsort(x->ids, x->nids, sizeof *x->ids, cmp_id);
	for (i = 0; i < x->nchunks; i++) {
		c = &x->chunks[i];
		if (c->state == CHUNK_DAMAGED)
			run++;
		if (c->state != CHUNK_OK)
			continue;
		lost += not_read(x, c->first_id, c->last_id);
		if (run > 0 && prev != NULL && prev->last_id < c->first_id &&
		    c->first_id - prev->last_id - 1 <= run *
		    ((EVTX_CHUNK - CHUNK_HEADER) / RECORD_MIN) &&
		    c->first_id - prev->last_id > 1)
			lost += not_read(x, prev->last_id + 1,
			    c->first_id - 1);
		prev = c;
		run = 0;
	}
	if (lost < x->failed)
		lost = x->failed;
	return lost > ULONG_MAX ? ULONG_MAX : (unsigned long)lost;
}

/* libevtx's message for why it failed, on one line. */
static void
evtx_error(libevtx_error_t **err, char *buf, size_t len)
{
	char *p;

	buf[0] = '\0';
	if (err == NULL || *err == NULL)
		return;
	if (libevtx_error_sprint(*err, buf, len) < 0)
		buf[0] = '\0';
	libevtx_error_free(err);
	/* The backtrace is one line per level: the last is the cause. */
	while ((p = strrchr(buf, '\n')) != NULL && p[1] == '\0')
		*p = '\0';
	if ((p = strrchr(buf, '\n')) != NULL)
		memmove(buf, p + 1, strlen(p + 1) + 1);
	for (p = buf; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
}

/*
 * A record's XML (size bytes) through event_from_xml, then emitted with
 * its number id; ft, the time it was written, stands in for a missing
 * TimeCreated (the header's time is 0 in some records).  Returns 0, or
 * -1 with the event reset.
 */
static int
emit_xml(struct parse_ctx *pc, struct evtx *x, struct event *ev,
    const char *xml, size_t size, uint64_t id, uint64_t ft)
{
	char num[24];
	struct vtime t;

	if (event_from_xml(ev, xml, size) != 0)
		return -1;
	if (ev->time.zone == VTIME_NONE && ft >= 116444736000000000ULL) {
		t.us = (int64_t)((ft - 116444736000000000ULL) / 10);
		t.zone = VTIME_UTC;
		event_set_time(ev, &t);
	}
	snprintf(num, sizeof num, "%llu", (unsigned long long)id);
	event_set(ev, "record_id", num, strlen(num));
	ev->line = 0;
	ev->lines = 1;
	id_add(x, id);
	event_emit(ev, pc);
	return 0;
}

/*
 * One record: its XML through event_from_xml, then emitted.  Returns 0,
 * or -1 when libevtx cannot render it.  A recovered record (recovered
 * set) whose number was seen is dropped.
 */
static int
one_record(struct parse_ctx *pc, struct evtx *x, struct event *ev,
    libevtx_record_t *rec, int recovered)
{
	libevtx_error_t *err = NULL;
	uint64_t id = 0, ft = 0;
	size_t size = 0;

	if (libevtx_record_get_identifier(rec, &id, &err) != 1)
		goto fail;
	if (recovered && id_seen(x, id))
		return 0;
	if (libevtx_record_get_utf8_xml_string_size(rec, &size, &err) != 1 ||
	    size == 0 || size > XML_MAX)
		goto fail;
	if (size > x->xml_alloc) {
		x->xml_alloc = size;
		x->xml = xrealloc(x->xml, size);
	}
	if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)x->xml, size,
	    &err) != 1)
		goto fail;
	if (libevtx_record_get_written_time(rec, &ft, &err) != 1)
		ft = 0;
	if (emit_xml(pc, x, ev, x->xml, size, id, ft) != 0)
		goto fail;
	libevtx_error_free(&err);
	return 0;
fail:
	libevtx_error_free(&err);
	event_reset(ev);
	return -1;
}

static void report_damage(struct parse_ctx *, struct evtx *);

/* A log opened with libevtx on bytes in memory. */
struct log {
	libbfio_handle_t	*io;
	libevtx_file_t		*file;
	int			 opened;
};

/* 0, or -1 with libevtx's reason in msg (maybe empty): log_close() it
 * either way. */
static int
log_open(struct log *l, unsigned char *buf, size_t len, char *msg,
    size_t msglen)
{
	libbfio_error_t *berr = NULL;
	libevtx_error_t *err = NULL;

	memset(l, 0, sizeof *l);
	if (libbfio_memory_range_initialize(&l->io, &berr) != 1 ||
	    libbfio_memory_range_set(l->io, buf, len, &berr) != 1) {
		libbfio_error_free(&berr);
		fatal("libbfio memory range failed");
	}
	if (libevtx_file_initialize(&l->file, &err) != 1)
		fatal("libevtx_file_initialize failed");
	if (libevtx_file_open_file_io_handle(l->file, l->io,
	    LIBEVTX_OPEN_READ, &err) != 1) {
		evtx_error(&err, msg, msglen);
		return -1;
	}
	l->opened = 1;
	return 0;
}

static void
log_close(struct log *l)
{
	libbfio_error_t *berr = NULL;
	libevtx_error_t *err = NULL;

	if (l->opened && libevtx_file_close(l->file, &err) != 0)
		libevtx_error_free(&err);
	if (l->file != NULL && libevtx_file_free(&l->file, &err) != 1)
		libevtx_error_free(&err);
	if (l->io != NULL && libbfio_handle_free(&l->io, &berr) != 1)
		libbfio_error_free(&berr);
	memset(l, 0, sizeof *l);
}

static int
log_records(struct log *l)
{
	libevtx_error_t *err = NULL;
	int n = 0;

	if (libevtx_file_get_number_of_records(l->file, &n, &err) != 1) {
		libevtx_error_free(&err);
		n = 0;
	}
	return n;
}

/* Reads record i; 1 if it could not be read (then counted). */
static int
read_one(struct parse_ctx *pc, struct evtx *x, libevtx_file_t *file,
    struct event *ev, int i)
{
	libevtx_error_t *err = NULL;
	libevtx_record_t *rec = NULL;
	int bad = 0;

	if (libevtx_file_get_record_by_index(file, i, &rec, &err) != 1 ||
	    one_record(pc, x, ev, rec, 0) != 0) {
		x->failed++;
		x->gave_up = ++x->unreadable >= UNREADABLE_MAX;
		bad = 1;
	}
	libevtx_record_free(&rec, &err);
	libevtx_error_free(&err);
	return bad;
}

/*
 * What libevtx found in slack, only when records are missing: the
 * leftovers that do not parse are common and lose nothing, but each
 * costs memory (UNREADABLE_MAX).
 */
static void
read_recovered(struct parse_ctx *pc, struct evtx *x, libevtx_file_t *file,
    struct event *ev)
{
	libevtx_error_t *err = NULL;
	libevtx_record_t *rec;
	int n = 0, i;

	if (x->gave_up || (x->damaged == 0 && records_lost(x) == 0))
		return;
	if (libevtx_file_get_number_of_recovered_records(file, &n,
	    &err) != 1) {
		libevtx_error_free(&err);
		n = 0;
	}
	for (i = 0; i < n && !x->gave_up; i++) {
		rec = NULL;
		if (libevtx_file_get_recovered_record_by_index(file, i, &rec,
		    &err) != 1 || one_record(pc, x, ev, rec, 1) != 0)
			x->gave_up = ++x->unreadable >= UNREADABLE_MAX;
		libevtx_record_free(&rec, &err);
		libevtx_error_free(&err);
	}
}

/*
 * A sound log (every chunk's header checks out, the file is whole) is
 * read chunk by chunk with parse_evtx_binxml.c, about five times faster
 * than libevtx (bench/README.md).  A chunk's records are all rendered
 * before any is emitted: a chunk the renderer refuses is read by libevtx
 * as a log of its own, so that its records are what libevtx would have
 * given.  Damaged and cut logs are read by libevtx whole, whose handling
 * of their damage is the reference.
 */
static int own_reader = 1;

void
parse_evtx_binxml(int on)
{
	own_reader = on;
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

/* Chunk c alone as a log: the header, with its count and numbers. */
static void
one_chunk_log(const struct evtx *x, size_t c, struct evtx *to)
{
	to->len = EVTX_HEADER + EVTX_CHUNK;
	to->buf = xmalloc(to->len);
	memcpy(to->buf, x->buf, EVTX_HEADER);
	memcpy(to->buf + EVTX_HEADER, x->buf + EVTX_HEADER + c * EVTX_CHUNK,
	    EVTX_CHUNK);
	put_le64(to->buf + 8, 0);
	put_le64(to->buf + 16, 0);
	to->buf[42] = 1;
	to->buf[43] = 0;
	put_le32(to->buf + 124, crc32_update(0, to->buf, 120));
}

/* Chunk c through libevtx, as a log of one chunk. */
static void
libevtx_chunk(struct parse_ctx *pc, struct evtx *x, size_t c,
    struct event *ev)
{
	struct evtx one;
	struct log l;
	char msg[512];
	int n, i;

	memset(&one, 0, sizeof one);
	one_chunk_log(x, c, &one);
	if (log_open(&l, one.buf, one.len, msg, sizeof msg) == 0) {
		n = log_records(&l);
		for (i = 0; i < n && !x->gave_up; i++)
			(void)read_one(pc, x, l.file, ev, i);
	}
	log_close(&l);
	free(one.buf);
}

/* Reads a sound log; -1 (nothing done) if it is not one. */
static int
read_sound(struct parse_ctx *pc, struct evtx *x)
{
	struct evtx_chunk_xml *r;
	struct event ev;
	struct log all;
	char msg[512];
	size_t c, i;

	/* The file header as libevtx expects it too: size 128, version 3. */
	if (!own_reader || x->damaged != 0 || x->cut_at != 0 ||
	    x->header_chunks != 0 ||
	    (x->len - EVTX_HEADER) % EVTX_CHUNK != 0 ||
	    le32(x->buf + 32) != 128 || x->buf[38] != 3 || x->buf[39] != 0)
		return -1;
	r = xmalloc(sizeof *r);
	strbuf_init(&r->xml, XML_MAX);
	event_init(&ev);
	for (c = 0; c < x->nchunks && !x->gave_up; c++) {
		if (x->chunks[c].state != CHUNK_OK)
			continue;
		if (evtx_chunk_render(r, x->buf + EVTX_HEADER +
		    c * EVTX_CHUNK) != 0) {
			libevtx_chunk(pc, x, c, &ev);
			continue;
		}
		for (i = 0; i < r->n && !x->gave_up; i++)
			if (emit_xml(pc, x, &ev, r->xml.buf + r->at[i],
			    r->at[i + 1] - r->at[i], r->id[i],
			    r->written[i]) != 0) {
				x->failed++;
				x->gave_up = ++x->unreadable >= UNREADABLE_MAX;
			}
	}
	strbuf_release(&r->xml);
	free(r);
	/* Slack is searched in the whole log, as libevtx alone does. */
	if (!x->gave_up && records_lost(x) != 0) {
		if (log_open(&all, x->buf, x->len, msg, sizeof msg) == 0)
			read_recovered(pc, x, all.file, &ev);
		log_close(&all);
	}
	event_release(&ev);
	report_damage(pc, x);
	return 0;
}

/* Reads the member whole; -1 (skipped) when it is larger than max. */
static int
read_member(struct parse_ctx *pc, struct evtx *x)
{
	uint64_t max = pc->limits->max_member_bytes;
	size_t alloc;
	ssize_t r;

	if (max == 0 || max > pc->limits->max_evtx_bytes)
		max = pc->limits->max_evtx_bytes;
	if (pc->member->size > 0 && (uint64_t)pc->member->size > max) {
		parse_skip(pc, "larger (%lld bytes) than the %llu bytes an "
		    "event log is read to (--limit evtx): not read",
		    (long long)pc->member->size, (unsigned long long)max);
		return -1;
	}
	alloc = pc->member->size > 0 ? (size_t)pc->member->size + 1 :
	    1024 * 1024;
	x->buf = xmalloc(alloc);
	for (;;) {
		if (x->len == alloc) {
			alloc = alloc * 2 > max + 1 ? (size_t)max + 1 :
			    alloc * 2;
			x->buf = xrealloc(x->buf, alloc);
		}
		r = mstream_read(pc->stream, x->buf + x->len, alloc - x->len);
		if (r <= 0)
			break;
		x->len += (size_t)r;
		if (x->len > max) {
			parse_skip(pc, "larger than the %llu bytes an event "
			    "log is read to: not read",
			    (unsigned long long)max);
			return -1;
		}
	}
	if (r < 0) {
		parse_skip(pc, "read stopped: %s", mstream_error(pc->stream));
		return -1;
	}
	return 0;
}

/*
 * A file cut short: what is left of its last chunk is padded with zeros
 * when its header is whole, so that libevtx reads the records before the
 * cut; else dropped.
 */
static void
pad_tail(struct evtx *x)
{
	size_t rem = (x->len - EVTX_HEADER) % EVTX_CHUNK;

	if (rem == 0)
		return;
	x->cut_at = rem;
	if (rem < CHUNK_HEADER) {
		x->len -= rem;
		return;
	}
	x->buf = xrealloc(x->buf, x->len + EVTX_CHUNK - rem);
	memset(x->buf + x->len, 0, EVTX_CHUNK - rem);
	x->len += EVTX_CHUNK - rem;
}

static void
report_damage(struct parse_ctx *pc, struct evtx *x)
{
	struct strbuf sb;
	unsigned long lost;

	lost = records_lost(x);
	if (x->cut_at == 0 && x->header_chunks == 0 && x->damaged == 0 &&
	    lost == 0 && !x->gave_up)
		return;
	strbuf_init(&sb, 0);
	if (x->cut_at != 0)
		strbuf_addf(&sb, "cut short (the file ends %zu bytes into "
		    "chunk %zu)", x->cut_at, x->nchunks -
		    (x->cut_at >= CHUNK_HEADER ? 1 : 0));
	else if (x->header_chunks != 0)
		strbuf_addf(&sb, "cut short (its header counts %u chunks, "
		    "the file holds %zu)", x->header_chunks, x->nchunks);
	if (x->damaged != 0)
		strbuf_addf(&sb, "%s%zu damaged chunk%s", sb.len > 0 ?
		    ", " : "", x->damaged, x->damaged == 1 ? "" : "s");
	if (lost != 0)
		strbuf_addf(&sb, "%s%lu record%s could not be read",
		    sb.len > 0 ? ", " : "", lost, lost == 1 ? "" : "s");
	if (x->gave_up)
		strbuf_addf(&sb, "%sreading stopped after %d unreadable "
		    "records", sb.len > 0 ? ", " : "", UNREADABLE_MAX);
	parse_skip(pc, "damaged event log: %s; %lu record%s read",
	    strbuf_str(&sb), pc->records, pc->records == 1 ? "" : "s");
	strbuf_release(&sb);
}

static void read_log(struct parse_ctx *, struct evtx *);

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/*
 * The child's bounds: libevtx can also allocate without end on a hostile
 * file (tens of GB before the OOM killer), so its address space may grow
 * by 1 GiB plus four times the log, and it has ten minutes.  Not under
 * AddressSanitizer, whose shadow memory is address space too; its own
 * allocator stops such a run.
 */
static void
bound_child(size_t log_len)
{
#ifndef UNDER_ASAN
	struct rlimit rl;
	unsigned long pages = 0;
	FILE *f;

	if ((f = fopen("/proc/self/statm", "r")) != NULL) {
		if (fscanf(f, "%lu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	if (pages != 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)pages *
		    (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)1 << 30) +
		    4 * (rlim_t)log_len;
		setrlimit(RLIMIT_AS, &rl);
	}
#else
	(void)log_len;
#endif
	alarm(600);
}

/*
 * Runs read_log() in a child; the records come back through the pipe.
 * Without fork (EAGAIN), in this process.
 */
static void
read_log_isolated(struct parse_ctx *pc, struct evtx *x)
{
	struct parse_ctx cpc;
	struct sink sink;
	struct wire w;
	int fds[2], status;
	pid_t pid, parent;

	parent = getpid();
	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		read_log(pc, x);
		return;
	}
	if (pid == 0) {
#ifdef PR_SET_PDEATHSIG
		/* Killed with its parent (a batch worker past its time):
		 * it would hold the worker's pipes open. */
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
#endif
		close(fds[0]);
		signal(SIGPIPE, SIG_IGN);
		bound_child(x->len);
		memset(&w, 0, sizeof w);
		w.fd = fds[1];
		strbuf_init(&w.out, 0);
		sink.record = wire_record;
		sink.let_go = NULL;
		sink.arg = &w;
		cpc = *pc;
		cpc.sink = &sink;
		cpc.records = 0;
		cpc.skip_reason = NULL;
		read_log(&cpc, x);
		if (cpc.skip_reason != NULL)
			wire_skip(&w, cpc.skip_reason);
		wire_flush(&w);
		/* No exit handlers: the leak checker would only report
		 * libevtx's own leaks, and the parent's buffers are not
		 * ours to flush. */
		_exit(w.broken ? 1 : 0);
	}
	close(fds[1]);
	unwire(pc, fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		parse_skip(pc, "damaged event log: the event log library "
		    "%s on it after %lu records; the rest is not read",
		    WTERMSIG(status) == SIGALRM ? "took more than ten minutes" :
		    "crashed", pc->records);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		parse_skip(pc, "damaged event log: its reader stopped after "
		    "%lu records", pc->records);
}

void
parse_evtx(struct parse_ctx *pc)
{
	struct evtx x;
	unsigned hchunks;
	int no_crc;

	memset(&x, 0, sizeof x);
	if (read_member(pc, &x) != 0)
		goto out;
	if (x.len == 0) {
		parse_skip(pc, "empty file");
		goto out;
	}
	if (x.len < 8 || memcmp(x.buf, "ElfFile", 8) != 0) {
		parse_skip(pc, "not an event log (no EVTX signature)");
		goto out;
	}
	if (x.len < EVTX_HEADER + CHUNK_HEADER) {
		parse_skip(pc, "cut short: %zu bytes, no chunk of records",
		    x.len);
		goto out;
	}
	/*
	 * A sound file header that counts more chunks than the file holds
	 * says it was cut on a chunk boundary.  (Dirty files count fewer.)
	 * Header: first and last chunk number at 8 and 16, header size
	 * (128) at 32, version 3.1 or 3.2 at 36, block size (4096) at 40,
	 * number of chunks at 42, flags at 120, CRC-32 of bytes 0-119 at
	 * 124 (none when flag 0x4 is set, since version 3.2).
	 */
	no_crc = (le32(x.buf + 120) & EVTX_NO_CRC32) != 0;
	hchunks = (unsigned)x.buf[42] | (unsigned)x.buf[43] << 8;
	if (le32(x.buf + 32) == 128 && x.buf[38] == 3 && x.buf[39] == 0 &&
	    x.buf[40] == 0x00 && x.buf[41] == 0x10 &&
	    le64(x.buf + 16) >= le64(x.buf + 8) &&
	    le64(x.buf + 16) - le64(x.buf + 8) + 1 == hchunks &&
	    ((no_crc && x.buf[36] >= 2) ||
	    crc32_update(0, x.buf, 120) == le32(x.buf + 124)) &&
	    hchunks > (x.len - EVTX_HEADER + EVTX_CHUNK - 1) / EVTX_CHUNK)
		x.header_chunks = hchunks;
	/* libevtx takes the chunks' offset from the header: it is 4096. */
	x.buf[40] = 0x00;
	x.buf[41] = 0x10;
	pad_tail(&x);
	survey(&x, no_crc);
	read_log_isolated(pc, &x);
out:
	free(x.buf);
	free(x.chunks);
	free(x.set);
	free(x.used);
	free(x.ids);
	free(x.xml);
}

/* Opens the log in memory with libevtx, reads every record and says
 * what was lost. */
static void
read_log(struct parse_ctx *pc, struct evtx *x)
{
	struct log l;
	struct event ev;
	char msg[512];
	int n, i;

	if (read_sound(pc, x) == 0)
		return;
	if (log_open(&l, x->buf, x->len, msg, sizeof msg) != 0) {
		parse_skip(pc, "not readable as an event log: %s",
		    *msg != '\0' ? msg : "libevtx refused it");
		goto out;
	}
	event_init(&ev);
	n = log_records(&l);
	for (i = 0; i < n && !x->gave_up; i++)
		(void)read_one(pc, x, l.file, &ev, i);
	read_recovered(pc, x, l.file, &ev);
	event_release(&ev);
	report_damage(pc, x);
out:
	log_close(&l);
}
