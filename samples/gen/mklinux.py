#!/usr/bin/env python3
"""
mklinux.py - writes the Linux sample bundles of vmtriage under samples/linux/.

Run from the repository root:

    python3 samples/gen/mklinux.py

Every tree is rebuilt from scratch (samples/linux/ is wiped first).  The output is
deterministic: every sample has its own random generator seeded from its name, all
dates are fixed, nothing depends on the clock or on the machine.

Each tree mimics the content of the logs.zip written by the agent's log collector
(`waagent -collect-logs [-full]`): member paths without the leading slash,
results.txt at the root.  Archives are not written here: the tests pack them.

Message texts are taken from the real sources (see samples/README.md, "Sources"):
  * Azure/WALinuxAgent, tags v2.2.41, v2.2.45, v2.2.46, v2.7.0.6, v2.9.1.1, v2.15.0.1
  * Azure/azure-linux-extensions, VMBackup/ (VMSnapshotLinux)
Only messages that the agent/extension version of the sample writes are used; where a
detail (a journal line, an ISO date, a build number) had to be invented it is plausible
filler, never a message template.

Secrets in the samples (SAS "sig=" values, protectedSettings, ovf-env.xml passwords)
are obviously fake: they exist so that the redaction code has something to redact.
"""

import base64
import datetime
import hashlib
import json
import os
import random
import shutil
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_ROOT = os.path.normpath(os.path.join(HERE, "..", "linux"))

WIRESERVER = "168.63.129.16"
SNAP_EXT = "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
# HandlerEnvironment.json "version" is 1.0; VMSnapshotLinux uses it in its log prefix
SNAP_PREFIX = "[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]"

# Obviously fake secrets.  They are long enough to look like the real thing.
FAKE_SIG = "FAKEsigDONOTUSE0000000000000000000000000000%3D"
FAKE_PROTECTED = ("MIIB0wYJKoZIhvcNAQcDoIIBxDCCAcACAQAxggFpMIIBZQIBADBNMDkxNzA1BgoJkiaJk/IsZAEZFidXaW5kb3dzIEF6"
                  "dXJlIENSUCBDZXJ0aWZpY2F0ZSBHZW5lcmF0b3ICEFAKEFAKEFAKEFAKEFAKEFAwDQYJKoZIhvcNAQEBBQAEggEAFAKE"
                  "PROTECTEDSETTINGSNOTAREALSECRETxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx==")


# ----------------------------------------------------------------------------------------------
# Small helpers: time formats, ids, the record log
# ----------------------------------------------------------------------------------------------

def dt(s):
    """'2025-11-24 06:12:03.123' -> naive UTC datetime"""
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in s else "%Y-%m-%d %H:%M:%S"
    return datetime.datetime.strptime(s, fmt)


def iso(t):
    # logger.py: 2.2.46+ write '%Y-%m-%dT%H:%M:%S.%fZ' (UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def slash(t):
    # logger.py up to 2.2.45: '%Y/%m/%d %H:%M:%S.%f' (local time; every sample VM runs on UTC)
    return t.strftime("%Y/%m/%d %H:%M:%S.%f")


def sec(n):
    return datetime.timedelta(seconds=n)


def ms(n):
    return datetime.timedelta(milliseconds=n)


def ticks(t):
    """.NET ticks (100 ns since 0001-01-01), as used by createdOnTicks / commandStartTimeUTCTicks"""
    delta = t - datetime.datetime(1, 1, 1)
    return (delta.days * 86400 + delta.seconds) * 10 ** 7 + delta.microseconds * 10


def epoch(t):
    return (t - datetime.datetime(1970, 1, 1)).total_seconds()


class Rng(random.Random):
    """random.Random with the id shapes the agent logs use."""

    def guid(self, upper=False):
        h = "%032x" % self.getrandbits(128)
        g = "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
        return g.upper() if upper else g

    def hexs(self, n, upper=True):
        s = "".join(self.choice("0123456789abcdef") for _ in range(n))
        return s.upper() if upper else s

    def digits(self, n):
        return str(self.randint(1, 9)) + "".join(self.choice("0123456789") for _ in range(n - 1))

    def jitter(self, lo, hi):
        return ms(self.randint(lo, hi))


class TextLog(object):
    """
    A log file made of records.  A record is a timestamp and a text (which may span several
    lines: tracebacks, command output).  Records are written sorted by time; records with the
    same time keep their order of insertion.  Several "threads" of the agent can therefore be
    generated independently and end up interleaved the way the real file is.
    """

    def __init__(self):
        self.recs = []

    def add(self, t, text):
        self.recs.append((t, len(self.recs), text))

    def last(self):
        return max(r[0] for r in self.recs) if self.recs else None

    def render(self):
        return "".join(r[2] + "\n" for r in sorted(self.recs))

    def lines(self):
        return self.render().count("\n")


class AgentLog(object):
    """
    Writes waagent.log records in the shape of a given agent generation (research §2.2):
      'thread'  >= 2.2.47   2025-11-24T06:12:05.123456Z INFO ExtHandler ExtHandler msg
      'iso'     == 2.2.46   2025-11-24T06:12:05.123456Z INFO Daemon msg          (no thread)
      'slash'   2.2.32-45   2022/06/20 06:12:05.123456 INFO Daemon msg           (local time)
    'prefix' None gives the prefix-less shape of the GoalState logger (>= 2.9).
    Lines with an extension prefix "[Name-ver]" also go to that extension's
    CommandExecution.log, like ExtHandlerInstance.set_logger() does.
    """

    def __init__(self, ctx, style):
        self.ctx = ctx
        self.style = style

    def w(self, t, level, thread, prefix, msg, cmdlog=None):
        if self.style == "thread":
            head = "%s %s %s" % (iso(t), level, thread)
        elif self.style == "iso":
            head = "%s %s" % (iso(t), level)
        else:
            head = "%s %s" % (slash(t), level)
        if prefix is not None:
            head += " " + prefix
        text = head + " " + msg
        self.ctx.waagent.add(t, text)
        if cmdlog is not None:
            self.ctx.cmdlog(cmdlog).add(t, text)
        return t


# ----------------------------------------------------------------------------------------------
# The sample context: identity of the VM, files of the bundle
# ----------------------------------------------------------------------------------------------

class Ctx(object):
    def __init__(self, name, hostname, os_id, vm_size="Standard_D4s_v5", region="westeurope", ip="10.1.0.4"):
        self.name = name
        self.rng = Rng(zlib.crc32(name.encode("utf-8")))
        self.files = {}
        self.waagent = TextLog()
        self._cmdlogs = {}
        self.hostname = hostname
        self.os_id = os_id          # 'ubuntu2204', 'rhel86', 'rhel89', 'rhel79'
        self.vm_size = vm_size
        self.region = region
        self.ip = ip
        self.gateway = ip.rsplit(".", 1)[0] + ".1"
        self.mac = "00:22:48:%02x:%02x:%02x" % (self.rng.randint(0, 255), self.rng.randint(0, 255), self.rng.randint(0, 255))
        r = self.rng
        self.container_id = r.guid()
        self.deployment = r.hexs(32, upper=False)
        self.deployment_guid = r.guid()
        self.vm_id = r.guid()
        self.subscription = r.guid()
        self.resource_group = "rg-" + hostname.split("-")[0] + "-prod"
        self.cert_thumbprint = r.hexs(40)
        self.storage_md = "md-" + r.hexs(12, upper=False)          # managed disk blob host used by the platform
        self.storage_status = "md-" + r.hexs(12, upper=False)
        self.manifest_store = "umsa" + r.hexs(11, upper=False)
        self.manifest_store2 = "umsa" + r.hexs(11, upper=False)
        self.machine_id = r.guid()
        self.heartbeat_id = r.guid(upper=True)
        self.role_config_seq = r.randint(2, 9)

    def cmdlog(self, ext_full_name):
        """CommandExecution.log of an extension, keyed by '<Handler>-<version>'"""
        if ext_full_name not in self._cmdlogs:
            self._cmdlogs[ext_full_name] = TextLog()
        return self._cmdlogs[ext_full_name]

    def put(self, path, content):
        self.files[path] = content

    def finalize_logs(self):
        self.put("var/log/waagent.log", self.waagent.render())
        for full, log in self._cmdlogs.items():
            handler = full.rsplit("-", 1)[0]
            self.put("var/log/azure/%s/CommandExecution.log" % handler, log.render())


# ----------------------------------------------------------------------------------------------
# Static OS files
# ----------------------------------------------------------------------------------------------

OS_RELEASE = {
    "ubuntu2204": ('PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\n'
                   'VERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n'
                   'SUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
                   'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n'
                   'UBUNTU_CODENAME=jammy\n'),
    "ubuntu2204_2023": ('PRETTY_NAME="Ubuntu 22.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\n'
                        'VERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n'
                        'SUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
                        'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n'
                        'UBUNTU_CODENAME=jammy\n'),
    "rhel86": ('NAME="Red Hat Enterprise Linux"\nVERSION="8.6 (Ootpa)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="8.6"\n'
               'PLATFORM_ID="platform:el8"\nPRETTY_NAME="Red Hat Enterprise Linux 8.6 (Ootpa)"\nANSI_COLOR="0;31"\n'
               'CPE_NAME="cpe:/o:redhat:enterprise_linux:8::baseos"\nHOME_URL="https://www.redhat.com/"\n'
               'DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/8/"\n'
               'BUG_REPORT_URL="https://bugzilla.redhat.com/"\n\nREDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 8"\n'
               'REDHAT_BUGZILLA_PRODUCT_VERSION=8.6\nREDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"\n'
               'REDHAT_SUPPORT_PRODUCT_VERSION="8.6"\n'),
    "rhel89": ('NAME="Red Hat Enterprise Linux"\nVERSION="8.9 (Ootpa)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="8.9"\n'
               'PLATFORM_ID="platform:el8"\nPRETTY_NAME="Red Hat Enterprise Linux 8.9 (Ootpa)"\nANSI_COLOR="0;31"\n'
               'LOGO="fedora-logo-icon"\nCPE_NAME="cpe:/o:redhat:enterprise_linux:8::baseos"\nHOME_URL="https://www.redhat.com/"\n'
               'DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/8"\n'
               'BUG_REPORT_URL="https://bugzilla.redhat.com/"\n\nREDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 8"\n'
               'REDHAT_BUGZILLA_PRODUCT_VERSION=8.9\nREDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"\n'
               'REDHAT_SUPPORT_PRODUCT_VERSION="8.9"\n'),
    "rhel79": ('NAME="Red Hat Enterprise Linux Server"\nVERSION="7.9 (Maipo)"\nID="rhel"\nID_LIKE="fedora"\nVARIANT="Server"\n'
               'VARIANT_ID="server"\nVERSION_ID="7.9"\nPRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"\nANSI_COLOR="0;31"\n'
               'CPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"\nHOME_URL="https://www.redhat.com/"\n'
               'BUG_REPORT_URL="https://bugzilla.redhat.com/"\n\nREDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 7"\n'
               'REDHAT_BUGZILLA_PRODUCT_VERSION=7.9\nREDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"\n'
               'REDHAT_SUPPORT_PRODUCT_VERSION="7.9"\n'),
}


def write_os_files(ctx, os_key):
    """The NORMAL manifest copies /etc/*-release, /etc/hostname."""
    ctx.put("etc/os-release", OS_RELEASE[os_key])
    if os_key.startswith("ubuntu"):
        ver = "22.04.5" if os_key == "ubuntu2204" else "22.04.3"
        ctx.put("etc/lsb-release", 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n'
                                   'DISTRIB_DESCRIPTION="Ubuntu %s LTS"\n' % ver)
    else:
        rel = {"rhel86": "Red Hat Enterprise Linux release 8.6 (Ootpa)\n",
               "rhel89": "Red Hat Enterprise Linux release 8.9 (Ootpa)\n",
               "rhel79": "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"}[os_key]
        ctx.put("etc/redhat-release", rel)
        ctx.put("etc/system-release", rel)
    ctx.put("etc/hostname", ctx.hostname + "\n")


# /etc/waagent.conf.  The body follows config/waagent.conf (and config/ubuntu/waagent.conf) of the
# agent package of the sample; 'over' replaces or appends key=value pairs.
WAAGENT_CONF_COMMON = """#
# Microsoft Azure Linux Agent Configuration
#

# Enable extension handling. Do not disable this unless you do not need password reset,
# backup, monitoring, or any extension handling whatsoever.
Extensions.Enabled=y

# How often (in seconds) to poll for new goal states
Extensions.GoalStatePeriod=6

# Which provisioning agent to use. Supported values are "auto" (default), "waagent",
# "cloud-init", or "disabled".
Provisioning.Agent=auto

# Password authentication for root account will be unavailable.
Provisioning.DeleteRootPassword=y

# Generate fresh host key pair.
Provisioning.RegenerateSshHostKeyPair={regen}

# Supported values are "rsa", "dsa", "ecdsa", "ed25519", and "auto".
# The "auto" option is supported on OpenSSH 5.9 (2011) and later.
Provisioning.SshHostKeyPairType=rsa

# Monitor host name changes and publish changes via DHCP requests.
Provisioning.MonitorHostName={monhost}

# Decode CustomData from Base64.
Provisioning.DecodeCustomData=n

# Execute CustomData after provisioning.
Provisioning.ExecuteCustomData=n

# Algorithm used by crypt when generating password hash.
#Provisioning.PasswordCryptId=6

# Length of random salt used when generating password hash.
#Provisioning.PasswordCryptSaltLength=10

# Allow reset password of sys user
Provisioning.AllowResetSysUser=n

# Format if unformatted. If 'n', resource disk will not be mounted.
ResourceDisk.Format=n

# File system on the resource disk
# Typically ext3 or ext4. FreeBSD images should use 'ufs2' here.
ResourceDisk.Filesystem=ext4

# Mount point for the resource disk
ResourceDisk.MountPoint={rdmount}

# Create and use swapfile on resource disk.
ResourceDisk.EnableSwap=n

# Size of the swapfile.
ResourceDisk.SwapSizeMB=0

# Comma-separated list of mount options. See mount(8) for valid options.
ResourceDisk.MountOptions=None

# Enable verbose logging (y|n)
Logs.Verbose=n

# Enable Console logging, default is y
# Logs.Console=y

# Enable periodic log collection, default is y
Logs.Collect=y

# How frequently to collect logs, default is each hour
Logs.CollectPeriod=3600

# Is FIPS enabled
OS.EnableFIPS=n

# Root device timeout in seconds.
OS.RootDeviceScsiTimeout=300

# If "None", the system default version is used.
OS.OpensslPath=None

# Set the path to SSH keys and configuration files
OS.SshDir=/etc/ssh

# If set, agent will use proxy server to access internet
#HttpProxy.Host=None
#HttpProxy.Port=None

# Detect Scvmm environment, default is n
# DetectScvmmEnv=n

#
# Lib.Dir=/var/lib/waagent

#
# DVD.MountPoint=/mnt/cdrom/secure

#
# Pid.File=/var/run/waagent.pid

#
# Extension.LogDir=/var/log/azure

#
# Home.Dir=/home

# Enable RDMA management and set up, should only be used in HPC images
# OS.EnableRDMA=y

# Enable or disable goal state processing auto-update, default is enabled
# AutoUpdate.Enabled=y

# Determine the update family, this should not be changed
# AutoUpdate.GAFamily=Prod

# Determine if the overprovisioning feature is enabled. If yes, hold extension
# handling until inVMArtifactsProfile.OnHold is false.
# Default is enabled
# EnableOverProvisioning=y

# Allow fallback to HTTP if HTTPS is unavailable
# Note: Allowing HTTP (vs. HTTPS) may cause security risks
# OS.AllowHTTP=n

# Add firewall rules to protect access to Azure host node services
OS.EnableFirewall=y
"""


