/*
 * parse_log.c: waagent.log in its four record generations and with the
 * extension lines written into it, VMSnapshotLinux's extension.log and
 * shell.log, other extension logs, syslog, apt's history; continuation
 * lines, line ends, encodings, and input that is no log at all.
 */
#include "config.h"

#include "unit.h"
#include "strbuf.h"
#include "text.h"

#define VMSNAP "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
#define VMSNAP_LOG "var/log/azure/" VMSNAP "/extension.log"

/* The four generations, one line each, in the order the agent's own
 * parser tries them. */
static const char generations[] =
"2017/12/11 09:24:48.409157 INFO Azure Linux Agent Version:2.2.14\n"
"2019/09/19 02:15:27.620278 INFO Daemon Azure Linux Agent Version:2.2.42\n"
"2022-10-27T05:53:48.280208Z WARNING Daemon Agent WALinuxAgent-2.2.46 "
"launched with command 'python3 -u bin/WALinuxAgent-2.2.46-py3.egg "
"-run-exthandlers'\n"
"2023-10-27T07:57:10.702114Z INFO ExtHandler ExtHandler "
"ProcessExtensionsGoalState completed [etag_1 4082 ms]\n";

static void
test_agent_generations(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    generations);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_log_well_formed(up);

	/* <= 2.2.31: local slash time, level, no prefix. */
	u = &up->rec[0];
	assert_int_equal(u->line, 1);
	assert_int_equal(u->lines, 1);
	assert_int_equal(u->kind, KIND_WAAGENT_LOG);
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2017-12-11T09:24:48.409157");
	assert_level(u, "INFO");
	assert_null(unit_field(u, "thread"));
	assert_null(unit_field(u, "component"));
	assert_string_equal(u->msg, "Azure Linux Agent Version:2.2.14");
	assert_string_equal(u->text, "2017/12/11 09:24:48.409157 INFO Azure "
	    "Linux Agent Version:2.2.14");

	/* 2.2.32 - 2.2.45: local slash time, process prefix. */
	u = &up->rec[1];
	assert_int_equal(u->line, 2);
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2019-09-19T02:15:27.620278");
	assert_level(u, "INFO");
	assert_field(u, "component", "Daemon");
	assert_null(unit_field(u, "thread"));
	assert_string_equal(u->msg, "Azure Linux Agent Version:2.2.42");

	/* 2.2.46: UTC, prefix, still no thread. */
	u = &up->rec[2];
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2022-10-27T05:53:48.280208Z");
	assert_level(u, "WARNING");
	assert_field(u, "component", "Daemon");
	assert_null(unit_field(u, "thread"));
	assert_true(strncmp(u->msg, "Agent WALinuxAgent-2.2.46 launched",
	    34) == 0);

	/* >= 2.2.47: UTC, thread and prefix. */
	u = &up->rec[3];
	assert_int_equal(u->line, 4);
	assert_time(u, "2023-10-27T07:57:10.702114Z");
	assert_level(u, "INFO");
	assert_field(u, "thread", "ExtHandler");
	assert_field(u, "component", "ExtHandler");
	assert_string_equal(u->msg, "ProcessExtensionsGoalState completed "
	    "[etag_1 4082 ms]");
}

/* The head's common words are known by their bytes and the space
 * after them: a longer word that starts like one is not it. */
static void
test_agent_known_words(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-02-01T10:00:00.000000Z INFO ExtHandler ExtHandler one\n"
	    "2024-02-01T10:00:01.000000Z INFO DaemonSet ExtHandlerPool two\n"
	    "2024-02-01T10:00:02.000000Z INFOS Daemon three\n"
	    "2024-02-01T10:00:03.000000Z INFO ExtHandlerPool four\n"
	    "2024-02-01T10:00:04.000000Z INFO Daemon\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 5);
	u = &up->rec[0];
	assert_level(u, "INFO");
	assert_field(u, "thread", "ExtHandler");
	assert_field(u, "component", "ExtHandler");
	assert_string_equal(u->msg, "one");
	u = &up->rec[1];
	assert_level(u, "INFO");
	assert_null(unit_field(u, "thread"));
	assert_null(unit_field(u, "component"));
	assert_string_equal(u->msg, "DaemonSet ExtHandlerPool two");
	u = &up->rec[2];
	assert_null(u->level);
	assert_string_equal(u->msg, "INFOS Daemon three");
	u = &up->rec[3];
	assert_null(unit_field(u, "component"));
	assert_string_equal(u->msg, "ExtHandlerPool four");
	u = &up->rec[4];
	assert_field(u, "component", "Daemon");
	assert_string_equal(u->msg, "");
}

