/*
 * vmtriage explain: looking a name up in the packs, the names near an
 * unknown one, and the JSON rendering (the text and Markdown ones are in
 * explain_text.c).
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify.h"
#include "diagnose.h"
#include "explain.h"
#include "pack.h"
#include "redact.h"
#include "report.h"
#include "strbuf.h"
#include "xalloc.h"

/* Names longer than this are not compared by edit distance. */
#define SUGGEST_NAME_MAX 256

struct explain_code *
explain_codes(const struct packset *ps, size_t *n)
{
	struct explain_code *v;
	const struct cause *c;
	size_t i, j, k, max = ps->nsymptoms;

	for (i = 0; i < ps->ncauses; i++)
		max += ps->causes[i]->nexplains;
	v = xcalloc(max + 1, sizeof *v);
	*n = 0;
	for (i = 0; i < ps->nsymptoms; i++) {
		if (ps->symptoms[i]->code == NULL)
			continue;
		for (k = 0; k < *n; k++)
			if (strcasecmp(v[k].code, ps->symptoms[i]->code) == 0)
				break;
		if (k < *n)
			continue;
		v[*n].code = ps->symptoms[i]->code;
		v[(*n)++].symptom = ps->symptoms[i];
	}
	for (i = 0; i < ps->ncauses; i++) {
		c = ps->causes[i];
		for (j = 0; j < c->nexplains; j++) {
			for (k = 0; k < *n; k++)
				if (strcasecmp(v[k].code, c->explains[j]) == 0)
					break;
			if (k == *n)
				v[(*n)++].code = c->explains[j];
		}
	}
	return v;
}

int
explain_lookup(const struct packset *ps, const char *name,
    struct explain *e)
{
	struct explain_code *codes;
	size_t n, i;
	int r = -1;

	memset(e, 0, sizeof *e);
	e->query = name;
	if ((e->cause = packset_cause(ps, name)) != NULL) {
		e->what = EXPLAIN_CAUSE;
		return 0;
	}
	codes = explain_codes(ps, &n);
	for (i = 0; i < n; i++)
		if (strcasecmp(codes[i].code, name) == 0) {
			e->what = EXPLAIN_CODE;
			e->code = codes[i].code;
			e->symptom = codes[i].symptom;
			r = 0;
			break;
		}
	free(codes);
	if (r == 0)
		return 0;
	/* Cause ids are lower case; "Network.DHCP-Disabled" means one. */
	for (i = 0; i < ps->ncauses; i++)
		if (ps->causes[i]->id != NULL &&
		    strcasecmp(ps->causes[i]->id, name) == 0) {
			e->what = EXPLAIN_CAUSE;
			e->cause = ps->causes[i];
			return 0;
		}
	for (i = 0; i < ps->nchecks; i++)
		if (ps->checks[i]->id != NULL &&
		    strcasecmp(ps->checks[i]->id, name) == 0) {
			e->what = EXPLAIN_CHECK;
			e->check = ps->checks[i];
			return 0;
		}
	return -1;
}

/* Levenshtein distance, ignoring case; both shorter than
 * SUGGEST_NAME_MAX. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *prev, *cur, *t;

	prev = xcalloc(lb + 1, sizeof *prev);
	cur = xcalloc(lb + 1, sizeof *cur);
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			d = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	d = prev[lb];
	free(prev);
	free(cur);
	return d;
}

static const char *
strcasestr_n(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

struct candidate {
	const char	*name;
	unsigned	 tier;		/* 0 likest */
	size_t		 distance;
	size_t		 order;
};

