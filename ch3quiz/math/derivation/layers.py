"""A general layer ``l`` checked at every layer of the model where its symbols exist.

The notes and the textbooks write the recursion for a general layer (δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ σ′(Z⁽ˡ⁾)) and then
specialise it (l = L−1). A question's model names its layers by one letter (L); a line whose layer
superscripts use another letter is instantiated at L, L−1, L−2, … (l ± 1 moving with it) on its syntax tree,
and each instance whose every symbol the model declares or defines is judged. ``l = L-1`` on its own line
is the specialisation: a side fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.symbols import join_shift, layer_text, split_shift
from ch3quiz.math.read import tree as p

GENERAL = frozenset("l")  # the letter textbooks write for "any layer" (not x in e^x, not a time step t)
OFFSETS = (0, -1, -2, -3, 1)  # the model's layers tried for a general one: L, L-1, L-2, L-3, L+1
_SPECIALISE = re.compile(r"^\s*\(?\s*([a-z])\s*=\s*([A-Za-z])\s*(?:([+-−])\s*(\d+))?\s*\)?\s*[.,;:]?\s*$")


@dataclass(frozen=True, kw_only=True)
class Instance:
    label: str | None  # "l = L-1", or None for a line with no general layer
    sides: tuple[p.Node, ...]


def model_letters(spec: Any) -> set[str]:
    """The letters the model's layer superscripts are written in (L for W^{(L)}, δ^{(L-1)})."""
    letters = set()
    for info in spec.table.declared.values():
        shift = split_shift(info.layer)
        if shift is not None and len(shift[0]) == 1:
            letters.add(shift[0])
    return letters


def specialisation(spec: Any, text: str) -> str | None:
    """``l = L-1`` (a general layer bound to one of the model's): its label, else None."""
    m = _SPECIALISE.match(text)
    letters = model_letters(spec)
    if not m or m.group(1) not in GENERAL or m.group(1) in letters or m.group(2) not in letters:
        return None
    offset = int(m.group(4) or 0) * (-1 if m.group(3) in ("-", "−") else 1)
    return f"{m.group(1)} = {join_shift(m.group(2), offset)}"


def instances(spec: Any, sides: tuple[p.Node, ...]) -> list[Instance]:
    """The line itself, or one instance per layer of the model when it is written for a general layer."""
    letters = model_letters(spec)
    general = _general_letters(sides, letters)
    if len(letters) != 1 or len(general) != 1:
        return [Instance(label=None, sides=sides)]
    (model,), (var,) = letters, general
    return [Instance(label=f"{var} = {join_shift(model, offset)}",
                     sides=tuple(_substitute(side, var, model, offset) for side in sides))
            for offset in OFFSETS]


def in_model(spec: Any, built: list[ir.Expr]) -> bool:
    """Whether every symbol of an instance is one the model declares or defines (not a shifted stranger)."""
    for side in built:
        for node in ir.walk(side):
            if isinstance(node, ir.Var) and node.key not in spec.definitions:
                if spec.table.get(node.key).shifted_from is not None:
                    return False
    return True


def _general_letters(sides: tuple[p.Node, ...], letters: set[str]) -> set[str]:
    found = set()
    for side in sides:
        for node in p.walk(side):
            if isinstance(node, p.Script) and node.sup is not None:
                shift = split_shift(layer_text(node.sup))
                if shift is not None and shift[0] in GENERAL and shift[0] not in letters:
                    found.add(shift[0])
    return found


def _label(pos: int, model: str, offset: int) -> p.Node:
    """The superscript ``(L-1)`` as the reader builds it."""
    base = p.Ident(pos, model)
    inner = base if offset == 0 else p.Bin(pos, "+" if offset > 0 else "-", base, p.Num(pos, str(abs(offset))))
    return p.Delim(pos, "(", inner)


def _substitute(node: Any, var: str, model: str, offset: int) -> Any:
    """The tree with every layer superscript ``var±k`` rewritten as ``model±(offset+k)``."""
    if isinstance(node, p.Sub):
        return node if node.node is None else replace(node, node=_substitute(node.node, var, model, offset))
    if not isinstance(node, p.Node):
        return node
    changes = {}
    for f in fields(node):
        value = getattr(node, f.name)
        if isinstance(value, (p.Node, p.Sub)):
            changes[f.name] = _substitute(value, var, model, offset)
        elif isinstance(value, tuple) and any(isinstance(x, (p.Node, p.Sub)) for x in value):
            changes[f.name] = tuple(_substitute(x, var, model, offset) for x in value)
    if isinstance(node, p.Script) and node.sup is not None:
        shift = split_shift(layer_text(node.sup))
        if shift is not None and shift[0] == var:
            changes["sup"] = _label(node.sup.pos, model, offset + shift[1])
    return replace(node, **changes) if changes else node
