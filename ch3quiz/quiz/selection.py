"""Choosing a session's questions: filters, history, a seeded shuffle, a cap."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ch3quiz.bank.model import Bank, Question
from ch3quiz.errors import UsageError


@dataclass(frozen=True)
class Selection:
    sections: Sequence[str] = ()
    types: Sequence[str] = ()
    tags: Sequence[str] = ()
    count: int | None = None
    seed: int | None = None
    wrong_only: bool = False  # only questions whose last answer was not correct
    new_only: bool = False  # only questions never answered

    def describe(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in ((), None, False)}


def select_questions(bank: Bank, selection: Selection, last_verdicts: Mapping[str, str]) -> list[Question]:
    """The questions of one session, in the order they will be asked (same seed, same order)."""
    if selection.count is not None and selection.count < 1:
        raise UsageError("--count must be at least 1 / 题数至少为 1")
    pool = bank.select(selection.sections, selection.types, selection.tags)
    if selection.wrong_only:
        pool = [q for q in pool if q.id in last_verdicts and last_verdicts[q.id] != "correct"]
    if selection.new_only:
        pool = [q for q in pool if q.id not in last_verdicts]
    if not pool:
        raise UsageError(_empty_message(selection))
    random.Random(selection.seed).shuffle(pool)
    return pool[: selection.count] if selection.count else pool


def _empty_message(selection: Selection) -> str:
    if selection.wrong_only:
        return "no questions you last got wrong match these filters; nothing to retry / 没有需要重做的错题"
    if selection.new_only:
        return "every question matching these filters has been answered already / 没有新题了"
    return "no questions match these filters / 没有符合条件的题目"
