/*
 * parse_event_xml.c: wevtutil /f:xml and /f:RenderedXml, Event Viewer
 * "Save as XML", evtxexport -f xml; named, unnamed and empty data,
 * UserData, Binary, RenderingInfo, U+200E; UTF-8 and UTF-16; and hostile
 * or broken input: XML cut or malformed mid-file, external entities,
 * entity expansion, events over the size limit, garbage.  Also
 * event_from_xml(), which parse_evtx.c feeds.
 */
#include "config.h"

#include <unistd.h>

#include "unit.h"
#include "parse_event.h"
#include "strbuf.h"
#include "text.h"
#include "timeparse.h"

static void
assert_utc(const struct unit_record *u, int y, int mo, int d, int h,
    int mi, int s, int64_t us)
{
	assert_int_equal(u->time.zone, VTIME_UTC);
	assert_int_equal(u->time.us, vtime_from_civil(y, mo, d, h, mi, s) *
	    1000000 + us);
}

/* wevtutil qe System /f:RenderedXml, VERBATIM (a telegraf test
 * fixture, quoted in windows-formats.md §4.2). */
#define SCM_7036_RENDERED \
"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>" \
"<System><Provider Name='Service Control Manager' " \
"Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' " \
"EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>" \
"7036</EventID><Version>0</Version><Level>4</Level><Task>0</Task>" \
"<Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords>" \
"<TimeCreated SystemTime='2023-05-22T14:43:53.1670895Z'/>" \
"<EventRecordID>64199</EventRecordID><Correlation/>" \
"<Execution ProcessID='776' ThreadID='5788'/><Channel>System</Channel>" \
"<Computer>EC2AMAZ-25GMQOK</Computer><Security/></System><EventData>" \
"<Data Name='param1'>AppX Deployment Service (AppXSVC)</Data>" \
"<Data Name='param2'>running</Data>" \
"<Binary>41007000700058005300760063002F0034000000</Binary></EventData>" \
"<RenderingInfo Culture='en-US'><Message>The AppX Deployment Service " \
"(AppXSVC) service entered the running state.</Message><Level>" \
"Information</Level><Task></Task><Opcode></Opcode><Channel></Channel>" \
"<Provider>Microsoft-Windows-Service Control Manager</Provider>" \
"<Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo></Event>"

/* wevtutil qe /f:xml: the same shape without RenderingInfo. */
#define SCM_7036_AGENT_STOPPED \
"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>" \
"<System><Provider Name='Service Control Manager' " \
"Guid='{555908d1-a6d7-4695-8e1e-26931d2012f4}' " \
"EventSourceName='Service Control Manager'/><EventID Qualifiers='16384'>" \
"7036</EventID><Version>0</Version><Level>4</Level><Task>0</Task>" \
"<Opcode>0</Opcode><Keywords>0x8080000000000000</Keywords>" \
"<TimeCreated SystemTime='2024-03-01T08:00:01.0000000Z'/>" \
"<EventRecordID>1201</EventRecordID><Correlation/>" \
"<Execution ProcessID='640' ThreadID='700'/><Channel>System</Channel>" \
"<Computer>vm1</Computer><Security/></System><EventData>" \
"<Data Name='param1'>Windows Azure Guest Agent</Data>" \
"<Data Name='param2'>stopped</Data><Binary>570069006E0064006F0077007300" \
"41007A00750072006500470075006500730074004100670065006E0074002F003100" \
"0000</Binary></EventData></Event>"

#define APP_ERROR_1000 \
"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>" \
"<System><Provider Name='Application Error'/><EventID Qualifiers='0'>" \
"1000</EventID><Level>2</Level><Task>100</Task>" \
"<TimeCreated SystemTime='2024-03-01T08:00:02.5000000Z'/>" \
"<EventRecordID>88</EventRecordID><Channel>Application</Channel>" \
"<Computer>vm1</Computer><Security/></System><EventData>" \
"<Data Name='AppName'>IaaSBcdrExtension.exe</Data>" \
"<Data Name='AppVersion'>1.0.0.1</Data>" \
"<Data Name='ExceptionCode'>c0000005</Data></EventData></Event>"

static void
test_wevtutil_rendered(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* Events written one after another, no root, no line break. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    SCM_7036_RENDERED SCM_7036_AGENT_STOPPED APP_ERROR_1000);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	u = &up->rec[0];
	assert_int_equal(u->kind, KIND_EVENT_XML);
	assert_field(u, "provider", "Service Control Manager");
	assert_field(u, "event_id", "7036");
	assert_field(u, "level", "4");
	assert_field(u, "task", "0");
	assert_field(u, "record_id", "64199");
	assert_field(u, "channel", "System");
	assert_field(u, "computer", "EC2AMAZ-25GMQOK");
	assert_field(u, "param1", "AppX Deployment Service (AppXSVC)");
	assert_field(u, "param2", "running");
	assert_field(u, "binary", "AppXSvc/4");
	assert_null(unit_field(u, "user"));
	assert_string_equal(u->level, "INFO");
	/* SystemTime has 7 fraction digits: kept to the microsecond. */
	assert_utc(u, 2023, 5, 22, 14, 43, 53, 167089);
	assert_int_equal(u->line, 1);
	assert_int_equal(u->lines, 1);
	assert_string_equal(u->msg, "The AppX Deployment Service (AppXSVC) "
	    "service entered the running state.\n"
	    "param1=AppX Deployment Service (AppXSVC)\nparam2=running\n"
	    "binary=AppXSvc/4");
	assert_non_null(strstr(u->text, "System/Service Control Manager "
	    "7036 INFO, record 64199: The AppX"));
	assert_null(strchr(u->text, '\n'));

	u = unit_find(up, "param1", "Windows Azure Guest Agent");
	assert_non_null(u);
	assert_field(u, "param2", "stopped");
	assert_field(u, "binary", "WindowsAzureGuestAgent/1");
	assert_string_equal(u->msg, "param1=Windows Azure Guest Agent\n"
	    "param2=stopped\nbinary=WindowsAzureGuestAgent/1");

	u = unit_find(up, "provider", "Application Error");
	assert_non_null(u);
	assert_field(u, "event_id", "1000");
	assert_field(u, "AppName", "IaaSBcdrExtension.exe");
	assert_string_equal(u->level, "ERROR");
	assert_utc(u, 2024, 3, 1, 8, 0, 2, 500000);
}