static int
candidate_cmp(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* How name is near cand: a tier, or -1 when it is not. */
static int
nearness(const char *name, const char *cand, size_t *distance)
{
	size_t ln = strlen(name), lc = strlen(cand);
	const char *dot;

	*distance = ln < SUGGEST_NAME_MAX && lc < SUGGEST_NAME_MAX ?
	    edit_distance(name, cand) : (size_t)-1;
	if (ln >= 2 && strncasecmp(cand, name, ln) == 0)
		return 0;
	if ((ln >= 3 && strcasestr_n(cand, name) != NULL) ||
	    (lc >= 3 && strcasestr_n(name, cand) != NULL))
		return 1;
	if (*distance <= 2 || *distance * 4 <= ln)
		return 2;
	/* "network.nope": the causes of "network.". */
	if ((dot = strrchr(name, '.')) != NULL && dot > name &&
	    strncasecmp(cand, name, (size_t)(dot - name) + 1) == 0)
		return 3;
	return -1;
}

size_t
explain_suggest(const struct packset *ps, const char *name,
    const char **out, size_t max)
{
	struct explain_code *codes;
	struct candidate *cands;
	size_t ncodes, n = 0, i, d;
	int tier;

	codes = explain_codes(ps, &ncodes);
	cands = xcalloc(ncodes + ps->ncauses + ps->nchecks + 1,
	    sizeof *cands);
	for (i = 0; i < ncodes + ps->ncauses + ps->nchecks; i++) {
		const char *cand = i < ncodes ? codes[i].code :
		    i < ncodes + ps->ncauses ? ps->causes[i - ncodes]->id :
		    ps->checks[i - ncodes - ps->ncauses]->id;

		if (cand == NULL || (tier = nearness(name, cand, &d)) < 0)
			continue;
		cands[n].name = cand;
		cands[n].tier = (unsigned)tier;
		cands[n].distance = d;
		cands[n].order = i;
		n++;
	}
	qsort(cands, n, sizeof *cands, candidate_cmp);
	for (i = 0; i < n && i < max; i++)
		out[i] = cands[i].name;
	free(cands);
	free(codes);
	return i;
}

void
explain_platforms(unsigned platforms, struct strbuf *sb)
{
	size_t before = sb->len;

	if (platforms & PLAT_LINUX)
		strbuf_addstr(sb, "Linux");
	if (platforms & PLAT_WINDOWS)
		strbuf_addf(sb, "%sWindows", sb->len > before ? ", " : "");
	if (platforms & PLAT_CONTROL)
		strbuf_addf(sb, "%scontrol plane", sb->len > before ? ", " :
		    "");
	if (sb->len == before)
		strbuf_addstr(sb, "no platform");
}

void
explain_remedy_label(const struct cause *c, struct strbuf *sb)
{
	if (c->platforms & ~(unsigned)PLAT_WINDOWS)
		explain_platforms(c->platforms & ~(unsigned)PLAT_WINDOWS, sb);
	else
		strbuf_addstr(sb, "other VMs");
}

void
explain_template(const struct packset *ps, const char *t, struct strbuf *sb)
{
	static const struct {
		const char	*key;
		const char	*before;
		const char	*after;
	} keys[] = {
		{ "{fact:", "<", ">" },
		{ "{count:", "<number of ", ">" },
		{ "{first:", "<time of the first ", ">" },
		{ "{last:", "<time of the last ", ">" },
		{ "{groups:", "<", " groups>" },
	};
	const struct pack_data *d;
	const char *p, *close;
	char *id;
	size_t i, n;

	for (p = t; *p != '\0'; ) {
		close = *p == '{' ? strchr(p, '}') : NULL;
		/* The packs' own data are known without a bundle: their
		 * value and date, as a report gives them. */
		if (close != NULL && (strncmp(p, "{data:", 6) == 0 ||
		    strncmp(p, "{as_of:", 7) == 0)) {
			n = p[1] == 'd' ? 6 : 7;
			id = xstrndup(p + n, (size_t)(close - p) - n);
			d = packset_data(ps, id);
			if (d != NULL && n == 6 && d->value != NULL)
				strbuf_addstr(sb, d->value);
			else if (d != NULL && n == 7 && d->as_of != NULL)
				strbuf_addstr(sb, d->as_of);
			else
				strbuf_addf(sb, "<%s>", id);
			free(id);
			p = close + 1;
			continue;
		}
		for (i = 0; close != NULL && i < sizeof keys / sizeof keys[0];
		    i++) {
			n = strlen(keys[i].key);
			if (strncmp(p, keys[i].key, n) != 0)
				continue;
			strbuf_addf(sb, "%s%.*s%s", keys[i].before,
			    (int)(close - p - n), p + n, keys[i].after);
			p = close + 1;
			break;
		}
		if (close == NULL || i == sizeof keys / sizeof keys[0])
			strbuf_addch(sb, *p++);
	}
}

static cJSON *
platforms_json(unsigned platforms)
{
	cJSON *arr = cJSON_CreateArray();

	if (platforms & PLAT_LINUX)
		report_jpush(arr, "linux");
	if (platforms & PLAT_WINDOWS)
		report_jpush(arr, "windows");
	if (platforms & PLAT_CONTROL)
		report_jpush(arr, "control");
	return arr;
}

static void
add_cond(cJSON *obj, const char *key, const struct cond *c,
    const struct packset *ps)
{
	struct strbuf sb = STRBUF_INIT;

	cond_describe(c, ps, &sb);
	report_jstr(obj, key, strbuf_str(&sb));
	strbuf_release(&sb);
}

static cJSON *
cause_ref_json(const struct cause *c, const char *id)
{
	cJSON *o = cJSON_CreateObject();

	report_jstr(o, "id", c != NULL ? c->id : id);
	report_jstr(o, "title", c != NULL ? c->title : NULL);
	return o;
}

static cJSON *
code_json(const char *code, const struct symptom *s)
{
	cJSON *o = cJSON_CreateObject();

	report_jstr(o, "code", s != NULL ? s->code : code);
	report_jstr(o, "message", s != NULL ? s->message : NULL);
	report_jstr(o, "doc", s != NULL ? s->doc : NULL);
	return o;
}

/* "needs": the kinds of file, in words, and what a report asks for. */
static void
needs_json(cJSON *o, kind_mask kinds, const char *missing,
    const char *missing_windows)
{
	struct strbuf sb = STRBUF_INIT;
	cJSON *needs, *arr;
	int k;

	needs = cJSON_AddObjectToObject(o, "needs");
	arr = cJSON_AddArrayToObject(needs, "kinds");
	for (k = 0; k < KIND__COUNT; k++)
		if (kinds & KIND_BIT(k))
			report_jpush(arr, kind_name((enum source_kind)k));
	pack_kinds_describe(kinds, &sb);
	report_jstr(needs, "described", kinds != 0 ? strbuf_str(&sb) : NULL);
	strbuf_release(&sb);
	report_jstr(needs, "missing", missing);
	report_jstr(needs, "missing_windows", missing_windows);
}

static void
strings_json(cJSON *o, const char *key, char *const *v, size_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	size_t i;

	for (i = 0; i < n; i++)
		report_jpush(arr, v[i]);
}

static cJSON *
cause_json(const struct cause *c, const struct packset *ps)
{
	cJSON *o, *arr, *r;
	size_t i;

	o = cJSON_CreateObject();
	report_jstr(o, "id", c->id);
	report_jstr(o, "title", c->title);
	cJSON_AddItemToObject(o, "platforms", platforms_json(c->platforms));
	report_jstr(o, "pack", c->pack);
	arr = cJSON_AddArrayToObject(o, "found");
	for (i = 0; i < c->nfound; i++) {
		r = cJSON_CreateObject();
		report_jstr(r, "confidence",
		    confidence_name(c->found[i].confidence));
		add_cond(r, "when", c->found[i].when, ps);
		report_jstr(r, "summary", c->found[i].summary);
		cJSON_AddItemToArray(arr, r);
	}
	arr = cJSON_AddArrayToObject(o, "ruled_out");
	for (i = 0; i < c->nruled_out; i++) {
		r = cJSON_CreateObject();
		add_cond(r, "when", c->ruled_out[i].when, ps);
		report_jstr(r, "why", c->ruled_out[i].why);
		cJSON_AddItemToArray(arr, r);
	}
	arr = cJSON_AddArrayToObject(o, "undecided");
	for (i = 0; i < c->nundecided; i++) {
		r = cJSON_CreateObject();
		add_cond(r, "when", c->undecided[i].when, ps);
		report_jstr(r, "why", c->undecided[i].why);
		cJSON_AddItemToArray(arr, r);
	}
	needs_json(o, c->needs, c->missing, c->missing_windows);
	arr = cJSON_AddArrayToObject(o, "leads_to");
	for (i = 0; i < c->nleads_to; i++)
		cJSON_AddItemToArray(arr, cause_ref_json(c->leads_to[i],
		    c->leads_to_ids[i]));
	strings_json(o, "remedy", c->remedy, c->nremedy);
	strings_json(o, "remedy_windows", c->remedy_windows,
	    c->nremedy_windows);
	report_jstr(o, "doc", c->doc);
	return o;
}

static void
rules_json(cJSON *o, const char *key, const struct check_rule *r, size_t n,
    const struct packset *ps)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key), *j;
	size_t i;

	for (i = 0; i < n; i++) {
		j = cJSON_CreateObject();
		add_cond(j, "when", r[i].when, ps);
		report_jstr(j, "summary", r[i].summary);
		cJSON_AddItemToArray(arr, j);
	}
}

