"""Every benchmark in one run, printed as one Markdown table (the README shows the latest).

Each row is the median wall-clock time of several fresh processes, measured in the same run
as the two floors it is judged against: ``python -c pass`` and ``python -c "import typer, rich"``.
Rows judged side by side are timed in turn, round after round (``medians_in_turn``), so a drift in
the machine's speed touches them alike.
Beside it, the median CPU time (user + system) of the same processes: on a shared machine the
wall clock also counts the time spent waiting for a core, the CPU time does not.
The scale rows use a synthetic bank of 10,000 questions with 100,000 review logs (built with
``bench_scale``) in a temporary directory; nothing of the student's is read or written.

Run: python benchmarks/run.py [--repeat 5] [--questions 10000] [--logs 100000] [--copies 60000] [--readme]
(``--readme`` also puts the table into README.md, between its benchmark markers).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import BATCH, SINGLE  # noqa: E402
from bench_scale import first_lines, make_bank, make_copies, make_progress  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "ch3quiz"]


@dataclass
class Row:
    label: str
    median: float  # seconds (or answers/s for a throughput row)
    target: str
    ok: bool | None
    unit: str = "s"
    cpu: float | None = None  # median CPU seconds of the same runs


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], stdin: str = "",
          before: Callable[[], None] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process."""
    if before:
        before()
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu


class Median(float):
    """A median wall time that also carries the median CPU time of the same runs."""

    cpu: float


def median_of(repeat: int, cmd: list[str], env: dict[str, str], stdin: str = "",
              before: Callable[[], None] | None = None) -> Median:
    return _median([timed(cmd, env, stdin, before) for _ in range(repeat)])


def medians_in_turn(repeat: int, env: dict[str, str], commands: list[tuple[list[str], str]]) -> list[Median]:
    """The median of each (command, stdin), the commands run in turn, round after round: this machine's
    speed drifts by a quarter within a minute, and a row timed in one block could fall wholly in a slow
    spell that the rows it is judged beside never saw."""
    runs: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(repeat):
        for mine, (cmd, stdin) in zip(runs, commands):
            mine.append(timed(cmd, env, stdin))
    return [_median(mine) for mine in runs]


def _median(runs: list[tuple[float, float]]) -> Median:
    result = Median(statistics.median(wall for wall, _ in runs))
    result.cpu = statistics.median(cpu for _, cpu in runs)
    return result


def _scale_env(questions: int, logs: int) -> tuple[dict[str, str], Path]:
    root = Path(tempfile.mkdtemp(prefix="ch3quiz-bench-"))
    bank, home = root / "bank", root / "home"
    bank.mkdir()
    home.mkdir()
    ids = make_bank(bank, questions)
    os.environ["CH3QUIZ_HOME"] = str(home)
    make_progress(home, ids, logs)
    return {**os.environ, "CH3QUIZ_HOME": str(home), "CH3QUIZ_BANK": str(bank), "PYTHONPATH": str(ROOT)}, bank


def _touch_bank(bank: Path) -> Callable[[], None]:
    """An edit to one bank file (a comment line), so the next command reads the YAML afresh."""
    counter = iter(range(10**9))
    first = sorted(bank.glob("*.yaml"))[0]

    def edit() -> None:
        with first.open("a", encoding="utf-8") as handle:
            handle.write(f"# edit {next(counter)}\n")

    return edit


def startup_rows(repeat: int, env: dict[str, str]) -> tuple[list[Row], float]:
    bare, floor, help_time, list_time, quiz_time = medians_in_turn(repeat, env, [
        ([PY, "-c", "pass"], ""), ([PY, "-c", "import typer, rich"], ""), ([*CLI, "--help"], ""), ([*CLI, "list"], ""),
        ([*CLI, "quiz", "--type", "mc", "--seed", "1"], "")])
    return [
        Row("floor: python -c pass", bare, "", None),
        Row('floor: python -c "import typer, rich"', floor, "", None),
        Row("ch3quiz --help", help_time, f"≤ 1.3 × floor = {1.3 * floor:.3f} s", help_time <= 1.3 * floor),
        Row("ch3quiz list (the bundled bank)", list_time, "≤ 0.25 s", list_time <= 0.25),
        Row("ch3quiz quiz --type mc, to the first question", quiz_time, "", None),
    ], floor


