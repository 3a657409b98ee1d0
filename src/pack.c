/*
 * Loading and validating pattern packs.  Every error names the file and
 * the item, so that `vmtriage packs lint` reads like a compiler's output.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "match.h"
#include "pack.h"
#include "pack_int.h"
#include "strbuf.h"
#include "xalloc.h"

/* A pack file larger than this is not a pack. */
#define PACK_MAX_BYTES (4 * 1024 * 1024)

static const char *const level_names[] = {
	"VERBOSE", "INFO", "WARNING", "ERROR",
};

const char *
confidence_name(enum confidence c)
{
	switch (c) {
	case CONF_HIGH:
		return "high";
	case CONF_MEDIUM:
		return "medium";
	default:
		return "low";
	}
}

unsigned
level_bit(const char *level)
{
	size_t i;

	if (level == NULL)
		return 0;
	for (i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (strcmp(level, level_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *
level_bit_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (bit == 1u << i)
			return level_names[i];
	return "?";
}

void
pack_err(struct strbuf *err, const char *where, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(err, "%s: ", where);
	va_start(ap, fmt);
	strbuf_vaddf(err, fmt, ap);
	va_end(ap);
	strbuf_addch(err, '\n');
}

pcre2_code *
pack_compile(const char *pattern, uint32_t options, struct strbuf *err,
    const char *where)
{
	pcre2_code *re;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	/* Records are valid UTF-8 (the text stage makes them so), but the
	 * option keeps a match over any bytes safe. */
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    options | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		pack_err(err, where, "bad regex at offset %zu: %s", (size_t)off,
		    (char *)msg);
		return NULL;
	}
	/* JIT is an optimisation: the interpreter still works without. */
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

const char *
pack_json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *
pack_json_strdup(const cJSON *obj, const char *key)
{
	const char *s = pack_json_str(obj, key);

	return s != NULL ? xstrdup(s) : NULL;
}

/* A string or an array of strings as a NULL-terminated copy; *n set. */
static char **
json_strings(const cJSON *v, size_t *n, struct strbuf *err,
    const char *where, const char *key)
{
	const cJSON *item;
	char **out;
	size_t i = 0;

	*n = 0;
	if (v == NULL)
		return NULL;
	if (cJSON_IsString(v)) {
		out = xcalloc(2, sizeof *out);
		out[0] = xstrdup(v->valuestring);
		*n = 1;
		return out;
	}
	if (!cJSON_IsArray(v)) {
		pack_err(err, where, "'%s' must be a string or an array of "
		    "strings", key);
		return NULL;
	}
	out = xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *out);
	cJSON_ArrayForEach(item, v) {
		if (!cJSON_IsString(item)) {
			pack_err(err, where, "'%s' must hold strings only", key);
			continue;
		}
		out[i++] = xstrdup(item->valuestring);
	}
	*n = i;
	return out;
}

static void
strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
id_valid(const char *id)
{
	const char *p;

	if (id == NULL || *id == '\0')
		return 0;
	for (p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

kind_mask
pack_kind_mask(const char *name, enum source_kind *first)
{
	enum source_kind k;

	/* "eventlog": an event log in any export; examples are written
	 * as wevtutil XML. */
	if (strcmp(name, "eventlog") == 0) {
		*first = KIND_EVENT_XML;
		return KIND_BIT(KIND_EVENT_XML) | KIND_BIT(KIND_EVTX) |
		    KIND_BIT(KIND_EVENT_CSV) | KIND_BIT(KIND_EVENT_TEXT);
	}
	if ((k = kind_from_name(name)) == KIND_UNKNOWN)
		return 0;
	*first = k;
	return KIND_BIT(k);
}

static kind_mask
parse_kinds(const cJSON *v, enum source_kind *first, struct strbuf *err,
    const char *where)
{
	char **names;
	size_t n, i;
	kind_mask mask = 0, m;
	enum source_kind k;

	names = json_strings(v, &n, err, where, "kinds");
	for (i = 0; i < n; i++) {
		if ((m = pack_kind_mask(names[i], &k)) == 0) {
			pack_err(err, where, "unknown kind '%s'", names[i]);
			continue;
		}
		if (mask == 0 && first != NULL)
			*first = k;
		mask |= m;
	}
	strings_free(names, n);
	return mask;
}

static void
signal_free(struct signal *s)
{
	size_t i;

	free(s->id);
	free(s->title);
	free(s->pattern);
	pcre2_code_free(s->re);
	for (i = 0; i < s->nwhere; i++) {
		free(s->where[i].name);
		free(s->where[i].pattern);
		pcre2_code_free(s->where[i].re);
	}
	free(s->where);
	strings_free(s->group_by, s->ngroup_by);
	free(s->cleared_by_id);
	free(s);
}

/* "where" and "where_not": field name -> regex. */
static void
parse_where(struct signal *s, const cJSON *obj, int negate,
    struct strbuf *err, const char *where)
{
	const cJSON *item;
	struct field_cond *fc;

	if (obj == NULL)
		return;
	if (!cJSON_IsObject(obj)) {
		pack_err(err, where, "'%s' must be an object of field: regex",
		    negate ? "where_not" : "where");
		return;
	}
	cJSON_ArrayForEach(item, obj) {
		if (!cJSON_IsString(item)) {
			pack_err(err, where, "field '%s' needs a regex string",
			    item->string);
			continue;
		}
		s->where = xreallocarray(s->where, s->nwhere + 1,
		    sizeof *s->where);
		fc = &s->where[s->nwhere++];
		fc->name = xstrdup(item->string);
		fc->pattern = xstrdup(item->valuestring);
		fc->negate = negate;
		fc->re = pack_compile(item->valuestring, 0, err, where);
	}
}

static struct signal *
signal_parse(const cJSON *j, const char *pack, struct strbuf *err)
{
	struct signal *s;
	const cJSON *v, *ex;
	char where[512];
	char **levels;
	size_t n, i;
	uint32_t opts = 0;
	const char *flags;

	s = xcalloc(1, sizeof *s);
	s->pack = pack;
	s->id = pack_json_strdup(j, "id");
	snprintf(where, sizeof where, "%s: signal '%s'", pack,
	    s->id != NULL ? s->id : "?");
	if (!id_valid(s->id))
		pack_err(err, where, "needs an 'id' of [a-z0-9._-]");
	s->title = pack_json_strdup(j, "title");
	s->kinds = parse_kinds(cJSON_GetObjectItemCaseSensitive(j, "kinds"),
	    &s->first_kind, err, where);
	if (s->kinds == 0)
		pack_err(err, where, "needs 'kinds'");
	levels = json_strings(cJSON_GetObjectItemCaseSensitive(j, "levels"),
	    &n, err, where, "levels");
	for (i = 0; i < n; i++) {
		if (level_bit(levels[i]) == 0)
			pack_err(err, where, "unknown level '%s'", levels[i]);
		s->levels |= level_bit(levels[i]);
	}
	strings_free(levels, n);
	if ((flags = pack_json_str(j, "flags")) != NULL) {
		if (strchr(flags, 'i') != NULL)
			opts |= PCRE2_CASELESS;
		if (strchr(flags, 's') != NULL)
			opts |= PCRE2_DOTALL;
		if (strchr(flags, 'm') != NULL)
			opts |= PCRE2_MULTILINE;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "regex")) != NULL) {
		if (!cJSON_IsString(v))
			pack_err(err, where, "'regex' must be a string");
		else {
			s->pattern = xstrdup(v->valuestring);
			s->re = pack_compile(s->pattern, opts, err, where);
		}
	}
	s->on_text = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j,
	    "match_whole_record"));
	parse_where(s, cJSON_GetObjectItemCaseSensitive(j, "where"), 0, err,
	    where);
	parse_where(s, cJSON_GetObjectItemCaseSensitive(j, "where_not"), 1, err,
	    where);
	if (s->pattern == NULL && s->nwhere == 0)
		pack_err(err, where, "needs a 'regex' or 'where' conditions");
	s->group_by = json_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "group_by"), &s->ngroup_by, err, where, "group_by");
	s->cleared_by_id = pack_json_strdup(j, "cleared_by");
	ex = cJSON_GetObjectItemCaseSensitive(j, "examples");
	s->examples_match = cJSON_GetObjectItemCaseSensitive(ex, "match");
	s->examples_no_match = cJSON_GetObjectItemCaseSensitive(ex,
	    "no_match");
	if (!cJSON_IsArray(s->examples_match) ||
	    cJSON_GetArraySize(s->examples_match) == 0)
		pack_err(err, where, "needs 'examples.match': real lines that "
		    "must match");
	if (!cJSON_IsArray(s->examples_no_match) ||
	    cJSON_GetArraySize(s->examples_no_match) == 0)
		pack_err(err, where, "needs 'examples.no_match': real lines "
		    "that must not match");
	return s;
}

