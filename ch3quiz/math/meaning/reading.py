"""How an answer was understood, as readable Unicode: ``σ′(Z⁽ᴸ⁻¹⁾) ⊙ (W⁽ᴸ⁾)ᵀδ⁽ᴸ⁾``.

Resolved products are shown explicitly: ``⊙`` for elementwise, juxtaposition
for the matrix product and for scaling.
"""

from __future__ import annotations

from ch3quiz.math.meaning import ir
from ch3quiz.math.meaning.symbols import SymbolTable

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "psi": "ψ",
    "omega": "ω", "pi": "π", "rho": "ρ", "xi": "ξ", "zeta": "ζ", "kappa": "κ", "nu": "ν", "chi": "χ",
    "Theta": "Θ", "Phi": "Φ", "Omega": "Ω",
}
_SUP = dict(zip("0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_ACCENT = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304"}
_FN = {"sigma": "σ", "sqrt": "√", "relu": "ReLU"}


def sup(text: str) -> str:
    return "".join(_SUP[c] for c in text) if text and all(c in _SUP for c in text) else f"^({text})"


def sub(text: str) -> str:
    return "".join(_SUB[c] for c in text) if text and all(c in _SUB for c in text) else f"_{text}"


def name_text(name: str, accent: str | None = None) -> str:
    base = _GREEK.get(name, name)
    return base + _ACCENT[accent] if accent and len(base) == 1 else (f"{accent}({base})" if accent else base)


def symbol_text(table: SymbolTable | None, key: str) -> str:
    if table is None:
        return key
    try:
        info = table.get(key)
    except KeyError:
        return key
    text = name_text(info.name, info.accent)
    if info.sub:
        text += sub(info.sub)
    if info.layer:
        text += sup(f"({info.layer})")
    return text


def listed_symbols(table: SymbolTable, node_var: str = "v") -> list[str]:
    """The declared symbols as the terminal prints them (ŷ, c̃ₜ, W⁽ᴸ⁾, a node family at ``node_var``: hᵥ⁽ᵏ⁻¹⁾),
    in the order of ``table.listed_names``; each reads back as its symbol."""
    listed = []
    for _key, info in sorted(table.declared.items()):
        text = name_text(info.name, info.accent)
        label = node_var if info.node else info.sub
        text += sub(label) if label else ""
        listed.append(text + (sup(f"({info.layer})") if info.layer else ""))
    return listed


def shape_text(shape: tuple[str, str]) -> str:
    if shape == ("1", "1"):
        return "a scalar"
    return f"{shape[0]}×{shape[1]}"


def shape_text_zh(shape: tuple[str, str]) -> str:
    return "标量" if shape == ("1", "1") else f"{shape[0]}×{shape[1]}"


_LEVEL = {ir.Add: 1, ir.Neg: 2, ir.Mul: 3, ir.Div: 3, ir.Pow: 5, ir.T: 6, ir.SumOver: 2, ir.Union: 1}


def _level(e: ir.Expr) -> int:
    if isinstance(e, ir.Const) and e.value < 0:
        return 2
    if isinstance(e, ir.Mul) and e.op in ("matmul", "scale"):
        return 4
    return _LEVEL.get(type(e), 7)


def _wrap(e: ir.Expr, table: SymbolTable | None, above: int) -> str:
    text = reading(e, table)
    return f"({text})" if _level(e) < above else text


def _const(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    for den in (2, 3, 4, 5, 8):  # only a fraction that is exactly the number (2/2 is not 1.0000000000001)
        if abs(value * den - round(value * den)) < 1e-12 and round(value * den) / den == value:
            return f"{round(value * den)}/{den}"
    if abs(value - 2.718281828459045) < 1e-15:
        return "e"
    shown = f"{value:g}"
    return shown if float(shown) == value else repr(value)  # never show a long number as a shorter one


def reading(e: ir.Expr, table: SymbolTable | None = None) -> str:
    """The Unicode reading of ``e``."""
    r = lambda x, lvl=0: _wrap(x, table, lvl)  # noqa: E731
    if isinstance(e, ir.Const):
        return _const(e.value)
    if isinstance(e, ir.Var):
        return symbol_text(table, e.key)
    if isinstance(e, ir.NodeVar):
        info_text = symbol_text(table, e.key)
        head = info_text[:1] if table else e.key
        return head + sub(e.node) + info_text[1:] if table else f"{e.key}[{e.node}]"
    if isinstance(e, ir.Entry):
        return r(e.x, 6) + sub("".join(e.index))
    if isinstance(e, ir.Add):
        parts = [r(e.terms[0], 1)]
        for term in e.terms[1:]:
            if isinstance(term, ir.Neg):
                parts.append(" − " + r(term.x, 3))
            else:
                parts.append(" + " + r(term, 2))
        return "".join(parts)
    if isinstance(e, ir.Neg):
        return "−" + r(e.x, 3)
    if isinstance(e, ir.Mul):
        if e.op == "hadamard" or (e.op == "elem"):
            return f"{r(e.a, 5)} ⊙ {r(e.b, 5)}"
        if e.op == "auto":
            return f"{r(e.a, 3)}·{r(e.b, 4)}"
        left, right = r(e.a, 4), r(e.b, 5)
        sep = " " if (left[-1:].isalnum() and right[:1].isalnum()) or isinstance(e.b, (ir.Apply, ir.SumOver)) else ""
        return left + sep + right
    if isinstance(e, ir.Div):
        return f"{r(e.a, 5)}/{r(e.b, 6)}"
    if isinstance(e, ir.Pow):
        if isinstance(e.b, ir.Const):
            return r(e.a, 6) + sup(_const(e.b.value).replace("/", "ᐟ")) if "/" not in _const(e.b.value) else r(e.a, 6) + f"^({_const(e.b.value)})"
        return f"{r(e.a, 6)}^({reading(e.b, table)})"
    if isinstance(e, ir.T):
        inner = r(e.x, 6)
        if isinstance(e.x, ir.Var) and table is not None and (table.get(e.x.key).layer or table.get(e.x.key).sub):
            inner = f"({inner})"
        return inner + "ᵀ"
    if isinstance(e, ir.Apply):
        return _apply(e, table)
    if isinstance(e, ir.SumOver):
        over = f"{e.var}∈{reading(e.domain, table)}" if e.domain is not None and not isinstance(e.domain, ir.Samples) else e.var
        return f"∑_{{{over}}} {r(e.body, 3)}"
    if isinstance(e, ir.Neigh):
        return f"N({e.node})"
    if isinstance(e, ir.AllNodes):
        return "V"
    if isinstance(e, ir.Single):
        return f"{{{e.node}}}"
    if isinstance(e, ir.Union):
        return f"{reading(e.a, table)} ∪ {reading(e.b, table)}"
    if isinstance(e, ir.Card):
        return f"|{reading(e.x, table)}|"
    if isinstance(e, ir.Partial):
        return f"∂{r(e.num, 6)}/∂{r(e.den, 6)}"
    if isinstance(e, ir.Deriv):
        return f"d/d{symbol_text(table, e.var)} ({reading(e.x, table)})"
    return "?"


def _apply(e: ir.Apply, table: SymbolTable | None) -> str:
    args = ", ".join(reading(a, table) for a in e.args)
    if e.fn == "norm":
        return f"‖{args}‖"
    if e.fn == "abs":
        return f"|{args}|"
    if e.fn == "step":
        return f"𝟙({args} > 0)"
    if e.fn == "floor":
        return f"⌊{args}⌋"
    if e.fn == "ceil":
        return f"⌈{args}⌉"
    if e.fn == "sqrt":
        return f"√({args})"
    name = _FN.get(e.fn, _GREEK.get(e.fn, e.fn))
    return f"{name}{'′' * e.deriv}({args})"
