"""Derivatives as written: ``\\frac{dJ}{dθ}``, ``∂J/∂W`` with a slash, ``\\frac{d}{dx} f``, ``∇J(θ)`` and
``∇_θ J`` all become one ``Partial`` (or ``Deriv``, or σ′(x) for dσ/dx).

The functions that build sub-expressions take ``build`` (``build.build``) as an argument, so this module
does not import the builder that imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.calls import BUILTINS, check_evaluation_point, function_head
from ch3quiz.math.meaning.symbols import SymbolError
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.build import Context

Build = Callable[[p.Node, "Context"], ir.Expr]
# Products written with a sign. '*' is read by shape like '·' and juxtaposition (a scaling, a matrix product
# where the shapes chain, elementwise where they agree); where both fit, the checker says it is ambiguous.
EXPLICIT = {"⊙": "elem", "*": "auto", "·": "auto", "×": "auto", "@": "matmul"}


def _is_operator(node: p.Node) -> bool:
    """A bare d/dx (or ∂/∂x): an operator waiting for what follows it."""
    return isinstance(node, p.Frac) and _is_d(node.num) and _split_d(node.den) is not None


def factor_before_operator(node: p.Bin) -> p.Bin | None:
    """``a \\frac{d}{dx}(b)`` parses as ``(a · d/dx)(b)``; the operator belongs to what follows it:
    ``a · (d/dx (b))`` (the chain-rule step -(1+e^{-x})^{-2}\\frac{d}{dx}(1+e^{-x}))."""
    left = node.a
    if isinstance(left, p.Bin) and left.op == "juxt" and _is_operator(left.b):
        return p.Bin(left.pos, "juxt", left.a, p.Bin(left.b.pos, "juxt", left.b, node.b))
    if isinstance(left, p.Bin) and left.op == "juxt" and _is_operator(left.a):
        # d/dZ_i ½‖Y − A‖²: the operator takes the whole product after it, not only ½
        return p.Bin(left.pos, "juxt", left.a, p.Bin(left.b.pos, "juxt", left.b, node.b))
    return None


def _is_d(node: p.Node) -> str | None:
    if isinstance(node, p.Ident) and node.accent is None and node.name in ("d", "partial"):
        return node.name
    return None


def _split_d(node: p.Node) -> tuple[str, p.Node] | None:
    """``d x`` / ``\\partial J`` -> (d or partial, the rest)."""
    if isinstance(node, p.Bin) and node.op == "juxt":
        kind = _is_d(node.a)
        if kind:
            return kind, node.b
    return None


def frac(node: p.Frac, ctx: Context, build: Build) -> ir.Expr:
    num, den = _split_d(node.num), _split_d(node.den)
    if den is not None and (num is not None or _is_d(node.num)):
        if num is None:
            raise ctx.error("d/dx needs something to differentiate after it", node)
        return _derivative(num[1], den[1], ctx, node, build)
    return ir.Div(build(node.num, ctx), build(node.den, ctx))


def _component(var: p.Node, ctx: Context, build: Build) -> tuple[p.Node, tuple[str, ...]] | None:
    """(the symbol, its entry indices) when ``var`` is an entry of a declared symbol, like θ_j; else None."""
    if not isinstance(var, p.Script) or var.sub is None or var.sup is not None:
        return None
    try:
        built = build(var, ctx)
    except SymbolError:
        return None
    if isinstance(built, ir.Entry) and isinstance(built.x, ir.Var):
        return p.Script(var.pos, var.base, None, None), built.index
    return None


def _wrt(var: p.Node, ctx: Context, build: Build) -> ir.Expr:
    wrt = build(var, ctx)
    if not isinstance(wrt, (ir.Var, ir.NodeVar)):
        raise ctx.error("differentiate with respect to one symbol", var)
    return wrt


def _component_derivative(top: p.Node, var: p.Node, ctx: Context, build: Build) -> ir.Expr | None:
    """∂J/∂Z_j, ∂J/∂W_{jk} and ∂Z^{(L)}_k/∂Z^{(L-1)}_j (the component forms of BP1–BP4): an entry of the whole derivative,
    in denominator layout (row j is ∂/∂Z_j), so ∂Z_k/∂A_j is entry (j, k) of ∂Z/∂A."""
    wrt = build(var, ctx)
    if not (isinstance(wrt, ir.Entry) and isinstance(wrt.x, ir.Var) and len(wrt.index) in (1, 2)):
        return None
    inner = at_its_argument(top, ctx) or build(top, ctx)
    if isinstance(inner, ir.Entry) and isinstance(inner.x, ir.Var) and len(inner.index) == 1 == len(wrt.index):
        return ir.Entry(ir.Partial(inner.x, wrt.x), wrt.index + inner.index)
    return ir.Entry(ir.Partial(inner, wrt.x), wrt.index)  # a scalar J (or ½‖A − Y‖²) by one component


def _derivative(top: p.Node, var: p.Node, ctx: Context, where: p.Node, build: Build) -> ir.Expr:
    entry = _component_derivative(top, var, ctx, build)  # ∂Z_k/∂A_j: entry (j, k) of ∂Z/∂A
    if entry is not None:
        return entry
    component = _component(var, ctx, build)
    if component is not None:  # ∂J/∂θ_j: entry j of ∂J/∂θ (a component form)
        return ir.Entry(_derivative(top, component[0], ctx, where, build), component[1])
    wrt = _wrt(var, ctx, build)
    inner = at_its_argument(top, ctx, wrt)
    if inner is None and _bare_function(top, ctx):
        return ir.Apply(BUILTINS.get(top.name, top.name), (wrt,), 1)  # dσ/dx = σ′(x)
    inner = inner or build(top, ctx)
    if isinstance(inner, ir.Var):
        return ir.Partial(inner, wrt)
    if isinstance(wrt, ir.Var) and ctx.table.get(wrt.key).is_scalar:
        return ir.Deriv(inner, wrt.key)
    return ir.Partial(inner, wrt)


def bracket_prime(x: ir.Expr, ctx: Context, where: p.Node) -> ir.Expr:
    """``(1+e^{-x})'`` and ``((1+e^{-x})^{-1})'``: the derivative of a bracket in the one scalar symbol it contains (the
    question's variable, as a calculus text means it); ``(1)'`` is 0. With a matrix or several scalars the variable is
    not known, so refused."""
    if not any(isinstance(e, (ir.Var, ir.Entry, ir.NodeVar)) for e in ir.walk(x)):
        return ir.Const(0.0)  # a constant: its derivative is 0 in any variable
    scalars = {e.key for e in ir.walk(x) if isinstance(e, ir.Var) and ctx.table.get(e.key).is_scalar}
    if len(scalars) != 1:
        raise ctx.error("a prime (′) belongs on a function, like σ′(z), or on a bracket in one variable", where)
    return ir.Deriv(x, scalars.pop())


def _bare_function(top: p.Node, ctx: Context) -> bool:
    return isinstance(top, p.Ident) and (top.name in ctx.functions or top.name in ("sigma", "tanh")) \
        and ctx.table.lookup(top.name, top.accent, None, None) is None


def at_its_argument(top: p.Node, ctx: Context, wrt: ir.Expr | None = None) -> ir.Expr | None:
    """Nielsen's ∂σ/∂w_j: a function's bare name over another variable is the function at the one argument the
    model gives it (σ(z) where a = σ(z)); None when the model gives it none, several, or that variable itself."""
    if not _bare_function(top, ctx):
        return None
    name = BUILTINS.get(top.name, top.name) if top.name not in ctx.functions else top.name  # type: ignore[attr-defined]
    argument = ctx.applied.get(name)
    if argument is None or argument == wrt:
        return None
    return ir.Apply(name, (argument,))


def derivative_operator(node: p.Bin, ctx: Context, build: Build) -> ir.Expr | None:
    """``\\frac{d}{dx} f``, ``\\nabla J(θ)``, ``\\nabla_θ J`` at the head of a juxtaposition."""
    left = node.a
    if isinstance(left, p.Frac) and _is_d(left.num) and _split_d(left.den):
        return _derivative(node.b, _split_d(left.den)[1], ctx, node, build)  # type: ignore[index]
    head = left.base if isinstance(left, p.Script) else left
    if isinstance(head, p.Ident) and head.name == "nabla":
        if isinstance(left, p.Script) and left.sup is not None:
            # ∇²J is a second derivative (the Hessian); silently reading it as ∇J would accept a wrong answer.
            raise ctx.error("a power of ∇ (such as ∇², the Hessian) is not part of this chapter's formulas", left)
        target = node.b
        wrt_node = left.sub.node if isinstance(left, p.Script) and left.sub else None
        if isinstance(target, p.Call):
            inner_head = function_head(target.fn)[0]
            if wrt_node is None and len(target.args) == 1:
                wrt_node = target.args[0]
            elif len(target.args) == 1:  # ∇_θ J(θ_{t+1}): the gradient taken at another point
                info = ctx.table.lookup(inner_head.name, inner_head.accent, None, None) \
                    if isinstance(inner_head, p.Ident) else None
                if info is not None and info.of:
                    check_evaluation_point(info, (build(target.args[0], ctx),), ctx, target)
            target = inner_head
        inner = build(target, ctx)
        if wrt_node is None and isinstance(inner, ir.Var):
            of = ctx.table.get(inner.key).of
            if of:
                return ir.Partial(inner, ir.Var(of))
        if wrt_node is None:
            raise ctx.error("∇ needs the variable: ∇_θ J or ∇J(θ)", node)
        return ir.Partial(inner, _wrt(wrt_node, ctx, build))
    return None


_SLASH_LEVEL = ("/", "⊙", "·", "×", "*")  # the explicit products that bind like '/' (left to right)


def _juxt_items(node: p.Node) -> list[p.Node | str]:
    if isinstance(node, p.Bin) and node.op in ("juxt", "@"):  # '@' binds like juxtaposition (dA/dZ @ dJ/dA)
        return _juxt_items(node.a) + [node.op] + _juxt_items(node.b)
    return [node]


def _slash_items(node: p.Node) -> list[p.Node | str]:
    """``a ⊙ ∂J/∂θ x`` as factors and operators: [a, ⊙, ∂, juxt, J, /, ∂, juxt, θ, juxt, x]."""
    if isinstance(node, p.Bin) and node.op in _SLASH_LEVEL:
        return _slash_items(node.a) + [node.op] + _juxt_items(node.b)
    return _juxt_items(node)


def _d_mark(node: Any, ctx: Context) -> bool:
    """∂ (or d, when the question has no symbol d) standing alone as a factor."""
    kind = _is_d(node) if isinstance(node, p.Node) else None
    return kind == "partial" or (kind == "d" and ctx.table.lookup("d", None, None, None) is None)


def slashed_derivatives(node: p.Bin, ctx: Context, build: Build) -> ir.Expr | None:
    """``∂J/∂W``, ``dJ/dθ`` and ``d/dx f`` written with a slash, read exactly like ``\\frac{\\partial J}{\\partial W}``.

    Juxtaposition binds tighter than '/', so ``∂A/∂Z ∂J/∂A`` parses as ∂A / (∂Z ∂J) / ∂A; here the factors are
    laid out flat, each ``∂u / ∂v`` becomes one derivative, and the rest is rebuilt with the usual precedence.
    None when the slash holds no derivative.
    """
    items = _slash_items(node)
    factors: list[Any] = items[0::2]
    ops: list[str] = items[1::2]  # type: ignore[assignment]
    found = False
    i = 0
    while i < len(factors):
        d = lambda k: k < len(factors) and _d_mark(factors[k], ctx)  # noqa: E731
        op = lambda k: ops[k] if k < len(ops) else ""  # noqa: E731
        if d(i) and op(i) == "juxt" and op(i + 1) == "/" and d(i + 2) and op(i + 2) == "juxt" and i + 3 < len(factors):
            built = _derivative(factors[i + 1], factors[i + 3], ctx, node, build)  # ∂u/∂v
            factors[i:i + 4] = [built]
            del ops[i:i + 3]
            found = True
        elif d(i) and op(i) == "/" and d(i + 1) and op(i + 1) == "juxt" and op(i + 2) == "juxt" and i + 3 < len(factors):
            while op(i + 3) == "/" and i + 4 < len(factors):  # d/dx 1/(1 + exp(-x)): the operator takes the quotient
                factors[i + 3] = p.Bin(pos=factors[i + 3].pos, op="/", a=factors[i + 3], b=factors.pop(i + 4))
                del ops[i + 3]
            built = _derivative(factors[i + 3], factors[i + 2], ctx, node, build)  # d/dx f
            factors[i:i + 4] = [built]
            del ops[i:i + 3]
            found = True
        i += 1
    if not found:
        return None
    values = [f if isinstance(f, ir.Expr) else build(f, ctx) for f in factors]
    # juxtaposition first (a product left open), then the explicit operators left to right
    groups: list[ir.Expr] = [values[0]]
    between: list[str] = []
    for op, value in zip(ops, values[1:]):
        if op in ("juxt", "@"):
            groups[-1] = ir.Mul("auto", groups[-1], value, "") if op == "juxt" else ir.Mul("matmul", groups[-1], value, op)
        else:
            groups.append(value)
            between.append(op)
    result = groups[0]
    for op, value in zip(between, groups[1:]):
        result = ir.Div(result, value) if op == "/" else ir.Mul(EXPLICIT[op], result, value, op)
    return result
