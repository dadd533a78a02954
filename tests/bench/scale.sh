#!/usr/bin/env bash
# rubric at scale: rubric and its peers on 1x, 4x and 16x the related corpus.
#
#   tests/bench/scale.sh          (or: make bench-scale)
#
# Environment:
#   BENCH_SCALES        corpus sizes, in copies of the corpus (default 1 4 16);
#                       below 1, a seeded share of its files (0.05), to test
#                       the harness in a minute or two
#   BENCH_SCALE_TOOLS   subset of: rubric omindex fts5 (default: all three)
#   BENCH_RUNS          timed runs of each query (default 3)
#   BENCH_SEED          the seed of the copies, subsets and changes (default 15)
#   BENCH_SHARDS        shards served by xapian-tcpsrv at the largest scale
#                       (default 4; 0: no shard run)
#   BENCH_CORPUS        the corpus copied (default corpus/related)
#   BENCH_SCALE_OUT     output directory (default build/bench-scale)
#   BUILD               rubric's build directory (default build)
#
# Per scale, in order: the copies (tests/bench/make-copies.py), then for each
# tool a full build (wall time, peak RSS, index size), the bench queries
# mapped into the copies' vocabulary, 1% of the files changed and the
# incremental rerun; for rubric at the largest scale, BENCH_SHARDS shards
# behind xapian-tcpsrv against the one index (hits, scores, latency). A
# scale's corpus and indexes are deleted before the next scale is made, so
# the disk needed is that of the largest scale; it is checked first.
# Results: BENCH_SCALE_OUT/sSCALE/{raw,meta}.tsv, results.md (printed) and
# scale.svg (gnuplot).
set -euo pipefail
export LC_ALL=C.UTF-8

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/tests/bench

SCALES=${BENCH_SCALES:-1 4 16}
TOOLS=${BENCH_SCALE_TOOLS:-rubric omindex fts5}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-15}
NSHARDS=${BENCH_SHARDS:-4}
SRC=${BENCH_CORPUS:-corpus/related}
TOP_OUT=${BENCH_SCALE_OUT:-build/bench-scale}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
RUBRIC_INDEX=$BUILD/rubric-index
RUBRIC_SEARCH=$BUILD/rubric-search
BENCH_NAME=bench-scale # log and die (peers.sh) begin their lines with it
# shellcheck source=tests/bench/peers.sh
source "$HERE/peers.sh"

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ $NSHARDS =~ ^[0-9]+$ ]] || die "BENCH_SHARDS must be a number"
for s in $SCALES; do
	[[ $s =~ ^([1-9][0-9]*|0?\.[0-9]*[1-9][0-9]*)$ ]] ||
		die "BENCH_SCALES: '$s' is neither a whole number nor a fraction below 1"
done
for t in $TOOLS; do
	case $t in rubric | omindex | fts5) ;; *) die "unknown tool '$t' in BENCH_SCALE_TOOLS" ;; esac
done
if [ ! -d "$SRC" ] || [ -z "$(ls -A "$SRC")" ]; then
	die "no corpus in $SRC (run: make corpus)"
fi
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package time)"
selected() { [[ " $TOOLS " == *" $1 "* ]]; }
need() { # TOOL COMMAND...: die unless every COMMAND exists, when TOOL runs
	local t=$1 c
	shift
	selected "$t" || return 0
	for c in "$@"; do
		command -v "$c" >/dev/null || die "$t: '$c' is missing (make bench-deps)"
	done
}
need rubric "$RUBRIC_INDEX" "$RUBRIC_SEARCH"
need omindex omindex quest
need fts5 sqlite3

