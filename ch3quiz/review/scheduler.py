"""Spaced repetition with FSRS (the ``fsrs`` package): every question is a card.

Reviews and quiz answers feed the same cards, so practising and reviewing
are one memory model: a right quiz answer counts as Good, a wrong one as Again.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from ch3quiz.bank.model import Question
from ch3quiz.errors import StoreError
from ch3quiz.review.cardlog import stored_moment
from ch3quiz.review.store import Planner, Review, Store

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: "Again / 忘了", HARD: "Hard / 困难", GOOD: "Good / 记得", EASY: "Easy / 简单"}
# What a graded answer suggests; an answer that could not be decided suggests nothing.
RATING_FOR_VERDICT = {"correct": GOOD, "partial": HARD, "incorrect": AGAIN}


def _card_id(question_id: str) -> int:
    # A stable id per question; fsrs would otherwise use (and sleep on) the wall clock.
    return zlib.crc32(question_id.encode("utf-8")) + 1


def local_day(moment: datetime) -> date:
    """The student's calendar day of a moment: days (streaks, new cards a day) follow local time,
    while everything stored stays in UTC."""
    return moment.astimezone().date()


def start_of_day(moment: datetime) -> datetime:
    """Local midnight of the moment's day, as an aware datetime."""
    local = moment.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


# Where the student's own fitted FSRS parameters are kept (see review/optimize.py).
PARAMETERS_SETTING = "fsrs_parameters"
RETENTION_SETTING = "desired_retention"  # the last `review --retention`, kept for every later schedule and plan
DEFAULT_RETENTION = 0.9


def load_card(store: Store, question_id: str, stored: str | None):
    """The question's fsrs Card from its stored JSON (a fresh card when there is none)."""
    import fsrs

    try:
        return _sound(fsrs.Card.from_json(stored)) if stored else fsrs.Card(card_id=_card_id(question_id))
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(
            f"the saved card of {question_id} cannot be read ({type(exc).__name__}: {exc}); "
            f"progress database {store.path}"
        ) from None


def _sound(card):
    """The card, when FSRS can compute with it: a hand-edited or foreign row with a NaN, infinite or
    negative stability (or difficulty), or a due time without a zone, read fine and crashed later
    (plan and quiz --wrong: exit 70, "cannot convert float NaN to integer", "complex")."""
    for name in ("stability", "difficulty"):
        value = getattr(card, name)
        if value is not None and not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"its {name} is {value!r}")
    for name in ("due", "last_review"):
        moment = getattr(card, name)
        if moment is not None and moment.tzinfo is None:
            raise ValueError(f"its {name} {moment.isoformat()} has no time zone")
    return card


def student_retention(store: Store) -> float:
    """The retention the student last asked for with ``review --retention``, else FSRS's 0.9."""
    stored = store.setting(RETENTION_SETTING)
    return float(stored) if isinstance(stored, (int, float)) and 0.7 <= stored <= 0.99 else DEFAULT_RETENTION


def fsrs_scheduler(store: Store, *, desired_retention: float | None = None, fuzz: bool = True, steps: bool = True):
    """An fsrs Scheduler with the student's fitted parameters when there are any, else the defaults.
    Without ``steps`` it has no (re)learning steps: a new or forgotten card costs one answer a day,
    which is how the exam plan studies (see review/plan.py)."""
    import fsrs

    options = {} if steps else {"learning_steps": (), "relearning_steps": ()}
    try:
        fitted = store.setting(PARAMETERS_SETTING)
        if fitted:
            options["parameters"] = [float(w) for w in fitted["parameters"]]
        retention = student_retention(store) if desired_retention is None else desired_retention
        return fsrs.Scheduler(desired_retention=retention, enable_fuzzing=fuzz, **options)
    except (KeyError, TypeError, ValueError) as exc:  # a damaged setting: say what, and how to recover
        reason = " ".join(str(exc).split())
        raise StoreError(f"your fitted FSRS parameters in {store.path} cannot be used ({type(exc).__name__}: {reason}); "
                         "ch3quiz optimize --reset goes back to the defaults / 已保存的 FSRS 参数无效") from None


def with_duration(review: Review, seconds: float) -> Review:
    """The same review, timed to when the student actually rated it."""
    duration = int(seconds * 1000)
    log = json.loads(review.log_json)
    log["review_duration"] = duration
    return replace(review, duration_ms=duration, log_json=json.dumps(log))


