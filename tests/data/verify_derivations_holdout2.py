"""Independent numpy checks of the labels in tests/data/derivations_holdout2.yaml, line by line, for every entry.

Each oracle is a hand translation of one entry, one item per line: ``L(f, g, ...)`` is a line whose sides must all
agree; ``C(f, ...)`` a line starting with '=', true when its sides agree with the first side of the last ``L`` line.
A side is a function of the draw's environment and of one *case* (the free indices the line leaves open: a time step,
a graph node, an entry index); a line holds when its sides agree in every case of every draw. A side that cannot be
formed (shapes that do not fit, an index past the end) makes its line false. Derivatives are central differences;
the recurrence's Jacobians are differences through the unrolled recurrence, never the formula under test. Nothing here
evaluates a string. ``line_truths(entry_id)`` gives one boolean per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

DRAWS, H = 48, 1e-6


@dataclass(frozen=True)
class Line:
    """One line's sides; ``continued`` when it starts with '=' (its sides are compared with the last subject)."""

    sides: tuple
    continued: bool


def L(*sides: Callable) -> Line:  # noqa: N802 (one letter, as the other oracle files write a line)
    return Line(sides=sides, continued=False)


def C(*sides: Callable) -> Line:  # noqa: N802
    return Line(sides=sides, continued=True)


def S(x):
    return 1.0 / (1.0 + np.exp(-x))


def D(f: Callable, at: str = "x") -> Callable:
    def derivative(e: dict, case=None) -> np.ndarray:
        up, down = dict(e), dict(e)
        up[at], down[at] = e[at] + H, e[at] - H
        return (f(up, case) - f(down, case)) / (2 * H)
    return derivative


def step(v):
    return (v > 0).astype(float)


# ---- scalar draws (one case: the whole vector of draws) ----
def scalar_env(rng: np.random.Generator) -> dict:
    x = rng.uniform(-3, 3, DRAWS)
    x[np.abs(x) < 0.05] = 0.5  # off the kink of ReLU, where no derivative is judged
    return {"x": x, "z": rng.uniform(-3, 3, DRAWS), "y": rng.integers(0, 2, DRAWS).astype(float),
            "alpha": rng.uniform(0.01, 0.9, DRAWS), "cases": [None]}


E = lambda e, c=None: np.exp(-e["x"])  # noqa: E731
SIG = lambda e, c=None: S(e["x"])  # noqa: E731
DSIG = D(SIG)
TARGET = lambda e, c=None: S(e["x"]) * (1 - S(e["x"]))  # noqa: E731
RECIP = lambda e, c=None: 1 / (1 + E(e))  # noqa: E731
DEN = lambda e, c=None: 1 + E(e)  # noqa: E731
SQ_JISHUZHAN = [
    L(D(DEN), E),
    L(DSIG, lambda e, c: (0 + E(e)) / DEN(e) ** 2, lambda e, c: E(e) / DEN(e) ** 2),
    L(DSIG, lambda e, c: (1 + E(e) - 1) / DEN(e) ** 2, lambda e, c: DEN(e) / DEN(e) ** 2 - 1 / DEN(e) ** 2,
      lambda e, c: 1 / DEN(e) - 1 / DEN(e) ** 2),
    C(TARGET),
]
SQ_CSDN = [
    L(DSIG, D(RECIP), lambda e, c: -D(DEN)(e) / DEN(e) ** 2),
    L(D(DEN), lambda e, c: -E(e)),
    L(DSIG, lambda e, c: -(-E(e)) / DEN(e) ** 2, lambda e, c: E(e) / DEN(e) ** 2),
    L(DEN, lambda e, c: 1 / S(e["x"])),
    L(DSIG, lambda e, c: (1 / S(e["x"]) - 1) * S(e["x"]) ** 2, TARGET),
]
SIG_ECOM = [
    L(DSIG, D(RECIP), lambda e, c: -1 / DEN(e) ** 2 * D(DEN)(e)),
    L(D(DEN), D(E), lambda e, c: E(e) * D(lambda e, c: -e["x"])(e), lambda e, c: E(e) * -1),
    L(DSIG, lambda e, c: 1 / DEN(e) ** 2 * E(e)),
    C(lambda e, c: 1 / DEN(e) * E(e) / DEN(e), lambda e, c: 1 / DEN(e) * (DEN(e) / DEN(e) - 1 / DEN(e)),
      lambda e, c: 1 / DEN(e) * (1 - 1 / DEN(e))),
    C(TARGET),
]
SIG_ECOM_ASCII = [
    L(DSIG, D(RECIP), lambda e, c: -1 / DEN(e) ** 2 * D(DEN)(e)),
    C(lambda e, c: -1 / DEN(e) ** 2 * -E(e)),
    C(lambda e, c: 1 / DEN(e) * E(e) / DEN(e)),
    C(lambda e, c: 1 / DEN(e) * (1 - 1 / DEN(e))),
    C(TARGET),
]

