#!/usr/bin/env python3
"""Deterministic scaled corpora for `make bench-scale`.

  make-copies.py build SRC DEST SCALE [--seed N] [--rare-max F] [--beta B]
                 [--queries Q.tsv --queries-out OUT.tsv] [--stats DIR] [--jobs N]
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

--jobs: N processes write the copies (default: one per CPU): with N > 1,
one writes copy 0 while SRC is read, then each writes an Nth of SRC's files
in every other copy.  The output does not depend on N.

Standard library only; the output depends only on SRC, SCALE and the seed.
"""
import argparse
import functools
import hashlib
import heapq
import math
import multiprocessing
import os
import re
import sys
import time
from collections import Counter
from itertools import compress

WORD = re.compile(r"[^\W\d_]+")
HEADER = re.compile(rb"^(From |[A-Za-z][A-Za-z0-9-]*:)")
MESSAGE_ID = re.compile(rb"^(Message-I[Dd]:\s*<[^@>\n]*)@", re.M | re.I)
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "se", "di", "fu"]


def unit_of(*parts):
    """The seeded coin of a choice: x -> a number in [0, 1) fixed by the
    parts and x (by the hash of "part:part:...:x").  It is tossed for every
    file or rare word, so the parts are hashed once and the state copied."""
    prefix = hashlib.blake2b("".join(f"{p}:" for p in parts).encode(), digest_size=8)

    def coin(x):
        h = prefix.copy()
        h.update(str(x).encode())
        return int.from_bytes(h.digest(), "big") / 2**64
    return coin


@functools.cache
def syllable_code(k):
    """k >= 1 as letters only: its decimal digits as syllables."""
    return "".join(SYLLABLES[int(d)] for d in str(k))


