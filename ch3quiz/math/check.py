"""Checking one answer, in layers from cheap to expensive; the verdict says which layer decided.

parse -> meaning (symbols) -> shapes -> numeric draws -> (SymPy for scalar cases that need it)
-> feedback. Bad student input never raises: it is an ``invalid`` verdict.
The judging and explaining stages load numpy (and SymPy), so they are imported where first needed:
an answer that cannot be read is answered without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from ch3quiz.math.explain.messages_zh import to_chinese
from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.forms import forbidden_form, outside_asked_form, restates_target, unfinished_derivative
from ch3quiz.math.meaning.reading import reading, shape_text, shape_text_zh
from ch3quiz.math.meaning.reindex import label_vars_of, reindexed
from ch3quiz.math.meaning.shapes import ShapeError, Typed
from ch3quiz.math.meaning.spec import Spec, spec_for
from ch3quiz.math.meaning.structure import cancel_opposites, signature
from ch3quiz.math.meaning.sums import BoundError
from ch3quiz.math.meaning.symbols import SymbolError
from ch3quiz.math.derivation.recurrence_check import is_recurrence
from ch3quiz.math.read import tree
from ch3quiz.math.read.tokens import FormulaSyntaxError
from ch3quiz.math.result import CheckResult


def _check_unrolled(qid: str, question: Any, text: str) -> CheckResult:
    from ch3quiz.math.derivation.unrolled import check_recurrence

    try:
        return check_recurrence(qid, question, text)
    except Exception as exc:  # a checker bug must not end the session: say so, decide nothing
        return CheckResult(question_id=qid, verdict="undecided", reading="", method="internal", mistake=None,
                           message=f"cannot decide: the checker failed on this answer ({type(exc).__name__}: {exc}); "
                                   "please report it",
                           message_zh=f"无法判定：检查程序处理这个答案时出错（{type(exc).__name__}: {exc}）；请报告这个问题")


def check_text(question: Any, text: str) -> CheckResult:
    """The verdict on one answer to a formula question; never raises for bad student input."""
    qid = str(getattr(question, "id", None) or question.get("id"))
    if is_recurrence(question):  # an unrolled recurrence (BPTT): its own model, derivation/unrolled.py
        return _check_unrolled(qid, question, text)
    try:
        spec = spec_for(question)
    except Exception as exc:  # a broken bank entry is not the student's fault
        return CheckResult(question_id=qid, verdict="undecided", reading="", method="spec", mistake=None,
                           message=f"this question's checker fields cannot be read: {exc}",
                           message_zh=f"本题的检查字段无法读取：{exc}")
    try:
        return _check(spec, text)
    except FormulaSyntaxError as exc:
        return _invalid(spec, exc)
    except RecursionError:
        return CheckResult(question_id=spec.qid, verdict="invalid", reading="", method="parse", mistake=None,
                           message="the formula is nested too deeply to read", message_zh="公式嵌套过深，无法读取")
    except Exception as exc:  # a checker bug must not end the session: say so, decide nothing
        name = type(exc).__name__
        return CheckResult(question_id=spec.qid, verdict="undecided", reading="", method="internal", mistake=None,
                           message=f"cannot decide: the checker failed on this answer ({name}: {exc}); please report it",
                           message_zh=f"无法判定：检查程序处理这个答案时出错（{name}: {exc}）；请报告这个问题")


def _invalid(spec: Spec, exc: FormulaSyntaxError) -> CheckResult:
    return CheckResult(question_id=spec.qid, verdict="invalid", reading="", method="parse", mistake=None,
                       message=f"cannot read the answer: {exc.message} (column {exc.pos + 1})",
                       message_zh=f"无法读取答案：{to_chinese(exc.message)}（第 {exc.pos + 1} 列）",
                       column=exc.pos + 1, caret=exc.caret)


@dataclass(frozen=True, kw_only=True)
class _Answer:
    """One answer being judged: what was built from it and, once shapes are known, its type. Its reading is
    computed here and only here, and every verdict on it is built by ``result``."""

    spec: Spec
    student: ir.Expr  # as built, before shapes resolve its products
    typed: Typed | None = None

    @cached_property
    def reading(self) -> str:
        return reading(self.typed.expr if self.typed is not None else self.student, self.spec.table)

    def result(self, *, verdict: str, method: str, message: str, message_zh: str, mistake: str | None = None,
               shape: Any = None) -> CheckResult:
        return CheckResult(question_id=self.spec.qid, verdict=verdict, reading=self.reading, method=method,
                           mistake=mistake, message=message, message_zh=message_zh, shape=shape)


def _check(spec: Spec, text: str) -> CheckResult:
    parsed = spec.parse(text)
    renamed = reindexed(parsed.sides, spec.targets, label_vars_of(set(spec.table.declared), spec.table),
                        lambda node: spec.build_node(node, text), frozenset(info.key for info in spec.table.declared.values()))
    if renamed is not None:  # H^{(l+1)} = σ(… H^{(l)} W^{(l)}): the question's H^{(k)} = σ(… H^{(k-1)} W^{(k)})
        parsed = replace(parsed, sides=renamed)
    if len(parsed.sides) > 2 and _unreadable(spec, parsed.sides[-1], text) \
            and isinstance(parsed.sides[-1], (tree.Ident, tree.Script)):
        parsed = replace(parsed, sides=parsed.sides[:-1])  # … = ŷ − y = δ₁: a name given to the result at the end
    result = _check_parsed(spec, parsed, text)
    if len(parsed.sides) > 1 and spec.targets and _unreadable(spec, parsed.sides[0], text):
        # The left side was not understood, so only the right side was judged: say so.
        left = re.split(r":=|=|\\leftarrow|\\gets|←", text, maxsplit=1)[0].strip()
        result = replace(result, message=f"{result.message} (the left side {left} was not read; only the right side was checked)",
                         message_zh=f"{result.message_zh}（未能读懂等式左边 {left}，只检查了右边）")
    return result


def _unreadable(spec: Spec, lhs_node: Any, text: str) -> bool:
    try:
        spec.build_node(lhs_node, text)
    except SymbolError:
        return True
    return False


def _check_parsed(spec: Spec, parsed: Any, text: str) -> CheckResult:
    try:
        answer = _Answer(spec=spec, student=spec.build_node(parsed.sides[-1], text))
    except BoundError as exc:  # a sum over the wrong range: wrong, and named, not unreadable
        return CheckResult(question_id=spec.qid, verdict="incorrect", reading="", method="parse", mistake="sum-bound",
                           message=f"not equivalent to the expected result: {exc.message}",
                           message_zh=f"与正确结果不等价：{exc.message_zh}", column=exc.pos + 1, caret=exc.caret)
    refused = _refused_form(answer, parsed, text)
    if refused is not None:
        return refused
    from ch3quiz.math.judge.compare import comparator_for  # numpy: only for an answer that reads

    comparator = comparator_for(spec)
    try:
        typed = spec.type_of(answer.student)
    except ShapeError as exc:
        return _shape_result(answer, comparator, exc.message, exc.message_zh)
    answer = _Answer(spec=spec, student=answer.student, typed=typed)
    want = spec.expected.shape
    if typed.shape != want:
        target = reading(spec.targets[0], spec.table) if spec.targets else "the expected result"
        return _shape_result(
            answer, comparator,
            f"your answer is {shape_text(typed.shape)} but {target} is {shape_text(want)}",
            f"你的答案是 {shape_text_zh(typed.shape)}，而 {target} 是 {shape_text_zh(want)}", shape=typed.shape)
    return _judge(answer, comparator)


def _refused_form(answer: _Answer, parsed: Any, text: str) -> CheckResult | None:
    """An answer refused for its form before any value is computed: a wrong left side, a forbidden form,
    what is asked written back."""
    spec = answer.spec
    if len(parsed.sides) > 1:
        wrong_target = _wrong_target(spec, parsed.sides[0], text)
        if wrong_target and _equal_form(spec, parsed.sides[0], text):
            wrong_target = None  # sech²(x) = 1 − tanh²(x): the left side is a form of the result, not a name
        if wrong_target:
            return answer.result(verdict="incorrect", method="parse", mistake="wrong-target",
                                 message=wrong_target[0], message_zh=wrong_target[1])
    forbidden = forbidden_form(spec, answer.student)
    unfinished = unfinished_derivative(spec, answer.student) if forbidden else None
    if unfinished is not None and unfinished is not answer.student and not restates_target(spec, answer.student) \
            and not _by_what_is_asked(spec, unfinished):
        finished = _right_but_unfinished(answer)
        if finished is not None:
            return finished
    if forbidden:
        return answer.result(verdict="incorrect", method="parse", mistake="restates-target",
                             message=forbidden[0], message_zh=forbidden[1])
    if restates_target(spec, answer.student):
        return answer.result(verdict="incorrect", method="parse", mistake="restates-target",
                             message=f"{answer.reading} restates what is asked; write it out in terms of the other symbols",
                             message_zh=f"{answer.reading} 只是重述了所求的量；请用其他符号写出来")
    return None


def _by_what_is_asked(spec: Spec, derivative: ir.Expr) -> bool:
    """∂(2J)/∂ŷ where ∂J/∂ŷ is asked: a restatement in disguise, not a step left undone."""
    by = derivative.den if isinstance(derivative, ir.Partial) else ir.Var(derivative.var)  # type: ignore[attr-defined]
    return any(isinstance(target, ir.Partial) and target.den == by for target in spec.targets)


def _right_but_unfinished(answer: _Answer) -> CheckResult | None:
    """An answer equal to the result but with a derivative left to work out (∂J/∂A⁽ᴸ⁾ ⊙ σ′(Z⁽ᴸ⁾)): said so, with
    the worked form of that derivative where the expected result shows it (∂J/∂A⁽ᴸ⁾ = A⁽ᴸ⁾ − Y)."""
    from ch3quiz.math.judge.compare import comparator_for  # numpy: only for an answer that reads

    spec = answer.spec
    comparator = comparator_for(spec)
    try:
        typed = spec.type_of(answer.student)
        left = unfinished_derivative(spec, answer.student)
        left_typed = spec.type_of(left)
    except ShapeError:
        return None
    if typed.shape != spec.expected.shape or comparator.compare(typed).status != "equal":
        return None
    shown = reading(left, spec.table)
    worked = next((part for part in ir.walk(spec.expected.expr) if _same_value(spec, comparator, left_typed, part)), None)
    if worked is not None:
        shown = f"{shown} = {reading(worked, spec.table)}"
    return answer.result(verdict="incorrect", method="numeric", mistake="unfinished",
                         message=f"right, but not finished: {shown}",
                         message_zh=f"结果正确，但还没有算完：{shown}", shape=typed.shape)


def _same_value(spec: Spec, comparator: Any, typed: Typed, part: ir.Expr) -> bool:
    if isinstance(part, (ir.Partial, ir.Deriv)) or unfinished_derivative(spec, part) is not None:
        return False
    try:
        other = spec.type_of(part)
    except ShapeError:
        return False
    return other.shape == typed.shape and comparator.pair(typed, other).status == "equal"


def _judge(answer: _Answer, comparator: Any) -> CheckResult:
    """The verdict on a typed answer of the right shape: its values on the draws, then SymPy where asked."""
    typed = answer.typed
    outcome = comparator.compare(typed)
    ambiguous = _ambiguous_star(answer, comparator, outcome)
    if ambiguous is not None:
        return ambiguous
    if outcome.status in ("equal", "undecided"):
        # x + e^{x²} − e^{x²} overflows (or loses x) where the same answer without the opposite terms does not
        cancelled = cancel_opposites(typed.expr)
        if cancelled is not None:
            again = comparator.compare(replace(typed, expr=cancelled))
            if again.status == "differ":
                return _wrong(answer, comparator, again)
            if again.status == "equal":
                outcome = again
    if outcome.status == "equal":
        from ch3quiz.math.judge.compare import long_constants, long_number_differs, magnify_tiny, split_long_constants

        longs = long_constants(typed.expr)  # 1.0000000000001 is 1 to the draws, but not in fact
        magnified = magnify_tiny(split_long_constants(typed.expr, longs))  # nor is e^{-1000} 0
        if magnified is not None:
            again = comparator.compare(replace(typed, expr=magnified[0]))
            if again.status == "differ":
                return _wrong(answer, comparator, long_number_differs(longs) if longs else again)
    if outcome.status == "undecided":
        return answer.result(verdict="undecided", method="numeric", message=f"cannot decide: {outcome.reason}",
                             message_zh=f"无法判定：{outcome.reason_zh}", shape=typed.shape)
    if outcome.status == "equal":
        return _confirm(answer)
    return _wrong(answer, comparator, outcome)


def _star_products(answer: _Answer) -> list[ir.Mul]:
    """The products written '*' read as matrix products of two square matrices of one shape, where an
    elementwise reading fits the shapes just as well."""
    found = []
    for node in ir.walk(answer.typed.expr):
        if isinstance(node, ir.Mul) and node.op == "matmul" and node.written == "*":
            try:
                left, right = answer.spec.type_of(node.a).shape, answer.spec.type_of(node.b).shape
            except (ShapeError, KeyError):
                continue
            if left == right and left[0] == left[1]:
                found.append(node)
    return found


def _ambiguous_star(answer: _Answer, comparator: Any, outcome: Any) -> CheckResult | None:
    """'*' between square matrices: when the matrix and the elementwise reading differ and only one is right,
    the answer is ambiguous (both readings shown), neither right nor wrong."""
    stars = _star_products(answer)
    if not stars:
        return None
    other = answer.typed.expr
    for node in stars:
        other = ir.rebuild(other, node, ir.Mul("hadamard", node.a, node.b, "*"))
    other_outcome = comparator.compare(replace(answer.typed, expr=other))
    if (outcome.status == "equal") == (other_outcome.status == "equal"):
        return None
    as_matrix, as_elementwise = answer.reading, reading(other, answer.spec.table)
    return answer.result(
        verdict="undecided", method="shape", mistake="ambiguous-product",
        message=f"ambiguous: '*' between square matrices can be a matrix product, {as_matrix}, or elementwise, "
                f"{as_elementwise}, and the two differ; write @ (or juxtaposition) or ⊙",
        message_zh=f"有歧义：方阵之间的 '*' 既可理解为矩阵乘法 {as_matrix}，也可理解为逐元素乘 {as_elementwise}，"
                   f"两者结果不同；请写 @（或直接并列）或 ⊙", shape=answer.typed.shape)


def _confirm(answer: _Answer) -> CheckResult:
    from ch3quiz.math.judge.symbolic import symbolic_equal, wants_symbolic

    spec, typed = answer.spec, answer.typed
    method = "numeric"
    # the expected form itself, up to order and grouping, needs no proof (and no SymPy import: ~0.7 s)
    same_form = signature(typed.expr) == signature(spec.expected.expr)
    if not same_form and wants_symbolic(spec, typed.expr, spec.expected.expr):
        proof = symbolic_equal(typed.expr, spec.expected.expr, spec)
        if proof is False:
            return answer.result(verdict="undecided", method="symbolic",
                                 message="the random checks agree but SymPy finds a difference; ask a teacher",
                                 message_zh="随机数值检验一致，但符号计算发现差异；请请教老师", shape=typed.shape)
        if proof:
            method = "symbolic"
    other_form = outside_asked_form(spec, typed.expr)
    if other_form is not None:
        return answer.result(verdict="incorrect", method=method, mistake="asked-form", message=other_form[0],
                             message_zh=other_form[1], shape=typed.shape)
    return answer.result(verdict="correct", method=method, message="correct", message_zh="正确", shape=typed.shape)


def _wrong(answer: _Answer, comparator: Any, outcome: Any = None) -> CheckResult:
    from ch3quiz.math.explain.feedback import diagnose

    shape = answer.typed.shape
    if outcome is not None and outcome.mistake:  # named by the comparison itself
        return answer.result(verdict="incorrect", method="numeric", mistake=outcome.mistake,
                             message=f"not equivalent to the expected result: {outcome.reason}",
                             message_zh=f"与正确结果不等价：{outcome.reason_zh}", shape=shape)
    found = diagnose(answer.spec, comparator, answer.student, True)
    if found:
        return answer.result(verdict="incorrect", method="numeric", mistake=found.tag,
                             message=f"not equivalent to the expected result: {found.message_en}",
                             message_zh=f"与正确结果不等价：{found.message_zh}", shape=shape)
    if outcome is not None and outcome.reason:  # undefined where the expected result is defined
        return answer.result(verdict="incorrect", method="numeric", mistake="undefined",
                             message=f"not equivalent to the expected result: {outcome.reason}",
                             message_zh=f"与正确结果不等价：{outcome.reason_zh}", shape=shape)
    return answer.result(verdict="incorrect", method="numeric",
                         message="not equivalent to the expected result (random values give different results)",
                         message_zh="与正确结果不等价（代入随机数值结果不同）", shape=shape)


def _shape_result(answer: _Answer, comparator: Any, en: str, zh: str, shape: Any = None) -> CheckResult:
    from ch3quiz.math.explain.feedback import diagnose

    found = diagnose(answer.spec, comparator, answer.student, shape is not None)
    if found:
        return answer.result(verdict="incorrect", method="shape", mistake=found.tag,
                             message=f"{en}. Likely: {found.message_en}",
                             message_zh=f"{zh}。可能的原因：{found.message_zh}", shape=shape)
    return answer.result(verdict="incorrect", method="shape", mistake="shape-error", message=en, message_zh=zh,
                         shape=shape)


def _equal_form(spec: Spec, lhs_node: Any, text: str) -> bool:
    """Whether a left side is a worked-out form (no derivative or restated name) equal to the expected result."""
    from ch3quiz.math.judge.compare import comparator_for  # numpy: only for an answer that reads

    lhs = spec.build_node(lhs_node, text)
    if isinstance(lhs, (ir.Var, ir.Partial, ir.Deriv)) or forbidden_form(spec, lhs) or restates_target(spec, lhs) \
            or any(isinstance(node, (ir.Partial, ir.Deriv)) or (isinstance(node, ir.Apply) and node.deriv)
                   for node in ir.walk(lhs)):
        return False
    try:
        typed = spec.type_of(lhs)
    except ShapeError:
        return False
    return typed.shape == spec.expected.shape and comparator_for(spec).compare(typed).status == "equal"


def _names_a_target(spec: Spec, lhs_node: Any) -> bool:
    """A bare name on the left (``c = …``, ``h = …``, no step written) names what is asked when a target has it."""
    if not isinstance(lhs_node, tree.Ident):
        return False
    names = {spec.table.get(n.key).name.lower() for t in spec.targets for n in ir.walk(t) if isinstance(n, ir.Var)}
    return lhs_node.name.lower() in names and isinstance(spec.targets[0], ir.Var)


def _wrong_target(spec: Spec, lhs_node: Any, text: str) -> tuple[str, str] | None:
    if not spec.targets:
        return None
    try:
        lhs = spec.build_node(lhs_node, text)
    except SymbolError:
        return None  # a left side we cannot read is not held against the answer
    if lhs in spec.targets or _names_a_target(spec, lhs_node):
        return None
    if isinstance(lhs, ir.Entry) and lhs.x in spec.targets:  # δ_j = … in a component form
        return None
    want = reading(spec.targets[0], spec.table)
    got = reading(lhs, spec.table)
    return (f"the left side is {got}, but the question asks for {want}", f"等式左边是 {got}，但题目求的是 {want}")
