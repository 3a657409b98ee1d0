/*
 * The readiness checks of `vmtriage audit` and the data they compare
 * facts with, as written in packs:
 *
 *   "data": [{"id": "data.agent-linux-minimum", "title": "...",
 *             "value": "2.2.53.1", "source": "https://...",
 *             "as_of": "2020-07-21", "note": "..."},
 *            {"id": "os.linux.endorsed", "title": "...", "source": "...",
 *             "as_of": "...", "rows": [{"name": "Ubuntu 22.04 LTS",
 *                                      "id": "^ubuntu$",
 *                                      "version": "^22\\.04$"}]}]
 *   "checks": [{"id": "check.agent-version", "title": "...",
 *               "platform": ["linux", "windows"], "doc": "https://...",
 *               "cause": "agent.linux.outdated" or [...],
 *               "fail": [{"when": COND, "summary": "template"}],
 *               "warn": [...], "pass": [...],
 *               "needs": {"kinds": [...], "missing": "...",
 *                         "missing_windows": "..."},
 *               "remedy": [...], "remedy_windows": [...],
 *               "doc_windows": "https://..."}]
 *
 * Evaluation is in audit.c; conditions are the causes' (pack_cond.c).
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "pack_int.h"
#include "strbuf.h"
#include "xalloc.h"

/* YYYY-MM-DD */
static int
date_valid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

void
pack_data_free(struct pack_data *d)
{
	size_t i, j;

	if (d == NULL)
		return;
	free(d->id);
	free(d->title);
	free(d->value);
	for (i = 0; i < d->nrows; i++) {
		free(d->rows[i].name);
		for (j = 0; j < d->rows[i].ncells; j++) {
			free(d->rows[i].cells[j].column);
			free(d->rows[i].cells[j].pattern);
			pcre2_code_free(d->rows[i].cells[j].re);
		}
		free(d->rows[i].cells);
	}
	free(d->rows);
	free(d->source);
	free(d->as_of);
	free(d->note);
	free(d);
}

static void
row_parse(struct data_row *row, const cJSON *j, struct strbuf *err,
    const char *where)
{
	const cJSON *item;

	row->name = pack_json_strdup(j, "name");
	if (!cJSON_IsObject(j) || row->name == NULL) {
		strbuf_addf(err, "%s: each row needs a 'name' and columns of "
		    "patterns\n", where);
		return;
	}
	row->cells = xcalloc((size_t)cJSON_GetArraySize(j), sizeof *row->cells);
	cJSON_ArrayForEach(item, j) {
		if (strcmp(item->string, "name") == 0)
			continue;
		if (!cJSON_IsString(item)) {
			strbuf_addf(err, "%s: row '%s': column '%s' needs a "
			    "pattern\n", where, row->name, item->string);
			continue;
		}
		row->cells[row->ncells].column = xstrdup(item->string);
		row->cells[row->ncells].pattern = xstrdup(item->valuestring);
		row->cells[row->ncells].re = pack_compile(item->valuestring,
		    PCRE2_CASELESS, err, where);
		row->ncells++;
	}
	if (row->ncells == 0)
		strbuf_addf(err, "%s: row '%s' has no column\n", where,
		    row->name);
}

struct pack_data *
pack_data_parse(const cJSON *j, const char *pack, struct strbuf *err)
{
	struct pack_data *d;
	const cJSON *rows, *item;
	char where[512];

	d = xcalloc(1, sizeof *d);
	d->pack = pack;
	d->id = pack_json_strdup(j, "id");
	snprintf(where, sizeof where, "%s: data '%s'", pack,
	    d->id != NULL ? d->id : "?");
	if (!pack_id_valid(d->id))
		strbuf_addf(err, "%s: needs an 'id' of [a-z0-9._-]\n", where);
	d->title = pack_json_strdup(j, "title");
	if (d->title == NULL)
		strbuf_addf(err, "%s: needs a 'title'\n", where);
	d->value = pack_json_strdup(j, "value");
	rows = cJSON_GetObjectItemCaseSensitive(j, "rows");
	if (rows != NULL && (!cJSON_IsArray(rows) ||
	    cJSON_GetArraySize(rows) == 0))
		strbuf_addf(err, "%s: 'rows' must be a non-empty array\n",
		    where);
	else if (rows != NULL) {
		d->rows = xcalloc((size_t)cJSON_GetArraySize(rows),
		    sizeof *d->rows);
		cJSON_ArrayForEach(item, rows)
			row_parse(&d->rows[d->nrows++], item, err, where);
	}
	if ((d->value == NULL) == (d->nrows == 0))
		strbuf_addf(err, "%s: needs either a 'value' (a string) or "
		    "'rows'\n", where);
	/* Knowledge that ages says where it comes from and when. */
	d->source = pack_json_strdup(j, "source");
	if (d->source == NULL || strncmp(d->source, "https://", 8) != 0)
		strbuf_addf(err, "%s: needs a 'source' https link\n", where);
	d->as_of = pack_json_strdup(j, "as_of");
	if (!date_valid(d->as_of))
		strbuf_addf(err, "%s: needs 'as_of', the source's date "
		    "(YYYY-MM-DD)\n", where);
	d->note = pack_json_strdup(j, "note");
	return d;
}

