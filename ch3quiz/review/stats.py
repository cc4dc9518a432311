"""Progress figures: accuracy and retention per section, card states, the due forecast,
the weakest concepts, repeated mistakes and the streak. Pure computation over the store's rows.

Accuracy is the mean score, so a short answer that covered 60% of its key points counts 0.6, never 0;
a mock-exam short answer not yet ticked counts nowhere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from ch3quiz.bank.model import Question
from ch3quiz.bank.sections import SECTIONS
from ch3quiz.review.forecast import ExamReport, exam_is_over, exam_report, load_exam
from ch3quiz.review.mistakes import RepeatedMistake, repeated_mistakes
from ch3quiz.review.scheduler import AGAIN, due_forecast, local_day
from ch3quiz.review.store import Store

STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}


@dataclass
class SectionStats:
    id: str
    title_zh: str
    title_en: str
    questions: int
    answered: int = 0
    correct: int = 0
    score: float = 0.0  # partial credit counted: a 60% answer adds 0.6
    accuracy: float | None = None  # score / answered
    reviews: int = 0
    retention: float | None = None  # share of reviews not rated Again


@dataclass
class TagStats:
    tag: str
    answered: int
    accuracy: float


@dataclass
class Stats:
    answered: int
    correct: int
    reviews: int
    due: int
    cards: dict[str, int]
    forecast: list[int]
    sections: list[SectionStats]
    weakest: list[TagStats] = field(default_factory=list)
    streak: int = 0
    practice: dict[str, int] = field(default_factory=dict)  # reviews by where they came from (review, quiz, check, derive)
    exam: ExamReport | None = None  # the exam-day forecast, when an exam date is set
    score: float = 0.0
    mistakes: list[RepeatedMistake] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["exam"] = None if self.exam is None else self.exam.to_dict()
        return data


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def compute_stats(questions: Sequence[Question], store: Store, *, now: datetime | None = None) -> Stats:
    now = now or store.clock()
    by_id = {q.id: q for q in questions}
    # Only progress on questions of the bank in use counts (another --bank has its own figures).
    answers = [a for a in store.answer_outcomes() if a[0] in by_id and a[2] != "unmarked"]
    reviews = [r for r in store.review_ratings() if r[0] in by_id]
    states = {qid: state for qid, state in store.card_states().items() if qid in by_id}

    sections = {s.id: SectionStats(s.id, s.title_zh, s.title_en, 0) for s in SECTIONS}
    for q in questions:
        sections[q.section].questions += 1
    for _qid, section, verdict, score, _when in answers:
        if section in sections:
            sections[section].answered += 1
            sections[section].correct += verdict == "correct"
            sections[section].score += score
    recalled: dict[str, int] = defaultdict(int)  # reviews not rated Again, per section
    for qid, rating, _when, _source in reviews:
        section = by_id[qid].section
        sections[section].reviews += 1
        recalled[section] += rating != AGAIN
    for stats in sections.values():
        stats.accuracy = round(stats.score / stats.answered, 4) if stats.answered else None
        stats.score = round(stats.score, 4)
        stats.retention = _ratio(recalled[stats.id], stats.reviews)

    cards = {"new": sum(1 for q in questions if q.id not in states)}
    for name in STATE_NAMES.values():
        cards[name] = 0
    for state, _due in states.values():
        cards[STATE_NAMES.get(state, "review")] += 1
    due_now = sum(1 for _state, due in states.values() if datetime.fromisoformat(due) <= now)

    return Stats(
        answered=len(answers),
        correct=sum(1 for a in answers if a[2] == "correct"),
        reviews=len(reviews),
        due=due_now,
        cards=cards,
        forecast=due_forecast((due for _state, due in states.values()), now),
        sections=list(sections.values()),
        weakest=weakest_tags(answers, by_id),
        streak=streak_days([a[4] for a in answers] + [r[2] for r in reviews], now),
        practice=_by_source(reviews),
        exam=_exam_forecast(questions, store, now),
        score=round(sum(a[3] for a in answers), 4),
        mistakes=repeated_mistakes(store.mistake_rows(), by_id),
    )


def _by_source(reviews: Sequence[tuple]) -> dict[str, int]:
    tally: dict[str, int] = defaultdict(int)
    for _qid, _rating, _when, source in reviews:
        tally[source] += 1
    return dict(sorted(tally.items()))


def _exam_forecast(questions: Sequence[Question], store: Store, now: datetime) -> ExamReport | None:
    """Exam-day recall per section now, and days left (no plan simulation: stats stays quick);
    on the exam day too, until it is over."""
    settings = load_exam(store)
    if settings is None or exam_is_over(now, settings.exam):
        return None
    return exam_report(questions, store, settings, with_plan=False)


def weakest_tags(answers: Sequence[tuple], by_id: dict[str, Question], *, minimum: int = 2, top: int = 5) -> list[TagStats]:
    """The concepts answered worst (at least ``minimum`` answers; mean score, partial credit
    counted), weakest first."""
    tally: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for qid, _section, _verdict, score, _when in answers:
        for tag in by_id[qid].tags:
            tally[tag][0] += 1
            tally[tag][1] += score
    rows = [TagStats(tag, int(n), round(right / n, 4)) for tag, (n, right) in tally.items() if n >= minimum]
    rows.sort(key=lambda t: (t.accuracy, -t.answered, t.tag))
    return [t for t in rows if t.accuracy < 1][:top]


def streak_days(moments: Sequence[str], now: datetime) -> int:
    """Consecutive days of practice ending today (or yesterday, if today has none yet)."""
    days = {local_day(datetime.fromisoformat(m)) for m in moments}
    day = local_day(now)
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak
