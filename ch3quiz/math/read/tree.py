"""The syntax tree: what was *written* (a juxtaposition, a ``\\cdot``, a superscript), with positions.

Small frozen dataclasses (made by ``records.frozen_record``, which is quicker to import); deciding what a node *means* is the job of ``meaning/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import Any

from ch3quiz.math.read.records import frozen_record

# ---- the tree ----------------------------------------------------------------

@frozen_record
class Node:
    pos: int


@frozen_record
class Num(Node):
    text: str


@frozen_record
class Ident(Node):
    name: str
    accent: str | None = None


@frozen_record
class Sub:
    text: str  # canonical text: t-1, hh, kj, in
    node: Node | None


@frozen_record
class Script(Node):
    base: Node
    sub: Sub | None = None
    sup: Node | None = None


@frozen_record
class Postfix(Node):
    op: str  # T | prime
    x: Node


@frozen_record
class Marker(Node):
    op: str  # a lone ᵀ or ′ (only meaningful as a superscript)


@frozen_record
class Call(Node):
    fn: Node
    args: tuple[Node, ...]


@frozen_record
class Bin(Node):
    op: str  # + - ⊙ · × * @ / juxt ∈ ∪
    a: Node
    b: Node


@frozen_record
class Neg(Node):
    x: Node


@frozen_record
class Frac(Node):
    num: Node
    den: Node


@frozen_record
class Root(Node):
    x: Node
    index: Node | None = None


@frozen_record
class Delim(Node):
    kind: str  # ( [ | ‖ ⌊ ⌈
    x: Node


@frozen_record
class BigOp(Node):
    kind: str  # sum | prod
    sub: Node | None
    sup: Node | None
    body: Node


@frozen_record
class SetLit(Node):
    items: tuple[Node, ...]


@frozen_record
class SetExtreme(Node):
    kind: str  # max | min
    var: str  # the integer the set is built from: m in max{m ∈ ℤ : …}
    condition: Node  # a comparison (≤ < ≥ >) in it


@frozen_record
class Parsed:
    sides: tuple[Node, ...]
    text: str
    latex: bool



_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(node: Any) -> tuple[str, ...]:
    """The dataclass field names of ``node``'s class, computed once a class: ``dataclasses.fields`` builds a
    new tuple on every call, and walking trees asks for them tens of thousands of times in a batch."""
    names = _FIELD_NAMES.get(type(node))
    if names is None:
        names = _FIELD_NAMES[type(node)] = tuple(f.name for f in fields(node))
    return names


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, subscripts' trees included (iteratively: no deep recursion)."""
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Node):
            yield item
            stack.extend(getattr(item, name) for name in field_names(item))
        elif isinstance(item, Sub):
            stack.append(item.node)
        elif isinstance(item, tuple):
            stack.extend(item)
