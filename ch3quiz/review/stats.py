"""Progress figures: accuracy and retention per section, card states, the due forecast,
the weakest concepts, repeated mistakes and the streak. Pure computation over the store's rows.

Accuracy is the mean score, so a short answer that covered 60% of its key points counts 0.6, never 0;
a mock-exam short answer not yet ticked counts nowhere. The counts come from per-question tallies
that triggers keep in SQLite (migration 005), so 100,000 reviews cost what the per-question rows cost."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from ch3quiz.bank.sections import SECTIONS
from ch3quiz.review.forecast import ExamReport, exam_is_over, exam_report, load_exam
from ch3quiz.review.mistakes import RepeatedMistake, repeated_mistakes
from ch3quiz.review.scheduler import local_day
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
    overridden: int = 0  # of the correct answers, how many the student counted right with "!"
    score: float = 0.0
    mistakes: list[RepeatedMistake] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["exam"] = None if self.exam is None else self.exam.to_dict()
        return data


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def compute_stats(questions: Sequence[Any], store: Store, *, now: datetime | None = None) -> Stats:
    """The figures for the bank in use (``questions``: Questions or index entries with id, section, tags)."""
    now = now or store.clock()
    by_id = {q.id: q for q in questions}
    # Only progress on questions of the bank in use counts (another --bank has its own figures).
    answer_tallies = [row for row in store.answer_tallies() if row[0] in by_id]
    review_tallies = [row for row in store.review_tallies() if row[0] in by_id]
    cards_here = [state_due for qid, state_due in store.card_states().items() if qid in by_id]

    sections = {s.id: SectionStats(s.id, s.title_zh, s.title_en, 0) for s in SECTIONS}
    for q in questions:
        sections[q.section].questions += 1
    for _qid, section, answered, correct, score in answer_tallies:
        if section in sections:
            sections[section].answered += answered
            sections[section].correct += correct
            sections[section].score += score
    recalled: dict[str, int] = defaultdict(int)  # reviews not rated Again, per section
    for qid, _source, reviews, kept in review_tallies:
        section = by_id[qid].section
        sections[section].reviews += reviews
        recalled[section] += kept
    for stats in sections.values():
        stats.accuracy = round(stats.score / stats.answered, 4) if stats.answered else None
        stats.score = round(stats.score, 4)
        stats.retention = _ratio(recalled[stats.id], stats.reviews)

    cards = {"new": len(by_id) - len(cards_here)}
    for name in STATE_NAMES.values():
        cards[name] = 0
    for state, _due in cards_here:
        cards[STATE_NAMES.get(state, "review")] += 1
    dues = [due for _state, due in cards_here]

    return Stats(
        answered=sum(row[2] for row in answer_tallies),
        correct=sum(row[3] for row in answer_tallies),
        reviews=sum(row[2] for row in review_tallies),
        due=_count_due(dues, _utc_text(now)),
        cards=cards,
        forecast=forecast(dues, now),
        sections=list(sections.values()),
        weakest=weakest_tags(answer_tallies, by_id),
        streak=streak_from_days(_ActiveDays(store, by_id), now),
        practice=_by_source(review_tallies),
        exam=_exam_forecast(questions, store, now),
        overridden=store.overridden_count(),
        score=round(sum(row[4] for row in answer_tallies), 4),
        mistakes=repeated_mistakes(store.mistake_rows(), by_id),
    )


def _utc_text(moment: datetime) -> str:
    """A moment as the store writes it (UTC ISO, seconds): such texts sort as their moments do."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _count_due(dues: Sequence[str], now_text: str) -> int:
    return sum(1 for due in dues if due <= now_text)


def forecast(dues: Sequence[str], now: datetime, days: int = 14) -> list[int]:
    """Cards falling due on each of the next ``days`` local days (overdue ones count today), by
    comparing the store's due texts with each local midnight."""
    today = local_day(now)
    edges = [_utc_text(_local_midnight(today + timedelta(days=k))) for k in range(1, days + 1)]
    counts = [0] * days
    for due in dues:
        offset = bisect_right(edges, due)
        if offset < days:
            counts[offset] += 1
    return counts


def _by_source(review_tallies: Sequence[tuple]) -> dict[str, int]:
    tally: dict[str, int] = defaultdict(int)
    for _qid, source, reviews, _kept in review_tallies:
        tally[source] += reviews
    return {source: n for source, n in sorted(tally.items()) if n}


def _exam_forecast(questions: Sequence[Any], store: Store, now: datetime) -> ExamReport | None:
    """Exam-day recall per section now, and days left (no plan simulation: stats stays quick);
    on the exam day too, until it is over."""
    settings = load_exam(store)
    if settings is None or exam_is_over(now, settings.exam):
        return None
    return exam_report(questions, store, settings, with_plan=False)


def weakest_tags(tallies: Sequence[tuple], by_id: dict[str, Any], *, minimum: int = 2, top: int = 5) -> list[TagStats]:
    """The concepts answered worst (at least ``minimum`` answers; mean score, partial credit
    counted), weakest first. ``tallies``: (question id, section, answers, correct ones, score)."""
    tally: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for qid, _section, answered, _correct, score in tallies:
        for tag in by_id[qid].tags:
            tally[tag][0] += answered
            tally[tag][1] += score
    rows = [TagStats(tag, int(n), round(right / n, 4)) for tag, (n, right) in tally.items() if n >= minimum]
    rows.sort(key=lambda t: (t.accuracy, -t.answered, t.tag))
    return [t for t in rows if t.accuracy < 1][:top]


def streak_from_days(days: Container[date], now: datetime) -> int:
    """Consecutive local days of practice ending today (or yesterday, if today has none yet)."""
    day = local_day(now)
    if day not in days:
        day -= timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day).astimezone()  # naive = local time; DST-aware offset


class _ActiveDays:
    """The days with practice on this bank, asked one local day at a time (a streak reads only its own)."""

    def __init__(self, store: Store, by_id: Container[str]) -> None:
        self.store, self.by_id = store, by_id

    def __contains__(self, day: object) -> bool:
        assert isinstance(day, date)
        return self.store.active_between(_local_midnight(day), _local_midnight(day + timedelta(days=1)), self.by_id)




def streak_days(moments: Sequence[str], now: datetime) -> int:
    """``streak_from_days`` over ISO moments (UTC), each counted on its local day."""
    return streak_from_days({local_day(datetime.fromisoformat(m)) for m in moments}, now)
