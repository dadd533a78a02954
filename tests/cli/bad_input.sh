# rubric-index on hostile input: each file gets its documented outcome
# (indexed, or skipped / failed with one stderr line naming it) and the rest
# of the run is indexed: empty files, a 100 MB line (with a memory bound),
# NUL bytes, every class of invalid UTF-8, 100,000 nested HTML elements,
# MIME bombs, symbolic link loops, FIFOs, files vanishing mid-walk, file
# names with newlines and invalid UTF-8, unreadable folders.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
# A sanitizer report exits 86 (ASan, LSan) or 87 (UBSan), never 0, 1 or 2.
sanitizer_exit_codes
count() { "$SEARCH" -d "$1" -c -- "${@:2}" 2>/dev/null; }
# counts DB WORD...: "-c" of each word, space-separated
counts() { local db=$1 w out=""; shift; for w; do out="$out${out:+ }$(count "$db" "$w")"; done; echo "$out"; }
# run_index DESC WANT_STATUS ARGS...: rubric-index ARGS under a 60 s
# timeout; stdout in $TMP/out, stderr in $TMP/err; ok when it exits
# WANT_STATUS (a hang, a signal, a sanitizer report is never ok).
run_index() {
	local desc=$1 want=$2; shift 2
	timeout -k 5 $((60 * SLOW)) "$INDEX" "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?
	if [ "$RC" -eq "$want" ]; then ok "$desc"
	else not_ok "$desc" "exit $RC, expected $want$( ((RC == 124 || RC == 137)) && echo ' (stopped after 60 s: a hang?)')" \
		"stderr: $(grep -a -v '^rubric-index: [0-9]* files*:' "$TMP/err" | head -c 600)"; fi
}
# messages FILE: the stderr lines of FILE other than the summary, sorted

# --- 1. one tree of hostile files among ordinary ones -------------------
mkdir mix
gen_corpus mix/plain 0 20 2
# Empty and blank files: indexed (added), no passage.
: >mix/empty.txt
printf '\n\n \t \n\n' >mix/blank.txt
# NUL bytes: skipped as binary, with one line naming the file.
head -c 65536 /dev/zero >mix/zeros.txt
{ head -c 20000 /dev/zero | tr '\0' 'x'; printf 'nulmidword\0\n'; } >mix/nul-late.txt
# Invalid UTF-8 of every class, the bad bytes standing alone between valid
# words; "mostly UTF-8" (more valid multi-byte sequences than bad bytes:
# those read as Windows-1252) and all-bad ("legacy") variants.
GOOD='café naïve über résumé garçon Ελλάδα Москва 東京 café naïve über résumé garçon'
u8() { printf "%s ${2}\n\n%s %s tail%sword\n" "$1" "$GOOD" "$1" "$1" >"mix/utf8/$1.txt"; }
mkdir mix/utf8
u8 overlong '\xC0\xAF \xC1\xBF \xE0\x80\xAF \xF0\x80\x80\xAF \xF8\x80\x80\x80\xAF'
u8 surrogate '\xED\xA0\x80 \xED\xBF\xBF \xED\xA0\xBD\xED\xB8\x80 \xED\xB2\xA9'
u8 truncated '\xE2\x82 \xF0\x9F\x98 \xC3 \xE2 \xF0\x9F \xF4\x8F\xBF'
u8 stray '\x80 \xBF \x80\x80\x80 \xBF\xBF \x9F \xA0'
u8 high '\xF5\x80\x80\x80 \xF6 \xF7 \xF8\x88\x80\x80\x80 \xFC\x84\x80\x80\x80\x80 \xFE \xFF \xFE\xFF \xFF\xFE'
printf 'legacyword \xC0\xAF \xED\xA0\x80 \xE2\x82 \x80\xBF \xF5 \xFE\xFF taillegacyword\n' >mix/utf8/legacy.txt
printf 'endword \xF0\x9F\x98' >mix/utf8/ends-mid-sequence.txt
printf 'gluedone\xC0\xAFgluedtwo\xFFgluedthree\xED\xA0\x80gluedfour\n' >mix/utf8/glued.txt
# 100,000 nested elements (closed, and left open), 50,000 nested tables.
HTML='<!doctype html><html><head><title>Deep page</title></head><body>'
{ echo "$HTML<p>beforedeepword</p>"; yes '<div>' | head -n 100000 | tr -d '\n'
  printf 'innermostword'; yes '</div>' | head -n 100000 | tr -d '\n'
  echo '<p>afterdeepword</p></body></html>'; } >mix/deep.html
{ echo "$HTML"; yes '<div><span><b>' | head -n 100000 | tr -d '\n'; echo 'openendword'; } >mix/open.html
{ echo "$HTML"; yes '<table><tr><td>' | head -n 50000 | tr -d '\n'; echo 'cellword'; } >mix/tables.htm
# MIME bombs: 5,000 nested multiparts (lower and upper case type names),
# 10,000 sibling parts, 10,000 nested message/rfc822.
bomb() { # DEPTH TYPE MARK
	awk -v D="$1" -v T="$2" -v M="$3" 'BEGIN {
		printf "From: a@example.com\nTo: b@example.com\nSubject: nested bomb\n"
		printf "MIME-Version: 1.0\nContent-Type: %s; boundary=\"b0\"\n\npreamble\n", T
		for (i = 0; i < D; i++)
			printf "--b%d\nContent-Type: %s; boundary=\"b%d\"\n\n", i, T, i + 1
		printf "--b%d\nContent-Type: text/plain\n\n%s\n", D, M
		for (i = D; i >= 0; i--) printf "--b%d--\n", i
	}'
}
mkdir mix/mail
bomb 5000 multipart/mixed nestedbombword >mix/mail/nested.eml
bomb 5000 MULTIPART/MIXED upperbombword >mix/mail/nested-upper.eml
bomb 100 multipart/mixed hundredbombword >mix/mail/nested-100.eml
awk 'BEGIN {
	printf "From: a@example.com\nTo: b@example.com\nSubject: wide bomb\n"
	printf "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"w\"\n\n"
	for (i = 0; i < 10000; i++) printf "--w\nContent-Type: text/plain\n\nwidepart%dx\n", i
	printf "--w--\n" }' >mix/mail/wide.eml
