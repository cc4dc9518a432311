"""The exam plan for a fixed clock and history: its days and counts, the review-ahead order,
the coverage warning, and that planned reviews are ordinary FSRS reviews."""

from __future__ import annotations

import time as clock_module
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from ch3quiz.bank.model import Question
from ch3quiz.review.forecast import ExamSettings, exam_report, plan_queue, save_exam
from ch3quiz.review.queue import session_queue
from ch3quiz.review.scheduler import AGAIN, EASY, GOOD, HARD, Scheduler
from ch3quiz.review.store import open_store

START = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
EXAM = date(2026, 12, 8)  # seven study days: 1 to 7 December
QUESTIONS = [Question(f"q{i:02d}", "mc", "3.4" if i < 10 else "3.5", "题", "Q", "A", "解", "E", ("x",), 1)
             for i in range(20)]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch):
    """Days are local days: pin the zone so the plan's calendar is the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    clock_module.tzset()
    yield
    monkeypatch.undo()
    clock_module.tzset()


def test_the_plan_shows_every_card_in_time_within_the_budget(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", clock=Clock(START)) as store:
        report = exam_report(QUESTIONS, store, ExamSettings(exam=EXAM, cards=8), with_plan=True)
    assert [d.day for d in report.days] == [date(2026, 12, day) for day in range(1, 8)]
    # Without learning steps a first sight is one answer: 8 new cards on each of the first two days;
    # on the third the last 4, then the cards of 1 December that FSRS has due (interval 2 days) fill the rest.
    assert [(d.new, d.reviews) for d in report.days[:3]] == [(8, 0), (8, 0), (4, 4)]
    assert [(d.new, d.reviews) for d in report.days[3:]] == [(0, 8)] * 4  # then the whole budget goes to reviews
    assert all(d.answers == 8 for d in report.days)
    assert report.shortfall is None and report.overall_now == 0
    assert report.overall_planned > 0.9  # 8 answers a day for 20 cards: a good week, by FSRS's estimate


def test_a_budget_too_small_to_show_every_card_is_flagged(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", clock=Clock(START)) as store:
        report = exam_report(QUESTIONS, store, ExamSettings(exam=EXAM, cards=2), with_plan=True)
    assert [(d.new, d.reviews) for d in report.days] == [(2, 0)] * 7  # 14 of 20 cards seen, no review
    assert report.shortfall == round(20 / 7, 1)  # 2.9 answers a day needed before any review


def _history(store, clock: Clock) -> dict[str, float]:
    """Six cards learnt on 1 December, each starting with a different rating and then Good until it
    leaves the learning steps; their exam-day recall computed by fsrs itself."""
    scheduler = Scheduler(store, fuzz=False)
    first = {"q00": GOOD, "q01": HARD, "q02": EASY, "q03": AGAIN, "q04": HARD, "q05": AGAIN}
    for qid, rating in first.items():
        question = next(q for q in QUESTIONS if q.id == qid)
        review = scheduler.rate(question, rating)
        while review.state != fsrs.State.Review:
            clock.now += timedelta(minutes=10)
            review = scheduler.rate(question, GOOD)
    reference = fsrs.Scheduler(enable_fuzzing=False)
    cards = {qid: fsrs.Card.from_json(store.card_json(qid)) for qid in first}
    # Whole days from the day of the last review to the exam day (the zone is UTC here).
    return {qid: reference.get_card_retrievability(card, card.last_review + (EXAM - card.last_review.date()))
            for qid, card in cards.items()}


def test_review_ahead_brings_cards_at_risk_weakest_first(tmp_path: Path) -> None:
    clock = Clock(START)
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        recall = _history(store, clock)
        clock.now = START + timedelta(days=1)  # 2 December: none of them due yet
        assert all(datetime.fromisoformat(due) > clock.now for _s, due in store.card_states().values())
        known = [q for q in QUESTIONS if q.id in recall]
        chosen = plan_queue(known, store, ExamSettings(exam=EXAM, cards=3))
    assert [c.kind for _q, c in chosen] == ["ahead"] * 3
    # The budget of three goes to cards at risk on the exam day, weakest first.
    ids = [q.id for q, _c in chosen]
    assert ids == sorted(ids, key=recall.get)
    assert all(recall[i] < 0.9 for i in ids)
    assert ids[0] == min(recall, key=recall.get)


def test_review_follows_the_plan_and_its_reviews_are_ordinary_fsrs_reviews(tmp_path: Path) -> None:
    clock = Clock(START)
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        save_exam(store, ExamSettings(exam=EXAM, cards=12))
        queue = session_queue(QUESTIONS, store, new_per_day=0, count=None)
        assert queue.exam is not None and queue.days_left == 7
        assert queue.kinds == {"new": 12}  # --new is the plain-FSRS allowance; the plan decides
        review = Scheduler(store, fuzz=False, steps=False).rate(queue.questions[0], GOOD)
        card = fsrs.Card.from_json(review.card_json)
    # An FSRS review as the fsrs package makes it, with no learning steps: nothing edited by hand.
    plain = fsrs.Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
    expected, _ = plain.review_card(fsrs.Card(card_id=card.card_id), fsrs.Rating.Good, START)
    assert (card.state, card.stability, card.difficulty, card.due) == (
        fsrs.State.Review, expected.stability, expected.difficulty, expected.due)


def test_without_an_exam_review_is_plain_fsrs(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", clock=Clock(START)) as store:
        queue = session_queue(QUESTIONS, store, new_per_day=5, count=None)
        assert queue.exam is None and queue.kinds == {"due": 0, "new": 5}
        save_exam(store, ExamSettings(exam=date(2026, 12, 1), cards=12))  # the exam day itself: plan over
        assert session_queue(QUESTIONS, store, new_per_day=5, count=None).exam is None


def _due_cards() -> dict[str, fsrs.Card]:
    """Two cards FSRS has due: a long-lived one three days late, a short-lived one a day late."""
    def due_card(card_id: int, *, stability: float, days_since: int, days_late: int) -> fsrs.Card:
        return fsrs.Card(card_id=card_id, state=fsrs.State.Review, stability=stability, difficulty=5.0,
                         last_review=START - timedelta(days=days_since), due=START - timedelta(days=days_late))

    return {"long": due_card(1, stability=30.0, days_since=33, days_late=3),
            "short": due_card(2, stability=1.0, days_since=2, days_late=1)}


def test_with_an_ample_budget_the_due_card_nearest_to_being_forgotten_comes_first() -> None:
    """Not the most overdue one: the long-lived card three days late is still likelier recalled than
    the short-lived one a day late. Ample: one answer a day over 21 days for 2 cards."""
    from ch3quiz.review.plan import Planner

    cards, scheduler = _due_cards(), fsrs.Scheduler(enable_fuzzing=False)
    chance = {qid: scheduler.get_card_retrievability(card, START) for qid, card in cards.items()}
    assert chance["short"] < chance["long"] < 0.9
    planner = Planner(scheduler, EXAM + timedelta(days=14))
    assert [c.question_id for c in planner.choose_day(cards, START, budget=1, new_quota=0)] == ["short"]
    assert sorted(c.question_id for c in planner.choose_day(cards, START, budget=2, new_quota=0)) == ["long", "short"]


def test_with_a_tight_budget_the_due_cards_keep_fsrs_order_most_overdue_first() -> None:
    """One answer a day over the 2 days left for 2 cards: less than 1.5 reviews a card, so a card
    left today waits, and the plan keeps FSRS's order."""
    from ch3quiz.review.plan import Planner

    planner = Planner(fsrs.Scheduler(enable_fuzzing=False), START.date() + timedelta(days=2))
    assert [c.question_id for c in planner.choose_day(_due_cards(), START, budget=1, new_quota=0)] == ["long"]


