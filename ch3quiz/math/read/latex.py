"""LaTeX commands for the scanner: a command is skipped, refused, or becomes an operator, a command token
(``\\frac``, ``\\sqrt``), a name (Greek letters, ``\\log``) or, from ``\\mathrm{…}``, a word.

Each handler takes the scanner (``tokens._Scanner``) as its first argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from ch3quiz.math.read.characters import GREEK_NAMES

if TYPE_CHECKING:
    from ch3quiz.math.read.tokens import _Scanner

_SKIP_COMMANDS = frozenset({
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "displaystyle", "textstyle", "scriptstyle", "quad", "qquad", ",", ";",
    ":", "!", " ", "limits", "nolimits", "mathbf", "boldsymbol", "bm", "mathbb", "vec", "mathcal",
    "mathscr", "pmb", "bf", "rm", "cal", "(", ")", "[", "]", "nonumber", "notag", "enspace",
    "mathop", "mathbin", "mathrel", "mathord", "smash", "underbrace", "phantom", "Large", "large", "small",
})
# A pasted line's surroundings: an environment's name, a number tag, a label or a colour is not the formula.
_UNWRAP = frozenset({"boxed", "fbox", "bbox"})  # a frame around the formula: command and braces go
_DROP_WITH_ARGUMENT = frozenset({"begin", "end", "tag", "label", "color", "textcolor", "eqref", "hspace"})
# Where the formula ends: a line break (the answer is the last line), or a side condition (\forall k > 0).
_BREAKS = {"\\": "⏎", "newline": "⏎", "cr": "⏎", "forall": "⊣"}
_WORD_COMMANDS = frozenset({"mathrm", "operatorname", "text", "textrm", "mathit", "textit", "mathsf", "textsf", "textbf"})
_OP_COMMANDS = {
    "odot": "⊙", "circ": "⊙", "cdot": "·", "bullet": "·", "times": "×", "ast": "*", "div": "/",
    "in": "∈", "cup": "∪", "top": "ᵀ", "intercal": "ᵀ", "prime": "'", "|": "‖", "Vert": "‖",
    "lVert": "‖", "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "colon": ":",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "{": "\\{", "}": "\\}",
    "leftarrow": "=", "gets": "=", "coloneqq": "=", "coloneq": "=", "triangleq": "=", "lbrace": "\\{",
    "rbrace": "\\}", "langle": "(", "rangle": ")", "_": "_", "neq": "≠", "ne": "≠", "&": "&",
    "gt": ">", "lt": "<", "ge": "≥", "geq": "≥", "geqslant": "≥", "le": "≤", "leq": "≤", "leqslant": "≤",
}
_CMD_COMMANDS = {
    "frac": "frac", "dfrac": "frac", "tfrac": "frac", "cfrac": "frac", "sqrt": "sqrt", "sum": "sum",
    "prod": "prod", "Pi": "prod", "hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde",
    "bar": "bar", "overline": "bar",
}
_NAME_COMMANDS = frozenset({
    "tanh", "exp", "log", "ln", "max", "min", "sin", "cos", "partial", "nabla", "ell", "det", "tr", "cosh", "sinh", "sech",
})
UNSUPPORTED = {
    "cdots": "an ellipsis (…) cannot be checked; write every term",
    "ldots": "an ellipsis (…) cannot be checked; write every term",
    "dots": "an ellipsis (…) cannot be checked; write every term",
    "int": "integrals are not part of this chapter's formulas",
}
_GREEK_ALIASES = {"varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi", "varsigma": "sigma"}

_COMMAND = re.compile(r"[A-Za-z]+|.")
CASES_OPEN, CASES_CLOSE = "⟦", "⟧"  # \begin{cases} … \end{cases}
EVALUATION_START = "⦃"  # where \left. opened: the start of what an evaluation bar |_{θ=θ_t} applies to


def command(s: _Scanner) -> None:
    """A backslash and the command after it, by the first table that holds the command's name."""
    pos = s.pos()
    s.latex = True
    rest = "".join(c for c, _ in s.chars[s.i + 1:s.i + 40])
    match = _COMMAND.match(rest)
    if not match:
        raise s.error("a lone backslash; write a command after it (\\frac, \\sigma) or delete it", pos)
    name = match.group(0)
    s.i += 1 + len(name)
    for names, handler in _KINDS:
        if name in names:
            handler(s, name, pos)
            return
    raise s.error(f"unknown LaTeX command \\{name}; write it in plain letters, or use \\frac, \\sqrt, \\sum, \\odot", pos)


