/*
 * parse_json.c: extension status files, HandlerStatus, waagent_status.json
 * in its three formats, error.json; and what hostile JSON does to them.
 */
#include "config.h"

#include "unit.h"
#include "strbuf.h"
#include "text.h"

#define VMSNAP_DIR \
	"var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-" \
	"1.0.9220.0"
#define VMSNAP "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"

/* A VMSnapshotLinux status on an ARM VM: the top level says success,
 * the real result is the JSON in substatus[0].name. */
static const char arm_status[] =
"[{\"version\": \"1.0\", \"timestampUTC\": \"2024-03-01T02:00:10Z\",\n"
"  \"status\": {\"name\": \"" VMSNAP "\", \"operation\": \"Enable\",\n"
"    \"status\": \"success\", \"code\": 0,\n"
"    \"formattedMessage\": {\"lang\": \"en-US\", \"message\": "
"\"Enable Succeeded\"},\n"
"    \"substatus\": [{\"status\": \"success\", \"code\": \"0\",\n"
"      \"formattedMessage\": null,\n"
"      \"name\": \"[{\\\"status\\\": {\\\"status\\\": \\\"error\\\", "
"\\\"code\\\": \\\"121\\\", \\\"operation\\\": \\\"Enable\\\", "
"\\\"name\\\": \\\"" VMSNAP "\\\", "
"\\\"taskId\\\": \\\"767baff0-3f1e-4363-a974-5d801189250d\\\", "
"\\\"formattedMessage\\\": {\\\"lang\\\": \\\"en-US\\\", \\\"message\\\": "
"\\\"{\\\\\\\"messageStr\\\\\\\": \\\\\\\"Failed to freeze one or more "
"mount points StatusCode.FailedRetryableFsFreezeFailed,\\\\\\\", "
"\\\\\\\"snapshotConsistency\\\\\\\": 1}\\\"}, "
"\\\"vmHealthInfo\\\": {\\\"vmHealthStatusCode\\\": 5, "
"\\\"vmHealthState\\\": 128}, "
"\\\"snapshotInfo\\\": [{\\\"snapshotUri\\\": "
"\\\"https://md-abc.blob.core.windows.net/d1/abcd?snapshot=x&"
"sig=SECRETSIGNATURE1\\\", \\\"errorMessage\\\": \\\"\\\", "
"\\\"isSuccessful\\\": \\\"true\\\"}, {\\\"snapshotUri\\\": \\\"\\\", "
"\\\"errorMessage\\\": \\\"freeze failed for /data\\\", "
"\\\"isSuccessful\\\": \\\"false\\\"}], "
"\\\"telemetryData\\\": [{\\\"Key\\\": \\\"kernelVersion\\\", "
"\\\"Value\\\": \\\"5.15.0-1057-azure\\\"}, {\\\"Key\\\": "
"\\\"extErrorCode\\\", \\\"Value\\\": "
"\\\"FailedRetryableFsFreezeFailed\\\"}, {\\\"Key\\\": "
"\\\"FreezeTime\\\", \\\"Value\\\": 12}, {\\\"Key\\\": \\\"bad key\\\", "
"\\\"Value\\\": \\\"x\\\"}], \\\"substatus\\\": []}, "
"\\\"version\\\": \\\"1.0\\\", "
"\\\"timestampUTC\\\": \\\"\\\\/Date(1709258400000)\\\\/\\\"}]\"}]\n"
"  }\n"
"}]\n";

/* What every record of this parser has. */
static void
assert_well_formed(const struct unit_parse *up)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		assert_non_null(unit_field(&up->rec[i], "record"));
		assert_int_equal(up->rec[i].line, 0);
		assert_int_equal(up->rec[i].lines, 1);
		assert_non_null(up->rec[i].text);
		assert_null(strchr(up->rec[i].text, '\n'));
		assert_string_equal(up->rec[i].text, up->rec[i].msg);
	}
}

