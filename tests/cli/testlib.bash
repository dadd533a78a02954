# Shared helpers for the CLI tests: TAP output and assertions.
# A test script sources this, calls `ok`/`not_ok` via the check_* helpers,
# and ends with `done_testing`.
set -u
# A suite runs alone from any folder (bash tests/cli/NAME.sh): the tree is
# where this file is, the programs those of the sanitizer build when there
# is one (make test's), else of build/; tests/run sets both.
RUBRIC_TOP=${RUBRIC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
if [ -z "${RUBRIC_BIN:-}" ]; then
	for RUBRIC_BIN in "$RUBRIC_TOP/build/asan" "$RUBRIC_TOP/build"; do
		[ -x "$RUBRIC_BIN/rubric-search" ] && break
	done
	[ -z "${RUBRIC_FAULTS_BIN:-}" ] && [ -f "$RUBRIC_TOP/build/faults/shim.so" ] &&
		RUBRIC_FAULTS_BIN=$RUBRIC_TOP/build
fi
[ -x "$RUBRIC_BIN/rubric-search" ] ||
	{ echo "Bail out! no programs in $RUBRIC_BIN (make all, or make test once)"; exit 2; }
export RUBRIC_TOP RUBRIC_BIN
INDEX=$RUBRIC_BIN/rubric-index
SEARCH=$RUBRIC_BIN/rubric-search
TOP=$RUBRIC_TOP
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rubric-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=
unset NO_COLOR RUBRIC_DB
# No user's configuration file: a suite that wants one says so.
export XDG_CONFIG_HOME=$TMP/no-config
_n=0
# Time bounds are multiplied by this (tests/valgrind.sh sets it: programs
# under valgrind run tens of times slower).
SLOW=${RUBRIC_SLOWDOWN:-1}

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

# check DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi
}
# check_status DESC EXPECTED_STATUS CMD...
check_status() {
	local desc=$1 want=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"; local rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$desc"; else not_ok "$desc" "exit $rc, expected $want" "stderr: $(head -c 300 "$TMP/err")"; fi
}
done_testing() { echo "1..$_n"; }

