"""The indicator of a comparison: ``\\mathbb{1}(x>0)``, ``\\mathbb{I}[x>0]``, ``1[x>0]``, ``\\mathbf{1}\\{x>0\\}``.

An indicator is 1 where its condition holds and 0 elsewhere, so ``1(a > b)`` means step(a − b) and
``1(a < b)`` means step(b − a), with step(t) = 1 for t > 0, else 0. Where the condition's two sides are equal
(the kink of ReLU) nothing is judged: the numeric draws are continuous and never land there, so ``≥`` is
read as ``>`` and ``≤`` as ``<`` (the value at a kink is a convention — a subgradient — not a mistake).
A comparison outside an indicator has no value and is refused.

A piecewise ``\\begin{cases} v_1 & a>b \\\\ v_2 & a<b \\end{cases}`` is v_1·1(a>b) + v_2·1(a<b). It is read
only when its two conditions split the line at one boundary (``a>b`` then ``a<b``, either way round, or then
``\\text{otherwise}``), so it has a value at every draw; other piecewise forms are refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ch3quiz.math.meaning import ir
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.build import Context

Build = Callable[[p.Node, "Context"], ir.Expr]

# the comparison and which side is the larger where it holds: +1 (a > b), -1 (a < b)
COMPARISONS = {">": 1, "≥": 1, "<": -1, "≤": -1}
OPERATORS = frozenset(COMPARISONS) | {"cases", "⇐"}
_OTHERWISE = ("otherwise", "else")
_MARKS = ("1", "I")  # \mathbb{1}, \mathbf{1}, 1, \mathbb{I}: the decoration is dropped before parsing


def indicator(node: p.Bin, ctx: Context, build: Build) -> ir.Expr | None:
    """``mark(condition)`` read as the condition's indicator; ``α 1(x<0)`` keeps the factors before the mark."""
    condition = _condition(node.b)
    if condition is None:
        return None
    if _is_mark(node.a):
        return _step(condition, ctx, build)
    left = node.a
    if isinstance(left, p.Bin) and left.op == "juxt" and _is_mark(left.b):
        return ir.Mul("auto", build(left.a, ctx), _step(condition, ctx, build), "")
    return None


def _is_mark(node: p.Node) -> bool:
    if isinstance(node, p.Num):
        return node.text == "1"
    return isinstance(node, p.Ident) and node.name in _MARKS and node.accent is None


def _condition(node: p.Node) -> p.Bin | None:
    """The comparison inside ``( )``, ``[ ]`` or ``\\{ \\}``, or None."""
    if isinstance(node, p.Delim) and node.kind in ("(", "["):
        inner = node.x
    elif isinstance(node, p.SetLit) and len(node.items) == 1:
        inner = node.items[0]
    else:
        return None
    return inner if isinstance(inner, p.Bin) and inner.op in COMPARISONS else None


def _step(condition: p.Bin, ctx: Context, build: Build) -> ir.Expr:
    larger, smaller = (condition.a, condition.b) if COMPARISONS[condition.op] > 0 else (condition.b, condition.a)
    if _is_zero(smaller):  # 1(x>0) reads back as 𝟙(x > 0), not 𝟙(x − 0 > 0)
        return ir.Apply("step", (build(larger, ctx),))
    if _is_zero(larger):
        return ir.Apply("step", (ir.Neg(build(smaller, ctx)),))
    return ir.Apply("step", (ir.Add((build(larger, ctx), ir.Neg(build(smaller, ctx)))),))


def _is_zero(node: p.Node) -> bool:
    return isinstance(node, p.Num) and node.text in ("0", "0.0")


def read(node: p.Bin, ctx: Context, build: Build) -> ir.Expr:
    """A piecewise (``Bin('cases')``); a comparison or a row on its own is refused."""
    if node.op != "cases":
        raise ctx.error(f"a comparison '{node.op}' is read only as an indicator's condition, as in 1(x>0)", node)
    first, second = node.a, node.b
    if not (_is_row(first) and _is_row(second)) or first.b.op not in COMPARISONS:
        raise ctx.error("a piecewise is read when each row is 'value & condition', as in 1 & x>0", node)
    when_first = _step(first.b, ctx, build)
    if isinstance(second.b, p.Ident) and second.b.name in _OTHERWISE:
        when_second: ir.Expr = ir.Add((ir.Const(1.0), ir.Neg(when_first)))
    elif isinstance(second.b, p.Bin) and second.b.op in COMPARISONS:
        when_second = _step(second.b, ctx, build)
        if when_second.args[0] != _negated(when_first.args[0]):
            raise ctx.error("a piecewise is read when its two conditions are opposite sides of one boundary "
                            "(x>0 and x<0)", node)
    else:
        raise ctx.error("a piecewise is read when each row is 'value & condition', as in 1 & x>0", node)
    return ir.Add((ir.Mul("auto", build(first.a, ctx), when_first, ""), ir.Mul("auto", build(second.a, ctx), when_second, "")))


def _is_row(node: p.Node) -> bool:
    return isinstance(node, p.Bin) and node.op == "⇐"


def _negated(e: ir.Expr) -> ir.Expr:
    if isinstance(e, ir.Neg):
        return e.x
    if isinstance(e, ir.Add) and len(e.terms) == 2 and isinstance(e.terms[1], ir.Neg):
        return ir.Add((e.terms[1].x, ir.Neg(e.terms[0])))
    return ir.Neg(e)
