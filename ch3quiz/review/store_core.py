"""The progress database's connection: short write transactions, reads, and one error message per
SQLite failure. The store's parts (answers and cards, reads, sessions and settings) build on this.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ch3quiz.errors import StoreError
from ch3quiz.review import dbfile
from ch3quiz.review.cardlog import Clock, utc_now
from ch3quiz.signals import deferred


class StoreCore:
    """One open progress database: ``_write`` for a transaction, ``_read`` for a query."""

    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Clock = utc_now) -> None:
        self._db = connection
        self.path = path
        self.clock = clock
        self._session: int | None = None  # this process's session: its ratings carry its id
        self._session_lock: int | None = None  # held while it runs (review/running.py)

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
