"""Numeric instantiation: every symbol at random, then compare.

Each draw gives every dimension a *distinct* size (never 1), every matrix
random non-symmetric entries, unknown functions random smooth stand-ins (with
their true derivatives), and graphs random small shapes with uneven degrees.
Symbols defined in the question's ``given`` are computed from their
definitions; ``∂J/∂Z`` of a defined J is taken by central differences.

Besides these ordinary draws, *scale draws* give real symbols large magnitudes
(about ±0.1, ±10, ±100, ±1000, each with its mirror image) and graphs a high-degree
hub, so a term that vanishes only for small values (``relu(x-3)``,
``⌊n/1000⌋``, ``⌊|N(v)|/20⌋``) shows. A scale draw can only show a difference:
where a form overflows or saturates there, the draw is skipped.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Callable

import numpy as np

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.symbols import SymbolInfo, SymbolTable


HUB_NODES = 61  # a hub graph's size: the hub's degree is at least 60
WIDE_RANGE = 100  # an integer range wider than this ratio is drawn log-uniformly
SCALES = (0.1, 10.0, 100.0, 1000.0)  # the scale draws, each with its mirror image
EXACT_TOL = 1e-11  # exact scalar comparisons, relative to the magnitudes involved
WEAK_RATIO = 1e5  # intermediate values this much larger than the result: agreement there is no evidence


class Undecidable(Exception):
    """This expression cannot be evaluated numerically (say why)."""


class DrawFailed(Exception):
    """A draw could not be evaluated: a value outside a function's domain (log of a negative, 0/0, the inverse
    of a singular matrix: ``domain`` is true) or a numeric accident (overflow, an empty sum)."""

    def __init__(self, message: str = "", domain: bool = False, message_zh: str = "") -> None:
        super().__init__(message)
        self.domain = domain
        self.message_zh = message_zh or message


def _outside(message: str, message_zh: str) -> DrawFailed:
    return DrawFailed(message, True, message_zh)


# ---- graphs --------------------------------------------------------------------

@dataclass(frozen=True)
class Graph:
    n: int
    neighbours: tuple[frozenset[int], ...]

    @property
    def adjacency(self) -> np.ndarray:
        a = np.zeros((self.n, self.n))
        for i, ns in enumerate(self.neighbours):
            for j in ns:
                a[i, j] = 1.0
        return a


def hub_graph(rng: np.random.Generator, n: int) -> Graph:
    """A connected graph on n nodes where node 0 is joined to every other node (degree n-1), plus a few random
    edges among the others, so degrees are uneven and one is large."""
    neighbours = [set() for _ in range(n)]
    for i in range(1, n):
        neighbours[0].add(i)
        neighbours[i].add(0)
    for _ in range(n // 4):
        a, b = (int(x) for x in rng.choice(np.arange(1, n), 2, replace=False))
        neighbours[a].add(b)
        neighbours[b].add(a)
    return Graph(n, tuple(frozenset(s) for s in neighbours))


def random_graph(rng: np.random.Generator, n: int) -> Graph:
    """A connected graph on n nodes (no self-loops) whose degrees are not all equal."""
    for _ in range(50):
        edges = {(int(rng.integers(0, i)), i) for i in range(1, n)}  # a random tree
        for _ in range(int(rng.integers(1, n))):
            a, b = (int(x) for x in rng.choice(n, 2, replace=False))
            edges.add((min(a, b), max(a, b)))
        neighbours = [set() for _ in range(n)]
        for a, b in edges:
            neighbours[a].add(b)
            neighbours[b].add(a)
        if len({len(s) for s in neighbours}) > 1:
            return Graph(n, tuple(frozenset(s) for s in neighbours))
    star = [set() for _ in range(n)]  # pragma: no cover - a star always has uneven degrees
    for i in range(1, n):
        star[0].add(i)
        star[i].add(0)
    return Graph(n, tuple(frozenset(s) for s in star))


# ---- functions -----------------------------------------------------------------

Fn = Callable[[np.ndarray], np.ndarray]


def _logistic(x: np.ndarray) -> np.ndarray:
    """1/(1+e^{-x}) without overflow for large |x| (the scale draws reach ±1000)."""
    t = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + t), t / (1.0 + t))


def _family(kind: str, rng: np.random.Generator) -> tuple[Fn, Fn, Fn]:
    if kind == "logistic":
        return (_logistic, lambda x: _logistic(x) * (1 - _logistic(x)),
                lambda x: _logistic(x) * (1 - _logistic(x)) * (1 - 2 * _logistic(x)))
    if kind == "tanh":
        return np.tanh, lambda x: 1 - np.tanh(x) ** 2, lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2)
    if kind == "relu":
        return lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float), lambda x: np.zeros_like(x)
    if kind == "identity":
        return lambda x: x, lambda x: np.ones_like(x), lambda x: np.zeros_like(x)
    # elementwise: an unknown smooth function, a random stand-in with its true derivatives
    a, b, c, e, g = rng.uniform(0.6, 1.4), rng.uniform(0.6, 1.4), rng.uniform(-0.5, 0.5), rng.uniform(0.1, 0.4), rng.uniform(-0.5, 0.5)

    def f0(x: np.ndarray) -> np.ndarray:
        return a * np.tanh(b * x + c) + e * x + g

    def f1(x: np.ndarray) -> np.ndarray:
        return a * b * (1 - np.tanh(b * x + c) ** 2) + e

    def f2(x: np.ndarray) -> np.ndarray:
        t = np.tanh(b * x + c)
        return -2 * a * b * b * t * (1 - t ** 2)

    return f0, f1, f2


_FIXED: dict[str, tuple[Fn, ...]] = {
    "tanh": _family("tanh", np.random.default_rng(0)),
    "relu": _family("relu", np.random.default_rng(0)),
    "exp": (np.exp, np.exp, np.exp),
    "log": (np.log, lambda x: 1 / x, lambda x: -1 / x ** 2),
    "sin": (np.sin, np.cos, lambda x: -np.sin(x)),
    "cos": (np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)),
    "sqrt": (np.sqrt, lambda x: 0.5 / np.sqrt(x), lambda x: -0.25 * x ** -1.5),
    "abs": (np.abs, np.sign, lambda x: np.zeros_like(x)),
    "floor": (np.floor,), "ceil": (np.ceil,), "sign": (np.sign,),
    "logistic": _family("logistic", np.random.default_rng(0)),
    "cosh": (np.cosh, np.sinh, np.cosh), "sinh": (np.sinh, np.cosh, np.sinh),
    "sech": (lambda x: 1 / np.cosh(x), lambda x: -np.tanh(x) / np.cosh(x)),
}


# ---- one draw ------------------------------------------------------------------

@dataclass
class Draw:
    seed: int
    table: SymbolTable
    functions: Mapping[str, str]
    definitions: Mapping[str, ir.Expr]  # typed definitions from `given`
    conventions: Mapping[str, Any]
    scale: float = 1.0  # a scale draw: real symbols are about ±scale (see the module docstring)
    mirror: bool = False  # the mirror image of a scale draw: every real value negated
    hub: bool = False  # a graph with a high-degree hub
    dims: dict[str, int] = field(default_factory=dict)
    fns: dict[str, tuple[Fn, ...]] = field(default_factory=dict)
    graph: Graph | None = None
    _pool: list[int] = field(default_factory=list)
    _values: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self._pool = [int(x) for x in rng.permutation(np.arange(2, 10))] + list(range(10, 40))
        graph_dim = self.conventions.get("graph_size")
        if graph_dim or any(info.node or info.kind.startswith(("adjacency", "degree")) for info in self.table):
            self.graph = (hub_graph(rng, int(rng.integers(HUB_NODES, HUB_NODES + 6))) if self.hub
                          else random_graph(rng, int(rng.integers(5, 8))))
            if graph_dim:
                self.dims[str(graph_dim)] = self.graph.n
                self._pool = [x for x in self._pool if x != self.graph.n]
        for info in sorted(self.table.declared.values(), key=lambda i: i.key):
            for dim in info.shape:
                self.dim(dim)
        for name, kind in sorted(self.functions.items()):
            self.fns[name] = _family(kind, np.random.default_rng([self.seed, zlib.crc32(name.encode())]))
        self.fns.setdefault("sigma", _family("logistic", rng))

    @property
    def scaled(self) -> bool:
        """Whether this is a scale draw (evidence of a difference only, see ``judge``)."""
        return self.scale != 1.0 or self.hub

    def eval_nodes(self) -> list[int]:
        """The nodes a free node variable takes: all of a small graph; the hub and a sample of a large one."""
        g = self.graph
        if g is None:
            return [0]
        if g.n <= 12:
            return list(range(g.n))
        rng = np.random.default_rng([self.seed, 7])
        leaves = sorted(int(x) for x in rng.choice(np.arange(1, g.n), 5, replace=False))
        return [0] + leaves

    def _scaled(self, values: np.ndarray) -> np.ndarray:
        """A scale draw's real values: magnitude at least half the scale, random signs, negated in the mirror."""
        if not self.scaled:
            return values
        sign = -1.0 if self.mirror else 1.0
        return sign * self.scale * np.sign(values) * (0.5 + np.abs(values))

    def dim(self, name: str) -> int:
        if name == "1":
            return 1
        if name not in self.dims:
            self.dims[name] = self._pool.pop(0)
        return self.dims[name]

    def value(self, info: SymbolInfo) -> np.ndarray:
        if info.key not in self._values:
            self._values[info.key] = self._random(info)
        return self._values[info.key]

    def stand_in(self, key: str, shape: tuple[int, int]) -> np.ndarray:
        """A random value for an unknown quantity such as ∂J/∂θ of an undefined J."""
        if key not in self._values:
            rng = np.random.default_rng([self.seed, zlib.crc32(key.encode())])
            self._values[key] = self._scaled(rng.normal(size=shape))
        return self._values[key]

    def _random(self, info: SymbolInfo) -> np.ndarray:
        rng = np.random.default_rng([self.seed, zlib.crc32(info.key.encode())])
        rows, cols = (self.dim(d) for d in info.shape)
        g = self.graph
        if info.kind in ("adjacency", "adjacency+I", "degree", "degree+I") and g is not None:
            a = g.adjacency + (np.eye(g.n) if info.kind.endswith("+I") else 0)
            return a if info.kind.startswith("adjacency") else np.diag(a.sum(axis=1))
        if info.kind == "identity":
            return np.eye(rows, cols)
        if info.node:
            n = g.n if g else 1
            return self._scaled(rng.normal(size=(n, rows, cols)))
        if info.kind == "integer":
            lo, hi = int(info.lo if info.lo is not None else 1), int(info.hi if info.hi is not None else 9)
            if hi > WIDE_RANGE * max(lo, 1):  # a realistic range (input sides up to thousands): log-uniform
                low = math.log(max(lo, 1) - 0.5 if lo >= 1 else 0.5)
                drawn = np.floor(np.exp(rng.uniform(low, math.log(hi + 1), size=(rows, cols))))
                return np.clip(drawn, lo, hi).astype(float)
            return rng.integers(lo, hi + 1, size=(rows, cols)).astype(float)
        if info.kind == "binary":
            return rng.integers(0, 2, size=(rows, cols)).astype(float)
        if info.kind == "positive":
            lo, hi = float(info.lo or 0.3), float(info.hi or 2.0)
            return rng.uniform(lo, hi, size=(rows, cols))
        if info.kind == "probability":
            return rng.uniform(0.05, 0.95, size=(rows, cols))
        if info.kind == "onehot":
            v = np.zeros((rows, cols))
            v.flat[int(rng.integers(0, rows * cols))] = 1.0
            return v
        if info.lo is not None or info.hi is not None:
            lo = float(info.lo) if info.lo is not None else -2.0  # a declared min of 0 is 0, not "no min"
            hi = float(info.hi) if info.hi is not None else max(2.0, lo + 1.0)
            return rng.uniform(lo, hi, size=(rows, cols))
        return self._scaled(rng.normal(size=(rows, cols)))


