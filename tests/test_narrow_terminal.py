"""A 60-column terminal shows every table whole: columns fold or shorten, none is cut off."""

from __future__ import annotations

import re

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


@pytest.mark.parametrize("width", [60, 110])
def test_list_shows_no_raw_latex_at_any_width(cli, columns, width: int) -> None:
    # Seen at 60 columns: "前向传播为 $z…" and "反复应用 $\\de…", a formula cut before it was rendered.
    columns(width)
    text = cli("list").stdout
    assert [line for line in text.splitlines() if "$" in line or "\\" in line] == []


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


def test_chinese_lines_break_between_characters_not_only_at_spaces(cli, columns) -> None:
    # Seen in a quiz at 110 columns: "…σ(z)=y 处导数就是" then "0；…" alone, lines left half empty
    # because the terminal library broke lines only at spaces.
    width = columns(60)
    text = cli("show", "loss-ce-vs-mse-slowdown").stdout
    _fits(text, width)
    chinese = [line.strip("│ ") for line in text.splitlines() if "交叉熵" in line or "平方损失" in line]
    assert chinese, text
    short_then_chinese = [
        (line, after) for line, after in zip(text.splitlines(), text.splitlines()[1:])
        if line.strip("│ ") and cell_len(line.rstrip("│ ")) < width - 12 and after.strip("│ ")[:1] >= "\u4e00"
    ]
    assert short_then_chinese == []
    assert not any(line.strip("│ ").startswith(("，", "。", "；", "）")) for line in text.splitlines())


def test_text_without_chinese_wraps_as_before() -> None:
    from io import StringIO

    from rich.console import Console

    from ch3quiz.render import console  # noqa: F401  (installs the Chinese-aware line breaking)

    sink = StringIO()
    Console(file=sink, width=20, color_system=None).print("alpha beta gamma delta epsilon zeta")
    assert [line.rstrip() for line in sink.getvalue().splitlines()] == ["alpha beta gamma", "delta epsilon zeta"]


def test_line_break_units_cover_every_bank_text_and_keep_brackets_with_their_text(bundled_bank) -> None:
    # Seen in a short answer's reference at 60 columns: a line ending in "（" and the next starting "embedding，".
    from ch3quiz.render.cjkwrap import words
    from ch3quiz.render.latex import render_inline_math

    assert [unit for _, _, unit in words("向量（embedding，可用")] == ["向", "量", "（embedding，", "可", "用"]
    texts = [render_inline_math(str(q.fields.get(f"{field}_{lang}", "")))
             for q in bundled_bank for field in ("prompt", "explanation") for lang in ("zh", "en")]
    for text in texts:
        units = [unit for _, _, unit in words(text)]
        assert "".join(units) == text.rstrip() or "".join(units) == text
        assert not any(unit.endswith(("（", "“", "《")) for unit in units)  # a break may follow a unit
        assert not any(unit.lstrip().startswith(("，", "。", "）", "；")) for unit in units[1:])


def _labelled_blocks(text: str, label: re.Pattern[str]) -> list[list[str]]:
    """The panel's lines grouped by label (`A.`, `3.`): each block is a labelled line and the lines that
    continue it (up to the next label or an empty line), with the panel's borders taken off."""
    blocks: list[list[str]] = []
    for raw in text.splitlines():
        line = raw.strip("│╭╰─╮╯").rstrip()
        if label.match(line):
            blocks.append([line])
        elif blocks and blocks[-1] is not None and line.strip():
            blocks[-1].append(line)
        elif blocks and not line.strip():
            blocks.append(None)  # an empty line ends the block
    return [block for block in blocks if block]


CHOICE_LABEL = re.compile(r"^ {1,2}[A-H]\. ")
LINE_LABEL = re.compile(r"^ {1,2}\d+\. ")


@pytest.mark.parametrize("qid", ["loss-ce-properties", "act-desirable-properties"])
def test_show_keeps_a_wrapped_choice_under_its_own_text_at_60(cli, columns, bundled_bank, qid: str) -> None:
    # Seen by a student at 60 columns: "A. 二元交叉熵 … 是伯努利分布的" then "负对数似然 / The…" at the left edge.
    width = columns(60)
    text = cli("show", qid).stdout
    _fits(text, width)
    blocks = _labelled_blocks(text, CHOICE_LABEL)
    question = bundled_bank.get(qid)
    assert len(blocks) == len(question.choices)
    assert any(len(block) > 1 for block in blocks), text  # some choice does wrap at 60
    for block in blocks:
        indent = block[0].index(".") + 2
        assert all(line[:indent].strip() == "" and line[indent] != " " for line in block[1:]), block
    # The right choices follow "answer / 答案:", each letter under the first, each text under its start.
    lines = [raw.strip("│").rstrip()[1:] for raw in text.splitlines()]  # the panel's border and padding off
    start = next(i for i, line in enumerate(lines) if "answer / 答案: " in line)
    answer = lines[start:lines.index("", start)]
    label = "answer / 答案: "
    column = cell_len(label)  # the rows below the first are spaces up to their letter: cells are characters there
    rows = [answer[0][len(label):]] + [line[column:] for line in answer[1:]]
    assert all(line[:column].strip() == "" for line in answer[1:]), answer
    letters = [row[:2] for row in rows if row[:2].strip()]
    assert letters == [f"{letter.upper()}." for letter in question.answer]
    assert all(row[:3] in (f"{letter} " for letter in letters) or (row[:3] == "   " and row[3] != " ")
               for row in rows), answer


def test_every_choice_and_line_to_order_wraps_under_its_text_at_60(columns, bundled_bank, capsys) -> None:
    from ch3quiz.render.bank import question_panel

    columns(60)
    checked = 0
    for question in bundled_bank:
        if question.type not in ("mc", "multi", "reorder"):
            continue
        question_panel(question, with_answer=False)
        text = capsys.readouterr().out
        blocks = _labelled_blocks(text, LINE_LABEL if question.type == "reorder" else CHOICE_LABEL)
        assert blocks, question.id
        for block in blocks:
            indent = block[0].index(".") + 2
            assert all(line[:indent].strip() == "" for line in block[1:]), (question.id, block)
        checked += 1
    assert checked > 100
