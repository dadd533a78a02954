# rubric-search output for pipes: --format tsv|trec|json|text, --stats,
# -0, --max-chars, -C, --queries-from and mail fields in JSON.
# Expected values come from the article (one paragraph per line, passages
# are paragraphs) and from fixtures written here.
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
index_article
S() { "$SEARCH" -d "$DB" "$@"; }
kidnap_count=$(wc -w <<<"$(grep_lines "$ART" '\bkidnap(ping|pings)?\b')")
cassez_count=$(wc -w <<<"$(grep_lines "$ART" '\bcassez\b')")

# --- --format text / json -------------------------------------------------------
check_eq "--format text equals the default output" "$(S -n 100 cassez)" "$(S --format text -n 100 cassez)"
check_eq "--format json equals --json" "$(S --json -n 100 cassez)" "$(S --format json -n 100 cassez)"
check_status "--format xml: exit 2" 2 "$SEARCH" -d "$DB" --format xml cassez
check_eq "--format xml: says what it wants" "rubric-search: --format wants text, json, tsv or trec" "$(cat "$TMP/err")"

# --- TSV --------------------------------------------------------------------------
# Every line has 5 columns that, unescaped, equal the JSON hit of the same rank.
tsv_vs_json() { # DESC TSV JSON
	python3 - "$2" "$3" <<'PY' >"$TMP/py"
import json, re, sys
un = {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}
def unesc(s): return re.sub(r'\\(.)', lambda m: un[m.group(1)], s)
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8')]
hits = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
bad = []
if len(rows) != len(hits) or not rows: bad.append('%d rows, %d hits' % (len(rows), len(hits)))
for r, h in zip(rows, hits):
    if len(r) != 5: bad.append('%d columns: %r' % (len(r), r)); continue
    want = [str(h['rank']), h['path'], str(h['line']), h['text']]
    got = [r[0], unesc(r[2]), r[3], unesc(r[4])]
    if got != want: bad.append('got %r want %r' % (got, want))
    if abs(float(r[1]) - h['score']) > 1e-6: bad.append('score %s vs %r' % (r[1], h['score']))
print('\n'.join(bad[:3]))
PY
	check_eq "$1" "" "$(cat "$TMP/py")"
}
S --format tsv -n 100 cassez >"$TMP/tsv"
S --json -n 100 cassez >"$TMP/json"
check_eq "--format tsv cassez: one line per hit" "$cassez_count" "$(wc -l <"$TMP/tsv")"
tsv_vs_json "--format tsv cassez: rank, score, path, line, text of each JSON hit" "$TMP/tsv" "$TMP/json"
check_eq "--format tsv: ranks 1..n" "$(seq 1 "$cassez_count" | paste -sd' ')" "$(cut -f1 "$TMP/tsv" | paste -sd' ')"

# A file whose name holds a tab and whose paragraph holds a tab, a
# backslash and a CRLF line break.
mkdir -p "$TMP/fx/esc" "$TMP/fx/sp ace"
ESCF="$TMP/fx/esc/tab	name.txt"
printf 'esctoken a\tb c\\d\r\nnext line\r\n\r\nsecond para\r\n' >"$ESCF"
SPF="$TMP/fx/sp ace/my file%.txt"
printf 'spacetoken here\n' >"$SPF"
"$INDEX" -q -d "$TMP/fxidx" "$TMP/fx" 2>"$TMP/index.err"
check_eq "index the fixtures: exit 0" 0 $?
F() { "$SEARCH" -d "$TMP/fxidx" "$@"; }
out=$(F --format tsv esctoken | cut -f3-)
check_eq "--format tsv: tab, backslash, CR and newline escaped" \
	"${ESCF//	/\\t}	1	esctoken a\\tb c\\\\d\\r\\nnext line" "$out"
F --format tsv esctoken >"$TMP/tsv"; F --json esctoken >"$TMP/json"
tsv_vs_json "--format tsv: escaped columns unescape to the JSON hit" "$TMP/tsv" "$TMP/json"

