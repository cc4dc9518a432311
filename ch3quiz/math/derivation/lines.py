"""One line of a derivation: read (at each layer of a general ``l``), joined to what came before, judged in
the reading that makes it true, marked, and when wrong explained as ``check`` explains a wrong answer."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ch3quiz.math.derivation.layers import in_model, instances
from ch3quiz.math.derivation.moves import describe
from ch3quiz.math.derivation.readings import vector_reading
from ch3quiz.math.derivation.steps import restatements, works_out_a_derivative
from ch3quiz.math.explain.messages_zh import to_chinese
from ch3quiz.math.meaning import graphrows, ir
from ch3quiz.math.meaning.reading import reading, shape_text, shape_text_zh
from ch3quiz.math.meaning.shapes import ShapeError
from ch3quiz.math.meaning.structure import signature
from ch3quiz.math.meaning.symbols import SymbolError
from ch3quiz.math.read.tokens import FormulaSyntaxError
from ch3quiz.math.result import LineResult


COMPONENT_NOTE = ("component form, checked index by index", "分量形式，逐个下标检查")


class Unread(NamedTuple):
    verdict: str  # invalid | wrong
    message: str
    message_zh: str


@dataclass(frozen=True, kw_only=True)
class BuiltLine:
    label: str | None  # "l = L-1" for an instance of a general layer
    built: tuple[ir.Expr, ...]


def unread_line(number: int, text: str, unread: Unread) -> LineResult:
    return LineResult(number=number, text=text, verdict=unread.verdict, reading="", message=unread.message,
                      message_zh=unread.message_zh, mark=unread.verdict)


def fact_line(number: int, text: str, label: str) -> LineResult:
    return LineResult(number=number, text=text, verdict="ok", mark="side", reading=label, message="", message_zh="",
                      note=f"specialises the general layer: {label}", note_zh=f"把一般层具体化：{label}")


def read_line(spec: Any, body: str) -> list[BuiltLine] | Unread:
    """A line's sides as built (once, or once per layer of a general ``l``), or why it cannot be read."""
    try:
        parsed = spec.parse(body)
        options = instances(spec, parsed.sides)
        if options[0].label is None:
            return [BuiltLine(label=None, built=tuple(spec.build_node(node, body) for node in parsed.sides))]
    except (FormulaSyntaxError, SymbolError) as exc:
        return _cannot_read(exc)
    except RecursionError:
        return Unread("invalid", "nested too deeply", "嵌套过深")
    built = []
    for option in options:
        try:
            sides = tuple(spec.build_node(node, body) for node in option.sides)
        except SymbolError:
            continue  # this layer of the model lacks one of the line's symbols
        if in_model(spec, list(sides)):
            built.append(BuiltLine(label=option.label, built=sides))
    if not built:
        return Unread("invalid", "this line is written for a general layer l, but no layer of this question's model "
                      "has all of its symbols", "这一行是对一般层 l 写的，但本题模型中没有哪一层具备它的全部符号")
    return built


def _cannot_read(exc: FormulaSyntaxError) -> Unread:
    return Unread("invalid", f"cannot read this line: {exc.message} (column {exc.pos + 1})",
                  f"无法读取这一行：{to_chinese(exc.message)}（第 {exc.pos + 1} 列）")


@dataclass(kw_only=True)
class Judged:
    """One instance of a line, judged: its verdict and what it adds to the derivation."""

    label: str | None
    verdict: str
    message: str = ""
    message_zh: str = ""
    shown: str = ""
    last: Any = None  # the typed last side (what the next line continues)
    link: str | None = None
    steps: int = 0
    computed: int = 0
    written: list[Any] = field(default_factory=list)
    fact: bool = False
    rewrites: bool = False  # a '= …' line whose side is a new form (not the previous one up to order and 0, 1)
    mistake: str | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)

    def line_result(self, number: int, text: str, labels: list[str]) -> LineResult:
        notes = list(self.notes)
        if labels:
            checked = ", ".join(labels)
            notes.insert(0, (f"checked for {checked}", f"对 {checked} 逐一检查"))
        mark = "side" if self.fact and self.verdict == "ok" else self.verdict
        return LineResult(number=number, text=text, verdict=self.verdict, reading=self.shown, message=self.message,
                          message_zh=self.message_zh, mark=mark, mistake=self.mistake,
                          note="; ".join(en for en, _ in notes), note_zh="；".join(zh for _, zh in notes))


