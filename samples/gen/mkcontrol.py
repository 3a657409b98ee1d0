#!/usr/bin/env python3
"""
mkcontrol.py - writes the control-plane sample bundles of vmtriage under samples/control/.

Run from the repository root, after mklinux.py (the mixed bundle copies a Linux sample):

    python3 samples/gen/mkcontrol.py

Each bundle holds what an engineer attaches beside (or instead of) the guest's files: the
JSON the Azure CLI printed (`az vm get-instance-view`, `az backup job list`, ...) or the
REST API returned.  The shapes follow the CLI's serialisation (sorted keys, two-space
indent, null members of SDK-based commands, `+00:00` times) and the REST bodies of the
azure-rest-api-specs examples; the research notes and their sources are in
doc/control-plane.md.  Names, ids and GUIDs are invented; nothing is secret.

samples/control/ is rebuilt from scratch and the control-plane rows of samples/expect.tsv
(cases "cp-" and "mixed-") are replaced; the other rows are left as they are.  Output is
deterministic: fixed dates, no clock, no randomness.
"""

import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, ".."))
OUT_ROOT = os.path.join(SAMPLES, "control")
EXPECT = os.path.join(SAMPLES, "expect.tsv")

SUB = "/subscriptions/0b9e2a4c-1111-4d2e-9f00-5a6b7c8d9e0f"
VM = "vm-app01"
RG = "rg-app-prod"
VAULT_RG = "rg-backup"
VAULT = "rsv-prod-weu"
RP_RG = "AzureBackupRG_westeurope_1"
KV = "kv-ade-prod"
BMS_OBJECT = "7a1d5c3e-2b4f-4e6a-8c9d-0e1f2a3b4c5d"

# The documented messages of the error codes (patterns/00-symptoms.json), as a job's
# errorString carries them.
MSG = {
    "UserErrorGuestAgentStatusUnavailable": "VM Agent unable to communicate with Azure Backup.",
    "GuestAgentSnapshotTaskStatusError": "Could not communicate with the VM agent for snapshot status.",
    "UserErrorVmProvisioningStateFailed": "The VM is in failed provisioning state.",
    "UserErrorRpCollectionLimitReached": "The Restore Point collection max limit has reached.",
    "UserErrorKeyvaultPermissionsNotConfigured": "Backup doesn't have sufficient permissions to the key vault for backup of encrypted VMs.",
    "UserErrorUnsupportedDiskSize": "The configured disk size(s) is currently not supported by Azure Backup.",
    "UserErrorBackupOperationInProgress": "Unable to initiate backup as another backup operation is currently in progress.",
}
# Numbers the job API gives instead of the names (invented; the message decides).
NUM = {code: 400000 + 7 * i for i, code in enumerate(sorted(MSG))}


def dumps(obj):
    """As the Azure CLI prints it (knack: sort_keys, indent 2, trailing newline)."""
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rest(obj):
    """As the REST API returns it: server key order, compact."""
    return json.dumps(obj, separators=(",", ":")) + "\n"


def vm_id(name=VM):
    return "%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachines/%s" % (SUB, RG, name)


def status(code, display, level="Info", message=None, time=None):
    return {"code": code, "displayStatus": display, "level": level, "message": message, "time": time}


