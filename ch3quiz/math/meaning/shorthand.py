"""The textbook's shorthand σ for σ(x): ``σ′ = σ(1 − σ)``.

A function's bare name written as a value stands for the function at the one argument the question's model
gives it (σ at x in the sigmoid question); where the model applies it to several arguments (σ(Z⁽ᴸ⁾) and
σ(Z⁽ᴸ⁻¹⁾)) or to none, the name still needs its argument. ``σ(1 − σ)`` with such a bare σ inside is then the
product σ·(1 − σ), never σ applied to 1 − σ, a function of its own value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.derivatives import at_its_argument
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.context import Context


def bare_function(node: p.Ident, ctx: Context) -> ir.Expr:
    """σ written alone: σ at its one argument in the model; without one, an error saying what to write."""
    value = at_its_argument(node, ctx)
    if value is None:
        raise ctx.error(f"the function {node.name} needs an argument, like {node.name}(x)", node)
    return value


def shorthand_product(node: p.Call, ctx: Context, build: Callable[[p.Node, Context], ir.Expr]) -> ir.Expr | None:
    """``σ(1 − σ)`` with a bare σ in the brackets: the product σ·(1 − σ); None for any other call."""
    head = node.fn
    if not (isinstance(head, p.Ident) and len(node.args) == 1 and _bare_inside(head, node.args[0])):
        return None
    if at_its_argument(head, ctx) is None:
        return None
    return build(p.Bin(pos=node.pos, op="·", a=head, b=p.Delim(pos=node.args[0].pos, kind="(", x=node.args[0])), ctx)


def _bare_inside(head: p.Ident, arg: p.Node) -> bool:
    """Whether ``arg`` has ``head``'s name standing alone, not applied (σ in 1 − σ, not in 1 − σ(z))."""
    applied = {id(part) for call in p.walk(arg) if isinstance(call, p.Call) for part in p.walk(call.fn)}
    return any(isinstance(n, p.Ident) and n.name == head.name and n.accent == head.accent and id(n) not in applied
               for n in p.walk(arg))
