#!/usr/bin/env python3
"""Writes the seed corpora in tests/fuzz/seeds/<target>/ from the project's
own inputs: the article cut into pieces, invalid UTF-8 samples and queries.
Run from anywhere; rerunning rewrites the same files."""
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

    for i, q in enumerate(QUERIES):
        write("query", "query-%02d" % i, q.encode())
    write("query", "invalid-utf8", b'caf\xc3 "\xff\xfe court" \xed\xa0\x80')


if __name__ == "__main__":
    main()
