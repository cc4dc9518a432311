"""A number written with more digits than the draws can see (1.0000000000001 for 1) is not taken for the short
one: the answer is judged as written, and the message names the number."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer, check_derivation

DELTA = r"\sigma'(Z^{(L-1)}) \odot (W^{(L)})^T \delta^{(L)}"


@pytest.mark.parametrize(("qid", "text", "number", "short"), [
    ("bp-delta-Lminus1", DELTA + r" \cdot 1.0000000000001", "1.0000000000001", "1"),
    ("loss-mse-grad", r"0.9999999999999(\hat y - y)", "0.9999999999999", "1"),
    ("act-sigmoid-derivative", r"\sigma(x)(1.0000000000002-\sigma(x))", "1.0000000000002", "1"),
    ("loss-mse-grad", r"2.5000000000001(\hat y - y)/2.5", "2.5000000000001", "2.5"),
])
def test_a_long_number_next_to_a_short_one_is_caught_and_named(fq, qid, text, number, short):
    result = check_answer(fq(qid), text)
    assert result.verdict == "incorrect", result.to_dict()
    assert f"the number {number} is not {short}" in result.message and f"数 {number} 不等于 {short}" in result.message_zh
    assert result.mistake == "long-number"
    assert number in result.reading  # shown as written, never as a shorter number or a fraction like 2/2


@pytest.mark.parametrize(("qid", "text"), [
    ("bp-delta-Lminus1", r"1.0000000000001" + DELTA + r" - 0.0000000000001" + DELTA),  # the rests cancel
    ("loss-mse-grad", r"\frac{3.14159265(\hat y - y)}{3.14159265}"),
    ("loss-mse-grad", r"0.1(\hat y - y) + 0.9(\hat y - y)"),
    ("loss-mse-grad", r"\frac{1}{3}(3\hat y - 3y)"),
])
def test_numbers_that_are_exact_as_written_still_pass(fq, qid, text):
    assert check_answer(fq(qid), text).verdict == "correct"


def test_a_derivation_step_by_a_long_number_is_the_wrong_line(fq):
    lines = [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
             r"= 1.0000000000001\sigma'(Z^{(L-1)}) \odot (W^{(L)})^T \delta^{(L)}"]
    result = check_derivation(fq("bp-delta-Lminus1-derive"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == 2, result.to_dict()
    wrong = result.lines[1]
    assert wrong.mistake == "long-number" and "the number 1.0000000000001 is not 1" in wrong.message


def test_the_same_tiny_term_on_both_sides_of_a_step_is_no_difference(fq):
    lines = [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}} + 10^{-30} - 10^{-30}",
             r"= \sigma'(Z^{(L-1)}) \odot (W^{(L)})^T \delta^{(L)}"]
    assert check_derivation(fq("bp-delta-Lminus1-derive"), lines).verdict == "correct"


@pytest.mark.parametrize(("qid", "text"), [
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) \cdot e^{0}"),
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) \cdot \frac{\ln(e^2)}{2}"),
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) \cdot \frac{e \pi}{\pi e}"),
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) \cdot \frac{e^2}{\exp(2)}"),
])
def test_e_and_pi_are_exact_as_named(fq, qid, text):
    assert check_answer(fq(qid), text).verdict == "correct"
