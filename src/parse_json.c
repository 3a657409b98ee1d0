/*
 * The JSON files of the agent and its extensions: an extension's status
 * (<Name>-<Version>/status/<seq>.status, on Windows
 * Packages/Plugins/<Name>/<Version>/Status/<seq>.status), its handler
 * status, the agent's status report (waagent_status.json in its three
 * formats, the Windows agent's aggregatestatus.json), a Windows
 * extension's HeartBeat.Json and an agent version's failure record
 * (error.json).
 *
 * This file reads the document and holds the helpers every reader uses;
 * the readers of each kind are in parse_json_status.c.  Each file becomes
 * records whose fields carry what patterns test and whose text is a
 * one-line summary a support engineer reads as evidence.  The values are
 * copied as written: the agent and the extensions disagree on
 * types (a code is 121 in one file and "121" in the next), so every
 * value becomes a string, numbers as integers.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "bundle.h"
#include "parse.h"
#include "parse_json_int.h"
#include "strbuf.h"
#include "text.h"
#include "timeparse.h"
#include "xalloc.h"


void
jrec_init(struct jrec *j, const char *what)
{
	memset(&j->r, 0, sizeof j->r);
	field_arena_reset(&j->fa);
	strbuf_init(&j->text, 0);
	record_add_field(&j->r, "record", what);
}

/* Room left in the arena for one more copy of n bytes and its NUL. */
static size_t
jrec_room(const struct jrec *j)
{
	size_t left = sizeof j->fa.buf - j->fa.used;

	return left > 0 ? left - 1 : 0;
}

/* Adds a copy of value, cut at max bytes; a field that cannot be kept
 * marks the record cut. */
void
jrec_add(struct jrec *j, const char *name, const char *value, size_t max)
{
	size_t n, room;

	if (value == NULL)
		return;
	n = strlen(value);
	room = jrec_room(j);
	if (j->r.nfields >= RECORD_FIELDS_MAX || (room == 0 && n != 0)) {
		j->r.cut = 1;
		return;
	}
	if (room < max)
		max = room;
	if (n > max) {
		n = text_utf8_prefix(value, n, max);
		j->r.cut = 1;
	}
	record_add_field_copy(&j->r, &j->fa, name, value, n);
}

/* Adds a field whose name is made at run time (a telemetry key): the
 * name is copied too, since a record keeps only pointers. */
void
jrec_add_named(struct jrec *j, const char *prefix, const char *key,
    const char *value)
{
	char name[128];
	const char *copy;
	size_t n, vlen;

	n = (size_t)snprintf(name, sizeof name, "%s%s", prefix, key);
	vlen = strlen(value);
	if (vlen > SHORT_MAX) {
		vlen = text_utf8_prefix(value, vlen, SHORT_MAX);
		j->r.cut = 1;
	}
	if (n >= sizeof name || j->r.nfields >= RECORD_FIELDS_MAX ||
	    jrec_room(j) < n + 1 + vlen) {
		j->r.cut = 1;
		return;
	}
	copy = field_arena_add(&j->fa, name, n);
	record_add_field_copy(&j->r, &j->fa, copy, value, vlen);
}

/* Telemetry keys become field names: only plain identifiers do. */
int
telemetry_key_ok(const char *key)
{
	size_t i;

	for (i = 0; key[i] != '\0'; i++)
		if (i >= TELEMETRY_KEY_MAX || (!isalnum((unsigned char)key[i]) &&
		    key[i] != '_' && key[i] != '.' && key[i] != '-'))
			return 0;
	return i > 0;
}

/* A scalar as the string patterns compare; NULL for null, objects and
 * arrays. */
const char *
jscalar(const cJSON *v, char *buf, size_t len)
{
	double d;

	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (!cJSON_IsNumber(v))
		return NULL;
	d = v->valuedouble;
	/* Codes and counts are integers, even when written 121.0. */
	if (d > -9e15 && d < 9e15 && d == (double)(long long)d)
		snprintf(buf, len, "%lld", (long long)d);
	else
		snprintf(buf, len, "%.15g", d);
	return buf;
}

void
jrec_add_json(struct jrec *j, const char *name, const cJSON *v,
    size_t max)
{
	char buf[64];

	jrec_add(j, name, jscalar(v, buf, sizeof buf), max);
}

