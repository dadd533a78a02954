#!/usr/bin/env bash
# Known-item ranking evaluation (make eval): rubric, SQLite FTS5 and Xapian's
# QueryParser (as quest) over the same passages of corpus/related, then at
# file level (fileeval.py): the peers over whole files, rubric's files in the
# order of their first hit, and `rubric-search -l` against Xapian's files on
# two-word queries.
#
#   tests/eval/run.sh              (or: make eval)
#   tests/eval/run.sh --bm25-grid  (or: make eval-bm25) the same, then
#                                  rubric's queries under a grid of --bm25
#                                  K1,B on the same index (eval.py grid)
#
# Environment:
#   BUILD          rubric's build directory (default build)
#   EVAL_OUT       output directory (default $BUILD/eval)
#   EVAL_CORPUS    corpus directory (default corpus/related)
#   EVAL_QUERIES   a queries file to reuse (TSV: qid, kind, query, target);
#                  default: sampled afresh (fixed seed) into EVAL_OUT
#   EVAL_BM25      K1,B for rubric's main run (default: rubric's own)
#   EVAL_GRID_K1, EVAL_GRID_B   the grid's values (space-separated; default
#                  in eval.py: K1 0.6 0.9 1 1.2 1.5 2, B 0.3 0.5 0.6 0.75 0.9)
#
# Steps: copy the two programs into EVAL_OUT/bin (a rebuild during the run
# cannot swap them); index the corpus with rubric-index into EVAL_OUT/rubric-index; dump
# its passages (dump-passages) to EVAL_OUT/passages.jsonl; sample queries
# (EVAL_OUT/queries.tsv); run them through every engine (eval.py run). Then
# the file level: sample file queries and two-word queries
# (EVAL_OUT/file-queries.tsv, pair-queries.tsv; fixed seed) and run them
# (fileeval.py run). Then rubric's -n K against -n 1000 on seeded words
# and pairs (limits.py run). Then reader's questions on the article and on
# the Book of Ruth, each folder indexed on its own (questions.py run).
# Last, the CISI test collection and its relevance judgments (collection.sh,
# in EVAL_OUT/cisi; its EVAL_RUBRIC_ARGS apply there only).
# Report: EVAL_OUT/results.md (also printed): the passage-level table, then
# the file-level one and the -l coverage, then the limits; per-query ranks:
# EVAL_OUT/ranks.tsv, file-ranks.tsv, pair-coverage.tsv, limits.tsv,
# questions.tsv (then the questions' section). The peers' indexes (fts5.db, xapian/;
# fts5-files.db, xapian-files/) are rebuilt only when the dump changed.
set -euo pipefail
export LC_ALL=C.UTF-8

GRID=0
case ${1:-} in
--bm25-grid) GRID=1 ;;
"") ;;
*)
	echo "usage: $0 [--bm25-grid]" >&2
	exit 2
	;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
OUT=${EVAL_OUT:-$BUILD/eval}
CORPUS=${EVAL_CORPUS:-corpus/related}
# Debian's python3: python3-xapian installs there, not in a pyenv or venv.
PY=/usr/bin/python3
EVAL_PY=$ROOT/tests/eval/eval.py
FILE_PY=$ROOT/tests/eval/fileeval.py

log() { printf 'eval: %s\n' "$*" >&2; }
die() {
	printf 'eval: error: %s\n' "$*" >&2
	exit 2
}

case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
for f in "$BUILD/rubric-index" "$BUILD/rubric-search" "$OUT/dump-passages"; do
	[ -x "$f" ] || die "$f is missing (run: make eval)"
done
if [ ! -d "$CORPUS" ] || [ -z "$(ls -A "$CORPUS")" ]; then
	die "no corpus in $CORPUS (run: make corpus)"
fi
command -v sqlite3 >/dev/null || die "sqlite3 is missing (Debian package sqlite3)"
"$PY" -c 'import xapian' 2>/dev/null || die "$PY cannot import xapian (Debian package python3-xapian)"

t0=${EPOCHREALTIME/./}
mkdir -p "$OUT/bin"
# A snapshot of the programs: the run uses one build throughout.
for p in rubric-index rubric-search; do
	cp "$BUILD/$p" "$OUT/bin/$p.tmp" && mv "$OUT/bin/$p.tmp" "$OUT/bin/$p"
done
BIN=$OUT/bin
IDX=$OUT/rubric-index
rm -rf "$IDX" "$IDX".*
t=${EPOCHREALTIME/./}
"$BIN/rubric-index" -q -d "$IDX" "$CORPUS" || die "rubric-index failed"
log "rubric-index: $CORPUS indexed in $(((${EPOCHREALTIME/./} - t) / 1000)) ms"

"$OUT/dump-passages" "$IDX" >"$OUT/passages.jsonl.tmp" || die "dump-passages failed"
mv "$OUT/passages.jsonl.tmp" "$OUT/passages.jsonl"

QUERIES=$OUT/queries.tsv
if [ -n "${EVAL_QUERIES:-}" ]; then
	[ -f "$EVAL_QUERIES" ] || die "no queries file $EVAL_QUERIES"
	[ "$(realpath "$EVAL_QUERIES")" = "$(realpath -m "$QUERIES")" ] || cp "$EVAL_QUERIES" "$QUERIES"
	log "queries: reusing $EVAL_QUERIES"
else
	"$PY" "$EVAL_PY" queries "$OUT/passages.jsonl" "$QUERIES"
fi

"$PY" "$EVAL_PY" run "$OUT/passages.jsonl" "$QUERIES" "$OUT" \
	"$BIN/rubric-search" "$IDX" "$ROOT"
"$PY" "$FILE_PY" queries "$OUT/passages.jsonl" "$OUT" "$ROOT"
"$PY" "$FILE_PY" run "$OUT/passages.jsonl" "$OUT" \
	"$BIN/rubric-search" "$IDX" "$ROOT"
"$PY" "$ROOT/tests/eval/limits.py" run "$OUT/passages.jsonl" "$OUT" "$BIN/rubric-search" "$IDX" "$ROOT"
"$PY" "$ROOT/tests/eval/questions.py" run "$OUT" "$BIN/rubric-index" "$BIN/rubric-search" "$ROOT"
if [ "$GRID" = 1 ]; then
	"$PY" "$EVAL_PY" grid "$QUERIES" "$OUT" "$BIN/rubric-search" "$IDX" "$ROOT"
fi
# BUILD=$BIN: the snapshot, so this step too uses the run's build
BUILD=$BIN EVAL_OUT=$OUT bash "$ROOT/tests/eval/collection.sh"
cat "$OUT/cisi/collection.md" >>"$OUT/results.md"
log "done in $(((${EPOCHREALTIME/./} - t0) / 1000000)) s; report: ${OUT#"$ROOT/"}/results.md"
