"""Hostile banks: each file in tests/data/banks/hostile once crashed or hung a command.

Each file states ``# expect: exit N: text`` — what ``validate`` must print and exit with.
Every command that loads a bank must then end within a time limit, with the tool's own
one-line error (exit 1) or normally — never a traceback, never exit 70, never a hang.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = sorted((Path(__file__).parent / "data" / "banks" / "hostile").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: exit (\d+): (.+)$", re.M)
ROOT = Path(__file__).parents[1]
LIMIT = 20  # seconds; each of these runs in well under one


def run(args: list[str], home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CH3QUIZ_HOME": str(home), "COLUMNS": "100"}
    env.pop("CH3QUIZ_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=LIMIT)


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_validate_reports_the_hostile_file_in_one_row(path: Path, tmp_path: Path) -> None:
    (code, text), = EXPECT.findall(path.read_text(encoding="utf-8"))
    done = run(["validate", str(path)], tmp_path)
    assert done.returncode == int(code), done.stdout + done.stderr
    assert text in done.stdout
    assert "Traceback" not in done.stderr and done.stderr == ""


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_quiz_and_list_on_the_hostile_file_end_with_the_tools_own_answer(path: Path, tmp_path: Path) -> None:
    for args in (["quiz", "--bank", str(path), "--seed", "1"], ["list", "--bank", str(path)]):
        done = run(args, tmp_path)
        assert done.returncode in (0, 1), (args, done.returncode, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        if done.returncode == 1:
            assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr


def test_escapes_in_a_bank_reach_the_terminal_as_visible_marks(cli, tmp_path: Path) -> None:
    bank = str(Path(__file__).parent / "data" / "banks" / "hostile" / "terminal-escapes.yaml")
    quiz = cli("quiz", "--bank", bank, "--seed", "1", input="b\n")
    shown = cli("show", "escapes", "--bank", bank)
    listed = cli("list", "--bank", bank)
    for result in (quiz, shown, listed):
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "Which one?␛]0;pwned␇" in quiz.stdout  # the title escape is shown, and the choices still follow it
    assert "␛]8;;http://evil.example␛\\click" in quiz.stdout and "✓ correct" in quiz.stdout
    assert "␛[2J" in shown.stdout and "<U+202E>" in shown.stdout
    as_json = cli("show", "escapes", "--json", "--bank", bank)
    assert "\\u001b]0;pwned\\u0007" in as_json.stdout and "\\u202e" in as_json.stdout


def test_a_huge_prompt_is_cut_when_shown(cli, tmp_path: Path) -> None:
    bank = tmp_path / "huge.yaml"
    bank.write_text(
        "- {id: big, type: tf, section: '3.1', prompt_zh: '" + "长" * 2_000_000 + "', prompt_en: x,"
        " answer: true, explanation_zh: y, explanation_en: z, tags: [t], difficulty: 1}\n", encoding="utf-8")
    result = cli("quiz", "--bank", str(bank), "--seed", "1", input="t\n")
    assert result.exit_code == 0, result.stderr
    assert "characters not shown" in result.stdout and len(result.stdout) < 40_000


def test_hidden_and_temporary_files_are_not_bank_files(cli, tmp_path: Path) -> None:
    valid = (Path(__file__).parent / "data" / "banks" / "valid" / "every-type.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(valid, encoding="utf-8")
    (tmp_path / ".import-x1y2.yaml").write_text("", encoding="utf-8")  # a killed import's leftover
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.yaml").write_text("[", encoding="utf-8")
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok: 6 questions")


def test_the_printable_sheet_shows_escapes_instead_of_obeying_them(cli, tmp_path: Path) -> None:
    bank = str(Path(__file__).parent / "data" / "banks" / "hostile" / "terminal-escapes.yaml")
    sheet = tmp_path / "sheet.md"
    assert cli("export", "md", "-o", str(sheet), "--bank", bank).exit_code == 0
    text = sheet.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text and "Which one?␛]0;pwned␇" in text


def test_a_folder_far_too_big_for_a_bank_is_refused_without_walking_it_all(cli, tmp_path: Path, monkeypatch) -> None:
    # `--bank /` walked the whole file system: list never ended, quiz died (exit 70) on a /proc entry
    # that vanished mid-walk. The walk looks at a bounded number of names (here 50, to keep the test small).
    from ch3quiz.bank import files

    monkeypatch.setattr(files, "MAX_ENTRIES", 50)
    valid = (Path(__file__).parent / "data" / "banks" / "valid" / "every-type.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(valid, encoding="utf-8")
    for i in range(60):
        (tmp_path / "notes" / str(i % 3)).mkdir(parents=True, exist_ok=True)
        (tmp_path / "notes" / str(i % 3) / f"{i}.txt").write_text("x", encoding="utf-8")
    for args in (["list", "--bank", str(tmp_path)], ["quiz", "--bank", str(tmp_path)], ["validate", str(tmp_path)]):
        done = cli(*args, input="")
        assert done.exit_code == 1, (args, done.stderr, done.stdout)
        assert f"{tmp_path} holds more than 50 files and folders: it is no question bank" in done.stderr + done.stdout
    (tmp_path / "notes").rename(tmp_path / ".notes")  # a hidden folder is not entered, so not counted
    assert cli("list", "--bank", str(tmp_path)).exit_code == 0
