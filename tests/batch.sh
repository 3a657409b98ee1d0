#!/bin/sh
# vmtriage batch: one JSON line per bundle, in the order given, each the
# report analyze writes plus "batch"; the same lines with -j1 and -j2
# (apart from seconds), and with --isolate; bundles from arguments, --each
# and --from; failed
# bundles (missing, unreadable, random bytes, a worker past --timeout,
# one past --memory) recorded while the others succeed; --skip-done and
# --append resuming after a cut file; the summary CSV; secrets redacted;
# contrib/batch-shard.sh, batch-aggregate.jq and batch-summary.jq; GNU
# parallel --pipe; the usage errors.
. "$SRCDIR/tests/setup.sh"
need jq
: "${MKBUNDLE:?set MKBUNDLE}"
CONTRIB="$SRCDIR/contrib"

# A line without its seconds: what must not change from run to run.
nosecs() {
	jq -c 'del(.batch.seconds)' "$@"
}

# Ticket attachments: samples zipped, tarred or copied, one with a comma
# and a quote in its name, one whose name carries a SAS signature.
A="$T/att"
mkdir "$A"
"$MKBUNDLE" zip "$A/01-vmsnapshot.zip" "$SAMPLES/vmsnapshot-failed" || fail mkbundle
"$MKBUNDLE" tar.gz "$A/02-healthy.tar.gz" "$SAMPLES/healthy-ubuntu2204" || fail mkbundle
cp -R "$SAMPLES/wireserver-unreachable" "$A/03-wireserver"
"$MKBUNDLE" zip "$A/04-vss.zip" "$SAMPLES_WINDOWS/win-vss-writer-bad-state" || fail mkbundle
"$MKBUNDLE" zip "$A/05-rg-locked.zip" "$SRCDIR/samples/control/cp-rg-locked" || fail mkbundle
"$MKBUNDLE" zip "$A/06-odd, \"name\".zip" "$SAMPLES/agent-not-running" || fail mkbundle
"$MKBUNDLE" zip "$A/07-dl?sig=TOPSECRET0042" "$SAMPLES/dhcp-disabled" || fail mkbundle
: > "$A/.DS_Store"
N=7

# --each: every entry in name order, dot files left out; -j1 and -j2
# give the same lines; every line is analyze's report plus "batch".
vt batch -q -j1 --each "$A" -o "$T/j1.jsonl"; expect_rc 0 "batch -j1 --each"
vt batch -q -j2 --each "$A" > "$T/j2.jsonl"; expect_rc 0 "batch -j2 --each"
[ "$(wc -l < "$T/j1.jsonl")" -eq $N ] || fail "-j1: $(wc -l < "$T/j1.jsonl") lines, want $N"
if jq -e . "$T/j1.jsonl" > /dev/null 2>&1; then ok "JSONL parses"
else fail "the JSONL does not parse"; fi
nosecs "$T/j1.jsonl" > "$T/j1.nosecs"
nosecs "$T/j2.jsonl" > "$T/j2.nosecs"
if cmp -s "$T/j1.nosecs" "$T/j2.nosecs"; then ok "-j1 and -j2 give the same lines"
else fail "-j1 and -j2 differ:"; diff "$T/j1.nosecs" "$T/j2.nosecs" | head -5 >&2; fi
# A worker serves bundle after bundle; --isolate, a process each: no
# bundle's line may depend on the bundles its worker served before.
vt batch -q -j2 --isolate --each "$A" > "$T/iso.jsonl"; expect_rc 0 "batch --isolate"
nosecs "$T/iso.jsonl" > "$T/iso.nosecs"
if cmp -s "$T/j1.nosecs" "$T/iso.nosecs"; then ok "--isolate gives the same lines"
else fail "--isolate differs:"; diff "$T/j1.nosecs" "$T/iso.nosecs" | head -5 >&2; fi
jq -s -e 'map(.batch.seconds) | all(type == "number" and . >= 0) and add > 0' \
    "$T/j1.jsonl" > /dev/null || fail "batch.seconds are not times"
