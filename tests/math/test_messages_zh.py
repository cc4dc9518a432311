"""An unreadable answer is explained in Chinese too, not English inside a Chinese frame."""

from __future__ import annotations

import re

import pytest

from ch3quiz.bank import load_bank
from ch3quiz.math import check_answer
from ch3quiz.math.explain.messages_zh import to_chinese
from ch3quiz.paths import bundled_bank_path

BANK = load_bank(bundled_bank_path())


@pytest.mark.parametrize(
    ("typed", "chinese"),
    [
        ("x+", "'+' 后面缺少内容"),
        ("sigma(x", "有括号没有闭合"),
        ("\\foo{x}", "不认识的 LaTeX 命令 \\foo"),
        ("((x)))", "')' 多余"),
        ("y+q", "不认识的符号 y；本题的符号有：x"),
        ("9^9^9^9", "太大，无法检查"),
        ("\\cdots", "省略号"),
    ],
)
def test_reader_errors_have_chinese(typed: str, chinese: str) -> None:
    result = check_answer(BANK.get("act-sigmoid-derivative"), typed)
    assert result.verdict == "invalid"
    assert chinese in result.message_zh
    # Apart from the quoted input, the Chinese message holds no English sentence.
    assert not re.search(r"[a-z]{4,} [a-z]{3,}", result.message_zh), result.message_zh


def test_an_unknown_message_is_left_in_english() -> None:
    assert to_chinese("something new went wrong") == "something new went wrong"


def test_each_mistake_has_one_row_and_its_hints_beside_it() -> None:
    from ch3quiz.math.explain.messages_zh import _ROWS

    heads = [wrong for wrong, _chinese, _hints in _ROWS]
    assert len(heads) == len(set(heads))


@pytest.mark.parametrize(
    ("message", "chinese"),
    [
        ("the answer is empty", "答案是空的"),
        ("the answer is empty; type a formula, e.g. x^2", "答案是空的；请输入公式，例如 x^2"),
        ("'+' needs something after it; write a or b", "'+' 后面缺少内容；请写 a 或 b"),
        ("'+' needs something after it", "'+' 后面缺少内容"),
        ("unexpected ')'; write an operand before it (a symbol)", "此处不应出现 ')'；请在它前面写一个运算对象（符号、数字或括号）"),
        ("unexpected end of input", "此处不应出现 end of input"),
    ],
)
def test_a_message_reads_the_same_with_or_without_its_hint(message: str, chinese: str) -> None:
    assert to_chinese(message) == chinese
