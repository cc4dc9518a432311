"""Function names and heads: the built-in functions by every name they are written with, the head of an
application (``tanh^2``, ``σ′``), and the check that a function of a declared variable is not evaluated
somewhere else (``J(θ_{t+1})``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import reading
from ch3quiz.math.meaning.shapes import ShapeError, infer
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


# ---- names people use for the question's functions, and code's functions ------------------

# The logistic sigmoid by a short name: s(x), sig(z).
SIGMOID_NAMES = frozenset({"s", "S", "sig", "sigm", "logistic", "sigmoid"})
# The question's activation by a letter (f, g: Andrew Ng's g^{[l]}).
ACTIVATION_NAMES = frozenset({"f", "g"})
# A derivative spelled as a word after the name: sigma_prime, sigmoid_prime, g_prime.
PRIME_WORDS = frozenset({"prime", "p", "deriv", "derivative", "grad"})
_ACTIVATION_KINDS = ("elementwise", "logistic", "tanh", "relu")


def alias_function(name: str, ctx: Context) -> str | None:
    """The function meant by a name the question does not declare: ``s``/``sigmoid`` for the question's σ,
    ``f``/``g`` for its one activation; None when the name means nothing here."""
    declared = [fn for fn, kind in ctx.functions.items() if kind in _ACTIVATION_KINDS]
    if name in SIGMOID_NAMES:
        if ctx.functions.get("sigma") in ("elementwise", "logistic"):
            return "sigma"
        return BUILTINS["sigmoid"] if name != "sigmoid" else None
    if name in ACTIVATION_NAMES and len(declared) == 1:
        return declared[0]
    return None


def is_label(node: p.Node | None) -> bool:
    """A layer label written as a superscript of a function (Andrew Ng's g^{[l]}), not a power."""
    return isinstance(node, p.Delim) and node.kind == "[" or (
        isinstance(node, p.Postfix) and node.op == "prime" and is_label(node.x))


def code_call(name: str, args: tuple[ir.Expr, ...], ctx: Context, node: p.Node) -> ir.Expr:
    """numpy's and torch's functions: ``dot(W, d)`` is W @ d, ``multiply(a, b)`` is a ⊙ b, ``int(x)`` is ⌊x⌋
    (the sizes it is used on are not negative), ``rowsum(x)`` is np.sum(x, axis=1), ``sumall(x)`` np.sum(x),
    ``add``, ``subtract``, ``divide`` the operators, ``rsqrt(x)`` 1/√x."""
    want = 2 if name in _TWO_ARGUMENTS or name == "outer" else 1
    if len(args) != want and want == 2:
        raise ctx.error(f"{name}(…) takes two arguments here", node)
    if len(args) != want:
        raise ctx.error(f"{name}(…) takes one argument here", node)
    if name in _AXIS_SUMS:
        return _axis_sum(name, args[0], ctx, node)
    if name == "outer":
        return ir.Mul("matmul", _as_column(args[0], ctx, node), ir.T(_as_column(args[1], ctx, node)), "@")
    return _TWO_ARGUMENTS.get(name, _ONE_ARGUMENT.get(name))(*args)  # type: ignore[misc]


_TWO_ARGUMENTS = {
    "dot": lambda a, b: ir.Mul("matmul", a, b, "@"), "matmul": lambda a, b: ir.Mul("matmul", a, b, "@"),
    "mm": lambda a, b: ir.Mul("matmul", a, b, "@"), "multiply": lambda a, b: ir.Mul("elem", a, b, "⊙"),
    "pow": ir.Pow, "power": ir.Pow,
    "maximum": lambda a, b: _relu_of(a, b), "add": lambda a, b: ir.Add((a, b)),
    "subtract": lambda a, b: ir.Add((a, ir.Neg(b))), "divide": ir.Div,
}
_ONE_ARGUMENT = {
    "square": lambda a: ir.Pow(a, ir.Const(2.0)), "int": lambda a: ir.Apply("floor", (a,)), "transpose": ir.T,
    "rsqrt": lambda a: ir.Div(ir.Const(1.0), ir.Apply("sqrt", (a,))), "sumall": lambda a: ir.Apply("sumall", (a,)),
}
_AXIS_SUMS = frozenset({"rowsum", "colsum"})


def _as_column(x: ir.Expr, ctx: Context, node: p.Node) -> ir.Expr:
    """np.outer flattens its arguments: a row vector (yᵀ) is the column y, a matrix has no reading here."""
    try:
        rows, cols = infer(x, ctx.table, ctx.functions).shape
    except ShapeError as exc:
        raise ctx.error(exc.message, node) from None
    if cols == "1":
        return x
    if rows == "1":
        return x.x if isinstance(x, ir.T) else ir.T(x)
    raise ctx.error("outer(…) of a matrix flattens it first; write the product of the two vectors instead", node)


def _relu_of(a: ir.Expr, b: ir.Expr) -> ir.Expr:
    """np.maximum(0, z) is relu(z); another maximum is not a function of this chapter."""
    if a == ir.Const(0.0) or b == ir.Const(0.0):
        return ir.Apply("relu", (b if a == ir.Const(0.0) else a,))
    return ir.Apply("max", (a, b))


def _axis_sum(name: str, x: ir.Expr, ctx: Context, node: p.Node) -> ir.Expr:
    """A sum over one axis: of a column vector's rows it is the vector itself, of its column the sum of all."""
    try:
        rows, cols = infer(x, ctx.table, ctx.functions).shape
    except ShapeError as exc:
        raise ctx.error(exc.message, node) from None
    keeps, sums = (rows, cols) if name == "rowsum" else (cols, rows)
    if keeps == "1" or sums == "1":
        return x if sums == "1" else ir.Apply("sumall", (x,))
    raise ctx.error("a sum over one axis of a matrix cannot be read here; write the sum out", node)