ls "$A" | sed "s|^|$A/|" > "$T/list"
jq -r .batch.bundle "$T/j1.jsonl" | sed 's/sig=<redacted>/sig=TOPSECRET0042/' > "$T/order"
if cmp -s "$T/list" "$T/order"; then ok "lines in name order"
else fail "lines out of order:"; diff "$T/list" "$T/order" >&2; fi
[ "$(jq -r '.batch | "\(.status) \(.exit) \(.error)"' "$T/j1.jsonl" | sort | uniq -c | awk '{ print $1, $2, $3, $4 }' | tr '\n' ' ')" = \
    "1 ok 0 null 6 ok 1 null " ] || fail "batch fields: $(jq -c .batch "$T/j1.jsonl")"
i=0
while IFS= read -r b; do
	i=$((i + 1))
	vt analyze -q --format json -o "$T/one.json" "$b"
	jq -c . "$T/one.json" > "$T/want"
	sed -n "${i}p" "$T/j1.jsonl" | jq -c 'del(.batch)' > "$T/got"
	cmp -s "$T/want" "$T/got" || fail "line $i is not analyze's report of $b"
	[ "$(sed -n "${i}p" "$T/j1.jsonl" | jq .batch.exit)" -eq "$rc" ] ||
		fail "line $i: batch.exit is not analyze's exit status $rc"
done < "$T/list"
ok "each line is analyze's report plus batch"

# Arguments, --from FILE (CRLF, empty lines) and --from - give the same
# lines; arguments come first, then --each and --from in their order.
# shellcheck disable=SC2046
(set -f; IFS='
'; vt batch -q -j2 $(cat "$T/list") > "$T/args.jsonl"; echo "$rc" > "$T/rc")
[ "$(cat "$T/rc")" -eq 0 ] || fail "batch with arguments: exit $(cat "$T/rc")"
nosecs "$T/args.jsonl" | cmp -s - "$T/j1.nosecs" || fail "arguments differ from --each"
vt batch -q --from - < "$T/list" > "$T/stdin.jsonl"; expect_rc 0 "batch --from -"
nosecs "$T/stdin.jsonl" | cmp -s - "$T/j1.nosecs" || fail "--from - differs from --each"
{ echo; sed 's/$/\r/' "$T/list"; echo; } > "$T/list.crlf"
vt batch -q --from "$T/list.crlf" > "$T/crlf.jsonl"; expect_rc 0 "batch --from FILE (CRLF)"
nosecs "$T/crlf.jsonl" | cmp -s - "$T/j1.nosecs" || fail "--from with CRLF and empty lines differs"
head -n 1 "$T/list" > "$T/one.list"
vt batch -q --from "$T/one.list" --each "$SRCDIR/samples/control" \
    "$SAMPLES/pending-reboot" > "$T/mixed.jsonl"
expect_rc 0 "arguments, --each and --from together"
{ echo "$SAMPLES/pending-reboot"; cat "$T/one.list"; ls "$SRCDIR/samples/control" |
    sed "s|^|$SRCDIR/samples/control/|"; } > "$T/want"
jq -r .batch.bundle "$T/mixed.jsonl" | sed 's/sig=<redacted>/sig=TOPSECRET0042/' > "$T/got"
cmp -s "$T/want" "$T/got" || fail "arguments, --each, --from: not in that order"

# Secrets in a bundle's name stay out of every output.
vt batch -j1 --each "$A" -o "$T/red.jsonl" --summary "$T/red.csv" 2> "$T/red.err"
if grep -q TOPSECRET0042 "$T/red.jsonl" "$T/red.csv" "$T/red.err"; then
	fail "a SAS signature in a bundle's name is not redacted"
else ok "bundle names redacted"; fi
grep -q 'sig=<redacted>' "$T/red.jsonl" || fail "the redacted name is not in the JSONL"
# Quiet when standard error is not a terminal and nothing failed.
[ -s "$T/red.err" ] && fail "batch wrote to standard error: $(cat "$T/red.err")"

# Failed bundles: recorded in their place, the others analysed, exit 3.
F="$T/fail"
mkdir "$F"
cp -R "$SAMPLES/healthy-rhel8-flat" "$F/1-ok"
# Random bytes, the same every run (seeded), named as a zip.
printf "$(LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 2048; i++) printf "\\%03o", int(rand() * 256) }')" \
    > "$F/2-garbage.zip"
"$MKBUNDLE" zip "$F/3-ok.zip" "$SAMPLES/python-unsupported" || fail mkbundle
printf 'PK\003\004 cut short' > "$F/4-cut.zip"
printf '%s\n' "$F/1-ok" "$F/2-garbage.zip" "$F/does-not-exist" "$F/3-ok.zip" \
    "$F/4-cut.zip" > "$T/flist"
if [ "$(id -u)" -ne 0 ]; then
	"$MKBUNDLE" zip "$F/5-unreadable.zip" "$SAMPLES/pending-reboot"
	chmod 000 "$F/5-unreadable.zip"
	echo "$F/5-unreadable.zip" >> "$T/flist"
else
	echo "note: running as root, no unreadable file can be made"
fi
vt batch -j2 --from "$T/flist" -o "$T/f.jsonl" --summary "$T/f.csv" 2> "$T/f.err"
expect_rc 3 "a batch with failed bundles"
[ "$(wc -l < "$T/f.jsonl")" -eq "$(wc -l < "$T/flist")" ] || fail "not one line per bundle"
jq -r .batch.bundle "$T/f.jsonl" | cmp -s - "$T/flist" || fail "failed bundles out of their place"
[ "$(jq -r .batch.status "$T/f.jsonl" | sort | uniq -c | awk '{ printf "%s %s ", $1, $2 }')" = \
    "$(($(wc -l < "$T/flist") - 2)) failed 2 ok " ] || fail "statuses: $(jq -r .batch.status "$T/f.jsonl" | tr '\n' ' ')"
jq -s -e 'map(select(.batch.status == "failed")) | all((keys == ["batch"]) and
    (.batch.exit == 3) and (.batch.error | type == "string" and length > 0))' \
    "$T/f.jsonl" > /dev/null || fail "a failed line lacks exit 3 or its error"
