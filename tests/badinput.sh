#!/bin/sh
# Bad input: a bundle that cannot be opened exits 3 naming it; a member
# that cannot be read is listed in bundle.skipped with a reason and the
# rest is still analysed; nothing crashes.
. "$SRCDIR/tests/setup.sh"
need jq
: "${MKBUNDLE:?set MKBUNDLE}"

good="$SAMPLES/wireserver-unreachable"
[ -d "$good" ] || good="$SAMPLES/$(ls "$SAMPLES" | grep -v healthy | head -1)"

# Unreadable bundles.
mkdir "$T/empty"
vt analyze "$T/empty" > /dev/null 2>"$T/err"; expect_rc 3 "an empty directory"
grep -q empty "$T/err" || fail "no message naming the empty bundle"
head -c 4096 /dev/urandom > "$T/logs.zip"
vt analyze "$T/logs.zip" > /dev/null 2>"$T/err"; expect_rc 3 "random bytes named logs.zip"
grep -q logs.zip "$T/err" || fail "no message naming logs.zip"

# A truncated zip: what was read before the cut is analysed.
"$MKBUNDLE" zip "$T/full.zip" "$good"
size=$(wc -c < "$T/full.zip")
head -c $((size * 2 / 3)) "$T/full.zip" > "$T/cut.zip"
vt analyze --quiet --format json -o "$T/cut.json" "$T/cut.zip"
[ "$rc" -le 1 ] || fail "truncated zip: exit $rc"
is_report "$T/cut.json" || fail "truncated zip: no report"
[ "$(jq '.bundle.files' "$T/cut.json")" -gt 0 ] || fail "truncated zip: nothing read"
[ "$(jq '.bundle.skipped | length' "$T/cut.json")" -gt 0 ] ||
	fail "truncated zip: the damage is not in bundle.skipped"
ok "truncated zip"

# Damaged members under known names are skipped with a reason.
cp -R "$good" "$T/bad"
st=$(find "$T/bad/var/lib/waagent" -path '*/status/*.status' | head -1)
[ -n "$st" ] || { mkdir -p "$T/bad/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/status"; st="$T/bad/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/status/0.status"; }
printf '[{"status": {"status": "error", "code": ' > "$st"
printf '<GoalState><Incarnation>3</Incarnation><Container' > "$T/bad/var/lib/waagent/GoalState.9.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<GoalState><Incarnation>&e;</Incarnation></GoalState>\n' > "$T/bad/var/lib/waagent/GoalState.10.xml"
head -c 65536 /dev/urandom > "$T/bad/var/log/waagent.log.2"
vt analyze --quiet --format json -o "$T/bad.json" "$T/bad"
[ "$rc" -le 1 ] || fail "damaged members: exit $rc"
is_report "$T/bad.json" || fail "damaged members: no report"
for m in "$(basename "$st")" GoalState.9.xml GoalState.10.xml waagent.log.2; do
	jq -r '.bundle.skipped[] | "\(.path)\t\(.reason)"' "$T/bad.json" |
	    grep -q "$m	." || fail "$m is not in bundle.skipped with a reason"
done
if grep -q 'root:' "$T/bad.json"; then fail "an entity was expanded"; fi
vt analyze --quiet --format json -o "$T/good.json" "$good"
[ "$(jq -r '.findings[0].cause' "$T/bad.json")" = \
  "$(jq -r '.findings[0].cause' "$T/good.json")" ] ||
	fail "the rest of the bundle was not analysed as before"
ok "damaged members skipped, the rest analysed"

# Random bytes under every known name: no crash.
mkdir -p "$T/noise/etc" "$T/noise/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux" \
    "$T/noise/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status" \
    "$T/noise/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config"
for f in etc/waagent.conf etc/os-release var/log/waagent.log var/log/syslog \
    var/lib/waagent/GoalState.1.xml var/lib/waagent/ExtensionsConfig.1.xml \
    var/lib/waagent/waagent_status.json \
    var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log \
    var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/shell.log \
    var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/0.status \
    var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config/HandlerStatus; do
	head -c 20000 /dev/urandom > "$T/noise/$f"
done
vt analyze --quiet --format json -o "$T/noise.json" "$T/noise"
[ "$rc" -le 1 ] || [ "$rc" -eq 3 ] || fail "random bytes: exit $rc"
[ "$rc" -eq 3 ] || is_report "$T/noise.json" || fail "random bytes: no report"
ok "random bytes under known names (exit $rc)"

