"""What a correct step did, when it is a move a textbook names: the chain rule through an intermediate
quantity, σ′ = σ(1−σ), tanh′ = 1 − tanh², diag(v)u = v ⊙ u. (A component line says so where it is judged.)"""

from __future__ import annotations

from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import reading


def describe(spec: Any, before: ir.Expr, after: ir.Expr) -> list[tuple[str, str]]:
    """The named moves from ``before`` to ``after`` (an equality already found true), in English and Chinese."""
    found = []
    for rule in _RULES:
        move = rule(spec, before, after)
        if move is not None:
            found.append(move)
    return found


def _nodes(e: ir.Expr, kind: type) -> list[Any]:
    return [n for n in ir.walk(e) if isinstance(n, kind)]


def _chain_rule(spec: Any, before: ir.Expr, after: ir.Expr) -> tuple[str, str] | None:
    """∂J/∂Z → (∂A/∂Z)(∂J/∂A), or through several quantities: the partials written after the step link what
    was differentiated before to its variable through quantities that were not there."""
    old = {(p.num, p.den) for p in _nodes(before, ir.Partial)}
    edges = {(p.num, p.den) for p in _nodes(after, ir.Partial)}
    for num, den in old:
        path = _path(edges, num, den)
        if path:
            through = ", ".join(reading(node, spec.table) for node in path)
            return f"chain rule through {through}", f"经 {through} 用链式法则"
    return None


def _path(edges: set[tuple[Any, Any]], start: Any, goal: Any) -> list[Any] | None:
    """The quantities between ``start`` and ``goal`` on a path of at least two partials, or None."""
    frontier: list[tuple[Any, list[Any]]] = [(start, [])]
    seen = {start}
    while frontier:
        node, between = frontier.pop(0)
        for num, den in edges:
            if num != node:
                continue
            if den == goal and between:
                return between
            if den not in seen and len(between) < 4:
                seen.add(den)
                frontier.append((den, between + [den]))
    return None


def _sigmoid_identity(spec: Any, before: ir.Expr, after: ir.Expr) -> tuple[str, str] | None:
    had = any(isinstance(n, ir.Apply) and n.deriv == 1 for n in ir.walk(before)) or _nodes(before, ir.Deriv) \
        or any(isinstance(n, ir.Apply) and n.fn == "exp" for n in ir.walk(before)) or _nodes(before, ir.Pow)
    plain = {n.fn for n in ir.walk(after) if isinstance(n, ir.Apply) and n.deriv == 0}
    if not had or any(isinstance(n, ir.Apply) and n.deriv for n in ir.walk(after)):
        return None
    kind = {spec.functions.get(name, name) for name in plain}
    if plain & {"sigma"} and "logistic" in kind | {"sigma"} and spec.functions.get("sigma", "logistic") == "logistic":
        return "used σ′ = σ(1−σ)", "用了 σ′ = σ(1−σ)"
    if "tanh" in plain:
        return "used tanh′ = 1 − tanh²", "用了 tanh′ = 1 − tanh²"
    return None


def _diagonal(spec: Any, before: ir.Expr, after: ir.Expr) -> tuple[str, str] | None:
    if any(isinstance(n, ir.Apply) and n.fn == "diag" for n in ir.walk(before)) and not any(
            isinstance(n, ir.Apply) and n.fn == "diag" for n in ir.walk(after)) and any(
            isinstance(n, ir.Mul) and n.op in ("elem", "hadamard") for n in ir.walk(after)):
        return "diag(v)u = v ⊙ u", "diag(v)u = v ⊙ u"
    return None


_RULES = (_chain_rule, _sigmoid_identity, _diagonal)
