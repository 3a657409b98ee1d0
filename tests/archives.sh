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

# Packs the sample dir in each of the formats and compares the diagnosis
# with the directory's.  "nested" puts the first of the inner folders
# that exists in a zip of its own inside the zip.
same_as_dir() {
	dir=$1 fmts=$2 inners=$3
	case=$(basename "$dir")
	vt analyze --quiet --format json -o "$T/dir.json" "$dir"
	digest "$T/dir.json" > "$T/want"
	for fmt in $fmts; do
		case $fmt in
		nested)
			for inner in $inners; do
				[ -d "$dir/$inner" ] && break
			done
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
}

for dir in "$SAMPLES"/*/; do
	same_as_dir "$dir" "zip tar.gz tar.xz 7z nested" \
	    "var/lib/waagent/history var/log"
done

# Windows bundles: zipped with relative paths, zipped on Windows with
# C:\ paths kept, and for two of them every shape, the agent's folder
# inside as a zip of its own (the way CollectGuestLogs nests VMAgentLogs).
for dir in "$SAMPLES_WINDOWS"/*/; do
	fmts="zip zip-drive"
	case $(basename "$dir") in
	win-healthy-2019|win-rdp-shutdown) fmts="$fmts tar.gz 7z nested" ;;
	esac
	same_as_dir "$dir" "$fmts" "WindowsAzure device_0/WindowsAzure"
done

# Control-plane exports: zipped, and the guest + exports bundle with the
# exports in a zip of their own, as a ticket's attachments arrive.
for dir in "$SRCDIR"/samples/control/*/; do
	fmts=zip
	case $(basename "$dir") in
	mixed-*) fmts="zip tar.gz nested" ;;
	esac
	same_as_dir "$dir" "$fmts" "azure"
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
