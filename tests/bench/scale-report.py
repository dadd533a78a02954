#!/usr/bin/env python3
"""Summarise a bench-scale run: scale-report.py OUT "SCALES" "TOOLS" > results.md

Reads OUT/sSCALE/{raw,meta,stats}.tsv and hits-*.tsv written by scale.sh and
make-copies.py; prints the Markdown report (each figure per scale, with its
ratio to the smallest scale, and the issue's targets marked met or not) and
writes OUT/curve-TOOL.dat and OUT/tools for tests/bench/scale.gp.
Standard library only.
"""
import csv
import math
import os
import statistics
import sys
from collections import defaultdict

from benchfmt import fmt_num as num

OUT = sys.argv[1]
SCALES = sorted(sys.argv[2].split(), key=float)
TOOLS = [t for t in ("rubric", "omindex", "fts5") if t in sys.argv[3].split()]
LABEL = {"rubric": "rubric", "omindex": "omindex + quest", "fts5": "SQLite FTS5"}


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def percentile(values, p):
    """Nearest rank: the smallest value with at least p% of them at or below."""
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


class Scale:
    def __init__(self, s):
        d = os.path.join(OUT, f"s{s}")
        self.name = s
        self.stats = {r["key"]: r["value"] for r in read_tsv(f"{d}/stats.tsv")}
        self.meta = defaultdict(dict)
        for r in read_tsv(f"{d}/meta.tsv"):
            self.meta[r["tool"]][r["key"]] = r["value"]
        self.raw = defaultdict(list)
        for r in read_tsv(f"{d}/raw.tsv"):
            self.raw[(r["tool"], r["phase"], r["name"])].append(r)
        self.bytes = int(self.stats.get("bytes", 0))
        self.dir = d

    def one(self, tool, phase, name):
        """(seconds, rss bytes) of a timed run that succeeded, else None"""
        runs = [r for r in self.raw.get((tool, phase, name), []) if r["exit"] == "0"]
        if not runs:
            return None
        return (statistics.median(float(r["seconds"]) for r in runs),
                max(int(r["rss_kb"]) for r in runs) * 1024)

    def latency(self, tool):
        """(median, p95) over the queries of each query's median run;
        queries that failed (exit >= 2) are left out"""
        per = defaultdict(list)
        for (t, phase, name), runs in self.raw.items():
            if t == tool and phase == "query":
                if all(int(r["exit"]) < 2 for r in runs):
                    per[name] = statistics.median(float(r["seconds"]) for r in runs)
        if not per:
            return None
        return statistics.median(per.values()), percentile(per.values(), 95)

    def figures(self, tool):
        f = {}
        full = self.one(tool, "index", "scratch")
        if full:
            f["build"], f["rss"] = full
            f["throughput"] = self.bytes / 1e6 / full[0]
        if "index_bytes" in self.meta[tool]:
            f["size"] = int(self.meta[tool]["index_bytes"])
        inc = self.one(tool, "reindex", "changed")
        if inc:
            f["incremental"] = inc[0]
            if full:
                f["incremental_share"] = inc[0] / full[0]
        lat = self.latency(tool)
        if lat:
            f["q_median"], f["q_p95"] = lat
        return f


scales = [Scale(s) for s in SCALES]
fig = {t: [sc.figures(t) for sc in scales] for t in TOOLS}
base = scales[0]


FORMAT = {
    "build": ("full build, wall time", lambda v: f"{num(v)} s"),
    "throughput": ("build throughput", lambda v: f"{num(v)} MB/s"),
    "rss": ("peak RSS while building", lambda v: f"{num(v / 1e6)} MB"),
    "size": ("index size (du -sb)", lambda v: f"{num(v / 1e6)} MB"),
    "incremental": ("rerun, 1% of the files changed", lambda v: f"{num(v)} s"),
    "incremental_share": ("rerun / full build", lambda v: f"{v * 100:.2g}%"),
    "q_median": ("query, median over the queries", lambda v: f"{num(v * 1000)} ms"),
    "q_p95": ("query, 95th percentile", lambda v: f"{num(v * 1000)} ms"),
}

m = base.meta["machine"]
print("# rubric at scale\n")
print(f"- date: {m.get('date', '?')}; commit {base.meta['bench'].get('commit', '?')}")
print(f"- machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores; load average at the "
      "start of each scale: " + "; ".join(f"{sc.name}x {sc.meta['machine'].get('load', '?')}"
                                           for sc in scales))
