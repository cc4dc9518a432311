"""The indicator of a comparison (1 where the condition holds, 0 elsewhere), judged in a derivation.

The question is derive-leaky-relu-derivative: ∂f/∂x of f = max(0,x) + α min(0,x). The kink x = 0 is not
judged (the draws never land on it), so ≥ and > read alike.
"""

from __future__ import annotations

import pytest

from ch3quiz.math import check_derivation

FIRST = r"\frac{\partial f}{\partial x} = \frac{\partial}{\partial x}\max(0,x)+\alpha\frac{\partial}{\partial x}\min(0,x)"

RIGHT = [
    r"= \mathbb{1}(x>0)+\alpha\,\mathbb{1}(x<0)",
    r"= \mathbb{I}[x>0]+\alpha\mathbb{I}[x<0]",
    r"= 1[x>0] + \alpha 1[x<0]",
    r"= \mathbf{1}\{x>0\}+\alpha\mathbf{1}\{x<0\}",
    r"= \mathbb{1}(x\geq 0)+\alpha\,\mathbb{1}(x\le 0)",
    r"= \mathbb{1}(0<x)+\alpha\,\mathbb{1}(0 \gt x)",
    r"= \mathbb{1}(x>0)+\alpha(1-\mathbb{1}(x>0))",
    "= 1(x>=0) + alpha*1(x<=0)",
    "= 1(x ≥ 0) + α·1(x ≤ 0)",
    "= 𝟙(x > 0) + α 𝟙(x < 0)",  # as the tool prints it: what it shows must read back
    "= 𝕀[x > 0] + α·𝕀[x < 0]",
]

WRONG = [  # (line, the mistake's tag or None)
    (r"= \mathbb{1}(x<0)+\alpha\,\mathbb{1}(x>0)", None),
    (r"= \mathbb{1}(x>0)+\alpha", "wrong-branch"),
    (r"= \mathbb{1}(x>1)+\alpha\,\mathbb{1}(x<1)", None),
    (r"= \mathbb{1}(x>0)", None),
]


@pytest.mark.parametrize("line", RIGHT)
def test_an_indicator_written_any_way_is_the_derivative(fq, line):
    result = check_derivation(fq("derive-leaky-relu-derivative"), [FIRST, line])
    assert result.verdict == "correct", [(r.mark, r.reading, r.message) for r in result.lines]


@pytest.mark.parametrize(("line", "tag"), WRONG)
def test_a_wrong_indicator_is_the_first_wrong_line(fq, line, tag):
    result = check_derivation(fq("derive-leaky-relu-derivative"), [FIRST, line])
    assert result.verdict == "incorrect" and result.first_wrong == 2
    if tag is not None:
        assert result.lines[1].mistake == tag


def test_the_indicator_reads_back_as_its_condition(fq):
    result = check_derivation(fq("derive-leaky-relu-derivative"), [FIRST, RIGHT[0]])
    assert "𝟙(x > 0)" in result.lines[1].reading and "𝟙(−x > 0)" in result.lines[1].reading


@pytest.mark.parametrize("line", ["= x > 0", r"= (x>0) + \alpha (x<0)"])
def test_a_comparison_outside_an_indicator_is_unreadable(fq, line):
    result = check_derivation(fq("derive-leaky-relu-derivative"), [FIRST, line])
    assert result.lines[1].verdict == "invalid" and "indicator" in result.lines[1].message


RELU_FIRST = r"\frac{d}{dx}\mathrm{ReLU}(x) = \frac{d}{dx}\max(0,x)"

CASES = [  # (a piecewise line after RELU_FIRST, the line's verdict)
    (r"= \begin{cases}1 & x>0\\ 0 & x<0\end{cases}", "ok"),
    (r"= \begin{cases}\frac{d}{dx}x & x>0\\ \frac{d}{dx}0 & x<0\end{cases}", "ok"),
    (r"= \begin{cases}0 & x<0\\ 1 & x>0\end{cases}", "ok"),
    (r"= \begin{cases}1 & x\geq 0\\ 0 & x<0\end{cases}", "ok"),
    (r"= \begin{cases}1 & x>0\\ 0 & \text{otherwise}\end{cases}", "ok"),
    (r"= \begin{cases}0 & x>0\\ 1 & x<0\end{cases}", "wrong"),
    (r"= \begin{cases}x & x>0\\ 0 & x<0\end{cases}", "wrong"),
    (r"= \begin{cases}1 & x>1\\ 0 & x<0\end{cases}", "invalid"),  # (0, 1) has no value: refused, not guessed
    (r"= \begin{cases}1 & x>0\end{cases}", "invalid"),
]


@pytest.mark.parametrize(("line", "verdict"), CASES)
def test_a_piecewise_is_judged_where_its_rows_cover_the_line(fq, line, verdict):
    result = check_derivation(fq("derive-relu-derivative"), [RELU_FIRST, line])
    assert result.lines[1].verdict == verdict, (result.lines[1].reading, result.lines[1].message)


def test_d_dx_of_x_is_one(fq):
    result = check_derivation(fq("derive-relu-derivative"), [RELU_FIRST, r"= \frac{d}{dx}x\,\mathbb{1}(x>0)"])
    assert result.lines[1].verdict == "ok"
