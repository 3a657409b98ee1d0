/*
 * Conditions of the causes' rules, as written in packs:
 *
 *   {"signal": "id", "min": 3, "include_cleared": true}
 *   {"fact": "id", "eq" | "ne" | "matches" | "version_lt" | "version_ge" |
 *                  "lt" | "ge": "value"}
 *   {"fact": "id", "exists": true | false}
 *   {"fact": "id", "version_lt": {"data": "data.agent-linux-minimum"}}
 *                                         compared with a pack data value
 *   {"data": "table-id", "row": {"column": "fact id", ...}}
 *                                         the facts match a row of a
 *                                         data table
 *   {"kind": "waagent.conf"}              the bundle has such a member
 *   {"stale": "signal-id", "minutes": 120} its last hit is that much older
 *                                         than the newest record of the
 *                                         signal's kinds, or of the kind
 *                                         named by "than": "eventlog"
 *   {"symptom": "CODE"}                   the report's error code is CODE
 *                                         (--symptom, or the backup job's)
 *   {"all": [...]}, {"any": [...]}, {"not": {...}}
 *
 * Evaluation is in diagnose.c, beside the hits and facts it reads.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "pack.h"
#include "strbuf.h"
#include "xalloc.h"

/* Bounds "min" and "minutes": beyond, converting them is undefined. */
#define COND_NUMBER_MAX 1e9

static const struct {
	const char	*key;
	enum fact_op	 op;
} fact_ops[] = {
	{ "eq", FOP_EQ },
	{ "ne", FOP_NE },
	{ "matches", FOP_MATCHES },
	{ "version_lt", FOP_VERSION_LT },
	{ "version_ge", FOP_VERSION_GE },
	{ "lt", FOP_LT },
	{ "ge", FOP_GE },
	{ "gt", FOP_GT },
	{ "le", FOP_LE },
};

void
cond_free(struct cond *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->ref);
	free(c->than);
	free(c->value);
	free(c->data_id);
	for (i = 0; i < c->ncolumns; i++) {
		free(c->columns[i]);
		free(c->column_facts[i]);
	}
	free(c->columns);
	free(c->column_facts);
	pcre2_code_free(c->re);
	for (i = 0; i < c->nsub; i++)
		cond_free(c->sub[i]);
	free(c->sub);
	free(c);
}

static void
cond_error(struct strbuf *err, const char *where, const char *msg)
{
	strbuf_addf(err, "%s: condition: %s\n", where, msg);
}

static int
parse_list(const cJSON *arr, struct cond *c, struct strbuf *err,
    const char *where)
{
	const cJSON *item;
	int r = 0;

	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
		cond_error(err, where, "'all' and 'any' take a non-empty array");
		return -1;
	}
	c->sub = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *c->sub);
	cJSON_ArrayForEach(item, arr)
		if (cond_parse(item, &c->sub[c->nsub++], err, where) != 0)
			r = -1;
	return r;
}

static int
parse_fact(const cJSON *j, struct cond *c, struct strbuf *err,
    const char *where)
{
	const cJSON *v;
	size_t i;

	c->type = COND_FACT;
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "exists")) != NULL) {
		c->op = cJSON_IsFalse(v) ? FOP_MISSING : FOP_EXISTS;
		return 0;
	}
	for (i = 0; i < sizeof fact_ops / sizeof fact_ops[0]; i++) {
		v = cJSON_GetObjectItemCaseSensitive(j, fact_ops[i].key);
		if (v == NULL)
			continue;
		c->op = fact_ops[i].op;
		/* A pack data value: resolved once every pack is read. */
		if (cJSON_IsObject(v) && cJSON_IsString(
		    cJSON_GetObjectItemCaseSensitive(v, "data"))) {
			c->data_id = xstrdup(cJSON_GetObjectItemCaseSensitive(v,
			    "data")->valuestring);
			return 0;
		}
		if (!cJSON_IsString(v)) {
			cond_error(err, where, "fact comparisons take a "
			    "string value or {\"data\": ID}");
			return -1;
		}
		c->value = xstrdup(v->valuestring);
		if (c->op == FOP_MATCHES &&
		    (c->re = pack_compile(c->value, PCRE2_CASELESS, err,
		    where)) == NULL)
			return -1;
		return 0;
	}
	cond_error(err, where, "a fact condition needs exists, eq, ne, "
	    "matches, version_lt, version_ge, lt, ge, gt or le");
	return -1;
}

