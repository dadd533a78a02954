# rubric-search on hostile queries: 10,000 random and adversarial queries
# (random bytes, operator soup, unbalanced quotes and parentheses, deep
# nesting, empty field prefixes, wildcards, NEAR/0 and NEAR/999999, long
# queries) and a set of extreme ones (100 KB, 10,000 levels deep). Each is
# answered within a time bound with status 0, 1 or 2: never a crash, a
# hang or a sanitizer report. The queries come from a fixed seed.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
# A sanitizer report exits 86 (ASan, LSan) or 87 (UBSan), never 0, 1 or 2.
sanitizer_exit_codes
BOUND=$((5 * SLOW)) # seconds a query may take, under ASan

# --- the index: the article, generated files, odd text -----------------------
mkdir docs
gen_corpus docs 0 30 3
printf 'Élysée straße 東京 日本語 café naïve 11-year-old Cassez’s\n\nkidnap NEAR words\n' >docs/unicode.txt
printf 'bad \xC0\xAF bytes \xFF here café naïve über\n' >docs/bad.txt
"$INDEX" -q -d db "$TOP/corpus/article" docs 2>/dev/null
check_eq "the index for the queries builds" 1 "$(test -e db/XAPIANDB && echo 1)"

# --- 10,000 queries from a fixed seed -------------------------------------------
# An LCG of our own, so any awk writes the same bytes (LC_ALL=C: %c is a
# byte). Eight kinds, by query number mod 8: words and operators; random
# bytes (no NUL, no newline); operators only; quotes and parentheses,
# unbalanced; nesting up to 300 deep; field prefixes with nothing or an
# operator after; 50 to 500 words; words with random bytes between.
GEN='function rnd(n) { seed = (seed * 69069 + 1) % 4294967296; return int(seed / 4294967296 * n) }
function pick(a, n) { return a[rnd(n) + 1] }
function rbytes(n,   s, i, c) { s = ""; for (i = 0; i < n; i++) { c = 1 + rnd(255); if (c == 10) c = 32; s = s sprintf("%c", c) } return s }
BEGIN {
	seed = 20261128
	nv = split("cassez mexico kidnap kidnapping florence supreme court victory release " \
		"hollande elysee Élysée ÉLYSÉE prison witnesses the of a and lorem ipsum everyword " \
		"u5x g3x 11-year-old Cassez’s don'"'"'t ß straße 東京 日本語 😀 café naïve x y z " \
		"OR AND NOT NEAR NEAR/3 NEAR/0 NEAR/1 NEAR/1000 NEAR/1001 NEAR/999999 NEAR/-1 NEAR/ NEAR/x " \
		"- + -- ++ ( ) \" \"\" () )( title: path: title:cassez path:article title:\"supreme " \
		"* ** c* ca* *a kid* : :: or and not near", v, " ")
	no = split("OR AND NOT NEAR NEAR/0 NEAR/2 NEAR/999999 - + ( ) \" * title: path: : --", o, " ")
	for (q = 0; q < N; q++) {
		k = q % 8; s = ""
		if (k == 0) { n = 1 + rnd(12); for (i = 0; i < n; i++) s = s (i && rnd(5) ? " " : "") pick(v, nv) }
		else if (k == 1) s = rbytes(1 + rnd(64))
		else if (k == 2) { n = 1 + rnd(30); for (i = 0; i < n; i++) s = s (i && rnd(4) ? " " : "") pick(o, no) }
		else if (k == 3) { n = 1 + rnd(40); for (i = 0; i < n; i++) { r = rnd(6)
			s = s (r == 0 ? "(" : r == 1 ? ")" : r == 2 ? "\"" : r == 3 ? " " : pick(v, nv)) } }
		else if (k == 4) { d = 1 + rnd(300); w = rnd(3); op = w == 0 ? "(" : w == 1 ? "NOT " : "-"
			for (i = 0; i < d; i++) s = s op; s = s pick(v, nv)
			if (w == 0) { c = rnd(2) ? d : rnd(d + 2); for (i = 0; i < c; i++) s = s ")" } }
		else if (k == 5) { n = 1 + rnd(4); for (i = 0; i < n; i++) { f = rnd(2) ? "title:" : "path:"; r = rnd(6)
			s = s (i ? " " : "") f (r == 0 ? "" : r == 1 ? "(" : r == 2 ? "\"" : r == 3 ? pick(o, no) : r == 4 ? "*" : pick(v, nv)) } }
		else if (k == 6) { n = 50 + rnd(450); for (i = 0; i < n; i++) s = s (i ? " " : "") pick(v, nv) }
		else { n = 1 + rnd(10); for (i = 0; i < n; i++) s = s (i ? " " : "") (rnd(2) ? pick(v, nv) : rbytes(1 + rnd(6))) }
		printf "q%d\t%s\n", q, s
	}
}'
NQ=10000
LC_ALL=C awk -v N=$NQ "$GEN" >queries.txt
check_eq "$NQ queries generated, one a line" $NQ "$(wc -l <queries.txt)"

