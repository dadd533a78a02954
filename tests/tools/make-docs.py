#!/usr/bin/env python3
"""Writes the PDF, EPUB, DOCX and ODT files the tests read, and hostile
archives, from the text given on the command line (no binary is kept in the
repository: every fixture is made at test time by this script).

  make-docs.py pdf OUT [--title T] PAGE...       each PAGE: lines split by '|'
  make-docs.py pdf-encrypted OUT PAGE...         needs a password to open
  make-docs.py pdf-broken OUT                    a header, then garbage
  make-docs.py epub OUT [--title T] CHAPTER...   in spine order; paragraphs
                                                 split by '|'
  make-docs.py docx OUT [--title T] PARA...      runs split by '|', every
  make-docs.py odt OUT [--title T] PARA...       other run bold
  make-docs.py bomb OUT MB                       a DOCX whose body inflates
                                                 to MB megabytes
  make-docs.py lie OUT BOMB                      BOMB, its headers declaring
                                                 100 bytes
  make-docs.py fat-epub OUT N MB                 an EPUB of N chapters, each
                                                 MB megabytes of spaces
  make-docs.py many OUT N                        a DOCX with N entries
  make-docs.py nested OUT DEPTH                  a zip in a zip ... DEPTH deep
  make-docs.py deep-xml OUT DEPTH                a DOCX nesting DEPTH elements
  make-docs.py pptx OUT [--title T] SLIDE...     each SLIDE: paragraphs split
  make-docs.py odp OUT [--title T] SLIDE...      by ' / ', runs by '|' (every
                                                 other run bold); the PPTX's
                                                 slide files named in the
                                                 reverse order; the ODP's
                                                 first slide has speaker notes
  make-docs.py xlsx OUT [--title T] SHEET...     each SHEET: rows split by
  make-docs.py ods OUT [--title T] SHEET...      ';', cells by ','; '#12' a
                                                 number; XLSX: '~x' an inline
                                                 string, 'a|b' a rich shared
                                                 string (read "ab"), sheet
                                                 files in the reverse order;
                                                 ODS: 'x^3' one cell repeated
                                                 3 times, 'a|b' a cell of two
                                                 paragraphs
"""
import io
import re
import struct
import sys
import zipfile
import zlib
from xml.sax.saxutils import escape

# A fixed time for every entry: the same text makes the same bytes.
STAMP = (2026, 1, 1, 0, 0, 0)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def pdf_string(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf(pages, title=None, encrypt=False):
    """A PDF with one content stream a page, Helvetica, offsets computed."""
    objs = []  # bodies; object i+1 is objs[i]
    n_pages = len(pages)
    page_ids = [3 + 2 * i for i in range(n_pages)]
    font_id = 3 + 2 * n_pages
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join("%d 0 R" % p for p in page_ids)
    objs.append(("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages)).encode())
    for i, page in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in page.split("|"):
            ops.append(pdf_string(line) + " Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objs.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                     "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                     % (font_id, page_ids[i] + 1)).encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                b"/Encoding /WinAnsiEncoding >>")
    trailer = "/Size %d /Root 1 0 R" % (len(objs) + 2)
    if title is not None:
        objs.append(("<< /Title %s >>" % pdf_string(title)).encode("latin-1"))
        trailer += " /Info %d 0 R" % len(objs)
    if encrypt:
        # The standard security handler with an owner and a user password
        # neither of which is empty: no reader opens it without one.
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"6f" * 32 +
                    b"> /U <" + b"75" * 32 + b"> >>")
        trailer += " /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objs), "ab" * 16, "ab" * 16)
    trailer = "/Size %d" % (len(objs) + 1) + trailer[trailer.index(" /Root"):]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += ("trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)).encode()
    return bytes(out)


def pdf_broken():
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\nthis is not a PDF body\n"


def zip_bytes(entries, stored_first=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            z.writestr(zipfile.ZipInfo(stored_first[0], STAMP), stored_first[1],
                       compress_type=zipfile.ZIP_STORED)
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, STAMP), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def epub(chapters, title=None):
    """Spine order is the order given; the files are named and stored in
    the reverse order, so that only the spine gives the reading order."""
    n = len(chapters)
    files = []
    for i, ch in enumerate(chapters):
        name = "text/part%02d.xhtml" % (n - i)
        body = "".join("<p>%s</p>" % escape(p) for p in ch.split("|"))
        files.append((name, '<?xml version="1.0" encoding="utf-8"?>\n'
                      '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>'
                      "</head><body>%s</body></html>" % body))
    manifest = "".join('<item id="c%d" href="%s" media-type="application/xhtml+xml"/>'
                       % (i, files[i][0]) for i in range(n))
    spine = "".join('<itemref idref="c%d"/>' % i for i in range(n))
    meta = "<dc:title>%s</dc:title>" % escape(title) if title is not None else ""
    opf = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">%s</metadata>'
           "<manifest>%s</manifest><spine>%s</spine></package>" % (meta, manifest, spine))
    container = ('<?xml version="1.0"?><container version="1.0" '
                 'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                 '<rootfile full-path="OEBPS/book.opf" '
                 'media-type="application/oebps-package+xml"/></rootfiles></container>')
    entries = [("META-INF/container.xml", container), ("OEBPS/book.opf", opf)]
    entries += [("OEBPS/" + name, data) for name, data in reversed(files)]
    return zip_bytes(entries, ("mimetype", "application/epub+zip"))


def core_props(title):
    t = "<dc:title>%s</dc:title>" % escape(title) if title is not None else ""
    return ('<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats'
            '.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">%s</cp:coreProperties>' % t)


def docx_body(body):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            "<w:document %s><w:body>%s</w:body></w:document>" % (W, body))


