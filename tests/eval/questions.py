#!/usr/bin/python3
"""Reader's questions, answered in the top 3 (make eval).

  questions.py run OUT INDEXER SEARCH ROOT

Each set is a question file and the folder it asks about:
  - article: tests/data/query/article-questions.tsv on corpus/article (the
    set tests/cli/article_questions.sh holds to issue 12's 80%);
  - ruth: tests/data/query/ruth-questions.tsv on corpus/related/bible-kjv/
    08-ruth, a held-out set written without running a search, after the
    related words were built: it says whether what helps the article's
    questions helps other text too.
Each folder is indexed on its own (OUT/questions-NAME), the questions run in
one --queries-from process, typed as plain words. A question is answered
when a line that answers it lies in one of the first 3 hits' passages (the
hit's or its "others"; a passage covers its line and one more per newline
of its text). An answer is LINE (the set's folder holds one file) or
FILE:LINE (FILE the file's name). Writes OUT/questions.tsv (every
question's result) and appends a section to OUT/results.md.
"""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fileeval as fe  # noqa: E402  (its run_search: one --queries-from process)

SETS = (
    ("article", "tests/data/query/article-questions.tsv", "corpus/article"),
    ("ruth", "tests/data/query/ruth-questions.tsv", "corpus/related/bible-kjv/08-ruth"),
)
TOP = 3


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            question, answers = line.rstrip("\n").split("\t")
            rows.append((question, answers.split()))
    return rows


def covered(hit):
    """(file name, line) of every line the hit's passages cover."""
    name = os.path.basename(hit["path"])
    for p in [hit] + hit.get("others", []):
        for k in range(p["text"].count("\n") + 1):
            yield name, p["line"] + k


def answered(answers, shown):
    for a in answers:
        name, _, line = a.rpartition(":")
        if any(int(line) == ln and (not name or name == n) for n, ln in shown):
            return True
    return False


def run_set(name, tsv, folder, out, indexer, search, root):
    index = os.path.join(out, f"questions-{name}")
    subprocess.run(["rm", "-rf", index], check=True)
    subprocess.run([indexer, "-q", "-d", index, folder], cwd=root, check=True)
    rows = load(os.path.join(root, tsv))
    qrows = [(f"q{i}", " ".join(q.split())) for i, (q, _) in enumerate(rows)]
    lines, errors, fatal, _ = fe.run_search(["--json", "-n", str(TOP)], qrows, search,
                                             index, root)
    if fatal or errors:
        sys.exit(f"questions: {name}: {fatal or errors}")
    shown = {}
    for line in lines:
        h = json.loads(line)
        if h.get("type") == "hit" and h["rank"] <= TOP:
            shown.setdefault(h["qid"], []).extend(covered(h))
    results = [(q, answered(a, shown.get(qid, [])), a)
               for (qid, _), (q, a) in zip(qrows, rows)]
    return results


def run(out, indexer, search, root):
    table, tsv_rows = [], []
    for name, tsv, folder in SETS:
        results = run_set(name, tsv, folder, out, indexer, search, root)
        got = sum(ok for _, ok, _ in results)
        table.append((name, len(results), got))
        tsv_rows += [f"{name}\t{q}\t{'answered' if ok else 'missed'}\t{' '.join(a)}"
                     for q, ok, a in results]
    with open(os.path.join(out, "questions.tsv"), "w", encoding="utf-8") as f:
        f.write("set\tquestion\tresult\tanswers\n")
        f.writelines(r + "\n" for r in tsv_rows)
    with open(os.path.join(out, "results.md"), "a", encoding="utf-8") as f:
        f.write(f"\n## Reader's questions\n\nQuestions typed as plain words; answered: a "
                f"line that answers it is in one of the first {TOP} hits' passages "
                f"(questions.tsv).\n\n| set | questions | answered in the top {TOP} | share |\n"
                "|---|---:|---:|---:|\n")
        for name, n, got in table:
            f.write(f"| {name} | {n} | {got} | {got / n:.0%} |\n")
    print("questions: " + ", ".join(f"{name} {got} of {n}" for name, n, got in table))
    return 0


def main(argv):
    if len(argv) == 6 and argv[1] == "run":
        return run(*argv[2:])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
