/*
 * `vmtriage packs test` and `packs lint`.  An example is a real line (or
 * a whole file, for structured kinds) that goes through the same parser
 * a bundle's member would: a pattern is tested against records exactly
 * as it meets them in the field, head parsing included.
 *
 * An example is a string (a member of the signal's first kind) or an
 * object {"kind": "...", "path": "...", "text": "..."}.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "classify.h"
#include "facts.h"
#include "match.h"
#include "pack.h"
#include "parse.h"
#include "strbuf.h"
#include "xalloc.h"

struct example_run {
	struct matcher		*m;
	const struct signal	*sig;
	int			 matched;
	unsigned long		 records;
};

static void
example_record(void *arg, const struct record *r)
{
	struct example_run *er = arg;

	er->records++;
	if (matcher_test(er->m, er->sig, r))
		er->matched = 1;
}

/* Runs one example; 1 if the signal matched one of its records. */
static int
run_example(struct matcher *m, const struct signal *sig, const cJSON *ex,
    const struct limits *limits, const char **shown, struct strbuf *out)
{
	struct example_run er;
	struct parse_ctx pc;
	struct member mem;
	struct sink sink;
	struct mstream *s;
	enum source_kind kind = sig->first_kind;
	const char *text = NULL, *path = NULL, *kname;
	const cJSON *v;

	if (cJSON_IsString(ex))
		text = ex->valuestring;
	else if (cJSON_IsObject(ex)) {
		v = cJSON_GetObjectItemCaseSensitive(ex, "text");
		text = cJSON_IsString(v) ? v->valuestring : NULL;
		v = cJSON_GetObjectItemCaseSensitive(ex, "path");
		path = cJSON_IsString(v) ? v->valuestring : NULL;
		v = cJSON_GetObjectItemCaseSensitive(ex, "kind");
		if (cJSON_IsString(v)) {
			kname = v->valuestring;
			kind = kind_from_name(kname);
			if (kind == KIND_UNKNOWN ||
			    !(sig->kinds & KIND_BIT(kind))) {
				strbuf_addf(out, "%s: signal '%s': example "
				    "kind '%s' is not one of the signal's\n",
				    sig->pack, sig->id, kname);
				return -1;
			}
		}
	}
	if (text == NULL) {
		strbuf_addf(out, "%s: signal '%s': an example must be a "
		    "string or an object with 'text'\n", sig->pack, sig->id);
		return -1;
	}
	*shown = text;
	memset(&mem, 0, sizeof mem);
	mem.path = mem.name = path != NULL ? path : kind_example_path(kind);
	mem.size = (int64_t)strlen(text);
	s = mstream_memory_new(text, strlen(text), limits);
	memset(&er, 0, sizeof er);
	er.m = m;
	er.sig = sig;
	sink.record = example_record;
	sink.let_go = NULL;
	sink.arg = &er;
	memset(&pc, 0, sizeof pc);
	pc.member = &mem;
	pc.stream = s;
	pc.kind = kind;
	pc.limits = limits;
	pc.sink = &sink;
	parse_member(&pc);
	mstream_memory_free(s);
	if (pc.skip_reason != NULL) {
		strbuf_addf(out, "%s: signal '%s': example not parsed (%s): "
		    "%.120s\n", sig->pack, sig->id, pc.skip_reason, text);
		free(pc.skip_reason);
		return -1;
	}
	return er.matched;
}

static int
test_examples(struct matcher *m, const struct signal *sig, const cJSON *arr,
    int want, const struct limits *limits, struct strbuf *out,
    unsigned *checked)
{
	const cJSON *ex;
	const char *shown;
	int failures = 0, r;

	cJSON_ArrayForEach(ex, arr) {
		(*checked)++;
		shown = "";
		r = run_example(m, sig, ex, limits, &shown, out);
		if (r < 0)
			failures++;
		else if (r != want) {
			strbuf_addf(out, "%s: signal '%s': %s: %.200s\n",
			    sig->pack, sig->id, want ? "must match but does "
			    "not" : "must not match but does", shown);
			failures++;
		}
	}
	return failures;
}

int
packset_test(const struct packset *ps, struct strbuf *out, unsigned *checked)
{
	struct limits limits;
	struct matcher m;
	struct facts fs;
	size_t i;
	int failures = 0;

	limits_default(&limits);
	facts_init(&fs);
	matcher_init(&m, ps, &fs);
	*checked = 0;
	for (i = 0; i < ps->nsignals; i++) {
		failures += test_examples(&m, ps->signals[i],
		    ps->signals[i]->examples_match, 1, &limits, out, checked);
		failures += test_examples(&m, ps->signals[i],
		    ps->signals[i]->examples_no_match, 0, &limits, out,
		    checked);
	}
	matcher_free(&m);
	facts_free(&fs);
	return failures;
}