def list_files(root):
    """ROOT's files, relative to it, in sorted walk order."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        # os.walk's paths start with ROOT as given, so cutting it off is
        # os.path.relpath's answer without its per-file normalising
        # (which made up most of the time of a walk of 800,000 files)
        sub = d[len(root):].lstrip(os.sep)
        prefix = sub + os.sep if sub else ""
        out.extend(prefix + f for f in sorted(files))
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


def folded_words(text, spans):
    """The words in the SPANS of TEXT, case folded."""
    found = []
    for a, b in spans:
        found += WORD.findall(text, a, b)
    return list(map(str.casefold, found))


def varying_words(text, spans, varying):
    """(start, end, word, folded) of each word in the SPANS of TEXT whose
    folded form is in VARYING; the few such words are all a copy can change."""
    out = []
    for a, b in spans:
        # findall and str.find, not a Match object per word: most words
        # and most spans have nothing that varies
        found = WORD.findall(text, a, b)
        folded = list(map(str.casefold, found))
        if varying.isdisjoint(folded):
            continue
        pos = a
        for w, f in compress(zip(found, folded), map(varying.__contains__, folded)):
            # The words between pos and this one do not vary, so none is w:
            # its first occurrence from pos that is a whole word (a whole
            # run of letters within the span) is this one.
            while True:
                start = text.find(w, pos, b)
                end = start + len(w)
                if ((start == a or not WORD.match(text, start - 1, start))
                        and (end == b or not WORD.match(text, end, end + 1))):
                    break
                pos = start + 1
            out.append((start, end, w, f))
            pos = end
    return out


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


def read_file(path):
    """PATH's bytes and mtime.  The copies have always been given the float
    st_mtime; st_mtime_ns would change their mtimes below the microsecond."""
    with open(path, "rb") as f:
        return f.read(), os.fstat(f.fileno()).st_mtime


def write_file(path, data, mtime):
    # os.open, not open(): a file object's set-up (fstat, ioctl, lseek)
    # costs about what the write does, seconds over 800,000 small files
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.utime(fd, (mtime, mtime))
    finally:
        os.close(fd)


def copy_files(src, dest, files):
    for rel in files:
        write_file(os.path.join(dest, rel), *read_file(os.path.join(src, rel)))


def build(a):
    src_files = list_files(a.src)
    if a.scale < 1:
        coin = unit_of(a.seed, "subset")
        src_files = [f for f in src_files if coin(f) < a.scale]
        copies = 1
    else:
        if a.scale != int(a.scale):
            sys.exit("make-copies: a scale of 1 or more must be a whole number")
        copies = int(a.scale)

    bases = [os.path.join(a.dest, f"c{k:02d}") for k in range(copies)]
    for d in sorted({os.path.dirname(rel) for rel in src_files}):
        for base in bases:
            os.makedirs(os.path.join(base, d), exist_ok=True)
    # Copy 0 is SRC as it is: with jobs to spare, it is written while this
    # process reads SRC for the other copies (and is all of a scale of 1).
    jobs = max(1, min(a.jobs, len(src_files)))
    writers = []
    if jobs > 1:
        writers.append(spawn(copy_files, a.src, bases[0], src_files))
    else:
        copy_files(a.src, bases[0], src_files)

    # Pass 1, in a seeded order: type frequencies, and the corpus's own
    # Heaps curve at geometric checkpoints.
    order = sorted(src_files, key=unit_of(a.seed, "order"))
    freq, tokens, curve, next_mark = Counter(), 0, [], 1000
    docs = {}  # rel -> (data, text, mail, spans, mtime)
    for rel in order:
        data, mtime = read_file(os.path.join(a.src, rel))
        text = data.decode("utf-8", "surrogateescape")
        mail = is_mail(data)
        spans = text_spans(text, mail)
        docs[rel] = (data, text, mail, spans, mtime)
        folded = folded_words(text, spans)
        if tokens + len(folded) < next_mark:
            # no checkpoint in this file: count it all at once
            freq.update(folded)
            tokens += len(folded)
            continue
        for w in folded:
            freq[w] += 1
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
        coin = unit_of(a.seed, "vary", k)
        chosen = {w: vary(w, k) for w in rare if coin(w) < p}
        variants.append(chosen)
        vocab.update(chosen.values())
        heaps.append(("copies", tokens * (k + 1), len(vocab)))

    # Pass 2: write copies 1 and on, file by file (each file's varying words
    # found once, for all its copies); each job takes a run of files, so
    # that two do not create files in one directory (its lock) at once.
    varying = set().union(*variants)

    def write_copies(job):
        n = len(src_files)
        for rel in src_files[job * n // jobs:(job + 1) * n // jobs]:
            data, text, mail, spans, mtime = docs[rel]
            hits = varying_words(text, spans, varying)
            for k in range(1, copies):
                chosen = variants[k]
                parts, last = [], 0
                for start, end, word, folded in hits:
                    if folded in chosen:
                        parts += (text[last:start], vary(word, k))
                        last = end
                if parts:
                    parts.append(text[last:])
                    out = "".join(parts).encode("utf-8", "surrogateescape")
                else:
                    out = data  # what text encodes back to (surrogateescape)
                if mail:
                    out = MESSAGE_ID.sub(rb"\1.c%d@" % k, out, count=1)
                write_file(os.path.join(bases[k], rel), out, mtime)

    if copies > 1:
        writers += [spawn(write_copies, job) for job in range(1, jobs)]
        write_copies(0)
    for p in writers:
        p.join()
        if p.exitcode:
            sys.exit("make-copies: a writing process failed")

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


def spawn(work, *args):
    """work(*args) in a forked process (which shares this one's memory,
    copy on write), a daemon: should this process fail, it ends with it."""
    p = multiprocessing.get_context("fork").Process(target=work, args=args, daemon=True)
    p.start()
    return p


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
    # the same as sorted(...)[:n], ties included, without sorting them all
    picked = heapq.nsmallest(n, files, key=unit_of(a.seed, "change", a.round))
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
    b.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="processes writing the copies (default: the CPUs)")
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
        if a.jobs < 1:
            sys.exit("make-copies: --jobs must be at least 1")
        build(a)
    else:
        change(a)


if __name__ == "__main__":
    main()
