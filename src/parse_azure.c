/*
 * Control-plane exports: what the Azure CLI prints (--output json) or the
 * REST API returns for the VM, its backup and the resources around them.
 * Half of the documented error codes are decided there: the VM's power
 * and provisioning state, locks, restore points, disk sizes, key vault
 * access, jobs in progress, protection state.
 *
 * A document is one resource, a list of them (the CLI prints an array,
 * REST a {"value": [...]} page), or a body without a type (the REST
 * instanceView, az vm encryption show).  Each object is recognised by its
 * "type", else the provider path of its "id", else keys only it has; its
 * records take the kind of that resource (az.vm, az.backup-job, ...).
 * The CLI flattens "properties" and the REST API does not, and the two
 * spell keys in different cases (diskSizeGb, diskSizeGB): values are
 * looked up in both places, in any case.
 *
 * A record points at the line of the object's id (or name) in the file:
 * cJSON keeps no positions, and the quoted id is found once.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "parse.h"
#include "parse_azure_int.h"
#include "parse_json_int.h"
#include "strbuf.h"
#include "text.h"
#include "timeparse.h"
#include "xalloc.h"


/* A value of the object, or of its "properties" (REST nests them). */
const cJSON *
az_prop(const cJSON *obj, const char *key)
{
	const cJSON *v;

	if ((v = jgeti(obj, key)) != NULL && !cJSON_IsNull(v))
		return v;
	return jgeti(jgeti(obj, "properties"), key);
}

const char *
az_prop_str(const cJSON *obj, const char *key)
{
	return jstring(az_prop(obj, key));
}

/* The last segment of a resource id: the resource's name. */
const char *
az_id_name(const char *id)
{
	const char *p;

	if (id == NULL)
		return NULL;
	p = strrchr(id, '/');
	return p != NULL && p[1] != '\0' ? p + 1 : id;
}

/* The resource group of a resource id, into buf; NULL if none. */
const char *
az_id_group(const char *id, char *buf, size_t len)
{
	const char *p, *end;

	if (id == NULL || (p = strcasestr(id, "/resourceGroups/")) == NULL)
		return NULL;
	p += strlen("/resourceGroups/");
	if ((end = strchr(p, '/')) == NULL)
		end = p + strlen(p);
	if (end == p || (size_t)(end - p) >= len)
		return NULL;
	snprintf(buf, len, "%.*s", (int)(end - p), p);
	return buf;
}

/* Line of the first occurrence of the quoted value, 0 if none. */
static unsigned long
line_of_value(const struct azx *ax, const char *value)
{
	const char *p;
	size_t n;

	if (value == NULL || (n = strlen(value)) == 0 || n > 1024)
		return 0;
	for (p = ax->buf; (p = memmem(p, ax->len - (size_t)(p - ax->buf),
	    value, n)) != NULL; p += n)
		if (p > ax->buf && p[-1] == '"' &&
		    (size_t)(p - ax->buf) + n < ax->len && p[n] == '"')
			return jline_of(ax->buf, p);
	return 0;
}

void
az_time(struct jrec *j, const cJSON *v)
{
	if (j->r.time.zone == VTIME_NONE)
		jtime(v, &j->r.time);
}

void
az_emit(struct azx *ax, struct jrec *j, enum source_kind kind,
    const char *locate)
{
	j->r.line = line_of_value(ax, locate);
	ax->pc->emit_kind = kind;
	jrec_emit(ax->pc, j);
	ax->pc->emit_kind = KIND_UNKNOWN;
}

/*
 * A status code "ProvisioningState/failed/VMExtensionProvisioningError":
 * its family ("ProvisioningState"), state ("failed") and the rest, as
 * fields prefix_state and prefix_code.
 */
static void
add_status_code(struct jrec *j, const char *prefix, const char *code)
{
	const char *state, *rest;
	char name[64], val[SHORT_MAX];

	if (code == NULL || (state = strchr(code, '/')) == NULL)
		return;
	state++;
	rest = strchr(state, '/');
	text_cut(val, sizeof val, state, rest != NULL ?
	    (size_t)(rest - state) : strlen(state));
	snprintf(name, sizeof name, "%s_state", prefix);
	jrec_add(j, field_arena_add(&j->fa, name, strlen(name)), val,
	    SHORT_MAX);
	if (rest != NULL && rest[1] != '\0') {
		snprintf(name, sizeof name, "%s_code", prefix);
		jrec_add(j, field_arena_add(&j->fa, name, strlen(name)),
		    rest + 1, SHORT_MAX);
	}
}