/* "row": {"column": "fact id", ...} of a data condition. */
static int
parse_row(const cJSON *row, struct cond *c, struct strbuf *err,
    const char *where)
{
	const cJSON *item;
	size_t n;

	if (!cJSON_IsObject(row) || cJSON_GetArraySize(row) == 0) {
		cond_error(err, where, "a data condition needs 'row': "
		    "{\"column\": \"fact id\", ...}");
		return -1;
	}
	n = (size_t)cJSON_GetArraySize(row);
	c->columns = xcalloc(n, sizeof *c->columns);
	c->column_facts = xcalloc(n, sizeof *c->column_facts);
	cJSON_ArrayForEach(item, row) {
		if (!cJSON_IsString(item)) {
			cond_error(err, where, "each column of 'row' names "
			    "a fact");
			return -1;
		}
		c->columns[c->ncolumns] = xstrdup(item->string);
		c->column_facts[c->ncolumns++] = xstrdup(item->valuestring);
	}
	return 0;
}

int
cond_parse(const cJSON *j, struct cond **out, struct strbuf *err,
    const char *where)
{
	struct cond *c;
	const cJSON *v, *n;
	int r = 0;

	*out = NULL;
	if (!cJSON_IsObject(j)) {
		cond_error(err, where, "'when' must be an object");
		return -1;
	}
	c = xcalloc(1, sizeof *c);
	*out = c;
	c->min_count = 1;
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "signal")) != NULL) {
		c->type = COND_SIGNAL;
		n = cJSON_GetObjectItemCaseSensitive(j, "min");
		if (cJSON_IsNumber(n) && (n->valuedouble < 0 ||
		    n->valuedouble > COND_NUMBER_MAX)) {
			/* Out of range, the cast would be undefined. */
			cond_error(err, where, "'min' must be a count of hits");
			r = -1;
		} else if (cJSON_IsNumber(n))
			c->min_count = (unsigned long)n->valuedouble;
		c->include_cleared = cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(j, "include_cleared"));
	} else if ((v = cJSON_GetObjectItemCaseSensitive(j, "fact")) != NULL)
		r = parse_fact(j, c, err, where);
	else if ((v = cJSON_GetObjectItemCaseSensitive(j, "kind")) != NULL)
		c->type = COND_KIND;
	else if ((v = cJSON_GetObjectItemCaseSensitive(j, "symptom")) != NULL)
		c->type = COND_SYMPTOM;
	else if ((v = cJSON_GetObjectItemCaseSensitive(j, "stale")) != NULL) {
		c->type = COND_STALE;
		v = cJSON_GetObjectItemCaseSensitive(j, "stale");
		n = cJSON_GetObjectItemCaseSensitive(j, "minutes");
		if (!cJSON_IsNumber(n) || n->valuedouble < 0 ||
		    n->valuedouble > COND_NUMBER_MAX) {
			cond_error(err, where, "'stale' needs 'minutes' "
			    "(0 or more)");
			r = -1;
		} else
			c->minutes = (long)n->valuedouble;
		n = cJSON_GetObjectItemCaseSensitive(j, "than");
		if (n != NULL && !cJSON_IsString(n)) {
			cond_error(err, where, "'than' must be a kind name");
			r = -1;
		} else if (n != NULL)
			c->than = xstrdup(n->valuestring);
	} else if ((v = cJSON_GetObjectItemCaseSensitive(j, "data")) != NULL) {
		c->type = COND_DATA;
		r = parse_row(cJSON_GetObjectItemCaseSensitive(j, "row"), c, err,
		    where);
	} else if ((v = cJSON_GetObjectItemCaseSensitive(j, "all")) != NULL) {
		c->type = COND_ALL;
		return parse_list(v, c, err, where);
	} else if ((v = cJSON_GetObjectItemCaseSensitive(j, "any")) != NULL) {
		c->type = COND_ANY;
		return parse_list(v, c, err, where);
	} else if ((v = cJSON_GetObjectItemCaseSensitive(j, "not")) != NULL) {
		c->type = COND_NOT;
		c->sub = xcalloc(1, sizeof *c->sub);
		c->nsub = 1;
		return cond_parse(v, &c->sub[0], err, where);
	} else {
		cond_error(err, where, "needs signal, fact, kind, stale, "
		    "symptom, data, all, any or not");
		return -1;
	}
	if (!cJSON_IsString(v)) {
		cond_error(err, where, "the name must be a string");
		return -1;
	}
	c->ref = xstrdup(v->valuestring);
	return r;
}