def waagent_conf(os_key, over=None, extra_comment=None):
    ubuntu = os_key.startswith("ubuntu")
    text = WAAGENT_CONF_COMMON.format(regen="n" if ubuntu else "y",
                                      monhost="n" if ubuntu else "y",
                                      rdmount="/mnt" if ubuntu else "/mnt/resource")
    if not ubuntu:
        text += ("\n# How often (in seconds) to check the firewall rules\nOS.EnableFirewallPeriod=30\n\n"
                 "# How often (in seconds) to remove the udev rules for persistent network interface names "
                 "(75-persistent-net-generator.rules and /etc/udev/rules.d/70-persistent-net.rules)\n"
                 "OS.RemovePersistentNetRulesPeriod=30\n\n"
                 "# How often (in seconds) to monitor for DHCP client restarts\nOS.MonitorDhcpClientRestartPeriod=30\n")
    over = over or {}
    lines = text.split("\n")
    done = set()
    for i, line in enumerate(lines):
        for key, value in over.items():
            bare = line.lstrip("# ")
            if bare.startswith(key + "="):
                lines[i] = "%s=%s" % (key, value)
                done.add(key)
    text = "\n".join(lines)
    for key, value in over.items():
        if key not in done:
            text += "%s=%s\n" % (key, value)
    if extra_comment:
        text = text.replace("# Enable extension handling.", extra_comment + "\n# Enable extension handling.", 1)
    return text


# ----------------------------------------------------------------------------------------------
# Goal state documents (shapes of tests/data/wire/*.xml in WALinuxAgent)
# ----------------------------------------------------------------------------------------------

class Ext(object):
    """An extension in the goal state, and what is on disk for it."""

    def __init__(self, name, version, public=None, protected=True, manifest_guid=None):
        self.name = name
        self.version = version
        self.public = public or {}
        self.protected = protected
        self.seq = 0
        self.state = "enabled"
        self.manifest_guid = manifest_guid
        self.handler_state = "Enabled"
        self.handler_status = ("Ready", 0, "Plugin enabled")
        self.status_file = None          # text of status/<seq>.status
        self.settings_has_protected = protected

    @property
    def full(self):
        return "%s-%s" % (self.name, self.version)


def goal_state_xml(ctx, incarnation):
    # tests/data/wire/goal_state.xml; ARM VMs name the role instance "<deployment guid>._<vm name>"
    base = "http://%s:80/machine/%s/%s._%s" % (WIRESERVER, ctx.container_id, ctx.deployment_guid, ctx.hostname)
    cfg = "%s.%d.%s.%d._%s.%d.xml" % (ctx.deployment_guid, ctx.role_config_seq, ctx.deployment_guid,
                                      ctx.role_config_seq, ctx.hostname, incarnation)
    return """<?xml version="1.0" encoding="utf-8"?>
<GoalState xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="goalstate10.xsd">
  <Version>2015-04-05</Version>
  <Incarnation>{inc}</Incarnation>
  <Machine>
    <ExpectedState>Started</ExpectedState>
    <StopRolesDeadlineHint>300000</StopRolesDeadlineHint>
    <LBProbePorts>
      <Port>16001</Port>
    </LBProbePorts>
    <ExpectHealthReport>FALSE</ExpectHealthReport>
  </Machine>
  <Container>
    <ContainerId>{cid}</ContainerId>
    <RoleInstanceList>
      <RoleInstance>
        <InstanceId>{dep}._{vm}</InstanceId>
        <State>Started</State>
        <Configuration>
          <HostingEnvironmentConfig>{base}?comp=config&amp;type=hostingEnvironmentConfig&amp;incarnation={inc}</HostingEnvironmentConfig>
          <SharedConfig>{base}?comp=config&amp;type=sharedConfig&amp;incarnation={inc}</SharedConfig>
          <ExtensionsConfig>{base}?comp=config&amp;type=extensionsConfig&amp;incarnation={inc}</ExtensionsConfig>
          <FullConfig>{base}?comp=config&amp;type=fullConfig&amp;incarnation={inc}</FullConfig>
          <Certificates>{base}?comp=certificates&amp;incarnation={inc}</Certificates>
          <ConfigName>{cfg}</ConfigName>
        </Configuration>
      </RoleInstance>
    </RoleInstanceList>
  </Container>
</GoalState>
""".format(inc=incarnation, cid=ctx.container_id, dep=ctx.deployment_guid, vm=ctx.hostname, base=base, cfg=cfg)


def hosting_env_xml(ctx, incarnation):
    # tests/data/wire/hosting_env.xml
    return """<?xml version="1.0" encoding="utf-8"?>
<HostingEnvironmentConfig version="1.0.0.0" goalStateIncarnation="{inc}">
  <StoredCertificates>
    <StoredCertificate name="Stored0Microsoft.WindowsAzure.Plugins.RemoteAccess.PasswordEncryption" certificateId="sha1:{thumb}" storeName="My" configurationLevel="System" />
  </StoredCertificates>
  <Deployment name="{dep}" guid="{{{dguid}}}" incarnation="0" isNonCancellableTopologyChangeEnabled="false">
    <Service name="__{vm}" guid="{{00000000-0000-0000-0000-000000000000}}" />
    <ServiceInstance name="{dep}.0" guid="{{{siguid}}}" />
  </Deployment>
  <Incarnation number="1" instance="_{vm}" guid="{{{incguid}}}" />
  <Role guid="{{{roleguid}}}" name="_{vm}" hostingEnvironmentVersion="1" software="" softwareType="ApplicationPackage" entryPoint="" parameters="" osVersion="*" settleTimeSeconds="10" />
  <HostingEnvironmentSettings name="full" Runtime="rd_fabric_stable.231012-1437.RuntimePackage_1.0.0.17.zip">
    <CAS mode="full" />
    <PrivilegeLevel mode="max" />
    <AdditionalProperties><CgiHandlers></CgiHandlers></AdditionalProperties>
  </HostingEnvironmentSettings>
  <ApplicationSettings>
    <Setting name="__ModelData" value="&lt;m role=&quot;_{vm}&quot; xmlns=&quot;urn:azure:m:v1&quot;&gt;&lt;r name=&quot;_{vm}&quot;&gt;&lt;e name=&quot;openInternalEndpoint&quot; /&gt;&lt;/r&gt;&lt;/m&gt;" />
  </ApplicationSettings>
  <ResourceReferences>
    <Resource name="DiagnosticStore" type="directory" request="Microsoft.Cis.Fabric.Controller.Descriptions.ServiceDescription.Data.Policy" sticky="true" size="1" path="{dep}._{vm}.DiagnosticStore\\" disableQuota="false" />
  </ResourceReferences>
</HostingEnvironmentConfig>
""".format(inc=incarnation, thumb=ctx.cert_thumbprint, dep=ctx.deployment, dguid=ctx.deployment_guid,
           vm=ctx.hostname, siguid=ctx.vm_id, incguid=ctx.container_id, roleguid=ctx.machine_id)


def shared_config_xml(ctx, incarnation):
    # tests/data/wire/shared_config.xml
    return """<?xml version="1.0" encoding="utf-8"?>
<SharedConfig version="1.0.0.0" goalStateIncarnation="{inc}">
  <Deployment name="{dep}" guid="{{{dguid}}}" incarnation="0" isNonCancellableTopologyChangeEnabled="false">
    <Service name="__{vm}" guid="{{00000000-0000-0000-0000-000000000000}}" />
    <ServiceInstance name="{dep}.0" guid="{{{siguid}}}" />
  </Deployment>
  <Incarnation number="1" instance="_{vm}" guid="{{{incguid}}}" />
  <Role guid="{{{roleguid}}}" name="_{vm}" settleTimeSeconds="10" />
  <LoadBalancerSettings timeoutSeconds="0" waitLoadBalancerProbeCount="8">
    <Probes>
      <Probe name="D41D8CD98F00B204E9800998ECF8427E" />
      <Probe name="C9B2D44DEF0DBE0B2B8AF4BF1B0C3D24" />
    </Probes>
  </LoadBalancerSettings>
  <OutputEndpoints>
    <Endpoint name="_{vm}:openInternalEndpoint" type="SFS">
      <Target instance="_{vm}" endpoint="openInternalEndpoint" />
    </Endpoint>
  </OutputEndpoints>
  <Instances>
    <Instance id="_{vm}" address="{ip}">
      <FaultDomains randomId="0" updateId="0" updateCount="0" />
      <InputEndpoints>
        <Endpoint name="openInternalEndpoint" address="{ip}" protocol="any" isPublic="false" enableDirectServerReturn="false" isDirectAddress="false" disableStealthMode="false">
          <LocalPorts>
            <LocalPortSelfManaged />
          </LocalPorts>
        </Endpoint>
      </InputEndpoints>
    </Instance>
  </Instances>
</SharedConfig>
""".format(inc=incarnation, dep=ctx.deployment, dguid=ctx.deployment_guid, vm=ctx.hostname, ip=ctx.ip,
           siguid=ctx.vm_id, incguid=ctx.container_id, roleguid=ctx.machine_id)


def sas(ctx, host, path, perm="w", start=None, expiry=None):
    """A blob URL with a SAS token; the signature is obviously fake."""
    start = start or "2023-01-01T00:00:00Z"
    expiry = expiry or "2023-01-02T00:00:00Z"
    return "https://%s.blob.core.windows.net/%s?sv=2018-03-28&sr=b&sk=system-1&sig=%s&se=%s&sp=%s" % (
        host, path, FAKE_SIG, expiry, perm)


def runtime_settings_json(ctx, ext, redacted):
    hs = {}
    if ext.protected:
        hs["protectedSettingsCertThumbprint"] = ctx.cert_thumbprint
        hs["protectedSettings"] = "*** REDACTED ***" if redacted else FAKE_PROTECTED
    hs["publicSettings"] = ext.public
    return json.dumps({"runtimeSettings": [{"handlerSettings": hs}]}, separators=(",", ":"))


def extensions_config_xml(ctx, incarnation, exts, created, activity, correlation, t_sas, redacted=True):
    """
    tests/data/wire/ext_conf*.xml shape.  The copy the agent saves (history / flat layout) has the
    protectedSettings redacted (ExtensionsGoalStateFromExtensionsConfig.get_redacted_text) but keeps
    the SAS tokens of StatusUploadBlob and InVMArtifactsProfileBlob.
    """
    ga_guid = "ba2fd1c2-3e87-3e4d-b3f9-bb9bdd6a3b78"
    exp = (t_sas + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    st = t_sas.strftime("%Y-%m-%dT%H:%M:%SZ")
    status_blob = sas(ctx, ctx.storage_status, "$system/%s.%s.status" % (ctx.hostname, ctx.vm_id), "w", st, exp).replace("&", "&amp;")
    profile_blob = sas(ctx, ctx.storage_status, "$system/%s.%s.vmSettings" % (ctx.hostname, ctx.vm_id), "r", st, exp).replace("&", "&amp;")
    plugins = []
    settings = []
    for ext in exts:
        mg = ext.manifest_guid
        plugins.append(
            '    <Plugin name="{n}" version="{v}" location="https://{s1}.blob.core.windows.net/{g}/{g}_manifest.xml" '
            'state="{st}" autoUpgrade="false" failoverlocation="https://{s2}.blob.core.windows.net/{g}/{g}_manifest.xml" '
            'runAsStartupTask="false" isJson="true" useExactVersion="true" />'.format(
                n=ext.name, v=ext.version, s1=ctx.manifest_store, s2=ctx.manifest_store2, g=mg, st=ext.state))
        settings.append('    <Plugin name="{n}" version="{v}">\n      <RuntimeSettings seqNo="{seq}">{rs}</RuntimeSettings>\n    </Plugin>'.format(
            n=ext.name, v=ext.version, seq=ext.seq, rs=runtime_settings_json(ctx, ext, redacted)))
    return """<?xml version="1.0" encoding="utf-8"?>
<Extensions version="1.0.0.0" goalStateIncarnation="{inc}"><GuestAgentExtension xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <GAFamilies>
    <GAFamily>
      <Name>Prod</Name>
      <Uris>
        <Uri>https://{s1}.blob.core.windows.net/{gag}/Microsoft.OSTCLinuxAgent_Prod_{reg}_manifest.xml</Uri>
        <Uri>https://{s2}.blob.core.windows.net/{gag}/Microsoft.OSTCLinuxAgent_Prod_{reg}_manifest.xml</Uri>
      </Uris>
    </GAFamily>
    <GAFamily>
      <Name>Test</Name>
      <Uris>
        <Uri>https://{s1}.blob.core.windows.net/{gag}/Microsoft.OSTCLinuxAgent_Test_{reg}_manifest.xml</Uri>
        <Uri>https://{s2}.blob.core.windows.net/{gag}/Microsoft.OSTCLinuxAgent_Test_{reg}_manifest.xml</Uri>
      </Uris>
    </GAFamily>
  </GAFamilies>
  <Location>{reg}</Location>
</GuestAgentExtension>
<StatusUploadBlob statusBlobType="PageBlob">{status}</StatusUploadBlob>
<InVMArtifactsProfileBlob>{profile}</InVMArtifactsProfileBlob>
<Plugins>
{plugins}
</Plugins>
<PluginSettings>
{settings}
</PluginSettings>
<InVMGoalStateMetaData inSvdSeqNo="{inc}" createdOnTicks="{ticks}" activityId="{act}" correlationId="{cor}" />
</Extensions>
""".format(inc=incarnation, s1=ctx.manifest_store, s2=ctx.manifest_store2, gag=ga_guid, reg=ctx.region,
           status=status_blob, profile=profile_blob, plugins="\n".join(plugins), settings="\n".join(settings),
           ticks=ticks(created), act=activity, cor=correlation)


def ovf_env_xml(ctx, user):
    # tests/data/ovf-env.xml shape; the agent keeps the password in this file.  Fake values.
    return """<?xml version="1.0" encoding="utf-8"?>
<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:oe="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
    <wa:ProvisioningSection>
      <wa:Version>1.0</wa:Version>
      <LinuxProvisioningConfigurationSet xmlns="http://schemas.microsoft.com/windowsazure" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
        <ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType>
        <HostName>{host}</HostName>
        <UserName>{user}</UserName>
        <UserPassword>FakeP@ssw0rd-NotARealSecret-123</UserPassword>
        <DisableSshPasswordAuthentication>false</DisableSshPasswordAuthentication>
        <SSH>
          <PublicKeys>
            <PublicKey>
              <Fingerprint>{fp}</Fingerprint>
              <Path>/home/{user}/.ssh/authorized_keys</Path>
              <Value>ssh-rsa AAAANOTAREALKEYNOTAREALKEYNOTAREALKEY== {user}@workstation</Value>
            </PublicKey>
          </PublicKeys>
        </SSH>
        <CustomData>IyEvYmluL2Jhc2gKZWNobyAiREJfUEFTU1dPUkQ9RmFrZVNlY3JldE5vdFJlYWwxMjMiID4+IC9ldGMvYXBwLmVudgo=</CustomData>
      </LinuxProvisioningConfigurationSet>
    </wa:ProvisioningSection>
    <wa:PlatformSettingsSection>
      <wa:Version>1.0</wa:Version>
      <wa:PlatformSettings>
        <wa:KmsServerHostname>kms.core.windows.net</wa:KmsServerHostname>
        <wa:ProvisionGuestAgent>true</wa:ProvisionGuestAgent>
        <wa:GuestAgentPackageName i:nil="true" />
        <wa:RetainWindowsPEPassInUnattend>true</wa:RetainWindowsPEPassInUnattend>
        <wa:RetainOfflineServicingPassInUnattend>true</wa:RetainOfflineServicingPassInUnattend>
        <wa:PreprovisionedVm>false</wa:PreprovisionedVm>
        <wa:EnableTrustedImageIdentifier>false</wa:EnableTrustedImageIdentifier>
      </wa:PlatformSettings>
    </wa:PlatformSettingsSection>
 </Environment>
""".format(host=ctx.hostname, user=user, fp=ctx.rng.hexs(40))


# ----------------------------------------------------------------------------------------------
# Per-extension files: HandlerState, HandlerStatus, <seq>.settings, <seq>.status
# ----------------------------------------------------------------------------------------------

def write_extension_files(ctx, ext):
    base = "var/lib/waagent/%s/" % ext.full
    ctx.put(base + "config/HandlerState", ext.handler_state)
    status, code, message = ext.handler_status
    # ExtHandlerStatus serialized by set_handler_status (get_properties + json.dumps)
    hs = {"name": ext.name, "version": ext.version, "status": status, "code": code, "message": message,
          "supports_multi_config": False, "extension_status": None}
    ctx.put(base + "config/HandlerStatus", json.dumps(hs))
    settings = {"runtimeSettings": [{"handlerSettings": {}}]}
    if ext.settings_has_protected:
        settings["runtimeSettings"][0]["handlerSettings"]["protectedSettingsCertThumbprint"] = ctx.cert_thumbprint
        settings["runtimeSettings"][0]["handlerSettings"]["protectedSettings"] = FAKE_PROTECTED
    settings["runtimeSettings"][0]["handlerSettings"]["publicSettings"] = ext.public
    ctx.put(base + "config/%d.settings" % ext.seq, json.dumps(settings))
    if ext.status_file is not None:
        ctx.put(base + "status/%d.status" % ext.seq, ext.status_file)


def generic_status_file(name, operation, status, code, message, t):
    """An extension status file as written by a typical (non-VMSnapshot) extension."""
    return json.dumps([{
        "version": 1.0,
        "timestampUTC": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": {
            "name": name,
            "operation": operation,
            "status": status,
            "code": code,
            "formattedMessage": {"lang": "en-US", "message": message}
        }
    }], indent=4)


