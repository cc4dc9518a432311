"""The exam date as the student sets it, and what the plan makes of it against the store:
today's queue for `review`, the day-by-day plan and the exam-day forecast for `plan` and `stats`.

The daily budget is in answers; a budget in minutes is converted with the student's own time per
answer (the median of their timed reviews), or 20 s until there are enough of them.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from ch3quiz.bank.model import Question
from ch3quiz.bank.sections import SECTIONS
from ch3quiz.errors import UsageError
from ch3quiz.review.plan import NEW_CARD_ANSWERS, Choice, PlanDay, Planner, days_left, new_quota, simulate_plan
from ch3quiz.review.scheduler import fsrs_scheduler, load_card, start_of_day
from ch3quiz.review.store import Store

EXAM_SETTING = "exam_plan"
DEFAULT_SECONDS_PER_ANSWER = 20.0
MIN_TIMED_REVIEWS = 10  # fewer timed reviews than this, and the default time per answer is used
MAX_DAYS = 120  # a plan is simulated day by day; an exam further off is planned for by plain FSRS


@dataclass(frozen=True, kw_only=True)
class ExamSettings:
    exam: date
    minutes: int | None = None  # the daily budget: minutes or cards (answers), one of the two
    cards: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"exam": self.exam.isoformat(), "minutes": self.minutes, "cards": self.cards}

    @classmethod
    def from_dict(cls, data: dict) -> ExamSettings:
        return cls(exam=date.fromisoformat(data["exam"]), minutes=data.get("minutes"), cards=data.get("cards"))


def check_settings(settings: ExamSettings, now: datetime) -> None:
    """Refuse a plan that cannot be made, with the reason (UsageError)."""
    left = days_left(now, settings.exam)
    if left < 1:
        raise UsageError(f"the exam date {settings.exam} is not after today / 考试日期必须晚于今天")
    if left > MAX_DAYS:
        raise UsageError(f"the exam is {left} days away; plans reach at most {MAX_DAYS} days / 最多规划 {MAX_DAYS} 天")
    if settings.minutes is not None and settings.cards is not None:
        raise UsageError("give --minutes or --cards, not both / 只能指定其一")
    if any(budget is not None and budget < 1 for budget in (settings.minutes, settings.cards)):
        raise UsageError("the daily budget must be at least 1 / 每日预算至少为 1")


def load_exam(store: Store) -> ExamSettings | None:
    stored = store.setting(EXAM_SETTING)
    return None if stored is None else ExamSettings.from_dict(stored)


def save_exam(store: Store, settings: ExamSettings | None) -> ExamSettings | None:
    """Store (or with None remove) the exam plan; the one it replaced, if any."""
    previous = load_exam(store)
    store.save_setting(EXAM_SETTING, None if settings is None else settings.to_dict())
    return previous


def seconds_per_answer(store: Store) -> tuple[float, bool]:
    """The student's median seconds per review answer, and whether it was measured."""
    timed = store.review_durations_ms()
    if len(timed) < MIN_TIMED_REVIEWS:
        return DEFAULT_SECONDS_PER_ANSWER, False
    return max(1.0, statistics.median(timed) / 1000), True


def daily_answers(settings: ExamSettings, seconds: float) -> float:
    """The daily budget in answers (40 minutes at 20 s an answer: 120)."""
    if settings.cards is not None:
        return float(settings.cards)
    return (settings.minutes or 30) * 60 / seconds


def current_cards(questions: Sequence[Question], store: Store) -> dict[str, object]:
    """Each question's fsrs Card (None when new), in bank order."""
    stored = store.cards_json()
    return {q.id: load_card(store, q.id, stored[q.id]) if q.id in stored else None for q in questions}


def planner_for(store: Store, settings: ExamSettings) -> Planner:
    return Planner(fsrs_scheduler(store, fuzz=False), settings.exam)


def plan_queue(questions: Sequence[Question], store: Store, settings: ExamSettings) -> list[tuple[Question, Choice]]:
    """Today's studies under the plan, in order, within what is left of today's budget."""
    now = store.clock()
    cards = current_cards(questions, store)
    budget = daily_answers(settings, seconds_per_answer(store)[0]) - store.reviews_since(start_of_day(now))
    new_cards = sum(1 for card in cards.values() if card is None)
    choices = planner_for(store, settings).choose_day(
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
    overall_planned: float | None = None
    sections: list[SectionForecast] = field(default_factory=list)
    days: list[PlanDay] = field(default_factory=list)
    shortfall: float | None = None  # answers a day needed just to see every new card, when over budget

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["days"] = [{**asdict(d), "day": d.day.isoformat()} for d in self.days]
        return data


def exam_report(questions: Sequence[Question], store: Store, settings: ExamSettings, *, with_plan: bool) -> ExamReport:
    """The exam-day forecast per section, and with ``with_plan`` the plan day by day."""
    now = store.clock()
    left = days_left(now, settings.exam)
    seconds, measured = seconds_per_answer(store)
    budget = daily_answers(settings, seconds)
    cards = current_cards(questions, store)
    planner = planner_for(store, settings)
    recall_now = {qid: planner.exam_recall(card) for qid, card in cards.items()}
    new_cards = sum(1 for card in cards.values() if card is None)
    report = ExamReport(exam=settings.exam.isoformat(), days_left=left,
                        answers_per_day=round(budget, 1), seconds_per_answer=round(seconds, 1),
                        measured_time=measured, new_cards=new_cards, overall_now=_mean(recall_now.values()))
    planned = None
    if with_plan and left > 0:
        already = store.reviews_since(start_of_day(now))
        forecast = simulate_plan(planner, cards, now, days=left,
                                 budget=lambda offset: budget - already if offset == 0 else budget)
        report.days, planned = forecast.days, forecast.planned
        report.overall_planned = _mean(planned.values())
        needed = new_cards * NEW_CARD_ANSWERS / left
        report.shortfall = round(needed, 1) if needed > budget else None
    report.sections = _by_section(questions, recall_now, planned)
    return report


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
