"""The exam-day forecast a student is shown: recall counted in whole days from the day of the last
review, and "expected with the plan" an expectation over answers drawn with FSRS's chances (and the
student's own first-sight rate), not the recall of a student who never forgets."""

from __future__ import annotations

import time as clock_module
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from ch3quiz.bank.model import Question
from ch3quiz.review.forecast import ExamSettings, exam_report
from ch3quiz.review.plan import DEFAULT_FIRST_SIGHT
from ch3quiz.review.scheduler import AGAIN, GOOD, Scheduler
from ch3quiz.review.store import open_store

# py-fsrs without fuzz or learning steps: how the plan studies, and the oracle of these tests.
NO_STEPS = fsrs.Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())


def questions(n: int) -> list[Question]:
    return [Question(f"q{i:02d}", "mc", "3.4", "题", "Q", "A", "解", "E", ("x",), 1) for i in range(n)]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch):
    """Set the student's time zone for one test (days are local days)."""

    def use(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        clock_module.tzset()

    yield use
    monkeypatch.undo()
    clock_module.tzset()


def on_exam_day(card: fsrs.Card, exam: date, elapsed_days: int) -> float:
    return NO_STEPS.get_card_retrievability(card, card.last_review + timedelta(days=elapsed_days))


def test_exam_day_recall_counts_whole_days_from_the_day_of_the_last_review(tmp_path: Path, zone) -> None:
    # Reported: a card reviewed the evening before the exam was forecast 100% (0 days: the exam day's
    # midnight was a few hours away), and every card one day short. A student in Beijing:
    zone("Asia/Shanghai")
    clock = Clock(datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc))  # 1 December, 23:00 in Beijing
    bank = questions(2)
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        scheduler = Scheduler(store, fuzz=False, steps=False)
        scheduler.rate(bank[0], GOOD)
        clock.now = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)  # 2 December, 20:00 in Beijing
        scheduler.rate(bank[1], GOOD)
        cards = [fsrs.Card.from_json(store.card_json(q.id)) for q in bank]
        report = exam_report(bank, store, ExamSettings(exam=date(2026, 12, 3), cards=10), with_plan=False)
    expected = [on_exam_day(cards[0], date(2026, 12, 3), 2), on_exam_day(cards[1], date(2026, 12, 3), 1)]
    assert expected[1] < 0.99  # a day-old first sight is not certain
    assert report.overall_now == round(sum(expected) / 2, 4)


def exact_expectation(first_sight: float, day_one: datetime, exam: date) -> tuple[float, float]:
    """One card shown on day one and reviewed on day two, the only study days: its expected exam-day
    recall over the four ways its two answers can go, and its recall if both are recalled."""

    def exam_recall(card: fsrs.Card) -> float:
        return on_exam_day(card, exam, (exam - card.last_review.date()).days)

    expected = 0.0
    for first, chance in ((fsrs.Rating.Good, first_sight), (fsrs.Rating.Again, 1 - first_sight)):
        seen, _ = NO_STEPS.review_card(fsrs.Card(card_id=1), first, day_one)
        recall = NO_STEPS.get_card_retrievability(seen, day_one + timedelta(days=1))
        kept, _ = NO_STEPS.review_card(seen, fsrs.Rating.Good, day_one + timedelta(days=1))
        lost, _ = NO_STEPS.review_card(seen, fsrs.Rating.Again, day_one + timedelta(days=1))
        expected += chance * (recall * exam_recall(kept) + (1 - recall) * exam_recall(lost))
    always, _ = NO_STEPS.review_card(NO_STEPS.review_card(fsrs.Card(card_id=1), fsrs.Rating.Good, day_one)[0],
                                     fsrs.Rating.Good, day_one + timedelta(days=1))
    return expected, exam_recall(always)


def test_with_the_plan_is_an_expectation_over_answers_drawn_with_fsrs_chances(tmp_path: Path, zone) -> None:
    # Reported: a fresh student was told 99-100% for every section, as if every answer were recalled.
    zone("UTC")
    start, exam = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc), date(2026, 12, 3)
    with open_store(tmp_path / "p.sqlite3", clock=Clock(start)) as store:
        report = exam_report(questions(40), store, ExamSettings(exam=exam, cards=40), with_plan=True)
    # Day one shows all 40 cards, day two (the last) reviews each of them, whatever its first answer was.
    assert [(d.new, d.reviews) for d in report.days] == [(40, 0), (0, 40)]
    assert report.first_sight == DEFAULT_FIRST_SIGHT and report.measured_first_sight is False
    expected, all_recalled = exact_expectation(DEFAULT_FIRST_SIGHT, start, exam)
    assert all_recalled - expected > 0.02  # every answer recalled is not what to expect
    # 40 identical cards over 8 runs: the simulated mean is within 3 standard errors of the exact one.
    assert report.simulated_runs == 8
    assert report.overall_planned == pytest.approx(expected, abs=0.03)
    assert report.sections[0].planned == report.overall_planned


def test_the_first_sight_rate_is_the_students_own_once_ten_cards_are_seen(tmp_path: Path, zone) -> None:
    zone("UTC")
    clock = Clock(datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))
    bank = questions(12)
    settings = ExamSettings(exam=date(2026, 12, 5), cards=20)
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        scheduler = Scheduler(store, fuzz=False, steps=False)
        for q in bank[:9]:
            scheduler.rate(q, AGAIN if q.id in ("q00", "q01", "q02", "q03") else GOOD)
        nine = exam_report(bank, store, settings, with_plan=True)
        scheduler.rate(bank[9], GOOD)
        scheduler.rate(bank[0], GOOD)  # a second answer: only first answers count
        ten = exam_report(bank, store, settings, with_plan=True)
        again = exam_report(bank, store, settings, with_plan=True)
    assert (nine.first_sight, nine.measured_first_sight) == (DEFAULT_FIRST_SIGHT, False)
    assert (ten.first_sight, ten.measured_first_sight) == (0.6, True)  # 6 of 10 first answers recalled
    assert again.to_dict() == ten.to_dict()  # the same history gives the same forecast
