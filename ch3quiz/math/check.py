"""Checking one answer, in layers from cheap to expensive; the verdict says which layer decided.

parse -> meaning (symbols) -> shapes -> numeric draws -> (SymPy for scalar cases that need it)
-> feedback. Bad student input never raises: it is an ``invalid`` verdict.
"""

from __future__ import annotations

import re
from dataclasses import replace

from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.result import CheckResult
from ch3quiz.math.meaning.shapes import ShapeError
from ch3quiz.math.meaning.spec import Spec, spec_for
from ch3quiz.math.read.tokens import FormulaSyntaxError


def comparator_for(spec: Spec):
    from ch3quiz.math.judge.compare import Comparator

    cached = getattr(spec, "_comparator", None)
    if cached is None:
        cached = Comparator(spec)
        spec._comparator = cached  # type: ignore[attr-defined]
    return cached


def check_text(question: Any, text: str) -> CheckResult:
    qid = str(getattr(question, "id", None) or question.get("id"))
    try:
        spec = spec_for(question)
    except Exception as exc:  # a broken bank entry is not the student's fault
        return CheckResult(qid, "undecided", "", "spec", None,
                           f"this question's checker fields cannot be read: {exc}", f"本题的检查字段无法读取：{exc}")
    try:
        return _check(spec, text)
    except FormulaSyntaxError as exc:
        return _invalid(spec, exc)
    except RecursionError:
        return CheckResult(spec.qid, "invalid", "", "parse", None, "the formula is nested too deeply to read",
                           "公式嵌套过深，无法读取")
    except Exception as exc:  # a checker bug must not end the session: say so, decide nothing
        name = type(exc).__name__
        return CheckResult(spec.qid, "undecided", "", "internal", None,
                           f"cannot decide: the checker failed on this answer ({name}: {exc}); please report it",
                           f"无法判定：检查程序处理这个答案时出错（{name}: {exc}）；请报告这个问题")


def _invalid(spec: Spec, exc: FormulaSyntaxError) -> CheckResult:
    message = f"cannot read the answer: {exc.message} (column {exc.pos + 1})"
    from ch3quiz.math.explain.messages_zh import to_chinese

    message_zh = f"无法读取答案：{to_chinese(exc.message)}（第 {exc.pos + 1} 列）"
    return CheckResult(spec.qid, "invalid", "", "parse", None, message, message_zh,
                       column=exc.pos + 1, caret=exc.caret)


def _check(spec: Spec, text: str) -> CheckResult:
    parsed = spec.parse(text)
    result = _check_parsed(spec, parsed, text)
    if len(parsed.sides) > 1 and spec.targets and _unreadable(spec, parsed.sides[0], text):
        # The left side was not understood, so only the right side was judged: say so.
        left = re.split(r":=|=|\\leftarrow|\\gets|←", text, maxsplit=1)[0].strip()
        result = replace(result, message=f"{result.message} (the left side {left} was not read; only the right side was checked)",
                         message_zh=f"{result.message_zh}（未能读懂等式左边 {left}，只检查了右边）")
    return result


def _unreadable(spec: Spec, lhs_node: Any, text: str) -> bool:
    from ch3quiz.math.meaning.symbols import SymbolError

    try:
        spec.build_node(lhs_node, text)
    except SymbolError:
        return True
    return False


def _check_parsed(spec: Spec, parsed: Any, text: str) -> CheckResult:
    from ch3quiz.math.meaning.reading import reading

    student = spec.build_node(parsed.sides[-1], text)
    read = reading(student, spec.table)
    if len(parsed.sides) > 1:
        wrong_target = _wrong_target(spec, parsed.sides[0], text)
        if wrong_target:
            return CheckResult(spec.qid, "incorrect", read, "parse", "wrong-target", *wrong_target)
    forbidden = _forbidden(spec, student) or _restates(spec, student)
    if forbidden:
        return CheckResult(spec.qid, "incorrect", read, "parse", "restates-target", *forbidden)
    comparator = comparator_for(spec)
    try:
        typed = spec.type_of(student)
    except ShapeError as exc:
        return _shape_result(spec, comparator, student, read, exc.message, exc.message_zh)
    read = reading(typed.expr, spec.table)
    want = spec.expected.shape
    if typed.shape != want:
        from ch3quiz.math.meaning.reading import shape_text, shape_text_zh

        target = reading(spec.targets[0], spec.table) if spec.targets else "the expected result"
        return _shape_result(
            spec, comparator, student, read,
            f"your answer is {shape_text(typed.shape)} but {target} is {shape_text(want)}",
            f"你的答案是 {shape_text_zh(typed.shape)}，而 {target} 是 {shape_text_zh(want)}", shape=typed.shape)
    outcome = comparator.compare(typed)
    if outcome.status in ("equal", "undecided"):
        from ch3quiz.math.meaning.structure import cancel_opposites

        # x + e^{x²} − e^{x²} overflows (or loses x) where the same answer without the opposite terms does not
        cancelled = cancel_opposites(typed.expr)
        if cancelled is not None:
            again = comparator.compare(replace(typed, expr=cancelled))
            if again.status == "differ":
                return _wrong(spec, comparator, student, typed.expr, read, typed.shape, again)
            if again.status == "equal":
                outcome = again
    if outcome.status == "equal":
        from ch3quiz.math.judge.compare import magnify_tiny

        magnified = magnify_tiny(typed.expr)  # e^{-1000} is 0 in floating point, but not in fact
        if magnified is not None:
            again = comparator.compare(replace(typed, expr=magnified))
            if again.status == "differ":
                return _wrong(spec, comparator, student, typed.expr, read, typed.shape, again)
    if outcome.status == "undecided":
        return CheckResult(spec.qid, "undecided", read, "numeric", None, f"cannot decide: {outcome.reason}",
                           f"无法判定：{outcome.reason_zh}", shape=typed.shape)
    if outcome.status == "equal":
        return _confirm(spec, typed, read)
    return _wrong(spec, comparator, student, typed.expr, read, typed.shape, outcome)


