#!/usr/bin/env bash
# bench/run.sh - how fast vmtriage reads a large Linux bundle, next to
# `cat | wc -l` (the floor: reading the bytes and finding the newlines) and
# ripgrep running the same regexes (`rg -c -f`, and `rg -c -P -f` with PCRE2).
#
#   VMTRIAGE=/path/to/vmtriage bench/run.sh
#   VMTRIAGE=/path/to/vmtriage BENCH_SIZES="10 100 1024" bench/run.sh
#
# Environment:
#   VMTRIAGE   the binary (default: ./src/vmtriage if it exists, else vmtriage on PATH)
#   BENCH_MB   size of var/log/waagent.log in MiB (default 1024); the bundle also
#              has 3 rotated logs of BENCH_MB/20 and an extension.log of BENCH_MB/10
#   BENCH_SIZES  several BENCH_MB, one run each, then a table of how the cost
#              grows with the size
#   BENCH_DIR  cache for the generated bundle, its tar.gz and the results
#              (default: bench/data in the source tree, git-ignored)
#   RUNS       runs per tool, the fastest is kept (default 3)
#   RG         ripgrep binary (default rg)
#   BENCH_TIME=bash  time with bash alone, as when /usr/bin/time is missing
# See bench/README.md.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

BENCH_MB=${BENCH_MB:-1024}
BENCH_DIR=${BENCH_DIR:-$root/bench/data}
RUNS=${RUNS:-3}
RG=${RG:-rg}

die() { echo "bench: $*" >&2; exit 2; }
note() { echo "bench: $*" >&2; }

if [ -n "${BENCH_SIZES:-}" ]; then
	for mb in $BENCH_SIZES; do
		case $mb in ''|*[!0-9]*) die "BENCH_SIZES must be numbers of MiB" ;; esac
	done
	for mb in $BENCH_SIZES; do
		BENCH_SIZES='' BENCH_MB=$mb "$0" || exit
	done
	dir=${BENCH_DIR:-$root/bench/data}
	{
		echo
		echo "how the cost grows with the bundle (vmtriage analyze DIR; ratios are times)"
		echo
		printf '%9s %11s %9s %8s %8s %9s %7s %7s %7s\n' "waagent" "input MiB" lines seconds MiB/s "RSS MiB" "x cat" "x rg" "x rg-j1"
		for mb in $BENCH_SIZES; do
			awk -F '\t' -v mb="$mb" '
				$1 == "input" { mib = $2; lines = $3 }
				$1 == "cat | wc -l" { c = $3 }
				$1 == "rg -c -f" { r = $3 }
				$1 == "rg -j1 -c -f" { r1 = $3 }
				$1 == "vmtriage analyze DIR" { s = $3; rss = $5 }
				END {
					printf "%6s MiB %11.1f %9d %8.3f %8.0f %9s %7.2f %7s %7s\n", mb, mib, lines, s,
					    mib / s, rss, s / c, (r > 0) ? sprintf("%.2f", s / r) : "-",
					    (r1 > 0) ? sprintf("%.2f", s / r1) : "-"
				}' "$dir/summary-$mb.tsv"
		done
	} | tee "$dir/results-sweep.txt"
	exit 0
fi

case $BENCH_MB in ''|*[!0-9]*) die "BENCH_MB must be a number of MiB" ;; esac
case $RUNS in ''|*[!0-9]*|0) die "RUNS must be a positive number" ;; esac
[ "$BENCH_MB" -ge 1 ] || die "BENCH_MB must be at least 1"

if [ -z "${VMTRIAGE:-}" ]; then
	if [ -x ./src/vmtriage ]; then
		VMTRIAGE=./src/vmtriage
	elif command -v vmtriage >/dev/null 2>&1; then
		VMTRIAGE=$(command -v vmtriage)
	else
		die "no vmtriage: set VMTRIAGE=/path/to/vmtriage (or run from the build directory)"
	fi
