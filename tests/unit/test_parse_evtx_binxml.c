/*
 * parse_evtx_binxml.c: the chunks of the real logs in tests/data/evtx;
 * chunks built here token by token, for what those logs do not hold
 * (every value type, arrays, null substitutions, templates referred to
 * again, nested binary XML); and malformed or hostile chunks, which are
 * refused without a crash.  That the records read the same as libevtx's
 * is test_parse_evtx.c's test_own.
 */
#include "config.h"

#include "unit.h"
#include "parse_event.h"
#include "parse_evtx_int.h"

#define CHUNK	65536

/* ---- a chunk, written token by token ---- */

struct cb {
	unsigned char	*c;
	size_t		 pos;
	size_t		 rec;		/* where the open record starts */
	size_t		 name;		/* where the last name is */
};

static void
u8(struct cb *b, unsigned v)
{
	b->c[b->pos++] = (unsigned char)v;
}

static void
u16(struct cb *b, unsigned v)
{
	u8(b, v & 0xff);
	u8(b, v >> 8);
}

static void
u32(struct cb *b, uint32_t v)
{
	u16(b, v & 0xffff);
	u16(b, v >> 16);
}

static void
u64(struct cb *b, uint64_t v)
{
	u32(b, (uint32_t)v);
	u32(b, (uint32_t)(v >> 32));
}

static void
put32_at(struct cb *b, size_t at, uint32_t v)
{
	size_t pos = b->pos;

	b->pos = at;
	u32(b, v);
	b->pos = pos;
}

static void
utf16(struct cb *b, const char *s)
{
	while (*s != '\0')
		u16(b, (unsigned char)*s++);
}

static void
chunk_init(struct cb *b)
{
	b->c = xcalloc(1, CHUNK);
	memcpy(b->c, "ElfChnk", 8);
	b->c[40] = 128;
	b->pos = 512;
}

static void
record_begin(struct cb *b, uint64_t id)
{
	b->rec = b->pos;
	memcpy(b->c + b->pos, "**\0\0", 4);
	b->pos += 8;
	u64(b, id);
	u64(b, 131443197882141616ULL);
	/* fragment header */
	u8(b, 0x0f);
	u8(b, 1);
	u8(b, 1);
	u8(b, 0);
}

static void
record_end(struct cb *b)
{
	uint32_t size;

	u8(b, 0x00);		/* end of the document */
	size = (uint32_t)(b->pos - b->rec + 4);
	u32(b, size);
	put32_at(b, b->rec + 4, size);
	put32_at(b, 48, (uint32_t)b->pos);
}

/* The name inline, right after its offset. */
static void
name(struct cb *b, const char *s)
{
	b->name = b->pos + 4;
	u32(b, (uint32_t)(b->pos + 4));
	u32(b, 0);
	u16(b, 0);
	u16(b, (unsigned)strlen(s));
	utf16(b, s);
	u16(b, 0);
}

/* An element start with a dependency identifier; attrs: a list
 * follows, whose size attrs_end() writes. */
static size_t
open_elem(struct cb *b, const char *s, int attrs)
{
	size_t at;

	u8(b, attrs ? 0x41 : 0x01);
	u16(b, 0xffff);
	u32(b, 0);
	name(b, s);
	at = b->pos;
	if (attrs)
		u32(b, 0);
	return at;
}

static void
attrs_end(struct cb *b, size_t at)
{
	put32_at(b, at, (uint32_t)(b->pos - at - 4));
}

static void
attr(struct cb *b, const char *s, int last)
{
	u8(b, last ? 0x06 : 0x46);
	name(b, s);
}

static void
text(struct cb *b, const char *s)
{
	u8(b, 0x05);
	u8(b, 0x01);
	u16(b, (unsigned)strlen(s));
	utf16(b, s);
}

static void
subst(struct cb *b, unsigned id, unsigned type, int optional)
{
	u8(b, optional ? 0x0e : 0x0d);
	u16(b, id);
	u8(b, type);
}

/* <name>%id</name> */
static void
subst_elem(struct cb *b, const char *s, unsigned id, unsigned type,
    int optional)
{
	open_elem(b, s, 0);
	u8(b, 0x02);
	subst(b, id, type, optional);
	u8(b, 0x04);
}

struct val {
	unsigned	 type;
	const void	*p;
	size_t		 n;
};

