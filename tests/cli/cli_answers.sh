# rubric-search's command line as users write it, and answers that mean
# what the man page says (issue 32): a -word after the first query word is
# part of the query; -n counts what is printed (files with -l); NEAR/N is
# within N words; a PDF's page and an EPUB's chapter in the text and TSV
# location; -n 0 refused; -d naming a file that is not a stub refused.
# Every fixture is written here; each expected value is worked out from
# the text written (the line numbers from the paragraphs, the files from
# their headers and dates).
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export TZ=UTC  # date: reads dates in local time

mkdir -p docs m lamps near parts
# docs/parts.txt: one passage a paragraph, on lines 1, 3, 5, 7.
printf '%s\n' "gasket fitted in galway" "" "gasket fitted in cork" "" \
	"regression in performance" "" "regression test passed" >docs/parts.txt
mail() { # FILE FROM DATE BODY
	printf 'From: %s\nSubject: lamps\nDate: %s\n\n%s\n' "$2" "$3" "$4" >"m/$1"
}
# lantern -from:bob date:2002..: a.eml and c.eml (b.eml is bob's, d.eml
# is of 2001).
mail a.eml 'Alice Martin <alice@example.org>' 'Thu, 22 Aug 2002 12:36:18 +0000' 'The lantern is lit.'
mail b.eml 'Bob Stone <bob@example.com>' 'Mon, 02 Sep 2002 09:00:00 +0000' 'The lantern can wait.'
mail c.eml 'Erin Moss <erin@example.com>' 'Fri, 15 Mar 2002 18:00:00 +0000' 'A lantern parade.'
mail d.eml 'Carol King <carol@example.net>' 'Sat, 10 Mar 2001 10:00:00 +0000' 'An old lantern.'

# lamps/fK.txt, K = 1..6: three passages each holding "lamp" (the first
# "one" too), the file's date the year 200K; f7 holds "lamp" and "wick" in
# two passages apart (a file match), f8 both in one passage, both of 2000.
for k in 1 2 3 4 5 6; do
	printf 'lamp one %s\n\nlamp two\n\nlamp three\n' "$k" >"lamps/f$k.txt"
	touch -d "200$k-06-01 12:00:00 UTC" "lamps/f$k.txt"
done
printf 'lamp alone\n\nwick alone\n' >lamps/f7.txt
printf 'lamp and wick\n' >lamps/f8.txt
touch -d "2000-06-01 12:00:00 UTC" lamps/f7.txt lamps/f8.txt

# near/near.txt: alpha and beta at distance 1 (lines 1, 3, 13, 15, 17), 2
# (5), 3 (7), 10 (9) and 11 (11); gamma at distance 1 of "alpha beta" on
# lines 13 and 15, 2 on line 17.
printf '%s\n\n' "alpha beta" "beta alpha" "alpha qa beta" "alpha qa qb beta" \
	"alpha qa qb qc qd qe qf qg qh qi beta" "alpha qa qb qc qd qe qf qg qh qi qj beta" \
	"alpha beta gamma" "gamma alpha beta" "alpha beta qa gamma" >near/near.txt

# parts/: a PDF of three pages (lines at '|'): a page is one paragraph, cut
# at sentence ends into passages of at most 100 words, so page 2's 12
# lines of 10 words are two passages, from its lines 1 and 11, and
# "zeppelin" is in the second.  An EPUB of two chapters: chapter 1's second
# paragraph is its line 3.
page2=""
for i in $(seq 1 11); do page2="${page2}Line $i of page two has exactly ten words here.|"; done
page2="${page2}Line 12 of page two has a zeppelin flying over."
make_doc pdf parts/report.pdf --title "Otters" "Otters are playful|They live by rivers" \
	"$page2" "Page three ends the report"
make_doc epub parts/book.epub --title "A Bestiary" "The aardvark digs|Its second paragraph" \
	"The badger sleeps"
printf 'plain otters\n' >parts/plain.txt

"$INDEX" -q -d db docs m lamps near parts 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0, no message" "0 " "$? $(cat "$TMP/index.err")"

# shown: rubric-search's output as one sorted line: a hit PATH:LINE: TEXT
# as PATH:LINE; a path (-l) or a count (-c) as it is.
shown() { sed -E 's/^([^:]*):([0-9]+): .*/\1:\2/' | LC_ALL=C sort | paste -sd' ' -; }

