"""A hand-written Pratt parser: tokens -> a small syntax tree with positions (``tree``).

The tree says what was *written* (a juxtaposition, a ``\\cdot``, a superscript);
deciding what it *means* (a layer index or a power, a matrix or an elementwise
product) is the job of :mod:`ch3quiz.math.meaning.ir` and :mod:`ch3quiz.math.meaning.shapes`.

Binding powers, loosest first: ``=`` (equation sides), ``∈``, ``∪``, ``+ -``,
unary minus, explicit products ``⊙ · × * /``, matrix product ``@`` and
juxtaposition, ``^``, postfix ``′ ᵀ``, subscripts. Juxtaposition binds tighter
than an explicit product, so ``σ′(Z) ⊙ Wᵀδ`` reads as ``σ′(Z) ⊙ (Wᵀδ)``, as the
notes mean it. They live in one table, ``INFIX``, each beside its handler; what can start an operand is
in ``operands``, scripts in ``scripts``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from ch3quiz.math.read import operands
from ch3quiz.math.read.scripts import index_follows, led_index, led_subscript, led_superscript
from ch3quiz.math.read.characters import GREEK_NAMES
from ch3quiz.math.read.layout import CODE_FUNCTIONS
from ch3quiz.math.read.tokens import FormulaSyntaxError, Token, tokenize
from ch3quiz.math.read.tree import Bin, Node, Num, Parsed, Postfix

MAX_DEPTH = 120

# Names that are one word, never a product of letters, when typed in ASCII.
BUILTIN_FUNCTIONS = frozenset({
    "sigma", "tanh", "exp", "log", "ln", "relu", "ReLU", "softmax", "diag", "floor", "ceil", "sqrt",
    "max", "min", "sin", "cos", "abs", "N", "Sigma", "sign", "sgn", "det", "tr", "sigmoid", "cosh", "sinh", "sech",
}) | frozenset(CODE_FUNCTIONS) | frozenset({"s", "S", "sig", "sigm", "logistic", "f", "g"})
_WORDS = (BUILTIN_FUNCTIONS | GREEK_NAMES | {"sum", "prod", "nabla", "partial", "grad", "norm", "frac", "hat", "tilde", "bar"}
          | {"probs", "prob", "pred", "preds", "ypred", "yhat", "output", "prev", "next", "Cost", "cost", "Loss", "loss",
             "lr", "gradient", "learning"}) - {"N"}


# ---- infix operators: binding power and handler, side by side --------------------------

def _binary(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    """``left op right``; ``op`` is the table key (``in`` under a sum is ``∈``)."""
    if p.peek().kind == "end":
        raise p.error(f"'{tok.text}' needs something after it; write the term that follows it", tok.pos)
    if op == "/" and isinstance(left, Num) and _number_then_factor(p):  # 1/2 (ŷ - y)^2 is ½(ŷ−y)², as on paper
        number = p.next()
        return Bin(tok.pos, op, left, Num(number.pos, number.text))
    if op == "/" and _bracket_then_spaced_factor(p):  # x/(σ(1−σ)) (σ − y): the bracket alone is the denominator
        return Bin(tok.pos, op, left, p.expr(INFIX["'"].bp))
    return Bin(tok.pos, op, left, p.expr(INFIX[op].bp))


def _number_then_factor(p: _Parser) -> bool:
    """A number after '/', then, after a space or at a bracket, a factor: the fraction is a coefficient."""
    number, after = p.peek(), p.peek(1)
    if number.kind != "num" or after.kind == "end":
        return False
    spaced = after.pos > number.pos + len(number.text) and p.text[after.pos - 1].isspace()
    opens = after.kind == "op" and after.text in ("(", "[")
    return (spaced and (after.kind in ("letters", "name", "cmd") or opens)) or opens


def _bracket_then_spaced_factor(p: _Parser) -> bool:
    """A bracket (or a root of one, √(…)) after '/', then a space and another factor: on paper the fraction ends at
    the bracket (Ãᵥᵤ/√(D̃ᵤᵤ D̃ᵥᵥ) hᵤ is the coefficient times hᵤ)."""
    k = 1 if p.peek().kind == "cmd" and p.peek().text == "sqrt" else 0
    if not (p.peek(k).kind == "op" and p.peek(k).text == "("):
        return False
    depth = 0
    while p.peek(k).kind != "end":
        text = p.peek(k).text if p.peek(k).kind == "op" else ""
        depth += (text in ("(", "[", "{")) - (text in (")", "]", "}"))
        if depth == 0:
            break
        k += 1
    close, after = p.peek(k), p.peek(k + 1)
    if close.kind == "end" or after.kind == "end" or not p.text[close.pos + 1:after.pos].isspace():
        return False
    return after.kind in ("letters", "name", "num", "cmd") or (after.kind == "op" and after.text in _OPENERS)


def _juxtapose(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    return Bin(left.pos, "juxt", left, p.expr(INFIX[op].bp))  # no token of its own: the next operand follows


def _prime(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    return Postfix(tok.pos, "prime", left)


def _transpose(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    return Postfix(tok.pos, "T", left)


class Infix(NamedTuple):
    bp: int  # binding power: how tightly the operator holds its left operand
    led: Callable[[_Parser, Node, Token, str], Node]  # (parser, left operand, the operator's token, table key)
    takes_token: bool = True  # juxtaposition has no token of its own


UNARY_BP = 15  # a sign binds tighter than + and -, looser than every product
INFIX: dict[str, Infix] = {
    "∈": Infix(3, _binary), "≠": Infix(3, _binary),
    ">": Infix(3, _binary), "<": Infix(3, _binary), "≥": Infix(3, _binary), "≤": Infix(3, _binary), "∪": Infix(5, _binary),
    "+": Infix(10, _binary), "-": Infix(10, _binary),
    "⊙": Infix(20, _binary), "·": Infix(20, _binary), "×": Infix(20, _binary), "*": Infix(20, _binary),
    "/": Infix(20, _binary), "//": Infix(20, _binary),
    "@": Infix(25, _binary), "juxt": Infix(25, _juxtapose, takes_token=False),
    "^": Infix(35, led_superscript),
    "'": Infix(40, _prime), "ᵀ": Infix(40, _transpose),
    "_": Infix(45, led_subscript), "[index]": Infix(45, led_index),
}
_OPENERS = ("(", "[", "{", "\\{", "⌊", "⌈", "|", "‖")  # an operand written right after another: a product
_NONE = (0, "")


class _Parser:
    """The parser's state (tokens, position, open bars, depth) and the Pratt loop; handlers are elsewhere."""

    def __init__(self, text: str, functions: Iterable[str]) -> None:
        self.text = text
        self.tokens, self.latex = tokenize(text)
        self.i = 0
        self.functions = BUILTIN_FUNCTIONS | frozenset(functions)
        self.words = _WORDS | frozenset(f for f in functions if len(f) > 1)
        self.longest_word = max(len(w) for w in self.words)
        self.bars: list[str] = []  # open | and ‖ delimiters, innermost last
        self.sum_sub = 0
        self.depth = 0

    # -- tokens
    def peek(self, k: int = 0) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.peek()
        self.i += 1
        return tok

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok.kind == "op" and tok.text in texts

    def expect(self, text: str, opened: Token | None = None) -> Token:
        if not self.at(text):
            tok = self.peek()
            found = "the end" if tok.kind == "end" else f"'{tok.text}'"
            where = f" to close the '{opened.text}' at column {opened.pos + 1}" if opened else ""
            raise self.error(f"expected '{text}'{where}, found {found}; write '{text}' there", tok.pos)
        return self.next()

    def error(self, message: str, pos: int) -> FormulaSyntaxError:
        return FormulaSyntaxError(message, self.text, pos)

    def split_letters(self, tok: Token, one: bool) -> Token:
        """Take one name off a run of letters; push the rest back."""
        word = tok.text
        if one or tok.latex:
            take = 1 if not tok.latex else len(word)
        else:
            longest = min(len(word), self.longest_word)  # bounded: a run of 2,000 letters is split in linear work
            take = next((n for n in range(longest, 1, -1) if word[:n] in self.words), 1)
        if take < len(word):
            rest = Token("letters", word[take:], tok.pos + take, tok.latex)
            self.tokens[self.i - 1:self.i] = [Token("letters", word[:take], tok.pos, tok.latex), rest]
        return self.tokens[self.i - 1]

    # -- the Pratt loop
    def parse(self) -> Parsed:
        if self.peek().kind == "end":
            raise self.error("the answer is empty; type a formula, e.g. sigma(x)*(1-sigma(x))", 0)
        sides = [self.expr(0)]
        while self.at("="):
            self.next()
            sides.append(self.expr(0))
        tok = self.peek()
        if tok.kind != "end":
            raise self.error(f"unexpected '{tok.text}'; delete it, or join it to the rest with an operator (+ - * /)", tok.pos)
        return Parsed(tuple(sides), self.text, self.latex)

    def expr(self, rbp: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("the formula is nested too deeply; write it with fewer brackets inside brackets", self.peek().pos)
        try:
            left = self.nud()
            while True:
                lbp, op = self.infix()
                if lbp <= rbp:
                    return left
                infix = INFIX[op]
                tok = self.next() if infix.takes_token else self.peek()
                left = infix.led(self, left, tok, op)
        finally:
            self.depth -= 1

    def infix(self) -> tuple[int, str]:
        """The binding power and table key of what follows, as an infix operator; (0, "") when nothing binds."""
        tok = self.peek()
        if tok.kind == "op":
            if tok.text in ("|", "‖") and self.bars and self.bars[-1] == tok.text:
                return _NONE  # closes the open |..| or ‖..‖
            if tok.text in INFIX:
                return INFIX[tok.text].bp, tok.text
            if tok.text == "[" and index_follows(self):
                return INFIX["[index]"].bp, "[index]"
            return (INFIX["juxt"].bp, "juxt") if tok.text in _OPENERS else _NONE
        if tok.kind == "letters" and self.sum_sub and tok.text == "in":
            return INFIX["∈"].bp, "∈"
        if tok.kind == "letters" and self.sum_sub and tok.text in ("U", "cup"):
            return INFIX["∪"].bp, "∪"
        if tok.kind in ("num", "letters", "name", "cmd"):
            return INFIX["juxt"].bp, "juxt"
        return _NONE

    def nud(self) -> Node:
        """An operand: by the kind of the next token, or, for an operator, by its text."""
        tok = self.next()
        handler = operands.BY_KIND.get(tok.kind) or operands.BY_TEXT.get(tok.text)
        if handler is None:
            raise self.error(f"unexpected '{tok.text}'; write an operand before it (a symbol, a number or a bracket)", tok.pos)
        return handler(self, tok)

    def operand(self) -> Node:
        """An operand that binds as tightly as juxtaposition (a function's bare argument, ∇'s operand)."""
        return self.expr(INFIX["juxt"].bp)

    def signed(self) -> Node:
        """What follows a sign."""
        return self.expr(UNARY_BP)

    def summand(self) -> Node:
        """One term of a sum (a \\sum's body)."""
        return self.expr(INFIX["+"].bp)


def parse(text: str, functions: Iterable[str] = ()) -> Parsed:
    """Parse a formula or a whole equation (``a = b = c``) into its sides."""
    return _Parser(text, functions).parse()


def parse_expression(text: str, functions: Iterable[str] = ()) -> Node:
    """Parse exactly one expression (no ``=``)."""
    parsed = parse(text, functions)
    if len(parsed.sides) != 1:
        raise FormulaSyntaxError("expected an expression, not an equation", text, 0)
    return parsed.sides[0]
