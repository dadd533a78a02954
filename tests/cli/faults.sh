# rubric-index under faults: kill -9 at several points of a first build, an
# update in place and a --rebuild (the last commit stays searchable, a rerun
# finishes the job and equals a fresh build); a full disk; an unreadable file.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
trap 'mountpoint -q "$TMP/small" && umount "$TMP/small"; rm -rf "$TMP"' EXIT
export XDG_DATA_HOME=$TMP/xdg
OLD=$(($(date +%s) - 86400))
count() { "$SEARCH" -d "$1" -c "${@:2}" 2>/dev/null; }
FRACTIONS="10 40 70 93" # percent of a full run's time

N=1600 P=14
gen_corpus kc 0 $N $P
find kc -type f -exec touch -d "@$OLD" {} +
QUERIES=(everyword changedword addmark u0x u1234x u1550x u5010x g3x)

# --- kill -9 during a first build ---------------------------------------
t0=$(ms); "$INDEX" -q -d ref kc; T=$(($(ms) - t0))
snapshot ref "${QUERIES[@]}" >snap.ref
landed=0 bad=""
for f in $FRACTIONS; do
	killed_run $((T * f / 100)) "$INDEX" -q -d k1 kc
	landed=$((landed + KILLED))
	# Before the swap there is no index; after it, a whole one.
	if [ -e k1/XAPIANDB ]; then
		c=$(count k1 everyword 2>/dev/null)
		[ "$c" = $N ] || bad="$bad [kill at $f%: -c everyword $c]"
	fi
done
check_eq "first build killed at $FRACTIONS % of ${T} ms: no half-built index seen" "" "$bad"
if [ $landed -gt 0 ]; then ok "first build: $landed kills landed mid-run"
else not_ok "first build: at least one kill landed mid-run" "the build always ended first"; fi
check_status "first build rerun to completion: exit 0" 0 "$INDEX" -d k1 kc
snapshot k1 "${QUERIES[@]}" >snap.k1
check_same "killed first build, rerun: same hits as an uninterrupted build" snap.k1 snap.ref
check_eq "killed first build, rerun: no chunk left behind" "" "$(cd k1 && ls -d chunk-* 2>/dev/null)"

# --- the tree changes: every file edited, 100 deleted, 100 added ---------
cp -a ref k2 && cp -a ref k3 && cp -a ref k4
gen_corpus kc 0 $N $P changedword
rm -r kc/d15
gen_corpus kc 5000 100 $P addmark
find kc -type f -exec touch -d "@$OLD" {} +
t0=$(ms); "$INDEX" -q -d ref2 kc; T_FRESH=$(($(ms) - t0))
snapshot ref2 "${QUERIES[@]}" >snap.ref2
check_eq "new tree, fresh build: -c changedword, -c everyword" "1500 0" \
	"$(count ref2 changedword) $(count ref2 everyword)"

# --- kill -9 during an update in place ----------------------------------
t0=$(ms); "$INDEX" -q -d k3 kc; T=$(($(ms) - t0))
snapshot k3 "${QUERIES[@]}" >snap.k3
check_same "uninterrupted update: same hits as a fresh build" snap.k3 snap.ref2
landed=0 bad=""
for f in $FRACTIONS; do
	killed_run $((T * f / 100)) "$INDEX" -q -d k2 kc
	landed=$((landed + KILLED))
	"$SEARCH" -d k2 -c everyword >"$TMP/out" 2>"$TMP/err"; rc=$?
	e=$(cat "$TMP/out") c=$(count k2 changedword 2>/dev/null) u=$(count k2 u1234x 2>/dev/null)
	# Each file is either old or new (never both, never neither), except
	# the deleted folder's 100, which go at the end.
	if [ $rc -gt 1 ]; then bad="$bad [kill at $f%: search exit $rc: $(head -c 200 "$TMP/err")]"
	elif [ $((e + c)) -lt 1500 ] || [ $((e + c)) -gt 1600 ] || [ $((e + c)) -eq 1500 -a $e -ne 0 ] \
		|| [ "$u" != 1 ]; then bad="$bad [kill at $f%: everyword $e changedword $c u1234x $u]"
	fi
done
check_eq "update killed at $FRACTIONS % of ${T} ms: the last commit searchable, whole files" "" "$bad"
if [ $landed -gt 0 ]; then ok "update: $landed kills landed mid-run"
else not_ok "update: at least one kill landed mid-run" "the update always ended first"; fi
check_status "killed update, rerun to completion: exit 0" 0 "$INDEX" -d k2 kc
snapshot k2 "${QUERIES[@]}" >snap.k2
check_same "killed update, rerun: same hits as a fresh build" snap.k2 snap.ref2

# --- kill -9 during a --rebuild: the old index stays whole ---------------
# A --rebuild is a fresh build of the tree: its time is ref2's (measured
# above, so no extra rebuild just to time it).
T=$T_FRESH
landed=0 bad=""
for f in $FRACTIONS; do
	killed_run $((T * f / 100)) "$INDEX" -q -d k4 --rebuild
	landed=$((landed + KILLED))
	"$SEARCH" -d k4 -c everyword >"$TMP/out" 2>"$TMP/err"; rc=$?
	e=$(cat "$TMP/out") c=$(count k4 changedword 2>/dev/null)
	case "$rc $e $c" in
	"0 $N 0"|"1 0 1500") ;;  # the old index, or the new one
	*) bad="$bad [kill at $f%: exit $rc, everyword $e, changedword $c]" ;;
	esac
