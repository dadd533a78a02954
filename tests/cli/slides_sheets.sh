# PPTX and ODP presentations, XLSX and ODS spreadsheets: every fixture is
# written here by tests/tools/make-docs.py from the text below, so each
# expected value (slide, sheet, line, title, passage text) is read off that
# text.  A slide's paragraphs are its passages, separated by a blank line in
# its extracted text (paragraph k is line 2k-1); a sheet's non-empty rows
# are its passages, their non-empty cells joined by a tab.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
sanitizer_exit_codes
# field DB QUERY KEYS: the jq KEYS (e.g. '.slide,.line') of the first hit, joined by spaces
field() { "$SEARCH" -d "$1" --json -- "$2" 2>/dev/null | head -n 1 | jq -r "[$3] | map(tostring) | join(\" \")"; }
# fields DB KEYS WORD...: field for each WORD, joined by spaces
fields() { local db=$1 keys=$2 w; shift 2; for w in "$@"; do field "$db" "$w" "$keys"; done | paste -sd' ' -; }
run_index() {
	timeout -k 5 $((60 * SLOW)) "$INDEX" "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?
}
tab() { printf '%s' "$1"; shift; printf '\t%s' "$@"; }

mkdir docs
# PPTX: one argument a slide, paragraphs at ' / ', runs at '|' (every other
# one bold).  The slide files are named in the reverse order (slide 1 is
# ppt/slides/slide3.xml): only presentation.xml and its rels give the order.
# Passages: welcome 1, goals 2, quick 3, revenue 4, zebra 5, pelicans 6.
make_doc pptx docs/deck.pptx --title "Quarterly Review" \
	"Welcome to the quarterly review / Agenda and |goals| for today" \
	"The quick |brown| fox jumps / Revenue grew strongly / Zebra crossing numbers" \
	"Closing remarks about |pelicans|"
make_doc pptx docs/untitled.pptx "Harbour lights presentation / Moorings and tides" \
	"A gannet dives"
# ODP: the same syntax; the first slide carries speaker notes, "speaker
# secret walrus", which are not read.
make_doc odp docs/talk.odp --title "Garden Talk" \
	"Roses and |tulips| in spring / Soil preparation basics" \
	"Watering the |copper beech| saplings daily" \
	"Compost heaps / Weeding tips / Harvesting marrows"
make_doc odp docs/untitled.odp "Orchard planning session / Pruning the pear trees" \
	"Grafting apples"
# XLSX: one argument a sheet, rows at ';', cells at ','; '#' a number, '~'
# an inline string, 'Kilo|metre' a rich shared string of two runs (read
# "Kilometre"), other text shared strings.  Worksheet files are named in
# the reverse order, as for the PPTX.  Sheet 1's rows: "Item Cost" (line
# 1), "Rent 1200" (3), an empty row, "Coffee beans 3.5" (5, its empty
# middle cell left out).  Sheet 3 starts with an empty row and a row of
# empty cells: "Total ibex 42" is its line 1, the workbook's passage 6.
make_doc xlsx docs/budget.xlsx --title "Household Budget" \
	"Item,Cost;Rent,#1200;;Coffee beans,,#3.5" \
	"Region,,Manager;North,~inlined quokka,Kilo|metre" \
	";,,;Total ibex,,#42"
make_doc xlsx docs/untitled.xlsx "Ledger of pancakes;Eggs,#6" "Flour sacks,#9"
# ODS: 'Heron^3' one cell repeated 3 times (written once), 'Kittiwake|Fulmar
# colony' one cell of two paragraphs; each sheet ends, as LibreOffice
# writes it, with 1,048,000 repeated rows of 1024 empty cells.  Passages:
# species 1, puffin 2, guillemot 3, heron 4, kittiwake 5, cormorant 6.
make_doc ods docs/counts.ods --title "Bird Counts" \
	"Species,Count;Puffin,#12;;Guillemot,,#3.5" \
	"Heron^3,Egret;Kittiwake|Fulmar colony" \
	";Cormorant roost,#7"
make_doc ods docs/untitled.ods "Inventory of lanterns;Wicks,#40"

run_index -d db docs
check_eq "8 presentations and spreadsheets index with no message" "0 " "$RC $(messages "$TMP/err")"
check_eq "8 files added" "8 files: 8 added, 0 updated, 0 unchanged, 0 removed, 0 skipped, 0 vanished, 0 failed" \
	"$(summary_of "$TMP/err")"