# --- 1. -words after the first query word --------------------------------
# Each row: the arguments after -d db, the exit status, what is printed
# (shown) and that standard error is empty.
while IFS=$'\t' read -r args status want; do
	case $args in '#'* | '') continue ;; esac
	read -r -a words <<<"$args"
	"$SEARCH" -d db "${words[@]}" >"$TMP/out" 2>"$TMP/err"
	check_eq "$args: exit $status, prints $want" "$status $want" "$? $(shown <"$TMP/out")"
	check_eq "$args: nothing on stderr" "" "$(cat "$TMP/err")"
done <<'EOF'
# arguments	exit	printed
gasket -galway	0	docs/parts.txt:3
regression -performance	0	docs/parts.txt:7
-c regression -performance	0	1
-l lantern -from:bob date:2002..	0	m/a.eml m/c.eml
lantern -from:bob date:2002.. -l	0	m/a.eml m/c.eml
# a -word that is no option is a NOT (no passage holds "x")
gasket -x	0	docs/parts.txt:1 docs/parts.txt:3
# options after the first query word, with their values, as ripgrep's
gasket -n 5 -galway	0	docs/parts.txt:3
gasket -n1	0	docs/parts.txt:1
# a short option's number attached (-n1) is the option; other letters
# after a short option's letter (-nx) are a NOT, as -deprecated is
gasket -nx	0	docs/parts.txt:1 docs/parts.txt:3
gasket -galway -c	0	1
gasket --count -galway	0	1
gasket --limit=1 -galway	0	docs/parts.txt:3
gasket -galway --color=never	0	docs/parts.txt:3
gasket --lim 1 -galway	0	docs/parts.txt:3
# -- ends the options: what follows is the query, options too
-- -galway gasket	0	docs/parts.txt:3
gasket -- -c	0	docs/parts.txt:1 docs/parts.txt:3
-n 1 -- gasket -galway	0	docs/parts.txt:3
EOF
check_eq "gasket --json: an option after the query (2 hit objects)" "2" \
	"$("$SEARCH" -d db gasket --json | jq -s '[.[] | select(.type == "hit")] | length')"
check_eq "gasket -galway -d db: -d after the query (no -d before)" "docs/parts.txt:3" \
	"$("$SEARCH" gasket -galway -d db 2>&1 | shown)"
check_eq "-ln1 gasket: options joined before the query still read" "docs/parts.txt" \
	"$("$SEARCH" -d db -ln1 gasket 2>&1)"

# Refused: exit 2, nothing on stdout, one line on stderr naming the culprit.
UNKNOWN='unknown option (try --help; to search for it, put it after --)'
NO_ZERO='-n wants a number of hits, 1 or more'
printf 'gasket\n' >q.txt
while IFS=$'\t' read -r args want; do
	case $args in '#'* | '') continue ;; esac
	read -r -a words <<<"$args"
	"$SEARCH" -d db "${words[@]}" >"$TMP/out" 2>"$TMP/err"
	check_eq "$args: exit 2, says '$want'" "2 rubric-search: $want" "$? $(cat "$TMP/out" "$TMP/err")"
done <<EOF
# arguments	the message after "rubric-search: "
-galway gasket	-galway: $UNKNOWN
-from:bob lantern	-from:bob: $UNKNOWN
-c -performance regression	-performance: $UNKNOWN
gasket --galway	--galway: $UNKNOWN
gasket -n	-n: needs a value (try --help)
gasket -d	-d: needs a value (try --help)
--json=yes gasket	--json: takes no value (try --help)
gasket --json=yes	--json: takes no value (try --help)
gasket --queries-from q.txt	--queries-from and a query on the command line: give one
# --- 5. -n 0 is refused (it once meant no limit, silently) ---
-n 0 gasket	$NO_ZERO
--limit 0 gasket	$NO_ZERO
--limit=0 gasket	$NO_ZERO
gasket -n 0	$NO_ZERO
-l -n 0 gasket	$NO_ZERO
-n -1 gasket	$NO_ZERO
-n x gasket	$NO_ZERO
EOF

