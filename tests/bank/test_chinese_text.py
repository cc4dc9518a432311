"""Chinese text reads as Chinese: YAML's folded line breaks leave no space between CJK characters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ch3quiz.bank import Bank, load_bank
from ch3quiz.textnorm import unfold_chinese


@pytest.mark.parametrize(("folded", "unfolded"), [
    ("上溢。 用", "上溢。用"),
    ("都 $\\le0$， $e^x$ 不会上溢", "都 $\\le0$，$e^x$ 不会上溢"),
    ("（见 下文） 和", "（见下文）和"),
    ("使用 ReLU 激活", "使用 ReLU 激活"),  # a space beside Latin text stays
    ("a, b and c", "a, b and c"),
])
def test_folded_spaces_go_only_between_chinese_characters(folded: str, unfolded: str) -> None:
    assert unfold_chinese(folded) == unfolded


def test_a_folded_chinese_field_loads_without_its_line_break_spaces(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("""section: '3.1'
questions:
  - id: folded
    type: tf
    difficulty: 1
    tags: [t]
    prompt_zh: >-
      第一行的结尾。
      第二行开头
    prompt_en: >-
      The first line.
      The second line
    answer: true
    hint_zh: 想一想。
    hint_en: Think.
    explanation_zh: >-
      解释的第一句，
      接着第二句。
    explanation_en: An explanation.
""", encoding="utf-8")
    (question,) = load_bank(tmp_path).select()
    assert question.prompt_zh == "第一行的结尾。第二行开头"
    assert question.explanation_zh == "解释的第一句，接着第二句。"
    assert question.prompt_en == "The first line. The second line"  # English keeps its spaces


def test_no_chinese_text_of_the_bundled_bank_has_a_space_between_chinese_characters(bundled_bank: Bank) -> None:
    gap = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef] +[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
    found = [q.id for q in bundled_bank.select() for text in (q.prompt_zh, q.explanation_zh,
                                                               str(q.fields.get("hint_zh", "")))
             if gap.search(text)]
    assert found == []