@dataclass(kw_only=True)
class LineJudge:
    spec: Any
    comparator: Any

    def judge(self, line: BuiltLine, continues: bool, previous: Any, written: bool) -> Judged:
        """The line in the reading that makes it right: as written, else ∂A/∂Z as the vector σ′(Z)."""
        first = self._judge_reading(line, list(line.built), continues, previous, written)
        if first.verdict == "ok":
            return first
        other = vector_reading(self.spec, list(line.built))
        if other is None:
            return first
        second = self._judge_reading(line, other[0], continues, previous, written)
        if second.verdict == "ok":
            second.notes.insert(0, other[1])
            if second.link != "continue":  # show the line as written; the note says how ∂A/∂Z was read
                second.shown = " = ".join(reading(e, self.spec.table) for e in line.built)
            return second
        return second if first.last is None and second.last is not None else first

    def _judge_reading(self, line: BuiltLine, built: list[ir.Expr], continues: bool, previous: Any,
                       written: bool) -> Judged:
        spec = self.spec
        try:
            sides = [spec.type_of(e) for e in built]
        except ShapeError as exc:
            return self._shape_error(line, built, exc, continues, previous)
        chain, link, computed = self._joined(built, sides, continues, previous, written)
        chain = _same_indices(chain)
        component = [COMPONENT_NOTE] if any(side.free for side in chain) else []
        judged = Judged(label=line.label, verdict="ok", link=link, computed=computed, written=sides, last=chain[-1],
                        shown=" = ".join(reading(s.expr, spec.table) for s in (chain if link == "continue" else sides)))
        judged.fact = link is None and len(sides) > 1 and not self._is_step(built)
        self._compare(judged, chain, built if link is None else [None] + built, link)
        judged.notes[:0] = component
        return judged

    def _joined(self, built: list[ir.Expr], sides: list[Any], continues: bool, previous: Any,
                written: bool) -> tuple[list[Any], str | None, int]:
        """The sides to compare and how the first joins what came before: "continue" | "chain" | "start" | None."""
        if continues:
            return [previous] + sides, "continue", 0
        if len(sides) > 1 and (defines(built[0]) or _part_of(built[0], previous)):
            # a new quantity is introduced (δ⁽ᴸ⁾ = …, ∂J/∂A = …), or a part of the last result is worked out on its own
            # ((1+e^{-x})' = −e^{-x}): judged by its own sides
            return sides, None, int(works_out_a_derivative(self.spec, built[0], sides))
        if previous is None:
            return sides, None, 0  # the line before could not be read: nothing to join to (it is already named)
        return [previous] + sides, ("chain" if written else "start"), 0

    def _compare(self, judged: Judged, chain: list[Any], built: list[Any], link: str | None) -> None:
        """The first pair of neighbouring sides that do not agree decides the line; the moves of the rest."""
        for k in range(1, len(chain)):
            joins = k == 1 and link is not None
            outcome = self.comparator.pair(chain[k - 1], chain[k])
            if outcome.status == "equal":
                if not (joins and link == "start") and chain[k - 1].expr != chain[k].expr:
                    judged.steps += 1
                    judged.rewrites |= signature(chain[k - 1].expr) != signature(chain[k].expr)
                    judged.notes.extend(describe(self.spec, chain[k - 1].expr, chain[k].expr))
                continue
            judged.verdict, judged.message, judged.message_zh = _disagreement(self.spec, chain[k - 1], chain[k], outcome)
            judged.last = chain[k - 1]  # the last side that holds: later lines are judged against it, not the slip
            if outcome.status == "shape":
                judged.mistake = "shape-error"
            elif outcome.mistake:  # named by the comparison itself (a long number such as 1.0000000000001)
                judged.mistake = outcome.mistake
            elif judged.verdict == "wrong":
                self._name_mistake(judged, chain[k - 1], built[k] if built[k] is not None else chain[k].expr, True)
            if joins and judged.verdict == "wrong":
                judged.message, judged.message_zh = _link_message(
                    link, reading(chain[k - 1].expr, self.spec.table), judged.message, judged.message_zh)
            return

    def _shape_error(self, line: BuiltLine, built: list[ir.Expr], exc: ShapeError, continues: bool,
                     previous: Any) -> Judged:
        judged = Judged(label=line.label, verdict="wrong", message=exc.message, message_zh=exc.message_zh,
                        mistake="shape-error", shown=_shown(self.spec, built))
        reference = previous if (continues or not defines(built[0])) else None
        if reference is None:
            try:
                reference = self.spec.type_of(built[0])
            except ShapeError:
                return judged
        judged.last = reference  # what every side should have equalled: the next line is judged against it
        bad = next((e for e in built if not _types(self.spec, e)), None)
        if bad is not None:
            self._name_mistake(judged, reference, bad, False)
        return judged

    def _name_mistake(self, judged: Judged, reference: Any, wrong: ir.Expr, typed_ok: bool) -> None:
        """The mistake ``check`` would name, against the result (on the main chain) or the line's own left side."""
        from ch3quiz.math.explain.feedback import diagnose
        from ch3quiz.math.judge.compare import Comparator

        spec, comparator = self.spec, self.comparator
        if reference.shape != spec.expected.shape or comparator.pair(reference, spec.expected).status != "equal":
            spec = replace(spec, expected=reference, mistakes=())  # a side fact: judged against its own left side
            comparator = Comparator(spec)  # not cached: one per wrong side fact
        found = diagnose(spec, comparator, wrong, typed_ok)
        if found is not None:
            judged.mistake = found.tag
            judged.message = f"{judged.message}. Likely: {found.message_en}"
            judged.message_zh = f"{judged.message_zh}。可能的原因：{found.message_zh}"
        elif judged.mistake is None:
            judged.mistake = "shape-error" if not typed_ok else "not-equal"

    def _is_step(self, built: list[ir.Expr]) -> bool:
        """Whether an introduced line works on what is asked (δ⁽ᴸ⁻¹⁾ = …, δ⁽ᴸ⁻¹⁾_j = …) or on a derivative of the
        loss (∂J/∂A⁽ᴸ⁻¹⁾ = …, δ⁽ᴸ⁾ = ∂J/∂Z⁽ᴸ⁾ = …): a step. A definition restated, the loss written out, a
        Jacobian such as ∂A/∂Z = σ′(Z) or a component of the forward pass is a side fact."""
        left = built[0].x if isinstance(built[0], (ir.Entry, ir.T)) else built[0]
        if signature(left) in restatements(self.spec) or left in self.spec.targets:
            return True
        if graphrows.row_of_target(self.spec.conventions, left, self.spec.targets):
            return True  # h_v^k = … is row v of the asked H^(k): a step of the derivation, not a side fact
        losses = _loss_symbols(self.spec)
        return any(isinstance(node, ir.Partial) and isinstance(node.num, ir.Var) and node.num.key in losses
                   for side in built for node in ir.walk(side))


