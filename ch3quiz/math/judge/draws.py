"""One draw: every dimension, symbol, function and graph of a question given random values.

Each draw gives every dimension a *distinct* size (never 1), every matrix random non-symmetric entries,
unknown functions random smooth stand-ins (with their true derivatives), and graphs random small shapes
with uneven degrees. A *scale draw* gives real symbols large magnitudes (see ``numeric``).
Also the two ways an evaluation can fail: ``Undecidable`` (no numeric meaning) and ``DrawFailed``.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ch3quiz.math.judge.functions import Fn, family
from ch3quiz.math.meaning import graphrows, ir
from ch3quiz.math.meaning.symbols import SymbolInfo, SymbolTable


HUB_NODES = 61  # a hub graph's size: the hub's degree is at least 60
WIDE_RANGE = 100  # an integer range wider than this ratio is drawn log-uniformly
SCALES = (0.1, 10.0, 100.0, 1000.0)  # the scale draws, each with its mirror image


class Undecidable(Exception):
    """This expression cannot be evaluated numerically (say why)."""


class DrawFailed(Exception):
    """A draw could not be evaluated: a value outside a function's domain (log of a negative, 0/0, the inverse
    of a singular matrix: ``domain`` is true) or a numeric accident (overflow, an empty sum)."""

    def __init__(self, message: str = "", domain: bool = False, message_zh: str = "") -> None:
        super().__init__(message)
        self.domain = domain
        self.message_zh = message_zh or message


def outside(message: str, message_zh: str) -> DrawFailed:
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


# ---- one draw ------------------------------------------------------------------

@dataclass(kw_only=True)
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
    rows: dict[str, str] = field(default_factory=dict)  # node family -> the matrix whose rows it is (graphrows)
    _pool: list[int] = field(default_factory=list)
    _values: dict[str, np.ndarray] = field(default_factory=dict)
    defined: dict[Any, tuple[np.ndarray, bool, float]] = field(default_factory=dict)  # see Evaluator._defined

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        self.rows = graphrows.row_links(self.conventions)  # asked at every symbol looked up: read once
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
            self.fns[name] = family(kind, np.random.default_rng([self.seed, zlib.crc32(name.encode())]))
        self.fns.setdefault("sigma", family("logistic", rng))

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

    def value(self, info: SymbolInfo, sample: int | None = None) -> np.ndarray:
        """The symbol's value in this draw; a per-input symbol (x in ∑_x) has one value per training input."""
        key = info.key if info.sample is None or sample is None else f"{info.key}⟨{sample}⟩"
        if key not in self._values:
            self._values[key] = self._random(info if key == info.key else replace(info, key=key))
        return self._values[key]

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



def broadcast_add(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a + b where either may be a scalar (1 x 1)."""
    if a.shape == b.shape:
        return a + b
    if a.shape == (1, 1):
        return a[0, 0] + b
    if b.shape == (1, 1):
        return a + b[0, 0]
    raise Undecidable("adding different shapes")  # pragma: no cover - shapes catch this


__all__ = ["SCALES", "Draw", "DrawFailed", "Graph", "Undecidable", "broadcast_add", "hub_graph", "outside", "random_graph"]
