"""Independent numpy checks of the labels in tests/data/derivations_holdout.yaml, line by line, for its scalar and
softmax entries (the matrix entries' planted errors are shape errors: a dropped or misplaced transpose, σ′ at the
other layer, ⊙ inside the matrix product, which no draw can make true).

Each oracle is a hand translation of one entry, one item per line, as in tests/data/verify_derivations.py:
``L(f, g, ...)`` is a line whose sides must all agree; ``C(f, ...)`` a line starting with '=', true when its sides agree
with the first side of the last ``L`` line. A side is a function
of the draw's environment; derivatives are central differences (``D``), softmax gradients come from the Jacobian.
Nothing here evaluates a string. ``line_truths(entry_id)`` gives one boolean per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

DRAWS, CLASSES, H = 64, 4, 1e-6


@dataclass(frozen=True)
class L:
    sides: tuple

    def __init__(self, *sides: Callable):
        object.__setattr__(self, "sides", sides)


@dataclass(frozen=True)
class C:
    sides: tuple

    def __init__(self, *sides: Callable):
        object.__setattr__(self, "sides", sides)


def S(x):
    return 1.0 / (1.0 + np.exp(-x))


def D(f: Callable, at: str = "x") -> Callable:
    def derivative(e: dict) -> np.ndarray:
        up, down = dict(e), dict(e)
        up[at], down[at] = e[at] + H, e[at] - H
        return (f(up) - f(down)) / (2 * H)
    return derivative


def scalar_env(rng: np.random.Generator) -> dict:
    return {"x": rng.uniform(-3, 3, DRAWS), "z": rng.uniform(-3, 3, DRAWS),
            "y": rng.integers(0, 2, DRAWS).astype(float)}


def softmax_env(rng: np.random.Generator) -> dict:
    o = rng.normal(size=(DRAWS, CLASSES)) * 2
    yh = np.exp(o) / np.exp(o).sum(axis=1, keepdims=True)
    y = np.eye(CLASSES)[rng.integers(0, CLASSES, DRAWS)]
    kron = np.eye(CLASSES)[None, :, :]  # kron[0, k, i] = δ_ki
    return {"o": o, "yh": yh, "y": y, "kron": kron,
            "dyh": yh[:, :, None] * (kron - yh[:, None, :])}  # dyh[d, k, i] = ∂ŷ_k/∂o_i


# ---- the sigmoid ----
E, Ep = (lambda e: np.exp(-e["x"])), (lambda e: np.exp(e["x"]))
SIG = lambda e: S(e["x"])  # noqa: E731
DSIG = D(SIG)
SIG_TARGET = lambda e: S(e["x"]) * (1 - S(e["x"]))  # noqa: E731
MIKEL = [
    L(DSIG, D(lambda e: 1 / (1 + E(e))), D(lambda e: (1 + E(e)) ** -1)),
    C(lambda e: -(1 + E(e)) ** -2 * D(lambda e: 1 + E(e))(e), lambda e: -(1 + E(e)) ** -2 * -E(e)),
    C(lambda e: E(e) / (1 + E(e)) ** 2, lambda e: 1 / (1 + E(e)) * E(e) / (1 + E(e))),
    C(lambda e: S(e["x"]) * E(e) / (1 + E(e)), lambda e: S(e["x"]) * (1 + E(e) - 1) / (1 + E(e)),
      lambda e: S(e["x"]) * ((1 + E(e)) / (1 + E(e)) - 1 / (1 + E(e)))),
    C(SIG_TARGET),
]
MYNOTE = [
    L(DSIG, D(lambda e: 1 / (1 + E(e))), D(lambda e: (1 + E(e)) ** -1)),
    C(lambda e: -1 * (1 + E(e)) ** -2 * -E(e)),
    C(lambda e: -E(e) / -(1 + E(e)) ** 2),
    C(lambda e: E(e) / (1 + E(e)) ** 2),
    C(lambda e: 1 / (1 + E(e)) * E(e) / (1 + E(e))),
    C(lambda e: 1 / (1 + E(e)) * (E(e) + (1 - 1)) / (1 + E(e))),
    C(lambda e: 1 / (1 + E(e)) * ((1 + E(e)) - 1) / (1 + E(e))),
    C(lambda e: 1 / (1 + E(e)) * ((1 + E(e)) / (1 + E(e)) - 1 / (1 + E(e)))),
    C(lambda e: 1 / (1 + E(e)) * (1 - 1 / (1 + E(e)))),
    C(SIG_TARGET),
]
CXYXT = [
    L(DSIG, D(lambda e: 1 - (Ep(e) + 1) ** -1)),
    C(lambda e: (-1) * (-1) * (Ep(e) + 1) ** -2 * Ep(e)),
    C(lambda e: (Ep(e) + 1) ** -2 * Ep(e)),
    C(lambda e: (Ep(e) + 1) ** -1 * (Ep(e) + 1) ** -1 * Ep(e)),
    C(lambda e: (Ep(e) + 1) ** -1 * Ep(e) * (Ep(e) + 1) ** -1),
    C(lambda e: (Ep(e) + 1) ** -1 * (1 + E(e)) ** -1),
    C(lambda e: 1 / (Ep(e) + 1) * 1 / (1 + E(e))),
    C(lambda e: ((Ep(e) + 1) / (Ep(e) + 1) - Ep(e) / (Ep(e) + 1)) / (1 + E(e))),
    C(lambda e: (1 - S(e["x"])) * S(e["x"])),
]
ASCII_SIG = [
    L(DSIG, D(lambda e: (1 + E(e)) ** -1)),
    C(lambda e: -(1 + E(e)) ** -2 * D(lambda e: 1 + E(e))(e)),
    C(lambda e: -(1 + E(e)) ** -2 * -E(e)),
    C(lambda e: E(e) / (1 + E(e)) ** 2),
    C(lambda e: 1 / (1 + E(e)) * (1 - 1 / (1 + E(e)))),
    C(SIG_TARGET),
]

# ---- tanh ----
T = lambda e: np.tanh(e["x"])  # noqa: E731
DT = D(T)
CH, SH = (lambda e: np.cosh(e["x"])), (lambda e: np.sinh(e["x"]))
EMATH = [
    L(DT, lambda e: ((Ep(e) + E(e)) * (Ep(e) + E(e)) - (Ep(e) - E(e)) * (Ep(e) - E(e))) / (Ep(e) + E(e)) ** 2),
    C(lambda e: ((Ep(e) ** 2 + E(e) ** 2 + 2) - (Ep(e) ** 2 + E(e) ** 2 - 2)) / (Ep(e) + E(e)) ** 2),
    C(lambda e: 4 / (Ep(e) + E(e)) ** 2),
    C(lambda e: 1 - (Ep(e) - E(e)) ** 2 / (Ep(e) + E(e)) ** 2),
    C(lambda e: 1 - T(e) ** 2),
]
TANHSIG2 = [
    L(T, lambda e: (Ep(e) - E(e)) / (Ep(e) + E(e))),
    C(lambda e: (1 - np.exp(-2 * e["x"])) / (1 + np.exp(-2 * e["x"]))),
    C(lambda e: (2 - (1 + np.exp(-2 * e["x"]))) / (1 + np.exp(-2 * e["x"]))),
    C(lambda e: 2 / (1 + np.exp(-2 * e["x"])) - 1),
    C(lambda e: 2 * S(2 * e["x"]) - 1),
]

# ---- binary cross-entropy with the sigmoid ----
sz = lambda e: S(e["z"])  # noqa: E731
LOSS = lambda e: -(e["y"] * np.log(sz(e)) + (1 - e["y"]) * np.log(1 - sz(e)))  # noqa: E731
DLOSS = D(LOSS, "z")
DSZ = D(sz, "z")
SLP = [
    L(DLOSS, D(LOSS, "z")),
    C(lambda e: -e["y"] / sz(e) * DSZ(e) - (1 - e["y"]) / (1 - sz(e)) * D(lambda e: 1 - sz(e), "z")(e)),
    C(lambda e: -(e["y"] / sz(e) - (1 - e["y"]) / (1 - sz(e))) * DSZ(e)),
    C(lambda e: -((e["y"] - sz(e)) / (sz(e) * (1 - sz(e)))) * sz(e) * (1 - sz(e))),
    C(lambda e: sz(e) - e["y"]),
]
SLP_ASCII = [
    L(DLOSS, lambda e: -(e["y"] / sz(e) - (1 - e["y"]) / (1 - sz(e))) * DSZ(e)),
    C(lambda e: -(e["y"] / sz(e) - (1 - e["y"]) / (1 - sz(e))) * sz(e) * (1 - sz(e))),
    C(lambda e: -(e["y"] * (1 - sz(e)) - (1 - e["y"]) * sz(e))),
    C(lambda e: sz(e) - e["y"]),
]
DL_DYH = lambda e: -e["y"] / sz(e) + (1 - e["y"]) / (1 - sz(e))  # noqa: E731  ∂L/∂ŷ at ŷ = σ(z)
RISHITH = [
    L(DLOSS, lambda e: DL_DYH(e) * DSZ(e)),
    C(lambda e: DL_DYH(e) * sz(e) * (1 - sz(e))),
    C(lambda e: -e["y"] * (1 - sz(e)) + (1 - e["y"]) * sz(e)),
    C(lambda e: sz(e) - e["y"]),
]

# ---- softmax with cross-entropy: every side is the vector of its components over i ----
G = lambda e: e["yh"] - e["y"]  # noqa: E731  ∂L/∂o, the truth
SUM_K = lambda e, t: np.einsum("dk,dki->di", e["y"], t)  # noqa: E731  ∑_k y_k t[k, i]
OFF = lambda e: e["yh"] * (e["y"].sum(axis=1, keepdims=True) - e["y"])  # noqa: E731  ∑_{k≠i} y_k ŷ_i
SM553 = [
    L(G, lambda e: -SUM_K(e, e["kron"] - e["yh"][:, None, :])),
    C(lambda e: -SUM_K(e, e["dyh"] / e["yh"][:, :, None])),
    C(lambda e: -e["y"] * (1 - e["yh"]) + OFF(e)),
    C(lambda e: -e["y"] + e["y"] * e["yh"] + OFF(e)),
    C(lambda e: e["yh"] * e["y"].sum(axis=1, keepdims=True) - e["y"]),
    L(G, lambda e: e["yh"] - e["y"]),
]
JISHU = [
    L(G, lambda e: -SUM_K(e, e["dyh"] / e["yh"][:, :, None])),
    C(lambda e: -SUM_K(e, e["kron"] - e["yh"][:, None, :])),
    C(lambda e: -SUM_K(e, e["kron"] - e["yh"][:, None, :])),
    C(G),
]

ORACLES: dict[str, tuple[Callable, list]] = {
    "h-sig-mikelmg": (scalar_env, MIKEL),
    "h-sig-mikelmg-v1": (scalar_env, [MIKEL[0], C(lambda e: -(1 + E(e)) ** -2 * D(lambda e: 1 + E(e))(e),
                                                   lambda e: -(1 + E(e)) ** -2 * E(e)), MIKEL[2], MIKEL[4]]),
    "h-sig-mynote": (scalar_env, MYNOTE),
    "h-sig-mynote-v1": (scalar_env, MYNOTE[:4] + [C(lambda e: 1 / (1 + E(e)) * Ep(e) / (1 + E(e)))] + MYNOTE[6:7]
                        + MYNOTE[8:]),
    "h-sig-cxyxt": (scalar_env, CXYXT),
    "h-sig-cxyxt-v1": (scalar_env, [CXYXT[0], C(lambda e: (-1) * (Ep(e) + 1) ** -2 * Ep(e)), CXYXT[2], CXYXT[6],
                                    CXYXT[8]]),
    "h-sig-ascii": (scalar_env, ASCII_SIG),
    "h-sig-ascii-v1": (scalar_env, ASCII_SIG[:2] + [C(lambda e: -(1 + E(e)) ** -2 * E(e))] + ASCII_SIG[3:4]
                       + ASCII_SIG[5:]),
    "h-sig-unicode": (scalar_env, [L(DSIG, D(lambda e: (1 + E(e)) ** -1)), C(lambda e: -1 / (1 + E(e)) ** 2 * -E(e)),
                                   C(lambda e: E(e) / (1 + E(e)) ** 2), C(lambda e: 1 / (1 + E(e)) * E(e) / (1 + E(e))),
                                   C(SIG_TARGET)]),
    "h-tanh-derivcalc": (scalar_env, [L(DT, lambda e: (CH(e) * CH(e) - SH(e) * SH(e)) / CH(e) ** 2),
                                      C(lambda e: (CH(e) ** 2 - SH(e) ** 2) / CH(e) ** 2), C(lambda e: 1 / CH(e) ** 2),
                                      C(lambda e: (1 / CH(e)) ** 2)]),
    "h-tanh-emathzone": (scalar_env, EMATH),
    "h-tanh-emathzone-v1": (scalar_env, [EMATH[0], C(lambda e: 0 * e["x"]), EMATH[2], EMATH[4]]),
    "h-tanh-95890": (scalar_env, [L(DT, lambda e: 2 * D(lambda e: S(2 * e["x"]))(e), lambda e: 2 * S(2 * e["x"])
                                    * (1 - S(2 * e["x"]))), L(DT, lambda e: 1 - T(e) ** 2)]),
    "h-tanhsig-jishuzhan": (scalar_env, [L(T, lambda e: SH(e) / CH(e), lambda e: (Ep(e) - E(e)) / (Ep(e) + E(e))),
                                         C(lambda e: (Ep(e) - E(e)) / (Ep(e) + E(e))),
                                         C(lambda e: (np.exp(2 * e["x"]) - 1) / (np.exp(2 * e["x"]) + 1)),
                                         TANHSIG2[1]]),
    "h-tanhsig-jishuzhan-2": (scalar_env, TANHSIG2),
    "h-tanhsig-jishuzhan-2-v1": (scalar_env, TANHSIG2[:2] + [C(lambda e: 2 / (1 + np.exp(-2 * e["x"])) + 1)]
                                 + TANHSIG2[4:]),
    "h-tanhsig-ascii": (scalar_env, TANHSIG2[:2] + TANHSIG2[3:]),
    "h-tanhsig-ascii-v1": (scalar_env, TANHSIG2[:2] + TANHSIG2[3:4] + [C(lambda e: 2 * S(e["x"]) - 1)]),
    "h-bce-slp": (scalar_env, SLP),
    "h-bce-slp-v1": (scalar_env, SLP[:1] + [C(lambda e: -e["y"] / sz(e) * DSZ(e) + (1 - e["y"]) / (1 - sz(e))
                                              * D(lambda e: 1 - sz(e), "z")(e))] + SLP[2:3] + SLP[4:]),
    "h-bce-slp-ascii": (scalar_env, SLP_ASCII),
    "h-bce-rishith": (scalar_env, RISHITH),
    "h-bce-rishith-v1": (scalar_env, RISHITH[:1] + [C(lambda e: DL_DYH(e) * sz(e) * (1 + sz(e)))] + RISHITH[2:]),
    "h-sm-553668": (softmax_env, SM553),
    "h-sm-553668-v1": (softmax_env, SM553[:2] + [C(lambda e: -e["y"] * (1 - e["yh"]) - OFF(e))] + SM553[3:4]
                       + SM553[5:]),
    "h-sm-ascii": (softmax_env, [L(G, *SM553[1].sides), SM553[2],
                                 C(lambda e: -e["y"] + e["yh"] * e["y"].sum(axis=1, keepdims=True)), C(G)]),
    "h-sm-ascii-v1": (softmax_env, [L(G, *SM553[1].sides), C(lambda e: -e["y"] * (1 - e["yh"]) - OFF(e)),
                                    C(lambda e: -e["y"] + e["yh"] * e["y"].sum(axis=1, keepdims=True)), C(G)]),
    "h-sm-zakariapz": (softmax_env, [L(G, lambda e: -SUM_K(e, e["kron"] - e["yh"][:, None, :])),
                                     C(lambda e: SUM_K(e, e["yh"][:, None, :] - e["kron"])), C(G)]),
    "h-sm-jishuzhan": (softmax_env, JISHU),
    "h-sm-jishuzhan-v1": (softmax_env, [JISHU[0], C(lambda e: -SUM_K(e, np.ones_like(e["kron"])
                                                                       - e["yh"][:, None, :])), C(G)]),
    "h2-sm-jpark": (softmax_env, [L(G, lambda e: SUM_K(e, -e["dyh"] / e["yh"][:, :, None]), G)]),
    "h2-sm-jpark-v1": (softmax_env, [L(G, lambda e: SUM_K(e, -e["dyh"] / e["yh"][:, :, None]),
                                       lambda e: e["yh"] + e["y"])]),
    "h2-sig-almog": (scalar_env, [L(DSIG, lambda e: -1 / (1 + E(e)) ** 2 * -E(e)),
                                  L(DSIG, lambda e: E(e) / (1 + E(e)) ** 2), C(SIG_TARGET)]),
    "h2-sig-almog-v1": (scalar_env, [L(DSIG, lambda e: -1 / (1 + E(e)) ** 2 * E(e)),
                                     L(DSIG, lambda e: E(e) / (1 + E(e)) ** 2), C(SIG_TARGET)]),
    "h2-tanh-ngtech": (scalar_env, [L(DT, lambda e: 1 - T(e) ** 2)]),
}


def _agree(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=1e-5, atol=1e-7))


def line_truths(entry_id: str, seed: int = 15) -> list[bool]:
    """One boolean per line of the entry: whether that line holds on every draw."""
    make_env, lines = ORACLES[entry_id]
    env = make_env(np.random.default_rng(seed))
    truths, subject = [], None
    for line in lines:
        if isinstance(line, L):
            subject = line.sides[0](env)
            truths.append(all(_agree(subject, side(env)) for side in line.sides[1:]))
        else:
            truths.append(all(_agree(subject, side(env)) for side in line.sides))
    return truths
