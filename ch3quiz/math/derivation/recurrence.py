"""An unrolled recurrence (the simple RNN of BPTT) as the model of a derivation, with values for its lines.

A question with ``checker: {recurrence: i}`` defines one step of a recurrence in its ``given`` lines
(``a_i = W_{hh}h_{i-1} + W_{xh}x_i + b_h``, ``h_i = \\tanh(a_i)``), ``i`` being the step index. A *draw* picks
concrete steps ``k`` and ``t`` (1 to ``MAX_GAP`` steps apart), random weights and inputs and the state at step
k − 2, and unrolls the recurrence from step k − 1 to t + 1, so a line about a general step i (h_{i-1}, a_{i-1},
h_{i+1}) is checked at every step i = k … t. Any line is then a value:
``h_{t-1}`` is the state at step t−1 of that draw, ``∂h_t/∂h_k`` the numerator-layout Jacobian of the unrolled
map (entry (p, q) = ∂h_{t,p}/∂h_{k,q}, by complex steps: exact to rounding, no finite-difference error), and
``\\prod_{i=k+1}^{t} F_i`` the ordered product F_t ⋯ F_{k+1} (the largest i on the left). Trees from the reader
are walked here; no text is ever evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ch3quiz.math.read import tree as T

MAX_GAP = 4  # t − k is drawn in 1..MAX_GAP: the unrolled work stays small and bounded
DRAWS = 8
STEP_TEXT = re.compile(r"^[tkij]([+-]\d+)?$")  # a time subscript: t, k, i, t-1, i+1 (b_h is not one)
COMPLEX_STEP = 1e-30


class NotInModel(Exception):
    """A line the recurrence model cannot give a value to (unknown symbol, step outside the draw, bad shape)."""

    def __init__(self, message: str, message_zh: str, *, wrong: bool = False) -> None:
        super().__init__(message)
        self.message_zh = message_zh
        self.wrong = wrong  # a shape error: the line is readable and false, not unreadable


@dataclass(frozen=True, kw_only=True)
class Recurrence:
    """The question's recurrence: the step index, the families it defines per step (in order), the state
    family carried from step to step, the inputs drawn per step, and the constant symbols with their shapes."""

    index: str
    defined: tuple[tuple[str, T.Node], ...]  # (family, right side) in the order the given lines compute them
    families: dict[str, str]  # family -> its dimension name (h -> d_h)
    constants: dict[str, tuple[str, str]]  # key (W_hh) -> (rows, cols) dimension names
    state: str  # the family read one step back (h in h_{i-1})


@dataclass(kw_only=True)
class Draw:
    """One concrete unrolling: steps k..t, dimension sizes, constants, and every family's value per step."""

    k: int
    t: int
    sizes: dict[str, int]
    constants: dict[str, Any]
    values: dict[tuple[str, int], Any] = field(default_factory=dict)
    jacobians: dict[Any, Any] = field(default_factory=dict)  # (top, bottom) -> ∂top/∂bottom, computed once

    def steps(self) -> range:
        """The steps a line about a general step i is checked at: k..t (h_{i-1} and h_{i+1} both exist)."""
        return range(self.k, self.t + 1)


def symbol_key(node: T.Node) -> tuple[str, str]:
    """(base name, subscript text) of a written symbol: ``W_{hh}`` -> (W, hh), ``h_{i-1}`` -> (h, i-1)."""
    if isinstance(node, T.Script) and isinstance(node.base, T.Ident) and node.sup is None and node.sub:
        return node.base.name, node.sub.text.replace(" ", "")
    if isinstance(node, T.Ident):
        return node.name, ""
    raise NotInModel("not a symbol of the model", "不是本题模型中的符号")


def time_family(key: tuple[str, str], rec: Recurrence) -> bool:
    return key[0] in rec.families and bool(STEP_TEXT.match(key[1]))


