#!/usr/bin/python3
"""Known-item ranking evaluation: rubric, SQLite FTS5 and Xapian (quest's
QueryParser) over the same passages.

    eval.py queries PASSAGES QUERIES        sample passages, write queries
    eval.py run PASSAGES QUERIES OUT SEARCH INDEX CWD
                                            run every engine, write the report
                                            (SEARCH: rubric-search; INDEX: the
                                            rubric index; CWD: where to run it)
    eval.py grid QUERIES OUT SEARCH INDEX CWD
                                            rubric under a grid of --bm25 K1,B
                                            (after `run`: reads OUT/ranks.tsv)

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

`run`: rubric (rubric-search --json -n 10 --queries-from: one process for
every query, each hit tagged with its qid; --bm25 $EVAL_BM25 if set), FTS5 (one
sqlite3 process; words AND-ed, the phrase quoted; ORDER BY bm25) and Xapian
(python3-xapian: TermGenerator with the English stemmer, STEM_SOME, as
scriptindex/omindex index; QueryParser with STEM_SOME and default_op AND,
as `quest -s english -o and`; BM25 defaults). Reports MRR@10, recall@1 and
recall@10 per engine, overall and by query kind and by collection, with the
count of queries each engine failed on, and the queries where rubric ranks
the target worse than the best peer (by cause: a stop word rubric drops, per
lib/stopwords.c; a phrase; other); OUT/ranks.tsv has the rank of the target
for each query and engine (0: not in the top 10).

`grid`: rubric's queries under each --bm25 K1,B of GRID_K1 x GRID_B
(EVAL_GRID_K1, EVAL_GRID_B override), on the same index; MRR@10 per setting
on all queries and on each half of a fixed split by qid parity. The setting
with the best MRR on the odd half is reported on the even half (held out)
beside the default's and the peers' there (and vice versa, as a check).
Writes OUT/bm25-grid.tsv and OUT/bm25-grid.md, appended to OUT/results.md.

The peers' indexes are rebuilt only when the passage dump changed.

The file-level evaluation of the same run (whole files, and rubric-search
-l on two-word queries) is fileeval.py, which uses this module's helpers.
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

def run_rubric(queries, search, index, cwd, bm25=None):
    """Every query in one rubric-search process (--queries-from, --json,
    each hit tagged with its qid). Returns (ranks: qid -> [pid...],
    errors: qid -> message, seconds)."""
    qfile = os.path.join(os.path.dirname(os.path.abspath(index)),
                         f"rubric-queries.{os.getpid()}.tsv")
    with open(qfile, "w", encoding="utf-8") as f:
        for qid, kind, query, target in queries:
            f.write(f"{qid}\t{query}\n")
    cmd = [search, "-d", index, "--json", "-n", str(TOP)]
    if bm25:
        cmd += ["--bm25", bm25]
    # -j 1: one process, as the peers' timings are (make bench times both)
    cmd += ["-j", "1", "--queries-from", qfile]
    t = time.time()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True)
    secs = time.time() - t
    os.remove(qfile)
    ranks = {q[0]: [] for q in queries}
    errors, other = {}, []
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        # a malformed query is reported and skipped; the others are answered
        m = re.match(r"rubric-search: query (\S+): (.*)", line)
        if m and m.group(1) in ranks:
            errors[m.group(1)] = m.group(2)
            ranks.pop(m.group(1))
        elif line.strip():
            other.append(line)
    if p.returncode < 0 or (p.returncode == 2 and (other or not errors)):
        msg = "; ".join(other[:3]) or f"exit {p.returncode}"
        if p.returncode < 0:
            msg = f"killed by signal {-p.returncode}: {msg}"
        log(f"rubric: {' '.join(cmd)}: {msg}")
        return {}, {q[0]: msg for q in queries}, secs
    if other:
        log("rubric: " + "; ".join(other[:5]))
    for line in p.stdout.decode("utf-8").splitlines():
        o = json.loads(line)
        if o.get("type") != "hit":
            continue
        path = o["path"]
        if isinstance(path, dict):
            path = base64.b64decode(path["bytes"]).decode("utf-8", "replace")
        path = os.path.normpath(os.path.join(cwd, path))
        ranks.setdefault(o["qid"], []).append(
            (-o["score"], path, o["passage"]))
    # Equal scores (duplicate mails, same-length passages) come in docid
    # order, which rubric-index's parallel writers make vary from build to
    # build: order them as the peers do theirs (passage order, as loaded)
    ranks = {qid: [f"{p}#{n}" for _, p, n in sorted(hits)]
             for qid, hits in ranks.items()}
    return ranks, errors, secs


def fts5_match(kind, query):
    if kind == "phrase":
        expr = query                           # already '"a b c"'
    else:
        expr = " ".join('"' + w.replace('"', '""') + '"'
                        for w in query.split())
    return expr.replace("'", "''")


def start_fts5(rows, queries, out, rebuild, name="fts5", csv_name="fts5-passages",
               idcol="pid", table="p"):
    """Starts one sqlite3 process (index if needed, then every query) over
    rows (id, body) in OUT/NAME.db; returns (process, line -> qid). The
    file-level evaluation (fileeval.py) uses it over whole files."""
    db = os.path.join(out, name + ".db")
    sql = os.path.join(out, name + ".sql")
    lines = []
    if rebuild:
        for f in (db, db + "-journal"):
            if os.path.exists(f):
                os.remove(f)
        csvp = os.path.join(out, csv_name + ".csv")
        with open(csvp, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow([idcol, "body"])
            w.writerows(rows)
        lines += [
            f"CREATE VIRTUAL TABLE {table} USING fts5({idcol} UNINDEXED, body, "
            "tokenize='porter unicode61 remove_diacritics 2');",
            f".import --csv --skip 1 '{csvp}' {table}",
        ]
    lines += [".mode list", '.separator "\\t"']
    line_qid = {}
    for qid, kind, query, target in queries:
        lines.append(f"SELECT '{qid}', {idcol} FROM {table} WHERE {table} MATCH "
                     f"'{fts5_match(kind, query)}' ORDER BY bm25({table}) "
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


def open_xapian(rows, path, rebuild):
    """Xapian as omindex + quest use it over rows (id, text) in PATH
    (indexed when rebuild): TermGenerator, English, STEM_SOME, one document
    a row; returns (query parser: STEM_SOME, AND; enquire: BM25Weight())."""
    import xapian
    if rebuild:
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_stemmer(xapian.Stem("english"))
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        db.begin_transaction(False)
        for rid, text in rows:
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(text)
            doc.add_boolean_term("Q" + rid)
            doc.set_data(rid)
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
    return qp, enq


def run_xapian(passages, queries, out, rebuild):
    import xapian
    qp, enq = open_xapian(passages, os.path.join(out, "xapian"), rebuild)
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


def load_stopwords(root):
    """rubric's English stop words, read from its source (lib/stopwords.c),
    so the analysis follows the list rubric drops; empty if not found."""
    try:
        src = open(os.path.join(root, "lib", "stopwords.c"),
                   encoding="utf-8").read()
    except OSError:
        return set()
    m = re.search(r"english\[\]\s*=\s*\{(.*?)\};", src, re.S)
    return set(re.findall(r'"([^"]*)"', m.group(1))) if m else set()


def stop_words_of(query, stop):
    """The stop words rubric drops from a words query: plain words in the
    list, unless every word is one (then rubric keeps them all)."""
    if query.startswith('"'):
        return []
    ws = query.split()
    sw = [w for w in ws if w in stop]
    return [] if len(sw) == len(ws) else sw


def fmt_m(m):
    return "n/a" if m is None else f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f}"


def misses(queries, ranks, stop):
    """Where rubric ranks the target worse than the best peer: counts by
    cause, examples, and the MRR if rubric had matched the peer there."""
    peers = [e for e in ENGINES if e != "rubric"]
    L = []

    def best_peer(qid):
        rs = [ranks[e][qid] for e in peers if ranks[e][qid]]
        return min(rs) if rs else 0

    def worse(r, p):
        return p and (r == 0 or r > p)

    lose = [q for q in queries if worse(ranks["rubric"][q[0]], best_peer(q[0]))]
    def beats_all(qid):
        r = ranks["rubric"][qid]
        return r and all(ranks[e][qid] == 0 or ranks[e][qid] > r
                         for e in peers)

    win = [q for q in queries if beats_all(q[0])]
    stopq = [q for q in queries if stop_words_of(q[2], stop)]
    lose_stop = [q for q in lose if stop_words_of(q[2], stop)]
    lose_phrase = [q for q in lose if q[1] == "phrase"]
    lose_other = [q for q in lose if q not in lose_stop and q[1] != "phrase"]
    n = len(queries)
    L.append(f"## Where rubric loses to a peer\n")
    L.append(f"rubric ranks the target worse than the best peer on "
             f"{len(lose)} queries (missed: "
             f"{sum(1 for q in lose if not ranks['rubric'][q[0]])}), better "
             f"than both on {len(win)}. {len(stopq)} queries hold a stop "
             f"word rubric drops ({', '.join(sorted({w for q in stopq for w in stop_words_of(q[2], stop)}))}).")
    L.append("")
    L.append("| cause | losing queries |")
    L.append("|---|---:|")
    L.append(f"| words query with a dropped stop word | {len(lose_stop)} |")
    L.append(f"| phrase query | {len(lose_phrase)} |")
    L.append(f"| other words query | {len(lose_other)} |")
    L.append("")
    cur = metrics([ranks["rubric"][q[0]] for q in queries])
    fix = metrics([best_peer(q[0]) if q in lose_stop else ranks["rubric"][q[0]]
                   for q in queries])
    fix_all = metrics([best_peer(q[0]) if q in lose else ranks["rubric"][q[0]]
                       for q in queries])
    sm = metrics([ranks["rubric"][q[0]] for q in stopq])
    sp = {e: metrics([ranks[e][q[0]] for q in stopq]) for e in peers}
    L.append(f"On the {len(stopq)} stop-word queries, MRR@{TOP} / R@1 / "
             f"R@{TOP}: rubric {fmt_m(sm)}; " + "; ".join(
                 f"{LABEL[e]} {fmt_m(sp[e])}" for e in peers) + ".")
    L.append(f"rubric's MRR@{TOP} {cur[0]:.3f} would be {fix[0]:.3f} if it "
             f"ranked the stop-word losers as the best peer does, "
             f"{fix_all[0]:.3f} if it did on every loser.")
    L.append("")
    L.append("| qid | kind | query | rubric | " + " | ".join(
        LABEL[e] for e in peers) + " | cause |")
    L.append("|---|---|---|---:|" + "---:|" * len(peers) + "---|")
    ex = lose_stop[:6] + lose_phrase[:3] + lose_other[:6]
    for q in ex:
        cause = ("stop: " + " ".join(stop_words_of(q[2], stop))
                 if q in lose_stop else q[1])
        L.append(f"| {q[0]} | {q[1]} | `{q[2]}` | {ranks['rubric'][q[0]]} | "
                 + " | ".join(str(ranks[e][q[0]]) for e in peers)
                 + f" | {cause} |")
    L.append("\n(rank 0: not in the top 10; full list in ranks.tsv)")
    return L


def report(queries, results, times, out, n_passages, setup):
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

    rel = lambda p: os.path.relpath(p, setup["cwd"])
    L = ["# Known-item ranking evaluation", ""]
    L.append(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; rubric "
             f"{setup['version']}; corpus {os.environ.get('EVAL_CORPUS') or 'corpus/related'}: "
             f"{setup['files']} files, {n_passages} passages (rubric's "
             f"passages, fed to every engine); {len(queries)} queries "
             f"(seed {SEED}), each for one passage; a hit is the target "
             f"passage in the top {TOP}. Metrics: MRR@{TOP} / recall@1 / "
             f"recall@{TOP}.")
    L.append("")
    L.append(f"- rubric: `{rel(setup['search'])} -d {rel(setup['index'])} "
             f"--json -n {TOP} --queries-from QUERIES` (BM25 K1,B = "
             f"{setup['bm25']})")
    L.append("- SQLite FTS5: porter unicode61 remove_diacritics 2, "
             "ORDER BY bm25() (one sqlite3 process)")
    L.append("- Xapian: TermGenerator + QueryParser, english, STEM_SOME, "
             "AND, BM25Weight() defaults (as omindex + quest -s english -o and)")
    L.append("")
    L.append("| queries | n | " + " | ".join(LABEL[e] for e in ENGINES) + " |")
    L.append("|---|---:|" + "---|" * len(ENGINES))
    for name, pred in groups:
        qs = [q for q in queries if pred(q)]
        cells = [fmt_m(metrics([ranks[e][q[0]] for q in qs])) for e in ENGINES]
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
    L.append("")
    L += misses(queries, ranks, load_stopwords(setup["cwd"]))
    text = "\n".join(L) + "\n"
    with open(os.path.join(out, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


# ------------------------------------------------------------------ BM25 grid

GRID_K1 = ["0.6", "0.9", "1", "1.2", "1.5", "2"]
GRID_B = ["0.3", "0.5", "0.6", "0.75", "0.9"]
DEFAULT_BM25 = ("1", "0.5")


def half(qid):
    """Fixed split: "odd" (tuning) or "even" (held out) by the qid's number."""
    return "odd" if int(re.sub(r"\D", "", qid)) % 2 else "even"


