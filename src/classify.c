/*
 * What a member is.  The path decides first, matched against where each
 * file lives on the VM (the collector keeps those paths, and a customer's
 * zip usually does too); the first bytes decide for a file renamed on the
 * way ("waagent (1).log").  This is knowledge of formats, not of faults.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pcre2.h>
#include <string.h>

#include "classify.h"
#include "text.h"
#include "timeparse.h"
#include "xalloc.h"

struct kind_info {
	enum source_kind	 kind;
	const char		*name;
	const char		*platform;
	const char		*title;
	const char		*path;	/* PCRE2 over the normalised path */
	const char		*example;	/* a path such a file has */
};

/* In match order: more specific paths before generic ones. */
static const struct kind_info kinds[] = {
	{ KIND_WAAGENT_LOG, "waagent.log", "linux",
	    "the Linux agent's log (/var/log/waagent.log)",
	    "(^|/)waagent\\.log([.-][^/]*)?$",
	    "var/log/waagent.log" },
	{ KIND_WAAGENT_CONF, "waagent.conf", "linux",
	    "the Linux agent's configuration (/etc/waagent.conf)",
	    "(^|/)waagent\\.conf$",
	    "etc/waagent.conf" },
	{ KIND_GOALSTATE_XML, "goalstate.xml", NULL,
	    "a goal state (/var/lib/waagent GoalState*.xml)",
	    "(^|/)GoalState(\\.\\d+)?\\.xml$",
	    "var/lib/waagent/GoalState.1.xml" },
	{ KIND_EXTCONFIG_XML, "extensionsconfig.xml", NULL,
	    "an extensions configuration (ExtensionsConfig*.xml)",
	    "(^|/)ExtensionsConfig(\\.\\d+)?\\.xml$",
	    "var/lib/waagent/ExtensionsConfig.1.xml" },
	{ KIND_HOSTINGENV_XML, "hostingenv.xml", NULL,
	    "the hosting environment (HostingEnvironmentConfig.xml)",
	    "(^|/)HostingEnvironmentConfig(\\.\\d+)?\\.xml$",
	    "var/lib/waagent/HostingEnvironmentConfig.xml" },
	{ KIND_SHAREDCONFIG_XML, "sharedconfig.xml", NULL,
	    "the shared configuration (SharedConfig.xml)",
	    "(^|/)SharedConfig(\\.\\d+)?\\.xml$",
	    "var/lib/waagent/SharedConfig.xml" },
	{ KIND_OVF_ENV_XML, "ovf-env.xml", "linux",
	    "the provisioning environment (ovf-env.xml)",
	    "(^|/)ovf-env\\.xml$",
	    "var/lib/waagent/ovf-env.xml" },
	{ KIND_EXT_STATUS, "ext.status", NULL,
	    "an extension's status file (<ext>/status/N.status)",
	    "(^|/)[^/]+-\\d+(\\.\\d+)*/status/([^/]+\\.)?\\d+\\.status$|"
	    "(?i:(^|/)Plugins/[^/]+/[^/]+/Status/\\d+\\.status$)",
	    "var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9220.0/status/0.status" },
	{ KIND_HANDLER_STATUS, "ext.handlerstatus", "linux",
	    "an extension's handler status (<ext>/config/HandlerStatus)",
	    "(^|/)[^/]+-\\d+(\\.\\d+)*/config/([^/]+\\.)?HandlerStatus$",
	    "var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9220.0/config/HandlerStatus" },
	{ KIND_HANDLER_STATE, "ext.handlerstate", "linux",
	    "an extension's handler state (<ext>/config/HandlerState)",
	    "(^|/)[^/]+-\\d+(\\.\\d+)*/config/([^/]+\\.)?HandlerState$",
	    "var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9220.0/config/HandlerState" },
	{ KIND_EXT_SETTINGS, "ext.settings", NULL,
	    "an extension's settings (<ext>/config/N.settings)",
	    "(^|/)[^/]+-\\d+(\\.\\d+)*/config/([^/]+\\.)?\\d+\\.settings$|"
	    "(?i:(^|/)Plugins/[^/]+/[^/]+/RuntimeSettings/\\d+\\.settings$)",
	    "var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9220.0/config/0.settings" },
	{ KIND_AGENT_STATUS, "waagent.status", "linux",
	    "the agent's status report (waagent_status.json)",
	    "(^|/)waagent_status(\\.\\d+)?\\.json$",
	    "var/lib/waagent/waagent_status.json" },
	{ KIND_AGENT_ERROR, "agent.error", "linux",
	    "an agent version's failure record (error.json)",
	    "(^|/)(WALinuxAgent-[^/]+/)?error\\.json$",
	    "var/lib/waagent/WALinuxAgent-2.9.1.1/error.json" },
	{ KIND_VMSNAPSHOT_LOG, "vmsnapshot.log", "linux",
	    "the VMSnapshotLinux extension's log (extension.log)",
	    "(^|/)log/azure/Microsoft\\.Azure\\.RecoveryServices\\."
	    "VMSnapshotLinux/extension\\.log(\\.\\d+)?$",
	    "var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log" },
	{ KIND_EXT_SHELL_LOG, "ext.shell.log", "linux",
	    "an extension's shell log (shell.log)",
	    "(^|/)log/azure/[^/]+/shell\\.log(\\.\\d+)?$",
	    "var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/shell.log" },
	{ KIND_EXT_LOG, "ext.log", "linux",
	    "an extension's log (/var/log/azure/<ext>/*.log)",
	    "(^|/)log/azure/[^/]+/([^/]+/)?[^/]+\\.log(\\.\\d+)?$",
	    "var/log/azure/Microsoft.Azure.Extensions.CustomScript/handler.log" },
	{ KIND_OS_RELEASE, "os-release", "linux",
	    "the OS release file (/etc/os-release)",
	    "(^|/)(etc/[^/]*[-_]release|os-release)$",
	    "etc/os-release" },
	{ KIND_COLLECTOR_RESULTS, "collector.results", "linux",
	    "the log collector's own log (results.txt)",
	    "(^|/)logcollector/results\\.txt$",
	    "var/lib/waagent/logcollector/results.txt" },
	{ KIND_SYSLOG, "syslog", "linux",
	    "the system log (/var/log/syslog, /var/log/messages)",
	    "(^|/)var/log/(syslog|messages)(\\.\\d+|-\\d{8})?$",
	    "var/log/syslog" },
	{ KIND_DHCP_LEASES, "dhcp.leases", "linux",
	    "a DHCP client lease file",
	    "(^|/)(dhclient[^/]*\\.leases?|dhcp\\.leases|"
	    "var/lib/dhcp/[^/]+\\.leases?|run/systemd/netif/leases/\\d+)$",
	    "var/lib/dhcp/dhclient.eth0.leases" },
	{ KIND_NET_CONFIG, "network.config", "linux",
	    "a network interface configuration",
	    "(^|/)etc/(sysconfig/network-scripts/ifcfg-[^/]+|"
	    "sysconfig/network/ifcfg-[^/]+|network/interfaces(\\.d/[^/]+)?|"
	    "netplan/[^/]+\\.ya?ml)$",
	    "etc/sysconfig/network-scripts/ifcfg-eth0" },
	{ KIND_IPTABLES, "iptables", "linux",
	    "saved firewall rules (iptables)",
	    "(^|/)etc/sysconfig/ip6?tables$|(^|/)ip6?tables(-save)?[^/]*"
	    "\\.(txt|out|log)$",
	    "etc/sysconfig/iptables" },
	{ KIND_REBOOT_REQUIRED, "reboot-required", "linux",
	    "the pending-reboot flag (/var/run/reboot-required)",
	    "(^|/)(var/)?run/reboot-required(\\.pkgs)?$",
	    "var/run/reboot-required" },
	{ KIND_PACKAGE_LOG, "package.log", "linux",
	    "a package manager log (dpkg, apt, yum, dnf, zypper)",
	    "(^|/)var/log/(dpkg\\.log|apt/history\\.log|yum\\.log|"
	    "dnf\\.log|dnf\\.rpm\\.log|zypp/history|zypper\\.log)"
	    "(\\.\\d+)?$",
	    "var/log/dpkg.log" },
	{ KIND_VMSNAPSHOT_CONFIG, "vmsnapshot.config", "linux",
	    "the backup extension's configuration (/etc/azure)",
	    "(^|/)etc/azure/(vmbackup\\.conf|VMSnapshotPluginHost\\.conf|"
	    "VMSnapshotScriptPluginConfig\\.json|workload\\.conf)$",
	    "etc/azure/vmbackup.conf" },
	/* Windows: file names are case-insensitive there. */
	{ KIND_BCDR_LOG, "iaasbcdr.log", "windows",
	    "the backup extension's log (IaaSBcdrExtension*.log)",
	    "(?i)(^|/)IaaSBcdrExtension[^/]*\\.log$",
	    "WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/"
	    "1.0.104.0/IaaSBcdrExtension1.log" },
	{ KIND_GA_LOG, "guestagent.log", "windows",
	    "the Windows guest agent's logs (WaAppAgent.log, ...)",
	    "(?i)(^|/)(WaAppAgent|TransparentInstaller|Telemetry|"
	    "AppAgentRuntime)(\\.\\d+)?\\.log(\\.old|\\.\\d+)?$",
	    "WindowsAzure/Logs/WaAppAgent.log" },
	{ KIND_WINEXT_LOG, "winext.log", "windows",
	    "an extension's log (WindowsAzure/Logs/Plugins/<ext>/<ver>)",
	    "(?i)(^|/)Logs/Plugins/[^/]+/[^/]+/([^/]+/)*[^/]+\\.log$",
	    "WindowsAzure/Logs/Plugins/Microsoft.Compute.CustomScriptExtension/"
	    "1.10.15/CommandExecution.log" },
	{ KIND_EXT_HEARTBEAT, "ext.heartbeat", "windows",
	    "an extension's heartbeat (Status/HeartBeat.Json)",
	    "(?i)(^|/)Status/HeartBeat\\.Json$",
	    "Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/"
	    "1.0.104.0/Status/HeartBeat.Json" },
	{ KIND_AGGREGATE_STATUS, "aggregatestatus", "windows",
	    "the agent's status report (aggregatestatus*.json)",
	    "(?i)(^|/)aggregatestatus[^/]*\\.json$",
	    "WindowsAzure/Logs/AggregateStatus/aggregatestatus.json" },
	{ KIND_EVTX, "evtx", "windows",
	    "an event log (.evtx)",
	    "(?i)\\.evtx$",
	    "Windows/System32/winevt/Logs/System.evtx" },
	/* Exports have whatever name the customer gave them: found by
	 * content (classify_sniff). */
	{ KIND_EVENT_XML, "event.xml", "windows",
	    "an event log exported as XML (wevtutil, Event Viewer)",
	    NULL, "System.xml" },
	{ KIND_EVENT_CSV, "event.csv", "windows",
	    "an event log exported as CSV (Event Viewer)",
	    NULL, "System.csv" },
	{ KIND_EVENT_TEXT, "event.text", "windows",
	    "an event log exported as text (wevtutil /f:text)",
	    NULL, "System.txt" },
	{ KIND_VSSADMIN, "vssadmin", "windows",
	    "the output of vssadmin list writers",
	    NULL, "vssadmin.txt" },
	{ KIND_IPCONFIG, "ipconfig", "windows",
	    "the output of ipconfig /all",
	    NULL, "ipconfig.txt" },
	{ KIND_SC_QUERY, "sc.query", "windows",
	    "the output of sc query",
	    NULL, "sc-query.txt" },
	{ KIND_SYSTEMINFO, "systeminfo", "windows",
	    "the output of systeminfo",
	    NULL, "systeminfo.txt" },
	{ KIND_REG_QUERY, "reg.query", "windows",
	    "the output of reg query",
	    NULL, "reg-query.txt" },
	{ KIND_REGISTRY_JSON, "registry.json", "windows",
	    "registry values read by Disk Inspect (registry.json)",
	    NULL, "registry.json" },
	{ KIND_AZ_EXPORT, "az.export", NULL,
	    "JSON printed by the Azure CLI or returned by the REST API",
	    NULL, "az-export.json" },
	{ KIND_AZ_VM, "az.vm", NULL,
	    "the VM's instance view (az vm get-instance-view)",
	    NULL, "az-vm-get-instance-view.json" },
	{ KIND_AZ_JOB, "az.backup-job", NULL,
	    "backup jobs (az backup job show / az backup job list)",
	    NULL, "az-backup-job-list.json" },
	{ KIND_AZ_ITEM, "az.backup-item", NULL,
	    "the protected item (az backup item show)",
	    NULL, "az-backup-item-show.json" },
	{ KIND_AZ_LOCK, "az.lock", NULL,
	    "the resource locks (az lock list)",
	    NULL, "az-lock-list.json" },
	{ KIND_AZ_RESTORE_POINTS, "az.restore-points", NULL,
	    "the restore point collection (az restore-point collection show "
	    "--restore-points)",
	    NULL, "az-restore-point-collection-show.json" },
	{ KIND_AZ_DISK, "az.disk", NULL,
	    "the VM's disks (az disk list / az disk show)",
	    NULL, "az-disk-list.json" },
	{ KIND_AZ_KEYVAULT, "az.keyvault", NULL,
	    "the key vault (az keyvault show)",
	    NULL, "az-keyvault-show.json" },
	{ KIND_AZ_ENCRYPTION, "az.vm-encryption", NULL,
	    "the VM's disk encryption (az vm encryption show)",
	    NULL, "az-vm-encryption-show.json" },
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

static pcre2_code *compiled[NKINDS];
static pcre2_match_data *md;

void
classify_init(void)
{
	size_t i, off;
	int err;

	if (md != NULL)
		return;
	for (i = 0; i < NKINDS; i++) {
		if (kinds[i].path == NULL)
			continue;
		compiled[i] = pcre2_compile((PCRE2_SPTR)kinds[i].path,
		    PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
		if (compiled[i] == NULL)
			fatal("internal error: bad path pattern for %s",
			    kinds[i].name);
	}
	md = pcre2_match_data_create(4, NULL);
}

void
classify_cleanup(void)
{
	size_t i;

	for (i = 0; i < NKINDS; i++) {
		pcre2_code_free(compiled[i]);
		compiled[i] = NULL;
	}
	pcre2_match_data_free(md);
	md = NULL;
}

static const struct kind_info *
kind_info(enum source_kind k)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (kinds[i].kind == k)
			return &kinds[i];
	return NULL;
}

const char *
kind_name(enum source_kind k)
{
	const struct kind_info *ki = kind_info(k);

	return ki != NULL ? ki->name : "unknown";
}

const char *
kind_title(enum source_kind k)
{
	const struct kind_info *ki = kind_info(k);

	return ki != NULL ? ki->title : "an unrecognised file";
}

const char *
kind_platform(enum source_kind k)
{
	const struct kind_info *ki = kind_info(k);

	return ki != NULL ? ki->platform : NULL;
}

const char *
kind_example_path(enum source_kind k)
{
	const struct kind_info *ki = kind_info(k);

	return ki != NULL ? ki->example : "unknown";
}

int
kind_is_member(enum source_kind k)
{
	return k == KIND_AZ_EXPORT || !KIND_IS_AZ(k);
}

enum source_kind
kind_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return kinds[i].kind;
	return KIND_UNKNOWN;
}

