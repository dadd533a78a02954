#!/usr/bin/python3
"""Ranked retrieval on a public test collection with relevance judgments
(CISI, tests/data/cisi): rubric against SQLite FTS5 and Xapian (as omindex
+ quest), each searching the same files, one document a file.

    collection.py prepare DATA OUT     the collection as files: OUT/docs/,
                                       OUT/queries.tsv, OUT/qrels.tsv
    collection.py run OUT INDEXER SEARCH [--systems LIST] [--rubric-args ARGS]
                                       index, search, score; the report goes
                                       to OUT/collection.md (and stdout)

`prepare` reads DATA/CISI.ALL, CISI.QRY and CISI.REL (records in the SMART
format, described in DATA/README.md) and checks they are whole: 1,460
documents, 112 queries, 3,114 judgments of 76 queries. It writes
  - OUT/docs/NNNN.txt, one file a document (NNNN: its .I, zero-padded):
    the title (.T, its lines joined) on the first line, a blank line, then
    the abstract (.W) with the file's line breaks. Authors, sources and
    cross-references (.A, .B, .C, .K, .X) are left out.
  - OUT/queries.tsv: QID<TAB>WORDS, no header (a --queries-from file as it
    is): the query's .W lower-cased, every character other than a-z and
    0-9 turned into a space, spaces collapsed. Every system gets these
    words. rubric's operators (OR, AND, NOT, NEAR) are upper case and
    fields need a colon, so lower-case words are plain words to it, as to
    Xapian's QueryParser and (quoted) to FTS5.
  - OUT/qrels.tsv: QID<TAB>DOCID<TAB>GRADE, no header; CISI's judgments
    are binary, so GRADE is 1.

`run` searches every query (the 112; the 76 judged ones are scored) with:
  - fts5: SQLite FTS5 (Python's sqlite3), one row (path, body: the file)
    a file, porter unicode61 remove_diacritics 2; the words, each quoted,
    OR-ed; ORDER BY bm25() LIMIT 100.
  - xapian: as omindex indexes a file with a title and quest searches it:
    TermGenerator, English stemmer, STEM_SOME; the title (the file's first
    line) indexed with prefix S and without, then the rest of the file;
    QueryParser, English, STEM_SOME, default operator OR; BM25Weight()
    defaults; top 100.
  - rubric: rubric-index -q of OUT/docs into OUT/rubric-index (afresh),
    then one rubric-search --json -n 1000 -j 1 --queries-from process; a
    file's rank is that of its first hit (distinct files in hit order,
    partial hits included, in rubric's order).
  - rubric-any: the same with --any (the words OR-ed, as the peers do).
Extra rubric-search arguments for both: --rubric-args (default
$EVAL_RUBRIC_ARGS), then --bm25 $EVAL_BM25 if set.

Metrics per judged query, each system's list cut at 100: nDCG@10 (gain
the grade, discount log2(rank + 1), ideal from the judgments), P@10,
AP@100 (precision at each relevant file in the top 100, summed, over the
number of relevant files), averaged over the held-out half (even qids),
the tuning half (odd qids) and all; then rubric's held-out nDCG@10 and
MAP@100 over the better peer's, and the times. Per query:
OUT/collection-perquery.tsv.

--systems LIST (comma-separated; default all four) picks the systems run
now. Runs are kept in OUT/runs/SYSTEM.tsv with a key of what they were
made from (the files, the queries, this script and the library's version;
for rubric its two programs and arguments): a peer whose run is fresh is
not run again, and a system left out of --systems is reported from its
run when that is fresh. So after one full run, `--systems rubric` re-runs
rubric alone and reports the others' runs (rubric --any's only if made
with the same programs and arguments).
"""
import argparse
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time

# what a whole CISI holds (checked by `prepare`)
N_DOCS, N_QUERIES, N_JUDGMENTS, N_JUDGED = 1460, 112, 3114, 76
TOP = 100            # every system's ranked list, and MAP's cut
# rubric's hits are passages, several to a file: it is asked for this many,
# and its list of files (in the order of their first hit) cut at TOP.
RUBRIC_HITS = 1000
CUT = 10             # nDCG@10, P@10
SYSTEMS = ["fts5", "xapian", "rubric", "rubric-any"]
PEERS = ["fts5", "xapian"]
LABEL = {"fts5": "SQLite FTS5", "xapian": "Xapian (omindex + quest)",
         "rubric": "rubric", "rubric-any": "rubric --any"}