static void
fact_free(struct fact_def *f)
{
	size_t i;

	free(f->id);
	free(f->title);
	for (i = 0; i < f->nfrom; i++) {
		free(f->from[i].signal_id);
		free(f->from[i].capture);
		free(f->from[i].value);
	}
	free(f->from);
	free(f);
}

static struct fact_def *
fact_parse(const cJSON *j, const char *pack, struct strbuf *err)
{
	static const char *const types[] = { "string", "version", "number" };
	static const char *const takes[] = { "last", "first", "max", "min" };
	struct fact_def *f;
	const cJSON *from, *item;
	const char *s;
	char where[512];
	size_t i;

	f = xcalloc(1, sizeof *f);
	f->pack = pack;
	f->id = pack_json_strdup(j, "id");
	snprintf(where, sizeof where, "%s: fact '%s'", pack,
	    f->id != NULL ? f->id : "?");
	if (f->id == NULL || *f->id == '\0')
		pack_err(err, where, "needs an 'id'");
	f->title = pack_json_strdup(j, "title");
	f->summary = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j,
	    "summary"));
	if ((s = pack_json_str(j, "type")) != NULL) {
		for (i = 0; i < 3 && strcmp(s, types[i]) != 0; i++)
			;
		if (i == 3)
			pack_err(err, where, "unknown type '%s'", s);
		else
			f->type = (enum fact_type)i;
	}
	if ((s = pack_json_str(j, "take")) != NULL) {
		for (i = 0; i < 4 && strcmp(s, takes[i]) != 0; i++)
			;
		if (i == 4)
			pack_err(err, where, "unknown take '%s'", s);
		else
			f->take = (enum fact_take)i;
	}
	from = cJSON_GetObjectItemCaseSensitive(j, "from");
	if (!cJSON_IsArray(from) || cJSON_GetArraySize(from) == 0) {
		pack_err(err, where, "needs 'from': [{signal, capture}] or "
		    "[{signal, value}]");
		return f;
	}
	f->from = xcalloc((size_t)cJSON_GetArraySize(from), sizeof *f->from);
	cJSON_ArrayForEach(item, from) {
		f->from[f->nfrom].signal_id = pack_json_strdup(item, "signal");
		f->from[f->nfrom].capture = pack_json_strdup(item, "capture");
		f->from[f->nfrom].value = pack_json_strdup(item, "value");
		if (f->from[f->nfrom].signal_id == NULL ||
		    (f->from[f->nfrom].capture == NULL) ==
		    (f->from[f->nfrom].value == NULL))
			pack_err(err, where, "each 'from' needs 'signal' and "
			    "either 'capture' or 'value'");
		f->nfrom++;
	}
	return f;
}

