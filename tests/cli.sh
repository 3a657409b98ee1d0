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
for cmd in analyze packs records batch; do
	vt "$cmd" --help > "$T/h"
	expect_rc 0 "$cmd --help"
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/h" | sort -u); do
		grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" ||
			grep -q -- "$opt" "$man" ||
			fail "$cmd $opt is not in doc/vmtriage.1"
	done
done

# Every --help fits a terminal of 80 columns.
for cmd in "" analyze audit batch explain packs records timeline; do
	# shellcheck disable=SC2086
	vt $cmd --help > "$T/h"
	awk -v c="${cmd:-vmtriage}" 'length > 80 { print c " --help, line " NR ": " length " columns"; bad = 1 }
	    END { exit bad }' "$T/h" >&2 || fail "${cmd:-vmtriage} --help is wider than 80 columns"
done
ok "every --help fits 80 columns"

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
# Markdown (md is its alias) and HTML.
for fmt in markdown md html; do
	vt analyze --quiet --format "$fmt" -o "$T/r.$fmt" "$SAMPLES/$case"
	expect_rc 1 "analyze --format $fmt"
done
cmp -s "$T/r.markdown" "$T/r.md" || fail "--format md is not --format markdown"
head -1 "$T/r.md" | grep -q '^# vmtriage report: ' ||
	fail "--format markdown: no title"
head -1 "$T/r.html" | grep -q '^<!DOCTYPE html>$' ||
	fail "--format html: no HTML"
grep -q 'id="verdict"' "$T/r.html" || fail "--format html: no verdict"

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

# --limit: each limit can be changed; what it stops is in bundle.skipped
# with the option that would let it through.
vt analyze --help > "$T/help"
for name in total member ratio members depth line document nested \
    json-depth evtx; do
	grep -q "^  $name=" "$T/help" || fail "--help does not list limit $name"
done
vt analyze --quiet --format json --limit member=1K -o "$T/l.json" \
    "$SAMPLES/$case"
jq -r '.bundle.skipped[].reason' "$T/l.json" | grep -q -- '--limit member' ||
	fail "--limit member=1K: no member cut with its reason"
vt analyze --quiet --format json --limit json-depth=1 -o "$T/l.json" \
    "$SAMPLES/$case"
jq -r '.bundle.skipped[].reason' "$T/l.json" |
    grep -q 'JSON nested deeper than 1 levels.*--limit json-depth' ||
	fail "--limit json-depth=1: no status file skipped for its nesting"
vt analyze --quiet --format json --limit document=1K -o "$T/l.json" \
    "$SAMPLES/$case"
jq -r '.bundle.skipped[].reason' "$T/l.json" | grep -q -- '--limit document' ||
	fail "--limit document=1K: no document skipped for its size"
vt analyze --quiet --format json --limit members=3 -o "$T/l.json" \
    "$SAMPLES/$case"
[ "$(jq .bundle.files "$T/l.json")" -eq 3 ] ||
	fail "--limit members=3 read $(jq .bundle.files "$T/l.json") members"
mkdir "$T/nest"
"$MKBUNDLE" zip "$T/nest/n.zip" "$SAMPLES/$case" var/log
vt analyze --quiet --format json --limit depth=1 -o "$T/l.json" "$T/nest"
jq -r '.bundle.skipped[].reason' "$T/l.json" | grep -q -- '--limit depth' ||
	fail "--limit depth=1: the nested zip is not skipped"
vt records --limit line=256 --kind waagent.log "$SAMPLES/$case" > /dev/null
expect_rc 0 "records --limit line=256"
for bad in nonsense=1 line=1X line=12 ratio=1 depth=65 json-depth=0 total \
    total=; do
	vt analyze --quiet --limit "$bad" "$SAMPLES/$case" > /dev/null 2>"$T/err"
	expect_rc 2 "--limit $bad"
	grep -q limit "$T/err" || fail "--limit $bad: no message about it"
done
ok "--limit"

finish
