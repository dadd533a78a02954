# Every example command of README.md and GUIDE.md runs as written.
#
# The examples are the shell blocks of the two files (indented by four
# spaces, or fenced) that run rubric-index or rubric-search, alone or in a
# pipe. In a block of `$ COMMAND` lines and their output, the commands are
# the `$` lines; in any other block, every line but comments, `...` and
# the programs' messages (`rubric-search: ...`).
# They run in a fixture home folder (HOME): the article in corpus/article,
# a few notes, a few mails and an mbox. The README's blocks run one after
# another from that home without an index, as its tour does; each of the
# guide's blocks runs in a fresh copy of it with an index of the article
# in ~/idx and the default index of ~/notes and ~/mail;
# the programs are found through PATH ($RUBRIC_BIN first), nothing else of
# the command is changed. A command passes when it exits 0 (a match) or 1
# (none) and says nothing on stderr but rubric's notes (a summary line, did
# you mean, the partial-hits line, what --compact saved); a `$ COMMAND`
# shown with its output must print those lines (in any order, a summary's
# time and a file's date aside). A block that cannot run here (a crontab
# line, servers on other machines) follows a line
# `<!-- not run: WHY -->` and is reported as a TAP skip naming WHY.
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2

H=$TMP/home
mkdir -p "$H/corpus" "$H/notes" "$H/mail"
cp -r corpus/article "$H/corpus/"

# ~/notes: a few notes, one in Markdown, two in Spanish under notas/
cat >"$H/notes/harbour.txt" <<'EOF'
The harbour master lit the lighthouse lantern at dusk.

Ships waited outside the harbour until the tide turned.
EOF
cat >"$H/notes/budget.md" <<'EOF'
# Budget

The budget deficit grew again this year.

- cut the lantern oil
- sell the old gasket stock
EOF
mkdir -p "$H/notes/notas"
printf 'El faro del puerto.\n' >"$H/notes/notas/faro.txt"
printf 'Las casas del pueblo.\n' >"$H/notes/notas/casas.txt"

# ~/mail: three messages and an mbox of two
mail() { # FILE FROM TO DATE SUBJECT ID BODY
	printf 'From: %s\nTo: %s\nDate: %s\nSubject: %s\nMessage-ID: <%s>\n\n%s\n' \
		"$2" "$3" "$4" "$5" "$6" "$7" >"$1"
}
mail "$H/mail/1.eml" 'Alice Hart <alice@example.org>' 'Bob Stone <bob@example.org>' \
	'Thu, 22 Aug 2002 11:36:18 +0100' 'Harbour dues' abc.123@example.org \
	'The lighthouse lantern needs a new wick before the harbour dues are paid.'
mail "$H/mail/2.eml" 'Bob Stone <bob@example.org>' 'Alice Hart <alice@example.org>' \
	'Mon, 2 Sep 2002 09:00:00 +0100' 'Re: Harbour dues' def.456@example.org \
	'I will bring a lantern and a gasket for the pump.'
mail "$H/mail/3.eml" 'Erin Vale <erin@example.org>' 'Bob Stone <bob@example.org>' \
	'Fri, 10 Jan 2003 16:20:00 +0000' 'Lantern fair' ghi.789@example.org \
	'The lantern fair opens in the harbour on Saturday.'
{
	printf 'From erin@example.org Sat Feb  1 10:00:00 2003\n'
	mail /dev/stdout 'Erin Vale <erin@example.org>' 'Carol Reed <carol@example.org>' \
		'Sat, 1 Feb 2003 10:00:00 +0000' 'Lighthouse' jkl.1@example.org \
		'The lighthouse keeper retires in spring.'
	printf '\nFrom erin@example.org Sun Feb  2 10:00:00 2003\n'
	mail /dev/stdout 'Erin Vale <erin@example.org>' 'Bob Stone <bob@example.org>' \
		'Sun, 2 Feb 2003 10:00:00 +0000' 'Lantern oil' jkl.2@example.org \
		'Lantern oil is in the harbour shed.'
} >"$H/mail/archive.mbox"
touch -d '2000-01-01' "$H/stamp"
printf '1\tkidnap\n2\tlighthouse lantern\n' >"$H/topics.tsv"

# The environment every example runs in
export HOME=$H PATH=$RUBRIC_BIN:$PATH
unset XDG_DATA_HOME RUBRIC_DB
cp -a "$H" "$TMP/home.bare"
cd "$H" || exit 2
rubric-index -q -d ~/idx corpus/article 2>"$TMP/fix.err"
check_eq "fixture: ~/idx indexes corpus/article" "0 " "$? $(cat "$TMP/fix.err")"
rubric-index -q ~/notes ~/mail 2>"$TMP/fix.err"
check_eq "fixture: the default index holds ~/notes and ~/mail" "0 " "$? $(cat "$TMP/fix.err")"
cd "$TMP" || exit 2
cp -a "$H" "$TMP/home.orig"

