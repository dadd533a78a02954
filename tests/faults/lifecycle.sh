#!/usr/bin/env bash
# tests/faults/lifecycle.sh BUILD SHIM: make check-faults.  Issue #31,
# "Nothing lost, nothing left behind", over an index's life:
#   1. roots: a --rebuild with a root missing changes nothing; --forget
#      drops a root on a rebuild and on an update;
#   2. roots whose names hold a newline, a tab or a backslash round-trip
#      (--status --json, a --rebuild);
#   3. files and folders deleted at random moments of a run are counted
#      vanished, never failed; the summary's counts add up;
#   4. one generation on disk after a first build and a --rebuild, of
#      one shard or three; --status names it;
#   5. the text of a deleted file is gone from the index folder after
#      --compact, and after a --rebuild;
#   6. a full disk (the shim's sticky ENOSPC, then a real 2 MB tmpfs when
#      mount is allowed): the message names the index, a summary is
#      printed, the rerun finishes the job, failed runs do not pile up.
# One line per check ("ok - ...", or "FAIL [...] why"); ends with
# "N passed, N failed".  Expected values come from the trees each section
# writes, never from a run of rubric.
# shellcheck source=driver.bash
source "$(dirname "$0")/driver.bash" "$1" "$2"
t_start=$(date +%s)
passed=0 failed=0
MOUNTED=""
trap '[ -z "$MOUNTED" ] || umount "$MOUNTED" 2>/dev/null; rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------- helpers