static void
test_status_arm_nested(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char iso[32];

	unit_parse_str(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/3.status",
	    arm_status);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_well_formed(up);

	u = unit_find(up, "record", "status");
	assert_non_null(u);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.9220.0");
	assert_field(u, "seq", "3");
	assert_field(u, "operation", "Enable");
	assert_field(u, "status", "success");
	assert_field(u, "code", "0");
	assert_field(u, "message", "Enable Succeeded");
	assert_string_equal(u->text, VMSNAP " Enable: status success, "
	    "code 0: Enable Succeeded");
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T02:00:10Z");

	u = unit_find(up, "record", "substatus");
	assert_non_null(u);
	assert_field(u, "name", VMSNAP);
	assert_field(u, "status", "success");
	assert_field(u, "code", "0");
	assert_null(unit_field(u, "message"));

	u = unit_find(up, "record", "snapshot");
	assert_non_null(u);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "seq", "3");
	assert_field(u, "operation", "Enable");
	assert_field(u, "status", "error");
	assert_field(u, "code", "121");
	assert_field(u, "message", "Failed to freeze one or more mount points "
	    "StatusCode.FailedRetryableFsFreezeFailed,");
	assert_field(u, "snapshot_consistency", "1");
	assert_field(u, "task_id", "767baff0-3f1e-4363-a974-5d801189250d");
	assert_field(u, "vm_health_state", "128");
	assert_field(u, "vm_health_code", "5");
	assert_field(u, "snapshots_total", "2");
	assert_field(u, "snapshots_failed", "1");
	assert_field(u, "snapshot_error", "freeze failed for /data");
	assert_field(u, "telemetry.kernelVersion", "5.15.0-1057-azure");
	assert_field(u, "telemetry.extErrorCode",
	    "FailedRetryableFsFreezeFailed");
	assert_field(u, "telemetry.FreezeTime", "12");
	assert_null(unit_field(u, "telemetry.bad key"));
	assert_string_equal(u->text, VMSNAP " snapshot Enable: status error, "
	    "code 121: Failed to freeze one or more mount points "
	    "StatusCode.FailedRetryableFsFreezeFailed, (1 of 2 snapshots "
	    "failed: freeze failed for /data)");
	/* \/Date(1709258400000)\/ */
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T02:00:00Z");

	/* The snapshot URIs, SAS included, are not kept. */
	unit_assert_absent(up, "SECRETSIGNATURE1");
	unit_assert_absent(up, "blob.core.windows.net");
	unit_parse_free(up);
}

/* The annotated template: capitalised keys, a "message" object, a
 * placeholder time. */
static const char template_status[] =
"[{\n"
"    \"version\": 1.0,\n"
"    \"timestampUTC\": \"<current utc time>\",\n"
"    \"status\" : {\n"
"        \"name\": \"<Handler workload name>\",\n"
"        \"operation\": \"<name of the operation being performed>\",\n"
"        \"configurationAppliedTime\": \"2024-01-01T00:00:00Z\",\n"
"        \"status\": \"<transitioning | error | success | warning>\",\n"
"        \"code\": 0,\n"
"        \"message\": {\"id\": \"id\", \"params\": [\"MyParam0\"]},\n"
"        \"formattedMessage\": {\"lang\": \"Lang[-locale]\",\n"
"            \"message\": \"formatted user message\"},\n"
"        \"substatus\": [{\n"
"            \"name\": \"<Handler workload subcomponent name>\",\n"
"            \"status\": \"warning\",\n"
"            \"code\": 7.0,\n"
"            \"Message\": {\"id\": \"id\", \"params\": []},\n"
"            \"FormattedMessage\": {\"Lang\": \"en-US\",\n"
"                \"Message\": \"formatted\\nsub message\"}\n"
"        }]\n"
"    }\n"
"}]\n";

static void
test_status_template(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXT_STATUS,
	    "var/lib/waagent/Foo.Bar.Baz-2.1/status/0.status", template_status);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_well_formed(up);
	u = unit_find(up, "record", "status");
	assert_field(u, "extension", "Foo.Bar.Baz");
	assert_field(u, "extension_version", "2.1");
	assert_field(u, "message", "formatted user message");
	assert_field(u, "configuration_applied_time", "2024-01-01T00:00:00Z");
	assert_field(u, "code", "0");
	assert_int_equal(u->time.zone, VTIME_NONE);
	u = unit_find(up, "record", "substatus");
	assert_field(u, "status", "warning");
	assert_field(u, "code", "7");
	assert_field(u, "message", "formatted\nsub message");
	/* Line ends in a value stay in the field, not in the text. */
	assert_string_equal(u->text, "Foo.Bar.Baz substatus <Handler workload "
	    "subcomponent name>: status warning, code 7: formatted sub "
	    "message");
	assert_null(unit_find(up, "record", "snapshot"));
	unit_parse_free(up);
}