# ----------------------------------------------------------------------------------------------
# More OS data
# ----------------------------------------------------------------------------------------------

OS_RELEASE["ubuntu2404"] = ('PRETTY_NAME="Ubuntu 24.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.2 LTS (Noble Numbat)"\n'
                            'VERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n'
                            'SUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
                            'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n'
                            'UBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n')

# distro name/version as the agent logs them ("OS: ubuntu 22.04"), python version, kernel
OS_INFO = {
    "ubuntu2204": ("ubuntu", "22.04", "3.10.12", "5.15.0-1079-azure", "Ubuntu-22.04.5 LTS (Jammy Jellyfish)"),
    "ubuntu2404": ("ubuntu", "24.04", "3.12.3", "6.8.0-1021-azure", "Ubuntu-24.04.2 LTS (Noble Numbat)"),
    "rhel89": ("redhat", "8.9", "3.6.8", "4.18.0-513.24.1.el8_9.x86_64", "Red Hat Enterprise Linux-8.9 (Ootpa)"),
    "rhel86": ("redhat", "8.6", "3.6.8", "4.18.0-372.93.1.el8_6.x86_64", "Red Hat Enterprise Linux-8.6 (Ootpa)"),
    "rhel79": ("redhat", "7.9", "2.7.5", "3.10.0-1160.119.1.el7.x86_64", "Red Hat Enterprise Linux Server-7.9 (Maipo)"),
}

OSUTIL = {"ubuntu": ("Ubuntu18OSUtil", "walinuxagent"), "redhat": ("RedhatOSUtil", "waagent")}

SNAP_VER = "1.0.9224.0"
CSE = "Microsoft.Azure.Extensions.CustomScript"
CSE_VER = "2.1.10"
AMA = "Microsoft.Azure.Monitor.AzureMonitorLinuxAgent"
AMA_VER = "1.33.2"


def syslog_ts(t, style):
    if style == "rfc3339":
        return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"
    return t.strftime("%b ") + ("%2d" % t.day) + t.strftime(" %H:%M:%S")


