/*
 * parse_azure.c: what the Azure CLI prints and the REST API returns for
 * the VM, its backup jobs and items, locks, restore points, disks, key
 * vault and disk encryption; and what malformed exports do to it.
 */
#include "config.h"

#include "unit.h"
#include "strbuf.h"
#include "text.h"

#define SUB "/subscriptions/0b9e2a4c-1111-4d2e-9f00-5a6b7c8d9e0f"

/* az vm get-instance-view (SDK-era CLI: sorted keys, nulls kept). */
static const char cli_vm[] =
"{\n"
"  \"id\": \"" SUB "/resourceGroups/rg-app/providers/Microsoft.Compute/"
"virtualMachines/vm1\",\n"
"  \"instanceView\": {\n"
"    \"computerName\": \"vm1\",\n"
"    \"disks\": [\n"
"      {\"encryptionSettings\": [{\"enabled\": true}], \"name\": \"os1\",\n"
"       \"statuses\": [{\"code\": \"EncryptionState/encrypted\"}]}\n"
"    ],\n"
"    \"extensions\": [\n"
"      {\"name\": \"CustomScript\", \"statuses\": [{\"code\": "
"\"ProvisioningState/failed/1\", \"displayStatus\": \"Provisioning failed\", "
"\"level\": \"Error\", \"message\": \"Enable failed: exit status=1\", "
"\"time\": \"2025-08-07T22:41:09+00:00\"}], \"substatuses\": null,\n"
"       \"type\": \"Microsoft.Azure.Extensions.CustomScript\", "
"\"typeHandlerVersion\": \"2.1.10\"}\n"
"    ],\n"
"    \"osName\": \"ubuntu\",\n"
"    \"statuses\": [\n"
"      {\"code\": \"ProvisioningState/failed/VMExtensionProvisioningError\", "
"\"displayStatus\": \"Provisioning failed\", \"level\": \"Error\", "
"\"message\": \"VM has reported a failure\", "
"\"time\": \"2025-08-07T22:41:09.5512345+00:00\"},\n"
"      {\"code\": \"PowerState/deallocated\", \"displayStatus\": "
"\"VM deallocated\", \"level\": \"Info\", \"message\": null, \"time\": null}\n"
"    ],\n"
"    \"vmAgent\": {\"extensionHandlers\": [], \"statuses\": [{\"code\": "
"\"ProvisioningState/succeeded\", \"displayStatus\": \"Not Ready\", "
"\"level\": \"Warning\", \"message\": \"VM Agent is unresponsive.\", "
"\"time\": \"2025-08-08T08:40:12+00:00\"}], \"vmAgentVersion\": "
"\"2.9.1.1\"}\n"
"  },\n"
"  \"name\": \"vm1\",\n"
"  \"provisioningState\": \"Failed\",\n"
"  \"resourceGroup\": \"rg-app\",\n"
"  \"storageProfile\": {\n"
"    \"dataDisks\": [{\"diskSizeGb\": 8192, \"lun\": 0, \"name\": \"data0\"}],\n"
"    \"osDisk\": {\"diskSizeGb\": 30, \"name\": \"os1\", \"osType\": "
"\"Linux\"}\n"
"  },\n"
"  \"type\": \"Microsoft.Compute/virtualMachines\"\n"
"}\n";

/* The REST instanceView body: no id, no type, server key order. */
static const char rest_iv[] =
"{\"computerName\":\"vm1\",\"osName\":\"Windows Server 2019 Datacenter\","
"\"vmAgent\":{\"vmAgentVersion\":\"2.7.41491.1102\",\"statuses\":[{\"code\":"
"\"ProvisioningState/succeeded\",\"displayStatus\":\"Ready\"}]},"
"\"statuses\":[{\"code\":\"ProvisioningState/succeeded\"},{\"code\":"
"\"PowerState/running\",\"displayStatus\":\"VM running\"}]}";

#define JOB(n, op, st, start, err) \
	"{\"id\": \"" SUB "/resourceGroups/rg-b/providers/" \
	"Microsoft.RecoveryServices/vaults/v/backupJobs/" n "\", \"name\": \"" \
	n "\", \"properties\": {\"entityFriendlyName\": \"vm1\", \"jobType\": " \
	"\"AzureIaaSVMJob\", \"operation\": \"" op "\", \"status\": \"" st "\"," \
	" \"startTime\": \"" start "\", \"errorDetails\": " err "}, " \
	"\"type\": \"Microsoft.RecoveryServices/vaults/backupJobs\"}"

