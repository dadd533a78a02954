#!/usr/bin/env bash
# tests/faults/kill.sh BUILD SHIM: kill -9 at 21 moments of a first build,
# an update and a --rebuild (the large trees of faultlib.bash: the update
# commits two batches), 7 in each: 4 by time (10, 40, 70 and 93% of an
# uninterrupted run) and 3 by commit, through the shim (RUBRIC_FAULT_MODE
# kill / killafter on the Nth rename: each glass commit and the stub swap
# end with one).  After each: the index answers as one of its commits did
# (before the run, after each batch of an update, or after the run), a
# rerun exits 0 and answers as a fresh build, and nothing is left behind.
# Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 shim=$2
export RUBRIC_BIN=$top/$build RUBRIC_TOP=$top
# shellcheck source=../cli/testlib.bash
source "$top/tests/cli/testlib.bash"
FAULT_BIN=$RUBRIC_BIN FAULT_SHIM=$(cd "$(dirname "$shim")" && pwd)/$(basename "$shim")
# shellcheck source=faultlib.bash
source "$top/tests/faults/faultlib.bash"
t_start=$(date +%s)
fault_setup large || { echo "fault_setup failed"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0

# The commits a scenario's run makes, as states: state.<scen>.commitK,
# from a run killed just after its Kth rename (an update's batches; a
# build's chunks are not seen until the swap, the last rename).
commit_states() {
	local scen=$1 k=1
	fault_scenario "$scen"
	COMMITS=()
	while :; do
		fault_reset
		fault_run rename "$k" EIO killafter
		[ "$FIRED" = 1 ] || break
		fault_state db >"state.$scen.commit$k"
		COMMITS+=("state.$scen.commit$k")
		k=$((k + 1))
	done
	RENAMES=$CALLS
}

# kill_case SCEN WHAT: checks after a run killed as WHAT says (RC set).
kill_case() {
	local scen=$1 what=$2 s ok=0
	PROBLEM=""
	[ "$RC" = 137 ] || [ "$RC" = 0 ] || PROBLEM="exit $RC: $(head -c 200 run.err)"
	fault_state db >state.killed
	for s in "$S_BEFORE" "${COMMITS[@]}" "$S_AFTER"; do
		cmp -s state.killed "$s" && ok=1
	done
	[ $ok = 1 ] || PROBLEM="$PROBLEM${PROBLEM:+; }the index answers as none of its commits ($(diff state.killed "$S_AFTER" | head -n 3 | tr '\n' '|'))"
	fault_check_rerun
	if [ -z "$PROBLEM" ]; then
		passed=$((passed + 1))
		echo "ok - $scen: $what"
	else
		failed=$((failed + 1))
		echo "FAIL [$scen: $what] $PROBLEM"
	fi
}

for scen in build update rebuild; do
	commit_states "$scen"
	echo "kill: $scen: ${#COMMITS[@]} commits seen, $RENAMES renames in a full run"
	# by commit: the first commit done; the last one about to be made; done
	for point in "killafter 1" "kill $RENAMES" "killafter $RENAMES"; do
		read -r mode n <<<"$point"
		fault_reset
		fault_run rename "$n" EIO "$mode"
		kill_case "$scen" "$mode rename $n of $RENAMES"
	done
	# by time
	fault_reset
	t0=$(ms); "${S_CMD[@]}" 2>/dev/null; T=$(($(ms) - t0))
	for f in 10 40 70 93; do
		fault_reset
		rm -f "$TMP/killerr"
		killed_run $((T * f / 100)) "${S_CMD[@]}"
		cp "$TMP/killerr" run.err 2>/dev/null || : >run.err
		kill_case "$scen" "at $f% of $T ms$([ "$KILLED" = 1 ] || echo ' (ended before the kill)')"
	done
done
echo "kill: $(($(date +%s) - t_start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
