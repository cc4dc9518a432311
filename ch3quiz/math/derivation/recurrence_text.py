"""How a line of a recurrence derivation was read, shown back in the terminal's notation (Unicode).

The recurrence model reads the reader's tree directly (no typed IR), so this shows the tree: ``∂x/∂y`` for a written
derivative (the numerator-layout Jacobian), ``∏_{i=k+1}^{t}`` for an ordered product, time steps as subscripts
(hₜ₋₁, aᵢ), primes and transposes as marks (tanh′, W_hhᵀ). Nothing is evaluated here.
"""

from __future__ import annotations

from collections.abc import Callable

from ch3quiz.math.derivation.recurrence_eval import DERIVATIVE_MARKS, regroup_slashes
from ch3quiz.math.read import tree as T

_SUBSCRIPTABLE = "0123456789+-=()aehijklmnoprstuvx"
_SUBSCRIPT = str.maketrans(_SUBSCRIPTABLE, "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_GREEK = {"sigma": "σ", "alpha": "α", "delta": "δ", "partial": "∂", "eta": "η", "theta": "θ", "gamma": "γ",
          "lambda": "λ", "Pi": "∏", "prod": "∏", "sum": "∑"}
_SPACED = {"+": " + ", "-": " − ", "⊙": " ⊙ ", "∘": " ∘ ", "@": " @ ", "·": " · ", "×": " × ", "*": " * ", "/": "/",
           "=": " = ", ",": ","}
_CLOSE = {"(": ")", "[": "]", "|": "|", "‖": "‖", "⌊": "⌋", "⌈": "⌉"}


class Unshown(Exception):
    """A node this view does not show (the line's reading is then left empty)."""


def subscript(text: str) -> str:
    """``t-1`` as ₜ₋₁ where every character has a subscript form, else ``_{…}`` (``W_hh`` stays readable)."""
    compact = text.replace(" ", "")
    if compact.isalpha() and len(compact) > 1:
        return "_" + compact  # W_hh, W_xh: names, as the notes and the symbol lists write them
    if all(ch in _SUBSCRIPTABLE for ch in compact):
        return compact.translate(_SUBSCRIPT)
    return f"_{{{compact}}}"


def shown(node: T.Node) -> str:
    """The tree as the terminal shows it; raises Unshown for a node this view has no form for."""
    handler = _HANDLERS.get(type(node))
    if handler is None:
        raise Unshown(type(node).__name__)
    return handler(node)


def _atom(node: T.Node) -> str:
    text = shown(node)
    return text if isinstance(node, (T.Num, T.Ident, T.Script, T.Call, T.Delim, T.Postfix)) else f"({text})"


def _ident(node: T.Ident) -> str:
    name = _GREEK.get(node.name, node.name)
    return name + ("\u0302" if node.accent == "hat" else "\u0303" if node.accent == "tilde" else "")


def _script(node: T.Script) -> str:
    text = shown(node.base) + (subscript(node.sub.text) if node.sub else "")
    if node.sup is not None:
        text += "²" if isinstance(node.sup, T.Num) and node.sup.text == "2" else f"^{_atom(node.sup)}"
    return text


def _postfix(node: T.Postfix) -> str:
    return _atom(node.x) + ("ᵀ" if node.op == "T" else "′")


def _call(node: T.Call) -> str:
    return f"{shown(node.fn)}({', '.join(shown(a) for a in node.args)})"


def _bin(node: T.Bin) -> str:
    regrouped = regroup_slashes(node) if node.op in ("/", "⊙", "·", "×", "*") else None
    if regrouped is not None:  # ∂h_t/∂h_{t-1} ∂h_{t-1}/∂h_k: two fractions, as the evaluator reads them
        return shown(regrouped)
    if node.op == "juxt":
        left = shown(node.a)
        joint = "" if isinstance(node.a, T.Ident) and node.a.name in DERIVATIVE_MARKS else " "
        return f"{left}{joint}{shown(node.b)}"
    if node.op not in _SPACED:
        raise Unshown(node.op)
    right = _atom(node.b) if node.op in ("-", "/") and isinstance(node.b, T.Bin) else shown(node.b)
    return f"{shown(node.a)}{_SPACED[node.op]}{right}"


def _frac(node: T.Frac) -> str:
    marked = all(isinstance(n, T.Bin) and n.op == "juxt" and isinstance(n.a, T.Ident) and n.a.name in DERIVATIVE_MARKS
                 for n in (node.num, node.den))
    return f"{shown(node.num)}/{shown(node.den)}" if marked else f"{_atom(node.num)}/{_atom(node.den)}"


def _bigop(node: T.BigOp) -> str:
    sign = "∏" if node.kind == "prod" else "∑"
    low = shown(node.sub) if node.sub is not None else ""
    high = shown(node.sup) if node.sup is not None else ""
    return f"{sign}_{{{low.replace(' ', '')}}}^{{{high.replace(' ', '')}}} {shown(node.body)}"


_HANDLERS: dict[type, Callable[[T.Node], str]] = {
    T.Num: lambda n: n.text,
    T.Ident: _ident,
    T.Script: _script,
    T.Postfix: _postfix,
    T.Call: _call,
    T.Bin: _bin,
    T.Neg: lambda n: f"−{_atom(n.x)}",
    T.Frac: _frac,
    T.Delim: lambda n: f"{n.kind}{shown(n.x)}{_CLOSE.get(n.kind, '')}",
    T.BigOp: _bigop,
}


def line_reading(sides: list[T.Node]) -> str:
    """Every side of a read line joined by '='; empty when a side has no form here."""
    try:
        return " = ".join(shown(side) for side in sides)
    except Unshown:
        return ""
