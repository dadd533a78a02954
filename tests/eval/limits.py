#!/usr/bin/env python3
"""A limit cuts the ranked list and nothing else, on the related corpus.

  limits.py run PASSAGES OUT SEARCH INDEX

For a seeded sample of words (one from each of 400 passages) and of word
pairs (two words of one passage, 100 of them), rubric's first K hits with
`-n K` must be the first K of `-n 1000`, the same paths, lines and scores,
for K = 1, 3, 5 and 10 (tests/cli/limits.sh checks the same on sixty
files; here the index is a parallel build's, whose document ids vary from
build to build). Each K is one `--queries-from` process. Writes
OUT/limits.tsv (the queries that differ) and appends a section to
OUT/results.md.
"""
import json
import os
import random
import re
import subprocess
import sys

SEED = 20261130
N_WORDS = 400
N_PAIRS = 100
LIMITS = (1, 3, 5, 10)
ALL = 1000
WORD = re.compile(r"[^\W\d_]{4,}")


def sample(passages_path):
    texts = []
    with open(passages_path, encoding="utf-8") as f:
        for line in f:
            words = WORD.findall(json.loads(line).get("text", ""))
            if len(words) >= 2:
                texts.append(words)
    rng = random.Random(SEED)
    queries = []
    for words in rng.sample(texts, N_WORDS):
        queries.append(rng.choice(words).lower())
    for words in rng.sample(texts, N_PAIRS):
        a, b = rng.sample(range(len(words)), 2)
        queries.append(f"{words[a].lower()} {words[b].lower()}")
    return queries


def hits(search, index, queries_file, limit):
    out = subprocess.run([search, "-d", index, "--json", "-n", str(limit),
                          "--queries-from", queries_file],
                         capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"limits: rubric-search -n {limit} failed: {out.stderr.strip()}")
    by = {}
    for line in out.stdout.split("\n"):
        if line.startswith('{"type":"hit"'):
            h = json.loads(line)
            by.setdefault(h["qid"], []).append((h["path"], h["line"], h["score"]))
    return by


def run(passages_path, out, search, index):
    queries = sample(passages_path)
    qfile = os.path.join(out, "limits-queries.tsv")
    with open(qfile, "w", encoding="utf-8") as f:
        for i, q in enumerate(queries):
            f.write(f"q{i}\t{q}\n")
    full = hits(search, index, qfile, ALL)
    rows, differ = [], {}
    for k in LIMITS:
        cut = hits(search, index, qfile, k)
        differ[k] = 0
        for i, q in enumerate(queries):
            qid = f"q{i}"
            got, want = cut.get(qid, []), full.get(qid, [])[:k]
            if got != want:
                differ[k] += 1
                rows.append(f"{k}\t{q}\t{len(got)}\t{len(want)}")
    with open(os.path.join(out, "limits.tsv"), "w", encoding="utf-8") as f:
        f.write("limit\tquery\thits\thits_wanted\n")
        f.writelines(r + "\n" for r in rows)
    with open(os.path.join(out, "results.md"), "a", encoding="utf-8") as f:
        f.write(f"\n## Limits\n\n{N_WORDS} words and {N_PAIRS} word pairs (seed {SEED}), "
                f"each from one passage: the queries whose hits at `-n K` are not the "
                f"first K of `-n {ALL}` (paths, lines, scores; limits.tsv).\n\n"
                "| K | queries | differ |\n|---:|---:|---:|\n")
        for k in LIMITS:
            f.write(f"| {k} | {len(queries)} | {differ[k]} |\n")
    print("limits: " + ", ".join(f"-n {k}: {differ[k]} of {len(queries)} differ"
                                 for k in LIMITS))
    return 0


def main(argv):
    if len(argv) == 6 and argv[1] == "run":
        return run(*argv[2:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
