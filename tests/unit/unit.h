/*
 * Helpers shared by the cmocka unit tests: a sink that keeps copies of
 * the records a parser emits, and a way to run a parser over a string.
 * The sink checks record.h's contract that every string is UTF-8, so
 * each parser test checks it too.
 * Header-only: each test program includes it once.
 */
#ifndef VMTRIAGE_UNIT_H
#define VMTRIAGE_UNIT_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <cmocka.h>

#include "bundle.h"
#include "parse.h"
#include "record.h"
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#define UNIT_RECORDS_MAX 4096

/* Not every test uses every helper. */
#define UNIT_HELPER static __attribute__((unused))

struct unit_record {
	enum source_kind	 kind;
	unsigned long		 line;
	unsigned		 lines;
	struct vtime		 time;
	char			*level;
	char			*text;
	char			*msg;
	char			*names[RECORD_FIELDS_MAX];
	char			*values[RECORD_FIELDS_MAX];
	unsigned		 nfields;
	int			 cut;
};

struct unit_parse {
	struct unit_record	 rec[UNIT_RECORDS_MAX];
	size_t			 n;
	char			*skip_reason;
};

/*
 * Set: the parsers defer log heads as they do for the analysis
 * (record.h), and the sink completes each deferred record as the matcher
 * does before keeping it.  A test program that runs its cases both ways
 * checks that the records are the same.
 */
static int unit_defer_heads;
static unsigned long unit_deferred;	/* deferred records seen */

UNIT_HELPER char *
unit_strdup(const char *s, size_t n)
{
	return s != NULL ? xstrndup(s, n) : NULL;
}

/* s (n bytes) is valid UTF-8; what says which string, for the failure. */
UNIT_HELPER void
unit_assert_utf8(const char *s, size_t n, const char *what)
{
	if (s != NULL && !text_valid_utf8(s, n))
		fail_msg("%s is not UTF-8: \"%.*s\"", what, (int)n, s);
}

/* Appends n ASCII letters, then 300 two-byte characters: a buffer
 * that cuts the text lands inside a character for one n of any two in a
 * row.  Returns the whole of sb. */
UNIT_HELPER const char *
unit_add_long_text(struct strbuf *sb, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addch(sb, 's');
	for (i = 0; i < 300; i++)
		strbuf_addstr(sb, "\xc3\xa9");
	return strbuf_str(sb);
}

/* What the matcher reads of a deferred record before completing it
 * (its time, level and message) must be what completion gives. */
UNIT_HELPER void
unit_assert_completed(const struct record *r, const struct record *whole)
{
	if (!unit_defer_heads)
		fail_msg("a record deferred, not asked to be");
	assert_int_equal(r->nfields, 0);
	assert_int_equal(whole->deferred, 0);
	assert_int_equal(whole->time.us, r->time.us);
	assert_int_equal(whole->time.zone, r->time.zone);
	assert_true(whole->level == r->level || (whole->level != NULL &&
	    r->level != NULL && strcmp(whole->level, r->level) == 0));
	assert_ptr_equal(whole->text, r->text);
	assert_ptr_equal(whole->msg, r->msg);
	assert_int_equal(whole->msg_len, r->msg_len);
	assert_int_equal(whole->line, r->line);
	assert_int_equal(whole->lines, r->lines);
	assert_int_equal(whole->cut, r->cut);
}

UNIT_HELPER void
unit_sink_record(void *arg, const struct record *r)
{
	struct unit_parse *up = arg;
	struct unit_record *u;
	struct record whole;
	struct field_arena fa;
	unsigned i;

	if (r->deferred) {
		parse_record_complete(r, &whole, &fa);
		unit_assert_completed(r, &whole);
		unit_deferred++;
		r = &whole;
	}

	unit_assert_utf8(r->text, r->text_len, "a record's text");
	unit_assert_utf8(r->msg, r->msg_len, "a record's message");
	for (i = 0; i < r->nfields; i++) {
		unit_assert_utf8(r->fields[i].name,
		    strlen(r->fields[i].name), "a field's name");
		unit_assert_utf8(r->fields[i].value,
		    strlen(r->fields[i].value), r->fields[i].name);
	}
	if (up->n >= UNIT_RECORDS_MAX)
		return;
	u = &up->rec[up->n++];
	memset(u, 0, sizeof *u);
	u->kind = r->kind;
	u->line = r->line;
	u->lines = r->lines;
	u->time = r->time;
	u->level = r->level != NULL ? xstrdup(r->level) : NULL;
	u->text = unit_strdup(r->text, r->text_len);
	u->msg = unit_strdup(r->msg, r->msg_len);
	u->cut = r->cut;
	for (i = 0; i < r->nfields; i++) {
		u->names[i] = xstrdup(r->fields[i].name);
		u->values[i] = xstrdup(r->fields[i].value);
	}
	u->nfields = r->nfields;
}

