#!/usr/bin/env bash
# Runs the format readers over every file of a corpus (by default the
# SpamAssassin mail in corpus/related/spam-assassin) and prints the files
# per format, failures, bad text or maps, and messages whose text holds
# U+FFFD although they declare a charset.
#   tests/formats_corpus.sh [-q] [PATH...]     (BUILD=build by default)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
cd "$top"
make --no-print-directory -s BUILD="$build" format-check >&2
quiet=()
if [ "${1:-}" = -q ]; then quiet=(-q); shift; fi
if [ $# -eq 0 ]; then
	set -- corpus/related/spam-assassin
	[ -d "$1" ] || { echo "formats_corpus: $1 missing: run make corpus" >&2; exit 2; }
fi
exec "$build/format-check" "${quiet[@]}" "$@"
