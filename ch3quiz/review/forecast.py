"""The exam date as the student sets it, and what the plan makes of it against the store:
today's queue for `review`, the day-by-day plan and the exam-day forecast for `plan` and `stats`.

The daily budget is in answers; a budget in minutes is converted with the student's own time per
answer (the median of their timed reviews), or 20 s until there are enough of them. The chance a first
sight is recalled is the student's own too (the share of their cards whose first answer was not
Again), or 75% until there are enough first answers.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from ch3quiz.bank.model import Question
from ch3quiz.bank.sections import SECTIONS
from ch3quiz.errors import StoreError, UsageError
from ch3quiz.review.plan import DEFAULT_FIRST_SIGHT, NEW_CARD_ANSWERS, Choice, Planner, days_left, new_quota
from ch3quiz.review.plan_simulation import PlanDay, simulate_plan
from ch3quiz.review.scheduler import AGAIN, fsrs_scheduler, load_card, local_day, start_of_day
from ch3quiz.review.store import Store

EXAM_SETTING = "exam_plan"
DEFAULT_SECONDS_PER_ANSWER = 20.0
MIN_TIMED_REVIEWS = 10  # fewer timed reviews than this, and the default time per answer is used
MIN_FIRST_SIGHTS = 10  # fewer cards seen than this, and the default first-sight rate is used
DEFAULT_MINUTES = 30
MAX_DAYS = 120  # a plan is simulated day by day; an exam further off is planned for by plain FSRS
MAX_MINUTES = 24 * 60
MAX_CARDS = 40_000  # 24 hours at about 2 s an answer


@dataclass(frozen=True, kw_only=True)
class ExamSettings:
    exam: date
    minutes: int | None = None  # the daily budget: minutes or cards (answers), one of the two
    cards: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"exam": self.exam.isoformat(), "minutes": self.minutes, "cards": self.cards}

    @classmethod
    def from_dict(cls, data: dict) -> ExamSettings:
        """The settings as stored; ValueError (or KeyError, TypeError) when they are not what we store."""
        budgets = {name: data.get(name) for name in ("minutes", "cards")}
        if any(v is not None and (type(v) is not int or v < 1) for v in budgets.values()):
            raise ValueError(f"the daily budget is not a whole number of at least 1: {budgets}")
        return cls(exam=date.fromisoformat(data["exam"]), **budgets)


def exam_is_over(now: datetime, exam: date) -> bool:
    """After the exam day (on the day itself the forecast is still worth showing)."""
    return exam < local_day(now)


def new_settings(*, exam: date, minutes: int | None, cards: int | None, now: datetime) -> ExamSettings:
    """A plan as the student asks for it (a daily budget of 30 minutes unless given); UsageError,
    with the reason, for one that cannot be made."""
    left = days_left(now, exam)
    if left < 1:
        raise UsageError(f"the exam date {exam} is not after today / 考试日期必须晚于今天")
    if left > MAX_DAYS:
        raise UsageError(f"the exam is {left} days away; plans reach at most {MAX_DAYS} days / 最多规划 {MAX_DAYS} 天")
    if minutes is not None and cards is not None:
        raise UsageError("give --minutes or --cards, not both / 只能指定其一")
    if any(budget is not None and budget < 1 for budget in (minutes, cards)):
        raise UsageError("the daily budget must be at least 1 / 每日预算至少为 1")
    # --cards 10^23 was stored and planned with ("1e+23 answers a day"): a day holds no more than this.
    if minutes is not None and minutes > MAX_MINUTES:
        raise UsageError(f"--minutes is a daily budget; a day has {MAX_MINUTES:,} minutes / 每日预算不能超过一天")
    if cards is not None and cards > MAX_CARDS:
        raise UsageError(f"--cards is a daily budget of at most {MAX_CARDS:,} answers (over 2 s an answer, all day)"
                         " / 每日题数过多")
    return ExamSettings(exam=exam, minutes=DEFAULT_MINUTES if minutes is None and cards is None else minutes, cards=cards)


def load_exam(store: Store) -> ExamSettings | None:
    """The stored exam plan, if any; StoreError when it cannot be read (``plan --clear`` removes it)."""
    try:
        stored = store.setting(EXAM_SETTING)
        return None if stored is None else ExamSettings.from_dict(stored)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(f"the saved exam plan in {store.path} cannot be read ({type(exc).__name__}: {exc}); "
                         "ch3quiz plan --clear removes it / 考试计划已损坏，可用 plan --clear 删除") from None


def plan_in_force(store: Store) -> bool:
    """Whether an exam plan is being followed today: then every answer, in review, quiz or check, is
    studied without learning steps, as the plan counts it. A damaged plan counts as none here (it is
    reported where it is followed: review, plan, stats)."""
    try:
        exam = load_exam(store)
    except StoreError:
        return False
    return exam is not None and days_left(store.clock(), exam.exam) > 0


def save_exam(store: Store, settings: ExamSettings | None) -> ExamSettings | None:
    """Store (or with None remove) the exam plan; the one it replaced, if any (None when that one
    could not be read: replacing or clearing a damaged plan is how it is repaired)."""
    try:
        previous = load_exam(store)
    except StoreError:
        previous = None
    store.save_setting(EXAM_SETTING, None if settings is None else settings.to_dict())
    return previous


def seconds_per_answer(store: Store) -> tuple[float, bool]:
    """The student's median seconds per review answer, and whether it was measured."""
    timed = store.review_durations_ms()
    if len(timed) < MIN_TIMED_REVIEWS:
        return DEFAULT_SECONDS_PER_ANSWER, False
    return max(1.0, statistics.median(timed) / 1000), True


