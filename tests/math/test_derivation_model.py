"""The model of a derivation: side facts, a general layer l, ∂A/∂Z as the vector σ′, the scalar chain rule,
lines in any order, a mark on every line and the mistake named as ``check`` names it."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_derivation

Q = "bp-delta-Lminus1-derive"

# the 补充 chain of the course notes, copied as written (general layer l, · for ⊙, side facts on their own lines)
NOTES = [
    r"A^{(l)} = \sigma(Z^{(l)}) = \sigma(W^{(l)}A^{(l-1)} + b^{(l)})",
    r"J = \frac{1}{2} \|A^{(L)} - Y\|^2",
    r"\delta^{(L)} = \frac{\partial J}{\partial Z^{(L)}} = (A^{(L)} - Y) \cdot \sigma'(Z^{(L)})",
    r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}} = (W^{(l+1)})^{\top} \delta^{(l+1)} \cdot \sigma'(Z^{(l)})",
    r"l = L-1",
    r"\delta^{(L-1)} = (W^{(L)})^{\top} \delta^{(L)} \cdot \sigma'(Z^{(L-1)})",
    r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}} = \frac{\partial J}{\partial A^{(l)}} \cdot \frac{\partial A^{(l)}}{\partial Z^{(l)}}",
    r"\frac{\partial A^{(l)}}{\partial Z^{(l)}} = \sigma'(Z^{(l)})",
    r"\frac{\partial J}{\partial A^{(l)}} = (W^{(l+1)})^{\top} \delta^{(l+1)}",
    r"\delta^{(L-1)} = \sigma'(Z^{(L-1)}) \cdot (W^{(L)})^{\top} \delta^{(L)}",
]
# a line that works on what is asked or on a derivative of the loss is a step (✓); the forward pass, the loss
# restated, the Jacobian ∂A/∂Z and the specialisation l = L-1 are side facts (·)
NOTES_MARKS = ["side", "side", "ok", "ok", "side", "ok", "ok", "side", "ok", "ok"]


def test_the_notes_chain_as_written_is_correct_with_a_mark_on_every_line(fq):
    result = check_derivation(fq(Q), NOTES)
    assert result.verdict == "correct", result.to_dict()
    assert [line.mark for line in result.lines] == NOTES_MARKS
    assert [line.symbol for line in result.lines][:4] == ["·", "·", "✓", "✓"]
    assert "checked for l = L-1" in result.lines[3].note  # l = L has no W^(L+1) in this model: not checked there
    assert "as the vector σ′" in result.lines[7].note and "l = L, l = L-1" in result.lines[7].note


def test_a_general_layer_wrong_at_a_layer_of_the_model_is_wrong_and_named(fq):
    lines = list(NOTES)
    lines[3] = r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}} = W^{(l+1)} \delta^{(l+1)} \cdot \sigma'(Z^{(l)})"
    result = check_derivation(fq(Q), lines)
    assert (result.verdict, result.first_wrong) == ("incorrect", 4)
    assert result.lines[3].mark == "wrong" and result.lines[3].mistake == "transpose"
    assert "transpose is missing" in result.lines[3].message
    # the lines after it are still judged, and shown
    assert [line.mark for line in result.lines[4:]] == NOTES_MARKS[4:]


def test_a_general_layer_no_layer_of_the_model_has_is_unreadable(fq):
    result = check_derivation(fq(Q), [r"\delta^{(l)} = (W^{(l+2)})^{\top} \delta^{(l+2)}"])
    assert result.verdict == "invalid" and result.lines[0].mark == "invalid"
    assert "no layer of this question's model" in result.lines[0].message


def test_a_false_side_fact_is_wrong_with_the_mistake_named(fq):
    lines = [r"\frac{\partial J}{\partial A^{(L-1)}} = W^{(L)}\delta^{(L)}", NOTES[-1]]
    result = check_derivation(fq(Q), lines)
    assert result.first_wrong == 1 and result.lines[0].mistake == "transpose"
    assert result.lines[1].mark == "ok"


def test_no_reading_of_dA_dZ_makes_a_wrong_order_right(fq):
    lines = [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
             r"= \frac{\partial A^{(L-1)}}{\partial Z^{(L-1)}} \cdot ((\delta^{(L)})^{\top} W^{(L)})",
             r"= \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"]
    result = check_derivation(fq(Q), lines)
    assert (result.verdict, result.first_wrong) == ("incorrect", 2)
    assert [line.mark for line in result.lines] == ["ok", "wrong", "ok"]


@pytest.mark.parametrize(("wrong", "tag"), [
    (r"= \sigma'(Z^{(L)})\odot(W^{(L)})^{\top}\delta^{(L)}", "layer-index"),
    (r"= -\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}", "sign"),
    (r"= \sigma'(Z^{(L-1)})\odot W^{(L)}\delta^{(L)}", "transpose"),
])
def test_a_wrong_step_names_the_mistake_as_check_does_and_later_lines_are_judged(fq, wrong, tag):
    lines = [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
             r"= \mathrm{diag}(\sigma'(Z^{(L-1)}))\frac{\partial J}{\partial A^{(L-1)}}", wrong,
             r"= \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"]
    result = check_derivation(fq(Q), lines)
    assert (result.verdict, result.first_wrong) == ("incorrect", 3)
    assert [line.mark for line in result.lines] == ["ok", "ok", "wrong", "ok"]
    assert result.lines[2].mistake == tag
    assert "diag(v)u = v ⊙ u" in result.lines[3].note


def test_lines_in_any_order_that_each_hold(fq):
    lines = [r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}",
             r"\delta^{(L-1)}_j = \sigma'(Z^{(L-1)}_j)\sum_k W^{(L)}_{kj}\delta^{(L)}_k",
             r"\frac{\partial J}{\partial A^{(L-1)}} = (W^{(L)})^{\top}\delta^{(L)}"]
    result = check_derivation(fq(Q), lines)
    assert result.verdict == "correct", result.to_dict()
    assert [line.mark for line in result.lines] == ["ok", "ok", "ok"]
    assert "component form" in result.lines[1].note


def test_the_textbook_scalar_chain_rule(fq):
    lines = [r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial \hat y} \cdot \frac{\partial \hat y}{\partial z}",
             r"= \left(-\frac{y}{\hat y} + \frac{1-y}{1-\hat y}\right)\hat y(1-\hat y)", r"= \hat y - y", r"= \sigma(z) - y"]
    result = check_derivation(fq("loss-bce-sigmoid-grad"), lines)
    assert result.verdict == "correct", result.to_dict()
    assert result.lines[0].note.startswith("chain rule through")
    lines[1] = r"= \left(-\frac{y}{\hat y} - \frac{1-y}{1-\hat y}\right)\hat y(1-\hat y)"
    assert check_derivation(fq("loss-bce-sigmoid-grad"), lines).first_wrong == 2


def test_a_sum_over_an_index_of_the_given_loss_is_evaluated(fq):
    # L = −Σ_k y_k log ŷ_k: the sum index k had no range, so every derivation was "undecided" (KeyError 'k')
    lines = [r"\frac{\partial L}{\partial z} = \frac{\partial \hat y}{\partial z}\frac{\partial L}{\partial \hat y}",
             r"= \hat y - y", r"= \mathrm{softmax}(z) - y"]
    result = check_derivation(fq("loss-softmax-ce-grad"), lines)
    assert result.verdict == "correct", result.to_dict()
    wrong = [lines[0], r"= y - \hat y"]
    assert check_derivation(fq("loss-softmax-ce-grad"), wrong).first_wrong == 2


@pytest.mark.parametrize(("qid", "line"), [
    ("bp-grad-W", r"\frac{\partial J}{\partial W^{(l)}} = \delta^{(l)}(A^{(l-1)})^\top"),
    ("bp-grad-b", r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}}"),
    ("bp-delta-hidden", r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}}"),
    ("bp-delta-hidden", r"\frac{\partial J}{\partial Z^{(l)}} = ((W^{(l+1)})^{\top}\delta^{(l+1)})\odot\sigma'(Z^{(l)})"),
])
def test_the_asked_derivative_of_an_unknown_loss_is_the_result(fq, qid, line):
    result = check_derivation(fq(qid), [line])
    assert result.lines[0].verdict == "ok", result.to_dict()
    assert result.first_wrong is None


def test_json_keeps_its_fields_and_adds_the_mark(fq):
    data = check_derivation(fq(Q), NOTES).to_dict()
    assert data["first_wrong"] is None
    assert {"line", "mark", "reading", "mistake", "message", "message_zh", "note"} <= set(data["lines"][0])
    assert [line["mark"] for line in data["lines"]] == NOTES_MARKS


def test_named_moves_of_the_reference_derivations(fq):
    hidden = check_derivation(fq("derive-delta-hidden"), list(fq("derive-delta-hidden").answer))
    assert hidden.lines[1].note.startswith("chain rule through Z") and "A⁽ˡ⁾" in hidden.lines[1].note
    assert hidden.lines[3].note == "diag(v)u = v ⊙ u"
    sigmoid = check_derivation(fq("act-sigmoid-derivative-derive"), list(fq("act-sigmoid-derivative-derive").answer))
    assert sigmoid.lines[-1].note == "used σ′ = σ(1−σ)" and not any(line.note for line in sigmoid.lines[:-1])
    grad_w = check_derivation(fq("derive-grad-W"), list(fq("derive-grad-W").answer))
    assert [line.note for line in grad_w.lines[:3]] == ["component form, checked index by index"] * 3