def docx_entries(document, title=None):
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             '2006/content-types"><Override PartName="/word/document.xml" ContentType='
             '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
             '+xml"/></Types>')
    return [("[Content_Types].xml", types), ("docProps/core.xml", core_props(title)),
            ("word/document.xml", document)]


def docx(paras, title=None):
    body = ""
    for p in paras:
        runs = ""
        for i, run in enumerate(p.split("|")):
            rpr = "<w:rPr><w:b/></w:rPr>" if i % 2 else ""
            runs += '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, escape(run))
        body += "<w:p>%s</w:p>" % runs
    return zip_bytes(docx_entries(docx_body(body), title))


def odt(paras, title=None):
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    body = ""
    for p in paras:
        runs = ""
        for i, run in enumerate(p.split("|")):
            runs += ('<text:span text:style-name="Bold">%s</text:span>' % escape(run)
                     if i % 2 else escape(run))
        body += "<text:p>%s</text:p>" % runs
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
               "<office:body><office:text>%s</office:text></office:body>"
               "</office:document-content>" % (ns, body))
    t = "<dc:title>%s</dc:title>" % escape(title) if title is not None else ""
    meta = ('<?xml version="1.0"?><office:document-meta %s><office:meta>%s</office:meta>'
            "</office:document-meta>" % (ns, t))
    return zip_bytes([("content.xml", content), ("meta.xml", meta)],
                     ("mimetype", "application/vnd.oasis.opendocument.text"))


def put_padded(z, name, data, before, mb):
    """Entry `name` of zip z: data with MB megabytes of spaces inserted
    before the bytes `before`, written a megabyte at a time (the script
    itself stays small)."""
    cut = data.index(before)
    info = zipfile.ZipInfo(name, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as f:
        f.write(data[:cut])
        for _ in range(mb):
            f.write(b" " * (1 << 20))
        f.write(data[cut:])


def bomb(mb):
    """word/document.xml: a paragraph, then MB megabytes of spaces."""
    body = docx_body("<w:p><w:r><w:t>bomb</w:t></w:r></w:p>").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in docx_entries("")[:2]:
            z.writestr(zipfile.ZipInfo(name, STAMP), data)
        put_padded(z, "word/document.xml", body, b"</w:body>", mb)
    return buf.getvalue()


def lie(data):
    """The same archive, its headers declaring that word/document.xml
    inflates to 100 bytes."""
    # The local and central headers, and their zip64 extra fields.
    out = bytearray(data)
    for sig, size_at, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30),
                                               (b"PK\x01\x02", 24, 28, 46)):
        i = out.find(sig)
        while i >= 0:
            name_len, extra_len = struct.unpack_from("<HH", out, i + name_len_at)
            start = i + name_at
            if bytes(out[start:start + name_len]) == b"word/document.xml":
                if struct.unpack_from("<I", out, i + size_at)[0] == 0xFFFFFFFF:
                    extra = start + name_len
                    while extra + 4 <= start + name_len + extra_len:
                        tag, size = struct.unpack_from("<HH", out, extra)
                        if tag == 1:  # zip64: the uncompressed size first
                            struct.pack_into("<Q", out, extra + 4, 100)
                        extra += 4 + size
                else:
                    struct.pack_into("<I", out, i + size_at, 100)
            i = out.find(sig, i + 4)
    return bytes(out)


