"""Importing CSV rows into a student's own bank file, validated before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ch3quiz.bank.loader import Problem, control_warnings, errors_only, read_bank
from ch3quiz.bank.schema import question_faults
from ch3quiz.errors import BankError, UsageError
from ch3quiz.export.csv_io import read_csv
from ch3quiz.safefile import write_atomically


@dataclass
class ImportReport:
    added: int = 0
    replaced: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # reported; they do not stop the import


def _existing_questions(target: Path) -> list[dict[str, Any]]:
    if not target.exists():
        return []
    bank, problems = read_bank(target)
    problems = errors_only(problems)
    if problems:
        raise BankError(f"{target} has problems of its own; fix them first ({problems[0]}); ch3quiz validate {target}"
                        " lists them all / 目标题库文件本身有问题")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    questions = data["questions"] if isinstance(data, dict) else data
    default = data.get("section") if isinstance(data, dict) else None
    return [{**({"section": default} if default and "section" not in q else {}), **q} for q in questions]


def refuse_unusable_target(target: Path) -> None:
    """UsageError for a target that is no bank file to write: '-' once made a file named '-', and a
    folder was reported as a bank with "no .yaml question files here"."""
    if str(target) == "-":
        raise UsageError("--into takes the name of your bank file; '-' cannot be written / --into 需要文件名")
    if target.is_dir():
        raise UsageError(f"{target} is a folder; --into takes one YAML file / 这是一个文件夹")
    if target.exists() and not target.is_file():
        raise UsageError(f"{target} is not a regular file / 不是普通文件")


def import_csv(csv_path: Path, target: Path, *, text: str | None = None) -> ImportReport:
    """Merge the CSV's questions into ``target`` (same id: replaced); nothing is written on any problem.

    With ``text`` (the CSV already read, e.g. from stdin) ``csv_path`` only names it in messages.
    Raises UsageError for a target that cannot be a bank file, BankError for one with faults.
    """
    refuse_unusable_target(target)
    report = ImportReport()
    merged = {q["id"]: q for q in _existing_questions(target)}
    seen: dict[str, int] = {}
    shown = str(csv_path)
    for line, mapping in read_csv(csv_path, text):
        qid = mapping.get("id") or "?"
        for _field, message in question_faults(mapping):
            report.problems.append(Problem(shown, line, qid, message))
        for _field, message in control_warnings(mapping):
            report.warnings.append(Problem(shown, line, qid, message, warning=True))
        if qid in seen:
            report.problems.append(Problem(shown, line, qid, f"duplicate id (first at {shown}:{seen[qid]})"))
        seen[qid] = line
        if qid in merged:
            report.replaced += 1
        else:
            report.added += 1
        merged[qid] = mapping
    if not seen:
        report.problems.append(Problem(shown, 1, "-", "no question rows"))
    if report.problems:
        return report
    _write_atomically(target, {"questions": list(merged.values())})
    return report


def _write_atomically(target: Path, data: dict[str, Any]) -> None:
    """Write beside the target, then rename: an interrupted import never leaves half a file.

    A symlinked bank file is updated where it lives, and keeps its mode (``safefile``).
    """
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BankError(f"cannot create the folder of {target}: {exc.strerror or exc}") from None
    write_atomically(target, lambda temp: temp.write_text(text, encoding="utf-8"), follow_symlink=True)
