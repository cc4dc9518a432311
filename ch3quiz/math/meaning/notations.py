"""Notations that name a question's quantities in other words, read while building the IR: Andrew Ng's
``dZ^{[l]}`` (∂J/∂Z, the chapter's δ), code's ``nabla_b`` and ``grad_J``, a label in parentheses (``h(t-1)``),
and a lone ``x`` used as a times sign (``k_h x k_w``).

Each function takes the builder (``build.build``) as an argument, as ``derivatives`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ch3quiz.math.meaning import aliases, ir
from ch3quiz.math.meaning.symbols import SymbolError, canon, make_key, split_shift
from ch3quiz.math.read import tree as p

if TYPE_CHECKING:
    from ch3quiz.math.meaning.build import Context

Build = Callable[[p.Node, "Context"], ir.Expr]


def loss_derivative(node: p.Ident | p.Script, ctx: Context, build: Build) -> ir.Expr:
    """Andrew Ng's ``dZ^{[l]}``: ∂J/∂Z^{[l]} for the question's loss J (a product d·Z where d is a symbol)."""
    base = node.base if isinstance(node, p.Script) else node
    plain_base = p.Ident(base.pos, base.name)
    plain = replace(node, base=plain_base) if isinstance(node, p.Script) else plain_base
    bare_z = isinstance(node, p.Ident) and ctx.table.lookup("Z", None, None, None) is None
    if base.name == "Z" and (bare_z or not any(i.name == "Z" for i in ctx.table.declared.values())):
        named = _error_term(node, ctx, build)  # dZ with no Z it could mean: Ng's name for the error term
        if named is not None:
            return named
    wrt = build(plain, ctx)
    delta = _delta_for(wrt, ctx)
    if delta is not None:
        return delta
    d_symbol = ctx.table.lookup("d", None, None, None)
    if d_symbol is not None:
        return ir.Mul("auto", ir.Var(d_symbol.key), wrt, "")
    loss = aliases.loss(ctx.table)
    if loss is None:
        raise ctx.error(f"unknown symbol d{base.name}: the question has no loss to differentiate", node)
    if not isinstance(wrt, ir.Var):
        raise ctx.error("differentiate with respect to one symbol", node)
    return ir.Partial(ir.Var(loss.key), wrt)


# The chapter's names for Ng's dZ: δ for one sample, Δ for a batch (Ng's dZ^{[l]} stacks the samples' dz^{[l](i)}
# as columns, so his dW = (1/m) dZ A^T: the question's Δ, not ∂J/∂Z of the mean loss).
ERROR_TERMS = ("delta", "Delta")


def _error_term(node: p.Ident | p.Script, ctx: Context, build: Build) -> ir.Expr | None:
    """Ng's dZ (dZ^{[l]}) where the question has no Z: its error term δ or Δ, with the layer written."""
    for name in ERROR_TERMS:
        if not any(i.name == name for i in ctx.table.declared.values()):
            continue
        if isinstance(node, p.Ident):  # no layer: the member the answer uses
            bare = ctx.table.lookup(name, None, None, None)
            return ir.Var(bare.key) if bare is not None else None
        return build(replace(node, base=p.Ident(node.base.pos, name)), ctx)
    return None


def _delta_for(wrt: ir.Expr, ctx: Context) -> ir.Expr | None:
    """dZ^{[l]} is δ^{(l)} (Δ^{(l)} for a batch): the chapter's name for it, where the question has that family."""
    if not isinstance(wrt, ir.Var):
        return None
    info = ctx.table.get(wrt.key)
    if info.name != "Z" or info.accent is not None:
        return None
    for name in ERROR_TERMS:
        if any(i.name == name for i in ctx.table.declared.values()):
            found = ctx.table.lookup(name, None, info.sub, info.layer)
            return ir.Var(found.key) if found is not None else None
    return None


def gradient_name(node: p.Script, ctx: Context, build: Build) -> ir.Expr:
    """``nabla_b``, ``grad_J`` written as names: ∂J/∂b for the question's loss J, and ∇J itself."""
    loss = aliases.loss(ctx.table)
    if loss is None or node.sub is None or node.sub.node is None or node.sup is not None:
        raise ctx.error("write the gradient as ∇J(θ) or ∂J/∂θ", node)
    wrt = build(node.sub.node, ctx)
    if wrt == ir.Var(loss.key) and loss.of:
        return ir.Partial(wrt, ir.Var(loss.of))
    if not isinstance(wrt, ir.Var):
        raise ctx.error("differentiate with respect to one symbol", node)
    return ir.Partial(ir.Var(loss.key), wrt)


def indexed_symbol(head: p.Ident, args: tuple[p.Node, ...], ctx: Context, build: Build) -> ir.Expr | None:
    """``h(t-1)``, ``c(t)``, ``z(L)``: a declared symbol's label written in parentheses, as in many notes."""
    if len(args) != 1 or make_key(head.name, head.accent, None, None) in ctx.table.declared:
        return None
    label = canon(args[0])
    if "?" in label or not split_shift(label):
        return None
    try:
        return build(p.Script(head.pos, head, p.Sub(label, args[0]), None), ctx)
    except SymbolError:
        return None


def letter_x_for_times(node: p.Bin, ctx: Context, build: Build) -> ir.Expr | None:
    """``k_h x k_w``: a lone x between two factors, where the question has no symbol x, is a times sign."""
    left = node.a
    if isinstance(left, p.Bin) and left.op == "juxt" and isinstance(left.b, p.Ident) and left.b.name == "x" \
            and left.b.accent is None and ctx.table.lookup("x", None, None, None) is None:
        return ir.Mul("auto", build(left.a, ctx), build(node.b, ctx), "×")
    return None


def indexes_a_value(node: p.Script) -> bool:
    """``softmax(o)_j``, ``(W^T δ)_k``: a subscript on a call or a bracket is an entry of its (vector) value."""
    grouped = isinstance(node.base, p.Call) or isinstance(node.base, p.Delim) and node.base.kind in ("(", "[")
    return node.sub is not None and node.sup is None and grouped


def kronecker(node: p.Script, ctx: Context) -> ir.Expr | None:
    """``\\delta_{ij}`` where the question has no δ of its own: Kronecker's delta, 1 where i = j and 0 elsewhere
    (as in ∂p_i/∂o_j = p_i(δ_ij − p_j)). It is ∂v_i/∂v_j of the question's vectors, read only when they all have one
    size (so i and j run over it); with vectors of several sizes the range is not known, and δ_ij stays unknown."""
    letters = node.sub.text.replace(",", "").replace(" ", "") if node.sub is not None else ""
    if node.base.name != "delta" or node.base.accent or node.sup is not None or len(letters) != 2 \
            or not letters.isalpha() or any(info.name == "delta" for info in ctx.table):
        return None
    vectors = [info for info in ctx.table if info.shape[1] == "1" and not info.is_scalar and not info.node]
    if not vectors or len({info.shape for info in vectors}) != 1:
        return None
    v = ir.Var(vectors[0].key)
    return ir.Entry(ir.Partial(v, v), (letters[1], letters[0]))
