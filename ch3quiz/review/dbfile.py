"""Opening the progress database file: created whole, migrated, refused when it is not ours to use.

* A new database is built under a hidden name beside the target (WAL, every migration)
  and linked into place, so ``progress.sqlite3`` never exists half-made. A 0-byte file at
  that path is therefore not ours: it is a database cut short (a full disk, a bad copy),
  and taking it as new would hide the loss, so it is refused.
* A database written by a newer ch3quiz (a higher ``user_version``, or a migration this
  version does not know) is refused before anything is written to it.
* A lock held by another program is waited on for at most ``LOCK_WAIT`` seconds in all.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from ch3quiz.errors import StoreError
from ch3quiz.review.migrations import MIGRATIONS, statements

LOCK_WAIT = 5.0  # seconds, in all, before "locked by another program"
_LOW_DISK = 1 << 20  # bytes free under which "disk I/O error" means a full disk


def disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < _LOW_DISK
    except OSError:
        return False


def refuse_empty(path: Path) -> None:
    """StoreError for a 0-byte database file (never made by us: ours appear whole)."""
    if path.is_file() and path.stat().st_size == 0 and not Path(f"{path}-wal").exists():
        raise StoreError(
            f"progress database {path} is empty (0 bytes): it was cut short or copied badly; it was left as it is."
            " Restore it from a backup, or delete it to start afresh / 进度数据库为空文件，未做任何改动"
        )


def refuse_not_a_file(path: Path) -> None:
    """StoreError for a directory (or other non-file) where the database should be: SQLite's own
    word for it is "unable to open database file", which says neither what nor where."""
    if path.exists() and not path.is_file():
        kind = "a directory" if path.is_dir() else "not a regular file"
        raise StoreError(
            f"progress database {path} is {kind}; it was left as it is: move it aside, or point CH3QUIZ_HOME"
            " elsewhere / 进度数据库的位置上不是文件，未做任何改动"
        )


def create_whole(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> None:
    """Build a database under a hidden name beside ``path`` with ``prepare``, then link it into place.

    Two processes creating it at once: the first link wins, the other's copy is removed.
    """
    from ch3quiz.safefile import remove_stale

    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent, f".{path.name}.*.new*")  # a creation killed half-way
    temp = path.with_name(f".{path.name}.{os.getpid()}.new")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        leftover.unlink(missing_ok=True)
    db = sqlite3.connect(temp, isolation_level=None)
    try:
        prepare(db)
    finally:
        db.close()
    try:
        os.link(temp, path)
    except FileExistsError:
        pass  # another session created it first: use theirs
    except OSError:  # a filesystem without hard links
        if not path.exists():
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def check_schema(db: sqlite3.Connection, path: Path, known: Sequence[str]) -> None:
    """StoreError when the database was written by a newer ch3quiz; reads only."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_table = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    applied = [name for (name,) in db.execute("SELECT name FROM migrations")] if has_table else []
    unknown = sorted(set(applied) - set(known))
    if version > len(known) or unknown:
        what = f"migration {unknown[0]}" if unknown else f"schema version {version}"
        raise StoreError(
            f"progress database {path} was written by a newer ch3quiz ({what}; this one knows {len(known)}); "
            "it was left as it is: upgrade ch3quiz, or point CH3QUIZ_HOME elsewhere / 进度数据库来自更新版本，未做任何改动"
        )


def enable_wal(db: sqlite3.Connection) -> None:
    """Switch a new database to WAL (it stays so). SQLite does not wait on a busy lock for this
    switch, so two sessions creating the file at once retry, for LOCK_WAIT seconds in all."""
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def applied_migrations(db: sqlite3.Connection) -> list[str]:
    return [name for (name,) in db.execute("SELECT name FROM migrations ORDER BY name")]


def migrate(db: sqlite3.Connection, clock: Callable[[], datetime]) -> None:
    """Apply every migration not yet applied, each with its record in one transaction.

    Whether a migration is applied is decided inside its write transaction, so two
    processes starting at once cannot both apply it.
    """
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    if set(applied_migrations(db)) >= {name for name, _ in MIGRATIONS}:
        return  # the usual case: nothing to do, no write lock taken
    for number, (name, sql) in enumerate(MIGRATIONS, start=1):
        db.execute("BEGIN IMMEDIATE")
        try:
            if name not in applied_migrations(db):
                for statement in statements(sql):
                    db.execute(statement)
                applied_at = clock().astimezone(timezone.utc).isoformat(timespec="seconds")
                db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, applied_at))
                # How many migrations it has: a later ch3quiz's database is refused by an earlier one.
                db.execute(f"PRAGMA user_version = {number:d}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def connect(path: Path) -> sqlite3.Connection:
    """An open connection to an existing database of ours, in WAL mode; refuses a newer schema first."""
    # isolation_level=None: we open transactions ourselves (BEGIN / `with db`).
    db = sqlite3.connect(path, timeout=LOCK_WAIT, isolation_level=None)
    try:
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT * 1000)}")
        check_schema(db, path, [name for name, _ in MIGRATIONS])  # before anything is written
        enable_wal(db)
        db.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        db.close()
        raise
    return db


def open_database(path: Path, clock: Callable[[], datetime]) -> sqlite3.Connection:
    """An open, migrated connection to the database at ``path`` (created whole when missing)."""
    refuse_not_a_file(path)
    refuse_empty(path)
    if not path.exists():
        create_whole(path, lambda db: (enable_wal(db), migrate(db, clock)))
    db = connect(path)
    try:
        migrate(db, clock)
    except BaseException:
        db.close()
        raise
    return db