def instance_view(power="running", prov=("succeeded", None, None), agent=("Ready", "GuestAgent is running and processing the extensions."),
                  agent_version="2.9.1.1", os_type="Linux", os_name="ubuntu", exts=(), ade=False, disks=((30, "os"),),
                  agent_time="2025-08-08T08:55:02+00:00", prov_time="2025-08-01T07:30:12.1234567+00:00"):
    """az vm get-instance-view: the VM with its instanceView (SDK-era CLI: nulls kept)."""
    state, code, msg = prov
    statuses = [status("ProvisioningState/%s%s" % (state, "/" + code if code else ""),
                       "Provisioning %s" % state, "Error" if state == "failed" else "Info", msg, prov_time),
                status("PowerState/%s" % power, "VM %s" % power)]
    handlers, extensions = [], []
    for name, typ, ver, ok, message, t in exts:
        st = "ProvisioningState/succeeded" if ok else "ProvisioningState/failed/1"
        disp = "Provisioning succeeded" if ok else "Provisioning failed"
        extensions.append({"name": name, "statuses": [status(st, disp, "Info" if ok else "Error", message, t)],
                           "substatuses": None, "type": typ, "typeHandlerVersion": ver})
        handlers.append({"status": status(st, "Ready" if ok else "Not Ready", "Info" if ok else "Error",
                                          None if ok else message),
                         "type": typ, "typeHandlerVersion": ver})
    iv_disks, data_disks = [], []
    os_disk = None
    for i, (size, role) in enumerate(disks):
        dname = "%s_OsDisk_1" % VM if role == "os" else "%s_DataDisk_%d" % (VM, i - 1)
        enc = [{"diskEncryptionKey": {"secretUrl": "https://%s.vault.azure.net/secrets/%s-bek/0a1b2c3d" % (KV, dname),
                                      "sourceVault": {"id": "%s/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/%s" % (SUB, KV)}},
                "enabled": True, "keyEncryptionKey": None}] if ade else None
        dstat = [status("ProvisioningState/succeeded", "Provisioning succeeded", time=prov_time)]
        if ade:
            dstat.append(status("EncryptionState/encrypted", "Encryption is enabled on disk"))
        iv_disks.append({"encryptionSettings": enc, "name": dname, "statuses": dstat})
        entry = {"caching": "ReadWrite", "createOption": "FromImage" if role == "os" else "Empty", "diskSizeGb": size,
                 "managedDisk": {"id": "%s/resourceGroups/%s/providers/Microsoft.Compute/disks/%s" % (SUB, RG, dname),
                                 "resourceGroup": RG, "storageAccountType": "Premium_LRS"},
                 "name": dname}
        if role == "os":
            entry["osType"] = os_type
            os_disk = entry
        else:
            entry["lun"] = i - 1
            data_disks.append(entry)
    iv = {"bootDiagnostics": None, "computerName": VM, "disks": iv_disks, "extensions": extensions,
          "hyperVGeneration": "V2", "osName": os_name, "osVersion": "22.04" if os_type == "Linux" else "10.0.17763.5830",
          "statuses": statuses,
          "vmAgent": {"extensionHandlers": handlers,
                      "statuses": [status("ProvisioningState/succeeded", agent[0], "Info" if agent[0] == "Ready" else "Warning",
                                          agent[1], agent_time)],
                      "vmAgentVersion": agent_version}}
    return {"additionalCapabilities": None, "availabilitySet": None, "billingProfile": None,
            "hardwareProfile": {"vmSize": "Standard_D4s_v5"}, "id": vm_id(), "instanceView": iv,
            "location": "westeurope", "name": VM,
            "provisioningState": "Failed" if state == "failed" else "Updating" if state == "updating" else "Succeeded",
            "resourceGroup": RG,
            "storageProfile": {"dataDisks": data_disks, "osDisk": os_disk},
            "tags": None, "type": "Microsoft.Compute/virtualMachines", "vmId": "5d2c9a0e-7f31-4c8e-9b42-1e6f0a3d8c57"}


def job(op, st, start, end=None, code=None, message=None, title="", task=None, n=1):
    """One backup job as az backup job show/list prints it (properties stay nested)."""
    errs = []
    if code is not None:
        errs.append({"errorCode": code, "errorString": message, "errorTitle": title,
                     "recommendations": ["See the troubleshooting article of this error code."]})
    tasks = None
    if task:
        tasks = [{"duration": "0:03:30.998000", "endTime": end, "instanceId": None, "progressPercentage": None,
                  "startTime": start, "status": "Failed" if st == "Failed" else "Completed", "taskExecutionDetails": None,
                  "taskId": task}]
    guid = "3f2a9c1e-7b4d-4e21-a0f5-%012d" % n
    return {"eTag": None,
            "id": "%s/resourceGroups/%s/providers/Microsoft.RecoveryServices/vaults/%s/backupJobs/%s" % (SUB, VAULT_RG, VAULT, guid),
            "location": None, "name": guid,
            "properties": {"actionsInfo": None, "activityId": "6d1e7a0c-3b52-4f7e-9d0a-%012d" % n,
                           "backupManagementType": "AzureIaasVM", "containerName": "iaasvmcontainerv2;%s;%s" % (RG, VM),
                           "duration": "0:03:31.365557", "endTime": end, "entityFriendlyName": VM, "errorDetails": errs,
                           "extendedInfo": None if tasks is None else {"dynamicErrorMessage": None, "propertyBag": {"VM Name": VM},
                                                                      "tasksList": tasks},
                           "isUserTriggered": False, "jobType": "AzureIaaSVMJob", "operation": op, "startTime": start,
                           "status": st, "virtualMachineVersion": "Compute"},
            "resourceGroup": VAULT_RG, "tags": None, "type": "Microsoft.RecoveryServices/vaults/backupJobs"}


