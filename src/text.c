#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "bundle.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define RAW_BLOCK (256 * 1024)

static size_t sanitise(struct strbuf *, const char *, size_t, int);

/*
 * Read-ahead: a thread reads (and decompresses) the next block and tells
 * whether it is plain ASCII, while the reader splits the current one.
 * The thread alone touches the stream until it is joined.
 */
struct ahead {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct mstream	*s;
	unsigned char	*buf[2];
	ssize_t		 len[2];	/* 0 the end, -1 an error */
	int		 clean[2];	/* ASCII without NUL */
	int		 ready[2];	/* filled and not given back */
	int		 quit;
};

struct text_reader {
	struct mstream		*s;
	enum text_encoding	 enc;
	size_t			 max_line;
	int			 binary;
	int			 replace;	/* invalid bytes as U+FFFD */

	unsigned char		*raw;
	size_t			 rlen;
	size_t			 rpos;
	uint64_t		 rbase;		/* member offset of raw[0] */
	uint64_t		 start;		/* where the reader began */
	int			 eof;
	int			 failed;
	int			 clean;		/* raw is ASCII without NUL */
	int			 want_ahead;
	struct ahead		*ahead;
	int			 held;		/* ahead buffer in raw, or -1 */
	void			(*on_release)(void *);
	void			*release_arg;

	/* The line being assembled when it spans blocks or needs fixing:
	 * raw bytes (UTF-8) or decoded UTF-8 (UTF-16) in pending, the
	 * result in out. */
	struct strbuf		 pending;
	struct strbuf		 out;
	uint64_t		 line_start;
	int			 in_line;
	int			 cut;
	int			 skipping;	/* dropping the rest of a cut line */
	unsigned long		 lineno;
	unsigned		 high;		/* UTF-16 lead surrogate pending */
};

const char *
text_encoding_name(enum text_encoding e)
{
	switch (e) {
	case TEXT_UTF16LE:
		return "UTF-16LE";
	case TEXT_UTF16BE:
		return "UTF-16BE";
	default:
		return "UTF-8";
	}
}

