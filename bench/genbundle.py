#!/usr/bin/env python3
"""
genbundle.py - writes a large synthetic Linux support bundle for bench/run.sh.

    python3 bench/genbundle.py [--mb 1024] [--seed 1] OUTDIR

OUTDIR gets:

    var/log/waagent.log          about MB MiB (WALinuxAgent 2.9 format)
    var/log/waagent.log.1 .. .3  rotated logs, MB/20 MiB each, older times
    var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log
                                 about MB/10 MiB (VMSnapshotLinux format)

Message texts come from the sample bundles (samples/linux/*/...) when they
exist, otherwise from the examples of the pattern packs (patterns/*.json),
plus a fixed list of everyday WALinuxAgent 2.9.1.1 / VMBackup lines (the
texts the sample generator uses too).  Lines that a waagent.log or
vmsnapshot.log signal matches ("fault lines") are sprinkled in at a low rate
(--fault-rate, default one line in 4000) so that vmtriage has findings.
Timestamps only ever increase; the output is deterministic for a seed.
Standard library only.
"""

import argparse
import glob
import json
import os
import random
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))

SNAP_DIR = "var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
SNAP_PREFIX = "[Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0]"

# "2025-03-14T09:12:44.123456Z INFO ExtHandler ExtHandler msg"
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z (.*)$", re.S)
# "2025-03-14 09:19:58.123456 [Microsoft...-1.0]msg"
SNAP_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} (\[.*)$", re.S)

# Everyday lines of a healthy WALinuxAgent 2.9.1.1 (ga/update.py, ga/exthandlers.py,
# protocol/goal_state.py, ga/collect_logs.py, ga/monitor.py), as "LEVEL THREAD PREFIX msg".
# Weights: how often each shows up relative to the others.
AGENT_BULK = [
    (40, "INFO ExtHandler "),
    (40, "INFO ExtHandler Fetched a new incarnation for the WireServer goal state [incarnation 7]"),
    (40, "INFO ExtHandler Fetching full goal state from the WireServer [incarnation 7]"),
    (40, "INFO ExtHandler Fetch goal state completed"),
    (30, "INFO ExtHandler ExtHandler ProcessExtensionsGoalState started [incarnation_7 channel: WireServer source: Fabric activity: 3c1b9a5e-4b2f-4d7e-9f0a-6e2d1c3b4a59 correlation 9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a created: 2025-03-14T09:12:40.217Z]"),
    (30, "INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Target handler state: enabled [incarnation_7]"),
    (30, "INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] [Enable] current handler state is: enabled"),
    (30, "INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Update settings file: 7.settings"),
    (30, "INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Enable extension: [main/handle.sh enable]"),
    (30, "INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Executing command: /var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/main/handle.sh enable with environment variables: {\"AZURE_GUEST_AGENT_EXTENSION_PATH\": \"/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0\", \"AZURE_GUEST_AGENT_EXTENSION_VERSION\": \"1.0.9225.0\", \"ConfigSequenceNumber\": \"7\", \"AZURE_GUEST_AGENT_WIRE_PROTOCOL_ADDRESS\": \"168.63.129.16\", \"AZURE_GUEST_AGENT_EXTENSION_SUPPORTED_FEATURES\": \"[{\\\"Key\\\": \\\"ExtensionTelemetryPipeline\\\", \\\"Value\\\": \\\"1.0\\\"}]\"}"),
    (30, "INFO ExtHandler [Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0] Command: main/handle.sh enable\n[stdout]\n\n\n[stderr]\n"),
    (30, "INFO ExtHandler ExtHandler ProcessExtensionsGoalState completed [incarnation_7 1034 ms]\n"),
    (30, "INFO ExtHandler ExtHandler Extension status: [('Microsoft.Azure.RecoveryServices.VMSnapshotLinux', 'success')]"),
    (20, "INFO ExtHandler [Microsoft.Azure.Extensions.CustomScript-2.1.10] Target handler state: enabled [incarnation_7]"),
    (20, "INFO ExtHandler [Microsoft.Azure.Extensions.CustomScript-2.1.10] Command: bin/custom-script-shim enable\n[stdout]\nWriting a placeholder status file indicating progress before forking: /var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/status/7.status\n\n[stderr]\nrunning as root\n"),
    (10, "INFO CollectLogsHandler ExtHandler Starting log collection..."),
    (10, "INFO CollectLogsHandler ExtHandler Successfully collected logs. Archive size: 2583411 b, elapsed time: 6214 ms."),
    (10, "INFO CollectLogsHandler ExtHandler Successfully uploaded logs."),
    (8, "INFO ExtHandler ExtHandler Goal State Period: 6 sec. This indicates how often the agent checks for new goal states and reports status."),
    (5, "INFO ExtHandler ExtHandler WireServer endpoint 168.63.129.16 read from file"),
    (5, "INFO ExtHandler ExtHandler Wire server endpoint:168.63.129.16"),
    (5, "INFO ExtHandler ExtHandler Starting setup for Persistent firewall rules"),
    (5, "INFO ExtHandler ExtHandler Persistent firewall rules setup successfully"),
    (5, "INFO ExtHandler ExtHandler Distro: ubuntu-22.04; OSUtil: UbuntuOSUtil; AgentService: walinuxagent; Python: 3.10.12; systemd: True; LISDrivers: Absent; logrotate: logrotate 3.19.0;"),
    (3, "INFO ExtHandler ExtHandler [HEARTBEAT] Agent WALinuxAgent-2.9.1.1 is running as the goal state agent [DEBUG HeartbeatCounter: 17;HeartbeatId: 58A1F8C4-5F3C-4B2A-9D3E-0D4E2A1B7C11;DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1]"),
]

# Everyday VMSnapshotLinux extension.log lines (azure-linux-extensions VMBackup/main, Python 3 shape).
SNAP_BULK = [
    "starting enable",
    "patch_class_name: UbuntuPatching and orig_distro: Ubuntu",
    "taskId: 2f0d7a51-8d0c-4f0e-a7a3-9bd2bb2c4f10",
    "Sleeping for milliseconds: 2315",
    "Enable,success,4,Transitioning state in extension,False",
    "starting daemon for freezing the file system",
    "The command snapshot is being validated",
    "commandToExecute for backup is snapshot",
    "commandToExecute after commiting the blob is snapshot",
    "Calling do snapshot method",
    "snapshotTaskToken : 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    "FreezeSnapshotter : takeCrashConsistentSnapshot = False",
    "hostIp : 168.63.129.16",
    "CustomSettings is null in extension input.",
    "snapshotMethodConfigValue : firstHostThenGuest",
    "[FreezeSnapshotter] isManaged flag : True",
    "start calling the presnapshot rest api",
    "PreSnapshot: Status Code: 200",
    "T:S freeze, timeout value 60",
    "fsfreeze mount :/",
    "fsfreeze mount :/boot",
    "fsfreeze mount :/boot/efi",
    "skipped mount :['/mnt']",
    "arg : ['main/safefreeze/bin/safefreeze', '60', '/', '/boot', '/boot/efi']",
    "proceeded for accepting signals",
    "Validate Scripts output: errorCode - 0 dobackup - True fsFreeze_on - True pollTime - 5",
    "Enable Succeeded with App Consistent Snapshot",
]


def load_sample_lines():
    """(agent bodies, snapshot bodies) from samples/linux/*, or ([], [])."""
    agent, snap = [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "samples", "linux", "*", "var", "log", "waagent.log*"))):
        if path.endswith(".gz"):
            continue
        agent.extend(split_records(path, ISO_RE))
    for path in sorted(glob.glob(os.path.join(ROOT, "samples", "linux", "*", SNAP_DIR, "extension.log*"))):
        snap.extend(split_records(path, SNAP_RE))
    return agent, snap


