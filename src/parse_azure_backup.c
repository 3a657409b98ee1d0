/*
 * What Azure Backup keeps, as the Azure CLI prints it or the REST API
 * returns it: backup jobs (az backup job show / list), protected items
 * (az backup item show / list) and the VM's restore point collection
 * (az restore-point collection show).  A job list is read twice: first
 * for the days with backups, then job by job, so that a job can say how
 * many backups its day had.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "parse.h"
#include "parse_azure_int.h"
#include "parse_json_int.h"
#include "strbuf.h"
#include "text.h"
#include "timeparse.h"
#include "xalloc.h"

/* ---- az backup job show / list ---- */

/* Joined values of an array of strings, "; " between. */
static void
add_joined(struct jrec *j, const char *name, const cJSON *arr)
{
	struct strbuf sb = STRBUF_INIT;
	const cJSON *v;

	cJSON_ArrayForEach(v, arr) {
		if (jstring(v) == NULL)
			continue;
		if (sb.len > 0)
			strbuf_addstr(&sb, "; ");
		strbuf_addstr(&sb, jstring(v));
		if (sb.len > VALUE_MAX)
			break;
	}
	if (sb.len > 0)
		jrec_add(j, name, strbuf_str(&sb), VALUE_MAX);
	strbuf_release(&sb);
}

/* The key of a backup job in backup_days, NULL if it is no backup that
 * made (or is making) a restore point. */
