/*
 * text.c: a member's bytes as lines of UTF-8, whatever the encoding, the
 * line ends or the garbage in them; where each line was; and the whole
 * document read for the structured parsers.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bundle.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define LINES_MAX 64

struct lines {
	char			*s[LINES_MAX];
	size_t			 len[LINES_MAX];
	unsigned long		 lineno[LINES_MAX];
	uint64_t		 offset[LINES_MAX];
	int			 cut[LINES_MAX];
	size_t			 n;
	int			 end;		/* last text_reader_next() */
	enum text_encoding	 enc;
	int			 binary;
	char			 error[256];
};

/* Reads every line of buf (len bytes) with the given limits. */
static void
read_lines_limits(struct lines *ls, const void *buf, size_t len,
    size_t max_line, const struct limits *limits)
{
	struct text_reader *tr;
	struct text_line line;
	struct mstream *s;
	int r;

	memset(ls, 0, sizeof *ls);
	s = mstream_memory_new(buf, len, limits);
	tr = text_reader_new(s, max_line);
	ls->enc = text_reader_encoding(tr);
	ls->binary = text_reader_binary(tr);
	while ((r = text_reader_next(tr, &line)) == 1) {
		if (ls->n == LINES_MAX)
			fail_msg("too many lines");
		/* The line is a C string of its stated length. */
		assert_int_equal(strlen(line.s), line.len);
		ls->s[ls->n] = xstrndup(line.s, line.len);
		ls->len[ls->n] = line.len;
		ls->lineno[ls->n] = line.lineno;
		ls->offset[ls->n] = line.offset;
		ls->cut[ls->n] = line.cut;
		ls->n++;
	}
	ls->end = r;
	/* The end is sticky. */
	assert_int_equal(text_reader_next(tr, &line), r);
	snprintf(ls->error, sizeof ls->error, "%s", mstream_error(s));
	text_reader_free(tr);
	mstream_memory_free(s);
}

static void
read_lines_max(struct lines *ls, const void *buf, size_t len,
    size_t max_line)
{
	struct limits l;

	limits_default(&l);
	read_lines_limits(ls, buf, len, max_line, &l);
}

static void
read_lines(struct lines *ls, const void *buf, size_t len)
{
	read_lines_max(ls, buf, len, 64 * 1024);
}

static void
lines_free(struct lines *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++)
		free(ls->s[i]);
	ls->n = 0;
}

/* Line i (from 0) is the string want, at offset, not cut. */
static void
assert_line(const struct lines *ls, size_t i, const char *want,
    uint64_t offset)
{
	if (i >= ls->n)
		fail_msg("line %zu missing (%zu lines)", i + 1, ls->n);
	assert_string_equal(ls->s[i], want);
	assert_int_equal(ls->len[i], strlen(want));
	assert_int_equal(ls->lineno[i], i + 1);
	assert_int_equal(ls->offset[i], offset);
	assert_int_equal(ls->cut[i], 0);
}

#define BUF(s) (s), sizeof (s) - 1

static void
test_utf8_lines(void **state)
{
	struct lines ls;

	(void)state;
	read_lines(&ls, BUF("alpha\nbeta\n\ngamma\n"));
	assert_int_equal(ls.n, 4);
	assert_line(&ls, 0, "alpha", 0);
	assert_line(&ls, 1, "beta", 6);
	assert_line(&ls, 2, "", 11);
	assert_line(&ls, 3, "gamma", 12);
	assert_int_equal(ls.end, 0);
	assert_int_equal(ls.enc, TEXT_UTF8);
	assert_false(ls.binary);
	lines_free(&ls);

	/* Multibyte characters are kept as they are. */
	read_lines(&ls, BUF("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"
	    "x\n"));
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0);
	assert_line(&ls, 1, "x", 15);
	assert_false(ls.binary);
	lines_free(&ls);
}

