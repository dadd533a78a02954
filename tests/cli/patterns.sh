# Patterns in the query language (issue 35): /REGEX/ (PCRE2, caseless,
# /REGEX/c case-sensitive, ^ and $ a line's ends) and *part* of a word
# (the index's words holding it), combined with words,
# fields and NOT; their highlights and byte offsets; a pattern that does
# not compile; one stopped by its limits; and, for a dozen patterns, the
# lines rubric finds equal to the lines `rg -n -i` finds in the same files.
#
# The fixtures, tests/data/patterns/: short paragraphs (one passage each,
# every line of a passage a line of its file).  kernel.txt: panics with
# hex codes (lines 3-4, and 6-7 in a passage that says "test");
# versions.txt: version numbers (3-5) and error codes (7-8) under the
# title "Release notes"; mixed.txt: words holding "loop" (3-5), accented
# words (7-8), and a line of 42 a's then b (10); long.txt: line 3 is two
# sentences of 60 and 59 words, split into two passages at the first's end
# ("... ends here." and "Zebra ... zebras.").  Expected hits worked out
# by hand from their text, written NAME:LINE (a passage's first line).
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
FIX=tests/data/patterns
DB=$TMP/idx
"$INDEX" -q -d "$DB" "$FIX" 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?

# run_query QUERY [OPTION...]: output in $TMP/out, $TMP/err, status in $rc.
run_query() {
	local q=$1; shift
	"$SEARCH" -d "$DB" -n 1000 "$@" -- "$q" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
# The hits of $TMP/out (PATH:LINE: TEXT) as NAME:LINE, sorted.
fix_hits() { sed -nE 's#^([^:]*/)?([^/:]*)\.txt:([0-9]+): .*#\2:\3#p' | sort | paste -sd' ' -; }

# query ; expected NAME:LINE hits (nothing: exit 1, else exit 0);
# "--no-partial " before the query is that option
table=(
	# each form: caseless by default, /c and (?-i) case-sensitive
	'/panic: 0x[0-9a-f]+/;kernel:3 kernel:6'
	'/PANIC: 0X[0-9A-F]+/;kernel:3 kernel:6'
	'/^version/;versions:3'
	'/^version/c;versions:3'
	'/^Version/c;versions:3'
	'/^VERSION \d/c;versions:3'
	'/(?-i)^Version 2/;versions:3'
	'/(?-i)^version 2/;'
	# ^ and $ are a line's ends, not the passage's
	'/^the kernel/;kernel:3'
	'/at boot$/;kernel:3'
	'/^kernel said/;'
	# ... of the file: a passage that starts or ends inside a line (a long
	# line split) has no line start or end there
	'/^alpha/;long:3'
	'/^zebra/;'
	'/ends here\.$/;'
	'/zebras\.$/;long:3'
	# a match across the split: the pattern reads whole lines, as rg does,
	# and lights up each passage it overlaps
	'/here\. zebra/;long:3'
	# no literal word: every passage read
	'/\d{4}/;versions:7'
	'/(kernel|error) \w+/;kernel:1 kernel:3 kernel:6 versions:7'
	# literals inside words: narrowed by the words holding them
	'/loop/;mixed:3'
	'/perloop/;mixed:3'
	'/yperl/;mixed:3'
	'/\bhoop\b/;mixed:3'
	'/\bloops?\b/;mixed:3'
	# Unicode: caseless, accents as written
	'/caf[eé]/;mixed:7'
	'/brûlée/;mixed:7'
	'/café\b/c;mixed:7'
	# combined with words and NOT
	'kernel /panic: 0x[0-9a-f]+/ -test;kernel:3'
	'--no-partial /panic: 0x[0-9a-f]+/ test;kernel:6'
	'kernel -/panic/;kernel:1'
	'/panic/ OR /E\d{4}/;kernel:3 kernel:6 versions:7'
	'(/panic/ boot) OR disk;kernel:3 versions:7'
	# fields: the title's and the path's text is what the pattern reads
	'title:/^release/;versions:1 versions:3 versions:7'
	'title:/^release/ /\d+\.\d+\.\d+/;versions:3'
	'path:/vers?ions\.txt$/ error;versions:7'
	'/panic/ -path:/^.*kernel/;'
	'/error/ -title:/notes/;'
	# *part*: the index's words holding it, OR-ed (hyperloop, hyperloops,
	# loop; not hoop)
	'*loop*;mixed:3'
	'*LOOP*;mixed:3'
	'*erlo*;mixed:3'
	'*zzz*;'
	'kernel -*eadb*;kernel:1 kernel:6'
	'--no-partial *oop* test;mixed:3'
	'title:*eleas*;versions:1 versions:3 versions:7'
	'*ersio* /\d+\.\d+/;versions:3'
	# a file whose passages hold the parts apart is a hit (its best passage)
	'*eleas* /\d+\.\d+/;versions:1'
)
for row in "${table[@]}"; do
	IFS=';' read -r q want <<<"$row"
	opt=()
	[[ $q == "--no-partial "* ]] && { opt=(--no-partial); q=${q#--no-partial }; }
	run_query "$q" "${opt[@]}"
	got=$(fix_hits <"$TMP/out")
	if [ -z "$want" ]; then
		check_eq "$q: nothing, exit 1" "1:" "$rc:$got"
	else
		check_eq "$q: $want" "0:$want" "$rc:$got"
	fi
done

# Highlights: where the pattern matched, byte offsets into the passage's
# text.  kernel.txt:3's text is "kernel panic: 0x1f at boot\nthe kernel
# said panic: 0xdeadbeef twice": "panic: 0x1f" is bytes 7-18, the second
# line starts at 27, "panic: 0xdeadbeef" at 43-60.
hl() { "$SEARCH" -d "$DB" --json -- "$1" | jq -c 'select(.line == '"$2"') | .highlights'; }
check_eq "JSON highlights of a pattern" '[[7,18],[43,60]]' "$(hl '/panic: 0x[0-9a-f]+/' 3)"
# with a word: the word's own highlights beside the pattern's (kernel: 0-6, 31-37)
check_eq "JSON highlights of a word and a pattern" '[[0,6],[7,18],[31,37],[43,60]]' \
	"$(hl 'kernel /panic: 0x[0-9a-f]+/' 3)"
# overlapping ranges are joined: "panic" (7-12) inside "panic: 0x1f"
check_eq "JSON highlights joined where they overlap" '[[7,18],[43,60]]' \
	"$(hl 'panic /panic: 0x[0-9a-f]+/' 3)"
# byte offsets, not characters: "Crème brûlée costs €5 at the café." has
# "brûlée" at bytes 7-15 (è and û take two bytes each)
check_eq "JSON highlights are byte offsets" '[[7,15]]' "$(hl '/br.l.e/' 7)"
# *part* lights up each word holding it: mixed.txt:3's text is
# "Unbelievable results from the Hyperloop test.\nThe hyperloops were
# tested.\nA loop and a hoop." (lines at 0, 46 and 74)
check_eq "JSON highlights of *loop*" '[[30,39],[50,60],[76,80]]' "$(hl '*loop*' 3)"
# TSV and TREC show no highlights; text shows them in colour
"$SEARCH" -d "$DB" --color=always -- '/panic: 0x[0-9a-f]+/' >"$TMP/out" 2>&1
check_eq "text: the matches in colour" 'panic: 0x1f|panic: 0xdeadbeef|panic: 0x42' \
	"$(grep -o $'\e\\[1;31m[^\e]*' "$TMP/out" | sed 's/^.*m//' | paste -sd'|' -)"

# Other formats: -c counts the passages (kernel.txt:3 and :6), -l the
# files, TSV a row a passage
check_eq "-c /panic/" 2 "$("$SEARCH" -d "$DB" -c -- '/panic/')"
check_eq "-l /panic|error/" "kernel.txt versions.txt" \
	"$("$SEARCH" -d "$DB" -l -- '/panic|error/' 2>/dev/null | sed 's#.*/##' | sort | paste -sd' ' -)"
check_eq "TSV: a row a passage" "kernel.txt:3 kernel.txt:6" \
	"$("$SEARCH" -d "$DB" --format tsv -- '/panic: 0x[0-9a-f]+/' | cut -f3,4 | sed 's#.*/##; s#\t#:#' | paste -sd' ' -)"

# --explain: a pattern's line counts its matches in the passage (two in
# kernel.txt:3)
check_eq "--explain: a pattern's matches" 1 \
	"$("$SEARCH" -d "$DB" --explain -- 'kernel /panic: 0x[0-9a-f]+/' | grep -c '^    [0-9.]*  /panic: 0x\[0-9a-f\]+/ (2 in the passage')"

# Errors: a pattern that does not compile, with its column (the PCRE2
# error's offset: `x(` is missing its ')' at the pattern's end, column 11)
run_query 'kernel /x(/'
check_eq "a pattern that does not compile: exit 2" 2 "$rc"
check_eq "... says why and where" \
	"rubric-search: query: pattern /x(/ does not compile: missing closing parenthesis at column 11" \
	"$(cat "$TMP/err")"
run_query '/a{2,1}/'
check_eq "a bad quantifier: exit 2, its column" \
	"2:rubric-search: query: pattern /a{2,1}/ does not compile: numbers out of order in {} quantifier at column 7" \
	"$rc:$(cat "$TMP/err")"
# a slash without its closing one is a word, as before patterns
run_query '/usr/bin'
check_eq "/usr/bin: words, not a pattern (exit 1)" 1 "$rc"
# NEAR joins words and phrases only
run_query 'kernel NEAR /panic/'
check_eq "NEAR with a pattern: exit 2" 2 "$rc"

# A pattern that backtracks without end: stopped by its limits, said so
t0=$(ms)
run_query '/(a+)+$/'
t1=$(ms)
check_eq "/(a+)+\$/: stopped, nothing found (exit 1)" 1 "$rc"
check_eq "... says it was stopped" 1 "$(grep -c 'pattern /(a+)+\$/ stopped: catastrophic backtracking' "$TMP/err")"
check_eq "... in under 5 s" 1 "$(( (t1 - t0) < 5000 * SLOW ))"
# A pattern without a literal word: read on every passage (the fixtures' 13:
# kernel 3, versions 3, mixed 4, long 3; 20 lines read: of their 21
# non-empty lines, versions.txt:8 is not, its passage matched on line 7),
# with its cost
run_query '/\d{4}/'
check_eq "no literal: the scan and its cost on stderr" 1 \
	"$(grep -cE '^rubric-search: pattern /\\d\{4\}/ has no literal word to narrow by: checked on every passage the rest of the query allows \(13 passages, 20 lines' "$TMP/err")"
run_query '/panic: 0x/'
check_eq "a literal: no note" "" "$(cat "$TMP/err")"

# JSON's "lines": the lines of the file a pattern matched in the passage,
# not those of the query's words (kernel.txt:6-7 say "kernel" on both,
# "panic: 0x42" on 6 only); kept when --max-chars cuts the text
check_eq "JSON lines: the pattern's, not the words'" '[3,4] [6]' \
	"$("$SEARCH" -d "$DB" --json -- 'kernel /panic: 0x[0-9a-f]+/' | jq -c .lines | sort | paste -sd' ' -)"
check_eq "JSON lines with --max-chars 20" '[3]' \
	"$("$SEARCH" -d "$DB" --json --max-chars 20 -- '/zebras/' | jq -c .lines)"
check_eq "JSON: no lines without a pattern" 'null' \
	"$("$SEARCH" -d "$DB" --json -- 'zebras' | jq -c .lines)"

# The same lines as ripgrep: for each pattern, the (file, line) pairs
# rubric reports (JSON's "lines" of each hit and of its "others") equal
# `rg -n -i --no-heading`'s.
json_lines() {
	"$SEARCH" -d "$DB" -n 1000 --json -- "/$1/" 2>/dev/null | jq -r 'select(.type == "hit")
		| (.path | sub(".*/"; "")) as $f | ([.] + (.others // []))[] | .lines // [] | .[]
		| $f + ":" + tostring' | sort -u | paste -sd' ' -
}
rg_lines() {
	rg -n -i --no-heading -e "$1" "$FIX" | sed -nE 's#^([^:]*/)?([^/:]*):([0-9]+):.*#\2:\3#p' |
		sort | paste -sd' ' -
}
if command -v rg >/dev/null; then
	for re in 'panic: 0x[0-9a-f]+' 'version \d+\.\d+' '^version' 'e\d{4}' '[0-9]+\.[0-9]+\.[0-9]+' \
		  'hyperloops?' '\bloops?\b' 'te(s|x)t' '(kernel|error)' 'said.*0x' 'oo' \
		  'caf[eé]' '^the' 'boot$' '\d{4}' '^alpha' 'zebras\.$' 'here\. zebra'; do
		want=$(rg_lines "$re")
		[ -n "$want" ] || { not_ok "rg finds lines for /$re/"; continue; }
		check_eq "/$re/: rg's lines" "$want" "$(json_lines "$re")"
	done
	# The bench's pattern queries (tests/bench/patterns.tsv: rubric's form,
	# rg's form) on the same files: tests/data/patterns-bench/bench.txt has a line each matches and a
	# line that comes close.  A hit's lines are its JSON "lines" (a regex),
	# else the lines its highlights start on (a *part*; ASCII text, so the
	# byte offsets index jq's string).
	BFIX=$TOP/tests/data/patterns-bench
	"$INDEX" -q -d "$TMP/bench.db" "$BFIX"
	bench_lines() {
		"$SEARCH" -d "$TMP/bench.db" -n 1000 --json -- "$1" 2>/dev/null | jq -r 'select(.type == "hit")
			| (.path | sub(".*/"; "")) as $f | ([.] + (.others // []))[]
			| if .lines then .lines[]
			  else . as $h | .highlights[] | $h.line + ($h.text[0:.[0]] | [scan("\n")] | length)
			  end | $f + ":" + tostring' | sort -u | paste -sd' ' -
	}
	while IFS=$'\t' read -r name rubric _ _ _ rg; do
		case $name in '#'* | '') continue ;; esac
		want=$(FIX=$BFIX rg_lines "$rg")
		[ -n "$want" ] || { not_ok "bench $name: rg finds lines for $rg"; continue; }
		check_eq "bench $name, $rubric: rg's lines" "$want" "$(bench_lines "$rubric")"
	done <"$TOP/tests/bench/patterns.tsv"
else
	not_ok "ripgrep (rg) is installed (make deps)"
fi

done_testing