/* 1 if some fact definition can produce id (templates included). */
static int
fact_known(const struct packset *ps, const char *id)
{
	const char *brace;
	size_t i;

	for (i = 0; i < ps->nfacts; i++) {
		if (strcmp(ps->facts[i]->id, id) == 0)
			return 1;
		brace = strchr(ps->facts[i]->id, '{');
		if (brace != NULL && strncmp(ps->facts[i]->id, id,
		    (size_t)(brace - ps->facts[i]->id)) == 0)
			return 1;
	}
	return 0;
}

struct lint {
	const struct packset	*ps;
	struct strbuf		*out;
	int			 warnings;
	unsigned char		*used;		/* by signal index */
};

static void
lint_warn(struct lint *l, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
lint_warn(struct lint *l, const char *where, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(l->out, "%s: ", where);
	va_start(ap, fmt);
	strbuf_vaddf(l->out, fmt, ap);
	va_end(ap);
	strbuf_addch(l->out, '\n');
	l->warnings++;
}

static void
lint_cond(struct lint *l, const struct cond *c, const char *where)
{
	size_t i;

	if (c == NULL)
		return;
	if (c->signal != NULL)
		l->used[c->signal->index] = 1;
	if (c->type == COND_FACT && !fact_known(l->ps, c->ref))
		lint_warn(l, where, "condition on fact '%s', which no fact "
		    "definition produces", c->ref);
	for (i = 0; i < c->nsub; i++)
		lint_cond(l, c->sub[i], where);
}

/* Checks {fact:X} and {count:X} references of a template. */
static void
lint_template(struct lint *l, const char *t, const char *where)
{
	const char *p, *close;
	char ref[256];

	for (p = t; t != NULL && (p = strchr(p, '{')) != NULL; p = close) {
		if ((close = strchr(p, '}')) == NULL)
			break;
		if (strncmp(p, "{fact:", 6) == 0) {
			snprintf(ref, sizeof ref, "%.*s",
			    (int)(close - p - 6), p + 6);
			if (!fact_known(l->ps, ref))
				lint_warn(l, where, "template names unknown "
				    "fact '%s'", ref);
		} else if (strncmp(p, "{data:", 6) == 0 ||
		    strncmp(p, "{as_of:", 7) == 0) {
			const char *colon = strchr(p, ':');

			snprintf(ref, sizeof ref, "%.*s",
			    (int)(close - colon - 1), colon + 1);
			if (packset_data(l->ps, ref) == NULL)
				lint_warn(l, where, "template names unknown "
				    "data '%s'", ref);
		} else if (strncmp(p, "{count:", 7) == 0 ||
		    strncmp(p, "{first:", 7) == 0 ||
		    strncmp(p, "{last:", 6) == 0 ||
		    strncmp(p, "{groups:", 8) == 0) {
			const char *colon = strchr(p, ':');
			const struct signal *s;

			snprintf(ref, sizeof ref, "%.*s",
			    (int)(close - colon - 1), colon + 1);
			if ((s = packset_signal(l->ps, ref)) == NULL)
				lint_warn(l, where, "template names unknown "
				    "signal '%s'", ref);
			else
				l->used[s->index] = 1;
		}
	}
}

static void
lint_rules(struct lint *l, const struct check_rule *r, size_t n,
    const char *where)
{
	size_t i;

	for (i = 0; i < n; i++) {
		lint_cond(l, r[i].when, where);
		lint_template(l, r[i].summary, where);
	}
}

/* 1 if a condition of a cause compares with the data. */
static int
cond_uses(const struct cond *c, const struct pack_data *d)
{
	size_t i;

	if (c == NULL)
		return 0;
	if (c->data == d)
		return 1;
	for (i = 0; i < c->nsub; i++)
		if (cond_uses(c->sub[i], d))
			return 1;
	return 0;
}

static int
data_used(const struct packset *ps, const struct pack_data *d)
{
	const struct cause *c;
	size_t i, j;

	for (i = 0; i < ps->nchecks; i++)
		for (j = 0; j < ps->checks[i]->ndata; j++)
			if (ps->checks[i]->data[j] == d)
				return 1;
	for (i = 0; i < ps->ncauses; i++) {
		c = ps->causes[i];
		for (j = 0; j < c->nfound; j++)
			if (cond_uses(c->found[j].when, d))
				return 1;
		for (j = 0; j < c->nruled_out; j++)
			if (cond_uses(c->ruled_out[j].when, d))
				return 1;
	}
	return 0;
}

/* The audit's checks: their conditions and templates as the causes',
 * and a platform for each of their causes. */
static void
lint_checks(struct lint *l)
{
	const struct packset *ps = l->ps;
	const struct check *c;
	char where[512];
	size_t i, j;

	for (i = 0; i < ps->nchecks; i++) {
		c = ps->checks[i];
		snprintf(where, sizeof where, "%s: check '%s'", c->pack, c->id);
		lint_rules(l, c->fail, c->nfail, where);
		lint_rules(l, c->warn, c->nwarn, where);
		lint_rules(l, c->pass, c->npass, where);
		lint_template(l, c->missing, where);
		lint_template(l, c->missing_windows, where);
		for (j = 0; j < c->ncauses; j++)
			if (c->causes[j] != NULL && c->platforms != 0 &&
			    !(c->causes[j]->platforms &
			    (c->platforms | PLAT_CONTROL)))
				lint_warn(l, where, "cause '%s' is of no "
				    "platform the check applies to",
				    c->causes[j]->id);
		if (c->needs == 0 && c->ncauses == 0)
			lint_warn(l, where, "needs no kind and has no cause: "
			    "nothing says which file decides it");
	}
	for (i = 0; i < ps->ndata; i++) {
		snprintf(where, sizeof where, "%s: data '%s'",
		    ps->data[i]->pack, ps->data[i]->id);
		if (!data_used(ps, ps->data[i]))
			lint_warn(l, where, "no check or cause uses it");
	}
}

int
packset_lint(const struct packset *ps, struct strbuf *out)
{
	struct lint l;
	const struct cause *c;
	const struct signal *s;
	char where[512];
	size_t i, j;

	memset(&l, 0, sizeof l);
	l.ps = ps;
	l.out = out;
	l.used = xcalloc(ps->nsignals + 1, 1);
	for (i = 0; i < ps->nfacts; i++)
		for (j = 0; j < ps->facts[i]->nfrom; j++)
			if (ps->facts[i]->from[j].signal != NULL)
				l.used[ps->facts[i]->from[j].signal->index] = 1;
	for (i = 0; i < ps->nsignals; i++)
		if (ps->signals[i]->cleared_by != NULL)
			l.used[ps->signals[i]->cleared_by->index] = 1;
	for (i = 0; i < ps->nsymptoms; i++)
		for (j = 0; j < ps->symptoms[i]->nobserved_by; j++)
			if (ps->symptoms[i]->observed_by[j] != NULL)
				l.used[ps->symptoms[i]->observed_by[j]->index] =
				    1;
	for (i = 0; i < ps->ncauses; i++) {
		c = ps->causes[i];
		snprintf(where, sizeof where, "%s: cause '%s'", c->pack, c->id);
		if (c->nfound == 0 && !(c->platforms & PLAT_CONTROL))
			lint_warn(&l, where, "has no 'found' rule: it can "
			    "never be found");
		if (c->nexplains == 0)
			lint_warn(&l, where, "explains no error code");
		for (j = 0; j < c->nexplains; j++)
			if (packset_symptom(ps, c->explains[j]) == NULL)
				lint_warn(&l, where, "explains '%s', which no "
				    "pack lists among the symptoms",
				    c->explains[j]);
		if (c->needs == 0)
			lint_warn(&l, where, "needs no kind: it can never be "
			    "ruled out by absence");
		for (j = 0; j < c->nfound; j++) {
			lint_cond(&l, c->found[j].when, where);
			lint_template(&l, c->found[j].summary, where);
		}
		for (j = 0; j < c->nruled_out; j++) {
			lint_cond(&l, c->ruled_out[j].when, where);
			lint_template(&l, c->ruled_out[j].why, where);
		}
		for (j = 0; j < c->nundecided; j++) {
			lint_cond(&l, c->undecided[j].when, where);
			lint_template(&l, c->undecided[j].why, where);
		}
		lint_template(&l, c->missing, where);
	}
	lint_checks(&l);
	for (i = 0; i < ps->nsignals; i++) {
		s = ps->signals[i];
		snprintf(where, sizeof where, "%s: signal '%s'", s->pack,
		    s->id);
		if (!l.used[i])
			lint_warn(&l, where, "no cause or fact uses it");
		if (s->title == NULL)
			lint_warn(&l, where, "has no 'title' (reports use it)");
	}
	for (i = 0; i < ps->nsymptoms; i++)
		for (j = 0; j < i; j++)
			if (strcmp(ps->symptoms[i]->code,
			    ps->symptoms[j]->code) == 0)
				lint_warn(&l, ps->symptoms[i]->code,
				    "symptom listed twice");
	free(l.used);
	return l.warnings;
}