# --- PPTX ---
check_eq "PPTX: slides numbered in presentation.xml's order, not the files'" "1 2 3" \
	"$(fields db '.slide' welcome zebra pelicans)"
check_eq "PPTX: a slide's paragraphs are its lines 1, 3, 5" "2 1 2 3 2 5" \
	"$(fields db '.slide,.line' quick revenue zebra)"
check_eq "PPTX: a phrase across bold and plain runs is found" "1" \
	"$("$SEARCH" -d db -c '"quick brown fox jumps"')"
check_eq "PPTX: the phrase's passage is slide 2's first paragraph, runs joined" \
	"2 1 The quick brown fox jumps" \
	"$(field db '"quick brown fox jumps"' '.slide,.line,.text')"
check_eq "PPTX: each paragraph a passage (slide 3's is the 6th)" "6 Closing remarks about pelicans" \
	"$(field db pelicans '.passage,.text')"
check_eq "PPTX: the title from docProps/core.xml" "Quarterly Review" "$(field db zebra '.title')"
check_eq "PPTX: without one, the title is the first line" "Harbour lights presentation 2" \
	"$(field db gannet '.title,.slide')"
check_eq "PPTX: text output is PATH:SLIDE:LINE: TEXT, LINE within the slide" \
	"docs/deck.pptx:2:5: Zebra crossing numbers" \
	"$("$SEARCH" -d db --color=never zebra | head -n 1 | sed 's|^.*/docs/|docs/|')"

# --- ODP ---
check_eq "ODP: slides numbered in draw:page order" "1 2 3" \
	"$(fields db '.slide' tulips beech marrows)"
check_eq "ODP: a slide's paragraphs are its lines 1, 3, 5" "3 1 3 3 3 5" \
	"$(fields db '.slide,.line' compost weeding marrows)"
check_eq "ODP: a phrase across a bold span is found, on slide 2" "1 2" \
	"$("$SEARCH" -d db -c '"the copper beech saplings"') $(field db '"the copper beech saplings"' '.slide')"
check_eq "ODP: the spans joined read as one sentence" "Watering the copper beech saplings daily" \
	"$(field db saplings '.text')"
check_eq "ODP: the title from meta.xml" "Garden Talk" "$(field db marrows '.title')"
check_eq "ODP: without one, the title is the first line (not the notes)" \
	"Orchard planning session 2" "$(field db grafting '.title,.slide')"
check_status "ODP: speaker notes are not read ('walrus': exit 1)" 1 "$SEARCH" -d db walrus
check_status "ODP: nor any word of them ('speaker secret': exit 1)" 1 "$SEARCH" -d db speaker secret

# --- XLSX ---
check_eq "XLSX: sheets numbered in workbook.xml's order, not the files'" "1 2 3" \
	"$(fields db '.sheet' rent quokka ibex)"
check_eq "XLSX: a row's cells joined by a tab (shared string, number)" "$(tab Rent 1200)" \
	"$(field db rent '.text')"
check_eq "XLSX: an empty cell between two is left out" "$(tab Region Manager)" \
	"$(field db manager '.text')"
check_eq "XLSX: an empty row is left out: the 3rd row with text is line 5" "1 5" \
	"$(field db coffee '.sheet,.line')"
check_eq "XLSX: a decimal number as written, the empty cell before it left out" \
	"$(tab 'Coffee beans' 3.5)" "$(field db coffee '.text')"
check_eq "XLSX: inline string and rich shared string in a row" \
	"$(tab North 'inlined quokka' Kilometre)" "$(field db quokka '.text')"
check_eq "XLSX: shared, inline and rich strings and a number are found" "1 1 1 1" \
	"$(for w in rent quokka kilometre 1200; do "$SEARCH" -d db -c "$w"; done | paste -sd' ' -)"
check_status "XLSX: a rich string's runs join with nothing between ('metre' alone: exit 1)" 1 \
	"$SEARCH" -d db metre
check_eq "XLSX: empty rows before the first text add nothing (line 1, passage 6)" \
	"3 1 6 $(tab 'Total ibex' 42)" "$(field db ibex '.sheet,.line,.passage,.text')"
check_eq "XLSX: the title from docProps/core.xml" "Household Budget" "$(field db ibex '.title')"
check_eq "XLSX: without one, the title is the first line" "Ledger of pancakes 2" \
	"$(field db flour '.title,.sheet')"
