"""Independent numpy oracles for tests/data/real_formulas_holdout2.yaml, keyed by entry id.

A second held-out check of the formula reader: answers written as people write them (notes, Chinese blogs,
Q&A threads, framework docs, GitHub code) from public material cited in neither of the two earlier
collections, so that the agreement measured here says whether the reader generalises.

Same format, rules and conventions as tests/data/verify_real_formulas.py and
tests/data/verify_real_formulas_holdout.py, whose environments, references and label rule this module
reuses (``Corpus``); every symbol is drawn as there: distinct dimension sizes, never 1, non-square
matrices where the question allows, a generic sigma drawn as the logistic sigmoid or tanh.

Nothing here evaluates a string.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Callable

import numpy as np

HERE = Path(__file__).resolve().parent
HOLDOUT2_YAML = HERE / "real_formulas_holdout2.yaml"


def _load(name: str, file: str):
    """A sibling verify module, loaded once under the name its own test uses."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


holdout = _load("ch3quiz_tests_verify_real_formulas_holdout", "verify_real_formulas_holdout.py")
verify = holdout.verify
R, Readings, nrm, LABELS = verify.R, verify.Readings, verify.nrm, verify.LABELS
S, softmax, diag, dpow, per_node = holdout.S, holdout.softmax, holdout.diag, holdout.dpow, holdout.per_node
exp, sqrt, floor, tanh, norm = np.exp, np.sqrt, np.floor, np.tanh, holdout.norm
ENVS, REFERENCES = holdout.ENVS, holdout.REFERENCES

# ---- one oracle per entry -------------------------------------------------------------------------

