"""What surrounds a pasted formula, and the code idioms around it, made plain for the parser (token level).

People paste a line of an aligned derivation (``&= σ(x)(1-σ(x)) \\\\``), a sentence's end (``ŷ − y。``),
a numbered equation (``\\begin{eqnarray} … \\tag{30}\\end{eqnarray}``) or a line of numpy
(``np.dot(W.T, d)``, ``torch.sigmoid(z)``, ``A.transpose()``, ``np.sum(dZ, axis=1, keepdims=True)``).
Each rule below takes the token list and gives a tidier one; positions are kept, so a later error
still points into what was typed. The rules are tried in order, each over the whole list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ch3quiz.math.read.aggregates import set_aggregates
from ch3quiz.math.read.latex import EVALUATION_START
from ch3quiz.math.read.tokenops import depths
from ch3quiz.math.read.tokenops import like as _like
from ch3quiz.math.read.tokenops import matching as _matching
from ch3quiz.math.read.tokenops import matching_back as _matching_back
from ch3quiz.math.read.tokenops import op as _op

if TYPE_CHECKING:
    from ch3quiz.math.read.tokens import Token

# Prefixes that name where a function lives, not what it does: np.tanh is tanh.
MODULES = frozenset({"np", "numpy", "torch", "math", "self", "F", "tf", "jnp", "nn", "functional", "scipy",
                     "special", "backend", "cp", "jax", "linalg", "LA"})
# Mathematica writes a function's argument in brackets: Tanh[x].
_BRACKET_CALLS = {"Tanh": "tanh", "Sigmoid": "sigmoid", "LogisticSigmoid": "sigmoid", "Exp": "exp", "Log": "log",
                  "Sqrt": "sqrt", "Cosh": "cosh", "Sinh": "sinh", "Sech": "sech", "Floor": "floor"}
# Keyword arguments of numpy and torch calls: an axis turns a sum into a row or column sum, the rest
# (keepdims, dtype) change nothing here.
_KEYWORDS = frozenset({"axis", "dim", "keepdims", "keepdim", "dtype", "axes", "out"})
_AXIS_SUMS = {"1": "rowsum", "-1": "rowsum", "0": "colsum"}
# numpy's and torch's functions written as calls, read in meaning.calls: dot(W, d) is W @ d.
CODE_FUNCTIONS = frozenset({"dot", "matmul", "mm", "multiply", "outer", "pow", "power", "square", "int", "maximum",
                            "transpose", "rowsum", "colsum", "sumall", "add", "subtract", "divide", "rsqrt"})
_TRAILING = frozenset({".", ",", ";"})
# Other names numpy, torch and scipy give the same operations, read as the names above: np.diagflat(v) builds
# diag(v); torch.mv(X, p) is the matrix-vector product X @ p, torch.ger(a, b) the outer product, torch.mul(a, b)
# the elementwise one; scipy's expit is the logistic sigmoid.
_CALL_SYNONYMS = {"diagflat": "diag", "mv": "matmul", "ger": "outer", "mul": "multiply", "true_divide": "divide",
                  "expit": "sigmoid"}
# The 2 of a norm's order, as code writes it: norm(p, 2), norm(p, ord=2), torch.norm(p, p=2).
_TWO_NORM_ARGUMENTS = (["2"], ["ord", "=", "2"], ["p", "=", "2"])

Error = Callable[[str, int], Exception]


def last_line(tokens: list[Token], error: Error) -> list[Token]:
    """``a \\\\ &= b \\\\``: the answer is the last line that says something; a side condition is cut (one after
    the formula: a ∀ inside a bracket belongs to a set written there, read by ``aggregates``)."""
    depth = depths(tokens)
    cut = next((i for i, t in enumerate(tokens) if _op(t, "⊣") and depth[i] == 0), None)
    if cut is not None:
        tokens = tokens[:cut]
    lines: list[list[Token]] = [[]]
    for tok in tokens:
        if _op(tok, "⏎"):
            lines.append([])
        else:
            lines[-1].append(tok)
    said = [line for line in lines if any(not _op(t, "&", *_TRAILING) and t.kind != "end" for t in line)]
    return said[-1] if said else lines[0]


def alignment(tokens: list[Token], error: Error) -> list[Token]:
    """``C_t &= … &\\text{new cell state}``: the first ``&`` aligns, a second starts a comment column."""
    marks = [i for i, t in enumerate(tokens) if _op(t, "&")]
    if not marks:
        return tokens
    if len(marks) > 1:
        tokens = tokens[:marks[1]]
    return tokens[:marks[0]] + tokens[marks[0] + 1:]


def punctuation(tokens: list[Token], error: Error) -> list[Token]:
    """A sentence's full stop or comma after the formula, and a leading ``=`` (a continued line)."""
    while tokens and _op(tokens[-1], *_TRAILING):
        tokens = tokens[:-1]
    while tokens and _op(tokens[0], "="):
        tokens = tokens[1:]
    return tokens


