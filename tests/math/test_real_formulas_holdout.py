"""A held-out check of the formula reader (tests/data/real_formulas_holdout.yaml): formulas from public material
that was not used to build the reader or its first corpus, labelled by the numpy oracles of
tests/data/verify_real_formulas_holdout.py. The checker never accepts a wrong or ambiguous one, agrees on at
least 97% of the unambiguous ones and on at least 95% in each notation.

Agreeing is the benchmark's rule (benchmarks/measure_real_formulas.py ``expected_ok``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from benchmarks.measure_real_formulas import expected_ok as _agrees
from ch3quiz.math import check_answer

HOLDOUT = Path(__file__).resolve().parent.parent / "data" / "real_formulas_holdout.yaml"


@pytest.fixture(scope="module")
def verdicts(bundled_bank) -> list[tuple[dict, str]]:
    entries = yaml.safe_load(HOLDOUT.read_text(encoding="utf-8"))
    return [(entry, check_answer(bundled_bank.get(entry["question"]), entry["text"]).verdict) for entry in entries]


def _disagreements(rows: list[tuple[dict, str]]) -> str:
    return "\n".join(f"{e['id']}: got {v} for {e['text']}" for e, v in rows if not _agrees(e, v))


def test_no_wrong_or_ambiguous_held_out_formula_is_accepted(verdicts):
    accepted = [f"{e['id']}: {e['text']}" for e, v in verdicts if v == "correct" and e["label"] != "correct"]
    assert not accepted, "\n".join(accepted)


def test_held_out_agreement_overall_is_at_least_97_percent(verdicts):
    clear = [(e, v) for e, v in verdicts if e["label"] != "ambiguous"]
    assert len(clear) >= 150
    agree = sum(_agrees(e, v) for e, v in clear)
    assert agree / len(clear) >= 0.97, _disagreements(clear)


def test_held_out_agreement_in_each_notation_is_at_least_95_percent(verdicts):
    by_notation: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for entry, verdict in verdicts:
        if entry["label"] != "ambiguous":
            by_notation[entry["notation"]].append((entry, verdict))
    assert set(by_notation) == {"latex", "unicode", "ascii"}
    for notation, rows in by_notation.items():
        assert len(rows) >= 40, notation
        rate = sum(_agrees(e, v) for e, v in rows) / len(rows)
        assert rate >= 0.95, f"{notation}: {rate:.1%}\n{_disagreements(rows)}"
