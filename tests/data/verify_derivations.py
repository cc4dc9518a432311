"""Independent numpy checks of the labels in tests/data/derivations.yaml, line by line, for the entries listed in
ORACLES (the ones whose labels are the least obvious: real slips in the sources, compensating errors, lines true
after a false one, the scalar families and the conv output size).

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


def _agree(values: list[np.ndarray]) -> bool:
    first = np.asarray(values[0], dtype=float)
    return all(np.allclose(first, np.asarray(v, dtype=float), rtol=1e-5, atol=1e-6) for v in values[1:])


def line_truths(entry_id: str, seeds: range = range(3)) -> list[bool]:
    """One boolean per line of the entry: whether the line holds in the model on every draw."""
    make_env, lines = ORACLES[entry_id]
    truths = [True] * len(lines)
    for seed in seeds:
        env = make_env(np.random.default_rng(seed))
        subject = None
        for number, line in enumerate(lines):
            if isinstance(line, L):
                values = [side(env) for side in line.sides]
                subject = values[0]
            else:
                values = [subject, line.side(env)]
            truths[number] = truths[number] and _agree(values)
    return truths