# --- TREC -------------------------------------------------------------------------
trec_check() { # DESC TREC JSON QIDS: 6 fields, Q0, rubric, ranks 1..n per query,
	# scores descending, DOCID = PATH#PASSAGE of the JSON hit of that rank
	python3 - "$2" "$3" "$4" <<'PY' >"$TMP/py"
import json, sys
lines = [l.rstrip('\n') for l in open(sys.argv[1], encoding='utf-8')]
hits = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
hits = [h for h in hits if h['type'] == 'hit']
bad, by = [], {}
for l in lines:
    f = l.split()
    if len(f) != 6 or f[1] != 'Q0' or f[5] != 'rubric': bad.append('bad line %r' % l); continue
    by.setdefault(f[0], []).append(f)
if sorted(by) != sorted(sys.argv[3].split()): bad.append('qids %r' % sorted(by))
for q, fs in by.items():
    if [int(f[3]) for f in fs] != list(range(1, len(fs) + 1)): bad.append('ranks %r' % [f[3] for f in fs])
    sc = [float(f[4]) for f in fs]
    if any(a < b for a, b in zip(sc, sc[1:])): bad.append('scores %r' % sc)
    hq = [h for h in hits if str(h.get('qid', '1')) == q]
    want = ['%s#%d' % (h['path'].replace('%', '%25').replace(' ', '%20'), h['passage']) for h in hq]
    if [f[2] for f in fs] != want: bad.append('docids %r want %r' % ([f[2] for f in fs][:2], want[:2]))
print('\n'.join(bad[:3]))
PY
	check_eq "$1" "" "$(cat "$TMP/py")"
}
S --format trec -n 100 cassez >"$TMP/trec"
S --json -n 100 cassez >"$TMP/json"
check_eq "--format trec cassez: one line per hit" "$cassez_count" "$(wc -l <"$TMP/trec")"
trec_check "--format trec cassez: 6 fields, ranks 1..n, scores descending, PATH#PASSAGE" \
	"$TMP/trec" "$TMP/json" 1
out=$(F --format trec spacetoken | cut -d' ' -f3 | sed 's/#1$//')
check_eq "--format trec: spaces and % in the path encoded" "${SPF//%/%25}" "${out//%20/ }"
check_eq "--format trec: DOCID has no space" "1 Q0 ${SPF//%/%25}" \
	"$(F --format trec spacetoken | cut -d' ' -f1-3 | sed 's/%20/ /g; s/#1$//')"

# --- -0 ---------------------------------------------------------------------------
mkdir -p "$TMP/zero"
Z1="$TMP/zero/two words.txt" Z2="$TMP/zero/new
line.txt" Z3="$TMP/zero/plain.txt"
for f in "$Z1" "$Z2" "$Z3"; do printf 'roundtrip token\n' >"$f"; done
"$INDEX" -q -d "$TMP/zidx" "$TMP/zero" 2>"$TMP/index.err"
check_eq "index files with a space and a newline in their names: exit 0" 0 $?
got=$("$SEARCH" -d "$TMP/zidx" -l -0 roundtrip | xargs -0 -n 1 sh -c 'test -f "$1" && printf "%s\\0" "$1"' sh |
	LC_ALL=C sort -z | tr '\0' '|')
check_eq "-l -0 | xargs -0: every path round-trips" \
	"$(printf '%s\0' "$Z1" "$Z2" "$Z3" | LC_ALL=C sort -z | tr '\0' '|')" "$got"
check_eq "-l -0: three NULs, one per path" 3 "$("$SEARCH" -d "$TMP/zidx" -l -0 roundtrip | tr -cd '\0' | wc -c)"
check_eq "--null is -0" "$("$SEARCH" -d "$TMP/zidx" -l -0 roundtrip | od -c)" \
	"$("$SEARCH" -d "$TMP/zidx" -l --null roundtrip | od -c)"
