"""Options that would have no effect beside the others are refused with one usage line (exit 2),
never silently dropped: `plan --clear --exam D` cleared the plan and dropped the date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

BANK = str(Path(__file__).parent / "data" / "banks" / "valid")
SOON = (date.today() + timedelta(days=10)).isoformat()

COMBINATIONS = [
    (["plan", "--clear", "--exam", SOON], "--clear removes the plan; it takes no --exam"),
    (["plan", "--clear", "--minutes", "20"], "it takes no --minutes"),
    (["plan", "--clear", "--exam", SOON, "--cards", "9"], "it takes no --exam/--cards"),
    (["plan", "--clear", "--json"], "--clear prints no JSON"),
    (["optimize", "--reset", "--json"], "--reset prints no JSON"),
    (["check", "--list", "bp-grad-W"], "--list lists every formula question; it takes no ID"),
    (["check", "--list", "--stdin"], "it takes no ID, ANSWER or --stdin"),
    (["check", "bp-grad-W", "x", "-v"], "-v shows every prompt in full with --list"),
    (["check", "bp-grad-W", "--json"], "--json needs ANSWER or --stdin"),
    (["list", "--json", "--page", "1"], "--json prints every question; --page is for the table"),
    (["quiz", "--wrong", "--new"], "--wrong and --new exclude each other"),
    (["review", "--ahead", "--new", "5"], "--ahead studies cards already seen, so --new has nothing to do there"),
]


@pytest.mark.parametrize(("args", "message"), COMBINATIONS, ids=[" ".join(a[:3]) for a, _m in COMBINATIONS])
def test_an_option_with_no_effect_is_refused(cli, query, isolated_home: Path, args: list[str], message: str) -> None:
    bank = [] if args[0] in ("optimize",) else ["--bank", BANK]
    run = cli(*args, *bank, input="")
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert message in run.stderr and run.stderr.count("\n") == 1
    assert run.stdout == ""


def test_plan_clear_with_a_date_keeps_the_plan(cli, isolated_home: Path) -> None:
    assert cli("plan", "--exam", SOON, "--cards", "5", "--bank", BANK).exit_code == 0
    refused = cli("plan", "--clear", "--exam", SOON, "--bank", BANK)
    assert refused.exit_code == 2
    shown = json.loads(cli("plan", "--json", "--bank", BANK).stdout)
    assert shown["exam"] == SOON  # nothing was removed


def test_review_new_under_an_exam_plan_is_refused_and_nothing_is_shown(cli, query) -> None:
    assert cli("plan", "--exam", SOON, "--cards", "5", "--bank", BANK).exit_code == 0
    refused = cli("review", "--new", "3", "--bank", BANK, input="\n3\n")
    assert refused.exit_code == 2 and "the exam plan chooses each day's new cards" in refused.stderr
    assert refused.stdout == "" and query("SELECT COUNT(*) FROM review_logs") == [(0,)]
    assert query("SELECT COUNT(*) FROM sessions") == [(0,)]
    followed = cli("review", "--count", "1", "--bank", BANK, input="\n3\n")
    assert followed.exit_code == 0 and "exam plan:" in followed.stderr