def failed_job(code, start, n=1, title="", message=None, num=True):
    end = start[:14] + "%02d" % (int(start[14:16]) + 3) + start[16:]
    return job("Backup", "Failed", start, end, NUM.get(code, 400999) if num else code,
               message or MSG[code], title, "Take Snapshot", n)


def item(state="Protected", health="Passed", last="Completed", title=None, message=None):
    props = {"backupManagementType": "AzureIaasVM", "containerName": "iaasvmcontainerv2;%s;%s" % (RG, VM),
             "extendedInfo": {"oldestRecoveryPoint": "2025-07-10T23:01:02.441122+00:00", "policyInconsistent": False,
                              "recoveryPointCount": 29},
             "friendlyName": VM, "healthDetails": None, "healthStatus": health, "lastBackupStatus": last,
             "lastBackupTime": "2025-08-07T23:00:31.187623+00:00",
             "policyId": "%s/resourceGroups/%s/providers/Microsoft.RecoveryServices/vaults/%s/backupPolicies/DefaultPolicy" % (SUB, VAULT_RG, VAULT),
             "policyName": "DefaultPolicy", "protectedItemType": "Microsoft.Compute/virtualMachines",
             "protectionState": state, "protectionStatus": "Healthy" if health == "Passed" else "Unhealthy",
             "sourceResourceId": vm_id(), "virtualMachineId": vm_id(), "workloadType": "VM"}
    if title:
        props["healthDetails"] = [{"code": 400091, "message": message, "recommendations": [], "title": title}]
    return {"eTag": None,
            "id": "%s/resourceGroups/%s/providers/Microsoft.RecoveryServices/vaults/%s/backupFabrics/Azure/protectionContainers/"
                  "IaasVMContainer;iaasvmcontainerv2;%s;%s/protectedItems/VM;iaasvmcontainerv2;%s;%s" % (SUB, VAULT_RG, VAULT, RG, VM, RG, VM),
            "location": None, "name": "VM;iaasvmcontainerv2;%s;%s" % (RG, VM), "properties": props,
            "resourceGroup": VAULT_RG, "tags": None,
            "type": "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems"}


def lock(name, level, rg=None, on_vm=False, notes=None):
    if rg is None:
        lid = "%s/providers/Microsoft.Authorization/locks/%s" % (SUB, name)
    elif on_vm:
        lid = "%s/providers/Microsoft.Authorization/locks/%s" % (vm_id(), name)
    else:
        lid = "%s/resourceGroups/%s/providers/Microsoft.Authorization/locks/%s" % (SUB, rg, name)
    o = {"id": lid, "level": level, "name": name, "notes": notes, "owners": None, "systemData": None,
         "type": "Microsoft.Authorization/locks"}
    if rg is not None:
        o["resourceGroup"] = rg
    return o


def restore_points(days, per_day=1):
    """az restore-point collection show --restore-points (AAZ: REST names, no nulls)."""
    rpc_id = "%s/resourceGroups/%s/providers/Microsoft.Compute/restorePointCollections/AzureBackup_%s_9223372036854775807" % (SUB, RP_RG, VM)
    points = []
    for d in range(days):
        for k in range(per_day):
            n = len(points) + 1
            points.append({"consistencyMode": "ApplicationConsistent", "excludeDisks": [],
                           "id": "%s/restorePoints/AzureBackup_%d" % (rpc_id, n), "name": "AzureBackup_%d" % n,
                           "provisioningState": "Succeeded", "resourceGroup": RP_RG,
                           "timeCreated": "2025-07-%02dT%02d:01:%02d.1234567+00:00" % (d + 10, 23 - 8 * k, n % 60),
                           "type": "Microsoft.Compute/restorePointCollections/restorePoints"})
    return {"id": rpc_id, "location": "westeurope", "name": "AzureBackup_%s_9223372036854775807" % VM,
            "provisioningState": "Succeeded", "resourceGroup": RP_RG,
            "restorePointCollectionId": "59f04a5d-f783-4200-a1bd-d3f464e8c4b4", "restorePoints": points,
            "source": {"id": vm_id(), "location": "westeurope", "resourceGroup": RG},
            "type": "Microsoft.Compute/restorePointCollections"}


