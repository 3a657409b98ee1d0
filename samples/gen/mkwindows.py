#!/usr/bin/env python3
"""
mkwindows.py - writes the Windows sample bundles of vmtriage under samples/windows/.

Run from the repository root:

    python3 samples/gen/mkwindows.py

Every tree is rebuilt from scratch (samples/windows/ is wiped first) and the Windows
rows of samples/expect.tsv (the "win-" cases) are replaced; the Linux rows are left
as they are.  The output is deterministic: every sample has its own random generator
seeded from its name, all dates are fixed, nothing depends on the clock.

Two layouts are written (samples/README.md, "Windows sample bundles"):
  * Disk Inspect / VM Inspector: results.txt, diskinfo.txt, registry.json and the
    copied files under device_0/<original path>, as Azure/azure-diskinspect-service
    pyServer/GuestFishWrapper.py lays them out;
  * hand-collected: what a customer zipped by hand: WindowsAzure/Logs/...,
    Packages/Plugins/... and event log exports and command outputs at the top.

Message texts: the verbatim ones come from the documentation and the research notes
(shared/research/windows-formats.md: WaAppAgent.log excerpts of the Microsoft
troubleshooting articles, event message templates of libyal/winevt-kb, real event
XML); the rest is plausible filler, listed in samples/README.md.  The backup
extension's own log (IaaSBcdrExtension*.log) has no public sample: all its lines are
invented.

Two real event logs are copied byte for byte (their licences are in the README):
  * EVTX-to-MITRE-Attack "ID7045-7036 PSexec service installation.evtx" (CC0-1.0)
    as the System.evtx of win-healthy-2019;
  * omerbenamram/evtx samples/Application_no_crc32.evtx (MIT or Apache-2.0) as the
    Application.evtx of win-rdp-shutdown.
They are read from the shared corpus (../shared/corpus/windows/evtx, or the
directory in $VMTRIAGE_WIN_EVTX), or else from the copies already in samples/windows
(read before the tree is wiped); their SHA-256 is checked either way.

Secrets are obviously fake (SAS "sig=FAKE...", protectedSettings blobs with FAKE
inside): they exist so that the redaction code has something to redact.
"""

import datetime
import hashlib
import json
import os
import random
import shutil
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.normpath(os.path.join(HERE, ".."))
OUT_ROOT = os.path.join(SAMPLES, "windows")
EXPECT = os.path.join(SAMPLES, "expect.tsv")

WIRESERVER = "168.63.129.16"
SNAP = "Microsoft.Azure.RecoveryServices.VMSnapshot"
CSE = "Microsoft.Compute.CustomScriptExtension"
BGINFO = "Microsoft.Compute.BGInfo"
AMA = "Microsoft.Azure.Monitor.AzureMonitorWindowsAgent"
ANTIMALWARE = "Microsoft.Azure.Security.IaaSAntimalware"

# Obviously fake secrets, long enough to look like the real thing.
FAKE_SIG = "FAKEsigDONOTUSE0000000000000000000000000000%3D"
FAKE_PROTECTED = ("MIIB8wYJKoZIhvcNAQcDoIIB5DCCAeACAQAxggFpMIIBZQIBADBNMDkxNzA1BgoJkiaJk/IsZAEZFidXaW5kb3dzIEF6"
                  "dXJlIENSUCBDZXJ0aWZpY2F0ZSBHZW5lcmF0b3ICEFAKEFAKEFAKEFAKEFAKEFAwDQYJKoZIhvcNAQEBBQAEggEAFAKE"
                  "PROTECTEDSETTINGSFAKEFAKEFAKENOTAREALSECRETxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx==")

# The real event logs copied into two bundles: corpus name -> sha256.
REAL_EVTX = {
    "EVTX-to-MITRE-Attack__ID7045-7036_PSexec_service_installation.evtx":
        "5e7528705393816605ad8c1f223580aa73e3f923b745979019d0c46f50306cd5",
    "omerbenamram_evtx__Application_no_crc32.evtx":
        "2b128dc61812123a34ab2808502c6d48a0db6018e6b21bfb4f0be12d6dad2596",
}
# Where each one lies in the bundles (to find the previous copy).
REAL_EVTX_DEST = {
    "EVTX-to-MITRE-Attack__ID7045-7036_PSexec_service_installation.evtx":
        "win-healthy-2019/device_0/Windows/System32/winevt/Logs/System.evtx",
    "omerbenamram_evtx__Application_no_crc32.evtx":
        "win-rdp-shutdown/Application.evtx",
}


# ----------------------------------------------------------------------------------------------
# Time helpers
# ----------------------------------------------------------------------------------------------

def dt(s):
    """'2024-05-06 07:02:11.250' -> naive UTC datetime"""
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in s else "%Y-%m-%d %H:%M:%S"
    return datetime.datetime.strptime(s, fmt)


def sec(n):
    return datetime.timedelta(seconds=n)


def ms(n):
    return datetime.timedelta(milliseconds=n)


def mins(n):
    return datetime.timedelta(minutes=n)


def hours(n):
    return datetime.timedelta(hours=n)


def ticks(t):
    """.NET ticks (100 ns since 0001-01-01)"""
    delta = t - datetime.datetime(1, 1, 1)
    return (delta.days * 86400 + delta.seconds) * 10 ** 7 + delta.microseconds * 10


def iso_z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def us_date(t):
    """Event Viewer / systeminfo style, en-US: 5/6/2024 7:02:11 AM"""
    h = t.hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (t.month, t.day, t.year, h, t.minute, t.second, "AM" if t.hour < 12 else "PM")


def long_date(t):
    """ipconfig lease style: Monday, May 6, 2024 7:03:02 AM"""
    h = t.hour % 12 or 12
    return "%s, %s %d, %d %d:%02d:%02d %s" % (t.strftime("%A"), t.strftime("%B"), t.day, t.year, h, t.minute, t.second,
                                              "AM" if t.hour < 12 else "PM")


def filetime_hex(t):
    """FILETIME as Application Error writes ProcessCreationTime (0x01da...)"""
    ft = ticks(t) - ticks(datetime.datetime(1601, 1, 1))
    return "%016x" % ft


class Rng(random.Random):
    def guid(self, upper=False):
        """a random (version 4) GUID"""
        h = "%032x" % self.getrandbits(128)
        h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) & 3] + h[17:]
        g = "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
        return g.upper() if upper else g

    def hexs(self, n, upper=False):
        s = "".join(self.choice("0123456789abcdef") for _ in range(n))
        return s.upper() if upper else s

    def sid(self):
        return "S-1-5-21-%d-%d-%d" % (self.randint(1000000000, 4000000000), self.randint(1000000000, 4000000000),
                                     self.randint(100000000, 4000000000))


def pid4(rng, lo, hi):
    """Windows process and thread ids are multiples of 4"""
    return rng.randint(lo, hi) // 4 * 4


def utf16(text):
    """What Windows PowerShell 5.1 `>` writes: UTF-16LE with a BOM"""
    return b"\xff\xfe" + text.encode("utf-16-le")


def xesc(s, quote="'"):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote == "'":
        s = s.replace("'", "&apos;")
    elif quote == '"':
        s = s.replace('"', "&quot;")
    return s


def u16hex(s):
    """an SCM <Binary>: the service key name in UTF-16LE and its NUL"""
    return (s.encode("utf-16-le") + b"\0\0").hex().upper()


def asciihex(s):
    return s.encode("ascii").hex().upper()


# ----------------------------------------------------------------------------------------------
# Operating systems and the VM identity of a case
# ----------------------------------------------------------------------------------------------

OSES = {
    "2008r2": {"name": "Microsoft Windows Server 2008 R2 Datacenter ", "product": "Windows Server 2008 R2 Datacenter",
               "version": "6.1.7601 Service Pack 1 Build 7601", "nt": "6.1.7601.65536", "build": "7601",
               "kg": ("6", "1", "7601", "24545"), "bios": "American Megatrends Inc. 090008 , 12/7/2018",
               "app_error_named": False, "ts_digits": 9, "cpu": "Intel64 Family 6 Model 79 Stepping 1 GenuineIntel ~2295 Mhz",
               "hotfixes": ["KB2849697", "KB2849696", "KB2841134", "KB5034169", "KB5034167"], "boot_dev": "\\Device\\HarddiskVolume1",
               "owner": "Windows User", "pid": "00496-001-0001283-84096"},
    "2012r2": {"name": "Microsoft Windows Server 2012 R2 Datacenter", "product": "Windows Server 2012 R2 Datacenter",
               "version": "6.3.9600 N/A Build 9600", "nt": "6.3.9600.0", "build": "9600",
               "kg": ("6", "3", "9600", "21620"), "bios": "American Megatrends Inc. 090008 , 12/7/2018",
               "app_error_named": False, "ts_digits": 9, "cpu": "Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2594 Mhz",
               "hotfixes": ["KB2919355", "KB2919442", "KB2938066", "KB5034819", "KB5035885"], "boot_dev": "\\Device\\HarddiskVolume1",
               "owner": "Windows User", "pid": "00253-50000-00000-AA442"},
    "2016": {"name": "Microsoft Windows Server 2016 Datacenter", "product": "Windows Server 2016 Datacenter",
             "version": "10.0.14393 N/A Build 14393", "nt": "10.0.14393.0", "build": "14393",
             "kg": ("10", "0", "14393", "6796"), "bios": "Microsoft Corporation Hyper-V UEFI Release v4.0, 12/17/2019",
             "app_error_named": False, "ts_digits": 9, "cpu": "Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2594 Mhz",
             "hotfixes": ["KB5034767", "KB5034613"], "boot_dev": "\\Device\\HarddiskVolume3",
             "owner": "N/A", "pid": "00377-10000-00000-AA847"},
    "2019": {"name": "Microsoft Windows Server 2019 Datacenter", "product": "Windows Server 2019 Datacenter",
             "version": "10.0.17763 N/A Build 17763", "nt": "10.0.17763.0", "build": "17763",
             "kg": ("10", "0", "17763", "5576"), "bios": "Microsoft Corporation Hyper-V UEFI Release v4.1, 4/13/2023",
             "app_error_named": False, "ts_digits": 9, "cpu": "Intel64 Family 6 Model 106 Stepping 6 GenuineIntel ~2793 Mhz",
             "hotfixes": ["KB5034619", "KB5034768", "KB5034127"], "boot_dev": "\\Device\\HarddiskVolume3",
             "owner": "N/A", "pid": "00430-00000-00000-AA420"},
    "2022": {"name": "Microsoft Windows Server 2022 Datacenter Azure Edition", "product": "Windows Server 2022 Datacenter Azure Edition",
             "version": "10.0.20348 N/A Build 20348", "nt": "10.0.20348.0", "build": "20348",
             "kg": ("10", "0", "20348", "2402"), "bios": "Microsoft Corporation Hyper-V UEFI Release v4.1, 11/28/2023",
             "app_error_named": True, "ts_digits": 7, "cpu": "Intel64 Family 6 Model 106 Stepping 6 GenuineIntel ~2793 Mhz",
             "hotfixes": ["KB5036909", "KB5012170", "KB5036620"], "boot_dev": "\\Device\\HarddiskVolume3",
             "owner": "N/A", "pid": "00454-60000-00001-AA763"},
    "win10": {"name": "Microsoft Windows 10 Enterprise", "product": "Windows 10 Enterprise",
              "version": "10.0.19042 N/A Build 19042", "nt": "10.0.19042.0", "build": "19042",
              "kg": ("10", "0", "19042", "867"), "bios": "Microsoft Corporation Hyper-V UEFI Release v4.1, 5/13/2020",
              "app_error_named": False, "ts_digits": 7, "cpu": "Intel64 Family 6 Model 85 Stepping 7 GenuineIntel ~2594 Mhz",
              "hotfixes": ["KB4601554", "KB4562830", "KB5000802"], "boot_dev": "\\Device\\HarddiskVolume4",
              "owner": "azadmin", "pid": "00329-10280-00000-AA373"},
}


class Machine(object):
    """One VM: its names, OS, network, time zone.  Everything of a case uses it."""

    def __init__(self, rng, computer, os_key, ip, domain=None, tz=("(UTC) Coordinated Universal Time", 0),
                 iface="Ethernet", region="westeurope", size="Standard_D4s_v5", mem_mb=16383):
        self.rng = rng
        self.computer = computer                    # as the events write it
        self.host = computer.split(".")[0].upper()  # NetBIOS name
        self.domain = domain
        self.fqdn = computer if domain is None else "%s.%s" % (computer.split(".")[0], domain)
        self.os_key = os_key
        self.os = OSES[os_key]
        self.ip = ip
        self.gw = ip.rsplit(".", 1)[0] + ".1"
        self.mask = "255.255.255.0"
        self.mac = "00-0D-3A-%02X-%02X-%02X" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        self.iface = iface
        self.tz_label, self.tz_min = tz
        self.region = region
        self.size = size
        self.mem_mb = mem_mb
        self.vm_id = rng.guid()
        self.subscription = rng.guid()
        self.dns_suffix = "%s.%sx.internal.cloudapp.net" % ("".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(26)),
                                                            rng.choice("abcdef"))
        self.ll6 = "fe80::%x:%x:%x:%x" % (rng.randint(0x1000, 0xffff), rng.randint(0x1000, 0xffff), rng.randint(0x1000, 0xffff),
                                          rng.randint(0x1000, 0xffff))
        self.if_index = rng.choice([4, 5, 6, 7, 12])
        self.local_sid = rng.sid()
        self.admin = "azadmin"
        self.cert_thumbprint = rng.hexs(40, upper=True)
        self.deployment_id = rng.hexs(32)
        self.storage_md = "md-%s" % rng.hexs(12)
        self.blob_ip = "20.60.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250))
        self.disk_blobs = [rng.hexs(12) for _ in range(4)]

    def local(self, t):
        return t + mins(self.tz_min)


# ----------------------------------------------------------------------------------------------
# A bundle: the files of one case
# ----------------------------------------------------------------------------------------------

class Bundle(object):
    def __init__(self, name, layout, machine):
        assert layout in ("diskinspect", "hand")
        self.name = name
        self.layout = layout
        self.m = machine
        self.rng = machine.rng
        self.files = {}

    def disk(self, path):
        """a file of the VM's disk: under device_0/ for Disk Inspect"""
        return ("device_0/" + path) if self.layout == "diskinspect" else path

    def put(self, path, data):
        assert path not in self.files, path
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.files[path] = data

    def put_text(self, path, text, enc="utf-8", bom=False, eol="\r\n"):
        text = text.replace("\r\n", "\n")
        if eol != "\n":
            text = text.replace("\n", eol)
        if enc == "utf-16le":
            self.put(path, utf16(text))
        else:
            self.put(path, (b"\xef\xbb\xbf" if bom else b"") + text.encode(enc))

    def size(self):
        return sum(len(v) for v in self.files.values())


# ----------------------------------------------------------------------------------------------
# Text logs
# ----------------------------------------------------------------------------------------------

class TextLog(object):
    """Records (time, text); written sorted by time, ties in order of insertion."""

    def __init__(self):
        self.recs = []

    def add(self, t, text):
        self.recs.append((t, len(self.recs), text))

    def first(self):
        return min(r[0] for r in self.recs)

    def last(self):
        return max(r[0] for r in self.recs)

    def render(self):
        return "".join(r[2] + "\n" for r in sorted(self.recs))


LEVEL_PAD = {"INFO": "[INFO]  ", "WARN": "[WARN]  ", "ERROR": "[ERROR] ", "HEART": "[HEART] ",
             "TRACE": "[TRACE] ", "FATAL": "[FATAL] "}


class WaLog(TextLog):
    """
    The guest agent's bracketed log (WaAppAgent.log, Telemetry.log, TransparentInstaller.log,
    CommandExecution.log), research §1.3:
      'legacy'  [00000006] [11/14/2019 05:52:13.44] [INFO]  msg      VM local time, centiseconds
      'iso'     [00000010] 2021-01-12T16:35:45Z [ERROR] msg          UTC
      'isoms'   [00000004] 2024-04-17T07:19:26.812Z [INFO]  msg      UTC, milliseconds
    Continuation lines of an exception carry no prefix.
    """

    def __init__(self, machine, style):
        TextLog.__init__(self)
        assert style in ("legacy", "iso", "isoms")
        self.m = machine
        self.style = style

    def stamp(self, t):
        if self.style == "legacy":
            l = self.m.local(t)
            return "[%s.%02d]" % (l.strftime("%m/%d/%Y %H:%M:%S"), l.microsecond // 10000)
        if self.style == "iso":
            return t.strftime("%Y-%m-%dT%H:%M:%SZ")
        return "%s.%03dZ" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000)

    def w(self, t, thread, level, msg, cont=None):
        text = "[%08d] %s %s%s" % (thread, self.stamp(t), LEVEL_PAD[level], msg)
        if cont:
            text += "\n" + "\n".join(cont)
        self.add(t, text)
        return t


class BcdrLog(TextLog):
    """
    IaaSBcdrExtension<N>.log.  No public sample exists: this shape is invented (ISO UTC time
    with 100 ns digits as .NET's "o" format writes it, a level, a thread number).
    """

    def w(self, t, level, msg, thread=12, cont=None):
        text = "%s.%07dZ [%s] [%d] %s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond * 10, level, thread, msg)
        if cont:
            text += "\n" + "\n".join(cont)
        self.add(t, text)
        return t


# ----------------------------------------------------------------------------------------------
# Windows events and their exports
# ----------------------------------------------------------------------------------------------

NS_EVENT = "http://schemas.microsoft.com/win/2004/08/events/event"
SCM_GUID = "{555908d1-a6d7-4695-8e1e-26931d2012f4}"
LEVEL_NAMES = {0: "Information", 1: "Critical", 2: "Error", 3: "Warning", 4: "Information", 5: "Verbose"}

# Message templates (research §3: libyal/winevt-kb message tables, verbatim; %n is a line break).
TEMPLATES = {
    ("Service Control Manager", 7000): "The %1 service failed to start due to the following error: %n%2",
    ("Service Control Manager", 7009): "A timeout was reached (%1 milliseconds) while waiting for the %2 service to connect.",
    ("Service Control Manager", 7023): "The %1 service terminated with the following error: %n%2",
    ("Service Control Manager", 7024): "The %1 service terminated with the following service-specific error: %n%2",
    ("Service Control Manager", 7031): "The %1 service terminated unexpectedly.  It has done this %2 time(s).  The following corrective action will be taken in %3 milliseconds: %5.",
    ("Service Control Manager", 7034): "The %1 service terminated unexpectedly.  It has done this %2 time(s).",
    ("Service Control Manager", 7036): "The %1 service entered the %2 state.",
    ("Service Control Manager", 7040): "The start type of the %1 service was changed from %2 to %3.",
    ("EventLog", 6005): "The Event log service was started.",
    ("EventLog", 6006): "The Event log service was stopped.",
    ("EventLog", 6009): "Microsoft (R) Windows (R) %1 %2 %3 %4.",
    ("EventLog", 6008): "The previous system shutdown at %1 on %2 was unexpected.",
    ("EventLog", 6013): "The system uptime is %5 seconds.",
    ("USER32", 1074): "The process %1 has initiated the %5 of computer %2 on behalf of user %7 for the following reason: %3%n Reason Code: %4%n Shutdown Type: %5%n Comment: %6",
    ("Microsoft-Windows-Kernel-Power", 41): "The system has rebooted without cleanly shutting down first. This error could be caused if the system stopped responding, crashed, or lost power unexpectedly.",
    ("Microsoft-Windows-WindowsUpdateClient", 20): "Installation Failure: Windows failed to install the following update with error %1: %2.",
    ("Microsoft-Windows-WindowsUpdateClient", 22): "Restart Required: To complete the installation of the following updates, the computer will be restarted within %1 minutes: %2",
    ("User32", 1074): "The process %1 has initiated the %5 of computer %2 on behalf of user %7 for the following reason: %3%n Reason Code: %4%n Shutdown Type: %5%n Comment: %6",
    ("Microsoft-Windows-WindowsUpdateClient", 19): "Installation Successful: Windows successfully installed the following update: %1",
    ("Microsoft-Windows-WindowsUpdateClient", 21): "Restart Required: To complete the installation of the following updates, the computer must be restarted. Until this computer has been restarted, Windows cannot search for or download new updates: %1",
    ("Microsoft-Windows-WindowsUpdateClient", 43): "Installation Started: Windows has started installing the following update: %1",
    ("Microsoft-Windows-WindowsUpdateClient", 44): "Windows Update started downloading an update.",
    ("Application Error", 1000): "Faulting application name: %1, version: %2, time stamp: 0x%3%nFaulting module name: %4, version: %5, time stamp: 0x%6%nException code: 0x%7%nFault offset: 0x%8%nFaulting process id: 0x%9%nFaulting application start time: 0x%10%nFaulting application path: %11%nFaulting module path: %12%nReport Id: %13%nFaulting package full name: %14%nFaulting package-relative application ID: %15",
    (".NET Runtime", 1026): "%1",
    ("VSS", 8193): "Volume Shadow Copy Service error: Unexpected error calling routine %1.  hr = %2.%n%3",
    ("VSS", 8224): "The VSS service is shutting down due to idle timeout. ",
    ("VSS", 8229): "A VSS writer has rejected an event with error %1. Changes that the writer made to the writer components while handling the event will not be available to the requester. Check the event log for related events from the application hosting the VSS writer.%n%3",
    ("VSS", 12289): "Volume Shadow Copy Service error: Unexpected error %1.  hr = %2.%n%3",
    ("COM+", 4689): "The run-time environment has detected an inconsistency in its internal state. This indicates a potential instability in the process that could be caused by the custom components running in the COM+ application, the components they make use of, or other factors. %1",
    ("Microsoft-Windows-EventSystem", 4609): "The COM+ Event System detected a bad return code during its internal processing.  HRESULT was %3 from line %2 of %1.  Please contact Microsoft Product Support Services to report this error.",
    ("Microsoft-Windows-MSDTC", 4098): "Could not connect to the MS DTC service.",
    ("Microsoft-Windows-MSDTC", 4102): "Could not initialize the MS DTC Transaction Manager.",
    ("Microsoft-Windows-MSDTC", 4112): "Could not start the MS DTC Transaction Manager.",
    ("Microsoft-Windows-AppLocker", 8001): "The AppLocker policy was applied successfully to this computer.",
    ("Microsoft-Windows-AppLocker", 8002): "%11 was allowed to run.",
    ("Microsoft-Windows-AppLocker", 8004): "%11 was prevented from running.",
    # Plausible, from memory of rendered events (not in the research's template dump):
    ("Microsoft-Windows-Kernel-General", 12): "The operating system started at system time %7.",
    ("Microsoft-Windows-Kernel-General", 13): "The operating system is shutting down at system time %1.",
    ("Microsoft-Windows-Kernel-Power", 109): "The kernel power manager has initiated a shutdown transition.",
    ("Microsoft-Windows-Time-Service", 35): "The time service is now synchronizing the system time with the time source %1.",
    ("Microsoft-Windows-Security-SPP", 16384): "Successfully scheduled Software Protection service for re-start at %1. Reason: %2.",
    ("Microsoft-Windows-EventSystem", 4625): "The EventSystem sub system is suppressing duplicate event log entries for a duration of %1 seconds.  The timeout can be controlled by a REG_DWORD value named %2 under the following registry key: HKLM\\%3.",
    ("Microsoft-Windows-Dhcp-Client", 50036): "DHCPv4 client service is started",
    ("MsiInstaller", 1033): "Windows Installer installed the product. Product Name: %1. Product Version: %2. Product Language: %3. Manufacturer: %5. Installation success or error status: %4.",
    ("MsiInstaller", 11708): "%1",
    ("MsiInstaller", 10005): "%1",
    ("Windows Error Reporting", 1001): "Fault bucket %1, type %2%nEvent Name: %3%nResponse: %4%nCab Id: %5%n%nProblem signature:%nP1: %6%nP2: %7%nP3: %8%nP4: %9%nP5: %10%nP6: %11%nP7: %12%nP8: %13%nP9: %14%nP10: %15%n%nAttached files:%n%16%n%nThese files may be available here:%n%17%n%nAnalysis symbol: %18%nRechecking for solution: %19%nReport Id: %20%nReport Status: %21%nHashed bucket: %22%nCab Guid: %23",
}

