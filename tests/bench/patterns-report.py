#!/usr/bin/env python3
"""The pattern queries' table (tests/bench/patterns.tsv): per query the
median whole-process time of rubric and of rg over the runs in raw.tsv,
and how many times faster rubric was.

    patterns-report.py RAW.tsv PATTERNS.tsv
"""
import statistics
import sys
from collections import defaultdict


def main(raw_path, patterns_path):
    times = defaultdict(list)  # (tool, name) -> seconds of the runs that worked
    with open(raw_path) as f:
        next(f)
        for line in f:
            tool, phase, name, _run, secs, _rss, rc = line.rstrip("\n").split("\t")
            if phase == "query" and rc in ("0", "1"):
                times[(tool, name)].append(float(secs))
    rows = []
    with open(patterns_path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            rows.append((c[0], c[1], c[5]))
    print("\n## Patterns: rubric against rg\n")
    print("The pattern queries of `tests/bench/patterns.tsv` (rubric `-n 10`, "
          "rg `-l -i -m1` over the corpus), whole process, median of the runs:\n")
    print("| query | rubric | rg | rg / rubric |")
    print("|---|---|---|---|")
    for name, rq, gq in rows:
        r = times.get(("rubric-patterns", name))
        g = times.get(("rg-patterns", name))
        rm = statistics.median(r) if r else None
        gm = statistics.median(g) if g else None
        ratio = f"{gm / rm:.1f}x" if rm and gm else "n/a"
        fmt = lambda s: f"{s * 1000:.0f} ms" if s is not None else "n/a"
        print(f"| {name}: `{rq}` | {fmt(rm)} | {fmt(gm)} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