def split_records(path, rx):
    """bodies (text after the timestamp) of the records of a log; continuation lines stay with their record"""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = rx.match(line)
            if m:
                out.append(m.group(1))
            elif out:
                out[-1] += "\n" + line
    return out


def distinct(bodies):
    """one body per message shape (numbers and hex ids folded), in first-seen order: the samples
    repeat the heartbeat thousands of times, the bulk should mix the messages instead"""
    seen = {}
    for b in bodies:
        seen.setdefault(re.sub(r"[0-9A-Fa-f]{6,}|\d+", "N", b), b)
    return list(seen.values())


def load_pattern_examples():
    """(agent match, agent no_match, snap match, snap no_match) bodies from the packs' examples"""
    am, an, sm, sn = [], [], [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "patterns", "*.json"))):
        with open(path, encoding="utf-8") as f:
            pack = json.load(f)
        for sig in pack.get("signals", []):
            kinds = sig.get("kinds", [])
            ex = sig.get("examples", {})
            for key, want_match in (("match", True), ("no_match", False)):
                for e in ex.get(key, []):
                    text = e if isinstance(e, str) else e.get("text", "")
                    if "waagent.log" in kinds:
                        m = ISO_RE.match(text)
                        if m:
                            (am if want_match else an).append(m.group(1))
                    if "vmsnapshot.log" in kinds:
                        m = SNAP_RE.match(text)
                        if m:
                            (sm if want_match else sn).append(m.group(1))
    return am, an, sm, sn


