"""Which questions are judged against an unrolled recurrence, and their bank fields checked (pure Python)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ch3quiz.math.read.tokens import FormulaSyntaxError


def is_recurrence(question: Any) -> bool:
    """``checker: {recurrence: i}`` names the step index of a recurrence defined by the ``given`` lines."""
    fields = question if isinstance(question, Mapping) else getattr(question, "fields", None) or {}
    checker = fields.get("checker")
    return isinstance(checker, Mapping) and "recurrence" in checker


def recurrence_faults(q: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every formula of a recurrence question is readable and uses only its symbols (no numpy)."""
    # Imported here: ``is_recurrence`` is asked of every answer checked, which needs none of this.
    from ch3quiz.math.derivation.recurrence import NotInModel, recurrence_of, shapes_of
    from ch3quiz.math.read.parser import parse

    try:
        rec = recurrence_of(q)
        shapes_of(dict(q.get("symbols") or {}))
    except (NotInModel, FormulaSyntaxError, ValueError, AttributeError) as exc:
        yield "given", f"the recurrence cannot be read: {exc}"
        return
    known = set(rec.families) | {key.partition("_")[0] for key in rec.constants}
    texts = [("target", q.get("target"))] + [("answer", line) for line in q.get("answer") or []] + [
        ("mistakes", m.get("expr")) for m in q.get("mistakes") or [] if isinstance(m, Mapping)]
    for name, text in texts:
        try:
            for side in parse(str(text).lstrip("=")).sides:
                unknown = sorted({base for base, _ in _symbols(side)} - known)
                if unknown:
                    yield name, f"{text}: unknown symbol {', '.join(unknown)}"
        except FormulaSyntaxError as exc:
            yield name, f"{text}: {exc}"
    for m in q.get("mistakes") or []:
        if not (isinstance(m, Mapping) and m.get("tag") and m.get("message_zh") and m.get("message_en")):
            yield "mistakes", "every mistake needs expr, tag, message_zh and message_en"


def _symbols(node: Any) -> list[tuple[str, str]]:
    from ch3quiz.math.derivation.recurrence import symbol_key
    from ch3quiz.math.read import tree as T

    if isinstance(node, T.Script) and node.sub is not None and isinstance(node.base, T.Ident):
        return [symbol_key(node if node.sup is None else T.Script(pos=node.pos, base=node.base, sub=node.sub))]
    if isinstance(node, T.BigOp):
        return _symbols(node.body)
    if isinstance(node, T.Node):
        return [k for v in vars(node).values() for k in _symbols(v)]
    return []
