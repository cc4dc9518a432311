"""Findings of the third review (a student tester's false accepts), kept fixed: one test or more per finding."""

from __future__ import annotations

import json

import pytest

from ch3quiz.math import check_answer, check_derivation


def verdict(fq, qid, text):
    return check_answer(fq(qid), text)


# ---- 1. terms that vanish only at the sampled values ---------------------------------------

VANISHING = [
    ("loss-mse-grad", r"\hat y - y + relu(\hat y - 1)"),
    ("loss-mse-grad", r"\max(\hat y,1)-1"),
    ("loss-mse-grad", r"\hat y - y + \max(\hat y,1)-1"),
    ("loss-mse-grad", r"\hat y - y + e^{\hat y-60}"),
    ("loss-mse-grad", r"\hat y - y + \sigma(\hat y-40)"),
    ("act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) + relu(x-3)"),
    ("act-tanh-derivative", r"1-\tanh^2(x)+\lfloor \cosh(x)/10 \rfloor"),
    ("bp-delta-Lminus1", "σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ + relu(Z^{(L-1)} - 100)"),
    ("gru-hidden", r"(1-z_t)⊙h_{t-1}+z_t⊙\tilde h_t + relu(h_{t-1}-100)"),
    ("lstm-cell", r"f_t\odot c_{t-1}+i_t\odot\tilde c_t + relu(c_{t-1}-50)"),
    ("lstm-hidden", r"o_t\odot\tanh(c_t) + relu(c_t-50)"),
    ("rnn-hidden", r"\tanh(W_{hh}h_{t-1}+W_{xh}x_t+b_h) + relu(x_t-50)"),
    ("rnn-hidden", r"\tanh(W_{hh}h_{t-1}+W_{xh}x_t+b_h) + relu(h_{t-1}-50)"),
    ("bp-grad-W", r"\delta^{(l)}(A^{(l-1)})^{\top} + relu(W^{(l)}-50)"),
    ("loss-softmax-ce-grad", r"\hat y - y + relu(z-50)"),
    ("loss-bce-sigmoid-grad", r"\sigma(z)-y + relu(z-50)"),
    ("cnn-output-size", r"\lfloor (n+2p-k)/s \rfloor+1+\lfloor n/1000 \rfloor"),
    ("cnn-param-count", r"(k_h k_w C_{in}+1)C_{out} + \lfloor C_{in}/1000 \rfloor"),
    ("gnn-gcn-coefficient", r"\frac{1}{\sqrt{|N(u)||N(v)|}} + \lfloor |N(v)|/20 \rfloor"),
    ("gnn-gcn-matrix", r"\sigma(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}W^{(k)}+ \lfloor \tilde D / 50\rfloor H^{(k-1)}W^{(k)})"),
    ("gnn-basic-update", r"\sigma(W_k\sum_{u\in N(v)}\frac{h_u^{k-1}}{|N(v)|}+B_kh_v^{k-1} + \lfloor |N(v)|/30\rfloor B_k h_v^{k-1})"),
    ("gnn-gcn-update", r"\sigma(W_k\sum_{u\in N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|N(u)||N(v)|}} + \lfloor |N(v)|/30\rfloor W_k h_v^{k-1})"),
]


@pytest.mark.parametrize(("qid", "text"), VANISHING)
def test_a_term_that_vanishes_only_for_small_values_is_caught(fq, qid, text):
    result = verdict(fq, qid, text)
    assert result.verdict == "incorrect", result.to_dict()


