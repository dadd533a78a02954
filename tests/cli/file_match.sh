# Files match, passages rank: a file whose passages hold the query's words
# between them is a hit, shown by its best passage with the passages holding
# the rest; a passage holding them all ranks above it; phrases and NOT keep
# their passage meaning; when nothing holds every word, passages holding
# some follow, each marked with the words it lacks.  Every fixture is
# written here, and every expected line and offset worked out from it.
source "$(dirname "$0")/testlib.bash"
D=$TMP/docs DB=$TMP/db
mkdir -p "$D"

# apart.txt: alpha on line 1, bravo on line 3 (two paragraphs).
printf 'The alpha report came first.\n\nThen the bravo answer arrived.\n' >"$D/apart.txt"
# together.txt: both words in one passage (line 1), a second paragraph.
printf 'An alpha and bravo meeting.\n\nNothing else here.\n' >"$D/together.txt"
# zulu.txt: alpha on line 1; bravo only in a passage that also says zulu.
printf 'One alpha line.\n\nA bravo zulu line.\n' >"$D/zulu.txt"
# long.txt: one paragraph of 12 sentences of 10 words, a line each: over
# 100 words, so it is split into sentence windows (of at most 100 words):
# charlie in the first sentence, delta in the last, in different windows.
{
	echo "Sentence one has charlie and nine more plain words here."
	for i in 2 3 4 5 6 7 8 9 10 11; do
		echo "Sentence number $i holds ten words of plain filler text."
	done
	echo "Sentence twelve has delta and nine more plain words here."
} >"$D/long.txt"
# note.eml: a mail whose body holds echo and foxtrot in two paragraphs.
cat >"$D/note.eml" <<'EOF'
From: Ann <ann@example.org>
To: Bob <bob@example.org>
Subject: plans for the week
Date: Mon, 05 Aug 2002 10:00:00 +0000
Message-ID: <1@example.org>

We should talk about echo soon.

The foxtrot list is ready.
EOF
# golf.txt: golf and hotel together; golfonly.txt: golf alone.
printf 'A golf hotel by the sea.\n' >"$D/golf.txt"
printf 'The golf course is long.\n' >"$D/golfonly.txt"
# kl.txt: kilo and lima in two paragraphs; konly.txt: kilo alone.
printf 'Kilo one.\n\nLima two.\n' >"$D/kl.txt"
printf 'Kilo alone here.\n' >"$D/konly.txt"

"$INDEX" -q -d "$DB" "$D" 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?
cd "$D" || exit 2

# Words in two paragraphs: the file is found, its hit is the passage of one
# word, the other passage is named with its line.
got=$(json_hits alpha bravo)
check_eq "alpha bravo: the one-passage match and the two files holding them apart" \
	"apart.txt:1+3 together.txt:1 zulu.txt:1+3" \
	"$(tr ' ' '\n' <<<"$got" | sed -E 's/^(zulu.txt):3\+1$/\1:1+3/' | sort | paste -sd' ' -)"
case $got in "together.txt:1 "*) ok "alpha bravo: a passage holding both ranks above any file holding them apart" ;;
*) not_ok "alpha bravo: a passage holding both ranks above any file holding them apart" "$got" ;; esac
check_status "alpha bravo: exit 0" 0 "$SEARCH" -d "$DB" alpha bravo

# The other passage's text and highlight, as JSON: "bravo" at bytes 9-14
# of "Then the bravo answer arrived." (line 3, bytes 30-60 of the file).
"$SEARCH" -d "$DB" --json alpha bravo | jq -c 'select(.path == "apart.txt")
	| [.line, .highlights, (.others[0] | .line, .start, .end, .text, .highlights)]' >"$TMP/o"
check_eq "alpha bravo: apart.txt's hit and its other passage (line, range, text, highlight)" \
	'[1,[[4,9]],3,30,60,"Then the bravo answer arrived.",[[9,14]]]' "$(cat "$TMP/o")"

