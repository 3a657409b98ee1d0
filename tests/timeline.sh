#!/bin/sh
# vmtriage timeline: the records of every file of a sample in time order,
# --around/--window, --max, --kind, CSV that parses with a fixed column
# count, the evidence of the findings marked, local times made UTC (and
# marked when they cannot be), secrets redacted, and the usage errors.
. "$SRCDIR/tests/setup.sh"
need jq

case=agent-not-running
B="$SAMPLES/$case"

# The CSV as tab-separated columns without the text, one row a line;
# fails if a row does not have the 8 columns.  Python's csv module when
# there is one, else awk (quote-aware for the count).
csv_rows() {
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$1" <<'EOF'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f, strict=True))
assert rows[0] == ['time', 'zone', 'file', 'line', 'kind', 'level',
                   'cause', 'text'], rows[0]
for r in rows[1:]:
    if len(r) != 8:
        sys.exit('row of %d columns: %r' % (len(r), r))
    print('\t'.join(r[:7]))
EOF
	else
		tr -d '\r' < "$1" | awk '
		function count(s,   n, i, c, q) {
			n = 1; q = 0
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "\"") q = !q
				else if (c == "," && !q) n++
			}
			return n
		}
		NR == 1 { if ($0 != "time,zone,file,line,kind,level,cause,text") exit 1; next }
		{ if (count($0) != 8) { print "row of " count($0) " columns" > "/dev/stderr"; exit 1 }
		  split($0, f, ","); print f[1] "\t" f[2] "\t" f[3] "\t" f[4] "\t" f[5] "\t" f[6] "\t" f[7] }'
	fi
}

# Every option of the command is in the man page.
vt timeline --help > "$T/help"; expect_rc 0 "timeline --help"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u); do
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$SRCDIR/doc/vmtriage.1" ||
		fail "timeline $opt is not in doc/vmtriage.1"
done
grep -q 'timeline' "$SRCDIR/README.md" || fail "README.md does not name timeline"
vt --help > "$T/help"
grep -q '^  timeline' "$T/help" || fail "vmtriage --help does not list timeline"

# The whole bundle: several files, in time order, as text and as CSV.
vt timeline --quiet "$B" > "$T/all.txt"; expect_rc 0 "timeline of $case"
vt timeline --quiet --format csv "$B" > "$T/all.csv"; expect_rc 0 "timeline --format csv"
csv_rows "$T/all.csv" > "$T/all.rows" || fail "the CSV does not parse"
n=$(wc -l < "$T/all.rows")
[ "$n" -gt 100 ] || fail "only $n entries"
files=$(cut -f3 "$T/all.rows" | sort -u | wc -l)
[ "$files" -ge 5 ] || fail "entries of $files files only"
cut -f1 "$T/all.rows" > "$T/times"
LC_ALL=C sort -c "$T/times" 2>/dev/null || fail "the CSV is not in time order"
grep -v 'Z$' "$T/times" > /dev/null && fail "a Linux sample's times are not all UTC"
# The text shows the same entries, in the same order.
sed -n 's/^\([0-9-]*T[0-9:.]*Z\) .*/\1/p' "$T/all.txt" > "$T/ttimes"
cmp -s "$T/times" "$T/ttimes" || fail "text and CSV entries differ"
grep -q "^shown: $n entries" "$T/all.txt" || fail "the header does not count $n entries"
grep -q "^without a time: [1-9]" "$T/all.txt" || fail "no count of untimed records"
ok "entries of $files files in time order"

# Same input, same bytes.
vt timeline --quiet --format csv "$B" > "$T/again.csv"
cmp -s "$T/all.csv" "$T/again.csv" || fail "two runs differ"

# The evidence of the findings (those with a time) is marked, with the
# cause, and nothing else is.
vt analyze --quiet --format json -o "$T/r.json" "$B"
jq -r '.findings[] | .cause as $c | .evidence[] | select(.time != null) |
    "\(.file)\t\(if .line > 0 then .line else "" end)\t\($c)"' "$T/r.json" |
    sort -u > "$T/ev.want"
[ -s "$T/ev.want" ] || fail "$case has no timed evidence to look for"
awk -F'\t' '$7 != "" { print $3 "\t" $4 "\t" $7 }' "$T/all.rows" | sort -u > "$T/ev.got"
cmp -s "$T/ev.want" "$T/ev.got" || {
	fail "the marked entries are not the evidence"; diff "$T/ev.want" "$T/ev.got" >&2; }
cause=$(head -1 "$T/ev.want" | cut -f3)
grep -q "^[0-9T:.Z-]* \* \[$cause\] " "$T/all.txt" || fail "the text does not mark $cause"
ok "evidence marked"