/*
 * Runs the parser for kind over buf, as the member at path name, into
 * sink, with log heads deferred or not, and read as a part of a log
 * (struct parse_ctx: no read-ahead thread) or not; limits NULL: the
 * defaults.  Returns the skip reason (the caller frees it), checked to
 * be UTF-8.
 */
UNIT_HELPER char *
unit_parse_with(const struct sink *sink, enum source_kind kind,
    const char *name, const void *buf, size_t len,
    const struct limits *limits, int defer, int in_parts)
{
	struct limits deflimits;
	struct parse_ctx pc;
	struct member m;
	struct mstream *s;

	if (limits == NULL) {
		limits_default(&deflimits);
		limits = &deflimits;
	}
	memset(&m, 0, sizeof m);
	m.path = name;
	m.name = name;
	m.size = (int64_t)len;
	s = mstream_memory_new(buf, len, limits);
	memset(&pc, 0, sizeof pc);
	pc.member = &m;
	pc.stream = s;
	pc.kind = kind;
	pc.limits = limits;
	pc.sink = sink;
	pc.defer_heads = defer;
	pc.in_parts = in_parts;
	parse_member(&pc);
	if (pc.skip_reason != NULL)
		unit_assert_utf8(pc.skip_reason, strlen(pc.skip_reason),
		    "the skip reason");
	mstream_memory_free(s);
	return pc.skip_reason;
}

/* unit_parse_with(), read as a whole log. */
UNIT_HELPER char *
unit_parse_into(const struct sink *sink, enum source_kind kind,
    const char *name, const void *buf, size_t len,
    const struct limits *limits, int defer)
{
	return unit_parse_with(sink, kind, name, buf, len, limits, defer, 0);
}

/* Runs the parser for kind over buf as the member at path name. */
UNIT_HELPER void
unit_parse_buf(struct unit_parse *up, enum source_kind kind,
    const char *name, const void *buf, size_t len,
    const struct limits *limits)
{
	struct sink sink;

	memset(up, 0, sizeof *up);
	sink.record = unit_sink_record;
	sink.let_go = NULL;
	sink.arg = up;
	up->skip_reason = unit_parse_into(&sink, kind, name, buf, len, limits,
	    unit_defer_heads);
}

UNIT_HELPER void
unit_parse_str(struct unit_parse *up, enum source_kind kind,
    const char *name, const char *text)
{
	unit_parse_buf(up, kind, name, text, strlen(text), NULL);
}

UNIT_HELPER void
unit_parse_free(struct unit_parse *up)
{
	size_t i;
	unsigned j;

	for (i = 0; i < up->n; i++) {
		free(up->rec[i].level);
		free(up->rec[i].text);
		free(up->rec[i].msg);
		for (j = 0; j < up->rec[i].nfields; j++) {
			free(up->rec[i].names[j]);
			free(up->rec[i].values[j]);
		}
	}
	free(up->skip_reason);
	up->n = 0;
	up->skip_reason = NULL;
}

/* The value of a field of a kept record, NULL when absent. */
UNIT_HELPER const char *
unit_field(const struct unit_record *u, const char *name)
{
	unsigned i;

	for (i = 0; i < u->nfields; i++)
		if (strcmp(u->names[i], name) == 0)
			return u->values[i];
	return NULL;
}

/* The first kept record whose field name equals value, or NULL. */
UNIT_HELPER const struct unit_record *
unit_find(const struct unit_parse *up, const char *name, const char *value)
{
	size_t i;
	const char *v;

	for (i = 0; i < up->n; i++)
		if ((v = unit_field(&up->rec[i], name)) != NULL &&
		    strcmp(v, value) == 0)
			return &up->rec[i];
	return NULL;
}

/* Reads a whole file (test data); NULL if it does not exist. */
UNIT_HELPER char *
unit_read_file(const char *path, size_t *len)
{
	FILE *f;
	char *buf;
	long n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/*
 * The upstream corpus (../shared/corpus, passed as SHARED_CORPUS by make
 * check), or NULL when it is absent: tests that need it skip.
 */
UNIT_HELPER const char *
unit_corpus_dir(void)
{
	static char dir[1024];
	const char *env = getenv("SHARED_CORPUS");
	char probe[1100];
	FILE *f;

	if (env == NULL || *env == '\0')
		return NULL;
	snprintf(dir, sizeof dir, "%s", env);
	snprintf(probe, sizeof probe, "%s/linux/SOURCES.txt", dir);
	if ((f = fopen(probe, "r")) == NULL)
		return NULL;
	fclose(f);
	return dir;
}

/*
 * Reads a test data file of the source tree ($SRCDIR, set by make check,
 * else the current directory) by its path there, e.g.
 * "tests/data/evtx/ID7009-service-timeout.evtx"; NULL if absent.
 */
UNIT_HELPER char *
unit_read_data(const char *rel, size_t *len)
{
	const char *dir = getenv("SRCDIR");
	char path[2048];

	snprintf(path, sizeof path, "%s/%s", dir != NULL && *dir != '\0' ?
	    dir : ".", rel);
	return unit_read_file(path, len);
}

/*
 * Calls fn with the directory of every sample bundle of the source tree
 * (samples/linux, samples/windows, samples/control under $SRCDIR);
 * returns how many, or -1 without $SRCDIR.
 */
UNIT_HELPER long
unit_each_sample(void (*fn)(const char *path, void *arg), void *arg)
{
	static const char *const sets[] = { "linux", "windows", "control" };
	const char *srcdir = getenv("SRCDIR");
	struct dirent *de;
	struct stat st;
	char path[4096];
	long n = 0;
	size_t i;
	DIR *d;

	if (srcdir == NULL)
		return -1;
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		snprintf(path, sizeof path, "%s/samples/%s", srcdir, sets[i]);
		if ((d = opendir(path)) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/samples/%s/%s", srcdir,
			    sets[i], de->d_name);
			if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
				continue;
			fn(path, arg);
			n++;
		}
		closedir(d);
	}
	return n;
}