def fat_epub(n, mb):
    """N chapters of MB megabytes each (spaces: no text)."""
    book = io.BytesIO(epub(["chapter %d" % (i + 1) for i in range(n)], "Fat"))
    buf = io.BytesIO()
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xhtml"):
                put_padded(z, info.filename, data, b"</body>", mb)
            else:
                z.writestr(info, data, compress_type=info.compress_type)
    return buf.getvalue()


def many(n):
    entries = docx_entries(docx_body("<w:p><w:r><w:t>many</w:t></w:r></w:p>"))
    entries += [("pad/%d" % i, "") for i in range(n)]
    return zip_bytes(entries)


def nested(depth):
    data = docx(["innermost words"])
    for i in range(depth):
        data = zip_bytes([("inner%d.zip" % i, data)])
    return data


def deep_xml(depth):
    inner = "<w:t>deep</w:t>"
    body = "<w:p>" + "<w:r>" * depth + inner + "</w:r>" * depth + "</w:p>"
    return zip_bytes(docx_entries(docx_body(body)))


# --- presentations and spreadsheets ---
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOC = DOC_RELS + "/officeDocument"
ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')


def content_types(overrides):
    """[Content_Types].xml: the xml and rels defaults, then (part, type)."""
    return ('<?xml version="1.0"?><Types xmlns="%s">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
            '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            "%s</Types>" % (CT, "".join('<Override PartName="/%s" ContentType="%s"/>' % o
                                        for o in overrides)))


def rels(targets):
    """A relationships part: (id, type, target) each."""
    return ('<?xml version="1.0"?><Relationships xmlns="%s">%s</Relationships>'
            % (PKG_RELS, "".join('<Relationship Id="%s" Type="%s" Target="%s"/>' % r
                                 for r in targets)))