static void
cause_free(struct cause *c)
{
	size_t i;

	free(c->id);
	free(c->title);
	strings_free(c->explains, c->nexplains);
	for (i = 0; i < c->nfound; i++) {
		cond_free(c->found[i].when);
		free(c->found[i].summary);
	}
	free(c->found);
	for (i = 0; i < c->nruled_out; i++) {
		cond_free(c->ruled_out[i].when);
		free(c->ruled_out[i].why);
	}
	free(c->ruled_out);
	for (i = 0; i < c->nundecided; i++) {
		cond_free(c->undecided[i].when);
		free(c->undecided[i].why);
	}
	free(c->undecided);
	free(c->missing);
	free(c->missing_windows);
	strings_free(c->leads_to_ids, c->nleads_to);
	free(c->leads_to);
	strings_free(c->remedy, c->nremedy);
	strings_free(c->remedy_windows, c->nremedy_windows);
	free(c->doc);
	free(c);
}

/* "ruled_out" and "undecided": [{"when": COND, "why": TEXT}]. */
static struct ruled_out_rule *
parse_why_rules(const cJSON *j, const char *key, size_t *n,
    struct strbuf *err, const char *where)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, key), *item;
	struct ruled_out_rule *rules, *rr;

	*n = 0;
	if (arr == NULL)
		return NULL;
	if (!cJSON_IsArray(arr)) {
		pack_err(err, where, "'%s' must be an array of rules", key);
		return NULL;
	}
	rules = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *rules);
	cJSON_ArrayForEach(item, arr) {
		rr = &rules[(*n)++];
		cond_parse(cJSON_GetObjectItemCaseSensitive(item, "when"),
		    &rr->when, err, where);
		rr->why = pack_json_strdup(item, "why");
		if (rr->why == NULL)
			pack_err(err, where, "each '%s' rule needs a 'why'",
			    key);
	}
	return rules;
}

