"""What a line of a recurrence derivation did, and what a wrong side most likely got wrong.

``moves`` names the textbook move between two neighbouring true sides (the chain rule through h_{t-1}, the product of
one-step Jacobians, one step worked out as diag(tanh′(a))·W, the step put into the product, tanh′ = 1 − tanh²). They are
an ordered table of small tests on the trees.

``repairs`` proposes one small edit of a wrong side at a time — two factors swapped, a transpose removed or added, a
time step moved by one, a product's range moved by one — and the caller keeps the first whose value, in every draw,
equals what the side had to equal. So a mistake is named only when the numbers show it, never guessed from the
shape of what was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace

from ch3quiz.math.derivation.recurrence import Recurrence, symbol_key, time_family
from ch3quiz.math.derivation.recurrence_eval import DERIVATIVE_MARKS, regroup_slashes
from ch3quiz.math.derivation.recurrence_terms import derivative_parts, has_derivative
from ch3quiz.math.derivation.recurrence_text import Unshown, shown
from ch3quiz.math.read import tree as T

Note = tuple[str, str]
_STEP = re.compile(r"^([a-z])([+-]\d+)?$")
_PRODUCTS = {"juxt", "·", "×", "*", "@"}


@dataclass(frozen=True, kw_only=True)
class Repair:
    """One edit of a wrong side: the edited tree, the mistake's tag and what to tell the student."""

    tree: T.Node
    tag: str
    message: str
    message_zh: str


# ---- the moves of a true line ----


def _factors(node: T.Node) -> list[T.Node]:
    """The factors of a product of derivatives (∂h_t/∂h_{t-1} ∂h_{t-1}/∂h_k), slashes regrouped first."""
    if isinstance(node, T.Bin) and node.op in ("/", "·", "×", "*", "⊙"):
        node = regroup_slashes(node) or node
    if isinstance(node, T.Bin) and node.op in _PRODUCTS:
        return _factors(node.a) + _factors(node.b)
    return [node]


def _keys(node: T.Node) -> tuple[tuple[str, str], tuple[str, str]] | None:
    parts = derivative_parts(node)
    if parts is None:
        return None
    try:
        return symbol_key(parts[0]), symbol_key(parts[1])
    except Exception:  # noqa: BLE001 - a derivative of a written expression has no key
        return None


def _chain_rule(before: T.Node, after: T.Node) -> Note | None:
    """∂x/∂y = ∂x/∂z ∂z/∂y; the first factor may differentiate x as its definition (∂tanh(a_t)/∂a_t for h_t)."""
    whole, pieces = _keys(before), [_keys(f) for f in _factors(after)]
    if whole is None or len(pieces) < 2 or None in pieces[1:]:
        return None
    if pieces[0] is None:
        parts = derivative_parts(_factors(after)[0])
        if parts is None or isinstance(parts[0], (T.Ident, T.Script)):
            return None
        try:
            pieces[0] = (whole[0], symbol_key(parts[1]))
        except Exception:  # noqa: BLE001 - not by a symbol
            return None
    joined = all(pieces[n][1] == pieces[n + 1][0] for n in range(len(pieces) - 1))
    if not (joined and pieces[0][0] == whole[0] and pieces[-1][1] == whole[1]):
        return None
    middle = ", ".join(shown(derivative_parts(f)[1]) for f in _factors(after)[:-1])
    return f"chain rule through {middle}", f"链式法则，经过 {middle}"


def _product_of_steps(before: T.Node, after: T.Node) -> Note | None:
    if _keys(before) is None or not (isinstance(after, T.BigOp) and after.kind == "prod"):
        return None
    if derivative_parts(after.body) is None:
        if has_derivative(after.body):
            return None
        return ("chain rule over every step, each one-step Jacobian written out, the latest step on the left",
                "链式法则：逐步连乘，每一步的雅可比已写出，最近的一步在最左边")
    return ("chain rule over every step: the product of the one-step Jacobians, the latest step on the left",
            "链式法则：逐步雅可比的连乘，最近的一步在最左边")