jq -r 'select(.batch.bundle | endswith("does-not-exist")) | .batch.error' "$T/f.jsonl" |
	grep -q 'No such file' || fail "the missing bundle's error does not say so"
jq -r 'select(.batch.bundle | endswith("garbage.zip")) | .batch.error' "$T/f.jsonl" |
	grep -q 'garbage.zip' || fail "the random bytes' error does not name the file"
[ "$(grep -c 'vmtriage: .*: ' "$T/f.err")" -eq "$(($(wc -l < "$T/flist") - 2))" ] ||
	fail "failed bundles not noted on standard error: $(cat "$T/f.err")"
ok "failed bundles recorded, the others analysed"

# A worker past --timeout is killed and recorded; the bundle after it is
# still analysed.  The slow input: 4 GiB of log lines in a small zip,
# which no machine parses within a second.
if [ -x "${MKHOSTILE:-}" ]; then
	"$MKHOSTILE" zipbomb "$T/slow.zip" lines || fail "mkhostile zipbomb"
	vt batch -q -j2 --timeout 1 --limit ratio=1000000 "$F/1-ok" \
	    "$T/slow.zip" "$F/3-ok.zip" > "$T/t.jsonl"
	expect_rc 3 "batch with a bundle past --timeout"
	[ "$(jq -r '.batch | "\(.status) \(.exit)"' "$T/t.jsonl" | tr '\n' ' ')" = \
	    "ok 0 failed null ok 1 " ] || fail "timeout: $(jq -c .batch "$T/t.jsonl")"
	jq -r '.batch.error // empty' "$T/t.jsonl" | grep -q 'timed out after 1 s' ||
		fail "the timed-out bundle's error does not say so"
	jq -s -e 'map(.batch | select(.status == "failed")) |
	    length == 1 and .[0].seconds >= 1 and .[0].seconds < 60' \
	    "$T/t.jsonl" > /dev/null || fail "the timed-out bundle's seconds"
	rm -f "$T/slow.zip"
	ok "a bundle past --timeout"