/* The statuses[] entry whose code starts with family ("PowerState/"). */
static const cJSON *
status_of(const cJSON *statuses, const char *family)
{
	const cJSON *s;
	const char *code;

	cJSON_ArrayForEach(s, statuses) {
		code = jstring(jgeti(s, "code"));
		if (code != NULL && strncasecmp(code, family,
		    strlen(family)) == 0)
			return s;
	}
	return NULL;
}

/* The fields and text of one status object: display, level, message. */
static void
add_status(struct jrec *j, const char *prefix, const cJSON *st)
{
	char name[64];

	if (st == NULL)
		return;
	add_status_code(j, prefix, jstring(jgeti(st, "code")));
	snprintf(name, sizeof name, "%s_display", prefix);
	jrec_add(j, field_arena_add(&j->fa, name, strlen(name)),
	    jstring(jgeti(st, "displayStatus")), SHORT_MAX);
	snprintf(name, sizeof name, "%s_message", prefix);
	jrec_add(j, field_arena_add(&j->fa, name, strlen(name)),
	    jstring(jgeti(st, "message")), VALUE_MAX);
	if (jstring(jgeti(st, "level")) != NULL)
		jrec_add(j, "level", jstring(jgeti(st, "level")), SHORT_MAX);
	az_time(j, jgeti(st, "time"));
}

/* " (<value of field>)" when the record has the field. */
void
az_text_paren(struct jrec *j, const char *name)
{
	if (jtext_field(j, " (", name))
		strbuf_addch(&j->text, ')');
}

/* "; <display> (<code>): <message>" for a record's text. */
static void
text_status(struct jrec *j, const char *prefix)
{
	char name[64];

	snprintf(name, sizeof name, "%s_display", prefix);
	if (!jtext_field(j, ": ", name)) {
		snprintf(name, sizeof name, "%s_state", prefix);
		jtext_field(j, ": ", name);
	}
	snprintf(name, sizeof name, "%s_code", prefix);
	az_text_paren(j, name);
	snprintf(name, sizeof name, "%s_message", prefix);
	jtext_field(j, ": ", name);
}

/* ---- az vm get-instance-view, az vm show, REST instanceView ---- */

/* "linux" or "windows", from the OS disk's type or the guest's OS name. */
static const char *
vm_os_type(const cJSON *vm, const cJSON *iv)
{
	const char *t, *name;

	t = jstring(jgeti(jgeti(az_prop(vm, "storageProfile"), "osDisk"),
	    "osType"));
	if (t == NULL)
		t = az_prop_str(vm, "osType");
	if (t != NULL)
		return strcasecmp(t, "windows") == 0 ? "windows" :
		    strcasecmp(t, "linux") == 0 ? "linux" : NULL;
	if ((name = jstring(jgeti(iv, "osName"))) == NULL || *name == '\0')
		return NULL;
	return strcasestr(name, "windows") != NULL ? "windows" : "linux";
}

