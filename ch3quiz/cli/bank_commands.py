"""Commands over the bank itself: validate, list, sections, show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ch3quiz.cli.app import (BankOption, JsonOption, SectionOption, TagOption, TypeOption, command, is_pipe, is_stdin, load, parse_sections,
                             parse_types, print_json, read_text_argument, refuse_ignored)
from ch3quiz.wording import counted


@command
def validate(
    path: Annotated[Optional[Path], typer.Argument(help="A bank file or folder, or - for one file on stdin; default: the bank in use.")] = None,
    bank: BankOption = None,
) -> None:
    """Check a question bank and print every problem as file:line: id: message.

    Item-design warnings follow (a right choice much longer than the others, a fill answer its
    prompt or hint shows); they do not change the exit code. Exits 1 when there is any problem.
    Example: ch3quiz validate my-questions.yaml
    """
    from ch3quiz.bank.lint import validate_bank, validate_text
    from ch3quiz.paths import bank_path
    from ch3quiz.render.console import out

    target = path or bank_path(bank)
    if is_stdin(path) or is_pipe(target):  # '-', or a pipe such as <(cmd): one bank file, read once
        target = "<stdin>" if is_stdin(path) else target
        report = validate_text(read_text_argument(Path(str(path or target))), str(target))
    else:
        report = validate_bank(target)
    for row in [*report.problems, *report.warnings]:
        out.print(str(row), markup=False, highlight=False, soft_wrap=True)
    warned = f" ({counted(len(report.warnings), 'warning')})" if report.warnings else ""
    if report.problems:
        out.print(f"{counted(len(report.problems), 'problem')} in {target}{warned}", markup=False, soft_wrap=True)
        raise typer.Exit(1)
    out.print(f"ok: {counted(len(report.bank), 'question')} in {target}{warned}", markup=False, soft_wrap=True)


@command(name="list")
def list_questions(
    section: SectionOption = [],  # noqa: B006 - Typer reads the default
    type_: TypeOption = [],  # noqa: B006
    tag: TagOption = [],  # noqa: B006
    page: Annotated[Optional[int], typer.Option("--page", help="Show only this page of 50 questions.")] = None,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """List the questions of the bank, filtered by section, type or tag.

    Example: ch3quiz list --section 3.9 --type formula
    """
    refuse_ignored((as_json and page is not None, "--json prints every question; --page is for the table: drop one"
                    " of them / --json 与 --page 不能同用"))
    sections_, types = parse_sections(section), parse_types(type_)
    if as_json or tag:  # a tag is checked against the whole bank before anything is listed
        the_bank = load(bank)
        questions = the_bank.select(sections_, types, the_bank.check_tags(tag))
        if as_json:
            print_json([q.to_dict() for q in questions])
            return
    from ch3quiz.render.listing import QuestionLines, question_lines

    if tag:
        question_lines(questions, page)
        return
    # Lines appear as the bank is read, a file at a time: the first page of a large bank read for
    # the first time shows at once; a problem found in a later file still ends the list with it.
    lines = QuestionLines(page)
    wanted_sections, wanted_types = set(sections_), set(types)
    load(bank, each=lambda batch: lines.add(
        q for q in batch if (not wanted_sections or q.section in wanted_sections) and (not wanted_types or q.type in wanted_types)))
    lines.finish()


@command
def sections(as_json: JsonOption = False, bank: BankOption = None) -> None:
    """Show each seed section with its title and question counts per type.

    Example: ch3quiz sections --json
    """
    from ch3quiz.render.bank import coverage_rows

    rows = coverage_rows(load(bank))
    if as_json:
        print_json(rows)
        return
    from ch3quiz.render.bank import sections_table

    sections_table(rows)


@command
def tags(section: SectionOption = [], as_json: JsonOption = False, bank: BankOption = None) -> None:  # noqa: B006
    """List every tag with its number of questions, most used first (for quiz --tag and list --tag).

    Example: ch3quiz tags --section 3.4
    """
    the_bank = load(bank)
    rows = the_bank.tag_counts(the_bank.select(parse_sections(section)))
    if as_json:
        print_json([{"tag": tag, "questions": count} for tag, count in rows])
        return
    from ch3quiz.render.bank import tags_table

    tags_table(rows)


@command
def show(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question's id (see ch3quiz list).")],
    seed: Annotated[int, typer.Option("--seed", help="For a question with fresh numbers: the variant drawn for this seed.")] = 0,
    as_json: JsonOption = False,
    bank: BankOption = None,
) -> None:
    """Show one question with its answer and explanation.

    A question with parameters shows the numbers drawn for --seed (default 0).
    Example: ch3quiz show bp-delta-Lminus1; ch3quiz show cnn-out-resnet-stem --seed 7
    """
    from ch3quiz.quiz.variants import draw_variant

    question = draw_variant(load(bank).get(question_id), seed)
    if as_json:
        print_json(question.to_dict())
        return
    from ch3quiz.render.bank import question_panel

    question_panel(question)
