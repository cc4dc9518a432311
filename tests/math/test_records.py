"""Node classes made by ``records.frozen_record`` behave as ``@dataclass(frozen=True)`` ones do."""

from __future__ import annotations

import dataclasses

import pytest

from ch3quiz.math.meaning import ir
from ch3quiz.math.read import tree
from ch3quiz.math.read.records import frozen_record


@frozen_record
class Base:
    pos: int


@frozen_record
class Made(Base):
    name: str
    accent: str | None = None


@dataclasses.dataclass(frozen=True)
class StdBase:
    pos: int


@dataclasses.dataclass(frozen=True)
class Std(StdBase):
    name: str
    accent: str | None = None


def test_a_record_is_built_compared_hashed_and_shown_like_a_frozen_dataclass() -> None:
    made, std = Made(3, "x"), Std(3, "x")
    assert repr(made) == repr(std).replace("Std(", "Made(")
    assert made == Made(pos=3, name="x", accent=None) and made != Made(3, "x", "hat")
    assert hash(made) == hash(Made(3, "x")) == hash(std)  # the same fields give the same hash as a dataclass's
    assert made != Std(3, "x") and (made == 1) is False  # another class is never equal
    assert [f.name for f in dataclasses.fields(made)] == [f.name for f in dataclasses.fields(std)] == ["pos", "name", "accent"]
    assert dataclasses.replace(made, name="y") == Made(3, "y") and dataclasses.is_dataclass(made)
    assert dataclasses.asdict(made) == {"pos": 3, "name": "x", "accent": None}
    assert Made.__match_args__ == ("pos", "name", "accent")


def test_a_record_refuses_assignment_and_missing_fields_as_a_dataclass_does() -> None:
    made = Made(1, "x")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        made.name = "y"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.pos
    with pytest.raises(TypeError, match="name"):
        Made(1)  # type: ignore[call-arg]


def test_a_dataclass_may_extend_a_record() -> None:
    @dataclasses.dataclass(frozen=True)
    class Extended(Made):
        extra: int = 0

    assert Extended(1, "x", None, 5) == Extended(pos=1, name="x", extra=5)
    assert [f.name for f in dataclasses.fields(Extended)] == ["pos", "name", "accent", "extra"]


def test_what_the_maker_does_not_write_is_left_to_dataclasses() -> None:
    @frozen_record
    class WithFactory:
        items: list = dataclasses.field(default_factory=list)

    assert WithFactory().items == [] and WithFactory().items is not WithFactory().items
    odd = type("Odd", (), {"__annotations__": {"a b": "int"}})  # not an identifier: never written into our class text
    with pytest.raises(SyntaxError, match="dataclasses|invalid syntax") as refused:
        frozen_record(odd)
    assert "__create_fn__" in str(refused.value.text)  # it was the standard decorator that refused it


def test_the_parse_tree_and_the_ir_are_records() -> None:
    node = tree.Script(0, tree.Ident(0, "W"), sup=tree.Num(2, "2"))
    assert dataclasses.replace(node, sup=None) == tree.Script(0, tree.Ident(0, "W"))
    expr = ir.Add((ir.Var("a"), ir.Neg(ir.Var("b"))))
    assert expr.children() == (ir.Var("a"), ir.Neg(ir.Var("b")))
    assert ir.rebuild(expr, expr.terms[0], ir.Const(1.0)) == ir.Add((ir.Const(1.0), ir.Neg(ir.Var("b"))))
    assert {expr, ir.Add((ir.Var("a"), ir.Neg(ir.Var("b"))))} == {expr}
