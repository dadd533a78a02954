# Reader's questions about the Florence Cassez article, typed as plain words
# (tests/data/query/article-questions.tsv: QUESTION<TAB>LINES, the lines
# worked out from the article). Some questions may legitimately miss, so
# each question's result is a TAP comment and one check asks that at least
# 80% of them have an answering line among the top 3 hits (a hit's "line" and
# the "line" of each of its "others" passages), as issue 12 asks.
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
index_article

QUESTIONS=$TOP/tests/data/query/article-questions.tsv
MIN_QUESTIONS=20
PERCENT=80 # at least this share of the questions answered in the top 3

# shown_lines QUERY...: sets $got to the article lines shown by the top 3 hits
# (each hit's line and its "others" lines), sorted, space-separated, and $rc
# to the exit status of rubric-search.
shown_lines() {
	"$SEARCH" -d "$DB" -n 3 --json "$@" >"$TMP/q.out" 2>"$TMP/q.err"
	rc=$?
	jq -r --arg art "$ART" 'select(.type == "hit" and .rank <= 3 and .path == $art)
		| .line, ((.others // [])[] | .line)' <"$TMP/q.out" 2>/dev/null |
		sort -nu | paste -sd' ' - >"$TMP/q.lines"
	got=$(cat "$TMP/q.lines")
}

# Blank lines of the article: an answer line must not be one of them.
nlines=$(wc -l <"$ART")
blank=" $(grep -n -v '[^[:space:]]' "$ART" | cut -d: -f1 | paste -sd' ' -) "

n=0 answered=0 errors=0 malformed=() n_reach=0 answered_reach=0
lineno=0
while IFS= read -r row || [ -n "$row" ]; do
	lineno=$((lineno + 1))
	case $row in '#'* | '') continue ;; esac
	q=${row%%$'\t'*} want=${row#*$'\t'}
	bad=
	if [[ $row != *$'\t'* || -z ${q//[[:space:]]/} || ! $want =~ ^[0-9]+( [0-9]+)*$ ]]; then
		bad="not QUESTION<TAB>LINES"
	else
		for l in $want; do
			if [ "$l" -lt 1 ] || [ "$l" -gt "$nlines" ] || [[ $blank == *" $l "* ]]; then
				bad="line $l is not a paragraph of the article"
			fi
		done
	fi
	if [ -n "$bad" ]; then malformed+=("$QUESTIONS:$lineno: $bad: $row"); continue; fi

	n=$((n + 1))
	read -r -a words <<<"$q" # as a user types it: one argument per word
	shown_lines "${words[@]}"
	hit=
	for l in $want; do
		case " $got " in *" $l "*) hit=$l; break ;; esac
	done
	# Reachable: some answering passage is among all the hits, full or
	# partial (by a word's stem or, in a partial hit, a related word); the
	# others share nothing with the question that rubric can see.
	"$SEARCH" -d "$DB" -n 1000 --json -- "${words[@]}" 2>/dev/null |
		jq -r 'select(.type == "hit") | .line, ((.others // [])[] | .line)' \
			2>/dev/null | sort -nu | paste -sd' ' - >"$TMP/q.any"
	reachable=
	for l in $want; do
		case " $(cat "$TMP/q.any") " in *" $l "*) reachable=1; break ;; esac
	done
	[ -n "$reachable" ] && n_reach=$((n_reach + 1))
	[ -n "$reachable" ] && [ -n "$hit" ] && answered_reach=$((answered_reach + 1))
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		errors=$((errors + 1))
		echo "# ERROR exit $rc: $q: $(head -c 300 "$TMP/q.err" | tr '\n' ' ')"
	elif [ -n "$hit" ]; then
		answered=$((answered + 1))
		echo "# answered (line $hit): $q -> shown [$got], answers [$want]"
	else
		echo "# missed: $q -> shown [${got:-nothing}], answers [$want] (exit $rc)"
	fi
done <"$QUESTIONS"
echo "# $answered of $n questions answered in the top 3;" \
	"$answered_reach of the $n_reach whose answer is among all of rubric's hits"

if [ ${#malformed[@]} -eq 0 ]; then ok "questions file is well-formed"
else not_ok "questions file is well-formed" "${malformed[@]}"; fi
if [ "$n" -ge "$MIN_QUESTIONS" ]; then ok "at least $MIN_QUESTIONS questions ($n)"
else not_ok "at least $MIN_QUESTIONS questions" "only $n"; fi
if [ "$errors" -eq 0 ]; then ok "no question makes rubric-search fail (exit 0 or 1, never 2)"
else not_ok "no question makes rubric-search fail (exit 0 or 1, never 2)" "$errors questions did"; fi
if [ "$n" -gt 0 ] && [ $((answered * 100)) -ge $((PERCENT * n)) ]; then
	ok "at least $PERCENT% of the questions answered in the top 3 ($answered of $n)"
else
	not_ok "at least $PERCENT% of the questions answered in the top 3" \
		"$answered of $n answered, $(((PERCENT * n + 99) / 100)) needed"
fi

# Two words never in one passage: the article's hit shows line 57 (Hollande)
# and a line naming the Zodiacs (25 or 39), as its line and its "others".
"$SEARCH" -d "$DB" --json zodiacs hollande >"$TMP/zh.out" 2>"$TMP/zh.err"
rc=$?
got=$(jq -r --arg art "$ART" 'select(.type == "hit" and .path == $art)
	| [.line, ((.others // [])[] | .line)] | map(tostring) | join(" ")' \
	<"$TMP/zh.out" 2>/dev/null | head -n 1)
zodiacs=$(grep_lines "$ART" '\bzodiacs\b')
hollande=$(grep_lines "$ART" '\bhollande\b')
has_one() { local x; for x in $2; do [[ " $1 " == *" $x "* ]] && return 0; done; return 1; }
desc="zodiacs hollande: one hit of the article shows a Zodiacs line ($zodiacs) and the Hollande line ($hollande)"
if [ "$rc" -eq 0 ] && has_one "$got" "$zodiacs" && has_one "$got" "$hollande"; then ok "$desc"
else not_ok "$desc" "shown: [${got:-nothing}], exit $rc" "stderr: $(head -c 300 "$TMP/zh.err")"; fi

done_testing
