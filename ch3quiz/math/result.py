"""The verdicts the checker hands out (plain data, JSON-ready; no numpy, no SymPy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

VERDICTS = ("correct", "incorrect", "invalid", "undecided")


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """One answer's verdict.

    ``verdict``: correct | incorrect | invalid (the text cannot be read) | undecided
    (read, but the checker cannot tell; says why). ``method``: the layer that decided
    (parse, shape, numeric, symbolic). ``mistake``: a tag from the question's catalogue or
    the generic near-miss detector, or None.
    """

    question_id: str
    verdict: str
    reading: str
    method: str
    mistake: str | None
    message: str
    message_zh: str
    shape: tuple[str, str] | None = None
    column: int | None = None
    caret: str | None = None

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.question_id,
            "verdict": self.verdict,
            "reading": self.reading,
            "method": self.method,
            "mistake": self.mistake,
            "message": self.message,
            "message_zh": self.message_zh,
        }
        if self.shape is not None:
            data["shape"] = "scalar" if self.shape == ("1", "1") else f"{self.shape[0]} x {self.shape[1]}"
        if self.column is not None:
            data["column"] = self.column
        return data


MARKS = {"ok": "✓", "side": "·", "jump": "↷", "wrong": "✗", "invalid": "⚠", "undecided": "?"}


@dataclass(frozen=True, kw_only=True)
class LineResult:
    """One line of a derivation. ``verdict``: ok | wrong | invalid | undecided (what decides the derivation);
    ``mark``: the same, except that a true side fact (∂A/∂Z = σ′(Z), the loss restated) is ``side`` and the true
    line of a derivation that goes straight to the result without showing steps is ``jump`` (advice, not wrong).
    ``mistake``: the tag ``check`` would give the wrong side; ``note``: how the line was read (the reading of
    ∂A/∂Z used, the layers a general ``l`` was checked at) and what a correct step did."""

    number: int  # 1-based
    text: str
    verdict: str  # ok | wrong | invalid | undecided
    reading: str
    message: str
    message_zh: str
    mark: str = ""
    mistake: str | None = None
    note: str = ""
    note_zh: str = ""

    @property
    def symbol(self) -> str:
        return MARKS.get(self.mark or self.verdict, "?")

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.number, "text": self.text, "verdict": self.verdict, "mark": self.mark or self.verdict,
                "reading": self.reading, "mistake": self.mistake, "message": self.message,
                "message_zh": self.message_zh, "note": self.note, "note_zh": self.note_zh}


@dataclass(frozen=True, kw_only=True)
class DerivationResult:
    """A derivation checked line by line; ``first_wrong`` is the 1-based number of the first bad line."""

    question_id: str
    verdict: str  # correct | incorrect | invalid | undecided
    lines: tuple[LineResult, ...]
    first_wrong: int | None
    reaches_target: bool
    message: str
    message_zh: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.question_id, "verdict": self.verdict, "first_wrong": self.first_wrong,
                "reaches_target": self.reaches_target, "message": self.message, "message_zh": self.message_zh,
                "advice": self.extra.get("advice"), "lines": [line.to_dict() for line in self.lines]}
