# Languages: each document is stemmed in its own language (detected), and a
# query word is searched by its stems in every language the index holds.
source "$RUBRIC_TOP/tests/cli/testlib.bash"
cd "$TMP" || exit 2
cp -r "$TOP/tests/data/lang" docs
"$INDEX" -q -d idx docs 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?

# names NAME...: the files (without .txt) a search finds, sorted.
names() { "$SEARCH" -d idx -l "$@" 2>/dev/null | sed -E 's#.*/##; s#\.txt$##' | sort | paste -sd' ' -; }

check_eq "corazón finds corazones and corazón (Spanish stems)" "es-corazon es-corazones" "$(names corazón)"
check_eq "corazon (no accent) finds both" "es-corazon es-corazones" "$(names corazon)"
check_eq "corazones finds both" "es-corazon es-corazones" "$(names corazones)"
check_eq "häuser finds Haus, Hause and Häuser (German stems)" "de-haeuser de-haus" "$(names häuser)"
check_eq "haus finds both German files" "de-haeuser de-haus" "$(names haus)"
# English "houses" shares no stem with German "Haus".
check_eq "houses finds the English file only" "en-the" "$(names houses)"

check_eq "JSON hits carry the language" "spanish spanish" \
	"$("$SEARCH" -d idx --json corazón | jq -r .lang | sort | paste -sd' ' -)"
check_eq "lang:german filters" "de-haeuser de-haus" "$(names 'lang:german')"
check_eq "--lang spanish restricts" "es-corazon es-corazones" "$(names --lang spanish corazón)"
check_eq "--lang english finds no Spanish passage" "" "$(names --lang english corazón)"
check_status "--lang klingon: exit 2" 2 "$SEARCH" -d idx --lang klingon corazón

"$INDEX" --status --json -d idx >"$TMP/status.json"
check_eq "--status: passages per language" '{"english":1,"german":2,"spanish":2}' \
	"$(jq -c '.languages' "$TMP/status.json")"

# A fixed language stems everything in it: German Häuser is not English.
"$INDEX" -q -d en --lang english docs
check_eq "--lang english index: häuser finds only the Häuser file" "de-haeuser" \
	"$("$SEARCH" -d en -l häuser | sed -E 's#.*/##; s#\.txt$##' | sort | paste -sd' ' -)"
done_testing
