# shellcheck shell=bash
# How the benchmarks run rubric and each peer: sourced by tests/bench/run.sh
# (make bench) and tests/bench/scale.sh (make bench-scale), so that both
# time the same commands.
#
# The caller sets, before calling these functions:
#   ROOT          the repository (absolute)
#   OUT, RAW      the output directory and its raw.tsv (timed appends to it)
#   CORPUS        the corpus directory the tools index
#   RUBRIC_INDEX, RUBRIC_SEARCH
#   DB_RUBRIC, DB_OMINDEX, DB_FTS5, RECOLL_CONF, FTS5_SQL (set_indexes does)
# and defines meta TOOL KEY VALUE; BENCH_NAME begins log and error lines.

log() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
die() {
	printf '%s: error: %s\n' "$BENCH_NAME" "$*" >&2
	exit 2
}

# usecs: microseconds since the epoch, no process spawned
usecs() {
	local t=${EPOCHREALTIME/./}
	printf '%s' "$((10#$t))"
}
secs() { # microseconds -> seconds with 6 decimals
	printf '%d.%06d' "$(($1 / 1000000))" "$(($1 % 1000000))"
}

# timed TOOL PHASE NAME RUN CMD...: wall time and peak RSS of CMD (its whole
# process tree, as /usr/bin/time reports it); output goes to a log
timed() {
	local tool=$1 phase=$2 name=$3 run=$4 t0 t1 rc=0 rss
	shift 4
	local logf=$OUT/logs/$tool-$phase-$name-$run.log
	sync
	t0=$(usecs)
	/usr/bin/time -f '%M' -o "$OUT/tmp/rss" "$@" >"$logf" 2>&1 || rc=$?
	t1=$(usecs)
	rss=$(tail -n 1 "$OUT/tmp/rss")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$phase" "$name" "$run" \
		"$(secs $((t1 - t0)))" "$rss" "$rc" >>"$RAW"
	if [ "$rc" != 0 ]; then
		log "$tool $phase run $run: exit $rc (see ${logf#"$ROOT/"})"
	else
		log "$tool $phase run $run: $(secs $((t1 - t0))) s, $rss KB"
	fi
	return 0
}

# set_indexes: every tool's index under OUT/db, FTS5's SQL written for CORPUS
set_indexes() {
	DB_RUBRIC=$OUT/db/rubric
	DB_OMINDEX=$OUT/db/omindex
	DB_FTS5=$OUT/db/fts5.db
	RECOLL_CONF=$OUT/db/recoll
	FTS5_SQL=$OUT/tmp/fts5-index.sql
	write_fts5_sql
}

# write_fts5_sql: FTS5_SQL builds the table, one row per regular file of
# CORPUS (path, text), in one transaction
write_fts5_sql() {
	cat >"$FTS5_SQL" <<-SQL
		CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='porter unicode61 remove_diacritics 2');
		BEGIN;
		INSERT INTO docs(path, body)
		  SELECT name, CAST(readfile(name) AS TEXT) FROM fsdir('$CORPUS')
		  WHERE (mode & 61440) = 32768;
		COMMIT;
	SQL
}

recoll_conf() {
	rm -rf "$RECOLL_CONF"
	mkdir -p "$RECOLL_CONF"
	cat >"$RECOLL_CONF/recoll.conf" <<-EOF2
		topdirs = $ROOT/$CORPUS
		dbdir = $RECOLL_CONF/xapiandb
		noaspell = 1
		loglevel = 1
		logfilename = stderr
	EOF2
}

# set_cmd TOOL: CMD = the index command (from scratch and incremental alike)
# shellcheck disable=SC2034 # CMD is for the caller
set_cmd() {
	case $1 in
		rubric) CMD=("$RUBRIC_INDEX" -q -d "$DB_RUBRIC" "$CORPUS") ;;
		omindex) CMD=(omindex --db "$DB_OMINDEX" --url / "--mime-type-match=*:text/plain" "$CORPUS") ;;
		fts5) CMD=(sqlite3 -batch "$DB_FTS5" ".read $FTS5_SQL") ;;
		recoll) CMD=(recollindex -c "$RECOLL_CONF") ;;
	esac
}
clean_index() {
	case $1 in
		rubric) rm -rf "$DB_RUBRIC" "$DB_RUBRIC".* ;;
		omindex) rm -rf "$DB_OMINDEX" ;;
		fts5) rm -f "$DB_FTS5" "$DB_FTS5"-* ;;
		recoll) recoll_conf ;;
	esac
}
index_path() {
	case $1 in
		rubric) echo "$DB_RUBRIC" ;;
		omindex) echo "$DB_OMINDEX" ;;
		fts5) echo "$DB_FTS5" ;;
		recoll) echo "$RECOLL_CONF/xapiandb" ;;
	esac
}
xapian_docs() { xapian-delve "$1" 2>/dev/null | awk -F' = ' '/^number of documents/ { print $2 }'; }

