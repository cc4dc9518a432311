"""Reading question banks from YAML, keeping the line of every question and field.

A bank is a YAML file or a folder of them. A file is either a mapping
``{section: '3.1', questions: [...]}`` (the section is the default for its
questions) or a bare list of questions that each name their section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from ch3quiz.bank.bulk import no_gc
from ch3quiz.bank.construct import Loader, PlainData
from ch3quiz.bank.files import bank_files, content_digest
from ch3quiz.bank.model import Bank, Location, Question
from ch3quiz.bank.schema import question_faults
from ch3quiz.bank.yamlsafe import node_problems
from ch3quiz.errors import BankError
from ch3quiz.safetext import control_characters
from ch3quiz.textnorm import unfold_chinese

@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    qid: str
    message: str
    # A warning is reported but does not stop the bank from loading.
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {self.qid}: {kind}{self.message}"


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


@dataclass
class _RawQuestion:
    data: dict[str, Any]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    may_hold_controls: bool = True  # False when neither its raw text nor an escape can hold one (skips the scan)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# A control character written as it is (a double-quoted escape is found while building: PlainData.unseen).
_RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _read_file(path: Path, shown: str) -> tuple[list[_RawQuestion], list[Problem], str]:
    """The file's raw questions and problems, and the content hash of the bytes read (read once: the
    hash names the cached copy of exactly what was parsed)."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        return [], [Problem(shown, 1, "-", f"cannot read file: {exc.strerror}")], ""
    digest = content_digest(content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [], [Problem(shown, 1, "-", f"not UTF-8 text ({exc.reason} at byte {exc.start})")], digest
    return (*_read_text(text, shown), digest)


def _read_text(text: str, shown: str) -> tuple[list[_RawQuestion], list[Problem]]:
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        found = node_problems(root, text) if root else []
        problems = [Problem(shown, p.line, "-", p.message) for p in found]
        if any(p.fatal for p in found):
            return [], problems
        return _questions_from_root(loader, root, shown, problems, raw_controls=bool(_RAW_CONTROLS.search(text)))
    except ValueError as exc:  # a value the constructor cannot convert (an integer of 5,000 digits)
        return [], [Problem(shown, 1, "-", f"a value cannot be read ({exc})")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [Problem(shown, line, "-", f"YAML syntax error: {reason}")]
    finally:
        loader.dispose()


def _questions_from_root(
    loader: Any, root: yaml.Node | None, shown: str, problems: list[Problem], *, raw_controls: bool
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
            raw_controls = raw_controls or bool(isinstance(default_section, str) and _RAW_CONTROLS.search(default_section))
        items = keys.get("questions")
        if items is None:
            problems.append(Problem(shown, root.start_mark.line + 1, "-", "missing 'questions:' list"))
            return [], problems
    if not isinstance(items, yaml.SequenceNode):
        problems.append(Problem(shown, items.start_mark.line + 1, "-", "expected a list of questions"))
        return [], problems
    raw: list[_RawQuestion] = []
    build = PlainData(loader)
    for item in items.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(Problem(shown, line, "-", "a question must be a mapping of fields"))
            continue
        unseen = build.unseen
        try:
            data = build.value(item)
        except ValueError as exc:  # e.g. an integer of more digits than Python will convert
            problems.append(Problem(shown, line, "-", f"a value cannot be read ({exc})"))
            continue
        field_lines = {k.value: k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
        if "section" not in data and default_section is not None:
            data["section"] = default_section
        raw.append(_RawQuestion(data, line, field_lines, may_hold_controls=raw_controls or build.unseen != unseen))
    return raw, problems


def _to_question(raw: _RawQuestion, shown: str) -> Question:
    data = _unfold_chinese_fields(dict(raw.data))
    common = {name: data.pop(name) for name in (
        "id", "type", "section", "prompt_zh", "prompt_en", "answer", "explanation_zh", "explanation_en",
    )}
    tags = tuple(data.pop("tags"))
    difficulty = data.pop("difficulty")
    return Question(**common, tags=tags, difficulty=difficulty, fields=data, location=Location(shown, raw.line))


def _unfold_chinese_fields(value: Any, chinese: bool = False) -> Any:
    """Every Chinese text (a ``*_zh`` field, a ``zh`` key) without the spaces YAML's line folding left.

    A value that is neither Chinese text nor a container is kept as it is without a call: a 60,000-question
    bank has millions of them."""
    if isinstance(value, str):
        return unfold_chinese(value) if chinese else value
    if isinstance(value, dict):
        unfolded = {}
        for key, item in value.items():
            zh = isinstance(key, str) and (key == "zh" or key.endswith("_zh"))
            unfolded[key] = _unfold_chinese_fields(item, zh) if zh or isinstance(item, _CONTAINERS) else item
        return unfolded
    if isinstance(value, list):
        return [_unfold_chinese_fields(v, chinese) if chinese or isinstance(v, _CONTAINERS) else v for v in value]
    return value


_CONTAINERS = (dict, list)


@dataclass
class FileRead:
    """One file read: (id as written, line, the Question or None when it has faults) per question, in
    order, and the file's problems. The cross-file checks (duplicate ids) are made from these."""

    entries: list[tuple[Any, int, Question | None]]
    problems: list[Problem]
    digest: str = ""  # the content hash of the bytes parsed ("" when it came from a cache)
    records: str | None = None  # its questions as the cache's JSON, when a worker process made it
    copied: bool = False  # that JSON is in the file's cached copy already (the worker wrote it)

    @property
    def valid(self) -> bool:
        """No error and every question valid: a reading worth caching."""
        return all(p.warning for p in self.problems) and all(q is not None for _qid, _line, q in self.entries)


def read_file(file: Path, shown: str, *, thorough: bool = True, memo: dict[str, Any] | None = None) -> FileRead:
    """Parse and validate one bank file on its own (``thorough``: see ``schema.question_faults``)."""
    raws, problems, digest = _read_file(file, shown)
    read = _checked(raws, problems, shown, thorough=thorough, memo=memo)
    read.digest = digest
    return read


def _checked(raws: list[_RawQuestion], problems: list[Problem], shown: str, *, thorough: bool = True,
             memo: dict[str, Any] | None = None) -> FileRead:
    """The questions of one file's raw reading, each validated (its faults and warnings added)."""
    entries: list[tuple[Any, int, Question | None]] = []
    for raw in raws:
        qid = raw.data.get("id")
        label = qid if isinstance(qid, str) and qid else "?"
        faults = question_faults(raw.data, thorough=thorough, memo=memo)
        for field_name, message in faults:
            problems.append(Problem(shown, raw.field_lines.get(field_name or "", raw.line), label, message))
        for field_name, message in (control_warnings(raw.data) if raw.may_hold_controls else ()):
            problems.append(Problem(shown, raw.field_lines.get(field_name, raw.line), label, message, warning=True))
        entries.append((qid, raw.line, None if faults else _to_question(raw, shown)))
    return FileRead(entries, problems)


def read_piece(text: str, shown: str, offset: int, *, thorough: bool, memo: dict[str, Any]) -> FileRead | None:
    """One piece of a large file (``chunks.pieces``), its lines moved down by ``offset`` to the file's;
    None when the piece has any problem or warning: the whole file is then read in one piece, so what
    is reported is what a serial read reports."""
    raws, problems = _read_text(text, shown)
    if problems:
        return None
    for raw in raws:
        raw.line += offset
        raw.field_lines = {name: line + offset for name, line in raw.field_lines.items()}
    read = _checked(raws, [], shown, thorough=thorough, memo=memo)
    return None if read.problems else read


class FileStore(Protocol):
    """Where each file's reading is kept between runs (``cache._FileCache``): a file it ``has`` is taken
    from it (``reuse``; None when that copy turns out unusable) instead of being parsed; it is told
    (``keep``) every reading made. A worker process that parses a valid file writes its copy in
    ``folder`` itself (``cache.write_file_copy``)."""

    folder: Path | None

    def has(self, file: Path, shown: str) -> bool: ...

    def reuse(self, file: Path, shown: str) -> FileRead | None: ...

    def keep(self, file: Path, shown: str, read: FileRead) -> None: ...


# Told each file's valid questions (ids not seen before) as soon as the file is read.
Each = Callable[[list[Question]], None]


def read_bank(path: Path, store: FileStore | None = None, *,
              thorough: bool = True, each: Each | None = None) -> tuple[Bank, list[Problem]]:
    """The valid questions of a bank and every problem found in it, sorted by place.

    ``store`` may supply a file's reading instead of parsing it, and is told each reading.
    ``thorough=False`` leaves out the checks a session does not need up front (many parameter
    draws, reading the checker's formulas); ``validate`` and ``import`` make them all. ``each`` is
    given each file's valid questions as soon as the file is read (``list`` shows them at once).
    A large bank's files are parsed on every core (``bank.pool``); the result is the same.
    """
    files = bank_files(path)
    # closing: a stop while the readings are merged (Ctrl-C) must still end the worker processes there and
    # then; left to the garbage collector, a process leaving at once never did, and Python's resource
    # tracker printed a warning about the pool's leaked semaphores after "interrupted".
    with no_gc(), closing(_readings(files, store, thorough=thorough)) as readings:
        bank, problems = _assemble(readings, root=str(path), each=each)
    if not files:
        problems.insert(0, Problem(_display(path), 1, "-", "no .yaml question files here"))
    return bank, problems


def _readings(files: list[Path], store: FileStore | None, *, thorough: bool) -> Iterator[tuple[str, FileRead]]:
    """(shown name, reading) of each file in order: from the store where it has the file, else parsed
    (the parsing of all of them started at once, in worker processes when the bank is large)."""
    from ch3quiz.bank.pool import read_files

    named = [(file, _display(file)) for file in files]
    stored = [store is not None and store.has(file, shown) for file, shown in named]
    fresh = read_files([pair for pair, has in zip(named, stored) if not has], thorough=thorough,
                       encode=store is not None, folder=store.folder if store is not None else None)
    try:
        for (file, shown), has in zip(named, stored):
            read = store.reuse(file, shown) if store is not None and has else None
            if read is None:
                read = next(fresh) if not has else read_file(file, shown, thorough=thorough, memo={})
            if store is not None:
                store.keep(file, shown, read)
            yield shown, read
    finally:
        fresh.close()  # an early stop (an error, Ctrl-C) ends the worker processes


def read_bank_text(text: str, shown: str = "<stdin>") -> tuple[Bank, list[Problem]]:
    """Like read_bank, for one file's text (``ch3quiz validate -`` reads standard input)."""
    with no_gc():
        return _assemble([(shown, _checked(*_read_text(text, shown), shown, memo={}))], root=shown)


def _assemble(readings: Iterable[tuple[str, FileRead]], *, root: str,
              each: Each | None = None) -> tuple[Bank, list[Problem]]:
    """The valid questions and every problem of the files read, ids unique across them."""
    problems: list[Problem] = []
    questions: list[Question] = []
    first_seen: dict[str, str] = {}
    for shown, read in readings:
        told = len(questions)
        problems.extend(read.problems)
        for qid, line, question in read.entries:
            if isinstance(qid, str) and qid in first_seen:
                label = qid or "?"
                problems.append(Problem(shown, line, label, f"duplicate id (first at {first_seen[qid]})"))
                continue
            if isinstance(qid, str):
                first_seen[qid] = f"{shown}:{line}"
            if question is not None:
                questions.append(question)
        if each is not None:
            each(questions[told:])
    return Bank(tuple(questions), root=root), sorted(problems)


def _strings(value: object) -> Iterator[str]:
    """Every string inside a value read from YAML or JSON (already bounded in depth)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def control_warnings(question: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, message) for each field whose text holds terminal control characters."""
    for name, value in question.items():
        found: list[str] = []
        for text in _strings(value):
            found.extend(c for c in control_characters(text) if c not in found)
        if found:
            one = len(found) == 1
            what, shown = ("a control character", "it is") if one else ("control characters", "they are")
            yield str(name), (f"{name} contains {what} {' '.join(found)}; {shown} shown, never sent to the terminal;"
                              f" remove {'it' if one else 'them'} / 含有终端控制字符")


def load_bank(path: Path, store: FileStore | None = None, each: Each | None = None) -> Bank:
    """The bank at ``path`` for a session; a bank with any problem is refused with the first one named
    (warnings do not count). The checks only ``validate`` makes (``read_bank``'s ``thorough``) are left out."""
    bank, problems = read_bank(path, store, thorough=False, each=each)
    problems = errors_only(problems)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BankError(f"{problems[0]}{more}; ch3quiz validate {path} lists every problem")
    return bank