/* Threads, components and extension prefixes after the level. */
static void
test_agent_sources(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2021-07-09T01:46:53.307959Z INFO MonitorHandler ExtHandler [CGW] "
	    "Disabling resource usage monitoring. Reason: Check on cgroups "
	    "failed:\n"
	    "2021-03-30T19:45:33.793213Z INFO ExtHandler "
	    "[Microsoft.Azure.Security.Monitoring.AzureSecurityLinuxAgent-2.14.64]"
	    " Target handler state: enabled [incarnation 3]\n"
	    "2023-05-04T17:32:30.812795Z INFO MainThread Fetched a new "
	    "incarnation for the WireServer goal state [incarnation 1]\n"
	    "2023-05-04T17:32:30.806097Z INFO MainThread LogCollector Running "
	    "log collector mode full\n"
	    "2021-05-28T01:17:40.683072Z INFO ExtHandler Wire server "
	    "endpoint:168.63.129.16\n"
	    "2023-01-18T02:58:25.589492Z ERROR SendTelemetryHandler ExtHandler "
	    "Event: name=WALinuxAgent, op=ReportEventErrors, "
	    "message=DroppedEventsCount: 1\n"
	    "2024-02-01T10:00:00.000000Z INFO ExtHandler "
	    "[" VMSNAP "-1.0.9220.0] Enable extension: "
	    "[main/handle.sh enable]\n"
	    "2024-02-01T10:00:01.000000Z VERBOSE ExtHandler ExtHandler "
	    "[HEARTBEAT] Agent WALinuxAgent-2.9.1.1 is running as the goal "
	    "state agent\n"
	    "2024-02-01T10:00:02Z INFO ExtHandler ExtHandler No fraction\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 9);
	assert_log_well_formed(up);

	u = &up->rec[0];
	assert_field(u, "thread", "MonitorHandler");
	assert_field(u, "component", "ExtHandler");
	/* A message tag is not an extension prefix. */
	assert_null(unit_field(u, "extension"));
	assert_true(strncmp(u->msg, "[CGW] Disabling", 15) == 0);

	u = &up->rec[1];
	assert_field(u, "thread", "ExtHandler");
	assert_field(u, "extension",
	    "Microsoft.Azure.Security.Monitoring.AzureSecurityLinuxAgent");
	assert_field(u, "extension_version", "2.14.64");
	assert_string_equal(u->msg, "Target handler state: enabled "
	    "[incarnation 3]");

	/* The goal-state logger has no prefix: thread, then message. */
	u = unit_find(up, "thread", "MainThread");
	assert_ptr_equal(u, &up->rec[2]);
	assert_field(u, "thread", "MainThread");
	assert_null(unit_field(u, "component"));
	assert_string_equal(u->msg, "Fetched a new incarnation for the "
	    "WireServer goal state [incarnation 1]");

	u = &up->rec[3];
	assert_field(u, "thread", "MainThread");
	assert_field(u, "component", "LogCollector");
	assert_string_equal(u->msg, "Running log collector mode full");

	/* 2.2.46 shape: one source token, the process. */
	u = &up->rec[4];
	assert_field(u, "component", "ExtHandler");
	assert_null(unit_field(u, "thread"));
	assert_string_equal(u->msg, "Wire server endpoint:168.63.129.16");

	u = &up->rec[5];
	assert_level(u, "ERROR");
	assert_field(u, "thread", "SendTelemetryHandler");
	assert_field(u, "component", "ExtHandler");

	u = &up->rec[6];
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0.9220.0");
	assert_string_equal(u->msg, "Enable extension: [main/handle.sh enable]");

	u = &up->rec[7];
	assert_level(u, "VERBOSE");
	assert_null(unit_field(u, "extension"));
	assert_true(strncmp(u->msg, "[HEARTBEAT] Agent", 17) == 0);

	u = &up->rec[8];
	assert_time(u, "2024-02-01T10:00:02Z");
	assert_string_equal(u->msg, "No fraction");
}

/* Lines of extensions built on the legacy waagent library, written into
 * waagent.log: local slash time, no fraction, no level. */
static void
test_agent_foreign_lines(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2021/03/30 19:45:31 Azure Monitoring Agent for Linux started to "
	    "handle.\n"
	    "2021/03/30 19:45:31 [Microsoft.Azure.Monitor.AzureMonitorLinuxAgent"
	    "-1.7.0] cwd is /var/lib/waagent/Microsoft.Azure.Monitor."
	    "AzureMonitorLinuxAgent-1.7.0\n"
	    "2020/03/17 22:44:55 [" VMSNAP "-1.0]snapshotMethodConfigValue : "
	    "firstGuestThenHost\n");
	assert_int_equal(up->n, 3);
	assert_log_well_formed(up);

	u = &up->rec[0];
	assert_level(u, NULL);
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2021-03-30T19:45:31");
	assert_null(unit_field(u, "extension"));
	assert_string_equal(u->msg, "Azure Monitoring Agent for Linux started "
	    "to handle.");

	u = &up->rec[1];
	assert_level(u, NULL);
	assert_field(u, "extension",
	    "Microsoft.Azure.Monitor.AzureMonitorLinuxAgent");
	assert_field(u, "extension_version", "1.7.0");
	assert_true(strncmp(u->msg, "cwd is /var/lib/waagent/", 24) == 0);

	/* The legacy library writes no space after ']'. */
	u = &up->rec[2];
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0");
	assert_string_equal(u->msg, "snapshotMethodConfigValue : "
	    "firstGuestThenHost");
}

