"""A formula question's checker fields, read once: symbols, functions, givens, target, mistakes.

Pure Python (no numpy, no SymPy): the bank validator uses it too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ch3quiz.math.meaning import graphrows, ir
from ch3quiz.math.meaning.cache import BoundedCache
from ch3quiz.math.meaning.aliases import preferred_members
from ch3quiz.math.meaning.build import Context, build
from ch3quiz.math.meaning.context import arguments
from ch3quiz.math.read.parser import parse, parse_expression
from ch3quiz.math.read.tree import Parsed
from ch3quiz.math.meaning.shapes import ShapeError, Typed, infer
from ch3quiz.math.meaning.symbols import FUNCTION_KINDS, SymbolTable, name_parts
from ch3quiz.math.read.tokens import FormulaSyntaxError

CONVENTION_KEYS = frozenset({"degree", "nodes", "graph_size", "layout", "gru", "sigma", "note", graphrows.CONVENTION})
CHECKER_KEYS = frozenset({"forbid", "draws", "symbolic", "in_terms_of"})


@dataclass(frozen=True, kw_only=True)
class Mistake:
    text: str
    tag: str
    message_en: str
    message_zh: str
    typed: Typed | None  # None when the mistake itself has a shape error (a dropped transpose)
    expr: ir.Expr | None = None


@dataclass(kw_only=True)
class Spec:
    qid: str
    table: SymbolTable
    functions: dict[str, str]
    parse_names: frozenset[str]
    conventions: Mapping[str, Any]
    nodes: tuple[str, ...]
    definitions: dict[str, ir.Expr]
    targets: tuple[ir.Expr, ...]
    expected: Typed
    mistakes: tuple[Mistake, ...]
    forbid: frozenset[tuple[str, int]]
    draws: int
    symbolic: str
    in_terms_of: tuple[ir.Expr, ...] = ()  # the asked form: the variables appear only inside these
    applied: Any = field(default=None, init=False, repr=False, compare=False)  # set by ``finish``: see ``context``

    def context(self, text: str = "") -> Context:
        applied = self.applied if self.applied is not None else arguments(*self._model())
        return Context(self.table, self.functions, frozenset(self.nodes), text, applied=applied,
                       graph_size=str(self.conventions.get("graph_size") or ""))

    def _model(self) -> list[ir.Expr]:
        return [*self.definitions.values(), *([self.expected.expr] if self.expected is not None else [])]

    def finish(self) -> Spec:
        """Fix what every answer's context needs once the spec is read (a derivation's ``replace`` of the
        definitions starts without it, so it is never stale)."""
        self.applied = arguments(*self._model())
        return self

    def parse(self, text: str) -> Parsed:
        return parse(text, self.parse_names)

    def build(self, text: str) -> ir.Expr:
        return build(parse_expression(text, self.parse_names), self.context(text))

    def build_node(self, node: Any, text: str) -> ir.Expr:
        return build(node, self.context(text))

    def typed(self, text: str) -> Typed:
        return infer(self.build(text), self.table, self.functions)

    def type_of(self, e: ir.Expr) -> Typed:
        return infer(e, self.table, self.functions)


def _function_map(raw: Any) -> dict[str, str]:
    functions: dict[str, str] = {}
    for text, kind in (raw or {}).items():
        name = name_parts(str(text), frozenset({str(text).lstrip("\\")}))[0]
        if kind not in FUNCTION_KINDS:
            raise ValueError(f"function {text}: unknown kind {kind!r}; use one of {', '.join(sorted(FUNCTION_KINDS))}")
        functions[name] = str(kind)
    return functions


def _forbid(items: Any, names: frozenset[str]) -> frozenset[tuple[str, int]]:
    result = set()
    for item in items or ():
        text = str(item).strip().lstrip("\\")
        primes = len(text) - len(text.rstrip("'′"))
        result.add((text.rstrip("'′"), primes))
    return frozenset(result)


class SpecError(ValueError):
    """A bad checker field of a question: ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _describe(exc: Exception) -> str:
    if isinstance(exc, FormulaSyntaxError):
        return f"{exc.message} (column {exc.pos + 1} of {exc.text!r})"
    if isinstance(exc, ShapeError):
        return exc.message
    return str(exc)


class _Faults:
    """Collects faults (bank validation) or raises the first one (checking)."""

    def __init__(self, collect: list[tuple[str, str]] | None) -> None:
        self.collect = collect

    def add(self, field: str, exc: Exception | str) -> None:
        message = exc if isinstance(exc, str) else _describe(exc)
        if self.collect is None:
            raise SpecError(field, message)
        self.collect.append((field, message))