# Text: the hit, then PATH+LINE+ TEXT for the other passage.
"$SEARCH" -d "$DB" alpha bravo >"$TMP/t"
check_eq "alpha bravo, text: apart.txt's hit line and its + line" \
	"apart.txt:1: The alpha report came first.|apart.txt+3+ Then the bravo answer arrived." \
	"$(grep -A1 '^apart.txt:' "$TMP/t" | paste -sd'|' -)"
# TSV: the other passage is a row with + for its score.
"$SEARCH" -d "$DB" --format tsv alpha bravo | grep 'apart.txt' | cut -f1,2,3,4 >"$TMP/tsv"
rank=$(head -n 1 "$TMP/tsv" | cut -f1)
check_eq "alpha bravo, tsv: the hit's row, then its other passage's row (same rank, +)" \
	"$rank	apart.txt	1|$rank	+	apart.txt	3" "$(cut -f1,3,4 "$TMP/tsv" | head -n 1)|$(sed -n 2p "$TMP/tsv")"

# -c counts hits (one passage, two files); -l lists every matching file.
check_eq "alpha bravo -c: 1 passage + 2 files" 3 "$("$SEARCH" -d "$DB" -c alpha bravo)"
check_eq "alpha bravo -l: every file holding both" "apart.txt together.txt zulu.txt" \
	"$("$SEARCH" -d "$DB" -l alpha bravo | sort | paste -sd' ' -)"

# A phrase stays inside one passage.
check_eq '"alpha bravo": only together.txt' "" "$(json_hits '"alpha bravo"')"
check_eq '"and bravo": the phrase in together.txt' "together.txt:1" "$(json_hits '"and bravo"')"

# NOT keeps its passage meaning: zulu.txt's only bravo passage says zulu,
# so without it the file lacks bravo; its alpha passage (line 1) is a
# partial hit after the two that hold both words.
check_eq "alpha bravo -zulu: zulu.txt's bravo passage is excluded" \
	"together.txt:1 apart.txt:1+3 zulu.txt:1!bravo" "$(json_hits -- alpha bravo -zulu)"

# Two sentence windows of one long paragraph (the first holds sentences 1-10,
# 100 words; the second 11-12, from line 11): both named, in either order.
both_lines() { sed -E 's/^[^:]*:([0-9]+)\+([0-9]+)$/\1 \2/' | tr ' ' '\n' | sort -n | paste -sd' ' -; }
check_eq "charlie delta: one hit naming long.txt's two windows (lines 1 and 11)" \
	"1 11" "$(json_hits charlie delta | both_lines)"
# A mail's body, two paragraphs (the body starts on line 7).
check_eq "echo foxtrot: one hit naming the mail's two body paragraphs (lines 7 and 9)" \
	"7 9" "$(json_hits echo foxtrot | both_lines)"

# Nothing holds every word: passages holding some, marked, exit 1; -c and
# -l count full matches only; --no-partial shows nothing.
check_eq "alpha xylophone: partial hits, each missing xylophone" \
	"apart.txt:1!xylophone together.txt:1!xylophone zulu.txt:1!xylophone" \
	"$(json_hits alpha xylophone | tr ' ' '\n' | sort | paste -sd' ' -)"
check_status "alpha xylophone: exit 1" 1 "$SEARCH" -d "$DB" alpha xylophone
check_eq "alpha xylophone, text: each line marked" \
	"3 of 3" "$(grep -c '^[^:]*:[0-9]*: \[missing: xylophone\] ' "$TMP/out") of $(wc -l <"$TMP/out")"
