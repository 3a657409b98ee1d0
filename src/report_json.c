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
#include "report.h"
#include "report_int.h"
#include "xalloc.h"

static cJSON *
evidence_json(const struct evidence *ev)
{
	cJSON *o = cJSON_CreateObject();
	char when[40], off[8];

	report_jstr(o, "file", ev->file);
	cJSON_AddNumberToObject(o, "line", (double)ev->line);
	if (ev->time.zone != VTIME_NONE) {
		report_time(&ev->time, when, sizeof when);
		report_jstr(o, "time", when);
		report_jstr(o, "time_zone", report_zone(&ev->time));
		/* Written as VM local time, converted with the offset the
		 * bundle gave. */
		if (report_written_time(ev, when, sizeof when, off,
		    sizeof off)) {
			report_jstr(o, "time_as_written", when);
			report_jstr(o, "utc_offset", off);
		}
	} else
		cJSON_AddNullToObject(o, "time");
	report_jstr(o, "kind", kind_name(ev->kind));
	report_jstr(o, "text", ev->text);
	if (ev->cut)
		cJSON_AddTrueToObject(o, "cut");
	return o;
}

static cJSON	*bundle_json(const struct analysis *);

cJSON *
report_evidence_json(const struct evidence *ev)
{
	return evidence_json(ev);
}

cJSON *
report_bundle_json(const struct analysis *an)
{
	return bundle_json(an);
}

static cJSON *
bundle_json(const struct analysis *an)
{
	cJSON *b, *kinds, *skipped, *s;
	size_t i;
	int k;

	b = cJSON_CreateObject();
	report_jstr(b, "path", an->path);
	report_jstr(b, "platform", analysis_platform_name(an));
	report_jstr(b, "layout", analysis_layout(an));
	cJSON_AddNumberToObject(b, "files", an->stats.files);
	cJSON_AddNumberToObject(b, "bytes", (double)an->stats.bytes);
	cJSON_AddNumberToObject(b, "archives", an->stats.archives);
	if (an->utc_offset_known) {
		cJSON *u = cJSON_AddObjectToObject(b, "utc_offset");

		report_jstr(u, "value", an->utc_offset_fact->value);
		cJSON_AddNumberToObject(u, "minutes", an->utc_offset_min);
		report_jstr(u, "file", an->utc_offset_fact->ev.file);
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
		report_jstr(s, "path", an->skipped[i].path);
		report_jstr(s, "reason", an->skipped[i].reason);
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
	report_jstr(f, "cause", c->id);
	report_jstr(f, "title", c->title);
	report_jstr(f, "confidence", confidence_name(v->confidence));
	cJSON_AddBoolToObject(f, "root", v->root);
	if (d->symptom_code != NULL)
		cJSON_AddBoolToObject(f, "explains_symptom",
		    verdict_explains(v, d->symptom_code));
	report_jstr(f, "summary", v->text);
	arr = cJSON_AddArrayToObject(f, "error_codes");
	for (i = 0; i < v->ncodes; i++)
		report_jpush(arr, v->codes[i]);
	arr = cJSON_AddArrayToObject(f, "chain");
	for (i = 0; i < v->nchain; i++)
		report_jpush(arr, d->v[v->chain[i]].cause->id);
	arr = cJSON_AddArrayToObject(f, "evidence");
	for (i = 0; i < v->nev; i++)
		cJSON_AddItemToArray(arr, evidence_json(&v->ev[i]));
	arr = cJSON_AddArrayToObject(f, "remedy");
	for (i = 0; i < v->nremedy; i++)
		report_jpush(arr, v->remedy[i]);
	report_jstr(f, "doc", c->doc);
	return f;
}

static cJSON *
symptom_json(const struct diagnosis *d)
{
	const struct verdict *v;
	cJSON *s, *arr, *o;
	size_t i;

	s = cJSON_CreateObject();
	report_jstr(s, "code", d->symptom != NULL ? d->symptom->code :
	    d->symptom_code);
	cJSON_AddBoolToObject(s, "known", d->symptom != NULL);
	report_jstr(s, "message", d->symptom != NULL ? d->symptom->message :
	    NULL);
	report_jstr(s, "doc", d->symptom != NULL ? d->symptom->doc : NULL);
	/* "argument": --symptom named it; "job": the backup job failed
	 * with it. */
	report_jstr(s, "source", d->symptom_fact != NULL ? "job" : "argument");
	arr = cJSON_AddArrayToObject(s, "evidence");
	for (i = 0; i < d->nsymptom_ev; i++)
		cJSON_AddItemToArray(arr, evidence_json(&d->symptom_ev[i]));
	arr = cJSON_AddArrayToObject(s, "causes");
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (!cause_explains(v->cause, d->symptom_code))
			continue;
		o = cJSON_CreateObject();
		report_jstr(o, "cause", v->cause->id);
		switch (v->status) {
		case VERDICT_FOUND:
			report_jstr(o, "status", "found");
			report_jstr(o, "confidence",
			    confidence_name(v->confidence));
			cJSON_AddBoolToObject(o, "root", v->root);
			report_jstr(o, "summary", v->text);
			break;
		case VERDICT_NOT_EVALUATED:
			report_jstr(o, "status", "not_evaluated");
			report_jstr(o, "missing", v->text);
			break;
		case VERDICT_NOT_APPLICABLE:
			report_jstr(o, "status", "not_applicable");
			report_jstr(o, "why", v->text);
			break;
		default:
			report_jstr(o, "status", "ruled_out");
			report_jstr(o, "why", v->text);
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
	report_jstr(root, "schema", REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(root, "tool");
	report_jstr(o, "name", PACKAGE_NAME);
	report_jstr(o, "version", PACKAGE_VERSION);
	cJSON_AddItemToObject(root, "bundle", bundle_json(an));
	if (d->symptom_code != NULL)
		cJSON_AddItemToObject(root, "symptom", symptom_json(d));

	/* Facts sorted by id, without reordering the analysis itself. */
	report_facts_sorted(an, &sorted);
	o = cJSON_AddObjectToObject(root, "facts");
	for (i = 0; i < sorted.n; i++)
		report_jstr(o, sorted.v[i]->id, sorted.v[i]->value);
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
		report_jstr(o, "cause", v->cause->id);
		report_jstr(o, "why", v->text);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "not_evaluated");
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (v->status != VERDICT_NOT_EVALUATED)
			continue;
		o = cJSON_CreateObject();
		report_jstr(o, "cause", v->cause->id);
		report_jstr(o, "missing", v->text);
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