def _braced_end(s: _Scanner) -> int | None:
    """After spaces, the index of the brace closing the ``{`` at the scanner's position (None: no group)."""
    while s.peek() == " ":
        s.i += 1
    if s.peek() != "{":
        return None
    depth = 0
    for j in range(s.i, len(s.chars)):
        depth += {"{": 1, "}": -1}.get(s.chars[j][0], 0)
        if depth == 0:
            return j
    return None


def _drop_with_argument(s: _Scanner, name: str, pos: int) -> None:
    """``\\tag{3}``, ``\\begin{aligned}``, ``\\color{blue}``: the command and its braced argument go."""
    end = _braced_end(s)
    if end is not None:
        argument = "".join(c for c, _ in s.chars[s.i + 1:end]).strip()
        s.i = end + 1
        if name in ("begin", "end") and argument == "cases":  # a piecewise: kept, read by the parser
            s.emit("op", CASES_OPEN if name == "begin" else CASES_CLOSE, pos, latex=True)


def _unwrap(s: _Scanner, name: str, pos: int) -> None:
    """``\\boxed{a = b}``: the frame's braces go too, so an equation inside reads as one."""
    end = _braced_end(s)
    if end is not None:
        del s.chars[end]
        del s.chars[s.i]


def _break(s: _Scanner, name: str, pos: int) -> None:
    s.emit("op", _BREAKS[name], pos, latex=True)


def _skip(s: _Scanner, name: str, pos: int) -> None:
    r"""Spacing and sizing (``\left``, ``\quad``) and typefaces (``\mathbf``) change nothing; the invisible
    delimiter of ``\left. … \right|_{θ=θ_t}`` goes, its opening kept as a mark of where an evaluation starts."""
    if name in ("left", "right") and s.peek() == ".":
        s.i += 1
        if name == "left":
            s.emit("op", EVALUATION_START, pos, latex=True)


def _unsupported(s: _Scanner, name: str, pos: int) -> None:
    raise s.error(UNSUPPORTED[name], pos)


def _operator(s: _Scanner, name: str, pos: int) -> None:
    value = _OP_COMMANDS[name]
    if value in "⌊⌈":
        s.open(pos)
    elif value in "⌋⌉":
        s.depth -= 1
    s.emit("op", value, pos, latex=True)


def _cmd(s: _Scanner, name: str, pos: int) -> None:
    s.emit("cmd", _CMD_COMMANDS[name], pos, latex=True)


def _greek(s: _Scanner, name: str, pos: int) -> None:
    s.emit("name", _GREEK_ALIASES.get(name, name), pos, latex=True)


def _name(s: _Scanner, name: str, pos: int) -> None:
    s.emit("name", name, pos, latex=True)


def _word(s: _Scanner, name: str, pos: int) -> None:
    """``\\mathrm{diag}`` -> the name ``diag``; ``\\mathsf{T}`` -> a transpose."""
    j = s.i
    while s.peek() == " ":
        s.i += 1
    if s.peek() != "{":
        s.i = j
        return  # \mathrm x: the decoration of one letter, ignore it
    end = s.i + 1
    while end < len(s.chars) and s.chars[end][0] != "}" and end - s.i < 40:
        end += 1
    content = "".join(c for c, _ in s.chars[s.i + 1:end]).strip()
    if end >= len(s.chars) or not re.fullmatch(r"[A-Za-z]+", content or "-"):
        return  # leave the braces as a group, e.g. \mathrm{(L)}
    s.i = end + 1
    if content == "T" and name in ("mathsf", "mathrm", "textsf"):
        s.emit("op", "ᵀ", pos, latex=True)
    elif len(content) == 1:
        s.emit("letters", content, pos, latex=True)
    else:
        s.emit("name", content, pos, latex=True)


# Tried in order: the first table holding the name decides.
_KINDS: tuple[tuple[Collection[str], Callable[[_Scanner, str, int], None]], ...] = (
    (_SKIP_COMMANDS, _skip), (_UNWRAP, _unwrap), (_DROP_WITH_ARGUMENT, _drop_with_argument), (_BREAKS, _break),
    (UNSUPPORTED, _unsupported), (_WORD_COMMANDS, _word), (_OP_COMMANDS, _operator),
    (_CMD_COMMANDS, _cmd), (GREEK_NAMES, _greek), (_NAME_COMMANDS, _name),
)