static void
test_wevtutil_lines(void **state)
{
	struct unit_parse *up = *state;

	/* One event a line, CRLF. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    SCM_7036_AGENT_STOPPED "\r\n" APP_ERROR_1000 "\r\n"
	    SCM_7036_RENDERED "\r\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	assert_int_equal(up->rec[0].line, 1);
	assert_int_equal(up->rec[1].line, 2);
	assert_int_equal(up->rec[2].line, 3);
	assert_int_equal(up->rec[2].lines, 1);
	assert_field(&up->rec[1], "AppName", "IaaSBcdrExtension.exe");
}

/* Event Viewer "Save All Events As... XML": a declaration, an <Events>
 * root, RenderingInfo in the VM's language (modelled on the French
 * example of windows-formats.md §4.2). */
static const char event_viewer_xml[] =
"<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n"
"<Events><Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
"event'><System><Provider Name='Microsoft-Windows-DNS-Server-Service' "
"Guid='{71a551f5-c893-4849-886b-b5ec8502641e}'/><EventID>4013</EventID>"
"<Version>0</Version><Level>3</Level><Task>0</Task><Opcode>0</Opcode>"
"<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="
"'2024-01-10T09:30:00.1234567Z'/><EventRecordID>5</EventRecordID>"
"<Correlation/><Execution ProcessID='2000' ThreadID='2100'/><Channel>"
"DNS Server</Channel><Computer>dc1.contoso.local</Computer><Security "
"UserID='S-1-5-18'/></System><EventData Name='DNS_EVENT_DS_OPEN_WAIT'>"
"</EventData><RenderingInfo Culture='fr-FR'><Message>Le serveur DNS "
"attend que les services de domaine Active Directory signalent que la "
"synchronisation initiale de l'annuaire est termin\xc3\xa9" "e.</Message>"
"<Level>Avertissement</Level><Task></Task><Opcode>Informations</Opcode>"
"<Channel></Channel><Provider>Microsoft-Windows-DNS-Server-Service"
"</Provider><Keywords></Keywords></RenderingInfo></Event>"
"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
"<System><Provider Name='Application Error' Guid='{a0e9b465-b939-57d7-"
"b27d-95d8e925ff57}'/><EventID>1000</EventID><Version>0</Version><Level>"
"2</Level><Task>100</Task><Opcode>0</Opcode><Keywords>0x8000000000000000"
"</Keywords><TimeCreated SystemTime='2026-01-22T01:01:56.1806364Z'/>"
"<EventRecordID>5007</EventRecordID><Correlation/><Execution ProcessID="
"'13664' ThreadID='2380'/><Channel>Application</Channel><Computer>"
"AorusX870E</Computer><Security UserID='S-1-5-21-1-2-3-1001'/></System>"
"<EventData><Data Name='AppName'>python.exe</Data><Data Name="
"'AppVersion'>3.12.10150.1013</Data><Data Name='ModuleName'>"
"amdhip64_7.dll</Data><Data Name='ExceptionCode'>c0000005</Data>"
"</EventData><RenderingInfo Culture='en-US'><Message>Faulting application "
"name: python.exe, version: 3.12.10150.1013, time stamp: 0x67f515a7\r\n"
"Faulting module name: amdhip64_7.dll</Message><Level>Error</Level>"
"<Task>Application Crashing Events</Task></RenderingInfo></Event>"
"</Events>";

static void
test_event_viewer(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EVENT_XML, "Application.xml",
	    event_viewer_xml);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = &up->rec[0];
	assert_field(u, "provider", "Microsoft-Windows-DNS-Server-Service");
	assert_field(u, "event_id", "4013");
	assert_field(u, "channel", "DNS Server");
	assert_field(u, "user", "S-1-5-18");
	assert_string_equal(u->level, "WARNING");
	assert_int_equal(u->line, 2);
	/* The EventData's own Name is no data item. */
	assert_int_equal(u->nfields, 8);
	assert_non_null(strstr(u->msg, "synchronisation initiale de "
	    "l'annuaire est termin\xc3\xa9" "e."));

	u = &up->rec[1];
	assert_field(u, "AppName", "python.exe");
	assert_field(u, "ModuleName", "amdhip64_7.dll");
	assert_field(u, "user", "S-1-5-21-1-2-3-1001");
	assert_utc(u, 2026, 1, 22, 1, 1, 56, 180636);
	/* A multi-line message: msg keeps the lines, text folds them. */
	assert_non_null(strstr(u->msg, "0x67f515a7\nFaulting module name: "
	    "amdhip64_7.dll\nAppName=python.exe\n"));
	assert_non_null(strstr(u->text, "0x67f515a7; Faulting module"));
}