static const char cli_jobs[] =
"[\n"
JOB("j1", "Backup", "Failed", "2025-08-07T23:00:31.187623+00:00",
    "[{\"errorCode\": 400028, \"errorString\": \"The Restore Point "
    "collection max limit has reached.\", \"errorTitle\": \"\", "
    "\"recommendations\": [\"Remove the lock.\", \"Retry.\"]}]") ",\n"
JOB("j2", "Backup", "Completed", "2025-08-07T08:00:00+00:00", "[]") ",\n"
JOB("j3", "Backup", "Completed", "2025-08-07T15:00:00+00:00", "[]") ",\n"
JOB("j4", "Backup", "InProgress", "2025-08-06T23:00:00+00:00", "null") ",\n"
JOB("j5", "ConfigureBackup", "Completed", "2025-08-07T09:00:00+00:00",
    "[]") "\n"
"]\n";

/* Parses text as an export, dropping the previous records. */
static void
parse(struct unit_parse *up, const char *name, const char *text)
{
	unit_parse_free(up);
	unit_parse_str(up, KIND_AZ_EXPORT, name, text);
}

static void
assert_well_formed(const struct unit_parse *up)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		assert_non_null(unit_field(&up->rec[i], "record"));
		assert_true(up->rec[i].kind > KIND_AZ_EXPORT);
		assert_true(up->rec[i].kind <= KIND_AZ_ENCRYPTION);
		assert_null(strchr(up->rec[i].text, '\n'));
	}
}

static const struct unit_record *
find_record(const struct unit_parse *up, const char *what, const char *name,
    const char *value)
{
	size_t i;
	const char *v;

	for (i = 0; i < up->n; i++)
		if (strcmp(unit_field(&up->rec[i], "record"), what) == 0 &&
		    (name == NULL || ((v = unit_field(&up->rec[i], name)) !=
		    NULL && strcmp(v, value) == 0)))
			return &up->rec[i];
	fail_msg("no %s record with %s=%s", what, name ? name : "-",
	    value ? value : "-");
	return NULL;
}

static void
test_instance_view_cli(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	parse(up, "az-vm.json", cli_vm);
	assert_null(up->skip_reason);
	assert_well_formed(up);
	u = find_record(up, "vm", NULL, NULL);
	assert_int_equal(u->kind, KIND_AZ_VM);
	assert_string_equal(unit_field(u, "power_state"), "deallocated");
	assert_string_equal(unit_field(u, "provisioning_state"), "failed");
	assert_string_equal(unit_field(u, "provisioning_code"),
	    "VMExtensionProvisioningError");
	assert_string_equal(unit_field(u, "os_type"), "linux");
	assert_string_equal(unit_field(u, "resource_group"), "rg-app");
	/* The line of the VM's id. */
	assert_int_equal(u->line, 2);
	assert_non_null(strstr(u->text, "VM vm1: VM deallocated; provisioning "
	    "failed (VMExtensionProvisioningError)"));
	u = find_record(up, "agent", NULL, NULL);
	assert_string_equal(unit_field(u, "agent_version"), "2.9.1.1");
	assert_string_equal(unit_field(u, "agent_display"), "Not Ready");
	assert_int_equal(u->time.zone, VTIME_UTC);
	u = find_record(up, "extension", "extension", "CustomScript");
	assert_string_equal(unit_field(u, "status_state"), "failed");
	assert_string_equal(unit_field(u, "status_code"), "1");
	assert_int_equal(u->kind, KIND_AZ_VM);
	/* Disks of the storage profile, with the instance view's
	 * encryption. */
	u = find_record(up, "disk", "disk", "os1");
	assert_int_equal(u->kind, KIND_AZ_DISK);
	assert_string_equal(unit_field(u, "size_gb"), "30");
	assert_string_equal(unit_field(u, "ade"), "true");
	u = find_record(up, "disk", "disk", "data0");
	assert_string_equal(unit_field(u, "size_gb"), "8192");
	assert_null(unit_field(u, "ade"));
}