# hit_lines: read PATH:LINE: TEXT hits on stdin, print their LINE numbers
# sorted numerically, space-separated, on one line.
hit_lines() { sed -nE 's/^[^:]*:([0-9]+): .*/\1/p' | sort -n | paste -sd' ' -; }
# json_hits QUERY...: the hits of rubric-search -d "$DB" --json QUERY as
# "PATH:LINE[+LINE...][!MISSING...]" in rank order (the lines of the
# hit's "others", then the words it lacks), space-separated.
json_hits() {
	"$SEARCH" -d "$DB" --json "$@" 2>"$TMP/err" | jq -r 'select(.type == "hit")
		| .path + ":" + (.line | tostring)
		  + ([(.others // [])[] | "+" + (.line | tostring)] | join(""))
		  + ([(.missing // [])[] | "!" + .] | join(""))' | paste -sd' ' -
}
# grep_lines FILE ERE...: the 1-based numbers of the lines of FILE that match
# every ERE (case-insensitive), sorted, space-separated (the expected side).
grep_lines() {
	local f=$1; shift
	local re
	awk '{ print NR "\t" $0 }' "$f" >"$TMP/.gl"
	for re in "$@"; do grep -i -E -- "$re" "$TMP/.gl" >"$TMP/.gl2"; mv "$TMP/.gl2" "$TMP/.gl"; done
	cut -f1 "$TMP/.gl" | sort -n | paste -sd' ' -
}

# gen_corpus DIR FIRST COUNT [PARAS] [MARK]: writes COUNT files
# DIR/dNN/fNNNNN.txt numbered from FIRST (100 a folder). File i holds PARAS
# paragraphs (blank-line separated, so PARAS passages): the first is
# "Document u<i>x MARK g<i%7>x" (MARK defaults to everyword), the others 30
# filler words each. So `-c u<i>x` is 1, `-c MARK` the number of files.
gen_corpus() {
	local d=$1 first=$2 n=$3 paras=${4:-3} mark=${5:-everyword} k
	for ((k = first / 100; k <= (first + n - 1) / 100; k++)); do
		mkdir -p "$d/$(printf 'd%02d' $k)"
	done
	awk -v d="$d" -v first="$first" -v n="$n" -v paras="$paras" -v mark="$mark" 'BEGIN {
		nw = split("lorem ipsum dolor sit amet consectetur adipiscing elit sed do " \
			"eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad " \
			"minim veniam quis nostrud exercitation ullamco laboris nisi aliquip " \
			"ex ea commodo", w, " ")
		for (i = first; i < first + n; i++) {
			f = sprintf("%s/d%02d/f%05d.txt", d, int(i / 100), i)
			printf "Document u%dx %s g%dx\n", i, mark, i % 7 >f
			for (p = 1; p < paras; p++) {
				line = ""
				for (k = 0; k < 30; k++)
					line = line (k ? " " : "") w[(i * 7 + p * 3 + k * 5) % nw + 1]
				printf "\n%s\n", line >f
			}
			close(f)
		}
	}'
}
# corpus_file DIR I: the path gen_corpus gives file I
corpus_file() { printf '%s/d%02d/f%05d.txt' "$1" $(($2 / 100)) "$2"; }

# snapshot DB QUERY...: what a user sees of each query: the exact count
# and exit status, the sorted -l paths, and the sorted --json hits without
# rank and score (ties may rank differently in two indexes with the same
# content). Standard error (messages, suggestions) is left out.
snapshot() {
	local db=$1 q c; shift
	for q in "$@"; do
		c=$("$SEARCH" -d "$db" -c "$q" 2>/dev/null)
		echo "== $q: count $c, exit $?"
		"$SEARCH" -d "$db" -l "$q" 2>/dev/null | LC_ALL=C sort
		"$SEARCH" -d "$db" --json -n 1000000 "$q" 2>/dev/null | jq -c 'del(.rank, .score)' | LC_ALL=C sort
	done
}
# check_same DESC FILE1 FILE2: the two files are identical (else a diff)
check_same() {
	if cmp -s "$2" "$3"; then ok "$1"
	else not_ok "$1" "$(diff "$2" "$3" | head -n 8 | tr '\n' '|')"; fi
}
# summary_of FILE: the counts part of rubric-index's summary line in FILE,
# "N files: A added, U updated, C unchanged, R removed, S skipped,
# V vanished, F failed" (N is their sum)
# messages FILE: rubric-index's lines in FILE but its summary, sorted.
messages() { grep -a -v -E '^rubric-index: [0-9]+ files?: ' "$1" | LC_ALL=C sort; }
summary_of() { sed -nE 's/^rubric-index: ([0-9]+ files?: [^;]*);.*/\1/p' "$1"; }

# index_article: from $TOP, index corpus/article into $DB (ART names the
# article), with a check that it worked.
index_article() {
	ART=corpus/article/florence-cassez.txt
	DB=$TMP/idx
	"$INDEX" -q -d "$DB" corpus/article 2>"$TMP/index.err"
	check_eq "index corpus/article exits 0" 0 $?
}

# ms: the time in milliseconds
ms() { echo $(($(date +%s%N) / 1000000)); }
# killed_run DELAY_MS CMD...: runs CMD, sends SIGKILL after DELAY_MS; sets
# KILLED=1 when the kill landed before CMD ended, else KILLED=0 (and RC).
# CMD's stderr goes to $TMP/killerr.
killed_run() {
	local d=$1; shift
	"$@" 2>>"$TMP/killerr" & local pid=$!
	sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null; RC=$?
	KILLED=$((RC == 137))
}

# unprivileged_runner: prints the command prefix that runs a program as
# nobody (setpriv or runuser), or nothing when neither works; root reads
# every file, so unreadable-file tests need one.
unprivileged_runner() {
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		echo "setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif runuser -u nobody -- true 2>/dev/null; then
		echo "runuser -u nobody --"
	fi
}

# A sanitizer's report exits with its own status (ASan 86, UBSan 87), told
# apart from a program's 1 and 2 by the suites that check exit statuses of
# bad input.
sanitizer_exit_codes() {
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:exitcode=86
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}:exitcode=87
}
# A document made by tests/tools/make-docs.py (PDF, DOCX, EPUB, ...).
make_doc() { python3 "$TOP/tests/tools/make-docs.py" "$@"; }
# The paths `-l` lists for a query on the index db, sorted, one line.
listed_paths() { "$SEARCH" -d db -l -- "$@" 2>/dev/null | LC_ALL=C sort | paste -sd' ' -; }