# rg_all PATTERN...: files matching every pattern (file-level AND, like the
# engines' AND), one rg process per pattern
rg_all() {
	if [ $# -eq 1 ]; then
		rg -l -i -m1 -- "$1" "$CORPUS"
	else
		rg_all "${@:1:$#-1}" | xargs -d '\n' -r rg -l -i -m1 -- "${!#}"
	fi
}

# query TOOL NAME QUERY: run once, stdout to OUT/out/TOOL/NAME.txt; sets QRC
query() {
	local t=$1 name=$2 q=$3 o=$OUT/out/$1/$2.txt e=$OUT/out/$1/$2.err
	QRC=0
	case $t in
		rubric) "$RUBRIC_SEARCH" -d "$DB_RUBRIC" -n 10 "$q" >"$o" 2>"$e" || QRC=$? ;;
		omindex) quest -d "$DB_OMINDEX" -m 10 -o and -f default,wildcard "$q" >"$o" 2>"$e" || QRC=$? ;;
		fts5)
			sqlite3 -batch "$DB_FTS5" "SELECT path, snippet(docs, 1, '[', ']', '…', 10) FROM docs
				WHERE docs MATCH '${q//\'/\'\'}' ORDER BY rank LIMIT 10" >"$o" 2>"$e" || QRC=$?
			# the sqlite3 shell exits 1 on SQL errors: tell them by stderr
			if [ "$QRC" = 0 ] && [ -s "$e" ]; then QRC=2; fi
			;;
		recoll) recollq -c "$RECOLL_CONF" -n 10 "$q" >"$o" 2>"$e" || QRC=$? ;;
		rg)
			local -a pats=()
			local rest=$q
			while [[ $rest == *' && '* ]]; do
				pats+=("${rest%% && *}")
				rest=${rest#* && }
			done
			pats+=("$rest")
			rg_all "${pats[@]}" >"$o" 2>"$e" || QRC=$?
			# rg: 1 = no match; xargs: 123 = some rg found nothing
			case $QRC in 0 | 1 | 123) if [ -s "$o" ]; then QRC=0; else QRC=1; fi ;; esac
			;;
	esac
}

# query_column TOOL: the column of queries.tsv that holds TOOL's syntax
query_column() {
	case $1 in
		rubric) echo 2 ;; omindex) echo 3 ;; fts5) echo 4 ;; recoll) echo 5 ;; rg) echo 6 ;;
	esac
}

# run_queries TOOL LABEL QFILE: every query of QFILE (queries.tsv's columns),
# RUNS times each as TOOL, the whole process timed into RAW under the tool
# name LABEL; meta LABEL found:NAME says whether the last run found anything
run_queries() {
	local t=$1 label=$2 qfile=$3 col line name q r t0 t1 o found
	col=$(query_column "$t")
	mkdir -p "$OUT/out/$t"
	while IFS= read -r line; do
		case $line in '#'* | '') continue ;; esac
		name=$(cut -f1 <<<"$line")
		q=$(cut -f"$col" <<<"$line")
		for ((r = 1; r <= RUNS; r++)); do
			t0=$(usecs)
			query "$t" "$name" "$q"
			t1=$(usecs)
			printf '%s\tquery\t%s\t%s\t%s\t\t%s\n' "$label" "$name" "$r" "$(secs $((t1 - t0)))" "$QRC" >>"$RAW"
		done
		# did the last run find anything? (quest and recollq exit 0 either way)
		o=$OUT/out/$t/$name.txt
		case $t in
			omindex) grep -qE '^[0-9]+: \[' "$o" && found=1 || found=0 ;;
			recoll) grep -qE '^0 results' "$o" && found=0 || found=1 ;;
			*) [ -s "$o" ] && found=1 || found=0 ;;
		esac
		meta "$label" "found:$name" "$found"
	done <"$qfile"
}
