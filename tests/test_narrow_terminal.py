"""A 60-column terminal shows every table whole: columns fold or shorten, none is cut off."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from ch3quiz.bank.sections import SECTIONS


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch):
    from ch3quiz.render import console

    def set_width(width: int) -> int:
        monkeypatch.setattr(console.out, "width", width)
        return width

    return set_width


def _fits(text: str, width: int) -> None:
    too_wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert too_wide == []


def test_sections_keeps_every_count_column_at_60(cli, columns, bundled_bank) -> None:
    width = columns(60)
    text = cli("sections").stdout
    _fits(text, width)
    header = next(line for line in text.splitlines() if "mc" in line)
    assert header.split()[-10:] == ["mc", "mul", "tf", "fil", "num", "sho", "for", "der", "ord", "all"]
    total = next(line for line in text.splitlines() if "total /" in line)
    assert total.split()[-1] == str(len(bundled_bank))
    for section in SECTIONS:
        row = next(line for line in text.splitlines() if line.startswith(section.id + " "))
        assert row.split()[-1] == str(len(bundled_bank.select([section.id])))


def test_list_keeps_every_id_whole_at_60(cli, columns, bundled_bank) -> None:
    width = columns(60)
    text = cli("list", "--section", "3.9").stdout
    _fits(text, width)
    assert [line.split()[0] for line in text.splitlines()[1:-1]] == [q.id for q in bundled_bank.select(["3.9"])]


def test_check_list_is_one_line_a_question_at_80_and_whole_with_v(cli, columns, bundled_bank) -> None:
    width = columns(80)
    formulas = bundled_bank.select(types=["formula", "derivation"])
    text = cli("check", "--list").stdout
    _fits(text, width)
    lines = text.splitlines()
    assert len(lines) == len(formulas) + 2  # header, one line each, the closing hint
    assert [(line.split()[0], line.split()[1]) for line in lines[1:-1]] == [(q.id, q.section) for q in formulas]
    verbose = cli("check", "--list", "-v").stdout
    _fits(verbose, width)
    assert "(a scalar) and y the label (a scalar). Write ∂J/∂ŷ." in " ".join(verbose.split())


def test_stats_keeps_every_column_at_60(cli, columns) -> None:
    cli("quiz", "--type", "mc", "--count", "3", "--seed", "2", input="a\nb\nc\n")
    width = columns(60)
    text = cli("stats").stdout
    _fits(text, width)
    header = next(line for line in text.splitlines() if "retention" in line)
    assert header.split() == ["§", "title", "score", "accuracy", "retention"]
    for section in SECTIONS:
        assert any(line.startswith(section.id + " ") for line in text.splitlines()), section.id


def test_tags_and_a_derivation_fit_at_60(cli, columns) -> None:
    width = columns(60)
    _fits(cli("tags").stdout, width)
    run = cli("derive", "act-sigmoid-derivative-derive", "-", input="\\sigma'(x) = \\sigma(x)(1+\\sigma(x))\n")
    _fits(run.stdout, width)
    assert "1 ✗ σ′(x) = σ(x)(1 + σ(x))" in run.stdout
