"""Index sums written with their range: the bounds are checked against the dimension the index runs over
(``\\sum_{k=1}^{n_{l-1}} W^{(l)}_{jk} A^{(l-1)}_k``: k numbers the n_{l-1} columns of W^{(l)}), and a sum
that leaves one index out (``\\sum_{i\\neq k}``) is the whole sum less that term.

A wrong bound is a named mistake (:class:`BoundError`), never silently dropped.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Callable
from typing import TYPE_CHECKING

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.symbols import SymbolError, canon, canon_dim
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.build import Context


class BoundError(SymbolError):
    """A sum whose written range is not the range of its index: a wrong answer, not an unreadable one."""

    def __init__(self, message: str, message_zh: str, text: str, pos: int) -> None:
        super().__init__(message, text, pos)
        self.message_zh = message_zh


def _indexed_dims(var: str, body: ir.Expr, ctx: Context) -> dict[str, str]:
    """The dimensions ``var`` runs over in ``body``'s entries, each with the symbol it indexes."""
    found: dict[str, str] = {}
    for node in ir.walk(body):
        if not (isinstance(node, ir.Entry) and isinstance(node.x, ir.Var) and var in node.index):
            continue
        rows, cols = ctx.table.get(node.x.key).shape
        if len(node.index) == 2:
            dim = (rows, cols)[node.index.index(var)]
        else:
            dim = rows if cols == "1" else cols if rows == "1" else ""
        if dim:
            found.setdefault(dim, node.x.key.replace("{", "").replace("}", ""))
    return found


def _dimensions(ctx: Context) -> set[str]:
    return {dim for info in ctx.table for dim in info.shape}


def check_bounds(summed: ir.SumOver, lower: p.Node | None, upper: p.Node | None, ctx: Context, where: p.Node) -> None:
    """Raise :class:`BoundError` when ``\\sum_{k=lower}^{upper}`` does not run over what k indexes."""
    if lower is None and upper is None:
        return
    dims = _indexed_dims(summed.var, summed.body, ctx)
    low, high = canon(lower) if lower is not None else "1", canon(upper) if upper is not None else ""
    if not dims or "?" in low + high:
        return  # nothing to compare the range with (or a range written in a way not read here)
    high = canon_dim(high) if high else ""
    if low == "1" and (not high or high in dims):
        return
    if high and high not in _dimensions(ctx):
        return  # a bound named otherwise (\sum_{j=1}^{n}): not one of the question's sizes, not judged
    dim, name = next(iter(dims.items()))
    var = summed.var
    shown = f"{low}..{high}" if high else f"from {low}"
    raise BoundError(
        f"the sum over {var} runs {shown}, but {var} numbers the {dim} entries of {name} (∑ from {var}=1 to {dim})",
        f"求和下标 {var} 的范围写成了 {shown}，但 {var} 编号的是 {name} 的 {dim} 个分量（应从 {var}=1 到 {dim}）",
        ctx.text, where.pos)


def excluding(summed: ir.SumOver, left_out: str) -> ir.Expr:
    """∑_{i≠k} body = ∑_i body − body with i := k."""
    return ir.Add((summed, ir.Neg(_rename(summed.body, summed.var, left_out))))


def _rename(e: ir.Expr, old: str, new: str) -> ir.Expr:
    if isinstance(e, ir.Entry):
        return replace(e, x=_rename(e.x, old, new), index=tuple(new if i == old else i for i in e.index))
    if isinstance(e, ir.SumOver) and e.var == old:
        return e
    return ir.map_children(e, lambda child: _rename(child, old, new))


def over_inputs(var: str, node: p.BigOp, ctx: Context, build: Callable[[p.Node, Context], ir.Expr]) -> ir.Expr | None:
    """Nielsen's ``\\sum_x``: a sum over the training inputs when x is a per-input symbol (``sample: n``), not an
    index. The body keeps x (and y, z, a) as symbols; each input gets its own values when it is evaluated."""
    info = ctx.table.lookup(var, None, None, None)
    if info is None or info.sample is None:
        return None
    return ir.SumOver(var, ir.Samples(info.sample), build(node.body, ctx))
