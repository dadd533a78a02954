# rubric-search output: the default PATH:LINE: TEXT format, colour, --json,
# -c, -l, -n, and a reader that closes the pipe early.
# Expected values come from the article itself (one paragraph per line).
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2
index_article
KIDNAP_RE='\bkidnap(ping|pings)?\b'
kidnap_lines=$(grep_lines "$ART" "$KIDNAP_RE")
kidnap_count=$(wc -w <<<"$kidnap_lines")
check_eq "the article has 7 kidnap passages (grep)" 7 "$kidnap_count"

# --- default format ---------------------------------------------------------
# format_ok DESC QUERY...: every line is PATH:LINE: and the source paragraph.
format_ok() {
	local desc=$1 line n want bad=0 first=
	shift
	"$SEARCH" -d "$DB" -n 1000 "$@" >"$TMP/fmt"
	[ -s "$TMP/fmt" ] || { not_ok "$desc" "no output"; return; }
	while IFS= read -r line; do
		if [[ ! $line =~ ^corpus/article/florence-cassez\.txt:([0-9]+):\  ]]; then
			bad=1; first=${first:-"bad prefix: $line"}; continue
		fi
		n=${BASH_REMATCH[1]}
		want="$ART:$n: $(sed -n "${n}p" "$ART" | tr '\t\r' '  ')"
		[ "$line" == "$want" ] || { bad=1; first=${first:-"got:  $line" "want: $want"}; }
	done <"$TMP/fmt"
	if [ $bad -eq 0 ]; then ok "$desc"; else not_ok "$desc" "$first"; fi
}
format_ok "kidnap: lines are PATH:LINE: source paragraph" kidnap
format_ok "cassez: lines are PATH:LINE: source paragraph" cassez
format_ok "Élysée: line is PATH:LINE: source paragraph (curly quote kept)" Élysée

# --- colour -------------------------------------------------------------------
ESC=$'\e'
no_escapes() { # DESC FILE
	if grep -q "$ESC" "$2"; then not_ok "$1" "$(head -n 1 "$2" | cat -v)"; else ok "$1"; fi
}
"$SEARCH" -d "$DB" kidnap >"$TMP/plain"
no_escapes "piped output has no ANSI escapes" "$TMP/plain"
NO_COLOR=1 "$SEARCH" -d "$DB" --color=auto kidnap >"$TMP/nocolor"
no_escapes "NO_COLOR=1 --color=auto in a pipe: no escapes" "$TMP/nocolor"
"$SEARCH" -d "$DB" --color=never kidnap >"$TMP/never"
no_escapes "--color=never: no escapes" "$TMP/never"
check_eq "--color=never output equals piped output" "$(cat "$TMP/plain")" "$(cat "$TMP/never")"

