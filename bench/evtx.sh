#!/usr/bin/env bash
# bench/evtx.sh - how fast vmtriage reads Windows event logs (.evtx), next to
# libevtx's own evtxexport on the same files, in records per second.
#
#   VMTRIAGE=/path/to/vmtriage bench/evtx.sh
#
# Environment:
#   VMTRIAGE   the binary (default: ./src/vmtriage if it exists, else vmtriage on PATH)
#   EVTX_SRC   a directory of .evtx files (default: ../shared/corpus/windows/evtx when
#              it exists, else tests/data/evtx)
#   COPIES     how many copies of each file the bench bundle holds (default 20): the
#              files are small, copies make the run long enough to time
#   RUNS       runs per tool, the fastest is kept (default 3)
#   EVTXEXPORT evtxexport binary (default evtxexport, Debian package libevtx-utils)
# See bench/README.md.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
COPIES=${COPIES:-20}
RUNS=${RUNS:-3}
EVTXEXPORT=${EVTXEXPORT:-evtxexport}

die() { echo "bench: $*" >&2; exit 2; }

case $COPIES in ''|*[!0-9]*|0) die "COPIES must be a positive number" ;; esac
case $RUNS in ''|*[!0-9]*|0) die "RUNS must be a positive number" ;; esac
if [ -z "${VMTRIAGE:-}" ]; then
	if [ -x ./src/vmtriage ]; then VMTRIAGE=./src/vmtriage
	else VMTRIAGE=$(command -v vmtriage) || die "no vmtriage: set VMTRIAGE"; fi
fi
[ -x "$VMTRIAGE" ] || die "$VMTRIAGE is not executable"
command -v "$EVTXEXPORT" >/dev/null 2>&1 ||
	die "$EVTXEXPORT not found (Debian package libevtx-utils)"
if [ -z "${EVTX_SRC:-}" ]; then
	EVTX_SRC=$root/../shared/corpus/windows/evtx
	[ -d "$EVTX_SRC" ] || EVTX_SRC=$root/tests/data/evtx
fi
ls "$EVTX_SRC"/*.evtx >/dev/null 2>&1 || die "no .evtx file in $EVTX_SRC"
[ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null ||
	die "GNU time (/usr/bin/time, Debian package 'time') is needed for peak memory"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtriage-evtx.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bundle/Windows/System32/winevt/Logs"
i=0
for f in "$EVTX_SRC"/*.evtx; do
	for c in $(seq 1 "$COPIES"); do
		cp "$f" "$tmp/bundle/Windows/System32/winevt/Logs/$i-$c.evtx"
	done
	i=$((i + 1))
done
files=$(ls "$tmp"/bundle/Windows/System32/winevt/Logs/*.evtx | wc -l)
bytes=$(cat "$tmp"/bundle/Windows/System32/winevt/Logs/*.evtx | wc -c)

# The records each tool sees: vmtriage's own count, and evtxexport's events.
ours=$("$VMTRIAGE" records --kind evtx "$tmp/bundle" 2>/dev/null | wc -l)
theirs=0
for f in "$tmp"/bundle/Windows/System32/winevt/Logs/*.evtx; do
	n=$("$EVTXEXPORT" -f text "$f" 2>/dev/null | grep -c '^Event number')
	theirs=$((theirs + n))
done

# best of RUNS: "seconds peak_kib"
best() {
	local b="" r
	for _ in $(seq 1 "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$tmp/t" "$@" > /dev/null 2>&1
		# a non-zero exit (1: findings) adds a line before the figures
		r=$(tail -n 1 "$tmp/t")
		if [ -z "$b" ] || awk -v a="${r%% *}" -v b="${b%% *}" 'BEGIN { exit !(a < b) }'
		then b=$r; fi
	done
	echo "$b"
}

export_all() {
	for f in "$tmp"/bundle/Windows/System32/winevt/Logs/*.evtx; do
		"$EVTXEXPORT" -f "$1" "$f"
	done
}
export -f export_all
export EVTXEXPORT tmp

printf 'bench: %d .evtx files (%d copies of each in %s), %.1f MiB\n' \
    "$files" "$COPIES" "$EVTX_SRC" "$(echo "$bytes / 1048576" | bc -l)"
printf '%-34s %9s %10s %12s %10s\n' tool seconds records records/s peak_MiB
row() {
	local name=$1 n=$2 t=${3%% *} kib=${3##* }
	printf '%-34s %9.2f %10d %12.0f %10.1f\n' "$name" "$t" "$n" \
	    "$(echo "$n / ($t + 0.0001)" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
}
row "vmtriage analyze" "$ours" "$(best "$VMTRIAGE" analyze --quiet --format json "$tmp/bundle")"
row "vmtriage records --kind evtx" "$ours" "$(best sh -c '"$0" records --kind evtx "$1"' "$VMTRIAGE" "$tmp/bundle")"
row "evtxexport -f xml (per file)" "$theirs" "$(best bash -c 'export_all xml')"
row "evtxexport -f text (per file)" "$theirs" "$(best bash -c 'export_all text')"
# vmtriage reads a log on two threads: evtxexport on two processes, for
# the reading per core.
row "xargs -P2 evtxexport -f xml" "$theirs" "$(best sh -c 'ls "$1"/bundle/Windows/System32/winevt/Logs/*.evtx | xargs -P2 -n1 "$0" -f xml' "$EVTXEXPORT" "$tmp")"
