/*
 * classify.c: what a member is, from its path first and its first bytes
 * when the path says nothing; and the kind names the packs use.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "classify.h"
#include "xalloc.h"

#define VMSNAP "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
#define VMSNAP_DIR "var/lib/waagent/" VMSNAP "-1.0.9220.0"

/* Classifies name with head as content, from a buffer of exactly its
 * length so that a read past it is caught by the sanitizers. */
static enum source_kind
classify_buf(const char *name, const char *head, size_t len)
{
	enum source_kind k;
	unsigned char *copy;

	if (head == NULL)
		return classify(name, NULL, 0);
	copy = xmalloc(len > 0 ? len : 1);
	memcpy(copy, head, len);
	k = classify(name, copy, len);
	free(copy);
	return k;
}

static enum source_kind
classify_str(const char *name, const char *head)
{
	return classify_buf(name, head, head != NULL ? strlen(head) : 0);
}

/* A head with NUL bytes in it (UTF-16, binary magic). */
static void
assert_kind_buf(const char *name, const char *head, size_t len,
    enum source_kind want)
{
	enum source_kind k = classify_buf(name, head, len);

	if (k != want)
		fail_msg("\"%s\" classified as %s, want %s", name,
		    kind_name(k), kind_name(want));
}

static void
assert_kind(const char *name, const char *head, enum source_kind want)
{
	enum source_kind k = classify_str(name, head);

	if (k != want)
		fail_msg("\"%s\" classified as %s, want %s", name,
		    kind_name(k), kind_name(want));
}

/* Kinds that only their content tells, with a head each has. */
static const struct {
	enum source_kind	 kind;
	const char		*head;
} by_content[] = {
	{ KIND_EVENT_XML, "<Event xmlns='http://schemas.microsoft.com/win/"
	    "2004/08/events/event'><System><Provider Name='VSS'/>" },
	{ KIND_EVENT_CSV, "Level,Date and Time,Source,Event ID,Task Category\r\n"
	    "Information,10/7/2016 06:38:24 PM,VSS,8224,None\r\n" },
	{ KIND_EVENT_TEXT, "Event[0]:\r\n  Log Name: System\r\n" },
	{ KIND_VSSADMIN, "vssadmin 1.1 - Volume Shadow Copy Service "
	    "administrative command-line tool\r\n" },
	{ KIND_IPCONFIG, "\r\nWindows IP Configuration\r\n\r\n" },
	{ KIND_SC_QUERY, "\r\nSERVICE_NAME: RdAgent\r\n        TYPE   "
	    "            : 10  WIN32_OWN_PROCESS\r\n        STATE     " },
	{ KIND_SC_QUERY, "[SC] EnumQueryServicesStatus:OpenService FAILED "
	    "1060:\r\n\r\nThe specified service does not exist as an "
	    "installed service.\r\n" },
	{ KIND_REG_QUERY, "\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\"
	    "Services\\Tcpip\\Parameters\\Interfaces\\{e603}\r\n"
	    "    EnableDHCP    REG_DWORD    0x0\r\n" },
	{ KIND_REGISTRY_JSON, "{\n\"HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\"
	    "Services\\\\Dhcp\\\\Start\": \"0x2\"\n}" },
	{ KIND_SYSTEMINFO, "\r\nHost Name:                 VM1\r\n"
	    "OS Name:                   Microsoft Windows Server 2019\r\n" },
	/* az backup job list, a REST page, a REST instanceView body */
	{ KIND_AZ_EXPORT, "[\n  {\n    \"eTag\": null,\n    \"id\": \"/subscriptions/"
	    "0b9e/resourceGroups/rg/providers/Microsoft.RecoveryServices/"
	    "vaults/v/backupJobs/3f2a\",\n" },
	{ KIND_AZ_EXPORT, "{\"value\":[{\"id\":\"/subscriptions/0b9e/resourceGroups"
	    "/AzureBackupRG_westeurope_1/providers/Microsoft.Authorization/"
	    "locks/x\"" },
	{ KIND_AZ_EXPORT, "{\n  \"computerName\": \"vm1\",\n  \"osName\": "
	    "\"ubuntu\",\n  \"vmAgent\": {\n" },
};

static const char *
content_of(enum source_kind k)
{
	size_t i;

	for (i = 0; i < sizeof by_content / sizeof by_content[0]; i++)
		if (by_content[i].kind == k)
			return by_content[i].head;
	return NULL;
}

