# PDF, EPUB, DOCX and ODT, and hostile archives: every fixture is written
# here by tests/tools/make-docs.py from the text below, so each expected
# value (page, chapter, line, title, passage) is read off that text.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
sanitizer_exit_codes
# field DB QUERY KEYS: the jq KEYS (e.g. '.page,.line') of the first hit, joined by spaces
field() { "$SEARCH" -d "$1" --json -- "$2" 2>/dev/null | head -n 1 | jq -r "[$3] | map(tostring) | join(\" \")"; }

mkdir docs
# PDF: three pages, lines split at '|'.  A PDF has no paragraph marks: a
# page is one paragraph, cut at sentence ends into passages of at most 100
# words.  Page 2 has 12 lines of 10 words, a sentence each: its first
# passage holds lines 1-10 (100 words), its second starts on line 11, and
# "zeppelin" is on line 12.
page2=""
for i in $(seq 1 11); do page2="${page2}Line $i of page two has exactly ten words here.|"; done
page2="${page2}Line 12 of page two has a zeppelin flying over."
make_doc pdf docs/report.pdf --title "Otters of the Northern Rivers" \
	"Otters are playful|They live by rivers" "$page2" "Page three ends the report"
# A PDF without a title in its metadata: the title is its first line.
make_doc pdf docs/untitled.pdf "Minutes of the harbour meeting|quorum reached"
# EPUB: chapters in spine order; the files inside are named in the
# reverse order, so only the spine says that "aardvark" comes first.
make_doc epub docs/book.epub --title "A Bestiary" \
	"The aardvark digs|Its second paragraph" "The badger sleeps" "The capybara swims"
# DOCX and ODT: runs at '|', every other one bold; the phrase
# "quick brown fox jumps" crosses three runs.
make_doc docx docs/letter.docx --title "Letter to the Council" \
	"Dear council members," "The quick |brown fox| jumps over the lazy dog" "Yours, a resident"
make_doc odt docs/notes.odt --title "Meeting Notes" \
	"Agenda for Tuesday" "We discussed the |silver birch| plantation plan"

run_index() {
	timeout -k 5 $((120 * SLOW)) "$INDEX" "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?
}
run_index -d db docs
check_eq "ordinary documents index with no message" "0 " "$RC $(messages "$TMP/err")"
check_eq "5 files added" "5" "$(grep -oE '[0-9]+ added' "$TMP/err" | cut -d' ' -f1)"

# --- PDF ---
check_eq "PDF: a word on page 2 says page 2, and its passage's first line there, 11" "2 11 report.pdf" \
	"$(cd docs && field ../db zeppelin '.page,.line,(.path|split("/")|last)')"
check_eq "PDF: page 1's passage: page 1, line 1, its lines kept" "1 1 Otters are playful|They live by rivers" \
	"$(field db rivers '.page,.line,(.text|gsub("\n";"|"))')"
check_eq "PDF: the title comes from the metadata" "Otters of the Northern Rivers" \
	"$(field db zeppelin '.title')"
check_eq "PDF: without metadata, the title is the first line" "Minutes of the harbour meeting" \
	"$(field db quorum '.title')"
check_eq "PDF: a passage never crosses a page (page 3's text alone)" "Page three ends the report" \
	"$(field db ends '.text')"
check_eq "PDF: start/end are offsets into the extracted text" "true" \
	"$("$SEARCH" -d db --json ends | jq -r '(.end - .start) == (.text | utf8bytelength)')"
check_eq "PDF: text output is PATH:PAGE:LINE: TEXT, LINE within the page" \
	"docs/report.pdf:2:11: Line 11 of page two has exactly ten words here. Line 12 of page two has a zeppelin flying over." \
	"$("$SEARCH" -d db --color=never zeppelin | head -n 1 | sed 's|^.*/docs/|docs/|')"

# --- EPUB ---
check_eq "EPUB: chapters numbered in spine order" "1 2 3" \
	"$(for w in aardvark badger capybara; do field db $w '.chapter'; done | paste -sd' ' -)"
check_eq "EPUB: the title from the package metadata" "A Bestiary" "$(field db badger '.title')"
check_eq "EPUB: passages in reading order" "1 3 4" \
	"$(for w in aardvark badger capybara; do field db $w '.passage'; done | paste -sd' ' -)"
check_eq "EPUB: a chapter's second paragraph is its line 3 (after a blank line)" "1 3" \
	"$(field db 'second paragraph' '.chapter,.line')"

# --- DOCX, ODT ---
check_eq "DOCX: a phrase across three runs is found" "1" \
	"$("$SEARCH" -d db -c '"quick brown fox jumps"')"
check_eq "DOCX: each paragraph is a passage (the phrase in passage 2)" "2 Letter to the Council" \
	"$(field db '"quick brown fox jumps"' '.passage,.title')"
check_eq "DOCX: the joined runs read as one sentence" "The quick brown fox jumps over the lazy dog" \
	"$(field db lazy '.text')"
check_eq "ODT: a phrase across spans is found, in passage 2" "2 Meeting Notes" \
	"$(field db '"the silver birch plantation"' '.passage,.title')"
check_eq "DOCX/ODT: no page or chapter" "null null" \
	"$(field db lazy '.page,.chapter')"

