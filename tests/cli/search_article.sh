# rubric-search on the Florence Cassez article: which passages each query
# finds, and the exit statuses and messages of the error cases.
# Expected lines come from the article itself (one paragraph per line).
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
index_article

# search QUERY...: the sorted LINE numbers of every hit (no limit in the way).
search_lines() { "$SEARCH" -d "$DB" -n 1000 "$@" 2>"$TMP/err" | hit_lines; }

# query ; expected lines ("grep:ERE" fields: the lines matching every ERE)
table=(
	'kidnap;grep:\bkidnap(ping|pings)?\b'
	'Kidnappings;grep:\bkidnap(ping|pings)?\b'
	'"supreme court";53'
	'Élysée;57'
	'ELYSEE;57'
	'elysee;57'
	'cassez;grep:\bcassez\b'
	# lines 23 and 25 hold both; the lines holding either join them, marked
	'arrested mexican;grep:\b(arrest(s|ed|ing)?|mexicans?)\b'
	'"kidnapping gang";25 59'
	'11-year-old;33'
)
for row in "${table[@]}"; do
	IFS=';' read -r -a f <<<"$row"
	q=${f[0]} want= res=()
	for e in "${f[@]:1}"; do
		case $e in grep:*) res+=("${e#grep:}") ;; *) want=$e ;; esac
	done
	[ ${#res[@]} -gt 0 ] && want=$(grep_lines "$ART" "${res[@]}")
	# unquoted words become separate arguments, as a user would type them
	if [[ $q == \"* ]]; then args=("$q"); else read -r -a args <<<"$q"; fi
	check_eq "search $q: lines" "$want" "$(search_lines "${args[@]}")"
done

# An apostrophe (ASCII or curly) does not stop Cassez's from matching line 33.
for q in "cassez's" "cassez’s" "Cassez’s voice"; do
	read -r -a args <<<"$q"
	case " $(search_lines "${args[@]}") " in
	*" 33 "*) ok "search $q: includes line 33" ;;
	*) not_ok "search $q: includes line 33" "lines: $(search_lines "${args[@]}")" ;;
	esac
done

# Both words must match by stem: no passage with "arrested" says Mexico, so
# the article matches as a file: its hit, then a PATH+LINE+ line, hold both
# words between them (passages holding one of them follow, marked).
check_eq "arrested mexico: no passage holds both" "" \
	"$(grep_lines "$ART" '\barrest(s|ed|ing)?\b' '\bmexico\b')"
check_status "search arrested mexico: exit 0" 0 "$SEARCH" -d "$DB" arrested mexico
hit=$(sed -nE '1s/^[^:+]*:([0-9]+): .*/\1/p' "$TMP/out")
other=$(sed -nE '2s/^[^:+]*\+([0-9]+)\+ .*/\1/p' "$TMP/out")
check_eq "search arrested mexico: the rest are marked partial hits" "" \
	"$(sed -n '3,$p' "$TMP/out" | grep -v ': \[missing: ')"
arrested=" $(grep_lines "$ART" '\barrest(s|ed|ing)?\b') "
mexico=" $(grep_lines "$ART" '\bmexico\b') "
if [[ $arrested == *" $hit "* && $mexico == *" $other "* ]] ||
	[[ $mexico == *" $hit "* && $arrested == *" $other "* ]]; then
	ok "search arrested mexico: one hit, its passages hold one word each"
else
	not_ok "search arrested mexico: one hit, its passages hold one word each" \
		"hit line $hit, others $other" "arrested:$arrested mexico:$mexico"
fi

# A phrase keeps its word order.
check_status 'search "court supreme": exit 1' 1 "$SEARCH" -d "$DB" '"court supreme"'
check_eq 'search "court supreme": no output' "" "$(cat "$TMP/out")"
check_eq 'search "court supreme": nothing on stderr' "" "$(cat "$TMP/err")"
check_status 'search "supreme court": exit 0' 0 "$SEARCH" -d "$DB" '"supreme court"'
check_eq 'search "supreme court": exactly one hit' 1 "$(wc -l <"$TMP/out")"

# Errors: exit 2, one line on stderr, "rubric-search: ...", nothing on stdout.
# error_case DESC CMD...
error_case() {
	local desc=$1; shift
	check_status "$desc: exit 2" 2 "$@"
	check_eq "$desc: nothing on stdout" "" "$(cat "$TMP/out")"
	check_eq "$desc: one line on stderr" 1 "$(wc -l <"$TMP/err")"
	if grep -q '^rubric-search: .' "$TMP/err"; then ok "$desc: message starts with rubric-search:"
	else not_ok "$desc: message starts with rubric-search:" "stderr: $(cat "$TMP/err")"; fi
}
error_case "missing index" "$SEARCH" -d "$TMP/none" kidnap
[ -e "$TMP/none" ] && not_ok "missing index is not created" || ok "missing index is not created"
error_case "empty query" "$SEARCH" -d "$DB" ''
error_case "punctuation-only query" "$SEARCH" -d "$DB" '...!?'
error_case "no query" "$SEARCH" -d "$DB"
check_status "unknown option: exit 2" 2 "$SEARCH" -d "$DB" --no-such-option kidnap
check_eq "unknown option: nothing on stdout" "" "$(cat "$TMP/out")"
if grep -q -e '--no-such-option' "$TMP/err"; then ok "unknown option: named on stderr"
else not_ok "unknown option: named on stderr" "stderr: $(head -n 3 "$TMP/err")"; fi

done_testing