class Syslog(object):
    """/var/log/syslog or /var/log/messages: 'Mar 14 09:12:44 host proc[pid]: msg' (or RFC 3339 on Ubuntu 24.04)."""

    def __init__(self, ctx, style):
        self.ctx = ctx
        self.style = style
        self.log = TextLog()

    def w(self, t, proc, msg):
        self.log.add(t, "%s %s %s: %s" % (syslog_ts(t, self.style), self.ctx.hostname, proc, msg))

    def noise(self, t0, t1, ubuntu):
        """cron, systemd timers, chrony/timesyncd, journald, kernel lines: benign background."""
        r = self.ctx.rng
        t = t0
        pid = 2000
        while t < t1:
            pid += r.randint(3, 40)
            k = r.randint(0, 9)
            if k < 3:
                if ubuntu:
                    self.w(t, "CRON[%d]" % pid, "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
                else:
                    self.w(t, "CROND[%d]" % pid, "(root) CMD (run-parts /etc/cron.hourly)")
            elif k < 5:
                self.w(t, "systemd[1]", "Starting %s" % r.choice(["sysstat-collect.service - system activity accounting tool...",
                                                                  "logrotate.service - Rotate log files...",
                                                                  "man-db.service - Daily man-db regeneration...",
                                                                  "fstrim.service - Discard unused blocks on filesystems from /etc/fstab..."]))
                self.w(t + sec(1), "systemd[1]", "%s: Deactivated successfully." % r.choice(["sysstat-collect.service", "logrotate.service", "man-db.service", "fstrim.service"]))
            elif k < 7:
                if ubuntu:
                    self.w(t, "systemd-networkd[612]", "eth0: DHCPv4 address %s/24, gateway %s acquired from 168.63.129.16" % (self.ctx.ip, self.ctx.gateway)) if False else \
                        self.w(t, "systemd-resolved[598]", "Clock change detected. Flushing caches.")
                else:
                    self.w(t, "chronyd[812]", "Selected source PHC0")
            elif k < 8:
                self.w(t, "rsyslogd[%d]" % 901, "[origin software=\"rsyslogd\" swVersion=\"8.2112.0\" x-pid=\"901\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed")
            else:
                self.w(t, "sshd[%d]" % pid, "Accepted publickey for azureuser from 10.20.0.%d port %d ssh2: RSA SHA256:FAKEfingerprintNOTREAL0000000000000000000000" % (r.randint(5, 200), r.randint(40000, 60000)))
                self.w(t + sec(1), "systemd-logind[701]" if not ubuntu else "systemd-logind[655]", "New session %d of user azureuser." % r.randint(10, 900))
            t += sec(r.randint(1500, 4200))

    def render(self):
        return self.log.render()


# ----------------------------------------------------------------------------------------------
# waagent.log building blocks (message texts: WALinuxAgent tags named per function)
# ----------------------------------------------------------------------------------------------

def agent_style(ver):
    v = tuple(int(x) for x in ver.split("."))
    if v >= (2, 2, 47):
        return "thread"
    if v >= (2, 2, 46):
        return "iso"
    return "slash"


class Agent(object):
    """One VM's agent: daemon (package) version, goal-state agent version."""

    def __init__(self, ctx, os_key, daemon_ver, ga_ver):
        self.ctx = ctx
        self.os_key = os_key
        self.daemon_ver = daemon_ver
        self.ga_ver = ga_ver
        self.dlog = AgentLog(ctx, agent_style(daemon_ver))
        self.glog = AgentLog(ctx, agent_style(ga_ver))
        self.distro, self.distro_ver, self.py, self.kernel, self.vmb_os = OS_INFO[os_key]
        self.hb_counter = 0
        self.gs_errors = 0
        self.pid = ctx.rng.randint(900, 1400)

    # daemon/main.py + protocol/util.py + pa/provision (v2.2.46, v2.7.0.6, v2.9.1.1 all have these texts)
    def daemon_start(self, t, provisioning="done"):
        L = self.dlog
        d = "Daemon"
        v = tuple(int(x) for x in self.daemon_ver.split("."))
        sep = ": " if v >= (2, 8) else ":"
        L.w(t, "INFO", d, d, "Azure Linux Agent Version%s%s" % (sep, self.daemon_ver))
        L.w(t + ms(2), "INFO", d, d, "OS: %s %s" % (self.distro, self.distro_ver))
        L.w(t + ms(3), "INFO", d, d, "Python: %s" % self.py)
        L.w(t + ms(9), "INFO", d, d, "Run daemon")
        L.w(t + ms(11), "INFO", d, d, "No RDMA handler exists for distro='%s' version='%s'" % (
            "Ubuntu" if self.distro == "ubuntu" else "Red Hat Enterprise Linux", self.distro_ver))
        L.w(t + ms(14), "INFO", d, d, "Clean protocol and wireserver endpoint")
        if provisioning == "done":
            L.w(t + ms(17), "INFO", d, d, "Using waagent for provisioning")
            L.w(t + ms(19), "INFO", d, d, "Provisioning already completed, skipping.")
        return t + ms(25)

    def daemon_protocol(self, t):
        L = self.dlog
        d = "Daemon"
        L.w(t, "INFO", d, d, "Detect protocol endpoint")
        L.w(t + ms(1), "INFO", d, d, "Clean protocol and wireserver endpoint")
        L.w(t + ms(2), "INFO", d, d, "WireServer endpoint is not found. Rerun dhcp handler")
        L.w(t + ms(3), "INFO", d, d, "Test for route to %s" % WIRESERVER)
        L.w(t + ms(5), "INFO", d, d, "Route to %s exists" % WIRESERVER)
        L.w(t + ms(30), "INFO", d, d, "Wire server endpoint:%s" % WIRESERVER)
        L.w(t + ms(61), "INFO", d, d, "Fabric preferred wire protocol version:2015-04-05")
        L.w(t + ms(62), "INFO", d, d, "Wire protocol version:2012-11-30")
        L.w(t + ms(64), "INFO", d, d, "Server preferred version:2015-04-05")
        return t + ms(70)

    def daemon_launch(self, t, rdma=True):
        L = self.dlog
        d = "Daemon"
        if rdma:
            L.w(t, "INFO", d, d, "RDMA capabilities are not enabled, skipping")
        v = tuple(int(x) for x in self.daemon_ver.split("."))
        if v >= (2, 7):
            L.w(t + ms(2), "INFO", d, d, "End of log to /dev/console. The agent will now check for updates and then will process extensions.")
        if self.ga_ver != self.daemon_ver:
            L.w(t + sec(4), "INFO", d, d, "Determined Agent WALinuxAgent-%s to be the latest agent" % self.ga_ver)
        else:
            L.w(t + sec(4), "INFO", d, d, "Installed Agent WALinuxAgent-%s is the most current agent" % self.ga_ver)
        return t + sec(5)

    def agent_cmd(self):
        pyexe = "/usr/bin/python3" if not self.py.startswith("2") else "/usr/bin/python"
        if self.ga_ver == self.daemon_ver:
            return "%s -u /usr/sbin/waagent -run-exthandlers" % pyexe
        pymm = ".".join(self.py.split(".")[:2])
        return "%s -u bin/WALinuxAgent-%s-py%s.egg -run-exthandlers" % (pyexe, self.ga_ver, "3.8" if pymm.startswith("3") else "2.7")

    # ga/update.py v2.9.1.1
    def exthandler_start(self, t, incarnation, conf_changes=()):
        L = self.glog
        e = "ExtHandler"
        L.w(t, "INFO", e, e, "Azure Linux Agent (Goal State Agent version %s)" % self.ga_ver)
        L.w(t + ms(1), "INFO", e, e, "OS: %s %s" % (self.distro, self.distro_ver))
        L.w(t + ms(1), "INFO", e, e, "Python: %s" % self.py)
        util, svc = OSUTIL[self.distro]
        L.w(t + ms(2), "INFO", e, e, "Distro: %s-%s; OSUtil: %s; AgentService: %s; Python: %s; systemd: True; LISDrivers: Absent; logrotate: logrotate %s;" % (
            self.distro, self.distro_ver, util, svc, self.py, "3.19.0" if self.distro == "ubuntu" else "3.14.0"))
        L.w(t + ms(30), "INFO", e, e, "WireServer endpoint %s read from file" % WIRESERVER)
        L.w(t + ms(31), "INFO", e, e, "Wire server endpoint:%s" % WIRESERVER)
        self.fetch_gs(t + ms(60), incarnation, full=True)
        t = t + ms(400)
        for c in conf_changes:
            L.w(t, "INFO", e, e, "******** %s ********" % c)
            t += ms(1)
        L.w(t + ms(5), "INFO", e, e, "Starting setup for Persistent firewall rules")
        L.w(t + ms(60), "INFO", e, e, "Persistent firewall rules setup successfully")
        L.w(t + ms(120), "INFO", e, e, "Goal State Period: 6 sec. This indicates how often the agent checks for new goal states and reports status.")
        return t + ms(200)

    def fetch_gs(self, t, incarnation, full=False):
        """protocol/goal_state.py v2.9.1.1: GoalState logger has no prefix"""
        L = self.glog
        if not full:
            L.w(t, "INFO", "ExtHandler", None, "")
            L.w(t, "INFO", "ExtHandler", None, "Fetched a new incarnation for the WireServer goal state [incarnation %d]" % incarnation)
        L.w(t + ms(1), "INFO", "ExtHandler", None, "")
        L.w(t + ms(1), "INFO", "ExtHandler", None, "Fetching full goal state from the WireServer [incarnation %d]" % incarnation)
        L.w(t + ms(90), "INFO", "ExtHandler", None, "Fetch goal state completed")
        return t + ms(100)

    def heartbeat(self, t):
        """ga/update.py v2.9.1.1 _send_heartbeat_telemetry"""
        self.glog.w(t, "INFO", "ExtHandler", "ExtHandler",
                    "[HEARTBEAT] Agent WALinuxAgent-%s is running as the goal state agent [DEBUG HeartbeatCounter: %d;HeartbeatId: %s;DroppedPackets: 0;UpdateGSErrors: %d;AutoUpdate: 1]"
                    % (self.ga_ver, self.hb_counter, self.ctx.heartbeat_id, self.gs_errors))
        self.hb_counter += 1
        self.gs_errors = 0

    def heartbeats(self, t0, t1):
        t = t0
        while t < t1:
            self.heartbeat(t)
            t += sec(1800) + ms(self.ctx.rng.randint(0, 900))

    def periodic_noise(self, t0, t1):
        """benign periodic lines that the agent itself treats as harmless (2.9.1.1)"""
        L = self.glog
        t = t0 + sec(3600 * 6)
        while t < t1:
            # ga/monitor.py -> SendHostPluginHeartbeat is silent; log collection (ga/collect_logs.py)
            L.w(t, "INFO", "CollectLogsHandler", "ExtHandler", "Starting log collection...")
            L.w(t + sec(9), "INFO", "CollectLogsHandler", "ExtHandler", "Successfully collected logs. Archive size: %d b, elapsed time: %d ms." % (
                self.ctx.rng.randint(2100000, 2900000), self.ctx.rng.randint(5000, 9000)))
            L.w(t + sec(10), "INFO", "CollectLogsHandler", "ExtHandler", "Successfully uploaded logs.")
            t += sec(3600 * 6) + sec(self.ctx.rng.randint(0, 300))


def gs_id(inc):
    return "incarnation_%d" % inc


def process_gs(agent, t, inc, created, activity, correlation, exts_actions, summary):
    """
    ga/exthandlers.py v2.9.1.1 ProcessExtensionsGoalState.
    exts_actions: list of (ext, kind, extra) where kind 'enable' (already installed, new settings).
    Returns the time after 'completed'.
    """
    L = agent.glog
    e = "ExtHandler"
    L.w(t, "INFO", e, e, "")
    L.w(t, "INFO", e, e, "ProcessExtensionsGoalState started [%s channel: WireServer source: Fabric activity: %s correlation %s created: %s]"
        % (gs_id(inc), activity, correlation, created.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"))
    t0 = t
    t += ms(15)
    for ext, kind, extra in exts_actions:
        p = "[%s]" % ext.full
        L.w(t, "INFO", e, p, "Target handler state: enabled [%s]" % gs_id(inc), cmdlog=ext.full)
        L.w(t + ms(1), "INFO", e, p, "[Enable] current handler state is: enabled", cmdlog=ext.full)
        L.w(t + ms(2), "INFO", e, p, "Update settings file: %d.settings" % ext.seq, cmdlog=ext.full)
        cmd = extra.get("cmd", "main/handle.sh enable")
        L.w(t + ms(3), "INFO", e, p, "Enable extension: [%s]" % cmd, cmdlog=ext.full)
        env = {"AZURE_GUEST_AGENT_EXTENSION_PATH": "/var/lib/waagent/%s" % ext.full,
               "AZURE_GUEST_AGENT_EXTENSION_VERSION": ext.version,
               "ConfigSequenceNumber": str(ext.seq),
               "AZURE_GUEST_AGENT_WIRE_PROTOCOL_ADDRESS": WIRESERVER,
               "AZURE_GUEST_AGENT_EXTENSION_SUPPORTED_FEATURES": "[{\"Key\": \"ExtensionTelemetryPipeline\", \"Value\": \"1.0\"}]"}
        L.w(t + ms(4), "INFO", e, p, "Executing command: /var/lib/waagent/%s/%s with environment variables: %s" % (ext.full, cmd, json.dumps(env)), cmdlog=ext.full)
        dur = extra.get("duration_ms", 900)
        t += ms(dur)
        if extra.get("fail_rc") is not None:
            out = extra.get("output", "[stdout]\n\n\n[stderr]\n")
            msg = "[ExtensionOperationError] Non-zero exit code: %d, /var/lib/waagent/%s/%s\n%s" % (extra["fail_rc"], ext.full, cmd, out)
            L.w(t, "ERROR", e, e, "Event: name=%s, op=Enable, message=%s, duration=0" % (ext.name, msg))
        else:
            out = extra.get("output", "")
            L.w(t, "INFO", e, p, "Command: %s\n%s" % (cmd, out) if out else "Command: %s\n" % cmd, cmdlog=ext.full)
        t += ms(20)
    L.w(t, "INFO", e, e, "ProcessExtensionsGoalState completed [%s %d ms]\n" % (gs_id(inc), int((t - t0).total_seconds() * 1000)))
    L.w(t + ms(40), "INFO", e, e, "Extension status: %s" % summary[0])
    return t + ms(50)


def ext_summary(pairs):
    return "[%s]" % ", ".join("('%s', '%s')" % p for p in pairs)


# ----------------------------------------------------------------------------------------------
# VMSnapshotLinux: extension.log, shell.log, status file (azure-linux-extensions VMBackup/, HEAD)
# ----------------------------------------------------------------------------------------------

class SnapLog(object):
    """extension.log, Python 3 shape: '<utc> [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]msg' (HandlerUtil.log_py3)"""

    def __init__(self, ctx):
        self.ctx = ctx
        self.log = TextLog()
        self.shell = TextLog()

    def w(self, t, msg):
        self.log.add(t, "%s %s%s" % (t.strftime("%Y-%m-%d %H:%M:%S.%f"), SNAP_PREFIX, msg))

    def sh(self, t, msg):
        # handle.sh: echo "`date -u`- msg"
        self.shell.add(t, "%s- %s" % (t.strftime("%a %b ") + ("%2d" % t.day) + t.strftime(" %H:%M:%S UTC %Y"), msg))


def freeze_block(t, lines):
    """Backuplogger: buffered lines during the freeze, flushed as one hutil.log() record (log_to_con_py3 format)."""
    out = ["================== Logs during Freeze Start =============="]
    for dt_, level, msg in lines:
        out.append("%s  %s  %s " % ((t + dt_).strftime("%Y/%m/%d %H:%M:%S.%f"), level, msg))
    out.append("================== Logs during Freeze End ==============")
    return "\n".join(out)


CODE_NAMES = {0: "success_appconsistent", 1: "success", 2: "error", 4: "ExtensionTempTerminalState", 16: "FailedHandlerGuestAgentCertificateNotFound",
              76: "FailedRetryableSnapshotFailedNoNetwork", 121: "FailedRetryableFsFreezeFailed", 122: "FailedRetryableFsFreezeTimeout",
              300: "FailedPrepostPreScriptFailed", 402: "FailedGuestAgentInvokedCommandTooLate"}
HEALTH = {0: (0, 0), 1: (0, 1), 2: (0, 2), 4: (0, 4), 16: (128, 16), 76: (256, 76), 121: (128, 121), 122: (128, 122), 300: (128, 300), 402: (256, 402)}


def snapshot_status(ctx, agent, t, task_id, start_ticks, status, code, message, consistency, snapshots, extra_tel=None, blob_err=False):
    """HandlerUtil.do_status_report: inner status (as JSON string in substatus[0].name) + outer file status."""
    tel = [("guestAgentVersion", agent.ga_ver), ("extensionVersion", SNAP_VER), ("osVersion", agent.vmb_os),
           ("kernelVersion", agent.kernel), ("workloads", "[]"), ("prePostEnabled", "False"),
           ("pythonVersion", agent.py), ("platformArchitecture", "64bit"), ("snapshotCreator", "backupHostService"),
           ("hostStatusCodePreSnapshot", "200"), ("hostStatusCodeDoSnapshot", "200")]
    for k, v in (extra_tel or []):
        tel = [x for x in tel if x[0] != k] + [(k, v)]
    if blob_err:
        tel.append(("statusBlobUploadError", "true"))
    tel.append(("extErrorCode", CODE_NAMES.get(code, "error")))
    tel.append(("consistencyType", {0: "none", 1: "FileSystemConsistent", 2: "ApplicationConsistent"}[consistency]))
    teld = dict(tel)
    m = message
    if "statusBlobUploadError" in teld:
        m = "%s statusBlobUploadError=%s, " % (m, teld["statusBlobUploadError"])
    m += "snapshotCreator=%s, hostStatusCodePreSnapshot=%s, hostStatusCodeDoSnapshot=%s, " % (
        teld["snapshotCreator"], teld["hostStatusCodePreSnapshot"], teld["hostStatusCodeDoSnapshot"])
    resp = json.dumps({"messageStr": m, "snapshotConsistency": consistency, "jobMessage": "", "isSizeComputationFailed": False})
    storage = {"partitionCount": 3, "totalUsedSizeInBytes": 14723956736, "isStoragespacePresent": False, "isSizeComputationFailed": False}
    hs, hc = HEALTH.get(code, (0, code))
    inner = {"version": "1.0", "timestampUTC": "e2794170-c93d-4178-a8da-9bc7fd91ecc0",
             "status": {"name": SNAP_EXT, "operation": "Enable", "status": status, "substatus": [], "code": str(code), "taskId": task_id,
                        "formattedMessage": {"lang": "en-US", "message": resp}, "storageDetails": storage,
                        "commandStartTimeUTCTicks": str(start_ticks), "telemetryData": [{"Value": v, "Key": k} for k, v in tel],
                        "uniqueMachineId": ctx.machine_id, "snapshotInfo": snapshots,
                        "vmHealthInfo": {"vmHealthState": hs, "vmHealthStatusCode": hc}}}
    inner_s = "[" + json.dumps(inner) + "]"
    inner_s = inner_s.replace("e2794170-c93d-4178-a8da-9bc7fd91ecc0", "\\/Date(%d)\\/" % int(epoch(t) * 1000))
    outer_status = "success" if status in ("success", "error") else status   # ARM VM: terminal status rewritten
    outer = {"version": "1.0", "timestampUTC": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "status": {"name": SNAP_EXT, "operation": "Enable", "status": outer_status,
                        "substatus": [{"code": "0", "name": inner_s, "status": "success", "formattedMessage": None}],
                        "code": str(code), "taskId": task_id, "formattedMessage": {"lang": "en-US", "message": resp},
                        "storageDetails": storage, "commandStartTimeUTCTicks": str(start_ticks), "telemetryData": None,
                        "uniqueMachineId": ctx.machine_id, "snapshotInfo": None, "vmHealthInfo": None}}
    return "[" + json.dumps(outer) + "]"


def snap_infos(ctx, t, ok=True, err=""):
    out = []
    for disk in ("osdisk", "datadisk0", "datadisk1"):
        blob = "https://%s.blob.core.windows.net/%s/abcd" % (ctx.storage_md, ctx.rng.hexs(12, upper=False))
        out.append({"isSuccessful": "true" if ok else "false",
                    "snapshotUri": (blob + "?snapshot=" + t.strftime("%Y-%m-%dT%H:%M:%S.") + "%07dZ" % ctx.rng.randint(0, 9999999)) if ok else None,
                    "errorMessage": err, "blobUri": blob, "directDriveSnapshotIdentifier": None})
    return out


MOUNTS = ["/", "/boot", "/boot/efi", "/data", "/mnt"]


def snapshot_run(ctx, agent, slog, t, seq, outcome="ok", detail=None):
    """
    One backup: handle.sh enable -> handle.py enable -> daemon (freeze, host snapshot, thaw) -> status.
    outcome: ok | freeze-failed | prescript | nonetwork | generic-error
    Returns (status text, end time, result code).
    """
    r = ctx.rng
    task = r.guid()
    start_ticks = ticks(t - sec(40))
    slog.sh(t, "ConfigSequenceNumber from environment variable seqNo:%d" % seq)
    slog.sh(t, "python3 path exists")
    slog.sh(t + sec(2), "0 returned from handle.py")
    w = slog.w
    w(t + ms(300), "starting enable")
    w(t + ms(301), "patch_class_name: %s and orig_distro: %s" % (
        "UbuntuPatching" if agent.distro == "ubuntu" else "redhatPatching", agent.vmb_os.split("-")[0]))
    w(t + ms(310), "taskId: %s" % task)
    slp = r.randint(500, 5000)
    w(t + ms(311), "Sleeping for milliseconds: %d" % slp)
    t1 = t + ms(311 + slp)
    w(t1 + ms(40), "Enable,success,4,Transitioning state in extension,False")
    w(t1 + ms(900), "starting daemon for freezing the file system")
    w(t1 + ms(950), "The command snapshot is being validated")
    w(t1 + ms(951), "commandToExecute for backup is snapshot")
    w(t1 + ms(990), "Enable,success,4,Transitioning state in extension,False")
    w(t1 + ms(1020), "commandToExecute after commiting the blob is snapshot")
    t2 = t1 + ms(1100)
    if outcome == "prescript":
        w(t2, "Loading script modules now...")
        w(t2 + ms(2), "config file: /etc/azure/VMSnapshotPluginHost.conf")
        w(t2 + ms(3), "timeoutInSeconds: 1800")
        w(t2 + ms(3), "numberOfPlugins: 1")
        w(t2 + ms(4), "Name of the Plugin is ScriptRunner")
        w(t2 + ms(4), "Plugin config path is /etc/azure/VMSnapshotScriptPluginConfig.json")
        w(t2 + ms(40), "Validate Scripts output: errorCode - 0 dobackup - True fsFreeze_on - True pollTime - 5")
        w(t2 + ms(41), "App Consistent Consistent Backup Enabled")
        w(t2 + sec(31), "Finished prescript execution from PluginHost side. Continue Backup: False")
        w(t2 + sec(32), "Starting postscript for all modules.")
        w(t2 + sec(33), "Finished postscript execution from PluginHost side. Continue Backup: True")
        msg = "PreScript failed for the plugin ScriptRunner StatusCode.FailedPrepostPreScriptFailed,"
        w(t2 + sec(33) + ms(5), msg)
        tend = t2 + sec(34)
        w(tend, "Enable,error,300,%s,False" % msg)
        st = snapshot_status(ctx, agent, tend, task, start_ticks, "error", 300, msg, 0, None,
                             extra_tel=[("prePostEnabled", "True"), ("isPrePostEnabled", "true")])
        return st, tend, 300
    w(t2, "Calling do snapshot method")
    w(t2 + ms(5), "snapshotTaskToken : %s" % r.guid())
    w(t2 + ms(6), "FreezeSnapshotter : takeCrashConsistentSnapshot = False")
    w(t2 + ms(7), "hostIp : %s" % WIRESERVER)
    w(t2 + ms(8), "CustomSettings is null in extension input.")
    w(t2 + ms(8), "snapshotMethodConfigValue : firstHostThenGuest")
    w(t2 + ms(9), "[FreezeSnapshotter] isManaged flag : True")
    w(t2 + ms(20), "start calling the presnapshot rest api")
    w(t2 + ms(410), "PreSnapshot: Status Code: 200")
    w(t2 + ms(420), "T:S freeze, timeout value 60")
    for mp in MOUNTS[:-1]:
        w(t2 + ms(421), "fsfreeze mount :%s" % mp)
    w(t2 + ms(422), "skipped mount :['/mnt']")
    w(t2 + ms(430), "arg : %s" % str(["main/safefreeze/bin/safefreeze", "60"] + MOUNTS[:-1]))
    w(t2 + ms(431), "proceeded for accepting signals")
    t3 = t2 + ms(500)
    if outcome in ("freeze-failed",):
        # fsfreezer.freeze_safe, sig_handle 2 (child ended without freeze completion): binary output and error
        blk = freeze_block(t3, [
            (ms(0), "Info", "/etc/azure/MicrosoftRecoverySvcsSafeFreezeLock/SafeFreezeLockFile file opened Sucessfully"),
            (ms(1), "Info", "Aquiring lock succeeded"),
            (ms(2), "Info", "Wait time to aquire lock 0:00:00.000412"),
            (ms(3), "Info", "Thread for binary is called"),
            (sec(3), "Info", "Waited in thread for 3 seconds"),
            (sec(3) + ms(1), "Info", "****** 1. Starting Freeze Binary "),
            (sec(3) + ms(4), "Info", "Binary subprocess Created"),
            (sec(3) + ms(90), "Info", "some child process terminated"),
            (sec(3) + ms(91), "Info", "binary child terminated"),
            (sec(3) + ms(91), "Info", "****** 9. Binary Process completed (Signal=2 received)"),
        ])
        w(t3, blk)
        t4 = t3 + sec(4)
        w(t4, "freeze_safe after returning from startproc : sig_handle=2")
        w(t4 + ms(1), "============== Binary output traces start ================= ")
        ts_local = (t3 + sec(3)).strftime("%Y-%m-%d %H:%M:%S")
        w(t4 + ms(2), "%s ****** 2. Binary Freeze Started " % ts_local)
        w(t4 + ms(2), "%s Freezing: /" % ts_local)
        w(t4 + ms(2), "%s Freezing: /boot" % ts_local)
        w(t4 + ms(2), "%s Freezing: /boot/efi" % ts_local)
        w(t4 + ms(2), "%s Freezing: /data" % ts_local)
        w(t4 + ms(3), "%s Failed to FIFREEZE: /data with error message: Device or resource busy" % ts_local)
        w(t4 + ms(3), "%s Thawing: /" % ts_local)
        w(t4 + ms(3), "%s Thawing: /boot" % ts_local)
        w(t4 + ms(3), "%s Thawing: /boot/efi" % ts_local)
        w(t4 + ms(4), "============== Binary output traces end ================= ")
        w(t4 + ms(5), "freeze failed for some mount")
        w(t4 + ms(6), "T:S ***** freeze, time_before_freeze=%s, time_after_freeze=%s, freezeTimeTaken=0:00:04.139702" % (
            (t2 + ms(420)).strftime("%Y-%m-%d %H:%M:%S.%f"), (t4 + ms(6)).strftime("%Y-%m-%d %H:%M:%S.%f")))
        w(t4 + ms(7), "T:S freeze result freeze failed for some mount\n, timedout :False")
        msg = "T:S Enable failed with error: freeze failed for some mount\n StatusCode.FailedRetryableFsFreezeFailed,"
        w(t4 + ms(8), msg)
        w(t4 + ms(9), "doFreezeSnapshot : run_result - 121 run_status - error all_failed - False unable_to_sleep - False is_inconsistent - False values post snapshot")
        tend = t4 + ms(300)
        w(tend, "Enable,error,121,Enable failed in fsfreeze snapshot flow,False")
        st = snapshot_status(ctx, agent, tend, task, start_ticks, "error", 121, "Enable failed in fsfreeze snapshot flow", 0, None)
        return st, tend, 121
    # normal freeze
    blk = freeze_block(t3, [
        (ms(0), "Info", "/etc/azure/MicrosoftRecoverySvcsSafeFreezeLock/SafeFreezeLockFile file opened Sucessfully"),
        (ms(1), "Info", "Aquiring lock succeeded"),
        (ms(2), "Info", "Wait time to aquire lock 0:00:00.000388"),
        (ms(3), "Info", "Thread for binary is called"),
        (sec(3), "Info", "Waited in thread for 3 seconds"),
        (sec(3) + ms(1), "Info", "****** 1. Starting Freeze Binary "),
        (sec(3) + ms(4), "Info", "Binary subprocess Created"),
        (sec(3) + ms(210), "Info", "freezed"),
        (sec(3) + ms(210), "Info", "****** 4. Freeze Completed (Signal=1 received)"),
    ])
    w(t3, blk)
    t4 = t3 + sec(4)
    w(t4, "freeze_safe after returning from startproc : sig_handle=1")
    w(t4 + ms(1), "T:S ***** freeze, time_before_freeze=%s, time_after_freeze=%s, freezeTimeTaken=0:00:03.722118" % (
        (t2 + ms(420)).strftime("%Y-%m-%d %H:%M:%S.%f"), (t4 + ms(1)).strftime("%Y-%m-%d %H:%M:%S.%f")))
    w(t4 + ms(2), "T:S freeze result , timedout :False")
    w(t4 + ms(3), "Taking Snapshot through Host")
    w(t4 + ms(4), "T:S doing snapshot now...")
    w(t4 + ms(5), "start calling the snapshot rest api")
    w(t4 + ms(6), "****** 5. Snaphotting (Host) Started")
    t5 = t4 + ms(r.randint(1800, 4200))
    w(t5, "****** 6. Snaphotting (Host) Completed")
    if outcome == "nonetwork":
        w(t5 + ms(1), "dosnapshot responseBody: ")
        w(t5 + ms(2), "T:S thaw result None")
        w(t5 + ms(3), "Failed to do the snapshot because snapshoturi is none")
    else:
        w(t5 + ms(1), "dosnapshot responseBody: {\"snapshotInfos\": [...]} ")
        w(t5 + ms(2), "T:S thaw result None")
    w(t5 + ms(4), "T:S takeSnapshotFromHost, time_before_snapshot=%s, time_after_snapshot=%s, snapshotTimeTaken=0:00:02.911803" % (
        t4.strftime("%Y-%m-%d %H:%M:%S.%f"), t5.strftime("%Y-%m-%d %H:%M:%S.%f")))
    w(t5 + ms(5), "T:S snapshotall ends...")
    if outcome == "nonetwork":
        msg = "T:S Enable failed with FailedRetryableSnapshotFailedNoNetwork error StatusCode.FailedRetryableSnapshotFailedNoNetwork,"
        w(t5 + ms(6), msg)
        w(t5 + ms(7), "doFreezeSnapshot : run_result - 76 run_status - error all_failed - True unable_to_sleep - False is_inconsistent - False values post snapshot")
        w(t5 + ms(8), "Enable failed in fsfreeze snapshot flow")
        tend = t5 + ms(900)
        w(tend, "Enable,error,76,Enable failed in fsfreeze snapshot flow,False")
        st = snapshot_status(ctx, agent, tend, task, start_ticks, "error", 76, "Enable failed in fsfreeze snapshot flow", 0,
                             snap_infos(ctx, t5, ok=False, err="<urlopen error [Errno 110] Connection timed out>"),
                             extra_tel=[("snapshotCreator", "guestExtension"), ("hostStatusCodeDoSnapshot", "-1")], blob_err=True)
        return st, tend, 76
    if outcome == "generic-error":
        err = detail
        w(t5 + ms(6), err)
        tend = t5 + ms(700)
        w(tend, "Enable,error,2,Enable failed with exception in safe freeze or snapshot ,False")
        st = snapshot_status(ctx, agent, tend, task, start_ticks, "error", 2, "Enable failed with exception in safe freeze or snapshot ", 0, None)
        return st, tend, 2
    w(t5 + ms(6), "doFreezeSnapshot : run_result - 1 run_status - success all_failed - False unable_to_sleep - False is_inconsistent - False values post snapshot")
    w(t5 + ms(7), "Enable Succeeded with App Consistent Snapshot")
    tend = t5 + ms(700)
    w(tend, "Enable,success,0,Enable Succeeded with App Consistent Snapshot,False")
    st = snapshot_status(ctx, agent, tend, task, start_ticks, "success", 0, "Enable Succeeded with App Consistent Snapshot", 2, snap_infos(ctx, t5))
    return st, tend, 0


# ----------------------------------------------------------------------------------------------
# Bundle writer: layout, history, results.txt, status json
# ----------------------------------------------------------------------------------------------

def handler_env(ext):
    return json.dumps([{"name": ext.name, "version": 1.0, "handlerEnvironment": {
        "logFolder": "/var/log/azure/%s" % ext.name, "configFolder": "/var/lib/waagent/%s/config" % ext.full,
        "statusFolder": "/var/lib/waagent/%s/status" % ext.full, "heartbeatFile": "/var/lib/waagent/%s/heartbeat.log" % ext.full,
        "eventsFolder": "/var/log/azure/%s/events" % ext.name}}])


def agent_status_blob(ctx, agent, t, exts, inc, agent_status="Ready", agent_msg="Guest Agent is running"):
    handlers = []
    for ext in exts:
        st, code, msg = ext.handler_status
        h = {"handlerVersion": ext.version, "handlerName": ext.name, "status": st, "code": code, "useExactVersion": True,
             "formattedMessage": {"lang": "en-US", "message": msg}}
        if ext.status_file is not None:
            s = json.loads(ext.status_file)[0]["status"]
            h["runtimeSettingsStatus"] = {"settingsStatus": {"status": {"name": ext.name, "configurationAppliedTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                                         "operation": s.get("operation", "Enable"), "status": s["status"],
                                                                         "code": int(s.get("code", 0)),
                                                                         "formattedMessage": s.get("formattedMessage") or {"lang": "en-US", "message": ""}},
                                                              "version": 1.0, "timestampUTC": t.strftime("%Y-%m-%dT%H:%M:%SZ")},
                                          "sequenceNumber": ext.seq}
        handlers.append(h)
    return {"version": "1.1", "timestampUTC": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "aggregateStatus": {"guestAgentStatus": {"version": agent.ga_ver, "status": agent_status,
                                                     "formattedMessage": {"lang": "en-US", "message": agent_msg}},
                                "handlerAggregateStatus": handlers,
                                "vmArtifactsAggregateStatus": {"goalStateAggregateStatus": {"formattedMessage": {"lang": "en-US", "message": "GoalState executed successfully"},
                                                                                            "timestampUTC": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "inSvdSeqNo": str(inc), "status": "Success", "code": 0}}},
            "guestOSInfo": None, "supportedFeatures": [{"Key": "MultipleExtensionsPerHandler", "Value": "1.0"},
                                                       {"Key": "VersioningGovernance", "Value": "1.0"},
                                                       {"Key": "FastTrack", "Value": "1.0"}]}


def waagent_status_291(ctx, agent, t, exts, inc, **kw):
    """history/<dir>/waagent_status.json of 2.8-2.9"""
    return json.dumps({"__comment__": "The __status__ property is the actual status reported to CRP",
                       "__status__": agent_status_blob(ctx, agent, t, exts, inc, **kw),
                       "__debug__": {"agentName": "WALinuxAgent-%s" % agent.ga_ver, "daemonVersion": agent.daemon_ver,
                                     "pythonVersion": "Python: %s" % agent.py,
                                     "extensionSupportedFeatures": ["ExtensionTelemetryPipeline"], "supportsMultiConfig": {e.name: False for e in exts}}},
                      indent=2)


def waagent_status_legacy(ctx, agent, t, exts):
    """/var/lib/waagent/waagent_status.json of 2.2.34-2.5 (v2.2.41 write_ext_handlers_status_to_info_file)"""
    return json.dumps({"agent_name": "WALinuxAgent-%s" % agent.ga_ver, "current_version": agent.ga_ver,
                       "goal_state_version": agent.ga_ver, "distro_details": "%s:%s" % (agent.distro, agent.distro_ver),
                       "last_successful_status_upload_time": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "python_version": "Python: %s" % agent.py,
                       "extensions_status": [{"name": e.name, "version": e.version, "status": e.handler_status[0]} for e in exts]})


def write_goal_state_files(ctx, agent, incs, exts, layout, t_sas):
    """incs: list of (incarnation, time).  layout 'history' (>= 2.8) or 'flat'."""
    for inc, t, created, act, cor in incs:
        gs = goal_state_xml(ctx, inc)
        ec = extensions_config_xml(ctx, inc, exts, created, act, cor, t_sas)
        if layout == "history":
            d = "var/lib/waagent/history/%s__%d/" % (t.strftime("%Y-%m-%dT%H-%M-%S"), inc)
            ctx.put(d + "GoalState.xml", gs)
            ctx.put(d + "ExtensionsConfig.xml", ec)
            ctx.put(d + "HostingEnvironmentConfig.xml", hosting_env_xml(ctx, inc))
            ctx.put(d + "SharedConfig.xml", shared_config_xml(ctx, inc))
            ctx.put(d + "waagent_status.json", waagent_status_291(ctx, agent, t + sec(8), exts, inc))
        else:
            ctx.put("var/lib/waagent/GoalState.%d.xml" % inc, gs)
            ctx.put("var/lib/waagent/ExtensionsConfig.%d.xml" % inc, ec)
    last = incs[-1][0]
    if layout == "flat":
        ctx.put("var/lib/waagent/HostingEnvironmentConfig.xml", hosting_env_xml(ctx, last))
    ctx.put("var/lib/waagent/SharedConfig.xml", shared_config_xml(ctx, last))


def results_txt(ctx, t, full=False):
    """the collector's own log (common/logcollector.py v2.9.1.1), '%(asctime)s %(levelname)s %(message)s'"""
    z = lambda x: x.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = []
    out.append("%s INFO Started tracking cpu cgroup CGroup(name=collect-logs, path=/sys/fs/cgroup/cpu,cpuacct/azure.slice/azure-walinuxagent.slice/azure-walinuxagent-logcollector.slice/collect-logs.scope)" % z(t))
    out.append("%s INFO Started tracking memory cgroup CGroup(name=collect-logs, path=/sys/fs/cgroup/memory/azure.slice/azure-walinuxagent.slice/azure-walinuxagent-logcollector.slice/collect-logs.scope)" % z(t))
    out.append("%s INFO Starting log collection at %s" % (z(t), z(t)))
    out.append("%s INFO Using log collection mode %s" % (z(t), "full" if full else "normal"))
    out.append("%s INFO Using /var/lib/waagent as $LIB_DIR" % z(t))
    out.append("%s INFO Using /var/log/azure as $LOG_DIR" % z(t))
    out.append("%s INFO Using /var/log/waagent.log as $AGENT_LOG" % z(t))
    out.append("%s INFO ### Preparing list of files to add to archive ###" % z(t + sec(1)))
    total = 0
    for p in sorted(ctx.files):
        size = len(ctx.files[p].encode("utf-8"))
        total += size
        out.append("%s INFO Adding file /%s, size %d b" % (z(t + sec(1)), p, size))
    out.append("%s INFO Uncompressed archive size is %d b" % (z(t + sec(1)), total))
    out.append("%s INFO ### Creating compressed archive ###" % z(t + sec(1)))
    out.append("%s INFO Successfully compressed files. Compressed archive size is %d b" % (z(t + sec(3)), total // 7))
    out.append("%s INFO Finishing log collection at %s" % (z(t + sec(3)), z(t + sec(3))))
    out.append("%s INFO Elapsed time: %d ms" % (z(t + sec(3)), 3000 + ctx.rng.randint(0, 900)))
    return "\n".join(out) + "\n"


def write_tree(ctx):
    root = os.path.join(OUT_ROOT, ctx.name)
    for p, content in sorted(ctx.files.items()):
        full = os.path.join(root, p)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)


def leases(ctx, with245=True):
    lines = ["lease {", '  interface "eth0";', "  fixed-address %s;" % ctx.ip, '  server-name "RD%s";' % ctx.rng.hexs(12),
             "  option subnet-mask 255.255.255.0;", "  option dhcp-lease-time 4294967295;", "  option routers %s;" % ctx.gateway,
             "  option dhcp-message-type 5;", "  option dhcp-server-identifier 168.63.129.16;", "  option domain-name-servers 168.63.129.16;",
             "  option dhcp-renewal-time 4294967295;",
             "  option rfc3442-classless-static-routes 0,%s,%s,32,168,63,129,16,%s,32,169,254,169,254,%s;" % (
                 ctx.gateway.replace(".", ","), ctx.gateway.replace(".", ","), ctx.gateway.replace(".", ","), ctx.gateway.replace(".", ","))]
    if with245:
        lines.append("  option unknown-245 a8:3f:81:10;")
    lines += ["  option dhcp-rebinding-time 4294967295;", '  option domain-name "%s.ax.internal.cloudapp.net";' % ctx.rng.hexs(26, upper=False),
              "  renew 2 2161/04/27 12:43:01;", "  rebind 2 2161/04/27 12:43:01;", "  expire 2 2161/04/27 12:43:01;", "}"]
    return "\n".join(lines) + "\n"


IPTABLES_OK = """# Generated by iptables-save v1.8.5 on {date}
*security
:INPUT ACCEPT [{a}:{b}]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [{c}:{d}]
-A OUTPUT -d 168.63.129.16/32 -p tcp -m tcp --dport 53 -j ACCEPT
-A OUTPUT -d 168.63.129.16/32 -p tcp -m owner --uid-owner 0 -j ACCEPT
-A OUTPUT -d 168.63.129.16/32 -p tcp -m conntrack --ctstate INVALID,NEW -j DROP
COMMIT
# Completed on {date}
# Generated by iptables-save v1.8.5 on {date}
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
{extra}COMMIT
# Completed on {date}
"""


def apt_history_noise(t, pkgs):
    return ("\nStart-Date: %s\nCommandline: /usr/bin/unattended-upgrade\nUpgrade: %s\nEnd-Date: %s\n" % (
        t.strftime("%Y-%m-%d  %H:%M:%S"), pkgs, (t + sec(41)).strftime("%Y-%m-%d  %H:%M:%S")))


# ----------------------------------------------------------------------------------------------
# The generic VM timeline
# ----------------------------------------------------------------------------------------------

class Case(object):
    def __init__(self, name, hostname, os_key, daemon_ver, ga_ver, start, days, layout="history", ip="10.1.0.4"):
        self.ctx = Ctx(name, hostname, os_key, ip=ip)
        self.os_key = os_key
        self.agent = Agent(self.ctx, os_key, daemon_ver, ga_ver)
        self.start = dt(start)
        self.end = self.start + datetime.timedelta(days=days)
        self.layout = layout
        ubuntu = os_key.startswith("ubuntu")
        self.ubuntu = ubuntu
        self.sys = Syslog(self.ctx, "rfc3339" if os_key == "ubuntu2404" else "bsd")
        self.snap = Ext(SNAP_EXT, SNAP_VER, public={"locale": "en-us", "taskId": "", "logsBlobUri": "", "statusBlobUri": "",
                                                    "commandStartTimeUTCTicks": "", "commandToExecute": "snapshot",
                                                    "objectStr": "", "vmType": "microsoft.compute/virtualmachines"},
                        manifest_guid="a53f7b1a2f6c4a0ea6b3c9e1d2f40c1b")
        self.ama = Ext(AMA, AMA_VER, public={"GCS_AUTO_CONFIG": True}, protected=False, manifest_guid="f5e3c3d1a1b74c2d9e0a3c4b5d6e7f80")
        self.ama.status_file = generic_status_file(AMA, "Enable", "success", 0, "Enable succeeded", self.start)
        self.exts = [self.snap, self.ama]
        self.slog = SnapLog(self.ctx)
        self.incs = []
        self.inc = self.ctx.rng.randint(3, 9)
        self.conf_over = {}
        self.extra_conf_comment = None

    def boot(self, t, conf_changes=(), provisioning="done"):
        a = self.agent
        self.sys.w(t - sec(20), "kernel", "Linux version %s (mockbuild@build.example) #1 SMP" % a.kernel)
        self.sys.w(t - sec(2), "systemd[1]", "Started %s." % ("walinuxagent.service - Azure Linux Agent" if self.ubuntu else "waagent.service - Azure Linux Agent"))
        t = a.daemon_start(t, provisioning)
        if provisioning != "done":
            return t
        t = a.daemon_protocol(t + ms(20))
        t = a.daemon_launch(t + ms(10))
        # ga/update.py run_latest: logged when the child survived CHILD_HEALTH_INTERVAL (15 min)
        a.dlog.w(t + sec(900) + ms(12), "INFO", "Daemon", "Daemon",
                 "Agent WALinuxAgent-%s launched with command '%s' is successfully running" % (a.ga_ver, a.agent_cmd()))
        t_gs = t + sec(2)
        self.inc += 1
        t = a.exthandler_start(t_gs, self.inc, conf_changes)
        self.new_inc_record(t_gs)
        return t

    def new_inc_record(self, t):
        r = self.ctx.rng
        self.incs.append((self.inc, t, t - sec(30), r.guid(), r.guid()))

    def backup(self, t, outcome="ok", detail=None, ext_extra=None):
        """one daily backup: new incarnation with new VMSnapshot settings, agent enables it, extension runs"""
        a = self.agent
        self.inc += 1
        self.snap.seq += 1
        self.new_inc_record(t)
        _, _, created, act, cor = self.incs[-1]
        a.fetch_gs(t, self.inc)
        out = "[stdout]\n\n\n[stderr]\n"
        t2 = process_gs(a, t + ms(120), self.inc, created, act, cor,
                        [(self.snap, "enable", {"duration_ms": 2400, "output": out})],
                        [ext_summary([(SNAP_EXT, "transitioning"), (AMA, "success")])])
        st, tend, code = snapshot_run(self.ctx, a, self.slog, t + ms(150), self.snap.seq, outcome, detail)
        self.snap.status_file = st
        terminal = "success" if code in (0, 1) else "success"   # ARM VM: outer status always success
        a.glog.w(tend + ms(4100), "INFO", "ExtHandler", "ExtHandler", "Extension status: %s" % ext_summary([(SNAP_EXT, terminal), (AMA, "success")]))
        a.glog.w(tend + ms(4101), "INFO", "ExtHandler", "ExtHandler", "All extensions in the goal state have reached a terminal state: %s" % ext_summary([(SNAP_EXT, terminal), (AMA, "success")]))
        return tend

    def daily_backups(self, first, count, hour=2, outcome_for=None):
        r = self.ctx.rng
        t = first
        last = None
        for i in range(count):
            tb = t.replace(hour=hour, minute=r.randint(0, 40), second=r.randint(0, 59), microsecond=r.randint(0, 999999))
            oc = outcome_for(i) if outcome_for else ("ok", None)
            last = self.backup(tb, *oc)
            t = t + datetime.timedelta(days=1)
        return last

    def finish(self, t_collect, exts_on_disk=None, extras=None, conf=None, collector=True, ovf=True, leases_245=True, extra_files=None):
        ctx = self.ctx
        a = self.agent
        write_os_files(ctx, self.os_key if self.os_key in ("ubuntu2204", "rhel86", "rhel89", "rhel79") else "ubuntu2204")
        if self.os_key == "ubuntu2404":
            ctx.put("etc/os-release", OS_RELEASE["ubuntu2404"])
            ctx.put("etc/lsb-release", 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=24.04\nDISTRIB_CODENAME=noble\nDISTRIB_DESCRIPTION="Ubuntu 24.04.2 LTS"\n')
        ctx.put("etc/waagent.conf", conf if conf is not None else waagent_conf(self.os_key, self.conf_over, self.extra_conf_comment))
        if ovf:
            ctx.put("var/lib/waagent/ovf-env.xml", ovf_env_xml(ctx, "azureuser"))
        exts = exts_on_disk if exts_on_disk is not None else self.exts
        for e in exts:
            write_extension_files(ctx, e)
            ctx.put("var/lib/waagent/%s/HandlerEnvironment.json" % e.full, handler_env(e))
        if self.incs:
            write_goal_state_files(ctx, a, self.incs, exts, self.layout, self.start)
        last_t = self.incs[-1][1] if self.incs else self.start
        if self.layout == "history":
            ctx.put("var/lib/waagent/GoalState.1.xml", "<xml>empty placeholder file</xml>")
            if self.incs:
                ctx.put("var/lib/waagent/waagent_status.json", waagent_status_291(ctx, a, t_collect - sec(5), exts, self.incs[-1][0]))
        # VMSnapshotLinux logs
        if self.slog.log.recs:
            ctx.put("var/log/azure/%s/extension.log" % SNAP_EXT, self.slog.log.render())
        if self.slog.shell.recs:
            ctx.put("var/log/azure/%s/shell.log" % SNAP_EXT, self.slog.shell.render())
        ctx.put("etc/azure/vmbackup.conf", "[SnapshotThread]\nfsfreeze: True\nMountsToSkip = /mnt\nSafeFreezeWaitInSeconds=600\n")
        ctx.put("var/lib/dhcp/dhclient.eth0.leases" if self.ubuntu else "var/lib/dhclient/dhclient-eth0.leases", leases(ctx, leases_245))
        self.sys.noise(self.start - sec(3600), t_collect, self.ubuntu)
        ctx.put("var/log/syslog" if self.ubuntu else "var/log/messages", self.sys.render())
        for p, c in (extra_files or {}).items():
            ctx.put(p, c)
        ctx.finalize_logs()
        if collector:
            ctx.put("results.txt", results_txt(ctx, t_collect))
        write_tree(ctx)
        return ctx


# ----------------------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------------------

def transient_gs_failure(a, t, inc):
    """goal_state.py + update.py v2.9.1.1: a transient WireServer failure that recovers"""
    err = "[HttpError] [HTTP Failed] GET http://%s/machine/?comp=goalstate -- IOError timed out -- 6 attempts made" % WIRESERVER
    a.glog.w(t, "WARNING", "ExtHandler", None, "Fetching the goal state failed: %s" % err)
    a.glog.w(t + ms(1), "INFO", "ExtHandler", None, "Fetch goal state completed")
    a.glog.w(t + ms(3), "ERROR", "ExtHandler", "ExtHandler", "Error fetching the goal state: [ProtocolError] Error fetching goal state Inner error: %s" % err)
    a.gs_errors += 1
    a.glog.w(t + sec(66), "INFO", "ExtHandler", "ExtHandler",
             "Fetching the goal state recovered from previous errors. Fetched %s (certificates: [])" % gs_id(inc))


def case_healthy_ubuntu2204():
    c = Case("healthy-ubuntu2204", "web01-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-03-10 08:14:03.512", 5)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 4, hour=1)
    transient_gs_failure(a, dt("2025-03-12 14:02:11.208"), c.inc - 2)
    transient_gs_failure(a, dt("2025-03-13 22:47:40.771"), c.inc - 1)
    return c.finish(c.end)


def case_healthy_rhel8_flat():
    c = Case("healthy-rhel8-flat", "app02-rhel", "rhel89", "2.7.0.6", "2.9.1.1", "2025-04-02 06:31:45.104", 4, layout="flat")
    a = c.agent
    t = c.boot(c.start)
    # benign warnings the agent itself treats as harmless (ga/cgroupconfigurator.py / ga/monitor.py v2.9.1.1)
    a.glog.w(t + ms(40), "INFO", "ExtHandler", "ExtHandler", "[CGW] The agent's process is not within a memory cgroup")
    a.glog.w(t + ms(41), "INFO", "ExtHandler", "ExtHandler", "[CGW] Disabling resource usage monitoring. Reason: The agent's process is not within a memory cgroup")
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 3, hour=3)
    a.glog.w(dt("2025-04-04 11:20:05.667"), "ERROR", "SendTelemetryHandler", "ExtHandler", "Event: name=WALinuxAgent, op=ReportEventErrors, message=DroppedEventsCount: 1, duration=0")
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=dhcp\nTYPE=Ethernet\nUSERCTL=no\nPEERDNS=yes\nIPV6INIT=no\nNM_CONTROLLED=yes\n")
    c.ctx.put("var/lib/waagent/waagent_status.json", waagent_status_291(c.ctx, a, c.end - sec(30), c.exts, c.inc))
    return c.finish(c.end, collector=False)


def case_agent_outdated():
    c = Case("agent-outdated", "erp01-rhel7", "rhel79", "2.2.41", "2.2.41", "2025-02-17 07:02:19.330", 3, layout="flat")
    a = c.agent
    L = a.dlog
    t = c.start
    c.sys.w(t - sec(2), "systemd[1]", "Started Azure Linux Agent.")
    # daemon/main.py, ga/update.py, ga/exthandlers.py @ v2.2.41 (slash time, "Daemon"/"ExtHandler" prefix, no thread)
    L.w(t, "INFO", None, "Daemon", "Azure Linux Agent Version:2.2.41")
    L.w(t + ms(2), "INFO", None, "Daemon", "OS: redhat 7.9")
    L.w(t + ms(3), "INFO", None, "Daemon", "Python: 2.7.5")
    L.w(t + ms(9), "INFO", None, "Daemon", "Run daemon")
    L.w(t + ms(11), "INFO", None, "Daemon", "No RDMA handler exists for distro='Red Hat Enterprise Linux Server' version='7.9'")
    L.w(t + ms(14), "INFO", None, "Daemon", "Clean protocol")
    L.w(t + ms(17), "INFO", None, "Daemon", "Provisioning already completed, skipping.")
    L.w(t + ms(20), "INFO", None, "Daemon", "RDMA capabilities are not enabled, skipping")
    L.w(t + ms(25), "INFO", None, "Daemon", "Installed Agent WALinuxAgent-2.2.41 is the most current agent")
    t += sec(2)
    L.w(t, "INFO", None, "ExtHandler", "Agent WALinuxAgent-2.2.41 is running as the goal state agent")
    L.w(t + ms(300), "INFO", None, "ExtHandler", "Wire server endpoint:%s" % WIRESERVER)
    e = c.snap
    for day in range(3):
        tb = (c.start + datetime.timedelta(days=day + 1)).replace(hour=22, minute=c.ctx.rng.randint(0, 30), second=11)
        c.inc += 1
        e.seq += 1
        c.new_inc_record(tb)
        p = "[%s]" % e.full
        L.w(tb, "INFO", None, p, "Target handler state: enabled")
        L.w(tb + ms(1), "INFO", None, p, "[Enable] current handler state is: enabled")
        L.w(tb + ms(2), "INFO", None, p, "Update settings file: %d.settings" % e.seq)
        L.w(tb + ms(3), "INFO", None, p, "Enable extension [main/handle.sh enable]")
        L.w(tb + sec(3), "INFO", None, "ExtHandler", "ProcessGoalState completed [incarnation %d; %d ms]" % (c.inc, 3100 + c.ctx.rng.randint(0, 400)))
        c.slog.sh(tb + ms(100), "ConfigSequenceNumber from environment variable seqNo:%d" % e.seq)
        c.slog.sh(tb + ms(100), "python2.7 path exists")
        c.slog.sh(tb + sec(2), "0 returned from handle.py")
        c.slog.w(tb + ms(600), "starting enable")
        c.slog.w(tb + ms(602), "TaskId is same as last, so skip with Processed Status, current:%s== last:%s" % (c.ctx.machine_id, c.ctx.machine_id)) if False else None
        c.slog.w(tb + ms(610), "Enable,success,4,Transitioning state in extension,False")
    e.status_file = snapshot_status(c.ctx, a, tb + sec(2), c.ctx.rng.guid(), ticks(tb), "transitioning", 4, "Transitioning state in extension", 0, None)
    e.handler_status = ("Ready", 0, "Plugin enabled")
    c.conf_over = {"AutoUpdate.Enabled": "n"}
    t_end = c.end
    c.ctx.put("var/lib/waagent/waagent_status.json", waagent_status_legacy(c.ctx, a, t_end - sec(20), c.exts))
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=dhcp\nTYPE=Ethernet\nUSERCTL=no\nPEERDNS=yes\nIPV6INIT=no\n")
    return c.finish(t_end, collector=False)


def case_agent_not_running():
    c = Case("agent-not-running", "db03-noble", "ubuntu2404", "2.9.1.1", "2.9.1.1", "2025-03-11 05:40:12.004", 6)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), dt("2025-03-13 09:05:00"))
    c.daily_backups(c.start + datetime.timedelta(days=1), 2, hour=2)
    # crash loop (ga/update.py v2.9.1.1)
    tc = dt("2025-03-13 09:12:44.123456")
    cmd = "/usr/bin/python3 -u /usr/sbin/waagent -run-exthandlers"
    for i in range(3):
        reason = "[Errno 28] No space left on device: '/var/lib/waagent/history/2025-03-13T09-1%d-2%d__%d'" % (2 + i, i, c.inc)
        a.glog.w(tc, "WARNING", "ExtHandler", "ExtHandler", "Agent WALinuxAgent-2.9.1.1 failed with exception: %s" % reason)
        a.glog.w(tc + ms(2), "WARNING", "ExtHandler", "ExtHandler", "Traceback (most recent call last):\n  File \"/usr/lib/python3/dist-packages/azurelinuxagent/ga/update.py\", line 398, in run\n    self._process_goal_state(exthandlers_handler, remote_access_handler)\nOSError: %s" % reason)
        a.dlog.w(tc + ms(90), "WARNING", "Daemon", "Daemon", "Agent WALinuxAgent-2.9.1.1 launched with command '%s' failed with return code: 1" % cmd)
        c.sys.w(tc + ms(95), "python3[%d]" % (a.pid + i), "2025-03-13T09:1%d:44Z WARNING Daemon Daemon Agent WALinuxAgent-2.9.1.1 launched with command '%s' failed with return code: 1" % (2 + i, cmd))
        tc += sec(62)
        a.dlog.w(tc - sec(1), "INFO", "Daemon", "Daemon", "Installed Agent WALinuxAgent-2.9.1.1 is the most current agent")
        a.glog.w(tc, "INFO", "ExtHandler", "ExtHandler", "Azure Linux Agent (Goal State Agent version 2.9.1.1)")
        tc += sec(5)
    a.glog.w(tc, "WARNING", "ExtHandler", "ExtHandler", "MonitorHandler thread died, restarting")
    a.glog.w(tc + sec(7), "WARNING", "ExtHandler", "ExtHandler", "Agent WALinuxAgent-2.9.1.1 failed with exception: [Errno 28] No space left on device")
    # 2.9.1.1 formats the child's return code before it has one: the real line says None.
    a.dlog.w(tc + sec(8), "WARNING", "Daemon", "Daemon", "ExtHandler process WALinuxAgent-2.9.1.1 launched with command '%s' exited with return code: None" % cmd)
    a.dlog.w(tc + sec(9), "WARNING", "Daemon", "Daemon", "Daemon ended with exception -- Sleep 15 seconds and restart daemon")
    dead = tc + sec(25)
    c.sys.w(dead, "systemd[1]", "walinuxagent.service: Main process exited, code=exited, status=1/FAILURE")
    c.sys.w(dead + ms(3), "systemd[1]", "walinuxagent.service: Failed with result 'exit-code'.")
    c.sys.w(dead + ms(5), "systemd[1]", "walinuxagent.service: Consumed 3min 12.447s CPU time, 61.2M memory peak, 0B memory swap peak.")
    c.sys.w(dead + sec(40), "kernel", "EXT4-fs warning (device sda1): ext4_dx_add_entry:2481: Directory (ino: 262146) index full, reach max htree level :2")
    c.ctx.put("var/lib/waagent/WALinuxAgent-2.9.1.1/error.json",
              json.dumps({"last_failure": epoch(tc + sec(7)), "failure_count": 3, "was_fatal": True,
                          "reason": "Agent WALinuxAgent-2.9.1.1 failed with exception: [Errno 28] No space left on device"}))
    c.ctx.put("etc/netplan/50-cloud-init.yaml", "network:\n    ethernets:\n        eth0:\n            dhcp4: true\n            dhcp4-overrides:\n                route-metric: 100\n            dhcp6: false\n            match:\n                driver: hv_netvsc\n                macaddress: '%s'\n            set-name: eth0\n    version: 2\n" % c.ctx.mac)
    return c.finish(c.end)


def case_extensions_disabled():
    c = Case("extensions-disabled", "batch07-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-05-06 10:03:55.871", 4)
    a = c.agent
    t = c.boot(c.start, conf_changes=("Extensions.Enabled is set to False, not processing the operation",))
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    # goal states keep coming (backup requests) but nothing is processed: only the goal-state fetch lines
    for d in range(1, 4):
        tb = (c.start + datetime.timedelta(days=d)).replace(hour=23, minute=5, second=c.ctx.rng.randint(0, 59))
        c.inc += 1
        c.new_inc_record(tb)
        a.fetch_gs(tb, c.inc)
    c.snap.handler_status = ("NotReady", 0, "Plugin installed but not enabled")
    c.snap.handler_state = "Installed"
    c.conf_over = {"Extensions.Enabled": "n"}
    return c.finish(c.end, exts_on_disk=[c.snap])


def case_provisioning_not_auto():
    c = Case("provisioning-not-auto", "img-rhel86", "rhel86", "2.9.1.1", "2.9.1.1", "2025-06-16 13:22:07.415", 1)
    a = c.agent
    L = a.dlog
    t = a.daemon_start(c.start, provisioning="cloud-init")
    d = "Daemon"
    # pa/provision/factory.py + cloudinit.py v2.9.1.1
    L.w(t, "INFO", d, d, "Using cloud-init for provisioning")
    L.w(t + ms(2), "INFO", d, d, "Running CloudInit provisioning handler")
    retry = 1800
    step = 10
    tt = t + ms(3)
    while retry > 0:
        L.w(tt, "INFO", d, d, "Waiting for cloud-init to copy ovf-env.xml to /var/lib/waagent/ovf-env.xml [%d retries remaining, sleeping 1s between retries]" % retry)
        L.w(tt + ms(40), "WARNING", d, d, "cloud-init does not appear to be enabled")
        tt += sec(step)
        retry -= step
        step = min(step * 2, 320)
    tf = t + sec(1834)
    L.w(tf, "ERROR", d, d, "Provisioning with cloud-init failed: [ProvisionError] Giving up, ovf-env.xml was not copied to /var/lib/waagent/ovf-env.xml after 1800s (1851.42s)")
    L.w(tf + ms(300), "INFO", d, d, "RDMA capabilities are not enabled, skipping")
    L.w(tf + ms(302), "INFO", d, d, "End of log to /dev/console. The agent will now check for updates and then will process extensions.")
    L.w(tf + sec(4), "INFO", d, d, "Installed Agent WALinuxAgent-2.9.1.1 is the most current agent")
    t = a.exthandler_start(tf + sec(6), c.inc + 1)
    c.inc += 1
    c.new_inc_record(tf + sec(6))
    a.glog.w(t + ms(10), "INFO", "ExtHandler", "ExtHandler", "No extension handlers found, not processing anything.")
    a.heartbeats(t + sec(60), c.end)
    c.sys.w(c.start + sec(1), "systemd[1]", "cloud-init.service: Unit cloud-init.service not found.") if False else None
    c.conf_over = {"Provisioning.Agent": "cloud-init"}
    c.extra_conf_comment = "# Image build: provisioning handed over to cloud-init (golden image pipeline)"
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=dhcp\nTYPE=Ethernet\nUSERCTL=no\nPEERDNS=yes\nIPV6INIT=no\n")
    return c.finish(c.end, exts_on_disk=[], ovf=False)


def case_python_unsupported():
    c = Case("python-unsupported", "ops04-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-07-21 04:10:31.007", 3)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    e = c.snap
    for d in range(1, 3):
        tb = (c.start + datetime.timedelta(days=d)).replace(hour=21, minute=c.ctx.rng.randint(0, 50), second=c.ctx.rng.randint(0, 59), microsecond=c.ctx.rng.randint(0, 999999))
        c.inc += 1
        e.seq += 1
        c.new_inc_record(tb)
        _, _, created, act, cor = c.incs[-1]
        a.fetch_gs(tb, c.inc)
        out = "[stdout]\n\n\n[stderr]\n"
        process_gs(a, tb + ms(120), c.inc, created, act, cor, [(e, "enable", {"duration_ms": 160, "fail_rc": 3, "output": out})],
                   [ext_summary([(SNAP_EXT, "error"), (AMA, "success")])])
        c.slog.sh(tb + ms(130), "ConfigSequenceNumber from environment variable seqNo:%d" % e.seq)
        c.slog.sh(tb + ms(250), "python version unknown")
        c.slog.sh(tb + ms(250), "3 returned from handle.py")
    msg = "[ExtensionOperationError] Non-zero exit code: 3, /var/lib/waagent/%s/main/handle.sh enable\n[stdout]\n\n\n[stderr]\n" % e.full
    e.handler_status = ("NotReady", 1009, msg)
    e.status_file = None
    return c.finish(c.end)


def case_wireserver_unreachable():
    c = Case("wireserver-unreachable", "sap05-rhel", "rhel89", "2.7.0.6", "2.9.1.1", "2025-08-04 09:00:42.661", 4)
    a = c.agent
    t = c.boot(c.start)
    c.daily_backups(c.start + datetime.timedelta(days=1), 1, hour=1)
    tf = dt("2025-08-05 16:31:07.090125")
    a.heartbeats(t + sec(60), tf)
    err = "[HttpError] [HTTP Failed] GET http://%s/machine/?comp=goalstate -- IOError timed out -- 6 attempts made" % WIRESERVER
    a.glog.w(tf, "WARNING", "ExtHandler", None, "Fetching the goal state failed: %s" % err)
    a.glog.w(tf + ms(1), "INFO", "ExtHandler", None, "Fetch goal state completed")
    for i in range(3):
        a.glog.w(tf + sec(400 * i) + ms(3), "ERROR", "ExtHandler", "ExtHandler",
                 "Error fetching the goal state: [ProtocolError] [Wireserver Exception] [HttpError] [HTTP Failed] GET http://%s/machine/ -- IOError timed out -- 6 attempts made" % WIRESERVER)
    a.glog.w(tf + sec(95), "WARNING", "MonitorHandler", "ExtHandler", "Error in SendHostPluginHeartbeat: [HttpError] [HTTP Failed] GET http://%s:32526/health -- IOError timed out -- 1 attempts made --- [NOTE: Will not log the same error for the next hour]" % WIRESERVER)
    # heartbeats continue, with the goal-state error counter growing
    tt = tf + sec(1800)
    while tt < c.end:
        a.gs_errors = 280 + c.ctx.rng.randint(0, 20)
        a.heartbeat(tt)
        tt += sec(1800)
    ts = dt("2025-08-05 16:30:52.000")
    extra = ("-A OUTPUT -d 168.63.129.16/32 -p tcp -m multiport --dports 80,32526 -m comment --comment \"CIS hardening 2025-08\" -j DROP\n"
             "-A OUTPUT -d 168.63.129.16/32 -p tcp -m tcp --dport 443 -j DROP\n")
    c.ctx.put("etc/sysconfig/iptables", IPTABLES_OK.format(date=ts.strftime("%a %b %d %H:%M:%S %Y"), a=18237, b=28291371, c=16624, d=9213365, extra=extra))
    c.sys.w(ts, "systemd[1]", "Reloading IPv4 firewall with iptables...")
    c.sys.w(ts + sec(1), "iptables.init[48211]", "iptables: Applying firewall rules: [  OK  ]")
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=dhcp\nTYPE=Ethernet\nUSERCTL=no\nPEERDNS=yes\nIPV6INIT=no\n")
    return c.finish(c.end)


def case_dhcp_disabled():
    c = Case("dhcp-disabled", "fin06-rhel", "rhel89", "2.9.1.1", "2.9.1.1", "2025-09-08 07:45:10.338", 2, ip="10.4.2.10")
    a = c.agent
    L = a.dlog
    d = "Daemon"
    t = a.daemon_start(c.start)
    # protocol/util.py + dhcp.py v2.9.1.1
    L.w(t, "INFO", d, d, "Detect protocol endpoint")
    L.w(t + ms(1), "INFO", d, d, "Clean protocol and wireserver endpoint")
    tt = t + ms(3)
    for retry in range(6):
        L.w(tt, "INFO", d, d, "WireServer endpoint is not found. Rerun dhcp handler")
        L.w(tt + ms(1), "INFO", d, d, "Test for route to %s" % WIRESERVER)
        L.w(tt + ms(2), "WARNING", d, d, "No route exists to %s" % WIRESERVER)
        if retry == 0:
            L.w(tt + ms(3), "INFO", d, d, "Checking for dhcp lease cache")
            L.w(tt + ms(9), "INFO", d, d, "Cache exists [False]")
        L.w(tt + ms(10), "INFO", d, d, "Send dhcp request")
        w = 0
        for dur in (0, 10, 30, 60, 60):
            w += dur
            L.w(tt + sec(w + 10), "WARNING", d, d, "Failed to send DHCP request: timed out")
        tt = tt + sec(w + 10) + ms(5)
        L.w(tt, "INFO", d, d, "Protocol endpoint not found: [ProtocolError] [DhcpError] Failed to receive dhcp response.")
        if retry < 5:
            L.w(tt + ms(1), "INFO", d, d, "Retry detect protocol: retry=%d" % retry)
        tt += sec(60)
    L.w(tt, "WARNING", d, d, "Daemon ended with exception -- Sleep 15 seconds and restart daemon")
    c.sys.w(tt + ms(5), "python3[%d]" % a.pid, "%s WARNING Daemon Daemon Daemon ended with exception -- Sleep 15 seconds and restart daemon" % iso(tt)[:-8] + "Z") if False else None
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0",
              "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=none\nIPADDR=%s\nPREFIX=24\nGATEWAY=%s\nDNS1=10.4.0.4\nDNS2=10.4.0.5\nTYPE=Ethernet\nUSERCTL=no\nIPV6INIT=no\nNM_CONTROLLED=yes\n" % (c.ctx.ip, c.ctx.gateway))
    c.sys.w(c.start - sec(5), "NetworkManager[1021]", "<info>  [%d.4512] device (eth0): Activation: successful, device activated." % int(epoch(c.start)))
    c.ctx.put("var/lib/waagent/WALinuxAgent-2.9.1.1/HandlerManifest.json", "[{\"name\": \"WALinuxAgent\", \"version\": 1.0, \"handlerManifest\": {\"installCommand\": \"\", \"uninstallCommand\": \"\", \"updateCommand\": \"\", \"enableCommand\": \"python -u bin/WALinuxAgent-2.9.1.1-py3.8.egg -run-exthandlers\", \"disableCommand\": \"\", \"rebootAfterInstall\": false, \"reportHeartbeat\": false}}]\n")
    # old snapshot extension files from before the network change
    c.snap.seq = 14
    c.snap.status_file = snapshot_status(c.ctx, a, dt("2025-09-07 01:12:40"), c.ctx.rng.guid(), ticks(dt("2025-09-07 01:12:00")), "success", 0,
                                          "Enable Succeeded with App Consistent Snapshot", 2, snap_infos(c.ctx, dt("2025-09-07 01:12:38")))
    ctx = c.finish(c.end, leases_245=False, collector=True)
    return ctx


