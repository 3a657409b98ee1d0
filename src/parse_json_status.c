/*
 * The readers of each JSON source kind: an extension's status and its
 * handler status, the agent's status report (waagent_status.json in its
 * three formats, the Windows agent's aggregatestatus.json), a Windows
 * extension's HeartBeat.Json, an agent version's failure record
 * (error.json) and the registry values Disk Inspect read
 * (registry.json).  parse_json.c reads the document and calls them.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "parse_json_int.h"
#include "text.h"
#include "xalloc.h"

/*
 * The telemetry keys a diagnosis reads, added first so that they are kept
 * when a record runs out of fields.
 */
static const char *const telemetry_first[] = {
	"extErrorCode", "snapshotCreator", "hostStatusCodePreSnapshot",
	"hostStatusCodeDoSnapshot", "statusBlobUploadError", "FreezeTime",
	"ThawTime", "snapshotTimeTaken", "consistencyType",
	"guestAgentVersion", "extensionVersion",
};

/*
 * The record of the status VMSnapshotLinux reports: w is the
 * {"status": {...}, "timestampUTC": ...} it writes.  The same shape comes
 * nested in a substatus name of the status file and of waagent_status.json.
 */
static void
snapshot_record(struct parse_ctx *pc, const struct origin *o,
    const cJSON *w)
{
	struct jrec j;
	const cJSON *st, *info, *health, *tel, *e;
	cJSON *inner = NULL;
	const char *msg, *err = NULL, *ok, *key;
	char num[32], failed[32];
	unsigned total = 0, nfailed = 0;
	size_t i, nfirst = sizeof telemetry_first / sizeof telemetry_first[0];
	int pass;

	st = jget(w, "status");
	jrec_init(&j, "snapshot");
	jrec_origin(&j, o);
	jrec_add_json(&j, "operation", jget(st, "operation"), SHORT_MAX);
	jrec_add_json(&j, "status", jget(st, "status"), SHORT_MAX);
	jrec_add_json(&j, "code", jget(st, "code"), SHORT_MAX);

	/* Current builds write an ExtensionResponse as the message. */
	msg = jmessage(st);
	if (msg != NULL && *msg == '{' &&
	    (inner = cJSON_ParseWithLength(msg, strlen(msg))) != NULL &&
	    jstring(jget(inner, "messageStr")) != NULL) {
		jrec_add(&j, "message", jstring(jget(inner, "messageStr")),
		    VALUE_MAX);
		jrec_add_json(&j, "snapshot_consistency",
		    jget(inner, "snapshotConsistency"), SHORT_MAX);
	} else
		jrec_add(&j, "message", msg, VALUE_MAX);
	cJSON_Delete(inner);

	jrec_add_json(&j, "task_id", jget(st, "taskId"), SHORT_MAX);
	health = jget(st, "vmHealthInfo");
	jrec_add_json(&j, "vm_health_state", jget(health, "vmHealthState"),
	    SHORT_MAX);
	jrec_add_json(&j, "vm_health_code", jget(health,
	    "vmHealthStatusCode"), SHORT_MAX);

	/* Snapshot URIs are not kept: they name the customer's disks. */
	if (cJSON_IsArray(info = jget(st, "snapshotInfo"))) {
		cJSON_ArrayForEach(e, info) {
			total++;
			ok = jscalar(jget(e, "isSuccessful"), num, sizeof num);
			if (ok != NULL && strcasecmp(ok, "false") == 0)
				nfailed++;
			if (err == NULL && (err = jstring(jget(e,
			    "errorMessage"))) != NULL && *err == '\0')
				err = NULL;
		}
		snprintf(num, sizeof num, "%u", total);
		snprintf(failed, sizeof failed, "%u", nfailed);
		jrec_add(&j, "snapshots_total", num, SHORT_MAX);
		jrec_add(&j, "snapshots_failed", failed, SHORT_MAX);
		jrec_add(&j, "snapshot_error", err, VALUE_MAX / 2);
	}

	tel = jget(st, "telemetryData");
	for (pass = 0; pass < 2 && cJSON_IsArray(tel); pass++) {
		cJSON_ArrayForEach(e, tel) {
			if ((key = jstring(jget(e, "Key"))) == NULL ||
			    !telemetry_key_ok(key))
				continue;
			for (i = 0; i < nfirst; i++)
				if (strcmp(key, telemetry_first[i]) == 0)
					break;
			if ((pass == 0) != (i < nfirst))
				continue;
			if ((msg = jscalar(jget(e, "Value"), num,
			    sizeof num)) != NULL)
				jrec_add_named(&j, "telemetry.", key, msg);
		}
	}
	jtime(jget(w, "timestampUTC"), &j.r.time);

	jtext_subject(&j, o, NULL, "VMSnapshot");
	strbuf_addstr(&j.text, " snapshot");
	jtext_field(&j, " ", "operation");
	strbuf_addstr(&j.text, ": ");
	jtext_status(&j, "status", "code", "message");
	if (nfailed != 0) {
		strbuf_addf(&j.text, " (%u of %u snapshots failed", nfailed,
		    total);
		jtext_field(&j, ": ", "snapshot_error");
		strbuf_addch(&j.text, ')');
	}
	jrec_emit(pc, &j);
}