static void
test_status_shapes(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	const char *path = "var/lib/waagent/Microsoft.CPlat.Core."
	    "RunCommandHandlerLinux-1.3.2/status/myCmd.12.status";

	/* An object is read like the array's [0]; a code as a string. */
	unit_parse_str(up, KIND_EXT_STATUS, path,
	    "{\"status\": {\"status\": \"error\", \"code\": \"1\", "
	    "\"operation\": \"Enable\", \"formattedMessage\": {\"message\": "
	    "\"exit 1\"}}, \"timestampUTC\": \"2024-01-02T03:04:05\"}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "extension", "Microsoft.CPlat.Core.RunCommandHandlerLinux");
	assert_field(u, "seq", "12");
	assert_field(u, "code", "1");
	/* timestampUTC is UTC even without a Z. */
	assert_int_equal(u->time.zone, VTIME_UTC);
	unit_parse_free(up);

	/* A status without status.status still tells what it has. */
	unit_parse_str(up, KIND_EXT_STATUS, path,
	    "[{\"status\": {\"code\": 3, \"formattedMessage\": "
	    "{\"message\": \"m\"}}}]");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_null(unit_field(&up->rec[0], "status"));
	assert_string_equal(up->rec[0].text,
	    "Microsoft.CPlat.Core.RunCommandHandlerLinux: code 3: m");
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, "[]");
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "empty array"));
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, "\"success\"");
	assert_non_null(strstr(up->skip_reason, "neither an array"));
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, "[1, 2]");
	assert_non_null(strstr(up->skip_reason, "first element"));
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, "{}");
	assert_non_null(strstr(up->skip_reason, "no \"status\" object"));
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, "[{\"status\": \"ok\"}]");
	assert_non_null(strstr(up->skip_reason, "no \"status\" object"));
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, "");
	assert_string_equal(up->skip_reason, "empty file");
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path, " \n\t\n");
	assert_string_equal(up->skip_reason, "empty file");
	unit_parse_free(up);
}

/* Off ARM the snapshot status is the file's own. */
static void
test_status_classic(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/1.status",
	    "[{\"status\": {\"status\": \"error\", \"code\": 76, "
	    "\"operation\": \"Enable\", \"formattedMessage\": {\"message\": "
	    "\"snapshot failed\"}, \"vmHealthInfo\": {\"vmHealthState\": 256, "
	    "\"vmHealthStatusCode\": 76}, \"telemetryData\": [], "
	    "\"substatus\": [{\"name\": \"plain\", \"status\": \"error\"}]}, "
	    "\"timestampUTC\": \"\\/Date(1559865179380)\\/\"}]");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	u = unit_find(up, "record", "snapshot");
	assert_non_null(u);
	assert_field(u, "code", "76");
	assert_field(u, "vm_health_state", "256");
	assert_field(u, "message", "snapshot failed");
	assert_null(unit_field(u, "snapshots_total"));
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_true(u->time.us == 1559865179380000LL);
	u = unit_find(up, "record", "substatus");
	assert_field(u, "name", "plain");
	unit_parse_free(up);
}

static void
test_status_corpus(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char path[1024], *buf;
	size_t len;

	if (unit_corpus_dir() == NULL)
		skip();
	snprintf(path, sizeof path, "%s/linux/walinuxagent/ext/"
	    "sample-status.json", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status",
		    buf, len, NULL);
		assert_null(up->skip_reason);
		assert_well_formed(up);
		u = unit_find(up, "record", "snapshot");
		assert_non_null(u);
		assert_field(u, "status", "success");
		assert_field(u, "code", "1");
		assert_field(u, "snapshots_total", "6");
		assert_field(u, "snapshots_failed", "0");
		assert_field(u, "vm_health_state", "0");
		assert_field(u, "message", " statusBlobUploadError=true, "
		    "snapshotCreator=backupHostService, "
		    "hostStatusCodeDoSnapshot=200, ");
		assert_field(u, "telemetry.hostStatusCodeDoSnapshot", "200");
		assert_field(u, "telemetry.snapshotCreator", "backupHostService");
		assert_field(u, "telemetry.osVersion", "Ubuntu-16.04");
		assert_true(u->time.us == 1559865179380000LL);
		unit_assert_absent(up, "snapshot=2019");
		unit_parse_free(up);
		free(buf);
	}

	snprintf(path, sizeof path, "%s/linux/walinuxagent/ext/"
	    "sample-status-invalid-json-format.json", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status",
		    buf, len, NULL);
		assert_non_null(up->skip_reason);
		assert_non_null(strstr(up->skip_reason, "invalid JSON at line"));
		assert_int_equal(up->n, 0);
		unit_parse_free(up);
		free(buf);
	}

	snprintf(path, sizeof path, "%s/linux/walinuxagent/ext/"
	    "sample-status-invalid-format-emptykey-line7.json", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status",
		    buf, len, NULL);
		assert_non_null(up->skip_reason);
		/* The empty key is on line 7; cJSON stops at the next. */
		assert_true(strstr(up->skip_reason, "at line 7:") != NULL ||
		    strstr(up->skip_reason, "at line 8:") != NULL);
		unit_parse_free(up);
		free(buf);
	}

	snprintf(path, sizeof path, "%s/linux/extensions_misc/"
	    "status_schema_template.0.status", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) != NULL) {
		unit_parse_buf(up, KIND_EXT_STATUS,
		    "var/lib/waagent/A.B-1.0/status/0.status", buf, len, NULL);
		assert_null(up->skip_reason);
		u = unit_find(up, "record", "substatus");
		assert_non_null(u);
		assert_field(u, "message", "formatted user message");
		unit_parse_free(up);
		free(buf);
	}
}

