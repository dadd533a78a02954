# rubric-index batch input: --files-from (newline- and NUL-separated, '-'
# for stdin), --exclude, hidden files and version-control folders; and
# --status / --status --json.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
count() { "$SEARCH" -d "$1" -c "${@:2}" 2>/dev/null; }
HERE=$(pwd -P)

# A tree: every file holds "commonword" and a word of its own.
mkdir -p b/sub/deep b/.git b/.hid b/CVS b/_darcs
put() { printf 'commonword %s\n' "$2" >"$1"; }
put "b/with space.txt" spaceword
put $'b/new\nline.txt' newlineword
printf 'commonword plainword\n\nsecond paragraph\n\nthird paragraph\n' >b/sub/plain.txt
put b/sub/notes.md mdword
put b/sub/skip.log logword
put b/sub/deep/keep.txt keepword
put b/sub/deep/drop.txt dropword
put b/.hidden.txt hiddenword
put b/.git/config.txt gitword
put b/.hid/in.txt hidword
put b/CVS/entries.txt cvsword
put b/_darcs/patch.txt darcsword
VISIBLE=7 # files outside hidden and version-control folders

# paths_json DB: the distinct paths of the commonword hits, NUL-terminated
# and sorted, shown with newlines as '\n'
paths_json() {
	"$SEARCH" -d "$1" --json -n 1000 commonword | jq -j '.path + "\u0000"' |
		sort -zu | sed -z 's/\n/\\n/g' | tr '\0' '|'
}

# --- find -print0 | rubric-index -0 --files-from - ------------------------
find b -name '*.txt' -not -path '*/.*' -not -path '*/CVS/*' -not -path '*/_darcs/*' -print0 \
	>list0
"$INDEX" -0 --files-from - -d nul <list0 2>"$TMP/err"
check_eq "-0 --files-from -: exit 0" "0" "$?"
check_eq "-0 --files-from -: exactly the files find listed" \
	"$(sort -z list0 | sed -z 's/\n/\\n/g' | tr '\0' '|')" "$(paths_json nul)"
check_eq "-0 --files-from -: the file with a newline in its name" 1 "$(count nul newlineword)"
check_eq "-0 --files-from -: the file with a space in its name" 1 "$(count nul spaceword)"
check_eq "-0 --files-from -: not the others (mdword, logword)" "0 0" \
	"$(count nul mdword) $(count nul logword)"
check_eq "-0 --files-from -: summary" \
	"5 files: 5 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"

# Newline-separated from a file; names with spaces; '-' is not stdin here.
printf '%s\n' "b/with space.txt" b/sub/notes.md >list
check_status "--files-from FILE: exit 0" 0 "$INDEX" --files-from list -d nl
check_eq "--files-from FILE: the two files listed" \
	"b/sub/notes.md|b/with space.txt|" "$(paths_json nl)"
# A listed file that is gone leaves the index.
rm list && printf '%s\n' b/sub/notes.md b/gone.txt >list
put b/gone.txt goneword
"$INDEX" -q --files-from list -d nl && rm b/gone.txt
check_eq "--files-from: a listed file indexed" 1 "$(count nl goneword)"
check_status "--files-from: a listed file that is gone: exit 0" 0 "$INDEX" --files-from list -d nl
check_eq "--files-from: a listed file that is gone leaves the index" 0 "$(count nl goneword)"

# --- walking: hidden files, VCS folders, --exclude ------------------------
check_status "walk b: exit 0" 0 "$INDEX" -d walk b
check_eq "walk: hidden file, .git, hidden folder, CVS, _darcs skipped" "0 0 0 0 0" \
	"$(count walk hiddenword) $(count walk gitword) $(count walk hidword) $(count walk cvsword) $(count walk darcsword)"
check_eq "walk: every visible file, names with a space and a newline too" $VISIBLE \
	"$(count walk commonword)"
check_eq "walk: the summary counts the visible files" \
	"$VISIBLE files: $VISIBLE added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"