/* The first line of head, without its line end. */
static size_t
first_line(const unsigned char *head, size_t len)
{
	size_t n;

	for (n = 0; n < len && head[n] != '\n'; n++)
		;
	if (n > 0 && head[n - 1] == '\r')
		n--;
	return n;
}

/* "<time> INFO ..." or "<time> ERROR ...": the agent's own record shape. */
static int
sniff_agent_log(const unsigned char *head, size_t len)
{
	static const char *const levels[] = {
		"VERBOSE ", "INFO ", "WARNING ", "ERROR ",
	};
	struct vtime t;
	size_t n, at, i;

	n = first_line(head, len);
	at = timeparse_prefix((const char *)head, n, &t, NULL);
	if (at == 0 || at >= n || head[at] != ' ')
		return 0;
	at++;
	for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (n - at > strlen(levels[i]) &&
		    memcmp(head + at, levels[i], strlen(levels[i])) == 0)
			return 1;
	return 0;
}

/* `waagent -show-configuration`: lines "Some.Key = value". */
static int
sniff_show_configuration(const unsigned char *head, size_t len)
{
	size_t i = 0, lines = 0, good = 0, n;
	const unsigned char *p;

	while (i < len && lines < 8) {
		p = head + i;
		n = first_line(p, len - i);
		i += n + 1;
		if (n == 0)
			continue;
		lines++;
		if (isupper(p[0]) && memchr(p, '.', n) != NULL &&
		    memmem(p, n, " = ", 3) != NULL)
			good++;
	}
	return lines >= 3 && good == lines;
}

