"""--json output carries its messages as the terminal shows them: Unicode, no raw $\\hat y$."""

from __future__ import annotations

import json
import re

LATEX = re.compile(r"\$|\\[A-Za-z]+")


def _messages(data: object) -> list[str]:
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k in ("message", "message_zh") and isinstance(v, str)]
        return found + [m for v in data.values() for m in _messages(v)]
    if isinstance(data, list):
        return [m for item in data for m in _messages(item)]
    return []


def test_check_json_message_is_unicode(cli) -> None:
    run = cli("check", "loss-mse-grad", r"y-\hat y", "--json")
    assert run.exit_code == 1
    result = json.loads(run.stdout)
    assert result["mistake"] == "sign-flip"
    assert "(ŷ-y)² with respect to ŷ is +1" in result["message"]
    assert "对 ŷ 求导时" in result["message_zh"]
    assert [m for m in _messages(result) if LATEX.search(m)] == []


def test_check_stdin_json_messages_are_unicode(cli) -> None:
    run = cli("check", "loss-mse-grad", "--stdin", "--json", input="y-\\hat y\n2(\\hat y-y)\n\\hat y - y\n")
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["incorrect", "incorrect", "correct"]
    assert "The 1/2 in front cancels the 2" in rows[1]["message"]
    assert [m for r in rows for m in _messages(r) if LATEX.search(m)] == []


def test_derive_json_messages_are_unicode(cli) -> None:
    steps = "\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2}\n= \\sigma(x)(1+\\sigma(x))\n"
    run = cli("derive", "act-sigmoid-derivative-derive", "-", "--json", input=steps)
    assert run.exit_code == 1
    result = json.loads(run.stdout)
    assert result["first_wrong"] == 2
    assert [m for m in _messages(result) if LATEX.search(m)] == []
    assert result["lines"][0]["text"] == "\\sigma'(x) = \\frac{e^{-x}}{(1+e^{-x})^2}"  # what was typed stays as typed


def test_every_mistake_message_of_the_bank_renders_without_latex(bundled_bank) -> None:
    from ch3quiz.render.latex import render_inline_math

    left = [(q.id, lang) for q in bundled_bank for m in q.fields.get("mistakes", []) or []
            for lang in ("message_en", "message_zh") if LATEX.search(render_inline_math(str(m.get(lang, ""))))]
    assert left == []


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for item in data for k in _keys(item)}
    return set()


def test_every_json_field_is_documented_in_one_place(cli) -> None:
    from datetime import date, timedelta
    from pathlib import Path

    page = (Path(__file__).parents[1] / "docs" / "json.md").read_text(encoding="utf-8")
    cli("quiz", "--type", "mc", "--count", "2", "--seed", "1", input="a\nb\n")
    exam = (date.today() + timedelta(days=10)).isoformat()
    outputs = [cli("check", "loss-mse-grad", "y", "--json"), cli("check", "--list", "--json"),
               cli("derive", "act-sigmoid-derivative-derive", "-", "--json", input="\\sigma'(x) = 1\n"),
               cli("sections", "--json"), cli("tags", "--json"), cli("plan", "--exam", exam, "--json"),
               cli("stats", "--json")]
    assert all(run.stdout.strip() for run in outputs)
    keys = set().union(*(_keys(json.loads(run.stdout)) for run in outputs))
    assert {"verdict", "first_wrong", "counts", "tag", "days_left", "overridden"} <= keys
    assert sorted(key for key in keys if f"`{key}`" not in page) == []
