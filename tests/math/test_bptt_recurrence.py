"""The BPTT product as a derivation (derive-bptt-product): lines judged against the unrolled recurrence
a_i = W_hh h_{i-1} + W_xh x_i + b_h, h_i = tanh(a_i), with ∂h_t/∂h_k the numerator-layout Jacobian and
∏_{i=k+1}^{t} ordered with the largest i on the left."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from ch3quiz.bank import Bank
from ch3quiz.math import check_answer, check_derivation
from ch3quiz.math.bankcheck import formula_faults
from ch3quiz.math.derivation.recurrence import draw, recurrence_of
from ch3quiz.math.derivation.recurrence_eval import Evaluator
from ch3quiz.math.read.parser import parse_expression

QID = "derive-bptt-product"
CHAIN = r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}\frac{\partial h_i}{\partial h_{i-1}}"
STEP = r"\frac{\partial h_i}{\partial h_{i-1}} = \mathrm{diag}(\tanh'(a_i))W_{hh}"
RESULT = r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}\mathrm{diag}(\tanh'(a_i))W_{hh}"


@pytest.fixture(scope="module")
def question(bundled_bank: Bank):
    return bundled_bank.get(QID)


def _judged(question, lines):
    result = check_derivation(question, lines)
    return result.verdict, result.first_wrong, [(line.mark, line.mistake) for line in result.lines]


def test_the_reference_passes_with_its_marks(question):
    verdict, first, marks = _judged(question, list(question.answer))
    assert (verdict, first) == ("correct", None)
    assert [mark for mark, _ in marks] == ["ok", "ok", "ok", "ok"]


@pytest.mark.parametrize(("last", "tag"), [
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}\mathrm{diag}(\tanh'(a_i))W_{hh}^{\top}", "transpose"),
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}W_{hh}\mathrm{diag}(\tanh'(a_i))", "product-kind"),
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k}^{t}\mathrm{diag}(\tanh'(a_i))W_{hh}", "sum-bound"),
    ("dh_t/dh_k = prod_{i=k+1}^{t} diag(tanh'(a_i)) @ W_hh.T", "transpose"),
    ("∂hₜ/∂hₖ = ∏_{i=k}^{t} diag(1 − hᵢ ⊙ hᵢ) W_hh", "sum-bound"),
])
def test_each_planted_error_is_the_first_wrong_line_and_named(question, last, tag):
    verdict, first, marks = _judged(question, [CHAIN, STEP, last])
    assert (verdict, first) == ("incorrect", 3)
    assert marks[2] == ("wrong", tag)


def test_a_general_step_line_is_checked_at_every_step(question):
    # right only at the last step i = t, or one step late: both wrong
    for wrong in (r"\frac{\partial h_i}{\partial h_{i-1}} = \mathrm{diag}(\tanh'(a_t))W_{hh}",
                  r"\frac{\partial h_i}{\partial h_{i-1}} = \mathrm{diag}(\tanh'(a_{i-1}))W_{hh}"):
        assert _judged(question, [CHAIN, wrong, RESULT])[:2] == ("incorrect", 2)
    # another letter for the step, one step ahead, is a general step too
    general = r"\frac{\partial h_{j+1}}{\partial h_j} = \mathrm{diag}(1 - h_{j+1}\odot h_{j+1})W_{hh}"
    assert _judged(question, [CHAIN, general, RESULT])[:2] == ("correct", None)


@pytest.mark.parametrize(("line", "mark", "tag"), [
    (r"\frac{\partial h_t}{\partial h_{t-1}} = \frac{\partial \tanh(a_t)}{\partial a_t}\cdot\frac{\partial a_t}{\partial h_{t-1}}",
     "ok", None),
    (r"\frac{\partial \tanh(a_i)}{\partial a_i} = \mathrm{diag}(1 - h_i \odot h_i)", "side", None),
    (r"\frac{\partial (W_{hh}h_{i-1} + W_{xh}x_i + b_h)}{\partial h_{i-1}} = W_{hh}", "side", None),
    (r"\frac{\partial \tanh(a_i)}{\partial a_i} = \mathrm{diag}(\tanh(a_i))", "wrong", None),
    (r"\frac{\partial (W_{hh}h_{i-1} + W_{xh}x_i + b_h)}{\partial h_{i-1}} = W_{hh}^{\top}", "wrong", "transpose"),
])
def test_a_derivative_of_a_written_expression_is_taken_through_the_recurrence(question, line, mark, tag):
    # ∂tanh(a_t)/∂a_t (ccjjllt's notebook) is differentiated like a symbol: diag(tanh′(a_t)), not unreadable
    verdict, first, marks = _judged(question, [line])
    assert marks[0] == (mark, tag) and (first is None) == (mark != "wrong")


def test_a_form_true_for_one_gap_only_is_wrong(question):
    verdict, first, _ = _judged(question, [CHAIN, r"= \mathrm{diag}(\tanh'(a_t))W_{hh}"])
    assert (verdict, first) == ("incorrect", 2)


def test_a_product_and_the_step_it_uses_together_reach_the_result(question):
    verdict, first, marks = _judged(question, [r"\frac{\partial h_t}{\partial h_k} = \Pi_{j=k}^{t-1}\frac{\partial h_{j+1}}{\partial h_j}",
                                               r"\frac{\partial h_{j+1}}{\partial h_j} = \mathrm{diag}(\tanh'(a_{j+1}))W_{hh}"])
    assert (verdict, first, [m for m, _ in marks]) == ("correct", None, ["ok", "ok"])
    verdict, first, _ = _judged(question, [CHAIN])  # the chain rule alone does not reach it
    assert (verdict, first) == ("incorrect", None)


def test_side_facts_and_advice(question):
    verdict, _, marks = _judged(question, [CHAIN, r"\frac{\partial a_i}{\partial h_{i-1}} = W_{hh}", STEP, RESULT])
    assert verdict == "correct" and [m for m, _ in marks] == ["ok", "side", "ok", "ok"]
    result = check_derivation(question, [RESULT])  # true, but no steps shown
    assert result.verdict == "correct" and result.extra["advice"] == "show-steps" and result.lines[0].mark == "jump"


@pytest.mark.parametrize(("line", "verdict", "words"), [
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}\mathrm{diag}(\tanh'(a_i))V", "invalid", "unknown symbol V"),
    (r"\frac{\partial h_i}{\partial h_j} = W_{hh}", "invalid", "one step free"),
    (r"\frac{\partial h_t}{\partial h_k} = \frac{\partial h_{t+2}}{\partial h_k}", "invalid", "outside the steps"),
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}\frac{\partial h_i}{\partial x_i}", "incorrect", "shapes do not fit"),
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k}^{t}\prod_{j=k}^{t}\frac{\partial h_i}{\partial h_j}", "invalid", "inside another"),
])
def test_bad_lines_say_why(question, line, verdict, words):
    result = check_derivation(question, [line])
    assert result.verdict == verdict and result.first_wrong == 1 and words in result.lines[0].message


def test_the_jacobian_is_the_unrolled_maps_by_finite_differences(question):
    """An oracle independent of the model's complex steps: unroll by hand, perturb h_k, difference."""
    rec = recurrence_of(question)
    d = draw(rec, np.random.default_rng(7), 3)  # gap 4
    W, U, b = d.constants["W_hh"], d.constants["W_xh"], d.constants["b_h"]

    def h_t(h_k):
        h = h_k
        for step in range(d.k + 1, d.t + 1):
            h = np.tanh(W @ h + U @ d.values["x", step] + b)
        return h

    base = d.values["h", d.k]
    eps = 1e-6
    columns = [(h_t(base + eps * e) - h_t(base - eps * e))[:, 0] / (2 * eps) for e in np.eye(len(base))[:, :, None]]
    by_hand = np.stack(columns, axis=1)
    model = Evaluator(rec, d, {}).value(parse_expression(r"\frac{\partial h_t}{\partial h_k}"))
    product = Evaluator(rec, d, {}).value(parse_expression(r"\prod_{i=k+1}^{t}\mathrm{diag}(\tanh'(a_i))W_{hh}"))
    assert d.t - d.k == 4 and np.allclose(model, by_hand, rtol=1e-6, atol=1e-9) and np.allclose(product, model, rtol=1e-12)