done
check_eq "--rebuild killed at $FRACTIONS % of ${T} ms: old or new index, whole" "" "$bad"
if [ $landed -gt 0 ]; then ok "--rebuild: $landed kills landed mid-run"
else not_ok "--rebuild: at least one kill landed mid-run" "the rebuild always ended first"; fi
check_status "killed --rebuild, rerun: exit 0" 0 "$INDEX" -d k4 --rebuild
snapshot k4 "${QUERIES[@]}" >snap.k4
check_same "killed --rebuild, rerun: same hits as a fresh build" snap.k4 snap.ref2
check_eq "killed --rebuild, rerun: no chunk left behind" "" "$(cd k4 && ls -d chunk-* 2>/dev/null)"

# --- a full disk -----------------------------------------------------------
mkdir small
if [ "$(id -u)" != 0 ]; then
	ok "full disk # SKIP not root"
elif ! mount -t tmpfs -o size=2m tmpfs small 2>/dev/null; then
	ok "full disk # SKIP cannot mount a tmpfs"
else
	gen_corpus fd 0 20 3
	gen_corpus fdbig 0 600 14 bigword  # 2.4 MB of text, an index of 4 MB
	free0=$(df -k --output=used small | tail -n 1)
	check_status "full disk: a first build too big for the disk: exit 2" 2 \
		"$INDEX" -d small/new fdbig
	grep -q 'small/new' "$TMP/err" && ok "full disk, first build: the message names the index" \
		|| not_ok "full disk, first build: the message names the index" "stderr: $(head -c 300 "$TMP/err")"
	check_eq "full disk, first build: what it wrote is removed (KB used)" "$free0" \
		"$(df -k --output=used small | tail -n 1)"
	check_status "full disk: a small first build that fits: exit 0" 0 "$INDEX" -d small/db fd
	check_status "full disk: a --rebuild too big for the disk: exit 2" 2 \
		"$INDEX" -d small/db --rebuild fd fdbig
	grep -q 'small/db' "$TMP/err" && ok "full disk, --rebuild: the message names the index" \
		|| not_ok "full disk, --rebuild: the message names the index" "stderr: $(head -c 300 "$TMP/err")"
	check_eq "full disk, --rebuild: the old index still answers (-c everyword, -c u5x)" "20 1" \
		"$(count small/db everyword 2>/dev/null) $(count small/db u5x 2>/dev/null)"
	check_status "full disk: an update too big for the disk: exit 2" 2 "$INDEX" -d small/db fdbig
	grep -q 'small/db' "$TMP/err" && ok "full disk, update: the message names the index" \
		|| not_ok "full disk, update: the message names the index" "stderr: $(head -c 300 "$TMP/err")"
	check_eq "full disk, update: the old index still answers (-c everyword, -c u5x, -c bigword)" \
		"20 1 0" "$(count small/db everyword 2>/dev/null) $(count small/db u5x 2>/dev/null) $(count small/db bigword 2>/dev/null)"
	# Space is freed: the rerun finishes the job.
	if mount -o remount,size=64m small 2>/dev/null; then
		check_status "full disk, space freed: the update rerun: exit 0" 0 "$INDEX" -d small/db fdbig
		check_eq "full disk, space freed: -c everyword, -c bigword" "20 600" \
			"$(count small/db everyword 2>/dev/null) $(count small/db bigword 2>/dev/null)"
	else
		ok "full disk, space freed # SKIP cannot remount the tmpfs bigger"
	fi
	umount small
fi

# --- an unreadable file (run as an unprivileged user) ---------------------
runas=$(unprivileged_runner)
chmod 755 "$TMP"
mkdir pub && chmod 1777 pub
gen_corpus pub/tree 0 30 2
chmod 000 "$(corpus_file pub/tree 7)"
if [ -z "$runas" ] || ! (cd pub && $runas "$INDEX" --help >/dev/null 2>/dev/null); then
	ok "unreadable file # SKIP cannot run as another user (setpriv, runuser)"
else
	cd pub || exit 2
	$runas "$INDEX" -d db tree >"$TMP/out" 2>"$TMP/err"
	check_eq "unreadable file: exit 2" 2 $?
	grep -q "$(corpus_file tree 7)" "$TMP/err" && ok "unreadable file: the message names it" \
		|| not_ok "unreadable file: the message names it" "stderr: $(head -c 300 "$TMP/err")"
	check_eq "unreadable file: the summary counts 1 failed" \
		"30 files: 29 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 1 failed" \
		"$(summary_of "$TMP/err")"
	check_eq "unreadable file: the 29 others are indexed, not it" "29 0" \
		"$(count db everyword 2>/dev/null) $(count db u7x 2>/dev/null)"
	chmod 644 "$(corpus_file tree 7)"
	$runas "$INDEX" -d db tree >"$TMP/out" 2>"$TMP/err"
	check_eq "readable again: the next run adds it (exit 0, -c u7x 1)" "0 1" "$? $(count db u7x 2>/dev/null)"
	cd "$TMP" || exit 2
fi
done_testing
