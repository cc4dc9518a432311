"""The real-formula corpora are well formed and labelled by numbers: the first (tests/data/real_formulas.yaml)
and the two held-out ones (tests/data/real_formulas_holdout.yaml, tests/data/real_formulas_holdout2.yaml).

Every entry's label must be the one its independent numpy oracle (tests/data/verify_real_formulas.py,
tests/data/verify_real_formulas_holdout.py, tests/data/verify_real_formulas_holdout2.py) implies (correct: equal to the reference on every draw;
ambiguous: one reading equal and one not; incorrect: otherwise, including shape errors). The first corpus
covers every formula question, every notation with at least 60 entries, at least a third quick ASCII, and
every class of issue 16; no held-out source is one of an earlier corpus's (a common form such as
1 - np.tanh(x)**2 may appear in several, copied from different material).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from datafiles import load_module

HERE = Path(__file__).resolve().parent
TARGETS_MD = HERE.parents[2] / "shared" / "formula-targets.md"
NOTATIONS = ("latex", "unicode", "ascii")
FIELDS = {"id", "question", "text", "notation", "classes", "source", "label", "note"}


verify = load_module("ch3quiz_tests_verify_real_formulas", HERE / "data" / "verify_real_formulas.py")
holdout = load_module("ch3quiz_tests_verify_real_formulas_holdout", HERE / "data" / "verify_real_formulas_holdout.py")
holdout2 = load_module("ch3quiz_tests_verify_real_formulas_holdout2", HERE / "data" / "verify_real_formulas_holdout2.py")
ORACLE_MODULES = {"first": verify, "held-out": holdout, "held-out-2": holdout2}
ENTRIES = verify.load_entries()
HELD_OUT = holdout.load_entries()
HELD_OUT_2 = holdout2.load_entries()
CORPORA = {"first": ENTRIES, "held-out": HELD_OUT, "held-out-2": HELD_OUT_2}
# each held-out corpus, the corpora before it, and whether its notation labels are held to the first corpus's rule
HELD_OUT_CORPORA = {"held-out": (HELD_OUT, [ENTRIES], False), "held-out-2": (HELD_OUT_2, [ENTRIES, HELD_OUT], True)}


def _question_ids() -> list[str]:
    if TARGETS_MD.is_file():
        ids = re.findall(r"^\|\s*([a-z][a-zA-Z0-9-]+)\s*\|", TARGETS_MD.read_text(encoding="utf-8"), re.M)
        ids = [i for i in ids if i != "id"]
        if ids:
            return ids
    return list(verify.fc.TARGET_IDS)


def _notation_fits(text: str, notation: str) -> bool:
    if notation == "ascii":
        return text.isascii() and "\\" not in text
    if notation == "latex":  # pasted LaTeX may carry a non-ASCII dash or letter
        return "\\" in text or (text.isascii() and "{" in text)
    return not text.isascii() and "\\" not in text


def test_entries_are_well_formed():
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    seen = set()
    for e in ENTRIES:
        assert FIELDS <= set(e), e["id"]
        assert set(e) <= FIELDS | {"asked_form"}, e["id"]
        assert e["question"] in verify.fc.TARGET_IDS, e["id"]
        assert e["label"] in verify.LABELS, e["id"]
        assert e["notation"] in NOTATIONS and _notation_fits(e["text"], e["notation"]), e["id"]
        assert e["classes"] and set(e["classes"]) <= set(range(1, 11)), e["id"]
        assert e["source"].strip() and e["note"].strip(), e["id"]
        assert (e["question"], e["text"]) not in seen, f"duplicate answer: {e['id']}"
        seen.add((e["question"], e["text"]))
        if "asked_form" in e:
            assert e["asked_form"] is False and e["label"] == "correct" and 10 in e["classes"], e["id"]


def test_coverage_of_questions_notations_and_classes():
    assert {e["question"] for e in ENTRIES} == set(_question_ids())
    assert len(ENTRIES) >= 300
    per_notation = Counter(e["notation"] for e in ENTRIES)
    assert all(per_notation[n] >= 60 for n in NOTATIONS), per_notation
    assert per_notation["ascii"] * 3 >= len(ENTRIES), per_notation
    assert {c for e in ENTRIES for c in e["classes"]} == set(range(1, 11))
    assert Counter(e["label"] for e in ENTRIES)["incorrect"] >= 60


@pytest.mark.parametrize("question", _question_ids())
def test_every_question_has_right_and_wrong_real_answers(question):
    mine = [e for e in ENTRIES if e["question"] == question]
    labels = Counter(e["label"] for e in mine)
    assert len(mine) >= 12 and labels["correct"] >= 4 and labels["incorrect"] >= 2, (question, labels)


def _cited(source: str) -> str:
    """The material a source names, with or without "typed (after ...)" around it."""
    return source[len("typed (after "):-1] if source.startswith("typed (after ") and source.endswith(")") else source


@pytest.mark.parametrize("corpus", list(HELD_OUT_CORPORA))
def test_held_out_entries_are_well_formed_and_new(corpus):
    entries, earlier, strict = HELD_OUT_CORPORA[corpus]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    earlier_sources = {cite(e["source"]) for corpus_entries in earlier for e in corpus_entries
                       for cite in (_cited, str)}
    for e in entries:
        assert FIELDS <= set(e) <= FIELDS | {"asked_form"}, e["id"]
        assert e["question"] in holdout.ENVS, e["id"]
        assert e["label"] in holdout.LABELS and e["notation"] in NOTATIONS, e["id"]
        assert not strict or _notation_fits(e["text"], e["notation"]), e["id"]
        assert e["classes"] and set(e["classes"]) <= set(range(1, 11)), e["id"]
        assert (_cited(e["source"]) if strict else e["source"]) not in earlier_sources, e["id"]
        if "asked_form" in e:
            assert e["asked_form"] is False and e["label"] == "correct" and 10 in e["classes"], e["id"]


@pytest.mark.parametrize("corpus", list(HELD_OUT_CORPORA))
def test_held_out_coverage(corpus):
    entries, _, _ = HELD_OUT_CORPORA[corpus]
    assert len(entries) >= 150
    per_notation = Counter(e["notation"] for e in entries)
    assert all(per_notation[n] >= 40 for n in NOTATIONS), per_notation
    assert Counter(e["label"] for e in entries)["incorrect"] >= 50
    assert {e["question"] for e in entries} == set(holdout.ENVS)  # every formula question, the new ones too


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_every_entry_has_exactly_one_oracle(corpus):
    assert set(ORACLE_MODULES[corpus].ORACLES) == {e["id"] for e in CORPORA[corpus]}


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_unevaluable_entries_are_incorrect_and_say_why(corpus):
    for e in CORPORA[corpus]:
        if ORACLE_MODULES[corpus].ORACLES[e["id"]] is None:
            assert e["label"] == "incorrect", e["id"]
            assert "shape error" in e["note"] or "not a symbol" in e["note"], e["id"]


@pytest.mark.parametrize(("corpus", "entry"), [(name, e) for name, entries in CORPORA.items() for e in entries],
                         ids=lambda value: value["id"] if isinstance(value, dict) else value)
def test_label_agrees_with_its_oracle(corpus, entry):
    assert ORACLE_MODULES[corpus].label_from_oracle(entry) == entry["label"], entry["text"]
