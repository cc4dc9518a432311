"""Operands: what can start an expression (the parser's prefix handlers), one small function per token kind
or opening symbol, and the function heads and commands (``\\frac``, ``\\sqrt``, ``\\sum``) they lead to.

Each handler takes the parser (``parser._Parser``) and the token just taken; binding powers stay in the
parser's table, reached through ``p.operand()`` (as tight as juxtaposition), ``p.signed()`` (after a sign)
and ``p.summand()`` (one term of a sum).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ch3quiz.math.read.scripts import group_arg, index_follows, script_arg, subscript, superscript
from ch3quiz.math.read.tokens import Token
from ch3quiz.math.read.tree import BigOp, Bin, Call, Delim, Frac, Ident, Marker, Neg, Node, Num, Postfix, Root, Script, SetExtreme, SetLit

if TYPE_CHECKING:
    from ch3quiz.math.read.parser import _Parser

ACCENT_D = "d"  # marks a name written with Andrew Ng's d prefix (dZ): the loss's derivative by it

# Functions that may take their argument without parentheses: \tanh x, \log\sigma(z).
PREFIX_FUNCTIONS = frozenset({"tanh", "exp", "log", "ln", "sin", "cos", "sigma", "relu", "ReLU", "softmax", "diag", "cosh", "sinh", "sech"})
_ASCII_COMMANDS = {"sum": "sum", "prod": "prod", "frac": "frac", "hat": "hat", "tilde": "tilde", "bar": "bar"}
_NOT_AN_OPERAND = frozenset({")", "]", "}", "=", "+", "-", ",", "*", "/", "⊙", "·", "@"})
_CLOSERS = {"(": ")", "[": "]", "{": "}", "\\{": "\\}", "⌊": "⌋", "⌈": "⌉"}

Prefix = Callable[["_Parser", Token], Node]


def _end(p: _Parser, tok: Token) -> Node:
    raise p.error("the formula ends too early; finish the last term", tok.pos)


def _number(p: _Parser, tok: Token) -> Node:
    return Num(tok.pos, tok.text)


def _letters(p: _Parser, tok: Token) -> Node:
    accented = re.fullmatch(r"([A-Za-z])(hat|tilde|bar)", tok.text)
    if accented and not tok.latex:  # ASCII yhat
        return Ident(tok.pos, accented.group(1), accented.group(2))
    if _ng_derivative(p, tok):  # Andrew Ng's dZ, dW, db: the loss's derivative by that symbol
        p.split_letters(tok, one=True)
        following = p.next()
        return Ident(tok.pos, following.text, ACCENT_D)
    if not tok.latex and tok.text[:1] == "d" and tok.text[1:] in p.functions and p.at("("):  # dsigma(z) = σ′(z)
        called = name(p, Token("name", tok.text[1:], tok.pos + 1))
        if isinstance(called, Call):
            return Call(called.pos, Postfix(tok.pos, "prime", called.fn), called.args)
    tok = p.split_letters(tok, one=False)
    if tok.text in _ASCII_COMMANDS and not tok.latex:
        return command(p, Token("cmd", _ASCII_COMMANDS[tok.text], tok.pos))
    return name(p, tok)


def _ng_derivative(p: _Parser, tok: Token) -> bool:
    """``dZ``, ``dW^{[l]}``, ``db``, ``dA_prev``: one ASCII word of d and one letter, not part of a quotient
    (``dJ/dW``, ``\\frac{dy}{dx}`` are derivatives written out, read elsewhere)."""
    word = tok.text
    if tok.latex or len(word) != 2 or word[0] != "d" or not word[1].isalpha() or word in p.words:
        return False
    before, after = p.tokens[p.i - 2] if p.i >= 2 else None, _after_scripts(p)
    return not (before is not None and before.kind == "op" and before.text in ("/", "{")) and after.text not in ("/", "}")


_OPENERS = {"(": ")", "{": "}", "[": "]"}


def _after_scripts(p: _Parser) -> Token:
    """The token after any scripts that follow the current one: in ``dA^(L-1)/dZ^(L-1)`` the '/' after
    ``^(L-1)`` still makes ``dA`` the top of a derivative written out, not Ng's name for ∂J/∂A."""
    k = 0
    while p.peek(k).text in ("^", "_"):
        k += 1
        closer = _OPENERS.get(p.peek(k).text)
        if closer is None:
            k += 1
            continue
        depth = 0
        while p.i + k < len(p.tokens):
            text = p.peek(k).text
            depth += (text in _OPENERS) - (text in _OPENERS.values())
            k += 1
            if depth == 0:
                break
    return p.peek(k)


def _minus(p: _Parser, tok: Token) -> Node:
    return Neg(tok.pos, p.signed())


def _plus(p: _Parser, tok: Token) -> Node:
    return p.signed()


