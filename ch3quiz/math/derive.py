"""Derivations checked line by line under the same semantic model as single answers.

A derivation is a chain. Each line is an equation or a chain ``a = b = c``; a line that starts
with ``=`` continues the previous line's last side, and any other line's first side must equal
the previous line's last side (the first line's: what is asked), unless its left side introduces
a quantity (a symbol, a component ``δ_j``, a partial derivative ``∂J/∂A``, ``σ(x)``): such a line
is judged by its own sides. Sides agree numerically (with the question's ``given`` definitions,
so ``∂J/∂Z`` is a real derivative). A derivation needs at least ``MIN_STEPS`` equalities between
different sides, and is complete when the last side equals the expected form and at least one side
is a real intermediate form: neither a restatement of what is asked (the target, its defining partial,
padded with +0 or ×1) nor the final form up to order, grouping and identity elements. The first wrong
line is named; later lines are still read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ch3quiz.math.explain.messages_zh import to_chinese
from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.cache import PerObject
from ch3quiz.math.meaning.forms import forbidden_form
from ch3quiz.math.meaning.reading import reading, shape_text, shape_text_zh
from ch3quiz.math.meaning.shapes import ShapeError
from ch3quiz.math.meaning.spec import spec_for
from ch3quiz.math.meaning.structure import signature
from ch3quiz.math.meaning.symbols import SymbolError
from ch3quiz.math.read.tokens import FormulaSyntaxError
from ch3quiz.math.result import DerivationResult, LineResult

MAX_LINES = 60
MIN_STEPS = 2  # equalities between two different sides the student wrote
_TARGET_DEFINED: PerObject[Any] = PerObject(256)  # a spec with its target symbol defined, per spec


def derive_lines(question: Any, lines: list[str]) -> DerivationResult:
    qid = str(getattr(question, "id", None) or question.get("id"))
    try:
        spec = spec_for(question)
    except Exception as exc:  # a broken bank entry is not the student's fault
        return _unjudged(qid, "undecided", f"the question's checker fields cannot be read: {exc}",
                         f"本题的检查字段无法读取：{exc}")
    if len(lines) > MAX_LINES:
        return _unjudged(qid, "invalid", f"too many lines (limit {MAX_LINES})", f"行数太多（上限 {MAX_LINES}）")
    try:
        answer = getattr(question, "answer", None) if hasattr(question, "answer") else question.get("answer")
        return _derive(qid, spec, lines, answer)
    except Exception as exc:  # a checker bug must not end the session: say so, decide nothing
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

    spec = _with_target_defined(spec)
    chain = _Chain(spec=spec, comparator=comparator_for(spec), previous=_starting_point(spec))
    for number, raw in enumerate(lines, start=1):
        chain.add_line(number, raw.strip())
    result = _summary(qid, spec, chain.comparator, chain.results, chain.previous if chain.written else None,
                      chain.steps)
    if result.verdict == "correct" and not chain.shows_a_step():
        en, zh = _jump_message(spec, reference)
        return DerivationResult(question_id=qid, verdict="incorrect", lines=result.lines, first_wrong=None,
                                reaches_target=True, message=en, message_zh=zh)
    return result


@dataclass(kw_only=True)
class _Chain:
    """The derivation read so far: each line is joined to the one before and its sides compared in turn."""

    spec: Any
    comparator: Any
    previous: Any  # the last side of the previous line, typed (before the first line: what is asked)
    written: bool = False  # whether ``previous`` was written by the student
    steps: int = 0  # equalities the student wrote between two different sides
    results: list[LineResult] = field(default_factory=list)
    written_sides: list[Any] = field(default_factory=list)  # every side the student wrote (typed)
    computed_derivatives: int = 0  # introduced lines that work out an intermediate derivative (∂J/∂A = …)

    def add_line(self, number: int, text: str) -> None:
        continues = text.startswith("=")
        body = text[1:] if continues else text
        read = _read_line(self.spec, body)
        if isinstance(read, _Unread):
            self._unjoined(number, text, read)
            return
        built, sides = read
        self.written_sides.extend(sides)
        if continues and (self.previous is None or not self.written):
            self.results.append(LineResult(number=number, text=text, verdict="invalid", reading="",
                                           message="a line starting with '=' needs a readable line before it",
                                           message_zh="以 = 开头的行前面需要一行可读的公式"))
            return
        chain, link = self._joined(continues, built, sides)
        shown = " = ".join(reading(s.expr, self.spec.table) for s in (chain if link == "continue" else sides))
        verdict, en, zh = self._compare(chain, link)
        self.results.append(LineResult(number=number, text=text, verdict=verdict, reading=shown, message=en,
                                       message_zh=zh))
        self.previous, self.written = chain[-1], True

    def _unjoined(self, number: int, text: str, unread: _Unread) -> None:
        """A line that cannot be read or typed: named, and the next line has nothing to join to."""
        self.results.append(LineResult(number=number, text=text, verdict=unread.verdict, reading="",
                                       message=unread.message, message_zh=unread.message_zh))
        self.previous, self.written = None, False

    def _joined(self, continues: bool, built: list[Any], sides: list[Any]) -> tuple[list[Any], str | None]:
        """The sides to compare and how the first joins what came before: "continue" | "chain" | "start" | None."""
        if continues:
            return [self.previous] + sides, "continue"
        if len(sides) > 1 and _defines(built[0]):
            # a new quantity is introduced (δ⁽ᴸ⁾ = …, ∂J/∂A = …): judged by its own sides
            if _works_out_a_derivative(self.spec, built[0], sides):
                self.computed_derivatives += 1
            return sides, None
        if self.previous is None:
            return sides, None  # the line before could not be read: nothing to join to (it is already named)
        return [self.previous] + sides, ("chain" if self.written else "start")

    def _compare(self, chain: list[Any], link: str | None) -> tuple[str, str, str]:
        """The line's verdict and messages: the first pair of neighbouring sides that do not agree."""
        for k in range(1, len(chain)):
            joins = k == 1 and link is not None
            outcome = self.comparator.pair(chain[k - 1], chain[k])
            if outcome.status == "equal":
                if not (joins and link == "start") and chain[k - 1].expr != chain[k].expr:
                    self.steps += 1
                continue
            verdict, en, zh = _disagreement(self.spec, chain[k - 1], chain[k], outcome)
            if joins and verdict == "wrong":
                en, zh = _link_message(link, reading(chain[k - 1].expr, self.spec.table), en, zh)
            return verdict, en, zh
        return "ok", "", ""

    def shows_a_step(self) -> bool:
        """A real step is a form of what is asked (numerically equal to it) in words the answer does not use.
        (A restated definition such as σ(x) = 1/(1+e^{-x}) or Z = WA + b does not count; a worked-out
        intermediate derivative such as ∂J/∂A⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ does.)"""
        return bool(self.computed_derivatives) or any(
            _intermediate(self.spec, side.expr)
            and self.comparator.pair(side, self.spec.expected).status == "equal"
            for side in self.written_sides)


