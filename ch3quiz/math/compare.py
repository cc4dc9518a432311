"""Equivalence by meaning: compare an expression with the expected one over random draws."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ch3quiz.math import ir
from ch3quiz.math.numeric import Draw, DrawFailed, Undecidable, close, evaluate
from ch3quiz.math.shapes import ShapeError, Typed
from ch3quiz.math.spec import Spec

INTEGER_DRAWS = 16


@dataclass
class Outcome:
    status: str  # equal | differ | shape | undecided
    reason: str = ""
    reason_zh: str = ""
    approximate: bool = False
    offset: float | None = None  # answer - expected when that is one constant
    ratio: float | None = None  # answer / expected when that is one constant


@dataclass
class Comparator:
    """The expected values of one question on fixed draws; compares any typed expression to them."""

    spec: Spec
    draws: list[Draw] = field(default_factory=list)
    expected: list[tuple[np.ndarray, bool] | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        integer = any(info.kind == "integer" for info in self.spec.table)
        count = max(self.spec.draws, INTEGER_DRAWS if integer else 0)
        for seed in range(count):
            draw = Draw(1000 + seed, self.spec.table, self.spec.functions, self.spec.definitions, self.spec.conventions)
            self.draws.append(draw)
            self.expected.append(self._value(self.spec.expected, draw))

    def _value(self, typed: Typed, draw: Draw) -> tuple[np.ndarray, bool] | None:
        try:
            return evaluate(typed.expr, typed.free, typed.ranges, draw, self.spec.nodes)
        except (DrawFailed, Undecidable):  # the expected form has no value here: this draw decides nothing
            return None

    def compare(self, typed: Typed) -> Outcome:
        if typed.shape != self.spec.expected.shape:
            return Outcome("shape")
        agreed, usable, approximate = 0, 0, False
        for draw, want in zip(self.draws, self.expected):
            if want is None:
                continue
            usable += 1
            try:
                got = evaluate(typed.expr, typed.free, typed.ranges, draw, self.spec.nodes)
            except Undecidable as exc:
                return Outcome("undecided", str(exc), f"无法数值计算：{exc}")
            except DrawFailed as exc:
                return _fails_alone(exc, "your answer", "你的答案", "the expected result", "正确结果")
            approx = got[1] or want[1]
            approximate |= approx
            if not close(got[0], want[0], approx):
                return Outcome("differ", offset=_constant(got[0] - want[0]), ratio=_ratio(got[0], want[0]))
            agreed += 1
        if usable < 2 or agreed < usable:
            return Outcome("undecided", "too few random draws could be evaluated (values outside a function's domain)",
                           "能计算的随机样本太少（取值超出了函数定义域）")
        return Outcome("equal", approximate=approximate)

    def compare_expr(self, e: ir.Expr) -> Outcome:
        try:
            typed = self.spec.type_of(e)
        except ShapeError:
            return Outcome("shape")
        return self.compare(typed)


def _constant(diff: np.ndarray) -> float | None:
    flat = diff.ravel()
    if flat.size and np.allclose(flat, flat[0], rtol=1e-9, atol=1e-9):
        return float(flat[0])
    return None


def _ratio(got: np.ndarray, want: np.ndarray) -> float | None:
    w = want.ravel()
    g = got.ravel()
    mask = np.abs(w) > 1e-9
    if not mask.any():
        return None
    r = g[mask] / w[mask]
    if np.allclose(r, r[0], rtol=1e-9) and np.allclose(g[~mask], 0, atol=1e-9):
        return float(r[0])
    return None


def _fails_alone(exc: DrawFailed, who: str, who_zh: str, other: str, other_zh: str) -> Outcome:
    """One side cannot be evaluated where the other can: undefined there (differ) or a numeric accident (undecided)."""
    if exc.domain:
        return Outcome("differ", f"{who} is undefined at some values where {other} is defined ({exc})",
                       f"{who_zh}在某些取值处没有定义（{exc.message_zh}），而{other_zh}有定义")
    return Outcome("undecided", f"{who} cannot be evaluated at some values where {other} can ({exc})",
                   f"{who_zh}在某些取值处无法计算（{exc.message_zh}），而{other_zh}可以")


def compare_pair(comparator: Comparator, a: Typed, b: Typed) -> Outcome:
    """Whether two typed expressions agree on the comparator's draws (for derivation steps).

    A draw where neither side can be evaluated is skipped; one where only one side can is not agreement."""
    if a.shape != b.shape:
        return Outcome("shape")
    spec = comparator.spec
    agreed, approximate = 0, False
    for draw in comparator.draws:
        values = []
        for side in (a, b):
            try:
                values.append(evaluate(side.expr, side.free, side.ranges, draw, spec.nodes))
            except DrawFailed as exc:
                values.append(exc)
            except Undecidable as exc:
                return Outcome("undecided", str(exc), f"无法数值计算：{exc}")
        va, vb = values
        if isinstance(va, DrawFailed) and isinstance(vb, DrawFailed):
            continue
        if isinstance(vb, DrawFailed):
            return _fails_alone(vb, "the right side", "右边", "the left side", "左边")
        if isinstance(va, DrawFailed):
            return _fails_alone(va, "the left side", "左边", "the right side", "右边")
        approx = va[1] or vb[1]
        approximate |= approx
        if not close(va[0], vb[0], approx):
            return Outcome("differ")
        agreed += 1
    if agreed < 2:
        return Outcome("undecided", "too few random draws could be evaluated", "能计算的随机样本太少")
    return Outcome("equal", approximate=approximate)