else
	echo "SKIP (part): tests/mkhostile not built, no slow bundle for --timeout"
fi

# A worker past --memory: a 4 MiB status file read whole.  Not under
# AddressSanitizer, whose allocator hangs when the address space runs
# out (tests/unit/test_batch.c checks the limit there).
if ASAN_OPTIONS=help=1 "$VMTRIAGE" --version 2>&1 | grep -q AddressSanitizer; then
	echo "SKIP (part): --memory under AddressSanitizer"
else
	M="$T/mem/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9/status"
	mkdir -p "$M"
	{ printf '['; head -c 4194304 /dev/zero | tr '\0' ' '; printf ']'; } > "$M/0.status"
	vt batch -q "$T/mem" > "$T/m.jsonl"
	expect_rc 0 "the big status file without --memory"
	vt batch -q --timeout 60 --memory 2M "$T/mem" "$F/1-ok" > "$T/m.jsonl"
	expect_rc 3 "the big status file with --memory 2M"
	jq -r '.batch.error // empty' "$T/m.jsonl" | grep -q 'out of memory.*--memory 2M' ||
		fail "past --memory: $(jq -c .batch "$T/m.jsonl")"
	[ "$(jq -r .batch.status "$T/m.jsonl" | tr '\n' ' ')" = "failed ok " ] ||
		fail "--memory 2M: $(jq -c .batch "$T/m.jsonl")"
	# In a worker that served a bundle first, then in a new one: the
	# same failure, and the worker after it goes on.
	vt batch -q -j1 --timeout 60 --memory 2M "$F/1-ok" "$T/mem" "$F/1-ok" > "$T/m.jsonl"
	expect_rc 3 "the big status file after another bundle"
	[ "$(jq -r .batch.status "$T/m.jsonl" | tr '\n' ' ')" = "ok failed ok " ] ||
		fail "--memory 2M, -j1: $(jq -c .batch "$T/m.jsonl")"
	jq -r '.batch.error // empty' "$T/m.jsonl" | grep -q 'out of memory.*--memory 2M' ||
		fail "past --memory after another bundle: $(jq -c .batch "$T/m.jsonl")"
	ok "a bundle past --memory"
fi

# The summary CSV: its columns, quoting, one row per line, and the same
# bytes as contrib/batch-summary.jq makes of the JSONL.
vt batch -q -j2 --each "$A" -o "$T/s.jsonl" --summary "$T/s.csv"
expect_rc 0 "batch --summary"
printf 'bundle,status,platform,top_cause,error_codes,confidence,seconds,error\r\n' > "$T/h"
head -n 1 "$T/s.csv" | cmp -s - "$T/h" || fail "summary header: $(head -n 1 "$T/s.csv")"
[ "$(wc -l < "$T/s.csv")" -eq $((N + 1)) ] || fail "summary rows: $(wc -l < "$T/s.csv")"
[ "$(grep -c "$(printf '\r$')" "$T/s.csv")" -eq $((N + 1)) ] || fail "summary rows do not end in CRLF"
grep -q "^\"$A/06-odd, \"\"name\"\"\\.zip\",ok,linux,agent.linux.not-running," "$T/s.csv" ||
	fail "a name with a comma and quotes is not quoted: $(grep odd "$T/s.csv")"
grep -q "^$A/01-vmsnapshot.zip,ok,linux,vmsnapshot.failed,[A-Za-z ]*,high,[0-9.]*,$(printf '\r')\$" "$T/s.csv" ||
	fail "summary row: $(grep vmsnapshot "$T/s.csv")"