def grid(queries_path, out, search, index, cwd):
    """rubric's queries under every --bm25 K1,B of the grid, on one index.
    Tunes on the odd qids, reports the pick on the even ones (held out)
    next to the peers' ranks there (from OUT/ranks.tsv, written by `run`
    on the same queries), and the other way round as a check."""
    queries = read_queries(queries_path)
    k1s = os.environ.get("EVAL_GRID_K1", " ".join(GRID_K1)).split()
    bs = os.environ.get("EVAL_GRID_B", " ".join(GRID_B)).split()
    peer = {}
    with open(os.path.join(out, "ranks.tsv"), encoding="utf-8") as f:
        head = next(f).rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(head, line.rstrip("\n").split("\t")))
            peer[row["qid"]] = {e: int(row[e]) for e in ENGINES if e in row}
    if set(peer) != {q[0] for q in queries}:
        sys.exit("eval: ranks.tsv is not for these queries: run make eval")
    sets = {"all": queries,
            "odd": [q for q in queries if half(q[0]) == "odd"],
            "even": [q for q in queries if half(q[0]) == "even"]}
    res = {}             # (k1, b) -> {qid: rank}
    t0 = time.time()
    for k1 in k1s:
        for b in bs:
            hits, errors, secs = run_rubric(queries, search, index, cwd,
                                            f"{k1},{b}")
            if errors:
                sys.exit(f"eval: rubric --bm25 {k1},{b}: {len(errors)} "
                         f"errors, e.g. {next(iter(errors.values()))}")
            res[k1, b] = {q[0]: rank_of(hits.get(q[0], []), q[3])
                          for q in queries}
    secs = time.time() - t0
    log(f"bm25 grid: {len(res)} settings x {len(queries)} queries in "
        f"{secs:.1f} s")

    def m(setting_ranks, part):
        return metrics([setting_ranks[q[0]] for q in sets[part]])

    with open(os.path.join(out, "bm25-grid.tsv"), "w") as f:
        f.write("k1\tb\tmrr_all\tr1_all\tr10_all\tmrr_odd\tmrr_even\n")
        for (k1, b), r in res.items():
            a, o, e = m(r, "all"), m(r, "odd"), m(r, "even")
            f.write(f"{k1}\t{b}\t{a[0]:.4f}\t{a[1]:.4f}\t{a[2]:.4f}\t"
                    f"{o[0]:.4f}\t{e[0]:.4f}\n")

    def pick(part):
        # best MRR on `part`; ties go to the default, then to the smaller
        # K1 and B (the grid's order)
        best = max(m(r, part)[0] for r in res.values())
        tied = [s for s in res if m(res[s], part)[0] >= best - 1e-12]
        return DEFAULT_BM25 if DEFAULT_BM25 in tied else tied[0]

    n = {p: len(v) for p, v in sets.items()}
    L = ["", "## BM25 parameters (make eval-bm25)", ""]
    L.append(f"rubric's MRR@{TOP} for each `--bm25 K1,B`, one index, "
             f"{len(queries)} queries ({n['odd']} odd qids: tuning half; "
             f"{n['even']} even: held out); each cell all / odd / even.")
    L.append("")
    L.append("| K1 \\ B | " + " | ".join(bs) + " |")
    L.append("|---|" + "---|" * len(bs))
    for k1 in k1s:
        cells = []
        for b in bs:
            c = "/".join(f"{m(res[k1, b], p)[0]:.3f}"
                         for p in ("all", "odd", "even"))
            if (k1, b) == DEFAULT_BM25:
                c = f"**{c}**"
            cells.append(c)
        L.append(f"| {k1} | " + " | ".join(cells) + " |")
    L.append("")
    L.append(f"(bold: the default {','.join(DEFAULT_BM25)}; {secs:.0f} s "
             f"for the grid)")
    L.append("")
    L.append(f"| tuned on | pick | its MRR there | held out on | pick | "
             f"default {','.join(DEFAULT_BM25)} | "
             + " | ".join(LABEL[e] for e in ENGINES if e != "rubric") + " |")
    L.append("|---|---|---:|---|---|---|" + "---|" * (len(ENGINES) - 1))
    for tune, test in (("odd", "even"), ("even", "odd")):
        s_ = pick(tune)
        peers = " | ".join(
            fmt_m(metrics([peer[q[0]][e] for q in sets[test]]))
            for e in ENGINES if e != "rubric")
        L.append(f"| {tune} | {','.join(s_)} | {m(res[s_], tune)[0]:.3f} | "
                 f"{test} | {fmt_m(m(res[s_], test))} | "
                 f"{fmt_m(m(res[DEFAULT_BM25], test))} | {peers} |")
    L.append("")
    L.append(f"(held-out cells: MRR@{TOP} / R@1 / R@{TOP}; the tuning "
             f"half is odd qids, the even row is a check)")
    if DEFAULT_BM25 in res:
        same = sum(res[DEFAULT_BM25][q[0]] == peer[q[0]]["rubric"]
                   for q in queries)
        L.append(f"(check: the grid's default run agrees with ranks.tsv "
                 f"on {same} of {len(queries)} queries)")
    text = "\n".join(L) + "\n"
    with open(os.path.join(out, "bm25-grid.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out, "results.md"), "a", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


def passages_digest(passages):
    h = hashlib.sha256()
    for pid, text in passages:
        h.update(f"{pid}\0{text}\0".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def peers_stale(stamp, digest, paths):
    """Whether the peers' indexes (paths) must be rebuilt: their stamp does
    not hold digest (what they were built from) or one is missing. The
    stamp is removed either way, and written again once they are built."""
    stale = not (os.path.exists(stamp) and open(stamp).read() == digest
                 and all(os.path.exists(p) for p in paths))
    if os.path.exists(stamp):
        os.remove(stamp)
    return stale


def run(passages_path, queries_path, out, search, index, cwd):
    queries = read_queries(queries_path)
    passages = load_passages(passages_path)
    digest = passages_digest(passages)
    stamp = os.path.join(out, "peers.stamp")
    rebuild = peers_stale(stamp, digest, [os.path.join(out, "fts5.db"),
                                          os.path.join(out, "xapian")])
    log(("building peer indexes over" if rebuild else "reusing peer "
         "indexes of") + f" {len(passages)} passages")
    results, times = {}, {}

    t0 = time.time()
    proc, line_qid = start_fts5(passages, queries, out, rebuild)

    bm25 = os.environ.get("EVAL_BM25") or None
    ranks, errors, secs = run_rubric(queries, search, index, cwd, bm25)
    results["rubric"] = (ranks, errors)
    times["rubric"] = (f"{secs:.2f} s, {secs / len(queries) * 1000:.2f} "
                       f"ms/query (one --queries-from process)")
    log(f"rubric: {len(queries)} queries in {secs:.2f} s (one process)")

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
    setup = {"version": version, "bm25": bm25 or "rubric-search's default",
             "search": search, "index": index, "cwd": cwd,
             "files": len({pid.rpartition("#")[0] for pid, _ in passages})}
    report(queries, results, times, out, len(passages), setup)


def main(argv):
    if len(argv) == 3 and argv[0] == "queries":
        make_queries(argv[1], argv[2])
    elif len(argv) == 7 and argv[0] == "run":
        run(*argv[1:])
    elif len(argv) == 6 and argv[0] == "grid":
        grid(*argv[1:])
    else:
        sys.exit("usage: eval.py queries PASSAGES QUERIES\n"
                 "       eval.py run PASSAGES QUERIES OUT SEARCH INDEX CWD\n"
                 "       eval.py grid QUERIES OUT SEARCH INDEX CWD")


if __name__ == "__main__":
    main(sys.argv[1:])
