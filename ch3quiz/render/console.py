"""One console for results (stdout) and one for messages and errors (stderr)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def error(message: str) -> None:
    """One line on stderr; bank and user text are escaped so '[' never reads as markup."""
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def note(message: str) -> None:
    err.print(f"[dim]{escape(message)}[/]", soft_wrap=True)


__all__ = ["err", "error", "escape", "note", "out"]
