#!/usr/bin/env python3
"""Summarise a bench run: report.py OUT_DIR "TOOLS" > results.md

Reads OUT_DIR/raw.tsv (one line per timed run) and OUT_DIR/meta.tsv (sizes,
counts, versions, machine) written by run.sh; prints a Markdown report. Every
figure shows rubric's value, each peer's value and rubric's ratio to it
(rubric / peer: below 1 means rubric takes less time, memory or space).
Standard library only.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

from benchfmt import fmt_num

OUT = sys.argv[1]
SELECTED = sys.argv[2].split() if len(sys.argv) > 2 else []
ALL = ["rubric", "omindex", "fts5", "recoll", "rg"]
TOOLS = [t for t in ALL if t in SELECTED] or ALL
LABEL = {
    "rubric": "rubric",
    "omindex": "omindex + quest",
    "fts5": "SQLite FTS5",
    "recoll": "recoll",
    "rg": "ripgrep",
}

raw = defaultdict(list)  # (tool, phase, name) -> [(seconds, rss_kb, exit)]
with open(f"{OUT}/raw.tsv", newline="") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        rss = int(row["rss_kb"]) if row["rss_kb"] else None
        raw[(row["tool"], row["phase"], row["name"])].append(
            (float(row["seconds"]), rss, int(row["exit"])))

meta = defaultdict(dict)
with open(f"{OUT}/meta.tsv", newline="") as f:
    for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        meta[row["tool"]][row["key"]] = row["value"]

corpus_bytes = int(meta["corpus"].get("bytes", 0))
corpus_files = int(meta["corpus"].get("files", 0))


def fmt_s(x):
    return f"{fmt_num(x)} s"


def fmt_ms(x):
    return f"{fmt_num(x * 1000)} ms"


def fmt_mb(b):
    return f"{fmt_num(b / 1e6)} MB"


def fmt_mbs(x):
    return f"{fmt_num(x)} MB/s"


def fmt_count(n):
    return f"{n:,}"


def ok_runs(tool, phase, name):
    runs = raw.get((tool, phase, name), [])
    if not runs or any(rc != 0 for _, _, rc in runs):
        return None
    return runs


# figure -> tool -> (value for ratios, text)
figures = []


def figure(title, values, better="lower", skip=("rg",)):
    """skip: tools the figure does not apply to (shown as –)"""
    figures.append((title, values, better, skip))


def timing(phase, name):
    vals = {}
    for t in TOOLS:
        runs = ok_runs(t, phase, name)
        if runs is None:
            if raw.get((t, phase, name)):
                rc = [rc for _, _, rc in raw[(t, phase, name)] if rc != 0][0]
                vals[t] = (None, f"failed (exit {rc})")
            continue
        secs = [s for s, _, _ in runs]
        med = statistics.median(secs)
        text = fmt_s(med)
        if len(secs) > 1:
            text += f" [{fmt_num(min(secs))}–{fmt_num(max(secs))}]"
        vals[t] = (med, text)
    return vals


idx = timing("index", "scratch")
figure(f"index from scratch, median [min–max] of {meta['bench'].get('runs')} runs "
       f"({meta['bench'].get('slow_runs')} for omindex, recoll)", idx)

thr = {t: (corpus_bytes / 1e6 / v, fmt_mbs(corpus_bytes / 1e6 / v))
       for t, (v, _) in idx.items() if v}
figure("indexing throughput (corpus MB / median time)", thr, better="higher")

rss = {}
for t in TOOLS:
    runs = ok_runs(t, "index", "scratch")
    if runs and all(r is not None for _, r, _ in runs):
        peak = max(r for _, r, _ in runs) * 1024
        rss[t] = (peak, fmt_mb(peak))
figure("peak RSS while indexing (max over runs)", rss)

size = {t: (int(meta[t]["index_bytes"]), fmt_mb(int(meta[t]["index_bytes"])))
        for t in TOOLS if "index_bytes" in meta[t]}
figure("index size on disk (du -sb)", size)
if "compact_bytes" in meta["omindex"]:
    comp = {t: v for t, v in size.items() if t == "rubric"}
    comp["omindex"] = (int(meta["omindex"]["compact_bytes"]),
                       fmt_mb(int(meta["omindex"]["compact_bytes"])) + " compacted")
    figure("index size, omindex after xapian-compact", comp,
           skip=("fts5", "recoll", "rg"))

docs = {t: (int(meta[t]["docs"]), fmt_count(int(meta[t]["docs"])))
        for t in TOOLS if meta[t].get("docs", "").isdigit()}
figure("documents in the index (rubric: passages)", docs, better=None)

figure(f"incremental rerun, unchanged corpus, median of {meta['bench'].get('runs')}",
       timing("reindex", "unchanged"), skip=("fts5", "rg"))

# queries: per query the median of its runs; per tool the median over queries
# and the worst query; queries a tool failed on (exit >= 2) are left out
queries = []
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "queries.tsv")) as f:
    for line in f:
        if line.startswith("#") or not line.strip():
            continue
        queries.append(line.rstrip("\n").split("\t"))
per_query = defaultdict(dict)  # tool -> name -> (median s, exit)
for t in TOOLS:
    for q in queries:
        runs = raw.get((t, "query", q[0]))
        if not runs:
            continue
        rc = max(rc for _, _, rc in runs)
        per_query[t][q[0]] = (statistics.median(s for s, _, _ in runs), rc)

qmed, qworst, qerr = {}, {}, {}
for t in TOOLS:
    good = {n: s for n, (s, rc) in per_query[t].items() if rc in (0, 1)}
    if per_query[t]:
        nerr = len(per_query[t]) - len(good)
        qerr[t] = (nerr, f"{nerr} of {len(per_query[t])}")
    if good:
        m = statistics.median(good.values())
        qmed[t] = (m, fmt_ms(m))
        worst = max(good, key=good.get)
        qworst[t] = (good[worst], f"{fmt_ms(good[worst])} ({worst})")
figure(f"query, whole process: median over {len(queries)} queries", qmed, skip=())
figure("query, worst (slowest query)", qworst, skip=())
figure("queries failed (exit >= 2; left out above)", qerr, better=None, skip=())


def cell(t, values, better, skip):
    if t in skip:
        return "–"
    if t not in values:
        return "n/a"
    v, text = values[t]
    r = values.get("rubric")
    if t == "rubric" or better is None or v is None or not r or r[0] is None or not v:
        return text
    return f"{text} ({r[0] / v:.3g}x)"


m = meta["machine"]
print("# rubric benchmark\n")
print(f"- date: {m.get('date', '?')}")
print(f"- machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, "
      f"{m.get('memory', '?')}; {m.get('os', '?')}")
print(f"- corpus: `{meta['corpus'].get('path')}`, {fmt_count(corpus_files)} files, "
      f"{fmt_mb(corpus_bytes)}; page cache warm")
print(f"- runs: BENCH_RUNS={meta['bench'].get('runs')}, "
      f"BENCH_SLOW_RUNS={meta['bench'].get('slow_runs')}")
versions = [f"{t}: {meta[t]['version']}" for t in TOOLS if meta[t].get("version")]
if versions:
    print(f"- versions: {'; '.join(versions)}")
for t in TOOLS:
    if meta[t].get("status"):
        print(f"- {t}: n/a ({meta[t]['status']})")
print()
print("Ratios in parentheses are rubric / peer: below 1x means rubric needs less "
      "time, memory or disk (for throughput, above 1x means rubric is faster).\n")

print("| figure | " + " | ".join(LABEL[t] for t in TOOLS) + " |")
print("|---|" + "---|" * len(TOOLS))
for title, values, better, skip in figures:
    print(f"| {title} | " + " | ".join(cell(t, values, better, skip) for t in TOOLS) + " |")

print("\n## Queries\n")
print("Whole-process wall time, median of the runs; `exit N` marks an error "
      "(exit 1 is no match). Columns: the query as each tool was given it is in "
      "`tests/bench/queries.tsv`.\n")
print("| query | rubric query | " + " | ".join(LABEL[t] for t in TOOLS) + " |")
print("|---|---|" + "---|" * len(TOOLS))
for q in queries:
    cells = []
    for t in TOOLS:
        if q[0] not in per_query[t]:
            cells.append("n/a")
            continue
        s, rc = per_query[t][q[0]]
        c = fmt_ms(s)
        if rc >= 2:
            c += f" (exit {rc})"
        elif meta[t].get(f"found:{q[0]}") == "0" or rc == 1:
            c += " (none)"
        cells.append(c)
    rq = q[1].replace("|", "\\|")
    print(f"| {q[0]} | `{rq}` | " + " | ".join(cells) + " |")

print("\n## Commands\n")
for t in TOOLS:
    if meta[t].get("index_cmd"):
        print(f"- {t} index: `{meta[t]['index_cmd']}`")
print("- queries: `rubric-search -d DB -n 10 Q`; `quest -d DB -m 10 -o and "
      "-f default,wildcard Q`; `sqlite3 DB \"SELECT path, snippet(docs,1,'[',']','…',10) "
      "FROM docs WHERE docs MATCH 'Q' ORDER BY rank LIMIT 10\"`; "
      "`recollq -c CONFDIR -n 10 Q`; `rg -l -i -m1 PATTERN corpus` (AND: one rg per "
      "pattern over the previous one's files)")
print("- omindex treats every file as text/plain (`--mime-type-match=*:text/plain`); "
      "recoll uses its own type detection and also indexes mail attachments as "
      "sub-documents, so its document count is higher; rubric counts passages.")
