"""check_answer: equivalence by meaning, shape rules, feedback, and every bad input of the issue."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ch3quiz.math import check_answer

LMINUS1 = "bp-delta-Lminus1"

# (question id, answer, expected verdict, expected method or mistake tag or None)
CASES = [
    # three notations, reordered and regrouped forms, the notes' own · and sources' notations
    (LMINUS1, r"\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "correct", "numeric"),
    (LMINUS1, "σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", "correct", "numeric"),
    (LMINUS1, "sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)", "correct", "numeric"),
    (LMINUS1, r"(W^{(L)})^{\top} \delta^{(L)} \cdot \sigma'(Z^{(L-1)})", "correct", None),
    (LMINUS1, r"\delta^{(L-1)} = \sigma'(Z^{(L-1)}) \cdot (W^{(L)})^{\top} \delta^{(L)}", "correct", None),
    (LMINUS1, r"\sigma'(Z^{(L-1)}) (W^{(L)})^{\top} \delta^{(L)}", "correct", None),
    (LMINUS1, r"\mathrm{diag}(\sigma'(Z^{(L-1)}))(W^{(L)})^T\delta^{(L)}", "correct", None),
    (LMINUS1, r"\Sigma'(Z^{(L-1)})(W^{(L)})^T\delta^{(L)}", "correct", None),
    (LMINUS1, r"\sum_k W^{(L)}_{kj}\delta^{(L)}_k \sigma'(Z^{(L-1)}_j)", "correct", None),
    (LMINUS1, r"((W^{(L)})^T((A^{(L)}-Y)\odot\sigma'(Z^{(L)})))\odot\sigma'(Z^{(L-1)})", "correct", None),
    (LMINUS1, r"\frac{\partial J}{\partial Z^{(L-1)}} = \sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "correct", None),
    # wrong answers, each named
    (LMINUS1, r"\sigma'(Z^{(L-1)}) \odot W^{(L)}\delta^{(L)}", "incorrect", "dropped-transpose"),
    (LMINUS1, r"\sigma'(Z^{(L)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "incorrect", "wrong-layer"),
    (LMINUS1, r"(W^{(L)})^{\top} \delta^{(L)}", "incorrect", "dropped-derivative"),
    (LMINUS1, r"-\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "incorrect", "sign"),
    (LMINUS1, r"\sigma(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "incorrect", "derivative"),
    (LMINUS1, r"\sigma'(Z^{(L-1)}) ((W^{(L)})^{\top} @ \delta^{(L)})^T", "incorrect", None),
    (LMINUS1, r"\delta^{(L)} = \sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}", "incorrect", "wrong-target"),
    (LMINUS1, r"\frac{\partial J}{\partial Z^{(L-1)}}", "incorrect", "restates-target"),
    # scalar targets
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x))", "correct", None),
    ("act-sigmoid-derivative", r"\frac{e^{-x}}{(1+e^{-x})^2}", "incorrect", "asked-form"),  # equal, not in σ(x)
    ("act-sigmoid-derivative", "sigma(x)*(1-sigma(x))", "correct", None),
    ("act-sigmoid-derivative", r"\sigma'(x) = \sigma(x) - \sigma(x)^2", "correct", None),
    ("act-sigmoid-derivative", r"\sigma'(x)", "incorrect", "restates-target"),
    ("act-sigmoid-derivative", r"\sigma(x)(1+\sigma(x))", "incorrect", "sign-flip"),
    ("act-tanh-derivative", r"\frac{1}{\cosh^2(x)}", "incorrect", "asked-form"),
    ("act-tanh-derivative", "sech^2(x)", "incorrect", "asked-form"),
    ("loss-mse-grad", "y_hat - y", "correct", None),
    ("lstm-cell", "f_t * c_(t-1) + i_t * c~_t", "correct", None),
    ("gnn-gcn-update", "sigma(W_k @ sum_{u in N(v) U {v}} h_u^(k-1) / sqrt(|N(u)|*|N(v)|))", "correct", None),
    ("gnn-gcn-matrix", "sigma(D_tilde^(-1/2) @ A_tilde @ D_tilde^(-1/2) @ H^(k-1) @ W^(k))", "correct", None),
    ("bp-delta-hidden", r"\Sigma'(z^l)(w^{l+1})^T\delta^{l+1}", "correct", None),
    ("cnn-output-size", "(n+2*p-k)//s + 1", "correct", None),
    ("rnn-hidden", "tanh(W_hh h_{t-1} + W_xh x_t + b_h)", "correct", None),
    ("act-tanh-derivative", r"1-\tanh(x)^2", "correct", None),
    ("act-tanh-derivative", "1 - tanh^2(x)", "correct", None),
    ("loss-mse-grad", r"\hat y - y", "correct", None),
    ("loss-mse-grad", "ŷ − y", "correct", None),
    ("loss-mse-grad", r"2(\hat y-y)", "incorrect", "dropped-half"),
    ("loss-bce-sigmoid-grad", r"\frac{1}{1+e^{-z}} - y", "correct", None),
    ("loss-bce-sigmoid-grad", r"\hat y - y", "correct", None),
    ("loss-softmax-ce-grad", r"\mathrm{softmax}(z) - y", "correct", None),
    ("gd-update", r"\theta - \eta \frac{\partial J}{\partial \theta}", "correct", None),
    ("gd-update", r"\theta \leftarrow \theta - \eta\nabla_\theta J(\theta)", "correct", None),
    ("gd-update", r"\theta+\eta\nabla J(\theta)", "incorrect", "sign-flip"),
    ("bp-forward", r"\sigma(Z^{(l)})", "correct", None),
    ("bp-grad-W", r"\delta^{(l)}_i A^{(l-1)}_j", "correct", None),
    ("bp-grad-W", r"A^{(l-1)}(\delta^{(l)})^{\top}", "incorrect", "transposed-result"),
    ("cnn-output-size", r"\lfloor\frac{n-k+2p}{s}\rfloor+1", "correct", "numeric"),  # the expected form reordered: no proof needed
    ("cnn-output-size", r"\lfloor\frac{n-k+2p+s}{s}\rfloor", "correct", "symbolic"),  # another form: SymPy confirms
    ("cnn-output-size", "floor((n+2p-k)/s)+1", "correct", None),
    ("cnn-output-size", "(n+2p-k)/s+1", "incorrect", "missing-floor"),
    ("cnn-param-count", "k_h*k_w*C_in*C_out + C_out", "correct", None),
    ("gnn-basic-update", "sigma(W_k sum_{u in N(v)} h_u^(k-1)/|N(v)| + B_k h_v^(k-1))", "correct", None),
    ("gnn-basic-update", r"\sigma(\frac{1}{|N(v)|}W_k\sum_{u\in N(v)}h_u^{k-1}+B_kh_v^{k-1})", "correct", None),
    ("gnn-gcn-update", r"\sigma(W_k(\sum_{u\in N(v)}\frac{h_u^{k-1}}{\sqrt{|N(u)||N(v)|}}+\frac{h_v^{k-1}}{|N(v)|}))", "correct", None),
    ("gnn-gcn-update", r"\sigma(W_k\sum_{u\in N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|N(u)|+|N(v)|}})", "incorrect", "sum-under-root"),
    ("gnn-gcn-coefficient", r"(|N(u)||N(v)|)^{-1/2}", "correct", None),
    ("gnn-gcn-coefficient", r"\frac{1}{\sqrt{|N(u)|}\sqrt{|N(v)|}}", "correct", None),
    ("gnn-gcn-matrix", r"\sigma((D+I)^{-1/2}(A+I)(D+I)^{-1/2}H^{(k-1)}W^{(k)})", "correct", None),
    ("gnn-gcn-matrix", r"\sigma(W^{(k)}H^{(k-1)}\tilde D^{-1/2}\tilde A\tilde D^{-1/2})", "incorrect", None),
    ("rnn-hidden", "tanh(W_hh h_(t-1) + W_xh x_t + b_h)", "correct", None),
    ("lstm-cell", r"f_t c_{t-1} + i_t \tilde c_t", "correct", None),
    ("lstm-cell", r"f_t \cdot c_{t-1} + i_t \cdot \tilde c_t", "correct", None),
    ("lstm-hidden", r"o_t * tanh(c_t)", "correct", None),
    ("gru-hidden", r"h_{t-1} + z_t\odot(\tilde h_t - h_{t-1})", "correct", None),
    ("gru-hidden", r"z_t\odot h_{t-1}+(1-z_t)\odot\tilde h_t", "incorrect", "swapped-gates"),
    # issue 16: what people really write (the real-formula corpus measures the rest)
    ("bp-forward", r"\sigma\left(\sum_{k=1}^{n_{l}} W^{(l)}_{jk} A^{(l-1)}_k + b^{(l)}_j\right)", "incorrect", "sum-bound"),
    ("bp-forward", r"\sigma\left(\sum_{k=1}^{n_{l-1}} W^{(l)}_{jk} A^{(l-1)}_k + b^{(l)}_j\right)", "correct", None),
    ("loss-softmax-ce-grad", r"-y_k(1-\hat y_k)+\sum_{i\neq k}y_i\hat y_k", "correct", None),
    ("gnn-gcn-matrix", "sigma(D~^(-1/2) * A~ * D~^(-1/2) * H * W)", "undecided", "ambiguous-product"),
    ("gnn-gcn-matrix", "sigma(D~^(-1/2) @ A~ @ D~^(-1/2) @ H @ W)", "correct", None),
    (LMINUS1, "np.dot(W[L].T, dZ[L]) * g_prime(Z[L-1])", "correct", None),
    (LMINUS1, r"dZ^{[L-1]} = W^{[L]T} dZ^{[L]} \odot g^{[L-1]'}(Z^{[L-1]}) \\", "correct", None),
    ("bp-grad-b", "np.sum(dZ, axis=1, keepdims=True)", "correct", None),
    ("rnn-hidden", "h<t> = tanh(W_hh*h<t-1> + W_xh*x<t> + b_h);", "correct", None),
    ("lstm-cell", "c_next = f_t*c_prev + i_t*c_hat_t", "correct", None),
    ("loss-softmax-ce-grad", "torch.softmax(z, dim=0) - y", "correct", None),
    ("act-tanh-derivative", "1 - np.tanh(x)**2。", "correct", None),
    ("act-tanh-derivative", "1 - Tanh[x]^2", "correct", None),
    ("act-sigmoid-derivative", "s(x)(1-s(x))", "correct", None),
    ("act-sigmoid-derivative", r"\sigma(x)\frac{e^{-x}}{1+e^{-x}}", "incorrect", "asked-form"),
    ("loss-mse-grad", "1/2 (y_hat - y)", "incorrect", None),
    ("act-sigmoid-derivative", r"$\sigma(x)(1-\sigma(x))$", "correct", None),
    ("gd-update", "theta_new = theta_old - learning_rate * grad", "correct", None),
    ("gd-update", "theta - alpha * grad_J", "correct", None),
    ("rnn-hidden", "h^<t> = tanh(W_hh h^<t-1> + W_xh x^<t> + b_h)", "correct", None),
    ("loss-mse-grad", "y_pred - y_true", "correct", None),
    ("loss-softmax-ce-grad", "p - y", "correct", None),
    (LMINUS1, "W^(L)' * delta^(L) .* sigma'(Z^(L-1))", "correct", None),  # MATLAB: ' transposes, .* is ⊙
    ("loss-softmax-ce-grad", r"\sum_{j=1}^{n} y_j \hat y_i - y_i", "correct", None),  # a size named otherwise: not judged
    ("bp-delta-output", r"\frac{\partial J}{\partial A^{(L)}} \odot \sigma'(Z^{(L)})", "incorrect", "unfinished"),
    ("bp-delta-output", r"\frac{\partial J}{\partial A^{(L)}} \odot \sigma(Z^{(L)})", "incorrect", "restates-target"),
    # another step or layer variable, pinned by the left side (renamed, never shifted)
    ("gd-update", r"\theta_{i+1} = \theta_i - \eta \nabla J(\theta_i)", "correct", None),
    ("rnn-hidden", r"h_{s} = \tanh(W_{hh} h_{s} + W_{xh} x_s + b_h)", "incorrect", None),
    ("bp-forward", r"A^{(k)} = \sigma(W^{(k)} A^{(k-1)} + b^{(k)})", "correct", None),
    ("gd-update", r"\theta^{(t+1)} = \theta^{(t)} - \eta \nabla J(\theta^{(t)})", "correct", None),
]


def test_a_right_but_unfinished_answer_shows_the_step_left(fq):
    result = check_answer(fq("bp-delta-output"), r"\nabla_a C \odot \sigma'(z^L)")
    assert (result.verdict, result.mistake) == ("incorrect", "unfinished")
    assert result.message == "right, but not finished: ∂J/∂A⁽ᴸ⁾ = A⁽ᴸ⁾ − Y"
    assert result.message_zh == "结果正确，但还没有算完：∂J/∂A⁽ᴸ⁾ = A⁽ᴸ⁾ − Y"



@pytest.mark.parametrize("qid, text, verdict, detail", CASES)
def test_check(fq, qid, text, verdict, detail):
    result = check_answer(fq(qid), text)
    assert result.verdict == verdict, result.to_dict()
    if detail is not None:
        assert detail in (result.method, result.mistake), result.to_dict()


def test_shape_error_names_the_dimensions(fq):
    result = check_answer(fq(LMINUS1), r"W^{(L)}\delta^{(L)}")
    assert result.verdict == "incorrect" and result.method == "shape"
    assert "n_L×n_{L-1}" in result.message and "n_L×1" in result.message


def test_result_to_dict_is_the_json_contract(fq):
    data = check_answer(fq(LMINUS1), r"\sigma'(Z^{(L-1)}) \odot (W^{(L)})^{\top} \delta^{(L)}").to_dict()
    assert {"verdict", "reading", "method", "mistake", "message", "message_zh"} <= set(data)
    assert data["reading"] == "σ′(Z⁽ᴸ⁻¹⁾) ⊙ ((W⁽ᴸ⁾)ᵀ δ⁽ᴸ⁾)"


# Each hostile input gets a quick, definite verdict (pinned: a change of verdict is a change of behaviour).
BAD = [
    ("9^9^9^9", "invalid", "too large"),
    ("(" * 5000 + "x" + ")" * 5000, "invalid", "too long"),
    ("x" * 200_000, "invalid", "too long"),
    ("(" * 45 + "x" + ")" * 45, "invalid", "nested too deeply"),
    (r"\sigma'(", "invalid", "never closed"),
    ("2^" * 250 + "2", "invalid", "too large"),
    ("a" * 1999, "invalid", "too deeply"),
    (r"\frac{}{}", "invalid", "unexpected"),
    ("}{", "invalid", "never opened"),
    ("\\", "invalid", "lone backslash"),
    ("∫ x dx", "invalid", "unexpected character"),
    ("x" * 399 + "+", "invalid", "needs something after it"),
    ("1/0", "incorrect", "scalar"),
    ("0^{-1}", "incorrect", "scalar"),
]


@pytest.mark.parametrize(("text", "verdict", "reason"), BAD, ids=range(len(BAD)))
def test_pathological_input_is_a_clear_answer(fq, text, verdict, reason):
    result = check_answer(fq(LMINUS1), text)
    assert result.verdict == verdict
    assert reason in result.message


def test_pathological_input_never_hangs():
    """All of BAD in a fresh process, under a generous limit: a hang (or exponential work) is caught,
    an ordinary slow moment on a loaded machine is not (each answer takes milliseconds alone)."""
    script = ("import sys; from tests.math.test_checker import BAD, LMINUS1; from ch3quiz.bank import load_bank; "
              "from ch3quiz.paths import bundled_bank_path; from ch3quiz.math import check_answer; "
              "q = load_bank(bundled_bank_path()).get(LMINUS1); "
              "print(sum(check_answer(q, text).verdict == verdict for text, verdict, _ in BAD))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == str(len(BAD))


def test_nine_tower_is_refused_as_too_large(fq):
    result = check_answer(fq("act-sigmoid-derivative"), "9^9^9^9")
    assert result.verdict == "invalid" and "too large" in result.message


def test_unknown_symbol_lists_the_known_ones(fq):
    result = check_answer(fq(LMINUS1), "q + 1")
    assert result.verdict == "invalid" and "W⁽ᴸ⁾" in result.message and result.column == 1


def test_a_deeply_nested_fraction_is_judged_quickly():
    # The structural form of a nested fraction was once recomputed at every level (2^depth work).
    code = """
from ch3quiz.bank import load_bank
from ch3quiz.paths import bundled_bank_path
from ch3quiz.math import check_answer
text = r"\\frac{1}{1+" * 30 + "x" + "}" * 30
result = check_answer(load_bank(bundled_bank_path()).get("act-sigmoid-derivative"), text)
print(result.verdict)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "incorrect"
