# rubric-index with a fault injected (make check-faults' fast subset): in
# a first build, an update and a --rebuild, a write, a sync, a rename, an
# open and an allocation fail at a few chosen calls; after each, a clear
# message or a whole success, the index as its last commit or the new
# files, and a rerun equal to a fresh build (tests/faults/faultlib.bash).
# The shim replaces malloc, which ASan does too: this runs the plain build
# make test names in RUBRIC_FAULTS_BIN (make faults-build).
source "$(dirname "$0")/testlib.bash"
if [ -z "${RUBRIC_FAULTS_BIN:-}" ] || ! [ -x "$RUBRIC_FAULTS_BIN/rubric-index" ] ||
	! [ -f "$RUBRIC_FAULTS_BIN/faults/shim.so" ]; then
	ok "injected faults # SKIP no plain build with the shim (make faults-build)"
	done_testing
	exit 0
fi
FAULT_BIN=$RUBRIC_FAULTS_BIN FAULT_SHIM=$RUBRIC_FAULTS_BIN/faults/shim.so
source "$RUBRIC_TOP/tests/faults/faultlib.bash"
fault_setup || { not_ok "fault_setup"; done_testing; exit 0; }

# class N errno mode: calls spread over each run (the full runs make about
# 40-70 writes, 5-10 syncs, 1-5 renames, 30-80 opens, 10,000-18,000
# allocations)
CASES=(
	"write 10 EIO once" "write 20 ENOSPC sticky" "sync 2 EIO once"
	"rename 1 EIO once" "open 30 EIO once" "malloc 50 ENOMEM once"
	"malloc 3000 ENOMEM once" "malloc 9000 ENOMEM once"
)
for scen in build update rebuild; do
	for c in "${CASES[@]}"; do
		read -r class n errno mode <<<"$c"
		fault_case "$scen" "$class" "$n" "$errno" "$mode"
		case $? in
		0) ok "$scen, $class call $n fails ($errno, $mode): exit $RC, index and rerun right" ;;
		2) ok "$scen, $class call $n fails: # SKIP a crash tests/faults/RESULTS.md lists: $KNOWN" ;;
		*) not_ok "$scen, $class call $n fails ($errno, $mode)" "$PROBLEM" \
			"stderr: $(head -c 300 run.err)" ;;
		esac
	done
done
done_testing
