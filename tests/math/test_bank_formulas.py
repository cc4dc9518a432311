"""Tests over the bank itself: every target is there, checks itself, and rejects each catalogued mistake."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ch3quiz.bank import Bank
from ch3quiz.math import check_answer, check_derivation
from ch3quiz.math.bankcheck import formula_faults

TARGETS = {
    "act-sigmoid-derivative": "3.2", "act-tanh-derivative": "3.2", "loss-mse-grad": "3.1",
    "loss-bce-sigmoid-grad": "3.1", "loss-softmax-ce-grad": "3.1", "gd-update": "3.6", "bp-forward": "3.7",
    "bp-delta-output": "补充", "bp-delta-hidden": "补充", "bp-delta-Lminus1": "补充", "bp-grad-W": "3.7",
    "bp-grad-b": "3.7", "gnn-basic-update": "3.9", "gnn-gcn-update": "3.9", "gnn-gcn-coefficient": "3.9",
    "gnn-gcn-matrix": "3.9", "rnn-hidden": "3.10", "lstm-cell": "3.10", "lstm-hidden": "3.10", "gru-hidden": "3.10",
    "cnn-output-size": "3.8", "cnn-param-count": "3.8",
}


def _formulas(bank: Bank):
    return [q for q in bank if q.type == "formula"]


def test_every_target_is_a_formula_question(bundled_bank: Bank):
    for qid, section in TARGETS.items():
        q = bundled_bank.get(qid)
        assert q.type == "formula" and q.section == section, qid
        assert q.fields.get("mistakes"), f"{qid} has no mistake catalogue"
        assert q.fields.get("symbols") or qid == "gnn-gcn-coefficient", qid


def test_expected_forms_check_correct_and_mistakes_do_not(bundled_bank: Bank):
    problems = []
    for q in _formulas(bundled_bank):
        result = check_answer(q, q.answer)
        if result.verdict != "correct":
            problems.append(f"{q.id}: expected form is {result.verdict}: {result.message}")
        for mistake in q.fields.get("mistakes", []):
            got = check_answer(q, mistake["expr"])
            if got.verdict != "incorrect":
                problems.append(f"{q.id}: mistake {mistake['tag']} is {got.verdict}")
            elif got.mistake != mistake["tag"]:
                problems.append(f"{q.id}: mistake {mistake['tag']} was named {got.mistake}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("qid", ["bp-delta-Lminus1-derive", "act-sigmoid-derivative-derive"])
def test_reference_derivations_check_line_by_line(bundled_bank: Bank, qid: str):
    q = bundled_bank.get(qid)
    result = check_derivation(q, list(q.answer))
    assert result.verdict == "correct", result.to_dict()
    assert all(line.verdict == "ok" for line in result.lines)


def test_formula_faults_reports_bad_fields():
    q = {"id": "x", "type": "formula", "answer": r"W x + ", "symbols": {"W": "n by m", "x": "n x 1"},
         "mistakes": [{"expr": "q", "tag": "t"}], "conventions": {"colour": 1}}
    fields = {field for field, _ in formula_faults(q)}
    assert {"answer", "symbols", "mistakes", "conventions"} <= fields


def test_bank_validation_loads_neither_numpy_nor_sympy():
    code = ("import sys; from ch3quiz.bank import read_bank; from ch3quiz.paths import bundled_bank_path;"
            "bank, problems = read_bank(bundled_bank_path());"
            "assert 'numpy' not in sys.modules and 'sympy' not in sys.modules, 'heavy import'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_the_checker_is_light():
    code = "import sys, ch3quiz.math; assert 'numpy' not in sys.modules and 'sympy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
