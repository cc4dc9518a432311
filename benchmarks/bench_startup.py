"""Start-up cost of the commands a student runs most, as ratios to a bare ``import typer, rich``.

Targets (issues 3, 4 and 17): ``--help`` (and ``-h``, with shell completion on) within 1.3x of
``python -c "import typer, rich"``, both timed alternately in the same run so machine load hits both alike;
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


def interleaved_ratio(cmd: list[str], base: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """(best, median) of cmd's time over base's, timing them alternately so load hits both alike."""
    pairs = [(best_of(cmd, 1, env=env)[0], best_of(base, 1, env=env)[0]) for _ in range(repeat)]
    return min(c for c, _ in pairs) / min(b for _, b in pairs), statistics.median(c / b for c, b in pairs)


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
        # Judged below, timed alternately with the baseline: one-off timings here drift with machine load.
        ("ch3quiz --help", [PY, "-m", "ch3quiz", "--help"], None, None),
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

    for flag in ("--help", "-h"):
        best, median = interleaved_ratio([PY, "-m", "ch3quiz", flag], [PY, "-c", "import typer, rich"], 3 * args.repeat, env)
        verdict = "ok" if best <= 1.3 else "SLOW"
        print(f"ch3quiz {flag} / import typer, rich, alternated: best {best:.2f}x, median {median:.2f}x  {verdict} (<= 1.3x)")

    probe = (
        "import sys\nfrom ch3quiz.cli import main\n"
        "try:\n    main({argv})\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('sympy', 'numpy') if m in sys.modules])"
    )
    for argv in (["--help"], ["validate"], ["sections"]):
        print(f"heavy modules after {' '.join(argv):10}: {imported(probe.format(argv=argv))}")


if __name__ == "__main__":
    main()