# verdict DESC PROBLEM: the check's line: ok when PROBLEM is empty.
verdict() {
	if [ -z "$2" ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "FAIL [$1] $2"
	fi
}
skip() { echo "ok - $1 # skip $2"; }
# expect DESC WANT GOT
expect() {
	if [ "$2" == "$3" ]; then verdict "$1" ""
	else verdict "$1" "expected: $2; got: $3"; fi
}
# holds_that DESC WHY CMD...: ok when CMD succeeds, else FAIL with WHY
holds_that() {
	local desc=$1 why=$2
	shift 2
	if "$@"; then verdict "$desc" ""; else verdict "$desc" "$why"; fi
}
# same DESC FILE1 FILE2: the two states are identical
same() {
	if cmp -s "$2" "$3"; then verdict "$1" ""
	else verdict "$1" "$(diff "$2" "$3" | head -n 4 | tr '\n' '|')"; fi
}
# section NAME: a folder of its own under $TMP, made the current one
section() { mkdir -p "$TMP/$1" && cd "$TMP/$1" || exit 2; }
# ri ERR ARGS...: rubric-index ARGS, stderr to ERR; sets RC.  A bound on
# the time: an option not in yet must not hang the part.
ri() {
	local err=$1
	shift
	timeout -s KILL 120 "$INDEX" "$@" >"$err.out" 2>"$err"
	RC=$?
}
# first_line FILE: FILE's first line, for a FAIL's reason
first_line() { head -n 1 "$1" | head -c 240; }
# answers DB: what a user sees of DB for ./queries (faultlib's fault_state)
answers() { FW=$PWD fault_state "$1"; }
# roots_of DB: the roots --status --json lists, sorted, as one JSON line
roots_of() { "$INDEX" --status --json -d "$1" 2>&1 | jq -c '.roots | sort' 2>&1 | head -c 400; }
# roots_json PATH...: the same form for the PATHs given (any bytes in them)
roots_json() { jq -nc '$ARGS.positional | sort' --args "$@"; }
# counts_of ERR: "N A U C R S V F" from the summary, ERR's last line:
# "rubric-index: N files: A added, U updated, C unchanged, R removed,
# S skipped, V vanished, F failed; ...".  Nothing if it is not that.
counts_of() {
	tail -n 1 "$1" | sed -nE 's/^rubric-index: ([0-9]+) files?: ([0-9]+) added, ([0-9]+) updated, ([0-9]+) unchanged, ([0-9]+) removed, ([0-9]+) skipped, ([0-9]+) vanished, ([0-9]+) failed;.*/\1 \2 \3 \4 \5 \6 \7 \8/p'
}
# exit_and_counts RC ERR: "exit RC, A added, F failed" from the summary
# in ERR, and why the counts do not add up, or that there is no summary
exit_and_counts() {
	local c a f
	c=$(counts_of "$2")
	[ -n "$c" ] || { echo "exit $1, no summary with vanished: $(tail -n 1 "$2" | head -c 160)"; return; }
	read -r _ a _ _ _ _ _ f <<<"$c"
	echo "exit $1, $a added, $f failed$(sum_problem "$c" | sed 's/^/; /')"
}
# sum_problem "N A U C R S V F": why the counts do not add up, or nothing
sum_problem() {
	local n a u c r s v f
	read -r n a u c r s v f <<<"$1"
	[ $((a + u + c + r + s + v + f)) = "$n" ] ||
		echo "A+U+C+R+S+V+F = $((a + u + c + r + s + v + f)), not N = $n"
}
# on_disk DB: the databases and debris in DB (generations, their shards,
# chunks, temporary files), sorted, space-separated
on_disk() { (cd "$1" && ls -d db-* chunk-* ./*.tmp 2>/dev/null) | LC_ALL=C sort | paste -sd' ' -; }
# one_generation DB SHARDS: why DB does not hold exactly one generation
# (db-K, or db-K.0 ... db-K.(SHARDS-1)), or nothing
one_generation() {
	local got want k s
	got=$(on_disk "$1")
	k=$(sed -nE 's/^db-([0-9]+).*/\1/p' <<<"$got")
	if [ "$2" = 1 ]; then
		want="db-$k"
	else
		want=$(for ((s = 0; s < $2; s++)); do echo "db-$k.$s"; done | LC_ALL=C sort | paste -sd' ' -)
	fi
	[ -n "$k" ] && [ "$got" = "$want" ] || echo "on disk: ${got:-nothing}"
}
# generation_of DB: the generation the index folder holds (its first)
generation_of() { on_disk "$1" | sed -nE 's/^(db-[0-9]+).*/\1/p'; }
# full_disk_line ERR DB: ERR has the line reporting the full disk, naming
# the index as given or absolute, and saying what to do
full_disk_line() {
	grep -F -e "rubric-index: $2: the disk is full" -e "rubric-index: $(pwd -P)/$2: the disk is full" "$1" |
		grep -qF 'free space and run it again'
}
# tree_full_line ERR: a line naming a file of a tree (not the index) that
# reports the full disk: ENOSPC is the index's, never a source file's
tree_full_line() { grep -E '^rubric-index: [^:]*tree/' "$1" | grep -iE -m1 'No space left|disk is full'; }
has_summary() { grep -qE '^rubric-index: [0-9]+ files?: ' "$1"; }
# some LIST: the first 12 items of a space-separated LIST, and how many
some() {
	local -a v
	read -r -a v <<<"$1"
	echo "at n = ${v[*]:0:12}$([ ${#v[@]} -le 12 ] || echo " ...") (${#v[@]} runs)"
}

# ------------------------------------------- 1. a root missing; --forget
roots_missing() {
	section roots
	local p
	p=$(pwd -P)
	mkdir one two three
	printf 'Alpha oneword rootsword\n' >one/a.txt
	printf 'Bravo twoword rootsword\n' >two/b.txt
	printf 'Charlie threeword rootsword\n' >three/c.txt
	printf '%s\n' rootsword oneword twoword threeword >queries
	# --store-text: a state is what the index holds, not what the files
	# say now (a search reads a passage back from its file otherwise, and
	# two/ is about to go).
	"$INDEX" -q --store-text -d db one two three || { verdict "roots: the first build" "exit $?"; return; }
	answers db >state.before
	mv two away   # a drive not mounted
	ri rb.err -d db --rebuild
	expect "roots: --rebuild with the root two missing: exit 2" 2 "$RC"
	holds_that "roots: --rebuild with a root missing: stderr names it" "stderr: $(first_line rb.err)" \
		grep -qF "$p/two" rb.err
	answers db >state.after
	same "roots: --rebuild with a root missing: the index answers as before" state.before state.after
	expect "roots: --rebuild with a root missing: the three roots kept" \
		"$(roots_json "$p/one" "$p/two" "$p/three")" "$(roots_of db)"

	# The fresh builds each forget is to equal.
	"$INDEX" -q --store-text -d fresh13 one three && answers fresh13 >state.13
	"$INDEX" -q --store-text -d fresh1 one && answers fresh1 >state.1
	ri forget.err -d db --rebuild --forget "$p/two"
	expect "roots: --rebuild --forget ROOT (the missing one): exit 0" "0" "$RC$([ "$RC" = 0 ] || echo ": $(first_line forget.err)")"
	answers db >state.forgot2
	same "roots: --rebuild --forget two: answers as a fresh build of one and three" state.13 state.forgot2
	expect "roots: --rebuild --forget two: the stored roots are one and three" \
		"$(roots_json "$p/one" "$p/three")" "$(roots_of db)"

	# An update forgetting a root that is still there (given relative).
	ri forget3.err -d db --forget three
	expect "roots: update with --forget three: exit 0" "0" "$RC$([ "$RC" = 0 ] || echo ": $(first_line forget3.err)")"
	answers db >state.forgot3
	same "roots: update with --forget three: answers as a fresh build of one" state.1 state.forgot3
	expect "roots: update with --forget three: the stored roots are one" \
		"$(roots_json "$p/one")" "$(roots_of db)"
	ri rb2.err -d db --rebuild
	answers db >state.rebuilt
	expect "roots: a --rebuild after forgetting: exit 0, the forgotten roots stay out" \
		"0 same" "$RC $(cmp -s state.1 state.rebuilt && echo same || echo differs)"
}

# --------------------------------- 2. roots with a newline, tab, backslash
newline_roots() {
	section newline
	local p nlf nld bsl tbd db
	p=$(pwd -P)
	nlf=$'nl/file\none.txt' nld=$'nl/dir\ntwo' bsl='nl/back\slash.txt' tbd=$'nl/tab\tdir'
	mkdir -p nl "$nld" "$tbd"
	printf 'Nlfileword rootword\n' >"$nlf"
	printf 'Nldirword rootword\n' >"$nld/inner.txt"
	printf 'Backslashword rootword\n' >"$bsl"
	printf 'Tabdirword rootword\n' >"$tbd/inner.txt"
	# Decoys: what the names become when cut at the newline, the tab or the
	# backslash (relative pieces fall in this folder), and a file beside
	# the roots.  None is a root: none may be indexed.
	mkdir -p nl/dir nl/tab dir two tab
	for f in nl/file one.txt nl/dir/x.txt two/x.txt nl/tab/x.txt dir/x.txt tab/x.txt nl/back; do
		printf 'Decoyword rootword\n' >"$f"
	done
	printf 'Nlotherword rootword\n' >nl/other.txt
	printf '%s\n' rootword nlfileword nldirword backslashword tabdirword decoyword nlotherword >queries
	# 4 roots, each found by its word; nothing else
	local want_counts="1:4 2:1 3:1 4:1 5:1 6:0 7:0"
	local want_roots
	want_roots=$(roots_json "$p/$nlf" "$p/$nld" "$p/$bsl" "$p/$tbd")

	find nl -mindepth 1 -maxdepth 1 \( -name $'*\n*' -o -name '*\\*' -o -name $'*\t*' \) -print0 |
		"$INDEX" -q -d db0 --files-from - -0 2>list.err
	expect "newline roots: find -print0 | --files-from - -0: exit 0" 0 "$?"
	"$INDEX" -q -d db1 "$nlf" "$nld" "$bsl" "$tbd" 2>args.err
	expect "newline roots: as PATH arguments: exit 0" 0 "$?"
	for db in db0 db1; do
		expect "newline roots ($db): --status --json lists the 4 roots exactly" "$want_roots" "$(roots_of $db)"
		expect "newline roots ($db): each file found by its word, no decoy" "$want_counts" \
			"$("$SEARCH" -d $db --queries-from queries -c 2>&1 | paste -sd' ' -)"
		answers $db >state.$db.before
		ri rb.$db.err -d $db --rebuild
		expect "newline roots ($db): --rebuild: exit 0" "0" "$RC$([ "$RC" = 0 ] || echo ": $(first_line rb.$db.err)")"
		answers $db >state.$db.after
		same "newline roots ($db): --rebuild: answers as before (no decoy of this folder indexed)" \
			state.$db.before state.$db.after
	done
}

# ------------------------------------- 3. files deleted during a run
# make_tree DIR MARK: TREE_FILES one-line files in folders of 20, two
# levels deep (200 folders); file i holds "Document u<i>x MARK g<i%7>x".
TREE_FILES=4000
make_tree() {
	awk -v d="$1" -v mark="$2" -v n=$TREE_FILES 'BEGIN {
		for (i = 0; i < n; i++) {
			dir = sprintf("%s/a%02d/b%02d", d, int(i / 200), int(i / 20) % 10)
			if (!(dir in made)) { system("mkdir -p " dir); made[dir] = 1 }
			f = sprintf("%s/f%04d.txt", dir, i)
			printf "Document u%dx %s g%dx\n", i, mark, i % 7 >f
			close(f)
		}
	}'
}
# shuffled SEED: stdin's lines in an order drawn from SEED
shuffled() { awk -v s="$1" 'BEGIN { srand(s) } { printf "%.9f\t%s\n", rand(), $0 }' | sort -n | cut -f2-; }
# deleter LIST DELAY_MS STOP: after DELAY_MS, removes LIST's paths (files
# and whole folders) 16 at a time, until STOP exists or half are gone.
deleter() {
	local list=$1 d=$2 stop=$3 p k=0 max
	local -a batch=()
	max=$(($(wc -l <"$list") / 2))
	sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
	while IFS= read -r p; do
		batch+=("$p")
		k=$((k + 1))
		[ ${#batch[@]} -lt 16 ] && continue
		rm -rf -- "${batch[@]}"
		batch=()
		[ -e "$stop" ] || [ $k -ge $max ] && break
	done <"$list"
}

VANISHED=0
# vanish_run KIND SEED PCT: a first build or an update (every file
# changed) of the tree, while its files and folders are deleted from PCT%
# of an undisturbed run's time on; then its checks and a rerun's.
vanish_run() {
	local kind=$1 seed=$2 pct=$3 d rc c s v f problem="" left what
	rm -rf tree db fresh stop
	cp -a base tree
	if [ "$kind" = update ]; then
		"$INDEX" -q -d db tree
		make_tree tree changedword   # every file changed: every one read again
	fi
	{ find tree -type f; find tree -mindepth 1 -type d; } | shuffled "$seed" >victims
	d=$((T * pct / 100))
	deleter victims "$d" stop &
	local dpid=$!
	"$INDEX" -d db tree >run.out 2>run.err
	rc=$?
	touch stop
	wait $dpid
	left=$(find tree -type f | wc -l)
	what="deletions during $([ "$kind" = update ] && echo an || echo a) $kind (seed $seed, from $d of $T ms; $((TREE_FILES - left)) files gone)"
	c=$(counts_of run.err)
	[ "$rc" = 0 ] || problem="exit $rc"
	if [ -z "$c" ]; then
		problem+="${problem:+; }no summary 'N files: A added, ... V vanished, F failed' last: $(tail -n 1 run.err | head -c 160)"
	else
		read -r _ _ _ _ _ _ v f <<<"$c"
		VANISHED=$((VANISHED + v))
		what+=", V = $v"
		[ "$f" = 0 ] || problem+="${problem:+; }F = $f"
		s=$(sum_problem "$c")
		[ -z "$s" ] || problem+="${problem:+; }$s"
	fi
	grep -q 'No such file or directory' run.err &&
		problem+="${problem:+; }$(grep -c 'No such file or directory' run.err) 'No such file' lines: $(grep -m1 'No such file' run.err | head -c 120)"
	verdict "$what: exit 0, 0 failed, the counts add up, no 'No such file'" "$problem"

	ri rerun.err -d db tree
	"$INDEX" -q -d fresh tree
	answers db >state.rerun
	answers fresh >state.fresh
	problem=""
	[ "$RC" = 0 ] || problem="rerun: exit $RC: $(first_line rerun.err)"
	cmp -s state.rerun state.fresh ||
		problem+="${problem:+; }$(diff state.rerun state.fresh | head -n 3 | tr '\n' '|')"
	verdict "$kind (seed $seed): the rerun exits 0 and answers as a fresh build of the $left files left" "$problem"
}

deletions() {
	section vanish
	local t0 spec kind seed pct
	make_tree base everyword
	printf '%s\n' everyword changedword g3x u17x u3999x >queries
	# An undisturbed build's time: the deletions start at a share of it.
	cp -a base tree
	t0=$(ms)
	"$INDEX" -q -d db tree
	T=$(($(ms) - t0))
	for spec in "build 1 0" "build 2 25" "build 3 50" "update 4 0" "update 5 25" "update 6 50"; do
		read -r kind seed pct <<<"$spec"
		vanish_run "$kind" "$seed" "$pct"
	done
	# Which deletions fall between the walk and the read is up to the
	# machine; over six runs deleting from the start, some do.
	holds_that "deletions: files deleted between the walk and the read counted vanished (V = $VANISHED in all)" \
		"V = 0 in every run" [ "$VANISHED" -gt 0 ]
}

# The counts add up in a fixed case: 2 readable files, 1 unreadable file,
# 1 unreadable folder.  Root reads everything: chmod 000 holds only for
# another user (testlib's unprivileged_runner; skipped as root without
# one).  The shim's RUBRIC_FAULT_UNREADABLE makes a file fail to open for
# root too, but not a folder: the walk opens those inside glibc's fts,
# which no preload sees.
fixed_counts() {
	section counts
	local runas=""
	if [ "$(id -u)" = 0 ]; then
		runas=$(unprivileged_runner)
	fi
	mkdir -p tree/locked
	printf 'Readable one everyword\n' >tree/a.txt
	printf 'Readable two everyword\n' >tree/b.txt
	printf 'Unreadable everyword\n' >tree/c.txt
	printf 'Locked away everyword\n' >tree/locked/d.txt
	chmod -R a+rX tree
	# The shim: c.txt fails to open (EIO); locked/ is readable here, so
	# a.txt, b.txt and locked/d.txt are added: 3 added, 1 failed.
	echo tree/c.txt >unreadable
	env LD_PRELOAD="$FAULT_SHIM" RUBRIC_FAULT_UNREADABLE="$PWD/unreadable" \
		timeout -s KILL 60 "$INDEX" -d shimdb tree >shim.out 2>shim.err
	local rc=$?
	expect "counts: 3 readable files, 1 failing to open (shim): exit 2, 3 added, 1 failed, the counts add up" \
		"exit 2, 3 added, 1 failed" "$(exit_and_counts $rc shim.err)"

	if [ "$(id -u)" = 0 ] && [ -z "$runas" ]; then
		skip "counts: an unreadable file and folder (chmod 000)" "root, and no way to run as another user"
		return
	fi
	chmod 755 "$TMP"
	chmod 1777 .   # the other user writes its index here
	chmod 000 tree/c.txt tree/locked
	$runas timeout -s KILL 60 "$INDEX" -d db tree >run.out 2>run.err
	rc=$?
	chmod 755 tree/locked
	chmod 644 tree/c.txt
	# From the tree: a.txt and b.txt added; c.txt and locked/ failed.
	expect "counts: 2 readable files, an unreadable file and folder (chmod 000): exit 2, 2 added, 2 failed, the counts add up" \
		"exit 2, 2 added, 2 failed" "$(exit_and_counts $rc run.err)"
}

# ---------------------------------------------- 4. one generation on disk
generations() {
	section gens
	local g st_gen st_size du_gen
	gen_corpus tree 0 30 2
	printf 'Oldgenword only here\n' >tree/gone.txt   # deleted before the rebuild
	printf '%s\n' oldgenword everyword >queries
	"$INDEX" -q -d db tree
	verdict "generations: a first build: one generation on disk" "$(one_generation db 1)"
	ri rb.err -d db --rebuild
	expect "generations: --rebuild: exit 0" 0 "$RC"
	verdict "generations: --rebuild: one generation on disk, the old one removed" "$(one_generation db 1)"
	# --status: its database is the one on disk, its size that one's
	# (the folder's bytes: a stale generation would double it).
	g=$(generation_of db)
	st_gen=$("$INDEX" --status -d db | sed -nE 's/^database: +([^ ]+) .*/\1/p')
	st_size=$("$INDEX" --status -d db | sed -nE 's/^size: +([0-9]+) bytes.*/\1/p')
	du_gen=$(du -sB1 "db/$g" | cut -f1)
	local diff=$((${st_size:-0} - du_gen))
	expect "generations: --status names the generation on disk, its size that of the generation (du, within 10%)" \
		"$g yes" "$st_gen $([ ${diff#-} -le $((du_gen / 10)) ] && echo yes || echo "no: $st_size bytes, du $du_gen")"

	"$INDEX" -q -d sdb --shards 3 tree
	ri srb.err -d sdb --rebuild
	expect "generations: --rebuild of 3 shards: exit 0" 0 "$RC"
	verdict "generations: --rebuild of 3 shards: one set db-K.0..db-K.2 on disk" "$(one_generation sdb 3)"

	# A search that holds the old generation across the swap reads on from
	# it: tests/unit/test_store.c (rubric-search --queries-from reads its
	# queries before it opens the index, so it cannot hold one here).
	rm tree/gone.txt
	ri rbr.err -d db --rebuild
	expect "generations: --rebuild after a removal: exit 0" 0 "$RC"
	verdict "generations: --rebuild after a removal: one generation on disk" "$(one_generation db 1)"
	ri next.err -d db tree
	expect "generations: the next run (an update): exit 0" 0 "$RC"
	verdict "generations: the next run removes the old generation" "$(one_generation db 1)"
}

# ------------------------------------------------ 5. deleted text is gone
# markers_in DB FORM...: the FORMs that grep finds in DB's files
markers_in() {
	local db=$1 form
	shift
	for form in "$@"; do
		grep -r -a -q -F -- "$form" "$db" 2>/dev/null && echo "$form"
	done
}

deleted_text() {
	section gone
	local r=$RANDOM kind forms found g
	# The marker as written, in lower case, and its English stem (the
	# snowball stemmer drops "-ing" after a vowel: zqxmark<r>ing ->
	# zqxmark<r>).  "xmark<r>" is what a term keeps when a termlist
	# shares its first letters with the term before it.  The text as
	# written is in the passage's record, which glass stores compressed
	# (zlib): grep cannot see it there, nor in blocks freed; the lower-case
	# forms are terms (keys, stored as they are).  What grep cannot see is
	# covered by one generation on disk after --compact and --rebuild:
	# the new one is written from what the index holds, the old removed.
	MARKER="Zqxmark${r}ing"
	forms=("$MARKER" "zqxmark${r}ing" "zqxmark${r}" "xmark${r}")
	gen_corpus base 0 30 2
	printf '%s\n' everyword lorem g3x u17x '"lorem ipsum"' zqxmark${r}ing >queries
	for kind in compact rebuild; do
		rm -rf tree db fresh
		cp -a base tree
		printf 'The %s plan was filed under secret.\n\nzqxmark%sing\n' "$MARKER" "$r" >tree/secret.txt
		"$INDEX" -q --store-text -d db tree
		found=$(markers_in db "${forms[@]:1}" | paste -sd' ' -)
		# The check's own check: grep does see the marker's terms in an index.
		expect "deleted text ($kind): grep finds the marker's word and stem in the index before" \
			"${forms[*]:1}" "$found"
		rm tree/secret.txt
		if [ "$kind" = compact ]; then
			ri up.err -d db tree
			expect "deleted text: the update after the deletion: exit 0" 0 "$RC"
			g=$(generation_of db)
			ri compact.err --compact -d db
			expect "deleted text: --compact: exit 0" "0" "$RC$([ "$RC" = 0 ] || echo ": $(first_line compact.err)")"
			verdict "deleted text: --compact: one generation on disk, a new one" \
				"$(one_generation db 1)$([ "$(generation_of db)" != "$g" ] || echo " still $g")"
		else
			ri rb.err -d db --rebuild
			expect "deleted text: --rebuild: exit 0" 0 "$RC"
			verdict "deleted text: --rebuild: one generation on disk" "$(one_generation db 1)"
		fi
		expect "deleted text ($kind): grep -r -a finds no form of the marker in the index folder" "" \
			"$(markers_in db "${forms[@]}" | paste -sd' ' -)"
		"$INDEX" -q --store-text -d fresh tree
		answers db >state.db
		answers fresh >state.fresh
		same "deleted text ($kind): answers as a fresh build of the tree left" state.fresh state.db
	done
}

# ------------------------------------------------------- 6. a full disk
# lc_scenario SCEN: faultlib's scenario, its command without -q (the
# summary line is under test).
lc_scenario() {
	local a
	local -a cmd=()
	fault_scenario "$1"
	for a in "${S_CMD[@]}"; do [ "$a" = -q ] || cmd+=("$a"); done
	S_CMD=("${cmd[@]}")
}

# full_disk_sweep SCEN: every write from call n on failing with ENOSPC,
# n = 1, 2, ... until a run ends before call n; one line per property,
# naming the n that break it.  Sets CALLS (a full run's writes).
full_disk_sweep() {
	local scen=$1 n runs=0 t0 ex_msg="" ex_tree=""
	local b_exit="" b_msg="" b_tree="" b_sum="" b_state="" b_rerun="" ex_rerun=""
	lc_scenario "$scen"
	t0=$(date +%s)
	for ((n = 1; ; n++)); do
		fault_reset
		fault_run write "$n" ENOSPC sticky
		[ "$FIRED" = 1 ] || break
		runs=$((runs + 1))
		{ [ "$RC" = 2 ] && ! grep -qv '^rubric-index: ' run.err; } || b_exit+=" $n"
		if ! full_disk_line run.err db; then
			b_msg+=" $n"
			[ -n "$ex_msg" ] || ex_msg=$(head -n 2 run.err | tr '\n' '|' | head -c 200)
		fi
		if tree_full_line run.err >/dev/null; then
			b_tree+=" $n"
			[ -n "$ex_tree" ] || ex_tree=$(tree_full_line run.err | head -c 200)
		fi
		has_summary run.err || b_sum+=" $n"
		fault_state db >state.faulted
		cmp -s state.faulted "$S_BEFORE" || cmp -s state.faulted "$S_AFTER" || b_state+=" $n"
		PROBLEM=""
		fault_check_rerun
		if [ -n "$PROBLEM" ]; then
			b_rerun+=" $n"
			[ -n "$ex_rerun" ] || ex_rerun=$PROBLEM
		fi
	done
	local what="full disk, $scen (ENOSPC from write n on, $runs runs, a full run makes $CALLS writes)"
	[ "$runs" -gt 0 ] || { verdict "$what" "no run reached a write"; return; }
	verdict "$what: exit 2, every stderr line 'rubric-index: ...'" "${b_exit:+$(some "$b_exit")}"
	verdict "$what: a line 'rubric-index: db: the disk is full ... free space and run it again'" \
		"${b_msg:+$(some "$b_msg"); e.g. $ex_msg}"
	verdict "$what: no line naming a file of the tree says the disk is full" "${b_tree:+$(some "$b_tree"); e.g. $ex_tree}"
	verdict "$what: a summary line (not -q)" "${b_sum:+$(some "$b_sum")}"
	verdict "$what: the index answers as before the run or as the new tree" "${b_state:+$(some "$b_state")}"
	verdict "$what: the rerun exits 0, answers as a fresh build, leaves nothing behind" \
		"${b_rerun:+$(some "$b_rerun"); e.g. $ex_rerun}"
	echo "lifecycle: full disk, $scen: $runs runs, $(($(date +%s) - t0)) s"
}

# grows_problem SIZES: why 5 failed runs' index sizes (du -sb after each)
# grew: the 5th more than the 1st and a 64 KiB margin (glass blocks are 8
# KiB: a few may differ).
grows_problem() {
	local -a s
	read -r -a s <<<"$1"
	[ ${#s[@]} = 5 ] || { echo "${#s[@]} runs failed, not 5"; return; }
	[ "${s[4]}" -le $((s[0] + 65536)) ] || echo "grew by $((s[4] - s[0])) bytes"
}

full_disk_shim() {
	local scen n k sizes=""
	fault_setup || { verdict "full disk: fault_setup" "failed"; return; }
	for scen in build update rebuild; do
		full_disk_sweep "$scen"
	done
	# Five updates in a row failing late: at 3/4 of the writes of a full
	# update (counted again: CALLS is the rebuild's now).
	lc_scenario update
	fault_reset
	fault_run write 0 ENOSPC sticky
	n=$((CALLS * 3 / 4))
	fault_reset
	for ((k = 1; k <= 5; k++)); do
		fault_run write "$n" ENOSPC sticky
		[ "$RC" = 2 ] && [ "$FIRED" = 1 ] && sizes+="$(du -sb db | cut -f1) "
	done
	verdict "full disk: 5 updates failing at write $n of $CALLS in a row: the index folder does not grow (du -sb: $sizes)" \
		"$(grows_problem "$sizes")"
}

# The same on a real disk: a 2 MB tmpfs, and an index of 600 files of 14
# passages (4 MB) that cannot fit.
tmpfs_case() {
	local scen=$1 rc sizes="" k
	umount mnt 2>/dev/null
	mount -t tmpfs -o size=2m tmpfs mnt || { verdict "tmpfs, $scen: mount" "refused"; return; }
	rm -rf tree && cp -a small tree
	if [ "$scen" != build ]; then
		"$INDEX" -q -d mnt/db tree || { verdict "tmpfs, $scen: the small first build" "exit $?"; return; }
		answers mnt/db >state.before
	else
		answers nodb >state.before
	fi
	cp -a big/. tree/
	local -a cmd=(-d mnt/db tree)
	[ "$scen" = rebuild ] && cmd=(-d mnt/db --rebuild)
	if [ "$scen" = repeated ]; then
		for ((k = 1; k <= 5; k++)); do
			ri run.err "${cmd[@]}"
			[ "$RC" = 2 ] && sizes+="$(du -sb mnt/db | cut -f1) "
		done
		verdict "tmpfs: 5 updates too big for the disk in a row: the index folder does not grow (du -sb: $sizes)" \
			"$(grows_problem "$sizes")"
		return
	fi
	ri run.err "${cmd[@]}"
	expect "tmpfs, $scen too big for 2 MB: exit 2" 2 "$RC"
	holds_that "tmpfs, $scen: 'rubric-index: mnt/db: the disk is full ... free space and run it again'" \
		"stderr: $(head -n 2 run.err | tr '\n' '|' | head -c 200)" full_disk_line run.err mnt/db
	verdict "tmpfs, $scen: no line naming a file of the tree says the disk is full" "$(tree_full_line run.err | head -c 200)"
	holds_that "tmpfs, $scen: a summary line" "none" has_summary run.err
	answers mnt/db >state.after
	same "tmpfs, $scen: the index answers as before the run" state.before state.after
	# Space freed: the rerun finishes the job.
	if mount -o remount,size=64m mnt 2>/dev/null; then
		ri rerun.err "${cmd[@]}"
		answers mnt/db >state.rerun
		expect "tmpfs, $scen: space freed: the rerun exits 0 and answers as a fresh build" "0 same" \
			"$RC $(cmp -s state.rerun state.fresh && echo same || echo differs)"
	else
		skip "tmpfs, $scen: space freed" "cannot remount the tmpfs bigger"
	fi
}

full_disk_tmpfs() {
	section tmpfs
	mkdir mnt
	if ! mount -t tmpfs -o size=2m tmpfs mnt 2>/dev/null; then
		skip "full disk on a 2 MB tmpfs" "mount -t tmpfs refused"
		return
	fi
	MOUNTED=$PWD/mnt
	gen_corpus small 0 20 3
	gen_corpus big 1000 600 14 bigword
	printf '%s\n' everyword bigword u5x u1234x lorem >queries
	rm -rf tree && cp -a small tree && cp -a big/. tree/
	"$INDEX" -q -d fresh tree && answers fresh >state.fresh
	local scen
	for scen in build update rebuild repeated; do
		tmpfs_case "$scen"
	done
	umount mnt && MOUNTED=""
}

roots_missing
newline_roots
deletions
fixed_counts
generations
deleted_text
full_disk_shim
full_disk_tmpfs
echo "lifecycle: $(($(date +%s) - t_start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
