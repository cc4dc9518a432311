"""The exam plan and the fitted memory model at the edges a student hits: damaged settings in the
database, the exam day itself, a day's budget already spent."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

BANK = str(Path(__file__).parents[1] / "data" / "banks" / "valid")


def set_raw(home: Path, key: str, value: str) -> None:
    """Write a setting as a damaged or hand-edited database would hold it."""
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        db.execute("INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, '2026-12-01')", (key, value))
        db.commit()
    finally:
        db.close()


def today():
    return datetime.now().astimezone().date()


DAMAGED_PARAMETERS = ['{"parameters": [1, 2, 3]}', "not json", '{"parameters": ["a"]}', '{"weights": []}',
                      '{"parameters": [' + ", ".join(["100"] * 21) + "]}"]


@pytest.mark.parametrize("value", DAMAGED_PARAMETERS)
def test_damaged_fitted_parameters_are_reported_with_the_way_out(cli, isolated_home: Path, value: str) -> None:
    cli("plan", "--exam", (today() + timedelta(days=4)).isoformat(), "--bank", BANK)  # stats now forecasts too
    set_raw(isolated_home, "fsrs_parameters", value)
    for args in (["review", "--count", "1"], ["plan"], ["stats"]):
        run = cli(*args, "--bank", BANK, input="\n3\n")
        assert run.exit_code == 1, (args, run.stderr)
        assert "fitted FSRS parameters" in run.stderr and "ch3quiz optimize --reset" in run.stderr, args
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    reset = cli("optimize", "--reset")
    assert reset.exit_code == 0 and "back to the default FSRS parameters" in reset.stderr
    assert cli("review", "--count", "1", "--bank", BANK, input="\n3\n").exit_code == 0


@pytest.mark.parametrize("value", ['{"exam": "2026-13-01"}', "[1, 2]", '{"minutes": 30}', "{{",
                                   '{"exam": "2030-01-01", "minutes": "30"}'])
def test_a_damaged_exam_plan_is_reported_and_cleared(cli, isolated_home: Path, value: str) -> None:
    cli("stats", "--bank", BANK)
    set_raw(isolated_home, "exam_plan", value)
    for args in (["review", "--count", "1"], ["stats"], ["plan"]):
        run = cli(*args, "--bank", BANK, input="")
        assert run.exit_code == 1, (args, run.stderr)
        assert "saved exam plan" in run.stderr and "ch3quiz plan --clear removes it" in run.stderr, args
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert cli("plan", "--clear", "--bank", BANK).exit_code == 0
    assert cli("stats", "--bank", BANK).exit_code == 0
    set_raw(isolated_home, "exam_plan", value)  # a new plan replaces a damaged one too
    exam = (today() + timedelta(days=4)).isoformat()
    assert cli("plan", "--exam", exam, "--cards", "5", "--bank", BANK).exit_code == 0
