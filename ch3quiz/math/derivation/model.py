"""A question's spec as the model a derivation is judged against.

In a derivation what is asked *is* the result: the target symbol (δ⁽ˡ⁾) and the target derivative (∂J/∂Z⁽ˡ⁾ of
an otherwise unknown J) are defined as the expected form, so the prompt's own ``δ = ∂J/∂Z`` is a true line.
Definitions are also written in each other's terms (the loss L = −[y log σ(z) + …] with ŷ = σ(z) becomes
L = −[y log ŷ + …]): the textbook's chain rule ∂L/∂z = ∂L/∂ŷ · ∂ŷ/∂z then differentiates L in ŷ, as it means.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.cache import PerObject

_MODELS: PerObject[Any] = PerObject(256)  # the model of a spec, built once per spec


def derivation_model(spec: Any) -> Any:
    """The spec with what is asked defined as the result and its definitions folded into each other."""
    return _MODELS.get(spec, lambda: _model(spec))


def _model(spec: Any) -> Any:
    expected = spec.expected.expr
    used = {n.key for n in ir.walk(expected) if isinstance(n, ir.Var)}
    definitions = _folded(dict(spec.definitions))
    for target in spec.targets:
        if isinstance(target, ir.Var) and target.key not in definitions and target.key not in used:
            definitions[target.key] = expected  # θ = θ − η∇J is no definition: θ is used by the result
        elif _unknown_partial(target, definitions):
            definitions.setdefault(ir.partial_key(target.num.key, target.den.key), expected)
    if definitions == spec.definitions:
        return spec
    return replace(spec, definitions=definitions)


def _unknown_partial(target: Any, definitions: dict[str, Any]) -> bool:
    """∂J/∂Z⁽ˡ⁾ asked of a J the question leaves unknown: it can only mean the result."""
    return (isinstance(target, ir.Partial) and isinstance(target.num, ir.Var) and isinstance(target.den, ir.Var)
            and target.num.key not in definitions)


def _folded(definitions: dict[str, Any]) -> dict[str, Any]:
    """Each definition with the other definitions' right sides replaced by their symbols (σ(z) → ŷ)."""
    names = {expr: key for key, expr in definitions.items()
             if not isinstance(expr, (ir.Var, ir.Const)) and not key.startswith("∂")}
    if not names:
        return definitions
    folded = {}
    for key, expr in definitions.items():
        others = {e: k for e, k in names.items() if k != key and not _mentions(e, key)}
        folded[key] = _replace_subtrees(expr, others) if others else expr
    return folded


def _mentions(expr: Any, key: str) -> bool:
    return any(isinstance(n, ir.Var) and n.key == key for n in ir.walk(expr))


def _replace_subtrees(expr: Any, names: dict[Any, str]) -> Any:
    """``expr`` with every subtree equal to a key of ``names`` replaced by that symbol (outermost first)."""
    key = names.get(expr)
    if key is not None:
        return ir.Var(key)
    return ir.map_children(expr, lambda child: _replace_subtrees(child, names))