static void
test_last_line(void **state)
{
	struct lines ls;

	(void)state;
	/* The last line needs no newline. */
	read_lines(&ls, BUF("one\ntwo"));
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "one", 0);
	assert_line(&ls, 1, "two", 4);
	assert_int_equal(ls.end, 0);
	lines_free(&ls);

	/* Only a newline: one empty line. */
	read_lines(&ls, BUF("\n"));
	assert_int_equal(ls.n, 1);
	assert_line(&ls, 0, "", 0);
	lines_free(&ls);

	/* A lone CR at the end is a line end too. */
	read_lines(&ls, BUF("a\r"));
	assert_int_equal(ls.n, 1);
	assert_line(&ls, 0, "a", 0);
	lines_free(&ls);
}

static void
test_empty(void **state)
{
	struct lines ls;

	(void)state;
	read_lines(&ls, "", 0);
	assert_int_equal(ls.n, 0);
	assert_int_equal(ls.end, 0);
	assert_int_equal(ls.enc, TEXT_UTF8);
	assert_false(ls.binary);
	assert_string_equal(ls.error, "");
}

static void
test_crlf(void **state)
{
	struct lines ls;

	(void)state;
	read_lines(&ls, BUF("a\r\nbb\r\n\r\nccc"));
	assert_int_equal(ls.n, 4);
	assert_line(&ls, 0, "a", 0);
	assert_line(&ls, 1, "bb", 3);
	assert_line(&ls, 2, "", 7);
	assert_line(&ls, 3, "ccc", 9);
	lines_free(&ls);

	/* Only the CR right before the newline goes. */
	read_lines(&ls, BUF("a\rb\r\r\n"));
	assert_int_equal(ls.n, 1);
	assert_line(&ls, 0, "a\rb\r", 0);
	lines_free(&ls);
}

static void
test_utf8_bom(void **state)
{
	struct lines ls;

	(void)state;
	read_lines(&ls, BUF("\xef\xbb\xbfhello\nworld\n"));
	assert_int_equal(ls.enc, TEXT_UTF8);
	assert_int_equal(ls.n, 2);
	/* The BOM is not part of the line, but offsets are in the member
	 * as stored. */
	assert_line(&ls, 0, "hello", 3);
	assert_line(&ls, 1, "world", 9);
	lines_free(&ls);
}

static void
test_invalid_utf8(void **state)
{
	struct lines ls;

	(void)state;
	read_lines(&ls, BUF("the agent wrote caf\xe9 here, in Latin-1 bytes, "
	    "among a lot of ordinary ASCII text\nnext\n"));
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "the agent wrote caf\\xE9 here, in Latin-1 "
	    "bytes, among a lot of ordinary ASCII text", 0);
	assert_line(&ls, 1, "next", 80);
	assert_false(ls.binary);
	lines_free(&ls);

	/* Overlong forms, surrogates, a stray continuation byte and a
	 * sequence cut by the line end: all visible, all byte by byte. */
	read_lines(&ls, BUF("\xc0\xaf|\xed\xa0\x80|\x80|\xf5\x80|\xe2\x82\n"));
	assert_int_equal(ls.n, 1);
	assert_line(&ls, 0, "\\xC0\\xAF|\\xED\\xA0\\x80|\\x80|\\xF5\\x80|"
	    "\\xE2\\x82", 0);
	lines_free(&ls);
}

static void
test_utf16le_bom(void **state)
{
	/* "hi\r\n" U+00E9 "\n" U+1F600 */
	static const char in[] =
	    "\xff\xfe" "h\0i\0\r\0\n\0" "\xe9\0\n\0" "\x3d\xd8\x00\xde";
	struct lines ls;

	(void)state;
	read_lines(&ls, in, sizeof in - 1);
	assert_int_equal(ls.enc, TEXT_UTF16LE);
	assert_false(ls.binary);
	assert_int_equal(ls.n, 3);
	assert_line(&ls, 0, "hi", 2);
	assert_line(&ls, 1, "\xc3\xa9", 10);
	assert_line(&ls, 2, "\xf0\x9f\x98\x80", 14);
	assert_int_equal(ls.end, 0);
	lines_free(&ls);
}

static void
test_utf16be_bom(void **state)
{
	static const char in[] =
	    "\xfe\xff" "\0O\0K\0\n" "\x20\xac\0\r\0\n";
	struct lines ls;

	(void)state;
	read_lines(&ls, in, sizeof in - 1);
	assert_int_equal(ls.enc, TEXT_UTF16BE);
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "OK", 2);
	assert_line(&ls, 1, "\xe2\x82\xac", 8);
	lines_free(&ls);
}