/* A fact compared with a data value: the value is copied in, so that
 * evaluation and description read it as if written there. */
static int
resolve_data_value(struct cond *c, const struct packset *ps,
    struct strbuf *err, const char *where)
{
	if ((c->data = packset_data(ps, c->data_id)) == NULL) {
		strbuf_addf(err, "%s: unknown data '%s'\n", where, c->data_id);
		return 1;
	}
	if (c->data->value == NULL) {
		strbuf_addf(err, "%s: data '%s' is a table, not a value to "
		    "compare with\n", where, c->data_id);
		return 1;
	}
	free(c->value);
	c->value = xstrdup(c->data->value);
	if (c->op == FOP_MATCHES && c->re == NULL &&
	    (c->re = pack_compile(c->value, PCRE2_CASELESS, err, where)) ==
	    NULL)
		return 1;
	return 0;
}

/* A data condition: its table, and columns the table has. */
static int
resolve_data_table(struct cond *c, const struct packset *ps,
    struct strbuf *err, const char *where)
{
	const struct pack_data *d;
	size_t i, r, k;
	int errors = 0;

	if (c->ref == NULL)
		return 0;
	if ((d = c->data = packset_data(ps, c->ref)) == NULL) {
		strbuf_addf(err, "%s: unknown data '%s'\n", where, c->ref);
		return 1;
	}
	if (d->nrows == 0) {
		strbuf_addf(err, "%s: data '%s' is a value, not a table of "
		    "rows\n", where, c->ref);
		return 1;
	}
	for (i = 0; i < c->ncolumns; i++) {
		for (r = 0; r < d->nrows; r++) {
			for (k = 0; k < d->rows[r].ncells; k++)
				if (strcmp(d->rows[r].cells[k].column,
				    c->columns[i]) == 0)
					break;
			if (k < d->rows[r].ncells)
				break;
		}
		if (r == d->nrows) {
			strbuf_addf(err, "%s: no row of data '%s' has the "
			    "column '%s'\n", where, c->ref, c->columns[i]);
			errors++;
		}
	}
	return errors;
}

