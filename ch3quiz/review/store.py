"""The progress database: every answer committed the moment it is given.

SQLite in WAL mode, so a quiz in one terminal and a review in another do not
block each other; each write is its own short transaction, so Ctrl-C or a
closed terminal loses nothing already answered. A database that cannot be
read is reported and left untouched, never overwritten.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from ch3quiz.errors import StoreError
from ch3quiz.review import dbfile
from ch3quiz.review.cardlog import (  # noqa: F401 - Planner is part of this module's API
    Clock, Planner, Review, insert_mistakes, insert_review, iso, stored_card, take_back, utc_now,
)
from ch3quiz.review.dbfile import applied_migrations, connect, migrate  # noqa: F401 - part of this module's API
from ch3quiz.signals import deferred


class Store:
    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Clock = utc_now) -> None:
        self._db = connection
        self.path = path
        self.clock = clock

    # ---- writing -----------------------------------------------------------

    def start_session(self, mode: str, filters: dict[str, Any] | None = None, seed: int | None = None) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (mode, started_at, filters, seed) VALUES (?, ?, ?, ?)",
                (mode, iso(self.clock()), json.dumps(filters or {}, ensure_ascii=False), seed),
            )
            return int(cursor.lastrowid)

    def finish_session(self, session_id: int) -> None:
        with self._write() as db:
            db.execute("UPDATE sessions SET finished_at = ? WHERE id = ?", (iso(self.clock()), session_id))

    def record_answer(
        self,
        *,
        question: Any,
        given: str,
        verdict: str,
        score: float,
        seconds: float,
        mode: str = "quiz",
        session_id: int | None = None,
        review: Review | None = None,
        mistakes: Iterable[tuple[str, str, str]] = (),
        plan: Planner | None = None,
    ) -> int:
        """Commit one answer now (``question`` is a bank Question), with its card's review if given:
        both or neither, so an interrupted session never keeps an answer its card did not see.
        ``mistakes``: (kind, tag, detail) of what went wrong; the numbers drawn for a parameterised
        question (``fields["variant"]``) are kept with the answer. Returns the answer's id.

        ``plan`` computes the review from the card as stored, read inside the same write
        transaction, so two sessions grading one card never both start from its old state.
        """
        answer_id, _review, _log_id = self.record_rated_answer(
            question=question, given=given, verdict=verdict, score=score, seconds=seconds, mode=mode,
            session_id=session_id, review=review, mistakes=mistakes, plan=plan)
        return answer_id

    def record_rated_answer(
        self,
        *,
        question: Any,
        given: str,
        verdict: str,
        score: float,
        seconds: float,
        mode: str = "quiz",
        session_id: int | None = None,
        review: Review | None = None,
        mistakes: Iterable[tuple[str, str, str]] = (),
        plan: Planner | None = None,
    ) -> tuple[int, Review | None, int | None]:
        """``record_answer``, returning the answer's id, the review stored (or None) and its log's id."""
        variant = question.fields.get("variant") if hasattr(question, "fields") else None
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            if plan is not None:
                review = plan(stored_card(db, question.id))
            cursor = db.execute(
                "INSERT INTO answers (session_id, question_id, section, qtype, given, verdict, score, seconds,"
                " mode, answered_at, variant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, question.id, question.section, question.type, given, verdict, float(score),
                 round(float(seconds), 3), mode, iso(self.clock()),
                 json.dumps(variant, ensure_ascii=False) if variant else None),
            )
            answer_id = int(cursor.lastrowid)
            insert_mistakes(db, answer_id, question.id, mistakes)
            log_id = None if review is None else insert_review(db, review)
            db.execute("COMMIT")
            return answer_id, review, log_id

    def mark_answer(self, answer_id: int, *, verdict: str, score: float,
                    mistakes: Iterable[tuple[str, str, str]] = (), review: Review | None = None,
                    plan: Planner | None = None) -> None:
        """Score an answer kept unmarked (a short answer in a mock exam, ticked at the end), with its
        mistakes and its card's review, in one transaction (``plan``: as in ``record_answer``)."""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT question_id FROM answers WHERE id = ?", (answer_id,)).fetchone()
            if row is None:
                db.execute("ROLLBACK")
                raise StoreError(f"no answer {answer_id} in progress database {self.path}")
            if plan is not None:
                review = plan(stored_card(db, row[0]))
            db.execute("UPDATE answers SET verdict = ?, score = ? WHERE id = ?", (verdict, float(score), answer_id))
            db.execute("DELETE FROM mistakes WHERE answer_id = ?", (answer_id,))
            insert_mistakes(db, answer_id, row[0], mistakes)
            if review is not None:
                insert_review(db, review)
            db.execute("COMMIT")

    def apply_review(self, question_id: str, plan: Planner) -> tuple[Review | None, int | None]:
        """Read the card, compute its review with ``plan`` and store it, in one write transaction;
        the review stored and its log's id."""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            review = plan(stored_card(db, question_id))
            log_id = None if review is None else insert_review(db, review)
            db.execute("COMMIT")
        return review, log_id

    def override_answer(self, answer_id: int, log_id: int | None, plan: Planner | None) -> None:
        """The student says a wrong typed answer was right (a typo): the answer counts as right but is
        marked overridden and keeps no mistakes; its card's rating (review log ``log_id``) is taken back
        and ``plan`` (Hard, never Good) applied to the card as it was before. One transaction; refused
        if the card was reviewed since, as undo is. The stats tallies follow by their triggers."""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("UPDATE answers SET verdict = 'correct', score = 1.0, overridden = 1 WHERE id = ?", (answer_id,))
            db.execute("DELETE FROM mistakes WHERE answer_id = ?", (answer_id,))
            question_id = None if log_id is None else take_back(
                db, log_id, "that answer can no longer be counted right (its card was reviewed since) / 无法更改")
            review = None if plan is None or question_id is None else plan(stored_card(db, question_id))
            if review is not None:
                insert_review(db, review)
            db.execute("COMMIT")

    def save_review(self, review: Review) -> int:
        """The card's new FSRS state and the review that led to it, in one transaction; the log's id.
        (A review planned outside the transaction: prefer ``apply_review``.)"""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            log_id = insert_review(db, review)
            db.execute("COMMIT")
            return log_id

    def undo_review(self, log_id: int) -> str:
        """Take back one review: its log is deleted and the card row it replaced restored exactly,
        in one transaction. Only a card's latest review can be undone; returns the question id."""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            question_id = take_back(db, log_id, "that rating can no longer be undone (the card was reviewed since) / 无法撤销")
            db.execute("COMMIT")
            return question_id

    def setting(self, key: str) -> Any:
        """A stored setting (decoded JSON), or None."""
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def save_setting(self, key: str, value: Any) -> None:
        """Store a setting; ``None`` removes it."""
        with self._write() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", (key,))
                return
            db.execute("INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
                       (key, json.dumps(value, ensure_ascii=False), iso(self.clock())))

    # ---- reading -----------------------------------------------------------

    def card_json(self, question_id: str) -> str | None:
        rows = self._read("SELECT card FROM cards WHERE question_id = ?", (question_id,))
        return rows[0][0] if rows else None

    def cards_json(self) -> dict[str, str]:
        """question id -> the card's FSRS JSON, for every card."""
        return {qid: card for qid, card in self._read("SELECT question_id, card FROM cards")}

    def review_logs_json(self) -> list[tuple[str, str]]:
        """(question id, FSRS review-log JSON) of every review, oldest first."""
        return [tuple(r) for r in self._read("SELECT question_id, log FROM review_logs ORDER BY id")]

    def review_durations_ms(self, source: str = "review") -> list[int]:
        """How long each timed review of this source took, oldest first."""
        rows = self._read("SELECT duration_ms FROM review_logs WHERE source = ? AND duration_ms IS NOT NULL ORDER BY id",
                          (source,))
        return [int(ms) for (ms,) in rows]

    def latest_review(self) -> tuple[int, str, str, str] | None:
        """(log id, question id, source, reviewed_at) of the most recent review, if any."""
        rows = self._read("SELECT id, question_id, source, reviewed_at FROM review_logs ORDER BY id DESC LIMIT 1")
        return tuple(rows[0]) if rows else None

    def reviews_since(self, moment: datetime) -> int:
        return int(self._read("SELECT COUNT(*) FROM review_logs WHERE reviewed_at >= ?", (iso(moment),))[0][0])

    def due_card_ids(self, now: datetime) -> list[str]:
        """Ids of cards due at ``now``, most overdue first."""
        return [qid for (qid,) in self._read("SELECT question_id FROM cards WHERE due <= ? ORDER BY due", (iso(now),))]

    def card_ids(self) -> set[str]:
        return {qid for (qid,) in self._read("SELECT question_id FROM cards")}

    def introduced_since(self, moment: datetime) -> int:
        return int(self._read("SELECT COUNT(*) FROM cards WHERE introduced_at >= ?", (iso(moment),))[0][0])

    def card_states(self) -> dict[str, tuple[int, str]]:
        """question id -> (FSRS state, due) for every card."""
        return {qid: (state, due) for qid, state, due in self._read("SELECT question_id, state, due FROM cards")}

    def review_ratings(self) -> list[tuple[str, int, str, str]]:
        """(question id, rating, reviewed_at, source) of every review, oldest first."""
        return [tuple(r) for r in self._read("SELECT question_id, rating, reviewed_at, source FROM review_logs ORDER BY id")]

    def answer_outcomes(self) -> list[tuple[str, str, str, float, str]]:
        """(question id, section, verdict, score, answered_at) of every answer, oldest first."""
        return [tuple(r) for r in self._read("SELECT question_id, section, verdict, score, answered_at FROM answers ORDER BY id")]

    def overridden_count(self) -> int:
        """How many answers the student overrode with "!" (a partial index holds just those)."""
        return int(self._read("SELECT COUNT(*) FROM answers WHERE overridden = 1")[0][0])

    def last_verdicts(self) -> dict[str, str]:
        """The verdict of each question's most recent answer."""
        rows = self._read(
            "SELECT question_id, verdict FROM answers WHERE id IN (SELECT MAX(id) FROM answers GROUP BY question_id)"
        )
        return {qid: verdict for qid, verdict in rows}

    def mistake_rows(self) -> list[tuple[str, str, str, str, int]]:
        """(question id, kind, tag, detail, answer id) of every mistake recorded, oldest first."""
        return [tuple(r) for r in self._read(
            "SELECT question_id, kind, tag, detail, answer_id FROM mistakes ORDER BY id")]

    # ---- aggregates for stats: tallies kept by triggers (migration 005), time indexes --------

    def answer_tallies(self) -> list[tuple[str, str, int, int, float]]:
        """(question id, section, answers, correct ones, total score) per question (kept by triggers)."""
        return [tuple(r) for r in self._read(
            "SELECT question_id, section, answered, correct, score FROM answer_tallies")]

    def review_tallies(self) -> list[tuple[str, str, int, int]]:
        """(question id, source, reviews, reviews not rated Again) per question and source (kept by triggers)."""
        return [tuple(r) for r in self._read("SELECT question_id, source, reviews, recalled FROM review_tallies")]

    def active_between(self, start: datetime, end: datetime, wanted: Container[str]) -> bool:
        """Whether any of the ``wanted`` questions was answered or reviewed in [start, end).

        Rows are read lazily by the time indexes and the first wanted one ends the search.
        """
        window = (iso(start), iso(end))
        try:
            for sql in ("SELECT question_id FROM answers WHERE answered_at >= ? AND answered_at < ?"
                        " AND verdict != 'unmarked'",
                        "SELECT question_id FROM review_logs WHERE reviewed_at >= ? AND reviewed_at < ?"):
                if any(qid in wanted for (qid,) in self._db.execute(sql, window)):
                    return True
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None
        return False

    def answers(self, session_id: int | None = None) -> list[sqlite3.Row]:
        if session_id is None:
            return self._read("SELECT * FROM answers ORDER BY id")
        return self._read("SELECT * FROM answers WHERE session_id = ? ORDER BY id", (session_id,))

    # ---- plumbing ----------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            # Ctrl-C and SIGTERM wait for the commit: an answer is stored whole or not begun.
            with deferred(), self._db:  # committed on leaving, rolled back on an error
                yield self._db
        except sqlite3.Error as exc:
            if self._db.in_transaction:
                self._db.rollback()
            raise _store_error(self.path, exc) from None

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None

    def close(self) -> None:
        self._db.close()


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "disk is full" in text or ("disk I/O error" in text and dbfile.disk_full(path)):
        return StoreError(f"progress database {path}: the disk is full; nothing was written. Free some space and"
                          " try again / 磁盘已满，未写入任何内容")
    if "locked" in text or "busy" in text:
        return StoreError(f"progress database {path} is locked by another program; close it and try again"
                          " / 进度数据库被其他程序占用，请关闭后重试")
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return StoreError(
            f"progress database {path} is damaged ({text}); it was left as it is: "
            "move it aside to start afresh, or point CH3QUIZ_HOME elsewhere / 进度数据库已损坏，未做任何改动"
        )
    return StoreError(f"progress database {path}: {text}")


@contextmanager
def open_store(path: Path | None = None, clock: Clock = utc_now) -> Iterator[Store]:
    """The progress store at ``path`` (default: the data dir), migrated, closed on exit."""
    if path is None:
        from ch3quiz.paths import database_path

        path = database_path()
    try:
        db = dbfile.open_database(path, clock)
    except sqlite3.Error as exc:
        raise _store_error(path, exc) from None
    except OSError as exc:
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or exc
        raise StoreError(f"cannot open progress database {path}: {reason} / 无法打开进度数据库") from None
    store = Store(db, path, clock)
    try:
        yield store
    finally:
        store.close()