/* libevtx's evtxexport -f xml: a banner, blank lines, double quotes,
 * indentation (the corpus's xml_exports). */
static const char evtxexport_xml[] =
"evtxexport 20181227\n"
"\n"
"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
"  <System>\n"
"    <Provider Name=\"Service Control Manager\" Guid=\"{555908d1-a6d7-4695"
"-8e1e-26931d2012f4}\" EventSourceName=\"Service Control Manager\"/>\n"
"    <EventID Qualifiers=\"16384\">7045</EventID>\n"
"    <Version>0</Version>\n"
"    <Level>4</Level>\n"
"    <Task>0</Task>\n"
"    <TimeCreated SystemTime=\"2021-04-21T09:27:56.082509200Z\"/>\n"
"    <EventRecordID>471480</EventRecordID>\n"
"    <Channel>System</Channel>\n"
"    <Computer>jump01.offsec.lan</Computer>\n"
"    <Security UserID=\"S-1-5-21-4230534742-2542757381-3142984815-1111\"/>\n"
"  </System>\n"
"  <EventData>\n"
"    <Data Name=\"ServiceName\">PSEXESVC</Data>\n"
"    <Data Name=\"ImagePath\">%SystemRoot%\\PSEXESVC.exe</Data>\n"
"    <Data Name=\"ServiceType\">user mode service</Data>\n"
"    <Data Name=\"StartType\">demand start</Data>\n"
"    <Data Name=\"AccountName\">LocalSystem</Data>\n"
"  </EventData>\n"
"</Event>\n"
"\n"
"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
"  <System>\n"
"    <Provider Name=\"Microsoft-Windows-Eventlog\" Guid=\"{fc65ddd8-d6ef-"
"4962-83d5-6e5cfe9ce148}\"/>\n"
"    <EventID>104</EventID>\n"
"    <Level>4</Level>\n"
"    <TimeCreated SystemTime=\"2021-04-21T09:27:51.181798500Z\"/>\n"
"    <EventRecordID>471479</EventRecordID>\n"
"    <Channel>System</Channel>\n"
"  </System>\n"
"  <UserData>\n"
"    <LogFileCleared xmlns=\"http://manifests.microsoft.com/win/2004/08/"
"windows/eventlog\">\n"
"      <SubjectUserName>admmig</SubjectUserName>\n"
"      <SubjectDomainName>OFFSEC</SubjectDomainName>\n"
"      <Channel>System</Channel>\n"
"      <BackupPath/>\n"
"    </LogFileCleared>\n"
"  </UserData>\n"
"</Event>\n";

static void
test_evtxexport(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_EVENT_XML, "System.xml", evtxexport_xml);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = &up->rec[0];
	assert_int_equal(u->line, 3);
	assert_int_equal(u->lines, 21);
	assert_field(u, "event_id", "7045");
	assert_field(u, "ImagePath", "%SystemRoot%\\PSEXESVC.exe");
	assert_field(u, "user", "S-1-5-21-4230534742-2542757381-3142984815-"
	    "1111");
	/* Nine fraction digits. */
	assert_utc(u, 2021, 4, 21, 9, 27, 56, 82509);

	u = &up->rec[1];
	assert_int_equal(u->line, 25);
	assert_int_equal(u->lines, 18);
	assert_field(u, "SubjectUserName", "admmig");
	/* A UserData leaf named like a system property stays data. */
	assert_field(u, "Channel", "System");
	assert_field(u, "channel", "System");
	assert_field(u, "BackupPath", "");
	assert_null(unit_field(u, "LogFileCleared"));
}