static void
test_instance_view_rest(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	parse(up, "instanceView.json", rest_iv);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = find_record(up, "vm", NULL, NULL);
	assert_string_equal(unit_field(u, "vm"), "vm1");
	assert_string_equal(unit_field(u, "power_state"), "running");
	assert_string_equal(unit_field(u, "os_type"), "windows");
	/* One line: everything is on line 1. */
	assert_int_equal(u->line, 1);
	u = find_record(up, "agent", NULL, NULL);
	assert_string_equal(unit_field(u, "agent_display"), "Ready");
}

static void
test_jobs(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;
	struct strbuf rest = STRBUF_INIT;

	parse(up, "jobs.json", cli_jobs);
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 5);
	assert_well_formed(up);
	u = find_record(up, "job", "job", "j1");
	assert_int_equal(u->kind, KIND_AZ_JOB);
	assert_string_equal(unit_field(u, "status"), "Failed");
	assert_string_equal(unit_field(u, "error_code"), "400028");
	assert_string_equal(unit_field(u, "recommendations"),
	    "Remove the lock.; Retry.");
	assert_int_equal(u->line, 2);
	assert_int_equal(u->time.zone, VTIME_UTC);
	/* A failed job made no restore point: not counted, no field. */
	assert_null(unit_field(u, "backups_that_day"));
	/* Two completed backups of vm1 on 2025-08-07. */
	u = find_record(up, "job", "job", "j2");
	assert_string_equal(unit_field(u, "backups_that_day"), "2");
	u = find_record(up, "job", "job", "j4");
	assert_string_equal(unit_field(u, "backups_that_day"), "1");
	u = find_record(up, "job", "job", "j5");
	assert_null(unit_field(u, "backups_that_day"));

	/* The same as a REST page. */
	strbuf_addstr(&rest, "{\"value\": ");
	strbuf_addstr(&rest, cli_jobs);
	strbuf_addstr(&rest, ", \"nextLink\": null}");
	parse(up, "page.json", strbuf_str(&rest));
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 5);
	strbuf_release(&rest);
}

static void
test_item_lock_restore_points(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	parse(up, "item.json",
	    "{\"id\": \"" SUB "/resourceGroups/rg-b/providers/Microsoft."
	    "RecoveryServices/vaults/v/backupFabrics/Azure/protectionContainers"
	    "/c/protectedItems/VM;iaasvmcontainerv2;rg;vm1\", \"properties\": "
	    "{\"friendlyName\": \"vm1\", \"protectionState\": "
	    "\"ProtectionStopped\", \"healthDetails\": [{\"code\": 400091, "
	    "\"title\": \"UserErrorKeyvaultPermissionsNotConfigured\", "
	    "\"message\": \"m\"}], \"lastBackupTime\": "
	    "\"2025-08-07T23:00:31+00:00\"}}");
	assert_null(up->skip_reason);
	u = find_record(up, "item", NULL, NULL);
	assert_int_equal(u->kind, KIND_AZ_ITEM);
	assert_string_equal(unit_field(u, "protection_state"),
	    "ProtectionStopped");
	assert_string_equal(unit_field(u, "health_code"),
	    "UserErrorKeyvaultPermissionsNotConfigured");

	parse(up, "locks.json",
	    "[{\"id\": \"" SUB "/resourceGroups/AzureBackupRG_westeurope_1/"
	    "providers/Microsoft.Authorization/locks/l1\", \"level\": "
	    "\"CanNotDelete\", \"name\": \"l1\", \"type\": "
	    "\"Microsoft.Authorization/locks\"},\n"
	    " {\"id\": \"" SUB "/resourceGroups/rg/providers/Microsoft.Compute/"
	    "virtualMachines/vm1/providers/Microsoft.Authorization/locks/l2\", "
	    "\"properties\": {\"level\": \"ReadOnly\"}, \"name\": \"l2\"},\n"
	    " {\"id\": \"" SUB "/providers/Microsoft.Authorization/locks/l3\", "
	    "\"level\": \"CanNotDelete\", \"name\": \"l3\"}]");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	u = find_record(up, "lock", "lock", "l1");
	assert_int_equal(u->kind, KIND_AZ_LOCK);
	assert_string_equal(unit_field(u, "resource_group"),
	    "AzureBackupRG_westeurope_1");
	assert_string_equal(unit_field(u, "scope_kind"), "resource group");
	/* No type: the id's last provider segment tells it is a lock. */
	u = find_record(up, "lock", "lock", "l2");
	assert_string_equal(unit_field(u, "scope_kind"), "resource");
	assert_string_equal(unit_field(u, "level"), "ReadOnly");
	u = find_record(up, "lock", "lock", "l3");
	assert_string_equal(unit_field(u, "scope_kind"), "subscription");
	assert_null(unit_field(u, "resource_group"));

	parse(up, "rpc.json",
	    "{\"id\": \"" SUB "/resourceGroups/AzureBackupRG_westeurope_1/"
	    "providers/Microsoft.Compute/restorePointCollections/c1\", "
	    "\"name\": \"c1\", \"properties\": {\"restorePoints\": ["
	    "{\"properties\": {\"timeCreated\": \"2025-07-10T03:01:00Z\"}},"
	    "{\"timeCreated\": \"2025-07-10T11:01:00Z\"},"
	    "{\"timeCreated\": \"2025-07-11T03:01:00Z\"},"
	    "{\"timeCreated\": \"not a time\"}, {}]}}");
	assert_null(up->skip_reason);
	u = find_record(up, "collection", NULL, NULL);
	assert_int_equal(u->kind, KIND_AZ_RESTORE_POINTS);
	assert_string_equal(unit_field(u, "restore_points"), "5");
	assert_string_equal(unit_field(u, "per_day_max"), "2");
	assert_string_equal(unit_field(u, "resource_group"),
	    "AzureBackupRG_westeurope_1");
	assert_non_null(strstr(unit_field(u, "oldest"), "2025-07-10T03:01"));
	assert_non_null(strstr(unit_field(u, "newest"), "2025-07-11T03:01"));

	/* Without --restore-points: the collection, no count. */
	parse(up, "rpc.json",
	    "{\"id\": \"" SUB "/resourceGroups/g/providers/Microsoft.Compute/"
	    "restorePointCollections/c1\", \"type\": "
	    "\"Microsoft.Compute/restorePointCollections\"}");
	u = find_record(up, "collection", NULL, NULL);
	assert_null(unit_field(u, "restore_points"));
	assert_non_null(strstr(u->text, "not listed"));
}

