"""Writing answers and the reviews of their cards: each answer with its card's review in one
transaction (both or neither), marking, overriding and taking back a rating.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from ch3quiz.errors import StoreError
from ch3quiz.review.cardlog import Planner, Review, insert_mistakes, insert_review, iso, stored_card, take_back
from ch3quiz.review.store_core import StoreCore


class Recorded(NamedTuple):
    """What ``record_answer`` stored: the answer's id, the card's review (or None) and its log's id."""

    answer_id: int
    review: Review | None
    log_id: int | None


class AnswerWrites(StoreCore):
    """The answers and the cards they rate."""

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
    ) -> Recorded:
        """Commit one answer now (``question`` is a bank Question), with its card's review if given:
        both or neither, so an interrupted session never keeps an answer its card did not see.
        ``mistakes``: (kind, tag, detail) of what went wrong; the numbers drawn for a parameterised
        question (``fields["variant"]``) are kept with the answer.

        ``plan`` computes the review from the card as stored, read inside the same write
        transaction, so two sessions grading one card never both start from its old state.
        """
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
            log_id = None if review is None else insert_review(db, review, self._session)
            db.execute("COMMIT")
            return Recorded(answer_id=answer_id, review=review, log_id=log_id)

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
                insert_review(db, review, self._session)
            db.execute("COMMIT")

    def apply_review(self, question_id: str, plan: Planner) -> tuple[Review | None, int | None]:
        """Read the card, compute its review with ``plan`` and store it, in one write transaction;
        the review stored and its log's id."""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            review = plan(stored_card(db, question_id))
            log_id = None if review is None else insert_review(db, review, self._session)
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
                insert_review(db, review, self._session)
            db.execute("COMMIT")

    def save_review(self, review: Review) -> int:
        """The card's new FSRS state and the review that led to it, in one transaction; the log's id.
        (A review planned outside the transaction: prefer ``apply_review``.)"""
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            log_id = insert_review(db, review, self._session)
            db.execute("COMMIT")
            return log_id

    def undo_review(self, log_id: int, *, newest_of_all: bool = False) -> str:
        """Take back one review: its log is deleted and the card row it replaced restored exactly,
        in one transaction. Only a card's latest review can be undone (with ``newest_of_all``, only the
        latest review of all, checked inside the transaction); returns the question id."""
        refusal = ("another rating was given meanwhile; nothing was undone / 期间有新的评分，未撤销" if newest_of_all
                   else "that rating can no longer be undone (the card was reviewed since) / 无法撤销")
        with self._write() as db:
            db.execute("BEGIN IMMEDIATE")
            question_id = take_back(db, log_id, refusal, newest_of_all=newest_of_all)
            db.execute("COMMIT")
            return question_id