# --- encrypted and broken PDFs: one line each, skipped, the rest indexed ---
mkdir bad
make_doc pdf-encrypted bad/locked.pdf "classified words"
make_doc pdf-broken bad/broken.pdf
python3 - <<'PY'
# A PDF cut in half: its trailer and cross-reference table are gone.
d = open("docs/report.pdf", "rb").read()
open("bad/truncated.pdf", "wb").write(d[:len(d) // 2])
PY
printf 'an ordinary note about walruses\n' >bad/note.txt
run_index -d db2 bad
check_eq "bad PDFs: exit 0" "0" "$RC"
check_eq "bad PDFs: one line each, naming the file and why" \
"rubric-index: bad/broken.pdf: skipped: not a readable PDF: PDF document is damaged
rubric-index: bad/locked.pdf: skipped: encrypted PDF (needs a password)
rubric-index: bad/truncated.pdf: skipped: not a readable PDF: PDF document is damaged" \
	"$(messages "$TMP/err")"
check_eq "bad PDFs: 3 skipped, the note indexed" "1 added, 0 updated, 0 unchanged, 0 removed, 3 skipped, 0 vanished, 0 failed" \
	"$(grep -oE '[0-9]+ added.*failed' "$TMP/err")"
check_eq "bad PDFs: the note is found" "1" "$("$SEARCH" -d db2 -c walruses)"

# --- hostile archives: bounded, one line each, the rest indexed ---
mkdir hostile
# 256 MiB of spaces in word/document.xml: honest headers (refused before
# inflating), and lying ones (declaring 100 bytes: stopped at 32 MiB).
make_doc bomb hostile/bomb.docx 256
make_doc lie hostile/bomb-lying.docx hostile/bomb.docx
make_doc many hostile/many.docx 20000        # over 10,000 entries
make_doc nested hostile/nested.zip 40        # a zip in a zip, 40 deep
make_doc deep-xml hostile/deep.docx 5000     # 5,000 nested elements
cp docs/letter.docx hostile/
/usr/bin/time -f '%M' -o "$TMP/rss" timeout -k 5 $((120 * SLOW)) "$INDEX" -d db3 hostile \
	>"$TMP/out" 2>"$TMP/err"; RC=$?
check_eq "hostile archives: exit 0" "0" "$RC"
check_eq "hostile archives: one line each, naming the file and the limit" \
"rubric-index: hostile/bomb-lying.docx: skipped: word/document.xml: entry inflates past the limit of 32 MiB an entry
rubric-index: hostile/bomb.docx: skipped: word/document.xml: entry declares 268435662 bytes, over the limit of 32 MiB an entry
rubric-index: hostile/deep.docx: skipped: word/document.xml is not well-formed XML (or nests deeper than 256)
rubric-index: hostile/many.docx: skipped: archive has 20003 entries (limit 10000)" \
	"$(messages "$TMP/err")"
# An archive opens archives inside it to 4 levels (tests/cli/archives.sh):
# the DOCX 40 zips down is never reached, and nothing is said of it.
check_status "hostile archives: the zip 40 deep is read 4 levels down, no further" 1 \
	"$SEARCH" -d db3 innermost
check_eq "hostile archives: the ordinary DOCX beside them is indexed" "1" \
	"$("$SEARCH" -d db3 -c '"quick brown fox"')"
# The archive limits hold memory to tens of MB (60 MB in a plain build);
# ASan's shadow and quarantine add to that, valgrind more.
rss=$(tail -n 1 "$TMP/rss") bound=$((SLOW > 1 ? 1200 : 400))
if [ "${rss:-999999999}" -lt $((bound * 1024)) ]; then ok "hostile archives: peak memory $((rss / 1024)) MB, under $bound MB (bombs of 256 MiB)"
else not_ok "hostile archives: peak memory under $bound MB" "maxrss: ${rss} KB"; fi

# 5 chapters of 30 MiB: each under the entry limit, but after 4 (120 MiB)
# the fifth is over what is left of the 128 MiB a file may inflate to.
# The spine's fifth chapter is stored as part01.xhtml (make-docs.py).
mkdir fat
make_doc fat-epub fat/fat.epub 5 30
/usr/bin/time -f '%M' -o "$TMP/rss" timeout -k 5 $((120 * SLOW)) "$INDEX" -d db5 fat \
	>"$TMP/out" 2>"$TMP/err"; RC=$?
check_eq "an EPUB over the file's limit: skipped, saying which limit" \
	"0 rubric-index: fat/fat.epub: skipped: OEBPS/text/part01.xhtml: entry declares 31457427 bytes, over the limit of 128 MiB a file" \
	"$RC $(messages "$TMP/err")"
# 4 chapters of 30 MiB read and parsed: 110 MB in a plain build; ASan keeps
# freed memory in quarantine.
rss=$(tail -n 1 "$TMP/rss") bound=$((SLOW > 1 ? 1800 : 600))
if [ "${rss:-999999999}" -lt $((bound * 1024)) ]; then ok "an EPUB over the file's limit: peak memory $((rss / 1024)) MB, under $bound MB"
else not_ok "an EPUB over the file's limit: peak memory under $bound MB" "maxrss: ${rss} KB"; fi

# --- detection ---
mkdir names
cp docs/letter.docx names/letter.bin
head -c 600 docs/letter.docx >names/cut.docx
printf 'plain words in a docx name\n' >names/plain.docx
run_index -d db4 names
check_eq "a DOCX is known by its entries, whatever its name" "0 1" \
	"$RC $("$SEARCH" -d db4 -c lazy)"
check_eq "a DOCX cut short: skipped, its reader says why" \
	"rubric-index: names/cut.docx: skipped: not a readable zip archive: Not a zip archive" \
	"$(messages "$TMP/err")"
check_eq "text named .docx is read as text" "1" "$("$SEARCH" -d db4 -c plain)"
done_testing