def odf_package(mimetype, body, title):
    """An ODF zip: mimetype stored first, content.xml and meta.xml."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
               "<office:body>%s</office:body></office:document-content>" % (ODF_NS, body))
    t = "<dc:title>%s</dc:title>" % escape(title) if title is not None else ""
    meta = ('<?xml version="1.0"?><office:document-meta %s><office:meta>%s</office:meta>'
            "</office:document-meta>" % (ODF_NS, t))
    return zip_bytes([("content.xml", content), ("meta.xml", meta)], ("mimetype", mimetype))


def pptx(slides, title=None):
    """Slides in presentation order; slide files named in the reverse order
    (the first slide is slideN.xml), so only presentation.xml and its rels
    give the order."""
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    n = len(slides)
    files = []
    for i, slide in enumerate(slides):
        paras = ""
        for para in slide.split(" / "):
            runs = ""
            for k, run in enumerate(para.split("|")):
                rpr = '<a:rPr b="1"/>' if k % 2 else ""
                runs += "<a:r>%s<a:t>%s</a:t></a:r>" % (rpr, escape(run))
            paras += "<a:p>%s</a:p>" % runs
        files.append(("ppt/slides/slide%d.xml" % (n - i),
                      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      '<p:sld xmlns:p="%s" xmlns:a="%s"><p:cSld><p:spTree><p:sp><p:txBody>'
                      "<a:bodyPr/>%s</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
                      % (p, a, paras)))
    ids = "".join('<p:sldId id="%d" r:id="rId%d"/>' % (256 + i, i + 1) for i in range(n))
    presentation = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<p:presentation xmlns:p="%s" xmlns:r="%s"><p:sldIdLst>%s</p:sldIdLst>'
                    "</p:presentation>" % (p, DOC_RELS, ids))
    slide_type = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
    types = content_types(
        [("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument."
          "presentationml.presentation.main+xml")] +
        [("ppt/slides/slide%d.xml" % k, slide_type) for k in range(1, n + 1)])
    entries = [("[Content_Types].xml", types),
               ("_rels/.rels", rels([("rId1", OFFICE_DOC, "ppt/presentation.xml")])),
               ("docProps/core.xml", core_props(title)),
               ("ppt/presentation.xml", presentation),
               ("ppt/_rels/presentation.xml.rels",
                rels([("rId%d" % (i + 1), DOC_RELS + "/slide", "slides/slide%d.xml" % (n - i))
                      for i in range(n)]))]
    return zip_bytes(entries + sorted(files))


def odp(slides, title=None):
    """One draw:page a slide; the first slide has speaker notes."""
    body = ""
    for i, slide in enumerate(slides):
        paras = ""
        for para in slide.split(" / "):
            runs = ""
            for k, run in enumerate(para.split("|")):
                runs += ('<text:span text:style-name="Bold">%s</text:span>' % escape(run)
                         if k % 2 else escape(run))
            paras += "<text:p>%s</text:p>" % runs
        notes = ("<presentation:notes><draw:frame><draw:text-box><text:p>speaker secret "
                 "walrus</text:p></draw:text-box></draw:frame></presentation:notes>"
                 if i == 0 else "")
        body += ('<draw:page draw:name="page%d"><draw:frame><draw:text-box>%s'
                 "</draw:text-box></draw:frame>%s</draw:page>" % (i + 1, paras, notes))
    return odf_package("application/vnd.oasis.opendocument.presentation",
                       "<office:presentation>%s</office:presentation>" % body, title)


def sheet_rows(sheet):
    """A SHEET argument's rows, each a list of cells ('' an empty cell)."""
    return [row.split(",") for row in sheet.split(";")]


def column_name(k):
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(ord("A") + r) + name
    return name