grep -q "^$A/04-vss.zip,ok,windows,[a-z.-]*,[A-Za-z ]*,[a-z]*,[0-9.]*," "$T/s.csv" ||
	fail "Windows summary row: $(grep vss "$T/s.csv")"
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/s.csv" "$T/s.jsonl" <<'EOF' || fail "summary CSV does not match the JSONL"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8'), strict=True))
lines = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
assert len(rows) == len(lines) + 1
for r, l in zip(rows[1:], lines):
    assert len(r) == 8, r
    top = l['findings'][0] if l['findings'] else {}
    assert r[0] == l['batch']['bundle'], r
    assert r[2] == l['bundle']['platform'], r
    assert r[3] == top.get('cause', ''), r
    assert r[4] == ' '.join(top.get('error_codes', [])), r
    assert r[5] == top.get('confidence', ''), r
    assert float(r[6]) == l['batch']['seconds'], r
EOF
fi
jq -n -r -f "$CONTRIB/batch-summary.jq" "$T/s.jsonl" > "$T/s2.csv"
if cmp -s "$T/s.csv" "$T/s2.csv"; then ok "batch-summary.jq gives --summary's bytes"
else fail "batch-summary.jq differs from --summary:"; diff "$T/s.csv" "$T/s2.csv" | head >&2; fi
jq -n -r -f "$CONTRIB/batch-summary.jq" "$T/f.jsonl" | cmp -s - "$T/f.csv" ||
	fail "batch-summary.jq differs from --summary on failed bundles"

# Resuming: a JSONL cut in the middle of a line, as a killed run leaves
# it, then --skip-done FILE --append -o FILE: the whole batch, once.
head -n 3 "$T/j1.jsonl" > "$T/r.jsonl"
sed -n 4p "$T/j1.jsonl" | head -c 100 >> "$T/r.jsonl"
head -n 4 "$T/s.csv" > "$T/r.csv"
vt batch -q -j2 --each "$A" --skip-done "$T/r.jsonl" --append -o "$T/r.jsonl" \
    --summary "$T/r.csv"
expect_rc 0 "resume with --skip-done --append"
nosecs "$T/r.jsonl" | cmp -s - "$T/j1.nosecs" || fail "the resumed JSONL is not the whole batch"
[ "$(grep -c '^bundle,' "$T/r.csv")" -eq 1 ] || fail "--append wrote the CSV header again"
[ "$(wc -l < "$T/r.csv")" -eq $((N + 1)) ] || fail "resumed CSV: $(wc -l < "$T/r.csv") rows"
vt batch --each "$A" --skip-done "$T/r.jsonl" --append -o "$T/r.jsonl" 2> "$T/err"
expect_rc 0 "resume a finished batch"
nosecs "$T/r.jsonl" | cmp -s - "$T/j1.nosecs" || fail "resuming a finished batch changed it"
grep -q "$N bundles already done, 0 to go" "$T/err" || fail "no note of the bundles done: $(cat "$T/err")"
# Two files: the rest goes to a new one.
head -n 2 "$T/j1.jsonl" > "$T/part1"
vt batch -q --each "$A" --skip-done "$T/part1" -o "$T/part2"; expect_rc 0 "--skip-done to a new file"
cat "$T/part1" "$T/part2" | nosecs | cmp -s - "$T/j1.nosecs" ||
	fail "--skip-done: the two parts are not the whole batch"
# A file that does not exist records nothing; a line that is not JSON is
# noted and ignored.
vt batch -q --each "$A" --skip-done "$T/none.jsonl" > "$T/n.jsonl"; expect_rc 0 "--skip-done a missing file"
[ "$(wc -l < "$T/n.jsonl")" -eq $N ] || fail "--skip-done a missing file skipped something"
{ echo 'not json'; head -n 1 "$T/j1.jsonl"; } > "$T/junk"
vt batch --each "$A" --skip-done "$T/junk" > "$T/n.jsonl" 2> "$T/err"; expect_rc 0 "--skip-done with junk"
grep -q 'junk:1 is not a line of vmtriage batch' "$T/err" || fail "the junk line is not noted"
[ "$(wc -l < "$T/n.jsonl")" -eq $((N - 1)) ] || fail "--skip-done with junk: $(wc -l < "$T/n.jsonl") lines"
ok "--skip-done and --append"

