# Mail attachments: a PDF, a DOCX, HTML and a text file attached are read
# by their own readers and found as MAIL//NAME, with the message's fields
# (from:, to:, subject:, date:); attachment:NAME finds the messages by an
# attachment's name.  The messages are written here (Python's email
# package, make-docs.py), so which words each part holds is known.
source "$(dirname "$0")/testlib.bash"
cd "$TMP" || exit 2
export XDG_DATA_HOME=$TMP/xdg
sanitizer_exit_codes

mkdir parts mail
make_doc pdf parts/report.pdf --title 'Quarterly' 'Page one: heliotrope figures' 'Page two: ostrich numbers'
make_doc docx parts/plan.docx 'The plan mentions marmalade'
python3 - <<'EOF'
from email.message import EmailMessage
def message(sender, to, subject, date, mid, body):
    m = EmailMessage()
    m['From'], m['To'], m['Subject'], m['Date'], m['Message-ID'] = sender, to, subject, date, mid
    m.set_content(body)
    return m
m = message('Alice <alice@example.org>', 'Bob <bob@example.org>', 'Quarter report',
            'Thu, 22 Aug 2002 12:36:18 +0000', '<q1@example.org>', 'The body says hello.\n')
m.add_attachment(open('parts/report.pdf', 'rb').read(), maintype='application',
                 subtype='pdf', filename='report.pdf')
m.add_attachment(open('parts/plan.docx', 'rb').read(), maintype='application',
                 subtype='vnd.openxmlformats-officedocument.wordprocessingml.document',
                 filename='plan.docx')
m.add_attachment('<html><head><title>Page</title></head><body><p>A pelican lands</p></body></html>',
                 subtype='html', filename='page.html')
m.add_attachment('Notes of a walrus\n', filename='notes.txt')
m.add_attachment(bytes(range(256)) * 4, maintype='image', subtype='png', filename='photo.png')
open('mail/q.eml', 'wb').write(bytes(m))
# A second message from Carol, one attachment of the same kind.
m = message('Carol <carol@example.org>', 'Dan <dan@example.org>', 'Minutes',
            'Mon, 6 Jan 2020 10:00:00 +0000', '<m2@example.org>', 'Minutes of the meeting.\n')
m.add_attachment('A pelican again, in the minutes\n', filename='minutes.txt')
open('mail/m.eml', 'wb').write(bytes(m))
EOF

"$INDEX" -d db mail >"$TMP/out" 2>"$TMP/err"
check_eq "index: exit 0, two files, no message" "0 2 files: 2 added|" \
	"$? $(grep -oE '[0-9]+ files?: [0-9]+ added' "$TMP/err")|$(grep -v -E '^rubric-index: [0-9]+ files?: ' "$TMP/err")"

check_eq "PDF attachment: page 1 of report.pdf" "mail/q.eml//report.pdf:1:1: Page one: heliotrope figures" \
	"$("$SEARCH" -d db --color=never heliotrope)"
check_eq "PDF attachment: page 2 in JSON" "mail/q.eml//report.pdf 2" \
	"$("$SEARCH" -d db --json ostrich | jq -r '[.path, .page] | map(tostring) | join(" ")')"
check_eq "DOCX attachment" "mail/q.eml//plan.docx" "$(listed_paths marmalade)"
check_eq "HTML attachment: its text, no tags" "mail/q.eml//page.html A pelican lands" \
	"$("$SEARCH" -d db --json pelican from:alice | jq -r '.path + " " + .text')"
check_eq "text attachment: its own line 1" "mail/q.eml//notes.txt:1: Notes of a walrus" \
	"$("$SEARCH" -d db --color=never walrus)"
check_eq "the body is still the message's own" "mail/q.eml:" \
	"$("$SEARCH" -d db --color=never hello | grep -oE '^[^:]*:')"
check_status "an image attached is not text: its name is no word of the text" 1 "$SEARCH" -d db photo

# The message's fields on its attachments.
check_eq "from: finds the attachments of the sender's message" "mail/q.eml//page.html" \
	"$(listed_paths pelican from:alice)"
check_eq "to: the same" "mail/m.eml//minutes.txt" "$(listed_paths pelican to:dan)"
check_eq "subject: the message's Subject" "mail/q.eml//report.pdf" "$(listed_paths heliotrope subject:quarter)"
check_eq "date: the message's Date" "mail/m.eml//minutes.txt" "$(listed_paths pelican date:2020)"
check_eq "JSON fields: the message's, with its attachments named" \
	"alice@example.org|report.pdf, plan.docx, page.html, notes.txt, photo.png|2002-08-22T12:36:18Z" \
	"$("$SEARCH" -d db --json marmalade | jq -r '(.fields.from | sub(".*<"; "") | sub(">"; "")) + "|" + .fields.attachment + "|" + .date')"

# attachment:NAME
check_eq "attachment:report.pdf: the message and its attachments" \
	"mail/q.eml mail/q.eml//notes.txt mail/q.eml//page.html mail/q.eml//plan.docx mail/q.eml//report.pdf" \
	"$(listed_paths attachment:report.pdf)"