static void
values(struct cb *b, const struct val *v, size_t n)
{
	size_t i;

	u32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		u16(b, (unsigned)v[i].n);
		u8(b, v[i].type);
		u8(b, 0);
	}
	for (i = 0; i < n; i++) {
		if (v[i].n > 0)
			memcpy(b->c + b->pos, v[i].p, v[i].n);
		b->pos += v[i].n;
	}
}

/* A template instance whose definition is inline: returns where the
 * definition is, for records that refer to it. */
static size_t
template_begin(struct cb *b)
{
	size_t def;

	u8(b, 0x0c);
	u8(b, 1);
	u32(b, 7);
	def = b->pos + 4;
	u32(b, (uint32_t)def);
	u32(b, 0);
	memset(b->c + b->pos, 0xab, 16);
	b->pos += 16;
	u32(b, 0);		/* the size, template_end() writes it */
	u8(b, 0x0f);
	u8(b, 1);
	u8(b, 1);
	u8(b, 0);
	return def;
}

static void
template_end(struct cb *b, size_t def)
{
	u8(b, 0x00);
	put32_at(b, def + 20, (uint32_t)(b->pos - def - 24));
}

static void
template_ref(struct cb *b, size_t def)
{
	u8(b, 0x0c);
	u8(b, 1);
	u32(b, 7);
	u32(b, (uint32_t)def);
}

/* ---- checks ---- */

static struct evtx_chunk_xml *
rendered_new(void)
{
	struct evtx_chunk_xml *r = xmalloc(sizeof *r);

	strbuf_init(&r->xml, (size_t)8 << 20);
	return r;
}

static void
rendered_free(struct evtx_chunk_xml *r)
{
	strbuf_release(&r->xml);
	free(r);
}

static const char *
xml_of(const struct evtx_chunk_xml *r, size_t i)
{
	return r->xml.buf + r->at[i];
}

/* Renders, and if it worked, every record is UTF-8 and read by
 * event_from_xml unless bad_ok. */
static int
render(struct evtx_chunk_xml *r, const unsigned char *chunk, int bad_ok)
{
	struct event ev;
	size_t i;

	if (evtx_chunk_render(r, chunk) != 0)
		return -1;
	event_init(&ev);
	for (i = 0; i < r->n; i++) {
		assert_true(r->at[i + 1] > r->at[i]);
		unit_assert_utf8(xml_of(r, i), strlen(xml_of(r, i)),
		    "a record's XML");
		if (event_from_xml(&ev, xml_of(r, i),
		    r->at[i + 1] - r->at[i]) != 0 && !bad_ok)
			fail_msg("not read: %s", xml_of(r, i));
	}
	event_release(&ev);
	return 0;
}

/* The real logs: one chunk each, every record rendered and read. */
static void
test_data_logs(void **state)
{
	static const struct {
		const char	*file;
		size_t		 records;
		const char	*has;
	} logs[] = {
		{ "tests/data/evtx/ID7045-7036-psexec.evtx", 4,
		    "<Data Name=\"ServiceName\">PSEXESVC</Data>" },
		{ "tests/data/evtx/ID7009-service-timeout.evtx", 3,
		    "<EventID Qualifiers=\"49152\">7009</EventID>" },
		{ "tests/data/evtx/Application_no_crc32.evtx", 17, NULL },
	};
	struct evtx_chunk_xml *r = rendered_new();
	unsigned char *buf;
	size_t len, i, k;
	int found;

	(void)state;
	for (i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		buf = (unsigned char *)unit_read_data(logs[i].file, &len);
		if (buf == NULL)
			fail_msg("%s not found: is SRCDIR set?", logs[i].file);
		assert_true(len >= 4096 + CHUNK);
		assert_int_equal(render(r, buf + 4096, 0), 0);
		assert_int_equal(r->n, logs[i].records);
		for (k = 0, found = logs[i].has == NULL; k < r->n; k++) {
			assert_true(strncmp(xml_of(r, k), "<Event xmlns=\""
			    "http://schemas.microsoft.com/win/2004/08/events/"
			    "event\"><System><Provider ", 79) == 0);
			found |= logs[i].has != NULL &&
			    strstr(xml_of(r, k), logs[i].has) != NULL;
		}
		assert_true(found);
		free(buf);
	}
	rendered_free(r);
}

static const unsigned char guid[16] = {
	0xb7, 0xa8, 0x8c, 0xa6, 0x4f, 0x00, 0xb6, 0xd7,
	0xa6, 0x98, 0x07, 0xe2, 0xde, 0x0f, 0x1f, 0x5d,
};
static const unsigned char sid[12] = {
	1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0,
};

