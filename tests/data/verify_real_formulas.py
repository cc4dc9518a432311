"""Independent numpy oracles for tests/data/real_formulas.yaml, keyed by entry id.

Each oracle is a hand translation of *that* entry's text into numpy, evaluated over the same random
environment as the reference answer of its question (the ``env_*``/``ref_*`` pairs of
tests/data/formula_corpus.py, imported from there, never copied).  An entry's label follows from its
oracle alone:

* a callable: ``correct`` when it equals the reference on every draw, else ``incorrect``; a draw where
  it raises IndexError/ValueError (a sum bound past the end of a vector, shapes that do not chain)
  counts as a disagreement;
* ``R(reading, reading, ...)``: the text has several readings (a ``*`` between square matrices,
  brackets that may mean floor): ``correct`` if every reading equals the reference, ``incorrect`` if
  none does, ``ambiguous`` otherwise;
* ``None``: the text cannot be evaluated under the question (shape error, or a name that is not a
  symbol of the question): ``incorrect``.

Conventions of the translations: the names the question fixes (sigma generic elementwise, GNN N(v)
without v, |N(.)| the plain degree in the basic GNN and the degree in A~ = A + I for GCN, GRU z_t on
the candidate); ``*`` in a text is read by shape (matrix product where the shapes chain, elementwise
where they agree, scaling by a scalar), ``@``, ``⊙``, ``\\odot`` and ``.*`` unambiguously.

Nothing here evaluates a string.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
CORPUS_YAML = HERE / "real_formulas.yaml"
FORMULA_CORPUS = HERE / "formula_corpus.py"
SEEDS = range(6)
LABELS = ("correct", "incorrect", "ambiguous")


def _load_formula_corpus():
    """The labelled corpus module (its environments and references), loaded once under a fixed name."""
    name = "ch3quiz_tests_formula_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FORMULA_CORPUS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


fc = _load_formula_corpus()
S, softmax, diag, dpow, per_node = fc.sigmoid, fc.softmax, fc.diag, fc.dpow, fc.per_node
exp, sqrt, floor, ceil, tanh = np.exp, np.sqrt, np.floor, np.ceil, np.tanh


@dataclass(frozen=True)
class Readings:
    """The readings of a text that can be read more than one way."""

    options: tuple[Callable, ...]


def R(*options: Callable) -> Readings:
    return Readings(tuple(options))


def nrm(e):
    """The GCN normalised adjacency D~^{-1/2} A~ D~^{-1/2}."""
    return dpow(e.Dt, -0.5) @ e.At @ dpow(e.Dt, -0.5)


ORACLES: dict[str, Callable | Readings | None] = {
    'sig-01': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-02': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-03': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-04': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-05': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-06': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** -2,
    'sig-07': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-08': lambda e: 1 / (1 + exp(-e.x)) * (1 - 1 / (1 + exp(-e.x))),
    'sig-09': lambda e: (1 + exp(-e.x)) ** -2 * exp(-2 * e.x) * exp(e.x),
    'sig-10': lambda e: (exp(e.x) + 1) ** -2 * exp(e.x),
    'sig-11': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-12': lambda e: 1 / (1 + exp(-e.x)) * exp(-e.x) / (1 + exp(-e.x)),
    'sig-13': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-14': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-15': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-16': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-17': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-18': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-19': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-20': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-21': lambda e: 1 * (1 - e.x),
    'sig-22': lambda e: e.x * (1 - e.x),
    'sig-23': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-24': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-25': lambda e: 1 / (1 + exp(-e.x)) * (1 - 1 / (1 + exp(-e.x))),
    'sig-26': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** -2,
    'sig-27': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-28': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-29': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'tanh-01': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-02': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-03': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-04': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-05': lambda e: 2 / (2 * np.cosh(e.x)) ** 2,
    'tanh-06': lambda e: (1 + 1) / (exp(e.x) + exp(-e.x)) ** 2,
    'tanh-07': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-08': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-09': lambda e: 1 - (exp(e.x) - exp(-e.x)) ** 2 / (exp(e.x) + exp(-e.x)) ** 2,
    'tanh-10': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-11': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-12': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-13': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-14': lambda e: 4 / (exp(e.x) + exp(-e.x)) ** 2,
    'tanh-15': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-16': lambda e: 1 / np.cosh(e.x),
    'tanh-17': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-18': lambda e: 1 - tanh(e.x) * tanh(e.x),
    'tanh-19': lambda e: 1 - e.x ** 2,
    'tanh-20': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-21': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-22': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-23': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-24': lambda e: 1 - tanh(e.x),
    'tanh-25': lambda e: 1 - tanh(e.x ** 2),
    'mse-01': lambda e: 2 * (e.yh - e.y),
    'mse-02': lambda e: -2 * (e.y - e.yh),
    'mse-03': lambda e: 0.5 * 2 * (e.yh - e.y) * 1,
    'mse-04': lambda e: e.yh - e.y,
    'mse-05': lambda e: 0.5 * 2 * (e.yh - e.y),
    'mse-06': lambda e: e.yh - e.y,
    'mse-07': lambda e: e.yh - e.y,
    'mse-08': lambda e: 0.5 * 2 * (e.yh - e.y),
    'mse-09': lambda e: e.yh - e.y,
    'mse-10': lambda e: 2 * (e.yh - e.y),
    'mse-11': lambda e: -(e.y - e.yh),
    'mse-12': lambda e: 2 * (e.yh - e.y),
    'mse-13': lambda e: e.yh - e.y,
    'mse-14': lambda e: 0.5 * 2 * (e.yh - e.y),
    'mse-15': lambda e: e.yh - e.y,
    'mse-16': lambda e: e.yh - e.y,
    'mse-17': lambda e: 0.5 * (e.yh - e.y) ** 2,
    'bce-01': lambda e: S(e.z) - e.y,
    'bce-02': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))) * S(e.z) * (1 - S(e.z)),
    'bce-03': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))),
    'bce-04': lambda e: -e.y * (1 - S(e.z)) + (1 - e.y) * S(e.z),
    'bce-05': lambda e: (S(e.z) - e.y) * 1,
    'bce-06': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))),
    'bce-08': lambda e: S(e.z) - e.y,
    'bce-09': lambda e: 1 / (1 + exp(-e.z)) - e.y,
    'bce-10': lambda e: e.y - S(e.z),
    'bce-11': lambda e: S(e.z) - e.y,
    'bce-12': lambda e: 1 / (1 + exp(-e.z)) - e.y,
    'bce-13': lambda e: S(e.z) - e.y,
    'bce-14': lambda e: S(e.z) - e.y,
    'bce-15': lambda e: (S(e.z) - e.y) * S(e.z) * (1 - S(e.z)),
    'bce-16': lambda e: S(e.z) - e.y,
    'bce-17': lambda e: e.y - S(e.z),
    'smx-01': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-02': lambda e: -e.y + sum(e.y[i, 0] for i in range(e.K)) * e.yh,
    'smx-03': lambda e: np.array([[-e.y[j, 0] * (1 - e.yh[j, 0]) + sum(e.y[i, 0] * e.yh[j, 0] for i in range(e.K) if i != j)] for j in range(e.K)]),
    'smx-04': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-05': lambda e: np.array([[sum(e.y[j, 0] * (e.yh[i, 0] - (1.0 if i == j else 0.0)) for j in range(e.K))] for i in range(e.K)]),
    'smx-06': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-07': lambda e: np.array([[e.yh[i, 0] * sum(e.y[k, 0] for k in range(e.K)) - e.y[i, 0]] for i in range(e.K)]),
    'smx-08': lambda e: softmax(e.z) - e.y,
    'smx-09': lambda e: softmax(e.z - e.y),
    'smx-10': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-11': lambda e: e.yh - e.y,
    'smx-12': lambda e: -e.y / e.yh,
    'smx-13': lambda e: softmax(e.z) - e.y,
    'smx-14': lambda e: exp(e.z) / np.sum(exp(e.z)) - e.y,
    'smx-15': lambda e: e.yh - e.y,
    'smx-16': lambda e: softmax(e.z) - e.y,
    'smx-18': lambda e: e.yh * (1 - e.yh),
    'gd-01': lambda e: e.th - e.eta * e.g,
    'gd-02': lambda e: e.th - e.eta * e.g,
    'gd-03': lambda e: e.th - e.eta * e.g,
    'gd-04': lambda e: e.th - e.eta * e.g,
    'gd-05': lambda e: e.th - e.eta * e.g,
    'gd-06': lambda e: e.th - e.eta * e.g,
    'gd-07': lambda e: e.th - e.eta * e.g,
    'gd-08': lambda e: e.th - e.eta * e.g,
    'gd-09': lambda e: e.th - e.eta * e.g,
    'gd-10': lambda e: e.th + e.eta * e.g,
    'gd-11': lambda e: -e.eta * e.g,
    'gd-12': lambda e: e.th - e.eta * e.g,
    'gd-13': lambda e: e.th - e.eta * e.g,
    'gd-14': lambda e: e.th - e.eta * e.g,
    'gd-15': lambda e: e.th - e.g,
    'gd-16': lambda e: e.th + e.eta * e.g,
    'gd-17': lambda e: e.th - e.eta * e.g,
    'fwd-01': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-02': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-03': lambda e: np.array([[e.s(sum(e.W[j, k] * e.A[k, 0] for k in range(e.nl1)) + e.b[j, 0])] for j in range(e.nl)]),
    'fwd-04': lambda e: np.array([[e.s(sum(e.W[j, k] * e.A[k, 0] for k in range(e.nl1)) + e.b[j, 0])] for j in range(e.nl)]),
    'fwd-05': lambda e: np.array([[e.s(sum(e.W[j, k] * e.A[k, 0] for k in range(e.nl)) + e.b[j, 0])] for j in range(e.nl)]),
    'fwd-06': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-07': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-08': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-09': None,
    'fwd-10': lambda e: e.s(e.W @ e.A) + e.b,
    'fwd-11': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-12': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-13': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-14': None,
    'fwd-15': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-16': lambda e: e.W @ e.A + e.b,
    'fwd-17': lambda e: e.s(e.W @ e.A + e.b),
    'out-01': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-02': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-03': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-04': lambda e: 2 * (e.A - e.Y) * e.ds(e.Z),
    'out-05': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-06': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-07': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-08': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-09': lambda e: (e.A - e.Y) * e.A * (1 - e.A),
    'out-10': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-11': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-12': lambda e: (e.A - e.Y) * S(e.Z) * (1 - S(e.Z)),
    'out-13': lambda e: (e.A - e.Y) * S(e.Z) * (1 - S(e.Z)),
    'out-14': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-15': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-16': None,
    'hid-01': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-02': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-03': lambda e: np.array([[sum(e.d1[k, 0] * e.W[k, j] for k in range(e.n2)) * e.ds(e.Z[j, 0])] for j in range(e.n1)]),
    'hid-04': lambda e: np.array([[sum(e.d1[k, 0] * e.W[k, j] for k in range(e.n2)) * e.ds(e.Z[j, 0])] for j in range(e.n1)]),
    'hid-05': None,
    'hid-06': lambda e: np.array([[sum(e.d1[k, 0] * e.W[k, j] for k in range(e.n2)) * e.ds(e.Z[j, 0])] for j in range(e.n1)]),
    'hid-07': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-08': lambda e: np.array([[sum(e.W[j, i] * e.d1[j, 0] for j in range(e.n1)) * e.ds(e.Z[i, 0])] for i in range(e.n1)]),
    'hid-09': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-10': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-11': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-12': None,
    'hid-13': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-14': lambda e: (e.W.T @ e.d1) * e.s(e.Z) * (1 - e.s(e.Z)),
    'hid-15': None,
    'hid-16': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-17': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'lm1-01': lambda e: np.array([[sum(e.W[k, j] * e.dL[k, 0] for k in range(e.nL)) * e.ds(e.Z1[j, 0])] for j in range(e.nL1)]),
    'lm1-02': lambda e: np.array([[sum(e.W[j, i] * e.dL[j, 0] for j in range(e.nL1)) * e.ds(e.Z1[i, 0])] for i in range(e.nL1)]),
    'lm1-03': lambda e: np.array([[sum(e.W[j, i] * e.dL[i, 0] for j in range(e.nL)) * e.ds(e.Z1[i, 0])] for i in range(e.nL1)]),
    'lm1-04': lambda e: np.array([[sum(e.W[k, j] * e.dL[k, 0] for k in range(e.nL)) * e.ds(e.Z1[j, 0])] for j in range(e.nL1)]),
    'lm1-05': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-06': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-07': None,
    'lm1-08': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-09': lambda e: np.array([[sum(e.W[k, j] * e.dL[k, 0] for k in range(e.nL)) * e.ds(e.Z1[j, 0])] for j in range(e.nL1)]),
    'lm1-10': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-11': lambda e: e.W.T @ (e.dL * e.ds(e.ZL)),
    'lm1-12': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-13': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-14': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-15': None,
    'lm1-16': None,
    'gw-01': lambda e: np.array([[e.A1[k, 0] * e.d[j, 0] for k in range(e.nl1)] for j in range(e.nl)]),
    'gw-02': lambda e: np.array([[e.A1[k, 0] * e.d[j, 0] for k in range(e.nl1)] for j in range(e.nl)]),
    'gw-03': lambda e: e.d @ e.A1.T,
    'gw-04': lambda e: e.d @ e.A1.T,
    'gw-05': lambda e: e.A1 @ e.d.T,
    'gw-06': lambda e: e.d @ e.A1.T,
    'gw-07': lambda e: np.array([[e.A1[k, 0] * e.d[j, 0] for k in range(e.nl1)] for j in range(e.nl)]),
    'gw-08': lambda e: e.d @ e.Al.T,
    'gw-09': lambda e: e.d @ e.A1.T,
    'gw-10': lambda e: e.d @ e.A1.T,
    'gw-11': lambda e: e.d @ e.A1.T,
    'gw-12': lambda e: e.d @ e.A1.T,
    'gw-13': None,
    'gw-14': None,
    'gw-15': lambda e: e.d @ e.A1.T,
    'gw-16': lambda e: e.d @ e.A1.T,
    'gb-01': lambda e: np.array([[e.d[j, 0]] for j in range(e.nl)]),
    'gb-02': lambda e: np.array([[e.d[j, 0]] for j in range(e.nl)]),
    'gb-03': lambda e: e.d,
    'gb-04': lambda e: e.d * 1,
    'gb-05': lambda e: np.array([[e.d[j, 0]] for j in range(e.nl)]),
    'gb-06': lambda e: e.d @ e.A1.T,
    'gb-07': lambda e: e.d,
    'gb-08': lambda e: e.d,
    'gb-09': lambda e: e.d,
    'gb-10': lambda e: np.sum(e.d, axis=1, keepdims=True),
    'gb-11': lambda e: np.array([[np.sum(e.d)]]),
    'gb-12': lambda e: e.d,
    'gb-13': lambda e: e.d * e.ds(e.Z),
    'gb-14': lambda e: e.d,
    'gb1-01': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-02': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v] + [v]))),
    'gb1-03': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-04': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-05': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-06': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-07': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-08': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]))),
    'gb1-09': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-10': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-11': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] for u in e.N[v]) + e.B @ e.h[v])),
    'gb1-12': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'gu-01': lambda e: per_node(e, lambda v: e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v])),
    'gu-02': lambda e: per_node(e, lambda v: sum(e.W @ e.h[u] / np.sqrt(e.nN[v] * e.nN[u]) for u in e.N[v])),
    'gu-03': None,
    'gu-04': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v] + [v]))),
    'gu-05': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gu-06': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gu-07': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gu-08': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]))),
    'gu-09': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gu-10': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gu-11': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gu-12': lambda e: per_node(e, lambda v: e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v])),
    'gu-13': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'gc-01': lambda e: 1 / sqrt(e.nv * e.nu),
    'gc-02': lambda e: sqrt(e.nu) * sqrt(e.nv),
    'gc-03': lambda e: 1 / sqrt(e.nu * e.nv),
    'gc-04': lambda e: 1 / (sqrt(e.nu) * sqrt(e.nv)),
    'gc-05': lambda e: 1 / e.nv,
    'gc-06': lambda e: 1 / sqrt(e.nu * e.nv),
    'gc-07': lambda e: (e.nu * e.nv) ** -0.5,
    'gc-08': lambda e: sqrt(e.nu) * sqrt(e.nv),
    'gc-09': lambda e: 1 / (e.nu * e.nv),
    'gc-10': lambda e: e.nu ** -0.5 * e.nv ** -0.5,
    'gc-11': lambda e: 1 / sqrt(e.nu * e.nv),
    'gc-12': lambda e: 1 / sqrt(e.nv),
    'gc-13': lambda e: 1 / sqrt(e.nu) / sqrt(e.nv),
    'gm-01': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'gm-02': lambda e: nrm(e) @ e.H @ e.W,
    'gm-03': lambda e: nrm(e),
    'gm-04': lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W),
    'gm-05': lambda e: e.s(dpow(e.Dt, -0.5) @ (e.A + e.I) @ dpow(e.Dt, -0.5) @ e.H @ e.W),
    'gm-06': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'gm-07': lambda e: e.s(dpow(e.Dt, -1) @ e.H @ e.W),
    'gm-08': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'gm-09': lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W),
    'gm-10': lambda e: e.s(dpow(e.D, -0.5) @ (e.A + e.I) @ dpow(e.D, -0.5) @ e.H @ e.W),
    'gm-11': R(lambda e: e.s(nrm(e) @ e.H @ e.W), lambda e: e.s((dpow(e.Dt, -0.5) * e.At * dpow(e.Dt, -0.5)) @ e.H @ e.W)),
    'gm-12': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'gm-13': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'rnn-01': None,
    'rnn-02': None,
    'rnn-03': None,
    'rnn-04': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-05': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-06': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-07': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-08': lambda e: S(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-09': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-10': None,
    'rnn-11': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-12': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-13': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-14': None,
    'lc-01': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-02': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-03': None,
    'lc-04': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-05': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-06': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-07': lambda e: e.i * e.ct + e.f * e.cp,
    'lc-08': lambda e: e.f * e.cp + e.i * tanh(e.ct),
    'lc-09': lambda e: e.f * e.cp + e.ct * e.i,
    'lc-10': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-11': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-12': None,
    'lc-13': lambda e: e.f * e.cp + e.i * e.ct,
    'lc-14': lambda e: e.f * e.ct + e.i * e.cp,
    'lh-01': lambda e: e.o * tanh(e.c),
    'lh-02': lambda e: e.o * tanh(e.c),
    'lh-03': lambda e: e.o * tanh(e.c),
    'lh-04': lambda e: e.o * tanh(e.c),
    'lh-05': lambda e: e.o * tanh(e.c),
    'lh-06': lambda e: tanh(e.c) * e.o,
    'lh-07': lambda e: e.o * e.c,
    'lh-08': lambda e: e.o * tanh(e.c),
    'lh-09': lambda e: e.o * tanh(e.c),
    'lh-10': lambda e: e.o * tanh(e.c),
    'lh-11': lambda e: e.o * tanh(e.cp),
    'lh-12': lambda e: tanh(e.o * e.c),
    'gru-01': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-02': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-03': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-04': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-05': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-06': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-07': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-08': lambda e: e.hp + e.z * (e.ht - e.hp),
    'gru-09': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-10': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-11': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-12': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-13': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'cnn-01': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-02': lambda e: (e.n + 2 * e.p - e.k) / e.s + 1,
    'cnn-03': lambda e: (e.n - e.k + 2 * e.p) / e.s + 1,
    'cnn-04': R(lambda e: floor((e.n + 2 * e.p - e.k) / e.s + 1), lambda e: (e.n + 2 * e.p - e.k) / e.s + 1),
    'cnn-05': lambda e: floor((e.n - e.k + e.p + e.s) / e.s),
    'cnn-06': lambda e: floor((e.n - e.k + 2 * e.p + e.s) / e.s),
    'cnn-07': lambda e: (e.n + 2 * e.p - e.k) / e.s + 1,
    'cnn-08': lambda e: floor((e.n + 2 * e.p - e.k) / e.s + 1),
    'cnn-09': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-10': lambda e: floor(((e.n + 2 * e.p - 1 * (e.k - 1) - 1) / e.s) + 1),
    'cnn-11': lambda e: (e.n + 2 * e.p - e.k) / e.s + 1,
    'cnn-12': lambda e: (e.n - e.k + 1) / e.s,
    'cnn-13': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-14': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-15': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-16': lambda e: ceil((e.n - e.k + 1) / e.s),
    'cnn-17': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-18': lambda e: ceil((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cp-01': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-02': lambda e: e.kh * e.kw * e.Cin * e.Cout,
    'cp-03': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-04': lambda e: e.kh * e.kw * e.Cin * e.Cout + 1,
    'cp-05': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-06': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-07': lambda e: (e.kh * e.kw + 1) * e.Cin * e.Cout,
    'cp-08': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-09': lambda e: e.Cout * e.Cin * e.kh * e.kw + e.Cout,
    'cp-10': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-11': lambda e: (e.kh * e.kw + 1) * e.Cout,
    'cp-12': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-13': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'rb-01': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'rb-02': lambda e: e.f * e.cp + e.i * e.ct,
    'rb-03': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'rb-04': lambda e: e.f * e.cp + e.i * e.ct,
    'rb-05': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'rb-06': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'sig-30': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-31': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-32': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-33': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-34': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-35': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-36': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-37': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-38': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-39': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-40': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-41': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-42': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-43': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-44': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-45': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-46': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-47': lambda e: S(e.x) * (1 - S(e.x)),
    'sig-48': lambda e: S(e.x) * (S(e.x) - 1),
    'tanh-26': lambda e: (np.cosh(e.x) ** 2 - np.sinh(e.x) ** 2) / np.cosh(e.x) ** 2,
    'tanh-27': lambda e: (np.cosh(e.x) ** 2 - np.sinh(e.x) ** 2) / np.cosh(e.x) ** 2,
    'tanh-28': lambda e: ((exp(e.x) + exp(-e.x)) ** 2 - (exp(e.x) - exp(-e.x)) ** 2) / (exp(e.x) + exp(-e.x)) ** 2,
    'tanh-29': lambda e: (exp(-e.x) * exp(e.x) - exp(e.x) * (-exp(-e.x))) / (exp(-e.x) + exp(e.x)) ** 2,
    'tanh-30': lambda e: (exp(e.x - e.x) + exp(e.x - e.x)) / (exp(e.x) + exp(-e.x)) ** 2,
    'tanh-31': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-32': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-33': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-34': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-35': lambda e: 1 - tanh(e.x) ** 2,
    'mse-18': lambda e: 2 * (e.yh - e.y) * 1,
    'mse-19': lambda e: 2 * (e.y - e.yh) * -1,
    'mse-20': lambda e: 2 * (e.yh - e.y) / 1,
    'mse-21': lambda e: 2 * (e.yh - e.y) / 1,
    'mse-22': lambda e: e.yh - e.y,
    'smx-19': lambda e: np.array([[-e.y[k, 0] * (1 - e.yh[k, 0]) + sum(e.y[i, 0] * e.yh[k, 0] for i in range(e.K) if i != k)] for k in range(e.K)]),
    'smx-20': lambda e: np.array([[-e.y[k, 0] + e.y[k, 0] * e.yh[k, 0] + sum(e.y[i, 0] * e.yh[k, 0] for i in range(e.K) if i != k)] for k in range(e.K)]),
    'smx-21': lambda e: np.array([[e.yh[k, 0] * sum(e.y[i, 0] for i in range(e.K)) - e.y[k, 0]] for k in range(e.K)]),
    'smx-22': lambda e: np.array([[-e.y[i, 0] + e.y[i, 0] * e.yh[i, 0] + sum(e.y[k, 0] * e.yh[i, 0] for k in range(e.K) if k != i)] for i in range(e.K)]),
    'smx-23': lambda e: np.array([[e.yh[i, 0] * sum(e.y[k, 0] for k in range(e.K)) - e.y[i, 0]] for i in range(e.K)]),
    'smx-24': lambda e: np.array([[-e.y[j, 0] * (1 - e.yh[j, 0]) + sum(e.y[i, 0] * e.yh[j, 0] for i in range(e.K) if i != j)] for j in range(e.K)]),
    'smx-25': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-26': lambda e: np.array([[sum(e.yh[i, 0] * e.y[j, 0] for j in range(e.K) if j != i) + (e.yh[i, 0] - 1) * e.y[i, 0]] for i in range(e.K)]),
    'smx-27': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-29': lambda e: e.yh - e.y,
    'smx-30': lambda e: e.yh - e.y,
    'bce-18': lambda e: S(e.z) - e.y,
    'bce-19': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))) * S(e.z) * (1 - S(e.z)),
    'bce-20': lambda e: -(e.y / S(e.z) - (1 - e.y) / (1 - S(e.z))),
    'bce-21': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))),
    'bce-22': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))),
    'bce-23': lambda e: -(e.y / S(e.z) - (1 - e.y) / (1 - S(e.z))),
    'bce-24': lambda e: (S(e.z) - e.y) * 1,
    'bce-25': lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z))) * (S(e.z) * (1 - S(e.z))),
    'out-17': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-18': lambda e: e.A - e.Y,
    'hid-18': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'hid-19': None,
    'lm1-17': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'lm1-18': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'gw-17': lambda e: e.d @ e.A1.T,
    'gw-18': None,
    'gw-19': lambda e: e.d @ e.A1.T,
    'gb-15': lambda e: e.d,
    'cnn-19': lambda e: (e.n + 2 * e.p - e.k) / e.s + 1,
    'cnn-20': lambda e: (e.n + e.p * 2 - e.k) // e.s + 1,
    'cnn-21': lambda e: (e.n - e.k + 2 * e.p) // e.s + 1,
    'cnn-22': lambda e: (e.n - e.k + 2 * e.p) / e.s + 1,
    'cp-14': lambda e: (e.Cin * e.kh ** 2 + 1) * e.Cout,
    'cp-15': lambda e: e.Cin * e.kh * e.kw * e.Cout,
    'gru-14': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'gru-15': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-16': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'gru-17': None,
    'lc-15': lambda e: e.f * e.cp + e.i * e.ct,
    'lh-13': lambda e: e.o * tanh(e.c),
    'rnn-15': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-16': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'rnn-17': None,
    'gd-18': lambda e: e.th - (e.eta * e.g),
    'gd-19': lambda e: e.th + e.eta * e.g,
    'gm-14': lambda e: dpow(e.Dt, -0.5) @ (e.I + e.A) @ dpow(e.Dt, -0.5),
    'gm-15': lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W),
    'hid-21': lambda e: np.array([[sum(e.d1[j, 0] * e.W[j, i] for j in range(e.n2)) * e.ds(e.Z[i, 0])] for i in range(e.n1)]),
    'cp-16': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-17': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cp-18': lambda e: e.Cin * e.Cout * e.kh * e.kw + e.Cout,
    'cp-19': lambda e: e.kh * e.kw * e.Cout * e.Cin,
    'cp-20': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'cnn-23': lambda e: (e.n - e.k + 2 * e.p) / e.s + 1,
    'cnn-24': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'cnn-25': lambda e: np.trunc((e.n + e.p + e.p - e.k) / e.s + 1),
    'tanh-36': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-37': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-38': lambda e: 2 * S(2 * e.x) * (1 - S(2 * e.x)),
    'tanh-39': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-40': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-41': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-42': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-43': lambda e: 4 * exp(e.x) / (exp(2 * e.x) + 1 + 2 * tanh(e.x) - tanh(e.x) ** 2),
    'tanh-44': lambda e: 1 - tanh(e.x) ** 2,
    'tanh-45': lambda e: 1 - tanh(e.x) ** 2,
    'fwd-18': lambda e: e.s(e.W @ e.A + e.b),
    'fwd-19': lambda e: e.s(e.W @ e.A + e.b),
    'gru-18': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'lh-14': lambda e: e.o * tanh(e.c),
    'lc-16': lambda e: e.f * e.cp + e.i * e.ct,
    'gu-14': None,
    'gm-16': lambda e: e.s(e.A @ e.H @ e.W),
    'bce-26': lambda e: S(e.z) * (1 - S(e.z)) * (-e.y / S(e.z) + (1 - e.y) / (1 - S(e.z))),
    'bce-27': lambda e: -e.y / S(e.z) + (1 - e.y) / (1 - S(e.z)),
    'bce-28': lambda e: S(e.z) - e.y,
    'bce-29': lambda e: -e.y / S(e.z) + (1 - e.y) / (1 - S(e.z)),
    'gd-20': lambda e: e.th - e.eta * e.g,
    'lh-15': lambda e: e.o * tanh(e.c),
    'out-19': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'out-20': lambda e: e.A * (1 - e.A) * (e.A - e.Y),
    'gw-20': lambda e: e.d @ e.A1.T,
    'gw-21': lambda e: e.d @ e.A1.T,
    'out-21': lambda e: np.array([[(e.A[j, 0] - e.Y[j, 0]) * e.ds(e.Z[j, 0])] for j in range(e.nL)]),
    'gb-16': lambda e: e.d,
    'tanh-46': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-47': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-48': lambda e: 1 / np.cosh(e.x) ** 2,
    'tanh-49': lambda e: 2 / (exp(e.x) + exp(-e.x)) ** 2,
    'sig-49': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-50': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-51': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-52': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-53': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-54': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-55': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'sig-56': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'smx-31': lambda e: np.array([[-e.y[k, 0] * (1 - e.yh[k, 0]) + sum(e.y[i, 0] * e.yh[k, 0] for i in range(e.K) if i != k)] for k in range(e.K)]),
    'smx-32': lambda e: np.array([[-e.y[i, 0] * (1 - e.yh[i, 0]) + sum(e.y[k, 0] * e.yh[i, 0] for k in range(e.K) if k != i)] for i in range(e.K)]),
    'smx-33': lambda e: e.yh - e.y,
    'bce-30': lambda e: -(e.y - S(e.z)) / (S(e.z) * (1 - S(e.z))),
    'bce-31': lambda e: -(e.y - S(e.z)) / (S(e.z) * (1 - S(e.z))),
    'rnn-18': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x),
    'rnn-19': None,
    'fwd-20': lambda e: e.s(e.W @ e.A + e.b),
    'smx-34': lambda e: np.array([[e.yh[k, 0] - e.y[k, 0]] for k in range(e.K)]),
    'smx-35': lambda e: e.yh - e.y,
    'bce-32': lambda e: S(e.z) - e.y,
    'smx-36': lambda e: e.yh - e.y,
    'smx-37': lambda e: -e.y / e.yh,
    'cnn-26': lambda e: 1 + (e.n + 2 * e.p - e.k) / e.s,
    'cnn-27': lambda e: (e.n - e.k + 2 * e.p) / e.s + 1,
    'gd-21': lambda e: e.th - e.eta * e.g,
    'gb1-13': None,
    'lc-17': None,
    'lc-18': None,
    'gru-19': None,
    'rnn-20': None,
    'gb1-14': None,
}


@dataclass(frozen=True, kw_only=True)
class Corpus:
    """A labelled corpus: its entries, and the label each entry's oracle implies over the random
    environments and reference answers of its question (the same rule for the first corpus and the
    held-out one)."""

    path: Path
    oracles: Mapping[str, Callable | Readings | None]
    envs: Mapping[str, Callable]
    references: Mapping[str, Callable]
    _draws: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)

    def load_entries(self) -> list[dict]:
        """The entries, in file order."""
        return yaml.safe_load(self.path.read_text(encoding="utf-8"))

    def draws(self, question: str) -> tuple:
        """(environment, reference value) for every seed of a question, computed once."""
        if question not in self._draws:
            environments = (self.envs[question](np.random.default_rng(seed)) for seed in SEEDS)
            self._draws[question] = tuple((e, np.asarray(self.references[question](e), dtype=float))
                                          for e in environments)
        return self._draws[question]

    def reading_is_right(self, oracle: Callable, question: str) -> bool:
        """True when this reading equals the reference on every draw."""
        return all(_agrees(oracle, e, ref) for e, ref in self.draws(question))

    def label_from_oracle(self, entry: dict) -> str:
        """The label the oracle of ``entry`` implies: correct, incorrect or ambiguous."""
        oracle = self.oracles[entry["id"]]
        if oracle is None:
            return "incorrect"
        if isinstance(oracle, Readings):
            right = [self.reading_is_right(option, entry["question"]) for option in oracle.options]
            return "correct" if all(right) else "incorrect" if not any(right) else "ambiguous"
        return "correct" if self.reading_is_right(oracle, entry["question"]) else "incorrect"


def _agrees(oracle: Callable, e, reference) -> bool:
    try:
        value = np.asarray(oracle(e), dtype=float)
    except (IndexError, ValueError):
        return False
    return value.shape == reference.shape and bool(np.allclose(value, reference, rtol=1e-8, atol=1e-10))


CORPUS = Corpus(path=CORPUS_YAML, oracles=ORACLES, envs=fc.ENVS, references=fc.REFERENCES)
load_entries, label_from_oracle = CORPUS.load_entries, CORPUS.label_from_oracle
