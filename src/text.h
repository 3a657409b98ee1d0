/*
 * The text stage: a member's bytes as lines of valid UTF-8, whatever they
 * were (UTF-8 with or without BOM, UTF-16LE/BE with or without BOM, CRLF
 * line ends).  Invalid bytes are kept visible as \xNN, the way the agent
 * itself writes non-ASCII, and never stop the reading.
 *
 * Ownership: a text_line points into the reader and is valid until the
 * next text_reader_next() or text_reader_free().
 */
#ifndef VMTRIAGE_TEXT_H
#define VMTRIAGE_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct mstream;

enum text_encoding {
	TEXT_UTF8 = 0,
	TEXT_UTF16LE,
	TEXT_UTF16BE,
};

struct text_line {
	const char	*s;		/* NUL-terminated, no line end */
	size_t		 len;
	unsigned long	 lineno;	/* from 1 */
	uint64_t	 offset;	/* of the line's first byte in the
					   member, as stored */
	int		 cut;		/* over the limit: the rest dropped */
	/* s points into the block read, not into a buffer the next line
	 * reuses: it stays valid past the next text_reader_next(), until
	 * the reader lets go of the block (text_reader_on_release()). */
	int		 in_block;
};

struct text_reader;

/* The bytes of a member's head that decide how it is read. */
#define TEXT_HEAD_BYTES 4096

struct text_reader *text_reader_new(struct mstream *, size_t max_line);
/*
 * A reader for the second part of a member read in two (bundle.h,
 * mstream_part_new()): the stream starts at a line of a member whose
 * head text_head_utf8() accepted, after the given number of lines.
 */
struct text_reader *text_reader_new_part(struct mstream *, size_t max_line,
		    unsigned long lines);
/* Lines handed out so far, those before a part's start included. */
unsigned long	 text_reader_lines(const struct text_reader *);
void		 text_reader_free(struct text_reader *);
/*
 * For a reader that reads to the end: once a block's worth of bytes
 * (256 KiB) is read, a thread reads (and decompresses) the next block
 * while this one is split into lines.  The stream is the thread's until text_reader_free(), which may
 * leave it read further than the lines taken.
 */
void		 text_reader_readahead(struct text_reader *);
/*
 * fn(arg) is called just before the reader lets go of the block that
 * in_block lines point into: a caller keeping such a line past the next
 * text_reader_next() copies it then, and only then.
 */
void		 text_reader_on_release(struct text_reader *,
		    void (*fn)(void *), void *arg);
/* 1: a line in *line; 0: end of input; -1: read error (mstream_error). */
int		 text_reader_next(struct text_reader *, struct text_line *);
enum text_encoding text_reader_encoding(const struct text_reader *);
const char	*text_encoding_name(enum text_encoding);
/* From the first bytes: NUL bytes or mostly invalid UTF-8, not text. */
int		 text_reader_binary(const struct text_reader *);
/* 1 if a member whose first bytes (TEXT_HEAD_BYTES, or all it has) are
 * these is read as UTF-8 text: neither UTF-16 nor binary. */
int		 text_head_utf8(const unsigned char *, size_t);

/*
 * Decides the encoding of a buffer from its BOM or its zero bytes and
 * returns the length of the BOM to skip.
 */
size_t		 text_detect(const unsigned char *, size_t,
		    enum text_encoding *);
/*
 * Appends s (n bytes of supposed UTF-8) to out as valid UTF-8, invalid
 * bytes and NUL as \xNN.  Returns the number of bytes escaped.
 */
struct strbuf;
size_t		 text_sanitise(struct strbuf *out, const char *s, size_t n);
/* The longest prefix of s (n bytes) of at most max bytes that does not
 * end inside a UTF-8 sequence. */
size_t		 text_utf8_prefix(const char *s, size_t n, size_t max);
/* The UTF-8 bytes of code point cp (at most U+10FFFF) into u; returns
 * how many. */
size_t		 text_utf8_encode(unsigned cp, unsigned char u[4]);
/* Copies into dst (size > 0 bytes) the longest prefix of s[0..n) that
 * fits with its NUL and does not end inside a UTF-8 sequence; returns
 * its length.  For fixed buffers that hold text from a bundle. */
size_t		 text_cut(char *dst, size_t size, const char *s, size_t n);
/* Narrows s[0..n) to drop leading and trailing blanks (space, tab, CR,
 * LF). */
void		 text_trim(const char **s, size_t *n);
/* 1 if s[0..n) holds only spaces and tabs (or nothing). */
int		 text_blank(const char *s, size_t n);
/* 1 if the n bytes are valid UTF-8 with no NUL. */
int		 text_valid_utf8(const char *, size_t);

/*
 * Reads a whole member (at most max bytes) as one UTF-8 string for the
 * parsers of structured files.  Returns 0 and sets *buf (caller frees)
 * and *len, or -1 with *err set to a static reason.
 */
int		 text_slurp(struct mstream *, size_t max, char **buf,
		    size_t *len, const char **err);

#endif
