"""The rows a review writes, inside the caller's write transaction: the card's new state, its log
(with the card row it replaced, so undo and the "!" override restore it exactly), and mistakes.

Split from ``store`` (which owns the connection and the transactions) to keep each module small.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, NamedTuple

from ch3quiz.errors import StoreError

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def stored_moment(text: str, what: str) -> datetime:
    """A time read back from the progress database (stored as UTC); StoreError, naming the row, when it
    is not one: a hand edit or a foreign row ('yesterday') ended review with exit 70."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise StoreError(f"the progress database is damaged: {what} is {str(text)[:40]!r}, which is not a time;"
                         " it was left as it is / 进度数据库中有无效的时间") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Review:
    """One FSRS review ready to store: the card's new state and the log that led to it."""

    question_id: str
    card_json: str
    due: datetime
    state: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    source: str
    log_json: str


class LoggedRating(NamedTuple):
    """A review log as ``review --undo`` weighs it."""

    log_id: int
    question_id: str
    rating: int
    source: str
    reviewed_at: str
    session_id: int | None  # None: from a command without a session, or from before migration 007


# Given the card's stored JSON (None for a new card), the review to store with it (or None).
Planner = Callable[[Any], "Review | None"]


def stored_card(db: sqlite3.Connection, question_id: str) -> str | None:
    row = db.execute("SELECT card FROM cards WHERE question_id = ?", (question_id,)).fetchone()
    return row[0] if row else None


_CARD_COLUMNS = ("question_id", "card", "due", "state", "introduced_at", "updated_at")


def _card_row(db: sqlite3.Connection, question_id: str) -> dict[str, Any] | None:
    row = db.execute(f"SELECT {', '.join(_CARD_COLUMNS)} FROM cards WHERE question_id = ?", (question_id,)).fetchone()
    return None if row is None else dict(zip(_CARD_COLUMNS, row))


def insert_review(db: sqlite3.Connection, review: Review, session_id: int | None = None) -> int:
    """Store the card's new state and its log (keeping the row it replaces, for undo, and the session
    that gave it, if any); the log's id."""
    now = iso(review.reviewed_at)
    prior = json.dumps({"row": _card_row(db, review.question_id)}, ensure_ascii=False)
    db.execute(
        "INSERT INTO cards (question_id, card, due, state, introduced_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(question_id) DO UPDATE SET"
        " card = excluded.card, due = excluded.due, state = excluded.state, updated_at = excluded.updated_at",
        (review.question_id, review.card_json, iso(review.due), review.state, now, now),
    )
    cursor = db.execute(
        "INSERT INTO review_logs (question_id, rating, reviewed_at, duration_ms, source, log, prior_card, session_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (review.question_id, review.rating, now, review.duration_ms, review.source, review.log_json, prior,
         session_id),
    )
    return int(cursor.lastrowid)


def _restore_card(db: sqlite3.Connection, question_id: str, row: dict[str, Any] | None) -> None:
    if row is None:  # the review introduced the card: undoing it makes the card new again
        db.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
        return
    db.execute(f"INSERT OR REPLACE INTO cards ({', '.join(_CARD_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
               tuple(row[c] for c in _CARD_COLUMNS))


def take_back(db: sqlite3.Connection, log_id: int, refusal: str, *, newest_of_all: bool = False) -> str:
    """Delete review log ``log_id`` and restore the card row it replaced (inside the caller's
    transaction, rolled back with ``refusal`` unless it is its card's latest, or with
    ``newest_of_all`` the latest of every card); the question id."""
    row = db.execute("SELECT question_id, prior_card FROM review_logs WHERE id = ?", (log_id,)).fetchone()
    scope = ("SELECT MAX(id) FROM review_logs WHERE ?1 IS NOT NULL" if newest_of_all
             else "SELECT MAX(id) FROM review_logs WHERE question_id = ?1")
    latest = row and db.execute(scope, (row[0],)).fetchone()[0]
    if row is None or row[1] is None or latest != log_id:
        db.execute("ROLLBACK")
        raise StoreError(refusal)
    _restore_card(db, row[0], json.loads(row[1])["row"])
    db.execute("DELETE FROM review_logs WHERE id = ?", (log_id,))
    return str(row[0])


def insert_mistakes(db: sqlite3.Connection, answer_id: int, question_id: str,
                     mistakes: Iterable[tuple[str, str, str]]) -> None:
    db.executemany(
        "INSERT INTO mistakes (answer_id, question_id, kind, tag, detail) VALUES (?, ?, ?, ?, ?)",
        [(answer_id, question_id, kind, tag, detail) for kind, tag, detail in mistakes],
    )
