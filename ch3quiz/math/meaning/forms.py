"""Forms an answer may not take, whatever its value: a forbidden function or a derivative still to be taken
(``forbidden_form``), or what is asked written back (``restates_target``). Shared by single answers and
derivations; pure Python."""

from __future__ import annotations

from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.cache import PerObject
from ch3quiz.math.meaning.reading import reading
from ch3quiz.math.meaning.spec import Spec
from ch3quiz.math.meaning.structure import signature


def forbidden_form(spec: Spec, expr: ir.Expr) -> tuple[str, str] | None:
    """The English and Chinese reason ``expr`` is not a worked-out result, or None when it is."""
    for node in ir.walk(expr):
        if isinstance(node, ir.Apply) and (node.fn, node.deriv) in spec.forbid:
            shown = reading(node, spec.table)
            return (f"{shown} restates what is asked; write it out in terms of the other symbols",
                    f"{shown} 只是重述了所求的量；请用其他符号写出来")
        if node is unfinished_derivative(spec, expr):
            shown = reading(node, spec.table)
            return (f"{shown} is a derivative still to be taken; write the result",
                    f"{shown} 是尚未求出的导数；请写出结果")
    return None


def unfinished_derivative(spec: Spec, expr: ir.Expr) -> ir.Expr | None:
    """The first derivative in ``expr`` that could still be worked out (of a defined quantity, or d/dx), or None."""
    for node in ir.walk(expr):
        if isinstance(node, (ir.Partial, ir.Deriv)):
            if isinstance(node, ir.Deriv) or any(isinstance(n, ir.Var) and n.key in spec.definitions
                                                 for n in ir.walk(node.num)):
                return node
    return None


def restates_target(spec: Spec, expr: ir.Expr) -> bool:
    """Whether ``expr`` is what is asked (∂J/∂b for ∂J/∂b), not a symbol the result itself uses (θ in θ − η∇J)."""
    return signature(expr) in _TARGET_FORMS.get(spec, lambda: _target_forms(spec))


_TARGET_FORMS: PerObject[list[Any]] = PerObject(64)  # a spec's target forms: asked of every answer, found once


def _target_forms(spec: Spec) -> list[Any]:
    """The structural forms of what is asked, except a target the expected result itself uses."""
    used = set(ir.walk(spec.expected.expr))
    return [signature(target) for target in spec.targets if target not in used]


def outside_asked_form(spec: Spec, expr: ir.Expr) -> tuple[str, str] | None:
    """The English and Chinese reason ``expr`` is not written in the asked form (``in_terms_of``: "in terms of
    σ(x)" means x appears only inside σ(x), so e^{-x}/(1+e^{-x})² is not it), or None when it is."""
    if not spec.in_terms_of:
        return None
    rest = _without(expr, frozenset(spec.in_terms_of))
    if not any(isinstance(node, (ir.Var, ir.Entry, ir.NodeVar)) for node in ir.walk(rest)):
        return None
    shown = ", ".join(reading(form, spec.table) for form in spec.in_terms_of)
    return (f"equal, but not in the asked form: write it with {shown}",
            f"数值相等，但不是题目要求的形式：请用 {shown} 表示")


def _without(e: ir.Expr, forms: frozenset[ir.Expr]) -> ir.Expr:
    """``e`` with every occurrence of the asked forms replaced by a constant."""
    if e in forms:
        return ir.Const(0.5)
    return ir.map_children(e, lambda child: _without(child, forms))