# contrib/batch-shard.sh, as the pods of a Kubernetes Indexed Job run it:
# shards 0..2 of the list, concatenated, are the single run; a shard run
# again adds nothing.
for i in 0 1 2; do
	JOB_COMPLETION_INDEX=$i SHARD_COUNT=3 VMTRIAGE="$VMTRIAGE" \
	    sh "$CONTRIB/batch-shard.sh" "$T/list.crlf" "$T/shards" -q -j1 ||
		fail "batch-shard.sh shard $i: exit $?"
done
cat "$T/shards/shard-0.jsonl" "$T/shards/shard-1.jsonl" "$T/shards/shard-2.jsonl" |
	nosecs | cmp -s - "$T/j1.nosecs" || fail "the shards together are not the single run"
[ "$(wc -l < "$T/shards/shard-0.jsonl")" -eq 3 ] && [ "$(wc -l < "$T/shards/shard-2.jsonl")" -eq 2 ] ||
	fail "shard sizes: $(wc -l "$T"/shards/*.jsonl)"
cp "$T/shards/shard-1.jsonl" "$T/before"
SHARD_INDEX=1 SHARD_COUNT=3 VMTRIAGE="$VMTRIAGE" sh "$CONTRIB/batch-shard.sh" \
    "$T/list" "$T/shards" -q || fail "batch-shard.sh again: exit $?"
cmp -s "$T/before" "$T/shards/shard-1.jsonl" || fail "a shard run again changed its lines"
# A shard with failed bundles succeeds (they are recorded); a bad call
# does not.
SHARD_INDEX=0 SHARD_COUNT=1 VMTRIAGE="$VMTRIAGE" sh "$CONTRIB/batch-shard.sh" \
    "$T/flist" "$T/fshard" -q || fail "batch-shard.sh with failed bundles: exit $?"
[ "$(jq -r .batch.status "$T/fshard/shard-0.jsonl" | grep -c failed)" -ge 3 ] ||
	fail "batch-shard.sh did not record the failed bundles"
if SHARD_COUNT=3 sh "$CONTRIB/batch-shard.sh" "$T/list" "$T/x" 2>/dev/null; then
	fail "batch-shard.sh without an index succeeded"
fi
if SHARD_INDEX=3 SHARD_COUNT=3 sh "$CONTRIB/batch-shard.sh" "$T/list" "$T/x" 2>/dev/null; then
	fail "batch-shard.sh with index 3 of 3 succeeded"
fi
ok "batch-shard.sh"

# The map step's contract (Spark's pipe, parallel --pipe): any split of
# the list, each part through --from -, concatenated in order.
split -l 2 "$T/list" "$T/part."
for p in "$T"/part.*; do
	"$VMTRIAGE" batch -q --from - < "$p"
done | nosecs | cmp -s - "$T/j1.nosecs" || fail "the parts piped through --from - are not the single run"

# contrib/batch-aggregate.jq over the lines of a batch with failures.
cat "$T/s.jsonl" "$T/f.jsonl" > "$T/all.jsonl"
jq -n -f "$CONTRIB/batch-aggregate.jq" "$T/all.jsonl" > "$T/agg.json" ||
	fail "batch-aggregate.jq failed"
nf=$(jq -s '[.[] | select(.batch.status == "failed")] | length' "$T/all.jsonl")
jq -e --argjson n "$(wc -l < "$T/all.jsonl")" --argjson nf "$nf" '
    .bundles == $n and .failed == $nf and .ok == $n - $nf
    and ([.by_top_cause[].bundles] | add) == .ok
    and ([.by_platform[].bundles] | add) == .ok
    and (.failed_bundles | length) == $nf
    and (.failed_bundles | all(.error | length > 0))
    and (.by_top_cause | map(select(.cause == "vmsnapshot.failed")) | .[0].bundles) == 1
    and (.by_top_cause | map(select(.cause == "none")) | .[0].bundles) == 2
    and (.by_error_code | map(select(.code == "BackUpOperationFailed")) | length) == 1
    and (.by_top_cause | . == sort_by(-.bundles, .cause))' "$T/agg.json" > /dev/null ||
	fail "batch-aggregate.jq: $(jq -c . "$T/agg.json")"
ok "batch-aggregate.jq"