class _Unread(NamedTuple):
    verdict: str  # invalid | wrong
    message: str
    message_zh: str


def _read_line(spec: Any, body: str) -> tuple[list[Any], list[Any]] | _Unread:
    """A line's sides as built and as typed, or why it cannot be read or typed."""
    try:
        parsed = spec.parse(body)
        built = [spec.build_node(node, body) for node in parsed.sides]
        return built, [spec.type_of(e) for e in built]
    except (FormulaSyntaxError, SymbolError) as exc:
        return _Unread("invalid", f"cannot read this line: {exc.message} (column {exc.pos + 1})",
                       f"无法读取这一行：{to_chinese(exc.message)}（第 {exc.pos + 1} 列）")
    except ShapeError as exc:
        return _Unread("wrong", exc.message, exc.message_zh)
    except RecursionError:
        return _Unread("invalid", "nested too deeply", "嵌套过深")


def _disagreement(spec: Any, before: Any, after: Any, outcome: Any) -> tuple[str, str, str]:
    """Why two neighbouring sides do not agree: a shape mismatch, a difference, or no decision."""
    left, right = reading(before.expr, spec.table), reading(after.expr, spec.table)
    if outcome.status == "shape":
        return ("wrong", f"{left} is {shape_text(before.shape)} but {right} is {shape_text(after.shape)}",
                f"{left} 是 {shape_text_zh(before.shape)}，而 {right} 是 {shape_text_zh(after.shape)}")
    if outcome.status == "differ":
        en, zh = f"{right} is not equal to {left}", f"{right} 不等于 {left}"
        if outcome.reason:
            en, zh = f"{en} ({outcome.reason})", f"{zh}（{outcome.reason_zh}）"
        return "wrong", en, zh
    return "undecided", f"cannot decide: {outcome.reason}", f"无法判定：{outcome.reason_zh}"


