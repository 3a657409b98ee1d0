#!/bin/sh
# The samples packed at test time into the archive shapes support
# engineers receive give the same diagnosis as the directory: zip,
# tar.gz, tar.xz, 7z, a zip holding the history zip, and a rotated log
# compressed with gzip.
. "$SRCDIR/tests/setup.sh"
need jq
: "${MKBUNDLE:?set MKBUNDLE}"

# What must not change with the packaging: causes, confidence, roots,
# error codes, the counts of evidence; not the member paths.
digest() {
	jq -c '[.findings[] | {cause, confidence, root, error_codes,
	    chain, n: (.evidence | length)}], [.ruled_out[].cause],
	    [.not_evaluated[].cause], .facts' "$1"
}

for dir in "$SAMPLES"/*/; do
	case=$(basename "$dir")
	vt analyze --quiet --format json -o "$T/dir.json" "$dir"
	digest "$T/dir.json" > "$T/want"
	for fmt in zip tar.gz tar.xz 7z nested; do
		case $fmt in
		nested)
			inner=var/lib/waagent/history
			[ -d "$dir/$inner" ] || inner=var/log
			"$MKBUNDLE" zip "$T/b.$fmt" "$dir" "$inner" ;;
		*)	"$MKBUNDLE" "$fmt" "$T/b.$fmt" "$dir" ;;
		esac || { fail "$case: mkbundle $fmt"; continue; }
		vt analyze --quiet --format json -o "$T/a.json" "$T/b.$fmt"
		digest "$T/a.json" > "$T/got"
		if cmp -s "$T/want" "$T/got"; then
			ok "$case as $fmt"
		else
			fail "$case as $fmt differs from the directory:"
			diff "$T/want" "$T/got" | head -10 >&2
		fi
	done
done

# Windows bundles: zipped with relative paths, zipped on Windows with
# C:\ paths kept, and for one of them every shape, the agent's folder
# inside as a zip of its own (the way CollectGuestLogs nests VMAgentLogs).
for dir in "$SAMPLES_WINDOWS"/*/; do
	case=$(basename "$dir")
	vt analyze --quiet --format json -o "$T/dir.json" "$dir"
	digest "$T/dir.json" > "$T/want"
	fmts="zip zip-drive"
	[ "$case" = win-healthy-2019 ] || [ "$case" = win-rdp-shutdown ] &&
		fmts="$fmts tar.gz 7z nested"
	for fmt in $fmts; do
		case $fmt in
		nested)
			inner=WindowsAzure
			[ -d "$dir/$inner" ] || inner=device_0/WindowsAzure
			"$MKBUNDLE" zip "$T/b.$fmt" "$dir" "$inner" ;;
		*)	"$MKBUNDLE" "$fmt" "$T/b.$fmt" "$dir" ;;
		esac || { fail "$case: mkbundle $fmt"; continue; }
		vt analyze --quiet --format json -o "$T/a.json" "$T/b.$fmt"
		digest "$T/a.json" > "$T/got"
		if cmp -s "$T/want" "$T/got"; then
			ok "$case as $fmt"
		else
			fail "$case as $fmt differs from the directory:"
			diff "$T/want" "$T/got" | head -10 >&2
		fi
	done
done

# A rotated, gzip-compressed waagent.log is read under its own name.
case=wireserver-unreachable
[ -d "$SAMPLES/$case" ] || case=$(ls "$SAMPLES" | head -1)
mkdir -p "$T/rot/var/log"
"$MKBUNDLE" gz "$T/rot/var/log/waagent.log.1.gz" \
    "$SAMPLES/$case/var/log/waagent.log"
vt analyze --quiet --format json -o "$T/rot.json" "$T/rot"
[ "$(jq -r '.bundle.recognised["waagent.log"]' "$T/rot.json")" = 1 ] ||
	fail "waagent.log.1.gz not read as waagent.log"
jq -r '.findings[].evidence[].file' "$T/rot.json" | grep -q 'waagent.log.1' ||
	fail "no evidence from waagent.log.1.gz"
ok "rotated gzip log"

finish
