"""Formulas copied from real material, in three corpora labelled by numpy oracles: tests/data/real_formulas.yaml
(tests/data/verify_real_formulas.py) and two held-out ones (tests/data/real_formulas_holdout.yaml and
tests/data/real_formulas_holdout2.yaml, each from public material not used to build the reader or an earlier
corpus; tests/data/verify_real_formulas_holdout.py, tests/data/verify_real_formulas_holdout2.py).
On each, the checker never accepts a wrong or ambiguous formula, agrees on at least 97% of the unambiguous
ones and on at least 95% in each notation.

What agreeing means is the benchmark's rule (benchmarks/measure_real_formulas.py ``expected_ok``): a right
answer is "correct" unless the question asks for a form the text does not use (then anything but "correct");
a wrong answer is "incorrect" or "invalid"; an ambiguous one is never "correct".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from benchmarks.measure_real_formulas import expected_ok as _agrees
from ch3quiz.math import check_answer

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, kw_only=True)
class Corpus:
    name: str
    path: Path
    min_clear: int  # unambiguous entries the corpus must hold
    min_per_notation: int  # unambiguous entries in each notation


CORPORA = (
    Corpus(name="first", path=DATA / "real_formulas.yaml", min_clear=300, min_per_notation=1),
    Corpus(name="held-out", path=DATA / "real_formulas_holdout.yaml", min_clear=150, min_per_notation=40),
    Corpus(name="held-out-2", path=DATA / "real_formulas_holdout2.yaml", min_clear=200, min_per_notation=40),
)


@pytest.fixture(scope="module", params=CORPORA, ids=[corpus.name for corpus in CORPORA])
def corpus(request) -> Corpus:
    return request.param


@pytest.fixture(scope="module")
def verdicts(bundled_bank, corpus: Corpus) -> list[tuple[dict, str]]:
    entries = yaml.safe_load(corpus.path.read_text(encoding="utf-8"))
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


def test_agreement_overall_is_at_least_97_percent(verdicts, corpus: Corpus):
    clear = [(e, v) for e, v in verdicts if e["label"] != "ambiguous"]
    assert len(clear) >= corpus.min_clear
    agree = sum(_agrees(e, v) for e, v in clear)
    assert agree / len(clear) >= 0.97, _disagreements(clear)


def test_agreement_in_each_notation_is_at_least_95_percent(verdicts, corpus: Corpus):
    by_notation: dict[str, list[tuple[dict, str]]] = defaultdict(list)
    for entry, verdict in verdicts:
        if entry["label"] != "ambiguous":
            by_notation[entry["notation"]].append((entry, verdict))
    assert set(by_notation) == {"latex", "unicode", "ascii"}
    for notation, rows in by_notation.items():
        assert len(rows) >= corpus.min_per_notation, notation
        rate = sum(_agrees(e, v) for e, v in rows) / len(rows)
        assert rate >= 0.95, f"{notation}: {rate:.1%}\n{_disagreements(rows)}"