int
cond_resolve(struct cond *c, const struct packset *ps, struct strbuf *err,
    const char *where)
{
	enum source_kind first;
	size_t i;
	int errors = 0;

	switch (c->type) {
	case COND_SIGNAL:
	case COND_STALE:
		if (c->than != NULL &&
		    (c->kinds = pack_kind_mask(c->than, &first)) == 0) {
			strbuf_addf(err, "%s: unknown kind '%s'\n", where,
			    c->than);
			errors++;
		}
		if (c->ref == NULL)	/* cond_parse() reported it */
			break;
		if ((c->signal = packset_signal(ps, c->ref)) == NULL) {
			strbuf_addf(err, "%s: unknown signal '%s'\n", where,
			    c->ref);
			errors++;
		}
		break;
	case COND_KIND:
		if (c->ref == NULL)
			break;
		if ((c->kinds = pack_kind_mask(c->ref, &first)) == 0) {
			strbuf_addf(err, "%s: unknown kind '%s'\n", where,
			    c->ref);
			errors++;
		}
		break;
	case COND_FACT:
		/* Facts are checked by lint: a template id ("x.{key}")
		 * matches many. */
		if (c->data_id != NULL)
			errors += resolve_data_value(c, ps, err, where);
		break;
	case COND_DATA:
		errors += resolve_data_table(c, ps, err, where);
		break;
	case COND_SYMPTOM:
		break;
	case COND_ALL:
	case COND_ANY:
	case COND_NOT:
		for (i = 0; i < c->nsub; i++)
			if (c->sub[i] != NULL)
				errors += cond_resolve(c->sub[i], ps, err,
				    where);
		break;
	}
	return errors;
}

/*
 * Conditions in words, for people (vmtriage explain, reports): what a
 * rule looks for, as the evaluation in diagnose.c reads it.
 */

/* The four event log kinds read as one: "eventlog" in packs. */
#define EVENTLOG_TITLE	"an event log (.evtx, or exported as XML, CSV " \
			"or text)"

size_t
pack_kinds_describe(kind_mask kinds, struct strbuf *out)
{
	enum source_kind first;
	kind_mask events = pack_kind_mask("eventlog", &first);
	const char *titles[KIND__COUNT + 1];
	size_t n = 0, i;
	int k, events_said = 0;

	for (k = 0; k < KIND__COUNT; k++) {
		if (!(kinds & KIND_BIT(k)))
			continue;
		if ((events & KIND_BIT(k)) && (kinds & events) == events) {
			if (!events_said)
				titles[n++] = EVENTLOG_TITLE;
			events_said = 1;
			continue;
		}
		titles[n++] = kind_title((enum source_kind)k);
	}
	if (n == 0)
		strbuf_addstr(out, "no file of a known kind");
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addstr(out, i + 1 == n ? " or " : ", ");
		strbuf_addstr(out, titles[i]);
	}
	return n;
}

static void
describe_minutes(long m, struct strbuf *out)
{
	if (m > 0 && m % 1440 == 0)
		strbuf_addf(out, "%ld day%s", m / 1440, m == 1440 ? "" : "s");
	else if (m > 0 && m % 60 == 0)
		strbuf_addf(out, "%ld hour%s", m / 60, m == 60 ? "" : "s");
	else
		strbuf_addf(out, "%ld minute%s", m, m == 1 ? "" : "s");
}

/* The definition that produces a fact id: its own, or a template's
 * ("ext.{extension}.status" for "ext.VMSnapshotLinux.status"). */
static const struct fact_def *
fact_def_of(const struct packset *ps, const char *id)
{
	const struct fact_def *f;
	const char *open, *close;
	size_t i, pre, post, len = strlen(id);

	if (ps == NULL)
		return NULL;
	for (i = 0; i < ps->nfacts; i++)
		if (ps->facts[i]->id != NULL &&
		    strcmp(ps->facts[i]->id, id) == 0)
			return ps->facts[i];
	for (i = 0; i < ps->nfacts; i++) {
		f = ps->facts[i];
		if (f->id == NULL || (open = strchr(f->id, '{')) == NULL ||
		    (close = strrchr(f->id, '}')) == NULL || close < open)
			continue;
		pre = (size_t)(open - f->id);
		post = strlen(close + 1);
		if (len > pre + post && strncmp(id, f->id, pre) == 0 &&
		    strcmp(id + len - post, close + 1) == 0)
			return f;
	}
	return NULL;
}

/* " (data id: title, as of date)": where a compared value comes from. */
static void
describe_data_source(const char *id, const struct pack_data *d,
    struct strbuf *out)
{
	strbuf_addf(out, " (%s", id);
	if (d != NULL && d->title != NULL)
		strbuf_addf(out, ": %s", d->title);
	if (d != NULL && d->as_of != NULL)
		strbuf_addf(out, ", as of %s", d->as_of);
	strbuf_addch(out, ')');
}