# bad_status RC: true when RC is not an answer (0, 1, 2)
bad_status() { [ "$1" -gt 2 ]; }
# why RC ERRFILE: a one-line account of a bad exit
why() {
	local what="exit $1"
	case $1 in 86) what="ASan report" ;; 87) what="UBSan report" ;; 124|137) what="over the time bound" ;;
	*) [ "$1" -gt 128 ] && what="signal $(($1 - 128))" ;; esac
	echo "$what: $({ grep -a -m1 -E 'ERROR: |runtime error' "$2" || grep -a -m1 . "$2"; } | head -c 160)"
}

# --- 1. all 10,000 through --queries-from (one process) ----------------------------
if "$SEARCH" --help 2>&1 | grep -q -- --queries-from; then
	start=$(date +%s)
	timeout -k 5 $((300 * SLOW)) "$SEARCH" -d db --json --stats -n 3 --queries-from queries.txt >all.json 2>all.err
	rc=$?
	if bad_status $rc; then not_ok "--queries-from, $NQ queries: exit 0, 1 or 2 (in $(($(date +%s) - start)) s)" "$(why $rc all.err)" \
		"last answered: $(tail -n 1 all.json | head -c 100)"
	else ok "--queries-from, $NQ queries: exit $rc (in $(($(date +%s) - start)) s)"; fi
	check_eq "--queries-from: no sanitizer report" "" "$(grep -a -m1 -E 'Sanitizer|runtime error' all.err)"
	check_eq "--queries-from: every line of output is JSON" "$(wc -l <all.json)" \
		"$(jq -c . <all.json 2>/dev/null | wc -l)"
	# Each query answered once: a summary, or one "query QID: why" line.
	{ jq -r 'select(.type == "summary") | .qid' <all.json 2>/dev/null
	  LC_ALL=C sed -nE 's/^rubric-search: query (q[0-9]+): .*/\1/p' all.err; } | LC_ALL=C sort >answered
	cut -f1 queries.txt | LC_ALL=C sort >asked
	check_eq "--queries-from: each query answered exactly once (a summary or an error line)" \
		"" "$(LC_ALL=C diff asked answered | grep '^[<>]' | head -n 4 | tr '\n' ' ')"
	check_eq "--queries-from: nothing else on stderr" "" \
		"$(grep -a -v -E '^rubric-search: query q[0-9]+: ' all.err | head -n 2 | tr '\n' ' ')"
	slow=$(jq -r --argjson b $BOUND 'select(.type == "summary" and .elapsed > $b) | "\(.qid) \(.elapsed)"' <all.json 2>/dev/null | head -n 3)
	check_eq "--queries-from: each query within $BOUND s (the summary's elapsed)" "" "$slow"
	HAVE_QF=1
else
	ok "--queries-from # SKIP rubric-search has no --queries-from"
	HAVE_QF=0
fi

# --- 2. a sample of 400 as processes, in the four output modes --------------------
MODES=(-c --json -l "")
n=0 bad=() slow=0 t0=$(date +%s)
while IFS=$'\t' read -r qid q; do
	n=$((n + 1))
	[ $((n % 25)) -eq 0 ] || continue
	m=${MODES[$((n / 25 % 4))]}
	timeout -k 1 $BOUND "$SEARCH" -d db $m -- "$q" >out 2>err
	rc=$?
	if bad_status $rc; then bad+=("$qid $m: $(why $rc err)")
	elif [ "$m" = --json ] && [ "$(jq -c . <out 2>/dev/null | wc -l)" != "$(wc -l <out)" ]; then
		bad+=("$qid --json: output not JSON Lines")
	fi
done <queries.txt
if [ ${#bad[@]} -eq 0 ]; then ok "400 queries as processes (-c, --json, -l, text): each exit 0, 1 or 2 within $BOUND s ($(($(date +%s) - t0)) s)"
else not_ok "400 queries as processes: each exit 0, 1 or 2 within $BOUND s" "${#bad[@]} failed:" "${bad[@]:0:5}"; fi

# --- 3. extreme queries, one process each -------------------------------------------
# rep N TEXT: TEXT N times
rep() { local s=$2 out=""; local n=$1; while [ $n -gt 0 ]; do ((n & 1)) && out+=$s; s+=$s; n=$((n >> 1)); done; printf '%s' "$out"; }
words=$(LC_ALL=C awk 'BEGIN { seed = 7; while (length(s) < 100000) { seed = (seed * 69069 + 1) % 4294967296
	s = s sprintf("w%d ", int(seed / 4294967296 * 100000)) } print substr(s, 1, 100000) }')
rbytes=$(LC_ALL=C awk 'BEGIN { seed = 11; for (i = 0; i < 100000; i++) { seed = (seed * 69069 + 1) % 4294967296
	c = 1 + int(seed / 4294967296 * 255); printf "%c", c } }')
