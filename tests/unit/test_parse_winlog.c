/*
 * The Windows guest agent's logs (WaAppAgent.log and its siblings),
 * extension logs under WindowsAzure/Logs/Plugins (the backup extension's
 * IaaSBcdrExtension*.log among them), and the Windows status files:
 * Status/<n>.status, Status/HeartBeat.Json, aggregatestatus.json,
 * RuntimeSettings/<n>.settings; the Windows paths an extension's name and
 * version come from.
 */
#include "config.h"

#include "unit.h"
#include "strbuf.h"
#include "text.h"

#define GA_LOG		"WindowsAzure/Logs/WaAppAgent.log"
#define VMSNAP		"Microsoft.Azure.RecoveryServices.VMSnapshot"
#define BCDR_LOG	"device_0/WindowsAzure/Logs/Plugins/" VMSNAP \
			"/1.0.104.0/IaaSBcdrExtension1.log"
#define CSE		"Microsoft.Compute.CustomScriptExtension"
#define CSE_LOG		"C/WindowsAzure/Logs/Plugins/" CSE \
			"/1.10.15/CommandExecution.log"
#define PLUGIN_DIR	"Packages/Plugins/" VMSNAP "/1.0.104.0"

static void
assert_prefix(const char *s, const char *prefix)
{
	if (strncmp(s, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", s, prefix);
}

/* Both time styles and every level, from the agent's documented lines. */
static const char ga_lines[] =
"[00000006] [11/14/2019 05:52:13.44] [INFO]  WindowsAzureGuestAgent "
"starting. Version 2.7.41491.949\n"
"[00000006] [11/14/2019 05:52:31.77] [WARN]  Waiting for OOBE to "
"Complete ...\n"
"[00000020] [11/14/2019 06:02:33.43] [HEART] WindowsAzureGuestAgent "
"Heartbeat.\n"
"[00000004] [01/12/2019 00:30:47.24] [ERROR] RdCrypt Initialization "
"failed. Error Code: -2147023143.\n"
"[00000004] 2024-04-17T07:19:26.812Z [TRACE] "
"Microsoft.CPlat.Core.RunCommandWindows: A job object was already "
"existing with this thread will associate process to the same job "
"objects\n"
"[00000006] 2021-01-12T16:35:45Z [FATAL] Failed to set access rules for "
"agent directories.\n";

static void
test_ga_lines(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	static const char *const raw[] = {
		"INFO", "WARN", "HEART", "ERROR", "TRACE", "FATAL",
	};
	static const char *const mapped[] = {
		"INFO", "WARNING", "INFO", "ERROR", "VERBOSE", "ERROR",
	};
	size_t i;

	unit_parse_str(up, KIND_GA_LOG, GA_LOG, ga_lines);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 6);
	assert_log_well_formed(up);
	for (i = 0; i < 6; i++) {
		assert_int_equal(up->rec[i].kind, KIND_GA_LOG);
		assert_int_equal(up->rec[i].line, i + 1);
		assert_int_equal(up->rec[i].lines, 1);
		assert_int_equal(up->rec[i].cut, 0);
		assert_level(&up->rec[i], mapped[i]);
		assert_field(&up->rec[i], "level", raw[i]);
		/* The agent's log names no extension. */
		assert_null(unit_field(&up->rec[i], "extension"));
	}

	/* Legacy: local wall clock, centiseconds; the padding after the
	 * level is not part of the message. */
	u = &up->rec[0];
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2019-11-14T05:52:13.440000");
	assert_field(u, "thread", "00000006");
	assert_string_equal(u->msg, "WindowsAzureGuestAgent starting. "
	    "Version 2.7.41491.949");
	assert_string_equal(u->text, "[00000006] [11/14/2019 05:52:13.44] "
	    "[INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.949");
	assert_string_equal(up->rec[2].msg, "WindowsAzureGuestAgent "
	    "Heartbeat.");
	assert_field(&up->rec[2], "thread", "00000020");
	assert_string_equal(up->rec[3].msg, "RdCrypt Initialization failed. "
	    "Error Code: -2147023143.");

	/* ISO with Z: UTC, milliseconds or none. */
	u = &up->rec[4];
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2024-04-17T07:19:26.812000Z");
	assert_field(u, "thread", "00000004");
	assert_prefix(u->msg, "Microsoft.CPlat.Core.RunCommandWindows: "
	    "A job");
	assert_time(&up->rec[5], "2021-01-12T16:35:45Z");
	assert_string_equal(up->rec[5].msg, "Failed to set access rules for "
	    "agent directories.");
}

/* Exceptions go on over lines without a prefix. */
static void
test_ga_continuations(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_GA_LOG, GA_LOG,
	    "[00000011] [12/11/2018 06:27:55.66] [WARN]  (Ignoring) Exception "
	    "while fetching supported versions from HostGAPlugin: "
	    "System.Net.WebException: Unable to connect to the remote server \n"
	    "---> System.Net.Sockets.SocketException: An attempt was made to "
	    "access a socket in a way forbidden by its access permissions "
	    "168.63.129.16:32526\n"
	    "[00000010] 2021-01-12T16:35:45Z [ERROR] InstallPlugins() failed "
	    "with exception: System.AggregateException: One or more errors "
	    "occurred. ---> System.BadImageFormatException: An attempt was "
	    "made to load a program with an incorrect format. (Exception from "
	    "HRESULT: 0x8007000B)\n"
	    "   at Microsoft.WindowsAzure.GuestAgent.ExtensionStateMachine."
	    "PluginInstaller.PackageExpand(String packageFilePath, String "
	    "destinationPath)\n"
	    "   --- End of inner exception stack trace ---\n"
	    "\n"
	    "[00000010] 2021-01-12T16:35:46Z [INFO]  next\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_log_well_formed(up);

	u = &up->rec[0];
	assert_int_equal(u->lines, 2);
	assert_level(u, "WARNING");
	assert_non_null(strstr(u->msg, "remote server \n---> "
	    "System.Net.Sockets.SocketException"));
	assert_prefix(u->msg, "(Ignoring) Exception");

	u = &up->rec[1];
	assert_int_equal(u->line, 3);
	assert_int_equal(u->lines, 4);
	assert_level(u, "ERROR");
	assert_non_null(strstr(u->msg, "0x8007000B)\n   at Microsoft."));
	assert_non_null(strstr(u->msg, "End of inner exception stack trace "
	    "---\n"));

	assert_int_equal(up->rec[2].line, 7);
	assert_string_equal(up->rec[2].msg, "next");
}

/* No thread, no time, a thread alone: still a level and a message. */
static void
test_ga_partial_heads(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_GA_LOG, GA_LOG,
	    "[11/14/2019 05:52:13.44] [INFO] no thread here\n"
	    "[INFO]  Getting plugin locations for plugin "
	    "'Microsoft.Compute.CustomScriptExtension'. Current Version: "
	    "'1.8', Requested Version: '1.9'\n"
	    "[ERROR] GetVersions() failed with exception: "
	    "Microsoft.ServiceModel.Web.WebProtocolException: Server Error: "
	    "Service Unavailable (ServiceUnavailable) ---> \n"
	    "System.Net.WebException: The remote server returned an error: "
	    "(503) Server Unavailable.\n"
	    "[00000006] {ALPHANUMERICPII} [FATAL] redacted time\n"
	    "[00000006] [INFO]  thread and level\n"
	    "[12] [INFO] short id: a list item, not a thread\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 5);
	assert_log_well_formed(up);

	u = &up->rec[0];
	assert_time(u, "2019-11-14T05:52:13.440000");
	assert_level(u, "INFO");
	assert_null(unit_field(u, "thread"));
	assert_string_equal(u->msg, "no thread here");

	u = &up->rec[1];
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_level(u, "INFO");
	assert_prefix(u->msg, "Getting plugin locations for plugin "
	    "'Microsoft.Compute.CustomScriptExtension'. Current");

	/* Untimed, but a head: its continuation joins it. */
	u = &up->rec[2];
	assert_level(u, "ERROR");
	assert_int_equal(u->lines, 2);
	assert_non_null(strstr(u->msg, "---> \nSystem.Net.WebException"));

	u = &up->rec[3];
	assert_field(u, "thread", "00000006");
	assert_level(u, NULL);
	assert_string_equal(u->msg, "{ALPHANUMERICPII} [FATAL] redacted time");

	u = &up->rec[4];
	assert_field(u, "thread", "00000006");
	assert_level(u, "INFO");
	/* "[12]" is too short for a thread: the line continues. */
	assert_string_equal(u->msg, "thread and level\n[12] [INFO] short id: "
	    "a list item, not a thread");
	assert_int_equal(u->lines, 2);
}

/* TransparentInstaller.log's VM health report: one JSON object a line,
 * a record of its own, never joined to the line before. */
static void
test_ga_health_json(void **state)
{
	struct unit_parse *up = *state;
	const char *json =
	    "{\"reportTime\":\"2021-06-09T10:39:52.1234567Z\",\"systemInfo\":"
	    "{\"windows\":{\"realTimeIsUniversal\":false,\"isOsEval\":false,"
	    "\"domainRole\":3}},\"services\":[{\"name\":\"TermService\","
	    "\"state\":\"Running\"}]}";

	unit_parse_str(up, KIND_GA_LOG, "WindowsAzure/Logs/"
	    "TransparentInstaller.log",
	    "[00000001] [06/09/2021 10:39:50.00] [INFO]  before\n"
	    "{\"reportTime\":\"2021-06-09T10:39:52.1234567Z\",\"systemInfo\":"
	    "{\"windows\":{\"realTimeIsUniversal\":false,\"isOsEval\":false,"
	    "\"domainRole\":3}},\"services\":[{\"name\":\"TermService\","
	    "\"state\":\"Running\"}]}\n"
	    "{\"reportTime\":\"not a time\",\"services\":[]}\n"
	    "[00000001] [06/09/2021 10:39:53.00] [ERROR] System.Configuration."
	    "ConfigurationErrorsException: The type could not be loaded.\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_log_well_formed(up);
	assert_string_equal(up->rec[0].msg, "before");
	assert_int_equal(up->rec[0].lines, 1);

	assert_int_equal(up->rec[1].line, 2);
	assert_int_equal(up->rec[1].lines, 1);
	assert_string_equal(up->rec[1].msg, json);
	assert_string_equal(up->rec[1].text, json);
	assert_time(&up->rec[1], "2021-06-09T10:39:52.123456Z");
	assert_level(&up->rec[1], NULL);

	assert_int_equal(up->rec[2].time.zone, VTIME_NONE);
	assert_string_equal(up->rec[2].msg, "{\"reportTime\":\"not a time\","
	    "\"services\":[]}");
	assert_level(&up->rec[3], "ERROR");
}

/* The agent writes UTF-16LE with a BOM and CRLF; UTF-8 CRLF too. */
static void
test_ga_utf16_crlf(void **state)
{
	struct unit_parse *up = *state;
	const char *doc =
	    "[00000006] [06/20/2019 07:44:28.93] [INFO]  Attempting to discover "
	    "fabric address on interface Npcap Loopback Adapter.\r\n"
	    "[00000024] [06/20/2019 07:44:28.93] [WARN]  Empty DHCP option data "
	    "returned\r\n"
	    "   continued\r\n"
	    "[00000006] 2024-04-17T07:19:26.812Z [ERROR] Did not discover "
	    "fabric address on interface Npcap Loopback Adapter\r\n";
	unsigned char *buf;
	size_t i, n = strlen(doc);
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			unit_parse_str(up, KIND_GA_LOG, GA_LOG, doc);
		else {
			buf = xmalloc(2 * n + 2);
			buf[0] = 0xff;
			buf[1] = 0xfe;
			for (i = 0; i < n; i++) {
				buf[2 + 2 * i] = (unsigned char)doc[i];
				buf[3 + 2 * i] = 0;
			}
			unit_parse_buf(up, KIND_GA_LOG, GA_LOG, buf, 2 * n + 2,
			    NULL);
			free(buf);
		}
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 3);
		assert_log_well_formed(up);
		assert_null(strchr(up->rec[0].text, '\r'));
		assert_string_equal(up->rec[0].msg, "Attempting to discover "
		    "fabric address on interface Npcap Loopback Adapter.");
		assert_time(&up->rec[0], "2019-06-20T07:44:28.930000");
		assert_field(&up->rec[1], "thread", "00000024");
		assert_level(&up->rec[1], "WARNING");
		assert_string_equal(up->rec[1].msg, "Empty DHCP option data "
		    "returned\n   continued");
		assert_int_equal(up->rec[2].line, 4);
		assert_level(&up->rec[2], "ERROR");
		assert_time(&up->rec[2], "2024-04-17T07:19:26.812000Z");
		unit_parse_free(up);
	}
}