def _link_message(link: str | None, left: str, en: str, zh: str) -> tuple[str, str]:
    """A wrong first side explained by what it had to join: the previous line, or what is asked."""
    if link == "chain":
        return (f"this line does not follow from the previous one, which ended with {left}: {en}",
                f"这一行与上一行接不上（上一行的结果是 {left}）：{zh}")
    if link == "start":
        return f"a derivation starts from what is asked, {left}: {en}", f"推导要从所求的量 {left} 出发：{zh}"
    return en, zh


def _starting_point(spec: Any) -> Any:
    """What a derivation starts from: the asked quantity (the target), else the expected form."""
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


def _defines(e: Any) -> bool:
    """Whether a left side names a quantity (a symbol, a component, a derivative, σ(x)) rather than a computation."""
    def simple(x: Any) -> bool:
        return isinstance(x, (ir.Var, ir.NodeVar)) or (isinstance(x, ir.Entry) and simple(x.x))

    if simple(e) or isinstance(e, ir.Partial):
        return True
    if isinstance(e, ir.Apply):
        return bool(e.args) and all(simple(a) for a in e.args)
    if isinstance(e, ir.Deriv):
        return simple(e.x) or _defines(e.x)
    return False


def _summary(qid: str, spec: Any, comparator: Any, results: list[LineResult], last: Any, steps: int) -> DerivationResult:
    first_bad = next((r for r in results if r.verdict != "ok"), None)
    reaches = (last is not None and forbidden_form(spec, last.expr) is None and not _names_target(spec, last.expr)
               and comparator.pair(last, spec.expected).status == "equal"
               # in the answer's own terms: stopping at e^{-x}/(1+e^{-x})² is not yet σ(x)(1−σ(x))
               and _vocabulary(last.expr) <= _vocabulary(spec.expected.expr))
    lines = tuple(results)
    if first_bad is not None:
        verdict = {"wrong": "incorrect", "invalid": "invalid", "undecided": "undecided"}[first_bad.verdict]
        return DerivationResult(question_id=qid, verdict=verdict, lines=lines, first_wrong=first_bad.number,
                                reaches_target=reaches,
                                message=f"line {first_bad.number} is {first_bad.verdict}: {first_bad.message}",
                                message_zh=f"第 {first_bad.number} 行有问题：{first_bad.message_zh}")
    if steps < MIN_STEPS:
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


# ---- whether a derivation shows any step at all ---------------------------------------------

def _restatements(spec: Any) -> set[Any]:
    """What is asked, as signatures: the targets and the definitions of a target symbol (δ = ∂J/∂Z)."""
    found = set()
    for target in spec.targets:
        found.add(signature(target))
        if isinstance(target, ir.Var):
            definition = spec.definitions.get(target.key)
            if definition is not None and definition is not spec.expected.expr:  # not the one _with_target_defined adds
                found.add(signature(definition))
    return found


def _intermediate(spec: Any, e: Any) -> bool:
    """Whether a side is a real intermediate form: no restatement of what is asked inside it, and not the
    final form up to order, grouping and identity elements."""
    asked = _restatements(spec)
    if signature(e) == signature(spec.expected.expr):
        return False
    if isinstance(e, (ir.Partial, ir.Deriv)):  # d/dx(the definition): the differentiating is still to do
        return False
    if any(signature(node) in asked for node in ir.walk(e)):
        return False
    # σ(x) − σ(x)² or (δᵀW)ᵀ is the answer rewritten, not derived: a step brings in something the answer
    # does not contain (e^{-x}, ∂J/∂A, diag(σ′), a component sum).
    return bool(_vocabulary(e) - _vocabulary(spec.expected.expr))


