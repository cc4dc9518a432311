"""The bank as CSV, one row per question, and back.

Columns a spreadsheet can edit: plain text where the value is text (an mc letter,
a formula), ``A;C`` for multi answers, ``true``/``false`` for tf, JSON for the
structured rest (choices, short reference answers, key points and other fields).

A spreadsheet runs a cell that starts like a formula (OWASP's CSV injection: a hostile bank's
``=HYPERLINK(...)`` or ``=cmd|...``), so such a cell is written with one leading ``'``, which
spreadsheets take as "this is text", and the import drops exactly that one again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ch3quiz.bank.model import Question
from ch3quiz.errors import BankError
from ch3quiz.safetext import inert

COLUMNS = (
    "id", "section", "type", "difficulty", "tags", "prompt_zh", "prompt_en", "answer",
    "explanation_zh", "explanation_en", "choices", "extra",
)


# What Excel, LibreOffice and Google Sheets take as the start of a formula (tab and carriage return
# too: some readers strip them first), and the escape itself, so that a cell written as "'=x" comes back
# as "'=x" and not as "=x".
FORMULA_STARTS = frozenset("=+-@\t\r")
_ESCAPED_STARTS = FORMULA_STARTS | {"'"}


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with one leading ``'`` when its first character (as written) starts a formula or is ``'``."""
    return "'" + cell if cell[:1] in _ESCAPED_STARTS else cell


def from_spreadsheet_safe(cell: str) -> str:
    """The inverse of ``spreadsheet_safe``: one leading ``'`` dropped only where the export added it, so a
    hand-written ``'x`` stays ``'x``."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _ESCAPED_STARTS else cell


def _answer_cell(question: Question) -> str:
    answer = question.answer
    if question.type == "multi":
        return ";".join(str(a) for a in answer)
    if question.type == "tf":
        return "true" if answer else "false"
    if isinstance(answer, str):
        return answer
    return json.dumps(answer, ensure_ascii=False)


def question_row(question: Question) -> dict[str, str]:
    extra = {k: v for k, v in question.fields.items() if k != "choices"}
    return {
        "id": question.id,
        "section": question.section,
        "type": question.type,
        "difficulty": str(question.difficulty),
        "tags": ";".join(question.tags),
        "prompt_zh": question.prompt_zh,
        "prompt_en": question.prompt_en,
        "answer": _answer_cell(question),
        "explanation_zh": question.explanation_zh,
        "explanation_en": question.explanation_en,
        "choices": json.dumps(question.choices, ensure_ascii=False) if question.choices else "",
        "extra": json.dumps(extra, ensure_ascii=False) if extra else "",
    }


def write_csv(questions: Iterable[Question], path: Path, *, for_terminal: bool = False) -> int:
    """Write one row per question to ``path``; the number of rows.

    ``for_terminal``: the CSV is shown, not imported, so a cell's control characters are shown as
    visible marks (``safetext.inert``) instead of being obeyed; the import would then get those marks.
    """
    rows = [question_row(q) for q in questions]
    shown = inert if for_terminal else str
    # utf-8-sig: Excel opens it as UTF-8 (Chinese intact); other readers skip the BOM.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({column: shown(spreadsheet_safe(cell)) for column, cell in row.items()} for row in rows)
    return len(rows)


# A cell nests a question's structure a few levels (key points, mistakes); never dozens.
MAX_JSON_DEPTH = 16


def _json_depth(value: Any) -> int:
    """How deeply lists and objects nest in a decoded JSON value (iteratively: it may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _json_cell(text: str, what: str, line: int) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BankError(f"CSV line {line}: {what} is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise BankError(f"CSV line {line}: {what} nests more than {MAX_JSON_DEPTH} levels deep") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise BankError(f"CSV line {line}: {what} holds a value that cannot be read ({exc})") from None
    if _json_depth(value) > MAX_JSON_DEPTH:
        raise BankError(f"CSV line {line}: {what} nests more than {MAX_JSON_DEPTH} levels deep")
    return value


def _difficulty(text: str | None) -> Any:
    """1, 2 or 3 as a number; anything else as written, for the validator to name (never int('²'))."""
    stripped = (text or "").strip()
    return int(stripped) if stripped in ("1", "2", "3") else text


def _answer_value(qtype: str, text: str, line: int) -> Any:
    stripped = text.strip()
    if qtype == "multi":
        return [part.strip() for part in stripped.replace(",", ";").split(";") if part.strip()]
    if qtype == "tf":
        lowered = stripped.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return stripped  # the validator names it
    if qtype == "numeric":
        try:
            number = float(stripped)
        except ValueError:
            return stripped
        return int(number) if number.is_integer() and "." not in stripped and "e" not in stripped.lower() else number
    if qtype in ("short", "derivation", "reorder") or (qtype == "fill" and stripped.startswith("[")):
        return _json_cell(stripped, "answer", line)
    return text


def row_mapping(row: dict[str, str], line: int) -> dict[str, Any]:
    """One CSV row as the mapping a YAML question would be (validated afterwards)."""
    missing = [c for c in ("id", "section", "type", "prompt_zh", "prompt_en", "answer") if not (row.get(c) or "").strip()]
    if missing:
        raise BankError(f"CSV line {line}: empty {', '.join(missing)}")
    qtype = row["type"].strip()
    mapping: dict[str, Any] = {
        "id": row["id"].strip(),
        "type": qtype,
        "section": row["section"].strip(),
        "difficulty": _difficulty(row.get("difficulty")),
        "tags": [t.strip() for t in (row.get("tags") or "").split(";") if t.strip()],
        "prompt_zh": row["prompt_zh"],
        "prompt_en": row["prompt_en"],
        "answer": _answer_value(qtype, row["answer"], line),
        "explanation_zh": row.get("explanation_zh", ""),
        "explanation_en": row.get("explanation_en", ""),
    }
    if (row.get("choices") or "").strip():
        mapping["choices"] = _json_cell(row["choices"], "choices", line)
    if (row.get("extra") or "").strip():
        extra = _json_cell(row["extra"], "extra", line)
        if not isinstance(extra, dict):
            raise BankError(f"CSV line {line}: extra must be a JSON object")
        mapping.update(extra)
    return mapping


def _unescaped(row: dict[str | None, Any]) -> dict[str, Any]:
    """A row's cells without the export's spreadsheet escape (a short row's missing cells stay None)."""
    return {column: from_spreadsheet_safe(cell) if isinstance(cell, str) else cell for column, cell in row.items()}


def read_csv(path: Path, text: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, question mapping) for each row of the CSV at ``path``, or of ``text`` (then ``path`` only names it)."""
    if text is None:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:  # a "\r" inside a quoted cell stays
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise BankError(f"cannot read {path} as UTF-8 CSV: {exc}") from None
    text = text.removeprefix("\ufeff")  # the byte-order mark spreadsheets write
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        absent = [c for c in ("id", "section", "type", "prompt_zh", "prompt_en", "answer") if c not in (reader.fieldnames or [])]
        if absent:
            raise BankError(f"{path}: the header lacks {', '.join(absent)} (export one with 'ch3quiz export csv')")
        for row in reader:
            yield reader.line_num, row_mapping(_unescaped(row), reader.line_num)
    except csv.Error as exc:  # a cell over the field limit (131,072 characters), a NUL, a stray quote
        raise BankError(f"{path}: CSV line {reader.line_num + 1}: {exc}") from None
