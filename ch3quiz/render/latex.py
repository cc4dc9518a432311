"""LaTeX to readable Unicode for the terminal: ``$\\sigma'(Z^{(L-1)})$`` -> ``σ′(Z⁽ᴸ⁻¹⁾)``.

Only for display: it never decides anything, so an unknown command is left
as it was rather than guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ch3quiz.safetext import shown

_SUPERSCRIPT = dict(zip(
    "0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW′ᵀ∘",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ′ᵀ°",  # 180^\circ reads 180°
))
_SUBSCRIPT = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
    "varepsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ",
    "Sigma": "Σ", "tau": "τ", "phi": "φ", "varphi": "φ", "psi": "ψ", "omega": "ω", "pi": "π",
    "rho": "ρ", "xi": "ξ", "chi": "χ", "nu": "ν", "kappa": "κ", "zeta": "ζ", "Omega": "Ω",
    "odot": "⊙", "circ": "∘", "star": "⋆", "ast": "∗", "otimes": "⊗", "cdot": "·", "times": "×", "div": "÷", "pm": "±",
    "top": "ᵀ", "intercal": "ᵀ", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏",
    "in": "∈", "notin": "∉", "cup": "∪", "cap": "∩", "subset": "⊂", "subseteq": "⊆",
    "infty": "∞", "approx": "≈", "neq": "≠", "ne": "≠", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "mapsto": "↦", "forall": "∀", "exists": "∃", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
    "rceil": "⌉", "langle": "⟨", "rangle": "⟩", "ldots": "…", "cdots": "⋯", "dots": "…",
    "lvert": "|", "rvert": "|", "vert": "|", "|": "‖", "lVert": "‖", "rVert": "‖", "mid": "|",
    "{": "{", "}": "}", "prime": "′", "log": "log", "ln": "ln", "exp": "exp", "tanh": "tanh",
    "max": "max", "min": "min", "sin": "sin", "cos": "cos", "arg": "arg", "quad": "  ",
    "qquad": "    ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "left": "", "right": "",
    "bigl": "", "bigr": "", "Bigl": "", "Bigr": "", "big": "", "Big": "", "displaystyle": "",
    "ll": "≪", "gg": "≫", "triangleq": "≜", "equiv": "≡", "propto": "∝", "sim": "∼", "ell": "ℓ", "emptyset": "∅",
}
_FUNCTION_NAMES = frozenset({
    "log", "ln", "exp", "tanh", "sinh", "cosh", "coth", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos",
    "arctan", "max", "min", "arg", "det", "sup", "inf", "lim", "dim", "ker", "Pr",
})
_CLOSERS = frozenset({"rfloor", "rceil", "rangle", "rvert", "rVert"})
_OPENERS = frozenset({"lfloor", "lceil", "langle", "lvert", "lVert"})
_CALLIGRAPHIC = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "𝒜ℬ𝒞𝒟ℰℱ𝒢ℋℐ𝒥𝒦ℒℳ𝒩𝒪𝒫𝒬ℛ𝒮𝒯𝒰𝒱𝒲𝒳𝒴𝒵"))
_ACCENTS = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "vec": "\u20d7", "dot": "\u0307", "widetilde": "\u0303", "widehat": "\u0302"}
# \mathbb letters the reader takes back (ℤ in max{m ∈ ℤ : …}, the indicators 𝟙 and 𝕀); others print plain
_DOUBLE_STRUCK = {"Z": "ℤ", "N": "ℕ", "1": "𝟙", "I": "𝕀"}
_PLAIN_WRAPPERS = ("mathrm", "mathbf", "boldsymbol", "bm", "mathit", "mathsf", "text", "textbf", "operatorname", "mathbb")

_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
# Braces nested deeper than this are shown as written: display needs no more, and it keeps
# a hostile bank's \sqrt{\sqrt{…}} from exhausting the stack.
MAX_NESTING = 40


def _group(text: str, start: int) -> tuple[str, int]:
    """The argument starting at ``start``: a braced group or one token; returns (content, end)."""
    while start < len(text) and text[start] == " ":
        start += 1
    if start >= len(text):
        return "", start
    if text[start] == "{":
        depth = 0
        for i in range(start, len(text)):
            if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
                depth += 1
            elif text[i] == "}" and text[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    return text[start + 1:i], i + 1
        return text[start + 1:], len(text)
    if text[start] == "\\":
        match = _COMMAND.match(text, start)
        assert match
        return match.group(0), start + len(match.group(0))
    return text[start], start + 1


def _script(content: str, table: dict[str, str], marker: str, depth: int) -> str:
    rendered = latex_to_unicode(content, depth + 1)
    if rendered and all(ch in table for ch in rendered):
        return "".join(table[ch] for ch in rendered)
    if len(rendered) == 1:
        return f"{marker}{rendered}"
    return f"{marker}({rendered})"


_CASES = re.compile(r"\\begin\{cases\}(.*?)\\end\{cases\}", re.S)
_ROW_CONDITION = re.compile(r"\s*&\s*(?:\\text\{\s*if\s*\}\s*)?")  # '& \text{if }' is one 'if'


def _cases_row_by_row(match: re.Match[str]) -> str:
    """``\\begin{cases}1 & x>0 \\\\ 0 & x<0\\end{cases}`` reads ❴1 if x>0; 0 if x<0❵ on one line."""
    rows = [_ROW_CONDITION.sub(" if ", row.strip(), count=1) for row in match.group(1).split("\\\\") if row.strip()]
    return "❴" + "; ".join(rows) + "❵"


def latex_to_unicode(tex: str, depth: int = 0) -> str:
    """Unicode for one LaTeX formula (no ``$``)."""
    if depth > MAX_NESTING:
        return tex
    tex = _CASES.sub(_cases_row_by_row, tex)
    out: list[str] = []
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            match = _COMMAND.match(tex, i)
            name = match.group(1) if match else ""
            i += len(name) + 1
            if name == "frac" or name in ("dfrac", "tfrac"):
                num, i = _group(tex, i)
                den, i = _group(tex, i)
                fraction = f"{_wrap(latex_to_unicode(num, depth + 1))}/{_wrap(latex_to_unicode(den, depth + 1))}"
                # \frac{1}{m}\Delta is (1/m)Δ: a factor right after the fraction must not join its denominator
                factor_follows = i < len(tex) and (tex[i].isalnum() or tex[i] in "\\({[")
                out.append(f"({fraction})" if factor_follows else fraction)
            elif name == "sqrt":
                arg, i = _group(tex, i)
                out.append(f"√{_wrap_root(latex_to_unicode(arg, depth + 1))}")
            elif name == "mathcal":
                arg, i = _group(tex, i)
                out.append("".join(_CALLIGRAPHIC.get(c, c) for c in arg))
            elif name in _ACCENTS:
                arg, i = _group(tex, i)
                base = latex_to_unicode(arg, depth + 1)
                out.append(base + _ACCENTS[name] if len(base) == 1 else f"{name}({base})")
            elif name in _PLAIN_WRAPPERS:
                arg, i = _group(tex, i)
                plain = latex_to_unicode(arg, depth + 1)
                out.append(_DOUBLE_STRUCK.get(plain, plain) if name == "mathbb" else plain)
            elif name in _FUNCTION_NAMES:
                # "y\log\sigma(z)" reads "y log σ(z)", not "ylogσ(z)".
                before = " " if out and (out[-1][-1:].isalnum() or out[-1][-1:] in ")]}′") else ""
                after = "" if i < len(tex) and tex[i] in "(_^{['" else " "  # \tanh' reads tanh′
                out.append(f"{before}{name}{after}")
            elif name in _SYMBOLS:
                if name in _CLOSERS and out:  # \lfloor x \rfloor reads ⌊x⌋
                    out[-1] = out[-1].rstrip(" ")
                out.append(_SYMBOLS[name])
                i = _after_control_word(tex, i, name, spaced_before=bool(out[:-1]) and out[-2].endswith(" "))
            else:
                out.append("\\" + name)
        elif ch == "^":
            arg, i = _group(tex, i + 1)
            out.append(_script(arg, _SUPERSCRIPT, "^", depth))
        elif ch == "_":
            arg, i = _group(tex, i + 1)
            script = _script(arg, _SUBSCRIPT, "_", depth)
            if script.startswith("_") and i < len(tex) and tex[i].isalnum():
                script += " "  # W_ch_{t-1} is W_c hₜ₋₁; run together, W_chₜ₋₁ reads as a subscript "ch"
            out.append(script)
        elif ch in "{}":
            i += 1
        elif ch == "'":
            out.append("′")
            i += 1
        else:
            out.append(ch)
            i += 1
    text = re.sub(r"∂ +", "∂", "".join(out))  # \partial J reads ∂J
    # NFC: ŷ as one character where Unicode has one, so terminals draw the accent in place.
    return unicodedata.normalize("NFC", re.sub(r" {2,}", " ", text).strip())


def _after_control_word(tex: str, i: int, name: str, *, spaced_before: bool) -> int:
    """Where reading resumes after a symbol's command. LaTeX ignores the spaces that end a control
    word (``d_h\\times d_h``, ``r_t\\odot h``), so they are dropped unless the symbol was spaced on
    its left too (``W \\odot h`` keeps both spaces); an opening bracket never keeps one (``= \\lfloor (n)/s``
    reads ``= ⌊(n)/s``)."""
    if not name.isalpha() or (spaced_before and name not in _OPENERS):
        return i
    while i < len(tex) and tex[i] == " ":
        i += 1
    return i


def _wrap(text: str) -> str:
    # A lone name or number needs no parentheses; anything with an operator or space does.
    if re.fullmatch(r"\|[^|]*\|", text):  # one |…| is already a unit
        return text
    return f"({text})" if re.search(r"[\s+\-−/·⊙×*|]", text) else text


def _wrap_root(text: str) -> str:
    # √ covers one atom as written: \sqrt{\tilde D_{uu}\tilde D_{vv}} shown as √D̃ᵤᵤD̃ᵥᵥ reads as √(D̃ᵤᵤ)·D̃ᵥᵥ,
    # so a root of more than one symbol or number keeps its brackets.
    return text if _one_atom(text) else f"({text})"


def _one_atom(text: str) -> bool:
    """A single number, or one letter with its accents, sub- and superscripts (D̃ᵤᵤ, x², 12.5)."""
    if re.fullmatch(r"\d+(\.\d+)?|\|[^|]*\|", text):
        return True
    if text.startswith("(") and text.endswith(")"):
        return _balanced_once(text)
    if not text or not text[0].isalpha():
        return False
    return all(unicodedata.combining(c) or "SUBSCRIPT" in unicodedata.name(c, "") or
               "SUPERSCRIPT" in unicodedata.name(c, "") or "MODIFIER LETTER" in unicodedata.name(c, "") or c in "′"
               for c in text[1:])


def _balanced_once(text: str) -> bool:
    """Whether (…) is one bracket around the whole text, not (a)(b)."""
    depth = 0
    for position, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if depth == 0 and position < len(text) - 1:
            return False
    return True


def render_inline_math(text: str) -> str:
    """Replace every ``$...$`` span of a prompt with its Unicode reading.

    The text is untrusted (a bank's): it is clipped and made inert first (``safetext.shown``).
    """
    return _MATH_SPAN.sub(lambda m: latex_to_unicode(m.group(1) or m.group(2)), shown(text))


_MESSAGE_KEYS = frozenset({"message", "message_zh"})


def unicode_messages(data: Any) -> Any:
    """A JSON-ready result with every message as the terminal shows it (``$…$`` spans in Unicode);
    other fields, such as what the student typed, are left exactly as they were."""
    if isinstance(data, dict):
        return {key: render_inline_math(value) if key in _MESSAGE_KEYS and isinstance(value, str) else unicode_messages(value)
                for key, value in data.items()}
    if isinstance(data, list):
        return [unicode_messages(item) for item in data]
    return data