# %%N inside a value: a system message (Win32 error texts).
SYSMSG = {
    "%%1053": "The service did not respond to the start or control request in a timely fashion.",
    "%%1067": "The process terminated unexpectedly.",
    "%%2": "The system cannot find the file specified.",
    "%%5": "Access is denied.",
}


class Ev(object):
    """
    One event.  guid None = a legacy event source (no Version, Opcode, Correlation,
    Execution in the XML, like the real rt640x64 and EventLog events).
    data: [(name or None, value)].  userdata: the inner XML of <UserData>.
    """

    def __init__(self, t, channel, provider, eid, level, data=(), guid=None, src=None, qual=None, version=0,
                 task=0, opcode=0, keywords=0x80000000000000, pid=0, tid=0, user=None, binary=None,
                 userdata=None, msg=None, task_name="", opcode_name="", keyword_names=("Classic",), activity=None,
                 edname=None):
        self.t = t
        self.edname = edname
        self.channel = channel
        self.provider = provider
        self.eid = eid
        self.level = level
        self.data = list(data)
        self.guid = guid
        self.src = src
        self.qual = qual
        self.version = version
        self.task = task
        self.opcode = opcode
        self.keywords = keywords
        self.pid = pid
        self.tid = tid
        self.user = user
        self.binary = binary
        self.userdata = userdata
        self.msg = msg
        self.task_name = task_name
        self.opcode_name = opcode_name
        self.keyword_names = keyword_names
        self.activity = activity
        self.record = None
        self.computer = None

    def values(self):
        if self.userdata is not None:
            return self.userdata_values
        return [v for _, v in self.data]

    def message(self):
        if self.msg is not None:
            return self.msg
        key = (self.provider, self.eid)
        if key not in TEMPLATES:
            raise KeyError("no message template for %r" % (key,))
        return render(TEMPLATES[key], self.values())

    def source(self):
        """Event Viewer's "Source" column"""
        if self.src:
            return self.src
        if self.provider.startswith("Microsoft-Windows-"):
            return self.provider[len("Microsoft-Windows-"):]
        return self.provider


def render(tpl, vals):
    """a message template with %1..%N, %n and %%N (system messages)"""
    out = []
    i = 0
    while i < len(tpl):
        c = tpl[i]
        if c == "%" and i + 1 < len(tpl) and tpl[i + 1] == "n":
            out.append("\r\n")
            i += 2
        elif c == "%" and i + 1 < len(tpl) and tpl[i + 1].isdigit():
            j = i + 1
            while j < len(tpl) and tpl[j].isdigit():
                j += 1
            n = int(tpl[i + 1:j])
            v = vals[n - 1] if n - 1 < len(vals) else ""
            out.append(SYSMSG.get(v, v))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def ts_xml(t, digits):
    if t.microsecond % 1000 == 0:
        # the samples' clocks tick in milliseconds; events carry 100 ns units
        t = t + datetime.timedelta(microseconds=(t.second * 7919 + t.minute * 104729 + t.microsecond // 1000 * 31) % 997)
    if digits == 9:
        # 100 ns resolution: the last two of nine digits are 0
        return "%s.%09dZ" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond * 1000 + (t.microsecond * 7 % 10) * 100)
    return "%s.%07dZ" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond * 10)


def ev_xml(e, digits, rendering=False):
    """EvtRender XML: single quotes, no whitespace (wevtutil qe /f:xml, Event Viewer Save as XML)."""
    p = ["<Event xmlns='%s'><System>" % NS_EVENT]
    prov = "<Provider Name='%s'" % xesc(e.provider)
    if e.guid:
        prov += " Guid='%s'" % e.guid
    if e.src:
        prov += " EventSourceName='%s'" % xesc(e.src)
    p.append(prov + "/>")
    if e.qual is not None:
        p.append("<EventID Qualifiers='%d'>%d</EventID>" % (e.qual, e.eid))
    else:
        p.append("<EventID>%d</EventID>" % e.eid)
    if e.guid:
        p.append("<Version>%d</Version>" % e.version)
    p.append("<Level>%d</Level><Task>%d</Task>" % (e.level, e.task))
    if e.guid:
        p.append("<Opcode>%d</Opcode>" % e.opcode)
    p.append("<Keywords>0x%x</Keywords>" % e.keywords)
    p.append("<TimeCreated SystemTime='%s'/>" % ts_xml(e.t, digits))
    p.append("<EventRecordID>%d</EventRecordID>" % e.record)
    if e.guid:
        p.append("<Correlation ActivityID='%s'/>" % e.activity if e.activity else "<Correlation/>")
        p.append("<Execution ProcessID='%d' ThreadID='%d'/>" % (e.pid, e.tid))
    p.append("<Channel>%s</Channel><Computer>%s</Computer>" % (xesc(e.channel), xesc(e.computer)))
    p.append("<Security UserID='%s'/>" % e.user if e.user else "<Security/>")
    p.append("</System>")
    if e.userdata is not None:
        p.append("<UserData>%s</UserData>" % e.userdata)
    elif not e.data and e.binary is None:
        p.append("<EventData/>")
    else:
        p.append("<EventData Name='%s'>" % e.edname if e.edname else "<EventData>")
        for name, v in e.data:
            attr = " Name='%s'" % xesc(name) if name else ""
            p.append("<Data%s>%s</Data>" % (attr, xesc(v, quote=None)))
        if e.binary is not None:
            p.append("<Binary>%s</Binary>" % e.binary)
        p.append("</EventData>")
    if rendering:
        kw = "".join("<Keyword>%s</Keyword>" % k for k in e.keyword_names)
        p.append("<RenderingInfo Culture='en-US'><Message>%s</Message><Level>%s</Level><Task>%s</Task><Opcode>%s</Opcode>"
                 "<Channel>%s</Channel><Provider>%s</Provider><Keywords>%s</Keywords></RenderingInfo>"
                 % (xesc(e.message(), quote=None), LEVEL_NAMES[e.level], xesc(e.task_name), e.opcode_name,
                    xesc(e.channel) if e.guid else "",
                    xesc(e.provider if e.provider != "Service Control Manager" else "Microsoft-Windows-Service Control Manager"),
                    kw))
    p.append("</Event>")
    return "".join(p)


class EventLog(object):
    """The events of one channel of one machine, numbered as the log numbered them."""

    def __init__(self, machine, channel, first_record):
        self.m = machine
        self.channel = channel
        self.events = []
        self.first_record = first_record

    def add(self, e):
        assert e.channel == self.channel, (e.channel, self.channel)
        e.computer = self.m.computer
        self.events.append(e)
        return e

    def sorted(self):
        evs = sorted(self.events, key=lambda e: e.t)
        for i, e in enumerate(evs):
            e.record = self.first_record + i
        return evs

    def digits(self):
        return self.m.os["ts_digits"]

    def wevtutil_xml(self):
        """wevtutil qe <log> /f:xml > file (cmd): one event per line, no root, no declaration"""
        return "".join(ev_xml(e, self.digits()) + "\r\n" for e in self.sorted())

    def saveas_xml(self):
        """Event Viewer "Save All Events As... XML": <Events> root, RenderingInfo, UTF-8 BOM"""
        evs = self.sorted()
        body = "\r\n".join(ev_xml(e, self.digits(), rendering=True) for e in evs)
        return b"\xef\xbb\xbf" + ('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events>%s</Events>\r\n'
                                  % body).encode("utf-8")

    def csv(self):
        """Event Viewer "Save All Events As... CSV": local wall clock, description in a 6th field"""
        out = ["Level,Date and Time,Source,Event ID,Task Category"]
        for e in reversed(self.sorted()):   # Event Viewer lists the newest first
            msg = e.message().replace('"', '""')
            cat = e.task_name or ("None" if e.task == 0 else "(%d)" % e.task)
            out.append('%s,%s,%s,%d,%s,"%s"' % (LEVEL_NAMES[e.level], us_date(self.m.local(e.t)), e.source(), e.eid, cat, msg))
        return b"\xef\xbb\xbf" + ("\r\n".join(out) + "\r\n").encode("utf-8")

    def wevtutil_text(self):
        """wevtutil qe <log> /f:text > file (cmd): local time, English labels"""
        out = []
        for i, e in enumerate(self.sorted()):
            l = self.m.local(e.t)
            user = e.user or "N/A"
            uname = {"S-1-5-18": "NT AUTHORITY\\SYSTEM", "S-1-5-19": "NT AUTHORITY\\LOCAL SERVICE",
                     "S-1-5-20": "NT AUTHORITY\\NETWORK SERVICE"}.get(e.user, "N/A")
            out.append("Event[%d]:\r\n"
                       "  Log Name: %s\r\n"
                       "  Source: %s\r\n"
                       "  Date: %s.%03d\r\n"
                       "  Event ID: %d\r\n"
                       "  Task: %s\r\n"
                       "  Level: %s\r\n"
                       "  Opcode: %s\r\n"
                       "  Keyword: %s\r\n"
                       "  User: %s\r\n"
                       "  User Name: %s\r\n"
                       "  Computer: %s\r\n"
                       "  Description: \r\n%s\r\n"
                       % (i, e.channel, e.provider, l.strftime("%Y-%m-%dT%H:%M:%S"), l.microsecond // 1000, e.eid,
                          e.task_name or "N/A", LEVEL_NAMES[e.level], e.opcode_name or "N/A",
                          ",".join(e.keyword_names) or "N/A", user, uname, e.computer, e.message()))
        return "\r\n".join(out)


class Events(object):
    """
    The System and Application logs (and AppLocker's) of a machine, with builders for
    the events the samples use.  Shapes follow the real events of the corpus
    (research §3, shared/corpus/windows/xml_exports) and the real wevtutil output quoted
    in the research (single quotes, Keywords without leading zeros).
    """

    def __init__(self, m, sys_first=40000, app_first=20000):
        self.m = m
        self.rng = m.rng
        self.system = EventLog(m, "System", sys_first)
        self.application = EventLog(m, "Application", app_first)
        self.applocker = EventLog(m, "Microsoft-Windows-AppLocker/EXE and DLL", 1800)
        self.scm_pid = self.rng.choice([636, 652, 668, 680, 704, 728])

    def tid(self):
        return self.rng.randint(300, 9000) // 4 * 4

    # --- Service Control Manager (System) ---
    def scm(self, t, eid, qual, level, data, binary=None, user=None, keywords=0x8080000000000000):
        return self.system.add(Ev(t, "System", "Service Control Manager", eid, level, data, guid=SCM_GUID,
                                  src="Service Control Manager", qual=qual, keywords=keywords, pid=self.scm_pid,
                                  tid=self.tid(), binary=binary, user=user))

    def svc_state(self, t, display, key, state):
        n = {"running": 4, "stopped": 1}[state]
        return self.scm(t, 7036, 16384, 4, [("param1", display), ("param2", state)], binary=u16hex("%s/%d" % (key, n)))

    def svc_start_type(self, t, display, key, old, new):
        return self.scm(t, 7040, 16384, 4, [("param1", display), ("param2", old), ("param3", new), ("param4", key)],
                        user="S-1-5-18")

    def svc_crash(self, t, display, key, count, restart_ms=None):
        if restart_ms is None:
            return self.scm(t, 7034, 49152, 2, [("param1", display), ("param2", str(count))], binary=u16hex(key))
        return self.scm(t, 7031, 49152, 2, [("param1", display), ("param2", str(count)), ("param3", str(restart_ms)),
                                            ("param4", "1"), ("param5", "Restart the service")], binary=u16hex(key))

    def svc_start_failed(self, t, display, key, err):
        return self.scm(t, 7000, 49152, 2, [("param1", display), ("param2", err)], binary=u16hex(key))

    def svc_timeout(self, t, display, key, ms_=30000):
        return self.scm(t, 7009, 49152, 2, [("param1", str(ms_)), ("param2", display)], binary=u16hex(key))

    def svc_specific(self, t, display, key, err):
        return self.scm(t, 7024, 49152, 2, [("param1", display), ("param2", err)], binary=u16hex(key))

    def svc_cycle(self, t, display, key, seconds):
        """a demand-start service that runs, then stops"""
        self.svc_state(t, display, key, "running")
        self.svc_state(t + sec(seconds), display, key, "stopped")

    # --- boot and shutdown (System) ---
    def eventlog(self, t, eid, data=(), binary=None, level=4):
        return self.system.add(Ev(t, "System", "EventLog", eid, level, data, qual=32768, binary=binary))

    def boot(self, t, uptime_after=0):
        """Kernel-General 12, EventLog 6009/6005 as a boot writes them; t = kernel start"""
        o = self.m.os
        self.system.add(Ev(t + ms(88), "System", "Microsoft-Windows-Kernel-General", 12, 4,
                           [("MajorVersion", o["kg"][0]), ("MinorVersion", o["kg"][1]), ("BuildVersion", o["kg"][2]),
                            ("QfeVersion", o["kg"][3]), ("ServiceVersion", "0"), ("BootMode", "0"),
                            ("StartTime", ts_xml(t, 7))],
                           guid="{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}", task=1, keywords=0x8000000000000080,
                           pid=4, tid=8, user="S-1-5-18", keyword_names=("Time",)))
        tv = t + sec(21)
        st = tv.replace(microsecond=0)
        systime = bytes()
        for v in (st.year, st.month, (st.isoweekday() % 7), st.day, st.hour, st.minute, st.second, 0):
            systime += v.to_bytes(2, "little")
        ver = "%s.%02d." % (o["kg"][0], int(o["kg"][1]))
        self.eventlog(st, 6009, [(None, ver), (None, o["build"]), (None, "Service Pack 1" if o["build"] == "7601" else ""),
                                 (None, "Multiprocessor Free"), (None, o["kg"][3])])
        self.eventlog(st, 6005, binary=(systime + bytes(8)).hex().upper())
        return tv

    def dhcp_started(self, t):
        return self.system.add(Ev(t, "System", "Microsoft-Windows-Dhcp-Client", 50036, 4, [],
                                  guid="{15A7A4F8-0072-4EAB-ABAD-F98A4D666AED}", task=4, opcode=68,
                                  keywords=0x2000000000000000, pid=pid4(self.rng, 900, 1400), tid=self.tid(),
                                  user="S-1-5-19", keyword_names=()))

    def time_source(self, t):
        return self.system.add(Ev(t, "System", "Microsoft-Windows-Time-Service", 35, 4,
                                  [("TimeSource", "VM IC Time Synchronization Provider")],
                                  guid="{06EDCFEB-0FD0-4E53-ACCA-A6F8BBF81BCB}", keywords=0x8000000000000000,
                                  pid=pid4(self.rng, 900, 1400), tid=self.tid(), user="S-1-5-19",
                                  keyword_names=(), edname="TMP_EVENT_TIME_SOURCE_CHOSEN"))

    def uptime(self, t, boot_t):
        """EventLog 6013 (daily at noon local)"""
        o = self.m.os
        up = int((t - boot_t).total_seconds())
        tzname = "%d %s" % (-self.m.tz_min, "Coordinated Universal Time" if self.m.tz_min == 0 else "W. Europe Standard Time")
        strings = ["1.1", "0", self.m.os["product"], "%s.%s.%s Build %s  " % (o["kg"][0], o["kg"][1], o["build"], o["build"]),
                   "Multiprocessor Free", "%s.%s" % (o["build"], o["kg"][3]), self.rng.hexs(8), "Not Available",
                   "Not Available", "9", "1", "2048", "409", self.m.host]
        binary = "".join(x + "\0" for x in strings) + "\0"
        return self.eventlog(t, 6013, [(None, ""), (None, ""), (None, ""), (None, ""), (None, str(up)), (None, "60"),
                                       (None, tzname)], binary=binary.encode("utf-16-le").hex().upper())

    def shutdown(self, t, process, user_sid, user_name, reason, code, kind="power off", comment=""):
        """User32 1074, then the shutdown trail: Kernel-Power 109, EventLog 6006, Kernel-General 13"""
        vals = [process, self.m.host, reason, code, kind, comment, user_name]
        if self.m.os_key in ("2008r2", "2012r2"):
            # before Windows 10 the event came from the legacy USER32 source, with unnamed data
            rc = int(code, 16).to_bytes(4, "little") + bytes(36)
            self.system.add(Ev(t, "System", "USER32", 1074, 4, [(None, v) for v in vals], qual=32768,
                               user=user_sid, binary=rc.hex().upper()))
        else:
            self.system.add(Ev(t, "System", "User32", 1074, 4, list(zip(["param%d" % i for i in range(1, 8)], vals)),
                               guid="{b0aa8734-56f7-41cc-b2f4-de228e98b946}", src="User32", qual=32768,
                               keywords=0x8080000000000000, pid=pid4(self.rng, 300, 900), tid=self.tid(), user=user_sid))
        self.system.add(Ev(t + sec(6), "System", "Microsoft-Windows-Kernel-Power", 109, 4,
                           [("ShutdownActionType", "6" if kind == "power off" else "5"), ("ShutdownEventCode", "0"),
                            ("ShutdownReason", "0")],
                           guid="{331C3B3A-2005-44C2-AC5E-77220C37D6B4}", task=103, keywords=0x8000400000000404,
                           pid=4, tid=self.tid(), keyword_names=()))
        self.eventlog((t + sec(9)).replace(microsecond=0), 6006,
                      binary=("01000000" + self.rng.randint(0x10000, 0xfffff).to_bytes(4, "little").hex()).upper())
        t13 = t + sec(11, ) + ms(self.rng.randint(0, 900))
        self.system.add(Ev(t13, "System", "Microsoft-Windows-Kernel-General", 13, 4, [("StopTime", ts_xml(t13, 7))],
                           guid="{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}", task=2, keywords=0x8000000000000080,
                           pid=4, tid=self.tid(), keyword_names=("Time",)))
        return t13

    # --- Windows Update (System) ---
    def wu(self, t, eid, data, opcode, keywords, level=4, task=1, version=1):
        return self.system.add(Ev(t, "System", "Microsoft-Windows-WindowsUpdateClient", eid, level, data,
                                  guid="{945A8954-C147-4ACD-923F-40C45405A658}", version=version, task=task, opcode=opcode,
                                  keywords=keywords, pid=self.rng.choice([1012, 1096, 1180]), tid=self.tid(),
                                  user="S-1-5-18", keyword_names=()))

    def wu_installed(self, t, title, guid, rev):
        d = [("updateTitle", title), ("updateGuid", guid), ("updateRevisionNumber", str(rev))]
        self.wu(t, 43, d, 12, 0x8000000000002004)
        return self.wu(t + sec(self.rng.randint(60, 400)), 19, d, 13, 0x8000000000000018)

    def wu_restart_required(self, t, titles):
        return self.wu(t, 21, [("updatelist", "".join("\n- " + x for x in titles))], 15, 0x8000000000000040, task=2,
                       version=0)

    def wu_restart_scheduled(self, t, minutes, titles):
        return self.wu(t, 22, [("restarttime", str(minutes)), ("updatelist", "".join("\n- " + x for x in titles))],
                       15, 0x8000000000000040, task=2, version=0)

    def wu_failed(self, t, code, title, guid, rev):
        return self.wu(t, 20, [("errorCode", code), ("updateTitle", title), ("updateGuid", guid),
                               ("updateRevisionNumber", str(rev)), ("serviceGuid", "{9482F4B4-E343-43B6-B170-9A65BC822C77}")],
                       13, 0x8000000000000028, level=2)

    def unexpected_shutdown(self, boot_t, last_t):
        """after a boot: Kernel-Power 41 and EventLog 6008 for the crash before it (with the
        LEFT-TO-RIGHT MARKs the real 6008 data carry in its date)"""
        lt = self.m.local(last_t)
        h = lt.hour % 12 or 12
        tstr = "%d:%02d:%02d %s" % (h, lt.minute, lt.second, "AM" if lt.hour < 12 else "PM")
        dstr = "\u200e%d/\u200e%d/\u200e%d" % (lt.month, lt.day, lt.year)
        self.system.add(Ev(boot_t + sec(2), "System", "Microsoft-Windows-Kernel-Power", 41, 1,
                           [("BugcheckCode", "0"), ("BugcheckParameter1", "0x0"), ("BugcheckParameter2", "0x0"),
                            ("BugcheckParameter3", "0x0"), ("BugcheckParameter4", "0x0"), ("SleepInProgress", "0"),
                            ("PowerButtonTimestamp", "0"), ("BootAppStatus", "0"), ("Checkpoint", "0"),
                            ("ConnectedStandbyInProgress", "false"), ("SystemSleepTransitionsToOn", "0"),
                            ("CsEntryScenarioInstanceId", "0"), ("BugcheckInfoFromEFI", "false"),
                            ("CheckpointStatus", "0")],
                           guid="{331C3B3A-2005-44C2-AC5E-77220C37D6B4}", version=8, task=63,
                           keywords=0x8000400000000002, pid=4, tid=8, user="S-1-5-18", keyword_names=()))
        return self.eventlog((boot_t + sec(21)).replace(microsecond=0), 6008,
                             [(None, tstr), (None, dstr), (None, ""), (None, ""),
                              (None, str(self.rng.randint(10000, 99999))), (None, ""), (None, "")], level=2)

    # --- Application log ---
    def app(self, e):
        return self.application.add(e)

    def vss_idle(self, t):
        """VSS 8224, the normal end of every snapshot (benign)"""
        code = "- Code:  CORSVCMC00000862- Call:  CORSVCMC00000839- PID:  %08d- TID:  %08d- CMD:  C:\\Windows\\system32\\vssvc.exe   - User: Name: NT AUTHORITY\\SYSTEM, SID:S-1-5-18" % (
            self.rng.randint(1000, 9000), self.rng.randint(1000, 9000))
        return self.app(Ev(t, "Application", "VSS", 8224, 4, [], qual=0, binary=asciihex(code)))

    def spp_restart(self, t, when):
        return self.app(Ev(t, "Application", "Microsoft-Windows-Security-SPP", 16384, 4,
                           [("param1", iso_z(when)), ("param2", "RulesEngine")],
                           guid="{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}", src="Software Protection Platform Service",
                           qual=16384, pid=0, tid=0))

    def eventsystem_suppress(self, t):
        return self.app(Ev(t, "Application", "Microsoft-Windows-EventSystem", 4625, 4,
                           [("param1", "86400"), ("param2", "SuppressDuplicateDuration"),
                            ("param3", "Software\\Microsoft\\EventSystem\\EventLog")],
                           guid="{899daace-4868-4295-afcd-9eb8fb497561}", src="EventSystem", qual=16384))

    def app_error(self, t, app, app_ver, app_ts, module, module_ver, module_ts, code, offset, pid, start, app_path,
                  module_path, report_id):
        """Application Error 1000: named fields on Windows 11 / Server 2022, unnamed before"""
        vals = [app, app_ver, app_ts, module, module_ver, module_ts, code, offset, "0x%x" % pid, "0x" + filetime_hex(start),
                app_path, module_path, report_id]
        if self.m.os["app_error_named"]:
            names = ["AppName", "AppVersion", "AppTimeStamp", "ModuleName", "ModuleVersion", "ModuleTimeStamp",
                     "ExceptionCode", "FaultingOffset", "ProcessId", "ProcessCreationTime", "AppPath", "ModulePath",
                     "IntegratorReportId", "PackageFullName", "PackageRelativeAppId"]
            vals[8] = "0x%x" % pid
            vals[9] = "0x" + filetime_hex(start)
            data = list(zip(names, vals + ["", ""]))
            # the manifest-based event's data already carry the 0x of its ids
            tpl = TEMPLATES[("Application Error", 1000)].replace("0x%9", "%9").replace("0x%10", "%10")
            return self.app(Ev(t, "Application", "Application Error", 1000, 2, data,
                               guid="{a0e9b465-b939-57d7-b27d-95d8e925ff57}", task=100, keywords=0x8000000000000000,
                               pid=pid4(self.rng, 2000, 9000), tid=self.tid(), task_name="Application Crashing Events",
                               opcode_name="Info", keyword_names=(), msg=render(tpl, [v for _, v in data])))
        vals[8] = "%x" % pid
        vals[9] = filetime_hex(start)
        if self.m.os_key in ("2016", "2019", "win10"):
            vals += ["", ""]
        return self.app(Ev(t, "Application", "Application Error", 1000, 2, [(None, v) for v in vals], qual=0,
                           task=100, task_name="Application Crashing Events"))

    def wer_report(self, t, bucket, p):
        """Windows Error Reporting 1001 after a crash"""
        vals = [bucket, "0", "APPCRASH", "Not available", "0"] + p + [""] * (10 - len(p)) + [
            "", "C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_%s" % p[0][:14], "", "0",
            self.rng.guid(), "268435456", "", "00000000-0000-0000-0000-000000000000"]
        return self.app(Ev(t, "Application", "Windows Error Reporting", 1001, 4, [(None, v) for v in vals], qual=0))

    def dotnet_crash(self, t, text):
        return self.app(Ev(t, "Application", ".NET Runtime", 1026, 2, [(None, text)], qual=0))

    def applocker_event(self, t, eid, level, policy, file_path, full_path, fqbn, user_sid, pid, rule_id=None, rule_name="-",
                  file_hash=""):
        rid = rule_id or "{00000000-0000-0000-0000-000000000000}"
        sddl = "-"
        inner = ("<RuleAndFileData xmlns='http://schemas.microsoft.com/schemas/event/Microsoft.Windows/1.0.0.0'>"
                 "<PolicyNameLength>%d</PolicyNameLength><PolicyName>%s</PolicyName><RuleId>%s</RuleId>"
                 "<RuleNameLength>%d</RuleNameLength><RuleName>%s</RuleName><RuleSddlLength>%d</RuleSddlLength>"
                 "<RuleSddl>%s</RuleSddl><TargetUser>%s</TargetUser><TargetProcessId>%d</TargetProcessId>"
                 "<FilePathLength>%d</FilePathLength><FilePath>%s</FilePath><FileHashLength>%d</FileHashLength>"
                 "<FileHash>%s</FileHash><FqbnLength>%d</FqbnLength><Fqbn>%s</Fqbn><TargetLogonId>0x3e7</TargetLogonId>"
                 "<FullFilePathLength>%d</FullFilePathLength><FullFilePath>%s</FullFilePath></RuleAndFileData>"
                 % (len(policy), policy, rid, len(rule_name), xesc(rule_name, None), len(sddl), sddl, user_sid, pid,
                    len(file_path), xesc(file_path, None), len(file_hash) // 2, file_hash, len(fqbn), xesc(fqbn, None),
                    len(full_path), xesc(full_path, None)))
        e = Ev(t, self.applocker.channel, "Microsoft-Windows-AppLocker", eid, level, [],
               guid="{cbda4dbf-8d5d-4f69-9578-be14aa540d22}", keywords=0x8000000000000000,
               pid=pid4(self.rng, 600, 4000), tid=self.tid(), user=user_sid, userdata=inner, keyword_names=())
        # %11 of the message is FilePath, the 11th field
        e.userdata_values = [str(len(policy)), policy, rid, str(len(rule_name)), rule_name, str(len(sddl)), sddl,
                             user_sid, str(pid), str(len(file_path)), file_path]
        return self.applocker.add(e)