static void
test_utf16le_no_bom(void **state)
{
	/* What PowerShell's Out-File writes without a BOM. */
	static const char in[] =
	    "h\0e\0l\0l\0o\0\n\0w\0o\0r\0l\0d\0\r\0\n\0";
	static const char be[] =
	    "\0h\0e\0l\0l\0o\0\n\0w\0o\0r\0l\0d\0\n";
	struct lines ls;

	(void)state;
	read_lines(&ls, in, sizeof in - 1);
	assert_int_equal(ls.enc, TEXT_UTF16LE);
	assert_false(ls.binary);
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "hello", 0);
	assert_line(&ls, 1, "world", 12);
	lines_free(&ls);

	read_lines(&ls, be, sizeof be - 1);
	assert_int_equal(ls.enc, TEXT_UTF16BE);
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "hello", 0);
	assert_line(&ls, 1, "world", 12);
	lines_free(&ls);

	/* Too short to tell: UTF-8, with its NUL bytes escaped. */
	read_lines(&ls, BUF("h\0i\0"));
	assert_int_equal(ls.enc, TEXT_UTF8);
	assert_true(ls.binary);
	assert_int_equal(ls.n, 1);
	assert_line(&ls, 0, "h\\x00i\\x00", 0);
	lines_free(&ls);
}

static void
test_utf16_malformed(void **state)
{
	/* A lone lead surrogate, a lone trail surrogate, a NUL, and an odd
	 * byte at the end. */
	static const char in[] =
	    "\xff\xfe" "\x3d\xd8" "a\0" "\x00\xde" "\0\0" "\n\0" "b\0" "z";
	/* A lead surrogate as the very last unit. */
	static const char tail[] = "\xff\xfe" "a\0" "\x3d\xd8";
	struct lines ls;

	(void)state;
	read_lines(&ls, in, sizeof in - 1);
	assert_int_equal(ls.enc, TEXT_UTF16LE);
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "\\uD83Da\\uDE00\\x00", 2);
	assert_line(&ls, 1, "b\\x7A", 12);
	lines_free(&ls);

	read_lines(&ls, tail, sizeof tail - 1);
	assert_int_equal(ls.n, 1);
	assert_line(&ls, 0, "a\\uD83D", 2);
	lines_free(&ls);

	/* Only a BOM: no line at all. */
	read_lines(&ls, BUF("\xff\xfe"));
	assert_int_equal(ls.enc, TEXT_UTF16LE);
	assert_int_equal(ls.n, 0);
	assert_int_equal(ls.end, 0);
}

static void
test_long_line(void **state)
{
	struct lines ls;

	(void)state;
	read_lines_max(&ls, BUF("0123456789ABCDEF\nshort\n0123456789\n"),
	    10);
	assert_int_equal(ls.n, 3);
	assert_string_equal(ls.s[0], "0123456789");
	assert_int_equal(ls.cut[0], 1);
	assert_int_equal(ls.lineno[0], 1);
	assert_int_equal(ls.offset[0], 0);
	/* The rest of the cut line is dropped, not made a line. */
	assert_line(&ls, 1, "short", 17);
	/* Exactly at the limit is not cut. */
	assert_line(&ls, 2, "0123456789", 23);
	lines_free(&ls);

	/* The last line, without a newline, is cut the same way. */
	read_lines_max(&ls, BUF("ok\n0123456789ABCDEF"), 10);
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "ok", 0);
	assert_string_equal(ls.s[1], "0123456789");
	assert_int_equal(ls.cut[1], 1);
	assert_int_equal(ls.offset[1], 3);
	lines_free(&ls);

	/* UTF-16 lines are cut on their UTF-8 length. */
	read_lines_max(&ls, BUF("\xff\xfe" "a\0b\0c\0d\0\n\0e\0"), 3);
	assert_int_equal(ls.n, 2);
	assert_string_equal(ls.s[0], "abc");
	assert_int_equal(ls.cut[0], 1);
	assert_line(&ls, 1, "e", 12);
	lines_free(&ls);
}

