"""Every reader error names the next thing to type (issue 17), in English and in Chinese: what a student sees
after typing each kind of unreadable or impossible answer."""

from __future__ import annotations

import pytest

from ch3quiz.math import check_answer

# (what is typed, the verdict, the next step in the English message, the same step in the Chinese one)
CASES = [
    ("x+" * 301 + "x", "invalid", "check one formula at a time", "一次只检查一个公式"),
    ("x" * 2001, "invalid", "paste only the formula", "只粘贴公式本身"),
    ("(" * 45 + "x" + ")" * 45, "invalid", "remove the brackets around single terms", "去掉只包住单个项的括号"),
    ("sigma(x", "invalid", "add the closing ')'", "补上 ')'"),
    ("1234567890123456*x", "invalid", "write it with fewer digits", "写少一些位数"),
    ("x)", "invalid", "delete it or open the bracket before it", "在前面补上左括号"),
    ("x ∫", "invalid", "delete it or write it in ASCII", "改用 ASCII 写法"),
    ("\\", "invalid", "write a command after it", "在后面写命令"),
    ("\\foo x", "invalid", "write it in plain letters, or use \\frac", "请用普通字母写"),
    ("sigma(x]", "invalid", "write ')' there", "请在这里写 ')'"),
    ("", "invalid", "type a formula, e.g. sigma(x)*(1-sigma(x))", "请输入公式"),
    ("x , y", "invalid", "join it to the rest with an operator", "用运算符"),
    ("* x", "invalid", "write an operand before it", "在它前面写一个运算对象"),
    ("-" * 150 + "x", "invalid", "fewer brackets inside brackets", "减少括号套括号的层数"),
    ("x +", "invalid", "write the term that follows it", "请写出它后面的项"),
    ("x^", "invalid", "write ^2 or ^{(l)}", "请写 ^2 或 ^{(l)}"),
    ("x_", "invalid", "write _t or _{t-1}", "请写 _t 或 _{t-1}"),
    ("(x^)", "invalid", "put the script in braces: ^{…}", "放进花括号：^{…}"),
    ("\\hat{(x+y)}", "invalid", "write \\hat{y}", "请写 \\hat{y}"),
    ("\\sum_{k}", "invalid", "write the term after it, e.g. \\sum_{k} y_k", "请在后面写出求和项"),
    ("\\frac{1}", "invalid", "write \\frac{a}{b} or \\sqrt{x}", "请写 \\frac{a}{b} 或 \\sqrt{x}"),
    ("θ − η∇J|_{θ}", "invalid", "write the point of evaluation as |_{θ=θ_t}", "请把求值点写成 |_{θ=θ_t}"),
    ("θ_j − η∇J(θ)", "incorrect", "index every term (θ_j − η ∂J/∂θ_j) or none", "请给每一项都加下标"),
    ("θ_i θ_j θ_k", "incorrect", "keep at most two (_ij) and sum over the others with ∑", "其余用 ∑ 求和"),
]


@pytest.mark.parametrize(("typed", "verdict", "english", "chinese"), CASES, ids=[c[2] for c in CASES])
def test_the_message_names_the_next_step(bundled_bank, typed, verdict, english, chinese):
    result = check_answer(bundled_bank.get("gd-update"), typed)
    assert result.verdict == verdict, result.message
    assert english in result.message, result.message
    assert chinese in result.message_zh, result.message_zh
