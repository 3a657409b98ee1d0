/*
 * parse_wintext.c: vssadmin list writers, ipconfig /all, sc query and
 * sc queryex, systeminfo (LIST and CSV); line ends, UTF-16, localised
 * labels, and damaged input.
 */
#include "config.h"

#include "unit.h"
#include "strbuf.h"

/* Every record: text and message, lines in order, no time. */
static void
assert_well_formed(const struct unit_parse *up, enum source_kind kind)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		const struct unit_record *u = &up->rec[i];

		assert_int_equal(u->kind, kind);
		assert_non_null(u->text);
		assert_non_null(u->msg);
		assert_true(strlen(u->text) > 0);
		assert_true(u->line >= 1);
		assert_true(u->lines >= 1);
		assert_int_equal(u->time.zone, VTIME_NONE);
		if (i > 0)
			assert_true(u->line >= up->rec[i - 1].line +
			    up->rec[i - 1].lines);
	}
}

/* ASCII to UTF-16LE with a BOM, as PowerShell's redirection writes. */
static char *
utf16le(const char *s, size_t *len)
{
	size_t n = strlen(s), i;
	char *out = xmalloc(2 * n + 2);

	out[0] = (char)0xff;
	out[1] = (char)0xfe;
	for (i = 0; i < n; i++) {
		out[2 + 2 * i] = s[i];
		out[3 + 2 * i] = '\0';
	}
	*len = 2 * n + 2;
	return out;
}

/* ---- vssadmin list writers ---- */

static const char vssadmin[] =
"vssadmin 1.1 - Volume Shadow Copy Service administrative command-line "
"tool\r\n"
"(C) Copyright 2001-2013 Microsoft Corp.\r\n"
"\r\n"
"Writer name: 'Task Scheduler Writer'\r\n"
"   Writer Id: {d61d61c8-d73a-4eee-8cdd-f6f9786b7124}\r\n"
"   Writer Instance Id: {1bddd48e-5052-49db-9b07-b96f96727e6b}\r\n"
"   State: [1] Stable\r\n"
"   Last error: No error\r\n"
"\r\n"
"Writer name: 'SqlServerWriter'\r\n"
"   Writer Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}\r\n"
"   Writer Instance Id: {9075d8d5-a7d9-4d3d-8d82-7e8c2d0e71bc}\r\n"
"   State: [8] Failed\r\n"
"   Last error: Retryable error\r\n"
"\r\n"
"Writer name: 'System Writer'\r\n"
"   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\r\n"
"   Writer Instance Id: {04cf6316-f0c5-4ce7-bbe4-e56e6334124c}\r\n"
"   State: [5] Waiting for completion\r\n"
"   Last error: No error\r\n"
"\r\n"
"Writer name: 'ASR Writer'\r\n"
"   Writer Id: {be000cbe-11fe-4426-9c58-531aa6355fc4}\r\n"
"   Writer Instance Id: {1dcb9866-6b86-4a5f-8dcc-eaf270bbfb2b}\r\n"
"   State: [1] Stable\r\n"
"   Last error: Timed out\r\n"
"\r\n";

static void
test_vssadmin(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char *buf;
	size_t len;

	unit_parse_str(up, KIND_VSSADMIN, "vssadmin.txt", vssadmin);
	assert_null(up->skip_reason);
	assert_well_formed(up, KIND_VSSADMIN);
	/* The banner's two lines, then a record per writer. */
	assert_int_equal(up->n, 6);
	assert_null(unit_field(&up->rec[0], "writer"));
	assert_string_equal(up->rec[0].text, "vssadmin 1.1 - Volume Shadow "
	    "Copy Service administrative command-line tool");
	assert_level(&up->rec[0], NULL);

	u = &up->rec[2];
	assert_int_equal(u->line, 4);
	assert_int_equal(u->lines, 5);
	assert_field(u, "writer", "Task Scheduler Writer");
	assert_field(u, "writer_id", "{d61d61c8-d73a-4eee-8cdd-f6f9786b7124}");
	assert_field(u, "instance_id",
	    "{1bddd48e-5052-49db-9b07-b96f96727e6b}");
	assert_field(u, "state", "[1] Stable");
	assert_field(u, "state_code", "1");
	assert_field(u, "last_error", "No error");
	assert_level(u, NULL);
	assert_false(u->cut);

	u = unit_find(up, "writer", "SqlServerWriter");
	assert_non_null(u);
	assert_field(u, "state", "[8] Failed");
	assert_field(u, "state_code", "8");
	assert_field(u, "last_error", "Retryable error");
	assert_level(u, "WARNING");
	/* The block as written, for a regex. */
	assert_string_equal(u->text, "Writer name: 'SqlServerWriter'\n"
	    "   Writer Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}\n"
	    "   Writer Instance Id: {9075d8d5-a7d9-4d3d-8d82-7e8c2d0e71bc}\n"
	    "   State: [8] Failed\n"
	    "   Last error: Retryable error");
	assert_string_equal(u->msg, u->text);

	/* Not stable, or stable with an error: both warnings. */
	assert_level(unit_find(up, "writer", "System Writer"), "WARNING");
	assert_level(unit_find(up, "writer", "ASR Writer"), "WARNING");
	unit_parse_free(up);

	buf = utf16le(vssadmin, &len);
	unit_parse_buf(up, KIND_VSSADMIN, "vssadmin.txt", buf, len, NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 6);
	assert_field(&up->rec[3], "state_code", "8");
}

