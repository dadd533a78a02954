# Later passages: since record version 8 (schema 5) a file's path, title,
# mail fields, language and date are stored on its passage 1 only, and a
# hit on a later passage reads them from there.  Each hit still shows its
# own file's, whatever its passage: a text's third paragraph, an mbox's
# later message (its own title and From), an archive's member
# (ARCHIVE//MEMBER) and a mail's attachment (MAIL//NAME); after the file's
# title changes, after it shrinks and grows, after it is removed and its
# root forgotten; over 3 local shards as over one index.  The files are
# written here: which paragraph holds which word, and so which passage,
# is known before the search.  Every paragraph below is its own passage.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
sanitizer_exit_codes
command -v zip >/dev/null || { echo "1..0 # SKIP zip missing (make deps)"; exit 0; }

# hit DB QUERY: the first hit as "PATH TITLE PASSAGE".
hit() {
	"$SEARCH" -d "$1" --json -n 1 -- "$2" 2>/dev/null |
		jq -r 'select(.type == "hit") | [.path, .title, .passage] | map(tostring) | join(" ")'
}
count() { "$SEARCH" -d "$1" -c -- "$2" 2>/dev/null; }

mkdir -p t/a m
printf 'Heron notes\n\nThe pond is quiet at dawn\n\nA heron waits by the weir\n' >t/notes.txt
{
	echo 'From alice@example.org Thu Aug 22 12:36:18 2002'
	printf 'From: Alice <alice@example.org>\nSubject: Kite festival\n\n'
	printf 'The kite festival needs volunteers.\n\nBring string and tape.\n\n'
	echo 'From erin@example.com Fri Mar 15 18:00:00 2002'
	printf 'From: Erin <erin@example.com>\nSubject: Boat race\n\n'
	printf 'The boat race starts at noon.\n\nThe rowers meet at the jetty.\n'
} >t/box.mbox
printf 'Otter log\n\nThe river is high\n\nAn otter swims past the mill\n' >m/log.txt
(cd m && zip -q ../t/a/logs.zip log.txt)
python3 - <<'EOF'
from email.message import EmailMessage
m = EmailMessage()
m['From'], m['To'], m['Subject'] = 'Tess <tess@example.org>', 'Bob <bob@example.org>', 'Pond survey'
m['Date'] = 'Thu, 22 Aug 2002 12:36:18 +0000'
m.set_content('The survey is attached.\n\nA pelican was counted too.\n')
m.add_attachment('Newt count\n\nUnder the stones\n\nSeven newts and a toad\n', filename='count.txt')
open('t/survey.eml', 'wb').write(bytes(m))
EOF
"$INDEX" -q -d db t 2>"$TMP/err"
check_eq "index: exit 0, no message" "0|" "$?|$(cat "$TMP/err")"

check_eq "a text's third passage: its file's path and title" "t/notes.txt Heron notes 3" "$(hit db weir)"
check_eq "title: holds on every passage of the file" 3 "$(count db title:heron)"
check_eq "title: with a word of the third passage" 1 "$(count db 'title:heron weir')"
check_eq "path: with a word of the third passage" 1 "$(count db 'path:notes weir')"
check_eq "an mbox's second passage: the first message's title" "t/box.mbox Kite festival 2" \
	"$(hit db tape)"
check_eq "an mbox's later message, its second passage: its own title" "t/box.mbox Boat race 4" \
	"$(hit db jetty)"
check_eq "from: of the later message's passages, not the first's" "2 0" \
	"$(count db 'from:erin') $(count db 'from:erin tape')"
check_eq "an archive member's third passage: ARCHIVE//MEMBER and its title" \
	"t/a/logs.zip//log.txt Otter log 3" "$(hit db mill)"
check_eq "a mail's second passage: its subject" "t/survey.eml Pond survey 2" "$(hit db pelican)"
att=$(hit db toad)
check_eq "an attachment's third passage: MAIL//NAME, passage 3" "t/survey.eml//count.txt 3" \
	"${att%% *} ${att##* }"
