"""Numeric instantiation: every symbol at random (see ``draws``), then compare.

Symbols defined in the question's ``given`` are computed from their definitions; ``∂J/∂Z`` of a defined J
is taken by central differences (``differentiate``).

Besides the ordinary draws, *scale draws* give real symbols large magnitudes
(about ±0.1, ±10, ±100, ±1000, each with its mirror image) and graphs a high-degree
hub, so a term that vanishes only for small values (``relu(x-3)``,
``⌊n/1000⌋``, ``⌊|N(v)|/20⌋``) shows. A scale draw can only show a difference:
where a form overflows or saturates there, the draw is skipped.

The evaluator dispatches through ``_HANDLERS``: one small function per IR node kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product
from typing import Any, Callable, NamedTuple

import numpy as np

from ch3quiz.math.judge import differentiate
from ch3quiz.math.judge.draws import SCALES, Draw, DrawFailed, Undecidable, broadcast_add, outside
from ch3quiz.math.judge.functions import FIXED
from ch3quiz.math.meaning import graphrows, ir

EXACT_TOL = 1e-11  # exact scalar comparisons, relative to the magnitudes involved
WEAK_RATIO = 1e5  # intermediate values this much larger than the result: agreement there is no evidence


class Evaluator:
    """Evaluates typed IR in one draw; ``overrides`` pin symbols (for derivatives); ``ranges`` give each free
    index its dimension."""

    def __init__(self, draw: Draw, overrides: Mapping[str, np.ndarray] | None = None,
                 ranges: Mapping[str, str] | None = None, sample: int | None = None) -> None:
        self.draw = draw
        self.sample = sample  # inside ∑_x over the training inputs: which input (its x, y and what they define)
        self.overrides = dict(overrides or {})
        self.ranges: Mapping[str, str] = ranges or {}
        self.memo: dict[str, np.ndarray] = {}
        self.approximate = False  # set when a finite difference was used
        self.magnitude = 0.0  # the largest |value| of any intermediate result (rounding is relative to it)
        self.active: set[str] = set()
        self.derivatives: dict[Any, tuple[np.ndarray, bool]] = {}  # see ``differentiate._once``
        self.inputs: dict[int, Evaluator] = {}  # one evaluator per training input, kept so its z and a are computed once

    def pinned(self, key: str, value: np.ndarray) -> Evaluator:
        """A fresh evaluator of the same draw with one more symbol pinned (a finite difference's nudge)."""
        return Evaluator(self.draw, {**self.overrides, key: value}, self.ranges, self.sample)

    def in_sample(self, sample: int) -> Evaluator:
        """The evaluator of the same draw for one training input (its own x, y, and z, a computed from them)."""
        if sample not in self.inputs:
            self.inputs[sample] = Evaluator(self.draw, self.overrides, self.ranges, sample)
        return self.inputs[sample]

    def symbol(self, key: str) -> np.ndarray:
        if key in self.overrides:
            return self.overrides[key]
        if key not in self.memo:
            definition = self.draw.definitions.get(key)
            matrix = self.draw.rows.get(key)
            self.memo[key] = (self._defined(key, definition) if definition is not None
                              else graphrows.node_values(self.symbol(matrix)) if matrix is not None  # h_v = row v of H
                              else self.draw.value(self.draw.table.get(key), self.sample))
        return self.memo[key]

    def _defined(self, key: str, definition: ir.Expr) -> np.ndarray:
        """A symbol the question defines (``given``), computed once a draw: every answer checked against the
        draw asks for the same Z, a, J again. A pinned evaluator (a finite difference's nudge) computes its
        own. What the value brings along (a finite difference used, the largest intermediate magnitude) is
        kept with it and merged as if it had been computed here."""
        if key in self.active:
            raise Undecidable(f"the definition of {key} refers to itself")
        shared = None if self.overrides else (key, self.sample, tuple(sorted(self.ranges.items())))
        found = self.draw.defined.get(shared) if shared is not None else None
        if found is None:
            found = self._compute(key, definition)
            if shared is not None:
                self.draw.defined[shared] = found
        value, approximate, magnitude = found
        self.approximate |= approximate
        self.magnitude = max(self.magnitude, magnitude)
        return value

    def _compute(self, key: str, definition: ir.Expr) -> tuple[np.ndarray, bool, float]:
        outer = (self.approximate, self.magnitude)
        self.approximate, self.magnitude = False, 0.0
        self.active.add(key)
        try:
            return self.ev(definition, {}), self.approximate, self.magnitude
        finally:
            self.active.discard(key)
            self.approximate, self.magnitude = outer[0] or self.approximate, max(outer[1], self.magnitude)

    def ev(self, e: ir.Expr, env: dict[str, Any]) -> np.ndarray:
        handler = _HANDLERS.get(type(e))
        if handler is None:
            raise Undecidable(f"no numeric value for a {type(e).__name__}")
        return handler(self, e, env)

    def track(self, value: np.ndarray) -> np.ndarray:
        """Note the magnitude of a value whose rounding error carries into the result (a term of a sum)."""
        if value.size == 1:
            top = abs(value.item())
        elif value.size:
            top = float(np.abs(value).max())
        else:
            return value
        if top > self.magnitude:
            self.magnitude = top
        return value

    def set_of(self, e: ir.Expr, env: dict) -> frozenset[int]:
        g = self.draw.graph
        if g is None:
            raise Undecidable("no graph in this question")
        if isinstance(e, ir.Neigh):
            return g.neighbours[env[e.node]]
        if isinstance(e, ir.Single):
            return frozenset({env[e.node]})
        if isinstance(e, ir.AllNodes):
            return frozenset(range(g.n))
        if isinstance(e, ir.Union):
            return self.set_of(e.a, env) | self.set_of(e.b, env)
        raise Undecidable("not a set of nodes")


# ---- one handler per node kind ---------------------------------------------------

def _const(ev: Evaluator, e: ir.Const, env: dict) -> np.ndarray:
    return np.array([[e.value]])


def _var(ev: Evaluator, e: ir.Var, env: dict) -> np.ndarray:
    return ev.symbol(e.key)


def _nodevar(ev: Evaluator, e: ir.NodeVar, env: dict) -> np.ndarray:
    return ev.symbol(e.key)[env[e.node]]


def _index_range(ev: Evaluator, e: ir.SumOver, env: dict) -> int:
    """How far a sum index runs: from the typed answer, else (a sum inside a ``given`` definition such as
    L = −Σ_k y_k log ŷ_k, typed on its own) from the first entry it indexes."""
    if e.var in ev.ranges:
        return ev.draw.dim(ev.ranges[e.var])
    for node in ir.walk(e.body):
        if isinstance(node, ir.Entry) and e.var in node.index:
            value = ev.ev(node.x, env)
            if len(node.index) == 1:
                return value.size
            return value.shape[node.index.index(e.var)]
    raise Undecidable(f"the sum over {e.var} has no range")


def _entry(ev: Evaluator, e: ir.Entry, env: dict) -> np.ndarray:
    x = ev.ev(e.x, env)
    if e.nodes and not graphrows.numbered_by_nodes(e.index, e.nodes, x.shape, ev.draw.graph):
        raise Undecidable(f"{', '.join(e.nodes)} number the graph's nodes, but the entry is of a matrix whose side is not n")
    if len(e.index) == 1:
        return np.array([[x.flat[env[e.index[0]]]]])
    return np.array([[x[env[e.index[0]], env[e.index[1]]]]])


def _add(ev: Evaluator, e: ir.Add, env: dict) -> np.ndarray:
    total = ev.track(ev.ev(e.terms[0], env))
    for term in e.terms[1:]:
        total = broadcast_add(total, ev.track(ev.ev(term, env)))
    return total


def _neg(ev: Evaluator, e: ir.Neg, env: dict) -> np.ndarray:
    return -ev.ev(e.x, env)


def _matmul(ev: Evaluator, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.size and b.size:  # a sum of products: its rounding is relative to max|a|·max|b|
        ev.magnitude = max(ev.magnitude, float(np.abs(a).max()) * float(np.abs(b).max()))
    return a @ b


def _scale(ev: Evaluator, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a * b if a.shape == b.shape else (a[0, 0] * b if a.shape == (1, 1) else a * b[0, 0])


_PRODUCTS: dict[str, Callable[[Evaluator, np.ndarray, np.ndarray], np.ndarray]] = {
    "matmul": _matmul,
    "hadamard": lambda ev, a, b: a * b,
    "scale": _scale,
}


def _mul(ev: Evaluator, e: ir.Mul, env: dict) -> np.ndarray:
    a, b = ev.ev(e.a, env), ev.ev(e.b, env)
    product_of = _PRODUCTS.get(e.op)
    if product_of is None:
        raise Undecidable("an unresolved product")  # pragma: no cover - shapes resolve every product
    return product_of(ev, a, b)


def _div(ev: Evaluator, e: ir.Div, env: dict) -> np.ndarray:
    a, b = ev.ev(e.a, env), ev.ev(e.b, env)
    if np.any(b == 0):
        raise outside("a division by zero", "除以零")
    if a.shape == b.shape:
        return a / b
    return a[0, 0] / b if a.shape == (1, 1) else a / b[0, 0]


def _pow(ev: Evaluator, e: ir.Pow, env: dict) -> np.ndarray:
    a, b = ev.ev(e.a, env), float(ev.ev(e.b, env)[0, 0])
    if a.shape[0] == a.shape[1] and a.shape != (1, 1):
        return _matrix_power(ev, a, b)
    if b != int(b) and np.any(a < 0):
        raise outside("a fractional power of a negative number", "负数的分数次幂")
    if np.any(a == 0) and b < 0:
        raise outside("zero to a negative power", "零的负数次幂")
    return a ** b


def _matrix_power(ev: Evaluator, a: np.ndarray, b: float) -> np.ndarray:
    off = a - np.diag(np.diag(a))
    if not np.any(off):
        d = np.diag(a)
        if np.any(d <= 0) and b != int(b):
            raise outside("a fractional power of a non-positive number", "非正数的分数次幂")
        return np.diag(d ** b)
    if b != int(b):
        raise Undecidable("a fractional power of a non-diagonal matrix")
    try:
        result = np.linalg.matrix_power(a, int(b))
    except np.linalg.LinAlgError:
        raise outside("the inverse of a singular matrix", "奇异矩阵的逆") from None
    if b < 0:  # an inverse loses about cond(a) in relative precision
        ev.magnitude = max(ev.magnitude, float(np.linalg.cond(a)) * float(np.max(np.abs(result))))
    return result


def _t(ev: Evaluator, e: ir.T, env: dict) -> np.ndarray:
    return ev.ev(e.x, env).T


def _softmax(e: ir.Apply, args: list[np.ndarray]) -> np.ndarray:
    if e.deriv:
        raise Undecidable("the derivative of softmax is a matrix; write it out")
    z = np.exp(args[0] - args[0].max())
    return z / z.sum()


# Functions with their own numeric rule (not a family of a value and its derivatives).
_SPECIAL: dict[str, Callable[[ir.Apply, list[np.ndarray]], np.ndarray]] = {
    "max": lambda e, args: np.maximum(args[0], args[1]),
    "min": lambda e, args: np.minimum(args[0], args[1]),
    "diag": lambda e, args: np.diagflat(args[0]) if 1 in args[0].shape else np.diag(args[0]).reshape(-1, 1),
    "norm": lambda e, args: np.array([[float(np.sqrt(np.sum(args[0] * args[0])))]]),
    "sumall": lambda e, args: np.array([[float(np.sum(args[0]))]]),
    "softmax": _softmax,
}


def _apply(ev: Evaluator, e: ir.Apply, env: dict) -> np.ndarray:
    args = [ev.ev(a, env) for a in e.args]
    x = args[0]
    special = _SPECIAL.get(e.fn)
    if special is not None:
        return special(e, args)
    family = ev.draw.fns.get(e.fn) or FIXED.get(e.fn)
    if family is None:
        raise Undecidable(f"no numeric meaning for the function {e.fn}")
    if e.deriv >= len(family):
        raise Undecidable(f"{e.fn} has no derivative here")
    if e.fn == "log" and np.any(x <= 0):
        raise outside("log of a number that is not positive", "非正数的对数")
    if e.fn == "sqrt" and np.any(x < 0):
        raise outside("the square root of a negative number", "负数的平方根")
    return family[e.deriv](x)


def _over_inputs(ev: Evaluator, e: ir.SumOver, env: dict) -> np.ndarray:
    """∑_x over the training inputs: the body once per input, each with its own per-input symbols."""
    count = ev.symbol(e.domain.count)  # type: ignore[union-attr]
    total = None
    for sample in range(int(count[0, 0])):
        inner = ev.in_sample(sample)
        value = ev.track(inner.ev(e.body, env))
        ev.approximate |= inner.approximate
        ev.magnitude = max(ev.magnitude, inner.magnitude)
        total = value if total is None else broadcast_add(total, value)
    if total is None:
        raise DrawFailed("an empty sum")
    return total


def _sumover(ev: Evaluator, e: ir.SumOver, env: dict) -> np.ndarray:
    if isinstance(e.domain, ir.Samples):
        return _over_inputs(ev, e, env)
    members = ev.set_of(e.domain, env) if e.domain is not None else range(_index_range(ev, e, env))
    total = None
    for m in sorted(members):
        value = ev.track(ev.ev(e.body, {**env, e.var: m}))
        total = value if total is None else broadcast_add(total, value)
    if total is None:
        raise DrawFailed("an empty sum")
    return total


def _card(ev: Evaluator, e: ir.Card, env: dict) -> np.ndarray:
    size = len(ev.set_of(e.x, env))
    if isinstance(e.x, ir.Neigh) and ev.draw.conventions.get("degree") == "self-loop":
        size += 1  # |N(u)| counts the self-loop of Ã = A + I
    return np.array([[float(size)]])


_HANDLERS: dict[type, Callable[[Evaluator, Any, dict], np.ndarray]] = {
    ir.Const: _const, ir.Var: _var, ir.NodeVar: _nodevar, ir.Entry: _entry, ir.Add: _add, ir.Neg: _neg,
    ir.Mul: _mul, ir.Div: _div, ir.Pow: _pow, ir.T: _t, ir.Apply: _apply, ir.SumOver: _sumover, ir.Card: _card,
    ir.Partial: differentiate.partial, ir.Deriv: differentiate.deriv,
}
SET_NODES = (ir.Neigh, ir.Single, ir.AllNodes, ir.Union, ir.Samples)  # sets of graph nodes: read by ``set_of``, never a value


# ---- a whole expression in one draw, and the comparison of two values ------------------

class Evaluated(NamedTuple):
    value: np.ndarray  # stacked over free nodes and free indices
    approximate: bool  # whether a finite difference was used
    magnitude: float  # the largest intermediate magnitude (for the tolerance, see ``judge``)


def evaluate(typed_expr: ir.Expr, free: tuple[str, ...], ranges: Mapping[str, str], draw: Draw,
             nodes: tuple[str, ...]) -> Evaluated:
    """The value of a typed expression in one draw; raises ``DrawFailed`` or ``Undecidable``."""
    evaluator = Evaluator(draw, ranges=ranges)
    node_sets = [draw.eval_nodes()] * len(nodes) if nodes and draw.graph else []
    index_sets = [range(draw.dim(ranges[i])) for i in free]
    with np.errstate(all="raise", under="ignore"):  # underflow to 0 is a value, not a failure
        try:
            blocks = [_block(evaluator, typed_expr, dict(zip(nodes, node_values)), free, index_sets)
                      for node_values in product(*node_sets)]
        except FloatingPointError as exc:
            raise DrawFailed(str(exc)) from None
    result = np.stack(blocks) if len(blocks) > 1 else blocks[0]
    if not np.all(np.isfinite(result)):
        raise DrawFailed("a value is not finite")
    return Evaluated(result, evaluator.approximate, evaluator.magnitude)


def _block(evaluator: Evaluator, typed_expr: ir.Expr, env: dict, free: tuple[str, ...],
           index_sets: list[range]) -> np.ndarray:
    """The value at one assignment of the free nodes: a matrix of the entries when indices are free."""
    if not free:
        return evaluator.ev(typed_expr, env)
    entries = [float(evaluator.ev(typed_expr, {**env, **dict(zip(free, idx))})[0, 0]) for idx in product(*index_sets)]
    shape = tuple(len(s) for s in index_sets)
    return np.array(entries).reshape(shape if len(shape) == 2 else (shape[0], 1))


def close(a: np.ndarray, b: np.ndarray, approximate: bool) -> bool:
    if a.shape != b.shape:
        return False
    rtol, atol = (1e-5, 1e-7) if approximate else (1e-8, 1e-10)
    scale = max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    return bool(np.allclose(a, b, rtol=rtol, atol=atol * scale))


def judge(a: np.ndarray, b: np.ndarray, approximate: bool, magnitude: float = 0.0, scaled: bool = False) -> str:
    """Whether two values of one draw agree: ``equal``, ``differ``, or ``skip`` (no evidence either way).

    Exact values (no finite difference) are compared with a tolerance relative to the magnitudes involved
    (the largest intermediate value of either form, at least the values themselves): a scalar within
    ``EXACT_TOL`` of it, so an added 1e-9 shows while rounding does not. Where the intermediate values are
    far larger than the result (``WEAK_RATIO``), agreement proves little and the draw is skipped; a
    difference still counts. Finite differences are compared loosely, and not at all on a scale draw."""
    if a.shape != b.shape:
        return "differ"
    if approximate:
        if scaled:
            return "skip"
        return "equal" if close(a, b, True) else "differ"
    size = max(1.0, float(np.max(np.abs(a))) if a.size else 1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    big = max(size, magnitude)
    diff = np.abs(a - b)
    if a.size == 1:
        same = float(diff.max()) <= EXACT_TOL * big
    else:
        same = bool(np.all(diff <= EXACT_TOL * big))
    if not same:
        return "differ"
    return "skip" if big > WEAK_RATIO * size else "equal"


__all__ = ["SCALES", "Draw", "DrawFailed", "Evaluated", "Evaluator", "Undecidable", "close", "evaluate", "judge"]
