"""Findings of the second independent review and the student test, kept fixed (one test or more per finding)."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer, check_derivation

ANSWER_L1 = r"\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"


# ---- 1. a derivation is a chain ------------------------------------------------------

def test_a_disconnected_first_line_is_wrong(fq):
    for second in ("= " + ANSWER_L1, ANSWER_L1):
        result = check_derivation(fq("bp-delta-Lminus1-derive"), [r"(W^{(L)})^T\delta^{(L)} + 5", second])
        assert result.verdict == "incorrect" and result.first_wrong == 1, result.to_dict()


def test_a_line_must_follow_from_the_previous_one(fq):
    lines = [r"\sigma'(x) = \frac{d}{dx}\frac{1}{1+e^{-x}}", r"= \frac{e^{-x}}{(1+e^{-x})^2}",
             r"\sigma(x)(1+\sigma(x))", r"= \sigma(x)(1-\sigma(x))"]
    result = check_derivation(fq("act-sigmoid-derivative-derive"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == 3
    assert "previous" in result.lines[2].message and "上一行" in result.lines[2].message_zh
    # a one-sided line that does equal the previous line's last side is a step
    lines[2] = r"\frac{1}{1+e^{-x}}\cdot\frac{e^{-x}}{1+e^{-x}}"
    assert check_derivation(fq("act-sigmoid-derivative-derive"), lines).verdict == "correct"


def test_a_left_side_that_is_a_computation_must_join_the_chain(fq):
    lines = [r"\sigma'(x) = \frac{e^{-x}}{(1+e^{-x})^2}", r"\sigma(x)^2 + 1 = \sigma(x)^2 + 1", r"= \sigma(x)(1-\sigma(x))"]
    result = check_derivation(fq("act-sigmoid-derivative-derive"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == 2


def test_only_the_answer_is_not_a_derivation(fq):
    result = check_derivation(fq("bp-delta-Lminus1-derive"), [ANSWER_L1])
    assert result.verdict == "incorrect" and result.first_wrong is None
    assert "needs steps" in result.message and "步骤" in result.message_zh


def test_the_answer_stated_as_an_equality_is_true_but_advised_to_show_steps(fq):
    result = check_derivation(fq("bp-delta-Lminus1-derive"), [r"\delta^{(L-1)} = " + ANSWER_L1])
    assert result.verdict == "correct" and result.first_wrong is None and result.extra["advice"] == "show-steps"
    assert [line.mark for line in result.lines] == ["jump"] and "show the steps" in result.message


def test_a_new_quantity_is_judged_by_its_own_sides(fq):
    lines = [r"\delta^{(L-1)} = \frac{\partial J}{\partial Z^{(L-1)}}",
             r"\frac{\partial J}{\partial A^{(L-1)}} = (W^{(L)})^{\top}\delta^{(L)}",
             r"\delta^{(L-1)} = " + ANSWER_L1]
    assert check_derivation(fq("bp-delta-Lminus1-derive"), lines).verdict == "correct"
    lines[1] = r"\frac{\partial J}{\partial A^{(L-1)}} = W^{(L)}\delta^{(L)} + 5"
    assert check_derivation(fq("bp-delta-Lminus1-derive"), lines).first_wrong == 2


# ---- 2. undefined on part of the domain ----------------------------------------------

@pytest.mark.parametrize("typed", [r"\sigma(x)(1-\sigma(x)) + \sqrt{x} - \sqrt{|x|}",
                                   r"\sigma(x)(1-\sigma(x)) + \log(x) - \log(|x|)"])
def test_an_answer_undefined_where_the_expected_one_is_defined_is_not_correct(fq, typed):
    result = check_answer(fq("act-sigmoid-derivative"), typed)
    assert result.verdict == "incorrect", result.to_dict()
    assert "undefined" in result.message


def test_a_derivation_step_undefined_on_part_of_the_domain_is_wrong(fq):
    lines = [r"\sigma'(x) = \frac{e^{-x}}{(1+e^{-x})^2}", r"= \frac{e^{-x}}{(1+e^{-x})^2} + \sqrt{x} - \sqrt{|x|}",
             r"= \sigma(x)(1-\sigma(x))"]
    result = check_derivation(fq("act-sigmoid-derivative-derive"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == 2


# ---- 3. crashes become verdicts --------------------------------------------------------

def test_the_inverse_of_a_singular_adjacency_is_a_verdict(fq):
    result = check_answer(fq("gnn-gcn-matrix"), r"\sigma(A^{-1}H^{(k-1)}W^{(k)})")
    assert result.verdict in ("incorrect", "undecided") and result.method != "internal"


def test_a_free_index_named_like_a_summed_one_is_refused_with_a_shape_message(fq):
    result = check_answer(fq("loss-softmax-ce-grad"), r"\hat y - y + \sum_k y_k - y_k")
    assert result.verdict == "incorrect" and result.method == "shape"
    assert "index k" in result.message and "下标 k" in result.message_zh
    # one letter in two separate sums is fine
    ok = check_answer(fq("loss-softmax-ce-grad"), r"\hat y - y + \sum_k y_k - \sum_k \hat y_k")
    assert ok.verdict == "correct", ok.to_dict()


def test_an_unexpected_error_is_an_undecided_result(fq, monkeypatch):
    import ch3quiz.math.check as check
    import ch3quiz.math.derive as derive

    def boom(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(check, "_check", boom)
    result = check_answer(fq("loss-mse-grad"), r"\hat y - y")
    assert result.verdict == "undecided" and "ZeroDivisionError" in result.message
    monkeypatch.setattr(derive, "_with_target_defined", boom)
    derived = check_derivation(fq("loss-mse-grad"), [r"\hat y - y"])
    assert derived.verdict == "undecided" and "ZeroDivisionError" in derived.message


def test_the_cli_survives_the_reported_crashes(cli):
    assert cli("check", "gnn-gcn-matrix", r"\sigma(A^{-1}H^{(k-1)}W^{(k)})").exit_code in (1, 3)
    assert cli("check", "loss-softmax-ce-grad", r"\hat y - y + \sum_k y_k - y_k").exit_code == 1


# ---- 4. ∂X/∂Y with a slash ---------------------------------------------------------------

@pytest.mark.parametrize(("qid", "typed"), [("loss-mse-grad", "∂J/∂ŷ"), ("bp-delta-Lminus1", "∂J/∂Z⁽ᴸ⁻¹⁾")])
def test_a_slashed_partial_is_read_like_frac(fq, qid, typed):
    result = check_answer(fq(qid), typed)
    assert (result.verdict, result.mistake) == ("incorrect", "restates-target"), result.to_dict()


@pytest.mark.parametrize("typed", ["theta - eta*dJ/dtheta", "θ − η ∂J/∂θ", "θ − ∂J/∂θ η", r"\theta - \eta \partial J/\partial\theta"])
def test_a_slashed_gradient_in_the_update_rule(fq, typed):
    assert check_answer(fq("gd-update"), typed).verdict == "correct"


def test_slashed_partials_next_to_each_other_and_to_products(fq):
    q = fq("bp-delta-Lminus1-derive")
    lines = ["δ⁽ᴸ⁻¹⁾ = ∂J/∂Z⁽ᴸ⁻¹⁾", "= ∂A⁽ᴸ⁻¹⁾/∂Z⁽ᴸ⁻¹⁾ ∂J/∂A⁽ᴸ⁻¹⁾", "= diag(σ′(Z⁽ᴸ⁻¹⁾)) ∂J/∂A⁽ᴸ⁻¹⁾",
             "∂J/∂A⁽ᴸ⁻¹⁾ = ∂Z⁽ᴸ⁾/∂A⁽ᴸ⁻¹⁾ ∂J/∂Z⁽ᴸ⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾",
             "δ⁽ᴸ⁻¹⁾_j = σ′(Z⁽ᴸ⁻¹⁾_j) ∑_k W⁽ᴸ⁾_{kj} δ⁽ᴸ⁾_k", "δ⁽ᴸ⁻¹⁾ = σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾"]
    result = check_derivation(q, lines)
    assert result.verdict == "correct", result.to_dict()
    assert check_derivation(q, lines[:1] + ["= σ′(Z⁽ᴸ⁻¹⁾) ⊙ ∂J/∂A⁽ᴸ⁻¹⁾"] + lines[3:]).verdict == "correct"


def test_d_over_dx_with_a_slash(fq):
    lines = ["σ′(x) = d/dx (1+e^(-x))^(-1)", "= e^(-x)/(1+e^(-x))^2", "= σ(x)(1-σ(x))"]
    assert check_derivation(fq("act-sigmoid-derivative-derive"), lines).verdict == "correct"


def test_a_lone_partial_sign_is_explained(fq):
    result = check_answer(fq("loss-mse-grad"), "∂J")
    assert result.verdict == "invalid" and "∂J/∂θ" in result.message


# ---- 5. the partial derivative of an expression ---------------------------------------------

@pytest.mark.parametrize("typed", [r"\theta - \frac{\eta}{2}\frac{\partial(2J)}{\partial\theta}",
                                   r"\theta - \frac{\partial(\eta J)}{\partial\theta}",
                                   r"\theta - \eta\frac{\partial(J+\theta^T\theta)}{\partial\theta} + 2\eta\theta"])
def test_the_partial_of_an_expression_of_an_unknown_loss(fq, typed):
    assert check_answer(fq("gd-update"), typed).verdict == "correct"


def test_a_nonlinear_expression_of_an_unknown_loss_is_never_incorrect(fq):
    assert check_answer(fq("gd-update"), r"\theta - \frac{\partial(J^2)}{\partial\theta}").verdict == "undecided"


def test_the_partial_of_an_expression_of_a_defined_loss_restates_the_target(fq):
    result = check_answer(fq("loss-mse-grad"), r"\frac12\frac{\partial(2J)}{\partial \hat y}")
    assert result.mistake == "restates-target"
    result = check_answer(fq("bp-delta-Lminus1"), r"\frac12\frac{\partial(2J)}{\partial Z^{(L-1)}}")
    assert (result.verdict, result.mistake) == ("incorrect", "restates-target"), result.to_dict()


# ---- 6. SymPy --------------------------------------------------------------------------------

def test_sympy_assumptions_follow_the_declared_range(fq):
    from ch3quiz.math.meaning import ir
    from ch3quiz.math.meaning.spec import spec_for
    from ch3quiz.math.judge.symbolic import to_sympy

    spec = spec_for(fq("cnn-output-size"))
    p = to_sympy(ir.Var("p"), spec)  # p ≥ 0: nonnegative, not positive
    assert p.is_nonnegative and p.is_positive is None and p.is_integer
    assert to_sympy(ir.Var("s"), spec).is_positive


def test_sympy_is_imported_before_the_alarm_is_armed():
    import subprocess
    import sys

    code = """