# ----------------------------------------------------------------------------------------------
# Command outputs (English Windows, cmd redirection unless said otherwise)
# ----------------------------------------------------------------------------------------------

def systeminfo(m, boot_t, install_t, dhcp=True):
    o = m.os
    L = []
    L.append("")
    L.append("Host Name:                 %s" % m.host)
    L.append("OS Name:                   %s" % o["name"])
    L.append("OS Version:                %s" % o["version"])
    L.append("OS Manufacturer:           Microsoft Corporation")
    L.append("OS Configuration:          %s" % ("Member Server" if m.domain else "Standalone Server")
             if m.os_key != "win10" else "OS Configuration:          Standalone Workstation")
    L.append("OS Build Type:             Multiprocessor Free")
    L.append("Registered Owner:          %s" % o["owner"])
    L.append("Registered Organization:   N/A")
    L.append("Product ID:                %s" % o["pid"])
    L.append("Original Install Date:     %s" % us_date(m.local(install_t)).replace(" ", ", ", 1))
    L.append("System Boot Time:          %s" % us_date(m.local(boot_t)).replace(" ", ", ", 1))
    L.append("System Manufacturer:       Microsoft Corporation")
    L.append("System Model:              Virtual Machine")
    L.append("System Type:               x64-based PC")
    L.append("Processor(s):              1 Processor(s) Installed.")
    L.append("                           [01]: %s" % o["cpu"])
    L.append("BIOS Version:              %s" % o["bios"])
    L.append("Windows Directory:         C:\\Windows")
    L.append("System Directory:          C:\\Windows\\system32")
    L.append("Boot Device:               %s" % o["boot_dev"])
    L.append("System Locale:             en-us;English (United States)")
    L.append("Input Locale:              en-us;English (United States)")
    L.append("Time Zone:                 %s" % m.tz_label)
    avail = m.mem_mb * 3 // 5
    L.append("Total Physical Memory:     {:,} MB".format(m.mem_mb))
    L.append("Available Physical Memory: {:,} MB".format(avail))
    L.append("Virtual Memory: Max Size:  {:,} MB".format(m.mem_mb + 2432))
    L.append("Virtual Memory: Available: {:,} MB".format(avail + 1990))
    L.append("Virtual Memory: In Use:    {:,} MB".format(m.mem_mb + 2432 - avail - 1990))
    L.append("Page File Location(s):     D:\\pagefile.sys")
    L.append("Domain:                    %s" % (m.domain or "WORKGROUP"))
    L.append("Logon Server:              \\\\%s" % m.host)
    L.append("Hotfix(s):                 %d Hotfix(s) Installed." % len(o["hotfixes"]))
    for i, kb in enumerate(o["hotfixes"]):
        L.append("                           [%02d]: %s" % (i + 1, kb))
    L.append("Network Card(s):           1 NIC(s) Installed.")
    L.append("                           [01]: Microsoft Hyper-V Network Adapter")
    L.append("                                 Connection Name: %s" % m.iface)
    L.append("                                 DHCP Enabled:    %s" % ("Yes" if dhcp else "No"))
    if dhcp:
        L.append("                                 DHCP Server:     %s" % WIRESERVER)
    L.append("                                 IP address(es)")
    L.append("                                 [01]: %s" % m.ip)
    L.append("                                 [02]: %s" % m.ll6)
    L.append("Hyper-V Requirements:      A hypervisor has been detected. Features required for Hyper-V will not be displayed.")
    return "\r\n".join(L) + "\r\n"


def ipconfig_all(m, lease_t=None, dhcp=True, dns=None):
    L = ["", "Windows IP Configuration", ""]
    L.append("   Host Name . . . . . . . . . . . . : %s" % m.host)
    L.append("   Primary Dns Suffix  . . . . . . . : %s" % (m.domain or ""))
    L.append("   Node Type . . . . . . . . . . . . : Hybrid")
    L.append("   IP Routing Enabled. . . . . . . . : No")
    L.append("   WINS Proxy Enabled. . . . . . . . : No")
    L.append("   DNS Suffix Search List. . . . . . : %s" % (m.domain or m.dns_suffix))
    if m.domain and dhcp:
        L.append("                                       %s" % m.dns_suffix)
    L.append("")
    L.append("Ethernet adapter %s:" % m.iface)
    L.append("")
    L.append("   Connection-specific DNS Suffix  . : %s" % (m.dns_suffix if dhcp else ""))
    L.append("   Description . . . . . . . . . . . : Microsoft Hyper-V Network Adapter")
    L.append("   Physical Address. . . . . . . . . : %s" % m.mac)
    L.append("   DHCP Enabled. . . . . . . . . . . : %s" % ("Yes" if dhcp else "No"))
    L.append("   Autoconfiguration Enabled . . . . : Yes")
    L.append("   Link-local IPv6 Address . . . . . : %s%%%d(Preferred) " % (m.ll6, m.if_index))
    L.append("   IPv4 Address. . . . . . . . . . . : %s(Preferred) " % m.ip)
    L.append("   Subnet Mask . . . . . . . . . . . : %s" % m.mask)
    if dhcp:
        L.append("   Lease Obtained. . . . . . . . . . : %s" % long_date(m.local(lease_t)))
        # Azure's DHCP server hands out leases that end in the 22nd century
        L.append("   Lease Expires . . . . . . . . . . : %s" % long_date(m.local(lease_t).replace(year=2160, month=6, day=12)))
    L.append("   Default Gateway . . . . . . . . . : %s" % m.gw)
    if dhcp:
        L.append("   DHCP Server . . . . . . . . . . . : %s" % WIRESERVER)
    L.append("   DHCPv6 IAID . . . . . . . . . . . : %d" % (100663296 + m.if_index * 1048576 + 0x15d))
    L.append("   DHCPv6 Client DUID. . . . . . . . : 00-01-00-01-2D-%s-%s" % (m.rng.hexs(2, True) + "-" + m.rng.hexs(2, True) + "-" + m.rng.hexs(2, True), m.mac))
    dns = dns or [WIRESERVER]
    L.append("   DNS Servers . . . . . . . . . . . : %s" % dns[0])
    for d in dns[1:]:
        L.append("                                       %s" % d)
    L.append("   NetBIOS over Tcpip. . . . . . . . : Enabled")
    return "\r\n".join(L) + "\r\n"


def sc_query(name, state, exit_code=0, display=None):
    st = {"RUNNING": ("4  RUNNING ", "(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)"),
          "STOPPED": ("1  STOPPED ", None)}[state]
    L = ["", "SERVICE_NAME: %s " % name]
    if display:
        L.append("DISPLAY_NAME: %s" % display)
    L.append("        TYPE               : 10  WIN32_OWN_PROCESS  ")
    L.append("        STATE              : %s" % st[0])
    if st[1]:
        L.append("                                %s" % st[1])
    L.append("        WIN32_EXIT_CODE    : %d  (0x%x)" % (exit_code, exit_code))
    L.append("        SERVICE_EXIT_CODE  : 0  (0x0)")
    L.append("        CHECKPOINT         : 0x0")
    L.append("        WAIT_HINT          : 0x0")
    return "\r\n".join(L) + "\r\n"


def sc_qc(name, start, path, display, deps, account, stype="10  WIN32_OWN_PROCESS"):
    L = ["[SC] QueryServiceConfig SUCCESS", "", "SERVICE_NAME: %s" % name,
         "        TYPE               : %s " % stype,
         "        START_TYPE         : %s" % start,
         "        ERROR_CONTROL      : 1   NORMAL",
         "        BINARY_PATH_NAME   : %s" % path,
         "        LOAD_ORDER_GROUP   : ",
         "        TAG                : 0",
         "        DISPLAY_NAME       : %s" % display]
    for i, d in enumerate(deps):
        L.append(("        DEPENDENCIES       : %s" if i == 0 else "                           : %s") % d)
    L.append("        SERVICE_START_NAME : %s" % account)
    return "\r\n".join(L) + "\r\n"


# Writer ids are fixed per writer (the instance ids change at each start of the writer).
VSS_WRITERS = [
    ("Task Scheduler Writer", "{d61d61c8-d73a-4eee-8cdd-f6f9786b7124}"),
    ("VSS Metadata Store Writer", "{75dfb225-e2e4-4d39-9ac9-ffaff65ddf06}"),
    ("Performance Counters Writer", "{0bada1de-01a9-4625-8278-69e735f39dd2}"),
    ("SqlServerWriter", "{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}"),
    ("System Writer", "{e8132975-6f93-4464-a53e-1050253ae220}"),
    ("ASR Writer", "{be000cbe-11fe-4426-9c58-531aa6355fc4}"),
    ("Registry Writer", "{afbab4a2-367d-4d15-a586-71dbb18f8485}"),
    ("COM+ REGDB Writer", "{542da469-d3e1-473c-9f4f-7847f01fc64f}"),
    ("WMI Writer", "{a6ad56c2-b509-4e6c-bb19-49d8f43532f0}"),
    ("Shadow Copy Optimization Writer", "{4dc3bdd4-ab48-4d07-adb0-3bee2926fd7f}"),
]


def vssadmin_writers(rng, failed):
    """vssadmin list writers; failed: {writer name: (state, last error)}"""
    L = ["vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool",
         "(C) Copyright 2001-2013 Microsoft Corp.", ""]
    for name, wid in VSS_WRITERS:
        state, err = failed.get(name, ("[1] Stable", "No error"))
        L.append("Writer name: '%s'" % name)
        L.append("   Writer Id: %s" % wid)
        L.append("   Writer Instance Id: {%s}" % rng.guid())
        L.append("   State: %s" % state)
        L.append("   Last error: %s" % err)
        L.append("")
    return "\r\n".join(L) + "\r\n"


# ----------------------------------------------------------------------------------------------
# Extensions: C:\Packages\Plugins\<ext>\<ver>\ and C:\WindowsAzure\Logs\Plugins\<ext>\<ver>\
# ----------------------------------------------------------------------------------------------

class Ext(object):
    def __init__(self, name, version, seq):
        self.name = name
        self.version = version
        self.seq = seq
        self.status = None          # (status, code, message) of the last report, for aggregatestatus
        self.handler = ("Ready", 0, "Plugin enabled")

    def pkg(self):
        return "Packages/Plugins/%s/%s/" % (self.name, self.version)

    def logdir(self):
        return "WindowsAzure/Logs/Plugins/%s/%s/" % (self.name, self.version)


def winpath(p):
    return "C:\\" + p.rstrip("/").replace("/", "\\")


def handler_environment(b, ext):
    return json.dumps([{"name": ext.name, "seqNo": str(ext.seq), "version": 1.0, "handlerEnvironment": {
        "logFolder": winpath(ext.logdir()), "configFolder": winpath(ext.pkg() + "RuntimeSettings"),
        "statusFolder": winpath(ext.pkg() + "Status"), "heartbeatFile": winpath(ext.pkg() + "Status/HeartBeat.Json"),
        "deploymentid": b.m.deployment_id, "rolename": "_" + b.m.host.lower(), "instance": "_" + b.m.host.lower(),
        "hostResolverAddress": None, "eventsFolder": winpath(ext.logdir() + "Events")}}])


HANDLER_MANIFESTS = {
    SNAP: {"installCommand": "IaaSBcdrInstaller.exe install", "uninstallCommand": "IaaSBcdrInstaller.exe uninstall",
           "updateCommand": "IaaSBcdrInstaller.exe update", "enableCommand": "IaaSBcdrExtension.exe enable",
           "disableCommand": "IaaSBcdrExtension.exe disable", "rebootAfterInstall": False, "reportHeartbeat": False},
    CSE: {"installCommand": "bin\\CustomScriptHandler.exe -install", "uninstallCommand": "bin\\CustomScriptHandler.exe -uninstall",
          "updateCommand": "bin\\CustomScriptHandler.exe -update", "enableCommand": "bin\\CustomScriptHandler.exe -enable",
          "disableCommand": "bin\\CustomScriptHandler.exe -disable", "rebootAfterInstall": False, "reportHeartbeat": False},
    BGINFO: {"installCommand": "install.cmd", "uninstallCommand": "uninstall.cmd", "updateCommand": "update.cmd",
             "enableCommand": "enable.cmd", "disableCommand": "disable.cmd", "rebootAfterInstall": False,
             "reportHeartbeat": False},
}


def write_extension(b, ext, settings_public, protected=True, status=None, status_time=None, keep_status=()):
    """
    The package directory of an extension: HandlerManifest.json, HandlerEnvironment.json,
    RuntimeSettings/<seq>.settings, Status/<seq>.status (and older ones), SeqNumber.txt for
    VMSnapshot.  status: the JSON array the handler wrote, or None.
    """
    d = b.disk(ext.pkg())
    if ext.name in HANDLER_MANIFESTS:
        b.put(d + "HandlerManifest.json", json.dumps([{"version": 1.0, "handlerManifest": HANDLER_MANIFESTS[ext.name]}],
                                                     indent=2).replace("\n", "\r\n"))
    b.put(d + "HandlerEnvironment.json", handler_environment(b, ext))
    hs = {"publicSettings": settings_public}
    if protected:
        hs = {"protectedSettingsCertThumbprint": b.m.cert_thumbprint, "protectedSettings": FAKE_PROTECTED,
              "publicSettings": settings_public}
    b.put(d + "RuntimeSettings/%d.settings" % ext.seq, json.dumps({"runtimeSettings": [{"handlerSettings": hs}]}))
    for seq, body in keep_status:
        b.put(d + "Status/%d.status" % seq, body)
    if status is not None:
        b.put(d + "Status/%d.status" % ext.seq, json.dumps(status))
    if ext.name == SNAP:
        b.put(d + "SeqNumber.txt", "%d" % ext.seq)


def ext_status(name, op, status, code, message, t, substatus=None, extra=None):
    st = {"name": name, "operation": op, "status": status, "code": code,
          "formattedMessage": {"lang": "en-US", "message": message}}
    if substatus is not None:
        st["substatus"] = substatus
    if extra:
        st.update(extra)
    return [{"version": "1.0", "timestampUTC": iso_z(t), "status": st}]