awk 'BEGIN {
	for (i = 0; i < 10000; i++)
		printf "From: a@example.com\nSubject: level %d\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n", i
	printf "From: a@example.com\nSubject: core\n\nrfc822coreword\n" }' >mix/mail/rfc822.eml
# Links (not followed below a root: no loop, nothing twice) and FIFOs
# (not regular files: left alone, never opened, so nothing hangs).
mkdir mix/links && echo 'linkedword' >mix/links/target.txt
ln -s . mix/links/loop
ln -s .. mix/links/parent
ln -s "$TMP/mix" mix/links/absolute
ln -s missing mix/links/dangling
ln -s self mix/links/self
mkfifo mix/fifo mix/links/fifo2

run_index "hostile tree: exit 0 within 60 s" 0 -d mixdb mix
check_eq "hostile tree: one message per binary file, naming it" \
	"rubric-index: mix/nul-late.txt: skipped: binary file|rubric-index: mix/zeros.txt: skipped: binary file" \
	"$(messages "$TMP/err" | paste -sd'|' -)"
NFILES=$(find mix -type f | wc -l)
check_eq "hostile tree: summary (links and FIFOs not counted, 2 skipped)" \
	"$NFILES files: $((NFILES - 2)) added, 0 updated, 0 unchanged, 0 removed, 2 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"
check_eq "hostile tree: the ordinary files are all indexed" 20 "$(count mixdb everyword)"
check_eq "binary files: not searchable" "0 0" "$(counts mixdb xxxxxxxxxxxxxxxx nulmidword)"
W="overlong surrogate truncated stray high"
check_eq "invalid UTF-8: words beside each class of bad bytes are found" \
	"2 2 2 2 2 1 1 1 1 1" \
	"$(counts mixdb $W) $(counts mixdb $(for w in $W; do printf 'tail%sword ' $w; done))"