static void
describe_fact(const struct cond *c, const struct packset *ps,
    struct strbuf *out)
{
	const char *id = c->ref != NULL ? c->ref : "?";
	const char *value = c->value != NULL ? c->value : "?";
	const struct fact_def *f = fact_def_of(ps, id);

	if (f != NULL && f->title != NULL)
		strbuf_addf(out, "%s (%s)", id, f->title);
	else
		strbuf_addstr(out, id);
	switch (c->op) {
	case FOP_EXISTS:
		strbuf_addstr(out, " is known");
		break;
	case FOP_MISSING:
		strbuf_addstr(out, " is not known (no record gives it)");
		break;
	case FOP_EQ:
		strbuf_addf(out, " is \"%s\" (in any case)", value);
		break;
	case FOP_NE:
		strbuf_addf(out, " is known and is not \"%s\" (in any case)",
		    value);
		break;
	case FOP_MATCHES:
		strbuf_addf(out, " matches the pattern %s (in any case)",
		    value);
		break;
	case FOP_VERSION_LT:
		strbuf_addf(out, " is older than %s", value);
		break;
	case FOP_VERSION_GE:
		strbuf_addf(out, " is %s or newer", value);
		break;
	case FOP_LT:
		strbuf_addf(out, " is less than %s", value);
		break;
	case FOP_GE:
		strbuf_addf(out, " is %s or more", value);
		break;
	case FOP_GT:
		strbuf_addf(out, " is more than %s", value);
		break;
	case FOP_LE:
		strbuf_addf(out, " is %s or less", value);
		break;
	}
	if (c->data_id != NULL)
		describe_data_source(c->data_id, c->data, out);
}

/* "os.ID and os.VERSION_ID match a row of os.linux.endorsed (...)" */
static void
describe_data_row(const struct cond *c, int negate, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < c->ncolumns; i++) {
		if (i > 0)
			strbuf_addstr(out, i + 1 < c->ncolumns ? ", " : " and ");
		strbuf_addf(out, "%s (as %s)", c->column_facts[i],
		    c->columns[i]);
	}
	strbuf_addstr(out, negate ? " match no row of " : " match a row of ");
	strbuf_addstr(out, c->ref != NULL ? c->ref : "?");
	if (c->data != NULL && c->data->title != NULL)
		strbuf_addf(out, " (%s%s%s)", c->data->title,
		    c->data->as_of != NULL ? ", as of " : "",
		    c->data->as_of != NULL ? c->data->as_of : "");
}

/* "title" (id) */
static void
describe_signal_title(const struct cond *c, struct strbuf *out)
{
	const struct signal *s = c->signal;

	if (s == NULL)		/* an unresolved name: loading said so */
		strbuf_addf(out, "signal %s", c->ref != NULL ? c->ref : "?");
	else if (s->title != NULL)
		strbuf_addf(out, "\"%s\" (%s)", s->title, s->id);
	else
		strbuf_addf(out, "signal %s", s->id);
}

/* "title" (id) in the kinds it reads. */
static void
describe_signal_name(const struct cond *c, struct strbuf *out)
{
	describe_signal_title(c, out);
	if (c->signal == NULL)
		return;
	strbuf_addstr(out, " in ");
	pack_kinds_describe(c->signal->kinds, out);
}

/* What a later hit of the clearing signal does to the count. */
static void
describe_cleared(const struct cond *c, int negate, struct strbuf *out)
{
	const struct signal *clear = c->signal != NULL ?
	    c->signal->cleared_by : NULL;

	if (clear == NULL)
		return;
	if (negate && c->include_cleared)
		strbuf_addstr(out, ", not even one cleared by a later ");
	else if (negate)
		strbuf_addstr(out, ", apart from any cleared by a later ");
	else if (c->include_cleared)
		strbuf_addstr(out, ", even if cleared by a later ");
	else
		strbuf_addstr(out, ", not cleared by a later ");
	if (clear->title != NULL)
		strbuf_addf(out, "\"%s\" (%s)", clear->title, clear->id);
	else
		strbuf_addstr(out, clear->id);
}