static void
test_examples(void **state)
{
	enum source_kind k;
	const char *path;

	(void)state;
	for (k = KIND_UNKNOWN + 1; k < KIND__COUNT; k++) {
		path = kind_example_path(k);
		assert_non_null(path);
		assert_string_not_equal(path, "unknown");
		if (!kind_is_member(k))
			continue;
		if (content_of(k) != NULL) {
			size_t i;

			/* The name alone says nothing; the head does. */
			assert_kind(path, NULL, KIND_UNKNOWN);
			for (i = 0; i < sizeof by_content /
			    sizeof by_content[0]; i++)
				if (by_content[i].kind == k)
					assert_kind(path, by_content[i].head,
					    k);
			continue;
		}
		assert_kind(path, NULL, k);
		/* A collector's or a customer's prefix changes nothing. */
		{
			char *prefixed;

			xasprintf(&prefixed, "WALinuxAgent-logs/vm1/%s", path);
			assert_kind(prefixed, NULL, k);
			free(prefixed);
		}
	}
}

static void
test_variants(void **state)
{
	(void)state;
	assert_kind("waagent.log", NULL, KIND_WAAGENT_LOG);
	assert_kind("var/log/waagent.log.1", NULL, KIND_WAAGENT_LOG);
	assert_kind("var/log/waagent.log-20240114", NULL, KIND_WAAGENT_LOG);
	assert_kind("var/lib/waagent/GoalState.xml", NULL,
	    KIND_GOALSTATE_XML);
	assert_kind("var/lib/waagent/GoalState.12.xml", NULL,
	    KIND_GOALSTATE_XML);
	assert_kind("var/lib/waagent/history/2024-01-14T22-16-48__3/"
	    "ExtensionsConfig.xml", NULL, KIND_EXTCONFIG_XML);
	assert_kind(VMSNAP_DIR "/status/" VMSNAP ".12.status", NULL,
	    KIND_EXT_STATUS);
	assert_kind("var/lib/waagent/Microsoft.Azure.Extensions."
	    "CustomScript-2.1.10/config/HandlerState", NULL,
	    KIND_HANDLER_STATE);
	assert_kind("var/lib/waagent/waagent_status.1.json", NULL,
	    KIND_AGENT_STATUS);
	assert_kind("var/log/azure/" VMSNAP "/extension.log.3", NULL,
	    KIND_VMSNAPSHOT_LOG);
	assert_kind("var/log/azure/" VMSNAP "/shell.log", NULL,
	    KIND_EXT_SHELL_LOG);
	assert_kind("var/log/azure/" VMSNAP "/handler.log", NULL,
	    KIND_EXT_LOG);
	assert_kind("var/log/azure/Microsoft.Azure.Extensions.CustomScript/"
	    "events/x.log", NULL, KIND_EXT_LOG);
	assert_kind("etc/redhat-release", NULL, KIND_OS_RELEASE);
	assert_kind("usr/lib/os-release", NULL, KIND_OS_RELEASE);
	assert_kind("var/log/messages", NULL, KIND_SYSLOG);
	assert_kind("var/log/syslog.1", NULL, KIND_SYSLOG);
	assert_kind("var/log/messages-20240114", NULL, KIND_SYSLOG);
	assert_kind("run/systemd/netif/leases/2", NULL, KIND_DHCP_LEASES);
	assert_kind("var/lib/NetworkManager/dhclient-eth0.lease", NULL,
	    KIND_DHCP_LEASES);
	assert_kind("etc/netplan/50-cloud-init.yaml", NULL,
	    KIND_NET_CONFIG);
	assert_kind("etc/network/interfaces.d/50-cloud-init", NULL,
	    KIND_NET_CONFIG);
	assert_kind("diag/iptables-save.txt", NULL, KIND_IPTABLES);
	assert_kind("etc/sysconfig/ip6tables", NULL, KIND_IPTABLES);
	assert_kind("run/reboot-required.pkgs", NULL, KIND_REBOOT_REQUIRED);
	assert_kind("var/log/apt/history.log.1", NULL, KIND_PACKAGE_LOG);
	assert_kind("var/log/zypp/history", NULL, KIND_PACKAGE_LOG);
	assert_kind("etc/azure/workload.conf", NULL, KIND_VMSNAPSHOT_CONFIG);
}

