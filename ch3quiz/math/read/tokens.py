"""One token stream for three notations: LaTeX, Unicode and ASCII.

``\\sigma'(Z^{(L-1)})``, ``σ′(Z⁽ᴸ⁻¹⁾)`` and ``sigma'(Z^(L-1))`` all become the
same tokens. Input is bounded (length, token count, bracket nesting) here,
before the parser sees it, so no input can make the parser recurse deeply.
Every token keeps the column of the character it came from. Characters are made plain in ``characters``,
LaTeX commands read in ``latex``; the scanner dispatches on each character through ``_RULES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ch3quiz.errors import FormulaError
from ch3quiz.math.read import latex, layout
from ch3quiz.math.read.tokenops import like, matching_back, op
from ch3quiz.math.read.characters import ACCENT_OF, CLOSE, GREEK, GREEK_NAMES, OPEN, SYMBOL_OPS, normalise_chars

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


class _Scanner:
    """The scanner's state: the plain characters, the position, the tokens so far, the bracket depth."""

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
            raise self.error(f"the formula is too long (more than {MAX_TOKENS} symbols); check one formula at a time, without its working", pos)
        self.tokens.append(Token(kind, text, pos, latex))

    def open(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"brackets are nested too deeply (more than {MAX_NESTING} levels); remove the brackets around single terms", pos)

    def run(self) -> list[Token]:
        while self.i < len(self.chars):
            ch, pos = self.chars[self.i]
            handler = next(handler for applies, handler in _RULES if applies(self, ch))
            handler(self, ch, pos)
        if self.depth > 0:
            raise self.error("a bracket is opened but never closed; add the closing ')', ']' or '}' where it ends", len(self.text))
        self.emit("end", "", len(self.text))
        return self.tokens


# ---- one handler per kind of character ---------------------------------------------

def _space(s: _Scanner, ch: str, pos: int) -> None:
    s.i += 1


def _command(s: _Scanner, ch: str, pos: int) -> None:
    latex.command(s)


def _number(s: _Scanner, ch: str, pos: int) -> None:
    start = s.i
    seen_dot = False
    while s.peek().isdigit() or (s.peek() == "." and not seen_dot and s.peek(1).isdigit()):
        seen_dot |= s.peek() == "."
        s.i += 1
    digits = "".join(c for c, _ in s.chars[start:s.i])
    if len(digits) > 15:
        raise s.error("a number with more than 15 digits is too large to check; write it with fewer digits", s.chars[start][1])
    s.emit("num", digits, s.chars[start][1])


def _greek(s: _Scanner, ch: str, pos: int) -> None:
    s.emit("name", GREEK[ch], pos)
    s.i += 1


def _letters(s: _Scanner, ch: str, pos: int) -> None:
    start = s.i
    while s.peek().isascii() and s.peek().isalpha():
        s.i += 1
    s.emit("letters", "".join(c for c, _ in s.chars[start:s.i]), s.chars[start][1])


def _accent(s: _Scanner, ch: str, pos: int) -> None:
    s.emit("cmd", ACCENT_OF[ch], pos)
    s.i += 1


def _dot_transpose(s: _Scanner, ch: str, pos: int) -> None:
    s.emit("op", "ᵀ", pos)  # ASCII W.T
    s.i += 2


# ** is Python's power (tanh(x)**2); MATLAB's .* ./ .^ are elementwise; -= and += are augmented assignments
_TWO_CHARACTERS = {("/", "/"): "//", (":", "="): "=", ("*", "*"): "^", (".", "*"): "⊙", (".", "/"): "/",
                   (".", "^"): "^", ("-", "="): "-=", ("+", "="): "+=", ("!", "="): "≠",
                   (">", "="): "≥", ("<", "="): "≤"}


def _symbol(s: _Scanner, ch: str, pos: int) -> None:
    s.i += 1
    if ch in "([{⌊⌈":
        s.open(pos)
    if ch in (OPEN, CLOSE):
        s.depth += 1 if ch == OPEN else -1
        s.emit("op", "{" if ch == OPEN else "}", pos)
        return
    elif ch in ")]}⌋⌉":
        s.depth -= 1
        if s.depth < 0:
            raise s.error(f"'{ch}' closes a bracket that was never opened; delete it or open the bracket before it", pos)
    if ch in SYMBOL_OPS:
        value = SYMBOL_OPS[ch]
        s.emit("cmd" if value in ("sqrt", "sum", "prod") else ("name" if value in ("partial", "nabla") else "op"), value, pos)
    elif ch in "+-*/^_()[]{},=|‖@'!<>;:.&":
        pair = _TWO_CHARACTERS.get((ch, s.peek()))
        if pair is not None:
            s.i += 1
            ch = pair
        if ch == "^":
            _power_of_a_call(s.tokens)
        s.emit("op", ch, pos)
    else:
        raise s.error(f"unexpected character {ch!r}; delete it or write it in ASCII (sigma, sqrt, *, ^)", pos)


def _power_of_a_call(tokens: list[Token]) -> None:
    """A power (``^``, Python's ``**``) right after a plain-text ``sum(…)`` raises the call: ``sum(p**2)**0.5``
    and ``sum(p^2)^0.5`` are the root of the whole sum (``sumall``), as code and plain text mean them. A
    ``\\sum`` or ``sum_i`` with its index stays the ∑ of notation, where ``\\sum (p_i)^2`` is ∑p_i²."""
    start = matching_back(tokens, len(tokens) - 1, "(", ")") if tokens and op(tokens[-1], ")") else None
    if start is None or start == 0:
        return
    name = tokens[start - 1]
    if name.kind == "letters" and name.text == "sum" and not (start > 1 and op(tokens[start - 2], ".")):
        tokens[start - 1] = like(name, "letters", "sumall")


# Tried in order: the first rule that applies to the character reads it.
_RULES: tuple[tuple[Callable[[_Scanner, str], bool], Callable[[_Scanner, str, int], None]], ...] = (
    (lambda s, ch: ch.isspace() or ch in "$`", _space),  # $…$ and `…` only mark a formula or code
    (lambda s, ch: ch == "\\", _command),
    (lambda s, ch: ch.isdigit() or (ch == "." and s.peek(1).isdigit()), _number),
    (lambda s, ch: ch in GREEK, _greek),
    (lambda s, ch: ch.isalpha() and ch.isascii(), _letters),
    (lambda s, ch: ch in ACCENT_OF, _accent),
    (lambda s, ch: ch == "." and s.peek(1) == "T" and not s.peek(2).isalpha(), _dot_transpose),
    (lambda s, ch: True, _symbol),
)


def tokenize(text: str) -> tuple[list[Token], bool]:
    """The tokens of ``text`` and whether it is LaTeX (scripts take one character)."""
    if len(text) > MAX_CHARS:
        raise FormulaSyntaxError(
            f"the formula is too long ({len(text):,} characters; the limit is {MAX_CHARS:,}); paste only the formula", text[:200], 0)
    scanner = _Scanner(text)
    tokens = layout.tidy(scanner.run(), scanner.error)
    return tokens, scanner.latex


__all__ = ["GREEK_NAMES", "MAX_CHARS", "MAX_NESTING", "MAX_TOKENS", "FormulaSyntaxError", "Token", "tokenize"]