_ERRORS = (FormulaSyntaxError, ShapeError, ValueError, TypeError, KeyError)


def load_spec(q: Mapping[str, Any], faults: list[tuple[str, str]] | None = None) -> Spec:
    """Read a question mapping (``Question.to_dict()`` or raw YAML).

    Raises :class:`SpecError` on the first bad field, or, given a ``faults`` list,
    appends every ``(field, message)`` and reads on (for ``ch3quiz validate``).
    """
    report = _Faults(faults)
    spec = _bare_spec(q, report)
    for line in q.get("given") or ():
        try:
            _define(spec, str(line))
        except _ERRORS as exc:
            report.add("given", exc)
    spec.targets = _targets(spec, q.get("target") or (), report)
    asked = (q.get("checker") or {}).get("in_terms_of") if isinstance(q.get("checker"), Mapping) else None
    if asked:
        try:
            spec.in_terms_of = tuple(spec.build(str(t)) for t in ([asked] if isinstance(asked, str) else asked))
        except _ERRORS as exc:
            report.add("checker", exc)
    _read_answer(spec, q.get("answer"), report)
    spec.table.preferred = preferred_members(spec.table, _keys(spec.expected.expr) if spec.expected else set(),
                                             set().union(*(_keys(t) for t in spec.targets)))
    spec.mistakes = tuple(_mistakes(spec, q.get("mistakes") or (), report))
    for number, hint in enumerate(q.get("hints") or (), start=1):
        if not (isinstance(hint, Mapping) and hint.get("zh") and hint.get("en")):
            report.add("hints", f"hint {number} needs 'zh' and 'en'")
    return spec.finish()


def _keys(e: ir.Expr) -> set[str]:
    return {node.key for node in ir.walk(e) if isinstance(node, ir.Var)}


def _bare_spec(q: Mapping[str, Any], report: _Faults) -> Spec:
    """The spec's symbols, functions, conventions and checker options; no formulas read yet."""
    try:
        functions = _function_map(q.get("functions"))
    except _ERRORS as exc:
        report.add("functions", exc)
        functions = {}
    names = frozenset(functions)
    table = _symbol_table(q.get("symbols") or {}, names, report)
    parse_names = names | table.callable_names()
    conventions = dict(q.get("conventions") or {})
    for key in set(conventions) - CONVENTION_KEYS:
        report.add("conventions", f"unknown convention {key!r}; use {', '.join(sorted(CONVENTION_KEYS))}")
    for fault in graphrows.row_faults(table, conventions):
        report.add("conventions", fault)
    nodes = tuple(str(n) for n in conventions.get("nodes", ())) or (
        ("v",) if any(info.node for info in table) else ())
    checker = dict(q.get("checker") or {})
    for key in set(checker) - CHECKER_KEYS:
        report.add("checker", f"unknown checker option {key!r}; use {', '.join(sorted(CHECKER_KEYS))}")
    return Spec(
        qid=str(q.get("id", "?")), table=table, functions=functions, parse_names=parse_names,
        conventions=conventions, nodes=nodes, definitions={}, targets=(), expected=None,  # type: ignore[arg-type]
        mistakes=(), forbid=_forbid(checker.get("forbid"), parse_names), draws=int(checker.get("draws", 6)),
        symbolic=str(checker.get("symbolic", "auto")),
    )


def _symbol_table(symbols: Any, names: frozenset[str], report: _Faults) -> SymbolTable:
    """The declared symbols; a bad declaration is reported and left out."""
    if not isinstance(symbols, Mapping):
        report.add("symbols", "symbols must be a mapping of name: shape")
        symbols = {}
    good_symbols: dict[Any, Any] = {}
    for text, spec_value in symbols.items():
        try:
            SymbolTable({**good_symbols, text: spec_value}, names)
            good_symbols[text] = spec_value
        except _ERRORS as exc:
            report.add("symbols", f"symbol {text!r}: {_describe(exc)}")
    table = SymbolTable(good_symbols, names)
    for info in table.declared.values():
        count = table.declared.get(info.sample) if info.sample is not None else None
        if info.sample is not None and (count is None or count.kind != "integer" or not count.is_scalar):
            report.add("symbols", f"symbol {info.key!r}: sample: {info.sample} must name a declared integer symbol "
                       "(the number of training inputs)")
    return table