static void
test_near_misses(void **state)
{
	static const char *const paths[] = {
		"",
		"/",
		"waagent",
		"var/log/waagent.logs",
		"var/log/mywaagent.log",
		"var/log/waagent.log/extra",
		"etc/waagent.conf.bak",
		"etc/waagent.conf/x",
		"var/lib/waagent/GoalState.x.xml",
		"var/lib/waagent/GoalState.xml.bak",
		"var/lib/waagent/MyGoalState.xml",
		"var/lib/waagent/goalstate.xml",
		/* No version in the directory name. */
		"var/lib/waagent/" VMSNAP "/status/0.status",
		VMSNAP_DIR "/status/0.status.bak",
		VMSNAP_DIR "/status/x.status",
		VMSNAP_DIR "/config/HandlerStatus.bak",
		VMSNAP_DIR "/config/settings",
		"var/lib/waagent/waagent_status.json.tmp",
		"var/lib/waagent/error.json.bak",
		"var/log/azure/foo.log",
		"var/log/azure/" VMSNAP "/extension.log.gz",
		"var/log/azure/" VMSNAP "/status.json",
		"var/log/syslogs",
		"var/log/syslog.gz",
		"var/log/messages.old",
		"var/lib/waagent/results.txt",
		"etc/iptables",
		"iptables-save",
		"var/run/reboot-required.txt",
		"var/log/dpkg.log.2.gz",
		"var/log/apt/term.log",
		"etc/azure/other.conf",
		"etc/sysconfig/network",
		"etc/netplan/readme.txt",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		assert_kind(paths[i], NULL, KIND_UNKNOWN);
}

static void
test_path_beats_content(void **state)
{
	(void)state;
	/* The path decides: an agent log line in the syslog is syslog. */
	assert_kind("var/log/syslog",
	    "2024-01-14T22:16:48.796446Z INFO ExtHandler x\n", KIND_SYSLOG);
	assert_kind("etc/waagent.conf", "*filter\n-A INPUT -j DROP\n",
	    KIND_WAAGENT_CONF);
}

static void
test_sniff_agent_log(void **state)
{
	(void)state;
	assert_kind("support/agentlog (1).txt",
	    "2024-01-14T22:16:48.796446Z INFO ExtHandler ExtHandler "
	    "Processing\n", KIND_WAAGENT_LOG);
	/* The agent before 2.2.46, in local time. */
	assert_kind("waagent (1).log",
	    "2017/12/11 09:24:48.409157 INFO Daemon Azure Linux Agent\r\n",
	    KIND_WAAGENT_LOG);
	assert_kind("x", "2024-01-14 22:16:48.796446 ERROR Daemon x",
	    KIND_WAAGENT_LOG);
	assert_kind("x", "2024-01-14T22:16:48.796446Z VERBOSE a\nmore\n",
	    KIND_WAAGENT_LOG);
	assert_kind("x", "2024-01-14T22:16:48.796446Z WARNING a",
	    KIND_WAAGENT_LOG);

	/* Not the agent's shape. */
	assert_kind("x", "2024-01-14T22:16:48.796446Z hello INFO x\n",
	    KIND_UNKNOWN);
	assert_kind("x", "2024-01-14T22:16:48.796446Z DEBUG x\n",
	    KIND_UNKNOWN);
	assert_kind("x", "2024-01-14T22:16:48.796446ZINFO x\n",
	    KIND_UNKNOWN);
	assert_kind("x", "2024-01-14T22:16:48.796446Z info x\n",
	    KIND_UNKNOWN);
	/* The level must be followed by something. */
	assert_kind("x", "2024-01-14T22:16:48.796446Z INFO ", KIND_UNKNOWN);
	assert_kind("x", "2024-01-14T22:16:48.796446Z INFO", KIND_UNKNOWN);
	/* Only the first line counts. */
	assert_kind("x", "header\n2024-01-14T22:16:48Z INFO x\n",
	    KIND_UNKNOWN);
	assert_kind("x", "Jan 14 22:16:48 vm1 systemd[1]: Started\n",
	    KIND_UNKNOWN);
}

static void
test_sniff_results(void **state)
{
	(void)state;
	assert_kind("logs/results.txt",
	    "2024-01-14T22:16:48.796446Z INFO MainThread Log collection\n",
	    KIND_COLLECTOR_RESULTS);
	assert_kind("results.txt", "all tests passed\n", KIND_UNKNOWN);
	/* Only results.txt, not a name ending with it. */
	assert_kind("myresults.txt",
	    "2024-01-14T22:16:48.796446Z INFO MainThread x\n",
	    KIND_WAAGENT_LOG);
}

static void
test_sniff_show_configuration(void **state)
{
	(void)state;
	assert_kind("waagent-config.txt",
	    "AutoUpdate.Enabled = True\n"
	    "Extensions.Enabled = True\n"
	    "Logs.Verbose = False\n"
	    "OS.EnableFirewall = True\n", KIND_WAAGENT_CONF);
	/* Blank lines are not lines. */
	assert_kind("x",
	    "\nAutoUpdate.Enabled = True\n\nLogs.Verbose = False\r\n"
	    "OS.EnableFirewall = True", KIND_WAAGENT_CONF);
	/* Two lines are not enough to tell. */
	assert_kind("x", "AutoUpdate.Enabled = True\nLogs.Verbose = False\n",
	    KIND_UNKNOWN);
	/* One line that is not "Key.Name = value" spoils it. */
	assert_kind("x",
	    "AutoUpdate.Enabled = True\n"
	    "Extensions.Enabled = True\n"
	    "# comment\n"
	    "OS.EnableFirewall = True\n", KIND_UNKNOWN);
	/* waagent.conf itself writes "Key=value", no spaces. */
	assert_kind("x",
	    "AutoUpdate.Enabled=y\nLogs.Verbose=n\nOS.EnableFirewall=y\n",
	    KIND_UNKNOWN);
	assert_kind("x",
	    "autoUpdate.Enabled = True\n"
	    "extensions.Enabled = True\n"
	    "logs.Verbose = False\n", KIND_UNKNOWN);
	assert_kind("x", "Name = a\nOther = b\nThird = c\n", KIND_UNKNOWN);
}

static void
test_sniff_iptables(void **state)
{
	(void)state;
	assert_kind("firewall.out",
	    "# Generated by iptables-save v1.8.7 on Sun Jan 14 22:16:40 "
	    "2024\n*security\n:OUTPUT ACCEPT [0:0]\n"
	    "-A OUTPUT -d 168.63.129.16/32 -p tcp -m owner --uid-owner 0 "
	    "-j ACCEPT\nCOMMIT\n", KIND_IPTABLES);
	assert_kind("rules", "*filter\n:INPUT ACCEPT [0:0]\n"
	    "-A INPUT -j DROP\nCOMMIT\n", KIND_IPTABLES);
	/* A table without rules says nothing. */
	assert_kind("rules", "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n",
	    KIND_UNKNOWN);
	assert_kind("rules", "*nat\n-A POSTROUTING -j MASQUERADE\n",
	    KIND_UNKNOWN);
	assert_kind("rules", "-A INPUT -j DROP\n", KIND_UNKNOWN);
}

static void
test_short_heads(void **state)
{
	static const char *const heads[] = {
		"", "#", "*", "*filter", "*filter\n", "*filter\n-", "# Gen",
		"# Generated", "# Generated by iptable", "2024-01-14",
		"2024-01-14T22:16:48Z", "Tue Jan 14 22:16:40 UTC",
		"A.B = c", "\n\n\n",
	};
	size_t i;

	(void)state;
	/* Heads shorter than what a sniffer looks for: nothing matches and
	 * nothing is read past the end (the sanitizer build checks). */
	for (i = 0; i < sizeof heads / sizeof heads[0]; i++)
		assert_kind("unnamed", heads[i], KIND_UNKNOWN);
	assert_kind("unnamed", NULL, KIND_UNKNOWN);
}

static void
test_binary_head(void **state)
{
	unsigned char head[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof head; i++)
		head[i] = (unsigned char)(i * 37 + 0x80);
	assert_int_equal(classify("blob.bin", head, sizeof head),
	    KIND_UNKNOWN);
}

static void
test_names(void **state)
{
	enum source_kind k, j;
	const char *name;

	(void)state;
	for (k = KIND_UNKNOWN + 1; k < KIND__COUNT; k++) {
		name = kind_name(k);
		assert_non_null(name);
		assert_string_not_equal(name, "unknown");
		assert_int_equal(kind_from_name(name), k);
		for (j = KIND_UNKNOWN + 1; j < k; j++)
			assert_string_not_equal(kind_name(j), name);
		if (kind_platform(k) != NULL)
			assert_true(strcmp(kind_platform(k), "linux") == 0 ||
			    strcmp(kind_platform(k), "windows") == 0);
		assert_non_null(kind_title(k));
		assert_string_not_equal(kind_title(k), "an unrecognised file");
	}
	assert_string_equal(kind_name(KIND_WAAGENT_LOG), "waagent.log");
	assert_string_equal(kind_name(KIND_EXT_STATUS), "ext.status");
	assert_int_equal(kind_from_name("vmsnapshot.log"),
	    KIND_VMSNAPSHOT_LOG);

	assert_string_equal(kind_name(KIND_UNKNOWN), "unknown");
	assert_string_equal(kind_name(KIND__COUNT), "unknown");
	assert_null(kind_platform(KIND_UNKNOWN));
	assert_string_equal(kind_title(KIND_UNKNOWN), "an unrecognised file");
	assert_string_equal(kind_example_path(KIND_UNKNOWN), "unknown");
	assert_int_equal(kind_from_name("unknown"), KIND_UNKNOWN);
	assert_int_equal(kind_from_name(""), KIND_UNKNOWN);
	assert_int_equal(kind_from_name("Waagent.log"), KIND_UNKNOWN);
	assert_int_equal(kind_from_name("waagent.log "), KIND_UNKNOWN);
	assert_int_equal(kind_from_name("waagent"), KIND_UNKNOWN);
}

static void
test_cleanup_and_again(void **state)
{
	(void)state;
	/* The patterns are compiled again after a cleanup. */
	classify_cleanup();
	classify_cleanup();
	assert_kind("var/log/waagent.log", NULL, KIND_WAAGENT_LOG);
}

static int
teardown(void **state)
{
	(void)state;
	classify_cleanup();
	return 0;
}

/* Windows files: any case, any prefix, and the agent's configuration
 * files by their root element. */
static void
test_windows(void **state)
{
	(void)state;
	assert_kind("C/WindowsAzure/Logs/waappagent.log", NULL, KIND_GA_LOG);
	assert_kind("WindowsAzure/Logs/TransparentInstaller.log", NULL,
	    KIND_GA_LOG);
	assert_kind("logs/Telemetry.log", NULL, KIND_GA_LOG);
	assert_kind("WindowsAzure/Logs/Plugins/Microsoft.Azure.Recovery"
	    "Services.VMSnapshot/1.0.104.0/IaaSBcdrExtension3.log", NULL,
	    KIND_BCDR_LOG);
	assert_kind("WindowsAzure/Logs/Plugins/Microsoft.Compute.Custom"
	    "ScriptExtension/1.10.15/CustomScriptHandler.log", NULL,
	    KIND_WINEXT_LOG);
	assert_kind("packages/plugins/Microsoft.Compute.CustomScript"
	    "Extension/1.10.15/status/0.status", NULL, KIND_EXT_STATUS);
	assert_kind("Packages/Plugins/Microsoft.Compute.CustomScript"
	    "Extension/1.10.15/RuntimeSettings/0.settings", NULL,
	    KIND_EXT_SETTINGS);
	assert_kind("x/Windows/System32/winevt/Logs/Microsoft-Windows-"
	    "AppLocker%4EXE and DLL.EVTX", NULL, KIND_EVTX);
	/* Renamed: the magic decides. */
	assert_kind_buf("exports/system-log.bin", "ElfFile\0\0\0\0\0", 12,
	    KIND_EVTX);
	assert_kind("WindowsAzure/config/c4d2_MGITest.1.xml",
	    "<?xml version=\"1.0\"?>\n<Extensions version=\"1.0.0.0\">",
	    KIND_EXTCONFIG_XML);
	assert_kind("VMAgentLogs/Config/WireServerRoleExtensionsConfig_"
	    "f26e._MGITest.xml", "<Extensions>", KIND_EXTCONFIG_XML);
	assert_kind("WindowsAzure/config/x.xml",
	    "<!-- c --><SharedConfig version=\"1.0.0.0\">",
	    KIND_SHAREDCONFIG_XML);
	assert_kind("WindowsAzure/config/x.xml", "<ExtensionsConfig>",
	    KIND_UNKNOWN);
	assert_kind("elsewhere/x.xml", "<GoalState>", KIND_UNKNOWN);
	/* An export in UTF-16LE with its BOM, as PowerShell writes it. */
	assert_kind_buf("writers.txt", "\xff\xfeW\0r\0i\0t\0e\0r\0 \0n\0a"
	    "\0m\0e\0:\0 \0'\0S\0", 32, KIND_VSSADMIN);
	/* The same without a BOM: the zero bytes tell. */
	assert_kind_buf("writers.txt", "W\0r\0i\0t\0e\0r\0 \0n\0a\0m\0e\0"
	    ":\0 \0'\0S\0", 30, KIND_VSSADMIN);
	assert_kind("notes.txt", "Writer notes", KIND_UNKNOWN);
	/* A JSON object of something else, a registry path in prose. */
	assert_kind("registry.json", "{\"plugins\": [\"a\", \"b\"]}",
	    KIND_UNKNOWN);
	assert_kind("notes.txt", "HKEY_LOCAL_MACHINE\\SOFTWARE was checked",
	    KIND_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_near_misses),
		cmocka_unit_test(test_path_beats_content),
		cmocka_unit_test(test_sniff_agent_log),
		cmocka_unit_test(test_sniff_results),
		cmocka_unit_test(test_sniff_show_configuration),
		cmocka_unit_test(test_sniff_iptables),
		cmocka_unit_test(test_short_heads),
		cmocka_unit_test(test_binary_head),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_cleanup_and_again),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