static void
test_handler_status(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_HANDLER_STATUS, VMSNAP_DIR "/config/HandlerStatus",
	    "{\"name\": \"" VMSNAP "\", \"version\": \"1.0.9220.0\", "
	    "\"status\": \"NotReady\", \"code\": 1009, \"message\": "
	    "\"Failed to enable\\nTraceback\", \"supports_multi_config\": false, "
	    "\"extension_status\": null}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_well_formed(up);
	u = &up->rec[0];
	assert_field(u, "record", "handler");
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.9220.0");
	assert_field(u, "status", "NotReady");
	assert_field(u, "code", "1009");
	assert_field(u, "message", "Failed to enable\nTraceback");
	assert_string_equal(u->text, VMSNAP " 1.0.9220.0 handler: status "
	    "NotReady, code 1009: Failed to enable Traceback");
	unit_parse_free(up);

	/* Outside a <Name>-<Version> directory the file names itself. */
	unit_parse_str(up, KIND_HANDLER_STATUS, "HandlerStatus",
	    "{\"name\": \"X.Y\", \"version\": \"2.0\", \"status\": \"Ready\", "
	    "\"code\": 0, \"message\": \"Plugin enabled\"}");
	assert_field(&up->rec[0], "extension", "X.Y");
	assert_field(&up->rec[0], "extension_version", "2.0");
	unit_parse_free(up);

	unit_parse_str(up, KIND_HANDLER_STATUS, VMSNAP_DIR "/config/HandlerStatus",
	    "[\"Ready\"]");
	assert_non_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);
}

static void
test_agent_status_v1(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_AGENT_STATUS, "var/lib/waagent/waagent_status.json",
	    "{\"agent_name\": \"WALinuxAgent\", \"current_version\": \"2.2.53.1\",\n"
	    " \"goal_state_version\": \"2.2.53.1\", \"distro_details\": "
	    "\"ubuntu:18.04\",\n \"last_successful_status_upload_time\": "
	    "\"2021-04-01T10:00:00Z\",\n \"python_version\": \"Python: 3.6.9\",\n"
	    " \"extensions_status\": [\n"
	    "  {\"name\": \"" VMSNAP "\", \"version\": \"1.0.9180.0\", "
	    "\"status\": \"NotReady\"},\n"
	    "  {\"name\": \"Microsoft.OSTCExtensions.VMAccessForLinux\", "
	    "\"version\": \"1.5.11\", \"status\": \"Ready\"}]}\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_well_formed(up);
	u = unit_find(up, "record", "agent");
	assert_field(u, "agent_version", "2.2.53.1");
	assert_field(u, "goal_state_version", "2.2.53.1");
	assert_field(u, "agent_name", "WALinuxAgent");
	assert_field(u, "distro", "ubuntu:18.04");
	assert_field(u, "python_version", "3.6.9");
	assert_field(u, "last_status_upload", "2021-04-01T10:00:00Z");
	assert_int_equal(u->time.zone, VTIME_UTC);
	u = unit_find(up, "extension", VMSNAP);
	assert_field(u, "record", "handler");
	assert_field(u, "extension_version", "1.0.9180.0");
	assert_field(u, "status", "NotReady");
	assert_string_equal(u->text, VMSNAP " 1.0.9180.0 handler: status "
	    "NotReady");
	unit_parse_free(up);
}

/* The status blob with VMSnapshotLinux's nested status, as 2.6-2.7 keep
 * it beside _metadataNotSentToCRP and 2.8-2.9 inside __status__. */
