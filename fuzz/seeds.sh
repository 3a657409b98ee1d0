#!/bin/sh
# Builds the seed corpora of the fuzz targets from the sample bundles, at
# run time (nothing of it is committed):
#
#   fuzz/seeds.sh [-n MAX] SRCDIR OUT [MKBUNDLE]
#
# writes OUT/<target>/<sha1 of the seed>, adding to what OUT holds (a
# corpus that libFuzzer grew stays).  -n keeps at most MAX seeds of each
# group (each kind of a target), for a quick replay.  MKBUNDLE is
# tests/mkbundle, which packs small bundles for fuzz_bundle; without it
# fuzz_bundle gets single files only.
#
# fuzz_xml and fuzz_json seeds start with the byte that picks the kind:
# the order of the tables in fuzz/fuzz_xml.c and fuzz/fuzz_json.c.
set -eu

max=0
if [ "${1:-}" = -n ]; then
	max=$2
	shift 2
fi
if [ $# -lt 2 ]; then
	echo "usage: $0 [-n MAX] SRCDIR OUT [MKBUNDLE]" >&2
	exit 2
fi
src=$1 out=$2 mkbundle=${3:-}
lin=$src/samples/linux
win=$src/samples/windows
cp=$src/samples/control

T=$(mktemp -d "${TMPDIR:-/tmp}/vmtriage-seeds.XXXXXX")
trap 'rm -rf "$T"' EXIT

# seeds TARGET SELECTOR CAP: a seed of each file named on standard input
# (sorted, at most MAX), cut to CAP bytes (0: whole files, and none over
# 256 KiB), after the selector byte (-: none).
seeds() {
	target=$1 sel=$2 cap=$3
	mkdir -p "$out/$target"
	if [ "$max" -gt 0 ]; then
		limit="head -n $max"
	else
		limit="cat"
	fi
	LC_ALL=C sort | $limit | while IFS= read -r f; do
		[ -f "$f" ] || continue
		if [ "$cap" -eq 0 ] && [ "$(wc -c < "$f")" -gt 262144 ]; then
			continue
		fi
		{
			# shellcheck disable=SC2059
			[ "$sel" = - ] || printf "\\$(printf %o "$sel")"
			if [ "$cap" -gt 0 ]; then
				head -c "$cap" "$f"
			else
				cat "$f"
			fi
		} > "$T/seed"
		name=$(sha1sum < "$T/seed" | cut -c1-40)
		mv "$T/seed" "$out/$target/$name"
	done
}

# find in the samples, any case.
sample() {
	find "$lin" "$win" "$cp" -type f "$@"
}

sample -name 'waagent.log*' ! -name '*.gz' | seeds fuzz_waagent_log - 8192
sample \( -iname 'WaAppAgent*.log' -o -iname 'TransparentInstaller*.log' \
    -o -iname 'Telemetry*.log' \) | seeds fuzz_guestagent_log - 8192

# The text reader: logs of both agents, UTF-16 command output, XML.
{
	sample -name 'waagent.log' | head -n 2
	sample -iname 'WaAppAgent.log' | head -n 2
	sample -name '*.txt' | head -n 6
	sample -name 'System.xml' | head -n 1
} | seeds fuzz_text - 8192

sample -name 'GoalState*.xml' | seeds fuzz_xml 0 0
sample -name 'ExtensionsConfig*.xml' | seeds fuzz_xml 1 0
sample -name 'HostingEnvironmentConfig*.xml' | seeds fuzz_xml 2 0
sample -name 'SharedConfig*.xml' | seeds fuzz_xml 3 0
sample -name 'ovf-env.xml' | seeds fuzz_xml 4 0
sample \( -name 'System.xml' -o -name 'Application.xml' \
    -o -name 'AppLocker*.xml' \) | seeds fuzz_xml 5 0

sample -name '*.status' | seeds fuzz_json 0 0
sample -iname 'aggregatestatus*.json' | seeds fuzz_json 1 0
sample -name 'waagent_status*.json' | seeds fuzz_json 2 0
sample -name 'registry.json' | seeds fuzz_json 3 0
sample -name 'HandlerStatus' | seeds fuzz_json 4 0
sample -name 'error.json' | seeds fuzz_json 5 0
sample -iname 'HeartBeat.json' | seeds fuzz_json 6 0
find "$cp" -name '*.json' ! -path '*/guest/*' | seeds fuzz_json 7 0

{ sample -name '*.evtx'; find "$src/tests/data" -name '*.evtx'; } |
    seeds fuzz_evtx - 0

# fuzz_binxml: the chunks of those logs (64 KiB after a 4 KiB header).
mkdir "$T/chunks"
{ sample -name '*.evtx'; find "$src/tests/data" -name '*.evtx'; } |
    while IFS= read -r f; do
	size=$(wc -c < "$f")
	c=0
	while [ $((4096 + (c + 1) * 65536)) -le "$size" ]; do
		dd if="$f" of="$T/chunks/$(basename "$f").$c" bs=4096 \
		    skip=$((1 + c * 16)) count=16 2>/dev/null
		c=$((c + 1))
	done
done
find "$T/chunks" -type f | seeds fuzz_binxml - 0

find "$src/patterns" -name '*.json' | seeds fuzz_pack - 0

# fuzz_split: logs long enough to be cut (selector: the kind, in the
# order of fuzz/fuzz_split.c, plus 4 times the limits to set).
sample -name 'waagent.log' -size +8k | seeds fuzz_split 0 32768
sample -name 'waagent.log' -size +8k | seeds fuzz_split 4 32768
sample -path '*VMSnapshotLinux/extension.log' | seeds fuzz_split 1 32768
sample -iname 'WaAppAgent.log' -size +8k | seeds fuzz_split 10 32768
sample -ipath '*Logs/Plugins/*.log' -size +8k | seeds fuzz_split 15 32768

# fuzz_bundle: single files (Windows exports are told by their content:
# the way to their parsers), and small bundles (every file of a sample,
# logs cut to 2 KiB) packed the ways they arrive.
{
	sample -name 'waagent.log' | head -n 1
	sample -name 'GoalState.1.xml' | head -n 1
} | seeds fuzz_bundle - 4096
sample \( -name 'systeminfo.txt' -o -name 'sc-*.txt' -o -name 'reg-*.txt' \
    -o -name 'ipconfig.txt' -o -name 'writers.txt' -o -name 'System.txt' \
    -o -name '*.csv' \) | seeds fuzz_bundle - 8192
[ -n "$mkbundle" ] || exit 0

# small SAMPLE: a copy of the sample dir with each file over 4 KiB cut
# to 2 KiB, except event logs.
small() {
	rm -rf "$T/b"
	mkdir -p "$T/b"
	(cd "$1" && find . -type f) | while IFS= read -r f; do
		mkdir -p "$T/b/$(dirname "$f")"
		case $f in
		*.evtx)	cp "$1/$f" "$T/b/$f" ;;
		*)	if [ "$(wc -c < "$1/$f")" -gt 4096 ]; then
				head -c 2048 "$1/$f" > "$T/b/$f"
			else
				cp "$1/$f" "$T/b/$f"
			fi ;;
		esac
	done
}

