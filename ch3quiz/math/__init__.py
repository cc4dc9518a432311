"""The formula language and its checker.

Public API (importing this package loads neither numpy nor SymPy)::

    check_answer(question, text) -> CheckResult
    check_derivation(question, lines) -> DerivationResult
"""

from __future__ import annotations

import os
from typing import Any

# The checker's matrices are a few rows by a few columns: a BLAS thread pool only costs time. OpenBLAS starts
# one thread per core when numpy is first imported (about half of numpy's import CPU on two cores), so ask
# for one before any module of this package imports numpy; a student's own setting is kept.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

from ch3quiz.math.result import CheckResult, DerivationResult, LineResult


def check_answer(question: Any, text: str) -> CheckResult:
    """Check one answer to a formula question; never raises for bad student input."""
    from ch3quiz.math.check import check_text

    return check_text(question, text)


def check_derivation(question: Any, lines: list[str]) -> DerivationResult:
    """Check a derivation line by line; the first wrong line is named."""
    from ch3quiz.math.derive import derive_lines

    return derive_lines(question, lines)


__all__ = ["CheckResult", "DerivationResult", "LineResult", "check_answer", "check_derivation"]
