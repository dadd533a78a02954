# Languages: each document is stemmed in its own language (detected), and a
# query word is searched by its stems in every language the index holds.
source "$(dirname "$0")/testlib.bash"
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

# Languages as users write them: libstemmer names, ISO 639-1 and 639-2/3
# codes, in any case; an unknown one is an error listing the valid ones.
for l in es SPA Spanish esl; do
	check_eq "--lang $l is Spanish" "es-corazon es-corazones" "$(names --lang "$l" corazón)"
	check_eq "lang:$l is Spanish" "es-corazon es-corazones" "$(names "lang:$l")"
done
check_eq "lang:DE and lang:ger are German" "de-haeuser de-haus|de-haeuser de-haus" \
	"$(names lang:DE)|$(names lang:ger)"
check_status "--lang xx: exit 2" 2 "$SEARCH" -d idx --lang xx corazón
check_eq "--lang xx: the valid languages listed" 1 \
	"$(grep -c "rubric-search: --lang: unknown language 'xx'; use one of: .*spanish (es, spa, esl)" "$TMP/err")"
check_status "lang:xx: exit 2, not an empty result" 2 "$SEARCH" -d idx 'corazón lang:xx'
check_eq "lang:xx: the valid languages listed" 1 \
	"$(grep -c "lang: unknown language 'xx'; use one of: .*german (de, deu, ger)" "$TMP/err")"
check_status "rubric-index --lang klingon: exit 2" 2 "$INDEX" -q -d kl --lang klingon docs
check_eq "rubric-index --lang klingon: the valid languages listed, no index" "1 no" \
	"$(grep -c "rubric-index: --lang: unknown language 'klingon'; use one of: .*english (en, eng)" \
		"$TMP/err") $([ -e kl ] && echo yes || echo no)"
"$INDEX" -q -d es-idx --lang ES docs
check_eq "rubric-index --lang ES: a Spanish index" spanish \
	"$("$INDEX" --status --json -d es-idx | jq -r .lang)"
check_status "then --lang spa is the same language: exit 0" 0 "$INDEX" -q -d es-idx --lang spa docs
check_status "then --lang de is another: exit 2" 2 "$INDEX" -q -d es-idx --lang de docs

# Short documents take their folder's language. Real fortunes
# (corpus/related): three Spanish refranes and four German headlines of
# 12-18 words, which CLD2 labels reliably, and beside them one-line ones of
# 5 to 6 words it cannot label; an English quote in the Spanish folder.
mkdir -p ctx/es ctx/de alone
printf '%s\n' 'A cada cien años los reyes son villanos, y al cabo de ciento diez, los villanos son reyes.' >ctx/es/100.txt
printf '%s\n' 'Cada uno quiere llevar el agua a su molino y dejar seco el del vecino.' >ctx/es/1145.txt
printf '%s\n' 'Cantarillo que muchas veces va a la fuente, o deja el asa o la frente.' >ctx/es/1179.txt
printf '%s\n' 'Hasta la muerte, todo es vida.' >ctx/es/2985.txt
printf '%s\n' 'A rey muerto, rey puesto.' >ctx/es/798.txt
printf '%s\n' 'Generally speaking, the Way of the warrior is resolute acceptance of death.' \
	'		-- Miyamoto Musashi, 1645' >ctx/es/musashi.txt
printf '%s\n' 'Wäre auch an der Zeit gewesen: Gesellschaft zur Rettung des Konjunktiv II hätte heute gegründet werden können' >ctx/de/36.txt
printf '%s\n' 'Wie er da rauskommt, weiß der Geier: Verirrter Saharatourist halluziniert von sprechenden Tieren' >ctx/de/50.txt
printf '%s\n' 'Was ist nur in ihn gefahren?: Mann will Unfallflüchtigen auf eigene Faust schnappen' >ctx/de/57.txt
printf '%s\n' 'Das hätte es früher nicht gegeben: Alte Leute regen sich über Computer auf' >ctx/de/74.txt
printf '%s\n' 'Probewaise: Eltern lassen Kind allein zuhause' >ctx/de/83.txt
cp ctx/es/2985.txt alone/
"$INDEX" -q -d cx ctx
check_eq "index short documents: exit 0" 0 $?
cnames() { "$SEARCH" -d cx -l "$@" 2>/dev/null | sed -E 's#.*/##; s#\.txt$##' | sort | paste -sd' ' -; }
# lang() PATH-END: the language of a file's passages.
lang_of() { "$SEARCH" -d cx --json "$1" | jq -r "select(.path | endswith(\"$2\")) | .lang" | sort -u; }
check_eq "muerto finds the short Spanish fortunes (muerte, muerto)" "2985 798" "$(cnames muerto)"
check_eq "kinder finds the short German one (Kind)" "83" "$(cnames kinder)"
check_eq "the short ones are Spanish and German" "spanish german" \
	"$(lang_of vida es/2985.txt) $(lang_of eltern de/83.txt)"
check_eq "an English quote in the Spanish folder stays English" "english" \
	"$(lang_of warrior es/musashi.txt)"
check_eq "lang:es holds the five Spanish fortunes" "100 1145 1179 2985 798" "$(cnames lang:es)"
# A file added later takes the folder's language from the index's counts,
# though this run reads no other file of the folder.
printf '%s\n' 'Buey suelto, rey muerto.' >ctx/es/1052.txt
"$INDEX" -q -d cx ctx
check_eq "update: a new short file in the Spanish folder is Spanish" "1052 2985 798" \
	"$(cnames muerto)"
# Without a context, English stays the last resort.
"$INDEX" -q -d al alone
check_eq "a short Spanish fortune alone is English" english \
	"$("$SEARCH" -d al --json vida | jq -r .lang)"
# ... unless the user says: --lang-for GLOB=LANG (the end of the path).
"$INDEX" -q -d al2 --lang-for 'alone/*=ES' alone
check_eq "--lang-for 'alone/*=ES': the short fortune is Spanish" spanish \
	"$("$SEARCH" -d al2 --json vida | jq -r .lang)"
"$INDEX" -q -d al3 --lang-for 'es/*=de' --lang-for '*=es' ctx
check_eq "--lang-for: the first matching rule wins over the folder; detected files keep theirs" \
	"vida german|eltern spanish|warrior english" \
	"$(for w in vida eltern warrior; do echo "$w $("$SEARCH" -d al3 --json "$w" | jq -r .lang)"; done | paste -sd'|' -)"
check_status "--lang-for '*=klingon': exit 2" 2 "$INDEX" -q -d al4 --lang-for '*=klingon' alone
check_status "--lang-for without =LANG: exit 2" 2 "$INDEX" -q -d al4 --lang-for 'alone' alone
done_testing
