#!/usr/bin/env bash
# rubric benchmark: rubric and its peers on the same corpus, in one run.
#
#   tests/bench/run.sh            (or: make bench)
#
# Environment:
#   BENCH_RUNS        timed runs per measurement (default 3)
#   BENCH_SLOW_RUNS   from-scratch runs for the slow indexers, omindex and
#                     recoll (default: BENCH_RUNS, at most 2)
#   BENCH_TOOLS       subset of: rubric omindex fts5 recoll rg
#                     (default: all of them)
#   BENCH_CORPUS      corpus directory (default corpus/related)
#   BENCH_OUT         output directory (default build/bench)
#   BUILD             rubric's build directory (default build)
#
# Everything it writes goes under BENCH_OUT: the indexes, logs, raw timings
# (raw.tsv, meta.tsv) and the report (results.md, also printed).
# A tool that is missing or does not work is skipped and reported as n/a.
set -euo pipefail
# A UTF-8 locale, as a user has: recoll takes its default charset and its
# reading of query arguments from it.
export LC_ALL=C.UTF-8

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/tests/bench

RUNS=${BENCH_RUNS:-3}
SLOW_RUNS=${BENCH_SLOW_RUNS:-$((RUNS < 2 ? RUNS : 2))}
TOOLS=${BENCH_TOOLS:-rubric omindex fts5 recoll rg}
CORPUS=${BENCH_CORPUS:-corpus/related}
OUT=${BENCH_OUT:-build/bench}
BUILD=${BUILD:-build}
RUBRIC_INDEX=$BUILD/rubric-index
RUBRIC_SEARCH=$BUILD/rubric-search
QUERIES=$HERE/queries.tsv
BENCH_NAME=bench # log and die (peers.sh) begin their lines with it
# shellcheck source=tests/bench/peers.sh
source "$HERE/peers.sh"

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ $SLOW_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_SLOW_RUNS must be a positive integer"
for t in $TOOLS; do
	case $t in rubric | omindex | fts5 | recoll | rg) ;; *) die "unknown tool '$t' in BENCH_TOOLS" ;; esac
done
if [ ! -d "$CORPUS" ] || [ -z "$(ls -A "$CORPUS")" ]; then
	die "no corpus in $CORPUS (run: make corpus)"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package time)"
command -v python3 >/dev/null || die "python3 is missing"

case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
rm -rf "$OUT"
mkdir -p "$OUT/db" "$OUT/logs" "$OUT/out" "$OUT/tmp"
RAW=$OUT/raw.tsv
META=$OUT/meta.tsv
printf 'tool\tphase\tname\trun\tseconds\trss_kb\texit\n' >"$RAW"
printf 'tool\tkey\tvalue\n' >"$META"

meta() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$META"; }
selected() { [[ " $TOOLS " == *" $1 "* ]]; }

# ------------------------------------------------------------ availability --

declare -A OK
check_tool() { # tool command...
	local t=$1 c
	shift
	selected "$t" || return 0
	for c in "$@"; do
		if ! command -v "$c" >/dev/null 2>&1 && [ ! -x "$c" ]; then
			log "$t: '$c' not found: skipped (n/a)"
			meta "$t" status "missing $c"
			return 0
		fi
	done
	OK[$t]=1
}
check_tool rubric "$RUBRIC_INDEX" "$RUBRIC_SEARCH"
check_tool omindex omindex quest xapian-compact xapian-delve
check_tool fts5 sqlite3
check_tool recoll recollindex recollq
check_tool rg rg
have() { [ -n "${OK[$1]:-}" ]; }

version() { "$@" 2>&1 | head -n 1 | tr '\t' ' ' || true; }
have rubric && meta rubric version "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
have omindex && meta omindex version "$(version omindex --version)"
have fts5 && meta fts5 version "sqlite $(sqlite3 --version | cut -d' ' -f1)"
have recoll && meta recoll version "$(version recollq -v)"
have rg && meta rg version "$(version rg --version)"

# fts5: the shell functions fsdir() and readfile() must exist
if have fts5 && ! sqlite3 :memory: "SELECT count(*) FROM fsdir('$HERE') LIMIT 1" >/dev/null 2>&1; then
	log "fts5: this sqlite3 shell has no fsdir(): skipped (n/a)"
	meta fts5 status "no fsdir()"
	unset 'OK[fts5]'
fi

