# Sourced by the test scripts: where things are, a scratch directory
# removed on exit, and small assertions.  `make check` sets VMTRIAGE,
# MKBUNDLE, VMTRIAGE_PATTERNS and SRCDIR; run by hand, set them too.

set -u

: "${SRCDIR:?set SRCDIR to the source tree}"
: "${VMTRIAGE:?set VMTRIAGE to the vmtriage binary}"
SAMPLES="$SRCDIR/samples/linux"
SAMPLES_WINDOWS="$SRCDIR/samples/windows"
NO_COLOR=1; export NO_COLOR

T=$(mktemp -d "${TMPDIR:-/tmp}/vmtriage-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	echo "ok: $*"
}

# Runs vmtriage; the exit status goes to $rc, never stopping the script.
vt() {
	rc=0
	"$VMTRIAGE" "$@" || rc=$?
}

# expect_rc WANT WHAT: checks $rc.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok "$2 (exit $rc)"
	else fail "$2: exit $rc, expected $1"; fi
}

need() {
	command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 not installed"; exit 77; }
}

# Valid JSON with the report's schema.
is_report() {
	jq -e '.schema == "vmtriage/report/1"' "$1" >/dev/null 2>&1
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures failure(s)" >&2
		exit 1
	fi
	exit 0
}