static void
vm_state(struct azx *ax, const cJSON *vm, const cJSON *iv, const char *name,
    const char *group)
{
	struct jrec j;
	const cJSON *statuses = jgeti(iv, "statuses");
	const cJSON *power = status_of(statuses, "PowerState/");
	const cJSON *prov = status_of(statuses, "ProvisioningState/");
	const char *ps;
	char lower[64];
	size_t i;

	jrec_init(&j, "vm");
	jrec_add(&j, "vm", name, SHORT_MAX);
	jrec_add(&j, "resource_group", group, SHORT_MAX);
	jrec_add(&j, "os_type", vm_os_type(vm, iv), SHORT_MAX);
	jrec_add(&j, "os_name", jstring(jgeti(iv, "osName")), SHORT_MAX);
	jrec_add(&j, "os_version", jstring(jgeti(iv, "osVersion")),
	    SHORT_MAX);
	add_status(&j, "power", power);
	if (power == NULL && (ps = az_prop_str(vm, "powerState")) != NULL) {
		/* az vm show -d: "VM deallocated" */
		jrec_add(&j, "power_display", ps, SHORT_MAX);
		if (strncasecmp(ps, "VM ", 3) == 0)
			jrec_add(&j, "power_state", ps + 3, SHORT_MAX);
	}
	add_status(&j, "provisioning", prov);
	if (prov == NULL && (ps = az_prop_str(vm, "provisioningState")) != NULL) {
		text_cut(lower, sizeof lower, ps, strlen(ps));
		for (i = 0; lower[i] != '\0'; i++)
			lower[i] = (char)tolower((unsigned char)lower[i]);
		jrec_add(&j, "provisioning_state", lower, SHORT_MAX);
	}
	strbuf_addstr(&j.text, "VM ");
	jtext_field(&j, "", "vm");
	if (!jtext_field(&j, ": ", "power_display"))
		jtext_field(&j, ": power ", "power_state");
	if (jtext_field(&j, "; provisioning ", "provisioning_state")) {
		az_text_paren(&j, "provisioning_code");
		jtext_field(&j, ": ", "provisioning_message");
	}
	az_emit(ax, &j, KIND_AZ_VM, az_prop_str(vm, "id") != NULL ?
	    az_prop_str(vm, "id") : jstring(jgeti(iv, "computerName")));
}

static void
vm_agent(struct azx *ax, const cJSON *iv, const char *name)
{
	const cJSON *agent = jgeti(iv, "vmAgent");
	const cJSON *st;
	struct jrec j;

	if (!cJSON_IsObject(agent))
		return;
	jrec_init(&j, "agent");
	jrec_add(&j, "vm", name, SHORT_MAX);
	jrec_add(&j, "agent_version", jstring(jgeti(agent, "vmAgentVersion")),
	    SHORT_MAX);
	st = cJSON_GetArrayItem(jgeti(agent, "statuses"), 0);
	add_status(&j, "agent", st);
	strbuf_addstr(&j.text, "VM agent");
	jtext_field(&j, " ", "agent_version");
	text_status(&j, "agent");
	az_emit(ax, &j, KIND_AZ_VM, "vmAgentVersion");
}

/* One extension of the instance view, or one handler the agent reports. */
static void
vm_extension(struct azx *ax, const cJSON *ext, const char *vmname,
    int handler)
{
	const cJSON *st, *sub;
	struct jrec j;
	const char *type = jstring(jgeti(ext, "type"));

	jrec_init(&j, handler ? "handler" : "extension");
	jrec_add(&j, "vm", vmname, SHORT_MAX);
	jrec_add(&j, "extension", handler ? type :
	    jstring(jgeti(ext, "name")), SHORT_MAX);
	jrec_add(&j, "type", type, SHORT_MAX);
	jrec_add(&j, "extension_version",
	    jstring(jgeti(ext, "typeHandlerVersion")), SHORT_MAX);
	st = handler ? jgeti(ext, "status") :
	    cJSON_GetArrayItem(jgeti(ext, "statuses"), 0);
	add_status(&j, "status", st);
	/* The snapshot extension puts its result in a substatus. */
	sub = cJSON_GetArrayItem(jgeti(ext, "substatuses"), 0);
	jrec_add(&j, "substatus_message", jstring(jgeti(sub, "message")),
	    VALUE_MAX);
	strbuf_addstr(&j.text, handler ? "extension handler " : "extension ");
	jtext_field(&j, "", "extension");
	if (!handler && jtext_field(&j, " (", "type"))
		strbuf_addch(&j.text, ')');
	jtext_field(&j, " ", "extension_version");
	text_status(&j, "status");
	az_emit(ax, &j, KIND_AZ_VM, handler ? type :
	    jstring(jgeti(ext, "name")));
}

/* The encryption state of an instance-view disk (encrypted,
 * notEncrypted), and whether ADE settings are enabled on it. */