def xlsx(sheets, title=None):
    """Sheets in workbook order; worksheet files named in the reverse order.
    Text cells are shared strings (one entry per distinct text), '~text'
    an inline string, 'a|b' a rich shared string of two runs."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    n = len(sheets)
    strings, index, refs = [], {}, 0
    files = []
    for i, sheet in enumerate(sheets):
        rows = ""
        for r, row in enumerate(sheet_rows(sheet)):
            cells = ""
            for c, cell in enumerate(row):
                ref = "%s%d" % (column_name(c), r + 1)
                if cell == "":
                    cells += '<c r="%s"/>' % ref
                elif cell.startswith("#"):
                    cells += '<c r="%s"><v>%s</v></c>' % (ref, escape(cell[1:]))
                elif cell.startswith("~"):
                    cells += ('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                              % (ref, escape(cell[1:])))
                else:
                    if cell not in index:
                        index[cell] = len(strings)
                        strings.append(cell)
                    refs += 1
                    cells += '<c r="%s" t="s"><v>%d</v></c>' % (ref, index[cell])
            if row == [""]:  # an empty row
                rows += '<row r="%d"/>' % (r + 1)
            else:
                rows += '<row r="%d">%s</row>' % (r + 1, cells)
        files.append(("xl/worksheets/sheet%d.xml" % (n - i),
                      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>'
                      % (main, rows)))
    sis = ""
    for s in strings:
        if "|" in s:
            first, second = s.split("|", 1)
            sis += ("<si><r><t>%s</t></r><r><rPr><b/></rPr><t>%s</t></r></si>"
                    % (escape(first), escape(second)))
        else:
            sis += "<si><t>%s</t></si>" % escape(s)
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
              % (main, refs, len(strings), sis))
    names = "".join('<sheet name="Sheet%d" sheetId="%d" r:id="rId%d"/>' % (i + 1, i + 1, i + 1)
                    for i in range(n))
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="%s" xmlns:r="%s"><sheets>%s</sheets></workbook>'
                % (main, DOC_RELS, names))
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    types = content_types(
        [("xl/workbook.xml", "application/vnd.openxmlformats-officedocument."
          "spreadsheetml.sheet.main+xml"),
         ("xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument."
          "spreadsheetml.sharedStrings+xml")] +
        [("xl/worksheets/sheet%d.xml" % k, sheet_type) for k in range(1, n + 1)])
    workbook_rels = rels(
        [("rId%d" % (i + 1), DOC_RELS + "/worksheet", "worksheets/sheet%d.xml" % (n - i))
         for i in range(n)] +
        [("rId%d" % (n + 1), DOC_RELS + "/sharedStrings", "sharedStrings.xml")])
    entries = [("[Content_Types].xml", types),
               ("_rels/.rels", rels([("rId1", OFFICE_DOC, "xl/workbook.xml")])),
               ("docProps/core.xml", core_props(title)),
               ("xl/workbook.xml", workbook),
               ("xl/_rels/workbook.xml.rels", workbook_rels),
               ("xl/sharedStrings.xml", shared)]
    return zip_bytes(entries + sorted(files))


def ods(sheets, title=None):
    """One table:table a sheet; 'x^N' one cell repeated N times, 'a|b' a
    cell of two paragraphs; each sheet ends, as LibreOffice writes it, with
    a million empty rows of 1024 empty cells, each written once."""
    body = ""
    for i, sheet in enumerate(sheets):
        rows = ""
        for row in sheet_rows(sheet):
            cells = ""
            for cell in row:
                m = re.search(r"\^(\d+)$", cell)
                rep = ""
                if m:
                    cell = cell[:m.start()]
                    rep = ' table:number-columns-repeated="%s"' % m.group(1)
                if cell == "":
                    cells += "<table:table-cell%s/>" % rep
                elif cell.startswith("#"):
                    cells += ('<table:table-cell%s office:value-type="float" office:value="%s">'
                              "<text:p>%s</text:p></table:table-cell>"
                              % (rep, escape(cell[1:]), escape(cell[1:])))
                else:
                    paras = "".join("<text:p>%s</text:p>" % escape(part)
                                    for part in cell.split("|"))
                    cells += ('<table:table-cell%s office:value-type="string">%s'
                              "</table:table-cell>" % (rep, paras))
            rows += "<table:table-row>%s</table:table-row>" % cells
        rows += ('<table:table-row table:number-rows-repeated="1048000">'
                 '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
        body += '<table:table table:name="Sheet%d">%s</table:table>' % (i + 1, rows)
    return odf_package("application/vnd.oasis.opendocument.spreadsheet",
                       "<office:spreadsheet>%s</office:spreadsheet>" % body, title)


def main(argv):
    kind, out, rest = argv[1], argv[2], argv[3:]
    title = None
    if len(rest) >= 2 and rest[0] == "--title":
        title, rest = rest[1], rest[2:]
    makers = {
        "pdf": lambda: pdf(rest, title),
        "pdf-encrypted": lambda: pdf(rest, title, encrypt=True),
        "pdf-broken": pdf_broken,
        "epub": lambda: epub(rest, title),
        "docx": lambda: docx(rest, title),
        "odt": lambda: odt(rest, title),
        "bomb": lambda: bomb(int(rest[0])),
        "lie": lambda: lie(open(rest[0], "rb").read()),
        "fat-epub": lambda: fat_epub(int(rest[0]), int(rest[1])),
        "many": lambda: many(int(rest[0])),
        "nested": lambda: nested(int(rest[0])),
        "deep-xml": lambda: deep_xml(int(rest[0])),
        "pptx": lambda: pptx(rest, title),
        "odp": lambda: odp(rest, title),
        "xlsx": lambda: xlsx(rest, title),
        "ods": lambda: ods(rest, title),
    }
    data = makers[kind]()
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv)