"$SEARCH" -d "$DB" --color=always kidnap >"$TMP/color"
if grep -q "$ESC" "$TMP/color"; then ok "--color=always: escapes present"
else not_ok "--color=always: escapes present"; fi
check_eq "--color=always minus escapes equals plain output" "$(cat "$TMP/plain")" \
	"$(sed -E "s/$ESC\[[0-9;]*m//g" "$TMP/color")"
# Every kidnap word of every passage text sits between escapes, and each
# passage has one.
python3 - "$TMP/color" <<'PY' >"$TMP/py"
import re, sys
sgr = r'\x1b\[[0-9;]*m'
bad = []
for line in open(sys.argv[1], encoding='utf-8'):
    plain = re.sub(sgr, '', line)
    m = re.match(r'[^:]*:[0-9]+: ', plain)
    # drop the (possibly coloured) prefix: everything up to the first ": "
    # after the line number
    text = re.split(r'^.*?[0-9]+(?:' + sgr + r')*: ', line, maxsplit=1)[-1]
    wrapped = re.findall(sgr + r'([A-Za-z]+)' + sgr, text)
    if not any(re.fullmatch(r'(?i)kidnap(ping|pings)?', w) for w in wrapped):
        bad.append('no highlighted kidnap word: ' + plain.strip()[:60])
    rest = re.sub(sgr + r'[A-Za-z]+' + sgr, '', text)
    rest = re.sub(sgr, '', rest)
    if re.search(r'(?i)\bkidnap(ping|pings)?\b', rest):
        bad.append('unhighlighted kidnap word: ' + plain.strip()[:60])
print('\n'.join(bad))
PY
check_eq "--color=always: every matched word is wrapped in escapes" "" "$(cat "$TMP/py")"

# --- JSON ---------------------------------------------------------------------
# json_check DESC_PREFIX EXPECTED_LINES HIGHLIGHT_RE EXACT_HIGHLIGHTS QUERY...
# HIGHLIGHT_RE: every highlighted substring, lowercased and accent-folded,
# must match it; EXACT_HIGHLIGHTS (or ""): the highlighted substrings of each
# hit, space-separated.
json_check() {
	local d=$1 lines=$2 hre=$3 exact=$4 l bad=0 st
	shift 4
	"$SEARCH" -d "$DB" -n 1000 --json "$@" >"$TMP/json"; st=$?
	check_eq "$d: exit 0" 0 "$st"
	while IFS= read -r l; do
		jq -e 'type == "object"' <<<"$l" >/dev/null 2>&1 || bad=$((bad + 1))
	done <"$TMP/json"
	check_eq "$d: every line is a JSON object (jq)" 0 "$bad"
	python3 - "$TMP/json" "$ART" "$lines" "$hre" "$exact" <<'PY' >"$TMP/py"
import json, re, sys, unicodedata
jf, art, want_lines, hre, exact = sys.argv[1:6]
src = open(art, 'rb').read()
title = src.split(b'\n', 1)[0].decode('utf-8')
hits = [json.loads(l) for l in open(jf, encoding='utf-8') if l.strip()]
def fold(s):
    return ''.join(c for c in unicodedata.normalize('NFKD', s)
                   if not unicodedata.combining(c)).lower()
def isint(v): return isinstance(v, int) and not isinstance(v, bool)
res = {}
def check(aspect, cond, detail):
    if aspect not in res: res[aspect] = ''
    if not cond and not res[aspect]: res[aspect] = detail
check('type is "hit"', all(h.get('type') == 'hit' for h in hits), 'types: %s' % [h.get('type') for h in hits])
check('rank is 1..n in order', [h.get('rank') for h in hits] == list(range(1, len(hits) + 1)), str([h.get('rank') for h in hits]))
sc = [h.get('score') for h in hits]
check('score is a number, descending', all(isinstance(s, (int, float)) for s in sc) and all(a >= b for a, b in zip(sc, sc[1:])), str(sc))
check('path is the article', all(h.get('path') == art for h in hits), str({h.get('path') for h in hits}))
check("title is the article's first line", all(h.get('title') == title for h in hits), str({h.get('title') for h in hits}))
check('passage is an integer', all(isint(h.get('passage')) for h in hits), str([h.get('passage') for h in hits]))
got_lines = ' '.join(str(n) for n in sorted(h.get('line') for h in hits if isint(h.get('line'))))
check('line numbers are the expected ones', got_lines == want_lines, 'got %r want %r' % (got_lines, want_lines))
for h in hits:
    s, e, t = h.get('start'), h.get('end'), h.get('text', '')
    okse = isint(s) and isint(e) and 0 <= s < e <= len(src)
    check('start < end, inside the file', okse, 'start %r end %r' % (s, e))
    if not okse: continue
    tb = t.encode('utf-8')
    check('source bytes [start,end) equal text', src[s:e] == tb, 'line %s: %r vs %r' % (h.get('line'), src[s:e][:60], tb[:60]))
    check('line is the line of start', src[:s].count(b'\n') + 1 == h.get('line'), 'line %s, start %s' % (h.get('line'), s))
    hl = h.get('highlights')
    okhl = isinstance(hl, list) and len(hl) > 0 and all(
        isinstance(p, list) and len(p) == 2 and isint(p[0]) and isint(p[1]) and 0 <= p[0] < p[1] <= len(tb) for p in hl)
    check('highlights are non-empty byte ranges of text', okhl, 'line %s: %r' % (h.get('line'), hl))
    if not okhl: continue
    subs = [tb[a:b].decode('utf-8', 'replace') for a, b in hl]
    check('highlighted words belong to the query', all(re.fullmatch(hre, fold(w)) for w in subs), 'line %s: %r' % (h.get('line'), subs))
    if exact:
        check('highlights are exactly: ' + exact, ' '.join(subs) == exact, 'line %s: %r' % (h.get('line'), subs))
for k, v in res.items():
    print(('ok\t' if not v else 'not ok\t') + k + '\t' + v)
PY
	local r a det
	while IFS=$'\t' read -r r a det; do
		if [ "$r" == ok ]; then ok "$d: $a"; else not_ok "$d: $a" "$det"; fi
	done <"$TMP/py"
}
json_check "--json kidnap" "$kidnap_lines" 'kidnap(ping|pings)?' '' kidnap
json_check '--json "supreme court"' 53 'supreme|court' 'Supreme Court' '"supreme court"'
json_check "--json Élysée" 57 'elysee' 'Elysee' Élysée
json_check "--json cassez" "$(grep_lines "$ART" '\bcassez\b')" "cassez(['’]s)?" '' cassez
"$SEARCH" -d "$DB" --json '"court supreme"' >"$TMP/json"
check_eq '--json "court supreme": exit 1' 1 $?
check_eq '--json "court supreme": no output' "" "$(cat "$TMP/json")"

# --- -c, -l, -n ---------------------------------------------------------------
out=$("$SEARCH" -d "$DB" -c kidnap); st=$?
check_eq "-c kidnap: exit 0" 0 "$st"
check_eq "-c kidnap: the number of kidnap passages" "$kidnap_count" "$out"
out=$("$SEARCH" -d "$DB" --count kidnap)
check_eq "--count kidnap: same" "$kidnap_count" "$out"
out=$("$SEARCH" -d "$DB" -n 2 -c kidnap)
check_eq "-c counts past -n" "$kidnap_count" "$out"
out=$("$SEARCH" -d "$DB" -c '"court supreme"'); st=$?
check_eq '-c "court supreme": exit 1' 1 "$st"
check_eq '-c "court supreme": prints 0' 0 "$out"
out=$("$SEARCH" -d "$DB" -c '"supreme court"')
check_eq '-c "supreme court": 1' 1 "$out"

out=$("$SEARCH" -d "$DB" -l kidnap); st=$?
check_eq "-l kidnap: exit 0" 0 "$st"
check_eq "-l kidnap: the path once" "$ART" "$out"
out=$("$SEARCH" -d "$DB" --files-with-matches kidnap)
check_eq "--files-with-matches kidnap: the path once" "$ART" "$out"
check_status '-l "court supreme": exit 1' 1 "$SEARCH" -d "$DB" -l '"court supreme"'
check_eq '-l "court supreme": no output' "" "$(cat "$TMP/out")"

check_eq "-n 2 kidnap: 2 lines" 2 "$("$SEARCH" -d "$DB" -n 2 kidnap | wc -l)"
check_eq "--limit 3 kidnap: 3 lines" 3 "$("$SEARCH" -d "$DB" --limit 3 kidnap | wc -l)"
check_eq "-n 2 --json kidnap: 2 lines" 2 "$("$SEARCH" -d "$DB" -n 2 --json kidnap | wc -l)"
check_eq "-n 2 kidnap: the first 2 of the full ranking" \
	"$("$SEARCH" -d "$DB" kidnap | head -n 2)" "$("$SEARCH" -d "$DB" -n 2 kidnap)"
check_eq "no -n: all 19 cassez passages (under the default limit)" \
	"$(wc -w <<<"$(grep_lines "$ART" '\bcassez\b')")" "$("$SEARCH" -d "$DB" cassez | wc -l)"

# --- a reader that stops early --------------------------------------------------
mkdir -p "$TMP/big"
for i in $(seq 1 50); do cp "$ART" "$TMP/big/copy$i.txt"; done
"$INDEX" -q -d "$TMP/bigidx" "$TMP/big" 2>"$TMP/index.err"
check_eq "index 50 copies: exit 0" 0 $?
check_eq "50 copies: -c cassez is 50 times the article's" \
	$((50 * $(wc -w <<<"$(grep_lines "$ART" '\bcassez\b')"))) "$("$SEARCH" -d "$TMP/bigidx" -c cassez)"
check_eq "no -n: the default limit, 20 lines" 20 "$("$SEARCH" -d "$TMP/bigidx" cassez | wc -l)"
# The output is far bigger than a pipe buffer, so the search writes after the
# reader has gone: that is not an error.
for opt in "" --json; do
	for reader in "head -n 1" "head -c 10"; do
		d="search ${opt:+$opt }cassez | $reader"
		"$SEARCH" -d "$TMP/bigidx" -n 100000 $opt cassez 2>"$TMP/pipe.err" | $reader >"$TMP/pipe.out"
		st=${PIPESTATUS[0]}
		check_eq "$d: search exits 0" 0 "$st"
		check_eq "$d: nothing on stderr" "" "$(cat "$TMP/pipe.err")"
	done
done
check_eq "search | head -n 1: one line out" 1 "$(
	"$SEARCH" -d "$TMP/bigidx" -n 100000 cassez 2>/dev/null | head -n 1 | wc -l)"

done_testing
