# Each program's options are named alike in its --help, its man page and
# the option tables of the docs (README.md, GUIDE.md: whichever holds the
# table that follows the program's synopsis), so that an option added to
# one place only fails here.  And the input formats --format takes:
# rubric-index --help lists them from lib/formats/formats.def; the man page
# and the option tables must list the same.
source "$(dirname "$0")/testlib.bash"
cd "$TOP" || exit 2

# The -x and --name words of text on stdin (values and fonts left out).
option_words() { grep -oE -- '(^|[^-[:alnum:]])--?[[:alnum:]][-[:alnum:]]*' |
	sed -E 's/^[^-]//' | sort -u; }

# --help's option lines: "  -d, --db DB   the index", "      --json ...".
help_options() {
	"$1" --help | grep -E '^  -[^-]|^      --' | sed -E 's/^ +//; s/  .*//' | option_words
}

# The man page's OPTIONS section: the tag line after each .TP.
man_options() {
	sed -n '/^\.SH OPTIONS/,/^\.SH [^O]/p' "$1" |
		awk '/^\.TP/ { tag = 1; next } tag { print; tag = 0 }' |
		sed -E 's/\\-/-/g; s/\\f[BIRP]//g' | option_words
}

# The rows of the option table of rubric-$2 (index or search) in the doc
# $1: the table "| option | meaning |" after the line "    rubric-$2 ...".
table_rows() {
	awk -v prog="    rubric-$2" '
		index($0, prog) == 1 { want = 1; next }
		want && /^\| option \| meaning \|/ { inside = 1; next }
		inside && /^\|/ { print; next }
		inside { exit }' "$1"
}
# The options their first cells name (an escaped \| is no cell's end).
table_options() {
	table_rows "$1" "$2" | sed -E 's/\\\|/ /g' | cut -d'|' -f2 | option_words
}

# Lines only one side has: "help-only: --x" / "man-only: --y".
differ() { # NAME_A WORDS_A NAME_B WORDS_B
	comm -3 <(echo "$2") <(echo "$4") | sed -E "s/^\t/$3-only: /; t; s/^/$1-only: /" |
		paste -sd' ' -
}

for prog in index search; do
	bin=$RUBRIC_BIN/rubric-$prog
	man=$([ $prog = index ] && echo indexer || echo search)/rubric-$prog.1
	help=$(help_options "$bin")
	check_eq "rubric-$prog --help lists options" yes \
		"$([ "$(wc -l <<<"$help")" -gt 10 ] && echo yes)"
	check_eq "rubric-$prog: --help and $man name the same options" "" \
		"$(differ help "$help" man "$(man_options "$man")")"
	tables=0
	for doc in README.md GUIDE.md; do
		[ -f "$doc" ] && [ -n "$(table_rows "$doc" "$prog")" ] || continue
		tables=$((tables + 1))
		check_eq "rubric-$prog: --help and $doc's option table name the same options" "" \
			"$(differ help "$help" table "$(table_options "$doc" "$prog")")"
	done
	check_eq "rubric-$prog: an option table in README.md or GUIDE.md" yes \
		"$([ "$tables" -gt 0 ] && echo yes)"
done

# --format's formats, one a line.
help_formats() {
	"$INDEX" --help | sed -n '/--format/,/(default/p' | tr '\n' ' ' |
		sed -E 's/.*read every file as //; s/ *\(default.*//; s/,? or /, /' | tr -s ', ' '\n' |
		sort
}
man_formats() {
	sed -n '/^\.SH OPTIONS/,/^\.SH [^O]/p' indexer/rubric-index.1 |
		sed -n '/^\.BR \\-\\-format /,/^\.TP/p' | grep -oE '\\fB[a-z]+\\fR' |
		sed -E 's/\\f[BR]//g' | sort
}
table_formats() { # DOC
	table_rows "$1" index | grep -F '`--format' | cut -d'|' -f3 |
		sed -E 's/\(default.*//' | grep -oE '`[a-z]+`' | tr -d '`' | sort
}
formats=$(help_formats)
check_eq "rubric-index --help lists the formats" yes \
	"$([ "$(wc -l <<<"$formats")" -ge 12 ] && echo yes)"
check_eq "--format: --help and rubric-index.1 list the same formats" "" \
	"$(differ help "$formats" man "$(man_formats)")"
for doc in README.md GUIDE.md; do
	[ -f "$doc" ] && [ -n "$(table_rows "$doc" index)" ] || continue
	check_eq "--format: --help and $doc's option table list the same formats" "" \
		"$(differ help "$formats" table "$(table_formats "$doc")")"
done

done_testing
