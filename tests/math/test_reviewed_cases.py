"""Cases the independent review of the formula questions found, kept fixed."""

from __future__ import annotations

import pytest

from ch3quiz.bank import load_bank
from ch3quiz.math import check_answer, check_derivation
from ch3quiz.paths import bundled_bank_path

BANK = load_bank(bundled_bank_path())


@pytest.mark.parametrize("typed", [r"\theta-\eta\nabla^2 J(\theta)", r"\theta-\eta\nabla^{2} J(\theta)",
                                   r"\theta-\eta\nabla_\theta^2 J"])
def test_a_power_of_nabla_is_never_read_as_the_gradient(typed: str) -> None:
    result = check_answer(BANK.get("gd-update"), typed)
    assert result.verdict == "invalid"
    assert "power of ∇" in result.message and "∇ 的幂" in result.message_zh


def test_a_derivation_that_only_restates_the_target_is_not_complete() -> None:
    result = check_derivation(BANK.get("bp-delta-Lminus1-derive"), [r"\delta^{(L-1)} = \delta^{(L-1)}"])
    assert result.verdict == "incorrect"
    assert not result.reaches_target


def test_an_unread_left_side_is_said_not_hidden() -> None:
    result = check_answer(BANK.get("loss-mse-grad"), r"\frac{\partial J}{\partial z} = \hat y - y")
    assert result.verdict == "correct"
    assert "the left side \\frac{\\partial J}{\\partial z} was not read" in result.message
    assert "未能读懂等式左边" in result.message_zh
    plain = check_answer(BANK.get("loss-mse-grad"), r"\hat y - y")
    assert plain.message == "correct"


def test_a_left_side_naming_another_quantity_is_wrong() -> None:
    result = check_answer(BANK.get("bp-grad-W"), r"\frac{\partial J}{\partial b^{(l)}} = \delta^{(l)}(A^{(l-1)})^{\top}")
    assert (result.verdict, result.mistake) == ("incorrect", "wrong-target")


@pytest.mark.parametrize("typed", [r"\theta_{t+1} = \theta_t - \eta\nabla J(\theta_t)", "θ_{t+1} = θ_t − η∇J(θ_t)",
                                   "theta_{t+1} = theta_t - eta * grad J(theta_t)"])
def test_the_update_rule_with_iteration_subscripts(typed: str) -> None:
    assert check_answer(BANK.get("gd-update"), typed).verdict == "correct"
    flipped = typed.replace("- \\eta", "+ \\eta").replace("− η", "+ η").replace("- eta", "+ eta")
    assert check_answer(BANK.get("gd-update"), flipped).mistake == "sign-flip"


def test_python_power_is_read_as_a_power() -> None:
    assert check_answer(BANK.get("act-tanh-derivative"), "1 - tanh(x)**2").verdict == "correct"
    assert check_answer(BANK.get("act-tanh-derivative"), "1 + tanh(x)**2").mistake == "sign-flip"


@pytest.mark.parametrize("typed", ["θ_{t+1} = θ_t − η∇J(θ_{t+1})", "θ_{t+1} − η∇J(θ_t)"])
def test_the_new_parameters_do_not_belong_on_the_right(typed: str) -> None:
    assert check_answer(BANK.get("gd-update"), typed).verdict == "incorrect"


@pytest.mark.parametrize("typed", [r"\theta_{t+1}=\theta_t-\eta\nabla_\theta J(\theta_{t+1})",
                                   r"\theta_{t+1}=\theta_t-\eta\frac{\partial J(\theta_{t+1})}{\partial\theta}",
                                   r"\theta_{t+1}=\theta_t-\eta\nabla_{\theta_t} J(\theta_{t+1})"])
def test_a_gradient_taken_at_the_new_parameters_is_never_correct(typed: str) -> None:
    result = check_answer(BANK.get("gd-update"), typed)
    assert result.verdict != "correct"
    assert "evaluates it somewhere else" in result.message and "在别处取值" in result.message_zh


