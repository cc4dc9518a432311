"""A derivation answered at the prompt one line at a time: each line marked as it is entered, and the next
step of the reference derivation on request (``?``)."""

from __future__ import annotations

from typing import Any

from ch3quiz.bank.model import Question


def mark_last_line(question: Question, lines: list[str]) -> Any:
    """The mark of the line just entered, judged with the lines before it (a ``LineResult``)."""
    from ch3quiz.math import check_derivation

    result = check_derivation(question, lines)
    return result.lines[-1] if len(result.lines) == len(lines) else None


def next_reference_step(question: Question, lines: list[str]) -> tuple[int, int, str]:
    """The reference step after as many as have been written: (its number, how many there are, its text)."""
    reference = [str(line) for line in question.answer] if isinstance(question.answer, list) else [str(question.answer)]
    number = min(len(lines), len(reference) - 1)
    return number + 1, len(reference), reference[number]