/* A line over max_line is cut and marked; the next line reads as
 * usual. */
static void
test_ga_long_line(void **state)
{
	struct unit_parse *up = *state;
	struct limits lim;
	struct strbuf sb;
	size_t i;

	limits_default(&lim);
	lim.max_line = 256;
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "[00000004] 2024-04-17T07:19:26.812Z [ERROR] ");
	for (i = 0; i < 5000; i++)
		strbuf_addch(&sb, (char)('a' + i % 26));
	strbuf_addstr(&sb, "\n[00000004] 2024-04-17T07:19:27.812Z [INFO]  "
	    "next\n");
	/* The health report can be long too. */
	strbuf_addstr(&sb, "{\"reportTime\":\"2024-04-17T07:19:28Z\",\"x\":\"");
	for (i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'y');
	strbuf_addstr(&sb, "\"}\n");
	unit_parse_buf(up, KIND_GA_LOG, GA_LOG, strbuf_str(&sb), sb.len, &lim);
	assert_int_equal(up->n, 3);
	assert_int_equal(up->rec[0].cut, 1);
	assert_int_equal(strlen(up->rec[0].text), 256);
	assert_level(&up->rec[0], "ERROR");
	assert_field(&up->rec[0], "thread", "00000004");
	assert_int_equal(up->rec[1].cut, 0);
	assert_int_equal(up->rec[1].line, 2);
	assert_string_equal(up->rec[1].msg, "next");
	assert_int_equal(up->rec[2].cut, 1);
	assert_time(&up->rec[2], "2024-04-17T07:19:28Z");
	strbuf_release(&sb);
	unit_parse_free(up);

	/* A hostile line of brackets and digits only: cut, no head. */
	strbuf_init(&sb, 0);
	for (i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "[0");
	strbuf_addch(&sb, '\n');
	unit_parse_buf(up, KIND_GA_LOG, GA_LOG, strbuf_str(&sb), sb.len, &lim);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].cut, 1);
	assert_int_equal(up->rec[0].time.zone, VTIME_NONE);
	strbuf_release(&sb);
}