def disk(name, size, ade=False, os_type=None):
    """az disk show (AAZ: REST names, diskSizeGB, absent fields left out)."""
    o = {"diskSizeBytes": size * 1024 ** 3, "diskSizeGB": size, "diskState": "Attached",
         "encryption": {"type": "EncryptionAtRestWithPlatformKey"},
         "id": "%s/resourceGroups/%s/providers/Microsoft.Compute/disks/%s" % (SUB, RG, name),
         "location": "westeurope", "managedBy": vm_id(), "name": name, "provisioningState": "Succeeded",
         "resourceGroup": RG, "sku": {"name": "Premium_LRS", "tier": "Premium"},
         "timeCreated": "2025-07-01T07:29:58.1234567+00:00", "type": "Microsoft.Compute/disks"}
    if os_type:
        o["osType"] = os_type
    if ade:
        o["encryptionSettingsCollection"] = {
            "enabled": True, "encryptionSettingsVersion": "1.1",
            "encryptionSettings": [{"diskEncryptionKey": {
                "secretUrl": "https://%s.vault.azure.net/secrets/%s-bek/1f2e3d4c" % (KV, name),
                "sourceVault": {"id": "%s/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/%s" % (SUB, KV)}}}]}
    return o


def keyvault(policies, rbac=False):
    """REST GET of the vault (properties nested, server key order)."""
    return {"id": "%s/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/%s" % (SUB, KV),
            "name": KV, "type": "Microsoft.KeyVault/vaults", "location": "westeurope",
            "properties": {"sku": {"family": "A", "name": "standard"}, "tenantId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                           "accessPolicies": [{"tenantId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "objectId": oid,
                                               "permissions": {"keys": keys, "secrets": secrets, "certificates": []}}
                                              for oid, keys, secrets in policies],
                           "enabledForDiskEncryption": True, "enableSoftDelete": True, "enableRbacAuthorization": rbac,
                           "vaultUri": "https://%s.vault.azure.net/" % KV, "provisioningState": "Succeeded"}}


def encryption_show(names):
    return {"disks": [{"encryptionSettings": [{"diskEncryptionKey": {
                          "secretUrl": "https://%s.vault.azure.net/secrets/%s-bek/0a1b2c3d" % (KV, n),
                          "sourceVault": {"id": "%s/resourceGroups/rg-security/providers/Microsoft.KeyVault/vaults/%s" % (SUB, KV)}},
                          "enabled": True}],
                       "name": n, "statuses": [{"code": "EncryptionState/encrypted",
                                                "displayStatus": "Encryption is enabled on disk", "level": "Info"}]}
                      for n in names],
            "status": [{"code": "ProvisioningState/succeeded", "displayStatus": "Provisioning succeeded", "level": "Info",
                        "message": "Encryption succeeded for all volumes", "time": None}],
            "substatus": None}


SNAP_LINUX = ("VMSnapshotLinux", "Microsoft.Azure.RecoveryServices.VMSnapshotLinux", "1.0.9224.0")
CSE = ("CustomScript", "Microsoft.Azure.Extensions.CustomScript", "2.1.10")


def ext(e, ok, message, t="2025-08-07T23:02:11+00:00"):
    return (e[0], e[1], e[2], ok, message, t)


class Bundle:
    def __init__(self, name):
        self.name = name
        self.files = {}

    def cli(self, path, obj):
        self.files[path] = dumps(obj).encode()

    def rest(self, path, obj):
        self.files[path] = rest(obj).encode()

    def powershell(self, path, obj):
        # `az ... > file` in Windows PowerShell 5 writes UTF-16LE with a BOM.
        self.files[path] = b"\xff\xfe" + dumps(obj).replace("\n", "\r\n").encode("utf-16-le")


def jobs_ok(days=5, start_day=3):
    return [job("Backup", "Completed", "2025-08-%02dT23:00:3%d.100000+00:00" % (d, d % 10),
                "2025-08-%02dT23:14:02.553180+00:00" % d, n=100 + d)
            for d in range(start_day + days - 1, start_day - 1, -1)]