/*
 * The status VMSnapshotLinux hides in a substatus name on ARM VMs (its
 * top-level status then always says success), or NULL.  Sets *w to the
 * {"status": ...} object; the caller deletes what is returned.
 */
static cJSON *
nested_status(const char *s, const cJSON **w)
{
	cJSON *doc;
	const cJSON *top;

	if (s == NULL)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '[' && *s != '{')
		return NULL;
	if ((doc = cJSON_ParseWithLength(s, strlen(s))) == NULL)
		return NULL;
	top = cJSON_IsArray(doc) ? cJSON_GetArrayItem(doc, 0) : doc;
	if (!cJSON_IsObject(jget(top, "status"))) {
		cJSON_Delete(doc);
		return NULL;
	}
	*w = top;
	return doc;
}

static void
substatus_record(struct parse_ctx *pc, const struct origin *o,
    const cJSON *top, const cJSON *sub, const cJSON *nested)
{
	struct jrec j;

	jrec_init(&j, "substatus");
	jrec_origin(&j, o);
	/* A nested status as name is kept by the snapshot record, not
	 * here: its own name stands for it. */
	if (nested != NULL)
		jrec_add_json(&j, "name", jget(jget(nested, "status"), "name"),
		    SHORT_MAX);
	else
		jrec_add_json(&j, "name", jget(sub, "name"), VALUE_MAX / 2);
	jrec_add_json(&j, "status", jget(sub, "status"), SHORT_MAX);
	jrec_add_json(&j, "code", jget(sub, "code"), SHORT_MAX);
	jrec_add(&j, "message", jmessage(sub), VALUE_MAX);
	jtime(jget(top, "timestampUTC"), &j.r.time);

	jtext_subject(&j, o, NULL, "extension");
	strbuf_addstr(&j.text, " substatus");
	jtext_field(&j, " ", "name");
	strbuf_addstr(&j.text, ": ");
	jtext_status(&j, "status", "code", "message");
	jrec_emit(pc, &j);
}

/* A substatus: its record when asked, and the snapshot record of a
 * nested status.  Returns 1 for a nested status. */
static int
substatus(struct parse_ctx *pc, const struct origin *o, const cJSON *top,
    const cJSON *sub, int with_record)
{
	const cJSON *w = NULL;
	cJSON *doc;

	doc = nested_status(jstring(jget(sub, "name")), &w);
	if (with_record)
		substatus_record(pc, o, top, sub, w);
	if (doc == NULL)
		return 0;
	snapshot_record(pc, o, w);
	cJSON_Delete(doc);
	return 1;
}

/* The fields of a status object: operation, status, code, name,
 * message. */
static void
jrec_add_status(struct jrec *j, const cJSON *st)
{
	jrec_add_json(j, "operation", jget(st, "operation"), SHORT_MAX);
	jrec_add_json(j, "status", jget(st, "status"), SHORT_MAX);
	jrec_add_json(j, "code", jget(st, "code"), SHORT_MAX);
	jrec_add_json(j, "name", jget(st, "name"), SHORT_MAX);
	jrec_add(j, "message", jmessage(st), VALUE_MAX);
}