check_eq "invalid UTF-8: the valid multi-byte words are found (mostly-UTF-8 files)" \
	"5 5 5 5 5 5 5 5" \
	"$(counts mixdb café naive uber resume garcon ελλαδα москва 東京)"
check_eq "invalid UTF-8: legacy file and a file ending mid-sequence are found" "1 1 1" \
	"$(counts mixdb legacyword taillegacyword endword)"
# 5 files of 2 passages, 3 of 1: every hit valid JSON, each a string text.
"$SEARCH" -d mixdb --json -n 100000 'path:utf8' >utf8.json 2>"$TMP/err"
check_eq "invalid UTF-8: --json of their 13 passages: exit 0, all valid JSON, text strings" \
	"0 13 13" "$? $(jq -c 'select(.type == "hit" and (.path | startswith("mix/utf8/")))' <utf8.json 2>/dev/null | wc -l) \
$(jq -c 'select(.type == "hit" and (.text | type == "string"))' <utf8.json 2>/dev/null | wc -l)"
check_eq "100,000 nested <div>: text before, inside and after found" "1 1 1 1" \
	"$(counts mixdb beforedeepword innermostword afterdeepword openendword)"
check_eq "50,000 nested tables: the innermost cell found" 1 "$(count mixdb cellword)"
check_eq "MIME bomb, 5,000 nested multiparts: the innermost text found" 1 "$(count mixdb nestedbombword)"
# Type names are case-insensitive (RFC 2045): MULTIPART/MIXED is the same bomb.
check_eq "MIME bomb, 5,000 nested MULTIPART/MIXED: the innermost text found" 1 "$(count mixdb upperbombword)"
check_eq "MIME, 100 nested multiparts: the innermost text found" 1 "$(count mixdb hundredbombword)"
check_eq "MIME bomb, 10,000 parts: the first and the last found" "1 1" \
	"$(counts mixdb widepart0x widepart9999x)"
check_eq "MIME bomb, 10,000 nested message/rfc822: indexed, innermost text found" 1 \
	"$(count mixdb rfc822coreword)"
check_eq "links below a root: not followed (the target once)" "mix/links/target.txt" \
	"$("$SEARCH" -d mixdb -l linkedword 2>&1)"
run_index "rerun on the hostile tree: exit 0" 0 -d mixdb mix
check_eq "rerun: every file unchanged (skipped ones too)" \
	"$NFILES files: 0 added, 0 updated, $NFILES unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"

# --- 2. empty files: alone, and a file emptied ---------------------------
mkdir e && : >e/empty.txt
run_index "an empty file alone: exit 0" 0 -d edb e/empty.txt
check_eq "an empty file alone: summary says 1 added, 0 passages, 0 bytes, no other line" \
	"1 file: 1 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed|0 passages, 0 bytes|1" \
	"$(summary_of "$TMP/err")|$(sed -nE 's/.*; ([0-9]+ passages?, [0-9]+ bytes) .*/\1/p' "$TMP/err")|$(wc -l <"$TMP/err")"
check_eq "an empty file alone: --status counts it, no passage" "1 0" \
	"$("$INDEX" -d edb --status --json 2>/dev/null | jq -r '"\(.files) \(.passages)"' 2>/dev/null)"
printf 'Once full of fullword\n\nand more fullword\n' >e/full.txt
touch -d @1000000000 e/full.txt
"$INDEX" -q -d edb e 2>/dev/null
: >e/full.txt
run_index "a file emptied since the last run: exit 0" 0 -d edb e
check_eq "a file emptied: 1 updated, its passages gone" \
	"2 files: 0 added, 1 updated, 1 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed|0" \
	"$(summary_of "$TMP/err")|$(count edb fullword)"

