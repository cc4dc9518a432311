"""The progress store: migrations from blank, injected clock, tallies."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ch3quiz.bank.model import Question
from ch3quiz.errors import StoreError
from ch3quiz.review.migrations import MIGRATIONS
from ch3quiz.review.store import open_store

Q = Question("q-one", "mc", "3.4", "题", "Q", "A", "解", "E", ("x",), 1)
FIXED = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def test_blank_database_migrates_to_the_full_schema(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with open_store(path):
        pass
    db = sqlite3.connect(path)
    assert [name for (name,) in db.execute("SELECT name FROM migrations ORDER BY name")] == [m[0] for m in MIGRATIONS]
    assert columns(db, "answers") == [
        "id", "session_id", "question_id", "section", "qtype", "given", "verdict", "score", "seconds", "mode",
        "answered_at", "variant", "overridden"]
    assert columns(db, "mistakes") == ["id", "answer_id", "question_id", "kind", "tag", "detail"]
    assert columns(db, "sessions") == ["id", "mode", "started_at", "finished_at", "filters", "seed"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    for _ in range(3):
        with open_store(path) as store:
            store.record_answer(question=Q, given="A", verdict="correct", score=1, seconds=2)
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 3
    db.close()


def test_clock_is_injected_and_utc(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3", clock=lambda: FIXED) as store:
        session = store.start_session("quiz", {"sections": ["3.4"]}, seed=3)
        store.record_answer(question=Q, given="b", verdict="incorrect", score=0, seconds=1.23456, session_id=session)
        store.finish_session(session)
        (row,) = store.answers(session)
    assert row["answered_at"] == "2026-11-25T08:00:00+00:00"
    assert row["seconds"] == 1.235 and row["section"] == "3.4" and row["qtype"] == "mc"


def test_last_verdicts(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        store.record_answer(question=Q, given="b", verdict="incorrect", score=0, seconds=1)
        store.record_answer(question=Q, given="a", verdict="correct", score=1, seconds=1)
        assert store.last_verdicts() == {"q-one": "correct"}
        assert [row["verdict"] for row in store.answers()] == ["incorrect", "correct"]


def test_an_answer_and_its_review_are_stored_together_or_not_at_all(tmp_path: Path) -> None:
    from ch3quiz.review.store import Review

    bad_review = Review("q-one", "{}", FIXED, 1, 3, FIXED, None, "quiz", None)  # type: ignore[arg-type]
    with open_store(tmp_path / "p.sqlite3", clock=lambda: FIXED) as store:
        with pytest.raises(StoreError):
            store.record_answer(question=Q, given="a", verdict="correct", score=1, seconds=1, review=bad_review)
        assert store.answers() == [] and store.card_ids() == set()  # the failed review took the answer with it


def _card_row(path: Path, qid: str):
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT * FROM cards WHERE question_id = ?", (qid,)).fetchone()
    finally:
        db.close()


def test_undo_restores_the_exact_card_and_removes_its_log(tmp_path: Path) -> None:
    from ch3quiz.review.scheduler import AGAIN, GOOD, Scheduler

    path, clock = tmp_path / "p.sqlite3", [FIXED]
    with open_store(path, clock=lambda: clock[0]) as store:
        scheduler = Scheduler(store)
        first = store.save_review(scheduler.plan(Q, GOOD))
        clock[0] = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
        before = _card_row(path, Q.id)
        second = store.save_review(scheduler.plan(Q, AGAIN))
        assert _card_row(path, Q.id) != before
        assert store.undo_review(second) == Q.id
        assert _card_row(path, Q.id) == before  # every column, the card JSON included
        assert [r[1] for r in store.review_ratings()] == [GOOD]
        with pytest.raises(StoreError):
            store.undo_review(second)  # already undone
        third = store.save_review(scheduler.plan(Q, GOOD))
        with pytest.raises(StoreError, match="can no longer be undone"):
            store.undo_review(first)  # not the card's latest review
        store.undo_review(third)
        store.undo_review(first)  # the review that introduced the card: the card is new again
        assert _card_row(path, Q.id) is None and store.review_ratings() == []


def test_settings_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path / "p.sqlite3") as store:
        assert store.setting("exam_plan") is None
        store.save_setting("exam_plan", {"exam": "2026-12-20", "minutes": 40})
        assert store.setting("exam_plan") == {"exam": "2026-12-20", "minutes": 40}
        store.save_setting("exam_plan", None)
        assert store.setting("exam_plan") is None


def test_an_older_database_gains_the_override_flag_and_keeps_its_answers(tmp_path: Path) -> None:
    """A database from before the "!" override: its answers stay, each marked not overridden."""
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in [m for m in MIGRATIONS if m[0] != "006_answer_overrides"]:
        db.executescript(sql)
        db.execute("INSERT INTO migrations VALUES (?, '2026-11-01T00:00:00+00:00')", (name,))
    db.execute("INSERT INTO answers (question_id, section, qtype, given, verdict, score, seconds, mode, answered_at)"
               " VALUES ('q-one', '3.4', 'fill', 'x', 'incorrect', 0, 1, 'quiz', '2026-11-01T00:00:00+00:00')")
    db.commit()
    db.close()
    with open_store(path) as store:
        assert [(r["question_id"], r["verdict"], r["overridden"]) for r in store.answers()] == [("q-one", "incorrect", 0)]
        assert store.overridden_count() == 0