static void
rules_free(struct check_rule *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cond_free(r[i].when);
		free(r[i].summary);
		free(r[i].data);
	}
	free(r);
}

void
pack_check_free(struct check *c)
{
	if (c == NULL)
		return;
	free(c->id);
	free(c->title);
	pack_strings_free(c->cause_ids, c->ncauses);
	free(c->causes);
	rules_free(c->fail, c->nfail);
	rules_free(c->warn, c->nwarn);
	rules_free(c->pass, c->npass);
	free(c->missing);
	free(c->missing_windows);
	pack_strings_free(c->remedy, c->nremedy);
	pack_strings_free(c->remedy_windows, c->nremedy_windows);
	free(c->doc);
	free(c->doc_windows);
	free(c->data);
	free(c);
}

/* "fail", "warn" and "pass": [{"when": COND, "summary": TEXT}]. */
static struct check_rule *
rules_parse(const cJSON *j, const char *key, size_t *n, struct strbuf *err,
    const char *where)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, key), *item;
	struct check_rule *rules, *r;

	*n = 0;
	if (arr == NULL)
		return NULL;
	if (!cJSON_IsArray(arr)) {
		strbuf_addf(err, "%s: '%s' must be an array of rules\n", where,
		    key);
		return NULL;
	}
	rules = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *rules);
	cJSON_ArrayForEach(item, arr) {
		r = &rules[(*n)++];
		cond_parse(cJSON_GetObjectItemCaseSensitive(item, "when"),
		    &r->when, err, where);
		r->summary = pack_json_strdup(item, "summary");
		if (r->summary == NULL)
			strbuf_addf(err, "%s: each '%s' rule needs a "
			    "'summary'\n", where, key);
	}
	return rules;
}

struct check *
pack_check_parse(const cJSON *j, const char *pack, struct strbuf *err)
{
	struct check *c;
	const cJSON *needs;
	char where[512];

	c = xcalloc(1, sizeof *c);
	c->pack = pack;
	c->id = pack_json_strdup(j, "id");
	snprintf(where, sizeof where, "%s: check '%s'", pack,
	    c->id != NULL ? c->id : "?");
	if (!pack_id_valid(c->id))
		strbuf_addf(err, "%s: needs an 'id' of [a-z0-9._-]\n", where);
	c->title = pack_json_strdup(j, "title");
	if (c->title == NULL)
		strbuf_addf(err, "%s: needs a 'title'\n", where);
	if (cJSON_GetObjectItemCaseSensitive(j, "platform") != NULL &&
	    (c->platforms = pack_platforms(cJSON_GetObjectItemCaseSensitive(j,
	    "platform"), err, where)) == 0)
		strbuf_addf(err, "%s: 'platform' names no platform\n", where);
	c->cause_ids = pack_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "cause"), &c->ncauses, err, where, "cause");
	c->fail = rules_parse(j, "fail", &c->nfail, err, where);
	c->warn = rules_parse(j, "warn", &c->nwarn, err, where);
	c->pass = rules_parse(j, "pass", &c->npass, err, where);
	if (c->nfail + c->nwarn + c->npass + c->ncauses == 0)
		strbuf_addf(err, "%s: needs rules ('fail', 'warn', 'pass') or "
		    "a 'cause' that decides it\n", where);
	needs = cJSON_GetObjectItemCaseSensitive(j, "needs");
	c->needs = pack_kinds(cJSON_GetObjectItemCaseSensitive(needs, "kinds"),
	    NULL, err, where);
	c->missing = pack_json_strdup(needs, "missing");
	c->missing_windows = pack_json_strdup(needs, "missing_windows");
	if (c->missing == NULL)
		strbuf_addf(err, "%s: needs 'needs.missing': what file would "
		    "decide it\n", where);
	c->remedy = pack_strings(cJSON_GetObjectItemCaseSensitive(j, "remedy"),
	    &c->nremedy, err, where, "remedy");
	c->remedy_windows = pack_strings(cJSON_GetObjectItemCaseSensitive(j,
	    "remedy_windows"), &c->nremedy_windows, err, where,
	    "remedy_windows");
	if (c->nremedy == 0)
		strbuf_addf(err, "%s: needs a 'remedy'\n", where);
	c->doc = pack_json_strdup(j, "doc");
	if (c->doc == NULL || strncmp(c->doc, "https://", 8) != 0)
		strbuf_addf(err, "%s: needs a 'doc' https link\n", where);
	c->doc_windows = pack_json_strdup(j, "doc_windows");
	if (c->doc_windows != NULL && strncmp(c->doc_windows, "https://", 8)
	    != 0)
		strbuf_addf(err, "%s: 'doc_windows' must be an https link\n",
		    where);
	return c;
}

