#!/bin/sh
# The pattern packs load, lint clean, and every example line of every
# signal matches (or not) through the real parsers.
. "$SRCDIR/tests/setup.sh"

vt packs lint > "$T/lint" 2>&1
expect_rc 0 "packs lint"
grep -q ': 0 warnings$' "$T/lint" || fail "packs lint warns: $(cat "$T/lint")"

vt packs test > "$T/test" 2>&1
expect_rc 0 "packs test"
grep -q ' 0 failed$' "$T/test" || fail "packs test: $(cat "$T/test")"
cat "$T/test"

# Every cause of the catalogue the Linux issue covers is in the packs.
vt packs list > "$T/list"
for id in agent.linux.outdated agent.linux.not-running \
    agent.linux.extensions-disabled agent.linux.provisioning-not-auto \
    agent.linux.python-unsupported network.wireserver-unreachable \
    network.dhcp-disabled network.storage-unreachable \
    extension.provisioning-failed vmsnapshot.failed \
    vmsnapshot.fs-freeze-failed vmsnapshot.prepost-script-failed \
    vm.pending-reboot; do
	grep -q "^$id " "$T/list" || fail "no cause $id in the packs"
done

# A broken pack is refused with exit 4 and a message naming it.
mkdir "$T/bad"
printf '{"pack": "bad", "signals": [{"id": "x", "kinds": ["waagent.log"], "regex": "(unclosed"}]}\n' > "$T/bad/99-bad.json"
vt packs lint --patterns "$T/bad" > "$T/out" 2>&1
expect_rc 4 "a pack with a bad regex"
grep -q '99-bad\|bad' "$T/out" || fail "the error does not name the pack: $(cat "$T/out")"

finish
