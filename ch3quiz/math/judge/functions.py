"""Function families for the numeric draws: each name's value and its first (and second) derivative.

Known functions (tanh, ReLU, exp, log, ...) have fixed families; an unknown smooth function of the question
gets a random stand-in with its true derivatives, so σ′ of an unknown σ is still a real derivative.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Fn = Callable[[np.ndarray], np.ndarray]


def _logistic(x: np.ndarray) -> np.ndarray:
    """1/(1+e^{-x}) without overflow for large |x| (the scale draws reach ±1000)."""
    t = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + t), t / (1.0 + t))


def family(kind: str, rng: np.random.Generator) -> tuple[Fn, Fn, Fn]:
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


FIXED: dict[str, tuple[Fn, ...]] = {
    "tanh": family("tanh", np.random.default_rng(0)),
    "relu": family("relu", np.random.default_rng(0)),
    "exp": (np.exp, np.exp, np.exp),
    "log": (np.log, lambda x: 1 / x, lambda x: -1 / x ** 2),
    "sin": (np.sin, np.cos, lambda x: -np.sin(x)),
    "cos": (np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)),
    "sqrt": (np.sqrt, lambda x: 0.5 / np.sqrt(x), lambda x: -0.25 * x ** -1.5),
    "abs": (np.abs, np.sign, lambda x: np.zeros_like(x)),
    "step": (lambda x: (x > 0).astype(float), np.zeros_like, np.zeros_like),  # an indicator 1(x>0); its kink is not judged
    "floor": (np.floor,), "ceil": (np.ceil,), "sign": (np.sign,),
    "logistic": family("logistic", np.random.default_rng(0)),
    "cosh": (np.cosh, np.sinh, np.cosh), "sinh": (np.sinh, np.cosh, np.sinh),
    "sech": (lambda x: 1 / np.cosh(x), lambda x: -np.tanh(x) / np.cosh(x)),
}

__all__ = ["FIXED", "Fn", "family"]
