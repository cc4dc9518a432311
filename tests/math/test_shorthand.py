"""The textbook's shorthand σ for σ(x) (σ′ = σ(1 − σ)) where the question's model applies σ to one argument."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer


@pytest.mark.parametrize("text", [
    r"\sigma(1-\sigma)", r"\frac{d\sigma}{dx}=\sigma(1-\sigma)", r"\sigma' = \sigma(1-\sigma)", "sigma*(1-sigma)",
    r"\sigma(x)(1-\sigma)", "σ(1−σ)",
])
def test_a_bare_sigma_is_sigma_at_x_in_the_sigmoid_question(fq, text):
    result = check_answer(fq("act-sigmoid-derivative"), text)
    assert result.verdict == "correct" and result.reading == "σ(x)(1 − σ(x))", result.to_dict()


@pytest.mark.parametrize(("text", "reading"), [
    (r"\sigma(1+\sigma)", "σ(x)(1 + σ(x))"),  # the shorthand does not make a wrong answer right
    (r"\sigma", "σ(x)"),
    (r"\sigma(1-\sigma(x))", "σ(1 − σ(x))"),  # σ applied to 1 − σ(x), as written: no bare σ inside
])
def test_the_shorthand_keeps_wrong_answers_wrong(fq, text, reading):
    result = check_answer(fq("act-sigmoid-derivative"), text)
    assert result.verdict == "incorrect" and result.reading == reading, result.to_dict()


def test_where_sigma_has_several_arguments_it_still_needs_one(fq):
    result = check_answer(fq("bp-delta-Lminus1"), r"\sigma(1-\sigma) \odot (W^{(L)})^T\delta^{(L)}")
    assert result.verdict == "invalid" and "the function sigma needs an argument, like sigma(x)" in result.message
