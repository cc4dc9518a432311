"""The labelled formula corpus (tests/data/formula_corpus.py) is labelled by numbers, not by eye.

For every case with an oracle (a numpy translation of that student's answer), the oracle is compared
with the target's reference implementation on several random draws of every symbol; the case is
labelled correct exactly when they agree on every draw.  Cases without an oracle are shape errors and
must be labelled wrong.  Every target of formula-targets.md has at least 15 cases, both labels and all
three notations.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from datafiles import load_module

HERE = Path(__file__).resolve()
CORPUS_PATH = HERE.parents[1] / "data" / "formula_corpus.py"
TARGETS_MD = HERE.parents[3] / "shared" / "formula-targets.md"
SEEDS = range(6)
NOTATIONS = ("latex", "unicode", "ascii")


corpus = load_module("ch3quiz_tests_formula_corpus", CORPUS_PATH)
CASES = corpus.CASES


def _target_ids() -> list[str]:
    """The ids of formula-targets.md when the shared file is there, else the corpus's own list."""
    if TARGETS_MD.is_file():
        ids = re.findall(r"^\|\s*([a-z][a-zA-Z0-9-]+)\s*\|", TARGETS_MD.read_text(encoding="utf-8"), re.M)
        ids = [i for i in ids if i != "id"]
        if ids:
            return ids
    return list(corpus.TARGET_IDS)


@lru_cache(maxsize=None)
def _draws(target: str):
    env, ref = corpus.ENVS[target], corpus.REFERENCES[target]
    out = []
    for seed in SEEDS:
        e = env(np.random.default_rng(seed))
        out.append((e, np.asarray(ref(e), dtype=float)))
    return tuple(out)


def _agree(value, reference) -> bool:
    value = np.asarray(value, dtype=float)
    return value.shape == reference.shape and bool(np.allclose(value, reference, rtol=1e-8, atol=1e-10))


def _case_id(case) -> str:
    return f"{case.target}:{case.notation}:{'R' if case.correct else 'W'}:{case.text[:40]}"


def test_targets_match_formula_targets_md():
    assert list(corpus.TARGET_IDS) == _target_ids()
    assert set(corpus.ENVS) == set(corpus.REFERENCES) == set(corpus.TARGET_IDS)


@pytest.mark.parametrize("target", _target_ids())
def test_every_target_has_enough_cases_of_both_labels_and_all_notations(target):
    mine = [c for c in CASES if c.target == target]
    assert len(mine) >= 15, f"{target}: only {len(mine)} cases"
    labels = Counter(c.correct for c in mine)
    assert labels[True] >= 5 and labels[False] >= 5, f"{target}: labels {dict(labels)}"
    for notation in NOTATIONS:
        for label in (True, False):
            assert any(c.notation == notation and c.correct is label for c in mine), (target, notation, label)


def test_cases_are_well_formed():
    seen = set()
    for c in CASES:
        assert c.target in corpus.TARGET_IDS, c
        assert c.notation in NOTATIONS, c
        assert isinstance(c.correct, bool) and c.note.strip(), c
        assert (c.target, c.text) not in seen, f"duplicate answer: {c}"
        seen.add((c.target, c.text))
        if c.notation == "ascii":
            assert c.text.isascii() and "\\" not in c.text, c
        elif c.notation == "latex":
            assert c.text.isascii() and ("\\" in c.text or "{" in c.text), c
        else:
            assert not c.text.isascii() and "\\" not in c.text, c
        assert ("shape error" in c.note) == (c.oracle is None), c


@pytest.mark.parametrize("target", [t for t in corpus.TARGET_IDS])
def test_generic_sigma_draws_cover_sigmoid_and_tanh(target):
    acts = {getattr(e, "act", None) for e, _ in _draws(target)}
    if acts != {None}:
        assert acts == {"sigmoid", "tanh"}, (target, acts)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_label_agrees_with_numeric_check(case):
    if case.oracle is None:
        assert case.correct is False, "a shape-invalid answer cannot be correct"
        return
    draws = _draws(case.target)
    agreement = [_agree(case.oracle(e), ref) for e, ref in draws]
    assert all(agreement) == case.correct, f"numeric check says {all(agreement)} on draws {agreement}"
    if not case.correct:
        # Not a near miss of the tolerance: wrong answers are wrong by a clear margin somewhere.
        def far(value, ref):
            value = np.asarray(value, dtype=float)
            return value.shape != ref.shape or not np.allclose(value, ref, rtol=1e-4, atol=1e-6)

        assert any(far(case.oracle(e), ref) for e, ref in draws)