YH = lambda e, c=None: S(e["z"])  # noqa: E731  ŷ = σ(z)
LOSS = lambda e, c=None: -(e["y"] * np.log(YH(e)) + (1 - e["y"]) * np.log(1 - YH(e)))  # noqa: E731
DL_DYH = lambda e, c=None: -e["y"] / YH(e) + (1 - e["y"]) / (1 - YH(e))  # noqa: E731  ∂L/∂ŷ at ŷ = σ(z)
BCE = [
    L(D(LOSS, "z"), lambda e, c: DL_DYH(e) * D(YH, "z")(e)),
    C(lambda e, c: -(e["y"] / YH(e) - (1 - e["y"]) / (1 - YH(e))) * YH(e) * (1 - YH(e))),
    C(lambda e, c: (YH(e) - e["y"]) / (YH(e) * (1 - YH(e))) * YH(e) * (1 - YH(e))),
    C(lambda e, c: YH(e) - e["y"]),
]

RELU = lambda e, c=None: np.maximum(0, e["x"])  # noqa: E731
LEAKY = lambda e, c=None: np.maximum(0, e["x"]) + e["alpha"] * np.minimum(0, e["x"])  # noqa: E731
RELU_LINES = [
    L(D(RELU), D(RELU)),
    C(lambda e, c: np.where(e["x"] < 0, 0.0, 1.0)),
    C(lambda e, c: step(e["x"])),
]
LEAKY_TARGET = lambda e, c: step(e["x"]) + e["alpha"] * step(-e["x"])  # noqa: E731
PRELU_TARGET = lambda e, c: np.minimum(0, e["x"])  # noqa: E731

# ---- the convolution's output size: integer draws; m_max and n_out by counting the kernel's starts ----


def cnn_env(rng: np.random.Generator) -> dict:
    n = np.exp(rng.uniform(np.log(16), np.log(4096), 400)).astype(int)
    k, p, s = rng.integers(1, 12, 400), rng.integers(0, 4, 400), rng.integers(1, 17, 400)
    m_max = np.array([max(m for m in range(0, n_ + 2 * p_ + 1) if m * s_ + k_ <= n_ + 2 * p_)
                      for n_, k_, p_, s_ in zip(n, k, p, s)])
    return {"n": n, "k": k, "p": p, "s": s, "m_max": m_max, "n_out": m_max + 1, "cases": [None]}


FLOOR = lambda e, c=None: (e["n"] + 2 * e["p"] - e["k"]) // e["s"]  # noqa: E731
M_MAX = lambda e, c=None: e["m_max"]  # noqa: E731
N_OUT = lambda e, c=None: e["n_out"]  # noqa: E731

# ---- the recurrence: a_i = W h_{i-1} + U x_i + b, h_i = tanh(a_i); cases are (k, t, free step j) ----
DH, DX, STEPS = 3, 2, 7