static void
disk_encryption(struct jrec *j, const cJSON *ivdisk)
{
	const cJSON *s, *es;
	int ade = 0;

	add_status_code(j, "encryption", jstring(jgeti(status_of(
	    jgeti(ivdisk, "statuses"), "EncryptionState/"), "code")));
	es = jgeti(ivdisk, "encryptionSettings");
	if (cJSON_IsArray(es)) {
		cJSON_ArrayForEach(s, es)
			if (cJSON_IsTrue(jgeti(s, "enabled")))
				ade = 1;
	} else if (cJSON_IsTrue(jgeti(es, "enabled")))
		ade = 1;
	if (ade)
		jrec_add(j, "ade", "true", SHORT_MAX);
}

static const cJSON *
iv_disk(const cJSON *iv, const char *name)
{
	const cJSON *d;

	if (name == NULL)
		return NULL;
	cJSON_ArrayForEach(d, jgeti(iv, "disks"))
		if (jstring(jgeti(d, "name")) != NULL &&
		    strcasecmp(jstring(jgeti(d, "name")), name) == 0)
			return d;
	return NULL;
}

static void disk_text(struct jrec *);

/* A disk of the VM's storage profile, with its encryption from the
 * instance view: the sizes and the encryption decide backup's limits. */
static void
vm_disk(struct azx *ax, const cJSON *disk, const cJSON *iv,
    const char *vmname, int os)
{
	const cJSON *md = jgeti(disk, "managedDisk");
	const char *name = jstring(jgeti(disk, "name"));
	struct jrec j;

	jrec_init(&j, "disk");
	jrec_add(&j, "disk", name, SHORT_MAX);
	jrec_add(&j, "vm", vmname, SHORT_MAX);
	jrec_add(&j, "managed_by", vmname, SHORT_MAX);
	jrec_add(&j, "role", os ? "os" : "data", SHORT_MAX);
	jrec_add_json(&j, "size_gb", jgeti(disk, "diskSizeGb"), SHORT_MAX);
	jrec_add(&j, "sku", jstring(jgeti(md, "storageAccountType")),
	    SHORT_MAX);
	disk_encryption(&j, iv_disk(iv, name));
	if (record_field(&j.r, "ade") == NULL)
		disk_encryption(&j, disk);
	disk_text(&j);
	az_emit(ax, &j, KIND_AZ_DISK, name);
}

static void
az_vm(struct azx *ax, const cJSON *vm)
{
	const cJSON *iv, *e, *sp;
	const char *name, *id = az_prop_str(vm, "id");
	char group[256];

	/* The REST instanceView body is the instance view itself. */
	iv = az_prop(vm, "instanceView");
	if (iv == NULL && (jgeti(vm, "vmAgent") != NULL ||
	    jgeti(vm, "statuses") != NULL))
		iv = vm;
	name = az_prop_str(vm, "name");
	if (name == NULL)
		name = jstring(jgeti(iv, "computerName"));
	vm_state(ax, vm, iv, name, jstring(jgeti(vm, "resourceGroup")) !=
	    NULL ? jstring(jgeti(vm, "resourceGroup")) :
	    az_id_group(id, group, sizeof group));
	vm_agent(ax, iv, name);
	cJSON_ArrayForEach(e, jgeti(jgeti(iv, "vmAgent"), "extensionHandlers"))
		vm_extension(ax, e, name, 1);
	cJSON_ArrayForEach(e, jgeti(iv, "extensions"))
		vm_extension(ax, e, name, 0);
	sp = az_prop(vm, "storageProfile");
	if (jgeti(sp, "osDisk") != NULL)
		vm_disk(ax, jgeti(sp, "osDisk"), iv, name, 1);
	cJSON_ArrayForEach(e, jgeti(sp, "dataDisks"))
		vm_disk(ax, e, iv, name, 0);
}

/* ---- az lock list ---- */

