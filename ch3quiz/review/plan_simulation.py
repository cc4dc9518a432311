"""What following the exam plan can be expected to give: the plan's days and counts, and each card's
expected recall on the exam day.

A forecast that takes every future answer as recalled promises what no student gets (a fresh student
14 days out was told 99-100% for every section). So the plan is run forward several times, day by
day, and every answer is drawn at random: a review is recalled with the chance FSRS gives it at that
moment (its retrievability), a first sight with the student's first-sight rate; recalled is Good,
forgotten is Again, and the plan of the next day sees what happened. A card's expected exam-day recall
is the mean over the runs of its predicted recall on the exam day; the day table is the mean of the
runs' counts. It is still FSRS's model with the default (or the student's fitted) parameters: an
estimate, and shown as one.

The runs share a seed (the same history gives the same forecast) and go in lockstep, one day at a
time, so the planner values each card history of the day once for all of them.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ch3quiz.review.plan import Planner, new_quota
from ch3quiz.review.scheduler import local_day

MAX_RUNS = 8  # 14 days out on the bundled bank: section means within 1-3 points across seeds, overall within 0.5
MIN_RUNS = 2
RUN_DAYS = 240  # simulated days in all: far exams get fewer runs (their forecasts vary less, and cost more)
SEED = 2026


def runs_for(days: int) -> int:
    """How many runs a forecast ``days`` ahead simulates."""
    return max(MIN_RUNS, min(MAX_RUNS, RUN_DAYS // max(1, days)))


@dataclass(frozen=True, kw_only=True)
class PlanDay:
    day: date
    reviews: int  # the runs' mean, rounded
    new: int
    answers: float  # expected answers


@dataclass(frozen=True, kw_only=True)
class PlanForecast:
    days: list[PlanDay]
    now: dict[str, float]  # question id -> exam-day recall if nothing more is studied
    planned: dict[str, float]  # question id -> expected exam-day recall if the plan is followed
    runs: int


@dataclass(frozen=True, kw_only=True)
class _Tally:
    reviews: int
    new: int


@dataclass(kw_only=True)
class _Run:
    """One simulated student following the plan: their cards and what each day held."""

    cards: dict[str, object]
    rng: random.Random
    days: list[_Tally] = field(default_factory=list)
    unseen: int = 0  # cards still new (counted once, then kept up to date: a count a day was a walk of the bank)


def simulate_plan(planner: Planner, cards: Mapping[str, object], now: datetime, *, budget: Callable[[int], float],
                  days: int, runs: int | None = None, seed: int = SEED) -> PlanForecast:
    """Follow the plan for ``days`` days from ``now`` in ``runs`` runs with random answers; ``cards``
    maps each question id, in bank order, to its fsrs Card or None; ``budget(offset)`` is the answers
    of the day ``offset`` days from today; ``runs`` defaults to ``runs_for(days)``."""
    runs = runs or runs_for(days)
    unseen = sum(1 for card in cards.values() if card is None)
    simulated = [_Run(cards=dict(cards), rng=random.Random(seed + index), unseen=unseen) for index in range(runs)]
    for offset in range(days):
        at = now + timedelta(days=offset)
        for run in simulated:
            _study_day(planner, run, at, budget=budget(offset), days_left=days - offset)
    planned = {qid: statistics.fmean(planner.exam_recall(run.cards[qid]) for run in simulated) for qid in cards}
    return PlanForecast(days=_mean_days(simulated, now), now={qid: planner.exam_recall(card) for qid, card in cards.items()},
                        planned=planned, runs=runs)


def _study_day(planner: Planner, run: _Run, at: datetime, *, budget: float, days_left: int) -> None:
    """One day of the plan: its choices, each answered at random with the chance FSRS gives it."""
    choices = planner.choose_day(run.cards, at, budget=budget, new_quota=new_quota(run.unseen, days_left))
    for choice in choices:
        card = run.cards[choice.question_id]
        if card is None:
            run.unseen -= 1
        recalled = run.rng.random() < planner.recall_chance(card, at)
        run.cards[choice.question_id] = planner.answer(card, at, recalled=recalled)
    fresh = sum(1 for c in choices if c.kind == "new")
    run.days.append(_Tally(reviews=len(choices) - fresh, new=fresh))


def _mean_days(simulated: list[_Run], now: datetime) -> list[PlanDay]:
    rows = []
    for offset, tallies in enumerate(zip(*(run.days for run in simulated))):
        reviews = statistics.fmean(t.reviews for t in tallies)
        new = statistics.fmean(t.new for t in tallies)
        rows.append(PlanDay(day=local_day(now + timedelta(days=offset)), reviews=round(reviews), new=round(new),
                            answers=reviews + new))
    return rows
