#!/usr/bin/env bash
# Ranked retrieval on the CISI test collection (make eval-collection; also
# the last step of make eval): rubric, SQLite FTS5 and Xapian (as omindex +
# quest) over its 1,460 abstracts as files, its 112 queries, scored on its
# relevance judgments (nDCG@10, P@10, MAP@100; held-out half: even qids).
# See tests/eval/collection.py for what each system does.
#
#   tests/eval/collection.sh [--systems LIST] [--rubric-args ARGS]
#                                  (or: make eval-collection)
#   --systems rubric               rubric alone; the peers' earlier runs of
#                                  the same files are reported
#
# Environment:
#   BUILD             rubric's build directory (default build)
#   EVAL_OUT          output directory (default $BUILD/eval); the collection's
#                     files go to EVAL_OUT/cisi
#   EVAL_RUBRIC_ARGS  extra rubric-search arguments (e.g. '--bm25 1.2,0.5')
#   EVAL_BM25         K1,B: --bm25 for rubric, as in make eval
#
# Report: EVAL_OUT/cisi/collection.md (also printed); per query:
# EVAL_OUT/cisi/collection-perquery.tsv; each system's ranked lists:
# EVAL_OUT/cisi/runs/.
set -euo pipefail
export LC_ALL=C.UTF-8

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
BUILD=${BUILD:-build}
OUT=${EVAL_OUT:-$BUILD/eval}
DATA=tests/data/cisi
# Debian's python3: python3-xapian installs there, not in a pyenv or venv.
PY=/usr/bin/python3

log() { printf 'eval: cisi: %s\n' "$*" >&2; }
die() {
	printf 'eval: cisi: error: %s\n' "$*" >&2
	exit 2
}

case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
for f in "$BUILD/rubric-index" "$BUILD/rubric-search"; do
	[ -x "$f" ] || die "$f is missing (run: make eval-collection)"
done
"$PY" -c 'import xapian' 2>/dev/null || die "$PY cannot import xapian (Debian package python3-xapian)"

COLL=$OUT/cisi
mkdir -p "$COLL/bin"
# A snapshot of the programs: the run uses one build throughout.
for p in rubric-index rubric-search; do
	cp "$BUILD/$p" "$COLL/bin/$p.tmp" && mv "$COLL/bin/$p.tmp" "$COLL/bin/$p"
done

t0=${EPOCHREALTIME/./}
"$PY" "$ROOT/tests/eval/collection.py" prepare "$DATA" "$COLL"
"$PY" "$ROOT/tests/eval/collection.py" run "$COLL" \
	"$COLL/bin/rubric-index" "$COLL/bin/rubric-search" "$@"
log "done in $(((${EPOCHREALTIME/./} - t0) / 1000000)) s; report: ${COLL#"$ROOT/"}/collection.md"