print(f"- query runs: {base.meta['bench'].get('runs', '?')} per query; "
      "each tool built once per scale")
if any(float(s) < 1 for s in SCALES):
    print("- **test scales below 1x** (a seeded share of the files): the figures "
          "test the harness, they do not measure rubric at scale")
print()

print("## Corpora\n")
print("| scale | files | MB | words (tokens) | vocabulary (types) | "
      "share of rare types varied per copy | made in |")
print("|---|---|---|---|---|---|---|")
for sc in scales:
    st = sc.stats
    print(f"| {sc.name}x | {int(st.get('files', 0)):,} | {num(sc.bytes / 1e6)} | "
          f"{int(st.get('tokens', 0)):,} | {int(st.get('types', 0)):,} | "
          f"{st.get('shares', '')} | {num(float(sc.meta['bench'].get('copies_seconds', 'nan')))} s |")
st = scales[-1].stats
if st:
    print(f"\nHeaps' law V = K n^beta, fitted on the corpus's own growth (its files in a "
          f"seeded order): K = {st.get('corpus_heaps_K')}, beta = {st.get('corpus_heaps_beta')}", end="")
    if int(st.get("copies", 1)) > 1:
        print(f"; the copies were made to follow beta = {st.get('beta_used')} and measure "
              f"{st.get('copies_heaps_beta')} over copies 1..{st.get('copies')} "
              f"({st.get('rare_types')} rare types, at most {st.get('rare_max')} occurrences, "
              "could vary)", end="")
    print(". Raw curves: sSCALE/heaps.tsv.")

print("\n## Every cost against the corpus\n")
ratio_head = f"{scales[-1].name}x / {base.name}x" if len(scales) > 1 else "ratio"
print("| figure | tool | " + " | ".join(f"{sc.name}x" for sc in scales) + f" | {ratio_head} |")
print("|---|---|" + "---|" * (len(scales) + 1))
for key, (title, fmt) in FORMAT.items():
    for t in TOOLS:
        vals = [f.get(key) for f in fig[t]]
        if all(v is None for v in vals):
            continue
        cells = [fmt(v) if v is not None else "n/a" for v in vals]
        r = (f"{vals[-1] / vals[0]:.3g}x" if len(vals) > 1 and vals[0] and vals[-1] is not None
             else "–")
        print(f"| {title} | {LABEL[t]} | " + " | ".join(cells) + f" | {r} |")

# --- the targets, for rubric -----------------------------------
print("\n## Targets (rubric)\n")
r = fig.get("rubric", [])


def target(desc, value, ok):
    if value is None:
        print(f"- {desc}: n/a")
    else:
        print(f"- {desc}: {value} — **{'met' if ok else 'NOT met'}**")


if r and len(r) > 1 and r[0].get("throughput") and r[-1].get("throughput"):
    q = r[-1]["throughput"] / r[0]["throughput"]
    target(f"build throughput at {scales[-1].name}x ≥ 0.8x that at {base.name}x",
           f"{q:.3g}x", q >= 0.8)
    q = r[-1]["rss"] / r[0]["rss"]
    target(f"peak RSS from {base.name}x to {scales[-1].name}x ≤ 1.5x (bound: -j writers "
           "(default the cores) x a 2,000-passage batch and their caches; 1,024 files "
           "queued a shard)", f"{q:.3g}x", q <= 1.5)
if r and len(r) > 1 and r[0].get("q_median") and r[-1].get("q_median"):
    q = r[-1]["q_median"] / r[0]["q_median"]
    target(f"median query at {scales[-1].name}x ≤ 2x that at {base.name}x", f"{q:.3g}x", q <= 2)
shares = [f.get("incremental_share") for f in r]
if shares and all(s is not None for s in shares):
    target("rerun with 1% changed ≤ 5% of a full build at every size",
           ", ".join(f"{s * 100:.2g}%" for s in shares), max(shares) <= 0.05)