def shapes_of(symbols: dict[str, Any]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Families (vectors with a time subscript) and constants from the question's ``symbols`` map."""
    from ch3quiz.math.read.parser import parse_expression

    families: dict[str, str] = {}
    constants: dict[str, tuple[str, str]] = {}
    for name, shape in symbols.items():
        rows, _, cols = str(shape.get("shape") if isinstance(shape, dict) else shape).partition(" x ")
        base, sub = symbol_key(parse_expression(str(name)))
        if STEP_TEXT.match(sub) and cols.strip() == "1":
            families[base] = rows.strip()
        else:
            constants[f"{base}_{sub}" if sub else base] = (rows.strip(), cols.strip())
    return families, constants


def recurrence_of(question: Any) -> Recurrence:
    """The question's recurrence from its ``checker``, ``symbols`` and ``given`` fields."""
    from ch3quiz.math.read.parser import parse

    get = question.get if isinstance(question, dict) else question.fields.get
    index = str((get("checker") or {}).get("recurrence"))
    families, constants = shapes_of(dict(get("symbols") or {}))
    defined, state = [], ""
    for line in get("given") or ():
        left, right = parse(str(line)).sides
        base, sub = symbol_key(left)
        if sub != index or base not in families:
            raise NotInModel(f"a given line must define a family at step {index}: {line}", f"给定式须定义第 {index} 步：{line}")
        defined.append((base, right))
        state = state or next((b for b, s in _keys_in(right) if s == f"{index}-1"), "")
    if not defined or not state:
        raise NotInModel("the given lines define no recurrence", "给定式没有定义递推")
    return Recurrence(index=index, defined=tuple(defined), families=families, constants=constants, state=state)


def _keys_in(node: Any) -> list[tuple[str, str]]:
    """Every (base, subscript) written in a tree."""
    if isinstance(node, T.Script) and node.sub is not None:
        return [symbol_key(node)] if node.sup is None else _keys_in(node.base)
    if isinstance(node, T.Node):
        return [k for v in vars(node).values() for k in _keys_in(v)]
    if isinstance(node, tuple):
        return [k for v in node for k in _keys_in(v)]
    return []


def draw(rec: Recurrence, rng: Any, number: int) -> Draw:
    """Steps, sizes and values of one draw; gaps 1..MAX_GAP in turn so every gap is tried."""
    import numpy as np  # only when a derivation is checked: validating the bank stays light

    dims = sorted(({d for d in rec.families.values()} | {d for pair in rec.constants.values() for d in pair}) - {"1"})
    sizes = dict(zip(dims, rng.permutation(np.arange(2, 2 + len(dims))) + (number % 2), strict=True))
    sizes["1"] = 1
    k = int(rng.integers(0, 3))
    d = Draw(k=k, t=k + 1 + number % MAX_GAP, sizes=sizes, constants={})  # unrolled k-2 .. t+1
    for key, (rows, cols) in rec.constants.items():  # weights scaled so tanh stays off its flat tails
        d.constants[key] = rng.normal(0.0, 0.9 / np.sqrt(sizes[cols]), (sizes[rows], sizes[cols]))
    for family, dim in rec.families.items():
        if family not in dict(rec.defined):
            for step in range(k - 2, d.t + 2):
                d.values[family, step] = rng.normal(0.0, 1.0, (sizes[dim], 1))
    d.values[rec.state, k - 2] = rng.normal(0.0, 1.0, (sizes[rec.families[rec.state]], 1))
    unroll(rec, d, start=k - 1)
    return d


def unroll(rec: Recurrence, d: Draw, *, start: int, fixed: tuple[str, int] | None = None) -> None:
    """Compute every defined family at steps start..t+1 from the step before (a value ``fixed`` is kept as set)."""
    from ch3quiz.math.derivation.recurrence_eval import Evaluator

    for step in range(start, d.t + 2):  # one step past t: a line about h_{i+1} is checked up to i = t
        for family, right in rec.defined:
            if (family, step) != fixed:
                d.values[family, step] = Evaluator(rec, d, {rec.index: step}).value(right)


def _before(rec: Recurrence, family: str, other: str) -> bool:
    order = [f for f, _ in rec.defined]
    return other in order and family in order and order.index(family) < order.index(other)


def _depends(rec: Recurrence, top: tuple[str, int], bottom: tuple[str, int]) -> bool:
    """Whether top is computed after bottom in the unrolled map (so may depend on it)."""
    if top[1] != bottom[1]:
        return top[1] > bottom[1]
    return not _defined(rec, bottom[0]) or _before(rec, bottom[0], top[0])


def jacobian(rec: Recurrence, d: Draw, top: tuple[str, int], bottom: tuple[str, int]) -> Any:
    """∂top/∂bottom in the numerator layout (rows: top's entries), by complex steps through the unrolled map."""
    if (top, bottom) not in d.jacobians:
        d.jacobians[top, bottom] = _jacobian(rec, d, top, bottom)
    return d.jacobians[top, bottom]


def _jacobian(rec: Recurrence, d: Draw, top: tuple[str, int], bottom: tuple[str, int]) -> Any:
    import numpy as np

    out_rows = d.sizes[rec.families[top[0]]]
    cols = d.sizes[rec.families[bottom[0]]]
    if top == bottom:
        return np.eye(out_rows)
    if not _depends(rec, top, bottom):
        return np.zeros((out_rows, cols))
    if top not in d.values:
        raise NotInModel("this derivative needs a step outside the steps of the recurrence (k−2 … t+1)",
                         "该导数需要递推时间步范围（k−2 … t+1）之外的时间步")
    return probe_jacobian(rec, d, bottom, lambda probe: probe.values[top])


def probe_jacobian(rec: Recurrence, d: Draw, bottom: tuple[str, int], read: Any) -> Any:
    """∂(what ``read`` gives of a draw)/∂bottom in the numerator layout: ``read`` is called on a copy of the draw in
    which one entry of ``bottom`` carries a complex step and every later quantity is unrolled from it, so a written
    expression (tanh(a_t), W_hh h_{t-1} + W_xh x_t + b_h) is differentiated through the recurrence like a symbol."""
    import numpy as np

    if bottom not in d.values:
        raise NotInModel("this derivative needs a step outside the steps of the recurrence (k−2 … t+1)",
                         "该导数需要递推时间步范围（k−2 … t+1）之外的时间步")
    cols = d.sizes[rec.families[bottom[0]]]
    columns = []
    for c in range(cols):
        probe = Draw(k=d.k, t=d.t, sizes=d.sizes, constants=d.constants, values=dict(d.values))
        bumped = np.array(d.values[bottom], dtype=complex)
        bumped[c, 0] += 1j * COMPLEX_STEP
        probe.values[bottom] = bumped
        state = bottom[0] == rec.state  # a state is carried to the next step; a step's own quantity is kept
        unroll(rec, probe, start=bottom[1] + 1 if state else bottom[1],
               fixed=bottom if _defined(rec, bottom[0]) and not state else None)
        value = np.asarray(read(probe))
        if value.ndim != 2 or value.shape[1] != 1:
            raise NotInModel("only the derivative of a column vector or a number can be read here",
                             "这里只能读取列向量或数的导数")
        columns.append(np.imag(value[:, 0]) / COMPLEX_STEP)
    return np.stack(columns, axis=1)


def _defined(rec: Recurrence, family: str) -> bool:
    return family in dict(rec.defined)
