# Spelling corrections ("did you mean"): the index's nearest word (fewest
# edits: a letter added, dropped, changed, or two swapped), the most
# frequent of equally near ones, never a word whose files are gone, and
# words added by an update corrected too.  Each row: query, then the
# correction the index's words imply (empty: none).
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg

# meant FILE: MEANT= what `sed -n 's/^did you mean: //p' FILE` prints, as
# $(...) gives it, read by the shell (no process: the loops below read
# over a thousand of them)
meant() {
	local l
	MEANT=
	while IFS= read -r l || [ -n "$l" ]; do
		[[ $l == "did you mean: "* ]] && MEANT+=${l#did you mean: }$'\n'
	done <"$1"
	while [[ $MEANT == *$'\n' ]]; do MEANT=${MEANT%$'\n'}; done
}
# suggest DB QUERY: MEANT= the "did you mean" line's query, or nothing
suggest() {
	"$SEARCH" -d "$1" --no-partial -- "$2" >/dev/null 2>"$TMP/err"
	meant "$TMP/err"
}
# suggestion DB QUERY: prints it
suggestion() { suggest "$@"; [ -z "$MEANT" ] || printf '%s\n' "$MEANT"; }
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
	'qqqqqqqq|' \
	'when was cassez freed|'
# "when", a stop word the article never uses, is not corrected to "then"
# (the correction the scan used to offer: "then was cassez free"); and
# "when was cassez free" holds nowhere whole, so nothing is offered.

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

# --- the index's spelling structure answers as a scan of its words ------
# Two indexes searched together have no structure of their own: their
# words are read one by one, the reference the structure must match.
# Every word of the article of 4 letters or more, misspelt four ways
# (second and third letters swapped, last letter dropped, a letter
# doubled, a letter changed).
mkdir empty
printf 'Zzqqxjw.\n' >empty/z.txt
check_status "a one-word index" 0 "$INDEX" -q -d one empty
# typos FILE: four misspellings of each word of 4 letters or more of FILE
typos() {
	tr -cs '[:alpha:]' '\n' <"$1" | tr '[:upper:]' '[:lower:]' | grep -E '^[a-z]{4,}$' |
		sort -u | while read -r w; do
			echo "${w:0:1}${w:2:1}${w:1:1}${w:3}"
			echo "${w%?}"
			echo "${w:0:2}${w:2:1}${w:2}"
			echo "${w:0:3}q${w:4}"
		done | sort -u
}
# The scan, the reference, runs the plain build when there is one (as in
# bad_input and adversarial_queries), but for every 8th typo: two sanitized
# processes a typo were half this suite's time. The structure, what is
# checked, always runs this build.
PLAIN=$TOP/build/rubric-search
[ -x "$PLAIN" ] || PLAIN=$SEARCH
# same_as_scan DB NAME FILE [STEP]: the structure's corrections of FILE's
# typos (every STEP-th, for time) are the scan's
same_as_scan() {
	local db=$1 name=$2 differ=0 corrected=0 total=0 t a b scan
	typos "$3" | awk -v step="${4:-1}" 'NR % step == 1 || step == 1' >typos
	while read -r t; do
		suggest "$db" "$t"; a=$MEANT
		scan=$PLAIN; [ $((total % 8)) = 0 ] && scan=$SEARCH
		"$scan" -d "$db" -d one --no-partial -- "$t" >/dev/null 2>"$TMP/err"
		meant "$TMP/err"; b=$MEANT
		total=$((total + 1))
		[ -n "$a" ] && corrected=$((corrected + 1))
		[ "$a" = "$b" ] || { differ=$((differ + 1)); echo "# $t: structure '$a', scan '$b'"; }
	done <typos
	check_eq "$total misspellings of $name's words: the structure's corrections are the scan's" 0 "$differ"
	if [ "$corrected" -gt $((total / 2)) ]; then ok "most are corrected ($corrected of $total)"; else not_ok "most are corrected" "$corrected of $total"; fi
}
same_as_scan art "the article" florence-cassez.txt 3

# --- the related corpus: a State of the Union address (1790, public domain)
cp "$TOP/tests/data/spelling/sotu-1790-george-washington.txt" sotu.txt
check_status "a State of the Union address indexed" 0 "$INDEX" -q -d sotu sotu.txt
check_table sotu \
	'citizans|citizens' \
	'comerce|commerce' \
	'kentuky|kentucky' \
	'goverment|government' \
	'represenatives|representatives' \
	'reqiusite|requisite' \
	'settelments|settlements' \
	'convnetion|convention' \
	'gentelmen|gentlemen'
same_as_scan sotu "the address" sotu.txt 5

# --- shards: the first shard holds every shard's words -------------------
mkdir sh
for i in $(seq 1 12); do printf 'Word%s stands beside the heron%s.\n' "$i" "$i" >"sh/f$i.txt"; done
check_status "a sharded index" 0 "$INDEX" -q --shards 4 -d shi sh
rows=()
for i in $(seq 1 12); do rows+=("herpn$i|heron$i"); done
check_table shi "${rows[@]}"
printf 'An egret waded.\n' >sh/egret.txt
check_status "a sharded index updated" 0 "$INDEX" -q -d shi sh
check_table shi 'egrett|egret' 'herpn7|heron7'

done_testing