/*
 * A chunk of three records: plain XML with text to escape; a template
 * substituting one value of each type the renderer writes; the same
 * template referred to again, with other values.
 */
struct crafted_at {
	size_t	 desc3;		/* record 3's value descriptors */
	size_t	 event_name;	/* record 1's "Event" */
	size_t	 end;
};

static unsigned char *
crafted(struct crafted_at *ca)
{
	static const unsigned char amp[] = { 'a', 0, '&', 0, 'b', 0 };
	static const unsigned char items[] = { 'p', 0, 0, 0, 'q', 0, 0, 0 };
	static const unsigned char yes[4] = { 1 };
	static const unsigned char ft[8] = {	/* 131443197882141616 */
		0xb0, 0x0b, 0xe8, 0x5d, 0xe4, 0xfa, 0xd2, 0x01,
	};
	static const unsigned char hex[8] = { 0, 0, 0, 0, 0, 0, 0x80, 0 };
	static const unsigned char u32max[4] = { 0xff, 0xff, 0xff, 0xff };
	static const unsigned char ansi[3] = { 'o', 'k', 0 };
	static const unsigned char other[] = { 'z', 0 };
	static const unsigned char one[] = { 'o', 0, 'n', 0, 'e', 0 };
	/* libevtx renders a lone linefeed as nothing. */
	static const unsigned char linefeed[] = { '\n', 0 };
	unsigned char inner[64];
	struct cb b, in;
	size_t at, def, data_name;

	chunk_init(&b);

	record_begin(&b, 1);
	at = open_elem(&b, "Event", 1);
	ca->event_name = b.name;
	attr(&b, "a", 1);
	text(&b, "x&y\"");
	attrs_end(&b, at);
	u8(&b, 0x02);
	open_elem(&b, "Data", 0);
	data_name = b.name;
	u8(&b, 0x02);
	text(&b, "text<");
	u8(&b, 0x04);
	open_elem(&b, "E", 0);
	u8(&b, 0x03);
	u8(&b, 0x04);
	record_end(&b);

	record_begin(&b, 2);
	def = template_begin(&b);
	open_elem(&b, "Event", 0);
	u8(&b, 0x02);
	subst_elem(&b, "S", 0, 0x01, 0);
	at = open_elem(&b, "O", 1);
	attr(&b, "a", 1);
	subst(&b, 1, 0x01, 1);
	attrs_end(&b, at);
	u8(&b, 0x03);
	subst_elem(&b, "N", 2, 0x01, 1);
	subst_elem(&b, "A", 3, 0x81, 0);
	subst_elem(&b, "B", 4, 0x0d, 0);
	subst_elem(&b, "G", 5, 0x0f, 0);
	subst_elem(&b, "I", 6, 0x13, 0);
	subst_elem(&b, "T", 7, 0x11, 0);
	subst_elem(&b, "H", 8, 0x15, 0);
	subst_elem(&b, "U", 9, 0x08, 0);
	subst_elem(&b, "X", 10, 0x21, 0);
	subst_elem(&b, "C", 11, 0x02, 0);
	u8(&b, 0x04);
	template_end(&b, def);
	/* Value 10, binary XML: <Data>z</Data>, with no dependency
	 * identifier (the size read first fits), the name record 1's. */
	memset(inner, 0, sizeof inner);
	in.c = inner;
	in.pos = 0;
	u8(&in, 0x01);
	u32(&in, 0);
	u32(&in, (uint32_t)data_name);
	u8(&in, 0x02);
	text(&in, "z");
	u8(&in, 0x04);
	{
		const struct val v[] = {
			{ 0x01, amp, sizeof amp },
			{ 0x00, NULL, 0 },
			{ 0x00, NULL, 0 },
			{ 0x81, items, sizeof items },
			{ 0x0d, yes, sizeof yes },
			{ 0x0f, guid, sizeof guid },
			{ 0x13, sid, sizeof sid },
			{ 0x11, ft, sizeof ft },
			{ 0x15, hex, sizeof hex },
			{ 0x08, u32max, sizeof u32max },
			{ 0x21, inner, in.pos },
			{ 0x02, ansi, sizeof ansi },
		};

		values(&b, v, 12);
	}
	record_end(&b);

	record_begin(&b, 3);
	template_ref(&b, def);
	ca->desc3 = b.pos + 4;
	{
		const struct val v[] = {
			{ 0x01, one, sizeof one },
			{ 0x01, other, sizeof other },
			{ 0x01, linefeed, sizeof linefeed },
			{ 0x81, NULL, 0 },
			{ 0x0d, yes, sizeof yes },
			{ 0x0f, guid, sizeof guid },
			{ 0x13, sid, sizeof sid },
			{ 0x11, ft, sizeof ft },
			{ 0x15, hex, sizeof hex },
			{ 0x08, u32max, sizeof u32max },
			{ 0x01, other, sizeof other },
			{ 0x02, ansi, sizeof ansi },
		};

		values(&b, v, 12);
	}
	record_end(&b);
	ca->end = b.pos;
	return b.c;
}