static void
status_record(struct parse_ctx *pc, const struct origin *o,
    const cJSON *top, const cJSON *st)
{
	struct jrec j;

	jrec_init(&j, "status");
	jrec_origin(&j, o);
	jrec_add_status(&j, st);
	jrec_add_json(&j, "configuration_applied_time",
	    jget(st, "configurationAppliedTime"), SHORT_MAX);
	jtime(jget(top, "timestampUTC"), &j.r.time);

	jtext_subject(&j, o, "name", "extension");
	jtext_field(&j, " ", "operation");
	strbuf_addstr(&j.text, ": ");
	jtext_status(&j, "status", "code", "message");
	jrec_emit(pc, &j);
}

/* An extension's status file: an array of which the agent reads [0]. */
void
ext_status(struct parse_ctx *pc, const cJSON *root)
{
	const cJSON *top = root, *st, *subs, *sub;
	struct origin o;
	int nested = 0;

	if (cJSON_IsArray(root) && (top = cJSON_GetArrayItem(root, 0)) ==
	    NULL) {
		parse_skip(pc, "not an extension status: an empty array");
		return;
	}
	if (!cJSON_IsObject(top)) {
		parse_skip(pc, "not an extension status: %s",
		    cJSON_IsArray(root) ? "its first element is not an object" :
		    "neither an array nor an object");
		return;
	}
	if (!cJSON_IsObject(st = jget(top, "status"))) {
		parse_skip(pc, "not an extension status: no \"status\" object");
		return;
	}
	origin_from_path(pc->member->name, &o);
	status_record(pc, &o, top, st);
	if (cJSON_IsArray(subs = jget(st, "substatus")))
		cJSON_ArrayForEach(sub, subs)
			if (cJSON_IsObject(sub))
				nested += substatus(pc, &o, top, sub, 1);
	/* Off ARM (and in old builds) the snapshot status is the file's own
	 * status, untouched. */
	if (nested == 0 && (cJSON_IsArray(jget(st, "telemetryData")) ||
	    cJSON_IsArray(jget(st, "snapshotInfo")) ||
	    cJSON_IsObject(jget(st, "vmHealthInfo"))))
		snapshot_record(pc, &o, top);
}

static void
origin_set(struct origin *o, const cJSON *name, const cJSON *ver)
{
	char buf[64];
	const char *s;

	memset(o, 0, sizeof *o);
	if ((s = jscalar(name, buf, sizeof buf)) != NULL)
		text_cut(o->ext, sizeof o->ext, s, strlen(s));
	if ((s = jscalar(ver, buf, sizeof buf)) != NULL)
		text_cut(o->ver, sizeof o->ver, s, strlen(s));
}

/*
 * A handler's status, as config/HandlerStatus, waagent_status.json's
 * extensions_status (2.2.34-2.5) or the status blob's
 * handlerAggregateStatus (with the extension's own status inside) have
 * it.
 */
static void
handler_record(struct parse_ctx *pc, const struct origin *o,
    const cJSON *h, const struct vtime *t)
{
	struct jrec j;
	const cJSON *rss, *ss;

	rss = jget(h, "runtimeSettingsStatus");
	ss = jget(jget(rss, "settingsStatus"), "status");
	jrec_init(&j, "handler");
	jrec_origin(&j, o);
	jrec_add_json(&j, "status", jget(h, "status"), SHORT_MAX);
	jrec_add_json(&j, "code", jget(h, "code"), SHORT_MAX);
	jrec_add(&j, "message", jmessage(h), VALUE_MAX);
	if (cJSON_IsObject(ss)) {
		jrec_add_json(&j, "settings_status", jget(ss, "status"),
		    SHORT_MAX);
		jrec_add_json(&j, "settings_code", jget(ss, "code"), SHORT_MAX);
		jrec_add_json(&j, "settings_operation", jget(ss, "operation"),
		    SHORT_MAX);
		jrec_add(&j, "settings_message", jmessage(ss), VALUE_MAX);
	}
	jrec_add_json(&j, "sequence", jget(rss, "sequenceNumber"), SHORT_MAX);
	if (t != NULL)
		j.r.time = *t;

	jtext_subject(&j, o, NULL, "extension");
	jtext_field(&j, " ", "extension_version");
	strbuf_addstr(&j.text, " handler: ");
	jtext_status(&j, "status", "code", "message");
	if (cJSON_IsObject(ss)) {
		strbuf_addstr(&j.text, "; extension");
		jtext_field(&j, " ", "settings_operation");
		strbuf_addstr(&j.text, ": ");
		jtext_status(&j, "settings_status", "settings_code",
		    "settings_message");
	}
	jrec_emit(pc, &j);
}