/* cmocka fixtures: a struct unit_parse per test group, emptied between
 * tests. */
UNIT_HELPER int
unit_setup(void **state)
{
	*state = xcalloc(1, sizeof(struct unit_parse));
	return 0;
}

UNIT_HELPER int
unit_teardown(void **state)
{
	unit_parse_free(*state);
	free(*state);
	return 0;
}

UNIT_HELPER int
unit_reset(void **state)
{
	unit_parse_free(*state);
	return 0;
}

/* No record, field or skip reason holds needle: secrets stay out. */
UNIT_HELPER void
unit_assert_absent(const struct unit_parse *up, const char *needle)
{
	size_t i;
	unsigned j;

	for (i = 0; i < up->n; i++) {
		assert_null(strstr(up->rec[i].text, needle));
		assert_null(strstr(up->rec[i].msg, needle));
		for (j = 0; j < up->rec[i].nfields; j++) {
			assert_null(strstr(up->rec[i].names[j], needle));
			assert_null(strstr(up->rec[i].values[j], needle));
		}
	}
	if (up->skip_reason != NULL)
		assert_null(strstr(up->skip_reason, needle));
}

/* Writes text as dir/name with single quotes turned into double quotes,
 * so that packs in tests read without escapes. */
UNIT_HELPER void
unit_write_pack(const char *dir, const char *name, const char *text)
{
	char *path, *copy, *p;
	FILE *f;

	xasprintf(&path, "%s/%s", dir, name);
	copy = xstrdup(text);
	for (p = copy; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(copy, 1, strlen(copy), f), strlen(copy));
	assert_int_equal(fclose(f), 0);
	free(copy);
	free(path);
}

/* Assertions on a parsed record, shared by the parser tests. */
UNIT_HELPER void
assert_field(const struct unit_record *u, const char *name,
    const char *value)
{
	const char *v = unit_field(u, name);

	if (v == NULL)
		fail_msg("field %s missing", name);
	assert_string_equal(v, value);
}

/* level NULL: the record has none. */
UNIT_HELPER void
assert_level(const struct unit_record *u, const char *level)
{
	if (level == NULL) {
		assert_null(u->level);
		return;
	}
	assert_non_null(u->level);
	assert_string_equal(u->level, level);
}

/* The record's time as vtime_format writes it ("...Z" only for UTC). */
UNIT_HELPER void
assert_time(const struct unit_record *u, const char *iso)
{
	char buf[32];

	vtime_format(&u->time, buf, sizeof buf);
	assert_string_equal(buf, iso);
}

/* The member was skipped with a reason that says part. */
UNIT_HELPER void
assert_skip(const struct unit_parse *up, const char *part)
{
	if (up->skip_reason == NULL)
		fail_msg("no skip reason, want one with \"%s\"", part);
	if (strstr(up->skip_reason, part) == NULL)
		fail_msg("skip reason \"%s\" lacks \"%s\"", up->skip_reason,
		    part);
}

/* Every record of a line log: text spans its lines, the message is
 * inside the text, records follow each other. */
UNIT_HELPER void
assert_log_well_formed(const struct unit_parse *up)
{
	size_t i, nl;
	const char *p;

	for (i = 0; i < up->n; i++) {
		const struct unit_record *u = &up->rec[i];

		assert_non_null(u->text);
		assert_non_null(u->msg);
		assert_true(u->line >= 1);
		assert_true(u->lines >= 1);
		for (nl = 0, p = u->text; (p = strchr(p, '\n')) != NULL; p++)
			nl++;
		if (!u->cut)
			assert_int_equal(nl + 1, u->lines);
		assert_non_null(strstr(u->text, u->msg));
		if (i > 0)
			assert_true(u->line >= up->rec[i - 1].line +
			    up->rec[i - 1].lines);
	}
}

#endif