EXTREME=(
	"100 KB of random words|$words"
	"100 KB of 'cassez OR'|$(rep 10000 'cassez OR ')"
	"100 KB of random bytes|$rbytes"
	"100 KB of operators only|$(rep 4000 'OR AND NOT NEAR - " ( ) ')"
	"5,000 distinct terms|$(for ((i = 0; i < 5000; i++)); do printf 't%d ' $i; done)"
	"10,000 nested parentheses|$(rep 10000 '(')cassez$(rep 10000 ')')"
	"10,000 unclosed '('|$(rep 10000 '(')cassez"
	"10,000 unopened ')'|cassez$(rep 10000 ')')"
	"10,000 nested NOT|$(rep 10000 'NOT ')cassez"
	"10,000 nested -( |$(rep 10000 '-(')cassez$(rep 10000 ')')"
	"10,001 quotes|$(rep 10001 '"')"
	"5,000 'cassez NEAR'|$(rep 5000 'cassez NEAR ')mexico"
	"1,000 wildcards c*|$(rep 1000 'c* ')"
	"1,000 'title:' prefixes|$(rep 1000 'title:')cassez"
	"title: alone|title:"
	"path: alone|path:"
	"title: path: (nothing after either)|title: path:"
	"title:( |title:("
	"path:\" |path:\""
	"* alone|*"
	"x* (no word starts so)|x*"
	"NEAR/0 alone|NEAR/0"
	"NEAR/999999 alone|NEAR/999999"
	"cassez NEAR/0 mexico|cassez NEAR/0 mexico"
	"cassez NEAR/999999 mexico|cassez NEAR/999999 mexico"
	"operators only|OR AND NOT NEAR - \" ( )"
	"unbalanced quote|\"supreme court"
	"a lone '-'|-"
	"control characters|$(printf 'cassez\x01\x02\x1b[31m\x7f\tmexico\r\v\f')"
	"invalid UTF-8|$(printf 'cassez \xC0\xAF \xED\xA0\x80 \xF5\xFF \xE2\x82 mexico')"
)
for e in "${EXTREME[@]}"; do
	desc=${e%%|*} q=${e#*|}
	timeout -k 1 $BOUND "$SEARCH" -d db -c -- "$q" >out 2>err
	rc=$?
	if bad_status $rc; then not_ok "extreme query, $desc (${#q} chars): exit 0, 1 or 2 within $BOUND s" "$(why $rc err)"
	else ok "extreme query, $desc: exit $rc within $BOUND s"; fi
done

# --- 4. the plain build: all 10,000 (when there is one) ------------------------------
PLAIN=$TOP/build/rubric-search
if [ ! -x "$PLAIN" ] || [ "$PLAIN" -ef "$SEARCH" ]; then
	ok "plain build, $NQ queries # SKIP no $PLAIN"
elif [ $HAVE_QF = 1 ] && "$PLAIN" --help 2>&1 | grep -q -- --queries-from; then
	timeout -k 5 $((120 * SLOW)) "$PLAIN" -d db -c --queries-from queries.txt >plain.out 2>plain.err
	rc=$?
	if bad_status $rc; then not_ok "plain build, $NQ queries through --queries-from: exit 0, 1 or 2" "$(why $rc plain.err)"
	else ok "plain build, $NQ queries through --queries-from: exit $rc"; fi
else
	bad=() t0=$(date +%s)
	while IFS=$'\t' read -r qid q; do
		"$PLAIN" -d db -c -- "$q" >/dev/null 2>err
		rc=$?
		bad_status $rc && bad+=("$qid: $(why $rc err)")
		[ $(($(date +%s) - t0)) -gt 100 ] && { bad+=("over 100 s at $qid"); break; }
	done <queries.txt
	if [ ${#bad[@]} -eq 0 ]; then ok "plain build, $NQ queries as processes: each exit 0, 1 or 2"
	else not_ok "plain build, $NQ queries as processes: each exit 0, 1 or 2" "${#bad[@]} failed:" "${bad[@]:0:5}"; fi
fi
done_testing
