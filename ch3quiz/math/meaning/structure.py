"""Structural forms of typed expressions (pure Python): equal up to order, grouping and identity elements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ch3quiz.math.meaning import ir

PARTIAL_DOMAIN = frozenset({"log", "sqrt"})


def signature(e: Any) -> Any:
    """A structural form of a typed expression that ignores the order of sums and elementwise products, how
    sums and products are grouped, and identity elements (+0, ×1, ^1, /1, double negation or transpose).

    Each node's form is computed once per call (``memo``, by identity), so nested fractions stay linear."""
    return _Signatures().of(e)


class _Signatures:
    """The forms of one expression's nodes, each computed once."""

    def __init__(self) -> None:
        self.memo: dict[int, tuple[Any, Any]] = {}  # id(node) -> (node, form): the node is held, so its id is not reused

    def of(self, e: Any) -> Any:
        held = self.memo.get(id(e))
        if held is not None:
            return held[1]
        form = _RULES.get((type(e), getattr(e, "op", None)), _RULES.get((type(e), None), _generic))(self, e)
        self.memo[id(e)] = (e, form)
        return form


def _add(sig: _Signatures, e: ir.Add) -> Any:
    terms: list[Any] = []
    for t in e.terms:
        form = sig.of(t)
        if form == ("const", 0.0):
            continue
        terms.extend(form[1] if form[0] == "+" else [form])
    for t in list(terms):  # t and −t cancel
        neg = t[1] if t[0] == "neg" else ("neg", t)
        if t in terms and neg in terms:
            terms.remove(t)
            terms.remove(neg)
    if not terms:
        return ("const", 0.0)
    if len(terms) == 1:
        return terms[0]
    return ("+", tuple(sorted(terms, key=repr)))


def _neg(sig: _Signatures, e: ir.Neg) -> Any:
    inner = sig.of(e.x)
    if inner[0] == "neg":
        return inner[1]
    if inner[0] == "const":
        return ("const", -inner[1])
    return ("neg", inner)


def _elementwise(sig: _Signatures, e: ir.Mul) -> Any:
    factors: list[Any] = []
    negative = False
    for f in (e.a, e.b):
        form = sig.of(f)
        if form[0] == "neg":
            negative, form = not negative, form[1]
        if form == ("const", 1.0):
            continue
        factors.extend(form[1] if form[0] == "⊙" else [form])
    if not factors:
        result: Any = ("const", 1.0)
    elif len(factors) == 1:
        result = factors[0]
    else:
        result = ("⊙", tuple(sorted(factors, key=repr)))
    return ("neg", result) if negative else result


def _matmul(sig: _Signatures, e: ir.Mul) -> Any:
    chain: list[Any] = []
    for f in (e.a, e.b):
        form = sig.of(f)
        chain.extend(form[1] if form[0] == "@" else [form])
    return ("@", tuple(chain))


def _over_one(sig: _Signatures, e: ir.Div | ir.Pow) -> Any:
    """x/1 and x^1 are x."""
    return sig.of(e.a) if sig.of(e.b) == ("const", 1.0) else _generic(sig, e)


def _transpose(sig: _Signatures, e: ir.T) -> Any:
    return sig.of(e.x.x) if isinstance(e.x, ir.T) else _generic(sig, e)


def _const(sig: _Signatures, e: ir.Const) -> Any:
    return ("const", float(e.value))


def _generic(sig: _Signatures, e: Any) -> Any:
    label = tuple(sorted((k, repr(v)) for k, v in vars(e).items()
                         if not isinstance(v, (ir.Expr, tuple)) and k != "written"))
    return (type(e).__name__, label, tuple(sig.of(c) for c in e.children()))


# By node type and, for products, the kind of product ("auto": before shapes resolve it); anything else is
# compared node by node (``_generic``).
_RULES: dict[tuple[type, str | None], Callable[[_Signatures, Any], Any]] = {
    (ir.Add, None): _add, (ir.Neg, None): _neg,
    **{(ir.Mul, op): _elementwise for op in ("hadamard", "scale", "elem", "auto")},
    (ir.Mul, "matmul"): _matmul,
    (ir.Div, None): _over_one, (ir.Pow, None): _over_one, (ir.T, None): _transpose, (ir.Const, None): _const,
}


def _total(e: ir.Expr) -> bool:
    """Whether ``e`` is defined for every value (no log, root, division or negative/fractional power)."""
    for node in ir.walk(e):
        if isinstance(node, ir.Div) or (isinstance(node, ir.Apply) and node.fn in PARTIAL_DOMAIN):
            return False
        if isinstance(node, ir.Pow) and not (isinstance(node.b, ir.Const) and node.b.value >= 0
                                             and node.b.value == int(node.b.value)):
            return False
    return True


def cancel_opposites(e: ir.Expr) -> ir.Expr | None:
    """``e`` without pairs of opposite terms t − t in its sums (where t is defined everywhere, so nothing about
    the domain changes); None when there is no such pair. ``x + e^{x²} − e^{x²}`` overflows for large x, where
    the cancelled ``x`` does not."""
    changed = False
    stack = [e]
    result = e
    while stack:
        node = stack.pop()
        if isinstance(node, ir.Add):
            sigs = [signature(t) for t in node.terms]
            keep = list(range(len(node.terms)))
            for i in range(len(node.terms)):
                if i not in keep or not _total(node.terms[i]):
                    continue
                opposite = sigs[i][1] if sigs[i][0] == "neg" else ("neg", sigs[i])
                j = next((j for j in keep if j != i and sigs[j] == opposite), None)
                if j is not None and len(keep) > 2:
                    keep.remove(i)
                    keep.remove(j)
            if len(keep) < len(node.terms):
                terms = tuple(node.terms[k] for k in keep)
                result = ir.rebuild(result, node, terms[0] if len(terms) == 1 else ir.Add(terms))
                changed = True
                continue
        stack.extend(node.children())
    return result if changed else None