struct pack_data *
packset_data(const struct packset *ps, const char *id)
{
	size_t i;

	for (i = 0; i < ps->ndata; i++)
		if (ps->data[i]->id != NULL && strcmp(ps->data[i]->id, id) == 0)
			return ps->data[i];
	return NULL;
}

struct check *
packset_check(const struct packset *ps, const char *id)
{
	size_t i;

	for (i = 0; i < ps->nchecks; i++)
		if (ps->checks[i]->id != NULL &&
		    strcmp(ps->checks[i]->id, id) == 0)
			return ps->checks[i];
	return NULL;
}

static void
data_add(struct pack_data ***v, size_t *n, struct pack_data *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < *n; i++)
		if ((*v)[i] == d)
			return;
	PACK_APPEND(*v, *n, d);
}

/* The data a condition compares with. */
static void
data_of_cond(struct pack_data ***v, size_t *n, const struct cond *when)
{
	size_t i;

	if (when == NULL)
		return;
	data_add(v, n, when->data);
	for (i = 0; i < when->nsub; i++)
		data_of_cond(v, n, when->sub[i]);
}

/* The data a template names ({data:ID}, {as_of:ID}). */
static void
data_of_template(struct pack_data ***v, size_t *n, const struct packset *ps,
    const char *t)
{
	const char *p, *close;
	char ref[256];
	size_t skip;

	for (p = t; t != NULL && (p = strchr(p, '{')) != NULL; p = close) {
		if ((close = strchr(p, '}')) == NULL)
			break;
		if (strncmp(p, "{data:", 6) == 0)
			skip = 6;
		else if (strncmp(p, "{as_of:", 7) == 0)
			skip = 7;
		else
			continue;
		snprintf(ref, sizeof ref, "%.*s", (int)(close - p - skip),
		    p + skip);
		data_add(v, n, packset_data(ps, ref));
	}
}

static void
link_rules(struct check *c, struct check_rule *r, size_t n,
    const struct packset *ps, struct strbuf *err, const char *where)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (r[i].when != NULL) {
			cond_resolve(r[i].when, ps, err, where);
			data_of_cond(&r[i].data, &r[i].ndata, r[i].when);
		}
		data_of_template(&r[i].data, &r[i].ndata, ps, r[i].summary);
		for (j = 0; j < r[i].ndata; j++)
			data_add(&c->data, &c->ndata, r[i].data[j]);
	}
}

void
pack_checks_link(struct packset *ps, struct strbuf *err)
{
	struct check *c;
	char where[512];
	size_t i, j;

	for (i = 0; i < ps->ndata; i++)
		for (j = 0; j < i; j++)
			if (ps->data[i]->id != NULL && ps->data[j]->id != NULL &&
			    strcmp(ps->data[i]->id, ps->data[j]->id) == 0)
				strbuf_addf(err, "%s: data '%s' is also defined "
				    "in pack '%s'\n", ps->data[i]->pack,
				    ps->data[i]->id, ps->data[j]->pack);
	for (i = 0; i < ps->nchecks; i++) {
		c = ps->checks[i];
		c->index = i;
		if (c->id == NULL)
			continue;
		snprintf(where, sizeof where, "%s: check '%s'", c->pack, c->id);
		for (j = 0; j < i; j++)
			if (ps->checks[j]->id != NULL &&
			    strcmp(ps->checks[j]->id, c->id) == 0)
				strbuf_addf(err, "%s: also defined in pack "
				    "'%s'\n", where, ps->checks[j]->pack);
		/* One name, one meaning: a check is not a cause. */
		if (packset_cause(ps, c->id) != NULL)
			strbuf_addf(err, "%s: a cause has the same id\n", where);
		c->causes = xcalloc(c->ncauses + 1, sizeof *c->causes);
		for (j = 0; j < c->ncauses; j++)
			if ((c->causes[j] = packset_cause(ps,
			    c->cause_ids[j])) == NULL)
				strbuf_addf(err, "%s: cause '%s' is not in the "
				    "packs\n", where, c->cause_ids[j]);
		link_rules(c, c->fail, c->nfail, ps, err, where);
		link_rules(c, c->warn, c->nwarn, ps, err, where);
		link_rules(c, c->pass, c->npass, ps, err, where);
		data_of_template(&c->data, &c->ndata, ps, c->missing);
	}
}

void
pack_data_describe(const struct pack_data *d, struct strbuf *out)
{
	size_t i;

	if (d->value != NULL) {
		strbuf_addstr(out, d->value);
		return;
	}
	for (i = 0; i < d->nrows; i++) {
		if (i > 0)
			strbuf_addstr(out, ", ");
		strbuf_addstr(out, d->rows[i].name != NULL ?
		    d->rows[i].name : "?");
	}
}