def augmented(tokens: list[Token], error: Error) -> list[Token]:
    """``theta -= eta * grad``: the update ``theta = theta - (eta * grad)``."""
    at = next((i for i, t in enumerate(tokens) if _op(t, "-=", "+=")), None)
    if at is None or at == 0:
        return tokens
    tok = tokens[at]
    left, right = tokens[:at], tokens[at + 1:]
    return (left + [_like(tok, "op", "=")] + left + [_like(tok, "op", tok.text[0]), _like(tok, "op", "(")]
            + right + [_like(right[-1] if right else tok, "op", ")")])


def modules(tokens: list[Token], error: Error) -> list[Token]:
    """``np.tanh``, ``torch.nn.functional.sigmoid``, ``self.y_hat``: the name without where it lives. A module's
    ``sum(…)`` is a call, ``np.sum(p**2)**0.5`` the root of the whole sum (``sumall``), never a ∑ of roots."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "letters" and tok.text in MODULES and i + 2 < len(tokens) and _op(tokens[i + 1], ".") \
                and tokens[i + 2].kind == "letters" and (not out or not _op(out[-1], ".")):
            if tokens[i + 2].text == "sum" and i + 3 < len(tokens) and _op(tokens[i + 3], "("):
                tokens = tokens[:i + 2] + [_like(tokens[i + 2], "letters", "sumall")] + tokens[i + 3:]
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def methods(tokens: list[Token], error: Error) -> list[Token]:
    """``A.transpose()`` and ``A.t()`` are ``Aᵀ``; ``p.norm()`` is ``‖p‖``; ``W.dot(d)`` and ``W.mm(d)`` are ``W @ (d)``."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _op(tok, ".") and i + 1 < len(tokens) and tokens[i + 1].kind == "letters":
            name = tokens[i + 1].text
            if name in ("transpose", "t") and i + 3 < len(tokens) and _op(tokens[i + 2], "(") \
                    and _op(tokens[i + 3], ")"):
                out.append(_like(tok, "op", "ᵀ"))
                i += 4
                continue
            if name == "norm" and i + 3 < len(tokens) and _op(tokens[i + 2], "(") and _op(tokens[i + 3], ")") and out:
                out.insert(_evaluation_start(out, len(out)), _like(tok, "op", "‖"))  # p.norm(): ‖p‖
                out.append(_like(tok, "op", "‖"))
                i += 4
                continue
            if name in ("dot", "mm", "matmul", "pow") and i + 2 < len(tokens) and _op(tokens[i + 2], "("):
                out.append(_like(tok, "op", "^" if name == "pow" else "@"))  # x.pow(2) is x^(2)
                i += 2
                continue
        out.append(tok)
        i += 1
    return out


def bracket_calls(tokens: list[Token], error: Error) -> list[Token]:
    """Mathematica's ``Tanh[c_t]`` is ``tanh(c_t)``."""
    out = list(tokens)
    for i, tok in enumerate(out[:-1]):
        if tok.kind == "letters" and tok.text in _BRACKET_CALLS and _op(out[i + 1], "["):
            close = _matching(out, i + 1, "[", "]")
            if close is not None:
                out[i] = _like(tok, "letters", _BRACKET_CALLS[tok.text])
                out[i + 1] = _like(out[i + 1], "op", "(")
                out[close] = _like(out[close], "op", ")")
    return out


def angle_indices(tokens: list[Token], error: Error) -> list[Token]:
    """``h<t-1>`` and ``h⟨t⟩`` (Andrew Ng's time steps) are ``h[t-1]``, read like ``h_{t-1}``."""
    out = list(tokens)
    for i, tok in enumerate(out):
        after_name = i > 0 and out[i - 1].kind in ("letters", "name")
        after_caret = i > 0 and _op(out[i - 1], "^") or i > 1 and _op(out[i - 1], "{") and _op(out[i - 2], "^")
        if not (_op(tok, "<") and (after_name or after_caret)):
            continue
        j = i + 1
        while j < len(out) and (out[j].kind in ("letters", "num") or _op(out[j], "+", "-")) and j - i < 6:
            j += 1
        if j < len(out) and j > i + 1 and _op(out[j], ">"):
            out[i] = _like(tok, "op", "[")
            out[j] = _like(out[j], "op", "]")
    return out


