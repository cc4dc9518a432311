"""Chinese for the reader's error messages, so an unreadable answer is explained in both languages.

The parser words its errors in English; each pattern here gives the Chinese sentence for
one of them. A message without a pattern is shown in English rather than guessed at.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), chinese)
    for pattern, chinese in (
        (r"^unknown symbol (?P<a>.+?); this question's symbols are: (?P<b>.*)$", r"不认识的符号 \g<a>；本题的符号有：\g<b>"),
        (r"^the answer is empty$", "答案是空的"),
        (r"^unexpected character (?P<a>.+)$", r"无法识别的字符 \g<a>"),
        (r"^unexpected (?P<a>'.+?') after (?P<b>'.+?')$", r"\g<b> 后面不应出现 \g<a>"),
        (r"^unexpected (?P<a>.+)$", r"此处不应出现 \g<a>"),
        (r"^expected (?P<a>'.+?')(?P<b>.*), found (?P<c>.+)$", r"此处应为 \g<a>，实际是 \g<c>"),
        (r"^(?P<a>.+?) needs something after it$", r"\g<a> 后面缺少内容"),
        (r"^the formula ends too early$", "公式不完整，结尾缺少内容"),
        (r"^the formula is nested too deeply.*$", "公式嵌套太深"),
        (r"^the formula is too long.*$", "公式太长"),
        (r"^brackets are nested too deeply.*$", "括号嵌套层数太多"),
        (r"^a bracket is opened but never closed$", "有括号没有闭合"),
        (r"^(?P<a>'.+?') closes a bracket that was never opened$", r"\g<a> 多余：没有与之配对的左括号"),
        (r"^a number with more than 15 digits is too large to check$", "数字超过 15 位，太大，无法检查"),
        (r"^the exponent (?P<a>\S+) is too large to check$", r"指数 \g<a> 太大，无法检查"),
        (r"^the number (?P<a>\S+) is too large to check.*$", r"数值 \g<a> 太大，无法检查"),
        (r"^a lone backslash$", "多了一个单独的反斜杠"),
        (r"^unknown LaTeX command (?P<a>\S+)$", r"不认识的 LaTeX 命令 \g<a>"),
        (r"^an ellipsis .*$", "省略号（…）无法检查，请写出每一项"),
        (r"^integrals are not part .*$", "本章公式不涉及积分"),
        (r"^a \\frac or \\sqrt is missing its argument$", r"\\frac 或 \\sqrt 缺少参数"),
        (r"^(?P<a>\\\S+) must sit on one letter$", r"\g<a> 只能作用在一个字母上"),
        (r"^the (?P<a>.+?) has nothing to add up$", r"\g<a> 后面缺少被求和的式子"),
        (r"^expected an expression, not an equation$", "这里应是表达式，而不是等式"),
        (r"^a power of ∇ .*$", "∇ 的幂（如 ∇²，即 Hessian）不在本章公式范围内"),
        (r"^(?P<a>.+?) is not a symbol name .*$", r"\g<a> 不是符号名（应形如 W^{(L)} 或 h_{t-1}）"),
    )
)


def to_chinese(message: str) -> str:
    """The Chinese for one reader error; the English itself when no pattern knows it."""
    for pattern, chinese in _PATTERNS:
        match = pattern.match(message)
        if match:
            return match.expand(chinese)
    return message
