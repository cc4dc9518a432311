"""Derivations: any correct intermediate form passes; the first wrong line is named."""

from __future__ import annotations

from ch3quiz.math import check_derivation


def test_student_route_through_the_gradient_wrt_A(fq):
    lines = [
        r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
        r"= \frac{\partial J}{\partial A^{(L-1)}} \odot \sigma'(Z^{(L-1)})",
        r"= ((W^{(L)})^T \delta^{(L)}) \odot \sigma'(Z^{(L-1)})",
    ]
    result = check_derivation(fq("bp-delta-Lminus1"), lines)
    assert result.verdict == "correct" and result.reaches_target


def test_first_wrong_line_is_named(fq):
    lines = [
        r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
        r"= W^{(L)}\delta^{(L)} \odot \sigma'(Z^{(L-1)})",
        r"= (W^{(L)})^T\delta^{(L)} \odot \sigma'(Z^{(L-1)})",
    ]
    result = check_derivation(fq("bp-delta-Lminus1"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == 2
    assert [line.verdict for line in result.lines][0] == "ok"


def test_the_notes_dot_of_a_jacobian_is_read_as_the_vector_sigma_prime(fq):
    # the notes write ∂J/∂A · ∂A/∂Z: with ∂A/∂Z the n×n Jacobian that is a shape error, with ∂A/∂Z the vector
    # σ′(Z) and · elementwise it is true; the reading that makes the line true is taken, and said
    lines = [r"\frac{\partial J}{\partial Z^{(L-1)}} = \frac{\partial J}{\partial A^{(L-1)}} \cdot \frac{\partial A^{(L-1)}}{\partial Z^{(L-1)}}"]
    result = check_derivation(fq("bp-delta-Lminus1"), lines)
    assert result.first_wrong is None and result.lines[0].mark == "ok"
    assert "as the vector σ′" in result.lines[0].note and "向量 σ′" in result.lines[0].note_zh


def test_no_reading_of_the_jacobian_saves_a_wrong_product(fq):
    # W δ in the wrong order is wrong whichever way ∂A/∂Z is read
    lines = [r"\frac{\partial J}{\partial Z^{(L-1)}} = \frac{\partial A^{(L-1)}}{\partial Z^{(L-1)}} (\delta^{(L)})^T W^{(L)}"]
    result = check_derivation(fq("bp-delta-Lminus1"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == 1 and result.lines[0].mark == "wrong"


def test_sigmoid_wrong_step(fq):
    lines = [r"\sigma'(x) = \frac{d}{dx}(1+e^{-x})^{-1}", r"= \frac{e^{-x}}{(1+e^{-x})^2}", r"= \sigma(x)(1+\sigma(x))"]
    result = check_derivation(fq("act-sigmoid-derivative"), lines)
    assert result.first_wrong == 3 and result.verdict == "incorrect"


def test_correct_lines_that_stop_short_do_not_reach_the_target(fq):
    result = check_derivation(fq("act-sigmoid-derivative"), [r"\sigma'(x) = \frac{d}{dx}\sigma(x)"])
    assert result.verdict == "incorrect" and result.first_wrong is None and not result.reaches_target


def test_unreadable_line_is_invalid(fq):
    result = check_derivation(fq("act-sigmoid-derivative"), [r"\sigma'(x) = \frac{"])
    assert result.verdict == "invalid" and result.first_wrong == 1