check_eq "an attachment's third passage: the title of its passage 1" "$(hit db newt)" \
	"${att% *} 1"
check_eq "from: finds the attachment's third passage (the message's From)" 1 \
	"$(count db 'from:tess toad')"
check_eq "language and date: a later passage's as its file's" \
	"$("$SEARCH" -d db --json heron | jq -r 'select(.type == "hit") | [.lang, .date] | @tsv' | sort -u)" \
	"$("$SEARCH" -d db --json 'weir OR pond' | jq -r 'select(.type == "hit") | [.lang, .date] | @tsv' | sort -u)"

# Over 3 shards: the same hits, paths and titles as one index.
"$INDEX" -q --shards 3 -d sh t 2>/dev/null
view() {
	for q in weir tape jetty mill pelican toad title:heron 'from:erin' 'path:logs otter'; do
		"$SEARCH" -d "$1" --json -n 20 -- "$q" 2>/dev/null |
			jq -r 'select(.type == "hit") | [.path, .title, .passage, .line] | map(tostring) | join(" ")' |
			LC_ALL=C sort
	done
}
check_eq "3 shards: the same paths, titles and passages as one index" "$(view db)" "$(view sh)"

# The file's title changes: its later passages show the new one.
printf 'Egret notes\n\nThe pond is quiet at dawn\n\nA heron waits by the weir\n' >t/notes.txt
"$INDEX" -q -d db t 2>/dev/null
check_eq "title changed: the third passage shows the new title" "t/notes.txt Egret notes 3" \
	"$(hit db weir)"
check_eq "title changed: title: finds the new word on every passage, not the old" "3 0" \
	"$(count db title:egret) $(count db title:heron)"
# It shrinks to one passage, then grows to three again.
printf 'Egret only\n' >t/notes.txt
"$INDEX" -q -d db t 2>/dev/null
check_eq "shrunk to one passage: title: finds one, the old words none" "1 0" \
	"$(count db title:egret) $(count db weir)"
printf 'Crane notes\n\nThe marsh is loud\n\nA crane stands by the weir\n' >t/notes.txt
"$INDEX" -q -d db t 2>/dev/null
check_eq "grown again: the third passage shows the new title" "t/notes.txt Crane notes 3" \
	"$(hit db weir)"
# The archive's member changes title; the mail's attachment goes.
printf 'Beaver log\n\nThe river is high\n\nA beaver swims past the mill\n' >m/log.txt
rm t/a/logs.zip && (cd m && zip -q ../t/a/logs.zip log.txt)
python3 - <<'EOF'
from email.message import EmailMessage
m = EmailMessage()
m['From'], m['To'], m['Subject'] = 'Tess <tess@example.org>', 'Bob <bob@example.org>', 'Pond survey'
m['Date'] = 'Thu, 22 Aug 2002 12:36:18 +0000'
m.set_content('The survey is attached.\n\nA pelican was counted too.\n')
open('t/survey.eml', 'wb').write(bytes(m))
EOF
"$INDEX" -q -d db t 2>/dev/null
check_eq "member replaced: its third passage shows the new title" \
	"t/a/logs.zip//log.txt Beaver log 3" "$(hit db mill)"
check_eq "attachment gone: none of its passages is found" "0 0" \
	"$(count db toad) $(count db newt)"
check_eq "the mail's second passage still its subject" "t/survey.eml Pond survey 2" \
	"$(hit db pelican)"
# Removed, then the root forgotten.
rm t/a/logs.zip
"$INDEX" -q -d db t 2>/dev/null
check_eq "archive removed: its member's passages gone" 0 "$(count db mill)"
"$INDEX" -q -d db --forget t 2>/dev/null
check_eq "root forgotten: no passage of it left" "0 0" "$(count db weir) $(count db jetty)"

done_testing