static void
test_disk_keyvault_encryption(void **state)
{
	struct unit_parse *up = *state;
	const struct unit_record *u;

	/* REST: properties nested, diskSizeGB; old CLI: diskSizeGb. */
	parse(up, "disks.json",
	    "[{\"id\": \"" SUB "/resourceGroups/g/providers/Microsoft.Compute/"
	    "disks/d1\", \"name\": \"d1\", \"properties\": {\"diskSizeGB\": "
	    "4096, \"encryptionSettingsCollection\": {\"enabled\": true}}, "
	    "\"managedBy\": \"" SUB "/resourceGroups/g/providers/Microsoft."
	    "Compute/virtualMachines/vm1\"},\n"
	    "{\"diskSizeGb\": 64, \"name\": \"d2\", \"type\": "
	    "\"Microsoft.Compute/disks\"}]");
	assert_null(up->skip_reason);
	u = find_record(up, "disk", "disk", "d1");
	assert_int_equal(u->kind, KIND_AZ_DISK);
	assert_string_equal(unit_field(u, "size_gb"), "4096");
	assert_string_equal(unit_field(u, "ade"), "true");
	assert_string_equal(unit_field(u, "managed_by"), "vm1");
	u = find_record(up, "disk", "disk", "d2");
	assert_string_equal(unit_field(u, "size_gb"), "64");
	assert_string_equal(unit_field(u, "ade"), "false");

	parse(up, "kv.json",
	    "{\"id\": \"" SUB "/resourceGroups/g/providers/Microsoft.KeyVault/"
	    "vaults/kv1\", \"name\": \"kv1\", \"properties\": {"
	    "\"accessPolicies\": [{\"objectId\": \"o1\", \"permissions\": "
	    "{\"keys\": [\"Get\", \"List\", \"Backup\"], \"secrets\": "
	    "[\"get\", 7, \"list\"]}}, {\"objectId\": \"o2\"}]}, "
	    "\"type\": \"Microsoft.KeyVault/vaults\"}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 3);
	u = find_record(up, "policy", "object_id", "o1");
	assert_int_equal(u->kind, KIND_AZ_KEYVAULT);
	assert_string_equal(unit_field(u, "keys"), "get,list,backup");
	assert_string_equal(unit_field(u, "secrets"), "get,list");
	u = find_record(up, "policy", "object_id", "o2");
	assert_string_equal(unit_field(u, "keys"), "");
	u = find_record(up, "vault", NULL, NULL);
	assert_string_equal(unit_field(u, "rbac"), "false");
	assert_string_equal(unit_field(u, "policies"), "2");

	parse(up, "enc.json",
	    "{\"disks\": [{\"name\": \"os1\", \"encryptionSettings\": [{"
	    "\"enabled\": true, \"diskEncryptionKey\": {\"sourceVault\": "
	    "{\"id\": \"" SUB "/resourceGroups/g/providers/Microsoft.KeyVault/"
	    "vaults/kv1\"}}, \"keyEncryptionKey\": {\"keyUrl\": \"k\"}}], "
	    "\"statuses\": [{\"code\": \"EncryptionState/encrypted\"}]},"
	    "{\"name\": \"d1\", \"statuses\": [{\"code\": "
	    "\"EncryptionState/notEncrypted\"}]}], \"status\": null}");
	assert_null(up->skip_reason);
	u = find_record(up, "disk", "disk", "os1");
	assert_int_equal(u->kind, KIND_AZ_ENCRYPTION);
	assert_string_equal(unit_field(u, "encryption_state"), "encrypted");
	assert_string_equal(unit_field(u, "key_vault"), "kv1");
	assert_string_equal(unit_field(u, "kek"), "true");
	u = find_record(up, "disk", "disk", "d1");
	assert_string_equal(unit_field(u, "encryption_state"), "notEncrypted");
	assert_null(unit_field(u, "ade"));

	/* The extension's older report. */
	parse(up, "enc.json",
	    "{\"dataDisk\": \"NotMounted\", \"osDisk\": \"Encrypted\", "
	    "\"osDiskEncryptionSettings\": null, \"osType\": \"Linux\"}");
	assert_null(up->skip_reason);
	assert_int_equal(up->n, 2);
	u = find_record(up, "disk", "disk", "OS disk");
	assert_string_equal(unit_field(u, "encryption_state"), "encrypted");
	assert_string_equal(unit_field(u, "ade"), "true");
	u = find_record(up, "disk", "disk", "data disks");
	assert_string_equal(unit_field(u, "encryption_state"), "notMounted");
}

static void
test_malformed(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf big = STRBUF_INIT;
	size_t i;

	parse(up, "x.json", "{\"value\": [");
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "invalid JSON"));
	assert_int_equal(up->n, 0);

	/* A resource vmtriage does not read is named. */
	parse(up, "nsg.json",
	    "[{\"id\": \"" SUB "/resourceGroups/g/providers/Microsoft.Network/"
	    "networkSecurityGroups/n\", \"type\": "
	    "\"Microsoft.Network/networkSecurityGroups\"}]");
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason,
	    "Microsoft.Network/networkSecurityGroups"));

	/* A long type of multi-byte characters is cut between them. */
	strbuf_addstr(&big, "{\"type\": \"Microsoft.Compute/x");
	for (i = 0; i < 60; i++)
		strbuf_addstr(&big, "\xc3\xa9");
	strbuf_addstr(&big, "\"}");
	parse(up, "long.json", strbuf_str(&big));
	assert_non_null(up->skip_reason);
	assert_true(text_valid_utf8(up->skip_reason,
	    strlen(up->skip_reason)));
	strbuf_reset(&big);

	parse(up, "empty.json", "[]");
	assert_non_null(up->skip_reason);
	parse(up, "scalar.json", "\"PowerState/x\"");
	assert_non_null(up->skip_reason);

	/* Every value of the wrong type: records, no crash. */
	parse(up, "types.json",
	    "[{\"type\": \"Microsoft.Compute/virtualMachines\", \"instanceView\":"
	    " {\"statuses\": \"x\", \"vmAgent\": [1], \"extensions\": {}, "
	    "\"disks\": 5}, \"storageProfile\": {\"osDisk\": 3, \"dataDisks\": "
	    "[null, 1, \"a\"]}, \"name\": 7},\n"
	    " {\"type\": \"Microsoft.RecoveryServices/vaults/backupJobs\", "
	    "\"properties\": {\"errorDetails\": {\"errorCode\": 1}, "
	    "\"startTime\": 12, \"operation\": [], \"extendedInfo\": "
	    "{\"tasksList\": [1, {\"status\": 2}]}}},\n"
	    " {\"type\": \"Microsoft.Compute/restorePointCollections\", "
	    "\"restorePoints\": [1, \"x\", {\"timeCreated\": 5}]},\n"
	    " {\"type\": \"Microsoft.KeyVault/vaults\", \"properties\": "
	    "{\"accessPolicies\": [1, {\"permissions\": \"all\"}]}},\n"
	    " {\"type\": \"Microsoft.Authorization/locks\", \"id\": 5},\n"
	    " {\"type\": \"Microsoft.Compute/disks\", \"diskSizeGB\": "
	    "\"huge\", \"encryptionSettingsCollection\": []}]");
	assert_null(up->skip_reason);
	assert_true(up->n >= 6);
	assert_well_formed(up);
	/* A status code without a state has no state field. */
	parse(up, "iv.json",
	    "{\"vmAgent\": {}, \"statuses\": [{\"code\": \"PowerState\"}, "
	    "{\"code\": \"ProvisioningState/\"}]}");
	assert_null(up->skip_reason);
	assert_null(unit_field(find_record(up, "vm", NULL, NULL),
	    "power_state"));

	/* A long list is read up to its bound, and says so. */
	strbuf_addch(&big, '[');
	for (i = 0; i < 5100; i++)
		strbuf_addf(&big, "%s{\"type\": \"Microsoft.Authorization/"
		    "locks\", \"name\": \"l%zu\"}", i > 0 ? "," : "", i);
	strbuf_addch(&big, ']');
	parse(up, "many.json", strbuf_str(&big));
	assert_non_null(up->skip_reason);
	assert_non_null(strstr(up->skip_reason, "first 5000"));
	strbuf_release(&big);
}

