#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "analyze.h"
#include "diagnose.h"
#include "facts.h"
#include "redact.h"
#include "report.h"
#include "xalloc.h"

void
report_jstr(cJSON *obj, const char *key, const char *value)
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

void
report_jpush(cJSON *arr, const char *value)
{
	char *r = redact(value);

	cJSON_AddItemToArray(arr, cJSON_CreateString(r));
	free(r);
}

void
report_time(const struct vtime *t, char *buf, size_t len)
{
	vtime_format(t, buf, len);
}

const char *
report_zone(const struct vtime *t)
{
	switch (t->zone) {
	case VTIME_UTC:
		return "UTC";
	case VTIME_LOCAL:
		return "local";
	default:
		return NULL;
	}
}

void
report_size(unsigned long long n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%llu B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", n / 1024.0);
	else if (n < 1024ULL * 1024 * 1024)
		snprintf(buf, len, "%.1f MiB", n / (1024.0 * 1024));
	else
		snprintf(buf, len, "%.2f GiB", n / (1024.0 * 1024 * 1024));
}

size_t
report_first_line(const char *s)
{
	return strcspn(s, "\n");
}

unsigned
report_count_lines(const char *s)
{
	unsigned n = 1;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

int
report_written_time(const struct evidence *ev, char *when, size_t wlen,
    char *off, size_t olen)
{
	struct vtime t;
	int m;

	if (!ev->shifted)
		return 0;
	t.us = ev->time.us + (int64_t)ev->offset_min * 60 * 1000000;
	t.zone = VTIME_LOCAL;
	vtime_format(&t, when, wlen);
	m = ev->offset_min < 0 ? -ev->offset_min : ev->offset_min;
	snprintf(off, olen, "%c%02d:%02d", ev->offset_min < 0 ? '-' : '+',
	    m / 60, m % 60);
	return 1;
}

int
report_when(const struct vtime *t, int shifted, int offset_min, char *when,
    size_t wlen, char *note, size_t nlen)
{
	struct vtime w;
	char written[40];
	int m;

	*when = *note = '\0';
	if (t->zone == VTIME_NONE)
		return 0;
	report_time(t, when, wlen);
	if (shifted) {
		w.us = t->us + (int64_t)offset_min * 60 * 1000000;
		w.zone = VTIME_LOCAL;
		vtime_format(&w, written, sizeof written);
		m = offset_min < 0 ? -offset_min : offset_min;
		snprintf(note, nlen, "written %s VM local time, UTC%c%02d:%02d",
		    written, offset_min < 0 ? '-' : '+', m / 60, m % 60);
	} else if (t->zone == VTIME_LOCAL)
		snprintf(note, nlen, "VM local time, offset unknown");
	return 1;
}

int
report_evidence_when(const struct evidence *ev, char *when, size_t wlen,
    char *note, size_t nlen)
{
	return report_when(&ev->time, ev->shifted, ev->offset_min, when, wlen,
	    note, nlen);
}

const char *
report_finding_label(const struct verdict *v, int first)
{
	if (!v->root)
		return "Consequence";
	return first ? "Root cause" : "Also a root cause";
}

void
report_facts_sorted(const struct analysis *an, struct facts *sorted)
{
	sorted->n = an->facts.n;
	sorted->v = xcalloc(sorted->n + 1, sizeof *sorted->v);
	/* No fact: facts.v is NULL, which memcpy may not be given. */
	if (sorted->n > 0)
		memcpy(sorted->v, an->facts.v, sorted->n * sizeof *sorted->v);
	facts_sort(sorted);
}

const char *
report_symptom_code(const struct diagnosis *d)
{
	return d->symptom != NULL ? d->symptom->code : d->symptom_code;
}

void
report_code_spans(const char *s,
    void (*fn)(void *, const char *, size_t, int), void *arg)
{
	const char *p, *q;
	size_t ticks = 0;

	for (p = s; (p = strchr(p, '`')) != NULL; p++)
		ticks++;
	if (ticks == 0 || ticks % 2 != 0) {
		fn(arg, s, strlen(s), 0);
		return;
	}
	for (p = s; (q = strchr(p, '`')) != NULL; p = q + 1) {
		if (q > p)
			fn(arg, p, (size_t)(q - p), 0);
		p = q + 1;
		q = strchr(p, '`');
		fn(arg, p, (size_t)(q - p), 1);
	}
	if (*p != '\0')
		fn(arg, p, strlen(p), 0);
}

const char *
report_basename(const char *path, size_t *len)
{
	size_t n = strlen(path);
	const char *p;

	while (n > 1 && (path[n - 1] == '/' || path[n - 1] == '\\'))
		n--;
	for (p = path + n; p > path && p[-1] != '/' && p[-1] != '\\'; p--)
		;
	*len = n - (size_t)(p - path);
	return p;
}
