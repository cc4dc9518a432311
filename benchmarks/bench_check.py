"""Speed of the formula checker: one `check` in a fresh process, and a `--stdin` batch.

Run: .venv/bin/python benchmarks/bench_check.py [--batch 300]
Targets (issue 5): a single check within 0.5 s in a fresh process; a batch at 100 answers/s or better.
If tests/data/formula_corpus.py is present (labelled answers), it also reports agreement and false accepts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "ch3quiz"]
SINGLE = [
    ("bp-delta-Lminus1", "sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)"),
    ("gnn-gcn-update", r"\sigma(W_k\sum_{u\in N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|N(u)||N(v)|}})"),
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x))"),
    ("cnn-output-size", "floor((n+2p-k)/s)+1"),
    ("bp-delta-Lminus1", r"W^{(L)}\delta^{(L)}"),
]
BATCH = [
    "sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)", r"W^{(L)}\delta^{(L)}", r"(W^{(L)})^T\delta^{(L)}",
    r"\sigma'(Z^{(L)}) \odot (W^{(L)})^{\top} \delta^{(L)}", r"\sum_k W^{(L)}_{kj}\delta^{(L)}_k\sigma'(Z^{(L-1)}_j)",
    "(((", r"-\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}",
]


def single() -> None:
    print("single check, fresh process (wall clock, best of 3):")
    for qid, answer in SINGLE:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(CLI + ["check", qid, answer, "--json"], cwd=ROOT, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        print(f"  {qid:26s} {min(times):.3f} s (median {statistics.median(times):.3f} s)")


def batch(n: int) -> None:
    lines = "\n".join(BATCH[i % len(BATCH)] for i in range(n)) + "\n"
    start = time.perf_counter()
    done = subprocess.run(CLI + ["check", "bp-delta-Lminus1", "--stdin", "--json"], cwd=ROOT, input=lines,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    count = len(done.stdout.splitlines())
    print(f"--stdin batch: {count} answers in {elapsed:.2f} s = {count / elapsed:.0f} answers/s")


def corpus() -> None:
    path = ROOT / "tests" / "data" / "formula_corpus.py"
    if not path.exists():
        print("no labelled corpus at tests/data/formula_corpus.py; skipping agreement")
        return
    sys.path.insert(0, str(ROOT))
    import importlib

    module = importlib.import_module("tests.data.formula_corpus")
    cases = getattr(module, "CASES", None) or getattr(module, "CORPUS", None) or getattr(module, "ALL_CASES", None)
    if not cases:
        print("the corpus module has no CASES/CORPUS list; skipping agreement")
        return
    from ch3quiz.bank import load_bank
    from ch3quiz.math import check_answer
    from ch3quiz.paths import bundled_bank_path

    bank = load_bank(bundled_bank_path())
    agree = false_accept = undecided = total = 0
    misses: list[str] = []
    start = time.perf_counter()
    for case in cases:
        qid, text, label = case.target, case.text, case.correct
        result = check_answer(bank.get(qid), text)
        verdict = result.verdict
        total += 1
        undecided += verdict == "undecided"
        wanted = "correct" if label in (True, "correct") else "incorrect"
        # right in value: correct, or equal but not in the form asked (in terms of σ(x)); the label is about value
        right_value = verdict == "correct" or result.mistake == "asked-form"
        agree += right_value == (wanted == "correct")
        false_accept += verdict == "correct" and wanted != "correct"
        if right_value != (wanted == "correct"):
            misses.append(f"{qid}: {verdict} for {'right' if wanted == 'correct' else 'wrong'} answer {text}")
    elapsed = time.perf_counter() - start
    print(json.dumps({"cases": total, "agreement": agree / max(total, 1), "false_accepts": false_accept,
                      "undecided": undecided, "answers_per_second": round(total / elapsed)}))
    for miss in misses:
        print("  disagreement:", miss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=300)
    args = parser.parse_args()
    single()
    batch(args.batch)
    corpus()


if __name__ == "__main__":
    main()