def snap_settings(b, t, task_id, storage=True):
    """VMSnapshot's public settings (keys named in azure-docs vmsnapshot-windows.md)"""
    pub = {"locale": "en-us", "taskId": task_id, "commandStartTimeUTCTicks": str(ticks(t)), "vmType": "microsoft.compute/virtualmachines"}
    if storage:
        pub["statusBlobUri"] = "https://%s.blob.core.windows.net/%s/%s.status?sv=2018-03-28&sr=b&sig=%s&se=%s&sp=rw" % (
            b.m.storage_md, b.m.disk_blobs[3], task_id, FAKE_SIG, (t + hours(8)).strftime("%Y-%m-%dT%H%%3A%M%%3A%SZ"))
    return pub


def snap_status(b, t, task_id, start_t, status, code, message, consistency="ApplicationConsistent", disks=2, extra=None):
    """VMSnapshot's Status/<seq>.status: invented shape (no public Windows sample), flat, with the
    fields the Linux handler reports (taskId, commandStartTimeUTCTicks, snapshotInfo)."""
    snaps = []
    for i in range(disks):
        ok = status == "success"
        blob = "https://%s.blob.core.windows.net/%s/abcd" % (b.m.storage_md, b.m.disk_blobs[i])
        snaps.append({"isSuccessful": "true" if ok else "false",
                      "snapshotUri": ("%s?snapshot=%s" % (blob, (t - sec(20 - i)).strftime("%Y-%m-%dT%H:%M:%S.%f0Z"))) if ok else None,
                      "errorMessage": "" if ok else message,
                      "blobUri": blob})
    ex = {"taskId": task_id, "commandStartTimeUTCTicks": str(ticks(start_t)), "snapshotInfo": snaps,
          "consistencyType": consistency if status == "success" else "None"}
    if extra:
        ex.update(extra)
    return ext_status(SNAP, "Enable", status, code, message, t, extra=ex)


def aggregate_status(b, t, ga_version, exts, ga_status="Ready", ga_msg="GuestAgent is running and processing the extensions.",
                     inc=1):
    handlers = []
    for e in exts:
        hstat, hcode, hmsg = e.handler
        h = {"handlerName": e.name, "handlerVersion": e.version, "status": hstat, "code": hcode,
             "formattedMessage": {"lang": "en-US", "message": hmsg}}
        if e.status is not None:
            st, code, msg, when, op = e.status
            h["runtimeSettingsStatus"] = {"settingsStatus": {"status": {"name": e.name, "operation": op, "status": st,
                                                                        "code": code, "formattedMessage": {"lang": "en-US", "message": msg}},
                                                             "timestampUTC": iso_z(when)},
                                          "sequenceNumber": e.seq}
        handlers.append(h)
    return json.dumps({"version": "1.1", "timestampUTC": iso_z(t),
                       "aggregateStatus": {"guestAgentStatus": {"version": ga_version, "status": ga_status,
                                                                "formattedMessage": {"lang": "en-US", "message": ga_msg}},
                                           "handlerAggregateStatus": handlers,
                                           "vmArtifactsAggregateStatus": {"goalStateAggregateStatus": {
                                               "formattedMessage": {"lang": "en-US", "message": "GoalState executed successfully"},
                                               "timestampUTC": iso_z(t), "inSvdSeqNo": str(inc), "status": "Success", "code": 0}}},
                       "guestOSInfo": {"computerName": b.m.host, "osName": b.m.os["product"], "osVersion": b.m.os["nt"]},
                       "supportedFeatures": [{"Key": "MultipleExtensionsPerHandler", "Value": "1.0"},
                                             {"Key": "VersioningGovernance", "Value": "1.0"},
                                             {"Key": "FastTrack", "Value": "1.0"}]})


# ----------------------------------------------------------------------------------------------
# Disk Inspect: results.txt, diskinfo.txt, registry.json (GuestFishWrapper.py)
# ----------------------------------------------------------------------------------------------

# The operations of the run: a trimmed composition of the 'diagnostic' manifest of
# Azure/azure-diskinspect-service (an older revision that still copied Status/*.status and
# IaaSBcdrExtension*.log) with 'reg' operations as in its 'rdp-registry' manifest.
DI_MANIFEST = [
    "echo,### EXPERIMENTAL FEATURE ###",
    "echo,### Event Logs ###",
    "copy,/Windows/System32/winevt/Logs/System.evtx",
    "copy,/Windows/System32/winevt/Logs/Application.evtx",
    "copy,/Windows/System32/winevt/Logs/Windows Azure.evtx",
    "copy,/Windows/System32/winevt/Logs/Microsoft-Windows-AppLocker%4EXE and DLL.evtx",
    "echo,### Provisioning ###",
    "copy,/Windows/Panther/WaSetup.xml",
    "copy,/Windows/Panther/VmAgentInstaller.xml",
    "echo,### Guest Agent ###",
    "ll,/WindowsAzure",
    "ll,/Packages/Plugins",
    "copy,/WindowsAzure/Logs/Telemetry.log",
    "copy,/WindowsAzure/Logs/TransparentInstaller.log",
    "copy,/WindowsAzure/Logs/WaAppAgent.log",
    "copy,/WindowsAzure/Logs/AggregateStatus/aggregatestatus*.json",
    "copy,/WindowsAzure/Logs/AppAgentRuntime.log",
    "copy,/WindowsAzure/Logs/Plugins/*/*/CommandExecution.log",
    "copy,/Packages/Plugins/*/*/HandlerEnvironment.json",
    "copy,/Packages/Plugins/*/*/HandlerManifest.json",
    "copy,/Packages/Plugins/*/*/RuntimeSettings/*.settings",
    "copy,/Packages/Plugins/*/*/Status/*.status",
    "copy,/Packages/Plugins/*/*/Status/HeartBeat.Json",
    "copy,/WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/*/IaaSBcdrExtension*.log",
    "copy,/Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/*/SeqNumber.txt",
    "copy,/WindowsAzure/Logs/Plugins/Microsoft.Compute.CustomScriptExtension/*/*.log",
    "echo,### Registry ###",
    "reg,HKLM\\SYSTEM\\CurrentControlSet\\Services\\Dhcp\\Start",
    "reg,HKLM\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent\\Start",
    "reg,HKLM\\SYSTEM\\CurrentControlSet\\Services\\RdAgent\\Start",
    "reg,HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProductName",
    "reg,HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\BuildLabEx",
    "reg,HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState",
    "reg,HKLM\\SOFTWARE\\Microsoft\\GuestAgent\\ManifestTimeStamp",
    "reg,HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\\WinHttpSettings",
    "reg,HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules\\{5B0C1D6E-7A2F-4E38-9C61-0D2E4F8A9B17}",
    "echo,### Gathering Disk Info ###",
    "diskinfo,",
]


def glob_match(pattern, path):
    """the manifest's globs ('*' within one path segment), case-insensitive like the service's lookup"""
    import fnmatch
    ps, fs = pattern.strip("/").lower().split("/"), path.strip("/").lower().split("/")
    return len(ps) == len(fs) and all(fnmatch.fnmatchcase(f, p) for p, f in zip(ps, fs))


# Entries of C:\WindowsAzure that a disk has but the samples do not copy.
WINDOWSAZURE_DIRS = ["CollectGuestLogsTemp", "config", "Packages", "SecAgent", "TransparentInstaller"]


def ll_listing(b, directory, t):
    """guestfish ll of a directory of the disk: the entries the bundle has there"""
    prefix = "device_0" + directory.rstrip("/") + "/"
    names = set()
    if directory.rstrip("/") == "/WindowsAzure":
        names.update((n, True) for n in WINDOWSAZURE_DIRS + getattr(b, "ga_dirs", []))
    for p in b.files:
        if p.startswith(prefix):
            rest = p[len(prefix):]
            names.add((rest.split("/")[0], "/" in rest))
    stamp = b.m.local(t).strftime("%b %d %H:%M")
    L = ["drwxrwxrwx  1 root root      4096 %s ." % stamp, "drwxrwxrwx  1 root root      8192 %s .." % stamp]
    for name, is_dir in sorted(names):
        if is_dir:
            L.append("drwxrwxrwx  1 root root      4096 %s %s" % (stamp, name))
        else:
            size = len(b.files[prefix + name])
            L.append("-rwxrwxrwx  1 root root %9d %s %s" % (size, stamp, name))
    return L


