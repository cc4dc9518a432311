"""The held-out derivations are well formed, come from sources the sets before them do not use, and their labels
agree line by line with numpy oracles (the first wrong line is the first false one; ``wrong`` marks exactly the false
lines): the scalar and softmax entries of tests/data/derivations_holdout.yaml with
tests/data/verify_derivations_holdout.py, and every entry of tests/data/derivations_holdout2.yaml with
tests/data/verify_derivations_holdout2.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from datafiles import load_module

DATA = Path(__file__).resolve().parent / "data"
HOLDOUT = yaml.safe_load((DATA / "derivations_holdout.yaml").read_text(encoding="utf-8"))
CORPUS = yaml.safe_load((DATA / "derivations.yaml").read_text(encoding="utf-8"))
BY_ID = {entry["id"]: entry for entry in HOLDOUT}
FIELDS = {"id", "question", "source", "notation", "lines", "verdict", "first_wrong"}
MARKS = {"ok", "side", "wrong", "unreadable"}


VERIFY = load_module("ch3quiz_tests_verify_derivations_holdout", DATA / "verify_derivations_holdout.py")
HOLDOUT2 = yaml.safe_load((DATA / "derivations_holdout2.yaml").read_text(encoding="utf-8"))
BY_ID2 = {entry["id"]: entry for entry in HOLDOUT2}
VERIFY2 = load_module("ch3quiz_tests_verify_derivations_holdout2", DATA / "verify_derivations_holdout2.py")
ORACLE_ROWS = [(VERIFY, BY_ID, entry_id) for entry_id in sorted(VERIFY.ORACLES)] + [
    (VERIFY2, BY_ID2, entry_id) for entry_id in sorted(VERIFY2.ORACLES)]


def _page(source: str) -> str:
    return source.split(" (")[0].split("?")[0]


def test_entries_are_well_formed_and_from_new_sources():
    assert len(BY_ID) == len(HOLDOUT)
    corpus_pages = {_page(entry["source"]) for entry in CORPUS}
    for entry in HOLDOUT:
        assert FIELDS <= set(entry) and entry["notation"] in ("latex", "unicode", "ascii"), entry["id"]
        assert entry["verdict"] in ("correct", "incorrect") and _page(entry["source"]) not in corpus_pages, entry["id"]
        if entry["verdict"] == "correct":
            assert entry["first_wrong"] is None and "variant_of" not in entry, entry["id"]
        if "marks" in entry:
            assert len(entry["marks"]) == len(entry["lines"]) and set(entry["marks"]) <= MARKS, entry["id"]
        if "variant_of" in entry:
            assert entry["variant_of"] in BY_ID and entry["planted"] and entry["verdict"] == "incorrect", entry["id"]


def test_the_oracles_cover_every_scalar_and_softmax_entry():
    scalar = {e["id"] for e in HOLDOUT if not e["question"].startswith(("derive-delta", "derive-grad"))}
    assert scalar == set(VERIFY.ORACLES)


def test_the_second_set_is_well_formed_varied_and_from_new_sources():
    earlier_pages = {_page(entry["source"]) for entry in CORPUS + HOLDOUT}
    assert len(BY_ID2) == len(HOLDOUT2) >= 40 and len({e["question"] for e in HOLDOUT2}) >= 10
    assert set(Counter(e["notation"] for e in HOLDOUT2)) == {"latex", "unicode", "ascii"}
    assert sum(e["verdict"] == "incorrect" for e in HOLDOUT2) >= len(HOLDOUT2) / 3
    for entry in HOLDOUT2:
        assert FIELDS | {"marks"} <= set(entry) and _page(entry["source"]) not in earlier_pages, entry["id"]
        assert len(entry["marks"]) == len(entry["lines"]) and set(entry["marks"]) <= MARKS, entry["id"]
        assert (entry["verdict"] == "correct") == (entry["first_wrong"] is None), entry["id"]
        if "variant_of" in entry:
            assert entry["variant_of"] in BY_ID2 and entry["planted"] and entry["verdict"] == "incorrect", entry["id"]


def test_every_entry_of_the_second_set_has_an_oracle():
    assert set(BY_ID2) == set(VERIFY2.ORACLES)


@pytest.mark.parametrize(("verify", "by_id", "entry_id"), ORACLE_ROWS, ids=[row[2] for row in ORACLE_ROWS])
def test_label_agrees_with_its_numpy_oracle(verify, by_id: dict, entry_id: str):
    entry = by_id[entry_id]
    truths = verify.line_truths(entry_id)
    assert len(truths) == len(entry["lines"])
    assert next((n for n, true in enumerate(truths, start=1) if not true), None) == entry["first_wrong"]
    if "marks" in entry:
        assert truths == [mark != "wrong" for mark in entry["marks"]]