static cJSON *
check_json(const struct check *ck, const struct packset *ps)
{
	cJSON *o, *arr, *d;
	size_t i;

	o = cJSON_CreateObject();
	report_jstr(o, "id", ck->id);
	report_jstr(o, "title", ck->title);
	cJSON_AddItemToObject(o, "platforms", platforms_json(
	    CHECK_PLATFORMS(ck)));
	report_jstr(o, "pack", ck->pack);
	rules_json(o, "fail", ck->fail, ck->nfail, ps);
	arr = cJSON_AddArrayToObject(o, "causes");
	for (i = 0; i < ck->ncauses; i++)
		cJSON_AddItemToArray(arr, cause_ref_json(ck->causes[i],
		    ck->cause_ids[i]));
	rules_json(o, "warn", ck->warn, ck->nwarn, ps);
	rules_json(o, "pass", ck->pass, ck->npass, ps);
	needs_json(o, ck->needs, ck->missing, ck->missing_windows);
	arr = cJSON_AddArrayToObject(o, "data");
	for (i = 0; i < ck->ndata; i++) {
		d = cJSON_CreateObject();
		report_jstr(d, "id", ck->data[i]->id);
		report_jstr(d, "title", ck->data[i]->title);
		report_jstr(d, "value", ck->data[i]->value);
		report_jstr(d, "source", ck->data[i]->source);
		report_jstr(d, "as_of", ck->data[i]->as_of);
		cJSON_AddItemToArray(arr, d);
	}
	strings_json(o, "remedy", ck->remedy, ck->nremedy);
	strings_json(o, "remedy_windows", ck->remedy_windows,
	    ck->nremedy_windows);
	report_jstr(o, "doc", ck->doc);
	report_jstr(o, "doc_windows", ck->doc_windows);
	return o;
}