def _define(spec: Spec, line: str) -> None:
    """One ``given`` line: ``SYMBOL = definition``, or ``∂J/∂Z = δ`` naming the derivative of an unknown J."""
    table, functions = spec.table, spec.functions
    parsed = spec.parse(line)
    if len(parsed.sides) != 2:
        raise ValueError(f"given {line!r} must be one equation 'SYMBOL = definition'")
    left = build(parsed.sides[0], spec.context(line))
    right = infer(build(parsed.sides[1], spec.context(line)), table, functions)
    if isinstance(left, ir.Partial) and isinstance(left.num, ir.Var) and isinstance(left.den, ir.Var):
        # ∂J/∂Z = δ: the question defines a derivative of an otherwise unknown J by a name
        if left.num.key in spec.definitions:
            raise ValueError(f"given {line!r}: {left.num.key} is defined, so its derivative is computed")
        shape = infer(left, table, functions).shape
        if right.shape != shape:
            raise ValueError(f"given {line!r}: the right side is {right.shape[0]} x {right.shape[1]}, "
                             f"the derivative is {shape[0]} x {shape[1]}")
        spec.definitions[ir.partial_key(left.num.key, left.den.key)] = right.expr
        return
    if not isinstance(left, ir.Var):
        raise ValueError(f"given {line!r}: the left side must be one declared symbol or a derivative ∂J/∂Z")
    if right.shape != table.get(left.key).shape:
        raise ValueError(f"given {line!r}: the right side is {right.shape[0]} x {right.shape[1]}, "
                         f"the symbol is {table.get(left.key).shape[0]} x {table.get(left.key).shape[1]}")
    spec.definitions[left.key] = right.expr


def _targets(spec: Spec, targets: Any, report: _Faults) -> tuple[ir.Expr, ...]:
    built_targets = []
    for t in [targets] if isinstance(targets, str) else targets:
        try:
            built_targets.append(spec.build(str(t)))
        except _ERRORS as exc:
            report.add("target", exc)
    return tuple(built_targets)


def _read_answer(spec: Spec, answer: Any, report: _Faults) -> None:
    """The expected form (the answer, or a derivation's last line); a derivation's other lines must read."""
    expected_text = str(answer[-1]).strip().lstrip("=") if isinstance(answer, list) and answer else str(answer)
    try:
        final = spec.parse(expected_text)
        spec.expected = infer(build(final.sides[-1], spec.context(expected_text)), spec.table, spec.functions)
    except _ERRORS as exc:
        report.add("answer", exc)
    if isinstance(answer, list):
        for line in answer[:-1]:
            try:
                spec.parse(str(line).strip().lstrip("="))
            except _ERRORS as exc:
                report.add("answer", exc)


def _mistakes(spec: Spec, items: Any, report: _Faults) -> Iterator[Mistake]:
    """The question's catalogue of named mistakes; a bad entry is reported and left out."""
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping) or not all(isinstance(item.get(k), str) and item.get(k, "").strip()
                                                    for k in ("tag", "message_en", "message_zh")):
            report.add("mistakes", f"mistake {number} needs 'tag', 'message_en' and 'message_zh' (and usually 'expr')")
            continue
        extra = set(item) - {"expr", "tag", "message_en", "message_zh"}
        if extra:
            report.add("mistakes", f"mistake {number} has {'an unknown field' if len(extra) == 1 else 'unknown fields'} {', '.join(sorted(extra))}")
        expr = typed = None
        if item.get("expr"):
            try:
                expr = spec.build(str(item["expr"]))
            except _ERRORS as exc:
                report.add("mistakes", f"mistake {number} ({item['tag']}): {_describe(exc)}")
                continue
            try:
                typed = spec.type_of(expr)
            except ShapeError:
                typed = None
        yield Mistake(text=str(item.get("expr", "")), tag=str(item["tag"]), message_en=str(item["message_en"]),
                      message_zh=str(item["message_zh"]), typed=typed, expr=expr)


_SPECS: BoundedCache[tuple[str, int], Spec] = BoundedCache(1024)  # the bundled bank has 410 questions


def spec_for(question: Any) -> Spec:
    """The spec of a bank Question (cached by id and content)."""
    data = question.to_dict() if hasattr(question, "to_dict") else dict(question)
    key = (str(data.get("id")), hash(repr(sorted((k, repr(v)) for k, v in data.items() if k != "source"))))
    return _SPECS.get(key, lambda: load_spec(data))