def cp_healthy():
    b = Bundle("cp-healthy")
    b.cli("az-vm-get-instance-view.json", instance_view(exts=[ext(SNAP_LINUX, True, "Enable succeeded")]))
    b.cli("az-backup-job-list.json", jobs_ok())
    b.cli("az-backup-item-show.json", item())
    b.cli("az-lock-list.json", [lock("vm-readonly", "ReadOnly", RG, on_vm=True)])
    b.cli("az-restore-point-collection-show.json", restore_points(7))
    b.cli("az-disk-list.json", [disk("%s_OsDisk_1" % VM, 30, os_type="Linux"), disk("%s_DataDisk_0" % VM, 1024)])
    return b


def cp_vm_deallocated():
    b = Bundle("cp-vm-deallocated")
    b.cli("instance-view.json", instance_view(power="deallocated", agent=("Not Ready", "VM status blob is found but not yet populated."),
                                              agent_version="Unknown"))
    b.cli("jobs.json", [failed_job("UserErrorGuestAgentStatusUnavailable", "2025-08-07T23:00:31.187623+00:00", 2)] + jobs_ok(3, 3))
    return b


def cp_provisioning_failed():
    b = Bundle("cp-provisioning-failed")
    msg = ("VM has reported a failure when processing extension 'CustomScript'. Error message: \"Enable failed: "
           "failed to execute command: command terminated with exit status=1\".")
    b.cli("az-vm-get-instance-view.json", instance_view(
        prov=("failed", "VMExtensionProvisioningError", msg), prov_time="2025-08-07T22:41:09.5512345+00:00",
        exts=[ext(CSE, False, "Enable failed: failed to execute command: command terminated with exit status=1",
                  "2025-08-07T22:41:09+00:00"),
              ext(SNAP_LINUX, True, "Enable succeeded", "2025-08-06T23:02:11+00:00")]))
    b.cli("az-backup-job-show.json", failed_job("UserErrorVmProvisioningStateFailed", "2025-08-07T23:00:31.187623+00:00", 3))
    return b


def cp_rg_locked():
    b = Bundle("cp-rg-locked")
    b.cli("locks.json", [lock("do-not-delete", "CanNotDelete", RP_RG, notes="Set by the platform team"),
                         lock("vm-readonly", "ReadOnly", RG, on_vm=True)])
    b.cli("rpc.json", restore_points(18))
    b.cli("job.json", failed_job("UserErrorRpCollectionLimitReached", "2025-07-28T23:00:31.187623+00:00", 4))
    return b


def cp_rp_limit():
    b = Bundle("cp-rp-limit")
    b.cli("az_lock_list.json", [])
    b.cli("az_restore-point_collection_show.json", restore_points(6, per_day=3))
    on_demand = [job("Backup", "Completed", "2025-07-15T%02d:00:12.000000+00:00" % h, "2025-07-15T%02d:12:40.000000+00:00" % h,
                     n=200 + h) for h in (15, 7)]
    b.cli("az_backup_job_list.json", [failed_job("UserErrorRpCollectionLimitReached", "2025-07-15T23:00:31.187623+00:00", 5)]
          + on_demand)
    return b


def cp_keyvault():
    b = Bundle("cp-keyvault-permissions")
    b.rest("keyvault.json", keyvault([("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", ["get", "list", "wrapKey", "unwrapKey"],
                                        ["get", "list", "set"]),
                                       (BMS_OBJECT, ["get", "list"], ["get", "list"])]))
    b.cli("encryption.json", encryption_show(["%s_OsDisk_1" % VM, "%s_DataDisk_0" % VM]))
    b.cli("job.json", failed_job("UserErrorKeyvaultPermissionsNotConfigured", "2025-08-07T23:00:31.187623+00:00", 6))
    return b


def cp_disk_size():
    b = Bundle("cp-disk-size")
    b.cli("disks.json", [disk("%s_OsDisk_1" % VM, 128, ade=True, os_type="Windows"),
                         disk("%s_DataDisk_0" % VM, 8192, ade=True)])
    b.powershell("job.json", failed_job("UserErrorUnsupportedDiskSize", "2025-08-07T23:00:31.187623+00:00", 7))
    return b


def cp_in_progress():
    b = Bundle("cp-operation-in-progress")
    running = job("Backup", "InProgress", "2025-08-07T21:00:02.411002+00:00", n=8)
    b.rest("backupJobs.json", {"value": [failed_job("UserErrorBackupOperationInProgress", "2025-08-07T23:00:31.187623+00:00", 9),
                                         running] + jobs_ok(2, 4)})
    return b


