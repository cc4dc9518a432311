"""The conventions a student's other command-line tools follow: --version, -h, completion, the
order and panels of --help, tags, "did you mean", and what Ctrl-C says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ch3quiz import __version__
from ch3quiz.cli.catalog import CATALOG

ROOT = Path(__file__).parents[1]
COMMANDS = [entry.name for entry in CATALOG]


def _run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ch3quiz", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(cli, flag: str) -> None:
    run = cli(flag)
    assert run.exit_code == 0
    assert run.stdout == f"ch3quiz {__version__}\n"


@pytest.mark.parametrize("name", [*COMMANDS, "import csv"])
def test_dash_h_is_help_on_every_command(cli, name: str) -> None:
    short, long = cli(*name.split(), "-h"), cli(*name.split(), "--help")
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout
    assert f"Usage: ch3quiz {name}" in short.stdout


def test_help_lists_commands_in_study_order_under_panels(cli) -> None:
    text = cli("-h").stdout
    panels = {panel: text.index(f"{panel} commands:") for panel in ("Study", "Browse", "Bank")}
    order = {"Study": ["quiz", "review", "check", "derive", "stats", "plan", "optimize"],
             "Browse": ["list", "show", "sections", "tags"], "Bank": ["export", "import", "validate"]}
    positions = [text.index(f"\n  {name} ") for names in order.values() for name in names]
    assert positions == sorted(positions)
    bounds = sorted(panels.values()) + [len(text)]
    for (panel, names), start, end in zip(order.items(), bounds, bounds[1:]):
        assert start == panels[panel]
        assert all(start < text.index(f"\n  {name} ") < end for name in names), panel
    assert "--install-completion" in text and "--show-completion" in text


def test_every_module_command_is_in_the_catalogue() -> None:
    """A command missing from the table would run but never show in --help."""
    import importlib
    import pkgutil

    import ch3quiz.cli as package
    from ch3quiz.cli.app import app

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.endswith("_commands"):
            importlib.import_module(f"ch3quiz.cli.{info.name}")
    registered = {c.name or c.callback.__name__ for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert registered == set(COMMANDS)


def test_help_imports_no_command_module() -> None:
    probe = ("import sys\nfrom ch3quiz.cli import main\nmain(['--help'])\n"
             "print(sorted(m for m in sys.modules if m.endswith('_commands')))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_shell_completion_completes_commands_and_options() -> None:
    commands = _run_module(env={"_CH3QUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "ch3quiz s", "COMP_CWORD": "1"})
    assert commands.stdout.split() == ["stats", "show", "sections"]
    options = _run_module(env={"_CH3QUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "ch3quiz quiz --se", "COMP_CWORD": "2"})
    assert options.stdout.split() == ["--section", "--seed"]
    # The shell named explicitly: without a name Typer guesses it from the parent processes, which
    # depends on how the suite was started (a harness under sh would be "not supported").
    script = _run_module("--show-completion", "bash")
    assert script.returncode == 0 and "_ch3quiz_completion" in script.stdout


def test_a_mistyped_command_gets_a_suggestion(cli) -> None:
    run = cli("quizz")
    assert run.exit_code == 2
    assert "No such command 'quizz'. Did you mean 'quiz'?" in run.stderr


def test_tags_lists_every_tag_with_its_count(cli, bundled_bank) -> None:
    run = cli("tags", "--json")
    assert run.exit_code == 0
    import json

    rows = json.loads(run.stdout)
    expected: dict[str, int] = {}
    for q in bundled_bank:
        for tag in q.tags:
            expected[tag] = expected.get(tag, 0) + 1
    assert {r["tag"]: r["questions"] for r in rows} == expected
    assert [r["questions"] for r in rows] == sorted((r["questions"] for r in rows), reverse=True)
    table = cli("tags", "--section", "3.4").stdout
    assert "relu" in table and "tags · use one: ch3quiz quiz --tag TAG" in table


@pytest.mark.parametrize("command", ["quiz", "list"])
def test_an_unknown_tag_says_did_you_mean_and_where_to_look(cli, command: str) -> None:
    run = cli(command, "--tag", "rel")
    assert run.exit_code == 2
    assert "no question has the tag 'rel'; did you mean relu" in run.stderr
    assert "ch3quiz tags lists them all" in run.stderr
    assert run.stderr.count("\n") == 1


def test_ctrl_c_in_import_promises_nothing_about_answers(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ch3quiz.export.importer as importer

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # what Ctrl-C raises while the CSV is read

    monkeypatch.setattr(importer, "import_csv", interrupted)
    source = tmp_path / "mine.csv"
    source.write_text("id\n", encoding="utf-8")
    run = cli("import", "csv", str(source), "--into", str(tmp_path / "mine.yaml"))
    assert run.exit_code == 130
    assert "interrupted" in run.stderr and "answered" not in run.stderr and "saved" not in run.stderr


def test_ctrl_c_in_a_quiz_says_answers_are_saved(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import ch3quiz.cli.interact as interact

    def interrupted(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(interact, "read_line", interrupted)
    import ch3quiz.cli.quiz_commands as quiz_commands

    monkeypatch.setattr(quiz_commands, "read_line", interrupted)
    run = cli("quiz", "--type", "mc", "--count", "1", "--seed", "1")
    assert run.exit_code == 130
    assert "everything answered so far is saved" in run.stderr


@pytest.mark.parametrize(("args", "next_step"), [
    (["show", "t-nope"], "ch3quiz list shows every id"),
    (["quiz", "--count", "0"], "e.g. --count 10"),
    (["quiz", "--exam", "0"], "e.g. --exam 30"),
    (["quiz", "--section", "9.9"], "choose from 3.1"),
    (["quiz", "--type", "essay"], "choose from mc"),
    (["quiz", "--lang", "fr"], "choose zh, en or both"),
    (["review", "--count", "0"], "e.g. --count 20"),
    (["review", "--new", "-1"], "e.g. --new 10"),
    (["review", "--retention", "2"], "e.g. --retention 0.9"),
    (["check"], "e.g. ch3quiz check bp-delta-Lminus1 'ANSWER'"),
    (["check", "t-mc", "a"], "ch3quiz check --list"),
    (["list", "--bank", "/no/such/bank"], "give --bank a YAML file or folder"),
    (["derive", "act-sigmoid-derivative-derive", "/no/such/steps.txt"], "or - for standard input"),
    (["import", "csv", "/no/such.csv", "--into", "mine.yaml"], "ch3quiz export csv -o mine.csv"),
])
def test_every_error_names_the_next_thing_to_type(cli, args: list[str], next_step: str) -> None:
    if args[0] in ("show", "check") and "t-" in " ".join(args):
        args = [*args, "--bank", str(ROOT / "tests" / "data" / "banks" / "valid")]
    run = cli(*args)
    assert run.exit_code == 2
    assert next_step in run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
