"""The per-question tallies stats reads are kept by triggers: always equal to counting the logs."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from ch3quiz.bank.model import Question
from ch3quiz.review.store import Review, open_store

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def _question(qid: str, section: str) -> Question:
    return Question(qid, "tf", section, "题", "Q", True, "解", "E", ("t",), 1)


def _review(qid: str, rating: int) -> Review:
    return Review(qid, "{}", NOW, 2, rating, NOW, None, "review", "{}")


def _counted(path: Path) -> tuple[list[tuple], list[tuple]]:
    db = sqlite3.connect(path)
    try:
        answers = db.execute("SELECT question_id, section, COUNT(*), SUM(verdict = 'correct'), SUM(score) FROM answers"
                             " WHERE verdict != 'unmarked' GROUP BY question_id, section ORDER BY 1, 2").fetchall()
        reviews = db.execute("SELECT question_id, source, COUNT(*), SUM(rating != 1) FROM review_logs"
                             " GROUP BY question_id, source ORDER BY 1, 2").fetchall()
        return answers, reviews
    finally:
        db.close()


def _fill(path: Path) -> None:
    with open_store(path, clock=lambda: NOW) as store:
        for n, verdict in enumerate(["correct", "incorrect", "correct", "partial", "correct"]):
            q = _question(f"q{n % 2}", "3.1" if n < 4 else "3.2")
            score = {"correct": 1.0, "partial": 0.5}.get(verdict, 0.0)
            store.record_answer(question=q, given="x", verdict=verdict, score=score, seconds=1, review=_review(q.id, 1 + n % 4))
        unmarked = store.record_answer(question=_question("q1", "3.1"), given="y", verdict="unmarked", score=0,
                                       seconds=1).answer_id
        store.mark_answer(unmarked, verdict="partial", score=0.25)


def test_tallies_equal_counting_the_logs(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _fill(path)
    answers, reviews = _counted(path)
    with open_store(path) as store:
        assert sorted(store.answer_tallies()) == answers
        assert sorted(store.review_tallies()) == reviews
    assert answers == [("q0", "3.1", 2, 2, 2.0), ("q0", "3.2", 1, 1, 1.0), ("q1", "3.1", 3, 0, 0.75)]


def test_a_database_from_before_the_tallies_is_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _fill(path)
    db = sqlite3.connect(path)  # back to the schema of the previous version, rows kept
    for statement in ("DROP TRIGGER answers_tallied", "DROP TRIGGER review_logs_tallied",
                      "DROP TRIGGER review_logs_untallied", "DROP TABLE answer_tallies", "DROP TABLE review_tallies",
                      "DROP INDEX answers_by_time", "DELETE FROM migrations WHERE name = '005_stats_tallies'",
                      "PRAGMA user_version = 4", "DROP TRIGGER answers_untallied", "DROP TRIGGER answers_retallied"):
        db.execute(statement)
    db.commit()
    db.close()
    answers, reviews = _counted(path)
    with open_store(path) as store:
        assert sorted(store.answer_tallies()) == answers and sorted(store.review_tallies()) == reviews


def test_an_undone_review_leaves_the_tallies(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    _fill(path)
    with open_store(path, clock=lambda: NOW) as store:
        log_id = store.save_review(_review("q0", 1))
        store.undo_review(log_id)
    with open_store(path) as store:
        assert sorted(store.review_tallies()) == _counted(path)[1]


def test_an_overridden_answer_moves_from_wrong_to_right_in_the_tallies(tmp_path: Path) -> None:
    """The "!" override is an UPDATE of verdict and score: the tally triggers take the wrong answer
    out and count it right, once (migration 006 after 005)."""
    path = tmp_path / "p.sqlite3"
    _fill(path)
    with open_store(path, clock=lambda: NOW) as store:
        wrong = store.record_answer(question=_question("q1", "3.1"), given="typo", verdict="incorrect", score=0,
                                    seconds=1).answer_id
        before = dict(((qid, section), rest) for qid, section, *rest in store.answer_tallies())[("q1", "3.1")]
        store.override_answer(wrong, None, None)
        after = dict(((qid, section), rest) for qid, section, *rest in store.answer_tallies())[("q1", "3.1")]
        assert store.overridden_count() == 1
    assert after == [before[0], before[1] + 1, before[2] + 1.0]  # same number answered, one more right
    with open_store(path) as store:
        assert sorted(store.answer_tallies()) == _counted(path)[0]