/* iptables-save output: a table line and rules. */
static int
sniff_iptables(const unsigned char *head, size_t len)
{
	/* Each prefix compared only when head is that long. */
	return len > 8 && ((len >= 23 &&
	    memcmp(head, "# Generated by iptables", 23) == 0) ||
	    memcmp(head, "*filter\n", 8) == 0) &&
	    memmem(head, len, "\n-A ", 4) != NULL;
}

/*
 * The head of a text as ASCII for the sniffers below: a UTF-16 head
 * (PowerShell's '>' writes UTF-16LE) keeps its low bytes, a BOM, an XML
 * declaration's leading blanks are skipped.  Returns the length in out.
 */
static size_t
head_ascii(const unsigned char *head, size_t len, char *out, size_t outlen)
{
	enum text_encoding enc;
	size_t i, n = 0, step = 1, skip;

	skip = text_detect(head, len, &enc);
	if (enc == TEXT_UTF16LE || enc == TEXT_UTF16BE)
		step = 2;
	for (i = skip + (enc == TEXT_UTF16BE); i < len && n + 1 < outlen;
	    i += step) {
		if (head[i] == '\0')
			continue;
		out[n++] = (char)head[i];
	}
	out[n] = '\0';
	for (i = 0; i < n && isspace((unsigned char)out[i]); i++)
		;
	memmove(out, out + i, n - i + 1);
	return n - i;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The root element of an agent configuration file. */
static enum source_kind
sniff_agent_xml(const char *t)
{
	static const struct {
		const char		*root;
		enum source_kind	 kind;
	} roots[] = {
		{ "<GoalState", KIND_GOALSTATE_XML },
		{ "<HostingEnvironmentConfig", KIND_HOSTINGENV_XML },
		{ "<SharedConfig", KIND_SHAREDCONFIG_XML },
		{ "<Extensions", KIND_EXTCONFIG_XML },
	};
	const char *p = t;
	size_t i;

	/* Past the declaration and comments to the first element. */
	while ((p = strchr(p, '<')) != NULL && (p[1] == '?' || p[1] == '!'))
		p++;
	if (p == NULL)
		return KIND_UNKNOWN;
	for (i = 0; i < sizeof roots / sizeof roots[0]; i++)
		if (starts(p, roots[i].root) &&
		    (p[strlen(roots[i].root)] == '>' ||
		    isspace((unsigned char)p[strlen(roots[i].root)])))
			return roots[i].kind;
	return KIND_UNKNOWN;
}

/*
 * What the Azure CLI prints (--output json, the default) or the REST API
 * returns, under whatever name the engineer saved it: a JSON document
 * holding an Azure resource id or a key only these exports have.  Which
 * resource each object is, the parser decides.
 */
static enum source_kind
sniff_azure(const char *t)
{
	static const char *const marks[] = {
		"\"/subscriptions/", "\"vmAgent\"", "\"PowerState/",
		"\"ProvisioningState/", "\"EncryptionState/",
		"\"protectionState\"", "\"jobType\"", "\"restorePoints\"",
		"\"accessPolicies\"", "\"diskSizeGB\"", "\"diskSizeGb\"",
		"\"osDiskEncryptionSettings\"",
	};
	size_t i;

	if (t[0] != '{' && t[0] != '[')
		return KIND_UNKNOWN;
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strstr(t, marks[i]) != NULL)
			return KIND_AZ_EXPORT;
	return KIND_UNKNOWN;
}