static const char *const crafted_xml[] = {
	"<Event a=\"x&amp;y&quot;\"><Data>text&lt;</Data><E/></Event>",
	"<Event><S>a&amp;b</S><O/><A>p</A><A>q</A><B>true</B>"
	    "<G>{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}</G><I>S-1-5-18</I>"
	    "<T>2017-07-12T07:56:28.214161600Z</T><H>0x0080000000000000</H>"
	    "<U>4294967295</U><X><Data>z</Data></X><C>ok</C></Event>",
	"<Event><S>one</S><O a=\"z\"/><N></N><A></A><B>true</B>"
	    "<G>{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}</G><I>S-1-5-18</I>"
	    "<T>2017-07-12T07:56:28.214161600Z</T><H>0x0080000000000000</H>"
	    "<U>4294967295</U><X>z</X><C>ok</C></Event>",
};

static void
test_crafted(void **state)
{
	struct evtx_chunk_xml *r = rendered_new();
	struct crafted_at ca;
	unsigned char *c = crafted(&ca);
	size_t i;

	(void)state;
	assert_int_equal(render(r, c, 0), 0);
	assert_int_equal(r->n, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(xml_of(r, i), crafted_xml[i]);
		assert_int_equal(r->id[i], i + 1);
		assert_true(r->written[i] == 131443197882141616ULL);
	}
	free(c);
	rendered_free(r);
}

/* What is refused: the chunk goes to libevtx. */
static void
test_refused(void **state)
{
	struct evtx_chunk_xml *r = rendered_new();
	struct crafted_at ca;
	unsigned char *c;

	(void)state;
	/* A null value in a normal substitution (<S>). */
	c = crafted(&ca);
	c[ca.desc3 + 2] = 0x00;
	assert_int_equal(render(r, c, 0), -1);
	free(c);
	/* Floating point (<U>'s value). */
	c = crafted(&ca);
	c[ca.desc3 + 4 * 9 + 2] = 0x0c;
	assert_int_equal(render(r, c, 0), -1);
	free(c);
	/* A value whose size is not its type's. */
	c = crafted(&ca);
	c[ca.desc3 + 4 * 9] = 3;
	assert_int_equal(render(r, c, 0), -1);
	free(c);
	/* A name that is no XML name. */
	c = crafted(&ca);
	c[ca.event_name + 8] = '<';
	assert_int_equal(render(r, c, 0), -1);
	free(c);
	/* Free space that ends inside a record, or past the chunk. */
	c = crafted(&ca);
	c[48] = (unsigned char)(ca.end - 1);
	c[49] = (unsigned char)((ca.end - 1) >> 8);
	assert_int_equal(render(r, c, 0), -1);
	c[50] = 1;
	assert_int_equal(render(r, c, 0), -1);
	free(c);
	rendered_free(r);
}

/* Elements nested deeper than the renderer goes, arrays longer, and
 * templates whose values hold templates, deeper than it goes. */
