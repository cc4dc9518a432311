"""Speed of the derivation checker: a 10-line derivation, in a fresh process and in one already warm.

Run: python benchmarks/bench_derive.py [--repeat 5]
Target (issue 15): a 10-line derivation checked in under 1 s on this machine (2 cores), fresh process included.
The derivation is the notes' chain (general layer l, side facts, ∂A/∂Z read as the vector σ′) with a planted
wrong line, so every layer of the checker runs: instantiation at each layer, both readings, the named mistake.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "ch3quiz"]
QUESTION = "bp-delta-Lminus1-derive"
LINES = [
    r"A^{(l)} = \sigma(Z^{(l)}) = \sigma(W^{(l)}A^{(l-1)} + b^{(l)})",
    r"J = \frac{1}{2} \|A^{(L)} - Y\|^2",
    r"\delta^{(L)} = \frac{\partial J}{\partial Z^{(L)}} = (A^{(L)} - Y) \cdot \sigma'(Z^{(L)})",
    r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}} = \frac{\partial J}{\partial A^{(l)}} \cdot \frac{\partial A^{(l)}}{\partial Z^{(l)}}",
    r"\frac{\partial A^{(l)}}{\partial Z^{(l)}} = \sigma'(Z^{(l)})",
    r"\frac{\partial J}{\partial A^{(l)}} = W^{(l+1)} \delta^{(l+1)}",  # the planted mistake: a dropped transpose
    r"l = L-1",
    r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
    r"= \mathrm{diag}(\sigma'(Z^{(L-1)}))(W^{(L)})^{\top}\delta^{(L)}",
    r"= \sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}",
]


def fresh(repeat: int, path: Path) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(CLI + ["derive", QUESTION, str(path), "--json"], cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return times


def warm(repeat: int) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from ch3quiz.bank import load_bank
    from ch3quiz.math import check_derivation
    from ch3quiz.paths import bundled_bank_path

    question = load_bank(bundled_bank_path()).get(QUESTION)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = check_derivation(question, LINES)
        times.append(time.perf_counter() - start)
    assert result.first_wrong == 6, result.to_dict()  # the planted line, named
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    path = Path("/tmp") / "ch3quiz-bench-derive.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    for name, times in (("fresh process (ch3quiz derive)", fresh(args.repeat, path)), ("in process", warm(args.repeat))):
        print(f"{len(LINES)}-line derivation, {name}: best {min(times):.3f} s, median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
