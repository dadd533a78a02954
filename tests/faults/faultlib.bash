# tests/faults/faultlib.bash: rubric-index runs with a fault injected
# (tests/faults/shim.c) and the checks after each.  Sourced after
# tests/cli/testlib.bash by tests/faults/run.sh (make check-faults) and
# tests/cli/faults_injected.sh (its fast subset, in make test).
#
# Three scenarios, each from its own starting state:
#   build    no index; a first build of tree t1
#   update   the index of t1; the tree becomes t2 (files edited, a folder
#            deleted, files added): an update in place
#   rebuild  the index of t1; the tree is t2: --rebuild (no PATH)
# After each faulted run (fault_case):
#   - no crash, no hang: exit 0 or 2, and every stderr line is
#     "rubric-index: ..." (no signal, abort, sanitizer or C++ report);
#   - exit 0: the index answers as a fresh build of the new tree;
#   - exit 2: it answers as before the run (its last commit), or as the
#     new tree, or as the same run does when the files it named as failed
#     cannot be read (fault_state_without_named);
#   - a rerun without the fault exits 0, answers as a fresh build and
#     leaves no chunk or temporary file behind.
# Set before sourcing: FAULT_BIN (a build without sanitizers: the shim
# replaces malloc) and FAULT_SHIM (the shim's .so).

: "${FAULT_BIN:?}" "${FAULT_SHIM:?}"
INDEX=$FAULT_BIN/rubric-index
SEARCH=$FAULT_BIN/rubric-search
FAULT_JOBS=2
FAULT_TIMEOUT=${FAULT_TIMEOUT:-60}

# fault_state DB: what a user can see of the index DB: for each query of
# $FW/queries, every hit (JSON, without rank and score, sorted), the exact
# counts and both exit statuses.  One search process for each.
fault_state() {
	"$SEARCH" -d "$1" --queries-from "$FW/queries" --json -n 1000000 2>/dev/null |
		jq -c 'del(.rank, .score)' | LC_ALL=C sort
	echo "json exit ${PIPESTATUS[0]}"
	"$SEARCH" -d "$1" --queries-from "$FW/queries" -c 2>/dev/null
	echo "count exit $?"
}

# fault_setup [medium|large]: the trees t1 and t2 and the reference
# states, in $TMP/faults-SIZE (then the current folder).  Small: 40 text
# files of 3 passages (a run takes tens of ms).  Medium, large (kill.sh):
# 400 and 1,600 files of 14 passages, every one edited in t2; the large
# update commits two batches (lib's batch: 20,000 passages).
fault_setup() {
	local size=${1:-small} old=$(($(date +%s) - 86400)) i n
	FW=$TMP/faults-$size
	mkdir -p "$FW" && cd "$FW" || return 1
	case $size in
	medium) n=400 ;;
	large) n=1600 ;;
	*) n=0 ;;
	esac
	if [ $n -gt 0 ]; then
		gen_corpus t1 0 $n 14
	else
		gen_corpus t1 0 30 3
		gen_corpus t1 100 10 3
	fi
	# A mail and a web page: their readers allocate too (GMime, libxml2).
	mkdir t1/x
	printf 'From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: mailword plan\nContent-Type: text/plain; charset=utf-8\n\nThe mailword body, caf\xc3\xa9 lorem ipsum.\n' >t1/x/note.eml
	printf '<html><head><title>htmlword page</title></head><body><p>htmlword body</p><script>no</script><p>lorem ipsum dolor</p></body></html>\n' >t1/x/page.html
	find t1 -exec touch -d "@$old" {} +
	cp -a t1 t2
	if [ $n -gt 0 ]; then
		gen_corpus t2 0 $n 14 changedword
		rm -r "t2/$(printf 'd%02d' $((n / 100 - 1)))"
		gen_corpus t2 5000 $((n / 16)) 14 addmark
	else
		rm -r t2/d01
		for i in 0 5 10 15 20 25; do gen_corpus t2 "$i" 1 3 changedword; done
		gen_corpus t2 200 5 3 addmark
	fi
	printf 'From: Ann <ann@example.org>\nSubject: mailword plan, changed\n\nThe changed mailword body.\n' >t2/x/note.eml
	find t2 -newermt "@$((old + 1))" -exec touch -d "@$((old + 60))" {} +
	printf '%s\n' everyword changedword addmark u3x u5x u104x u201x u1234x u1550x \
		u5010x g3x lorem mailword htmlword '"lorem ipsum"' 'title:plan' >queries

	rm -rf tree && mkdir empty
	fault_state nodb >state.empty
	cp -a t1 tree
	# --store-text (kept by the updates and rebuilds of start1): a state is
	# what the index holds, not what the files say now (a search reads a
	# passage's text back from its file otherwise: tests/cli/passage_source.sh).
	"$INDEX" -q -j $FAULT_JOBS --store-text -d start1 tree || return 1
	fault_state start1 >state.t1
	rm -rf tree && cp -a t2 tree
	"$INDEX" -q -j $FAULT_JOBS --store-text -d fresh2 tree || return 1
	fault_state fresh2 >state.t2
	rm -rf fresh2
}