/* A Python traceback and an extension's output join their record. */
static void
test_agent_continuations(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-02-01T10:00:00.000001Z INFO ExtHandler ExtHandler start\n"
	    "2024-02-01T10:00:05.123456Z ERROR ExtHandler ExtHandler "
	    "ExtHandler thread died, restarting\n"
	    "Traceback (most recent call last):\n"
	    "  File \"bin/WALinuxAgent-2.9.1.1-py3.8.egg/azurelinuxagent/ga/"
	    "update.py\", line 123, in run\n"
	    "    self._process_goal_state()\n"
	    "OSError: [Errno 28] No space left on device\n"
	    "2024-02-01T10:00:10.000000Z ERROR ExtHandler "
	    "[" VMSNAP "-1.0.9220.0] Event: name=" VMSNAP ", op=Enable, "
	    "message=[ExtensionOperationError] Non-zero exit code: 1, "
	    "main/handle.sh enable\n"
	    "[stdout]\n"
	    "Tue Feb  1 10:00:09 UTC 2024- python3 path exists\n"
	    "\n"
	    "[stderr]\n"
	    "Traceback (most recent call last):\n"
	    "  File \"main/handle.py\", line 9\n"
	    "2024-02-01T10:00:11.000000Z INFO ExtHandler ExtHandler after\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_log_well_formed(up);

	u = &up->rec[1];
	assert_int_equal(u->line, 2);
	assert_int_equal(u->lines, 5);
	assert_level(u, "ERROR");
	assert_int_equal(u->cut, 0);
	assert_non_null(strstr(u->msg, "thread died, restarting\n"
	    "Traceback (most recent call last):\n"));
	assert_true(strstr(u->msg, "No space left on device") != NULL);
	assert_true(strncmp(u->text, "2024-02-01T10:00:05", 19) == 0);

	u = &up->rec[2];
	assert_int_equal(u->line, 7);
	assert_int_equal(u->lines, 7);
	assert_field(u, "extension", VMSNAP);
	/* The date -u line inside [stdout] is output, not a record. */
	assert_non_null(strstr(u->msg, "\n[stdout]\nTue Feb  1 10:00:09 UTC "
	    "2024- python3 path exists\n\n[stderr]\n"));
	assert_non_null(strstr(u->msg, "main/handle.py\", line 9"));
	assert_time(u, "2024-02-01T10:00:10Z");

	u = &up->rec[3];
	assert_int_equal(u->line, 14);
	assert_string_equal(u->msg, "after");
}

/* Lines before the first time: each a record of its own, untimed. */
static void
test_agent_untimed(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "tail of a line cut by rotation\n"
	    "another orphan\n"
	    "2024-02-01T10:00:00.000000Z INFO Daemon Daemon first\n"
	    "more\n");
	assert_int_equal(up->n, 3);
	assert_log_well_formed(up);
	u = &up->rec[0];
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_level(u, NULL);
	assert_int_equal(u->line, 1);
	assert_int_equal(u->lines, 1);
	assert_string_equal(u->text, "tail of a line cut by rotation");
	assert_string_equal(u->msg, u->text);
	u = &up->rec[1];
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_int_equal(u->line, 2);
	assert_string_equal(u->text, "another orphan");
	u = &up->rec[2];
	assert_int_equal(u->line, 3);
	assert_int_equal(u->lines, 2);
	assert_string_equal(u->msg, "first\nmore");
}

/* A line over the limit is cut, the record says so, the next line is
 * read as usual; continuation beyond the record's bound is dropped. */