CORRECT_AT_SCALE = [  # forms that overflow or saturate at large magnitudes must stay correct
    ("act-sigmoid-derivative", r"\frac{e^{-x}}{(1+e^{-x})^2}"),
    ("act-sigmoid-derivative", r"\frac{e^{x}}{(1+e^{x})^2}"),
    ("act-sigmoid-derivative", r"\sigma(x)-\sigma(x)^2"),
    ("act-tanh-derivative", r"\mathrm{sech}^2(x)"),
    ("act-tanh-derivative", r"\frac{4}{(e^x+e^{-x})^2}"),
    ("act-tanh-derivative", r"(1-\tanh(x))(1+\tanh(x))"),
    ("loss-bce-sigmoid-grad", r"\frac{e^z}{1+e^z} - y"),
    ("loss-bce-sigmoid-grad", r"-\frac{y}{\sigma(z)}\sigma(z)(1-\sigma(z))+\frac{1-y}{1-\sigma(z)}\sigma(z)(1-\sigma(z))"),
    ("rnn-hidden", r"2\sigma(2(W_{hh}h_{t-1}+W_{xh}x_t+b_h))-1"),
    ("rnn-hidden", r"\frac{e^{2(W_{hh}h_{t-1}+W_{xh}x_t+b_h)}-1}{e^{2(W_{hh}h_{t-1}+W_{xh}x_t+b_h)}+1}"),
    ("gru-hidden", r"h_{t-1} + z_t\odot(\tilde h_t - h_{t-1})"),
    ("cnn-output-size", r"\lfloor (n+2p-k+s)/s \rfloor"),
    ("cnn-param-count", r"k_h k_w C_{in} C_{out} + C_{out}"),
    ("gnn-gcn-coefficient", r"\frac{1}{\sqrt{|N(u)|}\sqrt{|N(v)|}}"),
]


@pytest.mark.parametrize(("qid", "text"), CORRECT_AT_SCALE)
def test_correct_forms_stay_correct_at_large_magnitudes(fq, qid, text):
    result = verdict(fq, qid, text)
    # equal in value; where the question asks for σ(x) or tanh(x), a form without it is named as such
    assert result.verdict == "correct" or result.mistake == "asked-form", result.to_dict()


def test_a_real_domain_failure_is_still_undefined(fq):
    result = verdict(fq, "act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) + \log(x) - \log(|x|)")
    assert (result.verdict, result.mistake) == ("incorrect", "undefined"), result.to_dict()


@pytest.mark.parametrize("text", [r"\hat y + e^{100} - e^{100}", r"\hat y - 2y + e^{100} - e^{100}",
                                  r"\hat y + e^{100} - e^{50}e^{50}",
                                  r"\hat y - y + relu(\hat y - 30) + e^{\hat y^2} - e^{\hat y^2}"])
def test_huge_values_that_cancel_do_not_hide_a_difference(fq, text):
    assert verdict(fq, "loss-mse-grad", text).verdict != "correct"


def test_opposite_terms_cancel_where_they_are_defined_everywhere(fq):
    assert verdict(fq, "loss-mse-grad", r"\hat y - y + e^{100} - e^{100}").verdict == "correct"
    result = verdict(fq, "act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) + \log(x) - \log(x)")
    assert (result.verdict, result.mistake) == ("incorrect", "undefined")


def test_scale_draws_and_a_hub(fq):
    from ch3quiz.math.judge.compare import comparator_for
    from ch3quiz.math.meaning.spec import spec_for

    draws = comparator_for(spec_for(fq("gnn-gcn-update"))).draws
    assert any(d.graph is not None and max(len(n) for n in d.graph.neighbours) >= 60 for d in draws)
    draws = comparator_for(spec_for(fq("loss-mse-grad"))).draws
    assert {d.scale for d in draws} >= {1.0, 10.0, 100.0, 1000.0}


# ---- 3. binary labels ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [r"\sigma(z)-y+\lfloor y \rfloor", r"\sigma(z)-y+y\lfloor y\rfloor"])
def test_a_floor_of_a_label_is_not_zero(fq, text):
    assert verdict(fq, "loss-bce-sigmoid-grad", text).verdict == "incorrect"


def test_y_squared_is_y_for_a_binary_label(fq):
    assert verdict(fq, "loss-bce-sigmoid-grad", r"\sigma(z)-y^2").verdict == "correct"


def test_binary_kind_draws_zero_and_one(fq):
    from ch3quiz.math.judge.compare import comparator_for
    from ch3quiz.math.meaning.spec import spec_for

    spec = spec_for(fq("loss-bce-sigmoid-grad"))
    info = spec.table.get("y")
    assert info.kind == "binary"
    values = {float(d.value(info)[0, 0]) for d in comparator_for(spec).draws}
    assert values == {0.0, 1.0}
    assert spec_for(fq("loss-softmax-ce-grad")).table.get("y").kind == "onehot"


