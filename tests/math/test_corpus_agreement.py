"""The labelled corpus (tests/data/formula_corpus.py, written independently): never a false accept."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer

corpus = pytest.importorskip("tests.data.formula_corpus")


def test_no_wrong_answer_is_ever_accepted(bundled_bank):
    false_accepts = [
        f"{case.target}: {case.text}"
        for case in corpus.CASES
        if not case.correct and check_answer(bundled_bank.get(case.target), case.text).verdict == "correct"
    ]
    assert not false_accepts, "\n".join(false_accepts)


def _accepts_value(result) -> bool:
    """Right in value: correct, or equal but not in the form the question asks for (σ(x), tanh(x))."""
    return result.verdict == "correct" or result.mistake == "asked-form"


def test_agreement_is_high(bundled_bank):
    agree = sum(
        _accepts_value(check_answer(bundled_bank.get(case.target), case.text)) == case.correct
        for case in corpus.CASES
    )
    assert agree / len(corpus.CASES) >= 0.98