/*
 * The extension's own status as the Windows agent's aggregatestatus
 * carries it in a handler's runtimeSettingsStatus: what the status file
 * says, under the names status_record() gives it.
 */
static void
settings_record(struct parse_ctx *pc, const struct origin *o,
    const cJSON *h, const struct vtime *t)
{
	struct jrec j;
	const cJSON *rss, *sst, *st;

	rss = jget(h, "runtimeSettingsStatus");
	sst = jget(rss, "settingsStatus");
	if (!cJSON_IsObject(st = jget(sst, "status")))
		return;
	jrec_init(&j, "settings");
	jrec_origin(&j, o);
	jrec_add_status(&j, st);
	if (jtime(jget(sst, "timestampUTC"), &j.r.time) != 0 && t != NULL)
		j.r.time = *t;

	jtext_subject(&j, o, "name", "extension");
	jtext_field(&j, " ", "operation");
	strbuf_addstr(&j.text, ": ");
	jtext_status(&j, "status", "code", "message");
	jrec_emit(pc, &j);
}

void
handler_status(struct parse_ctx *pc, const cJSON *root)
{
	struct origin o;

	if (!cJSON_IsObject(root)) {
		parse_skip(pc, "not a handler status: not a JSON object");
		return;
	}
	origin_from_path(pc->member->name, &o);
	if (o.ext[0] == '\0')
		origin_set(&o, jget(root, "name"), jget(root, "version"));
	handler_record(pc, &o, root, NULL);
}

static const char *
python_version(const char *s)
{
	if (s != NULL && strncmp(s, "Python: ", 8) == 0)
		return s + 8;
	return s;
}

/* waagent_status.json of agents 2.2.34 to 2.5. */
static void
agent_status_v1(struct parse_ctx *pc, const cJSON *root)
{
	struct jrec j;
	struct origin o;
	const cJSON *list, *e;
	struct vtime t;

	jrec_init(&j, "agent");
	jrec_add_json(&j, "agent_version", jget(root, "current_version"),
	    SHORT_MAX);
	jrec_add_json(&j, "goal_state_version",
	    jget(root, "goal_state_version"), SHORT_MAX);
	jrec_add_json(&j, "agent_name", jget(root, "agent_name"), SHORT_MAX);
	jrec_add_json(&j, "distro", jget(root, "distro_details"), SHORT_MAX);
	jrec_add(&j, "python_version",
	    python_version(jstring(jget(root, "python_version"))), SHORT_MAX);
	jrec_add_json(&j, "last_status_upload",
	    jget(root, "last_successful_status_upload_time"), SHORT_MAX);
	/* The file is rewritten at each upload: its time is the upload's. */
	jtime(jget(root, "last_successful_status_upload_time"), &j.r.time);
	if (j.r.time.zone == VTIME_NONE)
		parse_path_time(pc->member->name, &j.r.time);
	t = j.r.time;

	if (!jtext_field(&j, "", "agent_name"))
		strbuf_addstr(&j.text, "agent");
	jtext_field(&j, " ", "agent_version");
	jtext_field(&j, ", goal state agent ", "goal_state_version");
	jtext_field(&j, ", Python ", "python_version");
	jtext_field(&j, ", ", "distro");
	jtext_field(&j, ", last status upload ", "last_status_upload");
	jrec_emit(pc, &j);

	if (!cJSON_IsArray(list = jget(root, "extensions_status")))
		return;
	cJSON_ArrayForEach(e, list) {
		if (!cJSON_IsObject(e))
			continue;
		origin_set(&o, jget(e, "name"), jget(e, "version"));
		handler_record(pc, &o, e, &t);
	}
}