/* Lines longer than the reader's block: kept whole under the limit, cut
 * over it, and the offsets of what follows still right. */
static void
test_line_across_blocks(void **state)
{
	const size_t big = 600 * 1024;
	struct lines ls;
	char *buf;
	size_t i;

	(void)state;
	buf = xmalloc(big + 16);
	for (i = 0; i < big; i++)
		buf[i] = (char)('a' + i % 26);
	memcpy(buf + big, "\nend\n", 5);

	read_lines_max(&ls, buf, big + 5, big);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.len[0], big);
	assert_int_equal(ls.cut[0], 0);
	assert_memory_equal(ls.s[0], buf, big);
	assert_line(&ls, 1, "end", big + 1);
	lines_free(&ls);

	read_lines_max(&ls, buf, big + 5, 1000);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.len[0], 1000);
	assert_int_equal(ls.cut[0], 1);
	assert_memory_equal(ls.s[0], buf, 1000);
	assert_line(&ls, 1, "end", big + 1);
	lines_free(&ls);
	free(buf);
}

static void
test_many_lines(void **state)
{
	struct text_reader *tr;
	struct text_line line;
	struct limits l;
	struct mstream *s;
	struct strbuf sb;
	unsigned long n = 0;
	char want[32];

	(void)state;
	/* Enough lines to cross several reader blocks. */
	strbuf_init(&sb, 0);
	for (n = 0; n < 100000; n++)
		strbuf_addf(&sb, "line %lu\n", n);
	limits_default(&l);
	s = mstream_memory_new(sb.buf, sb.len, &l);
	tr = text_reader_new(s, 1024);
	n = 0;
	while (text_reader_next(tr, &line) == 1) {
		snprintf(want, sizeof want, "line %lu", n);
		if (strcmp(line.s, want) != 0)
			fail_msg("line %lu is \"%s\"", n + 1, line.s);
		assert_int_equal(line.lineno, n + 1);
		assert_memory_equal(sb.buf + line.offset, want, strlen(want));
		n++;
	}
	assert_int_equal(n, 100000);
	assert_int_equal(mstream_offset(s), sb.len);
	text_reader_free(tr);
	mstream_memory_free(s);
	strbuf_release(&sb);
}

/* Every line of a stream, as "lineno offset cut len:text\n". */
static void
dump_lines(struct strbuf *out, const void *buf, size_t len, size_t max_line,
    int ahead, int *end)
{
	struct text_reader *tr;
	struct text_line line;
	struct limits l;
	struct mstream *s;
	int r;

	limits_default(&l);
	s = mstream_memory_new(buf, len, &l);
	tr = text_reader_new(s, max_line);
	if (ahead)
		text_reader_readahead(tr);
	while ((r = text_reader_next(tr, &line)) == 1) {
		assert_int_equal(strlen(line.s), line.len);
		strbuf_addf(out, "%lu %llu %d %zu:", line.lineno,
		    (unsigned long long)line.offset, line.cut, line.len);
		strbuf_add(out, line.s, line.len);
		strbuf_addch(out, '\n');
	}
	*end = r;
	text_reader_free(tr);
	mstream_memory_free(s);
}

/*
 * Read ahead on a thread, the lines are the same: ASCII blocks (whose
 * lines skip the UTF-8 check), blocks with UTF-8, invalid bytes, NUL,
 * CR, lines across blocks and lines over the limit; and UTF-16.
 */
