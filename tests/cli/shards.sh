# Shards: one corpus built as a single index, as 4 local shards
# (--shards 4) and served by 4 xapian-tcpsrv processes behind a stub of
# remote lines gives the same hits, in the same order, with the same scores
# and counts; a shard that is down is an error naming it, or, with
# --allow-missing-shards, a warning and the hits of the other shards;
# incremental updates and --rebuild of a sharded index match a fresh single
# index; --status reports the shards and the files across them.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg

# --- servers: started and stopped here, by PID ---------------------------
declare -A SRV_PID=() # shard number -> xapian-tcpsrv PID
command -v setsid >/dev/null || { echo "1..0 # SKIP setsid not installed"; exit 0; }
stop_server() { # K: stop the server of shard K, if running
	local pid=${SRV_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "SRV_PID[$1]"
}
stop_servers() { local k; for k in "${!SRV_PID[@]}"; do stop_server "$k"; done; }
trap 'stop_servers; rm -rf "$TMP"' EXIT
port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
# start_servers DB: serve DB's 4 shard databases on 4 free ports from a
# random base (PORT[K] for shard K); retries elsewhere on a lost race.
declare -a PORT=()
start_servers() {
	local db=$1 try k t ok_all
	for try in 1 2 3 4 5 6 7 8; do
		local base=$((20000 + RANDOM % 40000))
		ok_all=1
		for k in 0 1 2 3; do port_free $((base + k)) || ok_all=0; done
		[ $ok_all = 1 ] || continue
		for k in 0 1 2 3; do
			PORT[k]=$((base + k))
			# its own session: on SIGTERM xapian-tcpsrv signals its whole
			# process group (its forked children), which would be this test
			setsid xapian-tcpsrv --port "${PORT[k]}" --interface 127.0.0.1 "$db/$(shard_name "$db" $k)" \
				>"$TMP/srv$k.log" 2>&1 &
			SRV_PID[$k]=$!
		done
		for t in $(seq 50); do # up to 5 s for all four to listen
			ok_all=1
			for k in 0 1 2 3; do
				kill -0 "${SRV_PID[$k]}" 2>/dev/null || { ok_all=2; break; }
				listening "${PORT[k]}" || ok_all=0
			done
			[ $ok_all = 0 ] || break
			sleep 0.1
		done
		[ $ok_all = 1 ] && return 0
		stop_servers
	done
	return 1
}
# shard_name DB K: the name of shard K in DB's stub ("db-N.K")
shard_name() { sed -nE "s/^glass (.*\\.$2)\$/\\1/p" "$1/XAPIANDB"; }

# --- the corpus ----------------------------------------------------------
# gen_shard_corpus DIR FIRST COUNT: files DIR/dNN/fNNNNN.txt of varied
# lengths (so scores rarely tie): a title line "Report u<i>x <topic>", then
# 2-4 paragraphs of words drawn from a shared vocabulary with one distinct
# word u<i>x; every 4th file has accented words (café, élysée, Straße ...),
# some files the phrase "supreme court", lion and tiger at varied distances,
# kidnap* words.
gen_shard_corpus() {
	local d=$1 first=$2 n=$3 k
	for ((k = first / 100; k <= (first + n - 1) / 100; k++)); do
		mkdir -p "$d/$(printf 'd%02d' $k)"
	done
	awk -v d="$d" -v first="$first" -v n="$n" 'BEGIN {
		nv = split("river stone garden market harbour lantern orchard meadow " \
			"winter summer bridge tower copper silver engine signal " \
			"kidnap kidnapped kidnapping kidnapper court judge witness " \
			"lion tiger the of and to a in", v, " ")
		na = split("café CAFÉ Cafe élysée Élysée naïve résumé façade crème " \
			"brûlée Straße Zürich ÉTÉ été", acc, " ")
		nt = split("alpha bravo charlie delta echo", topic, " ")
		for (i = first; i < first + n; i++) {
			seed = i * 7919 + 17
			f = sprintf("%s/d%02d/f%05d.txt", d, int(i / 100), i)
			printf "Report u%dx %s\n", i, topic[i % nt + 1] >f
			paras = 2 + i % 3
			for (p = 0; p < paras; p++) {
				len = 6 + (i * 13 + p * 29) % 47
				line = (p == 0 ? "everyword" : "shared")
				for (k = 0; k < len; k++) {
					seed = (seed * 16807) % 2147483647
					r = seed % 1000
					if (r < 30 && i % 4 == 0) w = acc[seed % na + 1]
					else if (r < 40) w = "\"supreme court\""
					else if (r < 45) w = "u" i "x"
					else w = v[seed % nv + 1]
					gsub(/"/, "", w)
					line = line " " w
				}
				printf "\n%s\n", line >f
			}
			close(f)
		}
	}'
}

N=360
gen_shard_corpus tree 0 $N
cp -r "$TOP/corpus/article" tree/article
# Two languages: "casa" is a Spanish stem family (casa, casas) whose
# "casas" only English passages hold, and an English one (casa, casas);
# Spanish stems camino and caminar alike (camin), English does not (camino,
# caminar), and only English passages hold caminar.  A word's family in a
# language lists the words its own passages hold (the stem families'
# keys, which remote shards serve too), so camino finds es.txt alone and
# caminar finds both files (its Spanish family holds camino).
mkdir tree/lang
cat >tree/lang/es.txt <<'EOF'
La casa de mi abuela estaba al final del camino, junto al río. Cada verano
pasábamos allí las vacaciones, y la casa se llenaba de primos, tíos y vecinos
que venían a comer con nosotros bajo los árboles del patio.
EOF
cat >tree/lang/en.txt <<'EOF'
The old casas along the river were built by the first settlers of the valley.
Most of them are still standing, and the families who live in them today keep
the gardens and the walls as their grandparents kept them, and they like to
caminar, as their Spanish neighbours say, along the water in the evening.
EOF
NF=$((N + 3))
OLD=$(($(date +%s) - 86400))
find tree -type f -exec touch -d "@$OLD" {} +

check_status "single index of $NF files: exit 0" 0 "$INDEX" -d one tree
check_status "--shards 4 index of the same tree: exit 0" 0 "$INDEX" --shards 4 -d sh tree
check_eq "--shards 4: the stub lists 4 glass shards" 4 "$(grep -c '^glass ' sh/XAPIANDB)"

# view DB: for each query of QUERIES (answered with --queries-from, the
# index opened once) its exact count, then its hits reduced to query, path,
# passage and score (9 significant digits), best first; each run of equal
# scores is sorted by path and passage, since rank among equal scores
# follows document ids, which differ between a single index and its shards.
# What must be the same across single and sharded indexes.
view() {
	printf '%s\n' "${QUERIES[@]}" >"$TMP/queries"
	"$SEARCH" -d "$1" -c --queries-from "$TMP/queries" 2>/dev/null |
		awk -F: 'NR == FNR { q[FNR] = $0; next } { print "== " q[$1] ": count " $2 }' "$TMP/queries" -
	"$SEARCH" -d "$1" --json -n 100000 --queries-from "$TMP/queries" 2>/dev/null |
		jq -r 'select(.type == "hit") | [.qid, .path, .passage, .score] | @tsv' |
		awk -F'\t' 'NR == FNR { q[FNR] = $0; next }
			{ s = sprintf("%.8e", $4); if ($1 != pq || s != ps) g++; pq = $1; ps = s
			  printf "%06d\t%s\t%s\t%s\t%s\n", g, q[$1], $2, $3, s }' "$TMP/queries" - |
		LC_ALL=C sort -t$'\t' -k1,1n -k3,3 -k4,4n | cut -f2-
}
QUERIES=(everyword river harbour u7x u360x 'u1*' 'g*'
	'river stone' 'river AND copper' 'lantern OR signal' 'winter OR u12x OR u200x'
	'orchard NOT meadow' 'engine -river -stone' '(tiger OR lion) -judge'
	'"supreme court"' '"kidnap the"' '"the river"' 'supreme court witness'
	'kidnap*' 'kid*' 'tow* bridge'
	'lion NEAR tiger' 'lion NEAR/3 tiger' 'witness NEAR/2 judge'
	'title:alpha' 'title:bravo river' 'title:u12x' 'path:d01 signal' 'path:florence kidnap'
	café CAFE élysée ELYSEE 'Élysée OR Zürich' strasse 'naive résumé' '"crème brûlée"'
	cassez 'cassez vallarta' '"supreme court" mexico' 'nothingmatches'
	casa casas the 'casa river' camino caminar)

# --- 1. single index, 4 local shards, 4 remote shards --------------------
if ! command -v xapian-tcpsrv >/dev/null; then
	ok "remote shards # SKIP xapian-tcpsrv not installed (Debian xapian-tools)"
	done_testing; exit 0
fi
if start_servers sh; then ok "4 xapian-tcpsrv serve the 4 shards (ports ${PORT[*]})"
else not_ok "4 xapian-tcpsrv serve the 4 shards" "$(cat "$TMP"/srv*.log | head -n 4)"; done_testing; exit 1; fi
# Both remote syntaxes, mixed.
printf 'remote :127.0.0.1:%s\nremote :tcp 127.0.0.1 %s\nremote :127.0.0.1:%s\nremote :tcp 127.0.0.1 %s\n' \
	"${PORT[@]}" >remote.stub

# Known limit: a prefix is Xapian's OP_SYNONYM of the words it expands to,
# whose document frequency Xapian 1.4 estimates pairwise, rounding at each
# step, in a tree shaped by each shard's own frequencies.  With a hundred
# rare words (u1* here: u1x, u10x ... u199x) the rounding adds up and the
# scores differ slightly between one index and its shards (hits and counts
# do not).  So may kidnap* and kid*, whose four words fill most passages
# here, where BM25's idf turns a rounding of one document into 0.6% of the
# score; whether they do moves with the shard each file goes to (a hash of
# its path, under a random folder).  Those queries are compared without
# scores; every other query, stem families and short prefixes included,
# with its scores.
noscore_of() { awk -F'\t' 'NF > 1 { print $1 "\t" $2 "\t" $3; next } { print }' | LC_ALL=C sort; }
view_noscore() { view "$1" | noscore_of; }
UNSCORED=('u1*' 'kidnap*' 'kid*')
# scored_of FILE: FILE, a view, without the lines of the UNSCORED queries:
# the view of the other queries alone (each query's lines are its own), so
# one search of every query gives both views below.
scored_of() {
	printf '%s\n' "${UNSCORED[@]}" >"$TMP/unscored"
	awk -F'\t' 'NR == FNR { skip[$0] = 1; next }
		NF > 1 { if (!($1 in skip)) print; next }
		{ q = $0; sub(/^== /, "", q); sub(/: count [0-9]*$/, "", q); if (!(q in skip)) print }' \
		"$TMP/unscored" "$1"
}
for db in one sh remote.stub; do
	view "$db" >view.full
	scored_of view.full >"view.${db%.stub}"
	noscore_of <view.full >"view.${db%.stub}.all"
done
# -j 1: four shard writers take turns on one, each committing before it
# waits for the files held back for their folder's language (short ones,
# which detection cannot label); every shard holds what it holds when the
# four write at once (-j 4).
cp -r tree tree2
for i in 1 2 3 4 5 6 7 8; do printf 'Quokka %s.\n' "$i" >"tree2/lang/short$i.txt"; done
check_status "--shards 4 -j 1 (one shard indexed at a time): exit 0" 0 "$INDEX" -q --shards 4 -j 1 -d sh1 tree2
check_status "--shards 4 -j 4 (all four at once): exit 0" 0 "$INDEX" -q --shards 4 -j 4 -d sh4 tree2
check_eq "--shards 4 -j 1: the 8 short files held back are indexed" 8 "$("$SEARCH" -d sh1 -l quokka | wc -l)"
view sh4 >view.sh4.scored
view sh1 >view.sh1.scored
check_same "--shards 4 -j 1, every query: same counts, hits, order and scores as -j 4" view.sh4.scored view.sh1.scored
# A build of one folder takes its files from the walk as it goes, through
# a small queue per shard, every shard's writer at once; a build from a
# list of files walks first, and with -j 1 its shards take turns.  The
# same files make the same index either way.
find tree2 -type f | LC_ALL=C sort >tree2.list
check_status "--shards 4 -j 1 --files-from the folder's files (listed first, shards in turns): exit 0" 0 \
	"$INDEX" -q --shards 4 -j 1 -d shl --files-from tree2.list
view shl >view.shl.scored
check_same "--shards 4 from the list, every query: same counts, hits, order and scores as from the folder" \
	view.sh4.scored view.shl.scored
check_status "one index of the folder: exit 0" 0 "$INDEX" -q -d onef tree2
check_status "one index from the list of its files: exit 0" 0 "$INDEX" -q -d onel --files-from tree2.list
view onef >view.onef
view onel >view.onel
check_same "one index from the list, every query: same counts, hits, order and scores as from the folder" \
	view.onef view.onel
check_eq "one index of the folder: the 8 short files held back are indexed" 8 "$("$SEARCH" -d onef -l quokka | wc -l)"
check_eq "sanity: the single index finds something for most queries" 1 \
	"$(($(grep -c 'count [1-9]' view.one.all) >= ${#QUERIES[@]} - 5))"
check_same "4 local shards, every query but u1*, kid*, kidnap*: same counts, hits, order and scores as the single index" view.one view.sh
check_same "4 remote shards, every query but u1*, kid*, kidnap*: same counts, hits, order and scores as the single index" view.one view.remote
check_same "4 local shards, every query: same counts and hits as the single index" view.one.all view.sh.all
check_same "4 remote shards, every query: same counts and hits as the single index" view.one.all view.remote.all
# Local and remote shards share document ids: the first 20 are the same
# even among equal scores, with scores within 1e-9 relative.
same_top() { # DESC Q: -n 20 on sh and remote.stub
	"$SEARCH" -d sh --json -n 20 -- "$2" 2>/dev/null | jq -r 'select(.type=="hit") | [.path,.passage,.score] | @tsv' >top.sh
	"$SEARCH" -d remote.stub --json -n 20 -- "$2" 2>/dev/null | jq -r 'select(.type=="hit") | [.path,.passage,.score] | @tsv' >top.remote
	local bad
	bad=$(paste top.sh top.remote | awk -F'\t' '
		$1 != $4 || $2 != $5 { print NR ": " $1 ":" $2 " vs " $4 ":" $5; exit }
		{ d = $3 - $6; if (d < 0) d = -d; m = ($3 < 0 ? -$3 : $3); if (d > 1e-9 * m) { print NR ": score " $3 " vs " $6; exit } }')
	[ "$(wc -l <top.sh)" = "$(wc -l <top.remote)" ] || bad="$(wc -l <top.sh) vs $(wc -l <top.remote) hits"
	if [ -z "$bad" ]; then ok "$1"; else not_ok "$1" "$bad"; fi
}
for q in everyword 'lantern OR signal' 'kid*' 'title:alpha' café; do
	same_top "-n 20 '$q': local and remote shards rank alike, ties included" "$q"
done
# A word's other forms in a second language, worked out above from the
# stems: the same files from one index, 4 local and 4 remote shards.
for db in one sh remote.stub; do
	check_eq "$db: camino (Spanish family camino; English none) finds es.txt alone" \
		"tree/lang/es.txt" "$("$SEARCH" -d "$db" -l camino 2>/dev/null | sed 's|.*/tree/|tree/|' | paste -sd' ' -)"
	check_eq "$db: caminar (English caminar, Spanish family camino) finds both files" \
		"tree/lang/en.txt tree/lang/es.txt" \
		"$("$SEARCH" -d "$db" -l caminar 2>/dev/null | sed 's|.*/tree/|tree/|' | LC_ALL=C sort | paste -sd' ' -)"
done

# Same files, same bytes: equal scores are ordered by path then line, so a
# fresh index, one updated after deletions (other document ids), 4 local
# and 4 remote shards print the same bytes in every format, ties included,
# at a limit that cuts through a run of equal scores.  (Single words and
# phrases: a stem family of several words is one OP_SYNONYM, whose scores
# may differ in the last digits between an index and its shards, above.)
gen_shard_corpus tree 400 40  # tree/d04: indexed, then deleted
"$INDEX" -q -d upd tree 2>/dev/null
rm -rf tree/d04
"$INDEX" -q -d upd tree 2>/dev/null
check_eq "updated after deleting 40 files: the single index's file count" \
	"$("$SEARCH" -d one -c everyword)" "$("$SEARCH" -d upd -c everyword)"
TIES=(everyword '"supreme court"' shared 'shared everyword' 'title:bravo')
for q in "${TIES[@]}"; do
	for fmt in "-n 7" "--json -n 7" "--format tsv -n 7" "--format trec -n 7" "-l" "-c"; do
		"$SEARCH" -d one $fmt -- "$q" >same.one 2>/dev/null
		diffs=
		for db in upd sh remote.stub; do
			"$SEARCH" -d "$db" $fmt -- "$q" >same.other 2>/dev/null
			cmp -s same.one same.other || diffs="$diffs $db"
		done
		if [ -z "$diffs" ] && [ -s same.one ]; then ok "'$q' $fmt: the same bytes from fresh, updated, 4 local and 4 remote shards"
		else not_ok "'$q' $fmt: the same bytes from fresh, updated, 4 local and 4 remote shards" "differ:${diffs:- (no output)}"; fi
	done
done

# --- 2. a shard down -----------------------------------------------------
DOWN=2
stop_server $DOWN
"$SEARCH" -d remote.stub -n 20 everyword >out 2>err; rc=$?
check_eq "shard $DOWN down: exit 2" 2 $rc
check_eq "shard $DOWN down: one line on stderr" 1 "$(wc -l <err)"
# (the stub's line, hence its port)
if grep -qF "$(sed -n "$((DOWN + 1))p" remote.stub)" err; then ok "shard $DOWN down: stderr names the shard's stub line"
else not_ok "shard $DOWN down: stderr names the shard's stub line" "$(cat err)"; fi
check_eq "shard $DOWN down: nothing on stdout" "" "$(cat out)"
"$SEARCH" -d remote.stub -c everyword >out 2>err; rc=$?
check_eq "shard $DOWN down, -c: exit 2" 2 $rc
# The expectation: a stub of the 3 live shards.
grep -v ":${PORT[DOWN]}\$" remote.stub | grep -v " ${PORT[DOWN]}\$" >live3.stub
check_eq "the 3-shard stub has 3 lines" 3 "$(wc -l <live3.stub)"
for q in everyword 'lantern OR signal' café '"supreme court"' u7x nothingmatches; do
	"$SEARCH" -d remote.stub --allow-missing-shards --json -n 20 -- "$q" >out 2>err; rc=$?
	"$SEARCH" -d live3.stub --json -n 20 -- "$q" >want 2>want_err; want_rc=$?
	check_eq "--allow-missing-shards '$q': exit as the 3 live shards' ($want_rc)" $want_rc $rc
	# Beyond the 3 live shards' own stderr (a "did you mean" when the word
	# lived only on the missing shard), exactly one line: the warning.
	if [ "$(($(wc -l <err) - $(wc -l <want_err)))" = 1 ] && grep -q "${PORT[DOWN]}" err &&
		[ "$(grep -v "${PORT[DOWN]}" err)" = "$(cat want_err)" ]; then
		ok "--allow-missing-shards '$q': one warning line naming the shard"
	else not_ok "--allow-missing-shards '$q': one warning line naming the shard" "$(head -c 300 err)"; fi
	check_same "--allow-missing-shards '$q': the hits of the 3 live shards" want out
	c=$("$SEARCH" -d remote.stub --allow-missing-shards -c -- "$q" 2>/dev/null)
	check_eq "--allow-missing-shards -c '$q': the 3 live shards' count" \
		"$("$SEARCH" -d live3.stub -c -- "$q" 2>/dev/null)" "$c"
done
check_eq "the expectation is not everything: shard $DOWN held some everyword passages" 1 \
	"$(($("$SEARCH" -d live3.stub -c everyword) < $("$SEARCH" -d sh -c everyword)))"
stop_servers

# --- 4. --status ---------------------------------------------------------
"$INDEX" --status -d sh >out 2>err
if grep -Eq '^database: .*\(4 shards\)' out; then ok "--status: 4 shards"
else not_ok "--status: 4 shards" "$(grep -i database out)"; fi
check_eq "--status: the files across the shards" "files:       $NF" "$(grep '^files:' out)"
check_eq "--status --json: shards and files" "4 $NF" \
	"$("$INDEX" --status --json -d sh | jq -r '"\(.shards) \(.files)"')"
check_eq "--status --json: the single index's passages equal the shards' total" \
	"$("$INDEX" --status --json -d one | jq .passages)" "$("$INDEX" --status --json -d sh | jq .passages)"

# --- 3. incremental reindex and --rebuild of a sharded index -------------
for i in 5 17 250 301; do # edits of different sizes
	printf 'Report u%dx edited\n\neditedword river café %d\n' $i $i >"$(corpus_file tree $i)"
done
gen_shard_corpus tree 900 40 # additions: a new folder
printf 'Report addedword\n\nriver Élysée addedword lion tiger\n' >tree/d01/added.txt
rm "$(corpus_file tree 42)" "$(corpus_file tree 43)" "$(corpus_file tree 120)"
rm -r tree/d02
NF2=$((NF + 40 + 1 - 3 - 100)) # d02 held files 200-299
check_status "update of the 4-shard index after edits, additions, deletions: exit 0" 0 "$INDEX" -d sh tree
check_eq "update: the 4 shards kept" 4 "$("$INDEX" --status --json -d sh | jq .shards)"
check_eq "update: --status counts the files across shards" $NF2 "$("$INDEX" --status --json -d sh | jq .files)"
QUERIES+=(editedword addedword u42x u120x u250x u901x u939x 'river café' 'Élysée lion')
check_status "fresh single index of the changed tree: exit 0" 0 "$INDEX" -d fresh tree
view_noscore fresh >view.fresh
view_noscore sh >view.upd
check_same "updated shards and a fresh single index: the same counts and hits" view.fresh view.upd
# Servers reopen their database on each connection: a commit is seen.
if start_servers sh; then
	printf 'remote :tcp 127.0.0.1 %s\nremote :127.0.0.1:%s\nremote :tcp 127.0.0.1 %s\nremote :127.0.0.1:%s\n' \
		"${PORT[@]}" >remote2.stub
	view_noscore remote2.stub >view.remote2
	check_same "served updated shards and a fresh single index: the same counts and hits" view.fresh view.remote2
	stop_servers
else not_ok "restart the servers on the updated shards" "$(head -n 4 "$TMP"/srv*.log)"; fi

check_status "plain update with --shards 2 of a 4-shard index: exit 2" 2 "$INDEX" --shards 2 -d sh tree
check_eq "--shards 2 refused: one error line" 1 "$(wc -l <"$TMP/err")"
check_eq "--shards 2 refused: the index keeps 4 shards" 4 "$("$INDEX" --status --json -d sh | jq .shards)"

check_status "--rebuild of the 4-shard index: exit 0" 0 "$INDEX" --rebuild -d sh
check_eq "--rebuild: 4 shards kept" "4 $NF2" "$("$INDEX" --status --json -d sh | jq -r '"\(.shards) \(.files)"')"
check_eq "--rebuild: the stub lists 4 shards" 4 "$(grep -c '^glass ' sh/XAPIANDB)"
view_noscore sh >view.rebuilt
check_same "rebuilt 4 shards and a fresh single index: the same counts and hits" view.fresh view.rebuilt

check_status "--rebuild --shards 2: exit 0" 0 "$INDEX" --rebuild --shards 2 -d sh
check_eq "--rebuild --shards 2: 2 shards, the same files" "2 $NF2" \
	"$("$INDEX" --status --json -d sh | jq -r '"\(.shards) \(.files)"')"
check_eq "--rebuild --shards 2: the stub lists 2 shards" 2 "$(grep -c '^glass ' sh/XAPIANDB)"
view_noscore sh >view.two
check_same "2 shards and a fresh single index: the same counts and hits" view.fresh view.two

# A last edit on the 2-shard index, and the plain update keeps 2 shards.
printf 'Report u7x edited again\n\nlaterword river\n' >"$(corpus_file tree 7)"
check_status "update of the 2-shard index: exit 0" 0 "$INDEX" -d sh tree
check_status "update of the fresh single index: exit 0" 0 "$INDEX" -d fresh tree
QUERIES+=(laterword u7x)
view_noscore fresh >view.fresh2
view_noscore sh >view.two2
check_same "updated 2 shards and the updated single index: the same hits" view.fresh2 view.two2
check_eq "2-shard update: still 2 shards" 2 "$("$INDEX" --status --json -d sh | jq .shards)"
done_testing