static void
goalstate_record(struct parse_ctx *pc, const cJSON *gs,
    const struct vtime *t)
{
	struct jrec j;

	jrec_init(&j, "goalstate");
	jrec_add_json(&j, "status", jget(gs, "status"), SHORT_MAX);
	jrec_add_json(&j, "code", jget(gs, "code"), SHORT_MAX);
	jrec_add(&j, "message", jmessage(gs), VALUE_MAX);
	jrec_add_json(&j, "in_svd_seq_no", jget(gs, "inSvdSeqNo"), SHORT_MAX);
	if (jtime(jget(gs, "timestampUTC"), &j.r.time) != 0)
		j.r.time = *t;

	strbuf_addstr(&j.text, "goal state");
	if (jtext_field(&j, " (inSvdSeqNo ", "in_svd_seq_no"))
		strbuf_addch(&j.text, ')');
	strbuf_addstr(&j.text, ": ");
	jtext_status(&j, "status", "code", "message");
	jrec_emit(pc, &j);
}

/*
 * The status blob the agent uploads (2.6 and later), with what the agent
 * kept beside it for itself (meta: _metadataNotSentToCRP or __debug__).
 */
static void
agent_status_blob(struct parse_ctx *pc, const cJSON *blob,
    const cJSON *meta)
{
	struct jrec j;
	struct origin o;
	struct vtime t;
	const cJSON *agg, *ga, *up, *os, *v, *list, *h, *rss, *sst, *subs;
	const cJSON *sub, *gs;
	char seq[64];
	const char *s;
	/* Windows: the extensions' statuses are read here, not from
	 * status files, so each has its records. */
	int win = pc->kind == KIND_AGGREGATE_STATUS;

	agg = jget(blob, "aggregateStatus");
	ga = jget(agg, "guestAgentStatus");
	up = jget(ga, "updateStatus");
	os = jget(blob, "guestOSInfo");

	jrec_init(&j, "agent");
	if ((v = jget(ga, "version")) == NULL || cJSON_IsNull(v))
		v = jget(os, "version");
	jrec_add_json(&j, "agent_version", v, SHORT_MAX);
	jrec_add_json(&j, "agent_status", jget(ga, "status"), SHORT_MAX);
	/* The Windows packs read the agent's record by these names. */
	if (win) {
		jrec_add_json(&j, "version", v, SHORT_MAX);
		jrec_add_json(&j, "status", jget(ga, "status"), SHORT_MAX);
	}
	jrec_add(&j, "message", jmessage(ga), VALUE_MAX);
	jrec_add_json(&j, "update_status", jget(up, "status"), SHORT_MAX);
	jrec_add_json(&j, "update_expected_version",
	    jget(up, "expectedVersion"), SHORT_MAX);
	jrec_add_json(&j, "update_code", jget(up, "code"), SHORT_MAX);
	jrec_add(&j, "update_message", jmessage(up), VALUE_MAX);
	jrec_add_json(&j, "os_name", jget(os, "osName"), SHORT_MAX);
	jrec_add_json(&j, "os_version", jget(os, "osVersion"), SHORT_MAX);
	jrec_add_json(&j, "daemon_version", jget(meta, "daemonVersion"),
	    SHORT_MAX);
	jrec_add(&j, "python_version",
	    python_version(jstring(jget(meta, "pythonVersion"))), SHORT_MAX);
	jrec_add_json(&j, "agent_name", jget(meta, "agentName"), SHORT_MAX);
	jtime(jget(blob, "timestampUTC"), &j.r.time);
	if (j.r.time.zone == VTIME_NONE)
		parse_path_time(pc->member->name, &j.r.time);
	t = j.r.time;

	if (j.r.nfields > 1) {
		if (!jtext_field(&j, "", "agent_name"))
			strbuf_addstr(&j.text, "guest agent");
		jtext_field(&j, " ", "agent_version");
		strbuf_addstr(&j.text, ": ");
		jtext_status(&j, "agent_status", NULL, "message");
		if (record_field(&j.r, "update_status") != NULL) {
			strbuf_addstr(&j.text, "; update");
			jtext_field(&j, " to ", "update_expected_version");
			strbuf_addstr(&j.text, ": ");
			jtext_status(&j, "update_status", "update_code",
			    "update_message");
		}
		jtext_field(&j, "; OS ", "os_name");
		jtext_field(&j, " ", "os_version");
		jtext_field(&j, "; Python ", "python_version");
		jrec_emit(pc, &j);
	} else
		strbuf_release(&j.text);

	if (cJSON_IsArray(list = jget(agg, "handlerAggregateStatus"))) {
		cJSON_ArrayForEach(h, list) {
			if (!cJSON_IsObject(h))
				continue;
			origin_set(&o, jget(h, "handlerName"),
			    jget(h, "handlerVersion"));
			handler_record(pc, &o, h, &t);
			rss = jget(h, "runtimeSettingsStatus");
			sst = jget(rss, "settingsStatus");
			if ((s = jscalar(jget(rss, "sequenceNumber"), seq,
			    sizeof seq)) != NULL)
				text_cut(o.seq, sizeof o.seq, s, strlen(s));
			if (win)
				settings_record(pc, &o, h, &t);
			subs = jget(jget(sst, "status"), "substatus");
			if (!cJSON_IsArray(subs))
				continue;
			cJSON_ArrayForEach(sub, subs)
				if (cJSON_IsObject(sub))
					substatus(pc, &o, sst, sub, win);
		}
	}

	gs = jget(jget(agg, "vmArtifactsAggregateStatus"),
	    "goalStateAggregateStatus");
	if (cJSON_IsObject(gs))
		goalstate_record(pc, gs, &t);
}

