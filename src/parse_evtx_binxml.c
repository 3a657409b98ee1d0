/*
 * The binary XML of an event record, rendered as XML text without
 * libevtx.  libevtx builds a tree of small allocations for every record
 * and renders it twice (size, then text); nearly all of a log's time
 * went there.  This reader writes the text in one pass over the chunk.
 *
 * It is strict on purpose: it renders what event logs hold (elements,
 * attributes, text, templates, the scalar value types and their arrays)
 * and refuses the rest (floating point, system times, processing
 * instructions, code-page strings, malformed data).  A refusal makes the caller read
 * the whole chunk with libevtx, so a record reads the same either way;
 * tests/unit/test_parse_evtx.c compares both over every log it has.
 *
 * Format (libevtx's "Windows XML Event Log (EVTX)" document): offsets are
 * from the start of the 64 KiB chunk; names sit once in the chunk and are
 * referred to by offset; a record is a fragment holding an element or a
 * template instance, whose definition is inline the first time and
 * referred to after, with the values to substitute.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse_evtx_int.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define CHUNK		65536
#define RECORD_MIN	28	/* header 24, size copy 4 */
#define DEPTH_MAX	64	/* elements inside elements */
#define NEST_MAX	8	/* templates inside substituted values */
#define ITEMS_MAX	1024	/* of an array; more are left to libevtx */

enum {
	T_EOF = 0x00,
	T_OPEN = 0x01,
	T_CLOSE_START = 0x02,
	T_CLOSE_EMPTY = 0x03,
	T_END = 0x04,
	T_VALUE = 0x05,
	T_ATTRIBUTE = 0x06,
	T_CDATA = 0x07,
	T_CHARREF = 0x08,
	T_ENTITYREF = 0x09,
	T_TEMPLATE = 0x0c,
	T_SUBST = 0x0d,
	T_OPTSUBST = 0x0e,
	T_FRAGMENT = 0x0f,
	T_MORE = 0x40,		/* flag: attributes follow, or more data */
};

enum {
	V_NULL = 0x00,
	V_STRING = 0x01,
	V_ANSI = 0x02,
	V_INT8 = 0x03,
	V_UINT8,
	V_INT16,
	V_UINT16,
	V_INT32,
	V_UINT32,
	V_INT64,
	V_UINT64,
	V_BOOL = 0x0d,
	V_BINARY = 0x0e,
	V_GUID = 0x0f,
	V_FILETIME = 0x11,
	V_SID = 0x13,
	V_HEX32 = 0x14,
	V_HEX64 = 0x15,
	V_BINXML = 0x21,
};

/* One value of a template instance. */
struct tval {
	size_t		 off;		/* in the chunk */
	unsigned	 size;
	unsigned	 type;
};

struct tvals {
	struct tval	*v;
	size_t		 n;
};

/*
 * An element whose content substitutes an array is written once for
 * each of its items: item says which one this time, more that another
 * follows.
 */
struct bx {
	const unsigned char	*c;	/* the chunk */
	struct strbuf		*out;
	int			 depth;
	int			 nest;
	size_t			 item;
	size_t			 from;		/* a string item's first byte */
	size_t			 next;		/* ... and the next one's */
	int			 arrays;	/* substituted in this pass */
	int			 more;
};

/* A position in the chunk and the end of the data it may read. */
struct cur {
	size_t	pos;
	size_t	end;
};

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int
has(const struct cur *k, size_t n)
{
	return k->pos <= k->end && k->end - k->pos >= n;
}

static int render_element(struct bx *, struct cur *, const struct tvals *);
static int render_template(struct bx *, struct cur *);

/*
 * n UTF-16LE units at p as UTF-8, escaped for XML (attr: for a quoted
 * attribute too).  Stops at a NUL, as libevtx does.  -1 for what XML
 * cannot hold or libevtx would not have written: unpaired surrogates,
 * control characters.
 */
