#!/bin/sh
# The command line: help, version, exit codes, options, colour.
. "$SRCDIR/tests/setup.sh"
need jq

vt --help > "$T/help"; expect_rc 0 "--help"
grep -q 'analyze' "$T/help" || fail "--help does not list analyze"
vt --version > "$T/version"; expect_rc 0 "--version"
for lib in libarchive pcre2 libxml2 cJSON; do
	grep -qi "$lib" "$T/version" || fail "--version does not name $lib"
done
vt > /dev/null 2>&1; expect_rc 2 "no command"
vt frobnicate > /dev/null 2>"$T/err"; expect_rc 2 "unknown command"
grep -q frobnicate "$T/err" || fail "the error does not name the command"
vt analyze > /dev/null 2>&1; expect_rc 2 "analyze without a bundle"
vt analyze --format yaml "$SAMPLES/healthy-ubuntu2204" > /dev/null 2>&1
expect_rc 2 "analyze --format yaml"
vt analyze --no-such-option x > /dev/null 2>&1; expect_rc 2 "unknown option"
vt analyze "$T/does-not-exist" > /dev/null 2>"$T/err"
expect_rc 3 "a bundle that does not exist"
grep -q "does-not-exist" "$T/err" || fail "the error does not name the bundle"

# Every option of every command is in the man page.
man="$SRCDIR/doc/vmtriage.1"
for cmd in analyze packs records; do
	vt "$cmd" --help > "$T/h"
	expect_rc 0 "$cmd --help"
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/h" | sort -u); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" ||
			grep -q -- "$opt" "$man" ||
			fail "$cmd $opt is not in doc/vmtriage.1"
	done
done

case=$(ls "$SAMPLES" | grep -v healthy | head -1)
# Colour: never in a file or with NO_COLOR, always when asked.
vt analyze --quiet "$SAMPLES/$case" > "$T/plain"
if grep -q "$(printf '\033')" "$T/plain"; then fail "colour in a pipe"; fi
vt analyze --quiet --color always "$SAMPLES/$case" > "$T/colour"
grep -q "$(printf '\033')" "$T/colour" || fail "--color always gives no colour"

# -o writes the report; JSON is a report.
vt analyze --quiet --format json -o "$T/r.json" "$SAMPLES/$case"
expect_rc 1 "analyze a failing sample"
is_report "$T/r.json" || fail "-o did not write a JSON report"

# --symptom walks the code's causes in catalogue order.
vt analyze --quiet --format json --symptom GuestAgentSnapshotTaskStatusError \
    -o "$T/s.json" "$SAMPLES/$case"
[ "$(jq -r .symptom.code "$T/s.json")" = GuestAgentSnapshotTaskStatusError ] ||
	fail "--symptom: no symptom in the report"
[ "$(jq '.symptom.causes | length' "$T/s.json")" -ge 5 ] ||
	fail "--symptom: the code's causes are not walked"
vt analyze --quiet --symptom NoSuchCode "$SAMPLES/$case" > /dev/null 2>"$T/err"
grep -q NoSuchCode "$T/err" || fail "an unknown symptom is not warned about"

# records shows what the parsers make of a bundle.
vt records --kind waagent.conf "$SAMPLES/$case" > "$T/rec"
expect_rc 0 "records --kind"
grep -q 'waagent.conf' "$T/rec" || fail "records --kind waagent.conf shows nothing"
vt records --kind nonsense "$SAMPLES/$case" > /dev/null 2>&1
expect_rc 2 "records --kind nonsense"

finish