static void
test_data_items(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* Windows 7's Application Error 1000: unnamed data, some empty. */
	unit_parse_str(up, KIND_EVENT_XML, "Application.xml",
	    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
	    "event'><System><Provider Name='Application Error'/><EventID "
	    "Qualifiers='0'>1000</EventID><Level>2</Level><Task>100</Task>"
	    "<TimeCreated SystemTime='2012-03-14T04:17:43.354562700Z'/>"
	    "<EventRecordID>9</EventRecordID><Channel>Application</Channel>"
	    "</System><EventData><Data>WaAppAgent.exe</Data><Data>"
	    "2.7.41491.949</Data><Data/><Data>msvcrt.dll</Data><Data></Data>"
	    "<Data Name=''>40000015</Data><Data Name='Extra'>x &amp; y "
	    "&lt;z&gt;</Data><Data>  padded  </Data></EventData></Event>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "param1", "WaAppAgent.exe");
	assert_field(u, "param2", "2.7.41491.949");
	assert_field(u, "param3", "");
	assert_field(u, "param4", "msvcrt.dll");
	assert_field(u, "param5", "");
	assert_field(u, "param6", "40000015");
	assert_field(u, "Extra", "x & y <z>");
	/* Named items count in the numbering: %8 is the eighth. */
	assert_field(u, "param8", "  padded  ");
	assert_null(unit_field(u, "param7"));
	assert_string_equal(u->msg, "param1=WaAppAgent.exe\n"
	    "param2=2.7.41491.949\nparam3=\nparam4=msvcrt.dll\nparam5=\n"
	    "param6=40000015\nExtra=x & y <z>\nparam8=  padded  ");
}

static void
test_userdata(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* AppLocker 8004 (windows-formats.md §3.4). */
	unit_parse_str(up, KIND_EVENT_XML, "AppLocker.xml",
	    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
	    "event'><System><Provider Name='Microsoft-Windows-AppLocker' "
	    "Guid='{cbda4dbf-8d5d-4f69-9578-be14aa540d22}'/><EventID>8004"
	    "</EventID><Level>2</Level><Task>0</Task><TimeCreated SystemTime="
	    "'2025-02-01T10:00:00.0000000Z'/><EventRecordID>31</EventRecordID>"
	    "<Channel>Microsoft-Windows-AppLocker/EXE and DLL</Channel>"
	    "<Computer>vm1</Computer><Security UserID='S-1-5-18'/></System>"
	    "<UserData><RuleAndFileData xmlns='http://schemas.microsoft.com/"
	    "schemas/event/Microsoft.Windows/1.0.0.0'><PolicyNameLength>3"
	    "</PolicyNameLength><PolicyName>EXE</PolicyName><RuleId>{00000000-"
	    "0000-0000-0000-000000000000}</RuleId><RuleNameLength>1"
	    "</RuleNameLength><RuleName>-</RuleName><TargetUser>S-1-5-18"
	    "</TargetUser><TargetProcessId>7092</TargetProcessId>"
	    "<FilePathLength>79</FilePathLength><FilePath>%OSDRIVE%\\PACKAGES"
	    "\\PLUGINS\\MICROSOFT.AZURE.RECOVERYSERVICES.VMSNAPSHOT\\1.0.0\\"
	    "IAASBCDREXTENSION.EXE</FilePath><Nested><Inner>deep</Inner>"
	    "<Empty/></Nested><FullFilePathLength>28</FullFilePathLength>"
	    "<FullFilePath>C:\\Packages\\IaaSBcdrExtension.exe</FullFilePath>"
	    "</RuleAndFileData></UserData></Event>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "channel", "Microsoft-Windows-AppLocker/EXE and DLL");
	assert_field(u, "PolicyName", "EXE");
	assert_field(u, "PolicyNameLength", "3");
	assert_field(u, "TargetProcessId", "7092");
	assert_field(u, "FilePath", "%OSDRIVE%\\PACKAGES\\PLUGINS\\MICROSOFT."
	    "AZURE.RECOVERYSERVICES.VMSNAPSHOT\\1.0.0\\IAASBCDREXTENSION.EXE");
	assert_field(u, "FullFilePath", "C:\\Packages\\IaaSBcdrExtension.exe");
	/* Leaves at any depth; the elements around them are no items. */
	assert_field(u, "Inner", "deep");
	assert_field(u, "Empty", "");
	assert_null(unit_field(u, "Nested"));
	assert_null(unit_field(u, "RuleAndFileData"));
	assert_string_equal(u->level, "ERROR");
}

/* An event with one <Binary> of that hex text. */
static void
parse_binary(struct unit_parse *up, const char *hex)
{
	char doc[1024];

	snprintf(doc, sizeof doc, "<Event><System><Provider Name='p'/>"
	    "<EventID>1</EventID></System><EventData><Data>d</Data><Binary>"
	    "%s</Binary></EventData></Event>", hex);
	unit_parse_str(up, KIND_EVENT_XML, "x.xml", doc);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
}

static void
test_binary(void **state)
{
	struct unit_parse *up = *state;

	/* UTF-16LE, NUL-terminated: MSDTC and the SCM's service key. */
	parse_binary(up, "4D005300440054004300");
	assert_field(&up->rec[0], "binary", "MSDTC");
	unit_parse_free(up);
	parse_binary(up, "4F006E006500530079006E0063005300760063005F00530065"
	    "007300730069006F006E0032000000");
	assert_field(&up->rec[0], "binary", "OneSyncSvc_Session2");
	unit_parse_free(up);
	/* Lower case hex, a non-ASCII letter (U+00E9). */
	parse_binary(up, "630061006600e9000000");
	assert_field(&up->rec[0], "binary", "caf\xc3\xa9");
	unit_parse_free(up);
	/* NUL-separated strings (EventLog 6009/6013). */
	parse_binary(up, "31002E003100000030000000570069006E0031003000000000"
	    "00");
	assert_field(&up->rec[0], "binary", "1.1 0 Win10");
	unit_parse_free(up);
	/* ASCII (VSS diagnostics). */
	parse_binary(up, "2D20436F64653A20575254575254494330303030303832330000");
	assert_field(&up->rec[0], "binary", "- Code: WRTWRTIC00000823");
	unit_parse_free(up);

	/* Not text: dropped, the other data kept. */
	parse_binary(up, "0F01040003002C00000000009900048000000000");
	assert_null(unit_field(&up->rec[0], "binary"));
	assert_field(&up->rec[0], "param1", "d");
	unit_parse_free(up);
	parse_binary(up, "E3070700030018000D0007001D003E000000000000000000");
	assert_null(unit_field(&up->rec[0], "binary"));
	unit_parse_free(up);
	parse_binary(up, "00B4AD6AE7A9CB1C21873D540EC960DDD6982B6F");
	assert_null(unit_field(&up->rec[0], "binary"));
	unit_parse_free(up);
	parse_binary(up, "00000000");
	assert_null(unit_field(&up->rec[0], "binary"));
	unit_parse_free(up);
	parse_binary(up, "not hex at all");
	assert_null(unit_field(&up->rec[0], "binary"));
	unit_parse_free(up);
	parse_binary(up, "");
	assert_null(unit_field(&up->rec[0], "binary"));
}

static void
test_left_to_right_mark(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* Classic 6008: U+200E inside the date, as UTF-8 and as a
	 * character reference. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
	    "event'><System><Provider Name='EventLog'/><EventID Qualifiers="
	    "'32768'>6008</EventID><Level>2</Level><Task>0</Task>"
	    "<TimeCreated SystemTime='2012-04-06T10:00:00.000000000Z'/>"
	    "<EventRecordID>7</EventRecordID><Channel>System</Channel>"
	    "</System><EventData><Data>10:12:29 AM</Data><Data>"
	    "\xe2\x80\x8e" "4/" "\xe2\x80\x8e" "6/" "\xe2\x80\x8e" "2012"
	    "</Data><Data>&#x200E;4/&#8206;7/2012</Data></EventData>"
	    "<RenderingInfo Culture='en-US'><Message>The previous system "
	    "shutdown at 10:12:29 AM on \xe2\x80\x8e" "4/6/2012 was "
	    "unexpected.</Message></RenderingInfo></Event>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "param2", "4/6/2012");
	assert_field(u, "param3", "4/7/2012");
	assert_null(strstr(u->msg, "\xe2\x80\x8e"));
	assert_non_null(strstr(u->msg, "at 10:12:29 AM on 4/6/2012 was "
	    "unexpected."));
}

static void
test_system_properties(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* Qualifiers folded into the id, blanks, EventSourceName, RawTime,
	 * properties given twice. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    "<Event><System><Provider Name='' EventSourceName='MSDTC'/>"
	    "<EventID> 3221232503 </EventID><Level>\n  1\n</Level>"
	    "<TimeCreated RawTime='133537248000000000'/><EventID>5</EventID>"
	    "<EventRecordID>12</EventRecordID></System></Event>"
	    "<Event><System><Provider Name='Odd'/><EventID>0x1B58</EventID>"
	    "<TimeCreated SystemTime='yesterday'/></System></Event>"
	    "<Event><System><Level>4</Level></System><EventData><Data>"
	    "orphan</Data></EventData></Event>");
	assert_null(up->skip_reason);
	/* An event with neither provider nor id is dropped. */
	assert_int_equal(up->n, 2);
	u = &up->rec[0];
	assert_field(u, "provider", "MSDTC");
	assert_field(u, "event_id", "7031");
	assert_field(u, "level", "1");
	assert_string_equal(u->level, "ERROR");
	/* 2024-03-01T00:00:00Z as a FILETIME. */
	assert_utc(u, 2024, 3, 1, 0, 0, 0, 0);
	u = &up->rec[1];
	assert_field(u, "event_id", "0x1B58");
	assert_int_equal(u->time.zone, VTIME_NONE);
	assert_null(u->level);
}

/* text (UTF-8, ASCII and two-byte sequences only) as UTF-16. */
static char *
utf16(const char *s, int be, int bom, size_t *len)
{
	struct strbuf b = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;

	if (bom)
		strbuf_add(&b, be ? "\xfe\xff" : "\xff\xfe", 2);
	while (*p != '\0') {
		if (*p >= 0xc0 && (p[1] & 0xc0) == 0x80) {
			cp = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
			p += 2;
		} else
			cp = *p++;
		if (be) {
			strbuf_addch(&b, (int)(cp >> 8));
			strbuf_addch(&b, (int)(cp & 0xff));
		} else {
			strbuf_addch(&b, (int)(cp & 0xff));
			strbuf_addch(&b, (int)(cp >> 8));
		}
	}
	*len = b.len;
	return strbuf_detach(&b);
}

#define CAFE_EVENT \
"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>" \
"<System><Provider Name='Service Control Manager'/><EventID>7036" \
"</EventID><Level>4</Level><EventRecordID>3</EventRecordID></System>" \
"<EventData><Data Name='param1'>Caf\xc3\xa9 Service</Data>" \
"<Data Name='param2'>running</Data></EventData></Event>\r\n"

static void
check_cafe(const struct unit_parse *up, unsigned long line)
{
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "param1", "Caf\xc3\xa9 Service");
	assert_field(&up->rec[1], "param2", "running");
	assert_int_equal(up->rec[1].line, line);
}

