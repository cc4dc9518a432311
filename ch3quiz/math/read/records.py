"""Frozen value classes made in one step: the node kinds of the parse tree and of the typed IR.

``@dataclass(frozen=True)`` compiles each method it writes with an ``exec`` of its own (Python 3.11: six a
class, about 0.4 ms). The tree and the IR have 38 kinds, which made them half of the checker's import time,
paid again by every ``ch3quiz check`` in a fresh process. ``frozen_record`` writes the same class — the same
``__init__`` (fields in order, plain defaults), ``repr``, ``==`` and ``hash`` by value, assignment refused —
with one ``exec`` a class, and records its fields the way ``dataclasses`` does, so ``dataclasses.fields``,
``replace``, ``is_dataclass`` and ``asdict`` work on it unchanged.

Where this Python's ``dataclasses`` is not the one this was written against (no ``_FIELD`` marker), or a class
uses what it does not write (``field(...)``, ``ClassVar``), the standard decorator is used instead: the same
class, only slower to make.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

C = TypeVar("C", bound=type)

_FIELD_MARK = getattr(dataclasses, "_FIELD", None)


@dataclasses.dataclass(frozen=True)
class _Params:  # one real frozen dataclass, to lend its parameters (a dataclass subclassing a record reads them)
    pass


def frozen_record(cls: C) -> C:
    """``cls`` as a frozen dataclass with value equality and hashing (see the module docstring)."""
    own = list(cls.__dict__.get("__annotations__", {}).items())
    if _FIELD_MARK is None or any(_unsupported(cls, name, kind) for name, kind in own):
        return dataclasses.dataclass(frozen=True)(cls)
    fields = dict(getattr(cls, "__dataclass_fields__", {}))  # the base record's fields come first
    for name, kind in own:
        fields[name] = _field(name, kind, cls.__dict__.get(name, dataclasses.MISSING))
    for method, function in _methods(cls, list(fields.values())).items():
        setattr(cls, method, function)
    cls.__setattr__ = _refuse_assignment  # type: ignore[assignment]
    cls.__delattr__ = _refuse_deletion  # type: ignore[assignment]
    cls.__dataclass_fields__ = fields  # type: ignore[attr-defined]
    cls.__dataclass_params__ = _Params.__dataclass_params__  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(fields)  # type: ignore[attr-defined]
    return cls


def _unsupported(cls: type, name: str, kind: Any) -> bool:
    """What this maker does not write; ``name`` must be an identifier, as the class text is built from it."""
    return (not name.isidentifier() or isinstance(cls.__dict__.get(name), dataclasses.Field)
            or "ClassVar" in str(kind) or "InitVar" in str(kind))


def _field(name: str, kind: Any, default: Any) -> dataclasses.Field:
    made = dataclasses.field(default=default)
    made.name, made.type, made._field_type = name, kind, _FIELD_MARK  # type: ignore[attr-defined]
    made.kw_only = False  # type: ignore[attr-defined]
    return made


def _methods(cls: type, fields: list[dataclasses.Field]) -> dict[str, Any]:
    """``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` of ``cls``, compiled together."""
    names = [f.name for f in fields]
    defaults = {f"_default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    params = ", ".join(f"{n}=_default_{n}" if f"_default_{n}" in defaults else n for n in names)
    assign = "".join(f"    _set(self, {n!r}, {n})\n" for n in names) or "    pass\n"
    mine = "(" + "".join(f"self.{n}, " for n in names) + ")"
    theirs = "(" + "".join(f"other.{n}, " for n in names) + ")"
    shown = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
    source = (
        f"def __init__(self, {params}):\n{assign}"
        f"def __repr__(self):\n    return f'{{self.__class__.__qualname__}}({shown})'\n"
        f"def __eq__(self, other):\n    if other.__class__ is self.__class__:\n        return {mine} == {theirs}\n"
        f"    return NotImplemented\n"
        f"def __hash__(self):\n    return hash({mine})\n"
    )
    namespace: dict[str, Any] = {"_set": object.__setattr__, **defaults}
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)  # our own class text, never user input
    made = {name: namespace[name] for name in ("__init__", "__repr__", "__eq__", "__hash__")}
    for function in made.values():
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    return made


def _refuse_assignment(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


__all__ = ["frozen_record"]
