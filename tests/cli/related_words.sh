# Related words (WordNet's synonyms of an English word) rank the partial
# hits of a query that nothing holds whole, at half a word's weight: they
# are lit in those hits, the word still counts as missing, and they never
# make a full hit or count in -c and -l.  Without WordNet's files the
# partial hits are the same minus the related words.  Every fixture is
# written here, and every expected line and offset worked out from it.
source "$(dirname "$0")/testlib.bash"
D=$TMP/docs DB=$TMP/db
mkdir -p "$D"

# WordNet: "freed" is the past of the verb "free", whose first sense is
# {free, liberate, release, unloose, unloosen, loose}; "jail" (noun) is
# {jail, jailhouse, gaol, clink, slammer, poky, pokey}, and the verb's
# first sense {imprison, incarcerate, lag, immure, ..., jail, jug, gaol}.
printf 'The prisoner was released at dawn and flew home.\n' >"$D/released.txt"
printf 'Nobody knew when the ship would sail home.\n' >"$D/home.txt"
printf 'He was imprisoned for years.\n\nHis lawyers appealed twice.\n' >"$D/imprisoned.txt"
printf 'The lawyers met at noon.\n' >"$D/lawyers.txt"

"$INDEX" -q -d "$DB" "$D" 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?
cd "$D" || exit 2

# "freed home": no passage holds "freed"; both files hold "home", and
# released.txt also "released", a related word of "freed", so it ranks first.
check_eq "freed home: the passage with a related word (released) first, both missing freed" \
	"released.txt:1!freed home.txt:1!freed" "$(json_hits freed home)"
# Its highlights: "released" (bytes 17-25) and "home" (bytes 43-47) of
# "The prisoner was released at dawn and flew home."
check_eq "freed home: the related word is lit with the word found" \
	"[[17,25],[43,47]]" \
	"$("$SEARCH" -d "$DB" --json freed home 2>/dev/null | jq -c 'select(.path == "released.txt") | .highlights')"
check_status "freed home: partial hits only: exit 1, as for any partial answer" 1 \
	"$SEARCH" -d "$DB" freed home
# A full hit is a match of the words typed: "freed" alone has none, and
# the counts of full matches stay 0.
check_status "freed alone: nothing (a word's related words never make a full hit)" 1 \
	"$SEARCH" -d "$DB" freed
check_eq "freed home: -c counts full matches only" 0 "$("$SEARCH" -d "$DB" -c freed home)"
check_eq "freed home: -l lists full matches only" "" "$("$SEARCH" -d "$DB" -l freed home)"
check_eq "freed home --no-partial: nothing" "" "$("$SEARCH" -d "$DB" --no-partial freed home)"

# "jail lawyers": imprisoned.txt holds "imprisoned" (a related word of
# "jail") in line 1 and "lawyers" in line 3, never together; lawyers.txt
# holds "lawyers" alone.  Partial hits are passages: the two with
# "lawyers", and the one with "imprisoned", which lacks both words as typed.
check_eq "jail lawyers: the passages of lawyers and the one holding only a related word" \
	"imprisoned.txt:1!jail!lawyers imprisoned.txt:3!jail lawyers.txt:1!jail" \
	"$(json_hits jail lawyers | tr ' ' '\n' | sort | paste -sd' ' -)"

# --explain says what the related words gave a partial hit (when it holds
# some), so that the parts add up to its score; a full hit has no such line.
"$SEARCH" -d "$DB" --json --explain freed home 2>/dev/null >"$TMP/explain.out"
check_eq "freed home --explain: released.txt's terms (label, occurrences)" \
	"freed 0|words related to freed 1|home 1" \
	"$(jq -r 'select(.type == "explain" and .rank == 1) | [.terms[] | "\(.term) \(.occurrences)"] | join("|")' "$TMP/explain.out")"
# The terms add up to the passage's score, and the hit's score is the
# evidence formula over it (--explain's "evidence").
check_eq "freed home --explain: the terms' weights add up to the score" "yes" \
	"$(jq -r 'select(.type == "explain" and .rank == 1)
		| (.evidence.partial_weight * (.passage_score + .evidence.others_weight * .evidence.others
			+ .evidence.file_weight * .evidence.file)) as $s
		| if (([.terms[].weight] | add) - .passage_score | fabs) < 1e-9
			and ($s - .score | fabs) < 1e-9 then "yes" else "no: \(.)" end' "$TMP/explain.out")"
check_eq "released home --explain (a full hit): no related words" "home|released" \
	"$("$SEARCH" -d "$DB" --json --explain released home 2>/dev/null | jq -r 'select(.type == "explain" and .rank == 1) | [.terms[].term] | sort | join("|")')"
# Beside that full hit, home.txt (home alone) is a partial hit ranked by
# the words typed: no related words in its terms.
check_eq "released home --explain: the partial hit beside it, by the words typed" \
	"released 0|home 1" \
	"$("$SEARCH" -d "$DB" --json --explain released home 2>/dev/null | jq -r 'select(.type == "explain" and .rank == 2) | [.terms[] | "\(.term) \(.occurrences)"] | join("|")')"

# Without WordNet's files (WNSEARCHDIR names an empty folder) nothing
# breaks: the same partial hits, ranked by the words alone, no message.
mkdir -p "$TMP/no-wordnet"
WNSEARCHDIR=$TMP/no-wordnet "$SEARCH" -d "$DB" --json freed home >"$TMP/nown.out" 2>"$TMP/nown.err"
check_eq "without WordNet: freed home still exits 1" 1 $?
check_eq "without WordNet: home.txt and released.txt, each holding home, missing freed" \
	"home.txt:1!freed released.txt:1!freed" \
	"$(jq -r 'select(.type == "hit") | .path + ":" + (.line | tostring)
		+ ([(.missing // [])[] | "!" + .] | join(""))' <"$TMP/nown.out" | sort | paste -sd' ' -)"
check_eq "without WordNet: released is not lit" "[[43,47]]" \
	"$(jq -c 'select(.path == "released.txt") | .highlights' <"$TMP/nown.out")"
check_eq "without WordNet: stderr says only that the hits are partial" 1 "$(wc -l <"$TMP/nown.err")"

done_testing
