#!/usr/bin/env bash
# lang-recall: on the related corpus's fortunes, whether short documents
# are stemmed in their own language (issue 13): `muerto` must find 95% of
# the files saying muerte, muerto, muertos or muerta, `kinder` 90% of those
# saying Kind, Kinder or Kindes (whole words, as grep -w finds them).
#   tests/tools/lang-recall.sh BUILD ROOT     (make lang-accuracy runs it)
# Exits 0 when both hold, 1 when one does not, 2 on errors.
set -u
bin=${1:?usage: lang-recall.sh BUILD ROOT}
root=${2:?usage: lang-recall.sh BUILD ROOT}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lang-recall.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
dirs=("$root/fortunes-en" "$root/fortunes-es" "$root/fortunes-de")
for d in "${dirs[@]}"; do
	[ -d "$d" ] || { echo "lang-recall: $d: missing (make corpus?)" >&2; exit 2; }
done
"$bin/rubric-index" -q -d "$tmp/idx" "${dirs[@]}" || exit 2
status=0
# recall QUERY GOAL GREP-ARGS...
recall() {
	local q=$1 goal=$2
	shift 2
	grep -rl "$@" "${dirs[@]}" | xargs -r realpath | sort >"$tmp/want"
	"$bin/rubric-search" -d "$tmp/idx" -l -n 1000000 "$q" | xargs -r realpath | sort >"$tmp/got"
	local want found
	want=$(wc -l <"$tmp/want")
	found=$(comm -12 "$tmp/want" "$tmp/got" | wc -l)
	awk -v q="$q" -v f="$found" -v w="$want" -v g="$goal" 'BEGIN {
		r = w ? 100 * f / w : 0
		printf "%-8s finds %d of the %d files (%.1f%%, goal %d%%)\n", q, f, w, r, g
		exit !(w && r >= g) }' || status=1
}
recall muerto 95 -iwE 'muerte|muerto|muertos|muerta'
recall kinder 90 -wE 'Kind|Kinder|Kindes'
exit $status