# ---- 4. derivations that only restate the answer -----------------------------------------------

FINAL = "σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾"
JUMPS = [
    [f"δ⁽ᴸ⁻¹⁾ = ∂J/∂Z⁽ᴸ⁻¹⁾ = {FINAL}"],
    ["δ⁽ᴸ⁻¹⁾ = ∂J/∂Z⁽ᴸ⁻¹⁾", f"= {FINAL}"],
    ["δ⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ ⊙ σ′(Z⁽ᴸ⁻¹⁾)", f"= {FINAL}"],
    [f"δ⁽ᴸ⁻¹⁾ = ∂J/∂Z⁽ᴸ⁻¹⁾ + 0 = {FINAL}"],
]


@pytest.mark.parametrize("lines", JUMPS)
def test_a_derivation_that_only_restates_the_answer_is_true_but_advised_to_show_steps(fq, lines):
    # every line holds, so no line is wrong and the derivation is not refused (issue 15); the line that jumps to
    # the result gets its own mark and the verdict advises showing the steps
    result = check_derivation(fq("bp-delta-Lminus1-derive"), lines)
    assert result.verdict == "correct" and result.first_wrong is None, result.to_dict()
    assert result.extra["advice"] == "show-steps" and [line.mark for line in result.lines][-1] == "jump"
    assert "jumps from the question to the answer" in result.message and "show the steps" in result.message
    assert "∂J/∂A⁽ᴸ⁻¹⁾" in result.message and "diag(σ′)" in result.message and "链式法则" in result.message_zh


@pytest.mark.parametrize("lines", JUMPS)
def test_the_cli_derive_command_accepts_a_jump_with_advice(cli, tmp_path, lines):
    path = tmp_path / "steps.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("derive", "bp-delta-Lminus1-derive", str(path))
    shown = " ".join(run.stdout.split())  # the table wraps long notes
    assert run.exit_code == 0 and "show the steps" in shown and "↷" in shown