# The scenario's starting index, trees, command and states.
fault_scenario() {
	case $1 in
	build) S_START="" S_OLD="" S_NEW=t1 S_BEFORE=state.empty S_AFTER=state.t1
		S_CMD=("$INDEX" -q -j $FAULT_JOBS --store-text -d db tree) ;;
	update) S_START=start1 S_OLD=t1 S_NEW=t2 S_BEFORE=state.t1 S_AFTER=state.t2
		S_CMD=("$INDEX" -q -j $FAULT_JOBS -d db tree) ;;
	rebuild) S_START=start1 S_OLD="" S_NEW=t2 S_BEFORE=state.t1 S_AFTER=state.t2
		S_CMD=("$INDEX" -q -j $FAULT_JOBS -d db --rebuild) ;;
	esac
}

fault_reset() {
	rm -rf db tree
	[ -z "$S_START" ] || cp -a "$S_START" db
	cp -a "$S_NEW" tree
}

# What the index holds when the files and folders the run named in its
# messages (run.err) cannot be read: the scenario run again from its
# start, with those paths failing to open (RUBRIC_FAULT_UNREADABLE).
fault_state_without_named() {
	sed -nE "s#^rubric-index: ($FW/)?(tree/[^:]+): .*#\\2#p" run.err | sort -u >named
	[ -s named ] || return 1
	mv db db.faulted
	fault_reset
	env LD_PRELOAD="$FAULT_SHIM" RUBRIC_FAULT_UNREADABLE="$FW/named" "${S_CMD[@]}" \
		>/dev/null 2>named.err
	fault_state db
	rm -rf db && mv db.faulted db
}

# fault_run CLASS N ERRNO MODE: the scenario's command with call N of
# CLASS failing; sets RC, CALLS (the calls of CLASS main() made) and
# FIRED (1: the fault was injected; 0: the run ended before call N).
fault_run() {
	rm -f report trace trace.crash
	# (braces: bash's own "Killed" line goes nowhere)
	{ timeout -s KILL "$FAULT_TIMEOUT" env LD_PRELOAD="$FAULT_SHIM" RUBRIC_FAULT_CLASS="$1" \
		RUBRIC_FAULT_N="$2" RUBRIC_FAULT_ERRNO="$3" RUBRIC_FAULT_MODE="$4" \
		RUBRIC_FAULT_REPORT="$FW/report" RUBRIC_FAULT_TRACE="$FW/trace" \
		"${S_CMD[@]}" >run.out 2>run.err; } 2>/dev/null
	RC=$?
	CALLS=0 FIRED=1
	[ -s report ] && read -r CALLS FIRED <report
}

