"""The derivation data: the bank's derivation questions and the real-derivation corpus (reorder questions:
tests/quiz/test_reorder.py).

* every derivation question in questions/derivations/ is passed by the checker (its reference, line by line),
  and each catalogued mistake written in place of the reference's last line is refused at that line;
* the corpus (tests/data/derivations.yaml) is well formed: at least 40 derivations in all three notations, a
  source for each, a planted-error variant for each correct derivation, marks consistent with the first wrong
  line, mistake tags from the fixed list, and a question for every entry;
* the labels that have a numpy oracle (tests/data/verify_derivations.py) agree with it line by line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from datafiles import load_module

from ch3quiz.bank import Bank
from ch3quiz.bank.sections import SECTION_IDS
from ch3quiz.math import check_derivation

DATA = Path(__file__).resolve().parent / "data"
DERIVATIONS_DIR = Path(__file__).resolve().parents[1] / "questions" / "derivations"
MISTAKE_TAGS = {"transpose", "derivative-layer", "sign", "product-kind", "inner-derivative", "sum-index", "sum-bound"}
MARKS = {"ok", "wrong", "unreadable", "side"}
NOTATIONS = ("latex", "unicode", "ascii")


def _load(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


CORPUS = _load("derivations.yaml")
BANK_DERIVATION_IDS = sorted(
    q["id"] for path in DERIVATIONS_DIR.glob("*.yaml") for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"])


def test_at_least_fourteen_derivation_questions_are_in_the_bank():
    ids = BANK_DERIVATION_IDS
    assert len(ids) == len(set(ids)) >= 14
    assert all(qid.startswith("derive-") for qid in ids)


@pytest.mark.parametrize("qid", BANK_DERIVATION_IDS)
def test_bank_reference_derivation_is_correct_line_by_line(bundled_bank: Bank, qid: str):
    q = bundled_bank.get(qid)
    assert q.type == "derivation"
    result = check_derivation(q, list(q.answer))
    assert result.verdict == "correct", result.to_dict()
    assert [line.verdict for line in result.lines] == ["ok"] * len(q.answer)


@pytest.mark.parametrize("qid", BANK_DERIVATION_IDS)
def test_a_catalogued_mistake_as_the_last_line_is_refused_there(bundled_bank: Bank, qid: str):
    q = bundled_bank.get(qid)
    mistakes = q.fields.get("mistakes", [])
    assert len(mistakes) >= 2 and q.fields.get("hints"), qid
    for mistake in mistakes:
        lines = list(q.answer[:-1]) + ["= " + mistake["expr"]]
        result = check_derivation(q, lines)
        assert (result.verdict, result.first_wrong) == ("incorrect", len(lines)), (mistake["tag"], result.to_dict())


def test_corpus_size_notations_and_sources():
    assert len(CORPUS) >= 40
    ids = [entry["id"] for entry in CORPUS]
    assert len(ids) == len(set(ids))
    notations = Counter(entry["notation"] for entry in CORPUS)
    assert set(notations) == set(NOTATIONS) and min(notations.values()) >= 15, notations
    for entry in CORPUS:
        assert entry["source"] and entry["lines"], entry["id"]
        if "transcribed" in entry["source"]:
            assert any(f"transcribed to {n}" in entry["source"] for n in NOTATIONS), entry["id"]


def test_every_corpus_question_exists(bundled_bank: Bank):
    assert {entry["question"] for entry in CORPUS} <= {q.id for q in bundled_bank}


def test_every_correct_derivation_has_a_planted_error_variant():
    by_id = {entry["id"]: entry for entry in CORPUS}
    varied = {entry["variant_of"] for entry in CORPUS if "variant_of" in entry}
    for entry in CORPUS:
        if entry["verdict"] == "correct":
            assert entry["first_wrong"] is None and entry["id"] in varied, entry["id"]
        if "variant_of" in entry:
            base = by_id[entry["variant_of"]]
            assert base["verdict"] == "correct" and entry["verdict"] == "incorrect", entry["id"]
            assert entry["first_wrong"] is not None and entry["planted"], entry["id"]
            assert entry["lines"][entry["first_wrong"] - 1] != base["lines"][entry["first_wrong"] - 1], entry["id"]


def test_marks_agree_with_the_first_wrong_line():
    marked = [entry for entry in CORPUS if "marks" in entry]
    assert len(marked) >= 10
    for entry in marked:
        marks = entry["marks"]
        assert len(marks) == len(entry["lines"]) and set(marks) <= MARKS, entry["id"]
        first = next((n for n, mark in enumerate(marks, start=1) if mark == "wrong"), None)
        assert first == entry["first_wrong"], entry["id"]
        for line in entry.get("mistakes", {}):
            assert marks[line - 1] == "wrong", entry["id"]


def test_mistake_tags_are_the_fixed_ones():
    for entry in CORPUS:
        for line, tag in entry.get("mistakes", {}).items():
            assert tag in MISTAKE_TAGS and 1 <= line <= len(entry["lines"]), entry["id"]
        if entry.get("first_wrong") is not None:
            assert 1 <= entry["first_wrong"] <= len(entry["lines"]), entry["id"]


VERIFY = load_module("ch3quiz_tests_verify_derivations", DATA / "verify_derivations.py")


@pytest.mark.parametrize("entry_id", sorted(VERIFY.ORACLES))
def test_label_agrees_with_its_numpy_oracle(entry_id: str):
    entry = next(e for e in CORPUS if e["id"] == entry_id)
    truths = VERIFY.line_truths(entry_id)
    assert len(truths) == len(entry["lines"])
    assert next((n for n, true in enumerate(truths, start=1) if not true), None) == entry["first_wrong"]
    if "marks" in entry:
        assert truths == [mark != "wrong" for mark in entry["marks"]]