def _group(p: _Parser, tok: Token) -> Node:
    inner = p.expr(0)
    p.expect(_CLOSERS[tok.text], tok)
    if tok.text == "{" and isinstance(inner, Ident) and inner.accent is None and inner.name in p.functions \
            and p.at("("):  # \mathcal{N}(v), \mathrm{f}(x)
        return name(p, Token("name", inner.name, inner.pos))
    return inner if tok.text == "{" else Delim(tok.pos, tok.text, inner)


def _cases(p: _Parser, tok: Token) -> Node:
    """``\\begin{cases} v_1 & c_1 \\\\ v_2 & c_2 \\end{cases}``: rows ``Bin('⇐', value, condition)`` joined by ``Bin('cases')``."""
    rows: list[Node] = []
    while not p.at("⟧"):
        value = p.expr(0)
        mark = p.expect("⇐", tok)
        rows.append(Bin(mark.pos, "⇐", value, p.expr(0)))
        if p.at(";"):
            p.next()
    p.expect("⟧", tok)
    if len(rows) != 2:
        raise p.error("a piecewise is read with two rows, a value for x > 0 and one for x < 0", tok.pos)
    return Bin(tok.pos, "cases", rows[0], rows[1])


def _set(p: _Parser, tok: Token) -> Node:
    items = [p.expr(0)]
    while p.at(","):
        p.next()
        items.append(p.expr(0))
    p.expect("\\}", tok)
    return SetLit(tok.pos, tuple(items))


def _bars(p: _Parser, tok: Token) -> Node:
    p.bars.append(tok.text)
    try:
        inner = p.expr(0)
    finally:
        p.bars.pop()
    p.expect(tok.text, tok)
    return Delim(tok.pos, tok.text, inner)


def _marker(p: _Parser, tok: Token) -> Node:
    return Marker(tok.pos, "T" if tok.text == "ᵀ" else "prime")


# ---- function heads ------------------------------------------------------------

def name(p: _Parser, tok: Token) -> Node:
    """A name; a function's name takes its scripts and primes, then its argument."""
    node: Node = Ident(tok.pos, tok.text)
    if tok.text == "Sigma" and p.at("_"):  # Σ_{u∈N(v)}: a sum
        return big_op(p, Token("cmd", "sum", tok.pos))
    if tok.text in ("grad", "gradient"):
        node = Ident(tok.pos, "nabla")
    elif tok.text not in p.functions and tok.text not in ("nabla",):
        if index_follows(p, "("):  # h(t-1), c(t): a label in parentheses (meaning decides)
            opened = p.next()
            arg = p.expr(0)
            p.expect(")", opened)
            return Call(tok.pos, node, (arg,))
        return node
    if tok.text == "nabla" and p.peek().kind == "name" and p.peek(1).kind in ("letters", "name"):
        # ∇θJ (Goodfellow, Ruder): the variable written after ∇ without its subscript mark is ∇_θ J
        p.tokens.insert(p.i, Token("op", "_", p.peek().pos))
    node = _function_scripts(p, node)
    if tok.text in ("nabla", "grad", "gradient"):  # ∇J(θ), ∇_θ J: the operator takes what follows
        if p.peek().kind == "end" or p.peek().text in _NOT_AN_OPERAND:
            return node  # nabla_b, grad_J, grad: a gradient written as a name
        if p.peek().kind == "end":
            raise p.error("∇ needs something after it; write ∇J(θ) or ∇_θ J", tok.pos)
        return Bin(tok.pos, "juxt", node, p.operand())
    if tok.text in ("max", "min") and p.at("{", "\\{"):
        return set_extreme(p, tok)
    if p.at("("):
        opened = p.next()
        args = [p.expr(0)]
        while p.at(","):
            p.next()
            args.append(p.expr(0))
        p.expect(")", opened)
        return Call(tok.pos, node, tuple(args))
    nxt = p.peek()
    if tok.text in PREFIX_FUNCTIONS and nxt.kind in ("num", "letters", "name", "cmd"):
        return Call(tok.pos, node, (p.operand(),))
    if tok.text in PREFIX_FUNCTIONS and nxt.kind == "op" and nxt.text in ("|", "‖") \
            and not (p.bars and p.bars[-1] == nxt.text):  # \log|x|: the log of |x|, like \log x
        return Call(tok.pos, node, (p.operand(),))
    return node


def _function_scripts(p: _Parser, node: Node) -> Node:
    while True:
        if p.at("'"):
            node = Postfix(p.next().pos, "prime", node)
        elif p.at("^", "_"):
            op = p.next()
            node = superscript(p, node, script_arg(p, op)) if op.text == "^" else subscript(p, node, op)
        else:
            return node


_INTEGERS = ("Z",)  # ℤ, \\mathbb{Z}, Z (ℕ would leave an empty set possible: not read)
_SUCH_THAT = (":", "|")  # :, \\colon, |, \\mid