def _run(e: dict, h_start: np.ndarray, start: int, stop: int) -> np.ndarray:
    h = h_start
    for i in range(start + 1, stop + 1):
        h = np.tanh(e["W"] @ h + e["U"] @ e["x"][i] + e["b"])
    return h


def bptt_env(rng: np.random.Generator) -> dict:
    W = rng.normal(size=(DH, DH)) / np.sqrt(DH)
    e = {"W": W, "U": rng.normal(size=(DH, DX)), "b": rng.normal(size=DH) * 0.3,
         "x": rng.normal(size=(STEPS + 1, DX)), "h": [rng.normal(size=DH) * 0.5]}
    for i in range(1, STEPS + 1):
        e["h"].append(_run(e, e["h"][i - 1], i - 1, i))
    e["a"] = [None] + [W @ e["h"][i - 1] + e["U"] @ e["x"][i] + e["b"] for i in range(1, STEPS + 1)]
    e["cases"] = [(k, t, j) for k in (1, 2) for t in range(k + 1, k + 4) for j in range(k + 1, t + 1)]
    return e


def jacobian(e: dict, t: int, k: int) -> np.ndarray:
    """∂h_t/∂h_k in the numerator layout, by central differences through the unrolled recurrence."""
    columns = []
    for q in range(DH):
        bump = np.zeros(DH)
        bump[q] = H
        columns.append((_run(e, e["h"][k] + bump, k, t) - _run(e, e["h"][k] - bump, k, t)) / (2 * H))
    return np.stack(columns, axis=1)


def dtanh(e: dict, i: int) -> np.ndarray:
    up, down = np.tanh(e["a"][i] + H), np.tanh(e["a"][i] - H)
    return np.diag((up - down) / (2 * H))


def ordered(factors) -> np.ndarray:
    """F_t ⋯ F_{k+1}: the factor of the largest step on the left."""
    product = np.eye(DH)
    for factor in factors:
        product = product @ factor
    return product


def steps_down(c, first: int, last: int):
    """The steps last, last-1, …, first (the product's order, largest on the left)."""
    return range(last, first - 1, -1)


ONE_STEP = lambda e, c: jacobian(e, c[2], c[2] - 1)  # noqa: E731  ∂h_j/∂h_{j-1} at the free step
DIAG_W = lambda e, c: dtanh(e, c[2]) @ e["W"]  # noqa: E731
JAC_TK = lambda e, c: jacobian(e, c[1], c[0])  # noqa: E731
PROD = lambda f, lo=1, hi=0: (lambda e, c: ordered(f(e, i) for i in steps_down(c, c[0] + lo, c[1] + hi)))  # noqa: E731
DIAG_W_AT = lambda e, i: dtanh(e, i) @ e["W"]  # noqa: E731
WT_DIAG_AT = lambda e, i: e["W"].T @ dtanh(e, i)  # noqa: E731
W_DIAG_AT = lambda e, i: e["W"] @ dtanh(e, i)  # noqa: E731
STEP_AT = lambda e, i: jacobian(e, i, i - 1)  # noqa: E731
H_SQ = lambda e, i: np.diag(1 - e["h"][i] ** 2) @ e["W"]  # noqa: E731

# ---- the graph layer: one random connected graph with uneven degrees; cases are the nodes v ----
NODES, DIN, DOUT = 6, 3, 2


def gcn_env(rng: np.random.Generator) -> dict:
    A = np.zeros((NODES, NODES))
    for v in range(1, NODES):
        u = rng.integers(0, v)
        A[u, v] = A[v, u] = 1
    A[0, 1:] = A[1:, 0] = 1  # a hub
    At = A + np.eye(NODES)
    Dt = np.diag(At.sum(axis=1))
    Dm = np.diag(At.sum(axis=1) ** -0.5)
    Wk = rng.normal(size=(DOUT, DIN))
    Hp = rng.normal(size=(NODES, DIN))
    return {"A": A, "At": At, "Dt": Dt, "Dm": Dm, "Wk": Wk, "Wk_T": Wk.T, "Hp": Hp,
            "H": np.tanh(Dm @ At @ Dm @ Hp @ Wk.T), "cases": list(range(NODES))}


