"""Equivalence by meaning: compare an expression with the expected one over random draws."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow

import numpy as np

from ch3quiz.math.meaning import ir
from ch3quiz.math.judge.draws import SCALES, Draw, DrawFailed, Undecidable
from ch3quiz.math.judge.numeric import evaluate, judge
from ch3quiz.math.meaning.shapes import ShapeError, Typed
from ch3quiz.math.meaning.cache import PerObject
from ch3quiz.math.meaning.spec import Spec

INTEGER_DRAWS = 16
_COMPARATORS: PerObject[Comparator] = PerObject(256)  # a spec's expected values on its draws, built once


@dataclass(kw_only=True)
class Outcome:
    status: str  # equal | differ | shape | undecided
    reason: str = ""
    reason_zh: str = ""
    approximate: bool = False
    mistake: str | None = None  # a difference the comparison itself can name (``long-number``)
    offset: float | None = None  # answer - expected when that is one constant
    ratio: float | None = None  # answer / expected when that is one constant


@dataclass
class Comparator:
    """The expected values of one question on fixed draws; compares any typed expression to them."""

    spec: Spec
    draws: list[Draw] = field(default_factory=list)
    expected: list[tuple[np.ndarray, bool] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        spec = self.spec
        integer = any(info.kind == "integer" for info in spec.table)
        count = max(spec.draws, INTEGER_DRAWS if integer else 0)
        question = {"table": spec.table, "functions": spec.functions, "definitions": spec.definitions,
                    "conventions": spec.conventions}
        for seed in range(count):
            self._add(Draw(seed=1000 + seed, **question))
        graph = bool(spec.conventions.get("graph_size")) or any(
            info.node or info.kind.startswith(("adjacency", "degree")) for info in spec.table)
        real = any(info.kind == "real" and info.lo is None and info.hi is None and info.key not in spec.definitions
                   for info in spec.table)
        if real:  # scale draws: large (and small) magnitudes, each with its mirror image
            for number, scale in enumerate(SCALES):
                for mirror in (False, True):
                    self._add(Draw(seed=2000 + number, **question, scale=scale, mirror=mirror,
                                   hub=graph and scale == SCALES[-1] and not mirror))
        elif graph:  # a graph with a high-degree hub
            self._add(Draw(seed=2000 + len(SCALES) - 1, **question, hub=True))

    def _add(self, draw: Draw) -> None:
        self.draws.append(draw)
        self.expected.append(self._value(self.spec.expected, draw))

    def _value(self, typed: Typed, draw: Draw) -> tuple[np.ndarray, bool] | None:
        try:
            return evaluate(typed.expr, typed.free, typed.ranges, draw, self.spec.nodes)
        except (DrawFailed, Undecidable):  # the expected form has no value here: this draw decides nothing
            return None

    def compare(self, typed: Typed) -> Outcome:
        if typed.shape != self.spec.expected.shape:
            return Outcome(status="shape")
        agreed, weak, approximate = 0, 0, False
        for draw, want in zip(self.draws, self.expected):
            if want is None:
                continue
            try:
                got = evaluate(typed.expr, typed.free, typed.ranges, draw, self.spec.nodes)
            except Undecidable as exc:
                return Outcome(status="undecided", reason=str(exc), reason_zh=f"无法数值计算：{exc}")
            except DrawFailed as exc:
                if draw.scaled:  # overflow or saturation at a large magnitude: no evidence either way
                    continue
                return _fails_alone(exc, "your answer", "你的答案", "the expected result", "正确结果")
            approx = got[1] or want[1]
            verdict = judge(got[0], want[0], approx, max(got[2], want[2]), draw.scaled)
            if verdict == "differ":
                return Outcome(status="differ", offset=_constant(got[0] - want[0]), ratio=_ratio(got[0], want[0]))
            if verdict == "equal":
                agreed += 1
                approximate |= approx
            elif not draw.scaled:
                weak += 1
        if agreed < 2 and weak:
            return Outcome(status="undecided",
                           reason="the answer's intermediate values are too large next to its result to compare "
                           "reliably (huge terms that cancel?)",
                           reason_zh="答案中间量的数值远大于结果，无法可靠比较（是否有相互抵消的巨大项？）")
        if agreed < 2:
            return Outcome(status="undecided",
                           reason="too few random draws could be evaluated (values outside a function's domain)",
                           reason_zh="能计算的随机样本太少（取值超出了函数定义域）")
        return Outcome(status="equal", approximate=approximate)

    def pair(self, a: Typed, b: Typed) -> Outcome:
        """Whether two typed expressions agree on these draws (see ``compare_pair``)."""
        return compare_pair(self, a, b)

    def compare_expr(self, e: ir.Expr) -> Outcome:
        try:
            typed = self.spec.type_of(e)
        except ShapeError:
            return Outcome(status="shape")
        return self.compare(typed)


def comparator_for(spec: Spec) -> Comparator:
    """The comparator of a spec, built once per spec (its draws and expected values are the slow part)."""
    return _COMPARATORS.get(spec, lambda: Comparator(spec))


# ---- constants too small for floating point -------------------------------------------

TINY = 1e-6  # a nonzero constant below this is magnified before it is believed to vanish
NAMED_CONSTANTS = frozenset({math.e, math.pi})  # e and π are exact as named, not long numbers written out
_CONSTANT_NODES = (ir.Const, ir.Neg, ir.Add, ir.Mul, ir.Div, ir.Pow, ir.Apply)


def magnify_tiny(*exprs: ir.Expr) -> tuple[ir.Expr, ...] | None:
    """``exprs`` with every tiny nonzero constant (``e^{-1000}``, ``10^{-20}``) scaled up by one common factor
    so the largest is 1e-3; None when there is none.

    In floating point e^{-1000} is 0 and 1 + 10^{-20} is 1, so an answer with such a term would agree with the
    expected one on every draw. Scaled up, a term that changes the answer shows, while tiny constants that
    cancel (10^{-20} − 10^{-20}, or the same term on both sides of a derivation's step) still cancel: the check
    is to first order in the tiny constants."""
    found = [(number, node, value) for number, e in enumerate(exprs) for node, value in _tiny_constants(e)]
    if not found:
        return None
    factor = Decimal("1e-3") / max(abs(value) for _, _, value in found)
    magnified = list(exprs)
    for number, node, value in found:
        magnified[number] = ir.rebuild(magnified[number], node, ir.Const(float(value * factor)))
    return tuple(magnified)


def _tiny_constants(e: ir.Expr) -> list[tuple[ir.Expr, Decimal]]:
    """The largest constant subexpressions of ``e`` whose value is tiny and nonzero."""
    constant: dict[int, bool] = {}  # by identity, children before parents: one pass, however deep
    for node in reversed(list(ir.walk(e))):
        constant[id(node)] = _constant_kind(node) and all(constant[id(k)] for k in node.children())
    found: list[tuple[ir.Expr, Decimal]] = []
    stack = [e]
    while stack:
        node = stack.pop()
        if constant[id(node)]:
            value = _exact(node)
            if value is not None and value != 0 and abs(value) < TINY:
                found.append((node, value))
                continue
        stack.extend(node.children())
    return found


def beyond_rounding(comparator: Comparator, a: Typed, b: Typed) -> Outcome | None:
    """For two sides the draws found equal: whether a tiny constant or a long number (``1.0000000000001``)
    that floating point cannot see still makes them differ; the differing outcome, or None."""
    longs = [long_constants(side.expr) for side in (a, b)]
    magnified = magnify_tiny(*(split_long_constants(side.expr, found) for side, found in zip((a, b), longs)))
    if magnified is None:
        return None
    again = compare_pair(comparator, replace(a, expr=magnified[0]), replace(b, expr=magnified[1]), exact=False)
    if again.status != "differ":
        return None
    return long_number_differs(longs[0] + longs[1]) if longs[0] or longs[1] else again


def long_number_differs(longs: list[tuple[ir.Const, Decimal]]) -> Outcome:
    """The difference a long number makes, named: ``1.0000000000001`` is not 1."""
    node, near = longs[0]
    written, short = repr(node.value), f"{float(near):g}"
    rest = f"{float(_exact(node) - near):.1e}"  # type: ignore[operator]
    return Outcome(status="differ", mistake="long-number",
                   reason=f"the number {written} is not {short}: it differs by {rest}, and that changes the result",
                   reason_zh=f"数 {written} 不等于 {short}：相差 {rest}，这改变了结果")


def long_constants(e: ir.Expr) -> list[tuple[ir.Const, Decimal]]:
    """The numbers written with more digits than a comparison can see (``1.0000000000001``, ``0.50000000000002``),
    each with its short neighbour (to eight significant digits) when they differ by less than ``TINY``."""
    found = []
    for node in ir.walk(e):
        if isinstance(node, ir.Const) and node.value not in NAMED_CONSTANTS:
            value = _exact(node)
            near = _short(value) if value is not None and value != 0 else None
            if near is not None and near != value and abs(value - near) < TINY:
                found.append((node, near))
    return found


def split_long_constants(e: ir.Expr, found: list[tuple[ir.Const, Decimal]]) -> ir.Expr:
    """``e`` with each long number written as its short neighbour plus the tiny rest, for ``magnify_tiny``."""
    for node, near in found:
        rest = _exact(node) - near  # type: ignore[operator]
        e = ir.rebuild(e, node, ir.Add((ir.Const(float(near)), ir.Const(float(rest)))))
    return e


def _short(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 7), context=_EXACT)


def _constant_kind(node: ir.Expr) -> bool:
    return isinstance(node, _CONSTANT_NODES) and not (isinstance(node, ir.Apply) and not node.args)


_EXACT = Context(prec=40, Emin=MIN_EMIN, Emax=MAX_EMAX, traps=[InvalidOperation, DivisionByZero, Overflow])


def _exact(e: ir.Expr) -> Decimal | None:
    """The value of a constant expression with a practically unbounded exponent range; None if unknown."""
    try:
        return _exact_value(e)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return None


def _exact_value(e: ir.Expr) -> Decimal | None:
    c = _EXACT
    if isinstance(e, ir.Const):
        return Decimal(repr(e.value))
    kids = [_exact_value(k) for k in e.children()]
    if any(k is None for k in kids):
        return None
    if isinstance(e, ir.Neg):
        return c.minus(kids[0])
    if isinstance(e, ir.Add):
        total = Decimal(0)
        for k in kids:
            total = c.add(total, k)
        return total
    if isinstance(e, ir.Mul):
        return c.multiply(kids[0], kids[1])
    if isinstance(e, ir.Div):
        return c.divide(kids[0], kids[1])
    if isinstance(e, ir.Pow):
        base, power = kids
        if power == power.to_integral_value() and abs(power) <= 10 ** 6:
            return c.power(base, int(power))
        if base > 0:
            return c.exp(c.multiply(power, c.ln(base)))
        return None
    if isinstance(e, ir.Apply) and len(kids) == 1 and not e.deriv:
        x = kids[0]
        if e.fn == "exp":
            return c.exp(x)
        if e.fn == "log" and x > 0:
            return c.ln(x)
        if e.fn == "sqrt" and x >= 0:
            return c.sqrt(x)
    return None


def _constant(diff: np.ndarray) -> float | None:
    flat = diff.ravel()
    if flat.size and np.allclose(flat, flat[0], rtol=1e-9, atol=1e-9):
        return float(flat[0])
    return None


def _ratio(got: np.ndarray, want: np.ndarray) -> float | None:
    w = want.ravel()
    g = got.ravel()
    mask = np.abs(w) > 1e-9
    if not mask.any():
        return None
    r = g[mask] / w[mask]
    if np.allclose(r, r[0], rtol=1e-9) and np.allclose(g[~mask], 0, atol=1e-9):
        return float(r[0])
    return None


def _fails_alone(exc: DrawFailed, who: str, who_zh: str, other: str, other_zh: str) -> Outcome:
    """One side cannot be evaluated where the other can: undefined there (differ) or a numeric accident (undecided)."""
    if exc.domain:
        return Outcome(status="differ", reason=f"{who} is undefined at some values where {other} is defined ({exc})",
                       reason_zh=f"{who_zh}在某些取值处没有定义（{exc.message_zh}），而{other_zh}有定义")
    return Outcome(status="undecided", reason=f"{who} cannot be evaluated at some values where {other} can ({exc})",
                   reason_zh=f"{who_zh}在某些取值处无法计算（{exc.message_zh}），而{other_zh}可以")


def compare_pair(comparator: Comparator, a: Typed, b: Typed, exact: bool = True) -> Outcome:
    """Whether two typed expressions agree on the comparator's draws (for derivation steps); with ``exact``,
    sides found equal are looked at again beyond rounding (``beyond_rounding``).

    A draw where neither side can be evaluated is skipped; one where only one side can is not agreement
    (except on a scale draw, where an overflow decides nothing)."""
    if a.shape != b.shape:
        return Outcome(status="shape")
    outcome = _pair_on_draws(comparator, a, b)
    if exact and outcome.status == "equal":
        return beyond_rounding(comparator, a, b) or outcome
    return outcome


def _pair_on_draws(comparator: Comparator, a: Typed, b: Typed) -> Outcome:
    spec = comparator.spec
    agreed, approximate = 0, False
    for draw in comparator.draws:
        values = []
        for side in (a, b):
            try:
                values.append(evaluate(side.expr, side.free, side.ranges, draw, spec.nodes))
            except DrawFailed as exc:
                values.append(exc)
            except Undecidable as exc:
                return Outcome(status="undecided", reason=str(exc), reason_zh=f"无法数值计算：{exc}")
        va, vb = values
        if isinstance(va, DrawFailed) and isinstance(vb, DrawFailed):
            continue
        if isinstance(va, DrawFailed) or isinstance(vb, DrawFailed):
            if draw.scaled:
                continue
            if isinstance(vb, DrawFailed):
                return _fails_alone(vb, "the right side", "右边", "the left side", "左边")
            return _fails_alone(va, "the left side", "左边", "the right side", "右边")
        approx = va[1] or vb[1]
        verdict = judge(va[0], vb[0], approx, max(va[2], vb[2]), draw.scaled)
        if verdict == "differ":
            return Outcome(status="differ")
        if verdict == "equal":
            agreed += 1
            approximate |= approx
    if agreed < 2:
        return Outcome(status="undecided", reason="too few random draws could be evaluated", reason_zh="能计算的随机样本太少")
    return Outcome(status="equal", approximate=approximate)
