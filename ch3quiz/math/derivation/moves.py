"""What a correct step did, when it is a move a textbook names: the chain rule through an intermediate
quantity, σ′ = σ(1−σ), tanh′ = 1 − tanh², diag(v)u = v ⊙ u, a component form summed back to a vector."""

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
    """∂J/∂Z → (∂A/∂Z)(∂J/∂A): a partial split through a quantity A that was not there before."""
    old = {(p.num, p.den) for p in _nodes(before, ir.Partial)}
    new = _nodes(after, ir.Partial)
    for outer in new:
        for inner in new:
            if outer is not inner and outer.den == inner.num and (outer.num, inner.den) in old:
                through = reading(outer.den, spec.table)
                return f"chain rule through {through}", f"经 {through} 用链式法则"
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


def _components(spec: Any, before: ir.Expr, after: ir.Expr) -> tuple[str, str] | None:
    if _nodes(after, ir.Entry) or _nodes(after, ir.SumOver):
        return "component form, checked index by index", "分量形式，逐个下标检查"
    return None


_RULES = (_chain_rule, _sigmoid_identity, _diagonal, _components)
