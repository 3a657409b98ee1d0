#!/bin/sh
# `make fuzz`: runs each libFuzzer target for FUZZ_SECONDS (default 60)
# over its corpus (built by fuzz/seeds.sh) and the saved crash inputs of
# fuzz/regress/<target>/, one target at a time.  Stops at the first
# target that crashes, leaks, runs out of memory or times out, and shows
# the input it saved.
#
#   fuzz/run.sh SRCDIR BUILDDIR TARGET...
#
# New inputs libFuzzer finds go to BUILDDIR/fuzz/corpus/<target>/, crash
# inputs to BUILDDIR/fuzz/artifacts/.  FUZZ_FLAGS adds libFuzzer flags.
set -eu

if [ $# -lt 3 ]; then
	echo "usage: $0 SRCDIR BUILDDIR TARGET..." >&2
	exit 2
fi
src=$1 build=$2
shift 2
seconds=${FUZZ_SECONDS:-60}
art=$build/fuzz/artifacts
ntargets=$#
mkdir -p "$art"

for t in "$@"; do
	corpus=$build/fuzz/corpus/$t
	mkdir -p "$corpus"
	set -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix="$art/$t-"
	# libevtx 20181227 leaks what it read of a damaged record;
	# parse_evtx.c bounds it, and it is not ours to fix.
	asan=${ASAN_OPTIONS:-}
	if [ "$t" = fuzz_evtx ]; then
		set -- "$@" -detect_leaks=0
		asan="$asan${asan:+:}detect_leaks=0"
	fi
	regress=
	[ -d "$src/fuzz/regress/$t" ] && regress=$src/fuzz/regress/$t
	echo "== $t: $seconds s, corpus $corpus"
	rc=0
	# shellcheck disable=SC2086
	ASAN_OPTIONS=$asan "$build/fuzz/$t" "$@" ${FUZZ_FLAGS:-} "$corpus" \
	    $regress > "$art/$t.log" 2>&1 || rc=$?
	tail -n 12 "$art/$t.log"
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $t exited $rc (log: $art/$t.log)" >&2
		grep -E 'ERROR|SUMMARY|contract broken|not UTF-8' \
		    "$art/$t.log" | head -n 20 >&2 || true
		# libFuzzer names the input it saved.
		sed -n 's/.*Test unit written to /input saved: /p' \
		    "$art/$t.log" >&2
		echo "reproduce: $build/fuzz/$t <input>; minimise and add" \
		    "it to fuzz/regress/$t/ (HACKING.md, Fuzzing)" >&2
		exit 1
	fi
done
echo "fuzz: no crash in $ntargets target(s), $seconds s each"