static void
az_lock(struct azx *ax, const cJSON *lock)
{
	const char *id = az_prop_str(lock, "id"), *p;
	char group[256], scope[512];
	struct jrec j;

	jrec_init(&j, "lock");
	jrec_add(&j, "lock", az_prop_str(lock, "name"), SHORT_MAX);
	jrec_add(&j, "level", az_prop_str(lock, "level"), SHORT_MAX);
	jrec_add(&j, "notes", az_prop_str(lock, "notes"), SHORT_MAX);
	jrec_add(&j, "resource_group", jstring(jgeti(lock, "resourceGroup")) !=
	    NULL ? jstring(jgeti(lock, "resourceGroup")) :
	    az_id_group(id, group, sizeof group), SHORT_MAX);
	/* What it locks: the id up to its own provider segment. */
	if (id != NULL && (p = strcasestr(id,
	    "/providers/Microsoft.Authorization/locks/")) != NULL &&
	    (size_t)(p - id) < sizeof scope) {
		snprintf(scope, sizeof scope, "%.*s", (int)(p - id), id);
		jrec_add(&j, "scope", scope, SHORT_MAX);
		jrec_add(&j, "scope_kind", strcasestr(scope, "/providers/") !=
		    NULL ? "resource" : strcasestr(scope,
		    "/resourceGroups/") != NULL ? "resource group" :
		    "subscription", SHORT_MAX);
	}
	strbuf_addstr(&j.text, "lock");
	jtext_field(&j, " ", "lock");
	az_text_paren(&j, "level");
	if (record_field(&j.r, "scope_kind") != NULL &&
	    strcmp(record_field(&j.r, "scope_kind"), "subscription") == 0)
		strbuf_addstr(&j.text, " on the subscription");
	else if (record_field(&j.r, "scope_kind") != NULL &&
	    strcmp(record_field(&j.r, "scope_kind"), "resource") == 0) {
		strbuf_addf(&j.text, " on %s", az_id_name(record_field(&j.r,
		    "scope")));
		jtext_field(&j, " in resource group ", "resource_group");
	} else
		jtext_field(&j, " on resource group ", "resource_group");
	jtext_field(&j, ": ", "notes");
	az_emit(ax, &j, KIND_AZ_LOCK, id);
}

/* ---- az disk list / show ---- */

static void
disk_text(struct jrec *j)
{
	const char *ade = record_field(&j->r, "ade");
	const char *enc = record_field(&j->r, "encryption_state");

	strbuf_addstr(&j->text, "disk");
	jtext_field(j, " ", "disk");
	if (jtext_field(j, ": ", "size_gb"))
		strbuf_addstr(&j->text, " GB");
	if ((ade != NULL && strcmp(ade, "true") == 0) ||
	    (enc != NULL && strcasecmp(enc, "encrypted") == 0))
		strbuf_addstr(&j->text, ", encrypted with Azure Disk "
		    "Encryption");
	jtext_field(j, ", ", "encryption_type");
	jtext_field(j, ", attached to ", "managed_by");
}

static void
az_disk(struct azx *ax, const cJSON *disk)
{
	const cJSON *esc;
	struct jrec j;

	jrec_init(&j, "disk");
	jrec_add(&j, "disk", az_prop_str(disk, "name"), SHORT_MAX);
	jrec_add_json(&j, "size_gb", az_prop(disk, "diskSizeGB"), SHORT_MAX);
	jrec_add(&j, "os_type", az_prop_str(disk, "osType"), SHORT_MAX);
	jrec_add(&j, "disk_state", az_prop_str(disk, "diskState"), SHORT_MAX);
	jrec_add(&j, "managed_by", az_id_name(az_prop_str(disk, "managedBy")),
	    SHORT_MAX);
	jrec_add(&j, "sku", jstring(jgeti(az_prop(disk, "sku"), "name")),
	    SHORT_MAX);
	jrec_add(&j, "encryption_type", jstring(jgeti(az_prop(disk,
	    "encryption"), "type")), SHORT_MAX);
	/* Azure Disk Encryption; older API versions call it
	 * encryptionSettings. */
	esc = az_prop(disk, "encryptionSettingsCollection");
	if (esc == NULL)
		esc = az_prop(disk, "encryptionSettings");
	jrec_add(&j, "ade", cJSON_IsTrue(jgeti(esc, "enabled")) ? "true" :
	    "false", SHORT_MAX);
	disk_text(&j);
	az_emit(ax, &j, KIND_AZ_DISK, az_prop_str(disk, "id"));
}

