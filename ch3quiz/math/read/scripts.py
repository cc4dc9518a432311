"""Scripts: superscripts, subscripts and the arguments of \\frac and \\sqrt, read for the parser.

Each function takes the parser (``parser._Parser``) as its first argument; a superscript ``T`` or ``′`` is a
transpose or a derivative, a subscript keeps its canonical text (``t-1``, ``kj``) beside its tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ch3quiz.math.read.tokens import Token
from ch3quiz.math.read.tree import Bin, Delim, Ident, Marker, Neg, Node, Num, Postfix, Script, Sub

if TYPE_CHECKING:
    from ch3quiz.math.read.parser import _Parser


def superscript(p: _Parser, base: Node, arg: Node) -> Node:
    if isinstance(arg, Marker):
        return Postfix(arg.pos, "T" if arg.op == "T" else "prime", base)
    if isinstance(arg, Ident) and arg.name == "T" and arg.accent is None:
        return Postfix(arg.pos, "T", base)
    if isinstance(arg, Postfix) and arg.op == "T":  # W^{(L)\top}: a layer, then a transpose
        return Postfix(arg.pos, "T", superscript(p, base, arg.x))
    if isinstance(arg, Bin) and arg.op == "juxt" and isinstance(arg.b, Ident) and arg.b.name == "T":
        return Postfix(arg.b.pos, "T", superscript(p, base, arg.a))  # W^{(L)T}
    if isinstance(arg, Postfix) and arg.op == "prime" and isinstance(arg.x, Marker):
        return Postfix(arg.pos, "prime", Postfix(arg.pos, "prime", base))
    if isinstance(base, Script) and base.sup is None:
        return Script(base.pos, base.base, base.sub, arg)
    return Script(base.pos, base, None, arg)


def subscript(p: _Parser, base: Node, tok: Token) -> Node:
    word, after = p.peek(), p.peek(1)
    if word.kind == "letters" and not p.latex and len(word.text) > 1 and word.text not in p.words \
            and after.kind == "op" and after.text == "_" and after.pos == word.pos + len(word.text):
        # W_fhₜ₋₁ (W_f h_{t-1}): the last letter takes the next subscript, the rest is this one
        p.tokens[p.i:p.i + 1] = [Token("letters", word.text[:-1], word.pos),
                                 Token("letters", word.text[-1], word.pos + len(word.text) - 1)]
    start = p.i
    arg = script_arg(p, tok, subscript=True)
    text = "".join(t.text for t in p.tokens[start:p.i])
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
        return Postfix(base.pos, base.op, _subscript_inner(base.x, sub))
    return Script(base.pos, base, sub, None)


def _subscript_inner(base: Node, sub: Sub) -> Node:
    if isinstance(base, Script) and base.sub is None:
        return Script(base.pos, base.base, sub, base.sup)
    return Script(base.pos, base, sub, None)


def led_superscript(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    return superscript(p, left, script_arg(p, tok))


def led_subscript(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    return subscript(p, left, tok)


def led_index(p: _Parser, left: Node, tok: Token, op: str) -> Node:
    """``h[t-1]``, ``W[l+1]``: code's index, read as a label (``h_{t-1}``; a layer where the symbol has one)."""
    start = p.i
    node = p.expr(0)
    text = "".join(t.text for t in p.tokens[start:p.i])
    p.expect("]", tok)
    if isinstance(left, Postfix):
        return Postfix(left.pos, left.op, _subscript_inner(left.x, Sub(text, node)))
    return _subscript_inner(left, Sub(text, node))


def index_follows(p: _Parser, opener: str = "[") -> bool:
    """Whether a ``[`` right after a name (no space between) holds an index like ``t-1`` or ``l+1``;
    for ``(`` (``h(t-1)``, ``c(t)``) only a letter with an optional ±number: ``x(1-x)`` stays a product."""
    tok, before = p.peek(), p.tokens[p.i - 1] if p.i > 0 else None
    if before is None or before.kind not in ("letters", "name") or tok.pos == 0 or p.text[tok.pos - 1].isspace() \
            or tok.text != opener:
        return False
    inside = []
    while len(inside) < 5 and (p.peek(len(inside) + 1).kind in ("letters", "num")
                               or p.peek(len(inside) + 1).text in ("+", "-")):
        inside.append(p.peek(len(inside) + 1))
    if not inside or p.peek(len(inside) + 1).text != ("]" if opener == "[" else ")"):
        return False
    if opener == "[":
        return len(inside) <= 3
    return inside[0].kind == "letters" and len(inside[0].text) == 1 and (
        len(inside) == 1 or len(inside) == 3 and inside[1].text in "+-" and inside[2].kind == "num")


