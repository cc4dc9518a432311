"""What a session's load leaves to ``validate``, and what happens when such a question is asked.

Loading a bank for a session makes the cheap checks; reading every checker formula and drawing a
parameterised question 200 times is left to ``validate`` (and ``import``), which still reports
every problem with its file and line. A question whose checker fields cannot be read is then met
when it is asked: its answer is "undecided" with the reason, and the session goes on."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from ch3quiz.bank import load_bank, read_bank
from ch3quiz.bank.cache import load_bank_cached
from ch3quiz.errors import BankError

BANKS = Path(__file__).parents[1] / "data" / "banks"
BROKEN_FORMULAS = BANKS / "invalid" / "formula-fields.yaml"

ONE_DRAW_FAILS = """section: '3.6'
questions:
  - id: rare-bad-draw
    type: numeric
    prompt_zh: 步长 {k} 时的值？
    prompt_en: The value for step {k}?
    params: {k: '0..400'}
    answer: '1 / (k - 399)'
    explanation_zh: 解
    explanation_en: E
    tags: [x]
    difficulty: 1
"""


def test_validate_still_reports_every_formula_problem_with_its_line() -> None:
    _, problems = read_bank(BROKEN_FORMULAS)
    assert {(p.line, p.qid) for p in problems} >= {(13, "f-bad-answer"), (24, "f-bad-shape"), (36, "f-bad-mistake")}
    assert all(p.file.endswith("formula-fields.yaml") for p in problems)


def test_a_session_loads_the_questions_whose_formulas_only_validate_reads() -> None:
    bank = load_bank(BROKEN_FORMULAS)
    assert "f-bad-answer" in bank and "f-unknown-symbol" in bank


def test_a_rare_bad_draw_is_found_by_validate_not_by_a_load(tmp_path: Path) -> None:
    path = tmp_path / "rare.yaml"
    path.write_text(ONE_DRAW_FAILS, encoding="utf-8")
    _, problems = read_bank(path)
    assert [(p.line, p.qid) for p in problems] == [(8, "rare-bad-draw")]
    assert "seed" in problems[0].message and "k=399" in problems[0].message
    assert "rare-bad-draw" in load_bank(path)


def test_a_draw_that_fails_for_every_seed_still_refuses_the_load(tmp_path: Path) -> None:
    path = tmp_path / "always.yaml"
    path.write_text(ONE_DRAW_FAILS.replace("1 / (k - 399)", "1 / (k - k)"), encoding="utf-8")
    _, problems = read_bank(path)
    assert [(p.line, p.qid) for p in problems] == [(8, "rare-bad-draw")]
    with pytest.raises(BankError, match=r"always\.yaml:8: rare-bad-draw"):
        load_bank(path)


def test_asking_a_question_whose_checker_fields_are_broken_says_so_and_goes_on(cli, isolated_home: Path) -> None:
    run = cli("quiz", "--bank", str(BROKEN_FORMULAS), "--count", "2", "--seed", "1", "--lang", "en",
              input="W x\nW x\n")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.count("checker fields cannot be read") == 2  # each question, its own reason
    assert "[2/2]" in run.stdout and "session summary" in run.stdout
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    rows = db.execute("SELECT verdict FROM answers").fetchall()
    assert rows == [("undecided",), ("undecided",)]


def test_the_cache_of_a_loaded_bank_is_no_licence_to_skip_validate(isolated_home: Path) -> None:
    load_bank_cached(BROKEN_FORMULAS)  # cached for sessions
    _, problems = read_bank(BROKEN_FORMULAS)  # validate reads the YAML and checks everything
    expected = re.findall(r"^# expect: ", BROKEN_FORMULAS.read_text(encoding="utf-8"), re.M)
    assert len(problems) == len(expected) > 0


def test_a_broken_question_repeated_under_another_id_is_reported_at_each_place(tmp_path: Path) -> None:
    # validate checks identical questions once; each copy still gets its own row, id and line
    one = ONE_DRAW_FAILS.replace("1 / (k - 399)", "1 / (k - k)")
    questions = one.split("questions:\n", 1)[1]
    path = tmp_path / "copies.yaml"
    path.write_text(one + questions.replace("rare-bad-draw", "rare-bad-draw-2"), encoding="utf-8")
    _, problems = read_bank(path)
    assert [(p.line, p.qid) for p in problems] == [(8, "rare-bad-draw"), (18, "rare-bad-draw-2")]
    assert problems[0].message == problems[1].message
