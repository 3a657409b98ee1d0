/*
 * Configuration files and other files read a line at a time.
 *
 * waagent.conf is read by the agent's own rules (ConfigurationProvider in
 * azurelinuxagent/common/conf.py): a line that starts with '#' is a
 * comment; otherwise it is split at its first '='; the value is cut at
 * '#' and stripped of double quotes and spaces; "None" means unset.  The
 * same rules read `waagent -show-configuration` ("Key = value") and
 * /etc/os-release (KEY="value", where single quotes are quotes too).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bundle.h"
#include "parse.h"
#include "text.h"

static int
is_strip(char c)
{
	return c == ' ' || c == '\t' || c == '"' || c == '\'';
}

/* Emits the record of one "key=value" line; 0 if it is not one. */
static int
conf_setting(struct parse_ctx *pc, const struct text_line *l)
{
	struct field_arena fa;
	struct record r;
	const char *eq, *v, *end, *hash;
	size_t klen;
	const char *key;
	char msg[512];
	size_t n;

	if (l->len == 0 || l->s[0] == '#' ||
	    (eq = memchr(l->s, '=', l->len)) == NULL)
		return 0;
	for (key = l->s; key < eq && (*key == ' ' || *key == '\t'); key++)
		;
	for (klen = (size_t)(eq - key); klen > 0 &&
	    (key[klen - 1] == ' ' || key[klen - 1] == '\t'); klen--)
		;
	if (klen == 0)
		return 0;
	v = eq + 1;
	end = l->s + l->len;
	if ((hash = memchr(v, '#', (size_t)(end - v))) != NULL)
		end = hash;
	if (pc->kind == KIND_OS_RELEASE) {
		/* Shell syntax: either quote. */
		while (v < end && is_strip(*v))
			v++;
		while (end > v && is_strip(end[-1]))
			end--;
	} else {
		/* The agent's value.strip("\" ").strip(): a single quote
		 * stays, and 'n' is then no switch value at all. */
		while (v < end && (*v == '"' || *v == ' '))
			v++;
		while (end > v && (end[-1] == '"' || end[-1] == ' '))
			end--;
		while (v < end && isspace((unsigned char)*v))
			v++;
		while (end > v && isspace((unsigned char)end[-1]))
			end--;
	}

	memset(&r, 0, sizeof r);
	field_arena_reset(&fa);
	record_add_field_copy(&r, &fa, "key", key, klen);
	if ((size_t)(end - v) == 4 && memcmp(v, "None", 4) == 0) {
		record_add_field(&r, "value", "");
		record_add_field(&r, "unset", "true");
	} else
		record_add_field_copy(&r, &fa, "value", v, (size_t)(end - v));
	/* Patterns read the setting as the agent understood it. */
	n = text_cut(msg, sizeof msg - 1, key, klen);
	msg[n++] = '=';
	n += text_cut(msg + n, sizeof msg - n, v, (size_t)(end - v));
	r.text = l->s;
	r.text_len = l->len;
	r.msg = msg;
	r.msg_len = n;
	r.line = l->lineno;
	r.lines = 1;
	r.cut = l->cut;
	parse_emit(pc, &r);
	return 1;
}

/* A line as a record of its own, with the extension a path names. */
static void
line_record(struct parse_ctx *pc, const struct text_line *l,
    const char *field)
{
	struct field_arena fa;
	struct record r;
	char ext[256], ver[64];

	memset(&r, 0, sizeof r);
	field_arena_reset(&fa);
	if (field != NULL)
		record_add_field_copy(&r, &fa, field, l->s, l->len);
	if (parse_path_extension(pc->member->name, ext, sizeof ext, ver,
	    sizeof ver)) {
		record_add_field_copy(&r, &fa, "extension", ext, strlen(ext));
		record_add_field_copy(&r, &fa, "extension_version", ver,
		    strlen(ver));
	}
	r.text = l->s;
	r.text_len = l->len;
	r.line = l->lineno;
	r.lines = 1;
	r.cut = l->cut;
	parse_emit(pc, &r);
}

/* Runs fn over every non-blank line; reports unreadable input. */
static void
each_line(struct parse_ctx *pc,
    void (*fn)(struct parse_ctx *, const struct text_line *))
{
	struct text_reader *tr;
	struct text_line l;
	size_t i;
	int r;

	tr = text_reader_new(pc->stream, pc->limits->max_line);
	if (text_reader_binary(tr)) {
		parse_skip(pc, "binary data, not text");
		text_reader_free(tr);
		return;
	}
	while ((r = text_reader_next(tr, &l)) == 1) {
		for (i = 0; i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
			;
		if (i < l.len)
			fn(pc, &l);
	}
	if (r < 0)
		parse_skip(pc, "read stopped: %s", mstream_error(pc->stream));
	text_reader_free(tr);
}

static void
conf_line(struct parse_ctx *pc, const struct text_line *l)
{
	if (conf_setting(pc, l))
		return;
	/* /etc/redhat-release and friends are one line without '='. */
	if (pc->kind == KIND_OS_RELEASE && l->s[0] != '#')
		line_record(pc, l, "release");
}

static void
plain_line(struct parse_ctx *pc, const struct text_line *l)
{
	line_record(pc, l, pc->kind == KIND_HANDLER_STATE ? "state" : NULL);
}

void
parse_conf(struct parse_ctx *pc)
{
	each_line(pc, conf_line);
}

void
parse_lines(struct parse_ctx *pc)
{
	each_line(pc, plain_line);
}