def write_diskinspect(b, t, registry, disk_gb=127, used_gb=41):
    """results.txt (the operation log), diskinfo.txt and registry.json of a Disk Inspect run at t (UTC)"""
    rng = b.rng
    clock = [t]

    def hms(extra=0):
        clock[0] = clock[0] + ms(extra)
        return clock[0].strftime("%H:%M:%S")

    R = []
    R.append("Execution start time: %s.\r\n" % hms())
    R.append("========== Request Info ==========")
    R.append("Storage Acct: md-impexp-%s.z%d.blob.storage.azure.net" % (rng.hexs(12), rng.randint(10, 50)))
    R.append("Container/Vhd: /%s/abcd" % rng.hexs(12))
    R.append("Manifest requested: diagnostic")
    R.append("Inspect service Operational ID: %s" % rng.guid())
    R.append("Guestfish version: 1.40.2")
    R.append("========== End Request Info ==========\r\n")
    uuid1, uuid2 = rng.hexs(16, True), rng.hexs(16, True)
    R.append("Filesystem Status:\r\n/dev/sda1: ntfs [uuid=%s]\r\n/dev/sda2: ntfs [uuid=%s]" % (uuid1, uuid2))
    R.append("Inspection Status:\r\n/dev/sda2")
    R.append("Inspection Metadata for /dev/sda2")
    R.append("Type: windows")
    R.append("Distribution: windows")
    R.append("Product Name: %s" % b.m.os["product"])
    R.append("Mount Points:\r\n/: /dev/sda2")
    R.append("Mounting /dev/sda2 on / SUCCEEDED.")
    R.append("\r\n")
    R.append("Using manifest: diagnostic  [windows]")
    disk_files = sorted(p[len("device_0"):] for p in b.files if p.startswith("device_0/"))
    n = len(DI_MANIFEST)
    step_ms = 700
    for i, op in enumerate(DI_MANIFEST):
        R.append("%s  Executing Operation [%d/%d]: %s" % (hms(step_ms), i + 1, n, op))
        kind, arg = op.split(",", 1)
        if kind == "echo":
            R.append(arg)
        elif kind == "ll":
            R.append("%s  Listing contents of %s:" % (hms(300), arg))
            R.extend(ll_listing(b, arg, t))
        elif kind == "copy":
            hits = [f for f in disk_files if glob_match(arg, f)]
            if not hits:
                R.append("Copying %s FAILED as no files were located." % arg)
            for j, f in enumerate(hits):
                dur = max(0, len(b.files["device_0" + f]) // 400000)
                R.append("%s  Copying Step [%d.%d] File: %s SUCCEEDED.  [Operation duration: %d seconds]"
                         % (hms(200 + 1000 * dur), i + 1, j + 1, f, dur))
        elif kind == "reg":
            if arg not in registry:
                R.append("%s could not be read" % arg)
        elif kind == "diskinfo":
            R.append("%s  DiskInfo gathered and written to diskinfo.txt. [Operation duration: 1 seconds]" % hms(1300))
    end = clock[0] + sec(2)
    R.append("Execution end time: %s  [Execution duration: %d seconds]\r\n"
             % (end.strftime("%H:%M:%S"), int((end - t).total_seconds())))
    b.put("results.txt", "".join(x + "\r\n" for x in R))

    # registry.json: '{', one '"path": "value"' line per value read (later ones prefixed with
    # a comma), '}' written through a newline="\r\n" file, hence its "\r\r\n".
    reg = []
    for op in DI_MANIFEST:
        kind, arg = op.split(",", 1)
        if kind == "reg" and arg in registry:
            line = '"%s": "%s"' % (arg.replace("\\", "\\\\"), registry[arg].replace("\\", "\\\\"))
            reg.append(("," if reg else "") + line)
    b.put("registry.json", "{\r\n" + "".join(x + "\r\n" for x in reg) + "}\r\r\n")

    # diskinfo.txt: written through a newline="\r\n" file, so every "\r\n" became "\r\r\n".
    total_k = disk_gb * 1024 * 1024
    used_k = used_gb * 1024 * 1024 + rng.randint(0, 999999)
    D = ["Windows drive letter mappings:", "C: /dev/sda2",
         "Filesystem                 1K-blocks      Used Available Use% Mounted on",
         "/dev/root                    4062912   1721640   2324888  43% /",
         "/dev/sda2                  %9d %9d %9d  %d%% /sysroot" % (total_k, used_k, total_k - used_k, used_k * 100 // total_k),
         "", "For decoder ring for data below see: http://man.he.net/man2/statvfs ", "",
         "[Device: /dev/sda2, mountpoint: / ]",
         "bsize: 4096", "frsize: 4096", "blocks: %d" % (total_k // 4), "bfree: %d" % ((total_k - used_k) // 4),
         "bavail: %d" % ((total_k - used_k) // 4), "files: %d" % (total_k // 4 // 8), "ffree: %d" % (total_k // 4 // 8 - 412345),
         "favail: %d" % (total_k // 4 // 8 - 412345), "fsid: %d" % rng.randint(10 ** 17, 10 ** 18), "flag: 4096",
         "namemax: 255"]
    b.put("diskinfo.txt", "".join(x + "\r\r\n" for x in D))


# ----------------------------------------------------------------------------------------------
# The guest agent and the backup extension at work
# ----------------------------------------------------------------------------------------------

class Agent(object):
    """
    WaAppAgent.log, Telemetry.log, TransparentInstaller.log of one VM.  Verbatim message
    shapes (research §1.3): "WindowsAzureGuestAgent starting. Version <v>", "Attempting to
    discover fabric address on interface <if>.", "StateExecutor initialization completed.",
    "[HEART] WindowsAzureGuestAgent Heartbeat.", "Beginning enable of plugin <ext>.",
    "CreateJobObject: Creating job object with a name of <ext>", "<ext>: Extension CpuQuota is
    not set", "Waiting for OOBE to Complete ...".  Other lines are plausible filler.
    """

    def __init__(self, b, version, style):
        self.b = b
        self.m = b.m
        self.version = version
        self.style = style
        self.log = WaLog(b.m, style)
        self.tel = WaLog(b.m, style)
        self.ti = WaLog(b.m, style)
        self.rng = b.rng
        self.modern = style == "isoms"
        self.inc = self.rng.randint(3, 40)

    def thr(self):
        return self.rng.choice([5, 9, 13, 17, 21, 24, 31, 36, 44, 58, 71, 86])

    def start(self, t, oobe=False, iface=None, ti=True, discover=True):
        """the service start: t is when WindowsAzureGuestAgent.exe starts"""
        iface = iface or self.m.iface
        L = self.log
        L.w(t, 4, "INFO", "WindowsAzureGuestAgent starting. Version %s" % self.version)
        L.w(t + ms(40), 4, "INFO", "OS version: %s, OS name: %s" % (self.m.os["nt"], self.m.os["product"]))
        if oobe:
            for k in range(3):
                L.w(t + sec(18 + 60 * k), 4, "WARN", "Waiting for OOBE to Complete ...")
            t = t + sec(200)
        L.w(t + ms(610), 4, "INFO", "Attempting to discover fabric address on interface %s." % iface)
        if not discover:
            return t + ms(610)
        L.w(t + ms(660), 4, "INFO", "Discovered fabric address %s on interface %s." % (WIRESERVER, iface))
        L.w(t + ms(1900), 4, "INFO", "Initializing ControlSystem.")
        L.w(t + ms(3100), 4, "INFO", "Goal state retrieved, incarnation %d." % self.inc)
        L.w(t + ms(3300), 4, "INFO", "StateExecutor initialization completed.")
        L.w(t + ms(3310), 20, "HEART", "WindowsAzureGuestAgent Heartbeat.")
        if ti:
            self.ti.w(t - sec(9), 1, "INFO", "Transparent installer starting. Current GuestAgent version: %s" % self.version)
            self.ti.w(t - sec(8), 1, "INFO", "No newer GuestAgent package is available.")
        self.tel.w(t + sec(5), 5, "INFO", "Telemetry pipeline initialized.")
        return t + ms(3310)

    def stopping(self, t):
        self.log.w(t, 4, "INFO", "WindowsAzureGuestAgent stopping.")
        self.log.w(t + ms(900), 4, "INFO", "WindowsAzureGuestAgent stopped.")

    def heartbeats(self, start, end, period=300, skip=()):
        """a [HEART] every period seconds in [start, end), and an hourly telemetry line"""
        t = start
        n = 0
        while t < end:
            if not any(a <= t < z for a, z in skip):
                self.log.w(t, self.thr(), "HEART", "WindowsAzureGuestAgent Heartbeat.")
                if n % 12 == 0:
                    self.tel.w(t + ms(self.rng.randint(100, 900)), self.thr(), "INFO",
                               "Sent %d telemetry events." % self.rng.randint(3, 40))
            n += 1
            t = t + sec(period) + ms(self.rng.randint(-40, 40))

    def goal_state(self, t):
        self.inc += 1
        self.log.w(t, 6, "INFO", "Goal state changed, incarnation %d." % self.inc)
        return t

    def enable(self, t, ext, ok=True):
        L = self.log
        L.w(t, 6, "INFO", "Beginning enable of plugin %s." % ext.name)
        if self.modern:
            L.w(t + ms(2), 6, "INFO", "CreateJobObject: Creating job object with a name of %s" % ext.name)
            L.w(t + ms(3), 6, "INFO", "%s: Extension CpuQuota is not set" % ext.name)
        if ok:
            L.w(t + ms(480), 6, "INFO", "Successfully enabled plugin %s." % ext.name)
        return t + ms(480)

    def write(self, enc="utf-8", telemetry=True, transparent=True):
        d = self.b.disk("WindowsAzure/Logs/")
        self.b.put_text(d + "WaAppAgent.log", self.log.render(), enc=enc)
        if telemetry and self.tel.recs:
            self.b.put_text(d + "Telemetry.log", self.tel.render())
        if transparent and self.ti.recs:
            self.b.put_text(d + "TransparentInstaller.log", self.ti.render())


class Snapshot(object):
    """The VMSnapshot extension of a VM: its package files and its IaaSBcdrExtension log (invented lines)."""

    def __init__(self, b, agent, version="1.0.104.0", seq=20):
        self.b = b
        self.a = agent
        self.rng = b.rng
        self.ext = Ext(SNAP, version, seq)
        self.logs = [BcdrLog()]
        self.status = None
        self.old_status = []
        self.settings_t = None
        self.task_id = None
        self.disks = 2

    def bl(self):
        return self.logs[-1]

    def new_log_file(self):
        self.logs.append(BcdrLog())

    def next_seq(self, t):
        """a new request of the platform (new sequence number, task, settings)"""
        if self.status is not None:
            self.old_status.append((self.ext.seq, json.dumps(self.status)))
            self.old_status = self.old_status[-2:]
            self.status = None
        self.ext.seq += 1
        self.task_id = self.rng.guid()
        self.settings_t = t - sec(self.rng.randint(20, 50))

    def begin(self, t, ev=None):
        """the platform asks for a snapshot: new sequence number, agent enables the plugin"""
        self.next_seq(t)
        self.a.goal_state(t)
        t1 = self.a.enable(t + ms(300), self.ext)
        L = self.bl()
        t2 = t1 + ms(700)
        L.w(t2, "Info", "========== IaaSBcdrExtension %s started. Operation: Enable, SequenceNumber: %d =========="
            % (self.ext.version, self.ext.seq))
        L.w(t2 + ms(30), "Info", "Reading settings from %s" % winpath(self.ext.pkg() + "RuntimeSettings/%d.settings" % self.ext.seq))
        L.w(t2 + ms(60), "Info", "TaskId: %s, CommandStartTimeUTCTicks: %d" % (self.task_id, ticks(self.settings_t)))
        return t2 + ms(60)

    def vss_ok(self, t, ev=None, writers=10):
        L = self.bl()
        L.w(t, "Info", "Taking an application consistent snapshot (VSS copy backup).")
        L.w(t + ms(2400), "Info", "VSS: GatherWriterMetadata completed, %d writers, all in stable state." % writers, thread=14)
        sid = self.rng.guid()
        L.w(t + ms(9100), "Info", "VSS: shadow copy set {%s} created." % sid, thread=14)
        if ev is not None:
            ev.svc_state(t + ms(300), "Volume Shadow Copy", "VSS", "running")
            ev.svc_state(t + ms(900), "Microsoft Software Shadow Copy provider", "swprv", "running")
        return t + ms(9100)

    def succeed(self, t, ev=None, took=35):
        disks = self.disks
        t0 = self.vss_ok(t, ev)
        L = self.bl()
        L.w(t0 + ms(400), "Info", "Snapshot requested for %d disk(s)." % disks)
        t1 = t0 + sec(took)
        L.w(t1, "Info", "Snapshot completed for %d disk(s)." % disks)
        L.w(t1 + ms(600), "Info", "Status uploaded to the status blob.")
        L.w(t1 + ms(650), "Info", "Enable completed: success, consistency ApplicationConsistent. Exit code 0.")
        self.status = snap_status(self.b, t1 + ms(600), self.task_id, self.settings_t, "success", 0,
                                  "Snapshot taken successfully. Consistency: ApplicationConsistent.", disks=disks)
        self.ext.status = ("success", 0, "Snapshot taken successfully. Consistency: ApplicationConsistent.", t1 + ms(600), "Enable")
        if ev is not None:
            # VSS stops after its idle timeout
            ev.vss_idle(t1 + sec(180))
            ev.svc_state(t1 + sec(180) + ms(40), "Volume Shadow Copy", "VSS", "stopped")
            ev.svc_state(t1 + sec(181), "Microsoft Software Shadow Copy provider", "swprv", "stopped")
        return t1 + ms(650)

    def fail(self, t, code, message, status_extra=None):
        self.status = snap_status(self.b, t, self.task_id, self.settings_t, "error", code, message, disks=self.disks,
                                  extra=status_extra)
        self.ext.status = ("error", code, message, t, "Enable")

    def write(self, status=True, public=None, protected=True):
        b = self.b
        pub = public if public is not None else snap_settings(b, self.settings_t or dt("2024-01-01 00:00:00"),
                                                            self.task_id or self.rng.guid())
        write_extension(b, self.ext, pub, protected=protected, status=self.status if status else None,
                        keep_status=self.old_status if status else ())
        d = b.disk(self.ext.logdir())
        for i, L in enumerate(self.logs):
            if L.recs:
                b.put_text(d + "IaaSBcdrExtension%d.log" % (i + 1), L.render())
        b.put_text(d + "CommandExecution.log", self.command_log())

    def command_log(self):
        """CommandExecution.log of the plugin (written by the agent; plausible filler)"""
        out = WaLog(self.b.m, self.a.style)
        for t, _, text in sorted(self.a.log.recs):
            if ("plugin %s." % SNAP) in text and "Beginning enable" in text:
                out.w(t + ms(5), 6, "INFO", "Executing command: %s enable" % winpath(self.ext.pkg() + "IaaSBcdrExtension.exe"))
        return out.render()


def bgi_ext(b, seq=0):
    """BGInfo, a common and harmless extension of Windows images"""
    e = Ext(BGINFO, "2.2.5", seq)
    e.status = ("success", 0, "BGInfo enabled", None, "Enable")
    return e


def write_simple_ext(b, e, t, message="Enable succeeded"):
    st = ext_status(e.name, "Enable", "success", 0, message, t)
    e.status = ("success", 0, message, t, "Enable")
    write_extension(b, e, {}, protected=False, status=st)
    b.put(b.disk(e.pkg() + "Status/HeartBeat.Json"),
          json.dumps([{"version": 1.0, "heartbeat": {"status": "ready", "code": 0,
                                                    "formattedMessage": {"lang": "en-US", "message": "Enable succeeded"}}}]))


# ----------------------------------------------------------------------------------------------
# The real event logs
# ----------------------------------------------------------------------------------------------

_REAL_CACHE = {}


def load_real_evtx():
    """Reads the real .evtx files (corpus first, then the previous copies), checks their digests."""
    dirs = []
    if os.environ.get("VMTRIAGE_WIN_EVTX"):
        dirs.append(os.environ["VMTRIAGE_WIN_EVTX"])
    dirs.append(os.path.normpath(os.path.join(SAMPLES, "..", "..", "shared", "corpus", "windows", "evtx")))
    for name, digest in REAL_EVTX.items():
        cands = [os.path.join(d, name) for d in dirs] + [os.path.join(OUT_ROOT, REAL_EVTX_DEST[name])]
        for c in cands:
            if os.path.isfile(c):
                with open(c, "rb") as f:
                    data = f.read()
                if hashlib.sha256(data).hexdigest() == digest:
                    _REAL_CACHE[name] = data
                    break
        if name not in _REAL_CACHE:
            sys.exit("mkwindows.py: %s not found (looked in %s)" % (name, ", ".join(cands)))


def real_evtx(name):
    return _REAL_CACHE[name]


# ----------------------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------------------

def rng_for(name):
    return Rng(zlib.crc32(name.encode("utf-8")))


def case_healthy_2019():
    """
    Disk Inspect of a Windows Server 2019 jump host, three good daily backups.  Its System.evtx
    is the real EVTX-to-MITRE-Attack sample: the log was cleared at 2021-04-21 09:27:51 UTC and
    PsExec ran at 09:27:56 (PSEXESVC installed, running, stopped); the disk was inspected at
    09:31.  The agent, 2.7.41491.1010, the minimum supported version, had just updated itself.
    """
    name = "win-healthy-2019"
    m = Machine(rng_for(name), "jump01.offsec.lan", "2019", "10.10.1.4", domain="offsec.lan")
    b = Bundle(name, "diskinspect", m)
    a = Agent(b, "2.7.41491.1010", "iso")
    snap = Snapshot(b, a, version="1.0.70.0", seq=37)
    bgi = bgi_ext(b)
    t0 = dt("2021-04-18 06:00:52.310")
    # the auto-update: the old agent stops, the new one starts
    a.ti.w(t0 - sec(95), 1, "INFO", "Transparent installer starting. Current GuestAgent version: 2.7.41491.1009")
    a.ti.w(t0 - sec(94), 1, "INFO", "A newer GuestAgent package is available: 2.7.41491.1010")
    a.ti.w(t0 - sec(60), 1, "INFO", "Downloaded GuestAgent package 2.7.41491.1010.")
    a.ti.w(t0 - sec(2), 1, "INFO", "Installed GuestAgent package 2.7.41491.1010, restarting the agent service.")
    a.stopping(t0)
    b.ga_dirs = ["GuestAgent_2.7.41491.1009_2021-03-31_225518", "GuestAgent_2.7.41491.1010_2021-04-18_060050"]
    t = a.start(t0 + sec(4), ti=False)
    end = dt("2021-04-21 09:29:41.520")
    a.heartbeats(t + sec(300), end)
    for day in ("2021-04-18", "2021-04-19", "2021-04-20"):
        tb = dt(day + " 21:30:00") + sec(m.rng.randint(20, 200))
        tt = snap.begin(tb)
        snap.succeed(tt + ms(300))
    write_simple_ext(b, bgi, t + sec(40), "BGInfo enabled")
    a.write()
    snap.write()
    b.put(b.disk("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json"),
          aggregate_status(b, end - sec(8), a.version, [bgi, snap.ext], inc=a.inc))
    b.put(b.disk("Windows/System32/winevt/Logs/System.evtx"),
          real_evtx("EVTX-to-MITRE-Attack__ID7045-7036_PSexec_service_installation.evtx"))
    write_diskinspect(b, dt("2021-04-21 09:31:02"), {
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Dhcp\\Start": "0x2",
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent\\Start": "0x2",
        "HKLM\\SYSTEM\\CurrentControlSet\\Services\\RdAgent\\Start": "0x2",
        "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProductName": "Windows Server 2019 Datacenter",
        "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\BuildLabEx": "17763.1.amd64fre.rs5_release.180914-1434",
        "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState": "IMAGE_STATE_COMPLETE",
    })
    return b


GA = ("Windows Azure Guest Agent", "WindowsAzureGuestAgent")
RDA = ("RdAgent", "RdAgent")


def boot_events(ev, t, agent=True, dhcp=True, extra=()):
    """the System events of a boot at t (kernel start); returns the time the services are up"""
    tk = ev.boot(t)
    if dhcp:
        ev.dhcp_started(tk + ms(420))
    ev.time_source(tk + sec(16))
    k = 3
    for disp, key in ((RDA, GA) if agent else ()) + tuple(extra):
        ev.svc_state(tk + sec(k) + ms(ev.rng.randint(0, 900)), disp, key, "running")
        k += 2
    return tk + sec(k)


def daily_noise(ev, day, boot_t, wu_day=False, after=None, before=None):
    """what a quiet day adds: uptime at noon, Windows Update/Modules Installer cycles, BITS, SPP"""
    r = ev.rng
    after = after or boot_t
    ok = lambda t: t > after and (before is None or t < before)
    noon = day.replace(hour=12, minute=0, second=0, microsecond=0) - mins(ev.m.tz_min)
    if ok(noon):
        ev.uptime(noon, boot_t)
    t = day.replace(hour=r.randint(1, 5), minute=r.randint(0, 59), second=r.randint(0, 59), microsecond=r.randint(0, 999999))
    n1, n2 = r.randint(300, 900), r.randint(120, 600)
    if ok(t) and ok(t + sec(n1 + 60)):
        ev.svc_cycle(t, "Windows Update", "wuauserv", n1)
        ev.svc_cycle(t + sec(40), "Windows Modules Installer", "TrustedInstaller", n2)
    t = day.replace(hour=r.randint(13, 19), minute=r.randint(0, 59), microsecond=r.randint(0, 999999))
    n3 = r.randint(60, 600)
    if ok(t) and ok(t + sec(n3)):
        ev.svc_cycle(t, "Background Intelligent Transfer Service", "BITS", n3)
    t = day.replace(hour=r.randint(6, 10), minute=r.randint(0, 59), microsecond=r.randint(0, 999999))
    if ok(t):
        ev.spp_restart(t, day + datetime.timedelta(days=1, hours=r.randint(0, 6)))
    if wu_day:
        t2 = day.replace(hour=r.randint(3, 5), minute=r.randint(0, 59), microsecond=r.randint(0, 999999))
        if ok(t2) and ok(t2 + sec(400)):
            ev.wu_installed(t2, "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.%d.%d.0)"
                            % (r.randint(400, 411), r.randint(100, 999)), "{%s}" % r.guid(upper=True), 200)


def health_report(a, t):
    """the agent's VM Health Report block (its frame lines are verbatim from a public WaAppAgent.log,
    SupportArticles-docs issue #782; the JSON between them is filler with the keys the research names)"""
    m = a.m
    a.log.w(t, 12, "TRACE", "VmHealthCollectorThread: Opening serial port")
    a.log.w(t, 12, "TRACE", "VmHealthCollectorThread: Writing health report - START", cont=[
        "======== Microsoft Azure VM Health Report - Start %s =========" % ts_xml(t, 7),
        json.dumps({"reportTime": ts_xml(t, 7), "services": [
            {"name": "WindowsAzureGuestAgent", "state": "Running", "startMode": "Auto", "startName": "LocalSystem"},
            {"name": "RdAgent", "state": "Running", "startMode": "Auto", "startName": "LocalSystem"},
            {"name": "TermService", "state": "Running", "startMode": "Manual", "startName": "NT Authority\\NetworkService"}],
            "systemInfo": {"windows": {"osVersion": "Microsoft Windows NT %s" % m.os["nt"], "isOsEval": False,
                                       "realTimeIsUniversal": False, "domainRole": "StandaloneServer"}},
            "remoteAccess": {"windows": {"rdpEnabled": True, "rdpFirewallAccess": True, "rdpPort": 3389}},
            "accounts": {"windows": {"adminAccountPasswordExpired": False, "adminAccountDisabled": False}}},
            separators=(",", ":")),
        "======== Microsoft Azure VM Health Report - End %s =========" % ts_xml(t + ms(850), 7)])
    a.log.w(t + ms(860), 12, "TRACE", "VmHealthCollectorThread: Writing health report - END")


def case_healthy_2022():
    """
    Hand-collected from a Windows Server 2022 VM: the customer zipped C:\\WindowsAzure\\Logs and
    C:\\Packages\\Plugins, exported System (wevtutil /f:xml) and Application (Event Viewer,
    Save as XML) and added ipconfig /all and systeminfo.  Three good backups, benign noise,
    among it an unexpected restart (Kernel-Power 41, EventLog 6008) when the host failed on
    2024-05-06 06:58, before the days the bundle covers.
    """
    name = "win-healthy-2022-handcollected"
    m = Machine(rng_for(name), "app22-prd-01", "2022", "10.40.2.5", region="northeurope")
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=9120, app_first=3310)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=112)
    bgi = bgi_ext(b)
    boot = dt("2024-05-06 07:02:11.250")
    up = boot_events(ev, boot)
    # the host failed at 06:58: the VM was restarted on another one (benign, days before the bundle)
    ev.unexpected_shutdown(boot, dt("2024-05-06 06:58:12"))
    t = a.start(up - sec(1))
    end = dt("2024-05-09 10:14:40.300")
    a.heartbeats(t + sec(300), end)
    health_report(a, t + sec(95))
    for day in ("2024-05-06", "2024-05-07", "2024-05-08"):
        d0 = dt(day + " 00:00:00")
        daily_noise(ev, d0, boot, wu_day=True)
        tb = dt(day + " 22:00:00") + sec(m.rng.randint(20, 300))
        tt = snap.begin(tb)
        snap.succeed(tt + ms(300), ev)
    # the customer collected the files at 10:14: no event after that
    daily_noise(ev, dt("2024-05-09 00:00:00"), boot, before=end)
    ev.eventsystem_suppress(up + sec(9))
    ev.svc_start_type(dt("2024-05-07 03:12:40.118"), "Background Intelligent Transfer Service", "BITS",
                      "auto start", "demand start")
    write_simple_ext(b, bgi, t + sec(40), "BGInfo enabled")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(5), a.version, [bgi, snap.ext], inc=a.inc))
    b.put_text("System.xml", ev.system.wevtutil_xml(), eol="\r\n")
    b.put("Application.xml", ev.application.saveas_xml())
    b.put_text("ipconfig.txt", ipconfig_all(m, boot + sec(40)))
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2024-01-15 09:14:03")))
    return b


def snapshot_history(b, a, snap, ev, days, hour=22, minute=0):
    """good daily backups on the given days (YYYY-MM-DD)"""
    for day in days:
        tb = dt("%s %02d:%02d:00" % (day, hour, minute)) + sec(b.rng.randint(20, 240))
        tt = snap.begin(tb)
        snap.succeed(tt + ms(300), ev)


def case_agent_not_running():
    """
    Windows Server 2016: the guest agent and RdAgent die three times in a row early on
    2024-03-11 (SCM 7031, 7031, 7034) and stay stopped; no heartbeat for more than a day before the
    customer collected the logs.  WaAppAgent.log was re-written by PowerShell's `>`
    (UTF-16LE with a BOM).
    """
    name = "win-agent-not-running"
    m = Machine(rng_for(name), "fs-prd-03", "2016", "10.20.3.6", region="westeurope", size="Standard_D2s_v3", mem_mb=8191)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=61230, app_first=18840)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=208)
    boot = dt("2024-03-04 05:41:09.820")
    t = dt("2024-03-09 00:00:00")
    # the log begins with a restart of the agent by its own watchdog two days before
    a.log.w(t + hours(3) + ms(120), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t + hours(3) + sec(6))
    crash1 = dt("2024-03-11 03:14:07.431")
    a.heartbeats(t1 + sec(300), crash1 - sec(150))
    for day in ("2024-03-09", "2024-03-10"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t)
    daily_noise(ev, dt("2024-03-11 00:00:00"), boot, after=crash1)
    daily_noise(ev, dt("2024-03-12 00:00:00"), boot, before=dt("2024-03-12 09:30:00"))
    snapshot_history(b, a, snap, ev, ["2024-03-09", "2024-03-10"])
    # three deaths: the first two restarted by the SCM after 60 s, the third not
    a.log.w(crash1 - sec(2), 6, "INFO", "Goal state changed, incarnation %d." % (a.inc + 1))
    ev.svc_crash(crash1, *GA, count=1, restart_ms=60000)
    ev.svc_crash(crash1 + ms(1830), *RDA, count=1, restart_ms=60000)
    t2 = crash1 + sec(60)
    ev.svc_state(t2, *GA, state="running")
    ev.svc_state(t2 + ms(1830), *RDA, state="running")
    a.log.w(t2 + ms(300), 4, "INFO", "WindowsAzureGuestAgent starting. Version %s" % a.version)
    a.log.w(t2 + ms(340), 4, "INFO", "OS version: %s, OS name: %s" % (m.os["nt"], m.os["product"]))
    a.log.w(t2 + ms(910), 4, "INFO", "Attempting to discover fabric address on interface %s." % m.iface)
    crash2 = t2 + sec(21) + ms(412)
    ev.svc_crash(crash2, *GA, count=2, restart_ms=60000)
    ev.svc_crash(crash2 + ms(920), *RDA, count=2, restart_ms=None)
    t3 = crash2 + sec(60)
    ev.svc_state(t3, *GA, state="running")
    a.log.w(t3 + ms(280), 4, "INFO", "WindowsAzureGuestAgent starting. Version %s" % a.version)
    a.log.w(t3 + ms(330), 4, "INFO", "OS version: %s, OS name: %s" % (m.os["nt"], m.os["product"]))
    crash3 = t3 + sec(19) + ms(870)
    ev.svc_crash(crash3, *GA, count=3, restart_ms=None)
    # the Application log goes on without the backups
    ev.spp_restart(dt("2024-03-11 14:02:31.540"), dt("2024-03-12 05:12:00"))
    a.write(enc="utf-16le")
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, crash1 - sec(30), a.version, [snap.ext], inc=a.inc))
    b.put("System.xml", ev.system.saveas_xml())
    b.put_text("Application.xml", ev.application.wevtutil_xml())
    b.put_text("sc-query.txt", sc_query("WindowsAzureGuestAgent", "STOPPED", 1067) + sc_query("RdAgent", "STOPPED", 1067))
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2023-06-02 11:20:44")))
    return b


def case_agent_not_installed():
    """
    A Windows Server 2012 R2 VM migrated from VMware without the guest agent: event exports
    (System as wevtutil /f:text, Application as Event Viewer CSV), systeminfo, ipconfig and
    sc query saying the agent's services do not exist.  No WindowsAzure, no Packages.
    """
    name = "win-agent-not-installed"
    m = Machine(rng_for(name), "erp-db-01.corp.contoso.com", "2012r2", "10.70.4.12", domain="corp.contoso.com",
                region="eastus2", size="Standard_E8s_v5", mem_mb=65535)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=1, app_first=1)
    boot = dt("2024-02-19 14:37:52.100")
    # the February updates restarted the server just before (WindowsUpdateClient 22, a planned,
    # system-initiated 1074): the export begins there
    kb = "2024-02 Security Monthly Quality Rollup for Windows Server 2012 R2 for x64-based Systems (KB5034819)"
    ev.wu_installed(boot - mins(31), kb, "{%s}" % b.rng.guid(upper=True), 201)
    ev.wu_restart_scheduled(boot - mins(17), 15, [kb])
    ev.shutdown(boot - sec(95), "C:\\Windows\\system32\\svchost.exe (%s)" % m.host, "S-1-5-18", "NT AUTHORITY\\SYSTEM",
                "Operating System: Service pack (Planned)", "0x80020010", kind="restart")
    up = boot_events(ev, boot, agent=False, extra=(("Windows Time", "W32Time"),))
    # left over from VMware: its tools service cannot start any more
    ev.svc_start_failed(up + sec(12), "VMware Tools", "VMTools", "%%2")
    ev.svc_start_failed(up + sec(13), "VMware Alias Manager and Ticket Service", "VGAuthService", "%%2")
    ev.svc_start_type(up + mins(22), "VMware Tools", "VMTools", "auto start", "disabled")
    ev.svc_start_type(up + mins(22) + sec(3), "VMware Alias Manager and Ticket Service", "VGAuthService",
                      "auto start", "disabled")
    for day in ("2024-02-19", "2024-02-20", "2024-02-21"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, before=dt("2024-02-21 10:05:00"))
    ev.eventsystem_suppress(up + sec(8))
    ev.spp_restart(up + sec(40), up + hours(20))
    b.put_text("System.txt", ev.system.wevtutil_text())
    b.put("app.csv", ev.application.csv())
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2016-09-12 16:03:19")))
    b.put_text("ipconfig.txt", ipconfig_all(m, boot + sec(35)))
    b.put_text("sc-query.txt",
               "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\n"
               "The specified service does not exist as an installed service.\r\n\r\n"
               "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\n"
               "The specified service does not exist as an installed service.\r\n\r\n")
    return b


def case_agent_outdated():
    """
    Windows Server 2016 on W. Europe time (UTC+01:00 in November): agent 2.7.41491.949, whose
    updates fail; legacy local-time stamps in its logs, systeminfo gives the zone.  The
    snapshot runs but its status never reaches the platform.
    """
    name = "win-agent-outdated"
    tz = ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", 60)
    m = Machine(rng_for(name), "web-legacy-02", "2016", "10.12.0.8", tz=tz, region="germanywestcentral",
                size="Standard_D2s_v3", mem_mb=8191)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=120440, app_first=40210)
    a = Agent(b, "2.7.41491.949", "legacy")
    snap = Snapshot(b, a, version="1.0.104.0", seq=61)
    boot = dt("2024-11-12 02:16:40.500")
    t = dt("2024-11-25 07:40:12.250")       # 08:40 local
    a.ti.w(t - sec(30), 1, "INFO", "Transparent installer starting. Current GuestAgent version: 2.7.41491.949")
    a.ti.w(t - sec(29), 1, "INFO", "A newer GuestAgent package is available: 2.7.41491.1131")
    a.ti.w(t - sec(12), 1, "ERROR", "Installation of GuestAgent package 2.7.41491.1131 failed with exit code 1603. "
                                    "Keeping version 2.7.41491.949.")
    a.log.w(t - sec(3), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t, ti=False)
    end = dt("2024-11-27 08:55:31.120")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-11-25", "2024-11-26", "2024-11-27"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t - hours(1), before=end)
        for h in (9, 15, 21):
            tt = dt("%s %02d:17:00" % (day, h)) + sec(b.rng.randint(0, 50))
            if t < tt < end:
                a.ti.w(tt, 1, "INFO", "Transparent installer starting. Current GuestAgent version: 2.7.41491.949")
                a.ti.w(tt + sec(1), 1, "INFO", "A newer GuestAgent package is available: 2.7.41491.1131")
                a.ti.w(tt + sec(19), 1, "ERROR", "Installation of GuestAgent package 2.7.41491.1131 failed with exit "
                                                 "code 1603. Keeping version 2.7.41491.949.")
    for day in ("2024-11-25", "2024-11-26"):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        t2 = snap.succeed(tt + ms(300), ev)
        for k in range(3):
            a.log.w(t2 + sec(15 + 60 * k), 6, "ERROR",
                    "Failed to report the status of plugin %s: System.Net.WebException: The remote server returned "
                    "an error: (400) Bad Request." % SNAP,
                    cont=["   at System.Net.HttpWebRequest.GetResponse()",
                          "   at Microsoft.WindowsAzure.GuestAgent.ContainerStateMachine.StatusReporter.ReportStatus()"])
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(14), a.version, [snap.ext], inc=a.inc))
    b.put_text("System.xml", ev.system.wevtutil_xml())
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2019-03-05 10:02:57")))
    return b


