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
_PREDICTION_WORDS = frozenset({"pred", "preds", "probs", "prob", "yhat", "ypred", "output", "out", "hat", "p", "a"})
_LABEL_WORDS = frozenset({"true", "label", "target", "gt", "actual"})  # y_true: the label y
_RATE_WORDS = frozenset({"lr", "alpha", "learningrate", "rate"})  # the learning rate η
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
    for rule in (_loss, _prediction, _label, _rate, _step, _swapped_accent, _bare):
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


def _label(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
           node: bool) -> SymbolInfo | None:
    """``y_true``, ``y_label``: the label y."""
    if name == "y" and accent is None and sub in _LABEL_WORDS and layer is None:
        return table.lookup("y", None, None, None, node)
    return None


def _rate(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
          node: bool) -> SymbolInfo | None:
    """``lr``, ``alpha``, ``learning_rate``: the learning rate η, where the question has one."""
    written = name + (sub or "")
    if accent is None and layer is None and (written in _RATE_WORDS or written == "learningrate"):
        return table.lookup("eta", None, None, None, node)
    return None


def _step(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
          node: bool) -> SymbolInfo | None:
    """``h_prev`` is h_{t-1} and ``c_next`` c_t (the family's earliest and latest step), ``theta_new`` θ_{t+1},
    ``A_prev`` A^{(l-1)}; with one step declared, ``prev`` is the step before it unless it is already a past one."""
    if sub not in _PREVIOUS | _CURRENT or layer is not None:
        return None
    steps = sorted(_labelled_steps(table, name, accent))
    if not steps:
        return None
    earlier = sub in _PREVIOUS
    if len({offset for offset, _, _ in steps}) > 1:
        return table.get((steps[0] if earlier else steps[-1])[2])
    offset, var, key = steps[0]
    info = table.get(key)
    want = offset - 1 if earlier and offset >= 0 else (0 if not earlier and offset < 0 else offset)
    label = var if want == 0 else f"{var}{want:+d}"
    as_layer = info.layer is not None and info.sub is None
    return table.lookup(info.name, accent, None if as_layer else label, label if as_layer else None, node)


def _labelled_steps(table: SymbolTable, name: str, accent: str | None) -> list[tuple[int, str, str]]:
    """(offset, variable, key) of each declared member of a family labelled like t-1, t+1, l."""
    found = []
    for key, info in table.declared.items():
        if info.name.lower() != name.lower() or info.accent != accent or key != info.key:
            continue
        match = _LABEL.match(info.sub or info.layer or "")
        if match:
            found.append((int(match.group(2) or 0), match.group(1), key))
    return found


def _swapped_accent(table: SymbolTable, name: str, accent: str | None, sub: str | None, layer: str | None,
                    node: bool) -> SymbolInfo | None:
    """ĉ_t for the question's c̃_t (code's c_hat_t, and c_hat with the step left out as c_tilde may leave it):
    the candidate value, whichever accent marks it."""
    if accent in _OTHER_ACCENT and not any(i.name == name and i.accent == accent for i in table.declared.values()):
        other = _OTHER_ACCENT[accent]
        return table.lookup(name, other, sub, layer, node) or _bare(table, name, other, sub, layer, node)
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