/* waagent_status.json in whichever of its three formats. */
void
agent_status(struct parse_ctx *pc, const cJSON *root)
{
	const cJSON *v;

	if (!cJSON_IsObject(root)) {
		parse_skip(pc, "not an agent status: not a JSON object");
		return;
	}
	/* ≥ 2.10 writes "{}" until it has a status to report. */
	if (root->child == NULL)
		return;
	if ((v = jget(root, "__status__")) != NULL ||
	    jget(root, "__debug__") != NULL)
		agent_status_blob(pc, v, jget(root, "__debug__"));
	else if (jget(root, "current_version") != NULL ||
	    jget(root, "extensions_status") != NULL ||
	    jget(root, "agent_name") != NULL)
		agent_status_v1(pc, root);
	else if (jget(root, "aggregateStatus") != NULL ||
	    jget(root, "guestOSInfo") != NULL ||
	    jget(root, "_metadataNotSentToCRP") != NULL)
		agent_status_blob(pc, root,
		    jget(root, "_metadataNotSentToCRP"));
	else
		parse_skip(pc, "not an agent status: none of the keys of a "
		    "known waagent_status.json format");
}

/* WindowsAzure/Logs/AggregateStatus/aggregatestatus.json: the status
 * blob of the Windows agent, in the format the Linux agent uploads. */
void
aggregate_status(struct parse_ctx *pc, const cJSON *root)
{
	if (!cJSON_IsObject(jget(root, "aggregateStatus"))) {
		parse_skip(pc, "not an aggregate status: no \"aggregateStatus\" "
		    "object");
		return;
	}
	agent_status_blob(pc, root, NULL);
}

/*
 * Status/HeartBeat.Json of a Windows extension: [{"version": 1.0,
 * "heartbeat": {"status": "ready", "code": 0, "Message": "...",
 * "formattedMessage": {...}}}], its keys in whichever case the
 * extension chose.
 */