def case_storage_unreachable():
    c = Case("storage-unreachable", "etl08-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-10-13 12:00:03.900", 3)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 2, hour=0, outcome_for=lambda i: ("ok", None) if i == 0 else ("nonetwork", None))
    return c.finish(c.end)


def case_extension_provisioning_failed():
    c = Case("extension-provisioning-failed", "web09-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-11-03 09:30:14.200", 3)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 2, hour=1)
    cse = Ext(CSE, CSE_VER, public={"commandToExecute": "bash deploy.sh"}, manifest_guid="0a1b2c3d4e5f40718293a4b5c6d7e8f9")
    cse.seq = 2
    c.exts.append(cse)
    tb = dt("2025-11-05 15:44:02.512911")
    c.inc += 1
    c.new_inc_record(tb)
    _, _, created, act, cor = c.incs[-1]
    a.fetch_gs(tb, c.inc)
    out = ("[stdout]\n+ /var/lib/waagent/custom-script/download/2/deploy.sh\nDeploying release 2025.11.05 ...\n\n"
           "[stderr]\nRunning scripts in /var/lib/waagent/custom-script/download/2\ndeploy.sh: line 14: /opt/app/bin/migrate: No such file or directory\n")
    process_gs(a, tb + ms(120), c.inc, created, act, cor,
               [(cse, "enable", {"cmd": "bin/custom-script-shim enable", "duration_ms": 8200, "fail_rc": 1, "output": out})],
               [ext_summary([(CSE, "error"), (SNAP_EXT, "success"), (AMA, "success")])])
    a.glog.w(tb + sec(12), "INFO", "ExtHandler", "ExtHandler", "All extensions in the goal state have reached a terminal state: %s" %
             ext_summary([(CSE, "error"), (SNAP_EXT, "success"), (AMA, "success")]))
    emsg = "[ExtensionOperationError] Non-zero exit code: 1, /var/lib/waagent/%s/bin/custom-script-shim enable\n%s" % (cse.full, out)
    cse.handler_status = ("NotReady", 1009, emsg)
    cse.status_file = generic_status_file(CSE, "Enable", "error", 1,
                                          "Enable failed: failed to execute command: command terminated with exit status=1\n" + out, tb + sec(8))
    c.ctx.put("var/log/azure/custom-script/handler.log",
              "time=%s version=v2.1.10/git@a1b2c3d-clean operation=enable seq=2 event=start\n"
              "time=%s version=v2.1.10/git@a1b2c3d-clean operation=enable seq=2 event=failed error=\"failed to execute command: command terminated with exit status=1\"\n"
              % ((tb + sec(1)).strftime("%Y-%m-%dT%H:%M:%SZ"), (tb + sec(8)).strftime("%Y-%m-%dT%H:%M:%SZ")))
    return c.finish(c.end)


