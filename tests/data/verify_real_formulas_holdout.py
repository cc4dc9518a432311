"""Independent numpy oracles for tests/data/real_formulas_holdout.yaml, keyed by entry id.

A held-out check of the formula reader: formulas collected from public material *not* used for
tests/data/real_formulas.yaml, written down without looking at that corpus, so that the agreement
measured here says whether the reader generalises rather than whether it fits the entries it was
tuned on.

Same format, rules and conventions as tests/data/verify_real_formulas.py, whose machinery this
module imports (``R``, the label rule as ``Corpus``, the numeric helpers).  The questions added to the bank after
that corpus (softmax Jacobian, momentum, mini-batch weight gradient, top-k score, LSTM/GRU gates, BPTT)
get their environments and references here, drawn like the others: distinct dimension sizes, never 1,
non-square matrices where the question allows.

Nothing here evaluates a string.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Callable

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
HOLDOUT_YAML = HERE / "real_formulas_holdout.yaml"


def _load_verify():
    """tests/data/verify_real_formulas.py, loaded once under the name its own test uses."""
    name = "ch3quiz_tests_verify_real_formulas"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "verify_real_formulas.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


verify = _load_verify()
fc = verify.fc
R, Readings, nrm, LABELS, SEEDS = verify.R, verify.Readings, verify.nrm, verify.LABELS, verify.SEEDS
S, softmax, diag, dpow, per_node = fc.sigmoid, fc.softmax, fc.diag, fc.dpow, fc.per_node
exp, sqrt, floor, tanh = np.exp, np.sqrt, np.floor, np.tanh


def norm(v):
    """The Euclidean norm of a vector, the Frobenius norm of a matrix."""
    return np.linalg.norm(v)


# ---- environments and references of the questions the first corpus does not cover -------------


def _dims(rng, k):
    return [int(v) for v in rng.choice(np.arange(2, 10), size=k, replace=False)]


def env_softmax_jacobian(rng):
    K = int(rng.integers(4, 8))
    z = rng.normal(scale=1.5, size=(K, 1))
    return NS(K=K, z=z, yh=softmax(z))


def env_momentum(rng):
    n = int(rng.integers(3, 8))
    return NS(th=rng.normal(size=(n, 1)), v=rng.normal(size=(n, 1)), g=rng.normal(size=(n, 1)),
              eta=float(rng.uniform(0.05, 0.6)), beta=float(rng.uniform(0.5, 0.95)))


def env_grad_W_batch(rng):
    nl, nl1, m = _dims(rng, 3)
    return NS(D=rng.normal(size=(nl, m)), A=rng.normal(size=(nl1, m)), W=rng.normal(size=(nl, nl1)), m=float(m))


def env_topk_score(rng):
    n, d = _dims(rng, 2)
    return NS(X=rng.normal(size=(n, d)), p=rng.normal(size=(d, 1)))


def env_gate(rng):
    """One LSTM/GRU gate: W (d_h x d_h) on h_{t-1}, U (d_h x d_x) on x_t, bias b; gates r, z, i."""
    nh, nx = _dims(rng, 2)
    col = lambda n: rng.normal(size=(n, 1))  # noqa: E731
    return NS(W=rng.normal(size=(nh, nh)), U=rng.normal(size=(nh, nx)), h=col(nh), x=col(nx), b=col(nh),
              r=S(col(nh)), z=S(col(nh)), i=S(col(nh)))


def env_bptt(rng):
    nh, q = _dims(rng, 2)
    return NS(h=tanh(rng.normal(size=(nh, 1))), g=rng.normal(size=(q, 1)), dn=rng.normal(size=(nh, 1)),
              Whq=rng.normal(size=(q, nh)), Whh=rng.normal(size=(nh, nh)))


ENVS: dict[str, Callable] = dict(fc.ENVS) | {
    "loss-softmax-jacobian": env_softmax_jacobian,
    "gd-momentum-update": env_momentum,
    "bp-grad-W-batch": env_grad_W_batch,
    "gnn-topk-score": env_topk_score,
    "lstm-forget-gate": env_gate,
    "lstm-candidate": env_gate,
    "gru-update-gate": env_gate,
    "gru-candidate": env_gate,
    "rnn-bptt-delta": env_bptt,
}

REFERENCES: dict[str, Callable] = dict(fc.REFERENCES) | {
    "loss-softmax-jacobian": lambda e: diag(e.yh) - e.yh @ e.yh.T,
    "gd-momentum-update": lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    "bp-grad-W-batch": lambda e: e.D @ e.A.T / e.m,
    "gnn-topk-score": lambda e: e.X @ e.p / norm(e.p),
    "lstm-forget-gate": lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    "lstm-candidate": lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    "gru-update-gate": lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    "gru-candidate": lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    "rnn-bptt-delta": lambda e: (1 - e.h * e.h) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
}

# ---- one oracle per entry -------------------------------------------------------------------------

ORACLES: dict[str, Callable | Readings | None] = {
    # act-sigmoid-derivative
    'h-sig-01': lambda e: S(e.x) * (1 - S(e.x)),
    'h-sig-02': lambda e: S(e.x) * (1 - S(e.x)),
    'h-sig-03': lambda e: S(e.x) * (1 - S(e.x)),
    'h-sig-05': lambda e: S(e.x) * (1.0 - S(e.x)),
    'h-sig-06': None,
    'h-sig-07': lambda e: S(e.x) * (1 - S(-e.x)),
    'h-sig-08': lambda e: S(e.x) ** 2 * (1 - S(e.x)),
    # act-tanh-derivative
    'h-tanh-01': lambda e: 1 - tanh(e.x) ** 2,
    'h-tanh-02': lambda e: 1 / np.cosh(e.x) ** 2,
    'h-tanh-03': lambda e: 1 - tanh(e.x) ** 2,
    'h-tanh-04': lambda e: 1 - tanh(e.x) ** 2,
    'h-tanh-05': lambda e: 1 - tanh(e.x) ** 2,
    'h-tanh-06': lambda e: (1 - tanh(e.x)) * (1 + tanh(e.x)),
    'h-tanh-07': lambda e: 1 + tanh(e.x) ** 2,
    'h-tanh-08': lambda e: 1 - tanh(e.x ** 2),
    # loss-mse-grad
    'h-mse-01': lambda e: e.yh - e.y,
    'h-mse-02': lambda e: e.yh - e.y,
    'h-mse-03': lambda e: e.yh - e.y,
    'h-mse-04': lambda e: -(e.y - e.yh),
    'h-mse-05': lambda e: e.y - e.yh,
    'h-mse-06': lambda e: 2 * (e.yh - e.y),
    # loss-bce-sigmoid-grad
    'h-bce-01': lambda e: S(e.z) - e.y,
    'h-bce-02': lambda e: S(e.z) - e.y,
    'h-bce-03': lambda e: S(e.z) - e.y,
    'h-bce-04': lambda e: e.y - S(e.z),
    'h-bce-05': lambda e: S(e.z) * (1 - S(e.z)) - e.y,
    'h-bce-06': lambda e: 1 / (1 + exp(-e.z)) - e.y,
    # loss-softmax-ce-grad
    'h-sce-01': lambda e: softmax(e.z) - e.y,
    'h-sce-02': lambda e: e.yh - e.y,
    'h-sce-03': lambda e: softmax(e.z) - e.y,
    'h-sce-04': lambda e: e.y - e.yh,
    'h-sce-05': lambda e: -e.y / e.yh,
    'h-sce-06': lambda e: exp(e.z) / np.sum(exp(e.z)) - e.y,
    # loss-softmax-jacobian
    'h-jac-01': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h-jac-02': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h-jac-03': lambda e: e.yh.T @ e.yh - diag(e.yh),
    'h-jac-04': lambda e: diag(e.yh) - e.yh.T @ e.yh,
    'h-jac-05': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h-jac-06': lambda e: diag(e.yh) - e.yh.T @ e.yh,
    'h-jac-07': lambda e: e.yh @ e.yh.T - diag(e.yh),
    'h-jac-08': lambda e: diag(e.yh) - np.outer(e.yh, e.yh),
    'h-jac-09': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h-jac-10': lambda e: diag(e.yh) - e.yh.T @ e.yh,
    'h-jac-11': None,
    'h-jac-12': None,
    # gd-update
    'h-gd-01': lambda e: e.th - e.eta * e.g,
    'h-gd-02': lambda e: e.th - e.eta * e.g,
    'h-gd-03': lambda e: e.th - e.eta * e.g,
    'h-gd-04': lambda e: e.th - e.eta * e.g,
    'h-gd-05': None,
    'h-gd-06': lambda e: e.th + e.eta * e.g,
    'h-gd-07': lambda e: e.th - e.g,
    'h-gd-08': None,
    # gd-momentum-update
    'h-mom-01': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h-mom-02': lambda e: e.th - e.eta * e.beta * e.v - e.eta * e.g,
    'h-mom-03': lambda e: e.th - (e.beta * e.v + e.eta * e.g),
    'h-mom-04': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h-mom-05': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h-mom-06': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h-mom-07': lambda e: e.th + e.beta * e.v - e.eta * e.g,
    'h-mom-08': lambda e: e.th - e.eta * e.beta * e.v + e.eta * e.g,
    'h-mom-09': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h-mom-10': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h-mom-11': lambda e: e.th - e.eta * e.beta * e.v - e.eta * e.g,
    'h-mom-12': lambda e: e.th - (e.beta * e.v + e.eta * e.g),
    'h-mom-13': lambda e: e.th - e.eta * e.beta * e.v + e.g,
    'h-mom-14': lambda e: e.th - e.eta * (e.v + e.beta * e.g),
    # bp-forward
    'h-fw-01': lambda e: e.s(e.W @ e.A + e.b),
    'h-fw-02': lambda e: e.s(e.W @ e.A + e.b),
    'h-fw-03': lambda e: e.s(e.W @ e.A + e.b),
    'h-fw-04': lambda e: e.s(e.W @ e.A + e.b),
    'h-fw-05': lambda e: e.s(np.dot(e.W, e.A) + e.b),
    'h-fw-06': None,
    'h-fw-07': lambda e: e.s(e.W) @ e.A + e.b,
    'h-fw-08': None,
    # bp-delta-output
    'h-do-01': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'h-do-02': lambda e: e.ds(e.Z) * (e.A - e.Y),
    'h-do-03': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'h-do-04': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'h-do-05': lambda e: (e.Y - e.A) * e.ds(e.Z),
    'h-do-06': lambda e: (e.A - e.Y) * e.A * (1 - e.A),
    'h-do-07': lambda e: (e.A - e.Y) * e.ds(e.A),
    # bp-delta-hidden
    'h-dh-01': lambda e: e.ds(e.Z) * (e.W.T @ e.d1),
    'h-dh-02': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h-dh-03': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h-dh-04': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h-dh-05': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h-dh-06': lambda e: np.dot(e.W.T, e.d1) * e.ds(e.Z),
    'h-dh-07': None,
    'h-dh-08': None,
    # bp-delta-Lminus1
    'h-dl-01': lambda e: (e.W.T @ e.dL) * e.ds(e.Z1),
    'h-dl-02': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'h-dl-03': lambda e: (e.W.T @ e.dL) * e.ds(e.Z1),
    'h-dl-04': lambda e: (e.W.T @ e.dL) * e.ds(e.Z1),
    'h-dl-05': None,
    'h-dl-06': None,
    # bp-grad-W
    'h-gw-01': lambda e: e.d @ e.A1.T,
    'h-gw-02': lambda e: e.d @ e.A1.T,
    'h-gw-03': lambda e: np.outer(e.d, e.A1),
    'h-gw-04': lambda e: e.d @ e.A1.T,
    'h-gw-05': lambda e: e.A1 @ e.d.T,
    'h-gw-06': None,
    # bp-grad-W-batch
    'h-gwb-01': lambda e: e.D @ e.A.T / e.m,
    'h-gwb-02': lambda e: e.D @ e.A.T / e.m,
    'h-gwb-03': lambda e: e.D @ e.A.T,
    'h-gwb-04': None,
    'h-gwb-05': lambda e: (1 / e.m) * e.D @ e.A.T,
    'h-gwb-06': lambda e: e.D @ e.A.T / e.m,
    'h-gwb-07': lambda e: e.m * e.D @ e.A.T,
    'h-gwb-08': lambda e: 1 / e.m * np.dot(e.D, e.A.T),
    'h-gwb-09': lambda e: e.D @ e.A.T / e.m,
    'h-gwb-10': lambda e: np.dot(e.D, e.A.T),
    'h-gwb-11': None,
    'h-gwb-12': lambda e: 1 / e.m * e.A @ e.D.T,
    # bp-grad-b
    'h-gb-01': lambda e: e.d,
    'h-gb-02': lambda e: e.d,
    'h-gb-03': lambda e: e.d,
    'h-gb-04': None,
    'h-gb-05': lambda e: e.d2,
    # cnn-output-size
    'h-cnn-01': lambda e: floor((e.n - e.k + 2 * e.p) / e.s) + 1,
    'h-cnn-02': lambda e: floor((e.n - e.k + 2 * e.p) / e.s) + 1,
    'h-cnn-03': lambda e: (e.n - e.k + 2 * e.p) // e.s + 1,
    'h-cnn-04': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'h-cnn-05': lambda e: (e.n - e.k + 2 * e.p) / e.s + 1,
    'h-cnn-06': lambda e: floor((e.n - e.k + e.p) / e.s) + 1,
    'h-cnn-07': lambda e: floor((e.n + 2 * e.p - e.k) / e.s),
    # cnn-param-count
    'h-par-01': lambda e: e.kh * e.kw * e.Cin * e.Cout + e.Cout,
    'h-par-02': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'h-par-03': lambda e: e.Cout * (e.Cin * e.kh * e.kw + 1),
    'h-par-04': lambda e: e.kh * e.kw * e.Cin * e.Cout,
    'h-par-05': lambda e: e.kh * e.kw * e.Cin + e.Cout,
    # gnn-basic-update
    'h-gnb-00': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'h-gnb-01': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'h-gnb-02': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] for u in e.N[v]) + e.B @ e.h[v])),
    'h-gnb-03': lambda e: per_node(e, lambda v: e.s(e.B @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.W @ e.h[v])),
    'h-gnb-04': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] for u in e.N[v]) / e.nN[v] + e.B @ e.h[v])),
    # gnn-gcn-update
    'h-gcu-01': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h-gcu-02': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / (e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h-gcu-03': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h-gcu-04': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]))),
    'h-gcu-05': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    # gnn-gcn-coefficient
    'h-gcc-01': lambda e: 1 / sqrt(e.nu * e.nv),
    'h-gcc-02': lambda e: 1 / sqrt(e.nu * e.nv),
    'h-gcc-03': lambda e: 1 / sqrt(e.nu) * 1 / sqrt(e.nv),
    'h-gcc-04': lambda e: 1 / (e.nu * e.nv),
    'h-gcc-05': lambda e: 1 / sqrt(e.nu + e.nv),
    'h-gcc-06': lambda e: 1 / e.nv,
    # gnn-gcn-matrix
    'h-gcm-01': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'h-gcm-02': lambda e: e.s(dpow(e.Dt, -0.5) @ (e.A + e.I) @ dpow(e.Dt, -0.5) @ e.H @ e.W),
    'h-gcm-03': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'h-gcm-04': lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W),
    'h-gcm-05': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'h-gcm-06': lambda e: e.s(dpow(e.Dt, -0.5) @ e.A @ dpow(e.Dt, -0.5) @ e.H @ e.W),
    'h-gcm-07': None,
    # gnn-topk-score
    'h-topk-01': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-02': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-03': lambda e: e.X @ e.p / sqrt(e.p.T @ e.p),
    'h-topk-04': lambda e: e.X @ e.p,
    'h-topk-05': lambda e: e.X @ e.p / norm(e.X),
    'h-topk-06': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-07': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-08': lambda e: e.X @ e.p / norm(e.p) ** 2,
    'h-topk-09': None,
    'h-topk-10': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-11': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-12': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-13': lambda e: e.X @ e.p / norm(e.p),
    'h-topk-14': lambda e: e.X @ e.p,
    'h-topk-15': lambda e: e.X @ e.p / sqrt(e.p.T @ e.p),
    'h-topk-16': lambda e: e.X @ e.p / (e.p.T @ e.p),
    'h-topk-17': lambda e: np.abs(e.X @ e.p) / norm(e.p),
    # rnn-hidden
    'h-rnn-01': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'h-rnn-02': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'h-rnn-03': lambda e: tanh(np.dot(e.Whh, e.h) + np.dot(e.Wxh, e.x) + e.b),
    'h-rnn-04': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'h-rnn-05': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'h-rnn-06': None,
    'h-rnn-07': lambda e: S(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'h-rnn-08': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x) + e.b,
    # lstm-cell
    'h-lc-01': lambda e: e.f * e.cp + e.i * e.ct,
    'h-lc-02': lambda e: e.f * e.cp + e.i * e.ct,
    'h-lc-03': lambda e: e.f * e.cp + e.i * e.ct,
    'h-lc-04': lambda e: e.f * e.cp + e.i * e.ct,
    'h-lc-05': lambda e: e.f * e.cp + e.i * e.ct,
    'h-lc-06': lambda e: e.f * e.cp + e.o * e.ct,
    'h-lc-07': lambda e: e.i * e.cp + e.f * e.ct,
    # lstm-hidden
    'h-lh-01': lambda e: e.o * tanh(e.c),
    'h-lh-02': lambda e: e.o * tanh(e.c),
    'h-lh-03': lambda e: e.o * tanh(e.c),
    'h-lh-04': lambda e: tanh(e.o * e.c),
    'h-lh-05': lambda e: e.o * S(e.c),
    # gru-hidden
    'h-gh-01': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'h-gh-02': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'h-gh-03': None,
    'h-gh-04': lambda e: (1 - e.z) * e.ht + e.z * e.hp,
    'h-gh-05': lambda e: e.hp + e.z * (e.ht - e.hp),
    'h-gh-06': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    # lstm-forget-gate, lstm-candidate, gru-update-gate: one gate environment
    'h-lf-01': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-lf-02': None,
    'h-lf-03': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-lf-04': None,
    'h-lf-05': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-lf-06': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-lf-07': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h-lf-08': lambda e: S(e.W @ e.h + e.U @ e.x) + e.b,
    'h-lcand-01': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h-lcand-02': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-lcand-03': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h-lcand-04': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h-lcand-05': lambda e: e.i * tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h-gu-01': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-gu-02': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-gu-03': lambda e: S(e.U @ e.x + e.W @ e.h + e.b),
    'h-gu-04': None,
    'h-gu-05': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    # gru-candidate
    'h-gc-01': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    'h-gc-02': lambda e: tanh(e.r * (e.W @ e.h) + e.U @ e.x + e.b),
    'h-gc-03': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    'h-gc-04': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    'h-gc-05': lambda e: tanh(e.W @ (e.z * e.h) + e.U @ e.x + e.b),
    'h-gc-06': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    # rnn-bptt-delta
    'h-bptt-01': lambda e: (1 - e.h * e.h) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h-bptt-02': lambda e: diag(1 - e.h ** 2) @ (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h-bptt-03': lambda e: (1 - e.h * e.h) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h-bptt-04': lambda e: (1 - e.h * e.h) * (e.Whq.T @ e.g + e.Whh @ e.dn),
    'h-bptt-05': lambda e: (1 - e.h ** 2) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h-bptt-06': lambda e: (1 - e.h * e.h) * (e.Whq.T @ e.g) + e.Whh.T @ e.dn,
    'h-bptt-07': lambda e: (1 - e.h ** 2) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h-bptt-08': lambda e: e.Whq.T @ e.g + e.Whh.T @ e.dn,
    # the brief's known gaps
    'h-gap-01': lambda e: e.th - e.eta * e.g,
    'h-gap-02': lambda e: e.th - e.eta * e.g,
    'h-gap-03': lambda e: e.th - e.eta * e.g,
    'h-gap-04': None,
    'h-gap-05': lambda e: e.th - e.eta * e.g,
    'h-gap-07': lambda e: e.th - e.eta * e.g,
    'h-gap-08': lambda e: e.th - e.eta * e.g,
    'h-gap-09': lambda e: e.th - e.eta * e.g,
    'h-gap-10': lambda e: e.th - e.eta * e.g,
    'h-gap-11': lambda e: e.th - e.eta * e.g,
    'h-gap-12': None,
    'h-gap-13': None,
    'h-gap-14': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h-gap-15': lambda e: e.X @ e.p / norm(e.p),
    'h-gap-16': lambda e: e.X @ e.p / norm(e.p),
    'h-gap-17': lambda e: e.X @ e.p / norm(e.X),
    'h-gap-18': R(lambda e: e.X @ e.p / norm(e.p), lambda e: e.X @ e.p / np.abs(e.p)),
    'h-gap-19': lambda e: e.X @ e.p / norm(e.p),
    'h-gap-20': lambda e: norm(e.p) ** -1 * (e.X @ e.p),
}


CORPUS = verify.Corpus(path=HOLDOUT_YAML, oracles=ORACLES, envs=ENVS, references=REFERENCES)
load_entries, label_from_oracle = CORPUS.load_entries, CORPUS.label_from_oracle