class Scheduler:
    def __init__(self, store: Store, *, desired_retention: float | None = None, fuzz: bool = True, steps: bool = True) -> None:
        import fsrs

        self._fsrs = fsrs
        self.store = store
        self.scheduler = fsrs_scheduler(store, desired_retention=desired_retention, fuzz=fuzz, steps=steps)

    def plan(self, question: Question, rating: int, *, seconds: float | None = None, source: str = "review") -> Review:
        """The card's state after this rating, not yet stored."""
        return self._reviewed(question, self.store.card_json(question.id), rating, seconds, source)

    def _reviewed(self, question: Question, stored: str | None, rating: int, seconds: float | None,
                  source: str) -> Review:
        """The review of a card from its stored JSON (None: a new card)."""
        card = load_card(self.store, question.id, stored)
        now = self.store.clock()
        duration = None if seconds is None else int(seconds * 1000)
        card, log = self.scheduler.review_card(card, self._fsrs.Rating(rating), now, duration)
        return Review(question.id, card.to_json(), card.due, int(card.state), rating, now, duration, source, log.to_json())

    def preview(self, question: Question) -> dict[int, Review]:
        """What each rating would do to the card now (fuzz included): the labels on the rating
        prompt, and the review that is stored when one is chosen, so the label is what happens."""
        return {rating: self.plan(question, rating) for rating in (AGAIN, HARD, GOOD, EASY)}

    def planner(self, question: Question, rating: int, *, seconds: float | None = None,
                source: str = "review") -> Planner:
        """The rating as a function of the stored card, for the store to apply inside its write transaction."""
        return lambda stored: self._reviewed(question, stored, rating, seconds, source)

    def keep_preview(self, question: Question, chosen: Review, based_on: str | None) -> Planner:
        """Store the previewed review the student chose (its label is what happens), unless the card
        changed since the preview (another session rated it): then rate the card as it is now."""
        seconds = None if chosen.duration_ms is None else chosen.duration_ms / 1000

        def plan(stored: str | None) -> Review:
            if stored == based_on:
                return chosen
            return self._reviewed(question, stored, chosen.rating, seconds, chosen.source)

        return plan

    def rate(self, question: Question, rating: int, *, seconds: float | None = None, source: str = "review") -> Review:
        """Apply one rating to the question's card and commit both the card and the log
        (the card is read and written in one transaction)."""
        review, _log_id = self.store.apply_review(question.id, self.planner(question, rating, seconds=seconds, source=source))
        assert review is not None
        return review

    def plan_for_answer(self, question: Question, verdict: str, seconds: float | None = None) -> Review | None:
        """A quiz answer as a review: right = Good, wrong = Again, undecided = none.

        The card is read outside any write transaction: to store the review, hand
        ``planner_for_answer`` to ``Store.record_answer`` instead (two sessions on one card).
        """
        rating = RATING_FOR_VERDICT.get(verdict)
        return None if rating is None else self.plan(question, rating, seconds=seconds, source="quiz")

    def planner_for_answer(self, question: Question, verdict: str, seconds: float | None = None) -> Planner | None:
        """``plan_for_answer`` for the store to apply inside the answer's own transaction."""
        rating = RATING_FOR_VERDICT.get(verdict)
        return None if rating is None else self.planner(question, rating, seconds=seconds, source="quiz")


def review_queue(
    questions: Sequence[Question], store: Store, *, new_per_day: int, count: int | None = None
) -> list[Question]:
    """Due cards (most overdue first), then new cards in bank order up to today's allowance."""
    now = store.clock()
    by_id = {q.id: q for q in questions}
    due = [by_id[qid] for qid in store.due_card_ids(now) if qid in by_id]
    known = store.card_ids()
    allowance = max(0, new_per_day - store.introduced_since(start_of_day(now)))
    new = [q for q in questions if q.id not in known][:allowance]
    queue = due + new
    return queue[:count] if count else queue


def due_forecast(dues: Iterable[str], now: datetime, days: int = 14) -> list[int]:
    """Cards falling due on each of the next ``days`` days (overdue ones count today)."""
    today = start_of_day(now)
    counts = [0] * days
    for due in dues:
        offset = (stored_moment(due, "a card's due time") - today) // timedelta(days=1)
        if offset < days:
            counts[max(0, offset)] += 1
    return counts