check_status "--exclude '*.log' --exclude 'sub/deep/drop*': exit 0" 0 \
	"$INDEX" -d ex --exclude '*.log' --exclude 'sub/deep/drop*' b
check_eq "--exclude: a name glob (*.log) and a relative path glob (sub/deep/drop*)" \
	"0 0 1 1 1" \
	"$(count ex logword) $(count ex dropword) $(count ex keepword) $(count ex mdword) $(count ex plainword)"
check_status "--exclude deep (a folder name): exit 0" 0 "$INDEX" -d ex2 --exclude deep b
check_eq "--exclude deep: the folder's files are not indexed, the rest is" "0 0 1 $((VISIBLE - 2))" \
	"$(count ex2 keepword) $(count ex2 dropword) $(count ex2 plainword) $(count ex2 commonword)"
# Excluded on an update: the file leaves the index.
check_status "update with --exclude '*.md': exit 0" 0 "$INDEX" -d walk --exclude '*.md' b
check_eq "update with --exclude '*.md': notes.md leaves the index" "0 $((VISIBLE - 1))" \
	"$(count walk mdword) $(count walk commonword)"

# --- --status ---------------------------------------------------------------
mkdir other && put other/o.txt otherword
"$INDEX" -q -d st b
"$SEARCH" -d st -c commonword >/dev/null
check_status "--status: exit 0" 0 "$INDEX" --status -d st
# plain.txt is 3 passages, every other file 1.
check_eq "--status: files" "files: $VISIBLE" "$(grep -E '^files:' "$TMP/out" | tr -s ' ')"
check_eq "--status: passages" "passages: $((VISIBLE + 2))" "$(grep -E '^passages:' "$TMP/out" | tr -s ' ')"
check_eq "--status: the root, absolute" "  $HERE/b" "$(sed -n '/^roots:/,$p' "$TMP/out" | sed 1d)"
check_status "--status --json: exit 0" 0 "$INDEX" --status --json -d st
check_eq "--status --json: one JSON object of type status" "1 status" \
	"$(wc -l <"$TMP/out") $(jq -r .type "$TMP/out")"
check_eq "--status --json: files, passages, roots" "$VISIBLE $((VISIBLE + 2)) [\"$HERE/b\"]" \
	"$(jq -c '.files, .passages, .roots' "$TMP/out" | paste -sd' ')"
"$INDEX" -q -d st other
check_eq "--status --json after indexing a second root" "$((VISIBLE + 1)) $((VISIBLE + 3)) [\"$HERE/b\",\"$HERE/other\"]" \
	"$("$INDEX" --status --json -d st | jq -c '.files, .passages, .roots' | paste -sd' ')"
"$INDEX" -q -d st --rebuild
check_eq "--status --json after --rebuild (no PATH): the same" "$((VISIBLE + 1)) $((VISIBLE + 3)) [\"$HERE/b\",\"$HERE/other\"]" \
	"$("$INDEX" --status --json -d st | jq -c '.files, .passages, .roots' | paste -sd' ')"
check_status "--status on a missing index: exit 2" 2 "$INDEX" --status -d nowhere

# --- overlapping roots: a folder, a folder inside it, a file inside that,
# and the same file in --files-from: each file indexed once.
printf '%s\n' b/sub/plain.txt >overlap.list
"$INDEX" -d ov b b/sub b/sub/plain.txt --files-from overlap.list 2>"$TMP/err"
check_eq "overlapping roots: exit 0" 0 $?
check_eq "overlapping roots: one passage of plain.txt's first paragraph" 1 "$(count ov plainword)"
check_eq "overlapping roots: every visible file once" "$VISIBLE $((VISIBLE + 2))" \
	"$("$INDEX" --status --json -d ov | jq -c '.files, .passages' | paste -sd' ')"
check_eq "overlapping roots: the summary counts each file once" \
	"$VISIBLE files: $VISIBLE added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"
"$INDEX" -q -d ov b/sub b b/sub/deep/keep.txt
check_eq "overlapping roots on an update: still one copy" "1 1" "$(count ov plainword) $(count ov keepword)"
done_testing