static char *
backup_day_key(const cJSON *job)
{
	const char *op = az_prop_str(job, "operation");
	const char *st = az_prop_str(job, "status");
	const char *entity = az_prop_str(job, "entityFriendlyName");
	const char *start = az_prop_str(job, "startTime");
	char *key;

	if (op == NULL || strcasecmp(op, "Backup") != 0 || entity == NULL ||
	    start == NULL || strlen(start) < 10 || st == NULL ||
	    (strncasecmp(st, "Completed", 9) != 0 &&
	    strcasecmp(st, "InProgress") != 0))
		return NULL;
	xasprintf(&key, "%s\x1f%.10s", entity, start);
	return key;
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
az_backup_days_collect(struct azx *ax, const cJSON *list)
{
	const cJSON *o;
	char *key;

	ax->backup_days = xcalloc((size_t)cJSON_GetArraySize(list) + 1,
	    sizeof *ax->backup_days);
	cJSON_ArrayForEach(o, list)
		if (ax->nbackup_days < AZ_OBJECTS_MAX &&
		    (key = backup_day_key(o)) != NULL)
			ax->backup_days[ax->nbackup_days++] = key;
	qsort(ax->backup_days, ax->nbackup_days, sizeof *ax->backup_days,
	    key_cmp);
}

/* Backups of the same VM that made a restore point (completed, or in
 * progress) and started the same UTC day as job; 0 for other jobs. */
static size_t
backups_that_day(const struct azx *ax, const cJSON *job)
{
	char *key = backup_day_key(job), **hit;
	size_t lo, hi;

	if (key == NULL || ax->nbackup_days == 0 || (hit = bsearch(&key,
	    ax->backup_days, ax->nbackup_days, sizeof *ax->backup_days,
	    key_cmp)) == NULL) {
		free(key);
		return 0;
	}
	lo = hi = (size_t)(hit - ax->backup_days);
	while (lo > 0 && strcmp(ax->backup_days[lo - 1], key) == 0)
		lo--;
	while (hi + 1 < ax->nbackup_days &&
	    strcmp(ax->backup_days[hi + 1], key) == 0)
		hi++;
	free(key);
	return hi - lo + 1;
}

void
az_job(struct azx *ax, const cJSON *job)
{
	const cJSON *err, *t, *ext;
	struct jrec j;
	char buf[64];
	size_t n;

	jrec_init(&j, "job");
	jrec_add(&j, "job", az_prop_str(job, "name"), SHORT_MAX);
	jrec_add(&j, "operation", az_prop_str(job, "operation"), SHORT_MAX);
	jrec_add(&j, "status", az_prop_str(job, "status"), SHORT_MAX);
	jrec_add(&j, "entity", az_prop_str(job, "entityFriendlyName"),
	    SHORT_MAX);
	jrec_add(&j, "job_type", az_prop_str(job, "jobType"), SHORT_MAX);
	jrec_add(&j, "start", az_prop_str(job, "startTime"), SHORT_MAX);
	jrec_add(&j, "end", az_prop_str(job, "endTime"), SHORT_MAX);
	jrec_add(&j, "duration", az_prop_str(job, "duration"), SHORT_MAX);
	az_time(&j, az_prop(job, "startTime"));
	if ((n = backups_that_day(ax, job)) > 0) {
		snprintf(buf, sizeof buf, "%zu", n);
		jrec_add(&j, "backups_that_day", buf, SHORT_MAX);
	}
	/* The first error is the job's; IaaS VM jobs carry a number, other
	 * job types the code's name. */
	err = cJSON_GetArrayItem(az_prop(job, "errorDetails"), 0);
	jrec_add(&j, "error_code", jscalar(jgeti(err, "errorCode"), buf,
	    sizeof buf), SHORT_MAX);
	jrec_add(&j, "error_title", jstring(jgeti(err, "errorTitle")),
	    SHORT_MAX);
	jrec_add(&j, "error_string", jstring(jgeti(err, "errorString")) !=
	    NULL ? jstring(jgeti(err, "errorString")) :
	    jstring(jgeti(err, "errorMessage")), VALUE_MAX);
	add_joined(&j, "recommendations", jgeti(err, "recommendations"));
	ext = az_prop(job, "extendedInfo");
	jrec_add(&j, "dynamic_error", jstring(jgeti(ext,
	    "dynamicErrorMessage")), VALUE_MAX);
	cJSON_ArrayForEach(t, jgeti(ext, "tasksList"))
		if (jstring(jgeti(t, "status")) != NULL &&
		    strcasecmp(jstring(jgeti(t, "status")), "Failed") == 0) {
			jrec_add(&j, "failed_task", jstring(jgeti(t,
			    "taskId")), SHORT_MAX);
			break;
		}
	jtext_field(&j, "", "operation");
	strbuf_addstr(&j.text, " job");
	jtext_field(&j, " of ", "entity");
	jtext_field(&j, " ", "status");
	jtext_field(&j, ", started ", "start");
	jtext_field(&j, "; task failed: ", "failed_task");
	if (jtext_field(&j, "; error ", "error_title"))
		az_text_paren(&j, "error_code");
	else
		jtext_field(&j, "; error ", "error_code");
	jtext_field(&j, ": ", "error_string");
	jtext_field(&j, " ", "dynamic_error");
	az_emit(ax, &j, KIND_AZ_JOB, az_prop_str(job, "id") != NULL ?
	    az_prop_str(job, "id") : az_prop_str(job, "name"));
}

/* ---- az backup item show / list ---- */

void
az_item(struct azx *ax, const cJSON *item)
{
	const cJSON *h, *ext;
	struct jrec j;
	char buf[64];

	jrec_init(&j, "item");
	jrec_add(&j, "item", az_prop_str(item, "friendlyName"), SHORT_MAX);
	jrec_add(&j, "item_type", az_prop_str(item, "protectedItemType"),
	    SHORT_MAX);
	jrec_add(&j, "protection_state", az_prop_str(item, "protectionState"),
	    SHORT_MAX);
	jrec_add(&j, "protection_status", az_prop_str(item, "protectionStatus"),
	    SHORT_MAX);
	jrec_add(&j, "health_status", az_prop_str(item, "healthStatus"),
	    SHORT_MAX);
	jrec_add(&j, "last_backup_status", az_prop_str(item, "lastBackupStatus"),
	    SHORT_MAX);
	jrec_add(&j, "last_backup_time", az_prop_str(item, "lastBackupTime"),
	    SHORT_MAX);
	jrec_add(&j, "policy", az_prop_str(item, "policyName") != NULL ?
	    az_prop_str(item, "policyName") : az_id_name(az_prop_str(item,
	    "policyId")), SHORT_MAX);
	ext = az_prop(item, "extendedInfo");
	jrec_add_json(&j, "recovery_points", jgeti(ext, "recoveryPointCount"),
	    SHORT_MAX);
	/* The health details name the code a failing item shows. */
	h = cJSON_GetArrayItem(az_prop(item, "healthDetails"), 0);
	jrec_add(&j, "health_code", jstring(jgeti(h, "title")), SHORT_MAX);
	jrec_add(&j, "health_number", jscalar(jgeti(h, "code"), buf,
	    sizeof buf), SHORT_MAX);
	jrec_add(&j, "health_message", jstring(jgeti(h, "message")),
	    VALUE_MAX);
	az_time(&j, az_prop(item, "lastBackupTime"));
	strbuf_addstr(&j.text, "protected item");
	jtext_field(&j, " ", "item");
	jtext_field(&j, ": protection ", "protection_state");
	az_text_paren(&j, "protection_status");
	jtext_field(&j, ", last backup ", "last_backup_status");
	jtext_field(&j, " at ", "last_backup_time");
	jtext_field(&j, "; health ", "health_status");
	jtext_field(&j, ": ", "health_code");
	jtext_field(&j, ": ", "health_message");
	az_emit(ax, &j, KIND_AZ_ITEM, az_prop_str(item, "id") != NULL ?
	    az_prop_str(item, "id") : az_prop_str(item, "name"));
}

/* ---- az restore-point collection show ---- */

static int
day_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

void
az_restore_points(struct azx *ax, const cJSON *rpc)
{
	const cJSON *rps = az_prop(rpc, "restorePoints"), *rp;
	struct vtime t, oldest, newest;
	char (*days)[11] = NULL, group[256], buf[32];
	const char *id = az_prop_str(rpc, "id"), *tc;
	size_t n = 0, i, run, most = 0;
	struct jrec j;

	memset(&oldest, 0, sizeof oldest);
	memset(&newest, 0, sizeof newest);
	jrec_init(&j, "collection");
	jrec_add(&j, "collection", az_prop_str(rpc, "name"), SHORT_MAX);
	jrec_add(&j, "resource_group", jstring(jgeti(rpc, "resourceGroup")) !=
	    NULL ? jstring(jgeti(rpc, "resourceGroup")) :
	    az_id_group(id, group, sizeof group), SHORT_MAX);
	jrec_add(&j, "source_vm", az_id_name(jstring(jgeti(az_prop(rpc, "source"),
	    "id"))), SHORT_MAX);
	if (cJSON_IsArray(rps)) {
		days = xcalloc((size_t)cJSON_GetArraySize(rps) + 1,
		    sizeof *days);
		cJSON_ArrayForEach(rp, rps) {
			tc = az_prop_str(rp, "timeCreated");
			n++;
			if (tc == NULL || timeparse_string(tc, &t) != 0)
				continue;
			if (oldest.zone == VTIME_NONE || t.us < oldest.us)
				oldest = t;
			if (newest.zone == VTIME_NONE || t.us > newest.us)
				newest = t;
			snprintf(days[i = n - 1], sizeof days[0], "%.10s", tc);
		}
		/* Restore points made on one day: several backups a day
		 * fill the collection's 18 sooner. */
		qsort(days, n, sizeof *days, day_cmp);
		for (i = 0; i < n; i += run) {
			for (run = 1; i + run < n && days[i][0] != '\0' &&
			    strcmp(days[i], days[i + run]) == 0; run++)
				;
			if (days[i][0] != '\0' && run > most)
				most = run;
		}
		free(days);
		snprintf(buf, sizeof buf, "%zu", n);
		jrec_add(&j, "restore_points", buf, SHORT_MAX);
		snprintf(buf, sizeof buf, "%zu", most);
		jrec_add(&j, "per_day_max", buf, SHORT_MAX);
		if (oldest.zone != VTIME_NONE) {
			vtime_format(&oldest, buf, sizeof buf);
			jrec_add(&j, "oldest", buf, SHORT_MAX);
			vtime_format(&newest, buf, sizeof buf);
			jrec_add(&j, "newest", buf, SHORT_MAX);
			j.r.time = newest;
		}
	}
	strbuf_addstr(&j.text, "restore point collection");
	jtext_field(&j, " ", "collection");
	jtext_field(&j, " in ", "resource_group");
	if (jtext_field(&j, ": ", "restore_points")) {
		strbuf_addstr(&j.text, " restore points");
		if (jtext_field(&j, " (", "oldest")) {
			jtext_field(&j, " to ", "newest");
			jtext_field(&j, ", at most ", "per_day_max");
			strbuf_addstr(&j.text, " on one day)");
		}
	} else
		strbuf_addstr(&j.text, ": restore points not listed "
		    "(az restore-point collection show --restore-points)");
	az_emit(ax, &j, KIND_AZ_RESTORE_POINTS, id);
}
