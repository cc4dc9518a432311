"""The bank's own YAML builder gives exactly what yaml.safe_load gives, for every kind of value."""

from __future__ import annotations

import datetime
import gc

import pytest
import yaml

from ch3quiz.bank.bulk import no_gc
from ch3quiz.bank.construct import Loader, PlainData

DOCUMENTS = [
    "a: 1\nb: -0x1F\nc: 1_000\nd: 0o17\ne: 190:20:30\nf: +12\n",  # PyYAML 1.1 integers
    "a: 1.5\nb: .inf\nc: -.Inf\nd: 6.8523015e+5\ne: 1_000.5\n",
    "a: yes\nb: No\nc: true\nd: off\ne: ~\nf: null\ng:\n",
    "a: '1'\nb: \"yes\"\nc: plain text\nd: |\n  block\n  text\ne: >\n  folded\n  text\n",
    "base: &b {x: 1, y: [1, 2]}\nuse: *b\nmore: [*b, *b]\n",
    "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n",  # a merge key: PyYAML's constructor
    "when: 2026-12-20\nstamp: 2026-12-20 10:00:00\n",  # timestamps: PyYAML's constructor
    "1: one\n2.5: two\ntrue: three\n~: four\n",  # keys of every scalar type
    "- [1, [2, [3, {a: [4]}]]]\n- !!str 5\n- !!int '6'\n- !!float '7'\n",
    "a: x\na: y\n",  # a repeated key: the last one wins (the validator reports it separately)
    "tags: !!set {a, b}\n",
    "data: !!binary aGVsbG8=\n",
]


def _built(text: str):
    loader = Loader(text)
    try:
        return PlainData(loader).value(loader.get_single_node())
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_builder_agrees_with_safe_load(text: str) -> None:
    expected = yaml.safe_load(text)
    built = _built(text)
    assert built == expected
    assert type(built) is type(expected)


def test_types_are_kept_exactly() -> None:
    built = _built("a: 1\nb: 1.0\nc: true\nd: '1'\ne: 2026-12-20\n")
    assert [type(v) for v in built.values()] == [int, float, bool, str, datetime.date]


def test_an_anchor_and_its_aliases_share_one_value_as_in_pyyaml() -> None:
    built = _built("a: &s {x: 1}\nb: *s\n")
    assert built["a"] is built["b"]


def test_a_half_built_value_is_never_shared() -> None:
    # the anchored mapping holds a merge key: the builder gives it to PyYAML, both times
    built = _built("base: &b {x: 1}\none: &m {<<: *b, y: 2}\ntwo: [*m]\n")
    assert built == yaml.safe_load("base: &b {x: 1}\none: &m {<<: *b, y: 2}\ntwo: [*m]\n")
    assert built["two"][0] == {"x": 1, "y": 2}


def test_an_unhashable_key_is_refused_as_pyyaml_refuses_it() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        _built("? [a, b]\n: value\n")


def test_an_integer_too_long_to_convert_raises_value_error() -> None:
    with pytest.raises(ValueError):
        _built(f"a: {'9' * 5000}\n")


def test_no_gc_restores_the_collector() -> None:
    assert gc.isenabled()
    with no_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
