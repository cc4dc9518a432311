"""LaTeX in prompts shown as readable Unicode in the terminal."""

from __future__ import annotations

import pytest

from ch3quiz.render.latex import latex_to_unicode, render_inline_math


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀ δ⁽ᴸ⁾"),
        (r"\frac{1}{\sqrt{|\mathcal{N}(u)||\mathcal{N}(v)|}}", "1/(√(|𝒩(u)||𝒩(v)|))"),
        (r"\frac{1}{|\mathcal{N}(v)|}", "1/|𝒩(v)|"),
        (r"\frac{\partial L}{\partial z}", "∂L/∂z"),
        (r"L=-[y\log\sigma(z)+(1-y)\log(1-\sigma(z))]", "L=-[y log σ(z)+(1-y) log(1-σ(z))]"),
        (r"\lfloor (n+2p-k)/s \rfloor+1", "⌊ (n+2p-k)/s ⌋+1"),
        (r"\hat{y}-y", "ŷ-y"),
        (r"\tilde D^{-1/2}", "D̃^(-1/2)"),
        (r"J=\frac12\|A^{(L)}-Y\|^2", "J=(1/2)‖A⁽ᴸ⁾-Y‖²"),
        (r"a \ll b", "a ≪ b"),
        (r"\unknowncommand x", r"\unknowncommand x"),
    ],
)
def test_formulas_read_in_unicode(tex: str, shown: str) -> None:
    assert latex_to_unicode(tex) == shown


def test_only_dollar_spans_are_converted() -> None:
    assert render_inline_math(r"梯度是 $\hat y - y$，cost 5\$") == r"梯度是 ŷ - y，cost 5\$"
