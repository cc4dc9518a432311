"""Reorder questions (Parsons problems): shown shuffled with distractors, answered by the order of the line
numbers, judged by the derivation checker (any order whose every line follows is right)."""

from __future__ import annotations

import pytest

from ch3quiz.bank import Bank
from ch3quiz.quiz.grading import NotAnAnswer, grade
from ch3quiz.quiz.reorder import shown_lines


def _reorders(bank: Bank):
    return [q for q in bank if q.type == "reorder"]


def _numbers(question, lines) -> str:
    shown = shown_lines(question)
    return " ".join(str(shown.index(line) + 1) for line in lines)


def test_at_least_six_reorder_questions(bundled_bank: Bank):
    assert len(_reorders(bundled_bank)) >= 6


def test_the_lines_are_shown_shuffled_the_same_way_every_time(bundled_bank: Bank):
    for q in _reorders(bundled_bank):
        shown = shown_lines(q)
        assert shown == shown_lines(q) and sorted(shown) == sorted(list(q.answer) + [d["line"] for d in q.fields["distractors"]])
        assert shown[: len(q.answer)] != list(q.answer)
        # a Parsons item that shows its first two reference lines already on top gives half of it away
        assert shown[:2] != list(q.answer[:2]), q.id


def test_the_right_order_is_correct_and_each_distractor_is_refused_with_why(bundled_bank: Bank):
    for q in _reorders(bundled_bank):
        assert grade(q, _numbers(q, q.answer)).verdict == "correct", q.id
        for distractor in q.fields["distractors"]:
            for place in sorted({1, len(q.answer) - 1}):  # in place of the second line and of the last
                lines = list(q.answer[:place]) + [distractor["line"]] + list(q.answer[place + 1:])
                graded = grade(q, _numbers(q, lines))
                assert graded.verdict == "incorrect", (q.id, place)
            lines = list(q.answer) + [distractor["line"]]
            graded = grade(q, _numbers(q, lines))
            assert graded.verdict == "incorrect" and distractor["why_en"] in graded.detail, q.id


def test_an_order_whose_lines_do_not_follow_is_refused(bundled_bank: Bank):
    q = bundled_bank.get("reorder-sigmoid-derivative")
    lines = [q.answer[1], q.answer[0], *q.answer[2:]]  # '= …' first: it continues nothing
    graded = grade(q, _numbers(q, lines))
    assert graded.verdict == "incorrect" and graded.mistakes[0].kind == "derivation"
    # any order whose every line follows is right: the same equalities in another order still hold
    again = [q.answer[0], q.answer[-1], *q.answer[1:-1]]  # the result line moved up to second place
    assert grade(q, _numbers(q, again)).verdict == "correct"


# "٣ 1" (isdigit, not ASCII) and a 5,000-digit number once crashed (exit 70): int() refused them.
@pytest.mark.parametrize("text", ["", "a b", "1 1 2", "0 1", "99 1", "3", "-1 2", "٣ 1", "9" * 5000 + " 1",
                                  " ".join(["1", "2"] * 500_000)])
def test_text_that_is_no_order_is_asked_again(bundled_bank: Bank, text: str):
    with pytest.raises(NotAnAnswer):
        grade(bundled_bank.get("reorder-sigmoid-derivative"), text)


def test_full_width_and_superscript_digits_are_line_numbers(bundled_bank: Bank):
    q = bundled_bank.get("reorder-sigmoid-derivative")
    typed = _numbers(q, q.answer)
    wide = typed.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert grade(q, wide).verdict == "correct"


def test_a_reorder_question_in_the_quiz(cli, isolated_home, bundled_bank: Bank):
    q = bundled_bank.get("reorder-tanh-sigmoid")
    run = cli("quiz", "--type", "reorder", "--tag", "tanh", "--count", "1", input=_numbers(q, q.answer) + "\n")
    assert "1. " in run.stdout and "score / 得分: 1/1" in run.stdout, run.stdout