#define STATUS_BLOB \
"{\"version\": \"1.1\", \"timestampUTC\": \"2024-03-01T02:01:00Z\",\n" \
" \"aggregateStatus\": {\n" \
"  \"guestAgentStatus\": {\"version\": \"2.9.1.1\", \"status\": \"Ready\",\n" \
"   \"formattedMessage\": {\"lang\": \"en-US\", \"message\": " \
"\"Guest Agent is running\"},\n" \
"   \"updateStatus\": {\"expectedVersion\": \"2.10.0.8\", \"status\": " \
"\"Error\", \"code\": 1, \"formattedMessage\": {\"lang\": \"en-US\", " \
"\"message\": \"download failed\"}}},\n" \
"  \"handlerAggregateStatus\": [{\"handlerVersion\": \"1.0.9220.0\",\n" \
"   \"handlerName\": \"" VMSNAP "\", \"status\": \"Ready\", \"code\": 0,\n" \
"   \"useExactVersion\": true, \"formattedMessage\": {\"lang\": \"en-US\", " \
"\"message\": \"Plugin enabled\"},\n" \
"   \"runtimeSettingsStatus\": {\"settingsStatus\": {\"status\": {\n" \
"     \"name\": \"" VMSNAP "\", \"operation\": \"Enable\", \"status\": " \
"\"success\", \"code\": 0,\n" \
"     \"formattedMessage\": {\"lang\": \"en-US\", \"message\": \"ok\"},\n" \
"     \"substatus\": [{\"name\": \"[{\\\"status\\\": {\\\"status\\\": " \
"\\\"error\\\", \\\"code\\\": 76, \\\"operation\\\": \\\"Enable\\\", " \
"\\\"formattedMessage\\\": {\\\"message\\\": \\\"no network\\\"}}, " \
"\\\"timestampUTC\\\": \\\"\\\\/Date(1709258460000)\\\\/\\\"}]\", " \
"\"status\": \"success\", \"code\": 0, \"formattedMessage\": " \
"{\"lang\": \"en-US\", \"message\": \"\"}}]},\n" \
"     \"version\": 1.0, \"timestampUTC\": \"2024-03-01T02:00:59Z\"},\n" \
"    \"sequenceNumber\": 12}}],\n" \
"  \"vmArtifactsAggregateStatus\": {\"goalStateAggregateStatus\": {\n" \
"   \"formattedMessage\": {\"lang\": \"en-US\", \"message\": " \
"\"GoalState executed successfully\"},\n" \
"   \"timestampUTC\": \"2024-03-01T01:59:00Z\", \"inSvdSeqNo\": \"10\", " \
"\"status\": \"Success\", \"code\": 0}}},\n" \
" \"guestOSInfo\": {\"computerName\": \"vm1\", \"osName\": \"ubuntu\", " \
"\"osVersion\": \"22.04\", \"version\": \"2.9.1.1\"},\n" \
" \"supportedFeatures\": [{\"Key\": \"MultipleExtensionsPerHandler\", " \
"\"Value\": \"1.0\"}]}"

static void
check_blob_records(const struct unit_parse *up, int with_meta)
{
	const struct unit_record *u;
	char iso[32];

	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_well_formed(up);
	u = unit_find(up, "record", "agent");
	assert_non_null(u);
	assert_field(u, "agent_version", "2.9.1.1");
	assert_field(u, "agent_status", "Ready");
	assert_field(u, "message", "Guest Agent is running");
	assert_field(u, "update_status", "Error");
	assert_field(u, "update_expected_version", "2.10.0.8");
	assert_field(u, "update_code", "1");
	assert_field(u, "update_message", "download failed");
	assert_field(u, "os_name", "ubuntu");
	assert_field(u, "os_version", "22.04");
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T02:01:00Z");
	if (with_meta) {
		assert_field(u, "agent_name", "WALinuxAgent");
		assert_field(u, "daemon_version", "2.2.53");
		assert_field(u, "python_version", "3.10.12");
	}

	u = unit_find(up, "record", "handler");
	assert_non_null(u);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.9220.0");
	assert_field(u, "status", "Ready");
	assert_field(u, "code", "0");
	assert_field(u, "message", "Plugin enabled");
	assert_field(u, "settings_status", "success");
	assert_field(u, "settings_code", "0");
	assert_field(u, "settings_operation", "Enable");
	assert_field(u, "settings_message", "ok");
	assert_field(u, "sequence", "12");
	assert_string_equal(u->text, VMSNAP " 1.0.9220.0 handler: status "
	    "Ready, code 0: Plugin enabled; extension Enable: status success, "
	    "code 0: ok");

	u = unit_find(up, "record", "snapshot");
	assert_non_null(u);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "seq", "12");
	assert_field(u, "status", "error");
	assert_field(u, "code", "76");
	assert_field(u, "message", "no network");
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T02:01:00Z");

	u = unit_find(up, "record", "goalstate");
	assert_non_null(u);
	assert_field(u, "status", "Success");
	assert_field(u, "code", "0");
	assert_field(u, "in_svd_seq_no", "10");
	assert_field(u, "message", "GoalState executed successfully");
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T01:59:00Z");
}