# Text output: PATH NUL LINE: TEXT, as ripgrep's -0.
out=$(S -0 -n 1 '"supreme court"' | tr '\0' '|')
check_eq "-0 with text output: a NUL after the path instead of ':'" \
	"$ART|53: $(sed -n 53p "$ART")" "$out"

# --- --stats ----------------------------------------------------------------------
for q in kidnap cassez '"supreme court"'; do
	S --json --stats -n 3 "$q" >"$TMP/json"
	c=$(S -c "$q")
	sum=$(tail -n 1 "$TMP/json" | jq -c '[.type, .query, .matches, .hits, .files, (.elapsed | type == "number" and . >= 0)]')
	hits=$(jq -s '[.[] | select(.type == "hit")] | length' "$TMP/json")
	files=$(jq -rs '[.[] | select(.type == "hit") | .path] | unique | length' "$TMP/json")
	check_eq "--json --stats $q: last line is the summary, matches = -c, hits and files counted" \
		"$(jq -cn --arg q "$q" --argjson c "$c" --argjson h "$hits" --argjson f "$files" '["summary", $q, $c, $h, $f, true]')" "$sum"
done
check_eq "--json --stats kidnap -n 3: 3 hits shown, $kidnap_count matches" "$kidnap_count 3" \
	"$(S --json --stats -n 3 kidnap | tail -n 1 | jq -r '"\(.matches) \(.hits)"')"
S --stats -n 4 cassez >"$TMP/out"
check_eq "--stats text: hits, a blank line, then the summary on stdout" \
	"$(printf '\n%s matching passages\n4 hits shown\n1 files with hits shown' "$cassez_count")" \
	"$(tail -n 5 "$TMP/out" | head -n 4)"
check_eq "--stats text: the last line gives the seconds" 1 "$(tail -n 1 "$TMP/out" | grep -cE '^[0-9]+\.[0-9]+ seconds$')"
check_eq "--stats text: 4 hit lines first" "$(S -n 4 cassez)" "$(head -n 4 "$TMP/out")"
S -l --stats cassez >"$TMP/out" 2>"$TMP/err"
check_eq "-l --stats: stdout holds only the path" "$ART" "$(cat "$TMP/out")"
check_eq "-l --stats: the summary on stderr" "$cassez_count matching passages" "$(head -n 1 "$TMP/err")"
S --json --stats '"court supreme"' >"$TMP/json"; st=$?
check_eq "--json --stats with no match: exit 1" 1 "$st"
check_eq "--json --stats with no match: a summary of zeros" '[0,0,0]' \
	"$(jq -c 'select(.type == "summary") | [.matches, .hits, .files]' "$TMP/json")"

# --- mail fields ----------------------------------------------------------------------
mkdir -p "$TMP/mail"
printf 'From: Ann Smith <ann@example.org>\nTo: bob@example.net\nSubject: Quarterly mailtoken report\nDate: Mon, 26 Aug 2002 15:48:53 +0100\nMessage-Id: <1@example.org>\nContent-Type: text/plain; charset=us-ascii\n\nThe mailtoken figures are attached.\n' >"$TMP/mail/m1.eml"
"$INDEX" -q -d "$TMP/midx" "$TMP/mail" 2>"$TMP/index.err"
check_eq "index a mail: exit 0" 0 $?
out=$("$SEARCH" -d "$TMP/midx" --json mailtoken | jq -c '.fields | [.from, .to, .subject]')
check_eq "--json on a mail: fields from, to, subject" \
	'["Ann Smith <ann@example.org>","bob@example.net","Quarterly mailtoken report"]' "$out"
check_eq "--json on a mail: fields.date is the Date header's time" 1 \
	"$("$SEARCH" -d "$TMP/midx" --json mailtoken | jq -r '.fields.date' | grep -c '^2002-08-26')"
check_eq "--json on a text file: no fields key" 0 "$(S --json -n 100 cassez | jq -s 'map(select(has("fields"))) | length')"

