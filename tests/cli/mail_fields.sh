# Mail searched by its headers and dates: from:, to: (To and Cc),
# subject:, id:, date: ranges as notmuch users write them, and --sort.
# The messages are written here; each row of the table below says which
# files a query must find, worked out from the headers written.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export TZ=UTC # date: reads dates in local time; one check below changes it

mkdir -p m
mail() { # FILE FROM TO CC SUBJECT DATE ID BODY (empty: header left out)
	{
		echo "From: $2"
		[ -n "$3" ] && echo "To: $3"
		[ -n "$4" ] && echo "Cc: $4"
		echo "Subject: $5"
		[ -n "$6" ] && echo "Date: $6"
		[ -n "$7" ] && echo "Message-ID: <$7>"
		echo
		echo "$8"
	} >"m/$1"
}
mail a.eml 'Alice Martin <alice@example.org>' 'Bob Stone <bob@example.com>' \
	'Carol King <carol@example.net>' 'Budget for the lighthouse' \
	'Thu, 22 Aug 2002 12:36:18 +0100' 'abc.123@example.org' \
	'The lighthouse needs a new lantern before winter.'
mail b.eml 'Bob Stone <bob@example.com>' 'Alice Martin <alice@example.org>' '' \
	'Re: Budget for the lighthouse' 'Mon, 02 Sep 2002 09:00:00 +0000' \
	'def.456@example.com' 'Alice, the lantern can wait until spring. Ask carol.'
# 02:00 UTC on September 1st is still August 31st five hours west.
mail c.eml '"Dave Martin" <dave@example.org>' 'alice@example.org' '' \
	'Harbour dues' 'Sun, 01 Sep 2002 02:00:00 +0000' 'ghi.789@example.org' \
	'The harbour master asks for the lantern money.'
mail d.eml 'Erin Moss <erin@example.com>' 'Bob Stone <bob@example.com>' '' \
	'Spring fair' 'Fri, 15 Mar 2002 18:00:00 +0000' 'jkl.000@example.com' \
	'Stalls for the spring fair, lantern parade at dusk.'
# No Date header: the file's modification time is its date.
mail e.eml 'Frank Hale <frank@example.com>' 'Erin Moss <erin@example.com>' '' \
	'Parade route' '' 'mno.111@example.com' 'The lantern parade goes by the harbour.'
touch -d '2003-01-10 12:00:00 UTC' m/e.eml
printf 'A note on the lantern, from alice to bob.\n' >note.txt
touch -d '2001-05-05 10:00:00 UTC' note.txt
"$INDEX" -q -d db m note.txt 2>"$TMP/ierr" || cat "$TMP/ierr"

# files QUERY...: the files found (-l), sorted, space-separated.
files() { "$SEARCH" -d db -l -- "$@" 2>/dev/null | sed 's|^m/||' | sort | paste -sd' ' -; }

while IFS=$'\t' read -r query want; do
	case $query in '#'* | '') continue ;; esac
	read -r -a words <<<"$query"
	check_eq "$query" "$want" "$(files "${words[@]}")"
done <<'EOF'
# query	files it finds (from the headers above)
from:alice	a.eml
from:ALICE	a.eml
from:alice@example.org	a.eml
from:"alice martin"	a.eml
from:martin	a.eml c.eml
# (not "martin alice": Alice Martin's address follows her name, so
# "martin alice" are adjacent words of her From)
from:"martin erin"	
from:ali*	a.eml
from:carol	
to:carol	a.eml
to:alice	b.eml c.eml
to:bob	a.eml d.eml
to:bob@example.com	a.eml d.eml
to:erin	e.eml
subject:budget	a.eml b.eml
title:budget	a.eml b.eml
subject:harbour	c.eml
id:abc.123@example.org	a.eml
id:<def.456@example.com>	b.eml
id:def.456	
date:2002	a.eml b.eml c.eml d.eml
date:2002-08	a.eml
date:2002-08-22	a.eml
date:2002-08-23	
date:2002-08-01..2002-08-31	a.eml
date:2002-08-01..2002-09-01	a.eml c.eml
date:..2002-08-15	d.eml note.txt
date:2002-09..	b.eml c.eml e.eml
date:2003	e.eml
date:2001-05	note.txt
lantern from:alice	a.eml
lantern -from:bob	a.eml c.eml d.eml e.eml note.txt
from:bob OR from:erin	b.eml d.eml
alice -from:alice	b.eml note.txt
carol	b.eml
parade date:2002	d.eml
harbour to:alice	c.eml
from:frank OR date:2002-08	a.eml e.eml
lantern -date:2002	e.eml note.txt
lantern NOT (from:alice OR to:alice)	d.eml e.eml note.txt
EOF

# Five hours west, 2002-09-01 02:00 UTC falls on August 31st.
check_eq "date: reads dates in local time (TZ=EST+5: c.eml is in August)" \
	"a.eml c.eml" "$(TZ=EST+5 files date:2002-08)"

# --sort: dates from the headers (e.eml, note.txt: their mtimes).
sorted() { "$SEARCH" -d db "$@" 2>/dev/null | sed -E 's|^m/||; s|:.*||' | paste -sd' ' -; }
check_eq "--sort newest: newest first" "e.eml b.eml c.eml a.eml d.eml note.txt" \
	"$(sorted --sort newest lantern)"
check_eq "--sort oldest: oldest first" "note.txt d.eml a.eml c.eml b.eml e.eml" \
	"$(sorted --sort oldest lantern)"
check_eq "--sort newest -n 2: the two newest, not the two best" "e.eml b.eml" \
	"$(sorted --sort newest -n 2 lantern)"
