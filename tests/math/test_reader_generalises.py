"""Notations the held-out formulas showed the reader missing, each checked in general (every way of writing
it), with the wrong answers beside them that must stay wrong: the verdict a student sees."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer

CASES = [
    # norms: ASCII double bars, norm() calls, the 2 of the 2-norm; |N(u)||N(v)| stays two sizes
    ("gnn-topk-score", "X p / ||p||", "correct"),
    ("gnn-topk-score", "X @ p / ||p||_2", "correct"),
    ("gnn-topk-score", r"\frac{Xp}{||p||}", "correct"),
    ("gnn-topk-score", r"\frac{Xp}{\lVert p\rVert_{2}}", "correct"),
    ("gnn-topk-score", "Xp/‖p‖₂", "correct"),
    ("gnn-topk-score", "X @ p / np.linalg.norm(p)", "correct"),
    ("gnn-topk-score", "X*p/norm(p)", "correct"),
    ("gnn-topk-score", "||p||^(-1) X p", "correct"),
    ("gnn-topk-score", "X p / ||X||", "incorrect"),
    ("gnn-topk-score", "X p / ||p||^2", "incorrect"),
    ("gnn-topk-score", "X p / ||p||_1", "invalid"),  # another norm is not silently the 2-norm
    ("gnn-gcn-coefficient", "1/sqrt(|N(u)||N(v)|)", "correct"),
    ("gnn-gcn-coefficient", "1/(|N(u)||N(v)|)", "incorrect"),
    # ∇θJ: the variable after ∇ without its subscript mark
    ("gd-update", "θ − η∇θJ", "correct"),
    ("gd-update", r"\theta-\eta\nabla\theta J(\theta)", "correct"),
    ("gd-update", "θ − η∇ηJ", "incorrect"),
    # one family's iterates, numbered differently from the question
    ("gd-update", r"\theta^{(\tau)} = \theta^{(\tau-1)} - \eta\nabla J(\theta^{(\tau-1)})", "correct"),
    ("gd-update", "θ_t = θ_{t-1} − η∇J(θ_{t-1})", "correct"),
    ("gd-update", "θ⁽ᵗ⁾ = θ⁽ᵗ⁻¹⁾ − η∇J(θ⁽ᵗ⁾)", "incorrect"),  # the gradient at the new point
    ("gd-update", "θ_t = θ_{t-1} + η∇J(θ_{t-1})", "incorrect"),
    # component derivatives; an entry index is never renamed into a step
    ("gd-update", r"\theta_j - \eta\frac{\partial J(\theta)}{\partial \theta_j}", "correct"),
    ("gd-update", "θⱼ := θⱼ − η ∂J/∂θⱼ", "correct"),
    ("gd-update", "θⱼ := θⱼ − η ∂J/∂θ", "incorrect"),
    ("gd-update", "θⱼ − η ∂J/∂θₖ", "incorrect"),
    # evaluation bars
    ("gd-update", r"\theta-\eta\left.\nabla_\theta J(\theta)\right|_{\theta=\theta_t}", "correct"),
    ("gd-update", r"\theta_t - \eta\nabla J(\theta)\big\vert_{\theta=\theta_t}", "correct"),
    ("gd-update", r"\theta_t \leftarrow \theta_{t-1} - \eta\nabla_\theta J(\theta)\vert_{\theta=\theta_{t-1}}", "correct"),
    ("gd-update", r"\theta_t \leftarrow \theta_{t-1} - \eta\nabla_\theta J(\theta)\vert_{\theta=\theta_t}", "incorrect"),
]


@pytest.mark.parametrize(("qid", "text", "verdict"), CASES, ids=[f"{q}: {t}" for q, t, _ in CASES])
def test_verdict(bundled_bank, qid, text, verdict):
    result = check_answer(bundled_bank.get(qid), text)
    assert result.verdict == verdict, result.message


def test_an_evaluation_bar_without_a_point_names_what_to_write(bundled_bank):
    result = check_answer(bundled_bank.get("gd-update"), r"\theta - \eta\nabla J(\theta)|_{\theta}")
    assert result.verdict == "invalid"


@pytest.mark.parametrize("answer", ["sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)", r"\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"])
def test_a_layer_the_question_does_not_have_is_an_unknown_symbol_not_a_power(bundled_bank, answer: str) -> None:
    # bp-delta-hidden is about a general layer l: Z^(L-1) was read as Z^(l) to the power J − 1 (L as the loss)
    result = check_answer(bundled_bank.get("bp-delta-hidden"), answer)
    assert result.verdict == "invalid"
    assert "unknown symbol Z^(L-1)" in result.message and "Z⁽ˡ⁾" in result.message  # listed as printed
