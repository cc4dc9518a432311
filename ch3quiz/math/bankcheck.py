"""Validation of a formula question's checker fields, for ``ch3quiz validate`` and the bank loader.

Pure Python: the tokenizer, parser, symbol table and shape inference only (no
numpy, no SymPy), so the whole bank validates in a few milliseconds per question.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ch3quiz.math.derivation.recurrence_check import is_recurrence, recurrence_faults
from ch3quiz.math.meaning.spec import load_spec


def formula_faults(q: Mapping[str, Any]) -> Iterator[tuple[str | None, str]]:
    """``(field, message)`` for every bad checker field of one raw question mapping."""
    if q.get("type") not in ("formula", "derivation"):
        return
    if is_recurrence(q):  # an unrolled recurrence (BPTT) is read by its own model
        yield from recurrence_faults(q)
        return
    faults: list[tuple[str, str]] = []
    try:
        load_spec(q, faults)
    except RecursionError:  # pragma: no cover - inputs are bounded before parsing
        faults.append(("answer", "a formula is nested too deeply"))
    answer = q.get("answer")
    shape_ok = isinstance(answer, str) if q.get("type") == "formula" else (isinstance(answer, list) and len(answer) >= 2)
    for field, message in faults:
        if field == "answer" and not shape_ok:
            continue  # the schema already says what is wrong with this answer
        yield field, message
    hints = q.get("hints")
    if hints is not None and not isinstance(hints, list):
        yield "hints", "hints must be a list of {zh: ..., en: ...}"