/*
 * Files found by what they hold: event log exports, command outputs and
 * control-plane exports carry whatever name the engineer gave them, and
 * the Windows agent's configuration files (the .xml files of
 * WindowsAzure/config) are named after the role rather than the
 * document.  PowerShell writes UTF-16, hence head_ascii().
 */
static enum source_kind
sniff_content(const char *name, const unsigned char *head, size_t len)
{
	char t[1100];
	size_t n;

	if (len >= 8 && memcmp(head, "ElfFile", 8) == 0)
		return KIND_EVTX;
	n = head_ascii(head, len, t, sizeof t);
	if (n == 0)
		return KIND_UNKNOWN;
	if (strstr(t, "schemas.microsoft.com/win/2004/08/events/event") !=
	    NULL && (strstr(t, "<Event ") != NULL ||
	    strstr(t, "<Event>") != NULL))
		return KIND_EVENT_XML;
	if ((starts(t, "Level,") || starts(t, "Keywords,")) &&
	    strstr(t, ",Date and Time,Source,Event ID,") != NULL)
		return KIND_EVENT_CSV;
	if (starts(t, "Event[0]:") || (starts(t, "Log Name:") &&
	    strstr(t, "Event ID:") != NULL) || starts(t, "Event number") ||
	    (starts(t, "evtxexport ") && strstr(t, "Event number") != NULL))
		return KIND_EVENT_TEXT;
	if (strstr(t, "Writer name: '") != NULL ||
	    strstr(t, "Volume Shadow Copy Service administrative") != NULL)
		return KIND_VSSADMIN;
	if (strstr(t, "Windows IP Configuration") != NULL)
		return KIND_IPCONFIG;
	if ((starts(t, "SERVICE_NAME: ") && strstr(t, "STATE") != NULL) ||
	    (starts(t, "[SC] ") && (strstr(t, "SERVICE_NAME: ") != NULL ||
	    strstr(t, "OpenService FAILED") != NULL)))
		return KIND_SC_QUERY;
	if (starts(t, "Host Name:") && strstr(t, "OS Name:") != NULL)
		return KIND_SYSTEMINFO;
	if ((starts(t, "HKEY_LOCAL_MACHINE\\") || starts(t, "HKLM\\")) &&
	    strstr(t, "    REG_") != NULL)
		return KIND_REG_QUERY;
	/* {"HKLM\\SYSTEM\\...": "0x2", ...}: Disk Inspect's registry reads. */
	if (t[0] == '{' && (strstr(t, "\"HKLM\\\\") != NULL ||
	    strstr(t, "\"HKEY_LOCAL_MACHINE\\\\") != NULL))
		return KIND_REGISTRY_JSON;
	if (strcasestr(name, "config/") != NULL)
		return sniff_agent_xml(t);
	return sniff_azure(t);
}