def first_sight_rate(store: Store) -> tuple[float, bool]:
    """The share of the student's cards whose first answer was recalled (not Again), and whether it
    was measured."""
    first: dict[str, int] = {}
    for qid, rating, _when, _source in store.review_ratings():
        first.setdefault(qid, rating)
    if len(first) < MIN_FIRST_SIGHTS:
        return DEFAULT_FIRST_SIGHT, False
    return sum(rating != AGAIN for rating in first.values()) / len(first), True


def daily_answers(settings: ExamSettings, seconds: float) -> float:
    """The daily budget in answers (40 minutes at 20 s an answer: 120)."""
    if settings.cards is not None:
        return float(settings.cards)
    return (settings.minutes or DEFAULT_MINUTES) * 60 / seconds


def current_cards(questions: Sequence[Question], store: Store) -> dict[str, object]:
    """Each question's fsrs Card (None when new), in bank order."""
    stored = store.cards_json()
    return {q.id: load_card(store, q.id, stored[q.id]) if q.id in stored else None for q in questions}


def planner_for(store: Store, settings: ExamSettings, questions: Sequence[Question], *,
                first_sight: float = DEFAULT_FIRST_SIGHT) -> Planner:
    """The plan's model: the student's parameters and retention (the last ``review --retention``), the
    sections of ``questions`` so that equal gains are spread over them."""
    return Planner(fsrs_scheduler(store, fuzz=False), settings.exam, first_sight=first_sight,
                   sections={q.id: q.section for q in questions})


def plan_queue(questions: Sequence[Question], store: Store, settings: ExamSettings, *,
               extra: int | None = None) -> list[tuple[Question, Choice]]:
    """Today's studies under the plan, in order, within what is left of today's budget; with
    ``extra``, that many answers beyond it (studying ahead: the plan's next choices)."""
    now = store.clock()
    cards = current_cards(questions, store)
    if extra is None:
        budget = daily_answers(settings, seconds_per_answer(store)[0]) - store.reviews_since(start_of_day(now))
    else:
        budget = float(extra)
    new_cards = sum(1 for card in cards.values() if card is None)
    choices = planner_for(store, settings, questions).choose_day(
        cards, now, budget=max(0.0, budget), new_quota=new_quota(new_cards, days_left(now, settings.exam)))
    by_id = {q.id: q for q in questions}
    return [(by_id[c.question_id], c) for c in choices]


