"""The console entry point: it must be able to stop quietly from its first instruction.

Importing the CLI (Typer, Rich, the commands) takes ~100 ms; a Ctrl-C in that window lands
outside the commands' error boundary and used to print a Python traceback. Here the stop is
caught around everything: the imports, the command, the exit. Only the standard library is
loaded before the ``try``.
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    try:
        from ch3quiz import signals

        signals.install()  # SIGTERM, SIGHUP: stop like Ctrl-C, so the session row is finished
        from ch3quiz.cli.app import main as run

        return run(argv)
    except KeyboardInterrupt as stop:  # before or after the boundary: as quiet as inside it
        return getattr(stop, "exit_code", 130)
