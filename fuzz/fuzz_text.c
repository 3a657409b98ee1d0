/*
 * The text stage (text.c): the line reader over a memory stream and
 * text_slurp(), each with the real limits and again with a tiny one
 * (from the first byte) so that small inputs reach the cutting of long
 * lines and documents.  Every line must be what text.h promises: valid
 * UTF-8 without NUL, NUL-terminated, numbered from 1.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "fuzz.h"
#include "strbuf.h"
#include "text.h"

static void
read_lines(const uint8_t *data, size_t size, const struct limits *limits,
    size_t max_line)
{
	struct text_reader *tr;
	struct text_line line;
	struct mstream *s;
	unsigned long n = 0;
	uint64_t last = 0;
	int r;

	s = mstream_memory_new(data, size, limits);
	tr = text_reader_new(s, max_line);
	while ((r = text_reader_next(tr, &line)) == 1) {
		FUZZ_ASSERT(line.lineno == ++n);
		FUZZ_ASSERT(line.s[line.len] == '\0');
		fuzz_check_utf8(line.s, line.len);
		FUZZ_ASSERT(line.offset <= size);
		FUZZ_ASSERT(n == 1 || line.offset > last);
		last = line.offset;
	}
	FUZZ_ASSERT(r == 0);
	text_reader_free(tr);
	mstream_memory_free(s);
}

static void
slurp(const uint8_t *data, size_t size, const struct limits *limits,
    size_t max)
{
	struct mstream *s;
	const char *err = NULL;
	char *buf;
	size_t len;

	s = mstream_memory_new(data, size, limits);
	if (text_slurp(s, max, &buf, &len, &err) == 0) {
		FUZZ_ASSERT(len <= max);
		FUZZ_ASSERT(buf[len] == '\0');
		fuzz_check_utf8(buf, len);
		free(buf);
	} else
		FUZZ_ASSERT(err != NULL);
	mstream_memory_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct limits limits;
	struct strbuf sb;
	enum text_encoding enc;
	size_t small, bom, k;

	limits_default(&limits);
	small = size > 0 ? 1 + data[0] % 64 : 1;
	read_lines(data, size, &limits, limits.max_line);
	read_lines(data, size, &limits, small);
	slurp(data, size, &limits, limits.max_doc_bytes);
	slurp(data, size, &limits, small * 4);

	bom = text_detect(data, size, &enc);
	FUZZ_ASSERT(bom <= size && bom <= 3);
	strbuf_init(&sb, 0);
	text_sanitise(&sb, (const char *)data, size);
	fuzz_check_utf8(sb.buf, sb.len);
	strbuf_release(&sb);
	k = text_utf8_prefix((const char *)data, size, small);
	FUZZ_ASSERT(k <= size && k <= (size > small ? small : size));
	return 0;
}
