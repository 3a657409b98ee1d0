/*
 * parse_event_csv.c and parse_event_text.c: Event Viewer's CSV export
 * (its five columns and description, the Security log's Keywords, the
 * Windows Server 2003 order), wevtutil /f:text, Event Viewer's "Copy
 * details as text" and libevtx's evtxexport; encodings, localised
 * labels, and damaged input.
 */
#include "config.h"

#include "unit.h"
#include "parse_event.h"
#include "strbuf.h"

/* Every event record: a provider or an event ID, lines in order. */
static void
assert_well_formed(const struct unit_parse *up)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		const struct unit_record *u = &up->rec[i];

		assert_non_null(u->text);
		assert_non_null(u->msg);
		assert_true(unit_field(u, "provider") != NULL ||
		    unit_field(u, "event_id") != NULL);
		assert_true(u->line >= 1);
		assert_true(u->lines >= 1);
		if (i > 0)
			assert_true(u->line >= up->rec[i - 1].line +
			    up->rec[i - 1].lines);
	}
}

/* UTF-8 to UTF-16LE with a BOM, as PowerShell's redirection writes. */
static char *
utf16le(const char *s, size_t *len)
{
	size_t n = strlen(s), i = 0, o = 2;
	unsigned char *out = xmalloc(2 * n + 2);
	unsigned cp, c;

	out[0] = 0xff;
	out[1] = 0xfe;
	while (i < n) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			cp = c;
			i++;
		} else if (c < 0xe0) {
			cp = (c & 0x1f) << 6 | ((unsigned char)s[i + 1] & 0x3f);
			i += 2;
		} else {
			cp = (c & 0x0f) << 12 |
			    ((unsigned char)s[i + 1] & 0x3f) << 6 |
			    ((unsigned char)s[i + 2] & 0x3f);
			i += 3;
		}
		out[o++] = cp & 0xff;
		out[o++] = cp >> 8;
	}
	*len = o;
	return (char *)out;
}

/* ---- Event Viewer CSV ---- */

static const char viewer_csv[] =
"Level,Date and Time,Source,Event ID,Task Category\r\n"
"Error,1/21/2026 8:01:56 PM,Application Error,1000,(100),\"Faulting "
"application name: IaaSBcdrExtension.exe, version: 1.0.0.0, time stamp: "
"0x5f1a\r\n"
"Faulting module name: KERNELBASE.dll, version: 10.0.17763.1\r\n"
"\r\n"
"Report Id: \"\"4711\"\"\"\r\n"
"Warning,1/21/2026 7:59:00 AM,VSS,8229,None,\"A VSS writer has rejected "
"an event with error 0x800423f4.\"\r\n"
"Information,12/31/2025 11:00:00 PM,Service Control Manager,7036,None\r\n";

static void
test_csv_viewer(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EVENT_CSV, "Application.csv", viewer_csv);
	assert_null(up->skip_reason);
	assert_well_formed(up);
	assert_int_equal(up->n, 3);

	u = &up->rec[0];
	assert_int_equal(u->kind, KIND_EVENT_CSV);
	assert_int_equal(u->line, 2);
	assert_int_equal(u->lines, 4);
	assert_time(u, "2026-01-21T20:01:56");
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_level(u, "ERROR");
	assert_field(u, "level", "Error");
	assert_field(u, "provider", "Application Error");
	assert_field(u, "event_id", "1000");
	assert_field(u, "task", "(100)");
	assert_null(unit_field(u, "channel"));
	/* The description whole: commas, its blank line, doubled quotes. */
	assert_string_equal(u->msg, "Faulting application name: "
	    "IaaSBcdrExtension.exe, version: 1.0.0.0, time stamp: 0x5f1a\n"
	    "Faulting module name: KERNELBASE.dll, version: 10.0.17763.1\n"
	    "\n"
	    "Report Id: \"4711\"");
	assert_false(u->cut);

	u = &up->rec[1];
	assert_int_equal(u->line, 6);
	assert_int_equal(u->lines, 1);
	assert_time(u, "2026-01-21T07:59:00");
	assert_level(u, "WARNING");
	assert_field(u, "event_id", "8229");
	assert_non_null(strstr(u->msg, "0x800423f4"));
	assert_non_null(strstr(u->text, "VSS 8229"));

	/* Five columns: no description at all. */
	u = &up->rec[2];
	assert_time(u, "2025-12-31T23:00:00");
	assert_level(u, "INFO");
	assert_string_equal(u->msg, "");
	assert_field(u, "provider", "Service Control Manager");
}

