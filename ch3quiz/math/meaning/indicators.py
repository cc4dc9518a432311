"""The indicator of a comparison: ``\\mathbb{1}(x>0)``, ``\\mathbb{I}[x>0]``, ``1[x>0]``, ``\\mathbf{1}\\{x>0\\}``.

An indicator is 1 where its condition holds and 0 elsewhere, so ``1(a > b)`` means step(a − b) and
``1(a < b)`` means step(b − a), with step(t) = 1 for t > 0, else 0. Where the condition's two sides are equal
(the kink of ReLU) nothing is judged: the numeric draws are continuous and never land there, so ``≥`` is
read as ``>`` and ``≤`` as ``<`` (the value at a kink is a convention — a subgradient — not a mistake).
A comparison outside an indicator has no value and is refused.
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
