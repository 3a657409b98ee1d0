#!/bin/sh
# The HTML report in a real browser: headless Chromium driven through
# chromedriver's W3C WebDriver HTTP API with curl and jq.  For a sample
# with a finding, a healthy one, an audit and a fleet's table (batch
# --audit --fleet-html): the page loads with nothing fetched
# beyond its own file, #verdict is displayed in the first screen and
# names the cause, the browser logs no error, a screenshot is a real
# PNG and printing gives a PDF.
#
# Without chromium or chromedriver the test is skipped (77), unless
# VMTRIAGE_REQUIRE_BROWSER=1 (CI), when that is a failure.
. "$SRCDIR/tests/setup.sh"

missing() {
	if [ "${VMTRIAGE_REQUIRE_BROWSER:-}" = 1 ]; then
		echo "FAIL: $1, and VMTRIAGE_REQUIRE_BROWSER=1" >&2
		exit 1
	fi
	echo "SKIP: $1"
	exit 77
}

for tool in curl jq; do
	command -v "$tool" >/dev/null 2>&1 || missing "$tool is not installed"
done
CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver || true)}
[ -n "$CHROMEDRIVER" ] && [ -x "$CHROMEDRIVER" ] ||
	missing "chromedriver is not installed"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser ||
    command -v google-chrome || true)}
[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] ||
	missing "chromium is not installed"

# chromedriver in a process group of its own, so that the browser it
# starts ends with it.
SETSID=$(command -v setsid || true)
W3C_ELEMENT=element-6066-11e4-a52e-4f735466cecf
DRIVER_PID=
URL=

