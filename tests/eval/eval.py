#!/usr/bin/python3
"""Known-item ranking evaluation: rubric, SQLite FTS5 and Xapian (quest's
QueryParser) over the same passages.

    eval.py queries PASSAGES QUERIES        sample passages, write queries
    eval.py run PASSAGES QUERIES OUT SEARCH INDEX CWD
                                            run every engine, write the report
                                            (SEARCH: rubric-search; INDEX: the
                                            rubric index; CWD: where to run it)

PASSAGES is the JSON Lines dump of a rubric index (dump-passages): one object
{"path", "passage", "line", "text"} per passage. A passage is identified by
"path#passage" (absolute path).

`queries`: a fixed, seeded sample of passages with at least MIN_WORDS words
and a text found nowhere else in the corpus (a known item must be unique);
for each one a query built from its own words, whose target is that passage:
  - words:  2-4 words picked among the rarer half of the passage's words
            (document frequency over all passages, with a plain lowercase
            word split; that split only chooses the words, each engine
            analyses the query itself), AND-ed by every engine;
  - phrase: (PHRASE_FRACTION of them) 3 consecutive words of the passage,
            in double quotes (a window holding at least one word found in
            under 1% of passages, when there is one).
Query words are plain tokens: bounded by spaces or ordinary punctuation, all
letters/digits ("didn't", "x_y", "a.gif" are never picked), so that every
engine sees the same words. Written as TSV: qid, kind, query, target (queries
hold no tab). Passages are sorted by path and number before sampling, so the
sample depends on the corpus and the seed only.

`run`: rubric (build/rubric-search --json, one process per query), FTS5 (one
sqlite3 process; words AND-ed, the phrase quoted; ORDER BY bm25) and Xapian
(python3-xapian: TermGenerator with the English stemmer, STEM_SOME, as
scriptindex/omindex index; QueryParser with STEM_SOME and default_op AND,
as `quest -s english -o and`; BM25 defaults). Reports MRR@10, recall@1 and
recall@10 per engine, overall and by query kind and by collection, with the
count of queries each engine failed on; OUT/ranks.tsv has the rank of the
target for each query and engine (0: not in the top 10).

The peers' indexes are rebuilt only when the passage dump changed.
"""
import base64
import csv
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter

SEED = 20261128
N_QUERIES = 600
PHRASE_FRACTION = 0.3
MIN_WORDS = 8
TOP = 10
ENGINES = ["rubric", "fts5", "xapian"]
LABEL = {"rubric": "rubric", "fts5": "SQLite FTS5",
         "xapian": "Xapian (quest)"}

WORD = re.compile(r"[^\W_]+")


def log(msg):
    print(f"eval: {msg}", file=sys.stderr, flush=True)


