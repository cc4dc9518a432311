"""SymPy confirmation for scalar targets, built from the IR (never from strings), under a time limit.

The limit is a SIGALRM timer in the main thread; the timeout exception derives
from BaseException so no ``except Exception`` inside SymPy swallows it. Off the
main thread (or without SIGALRM) symbolic confirmation is skipped.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterator

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.spec import Spec

TIME_LIMIT = 2.0
NON_ANALYTIC = frozenset({"step", "floor", "ceil", "abs", "relu", "max", "min", "sign"})


class SymbolicTimeout(BaseException):
    """SymPy ran past its wall-clock limit."""


class NotSymbolic(Exception):
    """This expression has no SymPy form here (a matrix, a graph sum, an unknown function)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[bool]:
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not usable:
        yield False
        return

    def _raise(signum: int, frame: Any) -> None:
        raise SymbolicTimeout()

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def wants_symbolic(spec: Spec, *exprs: ir.Expr) -> bool:
    if spec.symbolic == "never" or spec.expected.shape != ("1", "1"):
        return False
    if spec.symbolic == "always":
        return True
    return any(isinstance(n, ir.Apply) and n.fn in NON_ANALYTIC for e in exprs for n in ir.walk(e))


def assumptions(info: Any) -> dict[str, bool]:
    """What SymPy may assume about a symbol, from its declared kind and range (the numeric draws use the same)."""
    result: dict[str, bool] = {}
    if info.kind == "binary":  # a label in {0, 1}
        return {"integer": True, "nonnegative": True}
    if info.kind == "integer":
        result["integer"] = True
        low = info.lo if info.lo is not None else 1  # integers are drawn from 1 unless a min is declared
    elif info.kind in ("positive", "probability"):
        low = info.lo if info.lo is not None and info.lo > 0 else 1e-9
    else:
        low = info.lo
    if low is not None and low > 0:
        result["positive"] = True
    elif low is not None and low == 0:
        result["nonnegative"] = True
    return result


def to_sympy(e: ir.Expr, spec: Spec) -> Any:
    import sympy

    symbols: dict[str, Any] = {}

    def symbol(key: str) -> Any:
        if key not in symbols:
            info = spec.table.get(key)
            if not info.is_scalar:
                raise NotSymbolic(f"{key} is not a scalar")
            if info.key in spec.definitions:
                symbols[key] = go(spec.definitions[info.key])
            else:
                symbols[key] = sympy.Symbol(key, real=True, **assumptions(info))
        return symbols[key]

    def function(name: str, deriv: int, arg: Any) -> Any:
        kind = spec.functions.get(name, "logistic" if name == "sigma" else name)
        x = sympy.Dummy("x", real=True)
        table = {"logistic": 1 / (1 + sympy.exp(-x)), "tanh": sympy.tanh(x), "exp": sympy.exp(x), "log": sympy.log(x),
                 "sqrt": sympy.sqrt(x), "abs": sympy.Abs(x), "floor": sympy.floor(x), "ceil": sympy.ceiling(x),
                 "relu": sympy.Max(0, x), "identity": x, "sin": sympy.sin(x), "cos": sympy.cos(x), "sign": sympy.sign(x),
                 "step": sympy.Heaviside(x, 0),
                 "cosh": sympy.cosh(x), "sinh": sympy.sinh(x), "sech": sympy.sech(x)}
        if kind not in table:
            raise NotSymbolic(f"no closed form for {name}")
        body = table[kind]
        for _ in range(deriv):
            body = sympy.diff(body, x)
        return body.subs(x, arg)

    def go(node: ir.Expr) -> Any:
        if isinstance(node, ir.Const):
            return sympy.nsimplify(node.value, rational=True) if abs(node.value) < 1e6 else sympy.Float(node.value)
        if isinstance(node, ir.Var):
            return symbol(node.key)
        if isinstance(node, ir.Add):
            return sympy.Add(*(go(t) for t in node.terms))
        if isinstance(node, ir.Neg):
            return -go(node.x)
        if isinstance(node, ir.Mul) and node.op == "scale" or isinstance(node, ir.Mul) and node.op == "hadamard":
            return go(node.a) * go(node.b)
        if isinstance(node, ir.Div):
            return go(node.a) / go(node.b)
        if isinstance(node, ir.Pow):
            return go(node.a) ** go(node.b)
        if isinstance(node, ir.Apply) and len(node.args) == 1:
            return function(node.fn, node.deriv, go(node.args[0]))
        if isinstance(node, ir.Card) and isinstance(node.x, ir.Neigh):
            return sympy.Symbol(f"|N({node.x.node})|", positive=True, integer=True)
        if isinstance(node, ir.Deriv):
            return sympy.diff(go(node.x), symbol(node.var))
        raise NotSymbolic(f"{type(node).__name__} has no SymPy form here")

    return go(e)


def symbolic_equal(a: ir.Expr, b: ir.Expr, spec: Spec, seconds: float = TIME_LIMIT) -> bool | None:
    """True when SymPy proves a == b, False when it proves them different, None when it cannot tell in time."""
    try:
        import sympy  # before the timer is armed: an alarm inside an import can leave half-imported modules
    except ImportError:
        return None
    try:
        with time_limit(seconds) as limited:
            if not limited:
                return None
            diff = sympy.simplify(to_sympy(a, spec) - to_sympy(b, spec))
            if diff == 0:
                return True
            if diff.is_number and diff != 0:
                return False
            return None
    except SymbolicTimeout:
        return None
    except (NotSymbolic, TypeError, ValueError, ZeroDivisionError, RecursionError):
        return None