/* What is not a log: skipped with a reason, or untimed records. */
static void
test_ga_garbage(void **state)
{
	struct unit_parse *up = *state;
	unsigned char garbage[512];
	size_t i;

	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = (unsigned char)(i * 37 + 11);
	unit_parse_buf(up, KIND_GA_LOG, GA_LOG, garbage, sizeof garbage, NULL);
	assert_non_null(up->skip_reason);
	assert_string_equal(up->skip_reason, "binary data, not text");
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	unit_parse_buf(up, KIND_BCDR_LOG, BCDR_LOG, garbage, sizeof garbage,
	    NULL);
	assert_non_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	unit_parse_str(up, KIND_GA_LOG, GA_LOG, "");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* Near misses: each is no head, so each line before the first head
	 * is a record of its own, untimed and without a level. */
	unit_parse_str(up, KIND_GA_LOG, GA_LOG,
	    "[\n"
	    "[]\n"
	    "[0000000g] [INFO] not hex\n"
	    "[13/14/2019 05:52:13.44] [INFO]  month 13\n"
	    "[11/14/2019 05:52:13.44 [INFO]  unclosed\n"
	    "[11/14/2019 05:52:13.44]x [INFO]  glued\n"
	    "[NOTICE] unknown level\n"
	    "[INFO\n"
	    "{\"reportTime\":\n"
	    "[00000006]\n"
	    "  after a head, a line continues it\n");
	assert_null(up->skip_reason);
	assert_log_well_formed(up);
	assert_int_equal(up->n, 10);
	for (i = 0; i < up->n; i++) {
		if (i == 9) {
			/* A thread alone is a head, with nothing after it. */
			assert_int_equal(up->rec[i].lines, 2);
			assert_field(&up->rec[i], "thread", "00000006");
			assert_string_equal(up->rec[i].msg, "\n  after a head, "
			    "a line continues it");
			continue;
		}
		assert_int_equal(up->rec[i].time.zone, VTIME_NONE);
		assert_level(&up->rec[i], NULL);
		assert_int_equal(up->rec[i].lines, 1);
	}
}

