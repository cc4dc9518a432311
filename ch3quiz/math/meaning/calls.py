"""Function names and heads: the built-in functions by every name they are written with, the head of an
application (``tanh^2``, ``σ′``), and the check that a function of a declared variable is not evaluated
somewhere else (``J(θ_{t+1})``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import reading
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.build import Context

BUILTINS = {
    "tanh": "tanh", "exp": "exp", "log": "log", "ln": "log", "relu": "relu", "ReLU": "relu", "softmax": "softmax",
    "diag": "diag", "floor": "floor", "ceil": "ceil", "sqrt": "sqrt", "abs": "abs", "max": "max", "min": "min",
    "sin": "sin", "cos": "cos", "sigma": "sigma", "sign": "sign", "sgn": "sign", "sigmoid": "logistic",
    "cosh": "cosh", "sinh": "sinh", "sech": "sech",
}


def function_head(fn: p.Node) -> tuple[p.Node, int, p.Node | None, p.Sub | None]:
    """(name node, primes, power superscript, subscript) of a function head like tanh^2 or σ′."""
    primes, power, sub = 0, None, None
    while True:
        if isinstance(fn, p.Postfix) and fn.op == "prime":
            primes += 1
            fn = fn.x
        elif isinstance(fn, p.Script):
            power = fn.sup if fn.sup is not None else power
            sub = fn.sub or sub
            fn = fn.base
        else:
            return fn, primes, power, sub


def check_evaluation_point(info: Any, args: tuple[ir.Expr, ...], ctx: Context, node: p.Node) -> None:
    """J(θ) stands for the loss as a function of its declared variable; J(θ_{t+1}) — the loss, or its
    gradient, taken somewhere else — has no reading here and must not silently become J(θ)."""
    if len(args) == 1 and isinstance(args[0], ir.Var) and args[0].key != info.of:
        def shown(key: str) -> str:
            return reading(ir.Var(key), ctx.table)

        name, of, at = shown(info.key), shown(info.of), shown(args[0].key)
        raise ctx.error(f"{name} is a function of {of}; {name}({at}) evaluates it somewhere else "
                        f"(the update uses the gradient at the current {of})", node)
