"""LaTeX in prompts shown as readable Unicode in the terminal."""

from __future__ import annotations

import pytest

from ch3quiz.render.latex import latex_to_unicode, render_inline_math


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀ δ⁽ᴸ⁾"),
        (r"\frac{1}{\sqrt{|\mathcal{N}(u)||\mathcal{N}(v)|}}", "1/(√(|𝒩(u)||𝒩(v)|))"),
        # a root over a product keeps its brackets (√D̃ᵤᵤD̃ᵥᵥ reads as √(D̃ᵤᵤ)·D̃ᵥᵥ); one atom needs none
        (r"\sqrt{\tilde D_{uu}\tilde D_{vv}}", "√(D̃ᵤᵤD̃ᵥᵥ)"),
        (r"\sqrt{d_k}", "√dₖ"),
        (r"\sqrt{\hat v_t}+\epsilon", "√v̂ₜ+ε"),
        (r"\sqrt{(a)(b)}", "√((a)(b))"),
        (r"= \lfloor (n+2p-k)/s\rfloor+1", "= ⌊(n+2p-k)/s⌋+1"),
        (r"\max\{m\in\mathbb{Z}: ms\le n\}", "max {m∈ℤ: ms≤n}"),
        (r"\mathbb{1}(x>0)", "𝟙(x>0)"),
        (r"\frac{1}{|\mathcal{N}(v)|}", "1/|𝒩(v)|"),
        (r"\frac{\partial L}{\partial z}", "∂L/∂z"),
        (r"L=-[y\log\sigma(z)+(1-y)\log(1-\sigma(z))]", "L=-[y log σ(z)+(1-y) log(1-σ(z))]"),
        (r"\lfloor (n+2p-k)/s \rfloor+1", "⌊(n+2p-k)/s⌋+1"),
        (r"\hat{y}-y", "ŷ-y"),
        (r"\tilde D^{-1/2}", "D̃^(-1/2)"),
        (r"J=\frac12\|A^{(L)}-Y\|^2", "J=(1/2)‖A⁽ᴸ⁾-Y‖²"),
        (r"a \ll b", "a ≪ b"),
        (r"\begin{cases}1 & x>0\\ 0 & x<0\end{cases}", "❴1 if x>0; 0 if x<0❵"),
        (r"\begin{cases} 0, & \text{if } x > 0 \\ x, & \text{if } x \le 0 \end{cases}", "❴0, if x > 0; x, if x ≤ 0❵"),
        # The space that ends a control word is not a space (seen in a quiz as "tanh ′", "dₕ× dₕ", "rₜ⊙ hₜ₋₁").
        (r"\tanh'(\cdot)", "tanh′(·)"),
        (r"d_h\times d_h", "dₕ×dₕ"),
        (r"r_t\odot h_{t-1}", "rₜ⊙hₜ₋₁"),
        # Seen as the answer "tanh(W_chₜ₋₁+U_cxₜ+b_c)": a subscript without a Unicode form keeps apart from the next name.
        (r"\tanh(W_ch_{t-1}+U_cx_t+b_c)", "tanh(W_c hₜ₋₁+U_c xₜ+b_c)"),
        # The tanh-derivative explanation: hyperbolic functions read as words, not \sinh (issue 17).
        (r"\frac{d}{dx}\frac{\sinh x}{\cosh x}=\frac{\cosh^2x-\sinh^2x}{\cosh^2x}", "(d/dx)(sinh x)/(cosh x)=(cosh²x-sinh²x)/cosh²x"),
        (r"\operatorname{diag}(\sigma'(z)) \text{ for } x", "diag(σ′(z)) for x"),
        (r"Y=X\star K, 180^\circ", "Y=X⋆K, 180°"),
        (r"\unknowncommand x", r"\unknowncommand x"),
    ],
)
def test_formulas_read_in_unicode(tex: str, shown: str) -> None:
    assert latex_to_unicode(tex) == shown


def test_only_dollar_spans_are_converted() -> None:
    assert render_inline_math(r"梯度是 $\hat y - y$，cost 5\$") == r"梯度是 ŷ - y，cost 5\$"


def _shown_texts(question) -> list[str]:
    """Every bank text a student can see for a question: prompt, choices, hints, answer, key points, explanation."""
    from ch3quiz.bank.model import choice_text
    from ch3quiz.quiz.variants import draw_variant
    from ch3quiz.render.bank import answer_text, explanation_text, prompt_text

    question = draw_variant(question, 0)  # a question with fresh numbers is shown as drawn
    texts = [prompt_text(question), explanation_text(question), answer_text(question)]
    texts += [render_inline_math(choice_text(choice)) for choice in question.choices]
    hints = [{"zh": question.fields.get("hint_zh", ""), "en": question.fields.get("hint_en", "")}]
    hints += list(question.fields.get("hints", []) or []) + list(question.fields.get("key_points", []) or [])
    texts += [render_inline_math(str(hint.get(lang, ""))) for hint in hints for lang in ("zh", "en")]
    return texts


def test_no_latex_command_reaches_the_student(bundled_bank) -> None:
    import re

    left = [(q.id, match.group(0)) for q in bundled_bank for text in _shown_texts(q)
            for match in re.finditer(r"\\[A-Za-z]+", text)]
    assert left == []
