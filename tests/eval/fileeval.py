#!/usr/bin/python3
"""File-level evaluation, beside eval.py's passage-level one (make eval):
rubric, SQLite FTS5 and Xapian (as omindex + quest), each at its natural
unit: rubric searches passages and a file is ranked by its first hit; the
peers index one document per whole file.

    fileeval.py queries PASSAGES OUT ROOT   sample files, write
                                            OUT/file-queries.tsv and
                                            OUT/pair-queries.tsv
    fileeval.py run PASSAGES OUT SEARCH INDEX CWD
                                            run every engine, append the
                                            report to OUT/results.md

PASSAGES is the passage dump of the rubric index (dump-passages, as for
eval.py); ROOT is the source tree (for rubric's stop word list).

Whole-file text: a file's passages from the dump, in order, joined by a
blank line, so every engine reads the same text. For sotu, the fortunes
and the Bible that is the file as it is on disk (the same words in the
same order, only white space differs: checked 2026-11-30 on 1,433
files); for mail (spam-assassin) it is the body as rubric extracts it
(text/plain or HTML-to-text parts, transfer encodings undone, charsets
converted), headers left out. The same text feeds the query sampling,
FTS5 and Xapian.

`queries`:
  - file queries (OUT/file-queries.tsv: qid, kind, query, target): per
    collection (the directory under corpus/related, as eval.py names them)
    a seeded sample of PER_COLLECTION files with at least MIN_WORDS words
    and a text found in no other file (a known item must be unique); for
    each, 2-4 words picked among the rarer half (document frequency over
    FILES) of the plain tokens (eval.py's rule: letters/digits only) of a
    random WINDOW-word window of the file (the whole file when shorter),
    so that they may fall in different passages; the target is the file.
    kind: "one-passage" when some passage holds every query word (as a
    lowercase word), "spread" when none does (the words are only found
    together in the file).
  - two-word queries (OUT/pair-queries.tsv: qid, kind, query, files,
    passages; the last two count the files and passages holding both words,
    as lowercase words): the FIXED_PAIRS; N_CROSS "cross" pairs, a word each
    from two passages of a sampled file, kept when at most a quarter of the
    files holding both have them in one passage; N_COMMON "common" pairs of
    frequent words found together in at least 20 files. Words in rubric's
    stop list (lib/stopwords.c) are never picked (rubric drops them).

`run`:
  - file queries: rubric (rubric-search --json -n FILE_HITS --queries-from,
    one process; --bm25 $EVAL_BM25 if set): "type":"hit" objects only,
    in rubric's rank order (equal scores are ordered by path and line by
    rubric itself; partial hits follow the full ones), files ranked in
    order of their first hit. A hit with a "missing" field (a
    partial hit: a passage lacking some of the words, shown when no passage
    holds them all) counts like any other; the report says how many queries got only such hits and how
    many targets were found through one. FTS5: one row per file
    (porter unicode61 remove_diacritics 2, words AND-ed, ORDER BY bm25).
    Xapian: one document per file (TermGenerator, English, STEM_SOME;
    QueryParser STEM_SOME, AND; BM25Weight defaults), as eval.py's peer.
    Reports MRR@10, recall@1 and recall@10 per engine, overall, by kind
    and by collection; OUT/file-ranks.tsv has the target's rank per query
    and engine (0: not in the top 10).
  - two-word queries: `rubric-search -l --queries-from` (no -n: every
    matching file, each line QID:PATH) against every file the Xapian
    whole-file peer matches (AND); reports the share of Xapian's files
    that rubric lists (per query; mean, pooled, minimum, the worst 5);
    OUT/pair-coverage.tsv has the counts per query.

The peers' file indexes (fts5-files.db, xapian-files/) are rebuilt only
when the whole-file texts changed (files-peers.stamp).
"""
import base64
import csv
import hashlib
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev  # noqa: E402  (tests/eval/eval.py: the shared helpers)

