"""Which sessions are still running: a session holds an advisory file lock while its process lives.

`review --undo` must not take back a rating that belongs to a session still open in another
terminal. The session row cannot tell: ``finished_at`` stays empty when a process is killed
(SIGKILL, a power cut), and a process id can be reused. A lock can: the operating system
releases it when the process ends, however it ends. The lock file sits beside the database
(``.progress.sqlite3.session-N.lock``, hidden) and is removed when the session finishes, or by
the first check that finds it abandoned.

Where the platform has no ``flock`` (Windows) an unfinished session counts as running: refusing
an undo is recoverable, taking back another session's rating is not.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


def lock_path(database: Path, session_id: int) -> Path:
    return database.with_name(f".{database.name}.session-{session_id}.lock")


def hold(database: Path, session_id: int) -> int | None:
    """Take session ``session_id``'s lock for this process; the open descriptor, or None when no lock
    can be taken (no ``flock``: then every unfinished session counts as running; a lock file that
    cannot be made, in a data dir that cannot be written: then none does, and none can rate either)."""
    if fcntl is None:
        return None
    try:
        fd = os.open(lock_path(database, session_id), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def release(database: Path, session_id: int, fd: int | None) -> None:
    """Give the lock back and remove its file (the session has finished)."""
    if fd is None:
        return
    try:
        lock_path(database, session_id).unlink(missing_ok=True)
    except OSError:
        pass  # a lock file left behind is removed by the next check
    os.close(fd)


def is_running(database: Path, session_id: int) -> bool:
    """Whether an unfinished session's process still holds its lock."""
    if fcntl is None:
        return True
    path = lock_path(database, session_id)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False  # never locked, or finished: nobody holds it
    except OSError:
        return True  # cannot tell: the careful answer
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return True
    else:
        path.unlink(missing_ok=True)  # its process is gone: the file is litter
        return False
    finally:
        os.close(fd)
