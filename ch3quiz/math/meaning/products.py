"""Products and their meaning: a juxtaposition, ``·`` or ``×`` is a scaling, a matrix product or an
elementwise product, decided by the shapes; an open chain ``a b c`` takes the grouping that fits.

The handler takes the shape inference (``shapes._Inference``) as its first argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import shape_text, shape_text_zh
from ch3quiz.math.meaning.symbols import SCALAR, SET, Shape

if TYPE_CHECKING:
    from ch3quiz.math.meaning.shapes import ShapeError, _Inference


def mul(inf: _Inference, e: ir.Mul) -> tuple[ir.Expr, Shape]:
    if e.op == "auto":
        factors = _chain(e)
        if len(factors) > 2:
            return _chain_product(inf, e, factors)
    return _mul2(inf, e)


def _chain_product(inf: _Inference, e: ir.Mul, factors: list[ir.Expr]) -> tuple[ir.Expr, Shape]:
    """An open product a b c: left to right if the shapes allow, else the grouping that fits (σ′(z) Wᵀδ)."""
    typed = [inf.infer(f) for f in factors]
    memo: dict[tuple[int, int], tuple[ir.Expr, Shape] | None] = {}

    def best(i: int, j: int) -> tuple[ir.Expr, Shape] | None:
        if j - i == 1:
            return typed[i]
        if (i, j) not in memo:
            memo[(i, j)] = None
            for k in range(j - 1, i, -1):  # left-associative first
                left, right = best(i, k), best(k, j)
                if left is None or right is None:
                    continue
                joined = _join(left, right, e.written)
                if joined is not None:
                    memo[(i, j)] = joined
                    break
        return memo[(i, j)]

    found = best(0, len(factors)) if len(factors) <= 8 else None
    if found is None:
        return _mul2(inf, e)  # report the left-to-right error
    return found


def _mul2(inf: _Inference, e: ir.Mul) -> tuple[ir.Expr, Shape]:
    a, sa = inf.infer(e.a)
    b, sb = inf.infer(e.b)
    if SET in (sa, sb):
        raise inf.fail("a set of nodes cannot be multiplied; did you mean its size |N(v)|?",
                        "节点集合不能相乘；是否想写它的大小 |N(v)|？", e)
    if sa == SCALAR or sb == SCALAR:
        return ir.Mul("scale", a, b, e.written), sb if sa == SCALAR else sa
    chains, same = sa[1] == sb[0], sa == sb
    if e.op == "matmul" or (e.op == "auto" and chains):
        if chains:
            return ir.Mul("matmul", a, b, e.written), (sa[0], sb[1])
    elif same:
        return ir.Mul("hadamard", a, b, e.written), sa
    raise _product_error(inf, e, sa, sb)


def _product_error(inf: _Inference, e: ir.Mul, sa: Shape, sb: Shape) -> ShapeError:
    left, right, whole = inf.read(e.a), inf.read(e.b), inf.read(e)
    facts = f"{left} is {shape_text(sa)} and {right} is {shape_text(sb)}"
    facts_zh = f"{left} 是 {shape_text_zh(sa)}，{right} 是 {shape_text_zh(sb)}"
    if e.op == "elem":
        return inf.fail(f"{whole}: {facts}; an elementwise product needs equal shapes",
                         f"{whole}：{facts_zh}；逐元素积要求形状相同", e)
    if e.op == "matmul":
        return inf.fail(f"{whole}: {facts}; a matrix product needs the inner sizes to agree ({sa[1]} ≠ {sb[0]})",
                         f"{whole}：{facts_zh}；矩阵乘法要求内侧维度相同（{sa[1]} ≠ {sb[0]}）", e)
    return inf.fail(
        f"{whole}: {facts}; a matrix product needs the inner sizes to agree ({sa[1]} ≠ {sb[0]}) "
        "and an elementwise product needs equal shapes",
        f"{whole}：{facts_zh}；矩阵乘法要求内侧维度相同（{sa[1]} ≠ {sb[0]}），逐元素积要求形状相同", e)


def _chain(e: ir.Expr) -> list[ir.Expr]:
    if isinstance(e, ir.Mul) and e.op == "auto":
        return _chain(e.a) + _chain(e.b)
    return [e]


def _join(left: tuple[ir.Expr, Shape], right: tuple[ir.Expr, Shape], written: str) -> tuple[ir.Expr, Shape] | None:
    (a, sa), (b, sb) = left, right
    if SET in (sa, sb):
        return None
    if sa == SCALAR or sb == SCALAR:
        return ir.Mul("scale", a, b, written), sb if sa == SCALAR else sa
    if sa[1] == sb[0]:
        return ir.Mul("matmul", a, b, written), (sa[0], sb[1])
    if sa == sb:
        return ir.Mul("hadamard", a, b, written), sa
    return None
