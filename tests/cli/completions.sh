# Shell completion (build-aux/completions, make completions): generated from
# the programs, it offers their options and each option's values as the man
# pages list them.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
GEN=$RUBRIC_TOP/build-aux/completions
for p in rubric-index rubric-search; do
	for sh in bash zsh fish; do
		"$GEN" "$RUBRIC_BIN/$p" "$sh" >"$p.$sh" 2>"$p.$sh.err"
		check_eq "$p, $sh: generated, nothing on stderr" "0 " "$? $(cat "$p.$sh.err")"
	done
done
touch idxfile

# comp PROGRAM WORD...: what bash offers for the last word (sorted, one
# line), with the generated script loaded as bash-completion would.
comp() {
	bash -c '
		source "$1.bash"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		fn=_${1//-/_}
		"$fn"
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd" " -
	' _ "$1" "$@"
}

# Each row: the words typed (the last one being completed; '' for an empty
# one), what bash offers.  The values are the man pages' lists.
while IFS=$'\t' read -r typed want; do
	case $typed in '#'* | '') continue ;; esac
	eval "words=($typed)"
	check_eq "bash: $typed -> $want" "$want" "$(comp "${words[@]}")"
done <<'EOF'
rubric-search --form	--format
rubric-search --format ''	json text trec tsv
rubric-search --sort n	newest
rubric-search --color ''	always auto never
rubric-search --no-	--no-partial
rubric-search -d idx	idxfile
rubric-index --format p	pdf pptx
rubric-index --for	--forget --format
rubric-index --lang spa	spanish
rubric-index --files-from idx	idxfile
EOF

# Every option --help names is in each shell's script: completion follows
# the option table with nothing written twice.
for p in rubric-index rubric-search; do
	opts=$("$RUBRIC_BIN/$p" --help | grep -oE '^ {2,6}(-[A-Za-z0-9], )?--[a-z0-9-]+' |
		grep -oE -- '--[a-z0-9-]+$' | sort -u)
	for sh in bash zsh fish; do
		if [ "$sh" = fish ]; then
			missing=$(for o in $opts; do grep -q -- "-l ${o#--}\\b" "$p.$sh" || echo "$o"; done)
		else
			missing=$(for o in $opts; do grep -q -- "$o\\b" "$p.$sh" || echo "$o"; done)
		fi
		check_eq "$p, $sh: every option of --help ($(wc -w <<<"$opts"))" "" "$missing"
	done
done

# The scripts parse in their shells, where the shells are installed.
for sh in zsh fish; do
	if command -v "$sh" >/dev/null; then
		for p in rubric-index rubric-search; do
			"$sh" -n "$p.$sh" 2>"$TMP/err"
			check_eq "$p: $sh -n accepts the script" "0 " "$? $(cat "$TMP/err")"
		done
	else
		ok "$sh -n # SKIP $sh is not installed"
	fi
done
for p in rubric-index rubric-search; do
	bash -n "$p.bash" 2>"$TMP/err"
	check_eq "$p: bash -n accepts the script" "0 " "$? $(cat "$TMP/err")"
done
done_testing
