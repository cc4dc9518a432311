"""The held-out formulas (tests/data/real_formulas_holdout.yaml) are well formed and labelled by numbers.

Every entry's label is the one its numpy oracle in tests/data/verify_real_formulas_holdout.py implies (the rule
of the first corpus, tests/data/verify_real_formulas.py), and no source is one of the first corpus's (a common
form such as 1 - np.tanh(x)**2 may appear in both, copied from different material).
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIELDS = {"id", "question", "text", "notation", "classes", "source", "label", "note"}


def _load(name: str, path: Path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


holdout = _load("ch3quiz_tests_verify_real_formulas_holdout", HERE / "data" / "verify_real_formulas_holdout.py")
ENTRIES = holdout.load_entries()


def test_entries_are_well_formed_and_new():
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    first = holdout.verify.load_entries()
    first_sources = {e["source"] for e in first}
    for e in ENTRIES:
        assert FIELDS <= set(e) <= FIELDS | {"asked_form"}, e["id"]
        assert e["question"] in holdout.ENVS, e["id"]
        assert e["label"] in holdout.LABELS and e["notation"] in ("latex", "unicode", "ascii"), e["id"]
        assert e["classes"] and set(e["classes"]) <= set(range(1, 11)), e["id"]
        assert e["source"] not in first_sources, e["id"]


def test_coverage():
    assert len(ENTRIES) >= 150
    per_notation = Counter(e["notation"] for e in ENTRIES)
    assert all(per_notation[n] >= 40 for n in ("latex", "unicode", "ascii")), per_notation
    assert Counter(e["label"] for e in ENTRIES)["incorrect"] >= 50
    assert {e["question"] for e in ENTRIES} == set(holdout.ENVS)  # every formula question, the new ones too


def test_every_entry_has_exactly_one_oracle():
    assert set(holdout.ORACLES) == {e["id"] for e in ENTRIES}


def test_unevaluable_entries_are_incorrect_and_say_why():
    for e in ENTRIES:
        if holdout.ORACLES[e["id"]] is None:
            assert e["label"] == "incorrect", e["id"]
            assert "shape error" in e["note"] or "not a symbol" in e["note"], e["id"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["id"])
def test_label_agrees_with_its_oracle(entry):
    assert holdout.label_from_oracle(entry) == entry["label"], entry["text"]
