"""Choosing a session's questions: filters, history, a seeded shuffle, a cap."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ch3quiz.bank.model import Bank, Question, choice_text
from ch3quiz.errors import UsageError
from ch3quiz.quiz.variants import draw_variant, variant_seed
from ch3quiz.textnorm import answer_in_folded, fold_for_search


_REORDER_PASSES = 3
# Questions at the start of a session that are put in fills-first order. Finding what gives a fill
# away compares every pair: over a whole 4,000-fill session that took 36 s, and 100,000 never ended.
REORDER_WINDOW = 300


@dataclass(frozen=True)
class Selection:
    sections: Sequence[str] = ()
    types: Sequence[str] = ()
    tags: Sequence[str] = ()
    count: int | None = None
    seed: int | None = None
    wrong_only: bool = False  # only questions whose last answer was not correct
    new_only: bool = False  # only questions never answered
    mistakes_only: bool = False  # only questions that test a mistake the student has made

    def describe(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in ((), None, False)}


def select_questions(bank: Bank, selection: Selection, last_verdicts: Mapping[str, str],
                     mistake_ids: Sequence[str] = ()) -> list[Question]:
    """The questions of one session, in the order they will be asked, each parameterised one with
    its numbers drawn (same seed, same questions, same order, same numbers). ``mistake_ids``: the
    questions that test the student's mistakes, for ``mistakes_only``."""
    if selection.count is not None and selection.count < 1:
        raise UsageError("--count must be at least 1, e.g. --count 10 / 题数至少为 1")
    pool = bank.select(selection.sections, selection.types, selection.tags)
    if selection.wrong_only:
        pool = [q for q in pool if q.id in last_verdicts and last_verdicts[q.id] != "correct"]
    if selection.new_only:
        pool = [q for q in pool if q.id not in last_verdicts]
    if selection.mistakes_only:
        wanted = set(mistake_ids)
        pool = [q for q in pool if q.id in wanted]
    if not pool:
        raise UsageError(_empty_message(selection))
    random.Random(selection.seed).shuffle(pool)
    chosen = fills_first(pool[: selection.count] if selection.count else pool)
    return [draw_variant(q, variant_seed(q.id, selection.seed)) for q in chosen]


def fills_first(questions: Sequence[Question]) -> list[Question]:
    """The same questions, with each fill-in asked before any question whose text shows its answer.

    A blank such as "the ____ ReLU problem" is often named in another question's prompt, choices or
    explanation; asked after it, the blank is a give-away. Moving the fill-in forward keeps the
    seeded order otherwise unchanged. Only the first ``REORDER_WINDOW`` questions are reordered
    (the search is quadratic); the rest follow in their seeded order.
    """
    return _fills_first_in(list(questions[:REORDER_WINDOW])) + list(questions[REORDER_WINDOW:])


def _fills_first_in(ordered: list[Question]) -> list[Question]:
    shown: dict[str, tuple[str, str]] = {}  # question id -> everything shown with it, folded once (and without spaces)
    for _ in range(_REORDER_PASSES):  # a moved fill-in can itself show another one's answer
        moved = False
        for fill in [q for q in ordered if q.type == "fill"]:
            position = ordered.index(fill)
            revealer = next((i for i, q in enumerate(ordered[:position]) if _reveals(q, fill, shown)), None)
            if revealer is not None:
                ordered.insert(revealer, ordered.pop(position))
                moved = True
        if not moved:
            break
    return ordered


def _reveals(question: Question, fill: Question, shown: dict[str, tuple[str, str]]) -> bool:
    """Whether anything a student sees with ``question`` (prompt, choices, hint, explanation) gives ``fill``'s answer."""
    if question.id == fill.id:
        return False
    if question.id not in shown:
        folded = fold_for_search("\n".join([
            question.prompt_zh, question.prompt_en, question.explanation_zh, question.explanation_en,
            str(question.fields.get("hint_zh", "")), str(question.fields.get("hint_en", "")),
            *(choice_text(c) for c in question.choices)]))
        shown[question.id] = (folded, folded.replace(" ", ""))
    folded, compact = shown[question.id]
    accepted = fill.answer if isinstance(fill.answer, list) else [fill.answer]
    return any(answer_in_folded(str(answer), folded, compact) for answer in accepted)


def _empty_message(selection: Selection) -> str:
    if selection.wrong_only:
        return "no questions you last got wrong match these filters; nothing to retry (ch3quiz quiz practises new ones) / 没有需要重做的错题"
    if selection.mistakes_only:
        return "no recorded mistakes match these filters; nothing to drill (ch3quiz quiz --wrong retries wrong answers) / 没有可练习的错因"
    if selection.new_only:
        return "every question matching these filters has been answered already; try ch3quiz quiz --wrong or ch3quiz review / 没有新题了"
    return "no questions match these filters; ch3quiz sections and ch3quiz tags show what there is / 没有符合条件的题目"