import sys
from contextlib import contextmanager
import ch3quiz.math.judge.symbolic as symbolic
from ch3quiz.bank import load_bank
from ch3quiz.paths import bundled_bank_path
from ch3quiz.math.meaning.spec import spec_for
real, seen = symbolic.time_limit, []
@contextmanager
def spy(seconds):
    seen.append('sympy' in sys.modules)
    with real(seconds) as limited:
        yield limited
symbolic.time_limit = spy
spec = spec_for(load_bank(bundled_bank_path()).get('cnn-output-size'))
assert 'sympy' not in sys.modules
symbolic.symbolic_equal(spec.expected.expr, spec.expected.expr, spec)
assert seen == [True], seen
"""
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_function_power_has_the_same_exponent_bound(fq):
    result = check_answer(fq("act-tanh-derivative"), r"\tanh^{100}(x)")
    assert result.verdict == "invalid" and "exponent 100" in result.message
    assert check_answer(fq("act-tanh-derivative"), r"1-\tanh^{2}(x)").verdict == "correct"


# ---- 7. cnn-output-size: contrived forms -------------------------------------------------------

@pytest.mark.parametrize("typed", ["floor((n+2p-k)/s+0.24)+1", "floor((n+2p-k)/s+0.2)+1", "floor((n+2p-k)/s)+1+floor(k/8)",
                                   "floor((n+2p-k)/s+0.1)+1"])
def test_contrived_output_sizes_are_rejected(fq, typed):
    assert check_answer(fq("cnn-output-size"), typed).verdict == "incorrect"


@pytest.mark.parametrize("typed", [r"\lfloor (n+2p-k)/s \rfloor+1", "ceil((n+2p-k+1)/s)", "floor((n+2p-k+0.5)/s)+1"])
def test_equivalent_output_sizes_are_still_correct(fq, typed):
    assert check_answer(fq("cnn-output-size"), typed).verdict == "correct"


def test_the_declared_ranges_keep_every_configuration_valid(fq):
    symbols = fq("cnn-output-size").fields["symbols"]
    assert symbols["n"]["min"] + 2 * symbols["p"]["min"] >= symbols["k"]["max"]


# ---- 8. messages -------------------------------------------------------------------------------

def _reader_message_templates() -> list[str]:
    """Every message the reader can raise, from the source: the first argument of each ``error(...)``,
    ``FormulaSyntaxError(...)`` and ``SymbolError(...)`` call (an f-string's fields filled with a sample word),
    and the messages of the LaTeX commands the scanner refuses."""
    import ast
    from pathlib import Path

    import ch3quiz.math as package
    from ch3quiz.math.read.latex import UNSUPPORTED as _UNSUPPORTED

    root = Path(package.__file__).parent
    found: list[str] = list(_UNSUPPORTED.values())
    for path in sorted([*(root / "read").glob("*.py"), *(root / "meaning").glob("*.py")]):  # every reader module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called not in ("error", "FormulaSyntaxError", "SymbolError"):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
            elif isinstance(first, ast.JoinedStr):
                found.append("".join(part.value if isinstance(part, ast.Constant) else "q7" for part in first.values))
    return sorted(set(found))


def test_the_message_templates_were_collected():
    templates = _reader_message_templates()
    assert len(templates) > 50
    assert "differentiate with respect to one symbol" in templates
    assert "the function q7 needs an argument, like q7(x)" in templates


@pytest.mark.parametrize("message", _reader_message_templates())
def test_every_reader_message_has_a_chinese_pattern(message):
    from ch3quiz.math.explain.messages_zh import to_chinese

    chinese = to_chinese(message)
    assert chinese != message and any("\u4e00" <= ch <= "\u9fff" for ch in chinese), message


@pytest.mark.parametrize(("qid", "typed", "chinese"), [
    ("bp-delta-Lminus1", r"\sigma \odot \delta^{(L)}", "函数 sigma 需要参数"),  # σ has two arguments there
    ("gnn-basic-update", r"\sigma(W_k\sum_{u\in W_k}h_u^{k-1})", "请对节点集合求和"),
    ("gd-update", r"\theta - \eta\frac{\partial J}{\partial (2\theta)}", "只能对单个符号求导"),
    ("act-sigmoid-derivative", r"\det(x)", "不认识的函数 det"),
    ("loss-mse-grad", r"\nabla J", "∇ 需要写明变量"),
])
def test_reader_errors_come_out_in_chinese(fq, qid, typed, chinese):
    result = check_answer(fq(qid), typed)
    assert result.verdict == "invalid", result.to_dict()
    assert chinese in result.message_zh, result.message_zh


def test_ascii_cup_joins_node_sets(fq):
    typed = "sigma(W_k sum_{u in N(v) cup {v}} h_u^{k-1}/sqrt(|N(u)||N(v)|))"
    assert check_answer(fq("gnn-gcn-update"), typed).verdict == "correct"


# ---- 9. feedback -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [r"\sigma(Z^{(L-1)})\odot(1-\sigma(Z^{(L-1)}))\odot(W^{(L)})^{\top}\delta^{(L)}",
                                   r"\sigma(Z^{(L-1)})(1-\sigma(Z^{(L-1)}))\odot(W^{(L)})^{\top}\delta^{(L)}",
                                   r"A^{(L-1)}\odot(1-A^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}"])
def test_the_sigmoid_form_for_a_general_activation_is_named(fq, typed):
    result = check_answer(fq("bp-delta-Lminus1"), typed)
    assert (result.verdict, result.mistake) == ("incorrect", "sigmoid-specific"), result.to_dict()
    assert "logistic sigmoid only" in result.message and "sigmoid 的导数" in result.message_zh


def test_the_sigmoid_form_is_right_for_the_sigmoid(fq):
    assert check_answer(fq("act-sigmoid-derivative"), r"\sigma(x)(1-\sigma(x))").verdict == "correct"


def test_sigma_prime_at_the_activation_is_named(fq):
    result = check_answer(fq("bp-delta-Lminus1"), r"\sigma'(A^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}")
    assert (result.verdict, result.mistake) == ("incorrect", "derivative-at-activation"), result.to_dict()
    assert "pre-activation" in result.message


def test_w_delta_alone_mentions_the_missing_transpose(fq):
    result = check_answer(fq("bp-delta-Lminus1"), r"W^{(L)}\delta^{(L)}")
    assert result.verdict == "incorrect" and result.mistake == "transpose", result.to_dict()
    assert "transpose is missing" in result.message and "漏了转置" in result.message_zh