SEED = 20261130
PER_COLLECTION = 100
WINDOW = 60
MIN_WORDS = ev.MIN_WORDS
TOP = ev.TOP
FILE_HITS = 100          # rubric-search -n for the file queries (passages)
FIXED_PAIRS = ["linux kernel", "jerusalem temple", "freedom war"]
N_CROSS = 67
N_COMMON = 30
ENGINES = ev.ENGINES
LABEL = ev.LABEL
KINDS = [("one-passage", "words in one passage"),
         ("spread", "words only across passages")]


def log(msg):
    print(f"eval: files: {msg}", file=sys.stderr, flush=True)


def load_files(passages_path):
    """path -> [passage text, ...] in passage order, paths sorted."""
    files = {}
    for pid, text in ev.load_passages(passages_path):
        files.setdefault(pid.rpartition("#")[0], []).append(text)
    return files


def file_text(passages):
    return "\n\n".join(passages)


# ------------------------------------------------------------------ queries

def window_query(passages, df, rng):
    """2-4 of the rarer plain words of a random WINDOW-token window, in
    window order; None if the window has fewer than two plain words."""
    toks = [t for p in passages for t in p.split()]
    if len(toks) > WINDOW:
        j = rng.randrange(len(toks) - WINDOW + 1)
        toks = toks[j:j + WINDOW]
    words = [t.lower() for t in map(ev.plain_token, toks) if t]
    cands = sorted({w for w in words if len(w) >= 3 and not w.isdigit()},
                   key=lambda w: (df[w], w))
    if len(cands) < 2:
        cands = sorted(set(words), key=lambda w: (df[w], w))
    if len(cands) < 2:
        return None
    k = rng.randint(2, 4)
    pool = cands[:max(k, (len(cands) + 1) // 2)]
    chosen = rng.sample(pool, min(k, len(pool)))
    order = {w: words.index(w) for w in chosen}
    return sorted(chosen, key=order.get)


def make_file_queries(files, df, n_words, text_count, rng):
    by_coll = defaultdict(list)
    for path in files:
        if n_words[path] >= MIN_WORDS and text_count[path] == 1:
            by_coll[ev.collection(path)].append(path)
    rows = []
    for coll in sorted(by_coll):
        cand = by_coll[coll][:]
        rng.shuffle(cand)
        got = 0
        for path in cand:
            if got == PER_COLLECTION:
                break
            ws = window_query(files[path], df, rng)
            if ws is None:
                continue
            sets = [set(ev.words_of(p)) for p in files[path]]
            kind = ("one-passage" if any(all(w in s for w in ws)
                                         for s in sets) else "spread")
            rows.append((kind, " ".join(ws), path))
            got += 1
    return [(f"f{i + 1:04d}",) + r for i, r in enumerate(rows)], by_coll


def make_pairs(files, df, stop, rng):
    """The two-word queries: fixed, cross-passage and common pairs."""
    paths = list(files)
    n_files = len(paths)

    def ok(w, lo, hi):
        return (w.isalpha() and len(w) >= 4 and w not in stop
                and lo <= df[w] <= hi)

    # cross: a word from each of two passages of a file (neither word in
    # the other's passage), collections in turn
    multi = defaultdict(list)
    for p in paths:
        if len(files[p]) >= 2:
            multi[ev.collection(p)].append(p)
    colls = sorted(multi)
    cands, seen = [], set()
    tries = 0
    while len(cands) < 8 * N_CROSS and tries < 100 * N_CROSS:
        tries += 1
        p = rng.choice(multi[colls[tries % len(colls)]])
        i, j = rng.sample(range(len(files[p])), 2)
        wi = {t.lower() for t in map(ev.plain_token, files[p][i].split()) if t}
        wj = {t.lower() for t in map(ev.plain_token, files[p][j].split()) if t}
        a = sorted(w for w in wi - wj if ok(w, 3, n_files // 50))
        b = sorted(w for w in wj - wi if ok(w, 3, n_files // 50))
        if not a or not b:
            continue
        pair = (rng.choice(a), rng.choice(b))
        if pair[0] != pair[1] and frozenset(pair) not in seen:
            seen.add(frozenset(pair))
            cands.append(pair)
    # common: frequent words (ranks 20-100 by file frequency)
    freq = [w for w, _ in sorted(df.items(), key=lambda x: (-x[1], x[0]))
            if ok(w, 0, n_files)][20:100]
    commons = []
    for _ in range(10 * N_COMMON):
        pair = tuple(rng.sample(freq, 2))
        if frozenset(pair) not in seen:
            seen.add(frozenset(pair))
            commons.append(pair)
    fixed = [tuple(q.split()) for q in FIXED_PAIRS]

    want = {w for pr in cands + commons + fixed for w in pr}
    in_files, in_passages, file_of = defaultdict(set), defaultdict(set), []
    for fi, p in enumerate(paths):
        for ptext in files[p]:
            for w in want.intersection(ev.words_of(ptext)):
                in_files[w].add(fi)
                in_passages[w].add(len(file_of))
            file_of.append(fi)

    def counts(pair):
        """(files holding both words, passages holding both)"""
        a, b = pair
        return (len(in_files[a] & in_files[b]),
                len(in_passages[a] & in_passages[b]))

    def together(pair):
        """files where one passage holds both words"""
        a, b = pair
        return len({file_of[n] for n in in_passages[a] & in_passages[b]})

    rows = [("fixed", pr) + counts(pr) for pr in fixed]
    cross = [pr for pr in cands if 4 * together(pr) <= counts(pr)[0]]
    rows += [("cross", pr) + counts(pr) for pr in cross[:N_CROSS]]
    common = [pr for pr in commons if counts(pr)[0] >= 20]
    rows += [("common", pr) + counts(pr) for pr in common[:N_COMMON]]
    return [(f"p{i + 1:03d}", kind, " ".join(pr), str(nf), str(np))
            for i, (kind, pr, nf, np) in enumerate(rows)]


def make_queries(passages_path, out, root):
    files = load_files(passages_path)
    df, n_words, text_count, key = Counter(), {}, Counter(), {}
    for path, ps in files.items():
        w = [x for p in ps for x in ev.words_of(p)]
        df.update(set(w))
        n_words[path] = len(w)
        key[path] = hashlib.sha1(" ".join(w).encode("utf-8",
                                 "surrogatepass")).digest()
        text_count[key[path]] += 1
    text_count = {p: text_count[key[p]] for p in files}
    rng = random.Random(SEED)
    rows, by_coll = make_file_queries(files, df, n_words, text_count, rng)
    with open(os.path.join(out, "file-queries.tsv"), "w",
              encoding="utf-8") as f:
        f.write("qid\tkind\tquery\ttarget\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    kinds = Counter(r[1] for r in rows)
    log(f"{len(rows)} file queries ({kinds['one-passage']} with the words "
        f"in one passage, {kinds['spread']} spread) from "
        f"{sum(map(len, by_coll.values()))} eligible of {len(files)} files, "
        f"seed {SEED}")
    pairs = make_pairs(files, df, ev.load_stopwords(root), rng)
    with open(os.path.join(out, "pair-queries.tsv"), "w",
              encoding="utf-8") as f:
        f.write("qid\tkind\tquery\tfiles\tpassages\n")
        for row in pairs:
            f.write("\t".join(row) + "\n")
    kinds = Counter(r[1] for r in pairs)
    log(f"{len(pairs)} two-word queries ({kinds['fixed']} fixed, "
        f"{kinds['cross']} cross-passage, {kinds['common']} common)")


# ------------------------------------------------------------------ engines

def run_search(args, qrows, search, index, cwd):
    """One rubric-search --queries-from process over (qid, query) rows.
    Returns (stdout lines, errors: qid -> message, fatal message or None,
    seconds)."""
    qfile = os.path.join(os.path.dirname(os.path.abspath(index)),
                         f"rubric-file-queries.{os.getpid()}.tsv")
    with open(qfile, "w", encoding="utf-8") as f:
        for qid, query in qrows:
            f.write(f"{qid}\t{query}\n")
    # -j 1: one process, as the peers' timings are
    cmd = [search, "-d", index] + args + ["-j", "1", "--queries-from", qfile]
    t = time.time()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    secs = time.time() - t
    os.remove(qfile)
    qids = {q for q, _ in qrows}
    errors, other = {}, []
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        m = re.match(r"rubric-search: query (\S+): (.*)", line)
        if m and m.group(1) in qids:
            errors[m.group(1)] = m.group(2)
        elif line.strip():
            other.append(line)
    fatal = None
    if p.returncode < 0 or (p.returncode == 2 and (other or not errors)):
        fatal = "; ".join(other[:3]) or f"exit {p.returncode}"
        if p.returncode < 0:
            fatal = f"killed by signal {-p.returncode}: {fatal}"
        log(f"rubric: {' '.join(cmd)}: {fatal}")
    elif other:
        log("rubric: " + "; ".join(other[:5]))
    return p.stdout.splitlines(), errors, fatal, secs


def abs_path(path, cwd):
    return os.path.normpath(os.path.join(cwd, path))


def run_rubric_files(queries, search, index, cwd, bm25):
    """Returns (ranks: qid -> [(path, partial)...] best first, errors,
    seconds, qids answered only with partial hits)."""
    import json
    args = ["--json", "-n", str(FILE_HITS)] + (["--bm25", bm25] if bm25 else [])
    lines, errors, fatal, secs = run_search(
        args, [(q[0], q[2]) for q in queries], search, index, cwd)
    if fatal:
        return {}, {q[0]: fatal for q in queries}, secs, set()
    hits = defaultdict(list)
    for line in lines:
        o = json.loads(line)
        if o.get("type") != "hit":
            continue
        path = o["path"]
        if isinstance(path, dict):
            path = base64.b64decode(path["bytes"]).decode("utf-8", "replace")
        # rubric's own order: partial hits follow the full matches
        # whatever their score (another scale: the relaxed query's).
        hits[o["qid"]].append((o["rank"], abs_path(path, cwd),
                               o["passage"], "missing" in o))
    ranks, partial_only = {}, set()
    for qid, _, _, _ in queries:
        if qid in errors:
            continue
        hs = sorted(hits.get(qid, []))
        seen, order = set(), []
        for _, path, _, partial in hs:
            if path not in seen:
                seen.add(path)
                order.append((path, partial))
        ranks[qid] = order
        if hs and all(h[3] for h in hs):
            partial_only.add(qid)
    return ranks, errors, secs, partial_only


def run_rubric_lists(pairs, search, index, cwd):
    """rubric-search -l: qid -> set of files (all of them: no -n)."""
    lines, errors, fatal, secs = run_search(
        ["-l"], [(q[0], q[2]) for q in pairs], search, index, cwd)
    if fatal:
        return {}, {q[0]: fatal for q in pairs}, secs
    listed = {q[0]: set() for q in pairs if q[0] not in errors}
    for line in lines:
        qid, _, path = line.decode("utf-8", "surrogateescape").partition(":")
        listed.setdefault(qid, set()).add(abs_path(path, cwd))
    return listed, errors, secs


def start_fts5(texts, queries, out, rebuild):
    """eval.py's sqlite3 process over whole files, every query's words
    AND-ed."""
    return ev.start_fts5(texts, [(q[0], "words", q[2], q[3]) for q in queries], out,
                         rebuild, name="fts5-files", csv_name="fts5-files", idcol="path",
                         table="f")


def finish_fts5(proc, line_qid, queries, out):
    so, se = proc.communicate()
    csvp = os.path.join(out, "fts5-files.csv")
    if os.path.exists(csvp):
        os.remove(csvp)
    ranks = {q[0]: [] for q in queries}
    errors, other = {}, []
    for line in so.decode("utf-8", "replace").splitlines():
        qid, _, path = line.partition("\t")
        ranks.setdefault(qid, []).append(path)
    for line in se.decode("utf-8", "replace").splitlines():
        m = re.match(r"(?:Parse|Runtime) error near line (\d+): (.*)", line)
        if m and int(m.group(1)) in line_qid:
            qid = line_qid[int(m.group(1))]
            errors[qid] = m.group(2)
            ranks.pop(qid, None)
        elif line.strip():
            other.append(line)
    if other:
        log("fts5: " + "; ".join(other[:5]))
    if proc.returncode not in (0, 1):
        log(f"fts5: sqlite3 exited {proc.returncode}")
    return ranks, errors


def xapian_files(texts, queries, pairs, out, rebuild):
    """Xapian over whole files: the top TOP files of each file query, and
    every file matching each two-word query."""
    import xapian
    qp, enq = ev.open_xapian(texts, os.path.join(out, "xapian-files"), rebuild)
    out_ranks, errors, matched, perrors = {}, {}, {}, {}
    for rows, size, res, errs in ((queries, TOP, out_ranks, errors),
                                  (pairs, max(len(texts), 1), matched,
                                   perrors)):
        for row in rows:
            qid, query = row[0], row[2]
            try:
                enq.set_query(qp.parse_query(query, qp.FLAG_DEFAULT))
                res[qid] = [m.document.get_data().decode("utf-8")
                            for m in enq.get_mset(0, size)]
            except xapian.Error as e:
                errs[qid] = str(e)
    return (out_ranks, errors), (matched, perrors)


# ------------------------------------------------------------------ report

def texts_digest(texts):
    h = hashlib.sha256()
    for path, text in texts:
        h.update(f"{path}\0{text}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def file_report(queries, results, partial, times, setup):
    n_q = len(queries)
    ranks = {e: {q[0]: ev.rank_of(results[e][0].get(q[0], [])[:TOP], q[3])
                 for q in queries} for e in ENGINES}
    via_partial = {q[0] for q in queries
                   if any(p == q[3] and part for p, part in
                          partial["hits"].get(q[0], [])[:TOP])}
    with open(os.path.join(setup["out"], "file-ranks.tsv"), "w",
              encoding="utf-8") as f:
        f.write("qid\tkind\tcollection\tquery\ttarget\t"
                + "\t".join(ENGINES) + "\trubric_partial\n")
        for qid, kind, query, target in queries:
            f.write(f"{qid}\t{kind}\t{ev.collection(target)}\t{query}\t"
                    f"{target}\t"
                    + "\t".join(str(ranks[e][qid]) for e in ENGINES)
                    + f"\t{int(qid in via_partial)}\n")
    groups = [("all", lambda q: True)]
    groups += [(label, lambda q, k=k: q[1] == k) for k, label in KINDS]
    for c in sorted({ev.collection(q[3]) for q in queries}):
        groups.append((c, lambda q, c=c: ev.collection(q[3]) == c))

    rel = lambda p: os.path.relpath(p, setup["cwd"])
    L = ["", "## File-level known-item evaluation", ""]
    L.append(f"{n_q} queries (seed {SEED}), up to {PER_COLLECTION} files "
             f"sampled per collection from {setup['files']} files: 2-4 of "
             f"a file's rarer words (document frequency over files) from a "
             f"random {WINDOW}-word window of its text, the target being "
             f"the file; a hit is the target file among the top {TOP} "
             f"files. Whole-file text: the file's passages (as dumped for "
             f"the passage-level evaluation) joined, i.e. the file itself, "
             f"for mail its body without headers. *{KINDS[0][1]}*: some "
             f"passage holds every query word; *{KINDS[1][1]}*: none does. "
             f"Metrics: MRR@{TOP} / recall@1 / recall@{TOP}.")
    L.append("")
    L.append(f"- rubric: `{rel(setup['search'])} -d {rel(setup['index'])} "
             f"--json -n {FILE_HITS} --queries-from QUERIES`, files in the "
             f"order of their first hit (BM25 K1,B = {setup['bm25']})")
    L.append("- SQLite FTS5: one row per file, porter unicode61 "
             "remove_diacritics 2, words AND-ed, ORDER BY bm25()")
    L.append("- Xapian: one document per file, TermGenerator + QueryParser, "
             "english, STEM_SOME, AND, BM25Weight() defaults (as omindex + "
             "quest -s english -o and)")
    L.append("")
    L.append("| file queries | n | " + " | ".join(LABEL[e] for e in ENGINES)
             + " |")
    L.append("|---|---:|" + "---|" * len(ENGINES))
    for name, pred in groups:
        qs = [q for q in queries if pred(q)]
        cells = [ev.fmt_m(ev.metrics([ranks[e][q[0]] for q in qs]))
                 for e in ENGINES]
        L.append(f"| {name} | {len(qs)} | " + " | ".join(cells) + " |")
    L.append("")
    L.append("| engine | errors (failed to parse or run) | no result | "
             "query time |")
    L.append("|---|---:|---:|---:|")
    for e in ENGINES:
        got, errs = results[e]
        empty = sum(1 for q in queries if q[0] in got and not got[q[0]])
        L.append(f"| {LABEL[e]} | {len(errs)} | {empty} | {times[e]} |")
    for e in ENGINES:
        for qid, msg in list(results[e][1].items())[:3]:
            L.append(f"\n{LABEL[e]} error, {qid}: {msg}")
    L.append("")
    L.append(f"rubric's partial hits (a \"missing\" field: the file holds "
             f"the words, not the passage shown): {len(partial['only'])} "
             f"queries answered only with partial hits; {len(via_partial)} "
             f"targets found in the top {TOP} through one (counted as "
             f"found). Per-query ranks: file-ranks.tsv (0: not in the top "
             f"{TOP}).")
    return L


def pair_report(pairs, listed, lerrors, matched, merrors, times, out):
    rows = []
    with open(os.path.join(out, "pair-coverage.tsv"), "w",
              encoding="utf-8") as f:
        f.write("qid\tkind\tquery\txapian_files\trubric_files\tshared\t"
                "share\n")
        for qid, kind, query, nf, np_ in pairs:
            if qid in lerrors or qid in merrors:
                continue
            x = set(matched[qid])
            r = listed.get(qid, set())
            shared = len(x & r)
            share = shared / len(x) if x else None
            rows.append((qid, kind, query, len(x), len(r), shared, share))
            f.write(f"{qid}\t{kind}\t{query}\t{len(x)}\t{len(r)}\t{shared}\t"
                    + ("" if share is None else f"{share:.4f}") + "\n")
    L = ["", "## Two-word queries: files listed by `rubric-search -l` "
         "against Xapian's whole-file matches", ""]
    L.append(f"{len(pairs)} two-word queries (seed {SEED}): fixed ("
             + ", ".join(f"*{p}*" for p in FIXED_PAIRS) + "), cross "
             "(a word from each of two passages of a file; at most a "
             "quarter of the files holding both hold them in one passage) "
             "and common (frequent words found together in 20+ files). "
             "Each query's share: the files Xapian matches (one document "
             "per file, AND, every match) that `rubric-search -l "
             "--queries-from` (no -n: every file) lists. Pooled: all "
             "shared files over all Xapian's files.")
    L.append("")
    L.append("| pairs | n | Xapian files | rubric files | mean share | "
             "pooled | min | under 95% |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in ("all", "fixed", "cross", "common"):
        rs = [r for r in rows if r[6] is not None
              and (name == "all" or r[1] == name)]
        if not rs:
            continue
        xs = sum(r[3] for r in rs)
        L.append(f"| {name} | {len(rs)} | {xs} | {sum(r[4] for r in rs)} | "
                 f"{sum(r[6] for r in rs) / len(rs):.3f} | "
                 f"{sum(r[5] for r in rs) / xs:.3f} | "
                 f"{min(r[6] for r in rs):.3f} | "
                 f"{sum(1 for r in rs if r[6] < 0.95)} |")
    none = [r for r in rows if r[6] is None]
    L.append("")
    L.append("Worst 5 (share of Xapian's files rubric lists):")
    L.append("")
    L.append("| qid | kind | query | Xapian files | rubric files | shared | "
             "share |")
    L.append("|---|---|---|---:|---:|---:|---:|")
    worst = sorted((r for r in rows if r[6] is not None),
                   key=lambda r: (r[6], -r[3], r[0]))[:5]
    for r in worst:
        L.append(f"| {r[0]} | {r[1]} | `{r[2]}` | {r[3]} | {r[4]} | "
                 f"{r[5]} | {r[6]:.3f} |")
    L.append("")
    errs = len(lerrors) + len(merrors)
    L.append(f"({len(none)} queries Xapian matches no file, left out; "
             f"{errs} errors; rubric -l: {times['rubric']}; per query: "
             f"pair-coverage.tsv)")
    for qid, msg in list(lerrors.items())[:3]:
        L.append(f"\nrubric error, {qid}: {msg}")
    for qid, msg in list(merrors.items())[:3]:
        L.append(f"\nXapian error, {qid}: {msg}")
    return L


def run(passages_path, out, search, index, cwd):
    queries = ev.read_queries(os.path.join(out, "file-queries.tsv"))
    pairs = ev.read_queries(os.path.join(out, "pair-queries.tsv"))
    files = load_files(passages_path)
    texts = [(p, file_text(ps)) for p, ps in files.items()]
    digest = texts_digest(texts)
    stamp = os.path.join(out, "files-peers.stamp")
    rebuild = ev.peers_stale(stamp, digest, [os.path.join(out, "fts5-files.db"),
                                             os.path.join(out, "xapian-files")])
    log(("building peer indexes over" if rebuild else "reusing peer "
         "indexes of") + f" {len(texts)} whole files")
    results, times = {}, {}
    t0 = time.time()
    proc, line_qid = start_fts5(texts, queries, out, rebuild)

    bm25 = os.environ.get("EVAL_BM25") or None
    ranks, errors, secs, partial_only = run_rubric_files(
        queries, search, index, cwd, bm25)
    results["rubric"] = ({q: [p for p, _ in hs] for q, hs in ranks.items()},
                         errors)
    partial = {"only": partial_only, "hits": ranks}
    times["rubric"] = (f"{secs:.2f} s, {secs / len(queries) * 1000:.2f} "
                       f"ms/query (one --queries-from process)")
    log(f"rubric: {len(queries)} file queries in {secs:.2f} s")

    listed, lerrors, lsecs = run_rubric_lists(pairs, search, index, cwd)
    ltimes = {"rubric": f"{lsecs:.2f} s for {len(pairs)} queries, one "
                        f"process"}
    log(f"rubric -l: {len(pairs)} two-word queries in {lsecs:.2f} s")

    t = time.time()
    results["xapian"], (matched, merrors) = xapian_files(
        texts, queries, pairs, out, rebuild)
    times["xapian"] = "in-process"
    log(f"xapian: {'indexed and ' if rebuild else ''}queried in "
        f"{time.time() - t:.1f} s")

    results["fts5"] = finish_fts5(proc, line_qid, queries, out)
    times["fts5"] = "one process"
    log(f"fts5: {'indexed and ' if rebuild else ''}queried in "
        f"{time.time() - t0:.1f} s (one process)")
    with open(stamp, "w") as f:
        f.write(digest)

    setup = {"bm25": bm25 or "rubric-search's default", "search": search,
             "index": index, "cwd": cwd, "out": out, "files": len(files)}
    L = file_report(queries, results, partial, times, setup)
    L += pair_report(pairs, listed, lerrors, matched, merrors, ltimes, out)
    text = "\n".join(L) + "\n"
    with open(os.path.join(out, "results.md"), "a", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


def main(argv):
    if len(argv) == 4 and argv[0] == "queries":
        make_queries(*argv[1:])
    elif len(argv) == 6 and argv[0] == "run":
        run(*argv[1:])
    else:
        sys.exit("usage: fileeval.py queries PASSAGES OUT ROOT\n"
                 "       fileeval.py run PASSAGES OUT SEARCH INDEX CWD")


if __name__ == "__main__":
    main(sys.argv[1:])