fi
[ -x "$VMTRIAGE" ] || die "$VMTRIAGE is not executable"
VMTRIAGE=$(cd "$(dirname "$VMTRIAGE")" && pwd)/$(basename "$VMTRIAGE")
command -v "$RG" >/dev/null 2>&1 || die "ripgrep ($RG) not found"
command -v python3 >/dev/null 2>&1 || die "python3 not found (the bundle generator needs it)"

if [ "${BENCH_TIME:-}" != bash ] && [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
	have_gnu_time=1
else
	have_gnu_time=0
	note "GNU time (/usr/bin/time, Debian package 'time') is missing: wall time from bash, peak RSS unknown"
fi

mkdir -p "$BENCH_DIR" || die "cannot create $BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
bundle=$BENCH_DIR/bundle-${BENCH_MB}
tgz=$BENCH_DIR/bundle-${BENCH_MB}.tar.gz
stamp=$bundle/.bench-stamp
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtriage-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------
# 1. the bundle (generated once per size and generator version, then reused)
# ---------------------------------------------------------------------------
# the generator takes its texts from samples/linux when that exists
if ls "$root"/samples/linux/*/var/log/waagent.log >/dev/null 2>&1; then texts=samples; else texts=patterns; fi
want_stamp="mb=$BENCH_MB gen=$(cksum < "$here/genbundle.py" | cut -d' ' -f1) texts=$texts"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
	# ~1.25 x BENCH_MB for the logs, plus the tar.gz (text compresses ~10x)
	need_kb=$((BENCH_MB * 1024 * 14 / 10))
	avail_kb=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 { print $4 }')
	if [ -n "$avail_kb" ] && [ "$avail_kb" -lt $((need_kb + 1024 * 1024)) ]; then
		die "$BENCH_DIR has $((avail_kb / 1024)) MiB free, the bundle needs ~$((need_kb / 1024)) MiB plus 1 GiB headroom: use a smaller BENCH_MB"
	fi
	rm -rf "$bundle" "$tgz"
	note "generating a ${BENCH_MB} MiB bundle in $bundle"
	python3 "$here/genbundle.py" --mb "$BENCH_MB" "$bundle" || die "bundle generation failed"
	echo "$want_stamp" > "$stamp"
fi
if [ ! -f "$tgz" ] || [ "$tgz" -ot "$stamp" ]; then
	note "packing $tgz"
	if ! tar czf "$tgz.part" -C "$BENCH_DIR" --exclude .bench-stamp "bundle-${BENCH_MB}" ||
	    ! mv "$tgz.part" "$tgz"; then
		rm -f "$tgz.part"
		die "tar czf failed"
	fi
fi

files=(
	"$bundle/var/log/waagent.log.3"
	"$bundle/var/log/waagent.log.2"
	"$bundle/var/log/waagent.log.1"
	"$bundle/var/log/waagent.log"
	"$bundle/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log"
)
bytes=0
for f in "${files[@]}"; do
	[ -f "$f" ] || die "$f missing: remove $bundle and run again"
	bytes=$((bytes + $(wc -c < "$f")))
done
tgz_bytes=$(wc -c < "$tgz")

# ---------------------------------------------------------------------------
# 2. the comparable patterns: every signal regex over waagent.log/vmsnapshot.log
# ---------------------------------------------------------------------------
# rg joins -f patterns into one PCRE2 alternation, where two groups of the same
# name are an error: named groups become plain groups (same matching).
python3 -c '
import glob, json, re, sys
n = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    with open(path, encoding="utf-8") as f:
        pack = json.load(f)
    for sig in pack.get("signals", []):
        if "regex" not in sig:
            continue
        if not set(sig.get("kinds", [])) & {"waagent.log", "vmsnapshot.log"}:
            continue
        rx = re.sub(r"\(\?P?<([A-Za-z_]\w*)>", "(", sig["regex"])
        print("%s\t%s" % (sig["id"], rx))
' "$root/patterns" > "$tmp/signals.tsv" || die "cannot read $root/patterns/*.json"

: > "$BENCH_DIR/patterns.txt"
: > "$BENCH_DIR/patterns-rust.txt"
dropped=0
kept=0
kept_rust=0
rust_dropped=
while IFS=$'\t' read -r id rx; do
	"$RG" --no-config -P -e "$rx" /dev/null >/dev/null 2>"$tmp/rgerr"
	if [ $? -eq 2 ]; then
		note "rg -P rejects the regex of $id, dropped: $(head -n 3 "$tmp/rgerr" | tr '\n' ' ')"
		dropped=$((dropped + 1))
	else
		printf '%s\n' "$rx" >> "$BENCH_DIR/patterns.txt"
		kept=$((kept + 1))
	fi
	# rg's own engine has no lookaround and no (?|: such regexes are left
	# out of the rg -c -f row (and named in the results)
	"$RG" --no-config -e "$rx" /dev/null >/dev/null 2>/dev/null
	if [ $? -eq 2 ]; then
		rust_dropped="$rust_dropped $id"
	else
		printf '%s\n' "$rx" >> "$BENCH_DIR/patterns-rust.txt"
		kept_rust=$((kept_rust + 1))
	fi
done < "$tmp/signals.tsv"
"$RG" --no-config -P -f "$BENCH_DIR/patterns.txt" /dev/null >/dev/null 2>"$tmp/rgerr"
[ $? -ne 2 ] || die "rg -P rejects the combined patterns: $(cat "$tmp/rgerr")"
anchored=$(grep -c '^\^' "$BENCH_DIR/patterns.txt")

# ---------------------------------------------------------------------------
# 3-5. measurements
# ---------------------------------------------------------------------------
# run_best NAME OKCODES CMD...: RUNS runs, keeps the fastest; sets best_s, best_kb
run_best() {
	local name=$1 ok=$2 i rc s kb TIMEFORMAT=%3R
	shift 2
	best_s='' best_kb=''
	for ((i = 1; i <= RUNS; i++)); do
		# wall time from bash (ms resolution), peak RSS from GNU time
		{ time if [ $have_gnu_time = 1 ]; then
			/usr/bin/time -f '%M' -o "$tmp/rss" "$@" > "$tmp/out" 2> "$tmp/err"
		else
			"$@" > "$tmp/out" 2> "$tmp/err"
		fi; } 2> "$tmp/time"
		rc=$?
		s=$(tail -n 1 "$tmp/time")
		kb=
		[ $have_gnu_time = 0 ] || kb=$(tail -n 1 "$tmp/rss")
		case " $ok " in
		*" $rc "*) ;;
		*) note "$name: exit status $rc"; sed 's/^/    /' "$tmp/err" >&2; return 1 ;;
		esac
		if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
			best_s=$s best_kb=$kb
			cp "$tmp/out" "$tmp/out.best"
		fi
	done
}

names=() secs=() rss=()
record() { names+=("$1"); secs+=("$best_s"); rss+=("$best_kb"); }

note "warming the page cache"
cat "${files[@]}" "$tgz" > /dev/null

note "cat | wc -l"
run_best "cat | wc -l" "0" sh -c 'cat "$@" | wc -l' sh "${files[@]}" || exit 1
record "cat | wc -l"
lines=$(tr -d ' ' < "$tmp/out.best")

note "rg -c -f patterns-rust.txt ($kept_rust patterns)"
run_best "rg" "0 1" "$RG" --no-config -c -f "$BENCH_DIR/patterns-rust.txt" "${files[@]}" || exit 1
record "rg -c -f"

note "rg -c -P -f patterns.txt ($kept patterns)"
run_best "rg -P" "0 1" "$RG" --no-config -c -P -f "$BENCH_DIR/patterns.txt" "${files[@]}" || exit 1
record "rg -c -P -f"
rg_counts=$(sed "s|^$bundle/||" "$tmp/out.best" | LC_ALL=C sort)

# rg searches the files on as many threads as there are CPUs; vmtriage
# reads them one after the other
run_best "rg -j1" "0 1" "$RG" --no-config -j1 -c -f "$BENCH_DIR/patterns-rust.txt" "${files[@]}" || exit 1
record "rg -j1 -c -f"

note "vmtriage analyze (directory)"
run_best "vmtriage dir" "0 1" "$VMTRIAGE" analyze --format json --quiet -p "$root/patterns" "$bundle" || exit 1
record "vmtriage analyze DIR"
findings=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print("%d finding(s): %s" % (len(r.get("findings", [])), ", ".join(f.get("cause", "?") for f in r.get("findings", []))))
' "$tmp/out.best" 2>/dev/null || echo "report is not JSON")

note "vmtriage analyze (tar.gz)"
run_best "vmtriage tgz" "0 1" "$VMTRIAGE" analyze --format json --quiet -p "$root/patterns" "$tgz" || exit 1
record "vmtriage analyze .tar.gz"

note "gzip -dc | wc -l (the decompression floor for the tar.gz)"
run_best "gzip -dc" "0" sh -c 'gzip -dc "$1" | wc -l' sh "$tgz" || exit 1
record "gzip -dc .tar.gz | wc -l"

# ---------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------
{
	echo
	echo "vmtriage benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc 2>/dev/null || echo '?') CPU(s)"
	echo "  vmtriage: $VMTRIAGE ($("$VMTRIAGE" --version 2>/dev/null | sed -n 1p))"
	echo "  rg:       $("$RG" --version 2>/dev/null | sed -n 1p)"
	echo "  input:    ${#files[@]} files, $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB), $lines lines; tar.gz $tgz_bytes bytes"
	echo "  patterns: $kept regexes from patterns/*.json (kinds waagent.log, vmsnapshot.log), $dropped dropped; $anchored start with ^ (rg anchors them at the line, vmtriage at the message)"
	echo "            rg -c -f (rg's own engine) runs $kept_rust of them; it has no lookaround or (?|:${rust_dropped:- none left out}"
	echo "  runs:     best of $RUNS; MiB/s over the uncompressed input for every row"
	echo
	printf '%-28s %8s %8s %10s %9s %7s %7s\n' tool seconds MiB/s "RSS MiB" "x cat|wc" "x rg" "x rg -P"
	for i in "${!names[@]}"; do
		awk -v n="${names[$i]}" -v s="${secs[$i]}" -v kb="${rss[$i]}" -v b="$bytes" \
		    -v c="${secs[0]}" -v r="${secs[1]}" -v p="${secs[2]}" 'BEGIN {
			mibs = (s > 0) ? sprintf("%.0f", b / 1048576 / s) : "inf"
			m = (kb == "") ? "?" : sprintf("%.1f", kb / 1024)
			xc = (c > 0) ? sprintf("%.2f", s / c) : "-"
			xr = (r > 0) ? sprintf("%.2f", s / r) : "-"
			xp = (p > 0) ? sprintf("%.2f", s / p) : "-"
			printf "%-28s %8.3f %8s %10s %9s %7s %7s\n", n, s, mibs, m, xc, xr, xp
		}'
	done
	echo
	echo "rg matching lines per file:"
	echo "$rg_counts" | sed 's/^/  /'
	echo "vmtriage: $findings"
} | tee "$BENCH_DIR/results-${BENCH_MB}.txt"

# for BENCH_SIZES: the figures by tool, tab-separated
{
	printf 'input\t%s\t%s\n' "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" "$lines"
	for i in "${!names[@]}"; do
		awk -v n="${names[$i]}" -v s="${secs[$i]}" -v kb="${rss[$i]}" -v b="$bytes" 'BEGIN {
			printf "%s\t%s\t%s\t%s\t%s\n", n, b / 1048576, s,
			    (s > 0) ? b / 1048576 / s : 0, (kb == "") ? "?" : sprintf("%.1f", kb / 1024)
		}'
	done
} > "$BENCH_DIR/summary-${BENCH_MB}.tsv"
