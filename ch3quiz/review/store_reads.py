"""Reading progress back: cards, review logs, answers, mistakes, and the tallies stats reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Container
from datetime import datetime

from ch3quiz.review import running
from ch3quiz.review.cardlog import LoggedRating, iso
from ch3quiz.review.store_core import StoreCore, _store_error


class ProgressReads(StoreCore):
    """Queries over what was answered and reviewed; nothing here writes."""

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

    def latest_review(self) -> LoggedRating | None:
        """The most recent review, if any, with the session that gave it."""
        rows = self._read("SELECT id, question_id, rating, source, reviewed_at, session_id FROM review_logs"
                          " ORDER BY id DESC LIMIT 1")
        return LoggedRating(*rows[0]) if rows else None

    def session_running(self, session_id: int) -> bool:
        """Whether a session is still open: not finished, and its process alive (review/running.py)."""
        rows = self._read("SELECT finished_at FROM sessions WHERE id = ?", (session_id,))
        if not rows or rows[0][0] is not None:
            return False
        return session_id == self._session or running.is_running(self.path, session_id)

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
