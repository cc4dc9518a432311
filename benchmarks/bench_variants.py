"""Speed of parameterised questions: validating the bundled bank (every question with params drawn
200 times), and drawing one variant as a quiz does.

Run: .venv/bin/python benchmarks/bench_variants.py [--draws 2000]
Reports seconds per full validation and microseconds per draw; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, the project not installed

from ch3quiz.bank.loader import read_bank  # noqa: E402
from ch3quiz.quiz.variants import draw_variant, is_parameterised  # noqa: E402


def time_validation(repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        read_bank(ROOT / "questions")
        times.append(time.perf_counter() - started)
    return times


def time_draws(draws: int) -> tuple[int, float]:
    bank, _ = read_bank(ROOT / "questions")
    questions = [q for q in bank if is_parameterised(q)]
    started = time.perf_counter()
    for seed in range(draws):
        draw_variant(questions[seed % len(questions)], seed)
    return len(questions), (time.perf_counter() - started) / draws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    validation = time_validation(args.repeats)
    count, per_draw = time_draws(args.draws)
    print(f"validate the bundled bank: median {statistics.median(validation):.2f} s over {args.repeats} runs")
    print(f"parameterised questions: {count}; one draw: {per_draw * 1e6:.0f} µs (mean of {args.draws})")


if __name__ == "__main__":
    main()