static void
test_vssadmin_other(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* German labels: read by the shape of the values. */
	unit_parse_str(up, KIND_VSSADMIN, "vssadmin.txt",
	    "Verfassername: \"SqlServerWriter\"\n"
	    "   Verfasserkennung: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}\n"
	    "   Verfasserinstanzkennung: "
	    "{9075d8d5-a7d9-4d3d-8d82-7e8c2d0e71bc}\n"
	    "   Status: [9] Fehler bei Einfrieren\n"
	    "   Letzter Fehler: Kein Fehler\n"
	    "\n"
	    "Verfassername: \"System Writer\"\n"
	    "   Verfasserkennung: {e8132975-6f93-4464-a53e-1050253ae220}\n"
	    "   Verfasserinstanzkennung: "
	    "{04cf6316-f0c5-4ce7-bbe4-e56e6334124c}\n"
	    "   Status: [1] Stabil\n"
	    "   Letzter Fehler: Kein Fehler\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = &up->rec[0];
	assert_field(u, "writer", "SqlServerWriter");
	assert_field(u, "writer_id", "{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}");
	assert_field(u, "instance_id",
	    "{9075d8d5-a7d9-4d3d-8d82-7e8c2d0e71bc}");
	assert_field(u, "state_code", "9");
	assert_field(u, "last_error", "Kein Fehler");
	assert_level(u, "WARNING");
	/* An error text in another language is not taken for one. */
	assert_level(&up->rec[1], NULL);
	unit_parse_free(up);

	/* vssadmin failing: its lines are records, for the patterns. */
	unit_parse_str(up, KIND_VSSADMIN, "vssadmin.txt",
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative "
	    "command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n"
	    "\n"
	    "Error: A Volume Shadow Copy Service component encountered an "
	    "unexpected error.\n"
	    "Check the Application event log for more information.\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_int_equal(up->rec[2].line, 4);
	assert_non_null(strstr(up->rec[2].msg, "encountered an unexpected"));
	unit_parse_free(up);

	/* Cut inside a writer: what was read is kept. */
	unit_parse_str(up, KIND_VSSADMIN, "vssadmin.txt",
	    "Writer name: 'System Writer'\n"
	    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
	    "Writer name: 'ASR Writer'\n"
	    "   Writer Id: {be000cbe-11fe-4426-9c58-531aa6355fc4}\n"
	    "   Writer Instance Id: {1dcb9866-6b86-4a5f");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "writer_id",
	    "{e8132975-6f93-4464-a53e-1050253ae220}");
	assert_null(unit_field(&up->rec[0], "state"));
	assert_level(&up->rec[0], NULL);
	assert_field(&up->rec[1], "instance_id", "{1dcb9866-6b86-4a5f");
}

/* ---- ipconfig /all ---- */

static const char ipconfig[] =
"\r\n"
"Windows IP Configuration\r\n"
"\r\n"
"   Host Name . . . . . . . . . . . . : vm-backup-01\r\n"
"   Primary Dns Suffix  . . . . . . . : \r\n"
"   Node Type . . . . . . . . . . . . : Hybrid\r\n"
"   IP Routing Enabled. . . . . . . . : No\r\n"
"   WINS Proxy Enabled. . . . . . . . : No\r\n"
"   DNS Suffix Search List. . . . . . : "
"abcd.bx.internal.cloudapp.net\r\n"
"\r\n"
"Ethernet adapter Ethernet 2:\r\n"
"\r\n"
"   Connection-specific DNS Suffix  . : abcd.bx.internal.cloudapp.net\r\n"
"   Description . . . . . . . . . . . : Microsoft Hyper-V Network "
"Adapter #2\r\n"
"   Physical Address. . . . . . . . . : 00-0D-3A-4B-5C-6D\r\n"
"   DHCP Enabled. . . . . . . . . . . : No\r\n"
"   Autoconfiguration Enabled . . . . : Yes\r\n"
"   Link-local IPv6 Address . . . . . : "
"fe80::1c2d:3e4f:5a6b:7c8d%6(Preferred) \r\n"
"   IPv4 Address. . . . . . . . . . . : 10.0.0.4(Preferred) \r\n"
"   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
"   Default Gateway . . . . . . . . . : fe80::1234:5678:9abc:def0%6\r\n"
"                                       10.0.0.1\r\n"
"   DHCPv6 IAID . . . . . . . . . . . : 100666682\r\n"
"   DNS Servers . . . . . . . . . . . : 10.0.0.10\r\n"
"                                       168.63.129.16\r\n"
"   NetBIOS over Tcpip. . . . . . . . : Enabled\r\n"
"\r\n"
"Ethernet adapter Ethernet:\r\n"
"\r\n"
"   Connection-specific DNS Suffix  . : abcd.bx.internal.cloudapp.net\r\n"
"   DHCP Enabled. . . . . . . . . . . : Yes\r\n"
"   IPv4 Address. . . . . . . . . . . : 10.1.0.5(Preferred) \r\n"
"   Lease Obtained. . . . . . . . . . : Monday, January 19, 2026 "
"8:00:00 AM\r\n"
"   Lease Expires . . . . . . . . . . : Thursday, February 25, 2162 "
"2:21:45 PM\r\n"
"   DHCP Server . . . . . . . . . . . : 168.63.129.16\r\n"
"\r\n"
"Tunnel adapter isatap.{1A2B3C4D-0000-1111-2222-333344445555}:\r\n"
"\r\n"
"   Media State . . . . . . . . . . . : Media disconnected\r\n";

static void
test_ipconfig(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char *buf;
	size_t len;

	unit_parse_str(up, KIND_IPCONFIG, "ipconfig.txt", ipconfig);
	assert_null(up->skip_reason);
	assert_well_formed(up, KIND_IPCONFIG);
	assert_int_equal(up->n, 4);

	u = &up->rec[0];
	assert_int_equal(u->line, 2);
	assert_int_equal(u->lines, 8);
	assert_null(unit_field(u, "adapter"));
	assert_field(u, "Host Name", "vm-backup-01");
	assert_field(u, "Primary Dns Suffix", "");
	assert_field(u, "IP Routing Enabled", "No");
	assert_field(u, "DNS Suffix Search List",
	    "abcd.bx.internal.cloudapp.net");

	u = unit_find(up, "adapter", "Ethernet 2");
	assert_non_null(u);
	assert_field(u, "adapter_type", "Ethernet");
	assert_field(u, "DHCP Enabled", "No");
	assert_field(u, "Connection-specific DNS Suffix",
	    "abcd.bx.internal.cloudapp.net");
	assert_field(u, "IPv4 Address", "10.0.0.4(Preferred)");
	assert_field(u, "Link-local IPv6 Address",
	    "fe80::1c2d:3e4f:5a6b:7c8d%6(Preferred)");
	/* Continuation lines join their label's value. */
	assert_field(u, "Default Gateway",
	    "fe80::1234:5678:9abc:def0%6, 10.0.0.1");
	assert_field(u, "DNS Servers", "10.0.0.10, 168.63.129.16");
	assert_field(u, "NetBIOS over Tcpip", "Enabled");
	assert_non_null(strstr(u->text, "Ethernet adapter Ethernet 2:\n"
	    "   Connection-specific DNS Suffix"));
	assert_non_null(strstr(u->text, "   DHCP Enabled. . . . . . . . . . . "
	    ": No\n"));

	u = unit_find(up, "adapter", "Ethernet");
	assert_non_null(u);
	assert_field(u, "DHCP Enabled", "Yes");
	assert_field(u, "Lease Obtained",
	    "Monday, January 19, 2026 8:00:00 AM");
	assert_field(u, "DHCP Server", "168.63.129.16");

	u = &up->rec[3];
	assert_field(u, "adapter",
	    "isatap.{1A2B3C4D-0000-1111-2222-333344445555}");
	assert_field(u, "adapter_type", "Tunnel");
	assert_field(u, "Media State", "Media disconnected");
	unit_parse_free(up);

	buf = utf16le(ipconfig, &len);
	unit_parse_buf(up, KIND_IPCONFIG, "ipconfig.txt", buf, len, NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 4);
	assert_field(&up->rec[1], "DNS Servers", "10.0.0.10, 168.63.129.16");
	unit_parse_free(up);

	/* German: the adapter's name still found, labels as written. */
	unit_parse_str(up, KIND_IPCONFIG, "ipconfig.txt",
	    "Windows-IP-Konfiguration\n"
	    "\n"
	    "   Hostname  . . . . . . . . . . . . : vm1\n"
	    "\n"
	    "Ethernet-Adapter Ethernet:\n"
	    "\n"
	    "   DHCP aktiviert. . . . . . . . . . : Nein\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "Hostname", "vm1");
	assert_field(&up->rec[1], "adapter", "Ethernet");
	assert_field(&up->rec[1], "DHCP aktiviert", "Nein");
}

/* ---- sc query, sc queryex ---- */

static const char sc_queryex[] =
"\r\n"
"SERVICE_NAME: RdAgent\r\n"
"DISPLAY_NAME: RdAgent\r\n"
"        TYPE               : 10  WIN32_OWN_PROCESS  \r\n"
"        STATE              : 4  RUNNING \r\n"
"                                (STOPPABLE, NOT_PAUSABLE, "
"ACCEPTS_SHUTDOWN)\r\n"
"        WIN32_EXIT_CODE    : 0  (0x0)\r\n"
"        SERVICE_EXIT_CODE  : 0  (0x0)\r\n"
"        CHECKPOINT         : 0x0\r\n"
"        WAIT_HINT          : 0x0\r\n"
"        PID                : 2148\r\n"
"        FLAGS              : \r\n"
"\r\n"
"SERVICE_NAME: WindowsAzureGuestAgent\r\n"
"DISPLAY_NAME: Windows Azure Guest Agent\r\n"
"        TYPE               : 10  WIN32_OWN_PROCESS  \r\n"
"        STATE              : 1  STOPPED \r\n"
"                                (NOT_STOPPABLE, NOT_PAUSABLE, "
"IGNORES_SHUTDOWN)\r\n"
"        WIN32_EXIT_CODE    : 1067  (0x42b)\r\n"
"        SERVICE_EXIT_CODE  : 0  (0x0)\r\n"
"        CHECKPOINT         : 0x0\r\n"
"        WAIT_HINT          : 0x0\r\n"
"        PID                : 0\r\n"
"        FLAGS              : \r\n";

static void
test_sc_query(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	struct strbuf sb = STRBUF_INIT;
	char *buf;
	size_t len, i;

	unit_parse_str(up, KIND_SC_QUERY, "sc-queryex.txt", sc_queryex);
	assert_null(up->skip_reason);
	assert_well_formed(up, KIND_SC_QUERY);
	assert_int_equal(up->n, 2);

	u = &up->rec[0];
	assert_int_equal(u->line, 2);
	assert_int_equal(u->lines, 11);
	assert_field(u, "service_name", "RdAgent");
	assert_field(u, "display_name", "RdAgent");
	assert_field(u, "type", "WIN32_OWN_PROCESS");
	assert_field(u, "type_code", "10");
	assert_field(u, "state", "RUNNING");
	assert_field(u, "state_code", "4");
	assert_field(u, "controls",
	    "STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN");
	assert_field(u, "win32_exit_code", "0");
	assert_field(u, "service_exit_code", "0");
	assert_field(u, "checkpoint", "0x0");
	assert_field(u, "pid", "2148");
	assert_field(u, "flags", "");
	assert_level(u, NULL);

	u = unit_find(up, "service_name", "WindowsAzureGuestAgent");
	assert_non_null(u);
	assert_field(u, "display_name", "Windows Azure Guest Agent");
	assert_field(u, "state", "STOPPED");
	assert_field(u, "state_code", "1");
	assert_field(u, "win32_exit_code", "1067");
	assert_non_null(strstr(u->text, "STATE              : 1  STOPPED"));
	unit_parse_free(up);

	buf = utf16le(sc_queryex, &len);
	unit_parse_buf(up, KIND_SC_QUERY, "sc.txt", buf, len, NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[1], "win32_exit_code", "1067");
	unit_parse_free(up);

	/* sc query of one service: no DISPLAY_NAME, no PID. */
	unit_parse_str(up, KIND_SC_QUERY, "sc.txt",
	    "\n"
	    "SERVICE_NAME: VSS\n"
	    "        TYPE               : 10  WIN32_OWN_PROCESS\n"
	    "        STATE              : 1  STOPPED\n"
	    "        WIN32_EXIT_CODE    : 1077  (0x435)\n"
	    "        SERVICE_EXIT_CODE  : 0  (0x0)\n"
	    "        CHECKPOINT         : 0x0\n"
	    "        WAIT_HINT          : 0x0\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "service_name", "VSS");
	assert_null(unit_field(&up->rec[0], "display_name"));
	assert_null(unit_field(&up->rec[0], "pid"));
	assert_field(&up->rec[0], "win32_exit_code", "1077");
	unit_parse_free(up);

	/* sc qc: its labels as fields, a second dependency joined. */
	unit_parse_str(up, KIND_SC_QUERY, "sc.txt",
	    "[SC] QueryServiceConfig SUCCESS\r\n"
	    "\r\n"
	    "SERVICE_NAME: MSDTC\r\n"
	    "        TYPE               : 10  WIN32_OWN_PROCESS\r\n"
	    "        START_TYPE         : 3   DEMAND_START\r\n"
	    "        BINARY_PATH_NAME   : C:\\Windows\\System32\\msdtc.exe\r\n"
	    "        LOAD_ORDER_GROUP   :\r\n"
	    "        DISPLAY_NAME       : Distributed Transaction "
	    "Coordinator\r\n"
	    "        DEPENDENCIES       : RPCSS\r\n"
	    "                           : SamSS\r\n"
	    "        SERVICE_START_NAME : LocalSystem\r\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = &up->rec[1];
	assert_field(u, "service_name", "MSDTC");
	assert_field(u, "start_type", "DEMAND_START");
	assert_field(u, "start_type_code", "3");
	assert_field(u, "binary_path_name",
	    "C:\\Windows\\System32\\msdtc.exe");
	assert_field(u, "load_order_group", "");
	assert_field(u, "display_name", "Distributed Transaction Coordinator");
	assert_field(u, "dependencies", "RPCSS, SamSS");
	assert_field(u, "service_start_name", "LocalSystem");
	assert_non_null(strstr(u->text, "SERVICE_START_NAME : LocalSystem"));
	unit_parse_free(up);

	/* A label too long for a field name is cut between characters. */
	for (i = 0; i < 2; i++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "SERVICE_NAME: VSS\n        ");
		unit_add_long_text(&sb, i);
		strbuf_addstr(&sb, " : x\n");
		unit_parse_str(up, KIND_SC_QUERY, "sc.txt", strbuf_str(&sb));
		assert_int_equal(up->n, 1);
		assert_int_equal(up->rec[0].nfields, 2);
		assert_int_equal(strlen(up->rec[0].names[1]), 62 + i);
		unit_parse_free(up);
	}
	strbuf_release(&sb);

	/* sc failing: its lines are records. */
	unit_parse_str(up, KIND_SC_QUERY, "sc.txt",
	    "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n"
	    "\r\n"
	    "The specified service does not exist as an installed service."
	    "\r\n\r\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	assert_string_equal(up->rec[0].text,
	    "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:");
	assert_int_equal(up->rec[1].line, 3);
	assert_int_equal(up->rec[0].nfields, 0);
}

/* ---- systeminfo ---- */

static const char systeminfo[] =
"\r\n"
"Host Name:                 VM-BACKUP-01\r\n"
"OS Name:                   Microsoft Windows Server 2019 Datacenter\r\n"
"OS Version:                10.0.17763 N/A Build 17763\r\n"
"OS Manufacturer:           Microsoft Corporation\r\n"
"OS Configuration:          Standalone Server\r\n"
"OS Build Type:             Multiprocessor Free\r\n"
"Registered Owner:          N/A\r\n"
"Registered Organization:\r\n"
"Product ID:                00430-00000-00000-AA123\r\n"
"Original Install Date:     3/19/2021, 7:45:51 AM\r\n"
"System Boot Time:          1/20/2026, 2:12:55 AM\r\n"
"System Manufacturer:       Microsoft Corporation\r\n"
"System Model:              Virtual Machine\r\n"
"System Type:               x64-based PC\r\n"
"Processor(s):              1 Processor(s) Installed.\r\n"
"                           [01]: Intel64 Family 6 Model 85 Stepping 7 "
"GenuineIntel ~2594 Mhz\r\n"
"BIOS Version:              Microsoft Corporation Hyper-V UEFI Release "
"v4.1, 5/13/2021\r\n"
"Windows Directory:         C:\\Windows\r\n"
"System Directory:          C:\\Windows\\system32\r\n"
"Boot Device:               \\Device\\HarddiskVolume3\r\n"
"System Locale:             en-us;English (United States)\r\n"
"Input Locale:              en-us;English (United States)\r\n"
"Time Zone:                 (UTC-08:00) Pacific Time (US & Canada)\r\n"
"Total Physical Memory:     8,191 MB\r\n"
"Available Physical Memory: 5,120 MB\r\n"
"Virtual Memory: Max Size:  9,471 MB\r\n"
"Virtual Memory: Available: 6,100 MB\r\n"
"Virtual Memory: In Use:    3,371 MB\r\n"
"Page File Location(s):     D:\\pagefile.sys\r\n"
"Domain:                    WORKGROUP\r\n"
"Logon Server:              \\\\VM-BACKUP-01\r\n"
"Hotfix(s):                 3 Hotfix(s) Installed.\r\n"
"                           [01]: KB5020627\r\n"
"                           [02]: KB5022286\r\n"
"                           [03]: KB5022840\r\n"
"Network Card(s):           1 NIC(s) Installed.\r\n"
"                           [01]: Microsoft Hyper-V Network Adapter\r\n"
"                                 Connection Name: Ethernet\r\n"
"                                 DHCP Enabled:    Yes\r\n"
"                                 DHCP Server:     168.63.129.16\r\n"
"                                 IP address(es)\r\n"
"                                 [01]: 10.0.0.4\r\n"
"Hyper-V Requirements:      A hypervisor has been detected. Features "
"required for Hyper-V will not be displayed.\r\n";

static void
test_systeminfo(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	char *buf;
	size_t len;

	unit_parse_str(up, KIND_SYSTEMINFO, "systeminfo.txt", systeminfo);
	assert_null(up->skip_reason);
	assert_well_formed(up, KIND_SYSTEMINFO);
	assert_int_equal(up->n, 1);

	u = &up->rec[0];
	assert_int_equal(u->line, 2);
	assert_int_equal(u->lines, 43);
	assert_false(u->cut);
	assert_field(u, "Host Name", "VM-BACKUP-01");
	assert_field(u, "OS Name", "Microsoft Windows Server 2019 Datacenter");
	assert_field(u, "OS Version", "10.0.17763 N/A Build 17763");
	assert_field(u, "Registered Organization", "");
	assert_field(u, "Original Install Date", "3/19/2021, 7:45:51 AM");
	assert_field(u, "System Boot Time", "1/20/2026, 2:12:55 AM");
	/* Exact: later code reads local times with it. */
	assert_field(u, "Time Zone", "(UTC-08:00) Pacific Time (US & Canada)");
	assert_field(u, "Available Physical Memory", "5,120 MB");
	/* Labels with a colon of their own. */
	assert_field(u, "Virtual Memory: Max Size", "9,471 MB");
	assert_field(u, "Virtual Memory: Available", "6,100 MB");
	assert_field(u, "Virtual Memory: In Use", "3,371 MB");
	assert_field(u, "Logon Server", "\\\\VM-BACKUP-01");
	/* Sub-lines: in the text as written, and joined in the value. */
	assert_field(u, "Hotfix(s)", "3 Hotfix(s) Installed., [01]: KB5020627, "
	    "[02]: KB5022286, [03]: KB5022840");
	assert_non_null(strstr(u->text, "\n                           "
	    "[02]: KB5022286\n"));
	assert_non_null(strstr(u->text, "DHCP Enabled:    Yes"));
	assert_non_null(strstr(unit_field(u, "Network Card(s)"),
	    "Connection Name: Ethernet"));
	assert_field(u, "Hyper-V Requirements", "A hypervisor has been "
	    "detected. Features required for Hyper-V will not be displayed.");
	unit_parse_free(up);

	buf = utf16le(systeminfo, &len);
	unit_parse_buf(up, KIND_SYSTEMINFO, "systeminfo.txt", buf, len, NULL);
	free(buf);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "Time Zone",
	    "(UTC-08:00) Pacific Time (US & Canada)");
}

static void
test_systeminfo_other(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* /FO CSV: a header, a row per system. */
	unit_parse_str(up, KIND_SYSTEMINFO, "systeminfo.csv",
	    "\"Host Name\",\"OS Name\",\"Original Install Date\",\"Time "
	    "Zone\",\"Hotfix(s)\"\r\n"
	    "\"VM1\",\"Microsoft Windows Server 2022 Datacenter\",\"3/19/2021, "
	    "7:45:51 AM\",\"(UTC) Coordinated Universal Time\",\"2 Hotfix(s) "
	    "Installed.,[01]: KB5020627,[02]: KB5022286\"\r\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_int_equal(u->line, 2);
	assert_field(u, "Host Name", "VM1");
	assert_field(u, "Original Install Date", "3/19/2021, 7:45:51 AM");
	assert_field(u, "Time Zone", "(UTC) Coordinated Universal Time");
	assert_non_null(strstr(u->msg, "\nTime Zone: (UTC) Coordinated "
	    "Universal Time\n"));
	assert_non_null(strstr(u->text, "\"VM1\","));
	unit_parse_free(up);

	/* German labels, a wider column: tolerated, kept as written. */
	unit_parse_str(up, KIND_SYSTEMINFO, "systeminfo.txt",
	    "Hostname:                                      VM1\n"
	    "Betriebssystemname:                            Microsoft Windows "
	    "Server 2019 Datacenter\n"
	    "Zeitzone:                                      (UTC+01:00) "
	    "Amsterdam, Berlin, Bern, Rom, Stockholm, Wien\n"
	    "Virtueller Arbeitsspeicher: Maximale Gr\xc3\xb6\xc3\x9f" "e:    "
	    "9.471 MB\n"
	    "Hotfix(es):                                    1 Hotfix(es) "
	    "installiert.\n"
	    "                                               [01]: KB5020627\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	u = &up->rec[0];
	assert_field(u, "Hostname", "VM1");
	assert_field(u, "Zeitzone", "(UTC+01:00) Amsterdam, Berlin, Bern, "
	    "Rom, Stockholm, Wien");
	assert_field(u, "Virtueller Arbeitsspeicher: Maximale "
	    "Gr\xc3\xb6\xc3\x9f" "e", "9.471 MB");
	assert_field(u, "Hotfix(es)", "1 Hotfix(es) installiert., "
	    "[01]: KB5020627");
	unit_parse_free(up);

	/* systeminfo /S for two hosts: a record each. */
	unit_parse_str(up, KIND_SYSTEMINFO, "systeminfo.txt",
	    "Host Name:                 VM1\n"
	    "OS Name:                   Microsoft Windows Server 2019\n"
	    "\n"
	    "Host Name:                 VM2\n"
	    "OS Name:                   Microsoft Windows Server 2022\n");
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[1], "Host Name", "VM2");
	assert_int_equal(up->rec[1].line, 4);
}

static void
test_damaged(void **state)
{
	static const enum source_kind kinds[] = {
		KIND_VSSADMIN, KIND_IPCONFIG, KIND_SC_QUERY, KIND_SYSTEMINFO,
	};
	static const unsigned char junk[] = {
		0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00,
		0xff, 0xff, 0x00, 0x00, 0xb8, 0x00, 0x3a, 0x20, 0x27, 0x0a,
	};
	struct unit_parse *up = *state;
	struct strbuf sb = STRBUF_INIT;
	struct limits lim;
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		unit_parse_str(up, kinds[i], "x.txt", "");
		assert_int_equal(up->n, 0);
		assert_skip(up, "empty file");
		unit_parse_free(up);

		unit_parse_str(up, kinds[i], "x.txt", "\r\n  \r\n\r\n");
		assert_int_equal(up->n, 0);
		assert_skip(up, "empty file");
		unit_parse_free(up);

		unit_parse_buf(up, kinds[i], "x.txt", junk, sizeof junk, NULL);
		assert_int_equal(up->n, 0);
		assert_skip(up, "binary data");
		unit_parse_free(up);
	}

	/* systeminfo cut in the middle of a line: what was read stays. */
	unit_parse_buf(up, KIND_SYSTEMINFO, "systeminfo.txt", systeminfo,
	    strstr(systeminfo, "Time Zone:") - systeminfo + 8, NULL);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 1);
	assert_field(&up->rec[0], "Input Locale",
	    "en-us;English (United States)");
	assert_null(unit_field(&up->rec[0], "Time Zone"));
	unit_parse_free(up);

	/* A line over max_line: the record is kept, cut. */
	limits_default(&lim);
	lim.max_line = 64;
	strbuf_addstr(&sb, "Host Name:                 VM1\n"
	    "OS Name:                   ");
	for (i = 0; i < 20; i++)
		strbuf_addstr(&sb, "0123456789");
	strbuf_addstr(&sb, "\nTime Zone:                 (UTC) Coordinated "
	    "Universal Time\n");
	unit_parse_buf(up, KIND_SYSTEMINFO, "systeminfo.txt", sb.buf, sb.len,
	    &lim);
	assert_int_equal(up->n, 1);
	assert_true(up->rec[0].cut);
	assert_int_equal(strlen(unit_field(&up->rec[0], "OS Name")), 64 - 27);
	assert_field(&up->rec[0], "Time Zone",
	    "(UTC) Coordinated Universal Time");
	unit_parse_free(up);

	/* An adapter with a thousand continuation lines stays bounded. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Ethernet adapter Ethernet:\n"
	    "   DNS Servers . . . . . . . . . . . : 10.0.0.1\n");
	for (i = 0; i < 3000; i++)
		strbuf_addstr(&sb, "                                       "
		    "10.0.0.2\n");
	unit_parse_buf(up, KIND_IPCONFIG, "ipconfig.txt", sb.buf, sb.len, NULL);
	assert_int_equal(up->n, 1);
	assert_true(up->rec[0].cut);
	assert_true(strlen(up->rec[0].text) <= 64 * 1024);
	assert_true(strlen(unit_field(&up->rec[0], "DNS Servers")) <=
	    32 * 1024);
	assert_int_equal(up->rec[0].lines, 3002);
	strbuf_release(&sb);
}

/* reg query: one record per value, under the key above it. */
static void
test_reg_query(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	unit_parse_str(up, KIND_REG_QUERY, "reg-tcpip.txt",
	    "\r\n"
	    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
	    "Parameters\\Interfaces\\{e603}\r\n"
	    "    EnableDHCP    REG_DWORD    0x0\r\n"
	    "    Domain    REG_SZ    \r\n"
	    "    NameServer    REG_SZ    10.50.0.4,10.50.0.5\r\n"
	    "    (Default)    REG_SZ    a value  with  spaces\r\n"
	    "\r\n"
	    "HKEY_LOCAL_MACHINE\\SYSTEM\\Other\r\n"
	    "    Start    REG_DWORD    0x2\r\n"
	    "\r\n"
	    "ERROR: The system was unable to find the specified registry key "
	    "or value.\r\n");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 6);
	u = &up->rec[0];
	assert_int_equal(u->line, 3);
	assert_field(u, "key", "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"
	    "\\Services\\Tcpip\\Parameters\\Interfaces\\{e603}\\EnableDHCP");
	assert_field(u, "name", "EnableDHCP");
	assert_field(u, "type", "REG_DWORD");
	assert_field(u, "value", "0x0");
	assert_field(&up->rec[1], "value", "");
	assert_field(&up->rec[2], "value", "10.50.0.4,10.50.0.5");
	assert_field(&up->rec[3], "name", "(Default)");
	assert_field(&up->rec[3], "value", "a value  with  spaces");
	assert_field(&up->rec[4], "key", "HKEY_LOCAL_MACHINE\\SYSTEM\\Other"
	    "\\Start");
	/* The error line is a record of its own, with no field. */
	assert_null(unit_field(&up->rec[5], "key"));
	assert_non_null(strstr(up->rec[5].text, "unable to find"));
}

/* A value before any key, a line that is no value: kept, no crash. */
static void
test_reg_query_odd(void **state)
{
	struct unit_parse *up = *state;

	unit_parse_str(up, KIND_REG_QUERY, "reg.txt",
	    "    Orphan    REG_SZ    x\r\n"
	    "    not a value line\r\n");
	assert_int_equal(up->n, 2);
	assert_field(&up->rec[0], "key", "\\Orphan");
	assert_null(unit_field(&up->rec[1], "key"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_vssadmin, unit_reset),
		cmocka_unit_test_teardown(test_reg_query, unit_reset),
		cmocka_unit_test_teardown(test_reg_query_odd, unit_reset),
		cmocka_unit_test_teardown(test_vssadmin_other, unit_reset),
		cmocka_unit_test_teardown(test_ipconfig, unit_reset),
		cmocka_unit_test_teardown(test_sc_query, unit_reset),
		cmocka_unit_test_teardown(test_systeminfo, unit_reset),
		cmocka_unit_test_teardown(test_systeminfo_other, unit_reset),
		cmocka_unit_test_teardown(test_damaged, unit_reset),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