DOTNET_1026 = """Application: WindowsAzureGuestAgent.exe
Framework Version: v4.0.30319
Description: The process was terminated due to an unhandled exception.
Exception Info: System.IO.FileNotFoundException: Could not load file or assembly 'System.Net.Http, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a' or one of its dependencies. The system cannot find the file specified.
File name: 'System.Net.Http, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a'
   at Microsoft.WindowsAzure.GuestAgent.HostGAPluginClient..ctor()
   at Microsoft.WindowsAzure.GuestAgent.AgentCore.GuestAgentService.OnStart(System.String[])
   at System.ServiceProcess.ServiceBase.ServiceQueuedMainCallback(System.Object)
   at System.Threading.ExecutionContext.RunInternal(System.Threading.ExecutionContext, System.Threading.ContextCallback, System.Object, Boolean)
   at System.Threading.ThreadPoolWorkQueue.Dispatch()
"""


def case_dotnet_missing():
    """
    Windows Server 2008 R2 whose .NET Framework 4.8 install is broken (System.Net.Http missing
    from the GAC): after the agent's self-update to 2.7.41491.1102 on 2024-04-09 the new
    WindowsAzureGuestAgent.exe dies at start three times (.NET Runtime 1026 FileNotFoundException,
    Application Error 1000, SCM 7031/7034), then stays stopped (chain to agent.windows.not-running).
    Classic event shapes: unnamed Application Error data, as Windows 7-era systems write them.
    """
    name = "win-dotnet-missing"
    m = Machine(rng_for(name), "sql2008-old", "2008r2", "10.80.1.20", region="westus2", size="Standard_DS3_v2",
                mem_mb=14335)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=233100, app_first=97650)
    a = Agent(b, "2.7.41491.1024", "legacy")
    snap = Snapshot(b, a, version="1.0.98.0", seq=377)
    boot = dt("2024-03-31 04:05:13.000")
    t0 = dt("2024-04-07 18:22:41.600")
    a.log.w(t0 - sec(4), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0)
    upd = dt("2024-04-09 02:10:05.330")
    a.heartbeats(t1 + sec(300), upd - sec(20))
    for day in ("2024-04-07", "2024-04-08", "2024-04-09", "2024-04-10"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=dt("2024-04-10 08:20:00"))
    snapshot_history(b, a, snap, ev, ["2024-04-07", "2024-04-08"], hour=3)
    # the self-update
    a.ti.w(upd - sec(70), 1, "INFO", "Transparent installer starting. Current GuestAgent version: 2.7.41491.1024")
    a.ti.w(upd - sec(69), 1, "INFO", "A newer GuestAgent package is available: 2.7.41491.1102")
    a.ti.w(upd - sec(31), 1, "INFO", "Downloaded GuestAgent package 2.7.41491.1102.")
    a.ti.w(upd - sec(2), 1, "INFO", "Installed GuestAgent package 2.7.41491.1102, restarting the agent service.")
    a.stopping(upd - sec(9))
    ev.svc_state(upd - sec(8), *GA, state="stopped")
    t = upd
    for k in (1, 2, 3):
        ev.svc_state(t, *GA, state="running")
        a.log.w(t + ms(220), 4, "INFO", "WindowsAzureGuestAgent starting. Version 2.7.41491.1102")
        tc = t + ms(1460)
        ev.dotnet_crash(tc, DOTNET_1026)
        pid = pid4(b.rng, 1000, 9000)
        ev.app_error(tc + ms(150), "WindowsAzureGuestAgent.exe", "2.7.41491.1102", "65a7c0d2", "KERNELBASE.dll",
                     "6.1.7601.24545", "5e0eb6bd", "e0434352", "000000000000b87d", pid, t, 
                     "C:\\WindowsAzure\\GuestAgent_2.7.41491.1102_2024-04-09_021003\\WindowsAzureGuestAgent.exe",
                     "C:\\Windows\\system32\\KERNELBASE.dll", b.rng.guid())
        ev.svc_crash(tc + ms(900), *GA, count=k, restart_ms=60000 if k < 3 else None)
        t = tc + ms(900) + sec(60)
    b.ga_dirs = []
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, upd - sec(40), "2.7.41491.1024", [snap.ext], inc=a.inc))
    b.put_text("Application.xml", ev.application.wevtutil_xml())
    b.put_text("System.xml", ev.system.wevtutil_xml())
    b.put_text("sc-query.txt", sc_query("WindowsAzureGuestAgent", "STOPPED", 1067) + sc_query("RdAgent", "RUNNING"))
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2014-11-03 13:48:27")))
    return b


STD_REG = {
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Dhcp\\Start": "0x2",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\WindowsAzureGuestAgent\\Start": "0x2",
    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\RdAgent\\Start": "0x2",
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState": "IMAGE_STATE_COMPLETE",
}
BUILDLAB = {"2016": "14393.0.amd64fre.rs1_release.160715-1616",
            "2019": "17763.1.amd64fre.rs5_release.180914-1434",
            "2022": "20348.1.amd64fre.fe_release.210507-1500"}


def std_registry(m, extra=None):
    r = dict(STD_REG)
    r["HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProductName"] = m.os["product"].replace(" Azure Edition", "")
    r["HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\BuildLabEx"] = BUILDLAB.get(m.os_key, "")
    r.update(extra or {})
    return r


def winhttp_proxy_blob(proxy, bypass):
    """WinHttpSettings (REG_BINARY) as GuestFS_registry.py prints binaries: '%02x ' per byte"""
    data = (b"\x28\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00" + len(proxy).to_bytes(4, "little") + proxy.encode()
            + len(bypass).to_bytes(4, "little") + bypass.encode())
    return "".join("%02x " % c for c in data)


HOSTGA_FORBIDDEN = [
    "---> System.Net.Sockets.SocketException: An attempt was made to access a socket in a way forbidden by its access permissions 168.63.129.16:32526",
    "   at System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)",
    "   at System.Net.ServicePoint.ConnectSocketInternal(Boolean connectFailure, Socket s4, Socket s6, Socket& socket, IPAddress& address, ConnectSocketState state, IAsyncResult asyncResult, Exception& exception)",
    "   --- End of inner exception stack trace ---",
    "   at System.Net.HttpWebRequest.GetResponse()",
]


def case_wireserver_unreachable():
    """
    Disk Inspect of a Windows Server 2016 VM after a hardening GPO (2022-11-14 10:05 UTC) set a
    WinHTTP proxy and a firewall rule blocking outbound traffic to 168.63.129.16: the proxy
    answers 503 to http://168.63.129.16/?comp=versions, the HostGAPlugin port is forbidden,
    nothing recovers.  Legacy time stamps (the VM is on UTC).  registry.json has the proxy and
    the rule.
    """
    name = "win-wireserver-unreachable"
    m = Machine(rng_for(name), "app16-web-04", "2016", "10.30.4.7", region="uksouth")
    b = Bundle(name, "diskinspect", m)
    a = Agent(b, "2.7.41491.1024", "legacy")
    snap = Snapshot(b, a, version="1.0.98.0", seq=143)
    t0 = dt("2022-11-13 04:51:30.120")
    a.log.w(t0 - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0)
    end = dt("2022-11-15 16:38:02.880")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2022-11-13",):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        snap.succeed(tt + ms(300))
    gpo = dt("2022-11-14 10:05:12.400")
    t = gpo + sec(47)
    k = 0
    while t < end:
        th = a.thr()
        if k % 3 == 0:
            a.log.w(t, th, "ERROR", "GetVersions() failed with exception: Microsoft.ServiceModel.Web.WebProtocolException: "
                    "Server Error: Service Unavailable (ServiceUnavailable) ---> ",
                    cont=["System.Net.WebException: The remote server returned an error: (503) Server Unavailable.",
                          "   at System.Net.HttpWebRequest.GetResponse()",
                          "   at Microsoft.WindowsAzure.GuestAgent.Protocol.WireServerClient.GetVersions()",
                          "   --- End of inner exception stack trace ---"])
        a.log.w(t + ms(310), th, "WARN", "(Ignoring) Exception while fetching supported versions from HostGAPlugin: "
                "System.Net.WebException: Unable to connect to the remote server ", cont=HOSTGA_FORBIDDEN)
        if k % 2 == 0:
            t5 = t + sec(b.rng.randint(100, 200))
            a.log.w(t5, th, "INFO", "WriteGAPluginHeartbeat: HostGAPluginServiceClient is not initialized so setting "
                    "isCurrentlyHealthy as false")
            if k > 20:
                a.log.w(t5, th, "WARN", "Reached Maximim error count:1000 so not incrementing the count anymore")
            a.log.w(t5, th, "WARN", "Error state triggered for caller:GAPluginPinger")
        if k % 6 == 0:
            tt = t + sec(b.rng.randint(5, 40))
            a.tel.w(tt, a.thr(), "ERROR", "GetVersions() failed with exception: Microsoft.ServiceModel.Web.WebProtocolException: "
                    "Server Error: Service Unavailable (ServiceUnavailable) ---> ",
                    cont=["System.Net.WebException: The remote server returned an error: (503) Server Unavailable."])
            a.tel.w(tt + sec(1), a.thr(), "ERROR", "Failed to send telemetry events: System.Net.WebException: Unable to "
                    "connect to the remote server ", cont=HOSTGA_FORBIDDEN[:1])
        if k % 12 == 0:
            ti = t + sec(b.rng.randint(60, 600))
            a.ti.w(ti, 1, "ERROR", "GetVersions() failed with exception: System.TimeoutException: The HTTP request to "
                   "'http://168.63.129.16/?comp=versions' has exceeded the allotted timeout of 00:02:00. The time allotted "
                   "to this operation may have been a portion of a longer timeout.")
        t = t + sec(1800) + sec(b.rng.randint(0, 30))
        k += 1
    a.write()
    snap.write()
    b.put(b.disk("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json"),
          aggregate_status(b, gpo - sec(70), a.version, [snap.ext], inc=a.inc))
    rule = ("v2.30|Action=Block|Active=TRUE|Dir=Out|Protocol=6|RA4=168.63.129.16|Name=Block outbound to 168.63.129.16|"
            "Desc=Server hardening baseline 2022-11|EmbedCtxt=Hardening|")
    write_diskinspect(b, dt("2022-11-15 16:40:15"), std_registry(m, {
        "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections\\WinHttpSettings":
            winhttp_proxy_blob("proxy.corp.northwind.example:8080", "<local>"),
        "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\FirewallRules\\{5B0C1D6E-7A2F-4E38-9C61-0D2E4F8A9B17}": rule,
    }))
    return b


def reg_query_interface(m, guid, dhcp, dns):
    """reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\{guid}"""
    L = ["", "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\%s" % guid,
         "    EnableDHCP    REG_DWORD    0x%x" % (1 if dhcp else 0),
         "    Domain    REG_SZ    ",
         "    NameServer    REG_SZ    %s" % ",".join(dns),
         "    RegistrationEnabled    REG_DWORD    0x1",
         "    RegisterAdapterName    REG_DWORD    0x0",
         "    IPAddress    REG_MULTI_SZ    %s" % m.ip,
         "    SubnetMask    REG_MULTI_SZ    %s" % m.mask,
         "    DefaultGateway    REG_MULTI_SZ    %s" % m.gw,
         "    DefaultGatewayMetric    REG_MULTI_SZ    0",
         "    DhcpIPAddress    REG_SZ    %s" % m.ip,
         "    DhcpServer    REG_SZ    255.255.255.255",
         "    DhcpDefaultGateway    REG_MULTI_SZ    %s" % m.gw,
         ""]
    return "\r\n".join(L) + "\r\n"


def case_dhcp_disabled():
    """
    Windows Server 2019: on 2024-08-04 an administrator set the IPv4 address inside the guest
    (the same address as Azure's, DHCP off; no event records it).  The running agent keeps its
    fabric address until its self-update restarts it on 2024-08-05 03:12:
    it can no longer find the fabric address (no DHCP option 245) and stops processing goal states;
    a few GetVersions() failures follow (chain to network.wireserver-unreachable).
    """
    name = "win-dhcp-disabled"
    m = Machine(rng_for(name), "db19-prd-02", "2019", "10.50.1.10", iface="Ethernet 2", region="westeurope",
                size="Standard_E4s_v5", mem_mb=32767)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=88410, app_first=51200)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=95)
    boot = dt("2024-07-22 02:40:19.700")
    t0 = dt("2024-08-04 00:00:00")
    t1 = a.start(t0 + hours(1) + sec(3))
    upd = dt("2024-08-05 03:12:44.210")
    a.heartbeats(t1 + sec(300), upd - sec(30))
    snapshot_history(b, a, snap, ev, ["2024-08-04"])
    a.ti.w(upd - sec(61), 1, "INFO", "Transparent installer starting. Current GuestAgent version: 2.7.41491.1102")
    a.ti.w(upd - sec(60), 1, "INFO", "A newer GuestAgent package is available: 2.7.41491.1131")
    a.ti.w(upd - sec(22), 1, "INFO", "Downloaded GuestAgent package 2.7.41491.1131.")
    a.ti.w(upd - sec(2), 1, "INFO", "Installed GuestAgent package 2.7.41491.1131, restarting the agent service.")
    a.stopping(upd - sec(8))
    ev.svc_state(upd - sec(7), *GA, state="stopped")
    ev.svc_state(upd + ms(200), *GA, state="running")
    a.version = "2.7.41491.1131"
    t = a.start(upd + ms(400), discover=False, ti=False)
    end = dt("2024-08-06 09:52:10.400")
    k = 0
    while t < end:
        a.log.w(t + ms(2), 24, "WARN", "Empty DHCP option data returned")
        a.log.w(t + ms(3), 4, "ERROR", "Did not discover fabric address on interface %s" % m.iface)
        if k % 4 == 3:
            a.log.w(t + sec(31), 4, "ERROR", "GetVersions() failed with exception: System.Net.WebException: Unable to "
                    "connect to the remote server", cont=["   at System.Net.HttpWebRequest.GetResponse()",
                                                          "   at Microsoft.WindowsAzure.GuestAgent.Protocol.WireServerClient.GetVersions()"])
        t = t + sec(900) + ms(b.rng.randint(0, 400))
        if t < end:
            a.log.w(t, 4, "INFO", "Attempting to discover fabric address on interface %s." % m.iface)
        k += 1
    a.heartbeats(upd + sec(301), end)
    for day in ("2024-08-04", "2024-08-05", "2024-08-06"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, upd - sec(60), "2.7.41491.1102", [snap.ext], inc=a.inc))
    b.put_text("System.xml", ev.system.wevtutil_xml())
    dns = ["10.50.0.4", "10.50.0.5"]
    b.put_text("ipconfig.txt", ipconfig_all(m, dhcp=False, dns=dns))
    b.put_text("reg-tcpip-interface.txt", reg_query_interface(m, "{%s}" % b.rng.guid(), False, dns))
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2023-11-08 15:31:05"), dhcp=False))
    return b


STORAGE_TIMEOUT = [
    " ---> System.Net.WebException: Unable to connect to the remote server ---> System.Net.Sockets.SocketException: "
    "A connection attempt failed because the connected party did not properly respond after a period of time, or "
    "established connection failed because connected host has failed to respond %s:443",
    "   at System.Net.Sockets.Socket.DoConnect(EndPoint endPointSnapshot, SocketAddress socketAddress)",
    "   at System.Net.ServicePoint.ConnectSocketInternal(Boolean connectFailure, Socket s4, Socket s6, Socket& socket, IPAddress& address, ConnectSocketState state, IAsyncResult asyncResult, Exception& exception)",
    "   --- End of inner exception stack trace ---",
    "   at System.Net.HttpWebRequest.GetRequestStream(TransportContext& context)",
]


