#!/usr/bin/env bash
# tests/valgrind.sh [BUILD]: runs the CLI tests (tests/cli/*.sh, through
# tests/run) with the non-sanitized programs of BUILD (default: build)
# under valgrind memcheck.  Any memory error or definite leak in any run of
# rubric-index or rubric-search fails that run (exit 99) and is listed at
# the end with its stack.  Ends like tests/run ("N passed, N failed"), then
# "valgrind: N runs, N with errors"; exits non-zero if either failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
real="$top/$build"
for p in rubric-index rubric-search; do
	if [ ! -x "$real/$p" ]; then
		echo "valgrind.sh: $real/$p: not built (make BUILD=$build all)" >&2
		exit 2
	fi
done
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind not installed" >&2; exit 2; }

# tests/run takes a folder relative to the top: the wrappers live in
# BUILD/valgrind (which has no tests/ folder, so only the CLI tests run).
wrap="$build/valgrind"
logs="$top/$wrap/logs"
rm -rf "${top:?}/$wrap"
mkdir -p "$logs"
for p in rubric-index rubric-search; do
	cat >"$top/$wrap/$p" <<WRAPPER
#!/bin/sh
exec valgrind --tool=memcheck -q --error-exitcode=99 \\
	--leak-check=full --errors-for-leak-kinds=definite \\
	--show-leak-kinds=definite --num-callers=30 \\
	--log-file="$logs/$p.%p.log" "$real/$p" "\$@"
WRAPPER
	chmod +x "$top/$wrap/$p"
done

RUBRIC_SLOWDOWN=${RUBRIC_SLOWDOWN:-40} "$top/tests/run" "$wrap"
rc=$?

runs=0 bad=0
for f in "$logs"/*.log; do
	[ -f "$f" ] || continue
	runs=$((runs + 1))
	# -q: a log holds something only when valgrind found something
	[ -s "$f" ] || continue
	bad=$((bad + 1))
	echo "== $(basename "$f" .log): $(grep -m1 -E 'Command:|ERROR SUMMARY' "$f" || true)"
	sed -E 's/^==[0-9]+== ?//' "$f" | head -n 60
done
echo "valgrind: $runs runs, $bad with errors (logs: $logs)"
[ "$rc" -eq 0 ] && [ "$bad" -eq 0 ]
