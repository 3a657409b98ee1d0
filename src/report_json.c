/*
 * The JSON report, built with cJSON in a fixed order so that the same
 * bundle always gives the same bytes.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "classify.h"
#include "diagnose.h"
#include "pack.h"
#include "redact.h"
#include "report.h"
#include "xalloc.h"

/* Every string leaves through here. */
static void
add_str(cJSON *obj, const char *key, const char *value)
{
	char *r;

	if (value == NULL) {
		cJSON_AddNullToObject(obj, key);
		return;
	}
	r = redact(value);
	cJSON_AddStringToObject(obj, key, r);
	free(r);
}

static void
push_str(cJSON *arr, const char *value)
{
	char *r = redact(value);

	cJSON_AddItemToArray(arr, cJSON_CreateString(r));
	free(r);
}

static cJSON *
evidence_json(const struct evidence *ev)
{
	cJSON *o = cJSON_CreateObject();
	char when[40], off[8];

	add_str(o, "file", ev->file);
	cJSON_AddNumberToObject(o, "line", (double)ev->line);
	if (ev->time.zone != VTIME_NONE) {
		report_time(&ev->time, when, sizeof when);
		add_str(o, "time", when);
		add_str(o, "time_zone", report_zone(&ev->time));
		/* Written as VM local time, converted with the offset the
		 * bundle gave. */
		if (report_written_time(ev, when, sizeof when, off,
		    sizeof off)) {
			add_str(o, "time_as_written", when);
			add_str(o, "utc_offset", off);
		}
	} else
		cJSON_AddNullToObject(o, "time");
	add_str(o, "kind", kind_name(ev->kind));
	add_str(o, "text", ev->text);
	if (ev->cut)
		cJSON_AddTrueToObject(o, "cut");
	return o;
}

static cJSON *
bundle_json(const struct analysis *an)
{
	cJSON *b, *kinds, *skipped, *s;
	size_t i;
	int k;

	b = cJSON_CreateObject();
	add_str(b, "path", an->path);
	add_str(b, "platform", analysis_platform_name(an));
	add_str(b, "layout", analysis_layout(an));
	cJSON_AddNumberToObject(b, "files", an->stats.files);
	cJSON_AddNumberToObject(b, "bytes", (double)an->stats.bytes);
	cJSON_AddNumberToObject(b, "archives", an->stats.archives);
	if (an->utc_offset_known) {
		cJSON *u = cJSON_AddObjectToObject(b, "utc_offset");

		add_str(u, "value", an->utc_offset_fact->value);
		cJSON_AddNumberToObject(u, "minutes", an->utc_offset_min);
		add_str(u, "file", an->utc_offset_fact->ev.file);
	}
	kinds = cJSON_AddObjectToObject(b, "recognised");
	for (k = 0; k < KIND__COUNT; k++)
		if (an->members[k] > 0)
			cJSON_AddNumberToObject(kinds,
			    kind_name((enum source_kind)k), an->members[k]);
	cJSON_AddNumberToObject(b, "unrecognised", an->unknown);
	skipped = cJSON_AddArrayToObject(b, "skipped");
	for (i = 0; i < an->nskipped; i++) {
		s = cJSON_CreateObject();
		add_str(s, "path", an->skipped[i].path);
		add_str(s, "reason", an->skipped[i].reason);
		cJSON_AddItemToArray(skipped, s);
	}
	if (an->skipped_more > 0)
		cJSON_AddNumberToObject(b, "skipped_not_listed",
		    (double)an->skipped_more);
	return b;
}

static cJSON *
finding_json(const struct diagnosis *d, const struct verdict *v)
{
	const struct cause *c = v->cause;
	cJSON *f, *arr;
	size_t i;

	f = cJSON_CreateObject();
	add_str(f, "cause", c->id);
	add_str(f, "title", c->title);
	add_str(f, "confidence", confidence_name(v->confidence));
	cJSON_AddBoolToObject(f, "root", v->root);
	if (d->symptom_code != NULL)
		cJSON_AddBoolToObject(f, "explains_symptom",
		    verdict_explains(v, d->symptom_code));
	add_str(f, "summary", v->text);
	arr = cJSON_AddArrayToObject(f, "error_codes");
	for (i = 0; i < v->ncodes; i++)
		push_str(arr, v->codes[i]);
	arr = cJSON_AddArrayToObject(f, "chain");
	for (i = 0; i < v->nchain; i++)
		push_str(arr, d->v[v->chain[i]].cause->id);
	arr = cJSON_AddArrayToObject(f, "evidence");
	for (i = 0; i < v->nev; i++)
		cJSON_AddItemToArray(arr, evidence_json(&v->ev[i]));
	arr = cJSON_AddArrayToObject(f, "remedy");
	for (i = 0; i < v->nremedy; i++)
		push_str(arr, v->remedy[i]);
	add_str(f, "doc", c->doc);
	return f;
}

