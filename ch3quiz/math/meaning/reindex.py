"""An equation written with another step or layer variable than the question's: ``θ_{i+1} = θ_i − η∇J(θ_i)``
for ``θ_{t+1} = θ_t − η∇J(θ_t)``, ``h_s = tanh(W_hh h_{s-1} + …)``, ``A^{(k)} = σ(W^{(k)} A^{(k-1)} + b^{(k)})``
for the question's l.

The left side pins the renaming: the written variable w becomes the question's v only when that makes the
left side name what is asked and every side read. Only the variable is renamed, never shifted: Kipf numbers
the weight by the layer it reads (H^{(l+1)} = σ(… H^{(l)} W^{(l)})) where the question numbers it by the layer
it makes (W^{(k)}), so a shift would turn one convention's right answer into the other's wrong one. Without
a left side nothing is renamed. An equation whose only labelled quantity is one family (the iterates of
θ^{(τ)} = θ^{(τ−1)} − η∇J(θ^{(τ−1)}), Goodfellow's and Bishop's numbering of steps) has no second
convention to confuse: there the labels may also be shifted by one step so the left side names what is asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.symbols import SymbolError, join_shift, layer_text, split_shift
from ch3quiz.math.read import tree as p
from ch3quiz.math.read.parser import parse_expression
from ch3quiz.math.read.tokens import FormulaSyntaxError

_SHIFTS = (0,)  # see the module docstring: renaming only ...
_ONE_FAMILY_SHIFTS = (0, 1, -1)  # ... unless one family is labelled


def _label_vars(node: p.Node) -> set[str]:
    """The variables of the step and layer labels written in ``node`` (t in h_{t-1}, l in W^{(l)})."""
    found = set()
    for item in p.walk(node):
        if isinstance(item, p.Script):
            for label in (item.sub.text if item.sub else None, layer_text(item.sup)):
                shift = split_shift(label)
                if shift is not None:
                    found.add(shift[0])
    return found


def _shifted_somewhere(sides: tuple[p.Node, ...], var: str) -> bool:
    """True when ``var`` is written with an offset somewhere (θ_{i+1}, h_{s-1}): a step or layer label,
    not the entry index of a component form (θ_j := θ_j − η ∂J/∂θ_j)."""
    for side in sides:
        for item in p.walk(side):
            if isinstance(item, p.Script):
                for label in (item.sub.text if item.sub else None, layer_text(item.sup)):
                    shift = split_shift(label)
                    if shift is not None and shift[0] == var and shift[1] != 0:
                        return True
    return False


def _renamed_label(label: str | None, old: str, new: str, shift: int) -> str | None:
    parts = split_shift(label)
    if parts is None or parts[0] != old:
        return None
    return join_shift(new, parts[1] + shift)


def _rename(node: Any, old: str, new: str, shift: int) -> Any:
    """``node`` with every label in ``old`` rewritten as ``new`` + shift (its own trees rebuilt, never mutated)."""
    if isinstance(node, tuple):
        return tuple(_rename(item, old, new, shift) for item in node)
    if not isinstance(node, p.Node):
        return node
    if isinstance(node, p.Script):
        sub, sup = node.sub, node.sup
        sub_label = _renamed_label(sub.text if sub else None, old, new, shift)
        if sub_label is not None:
            sub = p.Sub(sub_label, parse_expression(sub_label))
        sup_label = _renamed_label(layer_text(sup), old, new, shift)
        if sup_label is not None:
            sup = p.Delim(sup.pos, "(", parse_expression(sup_label))  # type: ignore[union-attr]
        return replace(node, base=_rename(node.base, old, new, shift), sub=sub, sup=sup)
    changes = {f.name: _rename(getattr(node, f.name), old, new, shift) for f in fields(node)}
    return replace(node, **changes)


def reindexed(sides: tuple[p.Node, ...], targets: tuple[ir.Expr, ...], target_vars: set[str],
              build: Callable[[p.Node], ir.Expr], declared: frozenset[str] = frozenset()) -> tuple[p.Node, ...] | None:
    """The sides with the written label variable renamed so the left side names a target, or None.

    ``declared``: the keys of the question's own symbols; an equation of one labelled family is shifted
    only to make every name in it one of them (θ_t = θ_{t−1} − … becomes θ_{t+1} = θ_t − …)."""
    if len(sides) < 2 or not targets:
        return None
    if _one_labelled_family(sides) and declared:
        return _shifted(sides, targets, target_vars, build, declared)
    if _builds_to_target(sides[0], targets, build):
        return None
    for old in sorted(v for v in _label_vars(sides[0]) - target_vars if _shifted_somewhere(sides, v)):
        for new in sorted(target_vars):
            for shift in _SHIFTS:
                candidate = tuple(_rename(side, old, new, shift) for side in sides)
                if _builds_to_target(candidate[0], targets, build) and all(_reads(side, build) for side in candidate[1:]):
                    return candidate
    return None


def _shifted(sides: tuple[p.Node, ...], targets: tuple[ir.Expr, ...], target_vars: set[str],
             build: Callable[[p.Node], ir.Expr], declared: frozenset[str]) -> tuple[p.Node, ...] | None:
    """One family's iterates renamed and shifted so the left side is asked for and every name is declared."""
    if _builds_to_target(sides[0], targets, build) and _only_declared(sides, build, declared):
        return None
    for old in sorted(v for v in _label_vars(sides[0]) if _shifted_somewhere(sides, v)):
        for new in sorted(target_vars):
            for shift in _ONE_FAMILY_SHIFTS:
                candidate = tuple(_rename(side, old, new, shift) for side in sides)
                if _builds_to_target(candidate[0], targets, build) and _only_declared(candidate, build, declared):
                    return candidate
    return None


def _only_declared(sides: tuple[p.Node, ...], build: Callable[[p.Node], ir.Expr], declared: frozenset[str]) -> bool:
    """True when every side reads and names only the question's declared symbols."""
    try:
        built = [build(side) for side in sides]
    except (SymbolError, FormulaSyntaxError):
        return False
    return all(var.key in declared for expr in built for var in ir.walk(expr) if isinstance(var, ir.Var))


def _one_labelled_family(sides: tuple[p.Node, ...]) -> bool:
    """True when every labelled name of the equation is one name (θ^{(τ)}, θ^{(τ−1)}), never two (H and W)."""
    names = set()
    for side in sides:
        for item in p.walk(side):
            if isinstance(item, p.Script) and isinstance(item.base, p.Ident) and item.base.name != "nabla":
                labels = (item.sub.text if item.sub else None, layer_text(item.sup))
                if any(split_shift(label) is not None for label in labels):
                    names.add((item.base.name, item.base.accent))
    return len(names) == 1


def _builds_to_target(node: p.Node, targets: tuple[ir.Expr, ...], build: Callable[[p.Node], ir.Expr]) -> bool:
    try:
        return build(node) in targets
    except (SymbolError, FormulaSyntaxError):
        return False


def _reads(node: p.Node, build: Callable[[p.Node], ir.Expr]) -> bool:
    try:
        build(node)
    except (SymbolError, FormulaSyntaxError):
        return False
    return True


def label_vars_of(keys: set[str], table: Any) -> set[str]:
    """The label variables of the question's symbols (k in W^{(k)}, t in h_{t-1})."""
    found = set()
    for key in keys:
        info = table.get(key)
        for label in (info.sub, info.layer):
            shift = split_shift(label)
            if shift is not None:
                found.add(shift[0])
    return found