# The symptom's evidence (the failed job, the agent Not Ready in the
# instance view) is marked with the error code.
mixed="$SRCDIR/samples/control/mixed-linux-firewall"
vt timeline --quiet --format csv -o "$T/mixed.csv" "$mixed"
for f in azure/az-backup-job-list.json azure/az-vm-get-instance-view.json; do
	grep -q ",$f,[0-9]*,az\.[a-z-]*,[^,]*,GuestAgentSnapshotTaskStatusError," \
	    "$T/mixed.csv" || fail "$f is not marked with the job's error code"
done
ok "the symptom's evidence marked with the error code"

# --around/--window keeps only the window.
vt timeline --quiet --format csv --around 2025-03-13T09:16:00Z --window 2m \
    "$B" > "$T/w.csv"
expect_rc 0 "--around --window"
csv_rows "$T/w.csv" > "$T/w.rows" || fail "the windowed CSV does not parse"
nw=$(wc -l < "$T/w.rows")
[ "$nw" -gt 0 ] && [ "$nw" -lt "$n" ] || fail "the window kept $nw of $n"
awk -F'\t' '$1 < "2025-03-13T09:14:00.000Z" || $1 > "2025-03-13T09:18:00.000Z" { print; bad = 1 }
    END { exit bad }' "$T/w.rows" || fail "entries outside the window"
awk -F'\t' '$1 >= "2025-03-13T09:14:00.000Z" && $1 <= "2025-03-13T09:18:00.000Z"' \
    "$T/all.rows" > "$T/w.want"
cmp -s "$T/w.rows" "$T/w.want" || fail "the window misses entries of the whole timeline"
# With an offset, and as "date time" taken as UTC: the same window.
vt timeline --quiet --format csv --around 2025-03-13T11:16:00+02:00 --window 120s \
    "$B" > "$T/w2.csv"
cmp -s "$T/w.csv" "$T/w2.csv" || fail "--around with +02:00 gives another window"
vt timeline --quiet --format csv --around '2025-03-13 09:16:00' --window 2m \
    "$B" > "$T/w3.csv"
cmp -s "$T/w.csv" "$T/w3.csv" || fail "--around without a zone is not UTC"
vt timeline --quiet --around 2025-03-13T09:16:00Z --window 2m "$B" > "$T/w.txt"
grep -q "^window: 2025-03-13T09:14:00Z .. 2025-03-13T09:18:00Z" "$T/w.txt" ||
	fail "the header does not give the window"
grep -q "^outside the window: $((n - nw)) " "$T/w.txt" ||
	fail "the header does not count $((n - nw)) entries outside"
# The default window is 30 minutes each side.
vt timeline --quiet --around 2025-03-13T09:16:00Z "$B" > "$T/w.txt"
grep -q "^window: 2025-03-13T08:46:00Z .. 2025-03-13T09:46:00Z" "$T/w.txt" ||
	fail "the default window is not 30m"
ok "--around/--window"

# --max keeps the nearest to --around, else the newest, and says so.
vt timeline --quiet --format csv --max 5 "$B" > "$T/m.csv"
csv_rows "$T/m.csv" > "$T/m.rows"
tail -n 5 "$T/all.rows" | cmp -s - "$T/m.rows" || fail "--max 5 does not keep the newest"
vt timeline --quiet --max 5 "$B" > "$T/m.txt"
grep -q "^left out beyond --max: $((n - 5)) " "$T/m.txt" ||
	fail "the header does not count what --max left out"
vt timeline --quiet --format csv --max 3 --around 2025-03-13T09:16:30.124Z \
    --window 1h "$B" > "$T/m.csv"
csv_rows "$T/m.csv" | cut -f1,3,4 > "$T/m.rows"
printf '%s\n' "2025-03-13T09:16:30.123Z	var/log/syslog	99" \
    "2025-03-13T09:16:30.126Z	var/log/syslog	100" \
    "2025-03-13T09:16:30.128Z	var/log/syslog	101" > "$T/m.want"
cmp -s "$T/m.want" "$T/m.rows" || {
	fail "--max 3 --around does not keep the nearest"; cat "$T/m.rows" >&2; }
ok "--max"

# --kind keeps only those kinds.
vt timeline --quiet --format csv -k syslog --kind waagent.log "$B" > "$T/k.csv"
expect_rc 0 "--kind twice"
csv_rows "$T/k.csv" | cut -f5 | sort -u | tr '\n' ' ' > "$T/k.kinds"
[ "$(cat "$T/k.kinds")" = "syslog waagent.log " ] ||
	fail "--kind syslog --kind waagent.log gives $(cat "$T/k.kinds")"

# -o writes the file; a file that cannot be written is exit 5.
vt timeline --quiet --format csv -o "$T/o.csv" "$B"; expect_rc 0 "-o FILE"
cmp -s "$T/all.csv" "$T/o.csv" || fail "-o wrote another timeline"
vt timeline --quiet -o "$T/no/such/dir/t.txt" "$B" 2> /dev/null
expect_rc 5 "-o into a missing directory"
vt timeline --quiet "$T/does-not-exist" 2> /dev/null; expect_rc 3 "no bundle"

