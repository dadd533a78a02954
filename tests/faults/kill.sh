#!/usr/bin/env bash
# tests/faults/kill.sh BUILD SHIM: kill -9 at 21 moments of a first build,
# an update and a --rebuild, 7 in each: 4 by time (10, 40, 70 and 93% of
# an uninterrupted run) and 3 by commit, through the shim
# (RUBRIC_FAULT_MODE kill / killafter on the Nth rename: each glass commit
# and the stub swap end with one; a build's chunk commits too, unseen
# until the swap).  The build and the rebuild index the medium trees of
# faultlib.bash (400 files), the update the large ones (1,600 files, all
# edited: two batches, so a commit in the middle).  After each: the index
# answers as one of its commits did (before the run, after each batch of
# an update, or after the run), a rerun exits 0 and answers as a fresh
# build, and nothing is left behind.  Ends with "N passed, N failed".
# shellcheck source=driver.bash
source "$(dirname "$0")/driver.bash" "$1" "$2"
t_start=$(date +%s)
fault_setup medium && MEDIUM=$FW && fault_setup large && LARGE=$FW ||
	{ echo "fault_setup failed"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0

# An update's commits, as states: state.update.commitK, from a run killed
# just after its Kth rename (a build's chunks are not seen: only the swap,
# its last rename, is a commit a reader sees).
commit_states() {
	local k
	COMMITS=()
	for ((k = 1; k < RENAMES; k++)); do
		fault_reset
		fault_run rename "$k" EIO killafter
		fault_state db >"state.update.commit$k"
		COMMITS+=("state.update.commit$k")
	done
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
	FW=$MEDIUM
	[ "$scen" = update ] && FW=$LARGE
	cd "$FW" || exit 2
	fault_scenario "$scen"
	# an uninterrupted run: its time, and its renames (counted by the shim)
	fault_reset
	t0=$(ms)
	fault_run rename 0 EIO once
	T=$(($(ms) - t0)) RENAMES=$CALLS COMMITS=()
	[ "$scen" = update ] && commit_states
	echo "kill: $scen: $T ms, $RENAMES renames, ${#COMMITS[@]} commits before the last"
	# by commit: the first one done; the last one about to be made; done
	for point in "killafter 1" "kill $RENAMES" "killafter $RENAMES"; do
		read -r mode n <<<"$point"
		fault_reset
		fault_run rename "$n" EIO "$mode"
		kill_case "$scen" "$mode rename $n of $RENAMES"
	done
	# by time; a kill that comes after the end (the machine is shared and
	# runs vary) is tried again at half the delay, twice at most
	for f in 10 40 70 93; do
		d=$((T * f / 100))
		for try in 1 2 3; do
			fault_reset
			rm -f "$TMP/killerr"
			killed_run "$d" "${S_CMD[@]}"
			[ "$KILLED" = 1 ] || [ $try = 3 ] || { d=$((d / 2)); continue; }
			cp "$TMP/killerr" run.err 2>/dev/null || : >run.err
			kill_case "$scen" "at $d ms of $T ($f%$([ $try = 1 ] || echo ", tried $try times"))$([ "$KILLED" = 1 ] || echo ', ended before the kill')"
			break
		done
	done
done
echo "kill: $(($(date +%s) - t_start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