/* Extension logs in the shapes a tolerant reader meets. */
static const char bcdr_lines[] =
"IaaSBcdrExtension log opened\n"
"2024-04-17T07:19:26.8123456Z Info  Snapshot started\n"
"2024-04-17 07:19:27,125 INFO: python style\n"
"2024-04-17 07:19:28.5 - WARNING - dashes\n"
"[4892+00000001] [03/04/2021 20:49:58.30] [INFO] Starting RunCommand "
"Extension v1\n"
"03/04/2021 8:49:59 PM, Error, VSS writer in bad state\n"
"    at IaaSBcdr.Vss.Freeze()\n"
"[2024-04-17 07:19:29] [Warning] bracketed time and level\n"
"[2024-04-17T07:19:30Z] [verbose] lower case\n"
"2024-04-17 07:19:31 Err: short error\n"
"2024-04-17 07:19:32 [12] Debug  thread after time\n"
"2024-04-17 07:19:33 TRACE trace\n"
"2024-04-17 07:19:34 Critical| critical\n"
"2024-04-17 07:19:35 Fatal, fatal\n"
"2024-04-17 07:19:36 Warn  warn\n"
"2024-04-17 07:19:37 Error while taking snapshot\n"
"2024-04-17 07:19:38 Information: info\n"
"[00000012] [Error] thread and level, no time\n"
"[Error] no time, no thread: continues\n"
"[00000013] thread alone: continues\n";

static void
test_winext_shapes(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	size_t i;
	static const struct {
		const char	*level;
		const char	*raw;
		const char	*msg;
	} want[] = {
		{ NULL, NULL, "IaaSBcdrExtension log opened" },
		{ "INFO", "Info", "Snapshot started" },
		{ "INFO", "INFO", "python style" },
		{ "WARNING", "WARNING", "dashes" },
		{ "INFO", "INFO", "Starting RunCommand Extension v1" },
		{ "ERROR", "Error", "VSS writer in bad state\n"
		    "    at IaaSBcdr.Vss.Freeze()" },
		{ "WARNING", "Warning", "bracketed time and level" },
		{ "VERBOSE", "verbose", "lower case" },
		{ "ERROR", "Err", "short error" },
		{ "VERBOSE", "Debug", "thread after time" },
		{ "VERBOSE", "TRACE", "trace" },
		{ "ERROR", "Critical", "critical" },
		{ "ERROR", "Fatal", "fatal" },
		{ "WARNING", "Warn", "warn" },
		/* A mixed-case word and one space: the message's own. */
		{ NULL, NULL, "Error while taking snapshot" },
		{ "INFO", "Information", "info" },
		{ "ERROR", "Error", "thread and level, no time\n"
		    "[Error] no time, no thread: continues\n"
		    "[00000013] thread alone: continues" },
	};

	unit_parse_str(up, KIND_BCDR_LOG, BCDR_LOG, bcdr_lines);
	assert_null(up->skip_reason);
	assert_log_well_formed(up);
	assert_int_equal(up->n, sizeof want / sizeof want[0]);
	for (i = 0; i < up->n; i++) {
		u = &up->rec[i];
		assert_int_equal(u->kind, KIND_BCDR_LOG);
		assert_level(u, want[i].level);
		if (want[i].raw != NULL)
			assert_field(u, "level", want[i].raw);
		else
			assert_null(unit_field(u, "level"));
		assert_string_equal(u->msg, want[i].msg);
		/* Every record, the untimed first one too, names the
		 * extension of its folder. */
		assert_field(u, "extension", VMSNAP);
		assert_field(u, "extension_version", "1.0.104.0");
		assert_int_equal(u->time.zone, i == 0 || i == 16 ? VTIME_NONE :
		    i == 1 || i == 7 ? VTIME_UTC : VTIME_LOCAL);
	}

	assert_time(&up->rec[1], "2024-04-17T07:19:26.812345Z");
	assert_time(&up->rec[2], "2024-04-17T07:19:27.125000");
	assert_time(&up->rec[3], "2024-04-17T07:19:28.500000");
	u = &up->rec[4];
	assert_field(u, "thread", "4892+00000001");
	assert_time(u, "2021-03-04T20:49:58.300000");
	u = &up->rec[5];
	assert_time(u, "2021-03-04T20:49:59");
	assert_int_equal(u->lines, 2);
	assert_time(&up->rec[6], "2024-04-17T07:19:29");
	assert_field(&up->rec[9], "thread", "12");
	assert_field(&up->rec[16], "thread", "00000012");
	assert_int_equal(up->rec[16].lines, 3);
}