ORACLES: dict[str, Callable | Readings | None] = {
    # act-sigmoid-derivative
    'h2-sig-01': lambda e: S(e.x) * (1 - S(e.x)),
    'h2-sig-02': lambda e: e.x * (1 - e.x),
    'h2-sig-03': lambda e: S(e.x) * (1 - S(e.x)),
    'h2-sig-04': lambda e: S(e.x) * (1 - S(e.x)),
    'h2-sig-05': lambda e: S(e.x) * (1 - S(e.x)),
    'h2-sig-06': lambda e: 1 / (1 + exp(-e.x)) * (1 - 1 / (1 + exp(-e.x))),
    'h2-sig-07': lambda e: -S(e.x) * (1 - S(e.x)),
    'h2-sig-08': lambda e: exp(-e.x) / (1 + exp(-e.x)) ** 2,
    'h2-sig-09': lambda e: S(e.x) * (1 - S(e.x)),
    'h2-sig-10': lambda e: S(e.x) * (1 - S(e.x)),
    'h2-sig-11': lambda e: S(e.x) * (1 + S(e.x)),
    # act-tanh-derivative
    'h2-tanh-01': lambda e: 1 - tanh(e.x) ** 2,
    'h2-tanh-02': lambda e: 1 - tanh(e.x) ** 2,
    'h2-tanh-03': lambda e: 1 - tanh(e.x) ** 2,
    'h2-tanh-04': lambda e: 1 - tanh(e.x) ** 2,
    'h2-tanh-05': lambda e: tanh(e.x) * (1 - tanh(e.x)),
    'h2-tanh-06': lambda e: (1 + tanh(e.x)) * (1 - tanh(e.x)),
    'h2-tanh-07': lambda e: 1 - tanh(e.x) * tanh(e.x),
    'h2-tanh-08': lambda e: 1 / np.cosh(e.x),
    'h2-tanh-09': lambda e: 1 - tanh(e.x) ** 2,
    'h2-tanh-10': lambda e: 1 - tanh(e.x) ** 2,
    # loss-mse-grad
    'h2-mse-01': lambda e: e.yh - e.y,
    'h2-mse-02': lambda e: e.yh - e.y,
    'h2-mse-03': lambda e: e.yh - e.y,
    'h2-mse-04': lambda e: 2 * (e.yh - e.y),
    'h2-mse-05': lambda e: e.y - e.yh,
    'h2-mse-06': lambda e: -(e.y - e.yh),
    'h2-mse-07': lambda e: (e.yh - e.y) ** 2,
    # loss-bce-sigmoid-grad
    'h2-bce-01': lambda e: S(e.z) - e.y,
    'h2-bce-02': lambda e: S(e.z) - e.y,
    'h2-bce-03': lambda e: -e.y / S(e.z) + (1 - e.y) / (1 - S(e.z)),
    'h2-bce-04': lambda e: S(e.z) * (1 - S(e.z)) * (-e.y / S(e.z) + (1 - e.y) / (1 - S(e.z))),
    'h2-bce-05': lambda e: S(e.z) - e.y,
    'h2-bce-06': lambda e: S(e.z) - e.y,
    'h2-bce-07': lambda e: e.y - S(e.z),
    'h2-bce-08': lambda e: (S(e.z) - e.y) * S(e.z) * (1 - S(e.z)),
    # loss-softmax-ce-grad
    'h2-sce-01': lambda e: np.array([[e.yh[i, 0] - e.y[i, 0]] for i in range(e.K)]),
    'h2-sce-02': lambda e: e.yh - e.y,
    'h2-sce-03': lambda e: e.yh - e.y,
    'h2-sce-04': lambda e: softmax(e.z) - e.y,
    'h2-sce-05': lambda e: e.yh * (1 - e.yh),
    'h2-sce-06': lambda e: np.array([[-e.y[k, 0] / e.yh[k, 0]] for k in range(e.K)]),
    'h2-sce-07': lambda e: e.y - e.yh,
    # loss-softmax-jacobian
    'h2-jac-01': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h2-jac-02': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h2-jac-03': lambda e: diag(e.yh) - e.yh.T @ e.yh,
    'h2-jac-04': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h2-jac-05': lambda e: diag(e.yh) - e.yh @ e.yh.T,
    'h2-jac-06': lambda e: np.array([[e.yh[i, 0] * ((1.0 if i == j else 0.0) - e.yh[j, 0]) for j in range(e.K)] for i in range(e.K)]),
    'h2-jac-07': lambda e: diag(e.yh) - e.yh.T @ e.yh,
    'h2-jac-08': lambda e: diag(e.yh * (1 - e.yh)),
    'h2-jac-09': lambda e: diag(e.yh) + (-e.yh) @ e.yh.T,
    # gd-update
    'h2-gd-01': lambda e: e.th - e.eta * e.g,
    'h2-gd-02': lambda e: e.th - e.eta * e.g,
    'h2-gd-03': lambda e: e.th + e.eta * e.g,
    'h2-gd-04': lambda e: e.th - e.eta * e.J,
    'h2-gd-05': lambda e: e.th - e.eta * e.g,
    'h2-gd-06': lambda e: e.th - e.eta * e.g,
    # gd-momentum-update
    'h2-mom-01': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h2-mom-02': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h2-mom-03': lambda e: e.th + e.beta * e.v - e.eta * e.g,
    'h2-mom-04': lambda e: e.th - e.eta * (e.beta * e.v + (1 - e.beta) * e.g),
    'h2-mom-05': lambda e: e.th - e.eta * (e.beta * e.v + e.g),
    'h2-mom-06': lambda e: e.th - e.eta * e.beta * e.v - e.g,
    'h2-mom-07': lambda e: e.th - e.eta * e.v,
    'h2-mom-08': lambda e: e.th - e.eta * e.beta * e.v - e.eta * e.g,
    # bp-forward
    'h2-fw-01': lambda e: e.s(e.W @ e.A + e.b),
    'h2-fw-02': lambda e: e.W @ e.A + e.b,
    'h2-fw-03': lambda e: e.s(e.W @ e.A + e.b),
    'h2-fw-04': lambda e: e.s(e.W @ e.A + e.b),
    'h2-fw-05': lambda e: e.s(e.W @ e.A + e.b),
    'h2-fw-06': None,
    'h2-fw-07': None,
    # bp-delta-output
    'h2-do-01': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'h2-do-02': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'h2-do-03': lambda e: (e.A - e.Y) * e.ds(e.Z),
    'h2-do-04': lambda e: (e.Y - e.A) * e.ds(e.Z),
    'h2-do-05': lambda e: (e.A - e.Y) * S(e.Z),
    'h2-do-06': lambda e: (e.A - e.Y) * e.A * (1 - e.A),
    'h2-do-07': lambda e: (e.A - e.Y) * e.ds(e.Z),
    # bp-delta-hidden
    'h2-dh-01': None,
    'h2-dh-02': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h2-dh-03': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h2-dh-04': None,
    'h2-dh-05': None,
    'h2-dh-06': lambda e: (e.W.T @ e.d1) * e.ds(e.Z),
    'h2-dh-07': lambda e: np.array([[sum(e.d1[j, 0] * e.W[j, i] for j in range(e.n2)) * e.ds(e.Z[i, 0])] for i in range(e.n1)]),
    'h2-dh-08': None,
    # bp-delta-Lminus1
    'h2-dl-01': lambda e: (e.W.T @ e.dL) * e.ds(e.Z1),
    'h2-dl-02': lambda e: e.ds(e.Z1) * (e.W.T @ e.dL),
    'h2-dl-03': lambda e: (e.W.T @ e.dL) * e.ds(e.Z1),
    'h2-dl-04': None,
    'h2-dl-05': lambda e: e.W.T @ e.dL,
    'h2-dl-06': lambda e: (e.W.T @ e.dL) * e.ds(e.Z1),
    'h2-dl-07': None,
    'h2-dl-08': lambda e: np.array([[e.ds(e.Z1[j, 0]) * sum(e.W[k, j] * e.dL[k, 0] for k in range(e.nL))] for j in range(e.nL1)]),
    'h2-dl-09': lambda e: np.array([[e.ds(e.Z1[j, 0]) * sum(e.W[k, j] * e.dL[k, 0] for k in range(e.nL1))] for j in range(e.nL1)]),
    # bp-grad-W
    'h2-gw-01': lambda e: e.d @ e.A1.T,
    'h2-gw-02': lambda e: np.outer(e.d, e.A1),
    'h2-gw-03': lambda e: e.d @ e.A1.T,
    'h2-gw-04': None,
    'h2-gw-05': None,
    'h2-gw-06': lambda e: e.d @ e.A1.T,
    'h2-gw-07': lambda e: e.A1 @ e.d.T,
    'h2-gw-08': lambda e: e.d @ e.A1.T,
    # bp-grad-W-batch
    'h2-gwb-01': lambda e: e.D @ e.A.T * 1 / e.m,
    'h2-gwb-02': lambda e: e.D @ e.A.T / e.m,
    'h2-gwb-03': lambda e: e.D @ e.A.T / e.m,
    'h2-gwb-04': lambda e: e.D @ e.A.T,
    'h2-gwb-05': None,
    'h2-gwb-06': lambda e: e.D @ e.A.T,
    'h2-gwb-07': lambda e: 1.0 / e.m * e.D @ e.A.T,
    # bp-grad-b
    'h2-gb-01': lambda e: e.d,
    'h2-gb-02': lambda e: e.d,
    'h2-gb-03': lambda e: e.d,
    'h2-gb-04': lambda e: e.d2,
    'h2-gb-05': lambda e: e.d @ e.A1.T,
    'h2-gb-06': lambda e: (e.W2.T @ e.d2) * e.ds(e.Z),
    # cnn-output-size
    'h2-cnn-01': lambda e: (e.n - e.k + 2 * e.p) / e.s + 1,
    'h2-cnn-02': lambda e: (e.n + 2 * e.p - e.k) // e.s + 1,
    'h2-cnn-03': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'h2-cnn-04': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'h2-cnn-05': lambda e: floor((e.n + 2 * e.p - e.k) / e.s) + 1,
    'h2-cnn-06': lambda e: (e.n + 2 * e.p - e.k) / e.s + 1,
    'h2-cnn-07': lambda e: (e.n - e.k + 2 * e.p) // e.s,
    'h2-cnn-08': lambda e: floor((e.n + e.p - e.k) / e.s) + 1,
    'h2-cnn-09': lambda e: floor((e.n + 2 * e.p - e.k + e.s) / e.s),
    'h2-cnn-10': lambda e: np.trunc((e.n + 2 * e.p - e.k) / e.s) + 1,
    # cnn-param-count
    'h2-par-01': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'h2-par-02': lambda e: e.Cin * e.Cout * e.kh * e.kw + e.Cout,
    'h2-par-03': lambda e: e.Cin * e.Cout * e.kh * e.kw,
    'h2-par-04': lambda e: (e.kh * e.kw * e.Cin + 1) * e.Cout,
    'h2-par-05': lambda e: e.kh * e.kw * (e.Cin + 1) * e.Cout,
    'h2-par-06': lambda e: e.Cout * (e.kh * e.kw * e.Cin + 1),
    'h2-par-07': lambda e: (e.kh * e.kw + 1) * e.Cin * e.Cout,
    # gnn-basic-update
    'h2-gnb-01': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'h2-gnb-02': lambda e: per_node(e, lambda v: e.s(e.W @ (sum(e.h[u] for u in e.N[v]) / len(e.N[v])) + e.B @ e.h[v])),
    'h2-gnb-03': lambda e: per_node(e, lambda v: e.s(e.W @ (1 / e.nN[v] * sum(e.h[u] for u in e.N[v])) + e.B @ e.h[v])),
    'h2-gnb-04': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.B @ e.h[v])),
    'h2-gnb-05': lambda e: per_node(e, lambda v: e.s(e.W @ (sum(e.h[u] / e.nN[v] for u in e.N[v]) + e.h[v]))),
    'h2-gnb-06': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] for u in e.N[v]) + e.B @ e.h[v])),
    'h2-gnb-07': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[u] for u in e.N[v]) + e.B @ e.h[v])),
    # gnn-gcn-update
    'h2-gcu-01': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h2-gcu-02': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h2-gcu-03': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h2-gcu-04': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v]))),
    'h2-gcu-05': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / (e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    'h2-gcu-06': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / e.nN[v] for u in e.N[v] + [v]))),
    'h2-gcu-07': lambda e: per_node(e, lambda v: e.s(e.W @ sum(e.h[u] / sqrt(e.nN[u] * e.nN[v]) for u in e.N[v] + [v]))),
    # gnn-gcn-coefficient
    'h2-gcc-01': lambda e: 1 / sqrt(e.nu) * 1 / sqrt(e.nv),
    'h2-gcc-02': lambda e: e.nu ** -0.5 * e.nv ** -0.5,
    'h2-gcc-03': lambda e: 1 / (sqrt(e.nu) * sqrt(e.nv)),
    'h2-gcc-04': lambda e: 1 / (sqrt(e.nu) * sqrt(e.nv)),
    'h2-gcc-05': lambda e: 1 / e.nv,
    'h2-gcc-06': lambda e: 1 / sqrt(e.nu + e.nv),
    'h2-gcc-07': lambda e: 1 / (e.nu * e.nv),
    # gnn-gcn-matrix
    'h2-gcm-01': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'h2-gcm-02': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'h2-gcm-03': lambda e: e.s(nrm(e) @ e.H @ e.W),
    'h2-gcm-04': lambda e: e.s(dpow(e.D, -1) @ e.At @ e.H @ e.W),
    'h2-gcm-05': lambda e: e.s(dpow(e.Dt, -1) @ e.At @ e.H @ e.W),
    'h2-gcm-06': lambda e: e.s(dpow(e.D, -0.5) @ e.A @ dpow(e.D, -0.5) @ e.H @ e.W),
    'h2-gcm-07': None,
    'h2-gcm-08': lambda e: e.s(dpow(e.Dt, -0.5) @ (e.A + e.I) @ dpow(e.Dt, -0.5) @ e.H @ e.W),
    # gnn-topk-score
    'h2-topk-01': lambda e: e.X @ e.p / norm(e.p),
    'h2-topk-02': lambda e: e.X @ e.p / norm(e.p),
    'h2-topk-03': lambda e: e.X @ e.p / norm(e.p),
    'h2-topk-04': lambda e: e.X @ e.p / norm(e.p),
    'h2-topk-05': lambda e: e.X @ e.p / norm(e.p) ** 2,
    'h2-topk-06': lambda e: S(e.X @ e.p / norm(e.p)),
    'h2-topk-07': lambda e: e.X @ e.p,
    'h2-topk-08': lambda e: e.X @ e.p / sqrt(e.p.T @ e.p),
    'h2-topk-09': lambda e: e.X @ e.p / norm(e.X),
    # rnn-hidden
    'h2-rnn-01': lambda e: tanh(e.Wxh @ e.x + e.Whh @ e.h + e.b),
    'h2-rnn-02': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x),
    'h2-rnn-03': None,
    'h2-rnn-04': lambda e: tanh(e.Wxh @ e.x + e.Whh @ e.h + e.b),
    'h2-rnn-05': lambda e: tanh(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    'h2-rnn-06': None,
    'h2-rnn-07': lambda e: S(e.Whh @ e.h + e.Wxh @ e.x + e.b),
    # lstm-cell
    'h2-lc-01': lambda e: e.f * e.cp + e.i * e.ct,
    'h2-lc-02': lambda e: e.f * e.cp + e.i * e.ct,
    'h2-lc-03': lambda e: e.f * e.cp + e.i * e.ct,
    'h2-lc-04': lambda e: e.f * e.cp + (1 - e.f) * e.ct,
    'h2-lc-05': lambda e: e.f * e.cp + e.o * e.ct,
    'h2-lc-06': lambda e: e.f * e.ct + e.i * e.cp,
    'h2-lc-07': lambda e: e.i * e.ct + e.f * e.cp,
    # lstm-hidden
    'h2-lh-01': lambda e: e.o * tanh(e.c),
    'h2-lh-02': lambda e: e.o * e.c,
    'h2-lh-03': lambda e: tanh(e.c) * e.o,
    'h2-lh-04': lambda e: e.o * tanh(e.c),
    'h2-lh-05': lambda e: tanh(e.o * e.c),
    'h2-lh-06': lambda e: e.o * S(e.c),
    # gru-hidden
    'h2-gh-01': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'h2-gh-02': lambda e: e.z * e.hp + (1 - e.z) * e.ht,
    'h2-gh-03': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'h2-gh-04': lambda e: (1 - e.z) * e.ht + e.z * e.hp,
    'h2-gh-05': lambda e: e.hp + e.z * (e.ht - e.hp),
    'h2-gh-06': lambda e: (1 - e.z) * e.hp + e.z * e.ht,
    'h2-gh-07': lambda e: (1 - e.r) * e.hp + e.r * e.ht,
    # lstm-forget-gate
    'h2-lf-01': None,
    'h2-lf-02': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h2-lf-03': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h2-lf-04': lambda e: S(e.U @ e.x + e.W @ e.h + e.b),
    'h2-lf-05': None,
    'h2-lf-06': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    # lstm-candidate
    'h2-lcand-01': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h2-lcand-02': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h2-lcand-03': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h2-lcand-04': lambda e: e.i * tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h2-lcand-05': lambda e: tanh(e.U @ e.x + e.W @ e.h + e.b),
    # gru-update-gate
    'h2-gu-01': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h2-gu-02': lambda e: S(e.W @ e.h + e.U @ e.x + e.b),
    'h2-gu-03': None,
    'h2-gu-04': None,
    'h2-gu-05': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    # gru-candidate
    'h2-gc-01': lambda e: tanh(e.r * (e.W @ e.h) + e.U @ e.x + e.b),
    'h2-gc-02': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    'h2-gc-03': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    'h2-gc-04': lambda e: tanh(e.W @ e.h + e.U @ e.x + e.b),
    'h2-gc-05': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    'h2-gc-06': lambda e: tanh(e.W @ (e.z * e.h) + e.U @ e.x + e.b),
    'h2-gc-07': lambda e: tanh(e.W @ (e.r * e.h) + e.U @ e.x + e.b),
    # rnn-bptt-delta
    'h2-bptt-01': lambda e: (e.Whq.T @ e.g + e.Whh.T @ e.dn) * (1 - e.h ** 2),
    'h2-bptt-02': lambda e: (1 - e.h ** 2) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h2-bptt-03': lambda e: (1 - e.h ** 2) * (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h2-bptt-04': lambda e: (1 - e.h * e.h) * (e.Whq.T @ e.g + e.Whh @ e.dn),
    'h2-bptt-05': lambda e: diag(1 - e.h * e.h) @ (e.Whq.T @ e.g) + e.Whh.T @ e.dn,
    'h2-bptt-06': lambda e: diag(1 - e.h ** 2) @ (e.Whq.T @ e.g + e.Whh.T @ e.dn),
    'h2-bptt-07': None,
    'h2-bptt-08': lambda e: (e.Whq.T @ e.g + e.Whh.T @ e.dn) * (1 - e.h * e.h),
}


CORPUS = verify.Corpus(path=HOLDOUT2_YAML, oracles=ORACLES, envs=ENVS, references=REFERENCES)
load_entries, label_from_oracle = CORPUS.load_entries, CORPUS.label_from_oracle
