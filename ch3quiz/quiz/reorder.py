"""Reorder questions (Parsons problems): the lines of a derivation and one or two distractors, shown in a fixed
shuffled order; the student types the numbers of the lines that make the derivation (``3 1 4 2``), leaving the
distractors out. Any order whose every line follows is right: the derivation checker judges it."""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

from ch3quiz.bank.model import Question


class OrderError(ValueError):
    """The text is not an order of the shown lines."""


def shown_lines(question: Question) -> list[str]:
    """The answer's lines and the distractors, shuffled the same way every time (by the question's id), never
    in the right order."""
    items = [str(line) for line in question.answer] + [str(d["line"]) for d in question.fields.get("distractors", ())]
    rng = random.Random(question.id)
    shuffled = list(items)
    for _ in range(20):
        rng.shuffle(shuffled)
        if shuffled[: len(question.answer)] != items[: len(question.answer)]:
            break
    return shuffled


_LINE_NUMBER = re.compile(r"[0-9]{1,6}")  # ASCII digits: "²" passed isdigit() and int() refused it (exit 70)


def parse_order(text: str, count: int) -> list[int]:
    """``3 1 4 2`` (or ``3,1,4,2``, ``3142`` when there are at most 9 lines; full-width ``３ １`` too) as
    1-based line numbers."""
    stripped = unicodedata.normalize("NFKC", text).strip()
    parts = re.split(r"[\s,，;、]+", stripped) if re.search(r"[\s,，;、]", stripped) else (
        list(stripped) if count <= 9 else [stripped])
    if not stripped or not all(part.isdigit() for part in parts if part):
        raise OrderError("type the numbers of the lines in order, like 3 1 4 2 / 按顺序输入行号，如 3 1 4 2")
    # A number of 5,000 digits was handed to int(), which refuses over 4,300: out of range, like 0.
    numbers = [int(part) if _LINE_NUMBER.fullmatch(part) else 0 for part in parts if part]
    if any(not 1 <= n <= count for n in numbers):
        raise OrderError(f"the lines are numbered 1 to {count} / 行号是 1 到 {count}")
    if len(set(numbers)) != len(numbers):
        raise OrderError("each line at most once / 每行最多用一次")
    if len(numbers) < 2:
        raise OrderError("a derivation needs at least two lines / 推导至少两行")
    return numbers


def why_wrong(question: Question, line: str) -> tuple[str, str] | None:
    """Why a distractor is wrong, when the line is one."""
    for item in question.fields.get("distractors", ()):
        if str(item["line"]) == line:
            return str(item["why_en"]), str(item["why_zh"])
    return None


def as_derivation(question: Question) -> dict[str, Any]:
    """The question as the derivation the checker judges (its answer the reference lines)."""
    data = question.to_dict()
    data.pop("distractors", None)
    data["type"] = "derivation"
    return data