# ---- evaluation ----------------------------------------------------------------

class Evaluator:
    """Evaluates typed IR in one draw; ``overrides`` pin symbols (for derivatives)."""

    def __init__(self, draw: Draw, overrides: Mapping[str, np.ndarray] | None = None) -> None:
        self.draw = draw
        self.overrides = dict(overrides or {})
        self.memo: dict[str, np.ndarray] = {}
        self.approximate = False  # set when a finite difference was used
        self.magnitude = 0.0  # the largest |value| of any intermediate result (rounding is relative to it)
        self.active: set[str] = set()

    def symbol(self, key: str) -> np.ndarray:
        if key in self.overrides:
            return self.overrides[key]
        if key in self.memo:
            return self.memo[key]
        definition = self.draw.definitions.get(key)
        if definition is not None:
            if key in self.active:
                raise Undecidable(f"the definition of {key} refers to itself")
            self.active.add(key)
            try:
                value = self.ev(definition, {})
            finally:
                self.active.discard(key)
        else:
            value = self.draw.value(self.draw.table.get(key))
        self.memo[key] = value
        return value

    def ev(self, e: ir.Expr, env: dict[str, Any]) -> np.ndarray:
        method = getattr(self, "_" + type(e).__name__.lower())
        return method(e, env)

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

    def _const(self, e: ir.Const, env: dict) -> np.ndarray:
        return np.array([[e.value]])

    def _var(self, e: ir.Var, env: dict) -> np.ndarray:
        return self.symbol(e.key)

    def _nodevar(self, e: ir.NodeVar, env: dict) -> np.ndarray:
        return self.symbol(e.key)[env[e.node]]

    def _entry(self, e: ir.Entry, env: dict) -> np.ndarray:
        x = self.ev(e.x, env)
        if len(e.index) == 1:
            return np.array([[x.flat[env[e.index[0]]]]])
        return np.array([[x[env[e.index[0]], env[e.index[1]]]]])

    def _add(self, e: ir.Add, env: dict) -> np.ndarray:
        total = self.track(self.ev(e.terms[0], env))
        for term in e.terms[1:]:
            total = _broadcast_add(total, self.track(self.ev(term, env)))
        return total

    def _neg(self, e: ir.Neg, env: dict) -> np.ndarray:
        return -self.ev(e.x, env)

    def _mul(self, e: ir.Mul, env: dict) -> np.ndarray:
        a, b = self.ev(e.a, env), self.ev(e.b, env)
        if e.op == "matmul":  # a sum of products: its rounding is relative to max|a|·max|b|
            if a.size and b.size:
                self.magnitude = max(self.magnitude, float(np.abs(a).max()) * float(np.abs(b).max()))
            return a @ b
        if e.op == "hadamard":
            return a * b
        if e.op == "scale":
            return a * b if a.shape == b.shape else (a[0, 0] * b if a.shape == (1, 1) else a * b[0, 0])
        raise Undecidable("an unresolved product")  # pragma: no cover - shapes resolve every product

    def _div(self, e: ir.Div, env: dict) -> np.ndarray:
        a, b = self.ev(e.a, env), self.ev(e.b, env)
        if np.any(b == 0):
            raise _outside("a division by zero", "除以零")
        if a.shape == b.shape:
            return a / b
        return a[0, 0] / b if a.shape == (1, 1) else a / b[0, 0]

    def _pow(self, e: ir.Pow, env: dict) -> np.ndarray:
        a, b = self.ev(e.a, env), float(self.ev(e.b, env)[0, 0])
        if a.shape[0] == a.shape[1] and a.shape != (1, 1):
            off = a - np.diag(np.diag(a))
            if not np.any(off):
                d = np.diag(a)
                if np.any(d <= 0) and b != int(b):
                    raise _outside("a fractional power of a non-positive number", "非正数的分数次幂")
                return np.diag(d ** b)
            if b == int(b):
                try:
                    result = np.linalg.matrix_power(a, int(b))
                except np.linalg.LinAlgError:
                    raise _outside("the inverse of a singular matrix", "奇异矩阵的逆") from None
                if b < 0:  # an inverse loses about cond(a) in relative precision
                    self.magnitude = max(self.magnitude, float(np.linalg.cond(a)) * float(np.max(np.abs(result))))
                return result
            raise Undecidable("a fractional power of a non-diagonal matrix")
        if b != int(b) and np.any(a < 0):
            raise _outside("a fractional power of a negative number", "负数的分数次幂")
        if np.any(a == 0) and b < 0:
            raise _outside("zero to a negative power", "零的负数次幂")
        return a ** b

    def _t(self, e: ir.T, env: dict) -> np.ndarray:
        return self.ev(e.x, env).T

    def _apply(self, e: ir.Apply, env: dict) -> np.ndarray:
        args = [self.ev(a, env) for a in e.args]
        x = args[0]
        if e.fn in ("max", "min"):
            return (np.maximum if e.fn == "max" else np.minimum)(args[0], args[1])
        if e.fn == "diag":
            return np.diagflat(x) if 1 in x.shape else np.diag(x).reshape(-1, 1)
        if e.fn == "norm":
            return np.array([[float(np.sqrt(np.sum(x * x)))]])
        if e.fn == "sumall":
            return np.array([[float(np.sum(x))]])
        if e.fn == "softmax":
            if e.deriv:
                raise Undecidable("the derivative of softmax is a matrix; write it out")
            z = np.exp(x - x.max())
            return z / z.sum()
        family = self.draw.fns.get(e.fn) or _FIXED.get(e.fn)
        if family is None:
            raise Undecidable(f"no numeric meaning for the function {e.fn}")
        if e.deriv >= len(family):
            raise Undecidable(f"{e.fn} has no derivative here")
        if e.fn in ("log", "sqrt") and np.any(x <= 0 if e.fn == "log" else x < 0):
            raise (_outside("log of a number that is not positive", "非正数的对数") if e.fn == "log"
                   else _outside("the square root of a negative number", "负数的平方根"))
        return family[e.deriv](x)

    def _sumover(self, e: ir.SumOver, env: dict) -> np.ndarray:
        if e.domain is not None:
            members = self.set_of(e.domain, env)
        else:
            members = range(self.draw.dim(self.ranges[e.var]))
        total = None
        for m in sorted(members):
            value = self.track(self.ev(e.body, {**env, e.var: m}))
            total = value if total is None else _broadcast_add(total, value)
        if total is None:
            raise DrawFailed("an empty sum")
        return total

    ranges: Mapping[str, str] = {}

    def set_of(self, e: ir.Expr, env: dict) -> frozenset[int]:
        g = self.draw.graph
        if g is None:
            raise Undecidable("no graph in this question")
        if isinstance(e, ir.Neigh):
            return g.neighbours[env[e.node]]
        if isinstance(e, ir.Single):
            return frozenset({env[e.node]})
        if isinstance(e, ir.Union):
            return self.set_of(e.a, env) | self.set_of(e.b, env)
        raise Undecidable("not a set of nodes")

    def _card(self, e: ir.Card, env: dict) -> np.ndarray:
        size = len(self.set_of(e.x, env))
        if isinstance(e.x, ir.Neigh) and self.draw.conventions.get("degree") == "self-loop":
            size += 1  # |N(u)| counts the self-loop of Ã = A + I
        return np.array([[float(size)]])

    def _partial(self, e: ir.Partial, env: dict) -> np.ndarray:
        if not isinstance(e.den, ir.Var):
            raise Undecidable("a derivative with respect to this is not supported")
        depends = isinstance(e.num, ir.Var) and e.num.key in self.draw.definitions
        if isinstance(e.num, ir.Var) and not depends:
            named = self.draw.definitions.get(ir.partial_key(e.num.key, e.den.key))
            if named is not None:  # given: ∂J/∂Z = δ
                return self.ev(named, {})
        if not isinstance(e.num, ir.Var):
            return self._linear_partial(e.num, e.den.key, env)
        if depends:
            return self._finite_difference(e.num, e.den.key, env, jacobian=True)
        num_shape = tuple(self.draw.dim(d) for d in self.draw.table.get(e.num.key).shape)
        den = self.symbol(e.den.key)
        shape = den.shape if num_shape == (1, 1) else (den.shape[0], num_shape[0])
        return self.draw.stand_in(f"∂{e.num.key}/∂{e.den.key}", shape)

    def _unknowns(self, e: ir.Expr, den: str) -> set[str]:
        """Symbols in ``e`` (through the definitions) that are neither given nor ``den``: unknown functions of anything."""
        found: set[str] = set()
        seen: set[str] = set()
        stack = [e]
        while stack:
            for node in ir.walk(stack.pop()):
                if isinstance(node, (ir.Var, ir.NodeVar)) and node.key not in seen:
                    seen.add(node.key)
                    definition = self.draw.definitions.get(node.key)
                    if definition is not None:
                        stack.append(definition)
                    elif node.key != den and not self.draw.table.get(node.key).kind == "identity":
                        found.add(node.key)
        return found

    def _linear_partial(self, num: ir.Expr, den: str, env: dict) -> np.ndarray:
        """∂(expression)/∂den. An undefined symbol such as J(θ) is an unknown function, so its derivative is a
        stand-in (as for ∂J/∂θ itself): the derivative is pushed through sums and constant factors down to it.
        Where it cannot be (a product of two unknowns, J²), the derivative has no numeric meaning here."""
        unknown = self._unknowns(num, den)
        if any(info.of for info in self.draw.table):  # the question says which symbols are functions (J(θ))
            unknown = {k for k in unknown if self.draw.table.get(k).of is not None}
        if not unknown:
            return self._finite_difference(num, den, env, jacobian=True)

        def constant(x: ir.Expr) -> bool:
            return not (self._unknowns(x, "") & (unknown | {den})) and self.ev(x, env).shape == (1, 1)

        def go(x: ir.Expr) -> np.ndarray:
            if not (self._unknowns(x, den) & unknown):
                return self._finite_difference(x, den, env, jacobian=True)
            if isinstance(x, ir.Var) and x.key in unknown:
                return self._partial(ir.Partial(x, ir.Var(den)), env)
            if isinstance(x, ir.Add):
                total = go(x.terms[0])
                for term in x.terms[1:]:
                    total = _broadcast_add(total, go(term))
                return total
            if isinstance(x, ir.Neg):
                return -go(x.x)
            if isinstance(x, ir.Mul) and x.op in ("scale", "hadamard"):
                if constant(x.a):
                    return float(self.ev(x.a, env)[0, 0]) * go(x.b)
                if constant(x.b):
                    return float(self.ev(x.b, env)[0, 0]) * go(x.a)
            if isinstance(x, ir.Div) and constant(x.b):
                scale = float(self.ev(x.b, env)[0, 0])
                if scale == 0:
                    raise _outside("a division by zero", "除以零")
                return go(x.a) / scale
            raise Undecidable("the derivative of an expression of an unknown function (only sums and constant "
                              "multiples of it can be differentiated here)")

        return go(num)

    def _deriv(self, e: ir.Deriv, env: dict) -> np.ndarray:
        return self._finite_difference(e.x, e.var, env, jacobian=False)

    def _finite_difference(self, num: ir.Expr, key: str, env: dict, jacobian: bool) -> np.ndarray:
        self.approximate = True
        base = self.symbol(key)
        columns = []
        for index in np.ndindex(base.shape):
            h = 1e-5 * max(1.0, abs(float(base[index])))
            plus, minus = base.copy(), base.copy()
            plus[index] += h
            minus[index] -= h
            hi = Evaluator(self.draw, {**self.overrides, key: plus})
            lo = Evaluator(self.draw, {**self.overrides, key: minus})
            hi.ranges = lo.ranges = self.ranges
            columns.append((hi.ev(num, env) - lo.ev(num, env)) / (2 * h))
        first = columns[0]
        if first.shape == (1, 1):  # d(scalar)/d(X) has X's shape
            return np.array([c[0, 0] for c in columns]).reshape(base.shape)
        if base.shape == (1, 1):  # d(X)/d(scalar) has X's shape
            return first
        if jacobian and first.shape[1] == 1 and base.shape[1] == 1:  # denominator layout: row i is d/dx_i
            return np.hstack(columns).T
        raise Undecidable("a derivative of a matrix by a matrix")