/* Other extensions' logs: the same reader, the extension of their
 * folder; a name without a version folder names nothing. */
static void
test_winext_paths(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_WINEXT_LOG, CSE_LOG,
	    "[1252+00000001] [05/29/2018 10:52:44.61] [INFO] Command "
	    "execution task started. Awaiting completion...\r\n"
	    "[1252+00000001] [05/29/2018 10:52:45.61] [ERROR] Command "
	    "execution finished, but failed because it returned a non-zero "
	    "exit code of: '1'\r\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "extension", CSE);
	assert_field(&up->rec[0], "extension_version", "1.10.15");
	assert_field(&up->rec[1], "thread", "1252+00000001");
	assert_level(&up->rec[1], "ERROR");
	assert_string_equal(up->rec[1].msg, "Command execution finished, but "
	    "failed because it returned a non-zero exit code of: '1'");
	unit_parse_free(up);

	/* Deeper files, lower-case folders, another prefix. */
	unit_parse_str(up, KIND_WINEXT_LOG, "logs-vm1/windowsazure/logs/"
	    "plugins/Microsoft.CPlat.Core.RunCommandWindows/1.1.18/sub/"
	    "RunCommandExtension.log",
	    "[4892+00000001] [03/04/2021 20:49:58.30] [INFO] Starting\n");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "extension",
	    "Microsoft.CPlat.Core.RunCommandWindows");
	assert_field(&up->rec[0], "extension_version", "1.1.18");
	unit_parse_free(up);

	unit_parse_str(up, KIND_WINEXT_LOG, "WindowsAzure/Logs/Plugins/x.log",
	    "2024-04-17 07:19:27 INFO a\n");
	assert_int_equal(up->n, 1);
	assert_null(unit_field(&up->rec[0], "extension"));
	assert_null(unit_field(&up->rec[0], "extension_version"));
}

static void
test_path_extension(void **state)
{
	static const struct {
		const char	*path;
		const char	*ext;	/* NULL: none */
		const char	*ver;
	} cases[] = {
		{ "Packages/Plugins/" VMSNAP "/1.0.104.0/Status/0.status",
		    VMSNAP, "1.0.104.0" },
		{ "device_0/Packages/Plugins/" VMSNAP "/1.0.104.0/Status/"
		    "HeartBeat.Json", VMSNAP, "1.0.104.0" },
		{ "C/packages/plugins/" CSE "/1.10.15/RuntimeSettings/"
		    "0.settings", CSE, "1.10.15" },
		{ "WindowsAzure/Logs/Plugins/" CSE "/1.10.15/"
		    "CommandExecution.log", CSE, "1.10.15" },
		{ "bundle/WINDOWSAZURE/LOGS/PLUGINS/" CSE "/1.10.15/a/b.log",
		    CSE, "1.10.15" },
		/* Linux layouts are read as before. */
		{ "var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-"
		    "2.1.10/status/0.status",
		    "Microsoft.Azure.Extensions.CustomScript", "2.1.10" },
		{ "var/log/azure/Microsoft.Azure.Extensions.CustomScript/"
		    "handler.log", "Microsoft.Azure.Extensions.CustomScript",
		    "" },
		/* No version folder, a "Plugins/" inside a name, nothing. */
		{ "Packages/Plugins/" CSE "/file.txt", NULL, NULL },
		{ "Packages/Plugins//1.0/x", NULL, NULL },
		{ "Packages/Plugins/" CSE "//x", NULL, NULL },
		{ "MyPackages/Plugins/" CSE "/1.0/x", NULL, NULL },
		{ "WindowsAzure/Logs/WaAppAgent.log", NULL, NULL },
		{ "", NULL, NULL },
	};
	char ext[256], ver[64];
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ext[0] = ver[0] = '\0';
		r = parse_path_extension(cases[i].path, ext, sizeof ext, ver,
		    sizeof ver);
		if (cases[i].ext == NULL) {
			if (r != 0)
				fail_msg("%s: extension %s", cases[i].path, ext);
			continue;
		}
		if (r != 1)
			fail_msg("%s: no extension", cases[i].path);
		assert_string_equal(ext, cases[i].ext);
		assert_string_equal(ver, cases[i].ver);
	}

	/* Cut to the caller's buffers, never past them. */
	r = parse_path_extension("Packages/Plugins/" VMSNAP "/1.0.104.0/x",
	    ext, 8, ver, 4);
	assert_int_equal(r, 1);
	assert_string_equal(ext, "Microso");
	assert_string_equal(ver, "1.0");
	/* ... and between characters. */
	r = parse_path_extension("Packages/Plugins/\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9/12\xc3\xa9/x", ext, 8, ver, 4);
	assert_int_equal(r, 1);
	assert_string_equal(ext, "\xc3\xa9\xc3\xa9\xc3\xa9");
	assert_string_equal(ver, "12");
}

