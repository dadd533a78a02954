# rubric-index honours .gitignore, .ignore and .rubricignore as git reads
# .gitignore: a fixture tree of many patterns (negation, anchoring,
# folder-only, **, sets, escapes, nested files, a re-include under a
# folder left out) is indexed, and the files found are compared with the
# files `git check-ignore --no-index` does not ignore in the same tree.
# .ignore and .rubricignore are compared with a copy of the tree where
# each folder's three files are one .gitignore (in that order: the later
# wins).  Then a root below an ignore file, --no-ignore, and an update
# that removes a file newly ignored.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg XDG_CONFIG_HOME=$TMP/xdgconf
# git's own settings left out: only the tree's ignore files count.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 HOME=$TMP

# put PATH...: a file holding the word every fixture file holds.
put() { local f; for f; do mkdir -p "$(dirname "$f")"; echo "everyword in $f" >"$f"; done; }

# The tree: files whose names say which rule they meet.
mktree() {
	local t=$1
	mkdir -p "$t" && cd "$t" || exit 2
	put a.log keep.log notes.txt anchored.txt sub/anchored.txt \
		build/out.txt sub/build/out.txt src/build.txt \
		docs/draft.md docs/x/draft.md docs/x/y/draft.md docs/final.md \
		cache/c.txt deep/er/cache/c.txt tmp1/t.txt tmpfile.txt \
		a/z.txt a/b/z.txt a/b/c/z.txt b/a/z.txt '#hash.txt' 'trailing.txt' \
		a.dat b.dat d.dat ay.bin xy.bin lib.o lib.a lib.c \
		foo/f.md foo/g/f.md bar/foo/f.md onlyfile logs/keep.txt logs/other.txt \
		nested/important.log nested/x.log nested/y.tmp nested/local.txt \
		nested/more/local.txt nested/sub/z.tmp nested/sub/w.log \
		'star*name.txt' 'q?.txt' x/y/z/w.txt x/y/keep.md 'br[a].txt' 'bra.txt' \
		CVSfile.txt UPPER.LOG
	printf '%s\n' '# a comment' '*.log' '!keep.log' '/anchored.txt' 'build/' \
		'docs/**/draft.md' '**/cache' 'tmp*/' 'a/**/z.txt' '\#hash.txt' \
		'trailing.txt   ' '[ab].dat' '[!x]y.bin' '*.[oa]' 'foo/*.md' 'onlyfile/' \
		'logs/' '!logs/keep.txt' '' 'star\*name.txt' 'q\?.txt' 'x/**' '!x/y/keep.md' \
		'br\[a].txt' >.gitignore
	printf '%s\n' '!important.log' '*.tmp' '/local.txt' >nested/.gitignore
	printf '%s\n' '!*.tmp' >nested/sub/.gitignore
	printf '%s\n' '!out.txt' >build/.gitignore
	cd "$TMP" || exit 2
}

# Every file of a tree, hidden names left out (rubric skips them), one
# path from the tree a line, sorted.
all_files() { (cd "$1" && find . -name '.*' ! -name . -prune -o -type f -print |
	sed 's|^\./||' | LC_ALL=C sort); }
# The files git does not ignore: check-ignore -v -n says, for each path,
# the pattern that decided ("::" none); a "!" pattern re-includes.
git_kept() {
	(cd "$1" && git init -q . && all_files . |
		git check-ignore --no-index -v -n --stdin |
		awk -F'\t' '{ split($1, s, ":"); p = substr($1, length(s[1]) + length(s[2]) + 3)
			     if ($1 == "::" || substr(p, 1, 1) == "!") print $2 }' |
		LC_ALL=C sort)
}
# The files index $1 holds (root $2), as paths from the tree's top $3 (as
# -l shows them: from where the index was made), sorted.
indexed() {
	"$SEARCH" -d "$1" -l everyword 2>/dev/null | sed "s|^$3/||" | LC_ALL=C sort
}
differ() { comm -3 <(echo "$1") <(echo "$2") | tr '\t' '+' | paste -sd' ' -; }

# --- 1. .gitignore: rubric against git --------------------------------
mktree tree
kept=$(git_kept tree)
check_eq "the fixture: git ignores some files and keeps others" yes \
	"$([ "$(wc -l <<<"$kept")" -gt 10 ] && [ "$(wc -l <<<"$kept")" -lt "$(all_files tree | wc -l)" ] && echo yes)"
# What git says of a few, worked out from the patterns (the fixture's own
# check, so that a git that read them otherwise is seen).
for f in keep.log sub/anchored.txt src/build.txt docs/final.md nested/important.log \
	nested/sub/z.tmp b/a/z.txt d.dat xy.bin lib.c bar/foo/f.md foo/g/f.md \
	UPPER.LOG bra.txt; do
	check_eq "git keeps $f" "$f" "$(grep -Fx -- "$f" <<<"$kept")"
