#!/bin/sh
# The fuzz targets built without libFuzzer (fuzz/replay_<target>) replay
# the inputs saved in fuzz/regress/<target>/ (what a fuzzer once broke
# stays fixed) and a few seeds made from the samples by fuzz/seeds.sh.
. "$SRCDIR/tests/setup.sh"
: "${MKBUNDLE:?set MKBUNDLE}"
# The replay programs sit in the build tree's fuzz/, beside tests/.
bin=${FUZZ_BIN:-$(dirname "$MKBUNDLE")/../fuzz}

targets="fuzz_bundle fuzz_text fuzz_waagent_log fuzz_guestagent_log fuzz_xml
fuzz_json fuzz_evtx fuzz_binxml fuzz_pack fuzz_split"

if sh "$SRCDIR/fuzz/seeds.sh" -n 2 "$SRCDIR" "$T/seeds" "$MKBUNDLE"; then
	ok "seeds from the samples"
else
	fail "fuzz/seeds.sh"
fi

for t in $targets; do
	set --
	[ -d "$SRCDIR/fuzz/regress/$t" ] && set -- "$SRCDIR/fuzz/regress/$t"
	[ -d "$T/seeds/$t" ] && set -- "$@" "$T/seeds/$t"
	if [ $# -eq 0 ]; then
		fail "$t: no input to replay"
		continue
	fi
	asan=${ASAN_OPTIONS:-}
	# libevtx 20181227 leaks what it read of a damaged record (bounded
	# by parse_evtx.c): not ours to find.
	[ "$t" = fuzz_evtx ] && asan="$asan${asan:+:}detect_leaks=0"
	if env ASAN_OPTIONS="$asan" "$bin/replay_$t" "$@" > "$T/out" 2>&1
	then
		ok "$t: $(tail -n 1 "$T/out")"
	else
		fail "$t:"
		tail -n 40 "$T/out" >&2
	fi
done
finish