def _loss_symbols(spec: Any) -> set[str]:
    """The symbols whose derivatives are asked: J of a target ∂J/∂Z, or of a definition δ = ∂J/∂Z."""
    found = set()
    for e in list(spec.targets) + list(spec.definitions.values()):
        for node in ir.walk(e):
            if isinstance(node, ir.Partial) and isinstance(node.num, ir.Var):
                found.add(node.num.key)
    return found


def _same_indices(chain: list[Any]) -> list[Any]:
    """Component sides over one set of free indices: ∂Z_j/∂W_{jk} = A_k holds for every j and k, so A_k is
    compared as the same value for every j (a side without an index is the same for every index)."""
    if not any(side.free for side in chain):
        return chain
    ranges: dict[str, str] = {}
    for side in chain:
        for index in side.free:
            if ranges.setdefault(index, side.ranges[index]) != side.ranges[index]:
                return chain  # one letter over two ranges: the comparison says so
    free = tuple(sorted(ranges))
    if len(free) > 2:
        return chain
    dims = [ranges[i] for i in free]
    shape = (dims[0], "1") if len(dims) == 1 else (dims[0], dims[1])
    return [side if side.free == free else replace(side, free=free, shape=shape, ranges={**side.ranges, **ranges})
            for side in chain]


def _shown(spec: Any, built: list[ir.Expr]) -> str:
    try:
        return " = ".join(reading(e, spec.table) for e in built)
    except Exception:  # noqa: BLE001 - an ill-shaped line is shown as written instead
        return ""


def _types(spec: Any, e: ir.Expr) -> bool:
    try:
        spec.type_of(e)
    except ShapeError:
        return False
    return True


def defines(e: Any) -> bool:
    """Whether a left side names a quantity (a symbol, a component, a derivative, σ(x)) rather than a computation."""
    def simple(x: Any) -> bool:
        return isinstance(x, (ir.Var, ir.NodeVar, ir.Partial)) or (isinstance(x, ir.Entry) and simple(x.x))

    if simple(e) or isinstance(e, ir.Partial) or (isinstance(e, ir.T) and isinstance(e.x, (ir.Var, ir.NodeVar))):
        return True  # (H⁽ᵏ⁾)ᵀ = … names the transposed quantity (the GCN's nodes as columns)
    if isinstance(e, ir.Apply):
        return bool(e.args) and all(simple(a) for a in e.args)
    if isinstance(e, ir.Deriv):
        return simple(e.x) or defines(e.x)
    return False


def _part_of(e: Any, previous: Any) -> bool:
    """Whether a left side is a proper part of the previous line's last side, not a number: the derivative it left
    unworked (d/dx (1+e^{-x}) in −d/dx(1+e^{-x})/(1+e^{-x})²) or a part rewritten (1 + e^{-x} = 1/σ(x)). Such a line
    says nothing about the whole result, so it cannot hide a step: it is a side fact, true or wrong on its own."""
    if previous is None or isinstance(e, ir.Const) or e == previous.expr:
        return False
    return any(node == e for node in ir.walk(previous.expr))


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