static void
test_encodings(void **state)
{
	struct unit_parse *up = *state;
	char *buf;
	size_t len;

	/* UTF-8 with a BOM. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    "\xef\xbb\xbf" CAFE_EVENT CAFE_EVENT);
	check_cafe(up, 2);
	unit_parse_free(up);

	/* PowerShell's redirection: UTF-16LE with a BOM. */
	buf = utf16("<?xml version='1.0' encoding='utf-16'?>\r\n<Events>"
	    CAFE_EVENT CAFE_EVENT "</Events>\r\n", 0, 1, &len);
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", buf, len, NULL);
	check_cafe(up, 3);
	unit_parse_free(up);
	free(buf);

	/* UTF-16LE without a BOM, the banner of evtxexport first. */
	buf = utf16("evtxexport 20181227\r\n\r\n" CAFE_EVENT CAFE_EVENT, 0, 0,
	    &len);
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", buf, len, NULL);
	check_cafe(up, 4);
	unit_parse_free(up);
	free(buf);

	/* UTF-16BE with a BOM. */
	buf = utf16(CAFE_EVENT CAFE_EVENT, 1, 1, &len);
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", buf, len, NULL);
	check_cafe(up, 2);
	free(buf);
}

/* A long export read in blocks: code units and tags straddle them. */
static void
test_long_stream(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	char *buf;
	size_t len;
	int i;

	for (i = 0; i < 3000; i++)
		strbuf_addstr(&sb, CAFE_EVENT);
	buf = utf16(strbuf_str(&sb), 0, 1, &len);
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", buf, len, NULL);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3000);
	assert_field(&up->rec[2999], "param1", "Caf\xc3\xa9 Service");
	assert_int_equal(up->rec[2999].line, 3000);
	free(buf);
	unit_parse_free(up);
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", sb.buf, sb.len,
	    NULL);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3000);
	strbuf_release(&sb);
}