def scale_rows(repeat: int, questions: int, logs: int) -> list[Row]:
    env, bank = _scale_env(questions, logs)
    first = median_of(repeat, [*CLI, "stats", "--json"], env, before=_touch_bank(bank))
    subprocess.run([*CLI, "stats", "--json"], env=env, cwd=ROOT, capture_output=True, check=False)  # cache filled
    stats, stats_json, review, listing = medians_in_turn(repeat, env, [
        ([*CLI, "stats"], ""), ([*CLI, "stats", "--json"], ""), ([*CLI, "review"], ""), ([*CLI, "list"], "")])
    scale = f"{questions:,} questions, {logs:,} logs"
    return [
        Row(f"stats ({scale})", stats, "≤ 0.3 s", stats <= 0.3),
        Row(f"stats --json ({scale})", stats_json, "≤ 0.3 s", stats_json <= 0.3),
        Row(f"first stats after a bank change ({scale})", first, "≤ 1 s", first <= 1.0),
        Row(f"review, to the first card ({scale})", review, "", None),
        Row(f"list ({questions:,} questions)", listing, "", None),
    ]


def large_bank_rows(repeat: int, copies: int) -> list[Row]:
    """The attacker's kind of bank (copies of the bundled questions, ids made unique), never read before:
    how soon ``list`` shows its first page (each run with an empty cache)."""
    bank = Path(tempfile.mkdtemp(prefix="ch3quiz-bench-copies-"))
    make_copies(bank, copies)
    times = []
    for _ in range(repeat):
        env = {**os.environ, "CH3QUIZ_HOME": tempfile.mkdtemp(prefix="ch3quiz-bench-home-"), "CH3QUIZ_BANK": str(bank),
               "PYTHONPATH": str(ROOT)}
        times.append(first_lines([*CLI, "list"], env, 51))
    first_page = statistics.median(times)
    return [Row(f"list, until its first page is shown ({copies:,} copied questions, not cached)", first_page,
                "≤ 3 s", first_page <= 3.0)]


def checker_rows(repeat: int, env: dict[str, str]) -> list[Row]:
    lines = "\n".join(BATCH[i % len(BATCH)] for i in range(300)) + "\n"
    *singles, elapsed = medians_in_turn(repeat, env, [
        *(([*CLI, "check", qid, answer, "--json"], "") for qid, answer in SINGLE),
        ([*CLI, "check", "bp-delta-Lminus1", "--stdin", "--json"], lines)])
    worst = max(singles)
    rate = 300 / elapsed
    return [  # the throughput row's CPU column is the CPU time of the whole batch
        Row("check, one answer in a fresh process (slowest of 5 questions)", worst, "≤ 0.3 s", worst <= 0.3),
        Row("check --stdin (300 answers, start-up included)", rate, "≥ 300 answers/s", rate >= 300, "answers/s",
            cpu=elapsed.cpu),
    ]


def table(rows: list[Row]) -> str:
    lines = ["| benchmark | median | CPU | target | |", "|---|---:|---:|---|---|"]
    for row in rows:
        value = f"{row.median:.0f} {row.unit}" if row.unit != "s" else f"{row.median:.3f} s"
        cpu = getattr(row.median, "cpu", None) if row.cpu is None else row.cpu
        cpu_text = "" if cpu is None else f"{cpu:.3f} s"
        verdict = "" if row.ok is None else ("ok" if row.ok else "**missed**")
        lines.append(f"| {row.label} | {value} | {cpu_text} | {row.target} | {verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--copies", type=int, default=60_000, help="Questions in the large bank of copies.")
    parser.add_argument("--readme", action="store_true", help="Also write the table into README.md.")
    args = parser.parse_args()
    # Measure what a student runs: pip compiles an installed package to bytecode, so the checkout is
    # compiled once here, and the measured processes may use (and write) bytecode whatever the shell says.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "ch3quiz")], check=False)
    env = {**os.environ, "CH3QUIZ_HOME": tempfile.mkdtemp(prefix="ch3quiz-bench-home-"), "PYTHONPATH": str(ROOT)}
    env.pop("CH3QUIZ_BANK", None)
    subprocess.run([*CLI, "list"], env=env, cwd=ROOT, capture_output=True, check=False)  # the bank cache, filled
    rows, _floor = startup_rows(args.repeat, env)
    rows += scale_rows(args.repeat, args.questions, args.logs)
    rows += large_bank_rows(args.repeat, args.copies)
    rows += checker_rows(args.repeat, env)
    report = (f"{table(rows)}\n\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.repeat} runs;"
              f" load average {os.getloadavg()[0]:.1f} at the end")
    print(report)
    if args.readme:
        write_readme(report)


START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def write_readme(report: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{report}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
