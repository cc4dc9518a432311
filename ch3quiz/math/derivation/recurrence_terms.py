"""Derivatives as written in a recurrence derivation: which ∂x/∂y a tree is, and a derivative replaced by the form a
true line gave it (so ∏ ∂h_{j+1}/∂h_j and ∂h_{j+1}/∂h_j = diag(tanh′(a_{j+1}))W_hh together reach the result)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from ch3quiz.math.derivation.recurrence import STEP_TEXT, NotInModel, Recurrence, symbol_key
from ch3quiz.math.derivation.recurrence_eval import DERIVATIVE_MARKS, regroup_slashes
from ch3quiz.math.read import tree as T


def derivative_parts(node: Any) -> tuple[T.Node, T.Node] | None:
    """(x, y) of a written ∂x/∂y (as \\frac or with a slash), else None."""
    if isinstance(node, T.Bin) and node.op == "/":
        node = regroup_slashes(node) or node
    if isinstance(node, T.Frac):
        top, bottom = node.num, node.den
    elif isinstance(node, T.Bin) and node.op == "/":
        top, bottom = node.a, node.b
    else:
        return None
    marked = [n.b for n in (top, bottom) if isinstance(n, T.Bin) and n.op == "juxt"
              and isinstance(n.a, T.Ident) and n.a.name in DERIVATIVE_MARKS]
    return (marked[0], marked[1]) if len(marked) == 2 else None


def derivative_key(rec: Recurrence, node: Any, *, state: bool = False) -> Any:
    """The written ∂x/∂y as ((x base, x step), (y base, y step)), or None; with ``state`` only ∂h/∂h of the state."""
    parts = derivative_parts(node)
    if parts is None:
        return None
    try:
        key = tuple(symbol_key(n) for n in parts)
    except NotInModel:
        return None
    if state and not all(base == rec.state for base, _ in key):
        return None
    return key


def has_derivative(node: Any) -> bool:
    if isinstance(node, T.Ident):
        return node.name in DERIVATIVE_MARKS
    if isinstance(node, T.Node):
        return any(has_derivative(getattr(node, f.name)) for f in fields(node))
    if isinstance(node, tuple):
        return any(has_derivative(v) for v in node)
    return False


def substitute(rec: Recurrence, node: Any, facts: dict[Any, T.Node]) -> Any:
    """The tree with every derivative that a fact gives replaced by the fact's derivative-free form."""
    if isinstance(node, T.Bin) and node.op == "/":
        node = regroup_slashes(node) or node
    key = derivative_key(rec, node)
    if key is not None:
        return T.Delim(pos=node.pos, kind="(", x=facts[key]) if key in facts else node
    if isinstance(node, T.Node):
        changed = {f.name: substitute(rec, getattr(node, f.name), facts) for f in fields(node)
                   if isinstance(getattr(node, f.name), (T.Node, tuple))}
        return replace(node, **changed) if changed else node
    if isinstance(node, tuple):
        return tuple(substitute(rec, v, facts) for v in node)
    return node


def free_steps(rec: Recurrence, node: Any, bound: frozenset[str] = frozenset({"t", "k"})) -> set[str]:
    """The step letters a tree leaves free (j in ∂h_{j+1}/∂h_j); a ∏ or Σ binds its own."""
    if isinstance(node, T.BigOp) and isinstance(node.sub, T.Bin) and isinstance(node.sub.a, T.Ident):
        inner = bound | {node.sub.a.name}
        return free_steps(rec, node.sub.b, bound) | free_steps(rec, node.sup, bound) | free_steps(rec, node.body, inner)
    if isinstance(node, T.Script) and isinstance(node.base, T.Ident) and node.sub is not None:
        letter = node.sub.text[:1]
        own = {letter} if node.base.name in rec.families and STEP_TEXT.match(node.sub.text) and letter not in bound else set()
        return own | free_steps(rec, node.sup, bound)
    if isinstance(node, T.Node):
        return set().union(*(free_steps(rec, getattr(node, f.name), bound) for f in fields(node)))
    return set()
