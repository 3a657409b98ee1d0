/*
 * The checks and the parser driver the fuzz targets share (fuzz.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "classify.h"
#include "fuzz.h"
#include "pack.h"
#include "parse.h"
#include "redact.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: contract broken: %s\n", file, line, what);
	abort();
}

void
fuzz_check_utf8(const char *s, size_t n)
{
	size_t i;

	FUZZ_ASSERT(s != NULL || n == 0);
	if (text_valid_utf8(s, n))
		return;
	/* Show the string, bytes outside ASCII in hex. */
	fputs("not UTF-8: \"", stderr);
	for (i = 0; i < n && i < 400; i++)
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
			fputc(s[i], stderr);
		else
			fprintf(stderr, "\\x%02X", (unsigned char)s[i]);
	fprintf(stderr, "%s\" (%zu bytes)\n", n > 400 ? "..." : "", n);
	FUZZ_ASSERT(text_valid_utf8(s, n));
}

/* A NUL-terminated string of valid UTF-8. */
static void
check_str(const char *s)
{
	FUZZ_ASSERT(s != NULL);
	fuzz_check_utf8(s, strlen(s));
}

void
fuzz_check_record(const struct record *r)
{
	char when[40], *copy, *red;
	unsigned i;

	FUZZ_ASSERT(r->kind > KIND_UNKNOWN && r->kind < KIND__COUNT);
	FUZZ_ASSERT(r->member != NULL);
	FUZZ_ASSERT(r->level == NULL || strcmp(r->level, "ERROR") == 0 ||
	    strcmp(r->level, "WARNING") == 0 || strcmp(r->level, "INFO") == 0 ||
	    strcmp(r->level, "VERBOSE") == 0);
	FUZZ_ASSERT(r->time.zone == VTIME_NONE || r->time.zone == VTIME_UTC ||
	    r->time.zone == VTIME_LOCAL);
	vtime_format(&r->time, when, sizeof when);
	fuzz_check_utf8(r->text, r->text_len);
	fuzz_check_utf8(r->msg, r->msg_len);
	FUZZ_ASSERT(r->nfields <= RECORD_FIELDS_MAX);
	for (i = 0; i < r->nfields; i++) {
		check_str(r->fields[i].name);
		FUZZ_ASSERT(r->fields[i].name[0] != '\0');
		check_str(r->fields[i].value);
	}
	/* The text reaches the report through redact(), as evidence. */
	if (r->text_len > 0) {
		copy = xstrndup(r->text, r->text_len);
		red = redact(copy);
		check_str(red);
		free(red);
		free(copy);
	}
}

struct check_sink {
	unsigned long	 records;
	enum source_kind kind;
	const struct member *member;
};

static void
check_record(void *arg, const struct record *r)
{
	struct check_sink *cs = arg;
	struct record whole;
	struct field_arena fa;

	/* Completed as the matcher does: what it read before must hold. */
	if (r->deferred) {
		parse_record_complete(r, &whole, &fa);
		FUZZ_ASSERT(r->nfields == 0 && !whole.deferred);
		FUZZ_ASSERT(whole.time.us == r->time.us &&
		    whole.time.zone == r->time.zone);
		FUZZ_ASSERT(whole.level == r->level || (whole.level != NULL &&
		    r->level != NULL && strcmp(whole.level, r->level) == 0));
		FUZZ_ASSERT(whole.msg == r->msg && whole.msg_len == r->msg_len);
		fuzz_check_record(r);
		r = &whole;
	}

	/* An export's records take the kind of their resource. */
	FUZZ_ASSERT(r->kind == cs->kind || (cs->kind == KIND_AZ_EXPORT &&
	    r->kind > KIND_AZ_EXPORT && !kind_is_member(r->kind)));
	FUZZ_ASSERT(r->member == cs->member);
	fuzz_check_record(r);
	cs->records++;
}

unsigned long
fuzz_parse(enum source_kind kind, const char *name, const uint8_t *data,
    size_t size)
{
	struct limits limits;
	struct check_sink cs;
	struct parse_ctx pc;
	struct member m;
	struct sink sink;
	struct mstream *s;

	limits_default(&limits);
	memset(&m, 0, sizeof m);
	m.path = name;
	m.name = name;
	m.size = (int64_t)size;
	s = mstream_memory_new(data, size, &limits);
	memset(&cs, 0, sizeof cs);
	cs.kind = kind;
	cs.member = &m;
	sink.record = check_record;
	sink.let_go = NULL;
	sink.arg = &cs;
	memset(&pc, 0, sizeof pc);
	pc.member = &m;
	pc.stream = s;
	pc.kind = kind;
	pc.limits = &limits;
	pc.sink = &sink;
	/* As the analysis reads logs: heads deferred, completed above. */
	pc.defer_heads = 1;
	parse_member(&pc);
	FUZZ_ASSERT(pc.records == cs.records);
	if (pc.skip_reason != NULL) {
		/* A reason is shown in the report: text, not bytes. */
		check_str(pc.skip_reason);
		free(pc.skip_reason);
	}
	mstream_memory_free(s);
	return cs.records;
}

void
fuzz_load_packs(struct packset *ps, const char *target)
{
	const char *dir = getenv("FUZZ_PATTERNS");
	struct strbuf err;

	if (dir == NULL || *dir == '\0')
		dir = BUILD_PATTERN_DIR;
	strbuf_init(&err, 0);
	if (packset_load(ps, &dir, 1, &err) != 0) {
		fprintf(stderr, "%s: packs in %s: %s", target, dir,
		    strbuf_str(&err));
		exit(1);
	}
	strbuf_release(&err);
}
