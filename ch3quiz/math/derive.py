"""Derivations checked line by line under the same semantic model as single answers.

Each line is an equation or a chain ``a = b = c``; a line that starts with ``=``
continues the previous line's last side. A line is right when all its sides
agree numerically (with the question's ``given`` definitions, so ``∂J/∂Z`` is a
real derivative); the derivation is complete when the last side equals the
expected form. The first wrong line is named; later lines are still read.
"""

from __future__ import annotations

from typing import Any

from ch3quiz.math.result import DerivationResult, LineResult
from ch3quiz.math.shapes import ShapeError
from ch3quiz.math.spec import spec_for
from ch3quiz.math.messages_zh import to_chinese
from ch3quiz.math.tokens import FormulaSyntaxError
from ch3quiz.math.symbols import SymbolError

MAX_LINES = 60


def derive_lines(question: Any, lines: list[str]) -> DerivationResult:
    from ch3quiz.math.check import comparator_for
    from ch3quiz.math.compare import compare_pair
    from ch3quiz.math.reading import reading, shape_text, shape_text_zh

    qid = str(getattr(question, "id", None) or question.get("id"))
    try:
        spec = spec_for(question)
    except Exception as exc:  # a broken bank entry is not the student's fault
        return DerivationResult(qid, "undecided", (), None, False, f"the question's checker fields cannot be read: {exc}",
                                f"本题的检查字段无法读取：{exc}")
    if len(lines) > MAX_LINES:
        return DerivationResult(qid, "invalid", (), None, False, f"too many lines (limit {MAX_LINES})",
                                f"行数太多（上限 {MAX_LINES}）")
    spec = _with_target_defined(spec)
    comparator = comparator_for(spec)
    results: list[LineResult] = []
    previous = None  # the last side of the previous line, typed
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        continues = text.startswith("=")
        body = text[1:] if continues else text
        try:
            parsed = spec.parse(body)
            sides = [spec.type_of(spec.build_node(node, body)) for node in parsed.sides]
        except (FormulaSyntaxError, SymbolError) as exc:
            results.append(LineResult(number, text, "invalid", "", f"cannot read this line: {exc.message} (column {exc.pos + 1})",
                                      f"无法读取这一行：{to_chinese(exc.message)}（第 {exc.pos + 1} 列）"))
            previous = None
            continue
        except ShapeError as exc:
            results.append(LineResult(number, text, "wrong", "", exc.message, exc.message_zh))
            previous = None
            continue
        except RecursionError:
            results.append(LineResult(number, text, "invalid", "", "nested too deeply", "嵌套过深"))
            previous = None
            continue
        if continues:
            if previous is None:
                results.append(LineResult(number, text, "invalid", "", "a line starting with '=' needs a readable line before it",
                                          "以 = 开头的行前面需要一行可读的公式"))
                continue
            sides = [previous] + sides
        read = " = ".join(reading(s.expr, spec.table) for s in sides)
        verdict, en, zh = "ok", "", ""
        for k in range(1, len(sides)):
            outcome = compare_pair(comparator, sides[k - 1], sides[k])
            if outcome.status == "equal":
                continue
            left, right = reading(sides[k - 1].expr, spec.table), reading(sides[k].expr, spec.table)
            if outcome.status == "shape":
                verdict = "wrong"
                en = f"{left} is {shape_text(sides[k - 1].shape)} but {right} is {shape_text(sides[k].shape)}"
                zh = f"{left} 是 {shape_text_zh(sides[k - 1].shape)}，而 {right} 是 {shape_text_zh(sides[k].shape)}"
            elif outcome.status == "differ":
                verdict = "wrong"
                en, zh = f"{right} is not equal to {left}", f"{right} 不等于 {left}"
            else:
                verdict, en, zh = "undecided", f"cannot decide: {outcome.reason}", f"无法判定：{outcome.reason_zh}"
            break
        results.append(LineResult(number, text, verdict, read, en, zh))
        previous = sides[-1]
    return _summary(qid, spec, comparator, results, previous)


def _summary(qid: str, spec: Any, comparator: Any, results: list[LineResult], last: Any) -> DerivationResult:
    from ch3quiz.math.compare import compare_pair

    first_bad = next((r for r in results if r.verdict != "ok"), None)
    from ch3quiz.math.check import _forbidden

    reaches = (last is not None and _forbidden(spec, last.expr) is None and not _names_target(spec, last.expr)
               and compare_pair(comparator, last, spec.expected).status == "equal")
    if first_bad is not None:
        verdict = {"wrong": "incorrect", "invalid": "invalid", "undecided": "undecided"}[first_bad.verdict]
        return DerivationResult(qid, verdict, tuple(results), first_bad.number, reaches,
                                f"line {first_bad.number} is {first_bad.verdict}: {first_bad.message}",
                                f"第 {first_bad.number} 行有问题：{first_bad.message_zh}")
    if not reaches:
        return DerivationResult(qid, "incorrect", tuple(results), None, False,
                                "every line is right, but the last line does not reach the expected result",
                                "每一行都对，但最后一行没有得到所求的结果")
    return DerivationResult(qid, "correct", tuple(results), None, True, "every line is right and the result is reached",
                            "每一行都正确，并得到了结果")


def _names_target(spec: Any, expr: Any) -> bool:
    """Whether a final form still contains what was to be found (δ^{(L-1)} = δ^{(L-1)} proves nothing)."""
    from ch3quiz.math import ir

    targets = {t.key for t in spec.targets if isinstance(t, ir.Var)}
    return any(isinstance(node, ir.Var) and node.key in targets for node in ir.walk(expr))


def _with_target_defined(spec: Any) -> Any:
    """In a derivation the target symbol *is* the expected result (δ^{(L-1)} = ∂J/∂Z^{(L-1)} = …)."""
    import copy

    from ch3quiz.math import ir

    missing = {t.key: spec.expected.expr for t in spec.targets if isinstance(t, ir.Var) and t.key not in spec.definitions}
    if not missing:
        return spec
    cached = getattr(spec, "_derive_spec", None)
    if cached is None:
        cached = copy.copy(spec)
        cached.definitions = {**spec.definitions, **missing}
        if hasattr(cached, "_comparator"):
            del cached._comparator
        spec._derive_spec = cached
    return cached
