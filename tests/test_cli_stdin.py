"""'-' is standard input for every FILE argument: derive, validate, import csv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parent / "data" / "banks"
STEPS = "\n".join([
    r"\sigma'(x) = \frac{e^{-x}}{(1+e^{-x})^2}",
    r"= \frac{1}{1+e^{-x}}\cdot\frac{e^{-x}}{1+e^{-x}}",
    r"= \sigma(x)(1-\sigma(x))",
]) + "\n"
WRONG = STEPS.replace(r"= \sigma(x)(1-\sigma(x))", r"= \sigma(x)(1+\sigma(x))")


@pytest.mark.parametrize("how", ["dash", "file", "pipe"])
def test_derive_reads_a_file_dash_or_a_pipe(cli, tmp_path: Path, how: str) -> None:
    steps = tmp_path / "steps.txt"
    steps.write_text(STEPS, encoding="utf-8")
    args = {"dash": ["-"], "file": [str(steps)], "pipe": []}[how]
    run = cli("derive", "act-sigmoid-derivative-derive", *args, input=None if how == "file" else STEPS)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "every line is right" in run.stdout


def test_derive_dash_names_a_wrong_line(cli) -> None:
    run = cli("derive", "act-sigmoid-derivative-derive", "-", input=WRONG)
    assert run.exit_code == 1
    assert "✗" in run.stdout


def test_derive_of_too_many_lines_says_how_many_and_the_limit(cli) -> None:
    # The attack's 10,000-line file was told only "too many lines (limit 60)".
    run = cli("derive", "act-sigmoid-derivative-derive", "-", input="x = x\n" * 10_000)
    assert run.exit_code == 2, run.stdout + run.stderr
    assert "too many lines (10,000; the limit is 60)" in run.stdout + run.stderr


def test_derive_of_a_missing_file_says_what_to_give(cli, tmp_path: Path) -> None:
    run = cli("derive", "act-sigmoid-derivative-derive", str(tmp_path / "nope.txt"))
    assert run.exit_code == 2
    assert "cannot read" in run.stderr and "or - for standard input" in run.stderr


def test_an_empty_derivation_names_what_to_type(cli) -> None:
    run = cli("derive", "act-sigmoid-derivative-derive", "-", input="\n\n")
    assert run.exit_code == 2
    assert "the derivation is empty; write one step a line, e.g. ch3quiz derive act-sigmoid-derivative-derive steps.txt" in run.stderr


def test_validate_dash_reads_one_bank_file_from_stdin(cli) -> None:
    good = (DATA / "valid" / "every-type.yaml").read_text(encoding="utf-8")
    run = cli("validate", "-", input=good)
    assert run.exit_code == 0
    assert run.stdout.startswith("ok: ") and "<stdin>" in run.stdout
    bad = (DATA / "invalid" / "duplicates.yaml").read_text(encoding="utf-8")
    run = cli("validate", "-", input=bad)
    assert run.exit_code == 1
    assert all(line.startswith("<stdin>:") for line in run.stdout.splitlines()[:-1])
    assert "duplicate" in run.stdout


def test_import_csv_dash_reads_the_csv_from_stdin(cli, tmp_path: Path, bundled_bank) -> None:
    exported = tmp_path / "all.csv"
    assert cli("export", "csv", "-o", str(exported), "--section", "3.1").exit_code == 0
    into = tmp_path / "mine.yaml"
    run = cli("import", "csv", "-", "--into", str(into), input=exported.read_text(encoding="utf-8"))
    assert run.exit_code == 0, run.stderr
    written = yaml.safe_load(into.read_text(encoding="utf-8"))["questions"]
    assert sorted(q["id"] for q in written) == sorted(q.id for q in bundled_bank.select(["3.1"]))
    assert cli("validate", str(into)).exit_code == 0
    broken = cli("import", "csv", "-", "--into", str(tmp_path / "other.yaml"), input="id,section\nx,3.1\n")
    assert broken.exit_code != 0 and "<stdin>" in broken.stderr + broken.stdout
    assert not (tmp_path / "other.yaml").exists()


def _run_module(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """A real process, so stdin decodes as a student's shell gives it (not as the test runner's)."""
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], input=stdin, capture_output=True, timeout=60,
                          cwd=Path(__file__).parents[1], env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.mark.parametrize("args", [["validate", "-"], ["derive", "act-sigmoid-derivative-derive", "-"],
                                  ["import", "csv", "-", "--into", "never-written.yaml"]])
def test_stdin_that_is_not_utf8_is_a_usage_error(args: list[str], tmp_path: Path) -> None:
    args = [str(tmp_path / a) if a.endswith(".yaml") else a for a in args]
    done = _run_module(*args, stdin=b"\xff\xfe\n")
    assert done.returncode == 2
    assert b"standard input is not UTF-8 text" in done.stderr and b"Traceback" not in done.stderr
    assert not (tmp_path / "never-written.yaml").exists()


def test_an_answer_line_that_is_not_utf8_is_graded_not_a_crash(isolated_home: Path) -> None:
    quiz = _run_module("quiz", "--type", "fill", "--count", "1", "--seed", "1", stdin=b"\xff\n")
    assert quiz.returncode == 0, quiz.stderr.decode("utf-8", "replace")
    assert "✗ incorrect".encode() in quiz.stdout
    check = _run_module("check", "loss-mse-grad", "--stdin", "--json", stdin=b"\xff\n")
    assert check.returncode == 0 and b'"verdict": "invalid"' in check.stdout


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a Unix pseudo-terminal")
def test_derive_typed_at_a_terminal_shows_what_to_derive_first(isolated_home: Path) -> None:
    # Seen at a terminal: 'ch3quiz derive ID' said only "type the derivation", not what was to be derived.
    master, slave = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "CH3QUIZ_HOME": str(isolated_home),
           "COLUMNS": "110"}
    child = subprocess.Popen([sys.executable, "-m", "ch3quiz", "derive", "act-sigmoid-derivative-derive"],
                             stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    try:
        os.write(master, STEPS.encode("utf-8") + b"\x04")  # the steps, then Ctrl-D at the start of a line
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        os.close(master)
    text = out.decode("utf-8")
    assert "Type the derivation, one step a line (a line may start with '='); finish with Ctrl-D." in text
    assert text.index("act-sigmoid-derivative-derive [") < text.index("every line is right"), text + err.decode()
    assert child.returncode == 0