static void
test_agent_status_blob(void **state)
{
	struct unit_parse *up = *state;
	const char *meta = ",\n \"_metadataNotSentToCRP\": {\"agentName\": "
	    "\"WALinuxAgent\", \"daemonVersion\": \"2.2.53\", \"pythonVersion\": "
	    "\"Python: 3.10.12\", \"extensionSupportedFeatures\": []}}";
	const char *debug = ",\n \"__debug__\": {\"agentName\": "
	    "\"WALinuxAgent\", \"daemonVersion\": \"2.2.53\", \"pythonVersion\": "
	    "\"Python: 3.10.12\", \"supportsMultiConfig\": {}}}";
	char *doc;

	/* 2.6-2.7: the blob with the agent's metadata added. */
	xasprintf(&doc, "%.*s%s", (int)strlen(STATUS_BLOB) - 1, STATUS_BLOB,
	    meta);
	unit_parse_str(up, KIND_AGENT_STATUS,
	    "var/lib/waagent/waagent_status.10.json", doc);
	check_blob_records(up, 1);
	unit_parse_free(up);
	free(doc);

	/* 2.8-2.9 */
	xasprintf(&doc, "{\"__comment__\": \"The __status__ property is the "
	    "actual status reported to CRP\",\n\"__status__\": %s%s",
	    STATUS_BLOB, debug);
	unit_parse_str(up, KIND_AGENT_STATUS, "var/lib/waagent/history/"
	    "2024-03-01T02-00-00__10/waagent_status.json", doc);
	check_blob_records(up, 1);
	unit_parse_free(up);
	free(doc);

	/* 2.10 and later: the blob as is. */
	unit_parse_str(up, KIND_AGENT_STATUS, "var/lib/waagent/history/"
	    "2024-03-01T02-00-00__10/waagent_status.json", STATUS_BLOB);
	check_blob_records(up, 0);
	unit_parse_free(up);
}

static void
test_agent_status_edges(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	struct strbuf sb = STRBUF_INIT;
	char iso[32];
	size_t i;

	/* "{}": nothing reported yet; not an error. */
	unit_parse_str(up, KIND_AGENT_STATUS, "var/lib/waagent/history/"
	    "2024-03-01T02-00-00__10/waagent_status.json", "{}\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* No timestampUTC: the history directory's time. */
	unit_parse_str(up, KIND_AGENT_STATUS, "var/lib/waagent/history/"
	    "2024-03-01T02-00-00__10/waagent_status.json",
	    "{\"aggregateStatus\": {\"guestAgentStatus\": {\"version\": "
	    "\"2.11.1.4\", \"status\": \"NotReady\"}}}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "agent_status", "NotReady");
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T02:00:00Z");
	assert_string_equal(u->text, "guest agent 2.11.1.4: status NotReady");
	unit_parse_free(up);

	/* 2.8-2.9 with an empty blob still say who the agent is. */
	unit_parse_str(up, KIND_AGENT_STATUS, "waagent_status.json",
	    "{\"__status__\": {}, \"__debug__\": {\"agentName\": "
	    "\"WALinuxAgent\", \"daemonVersion\": \"2.2.45\"}}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "daemon_version", "2.2.45");
	unit_parse_free(up);

	unit_parse_str(up, KIND_AGENT_STATUS, "waagent_status.json",
	    "{\"something\": \"else\"}");
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "known waagent_status.json"));
	unit_parse_free(up);

	unit_parse_str(up, KIND_AGENT_STATUS, "waagent_status.json", "[{}]");
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	/* Fields of the wrong type are left out, not misread. */
	unit_parse_str(up, KIND_AGENT_STATUS, "waagent_status.json",
	    "{\"aggregateStatus\": {\"guestAgentStatus\": {\"version\": [1], "
	    "\"status\": {\"a\": 1}, \"formattedMessage\": \"x\"}, "
	    "\"handlerAggregateStatus\": {\"handlerName\": \"x\"}}, "
	    "\"guestOSInfo\": {\"osName\": \"rhel\"}}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_null(unit_field(&up->rec[0], "agent_version"));
	assert_null(unit_field(&up->rec[0], "agent_status"));
	assert_field(&up->rec[0], "os_name", "rhel");
	unit_parse_free(up);

	/* A sequence number too long for its buffer is cut between
	 * characters. */
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "{\"aggregateStatus\": {"
		    "\"handlerAggregateStatus\": [{\"handlerName\": \"x\", "
		    "\"handlerVersion\": \"1.0\", \"status\": \"Ready\", "
		    "\"runtimeSettingsStatus\": {\"sequenceNumber\": \"");
		unit_add_long_text(&sb, i);
		strbuf_addstr(&sb, "\", \"settingsStatus\": {\"status\": {"
		    "\"status\": \"error\", \"substatus\": [{\"name\": "
		    "\"a\", \"status\": \"error\"}]}}}}]}}");
		unit_parse_str(up, KIND_AGGREGATE_STATUS,
		    "AggregateStatus.json", strbuf_str(&sb));
		assert_null(up->skip_reason);
		/* handler, settings, substatus */
		assert_int_equal(up->n, 3);
		assert_int_equal(strlen(unit_field(&up->rec[2], "seq")),
		    30 + i);
		unit_parse_free(up);
	}
	strbuf_release(&sb);
}