# ------------------------------------------------------------------ corpus --

read -r CORPUS_FILES CORPUS_BYTES < <(find "$CORPUS" -type f -printf '%s\n' |
	awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }')
meta corpus files "$CORPUS_FILES"
meta corpus bytes "$CORPUS_BYTES"
meta corpus path "$CORPUS"
meta bench runs "$RUNS"
meta bench slow_runs "$SLOW_RUNS"
meta bench tools "$TOOLS"
meta machine cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta machine cores "$(nproc)"
meta machine memory "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
meta machine os "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null), $(uname -sr)"
meta machine date "$(date -u '+%Y-%m-%d %H:%M UTC')"

log "corpus: $CORPUS_FILES files, $CORPUS_BYTES bytes; warming the page cache"
find "$CORPUS" -type f -print0 | xargs -0 cat >/dev/null

# ---------------------------------------------------------------- indexers --

set_indexes

INDEXERS=()
for t in rubric omindex fts5 recoll; do have "$t" && INDEXERS+=("$t"); done

for t in "${INDEXERS[@]}"; do
	n=$RUNS
	case $t in omindex | recoll) n=$SLOW_RUNS ;; esac
	set_cmd "$t"
	c="${CMD[*]}"
	meta "$t" index_cmd "${c//"$ROOT/"/}"
	for ((r = 1; r <= n; r++)); do
		clean_index "$t"
		timed "$t" index scratch "$r" "${CMD[@]}"
	done
	# The index of the last run stays for the incremental runs and the queries.
	if [ "$(tail -n 1 "$RAW" | cut -f7)" != 0 ]; then
		log "$t: indexing failed; no incremental runs or queries"
		meta "$t" status "index failed"
		unset "OK[$t]"
		continue
	fi
	p=$(index_path "$t")
	meta "$t" index_bytes "$(du -sb "$p" | cut -f1)"
	case $t in
		rubric | omindex | recoll)
			if command -v xapian-delve >/dev/null; then
				meta "$t" docs "$(xapian_docs "$p")"
			fi
			;;
		fts5) meta "$t" docs "$(sqlite3 "$DB_FTS5" 'SELECT count(*) FROM docs')" ;;
	esac
	if [ "$t" = omindex ]; then
		rm -rf "$OUT/db/omindex.compact"
		xapian-compact "$DB_OMINDEX" "$OUT/db/omindex.compact" >"$OUT/logs/omindex-compact.log" 2>&1
		meta omindex compact_bytes "$(du -sb "$OUT/db/omindex.compact" | cut -f1)"
		rm -rf "$OUT/db/omindex.compact"
	fi
	# Incremental: the same command again on the unchanged corpus.
	if [ "$t" != fts5 ]; then
		for ((r = 1; r <= RUNS; r++)); do
			timed "$t" reindex unchanged "$r" "${CMD[@]}"
		done
	fi
done

# ------------------------------------------------------------------ shards --
# rubric's full build as 1 and N shards (each shard its own writer), same
# corpus, same run: BENCH_SHARDS lists the shard counts.
SHARDS_MD=$OUT/tmp/shards.md
: >"$SHARDS_MD"
if [ -n "${OK[rubric]:-}" ]; then
	# shellcheck disable=SC2016 # backquotes are Markdown here
	printf '\n## rubric: one index and shards\n\nFull build of the corpus, median of %s runs (`rubric-index -q --shards N -d DB %s`).\n\n| shards | wall time | MB/s | peak RSS |\n|---|---|---|---|\n' \
		"$RUNS" "$CORPUS" >>"$SHARDS_MD"
	for n in 1 ${BENCH_SHARDS:-2 4}; do
		for ((r = 1; r <= RUNS; r++)); do
			rm -rf "$OUT/db/rubric-shards"
			timed rubric-shards "$n" scratch "$r" "$RUBRIC_INDEX" -q --shards "$n" \
				-d "$OUT/db/rubric-shards" "$CORPUS"
		done
		awk -F'\t' -v n="$n" '$1 == "rubric-shards" && $2 == n && $7 == 0 { print $5 "\t" $6 }' "$RAW" |
			sort -g | awk -F'\t' -v n="$n" -v mb="$CORPUS_BYTES" '
				{ t[++k] = $1; if ($2 > rss) rss = $2 }
				END { if (!k) exit; m = k % 2 ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2
				      printf "| %s | %.2f s | %.1f | %.0f MB |\n", n, m, mb / 1e6 / m, rss / 1024 }' \
			>>"$SHARDS_MD"
	done
	rm -rf "$OUT/db/rubric-shards"
