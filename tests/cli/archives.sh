# Archives (zip, tar, tar.gz, tar.bz2, tar.xz, tar.zst, 7z): each member
# a document named ARCHIVE//MEMBER, read as a file of its name would be
# (a PDF in a zip is a PDF), archives inside archives to 4 levels, bombs
# skipped with one line, members replaced and removed with the archive.
# Every fixture is made here (zip, tar, 7z, make-docs.py); each member's
# words are the test's, so the hits expected are known before the search.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
sanitizer_exit_codes
for tool in zip tar 7z zstd xz bzip2; do
	command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool missing (make deps)"; exit 0; }
done

# The members: a text, a Markdown file (its markup not text), a PDF of
# two pages, a DOCX (a zip read by its own reader inside a zip), HTML.
mkdir m a
printf 'First line\nThe otter swims at dawn\n\nA heron waits by the weir\n' >m/notes.txt
printf '# Pond survey\n\nWe counted **newts** under stones.\n' >m/survey.md
make_doc pdf m/report.pdf --title 'Annual report' 'Page one says ledger|and more' 'Page two says quarry'
make_doc docx m/plan.docx 'The plan names a lighthouse'
printf '<html><head><title>Web page</title></head><body><p>A pelican lands</p></body></html>\n' >m/page.html
head -c 300 /dev/urandom >m/noise.bin
# Every other format, in a tar.gz: EPUB, ODT, PPTX, ODP, XLSX, ODS, mail.
mkdir o
make_doc epub o/book.epub --title 'A book' 'The chapter names a zeppelin'
make_doc odt o/memo.odt 'The memo names a xylophone'
make_doc pptx o/deck.pptx 'The slide names a yak'
make_doc odp o/talk.odp 'The talk names a wombat'
make_doc xlsx o/book.xlsx 'vulture,cell'
make_doc ods o/calc.ods 'urchin,cell'
printf 'From: Tess <tess@example.org>\nSubject: Mole\n\nThe message names a mole.\n' >o/m.eml
(cd o && tar czf ../a/formats.tar.gz book.epub memo.odt deck.pptx talk.odp book.xlsx calc.ods m.eml)
(cd m && zip -q ../a/all.zip notes.txt survey.md report.pdf plan.docx page.html noise.bin)
(cd m && tar cf ../a/plain.tar notes.txt && tar czf ../a/gz.tar.gz notes.txt &&
	tar cjf ../a/bz.tar.bz2 notes.txt && tar cJf ../a/xz.tar.xz notes.txt &&
	tar --zstd -cf ../a/zst.tar.zst notes.txt && 7z a -bd -bso0 ../a/seven.7z notes.txt)
# Nested: in.zip holds walrus.txt; mid.tar.gz holds in.zip; out.zip holds
# mid.tar.gz.  And zips 4 and 5 deep: the 5th archive is not opened.
mkdir n && printf 'A walrus naps\n' >n/walrus.txt
(cd n && zip -q in.zip walrus.txt && tar czf mid.tar.gz in.zip && zip -q ../a/out.zip mid.tar.gz)
printf 'deep quokka\n' >n/d.txt && (cd n && zip -q l1.zip d.txt && zip -q l2.zip l1.zip &&
	zip -q l3.zip l2.zip && zip -q l4.zip l3.zip && cp l4.zip ../a/four.zip &&
	zip -q l5.zip l4.zip && cp l5.zip ../a/five.zip)
