"""One token stream for three notations: LaTeX, Unicode and ASCII.

``\\sigma'(Z^{(L-1)})``, ``σ′(Z⁽ᴸ⁻¹⁾)`` and ``sigma'(Z^(L-1))`` all become the
same tokens. Input is bounded (length, token count, bracket nesting) here,
before the parser sees it, so no input can make the parser recurse deeply.
Every token keeps the column of the character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ch3quiz.errors import FormulaError

MAX_CHARS = 2000
MAX_TOKENS = 600
MAX_NESTING = 40


class FormulaSyntaxError(FormulaError):
    """A formula that cannot be read, with the column where reading stopped."""

    def __init__(self, message: str, text: str = "", pos: int = 0) -> None:
        super().__init__(message)
        self.text = text
        self.pos = max(0, pos)

    @property
    def caret(self) -> str:
        """The offending line with a caret under the column (for terminals)."""
        line = self.text.replace("\n", " ")
        if len(line) > 120:  # show a window around the column
            start = max(0, self.pos - 60)
            return line[start:start + 120] + "\n" + " " * (self.pos - start) + "^"
        return line + "\n" + " " * min(self.pos, len(line)) + "^"


@dataclass(frozen=True)
class Token:
    kind: str  # num | letters | name | op | cmd | end
    text: str
    pos: int
    latex: bool = False  # came from a backslash command

    def __str__(self) -> str:
        return self.text


# ---- character level: Unicode scripts, accents, look-alikes ------------------

_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᐟ",
                "0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW/"))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789+-=()aehijklmnoprstuvx"))
_ACCENT_MARKS = {"\u0302": "hat", "\u0303": "tilde", "\u0304": "bar", "\u0305": "bar"}
_LOOKALIKE = {
    "−": "-", "–": "-", "—": "-", "∗": "*", "⋅": "·", "•": "·", "∙": "·", "∘": "⊙", "⨀": "⊙",
    "∣": "|", "‖": "‖", "∥": "‖", "÷": "/", "⁄": "/", "’": "'", "′": "'", "ʹ": "'", "″": "''",
    "½": "(1/2)", "≔": "=", "←": "=", "⟵": "=", "：": ":", "∕": "/", "ℓ": "l", "𝒩": "N", "ℕ": "N",
}
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "Δ": "Delta", "ε": "epsilon", "ϵ": "epsilon",
    "η": "eta", "θ": "theta", "λ": "lambda", "μ": "mu", "σ": "sigma", "Σ": "Sigma", "τ": "tau",
    "φ": "phi", "ϕ": "phi", "ψ": "psi", "ω": "omega", "π": "pi", "ρ": "rho", "ξ": "xi", "ζ": "zeta",
    "κ": "kappa", "ν": "nu", "χ": "chi", "Θ": "Theta", "Φ": "Phi", "Ω": "Omega",
}
_SYMBOL_OPS = {"⊙": "⊙", "·": "·", "×": "×", "√": "sqrt", "∑": "sum", "∏": "prod", "∈": "∈", "∪": "∪",
               "∂": "partial", "∇": "nabla", "⌊": "⌊", "⌋": "⌋", "⌈": "⌈", "⌉": "⌉", "ᵀ": "ᵀ", "⊤": "ᵀ"}
_OPEN, _CLOSE = "\ue010", "\ue011"  # braces made for a Unicode script run (not a sign of LaTeX)
_ACCENT_CHARS = {"hat": "\ue000", "tilde": "\ue001", "bar": "\ue002"}
_ACCENT_OF = {v: k for k, v in _ACCENT_CHARS.items()}


def _fullwidth(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch) if "\uff01" <= ch <= "\uff5e" else ch


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
        if ch in _SUP or ch in _SUB:
            table, mark = (_SUP, "^") if ch in _SUP else (_SUB, "_")
            chars += [(mark, i), (_OPEN, i)]
            while i < n and text[i] in table:
                chars.append((table[text[i]], i))
                i += 1
            chars.append((_CLOSE, i - 1))
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
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


# ---- LaTeX commands ------------------------------------------------------------

_SKIP_COMMANDS = frozenset({
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle", "quad", "qquad", ",", ";",
    ":", "!", " ", "limits", "nolimits", "mathbf", "boldsymbol", "bm", "mathbb", "vec", "mathcal",
    "mathscr", "pmb", "bf", "rm",
})
_WORD_COMMANDS = frozenset({"mathrm", "operatorname", "text", "textrm", "mathit", "textit", "mathsf", "textsf", "textbf"})
_OP_COMMANDS = {
    "odot": "⊙", "circ": "⊙", "cdot": "·", "bullet": "·", "times": "×", "ast": "*", "div": "/",
    "in": "∈", "cup": "∪", "top": "ᵀ", "intercal": "ᵀ", "prime": "'", "|": "‖", "Vert": "‖",
    "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "{": "\\{", "}": "\\}",
    "leftarrow": "=", "gets": "=", "coloneqq": "=", "coloneq": "=", "triangleq": "=", "lbrace": "\\{",
    "rbrace": "\\}", "langle": "(", "rangle": ")",
}
_CMD_COMMANDS = {
    "frac": "frac", "dfrac": "frac", "tfrac": "frac", "cfrac": "frac", "sqrt": "sqrt", "sum": "sum",
    "prod": "prod", "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde",
    "bar": "bar", "overline": "bar",
}
_NAME_COMMANDS = frozenset({
    "tanh", "exp", "log", "ln", "max", "min", "sin", "cos", "partial", "nabla", "ell", "det", "tr", "cosh", "sinh",
})
_UNSUPPORTED = {
    "cdots": "an ellipsis (…) cannot be checked; write every term",
    "ldots": "an ellipsis (…) cannot be checked; write every term",
    "dots": "an ellipsis (…) cannot be checked; write every term",
    "int": "integrals are not part of this chapter's formulas",
}
GREEK_NAMES = frozenset(GREEK.values()) | {"varepsilon", "vartheta", "varphi", "varsigma"}
_GREEK_ALIASES = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varsigma": "sigma"}

_COMMAND = re.compile(r"[A-Za-z]+|.")


# ---- the scanner ---------------------------------------------------------------

class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = normalise_chars(text)
        self.i = 0
        self.tokens: list[Token] = []
        self.depth = 0
        self.latex = False  # set once any backslash command or brace is seen

    def error(self, message: str, pos: int) -> FormulaSyntaxError:
        return FormulaSyntaxError(message, self.text, pos)

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.chars[j][0] if j < len(self.chars) else ""

    def pos(self, k: int = 0) -> int:
        j = self.i + k
        return self.chars[j][1] if j < len(self.chars) else len(self.text)

    def emit(self, kind: str, text: str, pos: int, latex: bool = False) -> None:
        if len(self.tokens) >= MAX_TOKENS:
            raise self.error(f"the formula is too long (more than {MAX_TOKENS} symbols)", pos)
        self.tokens.append(Token(kind, text, pos, latex))

    def open(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"brackets are nested too deeply (more than {MAX_NESTING} levels)", pos)

    def run(self) -> list[Token]:
        while self.i < len(self.chars):
            ch, pos = self.chars[self.i]
            if ch.isspace():
                self.i += 1
            elif ch == "\\":
                self.command()
            elif ch.isdigit() or (ch == "." and self.peek(1).isdigit()):
                self.number()
            elif ch in GREEK:
                self.emit("name", GREEK[ch], pos)
                self.i += 1
            elif ch.isalpha() and ch.isascii():
                self.letters()
            elif ch in _ACCENT_OF:
                self.emit("cmd", _ACCENT_OF[ch], pos)
                self.i += 1
            elif ch == "." and self.peek(1) == "T" and not self.peek(2).isalpha():
                self.emit("op", "ᵀ", pos)
                self.i += 2
            else:
                self.symbol(ch, pos)
        if self.depth > 0:
            raise self.error("a bracket is opened but never closed", len(self.text))
        self.emit("end", "", len(self.text))
        return self.tokens

    def number(self) -> None:
        start = self.i
        seen_dot = False
        while self.peek().isdigit() or (self.peek() == "." and not seen_dot and self.peek(1).isdigit()):
            seen_dot |= self.peek() == "."
            self.i += 1
        digits = "".join(c for c, _ in self.chars[start:self.i])
        if len(digits) > 15:
            raise self.error("a number with more than 15 digits is too large to check", self.chars[start][1])
        self.emit("num", digits, self.chars[start][1])

    def letters(self) -> None:
        start = self.i
        while self.peek().isascii() and self.peek().isalpha():
            self.i += 1
        self.emit("letters", "".join(c for c, _ in self.chars[start:self.i]), self.chars[start][1])

    def symbol(self, ch: str, pos: int) -> None:
        self.i += 1
        if ch in "([{⌊⌈":
            self.open(pos)
        if ch in (_OPEN, _CLOSE):
            self.depth += 1 if ch == _OPEN else -1
            self.emit("op", "{" if ch == _OPEN else "}", pos)
            return
        elif ch in ")]}⌋⌉":
            self.depth -= 1
            if self.depth < 0:
                raise self.error(f"'{ch}' closes a bracket that was never opened", pos)
        if ch in _SYMBOL_OPS:
            value = _SYMBOL_OPS[ch]
            self.emit("cmd" if value in ("sqrt", "sum", "prod") else ("name" if value in ("partial", "nabla") else "op"), value, pos)
        elif ch in "+-*/^_()[]{},=|‖@'!<>;:":
            if ch == "/" and self.peek() == "/":
                self.i += 1
                ch = "//"
            if ch == ":" and self.peek() == "=":
                self.i += 1
                ch = "="
            if ch == "*" and self.peek() == "*":  # Python's power: tanh(x)**2
                self.i += 1
                ch = "^"
            self.emit("op", ch, pos)
        else:
            raise self.error(f"unexpected character {ch!r}", pos)

    def command(self) -> None:
        pos = self.pos()
        self.latex = True
        rest = "".join(c for c, _ in self.chars[self.i + 1:self.i + 40])
        match = _COMMAND.match(rest)
        if not match:
            raise self.error("a lone backslash", pos)
        name = match.group(0)
        self.i += 1 + len(name)
        if name in _SKIP_COMMANDS:
            return
        if name in _UNSUPPORTED:
            raise self.error(_UNSUPPORTED[name], pos)
        if name in _WORD_COMMANDS:
            self.word_command(name, pos)
        elif name in _OP_COMMANDS:
            value = _OP_COMMANDS[name]
            if value in "⌊⌈":
                self.open(pos)
            elif value in "⌋⌉":
                self.depth -= 1
            self.emit("op", value, pos, latex=True)
        elif name in _CMD_COMMANDS:
            self.emit("cmd", _CMD_COMMANDS[name], pos, latex=True)
        elif name in GREEK_NAMES:
            self.emit("name", _GREEK_ALIASES.get(name, name), pos, latex=True)
        elif name in _NAME_COMMANDS:
            self.emit("name", name, pos, latex=True)
        else:
            raise self.error(f"unknown LaTeX command \\{name}", pos)

    def word_command(self, name: str, pos: int) -> None:
        """``\\mathrm{diag}`` -> the name ``diag``; ``\\mathsf{T}`` -> a transpose."""
        j = self.i
        while self.peek() == " ":
            self.i += 1
        if self.peek() != "{":
            self.i = j
            return  # \mathrm x: the decoration of one letter, ignore it
        end = self.i + 1
        while end < len(self.chars) and self.chars[end][0] != "}" and end - self.i < 40:
            end += 1
        content = "".join(c for c, _ in self.chars[self.i + 1:end]).strip()
        if end >= len(self.chars) or not re.fullmatch(r"[A-Za-z]+", content or "-"):
            return  # leave the braces as a group, e.g. \mathrm{(L)}
        self.i = end + 1
        if content == "T" and name in ("mathsf", "mathrm", "textsf"):
            self.emit("op", "ᵀ", pos, latex=True)
        elif len(content) == 1:
            self.emit("letters", content, pos, latex=True)
        else:
            self.emit("name", content, pos, latex=True)


def tokenize(text: str) -> tuple[list[Token], bool]:
    """The tokens of ``text`` and whether it is LaTeX (scripts take one character)."""
    if len(text) > MAX_CHARS:
        raise FormulaSyntaxError(
            f"the formula is too long ({len(text):,} characters; the limit is {MAX_CHARS:,})", text[:200], 0)
    scanner = _Scanner(text)
    tokens = scanner.run()
    return tokens, scanner.latex