def case_vmsnapshot_failed():
    c = Case("vmsnapshot-failed", "crm10-rhel", "rhel89", "2.7.0.6", "2.9.1.1", "2025-01-20 18:11:29.014", 3)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    det = ("Failed to do the snapshot with error: HTTP Error 409: The specified blob is being modified by another operation., stack trace: Traceback (most recent call last):\n"
           "  File \"/var/lib/waagent/%s/main/handle.py\", line 207, in freeze_snapshot\n"
           "    run_result, run_status, snapshot_info_array = freeze_snap_shotter.doFreezeSnapshot()\n"
           "urllib.error.HTTPError: HTTP Error 409: The specified blob is being modified by another operation.\n" % c.snap.full)
    c.daily_backups(c.start + datetime.timedelta(days=1), 2, hour=2, outcome_for=lambda i: ("ok", None) if i == 0 else ("generic-error", det))
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=dhcp\nTYPE=Ethernet\nUSERCTL=no\nPEERDNS=yes\nIPV6INIT=no\n")
    return c.finish(c.end)


def case_fs_freeze_failed():
    c = Case("vmsnapshot-fs-freeze-failed", "pg11-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-02-24 11:09:51.220", 3)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 2, hour=1, outcome_for=lambda i: ("ok", None) if i == 0 else ("freeze-failed", None))
    return c.finish(c.end)