def load_passages(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            out.append((o["path"], o["passage"], o["text"]))
    # the index's docid order depends on its parallel writers: sort, so the
    # seeded sample depends on the passages alone
    out.sort(key=lambda p: (p[0], p[1]))
    return [(f"{p}#{n}", t) for p, n, t in out]


def words_of(text):
    return WORD.findall(text.lower())


def plain_token(tok):
    """A whitespace token stripped of surrounding punctuation, if what is
    left is one run of letters/digits (so every engine sees one word)."""
    t = tok.strip("\"'“”‘’«»()[]{}<>.,;:!?*_-—–/\\|`~#&%$@^=+")
    return t if t and WORD.fullmatch(t) else None


# ------------------------------------------------------------------ queries

def make_queries(passages_path, queries_path):
    passages = load_passages(passages_path)
    df = Counter()
    text_count = Counter()
    toks = []
    for pid, text in passages:
        w = words_of(text)
        toks.append(w)
        df.update(set(w))
        text_count[" ".join(w)] += 1
    n_docs = len(passages)
    eligible = [i for i, w in enumerate(toks)
                if len(w) >= MIN_WORDS and text_count[" ".join(w)] == 1]
    rng = random.Random(SEED)
    sample = rng.sample(eligible, N_QUERIES)
    rows = []
    for i in sample:
        qn = len(rows) + 1
        pid, text = passages[i]
        query = kind = None
        if rng.random() < PHRASE_FRACTION:
            query = phrase_query(text, df, n_docs, rng)
            kind = "phrase"
        if query is None:
            query = words_query(text, df, rng)
            kind = "words"
        if query is None:
            continue
        rows.append((f"q{qn:04d}", kind, query, pid))
    with open(queries_path, "w", encoding="utf-8") as f:
        f.write("qid\tkind\tquery\ttarget\n")
        for row in rows:                  # no field holds a tab or newline
            f.write("\t".join(row) + "\n")
    kinds = Counter(r[1] for r in rows)
    log(f"{len(rows)} queries ({kinds['words']} words, {kinds['phrase']} "
        f"phrase) from {len(eligible)} eligible of {n_docs} passages, "
        f"seed {SEED}")


def words_query(text, df, rng):
    # plain tokens only: a word bounded by spaces or ordinary punctuation is
    # one word for every engine ("didn't", "a_b", "x.gif" are not)
    words = [t.lower() for t in map(plain_token, text.split()) if t]
    cands = sorted({w for w in words if len(w) >= 3 and not w.isdigit()},
                   key=lambda w: (df[w], w))
    if len(cands) < 2:
        cands = sorted(set(words), key=lambda w: (df[w], w))
    if len(cands) < 2:
        return None
    k = rng.randint(2, 4)
    pool = cands[:max(k, (len(cands) + 1) // 2)]
    chosen = rng.sample(pool, min(k, len(pool)))
    order = {w: words.index(w) for w in chosen}   # in passage order
    return " ".join(sorted(chosen, key=order.get))


def phrase_query(text, df, n_docs, rng):
    toks = [plain_token(t) for t in text.split()]
    windows = [toks[j:j + 3] for j in range(len(toks) - 2)
               if all(toks[j:j + 3])]
    if not windows:
        return None
    rare = [w for w in windows
            if min(df[x.lower()] for x in w) < n_docs / 100]
    w = rng.choice(rare or windows)
    return '"' + " ".join(x.lower() for x in w) + '"'


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        next(f)
        return [tuple(line.rstrip("\n").split("\t")) for line in f]


# ------------------------------------------------------------------ engines

def run_rubric(queries, search, index, cwd):
    """ranks: qid -> [pid...]; errors: qid -> message."""
    ranks, errors = {}, {}
    for qid, kind, query, target in queries:
        p = subprocess.run([search, "-d", index, "--json", "-n", str(TOP),
                            query], cwd=cwd, capture_output=True)
        if p.returncode not in (0, 1):
            msg = p.stderr.decode("utf-8", "replace").strip()
            if p.returncode < 0:
                msg = f"killed by signal {-p.returncode} {msg}".strip()
            errors[qid] = f"exit {p.returncode}: {msg}" if msg else \
                f"exit {p.returncode}"
            continue
        hits = []
        for line in p.stdout.decode("utf-8").splitlines():
            o = json.loads(line)
            if o.get("type") != "hit":
                continue
            path = o["path"]
            if isinstance(path, dict):
                path = base64.b64decode(path["bytes"]).decode(
                    "utf-8", "replace")
            path = os.path.normpath(os.path.join(cwd, path))
            hits.append(f"{path}#{o['passage']}")
        ranks[qid] = hits
    return ranks, errors


def fts5_match(kind, query):
    if kind == "phrase":
        expr = query                           # already '"a b c"'
    else:
        expr = " ".join('"' + w.replace('"', '""') + '"'
                        for w in query.split())
    return expr.replace("'", "''")


def start_fts5(passages, queries, out, rebuild):
    """Starts one sqlite3 process (index if needed, then every query);
    returns (process, line -> qid)."""
    db = os.path.join(out, "fts5.db")
    sql = os.path.join(out, "fts5.sql")
    lines = []
    if rebuild:
        for f in (db, db + "-journal"):
            if os.path.exists(f):
                os.remove(f)
        csvp = os.path.join(out, "fts5-passages.csv")
        with open(csvp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["pid", "body"])
            w.writerows(passages)
        lines += [
            "CREATE VIRTUAL TABLE p USING fts5(pid UNINDEXED, body, "
            "tokenize='porter unicode61 remove_diacritics 2');",
            f".import --csv --skip 1 '{csvp}' p",
        ]
    lines += [".mode list", '.separator "\\t"']
    line_qid = {}
    for qid, kind, query, target in queries:
        lines.append(f"SELECT '{qid}', pid FROM p WHERE p MATCH "
                     f"'{fts5_match(kind, query)}' ORDER BY bm25(p) "
                     f"LIMIT {TOP};")
        line_qid[len(lines)] = qid
    with open(sql, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    proc = subprocess.Popen(["sqlite3", "-batch", db],
                            stdin=open(sql, "rb"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc, line_qid


def finish_fts5(proc, line_qid, queries, out):
    so, se = proc.communicate()
    csvp = os.path.join(out, "fts5-passages.csv")
    if os.path.exists(csvp):
        os.remove(csvp)
    ranks = {q[0]: [] for q in queries}
    errors = {}
    for line in so.decode("utf-8", "replace").splitlines():
        qid, _, pid = line.partition("\t")
        ranks.setdefault(qid, []).append(pid)
    other = []
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
    return ranks, errors


def run_xapian(passages, queries, out, rebuild):
    import xapian
    path = os.path.join(out, "xapian")
    if rebuild:
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(xapian.Stem("english"))
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        db.begin_transaction(False)
        for pid, text in passages:
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(text)
            doc.add_boolean_term("Q" + pid)
            doc.set_data(pid)
            db.add_document(doc)
        db.commit_transaction()
        db.close()
    db = xapian.Database(path)
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_AND)
    enq = xapian.Enquire(db)
    enq.set_weighting_scheme(xapian.BM25Weight())
    ranks, errors = {}, {}
    for qid, kind, query, target in queries:
        try:
            enq.set_query(qp.parse_query(query, qp.FLAG_DEFAULT))
            ranks[qid] = [m.document.get_data().decode("utf-8")
                          for m in enq.get_mset(0, TOP)]
        except xapian.Error as e:
            errors[qid] = str(e)
    return ranks, errors


# ------------------------------------------------------------------ report

def rank_of(hits, target):
    try:
        return hits.index(target) + 1
    except ValueError:
        return 0


def collection(target):
    m = re.search(r"/corpus/related/([^/]+)/", target)
    return m.group(1) if m else "other"


def metrics(rs):
    n = len(rs)
    if not n:
        return None
    return (sum(1 / r for r in rs if r) / n,
            sum(1 for r in rs if r == 1) / n,
            sum(1 for r in rs if r) / n)


def report(queries, results, times, out, n_passages, version):
    ranks = {e: {q[0]: rank_of(results[e][0].get(q[0], []), q[3])
                 for q in queries} for e in ENGINES}
    with open(os.path.join(out, "ranks.tsv"), "w", encoding="utf-8") as f:
        f.write("qid\tkind\tquery\ttarget\t" + "\t".join(ENGINES) + "\n")
        for qid, kind, query, target in queries:
            f.write(f"{qid}\t{kind}\t{query}\t{target}\t"
                    + "\t".join(str(ranks[e][qid]) for e in ENGINES) + "\n")

    groups = [("all", lambda q: True),
              ("words", lambda q: q[1] == "words"),
              ("phrase", lambda q: q[1] == "phrase")]
    for c in sorted({collection(q[3]) for q in queries}):
        groups.append((c, lambda q, c=c: collection(q[3]) == c))

    L = ["# Known-item ranking evaluation", ""]
    L.append(f"rubric {version}, {n_passages} passages, {len(queries)} "
             f"queries (seed {SEED}), each for one passage; a hit is the "
             f"target passage in the top {TOP}. Metrics: MRR@{TOP} / "
             f"recall@1 / recall@{TOP}. FTS5: porter unicode61, bm25(); "
             f"Xapian: TermGenerator + QueryParser, english, STEM_SOME, "
             f"AND, BM25 (as omindex + quest -s english -o and).")
    L.append("")
    L.append("| queries | n | " + " | ".join(LABEL[e] for e in ENGINES) + " |")
    L.append("|---|---:|" + "---|" * len(ENGINES))
    for name, pred in groups:
        qs = [q for q in queries if pred(q)]
        cells = []
        for e in ENGINES:
            m = metrics([ranks[e][q[0]] for q in qs])
            cells.append("n/a" if m is None else
                         f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f}")
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
        errs = results[e][1]
        for qid, msg in list(errs.items())[:3]:
            L.append(f"\n{LABEL[e]} error, {qid}: {msg}")
    text = "\n".join(L) + "\n"
    with open(os.path.join(out, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


def passages_digest(passages):
    h = hashlib.sha256()
    for pid, text in passages:
        h.update(f"{pid}\0{text}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def run(passages_path, queries_path, out, search, index, cwd):
    queries = read_queries(queries_path)
    passages = load_passages(passages_path)
    digest = passages_digest(passages)
    stamp = os.path.join(out, "peers.stamp")
    rebuild = not (os.path.exists(stamp) and open(stamp).read() == digest
                   and os.path.exists(os.path.join(out, "fts5.db"))
                   and os.path.exists(os.path.join(out, "xapian")))
    if os.path.exists(stamp):
        os.remove(stamp)
    log(("building peer indexes over" if rebuild else "reusing peer "
         "indexes of") + f" {len(passages)} passages")
    results, times = {}, {}

    t0 = time.time()
    proc, line_qid = start_fts5(passages, queries, out, rebuild)

    t = time.time()
    results["rubric"] = run_rubric(queries, search, index, cwd)
    times["rubric"] = f"{(time.time() - t) / len(queries) * 1000:.1f} ms/query (process)"
    log(f"rubric: {len(queries)} queries in {time.time() - t:.1f} s")

    t = time.time()
    results["xapian"] = run_xapian(passages, queries, out, rebuild)
    log(f"xapian: {'indexed and ' if rebuild else ''}queried in "
        f"{time.time() - t:.1f} s")
    times["xapian"] = "in-process"

    results["fts5"] = finish_fts5(proc, line_qid, queries, out)
    log(f"fts5: {'indexed and ' if rebuild else ''}queried in "
        f"{time.time() - t0:.1f} s (one process)")
    times["fts5"] = "one process"
    if proc.returncode not in (0, 1):
        log(f"fts5: sqlite3 exited {proc.returncode}")
    with open(stamp, "w") as f:
        f.write(digest)
    try:
        version = subprocess.run(
            ["git", "-C", cwd, "describe", "--always", "--dirty"],
            capture_output=True, text=True).stdout.strip() or "unknown"
    except OSError:
        version = "unknown"
    report(queries, results, times, out, len(passages), version)


def main(argv):
    if len(argv) == 3 and argv[0] == "queries":
        make_queries(argv[1], argv[2])
    elif len(argv) == 7 and argv[0] == "run":
        run(*argv[1:])
    else:
        sys.exit("usage: eval.py queries PASSAGES QUERIES\n"
                 "       eval.py run PASSAGES QUERIES OUT SEARCH INDEX CWD")


if __name__ == "__main__":
    main(sys.argv[1:])
