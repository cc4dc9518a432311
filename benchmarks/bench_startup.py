"""Start-up cost of the commands a student runs most, as ratios to a bare ``import typer, rich``.

Targets (issue 3 and 4): ``--help`` within 1.6x of ``python -c "import typer, rich"``;
``validate`` of the whole bank under 0.5 s; a multiple-choice quiz shows its first
question within 0.25 s. None of these may import SymPy or numpy.

Run: python benchmarks/bench_startup.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PY = sys.executable


def best_of(cmd: list[str], repeat: int, stdin: str | None = None, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, check=False)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def imported(code: str) -> list[str]:
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else [done.stderr[-300:]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "CH3QUIZ_HOME": tempfile.mkdtemp()}

    base, _ = best_of([PY, "-c", "import typer, rich"], args.repeat)
    rows = [
        ("python -c 'import typer, rich'", [PY, "-c", "import typer, rich"], None, None),
        ("ch3quiz --help", [PY, "-m", "ch3quiz", "--help"], None, 1.6 * base),
        ("ch3quiz list", [PY, "-m", "ch3quiz", "list"], None, None),
        ("ch3quiz sections", [PY, "-m", "ch3quiz", "sections"], None, None),
        ("ch3quiz validate", [PY, "-m", "ch3quiz", "validate"], None, 0.5),
        # Ctrl-D right away: the cost of showing the first question (and the summary).
        ("ch3quiz quiz --type mc (to first question)", [PY, "-m", "ch3quiz", "quiz", "--type", "mc", "--seed", "1"], "", 0.25),
    ]
    print(f"{'command':48} {'best':>8} {'median':>8} {'x base':>7}  target")
    for label, cmd, stdin, target in rows:
        best, median = best_of(cmd, args.repeat, stdin, env)
        verdict = "" if target is None else ("ok" if best <= target else "SLOW") + f" (<= {target:.3f}s)"
        print(f"{label:48} {best:8.3f} {median:8.3f} {best / base:7.2f}  {verdict}")

    probe = (
        "import sys\nfrom ch3quiz.cli import main\n"
        "try:\n    main({argv})\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('sympy', 'numpy') if m in sys.modules])"
    )
    for argv in (["--help"], ["validate"], ["sections"]):
        print(f"heavy modules after {' '.join(argv):10}: {imported(probe.format(argv=argv))}")


if __name__ == "__main__":
    main()
