"""A hand-written Pratt parser: tokens -> a small syntax tree with positions.

The tree says what was *written* (a juxtaposition, a ``\\cdot``, a superscript);
deciding what it *means* (a layer index or a power, a matrix or an elementwise
product) is the job of :mod:`ch3quiz.math.meaning.ir` and :mod:`ch3quiz.math.meaning.shapes`.

Binding powers, loosest first: ``=`` (equation sides), ``∈``, ``∪``, ``+ -``,
unary minus, explicit products ``⊙ · × * /``, matrix product ``@`` and
juxtaposition, ``^``, postfix ``′ ᵀ``, subscripts. Juxtaposition binds tighter
than an explicit product, so ``σ′(Z) ⊙ Wᵀδ`` reads as ``σ′(Z) ⊙ (Wᵀδ)``, as the
notes mean it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ch3quiz.math.read.tokens import GREEK_NAMES, FormulaSyntaxError, Token, tokenize

MAX_DEPTH = 120

# Names that are one word, never a product of letters, when typed in ASCII.
BUILTIN_FUNCTIONS = frozenset({
    "sigma", "tanh", "exp", "log", "ln", "relu", "ReLU", "softmax", "diag", "floor", "ceil", "sqrt",
    "max", "min", "sin", "cos", "abs", "N", "Sigma", "sign", "sgn", "det", "tr", "sigmoid", "cosh", "sinh", "sech",
})
# Functions that may take their argument without parentheses: \tanh x, \log\sigma(z).
_PREFIX_FUNCTIONS = frozenset({"tanh", "exp", "log", "ln", "sin", "cos", "sigma", "relu", "ReLU", "softmax", "diag", "cosh", "sinh", "sech"})
_WORDS = (BUILTIN_FUNCTIONS | GREEK_NAMES | {"sum", "prod", "nabla", "partial", "grad", "norm", "frac", "hat", "tilde", "bar"}) - {"N"}
_ASCII_COMMANDS = {"sum": "sum", "prod": "prod", "frac": "frac", "hat": "hat", "tilde": "tilde", "bar": "bar"}


# ---- the tree ----------------------------------------------------------------

@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Num(Node):
    text: str


@dataclass(frozen=True)
class Ident(Node):
    name: str
    accent: str | None = None


@dataclass(frozen=True)
class Sub:
    text: str  # canonical text: t-1, hh, kj, in
    node: Node | None


@dataclass(frozen=True)
class Script(Node):
    base: Node
    sub: Sub | None = None
    sup: Node | None = None


@dataclass(frozen=True)
class Postfix(Node):
    op: str  # T | prime
    x: Node


@dataclass(frozen=True)
class Marker(Node):
    op: str  # a lone ᵀ or ′ (only meaningful as a superscript)


@dataclass(frozen=True)
class Call(Node):
    fn: Node
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Bin(Node):
    op: str  # + - ⊙ · × * @ / juxt ∈ ∪
    a: Node
    b: Node


@dataclass(frozen=True)
class Neg(Node):
    x: Node


@dataclass(frozen=True)
class Frac(Node):
    num: Node
    den: Node


@dataclass(frozen=True)
class Root(Node):
    x: Node
    index: Node | None = None


@dataclass(frozen=True)
class Delim(Node):
    kind: str  # ( [ | ‖ ⌊ ⌈
    x: Node


@dataclass(frozen=True)
class BigOp(Node):
    kind: str  # sum | prod
    sub: Node | None
    sup: Node | None
    body: Node


@dataclass(frozen=True)
class SetLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Parsed:
    sides: tuple[Node, ...]
    text: str
    latex: bool


# ---- the parser --------------------------------------------------------------

_CLOSERS = {"(": ")", "[": "]", "{": "}", "\\{": "\\}", "⌊": "⌋", "⌈": "⌉"}
_PRODUCT_OPS = {"⊙", "·", "×", "*", "/"}
_BP = {"∈": 3, "∪": 5, "+": 10, "-": 10, "⊙": 20, "·": 20, "×": 20, "*": 20, "/": 20, "//": 20, "@": 25,
       "^": 35, "'": 40, "ᵀ": 40, "_": 45}
_JUXT_BP = 25


class _Parser:
    def __init__(self, text: str, functions: Iterable[str]) -> None:
        self.text = text
        self.tokens, self.latex = tokenize(text)
        self.i = 0
        self.functions = BUILTIN_FUNCTIONS | frozenset(functions)
        self.words = _WORDS | frozenset(f for f in functions if len(f) > 1)
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
            raise self.error(f"expected '{text}'{where}, found {found}", tok.pos)
        return self.next()

    def error(self, message: str, pos: int) -> FormulaSyntaxError:
        return FormulaSyntaxError(message, self.text, pos)

    def split_letters(self, tok: Token, one: bool) -> Token:
        """Take one name off a run of letters; push the rest back."""
        word = tok.text
        if one or tok.latex:
            take = 1 if not tok.latex else len(word)
        else:
            take = next((n for n in range(len(word), 1, -1) if word[:n] in self.words), 1)
        if take < len(word):
            rest = Token("letters", word[take:], tok.pos + take, tok.latex)
            self.tokens[self.i - 1:self.i] = [Token("letters", word[:take], tok.pos, tok.latex), rest]
        return self.tokens[self.i - 1]

    # -- entry
    def parse(self) -> Parsed:
        if self.peek().kind == "end":
            raise self.error("the answer is empty", 0)
        sides = [self.expr(0)]
        while self.at("="):
            self.next()
            sides.append(self.expr(0))
        tok = self.peek()
        if tok.kind != "end":
            raise self.error(f"unexpected '{tok.text}'", tok.pos)
        return Parsed(tuple(sides), self.text, self.latex)

    def expr(self, rbp: int) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error("the formula is nested too deeply", self.peek().pos)
        try:
            left = self.nud()
            while True:
                lbp, op = self.infix()
                if lbp <= rbp:
                    return left
                left = self.led(left, op, lbp)
        finally:
            self.depth -= 1

    def infix(self) -> tuple[int, str]:
        tok = self.peek()
        if tok.kind == "op":
            if tok.text in ("|", "‖") and self.bars and self.bars[-1] == tok.text:
                return 0, ""  # closes the open |..| or ‖..‖
            if tok.text in _BP:
                return _BP[tok.text], tok.text
            if tok.text in ("(", "[", "{", "\\{", "⌊", "⌈", "|", "‖"):
                return _JUXT_BP, "juxt"
            return 0, ""
        if tok.kind == "letters" and self.sum_sub and tok.text == "in":
            return _BP["∈"], "∈"
        if tok.kind == "letters" and self.sum_sub and tok.text in ("U", "cup"):
            return _BP["∪"], "∪"
        if tok.kind in ("num", "letters", "name", "cmd"):
            return _JUXT_BP, "juxt"
        return 0, ""

    def led(self, left: Node, op: str, lbp: int) -> Node:
        if op == "juxt":
            return Bin(left.pos, "juxt", left, self.expr(lbp))
        tok = self.next()
        if op == "^":
            return self.superscript(left, self.script_arg(tok))
        if op == "_":
            return self.subscript(left, tok)
        if op == "'":
            return Postfix(tok.pos, "prime", left)
        if op == "ᵀ":
            return Postfix(tok.pos, "T", left)
        if self.peek().kind == "end":
            raise self.error(f"'{tok.text}' needs something after it", tok.pos)
        return Bin(tok.pos, op, left, self.expr(lbp))

    # -- scripts
    def superscript(self, base: Node, arg: Node) -> Node:
        if isinstance(arg, Marker):
            return Postfix(arg.pos, "T" if arg.op == "T" else "prime", base)
        if isinstance(arg, Ident) and arg.name == "T" and arg.accent is None:
            return Postfix(arg.pos, "T", base)
        if isinstance(arg, Postfix) and arg.op == "T":  # W^{(L)\top}: a layer, then a transpose
            return Postfix(arg.pos, "T", self.superscript(base, arg.x))
        if isinstance(arg, Bin) and arg.op == "juxt" and isinstance(arg.b, Ident) and arg.b.name == "T":
            return Postfix(arg.b.pos, "T", self.superscript(base, arg.a))  # W^{(L)T}
        if isinstance(arg, Postfix) and arg.op == "prime" and isinstance(arg.x, Marker):
            return Postfix(arg.pos, "prime", Postfix(arg.pos, "prime", base))
        if isinstance(base, Script) and base.sup is None:
            return Script(base.pos, base.base, base.sub, arg)
        return Script(base.pos, base, None, arg)

    def subscript(self, base: Node, tok: Token) -> Node:
        start = self.i
        arg = self.script_arg(tok, subscript=True)
        text = "".join(t.text for t in self.tokens[start:self.i])
        if text.startswith("{") and text.endswith("}"):
            text = text[1:-1]
        if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
            text = text[1:-1]
        sub = Sub(text, arg)
        if text in ("hat", "tilde", "bar") and isinstance(base, Ident) and base.accent is None:
            return Ident(base.pos, base.name, text)  # ASCII y_hat, D_tilde
        if isinstance(base, Script) and base.sub is None:
            return Script(base.pos, base.base, sub, base.sup)
        if isinstance(base, Postfix):  # W^T_{kj}: index the untransposed name
            return Postfix(base.pos, base.op, self.subscript_inner(base.x, sub))
        return Script(base.pos, base, sub, None)

    def subscript_inner(self, base: Node, sub: Sub) -> Node:
        if isinstance(base, Script) and base.sub is None:
            return Script(base.pos, base.base, sub, base.sup)
        return Script(base.pos, base, sub, None)

    def script_arg(self, op: Token, subscript: bool = False) -> Node:
        tok = self.peek()
        if tok.kind == "end":
            raise self.error(f"'{op.text}' needs something after it", op.pos)
        if tok.kind == "op" and tok.text == "{":
            inner = self.peek(1)
            if inner.kind == "op" and inner.text in ("ᵀ", "'") and self.peek(2).text == "}":
                self.i += 3
                return Marker(inner.pos, "T" if inner.text == "ᵀ" else "prime")
            opened = self.next()
            node = self.expr(0)
            if self.sum_sub and self.at("="):  # \sum_{k=1}
                eq = self.next()
                node = Bin(eq.pos, "=", node, self.expr(0))
            while subscript and self.at(","):  # W_{k,j}
                comma = self.next()
                node = Bin(comma.pos, ",", node, self.expr(0))
            self.expect("}", opened)
            return node
        if tok.kind == "op" and tok.text in ("ᵀ", "'"):
            self.next()
            return Marker(tok.pos, "T" if tok.text == "ᵀ" else "prime")
        if tok.kind == "op" and tok.text in ("-", "+"):  # ASCII e^-x
            self.next()
            operand = self.script_arg(op)
            return Neg(tok.pos, operand) if tok.text == "-" else operand
        if tok.kind == "op" and tok.text == "(":
            opened = self.next()
            node = self.expr(0)
            self.expect(")", opened)
            return Delim(opened.pos, "(", node)
        if tok.kind == "num":
            self.next()
            if self.latex and len(tok.text) > 1 and "." not in tok.text:
                self.tokens[self.i - 1:self.i] = [Token("num", tok.text[0], tok.pos), Token("num", tok.text[1:], tok.pos + 1)]
            return Num(tok.pos, self.tokens[self.i - 1].text)
        if tok.kind == "letters":
            self.next()
            if self.latex:
                tok = self.split_letters(tok, one=True)
            return Ident(tok.pos, tok.text)
        if tok.kind == "name":
            self.next()
            return Ident(tok.pos, tok.text)
        if tok.kind == "cmd":
            return self.nud()
        raise self.error(f"unexpected '{tok.text}' after '{op.text}'", tok.pos)

    # -- operands
    def nud(self) -> Node:
        tok = self.next()
        kind, text = tok.kind, tok.text
        if kind == "end":
            raise self.error("the formula ends too early", tok.pos)
        if kind == "num":
            return Num(tok.pos, text)
        if kind == "letters":
            accented = re.fullmatch(r"([A-Za-z])(hat|tilde|bar)", tok.text)
            if accented and not tok.latex:  # ASCII yhat
                return Ident(tok.pos, accented.group(1), accented.group(2))
            tok = self.split_letters(tok, one=False)
            if tok.text in _ASCII_COMMANDS and not tok.latex:
                return self.command(Token("cmd", _ASCII_COMMANDS[tok.text], tok.pos))
            return self.name(tok)
        if kind == "name":
            return self.name(tok)
        if kind == "cmd":
            return self.command(tok)
        if text == "-":
            return Neg(tok.pos, self.expr(15))
        if text == "+":
            return self.expr(15)
        if text in ("(", "[", "{", "⌊", "⌈"):
            inner = self.expr(0)
            self.expect(_CLOSERS[text], tok)
            if text == "{" and isinstance(inner, Ident) and inner.accent is None and inner.name in self.functions \
                    and self.at("("):  # \mathcal{N}(v), \mathrm{f}(x)
                return self.name(Token("name", inner.name, inner.pos))
            return inner if text == "{" else Delim(tok.pos, text, inner)
        if text == "\\{":
            items = [self.expr(0)]
            while self.at(","):
                self.next()
                items.append(self.expr(0))
            self.expect("\\}", tok)
            return SetLit(tok.pos, tuple(items))
        if text in ("|", "‖"):
            self.bars.append(text)
            try:
                inner = self.expr(0)
            finally:
                self.bars.pop()
            self.expect(text, tok)
            return Delim(tok.pos, text, inner)
        if text in ("ᵀ", "'"):
            return Marker(tok.pos, "T" if text == "ᵀ" else "prime")
        raise self.error(f"unexpected '{text}'", tok.pos)

    def name(self, tok: Token) -> Node:
        node: Node = Ident(tok.pos, tok.text)
        if tok.text == "Sigma" and self.at("_"):  # Σ_{u∈N(v)}: a sum
            return self.big_op(Token("cmd", "sum", tok.pos))
        if tok.text == "grad":
            node = Ident(tok.pos, "nabla")
        elif tok.text not in self.functions and tok.text not in ("nabla",):
            return node
        # a function head: its scripts and primes, then its argument
        while True:
            if self.at("'"):
                node = Postfix(self.next().pos, "prime", node)
            elif self.at("^", "_"):
                op = self.next()
                node = self.superscript(node, self.script_arg(op)) if op.text == "^" else self.subscript(node, op)
            else:
                break
        if tok.text in ("nabla", "grad"):  # ∇J(θ), ∇_θ J: the operator takes what follows
            if self.peek().kind == "end":
                raise self.error("∇ needs something after it", tok.pos)
            return Bin(tok.pos, "juxt", node, self.expr(_JUXT_BP))
        if self.at("("):
            opened = self.next()
            args = [self.expr(0)]
            while self.at(","):
                self.next()
                args.append(self.expr(0))
            self.expect(")", opened)
            return Call(tok.pos, node, tuple(args))
        nxt = self.peek()
        if tok.text in _PREFIX_FUNCTIONS and nxt.kind in ("num", "letters", "name", "cmd"):
            return Call(tok.pos, node, (self.expr(_JUXT_BP),))
        if tok.text in _PREFIX_FUNCTIONS and nxt.kind == "op" and nxt.text in ("|", "‖") \
                and not (self.bars and self.bars[-1] == nxt.text):  # \log|x|: the log of |x|, like \log x
            return Call(tok.pos, node, (self.expr(_JUXT_BP),))
        return node

    def group_arg(self) -> Node:
        """The argument of \\frac or \\sqrt: a braced group, or one character or token."""
        tok = self.peek()
        if tok.kind == "op" and tok.text == "{":
            opened = self.next()
            node = self.expr(0)
            self.expect("}", opened)
            return node
        if tok.kind == "op" and tok.text == "(":
            return self.nud()
        if tok.kind == "num" and len(tok.text) > 1 and self.latex:
            self.next()
            self.tokens[self.i - 1:self.i] = [Token("num", tok.text[0], tok.pos), Token("num", tok.text[1:], tok.pos + 1)]
            return Num(tok.pos, tok.text[0])
        if tok.kind == "end":
            raise self.error("a \\frac or \\sqrt is missing its argument", tok.pos)
        return self.script_arg(tok)

    def command(self, tok: Token) -> Node:
        name = tok.text
        if name == "frac":
            num = self.group_arg()
            den = self.group_arg()
            return Frac(tok.pos, num, den)
        if name == "sqrt":
            index = None
            if self.at("["):
                opened = self.next()
                index = self.expr(0)
                self.expect("]", opened)
            if self.at("("):
                return Root(tok.pos, self.nud(), index)
            if self.at("|", "‖"):
                return Root(tok.pos, self.nud(), index)
            return Root(tok.pos, self.group_arg() if self.at("{") else self.expr(_JUXT_BP), index)
        if name in ("hat", "tilde", "bar"):
            arg = self.group_arg()
            if isinstance(arg, Ident) and arg.accent is None:
                return Ident(arg.pos, arg.name, name)
            if isinstance(arg, Script) and isinstance(arg.base, Ident):
                return Script(arg.pos, Ident(arg.base.pos, arg.base.name, name), arg.sub, arg.sup)
            raise self.error(f"\\{name} must sit on one letter", tok.pos)
        if name in ("sum", "prod"):
            return self.big_op(tok)
        raise self.error(f"unexpected \\{name}", tok.pos)  # pragma: no cover - the scanner emits no other cmd

    def big_op(self, tok: Token) -> Node:
        sub = sup = None
        for _ in range(2):
            if self.at("_"):
                op = self.next()
                self.sum_sub += 1
                try:
                    sub = self.script_arg(op, subscript=True)
                finally:
                    self.sum_sub -= 1
            elif self.at("^"):
                sup = self.script_arg(self.next())
        if self.peek().kind == "end":
            raise self.error(f"the {tok.text} has nothing to add up", tok.pos)
        body = self.expr(10)
        return BigOp(tok.pos, tok.text, sub, sup, body)


def parse(text: str, functions: Iterable[str] = ()) -> Parsed:
    """Parse a formula or a whole equation (``a = b = c``) into its sides."""
    return _Parser(text, functions).parse()


def parse_expression(text: str, functions: Iterable[str] = ()) -> Node:
    """Parse exactly one expression (no ``=``)."""
    parsed = parse(text, functions)
    if len(parsed.sides) != 1:
        raise FormulaSyntaxError("expected an expression, not an equation", text, 0)
    return parsed.sides[0]