# --- 2. -n counts what is printed: files with -l ---------------------------
# lamp: in the 8 files of lamps/ (3 passages each in f1..f6).
"$SEARCH" -d db -l lamp >"$TMP/all"
check_eq "-l lamp: the 8 files of lamps/, once each" \
	"$(printf 'lamps/f%s.txt\n' 1 2 3 4 5 6 7 8 | paste -sd' ' -)" "$(shown <"$TMP/all")"
for k in 1 2 3 4 5 8; do
	check_eq "-l -n $k lamp: $k files, the first $k that -l lists" \
		"$(head -n $k "$TMP/all")" "$("$SEARCH" -d db -l -n $k lamp)"
done
check_eq "-l -n 9 lamp: the 8 files" "8" "$("$SEARCH" -d db -l -n 9 lamp | wc -l)"
check_eq "-l -n 4 --sort newest lamp: the 4 newest files, newest first" \
	"lamps/f6.txt lamps/f5.txt lamps/f4.txt lamps/f3.txt" \
	"$("$SEARCH" -d db -l -n 4 --sort newest lamp | paste -sd' ' -)"
check_eq "-l -n 2 --sort oldest lamp one: the 2 oldest of f1..f6, oldest first" \
	"lamps/f1.txt lamps/f2.txt" \
	"$("$SEARCH" -d db -l -n 2 --sort oldest lamp one | paste -sd' ' -)"
check_eq "-l -0 -n 4 lamp: 4 paths, each followed by a NUL" "4" \
	"$("$SEARCH" -d db -l -0 -n 4 lamp | tr -cd '\0' | wc -c)"
check_eq "-n 4 lamp (no -l): 4 passages, one a line" "4" "$("$SEARCH" -d db -n 4 lamp | wc -l)"
# lamp wick: f8 holds both in a passage, f7 apart (a file match).
check_eq "-l lamp wick: f7 (a file match) and f8" "lamps/f7.txt lamps/f8.txt" \
	"$("$SEARCH" -d db -l lamp wick | shown)"
check_eq "-l -n 1 lamp wick: one file, the first -l lists" \
	"$("$SEARCH" -d db -l lamp wick | head -n 1)" "$("$SEARCH" -d db -l -n 1 lamp wick)"
check_eq "-l -n 2 lamp wick: both files" "lamps/f7.txt lamps/f8.txt" \
	"$("$SEARCH" -d db -l -n 2 lamp wick | shown)"

# --- 3. NEAR/N: within N words, either order ------------------------------
while IFS=$'\t' read -r query want; do
	case $query in '#'* | '') continue ;; esac
	check_eq "$query: lines $want" "$want" \
		"$("$SEARCH" -d db --no-partial -n 100 -- "$query" | grep '^near/' | hit_lines)"
done <<'EOF'
# query	lines of near/near.txt (distances above)
alpha NEAR/1 beta	1 3 13 15 17
beta NEAR/1 alpha	1 3 13 15 17
alpha NEAR/2 beta	1 3 5 13 15 17
alpha NEAR/3 beta	1 3 5 7 13 15 17
alpha NEAR/9 beta	1 3 5 7 13 15 17
alpha NEAR/10 beta	1 3 5 7 9 13 15 17
alpha NEAR beta	1 3 5 7 9 13 15 17
alpha NEAR/11 beta	1 3 5 7 9 11 13 15 17
alpha NEAR/1 gamma	15
alpha NEAR/2 gamma	13 15
# three words: within 1 + 1 words, all three adjacent
alpha NEAR/1 beta NEAR/1 gamma	13 15
"alpha beta" NEAR/1 gamma	13 15
gamma NEAR/1 "alpha beta"	13 15
alpha NEAR/2 beta NEAR/2 gamma	13 15 17
EOF

# --- 4. a part's number in the location -----------------------------------
run_text() { "$SEARCH" -d db --color=never "$@" 2>/dev/null; }
ZEPPELIN="Line 11 of page two has exactly ten words here. Line 12 of page two has a zeppelin flying over."
check_eq "PDF: text output is PATH:PAGE:LINE: TEXT (page 2, its line 11)" \
	"parts/report.pdf:2:11: $ZEPPELIN" "$(run_text zeppelin)"