# --- 3. 100 MB on one line ---------------------------------------------------
mkdir big
yes 'alpha beta gamma delta epsilon ' | tr -d '\n' | head -c 100000000 >big/line.txt
printf ' zzfinalword' >>big/line.txt # after the cut mid-pattern, a word of its own
printf 'smallword\n' >big/small.txt
SIZE=$(stat -c %s big/line.txt)
# /usr/bin/time -v gives the peak resident set. ASan inflates it, so the
# bound that matters is checked on the plain build when there is one:
# 870 to 1000 MB measured for this file (2026-11-28): 10 bytes a byte.
MEM_PLAIN_KB=1228800 MEM_ASAN_KB=2097152
maxrss() { sed -nE 's/^[[:space:]]*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$1"; }
# check_rss DESC TIMEFILE BOUND_KB
check_rss() {
	local rss; rss=$(maxrss "$2")
	if [ -n "$rss" ] && [ "$rss" -lt "$3" ]; then ok "$1: $((rss / 1024)) MB, under $(($3 / 1024)) MB"
	else not_ok "$1: under $(($3 / 1024)) MB" "max RSS: ${rss:-?} kB"; fi
}
TIMEV=()
[ -x /usr/bin/time ] && TIMEV=(/usr/bin/time -v -o time.asan)
"${TIMEV[@]}" timeout -k 5 $((60 * SLOW)) "$INDEX" -d bigdb big >"$TMP/out" 2>time.err
check_eq "100 MB single line: exit 0" 0 $?
PLAIN=$TOP/build/rubric-index
if [ ! -x /usr/bin/time ]; then
	ok "100 MB single line: peak memory # SKIP no /usr/bin/time (package time)"
else
	check_rss "100 MB single line: peak memory (this build)" time.asan $MEM_ASAN_KB
	if [ -x "$PLAIN" ] && ! [ "$PLAIN" -ef "$INDEX" ]; then
		/usr/bin/time -v -o time.plain timeout -k 5 $((60 * SLOW)) "$PLAIN" -q -d bigdb3 big 2>/dev/null
		check_rss "100 MB single line: peak memory (build/)" time.plain $MEM_PLAIN_KB
		rm -rf bigdb3
	else
		ok "100 MB single line: peak memory, build/ # SKIP no $PLAIN"
	fi
fi
check_eq "100 MB single line: both files added, all bytes counted" \
	"2 files: 2 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed|$((SIZE + 10))" \
	"$(summary_of time.err)|$(sed -nE 's/.*; [0-9]+ passages?, ([0-9]+) bytes .*/\1/p' time.err)"
# 16,129,034 words: 100-word windows, the last word in the last one; the
# text is analysed 1 MiB at a time and a window ends at each such cut, so
# up to one more window per MiB.
read -r n_gamma n_final n_small <<<"$(counts bigdb gamma zzfinalword smallword)"
if [ "$n_gamma" -ge 161291 ] && [ "$n_gamma" -le $((161291 + SIZE / 1048576 + 1)) ] &&
   [ "$n_final" = 1 ] && [ "$n_small" = 1 ]; then
	ok "100 MB single line: searchable to the last word (-c gamma, zzfinalword, smallword)"
else
	not_ok "100 MB single line: searchable to the last word (-c gamma, zzfinalword, smallword)" \
		"got $n_gamma $n_final $n_small; want 161291..$((161291 + SIZE / 1048576 + 1)) 1 1"
fi
check_eq "100 MB single line: the last word's hit starts at line 1 and ends at the end" \
	"1 $((SIZE))" "$("$SEARCH" -d bigdb --json zzfinalword 2>/dev/null | jq -r '"\(.line) \(.["end"])"')"
rm -rf big bigdb

# --- 4. FIFOs named on the command line or in --files-from ---------------
mkdir f && mkfifo f/pipe && echo 'fifoneighbour' >f/a.txt
run_index "a FIFO named: exit 0, no hang" 0 -d fdb f/pipe f/a.txt
check_eq "a FIFO named: one line naming it, counted skipped" \
	"rubric-index: f/pipe: skipped: not a regular file|1 added|1 skipped" \
	"$(messages "$TMP/err")|$(summary_of "$TMP/err" | grep -o -E '[0-9]+ (added|skipped)' | paste -sd'|' -)"
printf 'f/pipe\nf/a.txt\n' >list
run_index "a FIFO in --files-from: exit 0, no hang" 0 -d fdb --files-from list
check_eq "a FIFO in --files-from: one line naming it" "rubric-index: f/pipe: skipped: not a regular file" \
	"$(messages "$TMP/err")"
check_eq "FIFOs: the neighbour indexed" 1 "$(count fdb fifoneighbour)"
# Named links that loop: one error line naming each, the rest indexed.
ln -s self f/self && ln -s pong f/ping && ln -s ping f/pong
run_index "named looping links: exit 2" 2 -d fdb f/self f/ping f/a.txt
check_eq "named looping links: one line naming each" \
	"rubric-index: f/ping: Too many levels of symbolic links|rubric-index: f/self: Too many levels of symbolic links" \
	"$(messages "$TMP/err" | paste -sd'|' -)"

# --- 5. file names with newlines, tabs, invalid UTF-8 ---------------------
mkdir names
NAMES=($'bad\xff.txt' $'new\nline.txt' $'tab\there.txt' '-dash.txt' $'lat\xe9in.txt' \
	$'over\xc0\xaflong.txt' 'sp ace.txt' $'back\\slash.txt' $'esc\e[31m.txt' 'quote".txt')
for n in "${NAMES[@]}"; do printf 'nameword in %s\n' "$n" >"names/$n"; done
run_index "odd file names: exit 0" 0 -d ndb names
check_eq "odd file names: all ${#NAMES[@]} added" \
	"${#NAMES[@]} files: ${#NAMES[@]} added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"
for n in "${NAMES[@]}"; do printf 'names/%s\n' "$n"; done | LC_ALL=C sort >names.want
"$SEARCH" -d ndb -l nameword 2>/dev/null | LC_ALL=C sort >names.got
check_same "odd file names: -l prints each byte-exact" names.want names.got
if "$SEARCH" --help 2>&1 | grep -q -E -- '(^|[ ,])-0[ ,]|--null'; then
	for n in "${NAMES[@]}"; do printf 'names/%s\0' "$n"; done | LC_ALL=C sort -z >names0.want
	"$SEARCH" -d ndb -l -0 nameword 2>/dev/null | LC_ALL=C sort -z >names0.got
	check_same "odd file names: -l -0 prints each byte-exact, NUL-terminated" names0.want names0.got
else
	ok "odd file names: -l -0 # SKIP rubric-search has no -0"
fi
"$SEARCH" -d ndb --json -n 100 nameword >names.json 2>/dev/null
# Each path back to bytes: a string as is, {"bytes": base64} decoded.
bad=0
while IFS= read -r line; do
	kind=$(jq -r '.path | type' <<<"$line")
	if [ "$kind" = string ]; then jq -j '.path' <<<"$line"
	else jq -r '.path.bytes' <<<"$line" | base64 -d; fi
	printf '\0'
done <names.json | LC_ALL=C sort -z >names.jsonpaths
for n in "${NAMES[@]}"; do printf 'names/%s\0' "$n"; done | LC_ALL=C sort -z >names0.want
check_same "odd file names: --json paths decode to the exact bytes" names0.want names.jsonpaths
check_eq "odd file names: --json gives {\"bytes\": base64} for the 3 non-UTF-8 paths, strings for the rest" \
	"3 $((${#NAMES[@]} - 3))" \
	"$(jq -r '.path | type' names.json | grep -c object) $(jq -r '.path | type' names.json | grep -c string)"
check_eq "odd file names: the bytes form is exactly {\"bytes\": base64}" '["bytes"]' \
	"$(jq -c 'select(.path | type == "object") | .path | keys' names.json | sort -u)"

# --- 6. files vanishing mid-walk -------------------------------------------
gen_corpus van 0 5000 1
find van -type f | LC_ALL=C sort -r >van.all
awk 'NR % 3 == 1' van.all >van.del # from the end: the indexer reads in order
(while IFS= read -r f; do rm -f "$f"; done <van.del) &
del=$!
timeout -k 5 $((60 * SLOW)) "$INDEX" -d vdb van >"$TMP/out" 2>van.err
rc=$?
wait $del
# A file deleted between the walk and the read has vanished, as rsync
# says: counted, not an error, not a message.
check_eq "files vanishing while indexing: exit 0" 0 "$rc"
check_eq "files vanishing: no message but the summary" "" "$(messages van.err)"
read -r n_sum added vanished failed < <(sed -nE \
	's/^rubric-index: ([0-9]+) files?: ([0-9]+) added, 0 updated, 0 unchanged, 0 removed, 0 skipped, ([0-9]+) vanished, ([0-9]+) failed;.*/\1 \2 \3 \4/p' van.err)
echo "# ${vanished:-?} of $(wc -l <van.del) deleted files vanished mid-run"
check_eq "files vanishing: the summary adds up, none failed" "$n_sum 0" "$((added + vanished)) $failed"
check_eq "files vanishing: the files added are those the deletions spared, or more" 1 \
	"$([ "$added" -ge $((5000 - $(wc -l <van.del))) ] && [ "$added" -le 5000 ] && echo 1)"
run_index "files vanishing: a rerun: exit 0" 0 -d vdb van
left=$(find van -type f | wc -l)
check_eq "files vanishing: after the rerun -c everyword is the files left" "$left" "$(count vdb everyword)"
find van -type f | LC_ALL=C sort >van.left
"$SEARCH" -d vdb -l everyword 2>/dev/null | LC_ALL=C sort >van.indexed
check_same "files vanishing: after the rerun -l lists exactly the files left" van.left van.indexed

# --- 7. unreadable folders (as an unprivileged user) ----------------------
runas=$(unprivileged_runner)
chmod 755 "$TMP"
mkdir pub && chmod 1777 pub
if [ -z "$runas" ] || ! (cd pub && $runas "$INDEX" --help >/dev/null 2>/dev/null); then
	ok "unreadable folder # SKIP cannot run as another user (setpriv, runuser)"
else
	cd pub || exit 2
	gen_corpus tree 0 300 1
	chmod 000 tree/d01
	$runas timeout -k 5 $((60 * SLOW)) "$INDEX" -d db tree >"$TMP/out" 2>"$TMP/err"
	check_eq "unreadable folder: exit 2" 2 $?
	check_eq "unreadable folder: one line naming it" "rubric-index: tree/d01: Permission denied" \
		"$(messages "$TMP/err")"
	check_eq "unreadable folder: the other 200 files indexed, counted 1 failed" \
		"201 files: 200 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 1 failed|200" \
		"$(summary_of "$TMP/err")|$($runas "$SEARCH" -d db -c everyword 2>/dev/null)"
	# A folder that was indexed and is now unreadable: its files may well
	# be there still; dropping them from the index would lose data.
	chmod 755 tree/d01
	$runas "$INDEX" -q -d db2 tree 2>/dev/null
	chmod 000 tree/d01
	$runas timeout -k 5 $((60 * SLOW)) "$INDEX" -d db2 tree >"$TMP/out" 2>"$TMP/err"
	rc=$?
	check_eq "folder unreadable since the last run: exit 2, one line naming it" \
		"2|rubric-index: tree/d01: Permission denied" "$rc|$(messages "$TMP/err")"
	check_eq "folder unreadable since the last run: its files stay indexed (nothing removed)" \
		"300|0 removed" \
		"$($runas "$SEARCH" -d db2 -c everyword 2>/dev/null)|$(summary_of "$TMP/err" | grep -o '[0-9]* removed')"
	chmod 755 tree/d01
	cd "$TMP" || exit 2
fi
# --- words as long as a term may be ----------------------------------------
# A 244-byte word (Xapian's longest term, with its prefix) in a language
# with a long name: its stem key ("Zportuguese:" + stem) is longer than a
# glass key may be; the word goes without a stem family, the run goes on.
mkdir longword
awk 'BEGIN { w = ""; for (i = 0; i < 244; i++) w = w "a"; print "longwordfile " w " end" }' \
	>longword/a.txt
run_index "a 244-byte word in Portuguese: exit 0" 0 -q -d lwdb --lang portuguese longword
check_eq "a 244-byte word in Portuguese: the file and the word are found" "1 1" \
	"$(counts lwdb longwordfile "$(printf 'a%.0s' $(seq 244))")"
done_testing
