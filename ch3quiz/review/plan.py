"""The exam plan: what to study each day so that as much as possible is recalled on the exam day.

FSRS schedules every card for "remember for the long run"; a student with an exam wants "remember on
the 20th". py-fsrs already gives what that needs: a card's retrievability at any moment from its
stability. Each day, within the student's budget of answers, the plan takes:

1. a quota of new cards that shows every card before the exam (the cards left over the days left);
2. before the last day: more new cards while the budget lasts (coverage is most of the gain), then the
   cards FSRS has due, most overdue first, then reviews ahead of time ranked by their expected gain in
   exam-day recall;
3. on the last day: whatever gains most, which is what is most at risk.

Step 2 is not a greedy "largest gain" all along: the simulation (benchmarks/bench_exam_plan.py, method
in docs/exam-plan.md) found that such a myopic greedy loses to FSRS's own due order before the final
day, because it keeps returning to the weakest cards as if each review were the last.

- a review's value is the exam-day recall after it, averaged over its outcome (recalled with the
  card's retrievability now, rated Good; else Again), minus the exam-day recall without it;
- a review's value is the exam-day recall after it, averaged over its outcome (recalled with the
  card's retrievability now, rated Good; else Again), minus the exam-day recall without it;
- the plan studies without learning steps: a first sight is one answer, rated like any review, and
  a forgotten card comes back on another day. With the default steps (1 min, 10 min) a new card
  costs two answers on its first day, and the simulation in benchmarks/bench_exam_plan.py finds that
  the second one, minutes after the first, adds little to exam-day recall that a card not yet seen
  would not add far more;
- at most one review per card per day, because retrievability counts whole days since the last review
  (days to the exam are measured the same way, from the exam day's local midnight);
- planned reviews are ordinary FSRS reviews: nothing edits a stability or a due date, so plain FSRS
  takes over after the exam.

Everything here is pure computation over fsrs Cards; the store and the CLI are elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ch3quiz.review.scheduler import AGAIN, GOOD, local_day

LEARN_AHEAD = timedelta(minutes=20)  # a learning card due this soon is shown again in the same session
NEW_CARD_ANSWERS = 1  # no learning steps under the plan: a first sight is one answer
MIN_GAIN = 0.002  # a review that would raise exam-day recall by less than this is not worth an answer
FINAL_DAYS = 1  # the days before the exam spent on what is most at risk rather than on what is due


@dataclass(frozen=True, kw_only=True)
class Choice:
    """One study the plan asks for today."""

    question_id: str
    kind: str  # "learning" (a step due now), "due", "ahead" (reviewed before FSRS would), "new"
    exam_recall: float  # predicted exam-day recall without this study
    gain: float  # expected rise in exam-day recall from it
    answers: float  # the answers it is expected to cost


def exam_moment(exam: date) -> datetime:
    """The start of the exam day in the student's time zone (the moment recall is predicted for)."""
    return datetime.combine(exam, time()).astimezone()


def days_left(now: datetime, exam: date) -> int:
    """Study days before the exam, today included (0 on the exam day or after)."""
    return max(0, (exam - local_day(now)).days)


