#!/bin/sh
# vmtriage audit: the samples of samples/audit/ against their golden
# reports (tests/golden/audit/CASE.{json,txt}, and .md and .html where
# those exist), the exit status and --fail-on, every check of the packs
# in the JSON, the statuses the samples are built to show, what unknown
# checks ask for, the data's sources, the command line, and no secret
# in any output.  After a deliberate change, regenerate with
#   VMTRIAGE_UPDATE_GOLDEN=1 make check TESTS=tests/audit.sh
# and review the diff.
. "$SRCDIR/tests/setup.sh"
need jq

GOLDEN="$SRCDIR/tests/golden/audit"
cd "$SRCDIR" || exit 99

# status CASE CHECK: the status of a check in the case's JSON.
status() {
	jq -r --arg id "$2" '.checks[] | select(.id == $id) | .status' \
	    "$T/$1.json"
}

# expect_status CASE CHECK STATUS
expect_status() {
	got=$(status "$1" "$2")
	if [ "$got" = "$3" ]; then ok "$1: $2 $3"
	else fail "$1: $2 is '$got', expected $3"; fi
}

# The checks of the packs, in pack order.
jq -r '.checks[]?.id' patterns/*.json > "$T/ids"
[ -s "$T/ids" ] || fail "the packs hold no check"

for case in audit-ready-linux audit-failing-windows audit-thin; do
	dir=samples/audit/$case
	[ -d "$dir" ] || { fail "$dir is missing (samples/gen/mkaudit.py)"; continue; }
	vt audit --quiet --format json -o "$T/$case.json" "$dir"
	echo "$rc" > "$T/$case.rc"
	vt audit --quiet --format text -o "$T/$case.txt" "$dir"
	exts="json txt"
	for ext in md html; do
		[ -f "$GOLDEN/$case.$ext" ] || continue
		fmt=$ext
		[ "$ext" = md ] && fmt=markdown
		vt audit --quiet --format "$fmt" -o "$T/$case.$ext" "$dir"
		exts="$exts $ext"
	done
	for ext in $exts; do
		if [ "${VMTRIAGE_UPDATE_GOLDEN:-}" = 1 ]; then
			cp "$T/$case.$ext" "$GOLDEN/$case.$ext"
		elif [ ! -f "$GOLDEN/$case.$ext" ]; then
			fail "$case.$ext: no golden report (VMTRIAGE_UPDATE_GOLDEN=1)"
		elif ! diff -u "$GOLDEN/$case.$ext" "$T/$case.$ext" > "$T/diff"
		then
			fail "$case.$ext differs from the golden report:"
			head -40 "$T/diff" >&2
		fi
	done

	j=$T/$case.json
	jq -e '.schema == "vmtriage/audit/1" and .tool.name == "vmtriage"
	    and (.bundle.path | type) == "string"' "$j" >/dev/null ||
		fail "$case: not an audit document"
	jq -r '.checks[].id' "$j" > "$T/got-ids"
	cmp -s "$T/ids" "$T/got-ids" ||
		fail "$case: the checks are not the packs' checks, in order"
	# The summary counts the statuses, and every check has its parts.
	jq -e '.summary as $s | [.checks[].status] as $st |
	    ($s.pass + $s.warn + $s.fail + $s.unknown + $s.not_applicable)
	        == ($st | length) and
	    ([$st[] | select(. == "fail")] | length) == $s.fail and
	    ([$st[] | select(. == "unknown")] | length) == $s.unknown' \
	    "$j" >/dev/null || fail "$case: summary does not count the checks"
	jq -e 'all(.checks[]; (.title | length) > 0 and
	    (.summary | length) > 0 and (.doc | startswith("https://")) and
	    (.remedy | length) > 0 and
	    (.status | IN("pass", "warn", "fail", "unknown", "not_applicable"))
	    and ((.status == "unknown") == ((.missing // "") != "")))' \
	    "$j" >/dev/null ||
		fail "$case: a check lacks a title, summary, doc or remedy, or an unknown check its missing file"
	jq -e 'all(.checks[].data[]; (.source | startswith("https://")) and
	    (.as_of | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and
	    (has("value") or has("rows")))' "$j" >/dev/null ||
		fail "$case: a data item lacks its source, date or value"
	jq -e 'all(.checks[] | select(.status == "fail" or .status == "warn");
	    (.evidence | length) > 0)' "$j" >/dev/null ||
		fail "$case: a failing or warning check shows no evidence"
	ok "$case: $(jq -c .summary "$j")"
done

# Exit status: 0 when nothing fails, 1 when a check fails.
[ "$(cat "$T/audit-ready-linux.rc")" -eq 0 ] ||
	fail "audit-ready-linux: exit $(cat "$T/audit-ready-linux.rc"), expected 0"
[ "$(cat "$T/audit-failing-windows.rc")" -eq 1 ] ||
	fail "audit-failing-windows: exit $(cat "$T/audit-failing-windows.rc"), expected 1"
[ "$(cat "$T/audit-thin.rc")" -eq 0 ] ||
	fail "audit-thin: exit $(cat "$T/audit-thin.rc"), expected 0"
vt audit --quiet --fail-on warn -o /dev/null samples/audit/audit-ready-linux
expect_rc 1 "--fail-on warn: the agent's lag fails the ready VM"
vt audit --quiet --fail-on fail -o /dev/null samples/audit/audit-ready-linux
expect_rc 0 "--fail-on fail"
vt audit --quiet --fail-on warn -o /dev/null samples/audit/audit-failing-windows
expect_rc 1 "--fail-on warn with failing checks"

# What each sample is built to show.
[ "$(jq -r .verdict "$T/audit-ready-linux.json")" = ready ] ||
	fail "audit-ready-linux is not ready"
for c in check.vm-running check.agent-installed check.agent-running \
    check.os-supported check.python check.extensions-enabled \
    check.provisioning-agent check.wireserver check.dhcp \
    check.extensions-succeeded check.vmsnapshot-healthy \
    check.pending-reboot check.disk-limits check.keyvault-access \
    check.rg-lock check.one-backup-a-day; do
	expect_status audit-ready-linux "$c" pass
done
expect_status audit-ready-linux check.agent-version warn
expect_status audit-ready-linux check.complus not_applicable
jq -e '.checks[] | select(.id == "check.agent-version") |
    (.summary | test("2\\.9\\.1\\.1.*2\\.15\\.0\\.1")) and
    any(.data[]; .id == "data.agent-linux-latest" and .value == "2.15.0.1")' \
    "$T/audit-ready-linux.json" >/dev/null ||
	fail "audit-ready-linux: the agent's lag does not name both versions"

[ "$(jq -r .verdict "$T/audit-failing-windows.json")" = not_ready ] ||
	fail "audit-failing-windows is not 'not_ready'"
for c in check.agent-version check.wireserver check.extensions-succeeded \
    check.msdtc check.vss-writers check.disk-limits \
    check.keyvault-access check.rg-lock; do
	expect_status audit-failing-windows "$c" fail
done
for c in check.os-supported check.vm-running check.complus; do
	expect_status audit-failing-windows "$c" pass
done
expect_status audit-failing-windows check.python not_applicable
jq -e '.checks[] | select(.id == "check.agent-version") |
    .cause == "agent.windows.outdated" and
    any(.evidence[]; .file == "WindowsAzure/Logs/WaAppAgent.log")' \
    "$T/audit-failing-windows.json" >/dev/null ||
	fail "audit-failing-windows: agent-version does not point at WaAppAgent.log"

# The thin bundle: most checks unknown, each saying what would decide it.
t=$T/audit-thin.json
[ "$(jq -r .verdict "$t")" = undecided ] || fail "audit-thin is not undecided"
[ "$(jq '.summary.unknown' "$t")" -gt "$(jq '.summary.pass + .summary.warn + .summary.fail' "$t")" ] ||
	fail "audit-thin: most checks are not unknown: $(jq -c .summary "$t")"
expect_status audit-thin check.os-supported unknown
expect_status audit-thin check.extensions-enabled unknown
expect_status audit-thin check.python pass
for pair in 'check.os-supported:/etc/os-release' \
    'check.extensions-enabled:/etc/waagent.conf' \
    'check.vm-running:az vm get-instance-view' \
    'check.rg-lock:az lock list'; do
	id=${pair%%:*} want=${pair#*:}
	jq -r --arg id "$id" '.checks[] | select(.id == $id) | .missing' "$t" |
	    grep -qF -- "$want" || fail "audit-thin: $id does not ask for $want"
done
grep -q 'Needs: /etc/os-release' "$T/audit-thin.txt" ||
	fail "audit-thin: the text report does not say which file would decide"

# The text report: failing checks first, passing ones in one line each.
first=$(grep -m1 -E '^(FAIL|WARN|UNKNOWN|PASS|N/A) ' "$T/audit-failing-windows.txt")
case $first in FAIL*) ok "text: failing checks first" ;;
*) fail "text: the first check is not a failing one: $first" ;; esac
grep -q '^PASS     check.vm-running  *The instance view shows the VM running' \
    "$T/audit-failing-windows.txt" || fail "text: no one-line passing check"
vt audit --quiet --all samples/audit/audit-ready-linux > "$T/all.txt"
[ "$(wc -l < "$T/all.txt")" -gt "$(wc -l < "$T/audit-ready-linux.txt")" ] ||
	fail "--all shows no more than without it"
grep -q '^        ID=ubuntu' "$T/all.txt" ||
	fail "--all: the OS check's evidence (os-release) is not shown"
vt audit --quiet --color always samples/audit/audit-failing-windows > "$T/c.txt"
grep -q "$(printf '\033')\\[1;31mFAIL" "$T/c.txt" || fail "--color always: FAIL not red"
if grep -q "$(printf '\033')" "$T/audit-failing-windows.txt"; then
	fail "colour in a file"
fi

# The command line.
vt audit > /dev/null 2>&1; expect_rc 2 "audit without a bundle"
vt audit --format yaml samples/audit/audit-thin > /dev/null 2>&1
expect_rc 2 "audit --format yaml"
vt audit --fail-on never samples/audit/audit-thin > /dev/null 2>"$T/err"
expect_rc 2 "audit --fail-on never"
grep -q fail-on "$T/err" || fail "--fail-on never: the error does not name it"
vt audit --quiet "$T/does-not-exist" > /dev/null 2>&1
expect_rc 3 "audit of a bundle that does not exist"
vt audit --quiet --format md -o "$T/a.md" samples/audit/audit-thin
head -1 "$T/a.md" | grep -q '^# vmtriage audit: audit-thin$' || fail "--format md: no title"
vt audit --help > "$T/h"; expect_rc 0 "audit --help"
man="$SRCDIR/doc/vmtriage.1"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/h" | sort -u); do
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" ||
		fail "audit $opt is not in doc/vmtriage.1"
done
grep -q '^\.SS audit' "$man" || fail "doc/vmtriage.1 has no audit options"

# A pack whose check names a cause no pack has is an error (exit 4).
mkdir "$T/bad"
cat > "$T/bad/99-bad.json" <<'EOF'
{"pack": "bad", "checks": [{"id": "bad.check", "title": "t",
  "doc": "https://example.com/", "cause": "no.such-cause",
  "needs": {"kinds": ["waagent.log"], "missing": "m"}, "remedy": ["r"]}]}
EOF
vt audit --quiet -p "$T/bad" samples/audit/audit-thin > /dev/null 2>"$T/err"
expect_rc 4 "a check naming an unknown cause"
grep -q "no.such-cause" "$T/err" || fail "the pack error does not name the cause"
cat > "$T/bad/99-bad.json" <<'EOF'
{"pack": "bad", "data": [{"id": "bad.value", "title": "t", "value": "1"}],
 "checks": [{"id": "bad.check", "title": "t", "doc": "https://example.com/",
  "pass": [{"when": {"fact": "python.version", "version_ge": {"data": "no.such-data"}},
            "summary": "s"}],
  "needs": {"kinds": ["waagent.log"], "missing": "m"}, "remedy": ["r"]}]}
EOF
vt packs lint -p "$T/bad" > "$T/out" 2>&1; expect_rc 4 "data without source, unknown data"
grep -q "needs a 'source'" "$T/out" || fail "data without a source is not an error"
grep -q "unknown data 'no.such-data'" "$T/out" || fail "an unknown data id is not an error"

# The same bundle twice gives the same bytes.
for fmt in json html; do
	vt audit --quiet --format "$fmt" -o "$T/again.$fmt" samples/audit/audit-failing-windows
	vt audit --quiet --format "$fmt" -o "$T/again2.$fmt" samples/audit/audit-failing-windows
	cmp -s "$T/again.$fmt" "$T/again2.$fmt" || fail "audit --format $fmt is not deterministic"
done

# The samples carry the fake secrets of the samples they copy: none may
# leave the program, in any format.
for dir in samples/audit/*/; do
	for fmt in json text markdown html; do
		vt audit --quiet --all --format "$fmt" -o "$T/s.$fmt" "$dir"
	done
	for secret in FAKEsigDONOTUSE FAKEPROTECTEDSETTINGS \
	    FakeP@ssw0rd-NotARealSecret IyEvYmluL2Jhc2gK; do
		if grep -q -- "$secret" "$T/s.json" "$T/s.text" "$T/s.markdown" \
		    "$T/s.html"; then
			fail "$dir: secret $secret in the output"
		fi
	done
done
grep -rq FAKEsigDONOTUSE samples/audit/audit-ready-linux ||
	fail "audit-ready-linux carries no fake SAS signature: the secret test tests nothing"
ok "no sample's secret in any output"

finish
