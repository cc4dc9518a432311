"""A parsed-bank cache, so that a quiz starts without re-reading YAML.

Parsing a few hundred questions with PyYAML takes a quarter of a second;
reading the same questions back from JSON takes a few milliseconds. The cache
is keyed by every bank file's path, size and a hash of its content (BLAKE2,
~1 GB/s): an edit that keeps the size and the modification time (``cp -p``,
``rsync -t``, ``tar x``) is noticed as surely as an added or removed file.
Only a bank that validated cleanly is cached; a broken one is reported every time.

When some file did change, only that file is parsed again: every file that validated
is also kept on its own, keyed by its content, so editing one section of a large bank
costs that section's parse. Beside the full copy, a small index (id, section, type, tags, difficulty per
question) serves the commands that need no more, such as ``stats``: with
10,000 questions it reads in a tenth of the time.

Each file's questions are turned into JSON once, where the file was parsed (a worker process for a
large bank, ``bank.pool``), and only when JSON gives them back exactly (a mapping with number keys
would come back with text keys: such a file is not cached); the full copy is those texts joined.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ch3quiz.bank.bulk import no_gc
from ch3quiz.bank.files import bank_files, content_digest
from ch3quiz.bank.model import Bank, Location, Question

FORMAT = 5  # 3: Chinese text without the spaces of folded YAML lines; 4: each file sealed by its own hash;
# 5: a file's copy is {"format": 5, "questions": [...]}, whose list is pasted into the full copy as it is
_FILE_HEAD = '{"format": %d, "questions": ' % FORMAT


class Entry(NamedTuple):
    """What the index keeps of a question."""

    id: str
    section: str
    type: str
    tags: tuple[str, ...]
    difficulty: int


def load_bank(path: Path, store: Any = None, each: Any = None) -> Bank:
    from ch3quiz.bank.loader import load_bank as parse

    return parse(path, store, each)


def _fingerprint(files: list[Path]) -> list[list[Any]]:
    rows = []
    for file in files:
        try:
            content = file.read_bytes()
        except OSError:
            content = b""  # unreadable: the loader reports it; the key only has to differ
        rows.append([str(file.resolve()), len(content), content_digest(content)])
    return rows


def _cache_file(bank_path: Path) -> Path:
    """The bank's own cache file stem (its version files are named after it)."""
    from ch3quiz.paths import data_dir

    key = hashlib.sha256(str(bank_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "cache" / f"bank-{key}.json"


def _version_file(cache: Path, fingerprint: list[list[Any]]) -> Path:
    """The cache of this version of the bank: the fingerprint is in the name, so a stale copy is
    never opened (decoding a 3 MB stale cache only to compare its key cost a tenth of a second)."""
    tag = hashlib.blake2b(json.dumps(fingerprint).encode("utf-8"), digest_size=8).hexdigest()
    return cache.with_name(f"{cache.stem}-{tag}.json")


def _prune_versions(cache: Path, keep: Path) -> None:
    from ch3quiz.safefile import remove_stale

    for old in cache.parent.glob(f"{cache.stem}-*.json"):
        if old.name not in (keep.name, _index_file(keep).name):
            old.unlink(missing_ok=True)
    remove_stale(cache.parent, ".*.tmp")  # a write killed half-way


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


def _index_file(cache: Path) -> Path:
    return cache.with_name(cache.stem + ".index.json")


def _seal(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _sealed_text(cache: Path) -> str | None:
    """The cache file's text after its seal line, when the seal matches it. A copy damaged into other
    valid JSON (an mc answer 'Z', fields null) was taken for what the bank says and crashed every
    command that read it, run after run; now it is read from the YAML again."""
    try:
        seal, _newline, text = cache.read_text(encoding="utf-8").partition("\n")
    except (OSError, ValueError):
        return None  # missing or not text: read the YAML again
    return text if seal == _seal(text) else None


def _read_json(cache: Path, fingerprint: list[list[Any]]) -> dict[str, Any] | None:
    """The cache file's data when it is whole and of this bank version."""
    text = _sealed_text(cache)
    try:
        data = None if text is None else json.loads(text)
        if data is None or data.get("format") != FORMAT or data.get("files") != fingerprint:
            return None
        return data
    except (ValueError, TypeError, RecursionError, AttributeError):
        return None  # stale or damaged: read the YAML again


def _read_cache(cache: Path, fingerprint: list[list[Any]]) -> Bank | None:
    data = _read_json(cache, fingerprint)
    try:
        return None if data is None else Bank(tuple(_question(r) for r in data["questions"]), root=data["root"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _write_sealed(target: Path, *parts: str | Iterable[str]) -> None:
    """The text made of ``parts`` (texts, or iterables of texts) after a first line that seals it
    (``_seal``), written to a temporary file renamed into place. Each part is encoded and hashed as it
    is written, so a 300 MB copy of a large bank is never made whole in memory."""
    import tempfile  # only a write needs it (and its random, ~10 ms): a read from the cache does not

    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        seal = hashlib.blake2b(digest_size=16)
        with os.fdopen(handle, "wb") as out:
            out.write(b"0" * (2 * seal.digest_size) + b"\n")  # the seal's place, filled in at the end
            for part in parts:
                for text in [part] if isinstance(part, str) else part:
                    data = text.encode("utf-8")
                    seal.update(data)
                    out.write(data)
            out.seek(0)
            out.write(seal.hexdigest().encode("ascii"))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def records_text(questions: list[Question]) -> str | None:
    """The questions as the cache's JSON list, or None when JSON would not give them back as they
    are (a mapping with number keys, a date): such questions are read from the YAML every time."""
    records = [_question_record(q) for q in questions]
    try:
        text = json.dumps(records, ensure_ascii=False)  # dumps uses the C encoder; dump does not
        return text if json.loads(text) == records else None
    except (TypeError, ValueError, RecursionError):
        return None


def questions_from_records(text: str) -> list[Question]:
    """The questions of ``records_text`` (a text it made: it reads back exactly)."""
    return [_question(record) for record in json.loads(text)]


def _write_cache(cache: Path, fingerprint: list[list[Any]], bank: Bank, texts: list[str | None]) -> None:
    """The full copy (each file's JSON list, joined) and the index, when every file has its JSON."""
    if any(text is None for text in texts):
        return
    head = json.dumps({"format": FORMAT, "files": fingerprint, "root": bank.root}, ensure_ascii=False)
    lists = [text for text in texts if text != "[]"]
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        _write_sealed(cache, f'{head[:-1]}, "questions": [', _joined(lists), "]}")
        rows = json.dumps({"format": FORMAT, "files": fingerprint, "root": bank.root,
                           "rows": [list(_entry(q)) for q in bank.questions]}, ensure_ascii=False)
        _write_sealed(_index_file(cache), rows)
    except (OSError, TypeError, ValueError):
        pass  # a cache that cannot be written only costs speed


def _joined(lists: list[str | None]) -> Iterator[str]:
    """The items of JSON lists (each a file's ``records_text``) as the items of one list."""
    for index, text in enumerate(lists):
        yield (", " if index else "") + text[1:-1]  # type: ignore[index]


def _entry(q: Question | Entry) -> Entry:
    return Entry(q.id, q.section, q.type, tuple(q.tags), q.difficulty)


def _copy_name(digest: str, shown: str) -> str:
    """The name of a file version's own copy: its content and the name its questions show."""
    return hashlib.blake2b(f"{digest}|{shown}".encode(), digest_size=12).hexdigest() + ".json"


def write_file_copy(folder: Path, digest: str, shown: str, records: str) -> None:
    """A validated file's own copy (``records``: its ``records_text``), written where it was parsed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_sealed(folder / _copy_name(digest, shown), _FILE_HEAD, records, "}")
    except (OSError, ValueError):  # ValueError: text UTF-8 cannot hold (a lone surrogate)
        pass  # a cache that cannot be written only costs speed


class _FileCache:
    """Each file's valid questions on their own, keyed by the file's content and shown name
    (``loader.FileStore``). It also gathers each file's JSON for the full copy."""

    def __init__(self, folder: Path, fingerprint: list[list[Any]], files: list[Path]) -> None:
        self.copies = folder
        # A bank of one file keeps no copy of it beside the full copy: when the file changes, both are stale.
        self.folder = folder if len(files) > 1 else None  # where a worker writes the copies of the files it parsed
        self.digest = {path: digest for path, _size, digest in fingerprint}
        self.resolved = {file: row[0] for file, row in zip(files, fingerprint)}
        self.used: set[str] = set()
        self.texts: dict[str, str | None] = {}  # resolved path -> the file's questions as JSON
        self.as_fingerprinted = True  # False when a file changed between the fingerprint and its parse

    def _copy(self, file: Path, shown: str, digest: str | None = None) -> Path:
        name = _copy_name(digest or self.digest.get(self._path(file), ""), shown)
        self.used.add(name)
        return self.copies / name

    def _path(self, file: Path) -> str:
        return self.resolved.get(file) or str(file.resolve())  # a file added since the fingerprint: not found

    def has(self, file: Path, shown: str) -> bool:
        return self.folder is not None and self._copy(file, shown).is_file()

    def reuse(self, file: Path, shown: str) -> Any:
        from ch3quiz.bank.loader import FileRead

        text = _sealed_text(self._copy(file, shown))
        if text is None or not (text.startswith(_FILE_HEAD) and text.endswith("}")):
            return None
        listed = text[len(_FILE_HEAD):-1]
        try:
            questions = [_question(record) for record in json.loads(listed)]
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            return None
        self.texts[self._path(file)] = listed
        return FileRead([(q.id, q.location.line, q) for q in questions], [])

    def keep(self, file: Path, shown: str, read: Any) -> None:
        if not read.digest:
            return  # taken from its copy (``reuse``), or unreadable
        path = self._path(file)
        self.texts[path] = None
        if not read.valid:
            return  # only a file that validated is kept
        self.as_fingerprinted = self.as_fingerprinted and read.digest == self.digest.get(path)
        if read.copied:  # its worker wrote the copy
            self._copy(file, shown, read.digest)
            self.texts[path] = read.records
            return
        text = read.records if read.records is not None else records_text([q for _i, _l, q in read.entries])
        self.texts[path] = text
        if text is not None and self.folder is not None:
            self._copy(file, shown, read.digest)
            write_file_copy(self.folder, read.digest, shown, text)

    def in_order(self, fingerprint: list[list[Any]]) -> list[str | None]:
        """Each file's JSON in bank order (None for one not kept, or for all when a file changed meanwhile)."""
        return [self.texts.get(path) if self.as_fingerprinted else None for path, _size, _digest in fingerprint]

    def prune(self) -> None:
        """Drop the copies of file versions the bank no longer has."""
        from ch3quiz.safefile import remove_stale

        for old in self.copies.glob("*.json") if self.copies.is_dir() else ():
            if old.name not in self.used:
                old.unlink(missing_ok=True)
        remove_stale(self.copies, ".*.tmp")  # a worker killed while writing


def load_bank_cached(path: Path, each: Callable[[list[Question]], None] | None = None) -> Bank:
    """The bank at ``path``, from the cache when no file has changed since it was written;
    otherwise only the changed files are parsed again. ``each`` is given the questions as they are
    read, a file at a time (or all at once from the cache); a bank refused at the end (a problem in a
    later file) raises BankError after some were given."""
    files_read = bank_files(path)
    fingerprint = _fingerprint(files_read)
    cache = _cache_file(path)
    current = _version_file(cache, fingerprint)
    with no_gc():
        bank = _read_cache(current, fingerprint)
    if bank is not None:
        if each is not None:
            each(list(bank.questions))
        return bank
    files = _FileCache(cache.with_suffix(".files"), fingerprint, files_read)
    bank = load_bank(path, files, each)
    _write_cache(current, fingerprint, bank, files.in_order(fingerprint))
    files.prune()
    _prune_versions(cache, current)
    return bank


def load_index_cached(path: Path) -> list[Entry]:
    """Id, section, type, tags and difficulty of every question, from the small index when it is current."""
    fingerprint = _fingerprint(bank_files(path))
    data = _read_json(_index_file(_version_file(_cache_file(path), fingerprint)), fingerprint)
    try:
        if data is not None:
            return [Entry(qid, section, qtype, tuple(tags), difficulty) for qid, section, qtype, tags, difficulty
                    in data["rows"]]
    except (KeyError, TypeError, ValueError):
        pass
    return [_entry(q) for q in load_bank_cached(path).questions]