SIGMA = np.tanh  # a smooth stand-in for the question's elementwise σ
NBRS = lambda e, v: [u for u in range(NODES) if e["At"][v, u]]  # noqa: E731  N(v) ∪ {v}
DEG = lambda e, u: e["At"][u].sum()  # noqa: E731  |N(u)| counting the self-loop
NODE_FORM = lambda e, v: SIGMA(e["Wk"] @ sum(e["Hp"][u] / np.sqrt(DEG(e, u) * DEG(e, v)) for u in NBRS(e, v)))  # noqa: E731
ENTRY_FORM = lambda e, v: SIGMA(e["Wk"] @ sum(e["Dt"][v, v] ** -0.5 * e["At"][v, u] * e["Dt"][u, u] ** -0.5 * e["Hp"][u]  # noqa: E731
                                             for u in range(NODES)))
ROW_V = lambda e, v: e["H"][v]  # noqa: E731
MATRIX = lambda e, v: SIGMA(e["Dm"] @ e["At"] @ e["Dm"] @ e["Hp"] @ e["Wk_T"])  # noqa: E731
H_ALL = lambda e, v: e["H"]  # noqa: E731

# ---- a hidden layer: z' = W σ(z) + b, J = c·z' + ½‖z'‖², δ' = ∂J/∂z'; cases are the entries (j, k) ----
NL, NNEXT = 3, 4


def hidden_env(rng: np.random.Generator) -> dict:
    e = {"W": rng.normal(size=(NNEXT, NL)), "b": rng.normal(size=NNEXT), "c": rng.normal(size=NNEXT),
         "z": rng.normal(size=NL)}
    e["z_next"] = e["W"] @ np.tanh(e["z"]) + e["b"]
    e["delta_next"] = e["c"] + e["z_next"]
    e["cases"] = [(j, k) for j in range(NL) for k in range(NNEXT)]
    return e


COST = lambda e, z: e["c"] @ (e["W"] @ np.tanh(z) + e["b"]) + 0.5 * np.sum((e["W"] @ np.tanh(z) + e["b"]) ** 2)  # noqa: E731
DS = lambda e: 1 - np.tanh(e["z"]) ** 2  # noqa: E731  σ′(z) of the stand-in


def grad_z(e: dict) -> np.ndarray:
    eye = np.eye(NL) * H
    return np.array([(COST(e, e["z"] + eye[j]) - COST(e, e["z"] - eye[j])) / (2 * H) for j in range(NL)])


def jac_next(e: dict) -> np.ndarray:
    """∂z'_k/∂z_j as [k, j], by central differences."""
    eye = np.eye(NL) * H
    forward = lambda z: e["W"] @ np.tanh(z) + e["b"]  # noqa: E731
    return np.stack([(forward(e["z"] + eye[j]) - forward(e["z"] - eye[j])) / (2 * H) for j in range(NL)], axis=1)


DELTA_J = lambda e, c: grad_z(e)[c[0]]  # noqa: E731
CHAIN_J = lambda e, c: sum(e["delta_next"][k] * jac_next(e)[k, c[0]] for k in range(NNEXT))  # noqa: E731
BP2_J = lambda e, c: sum(e["W"][k, c[0]] * e["delta_next"][k] * DS(e)[c[0]] for k in range(NNEXT))  # noqa: E731
JAC_KJ = lambda e, c: jac_next(e)[c[1], c[0]]  # noqa: E731
Z_NEXT_K = lambda e, c: e["z_next"][c[1]]  # noqa: E731
DELTA = lambda e, c: grad_z(e)  # noqa: E731
BP2 = lambda e, c: (e["W"].T @ e["delta_next"]) * DS(e)  # noqa: E731
HIDDEN = [
    L(DELTA_J, DELTA_J, CHAIN_J, CHAIN_J),
    L(Z_NEXT_K, lambda e, c: e["W"][c[1]] @ np.tanh(e["z"]) + e["b"][c[1]]),
    L(JAC_KJ, lambda e, c: e["W"][c[1], c[0]] * DS(e)[c[0]]),
    L(DELTA_J, BP2_J),
    L(DELTA, BP2),
]

