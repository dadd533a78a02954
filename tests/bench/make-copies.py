#!/usr/bin/env python3
"""Deterministic scaled corpora for `make bench-scale`.

  make-copies.py build SRC DEST SCALE [--seed N] [--rare-max F] [--beta B]
                 [--queries Q.tsv --queries-out OUT.tsv] [--stats DIR]
  make-copies.py change DEST ROUND [--share 0.01] [--seed N] [--list FILE]

build: SCALE 1, 2, 3 ... writes SCALE copies of SRC as DEST/c00, DEST/c01 ...;
a SCALE below 1 (0.05) writes DEST/c00 with a seeded share of SRC's files,
unchanged (to exercise the whole pipeline in seconds).

Copy 0 is SRC byte for byte.  Copy k > 0 is SRC with a seeded share p_k of
the rare word types (at most --rare-max occurrences in SRC) given a per-copy
variant: the word plus a syllable code of k ("mortgage" -> "mortgagelo"),
every occurrence of the type in the copy alike, so a variant recurs as a real
new word does.  A variant is letters only, so the analyzer reads it as one
word; only rare words change, so the language detector reads the copy as it
reads the original.  Mail stays valid mail: headers are copied as they are
(but for a per-copy Message-ID) and only body lines with a space in them
change (no base64 line has one).

How many types vary follows Heaps' law, V = K n^beta: the script measures
V(n) over SRC's files in a seeded order, fits K and beta (least squares on
log V against log n), and then chooses p_k so that after m copies the
vocabulary is V(SRC) * m^beta, the curve SRC itself is on, continued.
--beta overrides the fitted exponent.  Words are runs of letters, case
folded (rubric also strips accents, so its vocabulary is a little smaller).

The stats directory gets heaps.tsv (set, tokens, types: the SRC curve and
the vocabulary after each copy) and stats.tsv (key, value).

--queries maps the bench queries into the copies' vocabulary: query i is
rewritten for copy (i * 7 + seed) mod SCALE, each word with a variant in that
copy replaced by it, so a query finds in its copy what the original finds in
SRC; OUT.tsv has queries.tsv's columns, names suffixed "@cK" (rg's column
is not mapped: the scale bench does not run rg).

change: rewrites a seeded ROUND-dependent share of DEST's files (default 1%,
at least one): a line is appended (after the body, for mail) and the file is
replaced by rename, its mtime set to a few seconds ago; --list writes their
paths, one a line.

Standard library only; the output depends only on SRC, SCALE and the seed.
"""
import argparse
import hashlib
import math
import os
import re
import sys
import time

WORD = re.compile(r"[^\W\d_]+")
HEADER = re.compile(rb"^(From |[A-Za-z][A-Za-z0-9-]*:)")
MESSAGE_ID = re.compile(rb"^(Message-I[Dd]:\s*<[^@>\n]*)@", re.M | re.I)
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "se", "di", "fu"]


def unit(*parts):
    """A number in [0, 1) fixed by the parts (the seeded coin of each choice)."""
    h = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8)
    return int.from_bytes(h.digest(), "big") / 2**64


def syllable_code(k):
    """k >= 1 as letters only: its decimal digits as syllables."""
    return "".join(SYLLABLES[int(d)] for d in str(k))


def list_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            out.append(os.path.relpath(os.path.join(d, f), root))
    return out


def is_mail(data):
    return HEADER.match(data) is not None and b"\n\n" in data


def text_spans(text, mail):
    """The (start, end) ranges of TEXT whose words may vary: all of it, or
    for mail the body lines that have a space (prose, not base64)."""
    if not mail:
        return [(0, len(text))]
    body = text.find("\n\n")
    spans, pos = [], body + 2
    for line in text[pos:].split("\n"):
        if " " in line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def words(text, spans):
    for a, b in spans:
        for m in WORD.finditer(text, a, b):
            yield m