# bundle FORMAT [INNER]: the small copy packed, as a seed.
bundle() {
	"$mkbundle" "$1" "$T/bundle" "$T/b" ${2:+"$2"} >/dev/null
	echo "$T/bundle" | seeds fuzz_bundle - 0
}

if [ -d "$lin/healthy-ubuntu2204" ]; then
	small "$lin/healthy-ubuntu2204"
	bundle zip
	bundle tar.gz
	bundle zip var/lib/waagent/history
	head -c 2048 "$lin/healthy-ubuntu2204/var/log/waagent.log" > "$T/log"
	"$mkbundle" gz "$T/bundle" "$T/log" >/dev/null
	echo "$T/bundle" | seeds fuzz_bundle - 0
fi
if [ -d "$lin/vmsnapshot-failed" ] && [ "$max" -eq 0 ]; then
	small "$lin/vmsnapshot-failed"
	bundle tar.xz
fi
if [ -d "$win/win-healthy-2019" ]; then
	small "$win/win-healthy-2019"
	bundle zip-drive
	[ "$max" -gt 0 ] || bundle 7z
fi
if [ -d "$win/win-rdp-shutdown" ] && [ "$max" -eq 0 ]; then
	small "$win/win-rdp-shutdown"
	bundle zip WindowsAzure
fi
exit 0
