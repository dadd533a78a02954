#!/usr/bin/env python3
"""A limit cuts the ranked list and nothing else, on the related corpus.

  limits.py run PASSAGES OUT SEARCH INDEX CWD

For a seeded sample of words (one from each of 400 passages) and of word
pairs (two words of one passage, 100 of them), rubric's first K hits with
`-n K` must be the first K of `-n 1000`, the same paths, lines and scores,
for K = 1, 3, 5 and 10 (tests/cli/limits.sh checks the same on sixty
files; here the index is a parallel build's, whose document ids vary from
build to build). Each K is one `--queries-from` process (fileeval.py's).
Writes OUT/limits.tsv (the queries that differ) and appends a section to
OUT/results.md.
"""
import json
import os
import random
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eval as ev  # noqa: E402  (tests/eval/eval.py: the passages, their words)
import fileeval as fe  # noqa: E402  (its run_search: one --queries-from process)

SEED = 20261130
N_WORDS = 400
N_PAIRS = 100
LIMITS = (1, 3, 5, 10)
ALL = 1000


def sample(passages_path):
    """The queries, from passages in path order (not the dump's docid
    order), so the sample is the same for every build."""
    texts = [w for w in ([x for x in ev.words_of(text) if len(x) >= 4 and x.isalpha()]
                         for _, text in ev.load_passages(passages_path)) if len(w) >= 2]
    rng = random.Random(SEED)
    queries = [rng.choice(words) for words in rng.sample(texts, N_WORDS)]
    for words in rng.sample(texts, N_PAIRS):
        a, b = rng.sample(range(len(words)), 2)
        queries.append(f"{words[a]} {words[b]}")
    return queries


def hits(qrows, limit, search, index, cwd):
    lines, _, fatal, _ = fe.run_search(["--json", "-n", str(limit)], qrows, search, index, cwd)
    if fatal:
        sys.exit(f"limits: rubric-search -n {limit}: {fatal}")
    by = {}
    for line in lines:
        h = json.loads(line)
        if h.get("type") == "hit":
            by.setdefault(h["qid"], []).append((h["path"], h["line"], h["score"]))
    return by


def run(passages_path, out, search, index, cwd):
    queries = sample(passages_path)
    qrows = [(f"q{i}", q) for i, q in enumerate(queries)]
    full = hits(qrows, ALL, search, index, cwd)
    rows, differ = [], {}
    for k in LIMITS:
        cut = hits(qrows, k, search, index, cwd)
        differ[k] = 0
        for qid, q in qrows:
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
    if len(argv) == 7 and argv[1] == "run":
        return run(*argv[2:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
