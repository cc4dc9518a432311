"""The held-out derivations (tests/data/derivations_holdout.yaml) are well formed, come from sources the first
corpus does not use, and their scalar and softmax labels agree line by line with the numpy oracles of
tests/data/verify_derivations_holdout.py (the first wrong line is the first false one; ``wrong`` marks exactly
the false lines)."""

from __future__ import annotations

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


@pytest.mark.parametrize("entry_id", sorted(VERIFY.ORACLES))
def test_label_agrees_with_its_numpy_oracle(entry_id: str):
    entry = BY_ID[entry_id]
    truths = VERIFY.line_truths(entry_id)
    assert len(truths) == len(entry["lines"])
    assert next((n for n, true in enumerate(truths, start=1) if not true), None) == entry["first_wrong"]
    if "marks" in entry:
        assert truths == [mark != "wrong" for mark in entry["marks"]]
