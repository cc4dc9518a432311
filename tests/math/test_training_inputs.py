"""A cost averaged over the training inputs, Nielsen's C = −(1/n) ∑_x [y ln a + (1−y) ln(1−a)], judged on
derive-neuron-ce-weight and derive-neuron-ce-bias.

x and y are declared per input (``sample: n``): inside ∑_x every input has its own x and y (and so its own z and
a), so the sum is a real sum over n different inputs, never n copies of one. A bare function name in a
derivative (Nielsen's ∂σ/∂w_j) is the function at the one argument the model gives it, σ(z)."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_derivation
from ch3quiz.math.read.parser import parse

FIRST = r"\frac{\partial C}{\partial w_j} = -\frac1n\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)\sigma'(z)x_j"

RIGHT = [  # the result after FIRST, written as sources and students write a sum over the inputs
    r"= \frac1n\sum_x x_j(\sigma(z)-y)",
    r"= \frac{1}{n}\sum_{x} x_j\,(\sigma(z)-y)",
    r"= \frac1n\sum_x x_j(a-y)",
    "= (1/n) ∑ₓ xⱼ (σ(z) − y)",
    "= (1/n) Σ_x x_j (σ(z) − y)",
    "= (1/n) * sum_x x_j * (sigma(z) - y)",
    "= 1/n * sum_x (sigmoid(z) - y) * x_j",
]

WRONG = [  # (the line after FIRST, the catalogue's tag or None)
    (r"= x_j(\sigma(z)-y)", None),  # one input's term, not the average: the inputs differ
    (r"= \sum_x x_j(\sigma(z)-y)", "missing-factor"),  # the generic near miss: 1/n is missing
    (r"= \frac1n\sum_x x_j(y-\sigma(z))", "sign"),
    (r"= \frac1n\sum_x (\sigma(z)-y)", "inner-derivative"),
    (r"= \frac1n\sum_x x_j(\sigma(z)-y)\sigma'(z)", "extra-derivative"),
    (r"= \frac1n x_j\sum_x(\sigma(z)-y)", None),  # x_j taken out of the sum: it belongs to each input
]


@pytest.mark.parametrize("line", RIGHT)
def test_an_average_over_the_inputs_written_any_way_is_the_gradient(fq, line):
    result = check_derivation(fq("derive-neuron-ce-weight"), [FIRST, line])
    assert result.verdict == "correct", [(r.mark, r.reading, r.message) for r in result.lines]


@pytest.mark.parametrize(("line", "tag"), WRONG)
def test_a_wrong_average_is_the_first_wrong_line(fq, line, tag):
    result = check_derivation(fq("derive-neuron-ce-weight"), [FIRST, line])
    assert result.verdict == "incorrect" and result.first_wrong == 2, result.to_dict()
    if tag is not None:
        assert result.lines[1].mistake == tag, result.to_dict()


def test_the_sum_over_inputs_reads_back_as_written(fq):
    result = check_derivation(fq("derive-neuron-ce-weight"), [FIRST, RIGHT[0]])
    assert "∑_{x} xⱼ(σ(z) − y)" in result.lines[1].reading


@pytest.mark.parametrize("derivative", [r"\frac{\partial \sigma}{\partial w_j}", "∂σ/∂wⱼ", "dsigma/dw_j"])
def test_a_bare_function_in_a_derivative_is_the_function_at_its_argument(fq, derivative):
    # Nielsen's eq. 57 writes ∂σ/∂w_j for ∂σ(z)/∂w_j = σ′(z) x_j (σ is applied only to z in this model)
    lines = [rf"\frac{{\partial C}}{{\partial w_j}} = -\frac1n\sum_x\left(\frac{{y}}{{\sigma(z)}}-\frac{{1-y}}{{1-\sigma(z)}}\right)"
             + derivative, FIRST.replace(r"\frac{\partial C}{\partial w_j} ", ""), RIGHT[0]]
    result = check_derivation(fq("derive-neuron-ce-weight"), lines)
    assert result.verdict == "correct", result.to_dict()


def test_the_derivative_of_sigma_by_its_own_argument_is_still_sigma_prime(fq):
    lines = [r"\frac{\partial C}{\partial b} = -\frac1n\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)"
             r"\frac{\partial \sigma}{\partial z}\frac{\partial z}{\partial b}",
             r"= \frac1n\sum_x(\sigma(z)-y)"]
    assert check_derivation(fq("derive-neuron-ce-bias"), lines).verdict == "correct"


def test_the_bias_gradient_is_not_the_weight_gradient(fq):
    lines = [r"\frac{\partial C}{\partial b} = -\frac1n\sum_x\left(\frac{y}{\sigma(z)}-\frac{1-y}{1-\sigma(z)}\right)\sigma'(z)",
             r"= \frac1n\sum_x x_j(\sigma(z)-y)"]
    result = check_derivation(fq("derive-neuron-ce-bias"), lines)
    assert result.verdict != "correct" and result.first_wrong == 2


def test_a_fraction_ends_at_its_bracket_when_a_spaced_factor_follows():
    # x/(b) (c) is (x/b)·c on paper, as 1/2 (y − t) is already; without the space it stays x/((b)(c))
    spaced = parse("x/(a+b) (c-d)").sides[0]
    tight = parse("x/(a+b)(c-d)").sides[0]
    assert spaced.op == "juxt" and spaced.a.op == "/"
    assert tight.op == "/" and tight.b.op == "juxt"