case $TOP_OUT in /*) ;; *) TOP_OUT=$ROOT/$TOP_OUT ;; esac
# shellcheck disable=SC2086 # one scale a line
LARGEST=$(printf '%s\n' $SCALES | sort -g | tail -n 1)

# ------------------------------------------------------------------ disk --
# Bytes per corpus byte, from make bench on the related corpus (index sizes
# 2026-11-30: rubric 2.1, omindex 5.2, FTS5 1.75): the copies, plus at one
# time the largest of rubric with its shards (2 x 2.1), omindex (5.2 grows a
# little with the rerun) and FTS5; 7.5 leaves room for the rerun and logs.
SRC_BYTES=$(du -sbL "$SRC" | cut -f1)
NEED=$(awk -v s="$LARGEST" -v b="$SRC_BYTES" 'BEGIN { printf "%.0f", s * b * 7.5 }')
mkdir -p "$TOP_OUT"
# What a stopped run left (or a deletion the last run left going) goes
# before the free disk is counted.
rm -rf "$TOP_OUT"/corpus-* "$TOP_OUT"/removing.*
FREE=$(($(df -Pk "$TOP_OUT" | awk 'NR == 2 { print $4 }') * 1024))
log "disk: the largest scale (${LARGEST}x of $((SRC_BYTES / 1000000)) MB) needs about $((NEED / 1000000)) MB; $((FREE / 1000000)) MB free in ${TOP_OUT#"$ROOT/"}"
[ "$FREE" -ge "$NEED" ] || die "not enough free disk: $((NEED / 1000000)) MB needed, $((FREE / 1000000)) MB free"

# -------------------------------------------------------------- servers --
declare -A SRV_PID=() # shard -> xapian-tcpsrv PID, stopped at exit
stop_servers() {
	local k
	for k in "${!SRV_PID[@]}"; do
		kill "${SRV_PID[$k]}" 2>/dev/null || true
		wait "${SRV_PID[$k]}" 2>/dev/null || true
		unset "SRV_PID[$k]"
	done
}
trap stop_servers EXIT
listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
# serve_shards DB STUB: one xapian-tcpsrv per shard of DB on free ports from
# a random base; STUB gets the remote lines
serve_shards() {
	local db=$1 stub=$2 base k t up
	local -a shards
	mapfile -t shards < <(sed -n 's/^glass //p' "$db/XAPIANDB")
	for _ in 1 2 3 4 5; do
		base=$((20000 + RANDOM % 40000))
		up=1
		for k in "${!shards[@]}"; do ! listening $((base + k)) || up=0; done
		[ $up = 1 ] || continue
		: >"$stub"
		for k in "${!shards[@]}"; do
			# its own session: on SIGTERM xapian-tcpsrv signals its process group
			setsid xapian-tcpsrv --port $((base + k)) --interface 127.0.0.1 "$db/${shards[k]}" \
				>"$OUT/logs/tcpsrv-$k.log" 2>&1 &
			SRV_PID[$k]=$!
			printf 'remote :127.0.0.1:%d\n' $((base + k)) >>"$stub"
		done
		for t in $(seq 100); do # up to 10 s for all to listen
			up=1
			for k in "${!shards[@]}"; do listening $((base + k)) || up=0; done
			[ $up = 1 ] && return 0
			sleep 0.1
		done
		stop_servers
	done
	return 1
}

# ---------------------------------------------------------------- helpers --
meta() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$META"; }

# remove_later DIR: DIR is moved aside at once and deleted in the background
# (800,000 files at 16x take minutes), while the next scale's copies are
# made; wait_removed waits for that before anything is timed
REMOVING=()
remove_later() {
	local aside
	aside=$(mktemp -d "$TOP_OUT/removing.XXXXXX")
	mv "$1" "$aside/"
	rm -rf "$aside" &
	REMOVING+=($!)
}
wait_removed() {
	local p
	for p in "${REMOVING[@]}"; do wait "$p" || true; done
	REMOVING=()
}

# fts5_changed_sql LIST: FTS5 has no change detection; it is told the changed
# files and replaces their rows, in one transaction
fts5_changed_sql() {
	{
		printf 'CREATE TEMP TABLE changed(path TEXT);\n.mode tabs\n.import %s changed\nBEGIN;\n' "$1"
		printf 'DELETE FROM docs WHERE path IN (SELECT path FROM changed);\n'
		printf 'INSERT INTO docs(path, body) SELECT path, CAST(readfile(path) AS TEXT) FROM changed;\nCOMMIT;\n'
	} >"$OUT/tmp/fts5-changed.sql"
}

# hits DB: per mapped query, rubric's top 10 as "query path passage score"
# (score to 9 significant digits): what one index and its shards must share
hits() {
	local line name q
	while IFS= read -r line; do
		case $line in '#'* | '') continue ;; esac
		name=$(cut -f1 <<<"$line")
		q=$(cut -f2 <<<"$line")
		"$RUBRIC_SEARCH" -d "$1" --json -n 10 -- "$q" 2>/dev/null |
			python3 -c 'import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("type") == "hit":
        print("%s\t%s\t%s\t%.8e" % (sys.argv[1], o["path"], o["passage"], o["score"]))' "$name" || true
	done <"$QMAP"
}

# --------------------------------------------------------------- scales --
ROUND=0
for SCALE in $SCALES; do
	OUT=$TOP_OUT/s$SCALE
	rm -rf "$OUT"
	mkdir -p "$OUT/db" "$OUT/logs" "$OUT/tmp"
	RAW=$OUT/raw.tsv
	META=$OUT/meta.tsv
	printf 'tool\tphase\tname\trun\tseconds\trss_kb\texit\n' >"$RAW"
	printf 'tool\tkey\tvalue\n' >"$META"
	# relative, as run.sh gives it (recoll_conf and the FTS5 paths use it)
	CORPUS=${TOP_OUT#"$ROOT/"}/corpus-$SCALE
	QMAP=$OUT/queries.tsv
	log "${SCALE}x: making the corpus"
	t0=$(usecs)
	python3 "$HERE/make-copies.py" build "$SRC" "$CORPUS" "$SCALE" --seed "$SEED" \
		--queries "$HERE/queries.tsv" --queries-out "$QMAP" --stats "$OUT" 2>&1 | tee "$OUT/logs/copies.log" >&2
	meta bench copies_seconds "$(secs $(($(usecs) - t0)))"
	meta bench scale "$SCALE"
	meta bench runs "$RUNS"
	meta bench commit "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
	meta machine cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
	meta machine cores "$(nproc)"
	meta machine date "$(date -u '+%Y-%m-%d %H:%M UTC')"
	meta machine load "$(cut -d' ' -f1-3 /proc/loadavg)"
	# The copies were just written, so the page cache holds them (warm, as
	# make bench's corpus is); the last scale's files go while they are made.
	wait_removed

	set_indexes
	for t in rubric omindex fts5; do
		selected "$t" || continue
		set_cmd "$t"
		c="${CMD[*]}"
		meta "$t" index_cmd "${c//"$ROOT/"/}"
		clean_index "$t"
		timed "$t" index scratch 1 "${CMD[@]}"
		if [ "$(tail -n 1 "$RAW" | cut -f7)" != 0 ]; then
			meta "$t" status "index failed"
			clean_index "$t"
			continue
		fi
		meta "$t" index_bytes "$(du -sb "$(index_path "$t")" | cut -f1)"
		log "$t: queries"
		run_queries "$t" "$t" "$QMAP"

		# 1% of the files changed, then the rerun (FTS5: told which)
		ROUND=$((ROUND + 1))
		python3 "$HERE/make-copies.py" change "$CORPUS" "$ROUND" --seed "$SEED" \
			--list "$OUT/tmp/changed" 2>>"$OUT/logs/copies.log"
		meta "$t" changed_files "$(wc -l <"$OUT/tmp/changed")"
		if [ "$t" = fts5 ]; then
			fts5_changed_sql "$OUT/tmp/changed"
			CMD=(sqlite3 -batch "$DB_FTS5" ".read $OUT/tmp/fts5-changed.sql")
		fi
		timed "$t" reindex changed 1 "${CMD[@]}"

		if [ "$t" = rubric ] && [ "$SCALE" = "$LARGEST" ] && [ "$NSHARDS" -gt 0 ]; then
			DB_SHARDS=$OUT/db/rubric-shards
			timed rubric-shards index scratch 1 "$RUBRIC_INDEX" -q --shards "$NSHARDS" -d "$DB_SHARDS" "$CORPUS"
			meta rubric-shards index_bytes "$(du -sb "$DB_SHARDS" | cut -f1)"
			if ! command -v xapian-tcpsrv >/dev/null || ! command -v setsid >/dev/null; then
				meta rubric-remote status "no xapian-tcpsrv or setsid"
			elif serve_shards "$DB_SHARDS" "$OUT/db/remote.stub"; then
				log "rubric: $NSHARDS shards served; comparing with the one index"
				hits "$DB_RUBRIC" >"$OUT/hits-one.tsv"
				hits "$OUT/db/remote.stub" >"$OUT/hits-remote.tsv"
				hits "$DB_SHARDS" >"$OUT/hits-local.tsv"
				SAVED=$DB_RUBRIC
				DB_RUBRIC=$DB_SHARDS
				run_queries rubric rubric-local "$QMAP"
				DB_RUBRIC=$OUT/db/remote.stub
				run_queries rubric rubric-remote "$QMAP"
				DB_RUBRIC=$SAVED
				stop_servers
			else
				meta rubric-remote status "the servers did not start"
			fi
			rm -rf "$DB_SHARDS"
		fi
		clean_index "$t" # the next tool gets the disk
	done
	remove_later "$CORPUS"
done

# ------------------------------------------------------------------ report --
python3 "$HERE/scale-report.py" "$TOP_OUT" "$SCALES" "$TOOLS" | tee "$TOP_OUT/results.md"
if command -v gnuplot >/dev/null; then
	gnuplot -e "dir='$TOP_OUT'" "$HERE/scale.gp" && log "picture: ${TOP_OUT#"$ROOT/"}/scale.svg"
else
	log "gnuplot is missing (Debian gnuplot-nox): no picture"
fi
# The largest corpus is still being deleted (800,000 files take minutes):
# not waited for, it goes on after the run (a run that finds it there
# deletes it first).
log "results: ${TOP_OUT#"$ROOT/"}/results.md"
