# Passage text read back from the source file: a plain UTF-8 file's
# passages (and a Latin-1 file's pure-ASCII ones) keep only their byte range
# and a hash in the index, and rubric-search reads the text from the file.
# A file changed under a passage (checked by the hash, not the mtime),
# moved, deleted or truncated: the hit is still listed (path, line) with an
# empty text, phrases and NEAR no longer match it, and one warning line per
# file per process says why. Text that is not the file's bytes (stdin,
# converted Latin-1, HTML, Markdown) and --store-text indexes keep the
# stored text. An update makes the index match the files again.
# Expected values come from the files written here.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
OLD=$(($(date +%s) - 86400)) # an mtime well before any run: never "racy"
DB=db1

# warning PATH REASON: the line rubric-search prints for a file whose
# passages it cannot read back
warning() {
	echo "rubric-search: warning: $1: $2; its passages are shown without text and cannot match phrases or NEAR until rubric-index updates the index"
}
CHANGED='changed since it was indexed'
NOENT='No such file or directory'
# search ARGS...: rubric-search -d "$DB" ARGS, stdout in $TMP/out, stderr
# in $TMP/err, exit status in RC
search() { "$SEARCH" -d "$DB" "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?; }
# text_hits: the lines of $TMP/out sorted, a trailing space dropped (a hit
# without text may print its prefix "PATH:LINE: " with the space or not)
text_hits() { sed 's/ $//' "$TMP/out" | LC_ALL=C sort; }
# json_summary ARGS...: each --json hit as
# 'PATH:LINE TEXT(json) hl=N|[] unavailable=REASON|-', sorted
json_summary() {
	"$SEARCH" -d "$DB" --json "$@" 2>"$TMP/jerr" | jq -r 'select(.type == "hit")
		| "\(.path):\(.line) \(.text | tojson) hl=\(
			if .highlights == [] then "[]"
			elif (.highlights | type) == "array" then (.highlights | length | tostring)
			else "missing" end) unavailable=\(.text_unavailable // "-")"' | LC_ALL=C sort
}
jstr() { jq -rn --arg t "$1" '$t | tojson'; }
nl2sp() { tr '\n' ' ' <<<"$1" | sed 's/ $//'; }
# check_err DESC EXPECTED_LINES: stderr ($TMP/err) is exactly these lines
check_err() { check_eq "$1" "$2" "$(cat "$TMP/err")"; }

# --- the files ------------------------------------------------------------
mkdir -p docs
# paragraphs FILE P...: the paragraphs, a blank line between them
paragraphs() {
	local f=$1 sep=''
	shift
	: >"$f"
	for p; do printf '%s%s\n' "$sep" "$p" >>"$f"; sep=$'\n'; done
}
P1='Alpha paragraph with apples and oranges.'
P2a='Bravo paragraph about ripe bananas today.'
P2b='Second line of bravo.'
P2="$P2a"$'\n'"$P2b"
P3='Charlie paragraph on cherries and bananas.'
paragraphs docs/one.txt "$P1" "$P2" "$P3" # lines 1, 3, 6
P2_START=$((${#P1} + 2)) P2_END=$((${#P1} + 2 + ${#P2}))
Q1='Delta paragraph holds dates.' Q2='Echo paragraph holds elderberries.'
paragraphs docs/two.txt "$Q1" "$Q2"
R1='India paragraph about mangoes.' S1='Juliet paragraph about nectarines.'
paragraphs docs/three.txt "$R1"
paragraphs docs/four.txt "$S1"
T1='Kilo paragraph about walnuts.' T2='Lima paragraph about more walnuts.'
paragraphs docs/five.txt "$T1" "$T2"
U1='Mike paragraph about olives.' V1='November paragraph about pears.'
paragraphs docs/six.txt "$U1"
paragraphs docs/seven.txt "$V1"
L1='Plain ascii paragraph about grapes.'
L2='Café crème paragraph about figs.' # as UTF-8; the file has Latin-1
printf '%s\n\nCaf\xe9 cr\xe8me paragraph about figs.\n' "$L1" >docs/latin.txt
H1='Hypertext paragraph about kiwis & limes.'
printf '<html><head><title>Fruit page</title></head><body><p>Hypertext paragraph about <b>kiwis</b> &amp; limes.</p></body></html>\n' >docs/page.html
M1='Markdown paragraph about ripe tangerines.'
printf '# Notes\n\nMarkdown paragraph about *ripe* tangerines.\n' >docs/notes.md
touch -d "@$OLD" docs/*
check_status "index docs: exit 0" 0 "$INDEX" -q -d "$DB" docs

# --- a plain file's passages read back ------------------------------
search oranges
check_eq "plain file: oranges shows its paragraph" "docs/one.txt:1: $P1" "$(cat "$TMP/out")"
check_eq "plain file: oranges exits 0" 0 "$RC"
check_err "plain file: nothing on stderr" ""
search bananas
check_eq "plain file: bananas shows both paragraphs, newlines folded" \
	"docs/one.txt:3: $(nl2sp "$P2")"$'\n'"docs/one.txt:6: $P3" "$(text_hits)"
check_eq "plain file: --json bananas: text, highlights, no text_unavailable" \
	"docs/one.txt:3 $(jstr "$P2") hl=1 unavailable=-"$'\n'"docs/one.txt:6 $(jstr "$P3") hl=1 unavailable=-" \
	"$(json_summary bananas)"
check_eq "plain file: --json start, end are the paragraph's byte range" "$P2_START $P2_END" \
	"$("$SEARCH" -d "$DB" --json bravo | jq -r '"\(.start) \(.end)"')"
search kiwis
check_eq "HTML before deletion: kiwis shows the extracted text" "docs/page.html:1: $H1" "$(cat "$TMP/out")"
search figs
check_eq "Latin-1 before deletion: figs shows the converted text" "docs/latin.txt:3: $L2" "$(cat "$TMP/out")"
search grapes
check_eq "Latin-1 before deletion: grapes shows the ASCII paragraph" "docs/latin.txt:1: $L1" "$(cat "$TMP/out")"

# --- changed in place (same length) ---------------------------------
sed -i '3s/bananas/papayas/' docs/one.txt
search bananas
check_eq "changed: bananas exits 0" 0 "$RC"
check_eq "changed: the changed passage listed without text, the other one whole" \
	"docs/one.txt:3:"$'\n'"docs/one.txt:6: $P3" "$(text_hits)"
check_eq "changed: the new bytes (papayas) nowhere in stdout" 0 "$(grep -c papayas "$TMP/out")"
check_err "changed: the warning once on stderr" "$(warning docs/one.txt "$CHANGED")"
check_eq "changed: --json text \"\", highlights [], text_unavailable" \
	"docs/one.txt:3 \"\" hl=[] unavailable=$CHANGED"$'\n'"docs/one.txt:6 $(jstr "$P3") hl=1 unavailable=-" \
	"$(json_summary bananas)"
check_eq "changed: --json stdout has no new bytes" 0 \
	"$("$SEARCH" -d "$DB" --json bananas 2>/dev/null | grep -c papayas)"
check_eq "changed: --json warning once on stderr" "$(warning docs/one.txt "$CHANGED")" "$(cat "$TMP/jerr")"
search --format tsv bananas
check_eq "changed: TSV path, line, empty text" \
	"docs/one.txt"$'\t'"3"$'\t'$'\n'"docs/one.txt"$'\t'"6"$'\t'"$P3" "$(cut -f3- "$TMP/out" | LC_ALL=C sort)"
search --format trec bananas
check_eq "changed: TREC lists both passages" "docs/one.txt#2 docs/one.txt#3" \
	"$(awk '{ print $3 }' "$TMP/out" | LC_ALL=C sort | paste -sd' ')"
search -l bananas
check_eq "changed: -l lists the file" "docs/one.txt" "$(cat "$TMP/out")"
search cherries
check_eq "changed file, unchanged passage: cherries shows the whole text" "docs/one.txt:6: $P3" "$(cat "$TMP/out")"
check_err "changed file, unchanged passage: no warning" ""
search oranges
check_eq "changed file, unchanged first passage: oranges shows the whole text" "docs/one.txt:1: $P1" "$(cat "$TMP/out")"
check_err "changed file, unchanged first passage: no warning" ""

# Two changed passages of one file in one query: one warning.
sed -i 's/walnuts/peanuts/g' docs/five.txt
search walnuts
check_eq "two changed passages: both listed without text" \
	"docs/five.txt:1:"$'\n'"docs/five.txt:3:" "$(text_hits)"
check_eq "two changed passages: exit 0" 0 "$RC"
check_err "two changed passages: one warning" "$(warning docs/five.txt "$CHANGED")"

# The hash decides, not the mtime: the same size and mtime, other bytes.
sed -i 's/pears/plums/' docs/seven.txt
touch -d "@$OLD" docs/seven.txt
search pears
check_eq "changed, mtime restored: listed without text" "docs/seven.txt:1:" "$(text_hits)"
check_eq "changed, mtime restored: plums nowhere in stdout" 0 "$(grep -c plums "$TMP/out")"
check_err "changed, mtime restored: the warning" "$(warning docs/seven.txt "$CHANGED")"

# Truncated: the range is past the end of the file.
: >docs/six.txt
search olives
check_eq "truncated: listed without text" "docs/six.txt:1:" "$(text_hits)"
check_err "truncated: the warning says changed" "$(warning docs/six.txt "$CHANGED")"

# --- appended --------------------------------------------------------
printf '\nFoxtrot paragraph appended later.\n' >>docs/two.txt
search dates
check_eq "appended: dates shows the first paragraph whole" "docs/two.txt:1: $Q1" "$(cat "$TMP/out")"
check_err "appended: no warning" ""
search elderberries
check_eq "appended: elderberries shows the last indexed paragraph whole" "docs/two.txt:3: $Q2" "$(cat "$TMP/out")"
check_err "appended: no warning (elderberries)" ""
check_eq "appended: --json dates has its text, no text_unavailable" \
	"docs/two.txt:1 $(jstr "$Q1") hl=1 unavailable=-" "$(json_summary dates)"

# --- moved ---------------------------------------------------------------
mv docs/three.txt docs/moved.txt
search mangoes
check_eq "moved: listed under the old path without text" "docs/three.txt:1:" "$(text_hits)"
check_eq "moved: exit 0" 0 "$RC"
check_err "moved: the warning with the open error" "$(warning docs/three.txt "$NOENT")"
check_eq "moved: --json text_unavailable" "docs/three.txt:1 \"\" hl=[] unavailable=$NOENT" \
	"$(json_summary mangoes)"

# --- deleted -------------------------------------------------------------
rm docs/four.txt
search nectarines
check_eq "deleted: listed without text" "docs/four.txt:1:" "$(text_hits)"
check_eq "deleted: exit 0" 0 "$RC"
check_err "deleted: the warning with the open error" "$(warning docs/four.txt "$NOENT")"
check_eq "deleted: --json text_unavailable" "docs/four.txt:1 \"\" hl=[] unavailable=$NOENT" \
	"$(json_summary nectarines)"

# --- phrases and NEAR on a changed passage -------------------------------
search '"ripe bananas"'
check_eq 'changed: "ripe bananas" lists nothing' "" "$(cat "$TMP/out")"
check_eq 'changed: "ripe bananas" exits 1' 1 "$RC"
check_err 'changed: "ripe bananas" prints the warning' "$(warning docs/one.txt "$CHANGED")"
search 'bravo NEAR bananas'
check_eq 'changed: bravo NEAR bananas lists nothing' "" "$(cat "$TMP/out")"
check_eq 'changed: bravo NEAR bananas exits 1' 1 "$RC"
check_err 'changed: bravo NEAR bananas prints the warning' "$(warning docs/one.txt "$CHANGED")"
search --json '"ripe bananas"'
check_eq 'changed: --json "ripe bananas" prints no hit' "" "$(jq -c 'select(.type == "hit")' "$TMP/out")"
search '"cherries and bananas"'
check_eq 'changed file, unchanged passage: the phrase still matches, whole text' \
	"docs/one.txt:6: $P3" "$(cat "$TMP/out")"
check_err 'changed file, unchanged passage: the phrase prints no warning' ""

# --- other ways a passage is shown: a file match's others, context, a
# partial hit (its words come from the index, not from the text)
search oranges today
check_eq "changed: file match, the other passage listed without text" \
	"docs/one.txt+3+"$'\n'"docs/one.txt:1: $P1" "$(text_hits)"
check_err "changed: file match, the warning" "$(warning docs/one.txt "$CHANGED")"
check_eq "changed: file match, --json others: text \"\", highlights [], text_unavailable" \
	'[{"line":3,"text":"","highlights":[],"text_unavailable":"changed since it was indexed"}]' \
	"$("$SEARCH" -d "$DB" --json oranges today 2>/dev/null |
		jq -c 'select(.type == "hit") | [.others[] | {line, text, highlights, text_unavailable}]')"
search -C 1 cherries
check_eq "changed: -C 1, the context passage without text" \
	"docs/one.txt-3-"$'\n'"docs/one.txt:6: $P3" "$(sed 's/ $//' "$TMP/out")"
check_err "changed: -C 1, the warning" "$(warning docs/one.txt "$CHANGED")"
search bravo zebra
check_eq "changed: partial hit lacks only the word it lacks, without text" \
	"docs/one.txt:3: [missing: zebra]" "$(text_hits)"

# --- a batch: one warning for the process ---------------------------------
printf 'bravo\ntoday\nripe bananas\n' >queries
search --queries-from queries
# (ripe bananas: notes.md's paragraph holds ripe, one.txt's line 6 bananas:
# both follow, marked.)
RIPE="3:docs/notes.md:3: [missing: bananas] Markdown paragraph about ripe tangerines."
BANANAS="3:docs/one.txt:6: [missing: ripe] Charlie paragraph on cherries and bananas."
check_eq "batch: 3 queries, each lists the changed passage without text" \
	"1:docs/one.txt:3:"$'\n'"2:docs/one.txt:3:"$'\n'"$RIPE"$'\n'"3:docs/one.txt:3:"$'\n'"$BANANAS" "$(text_hits)"
check_eq "batch: exit 0" 0 "$RC"
check_err "batch: one warning line for the 3 queries" "$(warning docs/one.txt "$CHANGED")"
search --queries-from queries -j 3
check_eq "batch -j 3: each worker lists the changed passage without text" \
	"1:docs/one.txt:3:"$'\n'"2:docs/one.txt:3:"$'\n'"$RIPE"$'\n'"3:docs/one.txt:3:"$'\n'"$BANANAS" "$(text_hits)"
check_err "batch -j 3: one warning line, though three workers read the file" \
	"$(warning docs/one.txt "$CHANGED")"

# --- stored text: converted Latin-1, HTML, Markdown -------------------
rm docs/latin.txt docs/page.html docs/notes.md
search figs
check_eq "Latin-1 deleted: the converted paragraph still shown (stored)" "docs/latin.txt:3: $L2" "$(cat "$TMP/out")"
check_err "Latin-1 deleted: figs prints no warning" ""
search grapes
check_eq "Latin-1 deleted: the ASCII paragraph listed without text" "docs/latin.txt:1:" "$(text_hits)"
check_err "Latin-1 deleted: grapes prints the warning" "$(warning docs/latin.txt "$NOENT")"
search kiwis
check_eq "HTML deleted: the extracted text still shown" "docs/page.html:1: $H1" "$(cat "$TMP/out")"
check_err "HTML deleted: no warning" ""
check_eq "HTML deleted: --json text, no text_unavailable" \
	"docs/page.html:1 $(jstr "$H1") hl=1 unavailable=-" "$(json_summary kiwis)"
search tangerines
check_eq "Markdown deleted: the extracted text still shown" "docs/notes.md:3: $M1" "$(cat "$TMP/out")"
check_err "Markdown deleted: no warning" ""

# Every damaged file at once: one warning each (compared sorted).
search -n 1000 paragraph
check_eq "all passages: exit 0" 0 "$RC"
check_eq "all passages: one warning per damaged file" \
	"$(for f in four.txt five.txt latin.txt one.txt seven.txt six.txt three.txt; do
		case $f in four.txt | latin.txt | three.txt) r=$NOENT ;; *) r=$CHANGED ;; esac
		warning "docs/$f" "$r"
	done | LC_ALL=C sort)" "$(LC_ALL=C sort "$TMP/err")"
check_eq "all passages: the stored and intact ones whole" 7 \
	"$(grep -cxF -e "docs/one.txt:1: $P1" -e "docs/one.txt:6: $P3" -e "docs/two.txt:1: $Q1" \
		-e "docs/two.txt:3: $Q2" -e "docs/latin.txt:3: $L2" -e "docs/page.html:1: $H1" \
		-e "docs/notes.md:3: $M1" "$TMP/out")"
check_eq "all passages: the 8 damaged ones without text" 8 "$(grep -cE '^[^:]*:[0-9]+: ?$' "$TMP/out")"

# --- standard input: stored ----------------------------------------------
PS='Stdin paragraph about lemons.'
printf '%s\n' "$PS" | "$INDEX" -q -d dbin - 2>"$TMP/err"
check_eq "stdin: rubric-index -d dbin - exits 0" 0 "$?"
"$SEARCH" -d dbin lemons >"$TMP/out" 2>"$TMP/err"
check_eq "stdin: the text shown" "<stdin>:1: $PS" "$(cat "$TMP/out")"
check_err "stdin: no warning" ""

# --- --store-text ----------------------------------------------------------
mkdir st
A1='Oscar paragraph about guavas.'
A2='Papa paragraph about honeydew.'
B1='Quebec paragraph about jackfruit.'
C1='Romeo paragraph about kumquats.'
paragraphs st/a.txt "$A1" "$A2"
paragraphs st/b.txt "$B1"
touch -d "@$OLD" st/*
check_status "--store-text: index st: exit 0" 0 "$INDEX" -q --store-text -d dbst st
DB=dbst
sed -i 's/guavas/quince/' st/a.txt
search guavas
check_eq "--store-text, changed: the indexed text still shown" "st/a.txt:1: $A1" "$(cat "$TMP/out")"
check_eq "--store-text, changed: exit 0" 0 "$RC"
check_err "--store-text, changed: no warning" ""
check_eq "--store-text, changed: --json the indexed text, no text_unavailable" \
	"st/a.txt:1 $(jstr "$A1") hl=1 unavailable=-" "$(json_summary guavas)"
search '"about guavas"'
check_eq "--store-text, changed: a phrase matches the indexed text" "st/a.txt:1: $A1" "$(cat "$TMP/out")"
check_err "--store-text, changed: the phrase prints no warning" ""
rm st/b.txt
search jackfruit
check_eq "--store-text, deleted: the indexed text still shown" "st/b.txt:1: $B1" "$(cat "$TMP/out")"
check_err "--store-text, deleted: no warning" ""
paragraphs st/c.txt "$C1"
touch -d "@$((OLD + 100))" st/c.txt st/a.txt
check_status "--store-text index, update without the flag: exit 0" 0 "$INDEX" -q -d dbst st
rm st/c.txt
search kumquats
check_eq "update without the flag, new file deleted: its text still shown" "st/c.txt:1: $C1" "$(cat "$TMP/out")"
check_err "update without the flag, new file deleted: no warning" ""
sed -i 's/quince/lychee/' st/a.txt
search quince
check_eq "update without the flag, updated file changed again: its indexed text shown" \
	"st/a.txt:1: ${A1/guavas/quince}" "$(cat "$TMP/out")"
check_err "update without the flag, updated file changed again: no warning" ""
check_eq "--status --json: the text stored (--store-text kept by the update)" '"stored"' \
	"$("$INDEX" --status --json -d dbst | jq .text)"
check_eq "--status --json: an index without the flag reads the text back" '"read back"' \
	"$("$INDEX" --status --json -d db1 | jq .text)"
check_eq "--status: the text line" "text: stored (--store-text)" \
	"$("$INDEX" --status -d dbst | grep '^text:' | tr -s ' ')"

# --- after an update ---------------------------------------------------------
DB=db1
touch -d "@$((OLD + 100))" docs/seven.txt # its size and mtime were kept on purpose
check_status "update docs: exit 0" 0 "$INDEX" -q -d "$DB" docs
search papayas
check_eq "updated: papayas shows the new text" "docs/one.txt:3: $(nl2sp "${P2/bananas/papayas}")" "$(cat "$TMP/out")"
check_err "updated: papayas prints no warning" ""
search bananas
check_eq "updated: bananas is the unchanged paragraph alone" "docs/one.txt:6: $P3" "$(cat "$TMP/out")"
check_err "updated: bananas prints no warning" ""
search '"ripe papayas"'
check_eq 'updated: "ripe papayas" matches the new text' "docs/one.txt:3: $(nl2sp "${P2/bananas/papayas}")" "$(cat "$TMP/out")"
search peanuts
check_eq "updated: peanuts shows both new paragraphs" \
	"docs/five.txt:1: ${T1/walnuts/peanuts}"$'\n'"docs/five.txt:3: ${T2/walnuts/peanuts}" "$(text_hits)"
search mangoes
check_eq "updated: the moved file under its new path, with text" "docs/moved.txt:1: $R1" "$(cat "$TMP/out")"
search plums
check_eq "updated: the file changed with its mtime restored shows its new text" \
	"docs/seven.txt:1: ${V1/pears/plums}" "$(cat "$TMP/out")"
search -n 1000 paragraph
check_eq "updated: all passages, no warning" "" "$(cat "$TMP/err")"
check_eq "updated: all passages, none without text" 0 "$(grep -cE '^[^:]*:[0-9]+: ?$' "$TMP/out")"
check_eq "updated: all passages listed (one 3, two 3, five 2, seven 1, moved 1)" 10 "$(wc -l <"$TMP/out")"
done_testing