def fit_heaps(points):
    """Least squares of log V on log n: (K, beta)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    beta = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return math.exp(my - beta * mx), beta


def vary(word, k):
    code = syllable_code(k)
    return word + (code.upper() if word.isupper() and len(word) > 1 else code)


def build(a):
    src_files = list_files(a.src)
    if a.scale < 1:
        src_files = [f for f in src_files if unit(a.seed, "subset", f) < a.scale]
        copies = 1
    else:
        if a.scale != int(a.scale):
            sys.exit("make-copies: a scale of 1 or more must be a whole number")
        copies = int(a.scale)

    # Pass 1, in a seeded order: type frequencies, and the corpus's own
    # Heaps curve at geometric checkpoints.
    order = sorted(src_files, key=lambda f: unit(a.seed, "order", f))
    freq, tokens, curve, next_mark = {}, 0, [], 1000
    docs = {}
    for rel in order:
        data = open(os.path.join(a.src, rel), "rb").read()
        text = data.decode("utf-8", "surrogateescape")
        mail = is_mail(data)
        spans = text_spans(text, mail)
        docs[rel] = (data, text, mail, spans)
        for m in words(text, spans):
            w = m.group().casefold()
            freq[w] = freq.get(w, 0) + 1
            tokens += 1
            if tokens >= next_mark:
                curve.append((tokens, len(freq)))
                next_mark = int(next_mark * 1.25) + 1
    curve.append((tokens, len(freq)))
    V1 = len(freq)
    # the fit leaves out the first 1% of the tokens (a few files' worth)
    fit_points = [p for p in curve if p[0] >= tokens / 100] or curve
    K, beta_fit = fit_heaps(fit_points)
    beta = a.beta if a.beta is not None else beta_fit
    rare = sorted(w for w, c in freq.items() if c <= a.rare_max)

    # Per copy: the share of rare types that vary, and the variants.
    variants = [{}]  # copy -> folded word -> variant (folded)
    shares = [0.0]
    vocab = set(freq)
    heaps = [("corpus", n, v) for n, v in curve] + [("copies", tokens, V1)]
    for k in range(1, copies):
        need = V1 * ((k + 1) ** beta - k ** beta)
        p = min(1.0, need / len(rare)) if rare else 0.0
        shares.append(p)
        chosen = {w: vary(w, k) for w in rare if unit(a.seed, "vary", k, w) < p}
        variants.append(chosen)
        vocab.update(chosen.values())
        heaps.append(("copies", tokens * (k + 1), len(vocab)))

    # Pass 2: write the copies.
    for k in range(copies):
        base = os.path.join(a.dest, f"c{k:02d}")
        chosen = variants[k]
        for rel in src_files:
            data, text, mail, spans = docs[rel]
            if k:
                parts, last = [], 0
                for m in words(text, spans):
                    v = chosen.get(m.group().casefold())
                    if v is not None:
                        parts.append(text[last:m.start()])
                        parts.append(vary(m.group(), k))
                        last = m.end()
                parts.append(text[last:])
                out = "".join(parts).encode("utf-8", "surrogateescape")
                if mail:
                    out = MESSAGE_ID.sub(rb"\1.c%d@" % k, out, count=1)
            else:
                out = data
            path = os.path.join(base, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(out)
            st = os.stat(os.path.join(a.src, rel))
            os.utime(path, (st.st_mtime, st.st_mtime))

    if a.queries:
        map_queries(a, copies, variants)

    if a.stats:
        os.makedirs(a.stats, exist_ok=True)
        with open(os.path.join(a.stats, "heaps.tsv"), "w") as f:
            f.write("set\ttokens\ttypes\n")
            for s, n, v in heaps:
                f.write(f"{s}\t{n}\t{v}\n")
        copy_points = [(n, v) for s, n, v in heaps if s == "copies"]
        Kc, beta_copies = fit_heaps(copy_points) if len(copy_points) > 1 else (0, 0)
        stats = {
            "scale": a.scale, "copies": copies, "files": len(src_files) * copies,
            "bytes": sum(len(docs[r][0]) for r in src_files) * copies,
            "seed": a.seed, "rare_max": a.rare_max,
            "corpus_tokens": tokens, "corpus_types": V1,
            "corpus_heaps_K": f"{K:.4g}", "corpus_heaps_beta": f"{beta_fit:.4f}",
            "beta_used": f"{beta:.4f}", "rare_types": len(rare),
            "tokens": tokens * copies, "types": len(vocab),
            "copies_heaps_beta": f"{beta_copies:.4f}",
            "shares": " ".join(f"{p:.3f}" for p in shares),
        }
        with open(os.path.join(a.stats, "stats.tsv"), "w") as f:
            f.write("key\tvalue\n")
            for key, v in stats.items():
                f.write(f"{key}\t{v}\n")
        print(f"make-copies: {stats['files']} files, {stats['bytes']} bytes; "
              f"vocabulary {V1} -> {len(vocab)} types (corpus: beta {beta_fit:.3f}, "
              f"K {K:.3g}; copies follow beta {beta:.3f}, measured {beta_copies:.3f})",
              file=sys.stderr)


def map_queries(a, copies, variants):
    def rewrite(q, chosen, k):
        return WORD.sub(lambda m: vary(m.group(), k)
                        if m.group().casefold() in chosen else m.group(), q)

    out, i = [], 0
    for line in open(a.queries, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            out.append(line.rstrip("\n"))
            continue
        cols = line.rstrip("\n").split("\t")
        k = (i * 7 + a.seed) % copies
        i += 1
        chosen = variants[k]
        # the engines' columns; rg's regexes (\bword\b) are left alone
        out.append("\t".join([f"{cols[0]}@c{k:02d}"] +
                             [rewrite(c, chosen, k) for c in cols[1:5]] + cols[5:]))
    with open(a.queries_out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def change(a):
    files = list_files(a.dest)
    n = max(1, round(len(files) * a.share))
    picked = sorted(files, key=lambda f: unit(a.seed, "change", a.round, f))[:n]
    when = time.time() - 5  # an mtime safely before the indexer's second
    for rel in picked:
        path = os.path.join(a.dest, rel)
        data = open(path, "rb").read()
        data += b"\nRevised in round %d: this passage changed after the first build.\n" % a.round
        tmp = path + ".tmp-change"
        with open(tmp, "wb") as f:
            f.write(data)
        os.utime(tmp, (when, when))
        os.replace(tmp, path)
    if a.list:
        with open(a.list, "w") as f:
            f.writelines(os.path.join(a.dest, rel) + "\n" for rel in picked)
    print(f"make-copies: changed {n} of {len(files)} files", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("src")
    b.add_argument("dest")
    b.add_argument("scale", type=float)
    b.add_argument("--seed", type=int, default=15)
    b.add_argument("--rare-max", type=int, default=3)
    b.add_argument("--beta", type=float)
    b.add_argument("--queries")
    b.add_argument("--queries-out")
    b.add_argument("--stats")
    c = sub.add_parser("change")
    c.add_argument("dest")
    c.add_argument("round", type=int)
    c.add_argument("--share", type=float, default=0.01)
    c.add_argument("--seed", type=int, default=15)
    c.add_argument("--list", help="write the changed paths (DEST/...) here")
    a = ap.parse_args()
    if a.cmd == "build":
        if a.scale <= 0:
            sys.exit("make-copies: the scale must be above 0")
        if a.queries and not a.queries_out:
            sys.exit("make-copies: --queries needs --queries-out")
        build(a)
    else:
        change(a)


if __name__ == "__main__":
    main()