def case_storage_unreachable():
    """
    Disk Inspect of a Windows Server 2022 file server: since 2024-09-11 the backup extension
    cannot reach Azure Storage over HTTPS (status and snapshot blob URLs time out on 443); the
    agent and WireServer are fine.  The SAS URLs carry a fake sig= to be redacted.
    """
    name = "win-storage-unreachable"
    m = Machine(rng_for(name), "files22-01", "2022", "10.90.8.4", region="francecentral", size="Standard_D8s_v5",
                mem_mb=32767)
    b = Bundle(name, "diskinspect", m)
    a = Agent(b, "2.7.41491.1131", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=54)
    snap.disks = 3
    t0 = dt("2024-09-09 11:02:40.300")
    a.log.w(t0 - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0)
    end = dt("2024-09-13 07:40:12.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-09-09", "2024-09-10"):
        tb = dt(day + " 21:30:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        snap.succeed(tt + ms(300))
    snap.new_log_file()
    for day in ("2024-09-11", "2024-09-12"):
        tb = dt(day + " 21:30:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        t2 = snap.vss_ok(tt + ms(300))
        L = snap.bl()
        L.w(t2 + ms(400), "Info", "Snapshot requested for 3 disk(s).")
        url = snap_settings(b, snap.settings_t, snap.task_id)["statusBlobUri"]
        for k in range(3):
            tk = t2 + sec(21 + 42 * k)
            L.w(tk, "Warning", "Attempt %d of 3 to upload the status to %s failed: System.Net.WebException: The operation "
                "has timed out." % (k + 1, url), cont=[x % m.blob_ip if "%s" in x else x for x in STORAGE_TIMEOUT])
        te = t2 + sec(21 + 42 * 2 + 1)
        L.w(te, "Error", "Snapshot failed: no network connectivity to Azure Storage (%s.blob.core.windows.net:443). "
            "statusBlobUploadError=true" % m.storage_md)
        L.w(te + ms(40), "Info", "Enable completed: error. Exit code 76.")
        msg = "Snapshot operation failed due to no network connectivity on the virtual machine."
        snap.fail(te, 76, msg, status_extra={"telemetryData": [
            {"Key": "statusBlobUploadError", "Value": "true"},
            {"Key": "extErrorCode", "Value": "FailedRetryableSnapshotFailedNoNetwork"},
            {"Key": "snapshotCreator", "Value": "guestExtension"}]})
    a.write()
    snap.write(public=snap_settings(b, snap.settings_t, snap.task_id))
    b.put(b.disk("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json"),
          aggregate_status(b, end - sec(12), a.version, [snap.ext], inc=a.inc))
    write_diskinspect(b, dt("2024-09-13 07:44:51"), std_registry(m), disk_gb=255, used_gb=88)
    return b


CSE_FAIL_MSG = "Command execution finished, but failed because it returned a non-zero exit code of: '1'."


def case_extension_provisioning_failed():
    """
    Disk Inspect of a Windows Server 2019 IIS VM: a deployment on 2024-06-03 pushed a Custom Script
    Extension whose script exits 1; the extension is in error, the VM's provisioning state failed.
    VMSnapshot itself is fine (its last run succeeded); the next backups are refused by the
    platform, so no snapshot runs after the failure.
    """
    name = "win-extension-provisioning-failed"
    m = Machine(rng_for(name), "iis19-web-02", "2019", "10.14.2.9", region="centralus")
    b = Bundle(name, "diskinspect", m)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=77)
    cse = Ext(CSE, "1.10.15", 3)
    t0 = dt("2024-06-01 06:12:19.900")
    a.log.w(t0 - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0)
    end = dt("2024-06-04 15:31:44.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-06-01", "2024-06-02"):
        tb = dt(day + " 02:30:00") + sec(b.rng.randint(20, 200))
        snap.succeed(snap.begin(tb) + ms(300))
    # the deployment
    td = dt("2024-06-03 14:22:07.120")
    a.goal_state(td)
    a.log.w(td + ms(80), 6, "INFO", "Getting plugin locations for plugin '%s'. Current Version: '1.10.12', Requested "
            "Version: '1.10'" % CSE)
    a.log.w(td + ms(95), 6, "INFO", "Auto-Upgrade mode. Highest public version for plugin '%s' with requested version: "
            "'1.10', is: '1.10.15'" % CSE)
    a.log.w(td + sec(4), 6, "INFO", "Beginning installation of plugin %s." % CSE)
    a.log.w(td + sec(9), 6, "INFO", "Successfully installed plugin %s." % CSE)
    te = a.enable(td + sec(10), cse)
    tf = te + sec(71) + ms(330)
    a.log.w(tf + sec(2), 6, "WARN", "Plugin %s reported status 'error' (code 1) for sequence number %d: %s"
            % (CSE, cse.seq, CSE_FAIL_MSG))
    # CustomScriptHandler.log (invented shape) and the agent's CommandExecution.log for the plugin
    h = WaLog(m, "legacy")
    pid = pid4(b.rng, 1000, 9000)
    h.w(te, pid, "INFO", "Starting IaaS ScriptHandler Extension v1")
    h.w(te + ms(120), pid, "INFO", "HandlerEnvironment = Version: 1, HandlerEnvironment: [LogFolder: \"%s\", "
        "ConfigFolder: \"%s\", StatusFolder: \"%s\"]" % (winpath(cse.logdir()), winpath(cse.pkg() + "RuntimeSettings"),
                                                      winpath(cse.pkg() + "Status")))
    h.w(te + ms(300), pid, "INFO", "Enabling Handler")
    h.w(te + ms(340), pid, "INFO", "Handler successfully enabled")
    h.w(te + ms(900), pid, "INFO", "Downloading files specified in configuration...")
    h.w(te + sec(3), pid, "INFO", "Downloaded file https://deployartifacts%s.blob.core.windows.net/scripts/configure-iis.ps1"
        "?sv=2022-11-02&ss=b&srt=o&sp=r&se=2024-06-03T18:22:07Z&sig=%s to %s" % (
            b.rng.hexs(6), FAKE_SIG, winpath(cse.pkg() + "Downloads/%d/configure-iis.ps1" % cse.seq)))
    h.w(te + sec(3) + ms(200), pid, "INFO", "Command execution task started. Awaiting completion...")
    h.w(tf, pid, "ERROR", "Command execution finished. Command exited with code: 1")
    h.w(tf + ms(30), pid, "ERROR", CSE_FAIL_MSG)
    b.put_text(b.disk(cse.logdir() + "CustomScriptHandler.log"), h.render())
    c = WaLog(m, "isoms")
    c.w(te + ms(5), 6, "INFO", "Executing command: %s" % winpath(cse.pkg() + "bin/CustomScriptHandler.exe -enable"))
    c.w(te + sec(1), 6, "INFO", "Command %s exited with exit code 0" % winpath(cse.pkg() + "bin/CustomScriptHandler.exe"))
    c.w(tf + ms(60), 6, "ERROR", "Script 'powershell -ExecutionPolicy Unrestricted -File configure-iis.ps1 -SiteName "
        "intranet' exited with non-zero exit code 1")
    b.put_text(b.disk(cse.logdir() + "CommandExecution.log"), c.render())
    stdout = "Installing IIS features...\nSuccess Restart Needed Exit Code      Feature Result\n------- -------------- ---------      --------------\nTrue    No             NoChangeNeeded {}\n"
    stderr = ("New-WebBinding : Cannot add duplicate collection entry of type 'binding' with combined key attributes "
              "'protocol, bindingInformation' respectively set to 'https, *:443:'\nAt "
              "C:\\Packages\\Plugins\\Microsoft.Compute.CustomScriptExtension\\1.10.15\\Downloads\\3\\configure-iis.ps1:41 char:1\n")
    st = ext_status("Microsoft.Compute.CustomScriptExtension", "Command Execution", "error", 1, CSE_FAIL_MSG, tf,
                    substatus=[{"name": "StdOut", "status": "success", "code": 0,
                                "formattedMessage": {"lang": "en-US", "message": stdout}},
                               {"name": "StdErr", "status": "success", "code": 0,
                                "formattedMessage": {"lang": "en-US", "message": stderr}}])
    cse.status = ("error", 1, CSE_FAIL_MSG, tf, "Command Execution")
    cse.handler = ("NotReady", 1009, "Plugin enable failed: " + CSE_FAIL_MSG)
    write_extension(b, cse, {"fileUris": ["https://deployartifacts.blob.core.windows.net/scripts/configure-iis.ps1"],
                             "commandToExecute": "powershell -ExecutionPolicy Unrestricted -File configure-iis.ps1 -SiteName intranet"},
                    status=st)
    a.write()
    snap.write()
    b.put(b.disk("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json"),
          aggregate_status(b, end - sec(20), a.version, [snap.ext, cse], inc=a.inc))
    write_diskinspect(b, dt("2024-06-04 15:33:20"), std_registry(m))
    return b


def case_vmsnapshot_failed():
    """
    Disk Inspect of a Windows Server 2016 VM: the platform asks for VMSnapshot 1.0.104.0 on
    2024-07-15 21:00 and its installation fails, because the IaaSVmProvider service of the old
    version is marked for deletion (error 1072); every later backup fails the same way.
    """
    name = "win-vmsnapshot-failed"
    m = Machine(rng_for(name), "app16-svc-05", "2016", "10.22.6.11", region="australiaeast")
    b = Bundle(name, "diskinspect", m)
    a = Agent(b, "2.7.41491.1102", "isoms")
    old = Snapshot(b, a, version="1.0.98.0", seq=211)
    t0 = dt("2024-07-13 04:20:51.000")
    a.log.w(t0 - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0)
    end = dt("2024-07-17 07:58:40.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-07-13", "2024-07-14"):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        old.succeed(old.begin(tb) + ms(300))
    new = Snapshot(b, a, version="1.0.104.0", seq=old.ext.seq)
    for day in ("2024-07-15", "2024-07-16"):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        a.goal_state(tb)
        new.next_seq(tb)
        a.log.w(tb + ms(60), 6, "INFO", "Getting plugin locations for plugin '%s'. Current Version: '1.0.98.0', "
                "Requested Version: '1.0'" % SNAP)
        a.log.w(tb + ms(70), 6, "INFO", "Auto-Upgrade mode. Highest public version for plugin '%s' with requested "
                "version: '1.0', is: '1.0.104.0'" % SNAP)
        tmp = b.rng.guid()
        a.log.w(tb + sec(6), 6, "INFO", "Test extract the plugin zip file to the temp folder C:\\WindowsAzure\\Packages\\temp\\%s"
                % tmp)
        a.log.w(tb + sec(8), 6, "INFO", "Beginning installation of plugin %s." % SNAP)
        L = new.bl()
        ti = tb + sec(9)
        L.w(ti, "Info", "========== IaaSBcdrExtension 1.0.104.0 started. Operation: Install ==========")
        L.w(ti + ms(200), "Info", "Stopping service IaaSVmProvider of version 1.0.98.0")
        L.w(ti + sec(2), "Info", "Deleting service IaaSVmProvider")
        L.w(ti + sec(3), "Info", "Creating service IaaSVmProvider: %s" % winpath(new.ext.pkg() + "IaaSVmProvider.exe"))
        L.w(ti + sec(3) + ms(40), "Error", "CreateService(IaaSVmProvider) failed with error 1072: The specified service "
            "has been marked for deletion.")
        L.w(ti + sec(3) + ms(60), "Error", "Install failed. Exit code 1072.")
        tf = ti + sec(4)
        a.log.w(tf, 6, "ERROR", "InstallPlugins() failed with exception: Microsoft.WindowsAzure.GuestAgent.ExtensionStateMachine."
                "PluginInstallException: Plugin %s 1.0.104.0 failed to install: the install command exited with code 1072." % SNAP,
                cont=["   at Microsoft.WindowsAzure.GuestAgent.ExtensionStateMachine.PluginInstaller.Install(PluginInfo plugin)",
                      "   at Microsoft.WindowsAzure.GuestAgent.ExtensionStateMachine.PluginManager.InstallPlugins()"])
        a.log.w(tf + ms(20), 6, "WARN", "Plugin %s will be retried with the next goal state." % SNAP)
        new.fail(tf, 1072, "Extension installation failed: the IaaSVmProvider service could not be created (1072: The "
                 "specified service has been marked for deletion).")
        new.status[0]["status"]["operation"] = "Install"
        new.ext.status = new.ext.status[:4] + ("Install",)
    new.ext.handler = ("NotReady", 1072, "Plugin installation failed.")
    a.write()
    old.write()
    new.write(public=snap_settings(b, new.settings_t, new.task_id))
    b.put(b.disk("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json"),
          aggregate_status(b, end - sec(30), a.version, [new.ext], inc=a.inc))
    write_diskinspect(b, dt("2024-07-17 08:01:05"), std_registry(m))
    return b


def msi_events(ev, t, product, version, status, manufacturer="Microsoft Corporation", error=None):
    """MsiInstaller 1033 (and on failure 10005 and 11708), classic events"""
    code = "{%s}" % ev.rng.guid(upper=True)
    if error:
        ev.app(Ev(t - sec(3), "Application", "MsiInstaller", 10005, 2,
                  [(None, "Product: %s -- %s" % (product, error))] + [(None, "(NULL)")] * 6 + [(None, "")],
                  qual=0, user="S-1-5-18", binary=asciihex(code)))
        ev.app(Ev(t - sec(1), "Application", "MsiInstaller", 11708, 4,
                  [(None, "Product: %s -- Installation failed." % product)] + [(None, "(NULL)")] * 6 + [(None, "")],
                  qual=0, user="S-1-5-18", binary=asciihex(code)))
    ev.app(Ev(t, "Application", "MsiInstaller", 1033, 4,
              [(None, product), (None, version), (None, "1033"), (None, str(status)), (None, manufacturer), (None, "(NULL)"),
               (None, "")], qual=0, user="S-1-5-18", binary=asciihex(code)))


def case_vmsnapshot_module_mismatch():
    """
    Windows Server 2016: a third-party installer dropped a 32-bit msvcr120.dll into System32, the
    VC++ 2013 x64 redistributable that VMSnapshot installs fails (MsiInstaller 1603), regsvr32
    cannot register iaasvmprovider.dll (exit 3) and the extension cannot load it
    (BadImageFormatException, 0x8007000B).  Chain to vmsnapshot.failed.
    """
    name = "win-vmsnapshot-module-mismatch"
    m = Machine(rng_for(name), "sap16-app-03", "2016", "10.33.1.15", region="southeastasia", size="Standard_E8s_v3",
                mem_mb=65535)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=70440, app_first=33020)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=12)
    boot = dt("2024-09-20 03:02:44.000")
    t0 = dt("2024-09-30 00:00:00")
    a.log.w(t0 + hours(5) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(5))
    end = dt("2024-10-03 09:12:00.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-09-30", "2024-10-01", "2024-10-02", "2024-10-03"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    # the 32-bit runtime arrives with another product
    msi_events(ev, dt("2024-10-01 10:41:27.300"), "Contoso Print Bridge 4.2 (x86)", "4.2.118.0", 0,
               manufacturer="Contoso Ltd.")
    snapshot_history(b, a, snap, ev, ["2024-09-30"], hour=21)
    for day in ("2024-10-01", "2024-10-02"):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        L = snap.bl()
        L.w(tt + ms(200), "Info", "Checking prerequisites: Microsoft Visual C++ 2013 Redistributable (x64) - 12.0.40660")
        L.w(tt + ms(260), "Info", "Installing %s" % winpath(snap.ext.pkg() + "vcredist2013_x64.exe /install /quiet /norestart"))
        tm = tt + sec(24)
        msi_events(ev, tm, "Microsoft Visual C++ 2013 x64 Minimum Runtime - 12.0.40660", "12.0.40660", 1603,
                   error="Error 1935. An error occurred during the installation of assembly component "
                         "{A749D8E6-B613-3BE3-8F5F-045C84EBA29B}. HRESULT: 0x8007000B. ")
        L.w(tm + ms(500), "Warning", "vcredist2013_x64.exe exited with code 1603")
        L.w(tm + ms(700), "Info", "Registering %s" % winpath(snap.ext.pkg() + "iaasvmprovider.dll"))
        L.w(tm + sec(1), "Error", "regsvr32.exe /s \"%s\" exited with code 3" % winpath(snap.ext.pkg() + "iaasvmprovider.dll"))
        L.w(tm + sec(1) + ms(300), "Error", "Failed to load the VSS provider module iaasvmprovider.dll: "
            "System.BadImageFormatException: An attempt was made to load a program with an incorrect format. "
            "(Exception from HRESULT: 0x8007000B)",
            cont=["   at IaaSBcdr.Native.NativeMethods.LoadLibraryEx(String path)",
                  "   at IaaSBcdr.Snapshot.ProviderLoader.Load(String modulePath)",
                  "   at IaaSBcdr.Snapshot.SnapshotTask.Run()"])
        L.w(tm + sec(1) + ms(330), "Info", "Loaded module C:\\Windows\\system32\\msvcr120.dll: machine type x86 (0x14c), "
            "expected x64 (0x8664)")
        L.w(tm + sec(1) + ms(350), "Info", "Enable completed: error. Exit code 2.")
        snap.fail(tm + sec(1) + ms(350), 2, "VMSnapshot extension operation failed: iaasvmprovider.dll could not be "
                  "loaded (0x8007000B).")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(40), a.version, [snap.ext], inc=a.inc))
    b.put_text("Application.xml", ev.application.wevtutil_xml())
    b.put_text("System.xml", ev.system.wevtutil_xml())
    return b


BCDR_EXE = "IaaSBcdrExtension.exe"


def bcdr_exe_path(ext):
    return winpath(ext.pkg() + BCDR_EXE)


def case_antivirus_blocking():
    """
    Windows Server 2022 with a newly installed third-party endpoint protection (the fictitious
    "Fabrikam Endpoint Protection"): its hook DLL, injected into IaaSBcdrExtension.exe, crashes
    the backup extension during the snapshot two nights in a row (Application Error 1000,
    c0000005 in fsprotect64.dll).  Application exported with Event Viewer (Save as XML, with
    RenderingInfo), System with wevtutil /f:text.
    """
    name = "win-antivirus-blocking"
    m = Machine(rng_for(name), "web22-fe-01", "2022", "10.44.0.6", region="eastus", size="Standard_D4as_v5")
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=21570, app_first=8890)
    a = Agent(b, "2.7.41491.1131", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=31)
    boot = dt("2024-10-14 06:00:31.000")
    t0 = dt("2024-10-20 00:00:00")
    a.log.w(t0 + hours(2) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(2))
    end = dt("2024-10-23 08:05:30.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-10-20", "2024-10-21", "2024-10-22", "2024-10-23"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    snapshot_history(b, a, snap, ev, ["2024-10-20"], hour=21)
    msi_events(ev, dt("2024-10-21 13:12:09.500"), "Fabrikam Endpoint Protection", "8.4.1.1210", 0,
               manufacturer="Fabrikam, Inc.")
    ev.svc_state(dt("2024-10-21 13:12:15.100"), "Fabrikam Endpoint Protection Service", "FabrikamEPSvc", "running")
    for day in ("2024-10-21", "2024-10-22"):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        L = snap.bl()
        L.w(tt + ms(300), "Info", "Taking an application consistent snapshot (VSS copy backup).")
        ev.svc_state(tt + ms(600), "Volume Shadow Copy", "VSS", "running")
        tc = tt + sec(2) + ms(b.rng.randint(100, 900))
        L.w(tc - ms(400), "Info", "VSS: GatherWriterMetadata started.", thread=14)
        pid = pid4(b.rng, 3000, 9000)
        ev.app(Ev(tc - ms(250), "Application", "Fabrikam Endpoint Protection", 3004, 3, [
            (None, bcdr_exe_path(snap.ext)), (None, str(pid)), (None, "Credential access protection"), (None, "Monitored")],
            qual=0, msg="Behavior monitoring detected a suspicious operation.\r\nProcess: %s (PID %d)\r\nRule: Credential "
                        "access protection\r\nAction: Monitored" % (bcdr_exe_path(snap.ext), pid)))
        ev.app_error(tc, BCDR_EXE, "1.0.104.0", "66a3f1c0", "fsprotect64.dll", "8.4.1.1210", "66f2a9d4", "c0000005",
                     "000000000002f3b1", pid, tt - ms(700), bcdr_exe_path(snap.ext),
                     "C:\\Program Files\\Fabrikam\\Endpoint Protection\\fsprotect64.dll", b.rng.guid())
        ev.wer_report(tc + sec(2), str(b.rng.randint(10 ** 18, 10 ** 19 - 1)),
                      [BCDR_EXE, "1.0.104.0", "66a3f1c0", "fsprotect64.dll", "8.4.1.1210", "66f2a9d4", "c0000005",
                       "000000000002f3b1"])
        a.log.w(tc + ms(100), 6, "WARN", "Plugin %s: the handler process %d exited unexpectedly with exit code -1073741819 "
                "(0xC0000005)." % (SNAP, pid))
        ev.vss_idle(tc + sec(180))
        ev.svc_state(tc + sec(180) + ms(30), "Volume Shadow Copy", "VSS", "stopped")
        # the extension died after writing 'transitioning': the status never moves on
        snap.status = ext_status(SNAP, "Enable", "transitioning", 0, "Snapshot in progress.", tt + ms(200),
                                 extra={"taskId": snap.task_id, "commandStartTimeUTCTicks": str(ticks(snap.settings_t))})
        snap.ext.status = ("transitioning", 0, "Snapshot in progress.", tt + ms(200), "Enable")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [snap.ext], inc=a.inc))
    b.put("Application.xml", ev.application.saveas_xml())
    b.put_text("System.txt", ev.system.wevtutil_text())
    return b


def case_applocker_blocking():
    """
    Windows Server 2019, domain member: a GPO enforces AppLocker executable rules from 2024-06-17
    10:31; nothing allows C:\\\\Packages\\\\Plugins, so IaaSBcdrExtension.exe is blocked at every
    backup (AppLocker 8004 in Microsoft-Windows-AppLocker/EXE and DLL, exported with wevtutil).
    """
    name = "win-applocker-blocking"
    m = Machine(rng_for(name), "hr19-app-01.corp.fabrikam.com", "2019", "10.61.3.21", domain="corp.fabrikam.com",
                region="westeurope")
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=310220, app_first=120930)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=140)
    boot = dt("2024-06-11 04:10:03.000")
    t0 = dt("2024-06-16 00:00:00")
    a.log.w(t0 + hours(3) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(3))
    end = dt("2024-06-19 10:02:00.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-06-16", "2024-06-17", "2024-06-18", "2024-06-19"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    snapshot_history(b, a, snap, ev, ["2024-06-16"])
    gpo = dt("2024-06-17 10:31:12.400")
    ev.applocker.add(Ev(gpo, ev.applocker.channel, "Microsoft-Windows-AppLocker", 8001, 4, [],
                        guid="{cbda4dbf-8d5d-4f69-9578-be14aa540d22}", keywords=0x8000000000000000,
                        pid=pid4(b.rng, 600, 4000), tid=ev.tid(), user="S-1-5-18", keyword_names=()))
    ga_dir = "GuestAgent_2.7.41491.1102_2024-01-23_194431"
    sid_sys = "S-1-5-18"
    for day in ("2024-06-17", "2024-06-18"):
        tb = dt(day + " 22:00:00") + sec(b.rng.randint(20, 200))
        a.goal_state(tb)
        snap.next_seq(tb)
        a.log.w(tb + ms(300), 6, "INFO", "Beginning enable of plugin %s." % SNAP)
        a.log.w(tb + ms(302), 6, "INFO", "CreateJobObject: Creating job object with a name of %s" % SNAP)
        a.log.w(tb + ms(303), 6, "INFO", "%s: Extension CpuQuota is not set" % SNAP)
        pid = pid4(b.rng, 2000, 9000)
        ev.applocker_event(tb + ms(340), 8004, 2, "EXE",
                     "%OSDRIVE%\\PACKAGES\\PLUGINS\\MICROSOFT.AZURE.RECOVERYSERVICES.VMSNAPSHOT\\1.0.104.0\\IAASBCDREXTENSION.EXE",
                     bcdr_exe_path(snap.ext),
                     "O=MICROSOFT CORPORATION, L=REDMOND, S=WASHINGTON, C=US\\MICROSOFT AZURE RECOVERY SERVICES\\"
                     "IAASBCDREXTENSION.EXE\\1.0.104.0", sid_sys, pid, file_hash=b.rng.hexs(64, True))
        a.log.w(tb + ms(360), 6, "ERROR", "Failed to start the handler process %s enable: System.ComponentModel.Win32Exception "
                "(0x80004005): This program is blocked by group policy. For more information, contact your system "
                "administrator" % bcdr_exe_path(snap.ext),
                cont=["   at System.Diagnostics.Process.StartWithCreateProcess(ProcessStartInfo startInfo)",
                      "   at Microsoft.WindowsAzure.GuestAgent.ExtensionStateMachine.PluginLauncher.Launch(String command)"])
        a.log.w(tb + ms(380), 6, "ERROR", "Failed to enable plugin %s. Will retry with the next goal state." % SNAP)
        # the agent itself keeps running: a path rule allows C:\WindowsAzure
        ev.applocker_event(tb - sec(b.rng.randint(200, 3000)), 8002, 4, "EXE",
                     "%%OSDRIVE%%\\WINDOWSAZURE\\%s\\COLLECTGUESTLOGS.EXE" % ga_dir.upper(),
                     "C:\\WindowsAzure\\%s\\CollectGuestLogs.exe" % ga_dir, "-", sid_sys, b.rng.randint(2000, 9000),
                     rule_id="{%s}" % b.rng.guid(), rule_name="Azure agent: %OSDRIVE%\\WindowsAzure\\*")
    snap.ext.status = ("transitioning", 0, "", tb, "Enable")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [snap.ext], inc=a.inc))
    b.put_text("AppLocker-EXE.xml", ev.applocker.wevtutil_xml())
    b.put_text("System.xml", ev.system.wevtutil_xml())
    return b


def case_complus_unavailable():
    """
    Windows Server 2016: the COM+ System Application service dies on 2024-07-08 14:05 and cannot be
    started again (SCM 7031, 7009, 7000); COM+ 4689 and EventSystem 4609 in Application; the
    snapshot fails with a COM+ error (0x80080005).  System exported as CSV, Application with
    wevtutil, and sc query COMSysApp.
    """
    name = "win-complus-unavailable"
    m = Machine(rng_for(name), "erp16-app-07", "2016", "10.18.5.30", region="northeurope", size="Standard_D8s_v3",
                mem_mb=32767)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=145880, app_first=60410)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=88)
    boot = dt("2024-07-01 02:55:10.000")
    t0 = dt("2024-07-07 00:00:00")
    a.log.w(t0 + hours(4) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(4))
    end = dt("2024-07-10 08:44:00.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-07-07", "2024-07-08", "2024-07-09", "2024-07-10"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    snapshot_history(b, a, snap, ev, ["2024-07-07"])
    tc = dt("2024-07-08 14:05:33.610")
    comsys = ("COM+ System Application", "COMSysApp")
    ev.app(Ev(tc - sec(2), "Application", "COM+", 4689, 2, [(None,
              "\r\n\r\nProcess Name: dllhost.exe\r\nComsvcs.dll file version: ENU 2001.12.10930.16384 shp\r\n"
              "Server Application ID: {02D4B3F1-FD88-11D1-960D-00805FC79235}\r\nServer Application Instance ID:\r\n"
              "{%s}\r\nServer Application Name: System Application\r\nThe serious nature of this error has caused "
              "the process to terminate.\r\nError Code = 0x8000ffff : Catastrophic failure\r\nCOM+ Services Internals "
              "Information:\r\nFile: d:\\rs1\\com\\complus\\src\\comsvcs\\srgtapi\\csrgtserv.cpp, Line: 1036\r\n"
              "Comsvcs.dll file version: ENU 2001.12.10930.16384 shp" % b.rng.guid(upper=True))],
              qual=49154, task=0))
    ev.svc_crash(tc, *comsys, count=1, restart_ms=1000)
    ev.svc_timeout(tc + sec(31), *comsys)
    ev.svc_start_failed(tc + sec(31) + ms(10), *comsys, err="%%1053")
    ev.app(Ev(tc + sec(40), "Application", "Microsoft-Windows-EventSystem", 4609, 2,
              [("param1", "d:\\rs1\\com\\complus\\src\\events\\tier1\\eventsystemobj.cpp"), ("param2", "1486"),
               ("param3", "80080005")],
              guid="{899daace-4868-4295-afcd-9eb8fb497561}", src="EventSystem", qual=49152,
              pid=pid4(b.rng, 900, 1500), tid=ev.tid()))
    for day in ("2024-07-08", "2024-07-09"):
        tb = dt(day + " 22:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        L = snap.bl()
        L.w(tt + ms(300), "Info", "Taking an application consistent snapshot (VSS copy backup).")
        L.w(tt + sec(30) + ms(400), "Error", "CoCreateInstance(CLSID_VSSCoordinator) failed: 0x80080005 (Server execution "
            "failed). The COM+ System Application service is not running.")
        L.w(tt + sec(30) + ms(450), "Info", "Enable completed: error. Exit code 10.")
        snap.fail(tt + sec(30) + ms(450), 10, "Snapshot operation failed due to COM+ error: CoCreateInstance failed with "
                  "0x80080005 (Server execution failed).")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [snap.ext], inc=a.inc))
    b.put_text("Application.xml", ev.application.wevtutil_xml())
    b.put("System.csv", ev.system.csv())
    b.put_text("sc-query.txt", sc_query("COMSysApp", "STOPPED", 1053))
    return b