check_eq "attachment:minutes with a body word: Carol's message" "mail/m.eml" \
	"$(listed_paths attachment:minutes meeting)"
check_eq "attachment:photo: the image's message, found by its name" "mail/q.eml" \
	"$(listed_paths attachment:photo hello)"
check_status "attachment:nothing: no message (exit 1)" 1 "$SEARCH" -d db attachment:nothing
check_eq "attachment: needs a name" 2 \
	"$("$SEARCH" -d db attachment: >/dev/null 2>&1; echo $?)"

# An mbox of two messages: each attachment has its own message's fields.
mkdir box
python3 - <<'EOF'
from email.message import EmailMessage
out = []
for sender, subject, name, words in (('erin@example.org', 'First', 'a.txt', 'An aardvark digs'),
                                     ('fred@example.org', 'Second', 'b.txt', 'A badger digs')):
    m = EmailMessage()
    m['From'], m['Subject'], m['Date'] = sender, subject, 'Mon, 6 Jan 2020 10:00:00 +0000'
    m.set_content('Body of %s.\n' % subject)
    m.add_attachment(words + '\n', filename=name)
    out.append(b'From ' + sender.encode() + b' Mon Jan  6 10:00:00 2020\n' + bytes(m) + b'\n')
open('box/list.mbox', 'wb').write(b''.join(out))
EOF
"$INDEX" -q -d dbbox box
check_eq "mbox: each message's attachment, under the mbox's name" \
	"box/list.mbox//a.txt|box/list.mbox//b.txt" \
	"$("$SEARCH" -d dbbox -l aardvark)|$("$SEARCH" -d dbbox -l badger)"
check_eq "mbox: from: and subject: are the attachment's own message's" \
	"box/list.mbox//b.txt|box/list.mbox//a.txt" \
	"$("$SEARCH" -d dbbox -l digs from:fred)|$("$SEARCH" -d dbbox -l digs subject:first)"
check_eq "mbox: attachment: finds the message holding it, not the other" \
	"Second" "$("$SEARCH" -d dbbox --json attachment:b.txt body | jq -r .title)"
python3 - <<'EOF'
from email.message import EmailMessage
m = EmailMessage()
m['From'], m['Subject'] = 'gina@example.org', 'Twice'
m.set_content('Two files of one name.\n')
m.add_attachment('The first heron\n', filename='same.txt')
m.add_attachment('The second heron\n', filename='same.txt')
open('box/twice.eml', 'wb').write(bytes(m))
EOF
"$INDEX" -q -d dbbox box
check_eq "two attachments of one name: both kept, the second as NAME (2)" \
	"box/twice.eml//same.txt:1: The first heron|box/twice.eml//same.txt (2):1: The second heron" \
	"$("$SEARCH" -d dbbox --color=never heron | LC_ALL=C sort -t: -k1,1 | paste -sd'|' -)"
# A mail attached to a mail ... 6 deep: read as deep as archives are
# opened (4 levels below the file); the 6th message is not.
mkdir chain
python3 - <<'EOF'
from email.message import EmailMessage
inner = None
for k in range(5, -1, -1):
    m = EmailMessage()
    m['From'], m['Subject'] = 'chain@example.org', 'Level %d' % k
    m.set_content('Chain level%d\n' % k)
    if inner is not None:
        m.add_attachment(inner, maintype='application', subtype='octet-stream',
                         filename='level%d.eml' % (k + 1))
    inner = bytes(m)
open('chain/top.eml', 'wb').write(inner)
EOF
"$INDEX" -q -d dbchain chain
check_eq "mail in mail: levels 0 to 4 read, the 5th attachment down not" "1 1 1 1 1 0" \
	"$(for k in 0 1 2 3 4 5; do "$SEARCH" -d dbchain -c "level$k" 2>/dev/null || true; done | paste -sd' ' -)"
check_eq "mail in mail: named by the chain of attachments" \
	"chain/top.eml//level1.eml//level2.eml" "$("$SEARCH" -d dbchain -l level2)"
check_eq "context (-C 1) of a member: its own neighbours" \
	"mail/q.eml//report.pdf-1-1- Page one: heliotrope figures|mail/q.eml//report.pdf:2:1: Page two: ostrich numbers" \
	"$("$SEARCH" -d db --color=never -C 1 ostrich | paste -sd'|' -)"

# A changed message: an attachment taken away is gone.
python3 - <<'EOF'
import email, email.policy
m = email.message_from_bytes(open('mail/q.eml', 'rb').read(), policy=email.policy.default)
parts = [p for p in m.iter_attachments() if p.get_filename() != 'notes.txt']
m.set_payload([p for p in m.get_payload() if p.get_filename() != 'notes.txt'])
open('mail/q.eml', 'wb').write(bytes(m))
EOF
"$INDEX" -d db mail 2>/dev/null
check_status "changed message: the attachment removed is gone (exit 1)" 1 "$SEARCH" -d db walrus
check_eq "changed message: the others stay" "mail/q.eml//plan.docx" "$(listed_paths marmalade)"
done_testing