def _broadcast_add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.shape == b.shape:
        return a + b
    if a.shape == (1, 1):
        return a[0, 0] + b
    if b.shape == (1, 1):
        return a + b[0, 0]
    raise Undecidable("adding different shapes")  # pragma: no cover - shapes catch this


def evaluate(typed_expr: ir.Expr, free: tuple[str, ...], ranges: Mapping[str, str], draw: Draw,
             nodes: tuple[str, ...]) -> tuple[np.ndarray, bool, float]:
    """The value of a typed expression in one draw, stacked over free nodes and free indices; whether a finite
    difference was used; and the largest intermediate magnitude (for the tolerance, see ``judge``)."""
    evaluator = Evaluator(draw)
    evaluator.ranges = ranges
    node_sets = [draw.eval_nodes()] * len(nodes) if nodes and draw.graph else []
    index_sets = [range(draw.dim(ranges[i])) for i in free]
    blocks = []
    with np.errstate(all="raise", under="ignore"):  # underflow to 0 is a value, not a failure
        try:
            for node_values in product(*node_sets):
                env = dict(zip(nodes, node_values))
                if free:
                    entries = [float(evaluator.ev(typed_expr, {**env, **dict(zip(free, idx))})[0, 0])
                               for idx in product(*index_sets)]
                    shape = tuple(len(s) for s in index_sets)
                    value = np.array(entries).reshape(shape if len(shape) == 2 else (shape[0], 1))
                else:
                    value = evaluator.ev(typed_expr, env)
                blocks.append(value)
        except FloatingPointError as exc:
            raise DrawFailed(str(exc)) from None
    result = np.stack(blocks) if len(blocks) > 1 else blocks[0]
    if not np.all(np.isfinite(result)):
        raise DrawFailed("a value is not finite")
    return result, evaluator.approximate, evaluator.magnitude


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


__all__ = ["Draw", "DrawFailed", "Evaluator", "Graph", "Undecidable", "close", "evaluate", "hub_graph", "judge", "math",
           "random_graph"]
