"""Character level: Unicode scripts, accents and look-alikes made plain, each character keeping its column.

``σ′(Z⁽ᴸ⁻¹⁾)`` becomes ``sigma'(Z^{(L-1)})``-like characters for the scanner (``tokens``); the Greek letters'
names live here too, for the scanner, the LaTeX commands and the parser.
"""

from __future__ import annotations

import unicodedata

_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᐟ",
                "0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW/"))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789+-=()aehijklmnoprstuvx"))
_ACCENT_MARKS = {"\u0302": "hat", "\u0303": "tilde", "\u0304": "bar", "\u0305": "bar"}
_NEGATION = "\u0338"  # the combining long solidus overlay of ≠, ∉, ≮
_LOOKALIKE = {
    "−": "-", "–": "-", "—": "-", "∗": "*", "⋅": "·", "•": "·", "∙": "·", "∘": "⊙", "⨀": "⊙",
    "∣": "|", "‖": "‖", "∥": "‖", "÷": "/", "⁄": "/", "’": "'", "′": "'", "ʹ": "'", "″": "''",
    "½": "(1/2)", "≔": "=", "。": ".", "、": ",", "⟨": "<", "⟩": ">", "〈": "<", "〉": ">", "←": "=", "⟵": "=", "：": ":", "∕": "/", "ℓ": "l", "𝒩": "N", "ℕ": "N", "ℤ": "Z",
    "𝟙": "1", "𝕀": "I",  # the indicator as printed (𝟙(x > 0)) and as \mathbb{1}, \mathbb{I} look in Unicode
}
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "Delta", "ε": "epsilon", "ϵ": "epsilon",
    "η": "eta", "θ": "theta", "λ": "lambda", "μ": "mu", "σ": "sigma", "Σ": "Sigma", "τ": "tau",
    "φ": "phi", "ϕ": "phi", "ψ": "psi", "ω": "omega", "π": "pi", "ρ": "rho", "ξ": "xi", "ζ": "zeta",
    "κ": "kappa", "ν": "nu", "χ": "chi", "Θ": "Theta", "Φ": "Phi", "Ω": "Omega",
}
SYMBOL_OPS = {"⊙": "⊙", "·": "·", "×": "×", "√": "sqrt", "∑": "sum", "∏": "prod", "∈": "∈", "≠": "≠", "∪": "∪",
               "∂": "partial", "∇": "nabla", "⌊": "⌊", "⌋": "⌋", "⌈": "⌈", "⌉": "⌉", "ᵀ": "ᵀ", "⊤": "ᵀ",
               "≥": "≥", "≤": "≤", "⩾": "≥", "⩽": "≤",
               "∀": "⊣"}  # ∀ as \forall: a side condition after the formula, or the members of a set in mean({…})
# Characters a copy from a rendered page or an equation editor carries that are not seen: MathML's invisible
# operators (function application after sin, the times of "2x", the comma of "a_{ij}", the plus of "2¾") become
# what they stand for; zero-width spaces, joiners and a byte-order mark go.
_INVISIBLE = {"\u2061": "", "\u2062": " ", "\u2063": ",", "\u2064": "+", "\u200b": "", "\u200c": "", "\u200d": "",
              "\u2060": "", "\ufeff": "", "\u00ad": ""}
OPEN, CLOSE = "\ue010", "\ue011"  # braces made for a Unicode script run (not a sign of LaTeX)
_ACCENT_CHARS = {"hat": "\ue000", "tilde": "\ue001", "bar": "\ue002"}
ACCENT_OF = {v: k for k, v in _ACCENT_CHARS.items()}


def _fullwidth(ch: str) -> str:
    """A full-width form (a Chinese IME's （ ＋ ／), a styled letter of an equation editor (Word's 𝑥, 𝜎, ℎ;
    bold 𝐖, script 𝒩, double-struck ℝ) as its plain character; anything else unchanged."""
    if "\uff01" <= ch <= "\uff5e" or _styled_letter(ch):
        return unicodedata.normalize("NFKC", ch)
    return _INVISIBLE.get(ch, ch)


def _styled_letter(ch: str) -> bool:
    """Mathematical alphanumeric symbols (U+1D400–U+1D7FF) and the letter-like symbols used as letters (ℎ, ℬ)."""
    code = ord(ch)
    if 0x1D400 <= code <= 0x1D7FF:
        return ch not in _LOOKALIKE  # 𝟙, 𝒩 keep their own reading
    return 0x2100 <= code <= 0x214F and unicodedata.category(ch) in ("Ll", "Lu") and ch not in _LOOKALIKE


def normalise_chars(text: str) -> list[tuple[str, int]]:
    """(character, column in the original text) after Unicode clean-up.

    Superscript and subscript runs become ``^{...}`` / ``_{...}``; a combining
    accent becomes a marker before its letter; look-alike characters become
    their ASCII or canonical form.
    """
    chars: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = _fullwidth(text[i])
        if not ch:  # an invisible character with nothing to stand for
            i += 1
            continue
        if ch in _SUP or ch in _SUB:
            table, mark = (_SUP, "^") if ch in _SUP else (_SUB, "_")
            chars += [(mark, i), (OPEN, i)]
            while i < n and text[i] in table:
                chars.append((table[text[i]], i))
                i += 1
            chars.append((CLOSE, i - 1))
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        if _NEGATION in marks:  # ≠ (and ∉, ≮) decompose to = (∈, <) plus a slash: kept whole, never read un-negated
            chars.append((ch, i))
            i += 1
            continue
        for mark in marks:
            if mark in _ACCENT_MARKS:
                chars.append((_ACCENT_CHARS[_ACCENT_MARKS[mark]], i))
        if len(decomposed) == 1 and i + 1 < n and text[i + 1] in _ACCENT_MARKS:
            # a separate combining accent follows: it belongs before this letter
            chars.append((_ACCENT_CHARS[_ACCENT_MARKS[text[i + 1]]], i))
            chars.append((base, i))
            i += 2
            continue
        if ch in _ACCENT_MARKS:  # a stray combining mark
            i += 1
            continue
        if ch == "~" and chars and chars[-1][0].isascii() and chars[-1][0].isalpha():
            chars.insert(len(chars) - 1, (_ACCENT_CHARS["tilde"], i))  # ASCII c~ is c̃
            i += 1
            continue
        replaced = _LOOKALIKE.get(base, base)
        chars.extend((c, i) for c in replaced)
        i += 1
    return chars


GREEK_NAMES = frozenset(GREEK.values()) | {"varepsilon", "vartheta", "varphi", "varsigma"}