done
for f in a.log anchored.txt build/out.txt sub/build/out.txt docs/x/y/draft.md docs/draft.md \
	deep/er/cache/c.txt tmp1/t.txt a/z.txt a/b/c/z.txt '#hash.txt' trailing.txt \
	a.dat ay.bin lib.o foo/f.md logs/keep.txt nested/x.log nested/y.tmp nested/local.txt \
	nested/sub/w.log 'star*name.txt' 'q?.txt' x/y/z/w.txt x/y/keep.md 'br[a].txt'; do
	check_eq "git ignores $f" "" "$(grep -Fx -- "$f" <<<"$kept")"
done
check_eq "git keeps tmpfile.txt, onlyfile, nested/more/local.txt" \
	"nested/more/local.txt onlyfile tmpfile.txt" \
	"$(grep -xE 'tmpfile.txt|onlyfile|nested/more/local.txt' <<<"$kept" | paste -sd' ' -)"
check_status "index the tree: exit 0" 0 "$INDEX" -d db tree
check_eq "rubric indexes exactly the files git does not ignore" "" \
	"$(differ "$kept" "$(indexed db tree tree)")"

# --- 2. .ignore and .rubricignore: as one .gitignore, in that order ----
mktree tree2
printf '%s\n' '*.txt' '!keep*.txt' >tree2/.ignore
printf '%s\n' 'keep-not.txt' '!notes.txt' >tree2/.rubricignore
printf '%s\n' '*.md' >tree2/nested/.ignore
printf '%s\n' '!nested/sub/z.tmp' 'nested/sub/' >tree2/nested/.rubricignore
put tree2/keep-me.txt tree2/keep-not.txt tree2/nested/n.md tree2/nested/sub/s.txt
cp -r tree2 mirror
for d in mirror mirror/nested mirror/nested/sub; do
	cat "$d/.gitignore" "$d/.ignore" "$d/.rubricignore" >"$d/all" 2>/dev/null
	mv "$d/all" "$d/.gitignore"
	rm -f "$d/.ignore" "$d/.rubricignore"
done
kept2=$(git_kept mirror)
check_eq "git (the files merged): keep-me.txt and notes.txt kept, keep-not.txt and a.txt not" \
	"keep-me.txt notes.txt" "$(grep -xE 'keep-me.txt|keep-not.txt|notes.txt|a.txt' <<<"$kept2" | paste -sd' ' -)"
check_status "index tree2: exit 0" 0 "$INDEX" -d db2 tree2
check_eq ".ignore and .rubricignore: rubric indexes what git keeps of their merge" "" \
	"$(differ "$kept2" "$(indexed db2 tree2 tree2)")"

# --- 3. a root below an ignore file: the parent's patterns apply -------
check_status "index tree/nested alone: exit 0" 0 "$INDEX" -d db3 tree/nested
check_eq "tree/nested: the files git keeps there (tree/.gitignore's *.log too)" "" \
	"$(differ "$(grep '^nested/' <<<"$kept")" "$(indexed db3 tree/nested tree)")"
# A root named is indexed even when a pattern above leaves it out.
check_status "index tree/build alone: exit 0" 0 "$INDEX" -d db4 tree/build
check_eq "tree/build named: its file is indexed" "build/out.txt" \
	"$(indexed db4 tree/build tree)"

# --- 4. --no-ignore: every file but the hidden ones --------------------
check_status "--no-ignore: exit 0" 0 "$INDEX" -d db5 --no-ignore tree
check_eq "--no-ignore: every file not hidden" "" \
	"$(differ "$(all_files tree)" "$(indexed db5 tree tree)")"
# --exclude still applies beside the ignore files.
check_status "--exclude with ignore files: exit 0" 0 "$INDEX" -d db6 --exclude '*.md' tree
check_eq "--exclude '*.md' and the ignore files: git's files less the .md ones" "" \
	"$(differ "$(grep -v '\.md$' <<<"$kept")" "$(indexed db6 tree tree)")"

# --- 5. an update: a file newly ignored leaves the index ----------------
echo 'notes.txt' >>tree/.gitignore
check_status "update after notes.txt is ignored: exit 0" 0 "$INDEX" -d db tree
check_eq "the update removes the newly ignored file" \
	"$(wc -l <<<"$kept") files: 0 added, 0 updated, $(($(wc -l <<<"$kept") - 1)) unchanged, 1 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"
check_eq "notes.txt is no longer found" "" "$(indexed db tree tree | grep -x notes.txt)"
sed -i '$d' tree/.gitignore
check_status "update after the pattern goes: exit 0" 0 "$INDEX" -d db tree
check_eq "notes.txt is found again" notes.txt "$(indexed db tree tree | grep -x notes.txt)"

done_testing