void
ext_heartbeat(struct parse_ctx *pc, const cJSON *root)
{
	struct jrec j;
	struct origin o;
	const cJSON *top = root, *hb;
	const char *msg;

	if (cJSON_IsArray(root))
		top = cJSON_GetArrayItem(root, 0);
	if (!cJSON_IsObject(hb = jgeti(top, "heartbeat"))) {
		parse_skip(pc, "not an extension heartbeat: no \"heartbeat\" "
		    "object");
		return;
	}
	origin_from_path(pc->member->name, &o);
	jrec_init(&j, "heartbeat");
	jrec_origin(&j, &o);
	jrec_add_json(&j, "status", jgeti(hb, "status"), SHORT_MAX);
	jrec_add_json(&j, "code", jgeti(hb, "code"), SHORT_MAX);
	if ((msg = jstring(jgeti(jgeti(hb, "formattedMessage"),
	    "message"))) == NULL)
		msg = jstring(jgeti(hb, "message"));
	jrec_add(&j, "message", msg, VALUE_MAX);
	jtime(jgeti(top, "timestampUTC"), &j.r.time);

	jtext_subject(&j, &o, NULL, "extension");
	strbuf_addstr(&j.text, " heartbeat: ");
	jtext_status(&j, "status", "code", "message");
	jrec_emit(pc, &j);
}

/* The version of a ".../WALinuxAgent-<version>/error.json" path. */
static void
agent_error_version(const char *name, char *ver, size_t len)
{
	const char *p, *end;

	ver[0] = '\0';
	for (p = name; (p = strstr(p, "WALinuxAgent-")) != NULL; p++) {
		if (p != name && p[-1] != '/')
			continue;
		if ((end = strchr(p, '/')) == NULL || end == p + 13)
			continue;
		text_cut(ver, len, p + 13, (size_t)(end - p - 13));
		return;
	}
}

/* error.json: why the daemon stopped trusting an agent version. */
void
agent_error(struct parse_ctx *pc, const cJSON *root)
{
	struct jrec j;
	const cJSON *lf;
	char ver[64];

	if (!cJSON_IsObject(root)) {
		parse_skip(pc, "not an agent error record: not a JSON object");
		return;
	}
	agent_error_version(pc->member->name, ver, sizeof ver);
	jrec_init(&j, "agent_error");
	if (ver[0] != '\0')
		jrec_add(&j, "agent_version", ver, SHORT_MAX);
	jrec_add_json(&j, "failure_count", jget(root, "failure_count"),
	    SHORT_MAX);
	jrec_add_json(&j, "was_fatal", jget(root, "was_fatal"), SHORT_MAX);
	jrec_add(&j, "reason", jstring(jget(root, "reason")), VALUE_MAX);
	/* 0.0 is what a version that never failed has. */
	if (cJSON_IsNumber(lf = jget(root, "last_failure")) &&
	    lf->valuedouble > 0)
		vtime_from_epoch(lf->valuedouble, &j.r.time);

	strbuf_addstr(&j.text, "WALinuxAgent");
	jtext_field(&j, "-", "agent_version");
	strbuf_addstr(&j.text, " error state: ");
	if (jtext_field(&j, "failure count ", "failure_count"))
		strbuf_addstr(&j.text, ", ");
	jtext_field(&j, "fatal ", "was_fatal");
	jtext_field(&j, ": ", "reason");
	jrec_emit(pc, &j);
}


/*
 * Disk Inspect's registry.json: {"HKLM\\SYSTEM\\...\\EnableDHCP": "0x0",
 * ...}, values as its reader writes them (DWORDs as "0x2", binary as hex
 * bytes, multi-strings joined by ';').  One record per value, fields key
 * and value, the same as `reg query` output gives (parse_wintext.c).
 */
void
registry_values(struct parse_ctx *pc, const cJSON *root)
{
	const cJSON *v;
	struct jrec j;

	if (!cJSON_IsObject(root)) {
		parse_skip(pc, "not a registry export: the document is not an "
		    "object");
		return;
	}
	cJSON_ArrayForEach(v, root) {
		if (v->string == NULL)
			continue;
		jrec_init(&j, "registry");
		jrec_add(&j, "key", v->string, VALUE_MAX);
		jrec_add_json(&j, "value", v, VALUE_MAX);
		jtext_field(&j, "", "key");
		jtext_field(&j, " = ", "value");
		jrec_emit(pc, &j);
	}
}
