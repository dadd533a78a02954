# rubric-index --watch: the index follows a tree while files and folders
# are created, edited, renamed and deleted; SIGTERM ends it with 0 and a
# restart catches up with what changed while it was down; the watch limit
# reached is said once and the folders over it are rescanned.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
count() { "$SEARCH" -d db -c "$@" 2>/dev/null; }
paths() { "$SEARCH" -d db -l "$@" 2>/dev/null | LC_ALL=C sort | paste -sd' ' -; }

# wait_count DESC EXPECTED QUERY: polls -c QUERY until it is EXPECTED, for
# at most 15 s (times SLOW); the check is the count, the time only logged.
LAT=""
wait_count() {
	local desc=$1 want=$2 q=$3 t0 got limit=$((15000 * SLOW))
	t0=$(ms)
	while :; do
		got=$(count "$q")
		[ "$got" = "$want" ] && break
		[ $(($(ms) - t0)) -ge "$limit" ] && break
		sleep 0.1
	done
	LAT="$LAT $(($(ms) - t0))"
	check_eq "$desc (-c $q)" "$want" "$got"
}
# start_watch LOG [ARGS...]: rubric-index --watch -d db in the background
# (WPID), once it says it is watching.
start_watch() {
	local log=$1 t0; shift
	"$INDEX" --watch -d db "$@" 2>"$log" & WPID=$!
	t0=$(ms)
	until grep -q 'watching' "$log" || ! kill -0 $WPID 2>/dev/null ||
		[ $(($(ms) - t0)) -ge $((20000 * SLOW)) ]; do sleep 0.1; done
}

# The fixture: 150 files (gen_corpus: file i holds u<i>x and everyword),
# d00 holding 0-99, d01 100-149.
gen_corpus t 0 150 2
check_status "--watch with --files-from is refused" 2 "$INDEX" --watch -d db --files-from /dev/null
printf 'Document lonefile\n' >lone.txt
check_status "--watch of a file alone: exit 2" 2 "$INDEX" --watch -d lonedb lone.txt
grep -q 'lone.txt: a file: --watch follows folders' "$TMP/err" &&
	grep -q -- '--watch: no folder to watch' "$TMP/err" &&
	ok "--watch of a file alone: says it follows folders, and there is none" ||
	not_ok "--watch of a file alone: says it follows folders, and there is none" "$(cat "$TMP/err")"
start_watch w1.err t
grep -q '^rubric-index: .*db: watching 3 folders under 1 root$' w1.err &&
	ok "after the first build: watching t, t/d00 and t/d01" ||
	not_ok "after the first build: watching t, t/d00 and t/d01" "$(cat w1.err)"
check_eq "the first build holds the 150 files" 150 "$(count everyword)"

# Created: a file, with a hidden one beside it (never indexed).
printf 'Document newone everyword\n' >t/new1.txt
printf 'hiddenword\n' >t/.hidden.txt
wait_count "a file created is found" 1 newone
check_eq "a created file: its path" "t/new1.txt" "$(paths newone)"
check_eq "a hidden file created beside it is not indexed" 0 "$(count hiddenword)"
EVERY=151

# Ignore files: a file a .gitignore leaves out is not indexed; a folder it
# leaves out is not followed; the .gitignore changed, what it now leaves
# out goes.
printf '*.log\nscratch/\n' >t/.gitignore
printf 'Document ignoredlog\n' >t/d00/run.log
mkdir t/scratch
printf 'Document ignoredscratch\n' >t/scratch/s.txt
printf 'Document afterignore\n' >t/d00/kept.txt
wait_count "beside ignored files, a kept one is found" 1 afterignore
check_eq "a file .gitignore leaves out is not indexed" 0 "$(count ignoredlog)"
check_eq "a folder .gitignore leaves out is not indexed" 0 "$(count ignoredscratch)"
printf 'kept.txt\n' >>t/.gitignore
wait_count "a line added to .gitignore: the file it leaves out goes" 0 afterignore

# Edited in place: the old words go, the new come.
printf 'Document editedfive everyword\n' >t/d00/f00005.txt
wait_count "an edited file: its new word" 1 editedfive
check_eq "an edited file: its old word is gone" 0 "$(count u5x)"

# Renamed within the root: the new path, and the old one gone.
mv t/d00/f00007.txt t/d01/moved7.txt
wait_count "a renamed file: under its new path" 1 "path:moved7 u7x"
check_eq "a renamed file: only its new path" "t/d01/moved7.txt" "$(paths u7x)"

# Deleted.
rm t/d00/f00008.txt
EVERY=$((EVERY - 1))
wait_count "a deleted file leaves the index" 0 u8x
check_eq "after the delete: everyword" $EVERY "$(count everyword)"