# --- --max-chars ------------------------------------------------------------------------
# Each cut hit: at most N characters besides the "…" at cut ends, a piece of
# the full passage, and its highlights those of the full passage inside
# that piece, moved; every hit keeps a highlight.
maxchars_check() { # N QUERY
	local n=$1 q=$2
	S --json -n 100 --max-chars "$n" "$q" >"$TMP/cut"
	S --json -n 100 "$q" >"$TMP/full"
	python3 - "$TMP/cut" "$TMP/full" "$n" <<'PY' >"$TMP/py"
import json, sys
cut = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
full = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
n, E, bad = int(sys.argv[3]), '\u2026', []
for c, f in zip(cut, full):
    t, ft = c['text'], f['text']
    if not isinstance(t, str): bad.append('not UTF-8: %r' % t); continue
    if (c['start'], c['end'], c['line']) != (f['start'], f['end'], f['line']): bad.append('source range changed')
    pre = E if t.startswith(E) and not ft.startswith(E) else ''
    post = E if t.endswith(E) and t != pre else ''
    core = t[len(pre):len(t) - len(post)]
    if len(ft) <= n and t != ft: bad.append('short text changed: %r' % t)
    if len(core) > n: bad.append('%d chars: %r' % (len(core), t))
    tb, fb, cb = t.encode(), ft.encode(), core.encode()
    at = fb.find(cb) if not pre else fb.find(cb, 1)
    if at < 0 or (not pre and at != 0) or (not post and at + len(cb) != len(fb)):
        bad.append('not a piece of the passage, or "…" missing: %r' % t); continue
    shift = len(pre.encode()) - at
    want = [[max(a, at) + shift, min(b, at + len(cb)) + shift] for a, b in f['highlights']
            if min(b, at + len(cb)) > max(a, at)]
    if c['highlights'] != want: bad.append('highlights %r want %r in %r' % (c['highlights'], want, t))
    if not c['highlights']: bad.append('no highlight left: %r' % t)
print('\n'.join(bad[:3]))
PY
	check_eq "--max-chars $n $q: cut text, highlights moved with it" "" "$(cat "$TMP/py")"
}
maxchars_check 40 kidnap
maxchars_check 40 cassez
maxchars_check 13 '"supreme court"'
maxchars_check 7 Élysée
maxchars_check 500 kidnap
out=$(S --max-chars 40 -n 100 kidnap | sed -E 's/^[^:]*:[0-9]+: //; s/…//g' |
	awk '{ if (length($0) > 40) n++ } END { print n + 0 }')
check_eq "--max-chars 40 text output: no text over 40 characters besides …" 0 "$out"
check_eq "--max-chars 40 text output: every line still has a kidnap word" "$kidnap_count" \
	"$(S --max-chars 40 -n 100 kidnap | grep -ciE 'kidnap')"
# The window holds the most distinct matched words, not the most matches.
mkdir -p "$TMP/win"
{ printf 'alpha one alpha two alpha three alpha four'
  printf ' filler%d' $(seq 1 12)
  printf ' beta five alpha six'
  printf ' filler%d' $(seq 13 20); printf '\n'; } >"$TMP/win/w.txt"
