"""One console for results (stdout) and one for messages and errors (stderr).

Both are :class:`InertConsole`: whatever text reaches them (a bank's prompt, an id, a file
name, a message quoting the student) has its control characters shown, never obeyed.
Rich's own styling travels as styles and control segments, which are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console, ConsoleDimensions
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ch3quiz.render import cjkwrap
from ch3quiz.safetext import inert

cjkwrap.install()  # Chinese lines break between characters, not only at spaces

MIN_WIDTH = 20  # COLUMNS=0 made Rich lay everything out in zero cells: nothing printed, errors too


class InertConsole(Console):
    """A Rich console whose text segments pass through ``safetext.inert`` on the way out."""

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                text = inert(segment.text)
                yield segment if text is segment.text else Segment(text, segment.style)

    @property
    def size(self) -> ConsoleDimensions:
        """Rich's size, but never narrower than ``MIN_WIDTH`` (a tiny COLUMNS or terminal)."""
        size = super().size
        return size if size.width >= MIN_WIDTH else ConsoleDimensions(MIN_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]


out = InertConsole(highlight=False)
err = InertConsole(stderr=True, highlight=False)


NARROW = 100  # columns: below this, tables drop their vertical rules and fold long text


def narrow() -> bool:
    return out.width < NARROW


def table_style() -> dict[str, Any]:
    """Table options for the terminal's width: in a narrow one no column may be cut off, so the rules
    and padding go (a space still parts the columns), leaving the room to the text, which folds."""
    if narrow():
        return {"box": box.SIMPLE_HEAD, "padding": (0, 0), "pad_edge": False, "show_edge": False}
    return {"box": box.HEAVY_HEAD}


def error(message: str) -> None:
    """``error:`` and the message on stderr: one line in a pipe or a log (for grep and scripts); in a
    terminal wrapped at word boundaries (Chinese between characters), each line under the message's start,
    where the terminal would have cut words in two."""
    labelled(Text("error:", style="bold red"), Text(message))


def note(message: str) -> None:
    """A dim message on stderr, one line in a pipe, wrapped at word boundaries in a terminal."""
    err.print(Text(message, style="dim"), soft_wrap=not err.is_terminal)


def wrapped_lines(text: str) -> None:
    """Text another library wrote for stderr (Click's usage errors), wrapped at word boundaries; an
    ``Error: …`` line continues under its message."""
    for line in text.rstrip("\n").split("\n"):
        label, sep, rest = line.partition(": ")
        if label == "Error" and sep:
            labelled(Text("Error:"), Text(rest))
        else:
            err.print(Text(line))


def labelled(label: Text, message: Text) -> None:
    """``label message`` on stderr; in a terminal a long message wraps under its own start (a hanging indent)."""
    if not err.is_terminal:
        err.print(Text.assemble(label, " ", message), soft_wrap=True)
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # a word longer than the line (a path) folds rather than being cut off
    grid.add_row(label, message)
    err.print(grid)


__all__ = ["err", "error", "escape", "labelled", "narrow", "note", "out", "table_style", "wrapped_lines"]
