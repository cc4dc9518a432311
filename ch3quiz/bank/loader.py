"""Reading question banks from YAML, keeping the line of every question and field.

A bank is a YAML file or a folder of them. A file is either a mapping
``{section: '3.1', questions: [...]}`` (the section is the default for its
questions) or a bare list of questions that each name their section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ch3quiz.bank.files import bank_files
from ch3quiz.bank.model import Bank, Location, Question
from ch3quiz.bank.schema import question_faults
from ch3quiz.errors import BankError

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    qid: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.qid}: {self.message}"


@dataclass
class _RawQuestion:
    data: dict[str, Any]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _duplicate_keys(node: yaml.Node) -> Iterable[tuple[int, str]]:
    """(line, key) for every key that a mapping anywhere under ``node`` repeats."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield key.start_mark.line + 1, key.value
                seen.add(key.value)
            yield from _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _read_file(path: Path, shown: str) -> tuple[list[_RawQuestion], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [], [Problem(shown, 1, "-", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return [], [Problem(shown, 1, "-", f"cannot read file: {exc.strerror}")]
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        problems = [Problem(shown, line, "-", f"duplicate key '{key}'") for line, key in _duplicate_keys(root)] if root else []
        return _questions_from_root(loader, root, shown, problems)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [Problem(shown, line, "-", f"YAML syntax error: {reason}")]
    finally:
        loader.dispose()


def _questions_from_root(
    loader: Any, root: yaml.Node | None, shown: str, problems: list[Problem]
) -> tuple[list[_RawQuestion], list[Problem]]:
    if root is None:
        return [], [Problem(shown, 1, "-", "the file is empty")]
    default_section: Any = None
    items: yaml.Node | None = root
    if isinstance(root, yaml.MappingNode):
        keys = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        unknown = sorted(set(keys) - {"section", "questions"})
        for name in unknown:
            problems.append(Problem(shown, keys[name].start_mark.line + 1, "-", f"unknown top-level key '{name}'"))
        if "section" in keys:
            default_section = loader.construct_object(keys["section"], deep=True)
        items = keys.get("questions")
        if items is None:
            problems.append(Problem(shown, root.start_mark.line + 1, "-", "missing 'questions:' list"))
            return [], problems
    if not isinstance(items, yaml.SequenceNode):
        problems.append(Problem(shown, items.start_mark.line + 1, "-", "expected a list of questions"))
        return [], problems
    raw: list[_RawQuestion] = []
    for item in items.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(shown, line, "-", "a question must be a mapping of fields"))
            continue
        data = loader.construct_object(item, deep=True)
        field_lines = {k.value: k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
        if "section" not in data and default_section is not None:
            data["section"] = default_section
        raw.append(_RawQuestion(data, line, field_lines))
    return raw, problems


def _to_question(raw: _RawQuestion, shown: str) -> Question:
    data = dict(raw.data)
    common = {name: data.pop(name) for name in (
        "id", "type", "section", "prompt_zh", "prompt_en", "answer", "explanation_zh", "explanation_en",
    )}
    tags = tuple(data.pop("tags"))
    difficulty = data.pop("difficulty")
    return Question(**common, tags=tags, difficulty=difficulty, fields=data, location=Location(shown, raw.line))


def read_bank(path: Path) -> tuple[Bank, list[Problem]]:
    """The valid questions of a bank and every problem found in it, sorted by place."""
    files = bank_files(path)
    problems: list[Problem] = []
    if not files:
        problems.append(Problem(_display(path), 1, "-", "no .yaml question files here"))
    questions: list[Question] = []
    first_seen: dict[str, str] = {}
    for file in files:
        shown = _display(file)
        raws, file_problems = _read_file(file, shown)
        problems.extend(file_problems)
        for raw in raws:
            qid = raw.data.get("id")
            label = qid if isinstance(qid, str) and qid else "?"
            faults = question_faults(raw.data)
            for field_name, message in faults:
                problems.append(Problem(shown, raw.field_lines.get(field_name or "", raw.line), label, message))
            if isinstance(qid, str) and qid in first_seen:
                problems.append(Problem(shown, raw.line, label, f"duplicate id (first at {first_seen[qid]})"))
                continue
            if isinstance(qid, str):
                first_seen[qid] = f"{shown}:{raw.line}"
            if not faults:
                questions.append(_to_question(raw, shown))
    return Bank(tuple(questions), root=str(path)), sorted(problems)


def load_bank(path: Path) -> Bank:
    """The bank at ``path``; a bank with any problem is refused with the first one named."""
    bank, problems = read_bank(path)
    if problems:
        more = f" (and {len(problems) - 1} more; run 'ch3quiz validate {path}')" if len(problems) > 1 else ""
        raise BankError(f"{problems[0]}{more}")
    return bank