# Windows: a VM at +01:00 (systeminfo) has its local times made UTC and
# ordered with the UTC events; without the offset they stay local.
W="$SAMPLES_WINDOWS/win-agent-outdated"
vt timeline --quiet --format csv "$W" > "$T/win.csv"
csv_rows "$T/win.csv" > "$T/win.rows" || fail "the Windows CSV does not parse"
cut -f2 "$T/win.rows" | sort -u | tr '\n' ' ' > "$T/zones"
[ "$(cat "$T/zones")" = "UTC local+01:00 " ] || fail "zones: $(cat "$T/zones")"
cut -f1 "$T/win.rows" | LC_ALL=C sort -c 2>/dev/null || fail "the Windows timeline is not in order"
grep -q '^2024-11-25T07:40:12.250Z	local+01:00	WindowsAzure/Logs/WaAppAgent.log	2	' \
    "$T/win.rows" || fail "local 08:40:12.25 at +01:00 is not 07:40:12.250Z"
# The window applies to the time made UTC; the cap needs a second walk
# (the offset is learnt at the end of the first) and keeps the nearest.
vt timeline --quiet --around 2024-11-25T07:40:12Z --window 1m --max 5 "$W" > "$T/win.txt"
grep -q '^outside the window: 723 ' "$T/win.txt" || fail "Windows window: outside"
grep -q '^left out beyond --max: 8 ' "$T/win.txt" || fail "Windows window: left out"
sed -n 's/^\(2024-[0-9T:.-]*Z\) .*/\1/p' "$T/win.txt" | tr '\n' ' ' > "$T/win.times"
[ "$(cat "$T/win.times")" = "2024-11-25T07:40:12.250Z 2024-11-25T07:40:12.290Z 2024-11-25T07:40:12.860Z 2024-11-25T07:40:12.910Z 2024-11-25T07:40:14.150Z " ] ||
	fail "Windows window keeps $(cat "$T/win.times")"
grep -q 'made UTC with the VM.s offset +01:00' "$T/win.txt" || fail "the offset is not said"
U="$SAMPLES_WINDOWS/win-wireserver-unreachable"
vt timeline --quiet "$U" > "$T/u.txt"
grep -q '^2022-11-14T10:05:59.400 local  \* \[network.wireserver-unreachable\] ' "$T/u.txt" ||
	fail "a local time of unknown offset is not marked local"
vt timeline --quiet --format csv "$U" > "$T/u.csv"
csv_rows "$T/u.csv" | cut -f2 | sort -u | grep -qx local || fail "no zone 'local' in the CSV"
ok "local times"

# A secret in a record is redacted, in text and CSV.
mkdir -p "$T/sec/var/log"
SIG=AbCdEf1234567890AbCdEf1234567890AbCdEf12%3D
printf '%s\n' \
    "2024-05-01T10:20:30.000000Z INFO ExtHandler ExtHandler uploading to https://acct.blob.core.windows.net/c/b?sv=2020-08-04&sig=$SIG now" \
    "2024-05-01T10:20:31.000000Z INFO ExtHandler ExtHandler settings: {\"password\": \"Hunter2Secret\"}" \
    > "$T/sec/var/log/waagent.log"
for f in text csv; do
	vt timeline --quiet --format "$f" "$T/sec" > "$T/sec.$f"
	expect_rc 0 "timeline --format $f of a bundle with secrets"
	if grep -q -e AbCdEf1234567890 -e Hunter2Secret -e 2020-08-04 "$T/sec.$f"; then
		fail "a secret in the $f timeline"
	fi
	grep -q 'sig=<redacted>' "$T/sec.$f" || fail "$f: the SAS URL lost its shape"
done
ok "secrets redacted"

# Colour only when asked.
if grep -q "$(printf '\033')" "$T/all.txt"; then fail "colour in a pipe"; fi
vt timeline --quiet --color always "$B" > "$T/c.txt"
grep -q "$(printf '\033')" "$T/c.txt" || fail "--color always gives no colour"

# Usage errors.
for args in "--window 30m $B" "--around yesterday $B" \
    "--around 2025-03-13T09:16:00Z --window 30 $B" \
    "--around 2025-03-13T09:16:00Z --window 3w $B" "--format json $B" \
    "--max 0 $B" "--max lots $B" "--kind nonsense $B" "--color sometimes $B" \
    "--no-such-option $B" "" "$B $B"; do
	# shellcheck disable=SC2086
	vt timeline $args > /dev/null 2> "$T/err"
	expect_rc 2 "timeline $args"
	grep -q "Try 'vmtriage timeline --help'" "$T/err" || fail "timeline $args: no hint"
done

finish