/* A hit count: with negate, the condition under "not". */
static void
describe_signal(const struct cond *c, int negate, struct strbuf *out)
{
	if (negate && c->min_count == 1)
		strbuf_addstr(out, "no ");
	else if (negate)
		strbuf_addf(out, "fewer than %lu hits of ", c->min_count);
	describe_signal_title(c, out);
	if (c->signal != NULL) {
		strbuf_addstr(out, negate ? " in " : " seen in ");
		pack_kinds_describe(c->signal->kinds, out);
	}
	if (!negate && c->min_count != 1)
		strbuf_addf(out, " at least %lu time%s", c->min_count,
		    c->min_count == 1 ? "" : "s");
	describe_cleared(c, negate, out);
}

/*
 * The signal condition c is, directly or under one "not" (*negate), or
 * NULL.  Only plain ones (a single hit) are grouped.
 */
static const struct cond *
plain_signal(const struct cond *c, int *negate)
{
	*negate = 0;
	if (c != NULL && c->type == COND_NOT && c->nsub == 1) {
		*negate = 1;
		c = c->sub[0];
	}
	if (c == NULL || c->type != COND_SIGNAL || c->signal == NULL ||
	    c->min_count != 1)
		return NULL;
	return c;
}

/* 1 if b reads as a and can share its kinds and clearing words. */
static int
same_group(const struct cond *a, int nega, const struct cond *b, int negb)
{
	return b != NULL && nega == negb &&
	    a->signal->kinds == b->signal->kinds &&
	    a->signal->cleared_by == b->signal->cleared_by &&
	    (a->signal->cleared_by == NULL ||
	    a->include_cleared == b->include_cleared);
}

/*
 * Signals side by side in a list that read the same files say them once:
 * "A", "B" or "C" in the agent's log, not cleared by a later "D".
 * Returns how many of sub[] it described (0: none, sub[0] is not a plain
 * signal).  Negated ones group only under "all": no A, B or C.
 */
static size_t
describe_signal_run(const struct cond *const *sub, size_t n, int all,
    struct strbuf *out)
{
	const struct cond *first, *c;
	size_t run, i;
	int neg, negc;

	if ((first = plain_signal(sub[0], &neg)) == NULL || (neg && !all))
		return 0;
	for (run = 1; run < n; run++) {
		c = plain_signal(sub[run], &negc);
		if (!same_group(first, neg, c, negc))
			break;
	}
	if (run == 1)
		return 0;
	if (neg)
		strbuf_addstr(out, "no ");
	for (i = 0; i < run; i++) {
		if (i > 0)
			strbuf_addstr(out, i + 1 < run ? ", " :
			    neg || !all ? " or " : " and ");
		describe_signal_title(plain_signal(sub[i], &negc), out);
	}
	strbuf_addstr(out, neg ? " in " : " seen in ");
	pack_kinds_describe(first->signal->kinds, out);
	describe_cleared(first, neg, out);
	return run;
}

/* The bundle has none of the kinds. */
static void
describe_kinds_absent(kind_mask kinds, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(out, pack_kinds_describe(kinds, &sb) > 1 ?
	    "the bundle has none of " : "the bundle lacks ");
	strbuf_addstr(out, strbuf_str(&sb));
	strbuf_release(&sb);
}

/*
 * Kinds side by side in a list, said once: "the bundle lacks A, B and C"
 * under "all", "the bundle has A, B or C" under "any".  Returns how many
 * of sub[] it described (0: none).
 */
