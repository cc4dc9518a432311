"""The command catalogue: which commands exist, in what order ``--help`` lists them, under which
panel, and which module defines each.

``--help`` is drawn from this table alone, so it imports none of the command modules; a command's
module is imported when that command runs. This keeps ``ch3quiz --help`` close to the cost of
importing Typer itself (``benchmarks/bench_startup.py`` measures it).
"""

from __future__ import annotations

import difflib
import importlib
from typing import Any, NamedTuple

from typer.core import TyperGroup


class Entry(NamedTuple):  # a NamedTuple, not a dataclass: cheaper to define on every start-up; built by keyword
    name: str
    module: str  # under ch3quiz.cli
    panel: str
    summary: str  # one line in `ch3quiz --help`; also the command's short help


# In the order a student uses them: study first, then browsing, then the bank itself.
CATALOG: tuple[Entry, ...] = (
    Entry(name="quiz", module="quiz_commands", panel="study",
          summary="Take a quiz; every answer is graded, explained and saved at once."),
    Entry(name="review", module="review_commands", panel="study",
          summary="Review the flashcards due today (FSRS)."),
    Entry(name="check", module="check_commands", panel="study",
          summary="Check one formula answer by its meaning."),
    Entry(name="derive", module="check_commands", panel="study",
          summary="Check a derivation line by line."),
    Entry(name="stats", module="review_commands", panel="study",
          summary="Progress per section, retention, due forecast, weak spots."),
    Entry(name="plan", module="plan_commands", panel="study",
          summary="Plan for an exam date: daily reviews and the predicted exam-day recall."),
    Entry(name="optimize", module="plan_commands", panel="study",
          summary="Fit the FSRS memory model to your own reviews."),
    Entry(name="list", module="bank_commands", panel="browse",
          summary="List the questions, filtered by section, type or tag."),
    Entry(name="show", module="bank_commands", panel="browse",
          summary="One question with its answer and explanation."),
    Entry(name="sections", module="bank_commands", panel="browse",
          summary="Each seed section with its question counts per type."),
    Entry(name="tags", module="bank_commands", panel="browse",
          summary="Every tag with its number of questions."),
    Entry(name="export", module="export_commands", panel="bank",
          summary="Write the bank as an Anki deck, a CSV table or a Markdown sheet."),
    Entry(name="import", module="export_commands", panel="bank",
          summary="Bring questions from a CSV into your own bank file."),
    Entry(name="validate", module="bank_commands", panel="bank",
          summary="Check a question bank; every problem with its file and line."),
)
BY_NAME = {entry.name: entry for entry in CATALOG}
PANELS = ("study", "browse", "bank")


def summary(name: str) -> str | None:
    entry = BY_NAME.get(name)
    return entry.summary if entry else None


def _import_all_command_modules() -> None:
    """A command missing from the table still runs: load every command module and look again."""
    import pkgutil

    import ch3quiz.cli as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.endswith("_commands"):
            importlib.import_module(f"ch3quiz.cli.{info.name}")


def _build(name: str) -> Any:
    """The Click command (or group) for ``name`` from what the loaded modules registered, or None."""
    from typer.main import get_command_from_info, get_group_from_info

    from ch3quiz.cli.app import app

    settings = {"pretty_exceptions_short": app.pretty_exceptions_short, "rich_markup_mode": app.rich_markup_mode}
    for info in app.registered_commands:
        if (info.name or info.callback.__name__) == name:
            return get_command_from_info(info, **settings)
    for group in app.registered_groups:
        if group.name == name:
            return get_group_from_info(group, suggest_commands=True, **settings)
    return None


class LazyGroup(TyperGroup):
    """The top-level group: commands listed from CATALOG, each module imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [entry.name for entry in CATALOG] + sorted(set(self.commands) - set(BY_NAME))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            entry = BY_NAME.get(cmd_name)
            if entry is not None:
                importlib.import_module(f"ch3quiz.cli.{entry.module}")
            command = _build(cmd_name)
            if command is None:
                _import_all_command_modules()
                command = _build(cmd_name)
            if command is None:
                return None
            self.commands[cmd_name] = command
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            matches = difflib.get_close_matches(name, self.list_commands(ctx), n=2)
            guess = f" Did you mean {' or '.join(repr(m) for m in matches)}?" if matches else ""
            ctx.fail(f"No such command {name!r}.{guess} 'ch3quiz -h' lists them.")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Commands under their panels, from the table (no command module is imported for this)."""
        for panel in PANELS:
            rows = [(entry.name, entry.summary) for entry in CATALOG if entry.panel == panel]
            with formatter.section(f"{panel.capitalize()} commands"):
                formatter.write_dl(rows)
        others = [(name, self.commands[name].get_short_help_str()) for name in sorted(set(self.commands) - set(BY_NAME))]
        if others:
            with formatter.section("Other commands"):
                formatter.write_dl(others)


__all__ = ["BY_NAME", "CATALOG", "Entry", "LazyGroup", "summary"]