const cJSON *
jget(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* A key in whichever case the writer chose (HeartBeat.Json). */
const cJSON *
jgeti(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItem(obj, key);
}

/* The first of two spellings that is present. */
static const cJSON *
jget2(const cJSON *obj, const char *key, const char *alt)
{
	const cJSON *v;

	if ((v = jget(obj, key)) != NULL && !cJSON_IsNull(v))
		return v;
	return jget(obj, alt);
}

const char *
jstring(const cJSON *v)
{
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * A status's message: formattedMessage.message, which extensions also
 * write capitalised (the status schema template does), or a plain
 * "message" string as in HandlerStatus.  A "message" object is a
 * localisation id, not text.
 */
const char *
jmessage(const cJSON *obj)
{
	const cJSON *fm;
	const char *s;

	fm = jget2(obj, "formattedMessage", "FormattedMessage");
	if ((s = jstring(jget2(fm, "message", "Message"))) != NULL)
		return s;
	return jstring(jget2(obj, "message", "Message"));
}

/* "/Date(1559865179380)/", the .NET form VMSnapshotLinux writes. */
static int
jtime_dotnet(const char *s, struct vtime *t)
{
	double ms = 0;
	int digits = 0;

	if (*s == '\\')
		s++;
	if (strncmp(s, "/Date(", 6) != 0)
		return -1;
	for (s += 6; isdigit((unsigned char)*s) && digits < 16; s++, digits++)
		ms = ms * 10 + (*s - '0');
	if (digits == 0 || (*s != ')' && *s != '+' && *s != '-'))
		return -1;
	vtime_from_epoch(ms / 1000.0, t);
	return t->zone == VTIME_NONE ? -1 : 0;
}

/* A timestampUTC: ISO-8601 or /Date(ms)/.  The name says UTC, so a time
 * written without a zone is UTC too. */
int
jtime(const cJSON *v, struct vtime *t)
{
	const char *s;

	if ((s = jstring(v)) == NULL)
		return -1;
	if (jtime_dotnet(s, t) == 0)
		return 0;
	if (timeparse_string(s, t) != 0)
		return -1;
	t->zone = VTIME_UTC;
	return 0;
}

/* Appends s to a one-line text: line ends and other controls as spaces. */
static void
jtext_add(struct strbuf *sb, const char *s, size_t max)
{
	size_t n, i, run;

	if (s == NULL)
		return;
	n = text_utf8_prefix(s, strlen(s), max);
	for (i = 0; i < n; i = run) {
		for (run = i; run < n && (unsigned char)s[run] >= 0x20 &&
		    s[run] != 0x7f; run++)
			;
		strbuf_add(sb, s + i, run - i);
		if (run < n) {
			strbuf_addch(sb, ' ');
			run++;
		}
	}
	if (n < strlen(s))
		strbuf_addstr(sb, "...");
}

/* Appends "<prefix><value of field>" when the record has the field. */
int
jtext_field(struct jrec *j, const char *prefix, const char *name)
{
	const char *v;

	if (name == NULL || (v = record_field(&j->r, name)) == NULL ||
	    *v == '\0')
		return 0;
	/* Blanks around a value would only double the text's own. */
	while (isspace((unsigned char)*v))
		v++;
	if (*v == '\0')
		return 0;
	strbuf_addstr(&j->text, prefix);
	jtext_add(&j->text, v, VALUE_MAX);
	while (j->text.len > 0 && j->text.buf[j->text.len - 1] == ' ')
		j->text.buf[--j->text.len] = '\0';
	return 1;
}

/* "status S, code C: message" from the fields of those names. */
void
jtext_status(struct jrec *j, const char *status, const char *code,
    const char *message)
{
	int any;

	any = jtext_field(j, "status ", status);
	if (any)
		any |= jtext_field(j, ", code ", code);
	else
		any = jtext_field(j, "code ", code);
	jtext_field(j, any ? ": " : "", message);
}

void
jrec_emit(struct parse_ctx *pc, struct jrec *j)
{
	j->r.text = strbuf_str(&j->text);
	j->r.text_len = j->text.len;
	j->r.lines = 1;
	if (j->r.time.zone == VTIME_NONE)
		parse_path_time(pc->member->name, &j->r.time);
	parse_emit(pc, &j->r);
	strbuf_release(&j->text);
}

void
jrec_origin(struct jrec *j, const struct origin *o)
{
	if (o->ext[0] != '\0')
		jrec_add(j, "extension", o->ext, SHORT_MAX);
	if (o->ver[0] != '\0')
		jrec_add(j, "extension_version", o->ver, SHORT_MAX);
	if (o->seq[0] != '\0')
		jrec_add(j, "seq", o->seq, SHORT_MAX);
}

/* The subject of a record's text: the extension, else the field named
 * fallback, else what. */
void
jtext_subject(struct jrec *j, const struct origin *o, const char *fallback,
    const char *what)
{
	if (o->ext[0] != '\0')
		jtext_add(&j->text, o->ext, SHORT_MAX);
	else if (fallback == NULL || !jtext_field(j, "", fallback))
		strbuf_addstr(&j->text, what);
}

/* The extension of a path, and the sequence number of a status file
 * ("0.status", or "<ext>.12.status" for multi-config handlers). */
void
origin_from_path(const char *name, struct origin *o)
{
	const char *base, *end, *p;

	memset(o, 0, sizeof *o);
	parse_path_extension(name, o->ext, sizeof o->ext, o->ver,
	    sizeof o->ver);
	base = (base = strrchr(name, '/')) != NULL ? base + 1 : name;
	if ((end = strstr(base, ".status")) == NULL || end[7] != '\0')
		return;
	for (p = end; p > base && isdigit((unsigned char)p[-1]); p--)
		;
	if (p < end && (size_t)(end - p) < sizeof o->seq)
		snprintf(o->seq, sizeof o->seq, "%.*s", (int)(end - p), p);
}

/* Line of p in buf, from 1. */
unsigned long
jline_of(const char *buf, const char *p)
{
	unsigned long line = 1;

	for (; buf < p; buf++)
		if (*buf == '\n')
			line++;
	return line;
}

/*
 * The position where brackets outside strings first nest deeper than max,
 * NULL if they never do: checked before cJSON recurses into them, so that
 * the reason names the limit rather than a syntax error.
 */
static const char *
too_deep(const char *buf, size_t len, unsigned max)
{
	unsigned depth = 0;
	int in_string = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (in_string) {
			if (buf[i] == '\\')
				i++;
			else if (buf[i] == '"')
				in_string = 0;
			continue;
		}
		switch (buf[i]) {
		case '"':
			in_string = 1;
			break;
		case '[':
		case '{':
			if (++depth > max)
				return buf + i;
			break;
		case ']':
		case '}':
			if (depth > 0)
				depth--;
			break;
		}
	}
	return NULL;
}

void
parse_json(struct parse_ctx *pc)
{
	cJSON *root = NULL;
	char *buf = NULL, near[24];
	const char *err, *end = NULL, *why;
	size_t len, i, n;

	if (text_slurp(pc->stream, pc->limits->max_doc_bytes, &buf, &len,
	    &err) != 0) {
		why = mstream_error(pc->stream);
		parse_skip(pc, "%s%s%s", err, *why != '\0' ? ": " : "", why);
		return;
	}
	for (i = 0; i < len && isspace((unsigned char)buf[i]); i++)
		;
	if (i == len) {
		parse_skip(pc, "empty file");
		goto out;
	}
	if ((end = too_deep(buf, len, pc->limits->max_json_depth)) != NULL) {
		parse_skip(pc, "not read: JSON nested deeper than %u levels at "
		    "line %lu (--limit json-depth)", pc->limits->max_json_depth,
		    jline_of(buf, end));
		goto out;
	}
	end = NULL;
	/* cJSON's nesting limit (CJSON_NESTING_LIMIT) bounds the recursion
	 * of the parser and of cJSON_Delete; the position comes back through
	 * end rather than the global cJSON_GetErrorPtr(). */
	if ((root = cJSON_ParseWithLengthOpts(buf, len, &end, 0)) == NULL) {
		if (end == NULL || end < buf || end > buf + len)
			end = buf + len;
		for (i = (size_t)(end - buf); i < len &&
		    isspace((unsigned char)buf[i]); i++)
			;
		if (i == len) {
			parse_skip(pc, "invalid JSON at line %lu: unexpected "
			    "end of input", jline_of(buf, end));
			goto out;
		}
		for (n = 0; n < sizeof near - 1 && end + n < buf + len &&
		    end[n] != '\n'; n++)
			near[n] = isprint((unsigned char)end[n]) ? end[n] : '?';
		near[n] = '\0';
		parse_skip(pc, "invalid JSON at line %lu: syntax error at: %s",
		    jline_of(buf, end), near);
		goto out;
	}

	switch (pc->kind) {
	case KIND_EXT_STATUS:
		ext_status(pc, root);
		break;
	case KIND_HANDLER_STATUS:
		handler_status(pc, root);
		break;
	case KIND_AGENT_STATUS:
		agent_status(pc, root);
		break;
	case KIND_AGENT_ERROR:
		agent_error(pc, root);
		break;
	case KIND_REGISTRY_JSON:
		registry_values(pc, root);
		break;
	case KIND_AGGREGATE_STATUS:
		aggregate_status(pc, root);
		break;
	case KIND_EXT_HEARTBEAT:
		ext_heartbeat(pc, root);
		break;
	default:
		/* An export, or (pack examples) one of its resources. */
		if (KIND_IS_AZ(pc->kind))
			azure_export(pc, root, buf, len);
		break;
	}
out:
	cJSON_Delete(root);
	free(buf);
}
