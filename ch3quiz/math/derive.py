"""Derivations checked line by line under one model of the question (see ``derivation/``).

A derivation is a chain of ``=``, with side facts on their own lines. A line that starts with ``=`` continues
the previous line's last side; any other line's first side must equal the previous line's last side (the
first line's: what is asked), unless its left side introduces a quantity (a symbol, a component ``δ_j``, a
partial derivative ``∂J/∂A``, ``σ(x)``): such a line is judged by its own sides, as a step when it names what
is asked and as a side fact (``·``) otherwise. A line written for a general layer ``l`` is judged at every
layer of the model where its symbols exist; ∂A/∂Z may be read as the vector σ′(Z) where that reading makes the
line true. Every line gets a mark; a wrong line names its mistake as ``check`` does. A derivation needs at
least one equality and is complete when the last side equals the expected form. One that shows fewer than
``MIN_STEPS`` equalities between different sides or no real intermediate form (``derivation/steps.py``) jumps
from the question to the answer: it is still correct (every line holds), but its last step is marked ``jump`` and
the verdict advises showing the steps.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ch3quiz.math.derivation.auxiliary import with_auxiliaries
from ch3quiz.math.derivation.lines import Judged, LineJudge, Unread, fact_line, read_line, unread_line
from ch3quiz.math.derivation.model import derivation_model
from ch3quiz.math.derivation.recurrence_check import is_recurrence
from ch3quiz.math.derivation.steps import intermediate, jump_message, vocabulary
from ch3quiz.math.derivation.layers import specialisation
from ch3quiz.math.meaning import graphrows, ir
from ch3quiz.math.meaning.forms import forbidden_form
from ch3quiz.math.meaning.reading import reading
from ch3quiz.math.result import DerivationResult, LineResult

MAX_LINES = 60
MIN_STEPS = 2  # equalities between two different sides the student wrote
_VERDICTS = {"wrong": "incorrect", "invalid": "invalid", "undecided": "undecided"}
_COMPONENT_WORDS = {("Entry",), ("SumOver",)}  # a component form (index by index, a matrix product as its sum)


def derive_lines(question: Any, lines: list[str]) -> DerivationResult:
    from ch3quiz.math.meaning.spec import spec_for

    qid = str(getattr(question, "id", None) or question.get("id"))
    if len(lines) > MAX_LINES:
        count = f"{len(lines):,}"
        return _unjudged(qid, "invalid", f"too many lines ({count}; the limit is {MAX_LINES})",
                         f"行数太多（{count} 行，上限 {MAX_LINES} 行）")
    if is_recurrence(question):  # an unrolled recurrence (BPTT) is its own model: derivation/unrolled.py
        return _derive_unrolled(qid, question, lines)
    try:
        spec = spec_for(question)
    except Exception as exc:  # a broken bank entry is not the student's fault
        return _unjudged(qid, "undecided", f"the question's checker fields cannot be read: {exc}",
                         f"本题的检查字段无法读取：{exc}")
    try:
        answer = getattr(question, "answer", None) if hasattr(question, "answer") else question.get("answer")
        return _derive(qid, spec, lines, answer)
    except Exception as exc:  # a checker bug must not end the session: say so, decide nothing
        return _failed(qid, exc)


def _derive_unrolled(qid: str, question: Any, lines: list[str]) -> DerivationResult:
    from ch3quiz.math.derivation.unrolled import derive_recurrence

    try:
        return derive_recurrence(qid, question, lines)
    except Exception as exc:  # a checker bug must not end the session: say so, decide nothing
        return _failed(qid, exc)


def _failed(qid: str, exc: Exception) -> DerivationResult:
    name = type(exc).__name__
    return _unjudged(qid, "undecided",
                     f"cannot decide: the checker failed on this derivation ({name}: {exc}); please report it",
                     f"无法判定：检查程序处理这段推导时出错（{name}: {exc}）；请报告这个问题")


def _unjudged(qid: str, verdict: str, message: str, message_zh: str) -> DerivationResult:
    """A derivation refused before any line is read."""
    return DerivationResult(question_id=qid, verdict=verdict, lines=(), first_wrong=None, reaches_target=False,
                            message=message, message_zh=message_zh)


def _derive(qid: str, spec: Any, lines: list[str], reference: Any = None) -> DerivationResult:
    from ch3quiz.math.judge.compare import comparator_for  # numpy: loaded only when a derivation is checked

    spec = with_auxiliaries(_with_target_defined(spec), lines)  # m_max = max{…}: a name the lines introduce
    chain = _Chain(judge=LineJudge(spec=spec, comparator=comparator_for(spec)), previous=_starting_point(spec))
    for number, raw in enumerate(lines, start=1):
        chain.add_line(number, raw.strip())
    finals = [chain.previous] if chain.written else []
    result = _summary(qid, spec, chain.judge.comparator, chain.results, finals + chain.results_reached, chain.steps)
    if result.verdict == "correct" and (chain.steps < MIN_STEPS or not chain.shows_a_step()):
        return _advised(result, *jump_message(spec, reference))
    return result


def _advised(result: DerivationResult, en: str, zh: str) -> DerivationResult:
    """A true derivation that goes straight to the result: not wrong (no correct derivation is refused), so it stays
    correct, but the line that jumps gets its own mark and the verdict says "show the steps" as advice."""
    jumped = max((r.number for r in result.lines if r.verdict == "ok" and r.mark != "side"), default=None)
    lines = tuple(replace(r, mark="jump", note=_joined(r.note, en), note_zh=_joined(r.note_zh, zh))
                  if r.number == jumped else r for r in result.lines)
    return replace(result, lines=lines, message=f"every line is right and the result is reached, but {en}",
                   message_zh=f"每一行都正确，也得到了结果，但{zh}", extra={**result.extra, "advice": "show-steps"})


def _joined(note: str, advice: str) -> str:
    return f"{note}; {advice}" if note else advice


class _Chain:
    """The derivation read so far: each line is joined to the one before and its sides compared in turn."""

    def __init__(self, *, judge: LineJudge, previous: Any) -> None:
        self.judge = judge
        self.start = previous  # what is asked
        self.previous = previous  # the last side of the previous line, typed (before the first line: what is asked)
        self.by_layer: dict[str, Any] = {}  # the previous line's last side per general-layer instance
        self.written = False  # whether ``previous`` was written by the student
        self.side_chain = False  # whether the chain being continued started with a side fact
        self.row_chain = False  # whether that chain is a node's row of what is asked (the GCN's h_v^k = …)
        self.broken = False  # whether a line before could not be read (later lines still join what held before it)
        self.steps = 0  # equalities the student wrote between two different sides
        self.results: list[LineResult] = []
        self.written_sides: list[Any] = []  # every side the student wrote (typed)
        self.computed_derivatives = 0  # introduced lines that work out an intermediate derivative (∂J/∂A = …)
        self.results_reached: list[Any] = []  # the last sides of steps (not side facts): lines may come in any order

    def add_line(self, number: int, text: str) -> None:
        continues = text.startswith("=")
        body = text[1:] if continues else text
        label = None if continues else specialisation(self.judge.spec, body)
        if label is not None:  # l = L-1: the general layer bound to one of the model's; the chain goes on
            self.results.append(fact_line(number, text, label))
            return
        if continues and (self.previous is None or not (self.written or self.broken)):
            self.results.append(unread_line(number, text, Unread(
                "invalid", "a line starting with '=' needs a readable line before it",
                "以 = 开头的行前面需要一行可读的公式")))
            return
        read = read_line(self.judge.spec, body)
        if isinstance(read, Unread):
            self._unjoined(number, text, read)
            return
        judged = [self._judge(instance, continues) for instance in read]
        chosen = next((j for j in judged if j.verdict != "ok"), judged[0])
        self._commit(number, text, chosen, judged)

    def _judge(self, instance: Any, continues: bool) -> Judged:
        previous = self.by_layer.get(instance.label or "", self.previous)
        judged = self.judge.judge(instance, continues, previous, self.written)
        if continues and self.broken and judged.verdict != "ok" and previous is not self.start:
            # after a line that could not be read, '= …' may go on from it: judged against what is asked
            again = self.judge.judge(instance, continues, self.start, self.written)
            if again.verdict == "ok":
                return again
        return judged

    def _commit(self, number: int, text: str, chosen: Judged, judged: list[Judged]) -> None:
        if chosen.link == "continue":  # '= …' after a side fact goes on with that side fact (L = … = −yz + …)
            chosen.fact = self.side_chain
            if (self.side_chain or self.row_chain) and chosen.verdict == "ok" and chosen.rewrites:
                chosen.computed += 1  # the loss rewritten in new terms, or the GCN's h_v^k = … worked on row by row
        else:
            self.side_chain = chosen.fact
            spec = self.judge.spec
            self.row_chain = chosen.link is None and bool(chosen.written) and graphrows.row_of_target(
                spec.conventions, chosen.written[0].expr, spec.targets)
        self.results.append(chosen.line_result(number, text, [j.label for j in judged if j.label]))
        self.steps += chosen.steps
        self.computed_derivatives += chosen.computed
        self.written_sides.extend(chosen.written)
        self.by_layer = {j.label: j.last for j in judged if j.label}
        if chosen.last is not None:
            self.previous, self.written, self.broken = chosen.last, True, False
        if chosen.verdict == "ok" and not chosen.fact:
            self.results_reached.append(chosen.last)

    def _unjoined(self, number: int, text: str, unread: Unread) -> None:
        """A line that cannot be read or typed: named, and the next line has nothing to join to."""
        self.results.append(unread_line(number, text, unread))
        self.broken, self.by_layer = True, {}  # ``previous`` stays: the next '= …' line is judged against it

    def shows_a_step(self) -> bool:
        """A real step is a form of what is asked (numerically equal to it) in words the answer does not use.
        (A restated definition such as σ(x) = 1/(1+e^{-x}) or Z = WA + b does not count; a worked-out
        intermediate derivative such as ∂J/∂A⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ does.)"""
        spec, comparator = self.judge.spec, self.judge.comparator
        return bool(self.computed_derivatives) or any(
            intermediate(spec, side.expr) and side.shape == spec.expected.shape
            and comparator.pair(side, spec.expected).status == "equal"
            for side in self.written_sides)


def _starting_point(spec: Any) -> Any:
    """What a derivation starts from: the asked quantity (the target), else the expected form."""
    from ch3quiz.math.meaning.shapes import ShapeError

    for target in spec.targets:
        if isinstance(target, ir.Var) and target.key not in spec.definitions:
            continue  # a symbol that is also a variable of the result (θ in θ − η∇J) is not what it equals
        try:
            typed = spec.type_of(target)
        except ShapeError:
            continue
        if typed.shape == spec.expected.shape:
            return typed
    return spec.expected


def _summary(qid: str, spec: Any, comparator: Any, results: list[LineResult], finals: list[Any],
             steps: int) -> DerivationResult:
    first_bad = next((r for r in results if r.verdict != "ok"), None)
    reaches = any(_is_result(spec, comparator, last) for last in finals)
    lines = tuple(results)
    if first_bad is not None:
        return DerivationResult(question_id=qid, verdict=_VERDICTS[first_bad.verdict], lines=lines,
                                first_wrong=first_bad.number, reaches_target=reaches,
                                message=f"line {first_bad.number} is {first_bad.verdict}: {first_bad.message}",
                                message_zh=f"第 {first_bad.number} 行有问题：{first_bad.message_zh}")
    if steps == 0:  # no equality at all: an answer, not a derivation
        return DerivationResult(
            question_id=qid, verdict="incorrect", lines=lines, first_wrong=None, reaches_target=reaches,
            message=f"a derivation needs steps: write at least {MIN_STEPS} equalities leading from what is asked "
            "to the result, not only the result",
            message_zh=f"推导需要步骤：请至少写出 {MIN_STEPS} 步等式，从所求的量一步步推到结果，而不是只写结果")
    if not reaches:
        want = reading(spec.expected.expr, spec.table)
        return DerivationResult(
            question_id=qid, verdict="incorrect", lines=lines, first_wrong=None, reaches_target=False,
            message=f"every line is right, but the last line does not reach the result in the form asked ({want})",
            message_zh=f"每一行都对，但最后一行还没有化成所求的形式（{want}）")
    return DerivationResult(question_id=qid, verdict="correct", lines=lines, first_wrong=None, reaches_target=True,
                            message="every line is right and the result is reached", message_zh="每一行都正确，并得到了结果")


def _is_result(spec: Any, comparator: Any, last: Any) -> bool:
    """Whether a side is the expected form, in the answer's own terms (stopping at e^{-x}/(1+e^{-x})² is not yet
    σ(x)(1−σ(x))), not what is asked written back."""
    return (forbidden_form(spec, last.expr) is None and not _names_target(spec, last.expr)
            and last.shape == spec.expected.shape and comparator.pair(last, spec.expected).status == "equal"
            and _words(spec, last.expr) - _COMPONENT_WORDS <= _asked_words(spec))  # δ_i = (∑_j W_ji δ_j)σ′(Z_i)


def _asked_words(spec: Any) -> set[Any]:
    """The words of the asked form, and the defined symbols that stand for them (ŷ for σ(z))."""
    words = _words(spec, spec.expected.expr)
    return words | {("var", key) for key, definition in spec.definitions.items()
                    if definition is not spec.expected.expr and _words(spec, definition) <= words}


def _words(spec: Any, e: Any) -> set[Any]:
    """The vocabulary with each function by what it means (σ declared logistic and sigmoid are one word)."""
    return {("fn", spec.functions.get(w[1], w[1]), w[2]) if w[0] == "fn" else w for w in vocabulary(e)}


def _names_target(spec: Any, expr: Any) -> bool:
    """Whether a final form still contains what was to be found (δ^{(L-1)} = δ^{(L-1)} proves nothing)."""
    targets = {t.key for t in spec.targets if isinstance(t, ir.Var)}
    return any(isinstance(node, ir.Var) and node.key in targets for node in ir.walk(expr))


def _with_target_defined(spec: Any) -> Any:
    """In a derivation the target *is* the expected result (δ^{(L-1)} = ∂J/∂Z^{(L-1)} = …): the model."""
    return derivation_model(spec)
