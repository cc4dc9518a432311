"""`ch3quiz optimize`: refusing with too few reviews, and on a synthetic student whose memory is not
the default one, a fit that predicts held-out reviews better, is stored and is then scheduled with."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from ch3quiz.bank.model import Question
from ch3quiz.paths import database_path
from ch3quiz.review.scheduler import PARAMETERS_SETTING, Scheduler, fsrs_scheduler
from ch3quiz.review.store import open_store

pytest.importorskip("fsrs_rs_python")

START = datetime(2026, 9, 1, 9, 0, tzinfo=timezone.utc)


def _question(i: int) -> Question:
    return Question(f"syn-{i:03d}", "mc", "3.4", "题", "Q", "A", "解", "E", ("x",), 1)


def _true_memory() -> fsrs.Scheduler:
    """A student who forgets much faster than FSRS's defaults assume."""
    w = list(fsrs.Scheduler().parameters)
    w[0:4] = [x * 0.25 for x in w[0:4]]
    w[20] = 0.45
    return fsrs.Scheduler(parameters=w, enable_fuzzing=False)


def _study(cards: int, days: int) -> None:
    """A student reviewing what is due each morning for ``days`` days, 4 new cards a day; each answer
    drawn from their true memory and stored as the tool would store it."""
    clock = [START]
    truth, true_cards, rng = _true_memory(), {}, random.Random(7)
    questions = [_question(i) for i in range(cards)]
    with open_store(database_path(), clock=lambda: clock[0]) as store:
        scheduler = Scheduler(store, fuzz=False, steps=False)
        for day in range(days):
            clock[0] = START + timedelta(days=day)
            due = set(store.due_card_ids(clock[0]))
            today = [q for q in questions if q.id in due] + [q for q in questions if q.id not in true_cards][:4]
            for q in today:
                card = true_cards.get(q.id)
                recalled = card is not None and rng.random() < truth.get_card_retrievability(card, clock[0])
                rating = fsrs.Rating.Good if recalled or (card is None and rng.random() < 0.7) else fsrs.Rating.Again
                true_cards[q.id], _ = truth.review_card(card or fsrs.Card(card_id=1), rating, clock[0])
                scheduler.rate(q, int(rating))
                clock[0] += timedelta(seconds=20)


def test_optimize_refuses_with_too_few_reviews_and_says_how_many(cli) -> None:
    _study(cards=10, days=6)
    run = cli("optimize")
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    assert "not enough reviews to fit your own memory model yet:" in run.stderr and "of the 200 needed" in run.stderr
    with open_store() as store:
        assert store.setting(PARAMETERS_SETTING) is None


def test_optimize_fits_a_synthetic_student_better_and_the_scheduler_uses_it(cli) -> None:
    _study(cards=120, days=60)
    run = cli("optimize", "--json")
    assert run.exit_code == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["reviews"] >= 200 and result["held_out"] > 0
    assert result["after"]["log_loss"] < result["before"]["log_loss"]  # better on reviews it never saw
    assert result["kept"] is True
    with open_store() as store:
        stored = store.setting(PARAMETERS_SETTING)["parameters"]
        assert list(fsrs_scheduler(store).parameters) == stored
    # The student forgets faster than the defaults say: the fitted first-Good stability is smaller.
    assert stored[2] < fsrs.Scheduler().parameters[2]
    shown = cli("optimize")  # a second run starts from the fitted parameters and shows the table
    assert shown.exit_code == 0 and "held-out reviews" in shown.stdout
    assert "back to the default" in cli("optimize", "--reset").stderr
    with open_store() as store:
        assert store.setting(PARAMETERS_SETTING) is None
        assert list(fsrs_scheduler(store).parameters) == list(fsrs.Scheduler().parameters)


def test_optimize_fits_with_exactly_the_reviews_needed_and_refuses_one_short(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from ch3quiz.review import optimize as fitting

    _study(cards=40, days=20)
    with open_store() as store:
        fit, held = fitting.training_items(store)
    total = len(fit) + len(held)
    assert fit and held
    monkeypatch.setattr(fitting, "MIN_REVIEWS", total + 1)  # one short of the threshold
    short = cli("optimize")
    assert short.exit_code == 1 and f"yet: {total} of the {total + 1} needed" in short.stderr
    monkeypatch.setattr(fitting, "MIN_REVIEWS", total)  # exactly the threshold
    run = cli("optimize", "--json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["reviews"] == total


def test_optimize_with_enough_reviews_on_too_few_cards_says_so(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from ch3quiz.review import optimize as fitting

    _study(cards=1, days=40)  # syn-000 alone: it is not one of the held-out cards, so nothing can judge a fit
    monkeypatch.setattr(fitting, "MIN_REVIEWS", 2)  # its history gives 2 training items
    run = cli("optimize")
    # It used to say "not enough reviews ...: 2 of the 2 needed".
    assert run.exit_code == 1 and "reviews are on too few cards to hold one in 5 out" in run.stderr
    assert "of the 2 needed" not in run.stderr
