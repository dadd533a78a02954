# Trust (issue 16): a new index is readable by its owner only whatever the
# umask (every file Xapian writes later too: updates, --rebuild, shards,
# chunks), --shared shares it, an existing index keeps its modes;
# errors in rubric's words (a first build not committed yet, a damaged
# index, another schema, no index, no permission); --version.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
A=$TOP/corpus/article
umask 022

# modes DIR: the distinct modes of the folders and of the files under DIR
# (DIR included): "dirs 700 files 600".
modes() {
	echo "dirs $(find "$1" -type d -printf '%m\n' | sort -u | paste -sd/ -)" \
		"files $(find "$1" -type f -printf '%m\n' | sort -u | paste -sd/ -)"
}
# check_err DESC WANT_STATUS ERE CMD...: CMD exits WANT_STATUS with one
# line on stderr matching ERE, and no Xapian wording without rubric's.
check_err() {
	local desc=$1 want=$2 re=$3; shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"; local rc=$?
	if [ $rc -eq "$want" ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -qE -- "$re" "$TMP/err"; then
		ok "$desc"
	else
		not_ok "$desc" "exit $rc, expected $want" "stderr: $(head -c 400 "$TMP/err")" "wanted: $re"
	fi
}
PRIVATE="dirs 700 files 600"

# --- a new index is private, whatever the umask ---------------------------
"$INDEX" -q -d idx "$A"
check_eq "new index under umask 022: folders 0700, files 0600" "$PRIVATE" "$(modes idx)"
check_eq "new index: the stub, the lock and the database are there" "XAPIANDB db-1 lock" \
	"$(ls idx | paste -sd' ' -)"
cp "$A"/*.txt extra.txt
"$INDEX" -q -d idx "$A" extra.txt
check_eq "after an update: still 0700/0600" "$PRIVATE" "$(modes idx)"
"$INDEX" -q -d idx --rebuild
check_eq "after --rebuild (a new generation, the old one removed): still 0700/0600" "$PRIVATE db-2" \
	"$(modes idx) $(ls -d idx/db-* | sed 's|idx/||' | paste -sd' ' -)"
"$INDEX" -q -d sh --shards 2 "$A" extra.txt
check_eq "--shards 2: every shard 0700/0600" "$PRIVATE db-1.0 db-1.1" \
	"$(modes sh) $(ls -d sh/db-* | sed 's|sh/||' | paste -sd' ' -)"
"$INDEX" -q -d sh "$A"
"$INDEX" -q -d sh --rebuild --shards 3
check_eq "--shards 2 updated, rebuilt as 3: 0700/0600" "$PRIVATE" "$(modes sh)"
(umask 0; "$INDEX" -q "$A")
check_eq "umask 000, the default index (\$XDG_DATA_HOME/rubric/index): 0700/0600" \
	"$PRIVATE" "$(modes "$XDG_DATA_HOME/rubric/index")"
mkdir premade && chmod 777 premade
"$INDEX" -q -d premade "$A"
check_eq "an empty folder made beforehand (0777) becomes a private index" "$PRIVATE" "$(modes premade)"

# --- a first build: chunks are private, a search says it is not ready ---
N=2500
gen_corpus big 0 $N 4
"$INDEX" -q -j 2 -d fb big 2>fb.err & pid=$!
for ((i = 0; i < 3000 * SLOW; i++)); do
	compgen -G 'fb/chunk-*/*.glass' >/dev/null && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.01
done
kill -STOP $pid 2>/dev/null
if [ -e fb/XAPIANDB ] || ! compgen -G 'fb/chunk-*' >/dev/null; then
	not_ok "first build paused before its first commit" "$(ls fb 2>&1 | paste -sd' ' -)"
else
	ok "first build paused before its first commit ($(ls -d fb/chunk-* | wc -l) chunks)"
	check_eq "first build: chunk databases 0700/0600" "$PRIVATE" "$(modes fb)"
	NOT_YET="^rubric-search: fb: the index has no commit yet: its first rubric-index run is still writing it \(search when it has finished\) or was stopped \(run it again\)$"
	check_err "search during a first build: exit 2, rubric's words" 2 "$NOT_YET" \
		"$SEARCH" -d fb everyword
	check_err "--status during a first build: exit 2, the same words" 2 \
		"^rubric-index: fb: the index has no commit yet" "$INDEX" --status -d fb
fi
kill -CONT $pid 2>/dev/null
# Searches while it runs on: "not yet" until the commit, then everything.
bad="" rounds=0
while kill -0 $pid 2>/dev/null; do
	c=$("$SEARCH" -d fb -c everyword 2>s.err); rc=$?
	rounds=$((rounds + 1))
	if [ $rc = 2 ]; then
		grep -q "the index has no commit yet" s.err || bad="$bad [$(head -c 200 s.err)]"
	elif [ "$rc $c" != "0 $N" ]; then
		bad="$bad [exit $rc, count $c]"
	fi
done
wait $pid
check_eq "first build: exit 0" "0 " "$? $(cat fb.err)"
check_eq "searches during the first build ($rounds): 'no commit yet', then all $N files" "" "$bad"
check_eq "first build done: $N files, 0700/0600, no chunk left" "$N $PRIVATE" \
	"$("$SEARCH" -d fb -c everyword) $(modes fb)"

# --- sharing on purpose -----------------------------------------------
"$INDEX" -q --shared -d pub "$A"
check_eq "--shared under umask 022: folders 0755, files 0644" "dirs 755 files 644" "$(modes pub)"
(umask 027; "$INDEX" -q --shared -d grp "$A")
check_eq "--shared under umask 027: folders 0750, files 0640" "dirs 750 files 640" "$(modes grp)"
(umask 077; "$INDEX" -q --shared -d none "$A" 2>none.err)
check_eq "--shared under umask 077: private, with a warning" "$PRIVATE 1" \
	"$(modes none) $(grep -c 'lets no one else read' none.err)"
check_status "--shared and --private together: exit 2" 2 "$INDEX" --shared --private -d pub "$A"

# An existing index keeps its modes, whatever the umask of the writer.
(umask 077; "$INDEX" -q -d pub "$A" extra.txt && "$INDEX" -q -d pub --rebuild)
check_eq "shared index updated and rebuilt under umask 077: still 0755/0644" \
	"dirs 755 files 644" "$(modes pub)"
(umask 0; "$INDEX" -q -d idx "$A" && "$INDEX" -q -d idx --rebuild)
check_eq "private index updated and rebuilt under umask 000: still 0700/0600" \
	"$PRIVATE" "$(modes idx)"
cp -a grp grp2
(umask 0; "$INDEX" -q -d grp2 --rebuild)
check_eq "group index rebuilt under umask 000: still 0750/0640" "dirs 750 files 640" "$(modes grp2)"

# --status shows them; --private and --shared without PATH set them.
check_eq "--status: access line" "access:      every user can read it (folders 0755, files 0644)" \
	"$("$INDEX" --status -d pub | grep '^access:')"
check_eq "--status --json: access and modes" '"all" ["0755"] ["0644"]' \
	"$("$INDEX" --status --json -d pub | jq -c '.access, .modes.folders, .modes.files' | paste -sd' ' -)"
check_eq "--status --json of a private index" '"owner" ["0700"] ["0600"]' \
	"$("$INDEX" --status --json -d idx | jq -c '.access, .modes.folders, .modes.files' | paste -sd' ' -)"
check_eq "--status of a group index" "access:      its owner and group can read it (folders 0750, files 0640)" \
	"$("$INDEX" --status -d grp | grep '^access:')"
check_status "--private without PATH: exit 0" 0 "$INDEX" --private -d pub
check_eq "--private without PATH: says so" \
	"rubric-index: pub: owner only (folders 0700, files 0600)" "$(cat "$TMP/err")"
check_eq "--private: every folder and file of the index 0700/0600" "$PRIVATE" "$(modes pub)"
"$INDEX" -q --shared -d pub
check_eq "--shared on an existing index: 0755/0644 again" "dirs 755 files 644" "$(modes pub)"
touch pub/notes.txt && chmod 600 pub/notes.txt
"$INDEX" -q --shared -d pub
check_eq "--shared leaves files that are not rubric's alone" 600 "$(stat -c %a pub/notes.txt)"
rm pub/notes.txt
check_err "--private on a missing index: exit 2" 2 "^rubric-index: nothere: no index there" \
	"$INDEX" --private -d nothere
check_eq "... and creates nothing" "" "$(ls -d nothere 2>/dev/null)"

RUN=$(unprivileged_runner)
chmod 755 "$TMP"
if [ "$(id -u)" = 0 ] && [ -n "$RUN" ] && $RUN "$SEARCH" --help >/dev/null 2>&1; then
	check_err "another user searching a private index: exit 2, says why" 2 \
		"^rubric-search: $TMP/idx: permission denied: an index is readable by its owner only, unless the owner shares it \(rubric-index --shared -d $TMP/idx\)$" \
		$RUN "$SEARCH" -d "$TMP/idx" kidnap
	check_eq "another user searching a shared index: the hits" "$("$SEARCH" -d pub -c kidnap)" \
		"$($RUN "$SEARCH" -d "$TMP/pub" -c kidnap 2>&1)"
	check_err "another user updating a shared index: exit 2, says why" 2 \
		"^rubric-index: $TMP/pub: cannot write the index .*only its owner can update it$" \
		$RUN "$INDEX" -d "$TMP/pub" "$A"
else
	ok "# SKIP another user's view: not root, or no setpriv/runuser, or the programs are out of its reach"
fi
chmod 700 "$TMP"

# --- errors in rubric's words ----------------------------------------------
check_err "no index there: exit 2" 2 \
	"^rubric-search: nothere: no index there \(create one with rubric-index -d nothere PATH\.\.\.\)$" \
	"$SEARCH" -d nothere kidnap
mkdir empty
check_err "an empty folder: not an index" 2 \
	"^rubric-search: empty: not an index \(no XAPIANDB in it; create one with rubric-index -d empty PATH\.\.\.\)$" \
	"$SEARCH" -d empty kidnap
# A first build that was stopped (kill -9): its lock and chunks, no stub.
mkdir -p stopped/chunk-db-1-0 && touch stopped/lock
check_err "a first build that was stopped: no commit yet" 2 "^rubric-search: stopped: the index has no commit yet" \
	"$SEARCH" -d stopped kidnap

DAMAGED="the index is damaged: rebuild it with rubric-index --rebuild -d bad"
cp -a idx bad
gen=$(sed -n 's/^glass //p' bad/XAPIANDB)
truncate -s 0 "bad/$gen/postlist.glass"
check_err "a truncated database file: damaged, rebuild" 2 \
	"^rubric-search: bad: $DAMAGED \($gen: EOF reading block [0-9]+\)$" "$SEARCH" -d bad kidnap
check_err "... -d idx -d bad: the same words" 2 "^rubric-search: bad: $DAMAGED" \
	"$SEARCH" -d idx -d bad kidnap
check_err "... --status: the same words" 2 "^rubric-index: bad: $DAMAGED" "$INDEX" --status -d bad
check_err "... an update: the same words" 2 "^rubric-index: bad: $DAMAGED" "$INDEX" -d bad "$A"
check_err "... --rebuild without PATH: asks for the paths" 2 \
	"^rubric-index: bad: the index is damaged, and so is the list of folders it held: name them: rubric-index --rebuild -d bad PATH\.\.\.$" \
	"$INDEX" --rebuild -d bad
check_status "... --rebuild with PATH: exit 0" 0 "$INDEX" --rebuild -d bad "$A"
check_eq "... then searchable again, still private" "7 $PRIVATE" \
	"$("$SEARCH" -d bad -c kidnap) $(modes bad)"
: >bad/XAPIANDB
check_err "an empty stub: damaged, rebuild" 2 "^rubric-search: bad: $DAMAGED \(XAPIANDB names no database\)$" \
	"$SEARCH" -d bad kidnap
echo "glass db-99" >bad/XAPIANDB
check_err "a stub naming a missing database: damaged, rebuild" 2 "^rubric-search: bad: $DAMAGED \(" \
	"$SEARCH" -d bad kidnap
check_err "... an update: damaged, rebuild" 2 "^rubric-index: bad: $DAMAGED \(" \
	"$INDEX" -d bad "$A"
echo "junk line" >bad/XAPIANDB
check_err "a garbled stub, an update: damaged, rebuild" 2 \
	"^rubric-index: bad: $DAMAGED \(XAPIANDB names no rubric database\)$" "$INDEX" -d bad "$A"
check_status "... --rebuild with PATH: exit 0" 0 "$INDEX" --rebuild -d bad "$A"

# Another schema: the schema key rewritten with Xapian's own tool.
cp -a idx old
gen=$(sed -n 's/^glass //p' old/XAPIANDB)
if command -v xapian-metadata >/dev/null; then
	cur=$(xapian-metadata get "old/$gen" rubric:schema)
	xapian-metadata set "old/$gen" rubric:schema 0
	SCHEMA="the index was written by another version of rubric \(index schema 0, this rubric's $cur\): rebuild it with rubric-index --rebuild -d old$"
	check_err "another schema: search exits 2, says rebuild" 2 "^rubric-search: old: $SCHEMA" \
		"$SEARCH" -d old kidnap
	check_err "another schema: an update exits 2, says rebuild" 2 "^rubric-index: old: $SCHEMA" \
		"$INDEX" -d old "$A"
	check_err "another schema: --status exits 2, says rebuild" 2 "^rubric-index: old: $SCHEMA" \
		"$INDEX" --status -d old
	check_status "another schema: --rebuild (its own roots) exits 0" 0 "$INDEX" -d old --rebuild
	gen=$(sed -n 's/^glass //p' old/XAPIANDB)
	check_eq "... then searchable, with this rubric's schema" "$("$SEARCH" -d idx -c kidnap) $cur" \
		"$("$SEARCH" -d old -c kidnap) $(xapian-metadata get "old/$gen" rubric:schema)"
else
	ok "# SKIP another schema: xapian-metadata (xapian-tools) is not installed"
fi

# Damage that opening does not see (a table cut in half) is found while
# searching, and said in the same words.
cp -a fb cut
gen=$(sed -n 's/^glass //p' cut/XAPIANDB)
s=$(stat -c %s "cut/$gen/postlist.glass")
truncate -s $((s / 2)) "cut/$gen/postlist.glass"
check_err "a table cut in half, found while searching: damaged, rebuild" 2 \
	"^rubric-search: cut: the index is damaged: rebuild it with rubric-index --rebuild -d cut \(.*EOF reading block [0-9]+\)$" \
	"$SEARCH" -d cut -c everyword

# --- --version ----------------------------------------------------------
for prog in "$INDEX" "$SEARCH"; do
	name=$(basename "$prog")
	"$prog" --version >v.out 2>v.err
	check_eq "$name --version: exit 0, nothing on stderr" "0 " "$? $(cat v.err)"
	fmt=$(awk -v n="$name" '
		NR == 1 && $0 ~ "^" n " [0-9]+\\.[0-9]+\\.[0-9]+$" ||
		NR == 2 && /^Xapian [0-9]+\.[0-9]+\.[0-9]+$/ ||
		NR == 3 && /^utf8proc [0-9]+\.[0-9]+\.[0-9]+$/ ||
		NR == 4 && /^libstemmer [^ ]+ \(Snowball, [0-9]+ languages\)$/ { good++ }
		END { print NR, good + 0 }' v.out)
	check_eq "$name --version: 4 lines: rubric's, Xapian's, utf8proc's, libstemmer's" \
		"4 4" "$fmt"
	want=""
	got=""
	if v=$(pkg-config --modversion xapian-core 2>/dev/null); then
		want="$want Xapian $v"; got="$got $(grep '^Xapian ' v.out)"
	fi
	if v=$(dpkg-query -W -f '${Version}' libutf8proc-dev 2>/dev/null); then
		want="$want utf8proc ${v%%-*}"; got="$got $(grep '^utf8proc ' v.out)"
	fi
	if v=$(dpkg-query -W -f '${Version}' libstemmer-dev 2>/dev/null); then
		want="$want libstemmer $v"; got="$got $(grep -o '^libstemmer \S*' v.out)"
	fi
	check_eq "$name --version: the installed libraries' versions" "$want" "$got"
done
check_eq "--version: both programs say the same version" \
	"$("$INDEX" --version | sed 1d)" "$("$SEARCH" --version | sed 1d)"

done_testing