/* A Windows VMSnapshot status: the Linux format, the Windows path. */
static void
test_winext_status(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXT_STATUS, "device_0/" PLUGIN_DIR
	    "/Status/12.status",
	    "[{\"version\":\"1.0\",\"timestampUTC\":\"2024-04-17T07:20:00Z\","
	    "\"status\":{\"name\":\"" VMSNAP "\",\"operation\":\"Enable\","
	    "\"status\":\"error\",\"code\":\"400\",\"formattedMessage\":"
	    "{\"lang\":\"en-US\",\"message\":\"Snapshot operation failed "
	    "because VSS writers were in a bad state.\"},\"substatus\":"
	    "[{\"name\":\"VSS\",\"status\":\"error\",\"code\":\"8\","
	    "\"formattedMessage\":{\"lang\":\"en-US\",\"message\":"
	    "\"SqlServerWriter Failed\"}}]}}]");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = unit_find(up, "record", "status");
	assert_non_null(u);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.104.0");
	assert_field(u, "seq", "12");
	assert_field(u, "status", "error");
	assert_field(u, "code", "400");
	assert_time(u, "2024-04-17T07:20:00Z");
	assert_string_equal(u->text, VMSNAP " Enable: status error, code 400: "
	    "Snapshot operation failed because VSS writers were in a bad "
	    "state.");
	u = unit_find(up, "record", "substatus");
	assert_non_null(u);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "name", "VSS");
	assert_field(u, "message", "SqlServerWriter Failed");
}

/* HeartBeat.Json in the key cases extensions write it. */
static void
test_heartbeat(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	const char *path = PLUGIN_DIR "/Status/HeartBeat.Json";
	static const char *const docs[] = {
		"[{\"version\": 1.0, \"heartbeat\": {\"status\": \"ready\", "
		"\"code\": 0, \"Message\": \"plain\", \"formattedMessage\": "
		"{\"lang\": \"en-US\", \"message\": \"Extension is running\"}}}]",
		"[{\"Version\": \"1.0\", \"HeartBeat\": {\"Status\": \"ready\", "
		"\"Code\": \"0\", \"FormattedMessage\": {\"Lang\": \"en-US\", "
		"\"Message\": \"Extension is running\"}}}]",
		"{\"version\": 1.0, \"heartbeat\": {\"status\": \"ready\", "
		"\"code\": 0.0, \"message\": \"Extension is running\"}}",
		"[{\"HEARTBEAT\": {\"STATUS\": \"ready\", \"CODE\": 0, "
		"\"formattedMessage\": null, \"MESSAGE\": \"Extension is "
		"running\"}}]",
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		unit_parse_str(up, KIND_EXT_HEARTBEAT, path, docs[i]);
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 1);
		u = &up->rec[0];
		assert_int_equal(u->kind, KIND_EXT_HEARTBEAT);
		assert_field(u, "record", "heartbeat");
		assert_field(u, "extension", VMSNAP);
		assert_field(u, "extension_version", "1.0.104.0");
		assert_field(u, "status", "ready");
		assert_field(u, "code", "0");
		assert_field(u, "message", "Extension is running");
		assert_null(unit_field(u, "seq"));
		assert_int_equal(u->time.zone, VTIME_NONE);
		assert_string_equal(u->text, VMSNAP " heartbeat: status ready, "
		    "code 0: Extension is running");
		assert_string_equal(u->msg, u->text);
		unit_parse_free(up);
	}

	/* An unhealthy one, with a time and a multi-line message. */
	unit_parse_str(up, KIND_EXT_HEARTBEAT, path,
	    "[{\"version\": 1.0, \"timestampUTC\": \"2024-04-17T07:20:00Z\", "
	    "\"heartbeat\": {\"status\": \"notReady\", \"code\": 1, "
	    "\"formattedMessage\": {\"message\": \"line one\\nline two\"}}}]");
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "status", "notReady");
	assert_field(&up->rec[0], "message", "line one\nline two");
	assert_string_equal(up->rec[0].text, VMSNAP " heartbeat: status "
	    "notReady, code 1: line one line two");
	assert_time(&up->rec[0], "2024-04-17T07:20:00Z");
	unit_parse_free(up);

	/* Not a heartbeat: a reason, no record. */
	unit_parse_str(up, KIND_EXT_HEARTBEAT, path, "[]");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_string_equal(up->skip_reason, "not an extension heartbeat: no "
	    "\"heartbeat\" object");
	unit_parse_free(up);
	unit_parse_str(up, KIND_EXT_HEARTBEAT, path,
	    "[{\"heartbeat\": \"ready\"}]");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);
	unit_parse_str(up, KIND_EXT_HEARTBEAT, path, "42");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	/* Nothing but the status: fields absent, text still reads. */
	unit_parse_str(up, KIND_EXT_HEARTBEAT, "HeartBeat.Json",
	    "[{\"heartbeat\": {\"status\": \"ready\"}}]");
	assert_int_equal(up->n, 1);
	assert_null(unit_field(&up->rec[0], "extension"));
	assert_null(unit_field(&up->rec[0], "code"));
	assert_string_equal(up->rec[0].text, "extension heartbeat: status "
	    "ready");
}

