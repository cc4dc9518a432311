"""Structural forms of typed expressions (pure Python): equal up to order, grouping and identity elements."""

from __future__ import annotations

from typing import Any

from ch3quiz.math.meaning import ir

PARTIAL_DOMAIN = frozenset({"log", "sqrt"})


def signature(e: Any) -> Any:
    """A structural form of a typed expression that ignores the order of sums and elementwise products, how
    sums and products are grouped, and identity elements (+0, ×1, ^1, /1, double negation or transpose)."""
    if isinstance(e, ir.Add):
        terms: list[Any] = []
        for t in e.terms:
            sig = signature(t)
            if sig == ("const", 0.0):
                continue
            terms.extend(sig[1] if sig[0] == "+" else [sig])
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
    if isinstance(e, ir.Neg):
        inner = signature(e.x)
        if inner[0] == "neg":
            return inner[1]
        if inner[0] == "const":
            return ("const", -inner[1])
        return ("neg", inner)
    if isinstance(e, ir.Mul) and e.op in ("hadamard", "scale", "elem", "auto"):  # auto: before shapes resolve it
        factors: list[Any] = []
        negative = False
        for f in (e.a, e.b):
            sig = signature(f)
            if sig[0] == "neg":
                negative, sig = not negative, sig[1]
            if sig == ("const", 1.0):
                continue
            factors.extend(sig[1] if sig[0] == "⊙" else [sig])
        if not factors:
            result: Any = ("const", 1.0)
        elif len(factors) == 1:
            result = factors[0]
        else:
            result = ("⊙", tuple(sorted(factors, key=repr)))
        return ("neg", result) if negative else result
    if isinstance(e, ir.Mul) and e.op == "matmul":
        chain: list[Any] = []
        for f in (e.a, e.b):
            sig = signature(f)
            chain.extend(sig[1] if sig[0] == "@" else [sig])
        return ("@", tuple(chain))
    if isinstance(e, ir.Div) and signature(e.b) == ("const", 1.0):
        return signature(e.a)
    if isinstance(e, ir.Pow) and signature(e.b) == ("const", 1.0):
        return signature(e.a)
    if isinstance(e, ir.T) and isinstance(e.x, ir.T):
        return signature(e.x.x)
    if isinstance(e, ir.Const):
        return ("const", float(e.value))
    label = tuple(sorted((k, repr(v)) for k, v in vars(e).items()
                         if not isinstance(v, (ir.Expr, tuple)) and k != "written"))
    return (type(e).__name__, label, tuple(signature(c) for c in e.children()))


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