# Windows: a cut .evtx, a .evtx of random bytes, an XML export broken
# half-way, a UTF-16 log without its BOM.  The damage is listed with a
# reason, what was before it is kept, the rest is analysed.
wgood="$SAMPLES_WINDOWS/win-agent-not-running"
if [ -d "$wgood" ]; then
	cp -R "$wgood" "$T/wbad"
	evtx="$SRCDIR/tests/data/evtx/Application_no_crc32.evtx"
	head -c 40000 "$evtx" > "$T/wbad/Application.evtx"
	head -c 200000 /dev/urandom > "$T/wbad/Security.evtx"
	xml="$T/wbad/System.xml"
	head -c $(($(wc -c < "$xml") / 2)) "$xml" > "$T/wbad/System-cut.xml"
	printf '[00000004] 2024-03-12T09:00:00.000Z [INFO]  Telemetry started.\r\n' |
	    iconv -f UTF-8 -t UTF-16LE > "$T/wbad/WindowsAzure/Logs/Telemetry.log"
	vt analyze --quiet --format json -o "$T/wbad.json" "$T/wbad"
	[ "$rc" -le 1 ] || fail "damaged Windows members: exit $rc"
	is_report "$T/wbad.json" || fail "damaged Windows members: no report"
	for m in Application.evtx Security.evtx System-cut.xml; do
		jq -r '.bundle.skipped[] | "\(.path)\t\(.reason)"' "$T/wbad.json" |
		    grep -q "$m	." || fail "$m is not in bundle.skipped with a reason"
	done
	jq -r '.bundle.skipped[] | select(.path == "Application.evtx") | .reason' \
	    "$T/wbad.json" | grep -q 'records read' ||
		fail "the cut .evtx does not say how many records were read"
	vt records --kind guestagent.log "$T/wbad" |
	    grep -q 'Telemetry.log:1	2024-03-12T09:00:00.*Telemetry started' ||
		fail "a UTF-16 log without BOM is not read"
	vt analyze --quiet --format json -o "$T/wgood.json" "$wgood"
	[ "$(jq -r '.findings[0].cause' "$T/wbad.json")" = \
	  "$(jq -r '.findings[0].cause' "$T/wgood.json")" ] ||
		fail "the rest of the Windows bundle was not analysed as before"
	ok "damaged Windows members skipped or partly read, the rest analysed"
fi

# Control-plane exports: one cut, one of a resource vmtriage does not
# read, one saved as UTF-16 and cut inside a character; the guest and the
# sound export beside them are analysed as before.
mixed="$SRCDIR/samples/control/mixed-linux-firewall"
if [ -d "$mixed" ]; then
	cp -R "$mixed" "$T/cbad"
	head -c 900 "$mixed/azure/az-backup-job-list.json" > "$T/cbad/azure/cut.json"
	printf '[{"id": "/subscriptions/x/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/n", "type": "Microsoft.Network/networkSecurityGroups"}]\n' \
	    > "$T/cbad/azure/nsg.json"
	{ printf '\377\376'; printf '{"vmAgent": {"statuses": [' |
	    sed 's/./&\n/g' | tr '\n' '\000'; printf '{'; } > "$T/cbad/azure/utf16.json"
	vt analyze --quiet --format json -o "$T/cbad.json" "$T/cbad"
	[ "$rc" -le 1 ] || fail "damaged exports: exit $rc"
	for m in azure/cut.json azure/nsg.json azure/utf16.json; do
		jq -r '.bundle.skipped[] | "\(.path)\t\(.reason)"' "$T/cbad.json" |
		    grep -q "$m	." || fail "$m is not in bundle.skipped with a reason"
	done
	jq -r '.bundle.skipped[] | select(.path == "azure/nsg.json") | .reason' \
	    "$T/cbad.json" | grep -q "networkSecurityGroups" ||
		fail "the skipped export does not name its resource type"
	[ "$(jq -r '[.symptom.code, .findings[0].cause] | join(" ")' "$T/cbad.json")" = \
	  "GuestAgentSnapshotTaskStatusError network.wireserver-unreachable" ] ||
		fail "the rest of the bundle was not analysed as before"
	ok "damaged exports skipped with a reason, the rest analysed"
fi

finish