static void
test_readahead(void **state)
{
	struct strbuf in = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	unsigned long n;
	char *u16;
	size_t i;
	int ea, eb;

	(void)state;
	for (n = 0; n < 60000; n++) {
		switch (n % 9973) {
		case 1:
			strbuf_addstr(&in, "caf\xc3\xa9 \xe2\x84\xaa ok");
			break;
		case 2:
			strbuf_addstr(&in, "bad \xff\xfe byte");
			break;
		case 3:
			strbuf_add(&in, "nul \0 byte", 10);
			break;
		case 4:
			for (i = 0; i < 300000; i++)
				strbuf_addch(&in, (char)('a' + i % 26));
			break;
		default:
			strbuf_addf(&in, "2025-03-14T09:12:44.%06luZ INFO "
			    "ExtHandler ExtHandler line %lu", n, n);
			break;
		}
		strbuf_addstr(&in, n % 7 == 0 ? "\r\n" : "\n");
	}
	strbuf_addstr(&in, "no newline at the end");
	dump_lines(&a, in.buf, in.len, 200000, 0, &ea);
	dump_lines(&b, in.buf, in.len, 200000, 1, &eb);
	assert_int_equal(ea, 0);
	assert_int_equal(eb, 0);
	assert_true(a.len > in.len);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);

	/* UTF-16LE takes the same path for its blocks. */
	u16 = xmalloc(2 * in.len + 2);
	u16[0] = (char)0xff;
	u16[1] = (char)0xfe;
	for (i = 0; i < in.len; i++) {
		u16[2 + 2 * i] = (unsigned char)in.buf[i] < 0x80 ?
		    in.buf[i] : '?';
		u16[3 + 2 * i] = 0;
	}
	strbuf_reset(&a);
	strbuf_reset(&b);
	dump_lines(&a, u16, 2 * in.len + 2, 200000, 0, &ea);
	dump_lines(&b, u16, 2 * in.len + 2, 200000, 1, &eb);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	free(u16);

	/* A reader freed early stops its thread. */
	{
		struct text_reader *tr;
		struct text_line line;
		struct limits l;
		struct mstream *s;

		limits_default(&l);
		s = mstream_memory_new(in.buf, in.len, &l);
		tr = text_reader_new(s, 1024);
		text_reader_readahead(tr);
		for (n = 0; n < 20000 && text_reader_next(tr, &line) == 1;
		    n++)
			;
		assert_int_equal(n, 20000);
		text_reader_free(tr);
		mstream_memory_free(s);
	}
	strbuf_release(&in);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void
test_binary(void **state)
{
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"
	    "\x02\0\x3e\0\x01\0\0\0";
	static const char latin1[] = "\xe9\xe8\xe0\xf9\xe7 \xc9t\xe9 \xe0 "
	    "l'h\xf4tel\n";
	unsigned char noise[512];
	struct lines ls;
	size_t i;

	(void)state;
	read_lines(&ls, elf, sizeof elf - 1);
	assert_true(ls.binary);
	lines_free(&ls);

	/* Mostly invalid UTF-8, no NUL. */
	for (i = 0; i < sizeof noise; i++)
		noise[i] = (unsigned char)(0x80 + (i * 7) % 0x40);
	read_lines(&ls, noise, sizeof noise);
	assert_true(ls.binary);
	lines_free(&ls);

	read_lines(&ls, latin1, sizeof latin1 - 1);
	assert_true(ls.binary);
	lines_free(&ls);

	/* Text with a few bad bytes is still text. */
	read_lines(&ls, BUF("2024-01-14T22:16:48.796446Z INFO ExtHandler "
	    "Processing \xff extension\n"));
	assert_false(ls.binary);
	lines_free(&ls);
}

static void
test_binary_cut_sequence(void **state)
{
	char buf[5000];
	struct lines ls;

	(void)state;
	/* A multibyte character cut by the end of the sniffed head is
	 * not a reason to call the member binary. */
	memset(buf, 'a', sizeof buf);
	memcpy(buf + 4094, "\xe2\x82\xac", 3);
	buf[sizeof buf - 1] = '\n';
	read_lines(&ls, buf, sizeof buf);
	assert_false(ls.binary);
	assert_int_equal(ls.n, 1);
	assert_int_equal(ls.len[0], sizeof buf - 1);
	lines_free(&ls);
}

static void
test_member_limit(void **state)
{
	struct limits l;
	struct lines ls;

	(void)state;
	limits_default(&l);
	l.max_member_bytes = 8;
	read_lines_limits(&ls, BUF("abc\ndef\nghi\n"), 1024, &l);
	assert_int_equal(ls.n, 2);
	assert_line(&ls, 0, "abc", 0);
	assert_line(&ls, 1, "def", 4);
	assert_int_equal(ls.end, -1);
	assert_non_null(strstr(ls.error, "member size limit"));
	lines_free(&ls);
}

