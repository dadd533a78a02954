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

# Each shell loads its script as it would from its completion folder:
# fish completes from it, zsh's compinit registers it for the program.
if command -v fish >/dev/null; then
	fish -c "source rubric-search.fish; complete -C 'rubric-search --form'; complete -C 'rubric-search --format '" \
		>fish.out 2>"$TMP/err"
	check_eq "fish: loads rubric-search.fish; --form -> --format; --format -> the four formats" \
		"--format json text trec tsv " "$(cut -f1 fish.out | LC_ALL=C sort | paste -sd' ' -) $(cat "$TMP/err")"
	fish -c "source rubric-index.fish; complete -C 'rubric-index --format p'" >fish.out 2>"$TMP/err"
	check_eq "fish: loads rubric-index.fish; --format p -> pdf pptx" "pdf pptx " \
		"$(cut -f1 fish.out | LC_ALL=C sort | paste -sd' ' -) $(cat "$TMP/err")"
else
	ok "fish loads the scripts # SKIP fish is not installed (make deps installs it)"
fi
if command -v zsh >/dev/null; then
	mkdir -p zfunc && cp rubric-index.zsh zfunc/_rubric-index && cp rubric-search.zsh zfunc/_rubric-search
	for p in rubric-index rubric-search; do
		zsh -n "zfunc/_$p" 2>"$TMP/err"
		check_eq "zsh -n accepts _$p" "0 " "$? $(cat "$TMP/err")"
	done
	got=$(zsh -fc 'fpath=(zfunc $fpath); autoload -U compinit; compinit -u -D
		print -r -- ${_comps[rubric-index]} ${_comps[rubric-search]}' 2>&1)
	check_eq "zsh: compinit registers both from the completion folder" \
		"_rubric-index _rubric-search" "$got"
else
	ok "zsh loads the scripts # SKIP zsh is not installed (make deps installs it)"
fi
for p in rubric-index rubric-search; do
	bash -n "$p.bash" 2>"$TMP/err"
	check_eq "$p: bash -n accepts the script" "0 " "$? $(cat "$TMP/err")"
done
done_testing
