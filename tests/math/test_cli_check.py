"""The check and derive commands: --json, --stdin, exit codes, self-check mode."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ch3quiz.cli import app

runner = CliRunner()
GOOD = "sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)"


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_correct_answer_exits_0_with_json():
    result = run("check", "bp-delta-Lminus1", GOOD, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "correct" and data["method"] == "numeric" and data["mistake"] is None


def test_incorrect_answer_exits_1():
    result = run("check", "bp-delta-Lminus1", r"W^{(L)}\delta^{(L)}", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["method"] == "shape"


def test_unreadable_answer_exits_2():
    assert run("check", "bp-delta-Lminus1", r"\sigma'(", "--json").exit_code == 2


def test_unknown_id_exits_2_with_one_line():
    result = run("check", "no-such-id", "x")
    assert result.exit_code == 2 and "no question" in result.output


def test_rich_output_shows_the_reading():
    result = run("check", "bp-delta-Lminus1", GOOD)
    assert result.exit_code == 0 and "σ′(Z⁽ᴸ⁻¹⁾)" in result.output


def test_stdin_batch_json_lines_in_order():
    lines = [GOOD, r"W^{(L)}\delta^{(L)}", "(((", r"(W^{(L)})^T\delta^{(L)}"]
    result = run("check", "bp-delta-Lminus1", "--stdin", "--json", stdin="\n".join(lines) + "\n")
    assert result.exit_code == 0
    verdicts = [json.loads(line)["verdict"] for line in result.stdout.splitlines()]
    assert verdicts == ["correct", "incorrect", "invalid", "incorrect"]


def test_list_shows_formula_questions():
    result = run("check", "--list", "--json")
    ids = {q["id"] for q in json.loads(result.stdout)}
    assert {"bp-delta-Lminus1", "gru-hidden", "bp-delta-Lminus1-derive"} <= ids


def test_self_check_hint_then_wrong_then_right(isolated_home):
    import sqlite3

    result = run("check", "loss-mse-grad", stdin="?\ny - \\hat y\n\\hat y - y\n")
    assert result.exit_code == 0, result.output
    assert "hint" in result.output
    db = sqlite3.connect(isolated_home / "progress.sqlite3")
    tries = db.execute("SELECT verdict, mode FROM answers ORDER BY id").fetchall()
    ratings = db.execute("SELECT rating, source FROM review_logs ORDER BY id").fetchall()
    db.close()
    assert tries == [("incorrect", "check"), ("correct", "check")]
    assert ratings == [(1, "quiz"), (3, "quiz")]  # every try also rates the question's card


def test_self_check_give_up_shows_expected():
    result = run("check", "loss-mse-grad", stdin="")
    assert result.exit_code == 1 and "expected" in result.output


def test_derive_from_stdin_json():
    steps = "\\sigma'(x) = \\frac{d}{dx}(1+e^{-x})^{-1}\n= \\frac{e^{-x}}{(1+e^{-x})^2}\n= \\sigma(x)(1-\\sigma(x))\n"
    result = run("derive", "act-sigmoid-derivative", "--json", stdin=steps)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "correct"


def test_derive_names_first_wrong_line(tmp_path):
    path = tmp_path / "steps.txt"
    path.write_text("\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2}\n= \\sigma(x)(1+\\sigma(x))\n", encoding="utf-8")
    result = run("derive", "act-sigmoid-derivative", str(path), "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["first_wrong"] == 2
