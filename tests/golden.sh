#!/bin/sh
# Every sample bundle against its golden reports (tests/golden/CASE.json
# and .txt, and CASE.md and .html where those exist), and its root cause
# against samples/expect.tsv.  After a deliberate change, regenerate with
#   VMTRIAGE_UPDATE_GOLDEN=1 make check TESTS=tests/golden.sh
# and review the diff before committing it.
. "$SRCDIR/tests/setup.sh"
need jq

GOLDEN="$SRCDIR/tests/golden"

# The directory of a sample case, relative to SRCDIR.
sample_dir() {
	for top in linux windows control; do
		[ -d "samples/$top/$1" ] && { echo "samples/$top/$1"; return; }
	done
	echo "samples/linux/$1"
}
cd "$SRCDIR" || exit 99
n=0
while IFS='	' read -r case symptom root; do
	[ "$case" = case ] && continue
	[ -n "$case" ] || continue
	n=$((n + 1))
	dir=$(sample_dir "$case")
	set -- analyze --quiet
	[ "$symptom" != - ] && set -- "$@" --symptom "$symptom"
	vt "$@" --format json -o "$T/$case.json" "$dir"
	json_rc=$rc
	vt "$@" --format text -o "$T/$case.txt" "$dir"

	if [ "$root" = - ]; then want=0; else want=1; fi
	[ "$json_rc" -eq "$want" ] || fail "$case: exit $json_rc, expected $want"
	is_report "$T/$case.json" || { fail "$case: not a report"; continue; }

	got=$(jq -r '[.findings[] | select(.root) | .cause] | join(" ")' "$T/$case.json")
	first=$(jq -r '.findings[0].cause // "-"' "$T/$case.json")
	if [ "$root" = - ]; then
		[ -z "$got" ] || fail "$case: healthy bundle, but found $got"
	elif [ "$first" != "$root" ]; then
		fail "$case: first root cause '$first' (roots: $got), expected $root"
	else
		ok "$case: root cause $root"
	fi
	[ "$(jq '.bundle.skipped | length' "$T/$case.json")" -eq 0 ] ||
		fail "$case: members skipped: $(jq -c .bundle.skipped "$T/$case.json")"

	# Markdown and HTML: only the cases that have golden files.
	exts="json txt"
	for ext in md html; do
		[ -f "$GOLDEN/$case.$ext" ] || continue
		fmt=$ext
		[ "$ext" = md ] && fmt=markdown
		vt "$@" --format "$fmt" -o "$T/$case.$ext" "$dir"
		[ "$rc" -eq "$want" ] || fail "$case.$ext: exit $rc, expected $want"
		exts="$exts $ext"
	done
	for ext in $exts; do
		if [ "${VMTRIAGE_UPDATE_GOLDEN:-}" = 1 ]; then
			cp "$T/$case.$ext" "$GOLDEN/$case.$ext"
		elif ! diff -u "$GOLDEN/$case.$ext" "$T/$case.$ext" > "$T/diff"; then
			fail "$case.$ext differs from the golden report:"
			head -40 "$T/diff" >&2
		fi
	done
done < "$SRCDIR/samples/expect.tsv"
[ "$n" -gt 0 ] || fail "no sample in samples/expect.tsv"

# The samples carry fake secrets (SAS signatures, protectedSettings,
# passwords, CustomData): none may leave the program, in any format.
for dir in samples/linux/*/ samples/windows/*/ samples/control/*/; do
	for fmt in json text markdown html; do
		vt analyze --quiet --all-facts --format "$fmt" -o "$T/s.$fmt" "$dir"
	done
	vt records "$dir" > "$T/s.records"
	for secret in FAKEsigDONOTUSE FAKEPROTECTEDSETTINGS \
	    FakeP@ssw0rd-NotARealSecret IyEvYmluL2Jhc2gK; do
		if grep -q -- "$secret" "$T/s.json" "$T/s.text" \
		    "$T/s.markdown" "$T/s.html" "$T/s.records"
		then
			fail "$dir: secret $secret in the output"
		fi
	done
done
ok "no sample's secret in any output"

# The same bundle twice gives the same bytes.
case=$(awk -F'\t' 'NR == 2 { print $1 }' "$SRCDIR/samples/expect.tsv")
vt analyze --quiet --format json -o "$T/again.json" "samples/linux/$case"
cmp -s "$T/again.json" "$T/$case.json" || fail "output is not deterministic"
for ext in md html; do
	for g in "$GOLDEN"/*."$ext"; do
		[ -f "$g" ] || continue
		case=$(basename "$g" ".$ext")
		fmt=$ext
		[ "$ext" = md ] && fmt=markdown
		dir=$(sample_dir "$case")
		vt analyze --quiet --format "$fmt" -o "$T/again.$ext" "$dir"
		vt analyze --quiet --format "$fmt" -o "$T/again2.$ext" "$dir"
		cmp -s "$T/again.$ext" "$T/again2.$ext" ||
			fail "$case.$ext: output is not deterministic"
	done
done

finish
