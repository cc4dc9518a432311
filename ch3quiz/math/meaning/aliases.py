"""Names people write for a question's symbols, tried only when a name is not declared.

Code and notes name the same quantities differently: ``y_pred``, ``probs`` and ``yhat`` for ŷ; ``h_prev`` and
``c_next`` for h_{t-1} and c_t (or ``A_prev`` for A^{(l-1)}); Nielsen's cost ``C`` for the loss J; ĉ_t for c̃_t;
and a bare ``W`` or ``delta`` (no layer written) for the one member of that family the expected answer uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ch3quiz.math.meaning.symbols import SymbolInfo, SymbolTable

LOSS_NAMES = ("J", "L", "C", "E")  # the loss, by the names textbooks give it
_LOSS_WORDS = frozenset({"C", "Cost", "cost", "Loss", "loss", "E", "J", "L"})
_PREDICTION_WORDS = frozenset({"pred", "preds", "probs", "prob", "yhat", "ypred", "output", "out", "hat"})
_PREVIOUS, _CURRENT = frozenset({"prev", "previous", "old", "last"}), frozenset({"next", "new", "cur", "curr", "current"})
_OTHER_ACCENT = {"hat": "tilde", "tilde": "hat"}
_LABEL = re.compile(r"^([A-Za-z]+)([+-]\d+)?$")


def loss(table: SymbolTable) -> SymbolInfo | None:
    """The question's loss: a declared scalar named J, L, C or E."""
    for name in LOSS_NAMES:
        info = table.declared.get(name)
        if info is not None and info.is_scalar:
            return info
    return None


def resolve(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
            node: bool) -> SymbolInfo | None:
    """The declared symbol meant by (name, accent, sub, layer), or None."""
    for rule in (_loss, _prediction, _step, _swapped_accent, _bare):
        found = rule(table, name, accent, sub, layer, node)
        if found is not None:
            return found
    return None


def _loss(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
          node: bool) -> SymbolInfo | None:
    if name in _LOSS_WORDS and accent is None and sub is None and layer is None and not node:
        return loss(table)
    return None


def _prediction(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
                node: bool) -> SymbolInfo | None:
    """``y_pred``, ``probs``, ``yhat``: ŷ, where the question has one."""
    if accent is None and layer is None and (name in _PREDICTION_WORDS and sub is None or
                                             name == "y" and sub in _PREDICTION_WORDS):
        return table.lookup("y", "hat", None, None, node)
    return None


def _step(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
          node: bool) -> SymbolInfo | None:
    """``h_prev`` is h_{t-1}, ``c_next`` is c_t, ``A_prev`` is A^{(l-1)}: one step back from the family's own
    step (t, l), or that step itself."""
    if sub not in _PREVIOUS | _CURRENT or layer is not None:
        return None
    back = -1 if sub in _PREVIOUS else 0
    for info in list(table.declared.values()):
        if info.name.lower() != name.lower() or info.accent != accent:
            continue
        for label, as_layer in ((info.sub, False), (info.layer, True)):
            match = _LABEL.match(label or "")
            if match:
                text = match.group(1) if not back else f"{match.group(1)}{back:+d}"
                found = table.lookup(info.name, accent, None if as_layer else text, text if as_layer else None, node)
                if found is not None:
                    return found
    return None


def _swapped_accent(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
                    node: bool) -> SymbolInfo | None:
    """ĉ_t for the question's c̃_t (code's c_hat_t): the candidate value, whichever accent marks it."""
    if accent in _OTHER_ACCENT and not any(i.name == name and i.accent == accent for i in table.declared.values()):
        return table.lookup(name, _OTHER_ACCENT[accent], sub, layer, node)
    return None


def _bare(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
          node: bool) -> SymbolInfo | None:
    """A name written without its layer (``W``, ``delta``): the one member of the family the expected answer uses."""
    if sub is None and layer is None and not node:
        key = table.preferred.get((name, accent)) or table.preferred.get((name.swapcase(), accent))
        if key is not None:
            return table.get(key)
    return None


def preferred_members(table: SymbolTable, in_answer: set[str], asked: set[str]) -> dict[tuple[str, str | None], str]:
    """For each family name, the member a bare name means: the one the expected answer uses, else the one
    what is asked uses, else the family's only declared member (none when that is not one member)."""
    members: dict[tuple[str, str | None], set[str]] = {}
    for info in table.declared.values():
        members.setdefault((info.name, info.accent), set()).add(info.key)
    chosen = {}
    for name, keys in members.items():
        pick = keys & in_answer or keys & asked or keys
        if len(pick) == 1:
            chosen[name] = next(iter(pick))
    return chosen