static void
test_nesting(void **state)
{
	struct evtx_chunk_xml *r = rendered_new();
	unsigned char inst[2][4096], *c;
	size_t n[2], depth, items, i, def, k;
	struct cb b;

	(void)state;
	for (depth = 60; depth <= 70; depth += 10) {
		chunk_init(&b);
		record_begin(&b, 1);
		for (i = 0; i < depth; i++) {
			open_elem(&b, "e", 0);
			u8(&b, 0x02);
		}
		for (i = 0; i < depth; i++)
			u8(&b, 0x04);
		record_end(&b);
		assert_int_equal(render(r, b.c, 1), depth <= 64 ? 0 : -1);
		free(b.c);
	}
	/* An array repeats its element up to 1024 times. */
	for (items = 1024; items <= 1025; items++) {
		chunk_init(&b);
		record_begin(&b, 1);
		def = template_begin(&b);
		open_elem(&b, "a", 0);
		u8(&b, 0x02);
		subst_elem(&b, "v", 0, 0x81, 0);
		u8(&b, 0x04);
		template_end(&b, def);
		u32(&b, 1);
		u16(&b, (unsigned)(4 * items));
		u8(&b, 0x81);
		u8(&b, 0);
		for (i = 0; i < items; i++)
			u32(&b, 'x');
		record_end(&b);
		assert_int_equal(render(r, b.c, 1), items <= 1024 ? 0 : -1);
		if (items == 1024) {
			assert_int_equal(strlen(xml_of(r, 0)),
			    strlen("<a></a>") + 1024 * strlen("<v>x</v>"));
			assert_non_null(strstr(xml_of(r, 0), "<a><v>x</v><v>"));
		}
		free(b.c);
	}
	for (depth = 3; depth <= 12; depth += 9) {
		chunk_init(&b);
		record_begin(&b, 1);
		def = template_begin(&b);
		subst_elem(&b, "v", 0, 0x21, 0);
		template_end(&b, def);
		/* From the inside out: <v/>'s name, then instances of the
		 * template, each the binary XML value of the next. */
		k = 0;
		n[0] = 0;
		inst[0][n[0]++] = 0x01;
		memset(inst[0] + n[0], 0, 4);
		n[0] += 4;
		inst[0][n[0]++] = (unsigned char)(b.name & 0xff);
		inst[0][n[0]++] = (unsigned char)(b.name >> 8);
		inst[0][n[0]++] = 0;
		inst[0][n[0]++] = 0;
		inst[0][n[0]++] = 0x03;
		for (i = 0; i < depth; i++) {
			struct cb w = { inst[!k], 0, 0, 0 };

			template_ref(&w, def);
			u32(&w, 1);
			u16(&w, (unsigned)n[k]);
			u8(&w, 0x21);
			u8(&w, 0);
			memcpy(w.c + w.pos, inst[k], n[k]);
			n[!k] = w.pos + n[k];
			k = !k;
		}
		/* The record's own instance: its value is the nest. */
		u32(&b, 1);
		u16(&b, (unsigned)n[k]);
		u8(&b, 0x21);
		u8(&b, 0);
		memcpy(b.c + b.pos, inst[k], n[k]);
		b.pos += n[k];
		record_end(&b);
		c = b.c;
		assert_int_equal(render(r, c, 1), depth < 8 ? 0 : -1);
		if (depth < 8)
			assert_string_equal(xml_of(r, 0),
			    "<v><v><v><v><v/></v></v></v></v>");
		free(c);
	}
	rendered_free(r);
}

/*
 * Every byte of the crafted chunk's records changed three ways, the
 * free space offset set to every record boundary and between, and the
 * real chunk changed every few bytes: refused or rendered as UTF-8,
 * never a crash (the sanitizers watch).
 */
static void
test_malformed(void **state)
{
	static const char *const file =
	    "tests/data/evtx/ID7045-7036-psexec.evtx";
	struct evtx_chunk_xml *r = rendered_new();
	struct crafted_at ca;
	unsigned char *c, *buf, keep;
	size_t i, len, end;
	unsigned v;

	(void)state;
	c = crafted(&ca);
	for (i = 512; i < ca.end; i++) {
		keep = c[i];
		for (v = 0; v < 3; v++) {
			c[i] = v == 0 ? 0 : v == 1 ? 0xff : keep ^ 0x40;
			(void)render(r, c, 1);
		}
		c[i] = keep;
	}
	for (end = 0; end <= ca.end + 40; end++) {
		c[48] = (unsigned char)end;
		c[49] = (unsigned char)(end >> 8);
		(void)render(r, c, 1);
	}
	free(c);

	buf = (unsigned char *)unit_read_data(file, &len);
	if (buf == NULL)
		fail_msg("%s not found: is SRCDIR set?", file);
	end = buf[4096 + 48] | (size_t)buf[4096 + 49] << 8;
	for (i = 4096 + 512; i < 4096 + end; i += 3) {
		keep = buf[i];
		buf[i] ^= 0x5a;
		(void)render(r, buf + 4096, 1);
		buf[i] = keep;
	}
	free(buf);
	rendered_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_logs),
		cmocka_unit_test(test_crafted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
