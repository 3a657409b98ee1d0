#!/bin/sh
# vmtriage explain: what the packs say of an error code, a cause or a
# check, checked against what `vmtriage packs list` and the packs' JSON hold
# (nothing here names a cause the packs might lose).
. "$SRCDIR/tests/setup.sh"
need jq

# The pack files, for jq: those of VMTRIAGE_PATTERNS (as make check sets
# it), a later file of the same name replacing an earlier one.
PACK_FILES=$(for d in $(echo "${VMTRIAGE_PATTERNS:-$SRCDIR/patterns}" |
    tr ':' ' '); do ls "$d"/*.json 2>/dev/null; done |
    awk -F/ '{ if (!($NF in p)) o[++n] = $NF; p[$NF] = $0 }
    END { for (i = 1; i <= n; i++) print p[o[i]] }')
# A remedy may be written as one string.
LIST='def list: if type == "string" then [.] else (. // []) end;'

# The causes in catalogue order ("id") and which codes each explains
# ("id code"), as packs list shows them.
vt packs list > "$T/list"; expect_rc 0 "packs list"
awk '/^[a-z0-9][a-z0-9._-]* +[L-][W-][C-]  / { print $1 }' "$T/list" \
    > "$T/causes"
awk '/^[a-z0-9][a-z0-9._-]* +[L-][W-][C-]  / { c = $1 }
    /^ +explains / { print c, $2 }' "$T/list" > "$T/explains"
[ -s "$T/causes" ] || fail "no cause in packs list"
code=$(awk 'NR == 1 { print $2 }' "$T/explains")
cause=$(head -1 "$T/causes")

# A code: its causes, in catalogue order, as the packs say.
awk -v code="$code" '$2 == code { print $1 }' "$T/explains" > "$T/want"
vt explain "$code" > "$T/text"; expect_rc 0 "explain $code"
head -1 "$T/text" | grep -q "^$code\$" || fail "the text does not open with the code"
sed -n 's/^[0-9][0-9]*\. \([^ ]*\) (.*/\1/p' "$T/text" > "$T/got"
cmp -s "$T/want" "$T/got" ||
	fail "explain $code: causes $(tr '\n' ' ' < "$T/got"), packs list says $(tr '\n' ' ' < "$T/want")"
vt explain --format json "$code" > "$T/code.json"; expect_rc 0 "explain --format json $code"
jq -r '.code.causes[].id' "$T/code.json" > "$T/got"
cmp -s "$T/want" "$T/got" || fail "explain --format json $code: causes not in catalogue order"
msg=$(awk -v code="$code" '$1 == code { $1 = ""; sub(/^ +/, ""); print; exit }' "$T/list")
[ "$(jq -r .code.message "$T/code.json")" = "$msg" ] ||
	fail "explain $code: message is not the symptom's '$msg'"

# In any case.
lower=$(echo "$code" | tr '[:upper:]' '[:lower:]')
vt explain "$lower" > "$T/lower"; expect_rc 0 "explain $lower"
cmp -s "$T/text" "$T/lower" || fail "explain $lower differs from explain $code"

# JSON: the documented fields.
jq -e --arg code "$code" '
    .schema == "vmtriage/explain/1" and .tool.name == "vmtriage" and
    .kind == "code" and .query == $code and .code.code == $code and
    (.code | has("message") and has("doc")) and
    (.code.causes | length > 0) and
    all(.code.causes[]; (.id | type == "string") and
        (.title | type == "string") and (.platforms | length > 0) and
        all(.platforms[]; . == "linux" or . == "windows" or . == "control") and
        (.pack | type == "string") and
        all(.found[]; (.confidence | test("^(high|medium|low)$")) and
            (.when | type == "string") and (.summary | type == "string")) and
        all(.ruled_out[]; (.when | type == "string") and has("why")) and
        (.needs | (.kinds | type == "array") and has("described") and
            has("missing") and has("missing_windows")) and
        all(.leads_to[]; has("id") and has("title")) and
        (.remedy | length > 0) and (.remedy_windows | type == "array") and
        (.doc | startswith("https://")))' "$T/code.json" > /dev/null ||
	fail "explain --format json $code: fields missing"

# Every cause: its remedy and doc as the packs write them; the text says
# the doc, every step of the fix, and a condition per found rule.
for id in $(cat "$T/causes"); do
	vt explain --format json "$id" > "$T/c.json"
	expect_rc 0 "explain --format json $id" > /dev/null
	jq -e --arg id "$id" '.kind == "cause" and .cause.id == $id and
	    (.cause.explains | type == "array") and
	    (.cause.led_to_by | type == "array")' "$T/c.json" > /dev/null ||
		fail "explain $id: not the cause's JSON"
	# shellcheck disable=SC2086
	jq -c --arg id "$id" "$LIST"'.causes[]? | select(.id == $id) |
	    [(.remedy | list), (.remedy_windows | list), .doc]' \
	    $PACK_FILES > "$T/p"
	jq -c '.cause | [.remedy, .remedy_windows, .doc]' "$T/c.json" > "$T/g"
	# A cause only an installed pack holds cannot be compared.
	[ ! -s "$T/p" ] || cmp -s "$T/p" "$T/g" ||
		fail "explain $id: remedy or doc is not the pack's"
	vt explain "$id" > "$T/c.txt"
	tr '\n' ' ' < "$T/c.txt" | tr -s ' ' > "$T/c.flat"
	jq -r '.cause.doc, .cause.remedy[], .cause.remedy_windows[]' \
	    "$T/c.json" | tr -s ' ' | while IFS= read -r line; do
		grep -qF -- "$line" "$T/c.flat" ||
			echo "explain $id: the text lacks '$line'"
	done > "$T/lacks"
	[ -s "$T/lacks" ] && fail "$(cat "$T/lacks")"
	[ "$(grep -c '^    \(high\|medium\|low\)  ' "$T/c.txt")" -eq \
	    "$(jq '.cause.found | length' "$T/c.json")" ] ||
		fail "explain $id: not one line per found rule"
done
ok "every cause's remedy and doc"

# A cause that others lead to names them; one it leads to is named.
# shellcheck disable=SC2086
lead=$(jq -r '.causes[]? | select((.leads_to // []) | length > 0) |
    "\(.id) \(.leads_to[0])"' $PACK_FILES | head -1)
if [ -n "$lead" ]; then
	from=${lead% *}; to=${lead#* }
	vt explain --format json "$to" > "$T/to.json"
	jq -e --arg f "$from" 'any(.cause.led_to_by[]; .id == $f)' \
	    "$T/to.json" > /dev/null || fail "explain $to: not led to by $from"
	vt explain "$from" | grep -q "^    $to " || fail "explain $from: does not lead to $to"
fi

# Markdown: headings, one per cause, nothing Markdown would read as HTML.
vt explain --format markdown "$code" > "$T/md"; expect_rc 0 "explain --format markdown"
[ "$(head -1 "$T/md")" = "# \`$code\`" ] || fail "markdown: no title heading"
grep -q '^## ' "$T/md" || fail "markdown: no section heading"
sed -n 's/^### [0-9][0-9]*\. `\([^`]*\)` .*/\1/p' "$T/md" > "$T/got"
cmp -s "$T/want" "$T/got" || fail "markdown: not a heading per cause in order"
grep -q '^- \*\*\(high\|medium\|low\):\*\* ' "$T/md" || fail "markdown: no rule items"
grep -q '^\*\*Doc:\*\* <https://' "$T/md" || fail "markdown: doc is not a link"
if sed 's/`[^`]*`//g; s/<https:[^ >]*>//g' "$T/md" | grep -q '[^\\]<\|^<'; then
	fail "markdown: an unescaped '<'"
fi
vt explain --format markdown "$cause" > "$T/cmd"; expect_rc 0 "explain --format markdown $cause"
[ "$(head -1 "$T/cmd" | cut -c1-3)" = '# `' ] || fail "markdown: no cause heading"

# --list, or no name: every code and every cause of the packs.
vt explain --list > "$T/all"; expect_rc 0 "explain --list"
vt explain > "$T/all2"; expect_rc 0 "explain without a name"
cmp -s "$T/all" "$T/all2" || fail "explain and explain --list differ"
for id in $(cat "$T/causes"); do
	grep -q "^    $id " "$T/all" || fail "explain --list lacks cause $id"
done
for c in $(awk '{ print $2 }' "$T/explains" | sort -u); do
	grep -q "^    $c " "$T/all" || fail "explain --list lacks code $c"
done
vt explain --list --format json > "$T/all.json"
jq -r '.causes[].id' "$T/all.json" > "$T/got"
cmp -s "$T/causes" "$T/got" || fail "explain --list --format json: not every cause in order"
jq -e '.kind == "list" and .query == null and
    all(.codes[]; has("code") and has("message"))' "$T/all.json" > /dev/null ||
	fail "explain --list --format json: fields missing"

# Checks (vmtriage audit), from the packs' JSON: each one explained, its
# rules counted, its causes, data and doc as the pack has them; listed
# with --list in pack order.
jq -r '.checks[]?.id' $PACK_FILES > "$T/checks"
[ -s "$T/checks" ] || fail "the packs hold no check"
for id in $(cat "$T/checks"); do
	vt explain --format json "$id" > "$T/k.json"
	expect_rc 0 "explain --format json $id" > /dev/null
	jq -c --arg id "$id" '.checks[]? | select(.id == $id) |
	    [(.fail // [] | length), (.warn // [] | length),
	     (.pass // [] | length),
	     (.cause // [] | if type == "string" then [.] else . end | sort),
	     .doc]' \
	    $PACK_FILES > "$T/want"
	jq -c '.check | [(.fail | length), (.warn | length), (.pass | length),
	    ([.causes[].id] | sort), .doc]' "$T/k.json" > "$T/got"
	cmp -s "$T/want" "$T/got" ||
		fail "explain $id: rules, causes or doc differ: $(cat "$T/got") vs $(cat "$T/want")"
	jq -e --arg id "$id" '.kind == "check" and .check.id == $id and
	    (.check.platforms | length > 0) and
	    all(.check.fail[], .check.warn[], .check.pass[];
	        (.when | type == "string" and length > 0)) and
	    all(.check.data[]; (.source | startswith("https://")) and
	        (.as_of | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))' \
	    "$T/k.json" > /dev/null || fail "explain $id: fields missing"
	vt explain "$id" > "$T/k.txt"; expect_rc 0 "explain $id" > /dev/null
	head -1 "$T/k.txt" | grep -q "^$id (" || fail "explain $id: no heading"
	# The packs' data are known without a bundle: no template left.
	if grep -q '{data:\|{as_of:' "$T/k.txt"; then
		fail "explain $id: a data placeholder is left unfilled"
	fi
done
ok "every check explained as its pack has it"
vt explain --list --format json > "$T/all.json"
jq -r '.checks[].id' "$T/all.json" | cmp -s - "$T/checks" ||
	fail "explain --list --format json: not every check in pack order"
for id in $(cat "$T/checks"); do
	grep -q "^    $id " "$T/all" || fail "explain --list lacks check $id"
done
check=$(head -1 "$T/checks")
vt explain "$(echo "$check" | tr 'a-z' 'A-Z')" > /dev/null; expect_rc 0 "explain a check id in capitals"
vt explain "${check%?}" 2> "$T/err" > /dev/null; expect_rc 2 "explain ${check%?}"
grep -q "^  $check\$" "$T/err" || fail "explain ${check%?}: does not suggest $check"
vt explain --format markdown "$check" > "$T/k.md"; expect_rc 0 "explain --format markdown $check"
[ "$(head -1 "$T/k.md" | cut -c1-3)" = '# `' ] || fail "markdown: no check heading"

# Unknown names: exit 2, with the names they are near.
typo=$(echo "$code" | sed 's/^\(.....\)./\1/')
vt explain "$typo" > "$T/out" 2> "$T/err"; expect_rc 2 "explain $typo"
grep -q "^  $code\$" "$T/err" || fail "explain $typo: does not suggest $code: $(cat "$T/err")"
[ -s "$T/out" ] && fail "explain $typo: wrote to standard output"
vt explain "${cause%?}" 2> "$T/err" > /dev/null; expect_rc 2 "explain ${cause%?}"
grep -q "^  $cause\$" "$T/err" || fail "explain ${cause%?}: does not suggest $cause"
prefix=${cause%%.*}.no-such-cause
vt explain "$prefix" 2> "$T/err" > /dev/null; expect_rc 2 "explain $prefix"
grep -q "^  ${cause%%.*}\." "$T/err" || fail "explain $prefix: suggests no cause of its prefix"
vt explain zzqqxxyyzz 2> "$T/err" > /dev/null; expect_rc 2 "explain zzqqxxyyzz"
grep -q 'zzqqxxyyzz' "$T/err" || fail "the error does not name the unknown name"

# Options and exit codes.
vt explain --format yaml "$code" > /dev/null 2>&1; expect_rc 2 "--format yaml"
vt explain --list "$code" > /dev/null 2>&1; expect_rc 2 "--list with a name"
vt explain "$code" "$cause" > /dev/null 2>&1; expect_rc 2 "two names"
vt explain --color sometimes "$code" > /dev/null 2>&1; expect_rc 2 "--color sometimes"
vt explain --help > "$T/help"; expect_rc 0 "explain --help"
grep -q 'Examples:' "$T/help" || fail "explain --help has no examples"
vt --help | grep -q '^  explain ' || fail "vmtriage --help does not list explain"
man="$SRCDIR/doc/vmtriage.1"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/help" | sort -u); do
	grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man" ||
		fail "explain $opt is not in doc/vmtriage.1"
done
grep -q '^\.SS explain' "$man" || fail "doc/vmtriage.1 has no explain section"
vt explain -o "$T/o.txt" "$code"; expect_rc 0 "explain -o"
cmp -s "$T/text" "$T/o.txt" || fail "-o did not write the text"
vt explain -o "$T/no/such/dir/x" "$code" 2> /dev/null; expect_rc 5 "explain -o into no directory"
if grep -q "$(printf '\033')" "$T/text"; then fail "colour in a pipe"; fi
vt explain --color always "$code" > "$T/colour"
grep -q "$(printf '\033')" "$T/colour" || fail "--color always gives no colour"
vt explain --color always --format json "$code" > "$T/c.json"
if grep -q "$(printf '\033')" "$T/c.json"; then fail "colour in JSON"; fi

# The same packs, the same bytes.
vt explain --format json "$code" > "$T/again.json"
cmp -s "$T/code.json" "$T/again.json" || fail "explain is not deterministic"

# Any pack content: a cause no rule can find, a code no symptom lists, a
# secret in a remedy (redacted in every format), a broken pack (exit 4).
mkdir "$T/extra"
cat > "$T/extra/99-extra.json" <<'EOF'
{"pack": "extra", "causes": [{
  "id": "zz.control-only", "title": "Decided by control-plane exports",
  "platform": ["control"], "explains": ["ZzOnlyCausesNameIt"],
  "needs": {"kinds": [], "missing": "the job list export"},
  "remedy": ["Rotate the URL https://x.blob.core.windows.net/c?sv=2021-08-06&sig=ZzSecretSignatureValue0123456789%2B%3D"],
  "doc": "https://example.com/zz"}]}
EOF
for fmt in text json markdown; do
	vt explain --patterns "$T/extra" --format "$fmt" zz.control-only > "$T/zz"
	expect_rc 0 "explain a cause without rules ($fmt)"
	grep -q ZzSecretSignature "$T/zz" && fail "$fmt: the secret is not redacted"
	grep -q 'sig=' "$T/zz" || fail "$fmt: the remedy is gone"
	vt explain --patterns "$T/extra" --format "$fmt" zzonlycausesnameit > "$T/zz"
	expect_rc 0 "explain a code only a cause names ($fmt)"
	grep -q zz.control-only "$T/zz" || fail "$fmt: the code's cause is missing"
done
vt explain --patterns "$T/extra" --format json zzonlycausesnameit > "$T/zz"
jq -e '.code.code == "ZzOnlyCausesNameIt" and .code.message == null and
    .code.causes[0].platforms == ["control"] and .code.causes[0].found == []' \
    "$T/zz" > /dev/null || fail "a code only a cause names: wrong JSON"
mkdir "$T/bad"
printf '{"pack": "bad", "causes": [{"id": "x"' > "$T/bad/99-bad.json"
vt explain --patterns "$T/bad" "$code" > /dev/null 2>&1; expect_rc 4 "a broken pack"

finish