def cp_not_protected():
    b = Bundle("cp-not-protected")
    b.cli("item.json", item(state="ProtectionStopped", health="Passed", last="Completed"))
    b.cli("job.json", failed_job("UserErrorBcmDatasourceNotPresent", "2025-08-07T23:00:31.187623+00:00", 10,
                                 message="Backup failed: This virtual machine is not (actively) protected by Azure Backup.",
                                 title="UserErrorBcmDatasourceNotPresent"))
    return b


def cp_crp_user_error():
    b = Bundle("cp-crp-user-error")
    msg = ("Allocation failed. We do not have sufficient capacity for the requested VM size in this region. "
           "Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance")
    b.cli("az-backup-job-show.json", failed_job("UserErrorCrpReportedUserError", "2025-08-07T23:00:31.187623+00:00", 11,
                                                title="UserErrorCrpReportedUserError", message=msg))
    return b


def mixed_linux_firewall():
    """The Linux wireserver-unreachable guest and what Azure saw of the same failure."""
    b = Bundle("mixed-linux-firewall")
    src = os.path.join(SAMPLES, "linux", "wireserver-unreachable")
    if not os.path.isdir(src):
        sys.exit("mkcontrol.py: run mklinux.py first (needs %s)" % src)
    for root, _, files in os.walk(src):
        for f in files:
            full = os.path.join(root, f)
            with open(full, "rb") as fh:
                b.files[os.path.join("guest", os.path.relpath(full, src))] = fh.read()
    b.cli("azure/az-vm-get-instance-view.json", instance_view(
        agent=("Not Ready", "VM Agent is unresponsive."), agent_time="2025-08-08T08:40:12+00:00",
        os_name="centos", exts=[ext(SNAP_LINUX, True, "Enable succeeded", "2025-08-04T23:02:11+00:00")]))
    b.cli("azure/az-backup-job-list.json", [failed_job("GuestAgentSnapshotTaskStatusError", "2025-08-07T23:00:31.187623+00:00", 12)]
          + jobs_ok(2, 3))
    return b


CASES = [
    # name, builder, symptom given on the command line, expected root cause
    ("cp-healthy", cp_healthy, "-", "-"),
    ("cp-vm-deallocated", cp_vm_deallocated, "-", "vm.not-running"),
    ("cp-provisioning-failed", cp_provisioning_failed, "-", "extension.provisioning-failed"),
    ("cp-rg-locked", cp_rg_locked, "-", "rp.resource-group-locked"),
    ("cp-rp-limit", cp_rp_limit, "-", "rp.collection-limit"),
    ("cp-keyvault-permissions", cp_keyvault, "-", "keyvault.permissions-missing"),
    ("cp-disk-size", cp_disk_size, "-", "disk.unsupported-size"),
    ("cp-operation-in-progress", cp_in_progress, "-", "backup.operation-in-progress"),
    ("cp-not-protected", cp_not_protected, "-", "backup.datasource-not-protected"),
    ("cp-crp-user-error", cp_crp_user_error, "-", "crp.user-error"),
    ("mixed-linux-firewall", mixed_linux_firewall, "-", "network.wireserver-unreachable"),
]


def write_expect():
    rows = []
    if os.path.isfile(EXPECT):
        with open(EXPECT) as f:
            rows = [l.rstrip("\n") for l in f if l.strip()]
    if not rows or not rows[0].startswith("case\t"):
        rows.insert(0, "case\tsymptom\troot")
    rows = [r for r in rows if not r.startswith(("cp-", "mixed-"))]
    rows += ["%s\t%s\t%s" % (n, s, r) for n, _, s, r in CASES]
    with open(EXPECT, "w") as f:
        f.write("\n".join(rows) + "\n")


def main():
    if os.path.isdir(OUT_ROOT):
        shutil.rmtree(OUT_ROOT)
    os.makedirs(OUT_ROOT)
    for name, fn, _, _ in CASES:
        b = fn()
        assert b.name == name, (b.name, name)
        for p, data in sorted(b.files.items()):
            full = os.path.join(OUT_ROOT, name, p)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(data)
        sys.stdout.write("%-30s %3d files %8d bytes\n" % (name, len(b.files), sum(len(d) for d in b.files.values())))
    write_expect()


if __name__ == "__main__":
    main()