static void
test_detect(void **state)
{
	enum text_encoding e;

	(void)state;
	assert_int_equal(text_detect((const unsigned char *)"\xef\xbb\xbfx",
	    4, &e), 3);
	assert_int_equal(e, TEXT_UTF8);
	assert_int_equal(text_detect((const unsigned char *)"\xff\xfe", 2,
	    &e), 2);
	assert_int_equal(e, TEXT_UTF16LE);
	assert_int_equal(text_detect((const unsigned char *)"\xfe\xff", 2,
	    &e), 2);
	assert_int_equal(e, TEXT_UTF16BE);
	/* A cut BOM is no BOM. */
	assert_int_equal(text_detect((const unsigned char *)"\xef\xbb", 2,
	    &e), 0);
	assert_int_equal(e, TEXT_UTF8);
	assert_int_equal(text_detect((const unsigned char *)"", 0, &e), 0);
	assert_int_equal(e, TEXT_UTF8);
	/* Zeros everywhere are binary, not UTF-16. */
	assert_int_equal(text_detect((const unsigned char *)
	    "\0\0\0\0\0\0\0\0\0\0", 10, &e), 0);
	assert_int_equal(e, TEXT_UTF8);
	assert_string_equal(text_encoding_name(TEXT_UTF8), "UTF-8");
	assert_string_equal(text_encoding_name(TEXT_UTF16LE), "UTF-16LE");
	assert_string_equal(text_encoding_name(TEXT_UTF16BE), "UTF-16BE");
}

/* A fixed buffer keeps whole characters only. */
static void
test_cut(void **state)
{
	/* "a", then characters of 2, 3 and 4 bytes. */
	static const char s[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	static const size_t fits[] = {
		/* size: bytes kept */
		0, 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10,
	};
	char buf[16];
	size_t size;

	(void)state;
	for (size = 1; size < sizeof fits / sizeof fits[0]; size++) {
		memset(buf, 'x', sizeof buf);
		assert_int_equal(text_cut(buf, size, s, strlen(s)),
		    fits[size]);
		assert_int_equal(strlen(buf), fits[size]);
		assert_memory_equal(buf, s, fits[size]);
		assert_true(text_valid_utf8(buf, fits[size]));
	}
	/* Only n bytes of s are read. */
	assert_int_equal(text_cut(buf, sizeof buf, s, 3), 3);
	assert_string_equal(buf, "a\xc3\xa9");
	assert_int_equal(text_cut(buf, sizeof buf, "", 0), 0);
	assert_string_equal(buf, "");
}

static void
test_sanitise(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb, 0);
	assert_int_equal(text_sanitise(&sb, "ok \xc3\xa9", 5), 0);
	assert_string_equal(sb.buf, "ok \xc3\xa9");
	strbuf_reset(&sb);
	assert_int_equal(text_sanitise(&sb, "a\0b\xff", 4), 2);
	assert_string_equal(sb.buf, "a\\x00b\\xFF");
	strbuf_reset(&sb);
	/* A sequence cut by the end of the input. */
	assert_int_equal(text_sanitise(&sb, "\xe2\x82", 2), 2);
	assert_string_equal(sb.buf, "\\xE2\\x82");
	strbuf_release(&sb);

	assert_true(text_valid_utf8("", 0));
	assert_true(text_valid_utf8("caf\xc3\xa9", 5));
	assert_true(text_valid_utf8("\xf4\x8f\xbf\xbf", 4));
	assert_false(text_valid_utf8("\xf4\x90\x80\x80", 4));
	assert_false(text_valid_utf8("\xe0\x80\x80", 3));
	assert_false(text_valid_utf8("a\0b", 3));
	assert_false(text_valid_utf8("\xc3", 1));

	/* Never a prefix that ends inside a character. */
	assert_int_equal(text_utf8_prefix("caf\xc3\xa9", 5, 10), 5);
	assert_int_equal(text_utf8_prefix("caf\xc3\xa9", 5, 4), 3);
	assert_int_equal(text_utf8_prefix("caf\xc3\xa9x", 6, 5), 5);
	assert_int_equal(text_utf8_prefix("\xf0\x9f\x98\x80", 4, 3), 0);
}

