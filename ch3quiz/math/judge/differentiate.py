"""Derivatives in one draw: ``∂num/∂den`` and ``d/dx`` for the numeric evaluator.

A given ``∂J/∂Z = δ`` is read from its definition; the derivative of a defined quantity is taken by central
differences; an undefined J(θ) is an unknown function, so ∂J/∂θ is a random stand-in, pushed through sums
and constant factors. The handlers take the evaluator (``numeric.Evaluator``) as their first argument.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ch3quiz.math.judge.draws import Undecidable, broadcast_add, outside
from ch3quiz.math.meaning import ir

if TYPE_CHECKING:
    from ch3quiz.math.judge.numeric import Evaluator


def partial(ev: Evaluator, e: ir.Partial, env: dict) -> np.ndarray:
    if not isinstance(e.den, ir.Var):
        raise Undecidable("a derivative with respect to this is not supported")
    if isinstance(e.num, ir.Var) and e.num.key == e.den.key and ev.symbol(e.den.key).shape[1] == 1:
        return np.eye(ev.symbol(e.den.key).shape[0])  # ∂x/∂x (d/dx x = 1): the identity, not an unknown derivative
    depends = isinstance(e.num, ir.Var) and e.num.key in ev.draw.definitions
    if isinstance(e.num, ir.Var) and not depends:
        named = ev.draw.definitions.get(ir.partial_key(e.num.key, e.den.key))
        if named is not None:  # given: ∂J/∂Z = δ
            return ev.ev(named, {})
    if not isinstance(e.num, ir.Var):
        return _once(ev, e, env, lambda: _linear_partial(ev, e.num, e.den.key, env))
    if depends:
        return _once(ev, e, env, lambda: finite_difference(ev, e.num, e.den.key, env, jacobian=True))
    num_shape = tuple(ev.draw.dim(d) for d in ev.draw.table.get(e.num.key).shape)
    den = ev.symbol(e.den.key)
    shape = den.shape if num_shape == (1, 1) else (den.shape[0], num_shape[0])
    return ev.draw.stand_in(f"∂{e.num.key}/∂{e.den.key}", shape)


def _once(ev: Evaluator, e: ir.Partial, env: dict, work: Callable[[], np.ndarray]) -> np.ndarray:
    """A derivative computed once per evaluator and assignment of the indices it uses: ∂C/∂w_j asks for the whole
    gradient again for every j, and ∑_x asks for ∂σ(z)/∂w again for every j of the same input."""
    used = {name for node in ir.walk(e) for name in _index_names(node)}
    key = (e, tuple(sorted((name, value) for name, value in env.items() if name in used)))
    if key not in ev.derivatives:
        before = ev.approximate
        ev.approximate = False
        ev.derivatives[key] = (work(), ev.approximate)
        ev.approximate = ev.approximate or before
    value, approximate = ev.derivatives[key]
    ev.approximate = ev.approximate or approximate
    return value


def _index_names(node: ir.Expr) -> tuple[str, ...]:
    if isinstance(node, ir.Entry):
        return node.index
    if isinstance(node, (ir.NodeVar, ir.Neigh, ir.Single)):
        return (node.node,)
    return ()


def deriv(ev: Evaluator, e: ir.Deriv, env: dict) -> np.ndarray:
    return finite_difference(ev, e.x, e.var, env, jacobian=False)


def _unknowns(ev: Evaluator, e: ir.Expr, den: str) -> set[str]:
    """Symbols in ``e`` (through the definitions) that are neither given nor ``den``: unknown functions of anything."""
    found: set[str] = set()
    seen: set[str] = set()
    stack = [e]
    while stack:
        for node in ir.walk(stack.pop()):
            if isinstance(node, (ir.Var, ir.NodeVar)) and node.key not in seen:
                seen.add(node.key)
                definition = ev.draw.definitions.get(node.key)
                if definition is not None:
                    stack.append(definition)
                elif node.key != den and not ev.draw.table.get(node.key).kind == "identity":
                    found.add(node.key)
    return found


def _inputs(ev: Evaluator) -> set[str]:
    """Symbols a definition is computed from (the label Y in J = ½‖A − Y‖²): inputs of the model, not unknown
    functions of anything."""
    return {node.key for definition in ev.draw.definitions.values() for node in ir.walk(definition)
            if isinstance(node, (ir.Var, ir.NodeVar))}


def _linear_partial(ev: Evaluator, num: ir.Expr, den: str, env: dict) -> np.ndarray:
    """∂(expression)/∂den. An undefined symbol such as J(θ) is an unknown function, so its derivative is a
    stand-in (as for ∂J/∂θ itself): the derivative is pushed through sums and constant factors down to it.
    Where it cannot be (a product of two unknowns, J²), the derivative has no numeric meaning here."""
    unknown = _unknowns(ev, num, den) - _inputs(ev)
    if any(info.of for info in ev.draw.table):  # the question says which symbols are functions (J(θ))
        unknown = {k for k in unknown if ev.draw.table.get(k).of is not None}
    if not unknown:
        return finite_difference(ev, num, den, env, jacobian=True)
    return _Linear(ev, den, env, unknown).go(num)


class _Linear:
    """The derivative of an expression linear in unknown functions, pushed down to them."""

    def __init__(self, ev: Evaluator, den: str, env: dict, unknown: set[str]) -> None:
        self.ev, self.den, self.env, self.unknown = ev, den, env, unknown

    def constant(self, x: ir.Expr) -> bool:
        return not (_unknowns(self.ev, x, "") & (self.unknown | {self.den})) and self.ev.ev(x, self.env).shape == (1, 1)

    def value(self, x: ir.Expr) -> float:
        return float(self.ev.ev(x, self.env)[0, 0])

    def go(self, x: ir.Expr) -> np.ndarray:
        if not (_unknowns(self.ev, x, self.den) & self.unknown):
            return finite_difference(self.ev, x, self.den, self.env, jacobian=True)
        if isinstance(x, ir.Var) and x.key in self.unknown:
            return partial(self.ev, ir.Partial(x, ir.Var(self.den)), self.env)
        if isinstance(x, ir.Add):
            total = self.go(x.terms[0])
            for term in x.terms[1:]:
                total = broadcast_add(total, self.go(term))
            return total
        if isinstance(x, ir.Neg):
            return -self.go(x.x)
        if isinstance(x, ir.Mul) and x.op in ("scale", "hadamard"):
            if self.constant(x.a):
                return self.value(x.a) * self.go(x.b)
            if self.constant(x.b):
                return self.value(x.b) * self.go(x.a)
        if isinstance(x, ir.Div) and self.constant(x.b):
            scale = self.value(x.b)
            if scale == 0:
                raise outside("a division by zero", "除以零")
            return self.go(x.a) / scale
        raise Undecidable("the derivative of an expression of an unknown function (only sums and constant "
                          "multiples of it can be differentiated here)")


def finite_difference(ev: Evaluator, num: ir.Expr, key: str, env: dict, jacobian: bool) -> np.ndarray:
    """Central differences of ``num`` in each entry of the symbol ``key``, laid out as the derivative's shape."""
    ev.approximate = True
    base = ev.symbol(key)
    columns = []
    for index in np.ndindex(base.shape):
        h = 1e-5 * max(1.0, abs(float(base[index])))
        plus, minus = base.copy(), base.copy()
        plus[index] += h
        minus[index] -= h
        columns.append((ev.pinned(key, plus).ev(num, env) - ev.pinned(key, minus).ev(num, env)) / (2 * h))
    first = columns[0]
    if first.shape == (1, 1):  # d(scalar)/d(X) has X's shape
        return np.array([c[0, 0] for c in columns]).reshape(base.shape)
    if base.shape == (1, 1):  # d(X)/d(scalar) has X's shape
        return first
    if jacobian and first.shape[1] == 1 and base.shape[1] == 1:  # denominator layout: row i is d/dx_i
        return np.hstack(columns).T
    raise Undecidable("a derivative of a matrix by a matrix")