def case_prepost():
    c = Case("vmsnapshot-prepost-script-failed", "ora12-rhel", "rhel89", "2.7.0.6", "2.9.1.1", "2025-04-14 16:40:40.555", 3)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 2, hour=23, outcome_for=lambda i: ("prescript", None))
    c.ctx.put("etc/azure/VMSnapshotScriptPluginConfig.json", json.dumps({
        "pluginName": "ScriptRunner", "preScriptLocation": "/opt/backup/oracle_pre.sh", "postScriptLocation": "/opt/backup/oracle_post.sh",
        "preScriptParams": ["ORCL"], "postScriptParams": ["ORCL"], "preScriptNoOfRetries": 0, "postScriptNoOfRetries": 0,
        "timeoutInSeconds": 30, "continueBackupOnFailure": False, "fsFreezeEnabled": True}, indent=4) + "\n")
    c.ctx.put("etc/azure/VMSnapshotPluginHost.conf", "[pre_post]\nnumplugins=1\npreScriptLocation=/opt/backup/oracle_pre.sh\ntimeoutInSeconds=1800\n\npluginName0=ScriptRunner\npluginPath0=main/tempPlugin\npluginConfigPath0=/etc/azure/VMSnapshotScriptPluginConfig.json\n")
    c.ctx.put("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nONBOOT=yes\nBOOTPROTO=dhcp\nTYPE=Ethernet\nUSERCTL=no\nPEERDNS=yes\nIPV6INIT=no\n")
    return c.finish(c.end)


