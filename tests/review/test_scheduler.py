"""FSRS scheduling with an injected clock, checked against the fsrs package itself."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from ch3quiz.bank import load_bank
from ch3quiz.review.scheduler import AGAIN, GOOD, Scheduler, due_forecast, review_queue
from ch3quiz.review.stats import compute_stats
from ch3quiz.review.store import open_store

BANK = load_bank(Path(__file__).parents[1] / "data" / "banks" / "valid")
START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_good_comes_back_later_than_again(tmp_path: Path) -> None:
    clock = Clock(START)
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        scheduler = Scheduler(store, fuzz=False)
        good = scheduler.rate(BANK.get("t-mc"), GOOD)
        again = scheduler.rate(BANK.get("t-tf"), AGAIN)
        assert good.due > again.due > START
        # After a day both are due; a second Good pushes the card days ahead.
        clock.now = START + timedelta(days=1)
        later = scheduler.rate(BANK.get("t-mc"), GOOD)
        assert later.due - clock.now > timedelta(days=1)


def test_due_counts_over_simulated_days_match_the_fsrs_package(tmp_path: Path) -> None:
    clock = Clock(START)
    ratings = {"t-mc": GOOD, "t-multi": AGAIN, "t-tf": GOOD, "t-fill": 4, "t-numeric": 2, "t-short": GOOD}
    reference = fsrs.Scheduler(enable_fuzzing=False)
    expected_cards = {}
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        scheduler = Scheduler(store, fuzz=False)
        for day in range(10):
            clock.now = START + timedelta(days=day)
            due_ids = set(store.due_card_ids(clock.now))
            expected_due = {qid for qid, card in expected_cards.items() if card.due <= clock.now}
            assert due_ids == expected_due, f"day {day}"
            for qid in sorted(due_ids | (set(ratings) - set(expected_cards))):
                scheduler.rate(BANK.get(qid), ratings[qid])
                card = expected_cards.get(qid) or fsrs.Card(card_id=1)
                expected_cards[qid], _ = reference.review_card(card, fsrs.Rating(ratings[qid]), clock.now)
        figures = compute_stats(BANK.questions, store, now=clock.now)
        assert figures.reviews == len(store.review_ratings())
        assert figures.due == sum(card.due <= clock.now for card in expected_cards.values())


def test_queue_takes_due_cards_then_new_ones_up_to_the_daily_allowance(tmp_path: Path) -> None:
    clock = Clock(START)
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        first = review_queue(BANK.questions, store, new_per_day=2)
        assert [q.id for q in first] == ["t-mc", "t-multi"]
        scheduler = Scheduler(store, fuzz=False)
        for q in first:
            scheduler.rate(q, AGAIN)
        # Same day: the two are due again soon, and today's two new cards are used up.
        clock.now = START + timedelta(hours=1)
        assert [q.id for q in review_queue(BANK.questions, store, new_per_day=2)] == ["t-mc", "t-multi"]
        # Next day: due cards first, then two more new ones.
        clock.now = START + timedelta(days=1)
        assert [q.id for q in review_queue(BANK.questions, store, new_per_day=2)] == ["t-mc", "t-multi", "t-tf", "t-fill"]
        assert len(review_queue(BANK.questions, store, new_per_day=2, count=3)) == 3


def test_forecast_puts_overdue_cards_today() -> None:
    now = START
    dues = [(START - timedelta(days=3)).isoformat(), (START + timedelta(days=2)).isoformat(),
            (START + timedelta(days=30)).isoformat()]
    assert due_forecast(dues, now, days=5) == [1, 0, 1, 0, 0]


@pytest.fixture
def beijing(monkeypatch: pytest.MonkeyPatch):
    import time as clock_module

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    clock_module.tzset()
    yield
    monkeypatch.undo()
    clock_module.tzset()


def test_days_are_the_students_local_days(beijing) -> None:
    from ch3quiz.review.stats import streak_days

    # 07:30 and 09:00 in Beijing on 25 November are one day, though UTC calls them the 24th and the 25th.
    before_utc_midnight = "2026-11-24T23:30:00+00:00"
    after_utc_midnight = "2026-11-25T01:00:00+00:00"
    now = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
    assert streak_days([before_utc_midnight, after_utc_midnight], now) == 1
    assert streak_days(["2026-11-24T15:00:00+00:00", after_utc_midnight], now) == 2  # 23:00 on the 24th, local


def test_new_card_allowance_resets_at_local_midnight(beijing, tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc))  # 23:30 in Beijing
    with open_store(tmp_path / "p.sqlite3", clock=clock) as store:
        scheduler = Scheduler(store, fuzz=False)
        for q in review_queue(BANK.questions, store, new_per_day=2):
            scheduler.rate(q, GOOD)
        clock.now = datetime(2026, 11, 24, 16, 30, tzinfo=timezone.utc)  # 00:30 the next local day
        fresh = [q.id for q in review_queue(BANK.questions, store, new_per_day=2) if q.id not in store.card_ids()]
        assert len(fresh) == 2
