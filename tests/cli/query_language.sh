# The query language (search/query.h): every operator, stop words, the
# lenient readings and the errors of malformed queries, "did you mean",
# --any and --bm25.  Two indexes: the Florence Cassez article (one paragraph
# per line, expected lines worked out with grep from the text) and the small
# fixtures in tests/data/query/ (one passage per odd line; expected hits
# worked out by hand from their text, written FILE:LINE).
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
ART=corpus/article/florence-cassez.txt
FIX=tests/data/query
A=$TMP/art F=$TMP/fix
"$INDEX" -q -d "$A" "$ART" 2>"$TMP/index.err"
check_eq "index the article: exit 0" 0 $?
"$INDEX" -q -d "$F" "$FIX" 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?

# art_lines SPEC...: the non-empty lines of the article that match every
# SPEC, an ERE (case-insensitive), or !ERE for lines that must not match.
art_lines() {
	local spec
	awk '{ print NR "\t" $0 }' "$ART" | grep -v -E $'^[0-9]+\t[[:space:]]*$' >"$TMP/.al"
	for spec in "$@"; do
		case $spec in
		!*) grep -v -i -E -- "${spec#!}" "$TMP/.al" >"$TMP/.al2" ;;
		*) grep -i -E -- "$spec" "$TMP/.al" >"$TMP/.al2" ;;
		esac
		mv "$TMP/.al2" "$TMP/.al"
	done
	cut -f1 "$TMP/.al" | sort -n | paste -sd' ' -
}
# fix_hits: PATH:LINE: TEXT hits on stdin as NAME:LINE (the file's name
# without .txt), in the order given.
fix_hits() { sed -nE 's#^([^:]*/)?([^/:]*)\.txt:([0-9]+): .*#\2:\3#p' | paste -sd' ' -; }
sanitizer_report() { grep -E 'runtime error|Sanitizer|stack-overflow' "$TMP/err" | head -n 2 | tr '\n' ' '; }