def _walk_nonzero(e: Any) -> Any:
    """The nodes of ``e``, skipping terms multiplied by a literal 0 (``+ 0·∂J/∂A`` adds no words)."""
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Mul) and any(isinstance(f, ir.Const) and f.value == 0 for f in (node.a, node.b)):
            continue
        yield node
        stack.extend(node.children())


def _works_out_a_derivative(spec: Any, left: Any, sides: list[Any]) -> bool:
    """An introduced line ∂J/∂A⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ computes a derivative on the way; restating a given
    (∂J/∂Z⁽ᴸ⁾ = δ⁽ᴸ⁾) or naming a single symbol does not."""
    if not isinstance(left, (ir.Partial, ir.Deriv)) or signature(sides[0].expr) in _restatements(spec):
        return False
    if any(isinstance(side.expr, ir.Var) for side in sides[1:]):
        return False
    return all(signature(side.expr) not in _given_sides(spec) for side in sides)


def _given_sides(spec: Any) -> set[Any]:
    return {signature(definition) for definition in spec.definitions.values()} | {
        signature(ir.Var(key)) for key in spec.definitions}


def _vocabulary(e: Any) -> set[tuple[Any, ...]]:
    """The symbols, functions and operators of the calculus that an expression is written in."""
    words: set[tuple[Any, ...]] = set()
    for node in _walk_nonzero(e):
        if isinstance(node, ir.Var):
            words.add(("var", node.key))
        elif isinstance(node, ir.Apply):
            words.add(("fn", node.fn, node.deriv))
        elif isinstance(node, (ir.Partial, ir.Deriv, ir.SumOver, ir.Entry)):
            words.add((type(node).__name__,))
    return words


def _jump_message(spec: Any, reference: Any) -> tuple[str, str]:
    """'Show the steps', with examples taken from the question's reference derivation."""

    examples: list[str] = []
    functions: list[str] = []
    asked = _restatements(spec)
    for line in reference if isinstance(reference, list) else ():
        try:
            parsed = spec.parse(str(line).strip().lstrip("="))
            sides = [spec.build_node(node, str(line)) for node in parsed.sides]
        except Exception:  # noqa: BLE001 - the bank validator reports reference lines that do not read
            continue
        if len(sides) > 1 and isinstance(sides[0], ir.Partial) and signature(sides[0]) not in asked:
            examples.append(reading(sides[0], spec.table))
        for side in sides:
            for node in ir.walk(side):
                if isinstance(node, ir.Apply) and node.fn == "diag" and node.args and isinstance(node.args[0], ir.Apply):
                    inner = node.args[0]
                    name = reading(ir.Apply(inner.fn, (), inner.deriv), spec.table).removesuffix("()")
                    functions.append(f"diag({name})")
    shown = list(dict.fromkeys(examples + functions))
    en = ", ".join(shown + ["the chain rule"])
    zh = "、".join(shown + ["链式法则"])
    return (f"this jumps from the question to the answer; show the steps (for example {en})",
            f"这是从题目直接跳到了答案；请写出中间步骤（例如 {zh}）")


def _names_target(spec: Any, expr: Any) -> bool:
    """Whether a final form still contains what was to be found (δ^{(L-1)} = δ^{(L-1)} proves nothing)."""
    targets = {t.key for t in spec.targets if isinstance(t, ir.Var)}
    return any(isinstance(node, ir.Var) and node.key in targets for node in ir.walk(expr))


def _with_target_defined(spec: Any) -> Any:
    """In a derivation the target symbol *is* the expected result (δ^{(L-1)} = ∂J/∂Z^{(L-1)} = …)."""
    used = {n.key for n in ir.walk(spec.expected.expr) if isinstance(n, ir.Var)}
    missing = {t.key: spec.expected.expr for t in spec.targets
               if isinstance(t, ir.Var) and t.key not in spec.definitions and t.key not in used}  # θ = θ − η∇J is no definition
    if not missing:
        return spec
    return _TARGET_DEFINED.get(spec, lambda: replace(spec, definitions={**spec.definitions, **missing}))