@pytest.mark.parametrize(
    ("qid", "lines"),
    [
        ("act-sigmoid-derivative-derive", [r"\sigma(x) = \frac{1}{1+e^{-x}}", r"\sigma'(x) = \sigma(x)(1-\sigma(x))"]),
        ("bp-delta-Lminus1-derive", [r"Z^{(L)} = W^{(L)}A^{(L-1)}+b^{(L)}",
                                     r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"]),
        ("act-sigmoid-derivative-derive", [r"\sigma'(x) = \sigma(x)-\sigma(x)^2", r"= \sigma(x)(1-\sigma(x))"]),
        ("bp-delta-Lminus1-derive", [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
                                     r"= (\delta^{(L)\top}W^{(L)})^{\top}\odot\sigma'(Z^{(L-1)})",
                                     r"= \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"]),
    ],
)
def test_a_copied_definition_or_a_rewritten_answer_shows_no_step_and_is_advised(qid: str, lines: list[str]) -> None:
    # every line holds, so it is not refused (issue 15: no correct derivation is), but it shows no work: the line
    # that reaches the result is marked as a jump and the verdict advises showing the steps
    result = check_derivation(BANK.get(qid), lines)
    assert result.verdict == "correct" and result.extra.get("advice") == "show-steps", result.to_dict()
    assert result.lines[-1].mark == "jump" and "show the steps" in result.message


def test_a_worked_out_intermediate_gradient_is_a_step() -> None:
    lines = [r"\frac{\partial J}{\partial A^{(L-1)}} = (W^{(L)})^{\top}\delta^{(L)}",
             r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"]
    assert check_derivation(BANK.get("bp-delta-Lminus1-derive"), lines).verdict == "correct"


@pytest.mark.parametrize(("qid", "typed"), [
    ("bp-grad-W", r"\frac{\partial J}{\partial Z^{(l)}}(A^{(l-1)})^\top"),
    ("bp-delta-hidden", r"((W^{(l+1)})^{\top}\frac{\partial J}{\partial Z^{(l+1)}})\odot\sigma'(Z^{(l)})"),
])
def test_dj_dz_may_be_written_for_delta(qid: str, typed: str) -> None:
    assert check_answer(BANK.get(qid), typed).verdict == "correct"


DERIVE_S, DERIVE_B = "act-sigmoid-derivative-derive", "bp-delta-Lminus1-derive"


@pytest.mark.parametrize(
    ("qid", "lines"),
    [
        # a wrong step written as a free-standing identity, then a fresh start at the answer
        (DERIVE_S, [r"\sigma'(x) = \frac{d}{dx}(1+e^{-x})^{-1}", r"-(1+e^{-x})^{-2}e^{-x} = -\frac{e^{-x}}{(1+e^{-x})^2}",
                    r"\sigma'(x) = \frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)(1-\sigma(x))"]),
        # stopping before the form asked
        (DERIVE_S, [r"\sigma'(x) = \frac{d}{dx}\frac{1}{1+e^{-x}}", r"= \frac{e^{-x}}{(1+e^{-x})^2}"]),
    ],
)
def test_a_hidden_wrong_step_or_an_unfinished_derivation_is_not_correct(qid: str, lines: list[str]) -> None:
    assert check_derivation(BANK.get(qid), lines).verdict == "incorrect"


@pytest.mark.parametrize(
    ("qid", "lines"),
    [
        # a restated given as the only "derivative"
        (DERIVE_B, [r"\frac{\partial J}{\partial Z^{(L)}} = \delta^{(L)}",
                    r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^\top\delta^{(L)}"]),
        # the answer padded with a zero term
        (DERIVE_B, [r"\delta^{(L-1)} = \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)} + 0\cdot\frac{\partial J}{\partial A^{(L-1)}}",
                    r"= \sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"]),
        # the definition differentiated, then straight to the answer
        (DERIVE_S, [r"\sigma'(x) = \frac{d}{dx}\frac{1}{1+e^{-x}} = \sigma(x)(1-\sigma(x))"]),
    ],
)
def test_derivations_that_skip_the_work_are_true_but_advised_to_show_it(qid: str, lines: list[str]) -> None:
    result = check_derivation(BANK.get(qid), lines)
    assert result.verdict == "correct" and result.extra.get("advice") == "show-steps", result.to_dict()
    assert "jump" in [line.mark for line in result.lines]


def test_stopping_short_says_what_form_is_asked() -> None:
    result = check_derivation(BANK.get(DERIVE_S), [r"\sigma'(x) = \frac{d}{dx}\frac{1}{1+e^{-x}}",
                                                   r"= \frac{e^{-x}}{(1+e^{-x})^2}"])
    assert "in the form asked (σ(x)(1 − σ(x)))" in result.message


CHAIN_RULE = [r"\sigma'(x) = \frac{d}{dx}(1+e^{-x})^{-1}", r"= -(1+e^{-x})^{-2}\frac{d}{dx}(1+e^{-x})",
              r"= -(1+e^{-x})^{-2}(-e^{-x})", r"= \frac{e^{-x}}{(1+e^{-x})^2}", r"= \sigma(x)(1-\sigma(x))"]


def test_a_factor_may_stand_before_d_dx() -> None:
    assert check_derivation(BANK.get(DERIVE_S), CHAIN_RULE).verdict == "correct"
    wrong = list(CHAIN_RULE)
    wrong[2] = r"= -(1+e^{-x})^{-2}(e^{-x})"  # the inner derivative's sign dropped
    result = check_derivation(BANK.get(DERIVE_S), wrong)
    assert (result.verdict, result.first_wrong) == ("incorrect", 3)