def keywords(tokens: list[Token], error: Error) -> list[Token]:
    """``np.sum(dZ, axis=1, keepdims=True)`` is the row sum ``rowsum(dZ)``; ``softmax(z, dim=0)`` is ``softmax(z)``."""
    out: list[Token] = []
    heads: list[int | None] = []  # for each open parenthesis: the index in ``out`` of the name before it
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _op(tok, ",") and heads and i + 2 < len(tokens) and tokens[i + 1].kind == "letters" \
                and tokens[i + 1].text in _KEYWORDS and _op(tokens[i + 2], "="):
            j = i + 3
            value = ""
            while j < len(tokens) and not _op(tokens[j], ",", ")"):
                value += tokens[j].text
                j += 1
            head = heads[-1]
            if tokens[i + 1].text in ("axis", "dim") and head is not None and out[head].text in ("sum", "sumall"):
                if value not in _AXIS_SUMS:
                    raise error(f"a sum over axis {value} cannot be read here; write the sum out", tok.pos)
                out[head] = _like(out[head], "letters", _AXIS_SUMS[value])
            i = j
            continue
        if _op(tok, "("):
            heads.append(len(out) - 1 if out and out[-1].kind == "letters" else None)
        elif _op(tok, ")") and heads:
            heads.pop()
        out.append(tok)
        i += 1
    return out


def dots(tokens: list[Token], error: Error) -> list[Token]:
    """A ``.`` left between two operands is a product (``(1-z_t).h_{t-1}``); anywhere else it cannot be read."""
    out = list(tokens)
    for i, tok in enumerate(out):
        if _op(tok, "."):
            if 0 < i < len(out) - 1 and out[i + 1].kind != "end":
                out[i] = _like(tok, "op", "·")
            else:
                raise error("unexpected '.'", tok.pos)
    return out


def norm_calls(tokens: list[Token], error: Error) -> list[Token]:
    """``norm(p)`` and ``np.linalg.norm(p)`` (its module already gone) are ``‖(p)‖``, and so are ``norm(p, 2)``,
    ``norm(p, ord=2)``, ``torch.norm(p, p=2)``; another order is not the 2-norm and is refused."""
    out: list[Token] = []
    closers: dict[int, Token] = {}  # index of a call's closing parenthesis -> the ‖ to put after it
    skipped: set[int] = set()  # the order argument (, 2) of a call already read
    for i, tok in enumerate(tokens):
        if i in skipped:
            continue
        if tok.kind == "letters" and tok.text == "norm" and i + 1 < len(tokens) and _op(tokens[i + 1], "("):
            close = _matching(tokens, i + 1, "(", ")")
            end = _two_norm_end(tokens, i + 2, close) if close is not None else None
            if end is None and close is not None:
                raise error("only the 2-norm is read: write norm(p) or ‖p‖", tok.pos)
            if end is not None:
                out.append(_like(tok, "op", "‖"))
                closers[close] = _like(tokens[close], "op", "‖")
                skipped.update(range(end, close))
                continue
        out.append(tok)
        if i in closers:
            out.append(closers[i])
    return out


def _two_norm_end(tokens: list[Token], start: int, close: int) -> int | None:
    """Where the vector argument of ``norm(…)`` ends (``close``, or the comma before an order 2); None otherwise."""
    depth = depths(tokens[start:close])
    commas = [k for k in range(start, close) if _op(tokens[k], ",") and depth[k - start] == 0]
    if not commas:
        return close
    order = [t.text for t in tokens[commas[0] + 1:close]]
    return commas[0] if len(commas) == 1 and order in _TWO_NORM_ARGUMENTS else None


def norm_bars(tokens: list[Token], error: Error) -> list[Token]:
    """ASCII ``||p||`` is the norm ``‖p‖`` (``|N(u)||N(v)|`` stays two sizes side by side: an open ``|``
    closes first); the 2 of ``‖p‖_2`` names the norm ``‖·‖`` already is, so it goes."""
    out: list[Token] = []
    bars: list[str] = []  # open | and ‖, innermost last
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        pair = _op(tok, "|") and i + 1 < len(tokens) and _op(tokens[i + 1], "|") \
            and tokens[i + 1].pos == tok.pos + 1 and not (bars and bars[-1] == "|")
        if pair:
            tok = _like(tok, "op", "‖")
            i += 1
        if _op(tok, "|", "‖"):
            closing = bool(bars) and bars[-1] == tok.text
            bars.pop() if closing else bars.append(tok.text)
            out.append(tok)
            i += 1
            if closing and tok.text == "‖":
                i += _two_norm_mark(tokens, i)
            continue
        out.append(tok)
        i += 1
    return out


def _two_norm_mark(tokens: list[Token], i: int) -> int:
    """How many tokens at ``i`` spell a subscript 2 (``_2`` or ``_{2}``): 0 if none."""
    texts = [t.text for t in tokens[i:i + 4]]
    if texts[:2] == ["_", "2"] and tokens[i + 1].kind == "num":
        return 2
    if texts == ["_", "{", "2", "}"]:
        return 4
    return 0


_CLOSERS = {")": "(", "]": "[", "}": "{"}


