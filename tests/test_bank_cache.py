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
    cached = cache._cache_file(bank_dir)
    cached.write_text("{not json", encoding="utf-8")
    assert len(cache.load_bank_cached(bank_dir)) == 6