HALVES = [("held out (even qids)", 0), ("tuning (odd qids)", 1),
          ("all", None)]

MARK = re.compile(r"\.([A-Z])(?: +(\d+))?\s*")


def log(msg):
    print(f"eval: cisi: {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ prepare

def read_records(path):
    """A SMART-format file as [(id, {field letter: [lines]})], in order."""
    records = []
    field = None
    with open(path, encoding="utf-8") as f:      # CRLF or LF
        for line in f:
            line = line.rstrip("\n")
            m = MARK.fullmatch(line)
            if m and m.group(1) == "I":
                records.append((int(m.group(2)), {}))
                field = None
            elif m and not m.group(2) and records:
                field = records[-1][1].setdefault(m.group(1), [])
            elif field is not None:
                field.append(line)
            elif line.strip():
                sys.exit(f"{path}: text outside a field: {line!r}")
    return records


def query_words(text):
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def doc_text(fields):
    title = " ".join(x.strip() for x in fields.get("T", []) if x.strip())
    body = "\n".join(fields.get("W", [])).strip("\n")
    return f"{title}\n\n{body}\n"


def prepare(data, out):
    docs = read_records(os.path.join(data, "CISI.ALL"))
    queries = read_records(os.path.join(data, "CISI.QRY"))
    qrels = []
    with open(os.path.join(data, "CISI.REL"), encoding="utf-8") as f:
        for line in f:
            if line.strip():          # qid docid 0 0.000000
                qid, docid = line.split()[:2]
                qrels.append((int(qid), int(docid)))
    ids = {d for d, _ in docs}
    judged = {q for q, _ in qrels}
    problems = []
    if len(docs) != N_DOCS or len(ids) != N_DOCS:
        problems.append(f"{len(docs)} documents ({len(ids)} ids), "
                        f"not {N_DOCS}")
    if len(queries) != N_QUERIES:
        problems.append(f"{len(queries)} queries, not {N_QUERIES}")
    if len(set(qrels)) != N_JUDGMENTS or len(judged) != N_JUDGED:
        problems.append(f"{len(set(qrels))} judgments of {len(judged)} "
                        f"queries, not {N_JUDGMENTS} of {N_JUDGED}")
    if not {d for _, d in qrels} <= ids:
        problems.append("judgments of documents not in CISI.ALL")
    if not judged <= {q for q, _ in queries}:
        problems.append("judgments of queries not in CISI.QRY")
    if problems:
        sys.exit(f"eval: cisi: {data} is not the whole CISI: "
                 + "; ".join(problems))

    docdir = os.path.join(out, "docs")
    shutil.rmtree(docdir, ignore_errors=True)
    os.makedirs(docdir)
    for docid, fields in docs:
        with open(os.path.join(docdir, f"{docid:04d}.txt"), "w",
                  encoding="utf-8") as f:
            f.write(doc_text(fields))
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as f:
        for qid, fields in queries:
            f.write(f"{qid}\t{query_words(' '.join(fields.get('W', [])))}\n")
    with open(os.path.join(out, "qrels.tsv"), "w", encoding="utf-8") as f:
        for qid, docid in sorted(set(qrels)):
            f.write(f"{qid}\t{docid}\t1\n")
    log(f"{len(docs)} documents, {len(queries)} queries, {len(set(qrels))} "
        f"judgments of {N_JUDGED} queries written to {out}")


# ------------------------------------------------------------------ inputs

def load(out):
    """(docs: [(docid, path, text)], queries: [(qid, words)],
    qrels: {qid: {docid: grade}}) as `prepare` wrote them."""
    docdir = os.path.join(out, "docs")
    docs = []
    for name in sorted(os.listdir(docdir)):
        path = os.path.join(docdir, name)
        with open(path, encoding="utf-8") as f:
            docs.append((int(name.split(".")[0]), path, f.read()))
    with open(os.path.join(out, "queries.tsv"), encoding="utf-8") as f:
        queries = [tuple(line.rstrip("\n").split("\t")) for line in f]
    qrels = {}
    with open(os.path.join(out, "qrels.tsv"), encoding="utf-8") as f:
        for line in f:
            qid, docid, grade = line.split("\t")
            qrels.setdefault(qid, {})[int(docid)] = int(grade)
    return docs, queries, qrels


def digest(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# ------------------------------------------------------------------ systems
# Each returns ({qid: [docid, ...] best first}, index seconds, query seconds).

def run_fts5(docs, queries, out):
    db = os.path.join(out, "fts5.db")
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    t = time.time()
    con.execute("CREATE VIRTUAL TABLE files USING fts5(path UNINDEXED, body, "
                "tokenize='porter unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO files(rowid, path, body) VALUES (?, ?, ?)",
                    docs)
    con.commit()
    t_index = time.time() - t
    t = time.time()
    runs = {}
    for qid, words in queries:
        match = " OR ".join(f'"{w}"' for w in words.split())
        runs[qid] = [r[0] for r in con.execute(
            "SELECT rowid FROM files WHERE files MATCH ? ORDER BY bm25(files) "
            f"LIMIT {TOP}", (match,))]
    t_query = time.time() - t
    con.close()
    return runs, t_index, t_query


def run_xapian(docs, queries, out):
    import xapian
    path = os.path.join(out, "xapian")
    t = time.time()
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_stemming_strategy(tg.STEM_SOME)
    for docid, _, text in docs:
        title, _, body = text.partition("\n")
        doc = xapian.Document()
        tg.set_document(doc)
        # omindex: the title with prefix S and without, then the body
        tg.index_text(title, 1, "S")
        tg.index_text(title)
        tg.increase_termpos(100)
        tg.index_text(body)
        doc.set_data(str(docid))
        db.replace_document(docid, doc)
    db.commit()
    t_index = time.time() - t
    t = time.time()
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(qp.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_OR)
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight())
    runs = {}
    for qid, words in queries:
        enq.set_query(qp.parse_query(words, qp.FLAG_DEFAULT))
        runs[qid] = [m.docid for m in enq.get_mset(0, TOP)]
    t_query = time.time() - t
    db.close()
    return runs, t_index, t_query


def index_rubric(out, indexer):
    idx = os.path.join(out, "rubric-index")
    shutil.rmtree(idx, ignore_errors=True)
    t = time.time()
    # A relative path: ties are broken by a hash of the path rubric keeps,
    # so the ranking does not depend on where the checkout is.
    p = subprocess.run([indexer, "-q", "-d", idx, "docs"], cwd=out,
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"eval: cisi: rubric-index failed (exit {p.returncode}): "
                 f"{p.stderr.strip()}")
    return idx, time.time() - t


def run_rubric(out, search, idx, args):
    """One rubric-search process over OUT/queries.tsv; a file ranks by
    its first hit."""
    cmd = ([search, "-d", idx, "--json", "-n", str(RUBRIC_HITS)] + args
           + ["-j", "1", "--queries-from", os.path.join(out, "queries.tsv")])
    t = time.time()
    p = subprocess.run(cmd, cwd=out, capture_output=True, text=True)
    t_query = time.time() - t
    errors = [line for line in p.stderr.splitlines()
              if line.startswith("rubric-search: ")
              and not line.startswith("rubric-search: warning")]
    if p.returncode not in (0, 1) or errors:
        sys.exit(f"eval: cisi: {shlex.join(cmd)}: exit {p.returncode}: "
                 + "; ".join(errors[:3] or p.stderr.splitlines()[:3]))
    hits = {}
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") == "hit":
            docid = int(re.search(r"(\d+)\.txt$", o["path"]).group(1))
            hits.setdefault(o["qid"], []).append((o["rank"], docid))
    runs = {}
    for qid, hs in hits.items():
        order = []
        for _, docid in sorted(hs):
            if docid not in order:
                order.append(docid)
        runs[qid] = order[:TOP]
    return runs, t_query


# ------------------------------------------------------------------ runs

def save_run(path, key, runs, t_index, t_query):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(json.dumps({"key": key, "index_s": t_index,
                            "query_s": t_query}) + "\n")
        for qid, docids in runs.items():
            for docid in docids:
                f.write(f"{qid}\t{docid}\n")
    os.replace(path + ".tmp", path)


def load_run(path, key):
    """(runs, index seconds, query seconds) if PATH was made under KEY."""
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        head = json.loads(next(f))
        if head["key"] != key:
            return None
        runs = {}
        for line in f:
            qid, docid = line.rstrip("\n").split("\t")
            runs.setdefault(qid, []).append(int(docid))
    return runs, head["index_s"], head["query_s"]


# ------------------------------------------------------------------ metrics

def scores(ranked, judged):
    """(nDCG@10, P@10, AP@100) of a ranked list of docids."""
    ranked = ranked[:TOP]
    dcg = sum(judged.get(d, 0) / math.log2(i + 2)
              for i, d in enumerate(ranked[:CUT]))
    ideal = sum(g / math.log2(i + 2) for i, g in
                enumerate(sorted(judged.values(), reverse=True)[:CUT]))
    p10 = sum(1 for d in ranked[:CUT] if judged.get(d, 0) > 0) / CUT
    found, ap = 0, 0.0
    for i, d in enumerate(ranked):
        if judged.get(d, 0) > 0:
            found += 1
            ap += found / (i + 1)
    relevant = sum(1 for g in judged.values() if g > 0)
    return dcg / ideal, p10, ap / relevant


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def in_half(qid, parity):
    return parity is None or int(qid) % 2 == parity


# ------------------------------------------------------------------ run

def run(out, indexer, search, systems, rubric_args):
    import xapian
    docs, queries, qrels = load(out)
    data_key = digest(*(f"{d}\0{t}" for d, _, t in docs),
                      *(f"{q}\0{w}" for q, w in queries))
    script = file_digest(os.path.abspath(__file__))
    keys = {
        "fts5": digest(data_key, script, "fts5", sqlite3.sqlite_version),
        "xapian": digest(data_key, script, "xapian",
                         xapian.version_string()),
    }
    rkey = digest(data_key, script, file_digest(indexer),
                  file_digest(search), *rubric_args)
    keys["rubric"] = digest(rkey, "and")
    keys["rubric-any"] = digest(rkey, "--any")
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)

    results, notes = {}, []
    rubric_idx = t_rindex = None
    for s in SYSTEMS:
        path = os.path.join(out, "runs", s + ".tsv")
        cached = load_run(path, keys[s])
        if cached and (s in PEERS or s not in systems):
            results[s] = cached + ("reused",)
            log(f"{s}: reusing {os.path.relpath(path, out)}")
            continue
        if s not in systems:
            if s in PEERS:
                notes.append(f"{LABEL[s]}: no run of these files (run it: "
                             f"--systems {s})")
            continue
        if s == "fts5":
            runs, ti, tq = run_fts5(docs, queries, out)
        elif s == "xapian":
            runs, ti, tq = run_xapian(docs, queries, out)
        else:
            if rubric_idx is None:
                rubric_idx, t_rindex = index_rubric(out, indexer)
            extra = rubric_args + (["--any"] if s == "rubric-any" else [])
            runs, tq = run_rubric(out, search, rubric_idx, extra)
            ti = t_rindex
        save_run(path, keys[s], runs, ti, tq)
        results[s] = (runs, ti, tq, "run")
        log(f"{s}: indexed in {ti:.2f} s, {len(queries)} queries in "
            f"{tq:.2f} s")
    report(out, results, queries, qrels, rubric_args, len(docs), notes)


