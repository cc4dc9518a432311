"""Signals: how the tool stops, and the moments it may not be stopped.

Ctrl-C raises KeyboardInterrupt (Python's own handler); SIGTERM and SIGHUP (a closed
terminal, ``kill``) raise :class:`Terminated`, a KeyboardInterrupt too, so the same error
boundary ends the session row and exits quietly (128 + the signal's number). While a
database write is under way the three are held back (:func:`deferred`) and delivered right
after it, so an answer is either committed with its review or not begun. SIGKILL cannot be
caught; SQLite's journal covers it.

Stdlib only: the entry point installs these before anything heavy is imported.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived; handled like Ctrl-C, with its own exit status."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated(signum)


def install() -> None:
    """SIGTERM and SIGHUP stop the tool the way Ctrl-C does (main thread only)."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            try:
                signal.signal(getattr(signal, name), _terminate)
            except ValueError:  # not the main thread: signals are not ours to handle
                return


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return getattr(interrupt, "exit_code", 130)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP for the duration (delivered on leaving)."""
    import threading  # here, not at the top: the entry point imports this module before anything else

    usable = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
