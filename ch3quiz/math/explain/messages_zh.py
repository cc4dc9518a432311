"""Chinese for the reader's error messages, so an unreadable answer is explained in both languages.

The parser words its errors in English, most as "what is wrong; what to write instead". Each row
of the table gives the Chinese for one "what is wrong" and, beside it, for the hints that can
follow it; ALONE marks a row whose message also comes without a hint. A message without a row is
shown in English rather than guessed at. Rows are tried in order (a narrower row before a wider one).
"""

from __future__ import annotations

import re
from functools import cache

ALONE = None  # in a row's hints: the message may also end after "what is wrong"

# (what is wrong, its Chinese, the hints that may follow "; " with their Chinese)
_ROWS: tuple[tuple[str, str, tuple[tuple[str, str] | None, ...]], ...] = (
    (r"unknown symbol (?P<a>\S+): the question has no loss to differentiate", r"不认识的符号 \g<a>：本题没有可求导的损失函数",
     (ALONE,)),
    (r"unknown symbol (?P<a>.+?)", r"不认识的符号 \g<a>", (
        (r"did you mean (?P<c>.+?)\? this question's symbols are: (?P<b>.*)", r"是不是想写 \g<c>？本题的符号有：\g<b>"),
        (r"this question's symbols are: (?P<b>.*)", r"本题的符号有：\g<b>"))),
    (r"the answer is empty", "答案是空的", ((r"type a formula, e\.g\. (?P<a>.+)", r"请输入公式，例如 \g<a>"), ALONE)),
    (r"unexpected character (?P<a>.+?)", r"无法识别的字符 \g<a>", (
        (r"delete it or write it in ASCII (?P<b>.+)", r"请删除它，或改用 ASCII 写法 \g<b>"), ALONE)),
    (r"unexpected (?P<a>'.+?') after (?P<b>'.+?')", r"\g<b> 后面不应出现 \g<a>", (
        (r"put the script in braces: (?P<c>.+)", r"请把上下标放进花括号：\g<c>"), ALONE)),
    (r"unexpected (?P<a>'.+?')", r"此处不应出现 \g<a>", (
        (r"delete it, or join it to the rest with an operator (?P<b>.+)", r"请删除它，或用运算符 \g<b> 把它与前面连起来"),
        (r"write an operand before it .*", "请在它前面写一个运算对象（符号、数字或括号）"))),
    (r"unexpected (?P<a>.+)", r"此处不应出现 \g<a>", (ALONE,)),
    (r"expected (?P<a>'.+?')(?P<b>.*), found (?P<c>.+?)", r"此处应为 \g<a>，实际是 \g<c>", (
        (r"write '.+?' there", r"请在这里写 \g<a>"), ALONE)),
    (r"(?P<a>.+?) needs something after it", r"\g<a> 后面缺少内容", (
        (r"write the term that follows it", "请写出它后面的项"),
        (r"write (?P<b>.+?) or (?P<c>.+)", r"请写 \g<b> 或 \g<c>"),
        (r"write (?P<b>.+)", r"请写 \g<b>"), ALONE)),
    (r"the formula ends too early", "公式不完整，结尾缺少内容", ((r"finish the last term", "请把最后一项写完"), ALONE)),
    (r"the formula is nested too deeply.*?", "公式嵌套太深", ((r".*", "请减少括号套括号的层数"), ALONE)),
    (r"the formula is too long.*?", "公式太长", (
        (r"check one formula at a time.*", "请一次只检查一个公式，不要带推导过程"),
        (r"paste only the formula", "请只粘贴公式本身"), ALONE)),
    (r"brackets are nested too deeply.*?", "括号嵌套层数太多", ((r"remove .*", "请去掉只包住单个项的括号"), ALONE)),
    (r"a bracket is opened but never closed", "有括号没有闭合", ((r".*", "请在它结束的地方补上 ')'、']' 或 '}'"), ALONE)),
    (r"(?P<a>'.+?') closes a bracket that was never opened", r"\g<a> 多余：没有与之配对的左括号", (
        (r".*", "请删除它，或在前面补上左括号"), ALONE)),
    (r"a number with more than 15 digits is too large to check(; .*)?", "数字超过 15 位，太大，无法检查；请写少一些位数", (ALONE,)),
    (r"the exponent (?P<a>\S+) is too large to check", r"指数 \g<a> 太大，无法检查", (ALONE,)),
    (r"the number (?P<a>\S+) is too large to check.*", r"数值 \g<a> 太大，无法检查", (ALONE,)),
    (r"a lone backslash", "多了一个单独的反斜杠", ((r".*", r"请在后面写命令（\\frac、\\sigma），或删除它"), ALONE)),
    (r"unknown LaTeX command (?P<a>\S+)", r"不认识的 LaTeX 命令 \g<a>", (
        (r".*", r"请用普通字母写，或使用 \\frac、\\sqrt、\\sum、\\odot"), ALONE)),
    (r"an ellipsis .*", "省略号（…）无法检查，请写出每一项", (ALONE,)),
    (r"integrals are not part .*", "本章公式不涉及积分", (ALONE,)),
    (r"a \\frac or \\sqrt is missing its argument", r"\\frac 或 \\sqrt 缺少参数", (
        (r".*", r"请写 \\frac{a}{b} 或 \\sqrt{x}"), ALONE)),
    (r"(?P<a>\\\S+) must sit on one letter", r"\g<a> 只能作用在一个字母上", ((r"write (?P<b>\S+)", r"请写 \g<b>"), ALONE)),
    (r"the (?P<a>.+?) has nothing to add up", r"\g<a> 后面缺少被求和的式子", (
        (r"write the term after it, e\.g\. (?P<b>.+)", r"请在后面写出求和项，例如 \g<b>"), ALONE)),
    (r"write the point of evaluation as (?P<a>\S+): one variable, then its value", r"请把求值点写成 \g<a>：先写变量，再写它的值",
     (ALONE,)),
    (r"expected an expression, not an equation", "这里应是表达式，而不是等式", (ALONE,)),
    (r"(?P<a>\S+) is a function of (?P<b>\S+)", r"\g<a> 是 \g<b> 的函数", (
        (r"(?P<c>\S+) evaluates it somewhere else .*", r"\g<c> 是在别处取值（更新用的是当前 \g<b> 处的梯度）"),)),
    (r"a power of ∇ .*", "∇ 的幂（如 ∇²，即 Hessian）不在本章公式范围内", (ALONE,)),
    (r"(?P<a>.+?) is not a symbol name .*", r"\g<a> 不是符号名（应形如 W^{(L)} 或 h_{t-1}）", (ALONE,)),
    (r"a prime \(′\) belongs on a function, like σ′\(z\), or on a bracket in one variable",
     "撇号（′）应写在函数上（例如 σ′(z)），或写在只含一个变量的括号上", (ALONE,)),
    (r"(?P<a>'.+?') cannot be used here", r"这里不能使用 \g<a>", (ALONE,)),
    (r"a comparison (?P<a>'.+?') is read only as an indicator's condition, as in 1\(x>0\)",
     r"比较 \g<a> 只能作为指示函数的条件，如 1(x>0)", (ALONE,)),
    (r"a piecewise is read with two rows, a value for x > 0 and one for x < 0",
     "分段函数按两行读取：x > 0 时的值与 x < 0 时的值", (ALONE,)),
    (r"a piecewise is read when each row is 'value & condition', as in 1 & x>0",
     "分段函数的每一行应写成“值 & 条件”，如 1 & x>0", (ALONE,)),
    (r"a piecewise is read when its two conditions are opposite sides of one boundary \(x>0 and x<0\)",
     "分段函数的两个条件须是同一分界点的两侧（如 x>0 与 x<0）", (ALONE,)),
    (r"write what the sum runs over: .*", r"请写明求和的范围：\\sum_k（对下标求和）或 \\sum_{u\\in N(v)}（对节点求和）", (ALONE,)),
    (r"a set \{…\} can only appear in what a sum runs over", "集合 {…} 只能出现在求和范围中", (ALONE,)),
    (r"a transpose or prime needs something before it", "转置或撇号前面缺少内容", (ALONE,)),
    (r"this cannot be read as part of a formula here", "这里的内容无法作为公式的一部分来理解", (ALONE,)),
    (r"'(?P<a>.+?)' is a summation variable; it cannot stand alone here", r"'\g<a>' 是求和变量，不能单独出现在这里", (ALONE,)),
    (r"the function (?P<a>\S+) needs an argument, like (?P<b>.+)", r"函数 \g<a> 需要参数，例如 \g<b>", (ALONE,)),
    (r"∂ belongs in a derivative: write (?P<a>.+?) or (?P<b>.+)", r"∂ 只能用在导数中：请写成 \g<a> 或 \g<b>", (ALONE,)),
    (r"a subscript must follow a symbol's name", "下标必须跟在符号名后面", (ALONE,)),
    (r"the subscript (?P<a>.+?) is neither a declared label nor entry indices like _\{kj\}",
     r"下标 \g<a> 既不是已声明的标记，也不是 _{kj} 这样的分量下标", (ALONE,)),
    (r"only a function's name can be applied to an argument", "只有函数名后面才能跟参数", (ALONE,)),
    (r"differentiate with respect to one symbol", "只能对单个符号求导", (ALONE,)),
    (r"a product ∏ cannot be checked yet; write its factors out", "连乘 ∏ 暂时无法检查；请把各个因子逐一写出来", (ALONE,)),
    (r"the summation variable (?P<a>\S+) is already in use", r"求和变量 \g<a> 已经在使用中", (ALONE,)),
    (r"'(?P<a>.+?)' is an index here", r"'\g<a>' 在这里是下标", (ALONE,)),
    (r"N\(\.\.\.\) takes one graph node, like N\(v\)", "N(...) 的参数是一个图节点，例如 N(v)", (ALONE,)),
    (r"unknown function (?P<a>.+)", r"不认识的函数 \g<a>", (ALONE,)),
    (r"(?P<a>\S+)\(…\) takes one argument here", r"\g<a>(…) 在这里只需要一个参数", (ALONE,)),
    (r"(?P<a>\S+)\(…\) takes two arguments here", r"\g<a>(…) 在这里需要两个参数", (ALONE,)),
    (r"a sum over one axis of a matrix cannot be read here.*", "无法读取对矩阵某一轴的求和；请把求和写出来", (ALONE,)),
    (r"outer\(…\) of a matrix flattens it first; write the product of the two vectors instead",
     "outer(…) 会先把矩阵拉平；请改写成两个向量的乘积", (ALONE,)),
    (r"only the 2-norm is read: write norm\(p\) or ‖p‖", "只能读取 2-范数：请写成 norm(p) 或 ‖p‖", (ALONE,)),
    (r"a set written with ∀ can be read only inside mean\(…\) or sum\(…\); write the sum out, e.g. (?P<a>.+)",
     r"用 ∀ 写出的集合只能出现在 mean(…) 或 sum(…) 里；请把求和写出来，例如 \g<a>", (ALONE,)),
    (r"a sum over axis (?P<a>\S+) cannot be read here.*", r"无法读取对第 \g<a> 轴的求和；请把求和写出来", (ALONE,)),
    (r"d/dx needs something to differentiate after it", "d/dx 后面缺少要求导的式子", (ALONE,)),
    (r"∇ needs the variable: (?P<a>.+?) or (?P<b>.+)", r"∇ 需要写明变量：\g<a> 或 \g<b>", (ALONE,)),
    (r"∪ joins two sets of nodes, like (?P<a>.+)", r"∪ 连接两个节点集合，例如 \g<a>", (ALONE,)),
    (r"sum over a set of nodes, like (?P<a>.+)", r"请对节点集合求和，例如 \g<a>", (ALONE,)),
    (r"the sum over (?P<a>\S+) runs over the graph's nodes \(\S+ labels a node here\): write (?P<b>\S+) \(all (?P<n>\S+) nodes\) or (?P<c>.+)",
     r"这里 \g<a> 表示图中的节点，求和应遍历全部节点：写成 \g<b>（共 \g<n> 个节点）或 \g<c>", (ALONE,)),
    (r"only the natural log is used here; write log or ln", "这里只用自然对数；请写 log 或 ln", (ALONE,)),
    (r"write the gradient as (?P<a>.+?) or (?P<b>.+)", r"梯度请写成 \g<a> 或 \g<b>", (ALONE,)),
    (r"a set here holds graph nodes, like (?P<a>.+)", r"这里的集合只能包含图节点，例如 \g<a>", (ALONE,)),
    (r"write the derivative of (?P<a>\S+) as (?P<b>.+)", r"\g<a> 的导数请写成 \g<b>", (ALONE,)),
    # max{m ∈ ℤ : …}: the set-builder after max and min, and why it cannot be solved for m
    (r"write the set as \{m ∈ ℤ : condition\} after (?P<a>\S+)", r"\g<a> 后面的集合请写成 {m ∈ ℤ : 条件}", (ALONE,)),
    (r"say which integers (?P<a>\S+) runs over: (?P<b>.+)", r"请写明 \g<a> 取哪些整数：\g<b>", (ALONE,)),
    (r"(?P<a>\S+)\{…\} is read over the integers ℤ .*", r"\g<a>{…} 只按整数集 ℤ（\\mathbb{Z}）读取", (ALONE,)),
    (r"write ':' or '\|' between (?P<a>\S+) ∈ ℤ and its condition", r"请在 \g<a> ∈ ℤ 与条件之间写 ':' 或 '|'", (ALONE,)),
    (r"the condition of (?P<a>\S+)\{…\} is a comparison, like (?P<b>.+)", r"\g<a>{…} 的条件应是一个比较式，例如 \g<b>", (ALONE,)),
    (r"the variable (?P<a>\S+) is already in use", r"变量 \g<a> 已经在使用中", (ALONE,)),
    (r"(?P<a>.+?) is read when the condition is linear in (?P<b>\S+): it appears inside .*",
     r"\g<a> 只在条件关于 \g<b> 是线性时才能读取：\g<b> 出现在函数、幂或分母里", (ALONE,)),
    (r"(?P<a>.+?) is read when the condition is linear in (?P<b>\S+): it multiplies itself",
     r"\g<a> 只在条件关于 \g<b> 是线性时才能读取：\g<b> 与自身相乘", (ALONE,)),
    (r"(?P<a>.+?) is read when the condition is linear in (?P<b>\S+): .*", r"\g<a> 只在条件关于 \g<b> 是线性时才能读取", (ALONE,)),
    (r"the condition does not depend on (?P<a>\S+)", r"条件与 \g<a> 无关", (ALONE,)),
    (r"cannot tell the sign of (?P<a>\S+)'s coefficient here.*", r"无法确定 \g<a> 的系数的正负，因而不知道集合向哪一侧有界", (ALONE,)),
    (r"this set has no largest element.*", "这个集合没有最大元素：它向下无限延伸", (ALONE,)),
    (r"this set has no smallest element.*", "这个集合没有最小元素：它向上无限延伸", (ALONE,)),
    (r"this set has no (?P<a>\S+) element.*", "这个集合没有这样的元素：它无限延伸", (ALONE,)),
)


def _compile(rows) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each row's hinted forms, then its bare one, as (whole-message pattern, Chinese template)."""
    compiled: list[tuple[re.Pattern[str], str]] = []
    for wrong, chinese, hints in rows:
        for hint in hints:
            if hint is ALONE:
                compiled.append((re.compile(f"^{wrong}$"), chinese))
            else:
                compiled.append((re.compile(f"^{wrong}; {hint[0]}$"), f"{chinese}；{hint[1]}"))
    return tuple(compiled)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The table compiled on first use: a hundred patterns that only an unreadable answer needs."""
    return _compile(_ROWS)


def to_chinese(message: str) -> str:
    """The Chinese for one reader error; the English itself when no pattern knows it."""
    for pattern, chinese in _patterns():
        match = pattern.match(message)
        if match:
            return match.expand(chinese)
    return message