static void
test_broken(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	/* Malformed third event: the first two stay, the rest is not
	 * read. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    SCM_7036_AGENT_STOPPED "\n" APP_ERROR_1000 "\n"
	    "<Event><System><Provider Name='x'/><EventID>1</EventID>"
	    "</System><EventData><Data>x</EventData></Event>\n"
	    SCM_7036_RENDERED "\n");
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[1], "AppName", "IaaSBcdrExtension.exe");
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "invalid XML at line 3: "));
	assert_non_null(strstr(up->skip_reason, "mismatch"));
	assert_non_null(strstr(up->skip_reason, "(2 events read before it)"));
	assert_null(strchr(up->skip_reason, '\n'));
	unit_parse_free(up);

	/* Cut in the middle of the second event. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml", evtxexport_xml);
	assert_int_equal(up->n, 2);
	unit_parse_free(up);
	{
		char cut[sizeof evtxexport_xml];

		memcpy(cut, evtxexport_xml, sizeof cut);
		cut[strstr(cut, "<SubjectDomainName>") - cut] = '\0';
		unit_parse_str(up, KIND_EVENT_XML, "System.xml", cut);
	}
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "event_id", "7045");
	assert_non_null(up->skip_reason);
	assert_string_equal(up->skip_reason, "invalid XML at line 36: the "
	    "file ends inside <LogFileCleared> (1 event read before it)");
	assert_non_null(strstr(up->skip_reason, "(1 event read before it)"));
	unit_parse_free(up);

	/* Content after a closed root. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    "<Events>" APP_ERROR_1000 "</Events><Events>" APP_ERROR_1000
	    "</Events>");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	unit_parse_free(up);

	/* Invalid UTF-8 in the middle. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    APP_ERROR_1000 "\n<Event><System><Provider Name='\xff\xfe'/>"
	    "</System></Event>");
	assert_int_equal(up->n, 1);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "invalid XML at line 2"));
	unit_parse_free(up);

	/* Long names in the reason are cut between characters (the sink
	 * checks the reason). */
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "<Events><");
		unit_add_long_text(&sb, i);
		strbuf_addstr(&sb, ">");
		unit_parse_str(up, KIND_EVENT_XML, "System.xml", strbuf_str(&sb));
		assert_non_null(strstr(up->skip_reason, "ends inside <"));
		unit_parse_free(up);
		strbuf_addstr(&sb, "</x></Events>");
		unit_parse_str(up, KIND_EVENT_XML, "System.xml", strbuf_str(&sb));
		assert_non_null(strstr(up->skip_reason, "mismatch"));
		unit_parse_free(up);
	}
	strbuf_release(&sb);
}