static unsigned
parse_platforms(const cJSON *v, struct strbuf *err, const char *where)
{
	char **names;
	size_t n, i;
	unsigned bits = 0;

	names = json_strings(v, &n, err, where, "platform");
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "linux") == 0)
			bits |= PLAT_LINUX;
		else if (strcmp(names[i], "windows") == 0)
			bits |= PLAT_WINDOWS;
		else if (strcmp(names[i], "control") == 0)
			bits |= PLAT_CONTROL;
		else
			pack_err(err, where, "unknown platform '%s'", names[i]);
	}
	strings_free(names, n);
	return bits;
}

/* For pack_check.c (pack_int.h). */
char **
pack_strings(const cJSON *v, size_t *n, struct strbuf *err, const char *where,
    const char *key)
{
	return json_strings(v, n, err, where, key);
}

void
pack_strings_free(char **v, size_t n)
{
	strings_free(v, n);
}

int
pack_id_valid(const char *id)
{
	return id_valid(id);
}

kind_mask
pack_kinds(const cJSON *v, enum source_kind *first, struct strbuf *err,
    const char *where)
{
	return parse_kinds(v, first, err, where);
}

unsigned
pack_platforms(const cJSON *v, struct strbuf *err, const char *where)
{
	return parse_platforms(v, err, where);
}

static int
parse_confidence(const char *s, enum confidence *c)
{
	if (s == NULL || strcmp(s, "high") == 0)
		*c = CONF_HIGH;
	else if (strcmp(s, "medium") == 0)
		*c = CONF_MEDIUM;
	else if (strcmp(s, "low") == 0)
		*c = CONF_LOW;
	else
		return -1;
	return 0;
}

static struct cause *
cause_parse(const cJSON *j, const char *pack, struct strbuf *err)
{
	struct cause *c;
	const cJSON *arr, *item, *needs;
	char where[512];
	const char *conf;

	c = xcalloc(1, sizeof *c);
	c->pack = pack;
	c->id = pack_json_strdup(j, "id");
	snprintf(where, sizeof where, "%s: cause '%s'", pack,
	    c->id != NULL ? c->id : "?");
	if (!id_valid(c->id))
		pack_err(err, where, "needs an 'id' of [a-z0-9._-]");
	c->title = pack_json_strdup(j, "title");
	if (c->title == NULL)
		pack_err(err, where, "needs a 'title'");
	c->platforms = parse_platforms(cJSON_GetObjectItemCaseSensitive(j,
	    "platform"), err, where);
	if (c->platforms == 0)
		pack_err(err, where, "needs a 'platform'");
	c->explains = json_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "explains"), &c->nexplains, err, where, "explains");
	arr = cJSON_GetObjectItemCaseSensitive(j, "found");
	if (arr != NULL && !cJSON_IsArray(arr))
		pack_err(err, where, "'found' must be an array of rules");
	else if (arr != NULL) {
		c->found = xcalloc((size_t)cJSON_GetArraySize(arr) + 1,
		    sizeof *c->found);
		cJSON_ArrayForEach(item, arr) {
			struct found_rule *fr = &c->found[c->nfound++];

			cond_parse(cJSON_GetObjectItemCaseSensitive(item,
			    "when"), &fr->when, err, where);
			conf = pack_json_str(item, "confidence");
			if (parse_confidence(conf, &fr->confidence) != 0)
				pack_err(err, where, "unknown confidence '%s'",
				    conf);
			fr->summary = pack_json_strdup(item, "summary");
			if (fr->summary == NULL)
				pack_err(err, where, "each 'found' rule needs "
				    "a 'summary'");
		}
	}
	c->ruled_out = parse_why_rules(j, "ruled_out", &c->nruled_out, err,
	    where);
	c->undecided = parse_why_rules(j, "undecided", &c->nundecided, err,
	    where);
	needs = cJSON_GetObjectItemCaseSensitive(j, "needs");
	c->needs = parse_kinds(cJSON_GetObjectItemCaseSensitive(needs, "kinds"),
	    NULL, err, where);
	c->missing = pack_json_strdup(needs, "missing");
	c->missing_windows = pack_json_strdup(needs, "missing_windows");
	if (c->missing == NULL)
		pack_err(err, where, "needs 'needs.missing': what file would "
		    "decide it");
	c->leads_to_ids = json_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "leads_to"), &c->nleads_to, err, where, "leads_to");
	c->remedy = json_strings(cJSON_GetObjectItemCaseSensitive(j, "remedy"),
	    &c->nremedy, err, where, "remedy");
	c->remedy_windows = json_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "remedy_windows"), &c->nremedy_windows, err, where,
	    "remedy_windows");
	if (c->nremedy == 0)
		pack_err(err, where, "needs a 'remedy'");
	c->doc = pack_json_strdup(j, "doc");
	if (c->doc == NULL || strncmp(c->doc, "https://", 8) != 0)
		pack_err(err, where, "needs a 'doc' https link");
	return c;
}

