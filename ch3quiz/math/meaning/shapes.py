"""Shape inference with symbolic dimensions, and the resolution of ambiguous products.

A juxtaposition, ``·`` or ``×`` is a scaling when one side is a scalar, a
matrix product when the shapes chain, and an elementwise product when both
sides have one shape and a matrix product is impossible (the notes write
``·`` for ⊙). ``⊙`` and ASCII ``*`` are elementwise (or a scaling), ``@`` is the
matrix product. A shape error is itself a diagnosis, with the dimensions.

The inference dispatches through ``_HANDLERS``: one small function per IR node kind (products in ``products``).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ch3quiz.math.meaning import ir, products
from ch3quiz.math.meaning.reading import reading, shape_text, shape_text_zh
from ch3quiz.math.meaning.symbols import SCALAR, SET, Shape, SymbolTable
ELEMENTWISE = frozenset({"sigma", "tanh", "exp", "log", "relu", "sqrt", "abs", "floor", "ceil", "sin", "cos", "sign",
                         "logistic", "cosh", "sinh", "sech", "step"})


class ShapeError(Exception):
    """Shapes that do not fit, explained in both languages."""

    def __init__(self, message: str, message_zh: str, where: ir.Expr | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh
        self.where = where


@dataclass(frozen=True)
class Typed:
    expr: ir.Expr  # every product resolved
    shape: Shape  # the shape of the whole (stacked over free indices)
    free: tuple[str, ...]  # free entry indices, in output order
    ranges: Mapping[str, str]  # index -> the dimension it runs over


class _Inference:
    """The state of one inference: the index ranges seen, the sums around the node being read."""

    def __init__(self, table: SymbolTable, functions: Mapping[str, str]) -> None:
        self.table = table
        self.functions = functions
        self.ranges: dict[str, str] = {}
        self.summed: set[str] = set()
        self.bound: list[str] = []  # index sums around the node being read
        self.loose: set[str] = set()  # indices used outside every sum over them

    def read(self, e: ir.Expr) -> str:
        return reading(e, self.table)

    def fail(self, en: str, zh: str, where: ir.Expr) -> ShapeError:
        return ShapeError(en, zh, where)

    def infer(self, e: ir.Expr) -> tuple[ir.Expr, Shape]:
        handler = _HANDLERS.get(type(e))
        if handler is None:
            raise ShapeError(f"no shape for a {type(e).__name__}", f"无法确定 {type(e).__name__} 的形状", e)
        return handler(self, e)


# ---- one handler per node kind ---------------------------------------------------

def _const(inf: _Inference, e: ir.Const) -> tuple[ir.Expr, Shape]:
    return e, SCALAR


def _var(inf: _Inference, e: ir.Var) -> tuple[ir.Expr, Shape]:
    return e, inf.table.get(e.key).shape


def _nodevar(inf: _Inference, e: ir.NodeVar) -> tuple[ir.Expr, Shape]:
    return e, inf.table.get(e.key).shape


def _entry(inf: _Inference, e: ir.Entry) -> tuple[ir.Expr, Shape]:
    x, (r, c) = inf.infer(e.x)
    if len(e.index) == 1:
        if c == "1" and r != "1":
            dims = (r,)
        elif r == "1" and c != "1":
            dims = (c,)
        else:
            raise inf.fail(f"{inf.read(e)}: {inf.read(e.x)} is {shape_text((r, c))}, so it needs two indices",
                            f"{inf.read(e)}：{inf.read(e.x)} 是 {shape_text_zh((r, c))}，需要两个下标", e)
    else:
        if "1" in (r, c):
            raise inf.fail(f"{inf.read(e)}: {inf.read(e.x)} is a vector ({shape_text((r, c))}); it takes one index",
                            f"{inf.read(e)}：{inf.read(e.x)} 是向量（{shape_text_zh((r, c))}），只需要一个下标", e)
        dims = (r, c)
    for index, dim in zip(e.index, dims):
        if index in e.nodes:
            continue  # a graph node (Ã_{vu}): it runs over the nodes, neither free nor summed as an index
        if index not in inf.bound:
            inf.loose.add(index)
        have = inf.ranges.setdefault(index, dim)
        if have != dim:
            raise inf.fail(f"the index {index} runs over {have} in one place and over {dim} in {inf.read(e)}",
                            f"下标 {index} 在一处取值范围是 {have}，在 {inf.read(e)} 中却是 {dim}", e)
    return replace(e, x=x), SCALAR


def _add(inf: _Inference, e: ir.Add) -> tuple[ir.Expr, Shape]:
    typed = [inf.infer(t) for t in e.terms]
    shape = SCALAR
    for (_term, s), original in zip(typed, e.terms):
        if s == SET:
            raise inf.fail("a set of nodes cannot be added", "节点集合不能相加", original)
        if s == SCALAR:
            continue
        if shape != SCALAR and s != shape:
            raise inf.fail(
                f"{inf.read(e)}: terms of a sum must have one shape, but one is {shape_text(shape)} and "
                f"{inf.read(original)} is {shape_text(s)}",
                f"{inf.read(e)}：相加的各项形状必须相同，但一项是 {shape_text_zh(shape)}，"
                f"{inf.read(original)} 是 {shape_text_zh(s)}", e)
        shape = s
    return ir.Add(tuple(t for t, _ in typed)), shape


def _neg(inf: _Inference, e: ir.Neg) -> tuple[ir.Expr, Shape]:
    x, s = inf.infer(e.x)
    return ir.Neg(x), s


def _div(inf: _Inference, e: ir.Div) -> tuple[ir.Expr, Shape]:
    a, sa = inf.infer(e.a)
    b, sb = inf.infer(e.b)
    if sb == SCALAR or sa == sb:
        return ir.Div(a, b), sa
    if sa == SCALAR:  # 2/(e^{2c}+1): a scalar over each entry
        return ir.Div(a, b), sb
    raise inf.fail(f"{inf.read(e)}: cannot divide {shape_text(sa)} by {shape_text(sb)}; divide by a scalar",
                    f"{inf.read(e)}：不能用 {shape_text_zh(sb)} 去除 {shape_text_zh(sa)}；只能除以标量", e)


def _pow(inf: _Inference, e: ir.Pow) -> tuple[ir.Expr, Shape]:
    a, sa = inf.infer(e.a)
    b, sb = inf.infer(e.b)
    if sb != SCALAR:
        raise inf.fail(f"{inf.read(e)}: an exponent must be a scalar", f"{inf.read(e)}：指数必须是标量", e)
    if sa != SCALAR and sa[0] != sa[1] and "1" not in sa:
        raise inf.fail(f"{inf.read(e)}: {inf.read(e.a)} is {shape_text(sa)}; only a square matrix has powers",
                        f"{inf.read(e)}：{inf.read(e.a)} 是 {shape_text_zh(sa)}；只有方阵才有幂", e)
    return ir.Pow(a, b), sa


def _t(inf: _Inference, e: ir.T) -> tuple[ir.Expr, Shape]:
    x, s = inf.infer(e.x)
    return ir.T(x), (s[1], s[0])


def _apply(inf: _Inference, e: ir.Apply) -> tuple[ir.Expr, Shape]:
    typed = [inf.infer(a) for a in e.args]
    args = tuple(t for t, _ in typed)
    shapes = [s for _, s in typed]
    kind = inf.functions.get(e.fn, e.fn)
    out = replace(e, args=args)
    if e.fn in ("max", "min"):
        if len(args) != 2:
            raise inf.fail(f"{e.fn} takes two arguments here", f"{e.fn} 这里需要两个参数", e)
        big = [s for s in shapes if s != SCALAR]
        if len(set(big)) > 1:
            raise inf.fail(f"{inf.read(e)}: arguments of different shapes", f"{inf.read(e)}：参数形状不同", e)
        return out, big[0] if big else SCALAR
    if len(args) != 1:
        raise inf.fail(f"{inf.read(e)}: {e.fn} takes one argument", f"{inf.read(e)}：{e.fn} 只有一个参数", e)
    s = shapes[0]
    if kind in ELEMENTWISE or kind in ("elementwise", "logistic", "identity"):
        return out, s
    if kind == "softmax":
        if "1" not in s:
            raise inf.fail(f"{inf.read(e)}: softmax takes a vector, not {shape_text(s)}",
                            f"{inf.read(e)}：softmax 的参数应是向量，而不是 {shape_text_zh(s)}", e)
        return out, s
    if e.fn == "diag":
        if s[1] == "1" or s[0] == "1":
            n = s[0] if s[1] == "1" else s[1]
            return out, (n, n)
        if s[0] == s[1]:
            return out, (s[0], "1")
        raise inf.fail(f"{inf.read(e)}: diag takes a vector or a square matrix",
                        f"{inf.read(e)}：diag 的参数应是向量或方阵", e)
    if e.fn in ("norm", "sumall"):
        return out, SCALAR
    raise inf.fail(f"unknown function {e.fn}", f"未知函数 {e.fn}", e)


def _sumover(inf: _Inference, e: ir.SumOver) -> tuple[ir.Expr, Shape]:
    if e.domain is not None:
        domain, _ = inf.infer(e.domain)
        body, s = inf.infer(e.body)
        return ir.SumOver(e.var, domain, body), s
    inf.bound.append(e.var)
    try:
        body, s = inf.infer(e.body)
    finally:
        inf.bound.pop()
    if e.var not in inf.ranges:
        raise inf.fail(f"the sum over {e.var} does not say what {e.var} indexes (write entries like W_{{{e.var}j}})",
                        f"对 {e.var} 的求和没有说明 {e.var} 是哪个量的下标（请写成 W_{{{e.var}j}} 这样的分量）", e)
    inf.summed.add(e.var)
    return ir.SumOver(e.var, None, body), s


def _set(inf: _Inference, e: ir.Expr) -> tuple[ir.Expr, Shape]:
    return e, SET


def _card(inf: _Inference, e: ir.Card) -> tuple[ir.Expr, Shape]:
    return e, SCALAR


def _partial(inf: _Inference, e: ir.Partial) -> tuple[ir.Expr, Shape]:
    num, sn = inf.infer(e.num)
    den, sd = inf.infer(e.den)
    typed = ir.Partial(num, den)  # ∂(2J)/∂θ: the numerator's products resolved too
    if sn == SCALAR:
        return typed, sd
    if sd == SCALAR:
        return typed, sn
    if sn[1] == "1" and sd[1] == "1":
        return typed, (sd[0], sn[0])  # denominator layout: rows follow the denominator
    raise inf.fail(f"{inf.read(e)}: the derivative of {shape_text(sn)} by {shape_text(sd)} is not a matrix",
                    f"{inf.read(e)}：{shape_text_zh(sn)} 对 {shape_text_zh(sd)} 的导数不是矩阵", e)


def _deriv(inf: _Inference, e: ir.Deriv) -> tuple[ir.Expr, Shape]:
    x, s = inf.infer(e.x)
    return ir.Deriv(x, e.var), s


_HANDLERS: dict[type, Callable[[_Inference, Any], tuple[ir.Expr, Shape]]] = {
    ir.Const: _const, ir.Var: _var, ir.NodeVar: _nodevar, ir.Entry: _entry, ir.Add: _add, ir.Neg: _neg,
    ir.Mul: products.mul, ir.Div: _div, ir.Pow: _pow, ir.T: _t, ir.Apply: _apply, ir.SumOver: _sumover,
    ir.Neigh: _set, ir.Single: _set, ir.AllNodes: _set, ir.Union: _set, ir.Samples: _set, ir.Card: _card, ir.Partial: _partial, ir.Deriv: _deriv,
}


def infer(e: ir.Expr, table: SymbolTable, functions: Mapping[str, str]) -> Typed:
    """The shape of ``e`` with every product resolved; raises :class:`ShapeError`."""
    inference = _Inference(table, functions)
    expr, shape = inference.infer(e)
    clash = sorted(inference.loose & inference.summed)
    if clash:
        k = clash[0]
        raise ShapeError(f"the index {k} is summed over (∑_{k}) and also used outside that sum; "
                         f"use another letter for one of them",
                         f"下标 {k} 既是求和变量（∑_{k}），又在求和之外使用；请给其中之一换一个字母", e)
    free = tuple(sorted(set(inference.ranges) - inference.summed))
    if free:
        if shape != SCALAR:
            raise ShapeError("entry indices can only be free in a scalar expression (a component form); index every "
                             "term (θ_j − η ∂J/∂θ_j) or none (θ − η∇J(θ))",
                             "只有分量形式（标量表达式）中才能有自由下标；请给每一项都加下标（θ_j − η ∂J/∂θ_j），或都不加（θ − η∇J(θ)）", e)
        if len(free) > 2:
            raise ShapeError(f"too many free indices ({', '.join(free)}); keep at most two (_ij) and sum over the "
                             "others with ∑", f"自由下标太多（{', '.join(free)}）；最多保留两个（_ij），其余用 ∑ 求和", e)
        dims = [inference.ranges[i] for i in free]
        shape = (dims[0], "1") if len(dims) == 1 else (dims[0], dims[1])
    return Typed(expr, shape, free, dict(inference.ranges))