static void
test_agent_long_line(void **state)
{
	struct unit_parse *up = *state;
	struct limits lim;
	struct strbuf sb;
	size_t i;

	limits_default(&lim);
	lim.max_line = 256;
	strbuf_init(&sb, 0);
	strbuf_addstr(&sb, "2024-02-01T10:00:00.000000Z ERROR ExtHandler "
	    "ExtHandler ");
	for (i = 0; i < 5000; i++)
		strbuf_addch(&sb, (char)('a' + i % 26));
	strbuf_addstr(&sb, "\n2024-02-01T10:00:01.000000Z INFO ExtHandler "
	    "ExtHandler next\n");
	unit_parse_buf(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    strbuf_str(&sb), sb.len, &lim);
	assert_int_equal(up->n, 2);
	assert_int_equal(up->rec[0].cut, 1);
	assert_int_equal(strlen(up->rec[0].text), 256);
	assert_level(&up->rec[0], "ERROR");
	assert_int_equal(up->rec[1].cut, 0);
	assert_int_equal(up->rec[1].line, 2);
	assert_string_equal(up->rec[1].msg, "next");
	unit_parse_free(up);

	/* A multi-byte character at the cut stays valid UTF-8. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "2024-02-01T10:00:00.000000Z INFO ExtHandler "
	    "ExtHandler ");
	while (sb.len < 255)
		strbuf_addch(&sb, 'x');
	for (i = 0; i < 20; i++)
		strbuf_addstr(&sb, "\xc3\xa9");
	strbuf_addch(&sb, '\n');
	unit_parse_buf(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    strbuf_str(&sb), sb.len, &lim);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].cut, 1);
	assert_true(text_valid_utf8(up->rec[0].text, strlen(up->rec[0].text)));
	unit_parse_free(up);

	/* Endless continuation: bounded, and marked cut. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "2024-02-01T10:00:00.000000Z ERROR ExtHandler "
	    "ExtHandler traceback follows\n");
	for (i = 0; i < 200; i++)
		strbuf_addstr(&sb, "  File \"x.py\", line 1, in f\n");
	strbuf_addstr(&sb, "2024-02-01T10:00:01.000000Z INFO ExtHandler "
	    "ExtHandler next\n");
	unit_parse_buf(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    strbuf_str(&sb), sb.len, &lim);
	assert_int_equal(up->n, 2);
	assert_int_equal(up->rec[0].cut, 1);
	assert_true(strlen(up->rec[0].text) <= 4 * lim.max_line);
	assert_int_equal(up->rec[0].lines, 201);
	assert_int_equal(up->rec[1].line, 202);
	assert_int_equal(up->rec[1].cut, 0);
	strbuf_release(&sb);
}

/*
 * A log of several of the reader's blocks (256 KiB): a record's line is
 * handed out in place, in the block, and kept there until a line
 * continues it or the block is let go of.  Every record must read as the
 * lines it was made of, wherever the blocks end.
 */
static void
test_agent_blocks(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb, rec;
	char **want;
	unsigned long *lineno, line = 1;
	size_t i, j, n = 0;

	want = xcalloc(UNIT_RECORDS_MAX, sizeof *want);
	lineno = xcalloc(UNIT_RECORDS_MAX, sizeof *lineno);
	strbuf_init(&sb, 0);
	strbuf_init(&rec, 0);
	while (sb.len < 3 * 256 * 1024 + 1000 && n < UNIT_RECORDS_MAX) {
		strbuf_reset(&rec);
		strbuf_addf(&rec, "2024-02-01T10:%02zu:%02zu.%06zuZ INFO "
		    "ExtHandler ExtHandler record %zu ", n / 60 % 60, n % 60,
		    n, n);
		for (j = 0; j < n * 37 % 400; j++)
			strbuf_addch(&rec, (char)('a' + j % 26));
		lineno[n] = line++;
		/* Some records go on over a line or two. */
		for (j = 0; j < (size_t)(n % 7 == 3) + (n % 11 == 5); j++) {
			strbuf_addf(&rec, "\n  continued %zu", j);
			line++;
		}
		strbuf_add(&sb, rec.buf, rec.len);
		strbuf_addch(&sb, '\n');
		want[n++] = xstrdup(strbuf_str(&rec));
	}
	unit_parse_buf(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    strbuf_str(&sb), sb.len, NULL);
	assert_int_equal(up->n, n);
	for (i = 0; i < n; i++) {
		assert_string_equal(up->rec[i].text, want[i]);
		assert_int_equal(up->rec[i].line, lineno[i]);
		free(want[i]);
	}
	free(want);
	free(lineno);
	strbuf_release(&rec);
	strbuf_release(&sb);
}

/* A sink that takes lent text and checks, each time the parser lets go
 * and at the end, that every text lent since is still as it came. */
struct lend_check {
	const char	**text;
	char		**copy;
	size_t		  n;
	unsigned long	  lent;		/* records lent */
	unsigned long	  let_gos;
};

static void
lend_check_let_go(void *arg)
{
	struct lend_check *lc = arg;
	size_t i;

	for (i = 0; i < lc->n; i++) {
		assert_string_equal(lc->text[i], lc->copy[i]);
		free(lc->copy[i]);
	}
	lc->n = 0;
	lc->let_gos++;
}

static void
lend_check_record(void *arg, const struct record *r)
{
	struct lend_check *lc = arg;

	assert_true(r->lent);
	assert_true(lc->n < UNIT_RECORDS_MAX);
	assert_int_equal(strlen(r->text), r->text_len);
	lc->text[lc->n] = r->text;
	lc->copy[lc->n++] = xstrdup(r->text);
	lc->lent++;
}

/*
 * A parser lends a record's text to a sink with let_go and lets go
 * before it changes: when the reader lets go of its block, when the
 * builder's text is written again (a record of two lines or more, a
 * head line the reader copied: not valid UTF-8, across two blocks, or
 * cut), and at the end.  Read in line, the reader reuses one block, so
 * a text kept past its block is overwritten at once; with a read-ahead
 * thread too.  The log's first two blocks are records of one line, so
 * that only the block's going lets go of them; then records of one to
 * three lines, then cut lines and bytes that are not UTF-8 among them.
 */
static void
test_lent_text(void **state)
{
	struct lend_check lc;
	struct strbuf sb = STRBUF_INIT;
	struct limits limits;
	struct sink sink;
	size_t i, j, n;
	int in_parts, defer;

	(void)state;
	limits_default(&limits);
	for (i = 0; sb.len < 5 * 256 * 1024; i++) {
		strbuf_addf(&sb, "2024-02-01T10:%02zu:%02zu.%06zuZ INFO "
		    "ExtHandler ExtHandler record %zu ", i / 60 % 60, i % 60,
		    i, i);
		n = i * 37 % 300;
		if (sb.len > 4 * 256 * 1024 && i % 97 == 0)
			n = limits.max_line + 10;
		for (j = 0; j < n; j++)
			strbuf_addch(&sb, (char)('a' + j % 26));
		if (sb.len > 4 * 256 * 1024 && i % 89 == 0)
			strbuf_addstr(&sb, " caf\xe9");
		for (j = 0; sb.len > 2 * 256 * 1024 && j < i % 3; j++)
			strbuf_addf(&sb, "\n  continued %zu", j);
		strbuf_addch(&sb, '\n');
	}
	sink.record = lend_check_record;
	sink.let_go = lend_check_let_go;
	sink.arg = &lc;
	for (in_parts = 0; in_parts < 2; in_parts++)
		for (defer = 0; defer < 2; defer++) {
			memset(&lc, 0, sizeof lc);
			lc.text = xcalloc(UNIT_RECORDS_MAX, sizeof *lc.text);
			lc.copy = xcalloc(UNIT_RECORDS_MAX, sizeof *lc.copy);
			free(unit_parse_with(&sink, KIND_WAAGENT_LOG,
			    "var/log/waagent.log", sb.buf, sb.len, &limits,
			    defer, in_parts));
			assert_int_equal(lc.lent, i);
			assert_int_equal(lc.n, 0);
			assert_true(lc.let_gos >= 5);
			free(lc.text);
			free(lc.copy);
		}
	strbuf_release(&sb);
}

/* CRLF line ends, and the same log as UTF-16LE with a BOM. */
static void
test_agent_crlf_utf16(void **state)
{
	struct unit_parse *up = *state;
	const char *doc =
	    "2024-02-01T10:00:00.000000Z INFO Daemon Daemon one\r\n"
	    "  continued\r\n"
	    "2024-02-01T10:00:01.000000Z WARNING ExtHandler ExtHandler two\r\n";
	unsigned char *buf;
	size_t i, n = strlen(doc);
	int pass;

	for (pass = 0; pass < 3; pass++) {
		if (pass == 0)
			unit_parse_str(up, KIND_WAAGENT_LOG,
			    "var/log/waagent.log", doc);
		else {
			/* LE with BOM, then BE with BOM. */
			buf = xmalloc(2 * n + 2);
			buf[0] = pass == 1 ? 0xff : 0xfe;
			buf[1] = pass == 1 ? 0xfe : 0xff;
			for (i = 0; i < n; i++) {
				buf[2 + 2 * i + (pass == 1)] = 0;
				buf[2 + 2 * i + (pass != 1)] =
				    (unsigned char)doc[i];
			}
			unit_parse_buf(up, KIND_WAAGENT_LOG,
			    "var/log/waagent.log", buf, 2 * n + 2, NULL);
			free(buf);
		}
		assert_null(up->skip_reason);
		assert_int_equal(up->n, 2);
		assert_log_well_formed(up);
		assert_string_equal(up->rec[0].msg, "one\n  continued");
		assert_null(strchr(up->rec[0].text, '\r'));
		assert_int_equal(up->rec[0].lines, 2);
		assert_time(&up->rec[0], "2024-02-01T10:00:00Z");
		assert_string_equal(up->rec[1].msg, "two");
		assert_level(&up->rec[1], "WARNING");
		assert_int_equal(up->rec[1].line, 3);
		unit_parse_free(up);
	}
}

/* Python 3 builds: UTC with a space, no space after ']'. */
static void
test_vmsnapshot_py3(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_VMSNAPSHOT_LOG, VMSNAP_LOG,
	    "2024-01-14 22:16:48.796446 [" VMSNAP "-1.0]T:S freeze, timeout "
	    "value 60\n"
	    "2024-01-14 22:16:48.800000 [" VMSNAP "-1.0]fsfreeze mount :/data\n"
	    "2024-01-14 22:17:50.000001 [" VMSNAP "-1.0]T:S Enable failed with "
	    "FailedRetryableFsFreezeFailed error "
	    "StatusCode.FailedRetryableFsFreezeFailed,\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_log_well_formed(up);
	u = &up->rec[0];
	assert_int_equal(u->kind, KIND_VMSNAPSHOT_LOG);
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2024-01-14T22:16:48.796446Z");
	assert_level(u, NULL);
	assert_field(u, "extension", VMSNAP);
	/* The HandlerEnvironment schema version, not the extension's. */
	assert_field(u, "extension_version", "1.0");
	assert_string_equal(u->msg, "T:S freeze, timeout value 60");
	assert_string_equal(up->rec[1].msg, "fsfreeze mount :/data");
	assert_non_null(strstr(up->rec[2].msg,
	    "StatusCode.FailedRetryableFsFreezeFailed,"));
}

/*
 * Python 2 builds: local slash time, no fraction; every line of a message
 * gets the prefix, so the freeze-window block flushed at thaw nests a
 * second (UTC) time and a level after it.
 */
static void
test_vmsnapshot_py2(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_VMSNAPSHOT_LOG, VMSNAP_LOG,
	    "2020/03/17 22:44:55 [" VMSNAP "-1.0]snapshotMethodConfigValue : "
	    "firstGuestThenHost\n"
	    "2020/03/17 22:44:56 [" VMSNAP "-1.0]================== Logs "
	    "during Freeze Start ==============\n"
	    "2020/03/17 22:44:56 [" VMSNAP "-1.0]2020-03-17 21:44:55.532512  "
	    "Info  Failed to FIFREEZE: /data/dblog\n"
	    "2020/03/17 22:44:56 [" VMSNAP "-1.0]2020-03-17 21:44:55.600000  "
	    "Warning  freeze retry\n"
	    "2020/03/17 22:44:56 [" VMSNAP "-1.0]2020-03-17 21:44:55.700000  "
	    "Error  freeze failed for some mount\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 5);
	assert_log_well_formed(up);
	u = &up->rec[0];
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2020-03-17T22:44:55");
	assert_field(u, "extension", VMSNAP);
	assert_field(u, "extension_version", "1.0");
	assert_level(u, NULL);
	assert_string_equal(u->msg, "snapshotMethodConfigValue : "
	    "firstGuestThenHost");
	assert_non_null(strstr(up->rec[1].msg, "Logs during Freeze Start"));
	u = &up->rec[2];
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2020-03-17T22:44:56");
	assert_level(u, "INFO");
	assert_string_equal(u->msg, "Failed to FIFREEZE: /data/dblog");
	assert_level(&up->rec[3], "WARNING");
	assert_string_equal(up->rec[3].msg, "freeze retry");
	assert_level(&up->rec[4], "ERROR");
	assert_string_equal(up->rec[4].msg, "freeze failed for some mount");
}

/*
 * The freeze-window lines of Python 3 builds (Backuplogger.log_to_con_py3):
 * utcnow() as a slash time with a fraction, two spaces round the level,
 * a trailing space; and the py2 console shape with str(utcnow()).
 */
static void
test_vmsnapshot_freeze_block(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_VMSNAPSHOT_LOG, VMSNAP_LOG,
	    "2021-02-26 09:41:45.700000 [" VMSNAP "-1.0]================== Logs "
	    "during Freeze Start ==============\n"
	    "2021/02/26 09:41:45.748281  Info  /etc/azure/"
	    "MicrosoftRecoverySvcsSafeFreezeLock/SafeFreezeLockFile file opened "
	    "Sucessfully \n"
	    "2021/02/26 09:41:46.000000  Error  Failed to FIFREEZE: /data \n"
	    "================== Logs during Freeze End ==============\n"
	    "2019-11-23 21:11:18.333008  Info  T:S freeze, timeout value 60 \n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_log_well_formed(up);
	assert_non_null(strstr(up->rec[0].msg, "Freeze Start"));
	u = &up->rec[1];
	assert_level(u, "INFO");
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2021-02-26T09:41:45.748281Z");
	assert_true(strncmp(u->msg, "/etc/azure/MicrosoftRecoverySvcs", 32) == 0);
	u = &up->rec[2];
	assert_level(u, "ERROR");
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_int_equal(u->lines, 2);
	assert_true(strncmp(u->msg, "Failed to FIFREEZE: /data", 25) == 0);
	assert_non_null(strstr(u->msg, "\n================== Logs during "
	    "Freeze End"));
	u = &up->rec[3];
	assert_level(u, "INFO");
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2019-11-23T21:11:18.333008Z");
	assert_true(strncmp(u->msg, "T:S freeze, timeout value 60", 28) == 0);
}

/* handle.sh: echo "`date -u`- message". */
static void
test_shell_log(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXT_SHELL_LOG,
	    "var/log/azure/" VMSNAP "/shell.log",
	    "Tue Jan 14 22:16:40 UTC 2024- python3 path exists\n"
	    "Tue Jan 14 22:16:40 UTC 2024- ConfigSequenceNumber from "
	    "environment variable seqNo:3\n"
	    "Wed Jan  1 00:00:05 UTC 2025- 3 returned from handle.py\n"
	    "not a date line\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_log_well_formed(up);
	u = &up->rec[0];
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2024-01-14T22:16:40Z");
	assert_string_equal(u->msg, "python3 path exists");
	assert_string_equal(up->rec[1].msg, "ConfigSequenceNumber from "
	    "environment variable seqNo:3");
	u = &up->rec[2];
	assert_time(u, "2025-01-01T00:00:05Z");
	assert_int_equal(u->lines, 2);
	assert_string_equal(u->msg, "3 returned from handle.py\n"
	    "not a date line");
}

/* Other extensions' logs: whatever time they start with, maybe a level. */
static void
test_ext_log_generic(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EXT_LOG,
	    "var/log/azure/Microsoft.Azure.Extensions.CustomScript/handler.log",
	    "time=2024-03-01T10:00:00Z version=v2.1.9/git@a1b2 operation=enable "
	    "seq=0 event=start\n"
	    "2024-03-01T10:00:01.5+00:00 ERROR could not download script\n"
	    "2024/03/01 10:00:02 INFO plain slash line\n"
	    "2024-03-01 10:00:03,123 some python logging line\n"
	    "  indented continuation\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_log_well_formed(up);
	u = &up->rec[0];
	assert_time(u, "2024-03-01T10:00:00Z");
	assert_true(strncmp(u->msg, "time=2024", 9) == 0);
	u = &up->rec[1];
	assert_time(u, "2024-03-01T10:00:01.500000Z");
	assert_level(u, "ERROR");
	assert_string_equal(u->msg, "could not download script");
	u = &up->rec[2];
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_level(u, "INFO");
	assert_string_equal(u->msg, "plain slash line");
	u = &up->rec[3];
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_int_equal(u->lines, 2);
	assert_non_null(strstr(u->msg, "\n  indented continuation"));
}

static void
test_syslog(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_SYSLOG, "var/log/syslog",
	    "Mar 14 09:12:44 vm1 waagent[1234]: 2024-03-14T09:12:44.1Z INFO "
	    "Daemon hello\n"
	    "Mar  4 09:12:45 vm1 kernel: [ 12.345] EXT4-fs (sda1): mounted\n"
	    "Mar 14 09:12:46 vm1 systemd[1]: Started walinuxagent.service.\n"
	    "Foo 14 09:12:46 vm1 not a month\n"
	    "2024-03-14T09:12:47.123456+00:00 vm1 waagent[1234]: rfc3339 line\n"
	    "2024-03-14T10:12:48.000000+01:00 vm1 sshd[9]: with an offset\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 5);
	assert_log_well_formed(up);
	u = &up->rec[0];
	/* No year in the traditional shape: no time at all. */
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_field(u, "host", "vm1");
	assert_field(u, "program", "waagent");
	assert_true(strncmp(u->msg, "2024-03-14T09:12:44.1Z INFO", 27) == 0);
	u = &up->rec[1];
	assert_field(u, "program", "kernel");
	assert_string_equal(u->msg, "[ 12.345] EXT4-fs (sda1): mounted");
	u = &up->rec[2];
	assert_field(u, "program", "systemd");
	assert_int_equal(u->lines, 2);
	assert_non_null(strstr(u->msg, "\nFoo 14 09:12:46"));
	u = &up->rec[3];
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_time(u, "2024-03-14T09:12:47.123456Z");
	assert_non_null(strstr(u->msg, "rfc3339 line"));
	u = &up->rec[4];
	assert_time(u, "2024-03-14T09:12:48Z");
}

/* apt's history.log: a block per run, from Start-Date on. */
static void
test_apt_history(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_PACKAGE_LOG, "var/log/apt/history.log",
	    "\n"
	    "Start-Date: 2024-01-12  06:25:01\n"
	    "Commandline: /usr/bin/unattended-upgrade\n"
	    "Upgrade: walinuxagent:amd64 (2.2.45-0ubuntu1, 2.9.1.1-0ubuntu1)\n"
	    "End-Date: 2024-01-12  06:25:09\n"
	    "\n"
	    "Start-Date: 2024-02-01  10:00:00\n"
	    "Commandline: apt-get install -y python3\n"
	    "End-Date: 2024-02-01  10:00:04\n");
	assert_null(up->skip_reason);
	/* The leading blank line is an untimed record of its own. */
	assert_int_equal(up->n, 3);
	assert_log_well_formed(up);
	u = &up->rec[1];
	assert_int_equal(u->line, 2);
	assert_int_equal(u->lines, 5);
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_time(u, "2024-01-12T06:25:01");
	assert_non_null(strstr(u->msg, "walinuxagent:amd64 (2.2.45-0ubuntu1, "
	    "2.9.1.1-0ubuntu1)"));
	u = &up->rec[2];
	assert_int_equal(u->line, 7);
	assert_int_equal(u->lines, 3);
	assert_time(u, "2024-02-01T10:00:00");
}

