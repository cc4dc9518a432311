"""Formulas copied from real material (tests/data/real_formulas.yaml, labels checked by numpy oracles in
tests/data/verify_real_formulas.py): the checker agrees on at least 97% of the unambiguous ones, on at least
95% in each notation, and never accepts a wrong or ambiguous one.

What agreeing means is the benchmark's rule (benchmarks/measure_real_formulas.py ``expected_ok``): a right
answer is "correct" unless the question asks for a form the text does not use (then anything but "correct");
a wrong answer is "incorrect" or "invalid"; an ambiguous one is never "correct".
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from benchmarks.measure_real_formulas import expected_ok as _agrees
from ch3quiz.math import check_answer

CORPUS = Path(__file__).resolve().parent.parent / "data" / "real_formulas.yaml"


@pytest.fixture(scope="module")
def verdicts(bundled_bank) -> list[tuple[dict, str]]:
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [(entry, check_answer(bundled_bank.get(entry["question"]), entry["text"]).verdict) for entry in entries]


def _disagreements(rows: list[tuple[dict, str]]) -> str:
    return "\n".join(f"{e['id']}: got {v} for {e['text']}" for e, v in rows if not _agrees(e, v))


def test_no_wrong_or_ambiguous_formula_is_accepted(verdicts):
    accepted = [f"{e['id']}: {e['text']}" for e, v in verdicts if v == "correct" and e["label"] != "correct"]
    assert not accepted, "\n".join(accepted)


def test_a_right_value_in_another_form_than_asked_is_not_accepted(verdicts):
    accepted = [f"{e['id']}: {e['text']}" for e, v in verdicts
                if v == "correct" and e["label"] == "correct" and e.get("asked_form", True) is False]
    assert not accepted, "\n".join(accepted)


def test_agreement_overall_is_at_least_97_percent(verdicts):
    clear = [(e, v) for e, v in verdicts if e["label"] != "ambiguous"]
    assert len(clear) >= 300
    agree = sum(_agrees(e, v) for e, v in clear)
    assert agree / len(clear) >= 0.97, _disagreements(clear)


def test_agreement_in_each_notation_is_at_least_95_percent(verdicts):
    by_notation: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for entry, verdict in verdicts:
        if entry["label"] != "ambiguous":
            by_notation[entry["notation"]].append((entry, verdict))
    assert set(by_notation) == {"latex", "unicode", "ascii"}
    for notation, rows in by_notation.items():
        rate = sum(_agrees(e, v) for e, v in rows) / len(rows)
        assert rate >= 0.95, f"{notation}: {rate:.1%}\n{_disagreements(rows)}"
