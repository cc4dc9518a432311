"""The formula language and its checker.

Public API (importing this package loads neither numpy nor SymPy)::

    check_answer(question, text) -> CheckResult
    check_derivation(question, lines) -> DerivationResult
"""

from __future__ import annotations

from typing import Any

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