/* ---- az keyvault show ---- */

static void
add_permissions(struct jrec *j, const char *name, const cJSON *perms)
{
	struct strbuf sb = STRBUF_INIT;
	const cJSON *v;
	size_t i;

	cJSON_ArrayForEach(v, perms) {
		if (jstring(v) == NULL)
			continue;
		if (sb.len > 0)
			strbuf_addch(&sb, ',');
		/* Portal and CLI write "Get", REST "get". */
		for (i = 0; jstring(v)[i] != '\0'; i++)
			strbuf_addch(&sb, (char)tolower((unsigned char)
			    jstring(v)[i]));
	}
	jrec_add(j, name, strbuf_str(&sb), VALUE_MAX);
	strbuf_release(&sb);
}

static void
az_keyvault(struct azx *ax, const cJSON *kv)
{
	const cJSON *pol, *perms;
	const char *vault = az_prop_str(kv, "name");
	struct jrec j;
	size_t n = 0;
	char buf[32];

	cJSON_ArrayForEach(pol, az_prop(kv, "accessPolicies")) {
		perms = jgeti(pol, "permissions");
		jrec_init(&j, "policy");
		jrec_add(&j, "vault", vault, SHORT_MAX);
		jrec_add(&j, "object_id", jstring(jgeti(pol, "objectId")),
		    SHORT_MAX);
		jrec_add(&j, "application_id", jstring(jgeti(pol,
		    "applicationId")), SHORT_MAX);
		add_permissions(&j, "keys", jgeti(perms, "keys"));
		add_permissions(&j, "secrets", jgeti(perms, "secrets"));
		strbuf_addstr(&j.text, "access policy");
		jtext_field(&j, " of ", "vault");
		jtext_field(&j, " for ", "object_id");
		jtext_field(&j, ": keys ", "keys");
		jtext_field(&j, "; secrets ", "secrets");
		az_emit(ax, &j, KIND_AZ_KEYVAULT, jstring(jgeti(pol,
		    "objectId")));
		n++;
	}
	jrec_init(&j, "vault");
	jrec_add(&j, "vault", vault, SHORT_MAX);
	jrec_add_json(&j, "rbac", az_prop(kv, "enableRbacAuthorization"),
	    SHORT_MAX);
	if (record_field(&j.r, "rbac") == NULL)
		jrec_add(&j, "rbac", "false", SHORT_MAX);
	jrec_add_json(&j, "for_disk_encryption", az_prop(kv,
	    "enabledForDiskEncryption"), SHORT_MAX);
	snprintf(buf, sizeof buf, "%zu", n);
	jrec_add(&j, "policies", buf, SHORT_MAX);
	strbuf_addstr(&j.text, "key vault");
	jtext_field(&j, " ", "vault");
	if (strcmp(record_field(&j.r, "rbac"), "true") == 0)
		strbuf_addstr(&j.text, ": Azure RBAC permission model");
	else
		strbuf_addf(&j.text, ": access policies (%zu)", n);
	jtext_field(&j, ", enabled for disk encryption: ",
	    "for_disk_encryption");
	az_emit(ax, &j, KIND_AZ_KEYVAULT, az_prop_str(kv, "id"));
}

/* ---- az vm encryption show ---- */

static void
az_encryption(struct azx *ax, const cJSON *doc)
{
	const cJSON *d, *es, *s;
	const char *vault;
	struct jrec j;

	cJSON_ArrayForEach(d, jgeti(doc, "disks")) {
		jrec_init(&j, "disk");
		jrec_add(&j, "disk", jstring(jgeti(d, "name")), SHORT_MAX);
		disk_encryption(&j, d);
		vault = NULL;
		es = jgeti(d, "encryptionSettings");
		cJSON_ArrayForEach(s, es) {
			vault = az_id_name(jstring(jgeti(jgeti(jgeti(s,
			    "diskEncryptionKey"), "sourceVault"), "id")));
			if (jgeti(s, "keyEncryptionKey") != NULL &&
			    !cJSON_IsNull(jgeti(s, "keyEncryptionKey")))
				jrec_add(&j, "kek", "true", SHORT_MAX);
			break;
		}
		jrec_add(&j, "key_vault", vault, SHORT_MAX);
		strbuf_addstr(&j.text, "disk");
		jtext_field(&j, " ", "disk");
		jtext_field(&j, ": encryption ", "encryption_state");
		jtext_field(&j, ", keys in vault ", "key_vault");
		if (record_field(&j.r, "kek") != NULL)
			strbuf_addstr(&j.text, " (with a key encryption key)");
		az_emit(ax, &j, KIND_AZ_ENCRYPTION, jstring(jgeti(d, "name")));
	}
}