# Bombs: 100 MB of zeros in a zip (its header says so) and in a tar.gz.
python3 -c "
import zipfile
with zipfile.ZipFile('a/bomb.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('zeros.txt', bytes(100 << 20))"
mkdir bz && head -c 100000000 /dev/zero >bz/zeros.bin && tar -C bz -czf a/bomb.tar.gz zeros.bin && rm -r bz
# Cut short: not a readable archive.
head -c 200 a/all.zip >a/cut.zip

timeout -k 5 $((120 * SLOW)) "$INDEX" -d db a >"$TMP/out" 2>"$TMP/err"
# (The cut zip breaks inside its second member, survey.md, 200 bytes in.)
check_eq "index: exit 0, one line for each bomb and the cut archive" \
	"0 rubric-index: a/bomb.tar.gz: skipped: zeros.bin: entry declares 100000000 bytes, over the limit of 32 MiB an entry
rubric-index: a/bomb.zip: skipped: zeros.txt: entry declares 104857600 bytes, over the limit of 32 MiB an entry
rubric-index: a/cut.zip: skipped: survey.md: Truncated ZIP file data" \
	"$? $(messages "$TMP/err")"

# Every kind: notes.txt found in each, named ARCHIVE//MEMBER.
check_eq "every kind: zip, tar, tar.gz, tar.bz2, tar.xz, tar.zst, 7z" \
	"a/all.zip//notes.txt a/bz.tar.bz2//notes.txt a/gz.tar.gz//notes.txt a/plain.tar//notes.txt a/seven.7z//notes.txt a/xz.tar.xz//notes.txt a/zst.tar.zst//notes.txt" \
	"$(listed_paths heron)"
check_eq "text output: ARCHIVE//MEMBER:LINE, the member's own line (4)" \
	"a/seven.7z//notes.txt:4: A heron waits by the weir" \
	"$("$SEARCH" -d db --color=never heron path:seven)"
json=$("$SEARCH" -d db --json heron path:plain)
check_eq "JSON: path is ARCHIVE//MEMBER, line and range the member's" \
	"a/plain.tar//notes.txt 4 First line" \
	"$(jq -r '[.path, .line, .title] | map(tostring) | join(" ")' <<<"$json")"
check_eq "JSON: start/end cut the passage out of the member's bytes" "A heron waits by the weir" \
	"$(tail -c +"$(($(jq .start <<<"$json") + 1))" m/notes.txt | head -c "$(($(jq .end <<<"$json") - $(jq .start <<<"$json")))")"
check_eq "TSV names ARCHIVE//MEMBER" "a/xz.tar.xz//notes.txt	4" \
	"$("$SEARCH" -d db --format tsv heron path:xz | cut -f3,4)"

# Members read by their own readers.
check_eq "Markdown member: no markup" "We counted newts under stones." \
	"$("$SEARCH" -d db --json newts | jq -r .text)"
check_eq "PDF member: page 2, its title" "a/all.zip//report.pdf 2 Annual report" \
	"$("$SEARCH" -d db --json quarry | jq -r '[.path, .page, .title] | map(tostring) | join(" ")')"
check_eq "PDF member in text output: PATH:PAGE:LINE" "a/all.zip//report.pdf:2:1: Page two says quarry" \
	"$("$SEARCH" -d db --color=never quarry)"
check_eq "DOCX member: read as DOCX" "a/all.zip//plan.docx" "$(listed_paths lighthouse)"
check_eq "HTML member: its title, no tags" "Web page|A pelican lands" \
	"$("$SEARCH" -d db --json pelican | jq -r '.title + "|" + .text')"
check_status "a binary member is not indexed, nor its archive for it" 1 "$SEARCH" -d db binary
for pair in book.epub:zeppelin memo.odt:xylophone deck.pptx:yak talk.odp:wombat \
	book.xlsx:vulture calc.ods:urchin m.eml:mole; do
	check_eq "${pair%%:*} in a tar.gz: read by its own reader" "a/formats.tar.gz//${pair%%:*}" \
		"$(listed_paths "${pair#*:}")"
done
check_eq "the parts of members: a slide, a sheet, a chapter" "1 1 1" \
	"$("$SEARCH" -d db --json yak | jq -r .slide) $("$SEARCH" -d db --json vulture | jq -r .sheet) $("$SEARCH" -d db --json zeppelin | jq -r .chapter)"
check_eq "a mail member: its fields, from: finds it" "a/formats.tar.gz//m.eml" "$(listed_paths from:tess mole)"

# Nested, and bounded.
check_eq "nested: zip in tar.gz in zip" "a/out.zip//mid.tar.gz//in.zip//walrus.txt" "$(listed_paths walrus)"
check_eq "4 archives deep are read; a 5th is not opened" \
	"a/four.zip//l3.zip//l2.zip//l1.zip//d.txt" "$(listed_paths quokka)"
check_eq "-l names each member once" "a/all.zip//notes.txt" "$(listed_paths heron path:all)"

# An archive that changes: its members go with it.
(cd m && printf 'A kingfisher dives\n' >new.txt && zip -q ../a/all.zip new.txt && zip -q -d ../a/all.zip notes.txt)
"$INDEX" -d db a >"$TMP/out" 2>"$TMP/err"
check_eq "changed archive: the added member is found" "a/all.zip//new.txt" "$(listed_paths kingfisher)"
check_eq "changed archive: the removed member is gone, the others stay" \
	"a/bz.tar.bz2//notes.txt a/gz.tar.gz//notes.txt a/plain.tar//notes.txt a/seven.7z//notes.txt a/xz.tar.xz//notes.txt a/zst.tar.zst//notes.txt|a/all.zip//report.pdf" \
	"$(listed_paths heron)|$(listed_paths quarry)"
rm a/out.zip
"$INDEX" -d db a >"$TMP/out" 2>"$TMP/err"
check_status "removed archive: its members are gone (exit 1)" 1 "$SEARCH" -d db walrus
"$INDEX" -d db a >"$TMP/out" 2>"$TMP/err"
check_eq "rerun: nothing changed, nothing said" "0 added, 0 updated|" \
	"$(grep -oE '[0-9]+ added, [0-9]+ updated' "$TMP/err")|$(messages "$TMP/err")"

# Office files stay their own format, not archives.
check_status "a DOCX outside an archive is one document" 0 "$INDEX" -q -d db2 m/plan.docx
check_eq "DOCX: path without //" "m/plan.docx" "$("$SEARCH" -d db2 -l lighthouse)"
done_testing