static const char aggregate[] =
"{\"version\":\"1.1\",\"timestampUTC\":\"2024-04-17T07:21:00Z\","
"\"aggregateStatus\":{\"guestAgentStatus\":{\"version\":\"2.7.41491.1102\","
"\"status\":\"Ready\",\"formattedMessage\":{\"lang\":\"en-US\","
"\"message\":\"GuestAgent is running and processing the extensions.\"}},"
"\"handlerAggregateStatus\":["
"{\"handlerName\":\"" VMSNAP "\",\"handlerVersion\":\"1.0.104.0\","
"\"status\":\"Ready\",\"code\":0,\"formattedMessage\":{\"lang\":\"en-US\","
"\"message\":\"Plugin enabled\"},\"runtimeSettingsStatus\":"
"{\"settingsStatus\":{\"status\":{\"name\":\"VMSnapshot\",\"operation\":"
"\"Enable\",\"status\":\"error\",\"code\":400,\"formattedMessage\":"
"{\"lang\":\"en-US\",\"message\":\"VSS writers in bad state\"},"
"\"substatus\":[{\"name\":\"VSS\",\"status\":\"error\",\"code\":8,"
"\"formattedMessage\":{\"lang\":\"en-US\",\"message\":\"SqlServerWriter "
"Failed\"}}]},\"timestampUTC\":\"2024-04-17T07:20:30Z\"},"
"\"sequenceNumber\":\"3\"}},"
"{\"handlerName\":\"" CSE "\",\"handlerVersion\":\"1.10.15\","
"\"status\":\"Ready\",\"code\":0,\"runtimeSettingsStatus\":"
"{\"settingsStatus\":{\"status\":{\"name\":\"CSE\",\"operation\":"
"\"Command Execution Finished\",\"status\":\"success\",\"code\":0,"
"\"formattedMessage\":{\"lang\":\"en-US\",\"message\":\"Finished "
"executing command\"}}},\"sequenceNumber\":0}},"
"{\"handlerName\":\"Microsoft.Azure.Monitor.AzureMonitorWindowsAgent\","
"\"handlerVersion\":\"1.22.0.0\",\"status\":\"NotReady\",\"code\":1,"
"\"formattedMessage\":{\"lang\":\"en-US\",\"message\":\"Plugin failed to "
"start\"}},"
"\"not an object\"]}}";

static void
test_aggregate_status(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	size_t i, handlers = 0, settings = 0;
	const char *path = "WindowsAzure/Logs/AggregateStatus/"
	    "aggregatestatus.json";

	unit_parse_str(up, KIND_AGGREGATE_STATUS, path, aggregate);
	assert_null(up->skip_reason);
	/* agent, 3 handlers, 2 settings, 1 substatus */
	assert_int_equal(up->n, 7);
	for (i = 0; i < up->n; i++) {
		assert_int_equal(up->rec[i].kind, KIND_AGGREGATE_STATUS);
		assert_int_equal(up->rec[i].line, 0);
		assert_null(strchr(up->rec[i].text, '\n'));
		assert_int_not_equal(up->rec[i].time.zone, VTIME_NONE);
		if (strcmp(unit_field(&up->rec[i], "record"), "handler") == 0)
			handlers++;
		if (strcmp(unit_field(&up->rec[i], "record"), "settings") == 0)
			settings++;
	}
	assert_int_equal(handlers, 3);
	assert_int_equal(settings, 2);

	u = &up->rec[0];
	assert_field(u, "record", "agent");
	assert_field(u, "agent_version", "2.7.41491.1102");
	assert_field(u, "agent_status", "Ready");
	/* The names the Windows packs read. */
	assert_field(u, "version", "2.7.41491.1102");
	assert_field(u, "status", "Ready");
	assert_string_equal(u->text, "guest agent 2.7.41491.1102: status Ready: "
	    "GuestAgent is running and processing the extensions.");
	assert_field(u, "message", "GuestAgent is running and processing the "
	    "extensions.");
	assert_time(u, "2024-04-17T07:21:00Z");

	u = &up->rec[1];
	assert_field(u, "record", "handler");
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.104.0");
	assert_field(u, "status", "Ready");
	assert_field(u, "code", "0");
	assert_field(u, "message", "Plugin enabled");
	assert_field(u, "settings_status", "error");
	assert_field(u, "sequence", "3");

	u = &up->rec[2];
	assert_field(u, "record", "settings");
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.104.0");
	assert_field(u, "operation", "Enable");
	assert_field(u, "status", "error");
	assert_field(u, "code", "400");
	assert_field(u, "message", "VSS writers in bad state");
	assert_field(u, "seq", "3");
	assert_time(u, "2024-04-17T07:20:30Z");
	assert_string_equal(u->text, VMSNAP " Enable: status error, code 400: "
	    "VSS writers in bad state");

	u = &up->rec[3];
	assert_field(u, "record", "substatus");
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "name", "VSS");
	assert_field(u, "code", "8");
	assert_time(u, "2024-04-17T07:20:30Z");

	u = &up->rec[5];
	assert_field(u, "record", "settings");
	assert_field(u, "extension", CSE);
	assert_field(u, "status", "success");
	assert_field(u, "seq", "0");
	/* No settings time: the file's. */
	assert_time(u, "2024-04-17T07:21:00Z");

	/* A handler without settings status has no settings record. */
	u = &up->rec[6];
	assert_field(u, "record", "handler");
	assert_field(u, "extension",
	    "Microsoft.Azure.Monitor.AzureMonitorWindowsAgent");
	assert_field(u, "status", "NotReady");
	assert_null(unit_field(u, "settings_status"));
}

