"""The typed intermediate form: what a formula *means*.

Nodes are small frozen dataclasses (``records.frozen_record``; hashable, so mutations and caches are
cheap). ``Mul.op`` starts as ``auto`` for the products the notation leaves
open (juxtaposition, ``·``, ``×``) and is fixed by :mod:`shapes`.
"""

from __future__ import annotations

from dataclasses import field, replace
from collections.abc import Callable
from typing import Iterator

from ch3quiz.math.read.records import frozen_record
from ch3quiz.math.read.tree import field_names


@frozen_record
class Expr:
    def children(self) -> tuple[Expr, ...]:
        """The sub-expressions: the fields that are expressions, then the expressions inside tuple fields."""
        values = [getattr(self, name) for name in field_names(self)]
        return tuple(v for v in values if isinstance(v, Expr)) + tuple(
            x for v in values if isinstance(v, tuple) for x in v if isinstance(x, Expr))


@frozen_record
class Const(Expr):
    value: float


@frozen_record
class Var(Expr):
    key: str  # the symbol's canonical key, e.g. W^{(L)}


@frozen_record
class NodeVar(Expr):
    key: str  # a node-indexed family, e.g. h^{k-1}
    node: str  # the node variable: u, v


@frozen_record
class Entry(Expr):
    x: Expr
    index: tuple[str, ...]  # index variables: (k,) or (k, j)
    nodes: tuple[str, ...] = ()  # those that are graph nodes (Ã_{vu}): numbered by the graph, not free indices


@frozen_record
class Add(Expr):
    terms: tuple[Expr, ...]


@frozen_record
class Neg(Expr):
    x: Expr


@frozen_record
class Mul(Expr):
    op: str  # auto | elem (⊙, *: elementwise or scaling) | matmul | hadamard | scale
    a: Expr
    b: Expr
    written: str = ""  # the symbol the student typed, for feedback


@frozen_record
class Div(Expr):
    a: Expr
    b: Expr


@frozen_record
class Pow(Expr):
    a: Expr
    b: Expr


@frozen_record
class T(Expr):
    x: Expr


@frozen_record
class Apply(Expr):
    fn: str  # sigma, tanh, exp, log, relu, softmax, sqrt, abs, floor, ceil, diag, norm, step (an indicator), or a declared name
    args: tuple[Expr, ...]
    deriv: int = 0


@frozen_record
class SumOver(Expr):
    var: str
    domain: Expr | None  # a set expression for node sums; None: an index sum over its range
    body: Expr


@frozen_record
class Neigh(Expr):
    node: str


@frozen_record
class Single(Expr):
    node: str


@frozen_record
class Union(Expr):
    a: Expr
    b: Expr


@frozen_record
class AllNodes(Expr):
    """Every node of the graph: the range of \\sum_{u=1}^{n} when n is the question's graph size."""


@frozen_record
class Samples(Expr):
    count: str  # the key of the number of training inputs (n in Nielsen's C = −(1/n) ∑_x …)


@frozen_record
class Card(Expr):
    x: Expr


@frozen_record
class Partial(Expr):
    num: Expr
    den: Expr


@frozen_record
class Deriv(Expr):
    x: Expr
    var: str  # a scalar symbol key


def partial_key(num: str, den: str) -> str:
    """The key under which ``given: ['\\frac{\\partial J}{\\partial Z} = \\delta']`` defines ∂J/∂Z (J itself undefined)."""
    return f"∂{num}/∂{den}"


def walk(e: Expr) -> Iterator[Expr]:
    """Every node of ``e``, parents before children (iteratively: no deep recursion)."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children()))


def rebuild(e: Expr, target: Expr, new: Expr) -> Expr:
    """``e`` with the node ``target`` (by identity) replaced by ``new``."""
    if e is target:
        return new
    return map_children(e, lambda child: rebuild(child, target, new))


def map_children(e: Expr, change: Callable[[Expr], Expr]) -> Expr:
    """``e`` with ``change`` applied to each sub-expression (the fields that are expressions, and the
    expressions inside tuple fields); ``e`` itself when none changed."""
    changes = {}
    for name in field_names(e):
        value = getattr(e, name)
        if isinstance(value, Expr):
            changed = change(value)
            if changed is not value:
                changes[name] = changed
        elif isinstance(value, tuple) and any(isinstance(x, Expr) for x in value):
            items = tuple(change(x) if isinstance(x, Expr) else x for x in value)
            if any(a is not b for a, b in zip(items, value)):
                changes[name] = items
    return replace(e, **changes) if changes else e


__all__ = [
    "Add", "Apply", "Card", "Const", "Deriv", "Div", "Entry", "Expr", "Mul", "Neg", "Neigh", "NodeVar",
    "AllNodes", "Partial", "Pow", "Samples", "Single", "SumOver", "T", "Union", "Var", "field", "field_names", "map_children", "partial_key", "rebuild", "walk",
]
