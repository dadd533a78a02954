# The configuration file ($XDG_CONFIG_HOME/rubric/config, or --config
# FILE): the default index, rubric-index's roots, excludes, --lang-for
# rules and filters, rubric-search's indexes and colour; the command line over it;
# an unknown key, section, line or value is an error naming the file and
# the line.  Expected counts come from the fixture: every file holds
# "alpha" once, in one passage.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg XDG_CONFIG_HOME=$TMP/conf
mkdir -p tree/a tree/b tree/notas other conf/rubric
echo "alpha lantern" >tree/a/one.txt
echo "alpha lantern" >tree/a/skip.log       # left out by the file's exclude
echo "alpha beacon" >tree/b/two.txt
echo "gatos" >tree/notas/n.txt              # too short to detect: lang-for says
echo "alpha gasket" >other/three.txt
echo "mroen" >tree/b/z.rot                  # rot13 of "zebra": the file's filter says
CONF=$TMP/conf/rubric/config
# Line 5 is indented: a key still, not the line before's continuation.
cat >"$CONF" <<EOC
# rubric's configuration, for the test
; a comment too
db = $TMP/top.db

  [index]
  root = $TMP/tree
exclude = *.log   ; an inline comment
lang-for = notas/*=es
filter = rot=tr a-z n-za-m

[search]
color = always
EOC
count() { "$SEARCH" -c "$@" 2>"$TMP/err"; }
ESC=$(printf '\033')

# --- 1. the file alone ------------------------------------------------
check_status "rubric-index with no PATH and no -d: exit 0" 0 "$INDEX"
check_eq "it wrote the file's index (db before any section)" yes \
	"$([ -d "$TMP/top.db" ] && [ ! -e "$XDG_DATA_HOME/rubric/index" ] && echo yes)"
check_eq "the file's root, less its exclude: one.txt and two.txt hold alpha" 2 "$(count alpha)"
check_eq "the file's lang-for: notas/n.txt is Spanish" 1 "$(count --lang es gatos)"
check_eq "the file's filter: z.rot read through rot13 holds zebra" 1 "$(count zebra)"
check_eq "rubric-search: the file's colour (always), piped" yes \
	"$("$SEARCH" lantern | grep -q "$ESC\[" && echo yes)"
check_eq "--color never over the file's always" no \
	"$("$SEARCH" --color never lantern | grep -q "$ESC\[" && echo yes || echo no)"

# --- 2. the command line over the file --------------------------------
check_status "-d and a PATH over the file's index and roots: exit 0" 0 "$INDEX" -d cli.db other
check_eq "-d cli.db holds other/ only" 1 "$("$SEARCH" -d cli.db -c alpha)"
check_eq "the file's index kept its 2" 2 "$(count alpha)"
check_status "\$RUBRIC_DB over the file's index: exit 0" 0 env RUBRIC_DB="$TMP/env.db" "$INDEX" other
check_eq "\$RUBRIC_DB's index was written" 1 "$(RUBRIC_DB=$TMP/env.db count alpha)"
check_status "--exclude beside the file's: exit 0" 0 "$INDEX" -d ex.db --exclude 'two*' tree
check_eq "--exclude two* and the file's *.log: one.txt alone" 1 "$("$SEARCH" -d ex.db -c alpha)"
check_status "--lang-for on the command line: exit 0" 0 "$INDEX" -d de.db --lang-for 'notas/*=de' tree
check_eq "the command line's rule wins: notas/n.txt is German" "1 0" \
	"$("$SEARCH" -d de.db -c --lang de gatos) $("$SEARCH" -d de.db -c --lang es gatos)"
check_status "--filter on the command line: exit 0" 0 "$INDEX" -d fi.db --filter rot=false tree
check_eq "the command line's filter wins: z.rot skipped, no zebra" \
	"rubric-index: tree/b/z.rot: skipped: filter 'false' failed (exit 1) 0" \
	"$(grep -F z.rot "$TMP/err") $("$SEARCH" -d fi.db -c zebra)"
check_status "--config /dev/null: no file, so no PATH is an error: exit 2" 2 \
	"$INDEX" --config /dev/null
check_eq "... and says so" "rubric-index: no paths to index (try --help)" "$(cat "$TMP/err")"

# --- 3. [index] db and [search] db; --config FILE ---------------------
cat >two.conf <<EOC
db = $TMP/top.db
[index]
db = $TMP/own.db
root = $TMP/other
[search]
db = $TMP/top.db
db = ~/cli.db
EOC
check_status "--config FILE: rubric-index writes [index]'s db: exit 0" 0 \
	env HOME="$TMP" "$INDEX" --config two.conf
check_eq "[index] db = own.db holds other/" 1 "$("$SEARCH" -d own.db -c alpha)"
check_eq "rubric-search searches [search]'s two indexes (~/ is HOME): 2 + 1" 3 \
	"$(HOME=$TMP "$SEARCH" --config two.conf -c alpha)"
check_status "--config a missing file: exit 2" 2 "$SEARCH" --config nothere.conf alpha
check_eq "... naming it" "rubric-search: nothere.conf: No such file or directory" "$(cat "$TMP/err")"

# --- 4. mistakes, each naming the file and its line --------------------
# bad CONTENT LINE MESSAGE: both programs refuse the file, naming the line.
bad() {
	printf '%s\n' "$1" >bad.conf
	local prog rc
	for prog in "$INDEX" "$SEARCH"; do
		"$prog" --config bad.conf -d x.db alpha >/dev/null 2>"$TMP/err"
		rc=$?
		check_eq "$(basename "$prog"): $3: exit 2" 2 "$rc"
		check_eq "$(basename "$prog"): $3: the message" \
			"$(basename "$prog"): bad.conf:$2: $3" "$(cat "$TMP/err")"
	done
}
bad "$(printf '[search]\ncolor = never\ncolr = always')" 3 "unknown key 'colr' in [search]"
bad "$(printf 'db = /x\n\n[index]\nroots = /tmp')" 4 "unknown key 'roots' in [index]"
bad "$(printf '# top\ncolor = always')" 2 "unknown key 'color' before any section"
bad "$(printf '[indexer]\nroot = /tmp')" 2 "unknown section [indexer] (known: [index], [search])"
bad "$(printf '[index]\nroot /tmp')" 2 "neither KEY = VALUE, a [section] nor a comment"
bad "$(printf '[index]\nroot =')" 2 "root wants a value"
bad "$(printf '[index]\n%0250d = 1' 0)" 2 "a line longer than 199 bytes"
# Values: each program checks its own keys.
printf '[index]\nroot = tree\n' >rel.conf
check_status "a relative root: exit 2" 2 "$INDEX" --config rel.conf
check_eq "... naming the line" \
	"rubric-index: rel.conf:2: root wants an absolute path or one starting with ~/" \
	"$(cat "$TMP/err")"
printf '[search]\ncolor = sometimes\n' >col.conf
check_status "a colour rubric-search does not know: exit 2" 2 "$SEARCH" --config col.conf alpha
check_eq "... naming the line" "rubric-search: col.conf:2: color wants auto, always or never" \
	"$(cat "$TMP/err")"
printf '[index]\nlang-for = notas/*=klingon\n' >lang.conf
check_status "a lang-for of an unknown language: exit 2" 2 "$INDEX" --config lang.conf -d x.db tree
check_eq "... naming the line" "rubric-index: lang.conf:2: --lang-for:" \
	"$(cut -d' ' -f1-3 "$TMP/err")"
printf '[index]\nfilter = rot\n' >filter.conf
check_status "a filter without =COMMAND: exit 2" 2 "$INDEX" --config filter.conf -d x.db tree
check_eq "... naming the line" \
	"rubric-index: filter.conf:2: --filter wants EXT=COMMAND, e.g. 'rtf=unrtf --text'" \
	"$(cat "$TMP/err")"

done_testing