static void
test_aggregate_malformed(void **state)
{
	struct unit_parse *up = *state;
	const char *path = "WindowsAzure/Logs/AggregateStatus/"
	    "aggregatestatus.json";
	char *cut;
	size_t n, i;

	/* Truncated anywhere: a reason, never a crash, no record. */
	n = strlen(aggregate);
	for (i = 1; i < n; i += 37) {
		cut = xstrndup(aggregate, i);
		unit_parse_str(up, KIND_AGGREGATE_STATUS, path, cut);
		assert_non_null(up->skip_reason);
		assert_non_null(strstr(up->skip_reason, "invalid JSON"));
		assert_int_equal(up->n, 0);
		unit_parse_free(up);
		free(cut);
	}

	unit_parse_str(up, KIND_AGGREGATE_STATUS, path, "{\"version\":\"1.1\"}");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_string_equal(up->skip_reason, "not an aggregate status: no "
	    "\"aggregateStatus\" object");
	unit_parse_free(up);

	unit_parse_str(up, KIND_AGGREGATE_STATUS, path, "[1, 2]");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	unit_parse_str(up, KIND_AGGREGATE_STATUS, path, "   \n");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	/* Wrong types everywhere: nothing to say, nothing crashes. */
	unit_parse_str(up, KIND_AGGREGATE_STATUS, path,
	    "{\"timestampUTC\": 5, \"aggregateStatus\": {\"guestAgentStatus\": "
	    "[], \"handlerAggregateStatus\": {\"handlerName\": 1}, "
	    "\"vmArtifactsAggregateStatus\": 7}}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	unit_parse_str(up, KIND_AGGREGATE_STATUS, path,
	    "{\"aggregateStatus\": {\"handlerAggregateStatus\": [{"
	    "\"handlerName\": null, \"runtimeSettingsStatus\": "
	    "{\"settingsStatus\": {\"status\": {\"status\": 3, \"substatus\": "
	    "[1, null, {\"name\": {}}]}}}}]}}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_field(&up->rec[1], "record", "settings");
	assert_field(&up->rec[1], "status", "3");
	assert_field(&up->rec[2], "record", "substatus");
	assert_null(unit_field(&up->rec[2], "name"));
}

/* RuntimeSettings/<n>.settings: known, never read; whatever it holds,
 * the protected settings reach no record. */
static void
test_settings_never_read(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_EXT_SETTINGS, PLUGIN_DIR
	    "/RuntimeSettings/3.settings",
	    "{\"runtimeSettings\":[{\"handlerSettings\":{"
	    "\"protectedSettingsCertThumbprint\":\"0123456789ABCDEF\","
	    "\"protectedSettings\":\"MIIB_PROTECTED_SECRET_BASE64\","
	    "\"publicSettings\":{\"locale\":\"en-us\",\"taskId\":\"t1\"}}}]}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_assert_absent(up, "PROTECTED_SECRET");
}

/* Disk Inspect's registry.json: one record per value. */
static void
test_registry_json(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_REGISTRY_JSON, "registry.json",
	    "{\n\"HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\Dhcp"
	    "\\\\Start\": \"0x2\"\r\r\n,\"HKLM\\\\SOFTWARE\\\\X\": "
	    "\"28 00 00 00 \"\n,\"HKLM\\\\SOFTWARE\\\\N\": 7\n}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_field(&up->rec[0], "key", "HKLM\\SYSTEM\\CurrentControlSet"
	    "\\Services\\Dhcp\\Start");
	assert_field(&up->rec[0], "value", "0x2");
	assert_string_equal(up->rec[0].text, "HKLM\\SYSTEM\\CurrentControlSet"
	    "\\Services\\Dhcp\\Start = 0x2");
	assert_field(&up->rec[1], "value", "28 00 00 00 ");
	assert_field(&up->rec[2], "value", "7");

	/* Not an object; broken JSON: skipped with a reason. */
	unit_parse_free(up);
	unit_parse_str(up, KIND_REGISTRY_JSON, "registry.json", "[1, 2]");
	assert_int_equal(up->n, 0);
	assert_skip(up, "not a registry export");
	unit_parse_free(up);
	unit_parse_str(up, KIND_REGISTRY_JSON, "registry.json",
	    "{\"HKLM\\\\A\": \"0x1\",");
	assert_int_equal(up->n, 0);
	assert_skip(up, "invalid JSON");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_ga_lines, unit_reset),
		cmocka_unit_test_teardown(test_registry_json, unit_reset),
		cmocka_unit_test_teardown(test_ga_continuations, unit_reset),
		cmocka_unit_test_teardown(test_ga_partial_heads, unit_reset),
		cmocka_unit_test_teardown(test_ga_health_json, unit_reset),
		cmocka_unit_test_teardown(test_ga_utf16_crlf, unit_reset),
		cmocka_unit_test_teardown(test_ga_long_line, unit_reset),
		cmocka_unit_test_teardown(test_ga_garbage, unit_reset),
		cmocka_unit_test_teardown(test_winext_shapes, unit_reset),
		cmocka_unit_test_teardown(test_winext_paths, unit_reset),
		cmocka_unit_test(test_path_extension),
		cmocka_unit_test_teardown(test_winext_status, unit_reset),
		cmocka_unit_test_teardown(test_heartbeat, unit_reset),
		cmocka_unit_test_teardown(test_aggregate_status, unit_reset),
		cmocka_unit_test_teardown(test_aggregate_malformed, unit_reset),
		cmocka_unit_test_teardown(test_settings_never_read, unit_reset),
	};

	int failed;

	/* Again with deferred heads asked for, as the analysis reads logs. */
	failed = cmocka_run_group_tests(tests, unit_setup, unit_teardown);
	unit_defer_heads = 1;
	return failed + cmocka_run_group_tests(tests, unit_setup,
	    unit_teardown);
}