@pytest.mark.parametrize("lines", [
    [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
     r"= \frac{\partial J}{\partial A^{(L-1)}} \odot \sigma'(Z^{(L-1)})",
     r"= ((W^{(L)})^T \delta^{(L)}) \odot \sigma'(Z^{(L-1)})"],
    [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
     r"\delta^{(L-1)}_j = \sigma'(Z^{(L-1)}_j)\sum_k W^{(L)}_{kj}\delta^{(L)}_k",
     r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"],
])
def test_a_derivation_through_a_real_step_is_still_correct(fq, lines):
    result = check_derivation(fq("bp-delta-Lminus1-derive"), lines)
    assert result.verdict == "correct", result.to_dict()


@pytest.mark.parametrize("qid", ["bp-delta-Lminus1-derive", "act-sigmoid-derivative-derive"])
def test_the_reference_derivations_are_correct(fq, qid):
    q = fq(qid)
    assert check_derivation(q, [str(line) for line in q.answer]).verdict == "correct"


# ---- 2. a tiny constant on a scalar answer -------------------------------------------------------

@pytest.mark.parametrize(("qid", "text"), [
    ("loss-mse-grad", r"\hat y - y + 10^{-9}"),
    ("loss-mse-grad", r"\hat y - y + 10^{-12}"),
    ("loss-mse-grad", r"(\hat y - y)(1 + 10^{-20})"),
    ("bp-delta-Lminus1", r"\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)} + 10^{-9}"),
])
def test_a_tiny_constant_is_caught(fq, qid, text):
    assert verdict(fq, qid, text).verdict == "incorrect"


@pytest.mark.parametrize("text", [r"\hat y - y + 10^{-20} - 10^{-20}", r"\hat y - y + 0.1 + 0.2 - 0.3",
                                  r"\frac{(\hat y - y)(\hat y + y)}{\hat y + y}", r"\frac{1}{3}(3\hat y - 3y)"])
def test_rounding_alone_is_not_a_difference(fq, text):
    assert verdict(fq, "loss-mse-grad", text).verdict == "correct"


# ---- 5. feedback names the right mistake ----------------------------------------------------------

def test_an_extra_relu_term_is_named_as_an_extra_term(fq):
    result = verdict(fq, "loss-bce-sigmoid-grad", r"\sigma(z)-y+relu(2y-1)")
    assert result.mistake == "extra-term" and "sign" not in result.message, result.to_dict()
    result = verdict(fq, "act-tanh-derivative", r"1-\tanh^2(x)+\mathrm{relu}(\cosh(x)-2)")
    assert result.mistake == "extra-term" and "sign" not in result.message, result.to_dict()
    result = verdict(fq, "loss-mse-grad", r"\hat y - y + \sigma(\hat y-40)")
    assert result.mistake == "extra-term" and "derivative" not in result.message, result.to_dict()


def test_a_wrong_matrix_term_is_still_named(fq):
    result = verdict(fq, "gnn-gcn-matrix", r"\sigma(\tilde D^{-1/2}(\tilde A - I)\tilde D^{-1/2}H^{(k-1)}W^{(k)})")
    assert result.mistake == "extra-term" and "−I should not be there" in result.message


def test_a_gnn_layer_index_is_not_called_a_time_index(fq):
    result = verdict(fq, "gnn-gcn-update", r"\sigma(W_{k-1}\sum_{u\in N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|N(u)||N(v)|}})")
    assert result.mistake == "layer-index" and "time" not in result.message and "时间" not in result.message_zh
    assert "layer index" in result.message
    result = verdict(fq, "rnn-hidden", r"\tanh(W_{hh}h_{t-2}+W_{xh}x_t+b_h)")
    assert "time index" in result.message, result.to_dict()


def test_an_edit_that_is_only_nearly_right_is_not_named(fq):
    # dropping the tiny term makes it right; no other "near miss" should be named for it
    result = verdict(fq, "loss-mse-grad", r"\hat y - y + 10^{-9}")
    assert result.mistake == "extra-term", result.to_dict()


# ---- 6. small ones ------------------------------------------------------------------------------

def test_dj_dz_is_delta_by_definition(fq):
    assert verdict(fq, "bp-grad-b", r"\frac{\partial J}{\partial Z^{(l)}}").verdict == "correct"


@pytest.mark.parametrize("text", [r"\frac{\partial J}{\partial b^{(l)}}", r"\frac{\partial J}{\partial b^{(l)}} + 0", "∂J/∂b⁽ˡ⁾"])
def test_dj_db_restates_the_target(fq, text):
    result = verdict(fq, "bp-grad-b", text)
    assert (result.verdict, result.mistake) == ("incorrect", "restates-target"), result.to_dict()
    assert "restates what is asked" in result.message


def test_theta_alone_is_not_a_restatement_in_the_update_rule(fq):
    assert verdict(fq, "gd-update", r"\theta").mistake != "restates-target"


@pytest.mark.parametrize("text", [r"\sigma(x)(1-\sigma(x)) + e^{-100x^2}", r"\sigma(x)(1-\sigma(x)) + e^{-1000}",
                                  r"\sigma(x)(1-\sigma(x)) + 10^{-400}"])
def test_an_underflowing_term_is_plain_wrong(fq, text):
    result = verdict(fq, "act-sigmoid-derivative", text)
    assert result.verdict == "incorrect", result.to_dict()


def test_cancelling_underflowing_terms_are_fine(fq):
    assert verdict(fq, "act-sigmoid-derivative", r"\sigma(x)(1-\sigma(x)) + e^{-1000} - e^{-1000}").verdict == "correct"


@pytest.mark.parametrize("text", [r"\log|x|", r"\ln|x|"])
def test_log_of_an_absolute_value_is_read(fq, text):
    result = verdict(fq, "act-sigmoid-derivative", text)
    assert result.verdict == "incorrect" and result.reading == "log(|x|)", result.to_dict()


def test_stdin_prints_one_result_per_line_and_blank_lines_are_empty_answers(cli):
    lines = [r"\hat y - y", "", "y - \\hat y", "   ", r"\hat y - y"]
    result = cli("check", "loss-mse-grad", "--stdin", "--json", input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["correct", "invalid", "incorrect", "invalid", "correct"]
    assert "the answer is empty" in rows[1]["message"] and "the answer is empty" in rows[3]["message"]
