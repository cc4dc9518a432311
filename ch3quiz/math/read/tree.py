"""The syntax tree: what was *written* (a juxtaposition, a ``\\cdot``, a superscript), with positions.

Small frozen dataclasses; deciding what a node *means* is the job of ``meaning/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any

# ---- the tree ----------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Num(Node):
    text: str


@dataclass(frozen=True)
class Ident(Node):
    name: str
    accent: str | None = None


@dataclass(frozen=True)
class Sub:
    text: str  # canonical text: t-1, hh, kj, in
    node: Node | None


@dataclass(frozen=True)
class Script(Node):
    base: Node
    sub: Sub | None = None
    sup: Node | None = None


@dataclass(frozen=True)
class Postfix(Node):
    op: str  # T | prime
    x: Node


@dataclass(frozen=True)
class Marker(Node):
    op: str  # a lone ᵀ or ′ (only meaningful as a superscript)


@dataclass(frozen=True)
class Call(Node):
    fn: Node
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Bin(Node):
    op: str  # + - ⊙ · × * @ / juxt ∈ ∪
    a: Node
    b: Node


@dataclass(frozen=True)
class Neg(Node):
    x: Node


@dataclass(frozen=True)
class Frac(Node):
    num: Node
    den: Node


@dataclass(frozen=True)
class Root(Node):
    x: Node
    index: Node | None = None


@dataclass(frozen=True)
class Delim(Node):
    kind: str  # ( [ | ‖ ⌊ ⌈
    x: Node


@dataclass(frozen=True)
class BigOp(Node):
    kind: str  # sum | prod
    sub: Node | None
    sup: Node | None
    body: Node


@dataclass(frozen=True)
class SetLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class SetExtreme(Node):
    kind: str  # max | min
    var: str  # the integer the set is built from: m in max{m ∈ ℤ : …}
    condition: Node  # a comparison (≤ < ≥ >) in it


@dataclass(frozen=True)
class Parsed:
    sides: tuple[Node, ...]
    text: str
    latex: bool



def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, subscripts' trees included (iteratively: no deep recursion)."""
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            yield item
            stack.extend(getattr(item, f.name) for f in fields(item))
        elif isinstance(item, Sub):
            stack.append(item.node)
        elif isinstance(item, tuple):
            stack.extend(item)
