"""Small questions asked of a token list by the token-level rules (``layout``, ``aggregates``): is this the
operator ``+``, where does the bracket opened here close, how deep in brackets is a token."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ch3quiz.math.read.tokens import Token

OPENERS = {"(": ")", "[": "]", "{": "}", "\\{": "\\}"}
CLOSERS = {closer: opener for opener, closer in OPENERS.items()}


def op(tok: Token, *texts: str) -> bool:
    """True when ``tok`` is one of the operators ``texts``."""
    return tok.kind == "op" and tok.text in texts


def like(tok: Token, kind: str, text: str) -> Token:
    """A token of another kind and text at ``tok``'s position (so an error still points into what was typed)."""
    return replace(tok, kind=kind, text=text)


def matching(tokens: list[Token], start: int, opener: str, closer: str) -> int | None:
    """The index of the ``closer`` that closes the ``opener`` at ``start``, or None."""
    return _balanced(tokens, range(start, len(tokens)), opener, closer)


def matching_back(tokens: list[Token], end: int, opener: str, closer: str) -> int | None:
    """The index of the ``opener`` that the ``closer`` at ``end`` closes, or None."""
    return _balanced(tokens, range(end, -1, -1), closer, opener)


def _balanced(tokens: list[Token], order: range, deeper: str, shallower: str) -> int | None:
    """Walking ``order``, the index where the bracket entered at its first index is left again."""
    depth = 0
    for j in order:
        if op(tokens[j], deeper):
            depth += 1
        elif op(tokens[j], shallower):
            depth -= 1
            if depth == 0:
                return j
    return None


def depths(tokens: list[Token]) -> list[int]:
    """How many brackets are open at each token (a bracket counts as inside itself)."""
    out, depth = [], 0
    for tok in tokens:
        if tok.kind == "op" and tok.text in OPENERS:
            depth += 1
        out.append(depth)
        if tok.kind == "op" and tok.text in CLOSERS:
            depth = max(depth - 1, 0)
    return out
