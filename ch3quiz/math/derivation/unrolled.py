"""A derivation judged against an unrolled recurrence (``checker: {recurrence: i}``; see ``recurrence.py``).

Every line is a chain of ``=`` (a line starting with ``=`` goes on from the previous line's last side) whose
sides must agree on every draw (gaps t − k = 1..4) and, for a line about a general step i, at every step
i = k+1..t. A line whose chain starts from what is asked (∂h_t/∂h_k) is a step (``ok``); any other true line
(∂h_i/∂h_{i-1} = diag(tanh′(a_i))W_hh) is a side fact (``side``). A wrong side is compared with the question's
catalogue, whole and, for a line about one step, with the factor inside a catalogued ∏, so a transpose, a
factor order or a product bound is named. The derivation is correct when every line holds and a step reaches
the expected form without a derivative left in it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ch3quiz.math.derivation.recurrence import DRAWS, Draw, NotInModel, Recurrence, draw, recurrence_of
from ch3quiz.math.derivation.recurrence_eval import Evaluator
from ch3quiz.math.derivation.recurrence_notes import moves, repairs
from ch3quiz.math.derivation.recurrence_terms import (
    derivative_key, free_steps, has_derivative as _has_derivative, substitute)
from ch3quiz.math.derivation.recurrence_text import line_reading
from ch3quiz.math.read import tree as T
from ch3quiz.math.read.parser import parse
from ch3quiz.math.read.tokens import FormulaSyntaxError
from ch3quiz.math.result import CheckResult, DerivationResult, LineResult

SEED = 2013  # fixed draws: one derivation always gets one verdict
MIN_STEPS = 2  # equalities on lines that work on what is asked
RTOL = 1e-9  # complex-step Jacobians are exact to rounding


def _field(question: Any, name: str) -> Any:
    return question.get(name) if isinstance(question, dict) else getattr(question, name, None) or \
        question.fields.get(name)


@dataclass(frozen=True)
class _Model:
    rec: Recurrence
    draws: tuple[Draw, ...]
    target: T.Node
    expected: T.Node
    mistakes: tuple[tuple[T.Node, dict[str, Any]], ...]

    def values(self, node: T.Node, letter: str | None = None) -> list[Any]:
        """The node's value at every draw and, for a general step (``letter``, else the question's i), at every
        step k..t of it (raises NotInModel)."""
        letter = letter or self.rec.index
        return [Evaluator(self.rec, d, {letter: i}).value(node) for d in self.draws for i in d.steps()]

    def agree(self, a: list[Any], b: list[Any]) -> bool:
        return all(np.shape(x) == np.shape(y) and np.allclose(x, y, rtol=RTOL, atol=RTOL * max(1.0, np.abs(x).max()))
                   for x, y in zip(a, b, strict=True))


def model_of(question: Any) -> _Model:
    rec = recurrence_of(question)
    rng = np.random.default_rng(SEED)
    answer = list(_field(question, "answer") or [])
    mistakes = tuple((parse(str(m["expr"])).sides[-1], m) for m in _field(question, "mistakes") or [])
    return _Model(rec=rec, draws=tuple(draw(rec, rng, n) for n in range(DRAWS)),
                  target=parse(str(_field(question, "target"))).sides[0],
                  expected=parse(str(answer[-1]).lstrip("=")).sides[-1], mistakes=mistakes)


def derive_recurrence(qid: str, question: Any, lines: list[str]) -> DerivationResult:
    model = model_of(question)
    chain = _Chain(model)
    for number, raw in enumerate(lines, start=1):
        chain.add(number, raw.strip())
    return chain.summary(qid)


def check_recurrence(qid: str, question: Any, text: str) -> CheckResult:
    """One formula for ∂h_t/∂h_k (``ch3quiz check``): judged as the last side of a one-line derivation."""
    chain = _Chain(model_of(question))
    chain.add(1, "= " + text.strip(), start=chain.model.target)
    line = chain.results[0]
    if line.verdict == "ok":
        right = chain._reaches()
        return CheckResult(question_id=qid, verdict="correct" if right else "incorrect", reading=text.strip(),
                           method="numeric", mistake=None,
                           message="correct" if right else "equal to ∂h_t/∂h_k, but not yet a form without derivatives",
                           message_zh="正确" if right else "与 ∂h_t/∂h_k 相等，但还不是不含导数的形式")
    verdict = {"wrong": "incorrect"}.get(line.verdict, line.verdict)
    unnamed = verdict == "incorrect" and line.mistake is None
    return CheckResult(question_id=qid, verdict=verdict, reading=text.strip(), method="numeric" if verdict == "incorrect"
                       else "parse", mistake=line.mistake,
                       message="not equal to ∂h_t/∂h_k (random values give different results)" if unnamed else line.message,
                       message_zh="与 ∂h_t/∂h_k 不相等（代入随机数值结果不同）" if unnamed else line.message_zh)


class _Chain:
    def __init__(self, model: _Model) -> None:
        self.model = model
        self.target_values = model.values(model.target)
        self.expected_values = model.values(model.expected)
        self.previous: T.Node | None = None  # the last side of the previous readable line
        self.previous_step = False  # whether that line worked on ∂h/∂h (so '= …' after it does too)
        self.facts: dict[Any, T.Node] = {}  # ∂h_{j+1}/∂h_j -> its derivative-free form, from true lines
        self.finals: list[T.Node] = []  # the last sides of true steps from what is asked
        self.results: list[LineResult] = []
        self.reached = False
        self.steps = 0

    def add(self, number: int, text: str, start: T.Node | None = None) -> None:
        continues = text.startswith("=")
        self.previous = start or self.previous
        try:
            sides = list(parse(text[1:] if continues else text).sides)
        except FormulaSyntaxError as exc:
            self._unread(number, text, str(exc), f"无法读取：{exc}")
            return
        if continues:
            if self.previous is None:
                self._unread(number, text, "a line starting with '=' needs a readable line before it",
                             "以 = 开头的行前面需要一行可读的公式")
                return
            sides.insert(0, self.previous)
        try:
            letters = set().union(*(free_steps(self.model.rec, side) for side in sides))
            if len(letters) > 1:
                raise NotInModel(f"a line may leave one step free, not {len(letters)} ({', '.join(sorted(letters))})",
                                 f"一行只能有一个自由的时间步，这里有 {len(letters)} 个（{'、'.join(sorted(letters))}）")
            letter = next(iter(letters), None)
            values = [self.model.values(side, letter) for side in sides]
        except NotInModel as exc:
            self._unread(number, text, str(exc), exc.message_zh, wrong=exc.wrong)
            return
        self.previous = sides[-1]
        self._judge(number, text, sides, values, continues, letter)

    def _judge(self, number: int, text: str, sides: list[T.Node], values: list[list[Any]], continues: bool,
               letter: str | None) -> None:
        asked = self.model.agree(values[0], self.target_values)
        step = asked or (self.previous_step if continues else derivative_key(self.model.rec, sides[0], state=True) is not None)
        self.previous_step = step
        bad = next((j for j in range(1, len(values)) if not self.model.agree(values[j - 1], values[j])), None)
        if bad is not None:
            self.results.append(replace(self._wrong(number, text, sides[bad], bad, values[bad - 1], letter),
                                        reading=line_reading(sides)))
            return
        if len(sides) < 2:
            self._unread(number, text, "a line of a derivation is an equation: write '=' between its sides",
                         "推导的每一行都是等式：请在两边之间写 =")
            return
        self.steps += (len(sides) - 1) if step else 0
        if asked:
            self.finals.append(sides[-1])
        key = derivative_key(self.model.rec, sides[0])
        if key is not None and not _has_derivative(sides[-1]):
            self.facts[key] = sides[-1]
        notes = [_note(sides, letter)] + [m for a, b in zip(sides, sides[1:]) for m in moves(a, b)]
        self.results.append(LineResult(number=number, text=text, verdict="ok", reading=line_reading(sides), message="",
                                       message_zh="", mark="ok" if step else "side",
                                       note="; ".join(en for en, _ in notes), note_zh="；".join(zh for _, zh in notes)))

    def _wrong(self, number: int, text: str, written: T.Node, side: int, before: list[Any],
               letter: str | None) -> LineResult:
        got = self.model.values(written, letter)
        for node, mistake in self.model.mistakes:
            for candidate in (node, node.body) if isinstance(node, T.BigOp) else (node,):
                try:
                    if self.model.agree(got, self.model.values(candidate)):
                        return LineResult(number=number, text=text, verdict="wrong", reading="", mark="wrong",
                                          mistake=str(mistake["tag"]), message=str(mistake["message_en"]),
                                          message_zh=str(mistake["message_zh"]))
                except NotInModel:
                    continue
        if self.model.agree([np.transpose(x) for x in got], before):
            return LineResult(number=number, text=text, verdict="wrong", reading="", mark="wrong", mistake="transpose",
                              message="this side is the transpose of the one before it: a transpose is missing or extra "
                                      "(in the numerator layout row p of ∂x/∂y belongs to the entry x_p)",
                              message_zh="这一边是前一边的转置：少了或多了一个转置（分子布局下 ∂x/∂y 的第 p 行对应 x_p）")
        for repair in repairs(self.model.rec, written):
            try:
                if self.model.agree(self.model.values(repair.tree, letter), before):
                    return LineResult(number=number, text=text, verdict="wrong", reading="", mark="wrong",
                                      mistake=repair.tag, message=repair.message, message_zh=repair.message_zh)
            except NotInModel:
                continue
        return LineResult(number=number, text=text, verdict="wrong", reading="", mark="wrong",
                          message=f"'=' number {side} of the line does not hold: random values give different results",
                          message_zh=f"这一行的第 {side} 个等号不成立：随机取值的结果不同")

    def _unread(self, number: int, text: str, message: str, message_zh: str, *, wrong: bool = False) -> None:
        verdict = "wrong" if wrong else "invalid"
        self.results.append(LineResult(number=number, text=text, verdict=verdict, reading="", message=message,
                                       message_zh=message_zh, mark=verdict, mistake="shape-error" if wrong else None))

    def _reaches(self) -> bool:
        """A true step from what is asked ends in the expected form, at once or once the derivatives left in it are
        replaced by the forms true lines gave them (∏ ∂h_{j+1}/∂h_j, then ∂h_{j+1}/∂h_j = diag(tanh′(a_{j+1}))W_hh)."""
        for final in self.finals:
            written = substitute(self.model.rec, final, self.facts)
            if _has_derivative(written):
                continue
            try:
                if self.model.agree(self.model.values(written), self.expected_values):
                    return True
            except NotInModel:
                continue
        return False

    def summary(self, qid: str) -> DerivationResult:
        self.reached = self._reaches()
        lines = tuple(self.results)
        bad = next((r for r in lines if r.verdict != "ok"), None)
        if bad is not None:
            return DerivationResult(question_id=qid, verdict="incorrect" if bad.verdict == "wrong" else "invalid",
                                    lines=lines, first_wrong=bad.number, reaches_target=self.reached,
                                    message=f"line {bad.number} is {bad.verdict}: {bad.message}",
                                    message_zh=f"第 {bad.number} 行有问题：{bad.message_zh}")
        if not self.reached:
            return DerivationResult(
                question_id=qid, verdict="incorrect", lines=lines, first_wrong=None, reaches_target=False,
                message="every line is right, but no step reaches ∂h_t/∂h_k as a product without derivatives in it",
                message_zh="每一行都对，但还没有推到不含导数的连乘形式")
        if self.steps < MIN_STEPS:
            return _jumped(qid, lines)
        return DerivationResult(question_id=qid, verdict="correct", lines=lines, first_wrong=None, reaches_target=True,
                                message="every line is right and the result is reached", message_zh="每一行都正确，并得到了结果")


_JUMP = ("it jumps from the question to the answer; show the steps (for example ∂h_i/∂h_{i-1}, the chain rule)",
         "它从题目直接跳到了答案；请写出步骤（例如 ∂h_i/∂h_{i-1}、链式法则）")


def _jumped(qid: str, lines: tuple[LineResult, ...]) -> DerivationResult:
    """True and complete but without steps: still correct (no correct derivation is refused), advised."""
    last = max(r.number for r in lines if r.mark == "ok")
    lines = tuple(replace(r, mark="jump", note=_JUMP[0], note_zh=_JUMP[1]) if r.number == last else r for r in lines)
    return DerivationResult(question_id=qid, verdict="correct", lines=lines, first_wrong=None, reaches_target=True,
                            message=f"every line is right and the result is reached, but {_JUMP[0]}",
                            message_zh=f"每一行都正确，也得到了结果，但{_JUMP[1]}", extra={"advice": "show-steps"})


def _note(sides: list[T.Node], letter: str | None) -> tuple[str, str]:
    """Where the line was checked: every gap, every step its free letter takes, a product's order."""
    where = f"checked for t − k = 1 … 4 and every step {letter} = k … t" if letter else "checked for t − k = 1 … 4"
    where_zh = f"在 t − k = 1 … 4 及每一步 {letter} = k … t 检验" if letter else "在 t − k = 1 … 4 时检验"
    product = next((n for side in sides for n in T.walk(side) if isinstance(n, T.BigOp)), None)
    if product is None:
        return where, where_zh
    sub = product.sub
    index = sub.a.name if isinstance(sub, T.Bin) and isinstance(sub.a, T.Ident) else "i"
    return (f"{where}, the product ordered with the largest {index} on the left",
            f"{where_zh}，连乘按 {index} 从大到小自左向右")
