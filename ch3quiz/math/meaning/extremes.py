"""The largest or smallest integer for which a comparison holds: ``\\max\\{m\\in\\mathbb{Z} : ms+k\\le n+2p\\}``.

Such a set is read by solving its condition for m, so it means a floor or a ceiling the rest of the checker
already knows: with the condition rewritten as ``m·c ≤ r``, the set is every integer up to r/c when c > 0, and
its largest element is ⌊r/c⌋ (with ``<``: ⌈r/c⌉ − 1); when c < 0 it is every integer from r/c up, and its
smallest element is ⌈r/c⌉ (with ``<``: ⌊r/c⌋ + 1). Whatever cannot be solved this way is refused, never guessed:
a condition that is not linear in m (``m^2 ≤ n``), a coefficient whose sign the question's symbols do not fix
(``ma ≤ b`` with a real a), or a max of a set that has none (every integer below a bound has no minimum).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.indicators import COMPARISONS
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.build import Context

Build = Callable[[p.Node, "Context"], ir.Expr]
Linear = tuple[ir.Expr | None, ir.Expr | None]  # (coefficient of m, the rest); None is 0
BOUND = "integer"  # how the set's variable is bound while its condition is read
_ONE = ir.Const(1.0)


class NotSolvable(Exception):
    """The condition cannot be solved for the set's variable by a linear rearrangement."""


def placeholder(var: str) -> ir.Var:
    """The set's variable inside its condition; gone from the meaning once the condition is solved."""
    return ir.Var(f"⟨{var}⟩")


def read(node: p.SetExtreme, ctx: Context, build: Build) -> ir.Expr:
    """``max{m ∈ ℤ : condition}`` (or min) as the floor or ceiling it equals."""
    condition = node.condition
    if not (isinstance(condition, p.Bin) and condition.op in COMPARISONS):
        raise ctx.error(f"the condition of {node.kind}{{…}} is a comparison, like ms + k ≤ n + 2p", condition)
    if node.var in ctx.bound:
        raise ctx.error(f"the variable {node.var} is already in use", node)
    larger, smaller = (condition.a, condition.b) if COMPARISONS[condition.op] > 0 else (condition.b, condition.a)
    ctx.bound[node.var] = BOUND
    try:
        key = placeholder(node.var).key
        (c_small, r_small), (c_large, r_large) = (linear(build(side, ctx), key) for side in (smaller, larger))
    except NotSolvable as exc:
        raise ctx.error(f"{node.kind}{{{node.var} ∈ ℤ : …}} is read when the condition is linear in "
                        f"{node.var}: {exc}", condition) from None
    finally:
        del ctx.bound[node.var]
    coefficient, rest = _minus(c_small, c_large), _minus(r_large, r_small)  # m·coefficient ≤ rest
    if coefficient is None:
        raise ctx.error(f"the condition does not depend on {node.var}", condition)
    return _solved(node, coefficient, rest or ir.Const(0.0), ctx)


def _solved(node: p.SetExtreme, coefficient: ir.Expr, rest: ir.Expr, ctx: Context) -> ir.Expr:
    sign = sign_of(coefficient, ctx)
    if sign is None:
        raise ctx.error(f"cannot tell the sign of {node.var}'s coefficient here, so not which way the set is "
                        "bounded", node.condition)
    bounded_above = sign > 0
    if (node.kind == "max") != bounded_above:
        raise ctx.error(f"this set has no {'largest' if node.kind == 'max' else 'smallest'} element: it goes on "
                        f"{'down' if bounded_above else 'up'} for ever", node)
    ratio = rest if coefficient == _ONE else ir.Div(rest, coefficient)
    strict = node.condition.op in (">", "<")  # type: ignore[attr-defined]
    if bounded_above:  # m ≤ ratio: ⌊ratio⌋; m < ratio: ⌈ratio⌉ − 1
        return ir.Add((ir.Apply("ceil", (ratio,)), ir.Neg(_ONE))) if strict else ir.Apply("floor", (ratio,))
    return ir.Add((ir.Apply("floor", (ratio,)), _ONE)) if strict else ir.Apply("ceil", (ratio,))


def linear(e: ir.Expr, key: str) -> Linear:
    """``e`` as coefficient·m + rest, read off its structure; raises NotSolvable when m is not a linear term."""
    if not any(isinstance(n, ir.Var) and n.key == key for n in ir.walk(e)):
        return None, e
    if isinstance(e, ir.Var):
        return _ONE, None
    if isinstance(e, ir.Add):
        parts = [linear(t, key) for t in e.terms]
        return _sum([c for c, _ in parts]), _sum([r for _, r in parts])
    if isinstance(e, ir.Neg):
        c, r = linear(e.x, key)
        return _neg(c), _neg(r)
    if isinstance(e, ir.Mul) and e.op in ("auto", "scale", "elem"):
        return _scaled(e, key)
    if isinstance(e, ir.Div) and not _mentions(e.b, key):
        c, r = linear(e.a, key)
        return (None if c is None else ir.Div(c, e.b)), (None if r is None else ir.Div(r, e.b))
    raise NotSolvable("it appears inside a function, a power or a denominator")


def _scaled(e: ir.Mul, key: str) -> Linear:
    if _mentions(e.a, key) and _mentions(e.b, key):
        raise NotSolvable("it multiplies itself")
    factor, inner = (e.b, e.a) if _mentions(e.a, key) else (e.a, e.b)
    c, r = linear(inner, key)
    scale = (lambda x: ir.Mul(e.op, factor, x, e.written) if x is not None else None)
    return (factor if c == _ONE else scale(c)), scale(r)


def _mentions(e: ir.Expr, key: str) -> bool:
    return any(isinstance(n, ir.Var) and n.key == key for n in ir.walk(e))


def _sum(parts: list[ir.Expr | None]) -> ir.Expr | None:
    present = [x for x in parts if x is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else ir.Add(tuple(present))


def _neg(e: ir.Expr | None) -> ir.Expr | None:
    return None if e is None else (e.x if isinstance(e, ir.Neg) else ir.Neg(e))


def _minus(a: ir.Expr | None, b: ir.Expr | None) -> ir.Expr | None:
    if b is None:
        return a
    terms = (a.terms if isinstance(a, ir.Add) else (a,)) if a is not None else ()
    return _sum([*terms, _neg(b)])


def sign_of(e: ir.Expr, ctx: Context) -> int | None:
    """+1 or −1 when the question's symbols fix the sign of ``e`` at every draw, else None."""
    if isinstance(e, ir.Const):
        return (e.value > 0) - (e.value < 0) or None
    if isinstance(e, ir.Var):
        return 1 if _positive_symbol(ctx, e.key) else None
    if isinstance(e, ir.Neg):
        inner = sign_of(e.x, ctx)
        return None if inner is None else -inner
    if isinstance(e, (ir.Mul, ir.Div)):
        a, b = (e.a, e.b)
        sa, sb = sign_of(a, ctx), sign_of(b, ctx)
        return None if sa is None or sb is None else sa * sb
    if isinstance(e, ir.Add):
        signs = {sign_of(t, ctx) for t in e.terms}
        return signs.pop() if len(signs) == 1 else None
    return None


def _positive_symbol(ctx: Context, key: str) -> bool:
    try:
        info = ctx.table.get(key)
    except KeyError:
        return False
    if not info.is_scalar:
        return False
    return info.kind in ("positive", "probability") or (info.kind == "integer" and info.lo is not None and info.lo > 0)