# A folder created with files in it at once, and one moved in from outside.
mkdir -p t/newdir/sub
for i in 1 2 3; do printf 'Document newdirword %s\n' $i >t/newdir/sub/n$i.txt; done
mkdir outside
printf 'Document inmovedword\n' >outside/a.txt
printf 'Document inmovedword\n' >outside/b.txt
mv outside t/inmoved
wait_count "a folder created with 3 files in it" 3 newdirword
wait_count "a folder moved in with 2 files" 2 inmovedword
# A file created later in a folder the watcher started following.
printf 'Document latecomer\n' >t/newdir/sub/late.txt
wait_count "a file created in a folder created after the start" 1 latecomer
check_eq "the late file: its path" "t/newdir/sub/late.txt" "$(paths latecomer)"

# A folder renamed within the root: its files under the new name only.
mv t/d01 t/d01renamed
wait_count "a renamed folder: its files under the new name" 1 "path:d01renamed u120x"
check_eq "a renamed folder: no path left under the old name" 0 \
	"$("$SEARCH" -d db -l everyword 2>/dev/null | grep -c '^t/d01/')"
check_eq "a renamed folder: everyword unchanged" $EVERY "$(count everyword)"

# A folder deleted (50 files and moved7.txt), one moved out.
rm -r t/d01renamed
EVERY=$((EVERY - 51))
wait_count "a deleted folder's 51 files leave the index" $EVERY everyword
mv t/newdir gone-newdir
wait_count "a folder moved out of the root leaves the index" 0 newdirword
check_eq "a folder moved out: its late file too" 0 "$(count latecomer)"

# Another writer is told who holds the index.
check_status "another rubric-index while watching: exit 2" 2 "$INDEX" -d db t
grep -q "rubric-index --watch (pid $WPID) is keeping this index current" "$TMP/err" &&
	ok "another rubric-index: the message names the watcher's pid" ||
	not_ok "another rubric-index: the message names the watcher's pid" "$(cat "$TMP/err")"

# SIGTERM: exit 0, said.
kill -TERM $WPID
wait $WPID
check_eq "SIGTERM ends the watcher with exit 0" 0 $?
grep -q 'stopped watching; the index keeps its last commit' w1.err &&
	ok "SIGTERM: the watcher says it stopped" || not_ok "SIGTERM: the watcher says it stopped" "$(tail -n 3 w1.err)"
echo "# --watch: ms from a change to its search result:$LAT"

# Changes while it is down are caught up at the restart; then SIGINT: 130.
printf 'Document downword everyword\n' >t/d00/down.txt
rm t/d00/f00010.txt
start_watch w2.err t
check_eq "a restart: the file created while down is found" 1 "$(count downword)"
check_eq "a restart: the file deleted while down is gone" 0 "$(count u10x)"
check_eq "a restart: everyword" $EVERY "$(count everyword)"
grep -q ': 1 added, 0 updated, [0-9]* unchanged, 1 removed' w2.err &&
	ok "a restart: its update says 1 added, 1 removed" ||
	not_ok "a restart: its update says 1 added, 1 removed" "$(head -n 3 w2.err)"
kill -INT $WPID
wait $WPID
check_eq "SIGINT ends the watcher with exit 130" 130 $?

# The watch limit (the tests' own, RUBRIC_WATCH_LIMIT: the kernel's is the
# user's): 2 watches for lim and lim/a; lim/b and lim/c are rescanned.
mkdir -p lim/a lim/b lim/c
printf 'Document limitfirst\n' >lim/a/x.txt
export RUBRIC_WATCH_LIMIT=2 RUBRIC_WATCH_RESCAN=1
rm -rf db
start_watch w3.err lim
unset RUBRIC_WATCH_LIMIT RUBRIC_WATCH_RESCAN
check_eq "over the limit: said once" 1 "$(grep -c 'the inotify watch limit is reached' w3.err)"
grep -q 'max_user_watches): 2 folders from .*/lim/b, and those under them, are not watched but rescanned every 1 s' w3.err &&
	ok "over the limit: the message names the folders, what to raise and the rescan" ||
	not_ok "over the limit: the message names the folders, what to raise and the rescan" "$(cat w3.err)"
printf 'Document inwatched\n' >lim/a/y.txt
printf 'Document inunwatched\n' >lim/c/z.txt
wait_count "over the limit: a file in a watched folder" 1 inwatched
wait_count "over the limit: a file in an unwatched folder, by the rescan" 1 inunwatched
kill -TERM $WPID
wait $WPID
check_eq "over the limit: SIGTERM, exit 0" 0 $?
check_eq "over the limit: said once in all" 1 "$(grep -c 'watch limit is reached' w3.err)"

# A root named through a symbolic link is followed, as the walk follows it.
mkdir -p real/sub
ln -s real linked
rm -rf db
start_watch w4.err linked
grep -q 'watching 2 folders under 1 root$' w4.err &&
	ok "a root through a link: its 2 folders watched" ||
	not_ok "a root through a link: its 2 folders watched" "$(cat w4.err)"
printf 'Document throughlink\n' >real/sub/x.txt
wait_count "a root through a link: a file created below it" 1 throughlink
check_eq "a root through a link: the path as named" "linked/sub/x.txt" "$(paths throughlink)"
kill -TERM $WPID
wait $WPID
check_eq "a root through a link: SIGTERM, exit 0" 0 $?
done_testing
