# Shared helpers for the CLI tests: TAP output and assertions.
# A test script sources this, calls `ok`/`not_ok` via the check_* helpers,
# and ends with `done_testing`.
set -u
: "${RUBRIC_BIN:?run through tests/run}"
INDEX=$RUBRIC_BIN/rubric-index
SEARCH=$RUBRIC_BIN/rubric-search
TOP=$RUBRIC_TOP
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rubric-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=
unset NO_COLOR RUBRIC_DB
_n=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# check DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}
# check_status DESC EXPECTED_STATUS CMD...
check_status() {
	local desc=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"; local rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $want" "stderr: $(head -c 300 "$TMP/err")"; fi
}
done_testing() { echo "1..$_n"; }

# hit_lines: read PATH:LINE: TEXT hits on stdin, print their LINE numbers
# sorted numerically, space-separated, on one line.
hit_lines() { sed -nE 's/^[^:]*:([0-9]+): .*/\1/p' | sort -n | paste -sd' ' -; }
# grep_lines FILE ERE...: the 1-based numbers of the lines of FILE that match
# every ERE (case-insensitive), sorted, space-separated (the expected side).
grep_lines() {
	local f=$1; shift
	local re
	awk '{ print NR "\t" $0 }' "$f" >"$TMP/.gl"
	for re in "$@"; do grep -i -E -- "$re" "$TMP/.gl" >"$TMP/.gl2"; mv "$TMP/.gl2" "$TMP/.gl"; done
	cut -f1 "$TMP/.gl" | sort -n | paste -sd' ' -
}
