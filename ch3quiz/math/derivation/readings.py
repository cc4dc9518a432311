"""The other legitimate reading of a line: ∂A/∂Z of an elementwise A = σ(Z) as the vector σ′(Z).

In denominator layout ∂A/∂Z is the diagonal Jacobian diag(σ′(Z)); the notes (and many exam solutions) write
the same derivative as the vector σ′(Z) and multiply it elementwise (∂J/∂A · ∂A/∂Z). Both are right; a line is
read as written first, and in the vector reading only when that is the reading that makes it true and
well-shaped. A line no reading makes right (a matrix product in the wrong order) stays wrong.
"""

from __future__ import annotations

from typing import Any

from ch3quiz.math.meaning import ir

ELEMENTWISE = frozenset({"elementwise", "logistic", "tanh", "relu", "identity"})
BUILTIN_ELEMENTWISE = frozenset({"sigma", "tanh", "relu", "exp", "log"})
VECTOR_NOTE = ("read ∂{a}/∂{z} as the vector σ′ with an elementwise product (diag(v)u = v ⊙ u)",
               "把 ∂{a}/∂{z} 理解为向量 σ′，与之逐元素相乘（diag(v)u = v ⊙ u）")


def vector_reading(spec: Any, built: list[ir.Expr]) -> tuple[list[ir.Expr], tuple[str, str]] | None:
    """The sides with each ∂A/∂Z of an elementwise A = f(Z) replaced by f′(Z), and a note saying so; None when
    the line has no such derivative."""
    replaced: list[tuple[str, str]] = []

    def swap(e: ir.Expr) -> ir.Expr:
        for node in ir.walk(e):
            derivative = _elementwise_derivative(spec, node)
            if derivative is not None:
                replaced.append((node.num.key, node.den.key))
                return swap(ir.rebuild(e, node, derivative))
        return e

    sides = [swap(side) for side in built]
    if not replaced:
        return None
    a, z = replaced[0]
    return sides, (VECTOR_NOTE[0].format(a=_short(a), z=_short(z)), VECTOR_NOTE[1].format(a=_short(a), z=_short(z)))


def _elementwise_derivative(spec: Any, node: ir.Expr) -> ir.Expr | None:
    if not (isinstance(node, ir.Partial) and isinstance(node.num, ir.Var) and isinstance(node.den, ir.Var)):
        return None
    definition = spec.definitions.get(node.num.key)
    if not (isinstance(definition, ir.Apply) and len(definition.args) == 1 and definition.args[0] == node.den):
        return None
    if spec.functions.get(definition.fn) in ELEMENTWISE or definition.fn in BUILTIN_ELEMENTWISE:
        if spec.table.get(node.den.key).shape[1] == "1":  # a column vector: its Jacobian is diagonal
            return ir.Apply(definition.fn, definition.args, definition.deriv + 1)
    return None


def _short(key: str) -> str:
    return key.replace("^{(", "^(").replace(")}", ")").replace("\\", "")
