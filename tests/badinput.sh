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

finish
