"""Independent numpy checks of the labels in tests/data/derivations.yaml, line by line, for the entries listed in
ORACLES (the ones whose labels are the least obvious: real slips in the sources, compensating errors, lines true
after a false one, the scalar families, the conv output size, and the matrix forms of backpropagation with their
planted transpose, layer and product mistakes, and the GCN layer from its node form to its matrix form).

Each oracle is a hand translation of one entry, one item per line:

* ``L(f, g, ...)``: a line with sides f = g = ...; true when every side agrees on every draw;
* ``C(f)``: a line that starts with '=': true when f agrees with the first side of the last ``L`` line (the
  subject of the chain it continues), so a line is judged against the model, not against the line before it.

A side is a function of the draw's environment (a dict of numpy arrays). Derivatives the lines write as d/dx of an
expression are taken by central differences of that expression (``D``), not from the label. Nothing here
evaluates a string. ``line_truths(entry_id)`` gives one boolean per line; a label agrees when its false lines are
exactly the lines marked ``wrong`` (and its first wrong line the first false one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Env = dict
Side = Callable[[Env], np.ndarray]
H = 1e-6  # central-difference step
DRAWS = 64


@dataclass(frozen=True)
class L:
    sides: tuple

    def __init__(self, *sides: Side):
        object.__setattr__(self, "sides", sides)


@dataclass(frozen=True)
class C:
    side: Side


def S(x):
    return 1.0 / (1.0 + np.exp(-x))


def D(f: Callable[[np.ndarray], np.ndarray], at: str = "x") -> Side:
    """d/d(at) of f(env) by central differences in the variable ``at``."""
    def derivative(e: Env) -> np.ndarray:
        up, down = dict(e), dict(e)
        up[at], down[at] = e[at] + H, e[at] - H
        return (f(up) - f(down)) / (2 * H)
    return derivative


def scalar_env(rng: np.random.Generator) -> Env:
    z = rng.uniform(-3, 3, DRAWS)
    return {"x": rng.uniform(-3, 3, DRAWS), "z": z, "y": rng.integers(0, 2, DRAWS).astype(float),
            "alpha": rng.uniform(0.05, 0.5, DRAWS), "yh": S(z)}


def conv_env(rng: np.random.Generator) -> Env:
    return {"n": rng.integers(16, 200, DRAWS), "k": rng.integers(1, 12, DRAWS), "p": rng.integers(0, 4, DRAWS),
            "s": rng.integers(1, 17, DRAWS)}


def neuron_env(rng: np.random.Generator) -> Env:
    n, m = 7, 4
    X = rng.normal(size=(n, m))
    return {"X": X, "w": rng.normal(size=m), "b": rng.normal(), "y": rng.integers(0, 2, n).astype(float), "n": n}


def _z(e):  # one z per sample
    return e["X"] @ e["w"] + e["b"]


def _mean_over_samples(per_sample):  # (1/n) sum_x of a per-sample (n x m) or (n,) quantity
    return lambda e: per_sample(e).mean(axis=0)


sig = lambda e: S(e["x"])  # noqa: E731
dsig = lambda e: S(e["x"]) * (1 - S(e["x"]))  # noqa: E731
ex = lambda e: np.exp(-e["x"])  # noqa: E731
tanh = lambda e: np.tanh(e["x"])  # noqa: E731
dtanh = D(lambda e: np.tanh(e["x"]))
ep, em = (lambda e: np.exp(e["x"])), (lambda e: np.exp(-e["x"]))
bce_dyh = lambda e: -e["y"] / e["yh"] + (1 - e["y"]) / (1 - e["yh"])  # noqa: E731  dL/dyhat (true)
bce_dz = D(lambda e: -(e["y"] * np.log(S(e["z"])) + (1 - e["y"]) * np.log(1 - S(e["z"]))), at="z")
bce_loss = lambda e: -(e["y"] * np.log(S(e["z"])) + (1 - e["y"]) * np.log(1 - S(e["z"])))  # noqa: E731
n_out = lambda e: (e["n"] + 2 * e["p"] - e["k"]) // e["s"] + 1  # noqa: E731  counted below by brute force


def _positions(e):
    """The number of kernel starts 0, s, 2s, ... with start + k <= n + 2p, counted one by one."""
    return np.array([len(range(0, n + 2 * p - k + 1, s)) for n, k, p, s in zip(e["n"], e["k"], e["p"], e["s"])])


def _neuron_grad(e):  # dC/dw_j for every j, by central differences of the cost
    def cost(w):
        a = S(e["X"] @ w + e["b"])
        return -np.mean(e["y"] * np.log(a) + (1 - e["y"]) * np.log(1 - a))
    grad = np.zeros_like(e["w"])
    for j in range(len(grad)):
        step = np.zeros_like(grad)
        step[j] = H
        grad[j] = (cost(e["w"] + step) - cost(e["w"] - step)) / (2 * H)
    return grad


_ce_bracket = lambda e: e["y"] / S(_z(e)) - (1 - e["y"]) / (1 - S(_z(e)))  # noqa: E731
_dsz = lambda e: S(_z(e)) * (1 - S(_z(e)))  # noqa: E731

ORACLES: dict[str, tuple[Callable, list]] = {  # a str value: a variant, completed by _VARIANT_LINES
    "sig-zebplay": (scalar_env, [
        L(dsig, D(lambda e: (1 + ex(e)) ** -1)),
        C(lambda e: -(1 + ex(e)) ** -2 * D(lambda e: 1 + ex(e))(e)),
        C(lambda e: -(1 + ex(e)) ** -2 * ex(e) * -1),
        C(lambda e: (1 + ex(e)) ** -2 * ex(e)),
        C(lambda e: ex(e) / (1 + ex(e)) ** -2),
        C(lambda e: 1 / (1 + ex(e)) * (1 + ex(e) - 1) / (1 + ex(e))),
        C(lambda e: sig(e) * (1 - sig(e)))]),
    "sigq-heaton": (scalar_env, [
        L(dsig, D(lambda e: 1 / (ex(e) + 1)), lambda e: -D(lambda e: ex(e) + 1)(e) / (ex(e) + 1) ** 2),
        C(lambda e: -D(ex)(e) / (ex(e) + 1) ** 2),
        C(lambda e: -(ex(e) * -1) / (ex(e) + 1) ** 2),
        C(lambda e: -(-1) * ex(e) / (ex(e) + 1) ** 2),
        C(lambda e: ex(e) / (ex(e) + 1) ** 2),
        C(lambda e: (1 / (ex(e) + 1)) * (-ex(e) / (ex(e) + 1))),
        L(dsig, lambda e: sig(e) * (1 - sig(e)))]),
    "sigq-mse-missing-sign": (scalar_env, [
        L(dsig, lambda e: (0 * (1 + ex(e)) - 1 * ex(e)) / (1 + ex(e)) ** 2),
        C(lambda e: -ex(e) / (1 + ex(e)) ** 2)]),
    "tanh-deeplearningai": (scalar_env, [
        L(dtanh, lambda e: (em(e) * ep(e) - ep(e) * -em(e)) / (em(e) + ep(e)) ** 2),
        C(lambda e: (np.exp(0 * e["x"]) + np.exp(0 * e["x"])) / (ep(e) + em(e)) ** 2),
        C(lambda e: 2 / (ep(e) + em(e)) ** 2),
        C(lambda e: 2 / (ep(e) + em(e)) ** 2),
        C(lambda e: 2 / (2 * np.cosh(e["x"])) ** 2),
        C(lambda e: 1 / np.cosh(e["x"]) ** 2),
        C(lambda e: 1 - tanh(e) ** 2)]),
    "tanh-questionai": (scalar_env, [
        L(dtanh, lambda e: ((ep(e) + em(e)) ** 2 - (ep(e) - em(e)) ** 2) / (ep(e) + em(e)) ** 2),
        C(lambda e: 4 * ep(e) / (ep(e) + em(e)) ** 2),
        C(lambda e: 1 / np.cosh(e["x"]) ** 2)]),
    "tanhsig-raschka": (scalar_env, [
        L(tanh, lambda e: (ep(e) - em(e)) / (ep(e) + em(e))),
        C(lambda e: (ep(e) + em(e) - 2 * em(e)) / (ep(e) + em(e))),
        C(lambda e: 1 + (-2 * em(e)) / (ep(e) + em(e))),
        C(lambda e: 1 - 2 / (np.exp(2 * e["x"]) + 1)),
        C(lambda e: 1 - 2 * S(-2 * e["x"])),
        C(lambda e: 1 - 2 * (1 - S(2 * e["x"]))),
        C(lambda e: 1 - 2 + 2 * S(2 * e["x"])),
        C(lambda e: 2 * S(2 * e["x"]) - 1)]),
    "tanhsig-raschka-v1": "tanhsig-raschka",  # filled in below: the base with line 4 replaced
    "prelu-compact-ascii": (scalar_env, [
        L(D(lambda e: np.maximum(0, e["x"]) + e["alpha"] * np.minimum(0, e["x"]), at="alpha"),
          lambda e: D(lambda e: np.maximum(0, e["x"]), at="alpha")(e) + D(lambda e: e["alpha"] * np.minimum(0, e["x"]), at="alpha")(e)),
        C(lambda e: 0 + np.minimum(0, e["x"])),
        C(lambda e: np.minimum(0, e["x"]))]),
    "prelu-compact-ascii-v1": (scalar_env, [
        L(D(lambda e: np.maximum(0, e["x"]) + e["alpha"] * np.minimum(0, e["x"]), at="alpha"),
          lambda e: D(lambda e: np.maximum(0, e["x"]), at="alpha")(e) + D(lambda e: e["alpha"] * np.minimum(0, e["x"]), at="alpha")(e)),
        C(lambda e: 0 + np.maximum(0, e["x"])),
        C(lambda e: np.maximum(0, e["x"]))]),
    "bce-ml100-unicode": (scalar_env, [
        L(bce_dyh, lambda e: -(e["y"] / e["yh"] + (1 - e["y"]) * (1 / (1 - e["yh"])) * -1)),
        C(lambda e: -(e["y"] / e["yh"] - (1 - e["y"]) / (1 - e["yh"]))),
        C(lambda e: -(e["y"] * (1 - e["yh"]) - (1 - e["y"]) * e["yh"]) / (e["yh"] * (1 - e["yh"]))),
        C(lambda e: -(e["y"] - e["y"] * e["yh"] - e["yh"] + e["y"] * e["yh"]) / (e["yh"] * (1 - e["yh"]))),
        C(lambda e: -(e["y"] - e["yh"]) / (e["yh"] * (1 - e["yh"]))),
        C(lambda e: (e["yh"] - e["y"]) / (e["yh"] * (1 - e["yh"]))),
        L(D(lambda e: S(e["z"]), at="z"), lambda e: e["yh"] * (1 - e["yh"])),
        L(bce_dz, lambda e: ((e["yh"] - e["y"]) / (e["yh"] * (1 - e["yh"]))) * (e["yh"] * (1 - e["yh"]))),
        C(lambda e: e["yh"] - e["y"])]),
    "bce-ml100-unicode-v1": "bce-ml100-unicode",  # filled in below: the base with line 2 replaced
    "bce-imathworks": (scalar_env, [
        L(bce_loss, lambda e: -e["y"] * np.log(S(e["z"])) - (1 - e["y"]) * np.log(1 - S(e["z"]))),
        C(lambda e: -e["y"] * np.log(np.exp(e["z"]) / (1 + np.exp(e["z"]))) - (1 - e["y"]) * np.log(1 / (1 + np.exp(e["z"])))),
        C(lambda e: -e["y"] * e["z"] + np.log(1 + np.exp(e["z"]))),
        L(bce_dz, lambda e: S(e["z"]) - e["y"])]),
    "bce-imathworks-v1": (scalar_env, [
        L(bce_loss, lambda e: -e["y"] * np.log(S(e["z"])) - (1 - e["y"]) * np.log(1 - S(e["z"]))),
        C(lambda e: -e["y"] * np.log(np.exp(e["z"]) / (1 + np.exp(e["z"]))) - (1 - e["y"]) * np.log(1 / (1 + np.exp(e["z"])))),
        C(lambda e: -e["y"] * e["z"] - np.log(1 + np.exp(e["z"]))),
        L(bce_dz, lambda e: -S(e["z"]) - e["y"])]),
    "cnn-d2l": (conv_env, [
        L(_positions, lambda e: (e["n"] - e["k"] + 2 * e["p"] + e["s"]) // e["s"]),
        C(lambda e: np.floor((e["n"] + 2 * e["p"] - e["k"]) / e["s"] + 1)),
        C(lambda e: np.floor((e["n"] + 2 * e["p"] - e["k"]) / e["s"]) + 1)]),
    "cnn-d2l-v1": (conv_env, [
        L(_positions, lambda e: (e["n"] - e["k"] + e["p"] + e["s"]) // e["s"]),
        C(lambda e: np.floor((e["n"] + e["p"] - e["k"]) / e["s"] + 1)),
        C(lambda e: np.floor((e["n"] + e["p"] - e["k"]) / e["s"]) + 1)]),
    "neuron-nielsen-ch3": (neuron_env, [
        L(_neuron_grad, lambda e: -np.mean(_ce_bracket(e)[:, None] * (_dsz(e)[:, None] * e["X"]), axis=0)),
        C(lambda e: -np.mean(_ce_bracket(e)[:, None] * _dsz(e)[:, None] * e["X"], axis=0)),
        C(lambda e: np.mean((_dsz(e)[:, None] * e["X"]) / (S(_z(e)) * (1 - S(_z(e))))[:, None] * (S(_z(e)) - e["y"])[:, None], axis=0)),
        L(_neuron_grad, lambda e: np.mean(e["X"] * (S(_z(e)) - e["y"])[:, None], axis=0))]),
    "neuron-nielsen-ch3-v-sign": (neuron_env, [
        L(_neuron_grad, lambda e: -np.mean(_ce_bracket(e)[:, None] * (_dsz(e)[:, None] * e["X"]), axis=0)),
        C(lambda e: -np.mean(_ce_bracket(e)[:, None] * _dsz(e)[:, None] * e["X"], axis=0)),
        C(lambda e: np.mean((_dsz(e)[:, None] * e["X"]) / (S(_z(e)) * (1 - S(_z(e))))[:, None] * (e["y"] - S(_z(e)))[:, None], axis=0)),
        L(_neuron_grad, lambda e: np.mean(e["X"] * (e["y"] - S(_z(e)))[:, None], axis=0))]),
    "neuron-nielsen-ch3-v-bound": (neuron_env, [
        L(_neuron_grad, lambda e: -np.mean(_ce_bracket(e)[:, None] * (_dsz(e)[:, None] * e["X"]), axis=0)),
        C(lambda e: -np.mean(_ce_bracket(e)[:, None] * _dsz(e)[:, None] * e["X"], axis=0)),
        C(lambda e: np.mean((_dsz(e)[:, None] * e["X"]) / (S(_z(e)) * (1 - S(_z(e))))[:, None] * (S(_z(e)) - e["y"])[:, None], axis=0)),
        L(_neuron_grad, lambda e: np.sum(e["X"] * (S(_z(e)) - e["y"])[:, None], axis=0))]),
}

# Planted-error variants that differ from their base entry in one line: (line number, the changed line).
_VARIANT_LINES = {
    "tanhsig-raschka-v1": (4, C(lambda e: 1 - 2 / (np.exp(-2 * e["x"]) + 1))),
    "bce-ml100-unicode-v1": (2, C(lambda e: -(e["y"] / e["yh"] + (1 - e["y"]) / (1 - e["yh"])))),
}
for _variant, (_number, _line) in _VARIANT_LINES.items():
    _make_env, _lines = ORACLES[ORACLES[_variant]]
    ORACLES[_variant] = (_make_env, _lines[:_number - 1] + [_line] + _lines[_number:])


# ---- backpropagation: sigma is a generic elementwise activation (tanh here), J = 1/2 ||A^(L) - Y||^2 ----
act, dact = np.tanh, (lambda v: 1 - np.tanh(v) ** 2)


def backprop_env(rng: np.random.Generator) -> Env:
    n_l1, n_l = 4, 3  # n_{L-1} != n_L, so a dropped transpose or a wrong layer is a shape error
    e = {"W": rng.normal(size=(n_l, n_l1)), "Z1": rng.normal(size=n_l1), "b": rng.normal(size=n_l), "Y": rng.normal(size=n_l)}
    e["A1"] = act(e["Z1"])
    e["Z"] = e["W"] @ e["A1"] + e["b"]
    e["A"] = act(e["Z"])
    e["delta"] = (e["A"] - e["Y"]) * dact(e["Z"])  # delta^(L), the given
    return e


def _cost_of_Z1(e: Env, Z1: np.ndarray) -> float:
    return 0.5 * np.sum((act(e["W"] @ act(Z1) + e["b"]) - e["Y"]) ** 2)


def _grad(f: Callable[[np.ndarray], float], at: np.ndarray) -> np.ndarray:
    """The gradient of a scalar function of an array, by central differences (same shape as the array)."""
    grad = np.zeros_like(at)
    for index in np.ndindex(at.shape):
        step = np.zeros_like(at)
        step[index] = H
        grad[index] = (f(at + step) - f(at - step)) / (2 * H)
    return grad


dJ_dZ1 = lambda e: _grad(lambda Z1: _cost_of_Z1(e, Z1), e["Z1"])  # noqa: E731  delta^(L-1), by definition
dJ_dA1 = lambda e: _grad(lambda A1: 0.5 * np.sum((act(e["W"] @ A1 + e["b"]) - e["Y"]) ** 2), e["A1"])  # noqa: E731
dJ_dZ = lambda e: _grad(lambda Z: 0.5 * np.sum((act(Z) - e["Y"]) ** 2), e["Z"])  # noqa: E731  delta^(L), by definition
dJ_dA = lambda e: _grad(lambda A: 0.5 * np.sum((A - e["Y"]) ** 2), e["A"])  # noqa: E731
dJ_dW = lambda e: _grad(lambda W: 0.5 * np.sum((act(W @ e["A1"] + e["b"]) - e["Y"]) ** 2), e["W"])  # noqa: E731
Wt_delta = lambda e: e["W"].T @ e["delta"]  # noqa: E731
diag = np.diag

# The notes' chain with l = L-1 (l+1 = L); sigma'(Z) is the vector reading of dA/dZ next to the notes' elementwise '.'
_NOTES = [L(dJ_dZ1, dJ_dZ1, lambda e: dJ_dA1(e) * dact(e["Z1"])),
          L(lambda e: dact(e["Z1"]), lambda e: dact(e["Z1"])),
          L(dJ_dA1, Wt_delta),
          L(dJ_dZ1, lambda e: dact(e["Z1"]) * Wt_delta(e))]
_DIAG_L = [L(dJ_dZ, dJ_dZ), C(lambda e: diag(dact(e["Z"])) @ dJ_dA(e)), C(lambda e: diag(dact(e["Z"])) @ (e["A"] - e["Y"])),
           C(lambda e: (e["A"] - e["Y"]) * dact(e["Z"]))]
_DIAG_LM1 = [L(dJ_dZ1, dJ_dZ1), C(lambda e: diag(dact(e["Z1"])) @ e["W"].T @ e["delta"]), C(lambda e: dact(e["Z1"]) * Wt_delta(e))]
_GRAD_W = [L(dJ_dW, lambda e: np.outer(dJ_dZ(e), e["A1"])), C(lambda e: np.outer(e["delta"], e["A1"])),
           L(dJ_dW, lambda e: np.outer(e["delta"], e["A1"]))]
ORACLES.update({
    "notes-chain": (backprop_env, _NOTES),
    "notes-chain-v-transpose": (backprop_env, _NOTES[:2] + [L(dJ_dA1, lambda e: e["W"] @ e["delta"])] + _NOTES[3:]),
    "notes-chain-v-layer": (backprop_env, _NOTES[:3] + [L(dJ_dZ1, lambda e: dact(e["Z"]) * Wt_delta(e))]),
    "notes-chain-ascii-v-product": (backprop_env, _NOTES[:3] + [L(dJ_dZ1, lambda e: (dact(e["Z1"])[:, None] @ e["W"].T) * e["delta"])]),
    "deltaL-diag-unicode": (backprop_env, _DIAG_L),
    "deltaL-diag-unicode-v1": (backprop_env, _DIAG_L[:3] + [C(lambda e: np.outer(e["A"] - e["Y"], dact(e["Z"])))]),
    "dLm1-nielsen-diag": (backprop_env, _DIAG_LM1),
    "dLm1-nielsen-diag-v1": (backprop_env, _DIAG_LM1[:1] + [C(lambda e: diag(dact(e["Z1"])) @ e["W"] @ e["delta"])] + _DIAG_LM1[2:]),
    "dLm1-nielsen-diag-ascii-v1": (backprop_env, _DIAG_LM1[:1] + [C(lambda e: e["W"].T @ diag(dact(e["Z"])) @ e["delta"])] + _DIAG_LM1[2:]),
    # ascii BP4 with l = L: dJ/dW_jk = dJ/dZ_j dZ_j/dW_jk = delta_j A_k, then the matrix
    "gradW-zli03-bp4-ascii": (backprop_env, _GRAD_W),
    "gradW-zli03-bp4-ascii-v1": (backprop_env, _GRAD_W[:2] + [L(dJ_dW, lambda e: np.outer(e["A1"], e["delta"]))]),
})


def _agree(values: list[np.ndarray]) -> bool:
    """Every value equal to the first; a shape that differs is a disagreement (a shape error is a false line)."""
    first = np.asarray(values[0], dtype=float)
    return all(np.shape(v) == first.shape and np.allclose(first, np.asarray(v, dtype=float), rtol=1e-5, atol=1e-6)
               for v in values[1:])


def line_truths(entry_id: str, seeds: range = range(3)) -> list[bool]:
    """One boolean per line of the entry: whether the line holds in the model on every draw."""
    make_env, lines = ORACLES[entry_id]
    truths = [True] * len(lines)
    for seed in seeds:
        env = make_env(np.random.default_rng(seed))
        subject = None
        for number, line in enumerate(lines):
            try:
                values = [side(env) for side in line.sides] if isinstance(line, L) else [subject, line.side(env)]
            except ValueError:  # shapes that do not chain: the line has no value, so it is false
                values = None
            if isinstance(line, L):
                subject = values[0] if values else None
            truths[number] = truths[number] and values is not None and _agree(values)
    return truths


# ---- the conv output size counted by the largest start m_max (derive-cnn-output-size) ------------------------------

def _largest(holds: Callable[..., bool]) -> Side:
    """The largest integer m for which holds(m, n, k, p, s), by bisection on integers (every condition here holds for
    all m up to a bound and for none above it; the bracket is wide enough for every variant's bound)."""
    def one(n: int, k: int, p: int, s: int) -> int:
        low, high = -(n + 2 * p + k), (n + 2 * p + k) * (s + 1)  # holds(low), not holds(high)
        assert holds(low, n, k, p, s) and not holds(high, n, k, p, s)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if holds(middle, n, k, p, s) else (low, middle)
        return low

    def largest(e: Env) -> np.ndarray:
        return np.array([one(*values) for values in zip(e["n"].tolist(), e["k"].tolist(), e["p"].tolist(),
                                                         e["s"].tolist())], dtype=float)
    return largest


_m_max = _largest(lambda m, n, k, p, s: m * s + k <= n + 2 * p)  # m_max as the derivation defines it
_floor = lambda e: np.floor((e["n"] + 2 * e["p"] - e["k"]) / e["s"])  # noqa: E731
_START = [L(_positions, lambda e: _m_max(e) + 1), L(_m_max, _m_max)]
_DUMOULIN = _START + [C(_largest(lambda m, n, k, p, s: m <= (n + 2 * p - k) / s)), C(_floor),
                      L(_positions, lambda e: _floor(e) + 1)]
ORACLES.update({
    "cnn-positions-dumoulin": (conv_env, _DUMOULIN),
    "cnn-positions-dumoulin-ascii": (conv_env, _DUMOULIN),
    "cnn-positions-dumoulin-v-bound": (conv_env, _START + [
        C(_largest(lambda m, n, k, p, s: m <= (n + 2 * p + k) / s)),
        C(lambda e: np.floor((e["n"] + 2 * e["p"] + e["k"]) / e["s"])),
        L(_positions, lambda e: np.floor((e["n"] + 2 * e["p"] + e["k"]) / e["s"]) + 1)]),
    "cnn-positions-dumoulin-v-ceil": (conv_env, _DUMOULIN[:3] + [
        C(lambda e: np.ceil((e["n"] + 2 * e["p"] - e["k"]) / e["s"]))] + _DUMOULIN[4:]),
    "cnn-positions-dumoulin-v-plus-one": (conv_env, _DUMOULIN[:4] + [L(_positions, _floor)]),
    "cnn-positions-dumoulin-ascii-v-stride": (conv_env, _START + [
        C(_largest(lambda m, n, k, p, s: m <= (n + 2 * p - k) * s)),
        C(lambda e: np.floor((e["n"] + 2 * e["p"] - e["k"]) * e["s"])),
        L(_positions, lambda e: np.floor((e["n"] + 2 * e["p"] - e["k"]) * e["s"]) + 1)]),
    "cnn-positions-unicode": (conv_env, _START + [C(_floor), L(_positions, lambda e: _floor(e) + 1)]),
    "cnn-positions-unicode-v1": (conv_env, _START + [
        C(_floor), L(_positions, lambda e: np.ceil((e["n"] + 2 * e["p"] - e["k"]) / e["s"]) + 1)]),
    "cnn-positions-dumoulin-unicode-v-strict": (conv_env, _START + [
        C(lambda e: np.ceil((e["n"] + 2 * e["p"] - e["k"] + 1) / e["s"])), L(_positions, lambda e: _floor(e) + 1)]),
})


# ---- the GCN layer from the node form to the matrix form (derive-gcn-matrix) ----------------------------------------
# A random connected graph with uneven degrees, n = 6 nodes, d = 3 input and d' = 4 output features (n, d, d' distinct,
# so W on the wrong side or the adjacency on the wrong side is a shape error); sigma = tanh. A line about h_v^k is
# evaluated at every node by loops over the neighbours (never through the matrix form) and stacked as rows, so it is
# compared with the rows of H^(k) = sigma(D~^(-1/2) A~ D~^(-1/2) H^(k-1) W_k^T); |N(u)| is the degree in A~ = A + I.

def gcn_env(rng: np.random.Generator) -> Env:
    n, d, d_out = 6, 3, 4
    upper = np.triu(rng.random((n, n)) < 0.4, 1)
    adjacency = (upper | upper.T).astype(float)
    for v in range(n - 1):  # a path through every node keeps the graph connected
        adjacency[v, v + 1] = adjacency[v + 1, v] = 1.0
    e = {"A": adjacency, "H0": rng.normal(size=(n, d)), "Wk": rng.normal(size=(d_out, d))}
    e["At"] = adjacency + np.eye(n)
    e["deg"] = e["At"].sum(axis=1)  # |N(u)| counting the self-loop
    e["Dm"] = np.diag(e["deg"] ** -0.5)
    e["N"] = e["Dm"] @ e["At"] @ e["Dm"]
    e["H1"] = np.tanh(e["N"] @ e["H0"] @ e["Wk"].T)
    return e


def _per_node(coefficient: Callable[[Env, int, int], float], inside: bool = False) -> Side:
    """Row v: sigma(W_k sum_u coefficient(v, u) h_u^{k-1}) over every node u (sigma inside the sum when inside)."""
    def rows(e: Env) -> np.ndarray:
        n = len(e["A"])
        out = []
        for v in range(n):
            if inside:
                out.append(sum(coefficient(e, v, u) * np.tanh(e["Wk"] @ e["H0"][u]) for u in range(n)))
            else:
                out.append(np.tanh(e["Wk"] @ sum(coefficient(e, v, u) * e["H0"][u] for u in range(n))))
        return np.array(out)
    return rows


def _node_form(e: Env, v: int, u: int) -> float:  # u in N(v) or u = v, over sqrt(|N(u)||N(v)|)
    return float(e["A"][v, u] == 1 or u == v) / np.sqrt(e["deg"][u] * e["deg"][v])


_H1_ROWS = lambda e: e["H1"]  # noqa: E731 - h_v^k is row v of H^(k)
_NODE = L(_H1_ROWS, _per_node(_node_form))
_ENTRIES = C(_per_node(lambda e, v, u: e["At"][v, u] / np.sqrt(e["deg"][u] * e["deg"][v])))
_NORMALISED = C(_per_node(lambda e, v, u: e["N"][v, u]))
_MATRIX = L(lambda e: e["H1"], lambda e: np.tanh(e["N"] @ e["H0"] @ e["Wk"].T))
ORACLES.update({
    "gcn-kipf-unicode": (gcn_env, [_NODE, _ENTRIES, _NORMALISED, _MATRIX]),
    "gcn-kipf-unicode-v-norm": (gcn_env, [_NODE, _ENTRIES, C(_per_node(lambda e, v, u: e["At"][v, u] / e["deg"][v])),
                                          L(lambda e: e["H1"], lambda e: np.tanh(np.diag(1 / e["deg"]) @ e["At"] @ e["H0"] @ e["Wk"].T))]),
    "gcn-kipf-ascii-v-order": (gcn_env, [_NODE, L(lambda e: e["H1"], lambda e: np.tanh(e["H0"] @ e["Wk"].T @ e["N"]))]),
    "gcn-kipf-latex": (gcn_env, [_NODE, C(_per_node(lambda e, v, u: e["deg"][v] ** -0.5 * e["At"][v, u] * e["deg"][u] ** -0.5)),
                                 L(lambda e: e["H1"].T, lambda e: np.tanh(e["Wk"] @ e["H0"].T @ e["N"])), _MATRIX]),
    "gcn-kipf-latex-v-selfloop": (gcn_env, [_NODE, C(_per_node(lambda e, v, u: e["deg"][v] ** -0.5 * e["A"][v, u] * e["deg"][u] ** -0.5)),
                                            L(lambda e: e["H1"].T, lambda e: np.tanh(e["Wk"] @ e["H0"].T @ e["N"])), _MATRIX]),
    "gcn-kipf-latex-v-weight-side": (gcn_env, [_NODE, C(_per_node(lambda e, v, u: e["deg"][v] ** -0.5 * e["At"][v, u] * e["deg"][u] ** -0.5)),
                                               L(lambda e: e["H1"], lambda e: np.tanh(e["N"] @ e["H0"] @ e["Wk"]))]),
    "gcn-deepml-ascii": (gcn_env, [_NODE, _ENTRIES, _MATRIX]),
    "gcn-deepml-ascii-v-sigma-inside": (gcn_env, [
        _NODE, C(_per_node(lambda e, v, u: e["At"][v, u] / np.sqrt(e["deg"][u] * e["deg"][v]), inside=True)), _MATRIX]),
})