static struct symptom *
symptom_parse(const cJSON *j, const char *pack, struct strbuf *err)
{
	struct symptom *s;

	s = xcalloc(1, sizeof *s);
	s->code = pack_json_strdup(j, "code");
	s->message = pack_json_strdup(j, "message");
	s->doc = pack_json_strdup(j, "doc");
	if (s->code == NULL || s->message == NULL)
		pack_err(err, pack, "each symptom needs 'code' and 'message'");
	s->observed_by_ids = json_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "observed_by"), &s->nobserved_by, err, pack, "observed_by");
	return s;
}

static void
symptom_free(struct symptom *s)
{
	strings_free(s->observed_by_ids, s->nobserved_by);
	free(s->observed_by);
	free(s->code);
	free(s->message);
	free(s->doc);
	free(s);
}

static char *
read_file(const char *path, size_t *len, struct strbuf *err)
{
	FILE *f;
	char *buf;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		pack_err(err, path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	buf = xmalloc(PACK_MAX_BYTES + 1);
	n = fread(buf, 1, PACK_MAX_BYTES + 1, f);
	fclose(f);
	if (n > PACK_MAX_BYTES) {
		pack_err(err, path, "larger than %d bytes", PACK_MAX_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Counts the lines before p, for a JSON error position. */
static unsigned
line_of(const char *buf, const char *p)
{
	unsigned line = 1;

	for (; buf < p; buf++)
		line += *buf == '\n';
	return line;
}

/* One pack from the JSON text buf[0..len), read from path. */
static int
pack_load_text(struct packset *ps, const char *path, const char *name,
    const char *buf, size_t len, struct strbuf *err)
{
	struct pack *p;
	const cJSON *arr, *item;
	size_t before = err->len;

	p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	p->json = cJSON_ParseWithLength(buf, len);
	if (p->json == NULL || !cJSON_IsObject(p->json)) {
		const char *at = cJSON_GetErrorPtr();

		pack_err(err, path, "invalid JSON near line %u",
		    at != NULL && at >= buf && at <= buf + len ?
		    line_of(buf, at) : 1);
		cJSON_Delete(p->json);
		free(p->path);
		free(p);
		return -1;
	}
	p->name = pack_json_str(p->json, "pack") != NULL ?
	    xstrdup(pack_json_str(p->json, "pack")) : xstrdup(name);
	p->description = pack_json_strdup(p->json, "description");
	PACK_APPEND(ps->packs, ps->npacks, p);

	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(p->json,
	    "signals"))
		PACK_APPEND(ps->signals, ps->nsignals, signal_parse(item, p->name,
		    err));
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(p->json,
	    "facts"))
		PACK_APPEND(ps->facts, ps->nfacts, fact_parse(item, p->name, err));
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(p->json,
	    "causes"))
		PACK_APPEND(ps->causes, ps->ncauses, cause_parse(item, p->name,
		    err));
	arr = cJSON_GetObjectItemCaseSensitive(p->json, "symptoms");
	cJSON_ArrayForEach(item, arr)
		PACK_APPEND(ps->symptoms, ps->nsymptoms, symptom_parse(item,
		    p->name, err));
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(p->json,
	    "data"))
		PACK_APPEND(ps->data, ps->ndata, pack_data_parse(item, p->name, err));
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(p->json,
	    "checks"))
		PACK_APPEND(ps->checks, ps->nchecks, pack_check_parse(item, p->name,
		    err));
	return err->len == before ? 0 : -1;
}

static int
pack_load_file(struct packset *ps, const char *path, const char *name,
    struct strbuf *err)
{
	char *buf;
	size_t len;
	int r;

	if ((buf = read_file(path, &len, err)) == NULL)
		return -1;
	r = pack_load_text(ps, path, name, buf, len, err);
	free(buf);
	return r;
}

