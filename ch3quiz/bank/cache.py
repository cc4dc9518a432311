"""A parsed-bank cache, so that a quiz starts without re-reading YAML.

Parsing a few hundred questions with PyYAML takes a quarter of a second;
reading the same questions back from JSON takes a few milliseconds. The cache
is keyed by every bank file's path, size and modification time, so an edited,
added or removed file is noticed and the bank read afresh. Only a bank that
validated cleanly is cached; a broken one is reported every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ch3quiz.bank.files import bank_files
from ch3quiz.bank.model import Bank, Location, Question

FORMAT = 1


def load_bank(path: Path) -> Bank:
    from ch3quiz.bank.loader import load_bank as parse

    return parse(path)


def _fingerprint(files: list[Path]) -> list[list[Any]]:
    rows = []
    for file in files:
        stat = file.stat()
        rows.append([str(file.resolve()), stat.st_size, stat.st_mtime_ns])
    return rows


def _cache_file(bank_path: Path) -> Path:
    from ch3quiz.paths import data_dir

    key = hashlib.sha256(str(bank_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "cache" / f"bank-{key}.json"


def _question_record(q: Question) -> dict[str, Any]:
    return {
        "id": q.id, "type": q.type, "section": q.section, "prompt_zh": q.prompt_zh, "prompt_en": q.prompt_en,
        "answer": q.answer, "explanation_zh": q.explanation_zh, "explanation_en": q.explanation_en,
        "tags": list(q.tags), "difficulty": q.difficulty, "fields": dict(q.fields),
        "file": q.location.file, "line": q.location.line,
    }


def _question(record: dict[str, Any]) -> Question:
    location = Location(record.pop("file"), record.pop("line"))
    record["tags"] = tuple(record["tags"])
    return Question(**record, location=location)


def _read_cache(cache: Path, fingerprint: list[list[Any]]) -> Bank | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("files") != fingerprint:
            return None
        return Bank(tuple(_question(r) for r in data["questions"]), root=data["root"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, stale or damaged: read the YAML again


def _write_cache(cache: Path, fingerprint: list[list[Any]], bank: Bank) -> None:
    payload = {"format": FORMAT, "files": fingerprint, "root": bank.root,
               "questions": [_question_record(q) for q in bank.questions]}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False)
        os.replace(temp, cache)
    except (OSError, TypeError, ValueError):
        pass  # a cache that cannot be written only costs speed


def load_bank_cached(path: Path) -> Bank:
    """The bank at ``path``, from the cache when no file has changed since it was written."""
    files = bank_files(path)
    fingerprint = _fingerprint(files)
    cache = _cache_file(path)
    bank = _read_cache(cache, fingerprint)
    if bank is None:
        bank = load_bank(path)
        _write_cache(cache, fingerprint, bank)
    return bank