def set_extreme(p: _Parser, tok: Token) -> Node:
    """``\\max\\{m\\in\\mathbb{Z} : ms+k\\le n+2p\\}``, ``max{m ∈ ℤ | …}``, ``max{m in Z : …}``: the largest (or
    smallest) integer m for which a comparison holds. Only this set-builder form is read after max and min."""
    opened = p.next()
    closer = _CLOSERS[opened.text]
    var = p.next()
    if var.kind != "letters" or len(var.text) != 1:
        raise p.error(f"write the set as {{m ∈ ℤ : condition}} after {tok.text}", var.pos)
    element = p.next()
    if element.text not in ("∈", "in"):
        raise p.error(f"say which integers {var.text} runs over: {{{var.text} ∈ ℤ : …}}", element.pos)
    braced = p.at("{")
    if braced:
        p.next()
    domain = p.next()
    if domain.kind != "letters" or domain.text not in _INTEGERS:
        raise p.error(f"{tok.text}{{…}} is read over the integers ℤ (\\mathbb{{Z}})", domain.pos)
    if braced:
        p.expect("}", domain)
    if not p.at(*_SUCH_THAT):
        raise p.error(f"write ':' or '|' between {var.text} ∈ ℤ and its condition", p.peek().pos)
    p.next()
    condition = p.expr(0)
    p.expect(closer, opened)
    return SetExtreme(tok.pos, tok.text, var.text, condition)


# ---- commands ------------------------------------------------------------------

def _frac(p: _Parser, tok: Token) -> Node:
    num = group_arg(p)
    den = group_arg(p)
    return Frac(tok.pos, num, den)


def _sqrt(p: _Parser, tok: Token) -> Node:
    index = None
    if p.at("["):
        opened = p.next()
        index = p.expr(0)
        p.expect("]", opened)
    if p.at("(") or p.at("|", "‖"):
        return Root(tok.pos, p.nud(), index)
    return Root(tok.pos, group_arg(p) if p.at("{") else p.operand(), index)


def _accent(p: _Parser, tok: Token) -> Node:
    following = p.peek()
    if following.kind == "letters" and len(following.text) > 1:  # ÃH: the accent sits on one letter
        p.tokens[p.i:p.i + 1] = [Token("letters", following.text[0], following.pos, following.latex),
                                 Token("letters", following.text[1:], following.pos + 1, following.latex)]
    arg = group_arg(p)
    if isinstance(arg, Ident) and arg.accent is None:
        accented = Ident(arg.pos, arg.name, tok.text)
        if index_follows(p, "("):  # c̃(t): a time label in parentheses
            opened = p.next()
            label = p.expr(0)
            p.expect(")", opened)
            return Call(tok.pos, accented, (label,))
        return accented
    if isinstance(arg, Script) and isinstance(arg.base, Ident):
        return Script(arg.pos, Ident(arg.base.pos, arg.base.name, tok.text), arg.sub, arg.sup)
    raise p.error(f"\\{tok.text} must sit on one letter; write \\{tok.text}{{y}}", tok.pos)


def big_op(p: _Parser, tok: Token) -> Node:
    """\\sum or \\prod with its range and limit (either order), then the body: one term of a sum."""
    sub = sup = None
    for _ in range(2):
        if p.at("_"):
            op = p.next()
            p.sum_sub += 1
            try:
                sub = script_arg(p, op, subscript=True)
            finally:
                p.sum_sub -= 1
        elif p.at("^"):
            sup = script_arg(p, p.next())
    if p.peek().kind == "end":
        raise p.error(f"the {tok.text} has nothing to add up; write the term after it, e.g. \\{tok.text}_{{k}} y_k", tok.pos)
    body = p.summand()
    return BigOp(tok.pos, tok.text, sub, sup, body)


_COMMANDS: dict[str, Prefix] = {"frac": _frac, "sqrt": _sqrt, "hat": _accent, "tilde": _accent, "bar": _accent,
                                "sum": big_op, "prod": big_op}


def command(p: _Parser, tok: Token) -> Node:
    handler = _COMMANDS.get(tok.text)
    if handler is None:
        raise p.error(f"unexpected \\{tok.text}", tok.pos)  # pragma: no cover - the scanner emits no other cmd
    return handler(p, tok)


# What starts an operand: by token kind, then (for an operator token) by its text.
BY_KIND: dict[str, Prefix] = {"end": _end, "num": _number, "letters": _letters, "name": name, "cmd": command}
BY_TEXT: dict[str, Prefix] = {
    "-": _minus, "+": _plus, "(": _group, "[": _group, "{": _group, "⌊": _group, "⌈": _group, "\\{": _set, "⟦": _cases,
    "|": _bars, "‖": _bars, "ᵀ": _marker, "'": _marker,
}
