"""The progress database: every answer committed the moment it is given.

SQLite in WAL mode, so a quiz in one terminal and a review in another do not
block each other; each write is its own short transaction, so Ctrl-C or a
closed terminal loses nothing already answered. A database that cannot be
read is reported and left untouched, never overwritten.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ch3quiz.errors import StoreError
from ch3quiz.review import dbfile, running
from ch3quiz.review.cardlog import (  # noqa: F401 - LoggedRating, Planner, Review: this module's API
    Clock, LoggedRating, Planner, Review, iso, utc_now,
)
from ch3quiz.review.dbfile import applied_migrations, connect, migrate  # noqa: F401 - part of this module's API
from ch3quiz.review.store_answers import AnswerWrites, Recorded  # noqa: F401 - Recorded: this module's API
from ch3quiz.review.store_core import _store_error  # noqa: F401 - part of this module's API
from ch3quiz.review.store_reads import ProgressReads


class Store(AnswerWrites, ProgressReads):
    """The progress database: answers and cards (``store_answers``), what is read back (``store_reads``),
    and here the sessions and the settings; the connection's plumbing is ``store_core``."""

    def start_session(self, mode: str, filters: dict[str, Any] | None = None, seed: int | None = None) -> int:
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sessions (mode, started_at, filters, seed) VALUES (?, ?, ?, ?)",
                (mode, iso(self.clock()), json.dumps(filters or {}, ensure_ascii=False), seed),
            )
            session_id = int(cursor.lastrowid)
        # Its ratings carry its id, and its lock says it runs (review --undo elsewhere leaves them be).
        self._session, self._session_lock = session_id, running.hold(self.path, session_id)
        return session_id

    def finish_session(self, session_id: int) -> None:
        with self._write() as db:
            db.execute("UPDATE sessions SET finished_at = ? WHERE id = ?", (iso(self.clock()), session_id))
        if session_id == self._session:
            self._release_session()

    def _release_session(self) -> None:
        if self._session is not None:
            running.release(self.path, self._session, self._session_lock)
        self._session = self._session_lock = None

    def close(self) -> None:
        self._release_session()
        super().close()

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


def _open_failure(path: Path, exc: OSError) -> str:
    """Why the database could not be made, in the student's terms: a file (or a link into a loop) where
    its folder should be was reported as "File exists"."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    for folder in (path.parent, *path.parent.parents):
        if os.path.lexists(folder) and not folder.is_dir():
            what = "a link that leads nowhere" if folder.is_symlink() and not folder.exists() else "not a folder"
            return f"{folder} is {what}; point CH3QUIZ_HOME at a folder"
    return str(exc.strerror or exc)


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
        raise StoreError(f"cannot open progress database {path}: {_open_failure(path, exc)} / 无法打开进度数据库") from None
    store = Store(db, path, clock)
    try:
        yield store
    finally:
        store.close()
