# --filter EXT=COMMAND: a program that prints a file's text, run with the
# file on its standard input.  The filters are small shell commands: rot13
# (tr), which turns the fixture's "mroen dhbxxn" into "zebra quokka", so
# those words are found only through it; false, exit 3 and a kill of
# itself (failures), a sleep (a hang, stopped by a 1 s limit:
# RUBRIC_FILTER_TIMEOUT) and 70,000,000 bytes of output (over the 64 MiB
# limit).  Each failure skips its file and the run goes on.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
mkdir tree
echo "mroen dhbxxn" >tree/a.rot        # rot13 of "zebra quokka"
echo "mroen" >tree/B.ROT               # any case of the extension
echo "plain lantern" >tree/c.txt       # no filter: read as it is
echo "x" >tree/d.bad
echo "x" >tree/e.three
echo "x" >tree/f.sig
echo "x" >tree/g.hang
echo "x" >tree/h.big
ROT13="tr a-zA-Z n-za-mN-ZA-M"
export RUBRIC_FILTER_TIMEOUT=1
t0=$(ms)
check_status "failing filters skip their files, the run goes on: exit 0" 0 \
	"$INDEX" -d idx --filter "rot=$ROT13; echo ran >>$TMP/ran" --filter bad=false \
	--filter 'three=exit 3' --filter 'sig=kill -9 $$' --filter 'hang=sleep 4242' \
	--filter 'big=yes | head -c 70000000' tree
elapsed=$(($(ms) - t0))
check_eq "the hang is stopped by the 1 s limit (the run under 10 s)" yes \
	"$([ "$elapsed" -lt $((10000 * SLOW)) ] && echo yes || echo "no: $elapsed ms")"
check_eq "... its process group killed: no sleep 4242 left" "" \
	"$(pgrep -f 'sleep 4242')"
check_eq "the summary: 8 files, 3 added (a.rot, B.ROT, c.txt), 5 skipped" \
	"8 files: 3 added, 0 updated, 0 unchanged, 0 removed, 5 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"
for why in "tree/d.bad: skipped: filter 'false' failed (exit 1)" \
	"tree/e.three: skipped: filter 'exit 3' failed (exit 3)" \
	"tree/f.sig: skipped: filter 'kill -9 \$\$' failed (signal 9)" \
	"tree/g.hang: skipped: filter 'sleep 4242' failed (timed out after 1 s)" \
	"tree/h.big: skipped: filter 'yes | head -c 70000000' failed (printed over 64 MiB)"; do
	check_eq "one line: $why" 1 "$(grep -cxF "rubric-index: $why" "$TMP/err")"
done
check_eq "the filter's text is searched: zebra in a.rot and B.ROT" \
	"tree/B.ROT tree/a.rot" "$("$SEARCH" -d idx -l zebra | sort | paste -sd' ' -)"
check_eq "... and shown from the index (the file does not hold it)" \
	"tree/a.rot:1: zebra quokka" "$("$SEARCH" -d idx --color never quokka)"
check_eq "the file's own bytes are not indexed" 0 "$("$SEARCH" -d idx -c mroen)"
check_eq "a file without a filter is read as before" 1 "$("$SEARCH" -d idx -c lantern)"

check_status "a second run: exit 0" 0 "$INDEX" -d idx --filter "rot=$ROT13; echo ran >>$TMP/ran" tree
check_eq "unchanged files are not filtered again: the rot13 filter ran twice in all" 2 \
	"$(wc -l <"$TMP/ran")"

echo "mroen dhbxxn yvtugubhfr" >tree/a.rot   # + "lighthouse"
check_status "the first rule for an extension wins: exit 0" 0 \
	"$INDEX" -d idx --filter rot=false --filter "rot=$ROT13" tree/a.rot
check_eq "... false: a.rot is skipped" 1 \
	"$(grep -cxF "rubric-index: tree/a.rot: skipped: filter 'false' failed (exit 1)" "$TMP/err")"
check_eq "... and what the index held of it is gone" "tree/B.ROT" "$("$SEARCH" -d idx -l zebra)"

for v in rot 'rot=' '=cat' '.rot=cat'; do
	check_status "--filter '$v': exit 2" 2 "$INDEX" -d idx --filter "$v" tree
	check_eq "... saying what it wants" \
		"rubric-index: --filter wants EXT=COMMAND, e.g. 'rtf=unrtf --text'" "$(cat "$TMP/err")"
done

done_testing
