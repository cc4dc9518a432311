"""YAML text -> composed nodes -> plain Python data, at the speed a large bank needs.

libyaml composes the node tree in C; PyYAML's constructor then walks every node through generic
Python machinery (a generator per collection, a method lookup per tag), four times the cost of
the walk below. Here:

- ``PlainData`` builds dicts, lists and scalars from a node in one pass. It covers the tags a
  bank is made of (map, seq, str, int, float, bool, null); any other tag (a merge key ``<<``, a
  timestamp, a set, binary) falls back to PyYAML's own safe constructor for that question, so the
  result is always what ``yaml.safe_load`` gives;
- the reader pauses the cyclic garbage collector meanwhile (``bulk.no_gc``).

Nesting is bounded (``yamlsafe.MAX_DEPTH``) before anything is built, so the recursion is shallow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

# libyaml's C loader composes the nodes (PyYAML's pure-Python one where libyaml is missing).
Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PREFIX = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _PREFIX + "str", _PREFIX + "seq", _PREFIX + "map"
_KEY_TAGS = frozenset({_STR, _PREFIX + "int", _PREFIX + "float", _PREFIX + "bool", _PREFIX + "null"})


class _Unusual(Exception):
    """A tag this builder leaves to PyYAML's constructor."""


def _scalar_makers(constructor: SafeConstructor) -> dict[str, Callable[[ScalarNode], Any]]:
    return {
        _PREFIX + "null": lambda node: None,
        _PREFIX + "bool": constructor.construct_yaml_bool,
        _PREFIX + "int": constructor.construct_yaml_int,  # 0x.., 1_000, sexagesimal: PyYAML's own rules
        _PREFIX + "float": constructor.construct_yaml_float,
    }


class _Builder:
    """Plain data from nodes; a node shared by an anchor and its aliases is built once and shared,
    as PyYAML does (the alias expansion is bounded before this runs)."""

    def __init__(self, loader: Any) -> None:
        self.scalars = _scalar_makers(loader)
        self.built: dict[int, Any] = {}
        self.unseen = 0  # values whose characters the raw text may not show (see PlainData.unseen)

    def build(self, node: Any) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            if node.tag == _STR:
                if node.style == '"':  # the only style with escapes (\x1b, \u202e)
                    self.unseen += 1
                return node.value
            maker = self.scalars.get(node.tag)
            if maker is None:
                raise _Unusual
            return maker(node)
        done = self.built.get(id(node))
        if done is not None:
            self.unseen += 1  # an alias: what it holds was built, and looked at, with another value
            return done
        try:
            return self._collection(node, cls)
        except _Unusual:
            self.built.pop(id(node), None)  # never hand a half-built value to a later alias
            raise

    def _collection(self, node: Any, cls: type) -> Any:
        if cls is SequenceNode and node.tag == _SEQ:
            items: list[Any] = []
            self.built[id(node)] = items
            items.extend(self.build(child) for child in node.value)
            return items
        if cls is MappingNode and node.tag == _MAP:
            mapping: dict[Any, Any] = {}
            self.built[id(node)] = mapping
            for key, value in node.value:
                if key.__class__ is not ScalarNode or key.tag not in _KEY_TAGS:
                    raise _Unusual  # a merge key, or a key PyYAML must judge (an unhashable one is an error)
                mapping[self.build(key)] = self.build(value)
            return mapping
        raise _Unusual


class PlainData:
    """Builds the values of one loader's nodes."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.builder = _Builder(loader)
        self.fallbacks = 0

    @property
    def unseen(self) -> int:
        """How many values built so far may hold a character the raw text does not show: a double-quoted
        string (escapes), an alias, or a value PyYAML built. A value built while this stays the same holds
        only characters written as they are, so a scan of the raw text speaks for it."""
        return self.builder.unseen + self.fallbacks

    def value(self, node: Any) -> Any:
        """The node's value as ``yaml.safe_load`` would build it (raises what its constructor raises)."""
        try:
            return self.builder.build(node)
        except _Unusual:
            self.fallbacks += 1
            return self.loader.construct_object(node, deep=True)