_SCRIPT_EXAMPLE = {"^": "^2 or ^{(l)}", "_": "_t or _{t-1}"}  # the next thing to type after a bare ^ or _


def script_arg(p: _Parser, op: Token, subscript: bool = False) -> Node:
    """What a ``^`` or ``_`` applies to: a braced group, a marker, a signed argument, or one token."""
    tok = p.peek()
    if tok.kind == "end":
        raise p.error(f"'{op.text}' needs something after it; write {_SCRIPT_EXAMPLE.get(op.text, op.text + '{…}')}", op.pos)
    if tok.kind == "op" and tok.text == "{":
        return _braced_script(p, subscript)
    if tok.kind == "op" and tok.text in ("ᵀ", "'"):
        p.next()
        return Marker(tok.pos, "T" if tok.text == "ᵀ" else "prime")
    if tok.kind == "op" and tok.text in ("-", "+"):  # ASCII e^-x
        p.next()
        operand = script_arg(p, op)
        return Neg(tok.pos, operand) if tok.text == "-" else operand
    if tok.kind == "op" and tok.text in ("(", "["):  # ASCII W^(L), Andrew Ng's W^[l]
        opened = p.next()
        node = p.expr(0)
        p.expect(")" if tok.text == "(" else "]", opened)
        return Delim(opened.pos, tok.text, node)
    if tok.kind == "num":
        p.next()
        if p.latex and len(tok.text) > 1 and "." not in tok.text:
            p.tokens[p.i - 1:p.i] = [Token("num", tok.text[0], tok.pos), Token("num", tok.text[1:], tok.pos + 1)]
        return Num(tok.pos, p.tokens[p.i - 1].text)
    if tok.kind == "letters":
        p.next()
        if p.latex:
            tok = p.split_letters(tok, one=True)
        return Ident(tok.pos, tok.text)
    if tok.kind == "name":
        p.next()
        return Ident(tok.pos, tok.text)
    if tok.kind == "cmd":
        return p.nud()
    raise p.error(f"unexpected '{tok.text}' after '{op.text}'; put the script in braces: {op.text}{{…}}", tok.pos)


def _braced_script(p: _Parser, subscript: bool) -> Node:
    """``{…}`` after ``^`` or ``_``: a lone marker ``{ᵀ}``, a sum's range ``{k=1}``, indices ``{k,j}``."""
    inner = p.peek(1)
    if inner.kind == "op" and inner.text in ("ᵀ", "'") and p.peek(2).text == "}":
        p.i += 3
        return Marker(inner.pos, "T" if inner.text == "ᵀ" else "prime")
    opened = p.next()
    node = p.expr(0)
    if p.sum_sub and p.at("="):  # \sum_{k=1}
        eq = p.next()
        node = Bin(eq.pos, "=", node, p.expr(0))
    while subscript and p.at(","):  # W_{k,j}
        comma = p.next()
        node = Bin(comma.pos, ",", node, p.expr(0))
    p.expect("}", opened)
    return node


def group_arg(p: _Parser) -> Node:
    """The argument of \\frac or \\sqrt: a braced group, or one character or token."""
    tok = p.peek()
    if tok.kind == "op" and tok.text == "{":
        opened = p.next()
        node = p.expr(0)
        p.expect("}", opened)
        return node
    if tok.kind == "op" and tok.text == "(":
        return p.nud()
    if tok.kind == "num" and len(tok.text) > 1 and p.latex:
        p.next()
        p.tokens[p.i - 1:p.i] = [Token("num", tok.text[0], tok.pos), Token("num", tok.text[1:], tok.pos + 1)]
        return Num(tok.pos, tok.text[0])
    if tok.kind == "end":
        raise p.error("a \\frac or \\sqrt is missing its argument; write \\frac{a}{b} or \\sqrt{x}", tok.pos)
    return script_arg(p, tok)
