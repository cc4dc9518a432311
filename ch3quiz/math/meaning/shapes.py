"""Shape inference with symbolic dimensions, and the resolution of ambiguous products.

A juxtaposition, ``·`` or ``×`` is a scaling when one side is a scalar, a
matrix product when the shapes chain, and an elementwise product when both
sides have one shape and a matrix product is impossible (the notes write
``·`` for ⊙). ``⊙`` and ASCII ``*`` are elementwise (or a scaling), ``@`` is the
matrix product. A shape error is itself a diagnosis, with the dimensions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.reading import reading, shape_text, shape_text_zh
from ch3quiz.math.meaning.symbols import SCALAR, Shape, SymbolTable

SET: Shape = ("set", "set")
ELEMENTWISE = frozenset({"sigma", "tanh", "exp", "log", "relu", "sqrt", "abs", "floor", "ceil", "sin", "cos", "sign",
                         "logistic", "cosh", "sinh", "sech"})


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
        method = getattr(self, "_" + type(e).__name__.lower())
        return method(e)

    def _const(self, e: ir.Const) -> tuple[ir.Expr, Shape]:
        return e, SCALAR

    def _var(self, e: ir.Var) -> tuple[ir.Expr, Shape]:
        return e, self.table.get(e.key).shape

    def _nodevar(self, e: ir.NodeVar) -> tuple[ir.Expr, Shape]:
        return e, self.table.get(e.key).shape

    def _entry(self, e: ir.Entry) -> tuple[ir.Expr, Shape]:
        x, (r, c) = self.infer(e.x)
        if len(e.index) == 1:
            if c == "1" and r != "1":
                dims = (r,)
            elif r == "1" and c != "1":
                dims = (c,)
            else:
                raise self.fail(f"{self.read(e)}: {self.read(e.x)} is {shape_text((r, c))}, so it needs two indices",
                                f"{self.read(e)}：{self.read(e.x)} 是 {shape_text_zh((r, c))}，需要两个下标", e)
        else:
            if "1" in (r, c):
                raise self.fail(f"{self.read(e)}: {self.read(e.x)} is a vector ({shape_text((r, c))}); it takes one index",
                                f"{self.read(e)}：{self.read(e.x)} 是向量（{shape_text_zh((r, c))}），只需要一个下标", e)
            dims = (r, c)
        for index, dim in zip(e.index, dims):
            if index not in self.bound:
                self.loose.add(index)
            have = self.ranges.setdefault(index, dim)
            if have != dim:
                raise self.fail(f"the index {index} runs over {have} in one place and over {dim} in {self.read(e)}",
                                f"下标 {index} 在一处取值范围是 {have}，在 {self.read(e)} 中却是 {dim}", e)
        return replace(e, x=x), SCALAR

    def _add(self, e: ir.Add) -> tuple[ir.Expr, Shape]:
        typed = [self.infer(t) for t in e.terms]
        shape = SCALAR
        for (_term, s), original in zip(typed, e.terms):
            if s == SET:
                raise self.fail("a set of nodes cannot be added", "节点集合不能相加", original)
            if s == SCALAR:
                continue
            if shape != SCALAR and s != shape:
                raise self.fail(
                    f"{self.read(e)}: terms of a sum must have one shape, but one is {shape_text(shape)} and "
                    f"{self.read(original)} is {shape_text(s)}",
                    f"{self.read(e)}：相加的各项形状必须相同，但一项是 {shape_text_zh(shape)}，"
                    f"{self.read(original)} 是 {shape_text_zh(s)}", e)
            shape = s
        return ir.Add(tuple(t for t, _ in typed)), shape

    def _neg(self, e: ir.Neg) -> tuple[ir.Expr, Shape]:
        x, s = self.infer(e.x)
        return ir.Neg(x), s

    def _mul(self, e: ir.Mul) -> tuple[ir.Expr, Shape]:
        if e.op == "auto":
            factors = _chain(e)
            if len(factors) > 2:
                return self._chain_product(e, factors)
        return self._mul2(e)

    def _chain_product(self, e: ir.Mul, factors: list[ir.Expr]) -> tuple[ir.Expr, Shape]:
        """An open product a b c: left to right if the shapes allow, else the grouping that fits (σ′(z) Wᵀδ)."""
        typed = [self.infer(f) for f in factors]
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
            return self._mul2(e)  # report the left-to-right error
        return found

    def _mul2(self, e: ir.Mul) -> tuple[ir.Expr, Shape]:
        a, sa = self.infer(e.a)
        b, sb = self.infer(e.b)
        if SET in (sa, sb):
            raise self.fail("a set of nodes cannot be multiplied; did you mean its size |N(v)|?",
                            "节点集合不能相乘；是否想写它的大小 |N(v)|？", e)
        if sa == SCALAR or sb == SCALAR:
            return ir.Mul("scale", a, b, e.written), sb if sa == SCALAR else sa
        chains, same = sa[1] == sb[0], sa == sb
        if e.op == "matmul" or (e.op == "auto" and chains):
            if chains:
                return ir.Mul("matmul", a, b, e.written), (sa[0], sb[1])
        elif same:
            return ir.Mul("hadamard", a, b, e.written), sa
        raise self._product_error(e, sa, sb)

    def _product_error(self, e: ir.Mul, sa: Shape, sb: Shape) -> ShapeError:
        left, right, whole = self.read(e.a), self.read(e.b), self.read(e)
        facts = f"{left} is {shape_text(sa)} and {right} is {shape_text(sb)}"
        facts_zh = f"{left} 是 {shape_text_zh(sa)}，{right} 是 {shape_text_zh(sb)}"
        if e.op == "elem":
            return self.fail(f"{whole}: {facts}; an elementwise product needs equal shapes",
                             f"{whole}：{facts_zh}；逐元素积要求形状相同", e)
        if e.op == "matmul":
            return self.fail(f"{whole}: {facts}; a matrix product needs the inner sizes to agree ({sa[1]} ≠ {sb[0]})",
                             f"{whole}：{facts_zh}；矩阵乘法要求内侧维度相同（{sa[1]} ≠ {sb[0]}）", e)
        return self.fail(
            f"{whole}: {facts}; a matrix product needs the inner sizes to agree ({sa[1]} ≠ {sb[0]}) "
            "and an elementwise product needs equal shapes",
            f"{whole}：{facts_zh}；矩阵乘法要求内侧维度相同（{sa[1]} ≠ {sb[0]}），逐元素积要求形状相同", e)

    def _div(self, e: ir.Div) -> tuple[ir.Expr, Shape]:
        a, sa = self.infer(e.a)
        b, sb = self.infer(e.b)
        if sb == SCALAR or sa == sb:
            return ir.Div(a, b), sa
        if sa == SCALAR:  # 2/(e^{2c}+1): a scalar over each entry
            return ir.Div(a, b), sb
        raise self.fail(f"{self.read(e)}: cannot divide {shape_text(sa)} by {shape_text(sb)}; divide by a scalar",
                        f"{self.read(e)}：不能用 {shape_text_zh(sb)} 去除 {shape_text_zh(sa)}；只能除以标量", e)

    def _pow(self, e: ir.Pow) -> tuple[ir.Expr, Shape]:
        a, sa = self.infer(e.a)
        b, sb = self.infer(e.b)
        if sb != SCALAR:
            raise self.fail(f"{self.read(e)}: an exponent must be a scalar", f"{self.read(e)}：指数必须是标量", e)
        if sa != SCALAR and sa[0] != sa[1] and "1" not in sa:
            raise self.fail(f"{self.read(e)}: {self.read(e.a)} is {shape_text(sa)}; only a square matrix has powers",
                            f"{self.read(e)}：{self.read(e.a)} 是 {shape_text_zh(sa)}；只有方阵才有幂", e)
        return ir.Pow(a, b), sa

    def _t(self, e: ir.T) -> tuple[ir.Expr, Shape]:
        x, s = self.infer(e.x)
        return ir.T(x), (s[1], s[0])

    def _apply(self, e: ir.Apply) -> tuple[ir.Expr, Shape]:
        typed = [self.infer(a) for a in e.args]
        args = tuple(t for t, _ in typed)
        shapes = [s for _, s in typed]
        kind = self.functions.get(e.fn, e.fn)
        out = replace(e, args=args)
        if e.fn in ("max", "min"):
            if len(args) != 2:
                raise self.fail(f"{e.fn} takes two arguments here", f"{e.fn} 这里需要两个参数", e)
            big = [s for s in shapes if s != SCALAR]
            if len(set(big)) > 1:
                raise self.fail(f"{self.read(e)}: arguments of different shapes", f"{self.read(e)}：参数形状不同", e)
            return out, big[0] if big else SCALAR
        if len(args) != 1:
            raise self.fail(f"{self.read(e)}: {e.fn} takes one argument", f"{self.read(e)}：{e.fn} 只有一个参数", e)
        s = shapes[0]
        if kind in ELEMENTWISE or kind in ("elementwise", "logistic", "identity"):
            return out, s
        if kind == "softmax":
            if "1" not in s:
                raise self.fail(f"{self.read(e)}: softmax takes a vector, not {shape_text(s)}",
                                f"{self.read(e)}：softmax 的参数应是向量，而不是 {shape_text_zh(s)}", e)
            return out, s
        if e.fn == "diag":
            if s[1] == "1" or s[0] == "1":
                n = s[0] if s[1] == "1" else s[1]
                return out, (n, n)
            if s[0] == s[1]:
                return out, (s[0], "1")
            raise self.fail(f"{self.read(e)}: diag takes a vector or a square matrix",
                            f"{self.read(e)}：diag 的参数应是向量或方阵", e)
        if e.fn in ("norm", "sumall"):
            return out, SCALAR
        raise self.fail(f"unknown function {e.fn}", f"未知函数 {e.fn}", e)

    def _sumover(self, e: ir.SumOver) -> tuple[ir.Expr, Shape]:
        if e.domain is not None:
            domain, _ = self.infer(e.domain)
            body, s = self.infer(e.body)
            return ir.SumOver(e.var, domain, body), s
        self.bound.append(e.var)
        try:
            body, s = self.infer(e.body)
        finally:
            self.bound.pop()
        if e.var not in self.ranges:
            raise self.fail(f"the sum over {e.var} does not say what {e.var} indexes (write entries like W_{{{e.var}j}})",
                            f"对 {e.var} 的求和没有说明 {e.var} 是哪个量的下标（请写成 W_{{{e.var}j}} 这样的分量）", e)
        self.summed.add(e.var)
        return ir.SumOver(e.var, None, body), s

    def _neigh(self, e: ir.Expr) -> tuple[ir.Expr, Shape]:
        return e, SET

    _single = _neigh

    def _union(self, e: ir.Union) -> tuple[ir.Expr, Shape]:
        return e, SET

    def _card(self, e: ir.Card) -> tuple[ir.Expr, Shape]:
        return e, SCALAR

    def _partial(self, e: ir.Partial) -> tuple[ir.Expr, Shape]:
        num, sn = self.infer(e.num)
        den, sd = self.infer(e.den)
        typed = ir.Partial(num, den)  # ∂(2J)/∂θ: the numerator's products resolved too
        if sn == SCALAR:
            return typed, sd
        if sd == SCALAR:
            return typed, sn
        if sn[1] == "1" and sd[1] == "1":
            return typed, (sd[0], sn[0])  # denominator layout: rows follow the denominator
        raise self.fail(f"{self.read(e)}: the derivative of {shape_text(sn)} by {shape_text(sd)} is not a matrix",
                        f"{self.read(e)}：{shape_text_zh(sn)} 对 {shape_text_zh(sd)} 的导数不是矩阵", e)

    def _deriv(self, e: ir.Deriv) -> tuple[ir.Expr, Shape]:
        x, s = self.infer(e.x)
        return ir.Deriv(x, e.var), s


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
            raise ShapeError("entry indices can only be free in a scalar expression (a component form)",
                             "只有分量形式（标量表达式）中才能有自由下标", e)
        if len(free) > 2:
            raise ShapeError(f"too many free indices ({', '.join(free)})", f"自由下标太多（{', '.join(free)}）", e)
        dims = [inference.ranges[i] for i in free]
        shape = (dims[0], "1") if len(dims) == 1 else (dims[0], dims[1])
    return Typed(expr, shape, free, dict(inference.ranges))


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
