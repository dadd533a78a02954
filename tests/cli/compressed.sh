# gzip-compressed files are read as what they hold: detected by content,
# then by the name without ".gz" (or as --format says).  Lines and byte
# offsets are those of the inflated bytes (what zcat prints), worked out
# here with zcat and grep from the text the test writes.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
sanitizer_exit_codes
# line_in FILE.gz TEXT: the line of the inflated file holding TEXT
line_in() { zcat "$1" | grep -n -F "$2" | head -n 1 | cut -d: -f1; }
first() { "$SEARCH" -d db --json -- "$@" 2>/dev/null | head -n 1; }

mkdir z
printf 'Field notes\nThe otter swims at dawn\n\nA heron waits by the weir\n' | gzip >z/notes.txt.gz
# Markdown, known by the name under ".gz": its markup is not text.
printf '# Pond survey\n\nWe counted **newts** under [stones](http://x.example).\n' |
	gzip >z/survey.md.gz
# An mbox of two messages: each passage has its own message's headers.
{
	printf 'From a@example.org Mon Jan  6 10:00:00 2020\nFrom: Alice <a@example.org>\n'
	printf 'Subject: Budget\nDate: Mon, 6 Jan 2020 10:00:00 +0000\n\nThe budget is due.\n\n'
	printf 'From c@example.org Tue Feb  4 09:00:00 2020\nFrom: Carol <c@example.org>\n'
	printf 'Subject: Garden\nDate: Tue, 4 Feb 2020 09:00:00 +0000\n\nThe garden party moves indoors.\n'
} | gzip >z/list.mbox.gz
# Latin-1 text: converted, its offsets still the inflated bytes'.
printf 'caf\xe9 au lait\n' | gzip >z/latin.txt.gz
# Two members one after the other (cat a.gz b.gz), then trailing zeros.
{ printf 'kingfisher one\n' | gzip; printf '\nkestrel two\n' | gzip; head -c 64 /dev/zero; } >z/two.txt.gz
# Not readable: cut short; a gzip inside a gzip (never opened); 100 MB of
# zeros in 97 KB (past the 64 MiB bound).
printf 'lost words\n' | gzip | head -c 20 >z/cut.txt.gz
printf 'hidden words\n' | gzip | gzip >z/nested.gz
head -c 100000000 /dev/zero | gzip >z/bomb.gz

timeout -k 5 $((120 * SLOW)) "$INDEX" -d db z >"$TMP/out" 2>"$TMP/err"
check_eq "index: exit 0, one line for each unreadable file" \
	"0 rubric-index: z/bomb.gz: skipped: decompresses past the limit of 64 MiB
rubric-index: z/cut.txt.gz: skipped: not a readable gzip stream: it ends too soon
rubric-index: z/nested.gz: skipped: binary file" "$? $(messages "$TMP/err")"
check_eq "index: 5 added, 3 skipped" "8 files: 5 added, 3 skipped" \
	"$(sed -nE 's/^rubric-index: ([0-9]+ files): ([0-9]+ added).* ([0-9]+ skipped).*/\1: \2, \3/p' "$TMP/err")"

# Lines and offsets are the inflated file's.
L=$(line_in z/notes.txt.gz 'heron waits')
check_eq "text.gz: heron's line is the inflated file's ($L)" "z/notes.txt.gz:$L: A heron waits by the weir" \
	"$("$SEARCH" -d db --color=never heron)"
json=$(first heron)
check_eq "text.gz: start/end cut the passage out of the inflated bytes" \
	"A heron waits by the weir" \
	"$(zcat z/notes.txt.gz | head -c "$(jq .end <<<"$json")" | tail -c +"$(($(jq .start <<<"$json") + 1))")"
check_eq "markdown.gz: read as Markdown (the name under .gz): no markup in the text" \
	"We counted newts under stones." "$(first newts | jq -r .text)"
check_eq "markdown.gz: its heading is its title" "Pond survey" "$(first newts | jq -r .title)"
L=$(line_in z/list.mbox.gz 'garden party')
check_eq "mbox.gz: from:carol finds her message, at its line ($L)" \
	"z/list.mbox.gz:$L: The garden party moves indoors." \
	"$("$SEARCH" -d db --color=never from:carol)"
check_eq "mbox.gz: each message its own subject" "Budget Garden" \
	"$(for w in budget garden; do first "$w" | jq -r .fields.subject; done | paste -sd' ' -)"
check_eq "latin-1 .gz: converted, found without its accent" "café au lait" \
	"$(first cafe | jq -r .text)"
check_eq "latin-1 .gz: end is the inflated bytes' length, 12" "0 12" \
	"$(first cafe | jq -r '[.start, .end] | map(tostring) | join(" ")')"
check_eq "two members: both read" "z/two.txt.gz z/two.txt.gz" \
	"$({ "$SEARCH" -d db -l kingfisher; "$SEARCH" -d db -l kestrel; } | paste -sd' ' -)"
for w in lost hidden; do
	check_status "unreadable .gz: '$w' is not indexed (exit 1)" 1 "$SEARCH" -d db "$w"
done

# --format applies to what the file holds.
check_status "--format text on a .md.gz: exit 0" 0 "$INDEX" -q -d db-text --format text z/survey.md.gz
check_eq "--format text: the Markdown read as text, markup kept" \
	"We counted **newts** under [stones](http://x.example)." \
	"$("$SEARCH" -d db-text --json newts | jq -r .text)"

# A rerun finds nothing changed and says nothing.
"$INDEX" -d db z >"$TMP/out" 2>"$TMP/err"
check_eq "rerun: every file unchanged, no message" "8 unchanged|" \
	"$(grep -oE '[0-9]+ unchanged' "$TMP/err")|$(messages "$TMP/err")"
done_testing