# GNU parallel: the list in blocks of 2 paths, each through batch
# --from -, on the local machine given as an sshlogin (-S 2/: is two
# jobs on "the local host", the form a list of hosts takes), in order.
if command -v parallel >/dev/null 2>&1; then
	parallel --will-cite --pipe -N 2 -k -S 2/: "$VMTRIAGE" batch --from - -q \
	    < "$T/list" > "$T/par.jsonl" 2> "$T/par.err" ||
		fail "parallel --pipe: exit $?: $(cat "$T/par.err")"
	nosecs "$T/par.jsonl" | cmp -s - "$T/j1.nosecs" ||
		fail "parallel --pipe is not the single run"
	# One bundle per job, the form for hosts that do not share the
	# bundles (with --transferfile {}).
	parallel --will-cite -k -S 2/: "$VMTRIAGE" batch -q {} \
	    < "$T/list" > "$T/par1.jsonl" 2> "$T/par.err" ||
		fail "parallel per path: exit $?: $(cat "$T/par.err")"
	nosecs "$T/par1.jsonl" | cmp -s - "$T/j1.nosecs" ||
		fail "parallel per path is not the single run"
	ok "GNU parallel --pipe"
else
	echo "SKIP (part): GNU parallel not installed"
fi

# Progress on a terminal only: through script(1)'s pseudo-terminal.
if command -v script >/dev/null 2>&1 &&
    script -qec true /dev/null > /dev/null 2>&1; then
	script -qec "'$VMTRIAGE' batch -j2 --each '$A' -o '$T/p.jsonl'" \
	    "$T/typescript" > /dev/null 2>&1
	grep -q "$N/$N bundles, [0-9.]*/s, ETA" "$T/typescript" ||
		fail "no progress on a terminal: $(tr '\r' '\n' < "$T/typescript" | tail -3)"
	script -qec "'$VMTRIAGE' batch -q -j2 --each '$A' -o '$T/p.jsonl'" \
	    "$T/typescript" > /dev/null 2>&1
	grep -q "bundles" "$T/typescript" && fail "-q still shows progress"
	ok "progress on a terminal"
fi

# Usage errors exit 2; a list or folder that cannot be read exits 3.
vt batch > /dev/null 2>&1; expect_rc 2 "batch without bundles"
for bad in "-j 0" "-j x" "-j 1025" "--timeout -1" "--timeout soon" \
    "--memory 12Q" "--memory -1" "--append" "--no-such-option"; do
	# shellcheck disable=SC2086
	vt batch $bad "$F/1-ok" > /dev/null 2> "$T/err"
	expect_rc 2 "batch $bad"
	grep -q 'vmtriage batch --help' "$T/err" || fail "batch $bad: no hint"
done
vt batch -q --each "$T/no-such-dir" > /dev/null 2> "$T/err"; expect_rc 3 "--each a missing folder"
grep -q no-such-dir "$T/err" || fail "--each a missing folder: not named"
vt batch -q --from "$T/no-such-list" > /dev/null 2>&1; expect_rc 3 "--from a missing list"
vt batch -q --from /dev/null > "$T/empty"; expect_rc 0 "an empty list"
[ -s "$T/empty" ] && fail "an empty list wrote lines"
vt batch --help > "$T/help"; expect_rc 0 "batch --help"
grep -q -- '--skip-done' "$T/help" || fail "--help lacks --skip-done"