static void
test_external_entity(void **state)
{
	struct unit_parse *up = *state;
	char path[64], doc[1024];
	FILE *f;

	snprintf(path, sizeof path, "/tmp/vmtriage-evxxe-%ld.txt",
	    (long)getpid());
	assert_non_null(f = fopen(path, "w"));
	fputs("XXEMARKERCONTENT\n", f);
	fclose(f);

	snprintf(doc, sizeof doc,
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file://%s\">"
	    "<!ENTITY p SYSTEM \"file:///etc/passwd\">]>\n"
	    "<Events><Event><System><Provider Name='&e;'/><EventID>1"
	    "</EventID></System><EventData><Data>&p;</Data></EventData>"
	    "</Event></Events>\n", path);
	unit_parse_str(up, KIND_EVENT_XML, "System.xml", doc);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
	unit_assert_absent(up, "XXEMARKER");
	unit_assert_absent(up, "root:");
	unit_parse_free(up);

	/* After banner text: still the prolog. */
	snprintf(doc, sizeof doc, "evtxexport 20181227\n\n<!DOCTYPE x [<!ENTITY"
	    " e SYSTEM \"file://%s\">]>\n<Event><System><Provider Name='p'/>"
	    "<EventID>1</EventID></System><EventData><Data>&e;</Data>"
	    "</EventData></Event>\n", path);
	unit_parse_str(up, KIND_EVENT_XML, "System.xml", doc);
	assert_int_equal(up->n, 0);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
	unit_assert_absent(up, "XXEMARKER");
	unit_parse_free(up);

	/* Further in: not XML there; the event before it stays. */
	snprintf(doc, sizeof doc, APP_ERROR_1000 "\n<!DOCTYPE x [<!ENTITY e "
	    "SYSTEM \"file://%s\">]>\n<Event><System><Provider Name='p'/>"
	    "<EventID>1</EventID></System><EventData><Data>&e;</Data>"
	    "</EventData></Event>\n", path);
	unit_parse_str(up, KIND_EVENT_XML, "System.xml", doc);
	assert_int_equal(up->n, 1);
	assert_non_null(strstr(up->skip_reason, "invalid XML at line 2"));
	unit_assert_absent(up, "XXEMARKER");
	unit_parse_free(up);

	/* An entity never declared. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    "<Event><System><Provider Name='p'/><EventID>1</EventID>"
	    "</System><EventData><Data>&e;</Data></EventData></Event>");
	assert_int_equal(up->n, 0);
	assert_non_null(strstr(up->skip_reason, "invalid XML at line 1"));
	remove(path);
}

static void
test_billion_laughs(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"
	    "&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"
	    "&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"
	    "&lol2;&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"
	    "&lol3;&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"
	    "&lol4;&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"
	    "&lol5;&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"
	    "&lol6;&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"
	    "&lol7;&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;"
	    "&lol8;&lol8;&lol8;\">\n"
	    "]>\n"
	    "<Events><Event><System><Provider Name='p'/><EventID>1</EventID>"
	    "</System><EventData><Data>&lol9;</Data></EventData></Event>"
	    "</Events>\n");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "DOCTYPE"));
	unit_assert_absent(up, "lollol");
}

static void
test_event_too_big(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	const char *v;
	int i;

	strbuf_addstr(&sb, "<Event><System><Provider Name='Big'/><EventID>1"
	    "</EventID><Level>4</Level></System><EventData><Data Name='Blob'>");
	/* Two-byte characters, so that a cut could split one. */
	for (i = 0; i < 60000; i++)
		strbuf_addstr(&sb, "\xc3\xa9");
	strbuf_addstr(&sb, "</Data><Data Name='After'>x</Data></EventData>"
	    "</Event>\n" APP_ERROR_1000);
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", sb.buf, sb.len,
	    NULL);
	strbuf_release(&sb);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_int_equal(up->rec[0].cut, 1);
	assert_field(&up->rec[0], "provider", "Big");
	v = unit_field(&up->rec[0], "Blob");
	assert_non_null(v);
	assert_true(strlen(v) < EVENT_BYTES_MAX);
	assert_true(strlen(v) > EVENT_BYTES_MAX / 2);
	/* Cut between characters, never inside one. */
	assert_true(text_valid_utf8(v, strlen(v)));
	assert_true(text_valid_utf8(up->rec[0].msg, strlen(up->rec[0].msg)));
	/* The next event is whole. */
	assert_int_equal(up->rec[1].cut, 0);
	assert_field(&up->rec[1], "AppName", "IaaSBcdrExtension.exe");
}

static void
test_garbage(void **state)
{
	struct unit_parse *up = *state;
	unsigned char junk[20000];
	uint32_t seed = 12345;
	size_t i;

	for (i = 0; i < sizeof junk; i++) {
		seed = seed * 1103515245 + 12345;
		junk[i] = (unsigned char)(seed >> 16);
	}
	unit_parse_buf(up, KIND_EVENT_XML, "System.xml", junk, sizeof junk,
	    NULL);
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	/* Random bytes after a good event. */
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, APP_ERROR_1000 "\n<Event>");
		strbuf_add(&sb, junk, sizeof junk);
		unit_parse_buf(up, KIND_EVENT_XML, "System.xml", sb.buf,
		    sb.len, NULL);
		strbuf_release(&sb);
	}
	assert_int_equal(up->n, 1);
	assert_non_null(strstr(up->skip_reason, "invalid XML at line "));
	unit_parse_free(up);

	unit_parse_str(up, KIND_EVENT_XML, "System.xml", "hello, world\n");
	assert_int_equal(up->n, 0);
	assert_string_equal(up->skip_reason, "no <Event> element found");
	unit_parse_free(up);

	unit_parse_str(up, KIND_EVENT_XML, "System.xml", "");
	assert_int_equal(up->n, 0);
	assert_non_null(up->skip_reason);
	unit_parse_free(up);

	unit_parse_str(up, KIND_EVENT_XML, "System.xml", "<Events></Events>");
	assert_int_equal(up->n, 0);
	assert_string_equal(up->skip_reason, "no <Event> element found");
	unit_parse_free(up);

	/* Deep nesting stops at a depth limit. */
	{
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < 5000; i++)
			strbuf_addstr(&sb, "<a>");
		unit_parse_buf(up, KIND_EVENT_XML, "System.xml", sb.buf,
		    sb.len, NULL);
		strbuf_release(&sb);
	}
	assert_int_equal(up->n, 0);
	assert_string_equal(up->skip_reason, "invalid XML at line 1: "
	    "elements nested more than 256 deep (0 events read before it)");
	unit_parse_free(up);

	/* An event in 200 elements is fine. */
	{
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < 200; i++)
			strbuf_addstr(&sb, "<a>");
		strbuf_addstr(&sb, APP_ERROR_1000);
		for (i = 0; i < 200; i++)
			strbuf_addstr(&sb, "</a>");
		unit_parse_buf(up, KIND_EVENT_XML, "System.xml", sb.buf,
		    sb.len, NULL);
		strbuf_release(&sb);
	}
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	unit_parse_free(up);

	/* A tag cut at the end. */
	unit_parse_str(up, KIND_EVENT_XML, "System.xml",
	    APP_ERROR_1000 "\n<Eve");
	assert_int_equal(up->n, 1);
	assert_non_null(strstr(up->skip_reason, "invalid XML at line 2: "));
	unit_parse_free(up);
	unit_parse_str(up, KIND_EVENT_XML, "System.xml", "<a><b></b>");
	assert_string_equal(up->skip_reason, "invalid XML at line 1: the "
	    "file ends inside <a> (0 events read before it)");
}

