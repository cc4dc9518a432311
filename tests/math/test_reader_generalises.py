"""Notations the held-out formulas showed the reader missing, each checked in general (every way of writing
it), with the wrong answers beside them that must stay wrong: the verdict a student sees."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer

CASES = [
    # norms: ASCII double bars, norm() calls (with the order 2 written or not), p.norm(), the 2 of the 2-norm;
    # |N(u)||N(v)| stays two sizes
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
    ("gnn-topk-score", "X @ p / p.norm()", "correct"),
    ("gnn-topk-score", "X @ p / X.norm()", "incorrect"),
    ("gnn-topk-score", "X @ p / torch.norm(p, p=2)", "correct"),
    ("gnn-topk-score", "X @ p / np.linalg.norm(p, ord=2)", "correct"),
    ("gnn-topk-score", "X @ p / np.linalg.norm(p, 2)", "correct"),
    ("gnn-topk-score", "X @ p / np.linalg.norm(p, 1)", "invalid"),
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
    # numpy's and torch's other names for diag and the matrix product (second held-out collection)
    ("loss-softmax-jacobian", "np.diagflat(y_hat) - np.dot(y_hat, y_hat.T)", "correct"),
    ("loss-softmax-jacobian", "torch.diagflat(y_hat) - y_hat @ y_hat.T", "correct"),
    ("loss-softmax-jacobian", "np.diagflat(y_hat) - np.dot(y_hat.T, y_hat)", "incorrect"),
    ("loss-softmax-jacobian", "np.diagflat(y_hat * (1 - y_hat))", "incorrect"),
    ("gnn-topk-score", "torch.mv(X, p) / torch.norm(p)", "correct"),
    ("gnn-topk-score", "torch.mv(X, p)", "incorrect"),
    ("gnn-topk-score", "torch.mv(p, X) / torch.norm(p)", "incorrect"),
    ("rnn-hidden", "torch.tanh(torch.mv(W_hh, h_prev) + torch.mv(W_xh, x_t) + b_h)", "correct"),
    ("rnn-hidden", "torch.tanh(torch.mv(W_xh, h_prev) + torch.mv(W_hh, x_t) + b_h)", "incorrect"),
    ("loss-softmax-jacobian", "torch.diag(y_hat) - torch.ger(y_hat, y_hat)", "correct"),
    # np.outer flattens its arguments: a transposed vector is the vector, a matrix is refused
    ("loss-softmax-jacobian", "np.diag(y_hat) - np.outer(y_hat.T, y_hat)", "correct"),
    ("loss-softmax-jacobian", "np.outer(y_hat, y_hat.T) - np.diag(y_hat)", "incorrect"),
    ("loss-softmax-jacobian", "np.diag(y_hat) - np.outer(np.diag(y_hat), y_hat)", "invalid"),
    ("bp-grad-W", "np.outer(delta.T, A_prev.T)", "correct"),
    ("bp-grad-W", "np.outer(A_prev.T, delta)", "incorrect"),
    ("lstm-hidden", "torch.mul(o_t, torch.tanh(c_t))", "correct"),
    ("lstm-hidden", "torch.mul(o_t, c_t)", "incorrect"),
    ("lstm-cell", "np.add(np.multiply(f_t, c_prev), np.multiply(i_t, c_tilde))", "correct"),
    ("lstm-cell", "np.add(np.multiply(i_t, c_prev), np.multiply(f_t, c_tilde))", "incorrect"),
    ("gd-update", "np.subtract(theta, lr * grad_J)", "correct"),
    ("gd-update", "np.subtract(lr * grad_J, theta)", "incorrect"),
    ("gnn-gcn-coefficient", "torch.rsqrt(|N(u)|*|N(v)|)", "correct"),
    ("gnn-gcn-coefficient", "torch.rsqrt(|N(u)|+|N(v)|)", "incorrect"),
    ("gnn-gcn-coefficient", "np.divide(1, np.sqrt(|N(u)|*|N(v)|))", "correct"),
    ("gnn-gcn-coefficient", "np.divide(np.sqrt(|N(u)|*|N(v)|), 1)", "incorrect"),
    ("act-sigmoid-derivative", "scipy.special.expit(x) * (1 - scipy.special.expit(x))", "correct"),
    ("act-sigmoid-derivative", "expit(x)*(1+expit(x))", "incorrect"),
    # a module's sum is a call: np.sum(p**2)**0.5 is the root of the whole sum
    ("gnn-topk-score", "X @ p / np.sum(p**2)**0.5", "correct"),
    ("gnn-topk-score", "X @ p / np.sum(p**2)", "incorrect"),
    ("gnn-topk-score", "X @ p / np.sum(p)**2", "incorrect"),
    ("loss-softmax-ce-grad", "np.exp(z) / np.sum(np.exp(z), axis=0) - y", "correct"),
    # so is a plain sum(…) raised to a power, as code and plain text mean it; \sum with its index stays ∑
    ("gnn-topk-score", "X @ p / sum(p**2)**0.5", "correct"),
    ("gnn-topk-score", "X @ p / sum(p^2)^0.5", "correct"),
    ("gnn-topk-score", "X @ p / sum(p)**2", "incorrect"),
    ("gnn-topk-score", r"X @ p / \sum_i (p_i^2)^{1/2}", "incorrect"),
    ("gnn-topk-score", r"X @ p / (\sum_i p_i^2)^{1/2}", "correct"),
    # Ng's dZ where the question has no Z of that layer: δ for one sample, Δ (his stacked dZ) for a batch
    ("bp-grad-W-batch", "np.dot(dZ, A_prev.T)/m", "correct"),
    ("bp-grad-W-batch", "1/m * np.dot(dZ^[l], A^[l-1].T)", "correct"),
    ("bp-grad-W-batch", "np.dot(dZ, A_prev.T)", "incorrect"),
    ("bp-grad-W-batch", "np.dot(dZ^[l+1], A^[l-1].T)/m", "incorrect"),
    ("bp-grad-W-batch", "np.dot(A_prev.T, dZ)/m", "incorrect"),
    ("bp-grad-W", "np.dot(dZ^[l], A^[l-1].T)", "correct"),
    ("bp-grad-W", "np.dot(dZ, A_prev.T)", "correct"),
    # the other accent with the step left out: c_hat for c̃_t, as c_tilde is
    ("lstm-cell", "np.multiply(f_t, c_prev) + np.multiply(i_t, c_hat)", "correct"),
    ("lstm-cell", "f_t * c_hat + i_t * c_prev", "incorrect"),
    ("gru-hidden", "(1 - z_t) * h_prev + z_t * h_hat", "correct"),
    ("gru-hidden", "z_t * h_prev + (1 - z_t) * h_hat", "incorrect"),
    # a mean or sum over a set in set-builder form (GraphSAGE's MEAN({h_u, ∀u ∈ N(v)}), code's comprehensions);
    # the mean divides by the set's own size, never by a |N(v)| the question may define otherwise (GCN)
    ("gnn-basic-update", r"\sigma\left(W_k \cdot \mathrm{MEAN}\left(\{h_u^{k-1}, \forall u \in N(v)\}\right) + B_k h_v^{k-1}\right)",
     "correct"),
    ("gnn-basic-update", "sigma(W_k @ np.mean([h_u^(k-1) for u in N(v)]) + B_k @ h_v^(k-1))", "correct"),
    ("gnn-basic-update", r"\sigma(W_k\,\mathrm{mean}(\{h_u^{k-1} : u\in N(v)\}) + B_k h_v^{k-1})", "correct"),
    ("gnn-basic-update", "sigma(W_k mean({h_u^(k-1) | u in N(v)}) + B_k h_v^(k-1))", "correct"),
    ("gnn-basic-update", "sigma(W_k * SUM({h_u^(k-1) | u in N(v)}) + B_k h_v^(k-1))", "incorrect"),
    ("gnn-basic-update", r"\sigma(W_k \mathrm{MEAN}(\{h_u^{k-1}, \forall u \in N(v)\}))", "incorrect"),
    ("gnn-basic-update", r"\sigma(W_k \mathrm{MAX}(\{h_u^{k-1}, \forall u \in N(v)\}) + B_k h_v^{k-1})", "invalid"),
    ("gnn-gcn-update", r"\sigma(W_k \mathrm{SUM}(\{\frac{h_u^{k-1}}{\sqrt{|N(u)||N(v)|}}, \forall u\in N(v)\cup\{v\}\}))",
     "correct"),
    ("gnn-gcn-update", "sigma(W_k @ sum([h_u^(k-1) / sqrt(|N(u)|*|N(v)|) for u in N(v) U {v}]))", "correct"),
    ("gnn-gcn-update", r"\sigma(W_k \mathrm{MEAN}(\{h_u^{k-1}, \forall u\in N(v)\cup\{v\}\}))", "incorrect"),
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)), \forall x", "correct"),  # a side condition after it is still cut
    ("gnn-basic-update", "σ(Wₖ·MEAN({hᵤᵏ⁻¹, ∀u ∈ N(v)}) + Bₖhᵥᵏ⁻¹)", "correct"),  # Unicode ∀ as \forall
    ("act-sigmoid-derivative", "σ(x)(1−σ(x)), ∀x ∈ ℝ", "correct"),
    # copied from an equation editor or a rendered page (tests/math/test_copied_characters.py: the characters)
    # styled letters of an equation editor
    ("act-sigmoid-derivative", "𝜎(𝑥)(1−𝜎(𝑥))", "correct"),
    ("act-sigmoid-derivative", "𝜎(𝑥)(1+𝜎(𝑥))", "incorrect"),
    ("act-sigmoid-derivative", "𝝈(𝒙)(𝟏−𝝈(𝒙))", "correct"),  # bold italic, a bold digit
    ("rnn-hidden", "tanh(𝑊ₕₕℎₜ₋₁ + 𝑊ₓₕ𝑥ₜ + 𝑏ₕ)", "correct"),  # ℎ is U+210E, Word's italic h
    ("rnn-hidden", "tanh(𝑊ₓₕℎₜ₋₁ + 𝑊ₕₕ𝑥ₜ + 𝑏ₕ)", "incorrect"),
    ("bp-grad-W", "𝛿⁽ˡ⁾(𝐀⁽ˡ⁻¹⁾)ᵀ", "correct"),
    ("bp-grad-W", "(𝐀⁽ˡ⁻¹⁾)ᵀ𝛿⁽ˡ⁾", "incorrect"),
    ("gnn-gcn-coefficient", "1/√(|𝒩(𝑢)||𝒩(𝑣)|)", "correct"),
    ("gnn-gcn-coefficient", "1/(|𝒩(𝑢)||𝒩(𝑣)|)", "incorrect"),
    # MathML's invisible function application and invisible times
    ("act-sigmoid-derivative", "σ\u2061(x)\u2062(1−σ\u2061(x))", "correct"),
    ("act-tanh-derivative", "1−tanh\u2061(x)^2", "correct"),
    ("act-tanh-derivative", "1−tanh\u2061(x)", "incorrect"),
    ("cnn-param-count", "(k_h\u2062k_w\u2062C_{in}+1)\u2062C_{out}", "correct"),
    ("loss-softmax-jacobian", "diag(ŷ) − ŷ\u2062ŷᵀ", "correct"),
    ("loss-softmax-jacobian", "diag(ŷ) − ŷᵀ\u2062ŷ", "incorrect"),
    # zero-width space, byte-order mark
    ("gd-update", "θ\u200b − η∇J(θ)", "correct"),
    ("gd-update", "\ufeffθ − η∇J(θ)", "correct"),
    ("gd-update", "\ufeffθ + η∇J(θ)", "incorrect"),
]


@pytest.mark.parametrize(("qid", "text", "verdict"), CASES, ids=[f"{q}: {t!r}" for q, t, _ in CASES])
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


def test_a_set_with_a_forall_outside_a_mean_or_sum_says_what_to_write(bundled_bank) -> None:
    result = check_answer(bundled_bank.get("gnn-basic-update"), r"\sigma(W_k (\{h_u^{k-1}, \forall u \in N(v)\}) + B_k h_v^{k-1})")
    assert result.verdict == "invalid"
    assert "write the sum out" in result.message and "请把求和写出来" in result.message_zh