int
explain_json(FILE *out, const struct packset *ps, const struct explain *e)
{
	struct explain_code *codes;
	const struct cause *c;
	cJSON *root, *o, *arr;
	char *text;
	size_t i, j, n;
	int r;

	root = cJSON_CreateObject();
	report_jstr(root, "schema", EXPLAIN_SCHEMA);
	o = cJSON_AddObjectToObject(root, "tool");
	report_jstr(o, "name", PACKAGE_NAME);
	report_jstr(o, "version", PACKAGE_VERSION);
	report_jstr(root, "query", e->query);
	switch (e->what) {
	case EXPLAIN_CODE:
		report_jstr(root, "kind", "code");
		o = code_json(e->code, e->symptom);
		cJSON_AddItemToObject(root, "code", o);
		arr = cJSON_AddArrayToObject(o, "causes");
		for (i = 0; i < ps->ncauses; i++)
			if (cause_explains(ps->causes[i], e->code))
				cJSON_AddItemToArray(arr,
				    cause_json(ps->causes[i], ps));
		break;
	case EXPLAIN_CAUSE:
		report_jstr(root, "kind", "cause");
		o = cause_json(e->cause, ps);
		cJSON_AddItemToObject(root, "cause", o);
		arr = cJSON_AddArrayToObject(o, "explains");
		for (i = 0; i < e->cause->nexplains; i++)
			cJSON_AddItemToArray(arr, code_json(
			    e->cause->explains[i], packset_symptom(ps,
			    e->cause->explains[i])));
		arr = cJSON_AddArrayToObject(o, "led_to_by");
		for (i = 0; i < ps->ncauses; i++) {
			c = ps->causes[i];
			for (j = 0; j < c->nleads_to; j++)
				if (c->leads_to[j] == e->cause)
					break;
			if (j < c->nleads_to)
				cJSON_AddItemToArray(arr,
				    cause_ref_json(c, NULL));
		}
		break;
	case EXPLAIN_CHECK:
		report_jstr(root, "kind", "check");
		cJSON_AddItemToObject(root, "check", check_json(e->check, ps));
		break;
	case EXPLAIN_LIST:
		report_jstr(root, "kind", "list");
		arr = cJSON_AddArrayToObject(root, "codes");
		codes = explain_codes(ps, &n);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, code_json(codes[i].code,
			    codes[i].symptom));
		free(codes);
		arr = cJSON_AddArrayToObject(root, "causes");
		for (i = 0; i < ps->ncauses; i++) {
			c = ps->causes[i];
			o = cause_ref_json(c, NULL);
			cJSON_AddItemToObject(o, "platforms",
			    platforms_json(c->platforms));
			cJSON_AddItemToArray(arr, o);
		}
		arr = cJSON_AddArrayToObject(root, "checks");
		for (i = 0; i < ps->nchecks; i++) {
			o = cJSON_CreateObject();
			report_jstr(o, "id", ps->checks[i]->id);
			report_jstr(o, "title", ps->checks[i]->title);
			cJSON_AddItemToObject(o, "platforms",
			    platforms_json(CHECK_PLATFORMS(ps->checks[i])));
			cJSON_AddItemToArray(arr, o);
		}
		break;
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		fatal("out of memory rendering the JSON explanation");
	r = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	cJSON_free(text);
	return r;
}