static cJSON *
symptom_json(const struct diagnosis *d)
{
	const struct verdict *v;
	cJSON *s, *arr, *o;
	size_t i;

	s = cJSON_CreateObject();
	add_str(s, "code", d->symptom != NULL ? d->symptom->code :
	    d->symptom_code);
	cJSON_AddBoolToObject(s, "known", d->symptom != NULL);
	add_str(s, "message", d->symptom != NULL ? d->symptom->message : NULL);
	add_str(s, "doc", d->symptom != NULL ? d->symptom->doc : NULL);
	/* "argument": --symptom named it; "job": the backup job failed
	 * with it. */
	add_str(s, "source", d->symptom_fact != NULL ? "job" : "argument");
	arr = cJSON_AddArrayToObject(s, "evidence");
	for (i = 0; i < d->nsymptom_ev; i++)
		cJSON_AddItemToArray(arr, evidence_json(&d->symptom_ev[i]));
	arr = cJSON_AddArrayToObject(s, "causes");
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (!cause_explains(v->cause, d->symptom_code))
			continue;
		o = cJSON_CreateObject();
		add_str(o, "cause", v->cause->id);
		switch (v->status) {
		case VERDICT_FOUND:
			add_str(o, "status", "found");
			add_str(o, "confidence",
			    confidence_name(v->confidence));
			cJSON_AddBoolToObject(o, "root", v->root);
			add_str(o, "summary", v->text);
			break;
		case VERDICT_NOT_EVALUATED:
			add_str(o, "status", "not_evaluated");
			add_str(o, "missing", v->text);
			break;
		case VERDICT_NOT_APPLICABLE:
			add_str(o, "status", "not_applicable");
			add_str(o, "why", v->text);
			break;
		default:
			add_str(o, "status", "ruled_out");
			add_str(o, "why", v->text);
			break;
		}
		cJSON_AddItemToArray(arr, o);
	}
	return s;
}

cJSON *
report_json_object(const struct analysis *an, const struct diagnosis *d,
    const struct packset *ps, const struct report_opts *opts)
{
	const struct verdict *v;
	struct facts sorted;
	cJSON *root, *o, *arr;
	size_t i;

	(void)ps;
	(void)opts;
	root = cJSON_CreateObject();
	add_str(root, "schema", REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(root, "tool");
	add_str(o, "name", PACKAGE_NAME);
	add_str(o, "version", PACKAGE_VERSION);
	cJSON_AddItemToObject(root, "bundle", bundle_json(an));
	if (d->symptom_code != NULL)
		cJSON_AddItemToObject(root, "symptom", symptom_json(d));

	/* Facts sorted by id, without reordering the analysis itself. */
	sorted.n = an->facts.n;
	sorted.v = xcalloc(sorted.n + 1, sizeof *sorted.v);
	/* No fact: facts.v is NULL, which memcpy may not be given. */
	if (sorted.n > 0)
		memcpy(sorted.v, an->facts.v, sorted.n * sizeof *sorted.v);
	facts_sort(&sorted);
	o = cJSON_AddObjectToObject(root, "facts");
	for (i = 0; i < sorted.n; i++)
		add_str(o, sorted.v[i]->id, sorted.v[i]->value);
	free(sorted.v);

	arr = cJSON_AddArrayToObject(root, "findings");
	for (i = 0; i < d->nfindings; i++)
		cJSON_AddItemToArray(arr, finding_json(d,
		    &d->v[d->findings[i]]));
	arr = cJSON_AddArrayToObject(root, "ruled_out");
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (v->status != VERDICT_RULED_OUT)
			continue;
		o = cJSON_CreateObject();
		add_str(o, "cause", v->cause->id);
		add_str(o, "why", v->text);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "not_evaluated");
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (v->status != VERDICT_NOT_EVALUATED)
			continue;
		o = cJSON_CreateObject();
		add_str(o, "cause", v->cause->id);
		add_str(o, "missing", v->text);
		cJSON_AddItemToArray(arr, o);
	}
	return root;
}

int
report_json(FILE *out, const struct analysis *an, const struct diagnosis *d,
    const struct packset *ps, const struct report_opts *opts)
{
	cJSON *root;
	char *text;
	int r;

	root = report_json_object(an, d, ps, opts);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		fatal("out of memory rendering the JSON report");
	r = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	cJSON_free(text);
	return r;
}