class Clock(object):
    """increasing timestamps, formatted fast (the date part is cached per minute)"""

    def __init__(self, start, rng, mean_step_us):
        self.us = int(start) * 1000000
        self.rng = rng
        self.steps = [rng.randint(0, 2 * mean_step_us) + 1 for _ in range(4096)]
        self.i = 0
        self.minute = None
        self.prefix_iso = self.prefix_snap = ""

    def tick(self):
        self.us += self.steps[self.i & 4095]
        self.i += 1
        sec, us = divmod(self.us, 1000000)
        minute, s = divmod(sec, 60)
        if minute != self.minute:
            self.minute = minute
            tm = time.gmtime(minute * 60)
            self.prefix_iso = time.strftime("%Y-%m-%dT%H:%M:", tm)
            self.prefix_snap = time.strftime("%Y-%m-%d %H:%M:", tm)
        return s, us


def write_log(path, size, clock, bulk, weights, faults, fault_rate, rng, snap):
    """write about `size` bytes of records; returns (bytes, records, fault records)"""
    written = nrec = nfault = 0
    chunk = 2000
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while written < size:
            bodies = rng.choices(bulk, weights=weights, k=chunk)
            if faults:
                nf = max(1, int(chunk * fault_rate)) if fault_rate > 0 else 0
                for _ in range(nf):
                    bodies[rng.randrange(chunk)] = rng.choice(faults)
                    nfault += 1
            out = []
            if snap:
                for b in bodies:
                    s, us = clock.tick()
                    out.append("%s%02d.%06d %s\n" % (clock.prefix_snap, s, us, b))
            else:
                for b in bodies:
                    s, us = clock.tick()
                    out.append("%s%02d.%06dZ %s\n" % (clock.prefix_iso, s, us, b))
            data = "".join(out)
            f.write(data)
            written += len(data)
            nrec += chunk
    return written, nrec, nfault


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=1024, help="size of var/log/waagent.log in MiB")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fault-rate", type=float, default=1 / 4000.0)
    ap.add_argument("outdir")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    s_agent, s_snap = load_sample_lines()
    s_agent, s_snap = distinct(s_agent), distinct(s_snap)
    am, an, sm, sn = load_pattern_examples()
    src = "samples/linux" if s_agent else "patterns/*.json examples"

    # bulk: everyday lines (weighted), plus the sample lines or the no_match examples (weight 1 each)
    bulk = [b for _, b in AGENT_BULK] + (s_agent or an)
    weights = [w for w, _ in AGENT_BULK] + [2] * len(s_agent or an)
    sbulk = [SNAP_PREFIX + b for b in SNAP_BULK] + (s_snap or sn)
    sweights = [10] * len(SNAP_BULK) + [2] * len(s_snap or sn)
    if not am or not sm:
        sys.exit("genbundle: no fault lines found in patterns/*.json examples")

    mib = 1024 * 1024
    logdir = os.path.join(a.outdir, "var", "log")
    os.makedirs(os.path.join(a.outdir, SNAP_DIR), exist_ok=True)
    # the whole bundle covers ~90 days ending 2025-03-14
    end = 1741944000
    nlines = (a.mb * mib * 1.15 / 150) + 1
    clock = Clock(end - 90 * 86400, rng, max(1, int(90 * 86400 * 1e6 / nlines)))
    total = 0
    t0 = time.time()
    plan = [("waagent.log.%d" % i, max(1, a.mb // 20) * mib) for i in (3, 2, 1)] + [("waagent.log", a.mb * mib)]
    for name, size in plan:
        n, rec, nf = write_log(os.path.join(logdir, name), size, clock, bulk, weights, am, a.fault_rate, rng, False)
        total += n
        print("  var/log/%-14s %7.1f MiB %9d records %6d fault lines" % (name, n / mib, rec, nf), file=sys.stderr)
    # the extension's log covers the same period, on its own clock
    sclock = Clock(end - 90 * 86400, rng, max(1, int(90 * 86400 * 1e6 * 10 / nlines)))
    n, rec, nf = write_log(os.path.join(a.outdir, SNAP_DIR, "extension.log"), max(1, a.mb // 10) * mib,
                           sclock, sbulk, sweights, sm, a.fault_rate, rng, True)
    total += n
    print("  %s/extension.log %.1f MiB %d records %d fault lines" % ("VMSnapshotLinux", n / mib, rec, nf), file=sys.stderr)
    print("genbundle: %.1f MiB in %.1f s (texts from %s)" % (total / mib, time.time() - t0, src), file=sys.stderr)


if __name__ == "__main__":
    main()