def report(out, results, queries, qrels, rubric_args, n_docs, notes):
    shown = [s for s in SYSTEMS if s in results]
    label = dict(LABEL)
    if rubric_args:
        for s in ("rubric", "rubric-any"):
            label[s] += " " + shlex.join(rubric_args)
    words = dict(queries)
    judged = sorted(qrels, key=int)
    per = {s: {q: scores(results[s][0].get(q, []), qrels[q]) for q in judged}
           for s in shown}
    with open(os.path.join(out, "collection-perquery.tsv"), "w",
              encoding="utf-8") as f:
        f.write("qid\thalf\trelevant\t" + "\t".join(
            f"{s}_{m}" for s in shown for m in ("ndcg10", "p10", "ap100"))
            + "\twords\n")
        for q in judged:
            half = "odd" if int(q) % 2 else "even"
            f.write(f"{q}\t{half}\t{len(qrels[q])}\t"
                    + "\t".join(f"{x:.4f}" for s in shown for x in per[s][q])
                    + f"\t{words[q]}\n")

    def avg(s, parity):
        qs = [q for q in judged if in_half(q, parity)]
        return [mean([per[s][q][i] for q in qs]) for i in range(3)], len(qs)

    L = ["", "## CISI: ranked retrieval with relevance judgments", ""]
    L.append(f"CISI (Glasgow IR test collection, tests/data/cisi): {n_docs} "
             f"abstracts, one file each (title, blank line, abstract); "
             f"{len(queries)} queries searched, the {len(judged)} with "
             f"judgments scored (binary); each query's words lower-cased, "
             f"punctuation removed, given alike to every system, each "
             f"returning its top {TOP} files. nDCG@{CUT}, P@{CUT}, "
             f"MAP@{TOP}; the held-out half is the even qids, the tuning "
             f"half the odd ones.")
    L.append("")
    L.append("- SQLite FTS5: one row a file, porter unicode61 "
             "remove_diacritics 2, words quoted and OR-ed, ORDER BY bm25()")
    L.append("- Xapian (omindex + quest): TermGenerator, english, STEM_SOME, "
             "title also with prefix S; QueryParser, english, STEM_SOME, "
             "OR; BM25Weight() defaults")
    L.append(f"- rubric: `rubric-search --json -n {RUBRIC_HITS}"
             + (f" {shlex.join(rubric_args)}" if rubric_args else "")
             + "` (every word, the default; --any: OR-ed), files in the "
             "order of their first hit")
    L.append("")
    L.append(f"| queries | system | nDCG@{CUT} | P@{CUT} | MAP@{TOP} |")
    L.append("|---|---|---:|---:|---:|")
    for name, parity in HALVES:
        for s in shown:
            m, n = avg(s, parity)
            L.append(f"| {name}, {n} | {label[s]} | {m[0]:.3f} | {m[1]:.3f} | "
                     f"{m[2]:.3f} |")
    peers = [s for s in PEERS if s in shown]
    if peers:
        L.append("")
        L.append("Held out: rubric over the better peer (for each metric).")
        L.append("")
        L.append(f"| system | nDCG@{CUT} ratio | MAP@{TOP} ratio |")
        L.append("|---|---:|---:|")
        best = [max(peers, key=lambda p: avg(p, 0)[0][i]) for i in (0, 2)]
        for s in shown:
            if s in PEERS:
                continue
            m = avg(s, 0)[0]
            cells = [f"{m[i] / avg(b, 0)[0][i]:.3f} (vs {LABEL[b]})"
                     for i, b in zip((0, 2), best)]
            L.append(f"| {label[s]} | " + " | ".join(cells) + " |")
    L.append("")
    L.append(f"| system | index {n_docs} files | {len(queries)} queries | "
             f"per query | files returned (mean) |")
    L.append("|---|---:|---:|---:|---:|")
    for s in shown:
        runs, ti, tq, how = results[s]
        n = mean([len(runs.get(q, [])) for q, _ in queries])
        name = label[s] + (" (an earlier run)" if how == "reused" else "")
        L.append(f"| {name} | {ti:.2f} s | {tq:.2f} s | "
                 f"{tq / len(queries) * 1000:.1f} ms | {n:.1f} |")
    L.append("")
    L.append(f"(FTS5 and Xapian in this Python process, rubric one "
             f"`--queries-from -j 1` process. rubric's -n {RUBRIC_HITS} counts "
             f"hits, i.e. passages (a file's title is one, its abstract "
             f"one or more); its files are cut at {TOP}. Per "
             f"query: collection-perquery.tsv.)")
    for n in notes:
        L.append(f"\n{n}")
    text = "\n".join(L) + "\n"
    with open(os.path.join(out, "collection.md"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


def main(argv):
    ap = argparse.ArgumentParser(
        prog="collection.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("data")
    p.add_argument("out")
    r = sub.add_parser("run")
    r.add_argument("out")
    r.add_argument("indexer")
    r.add_argument("search")
    r.add_argument("--systems", default=",".join(SYSTEMS),
                   help="comma-separated, of " + ", ".join(SYSTEMS))
    r.add_argument("--rubric-args",
                   default=os.environ.get("EVAL_RUBRIC_ARGS", ""),
                   help="extra rubric-search arguments (default "
                        "$EVAL_RUBRIC_ARGS)")
    a = ap.parse_args(argv)
    if a.cmd == "prepare":
        os.makedirs(a.out, exist_ok=True)
        prepare(a.data, a.out)
        return
    systems = [s for s in a.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        ap.error(f"unknown systems: {', '.join(sorted(unknown))}")
    args = shlex.split(a.rubric_args)
    if os.environ.get("EVAL_BM25"):
        args += ["--bm25", os.environ["EVAL_BM25"]]
    run(os.path.abspath(a.out), os.path.abspath(a.indexer),
        os.path.abspath(a.search), systems, args)


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    main(sys.argv[1:])