/* Length of the valid UTF-8 sequence at s, 0 if invalid or truncated. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned cp;

	if (c < 0x80)
		return c == 0 ? 0 : 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are invalid. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

size_t
text_utf8_prefix(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

size_t
text_utf8_encode(unsigned cp, unsigned char u[4])
{
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t
text_cut(char *dst, size_t size, const char *s, size_t n)
{
	n = text_utf8_prefix(s, n, size - 1);
	memcpy(dst, s, n);
	dst[n] = '\0';
	return n;
}

int
text_valid_utf8(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, k;
	uint64_t w, w2;

	while (i < n) {
		/* ASCII runs are the common case: skip them 16 or 8 bytes at
		 * a time.  A byte of 0 borrows and one of 0x80 or more is set
		 * in w itself: either sets a high bit, and the bytes then go
		 * one by one. */
		if (n - i >= 16) {
			memcpy(&w, s + i, 8);
			memcpy(&w2, s + i + 8, 8);
			if ((((w - 0x0101010101010101ull) | w |
			    (w2 - 0x0101010101010101ull) | w2) &
			    0x8080808080808080ull) == 0) {
				i += 16;
				continue;
			}
		}
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((((w - 0x0101010101010101ull) | w) &
			    0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
		if (s[i] >= 0x01 && s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(s + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

size_t
text_sanitise(struct strbuf *out, const char *p, size_t n)
{
	return sanitise(out, p, n, 0);
}

static size_t
sanitise(struct strbuf *out, const char *p, size_t n, int replace)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, run, k, bad = 0;
	char esc[5];

	while (i < n) {
		for (run = i; run < n && s[run] >= 0x01 && s[run] < 0x80; run++)
			;
		if (run > i) {
			strbuf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if ((k = utf8_seq(s + i, n - i)) != 0) {
			strbuf_add(out, s + i, k);
			i += k;
			continue;
		}
		if (replace)
			strbuf_add(out, "\xef\xbf\xbd", 3);	/* U+FFFD */
		else {
			snprintf(esc, sizeof esc, "\\x%02X", s[i]);
			strbuf_add(out, esc, 4);
		}
		bad++;
		i++;
	}
	return bad;
}

size_t
text_detect(const unsigned char *p, size_t n, enum text_encoding *enc)
{
	size_t i, pairs, zero_odd = 0, zero_even = 0;

	*enc = TEXT_UTF8;
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 3;
	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		*enc = TEXT_UTF16LE;
		return 2;
	}
	if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		*enc = TEXT_UTF16BE;
		return 2;
	}
	/* No BOM: text of mostly ASCII characters in UTF-16 has a zero in
	 * every other byte. */
	pairs = n / 2;
	if (pairs > 256)
		pairs = 256;
	if (pairs < 4)
		return 0;
	for (i = 0; i < pairs; i++) {
		zero_even += p[2 * i] == 0;
		zero_odd += p[2 * i + 1] == 0;
	}
	if (zero_odd * 10 >= pairs * 9 && zero_even * 10 <= pairs)
		*enc = TEXT_UTF16LE;
	else if (zero_even * 10 >= pairs * 9 && zero_odd * 10 <= pairs)
		*enc = TEXT_UTF16BE;
	return 0;
}

static int
looks_binary(const unsigned char *p, size_t n)
{
	size_t i = 0, k, bad = 0, nul = 0;

	while (i < n) {
		if (p[i] == 0) {
			nul++;
			i++;
		} else if ((k = utf8_seq(p + i, n - i)) != 0)
			i += k;
		else {
			/* A sequence cut by the end of the sample is fine. */
			if (n - i < 4 && p[i] >= 0xc2)
				break;
			bad++;
			i++;
		}
	}
	return nul > 0 || bad * 10 > n;
}

int
text_head_utf8(const unsigned char *head, size_t n)
{
	enum text_encoding enc;
	size_t bom;

	bom = text_detect(head, n, &enc);
	return enc == TEXT_UTF8 && !looks_binary(head + bom, n - bom);
}

static struct text_reader *
reader_alloc(struct mstream *s, size_t max_line)
{
	struct text_reader *tr;

	tr = xcalloc(1, sizeof *tr);
	tr->s = s;
	tr->max_line = max_line;
	tr->raw = xmalloc(RAW_BLOCK);
	strbuf_init(&tr->pending, 0);
	strbuf_init(&tr->out, 0);
	return tr;
}

struct text_reader *
text_reader_new(struct mstream *s, size_t max_line)
{
	struct text_reader *tr = reader_alloc(s, max_line);
	const unsigned char *head;
	size_t n, bom;

	n = mstream_peek(s, &head, TEXT_HEAD_BYTES);
	bom = text_detect(head, n, &tr->enc);
	if (tr->enc == TEXT_UTF8)
		tr->binary = looks_binary(head + bom, n - bom);
	/* Consume the BOM so that it is not part of the first line. */
	if (bom > 0 && mstream_read(s, tr->raw, bom) == (ssize_t)bom)
		tr->rbase = tr->start = bom;
	return tr;
}

struct text_reader *
text_reader_new_part(struct mstream *s, size_t max_line,
    unsigned long lines)
{
	struct text_reader *tr = reader_alloc(s, max_line);

	/* The member's head, read by the first part's reader, said
	 * UTF-8 text: no BOM or encoding to find here. */
	tr->rbase = tr->start = mstream_offset(s);
	tr->lineno = lines;
	return tr;
}

unsigned long
text_reader_lines(const struct text_reader *tr)
{
	return tr->lineno;
}

static void ahead_stop(struct text_reader *);

void
text_reader_free(struct text_reader *tr)
{
	if (tr == NULL)
		return;
	ahead_stop(tr);
	strbuf_release(&tr->pending);
	strbuf_release(&tr->out);
	free(tr->raw);
	free(tr);
}

void
text_reader_readahead(struct text_reader *tr)
{
	tr->want_ahead = 1;
}

enum text_encoding
text_reader_encoding(const struct text_reader *tr)
{
	return tr->enc;
}

int
text_reader_binary(const struct text_reader *tr)
{
	return tr->binary;
}

/* 1 if the n bytes are ASCII without NUL. */
static int
block_clean(const unsigned char *p, size_t n)
{
	uint64_t w, bad = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		bad |= (w - 0x0101010101010101ull) | w;
	}
	for (; i < n; i++)
		bad |= (uint64_t)(p[i] == 0 || p[i] >= 0x80) << 7;
	return (bad & 0x8080808080808080ull) == 0;
}

static void *
ahead_run(void *arg)
{
	struct ahead *a = arg;
	unsigned fill = 0;
	ssize_t r;
	int clean;

	for (;;) {
		pthread_mutex_lock(&a->lock);
		while (a->ready[fill] && !a->quit)
			pthread_cond_wait(&a->cond, &a->lock);
		if (a->quit) {
			pthread_mutex_unlock(&a->lock);
			break;
		}
		pthread_mutex_unlock(&a->lock);
		r = mstream_read(a->s, a->buf[fill], RAW_BLOCK);
		clean = r > 0 && block_clean(a->buf[fill], (size_t)r);
		pthread_mutex_lock(&a->lock);
		a->len[fill] = r;
		a->clean[fill] = clean;
		a->ready[fill] = 1;
		pthread_cond_broadcast(&a->cond);
		pthread_mutex_unlock(&a->lock);
		if (r <= 0)
			break;
		fill ^= 1;
	}
	return NULL;
}

/* Once a block's worth is read, a thread reads ahead; raw is its first
 * buffer.  0 if it cannot start (the reading goes on in line). */
static int
ahead_start(struct text_reader *tr)
{
	struct ahead *a;

	a = xcalloc(1, sizeof *a);
	a->s = tr->s;
	a->buf[0] = tr->raw;
	a->buf[1] = xmalloc(RAW_BLOCK);
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	if (pthread_create(&a->thread, NULL, ahead_run, a) != 0) {
		pthread_mutex_destroy(&a->lock);
		pthread_cond_destroy(&a->cond);
		free(a->buf[1]);
		free(a);
		return 0;
	}
	tr->ahead = a;
	tr->held = -1;
	return 1;
}

static void
ahead_stop(struct text_reader *tr)
{
	struct ahead *a = tr->ahead;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->quit = 1;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	pthread_mutex_destroy(&a->lock);
	pthread_cond_destroy(&a->cond);
	/* raw is one of them. */
	free(a->buf[0]);
	free(a->buf[1]);
	free(a);
	tr->ahead = NULL;
	tr->raw = NULL;
}

/* The next block from the thread into raw; its length as from
 * mstream_read. */
static ssize_t
ahead_take(struct text_reader *tr)
{
	struct ahead *a = tr->ahead;
	int next = tr->held < 0 ? 0 : tr->held ^ 1;
	ssize_t r;

	pthread_mutex_lock(&a->lock);
	if (tr->held >= 0) {
		a->ready[tr->held] = 0;
		pthread_cond_broadcast(&a->cond);
	}
	while (!a->ready[next])
		pthread_cond_wait(&a->cond, &a->lock);
	r = a->len[next];
	tr->clean = a->clean[next];
	pthread_mutex_unlock(&a->lock);
	tr->held = next;
	tr->raw = a->buf[next];
	return r;
}

/* Refills raw; returns 1 if there is something to read. */
static int
reader_refill(struct text_reader *tr)
{
	ssize_t r;

	if (tr->rpos < tr->rlen)
		return 1;
	if (tr->eof || tr->failed)
		return 0;
	if (tr->on_release != NULL)
		tr->on_release(tr->release_arg);
	tr->rbase += tr->rlen;
	tr->rlen = tr->rpos = 0;
	/* Bytes, not reads: a decompressor returns short reads, and a
	 * small member is not worth a thread. */
	if (tr->ahead == NULL && tr->want_ahead &&
	    tr->rbase - tr->start >= RAW_BLOCK &&
	    !ahead_start(tr))
		tr->want_ahead = 0;
	if (tr->ahead != NULL)
		r = ahead_take(tr);
	else {
		r = mstream_read(tr->s, tr->raw, RAW_BLOCK);
		/* One pass over the block spares each line's UTF-8 check,
		 * as on the read-ahead thread. */
		tr->clean = r > 0 && block_clean(tr->raw, (size_t)r);
	}
	if (r < 0) {
		tr->failed = 1;
		return 0;
	}
	if (r == 0) {
		tr->eof = 1;
		return 0;
	}
	tr->rlen = (size_t)r;
	return 1;
}

/* Appends to the pending line, up to the line limit. */
static void
pending_add(struct text_reader *tr, const void *p, size_t n)
{
	size_t room;

	if (tr->skipping)
		return;
	if (tr->pending.len + n > tr->max_line) {
		room = tr->max_line - tr->pending.len;
		/* Decoded UTF-16 comes a character at a time and is not
		 * sanitised again: cut before the one that does not fit,
		 * not inside it. */
		n = tr->enc == TEXT_UTF8 ? room :
		    text_utf8_prefix(p, n, room);
		tr->cut = 1;
		tr->skipping = 1;
	}
	strbuf_add(&tr->pending, p, n);
}

static void
line_begin(struct text_reader *tr)
{
	if (tr->in_line)
		return;
	tr->in_line = 1;
	tr->line_start = tr->rbase + tr->rpos;
	tr->cut = tr->skipping = 0;
	strbuf_reset(&tr->pending);
}

/* Completes the pending line into *line. */
static void
line_finish(struct text_reader *tr, struct text_line *line,
    int sanitise_bytes)
{
	size_t n = tr->pending.len;

	if (n > 0 && tr->pending.buf[n - 1] == '\r')
		n--;
	strbuf_reset(&tr->out);
	if (sanitise_bytes)
		sanitise(&tr->out, strbuf_str(&tr->pending), n, tr->replace);
	else
		strbuf_add(&tr->out, strbuf_str(&tr->pending), n);
	line->s = strbuf_str(&tr->out);
	line->len = tr->out.len;
	line->lineno = ++tr->lineno;
	line->offset = tr->line_start;
	line->cut = tr->cut;
	line->in_block = 0;
	tr->in_line = 0;
}

static int
next_utf8(struct text_reader *tr, struct text_line *line)
{
	unsigned char *p, *nl;
	size_t n;

	while (reader_refill(tr)) {
		p = tr->raw + tr->rpos;
		n = tr->rlen - tr->rpos;
		nl = memchr(p, '\n', n);
		if (nl == NULL) {
			line_begin(tr);
			pending_add(tr, p, n);
			tr->rpos = tr->rlen;
			continue;
		}
		n = (size_t)(nl - p);
		/* The common case: a whole, clean line inside the block is
		 * handed out in place, without a copy. */
		if (!tr->in_line && n <= tr->max_line &&
		    (tr->clean || text_valid_utf8((char *)p, n))) {
			line->offset = tr->rbase + tr->rpos;
			if (n > 0 && p[n - 1] == '\r')
				n--;
			p[n] = '\0';
			line->s = (char *)p;
			line->len = n;
			line->lineno = ++tr->lineno;
			line->cut = 0;
			line->in_block = 1;
			tr->rpos = (size_t)(nl - tr->raw) + 1;
			return 1;
		}
		line_begin(tr);
		pending_add(tr, p, n);
		tr->rpos = (size_t)(nl - tr->raw) + 1;
		line_finish(tr, line, 1);
		return 1;
	}
	if (tr->in_line) {
		line_finish(tr, line, 1);
		return 1;
	}
	return tr->failed ? -1 : 0;
}

static void
put_codepoint(struct text_reader *tr, unsigned cp)
{
	unsigned char u[4];
	size_t n;
	char esc[8];

	if (cp == 0 && !tr->replace) {
		pending_add(tr, "\\x00", 4);
		return;
	}
	if (cp == 0 || (tr->replace && cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	else if (cp >= 0xd800 && cp <= 0xdfff) {
		/* An unpaired surrogate stays visible. */
		snprintf(esc, sizeof esc, "\\u%04X", cp);
		pending_add(tr, esc, 6);
		return;
	}
	n = text_utf8_encode(cp, u);
	pending_add(tr, u, n);
}

static int
next_byte(struct text_reader *tr, unsigned *b)
{
	if (!reader_refill(tr))
		return 0;
	*b = tr->raw[tr->rpos++];
	return 1;
}

static int
next_utf16(struct text_reader *tr, struct text_line *line)
{
	unsigned unit, b0, b1;
	char esc[5];

	for (;;) {
		if (!reader_refill(tr))
			break;
		line_begin(tr);
		if (!next_byte(tr, &b0))
			break;
		if (!next_byte(tr, &b1)) {
			/* An odd byte at the very end stays visible. */
			snprintf(esc, sizeof esc, "\\x%02X", b0);
			pending_add(tr, esc, 4);
			break;
		}
		unit = tr->enc == TEXT_UTF16LE ? (b0 | b1 << 8) :
		    (b0 << 8 | b1);
		if (tr->high != 0) {
			if (unit >= 0xdc00 && unit <= 0xdfff) {
				put_codepoint(tr, 0x10000 +
				    ((tr->high - 0xd800) << 10) +
				    (unit - 0xdc00));
				tr->high = 0;
				continue;
			}
			put_codepoint(tr, tr->high);
			tr->high = 0;
		}
		if (unit >= 0xd800 && unit <= 0xdbff) {
			tr->high = unit;
			continue;
		}
		if (unit == '\n') {
			line_finish(tr, line, 0);
			return 1;
		}
		put_codepoint(tr, unit);
	}
	if (tr->high != 0) {
		put_codepoint(tr, tr->high);
		tr->high = 0;
	}
	if (tr->in_line) {
		line_finish(tr, line, 0);
		return 1;
	}
	return tr->failed ? -1 : 0;
}

void
text_reader_on_release(struct text_reader *tr, void (*fn)(void *), void *arg)
{
	tr->on_release = fn;
	tr->release_arg = arg;
}

int
text_reader_next(struct text_reader *tr, struct text_line *line)
{
	if (tr->enc == TEXT_UTF8)
		return next_utf8(tr, line);
	return next_utf16(tr, line);
}

int
text_slurp(struct mstream *s, size_t max, char **buf, size_t *len,
    const char **err)
{
	struct text_reader *tr;
	struct text_line line;
	struct strbuf sb;
	int r;

	/* Lines as long as the document: a one-line JSON file is common. */
	tr = text_reader_new(s, max);
	/* A JSON or XML string cannot hold a \\xNN escape. */
	tr->replace = 1;
	if (text_reader_binary(tr)) {
		*err = "binary data, not text";
		text_reader_free(tr);
		return -1;
	}
	strbuf_init(&sb, max);
	/* An empty member has no line: line.cut is read all the same. */
	line.cut = 0;
	while ((r = text_reader_next(tr, &line)) == 1) {
		strbuf_add(&sb, line.s, line.len);
		strbuf_addch(&sb, '\n');
		if (sb.truncated || line.cut)
			break;
	}
	text_reader_free(tr);
	if (r < 0) {
		*err = "read error";
		strbuf_release(&sb);
		return -1;
	}
	if (sb.truncated || line.cut) {
		*err = "larger than the document size limit "
		    "(--limit document)";
		strbuf_release(&sb);
		return -1;
	}
	*len = sb.len;
	*buf = strbuf_detach(&sb);
	return 0;
}

static int
blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
text_trim(const char **s, size_t *n)
{
	while (*n > 0 && blank_char(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && blank_char((*s)[*n - 1]))
		(*n)--;
}

int
text_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}