SECTIONED = [Question(f"{section}-{i}", "mc", section, "题", "Q", "A", "解", "E", ("x",), 1)
             for section in ("3.1", "3.4", "3.8") for i in range(6)]


def test_the_day_before_the_exam_spreads_the_budget_over_every_section(tmp_path: Path) -> None:
    # Seen in a trial: with unseen cards left on the exam eve, the budget went to the first section's
    # cards in bank order (every new card gains the same), leaving the later sections untouched.
    eve = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)
    with open_store(tmp_path / "p.sqlite3", clock=Clock(eve)) as store:
        queue = plan_queue(SECTIONED, store, ExamSettings(exam=EXAM, cards=6))
    assert [question.section for question, _choice in queue] == ["3.1", "3.4", "3.8"] * 2


def test_on_the_last_day_a_card_at_risk_outranks_an_unseen_one_only_by_its_gain() -> None:
    from ch3quiz.review.plan import Planner

    eve = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)
    planner = Planner(fsrs.Scheduler(enable_fuzzing=False), EXAM, sections={q.id: q.section for q in SECTIONED})
    scheduler = fsrs.Scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
    forgotten = scheduler.review_card(fsrs.Card(), fsrs.Rating.Again, eve - timedelta(days=6))[0]
    cards = {q.id: None for q in SECTIONED} | {"3.8-5": forgotten}
    choices = planner.choose_day(cards, eve, budget=4, new_quota=18)
    gains = {c.question_id: c.gain for c in choices}
    assert len(choices) == 4 and sorted({q.split("-")[0] for q in gains}) == ["3.1", "3.4", "3.8"]
    left_out = [qid for qid in cards if qid not in gains and cards[qid] is None]
    assert all(planner.study_value(None, eve) <= min(gains.values()) + 1e-12 for _ in left_out)


def test_the_plan_schedules_with_the_retention_the_student_set(cli, tmp_path: Path) -> None:
    # It simulated at 0.9 whatever `review --retention` said: the due dates it foresaw were not review's.
    from ch3quiz.review.forecast import planner_for

    run = cli("review", "--retention", "0.97", "--count", "1", input="\n3\n")
    assert run.exit_code == 0, run.stderr
    with open_store() as store:
        assert store.setting("desired_retention") == 0.97
        planner = planner_for(store, ExamSettings(exam=EXAM, cards=6), SECTIONED)
        assert planner.scheduler.desired_retention == 0.97
        assert Scheduler(store).scheduler.desired_retention == 0.97  # and the next review without the option
    with open_store() as store:
        store.save_setting("desired_retention", None)
        assert planner_for(store, ExamSettings(exam=EXAM, cards=6), SECTIONED).scheduler.desired_retention == 0.9
