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


def test_a_parameter_no_student_could_work_with_is_refused_everywhere(cli, query, tmp_path: Path) -> None:
    # A 300-digit parameter passed validate, was shown as 1.23457e+299, and no answer typed from it
    # (at most 80 characters) could ever be right.
    bank = tmp_path / "big.yaml"
    bank.write_text(
        "section: '3.8'\nquestions:\n  - id: p-big\n    type: numeric\n    difficulty: 1\n    tags: [conv]\n"
        f"    params: {{n: [{'1234567891' * 30}]}}\n    prompt_zh: 求 {{n}} 加一。\n    prompt_en: Add one to {{n}}.\n"
        "    answer: 'n + 1'\n    integer: true\n    explanation_zh: 见上。\n    explanation_en: See above.\n",
        encoding="utf-8")
    run = cli("validate", str(bank))
    assert run.exit_code == 1
    assert f"{bank}:7: p-big: parameter 'n': a whole number of 300 digits" in run.stdout
    quiz = cli("quiz", "--bank", str(bank), input="1.23457e299\n")
    assert quiz.exit_code == 1 and "a whole number of 300 digits" in quiz.stderr
    assert not (tmp_path / "ch3quiz-home" / "progress.sqlite3").exists() or query("SELECT COUNT(*) FROM answers") == [(0,)]
