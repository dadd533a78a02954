#!/usr/bin/env bash
# tests/faults/run.sh BUILD SHIM: make check-faults.  For each scenario of
# tests/faults/faultlib.bash (a first build, an update, a --rebuild) and
# each class of fault, injects the fault at call N = 1, 2, 3 ... until a
# run ends before reaching call N, checking after each run
# (fault_case).  Classes with many calls (malloc) step by 1 up to DENSE,
# then by GROWTH percent of N, and also try the last TAIL calls of a full
# run.  Prints each failure, a line per scenario and class, and ends with
# "N passed, N failed" (a run is one case).
#   FAULT_SCENARIOS="build update rebuild"  FAULT_CLASSES="write sync ..."
#   narrow the run.
# shellcheck source=driver.bash
source "$(dirname "$0")/driver.bash" "$1" "$2"
fault_setup || { echo "fault_setup failed"; echo "0 passed, 1 failed"; exit 1; }

# class errno mode dense growth% tail
PLANS=(
	"write EIO once 0 0 0"
	"write ENOSPC sticky 0 0 0"
	"sync EIO once 0 0 0"
	"rename EIO once 0 0 0"
	"open EIO once 0 0 0"
	"malloc ENOMEM once ${FAULT_MALLOC_DENSE:-150} ${FAULT_MALLOC_GROWTH:-6} 40"
	"malloc ENOMEM sticky 40 25 5"
)
scenarios=${FAULT_SCENARIOS:-build update rebuild}
classes=${FAULT_CLASSES:-write sync rename open malloc}
passed=0 failed=0 known=0
t_start=$(date +%s)

one() { # scen class n errno mode: a case, tallied
	fault_case "$@"
	case $? in
	0) passed=$((passed + 1)) ;;
	2) known=$((known + 1))
		echo "KNOWN [$1 $2 N=$3 $4 $5] $KNOWN" ;;
	*)
		failed=$((failed + 1))
		echo "FAIL [$1 $2 N=$3 $4 $5] $PROBLEM"
		echo "  stderr: $(head -n 2 run.err | tr '\n' '|' | head -c 300)" ;;
	esac
}

for scen in $scenarios; do
	for plan in "${PLANS[@]}"; do
		read -r class errno mode dense growth tail <<<"$plan"
		case " $classes " in *" $class "*) ;; *) continue ;; esac
		f0=$failed injected=0 n=1 t0=$(date +%s) last=0
		while :; do
			one "$scen" "$class" "$n" "$errno" "$mode"
			[ "$FIRED" = 1 ] || break
			injected=$((injected + 1)) last=$n
			if [ "$dense" = 0 ] || [ "$n" -lt "$dense" ]; then
				n=$((n + 1))
			else
				n=$((n + (n * growth / 100 > 1 ? n * growth / 100 : 1)))
			fi
		done
		full=$CALLS   # the calls of a run the fault did not reach
		for ((k = full - tail + 1; k <= full; k++)); do
			[ "$k" -gt "$last" ] || continue
			one "$scen" "$class" "$k" "$errno" "$mode"
			[ "$FIRED" = 1 ] && injected=$((injected + 1))
		done
		echo "faults: $scen $class $errno $mode: $injected injected" \
			"(a full run makes $full calls), $((failed - f0)) failed, $(($(date +%s) - t0)) s"
	done
done
echo "faults: $(($(date +%s) - t_start)) s; $known runs ended by a crash listed in tests/faults/RESULTS.md, not counted"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