check_eq "--sort newest -l: files newest first" "e.eml b.eml c.eml a.eml d.eml note.txt" \
	"$(sorted --sort newest -l lantern)"
check_eq "--sort newest with a field" "b.eml c.eml" "$(sorted --sort newest lantern to:alice)"
check_eq "--sort score is the default" "$(sorted lantern)" "$(sorted --sort score lantern)"
check_status "--sort with another word exits 2" 2 "$SEARCH" -d db --sort size lantern
grep -q -- "--sort wants score, newest or oldest" "$TMP/err" &&
	ok "--sort with another word says what it wants" ||
	not_ok "--sort with another word says what it wants" "$(cat "$TMP/err")"

# JSON: every hit has its date (UTC); a mail's fields add cc and id.
json=$("$SEARCH" -d db --json id:abc.123@example.org)
check_eq "JSON hit: the mail's date in UTC" '"2002-08-22T11:36:18Z"' "$(jq -c .date <<<"$json")"
check_eq "JSON hit: Cc and Message-ID among the fields" \
	'["carol@example.net","abc.123@example.org"]' \
	"$(jq -c '[.fields.cc | capture("<(?<a>[^>]*)>").a] + [.fields.id]' <<<"$json")"
check_eq "JSON hit of a text file: its mtime" '"2001-05-05T10:00:00Z"' \
	"$("$SEARCH" -d db --json note | jq -c .date)"

# Errors name the field and the column.
for bad in date:2002-13 date:2002-02-30 date:yesterday date:2003..2002 date:.. 'id:<>'; do
	check_status "$bad: exit 2" 2 "$SEARCH" -d db "$bad"
done
"$SEARCH" -d db date:2002-13 2>&1 >/dev/null | grep -q 'date: "2002-13" is not a date.* at column 6' &&
	ok "a bad date: the message quotes it, with its column" ||
	not_ok "a bad date: the message quotes it, with its column" \
		"$("$SEARCH" -d db date:2002-13 2>&1)"
check_status "date: with nothing after it exits 2" 2 "$SEARCH" -d db date:

# An mbox holds several messages: each passage has its own message's
# headers (not the first message's), so fields, dates and titles are the
# message's.  Lines are where each body line is in the file.
mkdir -p box
{
	echo 'From alice@example.org Thu Aug 22 12:36:18 2002'
	mail k1 'Alice Martin <alice@example.org>' 'Bob Stone <bob@example.com>' '' \
		'Kite festival' 'Thu, 22 Aug 2002 12:36:18 +0100' 'k1@example.org' \
		'The kite festival needs volunteers.'
	cat m/k1
	echo
	echo 'From erin@example.com Fri Mar 15 18:00:00 2002'
	mail k2 'Erin Moss <erin@example.com>' 'Frank Hale <frank@example.com>' '' \
		'Boat race' 'Fri, 15 Mar 2002 18:00:00 +0000' 'k2@example.com' \
		'The boat race starts at noon, kite flying after.'
	cat m/k2
	echo
	echo 'From frank@example.com Mon Sep 02 09:00:00 2002'
	mail k3 'Frank Hale <frank@example.com>' 'Alice Martin <alice@example.org>' '' \
		'Re: Kite festival' '' 'k3@example.com' 'I can bring three kites.'
	cat m/k3
} >box/festival.mbox
rm m/k1 m/k2 m/k3
touch -d '2003-01-10 12:00:00 UTC' box/festival.mbox   # the third's date
"$INDEX" -q -d boxdb box 2>"$TMP/ierr" || cat "$TMP/ierr"
line_of() { grep -n -F "$1" box/festival.mbox | cut -d: -f1; }
L1=$(line_of 'needs volunteers') L2=$(line_of 'boat race starts') L3=$(line_of 'three kites')
# lines QUERY...: the hits' lines, in order.
lines() { "$SEARCH" -d boxdb "$@" 2>/dev/null | sed -E 's|^[^:]*:([0-9]+):.*|\1|' | paste -sd' ' -; }
check_eq "mbox: kite in all three messages" "3" "$("$SEARCH" -d boxdb -c kite)"
check_eq "mbox: kite from:erin, the second message" "$L2" "$(lines kite from:erin)"
check_eq "mbox: from:frank, the third" "$L3" "$(lines from:frank)"
check_eq "mbox: to:frank, the second" "$L2" "$(lines to:frank)"
check_eq "mbox: to:alice, the third" "$L3" "$(lines to:alice)"
check_eq "mbox: subject:boat, the second" "$L2" "$(lines subject:boat)"
check_eq "mbox: id:k3@example.com, the third" "$L3" "$(lines id:k3@example.com)"
check_eq "mbox: date:2002-08, the first" "$L1" "$(lines date:2002-08)"
check_eq "mbox: date:2003, the third (no Date: the file's mtime)" "$L3" "$(lines date:2003)"
check_eq "mbox: --sort newest kite, by each message's date" "$L3 $L1 $L2" \
	"$(lines --sort newest kite)"
json=$("$SEARCH" -d boxdb --json boat)
check_eq "mbox JSON: the second message's title" '"Boat race"' "$(jq -c .title <<<"$json")"
check_eq "mbox JSON: the second message's From and date" \
	'["Erin Moss <erin@example.com>","2002-03-15T18:00:00Z"]' \
	"$(jq -c '[.fields.from, .date]' <<<"$json")"
check_eq "mbox JSON: the third message's title" '"Re: Kite festival"' \
	"$("$SEARCH" -d boxdb --json three | jq -c .title)"
done_testing
