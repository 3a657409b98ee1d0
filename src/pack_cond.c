/*
 * Conditions of the causes' rules, as written in packs:
 *
 *   {"signal": "id", "min": 3, "include_cleared": true}
 *   {"fact": "id", "eq" | "ne" | "matches" | "version_lt" | "version_ge" |
 *                  "lt" | "ge": "value"}
 *   {"fact": "id", "exists": true | false}
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
		if (!cJSON_IsString(v)) {
			cond_error(err, where, "fact comparisons take a "
			    "string value");
			return -1;
		}
		c->op = fact_ops[i].op;
		c->value = xstrdup(v->valuestring);
		if (c->op == FOP_MATCHES &&
		    (c->re = pack_compile(c->value, PCRE2_CASELESS, err,
		    where)) == NULL)
			return -1;
		return 0;
	}
	cond_error(err, where, "a fact condition needs exists, eq, ne, "
	    "matches, version_lt, version_ge, lt or ge");
	return -1;
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
		    "symptom, all, any or not");
		return -1;
	}
	if (!cJSON_IsString(v)) {
		cond_error(err, where, "the name must be a string");
		return -1;
	}
	c->ref = xstrdup(v->valuestring);
	return r;
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
