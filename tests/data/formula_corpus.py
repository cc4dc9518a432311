"""A labelled corpus of student answers to the formula questions of ``formula-targets.md``.

Each ``Case`` is one answer exactly as a student (or a textbook) types it, in one of the three
notations the checker reads (LaTeX as in the seed notes, Unicode, ASCII), with its label.

The labels are not eyeballed: for every target this file carries

* ``env_<target>(rng)``: draws every symbol of the question at random (distinct dimension sizes,
  never 1; non-symmetric matrices; sigmoid *or* tanh for a generic sigma, with its true derivative
  for sigma'; small random graphs with uneven degrees for the GNN targets; integers for CNN);
* ``ref_<target>(e)``: a numpy implementation of the expected form over that environment;

and every case carries an ``oracle``: a hand translation of *that* answer into numpy over the same
environment.  ``tests/math/test_corpus_labels.py`` checks that oracle == reference on every draw
exactly when the label says "correct".  Answers whose shapes do not even fit have no oracle
(``oracle=None``), are labelled wrong and say "shape error" in the note.

Conventions used by the translations (the questions state them):

* ASCII ``@`` is the matrix product; ``*``, ``\\cdot``, ``·`` and juxtaposition are resolved by
  shape (matrix product where the shapes chain, elementwise where both sides have one shape and a
  matrix product is impossible, scaling by a scalar).
* GNN: N(v) excludes v.  |N(.)| is the plain degree in the basic GNN and the degree in
  A~ = A + I (self-loop counted) in the GCN questions.
* GRU: z_t is the update gate that takes the candidate: h_t = (1-z_t) h_{t-1} + z_t h~_t.
* sigma in the back-propagation, forward and GNN questions is a generic elementwise activation:
  an answer that only holds for the logistic sigmoid (A(1-A) for sigma') is wrong there.

Plain data: nothing here ever evaluates a string.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace as NS
from typing import Callable, Optional

import numpy as np


@dataclass(frozen=True)
class Case:
    target: str  # formula question id from formula-targets.md
    text: str  # the answer exactly as a student types it
    notation: str  # "latex" | "unicode" | "ascii"
    correct: bool  # the label
    note: str  # why
    oracle: Optional[Callable] = None  # numpy translation of *this* answer; None for shape-invalid answers


TARGET_IDS = [
    "act-sigmoid-derivative",
    "act-tanh-derivative",
    "loss-mse-grad",
    "loss-bce-sigmoid-grad",
    "loss-softmax-ce-grad",
    "gd-update",
    "bp-forward",
    "bp-delta-output",
    "bp-delta-hidden",
    "bp-delta-Lminus1",
    "bp-grad-W",
    "bp-grad-b",
    "gnn-basic-update",
    "gnn-gcn-update",
    "gnn-gcn-coefficient",
    "gnn-gcn-matrix",
    "rnn-hidden",
    "lstm-cell",
    "lstm-hidden",
    "gru-hidden",
    "cnn-output-size",
    "cnn-param-count",
]

# --------------------------------------------------------------------------------------------
# numeric helpers shared by references and oracles
# --------------------------------------------------------------------------------------------


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def dsigmoid(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def dtanh(x):
    return 1.0 - np.tanh(x) ** 2


def relu(x):
    return np.maximum(x, 0.0)


def softmax(z):
    ez = np.exp(z - z.max())
    return ez / ez.sum()


ACTIVATIONS = {"sigmoid": (sigmoid, dsigmoid), "tanh": (np.tanh, dtanh)}


def _act(rng):
    """A generic sigma: the logistic sigmoid or tanh, with its true derivative."""
    name = ("sigmoid", "tanh")[int(rng.integers(2))]
    f, df = ACTIVATIONS[name]
    return name, f, df


def _dims(rng, k):
    """k distinct dimension sizes, none of them 1."""
    return [int(v) for v in rng.choice(np.arange(2, 10), size=k, replace=False)]


def _mat(rng, r, c):
    m = rng.normal(size=(r, c))
    if r == c:
        assert not np.allclose(m, m.T)
    return m


def _col(rng, n, scale=1.0):
    return rng.normal(scale=scale, size=(n, 1))


def dpow(m, p):
    """A power of a diagonal matrix (D^{-1/2} and friends)."""
    return np.diag(np.diag(m) ** p)


def diag(v):
    return np.diag(np.ravel(v))


def per_node(e, f):
    """Stack the per-node answer h_v^k (a d' vector) as the columns of a d' x n matrix."""
    return np.column_stack([f(v) for v in range(e.n)])


def _graph(rng, n):
    """A connected random graph on n nodes with uneven degrees (symmetric 0/1, no self-loops)."""
    while True:
        a = np.zeros((n, n))
        order = rng.permutation(n)
        for i in range(1, n):
            j = order[int(rng.integers(i))]
            a[order[i], j] = a[j, order[i]] = 1.0
        for _ in range(3):
            x, y = rng.choice(n, size=2, replace=False)
            a[x, y] = a[y, x] = 1.0
        deg = a.sum(axis=1)
        if len(set(deg.tolist())) >= 3:
            return a


# --------------------------------------------------------------------------------------------
# environments and references, one pair per target
# --------------------------------------------------------------------------------------------


def env_act_sigmoid_derivative(rng):
    return NS(x=rng.uniform(-4, 4, size=11))


def ref_act_sigmoid_derivative(e):
    return sigmoid(e.x) * (1 - sigmoid(e.x))


def env_act_tanh_derivative(rng):
    return NS(x=rng.uniform(-3, 3, size=11))


def ref_act_tanh_derivative(e):
    return 1 - np.tanh(e.x) ** 2


def env_loss_mse_grad(rng):
    return NS(yh=rng.normal(size=9), y=rng.normal(size=9))


def ref_loss_mse_grad(e):
    return e.yh - e.y


def env_loss_bce_sigmoid_grad(rng):
    # y continuous in (0, 1): the formula holds for soft labels too, and y^2 != y exposes slips.
    return NS(z=rng.normal(scale=2, size=9), y=rng.uniform(0.05, 0.95, size=9))


def ref_loss_bce_sigmoid_grad(e):
    return sigmoid(e.z) - e.y


def env_loss_softmax_ce_grad(rng):
    K = int(rng.integers(4, 8))
    z = _col(rng, K, 1.5)
    y = np.zeros((K, 1))
    y[int(rng.integers(K)), 0] = 1.0
    return NS(K=K, z=z, y=y, yh=softmax(z))


def ref_loss_softmax_ce_grad(e):
    return e.yh - e.y


def env_gd_update(rng):
    p = int(rng.integers(3, 8))
    return NS(th=_col(rng, p), eta=float(rng.uniform(0.05, 0.6)), g=_col(rng, p), J=float(rng.uniform(0.5, 3)))


def ref_gd_update(e):
    return e.th - e.eta * e.g


def env_bp_forward(rng):
    nl, nl1 = _dims(rng, 2)
    name, s, ds = _act(rng)
    return NS(act=name, s=s, ds=ds, nl=nl, nl1=nl1, W=_mat(rng, nl, nl1), A=_col(rng, nl1), b=_col(rng, nl))


def ref_bp_forward(e):
    return e.s(e.W @ e.A + e.b)


def env_bp_delta_output(rng):
    (nL,) = _dims(rng, 1)
    name, s, ds = _act(rng)
    Z = _col(rng, nL)
    return NS(act=name, s=s, ds=ds, nL=nL, Z=Z, A=s(Z), Y=_col(rng, nL))


def ref_bp_delta_output(e):
    return (e.A - e.Y) * e.ds(e.Z)


def env_bp_delta_hidden(rng):
    n1, n2 = _dims(rng, 2)  # n1 = n_l, n2 = n_{l+1}
    name, s, ds = _act(rng)
    return NS(act=name, s=s, ds=ds, n1=n1, n2=n2, W=_mat(rng, n2, n1), d1=_col(rng, n2),
              Z=_col(rng, n1), Z1=_col(rng, n2))  # Z = Z^{(l)}, Z1 = Z^{(l+1)}


def ref_bp_delta_hidden(e):
    return (e.W.T @ e.d1) * e.ds(e.Z)


def env_bp_delta_Lminus1(rng):
    nL, nL1 = _dims(rng, 2)
    name, s, ds = _act(rng)
    ZL, Z1 = _col(rng, nL), _col(rng, nL1)
    AL, Y = s(ZL), _col(rng, nL)
    return NS(act=name, s=s, ds=ds, nL=nL, nL1=nL1, W=_mat(rng, nL, nL1), ZL=ZL, AL=AL, Y=Y,
              dL=(AL - Y) * ds(ZL), Z1=Z1, A1=s(Z1))


def ref_bp_delta_Lminus1(e):
    return e.ds(e.Z1) * (e.W.T @ e.dL)


def env_bp_grad_W(rng):
    nl, nl1 = _dims(rng, 2)
    name, s, ds = _act(rng)
    Z1, Zl = _col(rng, nl1), _col(rng, nl)
    return NS(act=name, s=s, ds=ds, nl=nl, nl1=nl1, d=_col(rng, nl), Z1=Z1, A1=s(Z1), Zl=Zl, Al=s(Zl),
              W=_mat(rng, nl, nl1), eta=float(rng.uniform(0.05, 0.5)))


def ref_bp_grad_W(e):
    return e.d @ e.A1.T


def env_bp_grad_b(rng):
    nl, n2, nl1 = _dims(rng, 3)  # n_l, n_{l+1}, n_{l-1}
    name, s, ds = _act(rng)
    W2, d2, Z = _mat(rng, n2, nl), _col(rng, n2), _col(rng, nl)
    return NS(act=name, s=s, ds=ds, nl=nl, n2=n2, nl1=nl1, W2=W2, d2=d2, Z=Z, d=(W2.T @ d2) * ds(Z),
              A1=_col(rng, nl1), b=_col(rng, nl), eta=float(rng.uniform(0.05, 0.5)))


def ref_bp_grad_b(e):
    return e.d


def _gnn_env(rng, gcn):
    n = int(rng.integers(6, 9))
    d, dp = _dims(rng, 2)
    a = _graph(rng, n)
    name, s, ds = _act(rng)
    nbrs = [[u for u in range(n) if a[v, u]] for v in range(n)]
    deg = a.sum(axis=1)
    size = deg + 1 if gcn else deg  # what |N(.)| denotes in the question
    hs = [rng.normal(size=d) for _ in range(n)]
    return NS(act=name, s=s, ds=ds, n=n, d=d, dp=dp, adj=a, N=nbrs, nN=size, h=hs,
              W=_mat(rng, dp, d), B=_mat(rng, dp, d))


def env_gnn_basic_update(rng):
    return _gnn_env(rng, gcn=False)


def ref_gnn_basic_update(e):
    return per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v]))


def env_gnn_gcn_update(rng):
    return _gnn_env(rng, gcn=True)


def ref_gnn_gcn_update(e):
    return per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v])))


def env_gnn_gcn_coefficient(rng):
    nu = rng.integers(2, 12, size=10).astype(float)
    nv = rng.integers(2, 12, size=10).astype(float)
    nv[nv == nu] += 1  # |N(u)| != |N(v)| in every draw
    return NS(nu=nu, nv=nv)


def ref_gnn_gcn_coefficient(e):
    return 1 / np.sqrt(e.nu * e.nv)


def env_gnn_gcn_matrix(rng):
    n = int(rng.integers(6, 9))
    while True:
        d, dp = _dims(rng, 2)
        if n not in (d, dp):
            break
    a = _graph(rng, n)
    name, s, ds = _act(rng)
    at = a + np.eye(n)
    return NS(act=name, s=s, ds=ds, n=n, d=d, dp=dp, A=a, I=np.eye(n), At=at, Dt=np.diag(at.sum(axis=1)),
              D=np.diag(a.sum(axis=1)), H=_mat(rng, n, d), W=_mat(rng, d, dp))


def ref_gnn_gcn_matrix(e):
    return e.s(dpow(e.Dt, -0.5) @ e.At @ dpow(e.Dt, -0.5) @ e.H @ e.W)


def env_rnn_hidden(rng):
    nh, nx = _dims(rng, 2)
    return NS(nh=nh, nx=nx, Whh=_mat(rng, nh, nh), Wxh=_mat(rng, nh, nx), h=_col(rng, nh), x=_col(rng, nx),
              b=_col(rng, nh))


def ref_rnn_hidden(e):
    return np.tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)


def _lstm_env(rng):
    (nh,) = _dims(rng, 1)
    f, i, o = (sigmoid(_col(rng, nh, 2)) for _ in range(3))
    cp, ct = _col(rng, nh, 1.5), np.tanh(_col(rng, nh, 1.5))
    return NS(nh=nh, f=f, i=i, o=o, cp=cp, ct=ct, c=f * cp + i * ct)


def env_lstm_cell(rng):
    return _lstm_env(rng)


def ref_lstm_cell(e):
    return e.f * e.cp + e.i * e.ct


def env_lstm_hidden(rng):
    return _lstm_env(rng)


def ref_lstm_hidden(e):
    return e.o * np.tanh(e.c)


def env_gru_hidden(rng):
    (nh,) = _dims(rng, 1)
    return NS(nh=nh, z=sigmoid(_col(rng, nh, 2)), r=sigmoid(_col(rng, nh, 2)), hp=np.tanh(_col(rng, nh, 1.5)),
              ht=np.tanh(_col(rng, nh, 1.5)))


def ref_gru_hidden(e):
    return (1 - e.z) * e.hp + e.z * e.ht


def env_cnn_output_size(rng):
    m = 24
    k = rng.integers(2, 8, size=m)
    n = rng.integers(8, 64, size=m)
    p = rng.integers(0, 4, size=m)
    s = rng.integers(1, 5, size=m)
    return NS(n=n.astype(float), k=k.astype(float), p=p.astype(float), s=s.astype(float))


def ref_cnn_output_size(e):
    return np.floor((e.n + 2 * e.p - e.k) / e.s) + 1


def env_cnn_param_count(rng):
    m = 12
    return NS(kh=rng.integers(2, 8, size=m).astype(float), kw=rng.integers(2, 8, size=m).astype(float),
              Cin=rng.integers(2, 257, size=m).astype(float), Cout=rng.integers(2, 257, size=m).astype(float))


def ref_cnn_param_count(e):
    return (e.kh * e.kw * e.Cin + 1) * e.Cout


ENVS = {t: globals()["env_" + t.replace("-", "_")] for t in TARGET_IDS}
REFERENCES = {t: globals()["ref_" + t.replace("-", "_")] for t in TARGET_IDS}


# --------------------------------------------------------------------------------------------
# the cases
# --------------------------------------------------------------------------------------------

CASES: list[Case] = []


def _add(target, rows):
    for row in rows:
        CASES.append(Case(target, *row))


S = sigmoid
exp, sqrt, floor, ceil, tanh = np.exp, np.sqrt, np.floor, np.ceil, np.tanh

# ---- act-sigmoid-derivative: sigma(x) = 1/(1+e^{-x}), x scalar ------------------------------
_add("act-sigmoid-derivative", [
    (r"\sigma(x)(1-\sigma(x))", "latex", True, "expected form", lambda e: S(e.x) * (1 - S(e.x))),
    (r"\sigma'(x) = \sigma(x)\left(1-\sigma(x)\right)", "latex", True, "whole equation", lambda e: S(e.x) * (1 - S(e.x))),
    (r"\frac{e^{-x}}{(1+e^{-x})^2}", "latex", True, "quotient-rule form", lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2),
    (r"\sigma(x)-\sigma(x)^2", "latex", True, "expanded product", lambda e: S(e.x) - S(e.x) ** 2),
    (r"\frac{d\sigma}{dx} = \sigma(x)\cdot(1-\sigma(x))", "latex", True, "Leibniz left side, \\cdot", lambda e: S(e.x) * (1 - S(e.x))),
    (r"\frac{1}{1+e^{-x}}\left(1-\frac{1}{1+e^{-x}}\right)", "latex", True, "sigma written out", lambda e: 1 / (1 + exp(-e.x)) * (1 - 1 / (1 + exp(-e.x)))),
    (r"\frac{e^{x}}{(1+e^{x})^{2}}", "latex", True, "multiplied through by e^{2x}", lambda e: exp(e.x) / (1 + exp(e.x)) ** 2),
    (r"\sigma(x)\,\sigma(-x)", "latex", True, "1-sigma(x) = sigma(-x)", lambda e: S(e.x) * S(-e.x)),
    (r"\frac{1}{e^{x}+2+e^{-x}}", "latex", True, "denominator expanded", lambda e: 1 / (exp(e.x) + 2 + exp(-e.x))),
    ("σ(x)(1−σ(x))", "unicode", True, "expected form, Unicode minus", lambda e: S(e.x) * (1 - S(e.x))),
    ("σ′(x) = σ(x)·(1 − σ(x))", "unicode", True, "whole equation, middle dot", lambda e: S(e.x) * (1 - S(e.x))),
    ("e⁻ˣ/(1+e⁻ˣ)²", "unicode", True, "quotient-rule form, superscripts", lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2),
    ("sigma(x)*(1-sigma(x))", "ascii", True, "expected form", lambda e: S(e.x) * (1 - S(e.x))),
    ("exp(-x)/(1+exp(-x))^2", "ascii", True, "quotient-rule form", lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2),
    ("sigma(x) - sigma(x)^2", "ascii", True, "expanded product", lambda e: S(e.x) - S(e.x) ** 2),
    (r"\sigma(x)(1+\sigma(x))", "latex", False, "sign flip inside the factor", lambda e: S(e.x) * (1 + S(e.x))),
    (r"1-\sigma(x)^2", "latex", False, "tanh rule applied to sigma", lambda e: 1 - S(e.x) ** 2),
    (r"-\frac{e^{-x}}{(1+e^{-x})^2}", "latex", False, "sign flip: lost the inner derivative -1", lambda e: -exp(-e.x) / (1 + exp(-e.x)) ** 2),
    (r"\frac{e^{-x}}{1+e^{-x}}", "latex", False, "dropped the square in the denominator", lambda e: exp(-e.x) / (1 + exp(-e.x))),
    (r"\frac{1}{(1+e^{-x})^2}", "latex", False, "lost the factor e^{-x}", lambda e: 1 / (1 + exp(-e.x)) ** 2),
    (r"x\left(1-x\right)", "latex", False, "forgot sigma: x(1-x)", lambda e: e.x * (1 - e.x)),
    ("σ(x)²", "unicode", False, "sigma squared", lambda e: S(e.x) ** 2),
    ("1 − σ(x)", "unicode", False, "dropped the factor sigma(x)", lambda e: 1 - S(e.x)),
    ("1/(1+e⁻ˣ)²", "unicode", False, "lost the factor e^{-x}", lambda e: 1 / (1 + exp(-e.x)) ** 2),
    ("sigma(x)*(1-sigma(-x))", "ascii", False, "sigma(-x) for 1-sigma(x) twice: equals sigma^2", lambda e: S(e.x) * (1 - S(-e.x))),
    ("-1/(1+exp(-x))^2", "ascii", False, "chain rule forgotten: sign and e^{-x} lost", lambda e: -1 / (1 + exp(-e.x)) ** 2),
    ("exp(-x)/(1+exp(-x))", "ascii", False, "dropped the square", lambda e: exp(-e.x) / (1 + exp(-e.x))),
])

# ---- act-tanh-derivative ---------------------------------------------------------------------
_add("act-tanh-derivative", [
    (r"1-\tanh^2(x)", "latex", True, "expected form", lambda e: 1 - tanh(e.x) ** 2),
    (r"1-\tanh^{2}x", "latex", True, "no parentheses around the argument", lambda e: 1 - tanh(e.x) ** 2),
    (r"\frac{d}{dx}\tanh(x) = 1-\tanh(x)^2", "latex", True, "whole equation, square after the call", lambda e: 1 - tanh(e.x) ** 2),
    (r"\operatorname{sech}^2(x)", "latex", True, "sech squared", lambda e: 1 / np.cosh(e.x) ** 2),
    (r"\frac{1}{\cosh^2 x}", "latex", True, "1/cosh^2", lambda e: 1 / np.cosh(e.x) ** 2),
    (r"(1-\tanh x)(1+\tanh x)", "latex", True, "factored difference of squares", lambda e: (1 - tanh(e.x)) * (1 + tanh(e.x))),
    (r"\frac{4}{(e^{x}+e^{-x})^{2}}", "latex", True, "exponential form", lambda e: 4 / (exp(e.x) + exp(-e.x)) ** 2),
    (r"1-\left(\frac{e^x-e^{-x}}{e^x+e^{-x}}\right)^2", "latex", True, "tanh written out", lambda e: 1 - ((exp(e.x) - exp(-e.x)) / (exp(e.x) + exp(-e.x))) ** 2),
    ("1 − tanh²(x)", "unicode", True, "expected form, superscript 2", lambda e: 1 - tanh(e.x) ** 2),
    ("1 − tanh(x)²", "unicode", True, "square after the call", lambda e: 1 - tanh(e.x) ** 2),
    ("sech²(x)", "unicode", True, "sech squared", lambda e: 1 / np.cosh(e.x) ** 2),
    ("4/(eˣ+e⁻ˣ)²", "unicode", True, "exponential form", lambda e: 4 / (exp(e.x) + exp(-e.x)) ** 2),
    ("1 - tanh(x)^2", "ascii", True, "expected form", lambda e: 1 - tanh(e.x) ** 2),
    ("(1-tanh(x))*(1+tanh(x))", "ascii", True, "factored", lambda e: (1 - tanh(e.x)) * (1 + tanh(e.x))),
    ("4*exp(2*x)/(exp(2*x)+1)^2", "ascii", True, "exponential form times e^{2x}/e^{2x}", lambda e: 4 * exp(2 * e.x) / (exp(2 * e.x) + 1) ** 2),
    (r"1+\tanh^2(x)", "latex", False, "sign flip", lambda e: 1 + tanh(e.x) ** 2),
    (r"1-\tanh(x)", "latex", False, "dropped the square", lambda e: 1 - tanh(e.x)),
    (r"\tanh(x)(1-\tanh(x))", "latex", False, "sigmoid rule applied to tanh", lambda e: tanh(e.x) * (1 - tanh(e.x))),
    (r"1-\tanh(x^2)", "latex", False, "squared the argument instead of the function", lambda e: 1 - tanh(e.x ** 2)),
    (r"(1-\tanh x)^2", "latex", False, "squared the difference", lambda e: (1 - tanh(e.x)) ** 2),
    (r"\frac{1}{\cosh x}", "latex", False, "sech, not sech squared", lambda e: 1 / np.cosh(e.x)),
    ("1 + tanh²(x)", "unicode", False, "sign flip", lambda e: 1 + tanh(e.x) ** 2),
    ("tanh(x)(1 − tanh(x))", "unicode", False, "sigmoid rule applied to tanh", lambda e: tanh(e.x) * (1 - tanh(e.x))),
    ("cosh²(x)", "unicode", False, "cosh instead of sech", lambda e: np.cosh(e.x) ** 2),
    ("1 - tanh(x)", "ascii", False, "dropped the square", lambda e: 1 - tanh(e.x)),
    ("tanh(x)^2 - 1", "ascii", False, "sign flip of the whole", lambda e: tanh(e.x) ** 2 - 1),
    ("1 - tanh(x^2)", "ascii", False, "squared the argument", lambda e: 1 - tanh(e.x ** 2)),
])

# ---- loss-mse-grad: J = 1/2 (yhat - y)^2, derivative wrt yhat -------------------------------
_add("loss-mse-grad", [
    (r"\hat{y}-y", "latex", True, "expected form", lambda e: e.yh - e.y),
    (r"\hat y - y", "latex", True, "\\hat without braces", lambda e: e.yh - e.y),
    (r"\frac{\partial J}{\partial \hat y} = \hat{y} - y", "latex", True, "whole equation", lambda e: e.yh - e.y),
    (r"-(y-\hat{y})", "latex", True, "negated difference", lambda e: -(e.y - e.yh)),
    (r"\frac{1}{2}\cdot 2(\hat y-y)", "latex", True, "chain rule left unsimplified", lambda e: 0.5 * 2 * (e.yh - e.y)),
    (r"\hat{y}-y\cdot 1", "latex", True, "inner derivative 1 kept", lambda e: e.yh - e.y * 1),
    ("ŷ − y", "unicode", True, "expected form, Unicode", lambda e: e.yh - e.y),
    ("∂J/∂ŷ = ŷ − y", "unicode", True, "whole equation", lambda e: e.yh - e.y),
    ("−(y − ŷ)", "unicode", True, "negated difference", lambda e: -(e.y - e.yh)),
    ("½·2(ŷ − y)", "unicode", True, "chain rule left unsimplified", lambda e: 0.5 * 2 * (e.yh - e.y)),
    ("y_hat - y", "ascii", True, "expected form", lambda e: e.yh - e.y),
    ("yhat - y", "ascii", True, "yhat spelled as one word", lambda e: e.yh - e.y),
    ("-(y - y_hat)", "ascii", True, "negated difference", lambda e: -(e.y - e.yh)),
    ("0.5*2*(y_hat - y)", "ascii", True, "chain rule left unsimplified", lambda e: 0.5 * 2 * (e.yh - e.y)),
    (r"y-\hat{y}", "latex", False, "sign flip", lambda e: e.y - e.yh),
    (r"\hat y + y", "latex", False, "sum instead of difference", lambda e: e.yh + e.y),
    (r"(\hat y - y)^2", "latex", False, "squared error, not its derivative", lambda e: (e.yh - e.y) ** 2),
    (r"\frac{1}{2}(\hat y-y)", "latex", False, "kept the 1/2 and dropped the 2", lambda e: 0.5 * (e.yh - e.y)),
    (r"2(\hat y - y)", "latex", False, "ignored the 1/2 in J", lambda e: 2 * (e.yh - e.y)),
    (r"\hat y(1-\hat y)(\hat y-y)", "latex", False, "sigmoid factor that is not there", lambda e: e.yh * (1 - e.yh) * (e.yh - e.y)),
    ("y − ŷ", "unicode", False, "sign flip", lambda e: e.y - e.yh),
    ("ŷ + y", "unicode", False, "sum instead of difference", lambda e: e.yh + e.y),
    ("½(ŷ − y)²", "unicode", False, "the loss itself", lambda e: 0.5 * (e.yh - e.y) ** 2),
    ("y - y_hat", "ascii", False, "sign flip", lambda e: e.y - e.yh),
    ("2*(y_hat - y)", "ascii", False, "ignored the 1/2 in J", lambda e: 2 * (e.yh - e.y)),
    ("(y_hat - y)^2/2", "ascii", False, "the loss itself", lambda e: (e.yh - e.y) ** 2 / 2),
])

# ---- loss-bce-sigmoid-grad: L = -[y log s(z) + (1-y) log(1-s(z))], derivative wrt z --------
_add("loss-bce-sigmoid-grad", [
    (r"\sigma(z)-y", "latex", True, "expected form", lambda e: S(e.z) - e.y),
    (r"\frac{\partial L}{\partial z} = \sigma(z) - y", "latex", True, "whole equation", lambda e: S(e.z) - e.y),
    (r"\frac{1}{1+e^{-z}}-y", "latex", True, "sigma written out", lambda e: 1 / (1 + exp(-e.z)) - e.y),
    (r"-(y-\sigma(z))", "latex", True, "negated difference", lambda e: -(e.y - S(e.z))),
    (r"-y(1-\sigma(z))+(1-y)\sigma(z)", "latex", True, "unsimplified chain rule, both terms", lambda e: -e.y * (1 - S(e.z)) + (1 - e.y) * S(e.z)),
    (r"(1-y)\,\sigma(z) - y\,\sigma(-z)", "latex", True, "1-sigma(z) = sigma(-z)", lambda e: (1 - e.y) * S(e.z) - e.y * S(-e.z)),
    ("σ(z) − y", "unicode", True, "expected form", lambda e: S(e.z) - e.y),
    ("1/(1+e⁻ᶻ) − y", "unicode", True, "sigma written out", lambda e: 1 / (1 + exp(-e.z)) - e.y),
    ("−y(1−σ(z)) + (1−y)σ(z)", "unicode", True, "unsimplified chain rule", lambda e: -e.y * (1 - S(e.z)) + (1 - e.y) * S(e.z)),
    ("∂L/∂z = σ(z) − y", "unicode", True, "whole equation", lambda e: S(e.z) - e.y),
    ("sigma(z) - y", "ascii", True, "expected form", lambda e: S(e.z) - e.y),
    ("1/(1+exp(-z)) - y", "ascii", True, "sigma written out", lambda e: 1 / (1 + exp(-e.z)) - e.y),
    ("-(y - sigmoid(z))", "ascii", True, "negated difference, sigmoid spelled out", lambda e: -(e.y - S(e.z))),
    ("(1-y)*sigma(z) - y*(1-sigma(z))", "ascii", True, "unsimplified chain rule", lambda e: (1 - e.y) * S(e.z) - e.y * (1 - S(e.z))),
    (r"y-\sigma(z)", "latex", False, "sign flip", lambda e: e.y - S(e.z)),
    (r"\sigma(z)+y", "latex", False, "sum instead of difference", lambda e: S(e.z) + e.y),
    (r"-\frac{y}{\sigma(z)}+\frac{1-y}{1-\sigma(z)}", "latex", False, "derivative wrt sigma(z), chain rule stopped", lambda e: -e.y / S(e.z) + (1 - e.y) / (1 - S(e.z))),
    (r"(\sigma(z)-y)\sigma(z)(1-\sigma(z))", "latex", False, "MSE-style extra sigma' factor", lambda e: (S(e.z) - e.y) * S(e.z) * (1 - S(e.z))),
    (r"\sigma(z)(1-\sigma(z))-y", "latex", False, "sigma' in place of sigma", lambda e: S(e.z) * (1 - S(e.z)) - e.y),
    ("y − σ(z)", "unicode", False, "sign flip", lambda e: e.y - S(e.z)),
    ("σ(z)(1−σ(z)) − y", "unicode", False, "sigma' in place of sigma", lambda e: S(e.z) * (1 - S(e.z)) - e.y),
    ("y - sigma(z)", "ascii", False, "sign flip", lambda e: e.y - S(e.z)),
    ("sigma(z) + y", "ascii", False, "sum instead of difference", lambda e: S(e.z) + e.y),
    ("-y/sigma(z) + (1-y)/(1-sigma(z))", "ascii", False, "derivative wrt sigma(z)", lambda e: -e.y / S(e.z) + (1 - e.y) / (1 - S(e.z))),
    ("z - y", "ascii", False, "forgot sigma", lambda e: e.z - e.y),
    ("(sigma(z) - y)/(sigma(z)*(1-sigma(z)))", "ascii", False, "divided by sigma' instead of cancelling it", lambda e: (S(e.z) - e.y) / (S(e.z) * (1 - S(e.z)))),
])

# ---- loss-softmax-ce-grad: yhat = softmax(z), y one-hot, gradient wrt z ---------------------
_add("loss-softmax-ce-grad", [
    (r"\hat{y}-y", "latex", True, "expected form", lambda e: e.yh - e.y),
    (r"\mathrm{softmax}(z)-y", "latex", True, "softmax named", lambda e: softmax(e.z) - e.y),
    (r"\frac{\partial L}{\partial z} = \hat{\mathbf y} - \mathbf y", "latex", True, "whole equation, bold vectors", lambda e: e.yh - e.y),
    (r"\frac{e^{z}}{\sum_j e^{z_j}} - y", "latex", True, "softmax written out", lambda e: exp(e.z) / sum(exp(e.z[j, 0]) for j in range(e.K)) - e.y),
    (r"-(y-\hat y)", "latex", True, "negated difference", lambda e: -(e.y - e.yh)),
    (r"\hat y_i - y_i", "latex", True, "component form", lambda e: np.array([[e.yh[i, 0] - e.y[i, 0]] for i in range(e.K)])),
    (r"\frac{e^{z_i}}{\sum_{j} e^{z_j}} - y_i", "latex", True, "component form, softmax written out", lambda e: np.array([[exp(e.z[i, 0]) / sum(exp(e.z[j, 0]) for j in range(e.K)) - e.y[i, 0]] for i in range(e.K)])),
    (r"(\mathrm{diag}(\hat y)-\hat y\hat y^{\top})\left(-\frac{y}{\hat y}\right)", "latex", True, "softmax Jacobian times dL/dyhat (elementwise y/yhat)", lambda e: (diag(e.yh) - e.yh @ e.yh.T) @ (-e.y / e.yh)),
    (r"\hat y\sum_j y_j - y", "latex", True, "general form; sum_j y_j = 1 for one-hot y", lambda e: e.yh * sum(e.y[j, 0] for j in range(e.K)) - e.y),
    ("ŷ − y", "unicode", True, "expected form", lambda e: e.yh - e.y),
    ("softmax(z) − y", "unicode", True, "softmax named", lambda e: softmax(e.z) - e.y),
    ("∂L/∂z = ŷ − y", "unicode", True, "whole equation", lambda e: e.yh - e.y),
    ("y_hat - y", "ascii", True, "expected form", lambda e: e.yh - e.y),
    ("softmax(z) - y", "ascii", True, "softmax named", lambda e: softmax(e.z) - e.y),
    ("exp(z)/sum(exp(z)) - y", "ascii", True, "softmax written out", lambda e: exp(e.z) / np.sum(exp(e.z)) - e.y),
    (r"y-\hat y", "latex", False, "sign flip", lambda e: e.y - e.yh),
    (r"\hat y + y", "latex", False, "sum instead of difference", lambda e: e.yh + e.y),
    (r"-\frac{y}{\hat y}", "latex", False, "gradient wrt yhat, not z", lambda e: -e.y / e.yh),
    (r"\hat y\odot(1-\hat y)\odot(\hat y - y)", "latex", False, "sigmoid-style diagonal Jacobian", lambda e: e.yh * (1 - e.yh) * (e.yh - e.y)),
    (r"\sigma(z)-y", "latex", False, "sigmoid instead of softmax", lambda e: S(e.z) - e.y),
    (r"\log\hat y - y", "latex", False, "log of the prediction", lambda e: np.log(e.yh) - e.y),
    ("y − ŷ", "unicode", False, "sign flip", lambda e: e.y - e.yh),
    ("ŷ ⊙ (1 − ŷ)", "unicode", False, "softmax Jacobian diagonal only", lambda e: e.yh * (1 - e.yh)),
    ("−y ⊙ log ŷ", "unicode", False, "the loss terms, not the gradient", lambda e: -e.y * np.log(e.yh)),
    ("y - y_hat", "ascii", False, "sign flip", lambda e: e.y - e.yh),
    ("-y / y_hat", "ascii", False, "gradient wrt yhat, not z", lambda e: -e.y / e.yh),
    ("y_hat * (y_hat - y)", "ascii", False, "extra factor yhat", lambda e: e.yh * (e.yh - e.y)),
])

# ---- gd-update: theta - eta grad J(theta); g stands for grad J(theta) -----------------------
_add("gd-update", [
    (r"\theta-\eta\nabla J(\theta)", "latex", True, "expected form", lambda e: e.th - e.eta * e.g),
    (r"\theta - \eta \nabla_{\theta} J(\theta)", "latex", True, "subscripted nabla", lambda e: e.th - e.eta * e.g),
    (r"\theta := \theta - \eta\nabla J(\theta)", "latex", True, "assignment", lambda e: e.th - e.eta * e.g),
    (r"\theta_{t+1} = \theta_t - \eta\nabla J(\theta_t)", "latex", True, "time-indexed (theta_t is the current theta)", lambda e: e.th - e.eta * e.g),
    (r"\theta-\eta\frac{\partial J}{\partial\theta}", "latex", True, "partial derivative for the gradient", lambda e: e.th - e.eta * e.g),
    (r"-\eta\nabla J(\theta)+\theta", "latex", True, "commuted", lambda e: -e.eta * e.g + e.th),
    (r"\theta+(-\eta)\nabla J(\theta)", "latex", True, "adding a negative step", lambda e: e.th + (-e.eta) * e.g),
    ("θ − η∇J(θ)", "unicode", True, "expected form", lambda e: e.th - e.eta * e.g),
    ("θ ← θ − η∇J(θ)", "unicode", True, "assignment arrow", lambda e: e.th - e.eta * e.g),
    ("θ − η·∇_θ J(θ)", "unicode", True, "middle dot, subscripted nabla", lambda e: e.th - e.eta * e.g),
    ("theta - eta * nabla J(theta)", "ascii", True, "expected form", lambda e: e.th - e.eta * e.g),
    ("theta - eta*dJ/dtheta", "ascii", True, "derivative notation", lambda e: e.th - e.eta * e.g),
    ("theta = theta - eta * grad J(theta)", "ascii", True, "assignment, grad", lambda e: e.th - e.eta * e.g),
    (r"\theta+\eta\nabla J(\theta)", "latex", False, "sign flip: gradient ascent", lambda e: e.th + e.eta * e.g),
    (r"\theta-\nabla J(\theta)", "latex", False, "dropped the learning rate", lambda e: e.th - e.g),
    (r"\eta\nabla J(\theta)", "latex", False, "the step only, not the new parameters", lambda e: e.eta * e.g),
    (r"-\eta\nabla J(\theta)", "latex", False, "the step only", lambda e: -e.eta * e.g),
    (r"\theta-\frac{1}{\eta}\nabla J(\theta)", "latex", False, "divided by the learning rate", lambda e: e.th - e.g / e.eta),
    (r"\theta - \eta J(\theta)", "latex", False, "shape error: the loss value (scalar) subtracted from the parameter vector", None),
    ("θ + η∇J(θ)", "unicode", False, "sign flip", lambda e: e.th + e.eta * e.g),
    ("θ − ∇J(θ)", "unicode", False, "dropped the learning rate", lambda e: e.th - e.g),
    ("η∇J(θ)", "unicode", False, "the step only", lambda e: e.eta * e.g),
    ("theta + eta * nabla J(theta)", "ascii", False, "sign flip", lambda e: e.th + e.eta * e.g),
    ("eta * grad J(theta)", "ascii", False, "the step only", lambda e: e.eta * e.g),
    ("theta - nabla J(theta)/eta", "ascii", False, "divided by the learning rate", lambda e: e.th - e.g / e.eta),
])

# ---- bp-forward: W n_l x n_{l-1}, A^{(l-1)} n_{l-1} x 1, b n_l x 1 --------------------------
_add("bp-forward", [
    (r"\sigma(W^{(l)}A^{(l-1)}+b^{(l)})", "latex", True, "expected form", lambda e: e.s(e.W @ e.A + e.b)),
    (r"A^{(l)} = \sigma(W^{(l)}A^{(l-1)} + b^{(l)})", "latex", True, "whole equation", lambda e: e.s(e.W @ e.A + e.b)),
    (r"\sigma\left(b^{(l)}+W^{(l)}A^{(l-1)}\right)", "latex", True, "commuted sum", lambda e: e.s(e.b + e.W @ e.A)),
    (r"\sigma(W^{(l)}\cdot A^{(l-1)}+b^{(l)})", "latex", True, "\\cdot resolved by shape to a matrix product", lambda e: e.s(e.W @ e.A + e.b)),
    (r"\sigma(\mathbf{W}^{(l)}\mathbf{A}^{(l-1)}+\mathbf{b}^{(l)})", "latex", True, "bold decorations", lambda e: e.s(e.W @ e.A + e.b)),
    (r"a^l = \sigma(w^l a^{l-1} + b^l)", "latex", True, "Nielsen notation", lambda e: e.s(e.W @ e.A + e.b)),
    (r"\sigma\left(\left((A^{(l-1)})^{\top}(W^{(l)})^{\top}+(b^{(l)})^{\top}\right)^{\top}\right)", "latex", True, "row-vector form transposed back", lambda e: e.s((e.A.T @ e.W.T + e.b.T).T)),
    ("σ(W⁽ˡ⁾A⁽ˡ⁻¹⁾ + b⁽ˡ⁾)", "unicode", True, "expected form, superscripts", lambda e: e.s(e.W @ e.A + e.b)),
    ("A⁽ˡ⁾ = σ(W⁽ˡ⁾·A⁽ˡ⁻¹⁾ + b⁽ˡ⁾)", "unicode", True, "whole equation, middle dot", lambda e: e.s(e.W @ e.A + e.b)),
    ("σ(b⁽ˡ⁾ + W⁽ˡ⁾A⁽ˡ⁻¹⁾)", "unicode", True, "commuted", lambda e: e.s(e.b + e.W @ e.A)),
    ("sigma(W^(l) @ A^(l-1) + b^(l))", "ascii", True, "expected form", lambda e: e.s(e.W @ e.A + e.b)),
    ("sigma(W^(l) A^(l-1) + b^(l))", "ascii", True, "juxtaposition", lambda e: e.s(e.W @ e.A + e.b)),
    ("A^(l) = sigma(b^(l) + W^(l)@A^(l-1))", "ascii", True, "whole equation, commuted", lambda e: e.s(e.b + e.W @ e.A)),
    (r"\sigma(W^{(l)}A^{(l-1)})+b^{(l)}", "latex", False, "bias added after the activation", lambda e: e.s(e.W @ e.A) + e.b),
    (r"\sigma(W^{(l)}A^{(l-1)})", "latex", False, "dropped the bias", lambda e: e.s(e.W @ e.A)),
    (r"W^{(l)}A^{(l-1)}+b^{(l)}", "latex", False, "dropped sigma (that is Z^{(l)})", lambda e: e.W @ e.A + e.b),
    (r"W^{(l)}\sigma(A^{(l-1)})+b^{(l)}", "latex", False, "activation applied to the input", lambda e: e.W @ e.s(e.A) + e.b),
    (r"\sigma((W^{(l)})^{\top}A^{(l-1)}+b^{(l)})", "latex", False, "shape error: W^T is n_{l-1} x n_l, A is n_{l-1} x 1", None),
    (r"\sigma(A^{(l-1)}W^{(l)}+b^{(l)})", "latex", False, "shape error: A (n_{l-1} x 1) times W (n_l x n_{l-1})", None),
    (r"\sigma(W^{(l)}A^{(l-1)}-b^{(l)})", "latex", False, "sign flip on the bias", lambda e: e.s(e.W @ e.A - e.b)),
    ("σ(W⁽ˡ⁾A⁽ˡ⁻¹⁾) + b⁽ˡ⁾", "unicode", False, "bias added after the activation", lambda e: e.s(e.W @ e.A) + e.b),
    ("σ(W⁽ˡ⁾ ⊙ A⁽ˡ⁻¹⁾ + b⁽ˡ⁾)", "unicode", False, "shape error: elementwise product of n_l x n_{l-1} and n_{l-1} x 1", None),
    ("sigma(W^(l) * A^(l-1) + b^(l))", "ascii", True, "ASCII * read by shape: W and A chain, so a matrix product", lambda e: e.s(e.W @ e.A + e.b)),
    ("sigma(W^(l) @ A^(l-1))", "ascii", False, "dropped the bias", lambda e: e.s(e.W @ e.A)),
    ("sigma(W^(l).T @ A^(l-1) + b^(l))", "ascii", False, "shape error: W^T is n_{l-1} x n_l", None),
    ("W^(l) @ sigma(A^(l-1)) + b^(l)", "ascii", False, "activation applied to the input", lambda e: e.W @ e.s(e.A) + e.b),
])

# ---- bp-delta-output: J = 1/2 ||A - Y||^2, all n_L x 1 --------------------------------------
_add("bp-delta-output", [
    (r"(A^{(L)}-Y)\odot\sigma'(Z^{(L)})", "latex", True, "expected form", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"\delta^{(L)} = (A^{(L)}-Y)\odot\sigma'(Z^{(L)})", "latex", True, "whole equation", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"\sigma'(Z^{(L)})\odot(A^{(L)}-Y)", "latex", True, "commuted ⊙", lambda e: e.ds(e.Z) * (e.A - e.Y)),
    (r"(A^{(L)} - Y) \cdot \sigma'(Z^{(L)})", "latex", True, "seed notes: \\cdot for ⊙ (equal shapes)", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"\delta^{(L)} = \frac{\partial J}{\partial Z^{(L)}} = (A^{(L)} - Y) \cdot \sigma'(Z^{(L)})", "latex", True, "seed notes' chained equation", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"\mathrm{diag}(\sigma'(Z^{(L)}))(A^{(L)}-Y)", "latex", True, "diagonal Jacobian", lambda e: diag(e.ds(e.Z)) @ (e.A - e.Y)),
    (r"\delta^L = (a^L - y) \odot \sigma'(z^L)", "latex", True, "Nielsen notation (BP1 for quadratic cost)", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"\Sigma'(z^L)(a^L-y)", "latex", True, "Nielsen matrix form: Sigma' = diag(sigma')", lambda e: diag(e.ds(e.Z)) @ (e.A - e.Y)),
    (r"(A^{(L)}-Y)\circ\sigma^{\prime}(Z^{(L)})", "latex", True, "\\circ and \\prime", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"A^{(L)}\odot\sigma'(Z^{(L)})-Y\odot\sigma'(Z^{(L)})", "latex", True, "expanded product", lambda e: e.A * e.ds(e.Z) - e.Y * e.ds(e.Z)),
    ("(A⁽ᴸ⁾ − Y) ⊙ σ′(Z⁽ᴸ⁾)", "unicode", True, "expected form", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    ("δ⁽ᴸ⁾ = σ′(Z⁽ᴸ⁾) ⊙ (A⁽ᴸ⁾ − Y)", "unicode", True, "whole equation, commuted", lambda e: e.ds(e.Z) * (e.A - e.Y)),
    ("(A⁽ᴸ⁾ − Y)·σ′(Z⁽ᴸ⁾)", "unicode", True, "middle dot for ⊙ (equal shapes)", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    ("(A^(L) - Y) * sigma'(Z^(L))", "ascii", True, "expected form, * elementwise", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    ("sigma'(Z^(L)) * (A^(L) - Y)", "ascii", True, "commuted", lambda e: e.ds(e.Z) * (e.A - e.Y)),
    ("delta^(L) = (A^(L)-Y) * sigma'(Z^(L))", "ascii", True, "whole equation", lambda e: (e.A - e.Y) * e.ds(e.Z)),
    (r"(A^{(L)}-Y)\odot\sigma(Z^{(L)})", "latex", False, "sigma instead of sigma'", lambda e: (e.A - e.Y) * e.s(e.Z)),
    (r"A^{(L)}-Y", "latex", False, "dropped sigma'", lambda e: e.A - e.Y),
    (r"(Y-A^{(L)})\odot\sigma'(Z^{(L)})", "latex", False, "sign flip", lambda e: (e.Y - e.A) * e.ds(e.Z)),
    (r"(A^{(L)}-Y)\sigma'(Z^{(L)})^{\top}", "latex", False, "⊙ written as an outer product (n_L x n_L)", lambda e: (e.A - e.Y) @ e.ds(e.Z).T),
    (r"(A^{(L)}-Y)^{\top}\sigma'(Z^{(L)})", "latex", False, "⊙ written as an inner product (1 x 1)", lambda e: (e.A - e.Y).T @ e.ds(e.Z)),
    (r"(A^{(L)}-Y)\odot A^{(L)}\odot(1-A^{(L)})", "latex", False, "assumes sigma is the logistic sigmoid; the question leaves sigma generic", lambda e: (e.A - e.Y) * e.A * (1 - e.A)),
    (r"(A^{(L)}-Y)\odot\sigma'(A^{(L)})", "latex", False, "sigma' taken at the activation instead of Z", lambda e: (e.A - e.Y) * e.ds(e.A)),
    (r"\frac{1}{2}(A^{(L)}-Y)^2\odot\sigma'(Z^{(L)})", "latex", False, "the loss instead of its derivative", lambda e: 0.5 * (e.A - e.Y) ** 2 * e.ds(e.Z)),
    ("(A⁽ᴸ⁾ − Y) ⊙ σ(Z⁽ᴸ⁾)", "unicode", False, "sigma instead of sigma'", lambda e: (e.A - e.Y) * e.s(e.Z)),
    ("(Y − A⁽ᴸ⁾) ⊙ σ′(Z⁽ᴸ⁾)", "unicode", False, "sign flip", lambda e: (e.Y - e.A) * e.ds(e.Z)),
    ("(A^(L) - Y) @ sigma'(Z^(L))", "ascii", False, "shape error: ⊙ as a matrix product of two n_L x 1 vectors", None),
    ("A^(L) - Y", "ascii", False, "dropped sigma'", lambda e: e.A - e.Y),
    ("(A^(L) - Y) * sigma(Z^(L))", "ascii", False, "sigma instead of sigma'", lambda e: (e.A - e.Y) * e.s(e.Z)),
])

# ---- bp-delta-hidden: W^{(l+1)} n_{l+1} x n_l -----------------------------------------------
_add("bp-delta-hidden", [
    (r"((W^{(l+1)})^{\top}\delta^{(l+1)})\odot\sigma'(Z^{(l)})", "latex", True, "expected form", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    (r"(W^{(l+1)})^{\top} \delta^{(l+1)} \cdot \sigma'(Z^{(l)})", "latex", True, "seed notes: \\cdot for ⊙", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    (r"\delta^{(l)} = \frac{\partial J}{\partial Z^{(l)}} = (W^{(l+1)})^{\top} \delta^{(l+1)} \cdot \sigma'(Z^{(l)})", "latex", True, "seed notes' chained equation", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    (r"\sigma'(Z^{(l)})\odot(W^{(l+1)})^{\top}\delta^{(l+1)}", "latex", True, "commuted ⊙", lambda e: e.ds(e.Z) * (e.W.T @ e.d1)),
    (r"\mathrm{diag}(\sigma'(Z^{(l)}))(W^{(l+1)})^{\top}\delta^{(l+1)}", "latex", True, "diagonal Jacobian", lambda e: diag(e.ds(e.Z)) @ e.W.T @ e.d1),
    (r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)", "latex", True, "Nielsen BP2", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    (r"\Sigma'(z^l)(w^{l+1})^T\delta^{l+1}", "latex", True, "Nielsen matrix form", lambda e: diag(e.ds(e.Z)) @ e.W.T @ e.d1),
    (r"\sum_k W^{(l+1)}_{kj}\delta^{(l+1)}_k\sigma'(Z^{(l)}_j)", "latex", True, "component form over j", lambda e: np.array([[sum(e.W[k, j] * e.d1[k, 0] * e.ds(e.Z[j, 0]) for k in range(e.n2))] for j in range(e.n1)])),
    (r"\left((\delta^{(l+1)})^{\top}W^{(l+1)}\right)^{\top}\odot\sigma'(Z^{(l)})", "latex", True, "row form transposed back", lambda e: (e.d1.T @ e.W).T * e.ds(e.Z)),
    (r"(W^{(l+1)})^{\mathsf T}\delta^{(l+1)}\circ\sigma'(Z^{(l)})", "latex", True, "\\mathsf T and \\circ", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    ("((W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾) ⊙ σ′(Z⁽ˡ⁾)", "unicode", True, "expected form", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    ("σ′(Z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾", "unicode", True, "commuted ⊙", lambda e: e.ds(e.Z) * (e.W.T @ e.d1)),
    ("δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ · σ′(Z⁽ˡ⁾)", "unicode", True, "whole equation, middle dot for ⊙", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    ("(W^(l+1).T @ delta^(l+1)) * sigma'(Z^(l))", "ascii", True, "expected form", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    ("W^(l+1)^T @ delta^(l+1) * sigma'(Z^(l))", "ascii", True, "no parentheses; only (W^T delta) * sigma' fits the shapes", lambda e: (e.W.T @ e.d1) * e.ds(e.Z)),
    ("sigma'(Z^(l)) * (W^(l+1).T @ delta^(l+1))", "ascii", True, "commuted", lambda e: e.ds(e.Z) * (e.W.T @ e.d1)),
    (r"W^{(l+1)}\delta^{(l+1)}\odot\sigma'(Z^{(l)})", "latex", False, "shape error: dropped transpose, W is n_{l+1} x n_l and delta is n_{l+1} x 1", None),
    (r"(W^{(l+1)})^{\top}\delta^{(l+1)}", "latex", False, "dropped sigma'", lambda e: e.W.T @ e.d1),
    (r"(W^{(l+1)})^{\top}\delta^{(l+1)}\odot\sigma(Z^{(l)})", "latex", False, "sigma instead of sigma'", lambda e: (e.W.T @ e.d1) * e.s(e.Z)),
    (r"-(W^{(l+1)})^{\top}\delta^{(l+1)}\odot\sigma'(Z^{(l)})", "latex", False, "sign flip", lambda e: -(e.W.T @ e.d1) * e.ds(e.Z)),
    (r"(W^{(l+1)})^{\top}\delta^{(l+1)}\sigma'(Z^{(l)})^{\top}", "latex", False, "⊙ written as an outer product (n_l x n_l)", lambda e: (e.W.T @ e.d1) @ e.ds(e.Z).T),
    (r"(W^{(l+1)})^{\top}(\delta^{(l+1)}\odot\sigma'(Z^{(l)}))", "latex", False, "shape error: delta^{(l+1)} is n_{l+1} x 1, sigma'(Z^{(l)}) is n_l x 1", None),
    (r"(W^{(l+1)})^{\top}(\delta^{(l+1)}\odot\sigma'(Z^{(l+1)}))", "latex", False, "sigma' at the wrong layer (l+1)", lambda e: e.W.T @ (e.d1 * e.ds(e.Z1))),
    (r"\sum_k W^{(l+1)}_{jk}\delta^{(l+1)}_k\sigma'(Z^{(l)}_j)", "latex", False, "shape error: indices of W swapped (dropped transpose), W_{jk} out of range", None),
    ("W⁽ˡ⁺¹⁾δ⁽ˡ⁺¹⁾ ⊙ σ′(Z⁽ˡ⁾)", "unicode", False, "shape error: dropped transpose", None),
    ("(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ σ(Z⁽ˡ⁾)", "unicode", False, "sigma instead of sigma'", lambda e: (e.W.T @ e.d1) * e.s(e.Z)),
    ("(W^(l+1).T @ delta^(l+1)) @ sigma'(Z^(l))", "ascii", False, "shape error: ⊙ as a matrix product of two n_l x 1 vectors", None),
    ("W^(l+1).T @ delta^(l+1)", "ascii", False, "dropped sigma'", lambda e: e.W.T @ e.d1),
    ("W^(l+1).T @ (delta^(l+1) * sigma'(Z^(l+1)))", "ascii", False, "sigma' at the wrong layer (l+1)", lambda e: e.W.T @ (e.d1 * e.ds(e.Z1))),
])

# ---- bp-delta-Lminus1: W^{(L)} n_L x n_{L-1}, delta^{(L)} n_L x 1 ---------------------------
_add("bp-delta-Lminus1", [
    (r"\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}", "latex", True, "expected form", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    (r"\delta^{(L-1)} = \sigma'(Z^{(L-1)}) \cdot (W^{(L)})^{\top} \delta^{(L)}", "latex", True, "seed notes, \\cdot for ⊙", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    (r"\delta^{(L-1)} = (W^{(L)})^{\top} \delta^{(L)} \cdot \sigma'(Z^{(L-1)})", "latex", True, "seed notes' recursion at l = L-1", lambda e: (e.W.T @ e.dL) * e.ds(e.Z1)),
    (r"((W^{(L)})^{\top}\delta^{(L)})\odot\sigma'(Z^{(L-1)})", "latex", True, "commuted ⊙", lambda e: (e.W.T @ e.dL) * e.ds(e.Z1)),
    (r"\sigma'(Z^{(L-1)}) (W^{(L)})^{\top} \delta^{(L)}", "latex", True, "juxtaposition; only sigma' ⊙ (W^T delta) fits the shapes", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    (r"\mathrm{diag}(\sigma'(Z^{(L-1)}))(W^{(L)})^{\top}\delta^{(L)}", "latex", True, "diagonal Jacobian", lambda e: diag(e.ds(e.Z1)) @ e.W.T @ e.dL),
    (r"\sum_k W^{(L)}_{kj}\delta^{(L)}_k \sigma'(Z^{(L-1)}_j)", "latex", True, "component form over j", lambda e: np.array([[sum(e.W[k, j] * e.dL[k, 0] * e.ds(e.Z1[j, 0]) for k in range(e.nL))] for j in range(e.nL1)])),
    (r"\delta^{(L-1)}_j = \sigma'(Z^{(L-1)}_j)\sum_{k} W^{(L)}_{kj}\delta^{(L)}_k", "latex", True, "component equation, sigma' outside the sum", lambda e: np.array([[e.ds(e.Z1[j, 0]) * sum(e.W[k, j] * e.dL[k, 0] for k in range(e.nL))] for j in range(e.nL1)])),
    (r"((w^L)^T\delta^L)\odot\sigma'(z^{L-1})", "latex", True, "Nielsen BP2 at l = L-1", lambda e: (e.W.T @ e.dL) * e.ds(e.Z1)),
    (r"\Sigma'(z^{L-1})(w^L)^T\delta^L", "latex", True, "Nielsen matrix form", lambda e: diag(e.ds(e.Z1)) @ e.W.T @ e.dL),
    (r"\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\left[(A^{(L)}-Y)\odot\sigma'(Z^{(L)})\right]", "latex", True, "delta^{(L)} expanded", lambda e: e.ds(e.Z1) * (e.W.T @ ((e.AL - e.Y) * e.ds(e.ZL)))),
    (r"\sigma'(Z^{(L-1)})\odot\left((\delta^{(L)})^{\top}W^{(L)}\right)^{\top}", "latex", True, "row form transposed back", lambda e: e.ds(e.Z1) * (e.dL.T @ e.W).T),
    (r"\sigma^{\prime}(Z^{(L-1)}) \circ (W^{(L)})^{\mathsf T} \delta^{(L)}", "latex", True, "\\prime, \\circ, \\mathsf T", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    ("σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", "unicode", True, "expected form", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    ("δ⁽ᴸ⁻¹⁾ = (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾ ⊙ σ′(Z⁽ᴸ⁻¹⁾)", "unicode", True, "whole equation, commuted", lambda e: (e.W.T @ e.dL) * e.ds(e.Z1)),
    ("σ′(Z⁽ᴸ⁻¹⁾)·(W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", "unicode", True, "middle dot for ⊙ as in the notes", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    ("∑ₖ W⁽ᴸ⁾ₖⱼ δ⁽ᴸ⁾ₖ σ′(Z⁽ᴸ⁻¹⁾ⱼ)", "unicode", True, "component form", lambda e: np.array([[sum(e.W[k, j] * e.dL[k, 0] * e.ds(e.Z1[j, 0]) for k in range(e.nL))] for j in range(e.nL1)])),
    ("sigma'(Z^(L-1)) * W^(L)^T @ delta^(L)", "ascii", True, "ASCII form from the issue; only sigma' * (W^T @ delta) fits", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    ("(W^(L).T @ delta^(L)) * sigma'(Z^(L-1))", "ascii", True, "commuted, .T", lambda e: (e.W.T @ e.dL) * e.ds(e.Z1)),
    ("delta^(L-1) = sigma'(Z^(L-1)) * (W^(L)^T @ delta^(L))", "ascii", True, "whole equation", lambda e: e.ds(e.Z1) * (e.W.T @ e.dL)),
    ("diag(sigma'(Z^(L-1))) @ W^(L).T @ delta^(L)", "ascii", True, "diagonal Jacobian", lambda e: diag(e.ds(e.Z1)) @ e.W.T @ e.dL),
    (r"W^{(L)}\delta^{(L)}\odot\sigma'(Z^{(L-1)})", "latex", False, "shape error: dropped transpose, W is n_L x n_{L-1} and delta is n_L x 1", None),
    (r"\sigma'(Z^{(L-1)})\odot W^{(L)}\delta^{(L)}", "latex", False, "shape error: dropped transpose", None),
    (r"(W^{(L)})^{\top}\delta^{(L)}", "latex", False, "dropped sigma'", lambda e: e.W.T @ e.dL),
    (r"\sigma(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}", "latex", False, "sigma instead of sigma'", lambda e: e.s(e.Z1) * (e.W.T @ e.dL)),
    (r"-\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}\delta^{(L)}", "latex", False, "sign flip", lambda e: -e.ds(e.Z1) * (e.W.T @ e.dL)),
    (r"\sigma'(Z^{(L)})\odot(W^{(L)})^{\top}\delta^{(L)}", "latex", False, "shape error: sigma' at the wrong layer, Z^{(L)} is n_L x 1 and W^T delta is n_{L-1} x 1", None),
    (r"(W^{(L)})^{\top}(\delta^{(L)}\odot\sigma'(Z^{(L)}))", "latex", False, "sigma' at the wrong layer (L): sigma'(Z^{(L)}) applied twice, sigma'(Z^{(L-1)}) missing", lambda e: e.W.T @ (e.dL * e.ds(e.ZL))),
    (r"\sigma'(Z^{(L-1)})\odot(W^{(L)})^{\top}(A^{(L)}-Y)", "latex", False, "output error A-Y in place of delta^{(L)} (dropped sigma'(Z^{(L)}))", lambda e: e.ds(e.Z1) * (e.W.T @ (e.AL - e.Y))),
    (r"\sigma'(Z^{(L-1)})^{\top}(W^{(L)})^{\top}\delta^{(L)}", "latex", False, "⊙ written as an inner product (1 x 1)", lambda e: e.ds(e.Z1).T @ e.W.T @ e.dL),
    (r"(W^{(L)})^{\top}\delta^{(L)}\sigma'(Z^{(L-1)})^{\top}", "latex", False, "⊙ written as an outer product (n_{L-1} x n_{L-1})", lambda e: (e.W.T @ e.dL) @ e.ds(e.Z1).T),
    (r"\sum_k W^{(L)}_{jk}\delta^{(L)}_k\sigma'(Z^{(L-1)}_j)", "latex", False, "shape error: indices of W swapped (dropped transpose)", None),
    (r"\sum_k W^{(L)}_{kj}\delta^{(L)}_k\sigma'(Z^{(L)}_k)", "latex", False, "component form with sigma' at the wrong layer", lambda e: np.array([[sum(e.W[k, j] * e.dL[k, 0] * e.ds(e.ZL[k, 0]) for k in range(e.nL))] for j in range(e.nL1)])),
    ("σ′(Z⁽ᴸ⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", "unicode", False, "shape error: sigma' at the wrong layer", None),
    ("σ(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", "unicode", False, "sigma instead of sigma'", lambda e: e.s(e.Z1) * (e.W.T @ e.dL)),
    ("(W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾", "unicode", False, "dropped sigma'", lambda e: e.W.T @ e.dL),
    ("sigma'(Z^(L-1)) @ W^(L).T @ delta^(L)", "ascii", False, "shape error: ⊙ written as a matrix product", None),
    ("sigma'(Z^(L-1)) * W^(L) @ delta^(L)", "ascii", False, "shape error: dropped transpose", None),
    ("W^(L).T @ delta^(L)", "ascii", False, "dropped sigma'", lambda e: e.W.T @ e.dL),
    ("-sigma'(Z^(L-1)) * (W^(L).T @ delta^(L))", "ascii", False, "sign flip", lambda e: -e.ds(e.Z1) * (e.W.T @ e.dL)),
])

# ---- bp-grad-W: dJ/dW^{(l)}, W^{(l)} n_l x n_{l-1} ------------------------------------------
def _gradW_comp(e):
    return np.array([[e.d[j, 0] * e.A1[k, 0] for k in range(e.nl1)] for j in range(e.nl)])


_add("bp-grad-W", [
    (r"\delta^{(l)}(A^{(l-1)})^{\top}", "latex", True, "expected form", lambda e: e.d @ e.A1.T),
    (r"\frac{\partial J}{\partial W^{(l)}} = \delta^{(l)}(A^{(l-1)})^{\top}", "latex", True, "whole equation", lambda e: e.d @ e.A1.T),
    (r"\delta^{(l)}\cdot(A^{(l-1)})^{\mathsf T}", "latex", True, "\\cdot resolved by shape (outer product)", lambda e: e.d @ e.A1.T),
    (r"\left(A^{(l-1)}(\delta^{(l)})^{\top}\right)^{\top}", "latex", True, "transpose of the transposed outer product", lambda e: (e.A1 @ e.d.T).T),
    (r"\delta^{(l)}\,\sigma(Z^{(l-1)})^{\top}", "latex", True, "A^{(l-1)} written as sigma(Z^{(l-1)})", lambda e: e.d @ e.s(e.Z1).T),
    (r"\frac{\partial J}{\partial W^{(l)}_{jk}} = \delta^{(l)}_j A^{(l-1)}_k", "latex", True, "component form", _gradW_comp),
    (r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", "latex", True, "Nielsen BP4, component form", _gradW_comp),
    (r"\delta^l (a^{l-1})^T", "latex", True, "Nielsen matrix form", lambda e: e.d @ e.A1.T),
    (r"\delta^{(l)}(A^{(l-1)})^\intercal", "latex", True, "\\intercal", lambda e: e.d @ e.A1.T),
    ("δ⁽ˡ⁾(A⁽ˡ⁻¹⁾)ᵀ", "unicode", True, "expected form", lambda e: e.d @ e.A1.T),
    ("∂J/∂W⁽ˡ⁾ = δ⁽ˡ⁾·(A⁽ˡ⁻¹⁾)ᵀ", "unicode", True, "whole equation, middle dot", lambda e: e.d @ e.A1.T),
    ("(A⁽ˡ⁻¹⁾(δ⁽ˡ⁾)ᵀ)ᵀ", "unicode", True, "transpose of the transposed outer product", lambda e: (e.A1 @ e.d.T).T),
    ("delta^(l) @ A^(l-1).T", "ascii", True, "expected form", lambda e: e.d @ e.A1.T),
    ("delta^(l) @ (A^(l-1))^T", "ascii", True, "^T", lambda e: e.d @ e.A1.T),
    ("dJ/dW^(l) = delta^(l) @ A^(l-1)^T", "ascii", True, "whole equation", lambda e: e.d @ e.A1.T),
    (r"A^{(l-1)}(\delta^{(l)})^{\top}", "latex", False, "transposed gradient (n_{l-1} x n_l, not the shape of W)", lambda e: e.A1 @ e.d.T),
    (r"(A^{(l-1)})^{\top}\delta^{(l)}", "latex", False, "shape error: 1 x n_{l-1} times n_l x 1", None),
    (r"\delta^{(l)}A^{(l-1)}", "latex", False, "shape error: dropped transpose, n_l x 1 times n_{l-1} x 1", None),
    (r"\delta^{(l)}(A^{(l)})^{\top}", "latex", False, "activation of the wrong layer (n_l x n_l)", lambda e: e.d @ e.Al.T),
    (r"\delta^{(l)}(Z^{(l-1)})^{\top}", "latex", False, "pre-activation Z instead of the activation A", lambda e: e.d @ e.Z1.T),
    (r"-\delta^{(l)}(A^{(l-1)})^{\top}", "latex", False, "sign flip", lambda e: -e.d @ e.A1.T),
    (r"(\delta^{(l)}\odot\sigma'(Z^{(l)}))(A^{(l-1)})^{\top}", "latex", False, "sigma' applied a second time", lambda e: (e.d * e.ds(e.Zl)) @ e.A1.T),
    (r"W^{(l)}-\eta\,\delta^{(l)}(A^{(l-1)})^{\top}", "latex", False, "the updated weights, not the gradient", lambda e: e.W - e.eta * e.d @ e.A1.T),
    (r"\delta^{(l)}\odot A^{(l-1)}", "latex", False, "shape error: elementwise product of n_l x 1 and n_{l-1} x 1", None),
    ("δ⁽ˡ⁾(A⁽ˡ⁾)ᵀ", "unicode", False, "activation of the wrong layer", lambda e: e.d @ e.Al.T),
    ("(A⁽ˡ⁻¹⁾)ᵀδ⁽ˡ⁾", "unicode", False, "shape error: 1 x n_{l-1} times n_l x 1", None),
    ("A⁽ˡ⁻¹⁾(δ⁽ˡ⁾)ᵀ", "unicode", False, "transposed gradient", lambda e: e.A1 @ e.d.T),
    ("A^(l-1) @ delta^(l).T", "ascii", False, "transposed gradient", lambda e: e.A1 @ e.d.T),
    ("delta^(l) @ Z^(l-1).T", "ascii", False, "pre-activation Z instead of A", lambda e: e.d @ e.Z1.T),
    ("delta^(l).T @ A^(l-1)", "ascii", False, "shape error: 1 x n_l times n_{l-1} x 1", None),
])

# ---- bp-grad-b: dJ/db^{(l)} -----------------------------------------------------------------
_add("bp-grad-b", [
    (r"\delta^{(l)}", "latex", True, "expected form", lambda e: e.d),
    (r"\frac{\partial J}{\partial b^{(l)}} = \delta^{(l)}", "latex", True, "whole equation", lambda e: e.d),
    (r"\boldsymbol{\delta}^{(l)}", "latex", True, "\\boldsymbol decoration", lambda e: e.d),
    (r"\delta^{(l)}\cdot 1", "latex", True, "dZ/db = 1 kept", lambda e: e.d * 1),
    (r"((W^{(l+1)})^{\top}\delta^{(l+1)})\odot\sigma'(Z^{(l)})", "latex", True, "delta^{(l)} expanded by its recursion", lambda e: (e.W2.T @ e.d2) * e.ds(e.Z)),
    (r"\mathrm{diag}(\sigma'(Z^{(l)}))(W^{(l+1)})^{\top}\delta^{(l+1)}", "latex", True, "delta^{(l)} expanded, diagonal Jacobian", lambda e: diag(e.ds(e.Z)) @ e.W2.T @ e.d2),
    (r"\frac{\partial J}{\partial b^{(l)}_j} = \delta^{(l)}_j", "latex", True, "component form", lambda e: np.array([[e.d[j, 0]] for j in range(e.nl)])),
    (r"\delta^l", "latex", True, "Nielsen notation", lambda e: e.d),
    (r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", "latex", True, "Nielsen BP3", lambda e: np.array([[e.d[j, 0]] for j in range(e.nl)])),
    ("δ⁽ˡ⁾", "unicode", True, "expected form", lambda e: e.d),
    ("∂J/∂b⁽ˡ⁾ = δ⁽ˡ⁾", "unicode", True, "whole equation", lambda e: e.d),
    ("σ′(Z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾", "unicode", True, "delta^{(l)} expanded", lambda e: e.ds(e.Z) * (e.W2.T @ e.d2)),
    ("delta^(l)", "ascii", True, "expected form", lambda e: e.d),
    ("dJ/db^(l) = delta^(l)", "ascii", True, "whole equation", lambda e: e.d),
    ("W^(l+1).T @ delta^(l+1) * sigma'(Z^(l))", "ascii", True, "delta^{(l)} expanded; only (W^T delta) * sigma' fits", lambda e: (e.W2.T @ e.d2) * e.ds(e.Z)),
    (r"\delta^{(l)}(A^{(l-1)})^{\top}", "latex", False, "the weight gradient, not the bias gradient", lambda e: e.d @ e.A1.T),
    (r"\delta^{(l+1)}", "latex", False, "delta of the wrong layer (n_{l+1} x 1)", lambda e: e.d2),
    (r"-\delta^{(l)}", "latex", False, "sign flip", lambda e: -e.d),
    (r"\delta^{(l)}\odot\sigma'(Z^{(l)})", "latex", False, "sigma' applied a second time", lambda e: e.d * e.ds(e.Z)),
    (r"b^{(l)}-\eta\delta^{(l)}", "latex", False, "the updated bias, not the gradient", lambda e: e.b - e.eta * e.d),
    (r"(W^{(l+1)})^{\top}\delta^{(l+1)}", "latex", False, "dropped sigma' from the expansion", lambda e: e.W2.T @ e.d2),
    (r"\sum_j \delta^{(l)}_j", "latex", False, "summed over units: a scalar, not n_l x 1", lambda e: np.array([[sum(e.d[j, 0] for j in range(e.nl))]])),
    ("δ⁽ˡ⁺¹⁾", "unicode", False, "delta of the wrong layer", lambda e: e.d2),
    ("−δ⁽ˡ⁾", "unicode", False, "sign flip", lambda e: -e.d),
    ("δ⁽ˡ⁾(A⁽ˡ⁻¹⁾)ᵀ", "unicode", False, "the weight gradient", lambda e: e.d @ e.A1.T),
    ("delta^(l) @ A^(l-1).T", "ascii", False, "the weight gradient", lambda e: e.d @ e.A1.T),
    ("delta^(l) * sigma'(Z^(l))", "ascii", False, "sigma' applied a second time", lambda e: e.d * e.ds(e.Z)),
    ("delta^(l) @ A^(l-1)", "ascii", False, "shape error: n_l x 1 times n_{l-1} x 1", None),
])

# ---- gnn-basic-update: |N(v)| plain degree, N(v) excludes v; h_v^k stacked over all v --------
def _basic(e, agg, self_term=True):
    return per_node(e, lambda v: e.s(e.W @ agg(v) + (e.B @ e.h[v] if self_term else 0)))


def _mean(e):
    return lambda v: sum(e.h[u] / e.nN[v] for u in e.N[v])


_add("gnn-basic-update", [
    (r"h_v^k = \sigma \left( W_k \sum_{u \in \mathcal{N}(v)} \frac{h_u^{k-1}}{|\mathcal{N}(v)|} + B_k h_v^{k-1} \right)", "latex", True, "seed notes, whole equation", lambda e: _basic(e, _mean(e))),
    (r"\sigma\left(W_k\sum_{u\in N(v)}\frac{h_u^{k-1}}{|N(v)|}+B_kh_v^{k-1}\right)", "latex", True, "expected form, plain N", lambda e: _basic(e, _mean(e))),
    (r"\sigma\left(B_k h_v^{k-1} + W_k \frac{1}{\lvert\mathcal N(v)\rvert}\sum_{u\in\mathcal N(v)} h_u^{k-1}\right)", "latex", True, "commuted, 1/|N(v)| factored out, \\lvert", lambda e: per_node(e, lambda v: e.s(e.B @ e.h[v] + e.W @ (1 / e.nN[v] * sum(e.h[u] for u in e.N[v]))))),
    (r"\sigma\left(\frac{1}{|\mathcal N(v)|}\sum_{u\in\mathcal N(v)} W_k h_u^{k-1} + B_k h_v^{k-1}\right)", "latex", True, "W_k moved inside the sum", lambda e: per_node(e, lambda v: e.s(1 / e.nN[v] * sum(e.W @ e.h[u] for u in e.N[v]) + e.B @ e.h[v]))),
    (r"\sigma\Bigl(\sum_{u\in\mathcal N(v)}\frac{W_k h_u^{k-1}+B_k h_v^{k-1}}{|\mathcal N(v)|}\Bigr)", "latex", True, "self term spread over the |N(v)| summands", lambda e: per_node(e, lambda v: e.s(sum((e.W @ e.h[u] + e.B @ e.h[v]) / e.nN[v] for u in e.N[v])))),
    (r"\sigma\left(\mathbf{W}_k\sum_{u\in\mathcal{N}(v)}\frac{\mathbf{h}_u^{k-1}}{\left|\mathcal{N}(v)\right|}+\mathbf{B}_k\mathbf{h}_v^{k-1}\right)", "latex", True, "bold decorations, \\left|", lambda e: _basic(e, _mean(e))),
    (r"\sigma\left(W_k \cdot \frac{\sum_{u\in\mathcal N(v)} h_u^{k-1}}{|\mathcal N(v)|} + B_k \cdot h_v^{k-1}\right)", "latex", True, "sum over the fraction bar, \\cdot", lambda e: per_node(e, lambda v: e.s(e.W @ (sum(e.h[u] for u in e.N[v]) / e.nN[v]) + e.B @ e.h[v]))),
    ("σ(W_k ∑_{u∈N(v)} h_u^{k−1}/|N(v)| + B_k h_v^{k−1})", "unicode", True, "expected form", lambda e: _basic(e, _mean(e))),
    ("hᵥᵏ = σ(Wₖ ∑_{u∈𝒩(v)} hᵤᵏ⁻¹/|𝒩(v)| + Bₖhᵥᵏ⁻¹)", "unicode", True, "whole equation, sub/superscript letters", lambda e: _basic(e, _mean(e))),
    ("σ(B_k·h_v^{k−1} + W_k·(1/|N(v)|)∑_{u∈N(v)} h_u^{k−1})", "unicode", True, "commuted, factored mean", lambda e: per_node(e, lambda v: e.s(e.B @ e.h[v] + e.W @ ((1 / e.nN[v]) * sum(e.h[u] for u in e.N[v]))))),
    ("sigma(W_k @ sum_{u in N(v)} h_u^(k-1) / |N(v)| + B_k @ h_v^(k-1))", "ascii", True, "expected form", lambda e: _basic(e, _mean(e))),
    ("sigma(W_k sum_{u in N(v)} h_u^{k-1}/|N(v)| + B_k h_v^{k-1})", "ascii", True, "juxtaposition", lambda e: _basic(e, _mean(e))),
    ("h_v^k = sigma(B_k @ h_v^(k-1) + W_k @ (sum_{u in N(v)} h_u^(k-1)) / |N(v)|)", "ascii", True, "whole equation, commuted", lambda e: per_node(e, lambda v: e.s(e.B @ e.h[v] + (e.W @ sum(e.h[u] for u in e.N[v])) / e.nN[v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{|\mathcal N(v)|}\right)", "latex", False, "missing self term B_k h_v", lambda e: _basic(e, _mean(e), self_term=False)),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)}h_u^{k-1}+B_kh_v^{k-1}\right)", "latex", False, "sum, not mean: dropped 1/|N(v)|", lambda e: _basic(e, lambda v: sum(e.h[u] for u in e.N[v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{|\mathcal N(u)|}+B_kh_v^{k-1}\right)", "latex", False, "normalised by the neighbour's degree |N(u)|", lambda e: _basic(e, lambda v: sum(e.h[u] / e.nN[u] for u in e.N[v]))),
    (r"\sigma\left(B_k\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{|\mathcal N(v)|}+W_kh_v^{k-1}\right)", "latex", False, "W_k and B_k swapped", lambda e: per_node(e, lambda v: e.s(e.B @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.W @ e.h[v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{|\mathcal N(v)|}\right)+B_kh_v^{k-1}", "latex", False, "self term outside sigma", lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v])) + e.B @ e.h[v])),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{|\mathcal N(v)|}+B_kh_v^{k-1}\right)", "latex", False, "GCN self-loop added to the basic GNN: v counted twice", lambda e: _basic(e, lambda v: sum(e.h[u] / e.nN[v] for u in e.N[v] + [v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)||\mathcal N(v)|}}+B_kh_v^{k-1}\right)", "latex", False, "GCN symmetric normalisation in the basic GNN", lambda e: _basic(e, lambda v: sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]))),
    (r"\sigma\left(W_k^{\top}\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{|\mathcal N(v)|}+B_kh_v^{k-1}\right)", "latex", False, "shape error: W_k^T is d x d', h_u is d x 1", None),
    ("σ(W_k ∑_{u∈N(v)} h_u^{k−1}/|N(v)|)", "unicode", False, "missing self term B_k h_v", lambda e: _basic(e, _mean(e), self_term=False)),
    ("σ(W_k ∑_{u∈N(v)} h_u^{k−1}/|N(v)| + h_v^{k−1})", "unicode", False, "shape error: self term without B_k is d x 1, W_k h is d' x 1", None),
    ("σ(W_k ∑_{u∈N(v)} h_u^{k−1} + B_k h_v^{k−1})", "unicode", False, "sum, not mean", lambda e: _basic(e, lambda v: sum(e.h[u] for u in e.N[v]))),
    ("sigma(W_k @ sum_{u in N(v)} h_u^(k-1) / |N(v)|)", "ascii", False, "missing self term B_k h_v", lambda e: _basic(e, _mean(e), self_term=False)),
    ("sigma(W_k @ sum_{u in N(v)} h_u^(k-1) / |N(v)| - B_k @ h_v^(k-1))", "ascii", False, "sign flip on the self term", lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) - e.B @ e.h[v]))),
    ("sigma(W_k @ sum_{u in N(v)} h_u^(k-1) / (|N(v)|+1) + B_k @ h_v^(k-1))", "ascii", False, "divides by |N(v)|+1", lambda e: _basic(e, lambda v: sum(e.h[u] / (e.nN[v] + 1) for u in e.N[v]))),
])

# ---- gnn-gcn-update: N(v) excludes v, |N(.)| = degree in A~ = A + I --------------------------
def _gcn(e, term, over_self=True):
    return per_node(e, lambda v: e.s(e.W @ sum(term(u, v) for u in e.N[v] + ([v] if over_self else []))))


def _sym(e):
    return lambda u, v: e.h[u] / np.sqrt(e.nN[u] * e.nN[v])


_add("gnn-gcn-update", [
    (r"h_v^k = \sigma \left( W_k \sum_{u \in \mathcal{N}(v) \cup \{v\}} \frac{h_u^{k-1}}{\sqrt{|\mathcal{N}(u)||\mathcal{N}(v)|}} \right)", "latex", True, "seed notes, whole equation", lambda e: _gcn(e, _sym(e))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)|}\sqrt{|\mathcal N(v)|}}\right)", "latex", True, "root split into two", lambda e: _gcn(e, lambda u, v: e.h[u] / (np.sqrt(e.nN[u]) * np.sqrt(e.nN[v])))),
    (r"\sigma\left(\frac{W_k}{\sqrt{|\mathcal N(v)|}}\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)|}}\right)", "latex", True, "1/sqrt|N(v)| taken out of the sum", lambda e: per_node(e, lambda v: e.s(e.W / np.sqrt(e.nN[v]) @ sum(e.h[u] / np.sqrt(e.nN[u]) for u in e.N[v] + [v])))),
    (r"\sigma\left(\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{W_k h_u^{k-1}}{\sqrt{\lvert\mathcal N(u)\rvert\lvert\mathcal N(v)\rvert}}\right)", "latex", True, "W_k inside the sum, \\lvert", lambda e: per_node(e, lambda v: e.s(sum(e.W @ e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v])))),
    (r"\sigma\left(W_k\left(\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)||\mathcal N(v)|}}+\frac{h_v^{k-1}}{|\mathcal N(v)|}\right)\right)", "latex", True, "self-loop term written separately (sqrt(|N(v)|^2) = |N(v)|)", lambda e: per_node(e, lambda v: e.s(e.W @ (sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]) + e.h[v] / e.nN[v])))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\left(|\mathcal N(u)||\mathcal N(v)|\right)^{-1/2}h_u^{k-1}\right)", "latex", True, "power -1/2", lambda e: _gcn(e, lambda u, v: (e.nN[u] * e.nN[v]) ** -0.5 * e.h[u])),
    (r"\sigma\left(\mathbf W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{\mathbf h_u^{k-1}}{\sqrt{|\mathcal N(v)||\mathcal N(u)|}}\right)", "latex", True, "commuted under the root, bold", lambda e: _gcn(e, lambda u, v: e.h[u] / np.sqrt(e.nN[v] * e.nN[u]))),
    ("σ(W_k ∑_{u∈N(v)∪{v}} h_u^{k−1}/√(|N(u)||N(v)|))", "unicode", True, "expected form", lambda e: _gcn(e, _sym(e))),
    ("hᵥᵏ = σ(Wₖ ∑_{u∈𝒩(v)∪{v}} hᵤᵏ⁻¹/√(|𝒩(u)|·|𝒩(v)|))", "unicode", True, "whole equation, sub/superscript letters", lambda e: _gcn(e, _sym(e))),
    ("σ(W_k(∑_{u∈N(v)} h_u^{k−1}/√(|N(u)||N(v)|) + h_v^{k−1}/|N(v)|))", "unicode", True, "self-loop term written separately", lambda e: per_node(e, lambda v: e.s(e.W @ (sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]) + e.h[v] / e.nN[v])))),
    ("sigma(W_k @ sum_{u in N(v) U {v}} h_u^(k-1) / sqrt(|N(u)|*|N(v)|))", "ascii", True, "expected form, U for union", lambda e: _gcn(e, _sym(e))),
    ("sigma(W_k @ (sum_{u in N(v)} h_u^(k-1)/sqrt(|N(u)|*|N(v)|) + h_v^(k-1)/|N(v)|))", "ascii", True, "self-loop term written separately", lambda e: per_node(e, lambda v: e.s(e.W @ (sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]) + e.h[v] / e.nN[v])))),
    ("sigma(sum_{u in N(v) U {v}} W_k @ h_u^(k-1) / (sqrt(|N(u)|)*sqrt(|N(v)|)))", "ascii", True, "W_k inside, root split", lambda e: per_node(e, lambda v: e.s(sum(e.W @ e.h[u] / (np.sqrt(e.nN[u]) * np.sqrt(e.nN[v])) for u in e.N[v] + [v])))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)|+|\mathcal N(v)|}}\right)", "latex", False, "sum instead of product under the root", lambda e: _gcn(e, lambda u, v: e.h[u] / np.sqrt(e.nN[u] + e.nN[v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{|\mathcal N(u)||\mathcal N(v)|}\right)", "latex", False, "dropped the square root", lambda e: _gcn(e, lambda u, v: e.h[u] / (e.nN[u] * e.nN[v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)||\mathcal N(v)|}}\right)", "latex", False, "missing the self-loop u = v", lambda e: _gcn(e, _sym(e), over_self=False)),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{|\mathcal N(v)|}\right)", "latex", False, "mean instead of symmetric normalisation", lambda e: _gcn(e, lambda u, v: e.h[u] / e.nN[v])),
    (r"\sum_{u\in\mathcal N(v)\cup\{v\}}\sigma\left(\frac{W_k h_u^{k-1}}{\sqrt{|\mathcal N(u)||\mathcal N(v)|}}\right)", "latex", False, "sigma applied inside the sum", lambda e: per_node(e, lambda v: sum(e.s(e.W @ e.h[u] / np.sqrt(e.nN[u] * e.nN[v])) for u in e.N[v] + [v]))),
    (r"W_k\,\sigma\left(\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)||\mathcal N(v)|}}\right)", "latex", False, "W_k outside sigma", lambda e: per_node(e, lambda v: e.W @ e.s(sum(e.h[u] / np.sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v])))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}h_u^{k-1}\sqrt{|\mathcal N(u)||\mathcal N(v)|}\right)", "latex", False, "multiplied by the root instead of dividing", lambda e: _gcn(e, lambda u, v: e.h[u] * np.sqrt(e.nN[u] * e.nN[v]))),
    (r"\sigma\left(W_k\sum_{u\in\mathcal N(v)\cup\{v\}}\frac{h_u^{k-1}}{\sqrt{|\mathcal N(u)|}}\right)", "latex", False, "dropped |N(v)| from the normaliser", lambda e: _gcn(e, lambda u, v: e.h[u] / np.sqrt(e.nN[u]))),
    ("σ(W_k ∑_{u∈N(v)∪{v}} h_u^{k−1}/√(|N(u)|+|N(v)|))", "unicode", False, "sum instead of product under the root", lambda e: _gcn(e, lambda u, v: e.h[u] / np.sqrt(e.nN[u] + e.nN[v]))),
    ("σ(W_k ∑_{u∈N(v)} h_u^{k−1}/√(|N(u)||N(v)|))", "unicode", False, "missing the self-loop", lambda e: _gcn(e, _sym(e), over_self=False)),
    ("σ(W_kᵀ ∑_{u∈N(v)∪{v}} h_u^{k−1}/√(|N(u)||N(v)|))", "unicode", False, "shape error: W_k^T is d x d', h_u is d x 1", None),
    ("sigma(W_k @ sum_{u in N(v) U {v}} h_u^(k-1) / sqrt(|N(u)|+|N(v)|))", "ascii", False, "sum instead of product under the root", lambda e: _gcn(e, lambda u, v: e.h[u] / np.sqrt(e.nN[u] + e.nN[v]))),
    ("sigma(W_k @ sum_{u in N(v) U {v}} h_u^(k-1) / (|N(u)|*|N(v)|))", "ascii", False, "dropped the square root", lambda e: _gcn(e, lambda u, v: e.h[u] / (e.nN[u] * e.nN[v]))),
    ("sigma(W_k @ sum_{u in N(v)} h_u^(k-1) / sqrt(|N(u)|*|N(v)|))", "ascii", False, "missing the self-loop", lambda e: _gcn(e, _sym(e), over_self=False)),
])

# ---- gnn-gcn-coefficient: scalar in |N(u)| and |N(v)| ---------------------------------------
_add("gnn-gcn-coefficient", [
    (r"\frac{1}{\sqrt{|\mathcal{N}(u)||\mathcal{N}(v)|}}", "latex", True, "expected form", lambda e: 1 / sqrt(e.nu * e.nv)),
    (r"\frac{1}{\sqrt{|\mathcal N(u)|}\sqrt{|\mathcal N(v)|}}", "latex", True, "root split", lambda e: 1 / (sqrt(e.nu) * sqrt(e.nv))),
    (r"\left(|\mathcal N(u)|\,|\mathcal N(v)|\right)^{-1/2}", "latex", True, "power -1/2", lambda e: (e.nu * e.nv) ** -0.5),
    (r"|\mathcal N(u)|^{-\frac12}|\mathcal N(v)|^{-\frac12}", "latex", True, "split powers, \\frac12", lambda e: e.nu ** -0.5 * e.nv ** -0.5),
    (r"\sqrt{\frac{1}{|\mathcal N(u)||\mathcal N(v)|}}", "latex", True, "root of the reciprocal", lambda e: sqrt(1 / (e.nu * e.nv))),
    (r"\frac{1}{\sqrt{\lvert N(v)\rvert\lvert N(u)\rvert}}", "latex", True, "commuted, \\lvert", lambda e: 1 / sqrt(e.nv * e.nu)),
    (r"\frac{\sqrt{|\mathcal N(u)||\mathcal N(v)|}}{|\mathcal N(u)||\mathcal N(v)|}", "latex", True, "rationalised", lambda e: sqrt(e.nu * e.nv) / (e.nu * e.nv)),
    ("1/√(|N(u)||N(v)|)", "unicode", True, "expected form", lambda e: 1 / sqrt(e.nu * e.nv)),
    ("1/(√|N(u)|·√|N(v)|)", "unicode", True, "root split", lambda e: 1 / (sqrt(e.nu) * sqrt(e.nv))),
    ("(|N(u)|·|N(v)|)^(−1/2)", "unicode", True, "power -1/2", lambda e: (e.nu * e.nv) ** -0.5),
    ("1/√(|𝒩(u)|·|𝒩(v)|)", "unicode", True, "script N", lambda e: 1 / sqrt(e.nu * e.nv)),
    ("1/sqrt(|N(u)|*|N(v)|)", "ascii", True, "expected form", lambda e: 1 / sqrt(e.nu * e.nv)),
    ("1/sqrt(|N(u)||N(v)|)", "ascii", True, "juxtaposed sizes", lambda e: 1 / sqrt(e.nu * e.nv)),
    ("(|N(u)|*|N(v)|)^(-1/2)", "ascii", True, "power -1/2", lambda e: (e.nu * e.nv) ** -0.5),
    ("1/(sqrt(|N(u)|)*sqrt(|N(v)|))", "ascii", True, "root split", lambda e: 1 / (sqrt(e.nu) * sqrt(e.nv))),
    ("sqrt(1/(|N(v)|*|N(u)|))", "ascii", True, "root of the reciprocal, commuted", lambda e: sqrt(1 / (e.nv * e.nu))),
    (r"\frac{1}{\sqrt{|\mathcal N(u)|+|\mathcal N(v)|}}", "latex", False, "sum instead of product under the root", lambda e: 1 / sqrt(e.nu + e.nv)),
    (r"\frac{1}{|\mathcal N(u)||\mathcal N(v)|}", "latex", False, "dropped the square root", lambda e: 1 / (e.nu * e.nv)),
    (r"\frac{1}{|\mathcal N(v)|}", "latex", False, "mean normalisation of the basic GNN", lambda e: 1 / e.nv),
    (r"\sqrt{|\mathcal N(u)||\mathcal N(v)|}", "latex", False, "reciprocal missing", lambda e: sqrt(e.nu * e.nv)),
    (r"\frac{1}{\sqrt{|\mathcal N(u)|}+\sqrt{|\mathcal N(v)|}}", "latex", False, "sum of roots", lambda e: 1 / (sqrt(e.nu) + sqrt(e.nv))),
    (r"\frac{2}{|\mathcal N(u)|+|\mathcal N(v)|}", "latex", False, "harmonic mean instead of geometric", lambda e: 2 / (e.nu + e.nv)),
    (r"\frac{\sqrt{|\mathcal N(u)|}}{\sqrt{|\mathcal N(v)|}}", "latex", False, "ratio instead of product", lambda e: sqrt(e.nu) / sqrt(e.nv)),
    ("1/√(|N(u)|+|N(v)|)", "unicode", False, "sum instead of product under the root", lambda e: 1 / sqrt(e.nu + e.nv)),
    ("1/(|N(u)|·|N(v)|)", "unicode", False, "dropped the square root", lambda e: 1 / (e.nu * e.nv)),
    ("√(|N(u)||N(v)|)", "unicode", False, "reciprocal missing", lambda e: sqrt(e.nu * e.nv)),
    ("1/sqrt(|N(u)|+|N(v)|)", "ascii", False, "sum instead of product under the root", lambda e: 1 / sqrt(e.nu + e.nv)),
    ("1/sqrt(|N(u)|)*|N(v)|", "ascii", False, "precedence: |N(v)| multiplies instead of dividing", lambda e: 1 / sqrt(e.nu) * e.nv),
    ("1/sqrt(|N(v)|)", "ascii", False, "dropped |N(u)|", lambda e: 1 / sqrt(e.nv)),
])

# ---- gnn-gcn-matrix: H n x d, W d x d', A~ = A + I, D~ its degree matrix --------------------
def _norm(e):
    return dpow(e.Dt, -0.5) @ e.At @ dpow(e.Dt, -0.5)


_add("gnn-gcn-matrix", [
    (r"\sigma(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}W^{(k)})", "latex", True, "expected form", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    (r"H^{(k)} = \sigma\left(\tilde{D}^{-\frac{1}{2}}\tilde{A}\tilde{D}^{-\frac{1}{2}}H^{(k-1)}W^{(k)}\right)", "latex", True, "whole equation, \\frac{1}{2}", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    (r"\sigma(\tilde D^{-1/2}(A+I)\tilde D^{-1/2}H^{(k-1)}W^{(k)})", "latex", True, "A~ written as A + I", lambda e: e.s(dpow(e.Dt, -0.5) @ (e.A + e.I) @ dpow(e.Dt, -0.5) @ e.H @ e.W)),
    (r"\sigma\left(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}\left(H^{(k-1)}W^{(k)}\right)\right)", "latex", True, "HW grouped first", lambda e: e.s(_norm(e) @ (e.H @ e.W))),
    (r"\sigma\left(\left(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}\right)W^{(k)}\right)", "latex", True, "aggregate first, then transform", lambda e: e.s((_norm(e) @ e.H) @ e.W)),
    (r"\sigma\left(\left((H^{(k-1)}W^{(k)})^{\top}\tilde D^{-1/2}\tilde A\tilde D^{-1/2}\right)^{\top}\right)", "latex", True, "transposed form (the normalised adjacency is symmetric)", lambda e: e.s(((e.H @ e.W).T @ dpow(e.Dt, -0.5) @ e.At @ dpow(e.Dt, -0.5)).T)),
    (r"\sigma\left((\tilde D^{1/2})^{-1}\tilde A(\tilde D^{1/2})^{-1}H^{(k-1)}W^{(k)}\right)", "latex", True, "inverse of the square root", lambda e: e.s(np.linalg.inv(dpow(e.Dt, 0.5)) @ e.At @ np.linalg.inv(dpow(e.Dt, 0.5)) @ e.H @ e.W)),
    (r"\sigma(\tilde{\mathbf D}^{-1/2}\tilde{\mathbf A}\tilde{\mathbf D}^{-1/2}\mathbf H^{(k-1)}\mathbf W^{(k)})", "latex", True, "bold decorations", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    ("σ(D̃^{-1/2} Ã D̃^{-1/2} H^{(k-1)} W^{(k)})", "unicode", True, "expected form, combining tilde", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    ("σ(D̃⁻¹ᐟ² Ã D̃⁻¹ᐟ² H⁽ᵏ⁻¹⁾ W⁽ᵏ⁾)", "unicode", True, "superscripts throughout", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    ("H⁽ᵏ⁾ = σ(D̃^(−1/2)(A+I)D̃^(−1/2)H⁽ᵏ⁻¹⁾W⁽ᵏ⁾)", "unicode", True, "whole equation, A + I", lambda e: e.s(dpow(e.Dt, -0.5) @ (e.A + e.I) @ dpow(e.Dt, -0.5) @ e.H @ e.W)),
    ("sigma(D_tilde^(-1/2) @ A_tilde @ D_tilde^(-1/2) @ H^(k-1) @ W^(k))", "ascii", True, "expected form", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    ("sigma(D_tilde^(-1/2) @ (A + I) @ D_tilde^(-1/2) @ H^(k-1) @ W^(k))", "ascii", True, "A + I", lambda e: e.s(dpow(e.Dt, -0.5) @ (e.A + e.I) @ dpow(e.Dt, -0.5) @ e.H @ e.W)),
    ("sigma(D~^(-1/2) A~ D~^(-1/2) H^(k-1) W^(k))", "ascii", True, "juxtaposition, ~ for tilde", lambda e: e.s(_norm(e) @ e.H @ e.W)),
    (r"\sigma(\tilde D^{-1}\tilde A H^{(k-1)}W^{(k)})", "latex", False, "random-walk normalisation D~^{-1} A~", lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W)),
    (r"\sigma(\tilde D^{-1/2}A\tilde D^{-1/2}H^{(k-1)}W^{(k)})", "latex", False, "A without the self-loops", lambda e: e.s(dpow(e.Dt, -0.5) @ e.A @ dpow(e.Dt, -0.5) @ e.H @ e.W)),
    (r"\sigma(\tilde A H^{(k-1)} W^{(k)})", "latex", False, "no normalisation", lambda e: e.s(e.At @ e.H @ e.W)),
    (r"\sigma(D^{-1/2}\tilde AD^{-1/2}H^{(k-1)}W^{(k)})", "latex", False, "degree matrix of A, not of A~", lambda e: e.s(dpow(e.D, -0.5) @ e.At @ dpow(e.D, -0.5) @ e.H @ e.W)),
    (r"\sigma(\tilde D^{1/2}\tilde A\tilde D^{1/2}H^{(k-1)}W^{(k)})", "latex", False, "sign flip in the exponent", lambda e: e.s(dpow(e.Dt, 0.5) @ e.At @ dpow(e.Dt, 0.5) @ e.H @ e.W)),
    (r"\sigma(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}W^{(k)}H^{(k-1)})", "latex", False, "shape error: n x n times d x d'", None),
    (r"\sigma(\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)})W^{(k)}", "latex", False, "W applied after sigma", lambda e: e.s(_norm(e) @ e.H) @ e.W),
    (r"\tilde D^{-1/2}\tilde A\tilde D^{-1/2}H^{(k-1)}W^{(k)}", "latex", False, "dropped sigma", lambda e: _norm(e) @ e.H @ e.W),
    ("σ(D̃⁻¹ÃH⁽ᵏ⁻¹⁾W⁽ᵏ⁾)", "unicode", False, "random-walk normalisation", lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W)),
    ("σ(ÃH⁽ᵏ⁻¹⁾W⁽ᵏ⁾)", "unicode", False, "no normalisation", lambda e: e.s(e.At @ e.H @ e.W)),
    ("σ(H⁽ᵏ⁻¹⁾W⁽ᵏ⁾D̃^{-1/2}ÃD̃^{-1/2})", "unicode", False, "shape error: n x d' times n x n", None),
    ("sigma(D_tilde^(-1/2) @ A @ D_tilde^(-1/2) @ H^(k-1) @ W^(k))", "ascii", False, "A without the self-loops", lambda e: e.s(dpow(e.Dt, -0.5) @ e.A @ dpow(e.Dt, -0.5) @ e.H @ e.W)),
    ("sigma(D_tilde^(-1/2) @ A_tilde @ D_tilde^(-1/2) @ H^(k-1) @ W^(k).T)", "ascii", False, "shape error: H is n x d, W^T is d' x d", None),
    ("sigma(D_tilde^(-1) @ A_tilde @ D_tilde^(-1) @ H^(k-1) @ W^(k))", "ascii", False, "exponent -1 on both sides", lambda e: e.s(dpow(e.Dt, -1) @ e.At @ dpow(e.Dt, -1) @ e.H @ e.W)),
])

# ---- rnn-hidden: column vectors; W_hh n_h x n_h, W_xh n_h x n_x ------------------------------
def _pre(e):
    return e.Whh @ e.h + e.Wxh @ e.x + e.b


_add("rnn-hidden", [
    (r"\tanh(W_{hh}h_{t-1}+W_{xh}x_t+b_h)", "latex", True, "expected form", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    (r"h_t = \tanh\left(W_{xh}x_t + W_{hh}h_{t-1} + b_h\right)", "latex", True, "whole equation, commuted", lambda e: tanh(e.Wxh @ e.x + e.Whh @ e.h + e.b)),
    (r"\tanh(b_h + W_{hh}h_{t-1} + W_{xh}x_t)", "latex", True, "bias first", lambda e: tanh(e.b + e.Whh @ e.h + e.Wxh @ e.x)),
    (r"\tanh\left(\mathbf{W}_{hh}\mathbf{h}_{t-1}+\mathbf{W}_{xh}\mathbf{x}_t+\mathbf{b}_h\right)", "latex", True, "bold decorations", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    (r"\tanh(W_{hh}\cdot h_{t-1}+W_{xh}\cdot x_t+b_h)", "latex", True, "\\cdot resolved by shape", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    (r"\frac{e^{2(W_{hh}h_{t-1}+W_{xh}x_t+b_h)}-1}{e^{2(W_{hh}h_{t-1}+W_{xh}x_t+b_h)}+1}", "latex", True, "tanh written with exponentials (elementwise)", lambda e: (exp(2 * _pre(e)) - 1) / (exp(2 * _pre(e)) + 1)),
    (r"\left(\tanh\left(h_{t-1}^{\top}W_{hh}^{\top}+x_t^{\top}W_{xh}^{\top}+b_h^{\top}\right)\right)^{\top}", "latex", True, "row-vector form transposed back", lambda e: tanh(e.h.T @ e.Whh.T + e.x.T @ e.Wxh.T + e.b.T).T),
    ("tanh(W_hh h_{t−1} + W_xh x_t + b_h)", "unicode", True, "expected form", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    ("hₜ = tanh(W_hh·hₜ₋₁ + W_xh·xₜ + b_h)", "unicode", True, "whole equation, subscript digits", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    ("tanh(W_xh xₜ + W_hh hₜ₋₁ + b_h)", "unicode", True, "commuted", lambda e: tanh(e.Wxh @ e.x + e.Whh @ e.h + e.b)),
    ("tanh(W_hh @ h_(t-1) + W_xh @ x_t + b_h)", "ascii", True, "expected form", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    ("tanh(W_xh @ x_t + W_hh @ h_{t-1} + b_h)", "ascii", True, "commuted", lambda e: tanh(e.Wxh @ e.x + e.Whh @ e.h + e.b)),
    ("h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h)", "ascii", True, "whole equation, juxtaposition", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b)),
    ("(exp(2*(W_hh@h_(t-1)+W_xh@x_t+b_h))-1)/(exp(2*(W_hh@h_(t-1)+W_xh@x_t+b_h))+1)", "ascii", True, "tanh written with exponentials", lambda e: (exp(2 * _pre(e)) - 1) / (exp(2 * _pre(e)) + 1)),
    (r"\sigma(W_{hh}h_{t-1}+W_{xh}x_t+b_h)", "latex", False, "sigmoid instead of tanh", lambda e: S(_pre(e))),
    (r"\tanh(W_{hh}^{\top}h_{t-1}+W_{xh}x_t+b_h)", "latex", False, "spurious transpose on W_hh", lambda e: tanh(e.Whh.T @ e.h + e.Wxh @ e.x + e.b)),
    (r"\tanh(W_{hh}h_{t-1}+W_{xh}x_t)", "latex", False, "dropped the bias", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x)),
    (r"\tanh(W_{hh}x_t+W_{xh}h_{t-1}+b_h)", "latex", False, "shape error: weight matrices swapped, W_hh is n_h x n_h and x_t is n_x x 1", None),
    (r"\tanh(W_{hh}h_{t-1})+W_{xh}x_t+b_h", "latex", False, "tanh only on the recurrent term", lambda e: tanh(e.Whh @ e.h) + e.Wxh @ e.x + e.b),
    (r"\tanh(W_{hh}h_{t-1}+W_{xh}x_t)+b_h", "latex", False, "bias outside tanh", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x) + e.b),
    (r"h_{t-1}+\tanh(W_{hh}h_{t-1}+W_{xh}x_t+b_h)", "latex", False, "residual h_{t-1} added", lambda e: e.h + tanh(_pre(e))),
    (r"\mathrm{ReLU}(W_{hh}h_{t-1}+W_{xh}x_t+b_h)", "latex", False, "ReLU instead of tanh", lambda e: relu(_pre(e))),
    ("σ(W_hh h_{t−1} + W_xh x_t + b_h)", "unicode", False, "sigmoid instead of tanh", lambda e: S(_pre(e))),
    ("tanh(W_hhᵀ h_{t−1} + W_xh x_t + b_h)", "unicode", False, "spurious transpose on W_hh", lambda e: tanh(e.Whh.T @ e.h + e.Wxh @ e.x + e.b)),
    ("tanh(W_hh h_{t−1} + W_xh x_t − b_h)", "unicode", False, "sign flip on the bias", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x - e.b)),
    ("tanh(W_hh * h_(t-1) + W_xh * x_t + b_h)", "ascii", True, "ASCII * read by shape: W_hh h and W_xh x chain, so matrix products", lambda e: tanh(_pre(e))),
    ("tanh(W_hh @ h_(t-1) + W_xh @ x_t)", "ascii", False, "dropped the bias", lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x)),
    ("sigmoid(W_hh @ h_(t-1) + W_xh @ x_t + b_h)", "ascii", False, "sigmoid instead of tanh", lambda e: S(_pre(e))),
    ("tanh(W_hh @ h_(t-1)) + tanh(W_xh @ x_t) + b_h", "ascii", False, "tanh split over the sum", lambda e: tanh(e.Whh @ e.h) + tanh(e.Wxh @ e.x) + e.b),
])

# ---- lstm-cell: gates as column vectors -----------------------------------------------------
_add("lstm-cell", [
    (r"f_t\odot c_{t-1}+i_t\odot\tilde c_t", "latex", True, "expected form", lambda e: e.f * e.cp + e.i * e.ct),
    (r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", "latex", True, "whole equation", lambda e: e.f * e.cp + e.i * e.ct),
    (r"i_t\odot\tilde c_t+f_t\odot c_{t-1}", "latex", True, "terms swapped", lambda e: e.i * e.ct + e.f * e.cp),
    (r"c_{t-1}\odot f_t+\tilde c_t\odot i_t", "latex", True, "commuted ⊙ factors", lambda e: e.cp * e.f + e.ct * e.i),
    (r"f_t\circ c_{t-1}+i_t\circ\tilde{c}_t", "latex", True, "\\circ", lambda e: e.f * e.cp + e.i * e.ct),
    (r"f_t \cdot c_{t-1} + i_t \cdot \tilde c_t", "latex", True, "\\cdot for ⊙ (equal shapes, as in the notes)", lambda e: e.f * e.cp + e.i * e.ct),
    (r"\mathrm{diag}(f_t)c_{t-1}+\mathrm{diag}(i_t)\tilde c_t", "latex", True, "diag form", lambda e: diag(e.f) @ e.cp + diag(e.i) @ e.ct),
    (r"C_t = f_t * C_{t-1} + i_t * \tilde{C}_t", "latex", True, "colah's notation: capital C, * pointwise", lambda e: e.f * e.cp + e.i * e.ct),
    (r"\mathbf{c}_t=\mathbf{f}_t\odot\mathbf{c}_{t-1}+\mathbf{i}_t\odot\tilde{\mathbf{c}}_t", "latex", True, "bold, whole equation", lambda e: e.f * e.cp + e.i * e.ct),
    ("fₜ ⊙ cₜ₋₁ + iₜ ⊙ c̃ₜ", "unicode", True, "expected form", lambda e: e.f * e.cp + e.i * e.ct),
    ("c_t = f_t⊙c_{t−1} + i_t⊙c̃_t", "unicode", True, "whole equation", lambda e: e.f * e.cp + e.i * e.ct),
    ("iₜ ⊙ c̃ₜ + fₜ ⊙ cₜ₋₁", "unicode", True, "terms swapped", lambda e: e.i * e.ct + e.f * e.cp),
    ("f_t * c_(t-1) + i_t * c~_t", "ascii", True, "expected form", lambda e: e.f * e.cp + e.i * e.ct),
    ("f_t * c_{t-1} + i_t * c_tilde_t", "ascii", True, "c_tilde spelled out", lambda e: e.f * e.cp + e.i * e.ct),
    ("c_t = i_t * c~_t + f_t * c_(t-1)", "ascii", True, "whole equation, terms swapped", lambda e: e.i * e.ct + e.f * e.cp),
    (r"f_t\odot\tilde c_t+i_t\odot c_{t-1}", "latex", False, "forget and input gates swapped", lambda e: e.f * e.ct + e.i * e.cp),
    (r"f_t\odot c_{t-1}+(1-f_t)\odot\tilde c_t", "latex", False, "coupled gates (GRU style) instead of i_t", lambda e: e.f * e.cp + (1 - e.f) * e.ct),
    (r"o_t\odot c_{t-1}+i_t\odot\tilde c_t", "latex", False, "output gate in place of the forget gate", lambda e: e.o * e.cp + e.i * e.ct),
    (r"c_{t-1}+i_t\odot\tilde c_t", "latex", False, "dropped the forget gate", lambda e: e.cp + e.i * e.ct),
    (r"f_t\odot c_{t-1}+\tilde c_t", "latex", False, "dropped the input gate", lambda e: e.f * e.cp + e.ct),
    (r"f_t\odot c_{t-1}\odot i_t\odot\tilde c_t", "latex", False, "product instead of sum", lambda e: e.f * e.cp * e.i * e.ct),
    (r"\tanh(f_t\odot c_{t-1}+i_t\odot\tilde c_t)", "latex", False, "tanh applied (that belongs to h_t)", lambda e: tanh(e.f * e.cp + e.i * e.ct)),
    (r"f_t c_{t-1}^{\top}+i_t\tilde c_t^{\top}", "latex", False, "outer products (n x n) instead of ⊙", lambda e: e.f @ e.cp.T + e.i @ e.ct.T),
    ("fₜ ⊙ c̃ₜ + iₜ ⊙ cₜ₋₁", "unicode", False, "gates swapped", lambda e: e.f * e.ct + e.i * e.cp),
    ("fₜ ⊙ cₜ₋₁ + iₜ ⊙ tanh(c̃ₜ)", "unicode", False, "tanh applied twice to the candidate", lambda e: e.f * e.cp + e.i * tanh(e.ct)),
    ("fₜ ⊙ cₜ₋₁ − iₜ ⊙ c̃ₜ", "unicode", False, "sign flip", lambda e: e.f * e.cp - e.i * e.ct),
    ("f_t @ c_(t-1) + i_t @ c~_t", "ascii", False, "shape error: matrix product of two n x 1 vectors", None),
    ("f_t * c_(t-1) + i_t + c~_t", "ascii", False, "+ typed for * in the input term", lambda e: e.f * e.cp + e.i + e.ct),
    ("f_t * c~_t + i_t * c_(t-1)", "ascii", False, "gates swapped", lambda e: e.f * e.ct + e.i * e.cp),
])

# ---- lstm-hidden ----------------------------------------------------------------------------
_add("lstm-hidden", [
    (r"o_t\odot\tanh(c_t)", "latex", True, "expected form", lambda e: e.o * tanh(e.c)),
    (r"h_t = o_t \odot \tanh(c_t)", "latex", True, "whole equation", lambda e: e.o * tanh(e.c)),
    (r"\tanh(c_t)\odot o_t", "latex", True, "commuted ⊙", lambda e: tanh(e.c) * e.o),
    (r"o_t\circ\tanh(c_t)", "latex", True, "\\circ", lambda e: e.o * tanh(e.c)),
    (r"o_t\cdot\tanh(c_t)", "latex", True, "\\cdot for ⊙ (equal shapes)", lambda e: e.o * tanh(e.c)),
    (r"\mathrm{diag}(o_t)\tanh(c_t)", "latex", True, "diag form", lambda e: diag(e.o) @ tanh(e.c)),
    (r"o_t\odot\tanh\left(f_t\odot c_{t-1}+i_t\odot\tilde c_t\right)", "latex", True, "c_t expanded", lambda e: e.o * tanh(e.f * e.cp + e.i * e.ct)),
    (r"o_t\odot\frac{e^{c_t}-e^{-c_t}}{e^{c_t}+e^{-c_t}}", "latex", True, "tanh written with exponentials", lambda e: e.o * (exp(e.c) - exp(-e.c)) / (exp(e.c) + exp(-e.c))),
    (r"h_t = o_t * \tanh(C_t)", "latex", True, "colah's notation", lambda e: e.o * tanh(e.c)),
    ("oₜ ⊙ tanh(cₜ)", "unicode", True, "expected form", lambda e: e.o * tanh(e.c)),
    ("hₜ = tanh(cₜ) ⊙ oₜ", "unicode", True, "whole equation, commuted", lambda e: tanh(e.c) * e.o),
    ("o_t ⊙ tanh(f_t ⊙ c_{t−1} + i_t ⊙ c̃_t)", "unicode", True, "c_t expanded", lambda e: e.o * tanh(e.f * e.cp + e.i * e.ct)),
    ("o_t * tanh(c_t)", "ascii", True, "expected form", lambda e: e.o * tanh(e.c)),
    ("h_t = tanh(c_t) * o_t", "ascii", True, "whole equation, commuted", lambda e: tanh(e.c) * e.o),
    ("o_t * (1 - 2/(exp(2*c_t) + 1))", "ascii", True, "tanh(c) = 1 - 2/(e^{2c}+1)", lambda e: e.o * (1 - 2 / (exp(2 * e.c) + 1))),
    (r"\tanh(o_t\odot c_t)", "latex", False, "gate inside tanh", lambda e: tanh(e.o * e.c)),
    (r"o_t\odot c_t", "latex", False, "dropped tanh", lambda e: e.o * e.c),
    (r"o_t\odot\sigma(c_t)", "latex", False, "sigmoid instead of tanh", lambda e: e.o * S(e.c)),
    (r"\tanh(c_t)", "latex", False, "dropped the output gate", lambda e: tanh(e.c)),
    (r"o_t\odot\tanh(c_{t-1})", "latex", False, "previous cell state", lambda e: e.o * tanh(e.cp)),
    (r"o_t\odot\tanh(\tilde c_t)", "latex", False, "candidate instead of the cell state", lambda e: e.o * tanh(e.ct)),
    (r"f_t\odot\tanh(c_t)", "latex", False, "forget gate instead of output gate", lambda e: e.f * tanh(e.c)),
    (r"o_t+\tanh(c_t)", "latex", False, "sum instead of product", lambda e: e.o + tanh(e.c)),
    ("(1 − oₜ) ⊙ tanh(cₜ)", "unicode", False, "complement of the gate", lambda e: (1 - e.o) * tanh(e.c)),
    ("tanh(oₜ ⊙ cₜ)", "unicode", False, "gate inside tanh", lambda e: tanh(e.o * e.c)),
    ("oₜ ⊙ cₜ", "unicode", False, "dropped tanh", lambda e: e.o * e.c),
    ("o_t @ tanh(c_t)", "ascii", False, "shape error: matrix product of two n x 1 vectors", None),
    ("o_t * sigmoid(c_t)", "ascii", False, "sigmoid instead of tanh", lambda e: e.o * S(e.c)),
    ("tanh(c_t)", "ascii", False, "dropped the output gate", lambda e: tanh(e.c)),
])

# ---- gru-hidden: z_t takes the candidate ----------------------------------------------------
_add("gru-hidden", [
    (r"(1-z_t)\odot h_{t-1}+z_t\odot\tilde h_t", "latex", True, "expected form", lambda e: (1 - e.z) * e.hp + e.z * e.ht),
    (r"h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde{h}_t", "latex", True, "whole equation", lambda e: (1 - e.z) * e.hp + e.z * e.ht),
    (r"z_t\odot\tilde h_t+(1-z_t)\odot h_{t-1}", "latex", True, "terms reordered", lambda e: e.z * e.ht + (1 - e.z) * e.hp),
    (r"h_{t-1}+z_t\odot(\tilde h_t-h_{t-1})", "latex", True, "interpolation form", lambda e: e.hp + e.z * (e.ht - e.hp)),
    (r"h_{t-1}-z_t\odot h_{t-1}+z_t\odot\tilde h_t", "latex", True, "expanded product", lambda e: e.hp - e.z * e.hp + e.z * e.ht),
    (r"h_{t-1}\odot(1-z_t)+\tilde h_t\odot z_t", "latex", True, "commuted ⊙ factors", lambda e: e.hp * (1 - e.z) + e.ht * e.z),
    (r"(\mathbf 1-\mathbf z_t)\circ\mathbf h_{t-1}+\mathbf z_t\circ\tilde{\mathbf h}_t", "latex", True, "bold, \\circ", lambda e: (1 - e.z) * e.hp + e.z * e.ht),
    (r"(1-z_t)\cdot h_{t-1}+z_t\cdot\tilde h_t", "latex", True, "\\cdot for ⊙ (equal shapes)", lambda e: (1 - e.z) * e.hp + e.z * e.ht),
    (r"\mathrm{diag}(1-z_t)h_{t-1}+\mathrm{diag}(z_t)\tilde h_t", "latex", True, "diag form", lambda e: diag(1 - e.z) @ e.hp + diag(e.z) @ e.ht),
    ("(1−zₜ)⊙hₜ₋₁ + zₜ⊙h̃ₜ", "unicode", True, "expected form", lambda e: (1 - e.z) * e.hp + e.z * e.ht),
    ("hₜ = zₜ ⊙ h̃ₜ + (1 − zₜ) ⊙ hₜ₋₁", "unicode", True, "whole equation, reordered", lambda e: e.z * e.ht + (1 - e.z) * e.hp),
    ("hₜ₋₁ + zₜ ⊙ (h̃ₜ − hₜ₋₁)", "unicode", True, "interpolation form", lambda e: e.hp + e.z * (e.ht - e.hp)),
    ("(1 - z_t) * h_(t-1) + z_t * h~_t", "ascii", True, "expected form", lambda e: (1 - e.z) * e.hp + e.z * e.ht),
    ("z_t * h_tilde_t + (1 - z_t) * h_{t-1}", "ascii", True, "reordered, h_tilde spelled out", lambda e: e.z * e.ht + (1 - e.z) * e.hp),
    ("h_(t-1) + z_t * (h~_t - h_(t-1))", "ascii", True, "interpolation form", lambda e: e.hp + e.z * (e.ht - e.hp)),
    (r"z_t\odot h_{t-1}+(1-z_t)\odot\tilde h_t", "latex", False, "GRU gates swapped relative to the stated convention (d2l/PyTorch convention)", lambda e: e.z * e.hp + (1 - e.z) * e.ht),
    (r"z_t\odot h_{t-1}+z_t\odot\tilde h_t", "latex", False, "z_t on both terms", lambda e: e.z * e.hp + e.z * e.ht),
    (r"(1-z_t)\odot h_{t-1}+\tilde h_t", "latex", False, "dropped z_t on the candidate", lambda e: (1 - e.z) * e.hp + e.ht),
    (r"h_{t-1}+z_t\odot\tilde h_t", "latex", False, "dropped (1-z_t)", lambda e: e.hp + e.z * e.ht),
    (r"(1-r_t)\odot h_{t-1}+r_t\odot\tilde h_t", "latex", False, "reset gate in place of the update gate", lambda e: (1 - e.r) * e.hp + e.r * e.ht),
    (r"(1-z_t)\odot h_{t-1}-z_t\odot\tilde h_t", "latex", False, "sign flip", lambda e: (1 - e.z) * e.hp - e.z * e.ht),
    (r"\tanh\left((1-z_t)\odot h_{t-1}+z_t\odot\tilde h_t\right)", "latex", False, "extra tanh", lambda e: tanh((1 - e.z) * e.hp + e.z * e.ht)),
    (r"h_{t-1}+z_t\odot(h_{t-1}-\tilde h_t)", "latex", False, "interpolation with the difference reversed", lambda e: e.hp + e.z * (e.hp - e.ht)),
    ("zₜ⊙hₜ₋₁ + (1−zₜ)⊙h̃ₜ", "unicode", False, "gates swapped relative to the stated convention", lambda e: e.z * e.hp + (1 - e.z) * e.ht),
    ("(1−zₜ)⊙hₜ₋₁ + h̃ₜ", "unicode", False, "dropped z_t on the candidate", lambda e: (1 - e.z) * e.hp + e.ht),
    ("z_t * h_(t-1) + (1 - z_t) * h~_t", "ascii", False, "gates swapped relative to the stated convention", lambda e: e.z * e.hp + (1 - e.z) * e.ht),
    ("(1 - z_t) @ h_(t-1) + z_t @ h~_t", "ascii", False, "shape error: matrix product of two n x 1 vectors", None),
    ("(1 - z_t) * h_(t-1) + z_t * h_(t-1)", "ascii", False, "previous state in both terms (no candidate)", lambda e: (1 - e.z) * e.hp + e.z * e.hp),
])

# ---- cnn-output-size: integers n, p, k, s ---------------------------------------------------
_add("cnn-output-size", [
    (r"\lfloor (n+2p-k)/s \rfloor+1", "latex", True, "expected form", lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1),
    (r"\left\lfloor\frac{n+2p-k}{s}\right\rfloor+1", "latex", True, "\\frac inside \\left\\lfloor", lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1),
    (r"\lfloor\frac{n-k+2p}{s}\rfloor+1", "latex", True, "terms reordered", lambda e: floor((e.n - e.k + 2 * e.p) / e.s) + 1),
    (r"\left\lfloor\frac{n+2p-k}{s}+1\right\rfloor", "latex", True, "+1 inside the floor", lambda e: floor((e.n + 2 * e.p - e.k) / e.s + 1)),
    (r"\left\lfloor\frac{n+2p-k+s}{s}\right\rfloor", "latex", True, "+1 folded into the numerator", lambda e: floor((e.n + 2 * e.p - e.k + e.s) / e.s)),
    (r"\left\lceil\frac{n+2p-k+1}{s}\right\rceil", "latex", True, "ceiling form: ceil((m+1)/s) = floor(m/s)+1 for integer m", lambda e: ceil((e.n + 2 * e.p - e.k + 1) / e.s)),
    (r"1+\left\lfloor\frac{n+2p-k}{s}\right\rfloor", "latex", True, "1 first", lambda e: 1 + floor((e.n + 2 * e.p - e.k) / e.s)),
    ("⌊(n+2p−k)/s⌋+1", "unicode", True, "expected form", lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1),
    ("⌊(n − k + 2p)/s⌋ + 1", "unicode", True, "terms reordered", lambda e: floor((e.n - e.k + 2 * e.p) / e.s) + 1),
    ("⌊(n+2p−k)/s + 1⌋", "unicode", True, "+1 inside the floor", lambda e: floor((e.n + 2 * e.p - e.k) / e.s + 1)),
    ("1 + ⌊(n+2p−k)/s⌋", "unicode", True, "1 first", lambda e: 1 + floor((e.n + 2 * e.p - e.k) / e.s)),
    ("floor((n+2p-k)/s)+1", "ascii", True, "expected form", lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1),
    ("floor((n + 2*p - k)/s) + 1", "ascii", True, "explicit *", lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1),
    ("floor((n+2p-k+s)/s)", "ascii", True, "+1 folded into the numerator", lambda e: floor((e.n + 2 * e.p - e.k + e.s) / e.s)),
    ("(n+2*p-k)//s + 1", "ascii", True, "Python floor division", lambda e: (e.n + 2 * e.p - e.k) // e.s + 1),
    (r"\frac{n+2p-k}{s}+1", "latex", False, "no floor (wrong when s does not divide)", lambda e: (e.n + 2 * e.p - e.k) / e.s + 1),
    (r"\left\lfloor\frac{n+2p-k}{s}\right\rfloor", "latex", False, "missing +1", lambda e: floor((e.n + 2 * e.p - e.k) / e.s)),
    (r"\left\lceil\frac{n+2p-k}{s}\right\rceil+1", "latex", False, "ceiling instead of floor", lambda e: ceil((e.n + 2 * e.p - e.k) / e.s) + 1),
    (r"\left\lfloor\frac{n+p-k}{s}\right\rfloor+1", "latex", False, "padding counted once", lambda e: floor((e.n + e.p - e.k) / e.s) + 1),
    (r"\left\lfloor\frac{n-2p-k}{s}\right\rfloor+1", "latex", False, "sign flip on the padding", lambda e: floor((e.n - 2 * e.p - e.k) / e.s) + 1),
    (r"\left\lfloor\frac{n+2p+k}{s}\right\rfloor+1", "latex", False, "sign flip on the kernel", lambda e: floor((e.n + 2 * e.p + e.k) / e.s) + 1),
    (r"\left\lfloor\frac{n-k}{s}\right\rfloor+1", "latex", False, "dropped the padding", lambda e: floor((e.n - e.k) / e.s) + 1),
    (r"\left\lfloor\frac{n+2p-k+1}{s}\right\rfloor", "latex", False, "+1 inside the numerator", lambda e: floor((e.n + 2 * e.p - e.k + 1) / e.s)),
    ("(n+2p−k)/s + 1", "unicode", False, "no floor", lambda e: (e.n + 2 * e.p - e.k) / e.s + 1),
    ("⌊(n+2p−k)/s⌋", "unicode", False, "missing +1", lambda e: floor((e.n + 2 * e.p - e.k) / e.s)),
    ("⌈(n+2p−k)/s⌉+1", "unicode", False, "ceiling instead of floor", lambda e: ceil((e.n + 2 * e.p - e.k) / e.s) + 1),
    ("floor(n+2p-k/s)+1", "ascii", False, "precedence: only k divided by s", lambda e: floor(e.n + 2 * e.p - e.k / e.s) + 1),
    ("(n+2*p-k)/s + 1", "ascii", False, "no floor", lambda e: (e.n + 2 * e.p - e.k) / e.s + 1),
    ("floor((n+2p-k)/(s+1))", "ascii", False, "+1 added to the stride", lambda e: floor((e.n + 2 * e.p - e.k) / (e.s + 1))),
    ("floor((n+2p-k)/s)-1", "ascii", False, "sign flip on the 1", lambda e: floor((e.n + 2 * e.p - e.k) / e.s) - 1),
])

# ---- cnn-param-count: one conv layer with bias ----------------------------------------------
_add("cnn-param-count", [
    (r"(k_h k_w C_{in}+1)\,C_{out}", "latex", True, "expected form", lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout),
    (r"\left(k_h k_w C_{\mathrm{in}}+1\right)C_{\mathrm{out}}", "latex", True, "\\mathrm subscripts", lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout),
    (r"k_h\cdot k_w\cdot C_{in}\cdot C_{out}+C_{out}", "latex", True, "expanded: weights plus one bias per filter", lambda e: e.kh * e.kw * e.Cin * e.Cout + e.Cout),
    (r"C_{out}\,(k_h k_w C_{in}+1)", "latex", True, "commuted", lambda e: e.Cout * (e.kh * e.kw * e.Cin + 1)),
    (r"C_{\text{out}}\left(k_hk_wC_{\text{in}}+1\right)", "latex", True, "\\text subscripts, no spaces", lambda e: e.Cout * (e.kh * e.kw * e.Cin + 1)),
    (r"k_h \times k_w \times C_{in} \times C_{out} + C_{out}", "latex", True, "\\times, expanded", lambda e: e.kh * e.kw * e.Cin * e.Cout + e.Cout),
    (r"(k_h k_w C_{in}+1)\times C_{out}", "latex", True, "\\times", lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout),
    ("(k_h·k_w·C_in + 1)·C_out", "unicode", True, "expected form, middle dots", lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout),
    ("k_h×k_w×C_in×C_out + C_out", "unicode", True, "expanded, ×", lambda e: e.kh * e.kw * e.Cin * e.Cout + e.Cout),
    ("C_out·(k_h·k_w·C_in + 1)", "unicode", True, "commuted", lambda e: e.Cout * (e.kh * e.kw * e.Cin + 1)),
    ("(k_h·k_w·C_in)·C_out + C_out", "unicode", True, "weights then biases", lambda e: (e.kh * e.kw * e.Cin) * e.Cout + e.Cout),
    ("(k_h*k_w*C_in + 1)*C_out", "ascii", True, "expected form", lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout),
    ("k_h*k_w*C_in*C_out + C_out", "ascii", True, "expanded", lambda e: e.kh * e.kw * e.Cin * e.Cout + e.Cout),
    ("C_out*(k_h*k_w*C_in+1)", "ascii", True, "commuted", lambda e: e.Cout * (e.kh * e.kw * e.Cin + 1)),
    ("C_out + C_in*C_out*k_h*k_w", "ascii", True, "bias first, factors reordered", lambda e: e.Cout + e.Cin * e.Cout * e.kh * e.kw),
    (r"k_h\,k_w\,C_{in}\,C_{out}", "latex", False, "missing the bias", lambda e: e.kh * e.kw * e.Cin * e.Cout),
    (r"k_h\,k_w\,(C_{in}+1)\,C_{out}", "latex", False, "bias counted per input channel and kernel position", lambda e: e.kh * e.kw * (e.Cin + 1) * e.Cout),
    (r"k_h k_w C_{in}C_{out}+1", "latex", False, "one bias for the whole layer", lambda e: e.kh * e.kw * e.Cin * e.Cout + 1),
    (r"(k_h k_w+1)\,C_{in}C_{out}", "latex", False, "bias per input channel", lambda e: (e.kh * e.kw + 1) * e.Cin * e.Cout),
    (r"(k_h+k_w)C_{in}C_{out}+C_{out}", "latex", False, "kernel area as a sum", lambda e: (e.kh + e.kw) * e.Cin * e.Cout + e.Cout),
    (r"k_h k_w C_{out}+C_{out}", "latex", False, "dropped C_in", lambda e: e.kh * e.kw * e.Cout + e.Cout),
    (r"k_h^2 C_{in} C_{out} + C_{out}", "latex", False, "assumes a square kernel", lambda e: e.kh ** 2 * e.Cin * e.Cout + e.Cout),
    ("k_h·k_w·C_in·C_out", "unicode", False, "missing the bias", lambda e: e.kh * e.kw * e.Cin * e.Cout),
    ("k_h·k_w·C_in·C_out + 1", "unicode", False, "one bias for the whole layer", lambda e: e.kh * e.kw * e.Cin * e.Cout + 1),
    ("(k_h·k_w·C_in + 1)·C_in", "unicode", False, "multiplied by C_in instead of C_out", lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cin),
    ("k_h*k_w*C_in*C_out", "ascii", False, "missing the bias", lambda e: e.kh * e.kw * e.Cin * e.Cout),
    ("k_h*k_w*(C_in+1)*C_out", "ascii", False, "bias per input channel and kernel position", lambda e: e.kh * e.kw * (e.Cin + 1) * e.Cout),
    ("k_h*k_w*C_in + C_out", "ascii", False, "added C_out instead of multiplying", lambda e: e.kh * e.kw * e.Cin + e.Cout),
])