def case_msdtc_misconfigured():
    """
    Windows Server 2019 with SQL Server: on 2024-08-19 an administrator switched the MSDTC service
    to log on as LocalSystem; MS DTC no longer starts (4112, 4102, SCM 7023) and COM+ cannot reach
    it (4098); VMSnapshot's upgrade to 1.0.104.0 fails with 0x8004E00F.
    """
    name = "win-msdtc-misconfigured"
    m = Machine(rng_for(name), "sql19-db-03", "2019", "10.26.2.40", region="canadacentral", size="Standard_E16s_v5",
                mem_mb=131071)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=402330, app_first=287610)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.98.0", seq=201)
    boot = dt("2024-08-11 05:31:02.000")
    t0 = dt("2024-08-18 00:00:00")
    a.log.w(t0 + hours(2) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(2))
    end = dt("2024-08-21 07:20:00.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-08-18", "2024-08-19", "2024-08-20", "2024-08-21"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    snapshot_history(b, a, snap, ev, ["2024-08-18"], hour=23)
    dtc = ("Distributed Transaction Coordinator", "MSDTC")
    tch = dt("2024-08-19 09:40:18.200")
    ev.svc_state(tch, *dtc, state="stopped")
    msdtc_bin = "MSDTC".encode("utf-16-le").hex().upper()

    def dtc_ev(t, eid):
        return ev.app(Ev(t, "Application", "Microsoft-Windows-MSDTC", eid, 2, [],
                         guid="{719BE4ED-E9BC-4DD8-A7CF-C85CE8E4975D}", src="MSDTC", qual=49152, task=2,
                         pid=pid4(b.rng, 2000, 6000), tid=ev.tid(), binary=msdtc_bin, task_name="TM"))
    ts = tch + sec(41)
    ev.svc_state(ts, *dtc, state="running")
    dtc_ev(ts + sec(2), 4112)
    dtc_ev(ts + sec(2) + ms(15), 4102)
    ev.scm(ts + sec(3), 7023, 49152, 2, [("param1", dtc[0]), ("param2", "%%5")], binary=u16hex("MSDTC"))
    new = Snapshot(b, a, version="1.0.104.0", seq=snap.ext.seq)
    for day in ("2024-08-19", "2024-08-20"):
        tb = dt(day + " 23:00:00") + sec(b.rng.randint(20, 200))
        a.goal_state(tb)
        new.next_seq(tb)
        a.log.w(tb + ms(60), 6, "INFO", "Getting plugin locations for plugin '%s'. Current Version: '1.0.98.0', "
                "Requested Version: '1.0'" % SNAP)
        a.log.w(tb + sec(8), 6, "INFO", "Beginning installation of plugin %s." % SNAP)
        L = new.bl()
        ti = tb + sec(9)
        L.w(ti, "Info", "========== IaaSBcdrExtension 1.0.104.0 started. Operation: Install ==========")
        L.w(ti + sec(1), "Info", "Registering COM+ application IaaSVmProvider")
        dtc_ev(ti + sec(1) + ms(700), 4098)
        L.w(ti + sec(2), "Error", "COM+ catalog update failed: System.Runtime.InteropServices.COMException (0x8004E00F): "
            "COM+ was unable to talk to the Microsoft Distributed Transaction Coordinator (Exception from HRESULT: "
            "0x8004E00F)", cont=["   at COMAdmin.ICOMAdminCatalog2.InstallComponent(String bstrApplIDOrName, String bstrDLL, String bstrTLB, String bstrPSDLL)",
                                  "   at IaaSBcdr.Install.ComPlusRegistration.Register()"])
        L.w(ti + sec(2) + ms(30), "Error", "Install failed. Exit code 1.")
        a.log.w(ti + sec(3), 6, "ERROR", "InstallPlugins() failed with exception: Microsoft.WindowsAzure.GuestAgent."
                "ExtensionStateMachine.PluginInstallException: Plugin %s 1.0.104.0 failed to install: the install command "
                "exited with code 1." % SNAP)
        new.fail(ti + sec(3), 1, "Extension installation failed: COM+ was unable to talk to the Microsoft Distributed "
                 "Transaction Coordinator (0x8004E00F).")
        new.status[0]["status"]["operation"] = "Install"
        new.ext.status = new.ext.status[:4] + ("Install",)
    new.ext.handler = ("NotReady", 1, "Plugin installation failed.")
    a.write()
    snap.write()
    new.write(public=snap_settings(b, new.settings_t, new.task_id))
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [new.ext], inc=a.inc))
    b.put("Application.xml", ev.application.saveas_xml())
    b.put_text("System.xml", ev.system.wevtutil_xml())
    # "sc query MSDTC & sc qc MSDTC > sc-msdtc.txt"
    b.put_text("sc-msdtc.txt", sc_query("MSDTC", "STOPPED", 5) + sc_qc("MSDTC", "3   DEMAND_START",
               "C:\\Windows\\System32\\msdtc.exe", dtc[0], ["RPCSS", "SamSS"], "LocalSystem"))
    return b


def case_vss_writer_bad_state():
    """
    Windows Server 2019 with SQL Server: since 2024-09-02 the SQL writer and the System writer are
    failed ([8] Failed, Retryable error); VSS 8229, 12289, 8193; the snapshot fails with
    ExtensionFailedVssWriterInBadState.  `vssadmin list writers > writers.txt` from PowerShell,
    hence UTF-16LE.
    """
    name = "win-vss-writer-bad-state"
    m = Machine(rng_for(name), "sql19-db-07", "2019", "10.26.2.47", region="canadacentral", size="Standard_E16s_v5",
                mem_mb=131071)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=512004, app_first=301774)
    a = Agent(b, "2.7.41491.1131", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=66)
    boot = dt("2024-08-26 03:12:11.000")
    t0 = dt("2024-09-01 00:00:00")
    a.log.w(t0 + hours(1) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(1))
    end = dt("2024-09-04 08:31:00.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-09-01", "2024-09-02", "2024-09-03", "2024-09-04"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    snapshot_history(b, a, snap, ev, ["2024-09-01"], hour=23)
    ctx = ("\r\n\r\nOperation:\r\n   PrepareForSnapshot Event\r\n\r\nContext:\r\n   Execution Context: Writer\r\n"
           "   Writer Class Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}\r\n   Writer Name: SqlServerWriter\r\n"
           "   Writer Instance ID: {%s}\r\n   Command Line: \"C:\\Program Files\\Microsoft SQL Server\\90\\Shared\\sqlwriter.exe\"\r\n"
           "   Process ID: %d" % (b.rng.guid(), b.rng.randint(2000, 6000)))
    for day in ("2024-09-02", "2024-09-03"):
        tb = dt(day + " 23:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        L = snap.bl()
        L.w(tt + ms(300), "Info", "Taking an application consistent snapshot (VSS copy backup).")
        ev.svc_state(tt + ms(500), "Volume Shadow Copy", "VSS", "running")
        tv = tt + sec(14)
        code = "- Code: WRTWRTIC00000916- Call: WRTWRTIC00000899- PID:  %08d- TID:  %08d- CMD:  C:\\Windows\\system32\\vssvc.exe   - User: Name: NT AUTHORITY\\SYSTEM, SID:S-1-5-18" % (
            b.rng.randint(1000, 9000), b.rng.randint(1000, 9000))
        ev.app(Ev(tv, "Application", "VSS", 8193, 2, [
            (None, "ConvertStringSidToSid"), (None, "0x80070539, The security ID structure is invalid.\r\n"),
            (None, "\r\n\r\nOperation:\r\n   OnIdentify event\r\n   Gathering Writer Data\r\n\r\nContext:\r\n   Execution "
                   "Context: Shadow Copy Optimization Writer\r\n   Writer Class Id: {4dc3bdd4-ab48-4d07-adb0-3bee2926fd7f}\r\n"
                   "   Writer Name: Shadow Copy Optimization Writer")], qual=0, binary=asciihex(code)))
        ev.app(Ev(tv + sec(21), "Application", "VSS", 8229, 3, [
            (None, "0x800423f3, The writer experienced a transient error.  If the backup process is retried,\r\nthe error "
                   "may not reoccur.\r\n"), (None, ""), (None, ctx)], qual=0, binary=asciihex(code)))
        ev.app(Ev(tv + sec(22), "Application", "VSS", 12289, 2, [
            (None, "DeviceIoControl(\\\\?\\Volume{%s} - 0000000000000514,0x0053c020,0000000000000000,0,"
                   "000001E2F7A0B560,4096,[0])" % b.rng.guid()), (None, "0x80070057, The parameter is incorrect.\r\n"),
            (None, "\r\n\r\nOperation:\r\n   Processing PrepareForSnapshot\r\n\r\nContext:\r\n   Execution Context: "
                   "System Provider")], qual=0, binary=asciihex(code)))
        L.w(tv + sec(23), "Error", "VSS: writer SqlServerWriter is in failed state VSS_WS_FAILED_AT_PREPARE_SNAPSHOT, last "
            "error VSS_E_WRITERERROR_RETRYABLE (0x800423F3).", thread=14)
        L.w(tv + sec(23) + ms(5), "Error", "VSS: writer System Writer is in failed state VSS_WS_FAILED_AT_PREPARE_SNAPSHOT, "
            "last error VSS_E_WRITERERROR_RETRYABLE (0x800423F3).", thread=14)
        L.w(tv + sec(24), "Info", "Enable completed: error. Exit code 11.")
        snap.fail(tv + sec(24), 11, "Snapshot operation failed because VSS writers were in a bad state.")
        ev.vss_idle(tv + sec(204))
        ev.svc_state(tv + sec(204) + ms(25), "Volume Shadow Copy", "VSS", "stopped")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [snap.ext], inc=a.inc))
    b.put_text("Application.xml", ev.application.wevtutil_xml())
    b.put_text("System.xml", ev.system.wevtutil_xml())
    b.put_text("writers.txt", vssadmin_writers(b.rng, {"SqlServerWriter": ("[8] Failed", "Retryable error"),
                                                      "System Writer": ("[8] Failed", "Retryable error")}),
               enc="utf-16le")
    return b


def case_rdp_shutdown():
    """
    A Windows 10 Enterprise VM: its user shut it down from the Start menu of an RDP session on
    2021-03-31 19:58 UTC (User32 1074 'power off', EventLog 6006); the 22:00 backup found the VM off
    and failed; the user started it again at 23:50.  The customer exported System with wevtutil
    and saved the last hour of Application with "Save Filtered Log File As" (.evtx): that file is
    the real omerbenamram/evtx Application_no_crc32.evtx (DESKTOP-0HIJB49, 23:51-23:54 UTC).
    """
    name = "win-rdp-shutdown"
    m = Machine(rng_for(name), "DESKTOP-0HIJB49", "win10", "10.60.0.4", region="westeurope", size="Standard_D2s_v4",
                mem_mb=8191)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=8210, app_first=400)
    a = Agent(b, "2.7.41491.1010", "iso")
    snap = Snapshot(b, a, version="1.0.70.0", seq=19)
    boot = dt("2021-03-25 07:11:40.000")
    t0 = dt("2021-03-29 00:00:00")
    a.log.w(t0 + hours(6) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(6))
    off = dt("2021-03-31 19:58:07.318")
    a.heartbeats(t1 + sec(300), off - sec(100))
    for day in ("2021-03-29", "2021-03-30", "2021-03-31"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=off)
    snapshot_history(b, a, snap, ev, ["2021-03-29", "2021-03-30"])
    user = "%s\\%s" % (m.host, m.admin)
    usid = m.local_sid + "-500"
    ev.system.add(Ev(off - sec(2), "System", "Microsoft-Windows-Winlogon", 7002, 4,
                     [("TSId", "2"), ("UserSid", usid)], guid="{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}", task=1102,
                     keywords=0x2000200000000000, pid=pid4(b.rng, 500, 900), tid=ev.tid(), user="S-1-5-18",
                     keyword_names=(), msg="User Logoff Notification for Customer Experience Improvement Program"))
    ev.shutdown(off, "C:\\Windows\\System32\\RuntimeBroker.exe (%s)" % m.host, usid, user, "Other (Unplanned)", "0x0")
    a.stopping(off + sec(3))
    ev.svc_state(off + sec(4), *RDA, state="stopped")
    ev.svc_state(off + sec(5), *GA, state="stopped")
    on = dt("2021-03-31 23:50:31.412")
    up = boot_events(ev, on)
    t2 = a.start(up - sec(1))
    end = dt("2021-04-01 00:12:30.000")
    a.heartbeats(t2 + sec(300), end)
    # the platform failed the 22:00 job while the VM was off: nothing of it reaches the guest
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [snap.ext], inc=a.inc))
    b.put_text("System.xml", ev.system.wevtutil_xml())
    b.put("Application.evtx", real_evtx("omerbenamram_evtx__Application_no_crc32.evtx"))
    return b


def case_pending_reboot():
    """
    Windows Server 2012 R2: the May 2024 updates installed on 2024-05-15 03:05-03:17 UTC and
    Windows Update asks for a restart (WindowsUpdateClient 21) that never happens: no boot after
    it.  The two following backups time out.  System exported with Event Viewer (Save as XML).
    """
    name = "win-pending-reboot"
    m = Machine(rng_for(name), "fin12-app-02", "2012r2", "10.9.4.16", region="eastus", size="Standard_DS2_v2",
                mem_mb=7167)
    b = Bundle(name, "hand", m)
    ev = Events(m, sys_first=250110, app_first=99870)
    a = Agent(b, "2.7.41491.1102", "isoms")
    snap = Snapshot(b, a, version="1.0.104.0", seq=301)
    boot = dt("2024-04-21 03:40:12.000")
    t0 = dt("2024-05-14 00:00:00")
    a.log.w(t0 + hours(7) - sec(5), 4, "INFO", "WindowsAzureGuestAgent stopping.")
    t1 = a.start(t0 + hours(7))
    end = dt("2024-05-17 09:15:00.000")
    a.heartbeats(t1 + sec(300), end)
    for day in ("2024-05-14", "2024-05-15", "2024-05-16", "2024-05-17"):
        daily_noise(ev, dt(day + " 00:00:00"), boot, after=t0, before=end)
    snapshot_history(b, a, snap, ev, ["2024-05-14"], hour=21)
    ups = [("2024-05 Security Monthly Quality Rollup for Windows Server 2012 R2 for x64-based Systems (KB5037823)", 201),
           ("2024-05 Cumulative Update for .NET Framework 3.5, 4.6.2, 4.7, 4.7.1, 4.7.2, 4.8 for Windows Server 2012 R2 "
            "for x64 (KB5037036)", 200),
           ("Windows Malicious Software Removal Tool x64 - v5.124 (KB890830)", 200)]
    ev.wu_failed(dt("2024-05-14 03:31:40.120"), "0x80073712", ups[0][0], "{%s}" % b.rng.guid(upper=True), ups[0][1])
    tw = dt("2024-05-15 03:05:12.500")
    ev.svc_state(tw - sec(20), "Windows Modules Installer", "TrustedInstaller", "running")
    for title, rev in ups:
        tw = ev.wu_installed(tw, title, "{%s}" % b.rng.guid(upper=True), rev).t + sec(40)
    ev.wu_restart_required(tw + sec(5), [u[0] for u in ups])
    for day in ("2024-05-15", "2024-05-16"):
        tb = dt(day + " 21:00:00") + sec(b.rng.randint(20, 200))
        tt = snap.begin(tb)
        L = snap.bl()
        L.w(tt + ms(300), "Info", "Taking an application consistent snapshot (VSS copy backup).")
        ev.svc_state(tt + ms(500), "Volume Shadow Copy", "VSS", "running")
        L.w(tt + sec(2), "Info", "VSS: GatherWriterMetadata started.", thread=14)
        L.w(tt + sec(1500), "Warning", "Still waiting for the snapshot to complete (1500 s).")
        L.w(tt + sec(3000), "Warning", "Still waiting for the snapshot to complete (3000 s).")
        te = tt + sec(5400)
        L.w(te, "Error", "The snapshot did not complete within 5400 seconds; the operation timed out.")
        L.w(te + ms(40), "Info", "Enable completed: error. Exit code 12.")
        snap.fail(te, 12, "Snapshot operation timed out.")
        ev.vss_idle(te + sec(180))
        ev.svc_state(te + sec(180) + ms(30), "Volume Shadow Copy", "VSS", "stopped")
    a.write()
    snap.write()
    b.put("WindowsAzure/Logs/AggregateStatus/aggregatestatus.json",
          aggregate_status(b, end - sec(25), a.version, [snap.ext], inc=a.inc))
    b.put("System.xml", ev.system.saveas_xml())
    b.put_text("systeminfo.txt", systeminfo(m, boot, dt("2015-02-10 11:30:41")))
    return b


CASES = [
    ("win-healthy-2019", case_healthy_2019, "-", "-"),
    ("win-healthy-2022-handcollected", case_healthy_2022, "-", "-"),
    ("win-agent-not-running", case_agent_not_running, "UserErrorGuestAgentStatusUnavailable", "agent.windows.not-running"),
    ("win-agent-not-installed", case_agent_not_installed, "UserErrorGuestAgentStatusUnavailable", "agent.windows.not-installed"),
    ("win-agent-outdated", case_agent_outdated, "GuestAgentSnapshotTaskStatusError", "agent.windows.outdated"),
    ("win-dotnet-missing", case_dotnet_missing, "UserErrorGuestAgentStatusUnavailable", "agent.windows.dotnet-missing"),
    ("win-wireserver-unreachable", case_wireserver_unreachable, "GuestAgentSnapshotTaskStatusError", "network.wireserver-unreachable"),
    ("win-dhcp-disabled", case_dhcp_disabled, "GuestAgentSnapshotTaskStatusError", "network.dhcp-disabled"),
    ("win-storage-unreachable", case_storage_unreachable, "ExtensionSnapshotFailedNoNetwork", "network.storage-unreachable"),
    ("win-extension-provisioning-failed", case_extension_provisioning_failed, "UserErrorVmProvisioningStateFailed", "extension.provisioning-failed"),
    ("win-vmsnapshot-failed", case_vmsnapshot_failed, "ExtensionOperationFailedForManagedDisks", "vmsnapshot.failed"),
    ("win-vmsnapshot-module-mismatch", case_vmsnapshot_module_mismatch, "BackUpOperationFailed", "vmsnapshot.module-mismatch"),
    ("win-antivirus-blocking", case_antivirus_blocking, "GuestAgentSnapshotTaskStatusError", "windows.antivirus-blocking"),
    ("win-applocker-blocking", case_applocker_blocking, "GuestAgentSnapshotTaskStatusError", "windows.applocker-blocking"),
    ("win-complus-unavailable", case_complus_unavailable, "ExtensionSnapshotFailedCOM", "windows.complus-unavailable"),
    ("win-msdtc-misconfigured", case_msdtc_misconfigured, "ExtensionInstallationFailedMDTC", "windows.msdtc-misconfigured"),
    ("win-vss-writer-bad-state", case_vss_writer_bad_state, "ExtensionFailedVssWriterInBadState", "windows.vss-writer-bad-state"),
    ("win-rdp-shutdown", case_rdp_shutdown, "GuestAgentSnapshotTaskStatusError", "vm.rdp-shutdown"),
    ("win-pending-reboot", case_pending_reboot, "GuestAgentSnapshotTaskStatusError", "vm.pending-reboot"),
]


def update_expect():
    rows = []
    if os.path.isfile(EXPECT):
        with open(EXPECT) as f:
            rows = [l.rstrip("\n") for l in f if l.strip()]
    if not rows or not rows[0].startswith("case\t"):
        rows.insert(0, "case\tsymptom\troot")
    rows = [r for r in rows if not r.startswith("win-")]
    rows += ["%s\t%s\t%s" % (n, s, r) for n, _, s, r in CASES]
    with open(EXPECT, "w") as f:
        f.write("\n".join(rows) + "\n")


def main():
    load_real_evtx()
    if os.path.isdir(OUT_ROOT):
        shutil.rmtree(OUT_ROOT)
    os.makedirs(OUT_ROOT)
    total = 0
    for name, fn, _, _ in CASES:
        b = fn()
        assert b.name == name, (b.name, name)
        for p, data in sorted(b.files.items()):
            full = os.path.join(OUT_ROOT, name, p)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(data)
        total += b.size()
        sys.stdout.write("%-36s %-11s %3d files %8d bytes\n" % (name, b.layout, len(b.files), b.size()))
    sys.stdout.write("%-36s %-11s %3s       %8d bytes\n" % ("total", "", "", total))
    update_expect()


if __name__ == "__main__":
    main()
