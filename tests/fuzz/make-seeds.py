#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/seeds/<target>/ from the project's
own inputs: the article cut into pieces, invalid UTF-8 samples and queries,
and small documents from tests/tools/make-docs.py.
Run from anywhere; rerunning rewrites the same files."""
import gzip
import importlib.util
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
ARTICLE = os.path.join(TOP, "corpus", "article", "florence-cassez.txt")

# Language selectors: byte % 30 indexes sb_stemmer_list() plus "none"
# (6 english, 8 french, 9 german, 24 spanish, 22 russian, 27 turkish,
# 29 none).
LANGS = [6, 8, 9, 24, 22, 27, 29]

INVALID = [
    b"\xff\xfe broken \xc3 start",                 # bad lead, cut sequence
    b"caf\xc3\xa9 \xe2\x80 half \xf0\x9f\x98",     # truncated 3/4-byte
    b"over\xc0\xaflong \xed\xa0\x80surrogate",     # overlong, surrogate
    b"nul\x00inside word\x00s",
    b"\x80\x80\x80 continuation only \xbf",
    b"\xf4\x90\x80\x80 above U+10FFFF",
]
EXTRA = [
    "11-year-old Élysée ÉLYSÉE elysee don't don\u2019t rock'n'roll",
    "日本語のテキストと漢字 カタカナ ひらがな",
    "Ａｒｔ ﬁne ǅ ß straße ΣΊΣΥΦΟΣ İstanbul",
    "e\u0301te\u0301 a\u0308\u0308 \u200b zero\u200dwidth",
    "x" * 300 + " " + "é" * 130 + " tail",
]
MBOX = [  # three messages: a Date, a multipart one, an empty body
    b"From a@b Thu Aug 22 12:36:23 2002\nFrom: A <a@b>\nTo: c@d\nSubject: one\n"
    b"Date: Thu, 22 Aug 2002 12:36:23 +0100\nMessage-ID: <1@b>\n\nbody one\n\n",
    b"From c@d Fri Aug 23 10:00:00 2002\nFrom: c@d\nSubject: =?utf-8?q?caf=C3=A9?=\n"
    b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n--XX\n"
    b"Content-Type: text/plain; charset=latin1\n\nna\xefve\n--XX\n"
    b"Content-Type: text/html\n\n<p>two</p>\n--XX--\n\n",
    b"From e@f Sat Aug 24 10:00:00 2002\nFrom: e@f\nSubject: empty\n\n\n",
]
MARKDOWN = [
    "---\ntitle: T\n---\n# Head *em* [link][ref]\n\n[ref]: /u 'x'\n",
    "> quote\nlazy\n> > nested\n\n- [ ] task\n  - item `code\nspan`\n",
    "| a | b |\n|---|:-:|\n| c \\| d | ~~e~~ |\n",
    "```ruby\ncode\n```\n\n    indented\n\n<div>\n*html*\n</div>\n",
    "foo\\\nbar  \nbaz &ouml; &#x1F600; \\* <http://a.b> ![alt *x*](i.png)\n",
]
QUERIES = [
    'kidnap "supreme court" Élysée 11-year-old',
    "kidnap",
    '"supreme court"',
    "Élysée",
    "cassez voice",
    '"florence cassez" mexico -netflix',
    '"unclosed phrase runs to the end',
    '""',
    "   \t\n ",
    "'' -- ... \"\" ' \"",
    "don't 日本語 ELYSEE",
    "kidnapping kidnapped kidnappers KIDNAPS",
    "cassez OR kidnap AND NOT mexico",
    "(court OR élysée) -\"supreme court\" kidnap*",
    "florence NEAR/3 cassez NEAR kidnapping",
    "title:cassez path:article title:\"florence cassez\" path:(fuzz OR txt)",
    "((unbalanced OR ) AND ( NOT",
    "foo:bar title: path:() NEAR/0 OR OR -",
    "the of and a",
    "k* e* * ** 11-*",
]


def write(target, name, data):
    d = os.path.join(HERE, "seeds", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def record(passage, line, start, end, path, title, text):
    b = bytes([1]) + varint(passage) + varint(line) + varint(start) + varint(end)
    for s in (path, title, text):
        b += varint(len(s)) + s
    return b


def main():
    art = open(ARTICLE, "rb").read()
    paras = art.split(b"\n\n")
    # pieces: single paragraphs, pairs, the first 1 KiB, the whole article
    pieces = [p for p in paras[:8]]
    pieces += [b"\n\n".join(paras[i:i + 2]) for i in range(8, len(paras), 3)]
    pieces += [art[:1024], art]
    for i, p in enumerate(pieces):
        lang = LANGS[i % len(LANGS)]
        write("analyze", "article-%02d" % i, bytes([lang]) + p)
        write("passage", "article-%02d" % i, bytes([lang, (i * 7) % 120]) + p)
    for i, b in enumerate(INVALID):
        write("analyze", "invalid-%02d" % i, bytes([6]) + b)
        write("passage", "invalid-%02d" % i, bytes([6, 3]) + b + b"\n\n" + b)
        write("record", "invalid-%02d" % i, b)
    for i, s in enumerate(EXTRA):
        b = s.encode()
        write("analyze", "extra-%02d" % i, bytes([LANGS[i % len(LANGS)]]) + b)
        write("passage", "extra-%02d" % i, bytes([29, 2]) + b + b". " + b)
    write("passage", "sentences", bytes([6, 3]) +
          b"One two three. Four five six! Seven eight nine? Ten.\r\n\r\n"
          b"  \n\t\nlast   paragraph  \n")

    # highlight: lang, phrase picks, query NUL text
    hl = [
        (b'kidnap|"supreme court"|\xc3\x89lys\xc3\xa9e|11-year-old', 2),
        (b"cassez|netflix documentary|florence cassez affair", 0),
        (b"mexico|\"true crime\"", 5),
    ]
    for i, (q, p) in enumerate(hl):
        write("highlight", "article-%02d" % i,
              bytes([6, i * 3, 4]) + q + b"\x00" + paras[p])
    write("highlight", "invalid", bytes([6, 0, 2]) + b"broken|caf\xc3\xa9 \xe2\x80"
          + b"\x00" + INVALID[1] + b" " + INVALID[0])
    write("highlight", "cjk", bytes([29, 1, 3]) + "テキスト|漢字".encode()
          + b"\x00" + EXTRA[1].encode())

    # record: valid records, and what the fuzzer cuts from them
    for i, p in enumerate(paras[:6]):
        write("record", "record-%02d" % i,
              record(i + 1, 2 * i + 1, art.find(p), art.find(p) + len(p),
                     ARTICLE.encode(), paras[0], p))
    write("record", "record-big-numbers",
          record(2**32 - 1, 2**31, 2**64 - 1, 2**63, b"/a", b"", b""))
    write("record", "empty", b"")
    write("record", "version-only", b"\x01")
    write("record", "built", bytes(range(28)) + b"/path/to/file.txt title text")

    documents()

    for i, q in enumerate(QUERIES):
        write("query", "query-%02d" % i, q.encode())
    write("query", "invalid-utf8", b'caf\xc3 "\xff\xfe court" \xed\xa0\x80')


def documents():
    """pdf: PDFs as they are; epub and office: a first byte (even: an
    archive as it is, odd: NUL-separated parts the target zips), then the
    bytes (see fuzz_epub.c, fuzz_office.c)."""
    spec = importlib.util.spec_from_file_location(
        "make_docs", os.path.join(TOP, "tests", "tools", "make-docs.py"))
    md = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(md)
    write("pdf", "two-pages", md.pdf(["Otters are playful|They live by rivers",
                                      "A zeppelin (flies) over \\ here"], "Otters"))
    write("pdf", "untitled", md.pdf(["Minutes of the meeting"]))
    write("pdf", "encrypted", md.pdf(["secret"], encrypt=True))
    write("pdf", "broken", md.pdf_broken())

    write("epub", "book", b"\x00" + md.epub(["The aardvark|digs", "The badger"], "Bestiary"))
    container = ('<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:'
                 'xmlns:container"><rootfiles><rootfile full-path="OEBPS/book.opf"/>'
                 "</rootfiles></container>")
    opf = ('<package xmlns="http://www.idpf.org/2007/opf"><metadata xmlns:dc="http://purl.'
           'org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest>'
           '<item id="a" href="text/one.xhtml"/><item id="b" href="./text/../text/two%2Exhtml#x"/>'
           '</manifest><spine><itemref idref="b"/><itemref idref="a"/><itemref idref="zz"/>'
           "</spine></package>")
    chapter = "<html><body><h1>Chapter</h1><p>Words &amp; more</p></body></html>"
    write("epub", "parts", b"\x01" + b"\x00".join(
        x.encode() for x in (container, opf, chapter, chapter.replace("more", "less"))))

    write("office", "docx", b"\x00" + md.docx(["A phrase |split| here", "Second"], "Doc"))
    write("office", "odt", b"\x02" + md.odt(["An odt |phrase|", "Another"], "Odt"))
    body = md.docx_body('<w:p><w:r><w:t xml:space="preserve">Run one </w:t></w:r><w:r>'
                        "<w:tab/><w:t>two</w:t><w:br/></w:r><w:del><w:r><w:delText>gone"
                        "</w:delText></w:r></w:del></w:p><w:tbl><w:tr><w:tc><w:p><w:r>"
                        "<w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    write("office", "docx-parts", b"\x01" + body.encode() + b"\x00" + md.core_props("Title").encode())
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = ('<office:document-content %s><office:body><office:text><text:h>Head</text:h>'
               '<text:p>a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d<text:note>'
               "<text:note-citation>1</text:note-citation><text:note-body><text:p>note"
               "</text:p></text:note-body></text:note> e</text:p></office:text></office:body>"
               "</office:document-content>" % ns)
    write("markdown", "guide", open(os.path.join(TOP, "tests", "data", "formats",
                                                  "guide.md"), "rb").read())
    for i, m in enumerate(MARKDOWN):
        write("markdown", "snippet-%02d" % i, m.encode("utf-8", "surrogateescape"))
    write("office", "odt-parts", b"\x03" + content.encode() + b"\x00<m><title>T</title></m>")
    # the first byte's bits 1 and up pick PPTX (2), ODP (3), XLSX (4), ODS (5)
    write("office", "pptx", b"\x04" + md.pptx(["Slide |one| / more", "Two"], "Deck"))
    write("office", "odp", b"\x06" + md.odp(["Slide |one| / more", "Two"], "Talk"))
    write("office", "xlsx", b"\x08" + md.xlsx(["a,#1;~b,c|d", "x"], "Book"))
    write("office", "ods", b"\x0a" + md.ods(["a,#1;b^3,c|d", "x"], "Calc"))
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rels = ('<Relationships><Relationship Id="rId1" Target="slides/slide1.xml"/>'
            '<Relationship Id="rId2" Target="/ppt/slides/slide1.xml"/></Relationships>')
    write("office", "pptx-parts", b"\x05" + (
        '<p:presentation %s><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" '
        'r:id="rId1"/><p:sldId r:id="rId9"/></p:sldIdLst></p:presentation>' % r).encode()
        + b"\x00" + rels.encode() + b"\x00<p:sld><a:p><a:r><a:t>run</a:t></a:r><a:br/>"
        b"<a:r><a:t>two</a:t></a:r></a:p></p:sld>\x00" + md.core_props("T").encode())
    write("office", "xlsx-parts", b"\x09" + (
        '<workbook %s><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>' % r).encode()
        + b"\x00<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
        b"</Relationships>\x00<sst><si><t>shared</t></si><si><r><t>ri</t></r><r><t>ch</t></r>"
        b"<rPh><t>x</t></rPh></si></sst>\x00<worksheet><sheetData><row><c t=\"s\"><v>1</v></c>"
        b"<c t=\"s\"><v>7</v></c><c><v>2.5</v></c><c t=\"inlineStr\"><is><t>in\nline</t></is>"
        b"</c></row></sheetData></worksheet>")
    formats = os.path.join(TOP, "tests", "data", "formats")
    for name in sorted(os.listdir(formats)):
        if name.endswith(".eml"):
            write("mail", name[:-4], open(os.path.join(formats, name), "rb").read())
    write("mail", "mbox", b"".join(MBOX))
    write("mail", "mbox-gzip", gzip.compress(b"".join(MBOX), mtime=0))
    archives()


def archives():
    """archive: a zip of text, Markdown and a zip inside; tars as they
    are, gzip'd, bzip2'd and xz'd (fixed times, so the bytes repeat)."""
    import io
    import tarfile
    import zipfile

    def zipped(entries):
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in entries:
                z.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data)
        return b.getvalue()

    def tarred(mode, entries):
        b = io.BytesIO()
        with tarfile.open(fileobj=b, mode=mode) as t:
            for name, data in entries:
                info = tarfile.TarInfo(name)
                info.size, info.mtime = len(data), 0
                t.addfile(info, io.BytesIO(data))
        return b.getvalue()

    entries = [("notes.txt", b"The otter swims\n\nA heron waits\n"),
               ("docs/survey.md", b"# Survey\n\nWe counted **newts**.\n")]
    write("archive", "zip", zipped(entries + [("inner.zip", zipped(entries))]))
    for mode, name in (("w", "tar"), ("w:bz2", "tar-bz2"), ("w:xz", "tar-xz")):
        write("archive", name, tarred(mode, entries))
    write("archive", "tar-gz", gzip.compress(tarred("w", entries), mtime=0))


if __name__ == "__main__":
    main()
