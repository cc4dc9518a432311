"""Quantities a derivation introduces itself: ``m_{\\max} = \\max\\{m\\in\\mathbb{Z} : ms+k\\le n+2p\\}``.

A derivation may name a quantity on its way (the largest start m_max of a kernel, then n_out = m_max + 1). Such a
name is one of the question's declared symbols that nothing else gives a value: not defined by the question,
not what is asked, not a word of the result. The first line that writes ``NAME = …`` with that name alone on its
left defines it, as its first right side, for the whole derivation (the line may come before or after the ones
that use it); the defining line is then a side fact, and the rest of its chain is judged as usual. A name
defined this way counts as new terms of the result (m_max + 1 is a step); that it was defined as the result
itself is not looked for (a known limit, as padding by a factor equal to 1 written in new terms is).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.shapes import ShapeError, infer
from ch3quiz.math.meaning.symbols import SymbolError
from ch3quiz.math.read.tokens import FormulaSyntaxError


def with_auxiliaries(spec: Any, lines: list[str]) -> Any:
    """The model with every quantity the lines introduce defined; the model itself when they introduce none."""
    definitions: dict[str, ir.Expr] = {}
    for raw in lines:
        found = _introduced(spec, raw.strip(), definitions)
        if found is not None:
            definitions[found[0]] = found[1]
    if not definitions:
        return spec
    return replace(spec, definitions={**spec.definitions, **definitions})


def _free_names(spec: Any) -> set[str]:
    """The declared symbols nothing gives a value: candidates for a derivation's own quantities."""
    taken = set(spec.definitions) | {n.key for n in ir.walk(spec.expected.expr) if isinstance(n, ir.Var)}
    taken |= {t.key for t in spec.targets if isinstance(t, ir.Var)}
    for definition in spec.definitions.values():
        taken |= {n.key for n in ir.walk(definition) if isinstance(n, ir.Var)}
    return set(spec.table.declared) - taken


def _introduced(spec: Any, text: str, seen: dict[str, ir.Expr]) -> tuple[str, ir.Expr] | None:
    """(name, definition) when ``text`` is ``NAME = …`` for a free declared name not yet defined."""
    if text.startswith("="):
        return None
    try:
        sides = spec.parse(text).sides
        if len(sides) < 2:
            return None
        left = spec.build_node(sides[0], text)
        if not isinstance(left, ir.Var) or left.key in seen or left.key not in _free_names(spec):
            return None
        right = infer(spec.build_node(sides[1], text), spec.table, spec.functions)
    except (FormulaSyntaxError, SymbolError, ShapeError, RecursionError):
        return None
    if right.shape != spec.table.get(left.key).shape or any(
            isinstance(n, ir.Var) and n.key == left.key for n in ir.walk(right.expr)):
        return None
    return left.key, right.expr
