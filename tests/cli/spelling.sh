# Spelling corrections ("did you mean"): the index's nearest word (fewest
# edits: a letter added, dropped, changed, or two swapped), the most
# frequent of equally near ones, never a word whose files are gone, and
# words added by an update corrected too.  Each row: query, then the
# correction the index's words imply (empty: none).
source "$RUBRIC_TOP/tests/cli/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg

# suggestion DB QUERY: the "did you mean" line's query, or nothing
suggestion() {
	"$SEARCH" -d "$1" --no-partial -- "$2" >/dev/null 2>"$TMP/err"
	sed -n 's/^did you mean: //p' "$TMP/err"
}
check_table() { # DB then rows "query|correction"
	local db=$1 row q want
	shift
	for row in "$@"; do
		q=${row%%|*} want=${row#*|}
		check_eq "$db: '$q' -> '${want:-(none)}'" "$want" "$(suggestion "$db" "$q")"
	done
}

# --- the article: each misspelling is one edit from one of its words ----
cp "$TOP/corpus/article/florence-cassez.txt" .
check_status "article indexed" 0 "$INDEX" -q -d art florence-cassez.txt
check_table art \
	'cassex|cassez' \
	'kidnappinf|kidnapping' \
	'holande|hollande' \
	'mexicp|mexico' \
	'vallarat|vallarta' \
	'prisson|prison' \
	'cassex valarta|cassez vallarta' \
	'qqqqqqqq|'

# --- frequencies: "carts" in four files, "cards" in one --------------------
mkdir gen
for i in 1 2 3 4; do printf 'The carts stood in row %s by the mill.\n' "$i" >"gen/cart$i.txt"; done
printf 'The cards lay on the table.\n' >gen/card.txt
printf 'A zebrafish swam in the tank.\n' >gen/fish.txt
check_status "generated files indexed" 0 "$INDEX" -q -d gen gen
check_table gen \
	'carps|carts' \
	'cardz|cards' \
	'zebrafisk|zebrafish'
# A removed file's words are not offered.
rm gen/fish.txt
check_status "update after removing the zebrafish file" 0 "$INDEX" -q -d gen gen
check_table gen 'zebrafisk|' 'carps|carts'

# --- an index updated in place: new words are corrected too --------------
printf 'A lighthouse keeper kept the lantern.\n' >gen/light.txt
check_status "update adding a file" 0 "$INDEX" -q -d gen gen
check_table gen 'lighthuose|lighthouse'

done_testing
