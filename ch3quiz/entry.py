"""The console entry point: it must be able to stop quietly from its first instruction.

Importing the CLI (Typer, Rich, the commands) takes ~100 ms; a Ctrl-C in that window lands
outside the commands' error boundary and used to print a Python traceback. Here the stop is
caught around everything: the imports, the command, the exit. Only the standard library is
loaded before the ``try``.
"""

import sys  # already loaded by the interpreter: importing it costs nothing

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing itself takes milliseconds to import: a window a Ctrl-C could land in
    from typing import Any, Callable


STOPPED = (130, 129, 143)  # Ctrl-C, SIGHUP, SIGTERM: 128 + the signal's number


def main(argv: list[str] | None = None) -> int:
    # A Ctrl-C that lands inside importlib's own bookkeeping (a module lock's weakref callback) is
    # "ignored" by Python with a printed traceback; it is the same stop, so it stays quiet too.
    sys.unraisablehook = _quiet_interrupts(sys.unraisablehook)
    try:
        if not _standard_streams_open():
            return 2
        from ch3quiz import signals

        signals.install()  # SIGTERM, SIGHUP: stop like Ctrl-C, so the session row is finished
        from ch3quiz.cli.app import main as run

        code = run(argv)
    except KeyboardInterrupt as stop:  # before or after the boundary: as quiet as inside it
        code = getattr(stop, "exit_code", 130)
    if code in STOPPED:
        _leave(code)
    return code


def _standard_streams_open() -> bool:
    """Give a closed standard stream (``<&-``, ``>&-``, ``2>&-``) /dev/null, so no file we open later
    (an export, a cache file) takes its number and receives what is printed; a closed stdin reads as
    empty input, a closed stderr hides the messages. A closed stdout was exit 70 in every command
    ('NoneType' object has no attribute 'write'), after a quiz had already started a session: it is
    refused in one line (exit 2) before anything is done, as nothing the command shows could be seen."""
    import os

    closed = []
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDONLY if mode == "r" else os.O_WRONLY)  # takes the lowest free number: fd
            closed.append(name)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", errors="replace", closefd=False))
    if "stdout" in closed:
        sys.stderr.write("error: standard output is closed, so nothing ch3quiz shows could be seen; run it"
                         " with >/dev/null to discard what it shows / 标准输出已关闭\n")
        return False
    return True


def _leave(code: int) -> None:
    """End a stopped process now, with ``code``.

    CPython (3.11) marks a KeyboardInterrupt that escapes any ``eval``/``exec`` of a string as
    unhandled, even when it is caught further up, and under ``python -m`` then ends the process by
    re-sending itself SIGINT (exit -2, "killed by a signal") after our exit status was decided.
    Such evals run at import time in ``collections.namedtuple`` and ``dataclasses``, so a Ctrl-C
    that lands while a command imports its modules (``plan`` imports many) did this about one time
    in twelve. The stop was handled: everything is written and closed (the ``with`` blocks have
    run), so the output is flushed and the process leaves with the status it chose, skipping the
    interpreter's teardown.
    """
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: nothing more can reach it
            pass
    os._exit(code)


def _quiet_interrupts(hook: "Callable[[Any], object]") -> "Callable[[Any], object]":
    def quiet(unraisable: "Any") -> object:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            return None
        return hook(unraisable)

    return quiet