static int
put_utf16(struct strbuf *out, const unsigned char *p, size_t n, int attr)
{
	/* Written a run at a time: a strbuf call per character costs. */
	unsigned char run[256];
	const char *esc;
	unsigned cp, lo;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (k > sizeof run - 8) {
			strbuf_add(out, run, k);
			k = 0;
		}
		cp = le16(p + 2 * i);
		if (cp >= 0x20 && cp < 0x7f && cp != '&' && cp != '<' &&
		    cp != '>' && cp != '"') {
			run[k++] = (unsigned char)cp;
			continue;
		}
		if (cp == 0)
			break;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (i + 1 >= n)
				return -1;
			lo = le16(p + 2 * (i + 1));
			if (lo < 0xdc00 || lo > 0xdfff)
				return -1;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		} else if (cp >= 0xdc00 && cp <= 0xdfff)
			return -1;
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
			return -1;
		if (cp == 0xfffe || cp == 0xffff)
			return -1;
		esc = cp == '&' ? "&amp;" : cp == '<' ? "&lt;" : cp == '>' ?
		    "&gt;" : cp == '"' && attr ? "&quot;" : NULL;
		if (esc != NULL) {
			memcpy(run + k, esc, strlen(esc));
			k += strlen(esc);
		} else
			k += text_utf8_encode(cp, run + k);
	}
	strbuf_add(out, run, k);
	return 0;
}

/* A code-page string: only ASCII, which reads the same in all of them;
 * it stops at a NUL too. */
static int
put_ascii(struct strbuf *out, const unsigned char *p, size_t n, int attr)
{
	unsigned char u[2];
	size_t i;

	for (i = 0; i < n && p[i] != 0; i++) {
		if (p[i] >= 0x80)
			return -1;
		u[0] = p[i];
		u[1] = 0;
		if (put_utf16(out, u, 1, attr) != 0)
			return -1;
	}
	return 0;
}

/*
 * The name at chunk offset off: 4 bytes (the next name's offset), a
 * 2-byte hash, a 2-byte count, the UTF-16 characters and a NUL.  Only
 * plain XML names, of 256 characters at most, are rendered.  *size gets the bytes it takes.
 */
static int
put_name(struct bx *b, uint32_t off, size_t *size)
{
	char name[256];
	size_t n, i;
	unsigned ch;

	if (off > CHUNK - 8)
		return -1;
	n = le16(b->c + off + 6);
	if (n == 0 || n > (CHUNK - off - 10) / 2)
		return -1;
	if (n > sizeof name)
		return -1;
	for (i = 0; i < n; i++) {
		ch = le16(b->c + off + 8 + 2 * i);
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    ch == '_' || ch == ':' || (i > 0 && ((ch >= '0' &&
		    ch <= '9') || ch == '-' || ch == '.'))))
			return -1;
		name[i] = (char)ch;
	}
	strbuf_add(b->out, name, n);
	*size = 8 + 2 * n + 2;
	return 0;
}

/* A name reference at the cursor, its offset in *off; an inline name
 * (at the cursor's own position after the offset) is stepped over. */
static int
name_ref(struct bx *b, struct cur *k, uint32_t *name)
{
	uint32_t off;
	size_t size;

	if (!has(k, 4))
		return -1;
	off = *name = le32(b->c + k->pos);
	k->pos += 4;
	if (put_name(b, off, &size) != 0)
		return -1;
	if (off == k->pos) {
		if (!has(k, size))
			return -1;
		k->pos += size;
	}
	return 0;
}

static void
put_hex(struct strbuf *out, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		strbuf_addch(out, digits[p[i] >> 4]);
		strbuf_addch(out, digits[p[i] & 0xf]);
	}
}

/* "2017-07-12T17:16:28.214161600Z", as libevtx writes a FILETIME. */
static int
put_filetime(struct strbuf *out, uint64_t ft)
{
	time_t secs;
	struct tm tm;

	secs = (time_t)(ft / 10000000) - (time_t)11644473600LL;
	if (gmtime_r(&secs, &tm) == NULL)
		return -1;
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%07u00Z",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (unsigned)(ft % 10000000));
	return 0;
}

/* "S-1-5-21-...": revision, count, a 48-bit big-endian authority, then
 * count 32-bit parts. */
