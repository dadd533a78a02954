#!/bin/bash
# What rubric-index --watch costs: its memory and CPU while idle, how long
# a change takes to reach a search, and whether an idle watcher slows
# searches of its index.  Prints lines "name: value"; logged in RESULTS.md.
#
#   RUBRIC_BIN=build tests/bench/watch-cost.sh [FILES] [EXTRA_FOLDERS] [IDLE_S]
#
# A tree of FILES files (gen_corpus: 100 a folder) plus EXTRA_FOLDERS empty
# folders; the watcher idles IDLE_S seconds; 5 files created one at a time
# (latency: from the write to the first search that finds it, polled every
# 20 ms); 200 searches (-c everyword, -l u7x), three times before the
# watcher starts and after it stops, three times while it idles.
source "$(dirname "$0")/../cli/testlib.bash"
FILES=${1:-5000} EXTRA=${2:-5000} IDLE=${3:-30}
cd "$TMP" || exit 2
gen_corpus t 0 "$FILES" 2
for ((i = 0; i < EXTRA; i++)); do mkdir -p "t/d$(printf %02d $((i % (FILES / 100))))/e$i"; done
"$INDEX" -q -d db t
searches() {
	local t0 i
	t0=$(ms)
	for ((i = 0; i < 100; i++)); do
		"$SEARCH" -d db -c everyword >/dev/null
		"$SEARCH" -d db -l u7x >/dev/null
	done
	echo $(($(ms) - t0))
}
before=$(searches)
"$INDEX" --watch -d db t 2>w.err & pid=$!
until grep -q watching w.err; do sleep 0.1; done
sleep 1
echo "folders watched: $(sed -nE 's/.*watching ([0-9]+) folders.*/\1/p' w.err)"
echo "resident after the run, watching: $(awk '/^VmRSS/ { print $2 " kB" }' /proc/$pid/status)"
ticks0=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
sw0=$(awk '/^voluntary_ctxt/ { print $2 }' /proc/$pid/status)
sleep "$IDLE"
echo "idle $IDLE s: CPU ticks $(($(awk '{ print $14 + $15 }' /proc/$pid/stat) - ticks0)), wake-ups $(($(awk '/^voluntary_ctxt/ { print $2 }' /proc/$pid/status) - sw0))"
lat=""
for k in 1 2 3 4 5; do
	t0=$(date +%s%N)
	echo "Document latencyword$k" >"t/d00/lat$k.txt"
	until [ "$("$SEARCH" -d db -c "latencyword$k" 2>/dev/null)" = 1 ]; do sleep 0.02; done
	lat="$lat $((($(date +%s%N) - t0) / 1000000))"
done
echo "a new file found by a search after (ms):$lat"
sleep 2
with="$(searches) $(searches) $(searches)"
kill -TERM $pid
wait $pid
echo "watcher's exit status: $?"
echo "200 searches (ms), three times each: without a watcher $before $(searches) $(searches);"\
	"with one idle $with"