static void
test_malformed(void **state)
{
	struct unit_parse *up = *state;
	unsigned char garbage[512];
	size_t i;

	/* Binary: skipped with a reason, nothing emitted. */
	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = (unsigned char)(i * 37 + 11);
	unit_parse_buf(up, KIND_WAAGENT_LOG, "var/log/waagent.log", garbage,
	    sizeof garbage, NULL);
	assert_non_null(up->skip_reason);
	assert_string_equal(up->skip_reason, "binary data, not text");
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* Mostly invalid UTF-8 without NUL bytes. */
	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = (unsigned char)(0x80 | (i & 0x3f));
	unit_parse_buf(up, KIND_SYSLOG, "var/log/syslog", garbage,
	    sizeof garbage, NULL);
	assert_non_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* A few stray bytes in a text log are kept visible, as \xNN. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-02-01T10:00:00.000000Z INFO Daemon Daemon caf\xe9 \xff\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_string_equal(up->rec[0].msg, "caf\\xE9 \\xFF");
	unit_parse_free(up);

	/* Empty. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log", "");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 0);
	unit_parse_free(up);

	/* Only line ends: nothing with a time, nothing matched against. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log", "\n\n\n\n");
	assert_null(up->skip_reason);
	assert_true(up->n <= 4);
	for (i = 0; i < up->n; i++) {
		assert_int_equal(up->rec[i].time.zone, VTIME_NONE);
		assert_null(up->rec[i].level);
		assert_string_equal(up->rec[i].msg, "");
	}
	unit_parse_free(up);

	/* An invalid month (and day, hour) is no time: the line continues
	 * the record before it. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-02-01T10:00:00.000000Z INFO Daemon Daemon before\n"
	    "2024-13-01T10:00:00.000000Z INFO Daemon Daemon month 13\n"
	    "2024/00/01 10:00:00.000000 INFO month 0\n"
	    "2024-02-32T10:00:00.000000Z INFO Daemon Daemon day 32\n"
	    "2024-02-01T24:00:00.000000Z INFO Daemon Daemon hour 24\n"
	    "1969-12-31T23:59:59.000000Z INFO Daemon Daemon before epoch\n");
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].lines, 6);
	assert_non_null(strstr(up->rec[0].msg, "month 13"));
	unit_parse_free(up);

	/* Alone, it is an untimed record. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-13-01T10:00:00.000000Z INFO Daemon Daemon month 13\n");
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].time.zone, VTIME_NONE);
	assert_null(up->rec[0].level);
	unit_parse_free(up);

	/* A time with nothing after it, and one glued to text. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-02-01T10:00:00.000000Z\n"
	    "2024-02-01T10:00:01.000000Zgarbage\n"
	    "2024-02-01T10:00:02.000000Z INFO\n");
	assert_log_well_formed(up);
	assert_int_equal(up->n, 2);
	assert_string_equal(up->rec[0].msg, "\n2024-02-01T10:00:01.000000Z"
	    "garbage");
	assert_level(&up->rec[1], "INFO");
	assert_string_equal(up->rec[1].msg, "");
	unit_parse_free(up);

	/* No final line end. */
	unit_parse_str(up, KIND_WAAGENT_LOG, "var/log/waagent.log",
	    "2024-02-01T10:00:00.000000Z INFO Daemon Daemon last");
	assert_int_equal(up->n, 1);
	assert_string_equal(up->rec[0].msg, "last");
}

