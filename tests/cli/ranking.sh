# One ranking for every query (GUIDE.md, Matching): a passage holding only
# some of the words fills the list after the answers holding them all, or
# ranks above one of them with ten times its evidence, always marked with
# the words it lacks; a file's passages count for each other; a passage of
# stop words alone is never an answer nor an "others" line.  Every fixture
# is written here, and every expected order worked out from its words.
source "$(dirname "$0")/testlib.bash"
D=$TMP/docs DB=$TMP/db
mkdir -p "$D/rocks" "$D/help" "$D/ice"

# --- a weak full match and strong near-matches -----------------------------
# weak.txt: one long paragraph on a museum, holding each of quartz, granite,
# basalt and obsidian once among 90 words.  near1.txt and near2.txt: short
# passages (13 words) holding three of the four, two of them twice:
# near1 quartz and granite twice, basalt once; near2 granite and basalt
# twice, quartz once.  Quartz is in 3 files, basalt in 4, so near1's
# second quartz outweighs near2's second basalt.  near3.txt: obsidian and
# basalt twice (lacks two words); other.txt: obsidian once (lacks three).
cat >"$D/rocks/weak.txt" <<'EOF'
The harbour museum opened a new wing this spring, with rooms about fishing boats, old maps, ship models and the lives of the families who built them. One small case near the stairs shows a piece of quartz, a slab of granite, a chip of basalt and a sliver of obsidian that sailors once carried as ballast, but the guides spend most of the tour on the boats, the nets, the ropes, the sails and the long winters the village knew before the railway came.
EOF
printf 'Quartz veins cut the granite; the basalt beside the granite holds quartz too.\n' >"$D/rocks/near1.txt"
printf 'Granite and basalt: basalt flows over granite, and quartz fills the cracks there.\n' >"$D/rocks/near2.txt"
printf 'Obsidian and basalt are volcanic; obsidian cools fast, basalt cools slowly.\n' >"$D/rocks/near3.txt"
printf 'A short note on obsidian knives.\n' >"$D/rocks/other.txt"

# --- a question whose stop words fill many passages ------------------------
# Ten files of stop words only ("how do I ..."), each three paragraphs;
# setup.txt says how to configure the proxy in one paragraph; apart.txt
# names configure in its first paragraph and the proxy in its third, its
# second paragraph holding only stop words; notes.txt names the proxy alone.
for i in 0 1 2 3 4 5 6 7 8 9; do
	printf 'How do I do it?\n\nI do not know how you do that.\n\nWhat is it and where is it?\n' \
		>"$D/help/faq$i.txt"
done
printf 'To configure the proxy, open the network panel and type its address.\n' >"$D/help/setup.txt"
printf 'You configure it in the settings.\n\nHow do I do that? I do not know.\n\nThe proxy is down today.\n' \
	>"$D/help/apart.txt"
printf 'The proxy answers slowly.\n' >"$D/help/notes.txt"

# --- a title and its body --------------------------------------------------
# survey.txt: its title names the glacier, its body (another passage) the
# moraine; road.txt names the moraine alone, in one short passage.
printf 'Glacier survey\n\nMeasurements of the moraine were taken every summer for ten years.\n' \
	>"$D/ice/survey.txt"
printf 'The moraine is seen from the road.\n' >"$D/ice/road.txt"

"$INDEX" -q -d "$DB" "$D" 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?
cd "$D" || exit 2

# The weak full match first (no near-match has ten times its evidence),
# then the near-matches by their evidence, each marked.
check_eq "weak full match: then the near-matches in order, each with what it lacks" \
	"rocks/weak.txt:1 rocks/near1.txt:1!obsidian rocks/near2.txt:1!obsidian rocks/near3.txt:1!quartz!granite rocks/other.txt:1!quartz!granite!basalt" \
	"$(json_hits quartz granite basalt obsidian)"
check_eq "weak full match: -n 3 shows it and the two best near-matches" \
	"rocks/weak.txt:1 rocks/near1.txt:1!obsidian rocks/near2.txt:1!obsidian" \
	"$(json_hits -n 3 quartz granite basalt obsidian)"
check_status "weak full match: exit 0 (a passage holds every word)" 0 \
	"$SEARCH" -d "$DB" quartz granite basalt obsidian
check_eq "weak full match: -l lists the full match only" "rocks/weak.txt" \
	"$("$SEARCH" -d "$DB" -l quartz granite basalt obsidian)"
check_eq "weak full match: -c counts the full match only" 1 \
	"$("$SEARCH" -d "$DB" -c quartz granite basalt obsidian)"
"$SEARCH" -d "$DB" quartz granite basalt obsidian >/dev/null 2>"$TMP/err"
check_eq "weak full match: stderr says the partial hits are among the answers" \
	"rubric-search: few hits hold every word of the query; 4 passages holding some of them are among the answers, each with the words it lacks" \
	"$(cat "$TMP/err")"
check_eq "--no-partial: the full match alone" "rocks/weak.txt:1" \
	"$(json_hits --no-partial quartz granite basalt obsidian)"
# Without a full match the near-matches are the answers: exit 1.
check_status "near-matches only (no full match): exit 1" 1 \
	"$SEARCH" -d "$DB" quartz granite obsidian ballast2
check_eq "--sort newest: partial hits follow the full ones, only without a full passage" \
	"rocks/weak.txt:1" "$(json_hits --sort newest quartz granite basalt obsidian)"

# -n 3 prints three answers: apart.txt (every word of the question, the
# stop words in its second paragraph: its others line is the proxy
# paragraph, never that one), setup.txt (configure and proxy together, but
# a stop word of the query is a word it must hold, so it lacks how, do and
# I), notes.txt (the proxy alone).  No passage of the FAQ files, which
# hold only stop words, is an answer.
"$SEARCH" -d "$DB" --json -n 3 how do I configure the proxy >"$TMP/q.json" 2>/dev/null
check_eq "question: -n 3 gives three answers" 3 \
	"$(jq -s '[.[] | select(.type == "hit")] | length' "$TMP/q.json")"
check_eq "question: apart.txt with its proxy line, then setup.txt and notes.txt, marked" \
	"help/apart.txt:1+5 help/setup.txt:1!how!do!i help/notes.txt:1!how!do!i!configure" \
	"$(json_hits -n 3 how do I configure the proxy)"
check_eq "question: no answer or others line holds only stop words" 0 \
	"$(jq -r 'select(.type == "hit") | .text, (.others // [] | .[].text)' "$TMP/q.json" |
		grep -v -i -c -E 'configure|proxy')"
"$SEARCH" -d "$DB" -n 3 how do I configure the proxy >"$TMP/q.txt" 2>/dev/null
check_eq "question: text output, three answers and apart.txt's proxy line" 4 \
	"$(wc -l <"$TMP/q.txt")"

# The title and its body rank their document above a document holding only
# one of the words, however short its passage: survey.txt's hit is its
# title (line 1, glacier, the rarer word), its body (line 3) named after.
check_eq "title and body: survey.txt (a file match) above road.txt (moraine alone)" \
	"ice/survey.txt:1+3 ice/road.txt:1!glacier" "$(json_hits glacier moraine)"
done_testing
