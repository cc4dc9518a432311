"""Input that is not valid UTF-8 is read with replacement characters: every line still gets its answer.

``printf 'x\\n\\xff\\n' | ch3quiz check ID --stdin`` used to exit 70 with the valid line before
the bad byte unanswered; the quiz prompt and derive failed the same way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BANK = str(Path(__file__).parent / "data" / "banks" / "valid")


def run(args: list[str], stdin: bytes, home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "LANG": "en_US.UTF-8", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], input=stdin, capture_output=True, env=env,
                          cwd=ROOT, timeout=120)


def test_check_stdin_answers_every_line_around_a_bad_byte(tmp_path: Path) -> None:
    done = run(["check", "act-sigmoid-derivative", "--stdin", "--json"],
               b"\\sigma(x)(1-\\sigma(x))\n\xff\xfe\n\\sigma(x)\n", tmp_path)
    assert done.returncode == 0, done.stderr
    verdicts = [json.loads(line)["verdict"] for line in done.stdout.decode().splitlines()]
    assert verdicts == ["correct", "invalid", "incorrect"]


def test_a_bad_byte_at_the_quiz_prompt_is_asked_again_not_a_crash(tmp_path: Path) -> None:
    done = run(["quiz", "--type", "tf", "--bank", BANK], b"\xff\n\xe5\xaf\xb9\n", tmp_path)  # then 对
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "✓ correct" in out and "1/1" in out


def test_derive_reads_a_bad_byte_as_a_replacement(tmp_path: Path) -> None:
    done = run(["derive", "act-sigmoid-derivative"], b"\\sigma'(x) = \xff\n", tmp_path)
    assert done.returncode in (1, 2, 3) and b"internal error" not in done.stderr and b"Traceback" not in done.stderr


def test_a_dash_for_the_derivation_file_means_stdin(tmp_path: Path) -> None:
    steps = b"\\sigma'(x) = \\sigma(x)(1-\\sigma(x))\n"
    dashed = run(["derive", "act-sigmoid-derivative", "-", "--json"], steps, tmp_path)
    plain = run(["derive", "act-sigmoid-derivative", "--json"], steps, tmp_path)
    assert dashed.returncode == plain.returncode and json.loads(dashed.stdout) == json.loads(plain.stdout)


def _endless(args: list[str], home: Path, source: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "LANG": "en_US.UTF-8", "PYTHONIOENCODING": "utf-8"}
    with open(source, "rb") as endless:
        return subprocess.run([sys.executable, "-m", "ch3quiz", *args], stdin=endless, capture_output=True, env=env,
                              cwd=ROOT, timeout=60)


def test_derive_reads_no_further_than_its_bound_from_an_endless_file_or_stdin(tmp_path: Path) -> None:
    # `derive ID /dev/zero` (and an endless pipe on stdin) was read for ever.
    for args, name in ((["/dev/zero"], "/dev/zero"), (["-"], "standard input"), ([], "standard input")):
        done = _endless(["derive", "act-sigmoid-derivative", *args], tmp_path, "/dev/zero")
        assert done.returncode == 2
        assert done.stderr.decode() == f"error: {name} holds more than 1,000,000 bytes; that is no input for ch3quiz / 输入过长\n"
    assert not (tmp_path / "progress.sqlite3").exists() or _answers(tmp_path) == 0


def test_import_reads_no_further_than_its_bound_from_an_endless_stdin(tmp_path: Path) -> None:
    # `yes a,b,c | ch3quiz import csv - --into mine.yaml` read until the machine ran out of memory.
    target = tmp_path / "mine.yaml"
    done = _endless(["import", "csv", "-", "--into", str(target)], tmp_path, "/dev/zero")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("error: standard input holds more than 67,108,864 bytes")
    assert not target.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _answers(home: Path) -> int:
    import sqlite3

    with sqlite3.connect(home / "progress.sqlite3") as db:
        return db.execute("SELECT count(*) FROM answers").fetchone()[0]


def test_an_over_long_line_is_cut_at_a_bound_and_the_next_line_still_answered(tmp_path: Path) -> None:
    # A line is read no further than interact.MAX_LINE_CHARS: an endless line without a newline was
    # read whole, in check --stdin and at the quiz prompt, until the memory ran out.
    from ch3quiz.cli.interact import MAX_LINE_CHARS

    long_line = b"\0" * (MAX_LINE_CHARS * 3) + b"\n"
    done = run(["check", "act-sigmoid-derivative", "--stdin", "--json"], long_line + b"\\sigma(x)(1-\\sigma(x))\n", tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [r["verdict"] for r in results] == ["invalid", "correct"]
    # Its real length, not the bound it was cut at ("200,000 characters" for a 5 MB line).
    assert f"the line is too long ({MAX_LINE_CHARS * 3:,} characters; the limit for a line is {MAX_LINE_CHARS:,})" \
        in results[0]["message"]
    quiz = run(["quiz", "--type", "tf", "--bank", BANK], long_line + "对\n".encode(), tmp_path)
    assert quiz.returncode == 0, quiz.stderr
    assert "✓ correct" in quiz.stdout.decode()
    assert f"that line is too long ({MAX_LINE_CHARS * 3:,} characters" in quiz.stderr.decode()
    assert "not taken as an answer" in quiz.stderr.decode()
    assert _answers(tmp_path) == 1  # only the answer that followed it


@pytest.mark.parametrize("length", [5_000_000, 200_001])
def test_a_line_without_its_newline_is_measured_whole(tmp_path: Path, length: int) -> None:
    done = run(["check", "act-sigmoid-derivative", "--stdin", "--json"], b"x" * length, tmp_path)
    assert done.returncode == 0, done.stderr
    (result,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert result["verdict"] == "invalid" and f"({length:,} characters;" in result["message"]


def test_a_byte_order_mark_at_the_start_of_stdin_is_not_part_of_the_first_answer(tmp_path: Path) -> None:
    # answers.txt saved as "UTF-8 with BOM" (Notepad): the first answer read as '\ufeff\sigma…' and was invalid.
    bom = b"\xef\xbb\xbf"
    done = run(["check", "act-sigmoid-derivative", "--stdin", "--json"],
               bom + b"\\sigma(x)(1-\\sigma(x))\n\\sigma(x)\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["verdict"] for line in done.stdout.decode().splitlines()] == ["correct", "incorrect"]
    quiz = run(["quiz", "--type", "tf", "--bank", BANK], bom + "对\n".encode(), tmp_path)
    assert quiz.returncode == 0 and "✓ correct" in quiz.stdout.decode()
    assert _answers(tmp_path) == 1