/* The e2e tests' collection of real agent lines: each is a record with a
 * time and a level. */
static void
test_corpus_lines(void **state)
{
	struct unit_parse *up = *state;
	char path[1100], *buf;
	size_t len = 0, i;

	if (unit_corpus_dir() == NULL)
		skip();
	snprintf(path, sizeof path, "%s/linux/walinuxagent/misc/"
	    "waagent_log_lines_from_e2e_agent_log_py.txt", unit_corpus_dir());
	if ((buf = unit_read_file(path, &len)) == NULL)
		skip();
	unit_parse_buf(up, KIND_WAAGENT_LOG, "var/log/waagent.log", buf, len,
	    NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_true(up->n > 20);
	assert_log_well_formed(up);
	for (i = 0; i < up->n; i++) {
		const struct unit_record *u = &up->rec[i];

		if (u->time.zone == VTIME_NONE)
			continue;
		/* ISO lines are the agent's and have a level; slash lines
		 * may be an extension's, without one. */
		if (u->text[10] == 'T') {
			assert_non_null(u->level);
			assert_int_equal(u->time.zone, VTIME_UTC);
		} else
			assert_int_equal(u->time.zone, VTIME_LOCAL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_agent_generations, unit_reset),
		cmocka_unit_test_teardown(test_agent_sources, unit_reset),
		cmocka_unit_test_teardown(test_agent_known_words, unit_reset),
		cmocka_unit_test_teardown(test_agent_foreign_lines, unit_reset),
		cmocka_unit_test_teardown(test_agent_continuations, unit_reset),
		cmocka_unit_test_teardown(test_agent_untimed, unit_reset),
		cmocka_unit_test_teardown(test_agent_long_line, unit_reset),
		cmocka_unit_test_teardown(test_agent_blocks, unit_reset),
		cmocka_unit_test(test_lent_text),
		cmocka_unit_test_teardown(test_agent_crlf_utf16, unit_reset),
		cmocka_unit_test_teardown(test_vmsnapshot_py3, unit_reset),
		cmocka_unit_test_teardown(test_vmsnapshot_py2, unit_reset),
		cmocka_unit_test_teardown(test_vmsnapshot_freeze_block, unit_reset),
		cmocka_unit_test_teardown(test_shell_log, unit_reset),
		cmocka_unit_test_teardown(test_ext_log_generic, unit_reset),
		cmocka_unit_test_teardown(test_syslog, unit_reset),
		cmocka_unit_test_teardown(test_apt_history, unit_reset),
		cmocka_unit_test_teardown(test_malformed, unit_reset),
		cmocka_unit_test_teardown(test_corpus_lines, unit_reset),
	};
	int failed;

	/* Every case again with the heads deferred, as the analysis reads
	 * logs: the records completed must be the same. */
	failed = cmocka_run_group_tests(tests, unit_setup, unit_teardown);
	unit_defer_heads = 1;
	failed += cmocka_run_group_tests(tests, unit_setup, unit_teardown);
	if (unit_deferred == 0) {
		fprintf(stderr, "no record was deferred\n");
		failed++;
	}
	return failed;
}