@dataclass(kw_only=True)
class SectionForecast:
    id: str
    title_zh: str
    title_en: str
    cards: int
    now: float  # mean predicted exam-day recall if nothing more is studied
    planned: float | None = None  # ... if the plan is followed


@dataclass(kw_only=True)
class ExamReport:
    """The forecast is an estimate: FSRS's memory model, the default or fitted parameters."""

    exam: str
    days_left: int
    answers_per_day: float
    seconds_per_answer: float
    measured_time: bool
    new_cards: int
    overall_now: float
    overall_planned: float | None = None  # expected: answers drawn with FSRS's chances, over simulated runs
    first_sight: float | None = None  # the chance a first sight is recalled, as the expectation assumes
    measured_first_sight: bool = False
    simulated_runs: int = 0
    sections: list[SectionForecast] = field(default_factory=list)
    days: list[PlanDay] = field(default_factory=list)
    shortfall: float | None = None  # answers a day needed just to see every new card, when over budget

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["days"] = [{**asdict(d), "day": d.day.isoformat()} for d in self.days]
        return data


def exam_report(questions: Sequence[Question], store: Store, settings: ExamSettings, *, with_plan: bool) -> ExamReport:
    """The exam-day forecast per section, and with ``with_plan`` the plan day by day and the expected
    exam-day recall if it is followed."""
    now = store.clock()
    seconds, measured = seconds_per_answer(store)
    budget = daily_answers(settings, seconds)
    cards = current_cards(questions, store)
    first_sight, measured_first_sight = first_sight_rate(store)
    planner = planner_for(store, settings, questions, first_sight=first_sight)
    recall_now = {qid: planner.exam_recall(card) for qid, card in cards.items()}
    report = ExamReport(exam=settings.exam.isoformat(), days_left=days_left(now, settings.exam),
                        answers_per_day=round(budget, 1), seconds_per_answer=round(seconds, 1), measured_time=measured,
                        new_cards=sum(1 for card in cards.values() if card is None),
                        overall_now=_mean(recall_now.values()))
    planned = None
    if with_plan and report.days_left > 0:
        already = store.reviews_since(start_of_day(now))
        forecast = simulate_plan(planner, cards, now, days=report.days_left,
                                 budget=lambda offset: budget - already if offset == 0 else budget)
        planned = forecast.planned
        report.days, report.overall_planned, report.simulated_runs = forecast.days, _mean(planned.values()), forecast.runs
        report.first_sight, report.measured_first_sight = round(first_sight, 4), measured_first_sight
        report.shortfall = _shortfall(report.new_cards, budget=budget, already=already, days=report.days_left)
    report.sections = _by_section(questions, recall_now, planned)
    return report


def _shortfall(new_cards: int, *, budget: float, already: int, days: int) -> float | None:
    """The daily budget that would show every unseen card before the exam, when the one in use is
    smaller (None when it is not). Today's answers so far count against today's budget."""
    answers = new_cards * NEW_CARD_ANSWERS
    if days > 1 and already * (days - 1) >= answers:  # the days after today suffice on their own
        needed = answers / (days - 1)
    else:  # today's remainder and the days after: (needed - already) + needed * (days - 1) = answers
        needed = (answers + already) / days
    return round(needed, 1) if needed > budget + 1e-9 else None


def _by_section(questions: Sequence[Question], now: dict[str, float], planned: dict[str, float] | None) -> list[SectionForecast]:
    rows = []
    for section in SECTIONS:
        ids = [q.id for q in questions if q.section == section.id]
        if not ids:
            continue
        rows.append(SectionForecast(id=section.id, title_zh=section.title_zh, title_en=section.title_en, cards=len(ids),
                                    now=_mean(now[i] for i in ids),
                                    planned=None if planned is None else _mean(planned[i] for i in ids)))
    return rows


def _mean(values) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0
