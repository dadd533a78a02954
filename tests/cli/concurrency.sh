# rubric-index and rubric-search at the same time: searches during
# --rebuild always see a whole index; a second writer is refused at once,
# or waits with --wait.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
count() { "$SEARCH" -d "$1" -c "${@:2}" 2>/dev/null; }

# --- 3. searches in a loop while --rebuild runs ---------------------------
N=1500 X=300
gen_corpus t 0 $N 4
"$INDEX" -q -d db t
# searcher LOG [DB]: -c everyword and -l u7x until the file "stop" appears.
searcher() {
	local c rc l db=${2:-db}
	while [ ! -e stop ]; do
		c=$("$SEARCH" -d "$db" -c everyword 2>>search.err); rc=$?
		l=$("$SEARCH" -d "$db" -l u7x 2>>search.err)
		echo "$rc $c $? $l" >>"$1"
	done
}
rm -f stop search.err
searcher s1.log & p1=$!
searcher s2.log & p2=$!
rebuilds=0 failed=""
for round in 1 2 3 4 5 6; do
	# The tree gains X files, then loses them again.
	if [ $((round % 2)) = 1 ]; then gen_corpus t 5000 $X 4; else rm -r t/d5[0-9]; fi
	"$INDEX" -q -d db --rebuild 2>>"$TMP/err" || failed="$failed $round"
	rebuilds=$((rebuilds + 1))
done
touch stop
wait $p1 $p2
check_eq "6 rebuilds of $N/$((N + X)) files while searching: all exit 0" "" "$failed"
cat s1.log s2.log >all.log
n=$(wc -l <all.log)
if [ "$n" -ge 20 ]; then ok "searches ran during the rebuilds ($n rounds)"
else not_ok "searches ran during the rebuilds" "only $n rounds"; fi
check_eq "no search exited 2" "" "$(awk '$1 == 2 || $3 == 2' all.log | head -n 3)$(head -c 300 search.err)"
check_eq "every -c everyword is $N or $((N + X)) (a whole index)" "" \
	"$(awk -v a=$N -v b=$((N + X)) '$2 != a && $2 != b' all.log | sort | uniq -c | head -n 5)"
check_eq "every -l u7x is its one file" "" \
	"$(awk '$4 != "t/d00/f00007.txt" || NF != 4' all.log | sort | uniq -c | head -n 5)"
seen=$(awk '{ print $2 }' all.log | sort -u | paste -sd' ')
check_eq "searches saw both the old and the new index" "$N $((N + X))" "$seen"
check_eq "after the rebuilds: -c everyword" $N "$(count db everyword)"

# Many swaps: 15 rebuilds of a small index, searched all along.
rm -f stop search.err
gen_corpus small 0 300 4
"$INDEX" -q -d db2 small
searcher s3.log db2 & p1=$!
searcher s4.log db2 & p2=$!
for round in $(seq 15); do "$INDEX" -q -d db2 --rebuild 2>>"$TMP/err"; done
touch stop
wait $p1 $p2
cat s3.log s4.log >all2.log
check_eq "15 rebuilds of 300 files while searching ($(wc -l <all2.log) rounds): no search exited 2" "" \
	"$(awk '$1 == 2 || $3 == 2' all2.log | sort | uniq -c | head -n 3)$(head -c 300 search.err)"
check_eq "15 rebuilds: every -c everyword is 300, -l u7x its file" "" \
	"$(awk '$2 != 300 || $4 != "small/d00/f00007.txt" || NF != 4' all2.log | sort | uniq -c | head -n 3)"