static void
test_agent_error(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	struct strbuf sb = STRBUF_INIT;
	char iso[32];
	size_t i;

	unit_parse_str(up, KIND_AGENT_ERROR,
	    "var/lib/waagent/WALinuxAgent-2.2.53/error.json",
	    "{\"last_failure\": 1709258400.5, \"failure_count\": 3, "
	    "\"was_fatal\": true, \"reason\": \"Agent WALinuxAgent-2.2.53 "
	    "launched with command 'python3 -u bin/WALinuxAgent-2.2.53-py3.8."
	    "egg -run-exthandlers' failed with exit code: 1\"}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_well_formed(up);
	u = &up->rec[0];
	assert_field(u, "record", "agent_error");
	assert_field(u, "agent_version", "2.2.53");
	assert_field(u, "failure_count", "3");
	assert_field(u, "was_fatal", "true");
	vtime_format(&u->time, iso, sizeof iso);
	assert_string_equal(iso, "2024-03-01T02:00:00.500000Z");
	assert_true(strncmp(u->text, "WALinuxAgent-2.2.53 error state: "
	    "failure count 3, fatal true: Agent", 50) == 0);
	unit_parse_free(up);

	/* The lib root's error.json names no version; 0.0 is no failure. */
	unit_parse_str(up, KIND_AGENT_ERROR, "var/lib/waagent/error.json",
	    "{\"last_failure\": 0.0, \"failure_count\": 0, \"was_fatal\": false, "
	    "\"reason\": \"\"}");
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_null(unit_field(u, "agent_version"));
	assert_field(u, "was_fatal", "false");
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_string_equal(u->text, "WALinuxAgent error state: failure "
	    "count 0, fatal false");
	unit_parse_free(up);

	unit_parse_str(up, KIND_AGENT_ERROR, "error.json", "[]");
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	/* A version folder too long for its buffer is cut between
	 * characters. */
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "var/lib/waagent/WALinuxAgent-");
		unit_add_long_text(&sb, i);
		strbuf_addstr(&sb, "/error.json");
		unit_parse_str(up, KIND_AGENT_ERROR, strbuf_str(&sb),
		    "{\"failure_count\": 1}");
		assert_int_equal(up->n, 1);
		assert_int_equal(strlen(unit_field(&up->rec[0],
		    "agent_version")), 62 + i);
		unit_parse_free(up);
	}
	strbuf_release(&sb);
}

static void
test_malformed(void **state)
{
	struct unit_parse *up = *state;
	static const unsigned char garbage[] = {
		0x7f, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00,
		0xff, 0xfe, 0x00, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x01,
	};
	const char *path = VMSNAP_DIR "/status/0.status";
	char *deep;
	size_t i, n = 100000;

	/* Truncated: the line where it ends. */
	unit_parse_str(up, KIND_EXT_STATUS, path,
	    "[{\"status\": {\"status\": \"error\",\n\"code\": 12");
	assert_non_null(up->skip_reason);
	assert_string_equal(up->skip_reason, "invalid JSON at line 2: "
	    "unexpected end of input");
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	unit_parse_str(up, KIND_EXT_STATUS, path,
	    "[{\n\"status\": {\n\"status\" \"error\"}}]");
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "invalid JSON at line 3: "));
	unit_parse_free(up);

	unit_parse_buf(up, KIND_EXT_STATUS, path, garbage, sizeof garbage,
	    NULL);
	assert_non_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* Deeper than the json-depth limit: refused before cJSON recurses
	 * into it, the reason naming the limit and where it was passed. */
	deep = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[n + i] = ']';
	}
	deep[2 * n] = '\0';
	unit_parse_str(up, KIND_EXT_STATUS, path, deep);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "JSON nested deeper than 100 "
	    "levels at line 1 (--limit json-depth)"));
	unit_parse_free(up);
	/* 100 levels pass, brackets inside strings do not count. */
	{
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < 99; i++)
			strbuf_addch(&sb, '[');
		strbuf_addstr(&sb, "\"[[[{{{\\\"[[\"");
		for (i = 0; i < 99; i++)
			strbuf_addch(&sb, ']');
		unit_parse_str(up, KIND_EXT_STATUS, path, strbuf_str(&sb));
		assert_true(up->skip_reason == NULL ||
		    strstr(up->skip_reason, "nested deeper") == NULL);
		unit_parse_free(up);
		strbuf_release(&sb);
	}
	unit_parse_str(up, KIND_AGENT_STATUS, "waagent_status.json", deep);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);
	free(deep);

	deep = xmalloc(6 * n + 1);
	for (i = 0; i < n; i++)
		memcpy(deep + 5 * i, "{\"a\":", 5);
	memset(deep + 5 * n, '}', n);
	deep[6 * n] = '\0';
	unit_parse_str(up, KIND_AGENT_ERROR, "error.json", deep);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);
	free(deep);
}

