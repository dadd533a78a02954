#!/usr/bin/env bash
# tests/fuzz/run.sh: the recipes of tests/fuzz/fuzz.mk.
#   run.sh fuzz BUILD SECONDS "FLAGS" TARGET...
#     fuzzes each target for SECONDS in libFuzzer's fork mode (a crash
#     does not end the run), from tests/fuzz/seeds/<t> and the corpus kept
#     in BUILD/corpus/<t>; each new kind of failure (by its first sanitizer
#     or invariant line) is copied into tests/fuzz/regressions/<t>/.
#     Exits 1 if any target failed.
#   run.sh regress BUILD TARGET...
#     runs each file of tests/fuzz/regressions/<t>/ once; exits 1 on any
#     failure.  Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
mode=$1 build=$2
shift 2

# The kind of failure an input causes: its first report line, without
# addresses and process ids ("" when it passes).
signature() { # target file
	local out
	out=$("$build/fuzz_$1" -timeout=60 -rss_limit_mb=2048 "$2" 2>&1)
	{
		grep -m1 -E 'invariant failed|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)' <<<"$out" |
			sed -E 's/==[0-9]+==//g; s/0x[0-9a-f]+//g; s/\(BuildId[^)]*\)//g; s/ \((pc|bp|sp)[^)]*\)//g'
		# the first frame in the project's own code
		grep -m1 -E '^ +#[0-9]+ .* in [A-Za-z_][A-Za-z0-9_]* /' <<<"$out" |
			grep -v -E 'LLVMFuzzer|fuzzer::' | sed -E 's/.* in ([A-Za-z0-9_]+) .*/ in \1/'
	} | tr -d '\n'
}

if [ "$mode" = regress ]; then
	passed=0 failed=0
	for t in "$@"; do
		for f in tests/fuzz/regressions/"$t"/*; do
			[ -f "$f" ] || continue
			if "$build/fuzz_$t" -timeout=60 -rss_limit_mb=2048 "$f" >"$build/regress.log" 2>&1; then
				passed=$((passed + 1))
			else
				failed=$((failed + 1))
				echo "FAIL [$t] $f"
				grep -E 'invariant failed|runtime error|ERROR:|SUMMARY|^    #[0-9]+ ' "$build/regress.log" |
					grep -v -E 'fuzzer::|libc_start|_start |in main ' | head -n 10 | sed 's/^/  /'
			fi
		done
	done
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi

seconds=$1 flags=$2
shift 2
failed=""
for t in "$@"; do
	corpus=$build/corpus/$t art=$build/artifacts/$t log=$build/$t.log
	mkdir -p "$corpus" "$art" "tests/fuzz/seeds/$t"
	rm -f "$art"/*
	echo "fuzz: $t for ${seconds}s"
	# shellcheck disable=SC2086
	"$build/fuzz_$t" $flags -fork=1 -ignore_crashes=1 -max_total_time="$seconds" \
		-artifact_prefix="$art/" "$corpus" "tests/fuzz/seeds/$t" >"$log" 2>&1
	grep -E '^#[0-9]+: cov' "$log" | tail -n 1 | sed "s/^/  [$t] /"
	found=$(ls "$art" 2>/dev/null | grep -E '^(crash|leak|timeout|oom)-')
	[ -n "$found" ] || continue
	failed="$failed $t"
	known=""
	for f in tests/fuzz/regressions/"$t"/*; do
		[ -f "$f" ] && known="$known"$'\n'"$(signature "$t" "$f")"
	done
	n=0
	for a in $found; do
		sig=$(signature "$t" "$art/$a")
		[ -n "$sig" ] || sig="(not reproducible) $a"
		n=$((n + 1))
		if ! grep -qxF -- "$sig" <<<"$known"; then
			known="$known"$'\n'"$sig"
			mkdir -p "tests/fuzz/regressions/$t"
			cp "$art/$a" "tests/fuzz/regressions/$t/"
			echo "  [$t] NEW: tests/fuzz/regressions/$t/$a: $sig"
		fi
	done
	echo "  [$t] $n failing inputs in $art (log: $log)"
done
if [ -n "$failed" ]; then
	echo "fuzz: failures in:$failed"
	exit 1
fi
echo "fuzz: no failure in $*"