check_eq "spreadsheet hits have no slide or page, slides no sheet" "null null null" \
	"$(field db ibex '.slide,.page') $(field db zebra '.sheet')"

# --- ODS ---
check_eq "ODS: sheets numbered in table order" "1 2 3" \
	"$(fields db '.sheet' puffin egret cormorant)"
check_eq "ODS: a row's cells joined by a tab (string, float)" "$(tab Puffin 12)" \
	"$(field db puffin '.text')"
check_eq "ODS: empty row and empty cell left out: line 5, 3.5 as written" \
	"1 5 $(tab Guillemot 3.5)" "$(field db guillemot '.sheet,.line,.text')"
check_eq "ODS: a cell repeated 3 times is read once" "$(tab Heron Egret)" \
	"$(field db heron '.text')"
check_eq "ODS: a cell's two paragraphs joined by a space, its row line 3" \
	"2 3 Kittiwake Fulmar colony" "$(field db kittiwake '.sheet,.line,.text')"
check_eq "ODS: a phrase across a cell's two paragraphs is found" "1" \
	"$("$SEARCH" -d db -c '"kittiwake fulmar"')"
check_eq "ODS: the million repeated empty rows add nothing (sheet 3 line 1 is passage 6)" \
	"3 1 6 $(tab 'Cormorant roost' 7)" "$(field db cormorant '.sheet,.line,.passage,.text')"
check_eq "ODS: the title from meta.xml, else the first line" "Bird Counts|Inventory of lanterns" \
	"$(field db cormorant '.title')|$(field db wicks '.title')"

# --- detection ---
mkdir names
cp docs/deck.pptx names/deck.bin
cp docs/talk.odp names/talk.dat
cp docs/budget.xlsx names/budget.data
cp docs/counts.ods names/counts
run_index -q -d db2 names
check_eq "known by their entries, whatever their names (exit, messages, parts)" "0  2 3 3 3" \
	"$RC $(messages "$TMP/err") $(fields db2 '.slide // .sheet' zebra marrows ibex cormorant)"
got=""
for f in pptx:names/deck.bin:zebra:.slide odp:names/talk.dat:marrows:.slide \
	xlsx:names/budget.data:ibex:.sheet ods:names/counts:cormorant:.sheet; do
	IFS=: read -r fmt file word key <<<"$f"
	run_index -q --format "$fmt" -d "db-$fmt" "$file"
	got="$got $fmt:$RC:$(field "db-$fmt" "$word" "$key")"
done
check_eq "--format pptx, odp, xlsx, ods read the file as that format" \
	" pptx:0:2 odp:0:3 xlsx:0:3 ods:0:3" "$got"

# --- a .pptx or .xlsx that is not a zip: skipped, one line each ---
mkdir bad
head -c 600 docs/deck.pptx >bad/cut.pptx
head -c 600 docs/budget.xlsx >bad/cut.xlsx
printf 'an ordinary note about narwhals\n' >bad/note.txt
run_index -d db3 bad
check_eq "cut PPTX and XLSX: exit 0, one line each, naming the file and why" \
"0 rubric-index: bad/cut.pptx: skipped: not a readable zip archive: Not a zip archive
rubric-index: bad/cut.xlsx: skipped: not a readable zip archive: Not a zip archive" \
	"$RC $(messages "$TMP/err")"
check_eq "cut PPTX and XLSX: 2 skipped, the note indexed and found" \
	"1 added, 0 updated, 0 unchanged, 0 removed, 2 skipped, 0 vanished, 0 failed 1" \
	"$(grep -oE '[0-9]+ added.*failed' "$TMP/err") $("$SEARCH" -d db3 -c narwhals)"

# Untitled workbooks whose first row has several cells: the title is that
# row with its cells apart by a space, not a tab.
mkdir rows
make_doc xlsx rows/rain.xlsx "Month,Rainfall,Station;March,#40,Oban"
make_doc ods rows/tide.ods "Harbour,High water;Oban,#4.2"
run_index -d db4 rows
check_eq "untitled XLSX: its first row, cells apart by a space" "Month Rainfall Station" \
	"$(field db4 march .title)"
check_eq "untitled ODS: the same" "Harbour High water" "$(field db4 harbour .title)"
done_testing
