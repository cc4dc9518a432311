"""Held-out checks of the derivation checker (tests/data/derivations_holdout.yaml and derivations_holdout2.yaml):
real derivations of the chapter's results from public material that was not used to build the checker or the sets
before them, with planted errors and real slips labelled by their first wrong line. The checker never accepts a
wrong one and finds the first wrong line (null for a correct one) in at least 95% of each set; agreeing is the
benchmark's rule (benchmarks/measure_derivations.py ``judge``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from benchmarks.measure_derivations import judge

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module", params=["derivations_holdout.yaml", "derivations_holdout2.yaml"])
def rows(request, bundled_bank) -> list[dict]:
    entries = yaml.safe_load((DATA / request.param).read_text(encoding="utf-8"))
    return [judge(entry, bundled_bank.get(entry["question"])) for entry in entries]


def _parted(rows: list[dict], key: str) -> str:
    return "\n".join(f"{r['entry']['id']}: {r['result'].verdict} (first wrong {r['result'].first_wrong}): "
                     f"{r['result'].message}" for r in rows if not r[key])


def test_the_holdout_is_real_and_varied(rows):
    entries = [r["entry"] for r in rows]
    assert len(entries) >= 40 and len({e["question"] for e in entries}) >= 10
    assert set(Counter(e["notation"] for e in entries)) == {"latex", "unicode", "ascii"}
    wrong = [e for e in entries if e["verdict"] != "correct"]
    assert len(wrong) >= len(entries) // 3 and all(e["source"] for e in entries)


def test_no_wrong_held_out_derivation_is_accepted(rows):
    accepted = [r["entry"]["id"] for r in rows if r["false_accept"]]
    assert not accepted, accepted


def test_the_first_wrong_line_agrees_on_at_least_95_percent(rows):
    agree = sum(r["first_wrong_ok"] for r in rows)
    assert agree >= 0.95 * len(rows), _parted(rows, "first_wrong_ok")


def test_the_verdict_agrees_on_at_least_95_percent(rows):
    agree = sum(r["verdict_ok"] for r in rows)
    assert agree >= 0.95 * len(rows), _parted(rows, "verdict_ok")
