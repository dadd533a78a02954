# --explain: each part's BM25 share adds up to the hit's score; the length
# normalisation follows the passage's length.
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
DB=$TMP/idx
"$INDEX" -q -d "$DB" corpus/article
ART=corpus/article/florence-cassez.txt

for q in 'kidnap gang' '"supreme court" cassez' 'kidnap* OR vallarta' 'cassez -mexico'; do
	"$SEARCH" -d "$DB" -n 5 --json --explain -- "$q" >"$TMP/out" 2>"$TMP/err"
	# Each explain object's weights add up to its passage's score, which is
	# the hit's score, or for a partial hit weighed with its file's
	# evidence, the part of it the evidence formula names; and it follows
	# its hit.
	bad=$(jq -s -r '[range(length) as $i | .[$i] | select(.type == "explain")
		| (if .evidence then .evidence.partial_weight * (.passage_score
			+ .evidence.others_weight * .evidence.others
			+ .evidence.file_weight * .evidence.file) else .passage_score end) as $s
		| select(((.terms | map(.weight) | add) - .passage_score | fabs) > 1e-9 * .score
			 or ($s - .score | fabs) > 1e-9 * .score)] | length' "$TMP/out")
	check_eq "$q: the parts' weights add up to each score" 0 "$bad"
	check_eq "$q: one explain per hit, right after it" \
		"$(jq -r 'select(.type == "hit") | .rank' "$TMP/out" | paste -sd' ' -)" \
		"$(jq -r 'select(.type == "explain") | .rank' "$TMP/out" | paste -sd' ' -)"
done

# The length is the passage's words, as the analyzer counts them (line 25:
# "The couple were arrested ... (The Zodiacs)." has 18 words).
check_eq "length of the line-25 passage: 18 words" 18 \
	"$("$SEARCH" -d "$DB" --json --explain zodiacos | jq -r 'select(.type == "explain") | .length')"
check_eq "a word's occurrences in the passage (line 59 says kidnapping twice)" 2 \
	"$("$SEARCH" -d "$DB" --json --explain 'kidnap prison' 2>/dev/null | jq -r 'select(.type == "explain" and .rank == 1) | .terms[] | select(.term == "kidnap") | .occurrences')"
check_eq "a word's passages: as -c counts them" "$("$SEARCH" -d "$DB" -c gang)" \
	"$("$SEARCH" -d "$DB" --json --explain -n 1 gang | jq -r 'select(.type == "explain") | .terms[0].passages')"
"$SEARCH" -d "$DB" -n 1 --explain 'kidnap gang' >"$TMP/text"
check_eq "text: the score line, one line per part, the length line" 4 "$(($(wc -l <"$TMP/text") - 1))"
grep -q 'normalisation (1 - b) + b \* 18 / ' "$TMP/text" && ok "text: names the length normalisation" ||
	not_ok "text: names the length normalisation" "$(cat "$TMP/text")"
done_testing