case $(cat "$TMP/err") in
*"nothing holds every word"*) ok "alpha xylophone: a notice on stderr" ;;
*) not_ok "alpha xylophone: a notice on stderr" "$(cat "$TMP/err")" ;;
esac
check_eq "alpha xylophone -c: 0" 0 "$("$SEARCH" -d "$DB" -c alpha xylophone)"
check_eq "alpha xylophone -l: nothing" "" "$("$SEARCH" -d "$DB" -l alpha xylophone)"
check_status "alpha xylophone --no-partial: exit 1" 1 "$SEARCH" -d "$DB" --no-partial alpha xylophone
check_eq "alpha xylophone --no-partial: no output" "" "$(cat "$TMP/out")"
# A phrase is never relaxed: the phrase's passage, lacking the plain word.
check_eq '"and bravo" xylophone: the phrase kept, xylophone missing' \
	"together.txt:1!xylophone" "$(json_hits '"and bravo"' xylophone)"
check_eq '"bravo alpha" xylophone: an unmatched phrase finds nothing' "" \
	"$(json_hits '"bravo alpha"' xylophone)"

# No passage holds both words, one file holds them apart: its hit first,
# unmarked, then the passages holding one of them, marked.  (lima is in one
# passage, kilo in two, so lima's passage weighs more: kl.txt's hit is its
# line 3, with line 1 as its other passage.)
check_eq "kilo lima: the file match, then konly.txt lacking lima" \
	"kl.txt:3+1 konly.txt:1!lima" "$(json_hits kilo lima)"
check_status "kilo lima: exit 0 (a full hit)" 0 "$SEARCH" -d "$DB" kilo lima
check_eq "kilo lima, text: the unmarked file match, then the marked passage" \
	"kl.txt:3: Lima two.|kl.txt+1+ Kilo one.|konly.txt:1: [missing: lima] Kilo alone here." \
	"$(paste -sd'|' "$TMP/out")"
check_eq "kilo lima -c: the file match only" 1 "$("$SEARCH" -d "$DB" -c kilo lima)"
# TSV marks the partial hit (rank 2, after the file match and its + row) as
# text does; a TREC run, which cannot mark it,
# has the file match only.
check_eq "kilo lima, tsv: the partial hit's text marked" \
	"2	konly.txt	1	[missing: lima] Kilo alone here." \
	"$("$SEARCH" -d "$DB" --format tsv kilo lima 2>/dev/null | sed -n 3p | cut -f1,3-)"
check_eq "kilo lima, trec: the file match only" "1 Q0 kl.txt#2 1" \
	"$("$SEARCH" -d "$DB" --format trec kilo lima | cut -d' ' -f1-4)"
# A passage holding every word first; golfonly.txt, holding golf alone,
# fills the list after it, marked.
check_eq "golf hotel: the full hit, then golfonly.txt lacking hotel" \
	"golf.txt:1 golfonly.txt:1!hotel" \
	"$(json_hits golf hotel)"

# One process answers many queries with what it keeps between them (the
# open index, its languages, the analyzer): each answer must equal the same
# query run alone,
# whatever ran before it (file matches, partial hits, stems, a repeat).
queries=("alpha bravo" "kilo lima" "reports arrived" "charlie delta" "echo foxtrot"
	 "golf hotel" "alpha bravo" "kilo zzzqqq" "report arriving")
: >"$TMP/alone.json"
: >"$TMP/alone.c"
for i in "${!queries[@]}"; do
	printf 'q%d\t%s\n' "$i" "${queries[$i]}"
	"$SEARCH" -d "$DB" --json "${queries[$i]}" 2>/dev/null |
		jq -c --arg q "q$i" '{type, qid: $q} + .' >>"$TMP/alone.json"
	echo "q$i:$("$SEARCH" -d "$DB" -c "${queries[$i]}")" >>"$TMP/alone.c"
done >"$TMP/batch.q"
"$SEARCH" -d "$DB" --json --queries-from "$TMP/batch.q" 2>/dev/null | jq -c . >"$TMP/batch.json"
check_eq "--queries-from: every answer equals its query run alone (JSON)" \
	"$(cat "$TMP/alone.json")" "$(cat "$TMP/batch.json")"
check_eq "--queries-from -c: every count equals its query run alone" \
	"$(cat "$TMP/alone.c")" "$("$SEARCH" -d "$DB" -c --queries-from "$TMP/batch.q")"

done_testing