# Ends the session, then chromedriver and the browser it started.
cleanup() {
	if [ -n "$URL" ] && [ -n "${SESSION:-}" ]; then
		curl -s --max-time 5 -X DELETE "$URL/session/$SESSION" \
		    >/dev/null 2>&1
	fi
	if [ -n "$DRIVER_PID" ]; then
		kill -TERM -- "-$DRIVER_PID" 2>/dev/null ||
			kill -TERM "$DRIVER_PID" 2>/dev/null
		wait "$DRIVER_PID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# Chromium writes a profile and caches: a home of its own, in $T.
HOME="$T/home"; export HOME
mkdir -p "$HOME"
unset DISPLAY WAYLAND_DISPLAY

# wd METHOD PATH [JSON]: one WebDriver call, its answer in $T/wd.json
# (val reads its value).  An error answer fails the test and returns 1.
# WD_WAIT bounds the call: starting the browser on a loaded machine (a
# CI runner building in parallel) can take a minute.
wd() {
	if [ $# -ge 3 ]; then
		curl -s --max-time "${WD_WAIT:-60}" -X "$1" \
		    -H 'Content-Type: application/json' -d "$3" "$URL$2" \
		    > "$T/wd.json"
	else
		curl -s --max-time "${WD_WAIT:-60}" -X "$1" "$URL$2" \
		    > "$T/wd.json"
	fi || { fail "WebDriver $1 $2: no answer"; return 1; }
	if ! jq -e 'has("value")' "$T/wd.json" >/dev/null 2>&1; then
		fail "WebDriver $1 $2: not an answer: $(head -c 200 "$T/wd.json")"
		return 1
	fi
	if jq -e '.value | type == "object" and has("error")' "$T/wd.json" \
	    >/dev/null; then
		fail "WebDriver $1 $2: $(jq -r '.value.error + ": " + .value.message' \
		    "$T/wd.json" | head -2)"
		return 1
	fi
	return 0
}

# val [FILTER]: the last answer's value through a jq filter, raw.
val() {
	jq -r ".value | ${1:-.}" "$T/wd.json"
}

# A free local port: one nothing answers on, then one chromedriver binds.
start_driver() {
	tries=0
	while [ $tries -lt 8 ]; do
		tries=$((tries + 1))
		port=$(( (($$ + tries * 7919) % 20000) + 30000 ))
		if curl -s --max-time 1 "http://127.0.0.1:$port/" >/dev/null 2>&1
		then
			continue
		fi
		$SETSID "$CHROMEDRIVER" --port="$port" \
		    > "$T/chromedriver.log" 2>&1 &
		DRIVER_PID=$!
		URL="http://127.0.0.1:$port"
		i=0
		while [ $i -lt 300 ]; do
			if curl -s --max-time 1 "$URL/status" 2>/dev/null |
			    jq -e .value.ready >/dev/null 2>&1; then
				return 0
			fi
			kill -0 "$DRIVER_PID" 2>/dev/null || break
			sleep 0.1
			i=$((i + 1))
		done
		kill -TERM -- "-$DRIVER_PID" 2>/dev/null
		wait "$DRIVER_PID" 2>/dev/null
		DRIVER_PID=
	done
	cat "$T/chromedriver.log" >&2
	return 1
}

# Reports: a Windows sample whose cause is found (its times written in
# local time), and a healthy Linux one.
case_dir="$SAMPLES_WINDOWS/win-agent-outdated"
cause=agent.windows.outdated
healthy="$SAMPLES/healthy-ubuntu2204"
vt analyze --quiet --format html --symptom GuestAgentSnapshotTaskStatusError \
    -o "$T/report.html" "$case_dir"
expect_rc 1 "the HTML report of win-agent-outdated"
vt analyze --quiet --format html -o "$T/healthy.html" "$healthy"
expect_rc 0 "the HTML report of healthy-ubuntu2204"
# The audit's report: a VM with failing checks.
vt audit --quiet --format html -o "$T/audit.html" \
    "$SRCDIR/samples/audit/audit-failing-windows"
expect_rc 1 "the audit HTML of audit-failing-windows"
# A fleet's table: the audit samples through batch --audit.
vt batch --quiet --audit --fleet-html "$T/fleet.html" -o "$T/fleet.jsonl" \
    --each "$SRCDIR/samples/audit"
expect_rc 0 "batch --audit --fleet-html of samples/audit"

start_driver || { fail "chromedriver did not start"; finish; }
ok "chromedriver on $URL"

caps=$(jq -n --arg bin "$CHROMIUM" --arg profile "$T/profile" '{
	capabilities: {alwaysMatch: {
		browserName: "chrome",
		"goog:chromeOptions": {binary: $bin, args: ["--headless=new",
		    "--no-sandbox", "--disable-gpu", "--window-size=1280,1600",
		    ("--user-data-dir=" + $profile), "--no-first-run",
		    "--disable-background-networking"]},
		"goog:loggingPrefs": {browser: "ALL", performance: "ALL"}}}}')
SESSION=
WD_WAIT=180 wd POST /session "$caps" && SESSION=$(val '.sessionId // empty')
if [ -z "$SESSION" ]; then
	fail "no WebDriver session"
	cat "$T/chromedriver.log" >&2
	finish
fi
S=/session/$SESSION

# check_page FILE TEXT NAME: loads FILE and checks it.
check_page() {
	file=$1 want=$2 name=$3
	wd POST "$S/url" '{"url": "about:blank"}' || return
	# Reading a log empties it: what follows is this page's.
	wd POST "$S/se/log" '{"type": "browser"}' || return
	wd POST "$S/se/log" '{"type": "performance"}' || return
	wd POST "$S/url" "$(jq -n --arg u "file://$file" '{url: $u}')" || return
	wd GET "$S/title" || return
	ok "$name: loaded, title $(val)"

	wd POST "$S/element" '{"using": "css selector", "value": "#verdict"}' ||
		return
	el=$(val ".[\"$W3C_ELEMENT\"] // empty")
	[ -n "$el" ] || { fail "$name: no #verdict element"; return; }
	wd GET "$S/element/$el/displayed" || return
	[ "$(val)" = true ] || fail "$name: #verdict is not displayed"
	wd GET "$S/element/$el/rect" || return
	rect=$(jq -c .value "$T/wd.json")
	wd POST "$S/execute/sync" \
	    '{"script": "return window.innerHeight", "args": []}' || return
	vh=$(val)
	if [ "$(echo "$rect" | jq --argjson vh "$vh" '(.y | type) == "number"
	    and .y >= 0 and .height > 0 and .width > 600 and
	    .y + .height <= $vh')" = true ]; then
		ok "$name: #verdict in the first screen ($rect, viewport height $vh)"
	else
		fail "$name: #verdict not in the first screen: $rect, viewport height $vh"
	fi
	wd GET "$S/element/$el/text" || return
	text=$(val)
	case $text in
	*"$want"*) ok "$name: #verdict says $want" ;;
	*) fail "$name: #verdict does not say $want: $text" ;;
	esac

	wd GET "$S/screenshot" || return
	val | base64 -d > "$T/$name.png" 2>/dev/null
	size=$(wc -c < "$T/$name.png")
	magic=$(od -An -tx1 -N8 "$T/$name.png" | tr -d ' \n')
	if [ "$magic" = 89504e470d0a1a0a ] && [ "$size" -gt 20000 ]; then
		ok "$name: screenshot, $size bytes"
	else
		fail "$name: the screenshot is not a real PNG ($size bytes, $magic)"
	fi

	wd POST "$S/se/log" '{"type": "browser"}' || return
	if val 'map(select(.level == "SEVERE")) | length > 0' | grep -q true
	then
		fail "$name: the browser logged errors:"
		val '.[] | select(.level == "SEVERE") | .message' >&2
	else
		ok "$name: no error in the browser's log ($(val length) entries)"
	fi

	# Nothing fetched but the file itself.
	wd POST "$S/se/log" '{"type": "performance"}' || return
	val '.[].message | fromjson | .message |
	    select(.method == "Network.requestWillBeSent") |
	    .params.request.url' > "$T/requests"
	grep -q "^file://$file\$" "$T/requests" ||
		fail "$name: the page's own request is not in the log"
	if grep -v -e "^file://$file\$" -e '^chrome:' -e '^about:' \
	    "$T/requests" > "$T/other"; then
		fail "$name: the page fetched more than itself:"
		head -5 "$T/other" >&2
	else
		ok "$name: nothing fetched beyond the page"
	fi

	wd POST "$S/print" '{}' || return
	val | base64 -d > "$T/$name.pdf" 2>/dev/null
	if [ "$(head -c 5 "$T/$name.pdf")" = "%PDF-" ] &&
	    [ "$(wc -c < "$T/$name.pdf")" -gt 5000 ]; then
		ok "$name: prints to a PDF of $(wc -c < "$T/$name.pdf") bytes"
	else
		fail "$name: printing gave no PDF"
	fi
}

check_page "$T/report.html" "$cause" finding
check_page "$T/healthy.html" "No fault found" healthy
check_page "$T/audit.html" "Not ready for Azure Backup" audit
check_page "$T/fleet.html" "VMs ready for Azure Backup" fleet

# For a look by hand: VMTRIAGE_KEEP_SCREENSHOTS=DIR keeps the images.
if [ -n "${VMTRIAGE_KEEP_SCREENSHOTS:-}" ]; then
	cp "$T"/*.png "$T"/*.pdf "$VMTRIAGE_KEEP_SCREENSHOTS"/ 2>/dev/null
fi

finish