check_eq "PDF: page 3's passage: PATH:3:1:" "parts/report.pdf:3:1: Page three ends the report" \
	"$(run_text ends)"
check_eq "PDF: JSON's page and line are the text's location" "2 11" \
	"$("$SEARCH" -d db --json zeppelin | jq -r 'select(.type == "hit") | "\(.page) \(.line)"')"
check_eq "EPUB: chapter 1's second paragraph: PATH:1:3:" \
	"parts/book.epub:1:3: Its second paragraph" "$(run_text --no-partial 'second paragraph')"
check_eq "EPUB: chapter 2: PATH:2:1:" "parts/book.epub:2:1: The badger sleeps" "$(run_text badger)"
check_eq "a plain text file keeps PATH:LINE:" "parts/plain.txt:1: plain otters" "$(run_text plain)"
check_eq "TSV: the location column is PAGE:LINE" "parts/report.pdf	2:11" \
	"$("$SEARCH" -d db --format tsv zeppelin | cut -f3,4)"
check_eq "TSV: a plain file's is LINE" "parts/plain.txt	1" \
	"$("$SEARCH" -d db --format tsv plain | cut -f3,4)"
check_eq "-C 1: the context before page 3's hit is page 2's line 11: PATH-2-11-" \
	"parts/report.pdf-2-11- $ZEPPELIN" "$(run_text -C 1 ends | head -n 1)"
# playful (page 1, line 1) and zeppelin (page 2, line 11): a file match,
# its hit on one page and its other passage on the other.
run_text --no-partial playful zeppelin >"$TMP/fm"
loc=$(sed -nE 's/^parts\/report\.pdf([:+][0-9]+[:+][0-9]+[:+]) .*/\1/p' "$TMP/fm" | paste -sd' ' -)
case $loc in
":1:1: +2+11+" | ":2:11: +1+1+") ok "a file match over two pages: PATH:P:L: then PATH+P+L+ ($loc)" ;;
*) not_ok "a file match over two pages: PATH:P:L: then PATH+P+L+" "$(cat "$TMP/fm")" ;;
esac

# --- 6. -d naming a file that is not a stub -------------------------------
NOT_STUB='not a rubric index or a Xapian stub'
printf 'hello world\nsecond line\n' >notes.txt
printf '# my notes\n\nhello world\n' >commented.txt
: >empty.txt
gen=$(sed -n 's/^glass //p' db/XAPIANDB)
printf 'glass db/%s\n' "$gen" >glass.stub
printf '# the index, by its database\n\nauto db/%s\n' "$gen" >commented.stub
printf 'db/%s\n' "$gen" >bare.stub
printf 'glass db/no-such-database\n' >missing.stub
while IFS=$'\t' read -r dbs want; do
	case $dbs in '#'* | '') continue ;; esac
	read -r -a args <<<"$dbs"
	"$SEARCH" "${args[@]}" -c gasket >"$TMP/out" 2>"$TMP/err"
	check_eq "$dbs: exit 2, says '$want'" "2 rubric-search: $want" "$? $(cat "$TMP/out" "$TMP/err")"
done <<EOF
# the -d options	the message after "rubric-search: "
-d notes.txt	notes.txt: $NOT_STUB (its line 1 names no database)
-d commented.txt	commented.txt: $NOT_STUB (its line 3 names no database)
-d empty.txt	empty.txt: $NOT_STUB (it names no database)
-d parts/report.pdf	parts/report.pdf: $NOT_STUB (its line 1 names no database)
-d db -d notes.txt	notes.txt: $NOT_STUB (its line 1 names no database)
EOF
# gasket: 2 passages (docs/parts.txt lines 1 and 3).
for stub in glass.stub commented.stub bare.stub; do
	check_eq "-d $stub: a stub of the index is searched (2 gasket passages)" "2" \
		"$("$SEARCH" -d "$stub" -c gasket 2>&1)"
done
"$SEARCH" -d missing.stub -c gasket >"$TMP/out" 2>"$TMP/err"
check_eq "-d missing.stub: exit 2, naming the missing database, not '$NOT_STUB'" "2 1 0" \
	"$? $(grep -c 'no-such-database' "$TMP/err") $(grep -c "$NOT_STUB" "$TMP/err")"

done_testing