/* The ADE extension's older report: {"osDisk": "Encrypted", "dataDisk":
 * "NotMounted", "osDiskEncryptionSettings": {...}, "osType": ...}. */
static void
az_encryption_legacy(struct azx *ax, const cJSON *doc)
{
	static const char *const keys[] = { "osDisk", "dataDisk" };
	const cJSON *es = jgeti(doc, "osDiskEncryptionSettings");
	const char *state;
	char lower[64];
	struct jrec j;
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if ((state = jstring(jgeti(doc, keys[i]))) == NULL)
			continue;
		jrec_init(&j, "disk");
		jrec_add(&j, "disk", i == 0 ? "OS disk" : "data disks",
		    SHORT_MAX);
		/* "Encrypted" as the instance view's "encrypted". */
		text_cut(lower, sizeof lower, state, strlen(state));
		lower[0] = (char)tolower((unsigned char)lower[0]);
		jrec_add(&j, "encryption_state", lower, SHORT_MAX);
		if (strcasecmp(state, "Encrypted") == 0)
			jrec_add(&j, "ade", "true", SHORT_MAX);
		if (i == 0)
			jrec_add(&j, "key_vault", az_id_name(jstring(jgeti(jgeti(
			    jgeti(es, "diskEncryptionKey"), "sourceVault"),
			    "id"))), SHORT_MAX);
		jrec_add(&j, "progress", jstring(jgeti(doc,
		    "progressMessage")), VALUE_MAX);
		strbuf_addstr(&j.text, "Azure Disk Encryption,");
		jtext_field(&j, " ", "disk");
		jtext_field(&j, ": ", "encryption_state");
		jtext_field(&j, ", keys in vault ", "key_vault");
		jtext_field(&j, ": ", "progress");
		az_emit(ax, &j, KIND_AZ_ENCRYPTION, keys[i]);
	}
}

/* ---- which resource an object is ---- */

struct az_type {
	const char	*type;		/* as in "type" and the id's path */
	void		(*read)(struct azx *, const cJSON *);
};

static const struct az_type types[] = {
	{ "Microsoft.Compute/virtualMachines", az_vm },
	{ "Microsoft.RecoveryServices/vaults/backupJobs", az_job },
	{ "Microsoft.RecoveryServices/vaults/backupFabrics/"
	    "protectionContainers/protectedItems", az_item },
	{ "Microsoft.Authorization/locks", az_lock },
	{ "Microsoft.Compute/restorePointCollections", az_restore_points },
	{ "Microsoft.Compute/disks", az_disk },
	{ "Microsoft.KeyVault/vaults", az_keyvault },
};

/* The type an id's path names: "/providers/A.B/x/n/y/m" is "A.B/x/y". */
static int
id_is_type(const char *id, const char *type)
{
	const char *p, *q, *t;
	size_t n;

	if (id == NULL || (p = strcasestr(id, "/providers/")) == NULL)
		return 0;
	/* The last provider segment: a lock's id holds the locked
	 * resource's path before its own. */
	while ((q = strcasestr(p + 1, "/providers/")) != NULL)
		p = q;
	p += strlen("/providers/");
	n = strcspn(type, "/");
	if (strncasecmp(p, type, n) != 0 || p[n] != '/')
		return 0;
	p += n;
	for (t = type + n; *t == '/'; ) {
		t++;
		n = strcspn(t, "/");
		/* "/<type segment>/<name>" */
		if (*p != '/' || strncasecmp(p + 1, t, n) != 0 ||
		    p[1 + n] != '/')
			return 0;
		p = strchr(p + 1 + n + 1, '/');
		t += n;
		if (p == NULL)
			return *t == '\0';
	}
	return *t == '\0' && *p == '\0';
}

