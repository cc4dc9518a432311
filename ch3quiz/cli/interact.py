"""Reading answers: one line a prompt, from a terminal or a pipe alike, and the exam clock."""

from __future__ import annotations

import signal
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_line_editing = False
_waiting_for_input = False  # the exam clock interrupts only a prompt, never a write to the database


class TimeUp(BaseException):
    """The exam's time ran out while a prompt was waiting (BaseException: nothing may swallow it)."""


def _enable_line_editing() -> None:
    """Arrow keys and history while typing a formula (GNU readline, where the platform has it)."""
    global _line_editing
    if _line_editing or not sys.stdin.isatty():
        return
    _line_editing = True
    try:
        import readline  # noqa: F401 - importing it is what turns line editing on for input()
    except ImportError:  # Windows without pyreadline: plain input still works
        pass


def command_word(text: str) -> str:
    """A typed line as a prompt's command ("?", "!", "u"): a Chinese input method types the full-width
    ？ and ！, which were graded as answers (a wrong answer kept for the next question) instead."""
    return unicodedata.normalize("NFKC", text).strip().lower()


MAX_LINE_CHARS = 200_000  # a line longer than any answer; an endless piped line filled the memory


class LineTooLong(Exception):
    """A line over the bound: read to its end and dropped, its real length counted (a message that
    named the bound, "200,000 characters", for a 5 MB line was not true)."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"that line is too long ({length:,} characters; the limit for a line is {limit:,})")
        self.length, self.limit = length, limit


def bounded_line(stream: Any, limit: int = MAX_LINE_CHARS) -> str | None:
    """The next line of ``stream`` without its newline; None at the end of input. A line over ``limit``
    characters is read to its end a chunk at a time (never held whole) and raises LineTooLong."""
    line = stream.readline(limit + 1)
    if not line:
        return None
    if line.endswith("\n") or len(line) <= limit:
        return line.rstrip("\r\n")
    length = len(line)
    while (rest := stream.readline(limit)) and not rest.endswith("\n"):
        length += len(rest)  # the same over-long line, counted and dropped
    length += len(rest.rstrip("\r\n"))
    raise LineTooLong(length, limit)


def read_line(prompt: str) -> str | None:
    """One line from the user, or None when input has ended (Ctrl-D, or the end of piped input).

    The prompt is handed to ``input()`` itself, not printed before it: readline then knows where the
    answer starts, so Ctrl-U, Ctrl-A, Ctrl-W and redraws never erase the prompt. It is plain text
    (no escape codes), so readline counts its width right. Up recalls earlier answers of the session.
    """
    global _waiting_for_input
    _enable_line_editing()
    _waiting_for_input = True
    try:
        if sys.stdin.isatty():
            return input(prompt)  # bytes that are not UTF-8 read as U+FFFD (app.tolerant_stdio)
        while True:
            sys.stdout.write(prompt)  # piped: as input() does, but the line is read no further than a bound
            sys.stdout.flush()
            try:
                line = bounded_line(sys.stdin)
            except LineTooLong as long_line:  # no answer is that long: say so, and take the next line
                sys.stdout.write("\n")
                from ch3quiz.render.console import error

                error(f"{long_line}; not taken as an answer / 输入过长，未作为答案")
                continue
            if line is None:
                raise EOFError
            return line
    except EOFError:
        sys.stdout.write("\n")
        return None
    finally:
        _waiting_for_input = False


@contextmanager
def exam_clock(seconds: float | None) -> Iterator[None]:
    """Raise TimeUp in a waiting prompt once ``seconds`` have passed (Unix main thread; elsewhere
    the session still checks the time after every answer)."""
    usable = seconds is not None and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        if _waiting_for_input:
            raise TimeUp()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