# --- 6. a second writer ---------------------------------------------------
# The first writer holds the lock while it reads its --files-from list
# from a FIFO: it is writing until the list is closed.
gen_corpus s1 0 5 1 s1word
gen_corpus s2 100 5 1 s2word
gen_corpus s3 200 5 1 s3word
"$INDEX" -q -d ldb s1
mkfifo list
timeout -s KILL 60 "$INDEX" -q -d ldb --files-from list 2>w1.err & w1=$!
exec 3>list  # returns once the first writer opened the list, holding the lock
t0=$(ms)
"$INDEX" -q -d ldb s2 >"$TMP/out" 2>"$TMP/err"; rc=$?
dt=$(($(ms) - t0))
check_eq "second writer: exit 2" 2 $rc
if [ $dt -lt 1000 ]; then ok "second writer: refused at once (${dt} ms)"
else not_ok "second writer: refused within a second" "took ${dt} ms"; fi
check_eq "second writer: one line on stderr" 1 "$(wc -l <"$TMP/err")"
grep -q '^rubric-index: .*another rubric-index is writing this index' "$TMP/err" \
	&& ok "second writer: the message says another rubric-index is writing" \
	|| not_ok "second writer: the message says another rubric-index is writing" "stderr: $(cat "$TMP/err")"
check_eq "a search during the write: exit 0, the last commit" 5 "$(count ldb s1word)"
timeout -s KILL 60 "$INDEX" -q -d ldb --wait s2 >w3.out 2>w3.err 3>&- & w3=$!
sleep 0.5
kill -0 $w3 2>/dev/null && ok "--wait: still waiting while the first writer runs" \
	|| not_ok "--wait: still waiting while the first writer runs" "stderr: $(cat w3.err)"
echo "$TMP/s3" >&3
exec 3>&-
wait $w1; rc1=$?
wait $w3; rc3=$?
check_eq "first writer, then the waiting one: both exit 0" "0 0" "$rc1 $rc3"
check_eq "both writes are in the index: -c s1word s2word s3word" "5 5 5" \
	"$(count ldb s1word) $(count ldb s2word) $(count ldb s3word)"

# Ctrl-C stops a writer waiting for the lock (exit 130, at once).
timeout -s KILL 60 "$INDEX" -q -d ldb --files-from list 2>w1.err & w1=$!
exec 3>list
gen_corpus s4 300 5 1 s4word
"$INDEX" -q -d ldb --wait s4 2>w4.err 3>&- & w4=$!
sleep "$(awk -v s="$SLOW" 'BEGIN { print 0.3 * s }')"
kill -INT $w4
for ((i = 0; i < 20 * SLOW; i++)); do
	kill -0 $w4 2>/dev/null || break
	sleep 0.1
done
if kill -0 $w4 2>/dev/null; then
	not_ok "Ctrl-C on a writer waiting with --wait: it stops within 2 s" "still waiting"
	kill -KILL $w4 2>/dev/null
	wait $w4 2>/dev/null
else
	wait $w4; check_eq "Ctrl-C on a writer waiting with --wait: exit 130 within 2 s" 130 $?
fi
exec 3>&-
wait $w1
check_eq "Ctrl-C while waiting: nothing of it indexed (-c s4word)" 0 "$(count ldb s4word)"

# The same against a writer busy on a big tree (a --rebuild of t).
timeout -s KILL 60 "$INDEX" -q -d db --rebuild & w1=$!
sleep 0.2
t0=$(ms)
"$INDEX" -q -d db t >"$TMP/out" 2>"$TMP/err"; rc=$?
dt=$(($(ms) - t0))
if kill -0 $w1 2>/dev/null; then
	check_eq "second writer during a big --rebuild: exit 2 within a second" "2 1" \
		"$rc $((dt < 1000))"
	grep -q 'another rubric-index is writing this index' "$TMP/err" \
		&& ok "second writer during a big --rebuild: the message" \
		|| not_ok "second writer during a big --rebuild: the message" "stderr: $(cat "$TMP/err")"
else
	ok "second writer during a big --rebuild # SKIP the rebuild ended first"
	ok "second writer during a big --rebuild: the message # SKIP the rebuild ended first"
fi
check_status "--wait behind a big --rebuild: exit 0" 0 "$INDEX" -q -d db --wait t
wait $w1
check_eq "--wait behind a big --rebuild: -c everyword" $N "$(count db everyword)"
done_testing
