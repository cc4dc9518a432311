"""The exam plan: what to study each day so that as much as possible is recalled on the exam day.

FSRS schedules every card for "remember for the long run"; a student with an exam wants "remember on
the 20th". py-fsrs already gives what that needs: a card's retrievability at any moment from its
stability. Each day, within the student's budget of answers, the plan takes:

1. before the last day, a quota of new cards that shows every card before the exam (the cards left
   over the days left);
2. before the last day: more new cards while the budget lasts (coverage is most of the gain), then the
   cards FSRS has due (the weakest now first when the budget is ample, else most overdue first), then
   reviews ahead of time ranked by their expected gain in exam-day recall;
3. on the last day: whatever gains most across the bank, new cards and reviews alike, which is what
   is most at risk; equal gains (every unseen card's) take turns across the sections, so the budget is
   not spent on the first sections in bank order.

Step 2 is not a greedy "largest gain" all along: the simulation (benchmarks/bench_exam_plan.py, method
in docs/exam-plan.md) found that such a myopic greedy loses to FSRS's own due order before the final
day, because it keeps returning to the weakest cards as if each review were the last.

- a review's value is the exam-day recall after it, averaged over its outcome (recalled with the
  card's retrievability now, or a first sight with the student's first-sight rate, rated Good; else
  Again), minus the exam-day recall without it;
- the plan studies without learning steps: a first sight is one answer, rated like any review, and
  a forgotten card comes back on another day. With the default steps (1 min, 10 min) a new card
  costs two answers on its first day, and the simulation in benchmarks/bench_exam_plan.py finds that
  the second one, minutes after the first, adds little to exam-day recall that a card not yet seen
  would not add far more;
- at most one review per card per day, because retrievability counts whole days since the last review;
  days to the exam are whole days too: from the local day of the card's last review to the exam day
  (a review the day before the exam is one day old on the exam, as the optimizer counts days), so a
  review on the last day never reads as 100% recalled;
- planned reviews are ordinary FSRS reviews: nothing edits a stability or a due date, so plain FSRS
  takes over after the exam.

Everything here is pure computation over fsrs Cards. What following the plan is expected to give is
worked out in review/plan_simulation.py; the store and the CLI are elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ch3quiz.review.scheduler import AGAIN, GOOD, local_day

LEARN_AHEAD = timedelta(minutes=20)  # a learning card due this soon is shown again in the same session
NEW_CARD_ANSWERS = 1  # no learning steps under the plan: a first sight is one answer
MIN_GAIN = 0.002  # a review that would raise exam-day recall by less than this is not worth an answer
FINAL_DAYS = 1  # the days before the exam spent on what is most at risk rather than on what is due
# Reviews per card seen that today's room over the days left must reach for due cards to go weakest first
# (else most overdue first); tuned on simulated students other than the benchmark's (docs/exam-plan.md).
AMPLE_REVIEWS = 1.5
# The chance a first sight is recalled (rated Good), until the student's own first answers say otherwise:
# the middle of the 0.6-0.9 the benchmark draws its students from.
DEFAULT_FIRST_SIGHT = 0.75


@dataclass(frozen=True, kw_only=True)
class Choice:
    """One study the plan asks for today."""

    question_id: str
    kind: str  # "learning" (a step due now), "due", "ahead" (reviewed before FSRS would), "new"
    exam_recall: float  # predicted exam-day recall without this study
    gain: float  # expected rise in exam-day recall from it
    answers: float  # the answers it is expected to cost


def exam_day_recall(scheduler, card, exam: date, *, day_of: Callable[[datetime], date] = local_day) -> float:
    """py-fsrs's retrievability of ``card`` on the exam day (0 for a card never seen). Its elapsed
    days are whole days from the local day of the last review to the exam day, the way the optimizer
    counts the days between reviews; py-fsrs is asked at the moment that many days after the review."""
    if card is None or card.last_review is None:
        return 0.0
    elapsed = max(0, (exam - day_of(card.last_review)).days)
    return scheduler.get_card_retrievability(card, card.last_review + timedelta(days=elapsed))


def days_left(now: datetime, exam: date) -> int:
    """Study days before the exam, today included (0 on the exam day or after)."""
    return max(0, (exam - local_day(now)).days)


class Planner:
    """Exam-day recall of cards and the day-by-day choice of what to study, for one exam."""

    def __init__(self, scheduler, exam: date, *, first_sight: float = DEFAULT_FIRST_SIGHT,
                 sections: Mapping[str, str] | None = None) -> None:
        import fsrs

        self._fsrs = fsrs
        # Without fuzz: the plan predicts, it does not schedule (fuzz only moves due dates anyway). The
        # student's retention sets the intervals, so the plan foresees the due dates review will give.
        self.scheduler = fsrs.Scheduler(parameters=scheduler.parameters, desired_retention=scheduler.desired_retention,
                                        enable_fuzzing=False, learning_steps=(), relearning_steps=())
        self.exam = exam
        self.first_sight = first_sight
        self.sections = dict(sections or {})  # question id -> section: equal gains are spread over the sections
        # Study values of the day being planned, by card history: cards with the same history (common
        # in a simulation, where a day's answers share one moment) are valued once. Cleared each day.
        self._values: dict[tuple, float] = {}
        self._values_at: datetime | None = None
        self._days: dict[datetime, date] = {}  # local days of the moments seen (time-zone lookups are slow)

    # ---- predictions --------------------------------------------------------

    def exam_recall(self, card) -> float:
        """Predicted recall on the exam day if the card is not studied again (0 for a new card)."""
        return exam_day_recall(self.scheduler, card, self.exam, day_of=self._day_of)

    def _day_of(self, moment: datetime) -> date:
        if moment not in self._days:
            self._days[moment] = local_day(moment)
        return self._days[moment]

    def recall_chance(self, card, at: datetime) -> float:
        """The chance the card is recalled if studied at ``at``: FSRS's retrievability, or for a first
        sight the student's first-sight rate."""
        return self.first_sight if card is None else self.scheduler.get_card_retrievability(card, at)

    def answer(self, card, at: datetime, *, recalled: bool):
        """The card after it is studied at ``at``: rated Good when recalled, else Again."""
        rating = self._fsrs.Rating(GOOD if recalled else AGAIN)
        return self.scheduler.review_card(card or self._fsrs.Card(card_id=1), rating, at)[0]

    def study_value(self, card, at: datetime) -> float:
        """Expected exam-day recall after studying the card at ``at``, over both outcomes."""
        if self._values_at != at:
            self._values, self._values_at = {}, at
        key = None if card is None else (card.state, card.step, card.stability, card.difficulty, card.last_review)
        if key not in self._values:
            chance = self.recall_chance(card, at)
            recalled, forgot = (self.exam_recall(self.answer(card, at, recalled=r)) for r in (True, False))
            self._values[key] = chance * recalled + (1 - chance) * forgot
        return self._values[key]

    # ---- one day ----------------------------------------------------------------

    def choose_day(self, cards: Mapping[str, object], at: datetime, *, budget: float, new_quota: int) -> list[Choice]:
        """Today's studies in the order they are shown. ``cards`` maps each question id, in bank
        order, to its fsrs Card or None (new); ``budget`` counts answers.

        First any learning step due now. Before the last day, the day's quota of new cards, then more
        new cards, then the cards FSRS has due (the weakest now first when the budget is ample, else
        most overdue first), then reviews ahead of time with the largest expected gain in exam-day
        recall. On the last day, no quota: whatever gains most across the bank, equal gains taking
        turns across the sections. Reviews are shown weakest first (lowest predicted exam-day recall),
        then new cards."""
        learning, unseen, reviewable = self._sorted_out(cards, at)
        spent = float(len(learning))
        if self._final(at):  # no quota in bank order: every card, new or not, competes by its gain
            new_quota = 0
        quota = [self._new(qid, at) for qid in unseen[:max(0, min(new_quota, int((budget - spent) // NEW_CARD_ANSWERS)))]]
        spent += NEW_CARD_ANSWERS * len(quota)
        rest = unseen[len(quota):]
        if not self._final(at):
            # Before the last day the new cards, all of one value, go in bank order: only as many as the
            # rest of the budget could take are valued, the ones past them are never chosen (with 100,000
            # unseen cards valuing them all was most of a plan). The last day spreads them over the sections.
            rest = rest[:max(0, int((budget - spent) // NEW_CARD_ANSWERS)) + 1]
        ranked = self._ranked([self._new(qid, at) for qid in rest], reviewable, at, room=budget - spent,
                              new_count=len(unseen) - len(quota))
        chosen = _fill(ranked, budget - spent)
        studied = sorted((c for c in chosen if c.kind != "new"), key=lambda c: c.exam_recall)
        return learning + studied + quota + [c for c in chosen if c.kind == "new"]

    def _ranked(self, new: list[Choice], reviewable: list[tuple[str, object]], at: datetime, *, room: float,
                new_count: int) -> list[Choice]:
        """The candidates beyond the new-card quota, best first; reviews are valued only as far as
        ``room`` (the answers left) can reach, since valuing one costs two FSRS reviews. ``new`` holds
        the first of the ``new_count`` new cards left, as many as the room can take (all on the last day)."""
        if self._final(at):
            return _by_gain(self._spread(new + [self._review(qid, card, at) for qid, card in reviewable]))
        days = (self.exam - self._day_of(at)).days
        due = self._due_in_order([(qid, card) for qid, card in reviewable if card.due <= at], at,
                                 ample=room * days >= AMPLE_REVIEWS * len(reviewable))
        head = new + [self._review(qid, card, at) for qid, card in due[:max(0, math.ceil(room) - new_count)]]
        if len(head) >= room:
            return head
        return head + _by_gain([self._review(qid, card, at) for qid, card in reviewable if card.due > at])

    def _final(self, at: datetime) -> bool:
        return (self.exam - self._day_of(at)).days <= FINAL_DAYS

    def _spread(self, candidates: list[Choice]) -> list[Choice]:
        """The candidates with the sections taking turns (the first of each section, then the second…),
        so that equal gains, such as every new card's, do not spend the budget one section after another
        in bank order; the ranking by gain, which is stable, keeps this order among equals."""
        turn: dict[str, int] = {}
        keyed = []
        for index, choice in enumerate(candidates):
            section = self.sections.get(choice.question_id, choice.question_id)
            turn[section] = turn.get(section, -1) + 1
            keyed.append((turn[section], index, choice))
        return [choice for _turn, _index, choice in sorted(keyed, key=lambda item: item[:2])]

    def _due_in_order(self, due: list[tuple[str, object]], at: datetime, *, ample: bool) -> list[tuple[str, object]]:
        """The due cards in the order they get today's answers. With an ample budget (today's room
        over the days left reaches AMPLE_REVIEWS reviews per card seen) the weakest now first: a card
        left today comes back tomorrow, and the weakest can least afford the wait. With a tight one
        FSRS's order, most overdue first: a card left today waits days, and the simulation found
        weakest-first there spends the answers on cards likely forgotten again (0.1-0.7 points lower
        at 14 days, at the "as today" workload)."""
        if ample:
            return sorted(due, key=lambda pair: self.scheduler.get_card_retrievability(pair[1], at))
        return sorted(due, key=lambda pair: pair[1].due)

    def _sorted_out(self, cards: Mapping[str, object], at: datetime) -> tuple[list[Choice], list[str], list[tuple[str, object]]]:
        """In one walk of the cards, in bank order: the learning steps due now (as choices), the new
        cards' ids, and the review cards not yet studied today (a card reviewed today waits for
        tomorrow). One walk, not three: a plan walks the bank once a simulated day and run."""
        learning: list[Choice] = []
        unseen: list[str] = []
        reviewable: list[tuple[str, object]] = []
        review, step_horizon, today = self._fsrs.State.Review, at + LEARN_AHEAD, self._day_of(at)
        for qid, card in cards.items():
            if card is None:
                unseen.append(qid)
            elif card.state != review:
                if card.due <= step_horizon:
                    learning.append(self._learning(qid, card))
            elif card.last_review is None or self._day_of(card.last_review) != today:
                reviewable.append((qid, card))
        return learning, unseen, reviewable

    def _learning(self, question_id: str, card) -> Choice:
        return Choice(question_id=question_id, kind="learning", exam_recall=self.exam_recall(card), gain=0.0, answers=1.0)

    def _new(self, question_id: str, at: datetime) -> Choice:
        return Choice(question_id=question_id, kind="new", exam_recall=0.0, gain=self.study_value(None, at),
                      answers=float(NEW_CARD_ANSWERS))

    def _review(self, question_id: str, card, at: datetime) -> Choice:
        before = self.exam_recall(card)
        return Choice(question_id=question_id, kind="due" if card.due <= at else "ahead", exam_recall=before,
                      gain=self.study_value(card, at) - before, answers=1.0)


def _by_gain(candidates: list[Choice]) -> list[Choice]:
    """Candidates worth an answer, the largest expected gain per answer first (weakest first on a tie)."""
    worth = (c for c in candidates if c.gain > MIN_GAIN)
    return sorted(worth, key=lambda c: (-c.gain / c.answers, c.exam_recall))


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
