"""export md as a sheet to test oneself with: answers folded, collected at the end, or left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BANK = Path(__file__).parents[1] / "data" / "banks" / "valid"
IDS = ["t-mc", "t-multi", "t-tf", "t-fill", "t-numeric", "t-short"]


def _sheet(cli, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "sheet.md"
    run = cli("export", "md", "-o", str(out), "--bank", str(BANK), *args)
    assert run.exit_code == 0, run.stderr
    return out.read_text(encoding="utf-8")


def _question_part(text: str) -> str:
    return text.split("## 答案 / Answers")[0]


def test_by_default_each_answer_is_folded_under_its_question(cli, tmp_path: Path) -> None:
    text = _sheet(cli, tmp_path)
    blocks = re.findall(r"<details><summary>答案 / Answer</summary>\n\n(.*?)</details>", text, re.S)
    assert len(blocks) == len(IDS)
    assert "**答案 / Answer:** A, C" in blocks[IDS.index("t-multi")]
    assert "Stochastic gradient descent uses one sample per step." in text.split("### t-multi")[0].split("<details>")[1]
    assert text.count("**答案 / Answer:**") == len(IDS)  # nothing outside the folds


def test_answers_end_puts_an_answer_key_after_every_question(cli, tmp_path: Path) -> None:
    text = _sheet(cli, tmp_path, "--answers", "end")
    questions, key = text.split("## 答案 / Answers")
    assert "**答案 / Answer:**" not in questions and "<details>" not in text
    assert re.findall(r"^### (t-[a-z]+)$", key, re.M) == IDS
    assert "**答案 / Answer:** A, C" in key.split("### t-multi")[1].split("### t-tf")[0]


def test_answers_none_leaves_only_the_questions(cli, tmp_path: Path) -> None:
    text = _sheet(cli, tmp_path, "--answers", "none")
    assert "**答案 / Answer:**" not in text and "<details>" not in text and "## 答案" not in text
    assert re.findall(r"^### (t-[a-z]+) · ", text, re.M) == IDS


@pytest.mark.parametrize(("args", "message"), [
    (["md", "--answers", "later"], "'later' is not one of"),
    (["csv", "--answers", "end"], "--answers is for the Markdown sheet; try: ch3quiz export md --answers end"),
])
def test_answers_option_errors(cli, tmp_path: Path, args: list[str], message: str) -> None:
    run = cli("export", *args, "-o", str(tmp_path / "x"), "--bank", str(BANK))
    assert run.exit_code == 2 and message in run.stderr
    assert not (tmp_path / "x").exists()