def _one_step(before: T.Node, after: T.Node) -> Note | None:
    if isinstance(after, T.BigOp) or not has_derivative(before) or has_derivative(after) or not _calls(after, "diag"):
        return None
    return ("one step worked out: tanh acts entry by entry, so ∂h/∂a = diag(tanh′(a)), and the linear part gives "
            "its weight matrix", "求出一步：tanh 逐元素作用，∂h/∂a = diag(tanh′(a))，线性部分给出权重矩阵")


def _into_product(before: T.Node, after: T.Node) -> Note | None:
    if not all(isinstance(n, T.BigOp) and n.kind == "prod" for n in (before, after)):
        return None
    if not has_derivative(before.body) or has_derivative(after.body):
        return None
    return "the one-step Jacobian put into the product", "把一步的雅可比代入连乘"


def _tanh_identity(before: T.Node, after: T.Node) -> Note | None:
    if _primes(after) or not _one_minus(after) or _one_minus(before):
        return None
    return "used tanh′(a) = 1 − tanh²(a) = 1 − h ⊙ h", "用了 tanh′(a) = 1 − tanh²(a) = 1 − h ⊙ h"


_MOVES: tuple[Callable[[T.Node, T.Node], Note | None], ...] = (
    _chain_rule, _product_of_steps, _one_step, _into_product, _tanh_identity)


def moves(before: T.Node, after: T.Node) -> list[Note]:
    """The named moves from one true side to the next (none when nothing here names it)."""
    found = []
    for test in _MOVES:
        try:
            note = test(before, after)
        except Unshown:
            continue
        if note is not None:
            found.append(note)
    return found


def _calls(node: T.Node, name: str) -> bool:
    return any(isinstance(n, T.Call) and isinstance(n.fn, T.Ident) and n.fn.name == name for n in T.walk(node))


def _primes(node: T.Node) -> bool:
    return any(isinstance(n, T.Postfix) and n.op == "prime" for n in T.walk(node))


def _one_minus(node: T.Node) -> bool:
    return any(isinstance(n, T.Bin) and n.op == "-" and isinstance(n.a, T.Num) and n.a.text == "1" for n in T.walk(node))


# ---- repairs of a wrong side ----


def repairs(rec: Recurrence, node: T.Node) -> Iterator[Repair]:
    """Each one-edit variant of a wrong side, the edits tried anywhere in it (bounded by the side's size)."""
    for tree, (tag, en, zh) in _edits(rec, node):
        yield Repair(tree=tree, tag=tag, message=en, message_zh=zh)


def _edits(rec: Recurrence, node: T.Node) -> Iterator[tuple[T.Node, tuple[str, str, str]]]:
    yield from _here(rec, node)
    for f in fields(node):
        child = getattr(node, f.name)
        if isinstance(child, T.Node):
            for new, why in _edits(rec, child):
                yield replace(node, **{f.name: new}), why
        elif isinstance(child, tuple):
            for n, item in enumerate(child):
                if isinstance(item, T.Node):
                    for new, why in _edits(rec, item):
                        yield replace(node, **{f.name: child[:n] + (new,) + child[n + 1:]}), why