enum source_kind
classify(const char *name, const unsigned char *head, size_t len)
{
	const char *base;
	size_t i;

	classify_init();
	for (i = 0; i < NKINDS; i++)
		if (compiled[i] != NULL &&
		    pcre2_match(compiled[i], (PCRE2_SPTR)name,
		    PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0)
			return kinds[i].kind;
	/* results.txt is a common name: only the collector's counts. */
	base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	if (strcmp(base, "results.txt") == 0 && sniff_agent_log(head, len))
		return KIND_COLLECTOR_RESULTS;
	if (sniff_agent_log(head, len))
		return KIND_WAAGENT_LOG;
	if (sniff_show_configuration(head, len))
		return KIND_WAAGENT_CONF;
	if (sniff_iptables(head, len))
		return KIND_IPTABLES;
	return sniff_content(name, head, len);
}

const char *
classify_platform(const char *name, enum source_kind k)
{
	const char *p = kind_platform(k);

	if (p != NULL || k == KIND_UNKNOWN)
		return p;
	/* Formats both agents share: where the file lies decides. */
	if (strcasestr(name, "WindowsAzure/") != NULL ||
	    strcasestr(name, "Packages/Plugins/") != NULL)
		return "windows";
	if (strstr(name, "var/lib/waagent/") != NULL ||
	    strstr(name, "var/log/") != NULL)
		return "linux";
	return NULL;
}