# blocks FILE: the file's shell blocks, one record a block:
# LINE<RS>SKIP-REASON<RS>COMMAND<US>COMMAND... (RS: \036, US: \037;
# not tabs, which read would join when SKIP-REASON is empty); a `$`
# command the block shows output for is COMMAND<GS>LINE<FS>LINE... (GS:
# \035, FS: \034).
blocks() {
	awk -v US=$'\037' -v GS=$'\035' -v FS_=$'\034' '
	function flush(   i, n, cmds, prompt, c, line, shown) {
		if (nb == 0) return
		prompt = 0
		for (i = 1; i <= nb; i++) if (b[i] ~ /^\$ /) prompt = 1
		n = 0; cmds = ""
		for (i = 1; i <= nb; i++) {
			line = b[i]
			if (prompt) {
				if (line !~ /^\$ /) continue
				line = substr(line, 3); shown = ""
				for (c = i + 1; c <= nb && b[c] !~ /^\$ /; c++)
					if (b[c] != "") shown = shown FS_ b[c]
				if (shown != "") line = line GS substr(shown, 2)
			}
			if (line ~ /^[ \t]*(#|$)/ || line ~ /^[ \t]*\.\.\.[ \t]*$/) continue
			if (line ~ /^rubric-(index|search): /) continue   # a message shown
			cmds = cmds (n++ ? US : "") line
		}
		if (n) printf "%d\036%s\036%s\n", start, skip, cmds
		nb = 0
	}
	function begin() { start = NR; skip = ""
		if (last ~ /^<!-- not run: .* -->$/) { skip = last; sub(/^<!-- not run: /, "", skip); sub(/ -->$/, "", skip) }
	}
	fence {
		if ($0 ~ /^ {0,3}```/) { fence = 0; flush(); last = ""; next }
		b[++nb] = $0; next
	}
	/^ {0,3}```/ { flush(); fence = 1; begin(); next }
	indent && /^(    |\t)/ { for (i = 1; i <= blanks; i++) b[++nb] = ""; blanks = 0
		b[++nb] = substr($0, $0 ~ /^\t/ ? 2 : 5); next }
	indent && /^[ \t]*$/ { blanks++; next }
	indent { flush(); indent = 0 }
	!indent && /^(    |\t)/ && (prevblank || last ~ /^<!--/) {
		begin(); indent = 1; blanks = 0; b[++nb] = substr($0, $0 ~ /^\t/ ? 2 : 5); next }
	{ prevblank = ($0 ~ /^[ \t]*$/); if (!prevblank) last = $0 }
	END { flush() }
	BEGIN { prevblank = 1 }' "$1"
}

# note_only FILE: FILE holds nothing but rubric's notes on stderr
note_only() {
	! grep -v -E -e '^did you mean: ' \
		-e '^rubric-search: (few hits hold|nothing holds) every word of the query; ' \
		-e '^rubric-index: [0-9]+ files?: [0-9]+ added, ' \
		-e '^rubric-index: .*: compacted: [0-9.]+ MB, was [0-9.]+ MB$' "$1" | grep -q .
}

# shown_form: output lines as a doc shows them, in any order (stderr and
# stdout interleave there), without what differs from run to run: a
# summary's time and index path, a file's date.
shown_form() {
	sed -E -e 's/ in [0-9.]+ s into .*$/ in S s into DB/' \
		-e 's/"date":"[^"]*"/"date":"D"/g' | LC_ALL=C sort
}

runs=0 skips=0
for doc in README.md GUIDE.md; do
	[ -f "$TOP/$doc" ] || { not_ok "$doc is there"; continue; }
	# The README's tour is one session from a home without an index; each
	# of the guide's blocks starts from the home with both indexes.
	if [ "$doc" = README.md ]; then home=bare; else home=orig; fi
	fresh=1
	while IFS=$'\036' read -r line skip cmds; do
		IFS=$'\037' read -r -a cmd <<<"$cmds"
		if ! printf '%s\n' "${cmd[@]}" |
			grep -qE '(^|[|;&(])[[:space:]]*(rubric-index|rubric-search)([[:space:]]|$)'; then
			[ -n "$skip" ] || continue
		fi
		if [ -n "$skip" ]; then
			ok "$doc:$line: ${cmd[0]} # skip $skip"
			skips=$((skips + 1))
			continue
		fi
		if [ "$doc" = GUIDE.md ] || [ "$fresh" = 1 ]; then
			rm -rf "$H" && cp -a "$TMP/home.$home" "$H"
			fresh=0
		fi
		for c in "${cmd[@]}"; do
			shown=
			if [[ $c == *$'\035'* ]]; then shown=${c#*$'\035'}; c=${c%%$'\035'*}; fi
			(cd "$H" && timeout $((60 * SLOW)) bash -o pipefail -c "$c") \
				</dev/null >"$TMP/ex.out" 2>"$TMP/ex.err"
			rc=$?
			runs=$((runs + 1))
			if [ $rc -le 1 ] && note_only "$TMP/ex.err"; then
				ok "$doc:$line: $c"
			else
				not_ok "$doc:$line: $c" "exit $rc" "stderr: $(head -c 400 "$TMP/ex.err" | tr '\n' '|')"
			fi
			[ -n "$shown" ] || continue
			tr '\034' '\n' <<<"$shown" | shown_form >"$TMP/ex.want"
			cat "$TMP/ex.err" "$TMP/ex.out" | shown_form >"$TMP/ex.got"
			check_same "$doc:$line: $c prints what the doc shows" "$TMP/ex.want" "$TMP/ex.got"
		done
	done < <(blocks "$TOP/$doc")
done
# A parser that found nothing would pass everything: the two files hold
# far more examples than this.
check_eq "at least 30 examples run, at least 2 skipped" "1 1" \
	"$((runs >= 30)) $((skips >= 2))"
done_testing