class Planner:
    """Exam-day recall of cards and the day-by-day choice of what to study, for one exam."""

    def __init__(self, scheduler, exam: date) -> None:
        import fsrs

        self._fsrs = fsrs
        # Without fuzz: the plan predicts, it does not schedule (fuzz only moves due dates anyway).
        self.scheduler = fsrs.Scheduler(parameters=scheduler.parameters, enable_fuzzing=False,
                                        learning_steps=(), relearning_steps=())
        self.exam_at = exam_moment(exam)
        self._new_value: dict[datetime, float] = {}

    # ---- predictions --------------------------------------------------------

    def exam_recall(self, card) -> float:
        """Predicted recall on the exam day if the card is not studied again (0 for a new card)."""
        if card is None:
            return 0.0
        return self.scheduler.get_card_retrievability(card, self.exam_at)

    def introduce(self, question_id: str, at: datetime):
        """A new card after its first sight, rated Good."""
        return self.scheduler.review_card(self._fsrs.Card(card_id=1), self._fsrs.Rating(GOOD), at)[0]

    def review_good(self, card, at: datetime):
        return self.scheduler.review_card(card, self._fsrs.Rating(GOOD), at)[0]

    def study_value(self, card, at: datetime) -> float:
        """Expected exam-day recall after studying the card at ``at``."""
        if card is None:
            if at not in self._new_value:
                self._new_value[at] = self.exam_recall(self.introduce("new", at))
            return self._new_value[at]
        recall_now = self.scheduler.get_card_retrievability(card, at)
        forgot, _ = self.scheduler.review_card(card, self._fsrs.Rating(AGAIN), at)
        return recall_now * self.exam_recall(self.review_good(card, at)) + (1 - recall_now) * self.exam_recall(forgot)

    # ---- one day ----------------------------------------------------------------

    def choose_day(self, cards: Mapping[str, object], at: datetime, *, budget: float, new_quota: int) -> list[Choice]:
        """Today's studies in the order they are shown. ``cards`` maps each question id, in bank
        order, to its fsrs Card or None (new); ``budget`` counts answers.

        First any learning step due now, then the day's quota of new cards. Before the last day the
        rest of the budget goes to more new cards, then the cards FSRS has due (most overdue first),
        then reviews ahead of time with the largest expected gain in exam-day recall; on the last
        day, to whatever gains most, which is what is most at risk. Reviews are shown weakest first
        (lowest predicted exam-day recall), then new cards."""
        learning = [self._learning(qid, card) for qid, card in cards.items() if self._in_step(card, at)]
        spent = float(len(learning))
        new = [self._new(qid, at) for qid, card in cards.items() if card is None]
        quota = new[:max(0, min(new_quota, int((budget - spent) // NEW_CARD_ANSWERS)))]
        spent += NEW_CARD_ANSWERS * len(quota)
        reviews = [self._review(qid, card, at) for qid, card in cards.items() if self._reviewable(card, at)]
        chosen = _fill(self._ranked(new[len(quota):], reviews, cards, at), budget - spent)
        studied = sorted((c for c in chosen if c.kind != "new"), key=lambda c: c.exam_recall)
        return learning + studied + quota + [c for c in chosen if c.kind == "new"]

    def _ranked(self, new: list[Choice], reviews: list[Choice], cards: Mapping[str, object], at: datetime) -> list[Choice]:
        """The candidates beyond the new-card quota, best first."""
        by_gain = sorted((c for c in new + reviews if c.gain > MIN_GAIN), key=lambda c: (-c.gain / c.answers, c.exam_recall))
        if (self.exam_at - at).days < FINAL_DAYS:
            return by_gain
        due = sorted((c for c in reviews if c.kind == "due"), key=lambda c: cards[c.question_id].due)
        return new + due + [c for c in by_gain if c.kind == "ahead"]

    def _in_step(self, card, at: datetime) -> bool:
        return card is not None and card.state != self._fsrs.State.Review and card.due <= at + LEARN_AHEAD

    def _reviewable(self, card, at: datetime) -> bool:
        if card is None or card.state != self._fsrs.State.Review:
            return False
        return card.last_review is None or local_day(card.last_review) != local_day(at)

    def _learning(self, question_id: str, card) -> Choice:
        return Choice(question_id=question_id, kind="learning", exam_recall=self.exam_recall(card), gain=0.0, answers=1.0)

    def _new(self, question_id: str, at: datetime) -> Choice:
        return Choice(question_id=question_id, kind="new", exam_recall=0.0, gain=self.study_value(None, at),
                      answers=float(NEW_CARD_ANSWERS))

    def _review(self, question_id: str, card, at: datetime) -> Choice:
        before = self.exam_recall(card)
        return Choice(question_id=question_id, kind="due" if card.due <= at else "ahead", exam_recall=before,
                      gain=self.study_value(card, at) - before, answers=1.0)


def _fill(ranked: list[Choice], budget: float) -> list[Choice]:
    """The best candidates that fit the budget, in rank order."""
    chosen, spent = [], 0.0
    for choice in ranked:
        if spent + choice.answers <= budget + 1e-9:
            chosen.append(choice)
            spent += choice.answers
    return chosen


def new_quota(new_cards: int, days: int) -> int:
    """New cards to introduce today so that every card is seen before the exam."""
    return math.ceil(new_cards / days) if days > 0 else 0


@dataclass(frozen=True, kw_only=True)
class PlanDay:
    day: date
    reviews: int
    new: int
    answers: float  # expected answers, learning steps included


@dataclass(frozen=True, kw_only=True)
class PlanForecast:
    days: list[PlanDay]
    now: dict[str, float]  # question id -> exam-day recall if nothing more is studied
    planned: dict[str, float]  # question id -> expected exam-day recall if the plan is followed


def simulate_plan(planner: Planner, cards: Mapping[str, object], now: datetime, *, budget: Callable[[int], float],
                  days: int) -> PlanForecast:
    """Follow the plan day by day from ``now``, each study recalled (the plan's days and counts);
    the expected exam-day recall of each card is taken at its last planned study."""
    state = dict(cards)
    expected = {qid: planner.exam_recall(card) for qid, card in state.items()}
    plan_days = []
    for offset in range(days):
        at = now + timedelta(days=offset)
        remaining_new = sum(1 for card in state.values() if card is None)
        choices = planner.choose_day(state, at, budget=budget(offset), new_quota=new_quota(remaining_new, days - offset))
        for choice in choices:
            _follow(planner, state, expected, choice, at)
        plan_days.append(PlanDay(day=local_day(at), reviews=sum(c.kind != "new" for c in choices),
                                 new=sum(c.kind == "new" for c in choices), answers=sum(c.answers for c in choices)))
    return PlanForecast(days=plan_days, now={qid: planner.exam_recall(card) for qid, card in cards.items()},
                        planned=expected)


def _follow(planner: Planner, state: dict, expected: dict, choice: Choice, at: datetime) -> None:
    card = state[choice.question_id]
    if choice.kind == "new":
        state[choice.question_id] = planner.introduce(choice.question_id, at)
        expected[choice.question_id] = planner.exam_recall(state[choice.question_id])
        return
    expected[choice.question_id] = planner.study_value(card, at) if choice.kind != "learning" else planner.exam_recall(card)
    state[choice.question_id] = planner.review_good(card, max(at, card.due) if choice.kind == "learning" else at)