def case_pending_reboot():
    c = Case("pending-reboot", "kube13-ubu", "ubuntu2204", "2.2.46", "2.9.1.1", "2025-12-01 08:20:33.100", 4)
    a = c.agent
    t = c.boot(c.start)
    a.heartbeats(t + sec(60), c.end)
    a.periodic_noise(t, c.end)
    c.daily_backups(c.start + datetime.timedelta(days=1), 1, hour=2)
    tu = dt("2025-12-02 06:25:14")
    pkgs = ("linux-image-5.15.0-1082-azure:amd64 (5.15.0-1082.91), linux-azure:amd64 (5.15.0.1079.77, 5.15.0.1082.80), "
            "libc6:amd64 (2.35-0ubuntu3.8, 2.35-0ubuntu3.10), libc-bin:amd64 (2.35-0ubuntu3.8, 2.35-0ubuntu3.10)")
    hist = "Start-Date: 2025-11-28  06:11:02\nCommandline: /usr/bin/unattended-upgrade\nUpgrade: tzdata:amd64 (2025a-0ubuntu0.22.04, 2025b-0ubuntu0.22.04)\nEnd-Date: 2025-11-28  06:11:09\n"
    hist += apt_history_noise(tu, pkgs)
    c.ctx.put("var/log/apt/history.log", hist)
    c.ctx.put("var/log/dpkg.log", "".join("%s upgrade %s %s %s\n%s status installed %s %s\n" % (
        (tu + sec(i)).strftime("%Y-%m-%d %H:%M:%S"), p, o, n, (tu + sec(i + 1)).strftime("%Y-%m-%d %H:%M:%S"), p, n) for i, (p, o, n) in enumerate([
            ("libc6:amd64", "2.35-0ubuntu3.8", "2.35-0ubuntu3.10"), ("libc-bin:amd64", "2.35-0ubuntu3.8", "2.35-0ubuntu3.10"),
            ("linux-azure:amd64", "5.15.0.1079.77", "5.15.0.1082.80")])))
    c.ctx.put("var/run/reboot-required", "*** System restart required ***\n")
    c.ctx.put("var/run/reboot-required.pkgs", "linux-image-5.15.0-1082-azure\nlinux-base\nlibc6\n")
    c.sys.w(tu + sec(45), "systemd[1]", "unattended-upgrades.service: Deactivated successfully.")
    # after the upgrade: the next two backups never complete; the extension hangs in freeze and CRP gives up
    e = c.snap
    for d in (2, 3):
        tb = (c.start + datetime.timedelta(days=d)).replace(hour=2, minute=14, second=c.ctx.rng.randint(0, 59))
        c.inc += 1
        e.seq += 1
        c.new_inc_record(tb)
        _, _, created, act, cor = c.incs[-1]
        a.fetch_gs(tb, c.inc)
        process_gs(a, tb + ms(120), c.inc, created, act, cor, [(e, "enable", {"duration_ms": 2300, "output": "[stdout]\n\n\n[stderr]\n"})],
                   [ext_summary([(SNAP_EXT, "transitioning"), (AMA, "success")])])
        c.slog.sh(tb + ms(150), "ConfigSequenceNumber from environment variable seqNo:%d" % e.seq)
        c.slog.sh(tb + ms(150), "python3 path exists")
        c.slog.sh(tb + sec(2), "0 returned from handle.py")
        c.slog.w(tb + ms(500), "starting enable")
        c.slog.w(tb + ms(510), "Enable,success,4,Transitioning state in extension,False")
        c.slog.w(tb + sec(2), "starting daemon for freezing the file system")
        c.slog.w(tb + sec(2) + ms(400), "Calling do snapshot method")
        c.slog.w(tb + sec(2) + ms(420), "command start time is %s and utcNow is %s" % ((tb - sec(7300)).strftime("%Y-%m-%d %H:%M:%S.%f"), (tb + sec(2)).strftime("%Y-%m-%d %H:%M:%S.%f")))
        c.slog.w(tb + sec(2) + ms(421), "CRP timeout limit has reached, should abort.")
        msg = "CRP timeout limit has reached, will not take snapshot."
        c.slog.w(tb + sec(2) + ms(422), msg)
        c.slog.w(tb + sec(2) + ms(430), "Enable,error,402,%s,False" % msg)
        e.status_file = snapshot_status(c.ctx, a, tb + sec(3), c.ctx.rng.guid(), ticks(tb - sec(7300)), "error", 402, msg, 0, None)
    return c.finish(c.end)


CASES = [
    ("healthy-ubuntu2204", case_healthy_ubuntu2204, "-", "-"),
    ("healthy-rhel8-flat", case_healthy_rhel8_flat, "-", "-"),
    ("agent-outdated", case_agent_outdated, "GuestAgentSnapshotTaskStatusError", "agent.linux.outdated"),
    ("agent-not-running", case_agent_not_running, "UserErrorGuestAgentStatusUnavailable", "agent.linux.not-running"),
    ("extensions-disabled", case_extensions_disabled, "GuestAgentSnapshotTaskStatusError", "agent.linux.extensions-disabled"),
    ("provisioning-not-auto", case_provisioning_not_auto, "GuestAgentSnapshotTaskStatusError", "agent.linux.provisioning-not-auto"),
    ("python-unsupported", case_python_unsupported, "ExtensionOperationFailedForManagedDisks", "agent.linux.python-unsupported"),
    ("wireserver-unreachable", case_wireserver_unreachable, "GuestAgentSnapshotTaskStatusError", "network.wireserver-unreachable"),
    ("dhcp-disabled", case_dhcp_disabled, "GuestAgentSnapshotTaskStatusError", "network.dhcp-disabled"),
    ("storage-unreachable", case_storage_unreachable, "ExtensionSnapshotFailedNoNetwork", "network.storage-unreachable"),
    ("extension-provisioning-failed", case_extension_provisioning_failed, "UserErrorVmProvisioningStateFailed", "extension.provisioning-failed"),
    ("vmsnapshot-failed", case_vmsnapshot_failed, "ExtensionOperationFailedForManagedDisks", "vmsnapshot.failed"),
    ("vmsnapshot-fs-freeze-failed", case_fs_freeze_failed, "UserErrorFsFreezeFailed", "vmsnapshot.fs-freeze-failed"),
    ("vmsnapshot-prepost-script-failed", case_prepost, "BackUpOperationFailed", "vmsnapshot.prepost-script-failed"),
    ("pending-reboot", case_pending_reboot, "GuestAgentSnapshotTaskStatusError", "vm.pending-reboot"),
]


def main():
    if os.path.isdir(OUT_ROOT):
        shutil.rmtree(OUT_ROOT)
    os.makedirs(OUT_ROOT)
    for name, fn, symptom, root in CASES:
        ctx = fn()
        assert ctx.name == name, (ctx.name, name)
        size = sum(len(v.encode("utf-8")) for v in ctx.files.values())
        sys.stdout.write("%-34s %4d files %7d bytes %5d waagent.log lines\n" % (name, len(ctx.files), size, ctx.waagent.lines()))
    # expect.tsv is shared with mkwindows.py: keep the other platform's rows.
    path = os.path.join(HERE, "..", "expect.tsv")
    others = []
    if os.path.exists(path):
        with open(path) as f:
            others = [l for l in f if l.startswith("win-")]
    with open(path, "w") as f:
        f.write("case\tsymptom\troot\n")
        for name, fn, symptom, root in CASES:
            f.write("%s\t%s\t%s\n" % (name, symptom, root))
        f.writelines(others)


if __name__ == "__main__":
    main()
