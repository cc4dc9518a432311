"""A question's symbols: names, shapes with symbolic dimensions, kinds.

Declared in YAML (``symbols:``) with the name written in LaTeX::

    symbols:
      'W^{(L)}': n_L x n_{L-1}        # a matrix
      '\\delta^{(L)}': n_L x 1          # a column vector
      x: scalar
      n: {kind: integer, min: 8, max: 64}
      'h^{k-1}': {shape: d x 1, node: true}   # one vector per graph node: h_u^{k-1}

A symbol is identified by its name, accent, subscript and layer superscript.
A family is shifted on demand: with ``Z^{(L-1)}: n_{L-1} x 1`` declared, the
student's ``Z^{(L)}`` is a different random vector of shape ``n_L x 1``; this
is how a wrong layer index is read, and then named.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ch3quiz.math.meaning import aliases
from ch3quiz.math.read.parser import parse_expression
from ch3quiz.math.read import tree as p
from ch3quiz.math.read.tree import Delim, Ident, Node, Script
from ch3quiz.math.read.tokens import FormulaSyntaxError

Shape = tuple[str, str]
SCALAR: Shape = ("1", "1")
SET: Shape = ("set", "set")  # a set of graph nodes (N(v)): only counted or summed over

KINDS = frozenset({
    "real", "positive", "integer", "binary", "probability", "onehot", "identity",
    "adjacency", "adjacency+I", "degree", "degree+I",
})
FUNCTION_KINDS = frozenset({"elementwise", "logistic", "tanh", "relu", "identity", "softmax"})
_BRACED = re.compile(r"\{([^{}]*)\}")
_SHIFT = re.compile(r"^([A-Za-z]+)(?:([+-])(\d+))?$")
_DIM = re.compile(r"^(.+?)_\{?([A-Za-z]+)(?:([+-])(\d+))?\}?$")


class SymbolError(FormulaSyntaxError):
    """A symbol the question does not declare, or a bad declaration."""


@dataclass(frozen=True, kw_only=True)
class SymbolInfo:
    key: str
    name: str
    accent: str | None
    sub: str | None
    layer: str | None
    shape: Shape
    kind: str = "real"
    lo: float | None = None
    hi: float | None = None
    node: bool = False
    of: str | None = None  # J(\theta): the symbol written with its argument
    sample: str | None = None  # one value per training input, as many as this count symbol says (Nielsen's \sum_x)
    shifted_from: str | None = None

    @property
    def is_scalar(self) -> bool:
        return self.shape == SCALAR


def make_key(name: str, accent: str | None, sub: str | None, layer: str | None) -> str:
    text = f"{accent} {name}" if accent else name
    if sub:
        text += f"_{{{sub}}}"
    if layer:
        text += f"^{{({layer})}}"
    return text


def printed_name(key: str) -> str:
    """How a symbol is listed to the student, in a form that reads back: ``W^(L)``, ``h_{t-1}``, ``tilde c_t``
    (braces kept where the label has more than letters and digits, so ``c_{t-1}`` never prints as ``c_t-1``)."""
    return _BRACED.sub(lambda m: m.group(1) if m.group(1).isalnum() or m.group(1).startswith("(") else m.group(0), key)


def closest_name(written: str, names: list[str]) -> str | None:
    """The listed name a mistyped one most likely means (``c_hat_t`` → ``tilde c_t``), or None."""
    def accented(text: str) -> bool:
        return any(text.startswith(a + " ") for a in ("tilde", "hat", "bar"))

    def plain(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9]", "", re.sub(r"^(tilde|hat|bar) ", "", text)).lower()

    # where two names differ only by an accent, the one that is accented like the written one wins
    ordered = sorted(names, key=lambda n: accented(n) == accented(written))
    by_plain = {plain(n): n for n in ordered}
    match = difflib.get_close_matches(plain(written), list(by_plain), n=1, cutoff=0.6)
    return by_plain[match[0]] if match else None


def canon(node: Node | None) -> str:
    """Compact text of a small subtree: layer labels and subscripts (``L-1``, ``k``)."""
    if node is None:
        return ""
    if isinstance(node, p.Num):
        return node.text
    if isinstance(node, p.Ident):
        return f"{node.accent} {node.name}" if node.accent else node.name
    if isinstance(node, p.Bin):
        op = "" if node.op == "juxt" else node.op
        return canon(node.a) + op + canon(node.b)
    if isinstance(node, p.Neg):
        return "-" + canon(node.x)
    if isinstance(node, p.Delim):
        return f"({canon(node.x)})"
    if isinstance(node, p.Script):
        text = canon(node.base)
        if node.sub:
            text += "_" + node.sub.text
        if node.sup:
            text += "^" + canon(node.sup)
        return text
    return "?"


def layer_text(sup: Node | None) -> str | None:
    if sup is None:
        return None
    if isinstance(sup, Delim) and sup.kind in ("(", "["):
        return canon(sup.x)
    return canon(sup)


def split_shift(label: str | None) -> tuple[str, int] | None:
    """``L-1`` -> (L, -1); ``k`` -> (k, 0); anything else -> None."""
    if not label:
        return None
    m = _SHIFT.match(label)
    if not m:
        return None
    offset = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
    return m.group(1), offset


def join_shift(var: str, offset: int) -> str:
    return var if offset == 0 else f"{var}{offset:+d}"


def canon_dim(text: str) -> str:
    text = text.strip().replace(" ", "")
    m = _DIM.match(text)
    if not m:
        return text.replace("{", "").replace("}", "")
    offset = int(m.group(4) or 0) * (-1 if m.group(3) == "-" else 1)
    return _dim(m.group(1), m.group(2), offset)


def _dim(stem: str, var: str, offset: int) -> str:
    return f"{stem}_{var}" if offset == 0 else f"{stem}_{{{var}{offset:+d}}}"


def shift_dim(dim: str, var: str, delta: int) -> str:
    m = _DIM.match(dim)
    if not m or m.group(2) != var:
        return dim
    offset = int(m.group(4) or 0) * (-1 if m.group(3) == "-" else 1)
    return _dim(m.group(1), var, offset + delta)


def parse_shape(spec: str) -> Shape:
    text = spec.strip()
    if text in ("scalar", "1", "1 x 1"):
        return SCALAR
    parts = re.split(r"\s+x\s+|\s*×\s*", text)
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"shape {spec!r} must be 'scalar' or 'ROWS x COLS' (like 'n_L x 1')")
    return canon_dim(parts[0]), canon_dim(parts[1])


@lru_cache(maxsize=2048)  # a question's tables name the same few symbols again and again: each read once
def name_parts(text: str, functions: frozenset[str] = frozenset()) -> tuple[str, str | None, str | None, str | None]:
    """(name, accent, subscript, layer) of a declared name like ``W^{(L)}`` or ``\\tilde c_t``."""
    node = parse_expression(text, functions)
    if isinstance(node, Ident):
        return node.name, node.accent, None, None
    if isinstance(node, Script) and isinstance(node.base, Ident):
        return node.base.name, node.base.accent, node.sub.text if node.sub else None, layer_text(node.sup)
    raise SymbolError(f"{text!r} is not a symbol name (like W^{{(L)}} or h_{{t-1}})", text, 0)


def _spec_fields(spec: Any) -> dict[str, Any]:
    if isinstance(spec, str):
        if spec.strip() in KINDS - {"identity", "adjacency", "adjacency+I", "degree", "degree+I", "onehot"}:
            return {"shape": "scalar", "kind": spec.strip()}
        return {"shape": spec}
    if isinstance(spec, Mapping):
        return dict(spec)
    raise ValueError("a symbol's declaration must be a shape ('n x 1', 'scalar') or a mapping")


_SPEC_KEYS = frozenset({"shape", "kind", "min", "max", "node", "of", "sample"})


def parse_symbol(text: str, spec: Any, functions: frozenset[str] = frozenset()) -> SymbolInfo:
    name, accent, sub, layer = name_parts(text, functions)
    data = _spec_fields(spec)
    unknown = set(data) - _SPEC_KEYS
    if unknown:
        raise ValueError(f"{'an unknown key' if len(unknown) == 1 else 'unknown keys'} {', '.join(sorted(unknown))}; use {', '.join(sorted(_SPEC_KEYS))}")
    kind = str(data.get("kind", "real"))
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(sorted(KINDS))}")
    shape = parse_shape(str(data.get("shape", "scalar")))
    of = data.get("of")
    if of is not None:
        of = make_key(*name_parts(str(of), functions))
    sample = data.get("sample")
    if sample is not None:
        sample = make_key(*name_parts(str(sample), functions))
    return SymbolInfo(
        key=make_key(name, accent, sub, layer), name=name, accent=accent, sub=sub, layer=layer, shape=shape,
        kind=kind, lo=data.get("min"), hi=data.get("max"), node=bool(data.get("node", False)), of=of, sample=sample,
    )


class SymbolTable:
    """The declared symbols of one question, and the family members inferred from them."""

    def __init__(self, symbols: Mapping[str, Any] | None, functions: frozenset[str] = frozenset()) -> None:
        self.declared: dict[str, SymbolInfo] = {}
        self.inferred: dict[str, SymbolInfo] = {}
        self.preferred: dict[tuple[str, str | None], str] = {}  # (name, accent) -> the member a bare name means
        self.resolving = False
        aliases: dict[str, Any] = {}
        for text, spec in (symbols or {}).items():
            if isinstance(spec, Mapping) and "same_as" in spec:
                aliases[str(text)] = spec
                continue
            info = parse_symbol(str(text), spec, functions)
            self.declared[info.key] = info
        for text, spec in aliases.items():
            self._add_alias(text, spec, functions)

    def _add_alias(self, text: str, spec: Mapping[str, Any], functions: frozenset[str]) -> None:
        """Another way of writing a declared symbol (``θ_t`` for ``θ`` in an update rule)."""
        if set(spec) != {"same_as"}:
            raise ValueError(f"an alias takes only 'same_as', not {', '.join(sorted(set(spec) - {'same_as'}))}")
        target = make_key(*name_parts(str(spec["same_as"]), functions))
        if target not in self.declared:
            raise ValueError(f"same_as {spec['same_as']!r} is not a declared symbol")
        self.declared[make_key(*name_parts(text, functions))] = self.declared[target]

    def __iter__(self):
        # An alias shares its symbol's info: each symbol once.
        unique = {info.key: info for info in list(self.declared.values()) + list(self.inferred.values())}
        return iter(unique.values())

    def get(self, key: str) -> SymbolInfo:
        return self.declared.get(key) or self.inferred[key]

    def callable_names(self) -> frozenset[str]:
        return frozenset(info.name for info in self.declared.values() if info.of)

    def lookup(self, name: str, accent: str | None, sub: str | None, layer: str | None, node: bool = False) -> SymbolInfo | None:
        """The symbol with exactly these parts, or a shifted member of a declared family."""
        key = make_key(name, accent, sub, layer)
        if key in self.declared and self.declared[key].node == node:
            return self.declared[key]
        if key in self.inferred and self.inferred[key].node == node:
            return self.inferred[key]
        best: tuple[int, SymbolInfo] | None = None
        for info in self.declared.values():
            if info.name != name or info.accent != accent or info.node != node:
                continue
            shifts = _shifts(info, sub, layer)
            if shifts is None:
                continue
            cost = sum(abs(d) for _, d in shifts)
            if best is None or cost < best[0]:
                best = (cost, info)
        if best is None:
            return self._other_case(name, accent, sub, layer, node) or self._alias(name, accent, sub, layer, node)
        base = best[1]
        shape = base.shape
        for var, delta in _shifts(base, sub, layer) or ():
            shape = (shift_dim(shape[0], var, delta), shift_dim(shape[1], var, delta))
        info = replace(base, key=key, sub=sub, layer=layer, shape=shape, shifted_from=base.key)
        self.inferred[key] = info
        return info

    def _other_case(self, name: str, accent: str | None, sub: str | None, layer: str | None, node: bool) -> SymbolInfo | None:
        """Nielsen's w^l, a^{l-1}, z^L and colah's C_t for the question's W, A, Z, c: one letter in the other case."""
        if len(name) != 1 or not name.isalpha() or any(i.name == name for i in self.declared.values()):
            return None
        other = name.swapcase()
        if not any(i.name == other for i in self.declared.values()):
            return None
        return self.lookup(other, accent, sub, layer, node)

    def _alias(self, name: str, accent: str | None, sub: str | None, layer: str | None, node: bool) -> SymbolInfo | None:
        """What people write for a declared symbol (``aliases``): y_pred for ŷ, h_prev for h_{t-1}, C for the loss J,
        ĉ_t for c̃_t, a bare W for the one W^{(l)} the expected answer uses."""
        if self.resolving:
            return None
        self.resolving = True
        try:
            return aliases.resolve(self, name, accent, sub, layer, node)
        finally:
            self.resolving = False

    def has_layers(self, name: str, accent: str | None) -> bool:
        """Whether the question writes ``name`` with a layer (``Z^{(l)}``): then ``Z^(L-1)`` is a layer, not a power."""
        return any(info.name == name and info.accent == accent and info.layer is not None for info in self)

    def family_keys(self, key: str) -> list[str]:
        """Keys of declared symbols in the same family (same name and accent)."""
        info = self.get(key)
        return [k for k, other in self.declared.items() if other.name == info.name and other.accent == info.accent]

    def names(self) -> list[str]:
        return sorted(self.declared)

    def listed_names(self, node_var: str = "v") -> list[str]:
        """The symbols as a student may type them back: a node family with its node (``h_v^(k-1)``)."""
        return [printed_name(make_key(i.name, i.accent, node_var, i.layer) if i.node else key)
                for key, i in sorted(self.declared.items())]


def _shifts(info: SymbolInfo, sub: str | None, layer: str | None) -> list[tuple[str, int]] | None:
    """How ``info``'s labels shift to (sub, layer); None when they are not the same family."""
    shifts = []
    for have, want in ((info.sub, sub), (info.layer, layer)):
        if have == want:
            continue
        a, b = split_shift(have), split_shift(want)
        if a is None or b is None or a[0] != b[0]:
            return None
        shifts.append((a[0], b[1] - a[1]))
    return shifts
