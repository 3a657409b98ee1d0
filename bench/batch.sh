#!/usr/bin/env bash
# bench/batch.sh - vmtriage batch over many small bundles: -j1 against -j2
# (the speed-up two cores give), with `xargs -P vmtriage analyze`, one
# process per bundle that loads the packs each time, for reference.
#
#   VMTRIAGE=/path/to/vmtriage MKBUNDLE=/path/to/tests/mkbundle bench/batch.sh
#
# Environment:
#   VMTRIAGE   the binary (default: ./src/vmtriage if it exists, else vmtriage on PATH)
#   MKBUNDLE   tests/mkbundle from a build directory (default ./tests/mkbundle;
#              `make tests/mkbundle` builds it)
#   BATCH_N    bundles (default 500)
#   BATCH_GROW every *.log of a bundle is its text K times over (default 1):
#              bigger bundles, where the analysis outweighs a worker's start
#   BENCH_DIR  cache for the bundles and the results (default: bench/data in
#              the source tree, git-ignored)
#   RUNS       runs per command, the fastest is kept (default 5)
#   BENCH_TIME=bash  time with bash alone, as when /usr/bin/time is missing
# See bench/README.md, "Batch".
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

BATCH_N=${BATCH_N:-500}
BATCH_GROW=${BATCH_GROW:-1}
BENCH_DIR=${BENCH_DIR:-$root/bench/data}
RUNS=${RUNS:-5}

die() { echo "bench: $*" >&2; exit 2; }
note() { echo "bench: $*" >&2; }

case $BATCH_N in ''|*[!0-9]*|0) die "BATCH_N must be a positive number" ;; esac
case $BATCH_GROW in ''|*[!0-9]*|0) die "BATCH_GROW must be a positive number" ;; esac
case $RUNS in ''|*[!0-9]*|0) die "RUNS must be a positive number" ;; esac

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
MKBUNDLE=${MKBUNDLE:-./tests/mkbundle}
[ -x "$MKBUNDLE" ] || die "no mkbundle: set MKBUNDLE=/path/to/build/tests/mkbundle (make tests/mkbundle)"
MKBUNDLE=$(cd "$(dirname "$MKBUNDLE")" && pwd)/$(basename "$MKBUNDLE")
command -v jq >/dev/null 2>&1 || die "jq not found"

