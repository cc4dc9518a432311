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


def main(argv: list[str] | None = None) -> int:
    # A Ctrl-C that lands inside importlib's own bookkeeping (a module lock's weakref callback) is
    # "ignored" by Python with a printed traceback; it is the same stop, so it stays quiet too.
    sys.unraisablehook = _quiet_interrupts(sys.unraisablehook)
    try:
        from ch3quiz import signals

        signals.install()  # SIGTERM, SIGHUP: stop like Ctrl-C, so the session row is finished
        from ch3quiz.cli.app import main as run

        return run(argv)
    except KeyboardInterrupt as stop:  # before or after the boundary: as quiet as inside it
        return getattr(stop, "exit_code", 130)


def _quiet_interrupts(hook: "Callable[[Any], object]") -> "Callable[[Any], object]":
    def quiet(unraisable: "Any") -> object:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            return None
        return hook(unraisable)

    return quiet