fi

# ----------------------------------------------------------------- queries --

QTOOLS=()
for t in rubric omindex fts5 recoll rg; do have "$t" && QTOOLS+=("$t"); done

nq=$(grep -cv '^#' "$QUERIES")
log "queries: $nq queries x ${#QTOOLS[@]} tools x $RUNS runs"
for t in "${QTOOLS[@]}"; do
	run_queries "$t" "$t" "$QUERIES"
	log "$t: queries done"
done

# ---------------------------------------------------------------- patterns --
# rubric's patterns (/REGEX/, *part*) and rg's regular expressions on the
# same files (tests/bench/patterns.tsv), each run a whole process.
PATTERNS_MD=$OUT/tmp/patterns.md
: >"$PATTERNS_MD"
if have rubric && have rg; then
	run_queries rubric rubric-patterns "$HERE/patterns.tsv"
	run_queries rg rg-patterns "$HERE/patterns.tsv"
	python3 "$HERE/patterns-report.py" "$RAW" "$HERE/patterns.tsv" >"$PATTERNS_MD"
	log "patterns: done"
fi

# ------------------------------------------------------------------- batch --
# rubric answering make eval's known-item queries (eval.py's seeded sample
# of this index's passages, made as make eval makes it) as make eval runs
# them (--json -n 10 --queries-from): in one process (-j 1), and by as many
# worker processes as there are cores (the default).
BATCH_MD=$OUT/tmp/batch.md
: >"$BATCH_MD"
case $BUILD in /*) DUMP=$BUILD/eval/dump-passages ;; *) DUMP=$ROOT/$BUILD/eval/dump-passages ;; esac
if have rubric && [ -x "$DUMP" ] &&
	"$DUMP" "$DB_RUBRIC" >"$OUT/tmp/passages.jsonl" &&
	python3 "$ROOT/tests/eval/eval.py" queries "$OUT/tmp/passages.jsonl" "$OUT/tmp/eval-queries.tsv" >/dev/null; then
	awk -F'\t' 'NR > 1 { print $1 "\t" $3 }' "$OUT/tmp/eval-queries.tsv" >"$OUT/tmp/batch.tsv"
	nb=$(wc -l <"$OUT/tmp/batch.tsv")
	for ((r = 1; r <= RUNS; r++)); do
		timed rubric batch eval "$r" "$RUBRIC_SEARCH" -d "$DB_RUBRIC" --json -n 10 -j 1 \
			--queries-from "$OUT/tmp/batch.tsv"
		timed rubric batch-workers eval "$r" "$RUBRIC_SEARCH" -d "$DB_RUBRIC" --json -n 10 \
			--queries-from "$OUT/tmp/batch.tsv"
	done
	meta rubric batch_queries "$nb"
	printf '\n## rubric: many queries in one run\n\n%d known-item queries of make eval (`rubric-search --json -n 10 --queries-from`), median of %d runs:\n\n' \
		"$nb" "$RUNS" >>"$BATCH_MD"
	for kind in batch batch-workers; do
		awk -F'\t' -v kind="$kind" '$1 == "rubric" && $2 == kind && $7 == 0 { print $5 }' "$RAW" |
			sort -g | awk -v n="$nb" -v kind="$kind" -v cores="$(nproc)" '{ t[++k] = $1 }
			END { if (!k) exit; m = k % 2 ? t[(k + 1) / 2] : (t[k / 2] + t[k / 2 + 1]) / 2
			      how = kind == "batch" ? "one process (`-j 1`)" : "the default workers (" cores " cores)"
			      printf "- %s: %.2f s, %.0f queries a second (%.2f ms a query)\n", how, m, n / m, m / n * 1000 }' \
			>>"$BATCH_MD"
	done
	rm -f "$OUT/tmp/passages.jsonl"
else
	log "batch: no dump-passages or no rubric index: skipped"
fi

# ------------------------------------------------------------------ report --

{ python3 "$HERE/report.py" "$OUT" "$TOOLS"; cat "$SHARDS_MD" "$PATTERNS_MD" "$BATCH_MD"; } | tee "$OUT/results.md"
log "results: ${OUT#"$ROOT/"}/results.md"