ORACLES: dict[str, tuple[Callable, list]] = {
    # the recurrence
    "h3-bptt-ccjjllt": (bptt_env, [L(ONE_STEP, lambda e, c: dtanh(e, c[2]) @ e["W"]), L(lambda e, c: e["W"], lambda e, c: e["W"]),
                                   L(ONE_STEP, lambda e, c: e["W"].T @ dtanh(e, c[2])),
                                   L(PROD(STEP_AT), PROD(WT_DIAG_AT))]),
    "h3-bptt-aims": (bptt_env, [L(ONE_STEP, DIAG_W), L(JAC_TK, PROD(STEP_AT)), C(PROD(DIAG_W_AT)),
                                C(lambda e, c: ordered(dtanh(e, i) for i in steps_down(c, c[0] + 1, c[1]))
                                  @ np.linalg.matrix_power(e["W"], c[1] - c[0]))]),
    "h3-bptt-code456": (bptt_env, [L(JAC_TK, PROD(STEP_AT)), L(ONE_STEP, DIAG_W), L(JAC_TK, PROD(DIAG_W_AT))]),
    "h3-bptt-code456-v1": (bptt_env, [L(JAC_TK, PROD(STEP_AT)), L(ONE_STEP, DIAG_W),
                                      L(JAC_TK, lambda e, c: ordered(DIAG_W_AT(e, i) if i > 0 else np.full((DH, DH), np.nan)
                                                                     for i in steps_down(c, c[0], c[1] - 1)))]),
    "h3-bptt-code456-ascii": (bptt_env, [L(JAC_TK, PROD(STEP_AT)), L(ONE_STEP, lambda e, c: dtanh(e, c[2]) @ e["W"]),
                                         C(lambda e, c: H_SQ(e, c[2])), L(JAC_TK, PROD(H_SQ))]),
    "h3-bptt-code456-ascii-v1": (bptt_env, [L(JAC_TK, PROD(STEP_AT)), L(ONE_STEP, lambda e, c: dtanh(e, c[2]) @ e["W"]),
                                            C(lambda e, c: H_SQ(e, c[2] - 1)), L(JAC_TK, PROD(H_SQ))]),
    "h3-bptt-salehinejad": (bptt_env, [L(lambda e, c: e["h"][c[1]], lambda e, c: np.tanh(e["a"][c[1]]),
                                         lambda e, c: np.tanh(e["W"] @ e["h"][c[1] - 1] + e["U"] @ e["x"][c[1]] + e["b"])),
                                       L(lambda e, c: jacobian(e, c[1], c[1] - 1), lambda e, c: DIAG_W_AT(e, c[1])),
                                       L(JAC_TK, PROD(DIAG_W_AT))]),
    "h3-bptt-salehinejad-v1": (bptt_env, [L(lambda e, c: e["h"][c[1]], lambda e, c: np.tanh(e["a"][c[1]])),
                                          L(lambda e, c: jacobian(e, c[1], c[1] - 1), lambda e, c: W_DIAG_AT(e, c[1])),
                                          L(JAC_TK, PROD(W_DIAG_AT))]),
    # the graph layer (node lines at every node v; matrix lines whole)
    "h3-gcn-huangjason": (gcn_env, [L(ROW_V, NODE_FORM), C(ENTRY_FORM), L(H_ALL, MATRIX)]),
    "h3-gcn-huangjason-v1": (gcn_env, [L(ROW_V, NODE_FORM), C(ENTRY_FORM),
                                       L(H_ALL, lambda e, v: SIGMA(np.linalg.inv(e["Dt"]) @ e["At"] @ e["Hp"] @ e["Wk_T"]))]),
    "h3-gcn-akkefa": (gcn_env, [L(ROW_V, lambda e, v: SIGMA(sum(e["Hp"][u][None, :] @ e["Wk_T"] / np.sqrt(DEG(e, u) * DEG(e, v))
                                                             for u in NBRS(e, v))[0])), L(H_ALL, MATRIX)]),
    "h3-gcn-akkefa-v1": (gcn_env, [L(ROW_V, lambda e, v: SIGMA(sum(e["Hp"][u][None, :] @ e["Wk"] / np.sqrt(DEG(e, u) * DEG(e, v))
                                                                for u in NBRS(e, v))[0])), L(H_ALL, MATRIX)]),
    "h3-gcn-ascii": (gcn_env, [L(ROW_V, NODE_FORM), C(ENTRY_FORM), L(H_ALL, MATRIX)]),
    "h3-gcn-ascii-v1": (gcn_env, [L(ROW_V, NODE_FORM), C(ENTRY_FORM),
                                  L(H_ALL, lambda e, v: SIGMA(e["Dm"] @ e["A"] @ e["Dm"] @ e["Hp"] @ e["Wk_T"]))]),
    # the convolution's output size
    "h3-cnn-haomeiwen": (cnn_env, [L(M_MAX, FLOOR), L(N_OUT, lambda e, c: M_MAX(e) + 1), C(lambda e, c: FLOOR(e) + 1)]),
    "h3-cnn-haomeiwen-v1": (cnn_env, [L(M_MAX, lambda e, c: (e["n"] + e["p"] - e["k"]) // e["s"]),
                                      L(N_OUT, lambda e, c: M_MAX(e) + 1),
                                      C(lambda e, c: (e["n"] + e["p"] - e["k"]) // e["s"] + 1)]),
    "h3-cnn-aise": (cnn_env, [L(M_MAX, lambda e, c: (e["n"] - e["k"] + 2 * e["p"]) / e["s"]), L(N_OUT, lambda e, c: M_MAX(e) + 1)]),
    "h3-cnn-pythonjishu": (cnn_env, [L(M_MAX, M_MAX), C(FLOOR), L(N_OUT, lambda e, c: M_MAX(e) + 1, lambda e, c: FLOOR(e) + 1)]),
    "h3-cnn-pythonjishu-v1": (cnn_env, [L(M_MAX, M_MAX), C(FLOOR), L(N_OUT, M_MAX, FLOOR)]),
    # the sigmoid
    "h3-sq-jishuzhan": (scalar_env, SQ_JISHUZHAN),
    "h3-sq-csdn": (scalar_env, SQ_CSDN),
    "h3-sq-csdn-v1": (scalar_env, SQ_CSDN[:2] + [L(DSIG, lambda e, c: -E(e) / DEN(e) ** 2), L(DSIG, TARGET)]),
    "h3-sig-ecom": (scalar_env, SIG_ECOM),
    "h3-sig-ecom-v1": (scalar_env, [SIG_ECOM[0], L(D(DEN), D(E), lambda e, c: E(e) * D(lambda e, c: -e["x"])(e),
                                                   lambda e, c: E(e) * 1), SIG_ECOM[2], SIG_ECOM[4]]),
    "h3-sig-ecom-ascii": (scalar_env, SIG_ECOM_ASCII),
    # binary cross-entropy
    "h3-bce-leiwista": (scalar_env, BCE),
    "h3-bce-leiwista-v1": (scalar_env, BCE[:2] + [C(lambda e, c: (e["y"] - YH(e)) / (YH(e) * (1 - YH(e))) * YH(e) * (1 - YH(e))),
                                                  C(lambda e, c: e["y"] - YH(e))]),
    "h3-bce-leiwista-ascii": (scalar_env, BCE),
    # ReLU, leaky ReLU, PReLU
    "h3-relu-leapai": (scalar_env, RELU_LINES),
    "h3-relu-leapai-v1": (scalar_env, [RELU_LINES[0], C(lambda e, c: np.where(e["x"] < 0, 1.0, 0.0)), RELU_LINES[2]]),
    "h3-relu-keshav-ascii": (scalar_env, [RELU_LINES[0], RELU_LINES[2]]),
    "h3-leaky-nstudy": (scalar_env, [L(D(LEAKY), lambda e, c: np.where(e["x"] >= 0, 1.0, e["alpha"])), C(LEAKY_TARGET)]),
    "h3-leaky-nstudy-v1": (scalar_env, [L(D(LEAKY), lambda e, c: np.where(e["x"] >= 0, 1.0, e["alpha"] * e["x"])),
                                        C(LEAKY_TARGET)]),
    "h3-leaky-unicode": (scalar_env, [L(D(LEAKY), lambda e, c: D(RELU)(e) + e["alpha"] * D(lambda e, c: np.minimum(0, e["x"]))(e)),
                                      C(LEAKY_TARGET)]),
    "h3-prelu-infinitelexicon": (scalar_env, [L(D(LEAKY, "alpha"), lambda e, c: np.where(e["x"] > 0, 0.0, e["x"])),
                                              C(PRELU_TARGET)]),
    "h3-prelu-infinitelexicon-v1": (scalar_env, [L(D(LEAKY, "alpha"), lambda e, c: np.where(e["x"] > 0, e["x"], 0.0)),
                                                 C(PRELU_TARGET)]),
    "h3-prelu-intel-ascii": (scalar_env, [L(D(LEAKY, "alpha"), lambda e, c: D(RELU, "alpha")(e)
                                            + D(lambda e, c: e["alpha"] * np.minimum(0, e["x"]), "alpha")(e)),
                                          C(lambda e, c: 0 + PRELU_TARGET(e, c)), C(PRELU_TARGET)]),
    # a hidden layer's δ by components (Nielsen's BP2)
    "h3-hid-ygoverflow": (hidden_env, HIDDEN),
    "h3-hid-ygoverflow-v1": (hidden_env, HIDDEN[:2] + [L(JAC_KJ, lambda e, c: e["W"][c[0], c[1]] * DS(e)[c[0]])] + HIDDEN[3:]),
    "h3-hid-ygoverflow-v2": (hidden_env, [HIDDEN[0], HIDDEN[2], HIDDEN[3],
                                          L(DELTA, lambda e, c: (e["W"].T @ e["delta_next"]) * (1 - np.tanh(e["z_next"]) ** 2))]),
    "h3-hid-ygoverflow-unicode": (hidden_env, [L(DELTA_J, DELTA_J, CHAIN_J), C(BP2_J), L(DELTA, BP2)]),
    "h3-hid-ygoverflow-unicode-v1": (hidden_env, [L(DELTA_J, DELTA_J, CHAIN_J), C(BP2_J),
                                                  L(DELTA, lambda e, c: (e["W"] @ e["delta_next"]) * DS(e))]),
}


def _value(side: Callable, env: dict, case):
    try:
        return np.asarray(side(env, case), dtype=float)
    except (ValueError, IndexError):  # shapes that do not fit, an index past the end: no value
        return None


def _agree(a, b) -> bool:
    return a is not None and b is not None and a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-5, atol=1e-6))


def line_truths(entry_id: str, seed: int = 2026, draws: int = 3) -> list[bool]:
    """One boolean per line of the entry: whether that line holds in every case of several draws."""
    make_env, lines = ORACLES[entry_id]
    truths = [True] * len(lines)
    for draw in range(draws):
        env = make_env(np.random.default_rng(seed + draw))
        for case in env["cases"]:
            subject = None
            for number, line in enumerate(lines):
                if line.continued:
                    rest = line.sides
                else:
                    subject = _value(line.sides[0], env, case)
                    rest = line.sides[1:]
                if not all(_agree(subject, _value(side, env, case)) for side in rest):
                    truths[number] = False
    return truths