def _here(rec: Recurrence, node: T.Node) -> Iterator[tuple[T.Node, tuple[str, str, str]]]:
    try:
        if isinstance(node, T.Bin) and node.op in _PRODUCTS and not has_derivative(node):
            a, b, whole = shown(node.a), shown(node.b), shown(node)
            yield replace(node, a=node.b, b=node.a), (
                "product-kind", f"{a} and {b} are in the wrong order: {b} {a}", f"{a} 与 {b} 的顺序反了：应为 {b} {a}")
            yield T.Postfix(pos=node.pos, op="T", x=T.Delim(pos=node.pos, kind="(", x=node)), (
                "transpose", f"{whole} is the transpose of what belongs here, ({whole})ᵀ (in the numerator layout row p "
                "belongs to the entry p of the quantity differentiated)",
                f"{whole} 是应有结果的转置，即 ({whole})ᵀ（分子布局下第 p 行对应被求导量的第 p 个分量）")
        if isinstance(node, T.Postfix) and node.op == "T":
            yield node.x, ("transpose", f"{shown(node)}: this transpose does not belong here",
                           f"{shown(node)}：这里不该转置")
        if isinstance(node, T.Script) and node.sub is not None and node.sup is None and _constant(rec, node):
            yield T.Postfix(pos=node.pos, op="T", x=node), (
                "transpose", f"{shown(node)} needs a transpose here: {shown(node)}ᵀ", f"{shown(node)} 这里需要转置：{shown(node)}ᵀ")
        if isinstance(node, T.Script) and node.sub is not None and _is_step(rec, node):
            yield from _step_shifts(node)
        if isinstance(node, T.BigOp) and node.kind == "prod":
            yield from _range_shifts(node)
    except Unshown:
        return


def _constant(rec: Recurrence, node: T.Script) -> bool:
    try:
        base, sub = symbol_key(node)
    except Exception:  # noqa: BLE001 - not a plain symbol
        return False
    return f"{base}_{sub}" in rec.constants


def _is_step(rec: Recurrence, node: T.Script) -> bool:
    """A symbol of a time-indexed family (a_i, h_{j-1}, h_j²), not the d of dh_j."""
    if not isinstance(node.base, T.Ident) or node.base.name in DERIVATIVE_MARKS:
        return False
    return time_family((node.base.name, node.sub.text.replace(" ", "")), rec)


def _shifted(text: str, delta: int) -> str | None:
    match = _STEP.match(text.replace(" ", ""))
    if match is None:
        return None
    offset = int(match.group(2) or 0) + delta
    return match.group(1) + (f"{offset:+d}" if offset else "")


def _step_shifts(node: T.Script) -> Iterator[tuple[T.Node, tuple[str, str, str]]]:
    for delta in (1, -1):
        text = _shifted(node.sub.text, delta)
        if text is not None:
            moved = replace(node, sub=T.Sub(text=text, node=None))
            yield moved, ("layer-index", f"{shown(node)} is taken at the wrong time step: {shown(moved)}",
                          f"{shown(node)} 的时间步错了：应为 {shown(moved)}")


def _bound(node: T.Node, delta: int) -> T.Node | None:
    """A product's bound (t, k+1, 3) moved by delta steps."""
    if isinstance(node, T.Num) and node.text.isdigit():
        return T.Num(pos=node.pos, text=str(int(node.text) + delta))
    if isinstance(node, T.Ident):
        letter, offset = node, delta
    elif isinstance(node, T.Bin) and node.op in "+-" and isinstance(node.a, T.Ident) and isinstance(node.b, T.Num):
        letter, offset = node.a, (int(node.b.text) if node.op == "+" else -int(node.b.text)) + delta
    else:
        return None
    if offset == 0:
        return letter
    return T.Bin(pos=node.pos, op="+" if offset > 0 else "-", a=letter, b=T.Num(pos=node.pos, text=str(abs(offset))))


def _range_shifts(node: T.BigOp) -> Iterator[tuple[T.Node, tuple[str, str, str]]]:
    sub = node.sub
    if not (isinstance(sub, T.Bin) and sub.op == "=" and node.sup is not None):
        return
    written = f"{shown(sub.a)} = {shown(sub.b)} … {shown(node.sup)}"
    for low, high in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1)):
        first, last = _bound(sub.b, low), _bound(node.sup, high)
        if first is None or last is None:
            continue
        moved = replace(node, sub=replace(sub, b=first), sup=last)
        right = f"{shown(sub.a)} = {shown(first)} … {shown(last)}"
        yield moved, ("sum-bound", f"the product runs over {written}; it should run over {right}",
                      f"连乘的范围写成了 {written}，应为 {right}")