static size_t
describe_kind_run(const struct cond *const *sub, size_t n, int all,
    struct strbuf *out)
{
	kind_mask kinds = 0;
	size_t run;
	int neg = 0, negc;
	const struct cond *c;

	for (run = 0; run < n; run++) {
		c = sub[run];
		negc = c != NULL && c->type == COND_NOT && c->nsub == 1;
		if (negc)
			c = c->sub[0];
		if (c == NULL || c->type != COND_KIND ||
		    (run > 0 && negc != neg))
			break;
		neg = negc;
		kinds |= c->kinds;
	}
	/* "lacks A and B" is all of them absent, "has A or B" any of them
	 * present; the other two read wrong as one phrase. */
	if (run < 2 || neg != all)
		return 0;
	if (neg)
		describe_kinds_absent(kinds, out);
	else {
		strbuf_addstr(out, "the bundle has ");
		pack_kinds_describe(kinds, out);
	}
	return run;
}

static void
describe_stale(const struct cond *c, int negate, struct strbuf *out)
{
	strbuf_addstr(out, "the last ");
	describe_signal_name(c, out);
	strbuf_addf(out, " is %smore than ", negate ? "not " : "");
	describe_minutes(c->minutes, out);
	strbuf_addstr(out, " older than the newest record of ");
	if (c->kinds != 0)
		pack_kinds_describe(c->kinds, out);
	else
		strbuf_addstr(out, "those files");
}

static void
describe(const struct cond *c, const struct packset *ps, struct strbuf *out,
    int nested)
{
	const struct cond *sub;
	size_t i, run;

	if (c == NULL) {
		strbuf_addstr(out, "(no condition)");
		return;
	}
	switch (c->type) {
	case COND_SIGNAL:
		describe_signal(c, 0, out);
		break;
	case COND_FACT:
		describe_fact(c, ps, out);
		break;
	case COND_KIND:
		strbuf_addstr(out, "the bundle has ");
		pack_kinds_describe(c->kinds, out);
		break;
	case COND_STALE:
		describe_stale(c, 0, out);
		break;
	case COND_SYMPTOM:
		strbuf_addf(out, "the error code is %s (--symptom, or the "
		    "failed backup job's)", c->ref != NULL ? c->ref : "?");
		break;
	case COND_DATA:
		describe_data_row(c, 0, out);
		break;
	case COND_ALL:
	case COND_ANY:
		if (c->nsub == 1) {
			describe(c->sub[0], ps, out, nested);
			break;
		}
		if (nested)
			strbuf_addch(out, '(');
		for (i = 0; i < c->nsub; i += run) {
			if (i > 0)
				strbuf_addstr(out, c->type == COND_ALL ?
				    " and " : " or ");
			run = describe_signal_run((const struct cond *const *)
			    c->sub + i, c->nsub - i, c->type == COND_ALL, out);
			if (run == 0)
				run = describe_kind_run((const struct cond
				    *const *)c->sub + i, c->nsub - i,
				    c->type == COND_ALL, out);
			if (run == 0) {
				describe(c->sub[i], ps, out, 1);
				run = 1;
			}
		}
		if (nested)
			strbuf_addch(out, ')');
		break;
	case COND_NOT:
		/* Said the other way round where English has a word. */
		sub = c->nsub > 0 ? c->sub[0] : NULL;
		if (sub != NULL && sub->type == COND_SIGNAL)
			describe_signal(sub, 1, out);
		else if (sub != NULL && sub->type == COND_KIND)
			describe_kinds_absent(sub->kinds, out);
		else if (sub != NULL && sub->type == COND_STALE)
			describe_stale(sub, 1, out);
		else if (sub != NULL && sub->type == COND_DATA)
			describe_data_row(sub, 1, out);
		else {
			strbuf_addstr(out, "not (");
			describe(sub, ps, out, 0);
			strbuf_addch(out, ')');
		}
		break;
	}
}

void
cond_describe(const struct cond *c, const struct packset *ps,
    struct strbuf *out)
{
	describe(c, ps, out, 0);
}
