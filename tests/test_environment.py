"""The environment a command runs in: terminal width, and what lies where the database should be.

Each case once lost output or gave a raw SQLite message; each runs the real CLI in a subprocess
(the console reads COLUMNS when it is made) under a time limit.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LIMIT = 20  # seconds; each run takes well under one


def run(args: list[str], home: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "CH3QUIZ_HOME": str(home), "COLUMNS": "100", **env}
    environ.pop("CH3QUIZ_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], input=stdin, capture_output=True,
                          text=True, env=environ, cwd=ROOT, timeout=LIMIT)


# COLUMNS=0 made Rich lay out in zero cells: `show` printed nothing and exited 0, and an error
# printed nothing at all (exit 2, empty stderr). COLUMNS=1 left a panel's borders and no text.
@pytest.mark.parametrize("columns", ["0", "1", "7"])
def test_a_tiny_terminal_width_still_shows_the_question_and_the_error(columns: str, tmp_path: Path) -> None:
    shown = run(["show", "loss-01-nondifferentiable"], tmp_path, COLUMNS=columns)
    assert shown.returncode == 0, shown.stderr
    assert "loss-01-nondiff" in shown.stdout and "损失" in shown.stdout
    missing = run(["show", "no-such-question"], tmp_path, COLUMNS=columns)
    assert missing.returncode == 2
    assert missing.stderr.startswith("error: no question with id 'no-such-question'")
    assert missing.stderr.endswith("/ 没有这道题\n") and missing.stderr.count("\n") == 1


def _make_fifo(path: Path) -> None:
    os.mkfifo(path)


# A directory where progress.sqlite3 should be gave SQLite's "unable to open database file"; a FIFO
# there would block the open. Both are refused by name, and left as they are.
@pytest.mark.parametrize("make", [Path.mkdir, _make_fifo], ids=["directory", "fifo"])
@pytest.mark.parametrize("args", [["stats"], ["quiz", "-n", "1", "-t", "tf", "--seed", "1"], ["review"],
                                  ["optimize", "--reset"]], ids=lambda args: args[0])
def test_something_not_a_file_where_the_database_goes_is_refused_by_name(make, args, tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    target = tmp_path / "progress.sqlite3"
    make(target)
    done = run(args, tmp_path, stdin="t\n")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"error: progress database {target} is ")
    assert "not a regular file" in done.stderr or "is a directory" in done.stderr
    assert done.stderr.count("\n") == 1
    assert not target.is_file() and target.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("progress")) == ["progress.sqlite3"]


def test_after_moving_the_directory_aside_the_next_start_works(tmp_path: Path) -> None:
    (tmp_path / "progress.sqlite3").mkdir()
    assert run(["stats"], tmp_path).returncode == 1
    (tmp_path / "progress.sqlite3").rename(tmp_path / "aside")
    assert run(["quiz", "-n", "1", "-t", "tf", "--seed", "1"], tmp_path, stdin="t\n").returncode in (0, 1)
    with sqlite3.connect(tmp_path / "progress.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 1


# CH3QUIZ_HOME=~nobody/x: Path.expanduser raised RuntimeError, exit 70 in every command (list too,
# through the bank cache). --bank ~nobody/x did the same; the shell keeps such a path as written.
@pytest.mark.parametrize("args", [["stats"], ["list"], ["quiz", "-n", "1", "-t", "tf", "--seed", "1"]],
                         ids=lambda args: args[0])
def test_a_home_under_an_unknown_user_is_one_usage_line(cli, monkeypatch, tmp_path: Path, args) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CH3QUIZ_HOME", "~no-such-user-zz/ch3")
    done = cli(*args, input="t\n")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == ("error: CH3QUIZ_HOME=~no-such-user-zz/ch3: there is no user 'no-such-user-zz' on this"
                           " computer; give it a folder, e.g. CH3QUIZ_HOME=~/ch3quiz / 找不到该用户的主目录\n")
    assert list(tmp_path.iterdir()) == []  # no folder named '~no-such-user-zz' made


def test_a_bank_under_an_unknown_user_is_reported_missing(cli) -> None:
    done = cli("list", "--bank", "~no-such-user-zz/bank.yaml")
    assert done.exit_code == 2
    assert done.stderr.startswith("error: no question bank at ~no-such-user-zz/bank.yaml;")


def _symlink_loop(path: Path) -> None:
    os.symlink(path.with_name("other"), path)
    os.symlink(path, path.with_name("other"))


# CH3QUIZ_HOME pointing at a file (or through one, or at a link loop) said "cannot open progress
# database …: File exists", which names neither the file nor what to do.
@pytest.mark.parametrize(("make", "below", "what"), [
    (Path.touch, "", "is not a folder"),
    (Path.touch, "sub", "is not a folder"),
    (_symlink_loop, "", "is a link that leads nowhere"),
], ids=["file", "under-a-file", "symlink-loop"])
def test_a_home_that_is_no_folder_is_named(cli, monkeypatch, tmp_path: Path, make, below: str, what: str) -> None:
    blocker = tmp_path / "home"
    make(blocker)
    monkeypatch.setenv("CH3QUIZ_HOME", str(blocker / below) if below else str(blocker))
    done = cli("quiz", "-n", "1", "-t", "tf", "--seed", "1", input="t\n")
    assert done.exit_code == 1 and done.stderr.count("\n") == 1
    assert f": {blocker} {what}; point CH3QUIZ_HOME at a folder / 无法打开进度数据库" in done.stderr
    assert os.path.lexists(blocker) and (blocker.is_symlink() or blocker.read_bytes() == b"")


def _closing(*fds: int):
    """A preexec_fn that closes the given standard streams in the child, as `<&-`, `>&-`, `2>&-` do."""
    return lambda: [os.close(fd) for fd in fds]


def _run_with(args: list[str], home: Path, **popen) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "CH3QUIZ_HOME": str(home), "COLUMNS": "100"}
    environ.pop("CH3QUIZ_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], env=environ, cwd=ROOT, timeout=LIMIT, **popen)


QUIZ = ["quiz", "-n", "1", "-t", "tf", "--seed", "1"]


# `ch3quiz stats >&-` (and every command) was exit 70: 'NoneType' object has no attribute 'write'.
@pytest.mark.parametrize("args", [QUIZ, ["stats", "--json"], ["check", "bp-grad-W", "x"], ["--version"]],
                         ids=lambda args: args[0])
def test_a_closed_stdout_is_refused_before_anything_is_done(args, tmp_path: Path) -> None:
    done = _run_with(args, tmp_path, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_closing(1))
    assert done.returncode == 2
    assert done.stderr.decode() == ("error: standard output is closed, so nothing ch3quiz shows could be seen; run it"
                                    " with >/dev/null to discard what it shows / 标准输出已关闭\n")
    assert not (tmp_path / "progress.sqlite3").exists()


def test_a_closed_stdin_reads_as_empty_input(tmp_path: Path) -> None:
    # `ch3quiz quiz <&-` was exit 70: 'NoneType' object has no attribute 'isatty'.
    done = _run_with(QUIZ, tmp_path, capture_output=True, preexec_fn=_closing(0))
    assert done.returncode == 0, done.stderr
    assert "not answered / 未作答: 1" in done.stdout.decode()
    with sqlite3.connect(tmp_path / "progress.sqlite3") as db:
        assert db.execute("SELECT count(*), count(finished_at) FROM sessions").fetchone() == (1, 1)


def test_with_stderr_closed_an_export_holds_only_the_export(tmp_path: Path) -> None:
    # The export's temp file took the closed stream's number 2, where the "wrote …" note goes.
    target = tmp_path / "out.csv"
    done = _run_with(["export", "csv", "-o", str(target)], tmp_path, stdout=subprocess.PIPE,
                     preexec_fn=_closing(0, 2))
    assert done.returncode == 0
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("id,") and f"questions to {target}" not in text


# `ch3quiz stats >/dev/full` was exit 70 ("internal error (OSError: No space left on device)"), which a
# script reads as a crash; check's 1 would have read as "incorrect".
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(("args", "saved"), [(QUIZ, True), (["stats"], False), (["check", "bp-grad-W", "x"], True),
                                             (["list", "--json"], False), (["export", "md", "-o", "-"], False)],
                         ids=lambda value: value[0] if isinstance(value, list) else None)
def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(args, saved: bool, tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = _run_with(args, tmp_path, stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    promise = "; everything answered so far is saved" if saved else ""
    assert done.stderr.decode() == f"error: the output could not be written (No space left on device){promise} / 无法写出结果\n"


# A path too long for the file system was exit 70 wherever it was first looked at (exists, is_dir):
# --bank, validate, import's CSV and --into, and a CH3QUIZ_HOME under which the bank cache is kept.
@pytest.mark.parametrize("args", [
    ["list", "--bank", "{long}"], ["quiz", "--bank", "{long}"], ["validate", "{long}"],
    ["import", "csv", "{long}", "--into", "{tmp}/mine.yaml"], ["import", "csv", "{tmp}/in.csv", "--into", "{long}"],
], ids=["list", "quiz", "validate", "import-source", "import-into"])
def test_a_path_too_long_for_the_file_system_is_one_usage_line(cli, tmp_path: Path, args: list[str]) -> None:
    long = str(tmp_path / ("z" * 300))
    (tmp_path / "in.csv").write_text("id\n", encoding="utf-8")
    done = cli(*(arg.format(long=long, tmp=tmp_path) for arg in args), input="")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr == (f"error: cannot use {long[:80]}… ({len(long):,} characters): File name too long;"
                           " give a shorter name / 无法使用该路径\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "ch3quiz-home") == ["in.csv"]


def test_a_home_too_long_for_the_file_system_is_one_usage_line(cli, monkeypatch, tmp_path: Path) -> None:
    home = str(tmp_path / ("h" * 300))
    monkeypatch.setenv("CH3QUIZ_HOME", home)
    done = cli("list")
    assert done.exit_code == 2 and "File name too long; give a shorter name" in done.stderr
    assert done.stderr.startswith(f"error: cannot use {home[:80]}…") and done.stderr.count("\n") == 1
