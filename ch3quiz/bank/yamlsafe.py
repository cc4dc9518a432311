"""What a bank's YAML may be made of, checked on the composed node tree before anything is built.

A bank is untrusted text. Two YAML features turn a small file into unbounded work:
aliases (a 537-byte "billion laughs" expands to gigabytes for any walk that follows them)
and deep nesting (every recursive walk, ours or the JSON encoder's, runs out of stack).
The bank uses aliases sensibly (one ``symbols:`` table shared by several questions), so
they stay allowed, but what they expand to is bounded, as is the nesting. The walk here is
iterative and visits each node once (the composer shares one node between an anchor and
its aliases), so it is linear in the file however hostile the file is; it also finds
repeated keys, which YAML itself silently overwrites.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml

# A question is at most ~6 levels deep (file, list, question, mistakes, mistake, text).
MAX_DEPTH = 32
# Aliases may add this many nodes to what is written out; a shared symbol table adds dozens.
MAX_ALIAS_GROWTH = 100_000


@dataclass(frozen=True)
class NodeProblem:
    line: int
    message: str
    fatal: bool  # the file cannot be used at all (nothing of it is built)


def _alias_line(text: str) -> int:
    """The line of the first alias in ``text`` (parsed again only to point at it)."""
    loader = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _repeated_keys(node: yaml.MappingNode) -> Iterator[NodeProblem]:
    seen: set[str] = set()
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                yield NodeProblem(key.start_mark.line + 1, f"duplicate key '{key.value}'", fatal=False)
            seen.add(key.value)


@dataclass
class _Measure:
    """Per distinct node: what it expands to (nodes, height) and the line of its deepest point."""

    size: int
    height: int
    deepest_line: int


class _Cycle(Exception):
    """An alias inside the collection its anchor names (``&a [*a]``): the value would contain itself."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__()
        self.line = node.start_mark.line + 1


def _measure(root: yaml.Node) -> tuple[dict[int, _Measure], int]:
    """Post-order over distinct nodes, without recursion; returns the measures and the distinct count.

    Raises _Cycle for a node met again below itself (the walk would otherwise never end)."""
    measures: dict[int, _Measure] = {}
    opened: set[int] = set()  # expanded, not yet measured: on the path from the root
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in measures:
            continue
        children = _children(node)
        if not children_done:
            if id(node) in opened:
                raise _Cycle(node)
            opened.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in measures)
            continue
        deepest = max((measures[id(c)] for c in children), key=lambda m: m.height, default=None)
        measures[id(node)] = _Measure(
            size=1 + sum(measures[id(c)].size for c in children),
            height=1 + (deepest.height if deepest else 0),
            deepest_line=deepest.deepest_line if deepest else node.start_mark.line + 1,
        )
    return measures, len(measures)


def _shape(root: yaml.Node) -> tuple[list[NodeProblem], bool]:
    """Repeated keys, nesting past MAX_DEPTH (fatal), and whether any node is shared (an alias).

    The cheap walk every file gets: collections only (a scalar neither nests nor multiplies).
    """
    problems: list[NodeProblem] = []
    seen: set[int] = set()
    shared = False
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            shared = True
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            problems.append(NodeProblem(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep"
                                        " / 嵌套层数过多", fatal=True))
            break
        if node.__class__ is mapping:
            problems.extend(_repeated_keys(node))
            children = [part for pair in node.value for part in pair]
        elif node.__class__ is sequence:
            children = node.value
        else:
            continue
        stack.extend((child, depth + 1) for child in children if child.__class__ is mapping or child.__class__ is sequence)
    return problems, shared


def node_problems(root: yaml.Node, text: str) -> list[NodeProblem]:
    """Every repeated key; nesting deeper than MAX_DEPTH or aliases that expand too far (fatal)."""
    problems, shared = _shape(root)
    if shared and not any(p.fatal for p in problems):
        try:
            measures, distinct = _measure(root)  # only a file with aliases pays for the full measure
        except _Cycle as cycle:
            problems.append(NodeProblem(cycle.line, "a YAML alias here refers to the collection it is in; write the"
                                        " values out / YAML 别名循环引用", fatal=True))
            return sorted(problems, key=lambda p: p.line)
        top = measures[id(root)]
        if top.height > MAX_DEPTH:
            problems.append(NodeProblem(top.deepest_line, f"nested more than {MAX_DEPTH} levels deep / 嵌套层数过多",
                                        fatal=True))
        if top.size - distinct > MAX_ALIAS_GROWTH:
            problems.append(NodeProblem(_alias_line(text), f"YAML aliases here expand to {top.size:,} values;"
                                        " write the values out / YAML 别名展开过大", fatal=True))
    return sorted(problems, key=lambda p: p.line)