def test_validation_reads_the_recurrence_without_numpy_and_names_bad_fields(question):
    data = question.to_dict()
    assert list(formula_faults(data)) == []
    bad = dict(data, mistakes=[{"expr": r"\prod_{i=k+1}^{t}V_{hh}", "tag": "x", "message_zh": "z", "message_en": "e"}])
    assert any("unknown symbol V" in message for _, message in formula_faults(bad))
    code = ("import sys; from ch3quiz.bank import read_bank; from ch3quiz.paths import bundled_bank_path;"
            "bank, problems = read_bank(bundled_bank_path()); assert not problems, problems;"
            "assert 'numpy' not in sys.modules, 'heavy import'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_derive_command_reads_stdin_and_reports_the_first_wrong_line(tmp_path):
    text = "\n".join([CHAIN, STEP, r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}W_{hh}\mathrm{diag}(\tanh'(a_i))"])
    env = {**os.environ, "CH3QUIZ_HOME": str(tmp_path), "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-m", "ch3quiz", "derive", QID, "-", "--json"], input=text, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    out = json.loads(run.stdout)
    assert out["first_wrong"] == 3 and out["lines"][2]["mistake"] == "product-kind"
    assert [line["mark"] for line in out["lines"]] == ["ok", "ok", "wrong"]


@pytest.mark.parametrize(("text", "verdict", "tag"), [
    ("prod_{i=k+1}^{t} diag(1 - h_i^2) @ W_hh", "correct", None),
    ("∏_{i=k+1}^{t} W_hh diag(tanh′(aᵢ))", "incorrect", "product-kind"),
    ("prod_{i=k+1}^{t} dh_i/dh_(i-1)", "incorrect", None),  # equal, but still written with derivatives
    ("diag(tanh'(a_t)) W_hh", "incorrect", None),
    ("prod_{i=k+1}^{t} V", "invalid", None),
])
def test_check_judges_one_form_of_the_result(question, text, verdict, tag):
    result = check_answer(question, text)
    assert (result.verdict, result.mistake) == (verdict, tag), result.message


def test_each_read_line_shows_how_it_was_read_and_what_the_step_did(question):
    result = check_derivation(question, [CHAIN, STEP, RESULT, r"\frac{\partial h_t}{\partial h_k} = "
                                         r"\frac{\partial h_t}{\partial h_{t-1}}\frac{\partial h_{t-1}}{\partial h_k}",
                                         "dh_i/dh_(i-1) = diag(1 - h_i^2) @ W_hh"])
    readings = [line.reading for line in result.lines]
    assert readings[:2] == ["∂hₜ/∂hₖ = ∏_{i=k+1}^{t} ∂hᵢ/∂hᵢ₋₁", "∂hᵢ/∂hᵢ₋₁ = diag(tanh′(aᵢ)) W_hh"]
    notes = [line.note for line in result.lines]
    assert "the product of the one-step Jacobians" in notes[0] and "one step worked out" in notes[1]
    assert "chain rule through hₜ₋₁" in notes[3] and "1 − tanh²(a)" in notes[4]
    assert all(line.note_zh for line in result.lines) and "链式法则" in result.lines[0].note_zh


@pytest.mark.parametrize(("line", "tag", "words"), [
    (r"\frac{\partial h_{t+1}}{\partial h_t} = W_{hh}\mathrm{diag}(\tanh'(a_{t+1}))", "product-kind", "wrong order"),
    ("dh_j/dh_(j-1) = diag(1 - h_(j-1)^2) @ W_hh", "layer-index", "hⱼ₋₁² is taken at the wrong time step: hⱼ²"),
    (r"\frac{\partial h_t}{\partial h_k} = \prod_{j=k}^{t-1}\mathrm{diag}(\tanh'(a_j))W_{hh}", "sum-bound",
     "runs over j = k … t − 1; it should run over j = k + 1 … t"),
    (r"\prod_{i=k+1}^{t}\frac{\partial h_i}{\partial h_{i-1}} = \prod_{i=k+1}^{t}(W_{hh}^{\top}\mathrm{diag}(\tanh'(a_i)))",
     "transpose", "is the transpose of what belongs here"),
])
def test_a_wrong_line_names_the_edit_that_the_numbers_show(question, line, tag, words):
    result = check_derivation(question, [line])
    wrong = result.lines[0]
    assert (result.first_wrong, wrong.mark, wrong.mistake) == (1, "wrong", tag) and words in wrong.message, wrong
    assert wrong.message_zh and wrong.reading


@pytest.mark.parametrize("line", [
    r"\frac{\partial h_t}{\partial h_k} = \prod_{i=k+1}^{t}W_{hh}",  # tanh′ dropped: no one edit repairs it
    # the diagonal factors moved past W_hh (they do not commute); W_hh^{t-k} is read as a matrix power
    r"\frac{\partial h_t}{\partial h_k} = \Big(\prod_{i=k+1}^{t}\mathrm{diag}(\tanh'(a_i))\Big)W_{hh}^{t-k}",
])
def test_a_wrong_line_no_single_edit_explains_stays_unnamed(question, line):
    result = check_derivation(question, [line])
    assert (result.verdict, result.first_wrong, result.lines[0].mistake) == ("incorrect", 1, None)
    assert "does not hold" in result.lines[0].message


def test_a_matrix_power_over_the_steps_is_read(question):
    rec = recurrence_of(question)
    d = draw(rec, np.random.default_rng(3), 2)
    power = Evaluator(rec, d, {}).value(parse_expression(r"W_{hh}^{t-k}"))
    assert np.allclose(power, np.linalg.matrix_power(d.constants["W_hh"], d.t - d.k))


def test_the_chain_rule_through_a_definition_is_named(question):
    line = (r"\frac{\partial h_t}{\partial h_{t-1}} = \frac{\partial \tanh(a_t)}{\partial a_t}"
            r"\cdot\frac{\partial a_t}{\partial h_{t-1}}")
    result = check_derivation(question, [line])
    assert result.lines[0].mark == "ok" and "chain rule through aₜ" in result.lines[0].note
