"""The parsed-bank cache: used when nothing changed, refreshed when a file did, harmless when damaged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ch3quiz.bank import cache
from ch3quiz.errors import BankError

VALID = Path(__file__).parent / "data" / "banks" / "valid"


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    target = tmp_path / "bank"
    shutil.copytree(VALID, target)
    return target


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path):
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(cache, "load_bank", refuse)


def test_second_load_comes_from_the_cache(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = cache.load_bank_cached(bank_dir)
    _forbid_parsing(monkeypatch)
    second = cache.load_bank_cached(bank_dir)
    assert second.questions == first.questions


def test_an_edited_file_is_read_again(bank_dir: Path) -> None:
    cache.load_bank_cached(bank_dir)
    file = bank_dir / "every-type.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("How many samples", "How many examples"), encoding="utf-8")
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 1_000_000))
    assert cache.load_bank_cached(bank_dir).get("t-mc").prompt_en.startswith("How many examples")


def test_a_removed_file_is_noticed(bank_dir: Path) -> None:
    (bank_dir / "extra.yaml").write_text(
        "section: '3.1'\nquestions:\n  - {id: extra-q, type: tf, prompt_zh: 题, prompt_en: Q, answer: true,"
        " explanation_zh: 解, explanation_en: E, tags: [x], difficulty: 1}\n", encoding="utf-8")
    assert "extra-q" in cache.load_bank_cached(bank_dir)
    (bank_dir / "extra.yaml").unlink()
    assert "extra-q" not in cache.load_bank_cached(bank_dir)


def test_a_broken_bank_is_never_cached(bank_dir: Path) -> None:
    (bank_dir / "broken.yaml").write_text("questions: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BankError):
            cache.load_bank_cached(bank_dir)


def test_a_damaged_cache_is_ignored(bank_dir: Path) -> None:
    cache.load_bank_cached(bank_dir)
    for cached in cache._cache_file(bank_dir).parent.glob("*.json"):
        cached.write_text("{not json", encoding="utf-8")
    assert len(cache.load_bank_cached(bank_dir)) == 6


# A cache damaged into other valid JSON was taken for the bank, and crashed (exit 70) every command
# that read it, run after run. Each row: how the first cached question was damaged.
DAMAGE = {
    "type-a-number": lambda q: q.update(type=5),
    "fields-null": lambda q: q.update(fields=None),
    "no-choices": lambda q: q["fields"].update(choices=[]),
    "answer-off-the-choices": lambda q: q.update(answer="Z"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_cache_damaged_into_other_valid_json_is_read_from_the_yaml_again(cli, bank_dir: Path, damage: str) -> None:
    import json

    first = cache.load_bank_cached(bank_dir)
    folder = cache._cache_file(bank_dir).parent
    for cached in [*folder.glob("*.json"), *folder.glob("*.files/*.json")]:
        raw = cached.read_text(encoding="utf-8")
        seal, text = raw.partition("\n")[::2] if not raw.startswith("{") else ("", raw)
        data = json.loads(text)
        for record in data.get("questions", [])[:1]:
            DAMAGE[damage](record)
        # Written back in the shape it had (a seal line kept as it was): only the content changed.
        cached.write_text(f"{seal}\n{json.dumps(data)}" if seal else json.dumps(data), encoding="utf-8")
    assert cache.load_bank_cached(bank_dir).questions == first.questions
    for args in (["show", "t-mc"], ["list"], ["export", "csv", "-o", "-"]):
        run = cli(*args, "--bank", str(bank_dir))
        assert run.exit_code == 0 and "internal error" not in run.stderr, (args, run.stderr)


def test_a_same_size_edit_with_the_mtime_kept_is_read_again(bank_dir: Path) -> None:
    # cp -p, rsync -t and tar x keep the modification time; a key of size and mtime kept the old answer.
    cache.load_bank_cached(bank_dir)
    file = bank_dir / "every-type.yaml"
    stat = file.stat()
    text = file.read_text(encoding="utf-8")
    edited = text.replace("answer: A\n", "answer: B\n", 1)
    assert edited != text and len(edited.encode()) == stat.st_size
    file.write_text(edited, encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.load_bank_cached(bank_dir).get("t-mc").answer == "B"
    assert [e.id for e in cache.load_index_cached(bank_dir)][:2] == ["t-mc", "t-multi"]


def test_the_cache_leaves_no_temporary_files(bank_dir: Path, isolated_home: Path) -> None:
    (bank_dir / "second.yaml").write_text((bank_dir / "every-type.yaml").read_text(encoding="utf-8")
                                          .replace("id: t-", "id: s-"), encoding="utf-8")
    cache.load_bank_cached(bank_dir)
    assert sorted(p.suffix for p in (isolated_home / "cache").iterdir()) == [".files", ".json", ".json"]
    cache.load_bank_cached(bank_dir)
    (bank_dir / "every-type.yaml").write_text((bank_dir / "every-type.yaml").read_text(encoding="utf-8") + "# x\n",
                                             encoding="utf-8")
    cache.load_bank_cached(bank_dir)  # a new version: the old one's files are removed
    assert sorted(p.suffix for p in (isolated_home / "cache").iterdir()) == [".files", ".json", ".json"]
    assert not [p for p in (isolated_home / "cache").rglob(".*")]


def test_a_bank_of_one_file_keeps_no_second_copy_of_it(bank_dir: Path, isolated_home: Path) -> None:
    # Its copy of its own would go stale with the full copy, at the same edit: it only cost a second write.
    cache.load_bank_cached(bank_dir)
    assert sorted(p.suffix for p in (isolated_home / "cache").iterdir()) == [".json", ".json"]
    assert cache.load_bank_cached(bank_dir / "every-type.yaml").get("t-mc")


def test_after_an_edit_only_the_edited_file_is_parsed_again(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ch3quiz.bank import loader

    (bank_dir / "extra.yaml").write_text(
        "section: '3.1'\nquestions:\n  - {id: extra-q, type: tf, prompt_zh: 题, prompt_en: Q, answer: true,"
        " explanation_zh: 解, explanation_en: E, tags: [x], difficulty: 1}\n", encoding="utf-8")
    first = cache.load_bank_cached(bank_dir)
    parsed: list[str] = []
    real = loader.read_file
    monkeypatch.setattr(loader, "read_file", lambda file, shown, **options: parsed.append(file.name) or real(file, shown, **options))
    extra = bank_dir / "extra.yaml"
    extra.write_text(extra.read_text(encoding="utf-8").replace("prompt_en: Q", "prompt_en: Q2"), encoding="utf-8")
    second = cache.load_bank_cached(bank_dir)
    assert parsed == ["extra.yaml"]
    assert second.get("extra-q").prompt_en == "Q2" and second.get("t-mc") == first.get("t-mc")


def test_a_cache_of_an_older_format_is_rebuilt_never_misread(bank_dir: Path) -> None:
    import json

    first = cache.load_bank_cached(bank_dir)
    folder = cache._cache_file(bank_dir).parent
    for cached in [*folder.glob("*.json"), *folder.glob("*.files/*.json")]:
        data = json.loads(cached.read_text(encoding="utf-8").partition("\n")[2])
        for record in data.get("questions", [])[:1]:
            record["answer"] = "Z"  # what format 4 held, damaged: it must not be taken for the bank
        text = json.dumps({**data, "format": 4, "files": data.get("files", [])})
        cached.write_text(f"{cache._seal(text)}\n{text}", encoding="utf-8")  # sealed as format 4 sealed
    assert cache.load_bank_cached(bank_dir).questions == first.questions