/* Big, but within the limits: read whole, values cut, one line each. */
static void
test_large(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb;
	struct limits lim;
	const struct unit_record *u;
	size_t i;

	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "[{\"status\": {\"status\": \"error\", \"code\": 1, "
	    "\"formattedMessage\": {\"message\": \"");
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, i % 50 == 49 ? "\\n" : "\xc3\xa9");
	strbuf_addstr(&sb, "\"}, \"substatus\": [");
	for (i = 0; i < 2000; i++)
		strbuf_addf(&sb, "%s{\"name\": \"s%zu\", \"status\": \"success\"}",
		    i == 0 ? "" : ", ", i);
	/* A substatus name too deep to be a nested status. */
	strbuf_addstr(&sb, ", {\"name\": \"");
	for (i = 0; i < 5000; i++)
		strbuf_addch(&sb, '[');
	strbuf_addstr(&sb, "\", \"status\": \"error\"}]}}]");

	unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status",
	    sb.buf, sb.len, NULL);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2002);
	assert_well_formed(up);
	u = unit_find(up, "record", "status");
	assert_true(u->cut);
	assert_true(strlen(unit_field(u, "message")) <= 1024);
	assert_true(text_valid_utf8(unit_field(u, "message"),
	    strlen(unit_field(u, "message"))));
	assert_true(text_valid_utf8(u->text, strlen(u->text)));
	assert_non_null(unit_find(up, "name", "s1999"));
	assert_null(unit_find(up, "record", "snapshot"));

	/* Over the document limit: skipped with the reason. */
	limits_default(&lim);
	lim.max_doc_bytes = 4096;
	unit_parse_free(up);
	unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status",
	    sb.buf, sb.len, &lim);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "size limit"));
	assert_int_equal(up->n, 0);
	unit_parse_free(up);
	strbuf_release(&sb);
}

/* A status written as UTF-16 with a BOM, as some tools rewrite them. */
static void
test_utf16(void **state)
{
	struct unit_parse *up = *state;
	const char *doc = "[{\"status\": {\"status\": \"success\", \"code\": 0,"
	    " \"operation\": \"Enable\", \"formattedMessage\": {\"message\":"
	    " \"ok\"}}}]";
	unsigned char *buf;
	size_t i, n = strlen(doc);

	buf = xmalloc(2 * n + 2);
	buf[0] = 0xff;
	buf[1] = 0xfe;
	for (i = 0; i < n; i++) {
		buf[2 + 2 * i] = (unsigned char)doc[i];
		buf[3 + 2 * i] = 0;
	}
	unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status", buf,
	    2 * n + 2, NULL);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "message", "ok");
	unit_parse_free(up);
	free(buf);
}

/* Many telemetry keys: the ones a diagnosis reads are kept first. */
static void
test_telemetry_overflow(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb, inner;
	const struct unit_record *u;
	size_t i;

	strbuf_init(&inner, 0);
	strbuf_addstr(&inner, "{\"status\": {\"status\": \"error\", \"code\": "
	    "122, \"telemetryData\": [");
	for (i = 0; i < RECORD_FIELDS_MAX + 8; i++)
		strbuf_addf(&inner, "{\"Key\": \"k%zu\", \"Value\": \"v\"}, ", i);
	strbuf_addstr(&inner, "{\"Key\": \"extErrorCode\", \"Value\": "
	    "\"FailedRetryableFsFreezeTimeout\"}]}}");
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "[{\"status\": {\"status\": \"success\", "
	    "\"substatus\": [{\"status\": \"success\", \"name\": \"");
	for (i = 0; i < inner.len; i++) {
		if (inner.buf[i] == '"')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, inner.buf[i]);
	}
	strbuf_addstr(&sb, "\"}]}}]");
	unit_parse_buf(up, KIND_EXT_STATUS, VMSNAP_DIR "/status/0.status",
	    sb.buf, sb.len, NULL);
	assert_null(up->skip_reason);
	u = unit_find(up, "record", "snapshot");
	assert_non_null(u);
	assert_field(u, "telemetry.extErrorCode",
	    "FailedRetryableFsFreezeTimeout");
	assert_field(u, "code", "122");
	assert_int_equal(u->nfields, RECORD_FIELDS_MAX);
	assert_true(u->cut);
	unit_parse_free(up);
	strbuf_release(&sb);
	strbuf_release(&inner);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_arm_nested),
		cmocka_unit_test(test_status_template),
		cmocka_unit_test(test_status_shapes),
		cmocka_unit_test(test_status_classic),
		cmocka_unit_test(test_status_corpus),
		cmocka_unit_test(test_handler_status),
		cmocka_unit_test(test_agent_status_v1),
		cmocka_unit_test(test_agent_status_blob),
		cmocka_unit_test(test_agent_status_edges),
		cmocka_unit_test(test_agent_error),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_telemetry_overflow),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
