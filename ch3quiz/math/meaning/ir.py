"""The typed intermediate form: what a formula *means*.

Nodes are small frozen dataclasses (hashable, so mutations and caches are
cheap). ``Mul.op`` starts as ``auto`` for the products the notation leaves
open (juxtaposition, ``·``, ``×``) and is fixed by :mod:`shapes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Iterator


@dataclass(frozen=True)
class Expr:
    def children(self) -> tuple[Expr, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if isinstance(getattr(self, f.name), Expr)) + tuple(
            x for f in fields(self) if isinstance(getattr(self, f.name), tuple)
            for x in getattr(self, f.name) if isinstance(x, Expr)
        )


@dataclass(frozen=True)
class Const(Expr):
    value: float


@dataclass(frozen=True)
class Var(Expr):
    key: str  # the symbol's canonical key, e.g. W^{(L)}


@dataclass(frozen=True)
class NodeVar(Expr):
    key: str  # a node-indexed family, e.g. h^{k-1}
    node: str  # the node variable: u, v


@dataclass(frozen=True)
class Entry(Expr):
    x: Expr
    index: tuple[str, ...]  # index variables: (k,) or (k, j)
    nodes: tuple[str, ...] = ()  # those that are graph nodes (Ã_{vu}): numbered by the graph, not free indices


@dataclass(frozen=True)
class Add(Expr):
    terms: tuple[Expr, ...]


@dataclass(frozen=True)
class Neg(Expr):
    x: Expr


@dataclass(frozen=True)
class Mul(Expr):
    op: str  # auto | elem (⊙, *: elementwise or scaling) | matmul | hadamard | scale
    a: Expr
    b: Expr
    written: str = ""  # the symbol the student typed, for feedback


@dataclass(frozen=True)
class Div(Expr):
    a: Expr
    b: Expr


@dataclass(frozen=True)
class Pow(Expr):
    a: Expr
    b: Expr


@dataclass(frozen=True)
class T(Expr):
    x: Expr


@dataclass(frozen=True)
class Apply(Expr):
    fn: str  # sigma, tanh, exp, log, relu, softmax, sqrt, abs, floor, ceil, diag, norm, step (an indicator), or a declared name
    args: tuple[Expr, ...]
    deriv: int = 0


@dataclass(frozen=True)
class SumOver(Expr):
    var: str
    domain: Expr | None  # a set expression for node sums; None: an index sum over its range
    body: Expr


@dataclass(frozen=True)
class Neigh(Expr):
    node: str


@dataclass(frozen=True)
class Single(Expr):
    node: str


@dataclass(frozen=True)
class Union(Expr):
    a: Expr
    b: Expr


@dataclass(frozen=True)
class AllNodes(Expr):
    """Every node of the graph: the range of \\sum_{u=1}^{n} when n is the question's graph size."""


@dataclass(frozen=True)
class Samples(Expr):
    count: str  # the key of the number of training inputs (n in Nielsen's C = −(1/n) ∑_x …)


@dataclass(frozen=True)
class Card(Expr):
    x: Expr


@dataclass(frozen=True)
class Partial(Expr):
    num: Expr
    den: Expr


@dataclass(frozen=True)
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
    changes = {}
    for f in fields(e):
        value = getattr(e, f.name)
        if isinstance(value, Expr):
            rebuilt = rebuild(value, target, new)
            if rebuilt is not value:
                changes[f.name] = rebuilt
        elif isinstance(value, tuple) and any(isinstance(x, Expr) for x in value):
            items = tuple(rebuild(x, target, new) if isinstance(x, Expr) else x for x in value)
            if any(a is not b for a, b in zip(items, value)):
                changes[f.name] = items
    return replace(e, **changes) if changes else e


__all__ = [
    "Add", "Apply", "Card", "Const", "Deriv", "Div", "Entry", "Expr", "Mul", "Neg", "Neigh", "NodeVar",
    "AllNodes", "Partial", "Pow", "Samples", "Single", "SumOver", "T", "Union", "Var", "field", "partial_key", "rebuild", "walk",
]