static void
test_csv_layouts(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* The Security log: Keywords in the first column. */
	unit_parse_str(up, KIND_EVENT_CSV, "Security.csv",
	    "Keywords,Date and Time,Source,Event ID,Task Category\n"
	    "Audit Success,10/7/2016 06:38:24 PM,"
	    "Microsoft-Windows-Security-Auditing,4658,File System,"
	    "\"The handle to an object was closed.\"\n"
	    "Audit Failure,10/7/2016 06:38:25 PM,"
	    "Microsoft-Windows-Security-Auditing,4625,Logon,\"An account "
	    "failed to log on.\"\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "level", "Audit Success");
	assert_level(&up->rec[0], "INFO");
	assert_level(&up->rec[1], "WARNING");
	assert_time(&up->rec[1], "2016-10-07T18:38:25");
	unit_parse_free(up);

	/* Windows Server 2003, without a header; an unquoted comma in the
	 * description stays in it. */
	unit_parse_str(up, KIND_EVENT_CSV, "sys.csv",
	    "1/21/2026,8:01:56 PM,VSS,Error,None,8193,N/A,VM1,Volume "
	    "Shadow Copy Service error: hr = 0x80070539, the specified SID "
	    "is invalid.\n"
	    "1/21/2026,8:02:00 PM,Service Control Manager,Information,None,"
	    "7036,N/A,VM1,The VSS service entered the stopped state.\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = &up->rec[0];
	assert_time(u, "2026-01-21T20:01:56");
	assert_field(u, "provider", "VSS");
	assert_field(u, "event_id", "8193");
	assert_field(u, "computer", "VM1");
	assert_null(unit_field(u, "user"));
	assert_level(u, "ERROR");
	assert_string_equal(u->msg, "Volume Shadow Copy Service error: "
	    "hr = 0x80070539, the specified SID is invalid.");
	unit_parse_free(up);

	/* The same with its header. */
	unit_parse_str(up, KIND_EVENT_CSV, "sys.csv",
	    "Date,Time,Source,Type,Category,Event,User,Computer,Description\n"
	    "1/21/2026,8:01:56 PM,VSS,Error,None,8193,N/A,VM1,\"VSS error\"\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "event_id", "8193");
	assert_string_equal(up->rec[0].msg, "VSS error");
	unit_parse_free(up);

	/* Event Viewer five columns without a header, in English and in
	 * German. */
	unit_parse_str(up, KIND_EVENT_CSV, "sys.csv",
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"VSS error\"\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_int_equal(up->rec[0].line, 1);
	assert_field(&up->rec[0], "provider", "VSS");
	unit_parse_free(up);
	unit_parse_str(up, KIND_EVENT_CSV, "sys.csv",
	    "Fehler,21.01.2026 20:01:56,VSS,8193,Keine,\"VSS-Fehler\"\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "event_id", "8193");
	assert_string_equal(up->rec[0].msg, "VSS-Fehler");
	unit_parse_free(up);

	/* A header ending in a comma still has the description after. */
	unit_parse_str(up, KIND_EVENT_CSV, "sys.csv",
	    "Level,Date and Time,Source,Event ID,Task Category,\n"
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"VSS error\"\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_string_equal(up->rec[0].msg, "VSS error");
}

static void
test_csv_localised(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char *buf;
	size_t len;

	/* German: header, level name and day-first dates. */
	buf = utf16le("Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,"
	    "Aufgabenkategorie\r\n"
	    "Fehler,21.01.2026 20:01:56,VSS,8193,Keine,\"Fehler des "
	    "Volumeschattenkopie-Dienstes\"\r\n"
	    "Informationen,22.01.2026 08:00:00,EventLog,6005,Keine,\"Der "
	    "Ereignisprotokolldienst wurde gestartet.\"\r\n", &len);
	unit_parse_buf(up, KIND_EVENT_CSV, "System.csv", buf, len, NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = &up->rec[0];
	assert_time(u, "2026-01-21T20:01:56");
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	/* A level in another language stays as written, without a
	 * level of its own. */
	assert_field(u, "level", "Fehler");
	assert_level(u, NULL);
	assert_field(u, "event_id", "8193");
	assert_string_equal(u->msg, "Fehler des Volumeschattenkopie-Dienstes");
	unit_parse_free(up);

	/* French: header not known, Event Viewer's five columns by
	 * position; a date not known is kept as data. */
	unit_parse_str(up, KIND_EVENT_CSV, "System.csv",
	    "Niveau,Date et heure,Source,ID de l\xe2\x80\x99\xc3\xa9v\xc3\xa9"
	    "nement,Cat\xc3\xa9gorie de la t\xc3\xa2" "che\n"
	    "Erreur,2026-01-21 20:01:56,VSS,8193,Aucun,\"Erreur\"\n"
	    "Erreur,21 janv. 2026,VSS,8194,Aucun,\"Erreur\"\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "provider", "VSS");
	assert_time(&up->rec[0], "2026-01-21T20:01:56");
	assert_int_equal(up->rec[1].time.zone, VTIME_NONE);
	assert_field(&up->rec[1], "date", "21 janv. 2026");
	assert_non_null(strstr(up->rec[1].msg, "date=21 janv. 2026"));
}

static void
test_csv_empty(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_EVENT_CSV, "x.csv", "");
	assert_int_equal(up->n, 0);
	assert_skip(up, "empty file");
	unit_parse_free(up);

	/* An empty log exported: its header alone is no damage. */
	unit_parse_str(up, KIND_EVENT_CSV, "x.csv",
	    "Level,Date and Time,Source,Event ID,Task Category\r\n\r\n");
	assert_int_equal(up->n, 0);
	assert_null(up->skip_reason);
	unit_parse_free(up);

	unit_parse_str(up, KIND_EVENT_CSV, "x.csv", "name,value\na,b\n");
	assert_int_equal(up->n, 0);
	assert_skip(up, "no Source or Event ID");
	unit_parse_free(up);

	/* A row that names no event is dropped, and said to be. */
	unit_parse_str(up, KIND_EVENT_CSV, "x.csv",
	    "Level,Date and Time,Source,Event ID,Task Category\n"
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"x\"\n"
	    "Error,1/21/2026 8:01:57 PM,,,None,\"y\"\n");
	assert_int_equal(up->n, 1);
	assert_skip(up, "1 row without source or event ID dropped, the "
	    "first at line 3");
}

static void
test_csv_unterminated(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* At the end of the file: the rows before stay, the last is cut. */
	unit_parse_str(up, KIND_EVENT_CSV, "x.csv",
	    "Level,Date and Time,Source,Event ID,Task Category\n"
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"closed\"\n"
	    "Error,1/21/2026 8:01:57 PM,VSS,8194,None,\"never closed\n"
	    "more text\n");
	assert_int_equal(up->n, 2);
	assert_false(up->rec[0].cut);
	u = &up->rec[1];
	assert_true(u->cut);
	assert_field(u, "event_id", "8194");
	assert_string_equal(u->msg, "never closed\nmore text");
	assert_int_equal(u->lines, 2);
	assert_skip(up, "line 3: a quoted field is not closed at the end");
	unit_parse_free(up);

	/* In the middle: a line that starts a row ends the field. */
	unit_parse_str(up, KIND_EVENT_CSV, "x.csv",
	    "Level,Date and Time,Source,Event ID,Task Category\n"
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"never closed\n"
	    "Warning,1/21/2026 8:01:57 PM,VSS,8229,None,\"fine\"\n"
	    "Information,1/21/2026 8:01:58 PM,VSS,8224,None,\"fine too\"\n");
	assert_int_equal(up->n, 3);
	assert_true(up->rec[0].cut);
	assert_string_equal(up->rec[0].msg, "never closed");
	assert_field(&up->rec[1], "event_id", "8229");
	assert_false(up->rec[1].cut);
	assert_int_equal(up->rec[1].line, 3);
	assert_field(&up->rec[2], "event_id", "8224");
	assert_skip(up, "line 2: a quoted field is not closed; read again "
	    "from line 3");
}

static void
test_csv_bounds(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	struct limits lim;
	size_t i;

	/* An open quote over 200 KB of text: one event, held to the bound. */
	strbuf_addstr(&sb, "Level,Date and Time,Source,Event ID,"
	    "Task Category\n"
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"open\n");
	for (i = 0; i < 4000; i++)
		strbuf_addstr(&sb, "a line of the description that goes on "
		    "and on, over and over\n");
	unit_parse_buf(up, KIND_EVENT_CSV, "x.csv", sb.buf, sb.len, NULL);
	assert_int_equal(up->n, 1);
	assert_true(up->rec[0].cut);
	assert_true(strlen(up->rec[0].msg) <= EVENT_BYTES_MAX);
	assert_int_equal(up->rec[0].lines, 4001);
	assert_skip(up, "not closed");
	unit_parse_free(up);

	/* A line over max_line: cut, said, and the rows after still read. */
	limits_default(&lim);
	lim.max_line = 200;
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Level,Date and Time,Source,Event ID,"
	    "Task Category\n"
	    "Error,1/21/2026 8:01:56 PM,VSS,8193,None,\"");
	for (i = 0; i < 100; i++)
		strbuf_addstr(&sb, "0123456789");
	strbuf_addstr(&sb, "\"\nWarning,1/21/2026 8:01:57 PM,VSS,8229,None,"
	    "\"next\"\n");
	unit_parse_buf(up, KIND_EVENT_CSV, "x.csv", sb.buf, sb.len, &lim);
	assert_int_equal(up->n, 2);
	assert_true(up->rec[0].cut);
	assert_field(&up->rec[0], "event_id", "8193");
	assert_field(&up->rec[1], "event_id", "8229");
	assert_false(up->rec[1].cut);
	assert_skip(up, "line 2 longer than 200 bytes");
	strbuf_release(&sb);
}

static void
test_csv_garbage(void **state)
{
	struct unit_parse *up = *state;
	static const unsigned char junk[] = {
		0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00,
		0xff, 0xff, 0x00, 0x00, 0xb8, 0x00, 0x00, 0x22, 0x2c, 0x0a,
	};

	unit_parse_buf(up, KIND_EVENT_CSV, "x.csv", junk, sizeof junk, NULL);
	assert_int_equal(up->n, 0);
	assert_skip(up, "binary data");
	unit_parse_free(up);

	unit_parse_buf(up, KIND_EVENT_TEXT, "x.txt", junk, sizeof junk, NULL);
	assert_int_equal(up->n, 0);
	assert_skip(up, "binary data");
}

/* ---- wevtutil /f:text ---- */

static const char wevtutil_text[] =
"Event[0]:\r\n"
"  Log Name: System\r\n"
"  Source: EventLog\r\n"
"  Date: 2016-12-22T05:29:02.512\r\n"
"  Event ID: 6009\r\n"
"  Task: N/A\r\n"
"  Level: Information\r\n"
"  Opcode: N/A\r\n"
"  Keyword: Classic\r\n"
"  User: N/A\r\n"
"  User Name: N/A\r\n"
"  Computer: WIN-UFKT7P1ELHE\r\n"
"  Description: \r\n"
"Microsoft (R) Windows (R) 10.00. 14393  Multiprocessor Free.\r\n"
"\r\n"
"Event[1]:\r\n"
"  Log Name: System\r\n"
"  Source: Service Control Manager\r\n"
"  Date: 2016-12-22T05:30:00.000\r\n"
"  Event ID: 7031\r\n"
"  Task: N/A\r\n"
"  Level: Error\r\n"
"  Opcode: N/A\r\n"
"  Keyword: Classic\r\n"
"  User: S-1-5-18\r\n"
"  User Name: NT AUTHORITY\\SYSTEM\r\n"
"  Computer: WIN-UFKT7P1ELHE\r\n"
"  Description: \r\n"
"The Windows Azure Guest Agent service terminated unexpectedly.\r\n"
"\r\n"
"It has done this 1 time(s).\r\n"
"\r\n";

static void
test_wevtutil(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char *buf;
	size_t len;

	unit_parse_str(up, KIND_EVENT_TEXT, "System.txt", wevtutil_text);
	assert_null(up->skip_reason);
	assert_well_formed(up);
	assert_int_equal(up->n, 2);

	u = &up->rec[0];
	assert_int_equal(u->kind, KIND_EVENT_TEXT);
	assert_int_equal(u->line, 1);
	assert_int_equal(u->lines, 14);
	/* No zone written: the VM's clock, never taken for UTC. */
	assert_time(u, "2016-12-22T05:29:02.512000");
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_field(u, "channel", "System");
	assert_field(u, "provider", "EventLog");
	assert_field(u, "event_id", "6009");
	assert_field(u, "level", "Information");
	assert_level(u, "INFO");
	assert_field(u, "computer", "WIN-UFKT7P1ELHE");
	/* N/A is no value. */
	assert_null(unit_field(u, "task"));
	assert_null(unit_field(u, "user"));
	assert_string_equal(u->msg,
	    "Microsoft (R) Windows (R) 10.00. 14393  Multiprocessor Free.");

	u = &up->rec[1];
	assert_int_equal(u->line, 16);
	assert_level(u, "ERROR");
	assert_field(u, "user", "S-1-5-18");
	/* The blank line inside the description stays. */
	assert_string_equal(u->msg, "The Windows Azure Guest Agent service "
	    "terminated unexpectedly.\n\nIt has done this 1 time(s).");
	assert_non_null(strstr(u->text, "System/Service Control Manager "
	    "7031 ERROR"));
	unit_parse_free(up);

	/* The same from PowerShell's redirection: UTF-16LE with a BOM. */
	buf = utf16le(wevtutil_text, &len);
	unit_parse_buf(up, KIND_EVENT_TEXT, "System.txt", buf, len, NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[1], "event_id", "7031");
	assert_time(&up->rec[1], "2016-12-22T05:30:00");
}

static void
test_wevtutil_german(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EVENT_TEXT, "System.txt",
	    "Ereignis[0]:\n"
	    "  Protokollname: System\n"
	    "  Quelle: Service Control Manager\n"
	    "  Datum: 2026-01-21T20:01:56.000\n"
	    "  Ereignis-ID: 7034\n"
	    "  Aufgabe: Nicht zutreffend\n"
	    "  Ebene: Fehler\n"
	    "  Unbekannte Bezeichnung: irgendwas\n"
	    "  Computer: VM1\n"
	    "  Beschreibung: \n"
	    "Der Dienst \"Windows Azure Guest Agent\" wurde unerwartet "
	    "beendet.\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "channel", "System");
	assert_field(u, "provider", "Service Control Manager");
	assert_field(u, "event_id", "7034");
	assert_field(u, "level", "Fehler");
	assert_level(u, NULL);
	assert_field(u, "computer", "VM1");
	assert_time(u, "2026-01-21T20:01:56");
	assert_non_null(strstr(u->msg, "unerwartet beendet"));
	/* The label not known gave nothing. */
	assert_null(strstr(u->msg, "irgendwas"));
}

/* ---- Event Viewer, "Copy details as text" ---- */

static const char viewer_text[] =
"Log Name:      Application\r\n"
"Source:        Application Error\r\n"
"Date:          1/21/2026 8:01:56 PM\r\n"
"Event ID:      1000\r\n"
"Task Category: Application Crashing Events\r\n"
"Level:         Error\r\n"
"Keywords:      \r\n"
"User:          AORUSX870E\\bruce\r\n"
"Computer:      AorusX870E\r\n"
"Description:\r\n"
"Faulting application name: python.exe, version: 3.12.10150.1013, time "
"stamp: 0x67f515a7\r\n"
"Faulting module name: ucrtbase.dll, version: 10.0.26100.4202\r\n"
"Event Xml:\r\n"
"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\r\n"
"  <System>\r\n"
"    <Provider Name=\"Application Error\" />\r\n"
"    <EventID Qualifiers=\"0\">1000</EventID>\r\n"
"    <EventRecordID>52341</EventRecordID>\r\n"
"    <Channel>Application</Channel>\r\n"
"  </System>\r\n"
"  <EventData>\r\n"
"    <Data Name=\"AppName\">python.exe</Data>\r\n"
"    <Data Name=\"ExceptionCode\">c0000409</Data>\r\n"
"    <Data Name=\"Empty\" />\r\n"
"    <Data Name=\"Path\">C:\\a &amp; b</Data>\r\n"
"  </EventData>\r\n"
"</Event>\r\n"
"\r\n"
"Log Name:      System\r\n"
"Source:        Service Control Manager\r\n"
"Date:          1/21/2026 8:05:00 PM\r\n"
"Event ID:      7036\r\n"
"Task Category: None\r\n"
"Level:         Information\r\n"
"Keywords:      Classic\r\n"
"User:          N/A\r\n"
"Computer:      AorusX870E\r\n"
"Description:\r\n"
"The Volume Shadow Copy service entered the stopped state.\r\n";

static void
test_viewer_text(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	unit_parse_str(up, KIND_EVENT_TEXT, "event.txt", viewer_text);
	assert_null(up->skip_reason);
	assert_well_formed(up);
	assert_int_equal(up->n, 2);

	u = &up->rec[0];
	assert_int_equal(u->line, 1);
	assert_int_equal(u->lines, 27);
	assert_time(u, "2026-01-21T20:01:56");
	assert_int_equal(u->time.zone, VTIME_LOCAL);
	assert_field(u, "channel", "Application");
	assert_field(u, "provider", "Application Error");
	assert_field(u, "event_id", "1000");
	assert_field(u, "task", "Application Crashing Events");
	assert_field(u, "user", "AORUSX870E\\bruce");
	assert_field(u, "computer", "AorusX870E");
	assert_level(u, "ERROR");
	/* The XML gives the record number and the data items; the message
	 * stops before it. */
	assert_field(u, "record_id", "52341");
	assert_field(u, "AppName", "python.exe");
	assert_field(u, "ExceptionCode", "c0000409");
	assert_field(u, "Empty", "");
	assert_field(u, "Path", "C:\\a & b");
	assert_null(unit_field(u, "Keywords"));
	assert_string_equal(u->msg, "Faulting application name: python.exe, "
	    "version: 3.12.10150.1013, time stamp: 0x67f515a7\n"
	    "Faulting module name: ucrtbase.dll, version: 10.0.26100.4202\n"
	    "AppName=python.exe\nExceptionCode=c0000409\nEmpty=\n"
	    "Path=C:\\a & b");

	u = &up->rec[1];
	assert_int_equal(u->line, 29);
	assert_field(u, "channel", "System");
	assert_field(u, "task", "None");
	assert_null(unit_field(u, "user"));
	assert_null(unit_field(u, "record_id"));
	assert_string_equal(u->msg,
	    "The Volume Shadow Copy service entered the stopped state.");
	unit_parse_free(up);

	/* A data item's long name is cut between characters. */
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "Log Name:      System\r\n"
		    "Source:        x\r\n"
		    "Date:          1/21/2026 8:05:00 PM\r\n"
		    "Event ID:      1\r\n"
		    "Description:\r\nm\r\nEvent Xml:\r\n"
		    "<Event><EventData>\r\n<Data Name=\"");
		unit_add_long_text(&sb, i);
		strbuf_addstr(&sb, "\">v</Data>\r\n</EventData></Event>\r\n");
		unit_parse_str(up, KIND_EVENT_TEXT, "event.txt",
		    strbuf_str(&sb));
		assert_int_equal(up->n, 1);
		u = &up->rec[0];
		assert_string_equal(u->values[u->nfields - 1], "v");
		assert_int_equal(strlen(u->names[u->nfields - 1]), 126 + i);
		unit_parse_free(up);
	}
	strbuf_release(&sb);
}

/* ---- libevtx evtxexport ---- */

/*
 * evtxexport's rendering of "ID7045-7036 PSexec service installation.evtx"
 * (Yamato-Security/hayabusa-sample-evtx, from mdecrevoisier/EVTX-to-MITRE-
 * Attack, CC0-1.0), two of its records; the third is the String that goes
 * on over lines, as python-evtx's system.evtx renders event 19.
 */
static const char evtxexport_text[] =
"evtxexport 20181227\n"
"\n"
"Event number\t\t\t: 2\n"
"Written time\t\t\t: Apr 21, 2021 09:27:56.102184000 UTC\n"
"Event level\t\t\t: Information (4)\n"
"User security identifier\t: S-1-5-21-4230534742-2542757381-3142984815-1111\n"
"Computer name\t\t\t: jump01.offsec.lan\n"
"Source name\t\t\t: Service Control Manager\n"
"Event identifier\t\t: 0x00001b85 (7045)\n"
"Number of strings\t\t: 5\n"
"String: 1\t\t\t: PSEXESVC\n"
"String: 2\t\t\t: %SystemRoot%\\PSEXESVC.exe\n"
"String: 3\t\t\t: user mode service\n"
"String: 4\t\t\t: demand start\n"
"String: 5\t\t\t: LocalSystem\n"
"\n"
"Event number\t\t\t: 4\n"
"Written time\t\t\t: Jan 01, 1601 00:00:00.000000000 UTC\n"
"Event level\t\t\t: Error (2)\n"
"Computer name\t\t\t: jump01.offsec.lan\n"
"Source name\t\t\t: Service Control Manager\n"
"Event identifier\t\t: 0xc0001b77 (3221232503)\n"
"Number of strings\t\t: 2\n"
"String: 1\t\t\t: PSEXESVC\n"
"String: 2\t\t\t: 1\n"
"\n"
"Event number\t\t\t: 12066\n"
"Written time\t\t\t: Mar 14, 2012 08:13:55.498994800 UTC\n"
"Creation time\t\t\t: Mar 14, 2012 08:13:55.000000000 UTC\n"
"Event level\t\t\t: Information (4)\n"
"Computer name\t\t\t: WKS-WIN764BITB.shieldbase.local\n"
"Source name\t\t\t: Microsoft-Windows-WindowsUpdateClient\n"
"Event identifier\t\t: 0x00000013 (19)\n"
"Number of strings\t\t: 3\n"
"String: 1\t\t\t: Thursday, March 15, 2012\n"
"String: 2\t\t\t: 3:00 AM\n"
"String: 3\t\t\t: \n"
"- Update Rollup for ActiveX Killbits (KB2647518)\n"
"- Security Update for Windows 7 (KB2621440)\n"
"\n";

static void
test_evtxexport(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EVENT_TEXT, "System.evtx.txt", evtxexport_text);
	assert_null(up->skip_reason);
	assert_well_formed(up);
	assert_int_equal(up->n, 3);

	u = &up->rec[0];
	assert_int_equal(u->line, 3);
	assert_int_equal(u->lines, 13);
	/* evtxexport writes UTC, and says so. */
	assert_time(u, "2021-04-21T09:27:56.102184Z");
	assert_field(u, "record_id", "2");
	assert_field(u, "level", "4");
	assert_level(u, "INFO");
	assert_field(u, "user",
	    "S-1-5-21-4230534742-2542757381-3142984815-1111");
	assert_field(u, "computer", "jump01.offsec.lan");
	assert_field(u, "provider", "Service Control Manager");
	assert_field(u, "event_id", "7045");
	assert_field(u, "param1", "PSEXESVC");
	assert_field(u, "param2", "%SystemRoot%\\PSEXESVC.exe");
	assert_field(u, "param5", "LocalSystem");
	assert_null(unit_field(u, "param6"));
	assert_non_null(strstr(u->msg, "param1=PSEXESVC\n"));

	/* A FILETIME of 0 is no time; the qualifiers leave the ID. */
	u = &up->rec[1];
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_field(u, "event_id", "7031");
	assert_level(u, "ERROR");

	/* The creation time wins over the written time; a string over
	 * several lines is one data item. */
	u = &up->rec[2];
	assert_time(u, "2012-03-14T08:13:55Z");
	assert_field(u, "param1", "Thursday, March 15, 2012");
	assert_field(u, "param3", "\n- Update Rollup for ActiveX Killbits "
	    "(KB2647518)\n- Security Update for Windows 7 (KB2621440)");
	unit_parse_free(up);

	/* Tabs turned into spaces by an editor; a string line with a
	 * colon of its own stays in the string. */
	unit_parse_str(up, KIND_EVENT_TEXT, "System.evtx.txt",
	    "Event number        : 7\n"
	    "Written time        : Oct 25, 2021 12:13:32.329124300 UTC\n"
	    "Source name         : Service Control Manager\n"
	    "Event identifier    : 0x00001b61 (7009)\n"
	    "String: 1           : 30000\n"
	    "String: 2           : first line\n"
	    "Error : not a label\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "record_id", "7");
	assert_field(u, "event_id", "7009");
	assert_time(u, "2021-10-25T12:13:32.329124Z");
	assert_field(u, "param1", "30000");
	assert_field(u, "param2", "first line\nError : not a label");
}

static void
test_evtxexport_corpus(void **state)
{
	static const char *const files[] = {
		"EVTX-to-MITRE-Attack__ID7009-Service_deployment_time_out."
		    "evtxexport.txt",
		"EVTX-to-MITRE-Attack__ID7045-7036_PSexec_service_installation."
		    "evtxexport.txt",
		"omerbenamram_evtx__sample-with-zero-data-size-event."
		    "evtxexport.txt",
		"python-evtx__system.evtxexport.txt",
	};
	struct unit_parse *up = *state;
	char path[1200], *buf, *p;
	size_t len = 0, k, events;
	int seen = 0;

	if (unit_corpus_dir() == NULL)
		skip();
	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		snprintf(path, sizeof path, "%s/windows/text_exports/%s",
		    unit_corpus_dir(), files[k]);
		if ((buf = unit_read_file(path, &len)) == NULL)
			continue;
		seen++;
		for (events = 0, p = buf; (p = strstr(p, "Event number\t")) !=
		    NULL; p++)
			events++;
		unit_parse_buf(up, KIND_EVENT_TEXT, files[k], buf, len, NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_well_formed(up);
		assert_int_equal(up->n, events);
		unit_parse_free(up);
	}
	if (seen == 0)
		skip();
}

static void
test_text_damaged(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	struct limits lim;
	size_t i;

	unit_parse_str(up, KIND_EVENT_TEXT, "x.txt", "");
	assert_int_equal(up->n, 0);
	assert_skip(up, "empty file");
	unit_parse_free(up);

	unit_parse_str(up, KIND_EVENT_TEXT, "x.txt",
	    "just some notes\nabout a problem: none\n");
	assert_int_equal(up->n, 0);
	assert_skip(up, "no event found");
	unit_parse_free(up);

	/* Cut in the middle of the third event: two kept, the loss said. */
	unit_parse_str(up, KIND_EVENT_TEXT, "x.txt",
	    "Event[0]:\n  Log Name: System\n  Source: A\n  Event ID: 1\n"
	    "Event[1]:\n  Source: B\n  Event ID: 2\n  Description:\n"
	    "Event[2]:\n  Log Name: System\n  Date: 2016-12-");
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[1], "provider", "B");
	assert_int_equal(up->rec[1].time.zone, VTIME_NONE);
	assert_string_equal(up->rec[1].msg, "");
	assert_skip(up, "1 event without source or event ID dropped, the "
	    "first at line 9");
	unit_parse_free(up);

	/* A description line over max_line: the event is kept, cut. */
	limits_default(&lim);
	lim.max_line = 100;
	strbuf_addstr(&sb, "Event[0]:\n  Source: A\n  Event ID: 1\n"
	    "  Description:\n");
	for (i = 0; i < 50; i++)
		strbuf_addstr(&sb, "0123456789");
	strbuf_addstr(&sb, "\nEvent[1]:\n  Source: B\n  Event ID: 2\n");
	unit_parse_buf(up, KIND_EVENT_TEXT, "x.txt", sb.buf, sb.len, &lim);
	assert_int_equal(up->n, 2);
	assert_true(up->rec[0].cut);
	assert_int_equal(strlen(up->rec[0].msg), 100);
	assert_false(up->rec[1].cut);
	unit_parse_free(up);

	/* A description without end is held to the event's bound. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Event[0]:\n  Source: A\n  Event ID: 1\n"
	    "  Description:\n");
	for (i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "a line of a description that never ends\n");
	unit_parse_buf(up, KIND_EVENT_TEXT, "x.txt", sb.buf, sb.len, NULL);
	assert_int_equal(up->n, 1);
	assert_true(up->rec[0].cut);
	assert_true(strlen(up->rec[0].msg) <= EVENT_BYTES_MAX);
	assert_int_equal(up->rec[0].lines, 3004);
	strbuf_release(&sb);
}

/* The dates every export may carry, all on the VM's clock. */
static void
test_export_time(void **state)
{
	struct vtime t;
	char buf[40];

	(void)state;
	assert_true(event_export_time(" 1/21/2026 8:01:56 PM ", 22, &t));
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-21T20:01:56");
	assert_int_equal(t.zone, VTIME_LOCAL);
	assert_true(event_export_time("2016-12-22T05:29:02.512", 23, &t));
	assert_int_equal(t.zone, VTIME_LOCAL);
	assert_true(event_export_time("21.01.2026 20:01:56\r", 20, &t));
	vtime_format(&t, buf, sizeof buf);
	assert_string_equal(buf, "2026-01-21T20:01:56");
	assert_true(event_export_time("2016-12-22T05:29:02Z", 20, &t));
	assert_int_equal(t.zone, VTIME_UTC);
	assert_false(event_export_time("  ", 2, &t));
	assert_false(event_export_time("N/A", 3, &t));
	assert_false(event_export_time("1/21/2026 8:01:56 PM trailing", 29,
	    &t));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_time),
		cmocka_unit_test_teardown(test_csv_viewer, unit_reset),
		cmocka_unit_test_teardown(test_csv_layouts, unit_reset),
		cmocka_unit_test_teardown(test_csv_localised, unit_reset),
		cmocka_unit_test_teardown(test_csv_empty, unit_reset),
		cmocka_unit_test_teardown(test_csv_unterminated, unit_reset),
		cmocka_unit_test_teardown(test_csv_bounds, unit_reset),
		cmocka_unit_test_teardown(test_csv_garbage, unit_reset),
		cmocka_unit_test_teardown(test_wevtutil, unit_reset),
		cmocka_unit_test_teardown(test_wevtutil_german, unit_reset),
		cmocka_unit_test_teardown(test_viewer_text, unit_reset),
		cmocka_unit_test_teardown(test_evtxexport, unit_reset),
		cmocka_unit_test_teardown(test_evtxexport_corpus, unit_reset),
		cmocka_unit_test_teardown(test_text_damaged, unit_reset),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
