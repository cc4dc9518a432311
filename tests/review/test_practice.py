"""Self-check practice feeds the question's card: a derivation worked out in `derive`, and a
self-check given up in `check` (Again); `stats` counts reviews by where they came from."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

RIGHT = "\\sigma'(x) = \\frac{d}{dx}(1+e^{-x})^{-1}\n= \\frac{e^{-x}}{(1+e^{-x})^2}\n= \\sigma(x)(1-\\sigma(x))\n"
WRONG = "\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2}\n= \\sigma(x)(1+\\sigma(x))\n"


def query(home: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(home / "progress.sqlite3")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_derivation_rates_its_card(cli, isolated_home: Path) -> None:
    assert cli("derive", "act-sigmoid-derivative", "--json", input=RIGHT).exit_code == 0
    assert cli("derive", "act-sigmoid-derivative", "--json", input=WRONG).exit_code == 1
    assert query(isolated_home, "SELECT question_id, rating, source FROM review_logs ORDER BY id") == [
        ("act-sigmoid-derivative", 3, "derive"), ("act-sigmoid-derivative", 1, "derive")]
    assert query(isolated_home, "SELECT verdict, mode FROM answers ORDER BY id") == [
        ("correct", "derive"), ("incorrect", "derive")]
    assert json.loads(cli("stats", "--json").stdout)["practice"] == {"derive": 2}


def test_giving_up_a_self_check_rates_the_card_again(cli, isolated_home: Path) -> None:
    run = cli("check", "loss-mse-grad", input="")
    assert run.exit_code == 1
    assert query(isolated_home, "SELECT question_id, rating, source FROM review_logs") == [("loss-mse-grad", 1, "check")]
    figures = json.loads(cli("stats", "--json").stdout)
    assert figures["practice"] == {"check": 1} and figures["cards"]["learning"] == 1
    assert "reviews by source / 复习来源: check 1" in cli("stats").stdout


def test_giving_up_after_a_wrong_try_does_not_rate_twice(cli, isolated_home: Path) -> None:
    cli("check", "loss-mse-grad", input="y - \\hat y\n")
    assert [r for (r,) in query(isolated_home, "SELECT rating FROM review_logs")] == [1]
