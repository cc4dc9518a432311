"""Notation real derivations use (issue 15, found by the held-out collection and the corpus): a prime after a
bracket, an entry of a call's value, and ∑ over all but one index in Unicode. Each is read with its meaning, so a
wrong line written with it is still wrong."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer, check_derivation

SIGMOID = "act-sigmoid-derivative-derive"
SOFTMAX = "derive-softmax-ce"


@pytest.mark.parametrize(("lines", "verdict", "first_wrong"), [
    (["f'(x) = ((1 + e^{-x})^{-1})'", "= -(1 + e^{-x})^{-2} (1 + e^{-x})'", "= (1 + e^{-x})^{-2} e^{-x}",
      "= f(x)(1 - f(x))"], "correct", None),
    (["f'(x) = ((1 + e^{-x})^{-1})'", "= (1 + e^{-x})^{-2} (1 + e^{-x})'", "= (1 + e^{-x})^{-2} e^{-x}",
      "= f(x)(1 - f(x))"], "incorrect", 2),  # (1+e^{-x})' is -e^{-x}: the sign is wrong
    ([r"\sigma'(x) = \frac{(1)'(1+e^{-x}) - 1\cdot(1+e^{-x})'}{(1+e^{-x})^2}", r"= \frac{e^{-x}}{(1+e^{-x})^2}",
      r"= \sigma(x)(1-\sigma(x))"], "correct", None),  # (1)' is 0
])
def test_a_prime_after_a_bracket_is_the_derivative_in_its_one_variable(fq, lines, verdict, first_wrong):
    result = check_derivation(fq(SIGMOID), lines)
    assert (result.verdict, result.first_wrong) == (verdict, first_wrong), result.to_dict()


def test_a_prime_after_a_bracket_of_a_matrix_product_is_refused(fq):
    result = check_answer(fq("bp-delta-Lminus1"), r"(W^{(L)}\delta^{(L)})'")
    assert result.verdict == "invalid" and "bracket in one variable" in result.message


@pytest.mark.parametrize(("line", "verdict"), [
    ("∂L/∂o_i = −y_i(1 − ŷ_i) + ∑_{k≠i} y_k ŷ_i", "ok"),
    ("∂L/∂o_i = −y_i(1 − ŷ_i) − ∑_{k≠i} y_k ŷ_i", "wrong"),
    ("dL/do_j = softmax(o)_j - y_j", "ok"),
    (r"\frac{\partial L}{\partial o_j} = \mathrm{softmax}(o)_j + y_j", "wrong"),
])
def test_sums_over_all_but_one_index_and_entries_of_a_call(fq, line, verdict):
    assert check_derivation(fq(SOFTMAX), [line]).lines[0].verdict == verdict


def test_a_negated_relation_is_never_read_without_its_negation(fq):
    result = check_derivation(fq(SOFTMAX), ["∂L/∂o_i = ∑_{k∉i} y_k ŷ_i"])
    assert result.lines[0].verdict == "invalid"


@pytest.mark.parametrize(("line", "verdict"), [
    (r"\frac{\partial \hat y_i}{\partial o_j} = \hat y_i(\delta_{ij} - \hat y_j)", "ok"),
    (r"\frac{\partial L}{\partial o_i} = -\sum_j y_j (\delta_{ij} - \hat y_i)", "ok"),
    (r"\frac{\partial L}{\partial o_i} = -\sum_j y_j (\delta_{ij} + \hat y_i)", "wrong"),
])
def test_kronecker_delta_in_a_question_without_a_delta(fq, line, verdict):
    assert check_derivation(fq(SOFTMAX), [line]).lines[0].verdict == verdict


def test_delta_with_two_indices_stays_the_question_s_delta_where_it_has_one(fq):
    result = check_answer(fq("bp-delta-Lminus1"), r"\delta_{ij}")
    assert result.verdict != "correct" and "δ" in result.message