def evaluation_bars(tokens: list[Token], error: Error) -> list[Token]:
    r"""``\left.∇J(θ)\right|_{θ=θ_t}`` and ``∇J(θ)\big\vert_{θ=θ_t}``: the point put in for the variable (in what
    ``\left.`` opened, else in the operand just before the bar), then bar and subscript go."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if _op(out[i], "|") and i + 2 < len(out) and _op(out[i + 1], "_") and _op(out[i + 2], "{"):
            close = _matching(out, i + 2, "{", "}")
            point = out[i + 3:close] if close is not None else []
            equals = [k for k, t in enumerate(point) if _op(t, "=")]
            if close is not None and not equals:
                raise error("write the point of evaluation as |_{θ=θ_t}: one variable, then its value", out[i].pos)
            if close is not None and len(equals) == 1:
                start = _evaluation_start(out, i)
                body = _substituted(out[start:i], point[:equals[0]], point[equals[0] + 1:], out[i], error)
                out[start:close + 1] = body
                i = start + len(body)
                continue
        i += 1
    return [t for t in out if not _op(t, EVALUATION_START)]


def _evaluation_start(tokens: list[Token], bar: int) -> int:
    r"""Where the quantity evaluated at a bar starts: after ``\left.``, else at the operand before the bar."""
    marks = [k for k in range(bar) if _op(tokens[k], EVALUATION_START)]
    if marks:
        return marks[-1]
    j = bar - 1
    while j >= 0:
        tok = tokens[j]
        if tok.kind == "op" and tok.text in _CLOSERS:
            opener = _matching_back(tokens, j, _CLOSERS[tok.text], tok.text)
            if opener is None:
                break
            j = opener - 1
        elif tok.kind in ("letters", "name", "num") or _op(tok, "_", "^"):
            j -= 1
        else:
            break
    return j + 1


def _substituted(body: list[Token], variable: list[Token], value: list[Token], bar: Token,
                 error: Error) -> list[Token]:
    """``body`` with the point ``value`` put in for ``variable`` (a single name, never a script of another)."""
    if len(variable) != 1 or variable[0].kind not in ("letters", "name") or not value:
        raise error("write the point of evaluation as |_{θ=θ_t}: one variable, then its value", bar.pos)
    name = variable[0]
    if [t.text for t in value] == [name.text]:
        return body
    out: list[Token] = []
    for k, tok in enumerate(body):
        is_script = k > 0 and _op(body[k - 1], "_", "^") or k + 1 < len(body) and _op(body[k + 1], "_", "^")
        if tok.kind == name.kind and tok.text == name.text and not is_script:
            out += [_like(tok, "op", "(")] + [replace(t, pos=tok.pos) for t in value] + [_like(tok, "op", ")")]
        else:
            out.append(tok)
    return out


# Items can be added but never re-ordered: later rules rely on what earlier ones removed.
def cases_rows(tokens: list[Token], error: Error) -> list[Token]:
    """Inside ``\\begin{cases}``, ``&`` separates a value from its condition and ``\\\\`` ends a row: neither is
    a pasted line's alignment or line break. A comma before ``&`` and the word ``\\text{if}`` after it go
    (``0, & \\text{if } x > 0``)."""
    out: list[Token] = []
    inside = False
    for tok in tokens:
        inside = (inside or _op(tok, "⟦")) and not _op(tok, "⟧")
        if inside and _op(tok, "&"):
            if out and _op(out[-1], ","):
                out.pop()
            tok = _like(tok, "op", "⇐")
        elif inside and _op(tok, "⏎"):
            tok = _like(tok, "op", ";")
        elif inside and tok.kind == "name" and tok.text == "if" and out and _op(out[-1], "⇐"):
            continue
        out.append(tok)
    return out


def call_synonyms(tokens: list[Token], error: Error) -> list[Token]:
    """``np.diagflat(v)`` is ``diag(v)`` and ``torch.mv(X, p)`` is ``matmul(X, p)``: only where the name is called."""
    out = list(tokens)
    for i, tok in enumerate(out[:-1]):
        if tok.kind == "letters" and tok.text in _CALL_SYNONYMS and _op(out[i + 1], "(") \
                and (i == 0 or not _op(out[i - 1], "_", "^")):
            out[i] = _like(tok, "letters", _CALL_SYNONYMS[tok.text])
    return out


RULES: tuple[Callable[[list[Token], Error], list[Token]], ...] = (
    cases_rows, last_line, alignment, punctuation, augmented, modules, methods, bracket_calls, angle_indices, keywords, dots,
    norm_calls, norm_bars, evaluation_bars, call_synonyms, set_aggregates,
)


def tidy(tokens: list[Token], error: Error) -> list[Token]:
    """The tokens with the surroundings of the formula removed and code idioms made plain."""
    end = tokens[-1]
    body = tokens[:-1]
    for rule in RULES:
        body = rule(body, error)
    return body + [end]
