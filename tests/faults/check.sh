#!/usr/bin/env bash
# tests/faults/check.sh BUILD SHIM: make check-faults.  The injected
# faults (run.sh), kill -9 at 21 moments (kill.sh), then an index's life
# (lifecycle.sh: roots, vanished files, generations, deleted text, full
# disks); their output as it comes, then one line "N passed, N failed"
# for all.
set -u
cd "$(dirname "$0")/../.." || exit 2
log=$(mktemp "${TMPDIR:-/tmp}/rubric-faults.XXXXXX")
trap 'rm -f "$log"' EXIT
passed=0 failed=0 t0=$(date +%s)
for part in run kill lifecycle; do
	[ -x "tests/faults/$part.sh" ] || continue
	tests/faults/$part.sh "$@" | tee "$log"
	tally=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	if [ -z "$tally" ]; then
		echo "check-faults: $part.sh ended without its tally"
		failed=$((failed + 1))
		continue
	fi
	read -r p _ f _ <<<"$tally"
	passed=$((passed + p)) failed=$((failed + f))
done
echo "check-faults: $(($(date +%s) - t0)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