# --- shards ---------------------------------------------------------------
top = scales[-1]
one = os.path.join(top.dir, "hits-one.tsv")
if os.path.exists(one):
    def load(path):
        by = defaultdict(list)
        for line in open(path, encoding="utf-8"):
            q, p, n, s = line.rstrip("\n").split("\t")
            by[q].append((p, n, float(s)))
        return by
    h1 = load(one)
    names = sorted({name for (t, ph, name) in top.raw if t == "rubric" and ph == "query"})
    print(f"\n## Shards at {top.name}x\n")
    for kind in ("local", "remote"):
        path = os.path.join(top.dir, f"hits-{kind}.tsv")
        if not os.path.exists(path):
            continue
        hk = load(path)
        same_hits = same_scores = 0
        differ = []
        for q in names:
            a, b = h1.get(q, []), hk.get(q, [])
            if [x[:2] for x in a] == [x[:2] for x in b]:
                same_hits += 1
                if all(abs(x[2] - y[2]) <= 1e-9 * abs(x[2]) for x, y in zip(a, b)):
                    same_scores += 1
                    continue
            differ.append(q)
        print(f"- {kind} shards: same top 10 for {same_hits} of {len(names)} queries, "
              f"same scores too for {same_scores}" + (f" (differ: {', '.join(differ)})"
                                                     if differ else ""))
    lat = {k: top.latency(k) for k in ("rubric", "rubric-local", "rubric-remote")}
    if all(lat.values()):
        print(f"- query latency, median / p95: one index {num(lat['rubric'][0] * 1000)} / "
              f"{num(lat['rubric'][1] * 1000)} ms; local shards "
              f"{num(lat['rubric-local'][0] * 1000)} / {num(lat['rubric-local'][1] * 1000)} ms; "
              f"remote shards {num(lat['rubric-remote'][0] * 1000)} / "
              f"{num(lat['rubric-remote'][1] * 1000)} ms "
              f"({lat['rubric-remote'][0] / lat['rubric'][0]:.3g}x the one index)")
    sh = top.one("rubric-shards", "index", "scratch")
    if sh:
        print(f"- build as shards: {num(sh[0])} s, peak RSS {num(sh[1] / 1e6)} MB, "
              f"{num(int(top.meta['rubric-shards'].get('index_bytes', 0)) / 1e6)} MB")
    for k in ("rubric-remote",):
        if top.meta[k].get("status"):
            print(f"- remote shards: n/a ({top.meta[k]['status']})")

# --- a paper estimate for 1 TB, from the two largest scales ----------------
if r and len(r) > 1 and all(r[i].get(k) for i in (-2, -1)
                             for k in ("build", "size", "q_median")):
    x0, x1 = scales[-2].bytes, scales[-1].bytes
    TB, SHARD = 1e12, 50e9  # a 50 GB shard of text: one machine's share

    def extrapolate(key, to):
        y0, y1 = r[-2][key], r[-1][key]
        a = math.log(y1 / y0) / math.log(x1 / x0)
        return y1 * (to / x1) ** a, a
    build, ab = extrapolate("build", SHARD)
    size, asz = extrapolate("size", SHARD)
    qm, aq = extrapolate("q_median", SHARD)
    n = math.ceil(TB / SHARD)
    print(f"\n## Paper estimate for 1 TB of text (from {scales[-2].name}x and "
          f"{scales[-1].name}x: cost ∝ size^a)\n")
    print(f"- {n} shards of {SHARD / 1e9:.0f} GB, one machine each (this machine's "
          f"2 cores), built in parallel: {build / 3600:.3g} h per shard (a = {ab:.2f})")
    print(f"- index: {size / 1e9:.3g} GB per shard, {size * n / 1e12:.3g} TB in all "
          f"(a = {asz:.2f})")
    print(f"- query: {num(qm * 1000)} ms median on one shard (a = {aq:.2f}), plus the "
          "remote cost measured above, fanned out to every shard")
    print("- an extrapolation over "
          f"{TB / x1:.0f}x beyond the largest measured corpus: read it as an order of magnitude")

# --- data for the picture -------------------------------------------------
with open(os.path.join(OUT, "tools"), "w") as f:
    f.write(" ".join(TOOLS) + "\n")
for t in TOOLS:
    with open(os.path.join(OUT, f"curve-{t}.dat"), "w") as f:
        f.write("# corpus_MB build_s index_MB rss_MB query_median_ms\n")
        for sc, v in zip(scales, fig[t]):
            def g(k, scale=1.0):
                return f"{v[k] * scale:.6g}" if v.get(k) is not None else "NaN"
            f.write(f"{sc.bytes / 1e6:.6g} {g('build')} {g('size', 1e-6)} "
                    f"{g('rss', 1e-6)} {g('q_median', 1e3)}\n")
