"""Reading answers: one line a prompt, from a terminal or a pipe alike."""

from __future__ import annotations


import sys

_line_editing = False


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


def read_line(prompt: str) -> str | None:
    """One line from the user, or None when input has ended (Ctrl-D, or the end of piped input)."""
    from ch3quiz.render.console import out

    _enable_line_editing()
    try:
        return out.input(prompt)
    except EOFError:
        out.print()
        return None