# A fleet's audit: each line is the bundle's audit, the summary has a
# column per check of the packs, and the HTML table a row per VM.
AU="$SRCDIR/samples/audit"
if [ -d "$AU" ]; then
	vt batch -q -j2 --audit --summary "$T/fleet.csv" \
	    --fleet-html "$T/fleet.html" -o "$T/fleet.jsonl" \
	    "$AU/audit-failing-windows" "$AU/audit-ready-linux" \
	    "$AU/audit-thin" "$T/no-such-bundle"
	expect_rc 3 "batch --audit with a missing bundle"
	[ "$(wc -l < "$T/fleet.jsonl")" -eq 4 ] || fail "--audit: not 4 lines"
	for c in audit-failing-windows audit-ready-linux audit-thin; do
		vt audit --format json -o "$T/one.json" "$AU/$c"
		want=$(jq -c '[.verdict, [.checks[].status]]' "$T/one.json")
		got=$(jq -c --arg b "$AU/$c" 'select(.batch.bundle == $b) |
		    [.verdict, [.checks[].status]]' "$T/fleet.jsonl")
		[ "$want" = "$got" ] ||
			fail "--audit: $c differs from vmtriage audit"
		ids=$(jq -r '[.checks[].id] | join(",")' "$T/one.json")
		n=$(jq '.checks | length' "$T/one.json")
		row=$(tr -d '\r' < "$T/fleet.csv" | grep "^$AU/$c," |
		    cut -d, -f4-$((4 + n)))
		[ "$row" = "$(jq -r '[.verdict, .checks[].status] | join(",")' \
		    "$T/one.json")" ] ||
			fail "--audit: the summary row of $c is not its statuses"
		grep -q "$c" "$T/fleet.html" ||
			fail "--audit: $c not in the fleet table"
	done
	head -1 "$T/fleet.csv" | tr -d '\r' |
	    grep -q "^bundle,status,platform,verdict,$ids,seconds,error$" ||
		fail "--audit: the summary header is not a column per check"
	awk -F, 'NR > 1 && NF != n { bad = 1 } NR == 1 { n = NF }
	    END { exit bad }' "$T/fleet.csv" ||
		fail "--audit: summary rows of unequal length"
	grep -q 'id="verdict"' "$T/fleet.html" &&
	    grep -q '1 of 4 VMs ready' "$T/fleet.html" ||
		fail "--audit: the fleet table has no verdict"
	grep -q '<script\|https\?://[^"]*"[^>]*src=' "$T/fleet.html" &&
		fail "--audit: the fleet table fetches or runs something"
	# contrib/batch-aggregate.jq counts audit lines by verdict and
	# check: each check's statuses add up to the VMs audited, and its
	# failures are those of the lines.
	jq -n -f "$CONTRIB/batch-aggregate.jq" "$T/fleet.jsonl" > "$T/fagg.json" ||
		fail "batch-aggregate.jq on audit lines failed"
	nchecks=$(head -1 "$T/fleet.jsonl" | jq '.checks | length')
	jq -e --argjson nc "$nchecks" --slurpfile l "$T/fleet.jsonl" '
	    .bundles == 4 and .ok == 3 and .failed == 1 and .with_findings == 1
	    and ([.by_verdict[].bundles] | add) == 3
	    and (.by_check | length) == $nc
	    and (.by_check | all(.fail + .warn + .unknown + .pass + .not_applicable == 3))
	    and (.by_check | all(. as $c | .fail == ([$l[] | .checks[]? |
		select(.id == $c.check and .status == "fail")] | length)))
	    and (.by_check | . == sort_by(-.fail, -.warn, -.unknown, .check))' \
	    "$T/fagg.json" > /dev/null ||
		fail "batch-aggregate.jq on audit lines: $(jq -c . "$T/fagg.json")"
	# Bundles of one folder: the folder is said once, the rows name
	# the bundles in it; bundles of several folders keep their paths.
	grep -q "$(basename "$T")/<wbr>no-such-bundle" "$T/fleet.html" ||
		fail "--audit: a bundle of another folder lost its folder"
	vt batch -q --audit --fleet-html "$T/fleet2.html" -o /dev/null --each "$AU"
	expect_rc 0 "batch --audit --each samples/audit"
	grep -q 'Bundles in <code>' "$T/fleet2.html" ||
		fail "--audit: the folder of the bundles is not said"
	[ "$(grep -c '<td class="b">audit-thin</td>' "$T/fleet2.html")" -eq 1 ] ||
		fail "--audit: the row does not name audit-thin alone"
	vt batch --fleet-html "$T/x.html" "$AU/audit-thin" > /dev/null 2>&1
	expect_rc 2 "--fleet-html without --audit"
	ok "a fleet's audit: lines, summary columns and table"
fi

finish