"$INDEX" -q -d "$TMP/widx" "$TMP/win" 2>"$TMP/index.err"
out=$("$SEARCH" -d "$TMP/widx" --json --max-chars 30 'alpha beta' | python3 -c '
import json, sys
h = json.loads(sys.stdin.readline()); b = h["text"].encode()
print(" ".join(b[x:y].decode() for x, y in h["highlights"]))')
check_eq "--max-chars 30: the window with both words, not the one with four alphas" "beta alpha" "$out"
check_status "--max-chars 0: exit 2" 2 "$SEARCH" -d "$DB" --max-chars 0 cassez

# --- -C / --context ---------------------------------------------------------------
# Paragraphs are one per line with a blank line between: the neighbours of
# the passage at line 53 are those at lines 51 and 55.  (Passages are
# trimmed of surrounding white space.)
line_of() { sed -n "$1p" "$ART" | sed -E 's/^[[:space:]]+|[[:space:]]+$//g'; }
S -C 1 '"supreme court"' >"$TMP/out"
check_eq "-C 1 \"supreme court\": lines 51 and 55 as context around 53" \
	"$(printf '%s\n' "$ART-51- $(line_of 51)" "$ART:53: $(line_of 53)" "$ART-55- $(line_of 55)")" \
	"$(cat "$TMP/out")"
check_eq "--context 2 \"supreme court\": lines 49 51 53 55 57" "49 51 53 55 57" \
	"$(S --context 2 '"supreme court"' | sed -E 's/^[^ ]*[.]txt[-:]([0-9]+)[-:] .*/\1/' | paste -sd' ')"
S -C 1 --json '"supreme court"' >"$TMP/json"
check_eq "-C 1 --json: context, hit, context objects" '["context",1,26,51],["hit",1,27,53],["context",1,28,55]' \
	"$(jq -c '[.type, .rank, .passage, .line]' "$TMP/json" | paste -sd,)"
check_eq "-C 1 --json: context text is the source line" "$(line_of 51)" "$(head -n 1 "$TMP/json" | jq -r .text)"
check_eq "-C 1 --json: context objects have no score or highlights" 0 \
	"$(jq -s 'map(select(.type == "context" and (has("score") or has("highlights")))) | length' "$TMP/json")"
n=$(S -C 1 -n 3 kidnap | grep -c '^--$')
check_eq "-C 1 -n 3 kidnap: groups separated by --" 2 "$n"
# At the ends of a file: no neighbour before the first passage or after the last.
mkdir -p "$TMP/ends"
printf 'first uniqa\n\nsecond para\n\nthird uniqc\n' >"$TMP/ends/e.txt"
"$INDEX" -q -d "$TMP/eidx" "$TMP/ends" 2>"$TMP/index.err"
check_eq "-C 1 on the first passage: only the one after" "1 3" \
	"$("$SEARCH" -d "$TMP/eidx" -C 1 uniqa | sed -E 's/^.*[.]txt[-:]([0-9]+)[-:] .*/\1/' | paste -sd' ')"
check_eq "-C 5 on the last passage: the two before, nothing after" "1 3 5" \
	"$("$SEARCH" -d "$TMP/eidx" -C 5 uniqc | sed -E 's/^.*[.]txt[-:]([0-9]+)[-:] .*/\1/' | paste -sd' ')"
check_status "-C x: exit 2" 2 "$SEARCH" -d "$DB" -C x cassez

# --- --queries-from -----------------------------------------------------------------
printf '1\tkidnap\n2\t(cassez\n3\t"supreme court"\n' >"$TMP/queries"
S --queries-from "$TMP/queries" --json -n 100 >"$TMP/json" 2>"$TMP/err"; st=$?
check_eq "--queries-from with a malformed query: exit 2" 2 "$st"
check_eq "--queries-from: one message naming the malformed query's id" 1 \
	"$(grep -c '^rubric-search: query 2: ' "$TMP/err")"
check_eq "--queries-from --json: the other queries are answered, each hit with its qid" \
	"1:$kidnap_count 3:1" "$(jq -r .qid "$TMP/json" | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }')"
check_eq "--queries-from --json: query 3 finds line 53" 53 "$(jq 'select(.qid == "3") | .line' "$TMP/json")"
check_eq "--queries-from: the answers equal separate runs" \
	"$(S --json -n 100 kidnap | jq -c 'del(.qid)')" "$(jq -c 'select(.qid == "1") | del(.qid)' "$TMP/json")"
S --queries-from "$TMP/queries" --format trec -n 100 >"$TMP/trec" 2>/dev/null
trec_check "--queries-from --format trec: qids 1 and 3, ranks and scores per query" \
	"$TMP/trec" "$TMP/json" "1 3"
printf 'kidnap\n\n"supreme court"\n' | S --queries-from - -c >"$TMP/out"; st=$?
check_eq "--queries-from - (stdin) -c: QID:COUNT, the line number as id" \
	"$(printf '1:%s\n3:1' "$kidnap_count")" "$(cat "$TMP/out")"
check_eq "--queries-from - -c: exit 0" 0 "$st"
printf 'a\tzzzqqq\nb\t"court supreme"\n' | S --queries-from - >"$TMP/out" 2>/dev/null
check_eq "--queries-from: nothing matched: exit 1" 1 $?
printf 'x\tkidnap\n' | S --queries-from - -n 1 >"$TMP/out"
check_eq "--queries-from text output: each hit prefixed with QID:" "x:$(S -n 1 kidnap)" "$(cat "$TMP/out")"
check_status "--queries-from and a query: exit 2" 2 "$SEARCH" -d "$DB" --queries-from "$TMP/queries" kidnap
check_status "--queries-from a missing file: exit 2" 2 "$SEARCH" -d "$DB" --queries-from "$TMP/nope"

# --- --queries-from -j N: worker processes, the same bytes in the same order ---------
# Words, phrases, NEAR, a prefix, fields, a malformed query, one found nowhere,
# one only some passages partly hold, and stop words: each mode's whole output
# (stdout, stderr, exit status) with 2 and 4 workers equals one process's.
printf '%s\n' kidnap cassez '"supreme court"' 'mexico NEAR/3 france' 'kidnap*' \
	'(broken' zzzqqq 'cassez zzzqqq' 'title:cassez' 'the' 'court OR trial' 'france' \
	'"florence cassez"' 'police' 'released' '-kidnap cassez' 'garcia' 'calderon' >"$TMP/jq"
for mode in "--json -n 5" "-n 3" "-c" "-l" "--format tsv -n 4" "--format trec -n 10" \
	"--json -n 2 -C 1 --max-chars 60"; do
	# shellcheck disable=SC2086
	S --queries-from "$TMP/jq" $mode -j 1 >"$TMP/j1" 2>"$TMP/j1e"; st1=$?
	for j in 2 4; do
		# shellcheck disable=SC2086
		S --queries-from "$TMP/jq" $mode -j $j >"$TMP/jn" 2>"$TMP/jne"; stn=$?
		check_eq "--queries-from $mode -j $j: stdout, stderr and exit as -j 1" \
			"$(cat "$TMP/j1"; echo "--"; cat "$TMP/j1e"; echo "exit $st1")" \
			"$(cat "$TMP/jn"; echo "--"; cat "$TMP/jne"; echo "exit $stn")"
	done
done
S --queries-from "$TMP/jq" -c -j 2 >/dev/null 2>"$TMP/err"; st=$?
check_eq "--queries-from -j 2: the malformed query said once, exit 2" "1 2" \
	"$(grep -c '^rubric-search: query 6: ' "$TMP/err") $st"
"$SEARCH" -d "$TMP/no-index-here" --queries-from "$TMP/jq" -j 1 >/dev/null 2>"$TMP/j1e"; st1=$?
"$SEARCH" -d "$TMP/no-index-here" --queries-from "$TMP/jq" -j 3 >/dev/null 2>"$TMP/jne"; stn=$?
check_eq "--queries-from -j 3, no index: one message, exit 2, as -j 1" \
	"$(cat "$TMP/j1e") $st1" "$(cat "$TMP/jne") $stn"
# Enough output to fill the pipe: the workers are stopped, not waited for.
for i in $(seq 300); do echo kidnap; done >"$TMP/many"
S --queries-from "$TMP/many" -j 2 -n 100 2>"$TMP/err" | head -n 1 >"$TMP/out"; st=${PIPESTATUS[0]}
check_eq "--queries-from -j 2 | head -n 1: the first line, exit 0, nothing on stderr" \
	"1 0 0" "$(wc -l <"$TMP/out") $st $(wc -c <"$TMP/err")"
check_status "-j 0: exit 2" 2 "$SEARCH" -d "$DB" -j 0 --queries-from "$TMP/jq"
check_eq "-j 0: says what it wants" "rubric-search: -j wants a number of processes, 1 to 64" \
	"$(cat "$TMP/err")"

done_testing