static void (*reader_of(const cJSON *obj))(struct azx *, const cJSON *)
{
	const char *type = jstring(jgeti(obj, "type"));
	const char *id = az_prop_str(obj, "id");
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if ((type != NULL && strcasecmp(type, types[i].type) == 0) ||
		    (type == NULL && id_is_type(id, types[i].type)))
			return types[i].read;
	if (type != NULL)
		return NULL;
	/* Bodies without a type or id: the keys only they have. */
	if (jgeti(obj, "vmAgent") != NULL || (jgeti(obj, "statuses") != NULL &&
	    (jgeti(obj, "computerName") != NULL ||
	    jgeti(obj, "osName") != NULL)))
		return az_vm;
	if (cJSON_IsArray(jgeti(obj, "disks")) && (jgeti(obj, "status") !=
	    NULL || jgeti(obj, "substatus") != NULL ||
	    status_of(jgeti(cJSON_GetArrayItem(jgeti(obj, "disks"), 0),
	    "statuses"), "EncryptionState/") != NULL))
		return az_encryption;
	if (jstring(jgeti(obj, "osDisk")) != NULL &&
	    (jgeti(obj, "osDiskEncryptionSettings") != NULL ||
	    jgeti(obj, "progressMessage") != NULL))
		return az_encryption_legacy;
	if (az_prop(obj, "jobType") != NULL && az_prop(obj, "operation") != NULL)
		return az_job;
	if (az_prop(obj, "protectionState") != NULL)
		return az_item;
	if (az_prop(obj, "restorePoints") != NULL)
		return az_restore_points;
	if (az_prop(obj, "diskSizeGB") != NULL)
		return az_disk;
	if (az_prop(obj, "accessPolicies") != NULL)
		return az_keyvault;
	return NULL;
}

static void
az_object(struct azx *ax, const cJSON *obj)
{
	void (*read)(struct azx *, const cJSON *);

	if (!cJSON_IsObject(obj))
		return;
	if (++ax->objects > AZ_OBJECTS_MAX)
		return;
	if ((read = reader_of(obj)) == NULL) {
		ax->unknown++;
		if (ax->unknown_type == NULL)
			ax->unknown_type = jstring(jgeti(obj, "type"));
		return;
	}
	read(ax, obj);
}

void
azure_export(struct parse_ctx *pc, const cJSON *root, const char *buf,
    size_t len)
{
	struct azx ax;
	struct strbuf type = STRBUF_INIT;
	const cJSON *o, *list = root;
	size_t i;

	memset(&ax, 0, sizeof ax);
	ax.pc = pc;
	ax.buf = buf;
	ax.len = len;
	/* A REST page: {"value": [...], "nextLink": ...}. */
	if (cJSON_IsObject(root) && cJSON_IsArray(jget(root, "value")))
		list = jget(root, "value");
	if (cJSON_IsArray(list)) {
		az_backup_days_collect(&ax, list);
		cJSON_ArrayForEach(o, list)
			az_object(&ax, o);
	} else
		az_object(&ax, root);
	for (i = 0; i < ax.nbackup_days; i++)
		free(ax.backup_days[i]);
	free(ax.backup_days);
	if (ax.objects > AZ_OBJECTS_MAX)
		parse_skip(pc, "read the first %d of %lu objects",
		    AZ_OBJECTS_MAX, ax.objects);
	else if (pc->records == 0 && ax.unknown_type != NULL) {
		/* The type is the file's: valid UTF-8, cut between
		 * characters. */
		text_sanitise(&type, ax.unknown_type, strlen(ax.unknown_type));
		parse_skip(pc, "an export of %.*s, which vmtriage does not "
		    "read", (int)text_utf8_prefix(type.buf, type.len, 100),
		    type.buf);
		strbuf_release(&type);
	}
	else if (pc->records == 0)
		parse_skip(pc, "JSON of no Azure resource vmtriage reads");
}