static void
test_event_from_xml(void **state)
{
	struct event ev;
	const char *xml = evtxexport_xml + strlen("evtxexport 20181227\n\n");
	char with_nul[] = APP_ERROR_1000 "\n";
	const char *doctype = "<!DOCTYPE x [<!ENTITY e \"e\">]><Event>"
	    "<System><Provider Name='&e;'/><EventID>1</EventID></System>"
	    "</Event>";
	int i;

	(void)state;
	event_init(&ev);
	/* libevtx's string: NUL-terminated, the size counts the NUL. */
	assert_int_equal(event_from_xml(&ev, with_nul, sizeof with_nul), 0);
	assert_string_equal(event_get(&ev, "AppName"),
	    "IaaSBcdrExtension.exe");
	assert_string_equal(event_get(&ev, "record_id"), "88");
	assert_int_equal(ev.time.zone, VTIME_UTC);
	assert_int_equal(ev.line, 0);

	/* Two events: the first is the one. */
	assert_int_equal(event_from_xml(&ev, xml, strlen(xml)), 0);
	assert_string_equal(event_get(&ev, "event_id"), "7045");
	assert_null(event_get(&ev, "SubjectUserName"));
	assert_null(event_get(&ev, "AppName"));

	assert_int_equal(event_from_xml(&ev, "<Event><System>", 15), -1);
	assert_null(event_get(&ev, "event_id"));
	assert_int_equal(event_from_xml(&ev, "garbage", 7), -1);
	assert_int_equal(event_from_xml(&ev, "", 0), -1);
	assert_int_equal(event_from_xml(&ev, "<x/>", 4), -1);
	assert_int_equal(event_from_xml(&ev, doctype, strlen(doctype)), -1);

	/* The parser is reused, and renewed now and then. */
	for (i = 0; i < 10000; i++) {
		assert_int_equal(event_from_xml(&ev, SCM_7036_AGENT_STOPPED,
		    strlen(SCM_7036_AGENT_STOPPED)), 0);
		if (i % 997 == 0)
			assert_int_equal(event_from_xml(&ev, "<Event>", 7),
			    -1);
	}
	assert_string_equal(event_get(&ev, "binary"),
	    "WindowsAzureGuestAgent/1");
	event_release(&ev);
}

static void
test_corpus(void **state)
{
	struct unit_parse *up = *state;
	static const struct {
		const char	*file;
		size_t		 records;
	} files[] = {
		{ "python-evtx__system.evtxexport.xml", 1601 },
		{ "omerbenamram_evtx__sample-with-zero-data-size-event."
		    "evtxexport.xml", 335 },
		{ "EVTX-to-MITRE-Attack__ID7009-Service_deployment_time_out."
		    "evtxexport.xml", 3 },
	};
	const char *dir = unit_corpus_dir();
	const struct unit_record *u;
	char path[2048], *buf;
	size_t i, len = 0;

	if (dir == NULL)
		skip();
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/windows/xml_exports/%s", dir,
		    files[i].file);
		assert_non_null(buf = unit_read_file(path, &len));
		unit_parse_buf(up, KIND_EVENT_XML, files[i].file, buf, len,
		    NULL);
		free(buf);
		assert_null(up->skip_reason);
		assert_int_equal(up->n, files[i].records);
		if (i == 1) {
			u = unit_find(up, "event_id", "7031");
			assert_non_null(u);
			assert_field(u, "param1", "Sync Host_Session2");
			assert_field(u, "param5", "Restart the service");
			assert_field(u, "binary", "OneSyncSvc_Session2");
		}
		unit_parse_free(up);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_wevtutil_rendered, unit_reset),
		cmocka_unit_test_teardown(test_wevtutil_lines, unit_reset),
		cmocka_unit_test_teardown(test_event_viewer, unit_reset),
		cmocka_unit_test_teardown(test_evtxexport, unit_reset),
		cmocka_unit_test_teardown(test_data_items, unit_reset),
		cmocka_unit_test_teardown(test_userdata, unit_reset),
		cmocka_unit_test_teardown(test_binary, unit_reset),
		cmocka_unit_test_teardown(test_left_to_right_mark, unit_reset),
		cmocka_unit_test_teardown(test_system_properties, unit_reset),
		cmocka_unit_test_teardown(test_encodings, unit_reset),
		cmocka_unit_test_teardown(test_long_stream, unit_reset),
		cmocka_unit_test_teardown(test_broken, unit_reset),
		cmocka_unit_test_teardown(test_external_entity, unit_reset),
		cmocka_unit_test_teardown(test_billion_laughs, unit_reset),
		cmocka_unit_test_teardown(test_event_too_big, unit_reset),
		cmocka_unit_test_teardown(test_garbage, unit_reset),
		cmocka_unit_test(test_event_from_xml),
		cmocka_unit_test_teardown(test_corpus, unit_reset),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
