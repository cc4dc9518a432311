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


def test_a_part_of_the_last_result_worked_out_on_its_own_is_a_side_fact(fq):
    # the page's (1+e^{-x})' computed on its own line between the chain's steps (e-com-net.com, CSDN)
    start = r"\sigma'(x) = \frac{d}{dx}\frac{1}{1+e^{-x}} = -\frac{1}{(1+e^{-x})^{2}}(1+e^{-x})'"
    rest = [r"\sigma'(x) = \frac{e^{-x}}{(1+e^{-x})^{2}}", r"= \sigma(x)(1-\sigma(x))"]
    right = check_derivation(fq("act-sigmoid-derivative-derive"), [start, r"(1+e^{-x})' = -e^{-x}"] + rest)
    assert right.verdict == "correct" and [line.mark for line in right.lines] == ["ok", "side", "ok", "ok"]
    wrong = check_derivation(fq("act-sigmoid-derivative-derive"), [start, r"(1+e^{-x})' = e^{-x}"] + rest)
    assert wrong.verdict == "incorrect" and wrong.first_wrong == 2
    rewritten = check_derivation(fq("derive-sigmoid-quotient"), [
        r"\sigma'(x) = \frac{e^{-x}}{(1 + e^{-x})^2}", r"1 + e^{-x} = \frac{1}{\sigma(x)}",
        r"\sigma'(x) = \left(\frac{1}{\sigma(x)} - 1\right)\sigma(x)^2 = \sigma(x)(1-\sigma(x))"])
    assert rewritten.verdict == "correct" and rewritten.lines[1].mark == "side"


def test_a_computation_that_is_not_part_of_the_last_result_still_joins_the_chain(fq):
    # a free-standing identity cannot carry a step: e^{-x}/(1+e^{-x})^2 is not written in the line before
    result = check_derivation(fq("act-sigmoid-derivative-derive"), [
        r"\sigma'(x) = \frac{d}{dx}(1+e^{-x})^{-1}", r"\frac{e^{x}}{(1+e^{-x})^{2}} = \sigma(x)(1-\sigma(x))"])
    assert result.verdict == "incorrect" and result.first_wrong == 2


def test_d_dx_before_a_quotient_takes_the_whole_quotient(fq):
    # ASCII d/dx 1/(1 + exp(-x)) is the derivative of the quotient, never (d/dx 1)/(1 + exp(-x)) = 0
    lines = ["sigma'(x) = d/dx 1/(1 + exp(-x)) = -1/(1 + exp(-x))^2 * d/dx (1 + exp(-x))",
             "= exp(-x)/(1 + exp(-x))^2", "= 1/(1 + exp(-x)) * (1 - 1/(1 + exp(-x)))", "= sigma(x) * (1 - sigma(x))"]
    assert check_derivation(fq("act-sigmoid-derivative-derive"), lines).verdict == "correct"
    wrong = ["sigma'(x) = d/dx 1/(1 + exp(-x)) = 1/(1 + exp(-x))^2 * d/dx (1 + exp(-x))"] + lines[1:]
    assert check_derivation(fq("act-sigmoid-derivative-derive"), wrong).first_wrong == 1