static int
put_sid(struct strbuf *out, const unsigned char *p, size_t n)
{
	uint64_t auth = 0;
	size_t i, parts;

	if (n < 8)
		return -1;
	parts = p[1];
	if (n != 8 + 4 * parts)
		return -1;
	for (i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	strbuf_addf(out, "S-%u-%llu", p[0], (unsigned long long)auth);
	for (i = 0; i < parts; i++)
		strbuf_addf(out, "-%lu", (unsigned long)le32(p + 8 + 4 * i));
	return 0;
}

/* A substituted value as text; -1 for what is left to libevtx. */
static int
put_value(struct bx *b, const struct tval *v, int attr)
{
	const unsigned char *p = b->c + v->off;
	size_t n = v->size;

	switch (v->type) {
	case V_STRING:
		return n % 2 != 0 ? -1 : put_utf16(b->out, p, n / 2, attr);
	case V_ANSI:
		return put_ascii(b->out, p, n, attr);
	case V_INT8:
		return n != 1 ? -1 : (strbuf_addf(b->out, "%d",
		    (int)(int8_t)p[0]), 0);
	case V_UINT8:
		return n != 1 ? -1 : (strbuf_addf(b->out, "%u", p[0]), 0);
	case V_INT16:
		return n != 2 ? -1 : (strbuf_addf(b->out, "%d",
		    (int)(int16_t)le16(p)), 0);
	case V_UINT16:
		return n != 2 ? -1 : (strbuf_addf(b->out, "%u", le16(p)), 0);
	case V_INT32:
		return n != 4 ? -1 : (strbuf_addf(b->out, "%ld",
		    (long)(int32_t)le32(p)), 0);
	case V_UINT32:
		return n != 4 ? -1 : (strbuf_addf(b->out, "%lu",
		    (unsigned long)le32(p)), 0);
	case V_INT64:
		return n != 8 ? -1 : (strbuf_addf(b->out, "%lld",
		    (long long)(int64_t)le64(p)), 0);
	case V_UINT64:
		return n != 8 ? -1 : (strbuf_addf(b->out, "%llu",
		    (unsigned long long)le64(p)), 0);
	case V_BOOL:
		if (n != 4 || le32(p) > 1)
			return -1;
		strbuf_addstr(b->out, le32(p) ? "true" : "false");
		return 0;
	case V_HEX32:
		return n != 4 ? -1 : (strbuf_addf(b->out, "0x%08lx",
		    (unsigned long)le32(p)), 0);
	case V_HEX64:
		return n != 8 ? -1 : (strbuf_addf(b->out, "0x%016llx",
		    (unsigned long long)le64(p)), 0);
	case V_BINARY:
		put_hex(b->out, p, n);
		return 0;
	case V_GUID:
		if (n != 16)
			return -1;
		strbuf_addf(b->out, "{%08lX-%04X-%04X-", (unsigned long)le32(p),
		    le16(p + 4), le16(p + 6));
		put_hex(b->out, p + 8, 2);
		strbuf_addch(b->out, '-');
		put_hex(b->out, p + 10, 6);
		strbuf_addch(b->out, '}');
		return 0;
	case V_FILETIME:
		return n != 8 ? -1 : put_filetime(b->out, le64(p));
	case V_SID:
		return put_sid(b->out, p, n);
	}
	return -1;
}

/*
 * Binary XML as a value (type 0x21): an element, a fragment or a
 * template instance, within the value's bytes.
 */
static int
put_binxml(struct bx *b, const struct tval *v)
{
	struct cur k = { v->off, v->off + v->size };

	if (!has(&k, 1))
		return -1;
	switch (b->c[k.pos] & ~T_MORE) {
	case T_OPEN:
		return render_element(b, &k, NULL);
	case T_FRAGMENT:
		if (!has(&k, 5))
			return -1;
		k.pos += 4;
		return (b->c[k.pos] & ~T_MORE) == T_OPEN ?
		    render_element(b, &k, NULL) : b->c[k.pos] == T_TEMPLATE ?
		    render_template(b, &k) : -1;
	case T_TEMPLATE:
		return render_template(b, &k);
	}
	return -1;
}

/*
 * Item b->item of an array value as a value of its own in *one (size 0
 * for none); sets b->more when another follows.  Strings end with a NUL
 * each (item b->item starts at byte b->from; b->next gets where the next
 * does, so that the items are found in one pass); other items have the
 * size of their type.
 */
static int
array_item(struct bx *b, const struct tval *v, struct tval *one)
{
	static const unsigned char width[] = {
		[V_INT8] = 1, [V_UINT8] = 1, [V_INT16] = 2, [V_UINT16] = 2,
		[V_INT32] = 4, [V_UINT32] = 4, [V_INT64] = 8, [V_UINT64] = 8,
		[V_GUID] = 16, [V_FILETIME] = 8, [V_HEX32] = 4, [V_HEX64] = 8,
	};
	unsigned type = v->type & 0x7f;
	size_t i, n = v->size;
	const unsigned char *p = b->c + v->off;

	one->type = type;
	one->off = v->off;
	one->size = 0;
	if (type == V_STRING) {
		if (n % 2 != 0 || (n > 0 && le16(p + n - 2) != 0))
			return -1;
		if (n == 0)
			return b->item == 0 ? 0 : -1;
		for (i = b->from; i < n && le16(p + i) != 0; i += 2)
			;
		if (i >= n)
			return -1;
		one->off = v->off + b->from;
		one->size = (unsigned)(i - b->from);
		b->next = i + 2;
		b->more = i + 2 < n;
		return 0;
	}
	if (type >= sizeof width || width[type] == 0 || n % width[type] != 0)
		return -1;
	if (n == 0)
		return b->item == 0 ? 0 : -1;
	one->off = v->off + b->item * width[type];
	one->size = width[type];
	b->more = (b->item + 1) * width[type] < n;
	return 0;
}

/*
 * A substitution token: 1 with the value written, 0 for a null value
 * (the element or attribute holding it is left out), -1 for what is
 * left to libevtx.  A null in a normal substitution is an error to
 * libevtx, so here too.
 */
static int
substitute(struct bx *b, struct cur *k, const struct tvals *tv, int attr)
{
	unsigned tok, id;
	const struct tval *v;
	struct tval one;

	if (!has(k, 4) || tv == NULL)
		return -1;
	tok = b->c[k->pos];
	id = le16(b->c + k->pos + 1);
	k->pos += 4;
	if (id >= tv->n)
		return -1;
	v = &tv->v[id];
	if (v->type == V_NULL)
		return tok == T_OPTSUBST ? 0 : -1;
	if (v->type & 0x80) {
		if (attr || b->arrays++ > 0 || array_item(b, v, &one) != 0)
			return -1;
		return one.size == 0 || put_value(b, &one, 0) == 0 ? 1 : -1;
	}
	if (v->type == V_BINXML)
		return attr ? -1 : put_binxml(b, v) == 0 ? 1 : -1;
	return put_value(b, v, attr) == 0 ? 1 : -1;
}

/* A value token: a string of UTF-16 units with their count. */
static int
value_text(struct bx *b, struct cur *k, int attr)
{
	size_t n;

	if (!has(k, 4) || b->c[k->pos + 1] != V_STRING)
		return -1;
	n = le16(b->c + k->pos + 2);
	k->pos += 4;
	if (!has(k, 2 * n))
		return -1;
	if (put_utf16(b->out, b->c + k->pos, n, attr) != 0)
		return -1;
	k->pos += 2 * n;
	return 1;
}

/*
 * Content tokens of an attribute (attr set) or an element, one at a
 * time: 1 when written, 0 for a null substitution, -1 for a failure,
 * 2 when the token is none of them (left unread).
 */
static int
content(struct bx *b, struct cur *k, const struct tvals *tv, int attr)
{
	static const char *const entities[] = {
		"lt", "gt", "amp", "quot", "apos",
	};
	size_t mark, i;
	uint32_t name;

	if (!has(k, 1))
		return -1;
	switch (b->c[k->pos] & ~T_MORE) {
	case T_VALUE:
		return value_text(b, k, attr);
	case T_SUBST:
	case T_OPTSUBST:
		if (b->c[k->pos] & T_MORE)
			return -1;
		return substitute(b, k, tv, attr);
	case T_CHARREF:
		if (!has(k, 3))
			return -1;
		strbuf_addf(b->out, "&#%u;", le16(b->c + k->pos + 1));
		k->pos += 3;
		return 1;
	case T_ENTITYREF:
		k->pos++;
		strbuf_addch(b->out, '&');
		mark = b->out->len;
		if (name_ref(b, k, &name) != 0)
			return -1;
		for (i = 0; i < sizeof entities / sizeof entities[0]; i++)
			if (strcmp(b->out->buf + mark, entities[i]) == 0)
				break;
		if (i == sizeof entities / sizeof entities[0])
			return -1;
		strbuf_addch(b->out, ';');
		return 1;
	}
	return 2;
}

/* A value that is one piece of text, a single linefeed, is empty to
 * libevtx: so here too.  from: where the value starts in out. */
static void
lone_linefeed(struct strbuf *out, size_t from, size_t pieces)
{
	if (pieces == 1 && out->len == from + 1 && out->buf[from] == '\n')
		strbuf_setlen(out, from);
}

/* The attributes of an element, list bytes from the cursor.  An
 * attribute whose value is a null substitution is left out. */
static int
attributes(struct bx *b, struct cur *k, const struct tvals *tv, size_t list)
{
	size_t end, mark, from, pieces;
	uint32_t name;
	int r, keep;

	if (!has(k, list))
		return -1;
	end = k->pos + list;
	while (k->pos < end) {
		if ((b->c[k->pos] & ~T_MORE) != T_ATTRIBUTE)
			return -1;
		k->pos++;
		mark = b->out->len;
		strbuf_addch(b->out, ' ');
		if (name_ref(b, k, &name) != 0)
			return -1;
		strbuf_addstr(b->out, "=\"");
		keep = 1;
		from = b->out->len;
		pieces = 0;
		while (k->pos < end && (r = content(b, k, tv, 1)) != 2) {
			if (r < 0)
				return -1;
			keep = keep && r == 1;
			pieces++;
		}
		lone_linefeed(b->out, from, pieces);
		strbuf_addch(b->out, '"');
		if (!keep)
			strbuf_setlen(b->out, mark);
	}
	return k->pos == end ? 0 : -1;
}

/*
 * An element.  A 2-byte dependency identifier may precede its size:
 * libevtx decides by the size read without it, which is too large for
 * the chunk when the identifier is there, and so does this.  An element
 * whose content holds a null substitution is left out.
 */
static int
element_once(struct bx *b, struct cur *k, const struct tvals *tv)
{
	size_t tok = k->pos, so = 1, mark = b->out->len, nsize, from;
	size_t pieces = 0;
	uint32_t size, name;
	int r, keep = 1, more, children = 0;

	/* Past the output's limit the chunk is refused: stop early. */
	if (++b->depth > DEPTH_MAX || !has(k, 9) || b->out->truncated)
		return -1;
	more = b->c[tok] & T_MORE;
	size = le32(b->c + tok + 1);
	if (CHUNK - tok > 7 && size > CHUNK - tok - 7)
		so = 3;
	k->pos = tok + so + 4;
	strbuf_addch(b->out, '<');
	if (name_ref(b, k, &name) != 0)
		return -1;
	if (more) {
		if (!has(k, 4))
			return -1;
		size = le32(b->c + k->pos);
		k->pos += 4;
		if (attributes(b, k, tv, size) != 0)
			return -1;
	}
	if (!has(k, 1))
		return -1;
	if (b->c[k->pos] == T_CLOSE_EMPTY) {
		k->pos++;
		strbuf_addstr(b->out, "/>");
		b->depth--;
		return 0;
	}
	if (b->c[k->pos] != T_CLOSE_START)
		return -1;
	k->pos++;
	strbuf_addch(b->out, '>');
	from = b->out->len;
	for (;;) {
		if (!has(k, 1))
			return -1;
		if (b->c[k->pos] == T_END) {
			k->pos++;
			break;
		}
		if ((b->c[k->pos] & ~T_MORE) == T_OPEN) {
			if (render_element(b, k, tv) != 0)
				return -1;
			children = 1;
			continue;
		}
		if ((r = content(b, k, tv, 0)) < 0 || r == 2)
			return -1;
		keep = keep && r == 1;
		pieces++;
	}
	if (!children)
		lone_linefeed(b->out, from, pieces);
	strbuf_addstr(b->out, "</");
	(void)put_name(b, name, &nsize);
	strbuf_addch(b->out, '>');
	if (!keep)
		strbuf_setlen(b->out, mark);
	b->depth--;
	return 0;
}

/* An element, once, or once for each item of the array it holds. */
static int
render_element(struct bx *b, struct cur *k, const struct tvals *tv)
{
	size_t start = k->pos, item = b->item, from = b->from, next = b->next;
	int arrays = b->arrays, more = b->more, r;

	b->item = 0;
	b->from = 0;
	do {
		k->pos = start;
		b->arrays = 0;
		b->more = 0;
		r = element_once(b, k, tv);
		b->from = b->next;
	} while (r == 0 && b->more && ++b->item < ITEMS_MAX &&
	    !b->out->truncated);
	if (b->more)
		r = -1;
	b->item = item;
	b->from = from;
	b->next = next;
	b->arrays = arrays;
	b->more = more;
	return r;
}

/*
 * A template instance: a byte, the template's identifier, the offset of
 * its definition (the next 4 bytes when it is inline: next definition,
 * GUID, size, then the body), then the values: their count, a size and
 * a type for each, their bytes.
 */
static int
render_template(struct bx *b, struct cur *k)
{
	struct tvals tv = { NULL, 0 };
	struct cur body;
	uint32_t def, size, n, i;
	size_t off;
	int r = -1;

	if (++b->nest > NEST_MAX || !has(k, 10))
		return -1;
	def = le32(b->c + k->pos + 6);
	k->pos += 10;
	if (def > CHUNK - 24)
		return -1;
	size = le32(b->c + def + 20);
	if (size > CHUNK - def - 24)
		return -1;
	body.pos = def + 24;
	body.end = def + 24 + size;
	if (def == k->pos) {
		if (!has(k, 24 + (size_t)size))
			return -1;
		k->pos += 24 + size;
	}
	if (!has(k, 4))
		return -1;
	n = le32(b->c + k->pos);
	k->pos += 4;
	if (n > (k->end - k->pos) / 4)
		return -1;
	tv.v = xcalloc(n + 1, sizeof *tv.v);
	tv.n = n;
	off = k->pos + 4 * (size_t)n;
	for (i = 0; i < n; i++) {
		tv.v[i].size = le16(b->c + k->pos + 4 * i);
		tv.v[i].type = b->c[k->pos + 4 * i + 2];
		tv.v[i].off = off;
		off += tv.v[i].size;
		if (off > k->end)
			goto out;
	}
	k->pos = off;
	/* The body: a fragment header, an element, the end. */
	if (!has(&body, 5) || b->c[body.pos] != T_FRAGMENT)
		goto out;
	body.pos += 4;
	if ((b->c[body.pos] & ~T_MORE) != T_OPEN ||
	    render_element(b, &body, &tv) != 0 ||
	    !has(&body, 1) || b->c[body.pos] != T_EOF)
		goto out;
	b->nest--;
	r = 0;
out:
	free(tv.v);
	return r;
}

/* The XML of the record whose binary XML is chunk[off, off + len). */
static int
render_record(const unsigned char *chunk, size_t off, size_t len,
    struct strbuf *out)
{
	struct bx b = { chunk, out, 0, 0, 0, 0, 0, 0, 0 };
	struct cur k = { off, off + len };
	int r;

	if (off > CHUNK || len > CHUNK - off || !has(&k, 5) ||
	    chunk[k.pos] != T_FRAGMENT)
		return -1;
	k.pos += 4;
	if (chunk[k.pos] == T_TEMPLATE)
		r = render_template(&b, &k);
	else if ((chunk[k.pos] & ~T_MORE) == T_OPEN)
		r = render_element(&b, &k, NULL);
	else
		r = -1;
	if (r != 0 || !has(&k, 1) || chunk[k.pos] != T_EOF || out->truncated)
		return -1;
	return 0;
}

/*
 * The records, from the chunk's header to its free space offset (at 48):
 * a signature, the size (its copy closes the record), the number, the
 * time written, the binary XML.
 */
int
evtx_chunk_render(struct evtx_chunk_xml *r, const unsigned char *chunk)
{
	size_t off = 512, end = le32(chunk + 48), size;

	if (end > CHUNK)
		return -1;
	strbuf_reset(&r->xml);
	for (r->n = 0; off < end; r->n++) {
		if (end - off < RECORD_MIN ||
		    memcmp(chunk + off, "**\0\0", 4) != 0)
			return -1;
		size = le32(chunk + off + 4);
		if (size < RECORD_MIN || size > end - off ||
		    le32(chunk + off + size - 4) != size)
			return -1;
		r->id[r->n] = le64(chunk + off + 8);
		r->written[r->n] = le64(chunk + off + 16);
		r->at[r->n] = r->xml.len;
		if (render_record(chunk, off + 24, size - RECORD_MIN,
		    &r->xml) != 0)
			return -1;
		strbuf_addch(&r->xml, '\0');
		off += size;
	}
	r->at[r->n] = r->xml.len;
	return r->xml.truncated ? -1 : 0;
}