if [ "${BENCH_TIME:-}" != bash ] && [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
	have_gnu_time=1
else
	have_gnu_time=0
	note "GNU time (/usr/bin/time, Debian package 'time') is missing: wall time from bash, peak RSS unknown"
fi

mkdir -p "$BENCH_DIR" || die "cannot create $BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
dir=$BENCH_DIR/batch-$BATCH_N-x$BATCH_GROW
stamp=$dir/.bench-stamp
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtriage-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------
# the bundles: the samples in turn, packed alternately as zip and tar.gz,
# each with a ticket.txt of its own so that no two are the same bytes
# ---------------------------------------------------------------------------
samples=("$root"/samples/linux/*/ "$root"/samples/windows/*/ "$root"/samples/control/*/)
[ -d "${samples[0]}" ] || die "no samples under $root/samples"
want_stamp="n=$BATCH_N grow=$BATCH_GROW samples=${#samples[@]} v=1"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ]; then
	note "packing $BATCH_N bundles in $dir"
	rm -rf "$dir"
	mkdir -p "$dir/bundles" || die "cannot create $dir"
	for ((k = 0; k < BATCH_N; k++)); do
		s=${samples[$((k % ${#samples[@]}))]%/}
		name=$(printf '%04d-%s' "$k" "$(basename "$s")")
		rm -rf "$tmp/b"
		cp -R "$s" "$tmp/b" || die "cp $s"
		printf 'ticket %d\n' "$k" > "$tmp/b/ticket.txt"
		if [ "$BATCH_GROW" -gt 1 ]; then
			find "$tmp/b" -type f -name '*.log' | while IFS= read -r f; do
				cp "$f" "$tmp/once"
				for ((g = 1; g < BATCH_GROW; g++)); do cat "$tmp/once" >> "$f"; done
			done
		fi
		if [ $((k % 2)) -eq 0 ]; then fmt=zip; else fmt=tar.gz; fi
		"$MKBUNDLE" "$fmt" "$dir/bundles/$name.$fmt" "$tmp/b" || die "mkbundle $fmt $s"
	done
	echo "$want_stamp" > "$stamp"
fi
bytes=$(cat "$dir"/bundles/* | wc -c)
ls -d "$dir"/bundles/* > "$tmp/list"
n=$(wc -l < "$tmp/list")

# ---------------------------------------------------------------------------
# measurements: the commands take turns, RUNS rounds, and each keeps its
# fastest run, so that a moment when the machine was busy with something
# else does not fall on one command only
# ---------------------------------------------------------------------------
names=("vmtriage batch -j1" "vmtriage batch -j2" "xargs -P1 vmtriage analyze" "xargs -P2 vmtriage analyze")
okcodes=("0" "0" "0 123" "0 123")
run_cmd() {
	case $1 in
	0) "$VMTRIAGE" batch -q -j 1 --from "$tmp/list" ;;
	1) "$VMTRIAGE" batch -q -j 2 --from "$tmp/list" ;;
	# xargs exits 123 when an analyze exited 1 (findings).
	2) xargs -d '\n' -P 1 -n 1 "$VMTRIAGE" analyze -q --format json < "$tmp/list" ;;
	3) xargs -d '\n' -P 2 -n 1 "$VMTRIAGE" analyze -q --format json < "$tmp/list" ;;
	esac
}
export -f run_cmd
export VMTRIAGE tmp

note "warming the page cache"
cat "$dir"/bundles/* > /dev/null

best_s=() best_cpu=() best_kb=()
for ((r = 1; r <= RUNS; r++)); do
	note "round $r of $RUNS"
	for c in 0 1 2 3; do
		TIMEFORMAT=%3R
		{ time if [ $have_gnu_time = 1 ]; then
			/usr/bin/time -f '%U %S %M' -o "$tmp/rss" bash -c 'run_cmd "$1"' bash "$c" > "$tmp/out" 2> "$tmp/err"
		else
			bash -c 'run_cmd "$1"' bash "$c" > "$tmp/out" 2> "$tmp/err"
		fi; } 2> "$tmp/time"
		rc=$?
		case " ${okcodes[$c]} " in
		*" $rc "*) ;;
		*) note "${names[$c]}: exit status $rc"; sed 's/^/    /' "$tmp/err" >&2; exit 1 ;;
		esac
		s=$(tail -n 1 "$tmp/time")
		cpu='' kb=''
		if [ $have_gnu_time = 1 ]; then
			read -r u sy kb < <(tail -n 1 "$tmp/rss")
			cpu=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", u + s }')
		fi
		if [ $c -le 1 ]; then
			jq -c 'del(.batch.seconds)' "$tmp/out" > "$tmp/lines-$c"
			[ "$(wc -l < "$tmp/lines-$c")" -eq "$n" ] ||
				die "${names[$c]} wrote $(wc -l < "$tmp/lines-$c") lines for $n bundles"
			[ $c -eq 0 ] || cmp -s "$tmp/lines-0" "$tmp/lines-1" ||
				die "-j1 and -j2 wrote different lines"
			[ $c -eq 1 ] || findings=$(jq -s '[.[] | select(.findings | length > 0)] | length' "$tmp/out")
		fi
		if [ -z "${best_s[$c]:-}" ] || awk -v a="$s" -v b="${best_s[$c]}" 'BEGIN { exit !(a < b) }'; then
			best_s[$c]=$s best_cpu[$c]=$cpu best_kb[$c]=$kb
		fi
	done
done

# ---------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------
{
	echo
	echo "vmtriage batch benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(nproc 2>/dev/null || echo '?') CPU(s)"
	echo "  vmtriage: $VMTRIAGE ($("$VMTRIAGE" --version 2>/dev/null | sed -n 1p))"
	echo "  input:    $n bundles (zip and tar.gz, from ${#samples[@]} samples, logs x$BATCH_GROW), $bytes bytes; $findings with findings"
	echo "  runs:     best of $RUNS, taking turns; CPU is user + system of every process;"
	echo "            RSS is the largest process's peak (a worker's or the parent's)"
	echo
	printf '%-30s %8s %10s %8s %9s %8s\n' command seconds bundles/s "CPU s" "RSS MiB" "x -j1"
	for c in 0 1 2 3; do
		awk -v name="${names[$c]}" -v s="${best_s[$c]}" -v cpu="${best_cpu[$c]}" \
		    -v kb="${best_kb[$c]}" -v n="$n" -v base="${best_s[0]}" 'BEGIN {
			rate = (s > 0) ? sprintf("%.1f", n / s) : "inf"
			m = (kb == "") ? "?" : sprintf("%.1f", kb / 1024)
			x = (s > 0) ? sprintf("%.2f", base / s) : "-"
			printf "%-30s %8.3f %10s %8s %9s %8s\n", name, s, rate, (cpu == "" ? "?" : cpu), m, x
		}'
	done
	echo
	awk -v a="${best_s[0]}" -v b="${best_s[1]}" -v c="${best_s[2]}" -v d="${best_s[3]}" 'BEGIN {
		printf "batch -j2 over -j1: %.2fx (target 1.8x); xargs -P2 over -P1: %.2fx\n", a / b, c / d }'
} | tee "$BENCH_DIR/results-batch-$BATCH_N-x$BATCH_GROW.txt"
