"""The validator over good and bad banks: every error row, with its file and line.

Each bad file in tests/data/banks/invalid states what it must produce in
``# expect: [line: ]id: message`` comments; adding a case needs no code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ch3quiz.bank import read_bank
from ch3quiz.bank.loader import Problem

BANKS = Path(__file__).parent / "data" / "banks"
INVALID = sorted((BANKS / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?:(\d+): )?(.+)$", re.M)


def _rows(problems: list[Problem]) -> list[str]:
    return [f"{p.line}: {p.qid}: {p.message}" for p in problems]


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_reports_exactly_what_it_expects(path: Path) -> None:
    expected = EXPECT.findall(path.read_text(encoding="utf-8"))
    assert expected, f"{path.name} states no '# expect:' rows"
    _, problems = read_bank(path)
    rows = _rows(problems)
    for line, text in expected:
        wanted = f"{line}: {text}" if line else text
        assert any(row.startswith(wanted) or (not line and f": {text}" in row) for row in rows), (
            f"{path.name}: no problem matching {wanted!r} in {rows}"
        )
    assert len(problems) == len(expected), f"{path.name}: unexpected problems {rows}"
    assert all(p.file.endswith(path.name) for p in problems)


def test_valid_bank_has_no_problems() -> None:
    bank, problems = read_bank(BANKS / "valid")
    assert problems == []
    assert [q.type for q in bank] == ["mc", "multi", "tf", "fill", "numeric", "short"]
    assert bank.get("t-mc").section == "3.6"  # the file's default section


def test_duplicate_id_across_files_names_the_first() -> None:
    _, problems = read_bank(BANKS / "dup-across")
    assert len(problems) == 1
    assert problems[0].file.endswith("b.yaml") and problems[0].line == 3
    assert problems[0].message.startswith("duplicate id (first at ") and "a.yaml:3" in problems[0].message


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("section: '3.1'\nquestions: []\n# caf\xe9\n".encode("latin-1"))
    _, problems = read_bank(path)
    assert [p.message.split(" (")[0] for p in problems] == ["not UTF-8 text"]


def test_folder_without_yaml_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here", encoding="utf-8")
    _, problems = read_bank(tmp_path)
    assert [p.message for p in problems] == ["no .yaml question files here"]


def test_bundled_bank_validates(bundled_bank) -> None:
    from ch3quiz.paths import bundled_bank_path

    _, problems = read_bank(bundled_bank_path())
    assert [str(p) for p in problems] == []
    assert len(bundled_bank) > 0
