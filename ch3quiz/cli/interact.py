"""Reading answers: one line a prompt, from a terminal or a pipe alike."""

from __future__ import annotations


def read_line(prompt: str) -> str | None:
    """One line from the user, or None when input has ended (Ctrl-D, or the end of piped input)."""
    from ch3quiz.render.console import out

    try:
        return out.input(prompt)
    except EOFError:
        out.print()
        return None