/* Values cut to fit a buffer keep whole characters; the sink checks
 * every field and text. */
static void
test_cut_utf8(void **state)
{
	struct unit_parse *up = *state;
	struct strbuf doc = STRBUF_INIT, v = STRBUF_INIT;
	const struct unit_record *u;
	size_t n;

	for (n = 0; n < 2; n++) {
		/* az vm show: provisioningState. */
		strbuf_reset(&doc);
		strbuf_reset(&v);
		strbuf_addf(&doc, "{\"type\": \"Microsoft.Compute/"
		    "virtualMachines\", \"name\": \"vm1\", \"properties\": "
		    "{\"provisioningState\": \"%s\"}}",
		    unit_add_long_text(&v, 62 + n));
		parse(up, "vm.json", strbuf_str(&doc));
		assert_null(up->skip_reason);
		u = find_record(up, "vm", "vm", "vm1");
		assert_int_equal(strlen(unit_field(u, "provisioning_state")),
		    62 + n);
		/* The instance view's "ProvisioningState/<state>". */
		strbuf_reset(&doc);
		strbuf_reset(&v);
		strbuf_addf(&doc, "{\"vmAgent\": {}, \"statuses\": [{\"code\":"
		    " \"ProvisioningState/%s\"}]}", unit_add_long_text(&v, n));
		parse(up, "iv.json", strbuf_str(&doc));
		assert_null(up->skip_reason);
		u = find_record(up, "vm", NULL, NULL);
		assert_int_equal(strlen(unit_field(u, "provisioning_state")),
		    254 + n);
		/* The ADE extension's older report. */
		strbuf_reset(&doc);
		strbuf_reset(&v);
		strbuf_addf(&doc, "{\"osDisk\": \"%s\", "
		    "\"osDiskEncryptionSettings\": null}",
		    unit_add_long_text(&v, n));
		parse(up, "enc.json", strbuf_str(&doc));
		assert_null(up->skip_reason);
		u = find_record(up, "disk", "disk", "OS disk");
		assert_int_equal(strlen(unit_field(u, "encryption_state")),
		    62 + n);
	}
	strbuf_release(&doc);
	strbuf_release(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instance_view_cli),
		cmocka_unit_test(test_instance_view_rest),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_item_lock_restore_points),
		cmocka_unit_test(test_disk_keyvault_encryption),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_cut_utf8),
	};

	return cmocka_run_group_tests(tests, unit_setup, unit_teardown);
}
