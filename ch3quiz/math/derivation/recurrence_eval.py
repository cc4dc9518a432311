"""Values of syntax trees in one draw of an unrolled recurrence (see ``recurrence.py``).

Walks the reader's tree: symbols are looked up in the draw (a time subscript such as ``i-1`` is computed from
the steps bound now), ``∂x/∂y`` of two time-indexed vectors is the numerator-layout Jacobian of the unrolled
map, ``\\prod_{i=a}^{b}`` multiplies its factors with the largest ``i`` on the left, and an open product
(juxtaposition, ``·``, ``×``, ``*``) is a scaling, a matrix product when the shapes chain, else elementwise.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ch3quiz.math.derivation.recurrence import (
    MAX_GAP, Draw, NotInModel, Recurrence, jacobian, probe_jacobian, symbol_key)
from ch3quiz.math.read import tree as T

_STEP = re.compile(r"^([a-z])([+-]\d+)?$")
_OPEN = {"juxt", "·", "×", "*"}
DERIVATIVE_MARKS = {"partial", "d", "∂"}


def _tanh_prime(x: Any) -> Any:
    return 1 - np.tanh(x) ** 2


def _sigma(x: Any) -> Any:
    return 1 / (1 + np.exp(-x))


_FUNCTIONS = {"tanh": np.tanh, "sigma": _sigma, "sigmoid": _sigma, "exp": np.exp}
_DERIVATIVES = {"tanh": _tanh_prime, "sigma": lambda x: _sigma(x) * (1 - _sigma(x))}
_DERIVATIVES["sigmoid"] = _DERIVATIVES["sigma"]


def _scalar(v: Any) -> bool:
    return np.ndim(v) == 0 or np.shape(v) == (1, 1)


def _shape_error(a: Any, b: Any) -> NotInModel:
    return NotInModel(f"the shapes do not fit: {np.shape(a)[0]}×{np.shape(a)[1]} by {np.shape(b)[0]}×{np.shape(b)[1]}",
                      f"维度不匹配：{np.shape(a)[0]}×{np.shape(a)[1]} 与 {np.shape(b)[0]}×{np.shape(b)[1]}", wrong=True)


def _open_product(a: Any, b: Any) -> Any:
    if _scalar(a) or _scalar(b):
        return a * b
    if a.shape[1] == b.shape[0]:
        return a @ b
    if a.shape == b.shape:  # the notes write · for ⊙
        return a * b
    raise _shape_error(a, b)


def _matrix_product(a: Any, b: Any) -> Any:
    if _scalar(a) or _scalar(b) or a.shape[1] != b.shape[0]:
        raise _shape_error(a if np.ndim(a) else np.zeros((1, 1)), b if np.ndim(b) else np.zeros((1, 1)))
    return a @ b


def _elementwise(a: Any, b: Any) -> Any:
    if not (_scalar(a) or _scalar(b)) and a.shape != b.shape:
        raise _shape_error(a, b)
    return a * b


def _sum(a: Any, b: Any) -> Any:
    if not (_scalar(a) or _scalar(b)) and np.shape(a) != np.shape(b):  # 1 − h_i²: the 1 is every entry
        raise _shape_error(np.atleast_2d(a), np.atleast_2d(b))
    return a + b


def _divide(a: Any, b: Any) -> Any:
    if not _scalar(b):
        raise NotInModel("only a division by a number can be read here", "这里只能除以一个数")
    return a / b


_BINARY = {"juxt": _open_product, "·": _open_product, "×": _open_product, "*": _open_product, "@": _matrix_product,
           "⊙": _elementwise, "∘": _elementwise, "+": _sum, "-": lambda a, b: _sum(a, -b), "/": _divide}


_SLASH_LEVEL = ("/", "⊙", "·", "×", "*")  # the explicit products that bind like '/' (left to right)


def _juxt_items(node: T.Node) -> list[Any]:
    if isinstance(node, T.Bin) and node.op in ("juxt", "@"):  # '@' binds like juxtaposition
        return _juxt_items(node.a) + [node.op] + _juxt_items(node.b)
    return [node]


def _slash_items(node: T.Node) -> list[Any]:
    """``∂h_t/∂h_{t-1} ∂h_{t-1}/∂h_k`` as factors and operators: [∂, juxt, h_t, /, ∂, juxt, h_{t-1}, juxt, ∂, …]."""
    if isinstance(node, T.Bin) and node.op in _SLASH_LEVEL:
        return _slash_items(node.a) + [node.op] + _juxt_items(node.b)
    return _juxt_items(node)


def _mark(node: Any) -> bool:
    return isinstance(node, T.Ident) and node.accent is None and node.name in DERIVATIVE_MARKS


def regroup_slashes(node: T.Bin) -> T.Node | None:
    """Juxtaposition binds tighter than '/', so ``∂h_t/∂h_{t-1} ∂h_{t-1}/∂h_k`` parses as ∂h_t / (∂h_{t-1} ∂h_{t-1})
    / ∂h_k: the factors laid flat, each ``∂u / ∂v`` made one fraction, and the rest rebuilt (juxtaposition and
    ``@`` first, then the explicit operators left to right). None when the slashes hold no derivative."""
    items = _slash_items(node)
    factors, ops = items[0::2], items[1::2]
    found, i = False, 0
    while i + 3 < len(factors):
        if _mark(factors[i]) and ops[i] == "juxt" and ops[i + 1] == "/" and _mark(factors[i + 2]) and ops[i + 2] == "juxt":
            d = factors[i]
            factors[i:i + 4] = [T.Frac(pos=d.pos, num=T.Bin(pos=d.pos, op="juxt", a=d, b=factors[i + 1]),
                                       den=T.Bin(pos=d.pos, op="juxt", a=factors[i + 2], b=factors[i + 3]))]
            del ops[i:i + 3]
            found = True
        i += 1
    if not found:
        return None
    groups, between = [factors[0]], []
    for op, factor in zip(ops, factors[1:], strict=True):
        if op in ("juxt", "@"):
            groups[-1] = T.Bin(pos=factor.pos, op=op, a=groups[-1], b=factor)
        else:
            groups.append(factor)
            between.append(op)
    result = groups[0]
    for op, group in zip(between, groups[1:], strict=True):
        result = T.Bin(pos=group.pos, op=op, a=result, b=group)
    return result


def _family_key(rec: Recurrence, node: T.Node) -> tuple[str, str]:
    base, sub = symbol_key(node)
    if base not in rec.families or not sub:
        raise NotInModel("only derivatives by the time-indexed vectors can be read here",
                         "这里只能读取对按时间编号的向量的导数")
    return base, sub


class Evaluator:
    """The value of a tree in one draw, with some step indices bound (``i`` while a line is checked at step i)."""

    def __init__(self, rec: Recurrence, d: Draw, bound: dict[str, int]) -> None:
        self.rec, self.d = rec, d
        self.bound = {"t": d.t, "k": d.k, **bound}

    def value(self, node: T.Node) -> Any:
        handler = getattr(self, f"_{type(node).__name__.lower()}", None)
        if handler is None:
            raise NotInModel(f"{type(node).__name__} cannot be read in this recurrence", "这个写法在本题的递推中无法读取")
        return handler(node)

    def _num(self, node: T.Num) -> Any:
        return float(node.text)

    def _delim(self, node: T.Delim) -> Any:
        if node.kind not in ("(", "["):
            raise NotInModel(f"{node.kind}…{node.kind} cannot be read in this recurrence", "这种括号在本题中无法读取")
        return self.value(node.x)

    def _neg(self, node: T.Neg) -> Any:
        return -self.value(node.x)

    def _postfix(self, node: T.Postfix) -> Any:
        if node.op != "T":
            raise NotInModel("a prime needs a function and its argument: tanh'(a_i)", "导数记号需写成 tanh'(a_i)")
        return np.transpose(self.value(node.x))

    def _ident(self, node: T.Ident) -> Any:
        return self._symbol(node)

    def _script(self, node: T.Script) -> Any:
        if node.sup is None:
            return self._symbol(node)
        base = self.value(T.Script(pos=node.pos, base=node.base, sub=node.sub) if node.sub else node.base)
        steps = self._steps(node.sup)
        if steps is not None and np.ndim(base) == 2 and base.shape[0] == base.shape[1] > 1:
            if steps < 0:
                raise NotInModel("a matrix power needs a whole number of steps that is not negative",
                                 "矩阵的幂次须是非负的整数步数")
            return np.linalg.matrix_power(base, steps)  # W_hh^{t-k}: the matrix multiplied t − k times
        power = self.value(node.sup)
        if not _scalar(power) or not (_scalar(base) or np.shape(base)[1] == 1):
            raise NotInModel("only a number or a vector (elementwise) can be raised to a power here",
                             "这里只有数或向量（逐元素）可以取幂")
        return base ** power

    def _steps(self, node: T.Node) -> int | None:
        """A whole number written with the bound step letters (t-k, 2, t-k+1), or None."""
        if isinstance(node, T.Num) and node.text.isdigit():
            return int(node.text)
        if isinstance(node, T.Ident) and node.name in self.bound and node.name != "∏":
            return self.bound[node.name]
        if isinstance(node, T.Delim) and node.kind == "(":
            return self._steps(node.x)
        if isinstance(node, T.Bin) and node.op in ("+", "-"):
            a, b = self._steps(node.a), self._steps(node.b)
            return None if a is None or b is None else a + b if node.op == "+" else a - b
        return None

    def _symbol(self, node: T.Node) -> Any:
        base, sub = symbol_key(node)
        name = f"{base}_{sub}" if sub else base
        if name in self.d.constants:
            return self.d.constants[name]
        if base in self.rec.families and sub:
            return self.d.values.get((base, self.step(sub))) if (base, self.step(sub)) in self.d.values else \
                self._outside(name)
        raise NotInModel(f"unknown symbol {name}", f"未知符号 {name}")

    def _outside(self, name: str) -> Any:
        raise NotInModel(f"{name} is outside the steps of the recurrence (k−2 … t+1)", f"{name} 超出递推的时间步范围（k−2 … t+1）")

    def step(self, text: str) -> int:
        match = _STEP.match(text.replace(" ", ""))
        if not match or match.group(1) not in self.bound:
            raise NotInModel(f"unknown time step {text}", f"未知的时间步 {text}")
        return self.bound[match.group(1)] + int(match.group(2) or 0)

    def _call(self, node: T.Call) -> Any:
        if len(node.args) != 1:
            raise NotInModel("a function here takes one argument", "这里的函数只取一个参数")
        fn, arg = node.fn, self.value(node.args[0])
        if isinstance(fn, T.Postfix) and fn.op == "prime" and isinstance(fn.x, T.Ident) and fn.x.name in _DERIVATIVES:
            return _DERIVATIVES[fn.x.name](arg)
        name = fn.name if isinstance(fn, T.Ident) else ""
        if name == "diag":
            if _scalar(arg) or np.shape(arg)[1] != 1:
                raise NotInModel("diag(·) takes a column vector", "diag(·) 的参数须是列向量")
            return np.diag(arg[:, 0])
        if name in _FUNCTIONS:
            return _FUNCTIONS[name](arg)
        raise NotInModel(f"unknown function {name or 'here'}", f"未知函数 {name}")

    def _bin(self, node: T.Bin) -> Any:
        regrouped = regroup_slashes(node) if node.op in _SLASH_LEVEL else None
        if regrouped is not None:
            return self.value(regrouped)
        if node.op not in _BINARY:
            raise NotInModel(f"{node.op} cannot be read here", f"这里无法读取 {node.op}")
        return _BINARY[node.op](self.value(node.a), self.value(node.b))

    def _frac(self, node: T.Frac) -> Any:
        found = self._derivative(node.num, node.den)
        return found if found is not None else _divide(self.value(node.num), self.value(node.den))

    def _derivative(self, top: T.Node, bottom: T.Node) -> Any:
        """∂x/∂y by a time-indexed vector y (numerator layout), or None when this is not a derivative. x is a
        time-indexed vector, or an expression of the model (∂tanh(a_t)/∂a_t), differentiated through the recurrence."""
        marked = [n.b for n in (top, bottom) if isinstance(n, T.Bin) and n.op == "juxt"
                  and isinstance(n.a, T.Ident) and n.a.name in DERIVATIVE_MARKS]
        if len(marked) != 2:
            return None
        base, sub = _family_key(self.rec, marked[1])
        below = (base, self.step(sub))
        try:
            above = _family_key(self.rec, marked[0])
        except NotInModel:
            if not isinstance(marked[0], (T.Call, T.Delim, T.Bin, T.Neg)):
                raise
            return probe_jacobian(self.rec, self.d, below,
                                  lambda probe: Evaluator(self.rec, probe, self.bound).value(marked[0]))
        return jacobian(self.rec, self.d, (above[0], self.step(above[1])), below)

    def _bigop(self, node: T.BigOp) -> Any:
        """\\prod_{i=a}^{b} F_i = F_b ⋯ F_a (the largest i on the left); \\sum adds. Empty: I or 0."""
        sub = node.sub
        if not (isinstance(sub, T.Bin) and sub.op == "=" and isinstance(sub.a, T.Ident) and node.sup is not None):
            raise NotInModel("write the range of the product or sum: \\prod_{i=k+1}^{t}", "请写出乘积或求和的范围：\\prod_{i=k+1}^{t}")
        if "∏" in self.bound:
            raise NotInModel("a product or sum inside another one is not read here", "这里不读取嵌套的连乘或求和")
        low, high = self._bound(sub.b), self._bound(node.sup)
        if high - low + 1 > 2 * MAX_GAP + 2:
            raise NotInModel("the range is not steps between k and t", "范围不是 k 到 t 之间的时间步")
        terms = [Evaluator(self.rec, self.d, {**self.bound, sub.a.name: i, "∏": 1}).value(node.body)
                 for i in range(high, low - 1, -1)]
        if not terms:
            raise NotInModel("the range is empty", "范围为空")
        total = terms[0]
        for term in terms[1:]:
            total = _matrix_product(total, term) if node.kind == "prod" else _sum(total, term)
        return total

    def _bound(self, node: T.Node) -> int:
        """A bound of a product or sum: a step (t, k+1) written as a number, a letter or letter ± number."""
        if isinstance(node, T.Num) and node.text.isdigit():
            return int(node.text)
        if isinstance(node, T.Ident):
            return self.step(node.name)
        if isinstance(node, T.Bin) and node.op in "+-" and isinstance(node.a, T.Ident) and isinstance(node.b, T.Num):
            return self.step(f"{node.a.name}{node.op}{node.b.text}")
        raise NotInModel("a bound must be a time step such as k+1 or t", "上下限须是时间步，如 k+1 或 t")