# run_query DB QUERY [OPTION...]: the query as one argument, after --
# (so "-word" is not an option); output in $TMP/out, $TMP/err, status in $rc.
run_query() {
	local db=$1 q=$2; shift 2
	"$SEARCH" -d "$db" -n 1000 "$@" -- "$q" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

# DB ; query ; expected.  DB A: expected is "grep:SPEC" fields (art_lines)
# or line numbers.  DB F: NAME:LINE hits, any order.  "--any " or
# "--no-partial " before the query is an option.  Nothing expected means
# exit 1; else exit 0.
table=(
	# What holds the query: --no-partial where passages holding only some
	# of the words would join the list; the default fills it with them
	# (every line holding either word, at -n 1000).
	'A;cassez vallarta;grep:\b(cassez|vallarta)\b'
	'F;alpha bravo;bool:3 bool:5 bool:7 bool:9 bool:11 bool:15'
	# words: AND by default, matched by stem
	'A;--no-partial cassez vallarta;grep:\bcassez\b;grep:\bvallarta\b'
	'A;--no-partial kidnapped cassez;grep:\bkidnap(ping|pings)?\b;grep:\bcassez\b'
	'F;--no-partial alpha bravo;bool:3 bool:15'
	'F;kidnapping gang;phrase:11 phrase:13'
	# AND, OR, and lower-case "and", "or": stop words, not operators (kept
	# as unweighted filters: no passage of bool.txt has them)
	'F;--no-partial alpha AND bravo;bool:3 bool:15'
	'F;--no-partial alpha and bravo;'
	'F;--no-partial alpha or bravo;'
	'F;alpha OR bravo;bool:3 bool:5 bool:7 bool:9 bool:11 bool:15'
	'A;cassez OR vallarta;grep:\b(cassez|vallarta)\b'
	'F;alpha OR bravo OR charlie;bool:3 bool:5 bool:7 bool:9 bool:11 bool:13 bool:15'
	# precedence: OR binds looser than AND; parentheses group
	'F;alpha OR bravo charlie;bool:3 bool:5 bool:7 bool:9 bool:15'
	'F;bravo charlie OR alpha;bool:3 bool:5 bool:7 bool:9 bool:15'
	'F;alpha OR (bravo charlie);bool:3 bool:5 bool:7 bool:9 bool:15'
	'F;--no-partial (alpha OR bravo) charlie;bool:5 bool:7 bool:15'
	'F;alpha bravo OR charlie delta;bool:3 bool:15'
	'F;(alpha OR bravo) (charlie OR delta);bool:5 bool:7 bool:15'
	'F;((alpha));bool:3 bool:5 bool:9 bool:15'
	# NOT, -: exclude; NOT takes one operand
	'F;alpha -bravo;bool:5 bool:9'
	'F;alpha NOT bravo;bool:5 bool:9'
	'F;alpha AND NOT bravo;bool:5 bool:9'
	'F;NOT alpha bravo;bool:7 bool:11'
	'F;alpha -(bravo OR charlie);bool:9'
	'F;-alpha path:bool;bool:1 bool:7 bool:11 bool:13 bool:17'
	'A;cassez -vallarta;grep:\bcassez\b;grep:!\bvallarta\b'
	'A;-cassez;grep:!\bcassez\b'
	# NOT of a phrase: only passages holding the phrase go, not those
	# holding both words apart (phrase:5)
	'F;cassez -"supreme court";phrase:5 phrase:7'
	'F;cassez NOT "supreme court";phrase:5 phrase:7'
	'F;-"supreme court" cassez;phrase:5 phrase:7'
	'A;cassez -"supreme court";grep:\bcassez\b;grep:!supreme court'
	# phrases: adjacent, in order, unstemmed, stop words kept
	'F;"supreme court";phrase:3'
	'F;supreme court;phrase:3 phrase:5 phrase:9'
	'F;"court supreme";'
	'F;"kidnapping gangs";phrase:11'
	'F;"kidnapping gang";'
	'F;"the court";phrase:5 phrase:9'
	'F;the court;phrase:3 phrase:5 phrase:9'
	'F;"supreme court" OR waited;phrase:3 phrase:7'
	'A;"supreme court";grep:\bsupreme court\b'
	'A;"kidnapping gang";grep:\bkidnapping gang\b'
	# prefixes: words starting so (not words containing it)
	'A;kidnap*;grep:\bkidnap'
	'A;Kidnap*;grep:\bkidnap'
	'A;napping*;'
	'F;cat*;prefix:3 prefix:5 prefix:7 prefix:11'
	'F;cat;prefix:3 prefix:11'
	'F;catal*;prefix:7'
	'F;concat*;prefix:9'
	'F;--no-partial cat* dog;prefix:11'
	'F;dog* -cat*;prefix:13'
	# NEAR/N: within N words, any order. near:3 and :5 are at distance 5,
	# :7 at 9, :9 at 13: NEAR/6 takes 5, not 9; NEAR (10) takes 9, not 13
	# (the boundaries, N and N+1, are in cli_answers.sh)
	'F;lion NEAR/6 tiger;near:3 near:5'
	'F;tiger NEAR/6 lion;near:3 near:5'
	'F;lion NEAR tiger;near:3 near:5 near:7'
	'F;lion NEAR/10 tiger;near:3 near:5 near:7'
	'F;lion NEAR/14 tiger;near:3 near:5 near:7 near:9'
	'F;--no-partial lion tiger;near:3 near:5 near:7 near:9'
	'F;lion NEAR/2 one;near:3 near:7 near:9'
	'F;lion NEAR/6 one NEAR/6 tiger;near:3 near:5'
	'F;lion NEAR "stands alone";near:11'
	'F;lion NEAR/6 tiger OR alone;near:3 near:5 near:11 near:13'
	# fields: title: (the first non-empty line), path: (its words; the
	# fixtures' names hold words no checkout folder should: harbour, orchard)
	'F;title:apples;orchard-report:1 orchard-report:3 orchard-report:5 orchard-report:7'
	'F;title:harbour;harbour-log:1 harbour-log:3 harbour-log:5 harbour-log:7'
	'F;title:apples harbour;orchard-report:5'
	'F;harbour title:apples;orchard-report:5'
	'F;title:ships apples;harbour-log:5'
	'F;harbour -title:apples;harbour-log:1 harbour-log:3'
	'F;title:"the orchard";orchard-report:1 orchard-report:3 orchard-report:5 orchard-report:7'
	'F;title:"orchard the";'
	'F;title:orch*;orchard-report:1 orchard-report:3 orchard-report:5 orchard-report:7'
	'F;title:nothing;'
	'F;title:apples OR title:ships;harbour-log:1 harbour-log:3 harbour-log:5 harbour-log:7 orchard-report:1 orchard-report:3 orchard-report:5 orchard-report:7'
	'F;path:harbour;harbour-log:1 harbour-log:3 harbour-log:5 harbour-log:7'
	'F;path:harb*;harbour-log:1 harbour-log:3 harbour-log:5 harbour-log:7'
	'F;path:"orchard report";orchard-report:1 orchard-report:3 orchard-report:5 orchard-report:7'
	'F;path:orchard apples;orchard-report:1 orchard-report:7'
	'F;harbour -path:harbour;orchard-report:5'
	'F;path:apples;'
	'A;title:florence vallarta;grep:\bvallarta\b'
	'A;path:florence kidnap;grep:\bkidnap(ping|pings)?\b'
	# an unknown field is plain words (AND-ed, by stem), not a field, not
	# a phrase, not an error: ship:harbour finds "Ships ... harbour"
	'A;--no-partial florence:cassez;grep:\bflorence cassez\b'
	'F;--no-partial ship:harbour;harbour-log:1 orchard-report:5'
	'A;foo:bar;'
	# stop words: in a run of plain words they weigh nothing but must be
	# there (README: dropping them lost known-item MRR)
	'A;--no-partial the cassez;grep:\bcassez\b;grep:\bthe\b'
	'A;--no-partial cassez the;grep:\bcassez\b;grep:\bthe\b'
	'A;of the zodiacs;grep:\bzodiacs\b;grep:\bthe\b;grep:\bof\b'
	'A;the;grep:\bthe\b'
	'A;--no-partial the of;grep:\bthe\b;grep:\bof\b'
	'A;"the couple";grep:\bthe couple\b'
	'A;"of the zodiacs";grep:\bof the zodiacs\b'
	# lenient: an operator with nothing on one side is ignored
	'A;cassez OR;grep:\bcassez\b'
	'A;OR cassez;grep:\bcassez\b'
	'A;cassez AND;grep:\bcassez\b'
	'A;AND cassez;grep:\bcassez\b'
	'A;cassez NOT;grep:\bcassez\b'
	'A;cassez -;grep:\bcassez\b'
	'A;- cassez;grep:\bcassez\b'
	'A;cassez NEAR;grep:\bcassez\b'
	'A;NEAR cassez;grep:\bcassez\b'
	'F;alpha OR OR bravo;bool:3 bool:5 bool:7 bool:9 bool:11 bool:15'
	'A;"" cassez;grep:\bcassez\b'
	'A;cassez *;grep:\bcassez\b'
	# lenient: an unclosed quote runs to the end (operators included)
	'F;"bravo charlie;bool:7 bool:15'
	'F;--no-partial alpha "bravo charlie;bool:15'
	'F;"charlie bravo;'
	'F;"bravo charlie) OR alpha;'
	'A;cassez "supreme court;grep:\bsupreme court\b'
	# --any: plain words OR-ed
	'F;--any red green blue;any:3 any:5 any:9'
	'A;--any cassez vallarta;grep:\b(cassez|vallarta)\b'
	'F;--any red -green;any:3'
)
for row in "${table[@]}"; do
	IFS=';' read -r -a f <<<"$row"
	db=${f[0]} q=${f[1]} want='' res=() opts=()
	for e in "${f[@]:2}"; do
		case $e in grep:*) res+=("${e#grep:}") ;; *) want=$e ;; esac
	done
	[ ${#res[@]} -gt 0 ] && want=$(art_lines "${res[@]}")
	[[ $q == "--any "* ]] && { opts=(--any); q=${q#--any }; }
	[[ $q == "--no-partial "* ]] && { opts=(--no-partial); q=${q#--no-partial }; }
	if [ "$db" = A ]; then
		run_query "$A" "$q" "${opts[@]}"; got=$(hit_lines <"$TMP/out")
	else
		run_query "$F" "$q" "${opts[@]}"
		got=$(fix_hits <"$TMP/out" | tr ' ' '\n' | sort -V | paste -sd' ' -)
		want=$(tr ' ' '\n' <<<"$want" | sort -V | paste -sd' ' -)
	fi
	[ -n "$want" ] && wrc=0 || wrc=1
	desc="${opts[*]}${opts[*]:+ }$q"
	if [ "$got (exit $rc)" == "$want (exit $wrc)" ] && [ -z "$(sanitizer_report)" ]; then ok "$desc"
	else not_ok "$desc" "expected: $want (exit $wrc)" "actual:   $got (exit $rc)" \
		"stderr: $(head -c 300 "$TMP/err")"; fi
done

# --any ranks a passage with more of the words above one with fewer:
# any:5 has all three, any:9 two, any:3 one (the same length each).
run_query "$F" "red green blue" --any
check_eq "--any red green blue: ranked by how many match" "any:5 any:9 any:3" "$(fix_hits <"$TMP/out")"
run_query "$F" "blue red green" --any
check_eq "--any blue red green: the same ranking" "any:5 any:9 any:3" "$(fix_hits <"$TMP/out")"

# Of two passages equal but for the form of a word (forms:3 has runner,
# forms:5 runners; same stem, same length), the form typed ranks first.
run_query "$F" runner
check_eq "runner: both forms match, runner first" "forms:3 forms:5" "$(fix_hits <"$TMP/out")"
run_query "$F" runners
check_eq "runners: both forms match, runners first" "forms:5 forms:3" "$(fix_hits <"$TMP/out")"
run_query "$F" "crossed runners"
check_eq "crossed runners: runners first" "forms:5 forms:3" "$(fix_hits <"$TMP/out")"

# --any with a phrase: whether the phrase is OR-ed too or required, the
# passage holding it and cassez (line 53) is a hit.
run_query "$A" 'cassez vallarta "supreme court"' --any
case " $(hit_lines <"$TMP/out") " in
*" 53 "*) ok '--any cassez vallarta "supreme court": includes line 53' ;;
*) not_ok '--any cassez vallarta "supreme court": includes line 53' \
	"lines: $(hit_lines <"$TMP/out") (exit $rc)" ;;
esac

# A query's arguments are joined: operators may come as separate arguments.
"$SEARCH" -d "$F" -n 1000 -- alpha OR bravo charlie >"$TMP/out" 2>"$TMP/err"
check_eq "alpha OR bravo charlie as 4 arguments" "bool:3 bool:5 bool:7 bool:9 bool:15" \
	"$(fix_hits <"$TMP/out" | tr ' ' '\n' | sort -V | paste -sd' ' -)"

# A prefix matching more than a thousand words still finds every passage
# (-c is the exact number of matching passages).
mkdir -p "$TMP/many"
awk 'BEGIN { for (i = 1; i <= 1005; i++) printf "zqw%04d\n\n", i }' >"$TMP/many/words.txt"
"$INDEX" -q -d "$TMP/manyidx" "$TMP/many" 2>"$TMP/index.err"
check_eq "zqw* over 1005 distinct words: -c" 1005 "$("$SEARCH" -d "$TMP/manyidx" -c 'zqw*' 2>&1)"

# Errors: exit 2, nothing on stdout, one line "rubric-search: ..." naming
# what is wrong (and the column, counted in characters from 1).
# query_error DESC ERE QUERY...
query_error() {
	local desc=$1 re=$2; shift 2
	"$SEARCH" -d "$A" -- "$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$? msg
	msg=$(cat "$TMP/err")
	if [ $rc -eq 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] &&
		grep -q -E "^rubric-search: .*$re" "$TMP/err"; then ok "$desc"
	else not_ok "$desc" "expected: exit 2, one line matching /$re/, no output" \
		"actual: exit $rc, stdout $(wc -c <"$TMP/out") bytes, stderr: $msg"; fi
}
query_error "(cassez" "unmatched '\(' at column 1\$" '(cassez'
query_error "cassez (vallarta" "unmatched '\(' at column 8\$" 'cassez (vallarta'
query_error "((cassez)" "unmatched '\(' at column 1\$" '((cassez)'
query_error "Élysée (cassez: column in characters" "unmatched '\(' at column 8\$" 'Élysée (cassez'
query_error "cassez ( vallarta as 3 arguments" "unmatched '\(' at column 8\$" cassez '(' vallarta
query_error "cassez)" "unmatched '\)' at column 7\$" 'cassez)'
query_error ")" "unmatched '\)' at column 1\$" ')'
query_error "(cassez))" "unmatched '\)' at column 9\$" '(cassez))'
query_error "()" "parenthes.* at column 1\$" '()'
query_error "cassez ( )" "parenthes.* at column 8\$" 'cassez ( )'
query_error "title: alone" "title:.* at column 1\$" 'title:'
query_error "cassez path:" "path:.* at column 8\$" 'cassez path:'
query_error "punctuation only" "no words" '...!?'
query_error "empty phrase" "no words" '""'
query_error "NOT alone" "no words" 'NOT'
query_error "OR alone" "no words" 'OR'
query_error "- alone" "no words" '-'
# More than 1,024 words (words, prefixes and the words of phrases) is
# refused, naming both numbers; 1,024 is searched.
query_error "1,025 words" "1025 words; at most 1024" \
	"$(for ((i = 0; i < 1022; i++)); do printf 'w%d ' $i; done) cassez \"supreme court\""
"$SEARCH" -d "$A" -c -- "$(for ((i = 0; i < 1023; i++)); do printf 'w%d OR ' $i; done) cassez" >"$TMP/out" 2>"$TMP/err"
check_eq "1,024 words OR-ed: searched (the passages saying cassez)" \
	"$(art_lines '\bcassez' | wc -w)" "$(cat "$TMP/out")"

# Whatever the query, no crash: exit 0, 1 or 2, and no sanitizer report.
deep_not=$(printf 'NOT %.0s' {1..10000})cassez
deep_paren=$(printf '(%.0s' {1..10000})cassez$(printf ')%.0s' {1..10000})
odd=('"' '""""' '(' '((((' ')))' '(-)' '-(' '--' '+' '+cassez' '*' '**' 'a*' '"*"'
	'NEAR' 'NEAR/5' 'NEAR/0' 'cassez NEAR/0 vallarta' 'cassez NEAR/99999 vallarta'
	'cassez NEAR/x vallarta' '(cassez OR court) NEAR vallarta' 'cassez NEAR vallar*'
	'title:"' 'title:""' 'path:*' 'title:title:x' 'title:(cassez)' ':' 'OR OR'
	'AND' 'NOT NOT NOT' 'NOT NOT cassez' 'cassez OR -cassez' '-cassez -vallarta'
	'cassez -(' $'cassez\tvallarta' 'é*' $'\xff\xfe cassez' 'title:cassez -title:cassez'
	"$deep_not" "$deep_paren")
for q in "${odd[@]}"; do
	"$SEARCH" -d "$A" -c -- "$q" >"$TMP/out" 2>"$TMP/err"; rc=$?
	desc="no crash: $(printf '%s' "$q" | head -c 40 | tr '\t\n' '  ')"
	if [ $rc -le 2 ] && [ -z "$(sanitizer_report)" ]; then ok "$desc"
	else not_ok "$desc" "exit $rc" "$(sanitizer_report)"; fi
done

# Did you mean: a misspelt word gets the index's nearest word, on stderr,
# exit 1; with --json a suggestion object too; nothing when the query matches.
# (--no-partial: without it "cassez valarta" shows passages lacking valarta,
# tests/cli/file_match.sh.)
for pair in 'cassex:cassez' 'valarta:vallarta' 'cassez valarta:cassez vallarta'; do
	q=${pair%%:*} fix=${pair#*:}
	run_query "$A" "$q" --no-partial
	check_eq "did you mean, $q: exit 1, stdout empty, stderr" \
		"1||did you mean: $fix" "$rc|$(cat "$TMP/out")|$(cat "$TMP/err")"
done
n_cassez=$(art_lines '\bcassez\b' | wc -w)
run_query "$A" cassex --json
check_eq "did you mean, --json cassex: a suggestion object" \
	"1 {\"type\":\"suggestion\",\"query\":\"cassez\",\"count\":$n_cassez}" \
	"$rc $(jq -c '{type, query, count}' <"$TMP/out" 2>&1)"
run_query "$A" cassex -c
check_eq "did you mean, -c cassex: 0, exit 1, suggestion on stderr" \
	"1 0 did you mean: cassez" "$rc $(cat "$TMP/out") $(cat "$TMP/err")"
run_query "$A" cassez
check_eq "cassez matches: exit 0, no suggestion" "0|" "$rc|$(cat "$TMP/err")"
run_query "$A" cassez --json
check_eq "--json cassez matches: only hits" "hit" "$(jq -r .type <"$TMP/out" | sort -u)"
run_query "$A" qqqqqqqq
check_eq "nothing close to qqqqqqqq: exit 1, no suggestion" "1|" "$rc|$(cat "$TMP/err")"

# --bm25 K1,B: the default is 1.2,0.75; other values change the scores, not
# the hits; bad values are refused before searching.
score() { "$SEARCH" -d "$A" -n 1 --json "$@" -- cassez 2>/dev/null | jq -r .score; }
s_def=$(score) s_same=$(score --bm25 1.2,0.75) s_other=$(score --bm25 2,1)
check_eq "--bm25 1.2,0.75: the default score" "$s_def" "$s_same"
if [ -n "$s_def" ] && [ -n "$s_other" ] && [ "$s_def" != "$s_other" ]; then ok "--bm25 2,1: another score"
else not_ok "--bm25 2,1: another score" "default $s_def, --bm25 2,1 $s_other"; fi
check_eq "--bm25 1.2,0.75: the same hits" "$(art_lines '\bcassez\b')" \
	"$("$SEARCH" -d "$A" -n 1000 --bm25 1.2,0.75 cassez | hit_lines)"
check_status "--bm25 0,0: accepted" 0 "$SEARCH" -d "$A" --bm25 0,0 cassez
for v in 1.2 x,y -1,0.5 1,2 1,-0.1 1,0.5x '' ',' nan,0.5 1,nan inf,0.5; do
	"$SEARCH" -d "$A" --bm25 "$v" cassez >"$TMP/out" 2>"$TMP/err"; rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$TMP/out" ] && grep -q -e '--bm25' "$TMP/err"; then ok "--bm25 '$v': refused"
	else not_ok "--bm25 '$v': refused" "exit $rc, stdout $(wc -l <"$TMP/out") lines, stderr: $(head -c 200 "$TMP/err")"; fi
done

done_testing