def _confirm(spec: Spec, typed: Any, read: str) -> CheckResult:
    from ch3quiz.math.judge.symbolic import symbolic_equal, wants_symbolic

    method = "numeric"
    if wants_symbolic(spec, typed.expr, spec.expected.expr):
        proof = symbolic_equal(typed.expr, spec.expected.expr, spec)
        if proof is False:
            return CheckResult(spec.qid, "undecided", read, "symbolic", None,
                               "the random checks agree but SymPy finds a difference; ask a teacher",
                               "随机数值检验一致，但符号计算发现差异；请请教老师", shape=typed.shape)
        if proof:
            method = "symbolic"
    return CheckResult(spec.qid, "correct", read, method, None, "correct", "正确", shape=typed.shape)


def _wrong(spec: Spec, comparator: Any, student: ir.Expr, typed_expr: ir.Expr, read: str, shape: Any,
           outcome: Any = None) -> CheckResult:
    from ch3quiz.math.explain.feedback import diagnose

    found = diagnose(spec, comparator, student, True)
    if found:
        return CheckResult(spec.qid, "incorrect", read, "numeric", found.tag,
                           f"not equivalent to the expected result: {found.message_en}",
                           f"与正确结果不等价：{found.message_zh}", shape=shape)
    if outcome is not None and outcome.reason:  # undefined where the expected result is defined
        return CheckResult(spec.qid, "incorrect", read, "numeric", "undefined",
                           f"not equivalent to the expected result: {outcome.reason}",
                           f"与正确结果不等价：{outcome.reason_zh}", shape=shape)
    return CheckResult(spec.qid, "incorrect", read, "numeric", None,
                       "not equivalent to the expected result (random values give different results)",
                       "与正确结果不等价（代入随机数值结果不同）", shape=shape)


def _shape_result(spec: Spec, comparator: Any, student: ir.Expr, read: str, en: str, zh: str,
                  shape: Any = None) -> CheckResult:
    from ch3quiz.math.explain.feedback import diagnose

    found = diagnose(spec, comparator, student, shape is not None)
    if found:
        return CheckResult(spec.qid, "incorrect", read, "shape", found.tag, f"{en}. Likely: {found.message_en}",
                           f"{zh}。可能的原因：{found.message_zh}", shape=shape)
    return CheckResult(spec.qid, "incorrect", read, "shape", "shape-error", en, zh, shape=shape)


def _wrong_target(spec: Spec, lhs_node: Any, text: str) -> tuple[str, str] | None:
    from ch3quiz.math.meaning.reading import reading
    from ch3quiz.math.meaning.symbols import SymbolError

    if not spec.targets:
        return None
    try:
        lhs = spec.build_node(lhs_node, text)
    except SymbolError:
        return None  # a left side we cannot read is not held against the answer
    if lhs in spec.targets:
        return None
    if isinstance(lhs, ir.Entry) and lhs.x in spec.targets:  # δ_j = … in a component form
        return None
    want = reading(spec.targets[0], spec.table)
    got = reading(lhs, spec.table)
    return (f"the left side is {got}, but the question asks for {want}", f"等式左边是 {got}，但题目求的是 {want}")


def _restates(spec: Spec, student: ir.Expr) -> tuple[str, str] | None:
    """The answer is what is asked (∂J/∂b for ∂J/∂b), not a symbol the result itself uses (θ in θ − η∇J)."""
    from ch3quiz.math.meaning.reading import reading

    from ch3quiz.math.meaning.structure import signature

    used = set(ir.walk(spec.expected.expr))
    mine = signature(student)
    for target in spec.targets:
        if mine == signature(target) and target not in used:
            shown = reading(student, spec.table)
            return (f"{shown} restates what is asked; write it out in terms of the other symbols",
                    f"{shown} 只是重述了所求的量；请用其他符号写出来")
    return None


def _forbidden(spec: Spec, student: ir.Expr) -> tuple[str, str] | None:
    from ch3quiz.math.meaning.reading import reading

    for node in ir.walk(student):
        if isinstance(node, ir.Apply) and (node.fn, node.deriv) in spec.forbid:
            shown = reading(node, spec.table)
            return (f"{shown} restates what is asked; write it out in terms of the other symbols",
                    f"{shown} 只是重述了所求的量；请用其他符号写出来")
        if isinstance(node, (ir.Partial, ir.Deriv)):
            defined = isinstance(node, ir.Deriv) or any(isinstance(n, ir.Var) and n.key in spec.definitions
                                                        for n in ir.walk(node.num))
            if defined:
                shown = reading(node, spec.table)
                return (f"{shown} is a derivative still to be taken; write the result",
                        f"{shown} 是尚未求出的导数；请写出结果")
    return None
