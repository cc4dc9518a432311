"""export (anki, csv, md) and import (csv)."""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ch3quiz.cli.app import BankOption, SectionOption, app, command, is_stdin, load, parse_sections, read_text_argument
from ch3quiz.wording import counted

import_app = typer.Typer(help="Bring questions into your own bank file.", no_args_is_help=True)
app.add_typer(import_app, name="import")


class AnswerPlace(str, Enum):
    inline = "inline"
    end = "end"
    none = "none"


class ExportFormat(str, Enum):
    anki = "anki"
    csv = "csv"
    md = "md"


EXAMPLE_NAMES = {ExportFormat.anki: "ch3.apkg", ExportFormat.csv: "ch3.csv", ExportFormat.md: "sheet.md"}


@command
def export(
    format_: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="anki (.apkg), csv or md.")],
    output: Annotated[str, typer.Option("--output", "-o", help="The file to write ('-': stdout, for csv and md).")],
    section: SectionOption = [],  # noqa: B006 - Typer reads the default
    force: Annotated[bool, typer.Option("--force", help="Replace OUTPUT if it exists.")] = False,
    answers: Annotated[AnswerPlace, typer.Option("--answers", help="md: answers folded under each question (inline), in a key at the end, or none.")] = "inline",
    bank: BankOption = None,
) -> None:
    """Write the bank as an Anki deck, a CSV table or a Markdown sheet to test yourself with.

    Example: ch3quiz export anki -o ch3.apkg ; ch3quiz export md --answers end -o sheet.md
    """
    from ch3quiz.render.console import note
    from ch3quiz.safefile import refuse_existing, write_atomically, write_to_stdout

    if answers != AnswerPlace.inline and format_ is not ExportFormat.md:
        from ch3quiz.errors import UsageError

        raise UsageError(f"--answers is for the Markdown sheet; try: ch3quiz export md --answers {AnswerPlace(answers).value} -o sheet.md")
    to_stdout = output == "-"  # once made a file named '-' and said "wrote … to -"
    if to_stdout and format_ is ExportFormat.anki:
        from ch3quiz.errors import UsageError

        raise UsageError("an Anki deck is a binary file: give it a name, e.g. -o ch3.apkg / 请给出 .apkg 文件名")
    if not to_stdout:  # a str, not a Path: "dir/" keeps the slash that says a folder was meant
        target = refuse_existing(output, replace=force, example=EXAMPLE_NAMES[format_])
    questions = load(bank).sorted_by_section()
    chosen = parse_sections(section)
    if chosen:
        questions = [q for q in questions if q.section in chosen]
    if format_ is ExportFormat.anki:
        from ch3quiz.export.anki import write_apkg as write
    elif format_ is ExportFormat.csv:
        from ch3quiz.export.csv_io import write_csv

        # On a terminal the table is read, not imported: a bank's ESC or BEL is shown, never obeyed.
        write = functools.partial(write_csv, for_terminal=to_stdout and sys.stdout.isatty())
    else:
        from ch3quiz.export.markdown import write_markdown

        write = functools.partial(write_markdown, answers=AnswerPlace(answers).value)
    if to_stdout:
        write_to_stdout(lambda temp: write(questions, temp))
    else:
        write_atomically(target, lambda temp: write(questions, temp))
    note(f"wrote {counted(len(questions), 'question')} to {'stdout' if to_stdout else output}")


@command(typer_app=import_app, name="csv")
def import_csv(
    source: Annotated[Path, typer.Argument(help="A CSV in the shape 'ch3quiz export csv' writes, or - for stdin.")],
    into: Annotated[Path, typer.Option("--into", help="Your bank file (YAML); created if missing.")],
) -> None:
    """Add (or update, by id) questions from a CSV into your own bank file, validated first.

    Example: ch3quiz import csv mine.csv --into my-bank.yaml
    """
    from ch3quiz.export.importer import import_csv as run_import
    from ch3quiz.render.console import note, out
    from ch3quiz.safefile import updating

    if not is_stdin(source) and (source.is_dir() or not source.exists()):
        from ch3quiz.errors import UsageError

        found = "a folder" if source.is_dir() else "no CSV file"
        raise UsageError(f"{found} at {source}; give a CSV file, e.g. one made by: ch3quiz export csv -o mine.csv")
    # Read once, bounded, whatever it is: a file, '-', or a pipe such as <(cmd) (/dev/fd/N), which
    # is no regular file and was refused.
    text = read_text_argument(source)
    with updating(into):  # two imports into one bank at once: the second merges into the first's result
        report = run_import(Path("<stdin>") if is_stdin(source) else source, into, text=text)
    for warning in report.warnings:
        out.print(str(warning), markup=False, soft_wrap=True)
    if report.problems:
        for problem in report.problems:
            out.print(str(problem), markup=False, soft_wrap=True)
        out.print(f"{counted(len(report.problems), 'problem')}; nothing was written to {into}", markup=False)
        raise typer.Exit(1)
    note(f"{into}: {report.added} added, {report.replaced} updated; use it with --bank {into}")
