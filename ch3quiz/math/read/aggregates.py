"""An aggregate over a set written in set-builder form, as GraphSAGE (Hamilton et al. 2017) and the notes
that follow it write a layer: ``MEAN({h_u^{k-1}, ∀u ∈ N(v)})``, ``\\mathrm{mean}(\\{h_u : u \\in N(v)\\})``,
``mean({h_u | u in N(v)})`` and code's ``np.mean([h_u for u in N(v)])``.

The mean is the sum over the set divided by the number of its members, written as sums the reader already
knows: ``(∑_{u∈S} body) / (∑_{u∈S} 1)``. The count is a sum of ones, never ``|S|``, because a question may
give ``|N(v)|`` a meaning of its own (the GCN questions count the self-loop). ``SUM`` (and code's
``sum(...)``) over such a set is the plain sum. Any other aggregate (``MAX``, ``AGGREGATE``, ``CONCAT``)
is not read, and a ``∀`` left inside a bracket gets a message that says what to write instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ch3quiz.math.read.tokenops import OPENERS, depths, like, matching, op

if TYPE_CHECKING:
    from ch3quiz.math.read.tokens import Token

Error = Callable[[str, int], Exception]

_MEANS = frozenset({"mean", "MEAN", "Mean", "avg", "AVG", "average", "Average"})
_SUMS = frozenset({"sum", "SUM", "Sum"})
_SET_OPENERS = frozenset({"{", "\\{", "["})
_SUM_EXAMPLE = "(1/|N(v)|) ∑_{u∈N(v)} h_u"


def set_aggregates(tokens: list[Token], error: Error) -> list[Token]:
    """Every ``MEAN({body, ∀u ∈ S})`` (and its spellings) as sums over S; a ∀ still inside a bracket is an error."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        found = _aggregate_at(tokens, i)
        if found is None:
            out.append(tokens[i])
            i += 1
            continue
        rewritten, i = found
        out += rewritten
    depth = depths(out)
    for k, tok in enumerate(out):
        if op(tok, "⊣") and depth[k] > 0:
            raise error("a set written with ∀ can be read only inside mean(…) or sum(…); "
                        f"write the sum out, e.g. {_SUM_EXAMPLE}", tok.pos)
    return out


def _aggregate_at(tokens: list[Token], i: int) -> tuple[list[Token], int] | None:
    """(the sums it stands for, the index after it) when an aggregate over a set starts at ``i``."""
    head = tokens[i]
    if head.kind not in ("letters", "name", "cmd") or head.text not in _MEANS | _SUMS or i + 2 >= len(tokens):
        return None
    if not op(tokens[i + 1], "(") or not op(tokens[i + 2], *_SET_OPENERS):
        return None
    close = matching(tokens, i + 1, "(", ")")
    opener = tokens[i + 2].text
    if close is None or matching(tokens, i + 2, opener, OPENERS[opener]) != close - 1:
        return None
    parts = _builder(tokens[i + 3:close - 1])
    if parts is None:
        return None
    body, var, domain = parts
    total = _sum(head, var, domain, body)
    if head.text in _SUMS:
        return total, close + 1
    count = _sum(head, var, domain, [like(head, "num", "1")])
    return [like(head, "op", "(")] + total + [like(head, "op", "/")] + count + [like(head, "op", ")")], close + 1


def _builder(inner: list[Token]) -> tuple[list[Token], list[Token], list[Token]] | None:
    """(body, variable, set) of ``body, ∀u ∈ S`` / ``body : u ∈ S`` / ``body | u ∈ S`` / ``body for u in S``."""
    depth = depths(inner)
    for k, tok in enumerate(inner):
        if depth[k] != 0 or k == 0:
            continue
        if op(tok, ",") and k + 1 < len(inner) and op(inner[k + 1], "⊣"):
            return _member(inner[:k], inner[k + 2:])
        if op(tok, ":", "|") or tok.kind == "letters" and tok.text == "for":
            return _member(inner[:k], inner[k + 1:])
    return None


def _member(body: list[Token], rest: list[Token]) -> tuple[list[Token], list[Token], list[Token]] | None:
    """``u ∈ S`` (or ``u in S``) after the body: one variable, then the set."""
    if len(rest) < 3 or rest[0].kind != "letters" or not (op(rest[1], "∈") or rest[1].kind == "letters"
                                                          and rest[1].text == "in"):
        return None
    return body, rest[:1], rest[2:]


def _sum(head: Token, var: list[Token], domain: list[Token], body: list[Token]) -> list[Token]:
    """``(∑_{var ∈ domain} (body))`` as tokens placed at the aggregate's name."""
    return ([like(head, "op", "("), like(head, "cmd", "sum"), like(head, "op", "_"), like(head, "op", "{")] + var
            + [like(head, "op", "∈")] + domain + [like(head, "op", "}"), like(head, "op", "(")] + body
            + [like(head, "op", ")"), like(head, "op", ")")])