# fault_known: the failure listed in tests/faults/RESULTS.md that the
# last run's crash is, or nothing: the process died inside the library
# at fault (the top frames of the stack the shim wrote at the crash,
# below its handler and the signal frame).  These are in libraries
# rubric cannot change.
fault_known() {
	[ -s trace.crash ] || return 0
	local top
	top=$(sed -n '3,14p' trace.crash)
	if grep -q 'fts64_open' <<<"$top"; then
		echo "glibc's fts_open crashes when an allocation fails"
	elif grep -q 'libglib' <<<"$top"; then
		echo "GLib ends the process when an allocation fails (GMime, reading a mail)"
	elif grep -q 'libxml2' <<<"$top"; then
		echo "libxml2 crashes when the allocation of a thread's state fails (reading HTML or XML)"
	fi
}

# fault_case SCENARIO CLASS N [ERRNO [MODE]]: one faulted run and its
# checks.  Returns 0 when all hold (PROBLEM empty), 1 otherwise (PROBLEM
# says what failed), 2 when the run ended by a crash tests/faults/RESULTS.md lists
# (KNOWN says which) and the index passed the checks; sets FIRED, CALLS.
fault_case() {
	local scen=$1 class=$2 n=$3 errno=${4:-EIO} mode=${5:-once} bad
	fault_scenario "$scen"
	fault_reset
	fault_run "$class" "$n" "$errno" "$mode"
	PROBLEM=""
	case $RC in
	0|2) ;;
	137) PROBLEM="killed (SIGKILL: a hang past ${FAULT_TIMEOUT}s?)" ;;
	*) PROBLEM="exit $RC" ;;
	esac
	bad=$(grep -v -m1 '^rubric-index: ' run.err)
	[ -z "$bad" ] || PROBLEM="$PROBLEM${PROBLEM:+; }stderr: $bad"
	if [ "$RC" = 2 ] && ! [ -s run.err ]; then PROBLEM="$PROBLEM${PROBLEM:+; }exit 2, no message"; fi
	grep -q '(null)' run.err && PROBLEM="$PROBLEM${PROBLEM:+; }a message says (null)"
	[ -s run.out ] && PROBLEM="$PROBLEM${PROBLEM:+; }stdout: $(head -c 100 run.out)"
	# A crash listed in tests/faults/RESULTS.md: its exit and messages are its own,
	# the index is still checked.
	KNOWN=$(fault_known)
	[ -z "$KNOWN" ] || PROBLEM=""

	fault_state db >state.faulted
	if [ "$RC" = 0 ]; then
		cmp -s state.faulted "$S_AFTER" ||
			PROBLEM="$PROBLEM${PROBLEM:+; }exit 0 but the index differs from a fresh build"
	elif ! cmp -s state.faulted "$S_BEFORE" && ! cmp -s state.faulted "$S_AFTER"; then
		fault_state_without_named >state.mixed
		cmp -s state.faulted state.mixed ||
			PROBLEM="$PROBLEM${PROBLEM:+; }the index answers neither as its last commit nor as the new files ($(diff state.faulted "$S_BEFORE" | head -n 3 | tr '\n' '|'))"
	fi
	[ -z "$PROBLEM" ] || cp run.err "err.$scen.$class.$n"
	fault_check_rerun
	[ -n "$PROBLEM" ] && return 1
	[ -n "$KNOWN" ] && return 2
	return 0
}

# fault_check_rerun: the scenario's command again, without a fault: it
# exits 0, the index answers as a fresh build, and nothing is left behind.
# Adds to PROBLEM.
fault_check_rerun() {
	"${S_CMD[@]}" >rerun.out 2>rerun.err
	local rc=$? debris
	[ $rc = 0 ] || PROBLEM="$PROBLEM${PROBLEM:+; }rerun: exit $rc: $(head -c 200 rerun.err)"
	fault_state db >state.rerun
	cmp -s state.rerun "$S_AFTER" ||
		PROBLEM="$PROBLEM${PROBLEM:+; }rerun: the index differs from a fresh build ($(diff state.rerun "$S_AFTER" | head -n 3 | tr '\n' '|'))"
	debris=$(cd db 2>/dev/null && ls -d chunk-* *.tmp 2>/dev/null | tr '\n' ' ')
	[ -z "$debris" ] || PROBLEM="$PROBLEM${PROBLEM:+; }rerun: left behind: $debris"
}
