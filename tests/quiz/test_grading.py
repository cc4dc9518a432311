"""Grading per type, as tables: what a student types -> the verdict they get."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ch3quiz.bank import load_bank
from ch3quiz.quiz.grading import NotAnAnswer, grade, grade_short, key_points_named, parse_number

from pathlib import Path

BANK = load_bank(Path(__file__).parents[1] / "data" / "banks" / "valid")


@pytest.mark.parametrize(
    ("qid", "typed", "verdict"),
    [
        ("t-mc", "a", "correct"),
        ("t-mc", " A ", "correct"),
        ("t-mc", "b", "incorrect"),
        ("t-multi", "a,c", "correct"),
        ("t-multi", "CA", "correct"),
        ("t-multi", "a c", "correct"),
        ("t-multi", "a、c", "correct"),
        ("t-multi", "a", "incorrect"),
        ("t-multi", "abc", "incorrect"),
        ("t-tf", "对", "correct"),
        ("t-tf", "是", "correct"),
        ("t-tf", "T", "correct"),
        ("t-tf", "true", "correct"),
        ("t-tf", "y", "correct"),
        ("t-tf", "√", "correct"),
        ("t-tf", "错", "incorrect"),
        ("t-tf", "×", "incorrect"),
        ("t-tf", "no", "incorrect"),
        ("t-fill", "SGD", "correct"),
        ("t-fill", "sgd", "correct"),
        ("t-fill", "ＳＧＤ", "correct"),  # full-width letters
        ("t-fill", " Stochastic  Gradient Descent ", "correct"),
        ("t-fill", "随机梯度下降。", "correct"),
        ("t-fill", "批量梯度下降", "incorrect"),
        ("t-numeric", "16", "correct"),
        ("t-numeric", "16.0", "correct"),
        ("t-numeric", "32/2", "correct"),
        ("t-numeric", "1.6e1", "correct"),
        ("t-numeric", "15", "incorrect"),
        ("t-numeric", "15.6", "incorrect"),  # tolerance 0: a count is exact
    ],
)
def test_verdicts(qid: str, typed: str, verdict: str) -> None:
    assert grade(BANK.get(qid), typed).verdict == verdict


def test_multi_names_missed_and_wrong_choices() -> None:
    result = grade(BANK.get("t-multi"), "ab")
    assert result.missed == ("C",) and result.wrong == ("B",)
    assert "missed / 漏选: C" in result.detail and "wrong / 错选: B" in result.detail


@pytest.mark.parametrize(
    ("qid", "typed"),
    [("t-mc", "e"), ("t-mc", "ab"), ("t-mc", ""), ("t-multi", "ad"), ("t-tf", "maybe"),
     ("t-fill", "   "), ("t-numeric", "sixteen"), ("t-numeric", "1/0"), ("t-numeric", "inf"),
     ("t-numeric", "1e400/1"), ("t-numeric", "2/1e-400"), ("t-numeric", "9^9^9^9"), ("t-numeric", "√-1"),
     ("t-numeric", "(" * 100 + "1" + ")" * 100), ("t-numeric", "__import__('os')")],
)
def test_text_that_is_no_answer_is_refused_not_graded(qid: str, typed: str) -> None:
    with pytest.raises(NotAnAnswer):
        grade(BANK.get(qid), typed)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0.25", 0.25), ("1/4", 0.25), ("2.5e-3", 0.0025), ("25%", 0.25), ("3×10^-2", 0.03),
     ("3x10^(-2)", 0.03), ("−1", -1.0), (".5", 0.5), ("1,000", 1000.0), ("０.５", 0.5),
     ("1/√8", 8 ** -0.5), ("1/sqrt(8)", 8 ** -0.5), ("1/4x10^2", 25.0), ("(1-0.25)^2", 0.5625), ("2^-3", 0.125),
     ("１／４", 0.25)],
)
def test_numbers_as_students_type_them(typed: str, value: float) -> None:
    assert parse_number(typed) == pytest.approx(value)


def test_numeric_tolerance_is_honoured() -> None:
    from dataclasses import replace

    q = replace(BANK.get("t-numeric"), answer=0.0009765625, fields={"rel_tolerance": 0.01})
    assert grade(q, "0.000977").verdict == "correct"
    assert grade(q, "9.77e-4").verdict == "correct"
    assert grade(q, "0.00098").verdict == "correct"
    assert grade(q, "0.001").verdict == "incorrect"


def test_short_marks_key_points_named_in_either_language() -> None:
    q = BANK.get("t-short")
    assert key_points_named(q, "GD 用全部样本，SGD 的梯度有 noise") == [True, True]
    assert key_points_named(q, "GD uses the full batch") == [True, False]
    assert key_points_named(q, "不知道") == [False, False]
    assert grade(q, "GD uses the full batch").score == 0.5
    assert grade(q, "GD uses the full batch").verdict == "partial"
    # The student's ticks decide: the words found are only a suggestion.
    ticked = grade_short(q, "GD uses the full batch", covered=[True, True])
    assert (ticked.verdict, ticked.score, ticked.mistakes) == ("correct", 1.0, ())
    half = grade_short(q, "GD 每步用全部样本，所以梯度准确", covered=[True, False])
    assert (half.verdict, half.score) == ("partial", 0.5)
    assert [(m.kind, m.tag) for m in half.mistakes] == [("key-point", "2")]


@pytest.mark.parametrize("typed", ["全部样本, 噪声", "full batch; noise", "all samples and noisy", "噪声、全批量。"])
def test_a_bare_list_of_key_words_is_not_an_answer(typed: str) -> None:
    with pytest.raises(NotAnAnswer, match="key words"):
        grade(BANK.get("t-short"), typed)


def test_wrong_answers_keep_what_went_wrong() -> None:
    mc = BANK.get("t-mc")
    wrong_letter = next(letter for letter in "ABCD" if letter != str(mc.answer).upper())
    assert [(m.kind, m.tag) for m in grade(mc, wrong_letter).mistakes] == [("choice", wrong_letter)]
    assert grade(mc, str(mc.answer)).mistakes == ()
    numeric = replace(BANK.get("t-numeric"), answer=0.25, fields={})
    assert [(m.kind, m.tag) for m in grade(numeric, "0.5").mistakes] == [("value", "0.5")]