struct pack_file {
	char	*name;	/* file name: the key a later directory overrides */
	char	*path;
};

static int
pack_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pack_file *)a)->name,
	    ((const struct pack_file *)b)->name);
}

/* The pack files of all directories, later ones overriding by name. */
static struct pack_file *
pack_files(const char *const *dirs, size_t ndirs, size_t *count,
    struct strbuf *err)
{
	struct pack_file *files = NULL;
	struct dirent *de;
	size_t n = 0, i, d, k;
	DIR *dir;

	for (d = 0; d < ndirs; d++) {
		if ((dir = opendir(dirs[d])) == NULL) {
			pack_err(err, dirs[d], "cannot open pattern directory: "
			    "%s", strerror(errno));
			continue;
		}
		while ((de = readdir(dir)) != NULL) {
			k = strlen(de->d_name);
			if (k < 6 || de->d_name[0] == '.' ||
			    strcmp(de->d_name + k - 5, ".json") != 0)
				continue;
			for (i = 0; i < n; i++)
				if (strcmp(files[i].name, de->d_name) == 0)
					break;
			if (i == n) {
				files = xreallocarray(files, n + 1,
				    sizeof *files);
				files[n].name = xstrdup(de->d_name);
				files[n].path = NULL;
				n++;
			}
			free(files[i].path);
			xasprintf(&files[i].path, "%s/%s", dirs[d],
			    de->d_name);
		}
		closedir(dir);
	}
	if (n > 0)
		qsort(files, n, sizeof *files, pack_file_cmp);
	*count = n;
	return files;
}

int
packset_load(struct packset *ps, const char *const *dirs, size_t ndirs,
    struct strbuf *err)
{
	struct pack_file *files;
	size_t n, i, before = err->len;
	int errors = 0;

	memset(ps, 0, sizeof *ps);
	files = pack_files(dirs, ndirs, &n, err);
	if (n == 0 && err->len == before)
		pack_err(err, ndirs > 0 ? dirs[ndirs - 1] : "(none)",
		    "no pattern packs (*.json) found");
	for (i = 0; i < n; i++) {
		pack_load_file(ps, files[i].path, files[i].name, err);
		free(files[i].name);
		free(files[i].path);
	}
	free(files);
	pack_link(ps, err);
	for (i = before; i < err->len; i++)
		errors += err->buf[i] == '\n';
	return errors;
}

int
packset_load_buffer(struct packset *ps, const char *name, const char *buf,
    size_t len, struct strbuf *err)
{
	size_t i, before = err->len;
	int errors = 0;

	memset(ps, 0, sizeof *ps);
	if (len > PACK_MAX_BYTES)
		pack_err(err, name, "larger than %d bytes", PACK_MAX_BYTES);
	else
		pack_load_text(ps, name, name, buf, len, err);
	pack_link(ps, err);
	for (i = before; i < err->len; i++)
		errors += err->buf[i] == '\n';
	return errors;
}

void
packset_free(struct packset *ps)
{
	size_t i;

	for (i = 0; i < ps->nsignals; i++)
		signal_free(ps->signals[i]);
	free(ps->signals);
	for (i = 0; i < ps->nfacts; i++)
		fact_free(ps->facts[i]);
	free(ps->facts);
	for (i = 0; i < ps->ncauses; i++)
		cause_free(ps->causes[i]);
	free(ps->causes);
	for (i = 0; i < ps->nsymptoms; i++)
		symptom_free(ps->symptoms[i]);
	free(ps->symptoms);
	for (i = 0; i < ps->nchecks; i++)
		pack_check_free(ps->checks[i]);
	free(ps->checks);
	for (i = 0; i < ps->ndata; i++)
		pack_data_free(ps->data[i]);
	free(ps->data);
	for (i = 0; i < ps->npacks; i++) {
		free(ps->packs[i]->name);
		free(ps->packs[i]->path);
		free(ps->packs[i]->description);
		cJSON_Delete(ps->packs[i]->json);
		free(ps->packs[i]);
	}
	free(ps->packs);
	for (i = 0; i < KIND__COUNT; i++)
		free(ps->by_kind[i]);
	for (i = 0; i < ps->nsignals + 1 && ps->facts_of != NULL; i++)
		free(ps->facts_of[i]);
	free(ps->facts_of);
	free(ps->nfacts_of);
	match_plan_free(ps->plan);
	memset(ps, 0, sizeof *ps);
}
