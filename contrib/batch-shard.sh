#!/bin/sh
# batch-shard.sh: one shard of a list of bundles through `vmtriage batch`,
# the way a Kubernetes Indexed Job (or any array job) runs it: each of
# COUNT pods takes its own slice of one list.
#
#   batch-shard.sh LIST OUTDIR [vmtriage batch options...]
#
# LIST holds bundle paths, one a line (empty lines are skipped).  Shard
# INDEX of COUNT takes the INDEX-th of COUNT contiguous slices of them
# (the first slices one path longer when COUNT does not divide them), so
# that the shards' outputs, concatenated in index order, are in the
# list's order.
#
#   INDEX     $JOB_COMPLETION_INDEX (Kubernetes sets it in an Indexed Job),
#             else $SHARD_INDEX
#   COUNT     $SHARD_COUNT (the Job's completions)
#   VMTRIAGE  the program (default: vmtriage on PATH)
#
# Writes OUTDIR/shard-INDEX.jsonl and OUTDIR/shard-INDEX.csv.  A shard run
# again (a pod retried after its node went away) resumes: the bundles
# already in its JSONL are skipped, and the files are added to.
#
# Exit status: 0 when the shard was analysed (a bundle that failed is
# recorded as failed in its line: trying the pod again would not mend
# it); vmtriage batch's status otherwise (2 usage, 4 packs, 5 internal),
# or 2 when this script is called wrongly.
set -u

die() {
	echo "batch-shard.sh: $*" >&2
	exit 2
}

[ $# -ge 2 ] || die "usage: batch-shard.sh LIST OUTDIR [vmtriage batch options...]"
list=$1
outdir=$2
shift 2
index=${JOB_COMPLETION_INDEX:-${SHARD_INDEX:-}}
count=${SHARD_COUNT:-}
vmtriage=${VMTRIAGE:-vmtriage}

case $index in ''|*[!0-9]*) die "no shard index: set JOB_COMPLETION_INDEX or SHARD_INDEX" ;; esac
case $count in ''|*[!0-9]*|0) die "no shard count: set SHARD_COUNT" ;; esac
[ "$index" -lt "$count" ] || die "shard index $index is not below SHARD_COUNT=$count"
[ -r "$list" ] || die "cannot read the list '$list'"
mkdir -p "$outdir" || die "cannot create '$outdir'"

out=$outdir/shard-$index.jsonl
csv=$outdir/shard-$index.csv

# Two passes over the list: count, then print the slice.
awk -v i="$index" -v c="$count" '
	NR == FNR { if (length($0) > 0) n++; next }
	FNR == 1 {
		per = int(n / c); extra = n % c
		first = i * per + (i < extra ? i : extra)
		last = first + per + (i < extra ? 1 : 0)
	}
	length($0) > 0 { k++; if (k > first && k <= last) print }
' "$list" "$list" |
	"$vmtriage" batch --from - --skip-done "$out" --append -o "$out" \
	    --summary "$csv" "$@"
rc=$?
[ "$rc" -eq 3 ] && rc=0
exit "$rc"