static void
slurp(const void *buf, size_t len, size_t max, int want, const char *text,
    const char *err_part)
{
	struct limits l;
	struct mstream *s;
	char *out = NULL;
	size_t outlen = 0;
	const char *err = NULL;
	int r;

	limits_default(&l);
	s = mstream_memory_new(buf, len, &l);
	r = text_slurp(s, max, &out, &outlen, &err);
	mstream_memory_free(s);
	if (r != want)
		fail_msg("text_slurp returned %d (%s)", r,
		    err != NULL ? err : "no error");
	if (r == 0) {
		assert_non_null(out);
		assert_string_equal(out, text);
		assert_int_equal(outlen, strlen(text));
		free(out);
	} else {
		assert_non_null(err);
		assert_non_null(strstr(err, err_part));
	}
}

static void
test_slurp(void **state)
{
	(void)state;
	slurp(BUF("{\"a\": 1}\n"), 1024, 0, "{\"a\": 1}\n", NULL);
	/* Line ends become \n, a last one is added. */
	slurp(BUF("<a>\r\n<b/>\r\n</a>"), 1024, 0, "<a>\n<b/>\n</a>\n", NULL);
	/* UTF-16 documents arrive as UTF-8. */
	slurp(BUF("\xff\xfe{\0}\0"), 1024, 0, "{}\n", NULL);
	/* Invalid bytes become U+FFFD: a document cannot hold \xNN. */
	slurp(BUF("{\"m\": \"caf\xe9 and a long enough ASCII tail to stay "
	    "text\"}"), 1024, 0, "{\"m\": \"caf\xef\xbf\xbd and a long enough "
	    "ASCII tail to stay text\"}\n", NULL);
	slurp(BUF("\x7f" "ELF\x02\x01\x01\0\0\0"), 1024, -1, NULL, "binary");
	slurp(BUF("0123456789abcdefghij\n"), 10, -1, NULL, "size limit");
	/* Many short lines over the limit, none of them cut. */
	slurp(BUF("0123\n4567\n89ab\ncdef\n"), 12, -1, NULL, "size limit");
}

/* Leaves garbage where the next call's locals will be. */
static void __attribute__((noinline))
dirty_stack(void)
{
	volatile unsigned char junk[16384];
	size_t i;

	for (i = 0; i < sizeof junk; i++)
		junk[i] = 0xa5;
}

static void
test_slurp_empty(void **state)
{
	(void)state;
	/* An empty document is an empty string, whatever the stack held
	 * before. */
	dirty_stack();
	slurp("", 0, 1024, 0, "", NULL);
	dirty_stack();
	slurp(BUF("\xef\xbb\xbf"), 1024, 0, "", NULL);
}

static void
test_trim_blank(void **state)
{
	const char *s = " \t value with inner  spaces \r\n";
	size_t n = strlen(s);

	(void)state;
	text_trim(&s, &n);
	assert_int_equal(n, 24);
	assert_memory_equal(s, "value with inner  spaces", 24);
	s = " \r\n\t";
	n = strlen(s);
	text_trim(&s, &n);
	assert_int_equal(n, 0);
	assert_true(text_blank(" \t ", 3));
	assert_true(text_blank("", 0));
	assert_false(text_blank(" x", 2));
	/* The length bounds the look, not the NUL. */
	assert_true(text_blank("  x", 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim_blank),
		cmocka_unit_test(test_utf8_lines),
		cmocka_unit_test(test_last_line),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_utf16le_bom),
		cmocka_unit_test(test_utf16be_bom),
		cmocka_unit_test(test_utf16le_no_bom),
		cmocka_unit_test(test_utf16_malformed),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_line_across_blocks),
		cmocka_unit_test(test_many_lines),
		cmocka_unit_test(test_readahead),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_binary_cut_sequence),
		cmocka_unit_test(test_member_limit),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_sanitise),
		cmocka_unit_test(test_slurp),
		cmocka_unit_test(test_slurp_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
