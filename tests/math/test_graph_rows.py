"""The GCN layer derived from the node form to the matrix form (derive-gcn-matrix): node v's h_v is row v of H
(conventions ``rows``), so a line about h_v^k is checked at every node against the rows of the asked H^(k);
\\sum_{u=1}^{n} runs over every node of the drawn graph (u a node in h_u and an entry index in Ã_{vu}).
Planted errors (A for Ã, the row average D̃⁻¹Ã, W on the wrong side, σ inside the sum) are told apart by the numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ch3quiz.math import check_answer, check_derivation
from ch3quiz.math.bankcheck import formula_faults

ROOT = Path(__file__).resolve().parents[2]
NODE_FORM = r"h_v^k = \sigma\Big(W_k\sum_{u\in N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|N(u)||N(v)|}}\Big)"
ENTRIES = r"= \sigma\Big(W_k\sum_{u=1}^{n}\frac{\tilde A_{vu}}{\sqrt{\tilde D_{uu}\tilde D_{vv}}}h_u^{k-1}\Big)"
NORMALISED = r"= \sigma\Big(W_k\sum_{u=1}^{n}(\tilde D^{-1/2}\tilde A\tilde D^{-1/2})_{vu}h_u^{k-1}\Big)"
MATRIX = r"H^{(k)} = \sigma(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}W^{(k)})"


def _marks(result) -> list[str]:
    return [line.mark or line.verdict for line in result.lines]


def test_reference_every_line_a_step(fq):
    q = fq("derive-gcn-matrix")
    result = check_derivation(q, list(q.answer))
    assert result.verdict == "correct" and result.first_wrong is None
    assert _marks(result) == ["ok"] * 6  # node lines are steps on the asked H^(k), not side facts
    assert result.extra.get("advice") is None


@pytest.mark.parametrize(("lines", "first_wrong", "tag"), [
    # the self-loop dropped: A_{vu} misses v itself
    ([NODE_FORM, ENTRIES.replace(r"\tilde A_{vu}", "A_{vu}"), MATRIX], 2, None),
    # the row average D̃⁻¹Ã for the symmetric normalisation, on the node line and on the matrix line
    ([NODE_FORM, ENTRIES, r"= \sigma\Big(W_k\sum_{u=1}^{n}(\tilde D^{-1}\tilde A)_{vu}h_u^{k-1}\Big)"], 3, None),
    ([NODE_FORM, ENTRIES, r"H^{(k)} = \sigma(\tilde D^{-1}\tilde AH^{(k-1)}W^{(k)})"], 3, "normalisation"),
    # W_k where the row form needs W_kᵀ
    ([NODE_FORM, NORMALISED, r"H^{(k)} = \sigma(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}W_k)"], 3, "transpose"),
    # σ inside the sum
    ([NODE_FORM, r"= \sum_{u=1}^{n}\frac{\tilde A_{vu}}{\sqrt{\tilde D_{uu}\tilde D_{vv}}}\sigma(W_k h_u^{k-1})", MATRIX], 2, None),
    # the node form itself without the self-loop: h_v^k is row v of the asked H^(k), so this line is false
    ([NODE_FORM.replace(r"\cup\{v\}", ""), MATRIX], 1, None),
    # no self-loop anywhere: the matrix line is false too
    ([NODE_FORM, ENTRIES.replace(r"\tilde A_{vu}", "A_{vu}"),
      r"H^{(k)} = \sigma(\tilde D^{-1/2}A\tilde D^{-1/2}H^{(k-1)}W^{(k)})"], 2, None),
])
def test_planted_error_first_wrong_line(fq, lines, first_wrong, tag):
    result = check_derivation(fq("derive-gcn-matrix"), lines)
    assert result.verdict == "incorrect" and result.first_wrong == first_wrong, result.to_dict()
    assert result.lines[first_wrong - 1].mark == "wrong"
    if tag is not None:
        assert result.lines[first_wrong - 1].mistake == tag


def test_symmetric_normalisation_may_be_indexed_either_way(fq):
    # (D̃^{-1/2}ÃD̃^{-1/2})_{uv} = (…)_{vu}: the normalised adjacency is symmetric
    lines = [NODE_FORM, NORMALISED.replace("_{vu}", "_{uv}"), MATRIX]
    assert check_derivation(fq("derive-gcn-matrix"), lines).verdict == "correct"


def test_unicode_and_ascii_entries_and_fraction_before_a_factor(fq):
    q = fq("derive-gcn-matrix")
    unicode = ["hᵥᵏ = σ(Wₖ ∑_{u∈N(v)∪{v}} hᵤᵏ⁻¹/√(|N(u)||N(v)|))", "= σ(Wₖ ∑_{u=1}^{n} Ãᵥᵤ/√(D̃ᵤᵤ D̃ᵥᵥ) hᵤᵏ⁻¹)",
               "H⁽ᵏ⁾ = σ(D̃^(−1/2) Ã D̃^(−1/2) H⁽ᵏ⁻¹⁾ W⁽ᵏ⁾)"]
    ascii = ["h_v^k = sigma(W_k @ sum_{u in N(v) U {v}} h_u^(k-1) / sqrt(|N(u)|*|N(v)|))",
             "= sigma(W_k @ sum_{u=1}^{n} A_tilde_{vu} / sqrt(D_tilde_{uu} * D_tilde_{vv}) * h_u^(k-1))",
             "H^(k) = sigma(D_tilde^(-1/2) @ A_tilde @ D_tilde^(-1/2) @ H^(k-1) @ W^(k))"]
    for lines in (unicode, ascii):
        result = check_derivation(q, lines)
        assert (result.verdict, _marks(result)) == ("correct", ["ok", "ok", "ok"]), result.to_dict()


def test_the_given_node_form_then_the_answer_is_a_jump(fq):
    result = check_derivation(fq("derive-gcn-matrix"), [NODE_FORM, MATRIX])
    assert result.verdict == "correct" and result.extra.get("advice") == "show-steps"
    assert _marks(result) == ["ok", "jump"] and "u = 1..n" in result.message


def test_a_node_sum_over_another_range_is_named(fq):
    line = r"h_v^k = \sigma\Big(W_k\sum_{u=1}^{d}\frac{\tilde A_{vu}}{\sqrt{\tilde D_{uu}\tilde D_{vv}}}h_u^{k-1}\Big)"
    result = check_derivation(fq("derive-gcn-matrix"), [line, MATRIX])
    assert result.first_wrong == 1 and result.lines[0].mark == "invalid"  # ⚠ unreadable, with the reason
    assert "runs over the graph's nodes" in result.lines[0].message and "∑_{u=1}^{n}" in result.lines[0].message
    assert "求和应遍历全部节点" in result.lines[0].message_zh


def test_check_accepts_the_matrix_form_and_names_the_missing_self_loop(fq):
    q = fq("derive-gcn-matrix")
    assert check_answer(q, "sigma(D_tilde^(-1/2) @ A_tilde @ D_tilde^(-1/2) @ H^(k-1) @ W^(k))").verdict == "correct"
    got = check_answer(q, r"\sigma(\tilde D^{-1/2}A\tilde D^{-1/2}H^{(k-1)}W^{(k)})")
    assert (got.verdict, got.mistake) == ("incorrect", "missing-self-loop")


def test_rows_convention_is_validated():
    q = {"id": "x", "type": "formula", "answer": r"\sigma(\tilde A H W)", "target": "H^{(k)}",
         "symbols": {"h^{k-1}": {"shape": "d x 1", "node": True}, "H": "n x d", "W": "d x e",
                     r"\tilde A": {"shape": "n x n", "kind": "adjacency+I"}},
         "conventions": {"graph_size": "n", "rows": {"h^{k-1}": "G", "H": "H"}}}
    faults = [message for field, message in formula_faults(q) if field == "conventions"]
    assert any("G must be declared n x d" in m for m in faults), faults
    assert any("H is not a declared node family" in m for m in faults), faults


def test_cli_derive_reference_file_and_planted_error(tmp_path, fq):
    q = fq("derive-gcn-matrix")
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("\n".join(q.answer) + "\n", encoding="utf-8")
    bad.write_text("\n".join([NODE_FORM, ENTRIES.replace(r"\tilde A_{vu}", "A_{vu}"), MATRIX]) + "\n", encoding="utf-8")
    env = {"CH3QUIZ_HOME": str(tmp_path / "home"), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    run = lambda path: subprocess.run([sys.executable, "-m", "ch3quiz", "derive", "derive-gcn-matrix", str(path)],  # noqa: E731
                                      cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    ok, wrong = run(good), run(bad)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert wrong.returncode == 1 and "line 2" in wrong.stdout, wrong.stdout


def test_node_indices_on_a_matrix_that_is_not_n_by_n_decide_nothing(fq):
    line = r"h_v^k = \sigma\Big(W_k\sum_{u=1}^{n}(W_k)_{vu}h_u^{k-1}\Big)"
    result = check_derivation(fq("derive-gcn-matrix"), [line, MATRIX])
    assert result.verdict == "undecided" and result.lines[0].mark == "undecided"
    assert "number the graph's nodes" in result.lines[0].message
